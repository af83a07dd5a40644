/* SPDX-License-Identifier: GPL-3.0-or-later */
/* main.c: portolan, the window */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "portolan-application.h"

int
main (int    argc,
      char **argv)
{
  g_autoptr(PortolanApplication) application = NULL;
  const char *localedir = g_getenv ("PORTOLAN_LOCALEDIR");

  setlocale (LC_ALL, "");
  /* PORTOLAN_LOCALEDIR: translations somewhere other than where the
   * program was built to be installed (the build tree, a DESTDIR) */
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  application = portolan_application_new (G_APPLICATION_HANDLES_OPEN);
  return g_application_run (G_APPLICATION (application), argc, argv);
}
