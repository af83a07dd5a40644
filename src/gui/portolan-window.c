/* portolan-window.c: the main window
 *
 * For now it names the catalogue it will check; the topology graph,
 * the side pane and the results list come with the window issue.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "portolan-window.h"

struct _PortolanWindow
{
  GtkApplicationWindow  parent_instance;

  /* Template widgets */
  GtkLabel             *catalogue_label;
};

G_DEFINE_FINAL_TYPE (PortolanWindow, portolan_window, GTK_TYPE_APPLICATION_WINDOW)

static void
show_catalogue (PortolanWindow    *self,
                PortolanCatalogue *catalogue)
{
  g_autofree char *text = NULL;

  /* Translators: "IGEL UMS catalogue 2026.1: 19 roles, 40 links" */
  text = g_strdup_printf (_("%s catalogue %s: %u roles, %u links"),
                          portolan_catalogue_get_name (catalogue),
                          portolan_catalogue_get_version (catalogue),
                          portolan_catalogue_get_roles (catalogue)->len,
                          portolan_catalogue_get_links (catalogue)->len);
  gtk_label_set_text (self->catalogue_label, text);
}

static void
portolan_window_class_init (PortolanWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/portolan-window.ui");
  gtk_widget_class_bind_template_child (widget_class, PortolanWindow, catalogue_label);
}

static void
portolan_window_init (PortolanWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

PortolanWindow *
portolan_window_new (PortolanApplication *application)
{
  PortolanWindow *self = g_object_new (PORTOLAN_TYPE_WINDOW,
                                       "application", application,
                                       NULL);

  show_catalogue (self, portolan_application_get_catalogue (application));
  return self;
}
