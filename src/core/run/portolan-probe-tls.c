/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-probe-tls.c: a TLS handshake that reports, rather than refuses
 *
 * A certificate problem never aborts a check: the handshake takes
 * whatever the server shows, and the certificate is then verified
 * against the run's trust store, so the admin sees the subject, the
 * dates and the fingerprint of the certificate that is wrong.
 *
 * The handshake runs on the main context (portolan-tls-session.c says
 * why not with glib-networking). Verifying the chain is the one step
 * that costs CPU in proportion to what the server sent, so it runs in a
 * small pool of threads of our own, against the one database the run
 * loaded; no network I/O ever waits in that pool.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "portolan-probe-private.h"

/* Verifying takes no I/O: a thread per core keeps the main loop free */
#define VERIFY_THREADS 4

typedef struct
{
  PortolanTlsSession *session;
  GSocketConnectable *identity;
  GTlsDatabase       *database;
  GTlsCertificate    *certificate;
  char               *expected_sha256;
  GCancellable       *cancellable;
  PortolanDeadline   *deadline;    /* the check's, which outlives the handshake */
  GError             *error;       /* why the handshake failed */
} HandshakeData;

static void
handshake_data_free (HandshakeData *data)
{
  g_clear_pointer (&data->session, _portolan_tls_session_free);
  g_clear_object (&data->identity);
  g_clear_object (&data->database);
  g_clear_object (&data->certificate);
  g_clear_object (&data->cancellable);
  g_clear_error (&data->error);
  g_free (data->expected_sha256);
  g_free (data);
}

void
_portolan_handshake_result_free (PortolanHandshakeResult *result)
{
  g_clear_pointer (&result->session, _portolan_tls_session_free);
  g_clear_pointer (&result->info, portolan_tls_info_free);
  g_clear_error (&result->error);
  g_clear_pointer (&result->received, g_bytes_unref);
  g_free (result);
}

static void
verify_in_thread (gpointer task_pointer,
                  gpointer pool_data)
{
  g_autoptr(GTask) task = task_pointer;
  HandshakeData *data = g_task_get_task_data (task);
  GTlsCertificateFlags errors;
  PortolanTlsInfo *info;

  errors = g_tls_database_verify_chain (data->database, data->certificate,
                                        G_TLS_DATABASE_PURPOSE_AUTHENTICATE_SERVER,
                                        data->identity, NULL, G_TLS_DATABASE_VERIFY_NONE,
                                        data->cancellable, NULL);
  info = portolan_tls_info_new (data->certificate, errors, data->expected_sha256);
  g_task_return_pointer (task, info, (GDestroyNotify) portolan_tls_info_free);
}

static GThreadPool *
get_verify_pool (void)
{
  static GThreadPool *pool;

  if (g_once_init_enter (&pool))
    g_once_init_leave (&pool, g_thread_pool_new (verify_in_thread, NULL, VERIFY_THREADS, FALSE, NULL));

  return pool;
}

static void
return_result (GTask           *task,
               PortolanTlsInfo *info)
{
  HandshakeData *data = g_task_get_task_data (task);
  PortolanHandshakeResult *result = g_new0 (PortolanHandshakeResult, 1);

  result->info = info;
  if (data->error == NULL)
    {
      result->session = g_steal_pointer (&data->session);
      g_task_return_pointer (task, result, (GDestroyNotify) _portolan_handshake_result_free);
      return;
    }

  result->error = g_steal_pointer (&data->error);
  if (data->session != NULL)
    result->received = _portolan_tls_session_get_received (data->session);

  /* Silence is inconclusive, but a server that began and stalled said
   * something: that is a failed handshake */
  if (result->received != NULL && data->deadline->timed_out &&
      g_error_matches (result->error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      gsize length = g_bytes_get_size (result->received);

      g_clear_error (&result->error);
      result->error = g_error_new (G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                                   g_dngettext (GETTEXT_PACKAGE,
                                                "the TLS handshake stalled: the server sent %zu byte and no more within %u ms",
                                                "the TLS handshake stalled: the server sent %zu bytes and no more within %u ms",
                                                length),
                                   length, data->deadline->timeout_ms);
    }

  g_task_return_pointer (task, result, (GDestroyNotify) _portolan_handshake_result_free);
}

static void
verified_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  HandshakeData *data = g_task_get_task_data (task);
  PortolanTlsInfo *info = g_task_propagate_pointer (G_TASK (result), NULL);

  info->chain_length = _portolan_tls_session_get_peer_chain_length (data->session);
  return_result (task, info);
}

static void
handshake_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  HandshakeData *data = g_task_get_task_data (task);
  GTlsCertificate *certificate;
  GTask *verify;

  _portolan_tls_session_handshake_finish (data->session, result, &data->error);

  /* Even after a failed handshake the certificate may have been seen */
  certificate = _portolan_tls_session_get_peer_certificate (data->session);
  if (certificate == NULL)
    {
      return_result (task, NULL);
      return;
    }

  data->certificate = g_object_ref (certificate);
  verify = g_task_new (NULL, NULL, verified_cb, g_steal_pointer (&task));
  g_task_set_priority (verify, PORTOLAN_PROBE_PRIORITY);
  /* The handshake's task, held by the callback, keeps the data alive */
  g_task_set_task_data (verify, data, NULL);
  g_thread_pool_push (get_verify_pool (), verify, NULL);
}

/**
 * _portolan_tls_handshake_async:
 * @connection: the connected stream; the handshake owns it from now on
 */
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
  _portolan_tls_handshake_alpn_async (context, connection, host, port, expected_sha256, NULL, deadline,
                                      callback, user_data);
}

/**
 * _portolan_tls_handshake_alpn_async:
 * @alpn: (nullable): the one application protocol the ClientHello offers
 *
 * The same, for a server that wants to be told which protocol runs
 * inside TLS: a TDS 8 "strict" SQL Server.
 */
void
_portolan_tls_handshake_alpn_async (PortolanProbeContext *context,
                                    GIOStream            *connection,
                                    const char           *host,
                                    guint16               port,
                                    const char           *expected_sha256,
                                    const char           *alpn,
                                    PortolanDeadline     *deadline,
                                    GAsyncReadyCallback   callback,
                                    gpointer              user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, NULL, callback, user_data);
  g_autoptr(GInetAddress) literal = g_inet_address_new_from_string (host);
  HandshakeData *data = g_new0 (HandshakeData, 1);

  g_task_set_source_tag (task, _portolan_tls_handshake_async);
  g_task_set_priority (task, PORTOLAN_PROBE_PRIORITY);
  g_task_set_task_data (task, data, (GDestroyNotify) handshake_data_free);

  /* A name is checked against the certificate's DNS names, an address
   * against its IP addresses */
  if (literal != NULL)
    data->identity = G_SOCKET_CONNECTABLE (g_inet_socket_address_new (literal, port));
  else
    data->identity = g_network_address_new (host, port);

  data->database = g_object_ref (_portolan_probe_context_get_tls_database (context));
  data->expected_sha256 = g_strdup (expected_sha256);
  data->cancellable = g_object_ref (deadline->cancellable);
  data->deadline = deadline;

  data->session = _portolan_tls_session_new (connection, host, &data->error);
  if (data->session != NULL && alpn != NULL && !_portolan_tls_session_set_alpn (data->session, alpn, &data->error))
    g_clear_pointer (&data->session, _portolan_tls_session_free);
  if (data->session == NULL)
    {
      return_result (task, NULL);
      return;
    }

  _portolan_tls_session_handshake_async (data->session, deadline->cancellable,
                                         handshake_cb, g_steal_pointer (&task));
}

PortolanHandshakeResult *
_portolan_tls_handshake_finish (GAsyncResult *result)
{
  return g_task_propagate_pointer (G_TASK (result), NULL);
}

gboolean
_portolan_handshake_names_other (const PortolanHandshakeResult  *handshake,
                                 PortolanWire                   *wire,
                                 char                          **banner)
{
  const guint8 *data;
  gsize length;

  *banner = NULL;
  if (handshake->received == NULL || !g_error_matches (handshake->error, G_TLS_ERROR, G_TLS_ERROR_NOT_TLS))
    return FALSE;

  data = g_bytes_get_data (handshake->received, &length);
  /* All that will come: the handshake is over */
  if (_portolan_sniff (data, length, TRUE, wire, banner) == PORTOLAN_SNIFF_NAMED && *wire != PORTOLAN_WIRE_TLS)
    return TRUE;

  g_clear_pointer (banner, g_free);
  return FALSE;
}
