/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-profile-json.c
 *
 * The shape of a profile file (see README.md, "Profiles"). Roles,
 * features and links come in the catalogue's order, so saving the same
 * profile twice gives the same text; only the hosts, ports and
 * fingerprints the profile sets are written.
 */
#include "config.h"

#include "portolan-profile-json-private.h"
#include "portolan-profile-private.h"

typedef const char *(*GetIdFunc)    (gpointer         item);
typedef void        (*AddEntryFunc) (PortolanProfile *self,
                                     JsonBuilder     *builder,
                                     const char      *id);

static void
add_strings (JsonBuilder        *builder,
             const char * const *values)
{
  json_builder_begin_array (builder);
  for (guint i = 0; values[i] != NULL; i++)
    json_builder_add_string_value (builder, values[i]);
  json_builder_end_array (builder);
}

static void
add_hosts (PortolanProfile *self,
           JsonBuilder     *builder,
           const char      *role_id)
{
  const char * const *hosts = portolan_profile_get_hosts (self, role_id);

  if (hosts == NULL)
    return;

  json_builder_set_member_name (builder, role_id);
  add_strings (builder, hosts);
}

static void
add_port (PortolanProfile *self,
          JsonBuilder     *builder,
          const char      *link_id)
{
  guint16 port = portolan_profile_get_port_override (self, link_id);

  if (port == 0)
    return;

  json_builder_set_member_name (builder, link_id);
  json_builder_add_int_value (builder, port);
}

static void
add_fingerprint (PortolanProfile *self,
                 JsonBuilder     *builder,
                 const char      *role_id)
{
  const char *fingerprint = portolan_profile_get_fingerprint (self, role_id);

  if (fingerprint == NULL)
    return;

  json_builder_set_member_name (builder, role_id);
  json_builder_add_string_value (builder, fingerprint);
}

/* An object keyed by the ids of @items that the profile sets something for */
static void
build_map (PortolanProfile *self,
           JsonBuilder     *builder,
           const char      *member,
           GPtrArray       *items,
           GetIdFunc        get_id,
           AddEntryFunc     add_entry)
{
  json_builder_set_member_name (builder, member);
  json_builder_begin_object (builder);
  for (guint i = 0; i < items->len; i++)
    add_entry (self, builder, get_id (g_ptr_array_index (items, i)));
  json_builder_end_object (builder);
}

static const char *
proxy_to_string (PortolanProfile *self)
{
  switch (portolan_profile_get_proxy (self))
    {
    case PORTOLAN_PROXY_NONE:
      return "none";
    case PORTOLAN_PROXY_URL:
      return portolan_profile_get_proxy_url (self);
    case PORTOLAN_PROXY_SYSTEM:
    default:
      return "system";
    }
}

JsonNode *
portolan_profile_build_json (PortolanProfile *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_auto(GStrv) features = NULL;
  PortolanCatalogue *catalogue;
  GPtrArray *roles;

  g_return_val_if_fail (PORTOLAN_IS_PROFILE (self), NULL);

  catalogue = portolan_profile_get_catalogue (self);
  roles = portolan_catalogue_get_roles (catalogue);
  features = portolan_profile_dup_features (self);

  json_builder_begin_object (builder);

  json_builder_set_member_name (builder, "schema");
  json_builder_add_int_value (builder, PORTOLAN_PROFILE_SCHEMA);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, portolan_profile_get_name (self));

  build_map (self, builder, "hosts", roles, (GetIdFunc) portolan_role_get_id, add_hosts);

  json_builder_set_member_name (builder, "features");
  add_strings (builder, (const char * const *) features);

  build_map (self, builder, "ports", portolan_catalogue_get_links (catalogue),
             (GetIdFunc) portolan_link_get_id, add_port);

  json_builder_set_member_name (builder, "timeout-ms");
  json_builder_add_int_value (builder, portolan_profile_get_timeout_ms (self));
  json_builder_set_member_name (builder, "concurrency");
  json_builder_add_int_value (builder, portolan_profile_get_concurrency (self));
  json_builder_set_member_name (builder, "proxy");
  json_builder_add_string_value (builder, proxy_to_string (self));

  build_map (self, builder, "fingerprints", roles, (GetIdFunc) portolan_role_get_id, add_fingerprint);

  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}
