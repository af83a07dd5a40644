/* portolan-test-text.h: documents made broken on purpose */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *portolan_test_replace_once (const char *text,
                                  const char *replace,
                                  const char *with);

G_END_DECLS
