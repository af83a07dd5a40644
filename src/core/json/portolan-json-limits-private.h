/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-json-limits-private.h: what a JSON text may ask of the parser */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Deeper than any catalogue, profile, run or status answer needs, and
 * far below what json-glib's recursive parser survives on a thread's stack */
#define PORTOLAN_JSON_MAX_DEPTH 64

gboolean portolan_json_check_depth (const char *data,
                                    gsize       length,
                                    guint       max_depth,
                                    guint      *line,
                                    guint      *column);

G_END_DECLS
