/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-probe.c: the probe context, and which probe a check runs */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "portolan-probe-private.h"

struct _PortolanProbeContext
{
  gatomicrefcount    ref_count;
  guint              timeout_ms;
  GTlsDatabase      *tls_database;
  PortolanProxy  proxy_mode;
  char              *proxy_url;
  GHashTable        *fingerprints;
};

PortolanProbeContext *
portolan_probe_context_new (guint timeout_ms)
{
  PortolanProbeContext *self = g_new0 (PortolanProbeContext, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->timeout_ms = timeout_ms;
  self->proxy_mode = PORTOLAN_PROXY_SYSTEM;
  self->fingerprints = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  return self;
}

/**
 * portolan_probe_context_new_for_profile:
 *
 * A context with the profile's time limit, proxy choice and pinned
 * fingerprints, taken as they are now.
 */
PortolanProbeContext *
portolan_probe_context_new_for_profile (PortolanProfile *profile)
{
  PortolanProbeContext *self = portolan_probe_context_new (portolan_profile_get_timeout_ms (profile));
  PortolanCatalogue *catalogue = portolan_profile_get_catalogue (profile);
  GPtrArray *roles = portolan_catalogue_get_roles (catalogue);

  /* Loading the TLS backend and the system's CAs takes tens of
   * milliseconds; done here, before any probe runs, it delays no
   * callback and so inflates no measured latency */
  _portolan_probe_context_get_tls_database (self);

  portolan_probe_context_set_proxy (self,
                                    portolan_profile_get_proxy (profile),
                                    portolan_profile_get_proxy_url (profile));

  for (guint i = 0; i < roles->len; i++)
    {
      const char *role_id = portolan_role_get_id (g_ptr_array_index (roles, i));

      portolan_probe_context_set_fingerprint (self, role_id,
                                              portolan_profile_get_fingerprint (profile, role_id));
    }

  return self;
}

PortolanProbeContext *
portolan_probe_context_ref (PortolanProbeContext *self)
{
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
portolan_probe_context_unref (PortolanProbeContext *self)
{
  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_clear_object (&self->tls_database);
  g_free (self->proxy_url);
  g_hash_table_unref (self->fingerprints);
  g_free (self);
}

guint
portolan_probe_context_get_timeout (PortolanProbeContext *self)
{
  return self->timeout_ms;
}

/**
 * portolan_probe_context_set_tls_database:
 * @database: (nullable): the certificate authorities to trust, or %NULL
 *   for the system's
 */
void
portolan_probe_context_set_tls_database (PortolanProbeContext *self,
                                         GTlsDatabase         *database)
{
  g_set_object (&self->tls_database, database);
}

GTlsDatabase *
_portolan_probe_context_get_tls_database (PortolanProbeContext *self)
{
  if (self->tls_database != NULL)
    return self->tls_database;

  return g_tls_backend_get_default_database (g_tls_backend_get_default ());
}

void
portolan_probe_context_set_proxy (PortolanProbeContext *self,
                                  PortolanProxy     mode,
                                  const char           *url)
{
  self->proxy_mode = mode;
  g_free (self->proxy_url);
  self->proxy_url = g_strdup (url);
}

PortolanProxy
_portolan_probe_context_get_proxy (PortolanProbeContext  *self,
                                   const char           **url)
{
  *url = self->proxy_url;
  return self->proxy_mode;
}

void
portolan_probe_context_set_fingerprint (PortolanProbeContext *self,
                                        const char           *role_id,
                                        const char           *sha256)
{
  if (sha256 == NULL)
    g_hash_table_remove (self->fingerprints, role_id);
  else
    g_hash_table_insert (self->fingerprints, g_strdup (role_id), g_strdup (sha256));
}

const char *
_portolan_probe_context_get_fingerprint (PortolanProbeContext *self,
                                         const char           *role_id)
{
  return g_hash_table_lookup (self->fingerprints, role_id);
}

/**
 * _portolan_state_for_error:
 *
 * Maps a failed connect, send, receive or lookup — before anything
 * answered — to a result state and a detail that names the errno, as an
 * admin would look it up:
 *
 *   cancelled by the deadline          filtered     no answer in time
 *   cancelled by Stop                  cancelled
 *   GResolverError                     unreachable  the name does not resolve
 *   ECONNREFUSED                       closed       RST / ICMP port unreachable
 *   ETIMEDOUT                          filtered
 *   EHOSTUNREACH, ENETUNREACH          unreachable  no route, host down
 *   EACCES / EPERM                     filtered     a local firewall rule
 *   anything else                      unreachable  with the library's message
 *
 * ICMP "administratively prohibited" also arrives as EHOSTUNREACH; the
 * connect probe tells it apart by the ICMP code (see
 * _portolan_icmp_prohibited()) and reports it as filtered.
 */
PortolanState
_portolan_state_for_error (const GError     *error,
                           PortolanDeadline *deadline,
                           char            **detail)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      if (deadline != NULL && deadline->timed_out)
        {
          *detail = g_strdup_printf (_("no answer within %u ms"), deadline->timeout_ms);
          return PORTOLAN_STATE_FILTERED;
        }
      *detail = g_strdup (_("stopped before it finished"));
      return PORTOLAN_STATE_CANCELLED;
    }

  if (error->domain == G_RESOLVER_ERROR)
    {
      *detail = g_strdup_printf (_("the name does not resolve: %s"), error->message);
      return PORTOLAN_STATE_UNREACHABLE;
    }

  if (error->domain == G_IO_ERROR)
    switch (error->code)
      {
      case G_IO_ERROR_CONNECTION_REFUSED:
        *detail = g_strdup (_("connection refused (ECONNREFUSED): nothing listens on this port"));
        return PORTOLAN_STATE_CLOSED;

      case G_IO_ERROR_TIMED_OUT:
        *detail = g_strdup (_("timed out (ETIMEDOUT)"));
        return PORTOLAN_STATE_FILTERED;

      case G_IO_ERROR_HOST_UNREACHABLE:
        *detail = g_strdup (_("no route to host (EHOSTUNREACH): the host is down or no route leads to it"));
        return PORTOLAN_STATE_UNREACHABLE;

      case G_IO_ERROR_PERMISSION_DENIED:
        *detail = g_strdup_printf (_("blocked by a firewall rule on this computer (%s)"), error->message);
        return PORTOLAN_STATE_FILTERED;

      case G_IO_ERROR_NETWORK_UNREACHABLE:
        *detail = g_strdup (_("network unreachable (ENETUNREACH): no route to it"));
        return PORTOLAN_STATE_UNREACHABLE;

      default:
        break;
      }

  *detail = g_strdup (error->message);
  return PORTOLAN_STATE_UNREACHABLE;
}

/**
 * _portolan_state_after_connect:
 * @step: the protocol whose answer was awaited ("TLS", "HTTP")
 *
 * Once TCP connected the host was reached, so nothing after that is
 * "unreachable":
 *
 *   cancelled by Stop                  cancelled
 *   cancelled by the deadline          open         connected, no @step answer
 *   ECONNRESET, EPIPE, closed early    warning      reset before the @step answer
 *   (G_TLS_ERROR_EOF: closed without ending TLS)
 *   GTlsError                          warning      TLS failed, with the reason
 *   anything else                      warning      with the library's message
 */
PortolanState
_portolan_state_after_connect (const GError     *error,
                               PortolanDeadline *deadline,
                               const char       *step,
                               char            **detail)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      if (deadline != NULL && deadline->timed_out)
        {
          /* Inconclusive: something accepted, and may be no more than that */
          /* Translators: "connected, but no TLS answer: …" */
          *detail = g_strdup_printf (_("connected, but no %s answer: a firewall or proxy may be accepting connections for it"),
                                     step);
          return PORTOLAN_STATE_OPEN;
        }
      *detail = g_strdup (_("stopped before it finished"));
      return PORTOLAN_STATE_CANCELLED;
    }

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT) ||
      g_error_matches (error, G_TLS_ERROR, G_TLS_ERROR_EOF))
    {
      *detail = g_strdup_printf (_("reached, but the connection was reset or closed before the %s answer"), step);
      return PORTOLAN_STATE_WARNING;
    }

  /* GTlsError and anything else: the library's own words */
  *detail = g_strdup_printf (_("connected, but %s failed: %s"), step, error->message);
  return PORTOLAN_STATE_WARNING;
}

void
_portolan_resolve_async (PortolanProbeContext *context,
                         const char           *host,
                         GCancellable         *cancellable,
                         GAsyncReadyCallback   callback,
                         gpointer              user_data)
{
  g_resolver_lookup_by_name_async (g_resolver_get_default (), host, cancellable, callback, user_data);
}

/**
 * _portolan_resolve_literal:
 *
 * Returns: (nullable): @host as a one-address list when it is an IP
 *   address. An address needs no lookup, and must not wait in the main
 *   loop for one: under load that wait outlasted the deadline.
 */
GList *
_portolan_resolve_literal (const char *host)
{
  GInetAddress *literal = g_inet_address_new_from_string (host);

  return literal != NULL ? g_list_prepend (NULL, literal) : NULL;
}

GList *
_portolan_resolve_finish (GAsyncResult  *result,
                          GError       **error)
{
  return g_resolver_lookup_by_name_finish (g_resolver_get_default (), result, error);
}

typedef struct
{
  PortolanCheck        *check;
  PortolanProbeContext *context;
  PortolanDeadline     *deadline;
} ProbeData;

static void
probe_data_free (ProbeData *data)
{
  g_clear_object (&data->check);
  g_clear_pointer (&data->context, portolan_probe_context_unref);
  g_clear_pointer (&data->deadline, _portolan_deadline_free);
  g_free (data);
}

/**
 * portolan_probe_async:
 *
 * Runs @check and sets its result. Cancelling @cancellable ends it at
 * once as cancelled; the time limit ends it as whatever silence means
 * for its protocol. A probe opens its sockets only while it runs and
 * closes them before it completes.
 */
void
portolan_probe_async (PortolanCheck        *check,
                      PortolanProbeContext *context,
                      GCancellable         *cancellable,
                      GAsyncReadyCallback   callback,
                      gpointer              user_data)
{
  g_autoptr(GTask) task = g_task_new (check, cancellable, callback, user_data);
  ProbeData *data = g_new0 (ProbeData, 1);

  g_task_set_source_tag (task, portolan_probe_async);
  g_task_set_priority (task, PORTOLAN_PROBE_PRIORITY);
  data->check = g_object_ref (check);
  data->context = portolan_probe_context_ref (context);
  data->deadline = _portolan_deadline_new (cancellable, context->timeout_ms);
  g_task_set_task_data (task, data, (GDestroyNotify) probe_data_free);

  portolan_check_reset (check);

  switch (portolan_check_get_probe (check))
    {
    case PORTOLAN_PROBE_SERVICE:
      if (portolan_check_get_protocol (check) == PORTOLAN_PROTOCOL_UDP)
        _portolan_probe_udp (check, context, data->deadline, g_steal_pointer (&task));
      else
        _portolan_probe_service (check, context, data->deadline, g_steal_pointer (&task));
      break;

    case PORTOLAN_PROBE_UDP:
    case PORTOLAN_PROBE_WOL:
      _portolan_probe_udp (check, context, data->deadline, g_steal_pointer (&task));
      break;

    case PORTOLAN_PROBE_TCP:
    case PORTOLAN_PROBE_TLS:
    case PORTOLAN_PROBE_UMS_STATUS:
      _portolan_probe_tcp (check, context, data->deadline, g_steal_pointer (&task));
      break;

    case PORTOLAN_PROBE_HTTPS:
      _portolan_probe_https (check, context, data->deadline, g_steal_pointer (&task));
      break;

    case PORTOLAN_PROBE_NONE:
    default:
      g_task_return_boolean (task, TRUE);
      break;
    }
}

void
portolan_probe_finish (GAsyncResult *result)
{
  g_task_propagate_boolean (G_TASK (result), NULL);
}
