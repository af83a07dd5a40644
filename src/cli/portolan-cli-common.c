/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-cli-common.c: loading, option parsing and messages for all commands */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "portolan-cli.h"

void
portolan_cli_print_error (const char *format,
                          ...)
{
  g_autofree char *message = NULL;
  g_autofree char *inert = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  /* Messages quote files and servers: one line, whatever they hold */
  inert = portolan_text_escape (message);
  g_printerr ("portolan-cli: %s\n", inert);
}

/**
 * portolan_cli_load_catalogue:
 * @path: (nullable): a catalogue file, or %NULL for the built-in one
 *
 * Prints the reason and returns %NULL when the catalogue cannot be used.
 */
PortolanCatalogue *
portolan_cli_load_catalogue (const char *path)
{
  g_autoptr(GError) error = NULL;
  PortolanCatalogue *catalogue;

  if (path == NULL)
    catalogue = portolan_catalogue_new_builtin (&error);
  else
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (path);

      catalogue = portolan_catalogue_new_from_file (file, &error);
    }

  if (catalogue == NULL)
    portolan_cli_print_error ("%s", error->message);

  return catalogue;
}

gboolean
portolan_cli_parse_options (GOptionContext   *context,
                            int              *argc,
                            char           ***argv)
{
  g_autoptr(GError) error = NULL;

  if (!g_option_context_parse (context, argc, argv, &error))
    {
      portolan_cli_print_error ("%s", error->message);
      g_printerr (_("Run “%s --help” to see the options.\n"), (*argv)[0]);
      return FALSE;
    }

  if (*argc > 1)
    {
      portolan_cli_print_error (_("unexpected argument “%s”"), (*argv)[1]);
      return FALSE;
    }

  return TRUE;
}

PortolanRole *
portolan_cli_resolve_role (PortolanCatalogue *catalogue,
                           const char        *option,
                           const char        *id)
{
  PortolanRole *role = portolan_catalogue_lookup_role (catalogue, id);

  if (role == NULL)
    {
      g_autofree char *valid = portolan_catalogue_list_role_ids (catalogue);

      portolan_cli_print_error (_("unknown role “%s” for %s; the roles are: %s"),
                                id, option, valid);
    }

  return role;
}

PortolanFeature *
portolan_cli_resolve_feature (PortolanCatalogue *catalogue,
                              const char        *option,
                              const char        *id)
{
  PortolanFeature *feature = portolan_catalogue_lookup_feature (catalogue, id);

  if (feature == NULL)
    {
      g_autofree char *valid = portolan_catalogue_list_feature_ids (catalogue);

      portolan_cli_print_error (_("unknown feature “%s” for %s; the features are: %s"),
                                id, option, valid);
    }

  return feature;
}

/**
 * portolan_cli_terminal_width:
 *
 * The width of the terminal standard output is, or 0 when it is not a
 * terminal (then nothing is wrapped, which suits grep and friends).
 */
guint
portolan_cli_terminal_width (void)
{
  struct winsize size;

  if (!isatty (STDOUT_FILENO))
    return 0;

  if (ioctl (STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 0)
    return size.ws_col;

  return 80;
}

/**
 * portolan_cli_append_padded:
 *
 * Appends @text and spaces up to @width characters: characters, not
 * bytes, so that "⚠ Warning" and "→" line up.
 */
void
portolan_cli_append_padded (GString    *out,
                            const char *text,
                            guint       width)
{
  g_string_append (out, text);
  for (glong i = g_utf8_strlen (text, -1); i < width; i++)
    g_string_append_c (out, ' ');
}
