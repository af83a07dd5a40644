/* portolan-state.c */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "portolan-state.h"

typedef struct
{
  const char *name;
  const char *label;
  const char *symbol;
} StateInfo;

/* Every state has a symbol as well as a colour, so that none is told by
 * colour alone; the symbols are distinct in shape, not just in hue, and
 * each has a glyph in DejaVu Sans, so a terminal or a list can show it. */
static const StateInfo states[PORTOLAN_N_STATES] = {
  [PORTOLAN_STATE_PENDING] = { "pending", N_("Pending"), "…" },
  [PORTOLAN_STATE_VERIFIED] = { "verified", N_("Verified"), "✔" },
  [PORTOLAN_STATE_OPEN] = { "open", N_("Open"), "○" },
  [PORTOLAN_STATE_WARNING] = { "warning", N_("Warning"), "⚠" },
  [PORTOLAN_STATE_CLOSED] = { "closed", N_("Closed"), "✖" },
  [PORTOLAN_STATE_FILTERED] = { "filtered", N_("Filtered"), "▦" },
  [PORTOLAN_STATE_UNREACHABLE] = { "unreachable", N_("Unreachable"), "⊘" },
  [PORTOLAN_STATE_UNVERIFIED] = { "unverified", N_("Unverified"), "?" },
  [PORTOLAN_STATE_SKIPPED] = { "skipped", N_("Skipped"), "–" },
  [PORTOLAN_STATE_CANCELLED] = { "cancelled", N_("Cancelled"), "■" },
};

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
