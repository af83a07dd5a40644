/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-catalogue-json.c
 *
 * The shape printed by `portolan-cli list --json` and embedded in
 * reports: {"roles": [...], "features": [...], "links": [...]}.
 */
#include "config.h"

#include "portolan-catalogue-json.h"
#include "portolan-json-builder-private.h"

void
portolan_link_build_json (PortolanLink *link,
                          JsonBuilder  *builder)
{
  PortolanProtocol protocols = portolan_link_get_protocols (link);

  json_builder_begin_object (builder);

  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, portolan_link_get_id (link));

  json_builder_set_member_name (builder, "port");
  if (portolan_link_is_dynamic (link))
    json_builder_add_null_value (builder);
  else
    json_builder_add_int_value (builder, portolan_link_get_port (link));

  json_builder_set_member_name (builder, "protocols");
  json_builder_begin_array (builder);
  for (PortolanProtocol p = PORTOLAN_PROTOCOL_TCP; p <= PORTOLAN_PROTOCOL_UDP; p <<= 1)
    if (protocols & p)
      json_builder_add_string_value (builder, portolan_protocol_to_string (p));
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "service");
  json_builder_add_string_value (builder, portolan_service_to_string (portolan_link_get_service (link)));
  if (!portolan_link_uses_tls (link) && portolan_service_uses_tls (portolan_link_get_service (link)))
    {
      json_builder_set_member_name (builder, "tls");
      json_builder_add_boolean_value (builder, FALSE);
    }

  portolan_json_add_strv (builder, "initiators", portolan_link_get_initiators (link));
  portolan_json_add_strv (builder, "listeners", portolan_link_get_listeners (link));
  portolan_json_add_strv (builder, "features", portolan_link_get_features (link));

  json_builder_set_member_name (builder, "configurable");
  json_builder_add_boolean_value (builder, portolan_link_get_configurable (link));

  json_builder_set_member_name (builder, "description");
  json_builder_add_string_value (builder, portolan_link_get_description (link));

  json_builder_end_object (builder);
}

static void
build_roles (PortolanCatalogue *self,
             JsonBuilder       *builder)
{
  GPtrArray *roles = portolan_catalogue_get_roles (self);

  json_builder_set_member_name (builder, "roles");
  json_builder_begin_array (builder);
  for (guint i = 0; i < roles->len; i++)
    {
      PortolanRole *role = g_ptr_array_index (roles, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, portolan_role_get_id (role));
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, portolan_role_get_name (role));
      json_builder_set_member_name (builder, "kind");
      json_builder_add_string_value (builder, portolan_role_kind_to_string (portolan_role_get_kind (role)));
      portolan_json_add_strv (builder, "hosts", portolan_role_get_default_hosts (role));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static void
build_features (PortolanCatalogue *self,
                JsonBuilder       *builder)
{
  GPtrArray *features = portolan_catalogue_get_features (self);

  json_builder_set_member_name (builder, "features");
  json_builder_begin_array (builder);
  for (guint i = 0; i < features->len; i++)
    {
      PortolanFeature *feature = g_ptr_array_index (features, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, portolan_feature_get_id (feature));
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, portolan_feature_get_name (feature));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

/**
 * portolan_catalogue_build_json:
 * @links: (nullable) (element-type PortolanLink): the links to include,
 *   or %NULL for all of them
 */
JsonNode *
portolan_catalogue_build_json (PortolanCatalogue *self,
                               GPtrArray         *links)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (PORTOLAN_IS_CATALOGUE (self), NULL);

  if (links == NULL)
    links = portolan_catalogue_get_links (self);

  json_builder_begin_object (builder);
  build_roles (self, builder);
  build_features (self, builder);

  json_builder_set_member_name (builder, "links");
  json_builder_begin_array (builder);
  for (guint i = 0; i < links->len; i++)
    portolan_link_build_json (g_ptr_array_index (links, i), builder);
  json_builder_end_array (builder);

  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}
