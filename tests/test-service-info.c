/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-service-info.c: what a server said of itself, kept safe to show */
#include "config.h"

#include <string.h>

#include "portolan-service-info.h"

static void
test_facts (void)
{
  g_autoptr(PortolanServiceInfo) info = portolan_service_info_new ("kerberos");

  portolan_service_info_set_answered (info, "kerberos");
  portolan_service_info_add_fact (info, "realm", "EXAMPLE.COM");
  /* A parser that sees a fact twice keeps the first */
  portolan_service_info_add_fact (info, "realm", "OTHER.COM");
  /* Blank and missing values are nothing to show */
  portolan_service_info_add_fact (info, "error", "  \r\n ");
  portolan_service_info_add_fact (info, "status", NULL);

  g_assert_cmpuint (info->facts->len, ==, 1);
  g_assert_cmpstr (portolan_service_info_lookup (info, "realm"), ==, "EXAMPLE.COM");
  g_assert_null (portolan_service_info_lookup (info, "error"));
}

/* Network text: line breaks and controls become blanks, the rest is
 * valid UTF-8 and capped, bytes may hold NUL */
static void
test_untrusted_text (void)
{
  g_autoptr(PortolanServiceInfo) info = portolan_service_info_new ("ldap");
  static const guint8 raw[] = { 'a', 0x00, 'b', 0xff, 0xfe, '\n', 'c' };
  g_autoptr(GString) huge = g_string_new (NULL);
  const char *value;

  portolan_service_info_add_fact (info, "vendor", "Evil\nCorp\x1b[31m");
  g_assert_cmpstr (portolan_service_info_lookup (info, "vendor"), ==, "Evil Corp [31m");

  portolan_service_info_add_fact_bytes (info, "server_name", raw, sizeof raw);
  value = portolan_service_info_lookup (info, "server_name");
  g_assert_nonnull (value);
  g_assert_true (g_utf8_validate (value, -1, NULL));
  g_assert_true (g_str_has_prefix (value, "a"));

  while (huge->len < 100000)
    g_string_append (huge, "dc=example,");
  portolan_service_info_add_fact (info, "naming_contexts", huge->str);
  value = portolan_service_info_lookup (info, "naming_contexts");
  g_assert_cmpuint (strlen (value), <, 10000);
  g_assert_true (g_utf8_validate (value, -1, NULL));
}

/* However many facts a server makes up, a few dozen are kept */
static void
test_fact_limit (void)
{
  g_autoptr(PortolanServiceInfo) info = portolan_service_info_new ("tcp");

  for (guint i = 0; i < 1000; i++)
    {
      g_autofree char *key = g_strdup_printf ("key%u", i);

      portolan_service_info_add_fact (info, key, "v");
    }
  g_assert_cmpuint (info->facts->len, ==, 32);
}

static void
test_describe (void)
{
  g_autoptr(PortolanServiceInfo) info = portolan_service_info_new ("postgresql");
  g_autofree char *nothing = portolan_service_info_describe (info);
  g_autofree char *text = NULL;

  g_assert_null (nothing);
  portolan_service_info_set_version (info, "15.4");
  portolan_service_info_add_fact (info, "tls", "offered");
  portolan_service_info_add_fact (info, "made_up", "x");
  text = portolan_service_info_describe (info);
  /* An unknown key shows as itself */
  g_assert_cmpstr (text, ==, "version 15.4; TLS offered; made_up x");
}

static void
test_json_and_copy (void)
{
  g_autoptr(PortolanServiceInfo) info = portolan_service_info_new ("ldap");
  g_autoptr(PortolanServiceInfo) copy = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *json = NULL;

  portolan_service_info_set_answered (info, "ssh");
  portolan_service_info_add_fact (info, "vendor", "OpenLDAP");
  portolan_service_info_set_warning (info, "clock off");
  copy = portolan_service_info_copy (info);
  g_clear_pointer (&info, portolan_service_info_free);

  portolan_service_info_build_json (copy, builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json = json_generator_to_data (generator, NULL);
  g_assert_cmpstr (json, ==,
                   "{\"expected\":\"ldap\",\"answered\":\"ssh\",\"version\":null,\"facts\":{\"vendor\":\"OpenLDAP\"}}");
  g_assert_cmpstr (copy->warning, ==, "clock off");
}

static void
test_labels (void)
{
  g_assert_cmpstr (portolan_service_fact_get_label ("realm"), ==, "realm");
  g_assert_cmpstr (portolan_service_fact_get_label ("clock_offset"), ==, "clock offset");
  g_assert_cmpstr (portolan_service_fact_get_label ("no_such_key"), ==, "no_such_key");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/service-info/facts", test_facts);
  g_test_add_func ("/service-info/untrusted-text", test_untrusted_text);
  g_test_add_func ("/service-info/fact-limit", test_fact_limit);
  g_test_add_func ("/service-info/describe", test_describe);
  g_test_add_func ("/service-info/json-and-copy", test_json_and_copy);
  g_test_add_func ("/service-info/labels", test_labels);

  return g_test_run ();
}
