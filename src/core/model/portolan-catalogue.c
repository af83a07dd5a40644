/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-catalogue.c */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "portolan-catalogue-private.h"
#include "portolan-core-resources.h"

#define BUILTIN_CATALOGUE_PATH RESOURCE_BASE "/catalogue/igel-ums.json"

struct _PortolanCatalogue
{
  GObject     parent_instance;

  char       *id;
  char       *name;
  char       *version;
  char       *origin;

  GPtrArray  *zones;
  GPtrArray  *groups;
  GPtrArray  *roles;
  GPtrArray  *features;
  GPtrArray  *links;

  GHashTable *roles_by_id;
  GHashTable *features_by_id;
  GHashTable *links_by_id;
};

G_DEFINE_FINAL_TYPE (PortolanCatalogue, portolan_catalogue, G_TYPE_OBJECT)

G_DEFINE_QUARK (portolan-catalogue-error-quark, portolan_catalogue_error)

static void
portolan_catalogue_finalize (GObject *object)
{
  PortolanCatalogue *self = (PortolanCatalogue *)object;

  g_free (self->id);
  g_free (self->name);
  g_free (self->version);
  g_free (self->origin);
  g_clear_pointer (&self->zones, g_ptr_array_unref);
  g_clear_pointer (&self->groups, g_ptr_array_unref);
  g_clear_pointer (&self->roles, g_ptr_array_unref);
  g_clear_pointer (&self->features, g_ptr_array_unref);
  g_clear_pointer (&self->links, g_ptr_array_unref);
  g_clear_pointer (&self->roles_by_id, g_hash_table_unref);
  g_clear_pointer (&self->features_by_id, g_hash_table_unref);
  g_clear_pointer (&self->links_by_id, g_hash_table_unref);

  G_OBJECT_CLASS (portolan_catalogue_parent_class)->finalize (object);
}

static void
portolan_catalogue_class_init (PortolanCatalogueClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = portolan_catalogue_finalize;
}

static void
portolan_catalogue_init (PortolanCatalogue *self)
{
  self->roles_by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->features_by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->links_by_id = g_hash_table_new (g_str_hash, g_str_equal);
}

void
_portolan_zone_free (PortolanZone *zone)
{
  g_free (zone->id);
  g_free (zone->name);
  g_free (zone);
}

void
_portolan_group_free (PortolanFeatureGroup *group)
{
  g_free (group->id);
  g_free (group->name);
  g_free (group);
}

PortolanCatalogue *
_portolan_catalogue_new (const char *id,
                         const char *name,
                         const char *version,
                         const char *origin,
                         GPtrArray  *zones,
                         GPtrArray  *groups,
                         GPtrArray  *roles,
                         GPtrArray  *features,
                         GPtrArray  *links)
{
  PortolanCatalogue *self = g_object_new (PORTOLAN_TYPE_CATALOGUE, NULL);

  self->id = g_strdup (id);
  self->name = g_strdup (name);
  self->version = g_strdup (version);
  self->origin = g_strdup (origin);
  self->zones = zones;
  self->groups = groups;
  self->roles = roles;
  self->features = features;
  self->links = links;

  for (guint i = 0; i < roles->len; i++)
    g_hash_table_insert (self->roles_by_id,
                         (gpointer) portolan_role_get_id (g_ptr_array_index (roles, i)),
                         g_ptr_array_index (roles, i));
  for (guint i = 0; i < features->len; i++)
    g_hash_table_insert (self->features_by_id,
                         (gpointer) portolan_feature_get_id (g_ptr_array_index (features, i)),
                         g_ptr_array_index (features, i));
  for (guint i = 0; i < links->len; i++)
    g_hash_table_insert (self->links_by_id,
                         (gpointer) portolan_link_get_id (g_ptr_array_index (links, i)),
                         g_ptr_array_index (links, i));

  return self;
}

/**
 * portolan_catalogue_new_builtin:
 *
 * Loads the IGEL UMS catalogue compiled into Portolan, its names and
 * descriptions in the user's language. A catalogue from a file is shown
 * as written.
 */
PortolanCatalogue *
portolan_catalogue_new_builtin (GError **error)
{
  g_autoptr(GBytes) bytes = NULL;
  gsize length;
  const char *data;

  bytes = g_resource_lookup_data (portolan_core_get_resource (),
                                  BUILTIN_CATALOGUE_PATH,
                                  G_RESOURCE_LOOKUP_FLAGS_NONE,
                                  error);
  if (bytes == NULL)
    return NULL;

  data = g_bytes_get_data (bytes, &length);
  return _portolan_catalogue_parse (data, length, "resource://" BUILTIN_CATALOGUE_PATH,
                                    GETTEXT_PACKAGE, error);
}

/**
 * portolan_catalogue_new_from_file:
 *
 * Loads and validates a catalogue file. On any problem it returns %NULL
 * and an error that names the file, the place in it and what is wrong;
 * nothing of a broken file is kept.
 */
PortolanCatalogue *
portolan_catalogue_new_from_file (GFile   *file,
                                  GError **error)
{
  g_autofree char *contents = NULL;
  g_autofree char *origin = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize length;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  origin = g_file_get_parse_name (file);
  if (!g_file_load_contents (file, NULL, &contents, &length, NULL, &local_error))
    {
      g_set_error (error, PORTOLAN_CATALOGUE_ERROR, PORTOLAN_CATALOGUE_ERROR_IO,
                   /* Translators: the first %s is a file name, the second why it could not be read */
                   _("%s: cannot read the catalogue: %s"), origin, local_error->message);
      return NULL;
    }

  return _portolan_catalogue_parse (contents, length, origin, NULL, error);
}

PortolanCatalogue *
portolan_catalogue_new_from_data (const char  *data,
                                  gssize       length,
                                  const char  *origin,
                                  GError     **error)
{
  g_return_val_if_fail (data != NULL, NULL);

  if (length < 0)
    length = strlen (data);

  return _portolan_catalogue_parse (data, length, origin != NULL ? origin : "<data>", NULL, error);
}

const char *
portolan_catalogue_get_id (PortolanCatalogue *self)
{
  g_return_val_if_fail (PORTOLAN_IS_CATALOGUE (self), NULL);

  return self->id;
}

const char *
portolan_catalogue_get_name (PortolanCatalogue *self)
{
  g_return_val_if_fail (PORTOLAN_IS_CATALOGUE (self), NULL);

  return self->name;
}

const char *
portolan_catalogue_get_version (PortolanCatalogue *self)
{
  g_return_val_if_fail (PORTOLAN_IS_CATALOGUE (self), NULL);

  return self->version;
}

/**
 * portolan_catalogue_get_origin:
 *
 * Where the catalogue was loaded from: a path, or a resource:// URI for
 * the built-in one.
 */
const char *
portolan_catalogue_get_origin (PortolanCatalogue *self)
{
  g_return_val_if_fail (PORTOLAN_IS_CATALOGUE (self), NULL);

  return self->origin;
}

/**
 * portolan_catalogue_get_zones: (transfer none) (element-type PortolanZone)
 */
GPtrArray *
portolan_catalogue_get_zones (PortolanCatalogue *self)
{
  g_return_val_if_fail (PORTOLAN_IS_CATALOGUE (self), NULL);

  return self->zones;
}

/**
 * portolan_catalogue_get_groups: (transfer none) (element-type PortolanFeatureGroup)
 */
GPtrArray *
portolan_catalogue_get_groups (PortolanCatalogue *self)
{
  g_return_val_if_fail (PORTOLAN_IS_CATALOGUE (self), NULL);

  return self->groups;
}

/**
 * portolan_catalogue_get_roles: (transfer none) (element-type PortolanRole)
 */
GPtrArray *
portolan_catalogue_get_roles (PortolanCatalogue *self)
{
  g_return_val_if_fail (PORTOLAN_IS_CATALOGUE (self), NULL);

  return self->roles;
}

/**
 * portolan_catalogue_get_features: (transfer none) (element-type PortolanFeature)
 */
GPtrArray *
portolan_catalogue_get_features (PortolanCatalogue *self)
{
  g_return_val_if_fail (PORTOLAN_IS_CATALOGUE (self), NULL);

  return self->features;
}

/**
 * portolan_catalogue_get_links: (transfer none) (element-type PortolanLink)
 *
 * The links in the order of the vendor's table.
 */
GPtrArray *
portolan_catalogue_get_links (PortolanCatalogue *self)
{
  g_return_val_if_fail (PORTOLAN_IS_CATALOGUE (self), NULL);

  return self->links;
}

PortolanRole *
portolan_catalogue_lookup_role (PortolanCatalogue *self,
                                const char        *id)
{
  g_return_val_if_fail (PORTOLAN_IS_CATALOGUE (self), NULL);

  return id != NULL ? g_hash_table_lookup (self->roles_by_id, id) : NULL;
}

PortolanFeature *
portolan_catalogue_lookup_feature (PortolanCatalogue *self,
                                   const char        *id)
{
  g_return_val_if_fail (PORTOLAN_IS_CATALOGUE (self), NULL);

  return id != NULL ? g_hash_table_lookup (self->features_by_id, id) : NULL;
}

PortolanLink *
portolan_catalogue_lookup_link (PortolanCatalogue *self,
                                const char        *id)
{
  g_return_val_if_fail (PORTOLAN_IS_CATALOGUE (self), NULL);

  return id != NULL ? g_hash_table_lookup (self->links_by_id, id) : NULL;
}

const PortolanZone *
portolan_catalogue_lookup_zone (PortolanCatalogue *self,
                                const char        *id)
{
  g_return_val_if_fail (PORTOLAN_IS_CATALOGUE (self), NULL);

  for (guint i = 0; i < self->zones->len; i++)
    {
      const PortolanZone *zone = g_ptr_array_index (self->zones, i);

      if (g_strcmp0 (zone->id, id) == 0)
        return zone;
    }

  return NULL;
}

const PortolanFeatureGroup *
portolan_catalogue_lookup_group (PortolanCatalogue *self,
                                 const char        *id)
{
  g_return_val_if_fail (PORTOLAN_IS_CATALOGUE (self), NULL);

  for (guint i = 0; i < self->groups->len; i++)
    {
      const PortolanFeatureGroup *group = g_ptr_array_index (self->groups, i);

      if (g_strcmp0 (group->id, id) == 0)
        return group;
    }

  return NULL;
}

/**
 * portolan_catalogue_find_rival:
 * @chosen: (element-type utf8 utf8): a set of feature ids, as its keys
 * @feature: a feature of @self
 *
 * In an exclusive group (the database) only one feature can be in use:
 * the one of @chosen that @feature rules out. @feature is never its own
 * rival, so listing it twice is no conflict.
 *
 * Returns: (transfer none) (nullable): a feature of @chosen in the same
 *   exclusive group as @feature, the first in the catalogue's order; or
 *   %NULL when there is none, or when @feature's group is not exclusive
 */
PortolanFeature *
portolan_catalogue_find_rival (PortolanCatalogue *self,
                               GHashTable        *chosen,
                               PortolanFeature   *feature)
{
  const char *group_id;
  const PortolanFeatureGroup *group;

  g_return_val_if_fail (PORTOLAN_IS_CATALOGUE (self), NULL);
  g_return_val_if_fail (chosen != NULL, NULL);
  g_return_val_if_fail (PORTOLAN_IS_FEATURE (feature), NULL);

  group_id = portolan_feature_get_group (feature);
  group = portolan_catalogue_lookup_group (self, group_id);
  if (group == NULL || !group->exclusive)
    return NULL;

  for (guint i = 0; i < self->features->len; i++)
    {
      PortolanFeature *other = g_ptr_array_index (self->features, i);

      if (other != feature &&
          g_strcmp0 (portolan_feature_get_group (other), group_id) == 0 &&
          g_hash_table_contains (chosen, portolan_feature_get_id (other)))
        return other;
    }

  return NULL;
}

/* The tables are indexed by their enum, so they have no NULL at the end
 * for g_strv_contains() or g_strjoinv() */
gboolean
_portolan_name_lookup (const char * const *names,
                       guint               n_names,
                       const char         *name,
                       guint              *index)
{
  for (guint i = 0; i < n_names; i++)
    if (g_strcmp0 (name, names[i]) == 0)
      {
        *index = i;
        return TRUE;
      }

  return FALSE;
}

/* "a, b, c", for the messages that list the valid names */
char *
_portolan_name_join (const char * const *names,
                     guint               n_names)
{
  GString *list = g_string_new (NULL);

  for (guint i = 0; i < n_names; i++)
    g_string_append_printf (list, "%s%s", i > 0 ? ", " : "", names[i]);

  return g_string_free (list, FALSE);
}

typedef const char *(*GetIdFunc) (gpointer item);

static char *
join_ids (GPtrArray *items,
          GetIdFunc  get_id)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < items->len; i++)
    {
      if (i > 0)
        g_string_append (text, ", ");
      g_string_append (text, get_id (g_ptr_array_index (items, i)));
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/**
 * portolan_catalogue_list_role_ids:
 *
 * The role ids, comma-separated, for messages that tell the user what
 * the valid choices are.
 */
char *
portolan_catalogue_list_role_ids (PortolanCatalogue *self)
{
  g_return_val_if_fail (PORTOLAN_IS_CATALOGUE (self), NULL);

  return join_ids (self->roles, (GetIdFunc) portolan_role_get_id);
}

char *
portolan_catalogue_list_feature_ids (PortolanCatalogue *self)
{
  g_return_val_if_fail (PORTOLAN_IS_CATALOGUE (self), NULL);

  return join_ids (self->features, (GetIdFunc) portolan_feature_get_id);
}
