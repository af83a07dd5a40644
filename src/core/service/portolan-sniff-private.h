/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-sniff-private.h: which protocol a server's first bytes speak */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The protocols the first bytes of an answer can name on their own */
typedef enum
{
  PORTOLAN_WIRE_HTTP,
  PORTOLAN_WIRE_TLS,
  PORTOLAN_WIRE_SSH,
  PORTOLAN_WIRE_RFB,
  PORTOLAN_WIRE_OPENWIRE,
  PORTOLAN_WIRE_POSTGRESQL,
  PORTOLAN_WIRE_LDAP,
  PORTOLAN_WIRE_GREETING_220,
  PORTOLAN_WIRE_MYSQL,
  PORTOLAN_WIRE_REDIS,
  PORTOLAN_N_WIRES
} PortolanWire;

typedef enum
{
  PORTOLAN_SNIFF_NAMED,     /* the bytes speak one of them */
  PORTOLAN_SNIFF_NEED_MORE, /* they may, once more bytes come */
  PORTOLAN_SNIFF_UNKNOWN,   /* none of them */
} PortolanSniff;

/* The longest banner kept, in bytes: a line of a terminal */
#define PORTOLAN_SNIFF_MAX_BANNER 120

PortolanSniff  _portolan_sniff          (const guint8  *data,
                                         gsize          length,
                                         gboolean       complete,
                                         PortolanWire  *wire,
                                         char         **banner);
const char    *_portolan_wire_get_name  (PortolanWire   wire);
const char    *_portolan_wire_to_string (PortolanWire   wire);

G_END_DECLS
