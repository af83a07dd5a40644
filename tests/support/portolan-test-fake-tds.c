/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-test-fake-tds.c
 *
 * A fake SQL Server for the TDS check, written from the public MS-TDS
 * specification (2.2.3.1 the packet header, 2.2.6.5 PRELOGIN), not from
 * any server's code. It knows PRELOGIN and nothing after it.
 *
 * A GSocketService accepts on a GMainContext of its own, in a thread of
 * its own; each connection is then served by a thread with blocking I/O,
 * bounded by a 5 s socket timeout. free() shuts every socket down, so no
 * read outlives it, stops the service, waits for its finalization and
 * joins every thread.
 */
#include "config.h"

#include <string.h>

#include "portolan-test-certs.h"
#include "portolan-test-fake-tds.h"

#define TIMEOUT_S       5
#define HEADER_LENGTH   8
#define MAX_PACKET      4096
#define TYPE_PRELOGIN   0x12
#define TYPE_TABULAR    0x04
#define TLS_HANDSHAKE   0x16
#define STRICT_ALPN     "tds/8.0"

struct _PortolanTestFakeTds
{
  PortolanTestFakeTdsMode  mode;
  guint8                   version[4];
  guint8                   encryption;
  PortolanTestCerts       *certs;

  GMainContext            *context;
  GMainLoop               *loop;
  GSocketService          *service;
  GThread                 *thread;
  guint16                  port;

  GMutex                   lock;
  gboolean                 stopping;
  GPtrArray               *workers;      /* of GThread, joined by free() */
  GPtrArray               *connections;  /* of GSocketConnection being served */

  guint                    answered;     /* atomic */
  guint                    refused;      /* atomic */
};

typedef struct
{
  PortolanTestFakeTds *self;
  GSocketConnection   *connection;
} Job;

/* The answer SQL Server gives, in its order: VERSION, ENCRYPTION,
 * INSTOPT, THREADID (empty), MARS, the terminator, then their values */
static GBytes *
build_answer (PortolanTestFakeTds *self)
{
  guint8 packet[] = {
    TYPE_TABULAR, 0x01, 0x00, 0x2b, 0x00, 0x00, 0x01, 0x00,
    0x00, 0x00, 0x1a, 0x00, 0x06,
    0x01, 0x00, 0x20, 0x00, 0x01,
    0x02, 0x00, 0x21, 0x00, 0x01,
    0x03, 0x00, 0x22, 0x00, 0x00,
    0x04, 0x00, 0x22, 0x00, 0x01,
    0xff,
    /* UL_VERSION, US_SUBBUILD 0 */
    0, 0, 0, 0, 0x00, 0x00,
    0,
    /* INSTOPT: the instance the client named is this one */
    0x00,
    /* MARS off */
    0x00,
  };

  memcpy (packet + 34, self->version, sizeof self->version);
  packet[40] = self->encryption;
  return g_bytes_new (packet, sizeof packet);
}

/* One TDS packet, whole: the header, then as much as its length says */
static gboolean
read_packet (GInputStream *input,
             guint8       *packet,
             gsize        *length)
{
  gsize got = 0;

  if (!g_input_stream_read_all (input, packet, HEADER_LENGTH, &got, NULL, NULL) || got < HEADER_LENGTH)
    return FALSE;

  *length = packet[2] << 8 | packet[3];
  if (*length < HEADER_LENGTH || *length > MAX_PACKET)
    return FALSE;

  return g_input_stream_read_all (input, packet + HEADER_LENGTH, *length - HEADER_LENGTH, &got, NULL, NULL) &&
         got == *length - HEADER_LENGTH;
}

/* The first byte, left in the socket for whoever reads next */
static gboolean
peek_byte (GSocket *socket,
           guint8  *byte)
{
  GInputVector vector = { byte, 1 };
  gint flags = G_SOCKET_MSG_PEEK;

  return g_socket_receive_message (socket, NULL, &vector, 1, NULL, NULL, &flags, NULL, NULL) == 1;
}

static GIOStream *
start_tls (PortolanTestFakeTds *self,
           GSocketConnection   *connection)
{
  static const char * const protocols[] = { STRICT_ALPN, NULL };
  g_autoptr(GIOStream) tls = NULL;

  tls = g_tls_server_connection_new (G_IO_STREAM (connection), self->certs->valid, NULL);
  if (tls == NULL)
    return NULL;
  g_tls_connection_set_advertised_protocols (G_TLS_CONNECTION (tls), protocols);
  if (!g_tls_connection_handshake (G_TLS_CONNECTION (tls), NULL, NULL))
    return NULL;

  return g_steal_pointer (&tls);
}

static void
serve (PortolanTestFakeTds *self,
       GSocketConnection   *connection)
{
  GSocket *socket = g_socket_connection_get_socket (connection);
  g_autoptr(GIOStream) stream = NULL;
  g_autoptr(GBytes) answer = NULL;
  guint8 packet[MAX_PACKET];
  gsize length;
  guint8 first;

  g_socket_set_timeout (socket, TIMEOUT_S);
  if (!peek_byte (socket, &first))
    return;

  /* Strict wants a ClientHello first; plain wants the PRELOGIN itself */
  if (self->mode == PORTOLAN_TEST_FAKE_TDS_STRICT ? first != TLS_HANDSHAKE : first != TYPE_PRELOGIN)
    {
      g_atomic_int_inc (&self->refused);
      return;
    }

  if (self->mode == PORTOLAN_TEST_FAKE_TDS_STRICT)
    stream = start_tls (self, connection);
  else
    stream = g_object_ref (G_IO_STREAM (connection));
  if (stream == NULL)
    return;

  if (!read_packet (g_io_stream_get_input_stream (stream), packet, &length) || packet[0] != TYPE_PRELOGIN)
    return;

  /* Counted first, so that a client that has the answer sees the count */
  g_atomic_int_inc (&self->answered);
  answer = build_answer (self);
  if (!g_output_stream_write_all (g_io_stream_get_output_stream (stream), g_bytes_get_data (answer, NULL),
                                  g_bytes_get_size (answer), NULL, NULL, NULL))
    return;

  /* A server now waits for the LOGIN7; this one waits for the client to
   * go, or for anything it may send, and then closes */
  read_packet (g_io_stream_get_input_stream (stream), packet, &length);
  g_io_stream_close (stream, NULL, NULL);
}

static gpointer
serve_thread (gpointer data)
{
  Job *job = data;

  serve (job->self, job->connection);
  g_io_stream_close (G_IO_STREAM (job->connection), NULL, NULL);

  g_mutex_lock (&job->self->lock);
  g_ptr_array_remove (job->self->connections, job->connection);
  g_mutex_unlock (&job->self->lock);

  g_object_unref (job->connection);
  g_free (job);
  return NULL;
}

static gboolean
incoming_cb (GSocketService    *service,
             GSocketConnection *connection,
             GObject           *source_object,
             gpointer           user_data)
{
  PortolanTestFakeTds *self = user_data;
  Job *job;

  g_mutex_lock (&self->lock);
  if (!self->stopping)
    {
      job = g_new0 (Job, 1);
      job->self = self;
      job->connection = g_object_ref (connection);
      g_ptr_array_add (self->connections, g_object_ref (connection));
      g_ptr_array_add (self->workers, g_thread_new ("fake-tds-connection", serve_thread, job));
    }
  g_mutex_unlock (&self->lock);

  return TRUE;
}

static gpointer
accept_thread (gpointer data)
{
  PortolanTestFakeTds *self = data;
  gpointer service = self->service;

  g_main_context_push_thread_default (self->context);
  g_main_loop_run (self->loop);

  /* The cancelled accept holds the service until its callback has run */
  g_signal_handlers_disconnect_by_data (self->service, self);
  g_socket_service_stop (self->service);
  g_object_add_weak_pointer (service, &service);
  g_clear_object (&self->service);
  while (service != NULL)
    g_main_context_iteration (self->context, TRUE);

  g_main_context_pop_thread_default (self->context);
  return NULL;
}

static gboolean
quit_cb (gpointer data)
{
  PortolanTestFakeTds *self = data;

  g_main_loop_quit (self->loop);
  return G_SOURCE_REMOVE;
}

static gboolean
listen_on_loopback (PortolanTestFakeTds  *self,
                    GError              **error)
{
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new_from_string ("127.0.0.1", 0);
  g_autoptr(GSocketAddress) effective = NULL;
  gboolean listening;

  self->service = g_socket_service_new ();
  g_signal_connect (self->service, "incoming", G_CALLBACK (incoming_cb), self);

  /* The pending accept belongs to the context that is the default now */
  g_main_context_push_thread_default (self->context);
  listening = g_socket_listener_add_address (G_SOCKET_LISTENER (self->service), address, G_SOCKET_TYPE_STREAM,
                                             G_SOCKET_PROTOCOL_TCP, NULL, &effective, error);
  if (listening)
    g_socket_service_start (self->service);
  g_main_context_pop_thread_default (self->context);

  if (listening)
    self->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective));
  return listening;
}

PortolanTestFakeTds *
portolan_test_fake_tds_new (PortolanTestFakeTdsMode   mode,
                            guint8                    major,
                            guint8                    minor,
                            guint16                   build,
                            guint8                    encryption,
                            GError                  **error)
{
  PortolanTestFakeTds *self = g_new0 (PortolanTestFakeTds, 1);

  self->mode = mode;
  self->version[0] = major;
  self->version[1] = minor;
  self->version[2] = build >> 8;
  self->version[3] = build & 0xff;
  self->encryption = encryption;
  g_mutex_init (&self->lock);
  self->workers = g_ptr_array_new ();
  self->connections = g_ptr_array_new_with_free_func (g_object_unref);
  self->context = g_main_context_new ();
  self->loop = g_main_loop_new (self->context, FALSE);

  if ((mode == PORTOLAN_TEST_FAKE_TDS_STRICT && (self->certs = portolan_test_certs_new (error)) == NULL) ||
      !listen_on_loopback (self, error))
    {
      g_clear_object (&self->service);
      portolan_test_fake_tds_free (self);
      return NULL;
    }

  self->thread = g_thread_new ("fake-tds-accept", accept_thread, self);
  return self;
}

guint16
portolan_test_fake_tds_get_port (PortolanTestFakeTds *self)
{
  return self->port;
}

GTlsDatabase *
portolan_test_fake_tds_get_database (PortolanTestFakeTds *self)
{
  return self->certs != NULL ? self->certs->ca_database : NULL;
}

guint
portolan_test_fake_tds_get_answered (PortolanTestFakeTds *self)
{
  return g_atomic_int_get (&self->answered);
}

guint
portolan_test_fake_tds_get_refused (PortolanTestFakeTds *self)
{
  return g_atomic_int_get (&self->refused);
}

void
portolan_test_fake_tds_free (PortolanTestFakeTds *self)
{
  if (self == NULL)
    return;

  g_mutex_lock (&self->lock);
  self->stopping = TRUE;
  for (guint i = 0; i < self->connections->len; i++)
    g_socket_shutdown (g_socket_connection_get_socket (g_ptr_array_index (self->connections, i)),
                       TRUE, TRUE, NULL);
  g_mutex_unlock (&self->lock);

  if (self->thread != NULL)
    {
      g_main_context_invoke (self->context, quit_cb, self);
      g_thread_join (self->thread);
    }
  /* No thread is added once the accepting one has ended */
  for (guint i = 0; i < self->workers->len; i++)
    g_thread_join (g_ptr_array_index (self->workers, i));

  g_ptr_array_unref (self->workers);
  g_ptr_array_unref (self->connections);
  g_main_loop_unref (self->loop);
  g_main_context_unref (self->context);
  g_clear_pointer (&self->certs, portolan_test_certs_free);
  g_mutex_clear (&self->lock);
  g_free (self);
}
