/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-sniff.c
 *
 * A port that accepts may not be the service the link needs: a firewall
 * that accepts every SYN, a balancer with nothing behind it, or SSH where
 * PostgreSQL should be. Whatever a server sends first, or answers to a
 * check's request, is matched here against the first bytes of common
 * protocols, so a check can say "SSH-2.0-OpenSSH_9.2 answered on the
 * PostgreSQL port" instead of "open".
 *
 * Each matcher looks only at the bytes it is given and says whether they
 * speak its protocol, may once more come, or cannot; what it rules out
 * stays ruled out however many bytes follow. Every length field is
 * checked against what arrived; nothing here reads past @length.
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "portolan-sniff-private.h"

/* Where a line must have ended: SSH allows 255 bytes, the others less */
#define MAX_LINE 255

typedef PortolanSniff (*Matcher) (const guint8 *data,
                                  gsize         length,
                                  gboolean      complete,
                                  char        **banner);

static const struct
{
  const char *id;
  const char *name;
} wires[PORTOLAN_N_WIRES] = {
  [PORTOLAN_WIRE_HTTP]         = { "http", N_("HTTP") },
  [PORTOLAN_WIRE_TLS]          = { "tls", N_("TLS") },
  [PORTOLAN_WIRE_SSH]          = { "ssh", N_("SSH") },
  [PORTOLAN_WIRE_RFB]          = { "rfb", N_("VNC (RFB)") },
  [PORTOLAN_WIRE_OPENWIRE]     = { "openwire", N_("ActiveMQ (OpenWire)") },
  [PORTOLAN_WIRE_POSTGRESQL]   = { "postgresql", N_("PostgreSQL") },
  [PORTOLAN_WIRE_LDAP]         = { "ldap", N_("LDAP") },
  [PORTOLAN_WIRE_GREETING_220] = { "smtp-or-ftp", N_("SMTP or FTP") },
  [PORTOLAN_WIRE_MYSQL]        = { "mysql", N_("MySQL or MariaDB") },
  [PORTOLAN_WIRE_REDIS]        = { "redis", N_("Redis") },
};

/* Bytes as a banner: printable ASCII, anything else as '?', blanks at
 * the ends dropped, at most PORTOLAN_SNIFF_MAX_BANNER long */
static char *
printable (const guint8 *data,
           gsize         length)
{
  GString *text = g_string_sized_new (MIN (length, PORTOLAN_SNIFF_MAX_BANNER));

  for (gsize i = 0; i < length && text->len < PORTOLAN_SNIFF_MAX_BANNER; i++)
    g_string_append_c (text, data[i] >= 0x20 && data[i] < 0x7f ? (char) data[i] : '?');

  g_strstrip (text->str);
  text->len = strlen (text->str);
  if (text->len == 0)
    return (g_string_free (text, TRUE), NULL);

  return g_string_free (text, FALSE);
}

/* The length of the line that starts @data, without its CR LF, or -1
 * while no newline has come within MAX_LINE */
static gssize
line_length (const guint8 *data,
             gsize         length)
{
  const guint8 *newline = memchr (data, '\n', MIN (length, MAX_LINE));

  if (newline == NULL)
    return -1;

  return newline - data > 0 && newline[-1] == '\r' ? newline - data - 1 : newline - data;
}

/* The first line as the banner, once it has ended, or whatever came when
 * no more will */
static PortolanSniff
take_line (const guint8 *data,
           gsize         length,
           gboolean      complete,
           char        **banner)
{
  gssize line = line_length (data, length);

  if (line < 0 && !complete && length < MAX_LINE)
    return PORTOLAN_SNIFF_NEED_MORE;

  *banner = printable (data, line < 0 ? MIN (length, MAX_LINE) : (gsize) line);
  return PORTOLAN_SNIFF_NAMED;
}

/* @data against the start of @literal: a match once all of it came */
static PortolanSniff
match_literal (const guint8 *data,
               gsize         length,
               const char   *literal)
{
  gsize size = strlen (literal);

  if (memcmp (data, literal, MIN (length, size)) != 0)
    return PORTOLAN_SNIFF_UNKNOWN;

  return length >= size ? PORTOLAN_SNIFF_NAMED : PORTOLAN_SNIFF_NEED_MORE;
}

/* A prefix that may still become a match, unless no more bytes come */
static PortolanSniff
prefix (gboolean complete)
{
  return complete ? PORTOLAN_SNIFF_UNKNOWN : PORTOLAN_SNIFF_NEED_MORE;
}

static guint32
read_be32 (const guint8 *data)
{
  return (guint32) data[0] << 24 | (guint32) data[1] << 16 | (guint32) data[2] << 8 | data[3];
}

/* "HTTP/1.1 400 Bad Request", with the Server header when the head has one */
static PortolanSniff
match_http (const guint8 *data,
            gsize         length,
            gboolean      complete,
            char        **banner)
{
  PortolanSniff literal = match_literal (data, length, "HTTP/");
  gssize line;

  if (literal != PORTOLAN_SNIFF_NAMED)
    return literal == PORTOLAN_SNIFF_NEED_MORE ? prefix (complete) : literal;
  if (length == 5)
    return prefix (complete);
  if (!g_ascii_isdigit (data[5]))
    return PORTOLAN_SNIFF_UNKNOWN;

  line = line_length (data, length);
  if (line < 0 && !complete && length < MAX_LINE)
    return PORTOLAN_SNIFF_NEED_MORE;

  *banner = printable (data, line < 0 ? MIN (length, MAX_LINE) : (gsize) line);

  /* The server's name is worth more than its status line */
  for (gsize at = line < 0 ? length : (gsize) line; at + 9 < length; at++)
    {
      gssize value;

      if (data[at] == '\n' && (data[at + 1] == '\r' || data[at + 1] == '\n'))
        break;
      if (data[at] != '\n' || g_ascii_strncasecmp ((const char *) data + at + 1, "server:", 7) != 0)
        continue;

      value = line_length (data + at + 8, length - at - 8);
      if (value > 0)
        {
          g_autofree char *server = printable (data + at + 8, value);

          if (server != NULL)
            {
              g_free (*banner);
              *banner = g_steal_pointer (&server);
            }
        }
      break;
    }

  return PORTOLAN_SNIFF_NAMED;
}

/* A TLS record: content type, version 3.x, a length no record exceeds */
static PortolanSniff
match_tls (const guint8 *data,
           gsize         length,
           gboolean      complete,
           char        **banner)
{
  if (data[0] < 0x14 || data[0] > 0x17)
    return PORTOLAN_SNIFF_UNKNOWN;
  if (length >= 2 && data[1] != 0x03)
    return PORTOLAN_SNIFF_UNKNOWN;
  if (length >= 3 && data[2] > 0x04)
    return PORTOLAN_SNIFF_UNKNOWN;
  if (length < 5)
    return prefix (complete);
  if ((data[3] << 8 | data[4]) > 16384 + 2048 || (data[3] << 8 | data[4]) == 0)
    return PORTOLAN_SNIFF_UNKNOWN;

  if (data[0] == 0x15 && length >= 7)
    *banner = g_strdup_printf ("TLS alert %u", data[6]);
  return PORTOLAN_SNIFF_NAMED;
}

/* "SSH-2.0-OpenSSH_9.2p1 Debian-2" */
static PortolanSniff
match_ssh (const guint8 *data,
           gsize         length,
           gboolean      complete,
           char        **banner)
{
  PortolanSniff literal = match_literal (data, length, "SSH-");

  if (literal != PORTOLAN_SNIFF_NAMED)
    return literal == PORTOLAN_SNIFF_NEED_MORE ? prefix (complete) : literal;

  return take_line (data, length, complete, banner);
}

/* "RFB 003.008\n", exactly */
static PortolanSniff
match_rfb (const guint8 *data,
           gsize         length,
           gboolean      complete,
           char        **banner)
{
  static const char shape[] = "RFB 999.999\n";

  for (gsize i = 0; i < MIN (length, sizeof shape - 1); i++)
    if (shape[i] == '9' ? !g_ascii_isdigit (data[i]) : data[i] != (guint8) shape[i])
      return PORTOLAN_SNIFF_UNKNOWN;

  if (length < sizeof shape - 1)
    return prefix (complete);

  *banner = printable (data, sizeof shape - 2);
  return PORTOLAN_SNIFF_NAMED;
}

/* WireFormatInfo: a size under 64 KiB, type 1, the magic "ActiveMQ",
 * then the broker's OpenWire version */
static PortolanSniff
match_openwire (const guint8 *data,
                gsize         length,
                gboolean      complete,
                char        **banner)
{
  static const guint8 start[] = { 0x00, 0x00, 0xff, 0xff, 0x01, 'A', 'c', 't', 'i', 'v', 'e', 'M', 'Q' };

  for (gsize i = 0; i < MIN (length, sizeof start); i++)
    if (i != 2 && i != 3 && data[i] != start[i])
      return PORTOLAN_SNIFF_UNKNOWN;

  if (length < sizeof start + 4)
    {
      if (!complete)
        return PORTOLAN_SNIFF_NEED_MORE;
      return length >= sizeof start ? PORTOLAN_SNIFF_NAMED : PORTOLAN_SNIFF_UNKNOWN;
    }

  *banner = g_strdup_printf ("OpenWire %u", read_be32 (data + sizeof start));
  return PORTOLAN_SNIFF_NAMED;
}

/* An ErrorResponse ('E', a length, then fields), as PostgreSQL answers
 * what it does not understand: "FATAL: unsupported frontend protocol" */
static PortolanSniff
match_postgresql (const guint8 *data,
                  gsize         length,
                  gboolean      complete,
                  char        **banner)
{
  guint32 size;
  gsize end;
  const char *severity = NULL, *message = NULL;
  gsize severity_length = 0, message_length = 0;

  if (data[0] != 'E')
    return PORTOLAN_SNIFF_UNKNOWN;
  if (length >= 2 && data[1] != 0)
    return PORTOLAN_SNIFF_UNKNOWN;
  if (length >= 3 && data[2] > 1)
    return PORTOLAN_SNIFF_UNKNOWN;
  if (length < 6)
    return prefix (complete);

  size = read_be32 (data + 1);
  if (size < 8 || size > 65536 || strchr ("SVCMDHPpqWsFLR", data[5]) == NULL || data[5] == '\0')
    return PORTOLAN_SNIFF_UNKNOWN;
  if (length < size + 1 && !complete)
    return PORTOLAN_SNIFF_NEED_MORE;

  /* Fields: a code byte, then text up to a NUL */
  end = MIN (length, size + 1);
  for (gsize at = 5; at < end && data[at] != '\0';)
    {
      const guint8 *nul = memchr (data + at + 1, '\0', end - at - 1);
      gsize text_length = (nul != NULL ? (gsize) (nul - data) : end) - at - 1;

      if (data[at] == 'S' || data[at] == 'V')
        severity = (const char *) data + at + 1, severity_length = text_length;
      else if (data[at] == 'M')
        message = (const char *) data + at + 1, message_length = text_length;
      if (nul == NULL)
        break;
      at = nul - data + 1;
    }

  if (message != NULL)
    {
      g_autofree char *text = printable ((const guint8 *) message, message_length);
      g_autofree char *level = severity != NULL ? printable ((const guint8 *) severity, severity_length) : NULL;

      if (text != NULL && level != NULL)
        {
          /* Printable ASCII both: cut anywhere */
          *banner = g_strdup_printf ("%s: %s", level, text);
          (*banner)[MIN (strlen (*banner), PORTOLAN_SNIFF_MAX_BANNER)] = '\0';
        }
      else
        *banner = g_steal_pointer (&text);
    }
  return PORTOLAN_SNIFF_NAMED;
}

/* An LDAPMessage: SEQUENCE { messageID INTEGER, protocolOp [APPLICATION n] } */
static PortolanSniff
match_ldap (const guint8 *data,
            gsize         length,
            gboolean      complete,
            char        **banner)
{
  gsize at = 1;
  guint id_length;
  guint8 op;

  if (data[0] != 0x30)
    return PORTOLAN_SNIFF_UNKNOWN;
  if (length < 2)
    return prefix (complete);

  if (data[1] == 0x81 || data[1] == 0x82 || data[1] == 0x84)
    at += 1 + (data[1] & 0x0f);
  else if (data[1] & 0x80)
    return PORTOLAN_SNIFF_UNKNOWN;
  else
    at += 1;

  if (length < at + 2)
    return prefix (complete);
  if (data[at] != 0x02 || data[at + 1] < 1 || data[at + 1] > 4)
    return PORTOLAN_SNIFF_UNKNOWN;

  id_length = data[at + 1];
  at += 2 + id_length;
  if (length < at + 1)
    return prefix (complete);

  /* The responses: bind, search entry, done and reference, modify, add,
   * delete, modify DN, compare, extended, intermediate */
  op = data[at];
  if (op == 0 || memchr ("\x61\x64\x65\x73\x67\x69\x6b\x6d\x6f\x78\x79", op, 11) == NULL)
    return PORTOLAN_SNIFF_UNKNOWN;

  /* Active Directory says goodbye to a stranger with an unsolicited
   * ExtendedResponse, message 0 */
  if (op == 0x78 && id_length == 1 && data[at - 1] == 0)
    *banner = g_strdup ("LDAP notice of disconnection");
  return PORTOLAN_SNIFF_NAMED;
}

/* "220 mail.example.com ESMTP Postfix", "220-FileZilla Server" */
static PortolanSniff
match_greeting_220 (const guint8 *data,
                    gsize         length,
                    gboolean      complete,
                    char        **banner)
{
  PortolanSniff literal = match_literal (data, length, "220");

  if (literal != PORTOLAN_SNIFF_NAMED)
    return literal == PORTOLAN_SNIFF_NEED_MORE ? prefix (complete) : literal;
  if (length == 3)
    return prefix (complete);
  if (data[3] != ' ' && data[3] != '-' && data[3] != '\r' && data[3] != '\n')
    return PORTOLAN_SNIFF_UNKNOWN;

  return take_line (data, length, complete, banner);
}

/* The server's first packet: a 3-byte length, sequence 0, then either
 * protocol 10 with the version as a C string, or an error (0xff) */
static PortolanSniff
match_mysql (const guint8 *data,
             gsize         length,
             gboolean      complete,
             char        **banner)
{
  gsize size, end;
  const guint8 *nul;

  if (length >= 2 && data[1] > 0x04)
    return PORTOLAN_SNIFF_UNKNOWN;
  if (length >= 3 && data[2] != 0)
    return PORTOLAN_SNIFF_UNKNOWN;
  if (length >= 4 && data[3] != 0)
    return PORTOLAN_SNIFF_UNKNOWN;
  if (length >= 5 && data[4] != 0x0a && data[4] != 0xff)
    return PORTOLAN_SNIFF_UNKNOWN;
  if (length < 6)
    return prefix (complete);

  size = data[0] | data[1] << 8;
  if (size < 2)
    return PORTOLAN_SNIFF_UNKNOWN;
  end = MIN (length, 4 + size);

  if (data[4] == 0xff)
    {
      /* An error: a 2-byte code, then the message */
      if (size < 3)
        return PORTOLAN_SNIFF_UNKNOWN;
      if (length < 4 + size && !complete)
        return PORTOLAN_SNIFF_NEED_MORE;
      if (end > 7)
        *banner = printable (data + 7, end - 7);
      return PORTOLAN_SNIFF_NAMED;
    }

  /* A greeting's version: printable, ended by a NUL within the packet */
  nul = memchr (data + 5, '\0', end - 5);
  if (nul == NULL)
    return (length < 4 + size && !complete) ? PORTOLAN_SNIFF_NEED_MORE : PORTOLAN_SNIFF_UNKNOWN;
  if (nul == data + 5)
    return PORTOLAN_SNIFF_UNKNOWN;
  for (const guint8 *c = data + 5; c < nul; c++)
    if (*c < 0x20 || *c >= 0x7f)
      return PORTOLAN_SNIFF_UNKNOWN;

  *banner = printable (data + 5, nul - data - 5);
  return PORTOLAN_SNIFF_NAMED;
}

/* "-ERR unknown command", "-NOAUTH Authentication required." */
static PortolanSniff
match_redis (const guint8 *data,
             gsize         length,
             gboolean      complete,
             char        **banner)
{
  static const char * const errors[] = { "-ERR ", "-NOAUTH ", "-DENIED ", "-WRONGPASS " };
  gboolean may_become = FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (errors); i++)
    {
      PortolanSniff literal = match_literal (data, length, errors[i]);

      if (literal == PORTOLAN_SNIFF_NAMED)
        return take_line (data, length, complete, banner);
      may_become |= literal == PORTOLAN_SNIFF_NEED_MORE;
    }

  return may_become ? prefix (complete) : PORTOLAN_SNIFF_UNKNOWN;
}

static const Matcher matchers[PORTOLAN_N_WIRES] = {
  [PORTOLAN_WIRE_HTTP]         = match_http,
  [PORTOLAN_WIRE_TLS]          = match_tls,
  [PORTOLAN_WIRE_SSH]          = match_ssh,
  [PORTOLAN_WIRE_RFB]          = match_rfb,
  [PORTOLAN_WIRE_OPENWIRE]     = match_openwire,
  [PORTOLAN_WIRE_POSTGRESQL]   = match_postgresql,
  [PORTOLAN_WIRE_LDAP]         = match_ldap,
  [PORTOLAN_WIRE_GREETING_220] = match_greeting_220,
  [PORTOLAN_WIRE_MYSQL]        = match_mysql,
  [PORTOLAN_WIRE_REDIS]        = match_redis,
};

/**
 * _portolan_sniff:
 * @data: the first bytes a server sent
 * @length: how many
 * @complete: %TRUE when no more will come (closed, timed out, or the
 *   caller's limit reached)
 * @wire: (out): the protocol, when named
 * @banner: (out) (transfer full) (nullable): what it said of itself,
 *   printable ASCII, when named: "SSH-2.0-OpenSSH_9.2", "nginx/1.22.1"
 *
 * Which common protocol @data speaks. %PORTOLAN_SNIFF_NEED_MORE only
 * while @complete is %FALSE and the bytes could still become one; called
 * again with more of the same answer, the outcome only gets firmer.
 */
PortolanSniff
_portolan_sniff (const guint8  *data,
                 gsize          length,
                 gboolean       complete,
                 PortolanWire  *wire,
                 char         **banner)
{
  g_return_val_if_fail (data != NULL || length == 0, PORTOLAN_SNIFF_UNKNOWN);
  g_return_val_if_fail (wire != NULL && banner != NULL, PORTOLAN_SNIFF_UNKNOWN);

  *banner = NULL;
  if (length == 0)
    return complete ? PORTOLAN_SNIFF_UNKNOWN : PORTOLAN_SNIFF_NEED_MORE;

  /* A few answers fit two signatures ('E', then a PostgreSQL length that
   * reads as a MySQL error). The first matcher that has not ruled the
   * bytes out decides, so more bytes never switch from one to another */
  for (guint i = 0; i < PORTOLAN_N_WIRES; i++)
    {
      PortolanSniff outcome = matchers[i] (data, length, complete, banner);

      if (outcome == PORTOLAN_SNIFF_NAMED)
        *wire = i;
      if (outcome != PORTOLAN_SNIFF_UNKNOWN)
        return outcome;
      g_assert (*banner == NULL);
    }

  return PORTOLAN_SNIFF_UNKNOWN;
}

/* "PostgreSQL", "SMTP or FTP": for "… answered on the LDAP port" */
const char *
_portolan_wire_get_name (PortolanWire wire)
{
  g_return_val_if_fail (wire < PORTOLAN_N_WIRES, NULL);

  return g_dgettext (GETTEXT_PACKAGE, wires[wire].name);
}

/* "postgresql", "smtp-or-ftp": the id in JSON */
const char *
_portolan_wire_to_string (PortolanWire wire)
{
  g_return_val_if_fail (wire < PORTOLAN_N_WIRES, NULL);

  return wires[wire].id;
}
