/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-test-servers.h: real servers on loopback for the probe tests */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* What the UMS_STATUS server answers, for tests to compare against */
#define PORTOLAN_TEST_UMS_STATUS_PATH    "/umsapi/v3/serverstatus"
#define PORTOLAN_TEST_UMS_HEALTH_PATH    "/ums/check-status"
#define PORTOLAN_TEST_UMS_VERSION        "12.01.100"
#define PORTOLAN_TEST_UMS_BUILD_NUMBER   "54321"
#define PORTOLAN_TEST_UMS_SERVER_UUID    "9fe719f1-c16e-4744-9ff1-b9c314ae151c"
#define PORTOLAN_TEST_UMS_SERVER_NAME    "ums-test:8443"

typedef enum
{
  /* Close each connection once accepted (an RST if the client had
   * already sent something, a clean end of stream otherwise) */
  PORTOLAN_TEST_TCP_ACCEPT_CLOSE,
  /* Keep it open and never write, until the server is freed */
  PORTOLAN_TEST_TCP_ACCEPT_SILENT,
} PortolanTestTcpMode;

typedef enum
{
  /* Answer each datagram with its own bytes, an empty one with "pong" */
  PORTOLAN_TEST_UDP_ECHO,
  PORTOLAN_TEST_UDP_SILENT,
} PortolanTestUdpMode;

typedef enum
{
  /* GET PORTOLAN_TEST_UMS_STATUS_PATH → 200 application/json like an
   * IGEL UMS Server; anything else → 404 */
  PORTOLAN_TEST_HTTP_UMS_STATUS,
  /* 404 to everything */
  PORTOLAN_TEST_HTTP_NOT_FOUND,
  /* 200 "ok" text/plain to everything, like any web server */
  PORTOLAN_TEST_HTTP_PLAIN_OK,
  /* GET /usg/check-status → {"status": "ok"} like an ICG 2.04; anything else → 404 */
  PORTOLAN_TEST_HTTP_ICG_OK,
} PortolanTestHttpMode;

typedef struct _PortolanTestServer PortolanTestServer;

/* Every constructor takes "127.0.0.1" or "::1" (NULL means "127.0.0.1"),
 * binds port 0 there and serves on the thread-default GMainContext of the
 * caller, so the test has to iterate that context for anything to happen.
 * portolan_test_server_free() closes everything and iterates that context
 * until the server's callbacks have all run. */
PortolanTestServer *portolan_test_tcp_server_new         (const char          *address,
                                                          PortolanTestTcpMode  mode,
                                                          GError             **error);
PortolanTestServer *portolan_test_udp_server_new         (const char          *address,
                                                          PortolanTestUdpMode  mode,
                                                          GError             **error);
PortolanTestServer *portolan_test_tls_server_new         (const char          *address,
                                                          GTlsCertificate     *certificate,
                                                          GError             **error);
PortolanTestServer *portolan_test_https_server_new       (const char          *address,
                                                          GTlsCertificate     *certificate,
                                                          PortolanTestHttpMode mode,
                                                          GError             **error);
PortolanTestServer *portolan_test_connect_proxy_new      (const char          *address,
                                                          GError             **error);
void                portolan_test_server_free            (PortolanTestServer  *server);

guint16             portolan_test_server_get_port        (PortolanTestServer  *server);
const char         *portolan_test_server_get_address     (PortolanTestServer  *server);
char               *portolan_test_server_dup_authority   (PortolanTestServer  *server);
guint               portolan_test_server_get_accepted    (PortolanTestServer  *server);
guint               portolan_test_server_get_requests    (PortolanTestServer  *server);
guint               portolan_test_server_get_connections (PortolanTestServer  *server);
void                portolan_test_server_set_health      (PortolanTestServer  *server,
                                                          const char          *status);
const char         *portolan_test_server_get_last_path   (PortolanTestServer  *server);
const char         *portolan_test_server_get_last_host   (PortolanTestServer  *server);
const char         *portolan_test_server_get_last_target (PortolanTestServer  *server);
gboolean            portolan_test_server_wait_accepted   (PortolanTestServer  *server,
                                                          guint                count,
                                                          guint                timeout_ms);

guint16             portolan_test_find_closed_port       (const char          *address);
guint16             portolan_test_find_closed_udp_port   (const char          *address);
gboolean            portolan_test_loopback_available     (const char          *address);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PortolanTestServer, portolan_test_server_free)

G_END_DECLS
