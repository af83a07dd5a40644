/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-graph-layout-private.h: where the cards, arrows and chips of the graph go
 *
 * Pure geometry, no drawing and no text: the renderer measures its cards
 * and chips, and this places them.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  double x;
  double y;
  double width;
  double height;
} PortolanGraphRect;

typedef struct
{
  double x;
  double y;
} PortolanGraphPoint;

/* A cubic Bézier curve */
typedef struct
{
  PortolanGraphPoint p[4];
} PortolanGraphCurve;

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

PortolanGraphLayout *portolan_graph_layout_new          (void);
void                 portolan_graph_layout_free         (PortolanGraphLayout      *layout);
void                 portolan_graph_layout_reset        (PortolanGraphLayout      *layout);

gboolean             portolan_graph_layout_place_nodes  (PortolanGraphLayout      *layout);
void                 portolan_graph_layout_route_edges  (PortolanGraphLayout      *layout);
gboolean             portolan_graph_layout_place_labels (PortolanGraphLayout      *layout);
PortolanGraphRect    portolan_graph_layout_zone_title   (PortolanGraphLayout      *layout,
                                                         guint                     zone);

gboolean             portolan_graph_rect_intersects     (const PortolanGraphRect  *a,
                                                         const PortolanGraphRect  *b);
gboolean             portolan_graph_rect_contains       (const PortolanGraphRect  *rect,
                                                         double                    x,
                                                         double                    y);
PortolanGraphPoint   portolan_graph_curve_point         (const PortolanGraphCurve *curve,
                                                         double                    t);
PortolanGraphPoint   portolan_graph_curve_tangent       (const PortolanGraphCurve *curve,
                                                         double                    t);
double               portolan_graph_curve_distance      (const PortolanGraphCurve *curve,
                                                         double                    x,
                                                         double                    y,
                                                         PortolanGraphPoint       *nearest);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PortolanGraphLayout, portolan_graph_layout_free)

G_END_DECLS
