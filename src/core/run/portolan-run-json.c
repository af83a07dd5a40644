/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-run-json.c
 *
 * The shape of `portolan-cli check --json`, which the JSON report shares:
 * {"source", "target", "started", "duration_ms", "checks": [...],
 *  "other_side": [...]}.
 */
#include "config.h"

#include "portolan-catalogue-json.h"
#include "portolan-json-builder-private.h"
#include "portolan-run-json.h"

void
portolan_check_build_json (PortolanCheck *check,
                           JsonBuilder   *builder)
{
  const PortolanTlsInfo *tls = portolan_check_get_tls_info (check);
  const PortolanServiceInfo *service = portolan_check_get_service_info (check);
  double latency = portolan_check_get_latency (check);

  json_builder_begin_object (builder);
  portolan_json_add_string (builder, "link", portolan_link_get_id (portolan_check_get_link (check)));

  json_builder_set_member_name (builder, "port");
  if (portolan_check_get_port (check) == 0)
    json_builder_add_null_value (builder);
  else
    json_builder_add_int_value (builder, portolan_check_get_port (check));

  portolan_json_add_string (builder, "protocol", portolan_protocol_to_string (portolan_check_get_protocol (check)));
  portolan_json_add_string (builder, "from", portolan_check_get_from (check));
  portolan_json_add_string (builder, "to", portolan_check_get_to (check));
  portolan_json_add_string (builder, "host", portolan_check_get_host (check));
  portolan_json_add_string (builder, "address", portolan_check_get_address (check));
  portolan_json_add_string (builder, "state", portolan_state_to_string (portolan_check_get_state (check)));

  json_builder_set_member_name (builder, "latency_ms");
  if (latency < 0)
    json_builder_add_null_value (builder);
  else
    /* A tenth of a millisecond is as precise as a probe can be */
    json_builder_add_double_value (builder, ((gint64) (latency * 10 + 0.5)) / 10.0);

  portolan_json_add_string (builder, "detail", portolan_check_get_detail (check));

  json_builder_set_member_name (builder, "tls");
  if (tls == NULL)
    json_builder_add_null_value (builder);
  else
    portolan_tls_info_build_json (tls, builder);

  json_builder_set_member_name (builder, "service");
  if (service == NULL)
    json_builder_add_null_value (builder);
  else
    portolan_service_info_build_json (service, builder);

  json_builder_end_object (builder);
}

static void
build_other_side (PortolanPlan *plan,
                  JsonBuilder  *builder)
{
  GPtrArray *links = portolan_plan_get_other_side (plan);

  json_builder_set_member_name (builder, "other_side");
  json_builder_begin_array (builder);
  for (guint i = 0; i < links->len; i++)
    portolan_link_build_json (g_ptr_array_index (links, i), builder);
  json_builder_end_array (builder);
}

JsonNode *
portolan_run_build_json (PortolanPlan *plan,
                         GDateTime    *started,
                         double        duration_ms)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  GPtrArray *checks = portolan_plan_get_checks (plan);

  json_builder_begin_object (builder);
  portolan_json_add_string (builder, "source", portolan_plan_get_source (plan));
  portolan_json_add_string (builder, "target", portolan_plan_get_target (plan));

  portolan_json_add_date (builder, "started", started);

  json_builder_set_member_name (builder, "duration_ms");
  json_builder_add_int_value (builder, (gint64) (duration_ms + 0.5));

  json_builder_set_member_name (builder, "checks");
  json_builder_begin_array (builder);
  for (guint i = 0; i < checks->len; i++)
    portolan_check_build_json (g_ptr_array_index (checks, i), builder);
  json_builder_end_array (builder);

  build_other_side (plan, builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}
