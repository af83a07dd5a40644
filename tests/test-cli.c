/* test-cli.c: portolan-cli as a user runs it */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "portolan-core.h"

typedef struct
{
  int   status;
  char *out;
  char *err;
} Run;

static void
run_clear (Run *run)
{
  g_free (run->out);
  g_free (run->err);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

static void
run_cli (Run *run,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  const char *arg;
  va_list args;

  g_ptr_array_add (argv, (gpointer) g_getenv ("PORTOLAN_CLI"));
  va_start (args, run);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &run->out, &run->err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  run->status = g_subprocess_get_exit_status (process);
}

static void
assert_members (JsonObject         *object,
                const char * const *expected)
{
  g_autoptr(GList) members = json_object_get_members (object);

  g_assert_cmpuint (g_list_length (members), ==, g_strv_length ((char **) expected));
  for (const GList *l = members; l != NULL; l = l->next)
    g_assert_true (g_strv_contains (expected, l->data));
}

static void
assert_strings (JsonArray          *array,
                const char * const *expected)
{
  g_assert_cmpuint (json_array_get_length (array), ==, g_strv_length ((char **) expected));
  for (guint i = 0; expected[i] != NULL; i++)
    g_assert_cmpstr (json_array_get_string_element (array, i), ==, expected[i]);
}

static JsonObject *
parse_object (JsonParser *parser,
              const char *text)
{
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_node_get_object (json_parser_get_root (parser));
}

static void
assert_link_matches (JsonObject   *object,
                     PortolanLink *link)
{
  static const char * const link_members[] = {
    "id", "port", "protocols", "initiators", "listeners", "features", "configurable", "description", NULL
  };
  JsonArray *protocols = json_object_get_array_member (object, "protocols");
  PortolanProtocol expected_protocols = portolan_link_get_protocols (link);
  PortolanProtocol seen = 0;

  assert_members (object, link_members);
  if (portolan_link_is_dynamic (link))
    g_assert_true (json_object_get_null_member (object, "port"));
  else
    g_assert_cmpint (json_object_get_int_member (object, "port"), ==, portolan_link_get_port (link));

  for (guint p = 0; p < json_array_get_length (protocols); p++)
    {
      PortolanProtocol protocol;

      g_assert_true (portolan_protocol_from_string (json_array_get_string_element (protocols, p), &protocol));
      seen |= protocol;
    }
  g_assert_cmpint (seen, ==, expected_protocols);

  assert_strings (json_object_get_array_member (object, "initiators"), portolan_link_get_initiators (link));
  assert_strings (json_object_get_array_member (object, "listeners"), portolan_link_get_listeners (link));
  assert_strings (json_object_get_array_member (object, "features"), portolan_link_get_features (link));
  g_assert_cmpint (json_object_get_boolean_member (object, "configurable"), ==, portolan_link_get_configurable (link));
  g_assert_cmpstr (json_object_get_string_member (object, "description"), ==, portolan_link_get_description (link));
}

static void
test_list_json_matches_catalogue (void)
{
  static const char * const root_members[] = { "roles", "features", "links", NULL };
  static const char * const role_members[] = { "id", "name", "kind", "hosts", NULL };
  static const char * const feature_members[] = { "id", "name", NULL };
  g_autoptr(PortolanCatalogue) catalogue = portolan_catalogue_new_builtin (NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_auto(Run) run = { 0, };
  JsonObject *root;
  JsonArray *roles, *features, *links;

  run_cli (&run, "list", "--json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==, "");

  root = parse_object (parser, run.out);
  assert_members (root, root_members);

  roles = json_object_get_array_member (root, "roles");
  g_assert_cmpuint (json_array_get_length (roles), ==, portolan_catalogue_get_roles (catalogue)->len);
  for (guint i = 0; i < json_array_get_length (roles); i++)
    {
      JsonObject *object = json_array_get_object_element (roles, i);
      PortolanRole *role = g_ptr_array_index (portolan_catalogue_get_roles (catalogue), i);

      assert_members (object, role_members);
      g_assert_cmpstr (json_object_get_string_member (object, "id"), ==, portolan_role_get_id (role));
      g_assert_cmpstr (json_object_get_string_member (object, "name"), ==, portolan_role_get_name (role));
      g_assert_cmpstr (json_object_get_string_member (object, "kind"), ==,
                       portolan_role_kind_to_string (portolan_role_get_kind (role)));
      assert_strings (json_object_get_array_member (object, "hosts"), portolan_role_get_default_hosts (role));
    }

  features = json_object_get_array_member (root, "features");
  g_assert_cmpuint (json_array_get_length (features), ==, portolan_catalogue_get_features (catalogue)->len);
  for (guint i = 0; i < json_array_get_length (features); i++)
    {
      JsonObject *object = json_array_get_object_element (features, i);
      PortolanFeature *feature = g_ptr_array_index (portolan_catalogue_get_features (catalogue), i);

      assert_members (object, feature_members);
      g_assert_cmpstr (json_object_get_string_member (object, "id"), ==, portolan_feature_get_id (feature));
      g_assert_cmpstr (json_object_get_string_member (object, "name"), ==, portolan_feature_get_name (feature));
    }

  links = json_object_get_array_member (root, "links");
  g_assert_cmpuint (json_array_get_length (links), ==, 40);
  for (guint i = 0; i < json_array_get_length (links); i++)
    assert_link_matches (json_array_get_object_element (links, i),
                         g_ptr_array_index (portolan_catalogue_get_links (catalogue), i));
}

static void
test_list_filters (void)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_auto(Run) run = { 0, };
  JsonArray *links;

  run_cli (&run, "list", "--json", "--from", "ums-server", "--to", "os11-device", NULL);
  g_assert_cmpint (run.status, ==, 0);
  links = json_object_get_array_member (parse_object (parser, run.out), "links");

  /* Secure terminal, shadowing via the Web App, scan, Wake on LAN */
  g_assert_cmpuint (json_array_get_length (links), ==, 4);
  for (guint i = 0; i < json_array_get_length (links); i++)
    {
      JsonObject *link = json_array_get_object_element (links, i);
      const char *initiators[] = { "ums-server", NULL };

      assert_strings (json_object_get_array_member (link, "initiators"), initiators);
    }
  run_clear (&run);

  run_cli (&run, "list", "--feature", "unencrypted-connections", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "9080/tcp"));
  g_assert_nonnull (strstr (run.out, "dynamic/tcp"));
  g_assert_null (strstr (run.out, "8443/tcp"));
}

static void
test_list_table (void)
{
  g_auto(Run) run = { 0, };
  g_auto(GStrv) lines = NULL;

  run_cli (&run, "list", NULL);
  g_assert_cmpint (run.status, ==, 0);

  lines = g_strsplit (run.out, "\n", -1);
  g_assert_true (g_str_has_prefix (lines[0], "PORT"));
  g_assert_nonnull (strstr (lines[0], "FROM → TO"));
  /* A header and one line per link, each unwrapped when not a terminal */
  g_assert_cmpuint (g_strv_length (lines), ==, 1 + 40 + 1);
  g_assert_nonnull (strstr (lines[1], "443/tcp"));
  g_assert_nonnull (strstr (lines[1], "ums-server → igel-app-portal"));
  g_assert_nonnull (strstr (run.out, "88/tcp+udp"));
  g_assert_nonnull (strstr (run.out, "dynamic/udp"));
}

static void
test_unknown_names (void)
{
  g_auto(Run) run = { 0, };

  run_cli (&run, "list", "--from", "ums-srever", NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_nonnull (strstr (run.err, "unknown role “ums-srever” for --from"));
  g_assert_nonnull (strstr (run.err, "ums-server"));
  g_assert_nonnull (strstr (run.err, "os11-device"));
  run_clear (&run);

  run_cli (&run, "list", "--feature", "ldap", NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "unknown feature “ldap” for --feature"));
  g_assert_nonnull (strstr (run.err, "ldaps"));
  run_clear (&run);

  run_cli (&run, "frobnicate", NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "unknown command “frobnicate”"));
  run_clear (&run);

  run_cli (&run, "list", "--colour", NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "--colour"));
}

static void
test_other_catalogue (void)
{
  g_autofree char *dir = g_dir_make_tmp ("portolan-test-XXXXXX", NULL);
  g_autofree char *good = g_build_filename (dir, "good.json", NULL);
  g_autofree char *bad = g_build_filename (dir, "bad.json", NULL);
  g_autofree char *expected = g_strdup_printf ("portolan-cli: %s:1:", bad);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_auto(Run) run = { 0, };
  JsonArray *links;

  g_assert_true (g_file_set_contents (good,
    "{ \"schema\": 1, \"id\": \"mini\", \"name\": \"Mini\", \"version\": \"1\",\n"
    "  \"zones\": [ { \"id\": \"z\", \"name\": \"Z\" } ],\n"
    "  \"feature-groups\": [ { \"id\": \"g\", \"name\": \"G\" } ],\n"
    "  \"features\": [ { \"id\": \"f\", \"name\": \"F\", \"group\": \"g\" } ],\n"
    "  \"roles\": [ { \"id\": \"a\", \"name\": \"A\", \"kind\": \"server\", \"zone\": \"z\", \"position\": [0, 0] } ],\n"
    "  \"links\": [ { \"id\": \"self\", \"port\": 7, \"protocols\": [\"udp\"], \"initiators\": [\"a\"],\n"
    "               \"listeners\": [\"a\"], \"features\": [\"f\"], \"configurable\": true, \"description\": \"Echo\" } ] }\n",
    -1, NULL));
  g_assert_true (g_file_set_contents (bad, "{ \"schema\": \"one\" }", -1, NULL));

  run_cli (&run, "list", "--json", "--catalogue", good, NULL);
  g_assert_cmpint (run.status, ==, 0);
  links = json_object_get_array_member (parse_object (parser, run.out), "links");
  g_assert_cmpuint (json_array_get_length (links), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (links, 0), "port"), ==, 7);
  run_clear (&run);

  run_cli (&run, "list", "--catalogue", bad, NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_true (g_str_has_prefix (run.err, expected));
  g_assert_nonnull (strstr (run.err, "$.schema: must be a whole number"));

  g_unlink (good);
  g_unlink (bad);
  g_rmdir (dir);
}

static void
test_help_and_version (void)
{
  g_auto(Run) run = { 0, };
  g_autofree char *version = g_strdup_printf ("portolan-cli %s\n", PACKAGE_VERSION);

  run_cli (&run, "--version", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, version);
  run_clear (&run);

  run_cli (&run, "--help", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "list"));
  run_clear (&run);

  run_cli (&run, "list", "--help", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "portolan-cli list"));
  g_assert_nonnull (strstr (run.out, "--catalogue"));
  run_clear (&run);

  run_cli (&run, NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "Usage"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli/list/json-matches-catalogue", test_list_json_matches_catalogue);
  g_test_add_func ("/cli/list/filters", test_list_filters);
  g_test_add_func ("/cli/list/table", test_list_table);
  g_test_add_func ("/cli/list/unknown-names", test_unknown_names);
  g_test_add_func ("/cli/list/other-catalogue", test_other_catalogue);
  g_test_add_func ("/cli/help-and-version", test_help_and_version);

  return g_test_run ();
}
