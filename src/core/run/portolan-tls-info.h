/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-tls-info.h: what a TLS handshake showed of the server's certificate */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* The most certificates of a server's chain that a check looks at; a
 * longer chain is a finding. Real chains have two to four. */
#define PORTOLAN_TLS_MAX_CHAIN 16

typedef struct
{
  char                 *subject;
  char                 *issuer;
  GStrv                 dns_names;
  GStrv                 ip_addresses;
  GDateTime            *not_before;
  GDateTime            *not_after;
  char                 *sha256;           /* "AB:CD:…", of the DER certificate */
  GTlsCertificateFlags  errors;           /* as validated against the trusted CAs */
  char                 *expected_sha256;  /* the profile's pinned fingerprint, or NULL */
  guint                 chain_length;     /* certificates the server sent; 0: not known */
} PortolanTlsInfo;

PortolanTlsInfo *portolan_tls_info_new               (GTlsCertificate       *certificate,
                                                      GTlsCertificateFlags   errors,
                                                      const char            *expected_sha256);
void             portolan_tls_info_free              (PortolanTlsInfo       *self);
PortolanTlsInfo *portolan_tls_info_copy              (const PortolanTlsInfo *self);
gboolean         portolan_tls_info_fingerprint_matches (const PortolanTlsInfo *self);
char            *portolan_tls_info_describe_problems (const PortolanTlsInfo *self);
char            *portolan_tls_info_describe          (const PortolanTlsInfo *self);
void             portolan_tls_info_build_json        (const PortolanTlsInfo *self,
                                                      JsonBuilder           *builder);
char            *portolan_certificate_sha256         (GTlsCertificate       *certificate);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PortolanTlsInfo, portolan_tls_info_free)

G_END_DECLS
