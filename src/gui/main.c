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

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  application = portolan_application_new (G_APPLICATION_HANDLES_OPEN);
  return g_application_run (G_APPLICATION (application), argc, argv);
}
