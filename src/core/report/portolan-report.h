/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-report.h: a support report of one run, in the formats a ticket takes */
#pragma once

#include <gio/gio.h>

#include "portolan-plan.h"
#include "portolan-state.h"

G_BEGIN_DECLS

/* The "schema" of the JSON report */
#define PORTOLAN_REPORT_SCHEMA 1

typedef enum
{
  PORTOLAN_REPORT_FORMAT_PNG,       /*< nick=png >*/       /* graph, header and table, at 2× */
  PORTOLAN_REPORT_FORMAT_PDF,       /*< nick=pdf >*/       /* A4 landscape, vector, paged */
  PORTOLAN_REPORT_FORMAT_SVG,       /*< nick=svg >*/       /* the graph */
  PORTOLAN_REPORT_FORMAT_HTML,      /*< nick=html >*/      /* one self-contained page */
  PORTOLAN_REPORT_FORMAT_JSON,      /*< nick=json >*/      /* `portolan-cli check --json` and a header */
  PORTOLAN_REPORT_FORMAT_MARKDOWN,  /*< nick=markdown >*/  /* a summary and a table for a ticket */
} PortolanReportFormat;

#define PORTOLAN_REPORT_N_FORMATS (PORTOLAN_REPORT_FORMAT_MARKDOWN + 1)

#define PORTOLAN_TYPE_REPORT (portolan_report_get_type ())

G_DECLARE_FINAL_TYPE (PortolanReport, portolan_report, PORTOLAN, REPORT, GObject)

gboolean            portolan_report_format_from_filename (const char            *name,
                                                          PortolanReportFormat  *format);
const char         *portolan_report_format_get_extension (PortolanReportFormat   format);
const char         *portolan_report_format_get_mime_type (PortolanReportFormat   format);
const char         *portolan_report_format_get_name      (PortolanReportFormat   format);
char               *portolan_report_list_extensions      (void);

PortolanReport     *portolan_report_new                  (PortolanPlan          *plan,
                                                          GDateTime             *started,
                                                          double                 duration_ms,
                                                          gboolean               redact);
PortolanReport     *portolan_report_new_for_computer     (PortolanPlan          *plan,
                                                          GDateTime             *started,
                                                          double                 duration_ms,
                                                          gboolean               redact,
                                                          const char            *host_name,
                                                          const char * const    *addresses);

PortolanPlan       *portolan_report_get_plan             (PortolanReport        *self);
GDateTime          *portolan_report_get_started          (PortolanReport        *self);
double              portolan_report_get_duration_ms      (PortolanReport        *self);
gboolean            portolan_report_get_redacted         (PortolanReport        *self);
const char         *portolan_report_get_host_name        (PortolanReport        *self);
const char * const *portolan_report_get_addresses        (PortolanReport        *self);
const char         *portolan_report_get_profile_name     (PortolanReport        *self);
guint               portolan_report_count                (PortolanReport        *self,
                                                          PortolanState          state);
guint               portolan_report_count_problems       (PortolanReport        *self);
char               *portolan_report_suggest_filename     (PortolanReport        *self,
                                                          PortolanReportFormat   format);

gboolean            portolan_report_write                (PortolanReport        *self,
                                                          PortolanReportFormat   format,
                                                          GOutputStream         *out,
                                                          GCancellable          *cancellable,
                                                          GError               **error);
GBytes             *portolan_report_to_bytes             (PortolanReport        *self,
                                                          PortolanReportFormat   format,
                                                          GCancellable          *cancellable,
                                                          GError               **error);
char               *portolan_report_to_markdown          (PortolanReport        *self);

gboolean            portolan_report_save                 (PortolanReport        *self,
                                                          PortolanReportFormat   format,
                                                          GFile                 *file,
                                                          GCancellable          *cancellable,
                                                          GError               **error);
void                portolan_report_save_async           (PortolanReport        *self,
                                                          PortolanReportFormat   format,
                                                          GFile                 *file,
                                                          GCancellable          *cancellable,
                                                          GAsyncReadyCallback    callback,
                                                          gpointer               user_data);
gboolean            portolan_report_save_finish          (PortolanReport        *self,
                                                          GAsyncResult          *result,
                                                          GError               **error);

G_END_DECLS
