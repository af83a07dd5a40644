/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-window.c: the main window
 *
 * Holds the profile being edited and the plan it gives for the chosen
 * direction, rebuilt on every change; Run probes the plan, and every
 * part of the window follows the checks' results as they arrive. While a
 * host entry has a mistake there is no Run: the status line and the
 * button's tooltip say what to fix.
 *
 * The profile's and the runner's signals reach the window through signal
 * groups, so that the next profile or run takes the place of the last
 * without a handler left behind; the window's cancellable stops whatever
 * it started (choosers, saves, reports) once it is gone.
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <adwaita.h>

#include "portolan-details-view.h"
#include "portolan-export.h"
#include "portolan-graph-view.h"
#include "portolan-preferences-window.h"
#include "portolan-results-view.h"
#include "portolan-side-pane.h"
#include "portolan-window.h"

struct _PortolanWindow
{
  AdwApplicationWindow  parent_instance;

  /* Template widgets */
  AdwWindowTitle       *window_title;
  GtkWidget            *run_button;
  AdwToastOverlay      *toast_overlay;
  PortolanSidePane     *side_pane;
  PortolanGraphView    *graph_view;
  PortolanResultsView  *results_view;
  PortolanDetailsView  *details_view;
  GtkLabel             *status_label;
  GtkProgressBar       *progress_bar;

  /* Owned references */
  GSettings            *settings;
  GCancellable         *cancellable;
  GSignalGroup         *profile_signals;
  GSignalGroup         *runner_signals;
  PortolanProfile      *profile;
  GFile                *profile_file;
  PortolanPlan         *plan;
  PortolanRunner       *runner;
  char                 *plan_error;

  /* The plan's checks by state, counted once when it is made; during and
   * after a run the runner's counts take their place */
  guint                 plan_counts[PORTOLAN_N_STATES];

  /* Weak: the toast on show, until the overlay lets it go */
  AdwToast             *toast;
};

G_DEFINE_FINAL_TYPE (PortolanWindow, portolan_window, ADW_TYPE_APPLICATION_WINDOW)

static PortolanCatalogue *
get_catalogue (PortolanWindow *self)
{
  return portolan_profile_get_catalogue (self->profile);
}

/* What to fix in a host entry first, or NULL */
static char *
dup_host_problem (PortolanWindow *self)
{
  char *problem = NULL;

  g_object_get (self->side_pane, "host-problem", &problem, NULL);
  return problem;
}

static void
update_actions (PortolanWindow *self)
{
  gboolean running = self->runner != NULL && portolan_runner_is_running (self->runner);
  gboolean has_results = self->runner != NULL && !running;
  g_autofree char *host_problem = dup_host_problem (self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.run",
                                 !running && self->plan != NULL && host_problem == NULL);
  /* An insensitive button still shows its tooltip: it says why */
  gtk_widget_set_tooltip_text (self->run_button, host_problem ? host_problem : _("Run the checks (Ctrl+R)"));
  /* The file would hold other hosts than the window shows */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.save-profile", host_problem == NULL);
  /* A report is of a run: there is one once it is over */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export-report", has_results);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export-report-to", has_results);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.copy-summary", has_results);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.stop", running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.open-profile", !running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.preferences", !running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.set-source", !running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.set-target", !running);
  gtk_widget_set_sensitive (GTK_WIDGET (self->side_pane), !running);
}

/* "✔ 3 verified · ✖ 1 closed — 12 of 40 checks in 1.2 s" */
static void
update_status (PortolanWindow *self)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *host_problem = dup_host_problem (self);
  guint counts[PORTOLAN_N_STATES];
  const PortolanState *order;
  guint n_states;

  if (host_problem != NULL && !portolan_window_is_running (self))
    {
      gtk_label_set_text (self->status_label, host_problem);
      return;
    }

  if (self->plan == NULL)
    {
      gtk_label_set_text (self->status_label, self->plan_error ? self->plan_error : "");
      return;
    }

  /* Called on every result: with tens of thousands of checks, counting
   * them here each time was seconds of a run */
  for (PortolanState s = 0; s < PORTOLAN_N_STATES; s++)
    counts[s] = self->runner != NULL ? portolan_runner_get_count (self->runner, s) : self->plan_counts[s];

  order = portolan_state_get_severity_order (&n_states);
  for (guint i = 0; i < n_states; i++)
    if (order[i] != PORTOLAN_STATE_PENDING && counts[order[i]] > 0)
      g_string_append_printf (text, "%s%s %u %s", text->len > 0 ? " · " : "",
                              portolan_state_get_symbol (order[i]), counts[order[i]],
                              portolan_state_get_label (order[i]));

  if (counts[PORTOLAN_STATE_PENDING] > 0 && self->runner == NULL)
    {
      g_string_append (text, text->len > 0 ? " — " : "");
      g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%u check to run", "%u checks to run",
                                                 counts[PORTOLAN_STATE_PENDING]),
                              counts[PORTOLAN_STATE_PENDING]);
    }

  if (self->runner != NULL)
    {
      guint done = portolan_runner_get_n_finished (self->runner);
      guint total = portolan_runner_get_n_probes (self->runner);
      double seconds = portolan_runner_get_duration_ms (self->runner) / 1000.0;

      g_string_append_printf (text, " — ");
      g_string_append_printf (text, _("%u of %u probed in %.1f s"), done, total, seconds);
      gtk_progress_bar_set_fraction (self->progress_bar, total > 0 ? (double) done / total : 1.0);
      {
        g_autofree char *progress = g_strdup_printf ("%u / %u", done, total);

        gtk_progress_bar_set_text (self->progress_bar, progress);
      }
    }

  gtk_label_set_text (self->status_label, text->str);
}

static void
count_plan (PortolanWindow *self)
{
  GPtrArray *checks = self->plan ? portolan_plan_get_checks (self->plan) : NULL;

  memset (self->plan_counts, 0, sizeof self->plan_counts);
  for (guint i = 0; checks != NULL && i < checks->len; i++)
    self->plan_counts[portolan_check_get_state (g_ptr_array_index (checks, i))]++;
}

static void
set_runner (PortolanWindow *self,
            PortolanRunner *runner)
{
  g_set_object (&self->runner, runner);
  g_signal_group_set_target (self->runner_signals, runner);
}

static void
rebuild_plan (PortolanWindow *self)
{
  g_autoptr(GError) error = NULL;
  const char *source = portolan_side_pane_get_source (self->side_pane);
  const char *target = portolan_side_pane_get_target (self->side_pane);

  if (self->runner != NULL && portolan_runner_is_running (self->runner))
    return;

  set_runner (self, NULL);
  g_clear_object (&self->plan);
  g_clear_pointer (&self->plan_error, g_free);

  if (source != NULL && target != NULL)
    self->plan = portolan_plan_new (self->profile, source, target, &error);
  if (self->plan == NULL && error != NULL)
    self->plan_error = g_strdup (error->message);

  if (self->plan != NULL)
    {
      portolan_results_view_set_checks (self->results_view, portolan_plan_get_checks (self->plan));
      portolan_side_pane_set_roles_in_play (self->side_pane, portolan_plan_get_roles_in_play (self->plan));
    }
  else
    {
      g_autoptr(GPtrArray) none = g_ptr_array_new ();

      portolan_results_view_set_checks (self->results_view, none);
    }

  portolan_graph_view_set_plan (self->graph_view, self->plan);
  portolan_details_view_clear (self->details_view);
  count_plan (self);
  update_status (self);
  update_actions (self);
}

static void
host_problem_changed_cb (PortolanWindow *self)
{
  update_status (self);
  update_actions (self);
}

static void
direction_changed_cb (PortolanWindow *self)
{
  g_settings_set_string (self->settings, "source-role", portolan_side_pane_get_source (self->side_pane));
  g_settings_set_string (self->settings, "target-role", portolan_side_pane_get_target (self->side_pane));
  rebuild_plan (self);
}

static void
update_subtitle (PortolanWindow *self)
{
  const char *name = portolan_profile_get_name (self->profile);
  g_autofree char *basename = self->profile_file ? g_file_get_basename (self->profile_file) : NULL;

  if (name != NULL && *name != '\0')
    adw_window_title_set_subtitle (self->window_title, name);
  else if (basename != NULL)
    adw_window_title_set_subtitle (self->window_title, basename);
  else
    adw_window_title_set_subtitle (self->window_title, _("New Profile"));
}

static void
set_profile (PortolanWindow  *self,
             PortolanProfile *profile,
             GFile           *file)
{
  g_set_object (&self->profile, profile);
  g_set_object (&self->profile_file, file);
  g_signal_group_set_target (self->profile_signals, profile);

  portolan_side_pane_set_profile (self->side_pane, profile);
  portolan_graph_view_set_profile (self->graph_view, profile);
  update_subtitle (self);
  rebuild_plan (self);
}

/* --- Running --- */

static void
n_finished_changed_cb (PortolanWindow *self)
{
  update_status (self);
}

static void
run_finished_cb (PortolanWindow *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), FALSE);
  update_status (self);
  update_actions (self);
}

static void
run_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  PortolanWindow *self = PORTOLAN_WINDOW (widget);
  g_autoptr(PortolanProbeContext) context = NULL;
  g_autoptr(PortolanRunner) runner = NULL;
  gboolean hosts_ok = FALSE;

  /* What the host entries say goes into the profile first (Ctrl+R may
   * come while the admin is still in one); with a mistake in one, nothing
   * is run. The plan follows every change of the profile, so it is then
   * current; only the results of a run before are to go. Resetting the
   * checks keeps the rows of the results list, where a new plan would
   * rebuild them all. */
  g_signal_emit_by_name (self->side_pane, "commit-hosts", &hosts_ok);
  if (!hosts_ok || self->plan == NULL || portolan_window_is_running (self))
    return;
  if (self->runner != NULL)
    {
      GPtrArray *checks = portolan_plan_get_checks (self->plan);

      set_runner (self, NULL);
      for (guint i = 0; i < checks->len; i++)
        if (portolan_check_get_probe (g_ptr_array_index (checks, i)) != PORTOLAN_PROBE_NONE)
          portolan_check_reset (g_ptr_array_index (checks, i));
    }

  context = portolan_probe_context_new_for_profile (self->profile);
  runner = portolan_runner_new (portolan_plan_get_checks (self->plan), context,
                                portolan_profile_get_concurrency (self->profile));
  set_runner (self, runner);

  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), TRUE);
  portolan_runner_start (self->runner);
  update_status (self);
  update_actions (self);
}

static void
stop_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  PortolanWindow *self = PORTOLAN_WINDOW (widget);

  if (self->runner != NULL)
    portolan_runner_stop (self->runner);
}

static void
set_source_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  PortolanWindow *self = PORTOLAN_WINDOW (widget);

  portolan_side_pane_set_direction (self->side_pane, g_variant_get_string (parameter, NULL),
                                    portolan_side_pane_get_target (self->side_pane));
}

static void
set_target_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  PortolanWindow *self = PORTOLAN_WINDOW (widget);

  portolan_side_pane_set_direction (self->side_pane, portolan_side_pane_get_source (self->side_pane),
                                    g_variant_get_string (parameter, NULL));
}

static void
preferences_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  PortolanWindow *self = PORTOLAN_WINDOW (widget);

  gtk_window_present (GTK_WINDOW (portolan_preferences_window_new (GTK_WINDOW (self), self->profile)));
}

/* --- Messages --- */

/* A toast outlives the next status update, which would overwrite a
 * message in the status line; the newest replaces the one before */
static void
show_toast (PortolanWindow *self,
            const char     *text)
{
  /* libadwaita 1.2 reads a toast's title as markup, and a file's name is none */
  g_autofree char *markup = g_markup_escape_text (text, -1);
  AdwToast *toast = adw_toast_new (markup);

  if (self->toast != NULL)
    adw_toast_dismiss (self->toast);
  g_set_weak_pointer (&self->toast, toast);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* --- Reports --- */

static void
report_exported_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(PortolanWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = portolan_export_finish (result, &error);
  g_autofree char *name = NULL;
  g_autofree char *message = NULL;

  /* The admin closed the chooser, or the window is gone */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (file == NULL)
    {
      portolan_window_show_error (self, _("The report could not be saved"), error->message);
      return;
    }

  name = g_file_get_basename (file);
  message = g_strdup_printf (_("Saved the report “%s”"), name);
  show_toast (self, message);
}

static void
export_report_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  PortolanWindow *self = PORTOLAN_WINDOW (widget);

  portolan_export_choose_file_async (GTK_WINDOW (self), self->plan,
                                     portolan_runner_get_started (self->runner),
                                     portolan_runner_get_duration_ms (self->runner),
                                     self->cancellable, report_exported_cb, g_object_ref (self));
}

/* The same as Export Report…, to a path given by the caller: for
 * scripts and tests, where no one answers a file chooser */
static void
export_report_to_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  PortolanWindow *self = PORTOLAN_WINDOW (widget);
  const char *path;
  gboolean redact;
  g_autoptr(GFile) file = NULL;

  g_variant_get (parameter, "(&sb)", &path, &redact);
  file = g_file_new_for_path (path);
  portolan_export_to_file_async (self->plan, portolan_runner_get_started (self->runner),
                                 portolan_runner_get_duration_ms (self->runner), redact, file,
                                 self->cancellable, report_exported_cb, g_object_ref (self));
}

static void
copy_summary_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  PortolanWindow *self = PORTOLAN_WINDOW (widget);
  g_autoptr(PortolanReport) report = NULL;
  g_autofree char *markdown = NULL;

  report = portolan_report_new (self->plan, portolan_runner_get_started (self->runner),
                                portolan_runner_get_duration_ms (self->runner), FALSE);
  markdown = portolan_report_to_markdown (report);
  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), markdown);
  show_toast (self, _("Copied the summary to the clipboard, as Markdown"));
}

/* --- Profiles --- */


/**
 * portolan_window_open_profile:
 *
 * Replaces the profile with the one in @file; on error the window keeps
 * the profile it had.
 */
gboolean
portolan_window_open_profile (PortolanWindow  *self,
                              GFile           *file,
                              GError         **error)
{
  g_autoptr(PortolanProfile) profile = NULL;
  g_autofree char *path = NULL;

  g_return_val_if_fail (PORTOLAN_IS_WINDOW (self), FALSE);

  profile = portolan_profile_new_from_file (get_catalogue (self), file, error);
  if (profile == NULL)
    return FALSE;

  set_profile (self, profile, file);
  path = g_file_get_path (file);
  g_settings_set_string (self->settings, "last-profile", path ? path : "");
  return TRUE;
}

static void
open_response_cb (GtkNativeDialog *chooser,
                  int              response,
                  PortolanWindow  *self)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;

  if (response == GTK_RESPONSE_ACCEPT && !g_cancellable_is_cancelled (self->cancellable))
    {
      file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      if (!portolan_window_open_profile (self, file, &error))
        portolan_window_show_error (self, _("The profile could not be opened"), error->message);
    }

  g_object_unref (chooser);
}

static GtkFileFilter *
json_filter (void)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("Portolan profiles (JSON)"));
  gtk_file_filter_add_mime_type (filter, "application/json");
  gtk_file_filter_add_suffix (filter, "json");
  return filter;
}

static void
open_profile_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  PortolanWindow *self = PORTOLAN_WINDOW (widget);
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = json_filter ();

  /* The native chooser goes through the portal inside a Flatpak */
  chooser = gtk_file_chooser_native_new (_("Open Profile"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  /* The chooser may answer after the window closed */
  g_signal_connect_data (chooser, "response", G_CALLBACK (open_response_cb),
                         g_object_ref (self), (GClosureNotify) g_object_unref, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
saved_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(PortolanWindow) self = user_data;
  g_autoptr(GFile) file = g_object_steal_data (G_OBJECT (self), "saving-file");
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *message = NULL;

  if (!portolan_profile_save_finish (PORTOLAN_PROFILE (object), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        portolan_window_show_error (self, _("The profile could not be saved"), error->message);
      return;
    }

  g_set_object (&self->profile_file, file);
  update_subtitle (self);
  name = g_file_get_basename (file);
  message = g_strdup_printf (_("Saved “%s”"), name);
  show_toast (self, message);
  {
    g_autofree char *path = g_file_get_path (file);

    g_settings_set_string (self->settings, "last-profile", path ? path : "");
  }
}

static void
save_response_cb (GtkNativeDialog *chooser,
                  int              response,
                  PortolanWindow  *self)
{
  if (response == GTK_RESPONSE_ACCEPT && !g_cancellable_is_cancelled (self->cancellable))
    {
      GFile *file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      g_object_set_data_full (G_OBJECT (self), "saving-file", file, g_object_unref);
      portolan_profile_save_async (self->profile, file, self->cancellable, saved_cb, g_object_ref (self));
    }

  g_object_unref (chooser);
}

static void
save_profile_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  PortolanWindow *self = PORTOLAN_WINDOW (widget);
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = json_filter ();
  gboolean hosts_ok = FALSE;

  /* The file holds what the entries say */
  g_signal_emit_by_name (self->side_pane, "commit-hosts", &hosts_ok);
  if (!hosts_ok)
    return;

  chooser = gtk_file_chooser_native_new (_("Save Profile"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  if (self->profile_file != NULL)
    gtk_file_chooser_set_file (GTK_FILE_CHOOSER (chooser), self->profile_file, NULL);
  else
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), _("portolan-profile.json"));
  g_signal_connect_data (chooser, "response", G_CALLBACK (save_response_cb),
                         g_object_ref (self), (GClosureNotify) g_object_unref, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* --- Selection --- */

static void
check_selected_cb (PortolanWindow *self,
                   PortolanCheck  *check)
{
  if (check == NULL || self->plan == NULL)
    {
      portolan_details_view_clear (self->details_view);
      portolan_graph_view_select_link (self->graph_view, NULL, NULL);
      return;
    }

  portolan_details_view_show_link (self->details_view, self->plan, portolan_check_get_link (check));
  portolan_graph_view_select_link (self->graph_view, portolan_link_get_id (portolan_check_get_link (check)),
                                   portolan_check_get_to (check));
}

static void
graph_selected_cb (PortolanWindow            *self,
                   const PortolanRendererHit *hit)
{
  PortolanCatalogue *catalogue = get_catalogue (self);

  if (hit != NULL && hit->kind == PORTOLAN_RENDERER_HIT_ROLE)
    {
      portolan_results_view_select_link (self->results_view, NULL);
      portolan_details_view_show_role (self->details_view, self->profile,
                                       portolan_catalogue_lookup_role (catalogue, hit->role_id));
    }
  else if (hit != NULL && hit->link_ids != NULL && hit->link_ids[0] != NULL && self->plan != NULL)
    {
      portolan_results_view_select_link (self->results_view, hit->link_ids[0]);
      portolan_details_view_show_link (self->details_view, self->plan,
                                       portolan_catalogue_lookup_link (catalogue, hit->link_ids[0]));
    }
  else
    {
      portolan_results_view_select_link (self->results_view, NULL);
      portolan_details_view_clear (self->details_view);
    }
}

/* --- GObject --- */

static gboolean
portolan_window_close_request (GtkWindow *window)
{
  PortolanWindow *self = PORTOLAN_WINDOW (window);
  int width, height;

  /* Closing stops the probes; their sockets close as they end */
  if (self->runner != NULL)
    portolan_runner_stop (self->runner);

  gtk_window_get_default_size (window, &width, &height);
  g_settings_set_int (self->settings, "window-width", width);
  g_settings_set_int (self->settings, "window-height", height);
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));

  return GTK_WINDOW_CLASS (portolan_window_parent_class)->close_request (window);
}

static void
portolan_window_dispose (GObject *object)
{
  PortolanWindow *self = (PortolanWindow *)object;

  g_cancellable_cancel (self->cancellable);
  g_signal_group_set_target (self->runner_signals, NULL);
  g_signal_group_set_target (self->profile_signals, NULL);
  if (self->runner != NULL)
    portolan_runner_stop (self->runner);

  /* The parts tell of their selections as they go; nobody is listening */
  if (self->results_view != NULL)
    g_signal_handlers_disconnect_by_data (self->results_view, self);
  if (self->graph_view != NULL)
    g_signal_handlers_disconnect_by_data (self->graph_view, self);
  if (self->side_pane != NULL)
    g_signal_handlers_disconnect_by_data (self->side_pane, self);

  g_clear_weak_pointer (&self->toast);
  gtk_widget_dispose_template (GTK_WIDGET (self), PORTOLAN_TYPE_WINDOW);

  g_clear_object (&self->runner);
  g_clear_object (&self->runner_signals);
  g_clear_object (&self->profile_signals);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->plan);
  g_clear_object (&self->profile);
  g_clear_object (&self->profile_file);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->plan_error, g_free);

  G_OBJECT_CLASS (portolan_window_parent_class)->dispose (object);
}

static void
portolan_window_class_init (PortolanWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = portolan_window_dispose;
  window_class->close_request = portolan_window_close_request;

  g_type_ensure (PORTOLAN_TYPE_SIDE_PANE);
  g_type_ensure (PORTOLAN_TYPE_GRAPH_VIEW);
  g_type_ensure (PORTOLAN_TYPE_RESULTS_VIEW);
  g_type_ensure (PORTOLAN_TYPE_DETAILS_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/portolan-window.ui");
  gtk_widget_class_bind_template_child (widget_class, PortolanWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, PortolanWindow, run_button);
  gtk_widget_class_bind_template_child (widget_class, PortolanWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, PortolanWindow, side_pane);
  gtk_widget_class_bind_template_child (widget_class, PortolanWindow, graph_view);
  gtk_widget_class_bind_template_child (widget_class, PortolanWindow, results_view);
  gtk_widget_class_bind_template_child (widget_class, PortolanWindow, details_view);
  gtk_widget_class_bind_template_child (widget_class, PortolanWindow, status_label);
  gtk_widget_class_bind_template_child (widget_class, PortolanWindow, progress_bar);
  gtk_widget_class_bind_template_callback (widget_class, check_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, graph_selected_cb);

  gtk_widget_class_install_action (widget_class, "win.run", NULL, run_action);
  gtk_widget_class_install_action (widget_class, "win.stop", NULL, stop_action);
  gtk_widget_class_install_action (widget_class, "win.set-source", "s", set_source_action);
  gtk_widget_class_install_action (widget_class, "win.set-target", "s", set_target_action);
  gtk_widget_class_install_action (widget_class, "win.open-profile", NULL, open_profile_action);
  gtk_widget_class_install_action (widget_class, "win.preferences", NULL, preferences_action);
  gtk_widget_class_install_action (widget_class, "win.export-report", NULL, export_report_action);
  gtk_widget_class_install_action (widget_class, "win.export-report-to", "(sb)", export_report_to_action);
  gtk_widget_class_install_action (widget_class, "win.copy-summary", NULL, copy_summary_action);
  gtk_widget_class_install_action (widget_class, "win.save-profile", NULL, save_profile_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "win.run", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "win.run", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "win.stop", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "win.open-profile", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "win.save-profile", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_comma, GDK_CONTROL_MASK, "win.preferences", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK, "win.export-report", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_c, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.copy-summary", NULL);
}

static void
portolan_window_init (PortolanWindow *self)
{
  self->cancellable = g_cancellable_new ();
  self->profile_signals = g_signal_group_new (PORTOLAN_TYPE_PROFILE);
  g_signal_group_connect_swapped (self->profile_signals, "changed", G_CALLBACK (rebuild_plan), self);
  self->runner_signals = g_signal_group_new (PORTOLAN_TYPE_RUNNER);
  g_signal_group_connect_swapped (self->runner_signals, "notify::n-finished", G_CALLBACK (n_finished_changed_cb), self);
  g_signal_group_connect_swapped (self->runner_signals, "finished", G_CALLBACK (run_finished_cb), self);

  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APPLICATION_ID);
  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
}

static void
restore_last_profile (PortolanWindow *self)
{
  g_autofree char *last = g_settings_get_string (self->settings, "last-profile");
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;

  if (*last == '\0' || !g_file_test (last, G_FILE_TEST_EXISTS))
    return;

  file = g_file_new_for_path (last);
  if (!portolan_window_open_profile (self, file, &error))
    {
      g_autofree char *message = g_strdup_printf (_("The last profile could not be opened: %s"), error->message);

      gtk_label_set_text (self->status_label, message);
    }
}

PortolanWindow *
portolan_window_new (PortolanApplication *application)
{
  PortolanWindow *self = g_object_new (PORTOLAN_TYPE_WINDOW, "application", application, NULL);
  PortolanCatalogue *catalogue = portolan_application_get_catalogue (application);
  g_autoptr(PortolanProfile) profile = NULL;
  g_autofree char *source = g_settings_get_string (self->settings, "source-role");
  g_autofree char *target = g_settings_get_string (self->settings, "target-role");

  profile = portolan_profile_new (catalogue);
  set_profile (self, profile, NULL);
  portolan_side_pane_set_direction (self->side_pane, source, target);
  g_signal_connect_swapped (self->side_pane, "route-changed", G_CALLBACK (direction_changed_cb), self);
  g_signal_connect_swapped (self->side_pane, "notify::host-problem", G_CALLBACK (host_problem_changed_cb), self);
  rebuild_plan (self);
  restore_last_profile (self);

  return self;
}

PortolanProfile *
portolan_window_get_profile (PortolanWindow *self)
{
  g_return_val_if_fail (PORTOLAN_IS_WINDOW (self), NULL);

  return self->profile;
}

PortolanPlan *
portolan_window_get_plan (PortolanWindow *self)
{
  g_return_val_if_fail (PORTOLAN_IS_WINDOW (self), NULL);

  return self->plan;
}

gboolean
portolan_window_is_running (PortolanWindow *self)
{
  g_return_val_if_fail (PORTOLAN_IS_WINDOW (self), FALSE);

  return self->runner != NULL && portolan_runner_is_running (self->runner);
}

/**
 * portolan_window_show_error:
 * @heading: what could not be done
 * @message: why, as the error said it: plain text, never markup
 *
 * Shows a modal message over the window until the admin closes it.
 */
void
portolan_window_show_error (PortolanWindow *self,
                            const char     *heading,
                            const char     *message)
{
  GtkWidget *dialog;

  g_return_if_fail (PORTOLAN_IS_WINDOW (self));

  dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, message);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_set_modal (GTK_WINDOW (dialog), TRUE);
  gtk_window_set_destroy_with_parent (GTK_WINDOW (dialog), TRUE);
  gtk_window_present (GTK_WINDOW (dialog));
}
