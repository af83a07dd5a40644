/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-link.h: one row of the port table, from initiators to listeners */
#pragma once

#include <glib-object.h>

#include "portolan-protocol.h"

G_BEGIN_DECLS

/* What a check of a link does once it reaches the listener. The service
 * is that of the link's TCP side: a link that also uses UDP is probed
 * with a datagram there, and a UDP-only link's service is udp. */
typedef enum
{
  PORTOLAN_SERVICE_TCP,         /* a connection, nothing more */
  PORTOLAN_SERVICE_TLS,         /* a TLS handshake */
  PORTOLAN_SERVICE_HTTPS,       /* an HTTPS request, through the proxy choice */
  PORTOLAN_SERVICE_UMS_STATUS,  /* TLS, then the UMS Server's serverstatus */
  PORTOLAN_SERVICE_UDP,         /* a datagram, and wait for an answer */
} PortolanService;

const char         *portolan_service_to_string     (PortolanService   service);
gboolean            portolan_service_from_string   (const char       *name,
                                                    PortolanService  *service);
gboolean            portolan_service_uses_tls      (PortolanService   service);

#define PORTOLAN_TYPE_LINK (portolan_link_get_type ())

G_DECLARE_FINAL_TYPE (PortolanLink, portolan_link, PORTOLAN, LINK, GObject)

const char         *portolan_link_get_id           (PortolanLink *self);
guint               portolan_link_get_row          (PortolanLink *self);
guint16             portolan_link_get_port         (PortolanLink *self);
gboolean            portolan_link_is_dynamic       (PortolanLink *self);
PortolanProtocol    portolan_link_get_protocols    (PortolanLink *self);
PortolanService     portolan_link_get_service      (PortolanLink *self);
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
