/* portolan-probe-tls.c: a TLS handshake that reports, rather than refuses
 *
 * A certificate problem never aborts a check: the handshake accepts
 * whatever the server shows, and the certificate is then verified
 * against the run's trust store, so the admin sees the subject, the
 * dates and the fingerprint of the certificate that is wrong.
 *
 * The handshake runs in a thread of a pool of our own, blocking, with a
 * main context of its own, on a connection without a database: glib-
 * networking 2.74 built the whole system trust list for every connection
 * given one, on the main thread. The chain is verified in the worker,
 * against the one database the run loaded.
 *
 * Not enough under load: glib-networking 2.74 runs even a blocking
 * handshake through GLib's shared task pool, which grows by about one
 * thread per 100 ms, so twenty handshakes at once still queue there
 * (tests/test-hostile.c shows it). The way out is a handshake that does
 * not go through that pool.
 */
#include "config.h"

#include "portolan-probe-private.h"

/* Enough for every check a run keeps in flight to wait on its server at
 * once; idle threads cost little and exit after a while */
#define HANDSHAKE_THREADS 512

typedef struct
{
  GIOStream          *connection;
  GSocketConnectable *identity;
  GTlsDatabase       *database;
  char               *expected_sha256;
  GCancellable       *cancellable;
} HandshakeData;

static void
handshake_data_free (HandshakeData *data)
{
  g_clear_object (&data->connection);
  g_clear_object (&data->identity);
  g_clear_object (&data->database);
  g_clear_object (&data->cancellable);
  g_free (data->expected_sha256);
  g_free (data);
}

void
_portolan_handshake_result_free (PortolanHandshakeResult *result)
{
  if (result->tls != NULL)
    g_io_stream_close (result->tls, NULL, NULL);
  g_clear_object (&result->tls);
  g_clear_pointer (&result->info, portolan_tls_info_free);
  g_clear_error (&result->error);
  g_free (result);
}

static gboolean
accept_certificate_cb (GTlsConnection       *connection,
                       GTlsCertificate      *certificate,
                       GTlsCertificateFlags  errors,
                       gpointer              user_data)
{
  /* Verified afterwards against the run's database: a finding, not a refusal */
  return TRUE;
}

static GIOStream *
new_client_connection (HandshakeData  *data,
                       GError        **error)
{
  GType type = g_tls_backend_get_client_connection_type (g_tls_backend_get_default ());

  /* "database" NULL, set at construction: no trust list per connection */
  return g_initable_new (type, data->cancellable, error,
                         "base-io-stream", data->connection,
                         "server-identity", data->identity,
                         "database", NULL,
                         NULL);
}

static PortolanHandshakeResult *
handshake (HandshakeData *data)
{
  PortolanHandshakeResult *outcome = g_new0 (PortolanHandshakeResult, 1);
  g_autoptr(GIOStream) tls = NULL;
  GTlsCertificate *certificate;
  GTlsCertificateFlags errors;

  tls = new_client_connection (data, &outcome->error);
  if (tls == NULL)
    return outcome;

  g_signal_connect (tls, "accept-certificate", G_CALLBACK (accept_certificate_cb), NULL);
  if (g_tls_connection_handshake (G_TLS_CONNECTION (tls), data->cancellable, &outcome->error))
    outcome->tls = g_object_ref (tls);
  else
    g_io_stream_close (tls, NULL, NULL);

  /* Even after a failed handshake the certificate may have been seen */
  certificate = g_tls_connection_get_peer_certificate (G_TLS_CONNECTION (tls));
  if (certificate == NULL)
    return outcome;

  errors = g_tls_database_verify_chain (data->database, certificate,
                                        G_TLS_DATABASE_PURPOSE_AUTHENTICATE_SERVER,
                                        data->identity, NULL, G_TLS_DATABASE_VERIFY_NONE,
                                        NULL, NULL);
  outcome->info = portolan_tls_info_new (certificate, errors, data->expected_sha256);

  return outcome;
}

static void
handshake_in_thread (gpointer task_pointer,
                     gpointer pool_data)
{
  g_autoptr(GTask) task = task_pointer;
  HandshakeData *data = g_task_get_task_data (task);
  g_autoptr(GMainContext) context = g_main_context_new ();

  /* glib-networking runs its signals on the thread-default context of a
   * blocking handshake: this thread's, never the window's */
  g_main_context_push_thread_default (context);
  g_task_return_pointer (task, handshake (data), (GDestroyNotify) _portolan_handshake_result_free);
  g_main_context_pop_thread_default (context);
}

static GThreadPool *
get_pool (void)
{
  static GThreadPool *pool;

  if (g_once_init_enter (&pool))
    g_once_init_leave (&pool, g_thread_pool_new (handshake_in_thread, NULL, HANDSHAKE_THREADS, FALSE, NULL));

  return pool;
}

void
_portolan_tls_handshake_async (PortolanProbeContext *context,
                               GIOStream            *connection,
                               const char           *host,
                               guint16               port,
                               const char           *expected_sha256,
                               PortolanDeadline     *deadline,
                               GAsyncReadyCallback   callback,
                               gpointer              user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, NULL, callback, user_data);
  g_autoptr(GInetAddress) literal = g_inet_address_new_from_string (host);
  HandshakeData *data = g_new0 (HandshakeData, 1);

  g_task_set_source_tag (task, _portolan_tls_handshake_async);
  g_task_set_priority (task, PORTOLAN_PROBE_PRIORITY);

  /* A name is sent as SNI and checked against the certificate. An
   * address must not be sent as SNI (RFC 6066; strict servers hang up),
   * so it goes as a socket address, still checked against IP SANs. */
  if (literal != NULL)
    data->identity = G_SOCKET_CONNECTABLE (g_inet_socket_address_new (literal, port));
  else
    data->identity = g_network_address_new (host, port);

  data->connection = g_object_ref (connection);
  data->database = g_object_ref (_portolan_probe_context_get_tls_database (context));
  data->expected_sha256 = g_strdup (expected_sha256);
  data->cancellable = g_object_ref (deadline->cancellable);
  g_task_set_task_data (task, data, (GDestroyNotify) handshake_data_free);

  g_thread_pool_push (get_pool (), g_steal_pointer (&task), NULL);
}

PortolanHandshakeResult *
_portolan_tls_handshake_finish (GAsyncResult *result)
{
  return g_task_propagate_pointer (G_TASK (result), NULL);
}
