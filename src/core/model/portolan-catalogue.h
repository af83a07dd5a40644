/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-catalogue.h: roles, features and the links between roles */
#pragma once

#include <gio/gio.h>

#include "portolan-feature.h"
#include "portolan-link.h"
#include "portolan-role.h"

G_BEGIN_DECLS

#define PORTOLAN_CATALOGUE_ERROR (portolan_catalogue_error_quark ())

typedef enum
{
  PORTOLAN_CATALOGUE_ERROR_IO,
  PORTOLAN_CATALOGUE_ERROR_MALFORMED,
  PORTOLAN_CATALOGUE_ERROR_MISSING_FIELD,
  PORTOLAN_CATALOGUE_ERROR_UNKNOWN_FIELD,
  PORTOLAN_CATALOGUE_ERROR_WRONG_TYPE,
  PORTOLAN_CATALOGUE_ERROR_INVALID_VALUE,
  PORTOLAN_CATALOGUE_ERROR_UNKNOWN_ID,
  PORTOLAN_CATALOGUE_ERROR_DUPLICATE_ID,
  PORTOLAN_CATALOGUE_ERROR_DUPLICATE_FIELD,
  PORTOLAN_CATALOGUE_ERROR_PORT_RANGE,
  PORTOLAN_CATALOGUE_ERROR_UNKNOWN_PROTOCOL,
  PORTOLAN_CATALOGUE_ERROR_UNKNOWN_SERVICE,
} PortolanCatalogueError;

/* Layout hint: the area of the graph a role is drawn in */
typedef struct
{
  char *id;
  char *name;
} PortolanZone;

/* Features shown together; in an exclusive group only one is in use */
typedef struct
{
  char     *id;
  char     *name;
  gboolean  exclusive;
} PortolanFeatureGroup;

#define PORTOLAN_TYPE_CATALOGUE (portolan_catalogue_get_type ())

G_DECLARE_FINAL_TYPE (PortolanCatalogue, portolan_catalogue, PORTOLAN, CATALOGUE, GObject)

GQuark             portolan_catalogue_error_quark      (void);

PortolanCatalogue *portolan_catalogue_new_builtin      (GError            **error);
PortolanCatalogue *portolan_catalogue_new_from_file    (GFile              *file,
                                                        GError            **error);
PortolanCatalogue *portolan_catalogue_new_from_data    (const char         *data,
                                                        gssize              length,
                                                        const char         *origin,
                                                        GError            **error);

const char        *portolan_catalogue_get_id           (PortolanCatalogue  *self);
const char        *portolan_catalogue_get_name         (PortolanCatalogue  *self);
const char        *portolan_catalogue_get_version      (PortolanCatalogue  *self);
const char        *portolan_catalogue_get_origin       (PortolanCatalogue  *self);

GPtrArray         *portolan_catalogue_get_zones        (PortolanCatalogue  *self);
GPtrArray         *portolan_catalogue_get_groups       (PortolanCatalogue  *self);
GPtrArray         *portolan_catalogue_get_roles        (PortolanCatalogue  *self);
GPtrArray         *portolan_catalogue_get_features     (PortolanCatalogue  *self);
GPtrArray         *portolan_catalogue_get_links        (PortolanCatalogue  *self);

PortolanRole      *portolan_catalogue_lookup_role      (PortolanCatalogue  *self,
                                                        const char         *id);
PortolanFeature   *portolan_catalogue_lookup_feature   (PortolanCatalogue  *self,
                                                        const char         *id);
PortolanLink      *portolan_catalogue_lookup_link      (PortolanCatalogue  *self,
                                                        const char         *id);
const PortolanZone *portolan_catalogue_lookup_zone     (PortolanCatalogue  *self,
                                                        const char         *id);
const PortolanFeatureGroup *portolan_catalogue_lookup_group (PortolanCatalogue *self,
                                                             const char        *id);

PortolanFeature   *portolan_catalogue_find_rival       (PortolanCatalogue  *self,
                                                        GHashTable         *chosen,
                                                        PortolanFeature    *feature);

char              *portolan_catalogue_list_role_ids    (PortolanCatalogue  *self);
char              *portolan_catalogue_list_feature_ids (PortolanCatalogue  *self);

G_END_DECLS
