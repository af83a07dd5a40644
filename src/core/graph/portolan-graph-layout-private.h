/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-graph-layout-private.h: where the cards, arrows and chips of the graph go
 *
 * Pure geometry, no drawing and no text: portolan-graph-text.c measures
 * the cards and chips, and this places them.
 */
#pragma once

#include <glib.h>

#include "portolan-graph-grid-private.h"

G_BEGIN_DECLS

typedef struct
{
  /* In */
  double            hint_x;      /* 0 … 1, where the catalogue wants the card */
  double            hint_y;
  double            width;
  double            height;
  double            top_extra;   /* what sticks out above the card (a tag) */
  guint             zone;

  /* Out */
  PortolanGraphRect rect;
} PortolanGraphNode;

typedef struct
{
  /* In */
  guint              from;
  guint              to;         /* from == to: a loop */
  int                side;       /* 0 alone, +1 / -1 the two directions of a pair */

  /* Out */
  PortolanGraphCurve curve;      /* from the border of one card to the other's */
  double             length;
} PortolanGraphEdge;

typedef struct
{
  /* In */
  guint              edge;
  double             width;
  double             height;

  /* Out */
  PortolanGraphRect  rect;
  PortolanGraphPoint anchor;     /* the point of the edge it stands on or for */
  int                beside;     /* chip heights beside its edge, 0 on it */
  gboolean           crosses;    /* covers another edge */
  gboolean           detached;   /* no room on its edge: placed near it */
  gboolean           overlaps;   /* no room anywhere */
} PortolanGraphLabel;

typedef struct
{
  /* In */
  double             width;
  double             height;
  double             margin;       /* around everything */
  double             gap;          /* between the cards of one zone */
  double             zone_padding; /* around the cards of a zone */
  double             zone_title;   /* height of a zone's name, above its cards */
  double             label_gap;    /* around a chip */
  double             bend;         /* how far the two arrows of a pair stand apart */
  double             legend_width;
  double             legend_height;
  guint              n_zones;
  double            *zone_title_widths;  /* n_zones */
  GArray            *nodes;        /* PortolanGraphNode */
  GArray            *edges;        /* PortolanGraphEdge */
  GArray            *labels;       /* PortolanGraphLabel */
  guint              max_misplaced; /* place_labels gives up after more */

  /* Out */
  GArray            *zones;        /* PortolanGraphRect, empty ones 0 × 0 */
  PortolanGraphRect  legend;
  guint              n_beside;
  guint              n_crossing;
  guint              n_detached;
  guint              n_overlapping;
} PortolanGraphLayout;

/* The card with what sticks out above it */
static inline PortolanGraphRect
_portolan_graph_node_bounds (const PortolanGraphNode *node)
{
  return (PortolanGraphRect) { node->rect.x, node->rect.y - node->top_extra,
                               node->rect.width, node->rect.height + node->top_extra };
}

PortolanGraphLayout *_portolan_graph_layout_new          (void);
void                 _portolan_graph_layout_free         (PortolanGraphLayout      *layout);
void                 _portolan_graph_layout_reset        (PortolanGraphLayout      *layout);

gboolean             _portolan_graph_layout_place_nodes  (PortolanGraphLayout      *layout);
void                 _portolan_graph_layout_route_edges  (PortolanGraphLayout      *layout);
/* In portolan-graph-labels.c */
gboolean             _portolan_graph_layout_place_labels (PortolanGraphLayout      *layout);
PortolanGraphRect    _portolan_graph_layout_zone_title   (PortolanGraphLayout      *layout,
                                                          guint                     zone);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PortolanGraphLayout, _portolan_graph_layout_free)

G_END_DECLS
