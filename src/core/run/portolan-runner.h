/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-runner.h: runs a plan's checks, many at once */
#pragma once

#include <gio/gio.h>

#include "portolan-probe.h"

G_BEGIN_DECLS

#define PORTOLAN_TYPE_RUNNER (portolan_runner_get_type ())

G_DECLARE_FINAL_TYPE (PortolanRunner, portolan_runner, PORTOLAN, RUNNER, GObject)

PortolanRunner *portolan_runner_new             (GPtrArray            *checks,
                                                 PortolanProbeContext *context,
                                                 guint                 concurrency);
guint           portolan_runner_get_concurrency (PortolanRunner       *self);
void            portolan_runner_start           (PortolanRunner       *self);
void            portolan_runner_stop            (PortolanRunner       *self);
gboolean        portolan_runner_is_running      (PortolanRunner       *self);
guint           portolan_runner_get_n_finished  (PortolanRunner       *self);
guint           portolan_runner_get_count       (PortolanRunner       *self,
                                                 PortolanState         state);
guint           portolan_runner_get_n_probes    (PortolanRunner       *self);
GDateTime      *portolan_runner_get_started     (PortolanRunner       *self);
double          portolan_runner_get_duration_ms (PortolanRunner       *self);

guint           portolan_raise_fd_limit         (guint                 wanted);

G_END_DECLS
