/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-daemons.c
 *
 * The real servers of tests/support/portolan-test-daemons.h, each proved
 * to be the real thing by what it says on the wire, through the core's
 * own sniffer where it names the protocol, and each cross-wired pair the
 * protocol checks must tell apart: another service on a link's port.
 * Everything runs in a network namespace the test makes for itself.
 */
#include "config.h"

#define _GNU_SOURCE  /* memmem () */
#include <string.h>

#include "portolan-sniff-private.h"
#include "portolan-test-daemons.h"
#include "portolan-test-nginx.h"
#include "portolan-test-servers.h"
#include "portolan-test-time.h"

#define ANSWER_TIMEOUT_MS 5000
#define LOG_TIMEOUT_MS    5000
#define MAX_ANSWER        65536

/* PostgreSQL's SSLRequest: length 8, code 80877103 */
static const guint8 ssl_request[] = { 0x00, 0x00, 0x00, 0x08, 0x04, 0xd2, 0x16, 0x2f };
/* A StartupMessage of protocol 3.0 without the NUL that ends its parameters */
static const guint8 junk_startup[] = { 0x00, 0x00, 0x00, 0x08, 0x00, 0x03, 0x00, 0x00 };
/* LDAP message 1: an anonymous search of the rootDSE, base scope,
 * (objectClass=*), for namingContexts */
static const guint8 root_dse_search[] = {
  0x30, 0x35, 0x02, 0x01, 0x01, 0x63, 0x30,
  0x04, 0x00, 0x0a, 0x01, 0x00, 0x0a, 0x01, 0x00, 0x02, 0x01, 0x00, 0x02, 0x01, 0x00, 0x01, 0x01, 0x00,
  0x87, 0x0b, 'o', 'b', 'j', 'e', 'c', 't', 'C', 'l', 'a', 's', 's',
  0x30, 0x10, 0x04, 0x0e, 'n', 'a', 'm', 'i', 'n', 'g', 'C', 'o', 'n', 't', 'e', 'x', 't', 's',
};
/* An MS-TDS PRELOGIN (packet type 0x12): VERSION 9.0.0.0, ENCRYPTION
 * "not supported", then the terminator */
static const guint8 prelogin[] = {
  0x12, 0x01, 0x00, 0x1a, 0x00, 0x00, 0x01, 0x00,
  0x00, 0x00, 0x0b, 0x00, 0x06, 0x01, 0x00, 0x11, 0x00, 0x01, 0xff,
  0x09, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02,
};
/* A DER SEQUENCE that is no Kerberos message: a real KDC logs it and keeps silent */
static const guint8 not_kerberos[] = { 0x30, 0x03, 0x02, 0x01, 0x05 };

static GError *private_network_error;

/* --- Helpers --- */

static PortolanTestDaemon *
start (PortolanTestDaemonKind kind,
       guint16                port)
{
  g_autoptr(GError) error = NULL;
  PortolanTestDaemon *daemon;
  gint64 started;

  if (private_network_error != NULL)
    {
      portolan_test_daemon_skip_if_missing (private_network_error);
      return NULL;
    }

  started = g_get_monotonic_time ();
  daemon = portolan_test_daemon_start (kind, NULL, port, &error);
  if (portolan_test_daemon_skip_if_missing (error))
    return NULL;
  g_assert_no_error (error);

  g_test_message ("%s accepted on port %u after %" G_GINT64_FORMAT " ms",
                  portolan_test_daemon_kind_get_name (kind), portolan_test_daemon_get_port (daemon),
                  (g_get_monotonic_time () - started) / G_TIME_SPAN_MILLISECOND);
  return daemon;
}

static GIOStream *
connect_to (PortolanTestDaemon *daemon,
            guint16             port)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GError) error = NULL;
  GSocketConnection *connection;

  /* Straight to the daemon, whatever proxy the environment names */
  g_socket_client_set_enable_proxy (client, FALSE);
  g_socket_client_set_timeout (client, portolan_test_scale_ms (ANSWER_TIMEOUT_MS) / 1000);
  connection = g_socket_client_connect_to_host (client, portolan_test_daemon_get_address (daemon),
                                                port, NULL, &error);
  g_assert_no_error (error);

  return G_IO_STREAM (connection);
}

/* Sends @request, if any, then reads until @expect bytes came, or, with
 * @expect 0, until the sniffer has made up its mind, the server closed,
 * or it said nothing more for ANSWER_TIMEOUT_MS */
static GByteArray *
exchange (GIOStream    *stream,
          const guint8 *request,
          gsize         request_length,
          gsize         expect)
{
  g_autoptr(GError) error = NULL;
  GByteArray *answer = g_byte_array_new ();
  guint8 buffer[4096];

  if (request_length > 0)
    {
      g_output_stream_write_all (g_io_stream_get_output_stream (stream), request, request_length,
                                 NULL, NULL, &error);
      g_assert_no_error (error);
    }

  while (answer->len < MAX_ANSWER)
    {
      PortolanWire wire;
      g_autofree char *banner = NULL;
      gssize got = g_input_stream_read (g_io_stream_get_input_stream (stream), buffer,
                                        expect > 0 ? MIN (sizeof buffer, expect - answer->len) : sizeof buffer,
                                        NULL, &error);

      if (got <= 0)
        {
          /* Silence is an answer too; anything else is not */
          if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
            g_assert_no_error (error);
          break;
        }
      g_byte_array_append (answer, buffer, got);

      if (expect > 0 ? answer->len >= expect
                     : _portolan_sniff (answer->data, answer->len, FALSE, &wire, &banner) != PORTOLAN_SNIFF_NEED_MORE)
        break;
    }

  return answer;
}

/* What the sniffer names @answer, once no more of it comes: it must be
 * @expected. Returns the banner, NULL if it has none (LDAP has none). */
static char *
sniff (GByteArray   *answer,
       PortolanWire  expected)
{
  PortolanWire wire = PORTOLAN_N_WIRES;
  char *banner = NULL;
  PortolanSniff outcome = _portolan_sniff (answer->data, answer->len, TRUE, &wire, &banner);

  if (outcome != PORTOLAN_SNIFF_NAMED || wire != expected)
    {
      g_autofree char *bytes = g_strescape (answer->len > 0 ? (const char *) answer->data : "", NULL);

      g_error ("expected %s, sniffed %s from %u bytes: \"%.*s\"", _portolan_wire_to_string (expected),
               outcome == PORTOLAN_SNIFF_NAMED ? _portolan_wire_to_string (wire) : "nothing",
               answer->len, 200, bytes);
    }
  g_test_message ("sniffed %s: %s", _portolan_wire_to_string (wire), banner != NULL ? banner : "(no banner)");

  return banner;
}

static gboolean
has_bytes (GByteArray *answer,
           const char *text)
{
  return memmem (answer->data, answer->len, text, strlen (text)) != NULL;
}

/* The daemon's log comes to say @text, within LOG_TIMEOUT_MS */
static void
assert_logs (PortolanTestDaemon *daemon,
             const char         *text)
{
  gint64 end = g_get_monotonic_time () + portolan_test_scale_us (LOG_TIMEOUT_MS * G_TIME_SPAN_MILLISECOND);
  g_autofree char *logs = NULL;

  do
    {
      g_free (logs);
      logs = portolan_test_daemon_dup_logs (daemon);
      if (strstr (logs, text) != NULL)
        return;
      g_usleep (20 * 1000);
    }
  while (g_get_monotonic_time () < end);

  g_error ("the logs never said \"%s\":\n%s", text, logs);
}

/* A JVM's resident memory, for the report */
static void
report_rss (PortolanTestDaemon *daemon,
            const char         *name)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/status", portolan_test_daemon_get_pid (daemon));
  g_autofree char *status = NULL;
  const char *rss;

  g_assert_true (g_file_get_contents (path, &status, NULL, NULL));
  rss = strstr (status, "VmRSS:");
  g_assert_nonnull (rss);
  g_test_message ("%s's JVM: %.*s", name, (int) strcspn (rss, "\n"), rss);
}

/* --- Each daemon on its standard port --- */

static void
test_postgresql (void)
{
  g_autoptr(PortolanTestDaemon) daemon = start (PORTOLAN_TEST_POSTGRESQL, 0);
  g_autoptr(GIOStream) ssl = NULL;
  g_autoptr(GIOStream) plain = NULL;
  g_autoptr(GByteArray) ssl_answer = NULL;
  g_autoptr(GByteArray) error_answer = NULL;
  g_autofree char *banner = NULL;

  if (daemon == NULL)
    return;
  g_assert_cmpuint (portolan_test_daemon_get_port (daemon), ==, 5432);

  /* ssl=on: 'S', one byte, after which the server waits for a handshake */
  ssl = connect_to (daemon, 5432);
  ssl_answer = exchange (ssl, ssl_request, sizeof ssl_request, 1);
  g_assert_cmpuint (ssl_answer->len, ==, 1);
  g_assert_cmpint (ssl_answer->data[0], ==, 'S');

  plain = connect_to (daemon, 5432);
  error_answer = exchange (plain, junk_startup, sizeof junk_startup, 0);
  banner = sniff (error_answer, PORTOLAN_WIRE_POSTGRESQL);
  g_assert_true (g_str_has_prefix (banner, "FATAL: "));
  assert_logs (daemon, "invalid startup packet layout");
}

static void
test_slapd_ldap (void)
{
  g_autoptr(PortolanTestDaemon) daemon = start (PORTOLAN_TEST_SLAPD, 0);
  g_autoptr(GIOStream) stream = NULL;
  g_autoptr(GByteArray) answer = NULL;
  g_autofree char *banner = NULL;

  if (daemon == NULL)
    return;
  g_assert_cmpuint (portolan_test_daemon_get_port (daemon), ==, 389);
  g_assert_cmpuint (portolan_test_daemon_get_tls_port (daemon), ==, 636);

  stream = connect_to (daemon, 389);
  answer = exchange (stream, root_dse_search, sizeof root_dse_search, 0);
  g_free (sniff (answer, PORTOLAN_WIRE_LDAP));
  /* The search entry comes first, its one attribute in it */
  g_assert_true (has_bytes (answer, "namingContexts"));
  g_assert_true (has_bytes (answer, PORTOLAN_TEST_LDAP_SUFFIX));
  assert_logs (daemon, "SRCH base=\"\" scope=0");
}

static gboolean
accept_any_cb (GTlsConnection       *connection,
               GTlsCertificate      *certificate,
               GTlsCertificateFlags  errors,
               gpointer              user_data)
{
  return TRUE;
}

static void
test_slapd_ldaps (void)
{
  g_autoptr(PortolanTestDaemon) daemon = start (PORTOLAN_TEST_SLAPD, 0);
  g_autoptr(GIOStream) stream = NULL;
  g_autoptr(GIOStream) tls = NULL;
  g_autoptr(GByteArray) answer = NULL;
  g_autoptr(GTlsCertificate) served = NULL;
  g_autoptr(GError) error = NULL;

  if (daemon == NULL)
    return;

  stream = connect_to (daemon, 636);
  tls = g_tls_client_connection_new (stream, NULL, &error);
  g_assert_no_error (error);
  g_signal_connect (tls, "accept-certificate", G_CALLBACK (accept_any_cb), NULL);
  g_tls_connection_handshake (G_TLS_CONNECTION (tls), NULL, &error);
  g_assert_no_error (error);

  /* The certificate generated for slapd, not any TLS server's */
  served = g_tls_certificate_new_from_file (portolan_test_daemon_get_certificate (daemon), &error);
  g_assert_no_error (error);
  g_assert_true (g_tls_certificate_is_same (served, g_tls_connection_get_peer_certificate (G_TLS_CONNECTION (tls))));

  answer = exchange (tls, root_dse_search, sizeof root_dse_search, 0);
  g_free (sniff (answer, PORTOLAN_WIRE_LDAP));
  g_assert_true (has_bytes (answer, PORTOLAN_TEST_LDAP_SUFFIX));
}

static void
test_kdc (void)
{
  g_autoptr(PortolanTestDaemon) daemon = start (PORTOLAN_TEST_KDC, 0);
  g_autoptr(GIOStream) stream = NULL;
  g_autoptr(GByteArray) answer = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) kdc = g_inet_socket_address_new (loopback, 88);
  g_autoptr(GSocket) udp = NULL;
  g_autoptr(GError) error = NULL;
  guint8 framed[4 + sizeof not_kerberos] = { 0, 0, 0, sizeof not_kerberos };

  if (daemon == NULL)
    return;

  /* TCP frames each message with its length. An AS-REQ is the protocol
   * check's to send; here the KDC only has to say it read the message. */
  memcpy (framed + 4, not_kerberos, sizeof not_kerberos);
  stream = connect_to (daemon, 88);
  answer = exchange (stream, framed, sizeof framed, 0);
  assert_logs (daemon, "while dispatching (tcp)");

  /* UDP 88 is the KDC's: taken, and what arrives there reaches it */
  udp = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_DATAGRAM, G_SOCKET_PROTOCOL_UDP, &error);
  g_assert_no_error (error);
  g_assert_false (g_socket_bind (udp, kdc, FALSE, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_ADDRESS_IN_USE);
  g_clear_error (&error);
  g_clear_object (&udp);
  udp = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_DATAGRAM, G_SOCKET_PROTOCOL_UDP, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_socket_send_to (udp, kdc, (const char *) not_kerberos, sizeof not_kerberos, NULL, &error),
                   ==, sizeof not_kerberos);
  g_assert_no_error (error);
  assert_logs (daemon, "while dispatching (udp)");
}

static void
test_derby (void)
{
  g_autoptr(PortolanTestDaemon) daemon = start (PORTOLAN_TEST_DERBY, 0);
  g_autoptr(GIOStream) stream = NULL;

  if (daemon == NULL)
    return;

  /* The server speaks only when spoken to, in DRDA: an EXCSAT is the
   * protocol check's work; here it is enough that the Derby listener is up */
  stream = connect_to (daemon, 1527);
  assert_logs (daemon, "Apache Derby Network Server - 10.");
  assert_logs (daemon, "started and ready to accept connections on port 1527");
  report_rss (daemon, "Derby");
}

static void
test_activemq (void)
{
  g_autoptr(PortolanTestDaemon) daemon = start (PORTOLAN_TEST_ACTIVEMQ, 0);
  g_autoptr(GIOStream) stream = NULL;
  g_autoptr(GByteArray) answer = NULL;
  g_autofree char *banner = NULL;

  if (daemon == NULL)
    return;

  /* The broker speaks first: its WireFormatInfo */
  stream = connect_to (daemon, 61616);
  answer = exchange (stream, NULL, 0, 0);
  banner = sniff (answer, PORTOLAN_WIRE_OPENWIRE);
  g_assert_true (g_str_has_prefix (banner, "OpenWire "));
  g_assert_true (has_bytes (answer, "ProviderName"));
  report_rss (daemon, "ActiveMQ");
}

static void
test_tdspool (void)
{
  g_autoptr(PortolanTestDaemon) daemon = start (PORTOLAN_TEST_TDSPOOL, 0);
  g_autoptr(GIOStream) stream = NULL;
  g_autoptr(GByteArray) answer = NULL;
  PortolanWire wire;
  g_autofree char *banner = NULL;
  guint length;

  if (daemon == NULL)
    return;

  /* tdspool answers PRELOGIN itself, with no backend: a TABULAR RESPONSE
   * (0x04), end of message, whose payload is PRELOGIN's option table */
  stream = connect_to (daemon, 1433);
  answer = exchange (stream, prelogin, sizeof prelogin, 8);
  g_assert_cmpuint (answer->len, ==, 8);
  g_assert_cmpint (answer->data[0], ==, 0x04);
  g_assert_cmpint (answer->data[1], ==, 0x01);
  length = answer->data[2] << 8 | answer->data[3];
  g_assert_cmpuint (length, >, 8);
  g_byte_array_unref (g_steal_pointer (&answer));
  answer = exchange (stream, NULL, 0, length - 8);
  g_assert_cmpuint (answer->len, ==, length - 8);
  /* VERSION first, then ENCRYPTION, …, the terminator */
  g_assert_cmpint (answer->data[0], ==, 0x00);
  g_assert_cmpint (answer->data[5], ==, 0x01);
  g_assert_nonnull (memchr (answer->data, 0xff, answer->len));

  /* The sniffer names no TDS, and must not take it for something else */
  g_assert_cmpint (_portolan_sniff (answer->data, answer->len, TRUE, &wire, &banner), !=, PORTOLAN_SNIFF_NAMED);
}

/* --- The keeper itself --- */

/* A daemon on a port, what is sent to it (nothing: it speaks first),
 * and how its answer must sniff */
typedef struct
{
  PortolanTestDaemonKind  kind;
  guint16                 port;          /* 0: its own */
  guint16                 connect_port;
  const guint8           *request;
  gsize                   request_length;
  PortolanWire            wire;
  const char             *banner_start;
} Answer;

static const guint8 http_get[] = "GET / HTTP/1.0\r\n\r\n";

static const Answer answers[] = {
  { PORTOLAN_TEST_VNC, 0, 5900, NULL, 0, PORTOLAN_WIRE_RFB, "RFB 003.008" },
  { PORTOLAN_TEST_SSHD, 0, 22, NULL, 0, PORTOLAN_WIRE_SSH, "SSH-2.0-OpenSSH_" },
  { PORTOLAN_TEST_NGINX, 0, 80, http_get, sizeof http_get - 1, PORTOLAN_WIRE_HTTP, "nginx/" },
  /* Another service on a link's port. What a PostgreSQL check sends
   * first gets a 400 from a web server */
  { PORTOLAN_TEST_NGINX, 5432, 5432, ssl_request, sizeof ssl_request, PORTOLAN_WIRE_HTTP, "nginx/" },
  /* sshd speaks first, before any LDAP request could go */
  { PORTOLAN_TEST_SSHD, 389, 389, NULL, 0, PORTOLAN_WIRE_SSH, "SSH-2.0-OpenSSH_" },
  { PORTOLAN_TEST_POSTGRESQL, 1527, 1527, junk_startup, sizeof junk_startup, PORTOLAN_WIRE_POSTGRESQL, "FATAL: " },
  { PORTOLAN_TEST_VNC, 61616, 61616, NULL, 0, PORTOLAN_WIRE_RFB, "RFB 003.008" },
};

static void
test_answer (gconstpointer data)
{
  const Answer *expected = data;
  g_autoptr(PortolanTestDaemon) daemon = start (expected->kind, expected->port);
  g_autoptr(GIOStream) stream = NULL;
  g_autoptr(GByteArray) answer = NULL;
  g_autofree char *banner = NULL;

  if (daemon == NULL)
    return;

  stream = connect_to (daemon, expected->connect_port);
  answer = exchange (stream, expected->request, expected->request_length, 0);
  banner = sniff (answer, expected->wire);
  g_assert_true (g_str_has_prefix (banner, expected->banner_start));
}

static void
test_ipv6 (void)
{
  g_autoptr(PortolanTestDaemon) daemon = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GIOStream) stream = NULL;
  g_autoptr(GByteArray) answer = NULL;
  g_autofree char *banner = NULL;

  if (private_network_error == NULL && !portolan_test_loopback_available ("::1"))
    {
      g_test_skip ("no ::1 here");
      return;
    }
  daemon = private_network_error == NULL ? portolan_test_daemon_start (PORTOLAN_TEST_SSHD, "::1", 0, &error) : NULL;
  if (portolan_test_daemon_skip_if_missing (error != NULL ? error : private_network_error))
    return;
  g_assert_no_error (error);

  stream = connect_to (daemon, 22);
  answer = exchange (stream, NULL, 0, 0);
  banner = sniff (answer, PORTOLAN_WIRE_SSH);
}

/* A daemon that cannot start says why, in its own words */
static void
test_port_taken (void)
{
  g_autoptr(PortolanTestDaemon) nginx = start (PORTOLAN_TEST_NGINX, 0);
  g_autoptr(PortolanTestDaemon) sshd = NULL;
  g_autoptr(GError) error = NULL;

  if (nginx == NULL)
    return;

  sshd = portolan_test_daemon_start (PORTOLAN_TEST_SSHD, NULL, 80, &error);
  if (portolan_test_daemon_skip_if_missing (error))
    return;
  g_assert_null (sshd);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "sshd exited as it started"));
  g_assert_nonnull (strstr (error->message, "== sshd.log ==\n"));
  g_assert_nonnull (strstr (error->message, "Address already in use"));
}

/* Stopped means gone: the listener, its children, and the port */
static void
test_stop (void)
{
  g_autoptr(PortolanTestDaemon) daemon = start (PORTOLAN_TEST_POSTGRESQL, 0);
  g_autoptr(GIOStream) stream = NULL;
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocketConnection) refused = NULL;
  g_autoptr(GArray) processes = NULL;
  GPid pid;

  if (daemon == NULL)
    return;

  /* A connection's backend is one more child the postmaster forks */
  stream = connect_to (daemon, 5432);
  pid = portolan_test_daemon_get_pid (daemon);
  g_assert_cmpint (pid, >, 0);
  processes = portolan_test_list_children (pid);
  g_assert_cmpuint (processes->len, >, 0);
  g_array_append_val (processes, pid);
  g_clear_pointer (&daemon, portolan_test_daemon_free);

  for (guint i = 0; i < processes->len; i++)
    {
      g_autofree char *proc = g_strdup_printf ("/proc/%d", g_array_index (processes, GPid, i));

      g_assert_false (g_file_test (proc, G_FILE_TEST_EXISTS));
    }
  refused = g_socket_client_connect_to_host (client, "127.0.0.1", 5432, NULL, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED);
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);

  /* Before anything starts a thread: unshare () moves only this one */
  portolan_test_private_network (&private_network_error);

  g_test_add_func ("/daemons/postgresql", test_postgresql);
  g_test_add_func ("/daemons/slapd/ldap", test_slapd_ldap);
  g_test_add_func ("/daemons/slapd/ldaps", test_slapd_ldaps);
  g_test_add_func ("/daemons/kdc", test_kdc);
  g_test_add_func ("/daemons/derby", test_derby);
  g_test_add_func ("/daemons/activemq", test_activemq);
  g_test_add_data_func ("/daemons/vnc", &answers[0], test_answer);
  g_test_add_data_func ("/daemons/sshd", &answers[1], test_answer);
  g_test_add_func ("/daemons/tdspool", test_tdspool);
  g_test_add_data_func ("/daemons/nginx", &answers[2], test_answer);
  g_test_add_data_func ("/daemons/cross/nginx-on-postgresql", &answers[3], test_answer);
  g_test_add_data_func ("/daemons/cross/sshd-on-ldap", &answers[4], test_answer);
  g_test_add_data_func ("/daemons/cross/postgresql-on-derby", &answers[5], test_answer);
  g_test_add_data_func ("/daemons/cross/vnc-on-activemq", &answers[6], test_answer);
  g_test_add_func ("/daemons/ipv6", test_ipv6);
  g_test_add_func ("/daemons/port-taken", test_port_taken);
  g_test_add_func ("/daemons/stop", test_stop);

  status = g_test_run ();
  g_clear_error (&private_network_error);

  return status;
}
