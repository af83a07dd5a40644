/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-graph-model-private.h: what the graph shows, before it is measured or drawn
 *
 * Cards for the roles, arrows for the pairs of roles with links between
 * them, and a chip on each arrow for each port, from a catalogue, a
 * profile and a plan; which checks of the plan feed which chip, and the
 * state each chip shows. No cairo and no Pango: the text and the drawing
 * keep their own arrays, parallel to these.
 */
#pragma once

#include <glib.h>

#include "portolan-catalogue.h"
#include "portolan-plan.h"
#include "portolan-profile.h"
#include "portolan-state.h"

G_BEGIN_DECLS

/* How a chip is drawn, as PortolanRendererChipStyle, in the same order */
typedef enum
{
  PORTOLAN_GRAPH_CHIP_NEUTRAL,     /* no plan: the port only */
  PORTOLAN_GRAPH_CHIP_OUTSIDE,     /* not in the plan: dimmed */
  PORTOLAN_GRAPH_CHIP_OTHER_SIDE,  /* the target initiates: test from the other side */
  PORTOLAN_GRAPH_CHIP_STATE,       /* in the plan: the worst state of its checks */
} PortolanGraphChipStyle;

typedef struct _PortolanGraphArrow PortolanGraphArrow;

typedef struct
{
  PortolanRole *role;
  guint         index;      /* in the model's cards, and the layout's node */
  guint         zone;       /* in the model's zones */
  char         *hosts;      /* "10.1.2.0/24 +3", or NULL for none */
  const char   *tag;        /* "This computer", "Target", or NULL */
  gboolean      highlight;
  gboolean      in_use;     /* its feature is on */
} PortolanGraphCard;

typedef struct
{
  PortolanGraphArrow     *arrow;
  guint                   index;       /* in the model's chips, and the layout's label */
  guint                   port;        /* to sort by */
  char                   *text;        /* "8443/tcp" */
  GPtrArray              *links;       /* PortolanLink, from the catalogue */
  gboolean                in_plan;
  gboolean                other_side;

  /* From the checks as they are now: _portolan_graph_model_update_states () */
  PortolanGraphChipStyle  style;
  PortolanState           state;
} PortolanGraphChip;

struct _PortolanGraphArrow
{
  guint      from;    /* cards */
  guint      to;
  guint      index;   /* in the model's arrows, and the layout's edge */
  GPtrArray *chips;   /* PortolanGraphChip, by port */
};

typedef struct
{
  PortolanCatalogue *catalogue;
  PortolanProfile   *profile;      /* whose hosts and ports; nullable */
  PortolanPlan      *plan;         /* nullable */
  GPtrArray         *zone_names;   /* const char *, NULL for the roles in no zone of the catalogue */
  GArray            *cards;        /* PortolanGraphCard, in the catalogue's order */
  GPtrArray         *arrows;       /* PortolanGraphArrow */
  GPtrArray         *chips;        /* PortolanGraphChip, arrow by arrow */
  GPtrArray         *check_chips;  /* for each check of the plan, its chip or NULL */
  GHashTable        *card_index;   /* role id → index + 1 */
  GHashTable        *arrow_index;  /* cards from, to → arrow */
} PortolanGraphModel;

/* The order the legend and the tooltips list the states in */
extern const PortolanState _portolan_graph_legend_states[];
#define PORTOLAN_GRAPH_N_LEGEND_STATES 10

PortolanGraphModel *_portolan_graph_model_new           (PortolanCatalogue        *catalogue,
                                                         PortolanProfile          *profile,
                                                         PortolanPlan             *plan);
void                _portolan_graph_model_free          (PortolanGraphModel       *model);

void                _portolan_graph_model_update_states (PortolanGraphModel       *model);

PortolanGraphCard  *_portolan_graph_model_get_card      (PortolanGraphModel       *model,
                                                         guint                     index);
PortolanGraphCard  *_portolan_graph_model_find_card     (PortolanGraphModel       *model,
                                                         const char               *role_id);
PortolanGraphArrow *_portolan_graph_model_find_arrow    (PortolanGraphModel       *model,
                                                         const char               *from,
                                                         const char               *to);
PortolanGraphChip  *_portolan_graph_model_find_chip     (PortolanGraphModel       *model,
                                                         PortolanLink             *link,
                                                         const char               *from,
                                                         const char               *to);
PortolanGraphArrow *_portolan_graph_model_find_reverse  (PortolanGraphModel       *model,
                                                         const PortolanGraphArrow *arrow);
GPtrArray          *_portolan_graph_model_list_checks   (PortolanGraphModel       *model,
                                                         const PortolanGraphChip  *chip);
void                _portolan_graph_model_count_states  (PortolanGraphModel       *model,
                                                         GPtrArray                *chips,
                                                         guint                    *counts);

PortolanGraphChip  *_portolan_graph_arrow_find_chip     (PortolanGraphArrow       *arrow,
                                                         PortolanLink             *link);
void                _portolan_graph_arrow_get_style     (const PortolanGraphArrow *arrow,
                                                         PortolanGraphChipStyle   *style,
                                                         PortolanState            *state);
const char         *_portolan_graph_arrow_get_from      (PortolanGraphModel       *model,
                                                         const PortolanGraphArrow *arrow);
const char         *_portolan_graph_arrow_get_to        (PortolanGraphModel       *model,
                                                         const PortolanGraphArrow *arrow);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PortolanGraphModel, _portolan_graph_model_free)

G_END_DECLS
