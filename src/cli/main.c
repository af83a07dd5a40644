/* SPDX-License-Identifier: GPL-3.0-or-later */
/* main.c: portolan-cli, Portolan without a window */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <stdio.h>

#include "portolan-cli.h"

typedef struct
{
  const char          *name;
  PortolanCommandFunc  run;
  const char          *summary;
} Command;

static const Command commands[] = {
  { "list", portolan_cli_list, N_("Print the ports the catalogue lists, with filters") },
  { "check", portolan_cli_check, N_("Probe the links from this computer's role to another") },
};

static void
print_usage (FILE *stream)
{
  g_autoptr(GString) text = g_string_new (NULL);

  g_string_append_printf (text, _("Usage:\n  %s COMMAND [OPTION…]\n\n"), "portolan-cli");
  g_string_append (text, _("Find out which ports of an IGEL UMS installation are open.\n\n"));
  g_string_append (text, _("Commands:\n"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    g_string_append_printf (text, "  %-10s %s\n", commands[i].name, _(commands[i].summary));
  g_string_append (text, _("\nOptions:\n"
                           "  -h, --help     Show this help\n"
                           "  --version      Show the version\n\n"));
  g_string_append_printf (text, _("Run “%s COMMAND --help” for the options of a command.\n"),
                          "portolan-cli");
  g_string_append (text, _("Exit status: 0 when all is well, 1 when a check found a problem, 2 for bad input,\n"
                           "3 when nothing was tested, 130 when interrupted.\n"));

  fputs (text->str, stream);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *command_name = NULL;
  const char *localedir = g_getenv ("PORTOLAN_LOCALEDIR");

  setlocale (LC_ALL, "");
  /* PORTOLAN_LOCALEDIR: translations somewhere other than where the
   * program was built to be installed (the build tree, a DESTDIR) */
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_set_prgname ("portolan-cli");

  if (argc < 2 || g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h") ||
      g_str_equal (argv[1], "help"))
    {
      print_usage (argc < 2 ? stderr : stdout);
      return argc < 2 ? PORTOLAN_EXIT_BAD_INPUT : PORTOLAN_EXIT_OK;
    }

  if (g_str_equal (argv[1], "--version"))
    {
      g_print ("portolan-cli %s\n", PACKAGE_VERSION);
      return PORTOLAN_EXIT_OK;
    }

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_str_equal (argv[1], commands[i].name))
      {
        /* The command parses its options as if it were the program,
         * so that its --help reads "Usage: portolan-cli list …" */
        command_name = g_strdup_printf ("portolan-cli %s", commands[i].name);
        g_set_prgname (command_name);
        argv[1] = command_name;
        return commands[i].run (argc - 1, argv + 1);
      }

  portolan_cli_print_error (_("unknown command “%s”"), argv[1]);
  print_usage (stderr);
  return PORTOLAN_EXIT_BAD_INPUT;
}
