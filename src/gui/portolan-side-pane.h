/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-side-pane.h: where the admin says what to check */
#pragma once

#include <gtk/gtk.h>

#include "portolan-core.h"

G_BEGIN_DECLS

#define PORTOLAN_TYPE_SIDE_PANE (portolan_side_pane_get_type ())

G_DECLARE_FINAL_TYPE (PortolanSidePane, portolan_side_pane, PORTOLAN, SIDE_PANE, GtkWidget)

void        portolan_side_pane_set_profile       (PortolanSidePane *self,
                                                  PortolanProfile  *profile);
void        portolan_side_pane_set_roles_in_play (PortolanSidePane *self,
                                                  GPtrArray        *role_ids);
const char *portolan_side_pane_get_source        (PortolanSidePane *self);
const char *portolan_side_pane_get_target        (PortolanSidePane *self);
void        portolan_side_pane_set_direction     (PortolanSidePane *self,
                                                  const char       *source,
                                                  const char       *target);
GtkWidget  *portolan_side_pane_get_host_entry    (PortolanSidePane *self,
                                                  const char       *role_id);

G_END_DECLS
