/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-preferences-window.c
 *
 * The proxy for the cloud checks, how many checks run at once, and the
 * expected certificates: settings of the profile that an admin sets
 * once, edited in place like the side pane's, each mistake shown where
 * it was typed: the row turns red, and its icon and accessible
 * description say why.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "portolan-fingerprint-row.h"
#include "portolan-preferences-window.h"

struct _PortolanPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  /* Template widgets */
  AdwComboRow          *proxy_row;
  AdwEntryRow          *proxy_url_row;
  GtkWidget            *proxy_url_error;
  GtkLabel             *proxy_problem_label;
  GtkLabel             *fingerprint_problem_label;
  GtkSpinButton        *concurrency_spin;
  AdwPreferencesGroup  *fingerprints_group;

  /* Owned references */
  PortolanProfile      *profile;
  char                 *proxy_problem;
  GPtrArray            *fingerprint_rows;
};

G_DEFINE_FINAL_TYPE (PortolanPreferencesWindow, portolan_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static void
show_proxy_problem (PortolanPreferencesWindow *self,
                    const char                *message)
{
  g_free (self->proxy_problem);
  self->proxy_problem = g_strdup (message);

  gtk_widget_set_visible (self->proxy_url_error, message != NULL);
  gtk_widget_set_tooltip_text (self->proxy_url_error, message);
  gtk_label_set_text (self->proxy_problem_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->proxy_problem_label), message != NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->proxy_url_row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  message != NULL ? message : "", -1);
  if (message != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->proxy_url_row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->proxy_url_row), "error");
}

static void
proxy_changed_cb (PortolanPreferencesWindow *self)
{
  PortolanProxy proxy = adw_combo_row_get_selected (self->proxy_row);
  const char *url = gtk_editable_get_text (GTK_EDITABLE (self->proxy_url_row));
  g_autoptr(GError) error = NULL;

  gtk_widget_set_sensitive (GTK_WIDGET (self->proxy_url_row), proxy == PORTOLAN_PROXY_URL);
  if (proxy == PORTOLAN_PROXY_URL && *url == '\0')
    {
      show_proxy_problem (self, _("Enter the proxy's URL"));
      return;
    }

  if (!portolan_profile_set_proxy (self->profile, proxy, proxy == PORTOLAN_PROXY_URL ? url : NULL, &error))
    show_proxy_problem (self, error->message);
  else
    show_proxy_problem (self, NULL);
}

static void
concurrency_changed_cb (PortolanPreferencesWindow *self)
{
  portolan_profile_set_concurrency (self->profile, gtk_spin_button_get_value_as_int (self->concurrency_spin), NULL);
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

      if (portolan_link_uses_tls (link) &&
          portolan_link_has_listener (link, role_id))
        return TRUE;
    }

  return FALSE;
}

/* Each row's mistake below the group, named by its role: a red row
 * alone would not say what is wrong */
static void
fingerprint_error_changed_cb (PortolanPreferencesWindow *self)
{
  g_autoptr(GString) problems = g_string_new (NULL);

  for (guint i = 0; i < self->fingerprint_rows->len; i++)
    {
      PortolanFingerprintRow *row = g_ptr_array_index (self->fingerprint_rows, i);
      const char *error = portolan_fingerprint_row_get_error (row);

      if (error == NULL)
        continue;
      if (problems->len > 0)
        g_string_append_c (problems, '\n');
      /* Translators: a role's name, then why its fingerprint was not taken */
      g_string_append_printf (problems, _("%s: %s"), adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), error);
    }

  gtk_label_set_text (self->fingerprint_problem_label, problems->str);
  gtk_widget_set_visible (GTK_WIDGET (self->fingerprint_problem_label), problems->len > 0);
}

static void
build_fingerprints (PortolanPreferencesWindow *self)
{
  PortolanCatalogue *catalogue = portolan_profile_get_catalogue (self->profile);
  GPtrArray *roles = portolan_catalogue_get_roles (catalogue);

  for (guint i = 0; i < roles->len; i++)
    {
      PortolanRole *role = g_ptr_array_index (roles, i);

      GtkWidget *row;

      if (!role_speaks_tls (catalogue, portolan_role_get_id (role)))
        continue;

      row = portolan_fingerprint_row_new (self->profile, role);
      g_signal_connect_object (row, "notify::error", G_CALLBACK (fingerprint_error_changed_cb), self, G_CONNECT_SWAPPED);
      g_ptr_array_add (self->fingerprint_rows, g_object_ref (row));
      adw_preferences_group_add (self->fingerprints_group, row);
    }
}

static void
portolan_preferences_window_dispose (GObject *object)
{
  PortolanPreferencesWindow *self = (PortolanPreferencesWindow *)object;

  /* libadwaita 1.2's AdwPreferencesWindow never lets go of its groups,
   * and so of their rows; a row taken out of its group is freed, and with
   * the last one the profile */
  for (guint i = 0; self->fingerprint_rows != NULL && i < self->fingerprint_rows->len; i++)
    adw_preferences_group_remove (self->fingerprints_group, g_ptr_array_index (self->fingerprint_rows, i));
  g_clear_pointer (&self->fingerprint_rows, g_ptr_array_unref);

  gtk_widget_dispose_template (GTK_WIDGET (self), PORTOLAN_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->profile);
  g_clear_pointer (&self->proxy_problem, g_free);

  G_OBJECT_CLASS (portolan_preferences_window_parent_class)->dispose (object);
}

static void
portolan_preferences_window_class_init (PortolanPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = portolan_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/portolan-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, PortolanPreferencesWindow, proxy_row);
  gtk_widget_class_bind_template_child (widget_class, PortolanPreferencesWindow, proxy_url_row);
  gtk_widget_class_bind_template_child (widget_class, PortolanPreferencesWindow, proxy_url_error);
  gtk_widget_class_bind_template_child (widget_class, PortolanPreferencesWindow, proxy_problem_label);
  gtk_widget_class_bind_template_child (widget_class, PortolanPreferencesWindow, fingerprint_problem_label);
  gtk_widget_class_bind_template_child (widget_class, PortolanPreferencesWindow, concurrency_spin);
  gtk_widget_class_bind_template_child (widget_class, PortolanPreferencesWindow, fingerprints_group);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
portolan_preferences_window_init (PortolanPreferencesWindow *self)
{
  self->fingerprint_rows = g_ptr_array_new_with_free_func (g_object_unref);
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

  adw_combo_row_set_selected (self->proxy_row, portolan_profile_get_proxy (profile));
  gtk_editable_set_text (GTK_EDITABLE (self->proxy_url_row), url ? url : "");
  gtk_widget_set_sensitive (GTK_WIDGET (self->proxy_url_row), portolan_profile_get_proxy (profile) == PORTOLAN_PROXY_URL);
  gtk_spin_button_set_value (self->concurrency_spin, portolan_profile_get_concurrency (profile));
  build_fingerprints (self);

  /* Connected only now, so that filling in the values changes nothing */
  g_signal_connect_swapped (self->proxy_row, "notify::selected", G_CALLBACK (proxy_changed_cb), self);
  g_signal_connect_swapped (self->proxy_url_row, "changed", G_CALLBACK (proxy_changed_cb), self);
  g_signal_connect_swapped (self->concurrency_spin, "value-changed", G_CALLBACK (concurrency_changed_cb), self);

  return GTK_WIDGET (self);
}

/**
 * portolan_preferences_window_get_proxy_problem:
 *
 * Returns: (nullable): why the proxy's URL was not taken, or %NULL
 */
const char *
portolan_preferences_window_get_proxy_problem (PortolanPreferencesWindow *self)
{
  g_return_val_if_fail (PORTOLAN_IS_PREFERENCES_WINDOW (self), NULL);

  return self->proxy_problem;
}
