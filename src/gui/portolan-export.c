/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-export.c
 *
 * Export Report…: a native file chooser (so the Flatpak portal works)
 * with one filter a format and a choice to replace host names and
 * addresses with placeholders; the report is written asynchronously and
 * atomically by the core; the window learns the outcome through the
 * usual _async and _finish pair.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "portolan-export.h"

typedef struct
{
  PortolanPlan *plan;
  GDateTime    *started;
  double        duration_ms;
  GFile        *file;
} Export;

static void
export_free (Export *export)
{
  g_clear_object (&export->plan);
  g_clear_pointer (&export->started, g_date_time_unref);
  g_clear_object (&export->file);
  g_free (export);
}

static GTask *
export_task_new (PortolanPlan        *plan,
                 GDateTime           *started,
                 double               duration_ms,
                 GCancellable        *cancellable,
                 GAsyncReadyCallback  callback,
                 gpointer             user_data,
                 gpointer             source_tag)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  Export *export = g_new0 (Export, 1);

  export->plan = g_object_ref (plan);
  export->started = started ? g_date_time_ref (started) : NULL;
  export->duration_ms = duration_ms;
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, export, (GDestroyNotify) export_free);

  return task;
}

static void
saved_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  Export *export = g_task_get_task_data (task);

  if (!portolan_report_save_finish (PORTOLAN_REPORT (object), result, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, g_object_ref (export->file), g_object_unref);
}

static void
save (GTask                *task,
      PortolanReportFormat  format,
      gboolean              redact,
      GFile                *file)
{
  Export *export = g_task_get_task_data (task);
  g_autoptr(PortolanReport) report = portolan_report_new (export->plan, export->started,
                                                          export->duration_ms, redact);

  g_set_object (&export->file, file);
  portolan_report_save_async (report, format, file, g_task_get_cancellable (task), saved_cb, task);
}

/**
 * portolan_export_to_file_async:
 *
 * Writes the report in the format the file's name asks for.
 */
void
portolan_export_to_file_async (PortolanPlan        *plan,
                               GDateTime           *started,
                               double               duration_ms,
                               gboolean             redact,
                               GFile               *file,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *name = NULL;
  PortolanReportFormat format;

  g_return_if_fail (PORTOLAN_IS_PLAN (plan));
  g_return_if_fail (G_IS_FILE (file));

  task = export_task_new (plan, started, duration_ms, cancellable, callback, user_data,
                          portolan_export_to_file_async);
  name = g_file_get_basename (file);
  if (!portolan_report_format_from_filename (name, &format))
    {
      g_autofree char *extensions = portolan_report_list_extensions ();

      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_FILENAME,
                               _("“%s” has no report format's extension; use one of: %s"),
                               name, extensions);
      return;
    }

  save (g_steal_pointer (&task), format, redact, file);
}

static void
chooser_response_cb (GtkNativeDialog *chooser,
                     int              response,
                     gpointer         user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GFile) chosen = NULL;
  g_autofree char *name = NULL;
  const char *redact;
  GtkFileFilter *filter;
  PortolanReportFormat format;

  if (response != GTK_RESPONSE_ACCEPT)
    {
      /* Nothing to say to the admin, who closed the chooser */
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "No file was chosen");
      g_object_unref (chooser);
      return;
    }

  if (g_task_return_error_if_cancelled (task))
    {
      g_object_unref (chooser);
      return;
    }

  chosen = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  name = g_file_get_basename (chosen);
  redact = gtk_file_chooser_get_choice (GTK_FILE_CHOOSER (chooser), "redact");
  filter = gtk_file_chooser_get_filter (GTK_FILE_CHOOSER (chooser));

  /* The name's extension decides; without one, the chosen filter does */
  if (!portolan_report_format_from_filename (name, &format))
    {
      g_autofree char *with_extension = NULL;
      g_autoptr(GFile) parent = g_file_get_parent (chosen);

      format = filter ? GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (filter), "format")) : PORTOLAN_REPORT_FORMAT_PDF;
      with_extension = g_strdup_printf ("%s.%s", name, portolan_report_format_get_extension (format));
      g_clear_object (&chosen);
      chosen = g_file_get_child (parent, with_extension);
    }

  save (g_steal_pointer (&task), format, g_strcmp0 (redact, "true") == 0, chosen);
  g_object_unref (chooser);
}

/**
 * portolan_export_choose_file_async:
 *
 * Asks for a file and a format, then writes the report there. Closing
 * the chooser ends it with %G_IO_ERROR_CANCELLED.
 */
void
portolan_export_choose_file_async (GtkWindow           *parent,
                                   PortolanPlan        *plan,
                                   GDateTime           *started,
                                   double               duration_ms,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(PortolanReport) report = NULL;
  g_autofree char *suggested = NULL;
  GtkFileChooserNative *chooser;

  g_return_if_fail (PORTOLAN_IS_PLAN (plan));

  task = export_task_new (plan, started, duration_ms, cancellable, callback, user_data,
                          portolan_export_choose_file_async);
  report = portolan_report_new (plan, started, duration_ms, FALSE);
  suggested = portolan_report_suggest_filename (report, PORTOLAN_REPORT_FORMAT_PDF);
  chooser = gtk_file_chooser_native_new (_("Export Report"), parent, GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Export"), _("_Cancel"));

  for (PortolanReportFormat f = 0; f < PORTOLAN_REPORT_N_FORMATS; f++)
    {
      g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
      g_autofree char *pattern = g_strdup_printf ("*.%s", portolan_report_format_get_extension (f));

      gtk_file_filter_set_name (filter, portolan_report_format_get_name (f));
      gtk_file_filter_add_pattern (filter, pattern);
      g_object_set_data (G_OBJECT (filter), "format", GUINT_TO_POINTER (f));
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
      if (f == PORTOLAN_REPORT_FORMAT_PDF)
        gtk_file_chooser_set_filter (GTK_FILE_CHOOSER (chooser), filter);
    }

  gtk_file_chooser_add_choice (GTK_FILE_CHOOSER (chooser), "redact",
                               _("Replace host names and addresses with placeholders"), NULL, NULL);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), suggested);

  g_signal_connect (chooser, "response", G_CALLBACK (chooser_response_cb), g_steal_pointer (&task));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/**
 * portolan_export_finish:
 *
 * Returns: (transfer full): the file written, which the chooser may have
 *   given its format's extension; %NULL with @error set if none was
 */
GFile *
portolan_export_finish (GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
