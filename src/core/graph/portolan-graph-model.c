/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-graph-model.c
 *
 * The graph as things, not pixels: a card per role of the catalogue, an
 * arrow per pair of roles that a link joins (from initiator to listener),
 * and on each arrow a chip per port, standing for every link of that
 * pair with that port. With a plan, each check feeds the chip of its
 * link and pair, and a chip shows the worst state of its checks, by
 * portolan_state_compare_severity (); the links the target initiates
 * towards this computer are marked to be tested from the other side.
 *
 * The structure follows the catalogue, profile and plan, and is built
 * again when one changes; the states are read from the checks whenever
 * they are asked for, as they change during a run.
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "portolan-graph-model-private.h"

#define DYNAMIC_PORT 65536

const PortolanState _portolan_graph_legend_states[] = {
  PORTOLAN_STATE_VERIFIED,
  PORTOLAN_STATE_OPEN,
  PORTOLAN_STATE_UNVERIFIED,
  PORTOLAN_STATE_WARNING,
  PORTOLAN_STATE_CLOSED,
  PORTOLAN_STATE_FILTERED,
  PORTOLAN_STATE_UNREACHABLE,
  PORTOLAN_STATE_PENDING,
  PORTOLAN_STATE_SKIPPED,
  PORTOLAN_STATE_CANCELLED,
};

G_STATIC_ASSERT (G_N_ELEMENTS (_portolan_graph_legend_states) == PORTOLAN_GRAPH_N_LEGEND_STATES);

static void
card_clear (PortolanGraphCard *card)
{
  g_clear_pointer (&card->hosts, g_free);
}

static void
chip_free (PortolanGraphChip *chip)
{
  g_free (chip->text);
  g_ptr_array_unref (chip->links);
  g_free (chip);
}

static void
arrow_free (PortolanGraphArrow *arrow)
{
  g_ptr_array_unref (arrow->chips);
  g_free (arrow);
}

static char *
format_hosts (PortolanProfile *profile,
              PortolanRole    *role)
{
  const char * const *hosts = NULL;
  guint n;

  if (profile != NULL)
    hosts = portolan_profile_get_hosts (profile, portolan_role_get_id (role));
  if (hosts == NULL)
    hosts = portolan_role_get_default_hosts (role);

  n = hosts != NULL ? g_strv_length ((char **) hosts) : 0;
  if (n == 0)
    return NULL;
  if (n == 1)
    return g_strdup (hosts[0]);

  /* Translators: the first host of a role and how many more there are, "10.1.2.0/24 +3" */
  return g_strdup_printf (_("%s +%u"), hosts[0], n - 1);
}

/* The port as the chip shows it, with the profile's override */
static char *
format_port (PortolanProfile *profile,
             PortolanLink    *link,
             guint           *sort_key)
{
  PortolanProtocol protocols = portolan_link_get_protocols (link);
  guint port;

  if (portolan_link_is_dynamic (link))
    {
      *sort_key = DYNAMIC_PORT + protocols;
      return portolan_link_format_port (link);
    }

  port = profile != NULL ? portolan_profile_get_port (profile, link) : portolan_link_get_port (link);
  *sort_key = port * 4 + protocols;

  return g_strdup_printf ("%u/%s%s%s", port,
                          protocols & PORTOLAN_PROTOCOL_TCP ? "tcp" : "",
                          (protocols & PORTOLAN_PROTOCOL_TCP) && (protocols & PORTOLAN_PROTOCOL_UDP) ? "+" : "",
                          protocols & PORTOLAN_PROTOCOL_UDP ? "udp" : "");
}

static int
card_index (PortolanGraphModel *model,
            const char         *role_id)
{
  gpointer value = role_id != NULL ? g_hash_table_lookup (model->card_index, role_id) : NULL;

  return value != NULL ? GPOINTER_TO_INT (value) - 1 : -1;
}

static inline gpointer
arrow_key (int from,
           int to)
{
  return GUINT_TO_POINTER (((guint) from << 16 | (guint) to) + 1);
}

static PortolanGraphArrow *
arrow_between (PortolanGraphModel *model,
               int                 from,
               int                 to)
{
  if (from < 0 || to < 0)
    return NULL;

  return g_hash_table_lookup (model->arrow_index, arrow_key (from, to));
}

static int
compare_chips (gconstpointer a,
               gconstpointer b)
{
  const PortolanGraphChip *ca = *(const PortolanGraphChip * const *) a;
  const PortolanGraphChip *cb = *(const PortolanGraphChip * const *) b;

  return ca->port < cb->port ? -1 : ca->port > cb->port;
}

static void
add_link (PortolanGraphModel *model,
          PortolanLink       *link,
          int                 from,
          int                 to)
{
  PortolanGraphArrow *arrow = arrow_between (model, from, to);
  g_autofree char *text = NULL;
  guint sort_key;
  PortolanGraphChip *chip = NULL;

  if (arrow == NULL)
    {
      arrow = g_new0 (PortolanGraphArrow, 1);
      arrow->from = from;
      arrow->to = to;
      arrow->chips = g_ptr_array_new ();
      g_ptr_array_add (model->arrows, arrow);
      g_hash_table_insert (model->arrow_index, arrow_key (from, to), arrow);
    }

  text = format_port (model->profile, link, &sort_key);
  for (guint c = 0; c < arrow->chips->len && chip == NULL; c++)
    if (g_str_equal (((PortolanGraphChip *) g_ptr_array_index (arrow->chips, c))->text, text))
      chip = g_ptr_array_index (arrow->chips, c);

  if (chip == NULL)
    {
      chip = g_new0 (PortolanGraphChip, 1);
      chip->arrow = arrow;
      chip->port = sort_key;
      chip->text = g_steal_pointer (&text);
      chip->links = g_ptr_array_new ();
      g_ptr_array_add (arrow->chips, chip);
    }

  if (!g_ptr_array_find (chip->links, link, NULL))
    g_ptr_array_add (chip->links, link);
}

static gboolean
plan_targets (PortolanPlan *plan,
              const char   *role_id)
{
  const char *target = portolan_plan_get_target (plan);

  return g_str_equal (target, PORTOLAN_TARGET_ALL) || g_str_equal (target, role_id);
}

static void
add_cards (PortolanGraphModel *model)
{
  GPtrArray *roles = portolan_catalogue_get_roles (model->catalogue);
  GPtrArray *zones = portolan_catalogue_get_zones (model->catalogue);

  for (guint z = 0; z < zones->len; z++)
    g_ptr_array_add (model->zone_names, ((PortolanZone *) g_ptr_array_index (zones, z))->name);

  for (guint r = 0; r < roles->len; r++)
    {
      PortolanRole *role = g_ptr_array_index (roles, r);
      const char *feature = portolan_role_get_feature (role);
      PortolanGraphCard card = { 0 };
      guint zone;

      card.role = role;
      card.index = r;
      card.hosts = format_hosts (model->profile, role);
      card.in_use = model->profile == NULL || feature == NULL || portolan_profile_has_feature (model->profile, feature);

      for (zone = 0; zone < zones->len; zone++)
        if (g_strcmp0 (((const PortolanZone *) g_ptr_array_index (zones, zone))->id,
                       portolan_role_get_zone (role)) == 0)
          break;
      card.zone = zone;

      g_array_append_val (model->cards, card);
      g_hash_table_insert (model->card_index, (gpointer) portolan_role_get_id (role), GINT_TO_POINTER (r + 1));
    }

  /* Zones the catalogue does not name go together, unnamed */
  for (guint c = 0; c < model->cards->len; c++)
    if (g_array_index (model->cards, PortolanGraphCard, c).zone == zones->len && model->zone_names->len == zones->len)
      g_ptr_array_add (model->zone_names, NULL);
}

static void
add_arrows (PortolanGraphModel *model)
{
  GPtrArray *links = portolan_catalogue_get_links (model->catalogue);

  for (guint l = 0; l < links->len; l++)
    {
      PortolanLink *link = g_ptr_array_index (links, l);
      const char * const *initiators = portolan_link_get_initiators (link);
      const char * const *listeners = portolan_link_get_listeners (link);

      for (guint i = 0; initiators[i] != NULL; i++)
        for (guint j = 0; listeners[j] != NULL; j++)
          {
            int from = card_index (model, initiators[i]);
            int to = card_index (model, listeners[j]);

            if (from >= 0 && to >= 0)
              add_link (model, link, from, to);
          }
    }

  for (guint a = 0; a < model->arrows->len; a++)
    {
      PortolanGraphArrow *arrow = g_ptr_array_index (model->arrows, a);

      arrow->index = a;
      g_ptr_array_sort (arrow->chips, compare_chips);
      for (guint c = 0; c < arrow->chips->len; c++)
        {
          PortolanGraphChip *chip = g_ptr_array_index (arrow->chips, c);

          chip->index = model->chips->len;
          g_ptr_array_add (model->chips, chip);
        }
    }
}

static void
apply_plan (PortolanGraphModel *model)
{
  GPtrArray *checks = portolan_plan_get_checks (model->plan);
  GPtrArray *other_side = portolan_plan_get_other_side (model->plan);
  const char *source = portolan_plan_get_source (model->plan);
  const char *target = portolan_plan_get_target (model->plan);
  int source_card = card_index (model, source);
  gboolean all = g_str_equal (target, PORTOLAN_TARGET_ALL);

  for (guint i = 0; i < checks->len; i++)
    {
      PortolanCheck *check = g_ptr_array_index (checks, i);
      int from = card_index (model, portolan_check_get_from (check));
      int to = card_index (model, portolan_check_get_to (check));
      PortolanGraphChip *chip = _portolan_graph_arrow_find_chip (arrow_between (model, from, to),
                                                                 portolan_check_get_link (check));

      g_ptr_array_add (model->check_chips, chip);
      if (chip != NULL)
        chip->in_plan = TRUE;

      /* With every role as the target, the roles actually checked */
      if (all && to >= 0 && portolan_check_get_state (check) != PORTOLAN_STATE_SKIPPED)
        g_array_index (model->cards, PortolanGraphCard, to).highlight = TRUE;
    }

  for (guint i = 0; i < other_side->len; i++)
    {
      PortolanLink *link = g_ptr_array_index (other_side, i);
      const char * const *initiators = portolan_link_get_initiators (link);

      for (guint n = 0; initiators[n] != NULL; n++)
        if (plan_targets (model->plan, initiators[n]) && !g_str_equal (initiators[n], source))
          {
            PortolanGraphArrow *arrow = arrow_between (model, card_index (model, initiators[n]), source_card);
            PortolanGraphChip *chip = _portolan_graph_arrow_find_chip (arrow, link);

            if (chip != NULL)
              chip->other_side = TRUE;
          }
    }

  if (source_card >= 0)
    {
      PortolanGraphCard *card = &g_array_index (model->cards, PortolanGraphCard, source_card);

      card->highlight = TRUE;
      card->tag = _("This computer");
    }

  if (!all && card_index (model, target) >= 0 && card_index (model, target) != source_card)
    {
      PortolanGraphCard *card = &g_array_index (model->cards, PortolanGraphCard, card_index (model, target));

      card->highlight = TRUE;
      card->tag = _("Target");
    }
}

/**
 * _portolan_graph_model_new:
 * @profile: (nullable): whose hosts and ports the cards and chips show;
 *   without one, the plan's profile, or the catalogue's defaults
 * @plan: (nullable): the checks that colour the chips
 *
 * The cards, arrows and chips for a catalogue, as a profile and a plan
 * see it. The chips show no state until _portolan_graph_model_update_states ().
 */
PortolanGraphModel *
_portolan_graph_model_new (PortolanCatalogue *catalogue,
                           PortolanProfile   *profile,
                           PortolanPlan      *plan)
{
  PortolanGraphModel *model;

  g_return_val_if_fail (PORTOLAN_IS_CATALOGUE (catalogue), NULL);
  g_return_val_if_fail (profile == NULL || PORTOLAN_IS_PROFILE (profile), NULL);
  g_return_val_if_fail (plan == NULL || PORTOLAN_IS_PLAN (plan), NULL);

  if (profile == NULL && plan != NULL)
    profile = portolan_plan_get_profile (plan);

  model = g_new0 (PortolanGraphModel, 1);
  model->catalogue = g_object_ref (catalogue);
  model->profile = profile != NULL ? g_object_ref (profile) : NULL;
  model->plan = plan != NULL ? g_object_ref (plan) : NULL;
  model->zone_names = g_ptr_array_new ();
  model->cards = g_array_new (FALSE, TRUE, sizeof (PortolanGraphCard));
  g_array_set_clear_func (model->cards, (GDestroyNotify) card_clear);
  model->arrows = g_ptr_array_new_with_free_func ((GDestroyNotify) arrow_free);
  model->chips = g_ptr_array_new_with_free_func ((GDestroyNotify) chip_free);
  model->check_chips = g_ptr_array_new ();
  model->card_index = g_hash_table_new (g_str_hash, g_str_equal);
  model->arrow_index = g_hash_table_new (NULL, NULL);

  add_cards (model);
  add_arrows (model);
  if (model->plan != NULL)
    apply_plan (model);

  return model;
}

void
_portolan_graph_model_free (PortolanGraphModel *model)
{
  if (model == NULL)
    return;

  g_ptr_array_unref (model->check_chips);
  g_ptr_array_unref (model->chips);
  g_ptr_array_unref (model->arrows);
  g_array_unref (model->cards);
  g_ptr_array_unref (model->zone_names);
  g_hash_table_unref (model->card_index);
  g_hash_table_unref (model->arrow_index);
  g_clear_object (&model->plan);
  g_clear_object (&model->profile);
  g_clear_object (&model->catalogue);
  g_free (model);
}

/**
 * _portolan_graph_model_update_states:
 *
 * Sets the style and state of every chip from the checks as they are now.
 */
void
_portolan_graph_model_update_states (PortolanGraphModel *model)
{
  GPtrArray *checks;

  for (guint c = 0; c < model->chips->len; c++)
    {
      PortolanGraphChip *chip = g_ptr_array_index (model->chips, c);

      chip->state = PORTOLAN_STATE_SKIPPED;
      if (model->plan == NULL)
        chip->style = PORTOLAN_GRAPH_CHIP_NEUTRAL;
      else if (chip->in_plan)
        chip->style = PORTOLAN_GRAPH_CHIP_STATE;
      else if (chip->other_side)
        chip->style = PORTOLAN_GRAPH_CHIP_OTHER_SIDE;
      else
        chip->style = PORTOLAN_GRAPH_CHIP_OUTSIDE;
    }

  if (model->plan == NULL)
    return;

  checks = portolan_plan_get_checks (model->plan);
  for (guint i = 0; i < checks->len && i < model->check_chips->len; i++)
    {
      PortolanGraphChip *chip = g_ptr_array_index (model->check_chips, i);
      PortolanState state = portolan_check_get_state (g_ptr_array_index (checks, i));

      if (chip != NULL && portolan_state_compare_severity (state, chip->state) > 0)
        chip->state = state;
    }
}

PortolanGraphCard *
_portolan_graph_model_get_card (PortolanGraphModel *model,
                                guint               index)
{
  g_return_val_if_fail (index < model->cards->len, NULL);

  return &g_array_index (model->cards, PortolanGraphCard, index);
}

/* Returns: (nullable): the card of a role */
PortolanGraphCard *
_portolan_graph_model_find_card (PortolanGraphModel *model,
                                 const char         *role_id)
{
  int index = card_index (model, role_id);

  return index >= 0 ? _portolan_graph_model_get_card (model, index) : NULL;
}

/* Returns: (nullable): the arrow from one role to another */
PortolanGraphArrow *
_portolan_graph_model_find_arrow (PortolanGraphModel *model,
                                  const char         *from,
                                  const char         *to)
{
  return arrow_between (model, card_index (model, from), card_index (model, to));
}

/**
 * _portolan_graph_model_find_chip:
 * @from: (nullable): the initiator, or %NULL for any
 * @to: (nullable): the listener, or %NULL for any
 *
 * Returns: (nullable): the first chip that stands for @link
 */
PortolanGraphChip *
_portolan_graph_model_find_chip (PortolanGraphModel *model,
                                 PortolanLink       *link,
                                 const char         *from,
                                 const char         *to)
{
  for (guint a = 0; a < model->arrows->len; a++)
    {
      PortolanGraphArrow *arrow = g_ptr_array_index (model->arrows, a);
      PortolanGraphChip *chip;

      if ((from != NULL && arrow->from != (guint) card_index (model, from)) ||
          (to != NULL && arrow->to != (guint) card_index (model, to)))
        continue;

      chip = _portolan_graph_arrow_find_chip (arrow, link);
      if (chip != NULL)
        return chip;
    }

  return NULL;
}

/* Returns: (nullable): the arrow between the same two roles, the other way */
PortolanGraphArrow *
_portolan_graph_model_find_reverse (PortolanGraphModel       *model,
                                    const PortolanGraphArrow *arrow)
{
  return arrow_between (model, arrow->to, arrow->from);
}

/**
 * _portolan_graph_model_list_checks:
 *
 * Returns: (transfer container) (element-type PortolanCheck): the checks
 *   of the plan that feed a chip, in the plan's order
 */
GPtrArray *
_portolan_graph_model_list_checks (PortolanGraphModel      *model,
                                   const PortolanGraphChip *chip)
{
  GPtrArray *list = g_ptr_array_new ();
  GPtrArray *checks;

  if (model->plan == NULL)
    return list;

  checks = portolan_plan_get_checks (model->plan);
  for (guint i = 0; i < checks->len && i < model->check_chips->len; i++)
    if (g_ptr_array_index (model->check_chips, i) == chip)
      g_ptr_array_add (list, g_ptr_array_index (checks, i));

  return list;
}

/**
 * _portolan_graph_model_count_states:
 * @chips: (element-type PortolanGraphChip): some chips of the model
 * @counts: (array fixed-size=PORTOLAN_N_STATES) (out caller-allocates):
 *   how many of the checks feeding @chips are in each state
 */
void
_portolan_graph_model_count_states (PortolanGraphModel *model,
                                    GPtrArray          *chips,
                                    guint              *counts)
{
  GPtrArray *checks;

  memset (counts, 0, PORTOLAN_N_STATES * sizeof *counts);
  if (model->plan == NULL)
    return;

  checks = portolan_plan_get_checks (model->plan);
  for (guint i = 0; i < checks->len && i < model->check_chips->len; i++)
    if (g_ptr_array_find (chips, g_ptr_array_index (model->check_chips, i), NULL))
      counts[portolan_check_get_state (g_ptr_array_index (checks, i))]++;
}

/* Returns: (nullable): the chip of an arrow that stands for @link */
PortolanGraphChip *
_portolan_graph_arrow_find_chip (PortolanGraphArrow *arrow,
                                 PortolanLink       *link)
{
  if (arrow == NULL)
    return NULL;

  for (guint c = 0; c < arrow->chips->len; c++)
    {
      PortolanGraphChip *chip = g_ptr_array_index (arrow->chips, c);

      if (g_ptr_array_find (chip->links, link, NULL))
        return chip;
    }

  return NULL;
}

/**
 * _portolan_graph_arrow_get_style:
 *
 * The state an arrow shows: the worst of its chips in the plan; without
 * any, the most telling style of its chips.
 */
void
_portolan_graph_arrow_get_style (const PortolanGraphArrow *arrow,
                                 PortolanGraphChipStyle   *style,
                                 PortolanState            *state)
{
  *style = PORTOLAN_GRAPH_CHIP_NEUTRAL;
  *state = PORTOLAN_STATE_SKIPPED;

  for (guint c = 0; c < arrow->chips->len; c++)
    {
      PortolanGraphChip *chip = g_ptr_array_index (arrow->chips, c);

      if (chip->style == PORTOLAN_GRAPH_CHIP_STATE)
        {
          if (*style != PORTOLAN_GRAPH_CHIP_STATE || portolan_state_compare_severity (chip->state, *state) > 0)
            *state = chip->state;
          *style = PORTOLAN_GRAPH_CHIP_STATE;
        }
      else if (*style != PORTOLAN_GRAPH_CHIP_STATE && chip->style > *style)
        *style = chip->style;
    }
}

/* The role an arrow starts from */
const char *
_portolan_graph_arrow_get_from (PortolanGraphModel       *model,
                                const PortolanGraphArrow *arrow)
{
  return portolan_role_get_id (_portolan_graph_model_get_card (model, arrow->from)->role);
}

/* The role an arrow points to */
const char *
_portolan_graph_arrow_get_to (PortolanGraphModel       *model,
                              const PortolanGraphArrow *arrow)
{
  return portolan_role_get_id (_portolan_graph_model_get_card (model, arrow->to)->role);
}
