/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-state.c: one order of the states, and what each state carries */
#include "config.h"

#include "portolan-state.h"

static gboolean
is_unfinished (PortolanState state)
{
  return state == PORTOLAN_STATE_PENDING || state == PORTOLAN_STATE_CANCELLED;
}

static gboolean
is_good_news (PortolanState state)
{
  return state == PORTOLAN_STATE_UNVERIFIED || state == PORTOLAN_STATE_OPEN ||
         state == PORTOLAN_STATE_VERIFIED;
}

/* 0 for problems, 1 unfinished, 2 good news, 3 not part of the run */
static guint
group (PortolanState state)
{
  if (portolan_state_is_problem (state))
    return 0;
  if (is_unfinished (state))
    return 1;
  if (is_good_news (state))
    return 2;
  g_assert_cmpint (state, ==, PORTOLAN_STATE_SKIPPED);
  return 3;
}

static void
test_every_state_ranked (void)
{
  guint n_states = 0;
  const PortolanState *order = portolan_state_get_severity_order (&n_states);
  guint seen[PORTOLAN_N_STATES] = { 0 };

  g_assert_cmpuint (n_states, ==, PORTOLAN_N_STATES);
  for (guint i = 0; i < n_states; i++)
    {
      g_assert_cmpuint (order[i], <, PORTOLAN_N_STATES);
      seen[order[i]]++;
    }
  for (PortolanState s = 0; s < PORTOLAN_N_STATES; s++)
    g_assert_cmpuint (seen[s], ==, 1);

  /* The same array every time: reports keep the pointer */
  g_assert_true (portolan_state_get_severity_order (&n_states) == order);
}

static void
test_total_and_strict (void)
{
  for (PortolanState a = 0; a < PORTOLAN_N_STATES; a++)
    for (PortolanState b = 0; b < PORTOLAN_N_STATES; b++)
      {
        int ab = portolan_state_compare_severity (a, b);
        int ba = portolan_state_compare_severity (b, a);

        if (a == b)
          g_assert_cmpint (ab, ==, 0);
        else
          g_assert_cmpint (ab, !=, 0);
        g_assert_cmpint ((ab > 0) - (ab < 0), ==, -((ba > 0) - (ba < 0)));

        for (PortolanState c = 0; c < PORTOLAN_N_STATES; c++)
          if (ab > 0 && portolan_state_compare_severity (b, c) > 0)
            g_assert_cmpint (portolan_state_compare_severity (a, c), >, 0);
      }
}

static void
test_order_matches_compare (void)
{
  guint n_states;
  const PortolanState *order = portolan_state_get_severity_order (&n_states);

  for (guint i = 0; i + 1 < n_states; i++)
    g_assert_cmpint (portolan_state_compare_severity (order[i], order[i + 1]), >, 0);
}

static void
test_groups (void)
{
  guint n_states;
  const PortolanState *order = portolan_state_get_severity_order (&n_states);
  static const PortolanState expected[] = {
    PORTOLAN_STATE_CLOSED, PORTOLAN_STATE_FILTERED, PORTOLAN_STATE_UNREACHABLE, PORTOLAN_STATE_WARNING,
    PORTOLAN_STATE_PENDING, PORTOLAN_STATE_CANCELLED,
    PORTOLAN_STATE_UNVERIFIED, PORTOLAN_STATE_OPEN, PORTOLAN_STATE_VERIFIED,
    PORTOLAN_STATE_SKIPPED,
  };

  /* Problems before unfinished before good news before skipped */
  for (guint i = 0; i + 1 < n_states; i++)
    g_assert_cmpuint (group (order[i]), <=, group (order[i + 1]));
  for (PortolanState a = 0; a < PORTOLAN_N_STATES; a++)
    for (PortolanState b = 0; b < PORTOLAN_N_STATES; b++)
      if (group (a) < group (b))
        g_assert_cmpint (portolan_state_compare_severity (a, b), >, 0);

  /* And inside each, the order portolan-state.h gives */
  g_assert_cmpuint (n_states, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < n_states; i++)
    g_assert_cmpint (order[i], ==, expected[i]);
}

static void
test_names (void)
{
  for (PortolanState s = 0; s < PORTOLAN_N_STATES; s++)
    {
      const char *name = portolan_state_to_string (s);
      const char *css = portolan_state_get_css_name (s);
      g_autofree char *expected_css = g_strconcat ("state-", name, NULL);
      PortolanState parsed;

      g_assert_nonnull (name);
      g_assert_true (portolan_state_from_string (name, &parsed));
      g_assert_cmpint (parsed, ==, s);
      g_assert_cmpstr (css, ==, expected_css);
      g_assert_nonnull (portolan_state_get_symbol (s));
      g_assert_cmpstr (portolan_state_get_label (s), !=, "");

      for (PortolanState t = 0; t < s; t++)
        {
          g_assert_cmpstr (portolan_state_get_css_name (t), !=, css);
          g_assert_cmpstr (portolan_state_get_symbol (t), !=, portolan_state_get_symbol (s));
        }
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/state/severity/every-state", test_every_state_ranked);
  g_test_add_func ("/state/severity/total-and-strict", test_total_and_strict);
  g_test_add_func ("/state/severity/order", test_order_matches_compare);
  g_test_add_func ("/state/severity/groups", test_groups);
  g_test_add_func ("/state/names", test_names);

  return g_test_run ();
}
