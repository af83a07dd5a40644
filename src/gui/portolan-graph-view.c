/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-graph-view.c
 *
 * A thin widget over PortolanRenderer, which lays out and draws the
 * graph with cairo: the same code draws the reports with no display.
 * The widget adds what only a screen has: the pointer (tooltips, clicks
 * that select), the light or dark style, and redrawing as results come.
 * It is made from a template, before there is a catalogue: the renderer
 * comes with the first profile, and with a profile of another catalogue.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <adwaita.h>

#include "portolan-graph-view.h"

struct _PortolanGraphView
{
  GtkWidget         parent_instance;

  /* Owned references */
  PortolanRenderer *renderer;
  PortolanPlan     *plan;
};

G_DEFINE_FINAL_TYPE (PortolanGraphView, portolan_graph_view, GTK_TYPE_WIDGET)

enum {
  SELECTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
dark_changed_cb (PortolanGraphView *self,
                 GParamSpec        *pspec,
                 AdwStyleManager   *style_manager)
{
  if (self->renderer == NULL)
    return;

  portolan_renderer_set_dark (self->renderer, adw_style_manager_get_dark (style_manager));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
portolan_graph_view_snapshot (GtkWidget   *widget,
                              GtkSnapshot *snapshot)
{
  PortolanGraphView *self = PORTOLAN_GRAPH_VIEW (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  cairo_t *cr;

  if (width <= 0 || height <= 0 || self->renderer == NULL)
    return;

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  portolan_renderer_draw (self->renderer, cr, width, height);
  cairo_destroy (cr);
}

static void
check_state_changed_cb (PortolanCheck     *check,
                        GParamSpec        *pspec,
                        PortolanGraphView *self)
{
  /* Many results in one frame still make one redraw */
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
watch_plan (PortolanGraphView *self,
            gboolean           watch)
{
  GPtrArray *checks;

  if (self->plan == NULL)
    return;

  checks = portolan_plan_get_checks (self->plan);
  for (guint i = 0; i < checks->len; i++)
    if (watch)
      g_signal_connect (g_ptr_array_index (checks, i), "notify::state", G_CALLBACK (check_state_changed_cb), self);
    else
      g_signal_handlers_disconnect_by_func (g_ptr_array_index (checks, i), check_state_changed_cb, self);
}

/* A plan is of the renderer's catalogue: a new renderer has none yet */
static void
set_renderer (PortolanGraphView *self,
              PortolanRenderer  *renderer)
{
  watch_plan (self, FALSE);
  g_clear_object (&self->plan);
  g_clear_object (&self->renderer);
  self->renderer = renderer;
  dark_changed_cb (self, NULL, adw_style_manager_get_default ());
}

void
portolan_graph_view_set_plan (PortolanGraphView *self,
                              PortolanPlan      *plan)
{
  g_return_if_fail (PORTOLAN_IS_GRAPH_VIEW (self));

  watch_plan (self, FALSE);
  g_set_object (&self->plan, plan);
  watch_plan (self, TRUE);

  if (self->renderer != NULL)
    {
      portolan_renderer_set_plan (self->renderer, plan);
      portolan_renderer_set_selection (self->renderer, NULL);
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
portolan_graph_view_set_profile (PortolanGraphView *self,
                                 PortolanProfile   *profile)
{
  PortolanCatalogue *catalogue;

  g_return_if_fail (PORTOLAN_IS_GRAPH_VIEW (self));
  g_return_if_fail (PORTOLAN_IS_PROFILE (profile));

  catalogue = portolan_profile_get_catalogue (profile);
  if (self->renderer == NULL || portolan_renderer_get_catalogue (self->renderer) != catalogue)
    set_renderer (self, portolan_renderer_new (catalogue));

  portolan_renderer_set_profile (self->renderer, profile);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * portolan_graph_view_get_renderer:
 *
 * Returns: (transfer none) (nullable): the renderer, %NULL until the
 *   view has a catalogue
 */
PortolanRenderer *
portolan_graph_view_get_renderer (PortolanGraphView *self)
{
  g_return_val_if_fail (PORTOLAN_IS_GRAPH_VIEW (self), NULL);

  return self->renderer;
}

static void
select_hit (PortolanGraphView         *self,
            const PortolanRendererHit *hit)
{
  if (self->renderer == NULL)
    return;

  portolan_renderer_set_selection (self->renderer, hit);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * portolan_graph_view_select_link:
 * @link_id: (nullable): the link to select, or %NULL for none
 * @to: (nullable): its listener, when the link has several
 *
 * Selects the chip of the link, without emitting #PortolanGraphView::selected:
 * the selection came from elsewhere.
 */
void
portolan_graph_view_select_link (PortolanGraphView *self,
                                 const char        *link_id,
                                 const char        *to)
{
  g_autoptr(GPtrArray) chips = NULL;

  g_return_if_fail (PORTOLAN_IS_GRAPH_VIEW (self));

  if (link_id == NULL || self->renderer == NULL)
    {
      select_hit (self, NULL);
      return;
    }

  portolan_renderer_layout (self->renderer, gtk_widget_get_width (GTK_WIDGET (self)),
                            gtk_widget_get_height (GTK_WIDGET (self)));
  chips = portolan_renderer_list_hits (self->renderer, PORTOLAN_RENDERER_HIT_CHIP);
  for (guint i = 0; i < chips->len; i++)
    {
      const PortolanRendererHit *chip = g_ptr_array_index (chips, i);

      if (g_strv_contains ((const char * const *) chip->link_ids, link_id) &&
          (to == NULL || g_strcmp0 (chip->to, to) == 0))
        {
          select_hit (self, chip);
          return;
        }
    }

  select_hit (self, NULL);
}

static void
pressed_cb (GtkGestureClick   *gesture,
            int                n_press,
            double             x,
            double             y,
            PortolanGraphView *self)
{
  g_auto(PortolanRendererHit) hit = { 0, };

  gtk_widget_grab_focus (GTK_WIDGET (self));
  if (self->renderer == NULL || !portolan_renderer_hit_test (self->renderer, x, y, &hit))
    {
      select_hit (self, NULL);
      g_signal_emit (self, signals[SELECTED], 0, NULL);
      return;
    }

  select_hit (self, &hit);
  g_signal_emit (self, signals[SELECTED], 0, &hit);
}

static gboolean
query_tooltip_cb (GtkWidget         *widget,
                  int                x,
                  int                y,
                  gboolean           keyboard,
                  GtkTooltip        *tooltip,
                  PortolanGraphView *self)
{
  g_auto(PortolanRendererHit) hit = { 0, };
  g_autofree char *text = NULL;

  if (keyboard || self->renderer == NULL || !portolan_renderer_hit_test (self->renderer, x, y, &hit))
    return FALSE;

  text = portolan_renderer_describe (self->renderer, &hit);
  gtk_tooltip_set_text (tooltip, text);
  gtk_tooltip_set_tip_area (tooltip, &(GdkRectangle) { hit.x, hit.y, hit.width, hit.height });
  return TRUE;
}

static void
portolan_graph_view_dispose (GObject *object)
{
  PortolanGraphView *self = (PortolanGraphView *)object;

  watch_plan (self, FALSE);
  g_clear_object (&self->plan);
  g_clear_object (&self->renderer);

  G_OBJECT_CLASS (portolan_graph_view_parent_class)->dispose (object);
}

static void
portolan_graph_view_class_init (PortolanGraphViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = portolan_graph_view_dispose;
  widget_class->snapshot = portolan_graph_view_snapshot;

  /**
   * PortolanGraphView::selected:
   * @hit: (nullable): the card, arrow or chip clicked, or %NULL for none
   */
  signals[SELECTED] =
    g_signal_new ("selected",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, PORTOLAN_TYPE_RENDERER_HIT | G_SIGNAL_TYPE_STATIC_SCOPE);

  gtk_widget_class_set_css_name (widget_class, "portolangraph");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
portolan_graph_view_init (PortolanGraphView *self)
{
  GtkGesture *click = gtk_gesture_click_new ();

  g_signal_connect (click, "pressed", G_CALLBACK (pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));

  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  g_signal_connect (self, "query-tooltip", G_CALLBACK (query_tooltip_cb), self);
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_vexpand (GTK_WIDGET (self), TRUE);
  /* The manager lives as long as the display: the view disconnects itself */
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (dark_changed_cb), self, G_CONNECT_SWAPPED);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Topology graph"),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  _("The UMS roles and the ports between them, coloured by the results; "
                                    "the results list below has the same information"),
                                  -1);
}

GtkWidget *
portolan_graph_view_new (PortolanCatalogue *catalogue)
{
  PortolanGraphView *self = g_object_new (PORTOLAN_TYPE_GRAPH_VIEW, NULL);

  set_renderer (self, portolan_renderer_new (catalogue));
  return GTK_WIDGET (self);
}
