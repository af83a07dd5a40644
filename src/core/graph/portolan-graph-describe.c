/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-graph-describe.c
 *
 * What a card, an arrow or a chip stands for, in plain text: a role's
 * name, kind and hosts; the ports of an arrow or a chip, how many of
 * their checks are in each state, and what the links are for. It is
 * built from the model, not from what is drawn, so it says the same
 * whatever the size or the palette.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "portolan-graph-describe-private.h"

static const char *
kind_label (PortolanRoleKind kind)
{
  switch (kind)
    {
    case PORTOLAN_ROLE_KIND_SERVER: return _("Server");
    case PORTOLAN_ROLE_KIND_CLIENT: return _("Client");
    case PORTOLAN_ROLE_KIND_DEVICE: return _("Device");
    case PORTOLAN_ROLE_KIND_DATABASE: return _("Database");
    case PORTOLAN_ROLE_KIND_DIRECTORY: return _("Directory");
    case PORTOLAN_ROLE_KIND_CLOUD: return _("Cloud service");
    case PORTOLAN_ROLE_KIND_GATEWAY: return _("Gateway");
    default: return "";
    }
}

static const char *
role_name (PortolanGraphModel *model,
           const char         *role_id)
{
  PortolanRole *role = role_id != NULL ? portolan_catalogue_lookup_role (model->catalogue, role_id) : NULL;

  return role != NULL ? portolan_role_get_name (role) : role_id;
}

/* "✖ Closed 1, ○ Open 2" for the checks of some chips */
static void
append_state_counts (PortolanGraphModel *model,
                     GString            *text,
                     GPtrArray          *chips)
{
  guint counts[PORTOLAN_N_STATES];
  gboolean any = FALSE;

  _portolan_graph_model_count_states (model, chips, counts);

  for (guint s = 0; s < PORTOLAN_GRAPH_N_LEGEND_STATES; s++)
    {
      PortolanState state = _portolan_graph_legend_states[s];

      if (counts[state] == 0)
        continue;

      g_string_append_printf (text, "%s%s %s %u", any ? ", " : "", portolan_state_get_symbol (state),
                              portolan_state_get_label (state), counts[state]);
      any = TRUE;
    }
}

static char *
describe_role (PortolanGraphModel        *model,
               const PortolanRendererHit *hit)
{
  PortolanGraphCard *card = _portolan_graph_model_find_card (model, hit->role_id);
  const char * const *hosts = NULL;
  GString *text;

  if (card == NULL)
    return NULL;

  text = g_string_new (portolan_role_get_name (card->role));
  if (card->tag != NULL)
    g_string_append_printf (text, " (%s)", card->tag);
  g_string_append_printf (text, "\n%s", kind_label (portolan_role_get_kind (card->role)));

  if (model->profile != NULL)
    hosts = portolan_profile_get_hosts (model->profile, hit->role_id);
  if (hosts == NULL)
    hosts = portolan_role_get_default_hosts (card->role);
  if (hosts != NULL && hosts[0] != NULL)
    {
      g_autofree char *joined = g_strjoinv (", ", (char **) hosts);

      g_string_append_printf (text, " · %s", joined);
    }
  else
    g_string_append_printf (text, " · %s", _("no host"));

  if (!card->in_use)
    g_string_append_printf (text, "\n%s", _("Not in use in this profile"));
  g_string_append_printf (text, "\n%s", portolan_role_get_description (card->role));

  return g_string_free (text, FALSE);
}

static char *
describe_links (PortolanGraphModel        *model,
                const PortolanRendererHit *hit)
{
  PortolanGraphArrow *arrow = _portolan_graph_model_find_arrow (model, hit->from, hit->to);
  g_autoptr(GPtrArray) chips = g_ptr_array_new ();
  g_autoptr(GPtrArray) seen = g_ptr_array_new ();
  g_autoptr(GString) ports = g_string_new (NULL);
  GString *text;
  gboolean other_side = FALSE, in_plan = FALSE;

  if (arrow == NULL)
    return NULL;

  for (guint c = 0; c < arrow->chips->len; c++)
    {
      PortolanGraphChip *chip = g_ptr_array_index (arrow->chips, c);

      if (hit->kind == PORTOLAN_RENDERER_HIT_CHIP && g_strcmp0 (hit->label, chip->text) != 0)
        continue;

      g_ptr_array_add (chips, chip);
      g_string_append_printf (ports, "%s%s", chips->len > 1 ? ", " : "", chip->text);
      other_side |= chip->other_side;
      in_plan |= chip->in_plan;
    }

  text = g_string_new (NULL);
  /* Translators: the ports, the initiator and the listener: "8443/tcp: UMS Console → UMS Server" */
  g_string_append_printf (text, _("%s: %s → %s"), ports->str,
                          role_name (model, hit->from), role_name (model, hit->to));

  if (model->plan != NULL)
    {
      g_string_append_c (text, '\n');
      if (in_plan)
        append_state_counts (model, text, chips);
      else if (other_side)
        /* Translators: the role is where Portolan must run to check the link */
        g_string_append_printf (text, _("Test from the other side: run Portolan on %s"), role_name (model, hit->from));
      else
        g_string_append (text, _("Not in this check"));
    }

  for (guint c = 0; c < chips->len; c++)
    {
      PortolanGraphChip *chip = g_ptr_array_index (chips, c);

      for (guint l = 0; l < chip->links->len; l++)
        {
          PortolanLink *link = g_ptr_array_index (chip->links, l);

          if (!g_ptr_array_find (seen, link, NULL))
            {
              g_ptr_array_add (seen, link);
              g_string_append_printf (text, "\n• %s", portolan_link_get_description (link));
            }
        }
    }

  return g_string_free (text, FALSE);
}

/**
 * _portolan_graph_describe:
 *
 * A tooltip for what a hit found, from the states the model has.
 *
 * Returns: (transfer full) (nullable): plain text
 */
char *
_portolan_graph_describe (PortolanGraphModel        *model,
                          const PortolanRendererHit *hit)
{
  switch (hit->kind)
    {
    case PORTOLAN_RENDERER_HIT_ROLE:
      return describe_role (model, hit);

    case PORTOLAN_RENDERER_HIT_LINK_BUNDLE:
    case PORTOLAN_RENDERER_HIT_CHIP:
      return describe_links (model, hit);

    case PORTOLAN_RENDERER_HIT_NONE:
    default:
      return NULL;
    }
}
