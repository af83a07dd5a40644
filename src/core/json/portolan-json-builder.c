/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-json-builder.c */
#include "config.h"

#include "portolan-json-builder-private.h"

/**
 * portolan_json_add_string:
 * @value: (nullable): written as null when %NULL
 */
void
portolan_json_add_string (JsonBuilder *builder,
                          const char  *member,
                          const char  *value)
{
  json_builder_set_member_name (builder, member);
  if (value == NULL)
    json_builder_add_null_value (builder);
  else
    json_builder_add_string_value (builder, value);
}

/**
 * portolan_json_add_strv:
 * @values: (nullable): written as an empty array when %NULL
 */
void
portolan_json_add_strv (JsonBuilder        *builder,
                        const char         *member,
                        const char * const *values)
{
  json_builder_set_member_name (builder, member);
  json_builder_begin_array (builder);
  for (guint i = 0; values != NULL && values[i] != NULL; i++)
    json_builder_add_string_value (builder, values[i]);
  json_builder_end_array (builder);
}

/**
 * portolan_json_add_date:
 * @date: (nullable): written as ISO 8601, or null
 */
void
portolan_json_add_date (JsonBuilder *builder,
                        const char  *member,
                        GDateTime   *date)
{
  g_autofree char *text = date ? g_date_time_format_iso8601 (date) : NULL;

  portolan_json_add_string (builder, member, text);
}
