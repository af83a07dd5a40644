/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-test-fake-tds.h: an SQL Server stand-in that answers MS-TDS PRELOGIN */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum
{
  PORTOLAN_TEST_FAKE_TDS_PLAIN,  /* PRELOGIN in the clear, answered in the clear */
  PORTOLAN_TEST_FAKE_TDS_STRICT, /* TDS 8: TLS first (ALPN "tds/8.0"), PRELOGIN inside it;
                                  * a plain PRELOGIN makes it close the connection */
} PortolanTestFakeTdsMode;

/* The ENCRYPTION byte of the answer (MS-TDS 2.2.6.5) */
#define PORTOLAN_TEST_FAKE_TDS_ENCRYPT_OFF     0x00
#define PORTOLAN_TEST_FAKE_TDS_ENCRYPT_ON      0x01
#define PORTOLAN_TEST_FAKE_TDS_ENCRYPT_NOT_SUP 0x02
#define PORTOLAN_TEST_FAKE_TDS_ENCRYPT_REQ     0x03

typedef struct _PortolanTestFakeTds PortolanTestFakeTds;

/* Listens on 127.0.0.1, an ephemeral port, and answers each PRELOGIN
 * with a PRELOGIN response saying VERSION @major.@minor.@build and
 * ENCRYPTION @encryption. It runs in threads of its own (one accepting,
 * on a GMainContext of its own, and one per connection, with blocking
 * I/O and a 5 s timeout), so the caller may use blocking GIO or its own
 * main loop alike. The strict mode serves the certificate "valid" of
 * portolan-test-certs.h, signed by the CA of get_database(). */
PortolanTestFakeTds *portolan_test_fake_tds_new          (PortolanTestFakeTdsMode   mode,
                                                          guint8                    major,
                                                          guint8                    minor,
                                                          guint16                   build,
                                                          guint8                    encryption,
                                                          GError                  **error);
guint16              portolan_test_fake_tds_get_port     (PortolanTestFakeTds      *self);
/* The CA that signed the strict mode's certificate; NULL in plain mode */
GTlsDatabase        *portolan_test_fake_tds_get_database (PortolanTestFakeTds      *self);
/* How many PRELOGINs it answered */
guint                portolan_test_fake_tds_get_answered (PortolanTestFakeTds      *self);
/* How many connections it closed because they began otherwise than the mode wants */
guint                portolan_test_fake_tds_get_refused  (PortolanTestFakeTds      *self);
/* Shuts every connection down, stops listening and joins every thread */
void                 portolan_test_fake_tds_free         (PortolanTestFakeTds      *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PortolanTestFakeTds, portolan_test_fake_tds_free)

G_END_DECLS
