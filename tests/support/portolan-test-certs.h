/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-test-certs.h: a throwaway CA and server certificates for TLS tests */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Every certificate carries its private key, so it can serve a TLS server.
 * The fingerprints are SHA-256 over the DER certificate, as openssl prints
 * them: upper-case hex pairs joined by colons ("AB:CD:…", 95 characters).
 * Each *_path is a PEM certificate; its key sits beside it, ending in .key. */
typedef struct
{
  char            *dir;

  /* A CA, valid 2019 → ten years from now, trusted by ca_database */
  char            *ca_path;
  GTlsDatabase    *ca_database;
  char            *ca_fingerprint;

  /* localhost, 127.0.0.1 and ::1, signed by the CA, valid a day ago → a year on */
  GTlsCertificate *valid;
  char            *valid_path;
  char            *valid_fingerprint;

  /* The same names, signed by the CA, valid 2020-01-01 → 2021-01-01 only */
  GTlsCertificate *expired;
  char            *expired_path;
  char            *expired_fingerprint;

  /* Signed by the CA, valid now, but only for wrong.example */
  GTlsCertificate *wrong_name;
  char            *wrong_name_path;
  char            *wrong_name_fingerprint;

  /* localhost, 127.0.0.1 and ::1, valid now, signed by its own key */
  GTlsCertificate *self_signed;
  char            *self_signed_path;
  char            *self_signed_fingerprint;
} PortolanTestCerts;

PortolanTestCerts *portolan_test_certs_new  (GError            **error);
void               portolan_test_certs_free (PortolanTestCerts  *certs);

void               portolan_test_remove_directory (const char    *path);
char              *portolan_test_list_directory   (const char    *path);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PortolanTestCerts, portolan_test_certs_free)

G_END_DECLS
