/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-graph-layout.c: where cards, arrows and chips go, checked as geometry
 *
 * The layout takes measured boxes and hands back rectangles and curves, so
 * these tests need no cairo and no fonts: a graph's cards and chips are
 * measured here with stand-ins for Pango's metrics, and the sizes are
 * searched the way portolan-graph-text.c searches them. Each checker returns
 * the first broken promise as text, or NULL; /graph-layout/checkers feeds
 * them broken geometry to prove that they can fail.
 */
#include "config.h"

#include <math.h>

#include "portolan-core.h"
#include "portolan-graph-layout-private.h"

#define MIN_FONT_SIZE 8.5
#define MAX_FONT_SIZE 14.0
#define EPSILON       1e-6

typedef struct
{
  char    *name;
  guint    zone;
  double   hint_x;
  double   hint_y;
  gboolean tagged;   /* "This computer" above the card */
} Role;

typedef struct
{
  guint  from;
  guint  to;
  guint  port;
  char  *text;
} Link;

typedef struct
{
  GArray    *roles;  /* Role */
  GArray    *links;  /* Link */
  GPtrArray *zones;  /* names */
} Graph;

typedef struct
{
  double width;
  double height;
} Size;

static const Size sizes[] = {
  { 900, 550 },
  { 1500, 800 },
  { 1920, 1080 },
  { 320, 200 },
};

/* Inputs */

static void
role_clear (Role *role)
{
  g_free (role->name);
}

static void
link_clear (Link *link)
{
  g_free (link->text);
}

static Graph *
graph_new (void)
{
  Graph *graph = g_new0 (Graph, 1);

  graph->roles = g_array_new (FALSE, TRUE, sizeof (Role));
  graph->links = g_array_new (FALSE, TRUE, sizeof (Link));
  graph->zones = g_ptr_array_new_with_free_func (g_free);
  g_array_set_clear_func (graph->roles, (GDestroyNotify) role_clear);
  g_array_set_clear_func (graph->links, (GDestroyNotify) link_clear);

  return graph;
}

static void
graph_free (Graph *graph)
{
  g_array_unref (graph->roles);
  g_array_unref (graph->links);
  g_ptr_array_unref (graph->zones);
  g_free (graph);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Graph, graph_free)

static void
graph_add_role (Graph      *graph,
                const char *name,
                guint       zone,
                double      hint_x,
                double      hint_y)
{
  Role role = { g_strdup (name), zone, hint_x, hint_y, FALSE };

  g_array_append_val (graph->roles, role);
}

static void
graph_add_link (Graph *graph,
                guint  from,
                guint  to,
                guint  port)
{
  Link link = { from, to, port, g_strdup_printf ("%u/tcp", port) };

  g_array_append_val (graph->links, link);
}

static Graph *
graph_new_from_catalogue (void)
{
  g_autoptr(GFile) file = g_file_new_for_path (g_getenv ("PORTOLAN_BUILTIN_CATALOGUE"));
  g_autoptr(GError) error = NULL;
  g_autoptr(PortolanCatalogue) catalogue = portolan_catalogue_new_from_file (file, &error);
  Graph *graph = graph_new ();
  GPtrArray *roles, *zones, *links;

  g_assert_no_error (error);
  roles = portolan_catalogue_get_roles (catalogue);
  zones = portolan_catalogue_get_zones (catalogue);
  links = portolan_catalogue_get_links (catalogue);

  for (guint z = 0; z < zones->len; z++)
    g_ptr_array_add (graph->zones, g_strdup (((const PortolanZone *) g_ptr_array_index (zones, z))->name));

  for (guint r = 0; r < roles->len; r++)
    {
      PortolanRole *role = g_ptr_array_index (roles, r);
      double x, y;
      guint zone;

      for (zone = 0; zone < zones->len; zone++)
        if (g_strcmp0 (((const PortolanZone *) g_ptr_array_index (zones, zone))->id,
                       portolan_role_get_zone (role)) == 0)
          break;
      g_assert_cmpuint (zone, <, zones->len);

      portolan_role_get_position (role, &x, &y);
      graph_add_role (graph, portolan_role_get_name (role), zone, x, y);
    }
  /* As the renderer shows a plan: one card tagged */
  g_array_index (graph->roles, Role, 0).tagged = TRUE;

  for (guint l = 0; l < links->len; l++)
    {
      PortolanLink *link = g_ptr_array_index (links, l);
      const char * const *initiators = portolan_link_get_initiators (link);
      const char * const *listeners = portolan_link_get_listeners (link);

      for (guint i = 0; initiators[i] != NULL; i++)
        for (guint j = 0; listeners[j] != NULL; j++)
          {
            int from = -1, to = -1;

            for (guint r = 0; r < roles->len; r++)
              {
                const char *id = portolan_role_get_id (g_ptr_array_index (roles, r));

                if (g_str_equal (id, initiators[i]))
                  from = r;
                if (g_str_equal (id, listeners[j]))
                  to = r;
              }
            if (from >= 0 && to >= 0)
              {
                Link item = { from, to, portolan_link_get_port (link), portolan_link_format_port (link) };

                g_array_append_val (graph->links, item);
              }
          }
    }

  return graph;
}

/* Two zones, three cards, a pair of arrows, a loop */
static Graph *
graph_new_few (void)
{
  Graph *graph = graph_new ();

  g_ptr_array_add (graph->zones, g_strdup ("Office"));
  g_ptr_array_add (graph->zones, g_strdup ("Data centre"));
  graph_add_role (graph, "Client", 0, 0.1, 0.5);
  graph_add_role (graph, "Server", 1, 0.8, 0.4);
  graph_add_role (graph, "Database", 1, 0.8, 0.8);
  graph_add_link (graph, 0, 1, 8443);
  graph_add_link (graph, 1, 0, 30005);
  graph_add_link (graph, 1, 2, 5432);
  graph_add_link (graph, 1, 1, 9080);
  g_array_index (graph->roles, Role, 0).tagged = TRUE;

  return graph;
}

/* Twenty cards that all want the same spot of one zone */
static Graph *
graph_new_crowded (void)
{
  Graph *graph = graph_new ();

  g_ptr_array_add (graph->zones, g_strdup ("Everything"));
  for (guint r = 0; r < 20; r++)
    {
      g_autofree char *name = g_strdup_printf ("Role %u", r);

      graph_add_role (graph, name, 0, 0.5 + 0.01 * (r % 3), 0.5 + 0.01 * (r / 3));
      if (r > 0)
        graph_add_link (graph, 0, r, 1000 + r);
    }

  return graph;
}

/* What bench/render-bench.c draws: 60 roles in 6 zones, 1000 links */
static Graph *
graph_new_big (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  Graph *graph = graph_new ();

  for (guint z = 0; z < 6; z++)
    g_ptr_array_add (graph->zones, g_strdup_printf ("Zone %u", z));
  for (guint r = 0; r < 60; r++)
    {
      g_autofree char *name = g_strdup_printf ("Role number %u", r);

      graph_add_role (graph, name, r / 10, 0.05 + (r / 10) * 0.18, 0.05 + (r % 10) * 0.1);
    }
  for (guint l = 0; l < 1000; l++)
    {
      guint from = g_rand_int_range (rand, 0, 60);
      guint to = g_rand_int_range (rand, 0, 60);

      graph_add_link (graph, from, to, g_rand_int_range (rand, 1, 65536));
    }

  return graph;
}

/* A card that no arrow reaches, between linked ones */
static Graph *
graph_new_lonely (void)
{
  Graph *graph = graph_new ();

  g_ptr_array_add (graph->zones, g_strdup ("Zone"));
  graph_add_role (graph, "Left", 0, 0.1, 0.5);
  graph_add_role (graph, "Alone", 0, 0.5, 0.5);
  graph_add_role (graph, "Right", 0, 0.9, 0.5);
  graph_add_link (graph, 0, 2, 443);
  graph_add_link (graph, 2, 0, 8443);

  return graph;
}

/* Names far wider than a card, for cards, zones and chips */
static Graph *
graph_new_long_names (void)
{
  Graph *graph = graph_new ();
  g_autofree char *long_name = g_strnfill (300, 'W');

  g_ptr_array_add (graph->zones, g_strdup (long_name));
  g_ptr_array_add (graph->zones, g_strnfill (120, 'Z'));
  graph_add_role (graph, long_name, 0, 0.2, 0.3);
  graph_add_role (graph, long_name, 0, 0.2, 0.7);
  graph_add_role (graph, long_name, 1, 0.8, 0.5);
  graph_add_link (graph, 0, 2, 443);
  graph_add_link (graph, 1, 2, 443);
  link_clear (&g_array_index (graph->links, Link, 1));
  g_array_index (graph->links, Link, 1).text = g_strnfill (60, '9');

  return graph;
}

/* The layout's input, measured as portolan-graph-text.c measures it, with
 * text 0.55 em wide per character and lines 1.2 em high */

static double
text_width (const char *text,
            double      size)
{
  return 0.55 * size * g_utf8_strlen (text, -1);
}

typedef struct
{
  guint      from;
  guint      to;
  GPtrArray *texts;  /* borrowed, one chip each, sorted by port */
} Arrow;

static int
compare_links_by_port (gconstpointer a,
                       gconstpointer b)
{
  const Link *la = *(const Link * const *) a, *lb = *(const Link * const *) b;

  return la->port < lb->port ? -1 : la->port > lb->port;
}

/* One arrow per pair of cards and direction, one chip per port on it */
static GArray *
graph_arrows (Graph *graph)
{
  GArray *arrows = g_array_new (FALSE, TRUE, sizeof (Arrow));

  for (guint l = 0; l < graph->links->len; l++)
    {
      Link *link = &g_array_index (graph->links, Link, l);
      Arrow *arrow = NULL;

      for (guint a = 0; a < arrows->len && arrow == NULL; a++)
        if (g_array_index (arrows, Arrow, a).from == link->from && g_array_index (arrows, Arrow, a).to == link->to)
          arrow = &g_array_index (arrows, Arrow, a);

      if (arrow == NULL)
        {
          Arrow item = { link->from, link->to, g_ptr_array_new () };

          g_array_append_val (arrows, item);
          arrow = &g_array_index (arrows, Arrow, arrows->len - 1);
        }

      for (guint c = 0; c < arrow->texts->len && link != NULL; c++)
        if (g_str_equal (((Link *) g_ptr_array_index (arrow->texts, c))->text, link->text))
          link = NULL;
      if (link != NULL)
        g_ptr_array_add (arrow->texts, link);
    }

  for (guint a = 0; a < arrows->len; a++)
    g_ptr_array_sort (g_array_index (arrows, Arrow, a).texts, compare_links_by_port);

  return arrows;
}

static void
arrows_free (GArray *arrows)
{
  for (guint a = 0; a < arrows->len; a++)
    g_ptr_array_unref (g_array_index (arrows, Arrow, a).texts);
  g_array_unref (arrows);
}

static void
fill_nodes (PortolanGraphLayout *layout,
            Graph               *graph,
            const Size          *canvas,
            double               size,
            gboolean             last)
{
  double chip_height = ceil (0.9 * size + 2 * 0.16 * size);

  _portolan_graph_layout_reset (layout);
  layout->width = canvas->width;
  layout->height = canvas->height;
  layout->margin = MAX (4, 0.7 * size);
  layout->gap = 0.6 * size;
  layout->zone_padding = 0.6 * size;
  layout->label_gap = MAX (1.5, 0.18 * size);
  layout->bend = 0.7 * chip_height;
  layout->max_misplaced = last ? G_MAXUINT : 0;
  layout->zone_title = 1.2 * 0.85 * size + 0.25 * size;
  layout->legend_width = 2 * (0.8 * size + 1.0 * size + 0.45 * size + 12 * size) + 2.8 * size;
  layout->legend_height = 1.4 * size + 5 * (0.9 * chip_height + 0.3 * size);

  layout->n_zones = graph->zones->len;
  layout->zone_title_widths = g_new0 (double, MAX (layout->n_zones, 1));
  for (guint z = 0; z < graph->zones->len; z++)
    layout->zone_title_widths[z] = 1.1 * text_width (g_ptr_array_index (graph->zones, z), 0.85 * size);

  for (guint r = 0; r < graph->roles->len; r++)
    {
      Role *role = &g_array_index (graph->roles, Role, r);
      double max_text = 10 * size;
      double name_width = text_width (role->name, size);
      double name_lines = name_width > max_text ? 2 : 1;
      PortolanGraphNode node = { 0 };

      node.hint_x = role->hint_x;
      node.hint_y = role->hint_y;
      node.width = MAX (6.5 * size, 2 * 0.7 * size + 1.5 * size + MIN (name_width, max_text));
      node.height = 2 * 0.45 * size + name_lines * 1.2 * size + 1.1 * size;
      node.top_extra = role->tagged ? (0.8 * 1.2 * size + 2 * 0.08 * size) / 2 : 0;
      node.zone = role->zone;
      g_array_append_val (layout->nodes, node);
    }
}

static void
fill_edges (PortolanGraphLayout *layout,
            GArray              *arrows,
            double               size)
{
  double chip_height = ceil (0.9 * size + 2 * 0.16 * size);

  for (guint a = 0; a < arrows->len; a++)
    {
      Arrow *arrow = &g_array_index (arrows, Arrow, a);
      PortolanGraphEdge edge = { 0 };

      edge.from = arrow->from;
      edge.to = arrow->to;
      for (guint b = 0; b < arrows->len; b++)
        if (arrow->from != arrow->to &&
            g_array_index (arrows, Arrow, b).from == arrow->to && g_array_index (arrows, Arrow, b).to == arrow->from)
          edge.side = arrow->from < arrow->to ? 1 : -1;
      g_array_append_val (layout->edges, edge);
    }

  for (guint a = 0; a < arrows->len; a++)
    {
      GPtrArray *texts = g_array_index (arrows, Arrow, a).texts;

      for (guint c = 0; c < texts->len; c++)
        {
          const char *text = ((Link *) g_ptr_array_index (texts, c))->text;
          PortolanGraphLabel label = { 0 };

          label.edge = a;
          label.height = chip_height;
          label.width = ceil (chip_height * 0.9 + 0.9 * text_width (text, size));
          g_array_append_val (layout->labels, label);
        }
    }
}

typedef struct
{
  PortolanGraphLayout *layout;
  double               size;
  gboolean             fits;      /* place_nodes had room */
  gboolean             complete;  /* place_labels placed every chip */
} Result;

static void
result_clear (Result *result)
{
  g_clear_pointer (&result->layout, _portolan_graph_layout_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Result, result_clear)

/* The largest text at which everything has its place, as
 * _portolan_graph_text_fit() looks for it */
static void
lay_out (Graph      *graph,
         const Size *canvas,
         Result     *result)
{
  GArray *arrows = graph_arrows (graph);
  double size = floor (2 * CLAMP (MIN (canvas->width / 60, canvas->height / 36), MIN_FONT_SIZE, MAX_FONT_SIZE)) / 2;
  gboolean last = FALSE;

  result->layout = _portolan_graph_layout_new ();

  for (;; size -= 0.5)
    {
      PortolanGraphLayout *layout = result->layout;

      last = size < MIN_FONT_SIZE;
      if (last)
        size = MIN_FONT_SIZE;

      fill_nodes (layout, graph, canvas, size, last);
      result->fits = _portolan_graph_layout_place_nodes (layout);
      if (!result->fits && !last)
        continue;

      fill_edges (layout, arrows, size);
      _portolan_graph_layout_route_edges (layout);
      result->complete = _portolan_graph_layout_place_labels (layout);
      if (last || (result->complete && layout->n_beside <= MAX (1, layout->labels->len / 8) &&
                   layout->n_crossing <= MAX (1, layout->labels->len / 4)))
        break;
    }

  result->size = size;
  arrows_free (arrows);
}

/* Checkers */

static PortolanGraphRect
inflate (PortolanGraphRect rect,
         double            by)
{
  return (PortolanGraphRect) { rect.x - by, rect.y - by, rect.width + 2 * by, rect.height + 2 * by };
}

/* A card with its tag */
static PortolanGraphRect
card_bounds (const PortolanGraphNode *node)
{
  return (PortolanGraphRect) { node->rect.x, node->rect.y - node->top_extra,
                               node->rect.width, node->rect.height + node->top_extra };
}

static gboolean
rect_within (const PortolanGraphRect *rect,
             double                   left,
             double                   top,
             double                   right,
             double                   bottom)
{
  return rect->x >= left - EPSILON && rect->y >= top - EPSILON &&
         rect->x + rect->width <= right + EPSILON && rect->y + rect->height <= bottom + EPSILON;
}

#define node_at(layout, i) (&g_array_index ((layout)->nodes, PortolanGraphNode, (i)))
#define edge_at(layout, i) (&g_array_index ((layout)->edges, PortolanGraphEdge, (i)))
#define label_at(layout, i) (&g_array_index ((layout)->labels, PortolanGraphLabel, (i)))
#define zone_at(layout, i) (&g_array_index ((layout)->zones, PortolanGraphRect, (i)))

/* What place_nodes() promises when it returns TRUE: no card (nor its
 * tag) over another, no zone over another, the legend or another zone's
 * cards */
static char *
check_cards_apart (PortolanGraphLayout *layout)
{
  for (guint i = 0; i < layout->nodes->len; i++)
    {
      PortolanGraphRect a = card_bounds (node_at (layout, i));

      for (guint j = i + 1; j < layout->nodes->len; j++)
        {
          PortolanGraphRect b = card_bounds (node_at (layout, j));

          if (_portolan_graph_rect_intersects (&a, &b))
            return g_strdup_printf ("cards %u and %u overlap", i, j);
        }
    }

  for (guint z = 0; z < layout->zones->len; z++)
    {
      const PortolanGraphRect *zone = zone_at (layout, z);

      if (zone->width == 0)
        continue;
      for (guint y = z + 1; y < layout->zones->len; y++)
        if (_portolan_graph_rect_intersects (zone, zone_at (layout, y)))
          return g_strdup_printf ("zones %u and %u overlap", z, y);
      if (layout->legend.width > 0 && _portolan_graph_rect_intersects (zone, &layout->legend))
        return g_strdup_printf ("zone %u is under the legend", z);
      for (guint i = 0; i < layout->nodes->len; i++)
        if (node_at (layout, i)->zone != z && _portolan_graph_rect_intersects (zone, &node_at (layout, i)->rect))
          return g_strdup_printf ("zone %u covers card %u of another zone", z, i);
    }

  return NULL;
}

/* clamp_node() keeps a card and its tag inside the margin and its zone's
 * padding, with its zone's name above; a card too big for that stays
 * centred on the canvas */
static char *
check_cards_inside (PortolanGraphLayout *layout)
{
  double left = layout->margin + layout->zone_padding;
  double top = left + layout->zone_title;
  double right = layout->width - left;
  double bottom = layout->height - left;

  for (guint i = 0; i < layout->nodes->len; i++)
    {
      const PortolanGraphNode *node = node_at (layout, i);
      PortolanGraphRect bounds = card_bounds (node);
      gboolean fits_x = node->width <= right - left;
      gboolean fits_y = bounds.height <= bottom - top;

      if (fits_x && (bounds.x < left - EPSILON || bounds.x + bounds.width > right + EPSILON))
        return g_strdup_printf ("card %u is outside the canvas across", i);
      if (fits_y && (bounds.y < top - EPSILON || bounds.y + bounds.height > bottom + EPSILON))
        return g_strdup_printf ("card %u is outside the canvas down", i);
      if (!fits_x && fabs (node->rect.x + node->width / 2 - (left + right) / 2) > EPSILON)
        return g_strdup_printf ("card %u is too wide and not centred", i);
    }

  return NULL;
}

/* What place_labels() promises for a chip not marked overlapping: inside
 * the canvas less half the margin, label_gap clear of every card with its
 * tag, the legend and every other such chip, and off the zones' names */
static char *
check_chips_apart (PortolanGraphLayout *layout)
{
  double m = layout->margin / 2;
  double gap = layout->label_gap - EPSILON;
  guint n_beside = 0, n_crossing = 0, n_detached = 0, n_overlapping = 0;

  for (guint l = 0; l < layout->labels->len; l++)
    {
      const PortolanGraphLabel *label = label_at (layout, l);
      const PortolanGraphEdge *edge = edge_at (layout, label->edge);
      PortolanGraphRect around = inflate (label->rect, gap);

      n_beside += label->beside != 0 && edge->from != edge->to;
      n_crossing += label->crosses;
      n_detached += label->detached;
      n_overlapping += label->overlaps;
      if (label->overlaps)
        continue;

      if (!rect_within (&label->rect, m, m, layout->width - m, layout->height - m))
        return g_strdup_printf ("chip %u is outside the canvas", l);

      for (guint i = 0; i < layout->nodes->len; i++)
        {
          PortolanGraphRect card = card_bounds (node_at (layout, i));

          if (_portolan_graph_rect_intersects (&around, &card))
            return g_strdup_printf ("chip %u is on card %u", l, i);
        }

      for (guint z = 0; z < layout->zones->len; z++)
        if (zone_at (layout, z)->width > 0)
          {
            PortolanGraphRect title = _portolan_graph_layout_zone_title (layout, z);
            PortolanGraphRect inner = inflate (label->rect, -EPSILON);

            if (_portolan_graph_rect_intersects (&inner, &title))
              return g_strdup_printf ("chip %u is on the name of zone %u", l, z);
          }

      if (layout->legend.width > 0 && _portolan_graph_rect_intersects (&around, &layout->legend))
        return g_strdup_printf ("chip %u is on the legend", l);

      for (guint k = l + 1; k < layout->labels->len; k++)
        if (!label_at (layout, k)->overlaps && _portolan_graph_rect_intersects (&around, &label_at (layout, k)->rect))
          return g_strdup_printf ("chips %u and %u overlap", l, k);
    }

  if (n_beside != layout->n_beside || n_crossing != layout->n_crossing ||
      n_detached != layout->n_detached || n_overlapping != layout->n_overlapping)
    return g_strdup ("the counts do not match the chips");

  return NULL;
}

/* How far the 40-chord polyline that place_labels() puts chips on, and the
 * 24-chord one that _portolan_graph_curve_distance() measures, may stray
 * from the curve: a chord over a parameter step h is within h² max|B''| / 8
 * of it, and |B''| of a cubic is largest at an end */
static double
chord_tolerance (const PortolanGraphCurve *curve)
{
  const PortolanGraphPoint *p = curve->p;
  double a = hypot (p[0].x - 2 * p[1].x + p[2].x, p[0].y - 2 * p[1].y + p[2].y);
  double b = hypot (p[1].x - 2 * p[2].x + p[3].x, p[1].y - 2 * p[2].y + p[3].y);
  double m = 6 * MAX (a, b);

  return m / 8 * (1.0 / (40 * 40) + 1.0 / (24 * 24)) + EPSILON;
}

static double
curve_parameter_near (const PortolanGraphCurve *curve,
                      PortolanGraphPoint        point)
{
  double best = 0, best_distance = G_MAXDOUBLE;

  for (guint i = 0; i <= 4000; i++)
    {
      PortolanGraphPoint p = _portolan_graph_curve_point (curve, i / 4000.0);
      double d = hypot (p.x - point.x, p.y - point.y);

      if (d < best_distance)
        {
          best_distance = d;
          best = i / 4000.0;
        }
    }

  return best;
}

/* Whether a direction runs along the curve near t as some chord within
 * one 1/40 sample of t may: between the tangents there */
static gboolean
along_curve_near (const PortolanGraphCurve *curve,
                  double                    t,
                  double                    dx,
                  double                    dy)
{
  PortolanGraphPoint tangent = _portolan_graph_curve_tangent (curve, t);
  double base = atan2 (tangent.y, tangent.x);
  double low = 0, high = 0;
  double angle;

  for (int i = -8; i <= 8; i++)
    {
      PortolanGraphPoint other = _portolan_graph_curve_tangent (curve, CLAMP (t + i / (8.0 * 40), 0, 1));
      double a = remainder (atan2 (other.y, other.x) - base, 2 * G_PI);

      low = MIN (low, a);
      high = MAX (high, a);
    }

  /* Either way along it */
  angle = remainder (atan2 (dy, dx) - base, G_PI);

  return angle >= low - 1e-3 && angle <= high + 1e-3;
}

/* spot_rect() puts a chip's centre on the arrow, or beside it along the
 * normal of the arrow's polyline at a distance (|beside| − ½) · unit +
 * label_gap, unit being the chip's extent across the arrow plus the gap;
 * place_near() puts a detached chip at most 19 rings of its spiral from
 * the arrow's middle (4 · 19 · 20 ≥ MAX_SPIRAL_STEPS = 1500 tries), a ring
 * being a chip height across and half one down; an overlapping chip
 * stands on its arrow's middle */
static char *
check_chips_on_arrows (PortolanGraphLayout *layout)
{
  for (guint l = 0; l < layout->labels->len; l++)
    {
      const PortolanGraphLabel *label = label_at (layout, l);
      const PortolanGraphCurve *curve = &edge_at (layout, label->edge)->curve;
      double cx = label->rect.x + label->rect.width / 2, cy = label->rect.y + label->rect.height / 2;
      double dx = cx - label->anchor.x, dy = cy - label->anchor.y;
      double d = hypot (dx, dy);
      double tolerance = chord_tolerance (curve);

      if (_portolan_graph_curve_distance (curve, label->anchor.x, label->anchor.y, NULL) > tolerance)
        return g_strdup_printf ("chip %u stands for a point %g px off its arrow", l,
                                _portolan_graph_curve_distance (curve, label->anchor.x, label->anchor.y, NULL));

      if (label->detached)
        {
          double step = MAX (label->height / 2, 2);

          if (fabs (dx) > 19 * 2 * step + EPSILON || fabs (dy) > 19 * step + EPSILON)
            return g_strdup_printf ("detached chip %u is %g px from its arrow", l, d);
        }
      else if (label->overlaps || label->beside == 0)
        {
          if (d > EPSILON)
            return g_strdup_printf ("chip %u is %g px from its arrow", l, d);
        }
      else
        {
          double unit = fabs (dx / d) * label->width + fabs (dy / d) * label->height + layout->label_gap;
          double expected = (abs (label->beside) - 0.5) * unit + layout->label_gap;

          if (abs (label->beside) > 3)
            return g_strdup_printf ("chip %u is %d chips beside its arrow", l, label->beside);
          if (fabs (d - expected) > EPSILON)
            return g_strdup_printf ("chip %u is %g px beside its arrow, not %g", l, d, expected);
          if (!along_curve_near (curve, curve_parameter_near (curve, label->anchor), -dy, dx))
            return g_strdup_printf ("chip %u is not across its arrow", l);
        }
    }

  return NULL;
}

/* A chip on its arrow and not marked as crossing covers no segment of
 * another arrow's polyline; a point of the curve may stray from that by
 * the chord tolerance, so only points deeper inside the chip count */
static char *
check_crossings (PortolanGraphLayout *layout)
{
  for (guint l = 0; l < layout->labels->len; l++)
    {
      const PortolanGraphLabel *label = label_at (layout, l);

      if (label->crosses || label->detached || label->overlaps)
        continue;

      for (guint e = 0; e < layout->edges->len; e++)
        {
          const PortolanGraphCurve *curve = &edge_at (layout, e)->curve;
          PortolanGraphRect inner = inflate (label->rect, -chord_tolerance (curve));
          double x0 = G_MAXDOUBLE, y0 = G_MAXDOUBLE, x1 = -G_MAXDOUBLE, y1 = -G_MAXDOUBLE;
          PortolanGraphRect hull;

          if (e == label->edge || inner.width <= 0 || inner.height <= 0)
            continue;

          /* The curve stays inside the box of its control points */
          for (guint i = 0; i < 4; i++)
            {
              x0 = MIN (x0, curve->p[i].x);
              y0 = MIN (y0, curve->p[i].y);
              x1 = MAX (x1, curve->p[i].x);
              y1 = MAX (y1, curve->p[i].y);
            }
          hull = (PortolanGraphRect) { x0 - 1, y0 - 1, x1 - x0 + 2, y1 - y0 + 2 };
          if (!_portolan_graph_rect_intersects (&hull, &inner))
            continue;

          for (guint s = 0; s <= 400; s++)
            {
              PortolanGraphPoint p = _portolan_graph_curve_point (curve, s / 400.0);

              if (_portolan_graph_rect_contains (&inner, p.x, p.y))
                return g_strdup_printf ("chip %u covers arrow %u without saying so", l, e);
            }
        }
    }

  return NULL;
}

/* Every output of two layouts, exactly */
static char *
compare_layouts (PortolanGraphLayout *a,
                 PortolanGraphLayout *b)
{
#define SAME_RECT(r, s) ((r).x == (s).x && (r).y == (s).y && (r).width == (s).width && (r).height == (s).height)
  if (a->nodes->len != b->nodes->len || a->edges->len != b->edges->len ||
      a->labels->len != b->labels->len || a->zones->len != b->zones->len)
    return g_strdup ("different numbers of things");

  for (guint i = 0; i < a->nodes->len; i++)
    if (!SAME_RECT (node_at (a, i)->rect, node_at (b, i)->rect))
      return g_strdup_printf ("card %u differs", i);

  for (guint z = 0; z < a->zones->len; z++)
    if (!SAME_RECT (*zone_at (a, z), *zone_at (b, z)))
      return g_strdup_printf ("zone %u differs", z);

  if (!SAME_RECT (a->legend, b->legend))
    return g_strdup ("the legend differs");

  for (guint e = 0; e < a->edges->len; e++)
    {
      for (guint i = 0; i < 4; i++)
        if (edge_at (a, e)->curve.p[i].x != edge_at (b, e)->curve.p[i].x ||
            edge_at (a, e)->curve.p[i].y != edge_at (b, e)->curve.p[i].y)
          return g_strdup_printf ("arrow %u differs", e);
      if (edge_at (a, e)->length != edge_at (b, e)->length)
        return g_strdup_printf ("the length of arrow %u differs", e);
    }

  for (guint l = 0; l < a->labels->len; l++)
    {
      const PortolanGraphLabel *la = label_at (a, l), *lb = label_at (b, l);

      if (la->edge != lb->edge || !SAME_RECT (la->rect, lb->rect) ||
          la->anchor.x != lb->anchor.x || la->anchor.y != lb->anchor.y || la->beside != lb->beside ||
          la->crosses != lb->crosses || la->detached != lb->detached || la->overlaps != lb->overlaps)
        return g_strdup_printf ("chip %u differs", l);
    }

  if (a->n_beside != b->n_beside || a->n_crossing != b->n_crossing ||
      a->n_detached != b->n_detached || a->n_overlapping != b->n_overlapping)
    return g_strdup ("the counts differ");

  return NULL;
#undef SAME_RECT
}

/* Tests */

typedef Graph *(*GraphFunc) (void);

typedef struct
{
  const char *name;
  GraphFunc   build;
  gboolean    fits_normal;  /* place_nodes() has room on the three big canvases */
} Case;

static const Case cases[] = {
  { "catalogue", graph_new_from_catalogue, TRUE },
  { "few", graph_new_few, TRUE },
  { "crowded", graph_new_crowded, FALSE },
  { "big", graph_new_big, FALSE },
  { "lonely", graph_new_lonely, TRUE },
  { "long-names", graph_new_long_names, FALSE },
};

static void
assert_no_problem (char       *problem,
                   const Case *item,
                   const Size *canvas)
{
  if (problem != NULL)
    g_error ("%s at %g×%g: %s", item->name, canvas->width, canvas->height, problem);
}

static void
test_geometry (gconstpointer data)
{
  const Case *item = data;
  g_autoptr(Graph) graph = item->build ();

  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    {
      g_auto(Result) result = { 0 };
      gboolean tiny = sizes[s].width < 900;

      lay_out (graph, &sizes[s], &result);
      g_test_message ("%s at %g×%g: text %.1f px, fits %d, complete %d, %u chips, %u beside, "
                      "%u crossing, %u detached, %u overlapping",
                      item->name, sizes[s].width, sizes[s].height, result.size, result.fits, result.complete,
                      result.layout->labels->len, result.layout->n_beside, result.layout->n_crossing,
                      result.layout->n_detached, result.layout->n_overlapping);

      /* The last try gives up on nothing */
      g_assert_true (result.complete);
      if (item->fits_normal && !tiny)
        g_assert_true (result.fits);

      if (result.fits)
        assert_no_problem (check_cards_apart (result.layout), item, &sizes[s]);
      assert_no_problem (check_cards_inside (result.layout), item, &sizes[s]);
      assert_no_problem (check_chips_apart (result.layout), item, &sizes[s]);
      assert_no_problem (check_chips_on_arrows (result.layout), item, &sizes[s]);
      assert_no_problem (check_crossings (result.layout), item, &sizes[s]);
    }
}

static void
test_stable (gconstpointer data)
{
  const Case *item = data;
  g_autoptr(Graph) graph = item->build ();

  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    {
      g_auto(Result) first = { 0 };
      g_auto(Result) second = { 0 };

      lay_out (graph, &sizes[s], &first);
      lay_out (graph, &sizes[s], &second);
      g_assert_cmpfloat (first.size, ==, second.size);
      assert_no_problem (compare_layouts (first.layout, second.layout), item, &sizes[s]);
    }
}

/* The arrows' order does not matter to their routes: each arrow is bent
 * against the cards alone, and a loop sums over the others */
static void
test_edge_order (gconstpointer data)
{
  const Case *item = data;
  g_autoptr(Graph) graph = item->build ();

  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    {
      g_auto(Result) result = { 0 };
      g_autoptr(PortolanGraphLayout) reversed = _portolan_graph_layout_new ();
      PortolanGraphLayout *layout;
      guint n;

      lay_out (graph, &sizes[s], &result);
      layout = result.layout;
      n = layout->edges->len;

      /* The same cards, the arrows backwards, each chip to its arrow's new place */
      fill_nodes (reversed, graph, &sizes[s], result.size, TRUE);
      for (guint i = 0; i < layout->nodes->len; i++)
        node_at (reversed, i)->rect = node_at (layout, i)->rect;
      g_array_set_size (reversed->zones, layout->zones->len);
      memcpy (reversed->zones->data, layout->zones->data, layout->zones->len * sizeof (PortolanGraphRect));
      reversed->legend = layout->legend;
      for (guint e = 0; e < n; e++)
        g_array_append_val (reversed->edges, *edge_at (layout, n - 1 - e));
      for (guint l = 0; l < layout->labels->len; l++)
        {
          PortolanGraphLabel label = *label_at (layout, l);

          label.edge = n - 1 - label.edge;
          g_array_append_val (reversed->labels, label);
        }

      _portolan_graph_layout_route_edges (reversed);
      for (guint e = 0; e < n; e++)
        {
          const PortolanGraphEdge *a = edge_at (layout, e), *b = edge_at (reversed, n - 1 - e);

          g_assert_cmpmem (&a->curve, sizeof a->curve, &b->curve, sizeof b->curve);
          g_assert_cmpfloat (a->length, ==, b->length);
        }
    }
}

/* Chips go arrow by arrow, so how the chips of different arrows are
 * interleaved does not matter, only their order on each arrow */
static void
test_label_order (gconstpointer data)
{
  const Case *item = data;
  g_autoptr(Graph) graph = item->build ();

  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    {
      g_auto(Result) result = { 0 };
      g_autoptr(PortolanGraphLayout) copy = _portolan_graph_layout_new ();
      g_autofree guint *where = NULL;
      PortolanGraphLayout *layout;
      guint n;

      lay_out (graph, &sizes[s], &result);
      layout = result.layout;
      n = layout->labels->len;
      where = g_new0 (guint, MAX (n, 1));

      fill_nodes (copy, graph, &sizes[s], result.size, TRUE);
      for (guint i = 0; i < layout->nodes->len; i++)
        node_at (copy, i)->rect = node_at (layout, i)->rect;
      g_array_set_size (copy->zones, layout->zones->len);
      memcpy (copy->zones->data, layout->zones->data, layout->zones->len * sizeof (PortolanGraphRect));
      copy->legend = layout->legend;
      g_array_append_vals (copy->edges, layout->edges->data, layout->edges->len);

      /* Arrows from the last to the first, each one's chips in their order */
      for (guint e = layout->edges->len; e-- > 0;)
        for (guint l = 0; l < n; l++)
          if (label_at (layout, l)->edge == e)
            {
              where[l] = copy->labels->len;
              g_array_append_val (copy->labels, *label_at (layout, l));
            }

      g_assert_true (_portolan_graph_layout_place_labels (copy));
      for (guint l = 0; l < n; l++)
        {
          const PortolanGraphLabel *a = label_at (layout, l), *b = label_at (copy, where[l]);

          g_assert_cmpmem (&a->rect, sizeof a->rect, &b->rect, sizeof b->rect);
          g_assert_cmpmem (&a->anchor, sizeof a->anchor, &b->anchor, sizeof b->anchor);
          g_assert_cmpint (a->beside, ==, b->beside);
          g_assert_cmpint (a->crosses, ==, b->crosses);
          g_assert_cmpint (a->detached, ==, b->detached);
          g_assert_cmpint (a->overlaps, ==, b->overlaps);
        }
    }
}

static void
assert_problem (char       *problem,
                const char *expected)
{
  g_autofree char *owned = problem;

  g_assert_nonnull (owned);
  g_test_message ("found as meant: %s", owned);
  g_assert_true (strstr (owned, expected) != NULL);
}

/* Each checker finds geometry broken on purpose */
static void
test_checkers (void)
{
  g_autoptr(Graph) graph = graph_new_few ();
  g_auto(Result) good = { 0 };
  g_auto(Result) bad = { 0 };
  PortolanGraphLayout *layout;
  PortolanGraphLabel *chip;
  PortolanGraphPoint tangent;
  guint on_arrow = G_MAXUINT, beside = G_MAXUINT;

  lay_out (graph, &sizes[0], &good);
  lay_out (graph, &sizes[0], &bad);
  layout = bad.layout;
  g_assert_null (check_cards_apart (layout));
  g_assert_null (check_cards_inside (layout));
  g_assert_null (check_chips_apart (layout));
  g_assert_null (check_chips_on_arrows (layout));
  g_assert_null (check_crossings (layout));
  g_assert_null (compare_layouts (good.layout, layout));

  for (guint l = 0; l < layout->labels->len; l++)
    {
      if (label_at (layout, l)->beside == 0 && !label_at (layout, l)->detached && on_arrow == G_MAXUINT)
        on_arrow = l;
      if (label_at (layout, l)->beside != 0 && beside == G_MAXUINT)
        beside = l;
    }
  g_assert_cmpuint (on_arrow, !=, G_MAXUINT);

  /* One card onto another */
  node_at (layout, 1)->rect.x = node_at (layout, 2)->rect.x + 1;
  node_at (layout, 1)->rect.y = node_at (layout, 2)->rect.y + 1;
  assert_problem (check_cards_apart (layout), "cards 1 and 2 overlap");
  assert_problem (compare_layouts (good.layout, layout), "card 1 differs");
  node_at (layout, 1)->rect = node_at (good.layout, 1)->rect;

  /* A zone over another */
  zone_at (layout, 0)->width = layout->width;
  assert_problem (check_cards_apart (layout), "zones 0 and 1 overlap");
  *zone_at (layout, 0) = *zone_at (good.layout, 0);

  /* A card over the edge, and its tag over the top */
  node_at (layout, 2)->rect.x = layout->width - node_at (layout, 2)->rect.width / 2;
  assert_problem (check_cards_inside (layout), "card 2 is outside");
  node_at (layout, 2)->rect = node_at (good.layout, 2)->rect;
  node_at (layout, 0)->rect.y = layout->margin + layout->zone_padding + layout->zone_title;
  assert_problem (check_cards_inside (layout), "card 0 is outside the canvas down");
  node_at (layout, 0)->rect = node_at (good.layout, 0)->rect;

  /* A chip onto a card, onto another chip, off its arrow, a hair aside */
  chip = label_at (layout, on_arrow);
  chip->rect.x = node_at (layout, 0)->rect.x;
  chip->rect.y = node_at (layout, 0)->rect.y;
  assert_problem (check_chips_apart (layout), "is on card 0");
  *chip = *label_at (good.layout, on_arrow);
  chip->rect = inflate (label_at (layout, (on_arrow + 1) % layout->labels->len)->rect, -1);
  chip->rect.x += layout->label_gap;
  assert_problem (check_chips_apart (layout), "overlap");
  *chip = *label_at (good.layout, on_arrow);
  chip->rect.x += 1e-4;
  assert_problem (check_chips_on_arrows (layout), "from its arrow");
  assert_problem (compare_layouts (good.layout, layout), "chip");
  *chip = *label_at (good.layout, on_arrow);
  chip->anchor.y += 0.5;
  chip->rect.y += 0.5;
  assert_problem (check_chips_on_arrows (layout), "off its arrow");
  *chip = *label_at (good.layout, on_arrow);
  chip->rect.x = -chip->rect.width;
  assert_problem (check_chips_apart (layout), "outside the canvas");
  *chip = *label_at (good.layout, on_arrow);
  layout->n_crossing++;
  assert_problem (check_chips_apart (layout), "counts");
  layout->n_crossing--;

  /* A chip moved along its arrow where it should stand across */
  tangent = _portolan_graph_curve_tangent (&edge_at (layout, chip->edge)->curve,
                                           curve_parameter_near (&edge_at (layout, chip->edge)->curve, chip->anchor));
  chip->beside = 1;
  {
    double len = hypot (tangent.x, tangent.y);
    double ux = tangent.x / len, uy = tangent.y / len;
    double unit = fabs (ux) * chip->width + fabs (uy) * chip->height + layout->label_gap;
    double d = 0.5 * unit + layout->label_gap;

    chip->rect.x += ux * d;
    chip->rect.y += uy * d;
  }
  assert_problem (check_chips_on_arrows (layout), "not across its arrow");
  *chip = *label_at (good.layout, on_arrow);

  /* A chip on another arrow that says it is clear */
  {
    guint other = (chip->edge + 1) % layout->edges->len;
    PortolanGraphPoint p = _portolan_graph_curve_point (&edge_at (layout, other)->curve, 0.5);

    if (edge_at (layout, other)->from == edge_at (layout, other)->to)
      other = (other + 1) % layout->edges->len;
    p = _portolan_graph_curve_point (&edge_at (layout, other)->curve, 0.5);
    chip->rect.x = p.x - chip->rect.width / 2;
    chip->rect.y = p.y - chip->rect.height / 2;
    chip->crosses = FALSE;
    assert_problem (check_crossings (layout), "without saying so");
    *chip = *label_at (good.layout, on_arrow);
  }

  g_assert_null (compare_layouts (good.layout, layout));
  edge_at (layout, 0)->curve.p[1].x += 1e-9;
  assert_problem (compare_layouts (good.layout, layout), "arrow 0 differs");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_autofree char *geometry = g_strdup_printf ("/graph-layout/geometry/%s", cases[c].name);
      g_autofree char *stable = g_strdup_printf ("/graph-layout/stable/%s", cases[c].name);
      g_autofree char *edge_order = g_strdup_printf ("/graph-layout/edge-order/%s", cases[c].name);
      g_autofree char *label_order = g_strdup_printf ("/graph-layout/label-order/%s", cases[c].name);

      g_test_add_data_func (geometry, &cases[c], test_geometry);
      g_test_add_data_func (stable, &cases[c], test_stable);
      g_test_add_data_func (edge_order, &cases[c], test_edge_order);
      g_test_add_data_func (label_order, &cases[c], test_label_order);
    }
  g_test_add_func ("/graph-layout/checkers", test_checkers);

  return g_test_run ();
}
