/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-profile.c: profile defaults, setters, loading, saving */
#include "config.h"

#include <errno.h>
#include <grp.h>
#include <signal.h>
#include <sys/resource.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "portolan-core.h"
#include "portolan-test-certs.h"
#include "portolan-test-text.h"

#define FINGERPRINT "01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF"

static PortolanCatalogue *
load_builtin (void)
{
  g_autoptr(GError) error = NULL;
  PortolanCatalogue *catalogue = portolan_catalogue_new_builtin (&error);

  g_assert_no_error (error);
  g_assert_nonnull (catalogue);
  return catalogue;
}

static PortolanProfile *
new_profile (void)
{
  g_autoptr(PortolanCatalogue) catalogue = load_builtin ();

  return portolan_profile_new (catalogue);
}

static void
count_cb (PortolanProfile *profile,
          guint           *count)
{
  (*count)++;
}

static void
assert_strv (const char * const *actual,
             const char         *expected_csv)
{
  g_auto(GStrv) expected = expected_csv != NULL ? g_strsplit (expected_csv, ",", -1) : NULL;

  if (expected == NULL || actual == NULL)
    g_assert_true ((gconstpointer) expected == (gconstpointer) actual);
  else if (!g_strv_equal (actual, (const char * const *) expected))
    {
      g_autofree char *joined = g_strjoinv (",", (char **) actual);

      g_error ("expected %s, got %s", expected_csv, joined);
    }
}

static void
test_new_defaults (void)
{
  g_autoptr(PortolanProfile) profile = new_profile ();
  PortolanCatalogue *catalogue = portolan_profile_get_catalogue (profile);
  GPtrArray *features = portolan_catalogue_get_features (catalogue);
  GPtrArray *roles = portolan_catalogue_get_roles (catalogue);
  GPtrArray *links = portolan_catalogue_get_links (catalogue);
  g_auto(GStrv) in_use = portolan_profile_dup_features (profile);

  g_assert_cmpstr (portolan_profile_get_name (profile), ==, "");
  g_assert_cmpuint (portolan_profile_get_timeout_ms (profile), ==, 3000);
  g_assert_cmpuint (portolan_profile_get_concurrency (profile), ==, 1024);
  g_assert_cmpint (portolan_profile_get_proxy (profile), ==, PORTOLAN_PROXY_SYSTEM);
  g_assert_null (portolan_profile_get_proxy_url (profile));

  for (guint i = 0; i < features->len; i++)
    {
      PortolanFeature *feature = g_ptr_array_index (features, i);

      g_assert_cmpint (portolan_profile_has_feature (profile, portolan_feature_get_id (feature)),
                       ==, portolan_feature_get_default (feature));
    }
  assert_strv ((const char * const *) in_use,
               "core,os12-devices,os11-devices,unified-protocol,derby,app-portal,license-deployment");
  g_assert_false (portolan_profile_has_feature (profile, "no-such-feature"));

  for (guint i = 0; i < roles->len; i++)
    {
      const char *id = portolan_role_get_id (g_ptr_array_index (roles, i));

      g_assert_null (portolan_profile_get_hosts (profile, id));
      g_assert_null (portolan_profile_get_fingerprint (profile, id));
    }

  for (guint i = 0; i < links->len; i++)
    {
      PortolanLink *link = g_ptr_array_index (links, i);

      g_assert_cmpuint (portolan_profile_get_port (profile, link), ==, portolan_link_get_port (link));
      g_assert_cmpuint (portolan_profile_get_port_override (profile, portolan_link_get_id (link)), ==, 0);
    }
}

static void
test_features_exclusive (void)
{
  static const char * const databases[] = { "derby", "mssql", "oracle", "postgresql" };
  g_autoptr(PortolanProfile) profile = new_profile ();
  guint changed = 0;

  g_signal_connect (profile, "changed", G_CALLBACK (count_cb), &changed);
  g_assert_true (portolan_profile_has_feature (profile, "derby"));

  portolan_profile_set_feature (profile, "postgresql", TRUE);
  g_assert_cmpuint (changed, ==, 1);
  g_assert_true (portolan_profile_has_feature (profile, "postgresql"));
  g_assert_false (portolan_profile_has_feature (profile, "derby"));

  portolan_profile_set_feature (profile, "mssql", TRUE);
  g_assert_cmpuint (changed, ==, 2);
  g_assert_true (portolan_profile_has_feature (profile, "mssql"));
  g_assert_false (portolan_profile_has_feature (profile, "postgresql"));

  /* Already so: nothing changes */
  portolan_profile_set_feature (profile, "mssql", TRUE);
  portolan_profile_set_feature (profile, "oracle", FALSE);
  g_assert_cmpuint (changed, ==, 2);

  /* No database at all is allowed */
  portolan_profile_set_feature (profile, "mssql", FALSE);
  g_assert_cmpuint (changed, ==, 3);
  for (guint i = 0; i < G_N_ELEMENTS (databases); i++)
    g_assert_false (portolan_profile_has_feature (profile, databases[i]));

  /* Other groups are not exclusive */
  portolan_profile_set_feature (profile, "icg", TRUE);
  portolan_profile_set_feature (profile, "high-availability", TRUE);
  g_assert_true (portolan_profile_has_feature (profile, "icg"));
  g_assert_true (portolan_profile_has_feature (profile, "high-availability"));
  g_assert_true (portolan_profile_has_feature (profile, "core"));
  g_assert_cmpuint (changed, ==, 5);
}

/* Switching one on switches off only its own exclusive group's others */
static void
test_features_exclusive_groups (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (g_test_get_filename (G_TEST_DIST, "catalogue-groups.json", NULL));
  g_autoptr(PortolanCatalogue) catalogue = portolan_catalogue_new_from_file (file, &error);
  g_autoptr(PortolanProfile) profile = NULL;
  g_auto(GStrv) features = NULL;
  guint changed = 0;

  g_assert_no_error (error);
  profile = portolan_profile_new (catalogue);
  g_signal_connect (profile, "changed", G_CALLBACK (count_cb), &changed);

  portolan_profile_set_feature (profile, "a2", TRUE);
  portolan_profile_set_feature (profile, "c2", TRUE);
  g_assert_cmpuint (changed, ==, 2);
  features = portolan_profile_dup_features (profile);
  assert_strv ((const char * const *) features, "a2,b1,c1,c2");
  g_clear_pointer (&features, g_strfreev);

  /* A group of one can be switched off like any other switch */
  portolan_profile_set_feature (profile, "b1", FALSE);
  portolan_profile_set_feature (profile, "a1", TRUE);
  g_assert_cmpuint (changed, ==, 4);
  features = portolan_profile_dup_features (profile);
  assert_strv ((const char * const *) features, "a1,c1,c2");
}

static void
assert_hosts (GPtrArray  *hosts,
              const char *expected_csv)
{
  g_autoptr(GString) joined = g_string_new (NULL);

  for (guint i = 0; i < hosts->len; i++)
    g_string_append_printf (joined, "%s%s", i > 0 ? "," : "", (const char *) g_ptr_array_index (hosts, i));

  g_assert_cmpstr (joined->str, ==, expected_csv);
}

static GPtrArray *
expand_hosts (PortolanProfile *profile,
              const char      *role_id)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *hosts = portolan_profile_expand_hosts (profile, role_id, &error);

  g_assert_no_error (error);
  g_assert_nonnull (hosts);
  return hosts;
}

static void
test_hosts (void)
{
  g_autoptr(PortolanProfile) profile = new_profile ();
  const char *server[] = { "ums.example.com", "[fd00::5]", NULL };
  const char *devices[] = { "10.1.2.0/30", "thin-17", "10.1.2.2", NULL };
  g_autoptr(GPtrArray) server_hosts = NULL;
  g_autoptr(GPtrArray) device_hosts = NULL;
  g_autoptr(GPtrArray) no_hosts = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (portolan_profile_set_hosts (profile, "ums-server", server, &error));
  g_assert_no_error (error);
  assert_strv (portolan_profile_get_hosts (profile, "ums-server"), "ums.example.com,fd00::5");

  g_assert_true (portolan_profile_set_hosts (profile, "os11-device", devices, &error));
  g_assert_no_error (error);
  assert_strv (portolan_profile_get_hosts (profile, "os11-device"), "10.1.2.0/30,thin-17,10.1.2.2");

  server_hosts = expand_hosts (profile, "ums-server");
  assert_hosts (server_hosts, "ums.example.com,fd00::5");
  device_hosts = expand_hosts (profile, "os11-device");
  assert_hosts (device_hosts, "10.1.2.1,10.1.2.2,thin-17");
  no_hosts = expand_hosts (profile, "os12-device");
  g_assert_cmpuint (no_hosts->len, ==, 0);

  /* No hosts, or NULL, gives the role back to the catalogue */
  g_assert_true (portolan_profile_set_hosts (profile, "ums-server", (const char *[]) { NULL }, &error));
  g_assert_null (portolan_profile_get_hosts (profile, "ums-server"));
  g_assert_true (portolan_profile_set_hosts (profile, "os11-device", NULL, &error));
  g_assert_null (portolan_profile_get_hosts (profile, "os11-device"));
  g_assert_no_error (error);

  g_assert_null (portolan_profile_expand_hosts (profile, "ums-srv", &error));
  g_assert_error (error, PORTOLAN_PROFILE_ERROR, PORTOLAN_PROFILE_ERROR_UNKNOWN_ID);
  g_assert_cmpstr (error->message, ==, "unknown role “ums-srv”");
}

/* The IGEL cloud roles carry their public names until the profile says otherwise */
static void
test_hosts_cloud_defaults (void)
{
  g_autoptr(PortolanProfile) profile = new_profile ();
  g_autoptr(GPtrArray) app_portal = expand_hosts (profile, "igel-app-portal");
  g_autoptr(GPtrArray) license = expand_hosts (profile, "igel-license-server");
  g_autoptr(GPtrArray) download = expand_hosts (profile, "igel-download-server");
  g_autoptr(GPtrArray) mirrored = NULL;
  g_autoptr(GError) error = NULL;
  const char *mirror[] = { "fwus.mirror.example.com", NULL };

  assert_hosts (app_portal, "app.igel.com");
  assert_hosts (license, "susi.igel.com");
  assert_hosts (download, "fwus.igel.com");
  g_assert_null (portolan_profile_get_hosts (profile, "igel-app-portal"));

  g_assert_true (portolan_profile_set_hosts (profile, "igel-download-server", mirror, &error));
  g_assert_no_error (error);
  mirrored = expand_hosts (profile, "igel-download-server");
  assert_hosts (mirrored, "fwus.mirror.example.com");
}

static void
test_ports (void)
{
  g_autoptr(PortolanProfile) profile = new_profile ();
  PortolanCatalogue *catalogue = portolan_profile_get_catalogue (profile);
  PortolanLink *console = portolan_catalogue_lookup_link (catalogue, "console-server");
  PortolanLink *online_check = portolan_catalogue_lookup_link (catalogue, "os11-online-check");
  g_autoptr(GError) error = NULL;
  guint changed = 0;

  g_signal_connect (profile, "changed", G_CALLBACK (count_cb), &changed);

  g_assert_cmpuint (portolan_profile_get_port (profile, console), ==, 8443);
  g_assert_true (portolan_profile_set_port_override (profile, "console-server", 9443, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (portolan_profile_get_port (profile, console), ==, 9443);
  g_assert_cmpuint (portolan_profile_get_port_override (profile, "console-server"), ==, 9443);
  g_assert_cmpuint (changed, ==, 1);

  /* The link's own port is no override */
  g_assert_true (portolan_profile_set_port_override (profile, "console-server", 8443, &error));
  g_assert_cmpuint (portolan_profile_get_port_override (profile, "console-server"), ==, 0);
  g_assert_cmpuint (portolan_profile_get_port (profile, console), ==, 8443);
  g_assert_cmpuint (changed, ==, 2);
  g_assert_true (portolan_profile_set_port_override (profile, "console-server", 0, &error));
  g_assert_cmpuint (changed, ==, 2);

  /* A dynamic port can be pinned down */
  g_assert_cmpuint (portolan_profile_get_port (profile, online_check), ==, 0);
  g_assert_true (portolan_profile_set_port_override (profile, "os11-online-check", 40000, &error));
  g_assert_cmpuint (portolan_profile_get_port (profile, online_check), ==, 40000);
  g_assert_no_error (error);
}

static void
test_fingerprints (void)
{
  const char *forms[] = {
    FINGERPRINT,
    "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
    "01 23 45 67 89 ab cd ef 01 23 45 67 89 ab cd ef 01 23 45 67 89 ab cd ef 01 23 45 67 89 ab cd ef",
    "01:23:45:67:89:aB:Cd:eF:0123456789ABCDEF0123456789abcdef0123456789ABCDEF",
  };
  g_autoptr(PortolanProfile) profile = new_profile ();
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (forms); i++)
    {
      g_assert_true (portolan_profile_set_fingerprint (profile, "ums-server", forms[i], &error));
      g_assert_no_error (error);
      g_assert_cmpstr (portolan_profile_get_fingerprint (profile, "ums-server"), ==, FINGERPRINT);
    }

  g_assert_true (portolan_profile_set_fingerprint (profile, "ums-server", NULL, &error));
  g_assert_null (portolan_profile_get_fingerprint (profile, "ums-server"));
  g_assert_true (portolan_profile_set_fingerprint (profile, "icg", FINGERPRINT, &error));
  g_assert_true (portolan_profile_set_fingerprint (profile, "icg", "", &error));
  g_assert_null (portolan_profile_get_fingerprint (profile, "icg"));
  g_assert_no_error (error);
}

static void
test_proxy (void)
{
  const char *urls[] = {
    "http://proxy.example.com:3128", "https://proxy.example.com", "socks://10.0.0.1:1080",
    "socks4://proxy", "socks5://user:secret@[fd00::1]:1080", "HTTP://Proxy.Example.com:8080",
  };
  g_autoptr(PortolanProfile) profile = new_profile ();
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (urls); i++)
    {
      g_assert_true (portolan_profile_set_proxy (profile, PORTOLAN_PROXY_URL, urls[i], &error));
      g_assert_no_error (error);
      g_assert_cmpint (portolan_profile_get_proxy (profile), ==, PORTOLAN_PROXY_URL);
      g_assert_cmpstr (portolan_profile_get_proxy_url (profile), ==, urls[i]);
    }

  /* Without a proxy of its own, the URL goes */
  g_assert_true (portolan_profile_set_proxy (profile, PORTOLAN_PROXY_NONE, "http://ignored", &error));
  g_assert_cmpint (portolan_profile_get_proxy (profile), ==, PORTOLAN_PROXY_NONE);
  g_assert_null (portolan_profile_get_proxy_url (profile));
  g_assert_true (portolan_profile_set_proxy (profile, PORTOLAN_PROXY_SYSTEM, NULL, &error));
  g_assert_cmpint (portolan_profile_get_proxy (profile), ==, PORTOLAN_PROXY_SYSTEM);
  g_assert_no_error (error);
}

/* A richer profile than the defaults, set as the window would */
static PortolanProfile *
new_head_office (void)
{
  const char *server[] = { "ums.example.com", "10.0.0.5", NULL };
  const char *devices[] = { "10.1.2.0/24", "thin-17", "[fd00::1]", NULL };
  const char *app_portal[] = { "app-portal.proxy.example.com", NULL };
  const char *database[] = { "db.example.com", NULL };
  PortolanProfile *profile = new_profile ();
  g_autoptr(GError) error = NULL;

  portolan_profile_set_name (profile, "Zentrale München");
  g_assert_true (portolan_profile_set_hosts (profile, "ums-server", server, &error));
  g_assert_true (portolan_profile_set_hosts (profile, "os11-device", devices, &error));
  g_assert_true (portolan_profile_set_hosts (profile, "igel-app-portal", app_portal, &error));
  g_assert_true (portolan_profile_set_hosts (profile, "postgresql", database, &error));
  portolan_profile_set_feature (profile, "postgresql", TRUE);
  portolan_profile_set_feature (profile, "icg", TRUE);
  portolan_profile_set_feature (profile, "os12-devices", FALSE);
  g_assert_true (portolan_profile_set_port_override (profile, "console-server", 9443, &error));
  g_assert_true (portolan_profile_set_port_override (profile, "os11-online-check", 40000, &error));
  g_assert_true (portolan_profile_set_timeout_ms (profile, 1500, &error));
  g_assert_true (portolan_profile_set_concurrency (profile, 64, &error));
  g_assert_true (portolan_profile_set_proxy (profile, PORTOLAN_PROXY_URL, "http://proxy.example.com:3128", &error));
  g_assert_true (portolan_profile_set_fingerprint (profile, "ums-server", "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", &error));
  g_assert_no_error (error);

  return profile;
}

/* Equal in everything the profile holds, read through its getters */
static void
assert_same_profile (PortolanProfile *a,
                     PortolanProfile *b)
{
  PortolanCatalogue *catalogue = portolan_profile_get_catalogue (a);
  GPtrArray *roles = portolan_catalogue_get_roles (catalogue);
  GPtrArray *links = portolan_catalogue_get_links (catalogue);
  g_auto(GStrv) features_a = portolan_profile_dup_features (a);
  g_auto(GStrv) features_b = portolan_profile_dup_features (b);
  g_autofree char *data_a = portolan_profile_to_data (a, NULL);
  g_autofree char *data_b = portolan_profile_to_data (b, NULL);

  g_assert_cmpstr (portolan_profile_get_name (a), ==, portolan_profile_get_name (b));
  g_assert_true (g_strv_equal ((const char * const *) features_a, (const char * const *) features_b));
  g_assert_cmpuint (portolan_profile_get_timeout_ms (a), ==, portolan_profile_get_timeout_ms (b));
  g_assert_cmpuint (portolan_profile_get_concurrency (a), ==, portolan_profile_get_concurrency (b));
  g_assert_cmpint (portolan_profile_get_proxy (a), ==, portolan_profile_get_proxy (b));
  g_assert_cmpstr (portolan_profile_get_proxy_url (a), ==, portolan_profile_get_proxy_url (b));

  for (guint i = 0; i < roles->len; i++)
    {
      const char *id = portolan_role_get_id (g_ptr_array_index (roles, i));
      const char * const *hosts_a = portolan_profile_get_hosts (a, id);
      const char * const *hosts_b = portolan_profile_get_hosts (b, id);

      g_assert_true (hosts_a == hosts_b || (hosts_a != NULL && hosts_b != NULL && g_strv_equal (hosts_a, hosts_b)));
      g_assert_cmpstr (portolan_profile_get_fingerprint (a, id), ==, portolan_profile_get_fingerprint (b, id));
    }

  for (guint i = 0; i < links->len; i++)
    {
      PortolanLink *link = g_ptr_array_index (links, i);

      g_assert_cmpuint (portolan_profile_get_port (a, link), ==, portolan_profile_get_port (b, link));
    }

  g_assert_cmpstr (data_a, ==, data_b);
}

static PortolanProfile *
load_data (PortolanCatalogue *catalogue,
           const char        *data)
{
  g_autoptr(GError) error = NULL;
  PortolanProfile *profile = portolan_profile_new_from_data (catalogue, data, -1, "test.json", &error);

  g_assert_no_error (error);
  g_assert_nonnull (profile);
  return profile;
}

static void
test_head_office_values (void)
{
  g_autoptr(PortolanProfile) profile = new_head_office ();
  g_auto(GStrv) features = portolan_profile_dup_features (profile);

  assert_strv (portolan_profile_get_hosts (profile, "os11-device"), "10.1.2.0/24,thin-17,fd00::1");
  assert_strv ((const char * const *) features,
               "core,icg,os11-devices,unified-protocol,postgresql,app-portal,license-deployment");
  g_assert_cmpstr (portolan_profile_get_fingerprint (profile, "ums-server"), ==, FINGERPRINT);
}

static void
test_round_trip (void)
{
  g_autoptr(PortolanProfile) profile = new_head_office ();
  g_autoptr(PortolanProfile) plain = new_profile ();
  PortolanProfile *originals[] = { profile, plain };

  for (guint i = 0; i < G_N_ELEMENTS (originals); i++)
    {
      g_autofree char *data = portolan_profile_to_data (originals[i], NULL);
      g_autoptr(PortolanProfile) loaded = load_data (portolan_profile_get_catalogue (originals[i]), data);

      g_test_message ("%s", data);
      assert_same_profile (originals[i], loaded);
    }

  /* Each proxy choice comes back as it was */
  for (PortolanProxy proxy = PORTOLAN_PROXY_SYSTEM; proxy <= PORTOLAN_PROXY_URL; proxy++)
    {
      g_autofree char *data = NULL;
      g_autoptr(PortolanProfile) loaded = NULL;

      g_assert_true (portolan_profile_set_proxy (plain, proxy, "socks5://proxy:1080", NULL));
      data = portolan_profile_to_data (plain, NULL);
      loaded = load_data (portolan_profile_get_catalogue (plain), data);
      assert_same_profile (plain, loaded);
    }
}

static void
test_output_shape (void)
{
  g_autoptr(PortolanProfile) profile = new_head_office ();
  g_autofree char *first = portolan_profile_to_data (profile, NULL);
  g_autofree char *second = portolan_profile_to_data (profile, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GList) members = NULL;
  JsonObject *root, *ports;
  const char *expected_order[] = {
    "schema", "name", "hosts", "features", "ports", "timeout-ms", "concurrency", "proxy", "fingerprints"
  };

  g_assert_cmpstr (first, ==, second);
  g_assert_true (g_str_has_suffix (first, "}\n"));

  g_assert_true (json_parser_load_from_data (parser, first, -1, &error));
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  members = json_object_get_members (root);
  g_assert_cmpuint (g_list_length (members), ==, G_N_ELEMENTS (expected_order));
  for (guint i = 0; i < G_N_ELEMENTS (expected_order); i++)
    g_assert_cmpstr (g_list_nth_data (members, i), ==, expected_order[i]);

  g_assert_cmpint (json_object_get_int_member (root, "schema"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (root, "proxy"), ==, "http://proxy.example.com:3128");

  /* Only what the profile sets, in the catalogue's order */
  ports = json_object_get_object_member (root, "ports");
  g_assert_cmpuint (json_object_get_size (ports), ==, 2);
  g_assert_cmpint (json_object_get_int_member (ports, "console-server"), ==, 9443);
  g_assert_cmpuint (json_object_get_size (json_object_get_object_member (root, "hosts")), ==, 4);
  g_assert_cmpuint (json_object_get_size (json_object_get_object_member (root, "fingerprints")), ==, 1);
}

/* A small valid profile; each broken case below changes one thing */
static const char valid_profile[] =
  "{\n"                                                            /* 1 */
  "  \"schema\": 1,\n"                                             /* 2 */
  "  \"name\": \"Head office\",\n"                                 /* 3 */
  "  \"hosts\": {\n"                                               /* 4 */
  "    \"ums-server\": [\"ums.example.com\"],\n"                   /* 5 */
  "    \"os11-device\": [\"10.1.2.0/24\", \"thin-17\"]\n"          /* 6 */
  "  },\n"                                                         /* 7 */
  "  \"features\": [\"core\", \"os11-devices\", \"postgresql\"],\n" /* 8 */
  "  \"ports\": { \"console-server\": 9443 },\n"                   /* 9 */
  "  \"timeout-ms\": 3000,\n"                                      /* 10 */
  "  \"concurrency\": 1024,\n"                                     /* 11 */
  "  \"proxy\": \"system\",\n"                                     /* 12 */
  "  \"fingerprints\": { \"ums-server\": \"" FINGERPRINT "\" }\n"  /* 13 */
  "}\n";                                                           /* 14 */

static void
test_load_valid (void)
{
  g_autoptr(PortolanCatalogue) catalogue = load_builtin ();
  g_autoptr(PortolanProfile) profile = load_data (catalogue, valid_profile);
  g_auto(GStrv) features = portolan_profile_dup_features (profile);
  PortolanLink *console = portolan_catalogue_lookup_link (catalogue, "console-server");

  g_assert_cmpstr (portolan_profile_get_name (profile), ==, "Head office");
  assert_strv (portolan_profile_get_hosts (profile, "ums-server"), "ums.example.com");
  assert_strv (portolan_profile_get_hosts (profile, "os11-device"), "10.1.2.0/24,thin-17");
  assert_strv ((const char * const *) features, "core,os11-devices,postgresql");
  g_assert_cmpuint (portolan_profile_get_port (profile, console), ==, 9443);
  g_assert_cmpuint (portolan_profile_get_timeout_ms (profile), ==, 3000);
  g_assert_cmpuint (portolan_profile_get_concurrency (profile), ==, 1024);
  g_assert_cmpint (portolan_profile_get_proxy (profile), ==, PORTOLAN_PROXY_SYSTEM);
  g_assert_cmpstr (portolan_profile_get_fingerprint (profile, "ums-server"), ==, FINGERPRINT);
}

/* Only "schema" is required; all else has the defaults of a new profile */
static void
test_load_minimal (void)
{
  g_autoptr(PortolanCatalogue) catalogue = load_builtin ();
  g_autoptr(PortolanProfile) loaded = load_data (catalogue, "{ \"schema\": 1 }");
  g_autoptr(PortolanProfile) empty_name = load_data (catalogue, "{ \"schema\": 1, \"name\": \"\", \"hosts\": { \"icg\": [] } }");
  g_autoptr(PortolanProfile) fresh = portolan_profile_new (catalogue);

  assert_same_profile (fresh, loaded);
  assert_same_profile (fresh, empty_name);
}

typedef struct
{
  const char           *name;
  const char           *replace;
  const char           *with;
  PortolanProfileError  code;
  const char           *message;  /* after "test.json:" */
} BrokenCase;

static const BrokenCase broken_cases[] = {
  { "malformed", "\"timeout-ms\": 3000,", "\"timeout-ms\": 3000,,", PORTOLAN_PROFILE_ERROR_MALFORMED,
    "10:21: Parse error" },
  { "not-an-object", NULL, "[]\n", PORTOLAN_PROFILE_ERROR_WRONG_TYPE,
    "1:1: $: a profile must be an object, not an array" },
  { "empty", NULL, "", PORTOLAN_PROFILE_ERROR_MALFORMED,
    " $: the file is empty" },
  { "not-utf8", "Head office", "Head \xff office", PORTOLAN_PROFILE_ERROR_MALFORMED,
    " $: the file is not UTF-8 text" },
  { "missing-schema", "  \"schema\": 1,\n", "", PORTOLAN_PROFILE_ERROR_MISSING_FIELD,
    "1:1: $.schema: the field “schema” is missing" },
  { "newer-schema", "\"schema\": 1", "\"schema\": 2", PORTOLAN_PROFILE_ERROR_INVALID_VALUE,
    "2:13: $.schema: this is a profile of schema 2; Portolan " PACKAGE_VERSION " reads schema 1" },
  { "unknown-member", "\"concurrency\"", "\"concurency\"", PORTOLAN_PROFILE_ERROR_UNKNOWN_FIELD,
    "11:17: $.concurency: unknown field “concurency”; the fields here are: schema, name, hosts, features, "
    "ports, timeout-ms, concurrency, proxy, fingerprints" },
  { "duplicate-member", "  \"timeout-ms\": 3000,\n", "  \"timeout-ms\": 3000,\n  \"timeout-ms\": 4000,\n",
    PORTOLAN_PROFILE_ERROR_DUPLICATE_FIELD,
    "11:17: the field “timeout-ms” appears twice in one object" },
  { "name-not-string", "\"Head office\"", "42", PORTOLAN_PROFILE_ERROR_WRONG_TYPE,
    "3:11: $.name: must be a string, not a number" },
  { "hosts-not-object",
    "{\n    \"ums-server\": [\"ums.example.com\"],\n    \"os11-device\": [\"10.1.2.0/24\", \"thin-17\"]\n  }",
    "[\"ums.example.com\"]", PORTOLAN_PROFILE_ERROR_WRONG_TYPE,
    "4:12: $.hosts: must be an object, not an array" },
  { "ports-not-object", "{ \"console-server\": 9443 }", "[9443]", PORTOLAN_PROFILE_ERROR_WRONG_TYPE,
    "9:12: $.ports: must be an object, not an array" },
  { "unknown-role", "\"ums-server\": [", "\"ums-servr\": [", PORTOLAN_PROFILE_ERROR_UNKNOWN_ID,
    "5:18: $.hosts.ums-servr: unknown role “ums-servr”" },
  { "hosts-not-array", "[\"ums.example.com\"]", "\"ums.example.com\"", PORTOLAN_PROFILE_ERROR_WRONG_TYPE,
    "5:19: $.hosts.ums-server: must be an array, not a string" },
  { "host-not-string", "\"thin-17\"", "17", PORTOLAN_PROFILE_ERROR_WRONG_TYPE,
    "6:36: $.hosts.os11-device[1]: must be a string, not a number" },
  { "bad-host", "\"thin-17\"", "\"10.1.2.300\"", PORTOLAN_PROFILE_ERROR_INVALID_HOST,
    "6:36: $.hosts.os11-device[1]: “10.1.2.300”: 300 is above 255" },
  { "bad-host-name", "\"ums.example.com\"", "\"ums server\"", PORTOLAN_PROFILE_ERROR_INVALID_HOST,
    "5:20: $.hosts.ums-server[0]: “ums server”: a host name cannot contain a space" },
  { "range-not-device", "[\"ums.example.com\"]", "[\"ums.example.com\", \"10.1.1.0/24\"]",
    PORTOLAN_PROFILE_ERROR_RANGE_NOT_ALLOWED,
    "5:39: $.hosts.ums-server[1]: “10.1.1.0/24”: ranges are only allowed for devices" },
  { "too-many-hosts", "\"10.1.2.0/24\"", "\"10.0.0.0/16\"", PORTOLAN_PROFILE_ERROR_TOO_MANY_HOSTS,
    "6:21: $.hosts.os11-device[0]: “10.0.0.0/16” expands to 65534 hosts; Portolan checks at most 4096 hosts per role" },
  { "too-many-hosts-together", "\"10.1.2.0/24\"", "\"10.1.0.0/20\", \"10.2.0.0/24\"",
    PORTOLAN_PROFILE_ERROR_TOO_MANY_HOSTS,
    "6:20: $.hosts.os11-device: “10.2.0.0/24” brings this role to 4348 hosts; Portolan checks at most 4096 hosts per role" },
  { "host-twice", "\"thin-17\"]", "\"thin-17\", \"thin-17\"]", PORTOLAN_PROFILE_ERROR_DUPLICATE_ID,
    "6:47: $.hosts.os11-device[2]: “thin-17” is listed twice" },
  { "host-twice-brackets", "\"thin-17\"]", "\"fd00::1\", \"[fd00::1]\"]", PORTOLAN_PROFILE_ERROR_DUPLICATE_ID,
    "6:47: $.hosts.os11-device[2]: “fd00::1” is listed twice" },
  { "features-not-array", "[\"core\", \"os11-devices\", \"postgresql\"]", "\"core\"", PORTOLAN_PROFILE_ERROR_WRONG_TYPE,
    "8:15: $.features: must be an array, not a string" },
  { "unknown-feature", "\"postgresql\"]", "\"postgres\"]", PORTOLAN_PROFILE_ERROR_UNKNOWN_ID,
    "8:40: $.features[2]: unknown feature “postgres”" },
  { "feature-twice", "\"postgresql\"]", "\"postgresql\", \"core\"]", PORTOLAN_PROFILE_ERROR_DUPLICATE_ID,
    "8:54: $.features[3]: “core” is listed twice" },
  { "exclusive-features", "\"postgresql\"]", "\"postgresql\", \"derby\"]", PORTOLAN_PROFILE_ERROR_EXCLUSIVE_FEATURES,
    "8:54: $.features[3]: “postgresql” and “derby” are both listed, but only one feature of “Database” can be in use" },
  { "unknown-link", "\"console-server\": 9443", "\"console\": 9443", PORTOLAN_PROFILE_ERROR_UNKNOWN_ID,
    "9:25: $.ports.console: unknown link “console”" },
  { "port-zero", "9443", "0", PORTOLAN_PROFILE_ERROR_OUT_OF_RANGE,
    "9:32: $.ports.console-server: port 0 is outside 1–65535" },
  { "port-too-high", "9443", "70000", PORTOLAN_PROFILE_ERROR_OUT_OF_RANGE,
    "9:32: $.ports.console-server: port 70000 is outside 1–65535" },
  { "port-negative", "9443", "-1", PORTOLAN_PROFILE_ERROR_OUT_OF_RANGE,
    "9:32: $.ports.console-server: port -1 is outside 1–65535" },
  { "port-string", "9443", "\"9443\"", PORTOLAN_PROFILE_ERROR_WRONG_TYPE,
    "9:32: $.ports.console-server: must be a whole number, not a string" },
  { "timeout-string", "3000", "\"3s\"", PORTOLAN_PROFILE_ERROR_WRONG_TYPE,
    "10:17: $.timeout-ms: must be a whole number, not a string" },
  { "timeout-too-short", "3000", "99", PORTOLAN_PROFILE_ERROR_OUT_OF_RANGE,
    "10:17: $.timeout-ms: a timeout of 99 ms is outside 100–600000 ms" },
  { "timeout-too-long", "3000", "600001", PORTOLAN_PROFILE_ERROR_OUT_OF_RANGE,
    "10:17: $.timeout-ms: a timeout of 600001 ms is outside 100–600000 ms" },
  { "timeout-fraction", "3000", "2.5", PORTOLAN_PROFILE_ERROR_WRONG_TYPE,
    "10:17: $.timeout-ms: must be a whole number, not a number" },
  { "concurrency-zero", "1024", "0", PORTOLAN_PROFILE_ERROR_OUT_OF_RANGE,
    "11:18: $.concurrency: 0 checks at a time is outside 1–65536" },
  { "concurrency-too-high", "1024", "65537", PORTOLAN_PROFILE_ERROR_OUT_OF_RANGE,
    "11:18: $.concurrency: 65537 checks at a time is outside 1–65536" },
  { "proxy-typo", "\"system\"", "\"sytem\"", PORTOLAN_PROFILE_ERROR_INVALID_PROXY,
    "12:12: $.proxy: must be “system”, “none” or a proxy URL such as http://proxy.example.com:3128, not “sytem”" },
  { "proxy-scheme", "\"system\"", "\"ftp://proxy.example.com\"", PORTOLAN_PROFILE_ERROR_INVALID_PROXY,
    "12:12: $.proxy: “ftp://proxy.example.com” is not a proxy Portolan can use: the URL must start with http, https, socks, socks4 or socks5" },
  { "proxy-no-host", "\"system\"", "\"http://:3128\"", PORTOLAN_PROFILE_ERROR_INVALID_PROXY,
    "12:12: $.proxy: “http://:3128” names no proxy host" },
  { "proxy-not-url", "\"system\"", "\"http://proxy.example.com:port\"", PORTOLAN_PROFILE_ERROR_INVALID_PROXY,
    "12:12: $.proxy: “http://proxy.example.com:port” is not a URL; a proxy is written like http://proxy.example.com:3128" },
  { "proxy-empty", "\"system\"", "\"\"", PORTOLAN_PROFILE_ERROR_INVALID_VALUE,
    "12:12: $.proxy: must not be empty" },
  { "fingerprint-short", FINGERPRINT "\"", "01:23\"", PORTOLAN_PROFILE_ERROR_INVALID_FINGERPRINT,
    "13:35: $.fingerprints.ums-server: “01:23” is not a SHA-256 fingerprint: it has 4 hex digits, not 64" },
  { "fingerprint-not-hex", "01:23:45:67:89:AB:CD:EF:01", "01:23:45:67:89:AB:CD:EG:01", PORTOLAN_PROFILE_ERROR_INVALID_FINGERPRINT,
    "13:35: $.fingerprints.ums-server: “01:23:45:67:89:AB:CD:EG:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF” "
    "is not a SHA-256 fingerprint: “G” is not a hex digit" },
  { "fingerprint-unknown-role", "{ \"ums-server\": \"", "{ \"ums\": \"", PORTOLAN_PROFILE_ERROR_UNKNOWN_ID,
    "13:28: $.fingerprints.ums: unknown role “ums”" },
};

static char *
make_broken (const BrokenCase *broken)
{
  return portolan_test_replace_once (valid_profile, broken->replace, broken->with);
}

static void
test_load_broken (gconstpointer data)
{
  const BrokenCase *broken = data;
  g_autoptr(PortolanCatalogue) catalogue = load_builtin ();
  g_autofree char *text = make_broken (broken);
  g_autoptr(PortolanProfile) profile = NULL;
  g_autoptr(GError) error = NULL;

  profile = portolan_profile_new_from_data (catalogue, text, -1, "test.json", &error);

  g_assert_null (profile);
  g_assert_error (error, PORTOLAN_PROFILE_ERROR, broken->code);
  portolan_test_assert_error_at (error, "test.json", broken->message);
}

static char *
make_temp_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("portolan-profile-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static char *
read_text (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  return text;
}

static void
remove_dir (const char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  while (handle != NULL && (name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_assert_cmpint (g_unlink (path), ==, 0);
    }
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* Nesting past the limit is a located error, not a stack overflow, even
 * behind a comment holding a quote, which json-glib reads */
static void
test_load_deep_nesting (void)
{
  g_autoptr(PortolanCatalogue) catalogue = load_builtin ();
  g_autofree char *brackets = g_strnfill (1000000, '[');
  g_autofree char *text = g_strconcat ("{\"schema\": 1, \"hosts\": /* \" */ ", brackets, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(PortolanProfile) profile = portolan_profile_new_from_data (catalogue, text, -1, "test.json", &error);

  g_assert_null (profile);
  g_assert_error (error, PORTOLAN_PROFILE_ERROR, PORTOLAN_PROFILE_ERROR_MALFORMED);
  portolan_test_assert_error_at (error, "test.json", "1:95: arrays and objects nest deeper than 64 levels");
}

static void
test_load_file (void)
{
  g_autoptr(PortolanCatalogue) catalogue = load_builtin ();
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "broken.json", NULL);
  g_autofree char *missing = g_build_filename (dir, "missing.json", NULL);
  g_autofree char *text = make_broken (&broken_cases[14]);
  g_autofree char *expected = g_strdup_printf ("%s:6:36: $.hosts.os11-device[1]: “10.1.2.300”", path);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) missing_file = g_file_new_for_path (missing);
  g_autoptr(PortolanProfile) profile = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpstr (broken_cases[14].name, ==, "bad-host");
  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  profile = portolan_profile_new_from_file (catalogue, file, &error);
  g_assert_null (profile);
  g_assert_error (error, PORTOLAN_PROFILE_ERROR, PORTOLAN_PROFILE_ERROR_INVALID_HOST);
  g_assert_true (g_str_has_prefix (error->message, expected));
  g_clear_error (&error);

  profile = portolan_profile_new_from_file (catalogue, missing_file, &error);
  g_assert_null (profile);
  g_assert_error (error, PORTOLAN_PROFILE_ERROR, PORTOLAN_PROFILE_ERROR_IO);
  g_assert_true (g_str_has_prefix (error->message, missing));

  remove_dir (dir);
}

typedef struct
{
  const char           *what;
  PortolanProfileError  code;
  const char           *message;
} Refusal;

static gboolean
try_setter (PortolanProfile *profile,
            guint            which,
            GError         **error)
{
  const char *ranges[] = { "10.1.1.0/24", NULL };
  const char *bad_host[] = { "ums.example.com", "ums server", NULL };
  const char *twice[] = { "thin-17", "thin-17", NULL };
  const char *wide[] = { "10.0.0.0/16", NULL };
  const char *good[] = { "ums.example.com", NULL };

  switch (which)
    {
    case 0: return portolan_profile_set_hosts (profile, "ums-server", ranges, error);
    case 1: return portolan_profile_set_hosts (profile, "ums-server", bad_host, error);
    case 2: return portolan_profile_set_hosts (profile, "os11-device", twice, error);
    case 3: return portolan_profile_set_hosts (profile, "os11-device", wide, error);
    case 4: return portolan_profile_set_hosts (profile, "no-such-role", good, error);
    case 5: return portolan_profile_set_port_override (profile, "console-server", 65536, error);
    case 6: return portolan_profile_set_port_override (profile, "no-such-link", 443, error);
    case 7: return portolan_profile_set_timeout_ms (profile, 99, error);
    case 8: return portolan_profile_set_timeout_ms (profile, 600001, error);
    case 9: return portolan_profile_set_concurrency (profile, 0, error);
    case 10: return portolan_profile_set_concurrency (profile, 65537, error);
    case 11: return portolan_profile_set_proxy (profile, PORTOLAN_PROXY_URL, "gopher://proxy", error);
    case 12: return portolan_profile_set_proxy (profile, PORTOLAN_PROXY_URL, NULL, error);
    case 13: return portolan_profile_set_proxy (profile, PORTOLAN_PROXY_URL, "proxy.example.com:3128", error);
    case 14: return portolan_profile_set_fingerprint (profile, "ums-server", "AB:CD", error);
    case 15: return portolan_profile_set_fingerprint (profile, "ums-server", FINGERPRINT ":00", error);
    case 16: return portolan_profile_set_fingerprint (profile, "no-such-role", FINGERPRINT, error);
    default: g_assert_not_reached ();
    }
}

static const Refusal refusals[] = {
  { "range for a server", PORTOLAN_PROFILE_ERROR_RANGE_NOT_ALLOWED, "“10.1.1.0/24”: ranges are only allowed for devices" },
  { "bad host", PORTOLAN_PROFILE_ERROR_INVALID_HOST, "“ums server”: a host name cannot contain a space" },
  { "host twice", PORTOLAN_PROFILE_ERROR_DUPLICATE_ID, "“thin-17” is listed twice" },
  { "too many hosts", PORTOLAN_PROFILE_ERROR_TOO_MANY_HOSTS,
    "“10.0.0.0/16” expands to 65534 hosts; Portolan checks at most 4096 hosts per role" },
  { "unknown role", PORTOLAN_PROFILE_ERROR_UNKNOWN_ID, "unknown role “no-such-role”" },
  { "port too high", PORTOLAN_PROFILE_ERROR_OUT_OF_RANGE, "port 65536 is outside 1–65535" },
  { "unknown link", PORTOLAN_PROFILE_ERROR_UNKNOWN_ID, "unknown link “no-such-link”" },
  { "timeout too short", PORTOLAN_PROFILE_ERROR_OUT_OF_RANGE, "a timeout of 99 ms is outside 100–600000 ms" },
  { "timeout too long", PORTOLAN_PROFILE_ERROR_OUT_OF_RANGE, "a timeout of 600001 ms is outside 100–600000 ms" },
  { "no concurrency", PORTOLAN_PROFILE_ERROR_OUT_OF_RANGE, "0 checks at a time is outside 1–65536" },
  { "concurrency too high", PORTOLAN_PROFILE_ERROR_OUT_OF_RANGE, "65537 checks at a time is outside 1–65536" },
  { "proxy scheme", PORTOLAN_PROFILE_ERROR_INVALID_PROXY,
    "“gopher://proxy” is not a proxy Portolan can use: the URL must start with http, https, socks, socks4 or socks5" },
  { "proxy without URL", PORTOLAN_PROFILE_ERROR_INVALID_PROXY,
    "“” is not a URL; a proxy is written like http://proxy.example.com:3128" },
  { "proxy without scheme", PORTOLAN_PROFILE_ERROR_INVALID_PROXY,
    "“proxy.example.com:3128” is not a proxy Portolan can use: the URL must start with http, https, socks, socks4 or socks5" },
  { "short fingerprint", PORTOLAN_PROFILE_ERROR_INVALID_FINGERPRINT, "“AB:CD” is not a SHA-256 fingerprint: it has 4 hex digits, not 64" },
  { "long fingerprint", PORTOLAN_PROFILE_ERROR_INVALID_FINGERPRINT,
    "“" FINGERPRINT ":00” is not a SHA-256 fingerprint: it has 66 hex digits, not 64" },
  { "fingerprint of unknown role", PORTOLAN_PROFILE_ERROR_UNKNOWN_ID, "unknown role “no-such-role”" },
};

/* A refused value leaves the profile exactly as it was, and quiet */
static void
test_setters_refuse (void)
{
  g_autoptr(PortolanProfile) profile = new_head_office ();
  g_autofree char *before = portolan_profile_to_data (profile, NULL);
  guint changed = 0;

  g_signal_connect (profile, "changed", G_CALLBACK (count_cb), &changed);

  for (guint i = 0; i < G_N_ELEMENTS (refusals); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *after = NULL;

      g_test_message ("%s", refusals[i].what);
      g_assert_false (try_setter (profile, i, &error));
      g_assert_error (error, PORTOLAN_PROFILE_ERROR, refusals[i].code);
      g_assert_cmpstr (error->message, ==, refusals[i].message);

      after = portolan_profile_to_data (profile, NULL);
      g_assert_cmpstr (after, ==, before);
      g_assert_cmpuint (changed, ==, 0);
    }
}

static void
test_changed (void)
{
  g_autoptr(PortolanProfile) profile = new_profile ();
  const char *hosts[] = { "ums.example.com", NULL };
  const char *same_hosts[] = { "ums.example.com", NULL };
  guint changed = 0;

  g_signal_connect (profile, "changed", G_CALLBACK (count_cb), &changed);

  portolan_profile_set_name (profile, "Branch");
  portolan_profile_set_name (profile, "Branch");
  g_assert_cmpuint (changed, ==, 1);
  portolan_profile_set_name (profile, NULL);
  g_assert_cmpstr (portolan_profile_get_name (profile), ==, "");
  g_assert_cmpuint (changed, ==, 2);

  g_assert_true (portolan_profile_set_hosts (profile, "ums-server", hosts, NULL));
  g_assert_true (portolan_profile_set_hosts (profile, "ums-server", same_hosts, NULL));
  g_assert_cmpuint (changed, ==, 3);
  g_assert_true (portolan_profile_set_hosts (profile, "ums-server", NULL, NULL));
  g_assert_true (portolan_profile_set_hosts (profile, "ums-server", NULL, NULL));
  g_assert_cmpuint (changed, ==, 4);

  portolan_profile_set_feature (profile, "icg", TRUE);
  portolan_profile_set_feature (profile, "icg", TRUE);
  g_assert_cmpuint (changed, ==, 5);

  g_assert_true (portolan_profile_set_timeout_ms (profile, 500, NULL));
  g_assert_true (portolan_profile_set_timeout_ms (profile, 500, NULL));
  g_assert_cmpuint (changed, ==, 6);
  g_assert_cmpuint (portolan_profile_get_timeout_ms (profile), ==, 500);

  g_assert_true (portolan_profile_set_concurrency (profile, 8, NULL));
  g_assert_true (portolan_profile_set_concurrency (profile, 8, NULL));
  g_assert_cmpuint (changed, ==, 7);
  g_assert_cmpuint (portolan_profile_get_concurrency (profile), ==, 8);

  g_assert_true (portolan_profile_set_proxy (profile, PORTOLAN_PROXY_URL, "http://a:1", NULL));
  g_assert_true (portolan_profile_set_proxy (profile, PORTOLAN_PROXY_URL, "http://a:1", NULL));
  g_assert_true (portolan_profile_set_proxy (profile, PORTOLAN_PROXY_URL, "http://b:1", NULL));
  g_assert_cmpuint (changed, ==, 9);

  g_assert_true (portolan_profile_set_fingerprint (profile, "icg", FINGERPRINT, NULL));
  g_assert_true (portolan_profile_set_fingerprint (profile, "icg", "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", NULL));
  g_assert_cmpuint (changed, ==, 10);

  g_assert_true (portolan_profile_set_port_override (profile, "imi", 9443, NULL));
  g_assert_true (portolan_profile_set_port_override (profile, "imi", 9443, NULL));
  g_assert_cmpuint (changed, ==, 11);
}

/* Each save test starts with a profile and an empty directory to save it in */
typedef struct
{
  PortolanProfile *profile;
  char            *dir;
  char            *path;  /* DIR/profile.json, not there yet */
  char            *data;  /* what saving the profile writes */
} SaveFixture;

static void
save_fixture_set_up (SaveFixture   *fixture,
                     gconstpointer  user_data)
{
  fixture->profile = new_head_office ();
  fixture->dir = make_temp_dir ();
  fixture->path = g_build_filename (fixture->dir, "profile.json", NULL);
  fixture->data = portolan_profile_to_data (fixture->profile, NULL);
}

static void
save_fixture_tear_down (SaveFixture   *fixture,
                        gconstpointer  user_data)
{
  remove_dir (fixture->dir);
  g_clear_object (&fixture->profile);
  g_clear_pointer (&fixture->dir, g_free);
  g_clear_pointer (&fixture->path, g_free);
  g_clear_pointer (&fixture->data, g_free);
}

static void
assert_contents (const char *path,
                 const char *expected)
{
  g_autofree char *text = read_text (path);

  g_assert_cmpstr (text, ==, expected);
}

static void
assert_listing (const char *dir,
                const char *expected)
{
  g_autofree char *names = portolan_test_list_directory (dir);

  g_assert_cmpstr (names, ==, expected);
}

static void
save (PortolanProfile *profile,
      const char      *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;

  g_assert_true (portolan_profile_save (profile, file, NULL, &error));
  g_assert_no_error (error);
}

static void
test_save_and_load_file (SaveFixture   *fixture,
                         gconstpointer  user_data)
{
  g_autoptr(GFile) file = g_file_new_for_path (fixture->path);
  g_autoptr(PortolanProfile) loaded = NULL;
  g_autoptr(GError) error = NULL;

  save (fixture->profile, fixture->path);
  assert_contents (fixture->path, fixture->data);

  /* A first save has nothing to back up, and leaves nothing else behind */
  assert_listing (fixture->dir, "profile.json");

  loaded = portolan_profile_new_from_file (portolan_profile_get_catalogue (fixture->profile), file, &error);
  g_assert_no_error (error);
  assert_same_profile (fixture->profile, loaded);
}

static void
test_save_keeps_backup (SaveFixture   *fixture,
                        gconstpointer  user_data)
{
  static const char * const names[] = { "First", "Second", "Third" };
  g_autofree char *backup = g_strconcat (fixture->path, ".bak", NULL);
  g_autofree char *previous = NULL;
  GStatBuf info;

  /* The backup is always the version just before */
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *data = NULL;

      portolan_profile_set_name (fixture->profile, names[i]);
      data = portolan_profile_to_data (fixture->profile, NULL);
      save (fixture->profile, fixture->path);

      assert_contents (fixture->path, data);
      if (previous != NULL)
        assert_contents (backup, previous);
      else
        g_assert_false (g_file_test (backup, G_FILE_TEST_EXISTS));

      g_free (previous);
      previous = g_steal_pointer (&data);
      if (i == 0)
        g_assert_cmpint (g_chmod (fixture->path, 0640), ==, 0);
    }

  /* The file keeps the permissions it was given after the first save */
  g_assert_cmpint (g_stat (fixture->path, &info), ==, 0);
  g_assert_cmpint (info.st_mode & 0777, ==, 0640);

  assert_listing (fixture->dir, "profile.json,profile.json.bak");
}

/* Saving through a symbolic link replaces the file it points to */
static void
test_save_through_symlink (SaveFixture   *fixture,
                           gconstpointer  user_data)
{
  g_autofree char *link_path = g_build_filename (fixture->dir, "link.json", NULL);
  g_autofree char *target = NULL;

  g_assert_true (g_file_set_contents (fixture->path, "previous", -1, NULL));
  g_assert_cmpint (symlink ("profile.json", link_path), ==, 0);

  save (fixture->profile, link_path);
  target = g_file_read_link (link_path, NULL);
  g_assert_cmpstr (target, ==, "profile.json");
  assert_contents (fixture->path, fixture->data);

  assert_listing (fixture->dir, "link.json,profile.json,profile.json.bak");
}

/* A write that fails halfway (here: past a file size limit, as on a
 * full disk) leaves the previous file whole, and no new file at all */
static void
test_save_fails_halfway (SaveFixture   *fixture,
                         gconstpointer  user_data)
{
  g_autofree char *fresh = g_build_filename (fixture->dir, "fresh.json", NULL);
  const char *targets[] = { fixture->path, fresh };
  struct rlimit saved, limit;

  g_assert_true (g_file_set_contents (fixture->path, "previous", -1, NULL));
  g_assert_cmpint (getrlimit (RLIMIT_FSIZE, &saved), ==, 0);
  signal (SIGXFSZ, SIG_IGN);

  for (guint i = 0; i < G_N_ELEMENTS (targets); i++)
    {
      g_autoptr(GFile) file = g_file_new_for_path (targets[i]);
      g_autoptr(GError) error = NULL;
      gboolean saved_it;

      limit = saved;
      limit.rlim_cur = 64;
      g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &limit), ==, 0);
      saved_it = portolan_profile_save (fixture->profile, file, NULL, &error);
      g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &saved), ==, 0);

      g_assert_false (saved_it);
      g_assert_nonnull (error);
      g_assert_true (error->domain == G_IO_ERROR);
      g_test_message ("%s", error->message);
      g_assert_nonnull (strstr (error->message, "cannot save the profile: cannot write"));
    }

  signal (SIGXFSZ, SIG_DFL);
  assert_contents (fixture->path, "previous");
  assert_listing (fixture->dir, "profile.json");
}

typedef struct
{
  gboolean  done;
  gboolean  saved;
  GError   *error;
} SaveResult;

static void
saved_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  SaveResult *save_result = user_data;

  g_assert_true (g_task_get_source_tag (G_TASK (result)) == portolan_profile_save_async);
  save_result->saved = portolan_profile_save_finish (PORTOLAN_PROFILE (object), result, &save_result->error);
  save_result->done = TRUE;
}

static void
test_save_async (SaveFixture   *fixture,
                 gconstpointer  user_data)
{
  g_autofree char *no_dir = g_build_filename (fixture->dir, "missing", "profile.json", NULL);
  const char *paths[] = { fixture->path, no_dir };

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autoptr(GFile) file = g_file_new_for_path (paths[i]);
      SaveResult result = { 0 };

      portolan_profile_save_async (fixture->profile, file, NULL, saved_cb, &result);

      /* What is saved is the profile as it was when asked */
      portolan_profile_set_name (fixture->profile, "Changed meanwhile");

      while (!result.done)
        g_main_context_iteration (NULL, TRUE);

      g_assert_cmpint (result.saved, ==, i == 0);
      if (i == 0)
        g_assert_no_error (result.error);
      else
        g_assert_error (result.error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
      g_clear_error (&result.error);
    }

  assert_contents (fixture->path, fixture->data);
}

/* As another user than root, who can write anywhere; run in a subprocess */
static void
save_as_nobody (const char *path)
{
  g_autoptr(PortolanProfile) profile = new_head_office ();
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_path_get_dirname (path);

  if (getuid () == 0 && (setgroups (0, NULL) != 0 || setgid (65534) != 0 || setuid (65534) != 0))
    g_error ("cannot become nobody: %s", g_strerror (errno));
  g_assert_cmpint (access (dir, W_OK), !=, 0);

  g_assert_false (portolan_profile_save (profile, file, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
  g_test_message ("%s", error->message);
  g_assert_true (g_str_has_prefix (error->message, path));
  g_assert_nonnull (strstr (error->message, "cannot save the profile: cannot create a temporary file in"));
}

/* No fixture: the subprocess, no longer root, could not remove its own */
static void
test_save_read_only_directory (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;

  if (g_test_subprocess ())
    {
      save_as_nobody (g_getenv ("PORTOLAN_TEST_PROFILE"));
      return;
    }

  dir = make_temp_dir ();
  path = g_build_filename (dir, "profile.json", NULL);
  g_assert_true (g_file_set_contents (path, "previous", -1, NULL));
  g_assert_cmpint (g_chmod (path, 0644), ==, 0);
  g_assert_cmpint (g_chmod (dir, 0555), ==, 0);

  g_setenv ("PORTOLAN_TEST_PROFILE", path, TRUE);
  g_test_trap_subprocess (NULL, 0, 0);
  g_test_trap_assert_passed ();
  g_unsetenv ("PORTOLAN_TEST_PROFILE");

  g_assert_cmpint (g_chmod (dir, 0755), ==, 0);
  assert_contents (path, "previous");
  assert_listing (dir, "profile.json");

  remove_dir (dir);
}

static void
test_finalize (void)
{
  PortolanCatalogue *catalogue = load_builtin ();
  PortolanProfile *profile = portolan_profile_new (catalogue);
  const char *hosts[] = { "ums.example.com", NULL };

  g_assert_true (portolan_profile_get_catalogue (profile) == catalogue);
  g_assert_true (portolan_profile_set_hosts (profile, "ums-server", hosts, NULL));
  g_assert_true (portolan_profile_set_fingerprint (profile, "ums-server", FINGERPRINT, NULL));
  g_assert_true (portolan_profile_set_proxy (profile, PORTOLAN_PROXY_URL, "http://proxy:3128", NULL));

  g_assert_finalize_object (profile);
  g_assert_finalize_object (catalogue);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/profile/new/defaults", test_new_defaults);
  g_test_add_func ("/profile/new/finalize", test_finalize);
  g_test_add_func ("/profile/features/exclusive", test_features_exclusive);
  g_test_add_func ("/profile/features/exclusive-groups", test_features_exclusive_groups);
  g_test_add_func ("/profile/hosts/set-and-expand", test_hosts);
  g_test_add_func ("/profile/hosts/cloud-defaults", test_hosts_cloud_defaults);
  g_test_add_func ("/profile/ports", test_ports);
  g_test_add_func ("/profile/fingerprints", test_fingerprints);
  g_test_add_func ("/profile/proxy", test_proxy);
  g_test_add_func ("/profile/setters/refuse", test_setters_refuse);
  g_test_add_func ("/profile/setters/changed", test_changed);
  g_test_add_func ("/profile/json/values", test_head_office_values);
  g_test_add_func ("/profile/json/round-trip", test_round_trip);
  g_test_add_func ("/profile/json/shape", test_output_shape);
  g_test_add_func ("/profile/load/valid", test_load_valid);
  g_test_add_func ("/profile/load/minimal", test_load_minimal);
  for (guint i = 0; i < G_N_ELEMENTS (broken_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/profile/load/broken/%s", broken_cases[i].name);

      g_test_add_data_func (path, &broken_cases[i], test_load_broken);
    }
  g_test_add_func ("/profile/load/file", test_load_file);
  g_test_add_func ("/profile/load/deep-nesting", test_load_deep_nesting);
  g_test_add ("/profile/save/file", SaveFixture, NULL,
              save_fixture_set_up, test_save_and_load_file, save_fixture_tear_down);
  g_test_add ("/profile/save/backup", SaveFixture, NULL,
              save_fixture_set_up, test_save_keeps_backup, save_fixture_tear_down);
  g_test_add ("/profile/save/symlink", SaveFixture, NULL,
              save_fixture_set_up, test_save_through_symlink, save_fixture_tear_down);
  g_test_add ("/profile/save/fails-halfway", SaveFixture, NULL,
              save_fixture_set_up, test_save_fails_halfway, save_fixture_tear_down);
  g_test_add ("/profile/save/async", SaveFixture, NULL,
              save_fixture_set_up, test_save_async, save_fixture_tear_down);
  g_test_add_func ("/profile/save/read-only-directory", test_save_read_only_directory);

  return g_test_run ();
}
