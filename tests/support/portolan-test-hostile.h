/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-test-hostile.h: servers on loopback that misbehave, on purpose */
#pragma once

#include <gio/gio.h>

#include "portolan-test-servers.h"

G_BEGIN_DECLS

/* Every HTTP behaviour answers whatever path is asked, so the same server
 * stands for the UMS Server's serverstatus and for a cloud service. With
 * a certificate the server completes a TLS handshake first and then
 * misbehaves inside TLS; without one it misbehaves on the bare socket. */
typedef enum
{
  /* Stream: act before any request */
  PORTOLAN_TEST_HOSTILE_ACCEPT_HANG,          /* never read, never write */
  PORTOLAN_TEST_HOSTILE_ACCEPT_RESET,         /* RST (SO_LINGER 0) right after accept, or after TLS */
  PORTOLAN_TEST_HOSTILE_DRIP,                 /* an HTTP answer, one byte a second */
  PORTOLAN_TEST_HOSTILE_RANDOM_BYTES,         /* 1 MiB of noise, then silence */
  PORTOLAN_TEST_HOSTILE_TLS_STALL,            /* reads the ClientHello, sends half a ServerHello; never TLS itself */
  PORTOLAN_TEST_HOSTILE_FROZEN,               /* a child process listens and is SIGSTOPped; never TLS */
  PORTOLAN_TEST_HOSTILE_LDAP,                 /* an LDAP notice of disconnection (BER), then close */

  /* HTTP: answer each request so */
  PORTOLAN_TEST_HOSTILE_BODY_ENDLESS,         /* 200, no length, a body that never ends */
  PORTOLAN_TEST_HOSTILE_BODY_100MB,           /* 200, a 100 MB JSON body with Content-Length, streamed */
  PORTOLAN_TEST_HOSTILE_BODY_CHUNKED_ENDLESS, /* 200, chunked, chunks that never end */
  PORTOLAN_TEST_HOSTILE_HEADERS_ENDLESS,      /* header lines that never end */
  PORTOLAN_TEST_HOSTILE_HEADERS_TOO_MANY,     /* 20,000 headers, about 400 KB, then a body */
  PORTOLAN_TEST_HOSTILE_CONTINUE_FOREVER,     /* "HTTP/1.1 100 Continue", again and again */
  PORTOLAN_TEST_HOSTILE_REDIRECT_LOOP,        /* 302 to the path asked */
  PORTOLAN_TEST_HOSTILE_REDIRECT_GROWING,     /* 302 to the path asked plus 1 KB more */
  PORTOLAN_TEST_HOSTILE_STATUS_INVALID_JSON,  /* 200 application/json, not JSON */
  PORTOLAN_TEST_HOSTILE_STATUS_DEEP_JSON,     /* 200, "[" a million times */
  PORTOLAN_TEST_HOSTILE_STATUS_WRONG_TYPES,   /* 200, {"rmGuiServerVersion": 12, "buildNumber": []} */
  PORTOLAN_TEST_HOSTILE_STATUS_OK,            /* 200, a healthy serverstatus (for a hostile certificate) */

  /* Datagram */
  PORTOLAN_TEST_HOSTILE_UDP_64K,              /* each datagram answered with 65,507 bytes */
  PORTOLAN_TEST_HOSTILE_UDP_FLOOD,            /* each datagram answered with 1,000 */
} PortolanTestHostile;

/* The largest IPv4 UDP payload, as PORTOLAN_TEST_HOSTILE_UDP_64K sends it */
#define PORTOLAN_TEST_HOSTILE_UDP_SIZE 65507

typedef struct _PortolanTestHostileServer PortolanTestHostileServer;

/* Binds 127.0.0.1, port 0. Unlike portolan-test-servers, a hostile server
 * runs in threads of its own (one accepting, one per connection), with
 * blocking I/O: a server that writes as fast as it can must not take the
 * main loop from the probes it tests. Every loop is bounded, in bytes and
 * in time (5 s per connection); free() stops and joins all threads, and
 * kills the frozen child by its pid. */
PortolanTestHostileServer *portolan_test_hostile_server_new          (PortolanTestHostile         behaviour,
                                                                      GTlsCertificate            *certificate,
                                                                      GError                    **error);
void                       portolan_test_hostile_server_free         (PortolanTestHostileServer  *server);
guint16                    portolan_test_hostile_server_get_port     (PortolanTestHostileServer  *server);
guint                      portolan_test_hostile_server_get_accepted (PortolanTestHostileServer  *server);
const char                *portolan_test_hostile_to_string           (PortolanTestHostile         behaviour);

/* A certificate with the key of @leaf_path (its .key beside it) whose
 * chain holds @length certificates in all: the leaf, then self-signed
 * fillers that sign nothing. */
GTlsCertificate           *portolan_test_hostile_chain_new           (const char                 *leaf_path,
                                                                      guint                       length,
                                                                      GError                    **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PortolanTestHostileServer, portolan_test_hostile_server_free)

G_END_DECLS
