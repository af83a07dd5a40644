/* portolan-link.h: one row of the port table, from initiators to listeners */
#pragma once

#include <glib-object.h>

#include "portolan-protocol.h"

G_BEGIN_DECLS

#define PORTOLAN_TYPE_LINK (portolan_link_get_type ())

G_DECLARE_FINAL_TYPE (PortolanLink, portolan_link, PORTOLAN, LINK, GObject)

const char         *portolan_link_get_id           (PortolanLink *self);
guint               portolan_link_get_row          (PortolanLink *self);
guint16             portolan_link_get_port         (PortolanLink *self);
gboolean            portolan_link_is_dynamic       (PortolanLink *self);
PortolanProtocol    portolan_link_get_protocols    (PortolanLink *self);
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
