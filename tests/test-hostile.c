/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-hostile.c: every probe against servers that misbehave, and under load
 *
 * Whatever answers, a check must end on time, in bounded memory, in a
 * state that tells the truth, and in the same state every time. Each row
 * of the table runs a probe against one hostile server twenty times: once
 * alone, then nineteen at once. The first run goes alone so that a probe
 * which swallows gigabytes does it once, not twenty times; when it fails,
 * the other nineteen are left out, since they would only repeat it.
 *
 * Failures are recorded with g_test_fail_printf() rather than asserted,
 * so that one run reports every way a row is wrong: state, detail, time
 * and memory, in one line.
 */
#include "config.h"

#include <malloc.h>
#include <signal.h>
#include <stdio.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <glib-unix.h>

#include "portolan-core.h"
#include "portolan-test-certs.h"
#include "portolan-test-hostile.h"
#include "portolan-test-nginx.h"
#include "portolan-test-servers.h"
#include "portolan-test-time.h"

#define TIMEOUT_MS       1000
#define SLACK_MS         100
#define RSS_LIMIT_KB     (60 * 1024)
#define REPETITIONS      20
#define GIVE_UP_S        15     /* a probe still running by then is cancelled */
#define CHAIN_LENGTH     200

#define LOAD_CHECKS      1000
#define LOAD_TIMEOUT_MS  3000
#define LOAD_SERVERS     4
#define LOAD_GIVE_UP_S   30     /* ten times the timeout */

/* The certificate a hostile server shows, if it speaks TLS */
typedef enum
{
  PLAIN,
  TLS,     /* the valid certificate of the test CA */
  CHAIN,   /* the same, with 199 more certificates in its chain */
} Server;

typedef struct
{
  PortolanTestHostile  behaviour;
  Server               server;
  PortolanProbeKind    probe;
  PortolanState        state;
  const char          *keyword;   /* in the detail, ignoring case; NULL: not checked */
} HostileCase;

#define ROW(behaviour, server, probe, state, keyword) \
  { PORTOLAN_TEST_HOSTILE_##behaviour, server, PORTOLAN_PROBE_##probe, PORTOLAN_STATE_##state, keyword }

/* What the "wanted" column asks. The rules behind it: once TCP
 * connected the host was reached, so nothing is "unreachable"; silence
 * after connecting is a warning, not "filtered"; going over a limit is a
 * warning that names what was too large; the same server gives the same
 * state every time.
 *
 * Left out, as they cannot apply: UDP behaviours against TCP probes and
 * stream ones against UDP; the plain HTTP behaviours against the TLS,
 * UMS status and cloud probes, which all speak TLS first, so that an HTTP
 * server waiting for a request is to them the accept-hang row. */
static const HostileCase cases[] = {
  /* A TCP check only connects: whatever the server does next is open */
  ROW (ACCEPT_HANG, PLAIN, TCP, OPEN, NULL),
  ROW (ACCEPT_RESET, PLAIN, TCP, OPEN, NULL),
  ROW (ACCEPT_RESET, TLS, TCP, OPEN, NULL),
  ROW (DRIP, PLAIN, TCP, OPEN, NULL),
  ROW (RANDOM_BYTES, PLAIN, TCP, OPEN, NULL),
  ROW (TLS_STALL, PLAIN, TCP, OPEN, NULL),
  ROW (FROZEN, PLAIN, TCP, OPEN, NULL),
  ROW (LDAP, TLS, TCP, OPEN, NULL),
  ROW (BODY_100MB, TLS, TCP, OPEN, NULL),
  ROW (REDIRECT_LOOP, TLS, TCP, OPEN, NULL),
  ROW (STATUS_OK, CHAIN, TCP, OPEN, NULL),

  /* Accepts, never says a word: inconclusive, as a firewall that
   * accepts every connection looks */
  ROW (ACCEPT_HANG, PLAIN, TLS, OPEN, "no TLS answer: a firewall or proxy"),
  ROW (ACCEPT_HANG, PLAIN, UMS_STATUS, OPEN, "no TLS answer: a firewall or proxy"),
  ROW (ACCEPT_HANG, PLAIN, HTTPS, OPEN, "no TLS answer: a firewall or proxy"),
  ROW (ACCEPT_HANG, TLS, TLS, VERIFIED, "handshake"),
  ROW (ACCEPT_HANG, TLS, UMS_STATUS, WARNING, "within"),
  ROW (ACCEPT_HANG, TLS, HTTPS, WARNING, "within"),

  /* TCP connects, then the server process is frozen */
  ROW (FROZEN, PLAIN, TLS, OPEN, "no TLS answer"),
  ROW (FROZEN, PLAIN, UMS_STATUS, OPEN, "no TLS answer"),
  ROW (FROZEN, PLAIN, HTTPS, OPEN, "no TLS answer"),

  /* RST right after accept, or right after the TLS handshake */
  ROW (ACCEPT_RESET, PLAIN, TLS, WARNING, "reset"),
  ROW (ACCEPT_RESET, PLAIN, UMS_STATUS, WARNING, "reset"),
  ROW (ACCEPT_RESET, PLAIN, HTTPS, WARNING, "reset"),
  ROW (ACCEPT_RESET, TLS, TLS, VERIFIED, "handshake"),
  ROW (ACCEPT_RESET, TLS, UMS_STATUS, WARNING, "reset"),
  ROW (ACCEPT_RESET, TLS, HTTPS, WARNING, "reset"),

  /* One byte a second: the server spoke, so either the handshake stalls
   * at the deadline or, with a stretched time, five bytes are no TLS */
  ROW (DRIP, PLAIN, TLS, WARNING, "TLS"),
  ROW (DRIP, PLAIN, UMS_STATUS, WARNING, "TLS"),
  ROW (DRIP, PLAIN, HTTPS, WARNING, "TLS"),
  ROW (DRIP, TLS, TLS, VERIFIED, "handshake"),
  ROW (DRIP, TLS, UMS_STATUS, WARNING, "within"),
  ROW (DRIP, TLS, HTTPS, WARNING, "within"),

  /* Noise instead of TLS, or inside it */
  ROW (RANDOM_BYTES, PLAIN, TLS, WARNING, "TLS"),
  ROW (RANDOM_BYTES, PLAIN, UMS_STATUS, WARNING, "TLS"),
  ROW (RANDOM_BYTES, PLAIN, HTTPS, WARNING, "TLS"),
  ROW (RANDOM_BYTES, TLS, TLS, VERIFIED, "handshake"),
  ROW (RANDOM_BYTES, TLS, UMS_STATUS, WARNING, "other than HTTP"),
  ROW (RANDOM_BYTES, TLS, HTTPS, WARNING, "other than HTTP"),

  /* Half a ServerHello, then silence */
  ROW (TLS_STALL, PLAIN, TLS, WARNING, "handshake stalled"),
  ROW (TLS_STALL, PLAIN, UMS_STATUS, WARNING, "handshake stalled"),
  ROW (TLS_STALL, PLAIN, HTTPS, WARNING, "handshake stalled"),

  /* LDAPS where HTTPS was expected */
  ROW (LDAP, TLS, TLS, VERIFIED, "handshake"),
  ROW (LDAP, TLS, UMS_STATUS, WARNING, "other than HTTP"),
  ROW (LDAP, TLS, HTTPS, WARNING, "other than HTTP"),

  /* Bodies over the 1 MiB limit */
  ROW (BODY_ENDLESS, TLS, UMS_STATUS, WARNING, "larger"),
  ROW (BODY_ENDLESS, TLS, HTTPS, WARNING, "larger"),
  ROW (BODY_100MB, TLS, UMS_STATUS, WARNING, "larger"),
  ROW (BODY_100MB, TLS, HTTPS, WARNING, "larger"),
  ROW (BODY_CHUNKED_ENDLESS, TLS, UMS_STATUS, WARNING, "larger"),
  ROW (BODY_CHUNKED_ENDLESS, TLS, HTTPS, WARNING, "larger"),

  /* Headers over the 64 KiB limit */
  ROW (HEADERS_ENDLESS, TLS, UMS_STATUS, WARNING, "header"),
  ROW (HEADERS_ENDLESS, TLS, HTTPS, WARNING, "header"),
  ROW (HEADERS_TOO_MANY, TLS, UMS_STATUS, WARNING, "header"),
  ROW (HEADERS_TOO_MANY, TLS, HTTPS, WARNING, "header"),

  /* Informational answers that never become an answer */
  ROW (CONTINUE_FOREVER, TLS, UMS_STATUS, WARNING, NULL),
  ROW (CONTINUE_FOREVER, TLS, HTTPS, WARNING, NULL),

  /* Redirects */
  ROW (REDIRECT_LOOP, TLS, UMS_STATUS, WARNING, "redirect"),
  ROW (REDIRECT_LOOP, TLS, HTTPS, WARNING, "loop"),
  ROW (REDIRECT_GROWING, TLS, UMS_STATUS, WARNING, "redirect"),
  ROW (REDIRECT_GROWING, TLS, HTTPS, WARNING, "redirect"),

  /* serverstatus answers that are not a UMS Server's; to a cloud check
   * any HTTP answer under the limits shows the service is reachable */
  ROW (STATUS_INVALID_JSON, TLS, UMS_STATUS, WARNING, "JSON"),
  ROW (STATUS_INVALID_JSON, TLS, HTTPS, VERIFIED, "HTTP 200"),
  ROW (STATUS_DEEP_JSON, TLS, UMS_STATUS, WARNING, "nest"),
  ROW (STATUS_DEEP_JSON, TLS, HTTPS, VERIFIED, "HTTP 200"),
  ROW (STATUS_WRONG_TYPES, TLS, UMS_STATUS, WARNING, "rmGuiServerVersion"),
  ROW (STATUS_WRONG_TYPES, TLS, HTTPS, VERIFIED, "HTTP 200"),

  /* A healthy UMS Server behind a 200-certificate chain */
  ROW (STATUS_OK, CHAIN, TLS, WARNING, "chain"),
  ROW (STATUS_OK, CHAIN, UMS_STATUS, WARNING, "chain"),
  ROW (STATUS_OK, CHAIN, HTTPS, WARNING, "chain"),

  /* Datagrams */
  ROW (UDP_64K, PLAIN, UDP, OPEN, "65507 bytes"),
  ROW (UDP_FLOOD, PLAIN, UDP, OPEN, "answered"),
};

static const struct
{
  PortolanProbeKind  probe;
  const char        *name;
  const char        *link_id;
  PortolanProtocol   protocol;
} probes[] = {
  { PORTOLAN_PROBE_TCP, "tcp", "os11-device-communication", PORTOLAN_PROTOCOL_TCP },
  { PORTOLAN_PROBE_TLS, "tls", "icg-server", PORTOLAN_PROTOCOL_TCP },
  { PORTOLAN_PROBE_UMS_STATUS, "ums-status", "console-server", PORTOLAN_PROTOCOL_TCP },
  /* A cloud role's link, as the UMS Server asks it, with no proxy */
  { PORTOLAN_PROBE_HTTPS, "https", "app-portal", PORTOLAN_PROTOCOL_TCP },
  { PORTOLAN_PROBE_UDP, "udp", "ha-6155-balancer-to-server", PORTOLAN_PROTOCOL_UDP },
};

static PortolanCatalogue *catalogue;
static PortolanTestCerts *certs;
static GTlsCertificate *long_chain;

/* --- Checks --- */

static guint
probe_index (PortolanProbeKind probe)
{
  for (guint i = 0; i < G_N_ELEMENTS (probes); i++)
    if (probes[i].probe == probe)
      return i;

  g_assert_not_reached ();
}

static PortolanCheck *
make_check (PortolanProbeKind probe,
            guint16           port)
{
  guint i = probe_index (probe);
  PortolanLink *link = portolan_catalogue_lookup_link (catalogue, probes[i].link_id);

  g_assert_nonnull (link);
  /* An address as the host: nothing here waits for a resolver */
  return portolan_check_new (link, portolan_link_get_initiators (link)[0],
                             portolan_link_get_listeners (link)[0],
                             "127.0.0.1", port, probes[i].protocol, probe);
}

static PortolanProbeContext *
make_context (guint timeout_ms)
{
  PortolanProbeContext *context = portolan_probe_context_new (timeout_ms);

  portolan_probe_context_set_tls_database (context, certs->ca_database);
  portolan_probe_context_set_proxy (context, PORTOLAN_PROXY_NONE, NULL);
  return context;
}

static const char *
detail_of (PortolanCheck *check)
{
  const char *detail = portolan_check_get_detail (check);

  return detail != NULL ? detail : "";
}

static gboolean
contains_ignoring_case (const char *text,
                        const char *word)
{
  g_autofree char *folded_text = g_utf8_casefold (text, -1);
  g_autofree char *folded_word = g_utf8_casefold (word, -1);

  return strstr (folded_text, folded_word) != NULL;
}

/* --- Memory --- */

/* AddressSanitizer keeps freed memory in quarantine and shadows all of
 * it: resident sizes then say nothing about Portolan's own, so the
 * memory limit is proved by the normal build only */
static gboolean
sanitized (void)
{
#if defined(__SANITIZE_ADDRESS__)
  return TRUE;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
  return TRUE;
#endif
#endif
  return FALSE;
}

/* The peak resident size since reset_peak_rss(), in KiB */
static guint64
read_peak_rss_kb (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL) ||
      (line = strstr (status, "VmHWM:")) == NULL)
    g_error ("cannot read VmHWM from /proc/self/status");

  return g_ascii_strtoull (line + strlen ("VmHWM:"), NULL, 10);
}

/* Gives back what earlier rows freed, then starts the peak afresh
 * (writing 5 to clear_refs resets VmHWM, Linux 4.0 and later) */
static void
reset_peak_rss (void)
{
  FILE *clear_refs;

  malloc_trim (0);
  clear_refs = fopen ("/proc/self/clear_refs", "w");
  if (clear_refs == NULL || fputs ("5", clear_refs) < 0 || fclose (clear_refs) != 0)
    g_error ("cannot reset VmHWM through /proc/self/clear_refs");
}

/* --- Running probes --- */

typedef struct
{
  PortolanCheck *check;
  gint64         started_us;
  double         elapsed_ms;
  gboolean       done;
} Run;

static void
run_done_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Run *run = user_data;

  portolan_probe_finish (result);
  run->elapsed_ms = (g_get_monotonic_time () - run->started_us) / 1000.0;
  run->done = TRUE;
}

static gboolean
wake_cb (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

/* Starts @n probes at once and iterates until all are done. One still
 * running after GIVE_UP_S is cancelled, and that is a failure. */
static void
run_at_once (PortolanProbeContext *context,
             Run                  *runs,
             guint                 n)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  gint64 give_up = g_get_monotonic_time () + portolan_test_scale_us (GIVE_UP_S * G_TIME_SPAN_SECOND);
  guint wake = g_timeout_add (100, wake_cb, NULL);
  guint done = 0;

  for (guint i = 0; i < n; i++)
    {
      runs[i].started_us = g_get_monotonic_time ();
      portolan_probe_async (runs[i].check, context, cancellable, run_done_cb, &runs[i]);
    }

  while (done < n)
    {
      if (g_get_monotonic_time () > give_up && !g_cancellable_is_cancelled (cancellable))
        {
          g_test_fail_printf ("%u of %u probes were still running after %u s, and were cancelled",
                              n - done, n, GIVE_UP_S);
          g_cancellable_cancel (cancellable);
        }
      g_main_context_iteration (NULL, TRUE);

      done = 0;
      for (guint i = 0; i < n; i++)
        done += runs[i].done;
    }

  g_source_remove (wake);
}

/* --- The hostile matrix --- */

static char *
case_name (const HostileCase *hostile)
{
  static const char *suffixes[] = { "", "-tls", "-chain" };

  return g_strdup_printf ("%s%s/%s", portolan_test_hostile_to_string (hostile->behaviour),
                          suffixes[hostile->server], probes[probe_index (hostile->probe)].name);
}

/* Checks one run against the row; records a failure for each thing
 * wrong, with everything the lead needs to see in one line */
static gboolean
check_run (const HostileCase *hostile,
           guint              index,
           const Run         *run,
           PortolanState      first_state,
           guint64            peak_kb)
{
  g_autofree char *name = case_name (hostile);
  PortolanState state = portolan_check_get_state (run->check);
  const char *detail = detail_of (run->check);
  g_autoptr(GString) wrong = g_string_new (NULL);

  if (state != hostile->state)
    g_string_append_printf (wrong, " state, wanted %s;", portolan_state_to_string (hostile->state));
  if (state == PORTOLAN_STATE_UNREACHABLE && hostile->probe != PORTOLAN_PROBE_UDP)
    g_string_append (wrong, " unreachable although TCP connected;");
  if (hostile->keyword != NULL && !contains_ignoring_case (detail, hostile->keyword))
    g_string_append_printf (wrong, " detail lacks '%s';", hostile->keyword);
  if (run->elapsed_ms > portolan_test_scale_ms (TIMEOUT_MS + SLACK_MS))
    g_string_append_printf (wrong, " took longer than %u ms;", portolan_test_scale_ms (TIMEOUT_MS + SLACK_MS));
  if (peak_kb > RSS_LIMIT_KB && !sanitized ())
    g_string_append_printf (wrong, " RSS over %u MB;", RSS_LIMIT_KB / 1024);
  if (index > 0 && state != first_state)
    g_string_append_printf (wrong, " not the state of run 1 (%s);", portolan_state_to_string (first_state));

  if (wrong->len == 0)
    return TRUE;

  g_test_fail_printf ("HOSTILE %s run %u: %s, '%s', %.0f ms, peak RSS %" G_GUINT64_FORMAT " KB --%s",
                      name, index + 1, portolan_state_to_string (state), detail,
                      run->elapsed_ms, peak_kb, wrong->str);
  return FALSE;
}

static GTlsCertificate *
certificate_for (Server server)
{
  g_autoptr(GError) error = NULL;

  switch (server)
    {
    case PLAIN:
      return NULL;
    case TLS:
      return certs->valid;
    case CHAIN:
      /* Made on first use: 199 openssl runs take a second or two */
      if (long_chain == NULL)
        long_chain = portolan_test_hostile_chain_new (certs->valid_path, CHAIN_LENGTH, &error);
      g_assert_no_error (error);
      return long_chain;
    default:
      g_assert_not_reached ();
    }
}

static void
test_hostile (gconstpointer data)
{
  const HostileCase *hostile = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(PortolanTestHostileServer) server = NULL;
  g_autoptr(PortolanProbeContext) context = make_context (portolan_test_scale_ms (TIMEOUT_MS));
  Run runs[REPETITIONS] = { 0, };
  PortolanState first;
  guint64 peak_kb;
  gboolean first_ok;

  server = portolan_test_hostile_server_new (hostile->behaviour, certificate_for (hostile->server), &error);
  g_assert_no_error (error);

  for (guint i = 0; i < REPETITIONS; i++)
    runs[i].check = make_check (hostile->probe, portolan_test_hostile_server_get_port (server));

  reset_peak_rss ();
  run_at_once (context, runs, 1);
  peak_kb = read_peak_rss_kb ();
  first = portolan_check_get_state (runs[0].check);
  g_test_message ("run 1: %s, '%s', %.0f ms, peak RSS %" G_GUINT64_FORMAT " KB",
                  portolan_state_to_string (first), detail_of (runs[0].check), runs[0].elapsed_ms, peak_kb);
  first_ok = check_run (hostile, 0, &runs[0], first, peak_kb);

  if (first_ok)
    {
      double slowest = 0;

      run_at_once (context, runs + 1, REPETITIONS - 1);
      peak_kb = read_peak_rss_kb ();
      for (guint i = 1; i < REPETITIONS; i++)
        {
          check_run (hostile, i, &runs[i], first, peak_kb);
          slowest = MAX (slowest, runs[i].elapsed_ms);
        }
      g_test_message ("runs 2-%u at once: slowest %.0f ms, peak RSS %" G_GUINT64_FORMAT " KB",
                      REPETITIONS, slowest, peak_kb);
    }
  else
    g_test_message ("runs 2-%u left out: run 1 failed", REPETITIONS);

  /* Stops the server's threads before the checks go */
  g_clear_pointer (&server, portolan_test_hostile_server_free);
  for (guint i = 0; i < REPETITIONS; i++)
    g_clear_object (&runs[i].check);
}

/* --- Load --- */

typedef struct
{
  gboolean finished;
} LoadState;

static void
load_finished_cb (PortolanRunner *runner,
                  LoadState      *load)
{
  load->finished = TRUE;
}

/* How the checks ended, most common first: "verified: TLS handshake…" */
static char *
describe_outcomes (GPtrArray *checks)
{
  g_autoptr(GHashTable) counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GList) keys = NULL;
  guint shown = 0;

  for (guint i = 0; i < checks->len; i++)
    {
      PortolanCheck *check = g_ptr_array_index (checks, i);
      char *key = g_strdup_printf ("%s: %s", portolan_state_to_string (portolan_check_get_state (check)),
                                   detail_of (check));

      g_hash_table_insert (counts, key, GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (counts, key)) + 1));
    }

  keys = g_hash_table_get_keys (counts);
  for (GList *l = keys; l != NULL && shown < 6; l = l->next, shown++)
    g_string_append_printf (text, "%s%u x '%s'", shown > 0 ? "; " : "",
                            GPOINTER_TO_UINT (g_hash_table_lookup (counts, l->data)), (char *) l->data);
  if (g_hash_table_size (counts) > shown)
    g_string_append_printf (text, "; and %u more kinds", g_hash_table_size (counts) - shown);

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* What PORTOLAN_TEST_HOSTILE_STATUS_OK answers: a healthy serverstatus */
#define LOAD_STATUS_JSON \
  "{\"rmGuiServerVersion\": \"" PORTOLAN_TEST_UMS_VERSION "\", " \
  "\"buildNumber\": \"" PORTOLAN_TEST_UMS_BUILD_NUMBER "\", " \
  "\"serverUUID\": \"" PORTOLAN_TEST_UMS_SERVER_UUID "\", " \
  "\"server\": \"" PORTOLAN_TEST_UMS_SERVER_NAME "\", \"links\": []}"

/* The load servers are LOAD_SERVERS ports of one nginx, a real server,
 * and not servers of our own: glib-networking 2.74 runs every TLS
 * handshake, server side too, through GLib's one shared task pool, so a
 * GLib server in the test would be the bottleneck, and what the test
 * measured. nginx is not. */
static PortolanTestNginx *
start_load_servers (GError **error)
{
  g_autofree char *stem = g_strndup (certs->valid_path, strlen (certs->valid_path) - strlen (".pem"));
  g_autofree char *key_path = g_strconcat (stem, ".key", NULL);

  return portolan_test_nginx_new (certs->valid_path, key_path, LOAD_SERVERS, LOAD_STATUS_JSON, error);
}

/* 1,000 checks at once against healthy servers, all verified, and no
 * IP literal "did not resolve" */
static void
test_load (gconstpointer data)
{
  PortolanProbeKind probe = GPOINTER_TO_INT (data);
  const char *name = probes[probe_index (probe)].name;
  /* A sanitizer build spends several times the CPU on each handshake;
   * the normal build holds the real limit */
  guint timeout_ms = portolan_test_scale_ms (LOAD_TIMEOUT_MS);
  g_autoptr(PortolanProbeContext) context = make_context (timeout_ms);
  g_autoptr(GPtrArray) checks = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(PortolanRunner) runner = NULL;
  g_autoptr(PortolanTestNginx) servers = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *outcomes = NULL;
  LoadState load = { FALSE };
  gint64 give_up;
  guint wake;
  guint verified = 0;
  guint unresolved = 0;

  /* Each check holds up to two sockets at once */
  g_assert_cmpuint (portolan_raise_fd_limit (LOAD_CHECKS), ==, LOAD_CHECKS);

  servers = start_load_servers (&error);
  if (portolan_test_nginx_skip_if_missing (error))
    return;
  g_assert_no_error (error);
  for (guint i = 0; i < LOAD_CHECKS; i++)
    g_ptr_array_add (checks, make_check (probe, portolan_test_nginx_get_port (servers, i % LOAD_SERVERS)));

  runner = portolan_runner_new (checks, context, LOAD_CHECKS);
  g_assert_cmpuint (portolan_runner_get_concurrency (runner), ==, LOAD_CHECKS);
  g_signal_connect (runner, "finished", G_CALLBACK (load_finished_cb), &load);
  portolan_runner_start (runner);

  wake = g_timeout_add (100, wake_cb, NULL);
  give_up = g_get_monotonic_time () + portolan_test_scale_us (LOAD_GIVE_UP_S * G_TIME_SPAN_SECOND);
  while (!load.finished && g_get_monotonic_time () < give_up)
    g_main_context_iteration (NULL, TRUE);
  if (!load.finished)
    {
      g_test_fail_printf ("LOAD %s: after %u s only %u of %u checks had finished; stopped",
                          name, portolan_test_scale_ms (LOAD_GIVE_UP_S), portolan_runner_get_n_finished (runner),
                          LOAD_CHECKS);
      portolan_runner_stop (runner);
      give_up = g_get_monotonic_time () + 10 * G_TIME_SPAN_SECOND;
      while (!load.finished && g_get_monotonic_time () < give_up)
        g_main_context_iteration (NULL, TRUE);
      if (!load.finished)
        g_error ("LOAD %s: the runner did not stop within 10 s", name);
    }
  g_source_remove (wake);

  for (guint i = 0; i < checks->len; i++)
    {
      PortolanCheck *check = g_ptr_array_index (checks, i);

      verified += portolan_check_get_state (check) == PORTOLAN_STATE_VERIFIED;
      /* An IP literal never waits for, nor fails, a lookup */
      unresolved += strstr (detail_of (check), "did not resolve") != NULL ||
                    strstr (detail_of (check), "does not resolve") != NULL;
    }

  outcomes = describe_outcomes (checks);
  g_test_message ("%u %s checks at once, %u ms each: %u verified in %.0f ms; %s",
                  LOAD_CHECKS, name, timeout_ms, verified,
                  portolan_runner_get_duration_ms (runner), outcomes);
  if (verified != LOAD_CHECKS)
    g_test_fail_printf ("LOAD %s: %u of %u verified in %.0f ms; %s", name, verified, LOAD_CHECKS,
                        portolan_runner_get_duration_ms (runner), outcomes);
  if (unresolved > 0)
    g_test_fail_printf ("LOAD %s: %u checks of an IP literal say it did not resolve", name, unresolved);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char **args = g_new0 (char *, argc + 2);
  int n_args = 0;
  int status;

  /* --keep-going: one run names every row that is wrong, not the first */
  args[n_args++] = argv[0];
  args[n_args++] = (char *) "--keep-going";
  for (int i = 1; i < argc; i++)
    args[n_args++] = argv[i];
  argv = args;
  argc = n_args;

  g_test_init (&argc, &argv, NULL);

  certs = portolan_test_certs_new (&error);
  g_assert_no_error (error);
  catalogue = portolan_catalogue_new_builtin (&error);
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *name = case_name (&cases[i]);
      g_autofree char *path = g_strconcat ("/hostile/", name, NULL);

      g_test_add_data_func (path, &cases[i], test_hostile);
    }
  g_test_add_data_func ("/hostile/load/tls", GINT_TO_POINTER (PORTOLAN_PROBE_TLS), test_load);
  g_test_add_data_func ("/hostile/load/ums-status", GINT_TO_POINTER (PORTOLAN_PROBE_UMS_STATUS), test_load);

  status = g_test_run ();

  g_clear_object (&long_chain);
  g_clear_object (&catalogue);
  portolan_test_certs_free (certs);
  return status;
}
