/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-details-view.h: all there is to know about the selected link or role */
#pragma once

#include <gtk/gtk.h>

#include "portolan-core.h"

G_BEGIN_DECLS

#define PORTOLAN_TYPE_DETAILS_VIEW (portolan_details_view_get_type ())

G_DECLARE_FINAL_TYPE (PortolanDetailsView, portolan_details_view, PORTOLAN, DETAILS_VIEW, GtkWidget)

void        portolan_details_view_show_link (PortolanDetailsView *self,
                                             PortolanPlan        *plan,
                                             PortolanLink        *link);
void        portolan_details_view_show_role (PortolanDetailsView *self,
                                             PortolanProfile     *profile,
                                             PortolanRole        *role);
void        portolan_details_view_clear     (PortolanDetailsView *self);
const char *portolan_details_view_get_text  (PortolanDetailsView *self);

G_END_DECLS
