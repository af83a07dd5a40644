/* portolan-application.c */
#include "config.h"

#include <glib/gi18n.h>

#include "portolan-application.h"
#include "portolan-resources.h"
#include "portolan-window.h"

struct _PortolanApplication
{
  GtkApplication     parent_instance;

  /* Owned references */
  PortolanCatalogue *catalogue;
};

G_DEFINE_FINAL_TYPE (PortolanApplication, portolan_application, GTK_TYPE_APPLICATION)

static void
portolan_application_startup (GApplication *application)
{
  PortolanApplication *self = PORTOLAN_APPLICATION (application);
  g_autoptr(GError) error = NULL;

  G_APPLICATION_CLASS (portolan_application_parent_class)->startup (application);

  /* The built-in catalogue is part of the program: failing to load it is
   * a packaging bug, not something a user can mend. */
  self->catalogue = portolan_catalogue_new_builtin (&error);
  if (self->catalogue == NULL)
    g_error ("The built-in catalogue is broken: %s", error->message);
}

static void
portolan_application_activate (GApplication *application)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (application));

  if (window == NULL)
    window = GTK_WINDOW (portolan_window_new (PORTOLAN_APPLICATION (application)));

  gtk_window_present (window);
}

static void
portolan_application_dispose (GObject *object)
{
  PortolanApplication *self = (PortolanApplication *)object;

  g_clear_object (&self->catalogue);

  G_OBJECT_CLASS (portolan_application_parent_class)->dispose (object);
}

static void
portolan_application_class_init (PortolanApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *application_class = G_APPLICATION_CLASS (klass);

  portolan_register_resource ();

  object_class->dispose = portolan_application_dispose;
  application_class->startup = portolan_application_startup;
  application_class->activate = portolan_application_activate;
}

static void
portolan_application_init (PortolanApplication *self)
{
}

PortolanApplication *
portolan_application_new (GApplicationFlags flags)
{
  return g_object_new (PORTOLAN_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "flags", flags,
                       "resource-base-path", RESOURCE_BASE,
                       NULL);
}

PortolanCatalogue *
portolan_application_get_catalogue (PortolanApplication *self)
{
  g_return_val_if_fail (PORTOLAN_IS_APPLICATION (self), NULL);

  return self->catalogue;
}
