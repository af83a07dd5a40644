/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-report-html.c
 *
 * One web page that needs nothing else: the style sheet is inline, the
 * graph is inline SVG drawn by the same renderer as the window, and
 * nothing is fetched from anywhere, so it opens the same in a ticket
 * system, a mail or a browser offline. Every text is escaped; the page
 * is well-formed XML too.
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "portolan-palette.h"
#include "portolan-renderer.h"
#include "portolan-report-private.h"

#define GRAPH_WIDTH  1600.0
#define GRAPH_HEIGHT 900.0

/* The page's colours come from append_colors () */
static const char style[] =
  "body { margin: 0; padding: 32px; background: var(--paper); color: var(--ink);\n"
  "  font: 14px/1.45 " "Cantarell, 'DejaVu Sans', sans-serif; }\n"
  "main { max-width: 1600px; margin: 0 auto; }\n"
  "h1 { font-size: 28px; margin: 0; }\n"
  "h2 { font-size: 18px; margin: 32px 0 4px; }\n"
  ".route { font-size: 18px; color: var(--dim); margin: 0 0 12px; }\n"
  ".redacted { display: inline-block; background: var(--accent); color: var(--paper); font-weight: bold;\n"
  "  border-radius: 999px; padding: 2px 12px; font-size: 12px; margin: 0 0 12px; }\n"
  ".fields { display: grid; grid-template-columns: max-content 1fr max-content 1fr; gap: 4px 16px;\n"
  "  border-top: 1px solid var(--rule); padding-top: 12px; margin: 0; }\n"
  ".fields dt { font-weight: bold; color: var(--dim); font-size: 13px; }\n"
  ".fields dd { margin: 0; }\n"
  "@media (max-width: 900px) { .fields { grid-template-columns: max-content 1fr; } }\n"
  ".verdict { font-size: 20px; font-weight: bold; margin: 20px 0 6px; }\n"
  ".verdict.problems { color: var(--bad); } .verdict.unfinished { color: var(--unfinished); }\n"
  ".verdict.fine { color: var(--good); } .verdict.nothing { color: var(--dim); }\n"
  ".counts { list-style: none; padding: 0; margin: 0; display: flex; flex-wrap: wrap; gap: 6px 22px; }\n"
  ".chip { display: inline-block; min-width: 26px; height: 17px; line-height: 17px; border-radius: 9px;\n"
  "  text-align: center; font-size: 12px; font-weight: bold; vertical-align: middle;\n"
  "  font-family: 'DejaVu Sans', sans-serif; margin-right: 6px; }\n"
  "figure { margin: 20px 0 0; }\n"
  "figure svg { display: block; width: 100%; height: auto; border: 1px solid var(--frame); }\n"
  "figcaption, .note { color: var(--dim); margin: 4px 0 8px; }\n"
  "table { border-collapse: collapse; width: 100%; }\n"
  "th { text-align: left; font-size: 12px; color: var(--dim); background: var(--zebra);\n"
  "  border-bottom: 1px solid var(--frame); position: sticky; top: 0; }\n"
  "th, td { padding: 5px 6px; vertical-align: top; }\n"
  "td { border-bottom: 1px solid var(--cell-rule); }\n"
  "tbody tr:nth-child(even) { background: var(--stripe); }\n"
  "tr.problem td:first-child { box-shadow: inset 3px 0 0 var(--state); }\n"
  "tr.problem td.state, tr.problem td.port { font-weight: bold; }\n"
  "td.state { white-space: nowrap; }\n"
  "td.latency { text-align: right; white-space: nowrap; color: var(--dim); }\n"
  "td.address { color: var(--dim); }\n"
  "td.host, td.address, td.detail { overflow-wrap: anywhere; }\n"
  ".tls { color: var(--dim); font-size: 12px; }\n"
  ".legend td.meaning { color: var(--dim); }\n"
  "footer { margin-top: 32px; color: var(--dim); font-size: 12px; }\n"
  "@media print { body { padding: 0; } th { position: static; } }\n";

static void
append_escaped (GString    *out,
                const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text ? text : "", -1);

  g_string_append (out, escaped);
}

/* <tag class="…">text</tag> */
static void
append_element (GString    *out,
                const char *tag,
                const char *class_name,
                const char *text)
{
  if (class_name != NULL)
    g_string_append_printf (out, "<%s class=\"%s\">", tag, class_name);
  else
    g_string_append_printf (out, "<%s>", tag);
  append_escaped (out, text);
  g_string_append_printf (out, "</%s>", tag);
}

static void
append_field (GString    *out,
              const char *label,
              const char *value)
{
  append_element (out, "dt", NULL, label);
  append_element (out, "dd", NULL, value);
  g_string_append_c (out, '\n');
}

static void
append_chip (GString       *out,
             PortolanState  state)
{
  g_string_append_printf (out, "<span class=\"chip %s\" aria-hidden=\"true\">", portolan_state_to_string (state));
  append_escaped (out, portolan_state_get_symbol (state));
  g_string_append (out, "</span>");
}

/* The page's colours, and the states' as the graph draws them: the
 * palette's (portolan-palette.h) */
static void
append_colors (GString *out)
{
  static const struct
  {
    const char *name;
    guint32     rgb;
  } page[] = {
    { "paper", PORTOLAN_PAGE_PAPER },
    { "ink", PORTOLAN_PAGE_INK },
    { "dim", PORTOLAN_PAGE_DIM },
    { "rule", PORTOLAN_PAGE_RULE },
    { "zebra", PORTOLAN_PAGE_ZEBRA },
    { "frame", PORTOLAN_PAGE_FRAME },
    { "accent", PORTOLAN_PAGE_ACCENT },
    { "bad", PORTOLAN_PAGE_BAD },
    { "unfinished", PORTOLAN_PAGE_UNFINISHED },
    { "good", PORTOLAN_PAGE_GOOD },
    { "cell-rule", PORTOLAN_PAGE_CELL_RULE },
    { "stripe", PORTOLAN_PAGE_STRIPE },
  };
  const PortolanPalette *palette = portolan_palette_get (FALSE);

  g_string_append (out, ":root { color-scheme: light;");
  for (guint i = 0; i < G_N_ELEMENTS (page); i++)
    g_string_append_printf (out, " --%s: #%06x;", page[i].name, page[i].rgb);
  g_string_append (out, " }\n");

  for (PortolanState s = 0; s < PORTOLAN_N_STATES; s++)
    {
      const char *name = portolan_state_to_string (s);

      g_string_append_printf (out, ".%s { --state: ", name);
      portolan_palette_append_css_color (out, &palette->state_fill[s]);
      g_string_append_printf (out, "; }\n.chip.%s { background: ", name);
      portolan_palette_append_css_color (out, &palette->state_fill[s]);
      g_string_append (out, "; color: ");
      portolan_palette_append_css_color (out, &palette->state_text[s]);
      if (portolan_palette_state_has_border (s))
        {
          g_string_append (out, "; box-shadow: inset 0 0 0 1px ");
          portolan_palette_append_css_color (out, &palette->chip_border);
        }
      g_string_append (out, "; }\n");
    }
}

static const char *
verdict_class (PortolanReport *self)
{
  if (self->n_problems > 0)
    return "problems";
  if (self->counts[PORTOLAN_STATE_PENDING] + self->counts[PORTOLAN_STATE_CANCELLED] > 0)
    return "unfinished";
  if (self->counts[PORTOLAN_STATE_VERIFIED] + self->counts[PORTOLAN_STATE_OPEN] +
      self->counts[PORTOLAN_STATE_UNVERIFIED] == 0)
    return "nothing";
  return "fine";
}

/* The fields on a grid of two columns, which the page reads row by row:
 * each row has a field of the left column, then one of the right */
static void
append_fields (GString                    *out,
               const PortolanReportHeader *header)
{
  g_string_append (out, "<dl class=\"fields\">\n");
  for (guint row = 0; row < PORTOLAN_REPORT_FIELDS_PER_COLUMN; row++)
    for (guint column = 0; column < 2; column++)
      {
        PortolanReportField field = column * PORTOLAN_REPORT_FIELDS_PER_COLUMN + row;
        const PortolanReportHeaderRow *field_row = &header->rows[field];

        if (field != PORTOLAN_REPORT_FIELD_STARTED)
          {
            append_field (out, field_row->label, field_row->value);
            continue;
          }

        append_element (out, "dt", NULL, field_row->label);
        g_string_append_printf (out, "<dd><time datetime=\"%s\">", header->iso_date);
        append_escaped (out, header->date);
        g_string_append_printf (out, "</time> · %s</dd>\n", header->iso_date);
      }
  g_string_append (out, "</dl>\n");
}

static void
append_header (GString        *out,
               PortolanReport *self)
{
  g_autofree char *route = g_strdup_printf ("%s → %s", self->source_name, self->target_name);
  g_autoptr(PortolanReportHeader) header = _portolan_report_get_header (self);

  g_string_append (out, "<header>\n");
  append_element (out, "h1", NULL, _("Portolan report"));
  g_string_append_c (out, '\n');
  append_element (out, "p", "route", route);
  g_string_append_c (out, '\n');
  if (self->redacted)
    {
      append_element (out, "p", "redacted", _("Host names and addresses redacted"));
      g_string_append_c (out, '\n');
    }

  append_fields (out, header);
  g_string_append (out, "</header>\n");
}

static void
append_summary (GString        *out,
                PortolanReport *self)
{
  g_autofree char *verdict = _portolan_report_format_verdict (self);
  const PortolanState *order;
  guint n_states;

  g_string_append_printf (out, "<section class=\"summary\">\n<p class=\"verdict %s\">", verdict_class (self));
  append_escaped (out, verdict);
  g_string_append (out, "</p>\n<ul class=\"counts\">\n");

  order = portolan_state_get_severity_order (&n_states);
  for (guint i = 0; i < n_states; i++)
    if (self->counts[order[i]] > 0)
      {
        g_autofree char *text = g_strdup_printf ("%u %s", self->counts[order[i]], portolan_state_get_label (order[i]));

        g_string_append (out, "<li>");
        append_chip (out, order[i]);
        append_escaped (out, text);
        g_string_append (out, "</li>\n");
      }
  g_string_append (out, "</ul>\n</section>\n");
}

/* The graph, as inline SVG: no file beside the page, no request */
static gboolean
append_graph (GString         *out,
              PortolanReport  *self,
              GError         **error)
{
  g_autoptr(GBytes) svg = _portolan_report_draw_graph_svg (self, GRAPH_WIDTH, GRAPH_HEIGHT, error);
  g_autofree char *label = NULL;
  const char *data, *start;
  gsize length;

  if (svg == NULL)
    return FALSE;

  data = g_bytes_get_data (svg, &length);
  start = g_strstr_len (data, length, "<svg");
  if (start == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("cannot draw the graph"));
      return FALSE;
    }

  label = g_markup_printf_escaped (_("The topology graph: %s → %s, coloured by the results"),
                                   self->source_name, self->target_name);
  g_string_append (out, "<figure class=\"graph\">\n<svg role=\"img\" aria-label=\"");
  g_string_append (out, label);
  g_string_append (out, "\"");
  g_string_append_len (out, start + 4, length - (start + 4 - data));
  g_string_append (out, "<figcaption>");
  append_escaped (out, _("Each arrow goes from the role that opens the connection to the one that listens; each port chip shows the worst state of its checks."));
  g_string_append (out, "</figcaption>\n</figure>\n");

  return TRUE;
}

static void
append_checks (GString        *out,
               PortolanReport *self)
{
  g_autofree char *title = g_strdup_printf (_("Checks (%u)"), self->rows->len);

  g_string_append (out, "<section>\n");
  append_element (out, "h2", NULL, title);
  append_element (out, "p", "note", _("Problems first, then by port. Each check is one probe from this computer to one host, port and protocol."));
  g_string_append (out, "\n<table class=\"checks\">\n<thead><tr>");
  append_element (out, "th", NULL, _("State"));
  append_element (out, "th", NULL, _("Port"));
  append_element (out, "th", NULL, _("Initiator → listener"));
  append_element (out, "th", NULL, _("Host"));
  append_element (out, "th", NULL, _("Address"));
  append_element (out, "th", "latency", _("Latency"));
  append_element (out, "th", NULL, _("Detail"));
  g_string_append (out, "</tr></thead>\n<tbody>\n");

  for (guint i = 0; i < self->rows->len; i++)
    {
      const PortolanReportRow *row = g_ptr_array_index (self->rows, i);
      const PortolanTlsInfo *tls = portolan_check_get_tls_info (row->check);

      g_string_append_printf (out, "<tr class=\"%s%s\"><td class=\"state\">", portolan_state_to_string (row->state),
                              portolan_state_is_problem (row->state) ? " problem" : "");
      append_chip (out, row->state);
      append_escaped (out, portolan_state_get_label (row->state));
      g_string_append (out, "</td>");
      append_element (out, "td", "port", row->port);
      append_element (out, "td", "direction", row->direction);
      append_element (out, "td", "host", row->host ? row->host : "—");
      append_element (out, "td", "address", row->address ? row->address : "—");
      append_element (out, "td", "latency", row->latency ? row->latency : "—");
      g_string_append (out, "<td class=\"detail\">");
      append_escaped (out, row->detail);
      if (tls != NULL)
        {
          g_string_append (out, "<div class=\"tls\">SHA-256 ");
          append_escaped (out, tls->sha256);
          g_string_append (out, "</div>");
        }
      g_string_append (out, "</td></tr>\n");
    }

  g_string_append (out, "</tbody>\n</table>\n</section>\n");
}

static void
append_other_side (GString        *out,
                   PortolanReport *self)
{
  g_string_append (out, "<section>\n");
  append_element (out, "h2", NULL, _("Test from the other side"));
  if (self->other_side->len == 0)
    {
      append_element (out, "p", "note", _("None: no link in use starts at the target towards this computer."));
      g_string_append (out, "\n</section>\n");
      return;
    }

  append_element (out, "p", "note", _("These links start at the other role, towards this computer, so a probe from here cannot test them: run Portolan on that role to check them."));
  g_string_append (out, "\n<table class=\"other-side\">\n<thead><tr>");
  append_element (out, "th", NULL, _("Port"));
  append_element (out, "th", NULL, _("Initiator → listener"));
  append_element (out, "th", NULL, _("What it is for"));
  g_string_append (out, "</tr></thead>\n<tbody>\n");
  for (guint i = 0; i < self->other_side->len; i++)
    {
      const PortolanReportOtherSide *item = g_ptr_array_index (self->other_side, i);

      g_string_append (out, "<tr>");
      append_element (out, "td", "port", item->port);
      append_element (out, "td", "direction", item->direction);
      append_element (out, "td", "description", item->description);
      g_string_append (out, "</tr>\n");
    }
  g_string_append (out, "</tbody>\n</table>\n</section>\n");
}

static void
append_legend (GString        *out,
               PortolanReport *self)
{
  const PortolanState *order;
  guint n_states;

  g_string_append (out, "<section>\n");
  append_element (out, "h2", NULL, _("States"));
  append_element (out, "p", "note", _("Every state has its colour and its symbol. In the graph, a port chip shows the worst state of its checks; a dashed arrow is a link to test from the other side, a faint one is not part of this check."));
  g_string_append (out, "\n<table class=\"legend\">\n<tbody>\n");

  order = portolan_state_get_severity_order (&n_states);
  for (guint i = 0; i < n_states; i++)
    {
      if (order[i] == PORTOLAN_STATE_PENDING && self->counts[order[i]] == 0)
        continue;

      g_string_append (out, "<tr><td class=\"state\">");
      append_chip (out, order[i]);
      g_string_append (out, "<b>");
      append_escaped (out, portolan_state_get_label (order[i]));
      g_string_append (out, "</b></td>");
      append_element (out, "td", "meaning", _portolan_report_state_meaning (order[i]));
      g_string_append (out, "</tr>\n");
    }
  g_string_append (out, "</tbody>\n</table>\n</section>\n");
}

GBytes *
_portolan_report_write_html (PortolanReport  *self,
                             GCancellable    *cancellable,
                             GError         **error)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *title = g_strdup_printf ("%s: %s → %s", _("Portolan report"), self->source_name, self->target_name);
  g_autofree char *created = g_date_time_format (self->created, "%Y-%m-%d %H:%M:%S %Z");
  g_autofree char *made = g_strdup_printf (_("Made by Portolan %s on %s"), PACKAGE_VERSION, created);
  gsize length;

  g_string_append (out, "<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\"/>\n"
                        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n"
                        "<meta name=\"generator\" content=\"Portolan " PACKAGE_VERSION "\"/>\n");
  append_element (out, "title", NULL, title);
  g_string_append (out, "\n<style>\n");
  append_colors (out);
  g_string_append (out, style);
  g_string_append (out, "</style>\n</head>\n<body>\n<main>\n");

  append_header (out, self);
  append_summary (out, self);
  if (!append_graph (out, self, error))
    return NULL;
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  append_checks (out, self);
  append_other_side (out, self);
  append_legend (out, self);

  g_string_append (out, "<footer>");
  append_escaped (out, made);
  if (self->redacted)
    {
      g_string_append (out, " · ");
      append_escaped (out, _("host names and addresses redacted"));
    }
  g_string_append (out, "</footer>\n</main>\n</body>\n</html>\n");

  length = out->len;
  return g_bytes_new_take (g_string_free (g_steal_pointer (&out), FALSE), length);
}
