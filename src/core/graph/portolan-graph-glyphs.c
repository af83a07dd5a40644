/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-graph-glyphs.c
 *
 * The shapes of the graph: rounded boxes, rings drawn as fills (the
 * same pixels as a stroke, in less time), the icons of the kinds of
 * role and the symbols of the states. Each icon and symbol is drawn in
 * a unit square scaled to its size, so that one path serves every size
 * of text.
 */
#include "config.h"

#include "portolan-graph-glyphs-private.h"

void
_portolan_graph_rounded_rect (cairo_t *cr,
                              double   x,
                              double   y,
                              double   width,
                              double   height,
                              double   radius)
{
  radius = MIN (radius, MIN (width, height) / 2);

  cairo_new_sub_path (cr);
  cairo_arc (cr, x + width - radius, y + radius, radius, -G_PI / 2, 0);
  cairo_arc (cr, x + width - radius, y + height - radius, radius, 0, G_PI / 2);
  cairo_arc (cr, x + radius, y + height - radius, radius, G_PI / 2, G_PI);
  cairo_arc (cr, x + radius, y + radius, radius, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
}

void
_portolan_graph_rounded_box (cairo_t                 *cr,
                             const PortolanGraphRect *rect,
                             double                   radius)
{
  _portolan_graph_rounded_rect (cr, rect->x, rect->y, rect->width, rect->height, radius);
}

/* What stroking the outline of a rounded rectangle draws, as a fill:
 * the same pixels, in less time */
void
_portolan_graph_fill_ring (cairo_t                 *cr,
                           const PortolanGraphRect *rect,
                           double                   radius,
                           double                   width)
{
  double w = width / 2;

  cairo_save (cr);
  _portolan_graph_rounded_rect (cr, rect->x - w, rect->y - w, rect->width + width, rect->height + width,
                                radius + w);
  _portolan_graph_rounded_rect (cr, rect->x + w, rect->y + w, rect->width - width, rect->height - width,
                                MAX (radius - w, 0));
  cairo_set_fill_rule (cr, CAIRO_FILL_RULE_EVEN_ODD);
  cairo_fill (cr);
  cairo_restore (cr);
}

/* A symbolic icon of the kind of role, in a size × size square */
void
_portolan_graph_draw_kind_icon (cairo_t          *cr,
                                PortolanRoleKind  kind,
                                double            x,
                                double            y,
                                double            size)
{
  cairo_save (cr);
  cairo_translate (cr, x, y);
  cairo_scale (cr, size, size);
  cairo_set_line_width (cr, 0.1);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);

  switch (kind)
    {
    case PORTOLAN_ROLE_KIND_SERVER:
      _portolan_graph_rounded_rect (cr, 0.12, 0.1, 0.76, 0.34, 0.08);
      _portolan_graph_rounded_rect (cr, 0.12, 0.56, 0.76, 0.34, 0.08);
      cairo_stroke (cr);
      cairo_arc (cr, 0.7, 0.27, 0.06, 0, 2 * G_PI);
      cairo_new_sub_path (cr);
      cairo_arc (cr, 0.7, 0.73, 0.06, 0, 2 * G_PI);
      cairo_fill (cr);
      break;

    case PORTOLAN_ROLE_KIND_CLIENT:
      _portolan_graph_rounded_rect (cr, 0.06, 0.12, 0.88, 0.6, 0.08);
      cairo_move_to (cr, 0.5, 0.72);
      cairo_line_to (cr, 0.5, 0.88);
      cairo_move_to (cr, 0.28, 0.9);
      cairo_line_to (cr, 0.72, 0.9);
      cairo_stroke (cr);
      break;

    case PORTOLAN_ROLE_KIND_DEVICE:
      _portolan_graph_rounded_rect (cr, 0.16, 0.14, 0.68, 0.5, 0.06);
      cairo_stroke (cr);
      cairo_move_to (cr, 0.04, 0.86);
      cairo_line_to (cr, 0.96, 0.86);
      cairo_line_to (cr, 0.86, 0.72);
      cairo_line_to (cr, 0.14, 0.72);
      cairo_close_path (cr);
      cairo_fill (cr);
      break;

    case PORTOLAN_ROLE_KIND_DATABASE:
      cairo_save (cr);
      cairo_translate (cr, 0.5, 0.22);
      cairo_scale (cr, 0.36, 0.12);
      cairo_arc (cr, 0, 0, 1, 0, 2 * G_PI);
      cairo_restore (cr);
      cairo_move_to (cr, 0.14, 0.22);
      cairo_line_to (cr, 0.14, 0.78);
      cairo_move_to (cr, 0.86, 0.22);
      cairo_line_to (cr, 0.86, 0.78);
      cairo_save (cr);
      cairo_translate (cr, 0.5, 0.78);
      cairo_scale (cr, 0.36, 0.12);
      cairo_arc (cr, 0, 0, 1, 0, G_PI);
      cairo_restore (cr);
      cairo_save (cr);
      cairo_translate (cr, 0.5, 0.5);
      cairo_scale (cr, 0.36, 0.12);
      cairo_new_sub_path (cr);
      cairo_arc (cr, 0, 0, 1, 0, G_PI);
      cairo_restore (cr);
      cairo_stroke (cr);
      break;

    case PORTOLAN_ROLE_KIND_DIRECTORY:
      _portolan_graph_rounded_rect (cr, 0.36, 0.06, 0.28, 0.24, 0.05);
      _portolan_graph_rounded_rect (cr, 0.04, 0.7, 0.28, 0.24, 0.05);
      _portolan_graph_rounded_rect (cr, 0.68, 0.7, 0.28, 0.24, 0.05);
      cairo_move_to (cr, 0.5, 0.3);
      cairo_line_to (cr, 0.5, 0.5);
      cairo_move_to (cr, 0.18, 0.7);
      cairo_line_to (cr, 0.18, 0.5);
      cairo_line_to (cr, 0.82, 0.5);
      cairo_line_to (cr, 0.82, 0.7);
      cairo_stroke (cr);
      break;

    case PORTOLAN_ROLE_KIND_CLOUD:
      cairo_move_to (cr, 0.26, 0.78);
      cairo_arc (cr, 0.26, 0.6, 0.18, G_PI / 2, 3 * G_PI / 2);
      cairo_arc (cr, 0.5, 0.42, 0.24, G_PI, 1.85 * G_PI);
      cairo_arc (cr, 0.76, 0.6, 0.18, 1.5 * G_PI, 2.5 * G_PI);
      cairo_close_path (cr);
      cairo_stroke (cr);
      break;

    case PORTOLAN_ROLE_KIND_GATEWAY:
      cairo_move_to (cr, 0.5, 0.06);
      cairo_line_to (cr, 0.88, 0.2);
      cairo_line_to (cr, 0.88, 0.48);
      cairo_curve_to (cr, 0.88, 0.72, 0.7, 0.86, 0.5, 0.95);
      cairo_curve_to (cr, 0.3, 0.86, 0.12, 0.72, 0.12, 0.48);
      cairo_line_to (cr, 0.12, 0.2);
      cairo_close_path (cr);
      cairo_stroke (cr);
      break;

    default:
      _portolan_graph_rounded_rect (cr, 0.15, 0.15, 0.7, 0.7, 0.1);
      cairo_stroke (cr);
      break;
    }

  cairo_restore (cr);
}

/* The symbol of a state (portolan_state_get_symbol ()) drawn as a shape
 * in a size × size square: the same everywhere, whatever the fonts, and
 * crisp in a PDF. */
void
_portolan_graph_draw_symbol (cairo_t *cr,
                             guint    symbol,
                             double   x,
                             double   y,
                             double   size)
{
  cairo_save (cr);
  cairo_translate (cr, x, y);
  cairo_scale (cr, size, size);
  cairo_set_line_width (cr, 0.15);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);

  switch (symbol)
    {
    case PORTOLAN_STATE_VERIFIED:  /* ✔ */
      cairo_set_line_width (cr, 0.19);
      cairo_move_to (cr, 0.12, 0.55);
      cairo_line_to (cr, 0.4, 0.82);
      cairo_line_to (cr, 0.9, 0.2);
      cairo_stroke (cr);
      break;

    case PORTOLAN_STATE_OPEN:  /* ○ */
      cairo_arc (cr, 0.5, 0.5, 0.33, 0, 2 * G_PI);
      cairo_stroke (cr);
      break;

    case PORTOLAN_STATE_WARNING:  /* ⚠ */
      cairo_set_line_width (cr, 0.12);
      cairo_move_to (cr, 0.5, 0.04);
      cairo_line_to (cr, 0.97, 0.9);
      cairo_line_to (cr, 0.03, 0.9);
      cairo_close_path (cr);
      cairo_stroke (cr);
      cairo_set_line_width (cr, 0.13);
      cairo_move_to (cr, 0.5, 0.38);
      cairo_line_to (cr, 0.5, 0.58);
      cairo_stroke (cr);
      cairo_arc (cr, 0.5, 0.75, 0.075, 0, 2 * G_PI);
      cairo_fill (cr);
      break;

    case PORTOLAN_STATE_CLOSED:  /* ✖ */
      cairo_set_line_width (cr, 0.2);
      cairo_move_to (cr, 0.18, 0.18);
      cairo_line_to (cr, 0.82, 0.82);
      cairo_move_to (cr, 0.82, 0.18);
      cairo_line_to (cr, 0.18, 0.82);
      cairo_stroke (cr);
      break;

    case PORTOLAN_STATE_FILTERED:  /* ▦, a wall: something drops the packets */
      cairo_set_line_width (cr, 0.1);
      cairo_rectangle (cr, 0.15, 0.15, 0.7, 0.7);
      for (double at = 0.15 + 0.7 / 3; at < 0.8; at += 0.7 / 3)
        {
          cairo_move_to (cr, at, 0.15);
          cairo_line_to (cr, at, 0.85);
          cairo_move_to (cr, 0.15, at);
          cairo_line_to (cr, 0.85, at);
        }
      cairo_stroke (cr);
      break;

    case PORTOLAN_STATE_UNREACHABLE:  /* ⊘ */
      cairo_set_line_width (cr, 0.13);
      cairo_arc (cr, 0.5, 0.5, 0.38, 0, 2 * G_PI);
      cairo_move_to (cr, 0.23, 0.77);
      cairo_line_to (cr, 0.77, 0.23);
      cairo_stroke (cr);
      break;

    case PORTOLAN_STATE_UNVERIFIED:  /* ? */
      cairo_set_line_width (cr, 0.15);
      cairo_arc (cr, 0.5, 0.32, 0.22, G_PI, 2.3 * G_PI);
      cairo_curve_to (cr, 0.62, 0.5, 0.5, 0.52, 0.5, 0.64);
      cairo_stroke (cr);
      cairo_arc (cr, 0.5, 0.87, 0.085, 0, 2 * G_PI);
      cairo_fill (cr);
      break;

    case PORTOLAN_STATE_SKIPPED:  /* – */
      cairo_set_line_width (cr, 0.16);
      cairo_move_to (cr, 0.2, 0.52);
      cairo_line_to (cr, 0.8, 0.52);
      cairo_stroke (cr);
      break;

    case PORTOLAN_STATE_CANCELLED:  /* ■ */
      cairo_rectangle (cr, 0.2, 0.2, 0.6, 0.6);
      cairo_fill (cr);
      break;

    case PORTOLAN_STATE_PENDING:  /* … */
      for (guint i = 0; i < 3; i++)
        {
          cairo_new_sub_path (cr);
          cairo_arc (cr, 0.16 + i * 0.34, 0.62, 0.09, 0, 2 * G_PI);
        }
      cairo_fill (cr);
      break;

    case PORTOLAN_GRAPH_SYMBOL_OTHER_SIDE:  /* ⇆ */
      cairo_set_line_width (cr, 0.11);
      cairo_move_to (cr, 0.08, 0.32);
      cairo_line_to (cr, 0.92, 0.32);
      cairo_move_to (cr, 0.7, 0.12);
      cairo_line_to (cr, 0.92, 0.32);
      cairo_line_to (cr, 0.7, 0.52);
      cairo_move_to (cr, 0.92, 0.7);
      cairo_line_to (cr, 0.08, 0.7);
      cairo_move_to (cr, 0.3, 0.5);
      cairo_line_to (cr, 0.08, 0.7);
      cairo_line_to (cr, 0.3, 0.9);
      cairo_stroke (cr);
      break;

    default:
      break;
    }

  cairo_restore (cr);
}

