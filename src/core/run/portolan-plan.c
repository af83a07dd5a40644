/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-plan.c
 *
 * From the catalogue, the profile and a direction, the list of checks:
 * one per link × host × protocol for the links the source initiates
 * towards the target. Nothing is dropped silently: a link whose features
 * are off, or whose role has no host, becomes a skipped check saying why;
 * a dynamic port becomes an unverified one; and a link the target
 * initiates towards the source is listed to be tested from the other
 * side.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "portolan-plan-private.h"

struct _PortolanPlan
{
  GObject          parent_instance;

  PortolanProfile *profile;
  char            *source;
  char            *target;
  GPtrArray       *checks;
  GPtrArray       *other_side;
  GPtrArray       *roles_in_play;
};

G_DEFINE_FINAL_TYPE (PortolanPlan, portolan_plan, G_TYPE_OBJECT)

G_DEFINE_QUARK (portolan-plan-error-quark, portolan_plan_error)

static void
portolan_plan_finalize (GObject *object)
{
  PortolanPlan *self = (PortolanPlan *)object;

  g_clear_object (&self->profile);
  g_free (self->source);
  g_free (self->target);
  g_clear_pointer (&self->checks, g_ptr_array_unref);
  g_clear_pointer (&self->other_side, g_ptr_array_unref);
  g_clear_pointer (&self->roles_in_play, g_ptr_array_unref);

  G_OBJECT_CLASS (portolan_plan_parent_class)->finalize (object);
}

static void
portolan_plan_class_init (PortolanPlanClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = portolan_plan_finalize;
}

static void
portolan_plan_init (PortolanPlan *self)
{
  self->checks = g_ptr_array_new_with_free_func (g_object_unref);
  self->other_side = g_ptr_array_new_with_free_func (g_object_unref);
  self->roles_in_play = g_ptr_array_new_with_free_func (g_free);
}

static const char *
feature_name (PortolanCatalogue *catalogue,
              const char        *feature_id)
{
  PortolanFeature *feature = portolan_catalogue_lookup_feature (catalogue, feature_id);

  return feature ? portolan_feature_get_name (feature) : feature_id;
}

/* Why a role does not take part, or NULL when it does */
static char *
role_out_of_use (PortolanProfile *profile,
                 PortolanRole    *role)
{
  const char *feature = portolan_role_get_feature (role);

  if (feature == NULL || portolan_profile_has_feature (profile, feature))
    return NULL;

  /* Translators: "IGEL Cloud Gateway is not in use: the feature IGEL Cloud Gateway (ICG) is off" */
  return g_strdup_printf (_("%s is not in use: the feature “%s” is off"),
                          portolan_role_get_name (role),
                          feature_name (portolan_profile_get_catalogue (profile), feature));
}

/* Why a link is not needed, or NULL when it is: any of its features on,
 * all it requires on */
static char *
link_out_of_use (PortolanProfile *profile,
                 PortolanLink    *link)
{
  PortolanCatalogue *catalogue = portolan_profile_get_catalogue (profile);
  const char * const *features = portolan_link_get_features (link);
  const char * const *requires = portolan_link_get_requires (link);
  g_autoptr(GString) names = g_string_new (NULL);
  gboolean needed = FALSE;

  for (guint i = 0; features[i] != NULL && !needed; i++)
    {
      needed = portolan_profile_has_feature (profile, features[i]);
      g_string_append_printf (names, "%s“%s”", i > 0 ? ", " : "", feature_name (catalogue, features[i]));
    }

  if (!needed)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "the feature %s is off",
                                         "the features %s are off",
                                         g_strv_length ((char **) features)),
                            names->str);

  for (guint i = 0; requires[i] != NULL; i++)
    if (!portolan_profile_has_feature (profile, requires[i]))
      return g_strdup_printf (_("only needed with “%s”, which is off"), feature_name (catalogue, requires[i]));

  return NULL;
}

/* What a check does once connected: the catalogue says it for the link's
 * TCP side, and an overridden port serves the same service */
static PortolanProbeKind
probe_kind_for (PortolanLink     *link,
                PortolanProtocol  protocol)
{
  PortolanService service = portolan_link_get_service (link);

  if (protocol == PORTOLAN_PROTOCOL_UDP)
    {
      /* Only Kerberos has a request of its own over UDP */
      if (service == PORTOLAN_SERVICE_KERBEROS)
        return PORTOLAN_PROBE_SERVICE;
      return service == PORTOLAN_SERVICE_WOL ? PORTOLAN_PROBE_WOL : PORTOLAN_PROBE_UDP;
    }

  switch (service)
    {
    case PORTOLAN_SERVICE_TLS:
      return PORTOLAN_PROBE_TLS;
    case PORTOLAN_SERVICE_HTTPS:
      return PORTOLAN_PROBE_HTTPS;
    case PORTOLAN_SERVICE_UMS_STATUS:
      return PORTOLAN_PROBE_UMS_STATUS;
    case PORTOLAN_SERVICE_UDP:
    case PORTOLAN_SERVICE_WOL:
    case PORTOLAN_N_SERVICES:
      /* The parser refuses them for a link with TCP */
      g_return_val_if_reached (PORTOLAN_PROBE_TCP);
    default:
      /* tcp too: it listens for what the server says first */
      return PORTOLAN_PROBE_SERVICE;
    }
}

static void
add_finished_check (PortolanPlan  *self,
                    PortolanLink  *link,
                    const char    *listener,
                    const char    *host,
                    PortolanState  state,
                    const char    *detail)
{
  PortolanProtocol protocols = portolan_link_get_protocols (link);

  for (PortolanProtocol p = PORTOLAN_PROTOCOL_TCP; p <= PORTOLAN_PROTOCOL_UDP; p <<= 1)
    if (protocols & p)
      {
        PortolanCheck *check = portolan_check_new (link, self->source, listener, host,
                                                   portolan_profile_get_port (self->profile, link),
                                                   p, PORTOLAN_PROBE_NONE);

        portolan_check_set_result (check, state, NULL, -1, detail, NULL);
        g_ptr_array_add (self->checks, check);
      }
}

static gboolean
add_checks_to (PortolanPlan  *self,
               PortolanLink  *link,
               PortolanRole  *listener,
               const char    *out_of_use,
               GError       **error)
{
  const char *listener_id = portolan_role_get_id (listener);
  g_autofree char *role_reason = NULL;
  g_autoptr(GPtrArray) hosts = NULL;
  g_autoptr(GError) local_error = NULL;
  PortolanProtocol protocols = portolan_link_get_protocols (link);

  if (out_of_use != NULL ||
      (role_reason = role_out_of_use (self->profile, listener)) != NULL)
    {
      add_finished_check (self, link, listener_id, NULL, PORTOLAN_STATE_SKIPPED,
                          out_of_use ? out_of_use : role_reason);
      return TRUE;
    }

  if (!g_ptr_array_find_with_equal_func (self->roles_in_play, listener_id, g_str_equal, NULL))
    g_ptr_array_add (self->roles_in_play, g_strdup (listener_id));

  hosts = portolan_profile_expand_hosts (self->profile, listener_id, &local_error);
  if (hosts == NULL)
    {
      g_set_error (error, PORTOLAN_PLAN_ERROR, PORTOLAN_PLAN_ERROR_HOSTS,
                   /* Translators: "the hosts of IGEL OS 11 Device: …" */
                   _("the hosts of %s: %s"), portolan_role_get_name (listener), local_error->message);
      return FALSE;
    }

  if (hosts->len == 0)
    {
      g_autofree char *reason = g_strdup_printf (_("no host given for %s"), portolan_role_get_name (listener));

      add_finished_check (self, link, listener_id, NULL, PORTOLAN_STATE_SKIPPED, reason);
      return TRUE;
    }

  for (guint h = 0; h < hosts->len; h++)
    {
      const char *host = g_ptr_array_index (hosts, h);

      if (portolan_link_is_dynamic (link))
        {
          /* The port is only known while the UMS talks: nothing to probe */
          g_autofree char *reason = g_strdup_printf (_("dynamic port, not known in advance: %s"),
                                                     portolan_link_get_description (link));

          add_finished_check (self, link, listener_id, host, PORTOLAN_STATE_UNVERIFIED, reason);
          continue;
        }

      for (PortolanProtocol p = PORTOLAN_PROTOCOL_TCP; p <= PORTOLAN_PROTOCOL_UDP; p <<= 1)
        if (protocols & p)
          g_ptr_array_add (self->checks,
                           portolan_check_new (link, self->source, listener_id, host,
                                               portolan_profile_get_port (self->profile, link),
                                               p, probe_kind_for (link, p)));
    }

  return TRUE;
}

static gboolean
targets (PortolanPlan *self,
         const char   *role_id)
{
  return g_str_equal (self->target, PORTOLAN_TARGET_ALL) || g_str_equal (self->target, role_id);
}

static gboolean
initiator_in_use (PortolanPlan *self,
                  const char   *role_id)
{
  PortolanCatalogue *catalogue = portolan_profile_get_catalogue (self->profile);
  g_autofree char *reason = role_out_of_use (self->profile, portolan_catalogue_lookup_role (catalogue, role_id));

  return reason == NULL;
}

static gboolean
build (PortolanPlan  *self,
       GError       **error)
{
  PortolanCatalogue *catalogue = portolan_profile_get_catalogue (self->profile);
  GPtrArray *links = portolan_catalogue_get_links (catalogue);
  PortolanRole *source = portolan_catalogue_lookup_role (catalogue, self->source);
  g_autofree char *source_reason = role_out_of_use (self->profile, source);

  for (guint i = 0; i < links->len; i++)
    {
      PortolanLink *link = g_ptr_array_index (links, i);
      const char * const *listeners = portolan_link_get_listeners (link);
      const char * const *initiators = portolan_link_get_initiators (link);
      g_autofree char *link_reason = link_out_of_use (self->profile, link);
      const char *reason = source_reason ? source_reason : link_reason;

      if (portolan_link_has_initiator (link, self->source))
        for (guint l = 0; listeners[l] != NULL; l++)
          if (targets (self, listeners[l]) &&
              !add_checks_to (self, link, portolan_catalogue_lookup_role (catalogue, listeners[l]),
                              reason, error))
            return FALSE;

      /* The target talks to this computer: only testable from there,
       * and only when the target is in use */
      if (portolan_link_has_listener (link, self->source) && reason == NULL)
        for (guint n = 0; initiators[n] != NULL; n++)
          if (targets (self, initiators[n]) && !g_str_equal (initiators[n], self->source) &&
              initiator_in_use (self, initiators[n]))
            {
              g_ptr_array_add (self->other_side, g_object_ref (link));
              break;
            }
    }

  return TRUE;
}

/**
 * portolan_plan_new:
 * @source: the role this computer plays
 * @target: the role to check, or %PORTOLAN_TARGET_ALL
 */
PortolanPlan *
portolan_plan_new (PortolanProfile  *profile,
                   const char       *source,
                   const char       *target,
                   GError          **error)
{
  PortolanCatalogue *catalogue;
  g_autoptr(PortolanPlan) self = NULL;

  g_return_val_if_fail (PORTOLAN_IS_PROFILE (profile), NULL);

  catalogue = portolan_profile_get_catalogue (profile);
  if (portolan_catalogue_lookup_role (catalogue, source) == NULL)
    {
      g_set_error (error, PORTOLAN_PLAN_ERROR, PORTOLAN_PLAN_ERROR_UNKNOWN_ROLE,
                   _("unknown source role “%s”"), source);
      return NULL;
    }
  if (!g_str_equal (target, PORTOLAN_TARGET_ALL) && portolan_catalogue_lookup_role (catalogue, target) == NULL)
    {
      g_set_error (error, PORTOLAN_PLAN_ERROR, PORTOLAN_PLAN_ERROR_UNKNOWN_ROLE,
                   _("unknown target role “%s”"), target);
      return NULL;
    }

  self = g_object_new (PORTOLAN_TYPE_PLAN, NULL);
  self->profile = g_object_ref (profile);
  self->source = g_strdup (source);
  self->target = g_strdup (target);

  if (!build (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

/*
 * _portolan_plan_copy:
 * @profile: the copy's profile, which the caller made to match @self
 * @copy_check: makes the copy of each check, with its result
 *
 * A plan of its own, as @self is now, that nothing else changes: the
 * reports read it from a worker thread while the window runs @self.
 */
PortolanPlan *
_portolan_plan_copy (PortolanPlan         *self,
                     PortolanProfile      *profile,
                     PortolanPlanCopyFunc  copy_check,
                     gpointer              user_data)
{
  PortolanPlan *copy;

  g_return_val_if_fail (PORTOLAN_IS_PLAN (self), NULL);
  g_return_val_if_fail (PORTOLAN_IS_PROFILE (profile), NULL);
  g_return_val_if_fail (copy_check != NULL, NULL);

  copy = g_object_new (PORTOLAN_TYPE_PLAN, NULL);
  copy->profile = g_object_ref (profile);
  copy->source = g_strdup (self->source);
  copy->target = g_strdup (self->target);

  for (guint i = 0; i < self->checks->len; i++)
    g_ptr_array_add (copy->checks, copy_check (g_ptr_array_index (self->checks, i), user_data));
  for (guint i = 0; i < self->other_side->len; i++)
    g_ptr_array_add (copy->other_side, g_object_ref (g_ptr_array_index (self->other_side, i)));
  for (guint i = 0; i < self->roles_in_play->len; i++)
    g_ptr_array_add (copy->roles_in_play, g_strdup (g_ptr_array_index (self->roles_in_play, i)));

  return copy;
}

PortolanProfile *
portolan_plan_get_profile (PortolanPlan *self)
{
  g_return_val_if_fail (PORTOLAN_IS_PLAN (self), NULL);

  return self->profile;
}

const char *
portolan_plan_get_source (PortolanPlan *self)
{
  g_return_val_if_fail (PORTOLAN_IS_PLAN (self), NULL);

  return self->source;
}

const char *
portolan_plan_get_target (PortolanPlan *self)
{
  g_return_val_if_fail (PORTOLAN_IS_PLAN (self), NULL);

  return self->target;
}

/**
 * portolan_plan_get_checks: (transfer none) (element-type PortolanCheck)
 *
 * Every check, in the catalogue's order: those to probe are pending,
 * the others already carry their state (skipped, unverified).
 */
GPtrArray *
portolan_plan_get_checks (PortolanPlan *self)
{
  g_return_val_if_fail (PORTOLAN_IS_PLAN (self), NULL);

  return self->checks;
}

/**
 * portolan_plan_get_other_side: (transfer none) (element-type PortolanLink)
 *
 * The links in use that the target initiates towards this computer's
 * role, which a probe from here cannot test.
 */
GPtrArray *
portolan_plan_get_other_side (PortolanPlan *self)
{
  g_return_val_if_fail (PORTOLAN_IS_PLAN (self), NULL);

  return self->other_side;
}

/**
 * portolan_plan_get_roles_in_play: (transfer none) (element-type utf8)
 *
 * The ids of the roles the plan probes, or would probe if they had
 * hosts: those whose hosts the admin must give.
 */
GPtrArray *
portolan_plan_get_roles_in_play (PortolanPlan *self)
{
  g_return_val_if_fail (PORTOLAN_IS_PLAN (self), NULL);

  return self->roles_in_play;
}

/**
 * portolan_plan_count_probes:
 *
 * How many checks need the network.
 */
guint
portolan_plan_count_probes (PortolanPlan *self)
{
  guint count = 0;

  g_return_val_if_fail (PORTOLAN_IS_PLAN (self), 0);

  for (guint i = 0; i < self->checks->len; i++)
    if (portolan_check_get_probe (g_ptr_array_index (self->checks, i)) != PORTOLAN_PROBE_NONE)
      count++;

  return count;
}
