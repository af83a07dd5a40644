/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-profile-parser.c
 *
 * Loads a profile file (see README.md, "Profiles") into a new profile
 * through its own setters, so a file meets the same rules as the window.
 * The first problem stops the load with an error of the form
 * "FILE:LINE:COLUMN: JSON-PATH: what is wrong", and the half-built
 * profile is dropped.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "portolan-json-reader-private.h"
#include "portolan-profile-private.h"

typedef struct
{
  PortolanJsonReader *reader;
  PortolanCatalogue  *catalogue;
  PortolanProfile    *profile;
} Parser;

static const int profile_codes[PORTOLAN_JSON_N_PROBLEMS] = {
  [PORTOLAN_JSON_PROBLEM_MALFORMED] = PORTOLAN_PROFILE_ERROR_MALFORMED,
  [PORTOLAN_JSON_PROBLEM_DUPLICATE_FIELD] = PORTOLAN_PROFILE_ERROR_DUPLICATE_FIELD,
  [PORTOLAN_JSON_PROBLEM_MISSING_FIELD] = PORTOLAN_PROFILE_ERROR_MISSING_FIELD,
  [PORTOLAN_JSON_PROBLEM_UNKNOWN_FIELD] = PORTOLAN_PROFILE_ERROR_UNKNOWN_FIELD,
  [PORTOLAN_JSON_PROBLEM_WRONG_TYPE] = PORTOLAN_PROFILE_ERROR_WRONG_TYPE,
  [PORTOLAN_JSON_PROBLEM_INVALID_VALUE] = PORTOLAN_PROFILE_ERROR_INVALID_VALUE,
  [PORTOLAN_JSON_PROBLEM_UNKNOWN_ID] = PORTOLAN_PROFILE_ERROR_UNKNOWN_ID,
  [PORTOLAN_JSON_PROBLEM_DUPLICATE_ID] = PORTOLAN_PROFILE_ERROR_DUPLICATE_ID,
};

static const char * const root_fields[] = {
  "schema", "name", "hosts", "features", "ports",
  "timeout-ms", "concurrency", "proxy", "fingerprints", NULL
};

/* A setter's refusal, located at the member it came from */
static gboolean
fail_member_with (Parser     *p,
                  JsonObject *object,
                  const char *path,
                  const char *member,
                  GError     *error)
{
  return portolan_json_reader_fail_member (p->reader, object, path, member,
                                           error->code, "%s", error->message);
}

typedef gboolean (*ReadEntryFunc) (Parser     *p,
                                   JsonObject *map,
                                   const char *path,
                                   const char *id);

/* Reads the object @member of @root, keyed by ids of the catalogue; the
 * setter that takes each entry refuses unknown ids */
static gboolean
read_map (Parser        *p,
          JsonObject    *root,
          const char    *member,
          ReadEntryFunc  read_entry)
{
  g_autofree char *path = g_strdup_printf ("$.%s", member);
  g_autoptr(GList) ids = NULL;
  JsonObject *map;

  if (!portolan_json_reader_read_object (p->reader, root, "$", member, FALSE, &map))
    return FALSE;
  if (map == NULL)
    return TRUE;

  ids = json_object_get_members (map);
  for (const GList *l = ids; l != NULL; l = l->next)
    if (!read_entry (p, map, path, l->data))
      return FALSE;

  return TRUE;
}

static gboolean
read_hosts (Parser     *p,
            JsonObject *map,
            const char *path,
            const char *role_id)
{
  g_autofree char *list_path = g_strdup_printf ("%s.%s", path, role_id);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) hosts = NULL;
  guint bad_index;

  if (!portolan_json_reader_read_string_list (p->reader, map, path, role_id, TRUE, TRUE, NULL, NULL, &hosts))
    return FALSE;

  if (_portolan_profile_set_hosts (p->profile, role_id, (const char * const *) hosts, &bad_index, &error))
    return TRUE;

  if (bad_index == G_MAXUINT)
    return fail_member_with (p, map, path, role_id, error);

  return portolan_json_reader_fail_element (p->reader, json_object_get_array_member (map, role_id),
                                            list_path, bad_index, error->code, "%s", error->message);
}

/* Without "features", the catalogue's defaults stay */
static gboolean
read_features (Parser     *p,
               JsonObject *root)
{
  GPtrArray *features = portolan_catalogue_get_features (p->catalogue);
  g_autoptr(GHashTable) listed = g_hash_table_new (g_str_hash, g_str_equal);
  g_auto(GStrv) ids = NULL;
  JsonArray *array;

  if (!json_object_has_member (root, "features"))
    return TRUE;
  if (!portolan_json_reader_read_string_list (p->reader, root, "$", "features", TRUE, TRUE, NULL, NULL, &ids))
    return FALSE;

  array = json_object_get_array_member (root, "features");
  for (guint i = 0; ids[i] != NULL; i++)
    {
      PortolanFeature *feature = portolan_catalogue_lookup_feature (p->catalogue, ids[i]);
      PortolanFeature *rival;

      if (feature == NULL)
        return portolan_json_reader_fail_element (p->reader, array, "$.features", i,
                                                  PORTOLAN_PROFILE_ERROR_UNKNOWN_ID,
                                                  _("unknown %s “%s”"), _("feature"), ids[i]);

      if ((rival = portolan_catalogue_find_rival (p->catalogue, listed, feature)) != NULL)
        {
          const PortolanFeatureGroup *group = portolan_catalogue_lookup_group (p->catalogue,
                                                                               portolan_feature_get_group (feature));

          return portolan_json_reader_fail_element (p->reader, array, "$.features", i,
                                                    PORTOLAN_PROFILE_ERROR_EXCLUSIVE_FEATURES,
                                                    _("“%s” and “%s” are both listed, but only one feature of “%s” can be in use"),
                                                    portolan_feature_get_id (rival), ids[i], group->name);
        }

      g_hash_table_add (listed, ids[i]);
    }

  for (guint i = 0; i < features->len; i++)
    {
      const char *id = portolan_feature_get_id (g_ptr_array_index (features, i));

      portolan_profile_set_feature (p->profile, id, g_strv_contains ((const char * const *) ids, id));
    }

  return TRUE;
}

/* A whole number within the limits of @number; @value keeps its
 * default when the member is not there */
static gboolean
read_number (Parser                *p,
             JsonObject            *object,
             const char            *path,
             const char            *member,
             PortolanProfileNumber  number,
             gint64                *value)
{
  g_autoptr(GError) error = NULL;

  if (!portolan_json_reader_read_integer (p->reader, object, path, member, FALSE, value))
    return FALSE;

  if (!_portolan_profile_check_number (number, *value, &error))
    return fail_member_with (p, object, path, member, error);

  return TRUE;
}

static gboolean
read_port (Parser     *p,
           JsonObject *map,
           const char *path,
           const char *link_id)
{
  g_autoptr(GError) error = NULL;
  gint64 port = 0;

  if (!read_number (p, map, path, link_id, PORTOLAN_PROFILE_NUMBER_PORT, &port))
    return FALSE;

  if (!portolan_profile_set_port_override (p->profile, link_id, port, &error))
    return fail_member_with (p, map, path, link_id, error);

  return TRUE;
}

static gboolean
read_limits (Parser     *p,
             JsonObject *root)
{
  gint64 timeout_ms = PORTOLAN_PROFILE_DEFAULT_TIMEOUT_MS;
  gint64 concurrency = PORTOLAN_PROFILE_DEFAULT_CONCURRENCY;

  if (!read_number (p, root, "$", "timeout-ms", PORTOLAN_PROFILE_NUMBER_TIMEOUT, &timeout_ms) ||
      !read_number (p, root, "$", "concurrency", PORTOLAN_PROFILE_NUMBER_CONCURRENCY, &concurrency))
    return FALSE;

  return portolan_profile_set_timeout_ms (p->profile, timeout_ms, NULL) &&
         portolan_profile_set_concurrency (p->profile, concurrency, NULL);
}

static gboolean
read_proxy (Parser     *p,
            JsonObject *root)
{
  g_autoptr(GError) error = NULL;
  PortolanProxy proxy = PORTOLAN_PROXY_URL;
  const char *value;

  if (!portolan_json_reader_read_string (p->reader, root, "$", "proxy", FALSE, &value))
    return FALSE;
  if (value == NULL)
    return TRUE;

  if (g_str_equal (value, "system"))
    proxy = PORTOLAN_PROXY_SYSTEM;
  else if (g_str_equal (value, "none"))
    proxy = PORTOLAN_PROXY_NONE;
  else if (strstr (value, "://") == NULL)
    return portolan_json_reader_fail_member (p->reader, root, "$", "proxy",
                                             PORTOLAN_PROFILE_ERROR_INVALID_PROXY,
                                             _("must be “system”, “none” or a proxy URL such as http://proxy.example.com:3128, not “%s”"),
                                             value);

  if (!portolan_profile_set_proxy (p->profile, proxy, value, &error))
    return fail_member_with (p, root, "$", "proxy", error);

  return TRUE;
}

static gboolean
read_fingerprint (Parser     *p,
                  JsonObject *map,
                  const char *path,
                  const char *role_id)
{
  g_autoptr(GError) error = NULL;
  const char *fingerprint;

  if (!portolan_json_reader_read_string (p->reader, map, path, role_id, TRUE, &fingerprint))
    return FALSE;

  if (!portolan_profile_set_fingerprint (p->profile, role_id, fingerprint, &error))
    return fail_member_with (p, map, path, role_id, error);

  return TRUE;
}

static gboolean
read_name (Parser     *p,
           JsonObject *root)
{
  const char *name;

  if (!portolan_json_reader_read_text (p->reader, root, "$", "name", FALSE, &name))
    return FALSE;

  portolan_profile_set_name (p->profile, name);
  return TRUE;
}

static gboolean
parse_root (Parser     *p,
            JsonObject *root)
{
  return portolan_json_reader_check_members (p->reader, root, "$", root_fields) &&
         portolan_json_reader_read_schema (p->reader, root, PORTOLAN_PROFILE_SCHEMA) &&
         read_name (p, root) &&
         read_map (p, root, "hosts", read_hosts) &&
         read_features (p, root) &&
         read_map (p, root, "ports", read_port) &&
         read_limits (p, root) &&
         read_proxy (p, root) &&
         read_map (p, root, "fingerprints", read_fingerprint);
}

PortolanProfile *
_portolan_profile_parse (PortolanCatalogue  *catalogue,
                         const char         *data,
                         gsize               length,
                         const char         *origin,
                         GError            **error)
{
  g_auto(PortolanJsonReader) reader = { 0 };
  g_autoptr(PortolanProfile) profile = portolan_profile_new (catalogue);
  Parser p = {
    .reader = &reader,
    .catalogue = catalogue,
    .profile = profile,
  };
  JsonObject *root;

  portolan_json_reader_init (&reader, origin, _("profile"),
                             PORTOLAN_PROFILE_ERROR, profile_codes, error);

  if ((root = portolan_json_reader_load (&reader, data, length)) == NULL ||
      !parse_root (&p, root))
    return NULL;

  return g_steal_pointer (&profile);
}
