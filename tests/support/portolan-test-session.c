/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-test-session.c
 *
 * The client under test runs on the main context; the server it talks
 * to runs in a thread of its own with blocking I/O, so that a blocking
 * server never stands in for the non-blocking client. The server is
 * written by each test as one PortolanTestSessionServeFunc, on one
 * connection; this file accepts it, shakes hands, and stops the thread.
 */
#include "config.h"

#include <sys/socket.h>

#include "portolan-test-session.h"
#include "portolan-test-time.h"

/* How long free() gives the server to see that its client left */
#define SERVER_END_MS 2000

struct _PortolanTestSessionServer
{
  char                         *address;
  GTlsCertificate              *certificate;
  PortolanTestSessionServeFunc  serve;
  gpointer                      user_data;
  GSocket                      *listener;
  guint16                       port;
  GCancellable                 *cancellable;
  GThread                      *thread;

  GMutex                        lock;
  GCond                         cond;
  gboolean                      done;  /* with its connection */
};

/* --- The server --- */

static void
serve_connection (PortolanTestSessionServer *self)
{
  g_autoptr(GSocket) socket = g_socket_accept (self->listener, self->cancellable, NULL);
  g_autoptr(GIOStream) plain = NULL;
  g_autoptr(GIOStream) tls = NULL;
  g_autoptr(GError) error = NULL;

  if (socket == NULL)
    return;

  g_socket_set_timeout (socket, 10);
  plain = G_IO_STREAM (g_socket_connection_factory_create_connection (socket));
  if (self->certificate == NULL)
    {
      self->serve (socket, plain, self->cancellable, self->user_data);
      return;
    }

  tls = g_tls_server_connection_new (plain, self->certificate, &error);
  if (tls == NULL || !g_tls_connection_handshake (G_TLS_CONNECTION (tls), self->cancellable, &error))
    {
      /* A client that gives up on the handshake is what some tests want */
      g_debug ("test server's handshake: %s", error->message);
      return;
    }

  self->serve (socket, tls, self->cancellable, self->user_data);
}

static gpointer
serve_thread (gpointer data)
{
  PortolanTestSessionServer *self = data;

  serve_connection (self);

  g_mutex_lock (&self->lock);
  self->done = TRUE;
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->lock);
  return NULL;
}

/**
 * portolan_test_session_server_new:
 * @address: "127.0.0.1" or "::1"
 * @certificate: (nullable): with a certificate, the server completes a
 *   TLS handshake before @serve; without one, @serve has the bare socket
 * @serve: what the server does with its one connection, in its thread
 * @user_data: for @serve
 *
 * Returns: (transfer full): the server, bound to port 0 of @address;
 *   it listens once portolan_test_session_server_start() is called
 */
PortolanTestSessionServer *
portolan_test_session_server_new (const char                   *address,
                                  GTlsCertificate              *certificate,
                                  PortolanTestSessionServeFunc  serve,
                                  gpointer                      user_data)
{
  g_autoptr(GInetAddress) inet = g_inet_address_new_from_string (address);
  g_autoptr(GSocketAddress) any_port = NULL;
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;
  PortolanTestSessionServer *self;

  g_assert_nonnull (inet);
  g_assert_nonnull (serve);

  self = g_new0 (PortolanTestSessionServer, 1);
  self->address = g_strdup (address);
  self->certificate = certificate != NULL ? g_object_ref (certificate) : NULL;
  self->serve = serve;
  self->user_data = user_data;
  self->cancellable = g_cancellable_new ();
  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);

  any_port = g_inet_socket_address_new (inet, 0);
  self->listener = g_socket_new (g_inet_address_get_family (inet), G_SOCKET_TYPE_STREAM,
                                 G_SOCKET_PROTOCOL_DEFAULT, &error);
  g_assert_no_error (error);
  g_socket_bind (self->listener, any_port, TRUE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (self->listener, &error);
  g_assert_no_error (error);
  self->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  return self;
}

/**
 * portolan_test_session_server_set_receive_buffer:
 * @server: a server not yet started
 * @size: SO_RCVBUF of the connection it will accept, in bytes
 *
 * A small window the client fills at once, so that its writes block.
 */
void
portolan_test_session_server_set_receive_buffer (PortolanTestSessionServer *server,
                                                 int                        size)
{
  g_autoptr(GError) error = NULL;

  g_assert_null (server->thread);
  /* Before listen(): the accepted socket inherits it, and TCP picks its
   * window scale then */
  g_socket_set_option (server->listener, SOL_SOCKET, SO_RCVBUF, size, &error);
  g_assert_no_error (error);
}

/**
 * portolan_test_session_server_start:
 * @server: a server not yet started
 *
 * Listens, and accepts one connection in a thread of its own.
 */
void
portolan_test_session_server_start (PortolanTestSessionServer *server)
{
  g_autoptr(GError) error = NULL;

  g_assert_null (server->thread);
  g_socket_listen (server->listener, &error);
  g_assert_no_error (error);
  server->thread = g_thread_new ("test-session-server", serve_thread, server);
}

const char *
portolan_test_session_server_get_address (PortolanTestSessionServer *server)
{
  return server->address;
}

guint16
portolan_test_session_server_get_port (PortolanTestSessionServer *server)
{
  return server->port;
}

/**
 * portolan_test_session_server_wait_done:
 * @server: a server
 * @timeout_ms: how long to wait, before portolan_test_scale_ms()
 *
 * Returns: whether the server is done with its connection within
 *   @timeout_ms (never, if it was not started)
 */
gboolean
portolan_test_session_server_wait_done (PortolanTestSessionServer *server,
                                        guint                      timeout_ms)
{
  gint64 end = g_get_monotonic_time () + portolan_test_scale_us (timeout_ms * G_TIME_SPAN_MILLISECOND);
  gboolean done;

  g_mutex_lock (&server->lock);
  while (server->thread != NULL && !server->done && g_cond_wait_until (&server->cond, &server->lock, end))
    ;
  done = server->done;
  g_mutex_unlock (&server->lock);
  return done;
}

/**
 * portolan_test_session_server_free:
 * @server: (transfer full) (nullable): a server
 *
 * Stops the server once it is done with its connection, or after
 * SERVER_END_MS: cancels its blocking calls and joins its thread.
 */
void
portolan_test_session_server_free (PortolanTestSessionServer *server)
{
  PortolanTestSessionServer *self = server;

  if (self == NULL)
    return;

  /* The client has gone: let the server see it. glib-networking 2.74
   * leaks the error of a blocking TLS read that is cancelled. */
  portolan_test_session_server_wait_done (self, SERVER_END_MS);
  g_cancellable_cancel (self->cancellable);
  if (self->thread != NULL)
    g_thread_join (self->thread);
  g_socket_close (self->listener, NULL);
  g_object_unref (self->listener);
  g_clear_object (&self->certificate);
  g_object_unref (self->cancellable);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);
  g_free (self->address);
  g_free (self);
}

/**
 * portolan_test_session_server_drain:
 * @stream: the connection a PortolanTestSessionServeFunc was given
 * @cancellable: (nullable): its cancellable
 *
 * Reads and drops whatever comes, until the client leaves.
 */
void
portolan_test_session_server_drain (GIOStream    *stream,
                                    GCancellable *cancellable)
{
  GInputStream *input = g_io_stream_get_input_stream (stream);
  char buffer[4096];

  while (g_input_stream_read (input, buffer, sizeof buffer, cancellable, NULL) > 0)
    ;
}

/**
 * portolan_test_session_server_reset:
 * @socket: the socket a PortolanTestSessionServeFunc was given
 *
 * Closes @socket with RST instead of FIN.
 */
void
portolan_test_session_server_reset (GSocket *socket)
{
  struct linger linger = { 1, 0 };

  /* Closing with a zero linger time sends RST instead of FIN */
  setsockopt (g_socket_get_fd (socket), SOL_SOCKET, SO_LINGER, &linger, sizeof linger);
  g_socket_close (socket, NULL);
}

/* --- The client --- */

void
portolan_test_store_result_cb (GObject      *object,
                               GAsyncResult *result,
                               gpointer      user_data)
{
  GAsyncResult **out = user_data;

  g_assert_null (*out);
  *out = g_object_ref (result);
}

static gboolean
timed_out_cb (gpointer user_data)
{
  g_error ("Timed out waiting for %s", (const char *) user_data);
  return G_SOURCE_REMOVE;
}

/**
 * portolan_test_wait_for_result:
 * @result: where portolan_test_store_result_cb() stores the result
 * @what: what the test waits for, to name if it never comes
 *
 * Returns: (transfer none): *@result, once it came
 */
GAsyncResult *
portolan_test_wait_for_result (GAsyncResult **result,
                               const char    *what)
{
  guint timeout = g_timeout_add (portolan_test_scale_ms (PORTOLAN_TEST_SESSION_TIMEOUT_MS),
                                 timed_out_cb, (gpointer) what);

  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);

  g_source_remove (timeout);
  return *result;
}

/**
 * portolan_test_session_connect:
 * @address: an IP address on loopback
 * @port: a port there
 *
 * Returns: (transfer full): a TCP connection to @address, @port
 */
GSocketConnection *
portolan_test_session_connect (const char *address,
                               guint16     port)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GError) error = NULL;
  GSocketConnection *connection;

  /* Straight to loopback, whatever proxy the environment names */
  g_socket_client_set_enable_proxy (client, FALSE);
  connection = g_socket_client_connect_to_host (client, address, port, NULL, &error);
  g_assert_no_error (error);
  return connection;
}

/**
 * portolan_test_session_new_over:
 * @connection: a connection to the server
 * @host: the name the session sends as SNI, or an address to send none
 *
 * Returns: (transfer full): a session over @connection, before its handshake
 */
PortolanTlsSession *
portolan_test_session_new_over (GSocketConnection *connection,
                                const char        *host)
{
  g_autoptr(GError) error = NULL;
  PortolanTlsSession *session = _portolan_tls_session_new (G_IO_STREAM (connection), host, &error);

  g_assert_no_error (error);
  g_assert_nonnull (session);
  return session;
}

/**
 * portolan_test_session_new:
 * @address: an IP address on loopback
 * @port: a port there
 * @host: the name the session sends as SNI, or an address to send none
 *
 * Returns: (transfer full): a session to @address, @port, before its handshake
 */
PortolanTlsSession *
portolan_test_session_new (const char *address,
                           guint16     port,
                           const char *host)
{
  g_autoptr(GSocketConnection) connection = portolan_test_session_connect (address, port);

  return portolan_test_session_new_over (connection, host);
}

gboolean
portolan_test_session_handshake (PortolanTlsSession  *session,
                                 GCancellable        *cancellable,
                                 GError             **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  _portolan_tls_session_handshake_async (session, cancellable, portolan_test_store_result_cb, &result);
  portolan_test_wait_for_result (&result, "the handshake");
  return _portolan_tls_session_handshake_finish (session, result, error);
}

gboolean
portolan_test_session_write_all (PortolanTlsSession  *session,
                                 const void          *data,
                                 gsize                size,
                                 GCancellable        *cancellable,
                                 GError             **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  _portolan_tls_session_write_all_async (session, data, size, cancellable, portolan_test_store_result_cb, &result);
  portolan_test_wait_for_result (&result, "a write");
  return _portolan_tls_session_write_all_finish (session, result, error);
}

gssize
portolan_test_session_read (PortolanTlsSession  *session,
                            void                *buffer,
                            gsize                size,
                            GError             **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  _portolan_tls_session_read_async (session, buffer, size, NULL, portolan_test_store_result_cb, &result);
  portolan_test_wait_for_result (&result, "a read");
  return _portolan_tls_session_read_finish (session, result, error);
}

/**
 * portolan_test_session_read_to_end:
 * @session: a session after its handshake
 * @size: how many bytes to read at most at a time, 4096 at most
 *
 * Reads until the server ends the connection, and asserts it ended
 * without an error.
 *
 * Returns: (transfer full): what the server sent
 */
GBytes *
portolan_test_session_read_to_end (PortolanTlsSession *session,
                                   gsize               size)
{
  g_autoptr(GByteArray) data = g_byte_array_new ();
  g_autoptr(GError) error = NULL;
  guint8 buffer[4096];
  gssize n;

  g_assert_cmpuint (size, <=, sizeof buffer);
  while ((n = portolan_test_session_read (session, buffer, size, &error)) > 0)
    g_byte_array_append (data, buffer, n);

  g_assert_no_error (error);
  g_assert_cmpint (n, ==, 0);
  return g_byte_array_free_to_bytes (g_steal_pointer (&data));
}
