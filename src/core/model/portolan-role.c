/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-role.c */
#include "config.h"

#include "portolan-catalogue-private.h"

struct _PortolanRole
{
  GObject           parent_instance;

  char             *id;
  char             *name;
  char             *description;
  PortolanRoleKind  kind;
  char             *zone;
  double            x;
  double            y;
  char            **default_hosts;
  char             *feature;
};

G_DEFINE_FINAL_TYPE (PortolanRole, portolan_role, G_TYPE_OBJECT)

static const char * const kind_names[] = {
  [PORTOLAN_ROLE_KIND_SERVER] = "server",
  [PORTOLAN_ROLE_KIND_CLIENT] = "client",
  [PORTOLAN_ROLE_KIND_DEVICE] = "device",
  [PORTOLAN_ROLE_KIND_DATABASE] = "database",
  [PORTOLAN_ROLE_KIND_DIRECTORY] = "directory",
  [PORTOLAN_ROLE_KIND_CLOUD] = "cloud",
  [PORTOLAN_ROLE_KIND_GATEWAY] = "gateway",
};

const char *
portolan_role_kind_to_string (PortolanRoleKind kind)
{
  g_return_val_if_fail (kind < G_N_ELEMENTS (kind_names), NULL);

  return kind_names[kind];
}

gboolean
portolan_role_kind_from_string (const char       *name,
                                PortolanRoleKind *kind)
{
  guint index;

  if (!_portolan_name_lookup (kind_names, G_N_ELEMENTS (kind_names), name, &index))
    return FALSE;

  *kind = index;
  return TRUE;
}

char *
_portolan_role_kind_list (void)
{
  return _portolan_name_join (kind_names, G_N_ELEMENTS (kind_names));
}

static void
portolan_role_finalize (GObject *object)
{
  PortolanRole *self = (PortolanRole *)object;

  g_free (self->id);
  g_free (self->name);
  g_free (self->description);
  g_free (self->zone);
  g_strfreev (self->default_hosts);
  g_free (self->feature);

  G_OBJECT_CLASS (portolan_role_parent_class)->finalize (object);
}

static void
portolan_role_class_init (PortolanRoleClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = portolan_role_finalize;
}

static void
portolan_role_init (PortolanRole *self)
{
}

PortolanRole *
_portolan_role_new (const char         *id,
                    const char         *name,
                    const char         *description,
                    PortolanRoleKind    kind,
                    const char         *zone,
                    double              x,
                    double              y,
                    const char * const *default_hosts,
                    const char         *feature)
{
  PortolanRole *self = g_object_new (PORTOLAN_TYPE_ROLE, NULL);

  self->id = g_strdup (id);
  self->name = g_strdup (name);
  self->description = g_strdup (description);
  self->kind = kind;
  self->zone = g_strdup (zone);
  self->x = x;
  self->y = y;
  self->default_hosts = g_strdupv ((char **) default_hosts);
  self->feature = g_strdup (feature);

  return self;
}

const char *
portolan_role_get_id (PortolanRole *self)
{
  g_return_val_if_fail (PORTOLAN_IS_ROLE (self), NULL);

  return self->id;
}

const char *
portolan_role_get_name (PortolanRole *self)
{
  g_return_val_if_fail (PORTOLAN_IS_ROLE (self), NULL);

  return self->name;
}

const char *
portolan_role_get_description (PortolanRole *self)
{
  g_return_val_if_fail (PORTOLAN_IS_ROLE (self), NULL);

  return self->description;
}

PortolanRoleKind
portolan_role_get_kind (PortolanRole *self)
{
  g_return_val_if_fail (PORTOLAN_IS_ROLE (self), 0);

  return self->kind;
}

const char *
portolan_role_get_zone (PortolanRole *self)
{
  g_return_val_if_fail (PORTOLAN_IS_ROLE (self), NULL);

  return self->zone;
}

/**
 * portolan_role_get_position:
 *
 * The role's place in the topology graph, each coordinate from 0 to 1
 * across the drawing area.
 */
void
portolan_role_get_position (PortolanRole *self,
                            double       *x,
                            double       *y)
{
  g_return_if_fail (PORTOLAN_IS_ROLE (self));

  if (x != NULL)
    *x = self->x;
  if (y != NULL)
    *y = self->y;
}

/**
 * portolan_role_get_default_hosts:
 *
 * The hosts a role has before the profile names any: the public host
 * names of IGEL's cloud services, nothing for roles inside the network.
 */
const char * const *
portolan_role_get_default_hosts (PortolanRole *self)
{
  g_return_val_if_fail (PORTOLAN_IS_ROLE (self), NULL);

  return (const char * const *) self->default_hosts;
}

/**
 * portolan_role_get_feature:
 *
 * The feature without which the role does not take part in the
 * installation (the Derby database needs the "derby" feature), or %NULL
 * for roles that are always there.
 */
const char *
portolan_role_get_feature (PortolanRole *self)
{
  g_return_val_if_fail (PORTOLAN_IS_ROLE (self), NULL);

  return self->feature;
}
