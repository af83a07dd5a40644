/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-probe.c: each probe against real servers on loopback */
#define _GNU_SOURCE  /* unshare () */
#include "config.h"

#include <sched.h>
#include <sys/mount.h>
#include <stdlib.h>
#include <unistd.h>

#include "portolan-core.h"
#include "portolan-test-certs.h"
#include "portolan-test-servers.h"
#include "portolan-test-time.h"

#define TIMEOUT_MS 1500

typedef struct
{
  PortolanCatalogue    *catalogue;
  PortolanProbeContext *context;
  PortolanTestCerts    *certs;
} Fixture;

static PortolanTestCerts *shared_certs;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->catalogue = portolan_catalogue_new_builtin (NULL);
  f->context = portolan_probe_context_new (portolan_test_scale_ms (TIMEOUT_MS));
  f->certs = shared_certs;
  portolan_probe_context_set_tls_database (f->context, f->certs->ca_database);
  portolan_probe_context_set_proxy (f->context, PORTOLAN_PROXY_NONE, NULL);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_pointer (&f->context, portolan_probe_context_unref);
  g_clear_object (&f->catalogue);
}

static PortolanCheck *
make_check (Fixture           *f,
            const char        *link_id,
            const char        *host,
            guint16            port,
            PortolanProtocol   protocol,
            PortolanProbeKind  probe)
{
  PortolanLink *link = portolan_catalogue_lookup_link (f->catalogue, link_id);

  g_assert_nonnull (link);
  return portolan_check_new (link, portolan_link_get_initiators (link)[0],
                             portolan_link_get_listeners (link)[0],
                             host, port, protocol, probe);
}

static void
probe_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  gboolean *done = user_data;

  portolan_probe_finish (result);
  *done = TRUE;
}

static void
run_probe (Fixture       *f,
           PortolanCheck *check)
{
  gboolean done = FALSE;

  portolan_probe_async (check, f->context, NULL, probe_done_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);

  g_test_message ("%s %s: %s", portolan_state_to_string (portolan_check_get_state (check)),
                  portolan_check_get_address (check) ? portolan_check_get_address (check) : "-",
                  portolan_check_get_detail (check));
}

static void
assert_detail_contains (PortolanCheck *check,
                        const char    *text)
{
  if (strstr (portolan_check_get_detail (check), text) == NULL)
    g_error ("detail “%s” lacks “%s”", portolan_check_get_detail (check), text);
}

/* Moves this test process into network and mount namespaces of its own:
 * a fresh loopback, nftables rules nobody else sees, and a resolv.conf
 * pointing at loopback, so that nothing it does reaches another host */
static void
enter_private_network (const char *nft_rules)
{
  g_autofree char *resolv = g_build_filename (g_get_tmp_dir (), "portolan-test-resolv.conf", NULL);

  g_assert_cmpint (unshare (CLONE_NEWNET | CLONE_NEWNS), ==, 0);
  g_assert_cmpint (mount ("none", "/", NULL, MS_REC | MS_PRIVATE, NULL), ==, 0);
  g_assert_true (g_file_set_contents (resolv, "nameserver 127.0.0.1\n", -1, NULL));
  g_assert_cmpint (mount (resolv, "/etc/resolv.conf", NULL, MS_BIND, NULL), ==, 0);
  g_assert_cmpint (system ("ip link set lo up"), ==, 0);
  if (nft_rules != NULL)
    g_assert_cmpint (system (nft_rules), ==, 0);
}

/* Runs the current test again in a subprocess, which enters its private
 * network; needs root, ip and nft */
static void
run_in_private_network (void)
{
  if (getuid () != 0)
    {
      g_test_skip ("a private network namespace needs root");
      return;
    }
  g_autofree char *nft = g_find_program_in_path ("nft");
  g_autofree char *ip = g_find_program_in_path ("ip");

  if (nft == NULL || ip == NULL)
    {
      g_test_skip ("a private network namespace needs nft and ip (nftables, iproute2)");
      return;
    }

  g_test_trap_subprocess (NULL, portolan_test_scale_us (20 * G_USEC_PER_SEC), G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

static void
test_tcp_open (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(PortolanTestServer) server = portolan_test_tcp_server_new ("127.0.0.1", PORTOLAN_TEST_TCP_ACCEPT_CLOSE, NULL);
  g_autoptr(PortolanCheck) check = make_check (f, "os11-device-communication", "127.0.0.1",
                                               portolan_test_server_get_port (server),
                                               PORTOLAN_PROTOCOL_TCP, PORTOLAN_PROBE_TCP);

  run_probe (f, check);

  g_assert_cmpint (portolan_check_get_state (check), ==, PORTOLAN_STATE_OPEN);
  g_assert_cmpstr (portolan_check_get_address (check), ==, "127.0.0.1");
  g_assert_cmpfloat (portolan_check_get_latency (check), >=, 0);
  g_assert_cmpfloat (portolan_check_get_latency (check), <, portolan_test_scale_ms (TIMEOUT_MS));
  g_assert_true (portolan_test_server_wait_accepted (server, 1, portolan_test_scale_ms (TIMEOUT_MS)));
}

static void
test_tcp_closed (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(PortolanCheck) check = make_check (f, "os11-device-communication", "127.0.0.1",
                                               portolan_test_find_closed_port ("127.0.0.1"),
                                               PORTOLAN_PROTOCOL_TCP, PORTOLAN_PROBE_TCP);

  run_probe (f, check);

  g_assert_cmpint (portolan_check_get_state (check), ==, PORTOLAN_STATE_CLOSED);
  g_assert_cmpstr (portolan_check_get_address (check), ==, "127.0.0.1");
  g_assert_cmpfloat (portolan_check_get_latency (check), >=, 0);
  assert_detail_contains (check, "ECONNREFUSED");
}

static void
test_tcp_ipv6 (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(PortolanTestServer) server = NULL;
  g_autoptr(PortolanCheck) check = NULL;

  if (!portolan_test_loopback_available ("::1"))
    {
      g_test_skip ("no IPv6 loopback here");
      return;
    }

  server = portolan_test_tcp_server_new ("::1", PORTOLAN_TEST_TCP_ACCEPT_CLOSE, NULL);
  check = make_check (f, "os11-device-communication", "::1", portolan_test_server_get_port (server),
                      PORTOLAN_PROTOCOL_TCP, PORTOLAN_PROBE_TCP);
  run_probe (f, check);

  g_assert_cmpint (portolan_check_get_state (check), ==, PORTOLAN_STATE_OPEN);
  g_assert_cmpstr (portolan_check_get_address (check), ==, "::1");
}

/* A name that does not resolve. The lookup must not leave this machine,
 * so it runs in a namespace of the test's own whose resolv.conf names a
 * server on loopback where nothing listens */
static void
test_tcp_unresolvable (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(PortolanCheck) check = NULL;

  if (!g_test_subprocess ())
    {
      run_in_private_network ();
      return;
    }

  enter_private_network (NULL);
  check = make_check (f, "os11-device-communication", "no-such-host.invalid", 30001,
                      PORTOLAN_PROTOCOL_TCP, PORTOLAN_PROBE_TCP);
  run_probe (f, check);

  g_assert_cmpint (portolan_check_get_state (check), ==, PORTOLAN_STATE_UNREACHABLE);
  g_assert_null (portolan_check_get_address (check));
  g_assert_cmpfloat (portolan_check_get_latency (check), <, 0);
  assert_detail_contains (check, "does not resolve");
}

/* A name with two addresses, of which one refuses: the probe says which
 * one answered */
static void
test_tcp_several_addresses (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(PortolanTestServer) server = portolan_test_tcp_server_new ("127.0.0.1", PORTOLAN_TEST_TCP_ACCEPT_CLOSE, NULL);
  g_autolist(GInetAddress) addresses = g_resolver_lookup_by_name (g_resolver_get_default (), "localhost", NULL, NULL);
  g_autoptr(PortolanCheck) check = make_check (f, "os11-device-communication", "localhost",
                                               portolan_test_server_get_port (server),
                                               PORTOLAN_PROTOCOL_TCP, PORTOLAN_PROBE_TCP);

  run_probe (f, check);

  g_assert_cmpint (portolan_check_get_state (check), ==, PORTOLAN_STATE_OPEN);
  g_assert_cmpstr (portolan_check_get_address (check), ==, "127.0.0.1");
  if (g_list_length (addresses) > 1 && portolan_test_loopback_available ("::1"))
    {
      g_autofree char *first = g_inet_address_to_string (addresses->data);

      /* When ::1 comes first it refused, and the detail says so */
      if (g_str_equal (first, "::1"))
        assert_detail_contains (check, "::1: connection refused");
      assert_detail_contains (check, "127.0.0.1 answered");
    }
}

static void
test_tcp_silent (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(PortolanTestServer) server = portolan_test_tcp_server_new ("127.0.0.1", PORTOLAN_TEST_TCP_ACCEPT_SILENT, NULL);
  g_autoptr(PortolanCheck) plain = make_check (f, "os11-device-communication", "127.0.0.1",
                                               portolan_test_server_get_port (server),
                                               PORTOLAN_PROTOCOL_TCP, PORTOLAN_PROBE_TCP);
  g_autoptr(PortolanCheck) tls = make_check (f, "icg-server", "127.0.0.1",
                                             portolan_test_server_get_port (server),
                                             PORTOLAN_PROTOCOL_TCP, PORTOLAN_PROBE_TLS);

  /* Connecting is all a plain TCP check asks for */
  run_probe (f, plain);
  g_assert_cmpint (portolan_check_get_state (plain), ==, PORTOLAN_STATE_OPEN);

  /* A TLS port that accepts but never answers is not filtered, and not
   * proved either: open, inconclusive, with the likely cause */
  run_probe (f, tls);
  g_assert_cmpint (portolan_check_get_state (tls), ==, PORTOLAN_STATE_OPEN);
  g_assert_cmpstr (portolan_check_get_address (tls), ==, "127.0.0.1");
  g_assert_cmpfloat (portolan_check_get_latency (tls), >=, 0);
  assert_detail_contains (tls, "no TLS answer: a firewall or proxy may be accepting connections for it");
}

static void
test_udp_open (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(PortolanTestServer) server = portolan_test_udp_server_new ("127.0.0.1", PORTOLAN_TEST_UDP_ECHO, NULL);
  g_autoptr(PortolanCheck) check = make_check (f, "ha-6155-balancer-to-server", "127.0.0.1",
                                               portolan_test_server_get_port (server),
                                               PORTOLAN_PROTOCOL_UDP, PORTOLAN_PROBE_UDP);

  run_probe (f, check);

  g_assert_cmpint (portolan_check_get_state (check), ==, PORTOLAN_STATE_OPEN);
  g_assert_cmpfloat (portolan_check_get_latency (check), >=, 0);
  assert_detail_contains (check, "answered with");
}

static void
test_udp_closed (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(PortolanCheck) check = make_check (f, "ha-6155-balancer-to-server", "127.0.0.1",
                                               portolan_test_find_closed_udp_port ("127.0.0.1"),
                                               PORTOLAN_PROTOCOL_UDP, PORTOLAN_PROBE_UDP);

  run_probe (f, check);

  g_assert_cmpint (portolan_check_get_state (check), ==, PORTOLAN_STATE_CLOSED);
  assert_detail_contains (check, "ICMP port unreachable");
}

static void
test_udp_silent (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(PortolanTestServer) server = portolan_test_udp_server_new ("127.0.0.1", PORTOLAN_TEST_UDP_SILENT, NULL);
  g_autoptr(PortolanCheck) check = make_check (f, "ha-6155-balancer-to-server", "127.0.0.1",
                                               portolan_test_server_get_port (server),
                                               PORTOLAN_PROTOCOL_UDP, PORTOLAN_PROBE_UDP);

  run_probe (f, check);

  g_assert_cmpint (portolan_check_get_state (check), ==, PORTOLAN_STATE_UNVERIFIED);
  g_assert_cmpfloat (portolan_check_get_latency (check), <, 0);
  assert_detail_contains (check, "open or filtered");
  /* Sent twice, in case the first datagram was lost */
  g_assert_cmpuint (portolan_test_server_get_accepted (server), ==, 2);
}

typedef struct
{
  const char        *name;
  gsize              certificate_offset;   /* into PortolanTestCerts */
  gsize              fingerprint_offset;
  gboolean           pin;                  /* pin the certificate's own fingerprint */
  gboolean           pin_other;            /* pin a different fingerprint */
  PortolanState      state;
  const char        *detail;
} TlsCase;

static const TlsCase tls_cases[] = {
  { "valid", G_STRUCT_OFFSET (PortolanTestCerts, valid), G_STRUCT_OFFSET (PortolanTestCerts, valid_fingerprint),
    FALSE, FALSE, PORTOLAN_STATE_VERIFIED, "TLS handshake completed" },
  { "expired", G_STRUCT_OFFSET (PortolanTestCerts, expired), G_STRUCT_OFFSET (PortolanTestCerts, expired_fingerprint),
    FALSE, FALSE, PORTOLAN_STATE_WARNING, "the certificate expired on 2021-01-01" },
  { "wrong-name", G_STRUCT_OFFSET (PortolanTestCerts, wrong_name), G_STRUCT_OFFSET (PortolanTestCerts, wrong_name_fingerprint),
    FALSE, FALSE, PORTOLAN_STATE_WARNING, "not issued for this host name" },
  { "self-signed", G_STRUCT_OFFSET (PortolanTestCerts, self_signed), G_STRUCT_OFFSET (PortolanTestCerts, self_signed_fingerprint),
    FALSE, FALSE, PORTOLAN_STATE_WARNING, "does not trust" },
  { "self-signed-pinned", G_STRUCT_OFFSET (PortolanTestCerts, self_signed), G_STRUCT_OFFSET (PortolanTestCerts, self_signed_fingerprint),
    TRUE, FALSE, PORTOLAN_STATE_VERIFIED, "TLS handshake completed" },
  { "unexpected-fingerprint", G_STRUCT_OFFSET (PortolanTestCerts, valid), G_STRUCT_OFFSET (PortolanTestCerts, valid_fingerprint),
    FALSE, TRUE, PORTOLAN_STATE_WARNING, "is not the expected" },
};

static void
test_tls (Fixture       *f,
          gconstpointer  data)
{
  const TlsCase *tls_case = data;
  GTlsCertificate *certificate = G_STRUCT_MEMBER (GTlsCertificate *, f->certs, tls_case->certificate_offset);
  const char *fingerprint = G_STRUCT_MEMBER (char *, f->certs, tls_case->fingerprint_offset);
  g_autoptr(PortolanTestServer) server = portolan_test_tls_server_new ("127.0.0.1", certificate, NULL);
  g_autoptr(PortolanCheck) check = make_check (f, "icg-server", "localhost",
                                               portolan_test_server_get_port (server),
                                               PORTOLAN_PROTOCOL_TCP, PORTOLAN_PROBE_TLS);
  const PortolanTlsInfo *info;

  if (tls_case->pin)
    portolan_probe_context_set_fingerprint (f->context, "icg", fingerprint);
  if (tls_case->pin_other)
    portolan_probe_context_set_fingerprint (f->context, "icg", f->certs->ca_fingerprint);

  run_probe (f, check);

  g_assert_cmpint (portolan_check_get_state (check), ==, tls_case->state);
  assert_detail_contains (check, tls_case->detail);

  /* The certificate is reported whatever is wrong with it */
  info = portolan_check_get_tls_info (check);
  g_assert_nonnull (info);
  g_assert_cmpstr (info->sha256, ==, fingerprint);
  g_assert_nonnull (info->subject);
  g_assert_nonnull (info->issuer);
  g_assert_nonnull (info->not_after);
  if (certificate != f->certs->wrong_name)
    g_assert_true (g_strv_contains ((const char * const *) info->dns_names, "localhost"));
  if (g_str_equal (tls_case->name, "expired"))
    g_assert_true (info->errors & G_TLS_CERTIFICATE_EXPIRED);
  if (g_str_equal (tls_case->name, "valid"))
    g_assert_cmpint (info->errors, ==, 0);
}

static const char *
service_fact (PortolanCheck *check,
              const char    *key)
{
  const PortolanServiceInfo *info = portolan_check_get_service_info (check);

  g_assert_nonnull (info);
  return portolan_service_info_lookup (info, key);
}

static void
test_ums_status (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(PortolanTestServer) ums = portolan_test_https_server_new ("127.0.0.1", f->certs->valid,
                                                                      PORTOLAN_TEST_HTTP_UMS_STATUS, NULL);
  g_autoptr(PortolanTestServer) other = portolan_test_https_server_new ("127.0.0.1", f->certs->valid,
                                                                        PORTOLAN_TEST_HTTP_NOT_FOUND, NULL);
  g_autoptr(PortolanCheck) verified = make_check (f, "console-server", "localhost",
                                                  portolan_test_server_get_port (ums),
                                                  PORTOLAN_PROTOCOL_TCP, PORTOLAN_PROBE_UMS_STATUS);
  g_autoptr(PortolanCheck) not_ums = make_check (f, "console-server", "localhost",
                                                 portolan_test_server_get_port (other),
                                                 PORTOLAN_PROTOCOL_TCP, PORTOLAN_PROBE_UMS_STATUS);
  const PortolanServiceInfo *info;

  /* A UMS Server before 6.09: its serverstatus, and 404 for its health */
  run_probe (f, verified);
  g_assert_cmpint (portolan_check_get_state (verified), ==, PORTOLAN_STATE_VERIFIED);
  assert_detail_contains (verified, "UMS Server answered: version " PORTOLAN_TEST_UMS_VERSION);
  assert_detail_contains (verified, "build " PORTOLAN_TEST_UMS_BUILD_NUMBER);
  info = portolan_check_get_service_info (verified);
  g_assert_cmpstr (info->expected, ==, "ums-status");
  g_assert_cmpstr (info->answered, ==, "ums-status");
  g_assert_cmpstr (info->version, ==, PORTOLAN_TEST_UMS_VERSION);
  g_assert_cmpstr (service_fact (verified, "server_uuid"), ==, PORTOLAN_TEST_UMS_SERVER_UUID);
  g_assert_cmpstr (service_fact (verified, "activemq_version"), ==, "5.16.2");
  g_assert_cmpstr (service_fact (verified, "derby_version"), ==, "10.14.2.0");
  g_assert_null (service_fact (verified, "status"));
  /* Both asked; the second on a new connection, as this server closes
   * each after its answer */
  g_assert_cmpstr (portolan_test_server_get_last_path (ums), ==, PORTOLAN_TEST_UMS_HEALTH_PATH);
  g_assert_cmpuint (portolan_test_server_get_requests (ums), ==, 2);
  g_assert_cmpuint (portolan_test_server_get_connections (ums), ==, 2);
  g_assert_nonnull (portolan_check_get_tls_info (verified));

  run_probe (f, not_ums);
  g_assert_cmpint (portolan_check_get_state (not_ums), ==, PORTOLAN_STATE_WARNING);
  assert_detail_contains (not_ums, "HTTP 404");
  g_assert_null (portolan_check_get_service_info (not_ums));
}

/* GET /ums/check-status: the server's own word on its health */
static const struct
{
  const char    *status;
  PortolanState  state;
  const char    *detail;
} health_cases[] = {
  { "ok", PORTOLAN_STATE_VERIFIED, "status ok" },
  { "init", PORTOLAN_STATE_WARNING, "still starting" },
  { "warn", PORTOLAN_STATE_WARNING, "status “warn”" },
  { "err", PORTOLAN_STATE_WARNING, "status “err”" },
};

static void
test_ums_status_health (Fixture       *f,
                        gconstpointer  data)
{
  for (guint i = 0; i < G_N_ELEMENTS (health_cases); i++)
    {
      g_autoptr(PortolanTestServer) ums = portolan_test_https_server_new ("127.0.0.1", f->certs->valid,
                                                                          PORTOLAN_TEST_HTTP_UMS_STATUS, NULL);
      g_autoptr(PortolanCheck) check = NULL;

      portolan_test_server_set_health (ums, health_cases[i].status);
      check = make_check (f, "console-server", "localhost", portolan_test_server_get_port (ums),
                          PORTOLAN_PROTOCOL_TCP, PORTOLAN_PROBE_UMS_STATUS);
      run_probe (f, check);

      g_assert_cmpint (portolan_check_get_state (check), ==, health_cases[i].state);
      assert_detail_contains (check, health_cases[i].detail);
      assert_detail_contains (check, "version " PORTOLAN_TEST_UMS_VERSION);
      g_assert_cmpstr (service_fact (check, "status"), ==, health_cases[i].status);
      g_assert_cmpstr (portolan_test_server_get_last_path (ums), ==, PORTOLAN_TEST_UMS_HEALTH_PATH);
      /* This server closes after each answer: the health is asked on a
       * second connection (a keep-alive nginx: test-probe-service.c) */
      g_assert_cmpuint (portolan_test_server_get_requests (ums), ==, 2);
      g_assert_cmpuint (portolan_test_server_get_connections (ums), ==, 2);
    }
}

/* GET /usg/check-status: an ICG's word on itself */
static const struct
{
  const char    *status;
  PortolanState  state;
  const char    *detail;
} icg_cases[] = {
  { "ok", PORTOLAN_STATE_VERIFIED, "status ok" },
  { "init", PORTOLAN_STATE_WARNING, "the ICG reports that it is still starting" },
  { "warn", PORTOLAN_STATE_WARNING, "the ICG reports that no UMS is connected to it" },
  { "err", PORTOLAN_STATE_WARNING, "the ICG reports that it has no valid certificate" },
};

static void
test_icg_status (Fixture       *f,
                 gconstpointer  data)
{
  for (guint i = 0; i < G_N_ELEMENTS (icg_cases); i++)
    {
      g_autoptr(PortolanTestServer) icg = portolan_test_https_server_new ("127.0.0.1", f->certs->valid,
                                                                          PORTOLAN_TEST_HTTP_ICG_OK, NULL);
      g_autoptr(PortolanCheck) check = NULL;

      portolan_test_server_set_health (icg, icg_cases[i].status);
      check = make_check (f, "icg-server", "localhost", portolan_test_server_get_port (icg),
                          PORTOLAN_PROTOCOL_TCP, PORTOLAN_PROBE_SERVICE);
      run_probe (f, check);

      g_assert_cmpint (portolan_check_get_state (check), ==, icg_cases[i].state);
      assert_detail_contains (check, icg_cases[i].detail);
      g_assert_cmpstr (portolan_check_get_service_info (check)->answered, ==, "icg-status");
      g_assert_cmpstr (service_fact (check, "status"), ==, icg_cases[i].status);
    }
}

/* With "Allow SSL connections only" off, 9080 answers the same in clear */
static void
test_ums_status_clear (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(PortolanTestServer) ums = portolan_test_https_server_new ("127.0.0.1", NULL,
                                                                      PORTOLAN_TEST_HTTP_UMS_STATUS, NULL);
  g_autoptr(PortolanTestServer) tls = portolan_test_https_server_new ("127.0.0.1", f->certs->valid,
                                                                      PORTOLAN_TEST_HTTP_UMS_STATUS, NULL);
  g_autoptr(PortolanTestServer) web = portolan_test_https_server_new ("127.0.0.1", NULL,
                                                                      PORTOLAN_TEST_HTTP_PLAIN_OK, NULL);
  g_autoptr(PortolanCheck) check = NULL;
  g_autoptr(PortolanCheck) over_tls = NULL;
  g_autoptr(PortolanCheck) other = NULL;

  portolan_test_server_set_health (ums, "ok");
  check = make_check (f, "os11-file-transfer-unencrypted", "localhost", portolan_test_server_get_port (ums),
                      PORTOLAN_PROTOCOL_TCP, PORTOLAN_PROBE_UMS_STATUS);
  run_probe (f, check);
  g_assert_cmpint (portolan_check_get_state (check), ==, PORTOLAN_STATE_VERIFIED);
  assert_detail_contains (check, "UMS Server answered: version " PORTOLAN_TEST_UMS_VERSION);
  assert_detail_contains (check, "status ok");
  g_assert_null (portolan_check_get_tls_info (check));
  g_assert_cmpuint (portolan_test_server_get_requests (ums), ==, 2);

  /* A TLS server never sees HTTP in clear as a request */
  over_tls = make_check (f, "os11-file-transfer-unencrypted", "localhost", portolan_test_server_get_port (tls),
                         PORTOLAN_PROTOCOL_TCP, PORTOLAN_PROBE_UMS_STATUS);
  run_probe (f, over_tls);
  g_assert_cmpint (portolan_check_get_state (over_tls), ==, PORTOLAN_STATE_WARNING);
  g_assert_cmpuint (portolan_test_server_get_requests (tls), ==, 0);

  /* Any web server answers; only a UMS Server's JSON verifies */
  other = make_check (f, "os11-file-transfer-unencrypted", "localhost", portolan_test_server_get_port (web),
                      PORTOLAN_PROTOCOL_TCP, PORTOLAN_PROBE_UMS_STATUS);
  run_probe (f, other);
  g_assert_cmpint (portolan_check_get_state (other), ==, PORTOLAN_STATE_WARNING);
  assert_detail_contains (other, "not the JSON object a UMS Server sends");
}

/* A UMS Server with an expired certificate answers, but is a warning */
static void
test_ums_status_expired (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(PortolanTestServer) ums = portolan_test_https_server_new ("127.0.0.1", f->certs->expired,
                                                                      PORTOLAN_TEST_HTTP_UMS_STATUS, NULL);
  g_autoptr(PortolanCheck) check = make_check (f, "console-server", "localhost",
                                               portolan_test_server_get_port (ums),
                                               PORTOLAN_PROTOCOL_TCP, PORTOLAN_PROBE_UMS_STATUS);

  run_probe (f, check);

  g_assert_cmpint (portolan_check_get_state (check), ==, PORTOLAN_STATE_WARNING);
  assert_detail_contains (check, "expired");
  assert_detail_contains (check, "UMS Server answered: version " PORTOLAN_TEST_UMS_VERSION);
}

static void
test_https_direct (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(PortolanTestServer) cloud = portolan_test_https_server_new ("127.0.0.1", f->certs->valid,
                                                                        PORTOLAN_TEST_HTTP_PLAIN_OK, NULL);
  g_autoptr(PortolanCheck) check = make_check (f, "app-portal", "localhost",
                                               portolan_test_server_get_port (cloud),
                                               PORTOLAN_PROTOCOL_TCP, PORTOLAN_PROBE_HTTPS);

  run_probe (f, check);

  g_assert_cmpint (portolan_check_get_state (check), ==, PORTOLAN_STATE_VERIFIED);
  assert_detail_contains (check, "HTTP 200");
  assert_detail_contains (check, "without a proxy");
  g_assert_cmpstr (portolan_check_get_address (check), ==, "127.0.0.1");
  g_assert_cmpuint (portolan_test_server_get_requests (cloud), ==, 1);
}

static void
test_https_through_proxy (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(PortolanTestServer) cloud = portolan_test_https_server_new ("127.0.0.1", f->certs->valid,
                                                                        PORTOLAN_TEST_HTTP_NOT_FOUND, NULL);
  g_autoptr(PortolanTestServer) proxy = portolan_test_connect_proxy_new ("127.0.0.1", NULL);
  g_autofree char *proxy_url = g_strdup_printf ("http://127.0.0.1:%u", portolan_test_server_get_port (proxy));
  g_autofree char *target = g_strdup_printf ("localhost:%u", portolan_test_server_get_port (cloud));
  g_autoptr(PortolanCheck) check = make_check (f, "app-portal", "localhost",
                                               portolan_test_server_get_port (cloud),
                                               PORTOLAN_PROTOCOL_TCP, PORTOLAN_PROBE_HTTPS);

  portolan_probe_context_set_proxy (f->context, PORTOLAN_PROXY_URL, proxy_url);
  run_probe (f, check);

  /* Any HTTP answer shows the service is reachable that way */
  g_assert_cmpint (portolan_check_get_state (check), ==, PORTOLAN_STATE_VERIFIED);
  assert_detail_contains (check, "HTTP 404");
  assert_detail_contains (check, proxy_url);
  g_assert_cmpuint (portolan_test_server_get_accepted (proxy), >=, 1);
  g_assert_cmpstr (portolan_test_server_get_last_target (proxy), ==, target);
}

static void
test_https_expired (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(PortolanTestServer) cloud = portolan_test_https_server_new ("127.0.0.1", f->certs->expired,
                                                                        PORTOLAN_TEST_HTTP_PLAIN_OK, NULL);
  g_autoptr(PortolanCheck) check = make_check (f, "app-portal", "localhost",
                                               portolan_test_server_get_port (cloud),
                                               PORTOLAN_PROTOCOL_TCP, PORTOLAN_PROBE_HTTPS);

  run_probe (f, check);

  g_assert_cmpint (portolan_check_get_state (check), ==, PORTOLAN_STATE_WARNING);
  assert_detail_contains (check, "expired");
  g_assert_cmpstr (portolan_check_get_tls_info (check)->sha256, ==, f->certs->expired_fingerprint);
}

static gboolean
cancel_cb (gpointer data)
{
  g_cancellable_cancel (data);
  return G_SOURCE_REMOVE;
}

static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(PortolanTestServer) server = portolan_test_udp_server_new ("127.0.0.1", PORTOLAN_TEST_UDP_SILENT, NULL);
  g_autoptr(PortolanCheck) check = make_check (f, "ha-6155-balancer-to-server", "127.0.0.1",
                                               portolan_test_server_get_port (server),
                                               PORTOLAN_PROTOCOL_UDP, PORTOLAN_PROBE_UDP);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  gint64 started = g_get_monotonic_time ();
  gboolean done = FALSE;

  portolan_probe_async (check, f->context, cancellable, probe_done_cb, &done);
  g_timeout_add (50, cancel_cb, cancellable);
  while (!done)
    g_main_context_iteration (NULL, TRUE);

  g_assert_cmpint (portolan_check_get_state (check), ==, PORTOLAN_STATE_CANCELLED);
  g_assert_cmpint (g_get_monotonic_time () - started, <, portolan_test_scale_us (TIMEOUT_MS * 1000 / 2));
}

/* A firewall that drops: nftables drops one port on the private
 * loopback, so the SYN gets no answer */
static void
test_tcp_filtered (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(PortolanCheck) check = NULL;
  g_autofree char *rules = NULL;
  guint16 port = 30001;

  if (!g_test_subprocess ())
    {
      run_in_private_network ();
      return;
    }

  rules = g_strdup_printf ("nft add table inet portolan_test && "
                           "nft add chain inet portolan_test input '{ type filter hook input priority 0; }' && "
                           "nft add rule inet portolan_test input tcp dport %u drop", port);
  enter_private_network (rules);

  check = make_check (f, "os11-device-communication", "127.0.0.1", port,
                      PORTOLAN_PROTOCOL_TCP, PORTOLAN_PROBE_TCP);
  run_probe (f, check);

  g_assert_cmpint (portolan_check_get_state (check), ==, PORTOLAN_STATE_FILTERED);
  g_assert_cmpfloat (portolan_check_get_latency (check), <, 0);
  assert_detail_contains (check, "no answer within");
}

/* A firewall that rejects: nftables answers the SYN with an ICMP
 * error, whose code tells a firewall (filtered) from a host that is
 * not there (unreachable), although both arrive as EHOSTUNREACH */
static void
run_rejected (Fixture    *f,
              const char *icmp_type,
              PortolanState expected,
              const char *detail)
{
  g_autoptr(PortolanCheck) check = NULL;
  g_autofree char *rules = NULL;
  guint16 port = 30001;

  rules = g_strdup_printf ("nft add table ip portolan_test && "
                           "nft add chain ip portolan_test input '{ type filter hook input priority 0; }' && "
                           "nft add rule ip portolan_test input tcp dport %u reject with icmp type %s",
                           port, icmp_type);
  enter_private_network (rules);

  check = make_check (f, "os11-device-communication", "127.0.0.1", port,
                      PORTOLAN_PROTOCOL_TCP, PORTOLAN_PROBE_TCP);
  run_probe (f, check);

  g_assert_cmpint (portolan_check_get_state (check), ==, expected);
  g_assert_cmpfloat (portolan_check_get_latency (check), >=, 0);
  assert_detail_contains (check, detail);
}

static void
test_tcp_prohibited (Fixture       *f,
                     gconstpointer  data)
{
  if (!g_test_subprocess ())
    {
      run_in_private_network ();
      return;
    }
  run_rejected (f, "admin-prohibited", PORTOLAN_STATE_FILTERED, "administratively prohibited");
}

static void
test_tcp_host_unreachable (Fixture       *f,
                           gconstpointer  data)
{
  if (!g_test_subprocess ())
    {
      run_in_private_network ();
      return;
    }
  run_rejected (f, "host-unreachable", PORTOLAN_STATE_UNREACHABLE, "EHOSTUNREACH");
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  shared_certs = portolan_test_certs_new (&error);
  g_assert_no_error (error);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/probe/tcp/open", test_tcp_open);
  ADD ("/probe/tcp/closed", test_tcp_closed);
  ADD ("/probe/tcp/ipv6", test_tcp_ipv6);
  ADD ("/probe/tcp/unresolvable", test_tcp_unresolvable);
  ADD ("/probe/tcp/several-addresses", test_tcp_several_addresses);
  ADD ("/probe/tcp/silent", test_tcp_silent);
  ADD ("/probe/tcp/filtered", test_tcp_filtered);
  ADD ("/probe/tcp/prohibited", test_tcp_prohibited);
  ADD ("/probe/tcp/host-unreachable", test_tcp_host_unreachable);
  ADD ("/probe/udp/open", test_udp_open);
  ADD ("/probe/udp/closed", test_udp_closed);
  ADD ("/probe/udp/silent", test_udp_silent);
  ADD ("/probe/ums-status", test_ums_status);
  ADD ("/probe/ums-status/expired", test_ums_status_expired);
  ADD ("/probe/ums-status/health", test_ums_status_health);
  ADD ("/probe/ums-status/clear", test_ums_status_clear);
  ADD ("/probe/icg-status", test_icg_status);
  ADD ("/probe/https/direct", test_https_direct);
  ADD ("/probe/https/through-proxy", test_https_through_proxy);
  ADD ("/probe/https/expired", test_https_expired);
  ADD ("/probe/cancel", test_cancel);
#undef ADD
  for (guint i = 0; i < G_N_ELEMENTS (tls_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/probe/tls/%s", tls_cases[i].name);

      g_test_add (path, Fixture, &tls_cases[i], fixture_setup, test_tls, fixture_teardown);
    }

  status = g_test_run ();
  portolan_test_certs_free (shared_certs);
  return status;
}
