/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-support.c: the loopback servers of tests/support, against plain GIO and libsoup clients */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "portolan-test-certs.h"
#include "portolan-test-nginx.h"
#include "portolan-test-servers.h"
#include "portolan-test-time.h"

/* How long a test waits for what must come; portolan_test_scale_ms() stretches it */
#define TIMEOUT_MS 10000

static PortolanTestCerts *certs;

static const char * const addresses[] = { "127.0.0.1", "::1" };

static void
store_result_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static gboolean
timed_out_cb (gpointer user_data)
{
  g_error ("Timed out waiting for %s", (const char *) user_data);
  return G_SOURCE_REMOVE;
}

static void
wait_for_result (GAsyncResult **result,
                 const char    *what)
{
  guint timeout = g_timeout_add (portolan_test_scale_ms (TIMEOUT_MS), timed_out_cb, (gpointer) what);

  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);

  g_source_remove (timeout);
}

static gboolean
flag_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
iterate_for (guint milliseconds)
{
  gboolean done = FALSE;

  g_timeout_add (milliseconds, flag_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

static gboolean
skip_without (const char *address)
{
  g_autofree char *message = NULL;

  if (portolan_test_loopback_available (address))
    return FALSE;

  message = g_strdup_printf ("%s is not available here", address);
  g_test_skip (message);
  return TRUE;
}

static char *
fingerprint_of (GTlsCertificate *certificate)
{
  g_autoptr(GByteArray) der = NULL;
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autoptr(GString) hex = g_string_new (NULL);
  guint8 digest[32];
  gsize length = sizeof digest;

  g_object_get (certificate, "certificate", &der, NULL);
  g_checksum_update (checksum, der->data, der->len);
  g_checksum_get_digest (checksum, digest, &length);
  for (gsize i = 0; i < length; i++)
    g_string_append_printf (hex, "%s%02X", i > 0 ? ":" : "", digest[i]);

  return g_string_free (g_steal_pointer (&hex), FALSE);
}

static GSocketConnection *
connect_to (const char  *address,
            guint16      port,
            GError     **error)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketAddress) target = g_inet_socket_address_new_from_string (address, port);
  g_autoptr(GAsyncResult) result = NULL;

  g_socket_client_set_enable_proxy (client, FALSE);
  g_socket_client_connect_async (client, G_SOCKET_CONNECTABLE (target), NULL,
                                 store_result_cb, &result);
  wait_for_result (&result, "a TCP connection");
  return g_socket_client_connect_finish (client, result, error);
}

static gssize
read_some (GIOStream  *stream,
           char       *buffer,
           gsize       size,
           GError    **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  g_input_stream_read_async (g_io_stream_get_input_stream (stream), buffer, size,
                             G_PRIORITY_DEFAULT, NULL, store_result_cb, &result);
  wait_for_result (&result, "a read");
  return g_input_stream_read_finish (g_io_stream_get_input_stream (stream), result, error);
}

static void
close_stream (GIOStream *stream)
{
  g_autoptr(GAsyncResult) result = NULL;

  g_io_stream_close_async (stream, G_PRIORITY_DEFAULT, NULL, store_result_cb, &result);
  wait_for_result (&result, "a close");
  g_io_stream_close_finish (stream, result, NULL);
}

static void
test_certs (void)
{
  const char *fingerprints[] = {
    certs->ca_fingerprint, certs->valid_fingerprint, certs->expired_fingerprint,
    certs->wrong_name_fingerprint, certs->self_signed_fingerprint,
  };
  struct { GTlsCertificate *certificate; const char *fingerprint; } leaves[] = {
    { certs->valid, certs->valid_fingerprint },
    { certs->expired, certs->expired_fingerprint },
    { certs->wrong_name, certs->wrong_name_fingerprint },
    { certs->self_signed, certs->self_signed_fingerprint },
  };
  g_autoptr(GHashTable) distinct = g_hash_table_new (g_str_hash, g_str_equal);

  g_assert_true (g_file_test (certs->ca_path, G_FILE_TEST_IS_REGULAR));
  g_assert_true (G_IS_TLS_DATABASE (certs->ca_database));

  for (guint i = 0; i < G_N_ELEMENTS (fingerprints); i++)
    {
      g_assert_cmpuint (strlen (fingerprints[i]), ==, 95);
      g_assert_true (g_regex_match_simple ("^([0-9A-F]{2}:){31}[0-9A-F]{2}$", fingerprints[i], 0, 0));
      g_hash_table_add (distinct, (gpointer) fingerprints[i]);
    }
  g_assert_cmpuint (g_hash_table_size (distinct), ==, G_N_ELEMENTS (fingerprints));

  for (guint i = 0; i < G_N_ELEMENTS (leaves); i++)
    {
      g_autofree char *computed = fingerprint_of (leaves[i].certificate);
      g_autofree char *key_pem = NULL;

      g_assert_cmpstr (computed, ==, leaves[i].fingerprint);
      g_object_get (leaves[i].certificate, "private-key-pem", &key_pem, NULL);
      g_assert_nonnull (key_pem);
    }

  g_assert_true (g_file_test (certs->self_signed_path, G_FILE_TEST_IS_REGULAR));
}

static void
test_not_loopback (void)
{
  const char *outside[] = { "192.0.2.1", "0.0.0.0", "::", "localhost" };

  for (guint i = 0; i < G_N_ELEMENTS (outside); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(PortolanTestServer) server = portolan_test_tcp_server_new (outside[i],
                                                                          PORTOLAN_TEST_TCP_ACCEPT_CLOSE,
                                                                          &error);

      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
      g_assert_null (server);
    }
}

static void
test_tcp_accept_close (gconstpointer data)
{
  const char *address = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(PortolanTestServer) server = NULL;
  g_autoptr(GSocketConnection) connection = NULL;
  char buffer[16];

  if (skip_without (address))
    return;

  server = portolan_test_tcp_server_new (address, PORTOLAN_TEST_TCP_ACCEPT_CLOSE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (portolan_test_server_get_address (server), ==, address);
  g_assert_cmpuint (portolan_test_server_get_port (server), !=, 0);

  connection = connect_to (address, portolan_test_server_get_port (server), &error);
  g_assert_no_error (error);
  g_assert_true (portolan_test_server_wait_accepted (server, 1, portolan_test_scale_ms (TIMEOUT_MS)));

  /* The server hung up without a word */
  g_assert_cmpint (read_some (G_IO_STREAM (connection), buffer, sizeof buffer, &error), ==, 0);
  g_assert_no_error (error);
  g_assert_cmpuint (portolan_test_server_get_accepted (server), ==, 1);
}

static void
test_tcp_accept_silent (gconstpointer data)
{
  const char *address = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(PortolanTestServer) server = NULL;
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  GInputStream *input;
  char buffer[16];

  if (skip_without (address))
    return;

  server = portolan_test_tcp_server_new (address, PORTOLAN_TEST_TCP_ACCEPT_SILENT, &error);
  g_assert_no_error (error);

  connection = connect_to (address, portolan_test_server_get_port (server), &error);
  g_assert_no_error (error);
  g_assert_true (portolan_test_server_wait_accepted (server, 1, portolan_test_scale_ms (TIMEOUT_MS)));

  input = g_io_stream_get_input_stream (G_IO_STREAM (connection));
  g_input_stream_read_async (input, buffer, sizeof buffer, G_PRIORITY_DEFAULT, NULL,
                             store_result_cb, &result);
  iterate_for (200);
  g_assert_null (result);

  /* Freeing the server closes the connection it kept */
  g_clear_pointer (&server, portolan_test_server_free);
  wait_for_result (&result, "the end of a silent connection");
  g_assert_cmpint (g_input_stream_read_finish (input, result, &error), ==, 0);
  g_assert_no_error (error);
}

static void
test_tcp_closed_port (gconstpointer data)
{
  const char *address = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocketConnection) connection = NULL;
  guint16 port;

  if (skip_without (address))
    return;

  port = portolan_test_find_closed_port (address);
  g_assert_cmpuint (port, !=, 0);

  connection = connect_to (address, port, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED);
  g_assert_null (connection);
}

static GSocket *
udp_client (const char *address,
            guint16     port)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocketAddress) target = g_inet_socket_address_new_from_string (address, port);
  g_autoptr(GSocket) socket = NULL;

  socket = g_socket_new (g_socket_address_get_family (target), G_SOCKET_TYPE_DATAGRAM,
                         G_SOCKET_PROTOCOL_UDP, &error);
  g_assert_no_error (error);
  g_socket_set_blocking (socket, FALSE);

  /* Connected, so that an ICMP port unreachable comes back as an error */
  g_socket_connect (socket, target, NULL, &error);
  g_assert_no_error (error);

  return g_steal_pointer (&socket);
}

static void
udp_send (GSocket    *socket,
          const char *text)
{
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_socket_send (socket, text, strlen (text), NULL, &error), ==, strlen (text));
  g_assert_no_error (error);
}

static gboolean
socket_ready_cb (GSocket      *socket,
                 GIOCondition  condition,
                 gpointer      user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

static gboolean
wait_readable (GSocket *socket,
               guint    timeout_ms)
{
  g_autoptr(GSource) source = g_socket_create_source (socket, G_IO_IN, NULL);
  gboolean ready = FALSE;
  gboolean timed_out = FALSE;
  guint timeout;

  g_source_set_callback (source, G_SOURCE_FUNC (socket_ready_cb), &ready, NULL);
  g_source_attach (source, NULL);
  timeout = g_timeout_add (timeout_ms, flag_cb, &timed_out);

  while (!ready && !timed_out)
    g_main_context_iteration (NULL, TRUE);

  g_source_destroy (source);
  if (!timed_out)
    g_source_remove (timeout);
  return ready;
}

static void
test_udp_echo (gconstpointer data)
{
  const char *address = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(PortolanTestServer) server = NULL;
  g_autoptr(GSocket) socket = NULL;
  char buffer[64];
  gssize received;

  if (skip_without (address))
    return;

  server = portolan_test_udp_server_new (address, PORTOLAN_TEST_UDP_ECHO, &error);
  g_assert_no_error (error);
  socket = udp_client (address, portolan_test_server_get_port (server));

  udp_send (socket, "hello");
  g_assert_true (wait_readable (socket, portolan_test_scale_ms (TIMEOUT_MS)));
  received = g_socket_receive (socket, buffer, sizeof buffer, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (buffer, received, "hello", 5);

  udp_send (socket, "");
  g_assert_true (wait_readable (socket, portolan_test_scale_ms (TIMEOUT_MS)));
  received = g_socket_receive (socket, buffer, sizeof buffer, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (buffer, received, "pong", 4);

  g_assert_cmpuint (portolan_test_server_get_accepted (server), ==, 2);
}

static void
test_udp_silent (gconstpointer data)
{
  const char *address = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(PortolanTestServer) server = NULL;
  g_autoptr(GSocket) socket = NULL;

  if (skip_without (address))
    return;

  server = portolan_test_udp_server_new (address, PORTOLAN_TEST_UDP_SILENT, &error);
  g_assert_no_error (error);
  socket = udp_client (address, portolan_test_server_get_port (server));

  udp_send (socket, "hello");
  g_assert_true (portolan_test_server_wait_accepted (server, 1, portolan_test_scale_ms (TIMEOUT_MS)));
  g_assert_false (wait_readable (socket, 200));
}

static void
test_udp_closed_port (gconstpointer data)
{
  const char *address = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocket) socket = NULL;
  char buffer[64];
  guint16 port;

  if (skip_without (address))
    return;

  port = portolan_test_find_closed_udp_port (address);
  g_assert_cmpuint (port, !=, 0);
  socket = udp_client (address, port);

  udp_send (socket, "hello");
  g_assert_true (wait_readable (socket, portolan_test_scale_ms (TIMEOUT_MS)));
  g_assert_cmpint (g_socket_receive (socket, buffer, sizeof buffer, NULL, &error), ==, -1);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED);
}

/* A NULL identity stands for the server's own GInetSocketAddress */
typedef struct
{
  const char          *address;
  gsize                certificate;
  gsize                fingerprint;
  const char          *identity;
  GTlsCertificateFlags errors;
} TlsCase;

#define CERT(name) G_STRUCT_OFFSET (PortolanTestCerts, name), G_STRUCT_OFFSET (PortolanTestCerts, name##_fingerprint)

static const TlsCase tls_cases[] = {
  { "127.0.0.1", CERT (valid), "localhost", 0 },
  { "127.0.0.1", CERT (valid), "127.0.0.1", 0 },
  { "::1", CERT (valid), "localhost", 0 },
  { "::1", CERT (valid), NULL, 0 },
  { "127.0.0.1", CERT (expired), "localhost", G_TLS_CERTIFICATE_EXPIRED },
  { "127.0.0.1", CERT (wrong_name), "localhost", G_TLS_CERTIFICATE_BAD_IDENTITY },
  { "127.0.0.1", CERT (self_signed), "localhost", G_TLS_CERTIFICATE_UNKNOWN_CA },
};

#undef CERT

static gboolean
accept_certificate_cb (GTlsConnection       *connection,
                       GTlsCertificate      *peer_certificate,
                       GTlsCertificateFlags  errors,
                       gpointer              user_data)
{
  *(GTlsCertificateFlags *) user_data = errors;
  return TRUE;
}

static void
test_tls (gconstpointer data)
{
  const TlsCase *tls_case = data;
  GTlsCertificate *certificate = G_STRUCT_MEMBER (GTlsCertificate *, certs, tls_case->certificate);
  const char *fingerprint = G_STRUCT_MEMBER (const char *, certs, tls_case->fingerprint);
  g_autoptr(GError) error = NULL;
  g_autoptr(PortolanTestServer) server = NULL;
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GSocketConnectable) identity = NULL;
  g_autoptr(GIOStream) tls = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *peer_fingerprint = NULL;
  GTlsCertificateFlags errors = 0;

  if (skip_without (tls_case->address))
    return;

  server = portolan_test_tls_server_new (tls_case->address, certificate, &error);
  g_assert_no_error (error);

  connection = connect_to (tls_case->address, portolan_test_server_get_port (server), &error);
  g_assert_no_error (error);

  if (tls_case->identity != NULL)
    identity = g_network_address_new (tls_case->identity, portolan_test_server_get_port (server));
  else
    identity = G_SOCKET_CONNECTABLE (g_socket_connection_get_remote_address (connection, NULL));
  tls = g_tls_client_connection_new (G_IO_STREAM (connection), identity, &error);
  g_assert_no_error (error);
  g_tls_connection_set_database (G_TLS_CONNECTION (tls), certs->ca_database);
  g_signal_connect (tls, "accept-certificate", G_CALLBACK (accept_certificate_cb), &errors);

  g_tls_connection_handshake_async (G_TLS_CONNECTION (tls), G_PRIORITY_DEFAULT, NULL,
                                    store_result_cb, &result);
  wait_for_result (&result, "a TLS handshake");
  g_tls_connection_handshake_finish (G_TLS_CONNECTION (tls), result, &error);
  g_assert_no_error (error);

  g_assert_cmphex (errors, ==, tls_case->errors);
  peer_fingerprint = fingerprint_of (g_tls_connection_get_peer_certificate (G_TLS_CONNECTION (tls)));
  g_assert_cmpstr (peer_fingerprint, ==, fingerprint);
  g_assert_cmpuint (portolan_test_server_get_accepted (server), ==, 1);

  close_stream (tls);
}

/* A client that connects and never handshakes must not hold up free */
static void
test_tls_abandoned (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PortolanTestServer) server = NULL;
  g_autoptr(GSocketConnection) connection = NULL;

  server = portolan_test_tls_server_new ("127.0.0.1", certs->valid, &error);
  g_assert_no_error (error);

  connection = connect_to ("127.0.0.1", portolan_test_server_get_port (server), &error);
  g_assert_no_error (error);
  g_assert_true (portolan_test_server_wait_accepted (server, 1, portolan_test_scale_ms (TIMEOUT_MS)));
  iterate_for (50);

  g_clear_pointer (&server, portolan_test_server_free);
}

/* libsoup (through glib-networking) sends an IPv6 literal host as SNI,
 * which a GnuTLS server such as SoupServer refuses ("disallowed SNI server
 * name"), so URLs name ::1 as localhost. */
static char *
url_authority (PortolanTestServer *server)
{
  if (strchr (portolan_test_server_get_address (server), ':') != NULL)
    return g_strdup_printf ("localhost:%u", portolan_test_server_get_port (server));
  return portolan_test_server_dup_authority (server);
}

static SoupSession *
session_new (GProxyResolver *proxy)
{
  SoupSession *session = soup_session_new ();

  soup_session_set_tls_database (session, certs->ca_database);
  /* NULL means no proxy at all, not the desktop's */
  soup_session_set_proxy_resolver (session, proxy);
  return session;
}

static GBytes *
http_get (SoupSession  *session,
          const char   *uri,
          SoupMessage **message,
          GError      **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  *message = soup_message_new ("GET", uri);
  soup_session_send_and_read_async (session, *message, G_PRIORITY_DEFAULT, NULL,
                                    store_result_cb, &result);
  wait_for_result (&result, uri);
  return soup_session_send_and_read_finish (session, result, error);
}

static void
assert_ums_status (SoupMessage *message,
                   GBytes      *body)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *status;
  gsize size;
  const char *text = g_bytes_get_data (body, &size);

  g_assert_cmpuint (soup_message_get_status (message), ==, SOUP_STATUS_OK);
  g_assert_cmpstr (soup_message_headers_get_content_type (soup_message_get_response_headers (message), NULL),
                   ==, "application/json");

  json_parser_load_from_data (parser, text, size, &error);
  g_assert_no_error (error);
  status = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (status, "rmGuiServerVersion"), ==, PORTOLAN_TEST_UMS_VERSION);
  g_assert_cmpstr (json_object_get_string_member (status, "buildNumber"), ==, PORTOLAN_TEST_UMS_BUILD_NUMBER);
  g_assert_cmpstr (json_object_get_string_member (status, "activeMQVersion"), ==, "5.16.2");
  g_assert_cmpstr (json_object_get_string_member (status, "derbyVersion"), ==, "10.14.2.0");
  g_assert_cmpstr (json_object_get_string_member (status, "serverUUID"), ==, PORTOLAN_TEST_UMS_SERVER_UUID);
  g_assert_cmpstr (json_object_get_string_member (status, "server"), ==, PORTOLAN_TEST_UMS_SERVER_NAME);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (status, "links")), ==, 0);
}

static void
test_https_ums_status (gconstpointer data)
{
  const char *address = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(PortolanTestServer) server = NULL;
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(SoupMessage) other_message = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GBytes) other_body = NULL;
  g_autofree char *authority = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *other_uri = NULL;

  if (skip_without (address))
    return;

  server = portolan_test_https_server_new (address, certs->valid, PORTOLAN_TEST_HTTP_UMS_STATUS, &error);
  g_assert_no_error (error);
  authority = url_authority (server);
  uri = g_strconcat ("https://", authority, PORTOLAN_TEST_UMS_STATUS_PATH, NULL);
  other_uri = g_strconcat ("https://", authority, "/umsapi/v3/other", NULL);
  session = session_new (NULL);

  body = http_get (session, uri, &message, &error);
  g_assert_no_error (error);
  assert_ums_status (message, body);
  g_assert_cmpuint (portolan_test_server_get_requests (server), ==, 1);
  g_assert_cmpstr (portolan_test_server_get_last_path (server), ==, PORTOLAN_TEST_UMS_STATUS_PATH);
  g_assert_cmpstr (portolan_test_server_get_last_host (server), ==, authority);

  other_body = http_get (session, other_uri, &other_message, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (other_message), ==, SOUP_STATUS_NOT_FOUND);
  g_assert_cmpuint (portolan_test_server_get_requests (server), ==, 2);
  g_assert_cmpstr (portolan_test_server_get_last_path (server), ==, "/umsapi/v3/other");
}

static void
test_https_not_found (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PortolanTestServer) server = NULL;
  g_autoptr(SoupSession) session = session_new (NULL);
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autofree char *uri = NULL;

  server = portolan_test_https_server_new ("127.0.0.1", certs->valid, PORTOLAN_TEST_HTTP_NOT_FOUND, &error);
  g_assert_no_error (error);
  uri = g_strdup_printf ("https://localhost:%u" PORTOLAN_TEST_UMS_STATUS_PATH,
                         portolan_test_server_get_port (server));

  body = http_get (session, uri, &message, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (message), ==, SOUP_STATUS_NOT_FOUND);
  g_assert_cmpuint (portolan_test_server_get_requests (server), ==, 1);
}

/* Without the test CA, libsoup fails the request rather than answer it */
static void
test_https_untrusted (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PortolanTestServer) server = NULL;
  g_autoptr(SoupSession) session = session_new (NULL);
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autofree char *authority = NULL;
  g_autofree char *uri = NULL;

  server = portolan_test_https_server_new ("127.0.0.1", certs->self_signed, PORTOLAN_TEST_HTTP_UMS_STATUS, &error);
  g_assert_no_error (error);
  authority = portolan_test_server_dup_authority (server);
  uri = g_strconcat ("https://", authority, "/", NULL);

  body = http_get (session, uri, &message, &error);
  g_assert_error (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE);
  g_assert_null (body);
  g_assert_cmphex (soup_message_get_tls_peer_certificate_errors (message), ==, G_TLS_CERTIFICATE_UNKNOWN_CA);
  g_assert_cmpuint (portolan_test_server_get_requests (server), ==, 0);
}

static void
test_http_plain_ok (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PortolanTestServer) server = NULL;
  g_autoptr(SoupSession) session = session_new (NULL);
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autofree char *authority = NULL;
  g_autofree char *uri = NULL;

  server = portolan_test_https_server_new (NULL, NULL, PORTOLAN_TEST_HTTP_PLAIN_OK, &error);
  g_assert_no_error (error);
  authority = portolan_test_server_dup_authority (server);
  uri = g_strconcat ("http://", authority, "/anything?at=all", NULL);

  body = http_get (session, uri, &message, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (message), ==, SOUP_STATUS_OK);
  g_assert_cmpstr (soup_message_headers_get_content_type (soup_message_get_response_headers (message), NULL),
                   ==, "text/plain");
  g_assert_cmpmem (g_bytes_get_data (body, NULL), g_bytes_get_size (body), "ok", 2);
  g_assert_cmpstr (portolan_test_server_get_last_path (server), ==, "/anything");
}

static void
test_proxy_tunnel (gconstpointer data)
{
  const char *address = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(PortolanTestServer) https = NULL;
  g_autoptr(PortolanTestServer) proxy = NULL;
  g_autoptr(GProxyResolver) resolver = NULL;
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autofree char *https_authority = NULL;
  g_autofree char *proxy_authority = NULL;
  g_autofree char *proxy_uri = NULL;
  g_autofree char *uri = NULL;

  if (skip_without (address))
    return;

  https = portolan_test_https_server_new (address, certs->valid, PORTOLAN_TEST_HTTP_UMS_STATUS, &error);
  g_assert_no_error (error);
  proxy = portolan_test_connect_proxy_new (address, &error);
  g_assert_no_error (error);

  https_authority = url_authority (https);
  proxy_authority = portolan_test_server_dup_authority (proxy);
  proxy_uri = g_strconcat ("http://", proxy_authority, NULL);
  uri = g_strconcat ("https://", https_authority, PORTOLAN_TEST_UMS_STATUS_PATH, NULL);
  resolver = g_simple_proxy_resolver_new (proxy_uri, NULL);
  session = session_new (resolver);

  body = http_get (session, uri, &message, &error);
  g_assert_no_error (error);
  assert_ums_status (message, body);
  g_assert_cmpuint (portolan_test_server_get_accepted (proxy), ==, 1);
  g_assert_cmpuint (portolan_test_server_get_requests (proxy), ==, 1);
  g_assert_cmpstr (portolan_test_server_get_last_target (proxy), ==, https_authority);
  g_assert_cmpuint (portolan_test_server_get_requests (https), ==, 1);

  /* The session keeps the tunnel open; freeing the proxy must end it */
  g_clear_pointer (&proxy, portolan_test_server_free);
  g_clear_pointer (&https, portolan_test_server_free);
}

static char *
proxy_exchange (PortolanTestServer *proxy,
                const char         *request)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GString) response = g_string_new (NULL);
  GOutputStream *output;
  char buffer[256];
  gssize received;

  connection = connect_to (portolan_test_server_get_address (proxy),
                           portolan_test_server_get_port (proxy), &error);
  g_assert_no_error (error);

  output = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  g_output_stream_write_all_async (output, request, strlen (request), G_PRIORITY_DEFAULT, NULL,
                                   store_result_cb, &result);
  wait_for_result (&result, "a proxy request");
  g_output_stream_write_all_finish (output, result, NULL, &error);
  g_assert_no_error (error);

  while ((received = read_some (G_IO_STREAM (connection), buffer, sizeof buffer, &error)) > 0)
    g_string_append_len (response, buffer, received);
  g_assert_no_error (error);

  return g_string_free (g_steal_pointer (&response), FALSE);
}

static void
test_proxy_refusals (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PortolanTestServer) proxy = NULL;
  g_autofree char *outside = NULL;
  g_autofree char *refused = NULL;
  g_autofree char *refused_request = NULL;
  g_autofree char *not_connect = NULL;
  g_autofree char *target = NULL;

  proxy = portolan_test_connect_proxy_new ("127.0.0.1", &error);
  g_assert_no_error (error);

  outside = proxy_exchange (proxy, "CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n");
  g_assert_true (g_str_has_prefix (outside, "HTTP/1.1 403 "));
  g_assert_cmpstr (portolan_test_server_get_last_target (proxy), ==, "example.com:443");

  target = g_strdup_printf ("127.0.0.1:%u", portolan_test_find_closed_port ("127.0.0.1"));
  refused_request = g_strdup_printf ("CONNECT %s HTTP/1.0\r\n\r\n", target);
  refused = proxy_exchange (proxy, refused_request);
  g_assert_true (g_str_has_prefix (refused, "HTTP/1.1 502 "));
  g_assert_cmpstr (portolan_test_server_get_last_target (proxy), ==, target);

  not_connect = proxy_exchange (proxy, "GET http://127.0.0.1/ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
  g_assert_true (g_str_has_prefix (not_connect, "HTTP/1.1 405 "));

  g_assert_cmpuint (portolan_test_server_get_accepted (proxy), ==, 3);
  g_assert_cmpuint (portolan_test_server_get_requests (proxy), ==, 2);
}

/* What the UMS_STATUS server answers, for nginx to answer the same */
#define NGINX_STATUS_JSON \
  "{\"rmGuiServerVersion\": \"" PORTOLAN_TEST_UMS_VERSION "\", " \
  "\"buildNumber\": \"" PORTOLAN_TEST_UMS_BUILD_NUMBER "\", " \
  "\"activeMQVersion\": \"5.16.2\", " \
  "\"derbyVersion\": \"10.14.2.0\", " \
  "\"serverUUID\": \"" PORTOLAN_TEST_UMS_SERVER_UUID "\", " \
  "\"server\": \"" PORTOLAN_TEST_UMS_SERVER_NAME "\", " \
  "\"links\": []}"

#define NGINX_PORTS 3

/* @pid and its children: nginx's master and its workers */
static GArray *
process_and_children (GPid pid)
{
  GArray *pids = portolan_test_list_children (pid);

  g_array_prepend_val (pids, pid);
  return pids;
}

static char *
key_path_of (const char *certificate_path)
{
  g_autofree char *stem = g_strndup (certificate_path, strlen (certificate_path) - strlen (".pem"));

  g_assert_true (g_str_has_suffix (certificate_path, ".pem"));
  return g_strconcat (stem, ".key", NULL);
}

/* The distribution's nginx, as the load tests use it: the serverstatus
 * on every port, over TLS that the test CA vouches for, and free() stops
 * the master and its workers */
static void
test_nginx (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PortolanTestNginx) nginx = NULL;
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(GHashTable) ports = g_hash_table_new (NULL, NULL);
  g_autoptr(GArray) processes = NULL;
  g_autofree char *key_path = key_path_of (certs->valid_path);

  nginx = portolan_test_nginx_new (certs->valid_path, key_path, NGINX_PORTS, NGINX_STATUS_JSON, &error);
  if (portolan_test_nginx_skip_if_missing (error))
    return;
  g_assert_no_error (error);

  session = session_new (NULL);
  for (guint i = 0; i < NGINX_PORTS; i++)
    {
      guint16 port = portolan_test_nginx_get_port (nginx, i);
      g_autofree char *status_uri = g_strdup_printf ("https://127.0.0.1:%u%s", port, PORTOLAN_TEST_UMS_STATUS_PATH);
      g_autofree char *root_uri = g_strdup_printf ("https://localhost:%u/", port);
      g_autoptr(SoupMessage) status_message = NULL;
      g_autoptr(SoupMessage) root_message = NULL;
      g_autoptr(GBytes) status_body = NULL;
      g_autoptr(GBytes) root_body = NULL;

      g_assert_cmpuint (port, >, 0);
      g_assert_false (g_hash_table_contains (ports, GUINT_TO_POINTER (port)));
      g_hash_table_add (ports, GUINT_TO_POINTER (port));

      status_body = http_get (session, status_uri, &status_message, &error);
      g_assert_no_error (error);
      assert_ums_status (status_message, status_body);

      root_body = http_get (session, root_uri, &root_message, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (soup_message_get_status (root_message), ==, SOUP_STATUS_OK);
      g_assert_cmpmem (g_bytes_get_data (root_body, NULL), g_bytes_get_size (root_body), "ok\n", 3);
    }

  /* A master and at least one worker */
  processes = process_and_children (portolan_test_nginx_get_pid (nginx));
  g_assert_cmpuint (processes->len, >=, 2);

  g_clear_object (&session);
  g_clear_pointer (&nginx, portolan_test_nginx_free);
  for (guint i = 0; i < processes->len; i++)
    {
      GPid pid = g_array_index (processes, GPid, i);

      g_assert_cmpint (kill (pid, 0), ==, -1);
      g_assert_cmpint (errno, ==, ESRCH);
    }
}

static void
add_address_test (const char    *path,
                  GTestDataFunc  func)
{
  for (guint i = 0; i < G_N_ELEMENTS (addresses); i++)
    {
      g_autofree char *name = g_strdup_printf ("%s/%s", path,
                                               strchr (addresses[i], ':') ? "ipv6" : "ipv4");

      g_test_add_data_func (name, addresses[i], func);
    }
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  gint64 started;
  int status;

  g_test_init (&argc, &argv, NULL);

  started = g_get_monotonic_time ();
  certs = portolan_test_certs_new (&error);
  g_assert_no_error (error);
  g_test_message ("certificates generated in %" G_GINT64_FORMAT " ms",
                  (g_get_monotonic_time () - started) / 1000);

  g_test_add_func ("/support/certs", test_certs);
  g_test_add_func ("/support/not-loopback", test_not_loopback);
  add_address_test ("/support/tcp/accept-close", test_tcp_accept_close);
  add_address_test ("/support/tcp/accept-silent", test_tcp_accept_silent);
  add_address_test ("/support/tcp/closed-port", test_tcp_closed_port);
  add_address_test ("/support/udp/echo", test_udp_echo);
  add_address_test ("/support/udp/silent", test_udp_silent);
  add_address_test ("/support/udp/closed-port", test_udp_closed_port);
  g_test_add_data_func ("/support/tls/valid", &tls_cases[0], test_tls);
  g_test_add_data_func ("/support/tls/valid-ip", &tls_cases[1], test_tls);
  g_test_add_data_func ("/support/tls/valid-ipv6-localhost", &tls_cases[2], test_tls);
  g_test_add_data_func ("/support/tls/valid-ipv6-address", &tls_cases[3], test_tls);
  g_test_add_data_func ("/support/tls/expired", &tls_cases[4], test_tls);
  g_test_add_data_func ("/support/tls/wrong-name", &tls_cases[5], test_tls);
  g_test_add_data_func ("/support/tls/self-signed", &tls_cases[6], test_tls);
  g_test_add_func ("/support/tls/abandoned", test_tls_abandoned);
  add_address_test ("/support/https/ums-status", test_https_ums_status);
  g_test_add_func ("/support/https/not-found", test_https_not_found);
  g_test_add_func ("/support/https/untrusted", test_https_untrusted);
  g_test_add_func ("/support/http/plain-ok", test_http_plain_ok);
  add_address_test ("/support/proxy/tunnel", test_proxy_tunnel);
  g_test_add_func ("/support/proxy/refusals", test_proxy_refusals);
  g_test_add_func ("/support/nginx", test_nginx);

  status = g_test_run ();
  g_clear_pointer (&certs, portolan_test_certs_free);
  return status;
}
