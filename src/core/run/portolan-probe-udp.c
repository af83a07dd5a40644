/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-probe-udp.c: a datagram, and what comes back
 *
 * UDP has no handshake: an answer proves something listens, an ICMP
 * "port unreachable" (ECONNREFUSED on a connected socket) proves nothing
 * does, and silence proves nothing at all — the port may be open and
 * quiet, or filtered. The datagram is sent twice, since one may be lost.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include <sys/socket.h>

#include "portolan-probe-private.h"

/* The largest UDP payload over IPv4; a larger IPv6 jumbogram is cut
 * here, and its true size still reported */
#define ANSWER_BUFFER_SIZE 65507

typedef struct
{
  GTask            *task;
  PortolanCheck    *check;
  PortolanDeadline *deadline;
  GSocket          *socket;
  GSource          *source;
  guint             resend_id;
  char             *address;
  gint64            sent_us;
} UdpProbe;

static void
udp_probe_free (UdpProbe *probe)
{
  g_clear_handle_id (&probe->resend_id, g_source_remove);
  if (probe->source != NULL)
    {
      g_source_destroy (probe->source);
      g_clear_pointer (&probe->source, g_source_unref);
    }
  if (probe->socket != NULL)
    g_socket_close (probe->socket, NULL);
  g_clear_object (&probe->socket);
  g_clear_object (&probe->check);
  g_clear_object (&probe->task);
  g_free (probe->address);
  g_free (probe);
}

static void
finish (UdpProbe      *probe,
        PortolanState  state,
        double         latency_ms,
        const char    *detail)
{
  portolan_check_set_result (probe->check, state, probe->address, latency_ms, detail, NULL);
  g_task_return_boolean (probe->task, TRUE);
  udp_probe_free (probe);
}

static double
elapsed_ms (UdpProbe *probe)
{
  return (g_get_monotonic_time () - probe->sent_us) / 1000.0;
}

/* No protocol payload is known for the table's UDP ports that would
 * draw an answer without side effects, so the probe sends an empty
 * datagram: enough to draw an ICMP error from a closed port. */
static gboolean
send_datagram (UdpProbe  *probe,
               GError   **error)
{
  return g_socket_send (probe->socket, "", 0, NULL, error) >= 0;
}

static void
finish_with_error (UdpProbe *probe,
                   GError   *error)
{
  g_autofree char *detail = NULL;
  PortolanState state = _portolan_state_for_error (error, probe->deadline, &detail);

  if (state == PORTOLAN_STATE_CLOSED)
    {
      g_free (detail);
      detail = g_strdup (_("ICMP port unreachable (ECONNREFUSED): nothing listens on this port"));
    }
  else if (state == PORTOLAN_STATE_FILTERED && probe->deadline->timed_out)
    {
      g_free (detail);
      detail = g_strdup_printf (_("no answer and no error within %u ms: open or filtered, UDP cannot tell"),
                                probe->deadline->timeout_ms);
      state = PORTOLAN_STATE_UNVERIFIED;
    }

  finish (probe, state, state == PORTOLAN_STATE_UNVERIFIED || state == PORTOLAN_STATE_CANCELLED ? -1 : elapsed_ms (probe),
          detail);
}

/* Receives one datagram into a bounded buffer; returns its true size,
 * which MSG_TRUNC reports even when the buffer cut it */
static gssize
receive_answer (GSocket  *socket,
                GError  **error)
{
  g_autofree char *buffer = g_malloc (ANSWER_BUFFER_SIZE);
  GInputVector vector = { buffer, ANSWER_BUFFER_SIZE };
  int flags = MSG_TRUNC;

  return g_socket_receive_message (socket, NULL, &vector, 1, NULL, NULL, &flags, NULL, error);
}

static gboolean
readable_cb (GSocket      *socket,
             GIOCondition  condition,
             gpointer      user_data)
{
  UdpProbe *probe = user_data;
  g_autoptr(GError) error = NULL;
  gssize received;

  g_clear_pointer (&probe->source, g_source_unref);

  if (g_cancellable_set_error_if_cancelled (probe->deadline->cancellable, &error))
    {
      finish_with_error (probe, error);
      return G_SOURCE_REMOVE;
    }

  received = receive_answer (socket, &error);
  if (received < 0)
    finish_with_error (probe, error);
  else
    {
      g_autofree char *detail = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                              "answered with %zd byte",
                                                              "answered with %zd bytes",
                                                              received),
                                                 received);

      finish (probe, PORTOLAN_STATE_OPEN, elapsed_ms (probe), detail);
    }

  return G_SOURCE_REMOVE;
}

static gboolean
resend_cb (gpointer user_data)
{
  UdpProbe *probe = user_data;

  probe->resend_id = 0;
  /* An error here shows again on receive, where it is handled */
  send_datagram (probe, NULL);

  return G_SOURCE_REMOVE;
}

static void
send_to_first_address (UdpProbe *probe,
                       GList    *addresses)
{
  g_autoptr(GSocketAddress) target = NULL;
  g_autoptr(GError) error = NULL;
  GInetAddress *address;

  /* A datagram cannot fall back to another address: silence looks the
   * same everywhere, so the first address is the one tested */
  address = addresses->data;
  probe->address = g_inet_address_to_string (address);
  target = g_inet_socket_address_new (address, portolan_check_get_port (probe->check));

  probe->socket = g_socket_new (g_inet_address_get_family (address),
                                G_SOCKET_TYPE_DATAGRAM, G_SOCKET_PROTOCOL_UDP, &error);
  if (probe->socket == NULL)
    {
      finish_with_error (probe, error);
      return;
    }
  g_socket_set_blocking (probe->socket, FALSE);

  probe->sent_us = g_get_monotonic_time ();
  if (!g_socket_connect (probe->socket, target, NULL, &error) || !send_datagram (probe, &error))
    {
      finish_with_error (probe, error);
      return;
    }

  probe->source = g_socket_create_source (probe->socket, G_IO_IN | G_IO_ERR, probe->deadline->cancellable);
  g_source_set_callback (probe->source, (GSourceFunc) readable_cb, probe, NULL);
  g_source_set_priority (probe->source, PORTOLAN_PROBE_PRIORITY);
  g_source_attach (probe->source, g_task_get_context (probe->task));
  probe->resend_id = g_timeout_add (probe->deadline->timeout_ms / 2, resend_cb, probe);
}

static void
resolved_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  UdpProbe *probe = user_data;
  g_autoptr(GError) error = NULL;
  g_autolist(GInetAddress) addresses = _portolan_resolve_finish (result, &error);

  if (addresses == NULL)
    {
      g_autofree char *detail = NULL;
      PortolanState state = _portolan_state_for_error (error, probe->deadline, &detail);

      finish (probe, state == PORTOLAN_STATE_FILTERED ? PORTOLAN_STATE_UNREACHABLE : state, -1, detail);
      return;
    }

  send_to_first_address (probe, addresses);
}

void
_portolan_probe_udp (PortolanCheck        *check,
                     PortolanProbeContext *context,
                     PortolanDeadline     *deadline,
                     GTask                *task)
{
  UdpProbe *probe = g_new0 (UdpProbe, 1);
  g_autolist(GInetAddress) literal = _portolan_resolve_literal (portolan_check_get_host (check));

  probe->task = task;
  probe->check = g_object_ref (check);
  probe->deadline = deadline;

  if (literal != NULL)
    send_to_first_address (probe, literal);
  else
    _portolan_resolve_async (context, portolan_check_get_host (check), deadline->cancellable,
                             resolved_cb, probe);
}
