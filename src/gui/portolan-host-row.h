/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-host-row.h: the hosts of one role, as the side pane edits them */
#pragma once

#include <gtk/gtk.h>

#include "portolan-core.h"

G_BEGIN_DECLS

#define PORTOLAN_TYPE_HOST_ROW (portolan_host_row_get_type ())

G_DECLARE_FINAL_TYPE (PortolanHostRow, portolan_host_row, PORTOLAN, HOST_ROW, GtkWidget)

GtkWidget    *portolan_host_row_new       (PortolanRole    *role);
PortolanRole *portolan_host_row_get_role  (PortolanHostRow *self);
const char   *portolan_host_row_get_text  (PortolanHostRow *self);
void          portolan_host_row_set_text  (PortolanHostRow *self,
                                           const char      *text);
const char   *portolan_host_row_get_error (PortolanHostRow *self);
void          portolan_host_row_set_error (PortolanHostRow *self,
                                           const char      *error);
gboolean      portolan_host_row_get_draft (PortolanHostRow *self);
void          portolan_host_row_set_draft (PortolanHostRow *self,
                                           gboolean         draft);
GtkWidget    *portolan_host_row_get_entry (PortolanHostRow *self);

G_END_DECLS
