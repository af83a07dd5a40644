/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-probe-service.c
 *
 * The protocol checks, as a run makes them, against the distribution's
 * real servers on the links' own ports in a network namespace of the
 * test's own: each right server verifies with what it said, and each
 * server on another link's port is named as what answered.
 */
#include "config.h"

#include <string.h>

#include "portolan-core.h"
#include "portolan-test-certs.h"
#include "portolan-test-daemons.h"
#include "portolan-test-fake-tds.h"
#include "portolan-test-fake-tns.h"
#include "portolan-test-nginx.h"
#include "portolan-test-time.h"

#define TIMEOUT_MS 3000

static GError *private_network_error;

typedef struct
{
  const char             *name;
  PortolanTestDaemonKind  kind;
  guint16                 port;       /* the daemon's, 0 for its own */
  gboolean                tls_port;   /* check slapd's ldaps:// port */
  const char             *link;
  PortolanProtocol        protocol;
  PortolanState           state;
  const char             *answered;   /* the service info's, or NULL for none */
  const char             *fact_key;   /* a fact that must be there, or NULL */
  const char             *fact_value; /* what it must contain */
  const char             *detail;     /* what the detail must contain */
} ServiceCase;

static const ServiceCase cases[] = {
  { "postgresql", PORTOLAN_TEST_POSTGRESQL, 0, FALSE, "postgresql-database", PORTOLAN_PROTOCOL_TCP,
    PORTOLAN_STATE_VERIFIED, "postgresql", "tls", "offered", "PostgreSQL answered" },
  { "ldap", PORTOLAN_TEST_SLAPD, 0, FALSE, "ad-ldap", PORTOLAN_PROTOCOL_TCP,
    PORTOLAN_STATE_VERIFIED, "ldap", "naming_contexts", PORTOLAN_TEST_LDAP_SUFFIX, "LDAP answered" },
  { "ldaps", PORTOLAN_TEST_SLAPD, 0, TRUE, "ldaps", PORTOLAN_PROTOCOL_TCP,
    PORTOLAN_STATE_VERIFIED, "ldap", "naming_contexts", PORTOLAN_TEST_LDAP_SUFFIX, "LDAPS answered" },
  { "kerberos-tcp", PORTOLAN_TEST_KDC, 0, FALSE, "ad-kerberos", PORTOLAN_PROTOCOL_TCP,
    PORTOLAN_STATE_VERIFIED, "kerberos", "clock_offset", " s", "Kerberos answered" },
  { "kerberos-udp", PORTOLAN_TEST_KDC, 0, FALSE, "ad-kerberos", PORTOLAN_PROTOCOL_UDP,
    PORTOLAN_STATE_VERIFIED, "kerberos", "clock_offset", " s", "Kerberos answered" },
  { "derby", PORTOLAN_TEST_DERBY, 0, FALSE, "derby-database", PORTOLAN_PROTOCOL_TCP,
    PORTOLAN_STATE_VERIFIED, "drda", "server_class", "", "Derby (DRDA) answered" },
  { "activemq", PORTOLAN_TEST_ACTIVEMQ, 0, FALSE, "ha-61616-balancer-to-server", PORTOLAN_PROTOCOL_TCP,
    PORTOLAN_STATE_VERIFIED, "openwire", "provider", "ActiveMQ", "ActiveMQ (OpenWire) answered" },
  { "vnc", PORTOLAN_TEST_VNC, 0, FALSE, "os11-shadowing-console", PORTOLAN_PROTOCOL_TCP,
    PORTOLAN_STATE_VERIFIED, "rfb", "protocol_version", "003.00", "VNC (RFB) answered" },
  /* FreeTDS's pool server answers PRELOGIN itself */
  { "tdspool", PORTOLAN_TEST_TDSPOOL, 0, FALSE, "mssql-database", PORTOLAN_PROTOCOL_TCP,
    PORTOLAN_STATE_VERIFIED, "tds", "encryption", "not supported", "MS SQL (TDS) answered: version 10.0.1600" },
  /* Another service on the link's port */
  { "cross/nginx-on-postgresql", PORTOLAN_TEST_NGINX, 5432, FALSE, "postgresql-database", PORTOLAN_PROTOCOL_TCP,
    PORTOLAN_STATE_WARNING, "http", NULL, NULL, "answered on the PostgreSQL port" },
  { "cross/sshd-on-ldap", PORTOLAN_TEST_SSHD, 389, FALSE, "ad-ldap", PORTOLAN_PROTOCOL_TCP,
    PORTOLAN_STATE_WARNING, "ssh", NULL, NULL, "SSH-2.0-OpenSSH_" },
  /* PostgreSQL closes without a word at an EXCSAT: its own SSLRequest,
   * on a second connection, names it */
  { "cross/postgresql-on-derby", PORTOLAN_TEST_POSTGRESQL, 1527, FALSE, "derby-database", PORTOLAN_PROTOCOL_TCP,
    PORTOLAN_STATE_WARNING, "postgresql", NULL, NULL, "PostgreSQL answered on the Derby (DRDA) port" },
  { "cross/vnc-on-activemq", PORTOLAN_TEST_VNC, 61616, FALSE, "ha-61616-balancer-to-server", PORTOLAN_PROTOCOL_TCP,
    PORTOLAN_STATE_WARNING, "rfb", NULL, NULL, "answered on the ActiveMQ (OpenWire) port" },
  { "cross/sshd-on-device-port", PORTOLAN_TEST_SSHD, 30001, FALSE, "os12-registration", PORTOLAN_PROTOCOL_TCP,
    PORTOLAN_STATE_WARNING, "ssh", NULL, NULL, "answered on port 30001" },
  /* Where TLS comes first, the answer to the ClientHello names the service */
  { "cross/sshd-on-ldaps", PORTOLAN_TEST_SSHD, 636, FALSE, "ldaps", PORTOLAN_PROTOCOL_TCP,
    PORTOLAN_STATE_WARNING, "ssh", NULL, NULL, "answered on the LDAPS port" },
  { "cross/sshd-on-ums-server", PORTOLAN_TEST_SSHD, 8443, FALSE, "console-server", PORTOLAN_PROTOCOL_TCP,
    PORTOLAN_STATE_WARNING, "ssh", NULL, NULL, "answered on the UMS Server port" },
  { "cross/sshd-on-secure-terminal", PORTOLAN_TEST_SSHD, 30022, FALSE, "os11-secure-terminal", PORTOLAN_PROTOCOL_TCP,
    PORTOLAN_STATE_WARNING, "ssh", NULL, NULL, "answered where TLS was expected" },
  { "cross/nginx-on-ums-server-in-clear", PORTOLAN_TEST_NGINX, 9080, FALSE, "os11-file-transfer-unencrypted",
    PORTOLAN_PROTOCOL_TCP, PORTOLAN_STATE_WARNING, NULL, NULL, NULL, "not the JSON object a UMS Server sends" },
};

/* --- Helpers --- */

typedef struct
{
  PortolanCatalogue    *catalogue;
  PortolanProbeContext *context;
} Fixture;

static PortolanTestCerts *certs;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->catalogue = portolan_catalogue_new_builtin (NULL);
  f->context = portolan_probe_context_new (portolan_test_scale_ms (TIMEOUT_MS));
  portolan_probe_context_set_tls_database (f->context, certs->ca_database);
  portolan_probe_context_set_proxy (f->context, PORTOLAN_PROXY_NONE, NULL);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_pointer (&f->context, portolan_probe_context_unref);
  g_clear_object (&f->catalogue);
}

static PortolanTestDaemon *
start (PortolanTestDaemonKind kind,
       guint16                port)
{
  g_autoptr(GError) error = NULL;
  PortolanTestDaemon *daemon;

  if (private_network_error != NULL)
    {
      portolan_test_daemon_skip_if_missing (private_network_error);
      return NULL;
    }

  daemon = portolan_test_daemon_start (kind, NULL, port, &error);
  if (portolan_test_daemon_skip_if_missing (error))
    return NULL;
  g_assert_no_error (error);
  return daemon;
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

/* A check of @link_id as a plan makes it, to @port of 127.0.0.1 */
static PortolanCheck *
run_check (Fixture          *f,
           const char       *link_id,
           guint16           port,
           PortolanProtocol  protocol)
{
  PortolanLink *link = portolan_catalogue_lookup_link (f->catalogue, link_id);
  PortolanProbeKind kind;
  PortolanCheck *check;
  gboolean done = FALSE;

  g_assert_nonnull (link);
  /* As portolan-plan.c chooses */
  if (protocol == PORTOLAN_PROTOCOL_UDP)
    kind = portolan_link_get_service (link) == PORTOLAN_SERVICE_WOL ? PORTOLAN_PROBE_WOL : PORTOLAN_PROBE_SERVICE;
  else if (portolan_link_get_service (link) == PORTOLAN_SERVICE_UMS_STATUS)
    kind = PORTOLAN_PROBE_UMS_STATUS;
  else if (portolan_link_get_service (link) == PORTOLAN_SERVICE_TLS)
    kind = PORTOLAN_PROBE_TLS;
  else
    kind = PORTOLAN_PROBE_SERVICE;
  check = portolan_check_new (link, portolan_link_get_initiators (link)[0], portolan_link_get_listeners (link)[0],
                              "127.0.0.1", port, protocol, kind);

  portolan_probe_async (check, f->context, NULL, probe_done_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);

  g_test_message ("%s: %s", portolan_state_to_string (portolan_check_get_state (check)),
                  portolan_check_get_detail (check));
  return check;
}

static void
assert_contains (const char *text,
                 const char *part)
{
  if (text == NULL || strstr (text, part) == NULL)
    g_error ("“%s” lacks “%s”", text ? text : "(null)", part);
}

/* The daemon's own certificate is its CA: a certificate problem would
 * turn verified into warning and hide what the test is about */
static void
trust_daemon (Fixture            *f,
              PortolanTestDaemon *daemon)
{
  const char *path = portolan_test_daemon_get_certificate (daemon);
  g_autoptr(GError) error = NULL;
  g_autoptr(GTlsDatabase) database = NULL;

  if (path == NULL)
    return;

  database = g_tls_file_database_new (path, &error);
  g_assert_no_error (error);
  portolan_probe_context_set_tls_database (f->context, database);
}

/* --- Tests --- */

static void
test_service (Fixture       *f,
              gconstpointer  data)
{
  const ServiceCase *c = data;
  g_autoptr(PortolanTestDaemon) daemon = start (c->kind, c->port);
  g_autoptr(PortolanCheck) check = NULL;
  const PortolanServiceInfo *info;
  guint16 port;

  if (daemon == NULL)
    return;

  port = c->tls_port ? portolan_test_daemon_get_tls_port (daemon) : portolan_test_daemon_get_port (daemon);
  trust_daemon (f, daemon);
  check = run_check (f, c->link, port, c->protocol);

  g_assert_cmpstr (portolan_state_to_string (portolan_check_get_state (check)), ==,
                   portolan_state_to_string (c->state));
  assert_contains (portolan_check_get_detail (check), c->detail);

  info = portolan_check_get_service_info (check);
  if (c->answered == NULL)
    {
      /* Nothing named what answered */
      g_assert_true (info == NULL || info->answered == NULL);
      return;
    }
  g_assert_nonnull (info);
  g_assert_cmpstr (info->answered, ==, c->answered);
  /* The banner is shown whole, wherever the server sent it */
  if (g_str_equal (c->answered, "ssh"))
    assert_contains (portolan_check_get_detail (check), "SSH-2.0-OpenSSH_");
  if (c->fact_key != NULL)
    assert_contains (portolan_service_info_lookup (info, c->fact_key), c->fact_value);
}

/* Something that accepts and never speaks: what a firewall or proxy
 * that accepts every SYN looks like */
static void
test_silent (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GSocketListener) listener = g_socket_listener_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(PortolanCheck) check = NULL;
  guint16 port = g_socket_listener_add_any_inet_port (listener, NULL, &error);

  g_assert_no_error (error);
  /* The kernel's backlog accepts; nobody ever reads */
  check = run_check (f, "postgresql-database", port, PORTOLAN_PROTOCOL_TCP);
  g_assert_cmpint (portolan_check_get_state (check), ==, PORTOLAN_STATE_OPEN);
  assert_contains (portolan_check_get_detail (check),
                   "connected, but no PostgreSQL answer: a firewall or proxy may be accepting connections for it");
  g_assert_null (portolan_check_get_service_info (check));

  g_clear_object (&check);
  check = run_check (f, "os12-registration", port, PORTOLAN_PROTOCOL_TCP);
  g_assert_cmpint (portolan_check_get_state (check), ==, PORTOLAN_STATE_OPEN);
  assert_contains (portolan_check_get_detail (check), "said nothing first");
}

/* TLS alone proves nothing about what is behind it */
static void
test_https_is_no_ldaps (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *stem = g_strndup (certs->valid_path, strlen (certs->valid_path) - strlen (".pem"));
  g_autofree char *key_path = g_strconcat (stem, ".key", NULL);
  g_autoptr(PortolanTestNginx) nginx = portolan_test_nginx_new (certs->valid_path, key_path, 1, "{}", &error);
  g_autoptr(PortolanCheck) ldaps = NULL;
  g_autoptr(PortolanCheck) icg = NULL;

  if (portolan_test_nginx_skip_if_missing (error))
    return;
  g_assert_no_error (error);

  ldaps = run_check (f, "ldaps", portolan_test_nginx_get_port (nginx, 0), PORTOLAN_PROTOCOL_TCP);
  g_assert_cmpint (portolan_check_get_state (ldaps), ==, PORTOLAN_STATE_WARNING);
  assert_contains (portolan_check_get_detail (ldaps), "answered on the LDAPS port");
  g_assert_nonnull (portolan_check_get_tls_info (ldaps));

  icg = run_check (f, "icg-server", portolan_test_nginx_get_port (nginx, 0), PORTOLAN_PROTOCOL_TCP);
  g_assert_cmpint (portolan_check_get_state (icg), ==, PORTOLAN_STATE_OPEN);
  assert_contains (portolan_check_get_detail (icg), "TLS works; the server does not report an ICG status");
}

/* A keep-alive web server answers the serverstatus and the health on
 * one connection, as the UMS Server's does */
static void
test_ums_status_nginx (Fixture       *f,
                       gconstpointer  data)
{
  static const char status_json[] = "{\"rmGuiServerVersion\": \"12.07.100\", \"buildNumber\": \"77\"}";
  g_autoptr(GError) error = NULL;
  g_autofree char *stem = g_strndup (certs->valid_path, strlen (certs->valid_path) - strlen (".pem"));
  g_autofree char *key_path = g_strconcat (stem, ".key", NULL);
  g_autoptr(PortolanTestNginx) nginx = portolan_test_nginx_new (certs->valid_path, key_path, 1, status_json, &error);
  g_autoptr(PortolanCheck) check = NULL;

  if (portolan_test_nginx_skip_if_missing (error))
    return;
  g_assert_no_error (error);

  check = run_check (f, "console-server", portolan_test_nginx_get_port (nginx, 0), PORTOLAN_PROTOCOL_TCP);
  g_assert_cmpint (portolan_check_get_state (check), ==, PORTOLAN_STATE_VERIFIED);
  assert_contains (portolan_check_get_detail (check), "UMS Server answered: version 12.07.100; build 77; status ok");
  g_assert_cmpstr (portolan_check_get_service_info (check)->answered, ==, "ums-status");
  g_assert_cmpuint (portolan_test_nginx_count_connections (nginx), ==, 1);
}

/* Debian has no Oracle listener: the fake of tests/support, written from
 * the published TNS packet layout, refuses as a 19c listener does */
static void
test_tns_fake (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PortolanTestFakeTns) listener = portolan_test_fake_tns_new (PORTOLAN_TEST_FAKE_TNS_REFUSE, 0x13000000, 0,
                                                                        &error);
  g_autoptr(PortolanCheck) check = NULL;
  g_autofree char *connect_data = NULL;

  g_assert_no_error (error);
  check = run_check (f, "oracle-database", portolan_test_fake_tns_get_port (listener), PORTOLAN_PROTOCOL_TCP);
  g_assert_cmpint (portolan_check_get_state (check), ==, PORTOLAN_STATE_VERIFIED);
  g_assert_cmpstr (portolan_check_get_service_info (check)->version, ==, "19.0.0.0.0");
  assert_contains (portolan_check_get_detail (check), "Oracle (TNS) answered");

  /* It asked the listener's version, nothing else */
  connect_data = portolan_test_fake_tns_dup_connect_data (listener);
  assert_contains (connect_data, "(COMMAND=version)");
}

/* A TDS 8 "strict" SQL Server wants TLS first; the fake of tests/support,
 * written from MS-TDS, closes at a PRELOGIN in clear as it does */
static void
test_tds_strict (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PortolanTestFakeTds) server = portolan_test_fake_tds_new (PORTOLAN_TEST_FAKE_TDS_STRICT, 16, 0, 1000,
                                                                      PORTOLAN_TEST_FAKE_TDS_ENCRYPT_REQ, &error);
  g_autoptr(PortolanCheck) check = NULL;
  const PortolanServiceInfo *info;

  g_assert_no_error (error);
  portolan_probe_context_set_tls_database (f->context, portolan_test_fake_tds_get_database (server));
  check = run_check (f, "mssql-database", portolan_test_fake_tds_get_port (server), PORTOLAN_PROTOCOL_TCP);
  info = portolan_check_get_service_info (check);
  g_assert_nonnull (info);
  g_assert_cmpstr (info->answered, ==, "tds");
  g_assert_cmpstr (info->version, ==, "16.0.1000");
  assert_contains (portolan_service_info_lookup (info, "tls"), "TDS 8 strict");
  g_assert_nonnull (portolan_check_get_tls_info (check));
  g_assert_cmpint (portolan_check_get_state (check), ==, PORTOLAN_STATE_VERIFIED);
}

/* Wake on LAN needs no listener: a closed port proves the packet
 * arrived, and silence is never red */
static void
test_wake_on_lan (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GSocket) quiet = NULL;
  g_autoptr(GSocketAddress) any = NULL;
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GError) error = NULL;
  g_autoptr(PortolanCheck) closed = NULL;
  g_autoptr(PortolanCheck) silent = NULL;
  guint8 packet[200];
  gssize received;

  quiet = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_DATAGRAM, G_SOCKET_PROTOCOL_UDP, &error);
  g_assert_no_error (error);
  any = g_inet_socket_address_new (loopback, 0);
  g_socket_bind (quiet, any, FALSE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (quiet, &error);
  g_assert_no_error (error);

  silent = run_check (f, "wake-on-lan", g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)),
                      PORTOLAN_PROTOCOL_UDP);
  g_assert_cmpint (portolan_check_get_state (silent), ==, PORTOLAN_STATE_UNVERIFIED);
  assert_contains (portolan_check_get_detail (silent), "Wake on LAN needs no listener");

  /* What arrived is a magic packet for no card: six 0xff, sixteen zero MACs */
  received = g_socket_receive (quiet, (char *) packet, sizeof packet, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (received, ==, 102);
  for (guint i = 0; i < 6; i++)
    g_assert_cmpuint (packet[i], ==, 0xff);
  for (guint i = 6; i < 102; i++)
    g_assert_cmpuint (packet[i], ==, 0);

  g_socket_close (quiet, NULL);
  closed = run_check (f, "wake-on-lan", g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)),
                      PORTOLAN_PROTOCOL_UDP);
  g_assert_cmpint (portolan_check_get_state (closed), ==, PORTOLAN_STATE_VERIFIED);
  assert_contains (portolan_check_get_detail (closed), "the packet reached the host");
}

/* The JSON of a check carries what the service said */
static void
test_json (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(PortolanTestDaemon) daemon = start (PORTOLAN_TEST_POSTGRESQL, 0);
  g_autoptr(PortolanCheck) check = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  JsonObject *service;

  if (daemon == NULL)
    return;

  check = run_check (f, "postgresql-database", portolan_test_daemon_get_port (daemon), PORTOLAN_PROTOCOL_TCP);
  portolan_check_build_json (check, builder);
  root = json_builder_get_root (builder);
  service = json_object_get_object_member (json_node_get_object (root), "service");
  g_assert_nonnull (service);
  g_assert_cmpstr (json_object_get_string_member (service, "expected"), ==, "postgresql");
  g_assert_cmpstr (json_object_get_string_member (service, "answered"), ==, "postgresql");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (service, "facts"), "tls"), ==,
                   "offered");
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  /* Before anything starts a thread: unshare () moves only this one */
  portolan_test_private_network (&private_network_error);
  certs = portolan_test_certs_new (&error);
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/probe-service/%s", cases[i].name);

      g_test_add (path, Fixture, &cases[i], fixture_setup, test_service, fixture_teardown);
    }
  g_test_add ("/probe-service/tds-strict", Fixture, NULL, fixture_setup, test_tds_strict, fixture_teardown);
  g_test_add ("/probe-service/ums-status-nginx", Fixture, NULL, fixture_setup, test_ums_status_nginx,
              fixture_teardown);
  g_test_add ("/probe-service/tns-fake", Fixture, NULL, fixture_setup, test_tns_fake, fixture_teardown);
  g_test_add ("/probe-service/silent", Fixture, NULL, fixture_setup, test_silent, fixture_teardown);
  g_test_add ("/probe-service/https-is-no-ldaps", Fixture, NULL, fixture_setup, test_https_is_no_ldaps,
              fixture_teardown);
  g_test_add ("/probe-service/wake-on-lan", Fixture, NULL, fixture_setup, test_wake_on_lan, fixture_teardown);
  g_test_add ("/probe-service/json", Fixture, NULL, fixture_setup, test_json, fixture_teardown);

  status = g_test_run ();
  g_clear_pointer (&certs, portolan_test_certs_free);
  g_clear_error (&private_network_error);
  return status;
}
