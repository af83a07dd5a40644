/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-protocol.h: the transport protocols a link uses */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  PORTOLAN_PROTOCOL_TCP = 1 << 0,
  PORTOLAN_PROTOCOL_UDP = 1 << 1,
} PortolanProtocol;

const char *portolan_protocol_to_string   (PortolanProtocol  protocol);
gboolean    portolan_protocol_from_string (const char       *name,
                                           PortolanProtocol *protocol);

G_END_DECLS
