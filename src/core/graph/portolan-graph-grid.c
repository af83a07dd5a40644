/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-graph-grid.c
 *
 * The geometry the layout is made of: rectangles, cubic curves and
 * their sampled polylines, and a uniform grid over the drawing that
 * lists, for each cell, the rectangles and arrow segments touching it.
 * A chip is tested against what shares its cells, not against every
 * card, chip and arrow, which keeps the layout fast with a thousand
 * chips.
 */
#include "config.h"

#include <math.h>

#include "portolan-graph-grid-private.h"

/* Geometry */

gboolean
_portolan_graph_rect_intersects (const PortolanGraphRect *a,
                                 const PortolanGraphRect *b)
{
  return a->x < b->x + b->width && b->x < a->x + a->width &&
         a->y < b->y + b->height && b->y < a->y + a->height;
}

gboolean
_portolan_graph_rect_contains (const PortolanGraphRect *rect,
                               double                   x,
                               double                   y)
{
  return x >= rect->x && x < rect->x + rect->width &&
         y >= rect->y && y < rect->y + rect->height;
}

PortolanGraphPoint
_portolan_graph_curve_point (const PortolanGraphCurve *curve,
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
_portolan_graph_curve_tangent (const PortolanGraphCurve *curve,
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
 * _portolan_graph_curve_distance:
 * @nearest: (out) (optional): the point of the curve nearest to (@x, @y)
 *
 * How far a point is from a curve, near enough to tell a click on it.
 */
double
_portolan_graph_curve_distance (const PortolanGraphCurve *curve,
                                double                    x,
                                double                    y,
                                PortolanGraphPoint       *nearest)
{
  PortolanGraphPoint previous = curve->p[0];
  PortolanGraphPoint best = previous;
  double distance = G_MAXDOUBLE;

  for (guint i = 1; i <= 24; i++)
    {
      PortolanGraphPoint point = _portolan_graph_curve_point (curve, i / 24.0);
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

void
_portolan_graph_polyline_init (PortolanGraphPolyline    *line,
                               const PortolanGraphCurve *curve)
{
  line->points[0] = curve->p[0];
  line->lengths[0] = 0;

  for (guint i = 1; i <= PORTOLAN_GRAPH_CURVE_SAMPLES; i++)
    {
      line->points[i] = _portolan_graph_curve_point (curve, (double) i / PORTOLAN_GRAPH_CURVE_SAMPLES);
      line->lengths[i] = line->lengths[i - 1] + hypot (line->points[i].x - line->points[i - 1].x,
                                                       line->points[i].y - line->points[i - 1].y);
    }
}

/* The point at a fraction of the length, and the unit normal there */
PortolanGraphPoint
_portolan_graph_polyline_at (const PortolanGraphPolyline *line,
                             double                       along,
                             double                      *normal_x,
                             double                      *normal_y)
{
  double target = along * line->lengths[PORTOLAN_GRAPH_CURVE_SAMPLES];
  guint i = 1;
  double dx, dy, len, f;

  while (i < PORTOLAN_GRAPH_CURVE_SAMPLES && line->lengths[i] < target)
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

/* The grid */

void
_portolan_graph_grid_init (PortolanGraphGrid *grid,
                           double             width,
                           double             height,
                           double             cell)
{
  grid->cell = MAX (cell, 8);
  grid->cols = MAX (1, (int) ceil (width / grid->cell));
  grid->rows = MAX (1, (int) ceil (height / grid->cell));
  grid->rects = g_array_new (FALSE, FALSE, sizeof (PortolanGraphGridItem));
  grid->cells = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);

  for (int i = 0; i < grid->cols * grid->rows; i++)
    g_ptr_array_add (grid->cells, g_array_new (FALSE, FALSE, sizeof (guint)));
}

void
_portolan_graph_grid_clear (PortolanGraphGrid *grid)
{
  g_clear_pointer (&grid->rects, g_array_unref);
  g_clear_pointer (&grid->cells, g_ptr_array_unref);
}

static void
grid_span (PortolanGraphGrid       *grid,
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

void
_portolan_graph_grid_add_item (PortolanGraphGrid           *grid,
                               const PortolanGraphGridItem *item)
{
  guint index = grid->rects->len;
  int col0, row0, col1, row1;

  g_array_append_val (grid->rects, *item);
  grid_span (grid, &item->box, &col0, &row0, &col1, &row1);

  for (int row = row0; row <= row1; row++)
    for (int col = col0; col <= col1; col++)
      g_array_append_val (g_ptr_array_index (grid->cells, row * grid->cols + col), index);
}

void
_portolan_graph_grid_add (PortolanGraphGrid       *grid,
                          const PortolanGraphRect *rect)
{
  PortolanGraphGridItem item = { *rect, G_MAXUINT, { 0, 0 }, { 0, 0 } };

  _portolan_graph_grid_add_item (grid, &item);
}

void
_portolan_graph_grid_add_segment (PortolanGraphGrid  *grid,
                                  guint               edge,
                                  PortolanGraphPoint  a,
                                  PortolanGraphPoint  b)
{
  PortolanGraphGridItem item = {
    { MIN (a.x, b.x), MIN (a.y, b.y), fabs (a.x - b.x), fabs (a.y - b.y) }, edge, a, b
  };

  _portolan_graph_grid_add_item (grid, &item);
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
gboolean
_portolan_graph_grid_collides_full (PortolanGraphGrid       *grid,
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
            const PortolanGraphGridItem *item = &g_array_index (grid->rects, PortolanGraphGridItem,
                                                                g_array_index (cell, guint, i));

            if (item->edge == G_MAXUINT)
              {
                if (_portolan_graph_rect_intersects (rect, &item->box))
                  return TRUE;
              }
            else if (item->edge != edge && segment_crosses (rect, item->a, item->b))
              return TRUE;
          }
      }

  return FALSE;
}

gboolean
_portolan_graph_grid_collides (PortolanGraphGrid       *grid,
                               const PortolanGraphRect *rect)
{
  return _portolan_graph_grid_collides_full (grid, rect, G_MAXUINT);
}

/* How many rectangles contain a point, but those tagged @except_a or @except_b */
guint
_portolan_graph_grid_count_at (PortolanGraphGrid *grid,
                               double             x,
                               double             y,
                               guint              except_a,
                               guint              except_b)
{
  int col = CLAMP ((int) floor (x / grid->cell), 0, grid->cols - 1);
  int row = CLAMP ((int) floor (y / grid->cell), 0, grid->rows - 1);
  GArray *cell = g_ptr_array_index (grid->cells, row * grid->cols + col);
  guint count = 0;

  for (guint i = 0; i < cell->len; i++)
    {
      const PortolanGraphGridItem *item = &g_array_index (grid->rects, PortolanGraphGridItem,
                                                          g_array_index (cell, guint, i));

      if (item->edge != except_a && item->edge != except_b && _portolan_graph_rect_contains (&item->box, x, y))
        count++;
    }

  return count;
}
