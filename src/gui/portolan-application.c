/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-application.c
 *
 * AdwApplication loads style.css from the resource base path and follows
 * the desktop's dark style; the states' colours in the results list come
 * from the palette instead, so that they are the graph's, and are made
 * again whenever the style turns dark or light.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "portolan-application.h"
#include "portolan-palette.h"
#include "portolan-resources.h"
#include "portolan-window.h"

struct _PortolanApplication
{
  AdwApplication     parent_instance;

  /* Owned references */
  PortolanCatalogue *catalogue;
  GtkCssProvider    *state_style;
};

G_DEFINE_FINAL_TYPE (PortolanApplication, portolan_application, ADW_TYPE_APPLICATION)

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  GtkApplication *application = user_data;
  GList *windows = gtk_application_get_windows (application);

  /* Closing each window stops its run cleanly */
  for (GList *l = windows; l != NULL; l = windows)
    {
      windows = l->next;
      gtk_window_close (l->data);
    }
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  static const char *developers[] = { "The Portolan developers", NULL };
  GtkWindow *window = gtk_application_get_active_window (user_data);

  adw_show_about_window (window,
                         "application-name", _("Portolan"),
                         "application-icon", APPLICATION_ID,
                         "version", PACKAGE_VERSION,
                         "comments", _("Which ports of an IGEL UMS installation are open, between which components"),
                         "developer-name", developers[0],
                         "developers", developers,
                         "license-type", GTK_LICENSE_GPL_3_0,
                         NULL);
}

static const GActionEntry app_actions[] = {
  { "quit", quit_action },
  { "about", about_action },
};

static void
load_tls_database_cb (GTask        *task,
                      gpointer      source_object,
                      gpointer      task_data,
                      GCancellable *cancellable)
{
  g_autoptr(GTlsDatabase) database = g_tls_backend_get_default_database (g_tls_backend_get_default ());

  g_task_return_boolean (task, database != NULL);
}

/* Reading the system's certificate authorities takes tens of
 * milliseconds: done in a thread at start, it is ready when the admin
 * presses Run instead of delaying that first frame */
static void
warm_tls_database (void)
{
  g_autoptr(GTask) task = g_task_new (NULL, NULL, NULL, NULL);

  g_task_run_in_thread (task, load_tls_database_cb);
}

static void
dark_changed_cb (PortolanApplication *self,
                 GParamSpec          *pspec,
                 AdwStyleManager     *style_manager)
{
  g_autofree char *css = portolan_palette_to_css (adw_style_manager_get_dark (style_manager), "portolanresults");

  gtk_css_provider_load_from_data (self->state_style, css, -1);
}

static void
load_state_style (PortolanApplication *self)
{
  AdwStyleManager *style_manager = adw_application_get_style_manager (ADW_APPLICATION (self));

  self->state_style = gtk_css_provider_new ();
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (self->state_style),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  g_signal_connect_object (style_manager, "notify::dark", G_CALLBACK (dark_changed_cb), self, G_CONNECT_SWAPPED);
  dark_changed_cb (self, NULL, style_manager);
}

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

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions, G_N_ELEMENTS (app_actions), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", (const char *[]) { "<Control>q", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.show-help-overlay",
                                         (const char *[]) { "<Control>question", NULL });
  load_state_style (self);
  gtk_window_set_default_icon_name (APPLICATION_ID);
  warm_tls_database ();
}

static void
portolan_application_open (GApplication  *application,
                           GFile        **files,
                           int            n_files,
                           const char    *hint)
{
  PortolanWindow *window;
  g_autoptr(GError) error = NULL;

  g_application_activate (application);
  window = PORTOLAN_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (application)));

  /* One profile at a time: the last one named wins */
  if (n_files > 0 && !portolan_window_open_profile (window, files[n_files - 1], &error))
    portolan_window_show_error (window, _("The profile could not be opened"), error->message);
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

  if (self->state_style != NULL)
    gtk_style_context_remove_provider_for_display (gdk_display_get_default (),
                                                   GTK_STYLE_PROVIDER (self->state_style));
  g_clear_object (&self->state_style);
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
  application_class->open = portolan_application_open;
}

static void
portolan_application_init (PortolanApplication *self)
{
  g_application_set_option_context_parameter_string (G_APPLICATION (self), _("[PROFILE]"));
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Which ports of an IGEL UMS installation are open, between which components. "
                                              "PROFILE is a saved profile to open."));
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

/**
 * portolan_application_get_state_style:
 *
 * The style sheet of the states' colours in the results list, made from
 * the palette for the current style, light or dark.
 *
 * Returns: (transfer none) (nullable): the provider, %NULL before startup
 */
GtkCssProvider *
portolan_application_get_state_style (PortolanApplication *self)
{
  g_return_val_if_fail (PORTOLAN_IS_APPLICATION (self), NULL);

  return self->state_style;
}
