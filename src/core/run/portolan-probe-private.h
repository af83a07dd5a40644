/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-probe-private.h: the pieces probes are made of */
#pragma once

#include <gio/gio.h>

#include "portolan-http-get-private.h"
#include "portolan-probe.h"
#include "portolan-service-info.h"
#include "portolan-sniff-private.h"
#include "portolan-tls-session-private.h"

G_BEGIN_DECLS

/* Probe events run below GTK's redraw and input: a burst of a thousand
 * results must not keep the window from painting or answering */
#define PORTOLAN_PROBE_PRIORITY G_PRIORITY_DEFAULT_IDLE

/* A check's time limit: @cancellable is cancelled when the time is up or
 * when the run is stopped, and timed_out tells which. */
typedef struct
{
  GCancellable *cancellable;
  GCancellable *parent;
  gulong        parent_handler;
  guint         timeout_id;
  gboolean      timed_out;
  gint64        started_us;
  guint         timeout_ms;
} PortolanDeadline;

PortolanDeadline *_portolan_deadline_new          (GCancellable     *parent,
                                                   guint             timeout_ms);
void              _portolan_deadline_free         (PortolanDeadline *self);
guint             _portolan_deadline_remaining_ms (PortolanDeadline *self);
double            _portolan_deadline_elapsed_ms   (PortolanDeadline *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PortolanDeadline, _portolan_deadline_free)

/* How a failed network operation ends a check */
PortolanState     _portolan_state_for_error       (const GError     *error,
                                                   PortolanDeadline *deadline,
                                                   char            **detail);

/* How a failure after the connect ends a check: never unreachable */
PortolanState     _portolan_state_after_connect   (const GError     *error,
                                                   PortolanDeadline *deadline,
                                                   const char       *step,
                                                   char            **detail);

/* ICMP "administratively prohibited", told apart from "host unreachable" */
void              _portolan_icmp_watch            (GSocket          *socket);
gboolean          _portolan_icmp_prohibited       (GSocket          *socket);

/* Name resolution: an address at once, a name through the resolver */
GList            *_portolan_resolve_literal       (const char           *host);
void              _portolan_resolve_async         (PortolanProbeContext *context,
                                                   const char           *host,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
GList            *_portolan_resolve_finish        (GAsyncResult         *result,
                                                   GError              **error);

/* A TCP connection to the first address of @host that accepts */
typedef struct
{
  GSocketConnection *connection;   /* NULL when none accepted */
  char              *address;      /* the address that answered, or was tried last */
  double             latency_ms;   /* until connected or refused; < 0 without answer */
  PortolanState      state;        /* when connection is NULL: why; OPEN
                                     * when it was reset right after connecting */
  char              *detail;
} PortolanConnectResult;

void                   _portolan_connect_result_free (PortolanConnectResult *result);
void                   _portolan_connect_async       (PortolanProbeContext  *context,
                                                      const char            *host,
                                                      guint16                port,
                                                      PortolanDeadline      *deadline,
                                                      GAsyncReadyCallback    callback,
                                                      gpointer               user_data);
PortolanConnectResult *_portolan_connect_finish      (GAsyncResult          *result);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PortolanConnectResult, _portolan_connect_result_free)

/* A TLS handshake over @connection that accepts any certificate and
 * records what was wrong with it */
typedef struct
{
  PortolanTlsSession *session; /* NULL when the handshake failed */
  PortolanTlsInfo *info;       /* NULL when no certificate was seen */
  GError          *error;      /* why the handshake failed */
  GBytes          *received;   /* after a failure: what the server sent first, if anything */
} PortolanHandshakeResult;

void                     _portolan_handshake_result_free (PortolanHandshakeResult *result);
void                     _portolan_tls_handshake_async   (PortolanProbeContext    *context,
                                                          GIOStream               *connection,
                                                          const char              *host,
                                                          guint16                  port,
                                                          const char              *expected_sha256,
                                                          PortolanDeadline        *deadline,
                                                          GAsyncReadyCallback      callback,
                                                          gpointer                 user_data);
void                     _portolan_tls_handshake_alpn_async (PortolanProbeContext *context,
                                                             GIOStream            *connection,
                                                             const char           *host,
                                                             guint16               port,
                                                             const char           *expected_sha256,
                                                             const char           *alpn,
                                                             PortolanDeadline     *deadline,
                                                             GAsyncReadyCallback   callback,
                                                             gpointer              user_data);
PortolanHandshakeResult *_portolan_tls_handshake_finish  (GAsyncResult            *result);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PortolanHandshakeResult, _portolan_handshake_result_free)

/* What the UMS Server's GET /umsapi/v3/serverstatus answered */
PortolanState     _portolan_ums_status_describe   (const PortolanHttpAnswer *answer,
                                                   PortolanDeadline     *deadline,
                                                   gboolean              clear,
                                                   PortolanServiceInfo  *info,
                                                   char                **detail);
gboolean          _portolan_ums_status_parse      (const char           *data,
                                                   gsize                 length,
                                                   PortolanServiceInfo  *info,
                                                   char                **detail);

/* After a handshake that found no TLS: what answered instead, named
 * from its first bytes, with the banner it showed; FALSE when unknown */
gboolean          _portolan_handshake_names_other (const PortolanHandshakeResult *handshake,
                                                   PortolanWire         *wire,
                                                   char                **banner);

/* The probes, each ending with the check's result set */
void              _portolan_probe_udp             (PortolanCheck        *check,
                                                   PortolanProbeContext *context,
                                                   PortolanDeadline     *deadline,
                                                   GTask                *task);
void              _portolan_probe_tcp             (PortolanCheck        *check,
                                                   PortolanProbeContext *context,
                                                   PortolanDeadline     *deadline,
                                                   GTask                *task);
void              _portolan_probe_service         (PortolanCheck        *check,
                                                   PortolanProbeContext *context,
                                                   PortolanDeadline     *deadline,
                                                   GTask                *task);
void              _portolan_probe_https           (PortolanCheck        *check,
                                                   PortolanProbeContext *context,
                                                   PortolanDeadline     *deadline,
                                                   GTask                *task);

GTlsDatabase     *_portolan_probe_context_get_tls_database (PortolanProbeContext *context);
PortolanProxy _portolan_probe_context_get_proxy        (PortolanProbeContext *context,
                                                            const char          **url);
const char       *_portolan_probe_context_get_fingerprint  (PortolanProbeContext *context,
                                                            const char           *role_id);

G_END_DECLS
