/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-tls-info.c */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "portolan-json-builder-private.h"
#include "portolan-text.h"
#include "portolan-tls-info.h"

static const struct
{
  GTlsCertificateFlags  flag;
  const char           *name;
  const char           *problem;
} certificate_problems[] = {
  { G_TLS_CERTIFICATE_UNKNOWN_CA, "unknown-ca", N_("issued by an authority this computer does not trust") },
  { G_TLS_CERTIFICATE_BAD_IDENTITY, "bad-identity", N_("not issued for this host name") },
  { G_TLS_CERTIFICATE_NOT_ACTIVATED, "not-activated", N_("not valid yet") },
  { G_TLS_CERTIFICATE_EXPIRED, "expired", N_("expired") },
  { G_TLS_CERTIFICATE_REVOKED, "revoked", N_("revoked") },
  { G_TLS_CERTIFICATE_INSECURE, "insecure", N_("signed with an insecure algorithm") },
  { G_TLS_CERTIFICATE_GENERIC_ERROR, "generic-error", N_("not valid") },
};

/**
 * portolan_certificate_sha256:
 *
 * The SHA-256 fingerprint of the DER certificate, as browsers and
 * `openssl x509 -fingerprint -sha256` show it: "AB:CD:…".
 */
char *
portolan_certificate_sha256 (GTlsCertificate *certificate)
{
  g_autoptr(GByteArray) der = NULL;
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  guint8 digest[32];
  gsize length = sizeof digest;
  GString *text = g_string_sized_new (3 * sizeof digest);

  g_object_get (certificate, "certificate", &der, NULL);
  g_checksum_update (checksum, der->data, der->len);
  g_checksum_get_digest (checksum, digest, &length);

  for (gsize i = 0; i < length; i++)
    g_string_append_printf (text, i == 0 ? "%02X" : ":%02X", digest[i]);

  return g_string_free (text, FALSE);
}

/* More names than any real certificate has; the rest are counted */
#define MAX_NAMES 64

static GStrv
strv_from_bytes_array (GPtrArray *array,
                       gboolean   as_addresses)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; array != NULL && i < array->len && i < MAX_NAMES; i++)
    {
      if (as_addresses)
        {
          g_autofree char *text = g_inet_address_to_string (g_ptr_array_index (array, i));

          g_strv_builder_add (builder, text);
        }
      else
        {
          gsize size;
          const char *data = g_bytes_get_data (g_ptr_array_index (array, i), &size);
          g_autofree char *raw = g_strndup (data, MIN (size, PORTOLAN_TEXT_MAX_BYTES + 1));
          g_autofree char *text = portolan_text_cap (raw);

          g_strv_builder_add (builder, text);
        }
    }

  if (array != NULL && array->len > MAX_NAMES)
    {
      /* Translators: the last of a certificate's names when it has too many: "… (5000 in all)" */
      g_autofree char *more = g_strdup_printf (_("… (%u in all)"), array->len);

      g_strv_builder_add (builder, more);
    }

  return g_strv_builder_end (builder);
}

/* A property of @certificate, capped as everything the server chose is */
static char *
dup_capped (GTlsCertificate *certificate,
            const char      *property)
{
  g_autofree char *text = NULL;

  g_object_get (certificate, property, &text, NULL);
  return portolan_text_cap (text);
}

PortolanTlsInfo *
portolan_tls_info_new (GTlsCertificate      *certificate,
                       GTlsCertificateFlags  errors,
                       const char           *expected_sha256)
{
  PortolanTlsInfo *self = g_new0 (PortolanTlsInfo, 1);
  g_autoptr(GPtrArray) dns_names = NULL;
  g_autoptr(GPtrArray) ip_addresses = NULL;

  self->subject = dup_capped (certificate, "subject-name");
  self->issuer = dup_capped (certificate, "issuer-name");
  g_object_get (certificate,
                "not-valid-before", &self->not_before,
                "not-valid-after", &self->not_after,
                "dns-names", &dns_names,
                "ip-addresses", &ip_addresses,
                NULL);

  self->dns_names = strv_from_bytes_array (dns_names, FALSE);
  self->ip_addresses = strv_from_bytes_array (ip_addresses, TRUE);
  self->sha256 = portolan_certificate_sha256 (certificate);
  self->errors = errors;
  self->expected_sha256 = g_strdup (expected_sha256);

  return self;
}

PortolanTlsInfo *
portolan_tls_info_copy (const PortolanTlsInfo *self)
{
  PortolanTlsInfo *copy = g_new0 (PortolanTlsInfo, 1);

  copy->subject = g_strdup (self->subject);
  copy->issuer = g_strdup (self->issuer);
  copy->dns_names = g_strdupv (self->dns_names);
  copy->ip_addresses = g_strdupv (self->ip_addresses);
  copy->not_before = self->not_before ? g_date_time_ref (self->not_before) : NULL;
  copy->not_after = self->not_after ? g_date_time_ref (self->not_after) : NULL;
  copy->sha256 = g_strdup (self->sha256);
  copy->errors = self->errors;
  copy->expected_sha256 = g_strdup (self->expected_sha256);
  copy->chain_length = self->chain_length;

  return copy;
}

void
portolan_tls_info_free (PortolanTlsInfo *self)
{
  g_free (self->subject);
  g_free (self->issuer);
  g_strfreev (self->dns_names);
  g_strfreev (self->ip_addresses);
  g_clear_pointer (&self->not_before, g_date_time_unref);
  g_clear_pointer (&self->not_after, g_date_time_unref);
  g_free (self->sha256);
  g_free (self->expected_sha256);
  g_free (self);
}

gboolean
portolan_tls_info_fingerprint_matches (const PortolanTlsInfo *self)
{
  return self->expected_sha256 != NULL && g_ascii_strcasecmp (self->expected_sha256, self->sha256) == 0;
}

/**
 * portolan_tls_info_describe_problems:
 *
 * What is wrong with the certificate, in words, or %NULL when nothing is.
 * A certificate the admin pinned by its fingerprint needs no trusted
 * authority (UMS Servers often use self-signed ones), but it must still be
 * in date and for the right name.
 */
char *
portolan_tls_info_describe_problems (const PortolanTlsInfo *self)
{
  g_autoptr(GString) text = g_string_new (NULL);
  gboolean pinned = portolan_tls_info_fingerprint_matches (self);

  if (self->expected_sha256 != NULL && !pinned)
    g_string_append_printf (text, _("the certificate's fingerprint %s is not the expected %s"),
                            self->sha256, self->expected_sha256);

  for (guint i = 0; i < G_N_ELEMENTS (certificate_problems); i++)
    {
      if (!(self->errors & certificate_problems[i].flag))
        continue;
      if (pinned && certificate_problems[i].flag == G_TLS_CERTIFICATE_UNKNOWN_CA)
        continue;

      if (text->len > 0)
        g_string_append (text, "; ");

      if (certificate_problems[i].flag == G_TLS_CERTIFICATE_EXPIRED && self->not_after != NULL)
        {
          g_autofree char *date = g_date_time_format (self->not_after, "%Y-%m-%d");

          g_string_append_printf (text, _("the certificate expired on %s"), date);
        }
      else
        g_string_append_printf (text, _("the certificate is %s"),
                                g_dgettext (GETTEXT_PACKAGE, certificate_problems[i].problem));
    }

  if (self->chain_length > PORTOLAN_TLS_MAX_CHAIN)
    {
      if (text->len > 0)
        g_string_append (text, "; ");
      g_string_append_printf (text, _("the server sent a chain of %u certificates; only the first %u were checked"),
                              self->chain_length, PORTOLAN_TLS_MAX_CHAIN);
    }

  if (text->len == 0)
    return NULL;

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/**
 * portolan_tls_info_describe:
 *
 * One line about the certificate for a check's detail.
 */
char *
portolan_tls_info_describe (const PortolanTlsInfo *self)
{
  g_autofree char *until = self->not_after ? g_date_time_format (self->not_after, "%Y-%m-%d") : g_strdup ("?");

  /* Translators: "certificate CN=ums.example.com, issued by CN=Example CA, valid until 2027-01-01" */
  return g_strdup_printf (_("certificate %s, issued by %s, valid until %s"),
                          self->subject ? self->subject : "?",
                          self->issuer ? self->issuer : "?",
                          until);
}

void
portolan_tls_info_build_json (const PortolanTlsInfo *self,
                              JsonBuilder           *builder)
{
  json_builder_begin_object (builder);
  portolan_json_add_string (builder, "subject", self->subject);
  portolan_json_add_string (builder, "issuer", self->issuer);
  portolan_json_add_strv (builder, "dns_names", (const char * const *) self->dns_names);
  portolan_json_add_strv (builder, "ip_addresses", (const char * const *) self->ip_addresses);
  portolan_json_add_date (builder, "not_before", self->not_before);
  portolan_json_add_date (builder, "not_after", self->not_after);
  portolan_json_add_string (builder, "sha256", self->sha256);
  portolan_json_add_string (builder, "expected_sha256", self->expected_sha256);

  json_builder_set_member_name (builder, "problems");
  json_builder_begin_array (builder);
  for (guint i = 0; i < G_N_ELEMENTS (certificate_problems); i++)
    if (self->errors & certificate_problems[i].flag)
      json_builder_add_string_value (builder, certificate_problems[i].name);
  if (self->expected_sha256 != NULL && !portolan_tls_info_fingerprint_matches (self))
    json_builder_add_string_value (builder, "fingerprint-mismatch");
  if (self->chain_length > PORTOLAN_TLS_MAX_CHAIN)
    json_builder_add_string_value (builder, "chain-too-long");
  json_builder_end_array (builder);

  if (self->chain_length > 0)
    {
      json_builder_set_member_name (builder, "chain_length");
      json_builder_add_int_value (builder, self->chain_length);
    }

  json_builder_end_object (builder);
}
