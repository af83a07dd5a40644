/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-link.c */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "portolan-catalogue-private.h"

struct _PortolanLink
{
  GObject           parent_instance;

  char             *id;
  guint             row;
  guint16           port;
  PortolanProtocol  protocols;
  PortolanService   service;
  char            **initiators;
  char            **listeners;
  char            **features;
  char            **requires;
  gboolean          configurable;
  char             *description;
};

G_DEFINE_FINAL_TYPE (PortolanLink, portolan_link, G_TYPE_OBJECT)

/* As catalogue files write them */
static const char * const service_names[] = {
  [PORTOLAN_SERVICE_TCP] = "tcp",
  [PORTOLAN_SERVICE_TLS] = "tls",
  [PORTOLAN_SERVICE_HTTPS] = "https",
  [PORTOLAN_SERVICE_UMS_STATUS] = "ums-status",
  [PORTOLAN_SERVICE_UDP] = "udp",
};

const char *
portolan_service_to_string (PortolanService service)
{
  g_return_val_if_fail (service < G_N_ELEMENTS (service_names), NULL);

  return service_names[service];
}

gboolean
portolan_service_from_string (const char      *name,
                              PortolanService *service)
{
  guint index;

  if (!_portolan_name_lookup (service_names, G_N_ELEMENTS (service_names), name, &index))
    return FALSE;

  *service = index;
  return TRUE;
}

/**
 * portolan_service_uses_tls:
 *
 * Whether the listener answers with a certificate, which an admin may
 * pin by its fingerprint.
 */
gboolean
portolan_service_uses_tls (PortolanService service)
{
  return service == PORTOLAN_SERVICE_TLS ||
         service == PORTOLAN_SERVICE_HTTPS ||
         service == PORTOLAN_SERVICE_UMS_STATUS;
}

char *
_portolan_service_list (void)
{
  return _portolan_name_join (service_names, G_N_ELEMENTS (service_names));
}

static void
portolan_link_finalize (GObject *object)
{
  PortolanLink *self = (PortolanLink *)object;

  g_free (self->id);
  g_strfreev (self->initiators);
  g_strfreev (self->listeners);
  g_strfreev (self->features);
  g_strfreev (self->requires);
  g_free (self->description);

  G_OBJECT_CLASS (portolan_link_parent_class)->finalize (object);
}

static void
portolan_link_class_init (PortolanLinkClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = portolan_link_finalize;
}

static void
portolan_link_init (PortolanLink *self)
{
}

PortolanLink *
_portolan_link_new (const char         *id,
                    guint               row,
                    guint16             port,
                    PortolanProtocol    protocols,
                    PortolanService     service,
                    const char * const *initiators,
                    const char * const *listeners,
                    const char * const *features,
                    const char * const *requires,
                    gboolean            configurable,
                    const char         *description)
{
  PortolanLink *self = g_object_new (PORTOLAN_TYPE_LINK, NULL);

  self->id = g_strdup (id);
  self->row = row;
  self->port = port;
  self->protocols = protocols;
  self->service = service;
  self->initiators = g_strdupv ((char **) initiators);
  self->listeners = g_strdupv ((char **) listeners);
  self->features = g_strdupv ((char **) features);
  self->requires = requires != NULL ? g_strdupv ((char **) requires) : g_new0 (char *, 1);
  self->configurable = configurable;
  self->description = g_strdup (description);

  return self;
}

const char *
portolan_link_get_id (PortolanLink *self)
{
  g_return_val_if_fail (PORTOLAN_IS_LINK (self), NULL);

  return self->id;
}

/**
 * portolan_link_get_row:
 *
 * The row of the vendor's port table this link comes from, counted from
 * 1, or 0 when the catalogue does not say.
 */
guint
portolan_link_get_row (PortolanLink *self)
{
  g_return_val_if_fail (PORTOLAN_IS_LINK (self), 0);

  return self->row;
}

/**
 * portolan_link_get_port:
 *
 * The listener's port, or 0 for a dynamic port (an "Auto (high port)"
 * row, where the number is only known while the UMS talks).
 */
guint16
portolan_link_get_port (PortolanLink *self)
{
  g_return_val_if_fail (PORTOLAN_IS_LINK (self), 0);

  return self->port;
}

gboolean
portolan_link_is_dynamic (PortolanLink *self)
{
  g_return_val_if_fail (PORTOLAN_IS_LINK (self), FALSE);

  return self->port == 0;
}

PortolanProtocol
portolan_link_get_protocols (PortolanLink *self)
{
  g_return_val_if_fail (PORTOLAN_IS_LINK (self), 0);

  return self->protocols;
}

/**
 * portolan_link_get_service:
 *
 * What a check does once connected to the listener's TCP port, or
 * %PORTOLAN_SERVICE_UDP for a link with only UDP. A UDP check of a link
 * that uses both is always a datagram.
 */
PortolanService
portolan_link_get_service (PortolanLink *self)
{
  g_return_val_if_fail (PORTOLAN_IS_LINK (self), PORTOLAN_SERVICE_TCP);

  return self->service;
}

const char * const *
portolan_link_get_initiators (PortolanLink *self)
{
  g_return_val_if_fail (PORTOLAN_IS_LINK (self), NULL);

  return (const char * const *) self->initiators;
}

const char * const *
portolan_link_get_listeners (PortolanLink *self)
{
  g_return_val_if_fail (PORTOLAN_IS_LINK (self), NULL);

  return (const char * const *) self->listeners;
}

/**
 * portolan_link_get_features:
 *
 * The features that need this link: it is in use when any of them is.
 */
const char * const *
portolan_link_get_features (PortolanLink *self)
{
  g_return_val_if_fail (PORTOLAN_IS_LINK (self), NULL);

  return (const char * const *) self->features;
}

/**
 * portolan_link_get_requires:
 *
 * Features that must all be in use as well, for a link the table marks
 * as conditional ("OS 11 only", "only when SSL-only connections are off").
 */
const char * const *
portolan_link_get_requires (PortolanLink *self)
{
  g_return_val_if_fail (PORTOLAN_IS_LINK (self), NULL);

  return (const char * const *) self->requires;
}

gboolean
portolan_link_get_configurable (PortolanLink *self)
{
  g_return_val_if_fail (PORTOLAN_IS_LINK (self), FALSE);

  return self->configurable;
}

const char *
portolan_link_get_description (PortolanLink *self)
{
  g_return_val_if_fail (PORTOLAN_IS_LINK (self), NULL);

  return self->description;
}

gboolean
portolan_link_has_initiator (PortolanLink *self,
                             const char   *role_id)
{
  g_return_val_if_fail (PORTOLAN_IS_LINK (self), FALSE);

  return g_strv_contains ((const char * const *) self->initiators, role_id);
}

gboolean
portolan_link_has_listener (PortolanLink *self,
                            const char   *role_id)
{
  g_return_val_if_fail (PORTOLAN_IS_LINK (self), FALSE);

  return g_strv_contains ((const char * const *) self->listeners, role_id);
}

/**
 * portolan_link_involves_feature:
 *
 * Whether the feature decides if this link is in use, as one of the
 * features that need it or as one it requires.
 */
gboolean
portolan_link_involves_feature (PortolanLink *self,
                                const char   *feature_id)
{
  g_return_val_if_fail (PORTOLAN_IS_LINK (self), FALSE);

  return g_strv_contains ((const char * const *) self->features, feature_id) ||
         g_strv_contains ((const char * const *) self->requires, feature_id);
}

/**
 * portolan_link_format_port:
 *
 * The port and protocols as an admin reads them: "8443/tcp",
 * "88/tcp+udp", or "dynamic/udp".
 */
char *
portolan_link_format_port (PortolanLink *self)
{
  GString *text;

  g_return_val_if_fail (PORTOLAN_IS_LINK (self), NULL);

  text = g_string_new (NULL);
  if (self->port == 0)
    /* Translators: a port number chosen at run time ("Auto (high port)") */
    g_string_append (text, _("dynamic"));
  else
    g_string_append_printf (text, "%u", self->port);

  g_string_append_c (text, '/');
  if (self->protocols & PORTOLAN_PROTOCOL_TCP)
    g_string_append (text, "tcp");
  if ((self->protocols & PORTOLAN_PROTOCOL_TCP) && (self->protocols & PORTOLAN_PROTOCOL_UDP))
    g_string_append_c (text, '+');
  if (self->protocols & PORTOLAN_PROTOCOL_UDP)
    g_string_append (text, "udp");

  return g_string_free (text, FALSE);
}
