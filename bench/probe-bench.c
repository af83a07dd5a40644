/* SPDX-License-Identifier: GPL-3.0-or-later */
/* probe-bench.c: a plan of 1000 checks on loopback, timed against nmap
 *
 * Then 1000 protocol checks against listeners that answer as PostgreSQL
 * and as a VNC server, their CPU set against 1000 plain connects.
 *
 * 500 loopback addresses × 2 ports, in a network namespace of our own
 * where one port has a listener and nftables drops every SYN to the
 * other. With every check in flight at once, the run cannot end before
 * the timeout: that is the floor Portolan is measured against. nmap
 * then scans the same addresses and ports twice, with the same fixed
 * timeout and with its own adaptive timing.
 *
 * Needs root, for the namespace and the firewall rule. Nothing leaves
 * the namespace: only 127.x addresses are ever contacted.
 */
#define _GNU_SOURCE  /* unshare () */
#include "config.h"

#include <errno.h>
#include <netinet/in.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "portolan-core.h"

#define OPEN_PORT      30001
#define DROPPED_PORT   30005
#define TIMEOUT_MS     1000
#define N_ADDRESSES    500
#define N_CHECKS       (N_ADDRESSES * 2)
/* Room for all 500 connections at once: should the accept loop fall
 * behind, a full backlog drops SYNs, and a SYN resent a second later
 * would turn an open port filtered */
#define LISTEN_BACKLOG 4096

/* The protocol phase: listeners that answer as PostgreSQL and as a VNC
 * server, against listeners that accept and close (a plain connect) */
#define POSTGRESQL_PORT 5432
#define RFB_PORT        5900
#define PLAIN_PORT_A    30001
#define PLAIN_PORT_B    30002

/* Goals from the issues */
#define FLOOR_FACTOR_GOAL 1.3
#define PROTOCOL_CPU_GOAL 2.0
#define PROTOCOL_RSS_GOAL 40.0

/* -r: nmap shuffles the port order once per scan, and when the dropped
 * port comes first its congestion control takes the silence for loss and
 * crawls (72 s instead of 1.9 s with default timing, 42 s instead of 7 s
 * with the fixed timeout, in about half the runs); in port order it is
 * steady, and at its best */
static const char * const nmap_options[] = {
  "-sT", "-Pn", "-n", "-r", "-p", G_STRINGIFY (OPEN_PORT) "," G_STRINGIFY (DROPPED_PORT), "-oG", "-", NULL
};

static const char * const device_hosts[] = { "127.0.1.1-250", "127.0.2.1-250", NULL };

static const char bench_catalogue[] =
  "{\n"
  "  \"schema\": 1, \"id\": \"probe-bench\", \"name\": \"Probe benchmark\", \"version\": \"1\",\n"
  "  \"zones\": [ { \"id\": \"lan\", \"name\": \"LAN\" } ],\n"
  "  \"feature-groups\": [ { \"id\": \"bench\", \"name\": \"Benchmark\" } ],\n"
  "  \"features\": [ { \"id\": \"bench\", \"name\": \"Benchmark\", \"group\": \"bench\", \"default\": true } ],\n"
  "  \"roles\": [\n"
  "    { \"id\": \"server\", \"name\": \"Server\", \"kind\": \"server\", \"zone\": \"lan\", \"position\": [0.2, 0.5] },\n"
  "    { \"id\": \"device\", \"name\": \"Device\", \"kind\": \"device\", \"zone\": \"lan\", \"position\": [0.8, 0.5] }\n"
  "  ],\n"
  "  \"links\": [\n"
  "    { \"id\": \"open\", \"port\": " G_STRINGIFY (OPEN_PORT) ", \"protocols\": [\"tcp\"], \"service\": \"tcp\",\n"
  "      \"initiators\": [\"server\"], \"listeners\": [\"device\"], \"features\": [\"bench\"],\n"
  "      \"configurable\": false, \"description\": \"A port the device listens on.\" },\n"
  "    { \"id\": \"dropped\", \"port\": " G_STRINGIFY (DROPPED_PORT) ", \"protocols\": [\"tcp\"], \"service\": \"tcp\",\n"
  "      \"initiators\": [\"server\"], \"listeners\": [\"device\"], \"features\": [\"bench\"],\n"
  "      \"configurable\": false, \"description\": \"A port a firewall drops.\" }\n"
  "  ]\n"
  "}\n";

typedef struct
{
  gboolean ran;
  double   wall_ms;
  double   cpu_ms;
  guint    n_open;
  guint    n_filtered;
  guint    n_other;
} Figures;

typedef struct
{
  Figures  figures;
  double   setup_ms;
  double   last_open_ms;   /* when the last open check had its result */
  double   rss_before_mb;
  double   rss_peak_mb;
  guint    concurrency;
  gint64   started_us;
} PortolanFigures;

static void die (const char *format,
                 ...) G_GNUC_PRINTF (1, 2) G_GNUC_NORETURN;

static void
die (const char *format,
     ...)
{
  va_list args;

  va_start (args, format);
  fputs ("probe-bench: ", stderr);
  vfprintf (stderr, format, args);
  fputc ('\n', stderr);
  va_end (args);
  exit (EXIT_FAILURE);
}

static void
run_or_die (const char * const *argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *errors = NULL;
  int status;

  if (!g_spawn_sync (NULL, (char **) argv, NULL,
                     G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                     NULL, NULL, NULL, &errors, &status, &error) ||
      !g_spawn_check_wait_status (status, &error))
    die ("%s: %s%s%s", argv[0], error->message, errors && *errors ? "\n" : "", errors ? errors : "");
}

/* Runs before any thread exists: unshare () moves only the calling
 * thread to the new namespace, and every socket after this must be in it */
static void
enter_namespace (void)
{
  const char * const lo_up[] = { "ip", "link", "set", "lo", "up", NULL };
  const char * const table[] = { "nft", "add", "table", "inet", "probe_bench", NULL };
  const char * const chain[] = { "nft", "add", "chain", "inet", "probe_bench", "input",
                                 "{ type filter hook input priority 0; }", NULL };
  const char * const drop[] = { "nft", "add", "rule", "inet", "probe_bench", "input",
                                "iif", "lo", "tcp", "dport", G_STRINGIFY (DROPPED_PORT), "drop", NULL };

  if (geteuid () != 0)
    die ("needs root, for a network namespace of its own and an nftables rule in it "
         "(try: sudo %s)", g_get_prgname ());

  if (unshare (CLONE_NEWNET) != 0)
    die ("unshare (CLONE_NEWNET): %s", g_strerror (errno));

  run_or_die (lo_up);
  run_or_die (table);
  run_or_die (chain);
  run_or_die (drop);
}

static guint
read_sysctl (const char *path)
{
  g_autofree char *text = NULL;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return 0;
  return (guint) g_ascii_strtoull (text, NULL, 10);
}

typedef enum
{
  ANSWER_NOTHING,     /* accept and close */
  ANSWER_POSTGRESQL,  /* read the SSLRequest, answer 'N' */
  ANSWER_RFB,         /* send the RFB banner */
} Answer;

static void
answer_connection (int    connection,
                   Answer answer)
{
  static const char banner[] = "RFB 003.008\n";
  char request[8];

  if (answer == ANSWER_POSTGRESQL && read (connection, request, sizeof request) == sizeof request)
    (void) !write (connection, "N", 1);
  else if (answer == ANSWER_RFB)
    (void) !write (connection, banner, sizeof banner - 1);
}

/* A process of its own accepts, answers and closes, so that its CPU time
 * is not counted as Portolan's */
static pid_t
start_listener_on (guint16 port,
                   Answer  answer)
{
  struct sockaddr_in address = {
    .sin_family = AF_INET,
    .sin_port = htons (port),
    .sin_addr.s_addr = htonl (INADDR_ANY),  /* every 127.x, inside the namespace only */
  };
  int one = 1;
  int fd;
  pid_t pid;

  fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0 ||
      setsockopt (fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) != 0 ||
      bind (fd, (struct sockaddr *) &address, sizeof address) != 0 ||
      listen (fd, LISTEN_BACKLOG) != 0)
    die ("listening on port %d: %s", port, g_strerror (errno));

  pid = fork ();
  if (pid < 0)
    die ("fork: %s", g_strerror (errno));

  if (pid == 0)
    {
      prctl (PR_SET_PDEATHSIG, SIGKILL);
      for (;;)
        {
          int connection = accept4 (fd, NULL, NULL, SOCK_CLOEXEC);

          if (connection >= 0)
            {
              answer_connection (connection, answer);
              close (connection);
            }
        }
    }

  close (fd);
  return pid;
}

static pid_t
start_listener (void)
{
  return start_listener_on (OPEN_PORT, ANSWER_NOTHING);
}

static double
cpu_ms (const struct rusage *usage)
{
  return (usage->ru_utime.tv_sec + usage->ru_stime.tv_sec) * 1000.0 +
         (usage->ru_utime.tv_usec + usage->ru_stime.tv_usec) / 1000.0;
}

static double
peak_rss_mb (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_maxrss / 1024.0;
}

static void
check_finished_cb (PortolanRunner  *runner,
                   PortolanCheck   *check,
                   PortolanFigures *p)
{
  if (portolan_check_get_state (check) == PORTOLAN_STATE_OPEN)
    p->last_open_ms = (g_get_monotonic_time () - p->started_us) / 1000.0;
}

static void
finished_cb (PortolanRunner *runner,
             GMainLoop      *loop)
{
  g_main_loop_quit (loop);
}

static PortolanProfile *
make_profile (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PortolanCatalogue) catalogue = NULL;
  g_autoptr(PortolanProfile) profile = NULL;

  catalogue = portolan_catalogue_new_from_data (bench_catalogue, -1, "probe-bench", &error);
  if (catalogue == NULL)
    die ("the catalogue: %s", error->message);

  profile = portolan_profile_new (catalogue);
  if (!portolan_profile_set_hosts (profile, "device", device_hosts, &error) ||
      !portolan_profile_set_timeout_ms (profile, TIMEOUT_MS, &error))
    die ("the profile: %s", error->message);

  return g_steal_pointer (&profile);
}

/* Every check of the open port open, every one of the dropped port
 * filtered, or the figures mean nothing */
static void
count_results (PortolanPlan *plan,
               Figures      *figures)
{
  GPtrArray *checks = portolan_plan_get_checks (plan);

  for (guint i = 0; i < checks->len; i++)
    {
      PortolanCheck *check = g_ptr_array_index (checks, i);
      PortolanState state = portolan_check_get_state (check);
      guint16 port = portolan_check_get_port (check);

      if (state == PORTOLAN_STATE_OPEN && port == OPEN_PORT)
        figures->n_open++;
      else if (state == PORTOLAN_STATE_FILTERED && port == DROPPED_PORT)
        figures->n_filtered++;
      else
        {
          if (figures->n_other++ < 5)
            g_printerr ("probe-bench: unexpected: %s:%u %s: %s\n",
                        portolan_check_get_host (check), port,
                        portolan_state_to_string (state), portolan_check_get_detail (check));
        }
    }
}

static void
run_portolan (PortolanProfile *profile,
              PortolanFigures *p)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PortolanPlan) plan = NULL;
  g_autoptr(PortolanProbeContext) context = NULL;
  g_autoptr(PortolanRunner) runner = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  struct rusage before, after;
  gint64 setup_us = g_get_monotonic_time ();

  plan = portolan_plan_new (profile, "server", "device", &error);
  if (plan == NULL)
    die ("the plan: %s", error->message);
  if (portolan_plan_count_probes (plan) != N_CHECKS)
    die ("the plan has %u checks to probe, not %d", portolan_plan_count_probes (plan), N_CHECKS);

  context = portolan_probe_context_new_for_profile (profile);
  runner = portolan_runner_new (portolan_plan_get_checks (plan), context,
                                portolan_profile_get_concurrency (profile));
  p->concurrency = portolan_runner_get_concurrency (runner);
  g_signal_connect (runner, "check-finished", G_CALLBACK (check_finished_cb), p);
  g_signal_connect (runner, "finished", G_CALLBACK (finished_cb), loop);
  p->setup_ms = (g_get_monotonic_time () - setup_us) / 1000.0;
  p->rss_before_mb = peak_rss_mb ();

  getrusage (RUSAGE_SELF, &before);
  p->started_us = g_get_monotonic_time ();
  portolan_runner_start (runner);
  if (portolan_runner_is_running (runner))
    g_main_loop_run (loop);
  p->figures.wall_ms = (g_get_monotonic_time () - p->started_us) / 1000.0;
  getrusage (RUSAGE_SELF, &after);

  p->figures.ran = TRUE;
  p->figures.cpu_ms = cpu_ms (&after) - cpu_ms (&before);
  p->rss_peak_mb = after.ru_maxrss / 1024.0;
  count_results (plan, &p->figures);
}

/* --- The protocol phase --- */

static char *
protocol_catalogue (const char *service_a,
                    guint16     port_a,
                    const char *service_b,
                    guint16     port_b)
{
  return g_strdup_printf (
    "{ \"schema\": 1, \"id\": \"probe-bench\", \"name\": \"Probe benchmark\", \"version\": \"1\",\n"
    "  \"zones\": [ { \"id\": \"lan\", \"name\": \"LAN\" } ],\n"
    "  \"feature-groups\": [ { \"id\": \"bench\", \"name\": \"Benchmark\" } ],\n"
    "  \"features\": [ { \"id\": \"bench\", \"name\": \"Benchmark\", \"group\": \"bench\", \"default\": true } ],\n"
    "  \"roles\": [\n"
    "    { \"id\": \"server\", \"name\": \"Server\", \"kind\": \"server\", \"zone\": \"lan\", \"position\": [0.2, 0.5] },\n"
    "    { \"id\": \"device\", \"name\": \"Device\", \"kind\": \"device\", \"zone\": \"lan\", \"position\": [0.8, 0.5] } ],\n"
    "  \"links\": [\n"
    "    { \"id\": \"a\", \"port\": %u, \"protocols\": [\"tcp\"], \"service\": \"%s\", \"initiators\": [\"server\"],\n"
    "      \"listeners\": [\"device\"], \"features\": [\"bench\"], \"configurable\": false, \"description\": \"A.\" },\n"
    "    { \"id\": \"b\", \"port\": %u, \"protocols\": [\"tcp\"], \"service\": \"%s\", \"initiators\": [\"server\"],\n"
    "      \"listeners\": [\"device\"], \"features\": [\"bench\"], \"configurable\": false, \"description\": \"B.\" } ] }\n",
    port_a, service_a, port_b, service_b);
}

typedef struct
{
  double wall_ms;
  double cpu_ms;
  double rss_mb;
  guint  n_expected;
} PhaseFigures;

/* 500 addresses x 2 links of @catalogue_text, every check to end in
 * @expected */
static void
run_phase (const char    *catalogue_text,
           PortolanState  expected,
           PhaseFigures  *figures)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PortolanCatalogue) catalogue = portolan_catalogue_new_from_data (catalogue_text, -1, "probe-bench", &error);
  g_autoptr(PortolanProfile) profile = NULL;
  g_autoptr(PortolanPlan) plan = NULL;
  g_autoptr(PortolanProbeContext) context = NULL;
  g_autoptr(PortolanRunner) runner = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  struct rusage before, after;
  GPtrArray *checks;
  gint64 started;

  if (catalogue == NULL)
    die ("the protocol catalogue: %s", error->message);
  profile = portolan_profile_new (catalogue);
  if (!portolan_profile_set_hosts (profile, "device", device_hosts, &error) ||
      !portolan_profile_set_timeout_ms (profile, TIMEOUT_MS, &error))
    die ("the profile: %s", error->message);
  plan = portolan_plan_new (profile, "server", "device", &error);
  if (plan == NULL)
    die ("the plan: %s", error->message);

  context = portolan_probe_context_new_for_profile (profile);
  checks = portolan_plan_get_checks (plan);
  runner = portolan_runner_new (checks, context, portolan_profile_get_concurrency (profile));
  g_signal_connect (runner, "finished", G_CALLBACK (finished_cb), loop);

  getrusage (RUSAGE_SELF, &before);
  started = g_get_monotonic_time ();
  portolan_runner_start (runner);
  if (portolan_runner_is_running (runner))
    g_main_loop_run (loop);
  figures->wall_ms = (g_get_monotonic_time () - started) / 1000.0;
  getrusage (RUSAGE_SELF, &after);
  figures->cpu_ms = cpu_ms (&after) - cpu_ms (&before);
  figures->rss_mb = after.ru_maxrss / 1024.0;

  for (guint i = 0; i < checks->len; i++)
    {
      PortolanCheck *check = g_ptr_array_index (checks, i);

      if (portolan_check_get_state (check) == expected)
        figures->n_expected++;
      else if (i - figures->n_expected < 5)
        g_printerr ("probe-bench: unexpected: %s:%u %s: %s\n", portolan_check_get_host (check),
                    portolan_check_get_port (check), portolan_state_to_string (portolan_check_get_state (check)),
                    portolan_check_get_detail (check));
    }
}

static gboolean
run_protocol_phase (void)
{
  g_autofree char *plain = protocol_catalogue ("tcp", PLAIN_PORT_A, "tcp", PLAIN_PORT_B);
  g_autofree char *protocols = protocol_catalogue ("postgresql", POSTGRESQL_PORT, "rfb", RFB_PORT);
  pid_t listeners[] = {
    start_listener_on (PLAIN_PORT_A, ANSWER_NOTHING),
    start_listener_on (PLAIN_PORT_B, ANSWER_NOTHING),
    start_listener_on (POSTGRESQL_PORT, ANSWER_POSTGRESQL),
    start_listener_on (RFB_PORT, ANSWER_RFB),
  };
  PhaseFigures connect = { 0 };
  PhaseFigures protocol = { 0 };
  double connect_cpu, protocol_cpu;
  gboolean met;

  run_phase (plain, PORTOLAN_STATE_OPEN, &connect);
  run_phase (protocols, PORTOLAN_STATE_VERIFIED, &protocol);
  for (guint i = 0; i < G_N_ELEMENTS (listeners); i++)
    {
      kill (listeners[i], SIGKILL);
      waitpid (listeners[i], NULL, 0);
    }

  connect_cpu = connect.cpu_ms * 1000.0 / N_CHECKS;
  protocol_cpu = protocol.cpu_ms * 1000.0 / N_CHECKS;
  met = protocol.wall_ms <= FLOOR_FACTOR_GOAL * TIMEOUT_MS && protocol_cpu <= PROTOCOL_CPU_GOAL * connect_cpu &&
        protocol.rss_mb < PROTOCOL_RSS_GOAL;

  g_print ("\nProtocol checks: %d checks, PostgreSQL's SSLRequest on %d and the RFB banner on %d, "
           "against %d plain connects to listeners that accept and close\n",
           N_CHECKS, POSTGRESQL_PORT, RFB_PORT, N_CHECKS);
  g_print ("  %-28s %11s %11s %12s %9s\n", "", "wall", "CPU", "CPU/check", "as meant");
  g_print ("  %-28s %9.3f s %9.3f s %9.1f us %9u\n", "plain connect", connect.wall_ms / 1000.0,
           connect.cpu_ms / 1000.0, connect_cpu, connect.n_expected);
  g_print ("  %-28s %9.3f s %9.3f s %9.1f us %9u\n", "protocol check", protocol.wall_ms / 1000.0,
           protocol.cpu_ms / 1000.0, protocol_cpu, protocol.n_expected);
  g_print ("  wall / floor (%d ms) %.3fx (goal <= 1.3x), CPU/check %.2fx a connect (goal <= 2x), "
           "peak RSS %.1f MiB (goal < 40)   %s\n",
           TIMEOUT_MS, protocol.wall_ms / TIMEOUT_MS, protocol_cpu / connect_cpu, protocol.rss_mb,
           connect.n_expected != N_CHECKS || protocol.n_expected != N_CHECKS ? "not judged: wrong results"
                                                                             : met ? "met" : "MISSED");

  return connect.n_expected == N_CHECKS && protocol.n_expected == N_CHECKS;
}

/* nmap -oG: "Host: 127.0.1.1 ()\tPorts: 30001/open/tcp//…///, 30005/filtered/tcp//…///"
 * and, when it folds ports of one state, "\tIgnored State: filtered (2)" */
static void
count_grepable (const char *output,
                Figures    *figures)
{
  g_auto(GStrv) lines = g_strsplit (output, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = NULL;

      if (!g_str_has_prefix (lines[i], "Host: "))
        continue;

      fields = g_strsplit (lines[i], "\t", -1);
      for (guint f = 0; fields[f] != NULL; f++)
        {
          if (g_str_has_prefix (fields[f], "Ports: "))
            {
              g_auto(GStrv) ports = g_strsplit (fields[f] + strlen ("Ports: "), ", ", -1);

              for (guint n = 0; ports[n] != NULL; n++)
                {
                  g_auto(GStrv) parts = g_strsplit (ports[n], "/", 3);

                  if (parts[0] == NULL || parts[1] == NULL)
                    continue;
                  if (g_str_equal (parts[1], "open") && atoi (parts[0]) == OPEN_PORT)
                    figures->n_open++;
                  else if (g_str_equal (parts[1], "filtered") && atoi (parts[0]) == DROPPED_PORT)
                    figures->n_filtered++;
                  else
                    figures->n_other++;
                }
            }
          else if (g_str_has_prefix (fields[f], "Ignored State: "))
            {
              const char *text = fields[f] + strlen ("Ignored State: ");
              const char *count = strchr (text, '(');
              guint n = count ? (guint) atoi (count + 1) : 0;

              if (g_str_has_prefix (text, "filtered "))
                figures->n_filtered += n;
              else
                figures->n_other += n;
            }
        }
    }
}

static void
run_nmap (const char         *nmap,
          GPtrArray          *addresses,
          const char * const *timing,
          Figures            *figures)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *output = NULL;
  g_autofree char *errors = NULL;
  g_autofree char *command = NULL;
  struct rusage before, after;
  gint64 started_us;

  g_ptr_array_add (argv, (char *) nmap);
  for (guint i = 0; nmap_options[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) nmap_options[i]);
  for (guint i = 0; timing[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) timing[i]);
  g_ptr_array_add (argv, NULL);
  command = g_strjoinv (" ", (char **) argv->pdata);
  g_print ("%s ADDRESSES...\n", command);

  g_ptr_array_remove_index (argv, argv->len - 1);
  g_ptr_array_extend (argv, addresses, NULL, NULL);
  g_ptr_array_add (argv, NULL);

  /* nmap is our only child that ends while it runs: its CPU time is
   * what RUSAGE_CHILDREN gains */
  getrusage (RUSAGE_CHILDREN, &before);
  started_us = g_get_monotonic_time ();
  process = g_subprocess_newv ((const char * const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                               &error);
  if (process == NULL ||
      !g_subprocess_communicate_utf8 (process, NULL, NULL, &output, &errors, &error))
    {
      g_printerr ("probe-bench: nmap: %s\n", error->message);
      return;
    }
  figures->wall_ms = (g_get_monotonic_time () - started_us) / 1000.0;
  getrusage (RUSAGE_CHILDREN, &after);

  if (!g_subprocess_get_successful (process))
    {
      g_printerr ("probe-bench: nmap failed:\n%s\n", errors);
      return;
    }

  figures->ran = TRUE;
  figures->cpu_ms = cpu_ms (&after) - cpu_ms (&before);
  count_grepable (output, figures);
}

static void
print_row (const char    *name,
           const Figures *figures)
{
  if (!figures->ran)
    {
      g_print ("  %-28s %s\n", name, "did not run");
      return;
    }

  g_print ("  %-28s %9.3f s %9.3f s %9.1f us %6u %9u %6u\n",
           name, figures->wall_ms / 1000.0, figures->cpu_ms / 1000.0,
           figures->cpu_ms * 1000.0 / N_CHECKS,
           figures->n_open, figures->n_filtered, figures->n_other);
}

static gboolean
results_are_right (const Figures *figures)
{
  return figures->n_open == N_ADDRESSES && figures->n_filtered == N_ADDRESSES;
}

static void
print_ratio (const char    *name,
             const Figures *portolan,
             double         other_ms,
             const char    *goal,
             gboolean       met)
{
  g_print ("  %-34s %6.3fx", name, portolan->wall_ms / other_ms);
  if (goal != NULL)
    g_print ("   goal %-7s %s", goal,
             !results_are_right (portolan) ? "not judged: wrong results" : met ? "met" : "MISSED");
  g_print ("\n");
}

static void
print_report (const PortolanFigures *p,
              const Figures         *nmap_fixed,
              const Figures         *nmap_default)
{
  double wall = p->figures.wall_ms;

  g_print ("\n  %-28s %11s %11s %12s %6s %9s %6s\n",
           "", "wall", "CPU", "CPU/check", "open", "filtered", "other");
  print_row ("Portolan", &p->figures);
  print_row ("nmap, fixed " G_STRINGIFY (TIMEOUT_MS) " ms timeout", nmap_fixed);
  print_row ("nmap, default timing", nmap_default);

  g_print ("\nPortolan: %.0f ms to build the plan and the probe context (not in the wall time), "
           "the last open check done at %.1f ms, peak RSS %.1f MiB (%.1f MiB before the run)\n",
           p->setup_ms, p->last_open_ms, p->rss_peak_mb, p->rss_before_mb);

  g_print ("\nRatios\n");
  print_ratio ("Portolan / floor (" G_STRINGIFY (TIMEOUT_MS) " ms)", &p->figures, TIMEOUT_MS,
               "<= 1.3x", wall <= FLOOR_FACTOR_GOAL * TIMEOUT_MS);
  if (nmap_fixed->ran)
    print_ratio ("Portolan / nmap fixed timeout", &p->figures, nmap_fixed->wall_ms, NULL, FALSE);
  if (nmap_default->ran)
    print_ratio ("Portolan / nmap default timing", &p->figures, nmap_default->wall_ms,
                 "< 1x", wall < nmap_default->wall_ms);
  else
    g_print ("  %-34s   goal < 1x not measured: nmap did not run\n", "Portolan / nmap default timing");
}

int
main (int   argc,
      char *argv[])
{
  /* Without --min-rtt-timeout, nmap lowers the timeout to its default
   * minimum of 100 ms as soon as the open port has answered (nmap -d:
   * "to: 100000" per host), and the timeout would not be the same */
  static const char * const fixed_timing[] = {
    "--min-rtt-timeout", G_STRINGIFY (TIMEOUT_MS) "ms",
    "--initial-rtt-timeout", G_STRINGIFY (TIMEOUT_MS) "ms",
    "--max-rtt-timeout", G_STRINGIFY (TIMEOUT_MS) "ms",
    "--max-retries", "0",
    NULL
  };
  static const char * const default_timing[] = { NULL };
  g_autoptr(PortolanProfile) profile = NULL;
  g_autoptr(GPtrArray) addresses = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *nmap = NULL;
  PortolanFigures portolan = { 0 };
  Figures nmap_fixed = { 0 };
  Figures nmap_default = { 0 };
  pid_t listener;

  g_set_prgname (argv[0]);
  setvbuf (stdout, NULL, _IOLBF, 0);
  enter_namespace ();
  listener = start_listener ();

  profile = make_profile ();
  addresses = portolan_profile_expand_hosts (profile, "device", &error);
  if (addresses == NULL || addresses->len != N_ADDRESSES)
    die ("the device hosts: %s", error ? error->message : "not " G_STRINGIFY (N_ADDRESSES) " addresses");

  g_print ("probe-bench: %d checks: %u addresses (%s %s) x port %d (listening, backlog %u) "
           "and port %d (dropped by nftables), %d ms timeout\n",
           N_CHECKS, addresses->len, device_hosts[0], device_hosts[1], OPEN_PORT,
           MIN (LISTEN_BACKLOG, read_sysctl ("/proc/sys/net/core/somaxconn")), DROPPED_PORT, TIMEOUT_MS);

  run_portolan (profile, &portolan);
  g_print ("Portolan: concurrency %u, %.3f s\n", portolan.concurrency, portolan.figures.wall_ms / 1000.0);

  nmap = g_find_program_in_path ("nmap");
  if (nmap == NULL)
    g_print ("nmap is not installed: no comparison (Debian: apt-get install nmap; Fedora: dnf install nmap)\n");
  else
    {
      run_nmap (nmap, addresses, fixed_timing, &nmap_fixed);
      run_nmap (nmap, addresses, default_timing, &nmap_default);
    }

  kill (listener, SIGKILL);
  waitpid (listener, NULL, 0);

  print_report (&portolan, &nmap_fixed, &nmap_default);

  if (!run_protocol_phase ())
    die ("the protocol phase did not give every check its expected state");

  if (!results_are_right (&portolan.figures))
    die ("Portolan found %u open and %u filtered (and %u other), not %d and %d",
         portolan.figures.n_open, portolan.figures.n_filtered, portolan.figures.n_other,
         N_ADDRESSES, N_ADDRESSES);

  return EXIT_SUCCESS;
}
