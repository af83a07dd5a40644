/* portolan-probe-tls.c: a TLS handshake that reports, rather than refuses
 *
 * A certificate problem never aborts a check: the handshake accepts
 * whatever the server shows and records the validation errors, so the
 * admin sees the subject, the dates and the fingerprint of the
 * certificate that is wrong.
 */
#include "config.h"

#include "portolan-probe-private.h"

typedef struct
{
  char                 *expected_sha256;
  GTlsCertificateFlags  errors;
} HandshakeData;

static void
handshake_data_free (HandshakeData *data)
{
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
                       HandshakeData        *data)
{
  data->errors = errors;
  return TRUE;
}

static void
handshake_done_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  HandshakeData *data = g_task_get_task_data (task);
  GTlsConnection *tls = G_TLS_CONNECTION (object);
  PortolanHandshakeResult *outcome = g_new0 (PortolanHandshakeResult, 1);
  GTlsCertificate *certificate;

  g_signal_handlers_disconnect_by_func (tls, accept_certificate_cb, data);

  if (g_tls_connection_handshake_finish (tls, result, &outcome->error))
    outcome->tls = G_IO_STREAM (g_object_ref (tls));
  else
    g_io_stream_close (G_IO_STREAM (tls), NULL, NULL);

  /* Even after a failed handshake the certificate may have been seen */
  certificate = g_tls_connection_get_peer_certificate (tls);
  if (certificate != NULL)
    outcome->info = portolan_tls_info_new (certificate, data->errors, data->expected_sha256);

  g_task_return_pointer (task, outcome, (GDestroyNotify) _portolan_handshake_result_free);
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
  g_autoptr(GSocketConnectable) identity = NULL;
  g_autoptr(GIOStream) tls = NULL;
  g_autoptr(GError) error = NULL;
  HandshakeData *data = g_new0 (HandshakeData, 1);

  g_task_set_source_tag (task, _portolan_tls_handshake_async);
  g_task_set_priority (task, PORTOLAN_PROBE_PRIORITY);
  data->expected_sha256 = g_strdup (expected_sha256);
  g_task_set_task_data (task, data, (GDestroyNotify) handshake_data_free);

  /* A name is sent as SNI and checked against the certificate. An
   * address must not be sent as SNI (RFC 6066; strict servers hang up),
   * so it goes as a socket address, still checked against IP SANs. */
  if (literal != NULL)
    identity = G_SOCKET_CONNECTABLE (g_inet_socket_address_new (literal, port));
  else
    identity = g_network_address_new (host, port);

  tls = g_tls_client_connection_new (connection, identity, &error);
  if (tls == NULL)
    {
      PortolanHandshakeResult *outcome = g_new0 (PortolanHandshakeResult, 1);

      outcome->error = g_steal_pointer (&error);
      g_task_return_pointer (task, outcome, (GDestroyNotify) _portolan_handshake_result_free);
      return;
    }

  g_tls_connection_set_database (G_TLS_CONNECTION (tls), _portolan_probe_context_get_tls_database (context));
  g_signal_connect (tls, "accept-certificate", G_CALLBACK (accept_certificate_cb), data);
  g_tls_connection_handshake_async (G_TLS_CONNECTION (tls), PORTOLAN_PROBE_PRIORITY,
                                    deadline->cancellable, handshake_done_cb,
                                    g_steal_pointer (&task));
}

PortolanHandshakeResult *
_portolan_tls_handshake_finish (GAsyncResult *result)
{
  return g_task_propagate_pointer (G_TASK (result), NULL);
}
