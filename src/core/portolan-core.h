/* portolan-core.h: everything the window and the command line use */
#pragma once

#include "portolan-catalogue.h"
#include "portolan-catalogue-json.h"
#include "portolan-check.h"
#include "portolan-feature.h"
#include "portolan-host-spec.h"
#include "portolan-link.h"
#include "portolan-plan.h"
#include "portolan-probe.h"
#include "portolan-profile.h"
#include "portolan-profile-json.h"
#include "portolan-protocol.h"
#include "portolan-role.h"
#include "portolan-run-json.h"
#include "portolan-runner.h"
#include "portolan-state.h"
#include "portolan-tls-info.h"
