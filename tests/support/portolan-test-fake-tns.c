/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-test-fake-tns.c
 *
 * A fake Oracle listener for the TNS check, written from the published
 * descriptions of the TNS packet (the header: length, packet checksum,
 * type, flags, header checksum; the CONNECT, ACCEPT, REFUSE and RESEND
 * packets, as Wireshark's dissector documents them), not from any
 * server's code. It answers a CONNECT and nothing after it.
 *
 * Its threads are those of portolan-test-fake-tds.c: a GSocketService on
 * a GMainContext of its own in one thread, a thread with blocking I/O
 * and a 5 s socket timeout for each connection; free() shuts the sockets
 * down and joins them all.
 */
#include "config.h"

#include <string.h>

#include "portolan-test-fake-tns.h"

#define TIMEOUT_S       5
#define HEADER_LENGTH   8
#define MAX_PACKET      8192
#define TYPE_CONNECT    1
#define TYPE_ACCEPT     2
#define TYPE_REFUSE     4
#define TYPE_RESEND     11

struct _PortolanTestFakeTns
{
  PortolanTestFakeTnsMode  mode;
  guint32                  vsnnum;
  guint                    err;

  GMainContext            *context;
  GMainLoop               *loop;
  GSocketService          *service;
  GThread                 *thread;
  guint16                  port;

  GMutex                   lock;
  gboolean                 stopping;
  GPtrArray               *workers;      /* of GThread, joined by free() */
  GPtrArray               *connections;  /* of GSocketConnection being served */
  char                    *connect_data; /* of the last CONNECT, under the lock */

  guint                    answered;     /* atomic */
};

typedef struct
{
  PortolanTestFakeTns *self;
  GSocketConnection   *connection;
} Job;

static void
put_u16 (guint8  *data,
         guint16  value)
{
  data[0] = value >> 8;
  data[1] = value & 0xff;
}

/* One TNS packet, whole, with the 2-byte length of a listener that has
 * not negotiated anything yet */
static gboolean
read_packet (GInputStream *input,
             guint8       *packet,
             gsize        *length)
{
  gsize got = 0;

  if (!g_input_stream_read_all (input, packet, HEADER_LENGTH, &got, NULL, NULL) || got < HEADER_LENGTH)
    return FALSE;

  *length = packet[0] << 8 | packet[1];
  if (*length < HEADER_LENGTH || *length > MAX_PACKET)
    return FALSE;

  return g_input_stream_read_all (input, packet + HEADER_LENGTH, *length - HEADER_LENGTH, &got, NULL, NULL) &&
         got == *length - HEADER_LENGTH;
}

/* Keeps the connect data of a CONNECT, where its offset and length say */
static void
keep_connect_data (PortolanTestFakeTns *self,
                   const guint8        *packet,
                   gsize                length)
{
  gsize data_length, data_offset;

  if (length < 28)
    return;
  data_length = packet[24] << 8 | packet[25];
  data_offset = packet[26] << 8 | packet[27];
  if (data_offset > length || data_length > length - data_offset)
    return;

  g_mutex_lock (&self->lock);
  g_free (self->connect_data);
  self->connect_data = g_strndup ((const char *) packet + data_offset, data_length);
  g_mutex_unlock (&self->lock);
}

/* A packet of @type with @body after the header */
static gboolean
send_packet (GOutputStream *output,
             guint8         type,
             const guint8  *body,
             gsize          body_length)
{
  g_autofree guint8 *packet = g_malloc0 (HEADER_LENGTH + body_length);

  put_u16 (packet, HEADER_LENGTH + body_length);
  packet[4] = type;
  if (body_length > 0)
    memcpy (packet + HEADER_LENGTH, body, body_length);
  return g_output_stream_write_all (output, packet, HEADER_LENGTH + body_length, NULL, NULL, NULL);
}

/* User reason 0x22 and system reason 0, as listeners send it */
static gboolean
send_refuse (PortolanTestFakeTns *self,
             GOutputStream       *output)
{
  g_autofree char *text = g_strdup_printf ("(DESCRIPTION=(TMP=)(VSNNUM=%u)(ERR=%u)(ALIAS=LISTENER))",
                                           self->vsnnum, self->err);
  gsize text_length = strlen (text);
  g_autofree guint8 *body = g_malloc0 (4 + text_length);

  body[0] = 0x22;
  put_u16 (body + 2, text_length);
  memcpy (body + 4, text, text_length);
  return send_packet (output, TYPE_REFUSE, body, 4 + text_length);
}

/* Version 314, no service options, SDU 2048, TDU 32767, 1 in the
 * listener's byte order, the accept data at 24, connect flags */
static gboolean
send_accept (PortolanTestFakeTns *self,
             GOutputStream       *output)
{
  g_autofree char *text = g_strdup_printf ("(DESCRIPTION=(TMP=)(VSNNUM=%u)(ERR=0))", self->vsnnum);
  gsize text_length = strlen (text);
  g_autofree guint8 *body = g_malloc0 (16 + text_length);

  put_u16 (body, 0x013a);
  put_u16 (body + 4, 0x0800);
  put_u16 (body + 6, 0x7fff);
  put_u16 (body + 8, 0x0100);
  put_u16 (body + 10, text_length);
  put_u16 (body + 12, HEADER_LENGTH + 16);
  body[14] = 0x41;
  body[15] = 0x01;
  memcpy (body + 16, text, text_length);
  return send_packet (output, TYPE_ACCEPT, body, 16 + text_length);
}

static void
serve (PortolanTestFakeTns *self,
       GSocketConnection   *connection)
{
  GInputStream *input = g_io_stream_get_input_stream (G_IO_STREAM (connection));
  GOutputStream *output = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  guint8 packet[MAX_PACKET];
  gsize length;
  gboolean resent = FALSE;

  g_socket_set_timeout (g_socket_connection_get_socket (connection), TIMEOUT_S);

  while (read_packet (input, packet, &length) && packet[4] == TYPE_CONNECT)
    {
      keep_connect_data (self, packet, length);
      g_atomic_int_inc (&self->answered);

      switch (self->mode)
        {
        case PORTOLAN_TEST_FAKE_TNS_RESEND:
          if (!resent)
            {
              resent = TRUE;
              if (!send_packet (output, TYPE_RESEND, NULL, 0))
                return;
              continue;
            }
          G_GNUC_FALLTHROUGH;
        case PORTOLAN_TEST_FAKE_TNS_REFUSE:
          /* A listener closes once it refused */
          send_refuse (self, output);
          return;
        case PORTOLAN_TEST_FAKE_TNS_ACCEPT:
          /* It would now wait for the session; this one for the client to go */
          if (send_accept (self, output))
            read_packet (input, packet, &length);
          return;
        default:
          g_assert_not_reached ();
        }
    }
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
  PortolanTestFakeTns *self = user_data;
  Job *job;

  g_mutex_lock (&self->lock);
  if (!self->stopping)
    {
      job = g_new0 (Job, 1);
      job->self = self;
      job->connection = g_object_ref (connection);
      g_ptr_array_add (self->connections, g_object_ref (connection));
      g_ptr_array_add (self->workers, g_thread_new ("fake-tns-connection", serve_thread, job));
    }
  g_mutex_unlock (&self->lock);

  return TRUE;
}

static gpointer
accept_thread (gpointer data)
{
  PortolanTestFakeTns *self = data;
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
  PortolanTestFakeTns *self = data;

  g_main_loop_quit (self->loop);
  return G_SOURCE_REMOVE;
}

static gboolean
listen_on_loopback (PortolanTestFakeTns  *self,
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

PortolanTestFakeTns *
portolan_test_fake_tns_new (PortolanTestFakeTnsMode   mode,
                            guint32                   vsnnum,
                            guint                     err,
                            GError                  **error)
{
  PortolanTestFakeTns *self = g_new0 (PortolanTestFakeTns, 1);

  self->mode = mode;
  self->vsnnum = vsnnum;
  self->err = err;
  g_mutex_init (&self->lock);
  self->workers = g_ptr_array_new ();
  self->connections = g_ptr_array_new_with_free_func (g_object_unref);
  self->context = g_main_context_new ();
  self->loop = g_main_loop_new (self->context, FALSE);

  if (!listen_on_loopback (self, error))
    {
      g_clear_object (&self->service);
      portolan_test_fake_tns_free (self);
      return NULL;
    }

  self->thread = g_thread_new ("fake-tns-accept", accept_thread, self);
  return self;
}

guint16
portolan_test_fake_tns_get_port (PortolanTestFakeTns *self)
{
  return self->port;
}

guint
portolan_test_fake_tns_get_answered (PortolanTestFakeTns *self)
{
  return g_atomic_int_get (&self->answered);
}

char *
portolan_test_fake_tns_dup_connect_data (PortolanTestFakeTns *self)
{
  char *connect_data;

  g_mutex_lock (&self->lock);
  connect_data = g_strdup (self->connect_data);
  g_mutex_unlock (&self->lock);
  return connect_data;
}

void
portolan_test_fake_tns_free (PortolanTestFakeTns *self)
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
  g_free (self->connect_data);
  g_mutex_clear (&self->lock);
  g_free (self);
}
