/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-host-row.c
 *
 * The hosts of one role in the side pane: its name, an entry, and the
 * mistake in what the entry says, if any. The row only shows; the side
 * pane checks the text by the profile's rules, says what is wrong
 * (error), and writes the text into the profile when the admin is done
 * with it (done). Until then, what the admin typed is a draft.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "portolan-host-row.h"

struct _PortolanHostRow
{
  GtkWidget     parent_instance;

  /* Template widgets */
  GtkLabel     *name_label;
  GtkEntry     *entry;
  GtkLabel     *error_label;

  /* Owned references */
  PortolanRole *role;
  char         *error;

  gboolean      draft;
  gboolean      setting_text;
};

G_DEFINE_FINAL_TYPE (PortolanHostRow, portolan_host_row, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_ROLE,
  PROP_TEXT,
  PROP_ERROR,
  PROP_DRAFT,
  N_PROPS
};

enum {
  DONE,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static char *
describe_default_hosts (PortolanRole *role)
{
  const char * const *defaults = portolan_role_get_default_hosts (role);

  if (defaults == NULL || defaults[0] == NULL)
    return g_strdup (_("No host: its checks are skipped"));

  /* Translators: the placeholder of a host entry, "app.igel.com (default)" */
  return g_strdup_printf (_("%s (default)"), defaults[0]);
}

static void
entry_changed_cb (PortolanHostRow *self)
{
  if (!self->setting_text)
    portolan_host_row_set_draft (self, TRUE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXT]);
}

/* Enter, or the focus leaving the entry */
static void
entry_done_cb (PortolanHostRow *self)
{
  g_signal_emit (self, signals[DONE], 0);
}

static void
portolan_host_row_constructed (GObject *object)
{
  PortolanHostRow *self = PORTOLAN_HOST_ROW (object);
  g_autofree char *placeholder = describe_default_hosts (self->role);

  G_OBJECT_CLASS (portolan_host_row_parent_class)->constructed (object);

  gtk_label_set_text (self->name_label, portolan_role_get_name (self->role));
  gtk_entry_set_placeholder_text (self->entry, placeholder);
}

static void
portolan_host_row_dispose (GObject *object)
{
  PortolanHostRow *self = (PortolanHostRow *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), PORTOLAN_TYPE_HOST_ROW);
  g_clear_object (&self->role);

  G_OBJECT_CLASS (portolan_host_row_parent_class)->dispose (object);
}

static void
portolan_host_row_finalize (GObject *object)
{
  PortolanHostRow *self = (PortolanHostRow *)object;

  g_free (self->error);

  G_OBJECT_CLASS (portolan_host_row_parent_class)->finalize (object);
}

static void
portolan_host_row_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  PortolanHostRow *self = PORTOLAN_HOST_ROW (object);

  switch (prop_id)
    {
    case PROP_ROLE:
      g_value_set_object (value, self->role);
      break;

    case PROP_TEXT:
      g_value_set_string (value, portolan_host_row_get_text (self));
      break;

    case PROP_ERROR:
      g_value_set_string (value, self->error);
      break;

    case PROP_DRAFT:
      g_value_set_boolean (value, self->draft);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
portolan_host_row_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  PortolanHostRow *self = PORTOLAN_HOST_ROW (object);

  switch (prop_id)
    {
    case PROP_ROLE:
      self->role = g_value_dup_object (value);
      break;

    case PROP_TEXT:
      portolan_host_row_set_text (self, g_value_get_string (value));
      break;

    case PROP_ERROR:
      portolan_host_row_set_error (self, g_value_get_string (value));
      break;

    case PROP_DRAFT:
      portolan_host_row_set_draft (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
portolan_host_row_class_init (PortolanHostRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = portolan_host_row_constructed;
  object_class->dispose = portolan_host_row_dispose;
  object_class->finalize = portolan_host_row_finalize;
  object_class->get_property = portolan_host_row_get_property;
  object_class->set_property = portolan_host_row_set_property;

  properties[PROP_ROLE] =
    g_param_spec_object ("role", NULL, NULL,
                         PORTOLAN_TYPE_ROLE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  /**
   * PortolanHostRow:text:
   *
   * What the entry says: names, addresses and ranges, separated by
   * commas or spaces.
   */
  properties[PROP_TEXT] =
    g_param_spec_string ("text", NULL, NULL,
                         "",
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * PortolanHostRow:error:
   *
   * What is wrong with the text, shown beneath the entry and told to
   * screen readers; %NULL when nothing is.
   */
  properties[PROP_ERROR] =
    g_param_spec_string ("error", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * PortolanHostRow:draft:
   *
   * Whether the admin edited the text since it was last written into
   * the profile. Typing sets it; whoever writes the text clears it.
   */
  properties[PROP_DRAFT] =
    g_param_spec_boolean ("draft", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * PortolanHostRow::done:
   *
   * The admin is done with the entry for now: pressed Enter, or left it.
   */
  signals[DONE] =
    g_signal_new ("done",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/portolan-host-row.ui");
  gtk_widget_class_bind_template_child (widget_class, PortolanHostRow, name_label);
  gtk_widget_class_bind_template_child (widget_class, PortolanHostRow, entry);
  gtk_widget_class_bind_template_child (widget_class, PortolanHostRow, error_label);
  gtk_widget_class_bind_template_callback (widget_class, entry_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, entry_done_cb);
}

static void
portolan_host_row_init (PortolanHostRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
portolan_host_row_new (PortolanRole *role)
{
  g_return_val_if_fail (PORTOLAN_IS_ROLE (role), NULL);

  return g_object_new (PORTOLAN_TYPE_HOST_ROW, "role", role, NULL);
}

PortolanRole *
portolan_host_row_get_role (PortolanHostRow *self)
{
  g_return_val_if_fail (PORTOLAN_IS_HOST_ROW (self), NULL);

  return self->role;
}

const char *
portolan_host_row_get_text (PortolanHostRow *self)
{
  g_return_val_if_fail (PORTOLAN_IS_HOST_ROW (self), NULL);

  return gtk_editable_get_text (GTK_EDITABLE (self->entry));
}

/**
 * portolan_host_row_set_text:
 *
 * Shows @text, as the profile has it: not an edit, so the row stays
 * what it was, a draft or not.
 */
void
portolan_host_row_set_text (PortolanHostRow *self,
                            const char      *text)
{
  g_return_if_fail (PORTOLAN_IS_HOST_ROW (self));

  self->setting_text = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->entry), text ? text : "");
  self->setting_text = FALSE;
}

const char *
portolan_host_row_get_error (PortolanHostRow *self)
{
  g_return_val_if_fail (PORTOLAN_IS_HOST_ROW (self), NULL);

  return self->error;
}

/**
 * portolan_host_row_set_error:
 * @error: (nullable): what is wrong with the text, or %NULL
 */
void
portolan_host_row_set_error (PortolanHostRow *self,
                             const char      *error)
{
  GtkWidget *entry;

  g_return_if_fail (PORTOLAN_IS_HOST_ROW (self));

  entry = GTK_WIDGET (self->entry);
  if (g_strcmp0 (self->error, error) != 0)
    {
      g_free (self->error);
      self->error = g_strdup (error);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
    }

  /* Shown even when it says the same: a commit may find the mistake
   * that the draft's check found */
  gtk_label_set_text (self->error_label, error ? error : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), error != NULL);
  if (error != NULL)
    gtk_widget_add_css_class (entry, "error");
  else
    gtk_widget_remove_css_class (entry, "error");

  gtk_accessible_update_property (GTK_ACCESSIBLE (entry),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, error ? error : "",
                                  -1);
  gtk_accessible_update_state (GTK_ACCESSIBLE (entry),
                               GTK_ACCESSIBLE_STATE_INVALID,
                               error ? GTK_ACCESSIBLE_INVALID_TRUE : GTK_ACCESSIBLE_INVALID_FALSE,
                               -1);
}

gboolean
portolan_host_row_get_draft (PortolanHostRow *self)
{
  g_return_val_if_fail (PORTOLAN_IS_HOST_ROW (self), FALSE);

  return self->draft;
}

void
portolan_host_row_set_draft (PortolanHostRow *self,
                             gboolean         draft)
{
  g_return_if_fail (PORTOLAN_IS_HOST_ROW (self));

  draft = !!draft;
  if (self->draft == draft)
    return;

  self->draft = draft;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DRAFT]);
}

/**
 * portolan_host_row_get_entry:
 *
 * The entry, for the tests and for focus.
 */
GtkWidget *
portolan_host_row_get_entry (PortolanHostRow *self)
{
  g_return_val_if_fail (PORTOLAN_IS_HOST_ROW (self), NULL);

  return GTK_WIDGET (self->entry);
}
