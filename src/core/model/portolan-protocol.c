/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-protocol.c */
#include "config.h"

#include "portolan-protocol.h"

const char *
portolan_protocol_to_string (PortolanProtocol protocol)
{
  switch (protocol)
    {
    case PORTOLAN_PROTOCOL_TCP:
      return "tcp";
    case PORTOLAN_PROTOCOL_UDP:
      return "udp";
    default:
      g_return_val_if_reached (NULL);
    }
}

gboolean
portolan_protocol_from_string (const char       *name,
                               PortolanProtocol *protocol)
{
  if (g_strcmp0 (name, "tcp") == 0)
    *protocol = PORTOLAN_PROTOCOL_TCP;
  else if (g_strcmp0 (name, "udp") == 0)
    *protocol = PORTOLAN_PROTOCOL_UDP;
  else
    return FALSE;

  return TRUE;
}
