/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-report-graphics.c
 *
 * The reports that are drawn: PNG (one tall image at 2×), PDF (A4
 * landscape, the table running over as many pages as it needs, with a
 * short header and the column heads on each) and SVG (the graph).
 *
 * Both PNG and PDF are laid out on a "sheet" a fixed number of units
 * wide, 1536 for the PNG and 1120 for the PDF, which is scaled down to
 * the page, so that one layout code serves both and text keeps its
 * proportions. Every part is a function that draws at a position and
 * returns its height; without a cairo_t it only measures, which is how
 * the PNG learns its height and the PDF counts its pages first.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <cairo.h>
#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <glib/gi18n-lib.h>
#include <pango/pangocairo.h>

#include "portolan-palette.h"
#include "portolan-renderer.h"
#include "portolan-report-private.h"

#define PNG_WIDTH        1600.0
#define PNG_SCALE        2
#define PNG_MARGIN       32.0
#define PNG_GRAPH_HEIGHT 860.0
/* 3200 × 10400 pixels at most: about 130 MB while it is drawn */
#define PNG_MAX_HEIGHT   5200.0

#define PDF_PAGE_WIDTH   841.89   /* A4 landscape, in points */
#define PDF_PAGE_HEIGHT  595.28
#define PDF_MARGIN       28.0
#define PDF_SHEET_WIDTH  1120.0

#define SVG_WIDTH        1600.0
#define SVG_HEIGHT       900.0

#define GAP              18.0
#define CELL_PAD_X       6.0
#define CELL_PAD_Y       5.0
#define CHIP_WIDTH       26.0
#define CHIP_HEIGHT      16.0
#define LABEL_WIDTH      124.0

typedef enum
{
  FONT_TITLE,
  FONT_SUBTITLE,
  FONT_LABEL,
  FONT_VALUE,
  FONT_VERDICT,
  FONT_SECTION,
  FONT_NOTE,
  FONT_HEAD,
  FONT_CELL,
  FONT_CELL_BOLD,
  FONT_SMALL,
  FONT_RUNNING,
  N_FONTS
} Font;

static const struct
{
  double      size;
  PangoWeight weight;
} font_specs[N_FONTS] = {
  [FONT_TITLE] = { 27, PANGO_WEIGHT_BOLD },
  [FONT_SUBTITLE] = { 17, PANGO_WEIGHT_NORMAL },
  [FONT_LABEL] = { 11.5, PANGO_WEIGHT_BOLD },
  [FONT_VALUE] = { 12.5, PANGO_WEIGHT_NORMAL },
  [FONT_VERDICT] = { 18, PANGO_WEIGHT_BOLD },
  [FONT_SECTION] = { 16, PANGO_WEIGHT_BOLD },
  [FONT_NOTE] = { 12, PANGO_WEIGHT_NORMAL },
  [FONT_HEAD] = { 11, PANGO_WEIGHT_BOLD },
  [FONT_CELL] = { 11.5, PANGO_WEIGHT_NORMAL },
  [FONT_CELL_BOLD] = { 11.5, PANGO_WEIGHT_BOLD },
  [FONT_SMALL] = { 10.5, PANGO_WEIGHT_NORMAL },
  [FONT_RUNNING] = { 12.5, PANGO_WEIGHT_BOLD },
};

typedef enum
{
  COL_STATE,
  COL_PORT,
  COL_DIRECTION,
  COL_HOST,
  COL_ADDRESS,
  COL_LATENCY,
  COL_DETAIL,
  N_COLUMNS
} Column;

/* At the PDF's width; the PNG's are a little wider, the detail takes
 * the rest */
static const double column_widths[N_COLUMNS - 1] = {
  [COL_STATE] = 112,
  [COL_PORT] = 84,
  [COL_DIRECTION] = 196,
  [COL_HOST] = 150,
  [COL_ADDRESS] = 118,
  [COL_LATENCY] = 70,
};

typedef struct
{
  double r, g, b;
} Color;

#define HEX(hex) { ((hex) >> 16 & 0xff) / 255.0, ((hex) >> 8 & 0xff) / 255.0, ((hex) & 0xff) / 255.0 }

/* The page's colours, as the HTML report's: see portolan-palette.h */
static const Color paper = HEX (PORTOLAN_PAGE_PAPER);
static const Color ink = HEX (PORTOLAN_PAGE_INK);
static const Color dim = HEX (PORTOLAN_PAGE_DIM);
static const Color rule = HEX (PORTOLAN_PAGE_RULE);
static const Color zebra = HEX (PORTOLAN_PAGE_ZEBRA);
static const Color frame = HEX (PORTOLAN_PAGE_FRAME);
static const Color accent = HEX (PORTOLAN_PAGE_ACCENT);
static const Color bad = HEX (PORTOLAN_PAGE_BAD);
static const Color unfinished = HEX (PORTOLAN_PAGE_UNFINISHED);
static const Color good = HEX (PORTOLAN_PAGE_GOOD);

typedef struct
{
  PangoLayout *cells[N_COLUMNS];  /* COL_STATE: the state's word */
  double       height;
} RowCells;

typedef struct
{
  PortolanReport       *report;
  PortolanRenderer     *renderer;
  PangoContext         *context;
  PangoFontDescription *fonts[N_FONTS];
  double                width;
  double                columns[N_COLUMNS + 1];  /* the x of each, then the right edge */
  GPtrArray            *rows;                    /* RowCells, made when first needed */
} Sheet;

static void
row_cells_free (RowCells *cells)
{
  for (guint c = 0; c < N_COLUMNS; c++)
    g_clear_object (&cells->cells[c]);
  g_free (cells);
}

static void
sheet_init (Sheet          *sheet,
            PortolanReport *report,
            double          width)
{
  cairo_font_options_t *options = cairo_font_options_create ();
  double wide = width > 1400 ? 1.15 : 1.0;
  double x = 0;

  memset (sheet, 0, sizeof *sheet);
  sheet->report = report;
  sheet->width = width;
  sheet->renderer = portolan_renderer_new (report->catalogue);
  portolan_renderer_set_plan (sheet->renderer, report->plan);

  /* The same metrics on every surface, as the renderer has them: the
   * PNG and the PDF break lines at the same places. Each thread has a
   * font map of its own, so this may run in a worker. */
  sheet->context = pango_font_map_create_context (pango_cairo_font_map_get_default ());
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options (sheet->context, options);
  pango_cairo_context_set_resolution (sheet->context, 96);
  pango_context_set_round_glyph_positions (sheet->context, FALSE);
  cairo_font_options_destroy (options);

  for (guint f = 0; f < N_FONTS; f++)
    {
      sheet->fonts[f] = pango_font_description_from_string (PORTOLAN_REPORT_FONTS);
      pango_font_description_set_absolute_size (sheet->fonts[f], font_specs[f].size * PANGO_SCALE);
      pango_font_description_set_weight (sheet->fonts[f], font_specs[f].weight);
    }

  for (guint c = 0; c < N_COLUMNS - 1; c++)
    {
      sheet->columns[c] = x;
      x += round (column_widths[c] * wide);
    }
  sheet->columns[COL_DETAIL] = x;
  sheet->columns[N_COLUMNS] = width;

  sheet->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) row_cells_free);
}

static void
sheet_clear (Sheet *sheet)
{
  g_clear_object (&sheet->renderer);
  g_clear_object (&sheet->context);
  for (guint f = 0; f < N_FONTS; f++)
    g_clear_pointer (&sheet->fonts[f], pango_font_description_free);
  g_clear_pointer (&sheet->rows, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Sheet, sheet_clear)

/* Text */

/* A layout of @text in @font, wrapped at @width (none when <= 0) */
static PangoLayout *
text_layout (Sheet      *sheet,
             Font        font,
             const char *text,
             double      width)
{
  PangoLayout *layout = pango_layout_new (sheet->context);

  pango_layout_set_font_description (layout, sheet->fonts[font]);
  pango_layout_set_text (layout, text ? text : "", -1);
  if (width > 0)
    {
      PangoAttrList *attrs = pango_attr_list_new ();

      pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
      pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
      /* A host name broken across lines must not gain a hyphen */
      pango_attr_list_insert (attrs, pango_attr_insert_hyphens_new (FALSE));
      pango_layout_set_attributes (layout, attrs);
      pango_attr_list_unref (attrs);
    }

  return layout;
}

static double
layout_height (PangoLayout *layout)
{
  PangoRectangle logical;

  pango_layout_get_extents (layout, NULL, &logical);
  return (double) logical.height / PANGO_SCALE;
}

static double
layout_width (PangoLayout *layout)
{
  PangoRectangle logical;

  pango_layout_get_extents (layout, NULL, &logical);
  return (double) logical.width / PANGO_SCALE;
}

static void
set_color (cairo_t     *cr,
           const Color *color)
{
  cairo_set_source_rgb (cr, color->r, color->g, color->b);
}

static void
show (cairo_t     *cr,
      PangoLayout *layout,
      double       x,
      double       y,
      const Color *color)
{
  if (cr == NULL)
    return;

  set_color (cr, color);
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
}

static void
fill_rect (cairo_t     *cr,
           double       x,
           double       y,
           double       width,
           double       height,
           const Color *color)
{
  if (cr == NULL)
    return;

  cairo_rectangle (cr, x, y, width, height);
  set_color (cr, color);
  cairo_fill (cr);
}

static void
draw_chip (Sheet         *sheet,
           cairo_t       *cr,
           PortolanState  state,
           double         x,
           double         y)
{
  if (cr != NULL)
    portolan_renderer_draw_state_chip (sheet->renderer, cr, state, x, y, CHIP_WIDTH, CHIP_HEIGHT);
}

static const Color *
verdict_color (PortolanReport *report)
{
  if (report->n_problems > 0)
    return &bad;
  if (report->counts[PORTOLAN_STATE_PENDING] + report->counts[PORTOLAN_STATE_CANCELLED] > 0)
    return &unfinished;
  if (report->counts[PORTOLAN_STATE_VERIFIED] + report->counts[PORTOLAN_STATE_OPEN] +
      report->counts[PORTOLAN_STATE_UNVERIFIED] == 0)
    return &dim;
  return &good;
}

/* The header */

/* "Portolan report", "UMS Server → All roles", and a tag when redacted */
static double
draw_title (Sheet   *sheet,
            cairo_t *cr,
            double   x,
            double   y)
{
  PortolanReport *report = sheet->report;
  g_autoptr(PangoLayout) title = text_layout (sheet, FONT_TITLE, _("Portolan report"), -1);
  g_autofree char *route = g_strdup_printf ("%s → %s", report->source_name, report->target_name);
  g_autoptr(PangoLayout) subtitle = text_layout (sheet, FONT_SUBTITLE, route, sheet->width);
  double title_height = layout_height (title);

  show (cr, title, x, y, &ink);
  show (cr, subtitle, x, y + title_height, &dim);

  if (report->redacted)
    {
      g_autoptr(PangoLayout) tag = text_layout (sheet, FONT_LABEL, _("Host names and addresses redacted"), -1);
      double w = layout_width (tag) + 20, h = layout_height (tag) + 8;
      double tx = x + sheet->width - w, ty = y + (title_height - h) / 2;

      if (cr != NULL)
        {
          cairo_new_sub_path (cr);
          cairo_arc (cr, tx + h / 2, ty + h / 2, h / 2, G_PI / 2, 3 * G_PI / 2);
          cairo_arc (cr, tx + w - h / 2, ty + h / 2, h / 2, -G_PI / 2, G_PI / 2);
          cairo_close_path (cr);
          set_color (cr, &accent);
          cairo_fill (cr);
        }
      show (cr, tag, tx + 10, ty + 4, &paper);
    }

  return title_height + layout_height (subtitle);
}

/* A column of label: value lines */
static double
draw_fields (Sheet                         *sheet,
             cairo_t                       *cr,
             double                         x,
             double                         y,
             double                         width,
             const PortolanReportHeaderRow *rows,
             guint                          n_rows)
{
  double top = y;

  for (guint i = 0; i < n_rows; i++)
    {
      g_autoptr(PangoLayout) label = text_layout (sheet, FONT_LABEL, rows[i].label, LABEL_WIDTH - 8);
      g_autoptr(PangoLayout) value = text_layout (sheet, FONT_VALUE, rows[i].value, width - LABEL_WIDTH);
      double label_h = layout_height (label), value_h = layout_height (value);

      /* Baselines aligned: the label is a little smaller */
      show (cr, label, x, y + (pango_layout_get_baseline (value) - pango_layout_get_baseline (label)) / (double) PANGO_SCALE, &dim);
      show (cr, value, x + LABEL_WIDTH, y, &ink);
      y += MAX (label_h, value_h) + 5;
    }

  return y - top;
}

static double
draw_header (Sheet   *sheet,
             cairo_t *cr,
             double   x,
             double   y)
{
  g_autoptr(PortolanReportHeader) header = _portolan_report_get_header (sheet->report);
  const PortolanReportHeaderRow *left = header->rows;
  const PortolanReportHeaderRow *right = header->rows + PORTOLAN_REPORT_FIELDS_PER_COLUMN;
  double column = (sheet->width - 2 * GAP) / 2;
  double top = y, h;

  y += draw_title (sheet, cr, x, y) + 12;
  if (cr != NULL)
    fill_rect (cr, x, y, sheet->width, 1, &rule);
  y += 12;

  h = draw_fields (sheet, cr, x, y, column, left, PORTOLAN_REPORT_FIELDS_PER_COLUMN);
  h = MAX (h, draw_fields (sheet, cr, x + column + 2 * GAP, y, column, right,
                           PORTOLAN_REPORT_N_FIELDS - PORTOLAN_REPORT_FIELDS_PER_COLUMN));

  return y + h - top;
}

/* The verdict, and the count of each state */
static double
draw_summary (Sheet   *sheet,
              cairo_t *cr,
              double   x,
              double   y)
{
  PortolanReport *report = sheet->report;
  g_autofree char *verdict_text = _portolan_report_format_verdict (report);
  g_autoptr(PangoLayout) verdict = text_layout (sheet, FONT_VERDICT, verdict_text, sheet->width);
  const PortolanState *order;
  guint n_states;
  double top = y, px = x, line_height = CHIP_HEIGHT + 6;

  show (cr, verdict, x, y, verdict_color (report));
  y += layout_height (verdict) + 6;

  order = portolan_state_get_severity_order (&n_states);
  for (guint i = 0; i < n_states; i++)
    {
      PortolanState state = order[i];
      g_autofree char *text = NULL;
      g_autoptr(PangoLayout) label = NULL;
      double w;

      if (report->counts[state] == 0)
        continue;

      text = g_strdup_printf ("%u %s", report->counts[state], portolan_state_get_label (state));
      label = text_layout (sheet, FONT_VALUE, text, -1);
      line_height = MAX (line_height, layout_height (label));
      w = CHIP_WIDTH + 6 + layout_width (label);
      if (px > x && px + w > x + sheet->width)
        {
          px = x;
          y += line_height + 4;
        }

      draw_chip (sheet, cr, state, px, y + (line_height - CHIP_HEIGHT) / 2);
      show (cr, label, px + CHIP_WIDTH + 6, y + (line_height - layout_height (label)) / 2,
            portolan_state_is_problem (state) ? &ink : &dim);
      px += w + 22;
    }

  return y + line_height - top;
}

static void
draw_graph (Sheet   *sheet,
            cairo_t *cr,
            double   x,
            double   y,
            double   width,
            double   height)
{
  if (cr == NULL)
    return;

  cairo_save (cr);
  cairo_rectangle (cr, x, y, width, height);
  cairo_clip (cr);
  cairo_translate (cr, x, y);
  portolan_renderer_draw (sheet->renderer, cr, width, height);
  cairo_restore (cr);

  cairo_rectangle (cr, x - 0.5, y - 0.5, width + 1, height + 1);
  cairo_set_line_width (cr, 1);
  set_color (cr, &frame);
  cairo_stroke (cr);
}

/* A section's title, and an explanation under it */
static double
draw_section (Sheet      *sheet,
              cairo_t    *cr,
              double      x,
              double      y,
              const char *title,
              const char *note)
{
  g_autoptr(PangoLayout) heading = text_layout (sheet, FONT_SECTION, title, sheet->width);
  double h = layout_height (heading) + 4;

  show (cr, heading, x, y, &ink);
  if (note != NULL)
    {
      g_autoptr(PangoLayout) text = text_layout (sheet, FONT_NOTE, note, sheet->width);

      show (cr, text, x, y + h, &dim);
      h += layout_height (text) + 2;
    }

  return h + 6;
}

/* The table */

static const char *
column_title (Column column)
{
  switch (column)
    {
    case COL_STATE: return _("State");
    case COL_PORT: return _("Port");
    case COL_DIRECTION: return _("Initiator → listener");
    case COL_HOST: return _("Host");
    case COL_ADDRESS: return _("Address");
    case COL_LATENCY: return _("Latency");
    case COL_DETAIL: return _("Detail");
    case N_COLUMNS:
    default: return "";
    }
}

static double
cell_width (Sheet  *sheet,
            Column  column)
{
  return sheet->columns[column + 1] - sheet->columns[column] - 2 * CELL_PAD_X;
}

static double
draw_column_heads (Sheet   *sheet,
                   cairo_t *cr,
                   double   x,
                   double   y)
{
  PangoLayout *heads[N_COLUMNS];
  double h = 0;

  for (guint c = 0; c < N_COLUMNS; c++)
    {
      heads[c] = text_layout (sheet, FONT_HEAD, column_title (c), cell_width (sheet, c));
      if (c == COL_LATENCY)
        pango_layout_set_alignment (heads[c], PANGO_ALIGN_RIGHT);
      h = MAX (h, layout_height (heads[c]));
    }

  h += 2 * CELL_PAD_Y;
  fill_rect (cr, x, y, sheet->width, h, &zebra);
  for (guint c = 0; c < N_COLUMNS; c++)
    {
      show (cr, heads[c], x + sheet->columns[c] + CELL_PAD_X, y + CELL_PAD_Y, &dim);
      g_object_unref (heads[c]);
    }
  fill_rect (cr, x, y + h - 1, sheet->width, 1, &frame);

  return h;
}

static RowCells *
row_cells (Sheet *sheet,
           guint  index)
{
  PortolanReportRow *row;
  RowCells *cells;
  const char *texts[N_COLUMNS];
  double h = CHIP_HEIGHT;

  while (sheet->rows->len <= index)
    g_ptr_array_add (sheet->rows, NULL);
  if ((cells = g_ptr_array_index (sheet->rows, index)) != NULL)
    return cells;

  row = g_ptr_array_index (sheet->report->rows, index);
  texts[COL_STATE] = portolan_state_get_label (row->state);
  texts[COL_PORT] = row->port;
  texts[COL_DIRECTION] = row->direction;
  texts[COL_HOST] = row->host ? row->host : "—";
  texts[COL_ADDRESS] = row->address ? row->address : "—";
  texts[COL_LATENCY] = row->latency ? row->latency : "—";
  texts[COL_DETAIL] = row->detail;

  cells = g_new0 (RowCells, 1);
  for (guint c = 0; c < N_COLUMNS; c++)
    {
      double width = cell_width (sheet, c) - (c == COL_STATE ? CHIP_WIDTH + 6 : 0);
      gboolean bold = (c == COL_STATE || c == COL_PORT) && portolan_state_is_problem (row->state);

      cells->cells[c] = text_layout (sheet, bold ? FONT_CELL_BOLD : FONT_CELL, texts[c], width);
      if (c == COL_LATENCY)
        pango_layout_set_alignment (cells->cells[c], PANGO_ALIGN_RIGHT);
      h = MAX (h, layout_height (cells->cells[c]));
    }
  cells->height = h + 2 * CELL_PAD_Y;
  g_ptr_array_index (sheet->rows, index) = cells;

  return cells;
}

static double
draw_row (Sheet   *sheet,
          cairo_t *cr,
          double   x,
          double   y,
          guint    index)
{
  PortolanReportRow *row = g_ptr_array_index (sheet->report->rows, index);
  RowCells *cells = row_cells (sheet, index);

  if (cr == NULL)
    return cells->height;

  if (index % 2 == 1)
    fill_rect (cr, x, y, sheet->width, cells->height, &zebra);

  /* A problem is marked in the margin too, in its colour */
  if (portolan_state_is_problem (row->state))
    {
      PortolanRendererColor color;

      portolan_renderer_get_state_color (sheet->renderer, row->state, &color);
      cairo_rectangle (cr, x, y, 3, cells->height);
      cairo_set_source_rgb (cr, color.red, color.green, color.blue);
      cairo_fill (cr);
    }

  draw_chip (sheet, cr, row->state, x + sheet->columns[COL_STATE] + CELL_PAD_X,
             y + CELL_PAD_Y + (layout_height (cells->cells[COL_STATE]) - CHIP_HEIGHT) / 2);
  show (cr, cells->cells[COL_STATE], x + sheet->columns[COL_STATE] + CELL_PAD_X + CHIP_WIDTH + 6,
        y + CELL_PAD_Y, &ink);

  for (guint c = COL_PORT; c < N_COLUMNS; c++)
    show (cr, cells->cells[c], x + sheet->columns[c] + CELL_PAD_X, y + CELL_PAD_Y,
          c == COL_ADDRESS || c == COL_LATENCY ? &dim : &ink);

  fill_rect (cr, x, y + cells->height - 0.5, sheet->width, 0.5, &rule);

  return cells->height;
}

/* "… and 812 more checks: 800 Verified, 12 Skipped" */
static double
draw_omitted (Sheet   *sheet,
              cairo_t *cr,
              double   x,
              double   y,
              guint    shown)
{
  PortolanReport *report = sheet->report;
  guint counts[PORTOLAN_N_STATES] = { 0 };
  g_autoptr(GString) states = g_string_new (NULL);
  g_autofree char *text = NULL;
  g_autoptr(PangoLayout) layout = NULL;
  const PortolanState *order;
  guint n_states, omitted = report->rows->len - shown;

  for (guint i = shown; i < report->rows->len; i++)
    counts[((PortolanReportRow *) g_ptr_array_index (report->rows, i))->state]++;

  order = portolan_state_get_severity_order (&n_states);
  for (guint i = 0; i < n_states; i++)
    if (counts[order[i]] > 0)
      g_string_append_printf (states, "%s%u %s", states->len ? ", " : "", counts[order[i]],
                              portolan_state_get_label (order[i]));

  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "… and %u more check (%s), not shown in this image: the PDF, HTML and JSON reports list every check.",
                                       "… and %u more checks (%s), not shown in this image: the PDF, HTML and JSON reports list every check.",
                                       omitted),
                          omitted, states->str);
  layout = text_layout (sheet, FONT_NOTE, text, sheet->width - 2 * CELL_PAD_X);
  show (cr, layout, x + CELL_PAD_X, y + 8, &ink);

  return layout_height (layout) + 16;
}

/* Test from the other side */

static double
draw_other_side_item (Sheet   *sheet,
                      cairo_t *cr,
                      double   x,
                      double   y,
                      guint    index)
{
  PortolanReportOtherSide *item = g_ptr_array_index (sheet->report->other_side, index);
  double port_x = sheet->columns[COL_STATE], direction_x = sheet->columns[COL_PORT];
  double detail_x = sheet->columns[COL_HOST];
  g_autoptr(PangoLayout) port = text_layout (sheet, FONT_CELL_BOLD, item->port, direction_x - port_x - 2 * CELL_PAD_X);
  g_autoptr(PangoLayout) direction = text_layout (sheet, FONT_CELL, item->direction,
                                                  detail_x - direction_x - 2 * CELL_PAD_X);
  g_autoptr(PangoLayout) description = text_layout (sheet, FONT_CELL, item->description,
                                                    sheet->width - detail_x - 2 * CELL_PAD_X);
  double h = MAX (layout_height (port), MAX (layout_height (direction), layout_height (description))) + 2 * CELL_PAD_Y;

  if (index % 2 == 1)
    fill_rect (cr, x, y, sheet->width, h, &zebra);
  show (cr, port, x + port_x + CELL_PAD_X, y + CELL_PAD_Y, &ink);
  show (cr, direction, x + direction_x + CELL_PAD_X, y + CELL_PAD_Y, &ink);
  show (cr, description, x + detail_x + CELL_PAD_X, y + CELL_PAD_Y, &dim);

  return h;
}

static const char *
other_side_note (PortolanReport *report)
{
  if (report->other_side->len == 0)
    return _("None: no link in use starts at the target towards this computer.");

  return _("These links start at the other role, towards this computer, so a probe from here cannot test them: run Portolan on that role to check them.");
}

/* The legend */

static gboolean
in_legend (PortolanReport *report,
           PortolanState   state)
{
  return state != PORTOLAN_STATE_PENDING || report->counts[state] > 0;
}

static double
draw_legend_item (Sheet         *sheet,
                  cairo_t       *cr,
                  double         x,
                  double         y,
                  PortolanState  state)
{
  double label_x = CHIP_WIDTH + 10, meaning_x = label_x + 100;
  g_autoptr(PangoLayout) label = text_layout (sheet, FONT_CELL_BOLD, portolan_state_get_label (state), -1);
  g_autoptr(PangoLayout) meaning = text_layout (sheet, FONT_CELL, _portolan_report_state_meaning (state),
                                                sheet->width - meaning_x - CELL_PAD_X);
  double h = MAX (layout_height (label), layout_height (meaning)) + 6;

  draw_chip (sheet, cr, state, x + CELL_PAD_X, y + (layout_height (label) - CHIP_HEIGHT) / 2 + 3);
  show (cr, label, x + label_x + CELL_PAD_X, y + 3, &ink);
  show (cr, meaning, x + meaning_x + CELL_PAD_X, y + 3, &dim);

  return h;
}

static char *
legend_note (void)
{
  return g_strdup (_("Every state has its colour and its symbol. In the graph, a port chip shows the worst state of its checks; a dashed arrow is a link to test from the other side, a faint one is not part of this check."));
}

/* Output */

static cairo_status_t
append_bytes_cb (void                *closure,
                 const unsigned char *data,
                 unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

static gboolean
check_cairo (cairo_status_t   status,
             GError         **error)
{
  if (status == CAIRO_STATUS_SUCCESS)
    return TRUE;

  g_set_error (error, G_IO_ERROR,
               status == CAIRO_STATUS_NO_MEMORY ? G_IO_ERROR_NO_SPACE : G_IO_ERROR_FAILED,
               _("cannot draw the report: %s"), cairo_status_to_string (status));
  return FALSE;
}

/* PNG */

/* How tall the image is, and how many rows it has room for */
typedef struct
{
  guint  shown;
  double rows;     /* their height */
  double height;
} PngLayout;

static double
draw_footer_note (Sheet   *sheet,
                  cairo_t *cr,
                  double   x,
                  double   y)
{
  PortolanReport *report = sheet->report;
  g_autofree char *created = g_date_time_format (report->created, "%Y-%m-%d %H:%M:%S %Z");
  /* Translators: "Made by Portolan 0.1.0 on 2025-01-07 14:05:00 CET" */
  g_autofree char *text = g_strdup_printf (_("Made by Portolan %s on %s"), PACKAGE_VERSION, created);
  g_autoptr(PangoLayout) layout = text_layout (sheet, FONT_SMALL, text, sheet->width);

  show (cr, layout, x, y, &dim);
  return layout_height (layout);
}

static double
draw_other_side (Sheet   *sheet,
                 cairo_t *cr,
                 double   x,
                 double   y)
{
  PortolanReport *report = sheet->report;
  double top = y;

  y += draw_section (sheet, cr, x, y, _("Test from the other side"), other_side_note (report));
  for (guint i = 0; i < report->other_side->len; i++)
    y += draw_other_side_item (sheet, cr, x, y, i);

  return y - top;
}

static double
draw_legend (Sheet   *sheet,
             cairo_t *cr,
             double   x,
             double   y)
{
  g_autofree char *note = legend_note ();
  const PortolanState *order;
  guint n_states;
  double top = y;

  y += draw_section (sheet, cr, x, y, _("States"), note);
  order = portolan_state_get_severity_order (&n_states);
  for (guint i = 0; i < n_states; i++)
    if (in_legend (sheet->report, order[i]))
      y += draw_legend_item (sheet, cr, x, y, order[i]);

  return y - top;
}

static char *
checks_title (PortolanReport *report)
{
  return g_strdup_printf (_("Checks (%u)"), report->rows->len);
}

static const char *
checks_note (void)
{
  return _("Problems first, then by port. Each check is one probe from this computer to one host, port and protocol.");
}

static void
measure_png (Sheet     *sheet,
             PngLayout *png)
{
  PortolanReport *report = sheet->report;
  g_autofree char *title = checks_title (report);
  double fixed, room;

  fixed = PNG_MARGIN + draw_header (sheet, NULL, 0, 0) + GAP + draw_summary (sheet, NULL, 0, 0) + GAP +
          PNG_GRAPH_HEIGHT + 2 * GAP +
          draw_section (sheet, NULL, 0, 0, title, checks_note ()) + draw_column_heads (sheet, NULL, 0, 0) +
          2 * GAP + draw_other_side (sheet, NULL, 0, 0) + 2 * GAP + draw_legend (sheet, NULL, 0, 0) + GAP +
          draw_footer_note (sheet, NULL, 0, 0) + PNG_MARGIN;

  /* As many rows as the image holds, problems first; a line counts the
   * others */
  room = PNG_MAX_HEIGHT - fixed;
  png->rows = 0;
  png->shown = 0;
  for (guint i = 0; i < report->rows->len; i++)
    {
      double h = draw_row (sheet, NULL, 0, 0, i);
      double note = i + 1 < report->rows->len ? 60 : 0;

      if (png->rows + h + note > room)
        break;
      png->rows += h;
      png->shown++;
    }

  png->height = ceil (fixed + png->rows +
                      (png->shown < report->rows->len ? draw_omitted (sheet, NULL, 0, 0, png->shown) : 0));
}

GBytes *
_portolan_report_write_png (PortolanReport  *self,
                            GCancellable    *cancellable,
                            GError         **error)
{
  g_auto(Sheet) sheet;
  g_autofree char *title = checks_title (self);
  PngLayout png;
  cairo_surface_t *surface;
  cairo_t *cr;
  GByteArray *bytes;
  cairo_status_t status;
  double x = PNG_MARGIN, y = PNG_MARGIN;

  sheet_init (&sheet, self, PNG_WIDTH - 2 * PNG_MARGIN);
  measure_png (&sheet, &png);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, PNG_WIDTH * PNG_SCALE, png.height * PNG_SCALE);
  cairo_surface_set_device_scale (surface, PNG_SCALE, PNG_SCALE);
  cr = cairo_create (surface);

  fill_rect (cr, 0, 0, PNG_WIDTH, png.height, &paper);
  y += draw_header (&sheet, cr, x, y) + GAP;
  y += draw_summary (&sheet, cr, x, y) + GAP;
  draw_graph (&sheet, cr, x, y, sheet.width, PNG_GRAPH_HEIGHT);
  y += PNG_GRAPH_HEIGHT + 2 * GAP;

  y += draw_section (&sheet, cr, x, y, title, checks_note ());
  y += draw_column_heads (&sheet, cr, x, y);
  for (guint i = 0; i < png.shown && !g_cancellable_is_cancelled (cancellable); i++)
    y += draw_row (&sheet, cr, x, y, i);
  if (png.shown < self->rows->len)
    y += draw_omitted (&sheet, cr, x, y, png.shown);
  y += 2 * GAP;

  y += draw_other_side (&sheet, cr, x, y) + 2 * GAP;
  y += draw_legend (&sheet, cr, x, y) + GAP;
  draw_footer_note (&sheet, cr, x, y);

  status = cairo_status (cr);
  cairo_destroy (cr);

  bytes = g_byte_array_new ();
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_write_to_png_stream (surface, append_bytes_cb, bytes);
  cairo_surface_destroy (surface);

  if (g_cancellable_set_error_if_cancelled (cancellable, error) || !check_cairo (status, error))
    {
      g_byte_array_unref (bytes);
      return NULL;
    }

  return g_byte_array_free_to_bytes (bytes);
}

/* PDF */

typedef struct
{
  Sheet        *sheet;
  cairo_t      *cr;         /* NULL while the pages are counted */
  GCancellable *cancellable;
  double        scale;
  double        height;     /* of a page, in sheet units */
  double        bottom;     /* where the footer starts */
  double        y;
  guint         page;
  guint         n_pages;
  gboolean      in_table;   /* the column heads go on top of each page */
} Flow;

/* "Portolan report · UMS Server → All roles" and the date, on every page but the first */
static double
draw_running_header (Sheet   *sheet,
                     cairo_t *cr,
                     double   y)
{
  PortolanReport *report = sheet->report;
  g_autofree char *title = g_strdup_printf ("%s · %s → %s", _("Portolan report"), report->source_name,
                                            report->target_name);
  g_autofree char *date = _portolan_report_format_date (report, FALSE);
  g_autofree char *right = *report->profile_name
    /* Translators: the date and the profile, "2025-01-07 14:03 CET · profile Head office" */
    ? g_strdup_printf (_("%s · profile %s"), date, report->profile_name)
    : g_strdup (date);
  g_autoptr(PangoLayout) left_layout = text_layout (sheet, FONT_RUNNING, title, sheet->width * 0.6);
  g_autoptr(PangoLayout) right_layout = text_layout (sheet, FONT_VALUE, right, sheet->width * 0.4 - GAP);
  double h;

  pango_layout_set_alignment (right_layout, PANGO_ALIGN_RIGHT);
  h = MAX (layout_height (left_layout), layout_height (right_layout));
  show (cr, left_layout, 0, y, &ink);
  show (cr, right_layout, sheet->width * 0.6 + GAP, y + layout_height (left_layout) - layout_height (right_layout), &dim);
  fill_rect (cr, 0, y + h + 6, sheet->width, 1, &rule);

  return h + 16;
}

static double
footer_height (Sheet *sheet)
{
  g_autoptr(PangoLayout) layout = text_layout (sheet, FONT_SMALL, "Page", -1);

  return layout_height (layout) + 8;
}

static void
draw_page_footer (Flow *flow)
{
  Sheet *sheet = flow->sheet;
  PortolanReport *report = sheet->report;
  g_autofree char *page = g_strdup_printf (_("Page %u of %u"), flow->page, flow->n_pages);
  g_autofree char *versions = _portolan_report_format_versions (report);
  g_autofree char *left_text = report->redacted
    ? g_strdup_printf ("%s · %s", versions, _("host names and addresses redacted"))
    : g_strdup (versions);
  g_autoptr(PangoLayout) left = text_layout (sheet, FONT_SMALL, left_text, sheet->width * 0.7);
  g_autoptr(PangoLayout) right = text_layout (sheet, FONT_SMALL, page, sheet->width * 0.3);
  double y = flow->height - layout_height (right);

  pango_layout_set_alignment (right, PANGO_ALIGN_RIGHT);
  show (flow->cr, left, 0, y, &dim);
  show (flow->cr, right, sheet->width * 0.7, y, &dim);
}

static void
flow_begin_page (Flow *flow)
{
  flow->page++;
  flow->y = 0;

  if (flow->cr != NULL)
    {
      cairo_save (flow->cr);
      cairo_translate (flow->cr, PDF_MARGIN, PDF_MARGIN);
      cairo_scale (flow->cr, flow->scale, flow->scale);
    }

  if (flow->page > 1)
    flow->y += draw_running_header (flow->sheet, flow->cr, 0);
  if (flow->in_table)
    flow->y += draw_column_heads (flow->sheet, flow->cr, 0, flow->y);
}

static void
flow_end_page (Flow *flow)
{
  if (flow->cr == NULL)
    return;

  draw_page_footer (flow);
  cairo_restore (flow->cr);
  cairo_show_page (flow->cr);
}

/* A new page unless @height still fits on this one */
static void
flow_ensure (Flow   *flow,
             double  height)
{
  if (flow->y + height <= flow->bottom)
    return;

  flow_end_page (flow);
  flow_begin_page (flow);
}

static void
flow_run (Flow *flow)
{
  Sheet *sheet = flow->sheet;
  PortolanReport *report = sheet->report;
  cairo_t *cr = flow->cr;
  g_autofree char *title = checks_title (report);
  double graph_height;

  /* The first page: the whole header and the graph */
  flow->page = 0;
  flow->in_table = FALSE;
  flow_begin_page (flow);
  flow->y += draw_header (sheet, cr, 0, flow->y) + GAP;
  flow->y += draw_summary (sheet, cr, 0, flow->y) + GAP;
  graph_height = flow->bottom - flow->y - GAP / 2;
  draw_graph (sheet, cr, 0, flow->y, sheet->width, graph_height);
  flow->y = flow->bottom + 1;

  /* The table, its heads on every page */
  flow_ensure (flow, G_MAXDOUBLE / 4);
  flow->y += draw_section (sheet, cr, 0, flow->y, title, checks_note ());
  flow->y += draw_column_heads (sheet, cr, 0, flow->y);
  flow->in_table = TRUE;
  for (guint i = 0; i < report->rows->len; i++)
    {
      if (i % 64 == 0 && g_cancellable_is_cancelled (flow->cancellable))
        return;
      flow_ensure (flow, draw_row (sheet, NULL, 0, 0, i));
      flow->y += draw_row (sheet, cr, 0, flow->y, i);
    }
  flow->in_table = FALSE;

  /* A section's title stays with its first item */
  flow->y += 2 * GAP;
  flow_ensure (flow, draw_section (sheet, NULL, 0, 0, _("Test from the other side"), other_side_note (report)) +
                     (report->other_side->len > 0 ? draw_other_side_item (sheet, NULL, 0, 0, 0) : 0));
  flow->y += draw_section (sheet, cr, 0, flow->y, _("Test from the other side"), other_side_note (report));
  for (guint i = 0; i < report->other_side->len; i++)
    {
      flow_ensure (flow, draw_other_side_item (sheet, NULL, 0, 0, i));
      flow->y += draw_other_side_item (sheet, cr, 0, flow->y, i);
    }

  /* The legend in one piece */
  flow->y += 2 * GAP;
  flow_ensure (flow, draw_legend (sheet, NULL, 0, 0));
  flow->y += draw_legend (sheet, cr, 0, flow->y);

  flow_end_page (flow);
}

GBytes *
_portolan_report_write_pdf (PortolanReport  *self,
                            GCancellable    *cancellable,
                            GError         **error)
{
  g_auto(Sheet) sheet;
  g_autofree char *title = g_strdup_printf ("%s: %s → %s", _("Portolan report"), self->source_name, self->target_name);
  g_autofree char *creator = g_strdup_printf ("Portolan %s", PACKAGE_VERSION);
  Flow flow = { 0 };
  cairo_surface_t *surface;
  GByteArray *bytes;
  cairo_status_t status;

  sheet_init (&sheet, self, PDF_SHEET_WIDTH);
  flow.sheet = &sheet;
  flow.cancellable = cancellable;
  flow.scale = (PDF_PAGE_WIDTH - 2 * PDF_MARGIN) / PDF_SHEET_WIDTH;
  flow.height = (PDF_PAGE_HEIGHT - 2 * PDF_MARGIN) / flow.scale;
  flow.bottom = flow.height - footer_height (&sheet) - 6;

  /* Count the pages, for "Page 2 of 9" */
  flow_run (&flow);
  flow.n_pages = flow.page;
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  bytes = g_byte_array_new ();
  surface = cairo_pdf_surface_create_for_stream (append_bytes_cb, bytes, PDF_PAGE_WIDTH, PDF_PAGE_HEIGHT);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, title);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, creator);
  flow.cr = cairo_create (surface);
  flow_run (&flow);

  status = cairo_status (flow.cr);
  cairo_destroy (flow.cr);
  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (g_cancellable_set_error_if_cancelled (cancellable, error) || !check_cairo (status, error))
    {
      g_byte_array_unref (bytes);
      return NULL;
    }

  return g_byte_array_free_to_bytes (bytes);
}

/* SVG */

GBytes *
_portolan_report_draw_graph_svg (PortolanReport  *self,
                                 double           width,
                                 double           height,
                                 GError         **error)
{
  g_auto(Sheet) sheet;
  GByteArray *bytes = g_byte_array_new ();
  cairo_surface_t *surface;
  cairo_t *cr;
  cairo_status_t status;

  sheet_init (&sheet, self, width);
  surface = cairo_svg_surface_create_for_stream (append_bytes_cb, bytes, width, height);
  cairo_svg_surface_restrict_to_version (surface, CAIRO_SVG_VERSION_1_1);
  cairo_svg_surface_set_document_unit (surface, CAIRO_SVG_UNIT_PX);
  cr = cairo_create (surface);
  portolan_renderer_draw (sheet.renderer, cr, width, height);
  status = cairo_status (cr);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (!check_cairo (status, error))
    {
      g_byte_array_unref (bytes);
      return NULL;
    }

  return g_byte_array_free_to_bytes (bytes);
}

GBytes *
_portolan_report_write_svg (PortolanReport  *self,
                            GCancellable    *cancellable,
                            GError         **error)
{
  return _portolan_report_draw_graph_svg (self, SVG_WIDTH, SVG_HEIGHT, error);
}
