/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-probe-tcp.c: connect, then TLS, then the UMS Server's status
 *
 * Each step only runs when the one before worked, and each adds to what
 * the check reports: the address and latency come from the connect, the
 * certificate from the handshake, the verdict on the service from the
 * last step that ran.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "portolan-probe-private.h"

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
  g_free (probe);
}

/* Sets the check's result and ends the probe; frees @probe */
static void
finish (TcpProbe      *probe,
        PortolanState  state,
        const char    *detail)
{
  g_autoptr(GString) text = g_string_new (detail);

  if (probe->connect_detail != NULL)
    g_string_append_printf (text, " (%s)", probe->connect_detail);

  portolan_check_set_result (probe->check, state, probe->address, probe->latency_ms,
                             text->str, g_steal_pointer (&probe->tls_info));
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

static void
ums_status_done_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  TcpProbe *p = user_data;
  g_autofree char *detail = NULL;
  PortolanState state = _portolan_ums_status_finish (result, &detail);

  g_clear_pointer (&p->session, _portolan_tls_session_free);
  if (state == PORTOLAN_STATE_CANCELLED)
    finish (p, state, detail);
  else
    finish_with_certificate (p, state, detail);
}

static void
handshake_done_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  TcpProbe *p = user_data;
  g_autoptr(PortolanHandshakeResult) handshake = _portolan_tls_handshake_finish (result);
  g_autofree char *detail = NULL;

  p->tls_info = g_steal_pointer (&handshake->info);

  if (handshake->session == NULL)
    {
      PortolanState state = _portolan_state_after_connect (handshake->error, p->deadline,
                                                           "TLS", &detail);

      finish (p, state, detail);
      return;
    }

  if (portolan_check_get_probe (p->check) == PORTOLAN_PROBE_UMS_STATUS)
    {
      /* The status is asked over this very connection */
      p->session = g_steal_pointer (&handshake->session);
      _portolan_ums_status_async (p->session, p->check, p->deadline, ums_status_done_cb, p);
      return;
    }

  finish_with_certificate (p, PORTOLAN_STATE_VERIFIED, _("TLS handshake completed"));
}

static void
connected_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  TcpProbe *p = user_data;
  g_autoptr(PortolanConnectResult) connected = _portolan_connect_finish (result);
  PortolanCheck *check = p->check;

  p->address = g_strdup (connected->address);
  p->latency_ms = connected->latency_ms;

  if (connected->connection == NULL && connected->state == PORTOLAN_STATE_OPEN &&
      portolan_check_get_probe (check) != PORTOLAN_PROBE_TCP)
    {
      /* Reached, so never unreachable; but the service check got nowhere */
      g_autoptr(GError) reset = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED, connected->detail);
      g_autofree char *detail = NULL;
      PortolanState state = _portolan_state_after_connect (reset, p->deadline, "TLS", &detail);

      finish (p, state, detail);
      return;
    }
  if (connected->connection == NULL)
    {
      finish (p, connected->state, connected->detail);
      return;
    }

  p->connect_detail = g_strdup (connected->detail);

  if (portolan_check_get_probe (check) == PORTOLAN_PROBE_TCP)
    {
      g_io_stream_close (G_IO_STREAM (connected->connection), NULL, NULL);
      finish (p, PORTOLAN_STATE_OPEN, _("connected; this port has no protocol check"));
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

  probe->task = task;
  probe->check = g_object_ref (check);
  probe->context = portolan_probe_context_ref (context);
  probe->deadline = deadline;
  probe->latency_ms = -1;

  _portolan_connect_async (context, portolan_check_get_host (check), portolan_check_get_port (check),
                           deadline, connected_cb, probe);
}
