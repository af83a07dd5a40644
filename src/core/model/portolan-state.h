/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-state.h: how a check ended, and how bad that is */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  PORTOLAN_STATE_PENDING,      /*< nick=pending >*/
  PORTOLAN_STATE_VERIFIED,     /*< nick=verified >*/
  PORTOLAN_STATE_OPEN,         /*< nick=open >*/
  PORTOLAN_STATE_WARNING,      /*< nick=warning >*/
  PORTOLAN_STATE_CLOSED,       /*< nick=closed >*/
  PORTOLAN_STATE_FILTERED,     /*< nick=filtered >*/
  PORTOLAN_STATE_UNREACHABLE,  /*< nick=unreachable >*/
  PORTOLAN_STATE_UNVERIFIED,   /*< nick=unverified >*/
  PORTOLAN_STATE_SKIPPED,      /*< nick=skipped >*/
  PORTOLAN_STATE_CANCELLED,    /*< nick=cancelled >*/
} PortolanState;

#define PORTOLAN_N_STATES (PORTOLAN_STATE_CANCELLED + 1)

/* Severity, the one order of the states, worst first:
 *
 *   closed, filtered, unreachable, warning   problems: the admin must act
 *   pending, cancelled                       unfinished: nothing is known yet
 *   unverified, open, verified               what answered, least proven first
 *   skipped                                  not part of the run
 *
 * A chip shows the worst state of its checks, and the list, the reports
 * and the CLI's summary put the worst first. Unfinished checks rank above
 * every good news, so that a chip with one check still running or stopped
 * never shows "verified" for a link that was not wholly tested. */
int                  portolan_state_compare_severity   (PortolanState  a,
                                                        PortolanState  b);
const PortolanState *portolan_state_get_severity_order (guint         *n_states);

const char *portolan_state_to_string    (PortolanState  state);
gboolean    portolan_state_from_string  (const char    *name,
                                         PortolanState *state);
const char *portolan_state_get_label    (PortolanState  state);
const char *portolan_state_get_symbol   (PortolanState  state);
const char *portolan_state_get_css_name (PortolanState  state);
gboolean    portolan_state_is_problem   (PortolanState  state);

G_END_DECLS
