/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-http-get-private.h: one bounded HTTP GET over a TLS session, or in clear */
#pragma once

#include <gio/gio.h>

#include "portolan-http-parse-private.h"
#include "portolan-tls-session-private.h"

G_BEGIN_DECLS

/* More interim answers (HTTP 1xx) than any server sends before its real one */
#define PORTOLAN_HTTP_MAX_INTERIM   8
/* Redirects followed on the same server and connection */
#define PORTOLAN_HTTP_MAX_REDIRECTS 5

typedef struct
{
  GError    *error;      /* why there is no answer; NULL when there is one */
  guint      status;     /* of the last answer */
  char      *reason;     /* as sent */
  char      *location;   /* where the last answer redirects, if it does */
  char      *path;       /* that answered */
  GBytes    *body;       /* at most PORTOLAN_HTTP_MAX_BODY bytes */
  guint      interim;    /* 1xx answers before it */
  GPtrArray *redirects;  /* the paths asked, in order, the first included */
  gboolean   reusable;   /* the connection may carry another request */
} PortolanHttpAnswer;

void                _portolan_http_answer_free (PortolanHttpAnswer  *answer);
char               *_portolan_http_shorten_path (const char         *path);

void                _portolan_http_get_async   (PortolanTlsSession  *session,
                                                const char          *host,
                                                guint16              port,
                                                const char          *path,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
PortolanHttpAnswer *_portolan_http_get_finish  (GAsyncResult        *result);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PortolanHttpAnswer, _portolan_http_answer_free)

G_END_DECLS
