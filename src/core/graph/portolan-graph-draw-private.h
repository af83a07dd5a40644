/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-graph-draw-private.h: the graph drawn into a cairo_t
 *
 * What the renderer hands over to draw one frame: the model with its
 * states, its text fitted, the layout for that text, a palette and what
 * is selected.
 */
#pragma once

#include <cairo.h>

#include "portolan-graph-layout-private.h"
#include "portolan-graph-model-private.h"
#include "portolan-graph-text-private.h"
#include "portolan-palette.h"
#include "portolan-renderer.h"

G_BEGIN_DECLS

typedef struct
{
  PortolanGraphModel        *model;
  PortolanGraphText         *text;
  PortolanGraphLayout       *layout;
  const PortolanPalette     *palette;
  const PortolanRendererHit *selection;  /* nullable */
} PortolanGraphScene;

void _portolan_graph_draw_scene (const PortolanGraphScene *scene,
                                 cairo_t                  *cr,
                                 double                    width,
                                 double                    height);

G_END_DECLS
