/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-graph-text-private.h: the graph's text, measured, and the size it fits at
 *
 * Pango layouts for the names, hosts, tags, ports, zones and legend of
 * a model, kept in arrays parallel to the model's. Fitting measures
 * them at a text size, hands the boxes to the layout, and tries smaller
 * text until everything has its place.
 */
#pragma once

#include <cairo.h>
#include <pango/pango.h>

#include "portolan-graph-layout-private.h"
#include "portolan-graph-model-private.h"

G_BEGIN_DECLS

/* Card geometry, in units of the text size */
#define PORTOLAN_GRAPH_CARD_PAD_X     0.7
#define PORTOLAN_GRAPH_CARD_PAD_Y     0.45
#define PORTOLAN_GRAPH_CARD_ICON      1.1
#define PORTOLAN_GRAPH_CARD_ICON_GAP  0.4
#define PORTOLAN_GRAPH_TAG_PAD_X      0.4
#define PORTOLAN_GRAPH_TAG_PAD_Y      0.08

typedef enum
{
  PORTOLAN_GRAPH_FONT_NAME,
  PORTOLAN_GRAPH_FONT_DETAIL,
  PORTOLAN_GRAPH_FONT_DETAIL_DIM,
  PORTOLAN_GRAPH_FONT_CHIP,
  PORTOLAN_GRAPH_FONT_ZONE,
  PORTOLAN_GRAPH_FONT_TAG,
  PORTOLAN_GRAPH_FONT_LEGEND,
  PORTOLAN_GRAPH_FONT_LEGEND_TITLE,
  PORTOLAN_GRAPH_N_FONTS
} PortolanGraphFont;

typedef struct
{
  PangoLayout *name;
  PangoLayout *detail;       /* its hosts */
  PangoLayout *tag;          /* "This computer", or NULL */
  double       name_height;
} PortolanGraphCardText;

typedef struct
{
  PangoContext         *context;
  PangoFontDescription *fonts[PORTOLAN_GRAPH_N_FONTS];
  GArray               *cards;          /* PortolanGraphCardText, as the model's cards */
  GPtrArray            *chips;          /* PangoLayout, as the model's chips */
  GPtrArray            *zones;          /* PangoLayout, as the model's zones */
  PangoLayout          *legend_title;
  GPtrArray            *legend_labels;  /* PangoLayout: the legend's states, then the extras */

  /* The last fit */
  double                font_size;
  double                symbol_width;
  double                chip_height;
} PortolanGraphText;

/* "Test from the other side", "Not in this check": after the states in the legend */
#define PORTOLAN_GRAPH_N_LEGEND_EXTRAS 2

PortolanGraphText *_portolan_graph_text_new        (void);
void               _portolan_graph_text_free       (PortolanGraphText   *text);
void               _portolan_graph_text_set_model  (PortolanGraphText   *text,
                                                    PortolanGraphModel  *model);
void               _portolan_graph_text_fit        (PortolanGraphText   *text,
                                                    PortolanGraphModel  *model,
                                                    PortolanGraphLayout *layout,
                                                    double               width,
                                                    double               height);
double             _portolan_graph_text_tag_height (PortolanGraphText   *text,
                                                    guint                card);

void               _portolan_graph_text_measure    (PangoLayout         *layout,
                                                    double              *width,
                                                    double              *height);
void               _portolan_graph_text_show       (cairo_t             *cr,
                                                    PangoLayout         *layout,
                                                    double               x,
                                                    double               y);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PortolanGraphText, _portolan_graph_text_free)

G_END_DECLS
