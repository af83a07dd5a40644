/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-report-text.c
 *
 * The reports that are text: JSON for machines, the shape of
 * `portolan-cli check --json` with a schema version and a header, and
 * Markdown to paste into a ticket.
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "portolan-json-builder-private.h"
#include "portolan-report-private.h"
#include "portolan-run-json.h"
#include "portolan-text.h"

/* JSON */

static void
build_role (JsonBuilder *builder,
            const char  *member,
            const char  *id,
            const char  *name)
{
  json_builder_set_member_name (builder, member);
  json_builder_begin_object (builder);
  portolan_json_add_string (builder, "id", id);
  portolan_json_add_string (builder, "name", name);
  json_builder_end_object (builder);
}

static void
build_header (PortolanReport *self,
              JsonBuilder    *builder)
{
  json_builder_set_member_name (builder, "report");
  json_builder_begin_object (builder);

  portolan_json_add_date (builder, "created", self->created);

  json_builder_set_member_name (builder, "computer");
  json_builder_begin_object (builder);
  portolan_json_add_string (builder, "host_name", self->host_name);
  portolan_json_add_strv (builder, "addresses", (const char * const *) self->addresses);
  json_builder_end_object (builder);

  build_role (builder, "source", portolan_plan_get_source (self->plan), self->source_name);
  build_role (builder, "target", portolan_plan_get_target (self->plan), self->target_name);
  portolan_json_add_string (builder, "profile", *self->profile_name ? self->profile_name : NULL);

  json_builder_set_member_name (builder, "features");
  json_builder_begin_array (builder);
  for (guint f = 0; self->feature_ids[f] != NULL; f++)
    {
      json_builder_begin_object (builder);
      portolan_json_add_string (builder, "id", self->feature_ids[f]);
      portolan_json_add_string (builder, "name", self->feature_names[f]);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  portolan_json_add_string (builder, "portolan_version", PACKAGE_VERSION);

  json_builder_set_member_name (builder, "catalogue");
  json_builder_begin_object (builder);
  portolan_json_add_string (builder, "id", portolan_catalogue_get_id (self->catalogue));
  portolan_json_add_string (builder, "name", portolan_catalogue_get_name (self->catalogue));
  portolan_json_add_string (builder, "version", portolan_catalogue_get_version (self->catalogue));
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "redacted");
  json_builder_add_boolean_value (builder, self->redacted);

  json_builder_set_member_name (builder, "counts");
  json_builder_begin_object (builder);
  for (PortolanState s = PORTOLAN_STATE_PENDING; s < PORTOLAN_N_STATES; s++)
    {
      json_builder_set_member_name (builder, portolan_state_to_string (s));
      json_builder_add_int_value (builder, self->counts[s]);
    }
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "problems");
  json_builder_add_int_value (builder, self->n_problems);

  json_builder_end_object (builder);
}

/* {"schema": 1, "report": {…}, then what `portolan-cli check --json`
 * prints, from the same code} */
GBytes *
_portolan_report_write_json (PortolanReport  *self,
                             GError         **error)
{
  g_autoptr(JsonNode) run = portolan_run_build_json (self->plan, self->started, self->duration_ms);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GList) members = NULL;
  JsonObject *object, *run_object = json_node_get_object (run);
  g_autofree char *text = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "schema");
  json_builder_add_int_value (builder, PORTOLAN_REPORT_SCHEMA);
  build_header (self, builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  object = json_node_get_object (root);
  members = json_object_get_members (run_object);
  for (GList *m = members; m != NULL; m = m->next)
    json_object_set_member (object, m->data, json_object_dup_member (run_object, m->data));

  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  text = json_generator_to_data (generator, NULL);

  return g_bytes_new_take (g_strconcat (text, "\n", NULL), strlen (text) + 1);
}

/* Markdown */

/* A table cell or an inline text: nothing in it starts markup, breaks
 * the row, ends the cell, or acts in the terminal that shows the file */
static void
append_escaped (GString    *out,
                const char *text)
{
  g_autofree char *inert = portolan_text_escape (text ? text : "");

  for (const char *p = inert; *p != '\0'; p++)
    {
      switch (*p)
        {
        case '\\':
        case '|':
        case '*':
        case '_':
        case '`':
        case '[':
        case ']':
        case '<':
        case '>':
          g_string_append_c (out, '\\');
          g_string_append_c (out, *p);
          break;
        default:
          g_string_append_c (out, *p);
        }
    }
}

static void
append_field (GString    *out,
              const char *label,
              const char *value)
{
  g_string_append_printf (out, "- **%s:** ", label);
  append_escaped (out, value);
  g_string_append_c (out, '\n');
}

/* A list, shorter than the page's grid: the time taken goes with the
 * start, and the verdict above has the count of checks */
static void
append_fields (GString                    *out,
               const PortolanReportHeader *header)
{
  for (PortolanReportField field = 0; field < PORTOLAN_REPORT_N_FIELDS; field++)
    {
      const PortolanReportHeaderRow *row = &header->rows[field];
      g_autofree char *when = NULL;

      switch (field)
        {
        case PORTOLAN_REPORT_FIELD_STARTED:
          when = g_strdup_printf ("%s (%s), %s", header->date, header->iso_date, header->duration);
          append_field (out, row->label, when);
          break;
        case PORTOLAN_REPORT_FIELD_DURATION:
          break;
        default:
          append_field (out, row->label, row->value);
        }
    }
}

static void
append_row (GString                 *out,
            const PortolanReportRow *row)
{
  const char *cells[] = {
    row->port, row->direction, row->host ? row->host : "—", row->address ? row->address : "—",
    row->latency ? row->latency : "—", row->detail,
  };

  g_string_append_printf (out, "| %s %s |", portolan_state_get_symbol (row->state),
                          portolan_state_get_label (row->state));
  for (guint c = 0; c < G_N_ELEMENTS (cells); c++)
    {
      g_string_append_c (out, ' ');
      append_escaped (out, cells[c]);
      g_string_append (out, " |");
    }
  g_string_append_c (out, '\n');
}

char *
_portolan_report_write_markdown (PortolanReport *self)
{
  GString *out = g_string_new (NULL);
  g_autofree char *verdict = _portolan_report_format_verdict (self);
  g_autofree char *counts = _portolan_report_format_counts (self, TRUE);
  g_autoptr(PortolanReportHeader) header = _portolan_report_get_header (self);

  g_string_append_printf (out, "## %s: ", _("Portolan report"));
  append_escaped (out, self->source_name);
  g_string_append (out, " → ");
  append_escaped (out, self->target_name);
  g_string_append (out, "\n\n");

  g_string_append_printf (out, "**%s.** ", verdict);
  append_escaped (out, counts);
  g_string_append (out, "\n\n");

  append_fields (out, header);
  if (self->redacted)
    g_string_append_printf (out, "- *%s*\n", _("Host names and addresses are replaced by placeholders."));

  g_string_append_printf (out, "\n### %s\n\n", _("Checks"));
  g_string_append_printf (out, "| %s | %s | %s | %s | %s | %s | %s |\n|---|---|---|---|---|---|---|\n",
                          _("State"), _("Port"), _("Initiator → listener"), _("Host"), _("Address"),
                          _("Latency"), _("Detail"));

  /* The rows are in order already: problems first */
  for (guint i = 0; i < self->rows->len; i++)
    append_row (out, g_ptr_array_index (self->rows, i));
  if (self->rows->len == 0)
    g_string_append_printf (out, "| %s | | | | | | |\n", _("no checks"));

  if (self->other_side->len > 0)
    {
      g_string_append_printf (out, "\n### %s\n\n", _("Test from the other side"));
      g_string_append_printf (out, "%s\n\n", _("These links start at the other role, towards this computer: run Portolan on that role to check them."));
      for (guint i = 0; i < self->other_side->len; i++)
        {
          const PortolanReportOtherSide *item = g_ptr_array_index (self->other_side, i);

          g_string_append_printf (out, "- `%s` ", item->port);
          append_escaped (out, item->direction);
          g_string_append (out, ": ");
          append_escaped (out, item->description);
          g_string_append_c (out, '\n');
        }
    }

  return g_string_free (out, FALSE);
}
