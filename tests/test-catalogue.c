/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-catalogue.c: the built-in catalogue against the seed, and broken catalogues */
#include "config.h"

#include <glib/gstdio.h>

#include "portolan-core.h"
#include "portolan-test-text.h"
#include "seed-rows.h"

static const char * const design_role_ids[] = {
  "ums-server", "ums-console", "ums-web-app", "os12-device", "os11-device",
  "ha-load-balancer", "icg", "active-directory", "ldaps-server", "derby", "mssql",
  "oracle", "postgresql", "igel-app-portal", "igel-onboarding-service", "igel-insight",
  "igel-license-server", "igel-download-server", "imi-client",
};

static PortolanCatalogue *
load_builtin (void)
{
  g_autoptr(GError) error = NULL;
  PortolanCatalogue *catalogue = portolan_catalogue_new_builtin (&error);

  g_assert_no_error (error);
  g_assert_nonnull (catalogue);
  return catalogue;
}

static gboolean
same_role_set (const char * const *roles,
               const char         *expected_csv)
{
  g_auto(GStrv) expected = g_strsplit (expected_csv, ",", -1);

  return g_strv_length ((char **) roles) == g_strv_length (expected) &&
         g_strv_equal ((const char * const *) roles, (const char * const *) expected);
}

static PortolanProtocol
protocols_from_csv (const char *csv)
{
  g_auto(GStrv) names = g_strsplit (csv, ",", -1);
  PortolanProtocol protocols = 0;

  for (guint i = 0; names[i] != NULL; i++)
    {
      PortolanProtocol p;

      g_assert_true (portolan_protocol_from_string (names[i], &p));
      protocols |= p;
    }

  return protocols;
}

static void
test_builtin_roles (void)
{
  g_autoptr(PortolanCatalogue) catalogue = load_builtin ();

  g_assert_cmpuint (portolan_catalogue_get_roles (catalogue)->len, ==, G_N_ELEMENTS (design_role_ids));
  for (guint i = 0; i < G_N_ELEMENTS (design_role_ids); i++)
    {
      PortolanRole *role = portolan_catalogue_lookup_role (catalogue, design_role_ids[i]);
      const PortolanZone *zone;
      double x, y;

      g_assert_nonnull (role);
      g_assert_cmpstr (portolan_role_get_name (role), !=, "");
      zone = portolan_catalogue_lookup_zone (catalogue, portolan_role_get_zone (role));
      g_assert_nonnull (zone);
      portolan_role_get_position (role, &x, &y);
      g_assert_cmpfloat (x, >=, 0.0);
      g_assert_cmpfloat (x, <=, 1.0);
      g_assert_cmpfloat (y, >=, 0.0);
      g_assert_cmpfloat (y, <=, 1.0);
    }
}

static void
test_builtin_cloud_hosts (void)
{
  g_autoptr(PortolanCatalogue) catalogue = load_builtin ();
  struct { const char *role; const char *host; } cloud[] = {
    { "igel-app-portal", "app.igel.com" },
    { "igel-onboarding-service", "obs.services.igel.com" },
    { "igel-license-server", "susi.igel.com" },
    { "igel-download-server", "fwus.igel.com" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cloud); i++)
    {
      PortolanRole *role = portolan_catalogue_lookup_role (catalogue, cloud[i].role);
      const char * const *hosts = portolan_role_get_default_hosts (role);

      g_assert_cmpint (portolan_role_get_kind (role), ==, PORTOLAN_ROLE_KIND_CLOUD);
      g_assert_cmpuint (g_strv_length ((char **) hosts), ==, 1);
      g_assert_cmpstr (hosts[0], ==, cloud[i].host);
    }

  /* Roles inside the network have no host until the admin names one */
  g_assert_cmpuint (g_strv_length ((char **) portolan_role_get_default_hosts (
                      portolan_catalogue_lookup_role (catalogue, "ums-server"))), ==, 0);
}

/* Every row of the seed table, written by hand in seed-rows.h, is one
 * link of the catalogue (two for the rows used in both directions), and
 * the catalogue has nothing else. */
static void
test_builtin_holds_seed_rows (void)
{
  g_autoptr(PortolanCatalogue) catalogue = load_builtin ();
  GPtrArray *links = portolan_catalogue_get_links (catalogue);
  g_autoptr(GHashTable) matched = g_hash_table_new (NULL, NULL);
  g_autoptr(GHashTable) rows = g_hash_table_new (NULL, NULL);

  for (guint s = 0; s < G_N_ELEMENTS (seed_rows); s++)
    {
      const SeedRow *seed = &seed_rows[s];
      PortolanLink *found = NULL;

      g_hash_table_add (rows, GUINT_TO_POINTER (seed->row));
      for (guint i = 0; i < links->len && found == NULL; i++)
        {
          PortolanLink *link = g_ptr_array_index (links, i);

          if (portolan_link_get_row (link) == seed->row &&
              portolan_link_get_port (link) == seed->port &&
              portolan_link_get_protocols (link) == protocols_from_csv (seed->protocols) &&
              same_role_set (portolan_link_get_initiators (link), seed->initiators) &&
              same_role_set (portolan_link_get_listeners (link), seed->listeners) &&
              !g_hash_table_contains (matched, link))
            found = link;
        }

      if (found == NULL)
        g_error ("seed row %u (%d/%s, %s → %s) is not in the catalogue",
                 seed->row, seed->port, seed->protocols, seed->initiators, seed->listeners);

      g_assert_cmpstr (portolan_link_get_description (found), !=, "");
      g_assert_cmpuint (g_strv_length ((char **) portolan_link_get_features (found)), >, 0);
      g_hash_table_add (matched, found);
    }

  g_assert_cmpuint (g_hash_table_size (rows), ==, 38);
  g_assert_cmpuint (links->len, ==, G_N_ELEMENTS (seed_rows));
  g_assert_cmpuint (g_hash_table_size (matched), ==, links->len);
}

static void
test_builtin_dynamic_and_configurable (void)
{
  g_autoptr(PortolanCatalogue) catalogue = load_builtin ();
  GPtrArray *links = portolan_catalogue_get_links (catalogue);
  guint dynamic = 0;

  for (guint i = 0; i < links->len; i++)
    if (portolan_link_is_dynamic (g_ptr_array_index (links, i)))
      dynamic++;

  g_assert_cmpuint (dynamic, ==, 3);
  g_assert_true (portolan_link_get_configurable (portolan_catalogue_lookup_link (catalogue, "os11-device-communication")));
  g_assert_true (portolan_link_get_configurable (portolan_catalogue_lookup_link (catalogue, "console-server")));
  g_assert_false (portolan_link_get_configurable (portolan_catalogue_lookup_link (catalogue, "app-portal")));
}

static void
test_builtin_conditions (void)
{
  g_autoptr(PortolanCatalogue) catalogue = load_builtin ();
  PortolanLink *unencrypted = portolan_catalogue_lookup_link (catalogue, "os11-file-transfer-unencrypted");
  PortolanLink *ha = portolan_catalogue_lookup_link (catalogue, "ha-device-port");
  g_autofree char *port = portolan_link_format_port (portolan_catalogue_lookup_link (catalogue, "ad-kerberos"));

  g_assert_cmpstr (port, ==, "88/tcp+udp");
  g_assert_true (portolan_link_involves_feature (unencrypted, "unencrypted-connections"));
  g_assert_nonnull (strstr (portolan_link_get_description (unencrypted), "SSL connections only"));
  g_assert_true (g_strv_contains (portolan_link_get_requires (ha), "os11-devices"));
  g_assert_nonnull (strstr (portolan_link_get_description (ha), "OS 11 devices only"));

  /* The database features are one choice of several */
  g_assert_true (portolan_catalogue_lookup_group (catalogue, "database")->exclusive);
  g_assert_cmpstr (portolan_feature_get_group (portolan_catalogue_lookup_feature (catalogue, "postgresql")), ==, "database");
}

/* What a check does once connected is the catalogue's to say: the
 * service of the TCP side, and udp for a link with only UDP */
static void
test_builtin_services (void)
{
  static const struct
  {
    const char      *link;
    PortolanService  service;
  } samples[] = {
    { "app-portal", PORTOLAN_SERVICE_HTTPS },
    { "console-server", PORTOLAN_SERVICE_UMS_STATUS },
    { "icg-device", PORTOLAN_SERVICE_ICG_STATUS },
    { "ldaps", PORTOLAN_SERVICE_LDAPS },
    { "ad-ldap", PORTOLAN_SERVICE_LDAP },
    { "derby-database", PORTOLAN_SERVICE_DRDA },
    { "ad-kerberos", PORTOLAN_SERVICE_KERBEROS },
    { "postgresql-database", PORTOLAN_SERVICE_POSTGRESQL },
    { "mssql-database", PORTOLAN_SERVICE_TDS },
    { "oracle-database", PORTOLAN_SERVICE_TNS },
    { "os11-shadowing-console", PORTOLAN_SERVICE_RFB },
    { "ha-61616-balancer-to-server", PORTOLAN_SERVICE_OPENWIRE },
    { "os11-secure-terminal", PORTOLAN_SERVICE_TLS },
    /* IGEL's own protocols, unpublished */
    { "os12-registration", PORTOLAN_SERVICE_TCP },
    { "device-scan", PORTOLAN_SERVICE_TCP },
    { "wake-on-lan", PORTOLAN_SERVICE_WOL },
    { "ha-6155-balancer-to-server", PORTOLAN_SERVICE_UDP },
  };
  g_autoptr(PortolanCatalogue) catalogue = load_builtin ();
  GPtrArray *links = portolan_catalogue_get_links (catalogue);

  for (guint i = 0; i < G_N_ELEMENTS (samples); i++)
    g_assert_cmpint (portolan_link_get_service (portolan_catalogue_lookup_link (catalogue, samples[i].link)), ==,
                     samples[i].service);

  for (guint i = 0; i < links->len; i++)
    {
      PortolanLink *link = g_ptr_array_index (links, i);

      PortolanService service = portolan_link_get_service (link);

      g_assert_cmpint (service == PORTOLAN_SERVICE_UDP || service == PORTOLAN_SERVICE_WOL, ==,
                       portolan_link_get_protocols (link) == PORTOLAN_PROTOCOL_UDP);
      /* Only the UMS Server's status on 9080 goes without TLS */
      if (portolan_service_uses_tls (service) && !portolan_link_uses_tls (link))
        g_assert_cmpstr (portolan_link_get_id (link), ==, "os11-file-transfer-unencrypted");
    }
}

static void
test_service_names (void)
{
  static const struct
  {
    const char      *name;
    PortolanService  service;
    gboolean         uses_tls;
  } services[] = {
    { "tcp", PORTOLAN_SERVICE_TCP, FALSE },
    { "tls", PORTOLAN_SERVICE_TLS, TRUE },
    { "https", PORTOLAN_SERVICE_HTTPS, TRUE },
    { "ums-status", PORTOLAN_SERVICE_UMS_STATUS, TRUE },
    { "udp", PORTOLAN_SERVICE_UDP, FALSE },
  };
  PortolanService service;

  for (guint i = 0; i < G_N_ELEMENTS (services); i++)
    {
      g_assert_true (portolan_service_from_string (services[i].name, &service));
      g_assert_cmpint (service, ==, services[i].service);
      g_assert_cmpstr (portolan_service_to_string (services[i].service), ==, services[i].name);
      g_assert_cmpint (portolan_service_uses_tls (services[i].service), ==, services[i].uses_tls);
    }

  g_assert_false (portolan_service_from_string ("TLS", &service));
  g_assert_false (portolan_service_from_string ("", &service));
  g_assert_false (portolan_service_from_string (NULL, &service));
}

static GHashTable *
feature_set (const char *csv)
{
  g_auto(GStrv) ids = g_strsplit (csv, ",", -1);
  GHashTable *set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; ids[i] != NULL; i++)
    if (*ids[i] != '\0')
      g_hash_table_add (set, g_strdup (ids[i]));

  return set;
}

/* The rival of @feature_id among @chosen_csv, as an id, or NULL */
static const char *
rival_of (PortolanCatalogue *catalogue,
          const char        *chosen_csv,
          const char        *feature_id)
{
  g_autoptr(GHashTable) chosen = feature_set (chosen_csv);
  PortolanFeature *feature = portolan_catalogue_lookup_feature (catalogue, feature_id);
  PortolanFeature *rival;

  g_assert_nonnull (feature);
  rival = portolan_catalogue_find_rival (catalogue, chosen, feature);

  return rival ? portolan_feature_get_id (rival) : NULL;
}

/* Only one database can be in use */
static void
test_find_rival_builtin (void)
{
  g_autoptr(PortolanCatalogue) catalogue = load_builtin ();

  g_assert_cmpstr (rival_of (catalogue, "derby", "mssql"), ==, "derby");
  g_assert_cmpstr (rival_of (catalogue, "core,icg,oracle,app-portal", "postgresql"), ==, "oracle");
  /* Two at once is what the callers never let happen: the first in the catalogue's order */
  g_assert_cmpstr (rival_of (catalogue, "postgresql,mssql", "derby"), ==, "mssql");

  /* A feature is not its own rival: listing it twice is no conflict */
  g_assert_null (rival_of (catalogue, "derby", "derby"));
  g_assert_null (rival_of (catalogue, "", "derby"));
  g_assert_null (rival_of (catalogue, "core,icg,unknown-id", "derby"));

  /* Outside an exclusive group, features never rule each other out */
  g_assert_null (rival_of (catalogue, "active-directory", "ldaps"));
  g_assert_null (rival_of (catalogue, "derby,mssql", "icg"));
}

/* Exclusive groups are independent of each other; one of a single
 * feature has no rival */
static void
test_find_rival_groups (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (g_test_get_filename (G_TEST_DIST, "catalogue-groups.json", NULL));
  g_autoptr(PortolanCatalogue) catalogue = portolan_catalogue_new_from_file (file, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (rival_of (catalogue, "a2,b1,c1", "a1"), ==, "a2");
  g_assert_cmpstr (rival_of (catalogue, "a1,b1,c1", "a2"), ==, "a1");
  g_assert_null (rival_of (catalogue, "b1,c1,c2", "a1"));
  g_assert_null (rival_of (catalogue, "a1,a2,c1", "b1"));
  g_assert_null (rival_of (catalogue, "a1,c1", "c2"));
}

/* A small valid catalogue; each broken case below changes one thing */
static const char valid_catalogue[] =
  "{\n"                                                                          /* 1 */
  "  \"schema\": 1,\n"                                                           /* 2 */
  "  \"id\": \"test\",\n"                                                        /* 3 */
  "  \"name\": \"Test\",\n"                                                      /* 4 */
  "  \"version\": \"1\",\n"                                                      /* 5 */
  "  \"zones\": [ { \"id\": \"z\", \"name\": \"Zone\" } ],\n"                    /* 6 */
  "  \"feature-groups\": [ { \"id\": \"g\", \"name\": \"Group\" } ],\n"          /* 7 */
  "  \"features\": [ { \"id\": \"f\", \"name\": \"F\", \"group\": \"g\" } ],\n"  /* 8 */
  "  \"roles\": [\n"                                                             /* 9 */
  "    { \"id\": \"a\", \"name\": \"A\", \"kind\": \"server\", \"zone\": \"z\", \"position\": [0.1, 0.2] },\n" /* 10 */
  "    { \"id\": \"b\", \"name\": \"B\", \"kind\": \"client\", \"zone\": \"z\", \"position\": [0.5, 0.5] }\n"  /* 11 */
  "  ],\n"                                                                       /* 12 */
  "  \"links\": [\n"                                                             /* 13 */
  "    {\n"                                                                      /* 14 */
  "      \"id\": \"l\",\n"                                                       /* 15 */
  "      \"port\": 443,\n"                                                       /* 16 */
  "      \"protocols\": [\"tcp\"], \"service\": \"tls\",\n"                       /* 17 */
  "      \"initiators\": [\"b\"],\n"                                             /* 18 */
  "      \"listeners\": [\"a\"],\n"                                              /* 19 */
  "      \"features\": [\"f\"],\n"                                               /* 20 */
  "      \"configurable\": false,\n"                                             /* 21 */
  "      \"description\": \"Über D\"\n"                                          /* 22 */
  "    }\n"                                                                      /* 23 */
  "  ]\n"                                                                        /* 24 */
  "}\n";                                                                         /* 25 */

typedef struct
{
  const char             *name;
  const char             *replace;
  const char             *with;
  PortolanCatalogueError  code;
  const char             *message_start;  /* after "test.json:" */
} BrokenCase;

static const BrokenCase broken_cases[] = {
  { "malformed", "\"port\": 443,", "\"port\": 443,,", PORTOLAN_CATALOGUE_ERROR_MALFORMED,
    "16:18: Parse error" },
  { "missing-field", "      \"configurable\": false,\n", "", PORTOLAN_CATALOGUE_ERROR_MISSING_FIELD,
    "14:5: $.links[0].configurable: the field “configurable” is missing" },
  { "unknown-role", "\"initiators\": [\"b\"]", "\"initiators\": [\"c\"]", PORTOLAN_CATALOGUE_ERROR_UNKNOWN_ID,
    "18:22: $.links[0].initiators[0]: unknown role “c”" },
  { "unknown-feature", "\"features\": [\"f\"]", "\"features\": [\"f\", \"nope\"]", PORTOLAN_CATALOGUE_ERROR_UNKNOWN_ID,
    "20:25: $.links[0].features[1]: unknown feature “nope”" },
  { "unknown-zone", "\"zone\": \"z\", \"position\": [0.5", "\"zone\": \"y\", \"position\": [0.5", PORTOLAN_CATALOGUE_ERROR_UNKNOWN_ID,
    "11:57: $.roles[1].zone: unknown zone “y”" },
  { "duplicate-role", "{ \"id\": \"b\"", "{ \"id\": \"a\"", PORTOLAN_CATALOGUE_ERROR_DUPLICATE_ID,
    "11:13: $.roles[1].id: the id “a” is already used" },
  { "duplicate-field", "      \"port\": 443,\n", "      \"port\": 443,\n      \"port\": 444,\n", PORTOLAN_CATALOGUE_ERROR_DUPLICATE_FIELD,
    "17:15: the field “port” appears twice" },
  { "port-too-high", "\"port\": 443", "\"port\": 70000", PORTOLAN_CATALOGUE_ERROR_PORT_RANGE,
    "16:15: $.links[0].port: port 70000 is outside 1–65535" },
  { "port-zero", "\"port\": 443", "\"port\": 0", PORTOLAN_CATALOGUE_ERROR_PORT_RANGE,
    "16:15: $.links[0].port: port 0 is outside 1–65535" },
  { "port-string", "\"port\": 443", "\"port\": \"443\"", PORTOLAN_CATALOGUE_ERROR_WRONG_TYPE,
    "16:15: $.links[0].port: must be a whole number" },
  { "unknown-protocol", "[\"tcp\"]", "[\"sctp\"]", PORTOLAN_CATALOGUE_ERROR_UNKNOWN_PROTOCOL,
    "17:21: $.links[0].protocols[0]: unknown protocol “sctp”" },
  { "unknown-field", "      \"listeners\"", "      \"listners\": [\"a\"],\n      \"listeners\"", PORTOLAN_CATALOGUE_ERROR_UNKNOWN_FIELD,
    "19:19: $.links[0].listners: unknown field “listners”" },
  { "bad-id", "\"id\": \"l\"", "\"id\": \"Link One\"", PORTOLAN_CATALOGUE_ERROR_INVALID_VALUE,
    "15:13: $.links[0].id: “Link One” is not a valid id" },
  { "wrong-schema", "\"schema\": 1", "\"schema\": 2", PORTOLAN_CATALOGUE_ERROR_INVALID_VALUE,
    "2:13: $.schema: this is a catalogue of schema 2" },
  { "position-outside", "[0.1, 0.2]", "[0.1, 1.5]", PORTOLAN_CATALOGUE_ERROR_INVALID_VALUE,
    "10:80: $.roles[0].position[1]: 1.5 is outside the drawing area" },
  { "protocols-not-array", "\"protocols\": [\"tcp\"]", "\"protocols\": \"tcp\"", PORTOLAN_CATALOGUE_ERROR_WRONG_TYPE,
    "17:20: $.links[0].protocols: must be an array, not a string" },
  { "not-an-object", NULL, "[1, 2]\n", PORTOLAN_CATALOGUE_ERROR_WRONG_TYPE,
    "1:1: $: a catalogue must be an object" },
  { "empty", NULL, "", PORTOLAN_CATALOGUE_ERROR_MALFORMED, NULL },
  { "empty-listeners", "\"listeners\": [\"a\"]", "\"listeners\": []", PORTOLAN_CATALOGUE_ERROR_INVALID_VALUE,
    "19:20: $.links[0].listeners: must name at least one entry" },
  { "unknown-kind", "\"kind\": \"client\"", "\"kind\": \"laptop\"", PORTOLAN_CATALOGUE_ERROR_INVALID_VALUE,
    "11:39: $.roles[1].kind: unknown kind “laptop”; the kinds are: server, client, device, database, directory, cloud, gateway" },
  { "description-missing-in-file", "      \"description\": \"Über D\"\n", "      \"description\": null\n", PORTOLAN_CATALOGUE_ERROR_WRONG_TYPE,
    "22:22: $.links[0].description: must be a string, not null" },
  { "unknown-service", "\"service\": \"tls\"", "\"service\": \"smtp\"", PORTOLAN_CATALOGUE_ERROR_UNKNOWN_SERVICE,
    "17:40: $.links[0].service: unknown service “smtp”; the services are: tcp, tls, https, ums-status, udp" },
  { "service-missing", " \"service\": \"tls\",", "", PORTOLAN_CATALOGUE_ERROR_MISSING_FIELD,
    "14:5: $.links[0].service: the field “service” is missing" },
  { "service-not-string", "\"service\": \"tls\"", "\"service\": 443", PORTOLAN_CATALOGUE_ERROR_WRONG_TYPE,
    "17:40: $.links[0].service: must be a string, not a number" },
  { "service-udp-on-tcp", "\"service\": \"tls\"", "\"service\": \"udp\"", PORTOLAN_CATALOGUE_ERROR_INVALID_VALUE,
    "17:40: $.links[0].service: must say what the tcp check does, not “udp”" },
  { "service-udp-on-both", "[\"tcp\"], \"service\": \"tls\"", "[\"tcp\", \"udp\"], \"service\": \"udp\"", PORTOLAN_CATALOGUE_ERROR_INVALID_VALUE,
    "17:47: $.links[0].service: must say what the tcp check does, not “udp”" },
  { "service-tls-on-udp", "[\"tcp\"], \"service\": \"tls\"", "[\"udp\"], \"service\": \"tls\"", PORTOLAN_CATALOGUE_ERROR_INVALID_VALUE,
    "17:40: $.links[0].service: must be “udp”, “wol” or “kerberos” for a link that only uses udp, not “tls”" },
};

static char *
make_broken (const BrokenCase *broken)
{
  return portolan_test_replace_once (valid_catalogue, broken->replace, broken->with);
}

static void
test_valid_minimal (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PortolanCatalogue) catalogue = portolan_catalogue_new_from_data (valid_catalogue, -1, "test.json", &error);

  g_assert_no_error (error);
  g_assert_cmpuint (portolan_catalogue_get_links (catalogue)->len, ==, 1);
  g_assert_cmpstr (portolan_link_get_description (portolan_catalogue_lookup_link (catalogue, "l")), ==, "Über D");
}

static void
test_broken (gconstpointer data)
{
  const BrokenCase *broken = data;
  g_autofree char *text = make_broken (broken);
  g_autoptr(GError) error = NULL;
  g_autoptr(PortolanCatalogue) catalogue = NULL;

  catalogue = portolan_catalogue_new_from_data (text, -1, "test.json", &error);

  g_assert_null (catalogue);
  g_assert_error (error, PORTOLAN_CATALOGUE_ERROR, broken->code);
  portolan_test_assert_error_at (error, "test.json", broken->message_start);
}

static void
test_broken_file_names_the_file (void)
{
  g_autofree char *dir = g_dir_make_tmp ("portolan-test-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "broken.json", NULL);
  g_autofree char *missing = g_build_filename (dir, "missing.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) missing_file = g_file_new_for_path (missing);
  g_autoptr(GError) error = NULL;
  g_autoptr(PortolanCatalogue) catalogue = NULL;
  g_autofree char *expected = g_strdup_printf ("%s:16:15: $.links[0].port: port 70000", path);

  g_autofree char *broken = make_broken (&broken_cases[7]);

  g_assert_true (g_file_set_contents (path, broken, -1, NULL));
  catalogue = portolan_catalogue_new_from_file (file, &error);
  g_assert_null (catalogue);
  g_assert_error (error, PORTOLAN_CATALOGUE_ERROR, PORTOLAN_CATALOGUE_ERROR_PORT_RANGE);
  g_assert_true (g_str_has_prefix (error->message, expected));
  g_clear_error (&error);

  catalogue = portolan_catalogue_new_from_file (missing_file, &error);
  g_assert_null (catalogue);
  g_assert_error (error, PORTOLAN_CATALOGUE_ERROR, PORTOLAN_CATALOGUE_ERROR_IO);
  g_assert_true (g_str_has_prefix (error->message, missing));

  g_unlink (path);
  g_rmdir (dir);
}

/* A million '[' overflowed json-glib's recursive parser. The depth scan
 * before it must skip what json-glib skips and no more: a '"' in a
 * comment or in a single-quoted string (both of which json-glib takes)
 * once hid the brackets after it. Columns count characters. */
typedef struct
{
  const char *prefix;
  const char *expected;
} DeepCase;

static void
test_broken_deep_nesting (void)
{
  static const DeepCase cases[] = {
    { "{\"schema\": 1, \"x\": ", "1:83: arrays and objects nest deeper than 64 levels" },
    { "/* \" */ ", "1:73: arrays and objects nest deeper than 64 levels" },
    { "['\"', ", "1:70: arrays and objects nest deeper than 64 levels" },
    { "[\"\\\"ü\", ", "1:72: arrays and objects nest deeper than 64 levels" },
    { "{\n  \"schema\": 1 /* * / \"\n */, \"x\": ", "3:74: arrays and objects nest deeper than 64 levels" },
  };
  g_autofree char *brackets = g_strnfill (1000000, '[');

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = g_strconcat (cases[i].prefix, brackets, NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(PortolanCatalogue) catalogue = portolan_catalogue_new_from_data (text, -1, "test.json", &error);

      g_assert_null (catalogue);
      g_assert_error (error, PORTOLAN_CATALOGUE_ERROR, PORTOLAN_CATALOGUE_ERROR_MALFORMED);
      portolan_test_assert_error_at (error, "test.json", cases[i].expected);
    }
}

/* json-glib decodes octal escapes, so valid UTF-8 text can still give a
 * string that is not; that is refused where it is */
static void
test_broken_escape_not_utf8 (void)
{
  static const char * const texts[] = {
    "{\"schema\": 1, \"name\": \"UMS \\377\"}",
    "{\"schema\": 1, \"zones\": [\"\\200\"]}",
    "{\"schema\": 1, \"z\\351\": 1}",
  };
  static const char * const expected[] = {
    "1:23: $.name: is not UTF-8 text",
    "1:25: $.zones[0]: is not UTF-8 text",
    "1:1: $.z\357\277\275: this name is not UTF-8 text",
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(PortolanCatalogue) catalogue = portolan_catalogue_new_from_data (texts[i], -1, "test.json", &error);

      g_assert_null (catalogue);
      g_assert_error (error, PORTOLAN_CATALOGUE_ERROR, PORTOLAN_CATALOGUE_ERROR_MALFORMED);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      portolan_test_assert_error_at (error, "test.json", expected[i]);
    }
}

/* The built-in resource and the file in data/ are the same catalogue */
static void
test_builtin_matches_source (void)
{
  g_autoptr(GFile) file = g_file_new_for_path (g_getenv ("PORTOLAN_BUILTIN_CATALOGUE"));
  g_autoptr(GError) error = NULL;
  g_autoptr(PortolanCatalogue) from_file = portolan_catalogue_new_from_file (file, &error);
  g_autoptr(PortolanCatalogue) builtin = load_builtin ();

  g_assert_no_error (error);
  g_assert_cmpuint (portolan_catalogue_get_links (from_file)->len, ==, portolan_catalogue_get_links (builtin)->len);
  g_assert_cmpstr (portolan_catalogue_get_origin (builtin), ==,
                   "resource:///io/github/portolan/Portolan/catalogue/igel-ums.json");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/catalogue/builtin/roles", test_builtin_roles);
  g_test_add_func ("/catalogue/builtin/cloud-hosts", test_builtin_cloud_hosts);
  g_test_add_func ("/catalogue/builtin/seed-rows", test_builtin_holds_seed_rows);
  g_test_add_func ("/catalogue/builtin/dynamic-and-configurable", test_builtin_dynamic_and_configurable);
  g_test_add_func ("/catalogue/builtin/conditions", test_builtin_conditions);
  g_test_add_func ("/catalogue/builtin/matches-source", test_builtin_matches_source);
  g_test_add_func ("/catalogue/builtin/services", test_builtin_services);
  g_test_add_func ("/catalogue/service-names", test_service_names);
  g_test_add_func ("/catalogue/find-rival/builtin", test_find_rival_builtin);
  g_test_add_func ("/catalogue/find-rival/groups", test_find_rival_groups);
  g_test_add_func ("/catalogue/valid-minimal", test_valid_minimal);
  for (guint i = 0; i < G_N_ELEMENTS (broken_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/catalogue/broken/%s", broken_cases[i].name);

      g_test_add_data_func (path, &broken_cases[i], test_broken);
    }
  g_test_add_func ("/catalogue/broken/file-names-the-file", test_broken_file_names_the_file);
  g_test_add_func ("/catalogue/broken/deep-nesting", test_broken_deep_nesting);
  g_test_add_func ("/catalogue/broken/escape-not-utf8", test_broken_escape_not_utf8);

  return g_test_run ();
}
