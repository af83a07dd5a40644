/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-feature.h: a UMS feature an installation uses or not */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define PORTOLAN_TYPE_FEATURE (portolan_feature_get_type ())

G_DECLARE_FINAL_TYPE (PortolanFeature, portolan_feature, PORTOLAN, FEATURE, GObject)

const char *portolan_feature_get_id          (PortolanFeature *self);
const char *portolan_feature_get_name        (PortolanFeature *self);
const char *portolan_feature_get_description (PortolanFeature *self);
const char *portolan_feature_get_group       (PortolanFeature *self);
gboolean    portolan_feature_get_default     (PortolanFeature *self);

G_END_DECLS
