/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-results-view.c: the results list follows, sorts and selects checks */
#include "config.h"

#include "portolan-resources.h"
#include "portolan-results-view.h"
#include "portolan-test-time.h"

typedef struct
{
  PortolanCatalogue   *catalogue;
  PortolanProfile     *profile;
  PortolanPlan        *plan;
  GtkWindow           *window;
  PortolanResultsView *view;
  GPtrArray           *selected;   /* what check-selected said, in order */
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  const char *hosts[] = { "127.0.0.1", NULL };
  g_autoptr(GError) error = NULL;

  f->catalogue = portolan_catalogue_new_builtin (&error);
  g_assert_no_error (error);
  f->profile = portolan_profile_new (f->catalogue);
  g_assert_true (portolan_profile_set_hosts (f->profile, "os11-device", hosts, &error));
  g_assert_no_error (error);
  f->plan = portolan_plan_new (f->profile, "ums-server", "os11-device", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (portolan_plan_get_checks (f->plan)->len, >=, 3);
  f->selected = g_ptr_array_new_with_free_func (g_object_unref);

  /* A real window, so that the list makes its rows */
  f->window = GTK_WINDOW (gtk_window_new ());
  g_object_ref (f->window);
  f->view = g_object_new (PORTOLAN_TYPE_RESULTS_VIEW, NULL);
  g_object_ref (f->view);
  gtk_window_set_child (f->window, GTK_WIDGET (f->view));
  gtk_window_set_default_size (f->window, 1200, 800);
  portolan_results_view_set_checks (f->view, portolan_plan_get_checks (f->plan));
  gtk_window_present (f->window);
  while (!gtk_widget_get_mapped (GTK_WIDGET (f->view)))
    g_main_context_iteration (NULL, TRUE);
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gtk_window_destroy (f->window);
  while (g_main_context_iteration (NULL, FALSE))
    ;

  /* Nothing else holds on to the view, the window or the checks */
  g_clear_pointer (&f->selected, g_ptr_array_unref);
  g_assert_finalize_object (f->window);
  g_assert_finalize_object (f->view);
  g_assert_finalize_object (f->plan);
  g_assert_finalize_object (f->profile);
  g_clear_object (&f->catalogue);
}

static GtkWidget *
find_label (GtkWidget  *widget,
            const char *text)
{
  if (GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0)
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_label (child, text);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static GtkWidget *
find_list_view (PortolanResultsView *view)
{
  GtkWidget *column_view = gtk_widget_get_first_child (gtk_widget_get_first_child (GTK_WIDGET (view)));

  g_assert_true (GTK_IS_COLUMN_VIEW (column_view));
  for (GtkWidget *child = gtk_widget_get_first_child (column_view); child; child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_VIEW (child))
      return child;

  g_assert_not_reached ();
}

/* The label of the state column in the row of @check, which the test
 * finds by its port, the only one of its kind in the plan */
static GtkLabel *
state_label_of (Fixture       *f,
                PortolanCheck *check)
{
  g_autofree char *port = portolan_check_format_port (check);
  GtkWidget *list_view = find_list_view (f->view);
  GtkWidget *row = find_label (list_view, port);
  GtkWidget *label;

  g_assert_nonnull (row);
  while (gtk_widget_get_parent (row) != list_view)
    row = gtk_widget_get_parent (row);

  /* The state is the first column */
  for (label = gtk_widget_get_first_child (row); !GTK_IS_LABEL (label); label = gtk_widget_get_first_child (label))
    g_assert_nonnull (label);
  return GTK_LABEL (label);
}

/* A check whose port and protocol no other check of the plan has */
static PortolanCheck *
unique_check (Fixture *f,
              guint    nth)
{
  GPtrArray *checks = portolan_plan_get_checks (f->plan);

  for (guint i = 0; i < checks->len; i++)
    {
      PortolanCheck *check = g_ptr_array_index (checks, i);
      g_autofree char *port = portolan_check_format_port (check);
      guint same = 0;

      for (guint j = 0; j < checks->len; j++)
        {
          g_autofree char *other = portolan_check_format_port (g_ptr_array_index (checks, j));

          same += g_str_equal (port, other);
        }
      if (same == 1 && nth-- == 0)
        return check;
    }

  g_assert_not_reached ();
}

static void
assert_state_shown (Fixture       *f,
                    PortolanCheck *check,
                    PortolanState  state)
{
  GtkLabel *label = state_label_of (f, check);
  g_autofree char *text = g_strdup_printf ("%s %s", portolan_state_get_symbol (state), portolan_state_get_label (state));

  g_assert_cmpstr (gtk_label_get_text (label), ==, text);
  for (PortolanState s = 0; s < PORTOLAN_N_STATES; s++)
    g_assert_cmpint (gtk_widget_has_css_class (GTK_WIDGET (label), portolan_state_get_css_name (s)), ==, s == state);
}

/* The row shows the result as it arrives, before any sorting */
static void
test_state_follows (Fixture       *f,
                    gconstpointer  data)
{
  PortolanCheck *check = unique_check (f, 0);

  assert_state_shown (f, check, PORTOLAN_STATE_PENDING);

  portolan_check_set_result (check, PORTOLAN_STATE_CLOSED, "127.0.0.1", 0.3, "connection refused", NULL);
  assert_state_shown (f, check, PORTOLAN_STATE_CLOSED);
  g_assert_nonnull (find_label (GTK_WIDGET (f->view), "connection refused"));
  g_assert_nonnull (find_label (GTK_WIDGET (f->view), "0.3 ms"));

  portolan_check_reset (check);
  assert_state_shown (f, check, PORTOLAN_STATE_PENDING);
}

static guint
position_of (GListModel    *model,
             PortolanCheck *check)
{
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(PortolanCheck) item = g_list_model_get_item (model, i);

      if (item == check)
        return i;
    }

  g_assert_not_reached ();
}

static GtkColumnViewColumn *
column (Fixture *f,
        guint    position)
{
  GtkWidget *column_view = gtk_widget_get_parent (find_list_view (f->view));
  GtkColumnViewColumn *column = g_list_model_get_item (gtk_column_view_get_columns (GTK_COLUMN_VIEW (column_view)), position);

  g_object_unref (column);
  return column;
}

/* Sorted by state, the worst comes first, by the core's one order */
static void
test_sort_by_severity (Fixture       *f,
                       gconstpointer  data)
{
  GListModel *model = portolan_results_view_get_model (f->view);
  GtkWidget *column_view = gtk_widget_get_parent (find_list_view (f->view));
  PortolanCheck *open = unique_check (f, 0);
  PortolanCheck *closed = unique_check (f, 1);
  guint n = g_list_model_get_n_items (model);
  gint64 until;
  guint was;

  /* Sorted by port, first */
  gtk_column_view_sort_by_column (GTK_COLUMN_VIEW (column_view), column (f, 1), GTK_SORT_ASCENDING);
  for (guint i = 1; i < n; i++)
    {
      g_autoptr(PortolanCheck) a = g_list_model_get_item (model, i - 1);
      g_autoptr(PortolanCheck) b = g_list_model_get_item (model, i);

      g_assert_cmpuint (portolan_check_get_port (a), <=, portolan_check_get_port (b));
    }

  portolan_check_set_result (open, PORTOLAN_STATE_OPEN, "127.0.0.1", 0.2, NULL, NULL);
  portolan_check_set_result (closed, PORTOLAN_STATE_CLOSED, "127.0.0.1", 0.2, "connection refused", NULL);
  gtk_column_view_sort_by_column (GTK_COLUMN_VIEW (column_view), column (f, 0), GTK_SORT_ASCENDING);

  g_assert_cmpuint (position_of (model, closed), ==, 0);
  g_assert_cmpuint (position_of (model, open), >, position_of (model, closed));
  for (guint i = 1; i < n; i++)
    {
      g_autoptr(PortolanCheck) a = g_list_model_get_item (model, i - 1);
      g_autoptr(PortolanCheck) b = g_list_model_get_item (model, i);

      g_assert_cmpint (portolan_state_compare_severity (portolan_check_get_state (a), portolan_check_get_state (b)), >=, 0);
    }

  /* A result that arrives later moves its row once results pause: a
   * warning, after the closed port and before the rest */
  was = position_of (model, open);
  g_assert_cmpuint (was, >, 1);
  portolan_check_set_result (open, PORTOLAN_STATE_WARNING, "127.0.0.1", 0.2, "another service answered", NULL);
  g_assert_cmpuint (position_of (model, open), ==, was);
  until = g_get_monotonic_time () + portolan_test_scale_us (5 * G_USEC_PER_SEC);
  while (position_of (model, open) == was && g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpuint (position_of (model, closed), ==, 0);
  g_assert_cmpuint (position_of (model, open), ==, 1);
}

static void
check_selected_cb (PortolanResultsView *view,
                   PortolanCheck       *check,
                   Fixture             *f)
{
  g_ptr_array_add (f->selected, check ? g_object_ref (check) : NULL);
}

/* Selecting a row says which check it is; selecting from the graph
 * (select_link) says nothing, as the graph already knows */
static void
test_check_selected (Fixture       *f,
                     gconstpointer  data)
{
  GListModel *model = portolan_results_view_get_model (f->view);
  g_autoptr(PortolanCheck) second = g_list_model_get_item (model, 1);
  PortolanCheck *check = unique_check (f, 0);
  const char *link_id = portolan_link_get_id (portolan_check_get_link (check));
  g_autoptr(PortolanCheck) selected = NULL;

  g_signal_connect (f->view, "check-selected", G_CALLBACK (check_selected_cb), f);

  /* As a click does */
  g_assert_true (gtk_widget_activate_action (find_list_view (f->view), "list.select-item", "(ubb)", 1, FALSE, FALSE));
  g_assert_cmpuint (f->selected->len, ==, 1);
  g_assert_true (g_ptr_array_index (f->selected, 0) == second);
  g_assert_true (portolan_results_view_get_selected (f->view) == second);

  portolan_results_view_select_link (f->view, link_id);
  g_assert_cmpuint (f->selected->len, ==, 1);
  g_assert_cmpstr (portolan_link_get_id (portolan_check_get_link (portolan_results_view_get_selected (f->view))), ==, link_id);

  portolan_results_view_select_link (f->view, NULL);
  g_assert_cmpuint (f->selected->len, ==, 1);
  g_assert_null (portolan_results_view_get_selected (f->view));

  g_signal_handlers_disconnect_by_func (f->view, check_selected_cb, f);
}

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  /* The application does this in the program */
  portolan_register_resource ();

  g_test_add ("/results-view/state-follows", Fixture, NULL,
              fixture_set_up, test_state_follows, fixture_tear_down);
  g_test_add ("/results-view/sort-by-severity", Fixture, NULL,
              fixture_set_up, test_sort_by_severity, fixture_tear_down);
  g_test_add ("/results-view/check-selected", Fixture, NULL,
              fixture_set_up, test_check_selected, fixture_tear_down);

  return g_test_run ();
}
