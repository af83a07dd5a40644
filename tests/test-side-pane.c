/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-side-pane.c: the feature switches and host rows of the side pane, and the profile */
#include "config.h"

#include "portolan-resources.h"
#include "portolan-side-pane.h"

typedef struct
{
  PortolanCatalogue *catalogue;
  PortolanProfile   *profile;
  PortolanSidePane  *pane;
  guint              changed;
} Fixture;

static void
count_cb (PortolanProfile *profile,
          guint           *count)
{
  (*count)++;
}

static void
set_up (Fixture    *f,
        const char *catalogue_file)
{
  g_autoptr(GError) error = NULL;

  if (catalogue_file == NULL)
    f->catalogue = portolan_catalogue_new_builtin (&error);
  else
    {
      g_autoptr(GFile) file = g_file_new_for_path (g_test_get_filename (G_TEST_DIST, catalogue_file, NULL));

      f->catalogue = portolan_catalogue_new_from_file (file, &error);
    }
  g_assert_no_error (error);

  f->profile = portolan_profile_new (f->catalogue);
  f->pane = g_object_ref_sink (g_object_new (PORTOLAN_TYPE_SIDE_PANE, NULL));
  portolan_side_pane_set_profile (f->pane, f->profile);
  g_signal_connect (f->profile, "changed", G_CALLBACK (count_cb), &f->changed);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  set_up (f, data);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_assert_finalize_object (f->pane);
  g_assert_finalize_object (f->profile);
  g_assert_finalize_object (f->catalogue);
}

/* The switch labelled @label, anywhere below @widget */
static GtkCheckButton *
find_switch (GtkWidget  *widget,
             const char *label)
{
  if (GTK_IS_CHECK_BUTTON (widget) &&
      g_strcmp0 (gtk_check_button_get_label (GTK_CHECK_BUTTON (widget)), label) == 0)
    return GTK_CHECK_BUTTON (widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkCheckButton *found = find_switch (child, label);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static GtkCheckButton *
switch_of (Fixture    *f,
           const char *feature_id)
{
  PortolanFeature *feature = portolan_catalogue_lookup_feature (f->catalogue, feature_id);
  GtkCheckButton *button = find_switch (GTK_WIDGET (f->pane), portolan_feature_get_name (feature));

  g_assert_nonnull (button);
  return button;
}

static void
assert_switch (Fixture    *f,
               const char *feature_id,
               gboolean    in_use)
{
  g_test_message ("%s", feature_id);
  g_assert_cmpint (portolan_profile_has_feature (f->profile, feature_id), ==, in_use);
  g_assert_cmpint (gtk_check_button_get_active (switch_of (f, feature_id)), ==, in_use);
}

/* The database is a choice of radio buttons: one click, one change */
static void
test_database_choice (Fixture       *f,
                      gconstpointer  data)
{
  assert_switch (f, "derby", TRUE);

  gtk_check_button_set_active (switch_of (f, "mssql"), TRUE);
  g_assert_cmpuint (f->changed, ==, 1);
  assert_switch (f, "mssql", TRUE);
  assert_switch (f, "derby", FALSE);

  /* A change of the profile moves the choice in the pane */
  portolan_profile_set_feature (f->profile, "oracle", TRUE);
  assert_switch (f, "oracle", TRUE);
  assert_switch (f, "mssql", FALSE);
}

/* Exclusive groups do not share one set of radio buttons, and the only
 * feature of its exclusive group is a switch like any other */
static void
test_exclusive_groups (Fixture       *f,
                       gconstpointer  data)
{
  gtk_check_button_set_active (switch_of (f, "a2"), TRUE);
  g_assert_cmpuint (f->changed, ==, 1);
  assert_switch (f, "a2", TRUE);
  assert_switch (f, "a1", FALSE);
  assert_switch (f, "b1", TRUE);

  gtk_check_button_set_active (switch_of (f, "b1"), FALSE);
  g_assert_cmpuint (f->changed, ==, 2);
  assert_switch (f, "b1", FALSE);
  assert_switch (f, "a2", TRUE);

  gtk_check_button_set_active (switch_of (f, "c2"), TRUE);
  assert_switch (f, "c1", TRUE);
  assert_switch (f, "c2", TRUE);
}

/* A host row holds a draft: its mistake shows beneath it at once, and
 * only a right one goes into the profile, when the admin is done */
static void
test_host_rows (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GPtrArray) roles = g_ptr_array_new ();
  g_autofree char *problem = NULL;
  GtkWidget *entry;

  g_ptr_array_add (roles, (gpointer) "os11-device");
  portolan_side_pane_set_roles_in_play (f->pane, roles);
  entry = portolan_side_pane_get_host_entry (f->pane, "os11-device");
  g_assert_nonnull (entry);
  g_assert_null (portolan_side_pane_get_host_entry (f->pane, "os12-device"));
  g_assert_cmpstr (gtk_entry_get_placeholder_text (GTK_ENTRY (entry)), ==, "No host: its checks are skipped");

  gtk_editable_set_text (GTK_EDITABLE (entry), "10.0.0.300");
  g_assert_true (gtk_widget_has_css_class (entry, "error"));
  g_object_get (f->pane, "host-problem", &problem, NULL);
  g_assert_true (g_str_has_prefix (problem, "Fix the host of IGEL OS 11 Device first: "));
  g_signal_emit_by_name (entry, "activate");
  g_assert_null (portolan_profile_get_hosts (f->profile, "os11-device"));
  g_assert_cmpuint (f->changed, ==, 0);

  gtk_editable_set_text (GTK_EDITABLE (entry), "10.0.0.30, 10.0.0.31");
  g_assert_false (gtk_widget_has_css_class (entry, "error"));
  g_clear_pointer (&problem, g_free);
  g_object_get (f->pane, "host-problem", &problem, NULL);
  g_assert_null (problem);
  g_assert_null (portolan_profile_get_hosts (f->profile, "os11-device"));
  g_signal_emit_by_name (entry, "activate");
  g_assert_cmpuint (f->changed, ==, 1);
  g_assert_cmpstr (portolan_profile_get_hosts (f->profile, "os11-device")[1], ==, "10.0.0.31");

  /* The profile's hosts show in a row that is not a draft */
  g_assert_true (portolan_profile_set_hosts (f->profile, "os11-device", (const char *[]) { "10.1.2.0/24", NULL }, NULL));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "10.1.2.0/24");

  /* A role out of play takes its row along */
  g_ptr_array_set_size (roles, 0);
  portolan_side_pane_set_roles_in_play (f->pane, roles);
  g_assert_null (portolan_side_pane_get_host_entry (f->pane, "os11-device"));
}

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  /* The application does this in the program */
  portolan_register_resource ();

  g_test_add ("/side-pane/database-choice", Fixture, NULL,
              fixture_set_up, test_database_choice, fixture_tear_down);
  g_test_add ("/side-pane/host-rows", Fixture, NULL,
              fixture_set_up, test_host_rows, fixture_tear_down);
  g_test_add ("/side-pane/exclusive-groups", Fixture, "catalogue-groups.json",
              fixture_set_up, test_exclusive_groups, fixture_tear_down);

  return g_test_run ();
}
