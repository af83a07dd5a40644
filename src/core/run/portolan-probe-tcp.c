/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-probe-tcp.c: connect, then TLS, then the UMS Server's status
 *
 * Each step only runs when the one before worked, and each adds to what
 * the check reports: the address and latency come from the connect, the
 * certificate from the handshake, the verdict on the service from the
 * last step that ran.
 *
 * The UMS Server is asked twice, over its own connection: its
 * serverstatus names it and its version, and /ums/check-status (UMS 6.09
 * and later) its health. On 9080 both are asked in clear. A server that
 * closes the connection after the first answer gets a new one for the
 * second question.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "portolan-probe-private.h"
#include "portolan-protocols-private.h"

#define SERVER_STATUS_PATH "/umsapi/v3/serverstatus"
#define HEALTH_PATH        "/ums/check-status"

typedef struct
{
  GTask                *task;      /* the probe's, returned when done */
  PortolanCheck        *check;
  PortolanProbeContext *context;
  PortolanDeadline     *deadline;
  char                 *address;
  double                latency_ms;
  char                 *connect_detail;  /* other addresses tried, or NULL */
  PortolanTlsInfo      *tls_info;
  PortolanTlsSession   *session;         /* while the status is asked */
  PortolanServiceInfo  *info;

  /* What the serverstatus said, while the health is asked */
  gboolean              asking_health;
  gboolean              reusing;         /* the serverstatus's connection */
  PortolanState         status_state;
  char                 *status_detail;
} TcpProbe;

static void
tcp_probe_free (TcpProbe *probe)
{
  g_clear_object (&probe->task);
  g_clear_object (&probe->check);
  g_clear_pointer (&probe->context, portolan_probe_context_unref);
  g_free (probe->address);
  g_free (probe->connect_detail);
  g_clear_pointer (&probe->tls_info, portolan_tls_info_free);
  g_clear_pointer (&probe->session, _portolan_tls_session_free);
  g_clear_pointer (&probe->info, portolan_service_info_free);
  g_free (probe->status_detail);
  g_free (probe);
}

static gboolean
asks_status (TcpProbe *p)
{
  return portolan_check_get_probe (p->check) == PORTOLAN_PROBE_UMS_STATUS;
}

static gboolean
in_clear (TcpProbe *p)
{
  return asks_status (p) && !portolan_link_uses_tls (portolan_check_get_link (p->check));
}

/* Sets the check's result and ends the probe; frees @probe */
static void
finish (TcpProbe      *probe,
        PortolanState  state,
        const char    *detail)
{
  g_autoptr(GString) text = g_string_new (detail);
  PortolanServiceInfo *info = g_steal_pointer (&probe->info);

  if (probe->connect_detail != NULL)
    g_string_append_printf (text, " (%s)", probe->connect_detail);

  /* Nothing learnt, nothing to show */
  if (info != NULL && info->answered == NULL && info->facts->len == 0)
    g_clear_pointer (&info, portolan_service_info_free);

  portolan_check_set_service_result (probe->check, state, probe->address, probe->latency_ms,
                                     text->str, g_steal_pointer (&probe->tls_info), info);
  g_task_return_boolean (probe->task, TRUE);
  tcp_probe_free (probe);
}

/* The certificate's problems turn any success into a warning */
static void
finish_with_certificate (TcpProbe      *probe,
                         PortolanState  state,
                         const char    *detail)
{
  g_autofree char *problems = probe->tls_info ? portolan_tls_info_describe_problems (probe->tls_info) : NULL;
  g_autofree char *certificate = probe->tls_info ? portolan_tls_info_describe (probe->tls_info) : NULL;
  g_autofree char *text = NULL;

  if (problems != NULL)
    {
      text = g_strdup_printf ("%s; %s; %s", problems, detail, certificate);
      finish (probe, PORTOLAN_STATE_WARNING, text);
    }
  else
    {
      text = certificate ? g_strdup_printf ("%s; %s", detail, certificate) : g_strdup (detail);
      finish (probe, state, text);
    }
}

/* The UMS Server answered: what it said, and what it thinks of itself */
static void
finish_answered (TcpProbe *p)
{
  g_autofree char *said = portolan_service_info_describe (p->info);
  g_autofree char *detail = NULL;

  /* Translators: "UMS Server answered: version 12.01.100; build 54321; status ok" */
  detail = g_strdup_printf (_("%s answered: %s"), portolan_service_get_name (PORTOLAN_SERVICE_UMS_STATUS), said);
  if (p->info->warning != NULL)
    {
      g_autofree char *warned = g_strdup_printf ("%s; %s", p->info->warning, detail);

      finish_with_certificate (p, PORTOLAN_STATE_WARNING, warned);
      return;
    }
  finish_with_certificate (p, PORTOLAN_STATE_VERIFIED, detail);
}

/* The serverstatus's verdict stands: the health told nothing more */
static void
finish_status (TcpProbe *p)
{
  g_autofree char *detail = g_steal_pointer (&p->status_detail);

  if (p->status_state == PORTOLAN_STATE_VERIFIED)
    finish_answered (p);
  else
    finish_with_certificate (p, p->status_state, detail);
}

/* --- The health: GET /ums/check-status --- */

static const char *
health_warning (PortolanCheckStatus status)
{
  switch (status)
    {
    case PORTOLAN_CHECK_STATUS_INIT:
      return _("the UMS Server reports that it is still starting");
    case PORTOLAN_CHECK_STATUS_WARN:
      return _("the UMS Server reports a warning about its own health (status “warn”)");
    case PORTOLAN_CHECK_STATUS_ERR:
      return _("the UMS Server reports an error in its own health (status “err”)");
    case PORTOLAN_CHECK_STATUS_OK:
    case PORTOLAN_CHECK_STATUS_NONE:
    default:
      return NULL;
    }
}

static void reconnect (TcpProbe *p);

static void
health_answered_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  TcpProbe *p = user_data;
  g_autoptr(PortolanHttpAnswer) answer = _portolan_http_get_finish (result);
  PortolanCheckStatus status = PORTOLAN_CHECK_STATUS_NONE;

  g_clear_pointer (&p->session, _portolan_tls_session_free);

  /* A kept-alive connection may still be closed by the server before a
   * second request, as HTTP allows: once more, on a new connection */
  if (p->reusing && (g_error_matches (answer->error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED) ||
                     g_error_matches (answer->error, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE)))
    {
      reconnect (p);
      return;
    }
  if (g_error_matches (answer->error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && !p->deadline->timed_out)
    {
      g_autofree char *detail = NULL;
      PortolanState state = _portolan_state_after_connect (answer->error, p->deadline, "HTTP", &detail);

      finish (p, state, detail);
      return;
    }
  if (answer->error == NULL && answer->status == 200 && answer->body != NULL)
    {
      gsize length;
      const char *body = g_bytes_get_data (answer->body, &length);

      status = _portolan_check_status_parse (body, length);
    }

  /* A UMS Server before 6.09 has no health to tell: 404 */
  if (status == PORTOLAN_CHECK_STATUS_NONE)
    {
      finish_status (p);
      return;
    }

  /* Its own health names a UMS Server even where serverstatus did not */
  _portolan_check_status_record (status, "ums-status", health_warning (status), p->info);
  finish_answered (p);
}

static void
ask_health (TcpProbe *p)
{
  _portolan_http_get_async (p->session, portolan_check_get_host (p->check), portolan_check_get_port (p->check),
                            HEALTH_PATH, p->deadline->cancellable, health_answered_cb, p);
}

/* --- The serverstatus --- */

static void connected_cb (GObject      *object,
                          GAsyncResult *result,
                          gpointer      user_data);

static void
status_answered_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  TcpProbe *p = user_data;
  g_autoptr(PortolanHttpAnswer) answer = _portolan_http_get_finish (result);

  p->status_state = _portolan_ums_status_describe (answer, p->deadline, in_clear (p), p->info, &p->status_detail);

  /* An answer that was not HTTP, or none: nothing more to ask */
  if (answer->error != NULL)
    {
      g_clear_pointer (&p->session, _portolan_tls_session_free);
      if (p->status_state == PORTOLAN_STATE_CANCELLED)
        finish (p, p->status_state, p->status_detail);
      else
        finish_status (p);
      return;
    }

  p->asking_health = TRUE;
  if (answer->reusable)
    {
      p->reusing = TRUE;
      ask_health (p);
      return;
    }

  /* The server ends the connection after each answer: a new one */
  g_clear_pointer (&p->session, _portolan_tls_session_free);
  reconnect (p);
}

static void
reconnect (TcpProbe *p)
{
  p->reusing = FALSE;
  _portolan_connect_async (p->context, portolan_check_get_host (p->check), portolan_check_get_port (p->check),
                           p->deadline, connected_cb, p);
}

/* The session is ready: the status is asked over this very connection */
static void
ask (TcpProbe *p)
{
  if (p->asking_health)
    ask_health (p);
  else
    _portolan_http_get_async (p->session, portolan_check_get_host (p->check), portolan_check_get_port (p->check),
                              SERVER_STATUS_PATH, p->deadline->cancellable, status_answered_cb, p);
}

/* --- TLS --- */

/* Another protocol answered the ClientHello: name it */
static gboolean
finish_other (TcpProbe                *p,
              PortolanHandshakeResult *handshake)
{
  g_autofree char *banner = NULL;
  g_autofree char *detail = NULL;
  PortolanWire wire;

  if (!_portolan_handshake_names_other (handshake, &wire, &banner))
    return FALSE;

  portolan_service_info_set_answered (p->info, _portolan_wire_to_string (wire));
  if (asks_status (p))
    /* Translators: "SSH-2.0-OpenSSH_9.2 answered on the UMS Server port" */
    detail = g_strdup_printf (_("%s answered on the %s port"), banner ? banner : _portolan_wire_get_name (wire),
                              portolan_service_get_name (PORTOLAN_SERVICE_UMS_STATUS));
  else
    /* Translators: "SSH-2.0-OpenSSH_9.2 answered where TLS was expected" */
    detail = g_strdup_printf (_("%s answered where TLS was expected"),
                              banner ? banner : _portolan_wire_get_name (wire));
  finish (p, PORTOLAN_STATE_WARNING, detail);
  return TRUE;
}

static void
handshake_done_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  TcpProbe *p = user_data;
  g_autoptr(PortolanHandshakeResult) handshake = _portolan_tls_handshake_finish (result);
  g_autofree char *detail = NULL;

  /* The certificate of the first connection is the one shown */
  if (p->tls_info == NULL)
    p->tls_info = g_steal_pointer (&handshake->info);

  if (handshake->session == NULL && p->asking_health)
    {
      finish_status (p);
      return;
    }
  if (handshake->session == NULL)
    {
      PortolanState state;

      if (finish_other (p, handshake))
        return;
      state = _portolan_state_after_connect (handshake->error, p->deadline, "TLS", &detail);
      finish (p, state, detail);
      return;
    }

  if (asks_status (p))
    {
      p->session = g_steal_pointer (&handshake->session);
      ask (p);
      return;
    }

  portolan_service_info_set_answered (p->info, "tls");
  finish_with_certificate (p, PORTOLAN_STATE_VERIFIED, _("TLS handshake completed"));
}

/* --- Connecting --- */

static void
connected_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  TcpProbe *p = user_data;
  g_autoptr(PortolanConnectResult) connected = _portolan_connect_finish (result);
  PortolanCheck *check = p->check;
  g_autoptr(GError) error = NULL;

  if (p->asking_health)
    {
      /* The second connection only asks; what the check reports of
       * address and latency is the first one's */
      if (connected->connection == NULL)
        {
          finish_status (p);
          return;
        }
    }
  else
    {
      p->address = g_strdup (connected->address);
      p->latency_ms = connected->latency_ms;
    }

  if (connected->connection == NULL && connected->state == PORTOLAN_STATE_OPEN &&
      portolan_check_get_probe (check) != PORTOLAN_PROBE_TCP)
    {
      /* Reached, so never unreachable; but the service check got nowhere */
      g_autoptr(GError) reset = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED, connected->detail);
      g_autofree char *detail = NULL;
      PortolanState state = _portolan_state_after_connect (reset, p->deadline, in_clear (p) ? "HTTP" : "TLS",
                                                           &detail);

      finish (p, state, detail);
      return;
    }
  if (connected->connection == NULL)
    {
      finish (p, connected->state, connected->detail);
      return;
    }

  if (!p->asking_health)
    p->connect_detail = g_strdup (connected->detail);

  if (portolan_check_get_probe (check) == PORTOLAN_PROBE_TCP)
    {
      g_io_stream_close (G_IO_STREAM (connected->connection), NULL, NULL);
      finish (p, PORTOLAN_STATE_OPEN, _("connected; this port has no protocol check"));
      return;
    }

  if (in_clear (p))
    {
      p->session = _portolan_tls_session_new_clear (G_IO_STREAM (connected->connection), &error);
      if (p->session == NULL)
        finish (p, PORTOLAN_STATE_WARNING, error->message);
      else
        ask (p);
      return;
    }

  _portolan_tls_handshake_async (p->context, G_IO_STREAM (connected->connection),
                                 portolan_check_get_host (check), portolan_check_get_port (check),
                                 _portolan_probe_context_get_fingerprint (p->context, portolan_check_get_to (check)),
                                 p->deadline, handshake_done_cb, p);
}

void
_portolan_probe_tcp (PortolanCheck        *check,
                     PortolanProbeContext *context,
                     PortolanDeadline     *deadline,
                     GTask                *task)
{
  TcpProbe *probe = g_new0 (TcpProbe, 1);
  PortolanService service = portolan_link_get_service (portolan_check_get_link (check));

  probe->task = task;
  probe->check = g_object_ref (check);
  probe->context = portolan_probe_context_ref (context);
  probe->deadline = deadline;
  probe->latency_ms = -1;
  probe->info = portolan_service_info_new (portolan_service_to_string (service));

  _portolan_connect_async (context, portolan_check_get_host (check), portolan_check_get_port (check),
                           deadline, connected_cb, probe);
}
