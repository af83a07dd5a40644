/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-check.h: one probe of one link, to one host, port and protocol */
#pragma once

#include <glib-object.h>

#include "portolan-link.h"
#include "portolan-service-info.h"
#include "portolan-state.h"
#include "portolan-tls-info.h"

G_BEGIN_DECLS

/* What a check does once connected */
typedef enum
{
  PORTOLAN_PROBE_NONE,        /*< nick=none >*/        /* decided by the plan: skipped or unverified */
  PORTOLAN_PROBE_TCP,         /*< nick=tcp >*/         /* connect, nothing more */
  PORTOLAN_PROBE_UDP,         /*< nick=udp >*/         /* a datagram, and wait for an answer */
  PORTOLAN_PROBE_TLS,         /*< nick=tls >*/         /* connect and a TLS handshake */
  PORTOLAN_PROBE_UMS_STATUS,  /*< nick=ums-status >*/  /* TLS, then the UMS Server's serverstatus */
  PORTOLAN_PROBE_HTTPS,       /*< nick=https >*/       /* an HTTPS request, through the proxy choice */
  PORTOLAN_PROBE_SERVICE,     /*< nick=service >*/     /* the link's service's own request and answer */
  PORTOLAN_PROBE_WOL,         /*< nick=wol >*/         /* a Wake on LAN packet, which needs no listener */
} PortolanProbeKind;

#define PORTOLAN_TYPE_CHECK (portolan_check_get_type ())

G_DECLARE_FINAL_TYPE (PortolanCheck, portolan_check, PORTOLAN, CHECK, GObject)

PortolanCheck         *portolan_check_new           (PortolanLink      *link,
                                                     const char        *from_role,
                                                     const char        *to_role,
                                                     const char        *host,
                                                     guint16            port,
                                                     PortolanProtocol   protocol,
                                                     PortolanProbeKind  probe);
PortolanLink          *portolan_check_get_link      (PortolanCheck     *self);
const char            *portolan_check_get_from      (PortolanCheck     *self);
const char            *portolan_check_get_to        (PortolanCheck     *self);
const char            *portolan_check_get_host      (PortolanCheck     *self);
guint16                portolan_check_get_port      (PortolanCheck     *self);
PortolanProtocol       portolan_check_get_protocol  (PortolanCheck     *self);
PortolanProbeKind      portolan_check_get_probe     (PortolanCheck     *self);
PortolanState          portolan_check_get_state     (PortolanCheck     *self);
const char            *portolan_check_get_address   (PortolanCheck     *self);
double                 portolan_check_get_latency   (PortolanCheck     *self);
const char            *portolan_check_get_detail    (PortolanCheck     *self);
const PortolanTlsInfo *portolan_check_get_tls_info  (PortolanCheck     *self);
const PortolanServiceInfo *portolan_check_get_service_info (PortolanCheck *self);
gboolean               portolan_check_is_finished   (PortolanCheck     *self);
char                  *portolan_check_format_port   (PortolanCheck     *self);
void                   portolan_check_set_result    (PortolanCheck     *self,
                                                     PortolanState      state,
                                                     const char        *address,
                                                     double             latency_ms,
                                                     const char        *detail,
                                                     PortolanTlsInfo   *tls_info);
void                   portolan_check_set_service_result (PortolanCheck       *self,
                                                          PortolanState        state,
                                                          const char          *address,
                                                          double               latency_ms,
                                                          const char          *detail,
                                                          PortolanTlsInfo     *tls_info,
                                                          PortolanServiceInfo *service_info);
void                   portolan_check_reset         (PortolanCheck     *self);

G_END_DECLS
