/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-sniff.c: naming a protocol from a server's first bytes */
#include "config.h"

#include <string.h>

#include "portolan-sniff-private.h"

typedef struct
{
  const char   *name;
  const char   *bytes;
  gsize         length;
  PortolanWire  wire;
  const char   *banner;   /* NULL: none */
} Sample;

#define BYTES(s) s, sizeof s - 1

/* What real servers send, byte for byte (the MySQL greeting shortened
 * after its version, which is all that is read) */
static const Sample samples[] = {
  { "openssh", BYTES ("SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n"),
    PORTOLAN_WIRE_SSH, "SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3" },
  { "nginx", BYTES ("HTTP/1.1 400 Bad Request\r\nServer: nginx/1.22.1\r\nDate: Thu, 03 Dec 2026 17:00:00 GMT\r\n"
                    "Content-Type: text/html\r\nContent-Length: 157\r\n\r\n<html>"),
    PORTOLAN_WIRE_HTTP, "nginx/1.22.1" },
  { "http-without-server", BYTES ("HTTP/1.0 404 Not Found\r\nContent-Length: 0\r\n\r\n"),
    PORTOLAN_WIRE_HTTP, "HTTP/1.0 404 Not Found" },
  { "tls-alert", BYTES ("\x15\x03\x03\x00\x02\x02\x28"), PORTOLAN_WIRE_TLS, "TLS alert 40" },
  { "tls-server-hello", BYTES ("\x16\x03\x03\x00\x5a\x02\x00\x00\x56\x03\x03"), PORTOLAN_WIRE_TLS, NULL },
  { "x11vnc", BYTES ("RFB 003.008\n"), PORTOLAN_WIRE_RFB, "RFB 003.008" },
  { "activemq", BYTES ("\x00\x00\x01\x0a\x01" "ActiveMQ" "\x00\x00\x00\x0c\x01\x00\x00\x00\xf8"),
    PORTOLAN_WIRE_OPENWIRE, "OpenWire 12" },
  { "postgresql", BYTES ("E\x00\x00\x00\x6dSFATAL\0VFATAL\0C0A000\0Munsupported frontend protocol 5635.1234\0"
                         "Fpostmaster.c\0L2214\0RProcessStartupPacket\0\0"),
    PORTOLAN_WIRE_POSTGRESQL, "FATAL: unsupported frontend protocol 5635.1234" },
  { "ldap-search-done", BYTES ("\x30\x0c\x02\x01\x01\x65\x07\x0a\x01\x00\x04\x00\x04\x00"), PORTOLAN_WIRE_LDAP, NULL },
  { "ad-notice-of-disconnection", BYTES ("\x30\x84\x00\x00\x00\x0c\x02\x01\x00\x78\x07\x0a\x01\x02\x04\x00\x04\x00"),
    PORTOLAN_WIRE_LDAP, "LDAP notice of disconnection" },
  { "postfix", BYTES ("220 mail.example.com ESMTP Postfix (Debian/GNU)\r\n"),
    PORTOLAN_WIRE_GREETING_220, "220 mail.example.com ESMTP Postfix (Debian/GNU)" },
  { "vsftpd-multiline", BYTES ("220-Welcome\r\n220 ready\r\n"), PORTOLAN_WIRE_GREETING_220, "220-Welcome" },
  { "mariadb", BYTES ("\x5b\x00\x00\x00\x0a" "5.5.5-10.11.6-MariaDB-0+deb12u1\0\x08\x00\x00\x00"),
    PORTOLAN_WIRE_MYSQL, "5.5.5-10.11.6-MariaDB-0+deb12u1" },
  { "mysql-refuses-host", BYTES ("\x41\x00\x00\x00\xff\x6a\x04Host '10.0.0.5' is not allowed to connect to this MySQL server"),
    PORTOLAN_WIRE_MYSQL, "Host '10.0.0.5' is not allowed to connect to this MySQL server" },
  { "redis", BYTES ("-ERR unknown command 'GET', with args beginning with: '/' \r\n"),
    PORTOLAN_WIRE_REDIS, "-ERR unknown command 'GET', with args beginning with: '/'" },
};

static PortolanSniff
sniff (const char    *bytes,
       gsize          length,
       gboolean       complete,
       PortolanWire  *wire,
       char         **banner)
{
  return _portolan_sniff ((const guint8 *) bytes, length, complete, wire, banner);
}

static void
test_samples (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (samples); i++)
    {
      const Sample *sample = &samples[i];
      g_autofree char *banner = NULL;
      PortolanWire wire = PORTOLAN_N_WIRES;

      g_test_message ("%s", sample->name);
      g_assert_cmpint (sniff (sample->bytes, sample->length, FALSE, &wire, &banner), ==, PORTOLAN_SNIFF_NAMED);
      g_assert_cmpint (wire, ==, sample->wire);
      g_assert_cmpstr (banner, ==, sample->banner);
    }
}

/* Read by read, an answer is never given up on before it has come whole,
 * and once named it stays named the same */
static void
test_prefixes (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (samples); i++)
    {
      const Sample *sample = &samples[i];
      gboolean named = FALSE;

      for (gsize length = 0; length <= sample->length; length++)
        {
          g_autofree char *banner = NULL;
          PortolanWire wire = PORTOLAN_N_WIRES;
          PortolanSniff outcome = sniff (sample->bytes, length, FALSE, &wire, &banner);

          g_test_message ("%s, %" G_GSIZE_FORMAT " bytes", sample->name, length);
          g_assert_cmpint (outcome, !=, PORTOLAN_SNIFF_UNKNOWN);
          if (named)
            g_assert_cmpint (outcome, ==, PORTOLAN_SNIFF_NAMED);
          if (outcome == PORTOLAN_SNIFF_NAMED)
            {
              g_assert_cmpint (wire, ==, sample->wire);
              named = TRUE;
            }
          else
            g_assert_null (banner);
        }
      g_assert_true (named);
    }
}

static void
assert_unknown (const char *bytes,
                gsize       length)
{
  g_autofree char *banner = NULL;
  PortolanWire wire = PORTOLAN_N_WIRES;

  g_assert_cmpint (sniff (bytes, length, TRUE, &wire, &banner), ==, PORTOLAN_SNIFF_UNKNOWN);
  g_assert_null (banner);
  g_assert_cmpint (wire, ==, PORTOLAN_N_WIRES);
}

static void
test_unknown (void)
{
  assert_unknown (BYTES (""));
  assert_unknown (BYTES ("hello\n"));
  assert_unknown (BYTES ("{\"status\": \"ok\"}"));
  assert_unknown (BYTES ("\0\0\0\0\0\0\0\0"));
  assert_unknown (BYTES ("HTTPS/1.1 200 OK\r\n"));
  assert_unknown (BYTES ("SSH"));
  assert_unknown (BYTES ("RFB 3.8\n"));
  assert_unknown (BYTES ("2200 items\r\n"));
  assert_unknown (BYTES ("-ERRATIC\r\n"));
  /* A TLS record of a length no record has, and one of SSL 2's version */
  assert_unknown (BYTES ("\x16\x03\x03\x7f\xff\x02"));
  assert_unknown (BYTES ("\x16\x02\x00\x00\x10\x02"));
  /* An LDAP search request is what a client sends, not a server */
  assert_unknown (BYTES ("\x30\x25\x02\x01\x01\x63\x20"));
  /* A MySQL greeting whose version is not text */
  assert_unknown (BYTES ("\x0a\x00\x00\x00\x0a\x01\x02\x03\0\0"));
  /* A PostgreSQL error longer than 64 KiB */
  assert_unknown (BYTES ("E\x00\x02\x00\x00SFATAL\0"));
}

/* Short answers wait for more while more may come, then are given up */
static void
test_need_more (void)
{
  static const struct { const char *bytes; gsize length; } starts[] = {
    { BYTES ("S") }, { BYTES ("SSH-2.0-") }, { BYTES ("HTTP/") }, { BYTES ("\x16\x03") }, { BYTES ("RFB 003") },
    { BYTES ("220") }, { BYTES ("-ER") }, { BYTES ("\x00\x00\x01\x0a\x01" "Active") }, { BYTES ("E\x00\x00") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (starts); i++)
    {
      g_autofree char *banner = NULL;
      PortolanWire wire = PORTOLAN_N_WIRES;

      g_test_message ("start %u", i);
      g_assert_cmpint (sniff (starts[i].bytes, starts[i].length, FALSE, &wire, &banner), ==, PORTOLAN_SNIFF_NEED_MORE);
    }

  /* Once no more comes, what named itself is named; the rest is not */
  {
    g_autofree char *banner = NULL;
    PortolanWire wire = PORTOLAN_N_WIRES;

    g_assert_cmpint (sniff (BYTES ("SSH-2.0-OpenSSH"), TRUE, &wire, &banner), ==, PORTOLAN_SNIFF_NAMED);
    g_assert_cmpint (wire, ==, PORTOLAN_WIRE_SSH);
    g_assert_cmpstr (banner, ==, "SSH-2.0-OpenSSH");
  }
  assert_unknown (BYTES ("RFB 003"));
  assert_unknown (BYTES ("HTTP/"));
  g_assert_cmpint (sniff (NULL, 0, FALSE, &(PortolanWire) { 0 }, &(char *) { NULL }), ==, PORTOLAN_SNIFF_NEED_MORE);
}

/* A banner is one short line of printable ASCII, whatever was sent */
static void
test_banner_is_tamed (void)
{
  g_autofree char *banner = NULL;
  g_autofree char *long_line = NULL;
  g_autofree char *a_lot = g_strnfill (400, 'a');
  PortolanWire wire;

  g_assert_cmpint (sniff (BYTES ("SSH-2.0-\x1b[2J\x1b]0;owned\x07\xc3\xa4\r\n"), FALSE, &wire, &banner), ==,
                   PORTOLAN_SNIFF_NAMED);
  g_assert_cmpstr (banner, ==, "SSH-2.0-?[2J?]0;owned???");
  g_clear_pointer (&banner, g_free);

  /* A line that never ends is named once it is longer than a line may be */
  long_line = g_strconcat ("SSH-2.0-", a_lot, NULL);
  g_assert_cmpint (sniff (long_line, strlen (long_line), FALSE, &wire, &banner), ==, PORTOLAN_SNIFF_NAMED);
  g_assert_cmpuint (strlen (banner), ==, PORTOLAN_SNIFF_MAX_BANNER);
}

static void
test_names (void)
{
  g_assert_cmpstr (_portolan_wire_get_name (PORTOLAN_WIRE_GREETING_220), ==, "SMTP or FTP");
  g_assert_cmpstr (_portolan_wire_to_string (PORTOLAN_WIRE_GREETING_220), ==, "smtp-or-ftp");
  for (guint i = 0; i < PORTOLAN_N_WIRES; i++)
    {
      g_assert_nonnull (_portolan_wire_get_name (i));
      g_assert_nonnull (_portolan_wire_to_string (i));
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sniff/samples", test_samples);
  g_test_add_func ("/sniff/prefixes", test_prefixes);
  g_test_add_func ("/sniff/unknown", test_unknown);
  g_test_add_func ("/sniff/need-more", test_need_more);
  g_test_add_func ("/sniff/banner-is-tamed", test_banner_is_tamed);
  g_test_add_func ("/sniff/names", test_names);

  return g_test_run ();
}
