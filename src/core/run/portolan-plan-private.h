/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-plan-private.h: what the reports need of a plan */
#pragma once

#include "portolan-plan.h"

G_BEGIN_DECLS

/* Returns a new check standing for @check (transfer full) */
typedef PortolanCheck *(*PortolanPlanCopyFunc) (PortolanCheck *check,
                                                gpointer       user_data);

PortolanPlan *_portolan_plan_copy (PortolanPlan         *self,
                                   PortolanProfile      *profile,
                                   PortolanPlanCopyFunc  copy_check,
                                   gpointer              user_data);

G_END_DECLS
