/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-graph-glyphs-private.h: the shapes and symbols the graph is drawn with
 *
 * Rounded boxes and rings, an icon for each kind of role, and a symbol
 * for each state, drawn as paths rather than with a font: the same on
 * every computer, and crisp in a PDF.
 */
#pragma once

#include <cairo.h>
#include <glib.h>

#include "portolan-graph-grid-private.h"
#include "portolan-palette.h"
#include "portolan-role.h"
#include "portolan-state.h"

G_BEGIN_DECLS

/* The symbol of the chips to test from the other side, after the states' */
#define PORTOLAN_GRAPH_SYMBOL_OTHER_SIDE PORTOLAN_N_STATES

static inline void
_portolan_graph_set_color (cairo_t             *cr,
                           const PortolanColor *color)
{
  cairo_set_source_rgba (cr, color->red, color->green, color->blue, color->alpha);
}

static inline void
_portolan_graph_set_color_alpha (cairo_t             *cr,
                                 const PortolanColor *color,
                                 double               alpha)
{
  cairo_set_source_rgba (cr, color->red, color->green, color->blue, color->alpha * alpha);
}

void _portolan_graph_rounded_rect   (cairo_t                 *cr,
                                     double                   x,
                                     double                   y,
                                     double                   width,
                                     double                   height,
                                     double                   radius);
void _portolan_graph_rounded_box    (cairo_t                 *cr,
                                     const PortolanGraphRect *rect,
                                     double                   radius);
void _portolan_graph_fill_ring      (cairo_t                 *cr,
                                     const PortolanGraphRect *rect,
                                     double                   radius,
                                     double                   width);
void _portolan_graph_draw_kind_icon (cairo_t                 *cr,
                                     PortolanRoleKind         kind,
                                     double                   x,
                                     double                   y,
                                     double                   size);
void _portolan_graph_draw_symbol    (cairo_t                 *cr,
                                     guint                    symbol,
                                     double                   x,
                                     double                   y,
                                     double                   size);

G_END_DECLS
