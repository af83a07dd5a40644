/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-json-builder-private.h: the members every JSON writer of Portolan adds */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

void portolan_json_add_string (JsonBuilder        *builder,
                               const char         *member,
                               const char         *value);
void portolan_json_add_strv   (JsonBuilder        *builder,
                               const char         *member,
                               const char * const *values);
void portolan_json_add_date   (JsonBuilder        *builder,
                               const char         *member,
                               GDateTime          *date);

G_END_DECLS
