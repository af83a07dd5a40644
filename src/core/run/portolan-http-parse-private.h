/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-http-parse-private.h: an HTTP/1.x answer, read from untrusted bytes */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What a probe reads of an HTTP answer, at most: the status line and
 * headers, how many headers, and the body */
#define PORTOLAN_HTTP_MAX_HEAD    (64 * 1024)
#define PORTOLAN_HTTP_MAX_HEADERS 100
#define PORTOLAN_HTTP_MAX_BODY    (1024 * 1024)

#define PORTOLAN_HTTP_ERROR (_portolan_http_error_quark ())

typedef enum
{
  PORTOLAN_HTTP_ERROR_NOT_HTTP,          /* the bytes are not an HTTP answer */
  PORTOLAN_HTTP_ERROR_HEAD_TOO_LARGE,    /* status line and headers over the limit */
  PORTOLAN_HTTP_ERROR_TOO_MANY_HEADERS,
  PORTOLAN_HTTP_ERROR_BAD_FRAMING,       /* Content-Length or chunks that make no sense */
  PORTOLAN_HTTP_ERROR_BODY_TOO_LARGE,
  PORTOLAN_HTTP_ERROR_TRUNCATED,         /* the connection ended inside the answer */
  PORTOLAN_HTTP_ERROR_TOO_MANY_INTERIM,  /* 1xx answers and never a real one */
  PORTOLAN_HTTP_ERROR_REDIRECT_LOOP,
  PORTOLAN_HTTP_ERROR_TOO_MANY_REDIRECTS,
} PortolanHttpError;

GQuark _portolan_http_error_quark (void);

typedef struct
{
  guint    status;
  char    *reason;          /* as sent, not yet made safe to show */
  char    *location;        /* NULL without a Location header */
  gint64   content_length;  /* -1 when not given */
  gboolean chunked;
  gboolean keep_alive;      /* the connection may carry another request: not
                             * when the body ends where the connection does */
  guint    n_headers;
} PortolanHttpHead;

void     _portolan_http_head_clear (PortolanHttpHead *head);

typedef enum
{
  PORTOLAN_HTTP_PARSE_MORE,    /* not a whole head yet: read more */
  PORTOLAN_HTTP_PARSE_DONE,
  PORTOLAN_HTTP_PARSE_FAILED,
} PortolanHttpParse;

PortolanHttpParse _portolan_http_parse_head (const char        *data,
                                             gsize              length,
                                             PortolanHttpHead  *head,
                                             gsize             *consumed,
                                             GError           **error);

/* A chunked body, decoded as it arrives */
typedef struct
{
  int     state;
  guint64 remaining;       /* of the chunk being read; of the trailer, how
                            * many bytes came */
  char    line[128];       /* a chunk-size line, extensions and all */
  gsize   line_length;
} PortolanHttpChunked;

gboolean _portolan_http_chunked_feed (PortolanHttpChunked  *self,
                                      const char           *data,
                                      gsize                 length,
                                      GByteArray           *body,
                                      gsize                 limit,
                                      gsize                *consumed,
                                      GError              **error);
gboolean _portolan_http_chunked_done (const PortolanHttpChunked *self);

G_END_DECLS
