/* portolan-window.h */
#pragma once

#include <gtk/gtk.h>

#include "portolan-application.h"

G_BEGIN_DECLS

#define PORTOLAN_TYPE_WINDOW (portolan_window_get_type ())

G_DECLARE_FINAL_TYPE (PortolanWindow, portolan_window, PORTOLAN, WINDOW, GtkApplicationWindow)

PortolanWindow *portolan_window_new (PortolanApplication *application);

G_END_DECLS
