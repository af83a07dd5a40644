/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-renderer.c
 *
 * The topology graph: zones, role cards, arrows bundled per pair of
 * roles with a chip for each port, coloured by the checks of a plan.
 * Everything is drawn into a cairo_t, so the window (from snapshot), the
 * PNG, PDF and SVG reports share one drawing and need no display.
 *
 * This object keeps the pieces together and decides when each is made
 * again: the model (portolan-graph-model.c) follows the catalogue,
 * profile and plan; the text (portolan-graph-text.c) and the layout
 * (portolan-graph-layout.c) follow the model and the size; the states
 * are read from the checks at every draw (portolan-graph-draw.c), hit
 * test (portolan-graph-hit.c) and description (portolan-graph-describe.c).
 */
#include "config.h"

#include <string.h>

#include "portolan-graph-describe-private.h"
#include "portolan-graph-draw-private.h"
#include "portolan-graph-glyphs-private.h"
#include "portolan-graph-hit-private.h"
#include "portolan-graph-layout-private.h"
#include "portolan-graph-model-private.h"
#include "portolan-graph-text-private.h"
#include "portolan-palette.h"
#include "portolan-renderer.h"

struct _PortolanRenderer
{
  GObject               parent_instance;

  /* Owned references */
  PortolanCatalogue    *catalogue;
  PortolanProfile      *profile;
  PortolanPlan         *plan;
  PortolanRendererHit  *selection;
  gboolean              dark;
  gulong                profile_changed_id;

  /* What is drawn: NULL until needed, after any change of the three above */
  PortolanGraphModel   *model;

  /* The layout, for one size */
  gboolean              layout_valid;
  double                width;
  double                height;
  PortolanGraphText    *text;
  PortolanGraphLayout  *layout;
};

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (PortolanRenderer, portolan_renderer, G_TYPE_OBJECT)

/* The public chip styles are the model's */
G_STATIC_ASSERT ((int) PORTOLAN_RENDERER_CHIP_NEUTRAL == (int) PORTOLAN_GRAPH_CHIP_NEUTRAL);
G_STATIC_ASSERT ((int) PORTOLAN_RENDERER_CHIP_OUTSIDE == (int) PORTOLAN_GRAPH_CHIP_OUTSIDE);
G_STATIC_ASSERT ((int) PORTOLAN_RENDERER_CHIP_OTHER_SIDE == (int) PORTOLAN_GRAPH_CHIP_OTHER_SIDE);
G_STATIC_ASSERT ((int) PORTOLAN_RENDERER_CHIP_STATE == (int) PORTOLAN_GRAPH_CHIP_STATE);

static const PortolanPalette *
palette (PortolanRenderer *self)
{
  return portolan_palette_get (self->dark);
}

static void
invalidate_model (PortolanRenderer *self)
{
  g_clear_pointer (&self->model, _portolan_graph_model_free);
  self->layout_valid = FALSE;
}

static void
emit_changed (PortolanRenderer *self)
{
  g_signal_emit (self, signals[CHANGED], 0);
}

static PortolanGraphModel *
ensure_model (PortolanRenderer *self)
{
  if (self->model == NULL)
    {
      self->model = _portolan_graph_model_new (self->catalogue, self->profile, self->plan);
      _portolan_graph_text_set_model (self->text, self->model);
    }

  return self->model;
}

/* The model with the states of the checks as they are now */
static PortolanGraphModel *
update_states (PortolanRenderer *self)
{
  PortolanGraphModel *model = ensure_model (self);

  _portolan_graph_model_update_states (model);

  return model;
}

static void
ensure_layout (PortolanRenderer *self,
               double            width,
               double            height)
{
  PortolanGraphModel *model = ensure_model (self);

  if (self->layout_valid && self->width == width && self->height == height)
    return;

  _portolan_graph_text_fit (self->text, model, self->layout, width, height);

  self->width = width;
  self->height = height;
  self->layout_valid = TRUE;
}

static void
profile_changed_cb (PortolanProfile  *profile,
                    PortolanRenderer *self)
{
  invalidate_model (self);
  emit_changed (self);
}

static void
portolan_renderer_dispose (GObject *object)
{
  PortolanRenderer *self = (PortolanRenderer *)object;

  if (self->profile_changed_id != 0)
    g_clear_signal_handler (&self->profile_changed_id, self->profile);
  g_clear_object (&self->profile);
  g_clear_object (&self->plan);
  g_clear_pointer (&self->model, _portolan_graph_model_free);

  G_OBJECT_CLASS (portolan_renderer_parent_class)->dispose (object);
}

static void
portolan_renderer_finalize (GObject *object)
{
  PortolanRenderer *self = (PortolanRenderer *)object;

  g_clear_pointer (&self->layout, _portolan_graph_layout_free);
  g_clear_pointer (&self->text, _portolan_graph_text_free);
  g_clear_pointer (&self->selection, portolan_renderer_hit_free);
  g_clear_object (&self->catalogue);

  G_OBJECT_CLASS (portolan_renderer_parent_class)->finalize (object);
}

static void
portolan_renderer_class_init (PortolanRendererClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = portolan_renderer_dispose;
  object_class->finalize = portolan_renderer_finalize;

  /**
   * PortolanRenderer::changed:
   *
   * Emitted when what is drawn changed: the profile, the plan, the
   * palette or the selection. The states of the checks are read at every
   * draw: a view redraws when they notify.
   */
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
portolan_renderer_init (PortolanRenderer *self)
{
  self->text = _portolan_graph_text_new ();
  self->layout = _portolan_graph_layout_new ();
}

/* Public API */

PortolanRenderer *
portolan_renderer_new (PortolanCatalogue *catalogue)
{
  PortolanRenderer *self;

  g_return_val_if_fail (PORTOLAN_IS_CATALOGUE (catalogue), NULL);

  self = g_object_new (PORTOLAN_TYPE_RENDERER, NULL);
  self->catalogue = g_object_ref (catalogue);

  return self;
}

PortolanCatalogue *
portolan_renderer_get_catalogue (PortolanRenderer *self)
{
  g_return_val_if_fail (PORTOLAN_IS_RENDERER (self), NULL);

  return self->catalogue;
}

/**
 * portolan_renderer_set_profile:
 * @profile: (nullable): whose hosts and ports the cards and chips show;
 *   without one, the plan's profile, or the catalogue's defaults
 */
void
portolan_renderer_set_profile (PortolanRenderer *self,
                               PortolanProfile  *profile)
{
  g_return_if_fail (PORTOLAN_IS_RENDERER (self));
  g_return_if_fail (profile == NULL || PORTOLAN_IS_PROFILE (profile));

  if (self->profile == profile)
    return;

  if (self->profile_changed_id != 0)
    g_clear_signal_handler (&self->profile_changed_id, self->profile);
  g_set_object (&self->profile, profile);
  if (profile != NULL)
    self->profile_changed_id = g_signal_connect (profile, "changed", G_CALLBACK (profile_changed_cb), self);

  invalidate_model (self);
  emit_changed (self);
}

PortolanProfile *
portolan_renderer_get_profile (PortolanRenderer *self)
{
  g_return_val_if_fail (PORTOLAN_IS_RENDERER (self), NULL);

  return self->profile;
}

/**
 * portolan_renderer_set_plan:
 * @plan: (nullable): the checks whose states colour the chips, read at
 *   every draw
 */
void
portolan_renderer_set_plan (PortolanRenderer *self,
                            PortolanPlan     *plan)
{
  g_return_if_fail (PORTOLAN_IS_RENDERER (self));
  g_return_if_fail (plan == NULL || PORTOLAN_IS_PLAN (plan));

  if (g_set_object (&self->plan, plan))
    {
      invalidate_model (self);
      emit_changed (self);
    }
}

PortolanPlan *
portolan_renderer_get_plan (PortolanRenderer *self)
{
  g_return_val_if_fail (PORTOLAN_IS_RENDERER (self), NULL);

  return self->plan;
}

void
portolan_renderer_set_dark (PortolanRenderer *self,
                            gboolean          dark)
{
  g_return_if_fail (PORTOLAN_IS_RENDERER (self));

  dark = !!dark;
  if (self->dark == dark)
    return;

  self->dark = dark;
  emit_changed (self);
}

gboolean
portolan_renderer_get_dark (PortolanRenderer *self)
{
  g_return_val_if_fail (PORTOLAN_IS_RENDERER (self), FALSE);

  return self->dark;
}

/**
 * portolan_renderer_set_selection:
 * @hit: (nullable): the card, arrow or chip drawn emphasised
 */
void
portolan_renderer_set_selection (PortolanRenderer          *self,
                                 const PortolanRendererHit *hit)
{
  g_return_if_fail (PORTOLAN_IS_RENDERER (self));

  if (hit != NULL && hit->kind == PORTOLAN_RENDERER_HIT_NONE)
    hit = NULL;
  if (portolan_renderer_hit_equal (self->selection, hit))
    return;

  g_clear_pointer (&self->selection, portolan_renderer_hit_free);
  if (hit != NULL)
    self->selection = portolan_renderer_hit_copy (hit);
  emit_changed (self);
}

const PortolanRendererHit *
portolan_renderer_get_selection (PortolanRenderer *self)
{
  g_return_val_if_fail (PORTOLAN_IS_RENDERER (self), NULL);

  return self->selection;
}

/**
 * portolan_renderer_layout:
 *
 * Places everything for a size without drawing, for hit tests; a draw
 * at another size places everything again.
 */
void
portolan_renderer_layout (PortolanRenderer *self,
                          double            width,
                          double            height)
{
  g_return_if_fail (PORTOLAN_IS_RENDERER (self));

  if (width > 0 && height > 0)
    ensure_layout (self, width, height);
}

/**
 * portolan_renderer_get_font_size:
 *
 * The size of the cards' names in the last layout, in pixels; the
 * other text is a little smaller.
 */
double
portolan_renderer_get_font_size (PortolanRenderer *self)
{
  g_return_val_if_fail (PORTOLAN_IS_RENDERER (self), 0);

  return self->layout_valid ? self->text->font_size : 0;
}

/**
 * portolan_renderer_draw:
 * @cr: where to draw, with (0, 0) at the top left of the graph
 *
 * Draws the graph in a @width × @height area of @cr's user space. For a
 * 2× PNG, scale @cr and keep the size.
 */
void
portolan_renderer_draw (PortolanRenderer *self,
                        cairo_t          *cr,
                        double            width,
                        double            height)
{
  PortolanGraphScene scene;

  g_return_if_fail (PORTOLAN_IS_RENDERER (self));
  g_return_if_fail (cr != NULL);

  if (width <= 0 || height <= 0)
    return;

  ensure_layout (self, width, height);
  scene = (PortolanGraphScene) {
    .model = update_states (self),
    .text = self->text,
    .layout = self->layout,
    .palette = palette (self),
    .selection = self->selection,
  };
  _portolan_graph_draw_scene (&scene, cr, width, height);
}

/**
 * portolan_renderer_hit_test:
 * @hit: (out caller-allocates): what is at (@x, @y); clear it after
 *
 * What is drawn at a point of the last layout: a chip, else a card,
 * else an arrow passing near.
 *
 * Returns: %FALSE for empty space, or before any layout
 */
gboolean
portolan_renderer_hit_test (PortolanRenderer    *self,
                            double               x,
                            double               y,
                            PortolanRendererHit *hit)
{
  g_return_val_if_fail (PORTOLAN_IS_RENDERER (self), FALSE);
  g_return_val_if_fail (hit != NULL, FALSE);

  if (!self->layout_valid)
    {
      memset (hit, 0, sizeof *hit);
      return FALSE;
    }

  return _portolan_graph_hit_test (self->model, self->layout, x, y,
                                   MAX (5, 0.45 * self->text->font_size), hit);
}

/**
 * portolan_renderer_list_hits:
 *
 * Every item of a kind in the last layout with its bounds, for tests and
 * for keyboard navigation.
 *
 * Returns: (transfer container) (element-type PortolanRendererHit)
 */
GPtrArray *
portolan_renderer_list_hits (PortolanRenderer        *self,
                             PortolanRendererHitKind  kind)
{
  g_return_val_if_fail (PORTOLAN_IS_RENDERER (self), NULL);

  if (!self->layout_valid)
    return g_ptr_array_new_with_free_func ((GDestroyNotify) portolan_renderer_hit_free);

  return _portolan_graph_list_hits (self->model, self->layout, kind);
}

/**
 * portolan_renderer_describe:
 *
 * A tooltip for what a hit found: a role's name, kind and hosts, or the
 * ports of an arrow or chip with the states of their checks and what
 * the links are for.
 *
 * Returns: (transfer full) (nullable): plain text
 */
char *
portolan_renderer_describe (PortolanRenderer          *self,
                            const PortolanRendererHit *hit)
{
  g_return_val_if_fail (PORTOLAN_IS_RENDERER (self), NULL);

  if (hit == NULL)
    return NULL;

  return _portolan_graph_describe (update_states (self), hit);
}

/**
 * portolan_renderer_get_chip_state:
 * @link_id: a link of the catalogue
 * @from: (nullable): its initiator, or %NULL for the first
 * @to: (nullable): its listener, or %NULL for the first
 * @style: (out) (optional): how the chip is drawn
 * @state: (out) (optional): the state it shows, for %PORTOLAN_RENDERER_CHIP_STATE
 *
 * What the chip standing for a link shows now, without drawing.
 *
 * Returns: %FALSE when no chip stands for the link
 */
gboolean
portolan_renderer_get_chip_state (PortolanRenderer          *self,
                                  const char                *link_id,
                                  const char                *from,
                                  const char                *to,
                                  PortolanRendererChipStyle *style,
                                  PortolanState             *state)
{
  PortolanGraphChip *chip;
  PortolanLink *link;

  g_return_val_if_fail (PORTOLAN_IS_RENDERER (self), FALSE);
  g_return_val_if_fail (link_id != NULL, FALSE);

  link = portolan_catalogue_lookup_link (self->catalogue, link_id);
  if (link == NULL)
    return FALSE;

  chip = _portolan_graph_model_find_chip (update_states (self), link, from, to);
  if (chip == NULL)
    return FALSE;

  if (style != NULL)
    *style = (PortolanRendererChipStyle) chip->style;
  if (state != NULL)
    *state = chip->state;

  return TRUE;
}

/**
 * portolan_renderer_get_state_color:
 *
 * The colour chips of a state are filled with, in the current palette.
 */
void
portolan_renderer_get_state_color (PortolanRenderer      *self,
                                   PortolanState          state,
                                   PortolanRendererColor *color)
{
  const PortolanColor *rgba;

  g_return_if_fail (PORTOLAN_IS_RENDERER (self));
  g_return_if_fail (state < PORTOLAN_N_STATES);
  g_return_if_fail (color != NULL);

  rgba = &palette (self)->state_fill[state];
  *color = (PortolanRendererColor) { rgba->red, rgba->green, rgba->blue, rgba->alpha };
}

void
portolan_renderer_get_background (PortolanRenderer      *self,
                                  PortolanRendererColor *color)
{
  const PortolanColor *rgba;

  g_return_if_fail (PORTOLAN_IS_RENDERER (self));
  g_return_if_fail (color != NULL);

  rgba = &palette (self)->background;
  *color = (PortolanRendererColor) { rgba->red, rgba->green, rgba->blue, rgba->alpha };
}

/**
 * portolan_renderer_draw_state_chip:
 *
 * A state's chip as the legend shows it, its colour and its symbol, in
 * a @width × @height rectangle: the tables of the reports use it, so
 * that a state looks the same there as in the graph.
 */
void
portolan_renderer_draw_state_chip (PortolanRenderer *self,
                                   cairo_t          *cr,
                                   PortolanState     state,
                                   double            x,
                                   double            y,
                                   double            width,
                                   double            height)
{
  const PortolanPalette *colors;
  PortolanGraphRect rect = { x, y, width, height };
  double symbol = 0.7 * height;

  g_return_if_fail (PORTOLAN_IS_RENDERER (self));
  g_return_if_fail (cr != NULL);
  g_return_if_fail (state < PORTOLAN_N_STATES);

  colors = palette (self);
  cairo_save (cr);
  _portolan_graph_rounded_box (cr, &rect, height / 2);
  _portolan_graph_set_color (cr, &colors->state_fill[state]);
  cairo_fill (cr);

  if (portolan_palette_state_has_border (state))
    {
      PortolanGraphRect inside = { x + 0.5, y + 0.5, width - 1, height - 1 };

      _portolan_graph_set_color (cr, &colors->chip_border);
      _portolan_graph_fill_ring (cr, &inside, height / 2 - 0.5, 1);
    }

  _portolan_graph_set_color (cr, &colors->state_text[state]);
  _portolan_graph_draw_symbol (cr, state, x + (width - symbol) / 2, y + (height - symbol) / 2, symbol);
  cairo_restore (cr);
}
