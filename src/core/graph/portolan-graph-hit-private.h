/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-graph-hit-private.h: what is drawn at a point, and where each thing is
 *
 * Hit tests on the layout's geometry: the chips, cards and arrows of a
 * model, where the last layout put them.
 */
#pragma once

#include "portolan-graph-layout-private.h"
#include "portolan-graph-model-private.h"
#include "portolan-renderer.h"

G_BEGIN_DECLS

gboolean   _portolan_graph_hit_test  (PortolanGraphModel      *model,
                                      PortolanGraphLayout     *layout,
                                      double                   x,
                                      double                   y,
                                      double                   tolerance,
                                      PortolanRendererHit     *hit);
GPtrArray *_portolan_graph_list_hits (PortolanGraphModel      *model,
                                      PortolanGraphLayout     *layout,
                                      PortolanRendererHitKind  kind);

G_END_DECLS
