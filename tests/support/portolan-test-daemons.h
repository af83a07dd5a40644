/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-test-daemons.h: the distribution's real servers, on their own ports, in a private network */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum
{
  PORTOLAN_TEST_POSTGRESQL, /* postgres 15, ssl=on: 5432 */
  PORTOLAN_TEST_SLAPD,      /* OpenLDAP, dc=example,dc=test: ldap:// 389, ldaps:// 636 */
  PORTOLAN_TEST_KDC,        /* MIT krb5kdc, realm PORTOLAN.TEST: 88 over TCP and UDP */
  PORTOLAN_TEST_DERBY,      /* the Apache Derby Network Server: 1527 */
  PORTOLAN_TEST_ACTIVEMQ,   /* an ActiveMQ broker, OpenWire: 61616 */
  PORTOLAN_TEST_VNC,        /* x11vnc on an Xvfb display: 5900 */
  PORTOLAN_TEST_SSHD,       /* OpenSSH: 22 */
  PORTOLAN_TEST_TDSPOOL,    /* FreeTDS's pool server, no backend behind it: 1433 */
  PORTOLAN_TEST_NGINX,      /* nginx, plain HTTP, 200 "ok" to everything: 80 */
  PORTOLAN_TEST_N_DAEMONS
} PortolanTestDaemonKind;

#define PORTOLAN_TEST_LDAP_SUFFIX    "dc=example,dc=test"
#define PORTOLAN_TEST_KERBEROS_REALM "PORTOLAN.TEST"

typedef struct _PortolanTestDaemon PortolanTestDaemon;

/* Moves the test process into a network namespace of its own, with only
 * a loopback that is up, so that the standard ports of the daemons are
 * free and nothing reaches another host. Call it first in main(), after
 * g_test_init() and before anything starts a thread: unshare() moves
 * only the calling thread. Needs root; without it, every later
 * portolan_test_daemon_start() fails with G_IO_ERROR_PERMISSION_DENIED. */
gboolean            portolan_test_private_network          (GError                 **error);

/* Starts @kind listening on @address ("127.0.0.1" or "::1", NULL meaning
 * "127.0.0.1") and @port, 0 meaning its standard port, and returns once
 * that port accepts connections. Configuration, data and logs stay in a
 * temporary directory of its own; the daemons die with the test process.
 * Fails with G_IO_ERROR_NOT_FOUND naming the package when a program is
 * not installed, with G_IO_ERROR_PERMISSION_DENIED outside a private
 * network, otherwise with an error quoting the daemon's logs, which are
 * also printed with g_test_message(). */
PortolanTestDaemon *portolan_test_daemon_start             (PortolanTestDaemonKind   kind,
                                                            const char              *address,
                                                            guint16                  port,
                                                            GError                 **error);
/* Stops every process by its pid, SIGTERM then SIGKILL, the children
 * they forked too, and removes the directory */
void                portolan_test_daemon_free              (PortolanTestDaemon      *self);

guint16             portolan_test_daemon_get_port          (PortolanTestDaemon      *self);
/* slapd's ldaps:// port: 636 when LDAP is on 389, a free one otherwise;
 * 0 for the others */
guint16             portolan_test_daemon_get_tls_port      (PortolanTestDaemon      *self);
const char         *portolan_test_daemon_get_address       (PortolanTestDaemon      *self);
/* The PEM certificate PostgreSQL and slapd serve, or NULL */
const char         *portolan_test_daemon_get_certificate   (PortolanTestDaemon      *self);
/* The process listening on the port */
GPid                portolan_test_daemon_get_pid           (PortolanTestDaemon      *self);
/* "PostgreSQL", "slapd", … */
const char         *portolan_test_daemon_kind_get_name     (PortolanTestDaemonKind   kind);
/* Everything the daemon logged so far, each file under its name */
char               *portolan_test_daemon_dup_logs          (PortolanTestDaemon      *self);

/* When @error says a program is missing or the network is not private,
 * skips the test, or fails it when the environment variable CI is
 * "true": CI installs the servers and runs as root. Returns whether the
 * test must stop; any other error is left to the caller. */
gboolean            portolan_test_daemon_skip_if_missing   (const GError            *error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PortolanTestDaemon, portolan_test_daemon_free)

G_END_DECLS
