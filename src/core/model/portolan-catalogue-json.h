/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-catalogue-json.h: the catalogue as machines read it */
#pragma once

#include <json-glib/json-glib.h>

#include "portolan-catalogue.h"

G_BEGIN_DECLS

void      portolan_link_build_json      (PortolanLink      *link,
                                         JsonBuilder       *builder);
JsonNode *portolan_catalogue_build_json (PortolanCatalogue *self,
                                         GPtrArray         *links);

G_END_DECLS
