/* portolan-state.h: how a check ended (DESIGN.md, "Result states") */
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

const char *portolan_state_to_string   (PortolanState  state);
gboolean    portolan_state_from_string (const char    *name,
                                        PortolanState *state);
const char *portolan_state_get_label   (PortolanState  state);
const char *portolan_state_get_symbol  (PortolanState  state);
gboolean    portolan_state_is_problem  (PortolanState  state);

G_END_DECLS
