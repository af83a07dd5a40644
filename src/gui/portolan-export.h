/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-export.h: the window's support report, written to a file */
#pragma once

#include <gtk/gtk.h>

#include "portolan-core.h"

G_BEGIN_DECLS

/* Called once the report is written (@error NULL) or could not be */
typedef void (*PortolanExportDone) (GFile        *file,
                                    const GError *error,
                                    gpointer      user_data);

void portolan_export_choose_file (GtkWindow          *parent,
                                  PortolanPlan       *plan,
                                  GDateTime          *started,
                                  double              duration_ms,
                                  PortolanExportDone  done,
                                  gpointer            user_data);
void portolan_export_to_file     (PortolanPlan       *plan,
                                  GDateTime          *started,
                                  double              duration_ms,
                                  gboolean            redact,
                                  GFile              *file,
                                  PortolanExportDone  done,
                                  gpointer            user_data);

G_END_DECLS
