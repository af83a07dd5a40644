/* portolan-core.h: everything the window and the command line use */
#pragma once

#include "portolan-catalogue.h"
#include "portolan-catalogue-json.h"
#include "portolan-feature.h"
#include "portolan-link.h"
#include "portolan-protocol.h"
#include "portolan-role.h"
