/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-fingerprint-row.c
 *
 * One role's expected certificate in the preferences: the row puts what
 * is typed into the profile as soon as it is a fingerprint, and while it
 * is not, keeps the profile as it was and says why: the row turns red
 * and its "error" property holds the message, which the preferences
 * show below the group (an entry row has no room below it for one).
 */
#include "config.h"

#include <glib/gi18n.h>

#include "portolan-fingerprint-row.h"

struct _PortolanFingerprintRow
{
  AdwEntryRow      parent_instance;

  /* Template widgets */
  GtkWidget       *error_image;

  /* Owned references */
  PortolanProfile *profile;
  char            *role_id;
  char            *error;
};

G_DEFINE_FINAL_TYPE (PortolanFingerprintRow, portolan_fingerprint_row, ADW_TYPE_ENTRY_ROW)

enum
{
  PROP_0,
  PROP_ERROR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
show_error (PortolanFingerprintRow *self,
            const char             *message)
{
  if (g_strcmp0 (message, self->error) == 0)
    return;

  g_free (self->error);
  self->error = g_strdup (message);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);

  gtk_widget_set_visible (self->error_image, message != NULL);
  gtk_widget_set_tooltip_text (self->error_image, message);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  message != NULL ? message : "", -1);
  if (message != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "error");
}

static void
changed_cb (PortolanFingerprintRow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self));
  g_autoptr(GError) error = NULL;

  /* Empty is no pin: the system's authorities decide */
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), *text == '\0' ? _("Any certificate a trusted authority issued") : NULL);
  if (!portolan_profile_set_fingerprint (self->profile, self->role_id, *text ? text : NULL, &error))
    show_error (self, error->message);
  else
    show_error (self, NULL);
}

static void
portolan_fingerprint_row_dispose (GObject *object)
{
  PortolanFingerprintRow *self = (PortolanFingerprintRow *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), PORTOLAN_TYPE_FINGERPRINT_ROW);
  g_clear_object (&self->profile);

  G_OBJECT_CLASS (portolan_fingerprint_row_parent_class)->dispose (object);
}

static void
portolan_fingerprint_row_finalize (GObject *object)
{
  PortolanFingerprintRow *self = (PortolanFingerprintRow *)object;

  g_free (self->role_id);
  g_free (self->error);

  G_OBJECT_CLASS (portolan_fingerprint_row_parent_class)->finalize (object);
}

static void
portolan_fingerprint_row_get_property (GObject    *object,
                                       guint       prop_id,
                                       GValue     *value,
                                       GParamSpec *pspec)
{
  PortolanFingerprintRow *self = PORTOLAN_FINGERPRINT_ROW (object);

  switch (prop_id)
    {
    case PROP_ERROR:
      g_value_set_string (value, self->error);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
portolan_fingerprint_row_class_init (PortolanFingerprintRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = portolan_fingerprint_row_dispose;
  object_class->finalize = portolan_fingerprint_row_finalize;
  object_class->get_property = portolan_fingerprint_row_get_property;

  /**
   * PortolanFingerprintRow:error:
   *
   * Why the text is not a fingerprint, or %NULL.
   */
  properties[PROP_ERROR] =
    g_param_spec_string ("error", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/portolan-fingerprint-row.ui");
  gtk_widget_class_bind_template_child (widget_class, PortolanFingerprintRow, error_image);
}

static void
portolan_fingerprint_row_init (PortolanFingerprintRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * portolan_fingerprint_row_new:
 * @role: a role of @profile's catalogue that answers with TLS
 *
 * A row that edits @profile's expected fingerprint for @role.
 */
GtkWidget *
portolan_fingerprint_row_new (PortolanProfile *profile,
                              PortolanRole    *role)
{
  PortolanFingerprintRow *self;
  const char *fingerprint;

  g_return_val_if_fail (PORTOLAN_IS_PROFILE (profile), NULL);
  g_return_val_if_fail (PORTOLAN_IS_ROLE (role), NULL);

  self = g_object_new (PORTOLAN_TYPE_FINGERPRINT_ROW,
                       "title", portolan_role_get_name (role),
                       NULL);
  self->profile = g_object_ref (profile);
  self->role_id = g_strdup (portolan_role_get_id (role));

  fingerprint = portolan_profile_get_fingerprint (profile, self->role_id);
  gtk_editable_set_text (GTK_EDITABLE (self), fingerprint ? fingerprint : "");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), fingerprint ? NULL : _("Any certificate a trusted authority issued"));

  /* Connected only now, so that filling in the value changes nothing */
  g_signal_connect (self, "changed", G_CALLBACK (changed_cb), NULL);

  return GTK_WIDGET (self);
}

/**
 * portolan_fingerprint_row_get_error:
 *
 * Returns: (nullable): why the text is not a fingerprint, or %NULL
 */
const char *
portolan_fingerprint_row_get_error (PortolanFingerprintRow *self)
{
  g_return_val_if_fail (PORTOLAN_IS_FINGERPRINT_ROW (self), NULL);

  return self->error;
}
