/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-tls-session.c: a TLS client on the main context, with GnuTLS
 *
 * Why not GTlsClientConnection: glib-networking 2.74 (Debian 12) runs
 * every handshake, asynchronous or blocking, in GLib's one shared task
 * pool, which starts with ten threads and grows by about one every
 * 100 ms. A thousand checks at once then wait there for a thread until
 * their deadlines pass, and healthy servers look silent. GnuTLS itself,
 * which glib-networking wraps, can be driven without threads: each step
 * runs when the socket is ready, on the main context, and costs a
 * fraction of a millisecond of CPU.
 *
 * The session reads and writes through the base stream's pollable
 * halves, so it works over a plain socket and through a proxy tunnel
 * alike. One operation runs at a time, as an HTTP exchange needs.
 *
 * A session made in clear passes the bytes through untouched, so that
 * HTTP runs the same way on a port without TLS (the UMS Server's 9080).
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <gnutls/gnutls.h>

#include "portolan-probe-private.h"
#include "portolan-tls-session-private.h"

typedef enum
{
  OP_NONE,
  OP_HANDSHAKE,
  OP_WRITE,
  OP_READ,
} Operation;

/* What a server that does not speak TLS sent during the handshake is
 * kept, up to this much, so that its first bytes can name it */
#define RECEIVED_KEPT 1024

struct _PortolanTlsSession
{
  gnutls_session_t       session;   /* NULL in clear */
  GIOStream             *base;
  GPollableInputStream  *input;
  GPollableOutputStream *output;
  GError                *transport_error;  /* the socket's words for a failed push or pull */
  GTlsCertificate       *peer_certificate;
  guint                  peer_chain_length;
  GByteArray            *received;  /* the first bytes pulled in the handshake */

  Operation              operation;
  GTask                 *task;
  GSource               *source;
  const guint8          *write_data;
  gsize                  write_size;
  gsize                  written;
  void                  *read_buffer;
  gsize                  read_size;
};

static void step (PortolanTlsSession *self);

/* No certificate of our own and no trust list: the peer's chain is
 * verified afterwards against the run's GTlsDatabase */
static gnutls_certificate_credentials_t
get_credentials (void)
{
  static gsize credentials;

  if (g_once_init_enter (&credentials))
    {
      gnutls_certificate_credentials_t made;

      if (gnutls_certificate_allocate_credentials (&made) != GNUTLS_E_SUCCESS)
        g_error ("GnuTLS could not allocate credentials: out of memory");
      g_once_init_leave (&credentials, (gsize) made);
    }

  return (gnutls_certificate_credentials_t) credentials;
}

/* --- The transport: non-blocking reads and writes of the base stream --- */

static int
errno_for (PortolanTlsSession *self,
           GError             *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
    {
      g_error_free (error);
      return EAGAIN;
    }

  g_clear_error (&self->transport_error);
  self->transport_error = error;
  return EIO;
}

static ssize_t
push_cb (gnutls_transport_ptr_t  pointer,
         const void             *data,
         size_t                  size)
{
  PortolanTlsSession *self = pointer;
  GError *error = NULL;
  gssize written = g_pollable_output_stream_write_nonblocking (self->output, data, size, NULL, &error);

  if (written < 0)
    gnutls_transport_set_errno (self->session, errno_for (self, error));
  return written;
}

static ssize_t
pull_cb (gnutls_transport_ptr_t  pointer,
         void                   *buffer,
         size_t                  size)
{
  PortolanTlsSession *self = pointer;
  GError *error = NULL;
  gssize read = g_pollable_input_stream_read_nonblocking (self->input, buffer, size, NULL, &error);

  if (read < 0)
    gnutls_transport_set_errno (self->session, errno_for (self, error));
  else if (self->operation == OP_HANDSHAKE && self->received->len < RECEIVED_KEPT)
    g_byte_array_append (self->received, buffer, MIN ((gsize) read, RECEIVED_KEPT - self->received->len));
  return read;
}

/* GnuTLS asks only when it would otherwise block in poll(); a
 * non-blocking session never waits here */
static int
pull_timeout_cb (gnutls_transport_ptr_t pointer,
                 unsigned int           ms)
{
  PortolanTlsSession *self = pointer;

  return g_pollable_input_stream_is_readable (self->input) ? 1 : 0;
}

/**
 * _portolan_tls_session_new:
 * @base: a connected stream whose halves are pollable; the session owns
 *   it from now on and closes it when freed
 * @host: the name sent as SNI; an IP address is not sent (RFC 6066)
 */
static PortolanTlsSession *
session_over (GIOStream  *base,
              GError    **error)
{
  g_autoptr(PortolanTlsSession) self = g_new0 (PortolanTlsSession, 1);
  GInputStream *input = g_io_stream_get_input_stream (base);
  GOutputStream *output = g_io_stream_get_output_stream (base);

  self->base = g_object_ref (base);
  self->received = g_byte_array_new ();
  if (!G_IS_POLLABLE_INPUT_STREAM (input) || !G_IS_POLLABLE_OUTPUT_STREAM (output) ||
      !g_pollable_input_stream_can_poll (G_POLLABLE_INPUT_STREAM (input)) ||
      !g_pollable_output_stream_can_poll (G_POLLABLE_OUTPUT_STREAM (output)))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           "TLS needs a connection that can be polled");
      return NULL;
    }
  self->input = G_POLLABLE_INPUT_STREAM (input);
  self->output = G_POLLABLE_OUTPUT_STREAM (output);
  return g_steal_pointer (&self);
}

/**
 * _portolan_tls_session_new_clear:
 * @base: a connected stream whose halves are pollable; the session owns
 *   it from now on and closes it when freed
 *
 * A session without TLS: its handshake does nothing, and its reads and
 * writes are the stream's own.
 */
PortolanTlsSession *
_portolan_tls_session_new_clear (GIOStream  *base,
                                 GError    **error)
{
  return session_over (base, error);
}

/* Whether the session passes its bytes in clear */
gboolean
_portolan_tls_session_is_clear (PortolanTlsSession *self)
{
  return self->session == NULL;
}

/**
 * _portolan_tls_session_get_received:
 *
 * Returns: (transfer full) (nullable): the first bytes the server sent
 *   during the handshake, and what of them waits still, at most 1 KiB;
 *   what names a server that answered in another protocol
 */
GBytes *
_portolan_tls_session_get_received (PortolanTlsSession *self)
{
  guint8 more[RECEIVED_KEPT];
  gssize read = 0;

  /* GnuTLS stops at the first record header that is wrong, five bytes
   * in; the rest of a banner came in the same segment and is waiting */
  if (self->received->len > 0 && self->received->len < RECEIVED_KEPT && self->operation == OP_NONE)
    read = g_pollable_input_stream_read_nonblocking (self->input, more, RECEIVED_KEPT - self->received->len,
                                                     NULL, NULL);
  if (read > 0)
    g_byte_array_append (self->received, more, read);

  if (self->received->len == 0)
    return NULL;
  return g_bytes_new (self->received->data, self->received->len);
}

PortolanTlsSession *
_portolan_tls_session_new (GIOStream   *base,
                           const char  *host,
                           GError     **error)
{
  g_autoptr(PortolanTlsSession) self = session_over (base, error);
  int code;

  if (self == NULL)
    return NULL;

  code = gnutls_init (&self->session, GNUTLS_CLIENT | GNUTLS_NONBLOCK | GNUTLS_NO_SIGNAL);
  if (code == GNUTLS_E_SUCCESS)
    code = gnutls_set_default_priority (self->session);
  if (code == GNUTLS_E_SUCCESS)
    code = gnutls_credentials_set (self->session, GNUTLS_CRD_CERTIFICATE, get_credentials ());
  if (code == GNUTLS_E_SUCCESS && !g_hostname_is_ip_address (host))
    code = gnutls_server_name_set (self->session, GNUTLS_NAME_DNS, host, strlen (host));
  if (code != GNUTLS_E_SUCCESS)
    {
      g_set_error (error, G_TLS_ERROR, G_TLS_ERROR_MISC, "GnuTLS: %s", gnutls_strerror (code));
      return NULL;
    }

  gnutls_handshake_set_max_packet_length (self->session, PORTOLAN_TLS_MAX_HANDSHAKE);
  gnutls_transport_set_ptr (self->session, self);
  gnutls_transport_set_push_function (self->session, push_cb);
  gnutls_transport_set_pull_function (self->session, pull_cb);
  gnutls_transport_set_pull_timeout_function (self->session, pull_timeout_cb);

  return g_steal_pointer (&self);
}

/**
 * _portolan_tls_session_set_alpn:
 *
 * Offers @protocol, and only it, in the ClientHello (RFC 7301); before
 * the handshake.
 */
gboolean
_portolan_tls_session_set_alpn (PortolanTlsSession  *self,
                                const char          *protocol,
                                GError             **error)
{
  gnutls_datum_t datum = { (unsigned char *) protocol, strlen (protocol) };
  int code = gnutls_alpn_set_protocols (self->session, &datum, 1, GNUTLS_ALPN_MANDATORY);

  if (code != GNUTLS_E_SUCCESS)
    {
      g_set_error (error, G_TLS_ERROR, G_TLS_ERROR_MISC, "GnuTLS: %s", gnutls_strerror (code));
      return FALSE;
    }
  return TRUE;
}

static void
stop_waiting (PortolanTlsSession *self)
{
  if (self->source != NULL)
    {
      g_source_destroy (self->source);
      g_clear_pointer (&self->source, g_source_unref);
    }
}

void
_portolan_tls_session_free (PortolanTlsSession *self)
{
  if (self == NULL)
    return;

  /* An operation holds a reference on the task, and the task none on
   * the session: freeing mid-operation is a caller's bug */
  g_assert (self->operation == OP_NONE);
  stop_waiting (self);
  if (self->session != NULL)
    gnutls_deinit (self->session);
  if (self->base != NULL)
    g_io_stream_close (self->base, NULL, NULL);
  g_clear_object (&self->base);
  g_clear_object (&self->peer_certificate);
  g_clear_error (&self->transport_error);
  g_clear_pointer (&self->received, g_byte_array_unref);
  g_free (self);
}

/* --- GnuTLS's errors in GIO's terms --- */

static gboolean
is_not_tls (int code)
{
  switch (code)
    {
    case GNUTLS_E_UNEXPECTED_PACKET_LENGTH:
    case GNUTLS_E_UNSUPPORTED_VERSION_PACKET:
    case GNUTLS_E_UNEXPECTED_PACKET:
    case GNUTLS_E_UNEXPECTED_HANDSHAKE_PACKET:
    case GNUTLS_E_RECORD_OVERFLOW:
      return TRUE;
    default:
      return FALSE;
    }
}

static GError *
error_for (PortolanTlsSession *self,
           int                 code)
{
  if ((code == GNUTLS_E_PUSH_ERROR || code == GNUTLS_E_PULL_ERROR) && self->transport_error != NULL)
    return g_error_copy (self->transport_error);

  if (code == GNUTLS_E_PREMATURE_TERMINATION)
    return g_error_new_literal (G_TLS_ERROR, G_TLS_ERROR_EOF,
                                _("the server closed the connection without ending TLS"));

  if (code == GNUTLS_E_HANDSHAKE_TOO_LARGE)
    /* Translators: "… larger than 64 KiB" */
    return g_error_new (G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE,
                        _("the server's handshake, with its certificate chain, is larger than %u KiB"),
                        PORTOLAN_TLS_MAX_HANDSHAKE / 1024);

  if (is_not_tls (code))
    /* Translators: the end is GnuTLS's own English message */
    return g_error_new (G_TLS_ERROR, G_TLS_ERROR_NOT_TLS, _("the server does not speak TLS (%s)"),
                        gnutls_strerror (code));

  if (code == GNUTLS_E_FATAL_ALERT_RECEIVED)
    /* Translators: "… with the alert “Handshake failed”" */
    return g_error_new (G_TLS_ERROR, G_TLS_ERROR_HANDSHAKE, _("the server ended TLS with the alert “%s”"),
                        gnutls_alert_get_name (gnutls_alert_get (self->session)));

  return g_error_new (G_TLS_ERROR, self->operation == OP_HANDSHAKE ? G_TLS_ERROR_HANDSHAKE : G_TLS_ERROR_MISC,
                      "%s", gnutls_strerror (code));
}

/* --- Running one operation to its end --- */

static void
complete (PortolanTlsSession *self,
          gssize              value,
          GError             *error)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->task);

  stop_waiting (self);
  self->operation = OP_NONE;
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_int (task, value);
}

static gboolean
ready_cb (GObject  *stream,
          gpointer  user_data)
{
  PortolanTlsSession *self = user_data;

  g_clear_pointer (&self->source, g_source_unref);
  step (self);
  return G_SOURCE_REMOVE;
}

/* Waits until the socket can go on in the direction GnuTLS last wanted */
static void
wait_for_socket (PortolanTlsSession *self)
{
  GCancellable *cancellable = g_task_get_cancellable (self->task);

  gboolean writing = self->session != NULL ? gnutls_record_get_direction (self->session) == 1
                                           : self->operation == OP_WRITE;

  if (writing)
    self->source = g_pollable_output_stream_create_source (self->output, cancellable);
  else
    self->source = g_pollable_input_stream_create_source (self->input, cancellable);

  g_source_set_priority (self->source, PORTOLAN_PROBE_PRIORITY);
  g_source_set_callback (self->source, G_SOURCE_FUNC (ready_cb), self, NULL);
  g_source_attach (self->source, g_task_get_context (self->task));
}

static int
run_operation (PortolanTlsSession *self)
{
  switch (self->operation)
    {
    case OP_HANDSHAKE:
      return gnutls_handshake (self->session);

    case OP_WRITE:
      while (self->written < self->write_size)
        {
          ssize_t sent = gnutls_record_send (self->session, self->write_data + self->written,
                                             self->write_size - self->written);
          if (sent < 0)
            return sent;
          self->written += sent;
        }
      return GNUTLS_E_SUCCESS;

    case OP_READ:
      return gnutls_record_recv (self->session, self->read_buffer, self->read_size);

    case OP_NONE:
    default:
      g_assert_not_reached ();
    }
}

/* In clear: the stream's own non-blocking reads and writes */
static void
step_clear (PortolanTlsSession *self)
{
  GError *error = NULL;
  gssize done = 0;

  while (self->operation == OP_WRITE && self->written < self->write_size)
    {
      done = g_pollable_output_stream_write_nonblocking (self->output, self->write_data + self->written,
                                                         self->write_size - self->written, NULL, &error);
      if (done < 0)
        break;
      self->written += done;
    }
  if (self->operation == OP_READ)
    done = g_pollable_input_stream_read_nonblocking (self->input, self->read_buffer, self->read_size,
                                                     NULL, &error);

  if (done < 0 && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
    {
      g_error_free (error);
      wait_for_socket (self);
    }
  else if (done < 0)
    complete (self, -1, error);
  else
    complete (self, self->operation == OP_READ ? done : 0, NULL);
}

static void
step (PortolanTlsSession *self)
{
  GError *error = NULL;
  int code;

  if (g_cancellable_set_error_if_cancelled (g_task_get_cancellable (self->task), &error))
    {
      complete (self, -1, error);
      return;
    }
  if (self->session == NULL)
    {
      step_clear (self);
      return;
    }

  for (;;)
    {
      code = run_operation (self);
      if (code == GNUTLS_E_AGAIN || code == GNUTLS_E_INTERRUPTED)
        {
          wait_for_socket (self);
          return;
        }
      /* A renegotiation request or a warning alert needs no answer */
      if (code == GNUTLS_E_REHANDSHAKE || (code < 0 && !gnutls_error_is_fatal (code)))
        continue;
      break;
    }

  if (self->operation == OP_READ && code == GNUTLS_E_PREMATURE_TERMINATION)
    /* The end of a connection without close_notify, as most web servers
     * close it: the caller's framing tells whether anything is missing */
    complete (self, 0, NULL);
  else if (code < 0)
    complete (self, -1, error_for (self, code));
  else
    complete (self, self->operation == OP_READ ? code : 0, NULL);
}

static void
start (PortolanTlsSession  *self,
       Operation            operation,
       gpointer             source_tag,
       GCancellable        *cancellable,
       GAsyncReadyCallback  callback,
       gpointer             user_data)
{
  g_assert (self->operation == OP_NONE);

  self->task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (self->task, source_tag);
  g_task_set_priority (self->task, PORTOLAN_PROBE_PRIORITY);
  self->operation = operation;
  g_clear_error (&self->transport_error);
  step (self);
}

void
_portolan_tls_session_handshake_async (PortolanTlsSession  *self,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  start (self, OP_HANDSHAKE, _portolan_tls_session_handshake_async, cancellable, callback, user_data);
}

gboolean
_portolan_tls_session_handshake_finish (PortolanTlsSession  *self,
                                        GAsyncResult        *result,
                                        GError             **error)
{
  return g_task_propagate_int (G_TASK (result), error) == 0;
}

void
_portolan_tls_session_write_all_async (PortolanTlsSession  *self,
                                       const void          *data,
                                       gsize                size,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  self->write_data = data;
  self->write_size = size;
  self->written = 0;
  start (self, OP_WRITE, _portolan_tls_session_write_all_async, cancellable, callback, user_data);
}

gboolean
_portolan_tls_session_write_all_finish (PortolanTlsSession  *self,
                                        GAsyncResult        *result,
                                        GError             **error)
{
  return g_task_propagate_int (G_TASK (result), error) == 0;
}

/**
 * _portolan_tls_session_read_async:
 *
 * Reads at most @size bytes of what the server sent over TLS; 0 means
 * the server ended the connection.
 */
void
_portolan_tls_session_read_async (PortolanTlsSession  *self,
                                  void                *buffer,
                                  gsize                size,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  self->read_buffer = buffer;
  self->read_size = size;
  start (self, OP_READ, _portolan_tls_session_read_async, cancellable, callback, user_data);
}

gssize
_portolan_tls_session_read_finish (PortolanTlsSession  *self,
                                   GAsyncResult        *result,
                                   GError             **error)
{
  return g_task_propagate_int (G_TASK (result), error);
}

/* --- What the server showed --- */

/* Each certificate's issuer is the one sent after it, whatever it is:
 * verifying (GnuTLS, under g_tls_database_verify_chain) sorts the chain
 * and drops what does not belong. Read from PEM instead, GLib keeps only
 * the first certificate unless the rest form a chain to the last, so one
 * stray certificate at the end hid every intermediate. */
static GTlsCertificate *
certificate_new (const gnutls_datum_t *der,
                 GTlsCertificate      *issuer)
{
  GType type = g_tls_backend_get_certificate_type (g_tls_backend_get_default ());
  g_autoptr(GByteArray) bytes = g_byte_array_sized_new (der->size);

  g_byte_array_append (bytes, der->data, der->size);
  return g_initable_new (type, NULL, NULL, "certificate", bytes, "issuer", issuer, NULL);
}

/**
 * _portolan_tls_session_get_peer_certificate:
 *
 * Returns: (transfer none) (nullable): the server's certificate with at
 *   most PORTOLAN_TLS_MAX_CHAIN - 1 issuers of its chain, in the order
 *   sent, once the server sent it, even if the handshake failed afterwards
 */
GTlsCertificate *
_portolan_tls_session_get_peer_certificate (PortolanTlsSession *self)
{
  const gnutls_datum_t *chain;
  unsigned int length = 0;
  g_autoptr(GTlsCertificate) issuer = NULL;

  if (self->peer_certificate != NULL || self->session == NULL)
    return self->peer_certificate;

  chain = gnutls_certificate_get_peers (self->session, &length);
  if (chain == NULL || length == 0)
    return NULL;

  /* From the top down; a certificate GLib cannot read ends the chain
   * below it, and a server's own that it cannot read is as good as
   * none shown */
  for (unsigned int i = MIN (length, PORTOLAN_TLS_MAX_CHAIN); i-- > 0;)
    {
      GTlsCertificate *next = certificate_new (&chain[i], issuer);

      g_clear_object (&issuer);
      issuer = next;
    }

  self->peer_certificate = g_steal_pointer (&issuer);
  self->peer_chain_length = length;
  return self->peer_certificate;
}

/* How many certificates the server sent, its own included */
guint
_portolan_tls_session_get_peer_chain_length (PortolanTlsSession *self)
{
  _portolan_tls_session_get_peer_certificate (self);
  return self->peer_chain_length;
}
