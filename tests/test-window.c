/* test-window.c: the window in a real display, driven as an admin would */
#include "config.h"

#include <glib/gstdio.h>

#include "portolan-application.h"
#include "portolan-details-view.h"
#include "portolan-graph-view.h"
#include "portolan-results-view.h"
#include "portolan-side-pane.h"
#include "portolan-window.h"
#include "portolan-test-certs.h"
#include "portolan-test-servers.h"

#define TIMEOUT_SECONDS 20

typedef void (*WindowTestFunc) (PortolanWindow *window);

typedef struct
{
  PortolanApplication *application;
  PortolanWindow      *window;
  WindowTestFunc       func;
  guint                poll_id;
} Fixture;

static PortolanTestCerts *certs;

static gboolean
timed_out_cb (gpointer data)
{
  g_error ("the test did not finish within %d seconds", TIMEOUT_SECONDS);
  return G_SOURCE_REMOVE;
}

static void
iterate_until (gboolean (*done) (PortolanWindow *), PortolanWindow *window)
{
  while (!done (window))
    g_main_context_iteration (NULL, TRUE);
}

static gboolean
is_idle (PortolanWindow *window)
{
  return !portolan_window_is_running (window);
}

static gboolean
poll_window_cb (gpointer data)
{
  Fixture *f = data;

  f->window = PORTOLAN_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (f->application)));
  if (f->window == NULL || !gtk_widget_get_mapped (GTK_WIDGET (f->window)))
    return G_SOURCE_CONTINUE;

  f->poll_id = 0;
  f->func (f->window);

  /* Closing the last window ends the application; the window must go */
  g_object_add_weak_pointer (G_OBJECT (f->window), (gpointer *) &f->window);
  gtk_window_close (GTK_WINDOW (f->window));

  return G_SOURCE_REMOVE;
}

/* Runs @func on a fresh application's window, then closes it and checks
 * that the window and the application are freed */
static void
run_in_window (gconstpointer data)
{
  Fixture f = { .func = (WindowTestFunc) data };
  guint timeout_id;

  f.application = portolan_application_new (G_APPLICATION_NON_UNIQUE);
  timeout_id = g_timeout_add_seconds (TIMEOUT_SECONDS, timed_out_cb, NULL);
  f.poll_id = g_timeout_add (20, poll_window_cb, &f);

  g_assert_cmpint (g_application_run (G_APPLICATION (f.application), 0, NULL), ==, 0);

  g_assert_cmpuint (f.poll_id, ==, 0);
  g_assert_null (f.window);
  g_source_remove (timeout_id);
  g_assert_finalize_object (f.application);
}

static void
activate (PortolanWindow *window,
          const char     *action,
          const char     *role)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), action, "s", role));
}

static PortolanCheck *
find_check_to (PortolanWindow *window,
               const char     *link_id,
               const char     *host)
{
  GListModel *model = portolan_results_view_get_model (PORTOLAN_RESULTS_VIEW (portolan_window_get_part (window, "results-view")));

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(PortolanCheck) check = g_list_model_get_item (model, i);

      if (g_str_equal (portolan_link_get_id (portolan_check_get_link (check)), link_id) &&
          (host == NULL || g_strcmp0 (portolan_check_get_host (check), host) == 0))
        return check;
    }

  g_error ("no check of %s in the results", link_id);
  return NULL;
}

static PortolanCheck *
find_check (PortolanWindow *window,
            const char     *link_id)
{
  return find_check_to (window, link_id, NULL);
}

static void
assert_chip (PortolanWindow *window,
             const char     *link_id,
             const char     *from,
             const char     *to,
             PortolanState   expected)
{
  PortolanRenderer *renderer = portolan_graph_view_get_renderer (
    PORTOLAN_GRAPH_VIEW (portolan_window_get_part (window, "graph-view")));
  PortolanRendererChipStyle style;
  PortolanState state;

  g_assert_true (portolan_renderer_get_chip_state (renderer, link_id, from, to, &style, &state));
  g_assert_cmpint (style, ==, PORTOLAN_RENDERER_CHIP_STATE);
  g_assert_cmpint (state, ==, expected);
}

static gboolean
count_frame_cb (GtkWidget     *widget,
                GdkFrameClock *clock,
                gpointer       data)
{
  (*(guint *) data)++;
  gtk_widget_queue_draw (widget);
  return G_SOURCE_CONTINUE;
}

static gboolean
status_says_saved (PortolanWindow *window)
{
  const char *status = gtk_label_get_text (GTK_LABEL (portolan_window_get_part (window, "status-label")));

  return g_str_has_prefix (status, "Saved the report");
}

static void
clipboard_read_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  char **text = user_data;

  *text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (object), result, NULL);
}

/* Export Report writes a file (the same path as the file chooser's, to a
 * path given here), and Copy Summary puts Markdown on the clipboard */
static void
assert_exports (PortolanWindow *window)
{
  g_autofree char *dir = g_dir_make_tmp ("portolan-window-XXXXXX", NULL);
  g_autofree char *pdf = g_build_filename (dir, "report.pdf", NULL);
  g_autofree char *html = g_build_filename (dir, "report.html", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *summary = NULL;
  GdkClipboard *clipboard = gtk_widget_get_clipboard (GTK_WIDGET (window));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.export-report-to", "(sb)", pdf, FALSE));
  iterate_until (status_says_saved, window);
  g_assert_true (g_file_get_contents (pdf, &contents, NULL, NULL));
  g_assert_true (g_str_has_prefix (contents, "%PDF-"));
  g_clear_pointer (&contents, g_free);

  gtk_label_set_text (GTK_LABEL (portolan_window_get_part (window, "status-label")), "");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.export-report-to", "(sb)", html, TRUE));
  iterate_until (status_says_saved, window);
  g_assert_true (g_file_get_contents (html, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "<svg"));
  /* Redacted: the host the admin gave is not in it */
  g_assert_null (strstr (contents, "localhost"));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.copy-summary", NULL));
  gdk_clipboard_read_text_async (clipboard, NULL, clipboard_read_cb, &summary);
  while (summary == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_nonnull (strstr (summary, "|"));
  g_assert_nonnull (strstr (summary, "Closed"));

  g_unlink (pdf);
  g_unlink (html);
  g_rmdir (dir);
}

static void
assert_selection_sync (PortolanWindow *window,
                       const char     *link_id,
                       const char     *to)
{
  PortolanResultsView *results = PORTOLAN_RESULTS_VIEW (portolan_window_get_part (window, "results-view"));
  PortolanGraphView *graph = PORTOLAN_GRAPH_VIEW (portolan_window_get_part (window, "graph-view"));
  PortolanRenderer *renderer = portolan_graph_view_get_renderer (graph);
  GListModel *model = portolan_results_view_get_model (results);
  const PortolanRendererHit *selected;
  g_autoptr(GPtrArray) chips = NULL;
  const char *details;

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(PortolanCheck) check = g_list_model_get_item (model, i);

      if (g_str_equal (portolan_link_get_id (portolan_check_get_link (check)), link_id))
        gtk_single_selection_set_selected (GTK_SINGLE_SELECTION (model), i);
    }

  selected = portolan_renderer_get_selection (renderer);
  g_assert_nonnull (selected);
  g_assert_cmpint (selected->kind, ==, PORTOLAN_RENDERER_HIT_CHIP);
  g_assert_true (g_strv_contains ((const char * const *) selected->link_ids, link_id));
  g_assert_cmpstr (selected->to, ==, to);
  details = portolan_details_view_get_text (PORTOLAN_DETAILS_VIEW (portolan_window_get_part (window, "details-view")));
  g_assert_nonnull (strstr (details, portolan_link_get_description (portolan_check_get_link (portolan_results_view_get_selected (results)))));

  /* Back: the graph's selection of another chip selects its row */
  gtk_single_selection_set_selected (GTK_SINGLE_SELECTION (model), GTK_INVALID_LIST_POSITION);
  g_assert_null (portolan_renderer_get_selection (renderer));
  chips = portolan_renderer_list_hits (renderer, PORTOLAN_RENDERER_HIT_CHIP);
  for (guint i = 0; i < chips->len; i++)
    {
      const PortolanRendererHit *chip = g_ptr_array_index (chips, i);

      if (g_strv_contains ((const char * const *) chip->link_ids, link_id) && g_str_equal (chip->to, to))
        g_signal_emit_by_name (graph, "selected", chip);
    }
  g_assert_nonnull (portolan_results_view_get_selected (results));
  g_assert_cmpstr (portolan_link_get_id (portolan_check_get_link (portolan_results_view_get_selected (results))), ==, link_id);
}

/* What the window looks like, for a person to look at after the tests */
static void
save_png (GtkWidget  *widget,
          const char *name)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = g_test_build_filename (G_TEST_BUILT, name, NULL);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);

  /* Let the results reach the screen first: two frames */
  guint frames = 0;
  guint tick = gtk_widget_add_tick_callback (widget, count_frame_cb, &frames, NULL);

  while (frames < 2)
    g_main_context_iteration (NULL, TRUE);
  gtk_widget_remove_tick_callback (widget, tick);

  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("saved %s", path);
}

static void
test_opens (PortolanWindow *window)
{
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "Portolan");
  g_assert_nonnull (portolan_window_get_plan (window));
  g_assert_true (gtk_widget_get_visible (portolan_window_get_part (window, "side-pane")));
}

static void
test_plan_from_actions (PortolanWindow *window)
{
  PortolanPlan *plan;
  PortolanCheck *check;

  activate (window, "win.set-source", "ums-console");
  activate (window, "win.set-target", "ums-server");
  plan = portolan_window_get_plan (window);

  g_assert_cmpstr (portolan_plan_get_source (plan), ==, "ums-console");
  g_assert_cmpstr (portolan_plan_get_target (plan), ==, "ums-server");

  /* The console's 8443 and its Web Start port, which needs SSL-only off */
  g_assert_cmpuint (portolan_plan_get_checks (plan)->len, ==, 2);
  check = find_check (window, "console-server");
  g_assert_cmpint (portolan_check_get_probe (check), ==, PORTOLAN_PROBE_NONE);
  g_assert_cmpint (portolan_check_get_state (check), ==, PORTOLAN_STATE_SKIPPED);
  g_assert_cmpint (portolan_check_get_state (find_check (window, "console-web-start")), ==, PORTOLAN_STATE_SKIPPED);

  /* A host makes the check runnable */
  g_assert_true (portolan_profile_set_hosts (portolan_window_get_profile (window), "ums-server",
                                             (const char *[]) { "127.0.0.1", NULL }, NULL));
  check = find_check (window, "console-server");
  g_assert_cmpint (portolan_check_get_probe (check), ==, PORTOLAN_PROBE_UMS_STATUS);
  g_assert_cmpint (portolan_check_get_state (check), ==, PORTOLAN_STATE_PENDING);

  /* The list is sorted, skipped last, as soon as it is built: in the
   * plan's own order the cloud links, skipped here, come first */
  {
    GListModel *model = portolan_results_view_get_model (PORTOLAN_RESULTS_VIEW (portolan_window_get_part (window, "results-view")));
    g_autoptr(PortolanCheck) first = NULL;
    g_autoptr(PortolanCheck) last = NULL;

    activate (window, "win.set-source", "ums-server");
    activate (window, "win.set-target", PORTOLAN_TARGET_ALL);
    g_assert_true (portolan_profile_set_hosts (portolan_window_get_profile (window), "os11-device",
                                               (const char *[]) { "127.0.0.1", NULL }, NULL));
    first = g_list_model_get_item (model, 0);
    last = g_list_model_get_item (model, g_list_model_get_n_items (model) - 1);
    g_assert_cmpint (portolan_check_get_state (first), ==, PORTOLAN_STATE_PENDING);
    g_assert_cmpint (portolan_check_get_state (last), ==, PORTOLAN_STATE_SKIPPED);
  }
}

static void
test_run (PortolanWindow *window)
{
  g_autoptr(PortolanTestServer) ums = portolan_test_https_server_new ("127.0.0.1", certs->valid,
                                                                      PORTOLAN_TEST_HTTP_UMS_STATUS, NULL);
  PortolanProfile *profile = portolan_window_get_profile (window);

  activate (window, "win.set-source", "ums-console");
  activate (window, "win.set-target", PORTOLAN_TARGET_ALL);
  g_assert_true (portolan_profile_set_hosts (profile, "ums-server", (const char *[]) { "localhost", NULL }, NULL));
  g_assert_true (portolan_profile_set_hosts (profile, "os11-device", (const char *[]) { "127.0.0.1", NULL }, NULL));
  g_assert_true (portolan_profile_set_port_override (profile, "console-server", portolan_test_server_get_port (ums), NULL));
  g_assert_true (portolan_profile_set_port_override (profile, "os11-shadowing-console",
                                                     portolan_test_find_closed_port ("127.0.0.1"), NULL));
  /* The test CA is not the system's: the UMS Server's certificate is pinned */
  g_assert_true (portolan_profile_set_fingerprint (profile, "ums-server", certs->valid_fingerprint, NULL));
  g_assert_true (portolan_profile_set_timeout_ms (profile, 3000, NULL));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.run", NULL));
  g_assert_true (portolan_window_is_running (window));
  iterate_until (is_idle, window);

  g_assert_cmpint (portolan_check_get_state (find_check (window, "console-server")), ==, PORTOLAN_STATE_VERIFIED);
  g_assert_cmpint (portolan_check_get_state (find_check (window, "os11-shadowing-console")), ==, PORTOLAN_STATE_CLOSED);
  g_assert_cmpint (portolan_check_get_state (find_check (window, "console-web-start")), ==, PORTOLAN_STATE_SKIPPED);
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (portolan_window_get_part (window, "status-label"))),
                            "1 Closed"));

  /* Once results pause, the list sorts again: the closed port first */
  {
    GListModel *model = portolan_results_view_get_model (PORTOLAN_RESULTS_VIEW (portolan_window_get_part (window, "results-view")));
    gint64 until = g_get_monotonic_time () + G_USEC_PER_SEC;
    g_autoptr(PortolanCheck) first = NULL;

    while (g_get_monotonic_time () < until)
      g_main_context_iteration (NULL, FALSE);
    first = g_list_model_get_item (model, 0);
    g_assert_cmpint (portolan_check_get_state (first), ==, PORTOLAN_STATE_CLOSED);
  }

  /* The graph's chips show the same, in their colour and symbol */
  assert_chip (window, "console-server", "ums-console", "ums-server", PORTOLAN_STATE_VERIFIED);
  assert_chip (window, "os11-shadowing-console", "ums-console", "os11-device", PORTOLAN_STATE_CLOSED);

  /* A row selected in the list selects its chip in the graph, and back */
  assert_selection_sync (window, "os11-shadowing-console", "os11-device");

  assert_exports (window);

  /* A toplevel paints through its surface; its content paints as a widget */
  save_png (gtk_window_get_child (GTK_WINDOW (window)), "window-after-run.png");
}

static gboolean
stop_cb (gpointer data)
{
  g_assert_true (gtk_widget_activate_action (data, "win.stop", NULL));
  return G_SOURCE_REMOVE;
}

static void
test_stop (PortolanWindow *window)
{
  g_autoptr(PortolanTestServer) silent = portolan_test_udp_server_new ("127.0.0.1", PORTOLAN_TEST_UDP_SILENT, NULL);
  PortolanProfile *profile = portolan_window_get_profile (window);
  PortolanCheck *silent_check;
  gint64 stopped;

  activate (window, "win.set-source", "ums-server");
  activate (window, "win.set-target", "os11-device");
  g_assert_true (portolan_profile_set_hosts (profile, "os11-device", (const char *[]) { "127.0.0.1-100", NULL }, NULL));
  g_assert_true (portolan_profile_set_port_override (profile, "wake-on-lan", portolan_test_server_get_port (silent), NULL));
  g_assert_true (portolan_profile_set_timeout_ms (profile, 60000, NULL));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.run", NULL));
  g_timeout_add (300, stop_cb, window);
  silent_check = find_check_to (window, "wake-on-lan", "127.0.0.1");
  while (portolan_window_is_running (window) && portolan_check_get_state (silent_check) == PORTOLAN_STATE_PENDING)
    g_main_context_iteration (NULL, TRUE);
  stopped = g_get_monotonic_time ();
  iterate_until (is_idle, window);

  g_assert_cmpint (g_get_monotonic_time () - stopped, <, G_USEC_PER_SEC);
  g_assert_cmpint (portolan_check_get_state (silent_check), ==, PORTOLAN_STATE_CANCELLED);
}

/* A mistake in a host shows under its entry and changes nothing */
static void
test_host_validation (PortolanWindow *window)
{
  PortolanSidePane *pane = PORTOLAN_SIDE_PANE (portolan_window_get_part (window, "side-pane"));
  PortolanProfile *profile = portolan_window_get_profile (window);
  GtkWidget *entry;

  activate (window, "win.set-source", "ums-server");
  activate (window, "win.set-target", "os11-device");
  entry = portolan_side_pane_get_host_entry (pane, "os11-device");
  g_assert_nonnull (entry);

  gtk_editable_set_text (GTK_EDITABLE (entry), "10.1.2.10-20");
  g_assert_false (gtk_widget_has_css_class (entry, "error"));
  g_assert_cmpstr (portolan_profile_get_hosts (profile, "os11-device")[0], ==, "10.1.2.10-20");
  g_assert_cmpuint (portolan_plan_count_probes (portolan_window_get_plan (window)), ==, 11 * 5);

  /* Typed on: the profile keeps the last hosts that were right */
  {
    int position = -1;

    gtk_editable_insert_text (GTK_EDITABLE (entry), ", 10.0.0.300", -1, &position);
  }
  g_assert_true (gtk_widget_has_css_class (entry, "error"));
  g_assert_cmpstr (portolan_profile_get_hosts (profile, "os11-device")[0], ==, "10.1.2.10-20");
  g_assert_cmpuint (g_strv_length ((char **) portolan_profile_get_hosts (profile, "os11-device")), ==, 1);
}

static void
test_preferences (PortolanWindow *window)
{
  PortolanProfile *profile = portolan_window_get_profile (window);
  GList *toplevels;
  GtkWindow *preferences = NULL;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.preferences", NULL));
  toplevels = gtk_window_list_toplevels ();
  for (GList *l = toplevels; l != NULL; l = l->next)
    if (gtk_window_get_transient_for (l->data) == GTK_WINDOW (window))
      preferences = l->data;
  g_list_free (toplevels);

  g_assert_nonnull (preferences);
  g_assert_true (gtk_window_get_modal (preferences));
  g_assert_cmpint (portolan_profile_get_proxy (profile), ==, PORTOLAN_PROXY_SYSTEM);
  gtk_window_destroy (preferences);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  int status;

  gtk_test_init (&argc, &argv, NULL);
  certs = portolan_test_certs_new (&error);
  g_assert_no_error (error);

  g_test_add_data_func ("/window/opens", test_opens, run_in_window);
  g_test_add_data_func ("/window/plan-from-actions", test_plan_from_actions, run_in_window);
  g_test_add_data_func ("/window/run", test_run, run_in_window);
  g_test_add_data_func ("/window/stop", test_stop, run_in_window);
  g_test_add_data_func ("/window/host-validation", test_host_validation, run_in_window);
  g_test_add_data_func ("/window/preferences", test_preferences, run_in_window);

  status = g_test_run ();
  portolan_test_certs_free (certs);
  return status;
}
