/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-json-reader-private.h
 *
 * Reads a hand-written JSON document (a catalogue, a profile) member by
 * member, checking every type and value. The first problem found becomes
 * an error of the form "FILE:LINE:COLUMN: JSON-PATH: what is wrong", in
 * the error domain of the document being read.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "portolan-json-locator-private.h"

G_BEGIN_DECLS

/* What can be wrong with any document. Each reader maps these to the
 * codes of its own error domain. */
typedef enum
{
  PORTOLAN_JSON_PROBLEM_MALFORMED,
  PORTOLAN_JSON_PROBLEM_DUPLICATE_FIELD,
  PORTOLAN_JSON_PROBLEM_MISSING_FIELD,
  PORTOLAN_JSON_PROBLEM_UNKNOWN_FIELD,
  PORTOLAN_JSON_PROBLEM_WRONG_TYPE,
  PORTOLAN_JSON_PROBLEM_INVALID_VALUE,
  PORTOLAN_JSON_PROBLEM_UNKNOWN_ID,
  PORTOLAN_JSON_PROBLEM_DUPLICATE_ID,
  PORTOLAN_JSON_N_PROBLEMS
} PortolanJsonProblem;

typedef struct
{
  /*< private >*/
  const char          *origin;
  const char          *document;
  GQuark               domain;
  const int           *codes;
  GError             **error;
  JsonParser          *parser;
  PortolanJsonLocator *locator;
} PortolanJsonReader;

void        portolan_json_reader_init          (PortolanJsonReader  *self,
                                                const char          *origin,
                                                const char          *document,
                                                GQuark               domain,
                                                const int           *codes,
                                                GError             **error);
void        portolan_json_reader_clear         (PortolanJsonReader  *self);
JsonObject *portolan_json_reader_load          (PortolanJsonReader  *self,
                                                const char          *data,
                                                gsize                length);

gboolean    portolan_json_reader_fail_member   (PortolanJsonReader  *self,
                                                JsonObject          *object,
                                                const char          *path,
                                                const char          *member,
                                                int                  code,
                                                const char          *format,
                                                ...) G_GNUC_PRINTF (6, 7);
gboolean    portolan_json_reader_fail_element  (PortolanJsonReader  *self,
                                                JsonArray           *array,
                                                const char          *path,
                                                guint                index,
                                                int                  code,
                                                const char          *format,
                                                ...) G_GNUC_PRINTF (6, 7);

gboolean    portolan_json_reader_check_members (PortolanJsonReader  *self,
                                                JsonObject          *object,
                                                const char          *path,
                                                const char * const  *allowed);
gboolean    portolan_json_reader_read_node     (PortolanJsonReader  *self,
                                                JsonObject          *object,
                                                const char          *path,
                                                const char          *member,
                                                gboolean             required,
                                                JsonNode           **node);
gboolean    portolan_json_reader_read_text     (PortolanJsonReader  *self,
                                                JsonObject          *object,
                                                const char          *path,
                                                const char          *member,
                                                gboolean             required,
                                                const char         **value);
gboolean    portolan_json_reader_read_string   (PortolanJsonReader  *self,
                                                JsonObject          *object,
                                                const char          *path,
                                                const char          *member,
                                                gboolean             required,
                                                const char         **value);
gboolean    portolan_json_reader_read_boolean  (PortolanJsonReader  *self,
                                                JsonObject          *object,
                                                const char          *path,
                                                const char          *member,
                                                gboolean             required,
                                                gboolean            *value);
gboolean    portolan_json_reader_read_integer  (PortolanJsonReader  *self,
                                                JsonObject          *object,
                                                const char          *path,
                                                const char          *member,
                                                gboolean             required,
                                                gint64              *value);
gboolean    portolan_json_reader_read_array    (PortolanJsonReader  *self,
                                                JsonObject          *object,
                                                const char          *path,
                                                const char          *member,
                                                gboolean             required,
                                                JsonArray          **array);
gboolean    portolan_json_reader_read_object   (PortolanJsonReader  *self,
                                                JsonObject          *object,
                                                const char          *path,
                                                const char          *member,
                                                gboolean             required,
                                                JsonObject         **value);
gboolean    portolan_json_reader_read_string_list (PortolanJsonReader *self,
                                                   JsonObject         *object,
                                                   const char         *path,
                                                   const char         *member,
                                                   gboolean            required,
                                                   gboolean            allow_empty,
                                                   GHashTable         *known,
                                                   const char         *known_what,
                                                   GStrv              *values);
gboolean    portolan_json_reader_read_id       (PortolanJsonReader  *self,
                                                JsonObject          *object,
                                                const char          *path,
                                                GHashTable          *declared,
                                                const char         **id);
gboolean    portolan_json_reader_read_reference (PortolanJsonReader *self,
                                                 JsonObject         *object,
                                                 const char         *path,
                                                 const char         *member,
                                                 gboolean            required,
                                                 GHashTable         *known,
                                                 const char         *known_what,
                                                 const char        **id);
gboolean    portolan_json_reader_read_schema   (PortolanJsonReader  *self,
                                                JsonObject          *root,
                                                gint64               supported);

const char *portolan_json_describe_node        (JsonNode            *node);
gboolean    portolan_json_node_is              (JsonNode            *node,
                                                GType                value_type);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PortolanJsonReader, portolan_json_reader_clear)

G_END_DECLS
