/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-graph-layout.c
 *
 * Cards go where the catalogue's hints say, pushed apart until none
 * overlaps; a zone is the box around its cards. Arrows are quadratic
 * curves, bent just enough to pass beside the other cards, and the two
 * directions of a pair bend to opposite sides. Chips are placed one by
 * one on their arrow, from the middle outwards and then beside it, where
 * they touch no card, zone name, legend or earlier chip; the arrows with
 * the least room go first.
 */
#include "config.h"

#include <math.h>

#include "portolan-graph-layout-private.h"

#define CURVE_SAMPLES    40
#define CLIP_SAMPLES     64
#define MAX_SPIRAL_STEPS 1500
#define CROSSING_COST    0.2

typedef struct
{
  double     cell;
  int        cols;
  int        rows;
  GArray    *rects;  /* GridItem */
  GPtrArray *cells;  /* GArray of guint, the items touching the cell */
} Grid;

typedef struct
{
  PortolanGraphPoint points[CURVE_SAMPLES + 1];
  double             lengths[CURVE_SAMPLES + 1];  /* from the start */
  double             outward_x;                   /* away from the partner arrow */
  double             outward_y;
} Polyline;

typedef struct
{
  double along;   /* 0 … 1 of the arrow's length */
  int    beside;  /* chip heights to the side */
  double cost;
} Spot;

/* Geometry */

static inline PortolanGraphRect
rect_inflate (const PortolanGraphRect *rect,
              double                   by)
{
  return (PortolanGraphRect) { rect->x - by, rect->y - by, rect->width + 2 * by, rect->height + 2 * by };
}

static inline PortolanGraphRect
rect_centered (double x,
               double y,
               double width,
               double height)
{
  return (PortolanGraphRect) { x - width / 2, y - height / 2, width, height };
}

static inline double
rect_overlap_area (const PortolanGraphRect *a,
                   const PortolanGraphRect *b)
{
  double w = MIN (a->x + a->width, b->x + b->width) - MAX (a->x, b->x);
  double h = MIN (a->y + a->height, b->y + b->height) - MAX (a->y, b->y);

  return w > 0 && h > 0 ? w * h : 0;
}

gboolean
portolan_graph_rect_intersects (const PortolanGraphRect *a,
                                const PortolanGraphRect *b)
{
  return a->x < b->x + b->width && b->x < a->x + a->width &&
         a->y < b->y + b->height && b->y < a->y + a->height;
}

gboolean
portolan_graph_rect_contains (const PortolanGraphRect *rect,
                              double                   x,
                              double                   y)
{
  return x >= rect->x && x < rect->x + rect->width &&
         y >= rect->y && y < rect->y + rect->height;
}

PortolanGraphPoint
portolan_graph_curve_point (const PortolanGraphCurve *curve,
                            double                    t)
{
  double u = 1 - t;
  double a = u * u * u, b = 3 * u * u * t, c = 3 * u * t * t, d = t * t * t;

  return (PortolanGraphPoint) {
    a * curve->p[0].x + b * curve->p[1].x + c * curve->p[2].x + d * curve->p[3].x,
    a * curve->p[0].y + b * curve->p[1].y + c * curve->p[2].y + d * curve->p[3].y,
  };
}

PortolanGraphPoint
portolan_graph_curve_tangent (const PortolanGraphCurve *curve,
                              double                    t)
{
  double u = 1 - t;
  double a = 3 * u * u, b = 6 * u * t, c = 3 * t * t;
  const PortolanGraphPoint *p = curve->p;

  return (PortolanGraphPoint) {
    a * (p[1].x - p[0].x) + b * (p[2].x - p[1].x) + c * (p[3].x - p[2].x),
    a * (p[1].y - p[0].y) + b * (p[2].y - p[1].y) + c * (p[3].y - p[2].y),
  };
}

static double
segment_distance (PortolanGraphPoint  a,
                  PortolanGraphPoint  b,
                  double              x,
                  double              y,
                  PortolanGraphPoint *nearest)
{
  double dx = b.x - a.x, dy = b.y - a.y;
  double len2 = dx * dx + dy * dy;
  double t = len2 > 0 ? ((x - a.x) * dx + (y - a.y) * dy) / len2 : 0;

  t = CLAMP (t, 0, 1);
  nearest->x = a.x + t * dx;
  nearest->y = a.y + t * dy;

  return hypot (x - nearest->x, y - nearest->y);
}

/**
 * portolan_graph_curve_distance:
 * @nearest: (out) (optional): the point of the curve nearest to (@x, @y)
 *
 * How far a point is from a curve, near enough to tell a click on it.
 */
double
portolan_graph_curve_distance (const PortolanGraphCurve *curve,
                               double                    x,
                               double                    y,
                               PortolanGraphPoint       *nearest)
{
  PortolanGraphPoint previous = curve->p[0];
  PortolanGraphPoint best = previous;
  double distance = G_MAXDOUBLE;

  for (guint i = 1; i <= 24; i++)
    {
      PortolanGraphPoint point = portolan_graph_curve_point (curve, i / 24.0);
      PortolanGraphPoint on;
      double d = segment_distance (previous, point, x, y, &on);

      if (d < distance)
        {
          distance = d;
          best = on;
        }
      previous = point;
    }

  if (nearest != NULL)
    *nearest = best;

  return distance;
}

static void
polyline_init (Polyline                 *line,
               const PortolanGraphCurve *curve)
{
  line->points[0] = curve->p[0];
  line->lengths[0] = 0;

  for (guint i = 1; i <= CURVE_SAMPLES; i++)
    {
      line->points[i] = portolan_graph_curve_point (curve, (double) i / CURVE_SAMPLES);
      line->lengths[i] = line->lengths[i - 1] + hypot (line->points[i].x - line->points[i - 1].x,
                                                       line->points[i].y - line->points[i - 1].y);
    }
}

/* The point at a fraction of the length, and the unit normal there */
static PortolanGraphPoint
polyline_at (const Polyline *line,
             double          along,
             double         *normal_x,
             double         *normal_y)
{
  double target = along * line->lengths[CURVE_SAMPLES];
  guint i = 1;
  double dx, dy, len, f;

  while (i < CURVE_SAMPLES && line->lengths[i] < target)
    i++;

  dx = line->points[i].x - line->points[i - 1].x;
  dy = line->points[i].y - line->points[i - 1].y;
  len = hypot (dx, dy);
  f = len > 0 ? (target - line->lengths[i - 1]) / len : 0;
  f = CLAMP (f, 0, 1);

  if (len > 0)
    {
      *normal_x = -dy / len;
      *normal_y = dx / len;
    }
  else
    {
      *normal_x = 0;
      *normal_y = 1;
    }

  return (PortolanGraphPoint) { line->points[i - 1].x + f * dx, line->points[i - 1].y + f * dy };
}

/* A spatial index of rectangles and of the segments of the arrows, so
 * that a chip is compared with its neighbours only */

typedef struct
{
  PortolanGraphRect  box;
  guint              edge;   /* segments: whose; rectangles: G_MAXUINT */
  PortolanGraphPoint a;
  PortolanGraphPoint b;
} GridItem;

static void
grid_init (Grid   *grid,
           double  width,
           double  height,
           double  cell)
{
  grid->cell = MAX (cell, 8);
  grid->cols = MAX (1, (int) ceil (width / grid->cell));
  grid->rows = MAX (1, (int) ceil (height / grid->cell));
  grid->rects = g_array_new (FALSE, FALSE, sizeof (GridItem));
  grid->cells = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);

  for (int i = 0; i < grid->cols * grid->rows; i++)
    g_ptr_array_add (grid->cells, g_array_new (FALSE, FALSE, sizeof (guint)));
}

static void
grid_clear (Grid *grid)
{
  g_clear_pointer (&grid->rects, g_array_unref);
  g_clear_pointer (&grid->cells, g_ptr_array_unref);
}

static void
grid_span (Grid                    *grid,
           const PortolanGraphRect *rect,
           int                     *col0,
           int                     *row0,
           int                     *col1,
           int                     *row1)
{
  *col0 = CLAMP ((int) floor (rect->x / grid->cell), 0, grid->cols - 1);
  *row0 = CLAMP ((int) floor (rect->y / grid->cell), 0, grid->rows - 1);
  *col1 = CLAMP ((int) floor ((rect->x + rect->width) / grid->cell), 0, grid->cols - 1);
  *row1 = CLAMP ((int) floor ((rect->y + rect->height) / grid->cell), 0, grid->rows - 1);
}

static void
grid_add_item (Grid           *grid,
               const GridItem *item)
{
  guint index = grid->rects->len;
  int col0, row0, col1, row1;

  g_array_append_val (grid->rects, *item);
  grid_span (grid, &item->box, &col0, &row0, &col1, &row1);

  for (int row = row0; row <= row1; row++)
    for (int col = col0; col <= col1; col++)
      g_array_append_val (g_ptr_array_index (grid->cells, row * grid->cols + col), index);
}

static void
grid_add (Grid                    *grid,
          const PortolanGraphRect *rect)
{
  GridItem item = { *rect, G_MAXUINT, { 0, 0 }, { 0, 0 } };

  grid_add_item (grid, &item);
}

static void
grid_add_segment (Grid               *grid,
                  guint               edge,
                  PortolanGraphPoint  a,
                  PortolanGraphPoint  b)
{
  GridItem item = { { MIN (a.x, b.x), MIN (a.y, b.y), fabs (a.x - b.x), fabs (a.y - b.y) }, edge, a, b };

  grid_add_item (grid, &item);
}

/* Whether a segment runs through a rectangle (Liang–Barsky) */
static gboolean
segment_crosses (const PortolanGraphRect *rect,
                 PortolanGraphPoint       a,
                 PortolanGraphPoint       b)
{
  double dx = b.x - a.x, dy = b.y - a.y;
  double p[4] = { -dx, dx, -dy, dy };
  double q[4] = { a.x - rect->x, rect->x + rect->width - a.x, a.y - rect->y, rect->y + rect->height - a.y };
  double t0 = 0, t1 = 1;

  for (guint i = 0; i < 4; i++)
    {
      if (p[i] == 0)
        {
          if (q[i] < 0)
            return FALSE;
          continue;
        }

      if (p[i] < 0)
        t0 = MAX (t0, q[i] / p[i]);
      else
        t1 = MIN (t1, q[i] / p[i]);
      if (t0 > t1)
        return FALSE;
    }

  return TRUE;
}

/* Whether a rectangle touches a rectangle of the grid, or, with @edge
 * set, a segment of another edge */
static gboolean
grid_collides_full (Grid                    *grid,
                    const PortolanGraphRect *rect,
                    guint                    edge)
{
  int col0, row0, col1, row1;

  grid_span (grid, rect, &col0, &row0, &col1, &row1);

  for (int row = row0; row <= row1; row++)
    for (int col = col0; col <= col1; col++)
      {
        GArray *cell = g_ptr_array_index (grid->cells, row * grid->cols + col);

        for (guint i = 0; i < cell->len; i++)
          {
            const GridItem *item = &g_array_index (grid->rects, GridItem, g_array_index (cell, guint, i));

            if (item->edge == G_MAXUINT)
              {
                if (portolan_graph_rect_intersects (rect, &item->box))
                  return TRUE;
              }
            else if (item->edge != edge && segment_crosses (rect, item->a, item->b))
              return TRUE;
          }
      }

  return FALSE;
}

static gboolean
grid_collides (Grid                    *grid,
               const PortolanGraphRect *rect)
{
  return grid_collides_full (grid, rect, G_MAXUINT);
}

/* The layout */

PortolanGraphLayout *
portolan_graph_layout_new (void)
{
  PortolanGraphLayout *layout = g_new0 (PortolanGraphLayout, 1);

  layout->nodes = g_array_new (FALSE, TRUE, sizeof (PortolanGraphNode));
  layout->edges = g_array_new (FALSE, TRUE, sizeof (PortolanGraphEdge));
  layout->labels = g_array_new (FALSE, TRUE, sizeof (PortolanGraphLabel));
  layout->zones = g_array_new (FALSE, TRUE, sizeof (PortolanGraphRect));

  return layout;
}

void
portolan_graph_layout_free (PortolanGraphLayout *layout)
{
  if (layout == NULL)
    return;

  g_array_unref (layout->nodes);
  g_array_unref (layout->edges);
  g_array_unref (layout->labels);
  g_array_unref (layout->zones);
  g_free (layout->zone_title_widths);
  g_free (layout);
}

/* Forget the sizes given, keep the arrays */
void
portolan_graph_layout_reset (PortolanGraphLayout *layout)
{
  g_array_set_size (layout->nodes, 0);
  g_array_set_size (layout->edges, 0);
  g_array_set_size (layout->labels, 0);
  g_array_set_size (layout->zones, 0);
  g_clear_pointer (&layout->zone_title_widths, g_free);
  layout->n_zones = 0;
  layout->n_detached = 0;
  layout->n_overlapping = 0;
}

static inline PortolanGraphNode *
node_at (PortolanGraphLayout *layout,
         guint                i)
{
  return &g_array_index (layout->nodes, PortolanGraphNode, i);
}

/* The card with its tag */
static inline PortolanGraphRect
node_bounds (const PortolanGraphNode *node)
{
  return (PortolanGraphRect) { node->rect.x, node->rect.y - node->top_extra,
                               node->rect.width, node->rect.height + node->top_extra };
}

/* Where a zone's name is written */
PortolanGraphRect
portolan_graph_layout_zone_title (PortolanGraphLayout *layout,
                                  guint                zone)
{
  const PortolanGraphRect *rect = &g_array_index (layout->zones, PortolanGraphRect, zone);

  return (PortolanGraphRect) { rect->x + layout->zone_padding, rect->y + layout->zone_padding / 2,
                               MIN (layout->zone_title_widths[zone], rect->width - layout->zone_padding),
                               layout->zone_title };
}

/* How far apart two card centres must stay */
static void
node_separation (PortolanGraphLayout     *layout,
                 const PortolanGraphNode *a,
                 const PortolanGraphNode *b,
                 double                   cy_a,
                 double                   cy_b,
                 double                  *sep_x,
                 double                  *sep_y)
{
  gboolean same_zone = a->zone == b->zone;
  double lower_extra = cy_b >= cy_a ? b->top_extra : a->top_extra;
  double between = same_zone ? layout->gap : 2 * layout->zone_padding + layout->gap;

  *sep_x = (a->width + b->width) / 2 + between;
  *sep_y = (a->height + b->height) / 2 + between + lower_extra + (same_zone ? 0 : layout->zone_title);
}

static void
clamp_node (PortolanGraphLayout     *layout,
            const PortolanGraphNode *node,
            double                  *cx,
            double                  *cy)
{
  double left = layout->margin + layout->zone_padding + node->width / 2;
  double right = layout->width - layout->margin - layout->zone_padding - node->width / 2;
  double top = layout->margin + layout->zone_padding + layout->zone_title + node->top_extra + node->height / 2;
  double bottom = layout->height - layout->margin - layout->zone_padding - node->height / 2;

  *cx = left > right ? (left + right) / 2 : CLAMP (*cx, left, right);
  *cy = top > bottom ? (top + bottom) / 2 : CLAMP (*cy, top, bottom);
}

/* The room a card needs around it: its zone's padding, and its zone's
 * name above it */
static PortolanGraphRect
node_room (PortolanGraphLayout     *layout,
           const PortolanGraphNode *node,
           double                   cx,
           double                   cy)
{
  double pad = layout->zone_padding + layout->gap / 2;
  double above = node->top_extra + layout->zone_title;

  return (PortolanGraphRect) { cx - node->width / 2 - pad, cy - node->height / 2 - above - pad,
                               node->width + 2 * pad, node->height + above + 2 * pad };
}

/* The corner where the legend is least in the way of the cards */
static void
place_legend (PortolanGraphLayout *layout,
              const double        *cx,
              const double        *cy)
{
  double m = layout->margin;
  double w = layout->legend_width, h = layout->legend_height;
  PortolanGraphRect corners[] = {
    { layout->width - m - w, layout->height - m - h, w, h },
    { m, layout->height - m - h, w, h },
    { layout->width - m - w, m, w, h },
    { m, m, w, h },
  };
  double best_cost = G_MAXDOUBLE;

  layout->legend = (PortolanGraphRect) { 0, 0, 0, 0 };
  if (w <= 0 || h <= 0)
    return;

  for (guint c = 0; c < G_N_ELEMENTS (corners); c++)
    {
      double cost = 0;

      for (guint i = 0; i < layout->nodes->len; i++)
        {
          PortolanGraphRect room = node_room (layout, node_at (layout, i), cx[i], cy[i]);

          cost += rect_overlap_area (&corners[c], &room);
        }

      if (cost < best_cost)
        {
          best_cost = cost;
          layout->legend = corners[c];
        }
    }
}

/* Pushes a card out from under the legend, the shorter way */
static gboolean
avoid_legend (PortolanGraphLayout     *layout,
              const PortolanGraphNode *node,
              double                  *cx,
              double                  *cy)
{
  PortolanGraphRect room = node_room (layout, node, *cx, *cy);
  PortolanGraphRect *legend = &layout->legend;
  double left, right, up, down, best;

  if (legend->width <= 0 || !portolan_graph_rect_intersects (&room, legend))
    return FALSE;

  left = room.x + room.width - legend->x;
  right = legend->x + legend->width - room.x;
  up = room.y + room.height - legend->y;
  down = legend->y + legend->height - room.y;
  best = MIN (MIN (left, right), MIN (up, down));

  if (best == left)
    *cx -= left + 0.05;
  else if (best == right)
    *cx += right + 0.05;
  else if (best == up)
    *cy -= up + 0.05;
  else
    *cy += down + 0.05;

  return TRUE;
}

static gboolean
separate_nodes (PortolanGraphLayout *layout,
                double              *cx,
                double              *cy)
{
  guint n = layout->nodes->len;

  for (guint round = 0; round < 400; round++)
    {
      gboolean moved = FALSE;

      for (guint i = 0; i < n; i++)
        for (guint j = i + 1; j < n; j++)
          {
            double sep_x, sep_y, dx, dy, over_x, over_y;

            node_separation (layout, node_at (layout, i), node_at (layout, j), cy[i], cy[j], &sep_x, &sep_y);
            dx = cx[j] - cx[i];
            dy = cy[j] - cy[i];
            over_x = sep_x - fabs (dx);
            over_y = sep_y - fabs (dy);

            if (over_x <= 0.01 || over_y <= 0.01)
              continue;

            moved = TRUE;
            /* The shorter way out, half each */
            if (over_x < over_y)
              {
                double shift = (dx >= 0 ? 1 : -1) * (over_x / 2 + 0.05);

                cx[i] -= shift;
                cx[j] += shift;
              }
            else
              {
                double shift = (dy >= 0 ? 1 : -1) * (over_y / 2 + 0.05);

                cy[i] -= shift;
                cy[j] += shift;
              }
          }

      for (guint i = 0; i < n; i++)
        {
          moved |= avoid_legend (layout, node_at (layout, i), &cx[i], &cy[i]);
          clamp_node (layout, node_at (layout, i), &cx[i], &cy[i]);
        }

      if (!moved)
        return TRUE;
    }

  /* Out of rounds: fine as long as nothing overlaps any more */
  for (guint i = 0; i < n; i++)
    {
      PortolanGraphRect room = node_room (layout, node_at (layout, i), cx[i], cy[i]);

      if (layout->legend.width > 0 && rect_overlap_area (&room, &layout->legend) > 1)
        return FALSE;
    }

  for (guint i = 0; i < n; i++)
    for (guint j = i + 1; j < n; j++)
      {
        double sep_x, sep_y;

        node_separation (layout, node_at (layout, i), node_at (layout, j), cy[i], cy[j], &sep_x, &sep_y);
        if (fabs (cx[j] - cx[i]) < sep_x - 0.5 && fabs (cy[j] - cy[i]) < sep_y - 0.5)
          return FALSE;
      }

  return TRUE;
}

static gboolean
compute_zones (PortolanGraphLayout *layout)
{
  g_array_set_size (layout->zones, layout->n_zones);

  for (guint z = 0; z < layout->n_zones; z++)
    {
      PortolanGraphRect *zone = &g_array_index (layout->zones, PortolanGraphRect, z);
      double x0 = G_MAXDOUBLE, y0 = G_MAXDOUBLE, x1 = -G_MAXDOUBLE, y1 = -G_MAXDOUBLE;

      for (guint i = 0; i < layout->nodes->len; i++)
        {
          PortolanGraphNode *node = node_at (layout, i);
          PortolanGraphRect bounds = node_bounds (node);

          if (node->zone != z)
            continue;

          x0 = MIN (x0, bounds.x);
          y0 = MIN (y0, bounds.y);
          x1 = MAX (x1, bounds.x + bounds.width);
          y1 = MAX (y1, bounds.y + bounds.height);
        }

      if (x0 > x1)
        {
          *zone = (PortolanGraphRect) { 0, 0, 0, 0 };
          continue;
        }

      /* Wide enough for its name */
      if (x1 - x0 < layout->zone_title_widths[z])
        {
          double grow = layout->zone_title_widths[z] - (x1 - x0);

          x0 -= grow / 2;
          x1 += grow / 2;
        }

      *zone = (PortolanGraphRect) {
        x0 - layout->zone_padding,
        y0 - layout->zone_padding - layout->zone_title,
        x1 - x0 + 2 * layout->zone_padding,
        y1 - y0 + 2 * layout->zone_padding + layout->zone_title,
      };
    }

  /* Zones are boxes: one must not cover another, nor another's cards */
  for (guint a = 0; a < layout->n_zones; a++)
    {
      PortolanGraphRect *zone = &g_array_index (layout->zones, PortolanGraphRect, a);

      if (zone->width == 0)
        continue;

      for (guint b = a + 1; b < layout->n_zones; b++)
        if (portolan_graph_rect_intersects (zone, &g_array_index (layout->zones, PortolanGraphRect, b)))
          return FALSE;

      if (layout->legend.width > 0 && portolan_graph_rect_intersects (zone, &layout->legend))
        return FALSE;

      for (guint i = 0; i < layout->nodes->len; i++)
        {
          PortolanGraphNode *node = node_at (layout, i);

          if (node->zone != a && portolan_graph_rect_intersects (zone, &node->rect))
            return FALSE;
        }
    }

  return TRUE;
}

/**
 * portolan_graph_layout_place_nodes:
 *
 * Places the cards near their hints, the zones around them and the
 * legend in the freest corner.
 *
 * Returns: %FALSE when the cards are too big to fit without overlapping
 */
gboolean
portolan_graph_layout_place_nodes (PortolanGraphLayout *layout)
{
  guint n = layout->nodes->len;
  g_autofree double *cx = g_new (double, MAX (n, 1));
  g_autofree double *cy = g_new (double, MAX (n, 1));
  double left = layout->margin + layout->zone_padding;
  double top = layout->margin + layout->zone_padding + layout->zone_title;
  double inner_width = layout->width - 2 * left;
  double inner_height = layout->height - top - layout->margin - layout->zone_padding;
  gboolean fits;

  for (guint i = 0; i < n; i++)
    {
      PortolanGraphNode *node = node_at (layout, i);

      cx[i] = left + CLAMP (node->hint_x, 0, 1) * inner_width;
      cy[i] = top + CLAMP (node->hint_y, 0, 1) * inner_height;
      clamp_node (layout, node, &cx[i], &cy[i]);
    }

  place_legend (layout, cx, cy);
  fits = separate_nodes (layout, cx, cy);

  for (guint i = 0; i < n; i++)
    {
      PortolanGraphNode *node = node_at (layout, i);

      node->rect = rect_centered (cx[i], cy[i], node->width, node->height);
    }

  return compute_zones (layout) && fits;
}

/* Arrows */

static inline PortolanGraphPoint
quad_point (PortolanGraphPoint a,
            PortolanGraphPoint c,
            PortolanGraphPoint b,
            double             t)
{
  double u = 1 - t;

  return (PortolanGraphPoint) { u * u * a.x + 2 * u * t * c.x + t * t * b.x,
                                u * u * a.y + 2 * u * t * c.y + t * t * b.y };
}

/* How many cards other than @from and @to are at a point */
static guint
count_cards_at (Grid   *cards,
                double  x,
                double  y,
                guint   from,
                guint   to)
{
  int col = CLAMP ((int) floor (x / cards->cell), 0, cards->cols - 1);
  int row = CLAMP ((int) floor (y / cards->cell), 0, cards->rows - 1);
  GArray *cell = g_ptr_array_index (cards->cells, row * cards->cols + col);
  guint count = 0;

  for (guint i = 0; i < cell->len; i++)
    {
      const GridItem *item = &g_array_index (cards->rects, GridItem, g_array_index (cell, guint, i));

      if (item->edge != from && item->edge != to && portolan_graph_rect_contains (&item->box, x, y))
        count++;
    }

  return count;
}

/* How much a curve runs over the cards it does not connect */
static double
route_cost (PortolanGraphLayout *layout,
            Grid                *cards,
            PortolanGraphPoint   a,
            PortolanGraphPoint   c,
            PortolanGraphPoint   b,
            guint                from,
            guint                to)
{
  double cost = 0;

  for (guint s = 1; s < 24; s++)
    {
      PortolanGraphPoint p = quad_point (a, c, b, s / 24.0);

      if (p.x < 0 || p.y < 0 || p.x > layout->width || p.y > layout->height)
        cost += 1;
      if (portolan_graph_rect_contains (&layout->legend, p.x, p.y))
        cost += 0.5;

      cost += count_cards_at (cards, p.x, p.y, from, to);
    }

  return cost;
}

/* The last t at which the curve is still inside the rectangle,
 * looking from one end */
static double
clip_parameter (PortolanGraphPoint       a,
                PortolanGraphPoint       c,
                PortolanGraphPoint       b,
                const PortolanGraphRect *rect,
                gboolean                 from_end)
{
  double inside = from_end ? 1 : 0, outside = -1;

  for (guint s = 1; s <= CLIP_SAMPLES; s++)
    {
      double t = from_end ? 1 - (double) s / CLIP_SAMPLES : (double) s / CLIP_SAMPLES;
      PortolanGraphPoint p = quad_point (a, c, b, t);

      if (!portolan_graph_rect_contains (rect, p.x, p.y))
        {
          outside = t;
          break;
        }
      inside = t;
    }

  if (outside < 0)
    return inside;

  for (guint i = 0; i < 16; i++)
    {
      double mid = (inside + outside) / 2;
      PortolanGraphPoint p = quad_point (a, c, b, mid);

      if (portolan_graph_rect_contains (rect, p.x, p.y))
        inside = mid;
      else
        outside = mid;
    }

  return outside;
}

static double
curve_length (const PortolanGraphCurve *curve)
{
  PortolanGraphPoint previous = curve->p[0];
  double length = 0;

  for (guint i = 1; i <= 16; i++)
    {
      PortolanGraphPoint p = portolan_graph_curve_point (curve, i / 16.0);

      length += hypot (p.x - previous.x, p.y - previous.y);
      previous = p;
    }

  return length;
}

/* The widest chip on either arrow between two cards */
static double
widest_label (PortolanGraphLayout *layout,
              guint                a,
              guint                b)
{
  double widest = 0;

  for (guint l = 0; l < layout->labels->len; l++)
    {
      PortolanGraphLabel *label = &g_array_index (layout->labels, PortolanGraphLabel, l);
      PortolanGraphEdge *edge = &g_array_index (layout->edges, PortolanGraphEdge, label->edge);

      if ((edge->from == a && edge->to == b) || (edge->from == b && edge->to == a))
        widest = MAX (widest, label->width);
    }

  return widest;
}

static void
route_edge (PortolanGraphLayout *layout,
            Grid                *cards,
            PortolanGraphEdge   *edge)
{
  PortolanGraphNode *from = node_at (layout, edge->from);
  PortolanGraphNode *to = node_at (layout, edge->to);
  PortolanGraphPoint a = { from->rect.x + from->rect.width / 2, from->rect.y + from->rect.height / 2 };
  PortolanGraphPoint b = { to->rect.x + to->rect.width / 2, to->rect.y + to->rect.height / 2 };
  PortolanGraphPoint mid = { (a.x + b.x) / 2, (a.y + b.y) / 2 };
  PortolanGraphPoint c = mid, best_c = mid;
  PortolanGraphRect from_rect = rect_inflate (&from->rect, 1.5);
  PortolanGraphRect to_rect = rect_inflate (&to->rect, 2.5);
  double dx = b.x - a.x, dy = b.y - a.y;
  double len = hypot (dx, dy);
  double nx, ny, base, step, best_cost = G_MAXDOUBLE;
  double t0, t1;
  PortolanGraphPoint s0, s2, s1, d0;

  if (len < 1)
    {
      edge->curve = (PortolanGraphCurve) { { a, a, b, b } };
      edge->length = 0;
      return;
    }

  /* The same normal for both directions of a pair */
  nx = -dy / len;
  ny = dx / len;
  if (edge->from > edge->to)
    {
      nx = -nx;
      ny = -ny;
    }

  /* The two arrows of a pair stand far enough apart for a chip on each,
   * across them: its height when they run sideways, its width when they
   * run up and down */
  if (edge->side != 0)
    {
      double across = fabs (nx) * widest_label (layout, edge->from, edge->to) +
                      fabs (ny) * layout->bend / 0.7 + layout->label_gap;

      base = edge->side * MIN (MAX (MAX (layout->bend, 0.05 * len), across / 2 + layout->label_gap), 0.3 * len);
    }
  else
    base = 0;
  step = MAX (layout->bend, 0.07 * len);

  for (int k = 0; k <= 10; k++)
    {
      /* Alone: 0, +1, -1, +2, …; one of a pair: further out on its side */
      double offset = edge->side != 0 ? base + edge->side * k * step / 2
                                      : ((k + 1) / 2) * step * (k % 2 ? 1 : -1);
      double cost;

      c.x = mid.x + 2 * offset * nx;
      c.y = mid.y + 2 * offset * ny;
      cost = route_cost (layout, cards, a, c, b, edge->from, edge->to) + 0.04 * k;

      if (cost < best_cost)
        {
          best_cost = cost;
          best_c = c;
        }
      if (best_cost < 0.5)
        break;
    }
  c = best_c;

  t0 = clip_parameter (a, c, b, &from_rect, FALSE);
  t1 = clip_parameter (a, c, b, &to_rect, TRUE);
  if (t1 <= t0 + 0.01)
    {
      t0 = 0;
      t1 = 1;
    }

  /* The piece of the quadratic between t0 and t1, as a cubic */
  s0 = quad_point (a, c, b, t0);
  s2 = quad_point (a, c, b, t1);
  d0.x = 2 * (1 - t0) * (c.x - a.x) + 2 * t0 * (b.x - c.x);
  d0.y = 2 * (1 - t0) * (c.y - a.y) + 2 * t0 * (b.y - c.y);
  s1.x = s0.x + (t1 - t0) * d0.x / 2;
  s1.y = s0.y + (t1 - t0) * d0.y / 2;

  edge->curve.p[0] = s0;
  edge->curve.p[1] = (PortolanGraphPoint) { s0.x + 2.0 / 3 * (s1.x - s0.x), s0.y + 2.0 / 3 * (s1.y - s0.y) };
  edge->curve.p[2] = (PortolanGraphPoint) { s2.x + 2.0 / 3 * (s1.x - s2.x), s2.y + 2.0 / 3 * (s1.y - s2.y) };
  edge->curve.p[3] = s2;
  edge->length = curve_length (&edge->curve);
}

static PortolanGraphCurve
loop_curve (const PortolanGraphNode *node,
            int                      side,
            double                   spread,
            double                   depth)
{
  /* up, right, down, left: outward direction and the side's middle */
  static const int dirs[4][2] = { { 0, -1 }, { 1, 0 }, { 0, 1 }, { -1, 0 } };
  const PortolanGraphRect *r = &node->rect;
  double ox = dirs[side][0], oy = dirs[side][1];
  double tx = -oy, ty = ox;
  double cx = r->x + r->width / 2 + ox * r->width / 2;
  double cy = r->y + r->height / 2 + oy * r->height / 2;
  PortolanGraphCurve curve;

  spread = MIN (spread, (ox != 0 ? r->height : r->width) * 0.42);

  if (side == 0)
    cy -= node->top_extra;

  curve.p[0] = (PortolanGraphPoint) { cx + tx * spread + ox * 1.5, cy + ty * spread + oy * 1.5 };
  curve.p[3] = (PortolanGraphPoint) { cx - tx * spread + ox * 2.5, cy - ty * spread + oy * 2.5 };
  curve.p[1] = (PortolanGraphPoint) { curve.p[0].x + ox * depth * 1.33 + tx * spread * 0.9,
                                      curve.p[0].y + oy * depth * 1.33 + ty * spread * 0.9 };
  curve.p[2] = (PortolanGraphPoint) { curve.p[3].x + ox * depth * 1.33 - tx * spread * 0.9,
                                      curve.p[3].y + oy * depth * 1.33 - ty * spread * 0.9 };

  return curve;
}

static void
route_loop (PortolanGraphLayout *layout,
            PortolanGraphEdge   *edge)
{
  PortolanGraphNode *node = node_at (layout, edge->from);
  double best_cost = G_MAXDOUBLE;
  double chip_width = widest_label (layout, edge->from, edge->from);
  double chip_height = layout->bend / 0.7;

  for (int side = 0; side < 4; side++)
    {
      /* Wide enough to show around its chip, at the top of the loop */
      PortolanGraphCurve curve = loop_curve (node, side, chip_width / 2 + chip_height / 2, 2 * chip_height);
      PortolanGraphPoint apex = portolan_graph_curve_point (&curve, 0.5);
      PortolanGraphRect room = rect_centered (apex.x, apex.y, chip_width + 2 * chip_height, 2.5 * chip_height);
      double cost = side * 0.01;

      if (room.x < 0 || room.y < 0 || room.x + room.width > layout->width || room.y + room.height > layout->height)
        cost += 100;

      for (guint i = 0; i < layout->nodes->len; i++)
        if (i != edge->from)
          cost += 10 * rect_overlap_area (&room, &node_at (layout, i)->rect) / (room.width * room.height);

      /* Not over the names of zones, nor the card's own tag */
      for (guint z = 0; z < layout->n_zones; z++)
        if (g_array_index (layout->zones, PortolanGraphRect, z).width > 0)
          {
            PortolanGraphRect title = portolan_graph_layout_zone_title (layout, z);

            cost += 10 * rect_overlap_area (&room, &title) / (room.width * room.height);
          }
      if (side == 0 && node->top_extra > 0)
        cost += 2;

      for (guint e = 0; e < layout->edges->len; e++)
        {
          PortolanGraphEdge *other = &g_array_index (layout->edges, PortolanGraphEdge, e);

          if (other->from == other->to)
            continue;
          for (guint s = 0; s <= 8; s++)
            {
              PortolanGraphPoint p = portolan_graph_curve_point (&other->curve, s / 8.0);

              if (portolan_graph_rect_contains (&room, p.x, p.y))
                cost += 1;
            }
        }

      if (cost < best_cost)
        {
          best_cost = cost;
          edge->curve = curve;
        }
    }

  edge->length = curve_length (&edge->curve);
}

/**
 * portolan_graph_layout_route_edges:
 *
 * Draws every arrow from card to card, once the cards are placed.
 */
void
portolan_graph_layout_route_edges (PortolanGraphLayout *layout)
{
  Grid cards;

  grid_init (&cards, layout->width, layout->height, 64);
  for (guint i = 0; i < layout->nodes->len; i++)
    {
      GridItem item = { rect_inflate (&node_at (layout, i)->rect, layout->gap / 2), i, { 0, 0 }, { 0, 0 } };

      grid_add_item (&cards, &item);
    }

  for (guint e = 0; e < layout->edges->len; e++)
    {
      PortolanGraphEdge *edge = &g_array_index (layout->edges, PortolanGraphEdge, e);

      if (edge->from != edge->to)
        route_edge (layout, &cards, edge);
    }
  grid_clear (&cards);

  /* Loops go where the other arrows are not */
  for (guint e = 0; e < layout->edges->len; e++)
    {
      PortolanGraphEdge *edge = &g_array_index (layout->edges, PortolanGraphEdge, e);

      if (edge->from == edge->to)
        route_loop (layout, edge);
    }
}

/* Chips */

static int
compare_spots (gconstpointer a,
               gconstpointer b)
{
  double ca = ((const Spot *) a)->cost, cb = ((const Spot *) b)->cost;

  return ca < cb ? -1 : ca > cb ? 1 : 0;
}

/* Where a chip may go on its arrow, best first: on the arrow near @centre,
 * then further along, then beside it */
static void
list_spots (GArray *spots,
            double  centre)
{
  g_array_set_size (spots, 0);

  for (int i = -26; i <= 26; i++)
    for (int beside = -3; beside <= 3; beside++)
      {
        Spot spot = { centre + i * 0.035, beside, fabs (i * 0.035) + 0.45 * abs (beside) };

        if (spot.along < 0.04 || spot.along > 0.96)
          continue;
        g_array_append_val (spots, spot);
      }

  g_array_sort (spots, compare_spots);
}

static gboolean
rect_inside_drawing (PortolanGraphLayout     *layout,
                     const PortolanGraphRect *rect)
{
  double m = layout->margin / 2;

  return rect->x >= m && rect->y >= m &&
         rect->x + rect->width <= layout->width - m &&
         rect->y + rect->height <= layout->height - m;
}

/* The rectangle a chip would take at a spot */
static PortolanGraphRect
spot_rect (PortolanGraphLayout *layout,
           const Polyline      *line,
           PortolanGraphLabel  *label,
           const Spot          *spot,
           PortolanGraphPoint  *anchor,
           int                 *beside)
{
  double nx, ny, unit, offset;
  PortolanGraphPoint p = polyline_at (line, spot->along, &nx, &ny);

  /* Beside one of a pair's arrows: away from the other arrow first */
  *beside = spot->beside;
  if (*beside != 0 && nx * line->outward_x + ny * line->outward_y < 0)
    *beside = -*beside;

  /* Next to the arrow, then a chip further out each step */
  unit = fabs (nx) * label->width + fabs (ny) * label->height + layout->label_gap;
  offset = *beside == 0 ? 0 : (*beside > 0 ? 1 : -1) * ((abs (*beside) - 0.5) * unit + layout->label_gap);
  *anchor = p;

  return rect_centered (p.x + nx * offset, p.y + ny * offset, label->width, label->height);
}

/* The best free spot on the arrow; covering another arrow counts
 * against a spot, less than standing away from its own */
static gboolean
place_on_edge (PortolanGraphLayout *layout,
               Grid                *grid,
               Grid                *lines,
               const Polyline      *line,
               GArray              *spots,
               PortolanGraphLabel  *label,
               guint                edge)
{
  double best_cost = G_MAXDOUBLE;

  for (guint s = 0; s < spots->len; s++)
    {
      const Spot *spot = &g_array_index (spots, Spot, s);
      PortolanGraphPoint anchor;
      PortolanGraphRect rect;
      gboolean crosses;
      double cost;
      int beside;

      if (spot->cost >= best_cost)
        break;
      rect = spot_rect (layout, line, label, spot, &anchor, &beside);
      if (!rect_inside_drawing (layout, &rect) || grid_collides (grid, &rect))
        continue;

      crosses = grid_collides_full (lines, &rect, edge);
      cost = spot->cost + (crosses ? CROSSING_COST : 0);
      if (cost < best_cost)
        {
          best_cost = cost;
          label->rect = rect;
          label->anchor = anchor;
          label->beside = beside;
          label->crosses = crosses;
        }
    }

  return best_cost < G_MAXDOUBLE;
}

/* No room on the arrow: the free place nearest to its middle */
static gboolean
place_near (PortolanGraphLayout *layout,
            Grid                *grid,
            const Polyline      *line,
            PortolanGraphLabel  *label)
{
  double nx, ny;
  PortolanGraphPoint mid = polyline_at (line, 0.5, &nx, &ny);
  double step = MAX (label->height / 2, 2);
  guint tries = 0;

  for (int ring = 1; tries < MAX_SPIRAL_STEPS; ring++)
    {
      for (int i = -ring; i <= ring && tries < MAX_SPIRAL_STEPS; i++)
        for (int j = -ring; j <= ring && tries < MAX_SPIRAL_STEPS; j++)
          {
            PortolanGraphRect rect;

            if (abs (i) != ring && abs (j) != ring)
              continue;

            tries++;
            rect = rect_centered (mid.x + i * step * 2, mid.y + j * step, label->width, label->height);
            if (rect_inside_drawing (layout, &rect) && !grid_collides (grid, &rect))
              {
                label->rect = rect;
                label->anchor = mid;
                return TRUE;
              }
          }

      if (ring * step > MAX (layout->width, layout->height))
        break;
    }

  return FALSE;
}

typedef struct
{
  guint  edge;
  double room;  /* the arrow's length for each unit of chip */
} EdgeOrder;

static int
compare_edge_order (gconstpointer a,
                    gconstpointer b)
{
  const EdgeOrder *ea = a, *eb = b;

  if (ea->room != eb->room)
    return ea->room < eb->room ? -1 : 1;
  return ea->edge < eb->edge ? -1 : ea->edge > eb->edge;
}

static void
add_obstacles (PortolanGraphLayout *layout,
               Grid                *grid)
{
  for (guint i = 0; i < layout->nodes->len; i++)
    {
      PortolanGraphRect bounds = node_bounds (node_at (layout, i));
      PortolanGraphRect around = rect_inflate (&bounds, layout->label_gap);

      grid_add (grid, &around);
    }

  for (guint z = 0; z < layout->n_zones; z++)
    if (g_array_index (layout->zones, PortolanGraphRect, z).width > 0)
      {
        PortolanGraphRect title = portolan_graph_layout_zone_title (layout, z);

        grid_add (grid, &title);
      }

  if (layout->legend_width > 0)
    {
      PortolanGraphRect legend = rect_inflate (&layout->legend, layout->label_gap);

      grid_add (grid, &legend);
    }
}

static void
polyline_for_edge (Polyline                *line,
                   const PortolanGraphEdge *edge)
{
  PortolanGraphPoint start = edge->curve.p[0], end = edge->curve.p[3];
  PortolanGraphPoint mid = portolan_graph_curve_point (&edge->curve, 0.5);
  double ox = mid.x - (start.x + end.x) / 2, oy = mid.y - (start.y + end.y) / 2;

  polyline_init (line, &edge->curve);
  line->outward_x = edge->side != 0 ? ox : 0;
  line->outward_y = edge->side != 0 ? oy : 0;
}

/* Where on an arrow its chips go first: towards the card with fewer
 * arrows, away from the crowd around a hub */
static double
preferred_centre (const PortolanGraphEdge *edge,
                  const guint             *degrees)
{
  double from = degrees[edge->from], to = degrees[edge->to];

  if (edge->from == edge->to || from + to == 0)
    return 0.5;

  return 0.5 + 0.22 * (from - to) / (from + to);
}

static void
add_lines (PortolanGraphLayout *layout,
           Grid                *lines,
           Polyline            *line)
{
  for (guint e = 0; e < layout->edges->len; e++)
    {
      PortolanGraphEdge *edge = &g_array_index (layout->edges, PortolanGraphEdge, e);

      polyline_init (line, &edge->curve);
      for (guint i = 1; i <= CURVE_SAMPLES; i++)
        grid_add_segment (lines, e, line->points[i - 1], line->points[i]);
    }
}

/**
 * portolan_graph_layout_place_labels:
 *
 * Places every chip on its arrow, or near it when its arrow has no room
 * left. Gives up once more than max_misplaced chips are detached or
 * overlapping.
 *
 * Returns: %FALSE when it gave up
 */
gboolean
portolan_graph_layout_place_labels (PortolanGraphLayout *layout)
{
  g_autoptr(GArray) spots = g_array_new (FALSE, FALSE, sizeof (Spot));
  g_autoptr(GArray) order = g_array_new (FALSE, FALSE, sizeof (EdgeOrder));
  g_autofree double *need = g_new0 (double, MAX (layout->edges->len, 1));
  g_autofree guint *degrees = g_new0 (guint, MAX (layout->nodes->len, 1));
  g_autofree Polyline *line = g_new (Polyline, 1);
  gboolean complete = TRUE;
  double cell = 48;
  Grid grid, lines;

  layout->n_beside = 0;
  layout->n_crossing = 0;
  layout->n_detached = 0;
  layout->n_overlapping = 0;

  if (layout->labels->len > 0)
    {
      double label_height = g_array_index (layout->labels, PortolanGraphLabel, 0).height;

      cell = MAX (48, 3 * label_height);
    }
  grid_init (&grid, layout->width, layout->height, cell);
  grid_init (&lines, layout->width, layout->height, cell);
  add_obstacles (layout, &grid);
  add_lines (layout, &lines, line);

  for (guint l = 0; l < layout->labels->len; l++)
    {
      PortolanGraphLabel *label = &g_array_index (layout->labels, PortolanGraphLabel, l);

      need[label->edge] += label->width + layout->label_gap;
      label->rect = (PortolanGraphRect) { 0, 0, 0, 0 };
      label->beside = 0;
      label->crosses = label->detached = label->overlaps = FALSE;
    }

  for (guint e = 0; e < layout->edges->len; e++)
    {
      PortolanGraphEdge *edge = &g_array_index (layout->edges, PortolanGraphEdge, e);

      if (edge->from != edge->to)
        {
          degrees[edge->from]++;
          degrees[edge->to]++;
        }

      if (need[e] > 0)
        {
          EdgeOrder item = { e, edge->from == edge->to ? 0 : edge->length / need[e] };

          g_array_append_val (order, item);
        }
    }
  g_array_sort (order, compare_edge_order);

  for (guint o = 0; o < order->len && complete; o++)
    {
      guint e = g_array_index (order, EdgeOrder, o).edge;
      PortolanGraphEdge *edge = &g_array_index (layout->edges, PortolanGraphEdge, e);

      polyline_for_edge (line, edge);
      list_spots (spots, preferred_centre (edge, degrees));

      for (guint l = 0; l < layout->labels->len; l++)
        {
          PortolanGraphLabel *label = &g_array_index (layout->labels, PortolanGraphLabel, l);
          PortolanGraphRect around;

          if (label->edge != e)
            continue;

          if (place_on_edge (layout, &grid, &lines, line, spots, label, e))
            {
              /* A loop's chip beside it is as clear as on it */
              layout->n_beside += label->beside != 0 && edge->from != edge->to;
              layout->n_crossing += label->crosses;
            }
          else if (place_near (layout, &grid, line, label))
            {
              label->detached = TRUE;
              layout->n_detached++;
            }
          else
            {
              double nx, ny;
              PortolanGraphPoint mid = polyline_at (line, 0.5, &nx, &ny);

              label->rect = rect_centered (mid.x, mid.y, label->width, label->height);
              label->anchor = mid;
              label->overlaps = TRUE;
              layout->n_overlapping++;
            }

          if (layout->n_detached + layout->n_overlapping > layout->max_misplaced)
            {
              complete = FALSE;
              break;
            }

          around = rect_inflate (&label->rect, layout->label_gap);
          grid_add (&grid, &around);
        }
    }

  grid_clear (&grid);
  grid_clear (&lines);

  return complete;
}
