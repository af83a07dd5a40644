/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-fingerprint-row.h: the expected certificate of one role */
#pragma once

#include <adwaita.h>

#include "portolan-core.h"

G_BEGIN_DECLS

#define PORTOLAN_TYPE_FINGERPRINT_ROW (portolan_fingerprint_row_get_type ())

G_DECLARE_FINAL_TYPE (PortolanFingerprintRow, portolan_fingerprint_row, PORTOLAN, FINGERPRINT_ROW, AdwEntryRow)

GtkWidget  *portolan_fingerprint_row_new       (PortolanProfile        *profile,
                                                PortolanRole           *role);
const char *portolan_fingerprint_row_get_error (PortolanFingerprintRow *self);

G_END_DECLS
