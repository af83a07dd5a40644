/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-probe.h: running one check against the network */
#pragma once

#include <gio/gio.h>

#include "portolan-check.h"
#include "portolan-profile.h"

G_BEGIN_DECLS

/* What the checks of one run share: the time limit, the TLS trust, the
 * proxy choice for cloud checks, pinned fingerprints, resolved names. */
typedef struct _PortolanProbeContext PortolanProbeContext;

PortolanProbeContext *portolan_probe_context_new              (guint                 timeout_ms);
PortolanProbeContext *portolan_probe_context_new_for_profile  (PortolanProfile      *profile);
PortolanProbeContext *portolan_probe_context_ref              (PortolanProbeContext *self);
void                  portolan_probe_context_unref            (PortolanProbeContext *self);
guint                 portolan_probe_context_get_timeout      (PortolanProbeContext *self);
void                  portolan_probe_context_set_tls_database (PortolanProbeContext *self,
                                                               GTlsDatabase         *database);
void                  portolan_probe_context_set_proxy        (PortolanProbeContext *self,
                                                               PortolanProxy     mode,
                                                               const char           *url);
void                  portolan_probe_context_set_fingerprint  (PortolanProbeContext *self,
                                                               const char           *role_id,
                                                               const char           *sha256);

void                  portolan_probe_async                    (PortolanCheck        *check,
                                                               PortolanProbeContext *context,
                                                               GCancellable         *cancellable,
                                                               GAsyncReadyCallback   callback,
                                                               gpointer              user_data);
void                  portolan_probe_finish                   (GAsyncResult         *result);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PortolanProbeContext, portolan_probe_context_unref)

G_END_DECLS
