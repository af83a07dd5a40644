/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-graph-describe-private.h: the graph in words, for tooltips and screen readers */
#pragma once

#include "portolan-graph-model-private.h"
#include "portolan-renderer.h"

G_BEGIN_DECLS

char *_portolan_graph_describe (PortolanGraphModel        *model,
                                const PortolanRendererHit *hit);

G_END_DECLS
