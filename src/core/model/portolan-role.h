/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-role.h: a component that takes part in a UMS installation */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum
{
  PORTOLAN_ROLE_KIND_SERVER,
  PORTOLAN_ROLE_KIND_CLIENT,
  PORTOLAN_ROLE_KIND_DEVICE,
  PORTOLAN_ROLE_KIND_DATABASE,
  PORTOLAN_ROLE_KIND_DIRECTORY,
  PORTOLAN_ROLE_KIND_CLOUD,
  PORTOLAN_ROLE_KIND_GATEWAY,
} PortolanRoleKind;

#define PORTOLAN_TYPE_ROLE (portolan_role_get_type ())

G_DECLARE_FINAL_TYPE (PortolanRole, portolan_role, PORTOLAN, ROLE, GObject)

const char         *portolan_role_kind_to_string     (PortolanRoleKind  kind);
gboolean            portolan_role_kind_from_string   (const char       *name,
                                                      PortolanRoleKind *kind);

const char         *portolan_role_get_id             (PortolanRole     *self);
const char         *portolan_role_get_name           (PortolanRole     *self);
const char         *portolan_role_get_description    (PortolanRole     *self);
PortolanRoleKind    portolan_role_get_kind           (PortolanRole     *self);
const char         *portolan_role_get_zone           (PortolanRole     *self);
void                portolan_role_get_position       (PortolanRole     *self,
                                                      double           *x,
                                                      double           *y);
const char * const *portolan_role_get_default_hosts  (PortolanRole     *self);
const char         *portolan_role_get_feature        (PortolanRole     *self);

G_END_DECLS
