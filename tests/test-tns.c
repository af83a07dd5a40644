/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-tns.c: the TNS CONNECT the Oracle check sends, and its parser of the listener's answer
 *
 * The request is decoded by hand per the TNS header and CONNECT layout
 * (as Wireshark's packet-tns.c reads them). No Oracle listener is
 * packaged by Debian, so the real answers are ones published: captures
 * in SpiderLabs/net-tns's test data, and listeners' answers to tnscmd10g
 * printed in public notes, rebuilt byte for byte. Then every truncation,
 * other protocols, hostile packets, and the fake listener of
 * tests/support in each of its modes.
 */
#include "config.h"

#include <string.h>

#include "portolan-protocols-private.h"
#include "portolan-test-fake-tns.h"
#include "portolan-test-time.h"

#define ANSWER_TIMEOUT_MS 5000

/* Oracle 18c's listener to tnscmd10g's (CONNECT_DATA=(COMMAND=version))
 * from a remote host, as a public OSCP lab note printed it
 * (".e......\"..Y(DESCRIPTION=…"): REFUSE, reasons 0x22 and 0, ERR 1189,
 * "the listener could not authenticate the user" */
static const guint8 refuse_18c[] =
  "\x00\x65\x00\x00\x04\x00\x00\x00\x22\x00\x00\x59"
  "(DESCRIPTION=(TMP=)(VSNNUM=301989888)(ERR=1189)(ERROR_STACK=(ERROR=(CODE=1189)(EMFI=4))))";

/* Oracle XE 21c refusing an unknown service, as Wireshark decoded it in a
 * published exploit's notes: length 103, reasons 0x22 and 0, data 91 bytes */
static const guint8 refuse_21c[] =
  "\x00\x67\x00\x00\x04\x00\x00\x00\x22\x00\x00\x5b"
  "(DESCRIPTION=(TMP=)(VSNNUM=352321536)(ERR=12514)(ERROR_STACK=(ERROR=(CODE=12514)(EMFI=4))))";

/* A listener's answer to (COMMAND=ping), printed by tnscmd10g in the same
 * note: VSNNUM=0, the version kept back */
static const guint8 refuse_ping[] =
  "\x00\x41\x00\x00\x04\x00\x00\x00\x22\x00\x00\x35"
  "(DESCRIPTION=(TMP=)(VSNNUM=0)(ERR=0)(ALIAS=LISTENER))";

/* SpiderLabs/net-tns, spec/net/tns/raw/refuse.raw: Oracle 10.2.0.1.0 */
static const guint8 refuse_10g[] =
  "\x00\x61\x00\x00\x04\x00\x00\x00\x22\x00\x00\x55"
  "(DESCRIPTION=(ERR=12618)(VSNNUM=169869568)(ERROR_STACK=(ERROR=(CODE=12618)(EMFI=4))))";

/* SpiderLabs/net-tns, spec/net/tns/raw/accept.raw */
static const guint8 accept_empty[] = {
  0x00, 0x18, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x01, 0x34, 0x00, 0x00,
  0x08, 0x00, 0x7f, 0xff, 0x01, 0x00, 0x00, 0x00, 0x00, 0x18, 0x41, 0x01,
};

/* SpiderLabs/net-tns, spec/net/tns/raw/accept_with_data.raw */
static const guint8 accept_data[] =
  "\x00\x45\x00\x00\x02\x00\x00\x00\x01\x34\x00\x01"
  "\x08\x00\x7f\xff\x01\x00\x00\x2d\x00\x18\x0d\x01"
  "(DESCRIPTION=(TMP=)(VSNNUM=169869568)(ERR=0))";

/* SpiderLabs/net-tns, spec/net/tns/raw/resend.raw */
static const guint8 resend[] = { 0x00, 0x08, 0x00, 0x00, 0x0b, 0x00, 0x00, 0x00 };

/* SpiderLabs/net-tns, spec/net/tns/raw/redirect.raw */
static const guint8 redirect[] =
  "\x00\x3f\x00\x00\x05\x00\x00\x00\x00\x35"
  "(ADDRESS=(PROTOCOL=tcp)(HOST=192.168.0.4)(PORT=2143))";

/* --- Helpers --- */

static guint16
read_u16 (const guint8 *data)
{
  return (guint16) (data[0] << 8 | data[1]);
}

static PortolanAnswer
parse (const guint8         *data,
       gsize                 length,
       gboolean              complete,
       PortolanServiceInfo **info)
{
  PortolanAnswer answer;

  *info = portolan_service_info_new ("tns");
  answer = _portolan_tns_parse (data, length, complete, *info);
  if (answer != PORTOLAN_ANSWER_MATCHED)
    {
      g_assert_null ((*info)->answered);
      g_assert_null ((*info)->version);
      g_assert_cmpuint ((*info)->facts->len, ==, 0);
    }

  return answer;
}

static void
assert_matched (const guint8 *data,
                gsize         length,
                const char   *version,
                const char   *release,
                const char   *status)
{
  g_autoptr(PortolanServiceInfo) info = NULL;

  g_assert_cmpint (parse (data, length, FALSE, &info), ==, PORTOLAN_ANSWER_MATCHED);
  g_assert_cmpstr (info->answered, ==, "tns");
  g_assert_cmpstr (info->version, ==, version);
  g_assert_cmpstr (portolan_service_info_lookup (info, "release"), ==, release);
  g_assert_cmpstr (portolan_service_info_lookup (info, "status"), ==, status);
  g_assert_null (info->warning);
}

static void
assert_mismatch (const guint8 *data,
                 gsize         length)
{
  g_autoptr(PortolanServiceInfo) info = NULL;
  g_autoptr(PortolanServiceInfo) complete_info = NULL;

  g_assert_cmpint (parse (data, length, FALSE, &info), ==, PORTOLAN_ANSWER_MISMATCH);
  g_assert_cmpint (parse (data, length, TRUE, &complete_info), ==, PORTOLAN_ANSWER_MISMATCH);
}

/* Every prefix: NEED_MORE while more may come, MISMATCH when not; the
 * whole packet, and anything after it, matched */
static void
assert_truncations (const guint8 *data,
                    gsize         length)
{
  g_autofree guint8 *longer = g_malloc0 (length + 16);

  for (gsize i = 0; i < length; i++)
    {
      g_autoptr(PortolanServiceInfo) info = NULL;
      g_autoptr(PortolanServiceInfo) complete_info = NULL;

      g_assert_cmpint (parse (data, i, FALSE, &info), ==, PORTOLAN_ANSWER_NEED_MORE);
      g_assert_cmpint (parse (data, i, TRUE, &complete_info), ==, PORTOLAN_ANSWER_MISMATCH);
    }

  memcpy (longer, data, length);
  memset (longer + length, 0x5a, 16);
  for (gsize i = length; i <= length + 16; i++)
    {
      g_autoptr(PortolanServiceInfo) info = NULL;
      g_autoptr(PortolanServiceInfo) complete_info = NULL;

      g_assert_cmpint (parse (longer, i, FALSE, &info), ==, PORTOLAN_ANSWER_MATCHED);
      g_assert_cmpint (parse (longer, i, TRUE, &complete_info), ==, PORTOLAN_ANSWER_MATCHED);
    }
}

/* A REFUSE as listeners send it, carrying @text */
static GBytes *
build_refuse (const char *text)
{
  gsize text_length = strlen (text);
  gsize length = 12 + text_length;
  guint8 *packet = g_malloc0 (length);

  packet[0] = length >> 8;
  packet[1] = length & 0xff;
  packet[4] = 4;
  packet[8] = 0x22;
  packet[10] = text_length >> 8;
  packet[11] = text_length & 0xff;
  memcpy (packet + 12, text, text_length);
  return g_bytes_new_take (packet, length);
}

static void
assert_refuse (const char *text,
               const char *version,
               const char *release,
               const char *status)
{
  g_autoptr(GBytes) packet = build_refuse (text);

  assert_matched (g_bytes_get_data (packet, NULL), g_bytes_get_size (packet), version, release, status);
}

static GIOStream *
connect_to (guint16 port)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GError) error = NULL;
  GSocketConnection *connection;

  g_socket_client_set_enable_proxy (client, FALSE);
  g_socket_client_set_timeout (client, portolan_test_scale_ms (ANSWER_TIMEOUT_MS) / 1000);
  connection = g_socket_client_connect_to_host (client, "127.0.0.1", port, NULL, &error);
  g_assert_no_error (error);
  g_socket_set_timeout (g_socket_connection_get_socket (connection),
                        portolan_test_scale_ms (ANSWER_TIMEOUT_MS) / 1000);

  return G_IO_STREAM (connection);
}

/* Sends @request on @stream and feeds what comes back to the parser
 * until it decides, the listener closes, or it is silent too long */
static PortolanAnswer
exchange (GIOStream            *stream,
          GBytes               *request,
          PortolanServiceInfo **info)
{
  g_autoptr(GByteArray) answer = g_byte_array_new ();
  g_autoptr(GError) error = NULL;
  guint8 buffer[4096];

  g_output_stream_write_all (g_io_stream_get_output_stream (stream), g_bytes_get_data (request, NULL),
                             g_bytes_get_size (request), NULL, NULL, &error);
  g_assert_no_error (error);

  while (answer->len < PORTOLAN_ANSWER_MAX_BYTES)
    {
      PortolanAnswer verdict;
      /* One byte at a time: a second answer on the connection stays unread */
      gssize got = g_input_stream_read (g_io_stream_get_input_stream (stream), buffer, 1, NULL, &error);

      if (got <= 0)
        {
          g_clear_error (&error);
          break;
        }
      g_byte_array_append (answer, buffer, got);

      g_clear_pointer (info, portolan_service_info_free);
      verdict = parse (answer->data, answer->len, FALSE, info);
      if (verdict != PORTOLAN_ANSWER_NEED_MORE)
        return verdict;
    }

  g_clear_pointer (info, portolan_service_info_free);
  return parse (answer->data, answer->len, TRUE, info);
}

/* --- The request --- */

static void
check_connect (GBytes     *request,
               const char *connect_data)
{
  gsize length;
  const guint8 *data = g_bytes_get_data (request, &length);
  gsize data_length = strlen (connect_data);

  /* The header: its length, packet checksum 0, CONNECT, no flags, header checksum 0 */
  g_assert_cmpuint (length, ==, 58 + data_length);
  g_assert_cmpuint (read_u16 (data), ==, length);
  g_assert_cmpuint (read_u16 (data + 2), ==, 0);
  g_assert_cmpint (data[4], ==, 1);
  g_assert_cmpint (data[5], ==, 0);
  g_assert_cmpuint (read_u16 (data + 6), ==, 0);

  /* Version 314, compatible with 300, no service options, SDU 2048,
   * TDU 32767, NT protocol characteristics, line turnaround 0, 1 in
   * this byte order */
  g_assert_cmpuint (read_u16 (data + 8), ==, 0x013a);
  g_assert_cmpuint (read_u16 (data + 10), ==, 0x012c);
  g_assert_cmpuint (read_u16 (data + 12), ==, 0);
  g_assert_cmpuint (read_u16 (data + 14), ==, 2048);
  g_assert_cmpuint (read_u16 (data + 16), ==, 32767);
  g_assert_cmpuint (read_u16 (data + 18), ==, 0x7f08);
  g_assert_cmpuint (read_u16 (data + 20), ==, 0);
  g_assert_cmpuint (read_u16 (data + 22), ==, 1);
  /* The connect data: its length, at 58, short enough to stay in the CONNECT */
  g_assert_cmpuint (read_u16 (data + 24), ==, data_length);
  g_assert_cmpuint (read_u16 (data + 26), ==, 58);
  g_assert_cmpuint (data_length, <=, 230);
  /* Maximum receivable connect data, connect flags, trace items: all 0 */
  for (guint i = 28; i < 58; i++)
    g_assert_cmpint (data[i], ==, 0);
  g_assert_cmpmem (data + 58, data_length, connect_data, data_length);
}

static void
test_request (void)
{
  g_autoptr(GBytes) request = _portolan_tns_build_request ("db.example.com", 1521);
  g_autoptr(GBytes) ipv6 = _portolan_tns_build_request ("fe80::1%eth0", 1522);
  g_autoptr(GBytes) no_host = _portolan_tns_build_request (NULL, 1521);
  g_autoptr(GBytes) injected = _portolan_tns_build_request ("x)(COMMAND=stop)", 1521);
  g_autoptr(GBytes) empty = _portolan_tns_build_request ("", 1521);
  g_autofree char *long_host = g_strnfill (129, 'a');
  g_autofree char *longest_host = g_strnfill (128, 'a');
  g_autofree char *longest_data = NULL;
  g_autoptr(GBytes) too_long = _portolan_tns_build_request (long_host, 65535);
  g_autoptr(GBytes) longest = _portolan_tns_build_request (longest_host, 65535);

  check_connect (request, "(DESCRIPTION=(CONNECT_DATA=(COMMAND=version))"
                          "(ADDRESS=(PROTOCOL=TCP)(HOST=db.example.com)(PORT=1521)))");
  check_connect (ipv6, "(DESCRIPTION=(CONNECT_DATA=(COMMAND=version))"
                       "(ADDRESS=(PROTOCOL=TCP)(HOST=fe80::1%eth0)(PORT=1522)))");
  /* A host that would change the command, or not fit, is left out */
  check_connect (no_host, "(CONNECT_DATA=(COMMAND=version))");
  check_connect (injected, "(CONNECT_DATA=(COMMAND=version))");
  check_connect (empty, "(CONNECT_DATA=(COMMAND=version))");
  check_connect (too_long, "(CONNECT_DATA=(COMMAND=version))");
  longest_data = g_strdup_printf ("(DESCRIPTION=(CONNECT_DATA=(COMMAND=version))"
                                  "(ADDRESS=(PROTOCOL=TCP)(HOST=%s)(PORT=65535)))", longest_host);
  check_connect (longest, longest_data);

  /* The parser takes no CONNECT for an answer */
  assert_mismatch (g_bytes_get_data (request, NULL), g_bytes_get_size (request));
}

/* --- Published answers --- */

static void
test_refuse (void)
{
  assert_matched (refuse_18c, sizeof refuse_18c - 1, "18.0.0.0.0", "18c", "1189");
  assert_truncations (refuse_18c, sizeof refuse_18c - 1);
  assert_matched (refuse_21c, sizeof refuse_21c - 1, "21.0.0.0.0", "21c", "12514");
  assert_truncations (refuse_21c, sizeof refuse_21c - 1);
  assert_matched (refuse_10g, sizeof refuse_10g - 1, "10.2.0.1.0", "10g", "12618");
  assert_truncations (refuse_10g, sizeof refuse_10g - 1);
  /* VSNNUM=0: a listener, of no version it tells */
  assert_matched (refuse_ping, sizeof refuse_ping - 1, NULL, NULL, "0");
  assert_truncations (refuse_ping, sizeof refuse_ping - 1);
}

static void
test_accept (void)
{
  assert_matched (accept_empty, sizeof accept_empty, NULL, NULL, NULL);
  assert_truncations (accept_empty, sizeof accept_empty);
  assert_matched (accept_data, sizeof accept_data - 1, "10.2.0.1.0", "10g", "0");
  assert_truncations (accept_data, sizeof accept_data - 1);
}

static void
test_resend_redirect (void)
{
  assert_matched (resend, sizeof resend, NULL, NULL, NULL);
  assert_truncations (resend, sizeof resend);
  assert_matched (redirect, sizeof redirect - 1, NULL, NULL, NULL);
  assert_truncations (redirect, sizeof redirect - 1);
}

/* VSNNUM's fields: 8 bits major, 4 maintenance, 8 application server,
 * 4 component, 8 platform */
static void
test_vsnnum (void)
{
  assert_refuse ("(DESCRIPTION=(TMP=)(VSNNUM=318767104)(ERR=0)(ALIAS=LISTENER))", "19.0.0.0.0", "19c", "0");
  assert_refuse ("(DESCRIPTION=(TMP=)(VSNNUM=186647040)(ERR=0))", "11.2.0.2.0", "11g", "0");
  assert_refuse ("(DESCRIPTION=(TMP=)(VSNNUM=202375680)(ERR=0))", "12.1.0.2.0", "12c", "0");
  assert_refuse ("(DESCRIPTION=(TMP=)(VSNNUM=321912832)(ERR=0))", "19.3.0.0.0", "19c", "0");
  assert_refuse ("(DESCRIPTION=(TMP=)(VSNNUM=385875968)(ERR=0))", "23.0.0.0.0", "23ai", "0");
  assert_refuse ("(DESCRIPTION=(TMP=)(VSNNUM=153092352)(ERR=0))", "9.2.0.1.0", "9i", "0");
  /* Every field at its largest */
  assert_refuse ("(VSNNUM=4294967295)", "255.15.255.15.255", "255ai", NULL);
  /* Before Oracle named its releases */
  assert_refuse ("(VSNNUM=117440512)", "7.0.0.0.0", NULL, NULL);
  /* In any case, in any order, the first of each */
  assert_refuse ("(description=(err=12505)(vsnnum=318767104)(ERR=1))", "19.0.0.0.0", "19c", "12505");
}

/* --- What is not the answer --- */

static void
test_wrong_protocol (void)
{
  static const char http[] = "HTTP/1.1 400 Bad Request\r\nServer: nginx\r\n\r\n";
  static const char ssh[] = "SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n";
  static const guint8 tls[] = { 0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x28 };
  static const guint8 postgresql[] = { 'N' };
  /* tdspool's PRELOGIN answer */
  static const guint8 tds[] = {
    0x04, 0x01, 0x00, 0x2b, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x1a, 0x00, 0x06,
  };
  /* TNS, but no answer to a CONNECT: a DATA packet, a MARKER, an ABORT */
  static const guint8 data_packet[] = { 0x00, 0x0a, 0x00, 0x00, 0x06, 0x00, 0x00, 0x00, 0x00, 0x00 };
  static const guint8 marker[] = { 0x00, 0x0b, 0x00, 0x00, 0x0c, 0x00, 0x00, 0x00, 0x01, 0x00, 0x02 };
  static const guint8 abort_packet[] = { 0x00, 0x0a, 0x00, 0x00, 0x09, 0x00, 0x00, 0x00, 0x00, 0x00 };
  g_autoptr(PortolanServiceInfo) info = NULL;

  assert_mismatch ((const guint8 *) http, strlen (http));
  assert_mismatch ((const guint8 *) ssh, strlen (ssh));
  assert_mismatch (tls, sizeof tls);
  assert_mismatch (tds, sizeof tds);
  assert_mismatch (data_packet, sizeof data_packet);
  assert_mismatch (marker, sizeof marker);
  assert_mismatch (abort_packet, sizeof abort_packet);
  g_assert_cmpint (parse (postgresql, sizeof postgresql, TRUE, &info), ==, PORTOLAN_ANSWER_MISMATCH);
  g_clear_pointer (&info, portolan_service_info_free);
  g_assert_cmpint (parse (NULL, 0, TRUE, &info), ==, PORTOLAN_ANSWER_MISMATCH);
}

static void
test_hostile (void)
{
  g_autofree guint8 *packet = NULL;
  g_autoptr(PortolanServiceInfo) info = NULL;
  g_autofree char *many_digits = NULL;
  gsize length = sizeof refuse_18c - 1;

  /* A packet shorter than its header, or than its type's fields */
  assert_mismatch ((const guint8 *) "\x00\x07\x00\x00\x0b\x00\x00\x00", 8);
  assert_mismatch ((const guint8 *) "\x00\x0b\x00\x00\x04\x00\x00\x00\x22\x00\x00", 11);
  assert_mismatch ((const guint8 *) "\x00\x17\x00\x00\x02\x00\x00\x00", 8);
  assert_mismatch ((const guint8 *) "\x00\x09\x00\x00\x05\x00\x00\x00\x00", 9);

  /* A packet checksum or header checksum: not before a session */
  packet = g_memdup2 (refuse_18c, length);
  packet[3] = 0x04;
  assert_mismatch (packet, length);
  g_free (packet);
  packet = g_memdup2 (refuse_18c, length);
  packet[6] = 0x01;
  assert_mismatch (packet, length);

  /* A length beyond what came: wait, then no */
  g_free (packet);
  packet = g_memdup2 (refuse_18c, length);
  packet[0] = 0xff, packet[1] = 0xff;
  g_assert_cmpint (parse (packet, length, FALSE, &info), ==, PORTOLAN_ANSWER_NEED_MORE);
  g_clear_pointer (&info, portolan_service_info_free);
  g_assert_cmpint (parse (packet, length, TRUE, &info), ==, PORTOLAN_ANSWER_MISMATCH);
  g_clear_pointer (&info, portolan_service_info_free);

  /* A refuse data length past the packet: the text is what the packet holds */
  g_free (packet);
  packet = g_memdup2 (refuse_18c, length);
  packet[10] = 0xff, packet[11] = 0xff;
  assert_matched (packet, length, "18.0.0.0.0", "18c", "1189");
  /* Cut before the VSNNUM */
  packet[10] = 0x00, packet[11] = 0x10;
  assert_matched (packet, length, NULL, NULL, NULL);

  /* Accept data out of the packet, or inside its fixed fields */
  g_free (packet);
  packet = g_memdup2 (accept_data, sizeof accept_data - 1);
  packet[20] = 0xff, packet[21] = 0xff;
  assert_matched (packet, sizeof accept_data - 1, NULL, NULL, NULL);
  packet[20] = 0x00, packet[21] = 0x00;
  assert_matched (packet, sizeof accept_data - 1, NULL, NULL, NULL);

  /* Numbers that are none, or longer than any Oracle writes */
  assert_refuse ("(VSNNUM=)(ERR=)", NULL, NULL, NULL);
  assert_refuse ("(VSNNUM=abc)(ERR=-1)", NULL, NULL, NULL);
  assert_refuse ("(VSNNUM=4294967296)(ERR=99999999999)", NULL, NULL, NULL);
  assert_refuse ("(VSNNUM=0000000000318767104)(ERR=00000000000)", NULL, NULL, NULL);
  assert_refuse ("(VSNNUM=318767104", "19.0.0.0.0", "19c", NULL);
  assert_refuse ("(ERR=", NULL, NULL, NULL);
  /* Control characters and bytes of no encoding around them */
  assert_refuse ("\x01\xff\xfe(ERR=12\n)\x7f", NULL, NULL, "12");

  /* The largest text one packet holds */
  many_digits = g_strnfill (G_MAXUINT16 - 12, '(');
  memcpy (many_digits + G_MAXUINT16 - 12 - 12, "(ERR=123456)", 12);
  assert_refuse (many_digits, NULL, NULL, "123456");
}

/* --- Against the fake listener --- */

static void
test_fake_refuse (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PortolanTestFakeTns) fake = portolan_test_fake_tns_new (PORTOLAN_TEST_FAKE_TNS_REFUSE, 0x13000000, 1189,
                                                                    &error);
  g_autoptr(GBytes) request = _portolan_tns_build_request ("127.0.0.1", 1521);
  g_autoptr(GIOStream) stream = NULL;
  g_autoptr(PortolanServiceInfo) info = NULL;
  g_autofree char *connect_data = NULL;

  g_assert_no_error (error);
  stream = connect_to (portolan_test_fake_tns_get_port (fake));
  g_assert_cmpint (exchange (stream, request, &info), ==, PORTOLAN_ANSWER_MATCHED);
  g_assert_cmpstr (info->version, ==, "19.0.0.0.0");
  g_assert_cmpstr (portolan_service_info_lookup (info, "release"), ==, "19c");
  g_assert_cmpstr (portolan_service_info_lookup (info, "status"), ==, "1189");

  /* The listener found the connect data where the CONNECT said */
  connect_data = portolan_test_fake_tns_dup_connect_data (fake);
  g_assert_cmpstr (connect_data, ==, "(DESCRIPTION=(CONNECT_DATA=(COMMAND=version))"
                                     "(ADDRESS=(PROTOCOL=TCP)(HOST=127.0.0.1)(PORT=1521)))");
  g_assert_cmpuint (portolan_test_fake_tns_get_answered (fake), ==, 1);
}

/* RESEND is the listener's answer already; sent again, the CONNECT gets the REFUSE */
static void
test_fake_resend (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PortolanTestFakeTns) fake = portolan_test_fake_tns_new (PORTOLAN_TEST_FAKE_TNS_RESEND, 0x15000000, 0,
                                                                    &error);
  g_autoptr(GBytes) request = _portolan_tns_build_request ("localhost", 1521);
  g_autoptr(GIOStream) stream = NULL;
  g_autoptr(PortolanServiceInfo) info = NULL;

  g_assert_no_error (error);
  stream = connect_to (portolan_test_fake_tns_get_port (fake));
  g_assert_cmpint (exchange (stream, request, &info), ==, PORTOLAN_ANSWER_MATCHED);
  g_assert_null (info->version);
  g_assert_cmpuint (info->facts->len, ==, 0);

  g_clear_pointer (&info, portolan_service_info_free);
  g_assert_cmpint (exchange (stream, request, &info), ==, PORTOLAN_ANSWER_MATCHED);
  g_assert_cmpstr (info->version, ==, "21.0.0.0.0");
  g_assert_cmpstr (portolan_service_info_lookup (info, "status"), ==, "0");
  g_assert_cmpuint (portolan_test_fake_tns_get_answered (fake), ==, 2);
}

static void
test_fake_accept (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PortolanTestFakeTns) fake = portolan_test_fake_tns_new (PORTOLAN_TEST_FAKE_TNS_ACCEPT, 186647040, 0,
                                                                    &error);
  g_autoptr(GBytes) request = _portolan_tns_build_request (NULL, 1521);
  g_autoptr(GIOStream) stream = NULL;
  g_autoptr(PortolanServiceInfo) info = NULL;
  g_autofree char *connect_data = NULL;

  g_assert_no_error (error);
  stream = connect_to (portolan_test_fake_tns_get_port (fake));
  g_assert_cmpint (exchange (stream, request, &info), ==, PORTOLAN_ANSWER_MATCHED);
  g_assert_cmpstr (info->version, ==, "11.2.0.2.0");
  g_assert_cmpstr (portolan_service_info_lookup (info, "release"), ==, "11g");
  g_assert_cmpstr (portolan_service_info_lookup (info, "status"), ==, "0");
  connect_data = portolan_test_fake_tns_dup_connect_data (fake);
  g_assert_cmpstr (connect_data, ==, "(CONNECT_DATA=(COMMAND=version))");
  g_io_stream_close (stream, NULL, NULL);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/tns/request", test_request);
  g_test_add_func ("/tns/answer/refuse", test_refuse);
  g_test_add_func ("/tns/answer/accept", test_accept);
  g_test_add_func ("/tns/answer/resend-redirect", test_resend_redirect);
  g_test_add_func ("/tns/answer/vsnnum", test_vsnnum);
  g_test_add_func ("/tns/wrong-protocol", test_wrong_protocol);
  g_test_add_func ("/tns/hostile", test_hostile);
  g_test_add_func ("/tns/fake/refuse", test_fake_refuse);
  g_test_add_func ("/tns/fake/resend", test_fake_resend);
  g_test_add_func ("/tns/fake/accept", test_fake_accept);

  return g_test_run ();
}
