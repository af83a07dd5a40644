/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-tds.c: the MS-TDS PRELOGIN the TDS check sends, and its parser of the answer
 *
 * The request is decoded by hand per MS-TDS 2.2.3.1 and 2.2.6.5; the
 * parser reads what FreeTDS's tdspool answered (captured here), answers
 * written by hand from the specification, every truncation of them, and
 * what other protocols and hostile servers send. Then the request goes to
 * the fake SQL Server of tests/support, plain and TDS 8 strict, and to a
 * real tdspool in a network namespace of its own.
 */
#include "config.h"

#include <string.h>

#include "portolan-protocols-private.h"
#include "portolan-test-daemons.h"
#include "portolan-test-fake-tds.h"
#include "portolan-test-time.h"

#define ANSWER_TIMEOUT_MS 5000

/* What tdspool 1.3.17 (Debian 12, freetds-bin) answered to the request
 * of _portolan_tds_build_request (), with no backend behind it: VERSION
 * 10.0.1600, ENCRYPTION not supported, INSTOPT 1, THREADID empty, MARS 0 */
static const guint8 tdspool_answer[] = {
  0x04, 0x01, 0x00, 0x2b, 0x00, 0x00, 0x01, 0x00,
  0x00, 0x00, 0x1a, 0x00, 0x06, 0x01, 0x00, 0x20, 0x00, 0x01, 0x02, 0x00,
  0x21, 0x00, 0x01, 0x03, 0x00, 0x22, 0x00, 0x00, 0x04, 0x00, 0x22, 0x00,
  0x01, 0xff, 0x0a, 0x00, 0x06, 0x40, 0x00, 0x00, 0x02, 0x01, 0x00,
};

/* An answer as SQL Server 2022 RTM gives it, written by hand from
 * MS-TDS 2.2.6.5: VERSION 16.0.1000 sub-build 6, ENCRYPTION required,
 * INSTOPT 0, THREADID empty, MARS 0, with the options in an order of
 * the server's choice (ENCRYPTION first) */
static const guint8 sql_server_answer[] = {
  0x04, 0x01, 0x00, 0x2b, 0x00, 0x00, 0x01, 0x00,
  0x01, 0x00, 0x1a, 0x00, 0x01, 0x00, 0x00, 0x1b, 0x00, 0x06, 0x02, 0x00,
  0x21, 0x00, 0x01, 0x03, 0x00, 0x22, 0x00, 0x00, 0x04, 0x00, 0x22, 0x00,
  0x01, 0xff, 0x03, 0x10, 0x00, 0x03, 0xe8, 0x00, 0x06, 0x00, 0x00,
};

static GError *private_network_error;

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

  *info = portolan_service_info_new ("tds");
  answer = _portolan_tds_parse (data, length, complete, *info);
  if (answer != PORTOLAN_ANSWER_MATCHED)
    {
      /* Nothing is written unless it matched */
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
                const char   *encryption)
{
  g_autoptr(PortolanServiceInfo) info = NULL;

  g_assert_cmpint (parse (data, length, FALSE, &info), ==, PORTOLAN_ANSWER_MATCHED);
  g_assert_cmpstr (info->answered, ==, "tds");
  g_assert_cmpstr (info->version, ==, version);
  g_assert_cmpstr (portolan_service_info_lookup (info, "encryption"), ==, encryption);
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

/* Every prefix of @data: NEED_MORE while more may come, MISMATCH when
 * not, and once matched, matched for every longer input */
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
  memset (longer + length, 0xa5, 16);
  for (gsize i = length; i <= length + 16; i++)
    {
      g_autoptr(PortolanServiceInfo) info = NULL;
      g_autoptr(PortolanServiceInfo) complete_info = NULL;

      g_assert_cmpint (parse (longer, i, FALSE, &info), ==, PORTOLAN_ANSWER_MATCHED);
      g_assert_cmpint (parse (longer, i, TRUE, &complete_info), ==, PORTOLAN_ANSWER_MATCHED);
    }
}

/* @packet as a copy to spoil */
static guint8 *
copy_of (const guint8 *packet,
         gsize         length)
{
  return g_memdup2 (packet, length);
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

  return G_IO_STREAM (connection);
}

/* Sends the check's request on @stream and feeds what comes back to the
 * parser until it decides, the server closes, or it is silent too long */
static PortolanAnswer
exchange (GIOStream            *stream,
          PortolanServiceInfo **info,
          gsize                *received)
{
  g_autoptr(GBytes) request = _portolan_tds_build_request ();
  g_autoptr(GByteArray) answer = g_byte_array_new ();
  g_autoptr(GError) error = NULL;
  guint8 buffer[4096];

  g_output_stream_write_all (g_io_stream_get_output_stream (stream), g_bytes_get_data (request, NULL),
                             g_bytes_get_size (request), NULL, NULL, &error);
  g_assert_no_error (error);

  while (answer->len < PORTOLAN_ANSWER_MAX_BYTES)
    {
      PortolanAnswer verdict;
      gssize got = g_input_stream_read (g_io_stream_get_input_stream (stream), buffer,
                                        MIN (sizeof buffer, PORTOLAN_ANSWER_MAX_BYTES - answer->len),
                                        NULL, &error);

      if (got <= 0)
        {
          /* A reset or a timeout is the end too, as is a close */
          g_clear_error (&error);
          break;
        }
      g_byte_array_append (answer, buffer, got);

      g_clear_pointer (info, portolan_service_info_free);
      verdict = parse (answer->data, answer->len, FALSE, info);
      if (verdict != PORTOLAN_ANSWER_NEED_MORE)
        {
          *received = answer->len;
          return verdict;
        }
    }

  *received = answer->len;
  g_clear_pointer (info, portolan_service_info_free);
  return parse (answer->data, answer->len, TRUE, info);
}

static void
set_socket_timeout (GIOStream *stream)
{
  GSocket *socket = g_socket_connection_get_socket (G_SOCKET_CONNECTION (stream));

  g_socket_set_timeout (socket, portolan_test_scale_ms (ANSWER_TIMEOUT_MS) / 1000);
}

/* --- The request --- */

static void
test_request (void)
{
  g_autoptr(GBytes) request = _portolan_tds_build_request ();
  gsize length;
  const guint8 *data = g_bytes_get_data (request, &length);
  const guint8 *payload = data + 8;
  gsize payload_length = length - 8;
  static const guint8 expected_tokens[] = { 0x00, 0x01, 0x02, 0x03 };
  gsize entry = 0;

  /* The header: PRELOGIN, end of message, its own length, SPID 0,
   * packet 1, window 0 */
  g_assert_cmpuint (length, ==, 41);
  g_assert_cmpint (data[0], ==, 0x12);
  g_assert_cmpint (data[1], ==, 0x01);
  g_assert_cmpuint (read_u16 (data + 2), ==, length);
  g_assert_cmpuint (read_u16 (data + 4), ==, 0);
  g_assert_cmpint (data[6], ==, 1);
  g_assert_cmpint (data[7], ==, 0);

  /* The options in order, each pointing past the table and inside the payload */
  for (guint i = 0; i < G_N_ELEMENTS (expected_tokens); i++, entry += 5)
    {
      guint16 offset = read_u16 (payload + entry + 1);
      guint16 size = read_u16 (payload + entry + 3);

      g_assert_cmpint (payload[entry], ==, expected_tokens[i]);
      g_assert_cmpuint (offset, >=, 21);
      g_assert_cmpuint (offset + size, <=, payload_length);
    }
  g_assert_cmpint (payload[entry], ==, 0xff);

  /* VERSION 9.0.0.0, sub-build 0 */
  g_assert_cmpuint (read_u16 (payload + 3), ==, 6);
  g_assert_cmpmem (payload + read_u16 (payload + 1), 6, ((const guint8[]) { 9, 0, 0, 0, 0, 0 }), 6);
  /* ENCRYPT_OFF: the client could encrypt, but does not ask to */
  g_assert_cmpuint (read_u16 (payload + 8), ==, 1);
  g_assert_cmpint (payload[read_u16 (payload + 6)], ==, 0x00);
  /* INSTOPT: the default instance, "\0" */
  g_assert_cmpuint (read_u16 (payload + 13), ==, 1);
  g_assert_cmpint (payload[read_u16 (payload + 11)], ==, 0x00);
  /* THREADID: 4 bytes, 0 */
  g_assert_cmpuint (read_u16 (payload + 18), ==, 4);
  g_assert_cmpmem (payload + read_u16 (payload + 16), 4, ((const guint8[]) { 0, 0, 0, 0 }), 4);
  /* Nothing after the last option */
  g_assert_cmpuint (read_u16 (payload + 16) + 4, ==, payload_length);

  /* The parser takes no request for an answer */
  assert_mismatch (data, length);
}

/* --- Captured and written answers --- */

static void
test_tdspool_capture (void)
{
  assert_matched (tdspool_answer, sizeof tdspool_answer, "10.0.1600", "not supported");
  assert_truncations (tdspool_answer, sizeof tdspool_answer);
}

static void
test_sql_server (void)
{
  assert_matched (sql_server_answer, sizeof sql_server_answer, "16.0.1000", "required");
  assert_truncations (sql_server_answer, sizeof sql_server_answer);
}

/* Every ENCRYPTION a server may say, ENCRYPT_CLIENT_CERT aside */
static void
test_encryption (void)
{
  static const struct
  {
    guint8      value;
    const char *fact;
  } values[] = {
    { 0x00, "off" },
    { 0x01, "on" },
    { 0x02, "not supported" },
    { 0x03, "required" },
    { 0x81, "on" },
    { 0x83, "required" },
    { 0x07, "0x07" },
  };
  g_autofree guint8 *answer = copy_of (tdspool_answer, sizeof tdspool_answer);

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      answer[40] = values[i].value;
      assert_matched (answer, sizeof tdspool_answer, "10.0.1600", values[i].fact);
    }
}

/* An answer without ENCRYPTION still names the server */
static void
test_no_encryption (void)
{
  static const guint8 answer[] = {
    0x04, 0x01, 0x00, 0x14, 0x00, 0x00, 0x01, 0x00,
    0x00, 0x00, 0x06, 0x00, 0x06, 0xff, 0x0f, 0x00, 0x07, 0xd0, 0x00, 0x00,
  };

  assert_matched (answer, sizeof answer, "15.0.2000", NULL);
  assert_truncations (answer, sizeof answer);
}

/* --- What is not the answer --- */

static void
test_wrong_protocol (void)
{
  static const char http[] = "HTTP/1.1 400 Bad Request\r\nServer: nginx\r\n\r\n";
  static const char ssh[] = "SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n";
  /* A TLS alert record: handshake failure */
  static const guint8 tls[] = { 0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x28 };
  /* PostgreSQL's answer to an SSLRequest */
  static const guint8 postgresql[] = { 'N' };
  /* A TDS packet of another type: a LOGIN7 header */
  static const guint8 login7[] = { 0x10, 0x01, 0x00, 0x2b, 0x00, 0x00, 0x01, 0x00 };
  g_autoptr(PortolanServiceInfo) info = NULL;

  assert_mismatch ((const guint8 *) http, strlen (http));
  assert_mismatch ((const guint8 *) ssh, strlen (ssh));
  assert_mismatch (tls, sizeof tls);
  assert_mismatch (postgresql, sizeof postgresql);
  assert_mismatch (login7, sizeof login7);
  /* Silence, then the close: no answer at all */
  g_assert_cmpint (parse (NULL, 0, TRUE, &info), ==, PORTOLAN_ANSWER_MISMATCH);
}

static void
test_hostile (void)
{
  g_autofree guint8 *answer = NULL;
  g_autofree guint8 *huge = NULL;
  g_autoptr(PortolanServiceInfo) info = NULL;
  gsize length = sizeof tdspool_answer;

  /* Status bits MS-TDS does not define */
  answer = copy_of (tdspool_answer, length);
  answer[1] = 0x41;
  assert_mismatch (answer, length);

  /* A packet length too short for any option table with VERSION */
  g_free (answer);
  answer = copy_of (tdspool_answer, length);
  answer[2] = 0x00, answer[3] = 0x08;
  assert_mismatch (answer, 4);

  /* A packet length beyond what came: wait, then no */
  g_free (answer);
  answer = copy_of (tdspool_answer, length);
  answer[2] = 0xff, answer[3] = 0xff;
  g_assert_cmpint (parse (answer, length, FALSE, &info), ==, PORTOLAN_ANSWER_NEED_MORE);
  g_clear_pointer (&info, portolan_service_info_free);
  g_assert_cmpint (parse (answer, length, TRUE, &info), ==, PORTOLAN_ANSWER_MISMATCH);
  g_clear_pointer (&info, portolan_service_info_free);

  /* VERSION pointing past the packet */
  g_free (answer);
  answer = copy_of (tdspool_answer, length);
  answer[9] = 0x00, answer[10] = 0x20;
  assert_mismatch (answer, length);
  answer[9] = 0xff, answer[10] = 0xff;
  assert_mismatch (answer, length);

  /* VERSION pointing into the option table */
  answer[9] = 0x00, answer[10] = 0x02;
  assert_mismatch (answer, length);

  /* VERSION of a length other than 6 */
  g_free (answer);
  answer = copy_of (tdspool_answer, length);
  answer[12] = 0x05;
  assert_mismatch (answer, length);
  answer[11] = 0x00, answer[12] = 0xff;
  assert_mismatch (answer, length);

  /* An option length that runs past the packet */
  g_free (answer);
  answer = copy_of (tdspool_answer, length);
  answer[32] = 0xff;
  assert_mismatch (answer, length);

  /* ENCRYPTION two bytes long */
  g_free (answer);
  answer = copy_of (tdspool_answer, length);
  answer[17] = 0x02;
  assert_mismatch (answer, length);

  /* No VERSION at all: its token made MARS */
  g_free (answer);
  answer = copy_of (tdspool_answer, length);
  answer[8] = 0x04;
  assert_mismatch (answer, length);

  /* No terminator: the table runs to the end of the packet */
  g_free (answer);
  answer = copy_of (tdspool_answer, length);
  answer[33] = 0x05;
  assert_mismatch (answer, length);

  /* A 64 KiB packet of option entries that never end */
  huge = g_malloc (G_MAXUINT16);
  memset (huge, 0x07, G_MAXUINT16);
  huge[0] = 0x04, huge[1] = 0x01, huge[2] = 0xff, huge[3] = 0xff;
  g_assert_cmpint (parse (huge, G_MAXUINT16 - 1, FALSE, &info), ==, PORTOLAN_ANSWER_NEED_MORE);
  g_clear_pointer (&info, portolan_service_info_free);
  assert_mismatch (huge, G_MAXUINT16);
}

/* --- Against servers --- */

static void
test_fake_plain (void)
{
  static const struct
  {
    guint8      encryption;
    const char *fact;
  } cases[] = {
    { PORTOLAN_TEST_FAKE_TDS_ENCRYPT_OFF, "off" },
    { PORTOLAN_TEST_FAKE_TDS_ENCRYPT_ON, "on" },
    { PORTOLAN_TEST_FAKE_TDS_ENCRYPT_NOT_SUP, "not supported" },
    { PORTOLAN_TEST_FAKE_TDS_ENCRYPT_REQ, "required" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(PortolanTestFakeTds) fake = NULL;
      g_autoptr(GIOStream) stream = NULL;
      g_autoptr(PortolanServiceInfo) info = NULL;
      gsize received;

      fake = portolan_test_fake_tds_new (PORTOLAN_TEST_FAKE_TDS_PLAIN, 16, 0, 1000, cases[i].encryption, &error);
      g_assert_no_error (error);

      stream = connect_to (portolan_test_fake_tds_get_port (fake));
      set_socket_timeout (stream);
      g_assert_cmpint (exchange (stream, &info, &received), ==, PORTOLAN_ANSWER_MATCHED);
      g_assert_cmpstr (info->version, ==, "16.0.1000");
      g_assert_cmpstr (portolan_service_info_lookup (info, "encryption"), ==, cases[i].fact);
      g_io_stream_close (stream, NULL, NULL);
      g_assert_cmpuint (portolan_test_fake_tds_get_answered (fake), ==, 1);
    }
}

static gboolean
accept_certificate_cb (GTlsConnection       *connection,
                       GTlsCertificate      *certificate,
                       GTlsCertificateFlags  errors,
                       gpointer              user_data)
{
  return TRUE;
}

/* TDS 8: a plain PRELOGIN is closed on unanswered; inside TLS with ALPN
 * "tds/8.0" it is answered */
static void
test_fake_strict (void)
{
  static const char * const protocols[] = { PORTOLAN_TDS_STRICT_ALPN, NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(PortolanTestFakeTds) fake = NULL;
  g_autoptr(GIOStream) plain = NULL;
  g_autoptr(GIOStream) stream = NULL;
  g_autoptr(GIOStream) tls = NULL;
  g_autoptr(GSocketConnectable) identity = g_network_address_new ("localhost", 0);
  g_autoptr(PortolanServiceInfo) plain_info = NULL;
  g_autoptr(PortolanServiceInfo) info = NULL;
  gsize received;

  fake = portolan_test_fake_tds_new (PORTOLAN_TEST_FAKE_TDS_STRICT, 16, 0, 4135, PORTOLAN_TEST_FAKE_TDS_ENCRYPT_ON,
                                     &error);
  g_assert_no_error (error);
  g_assert_nonnull (portolan_test_fake_tds_get_database (fake));

  plain = connect_to (portolan_test_fake_tds_get_port (fake));
  set_socket_timeout (plain);
  g_assert_cmpint (exchange (plain, &plain_info, &received), ==, PORTOLAN_ANSWER_MISMATCH);
  g_assert_cmpuint (received, ==, 0);
  g_assert_cmpuint (portolan_test_fake_tds_get_refused (fake), ==, 1);

  stream = connect_to (portolan_test_fake_tds_get_port (fake));
  set_socket_timeout (stream);
  tls = g_tls_client_connection_new (stream, identity, &error);
  g_assert_no_error (error);
  g_signal_connect (tls, "accept-certificate", G_CALLBACK (accept_certificate_cb), NULL);
  g_tls_connection_set_advertised_protocols (G_TLS_CONNECTION (tls), protocols);
  g_tls_connection_handshake (G_TLS_CONNECTION (tls), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (g_tls_connection_get_negotiated_protocol (G_TLS_CONNECTION (tls)), ==, PORTOLAN_TDS_STRICT_ALPN);

  g_assert_cmpint (exchange (tls, &info, &received), ==, PORTOLAN_ANSWER_MATCHED);
  g_assert_cmpstr (info->version, ==, "16.0.4135");
  g_assert_cmpstr (portolan_service_info_lookup (info, "encryption"), ==, "on");
  g_io_stream_close (tls, NULL, NULL);
  g_assert_cmpuint (portolan_test_fake_tds_get_answered (fake), ==, 1);
}

/* FreeTDS's pool server answers PRELOGIN itself, backend or not */
static void
test_tdspool (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PortolanTestDaemon) daemon = NULL;
  g_autoptr(GIOStream) stream = NULL;
  g_autoptr(PortolanServiceInfo) info = NULL;
  gsize received;

  if (portolan_test_daemon_skip_if_missing (private_network_error))
    return;
  daemon = portolan_test_daemon_start (PORTOLAN_TEST_TDSPOOL, NULL, 0, &error);
  if (portolan_test_daemon_skip_if_missing (error))
    return;
  g_assert_no_error (error);

  stream = connect_to (portolan_test_daemon_get_port (daemon));
  set_socket_timeout (stream);
  g_assert_cmpint (exchange (stream, &info, &received), ==, PORTOLAN_ANSWER_MATCHED);
  g_assert_cmpuint (received, ==, sizeof tdspool_answer);
  g_assert_cmpstr (info->answered, ==, "tds");
  g_assert_cmpstr (info->version, ==, "10.0.1600");
  g_assert_cmpstr (portolan_service_info_lookup (info, "encryption"), ==, "not supported");
  g_test_message ("tdspool: version %s, encryption %s", info->version,
                  portolan_service_info_lookup (info, "encryption"));
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);

  /* Before anything starts a thread: unshare () moves only this one */
  portolan_test_private_network (&private_network_error);

  g_test_add_func ("/tds/request", test_request);
  g_test_add_func ("/tds/answer/tdspool", test_tdspool_capture);
  g_test_add_func ("/tds/answer/sql-server", test_sql_server);
  g_test_add_func ("/tds/answer/encryption", test_encryption);
  g_test_add_func ("/tds/answer/no-encryption", test_no_encryption);
  g_test_add_func ("/tds/wrong-protocol", test_wrong_protocol);
  g_test_add_func ("/tds/hostile", test_hostile);
  g_test_add_func ("/tds/fake/plain", test_fake_plain);
  g_test_add_func ("/tds/fake/strict", test_fake_strict);
  g_test_add_func ("/tds/daemon/tdspool", test_tdspool);

  status = g_test_run ();
  g_clear_error (&private_network_error);

  return status;
}
