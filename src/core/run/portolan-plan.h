/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-plan.h: the checks for "this computer is S, check T" */
#pragma once

#include <gio/gio.h>

#include "portolan-check.h"
#include "portolan-profile.h"

G_BEGIN_DECLS

#define PORTOLAN_PLAN_ERROR (portolan_plan_error_quark ())

typedef enum
{
  PORTOLAN_PLAN_ERROR_UNKNOWN_ROLE,
  PORTOLAN_PLAN_ERROR_HOSTS,
} PortolanPlanError;

/* The target that stands for every role */
#define PORTOLAN_TARGET_ALL "all"

#define PORTOLAN_TYPE_PLAN (portolan_plan_get_type ())

G_DECLARE_FINAL_TYPE (PortolanPlan, portolan_plan, PORTOLAN, PLAN, GObject)

GQuark           portolan_plan_error_quark    (void);

PortolanPlan    *portolan_plan_new            (PortolanProfile *profile,
                                               const char      *source,
                                               const char      *target,
                                               GError         **error);
PortolanProfile *portolan_plan_get_profile    (PortolanPlan    *self);
const char      *portolan_plan_get_source     (PortolanPlan    *self);
const char      *portolan_plan_get_target     (PortolanPlan    *self);
GPtrArray       *portolan_plan_get_checks     (PortolanPlan    *self);
GPtrArray       *portolan_plan_get_other_side (PortolanPlan    *self);
GPtrArray       *portolan_plan_get_roles_in_play (PortolanPlan *self);
guint            portolan_plan_count_probes   (PortolanPlan    *self);

G_END_DECLS
