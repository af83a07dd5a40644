/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-cli-check.c: `portolan-cli check`, a plan run from the terminal */
#include "config.h"

#include <glib/gi18n.h>
#include <glib-unix.h>
#include <stdio.h>
#include <unistd.h>

#include "portolan-cli.h"

typedef struct
{
  GMainLoop      *loop;
  PortolanRunner *runner;
  gboolean        as_json;
  gboolean        show_progress;
  guint           signal_id;
  gboolean        interrupted;
} CheckRun;

static char *
format_latency (double latency_ms)
{
  if (latency_ms < 0)
    return g_strdup ("—");

  return g_strdup_printf ("%.1f ms", latency_ms);
}

static void
print_check (PortolanCheck *check)
{
  PortolanState state = portolan_check_get_state (check);
  g_autofree char *port = portolan_check_format_port (check);
  g_autofree char *latency = format_latency (portolan_check_get_latency (check));
  g_autofree char *state_text = g_strdup_printf ("%s %s", portolan_state_get_symbol (state),
                                                 portolan_state_get_label (state));
  g_autofree char *direction = g_strdup_printf ("%s → %s", portolan_check_get_from (check),
                                                portolan_check_get_to (check));

  g_autoptr(GString) line = g_string_new (NULL);
  g_autofree char *host = portolan_text_escape (portolan_check_get_host (check));
  g_autofree char *address = portolan_text_escape (portolan_check_get_address (check));

  /* Fixed columns for the short fields; the detail takes the rest. What
   * a server said is escaped: it cannot clear the screen or add a line. */
  portolan_cli_append_padded (line, state_text, 15);
  portolan_cli_append_padded (line, port, 14);
  portolan_cli_append_padded (line, direction, 42);
  portolan_cli_append_padded (line, host ? host : "—", 24);
  portolan_cli_append_padded (line, address ? address : "—", 16);
  g_string_append_printf (line, "%9s  ", latency);
  portolan_text_append_escaped (line, portolan_check_get_detail (check));
  g_print ("%s\n", line->str);
}

static void
clear_progress (CheckRun *run)
{
  if (run->show_progress)
    g_printerr ("\r\033[K");
}

static void
show_progress (CheckRun *run)
{
  g_autofree char *progress = NULL;

  if (!run->show_progress)
    return;

  /* The carriage return stays out of the translation */
  progress = g_strdup_printf (_("%u of %u checks done…"),
                              portolan_runner_get_n_finished (run->runner),
                              portolan_runner_get_n_probes (run->runner));
  g_printerr ("\r%s", progress);
}

static void
check_finished_cb (PortolanRunner *runner,
                   PortolanCheck  *check,
                   CheckRun       *run)
{
  if (!run->as_json)
    {
      clear_progress (run);
      print_check (check);
    }
  show_progress (run);
}

static void
finished_cb (PortolanRunner *runner,
             CheckRun       *run)
{
  clear_progress (run);
  g_main_loop_quit (run->loop);
}

static gboolean
interrupted_cb (gpointer data)
{
  CheckRun *run = data;

  /* Ctrl+C stops the probes cleanly and still prints what was found */
  run->interrupted = TRUE;
  portolan_runner_stop (run->runner);
  return G_SOURCE_CONTINUE;
}

static void
print_other_side (PortolanPlan *plan)
{
  GPtrArray *links = portolan_plan_get_other_side (plan);

  if (links->len == 0)
    return;

  g_print ("\n%s\n", _("To test from the other side (these start there, not on this computer):"));
  for (guint i = 0; i < links->len; i++)
    {
      PortolanLink *link = g_ptr_array_index (links, i);
      g_autofree char *port = portolan_link_format_port (link);
      g_autofree char *from = g_strjoinv (", ", (char **) portolan_link_get_initiators (link));
      g_autofree char *to = g_strjoinv (", ", (char **) portolan_link_get_listeners (link));
      g_autofree char *description = portolan_text_escape (portolan_link_get_description (link));

      g_print ("  %-14s %s → %s: %s\n", port, from, to, description);
    }
}

static void
print_summary (PortolanPlan *plan,
               double        duration_ms)
{
  GPtrArray *checks = portolan_plan_get_checks (plan);
  guint counts[PORTOLAN_N_STATES] = { 0, };
  g_autoptr(GString) text = g_string_new (NULL);
  guint n_states;
  const PortolanState *order = portolan_state_get_severity_order (&n_states);

  for (guint i = 0; i < checks->len; i++)
    counts[portolan_check_get_state (g_ptr_array_index (checks, i))]++;

  /* The worst first, as in the reports; a run that ended leaves none pending */
  for (guint i = 0; i < n_states; i++)
    if (counts[order[i]] > 0 && order[i] != PORTOLAN_STATE_PENDING)
      g_string_append_printf (text, "%s%u %s", text->len > 0 ? ", " : "", counts[order[i]],
                              portolan_state_to_string (order[i]));

  if (text->len == 0)
    g_string_append (text, _("no checks"));

  if (duration_ms < 10000)
    /* Translators: "1 closed, 3 verified in 312 ms" */
    g_print (_("\n%s in %.*f ms\n"), text->str, duration_ms < 10 ? 1 : 0, duration_ms);
  else
    /* Translators: "1 closed, 3 verified in 12.5 s" */
    g_print (_("\n%s in %.1f s\n"), text->str, duration_ms / 1000.0);
}

static void
print_json (PortolanPlan   *plan,
            PortolanRunner *runner)
{
  g_autoptr(JsonNode) root = portolan_run_build_json (plan, portolan_runner_get_started (runner),
                                                      portolan_runner_get_duration_ms (runner));
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;

  json_generator_set_pretty (generator, TRUE);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, NULL);
  g_print ("%s\n", text);
}

static gboolean
found_problems (PortolanPlan *plan)
{
  GPtrArray *checks = portolan_plan_get_checks (plan);

  for (guint i = 0; i < checks->len; i++)
    if (portolan_state_is_problem (portolan_check_get_state (g_ptr_array_index (checks, i))))
      return TRUE;

  return FALSE;
}

/* At most this many of the reasons why nothing was tested are named */
#define MAX_REASONS 4

/* The distinct details of @checks, in order, each with how many checks
 * it is: "no host given for IGEL OS 11 Device (5 checks); …" */
static char *
describe_reasons (GPtrArray *checks)
{
  g_autoptr(GHashTable) counts = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) reasons = g_ptr_array_new ();
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < checks->len; i++)
    {
      const char *detail = portolan_check_get_detail (g_ptr_array_index (checks, i));
      guint count;

      if (detail == NULL)
        continue;
      count = GPOINTER_TO_UINT (g_hash_table_lookup (counts, detail));
      if (count == 0)
        g_ptr_array_add (reasons, (gpointer) detail);
      g_hash_table_insert (counts, (gpointer) detail, GUINT_TO_POINTER (count + 1));
    }

  for (guint i = 0; i < reasons->len && i < MAX_REASONS; i++)
    {
      const char *reason = g_ptr_array_index (reasons, i);
      guint count = GPOINTER_TO_UINT (g_hash_table_lookup (counts, reason));

      if (i > 0)
        g_string_append (text, "; ");
      /* Translators: why checks were skipped, and how many: "no host given for IGEL OS 11 Device (5 checks)" */
      g_string_append_printf (text, ngettext ("%s (%u check)", "%s (%u checks)", count), reason, count);
    }

  if (reasons->len > MAX_REASONS)
    {
      guint more = reasons->len - MAX_REASONS;

      g_string_append (text, "; ");
      g_string_append_printf (text, ngettext ("and %u other reason", "and %u other reasons", more), more);
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* Why a plan had nothing to probe */
static char *
describe_nothing_tested (PortolanPlan *plan)
{
  GPtrArray *checks = portolan_plan_get_checks (plan);
  const char *source = portolan_plan_get_source (plan);
  const char *target = portolan_plan_get_target (plan);
  g_autofree char *reasons = NULL;
  gboolean all_skipped = TRUE;

  if (checks->len == 0 && portolan_plan_get_other_side (plan)->len > 0)
    /* Translators: "the links between ums-server and os11-device all start at os11-device…" */
    return g_strdup_printf (_("the links between %s and %s all start at %s: run Portolan on a computer of that role"),
                            source, target, target);
  if (checks->len == 0)
    return g_strdup_printf (_("no link leads from %s to %s"), source, target);

  for (guint i = 0; i < checks->len; i++)
    if (portolan_check_get_state (g_ptr_array_index (checks, i)) != PORTOLAN_STATE_SKIPPED)
      all_skipped = FALSE;

  reasons = describe_reasons (checks);
  if (all_skipped)
    return g_strdup_printf (_("every check was skipped: %s"), reasons);

  /* Dynamic ports, not known in advance, and skipped checks */
  return g_strdup_printf (_("no check could be probed: %s"), reasons);
}

/* Prints the checks the plan decided without a probe (skipped, unverified) */
static void
print_decided (PortolanPlan *plan)
{
  GPtrArray *checks = portolan_plan_get_checks (plan);

  for (guint i = 0; i < checks->len; i++)
    if (portolan_check_is_finished (g_ptr_array_index (checks, i)))
      print_check (g_ptr_array_index (checks, i));
}

/* Where --report writes, in which format */
typedef struct
{
  const char           *path;
  PortolanReportFormat  format;
  gboolean              redact;
} ReportRequest;

/* The report of the run, in one step: the file is whole or not there */
static gboolean
write_report (PortolanPlan        *plan,
              PortolanRunner      *runner,
              const ReportRequest *request)
{
  g_autoptr(PortolanReport) report = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;

  if (request->path == NULL)
    return TRUE;

  report = portolan_report_new (plan, portolan_runner_get_started (runner),
                                portolan_runner_get_duration_ms (runner), request->redact);
  file = g_file_new_for_commandline_arg (request->path);
  if (!portolan_report_save (report, request->format, file, NULL, &error))
    {
      portolan_cli_print_error ("%s", error->message);
      return FALSE;
    }

  return TRUE;
}

/* --report FILE picks its format by the extension, before anything is probed */
static gboolean
check_report_request (ReportRequest *request)
{
  g_autofree char *extensions = NULL;

  if (request->path == NULL)
    {
      if (request->redact)
        {
          portolan_cli_print_error (_("--redact applies to the report: give --report FILE as well"));
          return FALSE;
        }
      return TRUE;
    }

  if (portolan_report_format_from_filename (request->path, &request->format))
    return TRUE;

  extensions = portolan_report_list_extensions ();
  portolan_cli_print_error (_("--report %s: the extension says which format to write; use one of %s"),
                            request->path, extensions);
  return FALSE;
}

static int
run_plan (PortolanPlan         *plan,
          PortolanProbeContext *context,
          guint                 concurrency,
          gboolean              as_json,
          const ReportRequest  *report)
{
  g_autoptr(PortolanRunner) runner = portolan_runner_new (portolan_plan_get_checks (plan), context, concurrency);
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  CheckRun run = {
    .loop = loop,
    .runner = runner,
    .as_json = as_json,
    .show_progress = isatty (STDERR_FILENO),
  };

  if (!as_json)
    print_decided (plan);

  g_signal_connect (runner, "check-finished", G_CALLBACK (check_finished_cb), &run);
  g_signal_connect (runner, "finished", G_CALLBACK (finished_cb), &run);
  run.signal_id = g_unix_signal_add (SIGINT, interrupted_cb, &run);

  portolan_runner_start (runner);
  if (portolan_runner_is_running (runner))
    g_main_loop_run (loop);

  g_source_remove (run.signal_id);

  if (as_json)
    print_json (plan, runner);
  else
    {
      print_other_side (plan);
      print_summary (plan, portolan_runner_get_duration_ms (runner));
    }

  /* Without the report asked for, the run did not do its job */
  if (!write_report (plan, runner, report))
    return PORTOLAN_EXIT_BAD_INPUT;

  /* A run cut short has not shown that all is well */
  if (run.interrupted)
    return PORTOLAN_EXIT_INTERRUPTED;

  /* Nor has a run that probed nothing, however green it looks */
  if (portolan_plan_count_probes (plan) == 0)
    {
      g_autofree char *why = describe_nothing_tested (plan);

      portolan_cli_print_error (_("nothing was tested: %s"), why);
      return PORTOLAN_EXIT_NOTHING_TESTED;
    }

  return found_problems (plan) ? PORTOLAN_EXIT_FINDINGS : PORTOLAN_EXIT_OK;
}

/* At most this many hosts of a role are named in a warning */
#define MAX_NAMED_HOSTS 3

/* Hosts that no check of the plan uses, named so that a host given for
 * the wrong role, or for a role whose feature is off, is not silently
 * ignored. @given holds the roles of --host. */
static void
warn_unused_hosts (PortolanPlan *plan,
                   GHashTable   *given)
{
  PortolanProfile *profile = portolan_plan_get_profile (plan);
  GPtrArray *roles = portolan_catalogue_get_roles (portolan_profile_get_catalogue (profile));
  GPtrArray *in_play = portolan_plan_get_roles_in_play (plan);
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < roles->len; i++)
    {
      const char *id = portolan_role_get_id (g_ptr_array_index (roles, i));
      const char * const *hosts = portolan_profile_get_hosts (profile, id);
      guint n_hosts = hosts ? g_strv_length ((char **) hosts) : 0;

      if (n_hosts == 0 || g_ptr_array_find_with_equal_func (in_play, id, g_str_equal, NULL))
        continue;
      /* A profile describes the whole installation, this computer too */
      if (g_str_equal (id, portolan_plan_get_source (plan)) && !g_hash_table_contains (given, id))
        continue;

      g_string_append_printf (text, "%s%s (", text->len > 0 ? ", " : "", id);
      for (guint h = 0; h < n_hosts && h < MAX_NAMED_HOSTS; h++)
        g_string_append_printf (text, "%s%s", h > 0 ? ", " : "", hosts[h]);
      if (n_hosts > MAX_NAMED_HOSTS)
        g_string_append (text, ", …");
      g_string_append_c (text, ')');
    }

  if (text->len > 0)
    /* Translators: "… does not reach: os11-device (10.0.0.1), postgresql (db.example.com)" */
    portolan_cli_print_error (_("hosts given for roles that this check does not reach: %s"), text->str);
}

/* --host ROLE=HOST[,HOST…]; @given collects the roles */
static gboolean
apply_hosts (PortolanProfile    *profile,
             const char * const *options,
             GHashTable         *given)
{
  PortolanCatalogue *catalogue = portolan_profile_get_catalogue (profile);

  for (guint i = 0; options != NULL && options[i] != NULL; i++)
    {
      g_auto(GStrv) parts = g_strsplit (options[i], "=", 2);
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
      g_auto(GStrv) hosts = NULL;
      g_auto(GStrv) added = NULL;
      g_autoptr(GError) error = NULL;

      if (parts[1] == NULL || *parts[0] == '\0' || *parts[1] == '\0')
        {
          portolan_cli_print_error (_("--host %s: write it as ROLE=HOST[,HOST…], e.g. ums-server=ums.example.com"),
                                    options[i]);
          return FALSE;
        }
      if (!portolan_cli_resolve_role (catalogue, "--host", parts[0]))
        return FALSE;

      /* The first --host of a role replaces the profile's hosts; a second
       * one adds to the first */
      if (!g_hash_table_add (given, g_strdup (parts[0])))
        g_strv_builder_addv (builder, (const char **) portolan_profile_get_hosts (profile, parts[0]));

      added = g_strsplit (parts[1], ",", -1);
      for (guint h = 0; added[h] != NULL; h++)
        g_strv_builder_add (builder, g_strstrip (added[h]));
      hosts = g_strv_builder_end (builder);

      if (!portolan_profile_set_hosts (profile, parts[0], (const char * const *) hosts, &error))
        {
          portolan_cli_print_error ("--host %s: %s", options[i], error->message);
          return FALSE;
        }
    }

  return TRUE;
}

/* --features LIST|all: exactly these features are in use */
static gboolean
apply_features (PortolanProfile *profile,
                const char      *list)
{
  PortolanCatalogue *catalogue = portolan_profile_get_catalogue (profile);
  GPtrArray *features = portolan_catalogue_get_features (catalogue);
  g_autoptr(GHashTable) listed = g_hash_table_new (g_str_hash, g_str_equal);
  g_auto(GStrv) ids = NULL;

  if (list == NULL)
    return TRUE;

  if (g_str_equal (list, "all"))
    {
      /* Every feature but the database choice, which stays as it is */
      for (guint i = 0; i < features->len; i++)
        {
          PortolanFeature *feature = g_ptr_array_index (features, i);
          const PortolanFeatureGroup *group = portolan_catalogue_lookup_group (catalogue,
                                                                               portolan_feature_get_group (feature));

          if (!group->exclusive)
            portolan_profile_set_feature (profile, portolan_feature_get_id (feature), TRUE);
        }
      return TRUE;
    }

  ids = g_strsplit (list, ",", -1);
  for (guint i = 0; ids[i] != NULL; i++)
    {
      PortolanFeature *feature, *rival;

      g_strstrip (ids[i]);
      if (!(feature = portolan_cli_resolve_feature (catalogue, "--features", ids[i])))
        return FALSE;

      /* The same rule as in a profile file */
      if ((rival = portolan_catalogue_find_rival (catalogue, listed, feature)) != NULL)
        {
          const PortolanFeatureGroup *group = portolan_catalogue_lookup_group (catalogue,
                                                                               portolan_feature_get_group (feature));

          portolan_cli_print_error (_("--features %s: “%s” and “%s” are both listed, but only one feature of “%s” can be in use"),
                                    list, portolan_feature_get_id (rival), ids[i], group->name);
          return FALSE;
        }

      g_hash_table_add (listed, ids[i]);
    }

  for (guint i = 0; i < features->len; i++)
    {
      const char *id = portolan_feature_get_id (g_ptr_array_index (features, i));

      portolan_profile_set_feature (profile, id, g_strv_contains ((const char * const *) ids, id));
    }

  return TRUE;
}

/* --port LINK_ID=PORT */
static gboolean
apply_ports (PortolanProfile    *profile,
             const char * const *options)
{
  PortolanCatalogue *catalogue = portolan_profile_get_catalogue (profile);

  for (guint i = 0; options != NULL && options[i] != NULL; i++)
    {
      g_auto(GStrv) parts = g_strsplit (options[i], "=", 2);
      g_autoptr(GError) error = NULL;
      guint64 port;

      if (parts[1] == NULL)
        {
          portolan_cli_print_error (_("--port %s: write it as LINK_ID=PORT, e.g. console-server=9443"), options[i]);
          return FALSE;
        }
      if (portolan_catalogue_lookup_link (catalogue, parts[0]) == NULL)
        {
          portolan_cli_print_error (_("--port %s: unknown link “%s”; “portolan-cli list” shows the link ids"),
                                    options[i], parts[0]);
          return FALSE;
        }
      if (!g_ascii_string_to_unsigned (parts[1], 10, 1, G_MAXUINT16, &port, NULL))
        {
          portolan_cli_print_error (_("--port %s: “%s” is not a port from 1 to 65535"), options[i], parts[1]);
          return FALSE;
        }
      if (!portolan_profile_set_port_override (profile, parts[0], port, &error))
        {
          portolan_cli_print_error ("--port %s: %s", options[i], error->message);
          return FALSE;
        }
    }

  return TRUE;
}

static gboolean
apply_proxy (PortolanProfile *profile,
             const char      *proxy)
{
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (proxy == NULL)
    return TRUE;

  if (g_str_equal (proxy, "system"))
    ok = portolan_profile_set_proxy (profile, PORTOLAN_PROXY_SYSTEM, NULL, &error);
  else if (g_str_equal (proxy, "none"))
    ok = portolan_profile_set_proxy (profile, PORTOLAN_PROXY_NONE, NULL, &error);
  else
    ok = portolan_profile_set_proxy (profile, PORTOLAN_PROXY_URL, proxy, &error);

  if (!ok)
    portolan_cli_print_error ("--proxy %s: %s", proxy, error->message);

  return ok;
}

static PortolanProfile *
load_profile (PortolanCatalogue *catalogue,
              const char        *path)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  PortolanProfile *profile;

  if (path == NULL)
    return portolan_profile_new (catalogue);

  file = g_file_new_for_commandline_arg (path);
  profile = portolan_profile_new_from_file (catalogue, file, &error);
  if (profile == NULL)
    portolan_cli_print_error ("%s", error->message);

  return profile;
}

static PortolanProbeContext *
make_context (PortolanProfile *profile,
              const char      *ca_file)
{
  g_autoptr(PortolanProbeContext) context = portolan_probe_context_new_for_profile (profile);
  g_autoptr(GTlsDatabase) database = NULL;
  g_autoptr(GError) error = NULL;

  if (ca_file != NULL)
    {
      database = g_tls_file_database_new (ca_file, &error);
      if (database == NULL)
        {
          portolan_cli_print_error ("--ca-file %s: %s", ca_file, error->message);
          return NULL;
        }
      portolan_probe_context_set_tls_database (context, database);
    }

  return g_steal_pointer (&context);
}

int
portolan_cli_check (int    argc,
                    char **argv)
{
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_auto(GStrv) hosts = NULL;
  g_autofree char *features = NULL;
  g_auto(GStrv) ports = NULL;
  g_autofree char *profile_path = NULL;
  g_autofree char *catalogue_path = NULL;
  g_autofree char *proxy = NULL;
  g_autofree char *ca_file = NULL;
  int timeout_ms = -1;
  int concurrency = -1;
  gboolean as_json = FALSE;
  g_autofree char *report_path = NULL;
  ReportRequest report = { 0, };
  const GOptionEntry entries[] = {
    { "from", 0, 0, G_OPTION_ARG_STRING, &from, N_("The role this computer plays (required)"), N_("ROLE") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to, N_("The role to check, or “all” (required)"), N_("ROLE|all") },
    { "host", 0, 0, G_OPTION_ARG_STRING_ARRAY, &hosts, N_("The hosts of a role; devices also take ranges a.b.c.d-e and CIDR (repeatable)"), N_("ROLE=HOST[,HOST…]") },
    { "features", 0, 0, G_OPTION_ARG_STRING, &features, N_("The features in use, comma-separated, or “all”"), N_("LIST|all") },
    { "port", 0, 0, G_OPTION_ARG_STRING_ARRAY, &ports, N_("Another port for a link, as configured in the UMS (repeatable)"), N_("LINK_ID=PORT") },
    { "profile", 0, 0, G_OPTION_ARG_FILENAME, &profile_path, N_("Start from a saved profile"), N_("FILE") },
    { "timeout", 0, 0, G_OPTION_ARG_INT, &timeout_ms, N_("How long each check waits for an answer (default 3000)"), N_("MS") },
    { "concurrency", 0, 0, G_OPTION_ARG_INT, &concurrency, N_("How many checks run at once (default 1024)"), N_("N") },
    { "proxy", 0, 0, G_OPTION_ARG_STRING, &proxy, N_("How cloud checks reach the internet: system, none, or a proxy URL"), N_("system|none|URL") },
    { "ca-file", 0, 0, G_OPTION_ARG_FILENAME, &ca_file, N_("Trust the certificate authorities in this PEM file instead of the system's"), N_("FILE") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &as_json, N_("Print the results as JSON"), NULL },
    { "report", 0, 0, G_OPTION_ARG_FILENAME, &report_path, N_("Write a support report to FILE as well; its extension says the format: .png, .pdf, .svg, .html, .json or .md"), N_("FILE") },
    { "redact", 0, 0, G_OPTION_ARG_NONE, &report.redact, N_("Replace host names and addresses in the report with placeholders"), NULL },
    { "catalogue", 0, 0, G_OPTION_ARG_FILENAME, &catalogue_path, N_("Use this catalogue instead of the built-in IGEL UMS one"), N_("FILE") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(PortolanCatalogue) catalogue = NULL;
  g_autoptr(PortolanProfile) profile = NULL;
  g_autoptr(PortolanPlan) plan = NULL;
  g_autoptr(PortolanProbeContext) probe_context = NULL;
  g_autoptr(GHashTable) given_hosts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GError) error = NULL;

  g_option_context_set_summary (context, _("Probe, from this computer, the links from one role to another."));
  g_option_context_set_description (context, _("Example:\n"
                                               "  portolan-cli check --from ums-server --to all \\\n"
                                               "      --host postgresql=db.example.com --host os11-device=10.1.2.0/24\n"
                                               "\n"
                                               "Exit status: 0 when every check that ran is fine, 1 when a check found a problem,\n"
                                               "2 for bad input, 3 when nothing was tested (every check skipped, for example\n"
                                               "for want of hosts), 130 when interrupted."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!portolan_cli_parse_options (context, &argc, &argv))
    return PORTOLAN_EXIT_BAD_INPUT;

  if (from == NULL || to == NULL)
    {
      portolan_cli_print_error (_("say which role this computer plays and which to check: --from ROLE --to ROLE|all"));
      return PORTOLAN_EXIT_BAD_INPUT;
    }

  report.path = report_path;
  if (!check_report_request (&report))
    return PORTOLAN_EXIT_BAD_INPUT;

  if (!(catalogue = portolan_cli_load_catalogue (catalogue_path)) ||
      !portolan_cli_resolve_role (catalogue, "--from", from) ||
      (!g_str_equal (to, PORTOLAN_TARGET_ALL) && !portolan_cli_resolve_role (catalogue, "--to", to)) ||
      !(profile = load_profile (catalogue, profile_path)) ||
      !apply_hosts (profile, (const char * const *) hosts, given_hosts) ||
      !apply_features (profile, features) ||
      !apply_ports (profile, (const char * const *) ports) ||
      !apply_proxy (profile, proxy))
    return PORTOLAN_EXIT_BAD_INPUT;

  if (timeout_ms != -1 && (timeout_ms < 0 || !portolan_profile_set_timeout_ms (profile, timeout_ms, &error)))
    {
      portolan_cli_print_error ("--timeout %d: %s", timeout_ms,
                                error ? error->message : _("the timeout must be a positive number of milliseconds"));
      return PORTOLAN_EXIT_BAD_INPUT;
    }
  if (concurrency != -1 && (concurrency < 0 || !portolan_profile_set_concurrency (profile, concurrency, &error)))
    {
      portolan_cli_print_error ("--concurrency %d: %s", concurrency,
                                error ? error->message : _("the concurrency must be a positive number"));
      return PORTOLAN_EXIT_BAD_INPUT;
    }

  if (!(plan = portolan_plan_new (profile, from, to, &error)))
    {
      portolan_cli_print_error ("%s", error->message);
      return PORTOLAN_EXIT_BAD_INPUT;
    }

  if (!(probe_context = make_context (profile, ca_file)))
    return PORTOLAN_EXIT_BAD_INPUT;

  warn_unused_hosts (plan, given_hosts);

  return run_plan (plan, probe_context, portolan_profile_get_concurrency (profile), as_json, &report);
}
