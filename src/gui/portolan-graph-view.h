/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-graph-view.h: the topology graph in the window */
#pragma once

#include <gtk/gtk.h>

#include "portolan-core.h"

G_BEGIN_DECLS

#define PORTOLAN_TYPE_GRAPH_VIEW (portolan_graph_view_get_type ())

G_DECLARE_FINAL_TYPE (PortolanGraphView, portolan_graph_view, PORTOLAN, GRAPH_VIEW, GtkWidget)

GtkWidget        *portolan_graph_view_new          (PortolanCatalogue *catalogue);
PortolanRenderer *portolan_graph_view_get_renderer (PortolanGraphView *self);
void              portolan_graph_view_set_profile  (PortolanGraphView *self,
                                                    PortolanProfile   *profile);
void              portolan_graph_view_set_plan     (PortolanGraphView *self,
                                                    PortolanPlan      *plan);
void              portolan_graph_view_select_link  (PortolanGraphView *self,
                                                    const char        *link_id,
                                                    const char        *to);

G_END_DECLS
