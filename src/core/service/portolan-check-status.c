/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-check-status.c: the health a UMS Server or an ICG reports of itself
 *
 * GET /ums/check-status (UMS 6.09 and later) and /usg/check-status
 * (ICG 2.04 and later) answer {"status": "init|ok|warn|err"}. Any other
 * body, however well-formed, is not that answer.
 */
#include "config.h"

#include <json-glib/json-glib.h>

#include "portolan-protocols-private.h"

/* The answer is a handful of bytes; a longer body is some other page */
#define MAX_BODY 4096

static const struct
{
  const char         *word;
  PortolanCheckStatus status;
} statuses[] = {
  { "init", PORTOLAN_CHECK_STATUS_INIT },
  { "ok", PORTOLAN_CHECK_STATUS_OK },
  { "warn", PORTOLAN_CHECK_STATUS_WARN },
  { "err", PORTOLAN_CHECK_STATUS_ERR },
};

PortolanCheckStatus
_portolan_check_status_parse (const char *body,
                              gsize       length)
{
  g_autoptr(JsonParser) parser = NULL;
  JsonNode *root;
  JsonNode *member;
  const char *word;

  if (body == NULL || length == 0 || length > MAX_BODY)
    return PORTOLAN_CHECK_STATUS_NONE;

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, body, length, NULL))
    return PORTOLAN_CHECK_STATUS_NONE;

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return PORTOLAN_CHECK_STATUS_NONE;
  member = json_object_get_member (json_node_get_object (root), "status");
  if (member == NULL || json_node_get_value_type (member) != G_TYPE_STRING)
    return PORTOLAN_CHECK_STATUS_NONE;

  word = json_node_get_string (member);
  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    if (g_ascii_strcasecmp (word, statuses[i].word) == 0)
      return statuses[i].status;
  return PORTOLAN_CHECK_STATUS_NONE;
}

/* The word the server sent for @status, as the "status" fact shows it */
const char *
_portolan_check_status_to_string (PortolanCheckStatus status)
{
  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    if (statuses[i].status == status)
      return statuses[i].word;
  return NULL;
}

/**
 * _portolan_check_status_record:
 * @service: the id of the service whose status it is: "ums-status"
 * @warning: (nullable): what the status means, when it is not "ok"
 *
 * A status names the service that sent it: answered, the "status" fact,
 * and @warning.
 */
void
_portolan_check_status_record (PortolanCheckStatus  status,
                               const char          *service,
                               const char          *warning,
                               PortolanServiceInfo *info)
{
  g_return_if_fail (status != PORTOLAN_CHECK_STATUS_NONE);

  portolan_service_info_set_answered (info, service);
  portolan_service_info_add_fact (info, "status", _portolan_check_status_to_string (status));
  if (warning != NULL)
    portolan_service_info_set_warning (info, warning);
}
