/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-test-plans.h: catalogues, profiles and plans, built for a test or it fails */
#pragma once

#include "portolan-catalogue.h"
#include "portolan-plan.h"
#include "portolan-profile.h"

G_BEGIN_DECLS

PortolanCatalogue *portolan_test_load_builtin (void);
void               portolan_test_set_hosts    (PortolanProfile *profile,
                                               const char      *role_id,
                                               const char      *first,
                                               ...) G_GNUC_NULL_TERMINATED;
PortolanPlan      *portolan_test_new_plan     (PortolanProfile *profile,
                                               const char      *source,
                                               const char      *target);

G_END_DECLS
