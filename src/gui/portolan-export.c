/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-export.c
 *
 * Export Report…: a native file chooser (so the Flatpak portal works)
 * with one filter a format and a choice to replace host names and
 * addresses with placeholders; the report is written asynchronously and
 * atomically by the core, and the window learns the outcome.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "portolan-export.h"

typedef struct
{
  PortolanPlan       *plan;
  GDateTime          *started;
  double              duration_ms;
  PortolanExportDone  done;
  gpointer            user_data;
  GFile              *file;
} Export;

static void
export_free (Export *export)
{
  g_clear_object (&export->plan);
  g_clear_pointer (&export->started, g_date_time_unref);
  g_clear_object (&export->file);
  g_free (export);
}

static Export *
export_new (PortolanPlan       *plan,
            GDateTime          *started,
            double              duration_ms,
            PortolanExportDone  done,
            gpointer            user_data)
{
  Export *export = g_new0 (Export, 1);

  export->plan = g_object_ref (plan);
  export->started = started ? g_date_time_ref (started) : NULL;
  export->duration_ms = duration_ms;
  export->done = done;
  export->user_data = user_data;

  return export;
}

static void
saved_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  Export *export = user_data;
  g_autoptr(GError) error = NULL;

  portolan_report_save_finish (PORTOLAN_REPORT (object), result, &error);
  export->done (export->file, error, export->user_data);
  export_free (export);
}

static void
save (Export               *export,
      PortolanReportFormat  format,
      gboolean              redact,
      GFile                *file)
{
  g_autoptr(PortolanReport) report = portolan_report_new (export->plan, export->started,
                                                          export->duration_ms, redact);

  export->file = g_object_ref (file);
  portolan_report_save_async (report, format, file, NULL, saved_cb, export);
}

/**
 * portolan_export_to_file:
 *
 * Writes the report in the format the file's name asks for.
 */
void
portolan_export_to_file (PortolanPlan       *plan,
                         GDateTime          *started,
                         double              duration_ms,
                         gboolean            redact,
                         GFile              *file,
                         PortolanExportDone  done,
                         gpointer            user_data)
{
  Export *export = export_new (plan, started, duration_ms, done, user_data);
  g_autofree char *name = g_file_get_basename (file);
  PortolanReportFormat format;

  if (!portolan_report_format_from_filename (name, &format))
    {
      g_autofree char *extensions = portolan_report_list_extensions ();
      g_autoptr(GError) error = g_error_new (G_IO_ERROR, G_IO_ERROR_INVALID_FILENAME,
                                             _("“%s” has no report format's extension; use one of: %s"),
                                             name, extensions);

      export->file = g_object_ref (file);
      done (file, error, user_data);
      export_free (export);
      return;
    }

  save (export, format, redact, file);
}

static void
chooser_response_cb (GtkNativeDialog *chooser,
                     int              response,
                     Export          *export)
{
  g_autoptr(GFile) chosen = NULL;
  g_autofree char *name = NULL;
  const char *redact;
  GtkFileFilter *filter;
  PortolanReportFormat format;

  if (response != GTK_RESPONSE_ACCEPT)
    {
      export_free (export);
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

  save (export, format, g_strcmp0 (redact, "true") == 0, chosen);
  g_object_unref (chooser);
}

void
portolan_export_choose_file (GtkWindow          *parent,
                             PortolanPlan       *plan,
                             GDateTime          *started,
                             double              duration_ms,
                             PortolanExportDone  done,
                             gpointer            user_data)
{
  Export *export = export_new (plan, started, duration_ms, done, user_data);
  g_autoptr(PortolanReport) report = portolan_report_new (plan, started, duration_ms, FALSE);
  g_autofree char *suggested = portolan_report_suggest_filename (report, PORTOLAN_REPORT_FORMAT_PDF);
  GtkFileChooserNative *chooser;

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

  g_signal_connect (chooser, "response", G_CALLBACK (chooser_response_cb), export);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}
