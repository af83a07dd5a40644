/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-application.h */
#pragma once

#include <adwaita.h>

#include "portolan-core.h"

G_BEGIN_DECLS

#define PORTOLAN_TYPE_APPLICATION (portolan_application_get_type ())

G_DECLARE_FINAL_TYPE (PortolanApplication, portolan_application, PORTOLAN, APPLICATION, AdwApplication)

PortolanApplication *portolan_application_new             (GApplicationFlags    flags);
PortolanCatalogue   *portolan_application_get_catalogue   (PortolanApplication *self);
GtkCssProvider      *portolan_application_get_state_style (PortolanApplication *self);

G_END_DECLS
