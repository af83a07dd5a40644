/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-graph-labels.c
 *
 * The last step of the layout: chips. They are placed one by one on
 * their arrow, from the middle outwards and then beside it, where they
 * touch no card, zone name, legend or earlier chip; the arrows with the
 * least room go first. A chip that finds no room on its arrow goes to
 * the free place nearest to it, on a leader line.
 */
#include "config.h"

#include <math.h>

#include "portolan-graph-grid-private.h"
#include "portolan-graph-layout-private.h"

#define MAX_SPIRAL_STEPS 1500
#define CROSSING_COST    0.2

typedef struct
{
  double along;   /* 0 … 1 of the arrow's length */
  int    beside;  /* chip heights to the side */
  double cost;
} Spot;

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
spot_rect (PortolanGraphLayout         *layout,
           const PortolanGraphPolyline *line,
           PortolanGraphLabel          *label,
           const Spot                  *spot,
           PortolanGraphPoint          *anchor,
           int                         *beside)
{
  double nx, ny, unit, offset;
  PortolanGraphPoint p = _portolan_graph_polyline_at (line, spot->along, &nx, &ny);

  /* Beside one of a pair's arrows: away from the other arrow first */
  *beside = spot->beside;
  if (*beside != 0 && nx * line->outward_x + ny * line->outward_y < 0)
    *beside = -*beside;

  /* Next to the arrow, then a chip further out each step */
  unit = fabs (nx) * label->width + fabs (ny) * label->height + layout->label_gap;
  offset = *beside == 0 ? 0 : (*beside > 0 ? 1 : -1) * ((abs (*beside) - 0.5) * unit + layout->label_gap);
  *anchor = p;

  return _portolan_graph_rect_centered (p.x + nx * offset, p.y + ny * offset, label->width, label->height);
}

/* The best free spot on the arrow; covering another arrow counts
 * against a spot, less than standing away from its own */
static gboolean
place_on_edge (PortolanGraphLayout         *layout,
               PortolanGraphGrid           *grid,
               PortolanGraphGrid           *lines,
               const PortolanGraphPolyline *line,
               GArray                      *spots,
               PortolanGraphLabel          *label,
               guint                        edge)
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
      if (!rect_inside_drawing (layout, &rect) || _portolan_graph_grid_collides (grid, &rect))
        continue;

      crosses = _portolan_graph_grid_collides_full (lines, &rect, edge);
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
place_near (PortolanGraphLayout         *layout,
            PortolanGraphGrid           *grid,
            const PortolanGraphPolyline *line,
            PortolanGraphLabel          *label)
{
  double nx, ny;
  PortolanGraphPoint mid = _portolan_graph_polyline_at (line, 0.5, &nx, &ny);
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
            rect = _portolan_graph_rect_centered (mid.x + i * step * 2, mid.y + j * step, label->width, label->height);
            if (rect_inside_drawing (layout, &rect) && !_portolan_graph_grid_collides (grid, &rect))
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
               PortolanGraphGrid   *grid)
{
  for (guint i = 0; i < layout->nodes->len; i++)
    {
      PortolanGraphRect bounds = _portolan_graph_node_bounds (&g_array_index (layout->nodes, PortolanGraphNode, i));
      PortolanGraphRect around = _portolan_graph_rect_inflate (&bounds, layout->label_gap);

      _portolan_graph_grid_add (grid, &around);
    }

  for (guint z = 0; z < layout->n_zones; z++)
    if (g_array_index (layout->zones, PortolanGraphRect, z).width > 0)
      {
        PortolanGraphRect title = _portolan_graph_layout_zone_title (layout, z);

        _portolan_graph_grid_add (grid, &title);
      }

  if (layout->legend_width > 0)
    {
      PortolanGraphRect legend = _portolan_graph_rect_inflate (&layout->legend, layout->label_gap);

      _portolan_graph_grid_add (grid, &legend);
    }
}

static void
polyline_for_edge (PortolanGraphPolyline   *line,
                   const PortolanGraphEdge *edge)
{
  PortolanGraphPoint start = edge->curve.p[0], end = edge->curve.p[3];
  PortolanGraphPoint mid = _portolan_graph_curve_point (&edge->curve, 0.5);
  double ox = mid.x - (start.x + end.x) / 2, oy = mid.y - (start.y + end.y) / 2;

  _portolan_graph_polyline_init (line, &edge->curve);
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
add_lines (PortolanGraphLayout   *layout,
           PortolanGraphGrid     *lines,
           PortolanGraphPolyline *line)
{
  for (guint e = 0; e < layout->edges->len; e++)
    {
      PortolanGraphEdge *edge = &g_array_index (layout->edges, PortolanGraphEdge, e);

      _portolan_graph_polyline_init (line, &edge->curve);
      for (guint i = 1; i <= PORTOLAN_GRAPH_CURVE_SAMPLES; i++)
        _portolan_graph_grid_add_segment (lines, e, line->points[i - 1], line->points[i]);
    }
}

/**
 * _portolan_graph_layout_place_labels:
 *
 * Places every chip on its arrow, or near it when its arrow has no room
 * left. Gives up once more than max_misplaced chips are detached or
 * overlapping.
 *
 * Returns: %FALSE when it gave up
 */
gboolean
_portolan_graph_layout_place_labels (PortolanGraphLayout *layout)
{
  g_autoptr(GArray) spots = g_array_new (FALSE, FALSE, sizeof (Spot));
  g_autoptr(GArray) order = g_array_new (FALSE, FALSE, sizeof (EdgeOrder));
  g_autofree double *need = g_new0 (double, MAX (layout->edges->len, 1));
  g_autofree guint *degrees = g_new0 (guint, MAX (layout->nodes->len, 1));
  g_autofree PortolanGraphPolyline *line = g_new (PortolanGraphPolyline, 1);
  gboolean complete = TRUE;
  double cell = 48;
  PortolanGraphGrid grid, lines;

  layout->n_beside = 0;
  layout->n_crossing = 0;
  layout->n_detached = 0;
  layout->n_overlapping = 0;

  if (layout->labels->len > 0)
    {
      double label_height = g_array_index (layout->labels, PortolanGraphLabel, 0).height;

      cell = MAX (48, 3 * label_height);
    }
  _portolan_graph_grid_init (&grid, layout->width, layout->height, cell);
  _portolan_graph_grid_init (&lines, layout->width, layout->height, cell);
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
              PortolanGraphPoint mid = _portolan_graph_polyline_at (line, 0.5, &nx, &ny);

              label->rect = _portolan_graph_rect_centered (mid.x, mid.y, label->width, label->height);
              label->anchor = mid;
              label->overlaps = TRUE;
              layout->n_overlapping++;
            }

          if (layout->n_detached + layout->n_overlapping > layout->max_misplaced)
            {
              complete = FALSE;
              break;
            }

          around = _portolan_graph_rect_inflate (&label->rect, layout->label_gap);
          _portolan_graph_grid_add (&grid, &around);
        }
    }

  _portolan_graph_grid_clear (&grid);
  _portolan_graph_grid_clear (&lines);

  return complete;
}
