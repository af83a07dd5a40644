/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-postgresql.c: PostgreSQL's SSLRequest, and the one byte that answers it
 *
 * Every libpq client that prefers TLS sends this first, so the server
 * logs nothing for it; it then waits for a startup packet and, when the
 * connection closes instead, logs at most "incomplete startup packet".
 */
#include "config.h"

#include "portolan-protocols-private.h"

/* Length 8, then the code 1234 5679 that marks an SSLRequest */
static const guint8 ssl_request[] = { 0x00, 0x00, 0x00, 0x08, 0x04, 0xd2, 0x16, 0x2f };

GBytes *
_portolan_postgresql_build_request (void)
{
  return g_bytes_new_static (ssl_request, sizeof ssl_request);
}

/* The answer is one byte and nothing after it: a server that has more to
 * say is some other protocol that happens to start with S or N */
PortolanAnswer
_portolan_postgresql_parse (const guint8        *data,
                            gsize                length,
                            gboolean             complete,
                            PortolanServiceInfo *info)
{
  if (length == 0)
    return complete ? PORTOLAN_ANSWER_MISMATCH : PORTOLAN_ANSWER_NEED_MORE;
  if ((data[0] != 'S' && data[0] != 'N') || length > 1)
    return PORTOLAN_ANSWER_MISMATCH;

  portolan_service_info_set_answered (info, "postgresql");
  portolan_service_info_add_fact (info, "tls", data[0] == 'S' ? "offered" : "not offered");
  return PORTOLAN_ANSWER_MATCHED;
}

gboolean
_portolan_postgresql_offers_tls (const PortolanServiceInfo *info)
{
  return g_strcmp0 (portolan_service_info_lookup (info, "tls"), "offered") == 0;
}
