/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-runner.c: many checks at once, and stopping them */
#include "config.h"

#include "portolan-core.h"
#include "portolan-test-servers.h"
#include "portolan-test-time.h"

#define N_CHECKS 300

typedef struct
{
  PortolanCatalogue    *catalogue;
  PortolanProbeContext *context;
  GPtrArray            *checks;
  guint                 finished_signals;
  gboolean              finished;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->catalogue = portolan_catalogue_new_builtin (NULL);
  f->checks = g_ptr_array_new_with_free_func (g_object_unref);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_pointer (&f->checks, g_ptr_array_unref);
  g_clear_pointer (&f->context, portolan_probe_context_unref);
  g_clear_object (&f->catalogue);
}

static void
add_checks (Fixture           *f,
            guint              count,
            guint16            port,
            PortolanProtocol   protocol,
            PortolanProbeKind  probe)
{
  PortolanLink *link = portolan_catalogue_lookup_link (f->catalogue, protocol == PORTOLAN_PROTOCOL_UDP
                                                                      ? "ha-6155-balancer-to-server" : "icg-server");

  for (guint i = 0; i < count; i++)
    g_ptr_array_add (f->checks, portolan_check_new (link, "ums-server", "icg", "127.0.0.1", port, protocol, probe));
}

static void
check_finished_cb (PortolanRunner *runner,
                   PortolanCheck  *check,
                   Fixture        *f)
{
  g_assert_true (portolan_check_is_finished (check));
  f->finished_signals++;
}

static void
finished_cb (PortolanRunner *runner,
             Fixture        *f)
{
  g_assert_false (f->finished);
  f->finished = TRUE;
}

static PortolanRunner *
start_runner (Fixture *f,
              guint    concurrency)
{
  PortolanRunner *runner = portolan_runner_new (f->checks, f->context, concurrency);

  g_signal_connect (runner, "check-finished", G_CALLBACK (check_finished_cb), f);
  g_signal_connect (runner, "finished", G_CALLBACK (finished_cb), f);
  portolan_runner_start (runner);
  return runner;
}

static void
wait_finished (Fixture *f)
{
  while (!f->finished)
    g_main_context_iteration (NULL, TRUE);
}

static guint
count_open_fds (void)
{
  g_autoptr(GDir) dir = g_dir_open ("/proc/self/fd", 0, NULL);
  guint count = 0;

  while (g_dir_read_name (dir) != NULL)
    count++;

  return count;
}

static guint
count_state (Fixture       *f,
             PortolanState  state)
{
  guint count = 0;

  for (guint i = 0; i < f->checks->len; i++)
    if (portolan_check_get_state (g_ptr_array_index (f->checks, i)) == state)
      count++;

  return count;
}

/* Silent UDP checks each wait the whole timeout: run side by side, the
 * plan takes about one timeout, not N_CHECKS of them */
static void
test_parallel (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(PortolanTestServer) silent = portolan_test_udp_server_new ("127.0.0.1", PORTOLAN_TEST_UDP_SILENT, NULL);
  g_autoptr(PortolanRunner) runner = NULL;
  guint timeout_ms = 400;

  f->context = portolan_probe_context_new (timeout_ms);
  add_checks (f, N_CHECKS, portolan_test_server_get_port (silent), PORTOLAN_PROTOCOL_UDP, PORTOLAN_PROBE_UDP);

  runner = start_runner (f, 1024);
  g_assert_true (portolan_runner_is_running (runner));
  wait_finished (f);

  g_assert_cmpuint (f->finished_signals, ==, N_CHECKS);
  g_assert_cmpuint (portolan_runner_get_n_finished (runner), ==, N_CHECKS);
  g_assert_cmpuint (count_state (f, PORTOLAN_STATE_UNVERIFIED), ==, N_CHECKS);
  g_test_message ("%u checks of %u ms each took %.0f ms", N_CHECKS, timeout_ms,
                  portolan_runner_get_duration_ms (runner));
  /* Serial would be N_CHECKS × timeout: two minutes */
  g_assert_cmpfloat (portolan_runner_get_duration_ms (runner), <, portolan_test_scale_ms (4 * timeout_ms));
  g_assert_false (portolan_runner_is_running (runner));
}

/* The limit holds: with 10 at a time, 30 silent checks take three rounds */
static void
test_concurrency_limit (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(PortolanTestServer) silent = portolan_test_udp_server_new ("127.0.0.1", PORTOLAN_TEST_UDP_SILENT, NULL);
  g_autoptr(PortolanRunner) runner = NULL;
  guint timeout_ms = 200;

  f->context = portolan_probe_context_new (timeout_ms);
  add_checks (f, 30, portolan_test_server_get_port (silent), PORTOLAN_PROTOCOL_UDP, PORTOLAN_PROBE_UDP);

  runner = start_runner (f, 10);
  g_assert_cmpuint (portolan_runner_get_concurrency (runner), ==, 10);
  wait_finished (f);

  g_assert_cmpfloat (portolan_runner_get_duration_ms (runner), >=, 3 * timeout_ms);
  g_assert_cmpuint (count_state (f, PORTOLAN_STATE_UNVERIFIED), ==, 30);
}

static gboolean
stop_cb (gpointer data)
{
  portolan_runner_stop (data);
  return G_SOURCE_REMOVE;
}

/* Many TLS handshakes hang on a server that accepts and never answers;
 * Stop ends them all at once and leaves no socket open */
static void
test_stop (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(PortolanTestServer) silent = portolan_test_tcp_server_new ("127.0.0.1", PORTOLAN_TEST_TCP_ACCEPT_SILENT, NULL);
  g_autoptr(PortolanRunner) runner = NULL;
  guint fds_before;
  gint64 stopped_at;

  f->context = portolan_probe_context_new (30000);
  add_checks (f, N_CHECKS, portolan_test_server_get_port (silent), PORTOLAN_PROTOCOL_TCP, PORTOLAN_PROBE_TLS);
  fds_before = count_open_fds ();

  /* A limit below the count leaves some checks waiting when Stop comes */
  runner = start_runner (f, N_CHECKS / 2);
  g_assert_true (portolan_test_server_wait_accepted (silent, N_CHECKS / 2, portolan_test_scale_ms (10000)));
  g_assert_cmpuint (count_open_fds (), >, fds_before);

  stopped_at = g_get_monotonic_time ();
  g_idle_add (stop_cb, runner);
  wait_finished (f);

  g_assert_cmpint (g_get_monotonic_time () - stopped_at, <, portolan_test_scale_us (G_USEC_PER_SEC));
  g_assert_cmpuint (f->finished_signals, ==, N_CHECKS);
  g_assert_cmpuint (count_state (f, PORTOLAN_STATE_CANCELLED), ==, N_CHECKS);
  /* The server holds its ends until freed; ours are closed */
  g_clear_pointer (&silent, portolan_test_server_free);
  g_assert_cmpuint (count_open_fds (), <=, fds_before);
}

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 guint      *count)
{
  (*count)++;
}

static void
n_finished_changed_cb (PortolanRunner *runner,
                       GParamSpec     *pspec,
                       guint          *last_seen)
{
  guint total = 0;

  /* One notification per result, each after the counts have it */
  g_assert_cmpuint (portolan_runner_get_n_finished (runner), ==, *last_seen + 1);
  *last_seen = portolan_runner_get_n_finished (runner);
  for (PortolanState s = PORTOLAN_STATE_VERIFIED; s < PORTOLAN_N_STATES; s++)
    total += portolan_runner_get_count (runner, s);
  g_assert_cmpuint (total, ==, *last_seen + 1);  /* and the skipped one */
}

/* The counts by state follow the results against real servers: open,
 * closed and silent, and one check the plan had decided */
static void
test_counts (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(PortolanTestServer) accepting = portolan_test_tcp_server_new ("127.0.0.1", PORTOLAN_TEST_TCP_ACCEPT_CLOSE, NULL);
  g_autoptr(PortolanTestServer) silent = portolan_test_udp_server_new ("127.0.0.1", PORTOLAN_TEST_UDP_SILENT, NULL);
  g_autoptr(PortolanTestServer) gone = portolan_test_tcp_server_new ("127.0.0.1", PORTOLAN_TEST_TCP_ACCEPT_CLOSE, NULL);
  guint16 closed_port = portolan_test_server_get_port (gone);
  g_autoptr(PortolanRunner) runner = NULL;
  PortolanCheck *decided;
  guint n_finished_seen = 0, running_notifies = 0, closed_notifies = 0, value;
  gboolean running;

  g_clear_pointer (&gone, portolan_test_server_free);
  f->context = portolan_probe_context_new (300);
  add_checks (f, 20, portolan_test_server_get_port (accepting), PORTOLAN_PROTOCOL_TCP, PORTOLAN_PROBE_TCP);
  add_checks (f, 10, closed_port, PORTOLAN_PROTOCOL_TCP, PORTOLAN_PROBE_TCP);
  add_checks (f, 5, portolan_test_server_get_port (silent), PORTOLAN_PROTOCOL_UDP, PORTOLAN_PROBE_UDP);
  add_checks (f, 1, 0, PORTOLAN_PROTOCOL_TCP, PORTOLAN_PROBE_NONE);
  decided = g_ptr_array_index (f->checks, f->checks->len - 1);
  portolan_check_set_result (decided, PORTOLAN_STATE_SKIPPED, NULL, -1, "no host", NULL);

  runner = portolan_runner_new (f->checks, f->context, 8);
  g_assert_cmpuint (portolan_runner_get_count (runner, PORTOLAN_STATE_PENDING), ==, 35);
  g_assert_cmpuint (portolan_runner_get_count (runner, PORTOLAN_STATE_SKIPPED), ==, 1);
  g_signal_connect (runner, "notify::n-finished", G_CALLBACK (n_finished_changed_cb), &n_finished_seen);
  g_signal_connect (runner, "notify::running", G_CALLBACK (count_notify_cb), &running_notifies);
  g_signal_connect (runner, "notify::n-closed", G_CALLBACK (count_notify_cb), &closed_notifies);
  g_signal_connect (runner, "finished", G_CALLBACK (finished_cb), f);

  portolan_runner_start (runner);
  g_object_get (runner, "running", &running, NULL);
  g_assert_true (running);
  g_assert_cmpuint (running_notifies, ==, 1);
  wait_finished (f);

  g_object_get (runner, "running", &running, "n-finished", &value, NULL);
  g_assert_false (running);
  g_assert_cmpuint (running_notifies, ==, 2);
  g_assert_cmpuint (value, ==, 35);
  g_assert_cmpuint (n_finished_seen, ==, 35);
  for (PortolanState s = 0; s < PORTOLAN_N_STATES; s++)
    {
      g_autofree char *name = g_strdup_printf ("n-%s", portolan_state_to_string (s));

      g_object_get (runner, name, &value, NULL);
      g_assert_cmpuint (value, ==, count_state (f, s));
      g_assert_cmpuint (portolan_runner_get_count (runner, s), ==, count_state (f, s));
    }
  g_assert_cmpuint (portolan_runner_get_count (runner, PORTOLAN_STATE_OPEN), ==, 20);
  g_assert_cmpuint (portolan_runner_get_count (runner, PORTOLAN_STATE_CLOSED), ==, 10);
  g_assert_cmpuint (closed_notifies, ==, 10);
  g_assert_cmpuint (portolan_runner_get_count (runner, PORTOLAN_STATE_PENDING), ==, 0);
}

/* Stop counts the checks it cancels, those in flight and those waiting */
static void
test_counts_stop (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(PortolanTestServer) silent = portolan_test_tcp_server_new ("127.0.0.1", PORTOLAN_TEST_TCP_ACCEPT_SILENT, NULL);
  g_autoptr(PortolanRunner) runner = NULL;

  f->context = portolan_probe_context_new (30000);
  add_checks (f, 40, portolan_test_server_get_port (silent), PORTOLAN_PROTOCOL_TCP, PORTOLAN_PROBE_TLS);
  runner = start_runner (f, 10);
  g_assert_true (portolan_test_server_wait_accepted (silent, 10, portolan_test_scale_ms (10000)));
  g_idle_add (stop_cb, runner);
  wait_finished (f);

  g_assert_cmpuint (portolan_runner_get_count (runner, PORTOLAN_STATE_CANCELLED), ==, 40);
  g_assert_cmpuint (portolan_runner_get_count (runner, PORTOLAN_STATE_PENDING), ==, 0);
  g_assert_cmpuint (portolan_runner_get_n_finished (runner), ==, 40);
}

static void
test_empty (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(PortolanRunner) runner = NULL;

  f->context = portolan_probe_context_new (1000);
  runner = start_runner (f, 10);

  g_assert_true (f->finished);
  g_assert_cmpuint (portolan_runner_get_n_probes (runner), ==, 0);
}

/* G_MESSAGES_DEBUG=Portolan-Run tells each check's start and end */
static void
test_debug_log (Fixture       *f,
                gconstpointer  data)
{
  if (g_test_subprocess ())
    {
      g_autoptr(PortolanTestServer) silent = portolan_test_udp_server_new ("127.0.0.1", PORTOLAN_TEST_UDP_SILENT, NULL);
      g_autoptr(PortolanRunner) runner = NULL;

      g_setenv ("G_MESSAGES_DEBUG", "Portolan-Run", TRUE);
      f->context = portolan_probe_context_new (100);
      add_checks (f, 1, portolan_test_server_get_port (silent), PORTOLAN_PROTOCOL_UDP, PORTOLAN_PROBE_UDP);
      runner = start_runner (f, 10);
      wait_finished (f);
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  /* GLib prints debug messages on stdout, and the arrow as "?" in the C locale */
  g_test_trap_assert_stdout ("*Portolan-Run-DEBUG*Starting ums-server * icg *udp on 127.0.0.1\n"
                             "*Portolan-Run-DEBUG*Finished ums-server * icg *udp on 127.0.0.1: unverified, *");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/runner/parallel", Fixture, NULL, fixture_setup, test_parallel, fixture_teardown);
  g_test_add ("/runner/concurrency-limit", Fixture, NULL, fixture_setup, test_concurrency_limit, fixture_teardown);
  g_test_add ("/runner/stop", Fixture, NULL, fixture_setup, test_stop, fixture_teardown);
  g_test_add ("/runner/empty", Fixture, NULL, fixture_setup, test_empty, fixture_teardown);
  g_test_add ("/runner/counts", Fixture, NULL, fixture_setup, test_counts, fixture_teardown);
  g_test_add ("/runner/counts-stop", Fixture, NULL, fixture_setup, test_counts_stop, fixture_teardown);
  g_test_add ("/runner/debug-log", Fixture, NULL, fixture_setup, test_debug_log, fixture_teardown);

  return g_test_run ();
}
