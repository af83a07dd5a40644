/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-profile-private.h: what the profile's loader shares with it */
#pragma once

#include "portolan-profile.h"

G_BEGIN_DECLS

#define PORTOLAN_PROFILE_SCHEMA 1

/* The numbers a profile holds, each with its limits */
typedef enum
{
  PORTOLAN_PROFILE_NUMBER_PORT,
  PORTOLAN_PROFILE_NUMBER_TIMEOUT,
  PORTOLAN_PROFILE_NUMBER_CONCURRENCY,
} PortolanProfileNumber;

gboolean         _portolan_profile_check_number (PortolanProfileNumber   number,
                                                 gint64                  value,
                                                 GError                **error);

/* Like portolan_profile_set_hosts(); @bad_index is the host at fault,
 * or G_MAXUINT when the problem is with the list as a whole */
gboolean         _portolan_profile_set_hosts    (PortolanProfile        *self,
                                                 const char             *role_id,
                                                 const char * const     *hosts,
                                                 guint                  *bad_index,
                                                 GError                **error);

PortolanProfile *_portolan_profile_parse        (PortolanCatalogue      *catalogue,
                                                 const char             *data,
                                                 gsize                   length,
                                                 const char             *origin,
                                                 GError                **error);

G_END_DECLS
