/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-text.h: text from a server or a file, made safe to keep and to show */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The most of one detail or certificate fact that is kept, in bytes,
 * counting the note that says how long it was */
#define PORTOLAN_TEXT_MAX_BYTES 512

char *portolan_text_cap            (const char *text);
char *portolan_text_escape         (const char *text);
void  portolan_text_append_escaped (GString    *out,
                                    const char *text);

G_END_DECLS
