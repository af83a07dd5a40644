/* portolan-atomic-file.h: replacing a file so that it is never half-written */
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

G_END_DECLS
