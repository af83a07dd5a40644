/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-json-locator-private.h
 *
 * Remembers where in the source text each JSON object, array and value
 * was parsed, so that validation errors can name a line and column.
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef struct _PortolanJsonLocator PortolanJsonLocator;

PortolanJsonLocator *portolan_json_locator_new            (JsonParser          *parser,
                                                            const char          *text,
                                                            gsize                length);
void                 portolan_json_locator_free           (PortolanJsonLocator *self);
gboolean             portolan_json_locator_find_member    (PortolanJsonLocator *self,
                                                            JsonObject          *object,
                                                            const char          *member,
                                                            guint               *line,
                                                            guint               *column);
gboolean             portolan_json_locator_find_element   (PortolanJsonLocator *self,
                                                            JsonArray           *array,
                                                            guint                index,
                                                            guint               *line,
                                                            guint               *column);
gboolean             portolan_json_locator_find_container (PortolanJsonLocator *self,
                                                            gconstpointer        object_or_array,
                                                            guint               *line,
                                                            guint               *column);
const char          *portolan_json_locator_find_duplicate (PortolanJsonLocator *self,
                                                            guint               *line,
                                                            guint               *column);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PortolanJsonLocator, portolan_json_locator_free)

G_END_DECLS
