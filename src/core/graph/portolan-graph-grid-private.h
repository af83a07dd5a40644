/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-graph-grid-private.h: the plane the graph's layout works in
 *
 * Rectangles, Bézier curves, curves sampled as polylines, and a grid
 * that indexes rectangles and segments by where they are, so that the
 * layout compares a chip with its neighbours only.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define PORTOLAN_GRAPH_CURVE_SAMPLES 40

typedef struct
{
  double x;
  double y;
  double width;
  double height;
} PortolanGraphRect;

typedef struct
{
  double x;
  double y;
} PortolanGraphPoint;

/* A cubic Bézier curve */
typedef struct
{
  PortolanGraphPoint p[4];
} PortolanGraphCurve;

/* A curve as PORTOLAN_GRAPH_CURVE_SAMPLES straight pieces */
typedef struct
{
  PortolanGraphPoint points[PORTOLAN_GRAPH_CURVE_SAMPLES + 1];
  double             lengths[PORTOLAN_GRAPH_CURVE_SAMPLES + 1];  /* from the start */
  double             outward_x;                                 /* away from the partner arrow */
  double             outward_y;
} PortolanGraphPolyline;

typedef struct
{
  PortolanGraphRect  box;
  guint              edge;   /* segments: whose; rectangles: G_MAXUINT or a tag */
  PortolanGraphPoint a;
  PortolanGraphPoint b;
} PortolanGraphGridItem;

typedef struct
{
  double     cell;
  int        cols;
  int        rows;
  GArray    *rects;  /* PortolanGraphGridItem */
  GPtrArray *cells;  /* GArray of guint, the items touching the cell */
} PortolanGraphGrid;

static inline PortolanGraphRect
_portolan_graph_rect_inflate (const PortolanGraphRect *rect,
                              double                   by)
{
  return (PortolanGraphRect) { rect->x - by, rect->y - by, rect->width + 2 * by, rect->height + 2 * by };
}

static inline PortolanGraphRect
_portolan_graph_rect_centered (double x,
                               double y,
                               double width,
                               double height)
{
  return (PortolanGraphRect) { x - width / 2, y - height / 2, width, height };
}

static inline double
_portolan_graph_rect_overlap_area (const PortolanGraphRect *a,
                                   const PortolanGraphRect *b)
{
  double w = MIN (a->x + a->width, b->x + b->width) - MAX (a->x, b->x);
  double h = MIN (a->y + a->height, b->y + b->height) - MAX (a->y, b->y);

  return w > 0 && h > 0 ? w * h : 0;
}

gboolean             _portolan_graph_rect_intersects     (const PortolanGraphRect     *a,
                                                          const PortolanGraphRect     *b);
gboolean             _portolan_graph_rect_contains       (const PortolanGraphRect     *rect,
                                                          double                       x,
                                                          double                       y);
PortolanGraphPoint   _portolan_graph_curve_point         (const PortolanGraphCurve    *curve,
                                                          double                       t);
PortolanGraphPoint   _portolan_graph_curve_tangent       (const PortolanGraphCurve    *curve,
                                                          double                       t);
double               _portolan_graph_curve_distance      (const PortolanGraphCurve    *curve,
                                                          double                       x,
                                                          double                       y,
                                                          PortolanGraphPoint          *nearest);

void                 _portolan_graph_polyline_init       (PortolanGraphPolyline       *line,
                                                          const PortolanGraphCurve    *curve);
PortolanGraphPoint   _portolan_graph_polyline_at         (const PortolanGraphPolyline *line,
                                                          double                       along,
                                                          double                      *normal_x,
                                                          double                      *normal_y);

void                 _portolan_graph_grid_init           (PortolanGraphGrid           *grid,
                                                          double                       width,
                                                          double                       height,
                                                          double                       cell);
void                 _portolan_graph_grid_clear          (PortolanGraphGrid           *grid);
void                 _portolan_graph_grid_add_item       (PortolanGraphGrid           *grid,
                                                          const PortolanGraphGridItem *item);
void                 _portolan_graph_grid_add            (PortolanGraphGrid           *grid,
                                                          const PortolanGraphRect     *rect);
void                 _portolan_graph_grid_add_segment    (PortolanGraphGrid           *grid,
                                                          guint                        edge,
                                                          PortolanGraphPoint           a,
                                                          PortolanGraphPoint           b);
gboolean             _portolan_graph_grid_collides_full  (PortolanGraphGrid           *grid,
                                                          const PortolanGraphRect     *rect,
                                                          guint                        edge);
gboolean             _portolan_graph_grid_collides       (PortolanGraphGrid           *grid,
                                                          const PortolanGraphRect     *rect);
guint                _portolan_graph_grid_count_at       (PortolanGraphGrid           *grid,
                                                          double                       x,
                                                          double                       y,
                                                          guint                        except_a,
                                                          guint                        except_b);

G_END_DECLS
