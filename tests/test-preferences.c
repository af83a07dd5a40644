/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-preferences.c: the preferences' rows and the profile they edit */
#include "config.h"

#include "portolan-fingerprint-row.h"
#include "portolan-preferences-window.h"
#include "portolan-resources.h"

#define FINGERPRINT "AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89"

typedef struct
{
  PortolanCatalogue         *catalogue;
  PortolanProfile           *profile;
  PortolanPreferencesWindow *window;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->catalogue = portolan_catalogue_new_builtin (&error);
  g_assert_no_error (error);
  f->profile = portolan_profile_new (f->catalogue);
  f->window = PORTOLAN_PREFERENCES_WINDOW (portolan_preferences_window_new (NULL, f->profile));
  g_object_ref (f->window);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_finalize_object (f->window);
  g_assert_finalize_object (f->profile);
  g_assert_finalize_object (f->catalogue);
}

static void
find_fingerprint_rows (GtkWidget *widget,
                       GPtrArray *rows)
{
  if (PORTOLAN_IS_FINGERPRINT_ROW (widget))
    g_ptr_array_add (rows, widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    find_fingerprint_rows (child, rows);
}

static PortolanFingerprintRow *
find_fingerprint_row (Fixture    *f,
                      const char *title)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();

  find_fingerprint_rows (GTK_WIDGET (f->window), rows);
  for (guint i = 0; i < rows->len; i++)
    if (g_strcmp0 (adw_preferences_row_get_title (g_ptr_array_index (rows, i)), title) == 0)
      return g_ptr_array_index (rows, i);

  g_error ("no fingerprint row for %s", title);
  return NULL;
}

/* A role that answers with TLS has a row; one that never does has none */
static void
test_fingerprint_rows (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  gboolean has_database = FALSE;

  find_fingerprint_rows (GTK_WIDGET (f->window), rows);
  g_assert_cmpuint (rows->len, >, 0);
  for (guint i = 0; i < rows->len; i++)
    {
      g_assert_true (ADW_IS_ENTRY_ROW (g_ptr_array_index (rows, i)));
      has_database |= g_strcmp0 (adw_preferences_row_get_title (g_ptr_array_index (rows, i)), "Apache Derby") == 0;
    }
  g_assert_false (has_database);
  g_assert_nonnull (find_fingerprint_row (f, "UMS Server"));
}

/* A bad fingerprint is said on its row and changes nothing; a good one
 * goes into the profile, and emptying the row unpins the role again */
static void
test_fingerprint_validation (Fixture       *f,
                             gconstpointer  data)
{
  PortolanFingerprintRow *row = find_fingerprint_row (f, "UMS Server");
  GtkLabel *problem = GTK_LABEL (gtk_widget_get_template_child (GTK_WIDGET (f->window), PORTOLAN_TYPE_PREFERENCES_WINDOW,
                                                                "fingerprint_problem_label"));

  g_assert_null (portolan_fingerprint_row_get_error (row));
  gtk_editable_set_text (GTK_EDITABLE (row), "AB:CD:zz");
  g_assert_nonnull (strstr (portolan_fingerprint_row_get_error (row), "is not a SHA-256 fingerprint"));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (row), "error"));
  g_assert_null (portolan_profile_get_fingerprint (f->profile, "ums-server"));
  /* Said in words below the group, with the role it is about */
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (problem)));
  g_assert_true (g_str_has_prefix (gtk_label_get_text (problem), "UMS Server: "));
  g_assert_nonnull (strstr (gtk_label_get_text (problem), "is not a SHA-256 fingerprint"));

  gtk_editable_set_text (GTK_EDITABLE (row), FINGERPRINT);
  g_assert_null (portolan_fingerprint_row_get_error (row));
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (row), "error"));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (problem)));
  g_assert_nonnull (portolan_profile_get_fingerprint (f->profile, "ums-server"));

  gtk_editable_set_text (GTK_EDITABLE (row), "");
  g_assert_null (portolan_fingerprint_row_get_error (row));
  g_assert_null (portolan_profile_get_fingerprint (f->profile, "ums-server"));
}

/* "This proxy" needs a URL that names one; until then the profile keeps
 * the proxy it had */
static void
test_proxy_validation (Fixture       *f,
                       gconstpointer  data)
{
  AdwComboRow *proxy_row = ADW_COMBO_ROW (gtk_widget_get_template_child (GTK_WIDGET (f->window), PORTOLAN_TYPE_PREFERENCES_WINDOW, "proxy_row"));
  AdwEntryRow *url_row = ADW_ENTRY_ROW (gtk_widget_get_template_child (GTK_WIDGET (f->window), PORTOLAN_TYPE_PREFERENCES_WINDOW, "proxy_url_row"));
  GtkLabel *problem = GTK_LABEL (gtk_widget_get_template_child (GTK_WIDGET (f->window), PORTOLAN_TYPE_PREFERENCES_WINDOW, "proxy_problem_label"));

  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (url_row)));
  adw_combo_row_set_selected (proxy_row, PORTOLAN_PROXY_URL);
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (url_row)));
  g_assert_cmpstr (portolan_preferences_window_get_proxy_problem (f->window), ==, "Enter the proxy's URL");
  g_assert_cmpstr (gtk_label_get_text (problem), ==, "Enter the proxy's URL");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (problem)));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (url_row), "error"));
  g_assert_cmpint (portolan_profile_get_proxy (f->profile), ==, PORTOLAN_PROXY_SYSTEM);

  gtk_editable_set_text (GTK_EDITABLE (url_row), "ftp://proxy.example.com");
  g_assert_nonnull (strstr (portolan_preferences_window_get_proxy_problem (f->window), "is not a proxy Portolan can use"));
  g_assert_cmpint (portolan_profile_get_proxy (f->profile), ==, PORTOLAN_PROXY_SYSTEM);

  gtk_editable_set_text (GTK_EDITABLE (url_row), "http://proxy.example.com:3128");
  g_assert_null (portolan_preferences_window_get_proxy_problem (f->window));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (problem)));
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (url_row), "error"));
  g_assert_cmpint (portolan_profile_get_proxy (f->profile), ==, PORTOLAN_PROXY_URL);
  g_assert_cmpstr (portolan_profile_get_proxy_url (f->profile), ==, "http://proxy.example.com:3128");

  adw_combo_row_set_selected (proxy_row, PORTOLAN_PROXY_NONE);
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (url_row)));
  g_assert_cmpint (portolan_profile_get_proxy (f->profile), ==, PORTOLAN_PROXY_NONE);
}

static void
test_concurrency (Fixture       *f,
                  gconstpointer  data)
{
  GtkSpinButton *spin = GTK_SPIN_BUTTON (gtk_widget_get_template_child (GTK_WIDGET (f->window), PORTOLAN_TYPE_PREFERENCES_WINDOW, "concurrency_spin"));

  g_assert_cmpint (gtk_spin_button_get_value_as_int (spin), ==, portolan_profile_get_concurrency (f->profile));
  gtk_spin_button_set_value (spin, 64);
  g_assert_cmpuint (portolan_profile_get_concurrency (f->profile), ==, 64);
}

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  portolan_register_resource ();

  g_test_add ("/preferences/fingerprint/rows", Fixture, NULL, fixture_set_up, test_fingerprint_rows, fixture_tear_down);
  g_test_add ("/preferences/fingerprint/validation", Fixture, NULL, fixture_set_up, test_fingerprint_validation, fixture_tear_down);
  g_test_add ("/preferences/proxy/validation", Fixture, NULL, fixture_set_up, test_proxy_validation, fixture_tear_down);
  g_test_add ("/preferences/concurrency", Fixture, NULL, fixture_set_up, test_concurrency, fixture_tear_down);

  return g_test_run ();
}
