/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-catalogue-private.h: how the parser builds a catalogue */
#pragma once

#include "portolan-catalogue.h"

G_BEGIN_DECLS

/* For the tables of names indexed by an enum (role kinds, services) */
gboolean           _portolan_name_lookup     (const char * const *names,
                                              guint               n_names,
                                              const char         *name,
                                              guint              *index);
char              *_portolan_name_join       (const char * const *names,
                                              guint               n_names);

PortolanRole      *_portolan_role_new        (const char         *id,
                                              const char         *name,
                                              const char         *description,
                                              PortolanRoleKind    kind,
                                              const char         *zone,
                                              double              x,
                                              double              y,
                                              const char * const *default_hosts,
                                              const char         *feature);
char              *_portolan_role_kind_list  (void);
char              *_portolan_service_list    (void);

PortolanFeature   *_portolan_feature_new     (const char         *id,
                                              const char         *name,
                                              const char         *description,
                                              const char         *group,
                                              gboolean            is_default);

PortolanLink      *_portolan_link_new        (const char         *id,
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
                                              const char         *description);

void               _portolan_zone_free       (PortolanZone         *zone);
void               _portolan_group_free      (PortolanFeatureGroup *group);

/* Takes ownership of the arrays */
PortolanCatalogue *_portolan_catalogue_new   (const char         *id,
                                              const char         *name,
                                              const char         *version,
                                              const char         *origin,
                                              GPtrArray          *zones,
                                              GPtrArray          *groups,
                                              GPtrArray          *roles,
                                              GPtrArray          *features,
                                              GPtrArray          *links);

/* With a @translation_domain, names and descriptions are translated */
PortolanCatalogue *_portolan_catalogue_parse (const char         *data,
                                              gsize               length,
                                              const char         *origin,
                                              const char         *translation_domain,
                                              GError            **error);

G_END_DECLS
