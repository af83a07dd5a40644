/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-state.c */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "portolan-state.h"

typedef struct
{
  const char *name;
  const char *label;
  const char *symbol;
  const char *css_name;
  guint       severity;  /* 0 for the mildest; the order is in portolan-state.h */
} StateInfo;

/* Every state has a symbol as well as a colour, so that none is told by
 * colour alone; the symbols are distinct in shape, not just in hue, and
 * each has a glyph in DejaVu Sans, so a terminal or a list can show it.
 * The CSS names have a prefix: "warning" alone is a class of the theme. */
static const StateInfo states[PORTOLAN_N_STATES] = {
  [PORTOLAN_STATE_PENDING] = { "pending", N_("Pending"), "…", "state-pending", 5 },
  [PORTOLAN_STATE_VERIFIED] = { "verified", N_("Verified"), "✔", "state-verified", 1 },
  [PORTOLAN_STATE_OPEN] = { "open", N_("Open"), "○", "state-open", 2 },
  [PORTOLAN_STATE_WARNING] = { "warning", N_("Warning"), "⚠", "state-warning", 6 },
  [PORTOLAN_STATE_CLOSED] = { "closed", N_("Closed"), "✖", "state-closed", 9 },
  [PORTOLAN_STATE_FILTERED] = { "filtered", N_("Filtered"), "▦", "state-filtered", 8 },
  [PORTOLAN_STATE_UNREACHABLE] = { "unreachable", N_("Unreachable"), "⊘", "state-unreachable", 7 },
  [PORTOLAN_STATE_UNVERIFIED] = { "unverified", N_("Unverified"), "?", "state-unverified", 3 },
  [PORTOLAN_STATE_SKIPPED] = { "skipped", N_("Skipped"), "–", "state-skipped", 0 },
  [PORTOLAN_STATE_CANCELLED] = { "cancelled", N_("Cancelled"), "■", "state-cancelled", 4 },
};

/**
 * portolan_state_compare_severity:
 *
 * The one order of the states (see portolan-state.h).
 *
 * Returns: more than 0 when @a is worse than @b, less when it is milder,
 *   0 when they are the same state
 */
int
portolan_state_compare_severity (PortolanState a,
                                 PortolanState b)
{
  g_return_val_if_fail (a < PORTOLAN_N_STATES, 0);
  g_return_val_if_fail (b < PORTOLAN_N_STATES, 0);

  return (int) states[a].severity - (int) states[b].severity;
}

/**
 * portolan_state_get_severity_order:
 * @n_states: (out): %PORTOLAN_N_STATES
 *
 * Every state, the worst first: the order in which the reports list
 * their rows and counts.
 *
 * Returns: (array length=n_states) (transfer none):
 */
const PortolanState *
portolan_state_get_severity_order (guint *n_states)
{
  static PortolanState order[PORTOLAN_N_STATES];
  static gsize ready = 0;

  if (g_once_init_enter (&ready))
    {
      for (PortolanState s = 0; s < PORTOLAN_N_STATES; s++)
        order[PORTOLAN_N_STATES - 1 - states[s].severity] = s;
      g_once_init_leave (&ready, 1);
    }

  *n_states = PORTOLAN_N_STATES;
  return order;
}

const char *
portolan_state_to_string (PortolanState state)
{
  g_return_val_if_fail (state < PORTOLAN_N_STATES, NULL);

  return states[state].name;
}

gboolean
portolan_state_from_string (const char    *name,
                            PortolanState *state)
{
  for (guint i = 0; i < PORTOLAN_N_STATES; i++)
    if (g_strcmp0 (name, states[i].name) == 0)
      {
        *state = i;
        return TRUE;
      }

  return FALSE;
}

const char *
portolan_state_get_label (PortolanState state)
{
  g_return_val_if_fail (state < PORTOLAN_N_STATES, NULL);

  return g_dgettext (GETTEXT_PACKAGE, states[state].label);
}

const char *
portolan_state_get_symbol (PortolanState state)
{
  g_return_val_if_fail (state < PORTOLAN_N_STATES, NULL);

  return states[state].symbol;
}

/**
 * portolan_state_get_css_name:
 *
 * The style class of a state, as the results list and its generated
 * style sheet name it: "state-verified".
 */
const char *
portolan_state_get_css_name (PortolanState state)
{
  g_return_val_if_fail (state < PORTOLAN_N_STATES, NULL);

  return states[state].css_name;
}

/**
 * portolan_state_is_problem:
 *
 * Whether a tested check found something the admin must look at: the
 * states that make `portolan-cli check` exit with 1.
 */
gboolean
portolan_state_is_problem (PortolanState state)
{
  return state == PORTOLAN_STATE_WARNING ||
         state == PORTOLAN_STATE_CLOSED ||
         state == PORTOLAN_STATE_FILTERED ||
         state == PORTOLAN_STATE_UNREACHABLE;
}
