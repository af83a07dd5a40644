/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-side-pane.c
 *
 * The direction (which role this computer is, which to check), the
 * hosts of the roles the plan needs, the features in use and the
 * timeout. Edits go into the profile, whose "changed" signal lets the
 * window rebuild the plan.
 *
 * What a host entry says is what is probed, never a text the admin only
 * passed through on the way: typing 10.0.0.300 goes through 10.0.0.30,
 * which is valid and wrong. So an entry is a draft, checked as it is
 * typed (a mistake shows beneath it at once), and goes into the profile
 * only when it is valid and the admin is done with it: on Enter, when
 * the focus leaves it, and before a run or a save (commit-hosts). Until
 * then the profile, the plan and the graph keep what was there before,
 * typed and committed or loaded, so a typing error loses nothing. While
 * a draft is invalid, host-problem names it and the window allows no
 * run: the role's hosts in effect are neither the old ones nor a prefix.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "portolan-side-pane.h"

#include "portolan-host-row.h"

struct _PortolanSidePane
{
  GtkWidget          parent_instance;

  /* Template widgets */
  GtkWidget         *scroller;
  GtkDropDown       *source_dropdown;
  GtkDropDown       *target_dropdown;
  GtkBox            *hosts_box;
  GtkBox            *features_box;
  GtkSpinButton     *timeout_spin;

  /* Owned references */
  PortolanProfile   *profile;
  GHashTable        *host_rows;         /* role id → PortolanHostRow */
  GHashTable        *feature_buttons;   /* feature id → GtkCheckButton */

  PortolanProfile   *scratch;           /* checks drafts by the profile's own rules */
  char              *host_problem;

  gboolean           syncing;           /* writing the profile into the widgets */
};

G_DEFINE_FINAL_TYPE (PortolanSidePane, portolan_side_pane, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_HOST_PROBLEM,
  N_PROPS
};

enum {
  ROUTE_CHANGED,
  COMMIT_HOSTS,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static PortolanCatalogue *
get_catalogue (PortolanSidePane *self)
{
  return portolan_profile_get_catalogue (self->profile);
}

/* --- Hosts --- */

static const char *
row_role_id (PortolanHostRow *row)
{
  return portolan_role_get_id (portolan_host_row_get_role (row));
}

static GStrv
split_hosts (const char *text)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) parts = g_strsplit_set (text, ", ", -1);

  for (guint i = 0; parts[i] != NULL; i++)
    if (*parts[i] != '\0')
      g_strv_builder_add (builder, parts[i]);

  return g_strv_builder_end (builder);
}

/* The first entry, in catalogue order, whose draft is wrong */
static void
update_host_problem (PortolanSidePane *self)
{
  GPtrArray *roles = portolan_catalogue_get_roles (get_catalogue (self));
  g_autofree char *problem = NULL;

  for (guint i = 0; i < roles->len && problem == NULL; i++)
    {
      PortolanRole *role = g_ptr_array_index (roles, i);
      PortolanHostRow *row = g_hash_table_lookup (self->host_rows, portolan_role_get_id (role));

      if (row != NULL && portolan_host_row_get_error (row) != NULL)
        /* Translators: "Fix the host of IGEL OS 11 Device first: “10.0.0.300”: 300 is above 255" */
        problem = g_strdup_printf (_("Fix the host of %s first: %s"),
                                   portolan_role_get_name (role), portolan_host_row_get_error (row));
    }

  if (g_strcmp0 (problem, self->host_problem) == 0)
    return;

  g_free (self->host_problem);
  self->host_problem = g_steal_pointer (&problem);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HOST_PROBLEM]);
}

/* Checks the draft by the rules of the profile, on a profile of its own,
 * so that the real one is not touched */
static void
check_draft (PortolanSidePane *self,
             PortolanHostRow  *row)
{
  g_auto(GStrv) hosts = split_hosts (portolan_host_row_get_text (row));
  g_autoptr(GError) error = NULL;

  portolan_profile_set_hosts (self->scratch, row_role_id (row), (const char * const *) hosts, &error);
  portolan_host_row_set_error (row, error ? error->message : NULL);
  update_host_problem (self);
}

/* The draft goes into the profile if it is right; FALSE if it is not */
static gboolean
commit_host_row (PortolanSidePane *self,
                 PortolanHostRow  *row)
{
  g_auto(GStrv) hosts = NULL;
  g_autoptr(GError) error = NULL;

  if (portolan_host_row_get_error (row) != NULL)
    return FALSE;
  if (!portolan_host_row_get_draft (row) || self->profile == NULL)
    return TRUE;

  /* Checked by the same rules as it was typed, it fits; if not, it stays
   * a draft with its mistake shown, like any other */
  hosts = split_hosts (portolan_host_row_get_text (row));
  portolan_host_row_set_draft (row, FALSE);
  if (!portolan_profile_set_hosts (self->profile, row_role_id (row), (const char * const *) hosts, &error))
    {
      portolan_host_row_set_draft (row, TRUE);
      portolan_host_row_set_error (row, error->message);
      update_host_problem (self);
      return FALSE;
    }

  return TRUE;
}

/* Typed, or shown from the profile: either way checked at once */
static void
host_text_changed_cb (PortolanHostRow  *row,
                      GParamSpec       *pspec,
                      PortolanSidePane *self)
{
  check_draft (self, row);
}

static void
host_row_done_cb (PortolanHostRow  *row,
                  PortolanSidePane *self)
{
  commit_host_row (self, row);
}

/* Its entry is going: nothing it says may reach the profile any more,
 * not even as the focus leaves it on the way out */
static void
remove_host_row (gpointer data)
{
  GtkWidget *row = data;
  GtkWidget *parent = gtk_widget_get_parent (row);

  g_signal_handlers_disconnect_matched (row, G_SIGNAL_MATCH_FUNC, 0, 0, NULL, host_text_changed_cb, NULL);
  g_signal_handlers_disconnect_matched (row, G_SIGNAL_MATCH_FUNC, 0, 0, NULL, host_row_done_cb, NULL);
  if (parent != NULL)
    gtk_box_remove (GTK_BOX (parent), row);
  g_object_unref (row);
}

static void
sync_host_row (PortolanSidePane *self,
               PortolanHostRow  *row)
{
  const char * const *hosts = portolan_profile_get_hosts (self->profile, row_role_id (row));
  g_auto(GStrv) shown = split_hosts (portolan_host_row_get_text (row));
  g_autofree char *text = NULL;

  /* Never rewrite what the admin is typing, nor what already says the same */
  if (portolan_host_row_get_draft (row) ||
      g_strv_equal ((const char * const *) shown, hosts ? hosts : (const char *[]) { NULL }))
    return;

  text = hosts ? g_strjoinv (", ", (char **) hosts) : g_strdup ("");
  portolan_host_row_set_text (row, text);
}

static PortolanHostRow *
host_row_new (PortolanSidePane *self,
              PortolanRole     *role)
{
  PortolanHostRow *row = PORTOLAN_HOST_ROW (g_object_ref_sink (portolan_host_row_new (role)));

  g_signal_connect (row, "notify::text", G_CALLBACK (host_text_changed_cb), self);
  g_signal_connect (row, "done", G_CALLBACK (host_row_done_cb), self);
  sync_host_row (self, row);

  return row;
}

/* The class handler of commit-hosts: every valid draft in play goes
 * into the profile; FALSE, and nothing changed, while one is wrong */
static gboolean
commit_hosts (PortolanSidePane *self)
{
  g_autoptr(GPtrArray) role_ids = g_ptr_array_new_with_free_func (g_free);
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->host_rows);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      if (portolan_host_row_get_error (value) != NULL)
        return FALSE;
      g_ptr_array_add (role_ids, g_strdup (row_role_id (value)));
    }

  /* Each commit rebuilds the plan, and with it the rows: look each up anew */
  for (guint i = 0; i < role_ids->len; i++)
    {
      PortolanHostRow *row = g_hash_table_lookup (self->host_rows, g_ptr_array_index (role_ids, i));

      if (row != NULL && !commit_host_row (self, row))
        return FALSE;
    }

  return TRUE;
}

/**
 * portolan_side_pane_set_roles_in_play:
 * @role_ids: (element-type utf8): the roles whose hosts the plan needs
 *
 * Shows an entry for each, in catalogue order. Rows that stay keep their
 * entry, so typing is never interrupted by the plan being rebuilt.
 */
void
portolan_side_pane_set_roles_in_play (PortolanSidePane *self,
                                      GPtrArray        *role_ids)
{
  GPtrArray *roles;
  GtkWidget *previous = NULL;
  GHashTableIter iter;
  gpointer key;

  g_return_if_fail (PORTOLAN_IS_SIDE_PANE (self));

  g_hash_table_iter_init (&iter, self->host_rows);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_ptr_array_find_with_equal_func (role_ids, key, g_str_equal, NULL))
      g_hash_table_iter_remove (&iter);

  roles = portolan_catalogue_get_roles (get_catalogue (self));
  for (guint i = 0; i < roles->len; i++)
    {
      PortolanRole *role = g_ptr_array_index (roles, i);
      const char *id = portolan_role_get_id (role);
      PortolanHostRow *row;

      if (!g_ptr_array_find_with_equal_func (role_ids, id, g_str_equal, NULL))
        continue;

      row = g_hash_table_lookup (self->host_rows, id);
      if (row == NULL)
        {
          row = host_row_new (self, role);
          g_hash_table_insert (self->host_rows, g_strdup (id), row);
          gtk_box_insert_child_after (self->hosts_box, GTK_WIDGET (row), previous);
        }
      previous = GTK_WIDGET (row);
    }

  update_host_problem (self);
}

GtkWidget *
portolan_side_pane_get_host_entry (PortolanSidePane *self,
                                   const char       *role_id)
{
  PortolanHostRow *row = g_hash_table_lookup (self->host_rows, role_id);

  return row ? portolan_host_row_get_entry (row) : NULL;
}

/* --- Features --- */

static void
feature_toggled_cb (GtkCheckButton   *button,
                    PortolanSidePane *self)
{
  const char *id = g_object_get_data (G_OBJECT (button), "feature-id");

  if (self->syncing)
    return;

  /* In a group of radio buttons, only the one switched on speaks: the
   * profile switches its rival off */
  if (gtk_check_button_get_active (button) || g_object_get_data (G_OBJECT (button), "radio") == NULL)
    portolan_profile_set_feature (self->profile, id, gtk_check_button_get_active (button));
}

static void
build_features (PortolanSidePane *self)
{
  PortolanCatalogue *catalogue = get_catalogue (self);
  GPtrArray *groups = portolan_catalogue_get_groups (catalogue);
  GPtrArray *features = portolan_catalogue_get_features (catalogue);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->features_box))) != NULL)
    gtk_box_remove (self->features_box, child);
  g_hash_table_remove_all (self->feature_buttons);

  for (guint g = 0; g < groups->len; g++)
    {
      const PortolanFeatureGroup *group = g_ptr_array_index (groups, g);
      GtkWidget *label = gtk_label_new (group->name);

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_set_margin_top (label, 6);
      gtk_widget_add_css_class (label, "dim-label");
      gtk_widget_add_css_class (label, "caption-heading");
      gtk_box_append (self->features_box, label);

      for (guint f = 0; f < features->len; f++)
        {
          PortolanFeature *feature = g_ptr_array_index (features, f);
          PortolanFeature *rival;
          GtkWidget *button;

          if (!g_str_equal (portolan_feature_get_group (feature), group->id))
            continue;

          button = gtk_check_button_new_with_label (portolan_feature_get_name (feature));
          gtk_widget_set_tooltip_text (button, portolan_feature_get_description (feature));
          g_object_set_data_full (G_OBJECT (button), "feature-id",
                                  g_strdup (portolan_feature_get_id (feature)), g_free);
          /* The database is one choice of several: radio buttons, joined
           * to one already built */
          if ((rival = portolan_catalogue_find_rival (catalogue, self->feature_buttons, feature)) != NULL)
            {
              GtkWidget *other = g_hash_table_lookup (self->feature_buttons, portolan_feature_get_id (rival));

              gtk_check_button_set_group (GTK_CHECK_BUTTON (button), GTK_CHECK_BUTTON (other));
              g_object_set_data (G_OBJECT (button), "radio", GINT_TO_POINTER (TRUE));
              g_object_set_data (G_OBJECT (other), "radio", GINT_TO_POINTER (TRUE));
            }
          g_signal_connect (button, "toggled", G_CALLBACK (feature_toggled_cb), self);
          g_hash_table_insert (self->feature_buttons, g_strdup (portolan_feature_get_id (feature)), button);
          gtk_box_append (self->features_box, button);
        }
    }
}

/* --- Direction --- */

static const char *
role_id_at (PortolanSidePane *self,
            guint             position)
{
  GPtrArray *roles = portolan_catalogue_get_roles (get_catalogue (self));

  return position < roles->len ? portolan_role_get_id (g_ptr_array_index (roles, position)) : NULL;
}

static guint
role_position (PortolanSidePane *self,
               const char       *role_id)
{
  GPtrArray *roles = portolan_catalogue_get_roles (get_catalogue (self));

  for (guint i = 0; i < roles->len; i++)
    if (g_strcmp0 (portolan_role_get_id (g_ptr_array_index (roles, i)), role_id) == 0)
      return i;

  return GTK_INVALID_LIST_POSITION;
}

const char *
portolan_side_pane_get_source (PortolanSidePane *self)
{
  g_return_val_if_fail (PORTOLAN_IS_SIDE_PANE (self), NULL);

  return role_id_at (self, gtk_drop_down_get_selected (self->source_dropdown));
}

const char *
portolan_side_pane_get_target (PortolanSidePane *self)
{
  guint position;

  g_return_val_if_fail (PORTOLAN_IS_SIDE_PANE (self), NULL);

  /* The first entry is "All roles" */
  position = gtk_drop_down_get_selected (self->target_dropdown);
  return position == 0 ? PORTOLAN_TARGET_ALL : role_id_at (self, position - 1);
}

void
portolan_side_pane_set_direction (PortolanSidePane *self,
                                  const char       *source,
                                  const char       *target)
{
  guint position;

  g_return_if_fail (PORTOLAN_IS_SIDE_PANE (self));

  if ((position = role_position (self, source)) != GTK_INVALID_LIST_POSITION)
    gtk_drop_down_set_selected (self->source_dropdown, position);

  if (g_strcmp0 (target, PORTOLAN_TARGET_ALL) == 0)
    gtk_drop_down_set_selected (self->target_dropdown, 0);
  else if ((position = role_position (self, target)) != GTK_INVALID_LIST_POSITION)
    gtk_drop_down_set_selected (self->target_dropdown, position + 1);
}

static void
direction_changed_cb (PortolanSidePane *self)
{
  if (!self->syncing)
    g_signal_emit (self, signals[ROUTE_CHANGED], 0);
}

static void
build_direction (PortolanSidePane *self)
{
  GPtrArray *roles = portolan_catalogue_get_roles (get_catalogue (self));
  g_autoptr(GtkStringList) sources = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) targets = gtk_string_list_new (NULL);

  gtk_string_list_append (targets, _("All Roles"));
  for (guint i = 0; i < roles->len; i++)
    {
      const char *name = portolan_role_get_name (g_ptr_array_index (roles, i));

      gtk_string_list_append (sources, name);
      gtk_string_list_append (targets, name);
    }

  self->syncing = TRUE;
  gtk_drop_down_set_model (self->source_dropdown, G_LIST_MODEL (sources));
  gtk_drop_down_set_model (self->target_dropdown, G_LIST_MODEL (targets));
  self->syncing = FALSE;
}

/* --- The profile --- */

static void
sync_from_profile (PortolanSidePane *self)
{
  GHashTableIter iter;
  gpointer key, value;

  self->syncing = TRUE;

  g_hash_table_iter_init (&iter, self->feature_buttons);
  while (g_hash_table_iter_next (&iter, &key, &value))
    gtk_check_button_set_active (value, portolan_profile_has_feature (self->profile, key));

  gtk_spin_button_set_value (self->timeout_spin, portolan_profile_get_timeout_ms (self->profile));

  self->syncing = FALSE;

  g_hash_table_iter_init (&iter, self->host_rows);
  while (g_hash_table_iter_next (&iter, &key, &value))
    sync_host_row (self, value);
}

static void
timeout_changed_cb (GtkSpinButton    *spin,
                    PortolanSidePane *self)
{
  if (!self->syncing)
    portolan_profile_set_timeout_ms (self->profile, gtk_spin_button_get_value_as_int (spin), NULL);
}

void
portolan_side_pane_set_profile (PortolanSidePane *self,
                                PortolanProfile  *profile)
{
  gboolean new_catalogue;

  g_return_if_fail (PORTOLAN_IS_SIDE_PANE (self));
  g_return_if_fail (PORTOLAN_IS_PROFILE (profile));

  if (self->profile == profile)
    return;

  new_catalogue = self->profile == NULL || get_catalogue (self) != portolan_profile_get_catalogue (profile);
  if (self->profile != NULL)
    g_signal_handlers_disconnect_by_func (self->profile, sync_from_profile, self);

  /* The rows and their drafts belong to the old profile */
  g_hash_table_remove_all (self->host_rows);
  g_set_object (&self->profile, profile);
  g_signal_connect_swapped (profile, "changed", G_CALLBACK (sync_from_profile), self);
  if (new_catalogue)
    {
      g_clear_object (&self->scratch);
      self->scratch = portolan_profile_new (portolan_profile_get_catalogue (profile));
      build_direction (self);
      build_features (self);
    }

  sync_from_profile (self);
  update_host_problem (self);
}

/* --- GObject --- */

static void
portolan_side_pane_dispose (GObject *object)
{
  PortolanSidePane *self = (PortolanSidePane *)object;

  if (self->profile != NULL)
    g_signal_handlers_disconnect_by_func (self->profile, sync_from_profile, self);
  g_hash_table_remove_all (self->host_rows);

  gtk_widget_dispose_template (GTK_WIDGET (self), PORTOLAN_TYPE_SIDE_PANE);
  g_clear_object (&self->profile);
  g_clear_object (&self->scratch);

  G_OBJECT_CLASS (portolan_side_pane_parent_class)->dispose (object);
}

static void
portolan_side_pane_finalize (GObject *object)
{
  PortolanSidePane *self = (PortolanSidePane *)object;

  g_hash_table_unref (self->host_rows);
  g_hash_table_unref (self->feature_buttons);
  g_free (self->host_problem);

  G_OBJECT_CLASS (portolan_side_pane_parent_class)->finalize (object);
}

static void
portolan_side_pane_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  PortolanSidePane *self = PORTOLAN_SIDE_PANE (object);

  switch (prop_id)
    {
    case PROP_HOST_PROBLEM:
      g_value_set_string (value, self->host_problem);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
portolan_side_pane_class_init (PortolanSidePaneClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = portolan_side_pane_dispose;
  object_class->finalize = portolan_side_pane_finalize;
  object_class->get_property = portolan_side_pane_get_property;

  /**
   * PortolanSidePane:host-problem:
   *
   * While a host entry of a role in the plan holds hosts that are not
   * right, what to fix ("Fix the host of … first: …"); %NULL otherwise.
   * Nothing may be probed while it is set.
   */
  properties[PROP_HOST_PROBLEM] =
    g_param_spec_string ("host-problem", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * PortolanSidePane::commit-hosts:
   *
   * Puts what every host entry says into the profile, before a run or a
   * save, where the admin may not have left the entry yet.
   *
   * Returns: %FALSE, and nothing changed, while an entry has a mistake
   */
  signals[COMMIT_HOSTS] =
    g_signal_new_class_handler ("commit-hosts",
                                G_TYPE_FROM_CLASS (klass),
                                G_SIGNAL_RUN_LAST | G_SIGNAL_ACTION,
                                G_CALLBACK (commit_hosts),
                                g_signal_accumulator_first_wins, NULL, NULL,
                                G_TYPE_BOOLEAN, 0);

  /**
   * PortolanSidePane::route-changed:
   *
   * The admin chose another source or target role.
   */
  signals[ROUTE_CHANGED] =
    g_signal_new ("route-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/portolan-side-pane.ui");
  gtk_widget_class_bind_template_child (widget_class, PortolanSidePane, scroller);
  gtk_widget_class_bind_template_child (widget_class, PortolanSidePane, source_dropdown);
  gtk_widget_class_bind_template_child (widget_class, PortolanSidePane, target_dropdown);
  gtk_widget_class_bind_template_child (widget_class, PortolanSidePane, hosts_box);
  gtk_widget_class_bind_template_child (widget_class, PortolanSidePane, features_box);
  gtk_widget_class_bind_template_child (widget_class, PortolanSidePane, timeout_spin);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
portolan_side_pane_init (PortolanSidePane *self)
{
  self->host_rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, remove_host_row);
  self->feature_buttons = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect_swapped (self->source_dropdown, "notify::selected", G_CALLBACK (direction_changed_cb), self);
  g_signal_connect_swapped (self->target_dropdown, "notify::selected", G_CALLBACK (direction_changed_cb), self);
  g_signal_connect (self->timeout_spin, "value-changed", G_CALLBACK (timeout_changed_cb), self);
}
