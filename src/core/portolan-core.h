/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-core.h: the public API, everything the window and the command
 * line use. Headers named -private.h are the core's own and stay out. */
#pragma once

#include "portolan-catalogue.h"
#include "portolan-catalogue-json.h"
#include "portolan-check.h"
#include "portolan-feature.h"
#include "portolan-link.h"
#include "portolan-palette.h"
#include "portolan-plan.h"
#include "portolan-probe.h"
#include "portolan-profile.h"
#include "portolan-protocol.h"
#include "portolan-renderer.h"
#include "portolan-report.h"
#include "portolan-role.h"
#include "portolan-run-json.h"
#include "portolan-service-info.h"
#include "portolan-runner.h"
#include "portolan-state.h"
#include "portolan-text.h"
#include "portolan-tls-info.h"
