/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-preferences-window.c
 *
 * The proxy for the cloud checks, how many checks run at once, and the
 * expected certificates: settings of the profile that an admin sets
 * once, edited in place like the side pane's, each mistake shown where
 * it was typed.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "portolan-preferences-window.h"

struct _PortolanPreferencesWindow
{
  GtkWindow        parent_instance;

  /* Template widgets */
  GtkDropDown     *proxy_dropdown;
  GtkEntry        *proxy_entry;
  GtkLabel        *proxy_error;
  GtkSpinButton   *concurrency_spin;
  GtkBox          *fingerprints_box;

  /* Owned references */
  PortolanProfile *profile;
};

G_DEFINE_FINAL_TYPE (PortolanPreferencesWindow, portolan_preferences_window, GTK_TYPE_WINDOW)

static void
show_error (GtkWidget  *entry,
            GtkLabel   *label,
            const char *message)
{
  gtk_label_set_text (label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (label), message != NULL);
  if (message != NULL)
    gtk_widget_add_css_class (entry, "error");
  else
    gtk_widget_remove_css_class (entry, "error");
}

static void
proxy_changed_cb (PortolanPreferencesWindow *self)
{
  PortolanProxy proxy = gtk_drop_down_get_selected (self->proxy_dropdown);
  const char *url = gtk_editable_get_text (GTK_EDITABLE (self->proxy_entry));
  g_autoptr(GError) error = NULL;

  gtk_widget_set_sensitive (GTK_WIDGET (self->proxy_entry), proxy == PORTOLAN_PROXY_URL);
  if (proxy == PORTOLAN_PROXY_URL && *url == '\0')
    {
      show_error (GTK_WIDGET (self->proxy_entry), self->proxy_error, _("Enter the proxy's URL"));
      return;
    }

  if (!portolan_profile_set_proxy (self->profile, proxy, proxy == PORTOLAN_PROXY_URL ? url : NULL, &error))
    show_error (GTK_WIDGET (self->proxy_entry), self->proxy_error, error->message);
  else
    show_error (GTK_WIDGET (self->proxy_entry), self->proxy_error, NULL);
}

static void
concurrency_changed_cb (PortolanPreferencesWindow *self)
{
  portolan_profile_set_concurrency (self->profile, gtk_spin_button_get_value_as_int (self->concurrency_spin), NULL);
}

static void
fingerprint_changed_cb (GtkEditable               *entry,
                        PortolanPreferencesWindow *self)
{
  const char *role_id = g_object_get_data (G_OBJECT (entry), "role-id");
  GtkLabel *error_label = g_object_get_data (G_OBJECT (entry), "error-label");
  const char *text = gtk_editable_get_text (entry);
  g_autoptr(GError) error = NULL;

  if (!portolan_profile_set_fingerprint (self->profile, role_id, *text ? text : NULL, &error))
    show_error (GTK_WIDGET (entry), error_label, error->message);
  else
    show_error (GTK_WIDGET (entry), error_label, NULL);
}

/* The roles that answer with TLS on a link, whose certificate can be pinned */
static gboolean
role_speaks_tls (PortolanCatalogue *catalogue,
                 const char        *role_id)
{
  GPtrArray *links = portolan_catalogue_get_links (catalogue);

  for (guint i = 0; i < links->len; i++)
    {
      PortolanLink *link = g_ptr_array_index (links, i);

      if (portolan_service_uses_tls (portolan_link_get_service (link)) &&
          portolan_link_has_listener (link, role_id))
        return TRUE;
    }

  return FALSE;
}

static void
build_fingerprints (PortolanPreferencesWindow *self)
{
  PortolanCatalogue *catalogue = portolan_profile_get_catalogue (self->profile);
  GPtrArray *roles = portolan_catalogue_get_roles (catalogue);

  for (guint i = 0; i < roles->len; i++)
    {
      PortolanRole *role = g_ptr_array_index (roles, i);
      const char *id = portolan_role_get_id (role);
      const char *fingerprint = portolan_profile_get_fingerprint (self->profile, id);
      GtkWidget *label, *entry, *error_label;

      if (!role_speaks_tls (catalogue, id))
        continue;

      label = gtk_label_new (portolan_role_get_name (role));
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      entry = gtk_entry_new ();
      gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Any certificate a trusted authority issued"));
      gtk_editable_set_text (GTK_EDITABLE (entry), fingerprint ? fingerprint : "");
      gtk_label_set_mnemonic_widget (GTK_LABEL (label), entry);
      gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      portolan_role_get_name (role), -1);
      error_label = gtk_label_new (NULL);
      gtk_label_set_xalign (GTK_LABEL (error_label), 0);
      gtk_label_set_wrap (GTK_LABEL (error_label), TRUE);
      gtk_widget_add_css_class (error_label, "error");
      gtk_widget_add_css_class (error_label, "caption");
      gtk_widget_set_visible (error_label, FALSE);

      g_object_set_data_full (G_OBJECT (entry), "role-id", g_strdup (id), g_free);
      g_object_set_data (G_OBJECT (entry), "error-label", error_label);
      g_signal_connect (entry, "changed", G_CALLBACK (fingerprint_changed_cb), self);

      gtk_box_append (self->fingerprints_box, label);
      gtk_box_append (self->fingerprints_box, entry);
      gtk_box_append (self->fingerprints_box, error_label);
    }
}

static void
portolan_preferences_window_dispose (GObject *object)
{
  PortolanPreferencesWindow *self = (PortolanPreferencesWindow *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), PORTOLAN_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->profile);

  G_OBJECT_CLASS (portolan_preferences_window_parent_class)->dispose (object);
}

static void
portolan_preferences_window_class_init (PortolanPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = portolan_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/portolan-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, PortolanPreferencesWindow, proxy_dropdown);
  gtk_widget_class_bind_template_child (widget_class, PortolanPreferencesWindow, proxy_entry);
  gtk_widget_class_bind_template_child (widget_class, PortolanPreferencesWindow, proxy_error);
  gtk_widget_class_bind_template_child (widget_class, PortolanPreferencesWindow, concurrency_spin);
  gtk_widget_class_bind_template_child (widget_class, PortolanPreferencesWindow, fingerprints_box);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
portolan_preferences_window_init (PortolanPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
portolan_preferences_window_new (GtkWindow       *parent,
                                 PortolanProfile *profile)
{
  PortolanPreferencesWindow *self = g_object_new (PORTOLAN_TYPE_PREFERENCES_WINDOW,
                                                  "transient-for", parent,
                                                  NULL);
  const char *url = portolan_profile_get_proxy_url (profile);

  self->profile = g_object_ref (profile);

  gtk_drop_down_set_selected (self->proxy_dropdown, portolan_profile_get_proxy (profile));
  gtk_editable_set_text (GTK_EDITABLE (self->proxy_entry), url ? url : "");
  gtk_widget_set_sensitive (GTK_WIDGET (self->proxy_entry), portolan_profile_get_proxy (profile) == PORTOLAN_PROXY_URL);
  gtk_spin_button_set_value (self->concurrency_spin, portolan_profile_get_concurrency (profile));
  build_fingerprints (self);

  /* Connected only now, so that filling in the values changes nothing */
  g_signal_connect_swapped (self->proxy_dropdown, "notify::selected", G_CALLBACK (proxy_changed_cb), self);
  g_signal_connect_swapped (self->proxy_entry, "changed", G_CALLBACK (proxy_changed_cb), self);
  g_signal_connect_swapped (self->concurrency_spin, "value-changed", G_CALLBACK (concurrency_changed_cb), self);

  return GTK_WIDGET (self);
}
