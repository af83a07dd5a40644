/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-run-json.h: a run's results as machines read them */
#pragma once

#include <json-glib/json-glib.h>

#include "portolan-plan.h"

G_BEGIN_DECLS

void      portolan_check_build_json (PortolanCheck *check,
                                     JsonBuilder   *builder);
JsonNode *portolan_run_build_json   (PortolanPlan  *plan,
                                     GDateTime     *started,
                                     double         duration_ms);

G_END_DECLS
