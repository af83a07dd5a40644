/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-export.h: the window's support report, written to a file */
#pragma once

#include <gtk/gtk.h>

#include "portolan-core.h"

G_BEGIN_DECLS

void   portolan_export_choose_file_async (GtkWindow            *parent,
                                          PortolanPlan         *plan,
                                          GDateTime            *started,
                                          double                duration_ms,
                                          GCancellable         *cancellable,
                                          GAsyncReadyCallback   callback,
                                          gpointer              user_data);
void   portolan_export_to_file_async     (PortolanPlan         *plan,
                                          GDateTime            *started,
                                          double                duration_ms,
                                          gboolean              redact,
                                          GFile                *file,
                                          GCancellable         *cancellable,
                                          GAsyncReadyCallback   callback,
                                          gpointer              user_data);
GFile *portolan_export_finish            (GAsyncResult         *result,
                                          GError              **error);

G_END_DECLS
