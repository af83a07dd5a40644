/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-report-redactor.c
 *
 * A redacted report must not name a host or an address of the
 * installation anywhere, yet stay readable: the same host is the same
 * placeholder everywhere, named after its role ("ums-server-1",
 * "os11-device-2"), and addresses are "address-1", "address-2"… in the
 * order they are met, so two reports of the same plan read the same.
 *
 * The names are registered first; then free text (the probes' details,
 * certificate subjects) is rewritten: every known name that stands as a
 * word of its own is replaced, and so is any IP address that was not
 * registered, in case a probe's message names one more.
 */
#include "config.h"

#include <string.h>

#include <gio/gio.h>

#include "portolan-report-redactor-private.h"

struct _PortolanReportRedactor
{
  GStringChunk *strings;   /* every placeholder */
  GHashTable   *exact;     /* a name of one label → placeholder, case matters */
  GHashTable   *folded;    /* a dotted name or an address, lower case → placeholder */
  GHashTable   *counters;  /* prefix → how many placeholders it has */
  GHashTable   *kept;      /* lower-case names never replaced */
  GPtrArray    *literals;  /* Literal, the longest first */
  GRegex       *ipv4;
  GRegex       *ipv6;
  GRegex       *dns;
};

typedef struct
{
  char       *text;
  const char *placeholder;
} Literal;

static void
literal_free (Literal *literal)
{
  g_free (literal->text);
  g_free (literal);
}

PortolanReportRedactor *
portolan_report_redactor_new (void)
{
  PortolanReportRedactor *self = g_new0 (PortolanReportRedactor, 1);

  self->strings = g_string_chunk_new (256);
  self->exact = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->folded = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->counters = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->kept = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->literals = g_ptr_array_new_with_free_func ((GDestroyNotify) literal_free);

  /* Not inside a longer number or name; an address at the end of a
   * sentence keeps its full stop */
  self->ipv4 = g_regex_new ("(?<![\\w.-])(?:\\d{1,3}\\.){3}\\d{1,3}(?![\\w-]|\\.\\d)",
                            G_REGEX_OPTIMIZE, 0, NULL);
  /* Neither a fingerprint "AB:CD:…" (too many groups) nor part of one */
  self->ipv6 = g_regex_new ("(?<![\\w:.-])[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?:%[\\w.]+)?(?![\\w:-])",
                            G_REGEX_OPTIMIZE, 0, NULL);
  /* A name of two labels or more that ends in letters, "db-7.corp.example"
   * or "*.corp.example", but not "e.g.", "2026.1" or "12.01.100" */
  self->dns = g_regex_new ("(?<![\\w.*-])(?:\\*\\.)?(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\\.)+"
                           "[A-Za-z][A-Za-z0-9-]*[A-Za-z0-9](?![\\w-]|\\.[A-Za-z0-9])",
                           G_REGEX_OPTIMIZE, 0, NULL);
  g_assert (self->ipv4 != NULL && self->ipv6 != NULL && self->dns != NULL);

  return self;
}

void
portolan_report_redactor_free (PortolanReportRedactor *self)
{
  if (self == NULL)
    return;

  g_string_chunk_free (self->strings);
  g_hash_table_unref (self->exact);
  g_hash_table_unref (self->folded);
  g_hash_table_unref (self->counters);
  g_hash_table_unref (self->kept);
  g_ptr_array_unref (self->literals);
  g_regex_unref (self->ipv4);
  g_regex_unref (self->ipv6);
  g_regex_unref (self->dns);
  g_free (self);
}

/* "ums.example.com" and "UMS.Example.com" are one host; "ums" and "UMS"
 * are not the same word in a sentence, so names of one label keep their
 * case: "UMS Server" stays readable when a host is called "ums". */
static gboolean
is_folded (const char *name,
           gsize       length)
{
  return memchr (name, '.', length) != NULL || memchr (name, ':', length) != NULL;
}

static GHashTable *
table_for (PortolanReportRedactor *self,
           const char             *name,
           gsize                   length,
           char                  **key)
{
  if (is_folded (name, length))
    {
      *key = g_ascii_strdown (name, length);
      return self->folded;
    }

  *key = g_strndup (name, length);
  return self->exact;
}

static const char *
lookup_len (PortolanReportRedactor *self,
            const char             *name,
            gsize                   length)
{
  g_autofree char *key = NULL;
  GHashTable *table = table_for (self, name, length, &key);

  return g_hash_table_lookup (table, key);
}

static const char *
next_placeholder (PortolanReportRedactor *self,
                  const char             *prefix)
{
  guint n = GPOINTER_TO_UINT (g_hash_table_lookup (self->counters, prefix)) + 1;
  g_autofree char *text = g_strdup_printf ("%s-%u", prefix, n);

  g_hash_table_replace (self->counters, g_strdup (prefix), GUINT_TO_POINTER (n));
  return g_string_chunk_insert_const (self->strings, text);
}

static gboolean
is_kept (PortolanReportRedactor *self,
         const char             *name)
{
  g_autofree char *folded = g_ascii_strdown (name, -1);

  return g_hash_table_contains (self->kept, folded);
}

/**
 * portolan_report_redactor_keep:
 *
 * Leaves a name as it is: the public names of IGEL's cloud services say
 * nothing about an installation, and a support engineer needs them.
 */
void
portolan_report_redactor_keep (PortolanReportRedactor *self,
                               const char             *name)
{
  g_return_if_fail (self != NULL);

  if (name != NULL && *name != '\0')
    g_hash_table_add (self->kept, g_ascii_strdown (name, -1));
}

static const char *
add_name (PortolanReportRedactor *self,
          const char             *prefix,
          const char             *name)
{
  g_autofree char *key = NULL;
  GHashTable *table;
  const char *placeholder;

  if (name == NULL || *name == '\0')
    return NULL;
  if (is_kept (self, name))
    return name;

  table = table_for (self, name, strlen (name), &key);
  placeholder = g_hash_table_lookup (table, key);
  if (placeholder == NULL)
    {
      placeholder = next_placeholder (self, prefix);
      g_hash_table_insert (table, g_steal_pointer (&key), (gpointer) placeholder);
    }

  return placeholder;
}

/**
 * portolan_report_redactor_add_host:
 * @prefix: what the placeholder is called after: the role id, or "host"
 * @host: (nullable): a host name or address
 *
 * Returns: (nullable): the placeholder of @host, the same for every
 *   call with the same host; @host itself for a name to keep
 */
const char *
portolan_report_redactor_add_host (PortolanReportRedactor *self,
                                   const char             *prefix,
                                   const char             *host)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (prefix != NULL, NULL);

  return add_name (self, prefix, host);
}

/**
 * portolan_report_redactor_add_address:
 *
 * An address gets "address-N", unless it was already registered as a
 * host: then it keeps that placeholder.
 */
const char *
portolan_report_redactor_add_address (PortolanReportRedactor *self,
                                      const char             *address)
{
  g_return_val_if_fail (self != NULL, NULL);

  return add_name (self, "address", address);
}

static int
compare_literals (gconstpointer a,
                  gconstpointer b)
{
  const Literal *la = *(const Literal * const *) a;
  const Literal *lb = *(const Literal * const *) b;

  return (int) strlen (lb->text) - (int) strlen (la->text);
}

/**
 * portolan_report_redactor_add_literal:
 *
 * A text replaced wherever it occurs, even inside a word: a proxy URL,
 * which may carry a user name and password.
 */
void
portolan_report_redactor_add_literal (PortolanReportRedactor *self,
                                      const char             *prefix,
                                      const char             *text)
{
  Literal *literal;

  g_return_if_fail (self != NULL);
  g_return_if_fail (prefix != NULL);

  if (text == NULL || *text == '\0')
    return;

  for (guint i = 0; i < self->literals->len; i++)
    if (g_str_equal (((Literal *) g_ptr_array_index (self->literals, i))->text, text))
      return;

  literal = g_new0 (Literal, 1);
  literal->text = g_strdup (text);
  literal->placeholder = next_placeholder (self, prefix);
  g_ptr_array_add (self->literals, literal);
  g_ptr_array_sort (self->literals, compare_literals);
}

/**
 * portolan_report_redactor_lookup:
 *
 * Returns: (nullable): the placeholder of a registered name, or %NULL
 */
const char *
portolan_report_redactor_lookup (PortolanReportRedactor *self,
                                 const char             *name)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (name == NULL || *name == '\0')
    return NULL;

  return lookup_len (self, name, strlen (name));
}

static gboolean
is_token_char (char c)
{
  return g_ascii_isalnum (c) || c == '.' || c == ':' || c == '-' || c == '_' || c == '%' || c == '*';
}

static gboolean
is_separator (char c)
{
  return c == '.' || c == ':';
}

/* Replaces the known names in a word such as "ums.example.com:8443" or
 * "DNS:10.0.0.5": each may start at the word's start or after a dot or
 * colon, and end at its end or before one; the earliest and longest
 * wins */
static void
redact_token (PortolanReportRedactor *self,
              GString                *out,
              const char             *token,
              gsize                   length)
{
  gsize pos = 0;

  while (pos < length)
    {
      gboolean found = FALSE;

      for (gsize start = pos; start < length && !found; start++)
        {
          if (start != pos && !is_separator (token[start - 1]))
            continue;

          for (gsize end = length; end > start; end--)
            {
              const char *placeholder;

              if (end != length && !is_separator (token[end]))
                continue;

              placeholder = lookup_len (self, token + start, end - start);
              if (placeholder != NULL)
                {
                  g_string_append_len (out, token + pos, start - pos);
                  g_string_append (out, placeholder);
                  pos = end;
                  found = TRUE;
                  break;
                }
            }
        }

      if (!found)
        {
          g_string_append_len (out, token + pos, length - pos);
          break;
        }
    }
}

static gboolean
replace_address_cb (const GMatchInfo *info,
                    GString          *result,
                    gpointer          user_data)
{
  PortolanReportRedactor *self = user_data;
  g_autofree char *match = g_match_info_fetch (info, 0);
  g_autoptr(GInetAddress) address = NULL;
  char *scope = strchr (match, '%');

  if (scope != NULL)
    *scope = '\0';

  address = g_inet_address_new_from_string (match);
  if (address == NULL)
    {
      if (scope != NULL)
        *scope = '%';
      g_string_append (result, match);
    }
  else
    g_string_append (result, add_name (self, "address", match));

  return FALSE;
}

static gboolean
replace_name_cb (const GMatchInfo *info,
                 GString          *result,
                 gpointer          user_data)
{
  PortolanReportRedactor *self = user_data;
  g_autofree char *match = g_match_info_fetch (info, 0);

  g_string_append (result, add_name (self, "host", match));
  return FALSE;
}

/**
 * portolan_report_redactor_redact_text:
 * @text: (nullable):
 *
 * @text with every registered name, every IP address and every other
 * dotted host name replaced by its placeholder; an address or a name
 * not met before is registered ("address-N", "host-N").
 *
 * Returns: (transfer full) (nullable):
 */
char *
portolan_report_redactor_redact_text (PortolanReportRedactor *self,
                                      const char             *text)
{
  g_autoptr(GString) literal = NULL;
  g_autoptr(GString) named = NULL;
  g_autofree char *v4 = NULL;
  g_autofree char *v6 = NULL;
  const char *p;

  g_return_val_if_fail (self != NULL, NULL);

  if (text == NULL)
    return NULL;

  literal = g_string_new (text);
  for (guint i = 0; i < self->literals->len; i++)
    {
      Literal *l = g_ptr_array_index (self->literals, i);

      g_string_replace (literal, l->text, l->placeholder, 0);
    }

  named = g_string_sized_new (literal->len);
  for (p = literal->str; *p != '\0';)
    {
      const char *start = p;

      while (*p != '\0' && is_token_char (*p))
        p++;
      if (p > start)
        redact_token (self, named, start, p - start);
      for (start = p; *p != '\0' && !is_token_char (*p); p++)
        ;
      g_string_append_len (named, start, p - start);
    }

  /* IPv4 first: "::ffff:10.1.2.3" must not lose only its last group */
  v4 = g_regex_replace_eval (self->ipv4, named->str, named->len, 0, 0, replace_address_cb, self, NULL);
  v6 = g_regex_replace_eval (self->ipv6, v4, -1, 0, 0, replace_address_cb, self, NULL);
  /* The names a message gives that no check or certificate did */
  return g_regex_replace_eval (self->dns, v6, -1, 0, 0, replace_name_cb, self, NULL);
}

/**
 * portolan_report_redactor_redact_tls:
 *
 * A copy of @info with its names and addresses replaced: those the
 * certificate is for, and those in its subject and issuer. The dates
 * and fingerprints stay: they identify the certificate, not a host.
 */
PortolanTlsInfo *
portolan_report_redactor_redact_tls (PortolanReportRedactor *self,
                                     const PortolanTlsInfo  *info)
{
  PortolanTlsInfo *copy;

  g_return_val_if_fail (self != NULL, NULL);

  if (info == NULL)
    return NULL;

  copy = portolan_tls_info_copy (info);
  g_free (copy->subject);
  g_free (copy->issuer);
  copy->subject = portolan_report_redactor_redact_text (self, info->subject);
  copy->issuer = portolan_report_redactor_redact_text (self, info->issuer);

  for (guint i = 0; copy->dns_names != NULL && copy->dns_names[i] != NULL; i++)
    {
      char *placeholder = g_strdup (add_name (self, "host", copy->dns_names[i]));

      g_free (copy->dns_names[i]);
      copy->dns_names[i] = placeholder;
    }
  for (guint i = 0; copy->ip_addresses != NULL && copy->ip_addresses[i] != NULL; i++)
    {
      char *placeholder = g_strdup (add_name (self, "address", copy->ip_addresses[i]));

      g_free (copy->ip_addresses[i]);
      copy->ip_addresses[i] = placeholder;
    }

  return copy;
}
