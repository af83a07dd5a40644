/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-link.h: one row of the port table, from initiators to listeners */
#pragma once

#include <glib-object.h>

#include "portolan-protocol.h"

G_BEGIN_DECLS

/* What a check of a link does once it reaches the listener: the
 * protocol whose answer proves the right service listens. Kerberos
 * speaks on both TCP and UDP; a link's other services are those of its
 * TCP side, and its UDP side gets a datagram. */
typedef enum
{
  PORTOLAN_SERVICE_TCP,         /* a connection, and what the server sends first */
  PORTOLAN_SERVICE_TLS,         /* a TLS handshake */
  PORTOLAN_SERVICE_HTTPS,       /* an HTTPS request, through the proxy choice */
  PORTOLAN_SERVICE_UMS_STATUS,  /* (TLS,) the UMS Server's serverstatus and check-status */
  PORTOLAN_SERVICE_UDP,         /* a datagram, and wait for an answer */
  PORTOLAN_SERVICE_POSTGRESQL,  /* SSLRequest */
  PORTOLAN_SERVICE_LDAP,        /* an anonymous rootDSE search */
  PORTOLAN_SERVICE_LDAPS,       /* TLS, then the same search */
  PORTOLAN_SERVICE_KERBEROS,    /* an AS-REQ for no one, over TCP and UDP */
  PORTOLAN_SERVICE_TDS,         /* an MS SQL PRELOGIN */
  PORTOLAN_SERVICE_TNS,         /* an Oracle TNS CONNECT for the listener's version */
  PORTOLAN_SERVICE_DRDA,        /* a Derby EXCSAT */
  PORTOLAN_SERVICE_RFB,         /* the VNC server's banner, or TLS (secure shadowing) */
  PORTOLAN_SERVICE_OPENWIRE,    /* the broker's WireFormatInfo, or TLS */
  PORTOLAN_SERVICE_ICG_STATUS,  /* TLS, then the ICG's check-status */
  PORTOLAN_SERVICE_WOL,         /* a Wake on LAN magic packet to the host */
  PORTOLAN_N_SERVICES
} PortolanService;

const char         *portolan_service_to_string     (PortolanService   service);
gboolean            portolan_service_from_string   (const char       *name,
                                                    PortolanService  *service);
gboolean            portolan_service_uses_tls      (PortolanService   service);
gboolean            portolan_service_allows        (PortolanService   service,
                                                    PortolanProtocol  protocol);
const char         *portolan_service_get_name      (PortolanService   service);

#define PORTOLAN_TYPE_LINK (portolan_link_get_type ())

G_DECLARE_FINAL_TYPE (PortolanLink, portolan_link, PORTOLAN, LINK, GObject)

const char         *portolan_link_get_id           (PortolanLink *self);
guint               portolan_link_get_row          (PortolanLink *self);
guint16             portolan_link_get_port         (PortolanLink *self);
gboolean            portolan_link_is_dynamic       (PortolanLink *self);
PortolanProtocol    portolan_link_get_protocols    (PortolanLink *self);
PortolanService     portolan_link_get_service      (PortolanLink *self);
gboolean            portolan_link_uses_tls         (PortolanLink *self);
const char * const *portolan_link_get_initiators   (PortolanLink *self);
const char * const *portolan_link_get_listeners    (PortolanLink *self);
const char * const *portolan_link_get_features     (PortolanLink *self);
const char * const *portolan_link_get_requires     (PortolanLink *self);
gboolean            portolan_link_get_configurable (PortolanLink *self);
const char         *portolan_link_get_description  (PortolanLink *self);
gboolean            portolan_link_has_initiator    (PortolanLink *self,
                                                    const char   *role_id);
gboolean            portolan_link_has_listener     (PortolanLink *self,
                                                    const char   *role_id);
gboolean            portolan_link_involves_feature (PortolanLink *self,
                                                    const char   *feature_id);
char               *portolan_link_format_port      (PortolanLink *self);

G_END_DECLS
