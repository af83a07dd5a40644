/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-profile-json-private.h: the profile as it is saved and shared */
#pragma once

#include <json-glib/json-glib.h>

#include "portolan-profile.h"

G_BEGIN_DECLS

JsonNode *portolan_profile_build_json (PortolanProfile *self);

G_END_DECLS
