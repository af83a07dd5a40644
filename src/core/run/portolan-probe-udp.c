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

#include <string.h>
#include <sys/socket.h>

#include "portolan-probe-private.h"
#include "portolan-protocols-private.h"

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
  PortolanService   service;
  GBytes           *payload;
  gint64            sent_real_us;  /* the wall clock a Kerberos request says */
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
  g_clear_pointer (&probe->payload, g_bytes_unref);
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

/* Wake on LAN's magic packet: six 0xff, then the MAC address sixteen
 * times. The address here is 00:00:00:00:00:00, which no card has, so
 * the packet wakes no one: it only shows whether it reaches the host. */
static GBytes *
magic_packet_new (void)
{
  guint8 *packet = g_malloc0 (6 + 16 * 6);

  memset (packet, 0xff, 6);
  return g_bytes_new_take (packet, 6 + 16 * 6);
}

/* What goes out: the service's request where it has one over UDP.
 * Other UDP ports of the table have no payload that would draw an
 * answer without side effects, so they get an empty datagram: enough to
 * draw an ICMP error from a closed port. */
static GBytes *
payload_new (UdpProbe *probe)
{
  switch (probe->service)
    {
    case PORTOLAN_SERVICE_KERBEROS:
      probe->sent_real_us = g_get_real_time ();
      return _portolan_kerberos_build_request ("PORTOLAN.INVALID", FALSE, g_random_int (), probe->sent_real_us);
    case PORTOLAN_SERVICE_WOL:
      return magic_packet_new ();
    default:
      return g_bytes_new_static ("", 0);
    }
}

static gboolean
send_datagram (UdpProbe  *probe,
               GError   **error)
{
  gsize size;
  const char *data = g_bytes_get_data (probe->payload, &size);

  return g_socket_send (probe->socket, data, size, NULL, error) >= 0;
}

/* Wake on LAN needs no listener: an ICMP error proves the packet reached
 * the host, and silence is what a sleeping or working host gives */
static void
finish_wol (UdpProbe      *probe,
            PortolanState  state)
{
  const char *detail;

  if (state == PORTOLAN_STATE_CLOSED)
    {
      finish (probe, PORTOLAN_STATE_VERIFIED, elapsed_ms (probe),
              _("the packet reached the host, which answered ICMP port unreachable; Wake on LAN needs no listener"));
      return;
    }
  if (state == PORTOLAN_STATE_CANCELLED)
    detail = _("stopped before it finished");
  else if (state == PORTOLAN_STATE_UNREACHABLE)
    detail = _("sent, but no route leads to the host; a sleeping host is woken through its own network's switch");
  else
    detail = _("sent, not confirmed: Wake on LAN needs no listener, and a host that is asleep or has no firewall says nothing");
  finish (probe, state == PORTOLAN_STATE_CANCELLED ? state : PORTOLAN_STATE_UNVERIFIED, -1, detail);
}

static void
finish_with_error (UdpProbe *probe,
                   GError   *error)
{
  g_autofree char *detail = NULL;
  PortolanState state = _portolan_state_for_error (error, probe->deadline, &detail);

  if (probe->service == PORTOLAN_SERVICE_WOL)
    {
      finish_wol (probe, state);
      return;
    }
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

/* Receives one datagram into @buffer of ANSWER_BUFFER_SIZE bytes;
 * returns its true size, which MSG_TRUNC reports even when the buffer
 * cut it */
static gssize
receive_answer (GSocket  *socket,
                guint8   *buffer,
                GError  **error)
{
  GInputVector vector = { buffer, ANSWER_BUFFER_SIZE };
  int flags = MSG_TRUNC;

  return g_socket_receive_message (socket, NULL, &vector, 1, NULL, NULL, &flags, NULL, error);
}

/* A KDC's datagram: whatever KRB-ERROR it is names a KDC */
static void
finish_kerberos (UdpProbe     *probe,
                 const guint8 *answer,
                 gsize         length)
{
  g_autoptr(PortolanServiceInfo) info = portolan_service_info_new ("kerberos");
  g_autofree char *said = NULL;
  g_autofree char *detail = NULL;
  PortolanState state = PORTOLAN_STATE_VERIFIED;

  if (_portolan_kerberos_parse (answer, length, TRUE, FALSE, probe->sent_real_us, info) != PORTOLAN_ANSWER_MATCHED)
    {
      detail = g_strdup_printf (_("answered with %zu bytes, but not as a Kerberos KDC does"), length);
      finish (probe, PORTOLAN_STATE_WARNING, elapsed_ms (probe), detail);
      return;
    }

  said = portolan_service_info_describe (info);
  detail = g_strdup_printf (_("%s answered: %s"), portolan_service_get_name (probe->service), said);
  if (info->warning != NULL)
    {
      g_autofree char *plain = g_steal_pointer (&detail);

      detail = g_strdup_printf ("%s; %s", info->warning, plain);
      state = PORTOLAN_STATE_WARNING;
    }
  portolan_check_set_service_result (probe->check, state, probe->address, elapsed_ms (probe), detail, NULL,
                                     g_steal_pointer (&info));
  g_task_return_boolean (probe->task, TRUE);
  udp_probe_free (probe);
}

static gboolean
readable_cb (GSocket      *socket,
             GIOCondition  condition,
             gpointer      user_data)
{
  UdpProbe *probe = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree guint8 *buffer = NULL;
  gssize received;

  g_clear_pointer (&probe->source, g_source_unref);

  if (g_cancellable_set_error_if_cancelled (probe->deadline->cancellable, &error))
    {
      finish_with_error (probe, error);
      return G_SOURCE_REMOVE;
    }

  buffer = g_malloc (ANSWER_BUFFER_SIZE);
  received = receive_answer (socket, buffer, &error);
  if (received < 0)
    finish_with_error (probe, error);
  else if (probe->service == PORTOLAN_SERVICE_KERBEROS)
    finish_kerberos (probe, buffer, MIN (received, ANSWER_BUFFER_SIZE));
  else if (probe->service == PORTOLAN_SERVICE_WOL)
    finish (probe, PORTOLAN_STATE_VERIFIED, elapsed_ms (probe),
            _("the host answered the packet; Wake on LAN needs no listener"));
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
  probe->service = portolan_link_get_service (portolan_check_get_link (check));
  probe->payload = payload_new (probe);

  if (literal != NULL)
    send_to_first_address (probe, literal);
  else
    _portolan_resolve_async (context, portolan_check_get_host (check), deadline->cancellable,
                             resolved_cb, probe);
}
