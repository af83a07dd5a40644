/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-protocols-private.h: the request and the answer parser of each protocol check
 *
 * A build function gives the exact bytes a check sends; none carries a
 * credential or asks for a change. A parse function is given everything
 * the server sent so far (at most PORTOLAN_ANSWER_MAX_BYTES), and
 * @complete when no more will come (the server closed, or the limit was
 * reached). Its verdict only moves forward: once MATCHED or MISMATCH for
 * some bytes, the same for any longer answer that starts with them. It
 * writes into @info only when it returns MATCHED: the version, the facts,
 * and a warning when the right service said something wrong.
 */
#pragma once

#include <glib.h>

#include "portolan-answer-private.h"

G_BEGIN_DECLS

/* PostgreSQL: the 8-byte SSLRequest; 'S' or 'N' answers it */
GBytes         *_portolan_postgresql_build_request (void);
PortolanAnswer  _portolan_postgresql_parse         (const guint8        *data,
                                                    gsize                length,
                                                    gboolean             complete,
                                                    PortolanServiceInfo *info);
/* After 'S': whether the server offered TLS */
gboolean        _portolan_postgresql_offers_tls    (const PortolanServiceInfo *info);

/* LDAP: message 1, an anonymous search of the rootDSE, base scope,
 * (objectClass=*), for supportedLDAPVersion, vendorName, namingContexts,
 * defaultNamingContext, dnsHostName. Facts: ldap_versions, vendor,
 * naming_contexts (joined by ", "), default_naming_context, dns_host_name. */
GBytes         *_portolan_ldap_build_request       (void);
PortolanAnswer  _portolan_ldap_parse               (const guint8        *data,
                                                    gsize                length,
                                                    gboolean             complete,
                                                    PortolanServiceInfo *info);

/* Kerberos: an AS-REQ for a principal that cannot exist in @realm, with
 * no client name. Over TCP it has the 4-byte length in front. @now_us is
 * the wall clock (g_get_real_time ()) the request says. */
GBytes         *_portolan_kerberos_build_request   (const char          *realm,
                                                    gboolean             over_tcp,
                                                    guint32              nonce,
                                                    gint64               now_us);
/* Any KRB-ERROR matches. Facts: realm, error, kdc_time (ISO 8601 UTC),
 * clock_offset ("+3 s": the KDC's clock minus this computer's at
 * @now_us); a warning when the offset is over 5 minutes either way. */
PortolanAnswer  _portolan_kerberos_parse           (const guint8        *data,
                                                    gsize                length,
                                                    gboolean             complete,
                                                    gboolean             over_tcp,
                                                    gint64               now_us,
                                                    PortolanServiceInfo *info);

/* MS-TDS: a PRELOGIN; the answer is a PRELOGIN response whose VERSION
 * gives the version, ENCRYPTION the fact encryption */
GBytes         *_portolan_tds_build_request        (void);
PortolanAnswer  _portolan_tds_parse                (const guint8        *data,
                                                    gsize                length,
                                                    gboolean             complete,
                                                    PortolanServiceInfo *info);
/* The ALPN protocol a TDS 8 "strict" server expects in the ClientHello */
#define PORTOLAN_TDS_STRICT_ALPN "tds/8.0"

/* Oracle TNS: a CONNECT with (CONNECT_DATA=(COMMAND=version)) for @host
 * and @port. ACCEPT, REFUSE and RESEND all match; the version is
 * decoded from VSNNUM; facts: status (the ERR number), release. */
GBytes         *_portolan_tns_build_request        (const char          *host,
                                                    guint16              port);
PortolanAnswer  _portolan_tns_parse                (const guint8        *data,
                                                    gsize                length,
                                                    gboolean             complete,
                                                    PortolanServiceInfo *info);

/* DRDA (Derby): an EXCSAT; the EXCSATRD's server class and release,
 * EBCDIC on the wire, become the facts server_class, release and
 * server_name, and the version */
GBytes         *_portolan_drda_build_request       (void);
PortolanAnswer  _portolan_drda_parse               (const guint8        *data,
                                                    gsize                length,
                                                    gboolean             complete,
                                                    PortolanServiceInfo *info);

/* RFB: the server speaks first, "RFB 003.008\n"; the version is "3.8" */
PortolanAnswer  _portolan_rfb_parse                (const guint8        *data,
                                                    gsize                length,
                                                    gboolean             complete,
                                                    PortolanServiceInfo *info);

/* OpenWire: the broker speaks first, a WireFormatInfo with the magic
 * "ActiveMQ"; version is the OpenWire version, facts provider and
 * activemq_version (ProviderName, ProviderVersion) when it sends them */
PortolanAnswer  _portolan_openwire_parse           (const guint8        *data,
                                                    gsize                length,
                                                    gboolean             complete,
                                                    PortolanServiceInfo *info);

/* The JSON of GET /ums/check-status and /usg/check-status */
typedef enum
{
  PORTOLAN_CHECK_STATUS_NONE, /* not that JSON */
  PORTOLAN_CHECK_STATUS_INIT,
  PORTOLAN_CHECK_STATUS_OK,
  PORTOLAN_CHECK_STATUS_WARN,
  PORTOLAN_CHECK_STATUS_ERR,
} PortolanCheckStatus;

PortolanCheckStatus _portolan_check_status_parse   (const char          *body,
                                                    gsize                length);
const char         *_portolan_check_status_to_string (PortolanCheckStatus status);
void                _portolan_check_status_record  (PortolanCheckStatus  status,
                                                    const char          *service,
                                                    const char          *warning,
                                                    PortolanServiceInfo *info);

G_END_DECLS
