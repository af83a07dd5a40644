/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-test-servers.c
 *
 * Small real servers for the probe tests. They all live on the
 * thread-default GMainContext of whoever made them and never block it.
 *
 * Freeing one must leave nothing behind (the tests run under valgrind and
 * fatal warnings), and callbacks must never see a freed server, so free
 * works in two steps: it cancels every operation in flight and stops the
 * GSocketService, then iterates the context until each cancelled callback
 * has run and the service has been finalized. Listening sockets are never
 * closed by hand: GSocketService warns ("fail: Socket is already closed")
 * if its pending accept wakes up on a closed socket, so they are left to
 * its finalization.
 */
#include "config.h"

#include <libsoup/soup.h>

#include "portolan-test-servers.h"

struct _PortolanTestServer
{
  int              mode;
  char            *address;
  guint16          port;

  guint            accepted;
  guint            requests;
  guint            connections;  /* of the HTTP(S) server: accepted counts requests there */
  char            *last_path;
  char            *last_host;
  char            *last_target;

  /* The UMS Server's own health, or NULL to answer 404 like one before 6.09 */
  char            *health;

  /* Owned references */
  GMainContext    *context;
  GCancellable    *cancellable;
  GSocketService  *service;
  GPtrArray       *silent_connections;
  GTlsCertificate *certificate;
  GSocketClient   *client;
  GSocket         *socket;
  GSource         *source;
  guint8          *datagram;
  SoupServer      *soup;

  /* TLS, HTTPS and proxy connections that still have an operation in flight */
  guint            busy_peers;
};

/* One accepted connection of the TLS server, the HTTPS server before its
 * handshake, or the proxy. It always has exactly one operation in flight
 * until peer_free(). */
typedef struct
{
  PortolanTestServer *server;
  GSocketConnection  *connection;

  /* TLS and HTTPS servers */
  GIOStream          *tls;
  guint8              buffer[4096];

  /* Proxy */
  GDataInputStream   *request;
  char               *request_line;
  guint               header_lines;
  GSocketConnection  *target;
  GBytes             *early_data;
} Peer;

#define UMS_STATUS_JSON \
  "{\"rmGuiServerVersion\": \"" PORTOLAN_TEST_UMS_VERSION "\", " \
  "\"buildNumber\": \"" PORTOLAN_TEST_UMS_BUILD_NUMBER "\", " \
  "\"activeMQVersion\": \"5.16.2\", " \
  "\"derbyVersion\": \"10.14.2.0\", " \
  "\"serverUUID\": \"" PORTOLAN_TEST_UMS_SERVER_UUID "\", " \
  "\"server\": \"" PORTOLAN_TEST_UMS_SERVER_NAME "\", " \
  "\"links\": []}"

#define DATAGRAM_SIZE 65536

static const char response_established[] = "HTTP/1.1 200 Connection established\r\n\r\n";
static const char response_bad_request[] = "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
static const char response_forbidden[] = "HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
static const char response_not_allowed[] = "HTTP/1.1 405 Method Not Allowed\r\nAllow: CONNECT\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
static const char response_bad_gateway[] = "HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";

static void tls_read_cb       (GObject      *object,
                               GAsyncResult *result,
                               gpointer      user_data);
static void proxy_read_line   (Peer         *peer);

static GInetSocketAddress *
parse_loopback (const char  *address,
                GError     **error)
{
  g_autoptr(GInetAddress) inet = NULL;

  inet = g_inet_address_new_from_string (address != NULL ? address : "127.0.0.1");
  if (inet == NULL || !g_inet_address_get_is_loopback (inet))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "Test servers listen on loopback only, not on “%s”", address);
      return NULL;
    }

  return G_INET_SOCKET_ADDRESS (g_inet_socket_address_new (inet, 0));
}

static guint16
port_of (GSocketAddress *address)
{
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (address));
}

static PortolanTestServer *
server_new (int         mode,
            const char *address)
{
  PortolanTestServer *self = g_new0 (PortolanTestServer, 1);

  self->mode = mode;
  self->address = g_strdup (address != NULL ? address : "127.0.0.1");
  self->context = g_main_context_ref_thread_default ();
  self->cancellable = g_cancellable_new ();
  return self;
}

static void
iterate_until_idle (PortolanTestServer *self)
{
  gpointer service = self->service;

  /* The service's cancelled accept still holds a reference to it */
  if (service != NULL)
    {
      g_object_add_weak_pointer (service, &service);
      g_clear_object (&self->service);
    }

  while (service != NULL || self->busy_peers > 0)
    g_main_context_iteration (self->context, TRUE);
}

static gboolean
wait_timed_out_cb (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

/**
 * portolan_test_server_free:
 * @server: (transfer full) (nullable): a server
 *
 * Closes every connection and the listening socket, and waits, iterating
 * the server's main context, until all of its callbacks have run.
 */
void
portolan_test_server_free (PortolanTestServer *server)
{
  PortolanTestServer *self = server;

  if (self == NULL)
    return;

  g_cancellable_cancel (self->cancellable);

  if (self->service != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->service, self);
      g_socket_service_stop (self->service);
    }

  if (self->silent_connections != NULL)
    {
      for (guint i = 0; i < self->silent_connections->len; i++)
        g_io_stream_close (g_ptr_array_index (self->silent_connections, i), NULL, NULL);
      g_clear_pointer (&self->silent_connections, g_ptr_array_unref);
    }

  if (self->source != NULL)
    {
      g_source_destroy (self->source);
      g_clear_pointer (&self->source, g_source_unref);
    }
  if (self->socket != NULL)
    g_socket_close (self->socket, NULL);

  if (self->soup != NULL)
    {
      soup_server_remove_handler (self->soup, NULL);
      soup_server_disconnect (self->soup);
    }

  iterate_until_idle (self);

  g_clear_object (&self->soup);
  g_clear_object (&self->socket);
  g_clear_object (&self->client);
  g_clear_object (&self->certificate);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_free (self->datagram);
  g_free (self->address);
  g_free (self->last_path);
  g_free (self->health);
  g_free (self->last_host);
  g_free (self->last_target);
  g_free (self);
}

guint16
portolan_test_server_get_port (PortolanTestServer *server)
{
  g_return_val_if_fail (server != NULL, 0);

  return server->port;
}

/**
 * portolan_test_server_get_address:
 * @server: a server
 *
 * Returns: the address the server listens on, "127.0.0.1" or "::1"
 */
const char *
portolan_test_server_get_address (PortolanTestServer *server)
{
  g_return_val_if_fail (server != NULL, NULL);

  return server->address;
}

/**
 * portolan_test_server_dup_authority:
 * @server: a server
 *
 * Returns: (transfer full): "127.0.0.1:PORT" or "[::1]:PORT", as in a URI,
 *   a Host header or a CONNECT request
 */
char *
portolan_test_server_dup_authority (PortolanTestServer *server)
{
  g_return_val_if_fail (server != NULL, NULL);

  if (strchr (server->address, ':') != NULL)
    return g_strdup_printf ("[%s]:%u", server->address, server->port);
  return g_strdup_printf ("%s:%u", server->address, server->port);
}

/**
 * portolan_test_server_get_accepted:
 * @server: a server
 *
 * Counts what reached the server: connections accepted (TCP, TLS, proxy),
 * datagrams received (UDP), or requests answered (HTTP(S), whose
 * connections are not counted). It rises only while the main context is
 * iterated.
 *
 * Returns: the count so far
 */
guint
portolan_test_server_get_accepted (PortolanTestServer *server)
{
  g_return_val_if_fail (server != NULL, 0);

  return server->accepted;
}

/**
 * portolan_test_server_get_requests:
 * @server: a server
 *
 * Returns: the HTTP requests an HTTP(S) server answered, or the CONNECT
 *   requests a proxy received (refused ones included); 0 for other servers
 */
guint
portolan_test_server_get_requests (PortolanTestServer *server)
{
  g_return_val_if_fail (server != NULL, 0);

  return server->requests;
}

/**
 * portolan_test_server_get_connections:
 * @server: an HTTP(S) server
 *
 * Returns: how many connections it accepted
 */
guint
portolan_test_server_get_connections (PortolanTestServer *server)
{
  g_return_val_if_fail (server != NULL, 0);

  return server->connections;
}

/**
 * portolan_test_server_set_health:
 * @server: a %PORTOLAN_TEST_HTTP_UMS_STATUS or %PORTOLAN_TEST_HTTP_ICG_OK server
 * @status: (nullable): what GET %PORTOLAN_TEST_UMS_HEALTH_PATH, or
 *   /usg/check-status, answers as {"status": …}; %NULL for 404 from a UMS
 *   Server before 6.09, "ok" from an ICG
 */
void
portolan_test_server_set_health (PortolanTestServer *server,
                                 const char         *status)
{
  g_return_if_fail (server != NULL);

  g_free (server->health);
  server->health = g_strdup (status);
}

/**
 * portolan_test_server_get_last_path:
 * @server: an HTTP(S) server
 *
 * Returns: (nullable): the path of the last request, or %NULL before any
 */
const char *
portolan_test_server_get_last_path (PortolanTestServer *server)
{
  g_return_val_if_fail (server != NULL, NULL);

  return server->last_path;
}

/**
 * portolan_test_server_get_last_host:
 * @server: an HTTP(S) server
 *
 * Returns: (nullable): the Host header of the last request, or %NULL
 */
const char *
portolan_test_server_get_last_host (PortolanTestServer *server)
{
  g_return_val_if_fail (server != NULL, NULL);

  return server->last_host;
}

/**
 * portolan_test_server_get_last_target:
 * @server: a CONNECT proxy
 *
 * Returns: (nullable): the "host:port" of the last CONNECT request, as
 *   the client wrote it, or %NULL before any
 */
const char *
portolan_test_server_get_last_target (PortolanTestServer *server)
{
  g_return_val_if_fail (server != NULL, NULL);

  return server->last_target;
}

/**
 * portolan_test_server_wait_accepted:
 * @server: a server
 * @count: the accepted count to wait for
 * @timeout_ms: how long to wait at most
 *
 * Iterates the server's main context until portolan_test_server_get_accepted()
 * reaches @count: a client's connect can finish before the server has had
 * its turn to accept.
 *
 * Returns: %TRUE if @count was reached, %FALSE on timeout
 */
gboolean
portolan_test_server_wait_accepted (PortolanTestServer *server,
                                    guint               count,
                                    guint               timeout_ms)
{
  g_autoptr(GSource) timeout = NULL;
  gboolean timed_out = FALSE;

  g_return_val_if_fail (server != NULL, FALSE);

  timeout = g_timeout_source_new (timeout_ms);
  g_source_set_callback (timeout, wait_timed_out_cb, &timed_out, NULL);
  g_source_attach (timeout, server->context);

  while (server->accepted < count && !timed_out)
    g_main_context_iteration (server->context, TRUE);

  g_source_destroy (timeout);
  return server->accepted >= count;
}

static gboolean
listen_stream (PortolanTestServer  *self,
               GCallback            incoming_cb,
               GError             **error)
{
  g_autoptr(GInetSocketAddress) address = NULL;
  g_autoptr(GSocketAddress) effective = NULL;

  address = parse_loopback (self->address, error);
  if (address == NULL)
    return FALSE;

  self->service = g_socket_service_new ();
  /* Tests open hundreds of connections at once; the default backlog of
   * 10 would drop their SYNs and delay them by seconds */
  g_socket_listener_set_backlog (G_SOCKET_LISTENER (self->service), 1024);
  g_signal_connect (self->service, "incoming", incoming_cb, self);
  if (!g_socket_listener_add_address (G_SOCKET_LISTENER (self->service),
                                      G_SOCKET_ADDRESS (address),
                                      G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                                      NULL, &effective, error))
    return FALSE;

  self->port = port_of (effective);
  return TRUE;
}

/* TCP */

static gboolean
tcp_incoming_cb (GSocketService     *service,
                 GSocketConnection  *connection,
                 GObject            *source_object,
                 PortolanTestServer *self)
{
  self->accepted++;

  if (self->mode == PORTOLAN_TEST_TCP_ACCEPT_CLOSE)
    g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
  else
    g_ptr_array_add (self->silent_connections, g_object_ref (connection));

  return TRUE;
}

/**
 * portolan_test_tcp_server_new:
 * @address: (nullable): "127.0.0.1" or "::1"
 * @mode: %PORTOLAN_TEST_TCP_ACCEPT_CLOSE closes each connection as soon as
 *   it is accepted; %PORTOLAN_TEST_TCP_ACCEPT_SILENT keeps it open and never
 *   writes, until the server is freed
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the server, or %NULL with @error set
 */
PortolanTestServer *
portolan_test_tcp_server_new (const char           *address,
                              PortolanTestTcpMode   mode,
                              GError              **error)
{
  g_autoptr(PortolanTestServer) self = server_new (mode, address);

  self->silent_connections = g_ptr_array_new_with_free_func (g_object_unref);
  if (!listen_stream (self, G_CALLBACK (tcp_incoming_cb), error))
    return NULL;

  return g_steal_pointer (&self);
}

static guint16
find_closed_port (const char     *address,
                  GSocketType     type,
                  GSocketProtocol protocol)
{
  g_autoptr(GInetSocketAddress) any_port = parse_loopback (address, NULL);
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  if (any_port == NULL)
    return 0;

  socket = g_socket_new (g_socket_address_get_family (G_SOCKET_ADDRESS (any_port)),
                         type, protocol, &error);
  if (socket == NULL ||
      !g_socket_bind (socket, G_SOCKET_ADDRESS (any_port), FALSE, &error) ||
      (bound = g_socket_get_local_address (socket, &error)) == NULL)
    {
      g_debug ("No free port on %s: %s", address, error->message);
      return 0;
    }

  g_socket_close (socket, NULL);
  return port_of (bound);
}

/**
 * portolan_test_find_closed_port:
 * @address: (nullable): "127.0.0.1" or "::1"
 *
 * Finds a TCP port where nothing listens, so that a connection to it is
 * refused: the kernel picks a free port for a socket that is bound and
 * closed again. Something else may take the port between here and the
 * test's connect, but the kernel hands out ephemeral ports in turn, so
 * the same one is unlikely to come back that soon.
 *
 * Returns: the port, or 0 if @address can't be bound
 */
guint16
portolan_test_find_closed_port (const char *address)
{
  return find_closed_port (address, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP);
}

/**
 * portolan_test_find_closed_udp_port:
 * @address: (nullable): "127.0.0.1" or "::1"
 *
 * Like portolan_test_find_closed_port(), for UDP: with nothing bound there,
 * the kernel answers a datagram with ICMP port unreachable.
 *
 * Returns: the port, or 0 if @address can't be bound
 */
guint16
portolan_test_find_closed_udp_port (const char *address)
{
  return find_closed_port (address, G_SOCKET_TYPE_DATAGRAM, G_SOCKET_PROTOCOL_UDP);
}

/**
 * portolan_test_loopback_available:
 * @address: "127.0.0.1" or "::1"
 *
 * Some containers and CI runners have no IPv6, not even ::1; tests for
 * ::1 skip themselves when this is %FALSE.
 *
 * Returns: whether a socket can be bound on @address
 */
gboolean
portolan_test_loopback_available (const char *address)
{
  return portolan_test_find_closed_port (address) != 0;
}

/* UDP */

static gboolean
datagram_received_cb (GSocket            *socket,
                      GIOCondition        condition,
                      PortolanTestServer *self)
{
  g_autoptr(GSocketAddress) from = NULL;
  g_autoptr(GError) error = NULL;
  gssize received;

  received = g_socket_receive_from (socket, &from, (char *) self->datagram, DATAGRAM_SIZE,
                                    NULL, &error);
  if (received < 0)
    {
      g_debug ("UDP receive on %s:%u: %s", self->address, self->port, error->message);
      return G_SOURCE_CONTINUE;
    }

  self->accepted++;
  if (self->mode != PORTOLAN_TEST_UDP_ECHO)
    return G_SOURCE_CONTINUE;

  /* An empty answer would look like no answer to a prober */
  if (received == 0)
    g_socket_send_to (socket, from, "pong", 4, NULL, &error);
  else
    g_socket_send_to (socket, from, (const char *) self->datagram, received, NULL, &error);

  if (error != NULL)
    g_debug ("UDP answer from %s:%u: %s", self->address, self->port, error->message);

  return G_SOURCE_CONTINUE;
}

/**
 * portolan_test_udp_server_new:
 * @address: (nullable): "127.0.0.1" or "::1"
 * @mode: %PORTOLAN_TEST_UDP_ECHO answers each datagram with its own bytes
 *   (an empty one with "pong"); %PORTOLAN_TEST_UDP_SILENT never answers
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the server, or %NULL with @error set
 */
PortolanTestServer *
portolan_test_udp_server_new (const char           *address,
                              PortolanTestUdpMode   mode,
                              GError              **error)
{
  g_autoptr(PortolanTestServer) self = server_new (mode, address);
  g_autoptr(GInetSocketAddress) any_port = NULL;
  g_autoptr(GSocketAddress) bound = NULL;

  any_port = parse_loopback (address, error);
  if (any_port == NULL)
    return NULL;

  self->socket = g_socket_new (g_socket_address_get_family (G_SOCKET_ADDRESS (any_port)),
                               G_SOCKET_TYPE_DATAGRAM, G_SOCKET_PROTOCOL_UDP, error);
  if (self->socket == NULL ||
      !g_socket_bind (self->socket, G_SOCKET_ADDRESS (any_port), FALSE, error) ||
      (bound = g_socket_get_local_address (self->socket, error)) == NULL)
    return NULL;

  self->port = port_of (bound);
  self->datagram = g_malloc (DATAGRAM_SIZE);
  g_socket_set_blocking (self->socket, FALSE);

  self->source = g_socket_create_source (self->socket, G_IO_IN, NULL);
  g_source_set_callback (self->source, G_SOURCE_FUNC (datagram_received_cb), self, NULL);
  g_source_attach (self->source, self->context);

  return g_steal_pointer (&self);
}

/* Connections of the TLS server and the proxy */

static Peer *
peer_new (PortolanTestServer *server,
          GSocketConnection  *connection)
{
  Peer *peer = g_new0 (Peer, 1);

  peer->server = server;
  peer->connection = g_object_ref (connection);
  server->busy_peers++;
  return peer;
}

/* Only ever called once the peer's last operation has finished, so
 * nothing is using the streams while they are closed. Closing a socket
 * connection never blocks. A connection handed over to the SoupServer is
 * no longer the peer's to close. */
static void
peer_free (Peer *peer)
{
  peer->server->busy_peers--;

  if (peer->connection != NULL)
    g_io_stream_close (G_IO_STREAM (peer->connection), NULL, NULL);
  if (peer->target != NULL)
    g_io_stream_close (G_IO_STREAM (peer->target), NULL, NULL);

  g_clear_object (&peer->tls);
  g_clear_object (&peer->request);
  g_clear_object (&peer->target);
  g_clear_object (&peer->connection);
  g_clear_pointer (&peer->early_data, g_bytes_unref);
  g_free (peer->request_line);
  g_free (peer);
}

static gboolean
peer_is_stopped (Peer *peer)
{
  return g_cancellable_is_cancelled (peer->server->cancellable);
}

/* TLS */

static void
tls_read (Peer *peer)
{
  g_input_stream_read_async (g_io_stream_get_input_stream (peer->tls),
                             peer->buffer, sizeof peer->buffer,
                             G_PRIORITY_DEFAULT, peer->server->cancellable,
                             tls_read_cb, peer);
}

static void
tls_read_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Peer *peer = user_data;
  g_autoptr(GError) error = NULL;
  gssize n_read;

  n_read = g_input_stream_read_finish (G_INPUT_STREAM (object), result, &error);
  if (n_read <= 0 || peer_is_stopped (peer))
    {
      peer_free (peer);
      return;
    }

  tls_read (peer);
}

static void
tls_handshake_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  Peer *peer = user_data;
  g_autoptr(GError) error = NULL;

  /* A client that rejects the certificate is what some tests want */
  if (!g_tls_connection_handshake_finish (G_TLS_CONNECTION (object), result, &error) ||
      peer_is_stopped (peer))
    {
      if (error != NULL)
        g_debug ("TLS handshake: %s", error->message);
      peer_free (peer);
      return;
    }

  /* Nothing to say; hold the connection open until the client closes it */
  tls_read (peer);
}

static gboolean
tls_incoming_cb (GSocketService     *service,
                 GSocketConnection  *connection,
                 GObject            *source_object,
                 PortolanTestServer *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GIOStream) tls = NULL;
  Peer *peer;

  self->accepted++;

  tls = g_tls_server_connection_new (G_IO_STREAM (connection), self->certificate, &error);
  if (tls == NULL)
    {
      g_debug ("TLS server connection: %s", error->message);
      return TRUE;
    }

  peer = peer_new (self, connection);
  peer->tls = g_steal_pointer (&tls);
  g_tls_connection_handshake_async (G_TLS_CONNECTION (peer->tls), G_PRIORITY_DEFAULT,
                                    self->cancellable, tls_handshake_cb, peer);
  return TRUE;
}

static gboolean
check_tls_backend (GError **error)
{
  if (!g_tls_backend_supports_tls (g_tls_backend_get_default ()))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           "TLS support is not available (is glib-networking installed?)");
      return FALSE;
    }

  return TRUE;
}

/**
 * portolan_test_tls_server_new:
 * @address: (nullable): "127.0.0.1" or "::1"
 * @certificate: the certificate, with its private key, to present
 * @error: return location for a #GError
 *
 * Accepts TCP connections and runs a TLS server handshake on each, then
 * keeps the connection, reading and dropping whatever comes, until the
 * client closes it. Failed handshakes are dropped quietly.
 *
 * Returns: (transfer full) (nullable): the server, or %NULL with @error set
 */
PortolanTestServer *
portolan_test_tls_server_new (const char       *address,
                              GTlsCertificate  *certificate,
                              GError          **error)
{
  g_autoptr(PortolanTestServer) self = server_new (0, address);

  g_return_val_if_fail (G_IS_TLS_CERTIFICATE (certificate), NULL);

  if (!check_tls_backend (error))
    return NULL;

  self->certificate = g_object_ref (certificate);
  if (!listen_stream (self, G_CALLBACK (tls_incoming_cb), error))
    return NULL;

  return g_steal_pointer (&self);
}

/* HTTP(S) */

static void
http_request_cb (SoupServer        *soup,
                 SoupServerMessage *message,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           user_data)
{
  PortolanTestServer *self = user_data;
  const char *method = soup_server_message_get_method (message);
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (message);

  self->accepted++;
  self->requests++;
  g_free (self->last_path);
  self->last_path = g_strdup (path);
  g_free (self->last_host);
  self->last_host = g_strdup (soup_message_headers_get_one (headers, "Host"));

  switch ((PortolanTestHttpMode) self->mode)
    {
    case PORTOLAN_TEST_HTTP_UMS_STATUS:
      if (g_str_equal (path, PORTOLAN_TEST_UMS_STATUS_PATH) &&
          (g_str_equal (method, SOUP_METHOD_GET) || g_str_equal (method, SOUP_METHOD_HEAD)))
        {
          soup_server_message_set_status (message, SOUP_STATUS_OK, NULL);
          soup_server_message_set_response (message, "application/json", SOUP_MEMORY_STATIC,
                                            UMS_STATUS_JSON, strlen (UMS_STATUS_JSON));
        }
      else if (g_str_equal (path, PORTOLAN_TEST_UMS_HEALTH_PATH) && self->health != NULL)
        {
          g_autofree char *json = g_strdup_printf ("{\"status\": \"%s\"}", self->health);

          soup_server_message_set_status (message, SOUP_STATUS_OK, NULL);
          soup_server_message_set_response (message, "application/json", SOUP_MEMORY_COPY, json, strlen (json));
        }
      else
        soup_server_message_set_status (message, SOUP_STATUS_NOT_FOUND, NULL);
      break;

    case PORTOLAN_TEST_HTTP_NOT_FOUND:
      soup_server_message_set_status (message, SOUP_STATUS_NOT_FOUND, NULL);
      break;

    case PORTOLAN_TEST_HTTP_PLAIN_OK:
      soup_server_message_set_status (message, SOUP_STATUS_OK, NULL);
      soup_server_message_set_response (message, "text/plain", SOUP_MEMORY_STATIC, "ok", 2);
      break;

    case PORTOLAN_TEST_HTTP_ICG_OK:
      if (g_str_equal (path, "/usg/check-status"))
        {
          g_autofree char *json = g_strdup_printf ("{\"status\": \"%s\"}", self->health ? self->health : "ok");

          soup_server_message_set_status (message, SOUP_STATUS_OK, NULL);
          soup_server_message_set_response (message, "application/json", SOUP_MEMORY_COPY, json, strlen (json));
        }
      else
        soup_server_message_set_status (message, SOUP_STATUS_NOT_FOUND, NULL);
      break;

    default:
      g_assert_not_reached ();
    }
}

/* A SoupServer that listens leaks with libsoup 3.2: its SoupListener
 * never frees a socket it accepts, nor its own address (libsoup commits
 * b545d5f0 and c07ff61f, in 3.4). So the GSocketService of
 * listen_stream() accepts instead, and hands each connection over.
 * Returns whether the SoupServer took @stream. */
static gboolean
http_hand_over (PortolanTestServer *self,
                GIOStream          *stream,
                GSocketConnection  *connection)
{
  g_autoptr(GSocketAddress) local = NULL;
  g_autoptr(GSocketAddress) remote = NULL;
  g_autoptr(GError) error = NULL;

  /* A client that has already gone has no remote address */
  if ((local = g_socket_connection_get_local_address (connection, &error)) == NULL ||
      (remote = g_socket_connection_get_remote_address (connection, &error)) == NULL ||
      !soup_server_accept_iostream (self->soup, stream, local, remote, &error))
    {
      g_debug ("HTTP connection: %s", error->message);
      return FALSE;
    }

  return TRUE;
}

static void
https_handshake_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  Peer *peer = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_tls_connection_handshake_finish (G_TLS_CONNECTION (object), result, &error))
    g_debug ("HTTPS handshake: %s", error->message);
  else if (!peer_is_stopped (peer) &&
           http_hand_over (peer->server, peer->tls, peer->connection))
    g_clear_object (&peer->connection);

  peer_free (peer);
}

static gboolean
http_incoming_cb (GSocketService     *service,
                  GSocketConnection  *connection,
                  GObject            *source_object,
                  PortolanTestServer *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GIOStream) tls = NULL;
  Peer *peer;

  self->connections++;
  if (self->certificate == NULL)
    {
      if (!http_hand_over (self, G_IO_STREAM (connection), connection))
        g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
      return TRUE;
    }

  tls = g_tls_server_connection_new (G_IO_STREAM (connection), self->certificate, &error);
  if (tls == NULL)
    {
      g_debug ("TLS server connection: %s", error->message);
      return TRUE;
    }
  /* As SoupServer's own TLS connections: a client may just close */
  g_tls_connection_set_require_close_notify (G_TLS_CONNECTION (tls), FALSE);

  /* The handshake is done here, not by libsoup, so that freeing the
   * server can cancel it */
  peer = peer_new (self, connection);
  peer->tls = g_steal_pointer (&tls);
  g_tls_connection_handshake_async (G_TLS_CONNECTION (peer->tls), G_PRIORITY_DEFAULT,
                                    self->cancellable, https_handshake_cb, peer);
  return TRUE;
}

/**
 * portolan_test_https_server_new:
 * @address: (nullable): "127.0.0.1" or "::1"
 * @certificate: (nullable): the certificate, with its private key, or
 *   %NULL for plain HTTP
 * @mode: %PORTOLAN_TEST_HTTP_UMS_STATUS answers GET
 *   %PORTOLAN_TEST_UMS_STATUS_PATH like an IGEL UMS Server and 404
 *   elsewhere; %PORTOLAN_TEST_HTTP_NOT_FOUND answers 404 to everything;
 *   %PORTOLAN_TEST_HTTP_PLAIN_OK answers 200 "ok" to everything;
 *   %PORTOLAN_TEST_HTTP_ICG_OK answers /usg/check-status as an ICG
 * @error: return location for a #GError
 *
 * A SoupServer. It counts requests and remembers the path and Host header
 * of the last one. Failed handshakes are dropped quietly. It ends each
 * connection after one answer: libsoup 3.2 keeps a connection alive only
 * for a listener of its own, which this server cannot use (see
 * http_hand_over()).
 *
 * Returns: (transfer full) (nullable): the server, or %NULL with @error set
 */
PortolanTestServer *
portolan_test_https_server_new (const char            *address,
                                GTlsCertificate       *certificate,
                                PortolanTestHttpMode   mode,
                                GError               **error)
{
  g_autoptr(PortolanTestServer) self = server_new (mode, address);

  g_return_val_if_fail (certificate == NULL || G_IS_TLS_CERTIFICATE (certificate), NULL);

  if (certificate != NULL)
    {
      if (!check_tls_backend (error))
        return NULL;
      self->certificate = g_object_ref (certificate);
    }

  self->soup = g_object_new (SOUP_TYPE_SERVER, NULL);
  soup_server_add_handler (self->soup, NULL, http_request_cb, self, NULL);
  if (!listen_stream (self, G_CALLBACK (http_incoming_cb), error))
    return NULL;

  return g_steal_pointer (&self);
}

/* CONNECT proxy */

static void
proxy_spliced_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  Peer *peer = user_data;

  /* Either side closing, or the server stopping, ends the tunnel */
  g_io_stream_splice_finish (result, NULL);
  peer_free (peer);
}

static void
proxy_splice (Peer *peer)
{
  g_io_stream_splice_async (G_IO_STREAM (peer->connection), G_IO_STREAM (peer->target),
                            G_IO_STREAM_SPLICE_NONE, G_PRIORITY_DEFAULT,
                            peer->server->cancellable, proxy_spliced_cb, peer);
}

static void
proxy_early_data_written_cb (GObject      *object,
                             GAsyncResult *result,
                             gpointer      user_data)
{
  Peer *peer = user_data;

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (object), result, NULL, NULL) ||
      peer_is_stopped (peer))
    {
      peer_free (peer);
      return;
    }

  proxy_splice (peer);
}

static void
proxy_established_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  Peer *peer = user_data;
  const void *early;
  gsize early_size;

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (object), result, NULL, NULL) ||
      peer_is_stopped (peer))
    {
      peer_free (peer);
      return;
    }

  /* Bytes the client sent right after its headers are already in the
   * line reader's buffer, where the splice would never see them */
  early = g_buffered_input_stream_peek_buffer (G_BUFFERED_INPUT_STREAM (peer->request), &early_size);
  if (early_size == 0)
    {
      proxy_splice (peer);
      return;
    }

  peer->early_data = g_bytes_new (early, early_size);
  g_output_stream_write_all_async (g_io_stream_get_output_stream (G_IO_STREAM (peer->target)),
                                   g_bytes_get_data (peer->early_data, NULL), early_size,
                                   G_PRIORITY_DEFAULT, peer->server->cancellable,
                                   proxy_early_data_written_cb, peer);
}

static void
proxy_refused_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_output_stream_write_all_finish (G_OUTPUT_STREAM (object), result, NULL, NULL);
  peer_free (user_data);
}

/* @response is static; an answer other than 200 closes the connection */
static void
proxy_respond (Peer       *peer,
               const char *response)
{
  GOutputStream *output = g_io_stream_get_output_stream (G_IO_STREAM (peer->connection));

  g_output_stream_write_all_async (output, response, strlen (response),
                                   G_PRIORITY_DEFAULT, peer->server->cancellable,
                                   response == response_established ?
                                     proxy_established_cb : proxy_refused_cb,
                                   peer);
}

static void
proxy_connected_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  Peer *peer = user_data;
  g_autoptr(GError) error = NULL;

  peer->target = g_socket_client_connect_finish (G_SOCKET_CLIENT (object), result, &error);
  if (peer_is_stopped (peer))
    {
      peer_free (peer);
      return;
    }

  if (peer->target == NULL)
    {
      g_debug ("CONNECT %s: %s", peer->server->last_target, error->message);
      proxy_respond (peer, response_bad_gateway);
      return;
    }

  proxy_respond (peer, response_established);
}

static gboolean
is_loopback_name (const char *host)
{
  return g_str_equal (host, "127.0.0.1") ||
         g_str_equal (host, "::1") ||
         g_ascii_strcasecmp (host, "localhost") == 0;
}

static void
proxy_handle_request (Peer *peer)
{
  PortolanTestServer *self = peer->server;
  g_auto(GStrv) parts = g_strsplit (peer->request_line, " ", -1);
  g_autoptr(GSocketConnectable) target = NULL;

  if (g_strv_length (parts) != 3 || !g_str_has_prefix (parts[2], "HTTP/1."))
    {
      proxy_respond (peer, response_bad_request);
      return;
    }

  if (!g_str_equal (parts[0], "CONNECT"))
    {
      proxy_respond (peer, response_not_allowed);
      return;
    }

  self->requests++;
  g_free (self->last_target);
  self->last_target = g_strdup (parts[1]);

  target = g_network_address_parse (parts[1], 0, NULL);
  if (target == NULL || g_network_address_get_port (G_NETWORK_ADDRESS (target)) == 0)
    {
      proxy_respond (peer, response_bad_request);
      return;
    }

  /* Tests must never reach out of the machine */
  if (!is_loopback_name (g_network_address_get_hostname (G_NETWORK_ADDRESS (target))))
    {
      proxy_respond (peer, response_forbidden);
      return;
    }

  g_socket_client_connect_async (self->client, target, self->cancellable,
                                 proxy_connected_cb, peer);
}

static void
proxy_line_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  Peer *peer = user_data;
  g_autofree char *line = NULL;
  gsize length;

  line = g_data_input_stream_read_line_finish (G_DATA_INPUT_STREAM (object), result, &length, NULL);
  if (line == NULL || peer_is_stopped (peer))
    {
      peer_free (peer);
      return;
    }

  if (length > 0 && line[length - 1] == '\r')
    line[--length] = '\0';

  if (peer->request_line == NULL)
    peer->request_line = g_steal_pointer (&line);
  else if (length == 0)
    {
      proxy_handle_request (peer);
      return;
    }
  else if (++peer->header_lines > 100)
    {
      proxy_respond (peer, response_bad_request);
      return;
    }

  proxy_read_line (peer);
}

static void
proxy_read_line (Peer *peer)
{
  g_data_input_stream_read_line_async (peer->request, G_PRIORITY_DEFAULT,
                                       peer->server->cancellable, proxy_line_cb, peer);
}

static gboolean
proxy_incoming_cb (GSocketService     *service,
                   GSocketConnection  *connection,
                   GObject            *source_object,
                   PortolanTestServer *self)
{
  Peer *peer;

  self->accepted++;

  peer = peer_new (self, connection);
  peer->request = g_data_input_stream_new (g_io_stream_get_input_stream (G_IO_STREAM (connection)));
  g_filter_input_stream_set_close_base_stream (G_FILTER_INPUT_STREAM (peer->request), FALSE);
  g_data_input_stream_set_newline_type (peer->request, G_DATA_STREAM_NEWLINE_TYPE_LF);
  proxy_read_line (peer);
  return TRUE;
}

/**
 * portolan_test_connect_proxy_new:
 * @address: (nullable): "127.0.0.1" or "::1"
 * @error: return location for a #GError
 *
 * A minimal HTTP proxy that only knows CONNECT. It tunnels to 127.0.0.1,
 * ::1 and localhost only (403 elsewhere), answers 502 when the target
 * refuses and 405 to any other method. It counts CONNECT requests and
 * remembers the last target.
 *
 * Returns: (transfer full) (nullable): the proxy, or %NULL with @error set
 */
PortolanTestServer *
portolan_test_connect_proxy_new (const char  *address,
                                 GError     **error)
{
  g_autoptr(PortolanTestServer) self = server_new (0, address);

  /* The proxy settings of the machine running the tests are not ours */
  self->client = g_socket_client_new ();
  g_socket_client_set_enable_proxy (self->client, FALSE);
  if (!listen_stream (self, G_CALLBACK (proxy_incoming_cb), error))
    return NULL;

  return g_steal_pointer (&self);
}
