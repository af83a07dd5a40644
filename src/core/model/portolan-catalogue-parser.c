/* SPDX-License-Identifier: GPL-3.0-or-later */
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
#include <inttypes.h>

#include "portolan-catalogue-private.h"
#include "portolan-json-reader-private.h"

#define SCHEMA_VERSION 1

typedef struct
{
  PortolanJsonReader *reader;

  /* Where the names and descriptions are translated; NULL to keep them */
  const char         *translation_domain;

  /* Ids declared so far, per kind of object */
  GHashTable         *zone_ids;
  GHashTable         *group_ids;
  GHashTable         *role_ids;
  GHashTable         *feature_ids;
  GHashTable         *link_ids;
} Parser;

static const int catalogue_codes[PORTOLAN_JSON_N_PROBLEMS] = {
  [PORTOLAN_JSON_PROBLEM_MALFORMED] = PORTOLAN_CATALOGUE_ERROR_MALFORMED,
  [PORTOLAN_JSON_PROBLEM_DUPLICATE_FIELD] = PORTOLAN_CATALOGUE_ERROR_DUPLICATE_FIELD,
  [PORTOLAN_JSON_PROBLEM_MISSING_FIELD] = PORTOLAN_CATALOGUE_ERROR_MISSING_FIELD,
  [PORTOLAN_JSON_PROBLEM_UNKNOWN_FIELD] = PORTOLAN_CATALOGUE_ERROR_UNKNOWN_FIELD,
  [PORTOLAN_JSON_PROBLEM_WRONG_TYPE] = PORTOLAN_CATALOGUE_ERROR_WRONG_TYPE,
  [PORTOLAN_JSON_PROBLEM_INVALID_VALUE] = PORTOLAN_CATALOGUE_ERROR_INVALID_VALUE,
  [PORTOLAN_JSON_PROBLEM_UNKNOWN_ID] = PORTOLAN_CATALOGUE_ERROR_UNKNOWN_ID,
  [PORTOLAN_JSON_PROBLEM_DUPLICATE_ID] = PORTOLAN_CATALOGUE_ERROR_DUPLICATE_ID,
};

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
  "id", "row", "port", "protocols", "service", "tls", "initiators", "listeners",
  "features", "requires", "configurable", "description", NULL
};

/* The built-in catalogue's text is in the translation template
 * (po/catalogue-strings.c); ids are never translated */
static const char *
translate (Parser     *p,
           const char *text)
{
  /* gettext ("") would be the translation's header */
  if (p->translation_domain == NULL || text == NULL || *text == '\0')
    return text;

  return g_dgettext (p->translation_domain, text);
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

  if (!portolan_json_reader_read_array (p->reader, root, "$", member, required, &array))
    return FALSE;

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      g_autofree char *path = g_strdup_printf ("%s[%u]", list_path, i);

      if (!JSON_NODE_HOLDS_OBJECT (node))
        return portolan_json_reader_fail_element (p->reader, array, list_path, i,
                                                  PORTOLAN_CATALOGUE_ERROR_WRONG_TYPE,
                                                  _("must be an object, not %s"), portolan_json_describe_node (node));

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

  if (!portolan_json_reader_check_members (p->reader, object, path, zone_fields) ||
      !portolan_json_reader_read_id (p->reader, object, path, p->zone_ids, &id) ||
      !portolan_json_reader_read_string (p->reader, object, path, "name", TRUE, &name))
    return FALSE;

  zone = g_new0 (PortolanZone, 1);
  zone->id = g_strdup (id);
  zone->name = g_strdup (translate (p, name));
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

  if (!portolan_json_reader_check_members (p->reader, object, path, group_fields) ||
      !portolan_json_reader_read_id (p->reader, object, path, p->group_ids, &id) ||
      !portolan_json_reader_read_string (p->reader, object, path, "name", TRUE, &name) ||
      !portolan_json_reader_read_boolean (p->reader, object, path, "exclusive", FALSE, &exclusive))
    return FALSE;

  group = g_new0 (PortolanFeatureGroup, 1);
  group->id = g_strdup (id);
  group->name = g_strdup (translate (p, name));
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

  if (!portolan_json_reader_check_members (p->reader, object, path, feature_fields) ||
      !portolan_json_reader_read_id (p->reader, object, path, p->feature_ids, &id) ||
      !portolan_json_reader_read_string (p->reader, object, path, "name", TRUE, &name) ||
      !portolan_json_reader_read_reference (p->reader, object, path, "group", TRUE, p->group_ids, _("feature group"), &group) ||
      !portolan_json_reader_read_boolean (p->reader, object, path, "default", FALSE, &is_default) ||
      !portolan_json_reader_read_string (p->reader, object, path, "description", FALSE, &description))
    return FALSE;

  g_ptr_array_add (features, _portolan_feature_new (id, translate (p, name), translate (p, description),
                                                    group, is_default));
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

  if (!portolan_json_reader_read_array (p->reader, object, path, "position", TRUE, &array))
    return FALSE;

  if (json_array_get_length (array) != 2)
    return portolan_json_reader_fail_member (p->reader, object, path, "position",
                                             PORTOLAN_CATALOGUE_ERROR_INVALID_VALUE,
                                             _("must be two numbers [x, y], not %u values"), json_array_get_length (array));

  for (guint i = 0; i < 2; i++)
    {
      JsonNode *node = json_array_get_element (array, i);

      if (!portolan_json_node_is (node, G_TYPE_DOUBLE) && !portolan_json_node_is (node, G_TYPE_INT64))
        return portolan_json_reader_fail_element (p->reader, array, list_path, i,
                                                  PORTOLAN_CATALOGUE_ERROR_WRONG_TYPE,
                                                  _("must be a number, not %s"), portolan_json_describe_node (node));

      *coordinates[i] = json_node_get_double (node);
      if (*coordinates[i] < 0.0 || *coordinates[i] > 1.0)
        return portolan_json_reader_fail_element (p->reader, array, list_path, i,
                                                  PORTOLAN_CATALOGUE_ERROR_INVALID_VALUE,
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

  if (!portolan_json_reader_check_members (p->reader, object, path, role_fields) ||
      !portolan_json_reader_read_id (p->reader, object, path, p->role_ids, &id) ||
      !portolan_json_reader_read_string (p->reader, object, path, "name", TRUE, &name) ||
      !portolan_json_reader_read_string (p->reader, object, path, "kind", TRUE, &kind_name))
    return FALSE;

  if (!portolan_role_kind_from_string (kind_name, &kind))
    {
      g_autofree char *kinds = _portolan_role_kind_list ();

      return portolan_json_reader_fail_member (p->reader, object, path, "kind",
                                               PORTOLAN_CATALOGUE_ERROR_INVALID_VALUE,
                                               _("unknown kind “%s”; the kinds are: %s"), kind_name, kinds);
    }

  if (!portolan_json_reader_read_reference (p->reader, object, path, "zone", TRUE, p->zone_ids, _("zone"), &zone) ||
      !read_position (p, object, path, &x, &y) ||
      !portolan_json_reader_read_string_list (p->reader, object, path, "hosts", FALSE, TRUE, NULL, NULL, &hosts) ||
      !portolan_json_reader_read_reference (p->reader, object, path, "feature", FALSE, p->feature_ids, _("feature"), &feature) ||
      !portolan_json_reader_read_string (p->reader, object, path, "description", FALSE, &description))
    return FALSE;

  g_ptr_array_add (roles, _portolan_role_new (id, translate (p, name), translate (p, description),
                                              kind, zone, x, y, (const char * const *) hosts, feature));
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

  if (!portolan_json_reader_read_node (p->reader, object, path, "port", TRUE, &node))
    return FALSE;

  /* null is how the table's "Auto (high port)" rows are written */
  if (JSON_NODE_HOLDS_NULL (node))
    {
      *port = 0;
      return TRUE;
    }

  if (!portolan_json_node_is (node, G_TYPE_INT64))
    return portolan_json_reader_fail_member (p->reader, object, path, "port",
                                             PORTOLAN_CATALOGUE_ERROR_WRONG_TYPE,
                                             _("must be a whole number from 1 to 65535, or null for a dynamic port; not %s"),
                                             portolan_json_describe_node (node));

  value = json_node_get_int (node);
  if (value < 1 || value > G_MAXUINT16)
    return portolan_json_reader_fail_member (p->reader, object, path, "port",
                                             PORTOLAN_CATALOGUE_ERROR_PORT_RANGE,
                                             _("port %" PRId64 " is outside 1–65535"), (int64_t) value);

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

  if (!portolan_json_reader_read_string_list (p->reader, object, path, "protocols", TRUE, FALSE, NULL, NULL, &names))
    return FALSE;

  array = json_object_get_array_member (object, "protocols");
  *protocols = 0;
  for (guint i = 0; names[i] != NULL; i++)
    {
      PortolanProtocol protocol;

      if (!portolan_protocol_from_string (names[i], &protocol))
        return portolan_json_reader_fail_element (p->reader, array, list_path, i,
                                                  PORTOLAN_CATALOGUE_ERROR_UNKNOWN_PROTOCOL,
                                                  _("unknown protocol “%s”; the protocols are: tcp, udp"), names[i]);

      *protocols |= protocol;
    }

  return TRUE;
}

/* The service is that of the TCP side, so it must agree with the protocols */
static gboolean
read_service (Parser           *p,
              JsonObject       *object,
              const char       *path,
              PortolanProtocol  protocols,
              PortolanService  *service)
{
  const char *name;

  if (!portolan_json_reader_read_string (p->reader, object, path, "service", TRUE, &name))
    return FALSE;

  if (!portolan_service_from_string (name, service))
    {
      g_autofree char *services = _portolan_service_list ();

      return portolan_json_reader_fail_member (p->reader, object, path, "service",
                                               PORTOLAN_CATALOGUE_ERROR_UNKNOWN_SERVICE,
                                               _("unknown service “%s”; the services are: %s"), name, services);
    }

  if ((protocols & PORTOLAN_PROTOCOL_TCP) && !portolan_service_allows (*service, PORTOLAN_PROTOCOL_TCP))
    return portolan_json_reader_fail_member (p->reader, object, path, "service",
                                             PORTOLAN_CATALOGUE_ERROR_INVALID_VALUE,
                                             _("must say what the tcp check does, not “%s”, which only runs over udp"), name);

  if (!(protocols & PORTOLAN_PROTOCOL_TCP) && !portolan_service_allows (*service, PORTOLAN_PROTOCOL_UDP))
    return portolan_json_reader_fail_member (p->reader, object, path, "service",
                                             PORTOLAN_CATALOGUE_ERROR_INVALID_VALUE,
                                             _("must be “udp”, “wol” or “kerberos” for a link that only uses udp, not “%s”"), name);

  return TRUE;
}

/* Only the UMS Server's status is also served in clear, on 9080 */
static gboolean
read_tls (Parser          *p,
          JsonObject      *object,
          const char      *path,
          PortolanService  service,
          gboolean        *tls)
{
  *tls = TRUE;
  if (!portolan_json_reader_read_boolean (p->reader, object, path, "tls", FALSE, tls))
    return FALSE;

  if (!*tls && service != PORTOLAN_SERVICE_UMS_STATUS)
    return portolan_json_reader_fail_member (p->reader, object, path, "tls",
                                             PORTOLAN_CATALOGUE_ERROR_INVALID_VALUE,
                                             _("only a “ums-status” link can be checked without TLS"));

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
  if (!portolan_json_reader_read_node (p->reader, object, path, "row", FALSE, &node))
    return FALSE;
  if (node == NULL)
    return TRUE;

  if (!portolan_json_node_is (node, G_TYPE_INT64) || json_node_get_int (node) < 1 || json_node_get_int (node) > G_MAXINT)
    return portolan_json_reader_fail_member (p->reader, object, path, "row",
                                             PORTOLAN_CATALOGUE_ERROR_INVALID_VALUE,
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
  PortolanService service;
  gboolean tls;
  gboolean configurable = FALSE;
  guint16 port;
  guint row;

  if (!portolan_json_reader_check_members (p->reader, object, path, link_fields) ||
      !portolan_json_reader_read_id (p->reader, object, path, p->link_ids, &id) ||
      !read_row (p, object, path, &row) ||
      !read_port (p, object, path, &port) ||
      !read_protocols (p, object, path, &protocols) ||
      !read_service (p, object, path, protocols, &service) ||
      !read_tls (p, object, path, service, &tls) ||
      !portolan_json_reader_read_string_list (p->reader, object, path, "initiators", TRUE, FALSE, p->role_ids, _("role"), &initiators) ||
      !portolan_json_reader_read_string_list (p->reader, object, path, "listeners", TRUE, FALSE, p->role_ids, _("role"), &listeners) ||
      !portolan_json_reader_read_string_list (p->reader, object, path, "features", TRUE, FALSE, p->feature_ids, _("feature"), &features) ||
      !portolan_json_reader_read_string_list (p->reader, object, path, "requires", FALSE, TRUE, p->feature_ids, _("feature"), &requires) ||
      !portolan_json_reader_read_boolean (p->reader, object, path, "configurable", TRUE, &configurable) ||
      !portolan_json_reader_read_string (p->reader, object, path, "description", TRUE, &description))
    return FALSE;

  g_ptr_array_add (links, _portolan_link_new (id, row, port, protocols, service, tls,
                                              (const char * const *) initiators,
                                              (const char * const *) listeners,
                                              (const char * const *) features,
                                              (const char * const *) requires,
                                              configurable, translate (p, description)));
  return TRUE;
}

static PortolanCatalogue *
parse_root (Parser     *p,
            JsonObject *root,
            const char *origin)
{
  g_autoptr(GPtrArray) zones = g_ptr_array_new_with_free_func ((GDestroyNotify) _portolan_zone_free);
  g_autoptr(GPtrArray) groups = g_ptr_array_new_with_free_func ((GDestroyNotify) _portolan_group_free);
  g_autoptr(GPtrArray) roles = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) features = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) links = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) catalogue_ids = g_hash_table_new (g_str_hash, g_str_equal);
  const char *id, *name, *version, *source;

  /* Order matters: each part may only refer to ids declared before it */
  if (!portolan_json_reader_check_members (p->reader, root, "$", root_fields) ||
      !portolan_json_reader_read_schema (p->reader, root, SCHEMA_VERSION) ||
      !portolan_json_reader_read_id (p->reader, root, "$", catalogue_ids, &id) ||
      !portolan_json_reader_read_string (p->reader, root, "$", "name", TRUE, &name) ||
      !portolan_json_reader_read_string (p->reader, root, "$", "version", TRUE, &version) ||
      !portolan_json_reader_read_string (p->reader, root, "$", "source", FALSE, &source) ||
      !parse_each (p, root, "zones", TRUE, parse_zone, zones) ||
      !parse_each (p, root, "feature-groups", TRUE, parse_group, groups) ||
      !parse_each (p, root, "features", TRUE, parse_feature, features) ||
      !parse_each (p, root, "roles", TRUE, parse_role, roles) ||
      !parse_each (p, root, "links", TRUE, parse_link, links))
    return NULL;

  return _portolan_catalogue_new (id, name, version, origin,
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
                           const char  *translation_domain,
                           GError     **error)
{
  g_auto(PortolanJsonReader) reader = { 0 };
  Parser p = {
    .reader = &reader,
    .translation_domain = translation_domain,
    .zone_ids = g_hash_table_new (g_str_hash, g_str_equal),
    .group_ids = g_hash_table_new (g_str_hash, g_str_equal),
    .role_ids = g_hash_table_new (g_str_hash, g_str_equal),
    .feature_ids = g_hash_table_new (g_str_hash, g_str_equal),
    .link_ids = g_hash_table_new (g_str_hash, g_str_equal),
  };
  PortolanCatalogue *catalogue = NULL;
  JsonObject *root;

  portolan_json_reader_init (&reader, origin, _("catalogue"),
                             PORTOLAN_CATALOGUE_ERROR, catalogue_codes, error);

  if ((root = portolan_json_reader_load (&reader, data, length)) != NULL)
    catalogue = parse_root (&p, root, origin);

  g_hash_table_unref (p.zone_ids);
  g_hash_table_unref (p.group_ids);
  g_hash_table_unref (p.role_ids);
  g_hash_table_unref (p.feature_ids);
  g_hash_table_unref (p.link_ids);

  return catalogue;
}
