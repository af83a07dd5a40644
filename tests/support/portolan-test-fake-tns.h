/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-test-fake-tns.h: an Oracle listener stand-in that answers a TNS CONNECT */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum
{
  PORTOLAN_TEST_FAKE_TNS_REFUSE, /* REFUSE, "(DESCRIPTION=(TMP=)(VSNNUM=…)(ERR=…)(ALIAS=LISTENER))", then close */
  PORTOLAN_TEST_FAKE_TNS_RESEND, /* RESEND; a CONNECT sent again gets the REFUSE */
  PORTOLAN_TEST_FAKE_TNS_ACCEPT, /* ACCEPT with "(DESCRIPTION=(TMP=)(VSNNUM=…)(ERR=0))" as its data */
} PortolanTestFakeTnsMode;

typedef struct _PortolanTestFakeTns PortolanTestFakeTns;

/* Listens on 127.0.0.1, an ephemeral port, and answers each CONNECT as
 * @mode says, with @vsnnum and @err in its text. Like the fake TDS
 * server it runs in threads of its own (one accepting, on a GMainContext
 * of its own, and one per connection, with blocking I/O and a 5 s
 * timeout), so the caller may use blocking GIO or its own main loop. */
PortolanTestFakeTns *portolan_test_fake_tns_new                (PortolanTestFakeTnsMode   mode,
                                                                guint32                   vsnnum,
                                                                guint                     err,
                                                                GError                  **error);
guint16              portolan_test_fake_tns_get_port           (PortolanTestFakeTns      *self);
/* How many CONNECT packets it answered */
guint                portolan_test_fake_tns_get_answered       (PortolanTestFakeTns      *self);
/* The connect data of the last CONNECT, or NULL before one came */
char                *portolan_test_fake_tns_dup_connect_data   (PortolanTestFakeTns      *self);
/* Shuts every connection down, stops listening and joins every thread */
void                 portolan_test_fake_tns_free               (PortolanTestFakeTns      *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PortolanTestFakeTns, portolan_test_fake_tns_free)

G_END_DECLS
