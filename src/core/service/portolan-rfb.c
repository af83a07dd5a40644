/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-rfb.c: the ProtocolVersion a VNC server sends as soon as a client connects
 *
 * RFB's server speaks first: exactly twelve bytes, "RFB 003.008\n", the
 * highest version it offers as two 3-digit numbers. Nothing is sent, and
 * the server logs no more than a connection that closed.
 */
#include "config.h"

#include "portolan-protocols-private.h"

/* '9' stands for any digit */
static const char shape[] = "RFB 999.999\n";

#define SHAPE_LENGTH (sizeof shape - 1)

static guint
read_number (const guint8 *digits)
{
  return (digits[0] - '0') * 100 + (digits[1] - '0') * 10 + (digits[2] - '0');
}

PortolanAnswer
_portolan_rfb_parse (const guint8        *data,
                     gsize                length,
                     gboolean             complete,
                     PortolanServiceInfo *info)
{
  g_autofree char *version = NULL;

  for (gsize i = 0; i < MIN (length, SHAPE_LENGTH); i++)
    if (shape[i] == '9' ? !g_ascii_isdigit (data[i]) : data[i] != (guint8) shape[i])
      return PORTOLAN_ANSWER_MISMATCH;

  if (length < SHAPE_LENGTH)
    return complete ? PORTOLAN_ANSWER_MISMATCH : PORTOLAN_ANSWER_NEED_MORE;

  /* "003.008" is 3.8, as the RFB specification names its versions */
  version = g_strdup_printf ("%u.%u", read_number (data + 4), read_number (data + 8));
  portolan_service_info_set_answered (info, "rfb");
  portolan_service_info_set_version (info, version);
  portolan_service_info_add_fact_bytes (info, "protocol_version", data + 4, 7);
  return PORTOLAN_ANSWER_MATCHED;
}
