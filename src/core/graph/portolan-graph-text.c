/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-graph-text.c
 *
 * Every word of the graph as a PangoLayout, measured at a text size.
 * Fitting starts at the largest text the size allows and shrinks it in
 * half pixels until the cards fit without overlapping and most chips sit
 * on their own arrow, clear of the others; at the smallest text it takes
 * what it gets. The metrics do not depend on the device, so that one
 * layout serves the screen, a 2× PNG and a PDF.
 */
#include "config.h"

#include <math.h>

#include <glib/gi18n-lib.h>
#include <pango/pangocairo.h>

#include "portolan-graph-text-private.h"

#define FONT_FAMILY    "Cantarell, Sans"
#define MIN_FONT_SIZE  8.5
#define MAX_FONT_SIZE  14.0
#define CARD_MAX_TEXT  10.0
#define CARD_MIN_WIDTH 6.5
#define CHIP_PAD_Y     0.16

static void
card_text_clear (PortolanGraphCardText *card)
{
  g_clear_object (&card->name);
  g_clear_object (&card->detail);
  g_clear_object (&card->tag);
}

static void
set_fonts (PortolanGraphText *text,
           double             size)
{
  static const struct {
    double      scale;
    PangoWeight weight;
    PangoStyle  style;
  } fonts[PORTOLAN_GRAPH_N_FONTS] = {
    [PORTOLAN_GRAPH_FONT_NAME] = { 1.0, PANGO_WEIGHT_BOLD, PANGO_STYLE_NORMAL },
    [PORTOLAN_GRAPH_FONT_DETAIL] = { 0.86, PANGO_WEIGHT_NORMAL, PANGO_STYLE_NORMAL },
    [PORTOLAN_GRAPH_FONT_DETAIL_DIM] = { 0.86, PANGO_WEIGHT_NORMAL, PANGO_STYLE_ITALIC },
    [PORTOLAN_GRAPH_FONT_CHIP] = { 0.84, PANGO_WEIGHT_BOLD, PANGO_STYLE_NORMAL },
    [PORTOLAN_GRAPH_FONT_ZONE] = { 0.72, PANGO_WEIGHT_BOLD, PANGO_STYLE_NORMAL },
    [PORTOLAN_GRAPH_FONT_TAG] = { 0.7, PANGO_WEIGHT_BOLD, PANGO_STYLE_NORMAL },
    [PORTOLAN_GRAPH_FONT_LEGEND] = { 0.8, PANGO_WEIGHT_NORMAL, PANGO_STYLE_NORMAL },
    [PORTOLAN_GRAPH_FONT_LEGEND_TITLE] = { 0.8, PANGO_WEIGHT_BOLD, PANGO_STYLE_NORMAL },
  };

  for (guint f = 0; f < PORTOLAN_GRAPH_N_FONTS; f++)
    {
      g_clear_pointer (&text->fonts[f], pango_font_description_free);
      text->fonts[f] = pango_font_description_from_string (FONT_FAMILY);
      pango_font_description_set_absolute_size (text->fonts[f], size * fonts[f].scale * PANGO_SCALE);
      pango_font_description_set_weight (text->fonts[f], fonts[f].weight);
      pango_font_description_set_style (text->fonts[f], fonts[f].style);
    }
}

static void
measure_card (PortolanGraphText       *text,
              const PortolanGraphCard *card,
              double                   size,
              double                  *width,
              double                  *height)
{
  PortolanGraphCardText *words = &g_array_index (text->cards, PortolanGraphCardText, card->index);
  double max_text = CARD_MAX_TEXT * size;
  double name_width, name_height, detail_width, detail_height, text_width;
  PortolanGraphFont detail_font = card->hosts != NULL ? PORTOLAN_GRAPH_FONT_DETAIL : PORTOLAN_GRAPH_FONT_DETAIL_DIM;

  pango_layout_set_font_description (words->name, text->fonts[PORTOLAN_GRAPH_FONT_NAME]);
  pango_layout_set_width (words->name, -1);
  _portolan_graph_text_measure (words->name, &name_width, &name_height);
  if (name_width > max_text)
    {
      pango_layout_set_width (words->name, (int) (max_text * PANGO_SCALE));
      _portolan_graph_text_measure (words->name, &name_width, &name_height);
    }

  pango_layout_set_font_description (words->detail, text->fonts[detail_font]);
  pango_layout_set_width (words->detail, -1);
  _portolan_graph_text_measure (words->detail, &detail_width, &detail_height);

  text_width = MIN (MAX (name_width, detail_width), max_text);
  pango_layout_set_width (words->detail, (int) (text_width * PANGO_SCALE) + 1);
  words->name_height = name_height;

  *width = MAX (CARD_MIN_WIDTH * size,
                2 * PORTOLAN_GRAPH_CARD_PAD_X * size +
                (PORTOLAN_GRAPH_CARD_ICON + PORTOLAN_GRAPH_CARD_ICON_GAP) * size + text_width);
  *height = 2 * PORTOLAN_GRAPH_CARD_PAD_Y * size + name_height + detail_height;

  if (words->tag != NULL)
    pango_layout_set_font_description (words->tag, text->fonts[PORTOLAN_GRAPH_FONT_TAG]);
}

static void
measure_legend (PortolanGraphText *text,
                double             size,
                double            *width,
                double            *height)
{
  guint n = PORTOLAN_GRAPH_N_LEGEND_STATES + PORTOLAN_GRAPH_N_LEGEND_EXTRAS;
  guint rows = (n + 1) / 2;
  double swatch = text->symbol_width + 1.0 * size;
  double column = 0, row_height, title_height;

  if (text->legend_title == NULL)
    {
      text->legend_title = pango_layout_new (text->context);
      pango_layout_set_text (text->legend_title, _("Results"), -1);

      for (guint i = 0; i < n; i++)
        {
          PangoLayout *label = pango_layout_new (text->context);

          if (i < PORTOLAN_GRAPH_N_LEGEND_STATES)
            pango_layout_set_text (label, portolan_state_get_label (_portolan_graph_legend_states[i]), -1);
          else if (i == PORTOLAN_GRAPH_N_LEGEND_STATES)
            pango_layout_set_text (label, _("Test from the other side"), -1);
          else
            pango_layout_set_text (label, _("Not in this check"), -1);
          g_ptr_array_add (text->legend_labels, label);
        }
    }

  pango_layout_set_font_description (text->legend_title, text->fonts[PORTOLAN_GRAPH_FONT_LEGEND_TITLE]);
  _portolan_graph_text_measure (text->legend_title, NULL, &title_height);

  for (guint i = 0; i < n; i++)
    {
      PangoLayout *label = g_ptr_array_index (text->legend_labels, i);
      double w;

      pango_layout_set_font_description (label, text->fonts[PORTOLAN_GRAPH_FONT_LEGEND]);
      _portolan_graph_text_measure (label, &w, NULL);
      column = MAX (column, w);
    }

  row_height = text->chip_height * 0.9 + 0.3 * size;
  *width = 2 * (swatch + 0.45 * size + column) + 1.2 * size + 2 * 0.8 * size;
  *height = 0.6 * size + title_height + 0.3 * size + rows * row_height + 0.5 * size;
}

static void
measure_chips (PortolanGraphText *text,
               double             size)
{
  double text_height = 0.9 * size;

  for (guint c = 0; c < text->chips->len; c++)
    pango_layout_set_font_description (g_ptr_array_index (text->chips, c), text->fonts[PORTOLAN_GRAPH_FONT_CHIP]);

  if (text->chips->len > 0)
    _portolan_graph_text_measure (g_ptr_array_index (text->chips, 0), NULL, &text_height);

  text->symbol_width = ceil (0.8 * size);
  text->chip_height = ceil (MAX (text_height, 0.9 * size) + 2 * CHIP_PAD_Y * size);
}

static double
chip_width (PortolanGraphText       *text,
            PortolanGraphModel      *model,
            const PortolanGraphChip *chip)
{
  gboolean has_symbol = model->plan != NULL && (chip->in_plan || chip->other_side);
  double text_width;

  _portolan_graph_text_measure (g_ptr_array_index (text->chips, chip->index), &text_width, NULL);

  return ceil (text->chip_height * 0.9 + text_width +
               (has_symbol ? text->symbol_width + 0.3 * text->font_size : 0));
}

static void
measure_zones (PortolanGraphText   *text,
               PortolanGraphLayout *layout,
               double               size)
{
  layout->zone_title = 0;
  layout->n_zones = text->zones->len;
  layout->zone_title_widths = g_new0 (double, MAX (layout->n_zones, 1));
  for (guint z = 0; z < text->zones->len; z++)
    {
      PangoLayout *name = g_ptr_array_index (text->zones, z);
      double h = 0;

      pango_layout_set_font_description (name, text->fonts[PORTOLAN_GRAPH_FONT_ZONE]);
      pango_layout_set_width (name, -1);
      _portolan_graph_text_measure (name, &layout->zone_title_widths[z], &h);
      layout->zone_title = MAX (layout->zone_title, h);
    }
  layout->zone_title += 0.25 * size;
}

static gboolean
try_layout (PortolanGraphText   *text,
            PortolanGraphModel  *model,
            PortolanGraphLayout *layout,
            double               width,
            double               height,
            double               size,
            gboolean             last)
{
  text->font_size = size;
  set_fonts (text, size);
  measure_chips (text, size);

  _portolan_graph_layout_reset (layout);
  layout->width = width;
  layout->height = height;
  layout->margin = MAX (4, 0.7 * size);
  layout->gap = 0.6 * size;
  layout->zone_padding = 0.6 * size;
  layout->label_gap = MAX (1.5, 0.18 * size);
  layout->bend = 0.7 * text->chip_height;
  layout->max_misplaced = last ? G_MAXUINT : 0;

  measure_zones (text, layout, size);
  measure_legend (text, size, &layout->legend_width, &layout->legend_height);

  for (guint c = 0; c < model->cards->len; c++)
    {
      PortolanGraphCard *card = _portolan_graph_model_get_card (model, c);
      PortolanGraphNode node = { 0 };

      portolan_role_get_position (card->role, &node.hint_x, &node.hint_y);
      measure_card (text, card, size, &node.width, &node.height);
      node.top_extra = _portolan_graph_text_tag_height (text, c) / 2;
      node.zone = card->zone;
      g_array_append_val (layout->nodes, node);
    }

  if (!_portolan_graph_layout_place_nodes (layout) && !last)
    return FALSE;

  for (guint a = 0; a < model->arrows->len; a++)
    {
      PortolanGraphArrow *arrow = g_ptr_array_index (model->arrows, a);
      PortolanGraphEdge edge = { 0 };

      edge.from = arrow->from;
      edge.to = arrow->to;
      if (arrow->from != arrow->to && _portolan_graph_model_find_reverse (model, arrow) != NULL)
        edge.side = arrow->from < arrow->to ? 1 : -1;
      g_array_append_val (layout->edges, edge);
    }

  for (guint c = 0; c < model->chips->len; c++)
    {
      PortolanGraphChip *chip = g_ptr_array_index (model->chips, c);
      PortolanGraphLabel label = { 0 };

      label.edge = chip->arrow->index;
      label.width = chip_width (text, model, chip);
      label.height = text->chip_height;
      g_array_append_val (layout->labels, label);
    }

  _portolan_graph_layout_route_edges (layout);

  if (!_portolan_graph_layout_place_labels (layout))
    return last;

  /* Most chips on their own arrow and clear of the others */
  return last || (layout->n_beside <= MAX (1, layout->labels->len / 8) &&
                  layout->n_crossing <= MAX (1, layout->labels->len / 4));
}

PortolanGraphText *
_portolan_graph_text_new (void)
{
  PortolanGraphText *text = g_new0 (PortolanGraphText, 1);
  PangoFontMap *font_map = pango_cairo_font_map_get_default ();
  cairo_font_options_t *options = cairo_font_options_create ();

  text->cards = g_array_new (FALSE, TRUE, sizeof (PortolanGraphCardText));
  g_array_set_clear_func (text->cards, (GDestroyNotify) card_text_clear);
  text->chips = g_ptr_array_new_with_free_func (g_object_unref);
  text->zones = g_ptr_array_new_with_free_func (g_object_unref);
  text->legend_labels = g_ptr_array_new_with_free_func (g_object_unref);

  /* Metrics that do not depend on the device, so that the same layout
   * serves the screen, a 2× PNG and a PDF */
  text->context = pango_font_map_create_context (font_map);
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  cairo_font_options_set_antialias (options, CAIRO_ANTIALIAS_GRAY);
  pango_cairo_context_set_font_options (text->context, options);
  pango_cairo_context_set_resolution (text->context, 96);
  pango_context_set_round_glyph_positions (text->context, FALSE);
  cairo_font_options_destroy (options);

  return text;
}

void
_portolan_graph_text_free (PortolanGraphText *text)
{
  if (text == NULL)
    return;

  g_array_unref (text->cards);
  g_ptr_array_unref (text->chips);
  g_ptr_array_unref (text->zones);
  g_ptr_array_unref (text->legend_labels);
  g_clear_object (&text->legend_title);
  for (guint f = 0; f < PORTOLAN_GRAPH_N_FONTS; f++)
    g_clear_pointer (&text->fonts[f], pango_font_description_free);
  g_clear_object (&text->context);
  g_free (text);
}

/**
 * _portolan_graph_text_set_model:
 *
 * Makes the layouts of a model's words, to be measured by the next fit.
 */
void
_portolan_graph_text_set_model (PortolanGraphText  *text,
                                PortolanGraphModel *model)
{
  g_array_set_size (text->cards, 0);
  g_ptr_array_set_size (text->chips, 0);
  g_ptr_array_set_size (text->zones, 0);

  for (guint z = 0; z < model->zone_names->len; z++)
    {
      const char *zone_name = g_ptr_array_index (model->zone_names, z);
      PangoLayout *name = pango_layout_new (text->context);

      if (zone_name != NULL)
        {
          PangoAttrList *attrs = pango_attr_list_new ();

          pango_attr_list_insert (attrs, pango_attr_text_transform_new (PANGO_TEXT_TRANSFORM_UPPERCASE));
          pango_attr_list_insert (attrs, pango_attr_letter_spacing_new (PANGO_SCALE / 2));
          pango_layout_set_attributes (name, attrs);
          pango_attr_list_unref (attrs);
          pango_layout_set_text (name, zone_name, -1);
        }
      g_ptr_array_add (text->zones, name);
    }

  for (guint c = 0; c < model->cards->len; c++)
    {
      PortolanGraphCard *card = _portolan_graph_model_get_card (model, c);
      PortolanGraphCardText words = { 0 };

      words.name = pango_layout_new (text->context);
      pango_layout_set_text (words.name, portolan_role_get_name (card->role), -1);
      pango_layout_set_wrap (words.name, PANGO_WRAP_WORD);
      pango_layout_set_ellipsize (words.name, PANGO_ELLIPSIZE_END);
      pango_layout_set_height (words.name, -2);

      words.detail = pango_layout_new (text->context);
      pango_layout_set_text (words.detail, card->hosts != NULL ? card->hosts : _("no host"), -1);
      pango_layout_set_ellipsize (words.detail, PANGO_ELLIPSIZE_MIDDLE);

      if (card->tag != NULL)
        {
          words.tag = pango_layout_new (text->context);
          pango_layout_set_text (words.tag, card->tag, -1);
        }

      g_array_append_val (text->cards, words);
    }

  for (guint c = 0; c < model->chips->len; c++)
    {
      PortolanGraphChip *chip = g_ptr_array_index (model->chips, c);
      PangoLayout *layout = pango_layout_new (text->context);

      pango_layout_set_text (layout, chip->text, -1);
      g_ptr_array_add (text->chips, layout);
    }
}

/**
 * _portolan_graph_text_fit:
 *
 * Measures a model's words at the largest text size at which everything
 * has its place in @width × @height, and places it all in @layout.
 */
void
_portolan_graph_text_fit (PortolanGraphText   *text,
                          PortolanGraphModel  *model,
                          PortolanGraphLayout *layout,
                          double               width,
                          double               height)
{
  double size = floor (2 * CLAMP (MIN (width / 60, height / 36), MIN_FONT_SIZE, MAX_FONT_SIZE)) / 2;

  for (; size >= MIN_FONT_SIZE; size -= 0.5)
    if (try_layout (text, model, layout, width, height, size, FALSE))
      break;

  if (size < MIN_FONT_SIZE)
    try_layout (text, model, layout, width, height, MIN_FONT_SIZE, TRUE);

  g_debug ("Graph at %g×%g: text %.1f px, %u chips, %u beside their arrow, %u over another, "
           "%u away from it, %u overlapping",
           width, height, text->font_size, layout->labels->len, layout->n_beside,
           layout->n_crossing, layout->n_detached, layout->n_overlapping);
}

/* The height of a card's tag, 0 for none */
double
_portolan_graph_text_tag_height (PortolanGraphText *text,
                                 guint              card)
{
  PortolanGraphCardText *words = &g_array_index (text->cards, PortolanGraphCardText, card);
  double h;

  if (words->tag == NULL)
    return 0;

  _portolan_graph_text_measure (words->tag, NULL, &h);

  return h + 2 * PORTOLAN_GRAPH_TAG_PAD_Y * text->font_size;
}

void
_portolan_graph_text_measure (PangoLayout *layout,
                              double      *width,
                              double      *height)
{
  PangoRectangle logical;

  pango_layout_get_extents (layout, NULL, &logical);
  if (width != NULL)
    *width = (double) logical.width / PANGO_SCALE;
  if (height != NULL)
    *height = (double) logical.height / PANGO_SCALE;
}

void
_portolan_graph_text_show (cairo_t     *cr,
                           PangoLayout *layout,
                           double       x,
                           double       y)
{
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
}
