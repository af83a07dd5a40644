/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-tns.c: an Oracle TNS CONNECT asking the listener its version, and what answers it
 *
 * (CONNECT_DATA=(COMMAND=version)) is what `lsnrctl version` and
 * tnscmd send; no session is opened and nothing is logged in. A
 * listener answers with ACCEPT, REFUSE (the usual one since 10g: "not
 * allowed from a remote host", ERR=1189), REDIRECT or RESEND, each a
 * TNS packet of its own. REFUSE and ACCEPT carry a text like
 * (DESCRIPTION=(TMP=)(VSNNUM=318767104)(ERR=0)), whose VSNNUM is the
 * listener's version as one number.
 *
 * The CONNECT says protocol version 314, below 315, from which on a
 * listener may use 4-byte packet lengths, so every answer here has the
 * 2-byte length and a zero packet checksum.
 */
#include "config.h"

#include <string.h>

#include "portolan-protocols-private.h"

#define HEADER_LENGTH     8

#define TYPE_CONNECT      1
#define TYPE_ACCEPT       2
#define TYPE_REFUSE       4
#define TYPE_REDIRECT     5
#define TYPE_RESEND       11

#define TNS_VERSION       0x013a
#define TNS_COMPATIBLE    0x012c
#define SDU               0x0800
#define TDU               0x7fff
#define NT_CHARACTERISTICS 0x7f08

/* Where the connect data starts, as tnscmd and lsnrctl put it: after the
 * CONNECT fields, the trace items and 8 more zero bytes */
#define CONNECT_DATA_OFFSET 58
/* Longer connect data goes in a DATA packet of its own; stay below it */
#define MAX_CONNECT_DATA  230
#define MAX_HOST          128

/* The smallest packet of each type: its fixed fields */
#define ACCEPT_LENGTH     24
#define REFUSE_LENGTH     12
#define REDIRECT_LENGTH   10

/* A VSNNUM or ERR has at most ten digits */
#define MAX_DIGITS        10

static void
put_u16 (guint8  *data,
         guint16  value)
{
  data[0] = value >> 8;
  data[1] = value & 0xff;
}

static guint16
read_u16 (const guint8 *data)
{
  return (guint16) (data[0] << 8 | data[1]);
}

/* Only characters of a host name or an address: anything else would
 * end or change the (HOST=…) it goes into */
static gboolean
is_plain_host (const char *host)
{
  gsize length = strlen (host);

  if (length == 0 || length > MAX_HOST)
    return FALSE;
  for (const char *c = host; *c != '\0'; c++)
    if (!g_ascii_isalnum (*c) && strchr (".-_:%", *c) == NULL)
      return FALSE;

  return TRUE;
}

static char *
build_connect_data (const char *host,
                    guint16     port)
{
  /* The listener asks nothing of the address; it names the target as
   * lsnrctl does, and is left out when the host would not fit in it */
  if (host == NULL || !is_plain_host (host))
    return g_strdup ("(CONNECT_DATA=(COMMAND=version))");

  return g_strdup_printf ("(DESCRIPTION=(CONNECT_DATA=(COMMAND=version))"
                          "(ADDRESS=(PROTOCOL=TCP)(HOST=%s)(PORT=%u)))", host, port);
}

GBytes *
_portolan_tns_build_request (const char *host,
                             guint16     port)
{
  g_autofree char *connect_data = build_connect_data (host, port);
  gsize data_length = strlen (connect_data);
  gsize length = CONNECT_DATA_OFFSET + data_length;
  guint8 *packet;

  g_assert (data_length <= MAX_CONNECT_DATA);
  packet = g_malloc0 (length);

  /* The header: length, packet checksum 0, type, flags, header checksum 0 */
  put_u16 (packet, length);
  packet[4] = TYPE_CONNECT;
  /* The CONNECT fields; the rest stays zero: no service options, line
   * turnaround 0, no connect flags, no trace items */
  put_u16 (packet + 8, TNS_VERSION);
  put_u16 (packet + 10, TNS_COMPATIBLE);
  put_u16 (packet + 14, SDU);
  put_u16 (packet + 16, TDU);
  put_u16 (packet + 18, NT_CHARACTERISTICS);
  /* "Value of 1 in hardware": 1 in the sender's byte order */
  put_u16 (packet + 22, 0x0001);
  put_u16 (packet + 24, data_length);
  put_u16 (packet + 26, CONNECT_DATA_OFFSET);
  memcpy (packet + CONNECT_DATA_OFFSET, connect_data, data_length);

  return g_bytes_new_take (packet, length);
}

static gsize
minimum_length (guint8 type)
{
  switch (type)
    {
    case TYPE_ACCEPT:
      return ACCEPT_LENGTH;
    case TYPE_REFUSE:
      return REFUSE_LENGTH;
    case TYPE_REDIRECT:
      return REDIRECT_LENGTH;
    case TYPE_RESEND:
      return HEADER_LENGTH;
    default:
      return 0;
    }
}

/* The text a packet of @length carries, if any: where its own length
 * field says, cut to the packet, since a longer text would follow in a
 * DATA packet this does not read */
static void
find_text (const guint8  *packet,
           gsize          length,
           const guint8 **text,
           gsize         *text_length)
{
  gsize start = 0, size = 0;

  switch (packet[4])
    {
    case TYPE_ACCEPT:
      size = read_u16 (packet + 18);
      start = read_u16 (packet + 20);
      break;
    case TYPE_REFUSE:
      size = read_u16 (packet + 10);
      start = REFUSE_LENGTH;
      break;
    case TYPE_REDIRECT:
      size = read_u16 (packet + 8);
      start = REDIRECT_LENGTH;
      break;
    default:
      break;
    }

  if (start < minimum_length (packet[4]) || start >= length)
    size = 0;
  *text = packet + MIN (start, length);
  *text_length = MIN (size, length - MIN (start, length));
}

/* The number after "(@key=" in @text, the first time it is there */
static gboolean
find_number (const guint8 *text,
             gsize         length,
             const char   *key,
             guint32      *value)
{
  gsize key_length = strlen (key);

  for (gsize i = 0; i + key_length <= length; i++)
    {
      guint64 number = 0;
      gsize digits = 0;

      if (g_ascii_strncasecmp ((const char *) text + i, key, key_length) != 0)
        continue;

      for (gsize j = i + key_length; j < length && g_ascii_isdigit (text[j]); j++, digits++)
        {
          /* Longer is no number Oracle writes: not cut to one it did not */
          if (digits == MAX_DIGITS)
            return FALSE;
          number = number * 10 + (text[j] - '0');
        }

      if (digits == 0 || number > G_MAXUINT32)
        return FALSE;
      *value = (guint32) number;
      return TRUE;
    }

  return FALSE;
}

/* Oracle's name of a major release: 11g, 19c, 23ai */
static char *
release_name (guint major)
{
  if (major >= 23)
    return g_strdup_printf ("%uai", major);
  if (major >= 12)
    return g_strdup_printf ("%uc", major);
  if (major >= 10)
    return g_strdup_printf ("%ug", major);
  if (major >= 8)
    return g_strdup_printf ("%ui", major);
  return NULL;
}

static void
describe (const guint8        *text,
          gsize                length,
          PortolanServiceInfo *info)
{
  guint32 vsnnum, err;

  portolan_service_info_set_answered (info, "tns");

  /* VSNNUM=0 is what a listener says when it keeps its version to itself */
  if (find_number (text, length, "(VSNNUM=", &vsnnum) && vsnnum != 0)
    {
      g_autofree char *version = NULL;
      g_autofree char *release = release_name (vsnnum >> 24);

      /* major 8 bits, maintenance 4, application server 8, component 4, platform 8 */
      version = g_strdup_printf ("%u.%u.%u.%u.%u", vsnnum >> 24, (vsnnum >> 20) & 0xf,
                                 (vsnnum >> 12) & 0xff, (vsnnum >> 8) & 0xf, vsnnum & 0xff);
      portolan_service_info_set_version (info, version);
      portolan_service_info_add_fact (info, "release", release);
    }

  if (find_number (text, length, "(ERR=", &err))
    {
      g_autofree char *status = g_strdup_printf ("%u", err);

      portolan_service_info_add_fact (info, "status", status);
    }
}

PortolanAnswer
_portolan_tns_parse (const guint8        *data,
                     gsize                length,
                     gboolean             complete,
                     PortolanServiceInfo *info)
{
  gsize packet_length = 0;
  const guint8 *text;
  gsize text_length;

  if (length >= 2)
    {
      packet_length = read_u16 (data);
      if (packet_length < HEADER_LENGTH)
        return PORTOLAN_ANSWER_MISMATCH;
    }
  /* The packet checksum is never used before a session is set up */
  if ((length >= 3 && data[2] != 0) || (length >= 4 && data[3] != 0))
    return PORTOLAN_ANSWER_MISMATCH;
  if (length >= 5 && (minimum_length (data[4]) == 0 || packet_length < minimum_length (data[4])))
    return PORTOLAN_ANSWER_MISMATCH;
  /* Nor the header checksum */
  if ((length >= 7 && data[6] != 0) || (length >= 8 && data[7] != 0))
    return PORTOLAN_ANSWER_MISMATCH;

  if (length < HEADER_LENGTH || length < packet_length)
    return complete ? PORTOLAN_ANSWER_MISMATCH : PORTOLAN_ANSWER_NEED_MORE;

  find_text (data, packet_length, &text, &text_length);
  describe (text, text_length, info);
  return PORTOLAN_ANSWER_MATCHED;
}
