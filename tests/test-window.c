/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-window.c: the window in a real display, driven as an admin would */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "portolan-application.h"
#include "portolan-details-view.h"
#include "portolan-graph-view.h"
#include "portolan-results-view.h"
#include "portolan-side-pane.h"
#include "portolan-window.h"
#include "portolan-test-certs.h"
#include "portolan-test-servers.h"
#include "portolan-test-time.h"

/* How long one window test may take; portolan_test_scale_ms() stretches it */
#define TIMEOUT_MS 20000

typedef void (*WindowTestFunc) (PortolanWindow *window);

typedef struct
{
  PortolanApplication *application;
  PortolanWindow      *window;
  WindowTestFunc       func;
  guint                poll_id;
} Fixture;

/* A part of the window, by its id in portolan-window.ui */
static GtkWidget *
window_part (PortolanWindow *window,
             const char     *id)
{
  GtkWidget *part = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window), PORTOLAN_TYPE_WINDOW, id));

  g_assert_nonnull (part);
  return part;
}

static PortolanTestCerts *certs;

static gboolean
timed_out_cb (gpointer data)
{
  g_error ("the test did not finish within %u ms", portolan_test_scale_ms (TIMEOUT_MS));
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
  timeout_id = g_timeout_add (portolan_test_scale_ms (TIMEOUT_MS), timed_out_cb, NULL);
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
  GListModel *model = portolan_results_view_get_model (PORTOLAN_RESULTS_VIEW (window_part (window, "results_view")));

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
    PORTOLAN_GRAPH_VIEW (window_part (window, "graph_view")));
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

/* A label that says @text, anywhere below @widget */
static GtkLabel *
find_label (GtkWidget  *widget,
            const char *text)
{
  if (GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0)
    return GTK_LABEL (widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkLabel *found = find_label (child, text);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* The toast that says @text, on the window's toast overlay */
static GtkLabel *
find_toast (PortolanWindow *window,
            const char     *text)
{
  GtkWidget *overlay = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window), PORTOLAN_TYPE_WINDOW, "toast_overlay"));
  GtkWidget *content = adw_toast_overlay_get_child (ADW_TOAST_OVERLAY (overlay));

  /* Not in the window's content: a toast is a child of the overlay's own */
  for (GtkWidget *child = gtk_widget_get_first_child (overlay); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkLabel *label = child != content ? find_label (child, text) : NULL;

      if (label != NULL)
        return label;
    }

  return NULL;
}

/* "Saved the report “NAME”", where NAME is @path's */
static void
wait_for_saved_toast (PortolanWindow *window,
                      const char     *path)
{
  g_autofree char *name = g_path_get_basename (path);
  g_autofree char *text = g_strdup_printf ("Saved the report “%s”", name);

  while (find_toast (window, text) == NULL)
    g_main_context_iteration (NULL, TRUE);
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
  wait_for_saved_toast (window, pdf);
  g_assert_true (g_file_get_contents (pdf, &contents, NULL, NULL));
  g_assert_true (g_str_has_prefix (contents, "%PDF-"));
  g_clear_pointer (&contents, g_free);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.export-report-to", "(sb)", html, TRUE));
  wait_for_saved_toast (window, html);
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
  PortolanResultsView *results = PORTOLAN_RESULTS_VIEW (window_part (window, "results_view"));
  PortolanGraphView *graph = PORTOLAN_GRAPH_VIEW (window_part (window, "graph_view"));
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
  details = portolan_details_view_get_text (PORTOLAN_DETAILS_VIEW (window_part (window, "details_view")));
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
  guint frames = 0;
  guint tick;
  int width, height;

  /* Let the results reach the screen first: two frames, after which the
   * widget has its size even in a window mapped a moment ago */
  tick = gtk_widget_add_tick_callback (widget, count_frame_cb, &frames, NULL);
  while (frames < 2)
    g_main_context_iteration (NULL, TRUE);
  gtk_widget_remove_tick_callback (widget, tick);
  width = gtk_widget_get_width (widget);
  height = gtk_widget_get_height (widget);

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
  AdwWindowTitle *title = ADW_WINDOW_TITLE (gtk_widget_get_template_child (GTK_WIDGET (window), PORTOLAN_TYPE_WINDOW, "window_title"));

  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "Portolan");
  g_assert_cmpstr (adw_window_title_get_title (title), ==, "Portolan");
  g_assert_cmpstr (adw_window_title_get_subtitle (title), ==, "New Profile");
  g_assert_nonnull (portolan_window_get_plan (window));
  g_assert_true (gtk_widget_get_visible (window_part (window, "side_pane")));
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
    GListModel *model = portolan_results_view_get_model (PORTOLAN_RESULTS_VIEW (window_part (window, "results_view")));
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
  g_assert_true (portolan_profile_set_timeout_ms (profile, portolan_test_scale_ms (3000), NULL));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.run", NULL));
  g_assert_true (portolan_window_is_running (window));
  iterate_until (is_idle, window);

  g_assert_cmpint (portolan_check_get_state (find_check (window, "console-server")), ==, PORTOLAN_STATE_VERIFIED);
  g_assert_cmpint (portolan_check_get_state (find_check (window, "os11-shadowing-console")), ==, PORTOLAN_STATE_CLOSED);
  g_assert_cmpint (portolan_check_get_state (find_check (window, "console-web-start")), ==, PORTOLAN_STATE_SKIPPED);
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (window_part (window, "status_label"))),
                            "1 Closed"));

  /* Once results pause, the list sorts again: the closed port first */
  {
    GListModel *model = portolan_results_view_get_model (PORTOLAN_RESULTS_VIEW (window_part (window, "results_view")));
    gint64 until = g_get_monotonic_time () + portolan_test_scale_us (G_USEC_PER_SEC);
    g_autoptr(PortolanCheck) first = g_list_model_get_item (model, 0);

    while (portolan_check_get_state (first) != PORTOLAN_STATE_CLOSED && g_get_monotonic_time () < until)
      {
        g_main_context_iteration (NULL, FALSE);
        g_object_unref (first);
        first = g_list_model_get_item (model, 0);
      }
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

  g_assert_cmpint (g_get_monotonic_time () - stopped, <, portolan_test_scale_us (G_USEC_PER_SEC));
  g_assert_cmpint (portolan_check_get_state (silent_check), ==, PORTOLAN_STATE_CANCELLED);
}

/* Typed as a person types: one character at a time at the end, each a
 * "changed" of its own (gtk_editable_set_text would first empty the
 * entry, a step no one types) */
static void
type_text (GtkWidget  *entry,
           const char *text)
{
  for (const char *c = text; *c != '\0'; c = g_utf8_next_char (c))
    {
      int position = -1;

      gtk_editable_insert_text (GTK_EDITABLE (entry), c, g_utf8_next_char (c) - c, &position);
    }
}

static const char *
status_text (PortolanWindow *window)
{
  return gtk_label_get_text (GTK_LABEL (window_part (window, "status_label")));
}

static gboolean
run_is_enabled (PortolanWindow *window)
{
  return gtk_widget_get_sensitive (window_part (window, "run_button"));
}

static gboolean
plan_has_host (PortolanWindow *window,
               const char     *host)
{
  GPtrArray *checks = portolan_plan_get_checks (portolan_window_get_plan (window));

  for (guint i = 0; i < checks->len; i++)
    if (g_strcmp0 (portolan_check_get_host (g_ptr_array_index (checks, i)), host) == 0)
      return TRUE;

  return FALSE;
}

/* A mistake in a host shows under its entry and changes nothing */
static void
test_host_validation (PortolanWindow *window)
{
  PortolanSidePane *pane = PORTOLAN_SIDE_PANE (window_part (window, "side_pane"));
  PortolanProfile *profile = portolan_window_get_profile (window);
  GtkWidget *entry;

  activate (window, "win.set-source", "ums-server");
  activate (window, "win.set-target", "os11-device");
  entry = portolan_side_pane_get_host_entry (pane, "os11-device");
  g_assert_nonnull (entry);

  /* A draft goes into the profile once the admin is done with it: Enter */
  gtk_editable_set_text (GTK_EDITABLE (entry), "10.1.2.10-20");
  g_assert_false (gtk_widget_has_css_class (entry, "error"));
  g_assert_null (portolan_profile_get_hosts (profile, "os11-device"));
  g_signal_emit_by_name (entry, "activate");
  g_assert_cmpstr (portolan_profile_get_hosts (profile, "os11-device")[0], ==, "10.1.2.10-20");
  g_assert_cmpuint (portolan_plan_count_probes (portolan_window_get_plan (window)), ==, 11 * 5);

  /* Typed on: the profile keeps the last hosts that were committed */
  {
    int position = -1;

    gtk_editable_insert_text (GTK_EDITABLE (entry), ", 10.0.0.300", -1, &position);
  }
  g_assert_true (gtk_widget_has_css_class (entry, "error"));
  g_signal_emit_by_name (entry, "activate");
  g_assert_cmpstr (portolan_profile_get_hosts (profile, "os11-device")[0], ==, "10.1.2.10-20");
  g_assert_cmpuint (g_strv_length ((char **) portolan_profile_get_hosts (profile, "os11-device")), ==, 1);
  g_assert_false (run_is_enabled (window));
}

/* 10.0.0.300 is typed through 10.0.0.30, which is valid: it must never
 * be the role's host, nor may anything be run while the entry is wrong */
static void
test_typed_prefix_not_planned (PortolanWindow *window)
{
  PortolanSidePane *pane = PORTOLAN_SIDE_PANE (window_part (window, "side_pane"));
  PortolanProfile *profile = portolan_window_get_profile (window);
  GtkWidget *entry;
  const char *status;

  activate (window, "win.set-source", "ums-server");
  activate (window, "win.set-target", "os11-device");
  entry = portolan_side_pane_get_host_entry (pane, "os11-device");
  g_assert_true (run_is_enabled (window));

  type_text (entry, "10.0.0.300");
  g_signal_emit_by_name (entry, "activate");

  g_assert_true (gtk_widget_has_css_class (entry, "error"));
  g_assert_false (run_is_enabled (window));
  status = status_text (window);
  g_assert_true (g_str_has_prefix (status, "Fix the host of IGEL OS 11 Device first: "));
  g_assert_nonnull (strstr (status, "10.0.0.300"));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (window_part (window, "run_button")), ==, status);

  /* Neither the profile (and with it the graph's card) nor the plan has
   * a host the admin only passed through */
  g_assert_null (portolan_profile_get_hosts (profile, "os11-device"));
  g_assert_false (plan_has_host (window, "10.0.0.30"));
  g_assert_false (plan_has_host (window, "10.0.0.3"));

  /* Fixed, Run is back, and the status line counts checks again */
  gtk_editable_set_text (GTK_EDITABLE (entry), "10.0.0.30");
  g_assert_true (run_is_enabled (window));
  g_assert_null (strstr (status_text (window), "Fix the host"));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (window_part (window, "run_button")), ==,
                   "Run the checks (Ctrl+R)");
}

/* A real server stands at the prefix the admin typed through: no run,
 * by the action or the button, reaches it; once the entry is right, Run
 * takes what it says, even without Enter */
static void
test_typed_prefix_not_probed (PortolanWindow *window)
{
  g_autoptr(PortolanTestServer) device = portolan_test_tcp_server_new ("127.0.0.1", PORTOLAN_TEST_TCP_ACCEPT_CLOSE, NULL);
  PortolanSidePane *pane = PORTOLAN_SIDE_PANE (window_part (window, "side_pane"));
  PortolanProfile *profile = portolan_window_get_profile (window);
  g_autoptr(GPtrArray) checks = NULL;
  GtkWidget *entry;
  gint64 until;

  activate (window, "win.set-source", "ums-server");
  activate (window, "win.set-target", "os11-device");
  g_assert_true (portolan_profile_set_timeout_ms (profile, 1000, NULL));
  /* Our own reference: each override rebuilds the plan and its array */
  checks = g_ptr_array_ref (portolan_plan_get_checks (portolan_window_get_plan (window)));
  for (guint i = 0; i < checks->len; i++)
    if (portolan_check_get_protocol (g_ptr_array_index (checks, i)) == PORTOLAN_PROTOCOL_TCP)
      g_assert_true (portolan_profile_set_port_override (profile,
                                                         portolan_link_get_id (portolan_check_get_link (g_ptr_array_index (checks, i))),
                                                         portolan_test_server_get_port (device), NULL));
  entry = portolan_side_pane_get_host_entry (pane, "os11-device");

  /* Ports are set for each link, not in the host: a common slip */
  type_text (entry, "127.0.0.1:30001");
  g_signal_emit_by_name (entry, "activate");
  g_assert_false (run_is_enabled (window));
  g_assert_true (g_str_has_prefix (status_text (window), "Fix the host of IGEL OS 11 Device first: "));

  gtk_widget_activate_action (GTK_WIDGET (window), "win.run", NULL);
  gtk_widget_activate (window_part (window, "run_button"));
  g_assert_false (portolan_window_is_running (window));
  /* Had a run begun, its connections would have been accepted by its end */
  iterate_until (is_idle, window);
  until = g_get_monotonic_time () + G_USEC_PER_SEC / 2;
  while (g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpuint (portolan_test_server_get_accepted (device), ==, 0);
  g_assert_null (portolan_profile_get_hosts (profile, "os11-device"));
  g_assert_false (plan_has_host (window, "127.0.0.1"));

  /* Right now, and not yet in the profile: Run puts it there first */
  gtk_editable_set_text (GTK_EDITABLE (entry), "127.0.0.1");
  g_assert_true (run_is_enabled (window));
  g_assert_null (portolan_profile_get_hosts (profile, "os11-device"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.run", NULL));
  g_assert_true (portolan_window_is_running (window));
  iterate_until (is_idle, window);
  g_assert_cmpstr (portolan_profile_get_hosts (profile, "os11-device")[0], ==, "127.0.0.1");
  g_assert_true (plan_has_host (window, "127.0.0.1"));
  g_assert_cmpuint (portolan_test_server_get_accepted (device), >, 0);
}

/* What was opened from a file stays what it was, whatever is typed */
static void
test_typing_keeps_loaded_profile (PortolanWindow *window)
{
  g_autoptr(PortolanProfile) saved = portolan_profile_new (portolan_profile_get_catalogue (portolan_window_get_profile (window)));
  g_autofree char *dir = g_dir_make_tmp ("portolan-window-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "profile.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  PortolanSidePane *pane = PORTOLAN_SIDE_PANE (window_part (window, "side_pane"));
  PortolanProfile *profile;
  GtkWidget *entry;
  gsize length;

  g_assert_true (portolan_profile_set_hosts (saved, "os11-device", (const char *[]) { "10.1.2.10-20", NULL }, NULL));
  data = portolan_profile_to_data (saved, &length);
  g_assert_true (g_file_set_contents (path, data, length, NULL));
  activate (window, "win.set-source", "ums-server");
  activate (window, "win.set-target", "os11-device");
  g_assert_true (portolan_window_open_profile (window, file, &error));
  g_assert_no_error (error);
  profile = portolan_window_get_profile (window);
  entry = portolan_side_pane_get_host_entry (pane, "os11-device");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "10.1.2.10-20");

  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  type_text (entry, "10.1.2.10-2000");
  g_signal_emit_by_name (entry, "activate");
  g_assert_false (run_is_enabled (window));
  g_assert_cmpstr (portolan_profile_get_hosts (profile, "os11-device")[0], ==, "10.1.2.10-20");
  g_assert_cmpuint (g_strv_length ((char **) portolan_profile_get_hosts (profile, "os11-device")), ==, 1);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "10.1.2.10-2000");

  g_unlink (path);
  g_rmdir (dir);
}

/* The state of a link's check in an exported JSON report */
static char *
exported_state (PortolanWindow *window,
                const char     *link_id)
{
  g_autofree char *dir = g_dir_make_tmp ("portolan-window-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "report.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  char *state = NULL;
  JsonArray *checks;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.export-report-to", "(sb)", path, FALSE));
  wait_for_saved_toast (window, path);
  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);

  checks = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "checks");
  for (guint i = 0; i < json_array_get_length (checks); i++)
    {
      JsonObject *check = json_array_get_object_element (checks, i);

      if (g_strcmp0 (json_object_get_string_member (check, "link"), link_id) == 0)
        {
          g_assert_null (state);
          state = g_strdup (json_object_get_string_member (check, "state"));
        }
    }

  g_unlink (path);
  g_rmdir (dir);
  g_assert_nonnull (state);
  return state;
}

/* Two runs of the same settings against a server whose certificate is
 * not trusted and not pinned: the second must not trust it either, so no
 * TLS session or HTTP connection may live on from the first run.
 *
 * Two things hide the fault from an ordinary test. glib-networking
 * resumes no TLS session in a program that called g_test_init(), so that
 * its own tests see every handshake; and its own TLS server sends no
 * session tickets. So the two runs are made in a child, this program
 * started with --second-run-child and without g_test_init(), as the
 * application runs, against `openssl s_server` (which sends tickets, as
 * nginx does); the child prints what it saw and the test judges that. */
static GString *child_report;
static const char *self_path;

typedef struct
{
  GSubprocess *process;
  char        *dir;
  guint16      port;
} TicketServer;

static void
ticket_server_free (TicketServer *server)
{
  g_subprocess_force_exit (server->process);
  g_subprocess_wait (server->process, NULL, NULL);
  g_object_unref (server->process);
  g_free (server->dir);
  g_free (server);
}

/* `openssl s_server -www` on 127.0.0.1 with the self-signed certificate:
 * it answers every GET with 200 and a status page */
static TicketServer *
ticket_server_new (const char *dir)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_autofree char *out_path = g_build_filename (dir, "s_server.out", NULL);
  g_autofree char *key = g_strdup (certs->self_signed_path);
  g_autoptr(GError) error = NULL;
  TicketServer *server = g_new0 (TicketServer, 1);
  gint64 until = g_get_monotonic_time () + portolan_test_scale_us (10 * G_USEC_PER_SEC);

  /* NAME.pem's key is NAME.key */
  strcpy (key + strlen (key) - strlen ("pem"), "key");
  server->dir = g_strdup (dir);
  g_subprocess_launcher_set_cwd (launcher, dir);
  g_subprocess_launcher_set_stdout_file_path (launcher, out_path);
  server->process = g_subprocess_launcher_spawn (launcher, &error, "openssl", "s_server",
                                                 "-accept", "127.0.0.1:0",
                                                 "-cert", certs->self_signed_path, "-key", key,
                                                 "-www", NULL);
  g_assert_no_error (error);

  /* It says "ACCEPT 127.0.0.1:PORT" once it listens */
  while (server->port == 0)
    {
      g_autofree char *out = NULL;
      const char *accept;

      g_assert_cmpint (g_get_monotonic_time (), <, until);
      g_usleep (20000);
      if (g_file_get_contents (out_path, &out, NULL, NULL) &&
          (accept = strstr (out, "ACCEPT 127.0.0.1:")) != NULL && strchr (accept, '\n') != NULL)
        server->port = g_ascii_strtoull (accept + strlen ("ACCEPT 127.0.0.1:"), NULL, 10);
    }

  return server;
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TicketServer, ticket_server_free)

/* Each probe kind that speaks TLS, against the same server */
typedef struct
{
  const char *name;
  const char *source;
  const char *target;
  const char *feature;
  const char *link_id;
} SecondRun;

static const SecondRun second_runs[] = {
  { "ums-status", "ums-console", "ums-server", NULL, "console-server" },
  { "cloud", "ums-server", "igel-app-portal", "app-portal", "app-portal" },
  { "tls", "ums-server", "icg", "icg", "icg-server" },
};

static const SecondRun *second_run;

static void
record_two_runs (PortolanWindow *window)
{
  g_autofree char *dir = g_dir_make_tmp ("portolan-window-XXXXXX", NULL);
  g_autofree char *out = g_build_filename (dir, "s_server.out", NULL);
  g_autofree char *exported = NULL;
  PortolanProfile *profile = portolan_window_get_profile (window);
  TicketServer *server = ticket_server_new (dir);

  if (second_run->feature != NULL)
    portolan_profile_set_feature (profile, second_run->feature, TRUE);
  g_assert_true (portolan_profile_set_proxy (profile, PORTOLAN_PROXY_NONE, NULL, NULL));
  activate (window, "win.set-source", second_run->source);
  activate (window, "win.set-target", second_run->target);
  /* A name, as admins give: glib-networking keys its sessions by it */
  g_assert_true (portolan_profile_set_hosts (profile, second_run->target, (const char *[]) { "localhost", NULL }, NULL));
  g_assert_true (portolan_profile_set_port_override (profile, second_run->link_id, server->port, NULL));
  g_assert_null (portolan_profile_get_fingerprint (profile, second_run->target));
  g_assert_true (portolan_profile_set_timeout_ms (profile, portolan_test_scale_ms (3000), NULL));

  for (guint run = 1; run <= 2; run++)
    {
      PortolanCheck *check;

      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.run", NULL));
      g_assert_true (portolan_window_is_running (window));
      iterate_until (is_idle, window);
      check = find_check (window, second_run->link_id);
      g_string_append_printf (child_report, "run %u: %s\ndetail %u: %s\n", run,
                              portolan_state_to_string (portolan_check_get_state (check)),
                              run, portolan_check_get_detail (check));
    }

  exported = exported_state (window, second_run->link_id);
  g_string_append_printf (child_report, "exported: %s\n", exported);

  ticket_server_free (server);
  g_unlink (out);
  g_rmdir (dir);
}

static int
second_run_child (const char *name)
{
  g_autoptr(GError) error = NULL;

  gtk_init ();
  certs = portolan_test_certs_new (&error);
  g_assert_no_error (error);
  child_report = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (second_runs); i++)
    if (g_str_equal (second_runs[i].name, name))
      second_run = &second_runs[i];
  g_assert_nonnull (second_run);
  run_in_window (record_two_runs);

  g_print ("%s", child_report->str);
  g_string_free (child_report, TRUE);
  portolan_test_certs_free (certs);
  return 0;
}

static void
test_second_run (gconstpointer data)
{
  const SecondRun *run = data;
  const char *argv[] = { self_path, "--second-run-child", run->name, NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  int status;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);
  g_test_message ("the child said:\n%s%s", out, err);
  g_spawn_check_wait_status (status, &error);
  g_assert_no_error (error);

  /* Each run says why: the certificate, not only the state */
  lines = g_strsplit (out, "\n", -1);
  for (guint i = 1; i <= 2; i++)
    {
      g_autofree char *state = g_strdup_printf ("run %u: warning", i);
      g_autofree char *detail = g_strdup_printf ("detail %u: the certificate is issued by an authority this computer does not trust", i);
      gboolean said_why = FALSE;

      g_assert_true (g_strv_contains ((const char * const *) lines, state));
      for (guint l = 0; lines[l] != NULL; l++)
        said_why |= g_str_has_prefix (lines[l], detail);
      g_assert_true (said_why);
    }
  g_assert_true (g_strv_contains ((const char * const *) lines, "exported: warning"));
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

/* A run of a plan without hosts: nothing is probed, and there are
 * results to export */
static void
run_without_probes (PortolanWindow *window)
{
  activate (window, "win.set-source", "ums-console");
  activate (window, "win.set-target", "ums-server");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.run", NULL));
  iterate_until (is_idle, window);
}

/* "Saved…" and "Copied…" are toasts, which the next status update leaves
 * alone; a file's name in one is text, not markup */
static void
test_toasts (PortolanWindow *window)
{
  g_autofree char *dir = g_dir_make_tmp ("portolan-window-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "a & <b>.json", NULL);
  const char *saved = "Saved the report “a & <b>.json”";
  const char *copied = "Copied the summary to the clipboard, as Markdown";

  run_without_probes (window);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.export-report-to", "(sb)", path, FALSE));
  wait_for_saved_toast (window, path);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  g_assert_null (strstr (status_text (window), "Saved"));

  /* The status line changes with the plan; the toast stays */
  g_assert_true (portolan_profile_set_hosts (portolan_window_get_profile (window), "ums-server",
                                             (const char *[]) { "127.0.0.1", NULL }, NULL));
  g_assert_nonnull (strstr (status_text (window), "to run"));
  g_assert_nonnull (find_toast (window, saved));

  run_without_probes (window);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.copy-summary", NULL));
  g_assert_nonnull (find_toast (window, copied));

  g_unlink (path);
  g_rmdir (dir);
}

static AdwMessageDialog *
find_message_dialog (PortolanWindow *window)
{
  GList *toplevels = gtk_window_list_toplevels ();
  AdwMessageDialog *dialog = NULL;

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (ADW_IS_MESSAGE_DIALOG (l->data) && gtk_window_get_transient_for (l->data) == GTK_WINDOW (window))
      dialog = l->data;
  g_list_free (toplevels);

  return dialog;
}

static void
record_response_cb (AdwMessageDialog  *dialog,
                    const char        *response,
                    char             **recorded)
{
  g_free (*recorded);
  *recorded = g_strdup (response);
}

/* An error is an AdwMessageDialog over the window, with the error's text */
static void
test_error_dialog (PortolanWindow *window)
{
  g_autofree char *dir = g_dir_make_tmp ("portolan-window-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "report.nope", NULL);
  g_autofree char *response = NULL;
  AdwMessageDialog *dialog;

  run_without_probes (window);
  g_assert_null (find_message_dialog (window));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.export-report-to", "(sb)", path, FALSE));
  while ((dialog = find_message_dialog (window)) == NULL)
    g_main_context_iteration (NULL, TRUE);

  g_assert_true (gtk_window_get_modal (GTK_WINDOW (dialog)));
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "The report could not be saved");
  g_assert_true (g_str_has_prefix (adw_message_dialog_get_body (dialog),
                                   "“report.nope” has no report format's extension; use one of: "));
  g_assert_false (adw_message_dialog_get_body_use_markup (dialog));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  /* Escape answers with its one response, and it is gone */
  g_signal_connect (dialog, "response", G_CALLBACK (record_response_cb), &response);
  gtk_window_close (GTK_WINDOW (dialog));
  while (find_message_dialog (window) != NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpstr (response, ==, "close");
  g_rmdir (dir);
}

/* The states' style sheet as GTK writes it out, for the palette's colours */
static char *
palette_css (gboolean dark)
{
  g_autofree char *css = portolan_palette_to_css (dark, "portolanresults");
  g_autoptr(GtkCssProvider) provider = gtk_css_provider_new ();

  gtk_css_provider_load_from_data (provider, css, -1);
  return gtk_css_provider_to_string (provider);
}

static char *
state_css (PortolanWindow *window)
{
  PortolanApplication *application = PORTOLAN_APPLICATION (gtk_window_get_application (GTK_WINDOW (window)));

  return gtk_css_provider_to_string (portolan_application_get_state_style (application));
}

/* AdwStyleManager decides dark style, for the graph and the list alike */
static void
test_dark_style (PortolanWindow *window)
{
  AdwStyleManager *style_manager = adw_style_manager_get_default ();
  PortolanRenderer *renderer = portolan_graph_view_get_renderer (
    PORTOLAN_GRAPH_VIEW (window_part (window, "graph_view")));
  g_autofree char *light = palette_css (FALSE);
  g_autofree char *dark = palette_css (TRUE);
  g_autofree char *css = NULL;

  g_assert_cmpstr (light, !=, dark);

  adw_style_manager_set_color_scheme (style_manager, ADW_COLOR_SCHEME_FORCE_LIGHT);
  g_assert_false (portolan_renderer_get_dark (renderer));
  css = state_css (window);
  g_assert_cmpstr (css, ==, light);
  g_clear_pointer (&css, g_free);

  adw_style_manager_set_color_scheme (style_manager, ADW_COLOR_SCHEME_FORCE_DARK);
  g_assert_true (adw_style_manager_get_dark (style_manager));
  g_assert_true (portolan_renderer_get_dark (renderer));
  css = state_css (window);
  g_assert_cmpstr (css, ==, dark);
  g_clear_pointer (&css, g_free);

  adw_style_manager_set_color_scheme (style_manager, ADW_COLOR_SCHEME_FORCE_LIGHT);
  g_assert_false (portolan_renderer_get_dark (renderer));
  css = state_css (window);
  g_assert_cmpstr (css, ==, light);

  adw_style_manager_set_color_scheme (style_manager, ADW_COLOR_SCHEME_DEFAULT);
}

#ifdef __SANITIZE_ADDRESS__
/* Under ASan, a 16 KiB block that a library leaks once a second window
 * has lived is reported with the fast unwinder's stack, which stops at
 * g_malloc, where tests/lsan.supp cannot see the library. Whole stacks
 * let the suppressions match; they cost an unwind per malloc, so GTK
 * draws with cairo, as `meson test --setup stacks` does (tests/meson.build) */
const char *__asan_default_options (void);

const char *
__asan_default_options (void)
{
  return "fast_unwind_on_malloc=0";
}
#endif

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  int status;

#ifdef __SANITIZE_ADDRESS__
  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  g_setenv ("GDK_DEBUG", "gl-disable", FALSE);
#endif

  self_path = argv[0];
  if (argc == 3 && g_str_equal (argv[1], "--second-run-child"))
    return second_run_child (argv[2]);

  gtk_test_init (&argc, &argv, NULL);
  certs = portolan_test_certs_new (&error);
  g_assert_no_error (error);

  g_test_add_data_func ("/window/opens", test_opens, run_in_window);
  g_test_add_data_func ("/window/plan-from-actions", test_plan_from_actions, run_in_window);
  g_test_add_data_func ("/window/run", test_run, run_in_window);
  g_test_add_data_func ("/window/stop", test_stop, run_in_window);
  g_test_add_data_func ("/window/host-validation", test_host_validation, run_in_window);
  g_test_add_data_func ("/window/typed-prefix/not-planned", test_typed_prefix_not_planned, run_in_window);
  g_test_add_data_func ("/window/typed-prefix/not-probed", test_typed_prefix_not_probed, run_in_window);
  g_test_add_data_func ("/window/typed-prefix/keeps-loaded-profile", test_typing_keeps_loaded_profile, run_in_window);
  g_test_add_data_func ("/window/preferences", test_preferences, run_in_window);
  g_test_add_data_func ("/window/toasts", test_toasts, run_in_window);
  g_test_add_data_func ("/window/error-dialog", test_error_dialog, run_in_window);
  g_test_add_data_func ("/window/dark-style", test_dark_style, run_in_window);
  for (guint i = 0; i < G_N_ELEMENTS (second_runs); i++)
    {
      g_autofree char *path = g_strdup_printf ("/window/second-run/%s", second_runs[i].name);

      g_test_add_data_func (path, &second_runs[i], test_second_run);
    }

  status = g_test_run ();
  portolan_test_certs_free (certs);
  return status;
}
