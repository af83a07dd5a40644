/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-test-session.h: a TLS server in a thread, and a PortolanTlsSession driven from the main context */
#pragma once

#include <gio/gio.h>

#include "portolan-tls-session-private.h"

G_BEGIN_DECLS

/* How long a test waits for what must come, before portolan_test_scale_ms() */
#define PORTOLAN_TEST_SESSION_TIMEOUT_MS 10000

/* --- The server: one connection, blocking I/O in a thread of its own --- */

typedef struct _PortolanTestSessionServer PortolanTestSessionServer;

/* Runs in the server's thread once the connection is accepted and, with a
 * certificate, the TLS handshake is done: @stream is then the TLS
 * connection, without one the plain connection over @socket. Whatever
 * blocks takes @cancellable, which free() cancels. */
typedef void (* PortolanTestSessionServeFunc) (GSocket      *socket,
                                               GIOStream    *stream,
                                               GCancellable *cancellable,
                                               gpointer      user_data);

/* Binds @address ("127.0.0.1" or "::1"), port 0; serves once started.
 * free() gives the server a moment to see that its client left, then
 * cancels it and joins its thread. */
PortolanTestSessionServer *portolan_test_session_server_new (const char                   *address,
                                                             GTlsCertificate              *certificate,
                                                             PortolanTestSessionServeFunc  serve,
                                                             gpointer                      user_data);

void        portolan_test_session_server_set_receive_buffer (PortolanTestSessionServer *server,
                                                             int                        size);
void        portolan_test_session_server_start              (PortolanTestSessionServer *server);
void        portolan_test_session_server_free               (PortolanTestSessionServer *server);

const char *portolan_test_session_server_get_address        (PortolanTestSessionServer *server);
guint16     portolan_test_session_server_get_port           (PortolanTestSessionServer *server);
gboolean    portolan_test_session_server_wait_done          (PortolanTestSessionServer *server,
                                                             guint                      timeout_ms);

/* For a PortolanTestSessionServeFunc */
void        portolan_test_session_server_drain              (GIOStream                 *stream,
                                                             GCancellable              *cancellable);
void        portolan_test_session_server_reset              (GSocket                   *socket);

/* --- The client, on the main context --- */

/* @user_data is a GAsyncResult **, NULL until this stores the result */
void                portolan_test_store_result_cb     (GObject             *object,
                                                       GAsyncResult        *result,
                                                       gpointer             user_data);
/* Iterates the main context until *@result is set; stops the test after
 * PORTOLAN_TEST_SESSION_TIMEOUT_MS, naming @what it waited for */
GAsyncResult       *portolan_test_wait_for_result     (GAsyncResult       **result,
                                                       const char          *what);

GSocketConnection  *portolan_test_session_connect     (const char          *address,
                                                       guint16              port);
PortolanTlsSession *portolan_test_session_new_over    (GSocketConnection   *connection,
                                                       const char          *host);
PortolanTlsSession *portolan_test_session_new         (const char          *address,
                                                       guint16              port,
                                                       const char          *host);

gboolean            portolan_test_session_handshake   (PortolanTlsSession  *session,
                                                       GCancellable        *cancellable,
                                                       GError             **error);
gboolean            portolan_test_session_write_all   (PortolanTlsSession  *session,
                                                       const void          *data,
                                                       gsize                size,
                                                       GCancellable        *cancellable,
                                                       GError             **error);
gssize              portolan_test_session_read        (PortolanTlsSession  *session,
                                                       void                *buffer,
                                                       gsize                size,
                                                       GError             **error);
GBytes             *portolan_test_session_read_to_end (PortolanTlsSession  *session,
                                                       gsize                size);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PortolanTestSessionServer, portolan_test_session_server_free)

G_END_DECLS
