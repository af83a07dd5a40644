/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-graph-layout.c
 *
 * Cards go where the catalogue's hints say, pushed apart until none
 * overlaps; a zone is the box around its cards. Arrows are quadratic
 * curves, bent just enough to pass beside the other cards, and the two
 * directions of a pair bend to opposite sides. The chips come last, in
 * portolan-graph-labels.c; the geometry both use is in
 * portolan-graph-grid.c.
 */
#include "config.h"

#include <math.h>

#include "portolan-graph-grid-private.h"
#include "portolan-graph-layout-private.h"

#define CLIP_SAMPLES 64

/* The layout */

PortolanGraphLayout *
_portolan_graph_layout_new (void)
{
  PortolanGraphLayout *layout = g_new0 (PortolanGraphLayout, 1);

  layout->nodes = g_array_new (FALSE, TRUE, sizeof (PortolanGraphNode));
  layout->edges = g_array_new (FALSE, TRUE, sizeof (PortolanGraphEdge));
  layout->labels = g_array_new (FALSE, TRUE, sizeof (PortolanGraphLabel));
  layout->zones = g_array_new (FALSE, TRUE, sizeof (PortolanGraphRect));

  return layout;
}

void
_portolan_graph_layout_free (PortolanGraphLayout *layout)
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
_portolan_graph_layout_reset (PortolanGraphLayout *layout)
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

/* Where a zone's name is written */
PortolanGraphRect
_portolan_graph_layout_zone_title (PortolanGraphLayout *layout,
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

          cost += _portolan_graph_rect_overlap_area (&corners[c], &room);
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

  if (legend->width <= 0 || !_portolan_graph_rect_intersects (&room, legend))
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

      if (layout->legend.width > 0 && _portolan_graph_rect_overlap_area (&room, &layout->legend) > 1)
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
          PortolanGraphRect bounds = _portolan_graph_node_bounds (node);

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
        if (_portolan_graph_rect_intersects (zone, &g_array_index (layout->zones, PortolanGraphRect, b)))
          return FALSE;

      if (layout->legend.width > 0 && _portolan_graph_rect_intersects (zone, &layout->legend))
        return FALSE;

      for (guint i = 0; i < layout->nodes->len; i++)
        {
          PortolanGraphNode *node = node_at (layout, i);

          if (node->zone != a && _portolan_graph_rect_intersects (zone, &node->rect))
            return FALSE;
        }
    }

  return TRUE;
}

/**
 * _portolan_graph_layout_place_nodes:
 *
 * Places the cards near their hints, the zones around them and the
 * legend in the freest corner.
 *
 * Returns: %FALSE when the cards are too big to fit without overlapping
 */
gboolean
_portolan_graph_layout_place_nodes (PortolanGraphLayout *layout)
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

      node->rect = _portolan_graph_rect_centered (cx[i], cy[i], node->width, node->height);
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

/* How much a curve runs over the cards it does not connect */
static double
route_cost (PortolanGraphLayout *layout,
            PortolanGraphGrid   *cards,
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
      if (_portolan_graph_rect_contains (&layout->legend, p.x, p.y))
        cost += 0.5;

      cost += _portolan_graph_grid_count_at (cards, p.x, p.y, from, to);
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

      if (!_portolan_graph_rect_contains (rect, p.x, p.y))
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

      if (_portolan_graph_rect_contains (rect, p.x, p.y))
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
      PortolanGraphPoint p = _portolan_graph_curve_point (curve, i / 16.0);

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
            PortolanGraphGrid   *cards,
            PortolanGraphEdge   *edge)
{
  PortolanGraphNode *from = node_at (layout, edge->from);
  PortolanGraphNode *to = node_at (layout, edge->to);
  PortolanGraphPoint a = { from->rect.x + from->rect.width / 2, from->rect.y + from->rect.height / 2 };
  PortolanGraphPoint b = { to->rect.x + to->rect.width / 2, to->rect.y + to->rect.height / 2 };
  PortolanGraphPoint mid = { (a.x + b.x) / 2, (a.y + b.y) / 2 };
  PortolanGraphPoint c = mid, best_c = mid;
  PortolanGraphRect from_rect = _portolan_graph_rect_inflate (&from->rect, 1.5);
  PortolanGraphRect to_rect = _portolan_graph_rect_inflate (&to->rect, 2.5);
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
      PortolanGraphPoint apex = _portolan_graph_curve_point (&curve, 0.5);
      PortolanGraphRect room = _portolan_graph_rect_centered (apex.x, apex.y,
                                                              chip_width + 2 * chip_height, 2.5 * chip_height);
      double cost = side * 0.01;

      if (room.x < 0 || room.y < 0 || room.x + room.width > layout->width || room.y + room.height > layout->height)
        cost += 100;

      for (guint i = 0; i < layout->nodes->len; i++)
        if (i != edge->from)
          cost += 10 * _portolan_graph_rect_overlap_area (&room, &node_at (layout, i)->rect) /
                  (room.width * room.height);

      /* Not over the names of zones, nor the card's own tag */
      for (guint z = 0; z < layout->n_zones; z++)
        if (g_array_index (layout->zones, PortolanGraphRect, z).width > 0)
          {
            PortolanGraphRect title = _portolan_graph_layout_zone_title (layout, z);

            cost += 10 * _portolan_graph_rect_overlap_area (&room, &title) / (room.width * room.height);
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
              PortolanGraphPoint p = _portolan_graph_curve_point (&other->curve, s / 8.0);

              if (_portolan_graph_rect_contains (&room, p.x, p.y))
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
 * _portolan_graph_layout_route_edges:
 *
 * Draws every arrow from card to card, once the cards are placed.
 */
void
_portolan_graph_layout_route_edges (PortolanGraphLayout *layout)
{
  PortolanGraphGrid cards;

  _portolan_graph_grid_init (&cards, layout->width, layout->height, 64);
  for (guint i = 0; i < layout->nodes->len; i++)
    {
      PortolanGraphRect around = _portolan_graph_rect_inflate (&node_at (layout, i)->rect, layout->gap / 2);
      PortolanGraphGridItem item = { around, i, { 0, 0 }, { 0, 0 } };

      _portolan_graph_grid_add_item (&cards, &item);
    }

  for (guint e = 0; e < layout->edges->len; e++)
    {
      PortolanGraphEdge *edge = &g_array_index (layout->edges, PortolanGraphEdge, e);

      if (edge->from != edge->to)
        route_edge (layout, &cards, edge);
    }
  _portolan_graph_grid_clear (&cards);

  /* Loops go where the other arrows are not */
  for (guint e = 0; e < layout->edges->len; e++)
    {
      PortolanGraphEdge *edge = &g_array_index (layout->edges, PortolanGraphEdge, e);

      if (edge->from == edge->to)
        route_loop (layout, edge);
    }
}
