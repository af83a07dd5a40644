/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-tls-session-private.h: a TLS client on the main context, with GnuTLS */
#pragma once

#include <gio/gio.h>

#include "portolan-tls-info.h"

G_BEGIN_DECLS

/* The largest handshake message taken: a certificate chain over this is
 * refused by GnuTLS rather than buffered */
#define PORTOLAN_TLS_MAX_HANDSHAKE (64 * 1024)

typedef struct _PortolanTlsSession PortolanTlsSession;

PortolanTlsSession *_portolan_tls_session_new              (GIOStream            *base,
                                                            const char           *host,
                                                            GError              **error);
PortolanTlsSession *_portolan_tls_session_new_clear        (GIOStream            *base,
                                                            GError              **error);
void                _portolan_tls_session_free             (PortolanTlsSession   *self);
gboolean            _portolan_tls_session_is_clear         (PortolanTlsSession   *self);
GBytes             *_portolan_tls_session_get_received     (PortolanTlsSession   *self);
gboolean            _portolan_tls_session_set_alpn         (PortolanTlsSession   *self,
                                                            const char           *protocol,
                                                            GError              **error);

void                _portolan_tls_session_handshake_async  (PortolanTlsSession   *self,
                                                            GCancellable         *cancellable,
                                                            GAsyncReadyCallback   callback,
                                                            gpointer              user_data);
gboolean            _portolan_tls_session_handshake_finish (PortolanTlsSession   *self,
                                                            GAsyncResult         *result,
                                                            GError              **error);

GTlsCertificate    *_portolan_tls_session_get_peer_certificate (PortolanTlsSession *self);
guint               _portolan_tls_session_get_peer_chain_length (PortolanTlsSession *self);

void                _portolan_tls_session_write_all_async  (PortolanTlsSession   *self,
                                                            const void           *data,
                                                            gsize                 size,
                                                            GCancellable         *cancellable,
                                                            GAsyncReadyCallback   callback,
                                                            gpointer              user_data);
gboolean            _portolan_tls_session_write_all_finish (PortolanTlsSession   *self,
                                                            GAsyncResult         *result,
                                                            GError              **error);

void                _portolan_tls_session_read_async       (PortolanTlsSession   *self,
                                                            void                 *buffer,
                                                            gsize                 size,
                                                            GCancellable         *cancellable,
                                                            GAsyncReadyCallback   callback,
                                                            gpointer              user_data);
gssize              _portolan_tls_session_read_finish      (PortolanTlsSession   *self,
                                                            GAsyncResult         *result,
                                                            GError              **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PortolanTlsSession, _portolan_tls_session_free)

G_END_DECLS
