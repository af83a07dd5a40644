/* portolan-catalogue-parser.c
 *
 * Turns a catalogue document into roles, features and links, checking
 * every field. The first problem found stops the parse with an error of
 * the form "FILE:LINE:COLUMN: JSON-PATH: what is wrong"; objects are only
 * handed to a PortolanCatalogue once the whole document is valid, so a
 * broken file never half-loads.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "portolan-catalogue-private.h"
#include "portolan-json-locator.h"

#define SCHEMA_VERSION 1

typedef struct
{
  const char          *origin;
  PortolanJsonLocator *locator;
  GError             **error;

  /* Ids declared so far, per kind of object */
  GHashTable          *zone_ids;
  GHashTable          *group_ids;
  GHashTable          *role_ids;
  GHashTable          *feature_ids;
  GHashTable          *link_ids;
} Parser;

static const char * const root_fields[] = {
  "schema", "id", "name", "version", "source",
  "zones", "feature-groups", "roles", "features", "links", NULL
};
static const char * const zone_fields[] = { "id", "name", NULL };
static const char * const group_fields[] = { "id", "name", "exclusive", NULL };
static const char * const feature_fields[] = { "id", "name", "group", "default", "description", NULL };
static const char * const role_fields[] = {
  "id", "name", "kind", "zone", "position", "hosts", "feature", "description", NULL
};
static const char * const link_fields[] = {
  "id", "row", "port", "protocols", "initiators", "listeners",
  "features", "requires", "configurable", "description", NULL
};

static gboolean fail (Parser                 *p,
                      gboolean                located,
                      guint                   line,
                      guint                   column,
                      const char             *path,
                      PortolanCatalogueError  code,
                      const char             *format,
                      ...) G_GNUC_PRINTF (7, 8);

static gboolean
fail (Parser                 *p,
      gboolean                located,
      guint                   line,
      guint                   column,
      const char             *path,
      PortolanCatalogueError  code,
      const char             *format,
      ...)
{
  g_autofree char *what = NULL;
  va_list args;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);

  if (located && path != NULL)
    g_set_error (p->error, PORTOLAN_CATALOGUE_ERROR, code,
                 "%s:%u:%u: %s: %s", p->origin, line, column, path, what);
  else if (located)
    g_set_error (p->error, PORTOLAN_CATALOGUE_ERROR, code,
                 "%s:%u:%u: %s", p->origin, line, column, what);
  else
    g_set_error (p->error, PORTOLAN_CATALOGUE_ERROR, code,
                 "%s: %s: %s", p->origin, path, what);

  return FALSE;
}

/* The error's position: the member's value when it is there, else the
 * object that lacks it. */
#define fail_member(p, object, path, member, code, ...) \
  G_STMT_START { \
    g_autofree char *_path = g_strdup_printf ("%s.%s", path, member); \
    guint _line = 0, _column = 0; \
    gboolean _located = json_object_has_member (object, member) \
      ? portolan_json_locator_find_member ((p)->locator, object, member, &_line, &_column) \
      : portolan_json_locator_find_container ((p)->locator, object, &_line, &_column); \
    return fail (p, _located, _line, _column, _path, code, __VA_ARGS__); \
  } G_STMT_END

#define fail_element(p, array, path, index, code, ...) \
  G_STMT_START { \
    g_autofree char *_path = g_strdup_printf ("%s[%u]", path, index); \
    guint _line = 0, _column = 0; \
    gboolean _located = portolan_json_locator_find_element ((p)->locator, array, index, &_line, &_column); \
    return fail (p, _located, _line, _column, _path, code, __VA_ARGS__); \
  } G_STMT_END

static const char *
describe_node (JsonNode *node)
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

static gboolean
node_is (JsonNode *node,
         GType     value_type)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == value_type;
}

static gboolean
check_fields (Parser             *p,
              JsonObject         *object,
              const char         *path,
              const char * const *allowed)
{
  g_autoptr(GList) members = json_object_get_members (object);

  for (const GList *l = members; l != NULL; l = l->next)
    if (!g_strv_contains (allowed, l->data))
      {
        g_autofree char *expected = g_strjoinv (", ", (char **) allowed);

        fail_member (p, object, path, (const char *) l->data,
                     PORTOLAN_CATALOGUE_ERROR_UNKNOWN_FIELD,
                     _("unknown field “%s”; the fields here are: %s"),
                     (const char *) l->data, expected);
      }

  return TRUE;
}

static gboolean
read_node (Parser      *p,
           JsonObject  *object,
           const char  *path,
           const char  *member,
           gboolean     required,
           JsonNode   **node)
{
  *node = json_object_get_member (object, member);
  if (*node == NULL && required)
    fail_member (p, object, path, member, PORTOLAN_CATALOGUE_ERROR_MISSING_FIELD,
                 _("the field “%s” is missing"), member);

  return TRUE;
}

static gboolean
read_string (Parser      *p,
             JsonObject  *object,
             const char  *path,
             const char  *member,
             gboolean     required,
             const char **value)
{
  JsonNode *node;

  *value = NULL;
  if (!read_node (p, object, path, member, required, &node))
    return FALSE;
  if (node == NULL)
    return TRUE;

  if (!node_is (node, G_TYPE_STRING))
    fail_member (p, object, path, member, PORTOLAN_CATALOGUE_ERROR_WRONG_TYPE,
                 _("must be a string, not %s"), describe_node (node));

  *value = json_node_get_string (node);
  if (**value == '\0')
    fail_member (p, object, path, member, PORTOLAN_CATALOGUE_ERROR_INVALID_VALUE,
                 _("must not be empty"));

  return TRUE;
}

static gboolean
read_boolean (Parser     *p,
              JsonObject *object,
              const char *path,
              const char *member,
              gboolean    required,
              gboolean   *value)
{
  JsonNode *node;

  if (!read_node (p, object, path, member, required, &node))
    return FALSE;
  if (node == NULL)
    return TRUE;

  if (!node_is (node, G_TYPE_BOOLEAN))
    fail_member (p, object, path, member, PORTOLAN_CATALOGUE_ERROR_WRONG_TYPE,
                 _("must be true or false, not %s"), describe_node (node));

  *value = json_node_get_boolean (node);
  return TRUE;
}

static gboolean
read_array (Parser      *p,
            JsonObject  *object,
            const char  *path,
            const char  *member,
            gboolean     required,
            JsonArray  **array)
{
  JsonNode *node;

  *array = NULL;
  if (!read_node (p, object, path, member, required, &node))
    return FALSE;
  if (node == NULL)
    return TRUE;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    fail_member (p, object, path, member, PORTOLAN_CATALOGUE_ERROR_WRONG_TYPE,
                 _("must be an array, not %s"), describe_node (node));

  *array = json_node_get_array (node);
  return TRUE;
}

/* Reads an array of strings; with @known, each must be one of its keys
 * (a reference to a role or feature declared before). */
static gboolean
read_string_list (Parser      *p,
                  JsonObject  *object,
                  const char  *path,
                  const char  *member,
                  gboolean     required,
                  gboolean     allow_empty,
                  GHashTable  *known,
                  const char  *known_what,
                  GStrv       *values)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *list_path = g_strdup_printf ("%s.%s", path, member);
  JsonArray *array;

  *values = NULL;
  if (!read_array (p, object, path, member, required, &array))
    return FALSE;

  if (array != NULL && json_array_get_length (array) == 0 && !allow_empty)
    fail_member (p, object, path, member, PORTOLAN_CATALOGUE_ERROR_INVALID_VALUE,
                 _("must name at least one entry"));

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      const char *value;

      if (!node_is (node, G_TYPE_STRING))
        fail_element (p, array, list_path, i, PORTOLAN_CATALOGUE_ERROR_WRONG_TYPE,
                      _("must be a string, not %s"), describe_node (node));

      value = json_node_get_string (node);
      if (known != NULL && !g_hash_table_contains (known, value))
        fail_element (p, array, list_path, i, PORTOLAN_CATALOGUE_ERROR_UNKNOWN_ID,
                      /* Translators: the first %s is "role", "feature", "zone" or "feature group" */
                      _("unknown %s “%s”"), known_what, value);
      if (!g_hash_table_add (seen, (gpointer) value))
        fail_element (p, array, list_path, i, PORTOLAN_CATALOGUE_ERROR_DUPLICATE_ID,
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

static gboolean
read_id (Parser      *p,
         JsonObject  *object,
         const char  *path,
         GHashTable  *declared,
         const char **id)
{
  if (!read_string (p, object, path, "id", TRUE, id))
    return FALSE;

  if (!is_valid_id (*id))
    fail_member (p, object, path, "id", PORTOLAN_CATALOGUE_ERROR_INVALID_VALUE,
                 _("“%s” is not a valid id: use lower-case letters, digits and single dashes"), *id);
  if (!g_hash_table_add (declared, (gpointer) *id))
    fail_member (p, object, path, "id", PORTOLAN_CATALOGUE_ERROR_DUPLICATE_ID,
                 _("the id “%s” is already used"), *id);

  return TRUE;
}

static gboolean
read_reference (Parser      *p,
                JsonObject  *object,
                const char  *path,
                const char  *member,
                gboolean     required,
                GHashTable  *known,
                const char  *known_what,
                const char **id)
{
  if (!read_string (p, object, path, member, required, id))
    return FALSE;

  if (*id != NULL && !g_hash_table_contains (known, *id))
    fail_member (p, object, path, member, PORTOLAN_CATALOGUE_ERROR_UNKNOWN_ID,
                 _("unknown %s “%s”"), known_what, *id);

  return TRUE;
}

/* Calls @parse_one for each object of the array @member of @root */
typedef gboolean (*ParseOneFunc) (Parser     *p,
                                  JsonObject *object,
                                  const char *path,
                                  GPtrArray  *into);

static gboolean
parse_each (Parser       *p,
            JsonObject   *root,
            const char   *member,
            gboolean      required,
            ParseOneFunc  parse_one,
            GPtrArray    *into)
{
  g_autofree char *list_path = g_strdup_printf ("$.%s", member);
  JsonArray *array;

  if (!read_array (p, root, "$", member, required, &array))
    return FALSE;

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      g_autofree char *path = g_strdup_printf ("%s[%u]", list_path, i);

      if (!JSON_NODE_HOLDS_OBJECT (node))
        fail_element (p, array, list_path, i, PORTOLAN_CATALOGUE_ERROR_WRONG_TYPE,
                      _("must be an object, not %s"), describe_node (node));

      if (!parse_one (p, json_node_get_object (node), path, into))
        return FALSE;
    }

  return TRUE;
}

static gboolean
parse_zone (Parser     *p,
            JsonObject *object,
            const char *path,
            GPtrArray  *zones)
{
  const char *id, *name;
  PortolanZone *zone;

  if (!check_fields (p, object, path, zone_fields) ||
      !read_id (p, object, path, p->zone_ids, &id) ||
      !read_string (p, object, path, "name", TRUE, &name))
    return FALSE;

  zone = g_new0 (PortolanZone, 1);
  zone->id = g_strdup (id);
  zone->name = g_strdup (name);
  g_ptr_array_add (zones, zone);

  return TRUE;
}

static gboolean
parse_group (Parser     *p,
             JsonObject *object,
             const char *path,
             GPtrArray  *groups)
{
  const char *id, *name;
  gboolean exclusive = FALSE;
  PortolanFeatureGroup *group;

  if (!check_fields (p, object, path, group_fields) ||
      !read_id (p, object, path, p->group_ids, &id) ||
      !read_string (p, object, path, "name", TRUE, &name) ||
      !read_boolean (p, object, path, "exclusive", FALSE, &exclusive))
    return FALSE;

  group = g_new0 (PortolanFeatureGroup, 1);
  group->id = g_strdup (id);
  group->name = g_strdup (name);
  group->exclusive = exclusive;
  g_ptr_array_add (groups, group);

  return TRUE;
}

static gboolean
parse_feature (Parser     *p,
               JsonObject *object,
               const char *path,
               GPtrArray  *features)
{
  const char *id, *name, *group, *description;
  gboolean is_default = FALSE;

  if (!check_fields (p, object, path, feature_fields) ||
      !read_id (p, object, path, p->feature_ids, &id) ||
      !read_string (p, object, path, "name", TRUE, &name) ||
      !read_reference (p, object, path, "group", TRUE, p->group_ids, _("feature group"), &group) ||
      !read_boolean (p, object, path, "default", FALSE, &is_default) ||
      !read_string (p, object, path, "description", FALSE, &description))
    return FALSE;

  g_ptr_array_add (features, _portolan_feature_new (id, name, description, group, is_default));
  return TRUE;
}

static gboolean
read_position (Parser     *p,
               JsonObject *object,
               const char *path,
               double     *x,
               double     *y)
{
  g_autofree char *list_path = g_strdup_printf ("%s.position", path);
  double *coordinates[] = { x, y };
  JsonArray *array;

  if (!read_array (p, object, path, "position", TRUE, &array))
    return FALSE;

  if (json_array_get_length (array) != 2)
    fail_member (p, object, path, "position", PORTOLAN_CATALOGUE_ERROR_INVALID_VALUE,
                 _("must be two numbers [x, y], not %u values"), json_array_get_length (array));

  for (guint i = 0; i < 2; i++)
    {
      JsonNode *node = json_array_get_element (array, i);

      if (!node_is (node, G_TYPE_DOUBLE) && !node_is (node, G_TYPE_INT64))
        fail_element (p, array, list_path, i, PORTOLAN_CATALOGUE_ERROR_WRONG_TYPE,
                      _("must be a number, not %s"), describe_node (node));

      *coordinates[i] = json_node_get_double (node);
      if (*coordinates[i] < 0.0 || *coordinates[i] > 1.0)
        fail_element (p, array, list_path, i, PORTOLAN_CATALOGUE_ERROR_INVALID_VALUE,
                      _("%g is outside the drawing area, 0 to 1"), *coordinates[i]);
    }

  return TRUE;
}

static gboolean
parse_role (Parser     *p,
            JsonObject *object,
            const char *path,
            GPtrArray  *roles)
{
  const char *id, *name, *kind_name, *zone, *feature, *description;
  g_auto(GStrv) hosts = NULL;
  PortolanRoleKind kind;
  double x, y;

  if (!check_fields (p, object, path, role_fields) ||
      !read_id (p, object, path, p->role_ids, &id) ||
      !read_string (p, object, path, "name", TRUE, &name) ||
      !read_string (p, object, path, "kind", TRUE, &kind_name))
    return FALSE;

  if (!portolan_role_kind_from_string (kind_name, &kind))
    {
      g_autofree char *kinds = _portolan_role_kind_list ();

      fail_member (p, object, path, "kind", PORTOLAN_CATALOGUE_ERROR_INVALID_VALUE,
                   _("unknown kind “%s”; the kinds are: %s"), kind_name, kinds);
    }

  if (!read_reference (p, object, path, "zone", TRUE, p->zone_ids, _("zone"), &zone) ||
      !read_position (p, object, path, &x, &y) ||
      !read_string_list (p, object, path, "hosts", FALSE, TRUE, NULL, NULL, &hosts) ||
      !read_reference (p, object, path, "feature", FALSE, p->feature_ids, _("feature"), &feature) ||
      !read_string (p, object, path, "description", FALSE, &description))
    return FALSE;

  g_ptr_array_add (roles, _portolan_role_new (id, name, description, kind, zone, x, y,
                                              (const char * const *) hosts, feature));
  return TRUE;
}

static gboolean
read_port (Parser     *p,
           JsonObject *object,
           const char *path,
           guint16    *port)
{
  JsonNode *node;
  gint64 value;

  if (!read_node (p, object, path, "port", TRUE, &node))
    return FALSE;

  /* null is how the table's "Auto (high port)" rows are written */
  if (JSON_NODE_HOLDS_NULL (node))
    {
      *port = 0;
      return TRUE;
    }

  if (!node_is (node, G_TYPE_INT64))
    fail_member (p, object, path, "port", PORTOLAN_CATALOGUE_ERROR_WRONG_TYPE,
                 _("must be a whole number from 1 to 65535, or null for a dynamic port; not %s"),
                 describe_node (node));

  value = json_node_get_int (node);
  if (value < 1 || value > G_MAXUINT16)
    fail_member (p, object, path, "port", PORTOLAN_CATALOGUE_ERROR_PORT_RANGE,
                 _("port %" G_GINT64_FORMAT " is outside 1–65535"), value);

  *port = value;
  return TRUE;
}

static gboolean
read_protocols (Parser           *p,
                JsonObject       *object,
                const char       *path,
                PortolanProtocol *protocols)
{
  g_autofree char *list_path = g_strdup_printf ("%s.protocols", path);
  g_auto(GStrv) names = NULL;
  JsonArray *array;

  if (!read_string_list (p, object, path, "protocols", TRUE, FALSE, NULL, NULL, &names))
    return FALSE;

  array = json_object_get_array_member (object, "protocols");
  *protocols = 0;
  for (guint i = 0; names[i] != NULL; i++)
    {
      PortolanProtocol protocol;

      if (!portolan_protocol_from_string (names[i], &protocol))
        fail_element (p, array, list_path, i, PORTOLAN_CATALOGUE_ERROR_UNKNOWN_PROTOCOL,
                      _("unknown protocol “%s”; the protocols are: tcp, udp"), names[i]);

      *protocols |= protocol;
    }

  return TRUE;
}

static gboolean
read_row (Parser     *p,
          JsonObject *object,
          const char *path,
          guint      *row)
{
  JsonNode *node;

  *row = 0;
  if (!read_node (p, object, path, "row", FALSE, &node))
    return FALSE;
  if (node == NULL)
    return TRUE;

  if (!node_is (node, G_TYPE_INT64) || json_node_get_int (node) < 1 || json_node_get_int (node) > G_MAXINT)
    fail_member (p, object, path, "row", PORTOLAN_CATALOGUE_ERROR_INVALID_VALUE,
                 _("must be a row number of the port table, counted from 1"));

  *row = json_node_get_int (node);
  return TRUE;
}

static gboolean
parse_link (Parser     *p,
            JsonObject *object,
            const char *path,
            GPtrArray  *links)
{
  const char *id, *description;
  g_auto(GStrv) initiators = NULL;
  g_auto(GStrv) listeners = NULL;
  g_auto(GStrv) features = NULL;
  g_auto(GStrv) requires = NULL;
  PortolanProtocol protocols;
  gboolean configurable = FALSE;
  guint16 port;
  guint row;

  if (!check_fields (p, object, path, link_fields) ||
      !read_id (p, object, path, p->link_ids, &id) ||
      !read_row (p, object, path, &row) ||
      !read_port (p, object, path, &port) ||
      !read_protocols (p, object, path, &protocols) ||
      !read_string_list (p, object, path, "initiators", TRUE, FALSE, p->role_ids, _("role"), &initiators) ||
      !read_string_list (p, object, path, "listeners", TRUE, FALSE, p->role_ids, _("role"), &listeners) ||
      !read_string_list (p, object, path, "features", TRUE, FALSE, p->feature_ids, _("feature"), &features) ||
      !read_string_list (p, object, path, "requires", FALSE, TRUE, p->feature_ids, _("feature"), &requires) ||
      !read_boolean (p, object, path, "configurable", TRUE, &configurable) ||
      !read_string (p, object, path, "description", TRUE, &description))
    return FALSE;

  g_ptr_array_add (links, _portolan_link_new (id, row, port, protocols,
                                              (const char * const *) initiators,
                                              (const char * const *) listeners,
                                              (const char * const *) features,
                                              (const char * const *) requires,
                                              configurable, description));
  return TRUE;
}

static gboolean
read_schema (Parser     *p,
             JsonObject *root)
{
  JsonNode *node;

  if (!read_node (p, root, "$", "schema", TRUE, &node))
    return FALSE;

  if (!node_is (node, G_TYPE_INT64))
    fail_member (p, root, "$", "schema", PORTOLAN_CATALOGUE_ERROR_WRONG_TYPE,
                 _("must be a whole number, not %s"), describe_node (node));

  if (json_node_get_int (node) != SCHEMA_VERSION)
    fail_member (p, root, "$", "schema", PORTOLAN_CATALOGUE_ERROR_INVALID_VALUE,
                 _("this is a catalogue of schema %" G_GINT64_FORMAT "; Portolan %s reads schema %d"),
                 json_node_get_int (node), PACKAGE_VERSION, SCHEMA_VERSION);

  return TRUE;
}

static gboolean
report_parse_error (Parser *p,
                    GError *parse_error)
{
  const char *message = parse_error->message;

  /* json-glib names the input "<data>"; name the file instead */
  if (g_str_has_prefix (message, "<data>:"))
    message += strlen ("<data>:");
  else if (g_str_has_prefix (message, "<data>"))
    message += strlen ("<data>");

  g_set_error (p->error, PORTOLAN_CATALOGUE_ERROR, PORTOLAN_CATALOGUE_ERROR_MALFORMED,
               _("%s:%s (this is not valid JSON)"), p->origin, message);
  return FALSE;
}

static PortolanCatalogue *
parse_root (Parser     *p,
            JsonObject *root)
{
  g_autoptr(GPtrArray) zones = g_ptr_array_new_with_free_func ((GDestroyNotify) _portolan_zone_free);
  g_autoptr(GPtrArray) groups = g_ptr_array_new_with_free_func ((GDestroyNotify) _portolan_group_free);
  g_autoptr(GPtrArray) roles = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) features = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) links = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) catalogue_ids = g_hash_table_new (g_str_hash, g_str_equal);
  const char *id, *name, *version, *source;

  /* Order matters: each part may only refer to ids declared before it */
  if (!check_fields (p, root, "$", root_fields) ||
      !read_schema (p, root) ||
      !read_id (p, root, "$", catalogue_ids, &id) ||
      !read_string (p, root, "$", "name", TRUE, &name) ||
      !read_string (p, root, "$", "version", TRUE, &version) ||
      !read_string (p, root, "$", "source", FALSE, &source) ||
      !parse_each (p, root, "zones", TRUE, parse_zone, zones) ||
      !parse_each (p, root, "feature-groups", TRUE, parse_group, groups) ||
      !parse_each (p, root, "features", TRUE, parse_feature, features) ||
      !parse_each (p, root, "roles", TRUE, parse_role, roles) ||
      !parse_each (p, root, "links", TRUE, parse_link, links))
    return NULL;

  return _portolan_catalogue_new (id, name, version, p->origin,
                                  g_steal_pointer (&zones),
                                  g_steal_pointer (&groups),
                                  g_steal_pointer (&roles),
                                  g_steal_pointer (&features),
                                  g_steal_pointer (&links));
}

PortolanCatalogue *
_portolan_catalogue_parse (const char  *data,
                           gsize        length,
                           const char  *origin,
                           GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(PortolanJsonLocator) locator = NULL;
  g_autoptr(GError) parse_error = NULL;
  const char *duplicate;
  JsonNode *root;
  guint line, column;
  Parser p = {
    .origin = origin,
    .error = error,
    .zone_ids = g_hash_table_new (g_str_hash, g_str_equal),
    .group_ids = g_hash_table_new (g_str_hash, g_str_equal),
    .role_ids = g_hash_table_new (g_str_hash, g_str_equal),
    .feature_ids = g_hash_table_new (g_str_hash, g_str_equal),
    .link_ids = g_hash_table_new (g_str_hash, g_str_equal),
  };
  PortolanCatalogue *catalogue = NULL;

  locator = portolan_json_locator_new (parser, data, length);
  p.locator = locator;

  if (!g_utf8_validate (data, length, NULL))
    fail (&p, FALSE, 0, 0, "$", PORTOLAN_CATALOGUE_ERROR_MALFORMED,
          _("the file is not UTF-8 text"));
  else if (!json_parser_load_from_data (parser, data, length, &parse_error))
    report_parse_error (&p, parse_error);
  else if ((duplicate = portolan_json_locator_find_duplicate (locator, &line, &column)) != NULL)
    fail (&p, TRUE, line, column, NULL, PORTOLAN_CATALOGUE_ERROR_DUPLICATE_FIELD,
          _("the field “%s” appears twice in one object"), duplicate);
  else if ((root = json_parser_get_root (parser)) == NULL)
    fail (&p, FALSE, 0, 0, "$", PORTOLAN_CATALOGUE_ERROR_MALFORMED,
          _("the file is empty"));
  else if (!JSON_NODE_HOLDS_OBJECT (root))
    fail (&p, TRUE, 1, 1, "$", PORTOLAN_CATALOGUE_ERROR_WRONG_TYPE,
          _("a catalogue must be an object, not %s"), describe_node (root));
  else
    catalogue = parse_root (&p, json_node_get_object (root));

  g_hash_table_unref (p.zone_ids);
  g_hash_table_unref (p.group_ids);
  g_hash_table_unref (p.role_ids);
  g_hash_table_unref (p.feature_ids);
  g_hash_table_unref (p.link_ids);

  return catalogue;
}
