/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-host-spec.c
 *
 * What an admin may type as a role's host: a DNS name, an IPv4 or IPv6
 * address, and for devices an IPv4 range (10.1.1.20-40) or a CIDR block.
 * IP literals are read strictly: GInetAddress alone takes forms nobody
 * means in a host field, and a leading zero can mean octal to other
 * tools, so "010.1.1.1" is refused rather than guessed at. Every message
 * quotes the spec and says what is wrong with it.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "portolan-host-spec-private.h"

#define MAX_NAME_LENGTH  253
#define MAX_LABEL_LENGTH 63

typedef struct
{
  PortolanHostSpecKind  kind;
  char                 *text;       /* as typed, without IPv6 brackets */
  gsize                 size;       /* 4 or 16 bytes for addresses, 0 for a name */
  guint8                first[16];  /* the first host of a range or block */
  guint                 host_bits;  /* of a CIDR block */
  guint64               count;      /* hosts; G_MAXUINT64 for 2^64 and more */
} HostSpec;

G_DEFINE_QUARK (portolan-host-spec-error-quark, portolan_host_spec_error)

static void
host_spec_clear (HostSpec *spec)
{
  g_clear_pointer (&spec->text, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (HostSpec, host_spec_clear)

static gboolean fail (GError     **error,
                      int          code,
                      const char  *spec,
                      const char  *format,
                      ...) G_GNUC_PRINTF (4, 5);

static gboolean
fail (GError     **error,
      int          code,
      const char  *spec,
      const char  *format,
      ...)
{
  g_autofree char *what = NULL;
  va_list args;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);

  /* Translators: the first %s is a host as the admin typed it, the second what is wrong with it */
  g_set_error (error, PORTOLAN_HOST_SPEC_ERROR, code, _("“%s”: %s"), spec, what);
  return FALSE;
}

static gboolean
is_ipv4_like (const char *text)
{
  return text[strspn (text, "0123456789.")] == '\0' && strpbrk (text, "0123456789") != NULL;
}

/* A decimal number as written in addresses: digits only, no leading zero */
static gboolean
parse_decimal (const char  *spec,
               const char  *digits,
               guint       *value,
               GError     **error)
{
  gsize length = strlen (digits);
  const char *significant;

  if (length == 0 || digits[strspn (digits, "0123456789")] != '\0')
    return fail (error, PORTOLAN_HOST_SPEC_ERROR_INVALID, spec,
                 _("“%s” is not a number"), digits);

  significant = MIN (digits + strspn (digits, "0"), digits + length - 1);
  if (significant != digits)
    return fail (error, PORTOLAN_HOST_SPEC_ERROR_INVALID, spec,
                 _("%s starts with a zero, which some programs read as octal; write %s"),
                 digits, significant);

  /* Longer numbers are above every limit here; G_MAXUINT keeps them so */
  *value = length > 9 ? G_MAXUINT : (guint) g_ascii_strtoull (digits, NULL, 10);
  return TRUE;
}

static gboolean
parse_ipv4 (const char  *spec,
            const char  *text,
            guint8       bytes[4],
            GError     **error)
{
  g_auto(GStrv) parts = g_strsplit (text, ".", -1);
  guint n_parts = g_strv_length (parts);

  if (n_parts != 4)
    return fail (error, PORTOLAN_HOST_SPEC_ERROR_INVALID, spec,
                 _("an IPv4 address has four numbers separated by dots, not %u"), n_parts);

  for (guint i = 0; i < 4; i++)
    {
      guint value;

      if (parts[i][0] == '\0')
        return fail (error, PORTOLAN_HOST_SPEC_ERROR_INVALID, spec,
                     _("a number is missing in the address"));
      if (!parse_decimal (spec, parts[i], &value, error))
        return FALSE;
      if (value > 255)
        return fail (error, PORTOLAN_HOST_SPEC_ERROR_INVALID, spec,
                     _("%s is above 255"), parts[i]);

      bytes[i] = value;
    }

  return TRUE;
}

static gboolean
parse_ipv6 (const char  *spec,
            const char  *text,
            guint8       bytes[16],
            GError     **error)
{
  g_autoptr(GInetAddress) address = g_inet_address_new_from_string (text);

  if (address == NULL || g_inet_address_get_family (address) != G_SOCKET_FAMILY_IPV6)
    return fail (error, PORTOLAN_HOST_SPEC_ERROR_INVALID, spec,
                 _("this is not a valid IPv6 address"));

  memcpy (bytes, g_inet_address_to_bytes (address), 16);
  return TRUE;
}

static gboolean
parse_address (const char  *text,
               HostSpec    *out,
               GError     **error)
{
  if (strchr (text, ':') != NULL)
    {
      out->kind = PORTOLAN_HOST_SPEC_KIND_IPV6;
      out->size = 16;
      out->count = 1;
      return parse_ipv6 (out->text, text, out->first, error);
    }

  out->kind = PORTOLAN_HOST_SPEC_KIND_IPV4;
  out->size = 4;
  out->count = 1;
  return parse_ipv4 (out->text, text, out->first, error);
}

/* a.b.c.d-e: the last number runs from d to e */
static gboolean
parse_range (HostSpec    *out,
             const char  *dash,
             GError     **error)
{
  g_autofree char *start = g_strndup (out->text, dash - out->text);
  const char *end = dash + 1;
  guint last;

  if (strchr (end, '.') != NULL)
    return fail (error, PORTOLAN_HOST_SPEC_ERROR_INVALID, out->text,
                 _("after the dash, give only the last number, as in %s-20"), start);
  if (*end == '\0')
    return fail (error, PORTOLAN_HOST_SPEC_ERROR_INVALID, out->text,
                 _("a number is missing after the dash"));
  if (!parse_address (start, out, error) ||
      !parse_decimal (out->text, end, &last, error))
    return FALSE;
  if (last > 255)
    return fail (error, PORTOLAN_HOST_SPEC_ERROR_INVALID, out->text,
                 _("%s is above 255"), end);
  if (last < out->first[3])
    return fail (error, PORTOLAN_HOST_SPEC_ERROR_INVALID, out->text,
                 _("the range must go upwards (%u is above %u)"), out->first[3], last);

  out->kind = PORTOLAN_HOST_SPEC_KIND_IPV4_RANGE;
  out->count = last - out->first[3] + 1;
  return TRUE;
}

static gboolean
clear_host_bits (guint8 *bytes,
                 gsize   size,
                 guint   prefix)
{
  gboolean had_host_bits = FALSE;

  for (gsize i = 0; i < size; i++)
    {
      guint network_bits = CLAMP ((int) prefix - (int) (i * 8), 0, 8);
      guint8 mask = network_bits == 0 ? 0 : (guint8) (0xff << (8 - network_bits));

      had_host_bits |= (bytes[i] & ~mask) != 0;
      bytes[i] &= mask;
    }

  return had_host_bits;
}

static char *
format_address (const guint8 *bytes,
                gsize         size)
{
  g_autoptr(GInetAddress) address = NULL;

  if (size == 4)
    return g_strdup_printf ("%u.%u.%u.%u", bytes[0], bytes[1], bytes[2], bytes[3]);

  address = g_inet_address_new_from_bytes (bytes, G_SOCKET_FAMILY_IPV6);
  return g_inet_address_to_string (address);
}

/* address/prefix, IPv4 or IPv6 */
static gboolean
parse_cidr (HostSpec    *out,
            const char  *slash,
            GError     **error)
{
  g_autofree char *network = g_strndup (out->text, slash - out->text);
  const char *prefix_text = slash + 1;
  guint prefix, max_prefix;

  if (strchr (network, ':') == NULL && !is_ipv4_like (network))
    return fail (error, PORTOLAN_HOST_SPEC_ERROR_INVALID, out->text,
                 _("only an IP address can have a /prefix length"));
  if (*prefix_text == '\0')
    return fail (error, PORTOLAN_HOST_SPEC_ERROR_INVALID, out->text,
                 _("the prefix length is missing after the slash"));
  if (!parse_address (network, out, error) ||
      !parse_decimal (out->text, prefix_text, &prefix, error))
    return FALSE;

  max_prefix = out->size * 8;
  if (prefix > max_prefix)
    return fail (error, PORTOLAN_HOST_SPEC_ERROR_INVALID, out->text,
                 _("the prefix length must be at most %u, not %s"), max_prefix, prefix_text);

  if (clear_host_bits (out->first, out->size, prefix))
    {
      g_autofree char *start = format_address (out->first, out->size);

      return fail (error, PORTOLAN_HOST_SPEC_ERROR_INVALID, out->text,
                   _("%s is not where a /%u block starts; did you mean %s/%u?"),
                   network, prefix, start, prefix);
    }

  out->kind = PORTOLAN_HOST_SPEC_KIND_CIDR;
  out->host_bits = max_prefix - prefix;
  out->count = out->host_bits >= 64 ? G_MAXUINT64 : G_GUINT64_CONSTANT (1) << out->host_bits;

  /* An IPv4 block's first and last addresses are its network and
   * broadcast addresses, not hosts; /31 and /32 have no such thing */
  if (out->size == 4 && prefix <= 30)
    {
      out->first[3] += 1;
      out->count -= 2;
    }

  return TRUE;
}

/* RFC 1123: labels of letters, digits and inner hyphens, joined by dots */
static gboolean
check_name (const char  *spec,
            GError     **error)
{
  gsize length = strlen (spec);
  const char *label = spec;

  if (spec[length - 1] == '.')
    length--;
  if (length > MAX_NAME_LENGTH)
    return fail (error, PORTOLAN_HOST_SPEC_ERROR_INVALID, spec,
                 _("a host name cannot be longer than %d characters"), MAX_NAME_LENGTH);

  for (const char *c = spec; c <= spec + length; c = g_utf8_next_char (c))
    {
      gsize label_length = c - label;

      if (c < spec + length && *c != '.')
        {
          if (!g_ascii_isalnum (*c) && *c != '-')
            return fail (error, PORTOLAN_HOST_SPEC_ERROR_INVALID, spec,
                         _("a host name can only contain letters, digits, hyphens and dots, not “%.*s”"),
                         (int) (g_utf8_next_char (c) - c), c);
          continue;
        }

      if (label_length == 0)
        return fail (error, PORTOLAN_HOST_SPEC_ERROR_INVALID, spec,
                     _("a host name cannot have an empty part between dots"));
      if (label_length > MAX_LABEL_LENGTH)
        return fail (error, PORTOLAN_HOST_SPEC_ERROR_INVALID, spec,
                     _("“%.*s” is longer than %d characters, the most for one part of a host name"),
                     (int) label_length, label, MAX_LABEL_LENGTH);
      if (label[0] == '-' || label[label_length - 1] == '-')
        return fail (error, PORTOLAN_HOST_SPEC_ERROR_INVALID, spec,
                     _("a part of a host name cannot start or end with a hyphen, as “%.*s” does"),
                     (int) label_length, label);

      label = c + 1;
    }

  return TRUE;
}

static gboolean
parse_unbracketed (HostSpec    *out,
                   GError     **error)
{
  const char *slash = strchr (out->text, '/');
  const char *dash = strchr (out->text, '-');

  const char *colon = strchr (out->text, ':');

  if (slash != NULL)
    return parse_cidr (out, slash, error);

  /* An IPv6 address has at least two colons; one means "host:port" */
  if (colon != NULL && strchr (colon + 1, ':') == NULL)
    return fail (error, PORTOLAN_HOST_SPEC_ERROR_INVALID, out->text,
                 _("a host is given without a port; ports are set for each link"));
  if (colon != NULL)
    return parse_address (out->text, out, error);

  /* "thin-17" is a name, "10.1.1.9-30" a range: the part before the dash decides */
  if (dash != NULL)
    {
      g_autofree char *start = g_strndup (out->text, dash - out->text);

      if (*start != '\0' && is_ipv4_like (start))
        return parse_range (out, dash, error);
    }
  if (is_ipv4_like (out->text))
    return parse_address (out->text, out, error);

  out->kind = PORTOLAN_HOST_SPEC_KIND_NAME;
  out->count = 1;
  return check_name (out->text, error);
}

static gboolean
parse_spec (const char  *spec,
            HostSpec    *out,
            GError     **error)
{
  gsize length = strlen (spec);

  if (length == 0)
    {
      g_set_error_literal (error, PORTOLAN_HOST_SPEC_ERROR, PORTOLAN_HOST_SPEC_ERROR_INVALID,
                           _("a host cannot be empty"));
      return FALSE;
    }

  for (const char *c = spec; *c != '\0'; c++)
    if (g_ascii_isspace (*c))
      return fail (error, PORTOLAN_HOST_SPEC_ERROR_INVALID, spec,
                   _("a host name cannot contain a space"));

  /* [::1] is how IPv6 addresses are written in URLs; keep the address only */
  if (spec[0] == '[')
    {
      if (spec[length - 1] != ']')
        return fail (error, PORTOLAN_HOST_SPEC_ERROR_INVALID, spec,
                     _("the “[” has no closing “]”"));

      out->text = g_strndup (spec + 1, length - 2);
      if (strchr (out->text, ':') == NULL)
        return fail (error, PORTOLAN_HOST_SPEC_ERROR_INVALID, spec,
                     _("only IPv6 addresses are written in brackets"));

      return parse_address (out->text, out, error);
    }

  out->text = g_strdup (spec);
  return parse_unbracketed (out, error);
}

static char *
format_count (const HostSpec *spec)
{
  if (spec->count == G_MAXUINT64)
    return g_strdup_printf ("2^%u", spec->host_bits);

  return g_strdup_printf ("%" G_GUINT64_FORMAT, spec->count);
}

static gboolean
parse_allowed (const char  *text,
               gboolean     allow_ranges,
               HostSpec    *spec,
               GError     **error)
{
  if (!parse_spec (text, spec, error))
    return FALSE;

  if (!allow_ranges &&
      (spec->kind == PORTOLAN_HOST_SPEC_KIND_IPV4_RANGE || spec->kind == PORTOLAN_HOST_SPEC_KIND_CIDR))
    return fail (error, PORTOLAN_HOST_SPEC_ERROR_RANGE_NOT_ALLOWED, text,
                 _("ranges are only allowed for devices"));

  if (spec->count > PORTOLAN_MAX_HOSTS_PER_ROLE)
    {
      g_autofree char *count = format_count (spec);

      g_set_error (error, PORTOLAN_HOST_SPEC_ERROR, PORTOLAN_HOST_SPEC_ERROR_TOO_MANY,
                   _("“%s” expands to %s hosts; Portolan checks at most %d hosts per role"),
                   text, count, PORTOLAN_MAX_HOSTS_PER_ROLE);
      return FALSE;
    }

  return TRUE;
}

/**
 * portolan_host_spec_parse:
 * @allow_ranges: whether ranges and CIDR blocks may be given (devices)
 * @kind: (out) (optional): what the spec is
 *
 * Checks one host as the admin typed it. A range or block that alone
 * holds more than %PORTOLAN_MAX_HOSTS_PER_ROLE hosts is refused too.
 *
 * Returns: (transfer full): the spec to keep: as typed, but an IPv6
 *   address without its brackets; %NULL with @error set if it is not valid
 */
char *
portolan_host_spec_parse (const char            *spec,
                          gboolean               allow_ranges,
                          PortolanHostSpecKind  *kind,
                          GError               **error)
{
  g_auto(HostSpec) parsed = { 0 };

  g_return_val_if_fail (spec != NULL, NULL);

  if (!parse_allowed (spec, allow_ranges, &parsed, error))
    return NULL;

  if (kind != NULL)
    *kind = parsed.kind;
  return g_steal_pointer (&parsed.text);
}

static char *
format_host (const HostSpec *spec,
             guint64         index)
{
  guint8 bytes[16];
  guint64 carry = index;

  if (spec->size == 0)
    return g_strdup (spec->text);

  memcpy (bytes, spec->first, spec->size);
  for (gsize i = spec->size; i > 0 && carry > 0; i--)
    {
      carry += bytes[i - 1];
      bytes[i - 1] = carry & 0xff;
      carry >>= 8;
    }

  return format_address (bytes, spec->size);
}

/* Host names are case-insensitive, and the trailing dot changes nothing */
static char *
dedup_key (const char *host)
{
  gsize length = strlen (host);

  if (length > 1 && host[length - 1] == '.')
    length--;

  return g_ascii_strdown (host, length);
}

/**
 * portolan_host_spec_expand:
 * @specs: the hosts of one role, as typed
 *
 * Turns ranges and blocks into the hosts to probe, in order, each once.
 *
 * Returns: (transfer full) (element-type utf8): host names as given and
 *   addresses in their usual form; %NULL with @error set when a spec is
 *   not valid or there are more than %PORTOLAN_MAX_HOSTS_PER_ROLE hosts
 */
GPtrArray *
portolan_host_spec_expand (const char * const  *specs,
                           gboolean             allow_ranges,
                           GError             **error)
{
  g_autoptr(GPtrArray) hosts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; specs != NULL && specs[i] != NULL; i++)
    {
      g_auto(HostSpec) spec = { 0 };

      if (!parse_allowed (specs[i], allow_ranges, &spec, error))
        return NULL;

      for (guint64 n = 0; n < spec.count; n++)
        {
          g_autofree char *host = format_host (&spec, n);

          if (g_hash_table_add (seen, dedup_key (host)))
            g_ptr_array_add (hosts, g_steal_pointer (&host));
        }

      if (hosts->len > PORTOLAN_MAX_HOSTS_PER_ROLE)
        {
          g_set_error (error, PORTOLAN_HOST_SPEC_ERROR, PORTOLAN_HOST_SPEC_ERROR_TOO_MANY,
                       _("“%s” brings this role to %u hosts; Portolan checks at most %d hosts per role"),
                       specs[i], hosts->len, PORTOLAN_MAX_HOSTS_PER_ROLE);
          return NULL;
        }
    }

  return g_steal_pointer (&hosts);
}
