/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-preferences-window.h: the profile's less frequent settings */
#pragma once

#include <adwaita.h>

#include "portolan-core.h"

G_BEGIN_DECLS

#define PORTOLAN_TYPE_PREFERENCES_WINDOW (portolan_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (PortolanPreferencesWindow, portolan_preferences_window, PORTOLAN, PREFERENCES_WINDOW, AdwPreferencesWindow)

GtkWidget  *portolan_preferences_window_new               (GtkWindow                 *parent,
                                                           PortolanProfile           *profile);
const char *portolan_preferences_window_get_proxy_problem (PortolanPreferencesWindow *self);

G_END_DECLS
