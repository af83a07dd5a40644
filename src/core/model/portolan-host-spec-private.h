/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-host-spec-private.h: the hosts an admin types for a role */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A role's hosts are all probed in one run; beyond this many, a range was
 * almost certainly typed wrong, and the run would take too long. */
#define PORTOLAN_MAX_HOSTS_PER_ROLE 4096

#define PORTOLAN_HOST_SPEC_ERROR (portolan_host_spec_error_quark ())

typedef enum
{
  PORTOLAN_HOST_SPEC_ERROR_INVALID,
  PORTOLAN_HOST_SPEC_ERROR_RANGE_NOT_ALLOWED,
  PORTOLAN_HOST_SPEC_ERROR_TOO_MANY,
} PortolanHostSpecError;

typedef enum
{
  PORTOLAN_HOST_SPEC_KIND_NAME,
  PORTOLAN_HOST_SPEC_KIND_IPV4,
  PORTOLAN_HOST_SPEC_KIND_IPV6,
  PORTOLAN_HOST_SPEC_KIND_IPV4_RANGE,
  PORTOLAN_HOST_SPEC_KIND_CIDR,
} PortolanHostSpecKind;

GQuark     portolan_host_spec_error_quark (void);

char      *portolan_host_spec_parse       (const char            *spec,
                                           gboolean               allow_ranges,
                                           PortolanHostSpecKind  *kind,
                                           GError               **error);
GPtrArray *portolan_host_spec_expand      (const char * const    *specs,
                                           gboolean               allow_ranges,
                                           GError               **error);

G_END_DECLS
