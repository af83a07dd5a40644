/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-json-reader.c
 *
 * The checks every hand-written document needs, whatever it describes:
 * valid UTF-8 and JSON, no member given twice, no unknown member, the
 * right type for each value. A reader raises its errors in the domain
 * it was given, with the caller's code for each kind of problem, so a
 * broken catalogue and a broken profile read alike.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>

#include "portolan-json-limits-private.h"
#include "portolan-json-reader-private.h"

void
portolan_json_reader_init (PortolanJsonReader  *self,
                           const char          *origin,
                           const char          *document,
                           GQuark               domain,
                           const int           *codes,
                           GError             **error)
{
  *self = (PortolanJsonReader) {
    .origin = origin,
    .document = document,
    .domain = domain,
    .codes = codes,
    .error = error,
    .parser = json_parser_new (),
  };
}

void
portolan_json_reader_clear (PortolanJsonReader *self)
{
  g_clear_pointer (&self->locator, portolan_json_locator_free);
  g_clear_object (&self->parser);
}

static gboolean fail (PortolanJsonReader *self,
                      gboolean            located,
                      guint               line,
                      guint               column,
                      const char         *path,
                      int                 code,
                      const char         *format,
                      ...) G_GNUC_PRINTF (7, 8);

static gboolean fail_valist (PortolanJsonReader *self,
                             gboolean            located,
                             guint               line,
                             guint               column,
                             const char         *path,
                             int                 code,
                             const char         *format,
                             va_list             args) G_GNUC_PRINTF (7, 0);

static gboolean
fail_valist (PortolanJsonReader *self,
             gboolean            located,
             guint               line,
             guint               column,
             const char         *path,
             int                 code,
             const char         *format,
             va_list             args)
{
  g_autofree char *what = g_strdup_vprintf (format, args);

  if (located && path != NULL)
    g_set_error (self->error, self->domain, code,
                 "%s:%u:%u: %s: %s", self->origin, line, column, path, what);
  else if (located)
    g_set_error (self->error, self->domain, code,
                 "%s:%u:%u: %s", self->origin, line, column, what);
  else
    g_set_error (self->error, self->domain, code,
                 "%s: %s: %s", self->origin, path, what);

  return FALSE;
}

static gboolean
fail (PortolanJsonReader *self,
      gboolean            located,
      guint               line,
      guint               column,
      const char         *path,
      int                 code,
      const char         *format,
      ...)
{
  va_list args;

  va_start (args, format);
  fail_valist (self, located, line, column, path, code, format, args);
  va_end (args);

  return FALSE;
}

/**
 * portolan_json_reader_fail_member:
 *
 * Sets the reader's error, located at the member's value when it is
 * there, else at the object that lacks it. Always returns %FALSE.
 */
gboolean
portolan_json_reader_fail_member (PortolanJsonReader *self,
                                  JsonObject         *object,
                                  const char         *path,
                                  const char         *member,
                                  int                 code,
                                  const char         *format,
                                  ...)
{
  g_autofree char *member_path = g_strdup_printf ("%s.%s", path, member);
  guint line = 0, column = 0;
  gboolean located;
  va_list args;

  located = json_object_has_member (object, member)
    ? portolan_json_locator_find_member (self->locator, object, member, &line, &column)
    : portolan_json_locator_find_container (self->locator, object, &line, &column);

  va_start (args, format);
  fail_valist (self, located, line, column, member_path, code, format, args);
  va_end (args);

  return FALSE;
}

gboolean
portolan_json_reader_fail_element (PortolanJsonReader *self,
                                   JsonArray          *array,
                                   const char         *path,
                                   guint               index,
                                   int                 code,
                                   const char         *format,
                                   ...)
{
  g_autofree char *element_path = g_strdup_printf ("%s[%u]", path, index);
  guint line = 0, column = 0;
  gboolean located;
  va_list args;

  located = portolan_json_locator_find_element (self->locator, array, index, &line, &column);

  va_start (args, format);
  fail_valist (self, located, line, column, element_path, code, format, args);
  va_end (args);

  return FALSE;
}

static int
code_of (PortolanJsonReader  *self,
         PortolanJsonProblem  problem)
{
  return self->codes[problem];
}

const char *
portolan_json_describe_node (JsonNode *node)
{
  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      return _("an object");
    case JSON_NODE_ARRAY:
      return _("an array");
    case JSON_NODE_NULL:
      return "null";
    case JSON_NODE_VALUE:
    default:
      break;
    }

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      return _("a string");
    case G_TYPE_BOOLEAN:
      return _("true or false");
    default:
      return _("a number");
    }
}

gboolean
portolan_json_node_is (JsonNode *node,
                       GType     value_type)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == value_type;
}

static gboolean
report_parse_error (PortolanJsonReader *self,
                    GError             *parse_error)
{
  /* json-glib quotes the token it stopped at cut to a number of bytes,
   * which can end inside a character */
  g_autofree char *valid = g_utf8_make_valid (parse_error->message, -1);
  const char *message = valid;

  /* json-glib names the input "<data>"; name the file instead */
  if (g_str_has_prefix (message, "<data>:"))
    message += strlen ("<data>:");
  else if (g_str_has_prefix (message, "<data>"))
    message += strlen ("<data>");

  g_set_error (self->error, self->domain, code_of (self, PORTOLAN_JSON_PROBLEM_MALFORMED),
               _("%s:%s (this is not valid JSON)"), self->origin, message);
  return FALSE;
}

/* json-glib decodes escapes after the text was checked, and its scanner
 * takes octal ones: "\377" is the byte 0xff, and "\ud800" half a
 * character. Neither may reach a label or a report. */
static gboolean
check_utf8 (PortolanJsonReader *self,
            JsonNode           *node,
            const char         *path)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);
      g_autoptr(GList) members = json_object_get_members (object);

      for (GList *l = members; l != NULL; l = l->next)
        {
          const char *name = l->data;
          JsonNode *value = json_object_get_member (object, name);
          g_autofree char *member_path = NULL;

          if (!g_utf8_validate (name, -1, NULL))
            {
              g_autofree char *shown = g_utf8_make_valid (name, -1);

              return portolan_json_reader_fail_member (self, object, path, shown,
                                                       code_of (self, PORTOLAN_JSON_PROBLEM_MALFORMED),
                                                       _("this name is not UTF-8 text: an escape such as \\377 is a byte, not a character"));
            }
          if (portolan_json_node_is (value, G_TYPE_STRING) && !g_utf8_validate (json_node_get_string (value), -1, NULL))
            return portolan_json_reader_fail_member (self, object, path, name,
                                                     code_of (self, PORTOLAN_JSON_PROBLEM_MALFORMED),
                                                     _("is not UTF-8 text: an escape such as \\377 is a byte, not a character"));

          member_path = g_strdup_printf ("%s.%s", path, name);
          if (!check_utf8 (self, value, member_path))
            return FALSE;
        }
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);
          g_autofree char *element_path = NULL;

          if (portolan_json_node_is (element, G_TYPE_STRING) && !g_utf8_validate (json_node_get_string (element), -1, NULL))
            return portolan_json_reader_fail_element (self, array, path, i,
                                                      code_of (self, PORTOLAN_JSON_PROBLEM_MALFORMED),
                                                      _("is not UTF-8 text: an escape such as \\377 is a byte, not a character"));

          element_path = g_strdup_printf ("%s[%u]", path, i);
          if (!check_utf8 (self, element, element_path))
            return FALSE;
        }
    }

  return TRUE;
}

/**
 * portolan_json_reader_load:
 *
 * Parses @data, which must stay alive as long as the reader, and returns
 * its root object; the reader owns it. On any problem, %NULL and the
 * reader's error is set.
 */
JsonObject *
portolan_json_reader_load (PortolanJsonReader *self,
                           const char         *data,
                           gsize               length)
{
  g_autoptr(GError) parse_error = NULL;
  const char *duplicate;
  JsonNode *root;
  guint line, column;

  self->locator = portolan_json_locator_new (self->parser, data, length);

  if (!g_utf8_validate (data, length, NULL))
    fail (self, FALSE, 0, 0, "$", code_of (self, PORTOLAN_JSON_PROBLEM_MALFORMED),
          _("the file is not UTF-8 text"));
  else if (!portolan_json_check_depth (data, length, PORTOLAN_JSON_MAX_DEPTH, &line, &column))
    fail (self, TRUE, line, column, NULL, code_of (self, PORTOLAN_JSON_PROBLEM_MALFORMED),
          _("arrays and objects nest deeper than %u levels here"), PORTOLAN_JSON_MAX_DEPTH);
  else if (!json_parser_load_from_data (self->parser, data, length, &parse_error))
    report_parse_error (self, parse_error);
  else if ((duplicate = portolan_json_locator_find_duplicate (self->locator, &line, &column)) != NULL)
    fail (self, TRUE, line, column, NULL, code_of (self, PORTOLAN_JSON_PROBLEM_DUPLICATE_FIELD),
          _("the field “%s” appears twice in one object"), duplicate);
  else if ((root = json_parser_get_root (self->parser)) == NULL)
    fail (self, FALSE, 0, 0, "$", code_of (self, PORTOLAN_JSON_PROBLEM_MALFORMED),
          _("the file is empty"));
  else if (!JSON_NODE_HOLDS_OBJECT (root))
    fail (self, TRUE, 1, 1, "$", code_of (self, PORTOLAN_JSON_PROBLEM_WRONG_TYPE),
          /* Translators: the first %s is "catalogue" or "profile" */
          _("a %s must be an object, not %s"), self->document, portolan_json_describe_node (root));
  else if (check_utf8 (self, root, "$"))
    return json_node_get_object (root);

  return NULL;
}

gboolean
portolan_json_reader_check_members (PortolanJsonReader *self,
                                    JsonObject         *object,
                                    const char         *path,
                                    const char * const *allowed)
{
  g_autoptr(GList) members = json_object_get_members (object);

  for (const GList *l = members; l != NULL; l = l->next)
    if (!g_strv_contains (allowed, l->data))
      {
        g_autofree char *expected = g_strjoinv (", ", (char **) allowed);

        return portolan_json_reader_fail_member (self, object, path, (const char *) l->data,
                                                 code_of (self, PORTOLAN_JSON_PROBLEM_UNKNOWN_FIELD),
                                                 _("unknown field “%s”; the fields here are: %s"),
                                                 (const char *) l->data, expected);
      }

  return TRUE;
}

gboolean
portolan_json_reader_read_node (PortolanJsonReader  *self,
                                JsonObject          *object,
                                const char          *path,
                                const char          *member,
                                gboolean             required,
                                JsonNode           **node)
{
  *node = json_object_get_member (object, member);
  if (*node == NULL && required)
    return portolan_json_reader_fail_member (self, object, path, member,
                                             code_of (self, PORTOLAN_JSON_PROBLEM_MISSING_FIELD),
                                             _("the field “%s” is missing"), member);

  return TRUE;
}

/* Reads @member, which must be of @node_type, and for a JSON_NODE_VALUE
 * hold a @value_type; @what names that type in the message */
static gboolean
read_typed (PortolanJsonReader  *self,
            JsonObject          *object,
            const char          *path,
            const char          *member,
            gboolean             required,
            JsonNodeType         node_type,
            GType                value_type,
            const char          *what,
            JsonNode           **node)
{
  if (!portolan_json_reader_read_node (self, object, path, member, required, node))
    return FALSE;

  if (*node != NULL &&
      (JSON_NODE_TYPE (*node) != node_type ||
       (node_type == JSON_NODE_VALUE && json_node_get_value_type (*node) != value_type)))
    return portolan_json_reader_fail_member (self, object, path, member,
                                             code_of (self, PORTOLAN_JSON_PROBLEM_WRONG_TYPE),
                                             /* Translators: both %s are kinds of value, as "a string" or "an array" */
                                             _("must be %s, not %s"), what, portolan_json_describe_node (*node));

  return TRUE;
}

/**
 * portolan_json_reader_read_text:
 *
 * Reads a string that may be empty; @value is %NULL when the member is
 * optional and absent.
 */
gboolean
portolan_json_reader_read_text (PortolanJsonReader  *self,
                                JsonObject          *object,
                                const char          *path,
                                const char          *member,
                                gboolean             required,
                                const char         **value)
{
  JsonNode *node;

  *value = NULL;
  if (!read_typed (self, object, path, member, required, JSON_NODE_VALUE, G_TYPE_STRING, _("a string"), &node))
    return FALSE;

  if (node != NULL)
    *value = json_node_get_string (node);
  return TRUE;
}

/**
 * portolan_json_reader_read_string:
 *
 * Like portolan_json_reader_read_text(), for strings that must not be
 * empty.
 */
gboolean
portolan_json_reader_read_string (PortolanJsonReader  *self,
                                  JsonObject          *object,
                                  const char          *path,
                                  const char          *member,
                                  gboolean             required,
                                  const char         **value)
{
  if (!portolan_json_reader_read_text (self, object, path, member, required, value))
    return FALSE;

  if (*value != NULL && **value == '\0')
    return portolan_json_reader_fail_member (self, object, path, member,
                                             code_of (self, PORTOLAN_JSON_PROBLEM_INVALID_VALUE),
                                             _("must not be empty"));

  return TRUE;
}

/* @value is left as it is when the member is optional and absent, so it
 * can hold the default */
gboolean
portolan_json_reader_read_boolean (PortolanJsonReader *self,
                                   JsonObject         *object,
                                   const char         *path,
                                   const char         *member,
                                   gboolean            required,
                                   gboolean           *value)
{
  JsonNode *node;

  if (!read_typed (self, object, path, member, required, JSON_NODE_VALUE, G_TYPE_BOOLEAN, _("true or false"), &node))
    return FALSE;

  if (node != NULL)
    *value = json_node_get_boolean (node);
  return TRUE;
}

/* @value is left as it is when the member is optional and absent, so it
 * can hold the default */
gboolean
portolan_json_reader_read_integer (PortolanJsonReader *self,
                                   JsonObject         *object,
                                   const char         *path,
                                   const char         *member,
                                   gboolean            required,
                                   gint64             *value)
{
  JsonNode *node;

  if (!read_typed (self, object, path, member, required, JSON_NODE_VALUE, G_TYPE_INT64, _("a whole number"), &node))
    return FALSE;

  if (node != NULL)
    *value = json_node_get_int (node);
  return TRUE;
}

gboolean
portolan_json_reader_read_array (PortolanJsonReader  *self,
                                 JsonObject          *object,
                                 const char          *path,
                                 const char          *member,
                                 gboolean             required,
                                 JsonArray          **array)
{
  JsonNode *node;

  *array = NULL;
  if (!read_typed (self, object, path, member, required, JSON_NODE_ARRAY, G_TYPE_INVALID, _("an array"), &node))
    return FALSE;

  if (node != NULL)
    *array = json_node_get_array (node);
  return TRUE;
}

gboolean
portolan_json_reader_read_object (PortolanJsonReader  *self,
                                  JsonObject          *object,
                                  const char          *path,
                                  const char          *member,
                                  gboolean             required,
                                  JsonObject         **value)
{
  JsonNode *node;

  *value = NULL;
  if (!read_typed (self, object, path, member, required, JSON_NODE_OBJECT, G_TYPE_INVALID, _("an object"), &node))
    return FALSE;

  if (node != NULL)
    *value = json_node_get_object (node);
  return TRUE;
}

/**
 * portolan_json_reader_read_string_list:
 * @known: (nullable): when given, each string must be one of its keys
 *   (a reference to a role or feature declared before)
 * @known_what: what the keys of @known are, for messages
 *
 * Reads an array of strings, none listed twice.
 */
gboolean
portolan_json_reader_read_string_list (PortolanJsonReader *self,
                                       JsonObject         *object,
                                       const char         *path,
                                       const char         *member,
                                       gboolean            required,
                                       gboolean            allow_empty,
                                       GHashTable         *known,
                                       const char         *known_what,
                                       GStrv              *values)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *list_path = g_strdup_printf ("%s.%s", path, member);
  JsonArray *array;

  *values = NULL;
  if (!portolan_json_reader_read_array (self, object, path, member, required, &array))
    return FALSE;

  if (array != NULL && json_array_get_length (array) == 0 && !allow_empty)
    return portolan_json_reader_fail_member (self, object, path, member,
                                             code_of (self, PORTOLAN_JSON_PROBLEM_INVALID_VALUE),
                                             _("must name at least one entry"));

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      const char *value;

      if (!portolan_json_node_is (node, G_TYPE_STRING))
        return portolan_json_reader_fail_element (self, array, list_path, i,
                                                  code_of (self, PORTOLAN_JSON_PROBLEM_WRONG_TYPE),
                                                  _("must be a string, not %s"), portolan_json_describe_node (node));

      value = json_node_get_string (node);
      if (known != NULL && !g_hash_table_contains (known, value))
        return portolan_json_reader_fail_element (self, array, list_path, i,
                                                  code_of (self, PORTOLAN_JSON_PROBLEM_UNKNOWN_ID),
                                                  /* Translators: the first %s is "role", "feature", "zone" or "feature group" */
                                                  _("unknown %s “%s”"), known_what, value);
      if (!g_hash_table_add (seen, (gpointer) value))
        return portolan_json_reader_fail_element (self, array, list_path, i,
                                                  code_of (self, PORTOLAN_JSON_PROBLEM_DUPLICATE_ID),
                                                  _("“%s” is listed twice"), value);

      g_strv_builder_add (builder, value);
    }

  *values = g_strv_builder_end (builder);
  return TRUE;
}

static gboolean
is_valid_id (const char *id)
{
  gboolean after_dash = TRUE;

  for (const char *c = id; *c != '\0'; c++)
    {
      if (*c == '-')
        {
          if (after_dash)
            return FALSE;
          after_dash = TRUE;
        }
      else if (g_ascii_islower (*c) || g_ascii_isdigit (*c))
        after_dash = FALSE;
      else
        return FALSE;
    }

  return !after_dash;
}

/**
 * portolan_json_reader_read_id:
 * @declared: the ids declared so far; the new one is added
 *
 * Reads the "id" member of @object: a new id of lower-case letters,
 * digits and single dashes.
 */
gboolean
portolan_json_reader_read_id (PortolanJsonReader  *self,
                              JsonObject          *object,
                              const char          *path,
                              GHashTable          *declared,
                              const char         **id)
{
  if (!portolan_json_reader_read_string (self, object, path, "id", TRUE, id))
    return FALSE;

  if (!is_valid_id (*id))
    return portolan_json_reader_fail_member (self, object, path, "id",
                                             code_of (self, PORTOLAN_JSON_PROBLEM_INVALID_VALUE),
                                             _("“%s” is not a valid id: use lower-case letters, digits and single dashes"), *id);
  if (!g_hash_table_add (declared, (gpointer) *id))
    return portolan_json_reader_fail_member (self, object, path, "id",
                                             code_of (self, PORTOLAN_JSON_PROBLEM_DUPLICATE_ID),
                                             _("the id “%s” is already used"), *id);

  return TRUE;
}

gboolean
portolan_json_reader_read_reference (PortolanJsonReader *self,
                                     JsonObject         *object,
                                     const char         *path,
                                     const char         *member,
                                     gboolean            required,
                                     GHashTable         *known,
                                     const char         *known_what,
                                     const char        **id)
{
  if (!portolan_json_reader_read_string (self, object, path, member, required, id))
    return FALSE;

  if (*id != NULL && !g_hash_table_contains (known, *id))
    return portolan_json_reader_fail_member (self, object, path, member,
                                             code_of (self, PORTOLAN_JSON_PROBLEM_UNKNOWN_ID),
                                             _("unknown %s “%s”"), known_what, *id);

  return TRUE;
}

/**
 * portolan_json_reader_read_schema:
 * @supported: the one version of the document's shape this Portolan reads
 *
 * Reads the "schema" member every document starts with.
 */
gboolean
portolan_json_reader_read_schema (PortolanJsonReader *self,
                                  JsonObject         *root,
                                  gint64              supported)
{
  gint64 schema;

  if (!portolan_json_reader_read_integer (self, root, "$", "schema", TRUE, &schema))
    return FALSE;

  if (schema != supported)
    return portolan_json_reader_fail_member (self, root, "$", "schema",
                                             code_of (self, PORTOLAN_JSON_PROBLEM_INVALID_VALUE),
                                             /* Translators: the first %s is "catalogue" or "profile" */
                                             _("this is a %s of schema %" PRId64 "; Portolan %s reads schema %" PRId64),
                                             self->document, (int64_t) schema, PACKAGE_VERSION, (int64_t) supported);

  return TRUE;
}
