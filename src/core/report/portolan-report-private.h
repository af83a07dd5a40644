/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-report-private.h: the report model, as its writers read it */
#pragma once

#include <json-glib/json-glib.h>

#include "portolan-catalogue.h"
#include "portolan-profile.h"
#include "portolan-report.h"

G_BEGIN_DECLS

#define PORTOLAN_REPORT_FONTS "Cantarell, DejaVu Sans, Sans"

/* One line of the table of checks; the strings are the report's, already
 * redacted when it is */
typedef struct
{
  PortolanCheck *check;      /* of the report's own plan */
  PortolanState  state;
  char          *port;       /* "8443/tcp" */
  const char    *from;       /* role names */
  const char    *to;
  char          *direction;  /* "UMS Console → UMS Server" */
  const char    *host;       /* NULL: none */
  const char    *address;    /* NULL: none */
  char          *latency;    /* "1.2 ms", or NULL */
  const char    *detail;     /* "" when none */
} PortolanReportRow;

/* A link that only the other side can test */
typedef struct
{
  char *port;         /* "30001/tcp" */
  char *direction;    /* "IGEL OS 11 Device → UMS Server" */
  char *description;
} PortolanReportOtherSide;

/* Everything is read once, when the report is made: afterwards nothing
 * changes, so the writers may run in any thread */
struct _PortolanReport
{
  GObject            parent_instance;

  PortolanCatalogue *catalogue;
  PortolanProfile   *profile;          /* a copy, redacted when the report is */
  PortolanPlan      *plan;             /* a copy with the results, likewise */
  GDateTime         *started;
  GDateTime         *created;
  double             duration_ms;
  gboolean           redacted;

  char              *host_name;
  GStrv              addresses;
  char              *source_name;
  char              *target_name;
  char              *profile_name;     /* "" when unnamed */
  GStrv              feature_ids;
  GStrv              feature_names;
  char              *catalogue_name;   /* "IGEL UMS 2026.1" */

  guint              counts[PORTOLAN_N_STATES];
  guint              n_problems;
  GPtrArray         *rows;             /* PortolanReportRow, problems first */
  GPtrArray         *other_side;       /* PortolanReportOtherSide */
};

/* The fields of a report's header, in the order of its two columns:
 * the first PORTOLAN_REPORT_FIELDS_PER_COLUMN on the left, the rest on
 * the right */
typedef enum
{
  PORTOLAN_REPORT_FIELD_STARTED,
  PORTOLAN_REPORT_FIELD_COMPUTER,
  PORTOLAN_REPORT_FIELD_SOURCE,
  PORTOLAN_REPORT_FIELD_TARGET,
  PORTOLAN_REPORT_FIELD_PROFILE,
  PORTOLAN_REPORT_FIELD_FEATURES,
  PORTOLAN_REPORT_FIELD_DURATION,
  PORTOLAN_REPORT_FIELD_VERSIONS,
  PORTOLAN_REPORT_N_FIELDS
} PortolanReportField;

#define PORTOLAN_REPORT_FIELDS_PER_COLUMN (PORTOLAN_REPORT_N_FIELDS / 2)

typedef struct
{
  const char *label;  /* "Run started" */
  char       *value;  /* "Tuesday, 7 January 2025, 14:03:12 CET · 2025-01-07T14:03:12+01:00" */
} PortolanReportHeaderRow;

/* The header as every writer shows it, with the parts of the values that
 * a writer may show apart */
typedef struct
{
  PortolanReportHeaderRow  rows[PORTOLAN_REPORT_N_FIELDS];  /* by PortolanReportField */
  char                    *date;      /* "Tuesday, 7 January 2025, 14:03:12 CET" */
  char                    *iso_date;  /* "2025-01-07T14:03:12+01:00" */
  char                    *duration;  /* "3.2 s", without the count of checks */
} PortolanReportHeader;

PortolanReportHeader *_portolan_report_get_header (PortolanReport       *self);
void                  _portolan_report_header_free (PortolanReportHeader *header);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PortolanReportHeader, _portolan_report_header_free)

/* The header, in words */
char       *_portolan_report_format_date         (PortolanReport *self,
                                                  gboolean        with_weekday);
char       *_portolan_report_format_iso_date     (PortolanReport *self);
char       *_portolan_report_format_duration     (PortolanReport *self);
char       *_portolan_report_format_computer     (PortolanReport *self);
char       *_portolan_report_format_role         (PortolanReport *self,
                                                  gboolean        source);
char       *_portolan_report_format_versions     (PortolanReport *self);
char       *_portolan_report_format_verdict      (PortolanReport *self);
char       *_portolan_report_format_counts       (PortolanReport *self,
                                                  gboolean        with_symbols);
const char *_portolan_report_state_meaning       (PortolanState   state);

/* The writers, each into memory */
GBytes     *_portolan_report_write_png           (PortolanReport *self,
                                                  GCancellable   *cancellable,
                                                  GError        **error);
GBytes     *_portolan_report_write_pdf           (PortolanReport *self,
                                                  GCancellable   *cancellable,
                                                  GError        **error);
GBytes     *_portolan_report_write_svg           (PortolanReport *self,
                                                  GCancellable   *cancellable,
                                                  GError        **error);
GBytes     *_portolan_report_write_html          (PortolanReport *self,
                                                  GCancellable   *cancellable,
                                                  GError        **error);
GBytes     *_portolan_report_write_json          (PortolanReport *self,
                                                  GError        **error);
char       *_portolan_report_write_markdown      (PortolanReport *self);

/* The graph as an SVG document, for the SVG and HTML reports */
GBytes     *_portolan_report_draw_graph_svg      (PortolanReport *self,
                                                  double          width,
                                                  double          height,
                                                  GError        **error);

G_END_DECLS
