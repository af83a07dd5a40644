/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-cli.c: portolan-cli as a user runs it */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "portolan-core.h"
#include "portolan-test-certs.h"
#include "portolan-test-servers.h"
#include "portolan-test-time.h"

/* Long enough for loopback, short enough that a mistake shows quickly */
#define TIMEOUT_MS 2000

typedef struct
{
  int       status;
  char     *out;
  char     *err;
  gboolean  done;
} Run;

static PortolanTestCerts *shared_certs;
/* TIMEOUT_MS as this build spends it, for --timeout */
static char *check_timeout;

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
communicated_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Run *run = user_data;
  g_autoptr(GError) error = NULL;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (object), result, &run->out, &run->err, &error);
  g_assert_no_error (error);
  run->done = TRUE;
}

/* `portolan-cli check --proxy none ARGS…`, while this process's main
 * context keeps serving the loopback servers the command probes */
static void
run_check_argv (Run                *run,
                const char * const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *command = NULL;

  g_ptr_array_add (argv, (gpointer) g_getenv ("PORTOLAN_CLI"));
  g_ptr_array_add (argv, (gpointer) "check");
  /* First, so that a test can still give another */
  g_ptr_array_add (argv, (gpointer) "--proxy");
  g_ptr_array_add (argv, (gpointer) "none");
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  command = g_strjoinv (" ", (char **) argv->pdata);
  g_test_message ("%s", command);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);

  run->done = FALSE;
  g_subprocess_communicate_utf8_async (process, NULL, NULL, communicated_cb, run);
  while (!run->done)
    g_main_context_iteration (NULL, TRUE);

  g_subprocess_wait (process, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  run->status = g_subprocess_get_exit_status (process);
  g_test_message ("exit status %d\nstdout:\n%s\nstderr:\n%s", run->status, run->out, run->err);
}

static void
run_check (Run *run,
           ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  const char *arg;
  va_list ap;

  va_start (ap, run);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  run_check_argv (run, (const char * const *) args->pdata);
}

static char *
port_string (guint16 port)
{
  g_assert_cmpuint (port, >, 0);
  return g_strdup_printf ("%u", port);
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
    "id", "port", "protocols", "service", "initiators", "listeners", "features", "configurable", "description", NULL
  };
  /* "tls": false only where the service goes without it */
  static const char * const clear_link_members[] = {
    "id", "port", "protocols", "service", "tls", "initiators", "listeners", "features", "configurable",
    "description", NULL
  };
  JsonArray *protocols = json_object_get_array_member (object, "protocols");
  PortolanProtocol expected_protocols = portolan_link_get_protocols (link);
  PortolanProtocol seen = 0;

  g_assert_cmpstr (json_object_get_string_member (object, "service"), ==,
                   portolan_service_to_string (portolan_link_get_service (link)));
  if (portolan_link_uses_tls (link) || !portolan_service_uses_tls (portolan_link_get_service (link)))
    assert_members (object, link_members);
  else
    {
      assert_members (object, clear_link_members);
      g_assert_false (json_object_get_boolean_member (object, "tls"));
    }
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
    "  \"links\": [ { \"id\": \"self\", \"port\": 7, \"protocols\": [\"udp\"], \"service\": \"udp\", \"initiators\": [\"a\"],\n"
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

  run_cli (&run, "check", "--help", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "3 when nothing was tested"));
  g_assert_nonnull (strstr (run.out, "130 when interrupted"));
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

/* `portolan-cli check` */

static const char * const run_members[] = {
  "source", "target", "started", "duration_ms", "checks", "other_side", NULL
};
static const char * const check_members[] = {
  "link", "port", "protocol", "from", "to", "host", "address", "state", "latency_ms", "detail", "tls", "service", NULL
};

/* One check of `check --json`: @port 0 and NULL strings stand for null,
 * @detail is a part of the detail */
static void
assert_check_json (JsonObject *check,
                   const char *link,
                   guint16     port,
                   const char *protocol,
                   const char *from,
                   const char *to,
                   const char *host,
                   const char *state,
                   const char *detail)
{
  gboolean probed = host != NULL && !g_str_equal (state, "unverified");

  assert_members (check, check_members);
  g_assert_cmpstr (json_object_get_string_member (check, "link"), ==, link);
  if (port == 0)
    g_assert_true (json_object_get_null_member (check, "port"));
  else
    g_assert_cmpint (json_object_get_int_member (check, "port"), ==, port);
  g_assert_cmpstr (json_object_get_string_member (check, "protocol"), ==, protocol);
  g_assert_cmpstr (json_object_get_string_member (check, "from"), ==, from);
  g_assert_cmpstr (json_object_get_string_member (check, "to"), ==, to);
  if (host == NULL)
    g_assert_true (json_object_get_null_member (check, "host"));
  else
    g_assert_cmpstr (json_object_get_string_member (check, "host"), ==, host);
  g_assert_cmpstr (json_object_get_string_member (check, "state"), ==, state);
  g_assert_nonnull (strstr (json_object_get_string_member (check, "detail"), detail));

  /* Only a probe that reached loopback has an address and a latency */
  if (probed)
    {
      g_assert_cmpstr (json_object_get_string_member (check, "address"), ==, "127.0.0.1");
      g_assert_cmpfloat (json_object_get_double_member (check, "latency_ms"), >=, 0);
      g_assert_cmpfloat (json_object_get_double_member (check, "latency_ms"), <, portolan_test_scale_ms (TIMEOUT_MS));
    }
  else
    {
      g_assert_true (json_object_get_null_member (check, "address"));
      g_assert_true (json_object_get_null_member (check, "latency_ms"));
      g_assert_true (json_object_get_null_member (check, "tls"));
    }
}

static JsonArray *
assert_run_json (JsonParser *parser,
                 const char *text,
                 const char *source,
                 const char *target,
                 guint       n_checks)
{
  JsonObject *root = parse_object (parser, text);
  g_autoptr(GDateTime) started = NULL;
  JsonArray *checks;

  assert_members (root, run_members);
  g_assert_cmpstr (json_object_get_string_member (root, "source"), ==, source);
  g_assert_cmpstr (json_object_get_string_member (root, "target"), ==, target);
  started = g_date_time_new_from_iso8601 (json_object_get_string_member (root, "started"), NULL);
  g_assert_nonnull (started);
  g_assert_cmpint (json_node_get_value_type (json_object_get_member (root, "duration_ms")), ==, G_TYPE_INT64);
  g_assert_cmpint (json_object_get_int_member (root, "duration_ms"), >=, 0);
  /* A silent check waits out its time limit, which sanitizer builds stretch */
  g_assert_cmpint (json_object_get_int_member (root, "duration_ms"), <, portolan_test_scale_ms (10000));

  checks = json_object_get_array_member (root, "checks");
  g_assert_cmpuint (json_array_get_length (checks), ==, n_checks);
  g_assert_nonnull (json_object_get_array_member (root, "other_side"));
  return checks;
}

/* The line of the human-readable output that holds @needle, which must
 * be on exactly one */
static const char *
find_line (char       **lines,
           const char  *needle)
{
  const char *found = NULL;

  for (guint i = 0; lines[i] != NULL; i++)
    if (strstr (lines[i], needle) != NULL)
      {
        g_assert_null (found);
        found = lines[i];
      }

  if (found == NULL)
    g_error ("no line holds “%s”", needle);
  return found;
}

/* @line holds the texts, in this order */
static void
assert_in_order (const char *line,
                 ...)
{
  const char *position = line;
  const char *text;
  va_list args;

  va_start (args, line);
  while ((text = va_arg (args, const char *)) != NULL)
    {
      const char *found = strstr (position, text);

      if (found == NULL)
        g_error ("“%s” lacks “%s” after column %ld", line, text, (long) (position - line));
      position = found + strlen (text);
    }
  va_end (args);
}

/* The UMS Console reaches a UMS Server and an OS 11 device: one port is
 * closed, one open, and Java Web Start (SSL-only on) is skipped */
typedef struct
{
  PortolanTestServer *open;
  char               *open_port;
  char               *closed_port;
} ConsoleRun;

static void
console_run_setup (ConsoleRun *c)
{
  g_autoptr(GError) error = NULL;

  c->open = portolan_test_tcp_server_new ("127.0.0.1", PORTOLAN_TEST_TCP_ACCEPT_SILENT, &error);
  g_assert_no_error (error);
  c->open_port = port_string (portolan_test_server_get_port (c->open));
  c->closed_port = port_string (portolan_test_find_closed_port ("127.0.0.1"));
}

static void
console_run_clear (ConsoleRun *c)
{
  g_clear_pointer (&c->open, portolan_test_server_free);
  g_free (c->open_port);
  g_free (c->closed_port);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ConsoleRun, console_run_clear)

static void
run_console (Run        *run,
             ConsoleRun *c,
             const char *json)
{
  g_autofree char *server_port = g_strdup_printf ("console-server=%s", c->closed_port);
  g_autofree char *device_port = g_strdup_printf ("os11-shadowing-console=%s", c->open_port);

  run_check (run, "--from", "ums-console", "--to", "all", "--features", "core,os11-devices,derby",
             "--host", "ums-server=127.0.0.1", "--host", "os11-device=127.0.0.1",
             "--port", server_port, "--port", device_port, "--timeout", check_timeout, json, NULL);
}

static void
test_check_table (void)
{
  g_auto(ConsoleRun) c = { 0, };
  g_auto(Run) run = { 0, };
  g_auto(GStrv) lines = NULL;
  g_autofree char *open_port = NULL;
  g_autofree char *closed_port = NULL;

  console_run_setup (&c);
  run_console (&run, &c, NULL);

  /* Something is closed */
  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpstr (run.err, ==, "");
  g_assert_true (portolan_test_server_wait_accepted (c.open, 1, portolan_test_scale_ms (TIMEOUT_MS)));

  /* What the plan decided comes first, then each result as it comes,
   * then the summary; no other side, as nothing starts at the server or
   * the device towards the console */
  lines = g_strsplit (run.out, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 3 + 2 + 1);
  assert_in_order (lines[0], "– Skipped", "dynamic/tcp", "ums-console → ums-server", "—", "—", "—",
                   "only needed with “Unencrypted connections (SSL-only off)”, which is off", NULL);

  open_port = g_strdup_printf (" %s/tcp ", c.open_port);
  closed_port = g_strdup_printf (" %s/tcp ", c.closed_port);
  assert_in_order (find_line (lines, open_port), "○ Open", open_port, "ums-console → os11-device",
                   "127.0.0.1", "127.0.0.1", " ms", "connected, but no VNC (RFB) answer", NULL);
  assert_in_order (find_line (lines, closed_port), "✖ Closed", closed_port, "ums-console → ums-server",
                   "127.0.0.1", "127.0.0.1", " ms", "connection refused (ECONNREFUSED)", NULL);

  g_assert_cmpstr (lines[3], ==, "");
  g_assert_true (g_str_has_prefix (lines[4], "1 closed, 1 open, 1 skipped in "));
  /* The silent VNC check waits out its time limit, which a sanitizer
   * build stretches past ten seconds */
  g_assert_true (g_str_has_suffix (lines[4], " ms") || g_str_has_suffix (lines[4], " s"));
  g_assert_cmpstr (lines[5], ==, "");
}

static void
test_check_json (void)
{
  g_auto(ConsoleRun) c = { 0, };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_auto(Run) run = { 0, };
  JsonArray *checks;

  console_run_setup (&c);
  run_console (&run, &c, "--json");

  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpstr (run.err, ==, "");

  /* In the catalogue's order, whatever order they finished in */
  checks = assert_run_json (parser, run.out, "ums-console", "all", 3);
  assert_check_json (json_array_get_object_element (checks, 0), "console-server",
                     atoi (c.closed_port), "tcp", "ums-console", "ums-server", "127.0.0.1",
                     "closed", "connection refused (ECONNREFUSED)");
  g_assert_true (json_object_get_null_member (json_array_get_object_element (checks, 0), "tls"));
  assert_check_json (json_array_get_object_element (checks, 1), "os11-shadowing-console",
                     atoi (c.open_port), "tcp", "ums-console", "os11-device", "127.0.0.1",
                     "open", "connected, but no VNC (RFB) answer");
  g_assert_true (json_object_get_null_member (json_array_get_object_element (checks, 1), "tls"));
  assert_check_json (json_array_get_object_element (checks, 2), "console-web-start",
                     0, "tcp", "ums-console", "ums-server", NULL,
                     "skipped", "only needed with “Unencrypted connections (SSL-only off)”, which is off");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                                                          "other_side")), ==, 0);
}

/* Nothing to probe, and what only the device can test */
static void
test_check_json_other_side (void)
{
  static const char * const other_side[] = {
    "os11-device-communication", "os11-file-transfer", "os11-firmware-customization",
    "os11-license-files", "os11-online-check", "device-scan-answer", NULL
  };
  static const struct
  {
    const char *link;
    guint16     port;
    const char *protocol;
  } skipped[] = {
    { "device-scan", 30005, "tcp" },
    { "device-scan", 30005, "udp" },
    { "os11-secure-terminal", 30022, "tcp" },
    { "os11-shadowing-web-app", 5900, "tcp" },
    { "wake-on-lan", 9, "udp" },
  };
  g_autoptr(PortolanCatalogue) catalogue = portolan_catalogue_new_builtin (NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_auto(Run) run = { 0, };
  JsonArray *checks, *links;

  run_check (&run, "--from", "ums-server", "--to", "os11-device", "--features", "core,os11-devices,derby",
             "--json", NULL);

  /* Skipped is no problem, but nothing was tested: 3, and why */
  g_assert_cmpint (run.status, ==, 3);
  g_assert_cmpstr (run.err, ==, "portolan-cli: nothing was tested: every check was skipped: "
                                "no host given for IGEL OS 11 Device (5 checks)\n");

  checks = assert_run_json (parser, run.out, "ums-server", "os11-device", G_N_ELEMENTS (skipped));
  for (guint i = 0; i < G_N_ELEMENTS (skipped); i++)
    assert_check_json (json_array_get_object_element (checks, i), skipped[i].link, skipped[i].port,
                       skipped[i].protocol, "ums-server", "os11-device", NULL,
                       "skipped", "no host given for IGEL OS 11 Device");

  links = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "other_side");
  g_assert_cmpuint (json_array_get_length (links), ==, g_strv_length ((char **) other_side));
  for (guint i = 0; other_side[i] != NULL; i++)
    {
      JsonObject *link = json_array_get_object_element (links, i);

      g_assert_cmpstr (json_object_get_string_member (link, "id"), ==, other_side[i]);
      assert_link_matches (link, portolan_catalogue_lookup_link (catalogue, other_side[i]));
    }
  run_clear (&run);

  /* The same, for a person */
  run_check (&run, "--from", "ums-server", "--to", "os11-device", "--features", "core,os11-devices,derby", NULL);
  g_assert_cmpint (run.status, ==, 3);
  g_assert_true (g_str_has_prefix (run.err, "portolan-cli: nothing was tested: "));
  assert_in_order (run.out, "To test from the other side",
                   "30001/tcp", "os11-device → ums-server: Direct communication",
                   "dynamic/udp", "os12-device, os11-device → ums-server: Scanning for devices",
                   "\n5 skipped in ", NULL);
}

static void
assert_tls_json (JsonObject *check,
                 const char *sha256,
                 const char *expected_sha256,
                 const char *problem)
{
  JsonObject *tls = json_object_get_object_member (check, "tls");
  JsonArray *problems;

  g_assert_nonnull (tls);
  g_assert_cmpstr (json_object_get_string_member (tls, "sha256"), ==, sha256);
  g_assert_nonnull (json_object_get_string_member (tls, "subject"));
  g_assert_nonnull (json_object_get_string_member (tls, "not_after"));
  if (expected_sha256 == NULL)
    g_assert_true (json_object_get_null_member (tls, "expected_sha256"));
  else
    g_assert_cmpstr (json_object_get_string_member (tls, "expected_sha256"), ==, expected_sha256);

  problems = json_object_get_array_member (tls, "problems");
  if (problem == NULL)
    g_assert_cmpuint (json_array_get_length (problems), ==, 0);
  else
    {
      g_assert_cmpuint (json_array_get_length (problems), ==, 1);
      g_assert_cmpstr (json_array_get_string_element (problems, 0), ==, problem);
    }
}

/* Everything tested answered as it should: verified, open, and the
 * dynamic ports (unverified) and skipped checks are no problem */
static void
test_check_all_fine (void)
{
  static const char * const on_ums_port[] = {
    "os11-file-transfer", "os11-firmware-customization", "os11-license-files"
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(PortolanTestServer) ums = portolan_test_https_server_new ("127.0.0.1", shared_certs->valid,
                                                                      PORTOLAN_TEST_HTTP_UMS_STATUS, &error);
  g_autoptr(PortolanTestServer) agent = portolan_test_tcp_server_new ("127.0.0.1", PORTOLAN_TEST_TCP_ACCEPT_CLOSE, &error);
  g_autofree char *ums_port = port_string (portolan_test_server_get_port (ums));
  g_autofree char *communication = g_strdup_printf ("os11-device-communication=%u", portolan_test_server_get_port (agent));
  g_autofree char *file_transfer = g_strdup_printf ("os11-file-transfer=%s", ums_port);
  g_autofree char *customization = g_strdup_printf ("os11-firmware-customization=%s", ums_port);
  g_autofree char *licenses = g_strdup_printf ("os11-license-files=%s", ums_port);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_auto(Run) run = { 0, };
  JsonArray *checks;

  g_assert_no_error (error);
  run_check (&run, "--from", "os11-device", "--to", "ums-server", "--features", "core,os11-devices,derby",
             "--host", "ums-server=127.0.0.1", "--port", communication, "--port", file_transfer,
             "--port", customization, "--port", licenses, "--ca-file", shared_certs->ca_path,
             "--timeout", check_timeout, "--json", NULL);

  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==, "");

  checks = assert_run_json (parser, run.out, "os11-device", "ums-server", 8);
  assert_check_json (json_array_get_object_element (checks, 0), "os11-device-communication",
                     portolan_test_server_get_port (agent), "tcp", "os11-device", "ums-server", "127.0.0.1",
                     "open", "connected");
  for (guint i = 0; i < G_N_ELEMENTS (on_ums_port); i++)
    {
      JsonObject *check = json_array_get_object_element (checks, 1 + i);

      assert_check_json (check, on_ums_port[i], portolan_test_server_get_port (ums), "tcp",
                         "os11-device", "ums-server", "127.0.0.1", "verified", PORTOLAN_TEST_UMS_VERSION);
      assert_tls_json (check, shared_certs->valid_fingerprint, NULL, NULL);
    }
  assert_check_json (json_array_get_object_element (checks, 4), "os11-online-check", 0, "udp",
                     "os11-device", "ums-server", "127.0.0.1", "unverified", "dynamic port, not known in advance");
  assert_check_json (json_array_get_object_element (checks, 5), "device-scan-answer", 0, "udp",
                     "os11-device", "ums-server", "127.0.0.1", "unverified", "dynamic port, not known in advance");
  assert_check_json (json_array_get_object_element (checks, 6), "os11-file-transfer-unencrypted", 9080, "tcp",
                     "os11-device", "ums-server", NULL, "skipped", "only needed with");
  assert_check_json (json_array_get_object_element (checks, 7), "os11-firmware-update", 8443, "tcp",
                     "os11-device", "ums-server", NULL, "skipped", "Universal Firmware Update");
  /* Each of the three asked for the serverstatus and the health */
  g_assert_cmpuint (portolan_test_server_get_requests (ums), ==, 6);
  g_assert_cmpstr (portolan_test_server_get_last_path (ums), ==, PORTOLAN_TEST_UMS_HEALTH_PATH);
}

/* The ICG answers its status over TLS, with a certificate of the test CA */
static void
test_check_tls (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PortolanTestServer) icg = portolan_test_https_server_new ("127.0.0.1", shared_certs->valid,
                                                                      PORTOLAN_TEST_HTTP_ICG_OK, &error);
  g_autofree char *icg_port = g_strdup_printf ("icg-server=%u", portolan_test_server_get_port (icg));
  g_autofree char *dir = g_dir_make_tmp ("portolan-test-XXXXXX", NULL);
  g_autofree char *pinned = g_build_filename (dir, "pinned.json", NULL);
  g_autofree char *backup = g_strconcat (pinned, ".bak", NULL);
  g_autoptr(PortolanCatalogue) catalogue = portolan_catalogue_new_builtin (NULL);
  g_autoptr(PortolanProfile) profile = portolan_profile_new (catalogue);
  g_autoptr(GFile) pinned_file = g_file_new_for_path (pinned);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_auto(Run) run = { 0, };
  JsonArray *checks;
  JsonObject *check;

  g_assert_no_error (error);
  run_check (&run, "--from", "ums-server", "--to", "icg", "--features", "core,derby,icg",
             "--host", "icg=127.0.0.1", "--port", icg_port, "--ca-file", shared_certs->ca_path,
             "--timeout", check_timeout, "--json", NULL);

  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==, "");
  checks = assert_run_json (parser, run.out, "ums-server", "icg", 1);
  check = json_array_get_object_element (checks, 0);
  assert_check_json (check, "icg-server", portolan_test_server_get_port (icg), "tcp", "ums-server", "icg",
                     "127.0.0.1", "verified", "ICG answered: status ok");
  assert_tls_json (check, shared_certs->valid_fingerprint, NULL, NULL);
  run_clear (&run);

  /* Without the test CA, the certificate is not trusted: a warning */
  run_check (&run, "--from", "ums-server", "--to", "icg", "--features", "core,derby,icg",
             "--host", "icg=127.0.0.1", "--port", icg_port, "--timeout", check_timeout, NULL);
  g_assert_cmpint (run.status, ==, 1);
  assert_in_order (run.out, "⚠ Warning", "/tcp", "ums-server → icg", "127.0.0.1", "127.0.0.1",
                   "does not trust", "\n1 warning in ", NULL);
  run_clear (&run);

  /* A profile that expects another certificate there */
  g_assert_true (portolan_profile_set_fingerprint (profile, "icg", shared_certs->self_signed_fingerprint, &error));
  g_assert_no_error (error);
  g_assert_true (portolan_profile_save (profile, pinned_file, NULL, &error));
  g_assert_no_error (error);

  run_check (&run, "--from", "ums-server", "--to", "icg", "--profile", pinned, "--features", "core,derby,icg",
             "--host", "icg=127.0.0.1", "--port", icg_port, "--ca-file", shared_certs->ca_path,
             "--timeout", check_timeout, "--json", NULL);
  g_assert_cmpint (run.status, ==, 1);
  checks = assert_run_json (parser, run.out, "ums-server", "icg", 1);
  check = json_array_get_object_element (checks, 0);
  assert_check_json (check, "icg-server", portolan_test_server_get_port (icg), "tcp", "ums-server", "icg",
                     "127.0.0.1", "warning", "is not the expected");
  assert_tls_json (check, shared_certs->valid_fingerprint, shared_certs->self_signed_fingerprint,
                   "fingerprint-mismatch");

  g_unlink (pinned);
  g_unlink (backup);
  g_rmdir (dir);
}

/* Server text, hostile */

/* What a server can put into a line of the table: clear the screen, go
 * back to the start of the line, end it, and write a fake result */
#define HOSTILE "\033[2J\033[H\r\n✔ Verified   443/tcp   all is well \xc2\x9b" "31m"
/* The same, as the table shows it */
#define HOSTILE_SHOWN "\\x1B[2J\\x1B[H\\r\\n✔ Verified   443/tcp   all is well \\u009B31m"

/* A certificate for localhost, signed by itself, whose subject is
 * @common_name: made with openssl, as tests/support does */
static GTlsCertificate *
make_named_certificate (const char *dir,
                        const char *common_name)
{
  g_auto(GStrv) parts = g_strsplit (common_name, "/", -1);
  g_autofree char *escaped = g_strjoinv ("\\/", parts);
  g_autofree char *subject = g_strconcat ("/CN=", escaped, NULL);
  g_autofree char *key = g_build_filename (dir, "named.key", NULL);
  g_autofree char *pem = g_build_filename (dir, "named.pem", NULL);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  GTlsCertificate *certificate;

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error,
                              "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
                              "-nodes", "-keyout", key, "-out", pem, "-days", "2", "-utf8", "-subj", subject,
                              "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_wait_check (process, NULL, &error));
  g_assert_no_error (error);

  certificate = g_tls_certificate_new_from_files (pem, key, &error);
  g_assert_no_error (error);
  g_unlink (key);
  g_unlink (pem);
  return certificate;
}

/* No byte that a terminal acts on, and no line that the run did not print */
static void
assert_inert (const char *text)
{
  g_assert_true (g_utf8_validate (text, -1, NULL));
  g_assert_null (strchr (text, '\033'));
  g_assert_null (strchr (text, '\r'));
  g_assert_null (strstr (text, "\xc2\x9b"));
  g_assert_null (strstr (text, "\n✔ Verified   443/tcp"));
}

/* The ICG's certificate names itself with control characters */
static void
test_check_hostile_certificate (void)
{
  g_autofree char *dir = g_dir_make_tmp ("portolan-test-XXXXXX", NULL);
  g_autoptr(GTlsCertificate) certificate = make_named_certificate (dir, "icg " HOSTILE);
  g_autoptr(GError) error = NULL;
  g_autoptr(PortolanTestServer) icg = portolan_test_tls_server_new ("127.0.0.1", certificate, &error);
  g_autofree char *icg_port = g_strdup_printf ("icg-server=%u", portolan_test_server_get_port (icg));
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_auto(Run) run = { 0, };
  g_auto(GStrv) lines = NULL;
  JsonArray *checks;
  JsonObject *tls;

  g_assert_no_error (error);
  run_check (&run, "--from", "ums-server", "--to", "icg", "--features", "core,derby,icg",
             "--host", "icg=127.0.0.1", "--port", icg_port, "--timeout", check_timeout, NULL);

  /* Not trusted: a warning, on one line, that names the certificate as it is */
  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpstr (run.err, ==, "");
  assert_inert (run.out);
  lines = g_strsplit (run.out, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 4);
  assert_in_order (lines[0], "⚠ Warning", "ums-server → icg", "does not trust", "certificate CN=icg " HOSTILE_SHOWN, NULL);
  g_assert_cmpstr (lines[1], ==, "");
  g_assert_true (g_str_has_prefix (lines[2], "1 warning in "));
  run_clear (&run);

  /* JSON is for programs, and JSON escapes: there the name is whole */
  run_check (&run, "--from", "ums-server", "--to", "icg", "--features", "core,derby,icg",
             "--host", "icg=127.0.0.1", "--port", icg_port, "--timeout", check_timeout, "--json", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_null (strchr (run.out, '\033'));
  checks = assert_run_json (parser, run.out, "ums-server", "icg", 1);
  tls = json_object_get_object_member (json_array_get_object_element (checks, 0), "tls");
  g_assert_cmpstr (json_object_get_string_member (tls, "subject"), ==, "CN=icg " HOSTILE);

  g_rmdir (dir);
}

typedef struct
{
  guint       status;
  const char *reason;
  const char *body;
} Answer;

/* An HTTPS server on loopback that gives one answer to everything. Its
 * SoupServer does not listen: libsoup 3.2 leaks every socket a SoupServer
 * accepts (see tests/support/portolan-test-servers.c), so a
 * GSocketService accepts and hands the connections over. */
typedef struct
{
  SoupServer     *soup;
  GSocketService *service;
  guint16         port;
} AnsweringServer;

static void
answer_cb (SoupServer        *server,
           SoupServerMessage *message,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  const Answer *answer = user_data;

  soup_server_message_set_status (message, answer->status, answer->reason);
  soup_server_message_set_response (message, "application/json", SOUP_MEMORY_STATIC,
                                    answer->body, strlen (answer->body));
}

static gboolean
answering_incoming_cb (GSocketService    *service,
                       GSocketConnection *connection,
                       GObject           *source_object,
                       AnsweringServer   *self)
{
  g_autoptr(GSocketAddress) local = g_socket_connection_get_local_address (connection, NULL);
  g_autoptr(GSocketAddress) remote = g_socket_connection_get_remote_address (connection, NULL);
  g_autoptr(GIOStream) tls = NULL;
  g_autoptr(GError) error = NULL;

  /* A client that has already gone has no remote address */
  if (local == NULL || remote == NULL)
    return TRUE;

  tls = g_tls_server_connection_new (G_IO_STREAM (connection), shared_certs->valid, &error);
  g_assert_no_error (error);
  /* As a SoupServer's own: a client may close without a TLS goodbye;
   * libsoup's first read does the handshake */
  g_tls_connection_set_require_close_notify (G_TLS_CONNECTION (tls), FALSE);
  soup_server_accept_iostream (self->soup, tls, local, remote, NULL);
  return TRUE;
}

static AnsweringServer *
answering_server_new (const Answer *answer)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any_port = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;
  AnsweringServer *self = g_new0 (AnsweringServer, 1);

  self->soup = soup_server_new (NULL, NULL);
  soup_server_add_handler (self->soup, NULL, answer_cb, (gpointer) answer, NULL);
  self->service = g_socket_service_new ();
  g_signal_connect (self->service, "incoming", G_CALLBACK (answering_incoming_cb), self);
  g_socket_listener_add_address (G_SOCKET_LISTENER (self->service), any_port, G_SOCKET_TYPE_STREAM,
                                 G_SOCKET_PROTOCOL_TCP, NULL, &bound, &error);
  g_assert_no_error (error);
  self->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));

  return self;
}

static void
answering_server_free (AnsweringServer *self)
{
  gpointer service = self->service;

  g_signal_handlers_disconnect_by_data (self->service, self);
  g_socket_service_stop (self->service);
  soup_server_disconnect (self->soup);
  g_clear_object (&self->soup);

  /* The service's cancelled accept holds it until the context runs */
  g_object_add_weak_pointer (service, &service);
  g_clear_object (&self->service);
  while (service != NULL)
    g_main_context_iteration (NULL, TRUE);
  g_free (self);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AnsweringServer, answering_server_free)

/* A "UMS Server" whose version, build and reason phrase are hostile */
static void
test_check_hostile_answers (void)
{
  static const Answer version = {
    200, NULL,
    "{\"rmGuiServerVersion\": \"12.01\\u001b[2J\\u001b[H\\r\\n\\u2714 Verified   443/tcp   all is well \\u009b31m\", "
    "\"buildNumber\": \"1\\u001b]0;pwned\\u0007\"}"
  };
  static const Answer reason = { 404, "Not Found \033[2J\033[H\xc2\x9b" "31m", "{}" };
  g_autoptr(AnsweringServer) version_server = answering_server_new (&version);
  g_autoptr(AnsweringServer) reason_server = answering_server_new (&reason);
  guint16 version_port = version_server->port;
  guint16 reason_port = reason_server->port;
  g_autofree char *file_transfer = g_strdup_printf ("os11-file-transfer=%u", version_port);
  g_autofree char *customization = g_strdup_printf ("os11-firmware-customization=%u", reason_port);
  g_autofree char *licenses = g_strdup_printf ("os11-license-files=%u", version_port);
  g_autofree char *closed = g_strdup_printf ("os11-device-communication=%u", portolan_test_find_closed_port ("127.0.0.1"));
  g_autofree char *version_column = g_strdup_printf (" %u/tcp ", version_port);
  g_autofree char *reason_column = g_strdup_printf (" %u/tcp ", reason_port);
  g_auto(Run) run = { 0, };
  g_auto(GStrv) lines = NULL;
  guint n_version = 0, n_checks = 0;

  run_check (&run, "--from", "os11-device", "--to", "ums-server", "--features", "core,os11-devices,derby",
             "--host", "ums-server=127.0.0.1", "--port", closed, "--port", file_transfer,
             "--port", customization, "--port", licenses, "--ca-file", shared_certs->ca_path,
             "--timeout", check_timeout, NULL);

  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpstr (run.err, ==, "");
  assert_inert (run.out);

  /* Each check on its line, the server's words written out */
  lines = g_strsplit (run.out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (strstr (lines[i], version_column) != NULL)
      {
        assert_in_order (lines[i], "✔ Verified", "os11-device → ums-server",
                         /* The service's facts lose their controls before the escaping */
                         "UMS Server answered: version 12.01 [2J [H  ✔ Verified   443/tcp   all is well "
                         "\\u009B31m; build 1 ]0;pwned", NULL);
        n_version++;
      }
  g_assert_cmpuint (n_version, ==, 2);
  assert_in_order (find_line (lines, reason_column), "⚠ Warning", "HTTP 404 Not Found \\x1B[2J\\x1B[H\\u009B31m", NULL);
  /* One line for each of the eight checks, none more */
  for (guint i = 0; lines[i] != NULL; i++)
    n_checks += strstr (lines[i], " os11-device → ums-server ") != NULL;
  g_assert_cmpuint (n_checks, ==, 8);
}

/* A run that probes nothing says so, and why, with its own status */
static void
test_check_nothing_tested (void)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_auto(Run) run = { 0, };

  /* The core features, no hosts: every check skipped */
  run_check (&run, "--from", "ums-server", "--to", "all", "--features", "core", NULL);
  g_assert_cmpint (run.status, ==, 3);
  g_assert_true (g_str_has_prefix (run.err, "portolan-cli: nothing was tested: every check was skipped: "));
  g_assert_true (g_str_has_suffix (run.err, " other reasons\n"));
  g_assert_true (strchr (run.err, '\n') == run.err + strlen (run.err) - 1);
  g_assert_nonnull (strstr (run.out, " skipped in "));
  run_clear (&run);

  /* The same for --json: the JSON, and the reason on the side */
  run_check (&run, "--from", "ums-console", "--to", "ums-server", "--features", "core,derby", "--json", NULL);
  g_assert_cmpint (run.status, ==, 3);
  g_assert_cmpstr (run.err, ==, "portolan-cli: nothing was tested: every check was skipped: "
                                "no host given for UMS Server (1 check); "
                                "only needed with “Unencrypted connections (SSL-only off)”, which is off (1 check)\n");
  assert_run_json (parser, run.out, "ums-console", "ums-server", 2);
  run_clear (&run);

  /* Links that only start at the other side: nothing to probe from here */
  run_check (&run, "--from", "ums-server", "--to", "imi-client", "--features", "core,derby,imi", NULL);
  g_assert_cmpint (run.status, ==, 3);
  g_assert_cmpstr (run.err, ==, "portolan-cli: nothing was tested: the links between ums-server and imi-client "
                                "all start at imi-client: run Portolan on a computer of that role\n");
}

/* Hosts for roles this plan does not reach: named, and never probed */
static void
test_check_unused_hosts (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PortolanTestServer) unused = portolan_test_tcp_server_new ("127.0.0.2", PORTOLAN_TEST_TCP_ACCEPT_CLOSE, &error);
  g_autoptr(PortolanTestServer) ums = portolan_test_https_server_new ("127.0.0.1", shared_certs->valid,
                                                                      PORTOLAN_TEST_HTTP_UMS_STATUS, &error);
  g_autofree char *ums_port = g_strdup_printf ("console-server=%u", portolan_test_server_get_port (ums));
  g_autofree char *dir = g_dir_make_tmp ("portolan-test-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "site.json", NULL);
  g_autofree char *backup = g_strconcat (path, ".bak", NULL);
  g_autoptr(PortolanCatalogue) catalogue = portolan_catalogue_new_builtin (NULL);
  g_autoptr(PortolanProfile) profile = portolan_profile_new (catalogue);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  const char *console_hosts[] = { "127.0.0.2", NULL };
  const char *device_hosts[] = { "127.0.0.2", "127.0.0.3", "127.0.0.4", "127.0.0.5", NULL };
  g_auto(Run) run = { 0, };

  g_assert_no_error (error);
  run_check (&run, "--from", "ums-console", "--to", "ums-server", "--features", "core,derby",
             "--host", "ums-server=127.0.0.1", "--host", "postgresql=127.0.0.2", "--host", "ums-console=localhost",
             "--port", ums_port, "--ca-file", shared_certs->ca_path, "--timeout", check_timeout, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==, "portolan-cli: hosts given for roles that this check does not reach: "
                                "postgresql (127.0.0.2), ums-console (localhost)\n");
  g_assert_nonnull (strstr (run.out, "✔ Verified"));
  run_clear (&run);

  /* From a profile too, but for this computer's role: a profile
   * describes the whole installation */
  g_assert_true (portolan_profile_set_hosts (profile, "ums-console", console_hosts, &error));
  g_assert_true (portolan_profile_set_hosts (profile, "os11-device", device_hosts, &error));
  g_assert_no_error (error);
  g_assert_true (portolan_profile_save (profile, file, NULL, &error));
  g_assert_no_error (error);

  run_check (&run, "--from", "ums-console", "--to", "ums-server", "--profile", path, "--features", "core,derby",
             "--host", "ums-server=127.0.0.1", "--port", ums_port, "--ca-file", shared_certs->ca_path,
             "--timeout", check_timeout, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==, "portolan-cli: hosts given for roles that this check does not reach: "
                                "os11-device (127.0.0.2, 127.0.0.3, 127.0.0.4, …)\n");
  run_clear (&run);

  /* Every host given is reached: nothing to say */
  run_check (&run, "--from", "ums-console", "--to", "ums-server", "--features", "core,derby",
             "--host", "ums-server=127.0.0.1", "--port", ums_port, "--ca-file", shared_certs->ca_path,
             "--timeout", check_timeout, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==, "");

  g_assert_cmpuint (portolan_test_server_get_accepted (unused), ==, 0);
  g_assert_cmpuint (portolan_test_server_get_requests (ums), ==, 6);  /* serverstatus and health, three times */

  g_unlink (path);
  g_unlink (backup);
  g_rmdir (dir);
}

/* A saved profile is a starting point; the command line goes on top */
static void
test_check_profile (void)
{
  g_auto(ConsoleRun) c = { 0, };
  g_autofree char *dir = g_dir_make_tmp ("portolan-test-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "site.json", NULL);
  g_autofree char *backup = g_strconcat (path, ".bak", NULL);
  g_autofree char *closed = NULL;
  g_autoptr(PortolanCatalogue) catalogue = portolan_catalogue_new_builtin (NULL);
  g_autoptr(PortolanProfile) profile = portolan_profile_new (catalogue);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_auto(Run) run = { 0, };
  const char *hosts[] = { "127.0.0.1", NULL };
  JsonArray *checks;

  console_run_setup (&c);
  portolan_profile_set_name (profile, "Test site");
  g_assert_true (portolan_profile_set_hosts (profile, "os11-device", hosts, &error));
  g_assert_true (portolan_profile_set_port_override (profile, "os11-shadowing-console", atoi (c.open_port), &error));
  g_assert_true (portolan_profile_set_timeout_ms (profile, portolan_test_scale_ms (TIMEOUT_MS), &error));
  g_assert_true (portolan_profile_set_proxy (profile, PORTOLAN_PROXY_NONE, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (portolan_profile_save (profile, file, NULL, &error));
  g_assert_no_error (error);

  run_check (&run, "--from", "ums-console", "--to", "os11-device", "--profile", path, "--json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==, "");
  checks = assert_run_json (parser, run.out, "ums-console", "os11-device", 1);
  assert_check_json (json_array_get_object_element (checks, 0), "os11-shadowing-console",
                     atoi (c.open_port), "tcp", "ums-console", "os11-device", "127.0.0.1",
                     "open", "connected");
  run_clear (&run);

  closed = g_strdup_printf ("os11-shadowing-console=%s", c.closed_port);
  run_check (&run, "--from", "ums-console", "--to", "os11-device", "--profile", path, "--port", closed, "--json", NULL);
  g_assert_cmpint (run.status, ==, 1);
  checks = assert_run_json (parser, run.out, "ums-console", "os11-device", 1);
  assert_check_json (json_array_get_object_element (checks, 0), "os11-shadowing-console",
                     atoi (c.closed_port), "tcp", "ums-console", "os11-device", "127.0.0.1",
                     "closed", "ECONNREFUSED");
  run_clear (&run);

  /* The profile's features count: without OS 11 devices there is nothing
   * to probe, and the profile's hosts of the devices are not used */
  run_check (&run, "--from", "ums-console", "--to", "os11-device", "--profile", path,
             "--features", "core,derby", "--json", NULL);
  g_assert_cmpint (run.status, ==, 3);
  g_assert_cmpstr (run.err, ==, "portolan-cli: hosts given for roles that this check does not reach: os11-device (127.0.0.1)\n"
                                "portolan-cli: nothing was tested: every check was skipped: "
                                "IGEL OS 11 Device is not in use: the feature “IGEL OS 11 devices” is off (1 check)\n");
  checks = assert_run_json (parser, run.out, "ums-console", "os11-device", 1);
  assert_check_json (json_array_get_object_element (checks, 0), "os11-shadowing-console",
                     atoi (c.open_port), "tcp", "ums-console", "os11-device", NULL,
                     "skipped", "IGEL OS 11 Device is not in use");

  g_assert_cmpuint (portolan_test_server_get_accepted (c.open), ==, 1);

  g_unlink (path);
  g_unlink (backup);
  g_rmdir (dir);
}

static void
test_check_broken_profile (void)
{
  static const struct
  {
    const char *text;
    const char *message;
  } cases[] = {
    { "{\n  \"schema\": 1,\n  \"timeout-ms\": \"fast\"\n}\n", ":3:17: $.timeout-ms: must be a whole number" },
    { "{\n  \"schema\": 1,\n  \"hosts\": { \"ums-server\": [ \"127.0.0.1-3\" ] }\n}\n", ":3:30: $.hosts.ums-server[0]: " },
    { "{\n  \"schema\": 1,\n  \"name\": \"x\",,\n}\n", ":3:" },
  };
  g_autofree char *dir = g_dir_make_tmp ("portolan-test-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "broken.json", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *expected = g_strdup_printf ("portolan-cli: %s%s", path, cases[i].message);
      g_auto(Run) run = { 0, };

      g_assert_true (g_file_set_contents (path, cases[i].text, -1, NULL));
      run_check (&run, "--from", "ums-server", "--to", "derby", "--profile", path, NULL);

      g_assert_cmpint (run.status, ==, 2);
      g_assert_cmpstr (run.out, ==, "");
      if (!g_str_has_prefix (run.err, expected))
        g_error ("“%s” does not start with “%s”", run.err, expected);
      g_assert_cmpuint (strlen (run.err), >, strlen (expected));
    }

  g_unlink (path);
  g_rmdir (dir);
}

/* `--report FILE`: the run as before, and the report in the format the
 * extension asks for */
static void
run_report (Run        *run,
            ConsoleRun *c,
            const char *path,
            gboolean    redact)
{
  g_autofree char *server_port = g_strdup_printf ("console-server=%s", c->closed_port);
  g_autofree char *device_port = g_strdup_printf ("os11-shadowing-console=%s", c->open_port);

  run_check (run, "--from", "ums-console", "--to", "all", "--features", "core,os11-devices,derby",
             "--host", "ums-server=127.0.0.1", "--host", "os11-device=127.0.0.1",
             "--port", server_port, "--port", device_port, "--timeout", check_timeout, "--report", path,
             redact ? "--redact" : NULL, NULL);
}

static void
assert_report_file (const char *path,
                    ConsoleRun *c)
{
  PortolanReportFormat format;
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize length;

  g_assert_true (portolan_report_format_from_filename (path, &format));
  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  g_assert_no_error (error);

  switch (format)
    {
    case PORTOLAN_REPORT_FORMAT_PNG:
      g_assert_cmpmem (contents, 8, "\x89PNG\r\n\x1a\n", 8);
      g_assert_cmpuint (GUINT32_FROM_BE (*(guint32 *) (contents + 16)), ==, 3200);
      break;

    case PORTOLAN_REPORT_FORMAT_PDF:
      {
        g_autofree char *text = NULL;
        g_autofree char *closed = g_strdup_printf ("%s/tcp", c->closed_port);
        g_autofree char *open = g_strdup_printf ("%s/tcp", c->open_port);
        g_autofree char *pdftotext = g_find_program_in_path ("pdftotext");

        g_assert_true (g_str_has_prefix (contents, "%PDF-"));
        g_assert_cmpmem (contents + length - 6, 6, "%%EOF\n", 6);
        if (pdftotext == NULL)
          break;
        g_assert_true (g_spawn_sync (NULL, (char *[]) { pdftotext, (char *) "-layout", (char *) path, (char *) "-", NULL },
                                     NULL, G_SPAWN_DEFAULT, NULL, NULL, &text, NULL, NULL, &error));
        g_assert_no_error (error);
        assert_in_order (text, "Portolan report", "UMS Console → All roles", NULL);
        assert_in_order (text, "Closed", closed, "UMS Console → UMS Server", "127.0.0.1", "connection refused", NULL);
        assert_in_order (text, "Open", open, "UMS Console → IGEL OS 11 Device", "127.0.0.1", NULL);
      }
      break;

    case PORTOLAN_REPORT_FORMAT_SVG:
      g_assert_true (g_str_has_prefix (contents, "<?xml"));
      g_assert_nonnull (strstr (contents, "<svg"));
      g_assert_true (g_str_has_suffix (contents, "</svg>\n"));
      break;

    case PORTOLAN_REPORT_FORMAT_HTML:
      g_assert_true (g_str_has_prefix (contents, "<!DOCTYPE html>"));
      g_assert_nonnull (strstr (contents, "<svg"));
      g_assert_nonnull (strstr (contents, "connection refused"));
      g_assert_true (g_str_has_suffix (contents, "</html>\n"));
      break;

    case PORTOLAN_REPORT_FORMAT_JSON:
      {
        g_autoptr(JsonParser) report_parser = json_parser_new ();
        g_autoptr(JsonParser) parser = json_parser_new ();
        g_autoptr(JsonGenerator) generator = json_generator_new ();
        g_autofree char *run_text = NULL;
        JsonObject *root = parse_object (report_parser, contents);
        JsonArray *checks;

        /* What `check --json` prints, with a schema and a header */
        g_assert_cmpint (json_object_get_int_member (root, "schema"), ==, 1);
        g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (root, "report"), "portolan_version"),
                         ==, PACKAGE_VERSION);
        json_object_remove_member (root, "schema");
        json_object_remove_member (root, "report");
        json_generator_set_root (generator, json_parser_get_root (report_parser));
        run_text = json_generator_to_data (generator, NULL);
        checks = assert_run_json (parser, run_text, "ums-console", "all", 3);
        assert_check_json (json_array_get_object_element (checks, 0), "console-server",
                           atoi (c->closed_port), "tcp", "ums-console", "ums-server", "127.0.0.1",
                           "closed", "connection refused (ECONNREFUSED)");
      }
      break;

    case PORTOLAN_REPORT_FORMAT_MARKDOWN:
      g_assert_true (g_str_has_prefix (contents, "## Portolan report: UMS Console → All roles\n"));
      assert_in_order (contents, "| ✖ Closed |", "/tcp", "UMS Console → UMS Server", "127.0.0.1", NULL);
      break;

    default:
      g_assert_not_reached ();
    }
}

static void
test_check_report (void)
{
  static const char * const extensions[] = { "png", "pdf", "svg", "html", "json", "md" };
  g_auto(ConsoleRun) c = { 0, };
  g_autofree char *dir = g_dir_make_tmp ("portolan-cli-report-XXXXXX", NULL);
  g_autofree char *redacted = g_build_filename (dir, "redacted.md", NULL);
  g_autofree char *contents = NULL;

  console_run_setup (&c);

  for (guint i = 0; i < G_N_ELEMENTS (extensions); i++)
    {
      g_auto(Run) run = { 0, };
      g_autofree char *name = g_strdup_printf ("report.%s", extensions[i]);
      g_autofree char *path = g_build_filename (dir, name, NULL);

      run_report (&run, &c, path, FALSE);

      /* The same exit status as without a report, and the same table */
      g_assert_cmpint (run.status, ==, 1);
      g_assert_cmpstr (run.err, ==, "");
      g_assert_nonnull (strstr (run.out, "✖ Closed"));
      assert_report_file (path, &c);
      g_unlink (path);
    }

  /* Redacted: no address left, a placeholder in its place */
  {
    g_auto(Run) run = { 0, };

    run_report (&run, &c, redacted, TRUE);
    g_assert_cmpint (run.status, ==, 1);
    g_assert_true (g_file_get_contents (redacted, &contents, NULL, NULL));
    g_assert_null (strstr (contents, "127.0.0.1"));
    /* One host for both roles: one placeholder, named after neither role */
    assert_in_order (contents, "| UMS Console → UMS Server | host-1 | host-1 |", NULL);
    assert_in_order (contents, "| UMS Console → IGEL OS 11 Device | host-1 | host-1 |", NULL);
    g_assert_null (strstr (contents, "ums-server-1"));
    g_unlink (redacted);
  }

  g_rmdir (dir);
}

/* A report that cannot be written: status 2, a message naming the file
 * and the reason, and no file; a format that is not known: status 2
 * before anything is probed */
static void
test_check_report_failures (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PortolanTestServer) ums = portolan_test_tcp_server_new ("127.0.0.1", PORTOLAN_TEST_TCP_ACCEPT_CLOSE, &error);
  g_autofree char *server_port = g_strdup_printf ("console-server=%u", portolan_test_server_get_port (ums));
  g_autofree char *dir = g_dir_make_tmp ("portolan-cli-report-XXXXXX", NULL);
  g_autofree char *missing_dir = g_build_filename (dir, "missing", NULL);
  g_autofree char *missing = g_build_filename (missing_dir, "report.pdf", NULL);
  g_autofree char *message = g_strdup_printf ("portolan-cli: %s: cannot save the report: ", missing);
  g_auto(Run) run = { 0, };

  g_assert_no_error (error);

  run_check (&run, "--from", "ums-console", "--to", "ums-server", "--features", "core,derby",
             "--host", "ums-server=127.0.0.1", "--port", server_port, "--timeout", check_timeout,
             "--report", "report.doc", NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_cmpstr (run.err, ==, "portolan-cli: --report report.doc: the extension says which format to write; "
                                "use one of .png, .pdf, .svg, .html, .json, .md\n");
  g_assert_cmpuint (portolan_test_server_get_accepted (ums), ==, 0);
  run_clear (&run);

  /* The run happens, then the report fails */
  run_check (&run, "--from", "ums-console", "--to", "ums-server", "--features", "core,derby",
             "--host", "ums-server=127.0.0.1", "--port", server_port, "--timeout", check_timeout,
             "--report", missing, NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.out, "ums-console → ums-server"));
  g_assert_true (g_str_has_prefix (run.err, message));
  g_assert_nonnull (strstr (run.err, "No such file or directory"));
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (missing_dir, G_FILE_TEST_EXISTS));

  g_rmdir (dir);
}

/* Bad input stops before anything is probed: status 2, a message that
 * says what is wrong, nothing on standard output */
static void
test_check_bad_input (void)
{
  static const struct
  {
    const char *args[10];
    const char *message;
  } cases[] = {
    { { NULL }, "say which role this computer plays and which to check: --from ROLE --to ROLE|all" },
    { { "--from", "ums-server", NULL }, "--from ROLE --to ROLE|all" },
    { { "--to", "all", NULL }, "--from ROLE --to ROLE|all" },
    { { "--from", "ums-srever", "--to", "all", NULL }, "unknown role “ums-srever” for --from; the roles are: " },
    { { "--from", "ums-server", "--to", "os11", NULL }, "unknown role “os11” for --to; the roles are: " },
    { { "--from", "ums-server", "--to", "derby", "--features", "core,derby,ldap", NULL },
      "unknown feature “ldap” for --features; the features are: " },
    { { "--from", "ums-server", "--to", "derby", "--features", "core,derby,postgresql", NULL },
      "“derby” and “postgresql” are both listed, but only one feature of “Database” can be in use" },
    { { "--from", "ums-server", "--to", "derby", "--host", "ums-server=bad host", NULL },
      "--host ums-server=bad host: “bad host”: a host name cannot contain a space" },
    { { "--from", "ums-server", "--to", "derby", "--host", "os11-device=10.0.0.0/8", NULL },
      "--host os11-device=10.0.0.0/8: “10.0.0.0/8” expands to 16777214 hosts; Portolan checks at most 4096 hosts per role" },
    { { "--from", "ums-server", "--to", "derby", "--host", "derby=127.0.0.1-3", NULL },
      "--host derby=127.0.0.1-3: “127.0.0.1-3”: ranges are only allowed for devices" },
    { { "--from", "ums-server", "--to", "derby", "--host", "ums-server=10.0.0.0/24", NULL },
      "ranges are only allowed for devices" },
    { { "--from", "ums-server", "--to", "derby", "--host", "derby", NULL },
      "--host derby: write it as ROLE=HOST[,HOST…]" },
    { { "--from", "ums-server", "--to", "derby", "--host", "db=127.0.0.1", NULL },
      "unknown role “db” for --host" },
    { { "--from", "ums-server", "--to", "derby", "--port", "nolink=1", NULL },
      "--port nolink=1: unknown link “nolink”" },
    { { "--from", "ums-server", "--to", "derby", "--port", "console-server=70000", NULL },
      "--port console-server=70000: “70000” is not a port from 1 to 65535" },
    { { "--from", "ums-server", "--to", "derby", "--port", "console-server=0", NULL },
      "“0” is not a port from 1 to 65535" },
    { { "--from", "ums-server", "--to", "derby", "--port", "console-server", NULL },
      "--port console-server: write it as LINK_ID=PORT" },
    { { "--from", "ums-server", "--to", "derby", "--timeout", "5", NULL },
      "--timeout 5: a timeout of 5 ms is outside 100–600000 ms" },
    { { "--from", "ums-server", "--to", "derby", "--timeout", "fast", NULL }, "--timeout" },
    { { "--from", "ums-server", "--to", "derby", "--concurrency", "70000", NULL },
      "--concurrency 70000: 70000 checks at a time is outside 1–65536" },
    { { "--from", "ums-server", "--to", "derby", "--proxy", "ftp://proxy", NULL }, "--proxy ftp://proxy: " },
    { { "--from", "ums-server", "--to", "derby", "--profile", "/nonexistent/site.json", NULL },
      "/nonexistent/site.json: cannot read the profile" },
    { { "--from", "ums-server", "--to", "derby", "--ca-file", "/nonexistent/ca.pem", NULL },
      "--ca-file /nonexistent/ca.pem: " },
    { { "--from", "ums-server", "--to", "derby", "derby", NULL }, "unexpected argument “derby”" },
    { { "--from", "ums-server", "--to", "derby", "--report", "x.doc", NULL },
      "--report x.doc: the extension says which format to write; use one of .png, .pdf, .svg, .html, .json, .md" },
    { { "--from", "ums-server", "--to", "derby", "--report", "report", NULL }, "--report report: the extension" },
    { { "--from", "ums-server", "--to", "derby", "--redact", NULL }, "--redact applies to the report: give --report FILE as well" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(Run) run = { 0, };

      run_check_argv (&run, cases[i].args);
      g_assert_cmpint (run.status, ==, 2);
      g_assert_cmpstr (run.out, ==, "");
      g_assert_true (g_str_has_prefix (run.err, "portolan-cli: "));
      if (strstr (run.err, cases[i].message) == NULL)
        g_error ("“%s” lacks “%s”", run.err, cases[i].message);
    }
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli/list/json-matches-catalogue", test_list_json_matches_catalogue);
  g_test_add_func ("/cli/list/filters", test_list_filters);
  g_test_add_func ("/cli/list/table", test_list_table);
  g_test_add_func ("/cli/list/unknown-names", test_unknown_names);
  g_test_add_func ("/cli/list/other-catalogue", test_other_catalogue);
  g_test_add_func ("/cli/help-and-version", test_help_and_version);
  g_test_add_func ("/cli/check/table", test_check_table);
  g_test_add_func ("/cli/check/json", test_check_json);
  g_test_add_func ("/cli/check/json-other-side", test_check_json_other_side);
  g_test_add_func ("/cli/check/all-fine", test_check_all_fine);
  g_test_add_func ("/cli/check/tls", test_check_tls);
  g_test_add_func ("/cli/check/profile", test_check_profile);
  g_test_add_func ("/cli/check/broken-profile", test_check_broken_profile);
  g_test_add_func ("/cli/check/bad-input", test_check_bad_input);
  g_test_add_func ("/cli/check/report", test_check_report);
  g_test_add_func ("/cli/check/report-failures", test_check_report_failures);
  g_test_add_func ("/cli/check/hostile-certificate", test_check_hostile_certificate);
  g_test_add_func ("/cli/check/hostile-answers", test_check_hostile_answers);
  g_test_add_func ("/cli/check/nothing-tested", test_check_nothing_tested);
  g_test_add_func ("/cli/check/unused-hosts", test_check_unused_hosts);

  shared_certs = portolan_test_certs_new (&error);
  g_assert_no_error (error);
  check_timeout = g_strdup_printf ("%u", portolan_test_scale_ms (TIMEOUT_MS));

  status = g_test_run ();

  g_clear_pointer (&check_timeout, g_free);
  g_clear_pointer (&shared_certs, portolan_test_certs_free);
  return status;
}
