/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-graph-hit.c
 *
 * What a click or a pointer finds: a chip, else a card, else the arrow
 * passing nearest, within a tolerance. Chips are drawn over cards and
 * arrows, and the last chips over the first, so they are tried in the
 * reverse order of drawing. A hit carries the role ids, link ids and
 * label it stands for, not pointers into the model, so that it stays
 * meaningful when the model is built again.
 */
#include "config.h"

#include <string.h>

#include "portolan-graph-hit-private.h"

G_DEFINE_BOXED_TYPE (PortolanRendererHit, portolan_renderer_hit,
                     portolan_renderer_hit_copy, portolan_renderer_hit_free)

static void
fill_role_hit (PortolanGraphLayout *layout,
               PortolanGraphCard   *card,
               PortolanRendererHit *hit)
{
  PortolanGraphRect *rect = &g_array_index (layout->nodes, PortolanGraphNode, card->index).rect;

  hit->kind = PORTOLAN_RENDERER_HIT_ROLE;
  hit->role_id = g_strdup (portolan_role_get_id (card->role));
  hit->x = rect->x;
  hit->y = rect->y;
  hit->width = rect->width;
  hit->height = rect->height;
}

static void
add_link_ids (GStrvBuilder      *builder,
              GPtrArray         *seen,
              PortolanGraphChip *chip)
{
  for (guint l = 0; l < chip->links->len; l++)
    {
      PortolanLink *link = g_ptr_array_index (chip->links, l);

      if (!g_ptr_array_find (seen, link, NULL))
        {
          g_ptr_array_add (seen, link);
          g_strv_builder_add (builder, portolan_link_get_id (link));
        }
    }
}

static void
fill_arrow_ends (PortolanGraphModel  *model,
                 PortolanGraphArrow  *arrow,
                 PortolanRendererHit *hit)
{
  hit->from = g_strdup (_portolan_graph_arrow_get_from (model, arrow));
  hit->to = g_strdup (_portolan_graph_arrow_get_to (model, arrow));
}

static void
fill_chip_hit (PortolanGraphModel  *model,
               PortolanGraphLayout *layout,
               PortolanGraphChip   *chip,
               PortolanRendererHit *hit)
{
  PortolanGraphRect *rect = &g_array_index (layout->labels, PortolanGraphLabel, chip->index).rect;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GPtrArray) seen = g_ptr_array_new ();

  hit->kind = PORTOLAN_RENDERER_HIT_CHIP;
  fill_arrow_ends (model, chip->arrow, hit);
  add_link_ids (builder, seen, chip);
  hit->link_ids = g_strv_builder_end (builder);
  hit->label = g_strdup (chip->text);
  hit->x = rect->x;
  hit->y = rect->y;
  hit->width = rect->width;
  hit->height = rect->height;
}

static void
fill_arrow_hit (PortolanGraphModel  *model,
                PortolanGraphLayout *layout,
                PortolanGraphArrow  *arrow,
                PortolanRendererHit *hit)
{
  PortolanGraphCurve *curve = &g_array_index (layout->edges, PortolanGraphEdge, arrow->index).curve;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GPtrArray) seen = g_ptr_array_new ();
  double x0 = G_MAXDOUBLE, y0 = G_MAXDOUBLE, x1 = -G_MAXDOUBLE, y1 = -G_MAXDOUBLE;

  hit->kind = PORTOLAN_RENDERER_HIT_LINK_BUNDLE;
  fill_arrow_ends (model, arrow, hit);
  for (guint c = 0; c < arrow->chips->len; c++)
    add_link_ids (builder, seen, g_ptr_array_index (arrow->chips, c));
  hit->link_ids = g_strv_builder_end (builder);

  for (guint i = 0; i < 4; i++)
    {
      x0 = MIN (x0, curve->p[i].x);
      y0 = MIN (y0, curve->p[i].y);
      x1 = MAX (x1, curve->p[i].x);
      y1 = MAX (y1, curve->p[i].y);
    }
  hit->x = x0;
  hit->y = y0;
  hit->width = x1 - x0;
  hit->height = y1 - y0;
}

/**
 * _portolan_graph_hit_test:
 * @tolerance: how far from an arrow a point still finds it
 * @hit: (out caller-allocates): what is at (@x, @y); clear it after
 *
 * What is drawn at a point of a layout of @model: a chip, else a card,
 * else an arrow passing near.
 *
 * Returns: %FALSE for empty space
 */
gboolean
_portolan_graph_hit_test (PortolanGraphModel  *model,
                          PortolanGraphLayout *layout,
                          double               x,
                          double               y,
                          double               tolerance,
                          PortolanRendererHit *hit)
{
  PortolanGraphArrow *nearest = NULL;
  double best = tolerance;

  memset (hit, 0, sizeof *hit);

  for (guint c = model->chips->len; c-- > 0;)
    {
      PortolanGraphChip *chip = g_ptr_array_index (model->chips, c);
      PortolanGraphRect *rect = &g_array_index (layout->labels, PortolanGraphLabel, chip->index).rect;

      if (_portolan_graph_rect_contains (rect, x, y))
        {
          fill_chip_hit (model, layout, chip, hit);
          return TRUE;
        }
    }

  for (guint c = 0; c < model->cards->len; c++)
    {
      PortolanGraphRect *rect = &g_array_index (layout->nodes, PortolanGraphNode, c).rect;

      if (_portolan_graph_rect_contains (rect, x, y))
        {
          fill_role_hit (layout, _portolan_graph_model_get_card (model, c), hit);
          return TRUE;
        }
    }

  for (guint a = 0; a < model->arrows->len; a++)
    {
      PortolanGraphArrow *arrow = g_ptr_array_index (model->arrows, a);
      PortolanGraphCurve *curve = &g_array_index (layout->edges, PortolanGraphEdge, arrow->index).curve;
      double distance = _portolan_graph_curve_distance (curve, x, y, NULL);

      if (distance <= best)
        {
          best = distance;
          nearest = arrow;
        }
    }

  if (nearest != NULL)
    {
      fill_arrow_hit (model, layout, nearest, hit);
      return TRUE;
    }

  return FALSE;
}

/**
 * _portolan_graph_list_hits:
 *
 * Every item of a kind in a layout of @model, with its bounds.
 *
 * Returns: (transfer container) (element-type PortolanRendererHit)
 */
GPtrArray *
_portolan_graph_list_hits (PortolanGraphModel      *model,
                           PortolanGraphLayout     *layout,
                           PortolanRendererHitKind  kind)
{
  GPtrArray *hits = g_ptr_array_new_with_free_func ((GDestroyNotify) portolan_renderer_hit_free);

  switch (kind)
    {
    case PORTOLAN_RENDERER_HIT_ROLE:
      for (guint c = 0; c < model->cards->len; c++)
        {
          PortolanRendererHit *hit = g_new0 (PortolanRendererHit, 1);

          fill_role_hit (layout, _portolan_graph_model_get_card (model, c), hit);
          g_ptr_array_add (hits, hit);
        }
      break;

    case PORTOLAN_RENDERER_HIT_LINK_BUNDLE:
      for (guint a = 0; a < model->arrows->len; a++)
        {
          PortolanRendererHit *hit = g_new0 (PortolanRendererHit, 1);

          fill_arrow_hit (model, layout, g_ptr_array_index (model->arrows, a), hit);
          g_ptr_array_add (hits, hit);
        }
      break;

    case PORTOLAN_RENDERER_HIT_CHIP:
      for (guint c = 0; c < model->chips->len; c++)
        {
          PortolanRendererHit *hit = g_new0 (PortolanRendererHit, 1);

          fill_chip_hit (model, layout, g_ptr_array_index (model->chips, c), hit);
          g_ptr_array_add (hits, hit);
        }
      break;

    case PORTOLAN_RENDERER_HIT_NONE:
    default:
      break;
    }

  return hits;
}

PortolanRendererHit *
portolan_renderer_hit_copy (const PortolanRendererHit *hit)
{
  PortolanRendererHit *copy;

  g_return_val_if_fail (hit != NULL, NULL);

  copy = g_new0 (PortolanRendererHit, 1);
  *copy = *hit;
  copy->role_id = g_strdup (hit->role_id);
  copy->from = g_strdup (hit->from);
  copy->to = g_strdup (hit->to);
  copy->link_ids = g_strdupv (hit->link_ids);
  copy->label = g_strdup (hit->label);

  return copy;
}

void
portolan_renderer_hit_clear (PortolanRendererHit *hit)
{
  g_return_if_fail (hit != NULL);

  g_clear_pointer (&hit->role_id, g_free);
  g_clear_pointer (&hit->from, g_free);
  g_clear_pointer (&hit->to, g_free);
  g_clear_pointer (&hit->link_ids, g_strfreev);
  g_clear_pointer (&hit->label, g_free);
  memset (hit, 0, sizeof *hit);
}

void
portolan_renderer_hit_free (PortolanRendererHit *hit)
{
  if (hit == NULL)
    return;

  portolan_renderer_hit_clear (hit);
  g_free (hit);
}

/**
 * portolan_renderer_hit_equal:
 *
 * Whether two hits stand for the same thing, wherever it was drawn.
 */
gboolean
portolan_renderer_hit_equal (const PortolanRendererHit *a,
                             const PortolanRendererHit *b)
{
  if (a == NULL || b == NULL)
    return a == b;

  return a->kind == b->kind &&
         g_strcmp0 (a->role_id, b->role_id) == 0 &&
         g_strcmp0 (a->from, b->from) == 0 &&
         g_strcmp0 (a->to, b->to) == 0 &&
         g_strcmp0 (a->label, b->label) == 0;
}
