/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-renderer.h: the topology graph, drawn with cairo for the window and the reports */
#pragma once

#include <cairo.h>
#include <glib-object.h>

#include "portolan-catalogue.h"
#include "portolan-plan.h"
#include "portolan-profile.h"
#include "portolan-state.h"

G_BEGIN_DECLS

typedef enum
{
  PORTOLAN_RENDERER_HIT_NONE,
  PORTOLAN_RENDERER_HIT_ROLE,         /* a role's card */
  PORTOLAN_RENDERER_HIT_LINK_BUNDLE,  /* the arrow from one role to another */
  PORTOLAN_RENDERER_HIT_CHIP,         /* one port chip on such an arrow */
} PortolanRendererHitKind;

/* Something drawn: what a click found, what is selected, or an item of
 * the layout. Owns its strings: clear or free it. */
typedef struct
{
  PortolanRendererHitKind  kind;
  char                    *role_id;   /* ROLE */
  char                    *from;      /* LINK_BUNDLE, CHIP: the initiator */
  char                    *to;        /* LINK_BUNDLE, CHIP: the listener */
  GStrv                    link_ids;  /* LINK_BUNDLE, CHIP: the links it stands for */
  char                    *label;     /* CHIP: "8443/tcp" */
  double                   x;         /* its bounds in the last layout */
  double                   y;
  double                   width;
  double                   height;
} PortolanRendererHit;

/* How a chip is drawn */
typedef enum
{
  PORTOLAN_RENDERER_CHIP_NEUTRAL,     /* no plan: the port only */
  PORTOLAN_RENDERER_CHIP_OUTSIDE,     /* not in the plan: dimmed */
  PORTOLAN_RENDERER_CHIP_OTHER_SIDE,  /* the target initiates: test from the other side, dashed */
  PORTOLAN_RENDERER_CHIP_STATE,       /* in the plan: the worst state of its checks */
} PortolanRendererChipStyle;

typedef struct
{
  double red;
  double green;
  double blue;
  double alpha;
} PortolanRendererColor;

#define PORTOLAN_TYPE_RENDERER_HIT (portolan_renderer_hit_get_type ())

GType                      portolan_renderer_hit_get_type   (void) G_GNUC_CONST;
PortolanRendererHit       *portolan_renderer_hit_copy       (const PortolanRendererHit *hit);
void                       portolan_renderer_hit_free       (PortolanRendererHit       *hit);
void                       portolan_renderer_hit_clear      (PortolanRendererHit       *hit);
gboolean                   portolan_renderer_hit_equal      (const PortolanRendererHit *a,
                                                             const PortolanRendererHit *b);

#define PORTOLAN_TYPE_RENDERER (portolan_renderer_get_type ())

G_DECLARE_FINAL_TYPE (PortolanRenderer, portolan_renderer, PORTOLAN, RENDERER, GObject)

PortolanRenderer          *portolan_renderer_new            (PortolanCatalogue         *catalogue);
PortolanCatalogue         *portolan_renderer_get_catalogue  (PortolanRenderer          *self);

void                       portolan_renderer_set_profile    (PortolanRenderer          *self,
                                                             PortolanProfile           *profile);
PortolanProfile           *portolan_renderer_get_profile    (PortolanRenderer          *self);
void                       portolan_renderer_set_plan       (PortolanRenderer          *self,
                                                             PortolanPlan              *plan);
PortolanPlan              *portolan_renderer_get_plan       (PortolanRenderer          *self);
void                       portolan_renderer_set_dark       (PortolanRenderer          *self,
                                                             gboolean                   dark);
gboolean                   portolan_renderer_get_dark       (PortolanRenderer          *self);
void                       portolan_renderer_set_selection  (PortolanRenderer          *self,
                                                             const PortolanRendererHit *hit);
const PortolanRendererHit *portolan_renderer_get_selection  (PortolanRenderer          *self);

void                       portolan_renderer_layout         (PortolanRenderer          *self,
                                                             double                     width,
                                                             double                     height);
void                       portolan_renderer_draw           (PortolanRenderer          *self,
                                                             cairo_t                   *cr,
                                                             double                     width,
                                                             double                     height);
double                     portolan_renderer_get_font_size  (PortolanRenderer          *self);

gboolean                   portolan_renderer_hit_test       (PortolanRenderer          *self,
                                                             double                     x,
                                                             double                     y,
                                                             PortolanRendererHit       *hit);
GPtrArray                 *portolan_renderer_list_hits      (PortolanRenderer          *self,
                                                             PortolanRendererHitKind    kind);
char                      *portolan_renderer_describe       (PortolanRenderer          *self,
                                                             const PortolanRendererHit *hit);

gboolean                   portolan_renderer_get_chip_state (PortolanRenderer          *self,
                                                             const char                *link_id,
                                                             const char                *from,
                                                             const char                *to,
                                                             PortolanRendererChipStyle *style,
                                                             PortolanState             *state);
void                       portolan_renderer_get_state_color (PortolanRenderer         *self,
                                                              PortolanState             state,
                                                              PortolanRendererColor    *color);
void                       portolan_renderer_get_background (PortolanRenderer          *self,
                                                             PortolanRendererColor     *color);
void                       portolan_renderer_draw_state_chip (PortolanRenderer         *self,
                                                              cairo_t                  *cr,
                                                              PortolanState             state,
                                                              double                    x,
                                                              double                    y,
                                                              double                    width,
                                                              double                    height);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PortolanRendererHit, portolan_renderer_hit_free)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PortolanRendererHit, portolan_renderer_hit_clear)

G_END_DECLS
