/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-test-time.h: waits that stretch with a slower build */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

guint  portolan_test_time_scale (void);

guint  portolan_test_scale_ms   (guint  ms);

gint64 portolan_test_scale_us   (gint64 us);

G_END_DECLS
