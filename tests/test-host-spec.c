/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-host-spec.c: the hosts an admin may type, their messages and expansion */
#include "config.h"

#include "portolan-host-spec-private.h"

typedef struct
{
  const char           *spec;
  PortolanHostSpecKind  kind;
  const char           *kept;  /* what the profile keeps */
} GoodCase;

static const GoodCase good_cases[] = {
  { "ums.example.com", PORTOLAN_HOST_SPEC_KIND_NAME, "ums.example.com" },
  { "ums.example.com.", PORTOLAN_HOST_SPEC_KIND_NAME, "ums.example.com." },
  { "thin-17", PORTOLAN_HOST_SPEC_KIND_NAME, "thin-17" },
  { "UMS01", PORTOLAN_HOST_SPEC_KIND_NAME, "UMS01" },
  { "10.0.0.1", PORTOLAN_HOST_SPEC_KIND_IPV4, "10.0.0.1" },
  { "0.0.0.0", PORTOLAN_HOST_SPEC_KIND_IPV4, "0.0.0.0" },
  { "255.255.255.255", PORTOLAN_HOST_SPEC_KIND_IPV4, "255.255.255.255" },
  { "::1", PORTOLAN_HOST_SPEC_KIND_IPV6, "::1" },
  { "[::1]", PORTOLAN_HOST_SPEC_KIND_IPV6, "::1" },
  { "[FD00::1:2]", PORTOLAN_HOST_SPEC_KIND_IPV6, "FD00::1:2" },
  { "::ffff:10.0.0.1", PORTOLAN_HOST_SPEC_KIND_IPV6, "::ffff:10.0.0.1" },
  { "10.1.1.20-40", PORTOLAN_HOST_SPEC_KIND_IPV4_RANGE, "10.1.1.20-40" },
  { "10.1.1.7-7", PORTOLAN_HOST_SPEC_KIND_IPV4_RANGE, "10.1.1.7-7" },
  { "10.1.2.0/24", PORTOLAN_HOST_SPEC_KIND_CIDR, "10.1.2.0/24" },
  { "10.1.2.7/32", PORTOLAN_HOST_SPEC_KIND_CIDR, "10.1.2.7/32" },
  { "fd00::/120", PORTOLAN_HOST_SPEC_KIND_CIDR, "fd00::/120" },
};

static void
test_accepted (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (good_cases); i++)
    {
      g_autoptr(GError) error = NULL;
      PortolanHostSpecKind kind;
      g_autofree char *kept = portolan_host_spec_parse (good_cases[i].spec, TRUE, &kind, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (kept, ==, good_cases[i].kept);
      g_assert_cmpint (kind, ==, good_cases[i].kind);
    }
}

static void
test_name_limits (void)
{
  g_autofree char *label63 = g_strnfill (63, 'a');
  g_autofree char *label64 = g_strnfill (64, 'a');
  g_autofree char *name253 = g_strjoin (".", label63, label63, label63, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", NULL);
  g_autofree char *name253_dot = g_strconcat (name253, ".", NULL);
  g_autofree char *name254 = g_strconcat (name253, "a", NULL);
  g_autofree char *long_label = g_strconcat (label64, ".example.com", NULL);
  g_autofree char *kept = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (strlen (name253), ==, 253);

  kept = portolan_host_spec_parse (label63, FALSE, NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&kept, g_free);
  kept = portolan_host_spec_parse (name253, FALSE, NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&kept, g_free);
  kept = portolan_host_spec_parse (name253_dot, FALSE, NULL, &error);
  g_assert_no_error (error);

  g_assert_null (portolan_host_spec_parse (name254, FALSE, NULL, &error));
  g_assert_error (error, PORTOLAN_HOST_SPEC_ERROR, PORTOLAN_HOST_SPEC_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "cannot be longer than 253 characters"));
  g_clear_error (&error);

  g_assert_null (portolan_host_spec_parse (long_label, FALSE, NULL, &error));
  g_assert_error (error, PORTOLAN_HOST_SPEC_ERROR, PORTOLAN_HOST_SPEC_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "is longer than 63 characters"));
}

typedef struct
{
  const char *spec;
  const char *message;
} BadCase;

static const BadCase bad_cases[] = {
  { "", "a host cannot be empty" },
  { "10.0.0.300", "“10.0.0.300”: 300 is above 255" },
  { "010.1.1.1", "“010.1.1.1”: 010 starts with a zero, which some programs read as octal; write 10" },
  { "10.0.0.00", "“10.0.0.00”: 00 starts with a zero, which some programs read as octal; write 0" },
  { "1.2.3", "“1.2.3”: an IPv4 address has four numbers separated by dots, not 3" },
  { "1.2.3.4.5", "“1.2.3.4.5”: an IPv4 address has four numbers separated by dots, not 5" },
  { "10..0.1", "“10..0.1”: a number is missing in the address" },
  { "99999999999.1.1.1", "“99999999999.1.1.1”: 99999999999 is above 255" },
  { "ums server", "“ums server”: a host name cannot contain a space" },
  { " ums", "“ ums”: a host name cannot contain a space" },
  { "ums_01", "“ums_01”: a host name can only contain letters, digits, hyphens and dots, not “_”" },
  { "münchen.example", "“münchen.example”: a host name can only contain letters, digits, hyphens and dots, not “ü”" },
  { "-ums", "“-ums”: a part of a host name cannot start or end with a hyphen, as “-ums” does" },
  { "ums-.example.com", "“ums-.example.com”: a part of a host name cannot start or end with a hyphen, as “ums-” does" },
  { "ums..example.com", "“ums..example.com”: a host name cannot have an empty part between dots" },
  { ".example.com", "“.example.com”: a host name cannot have an empty part between dots" },
  { ".", "“.”: a host name cannot have an empty part between dots" },
  { "ums.example.com:8443", "“ums.example.com:8443”: a host is given without a port; ports are set for each link" },
  { "fd00::zz", "“fd00::zz”: this is not a valid IPv6 address" },
  { "fe80::1%eth0", "“fe80::1%eth0”: this is not a valid IPv6 address" },
  { "[::1", "“[::1”: the “[” has no closing “]”" },
  { "[10.0.0.1]", "“[10.0.0.1]”: only IPv6 addresses are written in brackets" },
  { "10.1.1.9-3", "“10.1.1.9-3”: the range must go upwards (9 is above 3)" },
  { "10.1.1.9-300", "“10.1.1.9-300”: 300 is above 255" },
  { "10.1.1.9-", "“10.1.1.9-”: a number is missing after the dash" },
  { "10.1.1.1-10.1.1.20", "“10.1.1.1-10.1.1.20”: after the dash, give only the last number, as in 10.1.1.1-20" },
  { "10.1.1-3", "“10.1.1-3”: an IPv4 address has four numbers separated by dots, not 3" },
  { "10.1.1.1-x", "“10.1.1.1-x”: “x” is not a number" },
  { "10.1.2.0/33", "“10.1.2.0/33”: the prefix length must be at most 32, not 33" },
  { "fd00::/129", "“fd00::/129”: the prefix length must be at most 128, not 129" },
  { "10.1.2.0/", "“10.1.2.0/”: the prefix length is missing after the slash" },
  { "10.1.2.0/2x", "“10.1.2.0/2x”: “2x” is not a number" },
  { "10.1.2.5/24", "“10.1.2.5/24”: 10.1.2.5 is not where a /24 block starts; did you mean 10.1.2.0/24?" },
  { "fd00::1/120", "“fd00::1/120”: fd00::1 is not where a /120 block starts; did you mean fd00::/120?" },
  { "ums/24", "“ums/24”: only an IP address can have a /prefix length" },
};

static void
test_refused (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (bad_cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *kept = portolan_host_spec_parse (bad_cases[i].spec, TRUE, NULL, &error);

      g_assert_null (kept);
      g_assert_error (error, PORTOLAN_HOST_SPEC_ERROR, PORTOLAN_HOST_SPEC_ERROR_INVALID);
      g_assert_cmpstr (error->message, ==, bad_cases[i].message);
    }
}

static void
test_ranges_not_allowed (void)
{
  const char *ranges[] = { "10.1.1.0/24", "10.1.1.1-5", "10.1.1.1/32", "fd00::/126" };

  for (guint i = 0; i < G_N_ELEMENTS (ranges); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *expected = g_strdup_printf ("“%s”: ranges are only allowed for devices", ranges[i]);
      const char *specs[] = { "ums.example.com", ranges[i], NULL };

      g_assert_null (portolan_host_spec_parse (ranges[i], FALSE, NULL, &error));
      g_assert_error (error, PORTOLAN_HOST_SPEC_ERROR, PORTOLAN_HOST_SPEC_ERROR_RANGE_NOT_ALLOWED);
      g_assert_cmpstr (error->message, ==, expected);
      g_clear_error (&error);

      g_assert_null (portolan_host_spec_expand (specs, FALSE, &error));
      g_assert_error (error, PORTOLAN_HOST_SPEC_ERROR, PORTOLAN_HOST_SPEC_ERROR_RANGE_NOT_ALLOWED);
    }
}

static GPtrArray *
expand (const char * const *specs)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *hosts = portolan_host_spec_expand (specs, TRUE, &error);

  g_assert_no_error (error);
  g_assert_nonnull (hosts);
  return hosts;
}

static void
assert_first_last (GPtrArray  *hosts,
                   guint       count,
                   const char *first,
                   const char *last)
{
  g_assert_cmpuint (hosts->len, ==, count);
  g_assert_cmpstr (g_ptr_array_index (hosts, 0), ==, first);
  g_assert_cmpstr (g_ptr_array_index (hosts, hosts->len - 1), ==, last);
}

static void
test_expand_blocks (void)
{
  struct { const char *spec; guint count; const char *first; const char *last; } cases[] = {
    { "10.1.1.20-40", 21, "10.1.1.20", "10.1.1.40" },
    { "10.1.1.0-255", 256, "10.1.1.0", "10.1.1.255" },
    { "10.1.2.0/24", 254, "10.1.2.1", "10.1.2.254" },
    { "10.1.2.0/30", 2, "10.1.2.1", "10.1.2.2" },
    { "10.1.2.6/31", 2, "10.1.2.6", "10.1.2.7" },
    { "10.1.2.7/32", 1, "10.1.2.7", "10.1.2.7" },
    { "10.1.0.0/22", 1022, "10.1.0.1", "10.1.3.254" },
    { "fd00::/120", 256, "fd00::", "fd00::ff" },
    { "fd00::fe00/119", 512, "fd00::fe00", "fd00::ffff" },
    { "fd00::/116", 4096, "fd00::", "fd00::fff" },
    { "[::1]", 1, "::1", "::1" },
    { "FD00::0001", 1, "fd00::1", "fd00::1" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const char *specs[] = { cases[i].spec, NULL };
      g_autoptr(GPtrArray) hosts = expand (specs);

      assert_first_last (hosts, cases[i].count, cases[i].first, cases[i].last);
    }
}

static void
test_expand_order_and_duplicates (void)
{
  const char *specs[] = {
    "thin-17", "10.1.1.3-5", "10.1.1.4", "THIN-17.", "10.1.1.0/29", "ums.example.com", "[fd00::1]", "fd00:0::1", NULL
  };
  const char *expected[] = {
    "thin-17", "10.1.1.3", "10.1.1.4", "10.1.1.5", "10.1.1.1", "10.1.1.2", "10.1.1.6",
    "ums.example.com", "fd00::1",
  };
  g_autoptr(GPtrArray) hosts = expand (specs);

  g_assert_cmpuint (hosts->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    g_assert_cmpstr (g_ptr_array_index (hosts, i), ==, expected[i]);
}

static void
test_expand_nothing (void)
{
  const char *none[] = { NULL };
  g_autoptr(GPtrArray) hosts = expand (none);
  g_autoptr(GPtrArray) from_null = expand (NULL);

  g_assert_cmpuint (hosts->len, ==, 0);
  g_assert_cmpuint (from_null->len, ==, 0);
}

/* Sixteen ranges of 256 make exactly the cap */
static GStrv
sixteen_ranges_and (const char *extra)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; i < 16; i++)
    {
      g_autofree char *range = g_strdup_printf ("10.0.%u.0-255", i);

      g_strv_builder_add (builder, range);
    }
  if (extra != NULL)
    g_strv_builder_add (builder, extra);

  return g_strv_builder_end (builder);
}

static void
test_cap (void)
{
  g_auto(GStrv) at_cap = sixteen_ranges_and (NULL);
  g_auto(GStrv) repeated = sixteen_ranges_and ("10.0.3.3");
  g_auto(GStrv) above_cap = sixteen_ranges_and ("thin-17");
  g_autoptr(GPtrArray) hosts = NULL;
  g_autoptr(GPtrArray) same_hosts = NULL;
  g_autoptr(GError) error = NULL;

  hosts = expand ((const char * const *) at_cap);
  assert_first_last (hosts, PORTOLAN_MAX_HOSTS_PER_ROLE, "10.0.0.0", "10.0.15.255");

  /* A host already counted costs nothing */
  same_hosts = expand ((const char * const *) repeated);
  g_assert_cmpuint (same_hosts->len, ==, PORTOLAN_MAX_HOSTS_PER_ROLE);

  g_assert_null (portolan_host_spec_expand ((const char * const *) above_cap, TRUE, &error));
  g_assert_error (error, PORTOLAN_HOST_SPEC_ERROR, PORTOLAN_HOST_SPEC_ERROR_TOO_MANY);
  g_assert_cmpstr (error->message, ==,
                   "“thin-17” brings this role to 4097 hosts; Portolan checks at most 4096 hosts per role");
}

static void
test_cap_single_spec (void)
{
  struct { const char *spec; const char *message; } cases[] = {
    { "10.0.0.0/16", "“10.0.0.0/16” expands to 65534 hosts; Portolan checks at most 4096 hosts per role" },
    { "10.0.0.0/19", "“10.0.0.0/19” expands to 8190 hosts; Portolan checks at most 4096 hosts per role" },
    { "0.0.0.0/0", "“0.0.0.0/0” expands to 4294967294 hosts; Portolan checks at most 4096 hosts per role" },
    { "fd00::/115", "“fd00::/115” expands to 8192 hosts; Portolan checks at most 4096 hosts per role" },
    { "fd00::/64", "“fd00::/64” expands to 2^64 hosts; Portolan checks at most 4096 hosts per role" },
  };
  g_autoptr(GPtrArray) hosts = NULL;
  const char *just_fits[] = { "10.0.0.0/20", NULL };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      const char *specs[] = { cases[i].spec, NULL };

      g_assert_null (portolan_host_spec_parse (cases[i].spec, TRUE, NULL, &error));
      g_assert_error (error, PORTOLAN_HOST_SPEC_ERROR, PORTOLAN_HOST_SPEC_ERROR_TOO_MANY);
      g_assert_cmpstr (error->message, ==, cases[i].message);
      g_clear_error (&error);

      g_assert_null (portolan_host_spec_expand (specs, TRUE, &error));
      g_assert_error (error, PORTOLAN_HOST_SPEC_ERROR, PORTOLAN_HOST_SPEC_ERROR_TOO_MANY);
      g_assert_cmpstr (error->message, ==, cases[i].message);
    }

  hosts = expand (just_fits);
  assert_first_last (hosts, 4094, "10.0.0.1", "10.0.15.254");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/host-spec/accepted", test_accepted);
  g_test_add_func ("/host-spec/name-limits", test_name_limits);
  g_test_add_func ("/host-spec/refused", test_refused);
  g_test_add_func ("/host-spec/ranges-not-allowed", test_ranges_not_allowed);
  g_test_add_func ("/host-spec/expand/blocks", test_expand_blocks);
  g_test_add_func ("/host-spec/expand/order-and-duplicates", test_expand_order_and_duplicates);
  g_test_add_func ("/host-spec/expand/nothing", test_expand_nothing);
  g_test_add_func ("/host-spec/cap", test_cap);
  g_test_add_func ("/host-spec/cap/single-spec", test_cap_single_spec);

  return g_test_run ();
}
