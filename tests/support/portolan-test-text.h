/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-test-text.h: documents made broken on purpose */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *portolan_test_replace_once (const char *text,
                                  const char *replace,
                                  const char *with);

void  portolan_test_assert_error_at (const GError *error,
                                    const char   *origin,
                                    const char   *expected);

G_END_DECLS
