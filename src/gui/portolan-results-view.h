/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-results-view.h: every check of the plan, as a sortable list */
#pragma once

#include <gtk/gtk.h>

#include "portolan-core.h"

G_BEGIN_DECLS

#define PORTOLAN_TYPE_RESULTS_VIEW (portolan_results_view_get_type ())

G_DECLARE_FINAL_TYPE (PortolanResultsView, portolan_results_view, PORTOLAN, RESULTS_VIEW, GtkWidget)

void           portolan_results_view_set_checks   (PortolanResultsView *self,
                                                   GPtrArray           *checks);
GListModel    *portolan_results_view_get_model    (PortolanResultsView *self);
PortolanCheck *portolan_results_view_get_selected (PortolanResultsView *self);
void           portolan_results_view_select_link  (PortolanResultsView *self,
                                                   const char          *link_id);

G_END_DECLS
