/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-cli-list.c: `portolan-cli list`, the port table in a terminal */
#include "config.h"

#include <glib/gi18n.h>

#include "portolan-cli.h"

#define COLUMN_GAP 2
#define MIN_DESCRIPTION_WIDTH 30

typedef struct
{
  char *port;
  char *direction;
  char *features;
  char *description;
} TableRow;

static void
table_row_clear (TableRow *row)
{
  g_free (row->port);
  g_free (row->direction);
  g_free (row->features);
  g_free (row->description);
}

static char *
format_direction (PortolanLink *link)
{
  g_autofree char *from = g_strjoinv (", ", (char **) portolan_link_get_initiators (link));
  g_autofree char *to = g_strjoinv (", ", (char **) portolan_link_get_listeners (link));

  return g_strdup_printf ("%s → %s", from, to);
}

static char *
format_features (PortolanLink *link)
{
  g_autofree char *features = g_strjoinv (", ", (char **) portolan_link_get_features (link));
  const char * const *requires = portolan_link_get_requires (link);
  g_autofree char *required = NULL;

  if (requires[0] == NULL)
    return g_steal_pointer (&features);

  required = g_strjoinv (", ", (char **) requires);
  /* Translators: "core; needs os11-devices": features that must be on as well */
  return g_strdup_printf (_("%s; needs %s"), features, required);
}

/* Breaks @text at spaces into lines of at most @width characters */
static GPtrArray *
wrap_text (const char *text,
           guint       width)
{
  GPtrArray *lines = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) words = g_strsplit (text, " ", -1);
  g_autoptr(GString) line = g_string_new (NULL);
  guint line_length = 0;

  for (guint i = 0; words[i] != NULL; i++)
    {
      guint word_length = g_utf8_strlen (words[i], -1);

      if (line_length > 0 && line_length + 1 + word_length > width)
        {
          g_ptr_array_add (lines, g_strdup (line->str));
          g_string_truncate (line, 0);
          line_length = 0;
        }
      if (line_length > 0)
        {
          g_string_append_c (line, ' ');
          line_length++;
        }
      g_string_append (line, words[i]);
      line_length += word_length;
    }

  g_ptr_array_add (lines, g_strdup (line->str));
  return lines;
}

static void
print_table (GArray *rows)
{
  g_autoptr(GString) out = g_string_new (NULL);
  const char *headers[] = { _("PORT"), _("FROM → TO"), _("FEATURE"), _("DESCRIPTION") };
  guint widths[3] = { 0, };
  guint terminal_width = portolan_cli_terminal_width ();
  guint indent, description_width = 0;

  for (guint c = 0; c < 3; c++)
    widths[c] = g_utf8_strlen (headers[c], -1);
  for (guint i = 0; i < rows->len; i++)
    {
      TableRow *row = &g_array_index (rows, TableRow, i);

      widths[0] = MAX (widths[0], g_utf8_strlen (row->port, -1));
      widths[1] = MAX (widths[1], g_utf8_strlen (row->direction, -1));
      widths[2] = MAX (widths[2], g_utf8_strlen (row->features, -1));
    }

  indent = widths[0] + widths[1] + widths[2] + 3 * COLUMN_GAP;
  if (terminal_width > indent + MIN_DESCRIPTION_WIDTH)
    description_width = terminal_width - indent;
  else if (terminal_width > 0)
    /* Too narrow for a column: the description goes below, indented */
    description_width = MAX (terminal_width, 8 + MIN_DESCRIPTION_WIDTH) - 8;

  for (guint c = 0; c < 3; c++)
    portolan_cli_append_padded (out, headers[c], widths[c] + COLUMN_GAP);
  g_string_append_printf (out, "%s\n", headers[3]);

  for (guint i = 0; i < rows->len; i++)
    {
      TableRow *row = &g_array_index (rows, TableRow, i);
      g_autoptr(GPtrArray) lines = NULL;
      gboolean below = description_width > 0 && description_width + indent > terminal_width;

      portolan_cli_append_padded (out, row->port, widths[0] + COLUMN_GAP);
      portolan_cli_append_padded (out, row->direction, widths[1] + COLUMN_GAP);
      portolan_cli_append_padded (out, row->features, widths[2] + COLUMN_GAP);

      if (description_width == 0)
        {
          g_string_append_printf (out, "%s\n", row->description);
          continue;
        }

      lines = wrap_text (row->description, description_width);
      if (below)
        g_string_append_c (out, '\n');
      for (guint l = 0; l < lines->len; l++)
        {
          if (below || l > 0)
            g_string_append_printf (out, "%*s", below ? 8 : indent, "");
          g_string_append_printf (out, "%s\n", (const char *) g_ptr_array_index (lines, l));
        }
    }

  g_print ("%s", out->str);
}

static void
print_json (PortolanCatalogue *catalogue,
            GPtrArray         *links)
{
  g_autoptr(JsonNode) root = portolan_catalogue_build_json (catalogue, links);
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;

  json_generator_set_pretty (generator, TRUE);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, NULL);
  g_print ("%s\n", text);
}

int
portolan_cli_list (int    argc,
                   char **argv)
{
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autofree char *feature = NULL;
  g_autofree char *catalogue_path = NULL;
  gboolean as_json = FALSE;
  const GOptionEntry entries[] = {
    { "from", 0, 0, G_OPTION_ARG_STRING, &from, N_("Only links this role initiates"), N_("ROLE") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to, N_("Only links to this listening role"), N_("ROLE") },
    { "feature", 0, 0, G_OPTION_ARG_STRING, &feature, N_("Only links this feature decides on"), N_("FEATURE") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &as_json, N_("Print roles, features and links as JSON"), NULL },
    { "catalogue", 0, 0, G_OPTION_ARG_FILENAME, &catalogue_path, N_("Use this catalogue instead of the built-in IGEL UMS one"), N_("FILE") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(PortolanCatalogue) catalogue = NULL;
  g_autoptr(GPtrArray) links = g_ptr_array_new ();
  g_autoptr(GArray) rows = g_array_new (FALSE, TRUE, sizeof (TableRow));
  GPtrArray *all_links;

  g_option_context_set_summary (context, _("Print the ports a UMS installation needs, from the catalogue."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!portolan_cli_parse_options (context, &argc, &argv))
    return PORTOLAN_EXIT_BAD_INPUT;

  if (!(catalogue = portolan_cli_load_catalogue (catalogue_path)))
    return PORTOLAN_EXIT_BAD_INPUT;

  if ((from != NULL && !portolan_cli_resolve_role (catalogue, "--from", from)) ||
      (to != NULL && !portolan_cli_resolve_role (catalogue, "--to", to)) ||
      (feature != NULL && !portolan_cli_resolve_feature (catalogue, "--feature", feature)))
    return PORTOLAN_EXIT_BAD_INPUT;

  all_links = portolan_catalogue_get_links (catalogue);
  for (guint i = 0; i < all_links->len; i++)
    {
      PortolanLink *link = g_ptr_array_index (all_links, i);

      if ((from == NULL || portolan_link_has_initiator (link, from)) &&
          (to == NULL || portolan_link_has_listener (link, to)) &&
          (feature == NULL || portolan_link_involves_feature (link, feature)))
        g_ptr_array_add (links, link);
    }

  if (as_json)
    {
      print_json (catalogue, links);
      return PORTOLAN_EXIT_OK;
    }

  g_array_set_clear_func (rows, (GDestroyNotify) table_row_clear);
  for (guint i = 0; i < links->len; i++)
    {
      PortolanLink *link = g_ptr_array_index (links, i);
      TableRow row = {
        .port = portolan_link_format_port (link),
        .direction = format_direction (link),
        .features = format_features (link),
        /* A catalogue is a file anyone may have written */
        .description = portolan_text_escape (portolan_link_get_description (link)),
      };

      g_array_append_val (rows, row);
    }

  if (rows->len == 0)
    g_printerr (_("No link matches.\n"));
  else
    print_table (rows);

  return PORTOLAN_EXIT_OK;
}
