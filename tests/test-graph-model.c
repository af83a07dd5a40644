/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-graph-model.c: the graph's cards, arrows and chips, before anything is drawn
 *
 * The model is built from the built-in catalogue, a profile and a plan,
 * with no cairo surface and no fonts: this file does not even see the
 * drawing libraries. What the tests expect is worked out from the
 * catalogue's links here, not copied from the model.
 */
#include "config.h"

#include "portolan-graph-model-private.h"

/* The model needs no drawing library */
#if defined (CAIRO_H) || defined (__PANGO_H__)
#error "portolan-graph-model-private.h pulls in cairo or Pango"
#endif

#include "portolan-test-plans.h"

static PortolanCheck *
find_check (PortolanPlan *plan,
            const char   *link_id,
            guint         nth)
{
  GPtrArray *checks = portolan_plan_get_checks (plan);

  for (guint i = 0; i < checks->len; i++)
    {
      PortolanCheck *check = g_ptr_array_index (checks, i);

      if (g_str_equal (portolan_link_get_id (portolan_check_get_link (check)), link_id) && nth-- == 0)
        return check;
    }

  return NULL;
}

static PortolanGraphChip *
chip_of (PortolanGraphModel *model,
         const char         *link_id,
         const char         *from,
         const char         *to)
{
  PortolanLink *link = portolan_catalogue_lookup_link (model->catalogue, link_id);

  g_assert_nonnull (link);
  return _portolan_graph_model_find_chip (model, link, from, to);
}

static gboolean
same_port (PortolanLink *a,
           PortolanLink *b)
{
  if (portolan_link_get_protocols (a) != portolan_link_get_protocols (b))
    return FALSE;
  if (portolan_link_is_dynamic (a) || portolan_link_is_dynamic (b))
    return portolan_link_is_dynamic (a) == portolan_link_is_dynamic (b);

  return portolan_link_get_port (a) == portolan_link_get_port (b);
}

/* Cards */

static void
test_cards (void)
{
  g_autoptr(PortolanCatalogue) catalogue = portolan_test_load_builtin ();
  g_autoptr(PortolanProfile) profile = portolan_profile_new (catalogue);
  g_autoptr(PortolanGraphModel) model = NULL;
  g_autoptr(PortolanGraphModel) bare = NULL;
  GPtrArray *roles = portolan_catalogue_get_roles (catalogue);
  PortolanGraphCard *card;

  portolan_test_set_hosts (profile, "os11-device", "10.1.2.0/24", "10.1.3.0/24", "10.1.4.7", "10.1.4.8", NULL);
  portolan_test_set_hosts (profile, "ums-server", "ums.example.com", NULL);
  portolan_profile_set_feature (profile, "icg", TRUE);
  portolan_profile_set_feature (profile, "imi", FALSE);
  model = _portolan_graph_model_new (catalogue, profile, NULL);

  /* A card for every role, in the catalogue's order, in its zone */
  g_assert_cmpuint (model->cards->len, ==, roles->len);
  for (guint r = 0; r < roles->len; r++)
    {
      PortolanRole *role = g_ptr_array_index (roles, r);
      const char *feature = portolan_role_get_feature (role);
      const char *zone_name;

      card = _portolan_graph_model_get_card (model, r);
      g_assert_true (card->role == role);
      g_assert_cmpuint (card->index, ==, r);
      g_assert_true (_portolan_graph_model_find_card (model, portolan_role_get_id (role)) == card);
      g_assert_cmpuint (card->zone, <, model->zone_names->len);
      zone_name = g_ptr_array_index (model->zone_names, card->zone);
      g_assert_cmpstr (zone_name, ==, portolan_catalogue_lookup_zone (catalogue, portolan_role_get_zone (role))->name);

      /* A role is in use when its feature is */
      g_assert_cmpint (card->in_use, ==, feature == NULL || portolan_profile_has_feature (profile, feature));

      /* Nothing is highlighted or tagged without a plan */
      g_assert_false (card->highlight);
      g_assert_null (card->tag);
    }
  g_assert_null (_portolan_graph_model_find_card (model, "no-such-role"));
  g_assert_true (_portolan_graph_model_find_card (model, "icg")->in_use);
  g_assert_false (_portolan_graph_model_find_card (model, "imi-client")->in_use);

  /* The profile's hosts, the first and how many more; the catalogue's otherwise */
  g_assert_cmpstr (_portolan_graph_model_find_card (model, "os11-device")->hosts, ==, "10.1.2.0/24 +3");
  g_assert_cmpstr (_portolan_graph_model_find_card (model, "ums-server")->hosts, ==, "ums.example.com");
  g_assert_cmpstr (_portolan_graph_model_find_card (model, "igel-app-portal")->hosts, ==, "app.igel.com");
  g_assert_null (_portolan_graph_model_find_card (model, "postgresql")->hosts);

  /* Without a profile every role is in use, with the catalogue's hosts */
  bare = _portolan_graph_model_new (catalogue, NULL, NULL);
  g_assert_true (_portolan_graph_model_find_card (bare, "imi-client")->in_use);
  g_assert_null (_portolan_graph_model_find_card (bare, "os11-device")->hosts);
  g_assert_cmpstr (_portolan_graph_model_find_card (bare, "igel-app-portal")->hosts, ==, "app.igel.com");
}

/* Arrows and chips */

static void
test_arrows (void)
{
  g_autoptr(PortolanCatalogue) catalogue = portolan_test_load_builtin ();
  g_autoptr(PortolanGraphModel) model = _portolan_graph_model_new (catalogue, NULL, NULL);
  g_autoptr(GHashTable) pairs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GPtrArray *links = portolan_catalogue_get_links (catalogue);
  PortolanGraphArrow *forward;
  guint n_chips = 0;

  /* The pairs of roles that a link joins, initiator → listener */
  for (guint l = 0; l < links->len; l++)
    {
      PortolanLink *link = g_ptr_array_index (links, l);
      const char * const *initiators = portolan_link_get_initiators (link);
      const char * const *listeners = portolan_link_get_listeners (link);

      for (guint i = 0; initiators[i] != NULL; i++)
        for (guint j = 0; listeners[j] != NULL; j++)
          {
            PortolanGraphArrow *arrow = _portolan_graph_model_find_arrow (model, initiators[i], listeners[j]);
            PortolanGraphChip *chip;

            g_hash_table_add (pairs, g_strdup_printf ("%s → %s", initiators[i], listeners[j]));

            /* The link is on exactly one chip of its pair's arrow */
            g_assert_nonnull (arrow);
            chip = _portolan_graph_arrow_find_chip (arrow, link);
            g_assert_nonnull (chip);
            for (guint c = 0; c < arrow->chips->len; c++)
              {
                PortolanGraphChip *other = g_ptr_array_index (arrow->chips, c);

                g_assert_true (other == chip || !g_ptr_array_find (other->links, link, NULL));
              }
          }
    }

  /* One arrow per pair, and no arrow without a link */
  g_assert_cmpuint (model->arrows->len, ==, g_hash_table_size (pairs));
  for (guint a = 0; a < model->arrows->len; a++)
    {
      PortolanGraphArrow *arrow = g_ptr_array_index (model->arrows, a);
      const char *from = _portolan_graph_arrow_get_from (model, arrow);
      const char *to = _portolan_graph_arrow_get_to (model, arrow);
      g_autofree char *pair = g_strdup_printf ("%s → %s", from, to);

      g_assert_cmpuint (arrow->index, ==, a);
      g_assert_true (g_hash_table_contains (pairs, pair));
      g_assert_true (_portolan_graph_model_find_arrow (model, from, to) == arrow);
      g_assert_cmpuint (arrow->chips->len, >, 0);

      /* A chip per port: the links of a chip share their port, those of two chips do not */
      for (guint c = 0; c < arrow->chips->len; c++)
        {
          PortolanGraphChip *chip = g_ptr_array_index (arrow->chips, c);
          PortolanLink *first = g_ptr_array_index (chip->links, 0);

          g_assert_true (chip->arrow == arrow);
          g_assert_true (g_ptr_array_index (model->chips, chip->index) == chip);
          for (guint l = 1; l < chip->links->len; l++)
            g_assert_true (same_port (first, g_ptr_array_index (chip->links, l)));

          for (guint d = c + 1; d < arrow->chips->len; d++)
            {
              PortolanGraphChip *other = g_ptr_array_index (arrow->chips, d);

              g_assert_false (same_port (first, g_ptr_array_index (other->links, 0)));
              g_assert_cmpstr (chip->text, !=, other->text);
              /* By port */
              g_assert_cmpuint (chip->port, <, other->port);
            }
          n_chips++;
        }
    }
  g_assert_cmpuint (n_chips, ==, model->chips->len);

  /* Both directions of a pair that talk both ways, and one for the others */
  g_assert_nonnull (_portolan_graph_model_find_arrow (model, "ums-server", "os11-device"));
  g_assert_nonnull (_portolan_graph_model_find_arrow (model, "os11-device", "ums-server"));
  forward = _portolan_graph_model_find_arrow (model, "ums-server", "os11-device");
  g_assert_true (_portolan_graph_model_find_reverse (model, forward) ==
                 _portolan_graph_model_find_arrow (model, "os11-device", "ums-server"));
  g_assert_nonnull (_portolan_graph_model_find_arrow (model, "ums-server", "igel-app-portal"));
  g_assert_null (_portolan_graph_model_find_arrow (model, "igel-app-portal", "ums-server"));
  g_assert_null (_portolan_graph_model_find_arrow (model, "no-such-role", "ums-server"));

  /* Links with the same port between the same roles share a chip */
  g_assert_true (chip_of (model, "license-connection-data", NULL, NULL) ==
                 chip_of (model, "firmware-update-check", NULL, NULL));
  g_assert_cmpstr (chip_of (model, "license-connection-data", NULL, NULL)->text, ==, "443/tcp");
  g_assert_cmpuint (chip_of (model, "os11-file-transfer", "os11-device", "ums-server")->links->len, ==, 4);
  g_assert_null (chip_of (model, "os11-file-transfer", "ums-server", "os11-device"));
}

/* A port the profile moves gets its own chip */
static void
test_port_override (void)
{
  g_autoptr(PortolanCatalogue) catalogue = portolan_test_load_builtin ();
  g_autoptr(PortolanProfile) profile = portolan_profile_new (catalogue);
  g_autoptr(PortolanGraphModel) model = NULL;
  g_autoptr(GError) error = NULL;
  PortolanGraphChip *moved, *stayed;

  g_assert_true (portolan_profile_set_port_override (profile, "os11-file-transfer", 9443, &error));
  g_assert_no_error (error);
  model = _portolan_graph_model_new (catalogue, profile, NULL);

  moved = chip_of (model, "os11-file-transfer", "os11-device", "ums-server");
  stayed = chip_of (model, "os11-firmware-customization", "os11-device", "ums-server");
  g_assert_cmpstr (moved->text, ==, "9443/tcp");
  g_assert_cmpuint (moved->links->len, ==, 1);
  g_assert_cmpstr (stayed->text, ==, "8443/tcp");
  g_assert_cmpuint (stayed->links->len, ==, 3);
}

/* Checks and states */

static void
test_checks (void)
{
  g_autoptr(PortolanCatalogue) catalogue = portolan_test_load_builtin ();
  g_autoptr(PortolanProfile) profile = portolan_profile_new (catalogue);
  g_autoptr(PortolanPlan) plan = NULL;
  g_autoptr(PortolanGraphModel) model = NULL;
  GPtrArray *checks;

  portolan_test_set_hosts (profile, "os11-device", "127.0.0.1", "127.0.0.2", NULL);
  portolan_test_set_hosts (profile, "ums-server", "127.0.0.1", NULL);
  portolan_profile_set_feature (profile, "os11-devices", TRUE);
  plan = portolan_test_new_plan (profile, "ums-server", PORTOLAN_TARGET_ALL);
  model = _portolan_graph_model_new (catalogue, NULL, plan);
  checks = portolan_plan_get_checks (plan);

  /* The plan's profile stands in for a missing one */
  g_assert_true (model->profile == profile);
  g_assert_cmpuint (checks->len, >, 0);
  g_assert_cmpuint (model->check_chips->len, ==, checks->len);

  /* Every check feeds the chip of its link on the arrow of its pair */
  for (guint i = 0; i < checks->len; i++)
    {
      PortolanCheck *check = g_ptr_array_index (checks, i);
      PortolanGraphChip *chip = g_ptr_array_index (model->check_chips, i);
      PortolanGraphArrow *arrow = _portolan_graph_model_find_arrow (model, portolan_check_get_from (check),
                                                                    portolan_check_get_to (check));
      g_autoptr(GPtrArray) fed = NULL;

      g_assert_nonnull (chip);
      g_assert_true (chip->arrow == arrow);
      g_assert_true (g_ptr_array_find (chip->links, portolan_check_get_link (check), NULL));
      g_assert_true (chip->in_plan);

      fed = _portolan_graph_model_list_checks (model, chip);
      g_assert_true (g_ptr_array_find (fed, check, NULL));
    }

  /* Only the chips of checks are in the plan */
  for (guint c = 0; c < model->chips->len; c++)
    {
      PortolanGraphChip *chip = g_ptr_array_index (model->chips, c);
      g_autoptr(GPtrArray) fed = _portolan_graph_model_list_checks (model, chip);

      g_assert_cmpint (chip->in_plan, ==, fed->len > 0);
    }

  /* One check per host and protocol: two hosts, and the device scan over TCP and UDP */
  {
    g_autoptr(GPtrArray) fed = _portolan_graph_model_list_checks (model, chip_of (model, "os11-secure-terminal",
                                                                                  "ums-server", "os11-device"));

    g_assert_cmpuint (fed->len, ==, 2);
    g_assert_true (g_ptr_array_index (fed, 0) == find_check (plan, "os11-secure-terminal", 0));
    g_assert_true (g_ptr_array_index (fed, 1) == find_check (plan, "os11-secure-terminal", 1));
  }
  {
    g_autoptr(GPtrArray) fed = _portolan_graph_model_list_checks (model, chip_of (model, "device-scan",
                                                                                  "ums-server", "os11-device"));

    g_assert_cmpuint (fed->len, ==, 4);
  }
  {
    /* Two links on one chip */
    g_autoptr(GPtrArray) fed = _portolan_graph_model_list_checks (model, chip_of (model, "license-connection-data",
                                                                                  NULL, NULL));

    g_assert_cmpuint (fed->len, ==, 2);
    g_assert_true (g_ptr_array_find (fed, find_check (plan, "license-connection-data", 0), NULL));
    g_assert_true (g_ptr_array_find (fed, find_check (plan, "firmware-update-check", 0), NULL));
  }
}

static void
set_state (PortolanCheck *check,
           PortolanState  state)
{
  if (state == PORTOLAN_STATE_PENDING)
    portolan_check_reset (check);
  else
    portolan_check_set_result (check, state, "127.0.0.1", 0.5, NULL, NULL);
}

/* A chip shows the worst of its checks, and an arrow the worst of its chips */
static void
test_worst_state (void)
{
  g_autoptr(PortolanCatalogue) catalogue = portolan_test_load_builtin ();
  g_autoptr(PortolanProfile) profile = portolan_profile_new (catalogue);
  g_autoptr(PortolanPlan) plan = NULL;
  g_autoptr(PortolanGraphModel) model = NULL;
  PortolanCheck *first, *second, *scan;
  PortolanGraphChip *terminal, *device_scan;
  PortolanGraphChipStyle style;
  PortolanState state;

  portolan_test_set_hosts (profile, "os11-device", "127.0.0.1", "127.0.0.2", NULL);
  portolan_test_set_hosts (profile, "ums-server", "127.0.0.1", NULL);
  portolan_profile_set_feature (profile, "os11-devices", TRUE);
  plan = portolan_test_new_plan (profile, "ums-server", "os11-device");
  model = _portolan_graph_model_new (catalogue, profile, plan);
  terminal = chip_of (model, "os11-secure-terminal", "ums-server", "os11-device");
  device_scan = chip_of (model, "device-scan", "ums-server", "os11-device");
  first = find_check (plan, "os11-secure-terminal", 0);
  second = find_check (plan, "os11-secure-terminal", 1);
  scan = find_check (plan, "device-scan", 0);
  g_assert_nonnull (first);
  g_assert_nonnull (second);
  g_assert_nonnull (scan);

  /* Every pair of states, both ways round */
  for (PortolanState a = 0; a < PORTOLAN_N_STATES; a++)
    for (PortolanState b = 0; b < PORTOLAN_N_STATES; b++)
      {
        PortolanState worst = portolan_state_compare_severity (a, b) >= 0 ? a : b;

        set_state (first, a);
        set_state (second, b);
        _portolan_graph_model_update_states (model);

        g_assert_cmpint (terminal->style, ==, PORTOLAN_GRAPH_CHIP_STATE);
        if (terminal->state != worst)
          g_error ("a chip with checks %s and %s shows %s, not %s",
                   portolan_state_to_string (a), portolan_state_to_string (b),
                   portolan_state_to_string (terminal->state), portolan_state_to_string (worst));
      }

  /* The arrow: the worst of its chips */
  set_state (first, PORTOLAN_STATE_VERIFIED);
  set_state (second, PORTOLAN_STATE_VERIFIED);
  for (guint i = 0; i < 4; i++)
    set_state (find_check (plan, "device-scan", i), PORTOLAN_STATE_OPEN);
  set_state (scan, PORTOLAN_STATE_FILTERED);
  _portolan_graph_model_update_states (model);
  g_assert_cmpint (terminal->state, ==, PORTOLAN_STATE_VERIFIED);
  g_assert_cmpint (device_scan->state, ==, PORTOLAN_STATE_FILTERED);
  _portolan_graph_arrow_get_style (terminal->arrow, &style, &state);
  g_assert_cmpint (style, ==, PORTOLAN_GRAPH_CHIP_STATE);
  for (guint c = 0; c < terminal->arrow->chips->len; c++)
    {
      PortolanGraphChip *chip = g_ptr_array_index (terminal->arrow->chips, c);

      if (chip->style == PORTOLAN_GRAPH_CHIP_STATE)
        g_assert_cmpint (portolan_state_compare_severity (state, chip->state), >=, 0);
    }

  /* The counts a tooltip gives */
  {
    g_autoptr(GPtrArray) chips = g_ptr_array_new ();
    guint counts[PORTOLAN_N_STATES];

    g_ptr_array_add (chips, terminal);
    g_ptr_array_add (chips, device_scan);
    _portolan_graph_model_count_states (model, chips, counts);
    g_assert_cmpuint (counts[PORTOLAN_STATE_VERIFIED], ==, 2);
    g_assert_cmpuint (counts[PORTOLAN_STATE_OPEN], ==, 3);
    g_assert_cmpuint (counts[PORTOLAN_STATE_FILTERED], ==, 1);
    g_assert_cmpuint (counts[PORTOLAN_STATE_CLOSED], ==, 0);
  }
}

/* Without a plan the chips are ports; with one, the rest is dimmed or for the other side */
static void
test_styles (void)
{
  g_autoptr(PortolanCatalogue) catalogue = portolan_test_load_builtin ();
  g_autoptr(PortolanProfile) profile = portolan_profile_new (catalogue);
  g_autoptr(PortolanPlan) plan = NULL;
  g_autoptr(PortolanGraphModel) model = NULL;
  g_autoptr(PortolanGraphModel) bare = _portolan_graph_model_new (catalogue, profile, NULL);
  GPtrArray *other_side;
  PortolanGraphChip *chip;

  _portolan_graph_model_update_states (bare);
  for (guint c = 0; c < bare->chips->len; c++)
    {
      chip = g_ptr_array_index (bare->chips, c);
      g_assert_cmpint (chip->style, ==, PORTOLAN_GRAPH_CHIP_NEUTRAL);
      g_assert_false (chip->in_plan);
      g_assert_false (chip->other_side);
    }

  portolan_test_set_hosts (profile, "os11-device", "127.0.0.1", NULL);
  portolan_test_set_hosts (profile, "ums-server", "127.0.0.1", NULL);
  portolan_profile_set_feature (profile, "os11-devices", TRUE);
  plan = portolan_test_new_plan (profile, "ums-server", "os11-device");
  model = _portolan_graph_model_new (catalogue, profile, plan);
  _portolan_graph_model_update_states (model);

  /* What the target initiates towards this computer is tested from there */
  other_side = portolan_plan_get_other_side (plan);
  g_assert_cmpuint (other_side->len, >, 0);
  for (guint i = 0; i < other_side->len; i++)
    {
      PortolanLink *link = g_ptr_array_index (other_side, i);

      if (!g_strv_contains (portolan_link_get_initiators (link), "os11-device"))
        continue;
      chip = _portolan_graph_model_find_chip (model, link, "os11-device", "ums-server");
      g_assert_nonnull (chip);
      g_assert_true (chip->other_side);
      if (!chip->in_plan)
        g_assert_cmpint (chip->style, ==, PORTOLAN_GRAPH_CHIP_OTHER_SIDE);
    }
  chip = chip_of (model, "os11-device-communication", "os11-device", "ums-server");
  g_assert_cmpint (chip->style, ==, PORTOLAN_GRAPH_CHIP_OTHER_SIDE);

  /* The rest is outside the plan */
  g_assert_cmpint (chip_of (model, "ad-ldap", NULL, NULL)->style, ==, PORTOLAN_GRAPH_CHIP_OUTSIDE);
  g_assert_cmpint (chip_of (model, "device-scan", "ums-server", "os12-device")->style, ==, PORTOLAN_GRAPH_CHIP_OUTSIDE);
  for (guint c = 0; c < model->chips->len; c++)
    {
      chip = g_ptr_array_index (model->chips, c);
      if (chip->in_plan)
        g_assert_cmpint (chip->style, ==, PORTOLAN_GRAPH_CHIP_STATE);
      else if (!chip->other_side)
        g_assert_cmpint (chip->style, ==, PORTOLAN_GRAPH_CHIP_OUTSIDE);
    }

  /* This computer and the target stand out */
  g_assert_cmpstr (_portolan_graph_model_find_card (model, "ums-server")->tag, ==, "This computer");
  g_assert_cmpstr (_portolan_graph_model_find_card (model, "os11-device")->tag, ==, "Target");
  g_assert_true (_portolan_graph_model_find_card (model, "ums-server")->highlight);
  g_assert_true (_portolan_graph_model_find_card (model, "os11-device")->highlight);
  g_assert_false (_portolan_graph_model_find_card (model, "postgresql")->highlight);
  g_assert_null (_portolan_graph_model_find_card (model, "postgresql")->tag);
}

/* With every role as the target, the roles actually checked stand out */
static void
test_all_targets (void)
{
  g_autoptr(PortolanCatalogue) catalogue = portolan_test_load_builtin ();
  g_autoptr(PortolanProfile) profile = portolan_profile_new (catalogue);
  g_autoptr(PortolanPlan) plan = NULL;
  g_autoptr(PortolanGraphModel) model = NULL;
  GPtrArray *checks;

  portolan_test_set_hosts (profile, "ums-server", "127.0.0.1", NULL);
  plan = portolan_test_new_plan (profile, "ums-console", PORTOLAN_TARGET_ALL);
  model = _portolan_graph_model_new (catalogue, profile, plan);
  checks = portolan_plan_get_checks (plan);

  g_assert_cmpstr (_portolan_graph_model_find_card (model, "ums-console")->tag, ==, "This computer");
  for (guint c = 0; c < model->cards->len; c++)
    {
      PortolanGraphCard *card = _portolan_graph_model_get_card (model, c);
      const char *id = portolan_role_get_id (card->role);
      gboolean checked = FALSE;

      for (guint i = 0; i < checks->len; i++)
        {
          PortolanCheck *check = g_ptr_array_index (checks, i);

          checked |= g_str_equal (portolan_check_get_to (check), id) &&
                     portolan_check_get_state (check) != PORTOLAN_STATE_SKIPPED;
        }

      g_assert_cmpint (card->highlight, ==, checked || g_str_equal (id, "ums-console"));
      if (!g_str_equal (id, "ums-console"))
        g_assert_null (card->tag);
    }
  g_assert_true (_portolan_graph_model_find_card (model, "ums-server")->highlight);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/graph-model/cards", test_cards);
  g_test_add_func ("/graph-model/arrows", test_arrows);
  g_test_add_func ("/graph-model/port-override", test_port_override);
  g_test_add_func ("/graph-model/checks", test_checks);
  g_test_add_func ("/graph-model/worst-state", test_worst_state);
  g_test_add_func ("/graph-model/styles", test_styles);
  g_test_add_func ("/graph-model/all-targets", test_all_targets);

  return g_test_run ();
}
