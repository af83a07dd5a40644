/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-window.h */
#pragma once

#include <adwaita.h>

#include "portolan-application.h"

G_BEGIN_DECLS

#define PORTOLAN_TYPE_WINDOW (portolan_window_get_type ())

G_DECLARE_FINAL_TYPE (PortolanWindow, portolan_window, PORTOLAN, WINDOW, AdwApplicationWindow)

PortolanWindow  *portolan_window_new          (PortolanApplication *application);
gboolean         portolan_window_open_profile (PortolanWindow      *self,
                                               GFile               *file,
                                               GError             **error);
PortolanProfile *portolan_window_get_profile  (PortolanWindow      *self);
PortolanPlan    *portolan_window_get_plan     (PortolanWindow      *self);
gboolean         portolan_window_is_running   (PortolanWindow      *self);
void             portolan_window_show_error   (PortolanWindow      *self,
                                               const char          *heading,
                                               const char          *message);

G_END_DECLS
