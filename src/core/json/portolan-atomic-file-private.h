/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-atomic-file-private.h: replacing a file so that it is never half-written */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define PORTOLAN_BACKUP_SUFFIX ".bak"

gboolean portolan_atomic_file_replace (GFile         *file,
                                       GBytes        *contents,
                                       GCancellable  *cancellable,
                                       GError       **error);

gboolean portolan_atomic_file_save    (GFile         *file,
                                       GBytes        *contents,
                                       const char    *failure,
                                       GCancellable  *cancellable,
                                       GError       **error);

/* Makes what _portolan_atomic_file_save_async() writes, in its worker
 * thread; %NULL with @error set when it cannot */
typedef GBytes *(*PortolanAtomicFileContentsFunc) (gpointer       source_object,
                                                  gpointer       contents_data,
                                                  GCancellable  *cancellable,
                                                  GError       **error);

void     _portolan_atomic_file_save_async  (GFile                          *file,
                                            const char                     *failure,
                                            PortolanAtomicFileContentsFunc  contents_func,
                                            gpointer                        contents_data,
                                            GDestroyNotify                  contents_data_free,
                                            gpointer                        source_object,
                                            gpointer                        source_tag,
                                            GCancellable                   *cancellable,
                                            GAsyncReadyCallback             callback,
                                            gpointer                        user_data);
gboolean _portolan_atomic_file_save_finish (GAsyncResult                   *result,
                                            GError                        **error);

G_END_DECLS
