/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-check.c */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "portolan-check.h"
#include "portolan-enums.h"
#include "portolan-text.h"

struct _PortolanCheck
{
  GObject            parent_instance;

  PortolanLink      *link;
  char              *from;
  char              *to;
  char              *host;
  guint16            port;
  PortolanProtocol   protocol;
  PortolanProbeKind  probe;

  PortolanState      state;
  char              *address;
  double             latency_ms;
  char              *detail;
  PortolanTlsInfo   *tls_info;
  PortolanServiceInfo *service_info;
};

G_DEFINE_FINAL_TYPE (PortolanCheck, portolan_check, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STATE,
  PROP_HOST,
  PROP_ADDRESS,
  PROP_LATENCY,
  PROP_DETAIL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Queues the notifications of the result's parts that differ from
 * now; they go out together at the caller's thaw */
static void
notify_changes (PortolanCheck *self,
                const char    *address,
                double         latency_ms,
                const char    *detail)
{
  if (g_strcmp0 (self->address, address) != 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ADDRESS]);
  if (self->latency_ms != latency_ms)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LATENCY]);
  if (g_strcmp0 (self->detail, detail) != 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DETAIL]);
}

static void
clear_result (PortolanCheck *self)
{
  g_clear_pointer (&self->address, g_free);
  g_clear_pointer (&self->detail, g_free);
  g_clear_pointer (&self->tls_info, portolan_tls_info_free);
  g_clear_pointer (&self->service_info, portolan_service_info_free);
  self->latency_ms = -1;
}

static void
portolan_check_finalize (GObject *object)
{
  PortolanCheck *self = (PortolanCheck *)object;

  g_clear_object (&self->link);
  g_free (self->from);
  g_free (self->to);
  g_free (self->host);
  clear_result (self);

  G_OBJECT_CLASS (portolan_check_parent_class)->finalize (object);
}

static void
portolan_check_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  PortolanCheck *self = PORTOLAN_CHECK (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;

    case PROP_HOST:
      g_value_set_string (value, self->host);
      break;

    case PROP_ADDRESS:
      g_value_set_string (value, self->address);
      break;

    case PROP_LATENCY:
      g_value_set_double (value, self->latency_ms);
      break;

    case PROP_DETAIL:
      g_value_set_string (value, self->detail);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
portolan_check_class_init (PortolanCheckClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = portolan_check_finalize;
  object_class->get_property = portolan_check_get_property;

  /* Notified once a result is complete, so a view never shows half of it */
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL,
                       PORTOLAN_TYPE_STATE,
                       PORTOLAN_STATE_PENDING,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /* Set at construction, a property so that a list item can bind to it */
  properties[PROP_HOST] =
    g_param_spec_string ("host", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_ADDRESS] =
    g_param_spec_string ("address", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /* Negative while the host has not answered */
  properties[PROP_LATENCY] =
    g_param_spec_double ("latency", NULL, NULL,
                         -G_MAXDOUBLE, G_MAXDOUBLE, -1,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_DETAIL] =
    g_param_spec_string ("detail", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
portolan_check_init (PortolanCheck *self)
{
  self->latency_ms = -1;
}

PortolanCheck *
portolan_check_new (PortolanLink      *link,
                    const char        *from_role,
                    const char        *to_role,
                    const char        *host,
                    guint16            port,
                    PortolanProtocol   protocol,
                    PortolanProbeKind  probe)
{
  PortolanCheck *self = g_object_new (PORTOLAN_TYPE_CHECK, NULL);

  self->link = g_object_ref (link);
  self->from = g_strdup (from_role);
  self->to = g_strdup (to_role);
  self->host = g_strdup (host);
  self->port = port;
  self->protocol = protocol;
  self->probe = probe;

  return self;
}

PortolanLink *
portolan_check_get_link (PortolanCheck *self)
{
  g_return_val_if_fail (PORTOLAN_IS_CHECK (self), NULL);

  return self->link;
}

const char *
portolan_check_get_from (PortolanCheck *self)
{
  g_return_val_if_fail (PORTOLAN_IS_CHECK (self), NULL);

  return self->from;
}

const char *
portolan_check_get_to (PortolanCheck *self)
{
  g_return_val_if_fail (PORTOLAN_IS_CHECK (self), NULL);

  return self->to;
}

/**
 * portolan_check_get_host:
 *
 * The host as the profile names it, or %NULL for a check that has no
 * host (skipped because the role has none).
 */
const char *
portolan_check_get_host (PortolanCheck *self)
{
  g_return_val_if_fail (PORTOLAN_IS_CHECK (self), NULL);

  return self->host;
}

/**
 * portolan_check_get_port:
 *
 * The port probed: the profile's override or the catalogue's port; 0 for
 * a dynamic port.
 */
guint16
portolan_check_get_port (PortolanCheck *self)
{
  g_return_val_if_fail (PORTOLAN_IS_CHECK (self), 0);

  return self->port;
}

PortolanProtocol
portolan_check_get_protocol (PortolanCheck *self)
{
  g_return_val_if_fail (PORTOLAN_IS_CHECK (self), 0);

  return self->protocol;
}

PortolanProbeKind
portolan_check_get_probe (PortolanCheck *self)
{
  g_return_val_if_fail (PORTOLAN_IS_CHECK (self), 0);

  return self->probe;
}

PortolanState
portolan_check_get_state (PortolanCheck *self)
{
  g_return_val_if_fail (PORTOLAN_IS_CHECK (self), 0);

  return self->state;
}

/**
 * portolan_check_get_address:
 *
 * The IP address the probe used ("192.0.2.10", "::1"), or %NULL when it
 * got none (the name did not resolve, or the check did not run).
 */
const char *
portolan_check_get_address (PortolanCheck *self)
{
  g_return_val_if_fail (PORTOLAN_IS_CHECK (self), NULL);

  return self->address;
}

/**
 * portolan_check_get_latency:
 *
 * Milliseconds until the host answered (connected, refused or replied),
 * or a negative number when it did not answer.
 */
double
portolan_check_get_latency (PortolanCheck *self)
{
  g_return_val_if_fail (PORTOLAN_IS_CHECK (self), -1);

  return self->latency_ms;
}

const char *
portolan_check_get_detail (PortolanCheck *self)
{
  g_return_val_if_fail (PORTOLAN_IS_CHECK (self), NULL);

  return self->detail;
}

const PortolanTlsInfo *
portolan_check_get_tls_info (PortolanCheck *self)
{
  g_return_val_if_fail (PORTOLAN_IS_CHECK (self), NULL);

  return self->tls_info;
}

/**
 * portolan_check_get_service_info:
 *
 * Returns: (nullable): what the protocol check learnt of the service
 *   behind the port, or %NULL when the check has none or it did not run
 */
const PortolanServiceInfo *
portolan_check_get_service_info (PortolanCheck *self)
{
  g_return_val_if_fail (PORTOLAN_IS_CHECK (self), NULL);

  return self->service_info;
}

gboolean
portolan_check_is_finished (PortolanCheck *self)
{
  g_return_val_if_fail (PORTOLAN_IS_CHECK (self), FALSE);

  return self->state != PORTOLAN_STATE_PENDING;
}

/**
 * portolan_check_format_port:
 *
 * "8443/tcp", or "dynamic/udp".
 */
char *
portolan_check_format_port (PortolanCheck *self)
{
  g_return_val_if_fail (PORTOLAN_IS_CHECK (self), NULL);

  if (self->port == 0)
    return g_strdup_printf ("%s/%s", _("dynamic"), portolan_protocol_to_string (self->protocol));

  return g_strdup_printf ("%u/%s", self->port, portolan_protocol_to_string (self->protocol));
}

/**
 * portolan_check_set_result:
 * @detail: (nullable): capped to %PORTOLAN_TEXT_MAX_BYTES, as it may
 *   quote a server
 * @tls_info: (transfer full) (nullable):
 */
void
portolan_check_set_result (PortolanCheck   *self,
                           PortolanState    state,
                           const char      *address,
                           double           latency_ms,
                           const char      *detail,
                           PortolanTlsInfo *tls_info)
{
  portolan_check_set_service_result (self, state, address, latency_ms, detail, tls_info, NULL);
}

/**
 * portolan_check_set_service_result:
 * @tls_info: (transfer full) (nullable):
 * @service_info: (transfer full) (nullable): what the service said
 *
 * As portolan_check_set_result(), for a check with a protocol step.
 */
void
portolan_check_set_service_result (PortolanCheck       *self,
                                   PortolanState        state,
                                   const char          *address,
                                   double               latency_ms,
                                   const char          *detail,
                                   PortolanTlsInfo     *tls_info,
                                   PortolanServiceInfo *service_info)
{
  g_autofree char *new_address = NULL;
  g_autofree char *new_detail = NULL;

  g_return_if_fail (PORTOLAN_IS_CHECK (self));

  /* Copied first: @address or @detail may be this check's own */
  new_address = g_strdup (address);
  new_detail = portolan_text_cap (detail);
  if (tls_info == self->tls_info)
    self->tls_info = NULL;
  if (service_info == self->service_info)
    self->service_info = NULL;

  /* One result, one batch of notifications: a handler of any of them
   * sees the whole result, never half of it */
  g_object_freeze_notify (G_OBJECT (self));
  notify_changes (self, new_address, latency_ms, new_detail);
  clear_result (self);
  self->address = g_steal_pointer (&new_address);
  self->latency_ms = latency_ms;
  self->detail = g_steal_pointer (&new_detail);
  self->tls_info = tls_info;
  self->service_info = service_info;
  self->state = state;

  /* Even when the state is the same: "state" says a result is complete */
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
  g_object_thaw_notify (G_OBJECT (self));
}

void
portolan_check_reset (PortolanCheck *self)
{
  g_return_if_fail (PORTOLAN_IS_CHECK (self));

  if (self->state == PORTOLAN_STATE_PENDING)
    return;

  g_object_freeze_notify (G_OBJECT (self));
  notify_changes (self, NULL, -1, NULL);
  clear_result (self);
  self->state = PORTOLAN_STATE_PENDING;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
  g_object_thaw_notify (G_OBJECT (self));
}
