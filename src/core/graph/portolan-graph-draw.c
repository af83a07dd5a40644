/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-graph-draw.c
 *
 * One frame of the graph: the background, the zones, the arrows, the
 * cards, the chips and the legend, in that order. Arrows and chips are
 * painted by how telling they are, the neutral and dimmed ones first
 * and the worst state last, so that a problem is never hidden under a
 * link that is fine. Zones, cards and chips are filled opaque wherever
 * they can be, which is much faster to composite than alpha.
 */
#include "config.h"

#include <math.h>

#include "portolan-graph-draw-private.h"
#include "portolan-graph-glyphs-private.h"

static gboolean
selected_role (const PortolanGraphScene *scene,
               PortolanGraphCard        *card)
{
  return scene->selection != NULL && scene->selection->kind == PORTOLAN_RENDERER_HIT_ROLE &&
         g_strcmp0 (scene->selection->role_id, portolan_role_get_id (card->role)) == 0;
}

static gboolean
selected_arrow (const PortolanGraphScene *scene,
                PortolanGraphArrow       *arrow)
{
  const PortolanRendererHit *selection = scene->selection;

  return selection != NULL &&
         (selection->kind == PORTOLAN_RENDERER_HIT_LINK_BUNDLE || selection->kind == PORTOLAN_RENDERER_HIT_CHIP) &&
         g_strcmp0 (selection->from, _portolan_graph_arrow_get_from (scene->model, arrow)) == 0 &&
         g_strcmp0 (selection->to, _portolan_graph_arrow_get_to (scene->model, arrow)) == 0;
}

static gboolean
selected_chip (const PortolanGraphScene *scene,
               PortolanGraphChip        *chip)
{
  return selected_arrow (scene, chip->arrow) &&
         (scene->selection->kind == PORTOLAN_RENDERER_HIT_LINK_BUNDLE ||
          g_strcmp0 (scene->selection->label, chip->text) == 0);
}

/* A colour faded towards the background, opaque */
static PortolanColor
fade (const PortolanPalette *colors,
      const PortolanColor   *color,
      double                 amount)
{
  const PortolanColor *back = &colors->background;
  double a = color->alpha * (1 - amount);

  return (PortolanColor) { back->red + (color->red - back->red) * a,
                           back->green + (color->green - back->green) * a,
                           back->blue + (color->blue - back->blue) * a,
                           1 };
}

static void
set_faded_color (cairo_t               *cr,
                 const PortolanPalette *colors,
                 const PortolanColor   *color,
                 double                 amount)
{
  PortolanColor faded = fade (colors, color, amount);

  _portolan_graph_set_color (cr, &faded);
}

static void
draw_zones (const PortolanGraphScene *scene,
            cairo_t                  *cr)
{
  const PortolanPalette *colors = scene->palette;
  PortolanGraphLayout *layout = scene->layout;

  for (guint z = 0; z < layout->zones->len; z++)
    {
      PortolanGraphRect *zone = &g_array_index (layout->zones, PortolanGraphRect, z);
      PortolanGraphRect title;
      PangoLayout *name;

      if (zone->width <= 0)
        continue;

      /* Opaque, as zones never overlap: much faster to fill */
      _portolan_graph_rounded_box (cr, zone, 1.0 * scene->text->font_size);
      set_faded_color (cr, colors, &colors->zone, 0);
      cairo_fill (cr);

      title = _portolan_graph_layout_zone_title (layout, z);
      name = g_ptr_array_index (scene->text->zones, z);
      if (title.width < scene->layout->zone_title_widths[z])
        {
          pango_layout_set_width (name, (int) (title.width * PANGO_SCALE));
          pango_layout_set_ellipsize (name, PANGO_ELLIPSIZE_END);
        }
      else
        pango_layout_set_width (name, -1);
      _portolan_graph_set_color (cr, &colors->zone_text);
      _portolan_graph_text_show (cr, name, title.x, title.y + 0.12 * scene->text->font_size);
    }
}

static void
draw_card (const PortolanGraphScene *scene,
           cairo_t                  *cr,
           PortolanGraphCard        *card)
{
  const PortolanPalette *colors = scene->palette;
  PortolanGraphRect *rect = &g_array_index (scene->layout->nodes, PortolanGraphNode, card->index).rect;
  double size = scene->text->font_size;
  double radius = 0.6 * size;
  PortolanGraphCardText *words = &g_array_index (scene->text->cards, PortolanGraphCardText, card->index);
  double text_x = rect->x +
                  (PORTOLAN_GRAPH_CARD_PAD_X + PORTOLAN_GRAPH_CARD_ICON + PORTOLAN_GRAPH_CARD_ICON_GAP) * size;
  double text_y = rect->y + PORTOLAN_GRAPH_CARD_PAD_Y * size;
  double first_line = size * 1.2;
  gboolean selected = selected_role (scene, card);
  double alpha = card->in_use ? 1 : 0.55;

  /* A soft shadow, a little below */
  _portolan_graph_rounded_rect (cr, rect->x, rect->y + 1, rect->width, rect->height + 1, radius);
  _portolan_graph_set_color (cr, &colors->shadow);
  cairo_fill (cr);

  _portolan_graph_rounded_box (cr, rect, radius);
  _portolan_graph_set_color (cr, &colors->card);
  cairo_fill (cr);
  _portolan_graph_set_color (cr, &colors->card_border);
  _portolan_graph_fill_ring (cr, rect, radius, 1);

  if (card->highlight || selected)
    {
      PortolanGraphRect ring = { rect->x - 1, rect->y - 1, rect->width + 2, rect->height + 2 };

      if (selected)
        {
          PortolanGraphRect glow = { rect->x - 3.5, rect->y - 3.5, rect->width + 7, rect->height + 7 };

          _portolan_graph_set_color_alpha (cr, &colors->accent, 0.3);
          _portolan_graph_fill_ring (cr, &glow, radius + 3.5, 4);
        }
      _portolan_graph_set_color (cr, &colors->accent);
      _portolan_graph_fill_ring (cr, &ring, radius + 1, selected || card->tag != NULL ? 2.5 : 1.5);
    }

  _portolan_graph_set_color_alpha (cr, &colors->text_dim, alpha);
  _portolan_graph_draw_kind_icon (cr, portolan_role_get_kind (card->role),
                                  rect->x + PORTOLAN_GRAPH_CARD_PAD_X * size,
                                  text_y + (first_line - PORTOLAN_GRAPH_CARD_ICON * size) / 2,
                                  PORTOLAN_GRAPH_CARD_ICON * size);

  _portolan_graph_set_color_alpha (cr, &colors->text, alpha);
  _portolan_graph_text_show (cr, words->name, text_x, text_y);

  _portolan_graph_set_color_alpha (cr, &colors->text_dim, card->hosts != NULL ? alpha : alpha * 0.75);
  _portolan_graph_text_show (cr, words->detail, text_x, text_y + words->name_height);

  if (words->tag != NULL)
    {
      double tw, th, x, y, h = _portolan_graph_text_tag_height (scene->text, card->index);

      _portolan_graph_text_measure (words->tag, &tw, &th);
      x = rect->x + rect->width - radius - tw - 2 * PORTOLAN_GRAPH_TAG_PAD_X * size;
      y = rect->y - h / 2;
      _portolan_graph_rounded_rect (cr, x, y, tw + 2 * PORTOLAN_GRAPH_TAG_PAD_X * size, h, h / 2);
      _portolan_graph_set_color (cr, &colors->accent);
      cairo_fill (cr);
      _portolan_graph_set_color (cr, &colors->accent_text);
      _portolan_graph_text_show (cr, words->tag,
                                 x + PORTOLAN_GRAPH_TAG_PAD_X * size, y + PORTOLAN_GRAPH_TAG_PAD_Y * size);
    }
}

static const PortolanColor *
line_color (const PortolanGraphScene *scene,
            PortolanGraphChipStyle    style,
            PortolanState             state)
{
  const PortolanPalette *colors = scene->palette;

  return style == PORTOLAN_GRAPH_CHIP_STATE ? &colors->state_line[state] : &colors->line;
}

static void
draw_arrow (const PortolanGraphScene *scene,
            cairo_t                  *cr,
            PortolanGraphArrow       *arrow)
{
  PortolanGraphEdge *edge = &g_array_index (scene->layout->edges, PortolanGraphEdge, arrow->index);
  PortolanGraphCurve curve = edge->curve;
  PortolanGraphChipStyle style;
  PortolanState state;
  gboolean selected = selected_arrow (scene, arrow);
  double width, head, head_width, dx, dy, len;
  PortolanGraphPoint tip = curve.p[3];

  _portolan_graph_arrow_get_style (arrow, &style, &state);

  width = style == PORTOLAN_GRAPH_CHIP_STATE && portolan_state_is_problem (state) ? 2.4 : 1.4;
  width *= CLAMP (scene->text->font_size / 11, 0.85, 1.3);
  if (selected)
    width += 1.5;
  head = 3 * width + 0.35 * scene->text->font_size;
  head_width = 0.6 * head;

  /* The direction at the tip, and the line ends where the head starts */
  dx = curve.p[3].x - curve.p[2].x;
  dy = curve.p[3].y - curve.p[2].y;
  len = hypot (dx, dy);
  if (len < 0.01)
    {
      PortolanGraphPoint t = _portolan_graph_curve_tangent (&curve, 1);

      dx = t.x;
      dy = t.y;
      len = hypot (dx, dy);
    }
  if (len < 0.01)
    return;
  dx /= len;
  dy /= len;
  curve.p[3].x -= dx * head * 0.8;
  curve.p[3].y -= dy * head * 0.8;
  curve.p[2].x -= dx * head * 0.4;
  curve.p[2].y -= dy * head * 0.4;

  cairo_save (cr);
  _portolan_graph_set_color_alpha (cr, line_color (scene, style, state),
                                   style == PORTOLAN_GRAPH_CHIP_OUTSIDE ? 0.35 : 1);
  cairo_set_line_width (cr, width);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  if (style == PORTOLAN_GRAPH_CHIP_OTHER_SIDE)
    {
      double dashes[] = { 2.5 * width + 2, 2 * width + 2 };

      cairo_set_dash (cr, dashes, G_N_ELEMENTS (dashes), 0);
      cairo_set_line_cap (cr, CAIRO_LINE_CAP_BUTT);
    }
  cairo_move_to (cr, curve.p[0].x, curve.p[0].y);
  cairo_curve_to (cr, curve.p[1].x, curve.p[1].y, curve.p[2].x, curve.p[2].y, curve.p[3].x, curve.p[3].y);
  cairo_stroke (cr);

  cairo_set_dash (cr, NULL, 0, 0);
  cairo_move_to (cr, tip.x, tip.y);
  cairo_line_to (cr, tip.x - dx * head - dy * head_width / 2, tip.y - dy * head + dx * head_width / 2);
  cairo_line_to (cr, tip.x - dx * head * 0.78, tip.y - dy * head * 0.78);
  cairo_line_to (cr, tip.x - dx * head + dy * head_width / 2, tip.y - dy * head - dx * head_width / 2);
  cairo_close_path (cr);
  cairo_fill (cr);
  cairo_restore (cr);
}

static void
draw_chip_shape (const PortolanGraphScene *scene,
                 cairo_t                  *cr,
                 const PortolanGraphRect  *rect,
                 PortolanGraphChipStyle    style,
                 PortolanState             state,
                 PangoLayout              *port)
{
  const PortolanPalette *colors = scene->palette;
  double faded = style == PORTOLAN_GRAPH_CHIP_OUTSIDE ? 0.55 : 0;
  double h = rect->height, radius = h / 2;
  double pad = 0.45 * h;
  double text_h = 0;
  const PortolanColor *fill, *ink;
  guint symbol = G_MAXUINT;

  switch (style)
    {
    case PORTOLAN_GRAPH_CHIP_STATE:
      fill = &colors->state_fill[state];
      ink = &colors->state_text[state];
      symbol = state;
      break;
    case PORTOLAN_GRAPH_CHIP_OTHER_SIDE:
      fill = &colors->background;
      ink = &colors->text_dim;
      symbol = PORTOLAN_GRAPH_SYMBOL_OTHER_SIDE;
      break;
    case PORTOLAN_GRAPH_CHIP_OUTSIDE:
    case PORTOLAN_GRAPH_CHIP_NEUTRAL:
    default:
      fill = &colors->chip;
      ink = &colors->chip_text;
      break;
    }

  _portolan_graph_rounded_box (cr, rect, radius);
  set_faded_color (cr, colors, fill, faded);
  cairo_fill (cr);

  if (style == PORTOLAN_GRAPH_CHIP_OTHER_SIDE)
    {
      double dashes[] = { 3, 2 };
      PortolanGraphRect inside = { rect->x + 0.5, rect->y + 0.5, rect->width - 1, rect->height - 1 };

      _portolan_graph_rounded_box (cr, &inside, radius - 0.5);
      cairo_set_line_width (cr, 1);
      cairo_set_dash (cr, dashes, G_N_ELEMENTS (dashes), 0);
      _portolan_graph_set_color (cr, &colors->chip_border);
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);
    }
  else if (style != PORTOLAN_GRAPH_CHIP_STATE || portolan_palette_state_has_border (state))
    {
      PortolanGraphRect inside = { rect->x + 0.5, rect->y + 0.5, rect->width - 1, rect->height - 1 };

      set_faded_color (cr, colors, &colors->chip_border, faded);
      _portolan_graph_fill_ring (cr, &inside, radius - 0.5, 1);
    }

  set_faded_color (cr, colors, ink, faded);
  if (symbol != G_MAXUINT)
    _portolan_graph_draw_symbol (cr, symbol, rect->x + pad, rect->y + (h - scene->text->symbol_width) / 2,
                                 scene->text->symbol_width);

  if (port != NULL)
    {
      double x = rect->x + pad + (symbol != G_MAXUINT ? scene->text->symbol_width + 0.3 * scene->text->font_size : 0);

      _portolan_graph_text_measure (port, NULL, &text_h);
      _portolan_graph_text_show (cr, port, x, rect->y + (h - text_h) / 2);
    }
}

static void
draw_chip (const PortolanGraphScene *scene,
           cairo_t                  *cr,
           PortolanGraphChip        *chip)
{
  const PortolanPalette *colors = scene->palette;
  PortolanGraphLabel *label = &g_array_index (scene->layout->labels, PortolanGraphLabel, chip->index);
  gboolean dim = chip->style == PORTOLAN_GRAPH_CHIP_OUTSIDE;

  if (label->detached)
    {
      cairo_save (cr);
      _portolan_graph_set_color_alpha (cr, line_color (scene, chip->style, chip->state), dim ? 0.35 : 0.8);
      cairo_set_line_width (cr, 1);
      cairo_set_dash (cr, (double[]) { 1.5, 2 }, 2, 0);
      cairo_move_to (cr, label->rect.x + label->rect.width / 2, label->rect.y + label->rect.height / 2);
      cairo_line_to (cr, label->anchor.x, label->anchor.y);
      cairo_stroke (cr);
      cairo_arc (cr, label->anchor.x, label->anchor.y, 2, 0, 2 * G_PI);
      cairo_fill (cr);
      cairo_restore (cr);
    }

  draw_chip_shape (scene, cr, &label->rect, chip->style, chip->state,
                   g_ptr_array_index (scene->text->chips, chip->index));

  if (selected_chip (scene, chip))
    {
      PortolanGraphRect ring = { label->rect.x - 2.5, label->rect.y - 2.5,
                                 label->rect.width + 5, label->rect.height + 5 };

      _portolan_graph_set_color (cr, &colors->accent);
      _portolan_graph_fill_ring (cr, &ring, ring.height / 2, 2);
    }
}

static void
draw_legend (const PortolanGraphScene *scene,
             cairo_t                  *cr)
{
  const PortolanPalette *colors = scene->palette;
  PortolanGraphRect *rect = &scene->layout->legend;
  double size = scene->text->font_size;
  double pad = 0.8 * size;
  double swatch = scene->text->symbol_width + 1.0 * size;
  double row_height = scene->text->chip_height * 0.9 + 0.3 * size;
  double column_width = (rect->width - 2 * pad - 1.2 * size) / 2;
  guint n = scene->text->legend_labels->len;
  guint rows = (n + 1) / 2;
  double title_height, y0;

  if (rect->width <= 0)
    return;

  _portolan_graph_rounded_box (cr, rect, 0.6 * size);
  _portolan_graph_set_color (cr, &colors->card);
  cairo_fill (cr);
  _portolan_graph_set_color (cr, &colors->card_border);
  _portolan_graph_fill_ring (cr, rect, 0.6 * size, 1);

  _portolan_graph_set_color (cr, &colors->text);
  _portolan_graph_text_measure (scene->text->legend_title, NULL, &title_height);
  _portolan_graph_text_show (cr, scene->text->legend_title, rect->x + pad, rect->y + 0.6 * size);
  y0 = rect->y + 0.6 * size + title_height + 0.3 * size;

  for (guint i = 0; i < n; i++)
    {
      PangoLayout *label = g_ptr_array_index (scene->text->legend_labels, i);
      double x = rect->x + pad + (i / rows) * (column_width + 1.2 * size);
      double y = y0 + (i % rows) * row_height;
      double chip_height = scene->text->chip_height * 0.9;
      PortolanGraphRect chip = { x, y + (row_height - chip_height) / 2, swatch, chip_height };
      double label_height;

      if (i < PORTOLAN_GRAPH_N_LEGEND_STATES)
        draw_chip_shape (scene, cr, &chip, PORTOLAN_GRAPH_CHIP_STATE, _portolan_graph_legend_states[i], NULL);
      else if (i == PORTOLAN_GRAPH_N_LEGEND_STATES)
        {
          double dashes[] = { 3, 2.5 };

          cairo_save (cr);
          _portolan_graph_set_color (cr, &colors->line);
          cairo_set_line_width (cr, 1.4);
          cairo_set_dash (cr, dashes, 2, 0);
          cairo_move_to (cr, chip.x, chip.y + chip.height / 2);
          cairo_line_to (cr, chip.x + chip.width, chip.y + chip.height / 2);
          cairo_stroke (cr);
          cairo_restore (cr);
        }
      else
        {
          _portolan_graph_set_color_alpha (cr, &colors->line, 0.35);
          cairo_set_line_width (cr, 1.4);
          cairo_move_to (cr, chip.x, chip.y + chip.height / 2);
          cairo_line_to (cr, chip.x + chip.width, chip.y + chip.height / 2);
          cairo_stroke (cr);
        }

      _portolan_graph_set_color (cr, &colors->text);
      _portolan_graph_text_measure (label, NULL, &label_height);
      _portolan_graph_text_show (cr, label, x + swatch + 0.45 * size, y + (row_height - label_height) / 2);
    }
}

/* Neutral chips and arrows below those with a state, the worst on top */
static int
compare_paint (PortolanGraphChipStyle style_a,
               PortolanState          state_a,
               PortolanGraphChipStyle style_b,
               PortolanState          state_b)
{
  static const int style_order[] = {
    [PORTOLAN_GRAPH_CHIP_OUTSIDE] = 0,
    [PORTOLAN_GRAPH_CHIP_NEUTRAL] = 1,
    [PORTOLAN_GRAPH_CHIP_OTHER_SIDE] = 2,
    [PORTOLAN_GRAPH_CHIP_STATE] = 3,
  };

  if (style_a != style_b)
    return style_order[style_a] - style_order[style_b];
  if (style_a != PORTOLAN_GRAPH_CHIP_STATE)
    return 0;

  return portolan_state_compare_severity (state_a, state_b);
}

static int
compare_arrow_paint (gconstpointer a,
                     gconstpointer b)
{
  PortolanGraphArrow *aa = *(PortolanGraphArrow * const *) a, *ab = *(PortolanGraphArrow * const *) b;
  PortolanGraphChipStyle sa, sb;
  PortolanState ta, tb;

  _portolan_graph_arrow_get_style (aa, &sa, &ta);
  _portolan_graph_arrow_get_style (ab, &sb, &tb);

  return compare_paint (sa, ta, sb, tb);
}

static int
compare_chip_paint (gconstpointer a,
                    gconstpointer b)
{
  PortolanGraphChip *ca = *(PortolanGraphChip * const *) a, *cb = *(PortolanGraphChip * const *) b;

  return compare_paint (ca->style, ca->state, cb->style, cb->state);
}

/**
 * _portolan_graph_draw_scene:
 *
 * Draws a frame in a @width × @height area of @cr's user space, from the
 * states the model has and the layout as it is.
 */
void
_portolan_graph_draw_scene (const PortolanGraphScene *scene,
                            cairo_t                  *cr,
                            double                    width,
                            double                    height)
{
  PortolanGraphModel *model = scene->model;
  g_autoptr(GPtrArray) arrows = NULL;
  g_autoptr(GPtrArray) chips = NULL;

  cairo_save (cr);
  /* Curves a little coarser than cairo's default: invisible, and faster */
  cairo_set_tolerance (cr, 0.25);

  cairo_rectangle (cr, 0, 0, width, height);
  _portolan_graph_set_color (cr, &scene->palette->background);
  cairo_fill (cr);

  draw_zones (scene, cr);

  /* The problems last, on top */
  /* Copies share the free function: unset it */
  arrows = g_ptr_array_copy (model->arrows, NULL, NULL);
  g_ptr_array_set_free_func (arrows, NULL);
  g_ptr_array_sort (arrows, compare_arrow_paint);
  for (guint a = 0; a < arrows->len; a++)
    draw_arrow (scene, cr, g_ptr_array_index (arrows, a));

  for (guint c = 0; c < model->cards->len; c++)
    draw_card (scene, cr, _portolan_graph_model_get_card (model, c));

  chips = g_ptr_array_copy (model->chips, NULL, NULL);
  g_ptr_array_set_free_func (chips, NULL);
  g_ptr_array_sort (chips, compare_chip_paint);
  for (guint c = 0; c < chips->len; c++)
    draw_chip (scene, cr, g_ptr_array_index (chips, c));

  draw_legend (scene, cr);

  cairo_restore (cr);
}
