/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-probe-connect.c: a TCP connection to a host, address by address
 *
 * Built on a non-blocking GSocket rather than GSocketClient: a raw probe
 * must never go through a proxy, and the probe wants each address's own
 * error (refused, unreachable, silent), not a summary of all of them.
 * A name with several addresses tries them in turn, each with an equal
 * share of the time left, and reports which one answered.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "portolan-probe-private.h"

typedef struct
{
  char             *host;
  guint16           port;
  PortolanDeadline *deadline;   /* the check's; outlives this task */
  GList            *addresses;
  GList            *next_address;
  GSocket          *socket;
  GSource          *source;
  guint             slice_id;
  gboolean          slice_over;
  gint64            attempt_started_us;
  GPtrArray        *failures;   /* PortolanConnectResult, one per address */
} ConnectData;

static void try_next_address (GTask *task);

void
_portolan_connect_result_free (PortolanConnectResult *result)
{
  g_clear_object (&result->connection);
  g_free (result->address);
  g_free (result->detail);
  g_free (result);
}

static void
stop_attempt (ConnectData *data)
{
  g_clear_handle_id (&data->slice_id, g_source_remove);
  if (data->source != NULL)
    {
      g_source_destroy (data->source);
      g_clear_pointer (&data->source, g_source_unref);
    }
  if (data->socket != NULL)
    g_socket_close (data->socket, NULL);
  g_clear_object (&data->socket);
}

static void
connect_data_free (ConnectData *data)
{
  stop_attempt (data);
  g_free (data->host);
  g_list_free_full (data->addresses, g_object_unref);
  g_ptr_array_unref (data->failures);
  g_free (data);
}

static char *
current_address (ConnectData *data)
{
  return g_inet_address_to_string (data->next_address->data);
}

static double
attempt_ms (ConnectData *data)
{
  return (g_get_monotonic_time () - data->attempt_started_us) / 1000.0;
}

/* Of several failed addresses, the one that tells the most: a refusal
 * proves the host is there, silence or unreachability does not. */
static guint
failure_rank (PortolanState state)
{
  switch ((int) state)
    {
    case PORTOLAN_STATE_CLOSED:
      return 3;
    case PORTOLAN_STATE_FILTERED:
      return 2;
    case PORTOLAN_STATE_UNREACHABLE:
      return 1;
    default:
      return 0;
    }
}

static void
return_failure (GTask *task)
{
  ConnectData *data = g_task_get_task_data (task);
  PortolanConnectResult *best = NULL;
  g_autoptr(GString) detail = g_string_new (NULL);
  PortolanConnectResult *result;

  for (guint i = 0; i < data->failures->len; i++)
    {
      PortolanConnectResult *failure = g_ptr_array_index (data->failures, i);

      if (best == NULL || failure_rank (failure->state) > failure_rank (best->state))
        best = failure;
      if (data->failures->len > 1)
        g_string_append_printf (detail, "%s%s: %s", i > 0 ? "; " : "", failure->address, failure->detail);
    }

  result = g_new0 (PortolanConnectResult, 1);
  result->address = g_strdup (best->address);
  result->latency_ms = best->latency_ms;
  result->state = best->state;
  result->detail = data->failures->len > 1 ? g_strdup (detail->str) : g_strdup (best->detail);

  g_task_return_pointer (task, result, (GDestroyNotify) _portolan_connect_result_free);
}

static void
record_failure (GTask        *task,
                PortolanState state,
                double        latency_ms,
                char         *detail)
{
  ConnectData *data = g_task_get_task_data (task);
  PortolanConnectResult *failure = g_new0 (PortolanConnectResult, 1);

  failure->address = current_address (data);
  failure->state = state;
  failure->latency_ms = latency_ms;
  failure->detail = detail;
  g_ptr_array_add (data->failures, failure);

  stop_attempt (data);
  data->next_address = data->next_address->next;

  if (data->next_address == NULL || g_cancellable_is_cancelled (data->deadline->cancellable))
    return_failure (task);
  else
    try_next_address (task);
}

static void
record_error (GTask  *task,
              GError *error)
{
  ConnectData *data = g_task_get_task_data (task);
  char *detail = NULL;
  PortolanState state;

  state = _portolan_state_for_error (error, data->deadline, &detail);
  /* A refusal or an ICMP error is an answer, and has a latency */
  record_failure (task, state,
                  g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
                  g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT)
                    ? -1 : attempt_ms (data),
                  detail);
}

static void
return_connected (GTask *task)
{
  ConnectData *data = g_task_get_task_data (task);
  PortolanConnectResult *result = g_new0 (PortolanConnectResult, 1);

  result->connection = g_socket_connection_factory_create_connection (data->socket);
  result->address = current_address (data);
  result->latency_ms = attempt_ms (data);
  result->state = PORTOLAN_STATE_OPEN;

  /* The connection owns the socket now; keep it open */
  g_clear_handle_id (&data->slice_id, g_source_remove);
  if (data->source != NULL)
    {
      g_source_destroy (data->source);
      g_clear_pointer (&data->source, g_source_unref);
    }
  g_clear_object (&data->socket);

  if (data->failures->len > 0)
    {
      g_autoptr(GString) detail = g_string_new (NULL);

      for (guint i = 0; i < data->failures->len; i++)
        {
          PortolanConnectResult *failure = g_ptr_array_index (data->failures, i);

          g_string_append_printf (detail, "%s: %s; ", failure->address, failure->detail);
        }
      /* Translators: after the failures of other addresses of the same name */
      g_string_append_printf (detail, _("%s answered"), result->address);
      result->detail = g_string_free (g_steal_pointer (&detail), FALSE);
    }

  g_task_return_pointer (task, result, (GDestroyNotify) _portolan_connect_result_free);
}

/* ECONNRESET on connect: the handshake completed and the server reset
 * the connection before we looked. Reached, and someone accepted; the
 * same server gives this every time, however the race falls. */
static void
return_reset (GTask *task)
{
  ConnectData *data = g_task_get_task_data (task);
  PortolanConnectResult *result = g_new0 (PortolanConnectResult, 1);

  result->address = current_address (data);
  result->latency_ms = attempt_ms (data);
  result->state = PORTOLAN_STATE_OPEN;
  result->detail = g_strdup (_("connected, then the server reset the connection (ECONNRESET)"));
  stop_attempt (data);

  g_task_return_pointer (task, result, (GDestroyNotify) _portolan_connect_result_free);
}

static gboolean
socket_ready_cb (GSocket      *socket,
                 GIOCondition  condition,
                 gpointer      user_data)
{
  /* Our own reference: ending the attempt drops the source's */
  g_autoptr(GTask) task = g_object_ref (user_data);
  ConnectData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&data->source, g_source_unref);

  if (g_cancellable_set_error_if_cancelled (data->deadline->cancellable, &error))
    record_error (task, error);
  else if (g_socket_check_connect_result (socket, &error))
    return_connected (task);
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED))
    return_reset (task);
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_HOST_UNREACHABLE) && _portolan_icmp_prohibited (socket))
    record_failure (task, PORTOLAN_STATE_FILTERED, attempt_ms (data),
                    g_strdup (_("rejected: ICMP administratively prohibited, a firewall blocks this port")));
  else
    record_error (task, error);

  return G_SOURCE_REMOVE;
}

static gboolean
slice_over_cb (gpointer user_data)
{
  g_autoptr(GTask) task = g_object_ref (user_data);
  ConnectData *data = g_task_get_task_data (task);

  data->slice_id = 0;
  record_failure (task, PORTOLAN_STATE_FILTERED, -1,
                  g_strdup_printf (_("no answer within %.0f ms"), attempt_ms (data)));
  return G_SOURCE_REMOVE;
}

static void
try_next_address (GTask *task)
{
  ConnectData *data = g_task_get_task_data (task);
  GInetAddress *address = data->next_address->data;
  g_autoptr(GSocketAddress) target = g_inet_socket_address_new (address, data->port);
  g_autoptr(GError) error = NULL;
  guint addresses_left = g_list_length (data->next_address);

  data->attempt_started_us = g_get_monotonic_time ();
  data->socket = g_socket_new (g_inet_address_get_family (address),
                               G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  if (data->socket == NULL)
    {
      record_error (task, error);
      return;
    }

  g_socket_set_blocking (data->socket, FALSE);
  _portolan_icmp_watch (data->socket);
  if (g_socket_connect (data->socket, target, NULL, &error))
    {
      return_connected (task);
      return;
    }
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PENDING))
    {
      record_error (task, error);
      return;
    }

  data->source = g_socket_create_source (data->socket, G_IO_OUT, data->deadline->cancellable);
  g_source_set_callback (data->source, (GSourceFunc) socket_ready_cb, g_object_ref (task), g_object_unref);
  g_source_set_priority (data->source, PORTOLAN_PROBE_PRIORITY);
  g_source_attach (data->source, g_task_get_context (task));

  /* With addresses still to try, this one gets only its share of the time */
  if (addresses_left > 1)
    data->slice_id = g_timeout_add_full (G_PRIORITY_DEFAULT,
                                         MAX (1, _portolan_deadline_remaining_ms (data->deadline) / addresses_left),
                                         slice_over_cb, g_object_ref (task), g_object_unref);
}

static void
resolved_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ConnectData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  PortolanConnectResult *failure;

  data->addresses = _portolan_resolve_finish (result, &error);
  if (data->addresses != NULL)
    {
      data->next_address = data->addresses;
      try_next_address (task);
      return;
    }

  failure = g_new0 (PortolanConnectResult, 1);
  failure->latency_ms = -1;
  failure->state = _portolan_state_for_error (error, data->deadline, &failure->detail);
  /* A name that did not resolve in time is not a filtered port */
  if (failure->state == PORTOLAN_STATE_FILTERED)
    {
      g_free (failure->detail);
      failure->state = PORTOLAN_STATE_UNREACHABLE;
      failure->detail = g_strdup_printf (_("the name %s did not resolve within %u ms"),
                                         data->host, data->deadline->timeout_ms);
    }
  g_task_return_pointer (task, failure, (GDestroyNotify) _portolan_connect_result_free);
}

void
_portolan_connect_async (PortolanProbeContext *context,
                         const char           *host,
                         guint16               port,
                         PortolanDeadline     *deadline,
                         GAsyncReadyCallback   callback,
                         gpointer              user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, NULL, callback, user_data);
  ConnectData *data = g_new0 (ConnectData, 1);

  g_task_set_source_tag (task, _portolan_connect_async);
  g_task_set_priority (task, PORTOLAN_PROBE_PRIORITY);
  data->host = g_strdup (host);
  data->port = port;
  data->deadline = deadline;
  data->failures = g_ptr_array_new_with_free_func ((GDestroyNotify) _portolan_connect_result_free);
  g_task_set_task_data (task, data, (GDestroyNotify) connect_data_free);

  data->addresses = _portolan_resolve_literal (host);
  if (data->addresses != NULL)
    {
      data->next_address = data->addresses;
      try_next_address (task);
      return;
    }

  _portolan_resolve_async (context, host, deadline->cancellable, resolved_cb, g_steal_pointer (&task));
}

/**
 * _portolan_connect_finish:
 *
 * Never fails: a failure to connect is a result, with its state.
 */
PortolanConnectResult *
_portolan_connect_finish (GAsyncResult *result)
{
  return g_task_propagate_pointer (G_TASK (result), NULL);
}
