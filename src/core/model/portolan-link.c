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
  gboolean          tls;
  char            **initiators;
  char            **listeners;
  char            **features;
  char            **requires;
  gboolean          configurable;
  char             *description;
};

G_DEFINE_FINAL_TYPE (PortolanLink, portolan_link, G_TYPE_OBJECT)

/* As catalogue files write them */
static const char * const service_names[PORTOLAN_N_SERVICES] = {
  [PORTOLAN_SERVICE_TCP] = "tcp",
  [PORTOLAN_SERVICE_TLS] = "tls",
  [PORTOLAN_SERVICE_HTTPS] = "https",
  [PORTOLAN_SERVICE_UMS_STATUS] = "ums-status",
  [PORTOLAN_SERVICE_UDP] = "udp",
  [PORTOLAN_SERVICE_POSTGRESQL] = "postgresql",
  [PORTOLAN_SERVICE_LDAP] = "ldap",
  [PORTOLAN_SERVICE_LDAPS] = "ldaps",
  [PORTOLAN_SERVICE_KERBEROS] = "kerberos",
  [PORTOLAN_SERVICE_TDS] = "tds",
  [PORTOLAN_SERVICE_TNS] = "tns",
  [PORTOLAN_SERVICE_DRDA] = "drda",
  [PORTOLAN_SERVICE_RFB] = "rfb",
  [PORTOLAN_SERVICE_OPENWIRE] = "openwire",
  [PORTOLAN_SERVICE_ICG_STATUS] = "icg-status",
  [PORTOLAN_SERVICE_WOL] = "wol",
};

/* As a check's detail names them: "no PostgreSQL answer" */
static const char * const service_titles[PORTOLAN_N_SERVICES] = {
  [PORTOLAN_SERVICE_TCP] = N_("TCP"),
  [PORTOLAN_SERVICE_TLS] = N_("TLS"),
  [PORTOLAN_SERVICE_HTTPS] = N_("HTTPS"),
  [PORTOLAN_SERVICE_UMS_STATUS] = N_("UMS Server"),
  [PORTOLAN_SERVICE_UDP] = N_("UDP"),
  [PORTOLAN_SERVICE_POSTGRESQL] = N_("PostgreSQL"),
  [PORTOLAN_SERVICE_LDAP] = N_("LDAP"),
  [PORTOLAN_SERVICE_LDAPS] = N_("LDAPS"),
  [PORTOLAN_SERVICE_KERBEROS] = N_("Kerberos"),
  [PORTOLAN_SERVICE_TDS] = N_("MS SQL (TDS)"),
  [PORTOLAN_SERVICE_TNS] = N_("Oracle (TNS)"),
  [PORTOLAN_SERVICE_DRDA] = N_("Derby (DRDA)"),
  [PORTOLAN_SERVICE_RFB] = N_("VNC (RFB)"),
  [PORTOLAN_SERVICE_OPENWIRE] = N_("ActiveMQ (OpenWire)"),
  [PORTOLAN_SERVICE_ICG_STATUS] = N_("ICG"),
  [PORTOLAN_SERVICE_WOL] = N_("Wake on LAN"),
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
         service == PORTOLAN_SERVICE_UMS_STATUS ||
         service == PORTOLAN_SERVICE_LDAPS ||
         service == PORTOLAN_SERVICE_ICG_STATUS;
}

/**
 * portolan_service_allows:
 *
 * Whether the service's check can run over @protocol: Kerberos over
 * both, udp and Wake on LAN over UDP only, every other over TCP only.
 */
gboolean
portolan_service_allows (PortolanService  service,
                         PortolanProtocol protocol)
{
  switch (service)
    {
    case PORTOLAN_SERVICE_KERBEROS:
      return TRUE;
    case PORTOLAN_SERVICE_UDP:
    case PORTOLAN_SERVICE_WOL:
      return protocol == PORTOLAN_PROTOCOL_UDP;
    default:
      return protocol == PORTOLAN_PROTOCOL_TCP;
    }
}

/**
 * portolan_service_get_name:
 *
 * Returns: the service's name to show, translated: "PostgreSQL"
 */
const char *
portolan_service_get_name (PortolanService service)
{
  g_return_val_if_fail (service < PORTOLAN_N_SERVICES, NULL);

  return g_dgettext (GETTEXT_PACKAGE, service_titles[service]);
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
                    gboolean            tls,
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
  self->tls = tls;
  self->initiators = g_strdupv ((char **) initiators);
  self->listeners = g_strdupv ((char **) listeners);
  self->features = g_strdupv ((char **) features);
  self->requires = requires != NULL ? g_strdupv ((char **) requires) : g_new0 (char *, 1);
  self->configurable = configurable;
  self->description = g_strdup (description);

  return self;
}

/**
 * portolan_link_uses_tls:
 *
 * Whether the link's check runs in TLS: its service's, unless the
 * catalogue says the link speaks it in clear (the UMS Server on 9080).
 */
gboolean
portolan_link_uses_tls (PortolanLink *self)
{
  g_return_val_if_fail (PORTOLAN_IS_LINK (self), FALSE);

  return self->tls && portolan_service_uses_tls (self->service);
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
