/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-feature.c */
#include "config.h"

#include "portolan-catalogue-private.h"

struct _PortolanFeature
{
  GObject   parent_instance;

  char     *id;
  char     *name;
  char     *description;
  char     *group;
  gboolean  is_default;
};

G_DEFINE_FINAL_TYPE (PortolanFeature, portolan_feature, G_TYPE_OBJECT)

static void
portolan_feature_finalize (GObject *object)
{
  PortolanFeature *self = (PortolanFeature *)object;

  g_free (self->id);
  g_free (self->name);
  g_free (self->description);
  g_free (self->group);

  G_OBJECT_CLASS (portolan_feature_parent_class)->finalize (object);
}

static void
portolan_feature_class_init (PortolanFeatureClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = portolan_feature_finalize;
}

static void
portolan_feature_init (PortolanFeature *self)
{
}

PortolanFeature *
_portolan_feature_new (const char *id,
                       const char *name,
                       const char *description,
                       const char *group,
                       gboolean    is_default)
{
  PortolanFeature *self = g_object_new (PORTOLAN_TYPE_FEATURE, NULL);

  self->id = g_strdup (id);
  self->name = g_strdup (name);
  self->description = g_strdup (description);
  self->group = g_strdup (group);
  self->is_default = is_default;

  return self;
}

const char *
portolan_feature_get_id (PortolanFeature *self)
{
  g_return_val_if_fail (PORTOLAN_IS_FEATURE (self), NULL);

  return self->id;
}

const char *
portolan_feature_get_name (PortolanFeature *self)
{
  g_return_val_if_fail (PORTOLAN_IS_FEATURE (self), NULL);

  return self->name;
}

const char *
portolan_feature_get_description (PortolanFeature *self)
{
  g_return_val_if_fail (PORTOLAN_IS_FEATURE (self), NULL);

  return self->description;
}

const char *
portolan_feature_get_group (PortolanFeature *self)
{
  g_return_val_if_fail (PORTOLAN_IS_FEATURE (self), NULL);

  return self->group;
}

/**
 * portolan_feature_get_default:
 *
 * Whether a new profile has this feature switched on.
 */
gboolean
portolan_feature_get_default (PortolanFeature *self)
{
  g_return_val_if_fail (PORTOLAN_IS_FEATURE (self), FALSE);

  return self->is_default;
}
