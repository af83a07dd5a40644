/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-tls-session.c: the GnuTLS session on the main context, against real servers on loopback
 *
 * Every operation of the session under test is driven by iterating the
 * main context; the servers it talks to run in threads of their own (or
 * as processes: openssl, nginx), so that a blocking server never stands
 * in for the non-blocking client.
 */
#include "config.h"

#include <string.h>
#include <sys/socket.h>

#include <glib/gstdio.h>

#include "portolan-test-certs.h"
#include "portolan-test-hostile.h"
#include "portolan-test-nginx.h"
#include "portolan-test-session.h"
#include "portolan-test-time.h"
#include "portolan-tls-session-private.h"

/* Larger than both socket buffers together, so that writing blocks */
#define ECHO_SIZE      (200 * 1024)
#define SOCKET_BUFFER  (16 * 1024)
/* How long the echo server waits before it reads anything */
#define ECHO_PAUSE_MS  300
#define GOODBYE        "goodbye"
#define AT_ONCE        100
#define AT_ONCE_MS     2000
#define LONG_CHAIN     200

static PortolanTestCerts *certs;

static double
elapsed_ms (gint64 since_us)
{
  return (g_get_monotonic_time () - since_us) / 1000.0;
}

/* --- Certificates --- */

static GBytes *
der_of (GTlsCertificate *certificate)
{
  g_autoptr(GByteArray) der = NULL;

  g_object_get (certificate, "certificate", &der, NULL);
  return g_byte_array_free_to_bytes (g_steal_pointer (&der));
}

static void
assert_same_certificate (GTlsCertificate *a,
                         GTlsCertificate *b)
{
  g_autoptr(GBytes) der_a = der_of (a);
  g_autoptr(GBytes) der_b = der_of (b);

  g_assert_true (g_bytes_equal (der_a, der_b));
}

/* portolan-test-certs.h: each key sits beside its certificate */
static char *
key_path_of (const char *pem_path)
{
  g_autofree char *stem = NULL;

  g_assert_true (g_str_has_suffix (pem_path, ".pem"));
  stem = g_strndup (pem_path, strlen (pem_path) - strlen (".pem"));
  return g_strconcat (stem, ".key", NULL);
}

static char *
read_text (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  return text;
}

/* The valid certificate with the CA as its issuer, so a server sends both */
static GTlsCertificate *
valid_with_ca_new (void)
{
  g_autofree char *key_path = key_path_of (certs->valid_path);
  g_autofree char *leaf = read_text (certs->valid_path);
  g_autofree char *ca = read_text (certs->ca_path);
  g_autofree char *key = read_text (key_path);
  g_autofree char *pem = g_strconcat (leaf, ca, key, NULL);
  g_autoptr(GError) error = NULL;
  GTlsCertificate *certificate = g_tls_certificate_new_from_pem (pem, -1, &error);

  g_assert_no_error (error);
  g_assert_nonnull (g_tls_certificate_get_issuer (certificate));
  return certificate;
}

/* What a Certificate message carries of @certificate's chain, at least */
static gsize
count_chain_bytes (GTlsCertificate *certificate)
{
  gsize size = 0;

  for (; certificate != NULL; certificate = g_tls_certificate_get_issuer (certificate))
    {
      g_autoptr(GBytes) der = der_of (certificate);

      size += g_bytes_get_size (der);
    }
  return size;
}

static guint
count_issued_chain (GTlsCertificate *certificate)
{
  guint length = 0;

  for (; certificate != NULL; certificate = g_tls_certificate_get_issuer (certificate))
    length++;
  return length;
}

/* --- A server in a thread of its own, one connection --- */

typedef enum
{
  SERVE_HOLD,          /* TLS, then read and drop until the client leaves */
  SERVE_ECHO,          /* TLS; after ECHO_PAUSE_MS, read ECHO_SIZE bytes, then send them back */
  SERVE_CLOSE_NOTIFY,  /* TLS; GOODBYE, then close_notify and the end */
  SERVE_CLOSE_BARE,    /* TLS; GOODBYE, then the socket closed without close_notify */
  SERVE_PLAIN_HTTP,    /* no TLS: an HTTP error page for the ClientHello */
  SERVE_RESET,         /* no TLS: RST once the ClientHello came */
  SERVE_CLOSE,         /* no TLS: the connection closed once the ClientHello came */
} Behaviour;

typedef struct
{
  Behaviour                  behaviour;
  PortolanTestSessionServer *session_server;
  guint16                    port;

  GMutex                     lock;
  gint64                     reading_us;  /* when SERVE_ECHO began to read */
} Server;

static void
serve_echo (Server       *self,
            GIOStream    *stream,
            GCancellable *cancellable)
{
  g_autofree guint8 *data = g_malloc (ECHO_SIZE);
  gsize got = 0;

  g_usleep (ECHO_PAUSE_MS * G_TIME_SPAN_MILLISECOND);
  g_mutex_lock (&self->lock);
  self->reading_us = g_get_monotonic_time ();
  g_mutex_unlock (&self->lock);

  if (g_input_stream_read_all (g_io_stream_get_input_stream (stream), data, ECHO_SIZE, &got,
                               cancellable, NULL) && got == ECHO_SIZE &&
      g_output_stream_write_all (g_io_stream_get_output_stream (stream), data, ECHO_SIZE, NULL,
                                 cancellable, NULL))
    portolan_test_session_server_drain (stream, cancellable);
}

static void
serve_plain_http (GIOStream    *stream,
                  GCancellable *cancellable)
{
  static const char page[] = "HTTP/1.1 400 Bad Request\r\nContent-Type: text/html\r\n"
                             "Content-Length: 0\r\nConnection: close\r\n\r\n";
  char hello[4096];

  /* The ClientHello first, as a web server reads a request */
  if (g_input_stream_read (g_io_stream_get_input_stream (stream), hello, sizeof hello,
                           cancellable, NULL) > 0 &&
      g_output_stream_write_all (g_io_stream_get_output_stream (stream), page, strlen (page), NULL,
                                 cancellable, NULL))
    portolan_test_session_server_drain (stream, cancellable);
}

static void
serve_reset (GSocket      *socket,
             GCancellable *cancellable)
{
  char hello[4096];

  if (g_socket_receive (socket, hello, sizeof hello, cancellable, NULL) > 0)
    portolan_test_session_server_reset (socket);
  else
    g_socket_close (socket, NULL);
}

/* All read, so the end is a FIN, not an RST */
static void
serve_close (GSocket      *socket,
             GCancellable *cancellable)
{
  char hello[4096];

  g_socket_receive (socket, hello, sizeof hello, cancellable, NULL);
  g_socket_close (socket, NULL);
}

static void
serve_connection (GSocket      *socket,
                  GIOStream    *stream,
                  GCancellable *cancellable,
                  gpointer      user_data)
{
  Server *self = user_data;
  GOutputStream *output = g_io_stream_get_output_stream (stream);

  switch (self->behaviour)
    {
    case SERVE_HOLD:
      portolan_test_session_server_drain (stream, cancellable);
      break;

    case SERVE_ECHO:
      serve_echo (self, stream, cancellable);
      break;

    case SERVE_CLOSE_NOTIFY:
      if (g_output_stream_write_all (output, GOODBYE, strlen (GOODBYE), NULL, cancellable, NULL))
        g_io_stream_close (stream, cancellable, NULL);
      break;

    case SERVE_CLOSE_BARE:
      /* The socket under TLS first: closing the TLS connection, as
       * disposing of it does, then has nothing to send close_notify on */
      if (g_output_stream_write_all (output, GOODBYE, strlen (GOODBYE), NULL, cancellable, NULL))
        g_socket_close (socket, NULL);
      break;

    case SERVE_PLAIN_HTTP:
      serve_plain_http (stream, cancellable);
      break;

    case SERVE_RESET:
      serve_reset (socket, cancellable);
      break;

    case SERVE_CLOSE:
      serve_close (socket, cancellable);
      break;

    default:
      g_assert_not_reached ();
    }
}

/* Serves at once on 127.0.0.1; TLS with @certificate, none without */
static Server *
server_new (Behaviour        behaviour,
            GTlsCertificate *certificate)
{
  gboolean plain = behaviour == SERVE_PLAIN_HTTP || behaviour == SERVE_RESET || behaviour == SERVE_CLOSE;
  Server *self = g_new0 (Server, 1);

  g_assert_true (plain == (certificate == NULL));
  self->behaviour = behaviour;
  g_mutex_init (&self->lock);
  self->session_server = portolan_test_session_server_new ("127.0.0.1", certificate, serve_connection, self);
  self->port = portolan_test_session_server_get_port (self->session_server);
  if (behaviour == SERVE_ECHO)
    portolan_test_session_server_set_receive_buffer (self->session_server, SOCKET_BUFFER);
  portolan_test_session_server_start (self->session_server);
  return self;
}

static gint64
server_get_reading_us (Server *self)
{
  gint64 reading_us;

  g_mutex_lock (&self->lock);
  reading_us = self->reading_us;
  g_mutex_unlock (&self->lock);
  return reading_us;
}

static void
server_free (Server *self)
{
  /* Joins the thread that serve_echo () runs in */
  portolan_test_session_server_free (self->session_server);
  g_mutex_clear (&self->lock);
  g_free (self);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Server, server_free)

/* --- Handshakes --- */

static void
test_handshake_valid (void)
{
  g_autoptr(Server) server = server_new (SERVE_HOLD, certs->valid);
  g_autoptr(PortolanTlsSession) session = portolan_test_session_new ("127.0.0.1", server->port, "localhost");
  g_autoptr(GError) error = NULL;
  GTlsCertificate *peer;
  gint64 start;

  /* Nothing is known before the server speaks */
  g_assert_null (_portolan_tls_session_get_peer_certificate (session));
  g_assert_cmpuint (_portolan_tls_session_get_peer_chain_length (session), ==, 0);

  start = g_get_monotonic_time ();
  g_assert_true (portolan_test_session_handshake (session, NULL, &error));
  g_assert_no_error (error);
  g_test_message ("handshake in %.1f ms", elapsed_ms (start));

  peer = _portolan_tls_session_get_peer_certificate (session);
  g_assert_nonnull (peer);
  assert_same_certificate (peer, certs->valid);
  g_assert_null (g_tls_certificate_get_issuer (peer));
  g_assert_cmpuint (_portolan_tls_session_get_peer_chain_length (session), ==, 1);
  /* Asked again, the same object */
  g_assert_true (_portolan_tls_session_get_peer_certificate (session) == peer);
}

static void
test_handshake_chain_with_ca (void)
{
  g_autoptr(GTlsCertificate) certificate = valid_with_ca_new ();
  g_autoptr(Server) server = server_new (SERVE_HOLD, certificate);
  g_autoptr(PortolanTlsSession) session = portolan_test_session_new ("127.0.0.1", server->port, "localhost");
  g_autoptr(GTlsCertificate) ca = NULL;
  g_autoptr(GError) error = NULL;
  GTlsCertificate *peer;

  g_assert_true (portolan_test_session_handshake (session, NULL, &error));
  g_assert_no_error (error);

  peer = _portolan_tls_session_get_peer_certificate (session);
  g_assert_nonnull (peer);
  g_assert_cmpuint (_portolan_tls_session_get_peer_chain_length (session), ==, 2);
  assert_same_certificate (peer, certs->valid);

  ca = g_tls_certificate_new_from_file (certs->ca_path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (g_tls_certificate_get_issuer (peer));
  assert_same_certificate (g_tls_certificate_get_issuer (peer), ca);
  g_assert_cmpuint (count_issued_chain (peer), ==, 2);
}

/* The session takes whatever the server shows: verifying is the caller's */
static void
test_handshake_any_certificate (void)
{
  GTlsCertificate *shown[] = { certs->expired, certs->wrong_name, certs->self_signed };

  for (guint i = 0; i < G_N_ELEMENTS (shown); i++)
    {
      g_autoptr(Server) server = server_new (SERVE_HOLD, shown[i]);
      g_autoptr(PortolanTlsSession) session = portolan_test_session_new ("127.0.0.1", server->port, "localhost");
      g_autoptr(GError) error = NULL;

      g_assert_true (portolan_test_session_handshake (session, NULL, &error));
      g_assert_no_error (error);
      assert_same_certificate (_portolan_tls_session_get_peer_certificate (session), shown[i]);
    }
}

/* A connection that is not a GSocketConnection's, with a half that cannot be polled */
static void
test_new_not_pollable (void)
{
  g_autoptr(GInputStream) memory = g_memory_input_stream_new ();
  g_autoptr(GInputStream) buffered = g_buffered_input_stream_new (memory);
  g_autoptr(GOutputStream) output = g_memory_output_stream_new_resizable ();
  g_autoptr(GIOStream) stream = g_simple_io_stream_new (buffered, output);
  g_autoptr(GError) error = NULL;
  g_autoptr(PortolanTlsSession) session = NULL;

  g_assert_false (G_IS_POLLABLE_INPUT_STREAM (buffered));
  session = _portolan_tls_session_new (stream, "localhost", &error);
  g_assert_null (session);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
}

/* --- SNI, as openssl s_server sees it --- */

typedef struct
{
  GSubprocess      *process;
  GDataInputStream *output;
  guint16           port;
} OpensslServer;

static OpensslServer *
openssl_server_new (const char * const *options)
{
  g_autofree char *key_path = key_path_of (certs->valid_path);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) argv = NULL;
  g_autoptr(GError) error = NULL;
  OpensslServer *self = g_new0 (OpensslServer, 1);
  char *line;

  g_strv_builder_add_many (builder, "openssl", "s_server", "-accept", "127.0.0.1:0",
                           "-cert", certs->valid_path, "-key", key_path, "-naccept", "1", NULL);
  if (options != NULL)
    g_strv_builder_addv (builder, (const char **) options);
  argv = g_strv_builder_end (builder);

  /* stdin stays open: at its end s_server would stop serving */
  self->process = g_subprocess_newv ((const char * const *) argv,
                                     G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                     G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error);
  g_assert_no_error (error);
  self->output = g_data_input_stream_new (g_subprocess_get_stdout_pipe (self->process));

  /* "ACCEPT 127.0.0.1:41234" once it listens */
  while ((line = g_data_input_stream_read_line (self->output, NULL, NULL, &error)) != NULL)
    {
      g_autofree char *owned = line;

      if (g_str_has_prefix (line, "ACCEPT "))
        {
          self->port = g_ascii_strtoull (strrchr (line, ':') + 1, NULL, 10);
          break;
        }
    }
  g_assert_no_error (error);
  g_assert_cmpuint (self->port, !=, 0);
  return self;
}

static void
process_waited_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_subprocess_wait_finish (G_SUBPROCESS (object), result, NULL);
  *(gboolean *) user_data = TRUE;
}

static gboolean
force_exit_cb (gpointer user_data)
{
  g_subprocess_force_exit (user_data);
  return G_SOURCE_REMOVE;
}

/* What s_server printed, once it served its one connection and exited */
static char *
openssl_server_finish (OpensslServer *self)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  gboolean exited = FALSE;
  guint timeout;
  char *line;

  /* By its pid, if it does not stop by itself */
  timeout = g_timeout_add (portolan_test_scale_ms (PORTOLAN_TEST_SESSION_TIMEOUT_MS), force_exit_cb,
                           self->process);
  g_subprocess_wait_async (self->process, NULL, process_waited_cb, &exited);
  while (!exited)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (timeout);
  g_assert_true (g_subprocess_get_if_exited (self->process));

  while ((line = g_data_input_stream_read_line (self->output, NULL, NULL, &error)) != NULL)
    {
      g_string_append (text, line);
      g_string_append_c (text, '\n');
      g_free (line);
    }
  g_assert_no_error (error);

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
openssl_server_free (OpensslServer *self)
{
  /* Still running when a test failed half way: stopped by its pid */
  if (g_subprocess_get_identifier (self->process) != NULL)
    {
      g_subprocess_force_exit (self->process);
      g_subprocess_wait (self->process, NULL, NULL);
    }
  g_object_unref (self->output);
  g_object_unref (self->process);
  g_free (self);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OpensslServer, openssl_server_free)

static char *
handshake_with_openssl (const char *host)
{
  static const char * const options[] = { "-tlsextdebug", NULL };
  g_autoptr(OpensslServer) server = openssl_server_new (options);
  g_autoptr(PortolanTlsSession) session = portolan_test_session_new ("127.0.0.1", server->port, host);
  g_autoptr(GError) error = NULL;

  g_assert_true (portolan_test_session_handshake (session, NULL, &error));
  g_assert_no_error (error);
  assert_same_certificate (_portolan_tls_session_get_peer_certificate (session), certs->valid);

  g_clear_pointer (&session, _portolan_tls_session_free);
  return openssl_server_finish (server);
}

/* "TLS client extension "server name" (id=0), len=14" and the line after
 * it, the extension's hex dump, or NULL */
static char *
find_server_name (const char *printed)
{
  const char *start = strstr (printed, "TLS client extension \"server name\"");
  const char *end;

  if (start == NULL)
    return NULL;
  end = strchr (start, '\n');
  g_assert_nonnull (end);
  end = strchr (end + 1, '\n');
  g_assert_nonnull (end);
  return g_strndup (start, end - start);
}

static void
test_sni_name (void)
{
  g_autofree char *printed = handshake_with_openssl ("localhost");
  g_autofree char *server_name = find_server_name (printed);

  g_assert_nonnull (server_name);
  g_test_message ("%s", server_name);
  /* The hex dump's text column */
  g_assert_nonnull (strstr (server_name, "localhost"));
}

static void
test_sni_address (void)
{
  g_autofree char *printed = handshake_with_openssl ("127.0.0.1");
  g_autofree char *server_name = find_server_name (printed);

  /* s_server did show the extensions, and the name was not one */
  g_assert_nonnull (strstr (printed, "TLS client extension \"supported_groups\""));
  g_assert_null (server_name);
}

/* --- Alerts --- */

/* openssl s_server with a second certificate for "localhost": another
 * name is answered with the alert unrecognized_name, a warning in TLS 1.2
 * unless told to make it fatal */
static gboolean
handshake_with_sni_alert (gboolean   fatal,
                          char     **printed,
                          GError   **error)
{
  g_autofree char *key_path = key_path_of (certs->valid_path);
  const char * const options[] = {
    "-msg", "-tls1_2", "-servername", "localhost", "-cert2", certs->valid_path, "-key2", key_path,
    fatal ? "-servername_fatal" : NULL, NULL
  };
  g_autoptr(OpensslServer) server = openssl_server_new (options);
  g_autoptr(PortolanTlsSession) session = portolan_test_session_new ("127.0.0.1", server->port, "other.example");
  gboolean done = portolan_test_session_handshake (session, NULL, error);

  g_clear_pointer (&session, _portolan_tls_session_free);
  *printed = openssl_server_finish (server);
  return done;
}

static void
test_alert_warning (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *printed = NULL;

  g_assert_true (handshake_with_sni_alert (FALSE, &printed, &error));
  g_assert_no_error (error);
  /* -msg shows what s_server sent: the warning did go out */
  g_assert_nonnull (strstr (printed, "warning unrecognized_name"));
}

static void
test_alert_fatal (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *printed = NULL;

  g_assert_false (handshake_with_sni_alert (TRUE, &printed, &error));
  g_test_message ("%s", error->message);
  g_assert_error (error, G_TLS_ERROR, G_TLS_ERROR_HANDSHAKE);
  g_assert_nonnull (strstr (error->message, "alert"));
}

/* --- Servers that are not TLS, or not there --- */

static void
test_not_tls (void)
{
  g_autoptr(Server) server = server_new (SERVE_PLAIN_HTTP, NULL);
  g_autoptr(PortolanTlsSession) session = portolan_test_session_new ("127.0.0.1", server->port, "localhost");
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();

  g_assert_false (portolan_test_session_handshake (session, NULL, &error));
  g_test_message ("%s after %.1f ms", error->message, elapsed_ms (start));
  g_assert_error (error, G_TLS_ERROR, G_TLS_ERROR_NOT_TLS);
  g_assert_cmpfloat (elapsed_ms (start), <, portolan_test_scale_ms (500));
  g_assert_null (_portolan_tls_session_get_peer_certificate (session));
}

/* What answered the ClientHello instead is kept whole, for the sniffer
 * to name, though GnuTLS gave up five bytes in */
static void
test_not_tls_received (void)
{
  static const char expected[] = "HTTP/1.1 400 Bad Request\r\nContent-Type: text/html\r\n";
  g_autoptr(Server) server = server_new (SERVE_PLAIN_HTTP, NULL);
  g_autoptr(PortolanTlsSession) session = portolan_test_session_new ("127.0.0.1", server->port, "localhost");
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) received = NULL;

  g_assert_false (portolan_test_session_handshake (session, NULL, &error));
  received = _portolan_tls_session_get_received (session);
  g_assert_nonnull (received);
  g_assert_cmpuint (g_bytes_get_size (received), >=, strlen (expected));
  g_assert_cmpmem (g_bytes_get_data (received, NULL), strlen (expected), expected, strlen (expected));
}

/* A session in clear passes bytes untouched both ways */
static void
test_clear (void)
{
  static const char request[] = "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n";
  g_autoptr(Server) server = server_new (SERVE_PLAIN_HTTP, NULL);
  g_autoptr(GSocketConnection) connection = portolan_test_session_connect ("127.0.0.1", server->port);
  g_autoptr(GError) error = NULL;
  g_autoptr(PortolanTlsSession) session = _portolan_tls_session_new_clear (G_IO_STREAM (connection), &error);
  char answer[4096];
  gssize read;

  g_assert_no_error (error);
  g_assert_true (_portolan_tls_session_is_clear (session));
  g_assert_true (portolan_test_session_handshake (session, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (portolan_test_session_write_all (session, request, strlen (request), NULL, &error));
  g_assert_no_error (error);

  /* The server keeps the connection until the client leaves */
  read = portolan_test_session_read (session, answer, sizeof answer, &error);
  g_assert_no_error (error);
  g_assert_cmpint (read, >, 0);
  g_assert_nonnull (g_strstr_len (answer, read, "400 Bad Request"));
  g_assert_null (_portolan_tls_session_get_peer_certificate (session));
  g_assert_null (_portolan_tls_session_get_received (session));
}

typedef struct
{
  Behaviour behaviour;
  GQuark    domain;
  int       code;
} Ending;

static void
test_ended (gconstpointer data)
{
  const Ending *ending = data;

  for (guint i = 0; i < 20; i++)
    {
      g_autoptr(Server) server = server_new (ending->behaviour, NULL);
      g_autoptr(PortolanTlsSession) session = portolan_test_session_new ("127.0.0.1", server->port, "localhost");
      g_autoptr(GError) error = NULL;

      g_assert_false (portolan_test_session_handshake (session, NULL, &error));
      g_assert_nonnull (error);
      if (i == 0)
        g_test_message ("%s", error->message);
      g_assert_error (error, ending->domain, ending->code);
    }
}

typedef struct
{
  GCancellable *cancellable;
  gint64        cancelled_us;
} Cancel;

static gboolean
cancel_cb (gpointer user_data)
{
  Cancel *cancel = user_data;

  cancel->cancelled_us = g_get_monotonic_time ();
  g_cancellable_cancel (cancel->cancellable);
  return G_SOURCE_REMOVE;
}

static void
test_cancelled (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PortolanTestHostileServer) server =
    portolan_test_hostile_server_new (PORTOLAN_TEST_HOSTILE_ACCEPT_HANG, NULL, &error);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  PortolanTlsSession *session;
  Cancel cancel = { cancellable, 0 };
  double after_ms;

  g_assert_no_error (error);
  session = portolan_test_session_new ("127.0.0.1", portolan_test_hostile_server_get_port (server),
                                       "localhost");

  g_timeout_add (100, cancel_cb, &cancel);
  _portolan_tls_session_handshake_async (session, cancellable, portolan_test_store_result_cb, &result);
  portolan_test_wait_for_result (&result, "the cancelled handshake");
  _portolan_tls_session_handshake_finish (session, result, &error);
  after_ms = elapsed_ms (cancel.cancelled_us);

  g_test_message ("cancelled %.1f ms after cancelling", after_ms);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpfloat (after_ms, <, portolan_test_scale_ms (100));
  _portolan_tls_session_free (session);
}

static void
test_cancelled_before (void)
{
  g_autoptr(Server) server = server_new (SERVE_HOLD, certs->valid);
  g_autoptr(PortolanTlsSession) session = portolan_test_session_new ("127.0.0.1", server->port, "localhost");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;

  g_cancellable_cancel (cancellable);
  g_assert_false (portolan_test_session_handshake (session, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* --- Reading and writing --- */

/* A session to a SERVE_ECHO server, after its handshake, with a small
 * send buffer as the server has a small receive buffer */
static PortolanTlsSession *
echo_session_new (Server *server)
{
  g_autoptr(GSocketConnection) connection = portolan_test_session_connect ("127.0.0.1", server->port);
  g_autoptr(GError) error = NULL;
  PortolanTlsSession *session;

  g_socket_set_option (g_socket_connection_get_socket (connection), SOL_SOCKET, SO_SNDBUF,
                       SOCKET_BUFFER, &error);
  g_assert_no_error (error);
  session = portolan_test_session_new_over (connection, "localhost");
  g_assert_true (portolan_test_session_handshake (session, NULL, &error));
  g_assert_no_error (error);
  return session;
}

static void
test_echo (void)
{
  g_autoptr(Server) server = server_new (SERVE_ECHO, certs->valid);
  g_autoptr(PortolanTlsSession) session = echo_session_new (server);
  g_autoptr(GError) error = NULL;
  g_autofree guint8 *sent = g_malloc (ECHO_SIZE);
  g_autofree guint8 *received = g_malloc (ECHO_SIZE);
  gsize got = 0;
  gint64 written_us;

  for (gsize i = 0; i < ECHO_SIZE; i++)
    sent[i] = g_test_rand_int_range (0, 256);

  g_assert_true (portolan_test_session_write_all (session, sent, ECHO_SIZE, NULL, &error));
  g_assert_no_error (error);
  written_us = g_get_monotonic_time ();
  /* More than both buffers hold: the write waited for the server to read */
  g_assert_cmpint (server_get_reading_us (server), >, 0);
  g_assert_cmpint (written_us, >=, server_get_reading_us (server));

  while (got < ECHO_SIZE)
    {
      gssize n = portolan_test_session_read (session, received + got, ECHO_SIZE - got, &error);

      g_assert_no_error (error);
      g_assert_cmpint (n, >, 0);
      got += n;
    }
  g_assert_cmpmem (received, ECHO_SIZE, sent, ECHO_SIZE);
}

typedef struct
{
  Behaviour behaviour;  /* how the server ends, after GOODBYE */
  gsize     at_a_time;  /* bytes read at most */
} ReadEnd;

static void
test_read_end (gconstpointer data)
{
  const ReadEnd *end = data;
  g_autoptr(Server) server = server_new (end->behaviour, certs->valid);
  g_autoptr(PortolanTlsSession) session = portolan_test_session_new ("127.0.0.1", server->port, "localhost");
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) received = NULL;

  g_assert_true (portolan_test_session_handshake (session, NULL, &error));
  g_assert_no_error (error);
  received = portolan_test_session_read_to_end (session, end->at_a_time);
  g_assert_cmpmem (g_bytes_get_data (received, NULL), g_bytes_get_size (received), GOODBYE, strlen (GOODBYE));
}

/* Writing to a server that left is an error, not a signal or a wait */
static void
test_write_after_close (gconstpointer data)
{
  gboolean read_the_end = GPOINTER_TO_INT (data);
  g_autoptr(Server) server = server_new (SERVE_CLOSE_BARE, certs->valid);
  g_autoptr(PortolanTlsSession) session = portolan_test_session_new ("127.0.0.1", server->port, "localhost");
  g_autoptr(GError) error = NULL;
  g_autofree guint8 *payload = g_malloc0 (ECHO_SIZE);
  guint tries = 0;

  g_assert_true (portolan_test_session_handshake (session, NULL, &error));
  g_assert_no_error (error);
  if (read_the_end)
    g_bytes_unref (portolan_test_session_read_to_end (session, 4096));
  else
    g_assert_true (portolan_test_session_server_wait_done (server->session_server,
                                                           PORTOLAN_TEST_SESSION_TIMEOUT_MS));

  /* The first write may still fit in the socket: the RST answers it */
  while (tries++ < 20 && portolan_test_session_write_all (session, payload, ECHO_SIZE, NULL, &error))
    ;
  g_assert_nonnull (error);
  g_test_message ("after %u writes: %s %d: %s", tries, g_quark_to_string (error->domain), error->code,
                  error->message);
  /* ECONNRESET or EPIPE (CONNECTION_CLOSED is BROKEN_PIPE); after the
   * end was read, GnuTLS itself refuses, in its own words */
  if (read_the_end)
    g_assert_true (error->domain == G_TLS_ERROR);
  else
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED);
}

static void
test_write_cancelled (void)
{
  g_autoptr(Server) server = server_new (SERVE_ECHO, certs->valid);
  g_autoptr(PortolanTlsSession) session = echo_session_new (server);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autofree guint8 *payload = g_malloc0 (ECHO_SIZE);
  Cancel cancel = { cancellable, 0 };
  double after_ms;

  /* The server reads nothing for ECHO_PAUSE_MS */
  g_timeout_add (ECHO_PAUSE_MS / 3, cancel_cb, &cancel);
  g_assert_false (portolan_test_session_write_all (session, payload, ECHO_SIZE, cancellable, &error));
  after_ms = elapsed_ms (cancel.cancelled_us);
  g_test_message ("cancelled %.1f ms after cancelling", after_ms);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpfloat (after_ms, <, portolan_test_scale_ms (100));
  g_assert_cmpint (server_get_reading_us (server), ==, 0);
}

/* --- Long chains --- */

static void
test_chain_long (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GTlsCertificate) chain = portolan_test_hostile_chain_new (certs->valid_path, LONG_CHAIN, &error);
  g_autoptr(Server) server = NULL;
  g_autoptr(PortolanTlsSession) session = NULL;
  GTlsCertificate *peer;
  gint64 start;

  g_assert_no_error (error);
  g_assert_cmpuint (count_issued_chain (chain), ==, LONG_CHAIN);
  g_test_message ("%u certificates, %zu bytes", LONG_CHAIN, count_chain_bytes (chain));
  /* Else the handshake is refused as too large, and this test is
   * test_chain_too_large () */
  g_assert_cmpuint (count_chain_bytes (chain), <, PORTOLAN_TLS_MAX_HANDSHAKE);
  server = server_new (SERVE_HOLD, chain);
  session = portolan_test_session_new ("127.0.0.1", server->port, "localhost");

  start = g_get_monotonic_time ();
  g_assert_true (portolan_test_session_handshake (session, NULL, &error));
  g_assert_no_error (error);
  g_test_message ("handshake in %.1f ms", elapsed_ms (start));
  g_assert_cmpuint (_portolan_tls_session_get_peer_chain_length (session), ==, LONG_CHAIN);

  peer = _portolan_tls_session_get_peer_certificate (session);
  g_assert_nonnull (peer);
  assert_same_certificate (peer, certs->valid);
  /* The first of them, in the order sent, however unrelated */
  g_assert_cmpuint (count_issued_chain (peer), ==, PORTOLAN_TLS_MAX_CHAIN);
}

/* A root, an intermediate it signed, and a leaf for 127.0.0.1 that the
 * intermediate signed, as PEM files in @dir */
static void
make_intermediate_chain (const char *dir)
{
  static const char script[] =
    "printf '[ req ]\\ndistinguished_name = dn\\nprompt = no\\n[ dn ]\\nCN = unused\\n"
    "[ intermediate ]\\nbasicConstraints = critical, CA:TRUE\\nkeyUsage = critical, keyCertSign, cRLSign\\n"
    "[ leaf ]\\nbasicConstraints = critical, CA:FALSE\\nkeyUsage = critical, digitalSignature\\n"
    "extendedKeyUsage = serverAuth\\nsubjectAltName = DNS:localhost, IP:127.0.0.1\\n' > req.cnf && "
    "export OPENSSL_CONF=$PWD/req.cnf && "
    "openssl req -x509 -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout root.key "
    "-out root.pem -days 2 -subj '/CN=Portolan test root' && "
    "openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout intermediate.key "
    "-out intermediate.csr -subj '/CN=Portolan test intermediate' && "
    "openssl x509 -req -in intermediate.csr -CA root.pem -CAkey root.key -set_serial 2 -days 2 "
    "-extfile req.cnf -extensions intermediate -out intermediate.pem && "
    "openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout leaf.key "
    "-out leaf.csr -subj '/CN=localhost' && "
    "openssl x509 -req -in leaf.csr -CA intermediate.pem -CAkey intermediate.key -set_serial 3 -days 2 "
    "-extfile req.cnf -extensions leaf -out leaf.pem";
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;

  g_subprocess_launcher_set_cwd (launcher, dir);
  process = g_subprocess_launcher_spawn (launcher, &error, "sh", "-c", script, NULL);
  g_assert_no_error (error);
  g_subprocess_wait_check (process, NULL, &error);
  g_assert_no_error (error);
}


/* Leaf, intermediate, then a stray certificate that signed neither, as
 * misconfigured servers send them: the intermediate is still there to
 * verify the leaf with */
static void
test_chain_with_stray (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("portolan-test-intermediate-XXXXXX", &error);
  g_autofree char *root_path = g_build_filename (dir, "root.pem", NULL);
  g_autofree char *intermediate_path = g_build_filename (dir, "intermediate.pem", NULL);
  g_autofree char *leaf_path = g_build_filename (dir, "leaf.pem", NULL);
  g_autofree char *leaf_key_path = g_build_filename (dir, "leaf.key", NULL);
  g_autofree char *intermediate_pem = NULL;
  g_autofree char *leaf_pem = NULL;
  g_autofree char *leaf_key_pem = NULL;
  g_autofree char *stray_pem = read_text (certs->self_signed_path);
  g_autoptr(GTlsDatabase) database = NULL;
  g_autoptr(GTlsCertificate) stray = NULL;
  g_autoptr(GTlsCertificate) intermediate = NULL;
  g_autoptr(GTlsCertificate) leaf = NULL;
  g_autoptr(Server) server = NULL;
  g_autoptr(PortolanTlsSession) session = NULL;
  g_autoptr(GSocketConnectable) identity = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  GType type = g_tls_backend_get_certificate_type (g_tls_backend_get_default ());
  GTlsCertificateFlags flags;
  GTlsCertificate *peer;

  g_assert_no_error (error);
  make_intermediate_chain (dir);
  database = g_tls_file_database_new (root_path, &error);
  g_assert_no_error (error);
  intermediate_pem = read_text (intermediate_path);
  leaf_pem = read_text (leaf_path);
  leaf_key_pem = read_text (leaf_key_path);
  portolan_test_remove_directory (dir);

  /* Set by hand: g_tls_certificate_new_from_pem() keeps a chain only if it verifies */
  stray = g_initable_new (type, NULL, &error, "certificate-pem", stray_pem, NULL);
  g_assert_no_error (error);
  intermediate = g_initable_new (type, NULL, &error, "certificate-pem", intermediate_pem, "issuer", stray, NULL);
  g_assert_no_error (error);
  leaf = g_initable_new (type, NULL, &error, "certificate-pem", leaf_pem, "private-key-pem", leaf_key_pem,
                         "issuer", intermediate, NULL);
  g_assert_no_error (error);

  server = server_new (SERVE_HOLD, leaf);
  session = portolan_test_session_new ("127.0.0.1", server->port, "127.0.0.1");
  g_assert_true (portolan_test_session_handshake (session, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (_portolan_tls_session_get_peer_chain_length (session), ==, 3);

  peer = _portolan_tls_session_get_peer_certificate (session);
  g_assert_nonnull (peer);
  g_assert_cmpuint (count_issued_chain (peer), ==, 3);
  assert_same_certificate (peer, leaf);
  assert_same_certificate (g_tls_certificate_get_issuer (peer), intermediate);

  identity = G_SOCKET_CONNECTABLE (g_inet_socket_address_new (loopback, server->port));
  flags = g_tls_database_verify_chain (database, peer, G_TLS_DATABASE_PURPOSE_AUTHENTICATE_SERVER, identity,
                                       NULL, G_TLS_DATABASE_VERIFY_NONE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (flags, ==, 0);
}

/* The valid certificate under one issuer of more than
 * PORTOLAN_TLS_MAX_HANDSHAKE bytes, a long comment in it: one openssl
 * call, where fillers of 250 bytes would need 270 */
static GTlsCertificate *
large_chain_new (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("portolan-test-large-XXXXXX", &error);
  g_autofree char *config = g_build_filename (dir, "req.cnf", NULL);
  g_autofree char *filler_path = g_build_filename (dir, "filler.pem", NULL);
  g_autofree char *filler_key_path = g_build_filename (dir, "filler.key", NULL);
  g_autofree char *filler_pem = NULL;
  g_autofree char *fill = g_strnfill (PORTOLAN_TLS_MAX_HANDSHAKE + 1024, 'a');
  g_autofree char *comment = g_strconcat ("nsComment=", fill, NULL);
  g_autofree char *key_path = key_path_of (certs->valid_path);
  g_autofree char *leaf_pem = read_text (certs->valid_path);
  g_autofree char *key_pem = read_text (key_path);
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GTlsCertificate) filler = NULL;
  GType type = g_tls_backend_get_certificate_type (g_tls_backend_get_default ());
  GTlsCertificate *leaf;

  g_assert_no_error (error);
  g_file_set_contents (config, "[ req ]\ndistinguished_name = dn\nprompt = no\n[ dn ]\nCN = unused\n", -1, &error);
  g_assert_no_error (error);
  g_subprocess_launcher_setenv (launcher, "OPENSSL_CONF", config, TRUE);
  process = g_subprocess_launcher_spawn (launcher, &error,
                                         "openssl", "req", "-x509", "-new", "-newkey", "ec",
                                         "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                                         "-keyout", filler_key_path, "-out", filler_path, "-days", "2",
                                         "-subj", "/CN=Portolan large filler", "-addext", comment, NULL);
  g_assert_no_error (error);
  g_subprocess_wait_check (process, NULL, &error);
  g_assert_no_error (error);
  filler_pem = read_text (filler_path);
  g_remove (filler_path);
  g_remove (filler_key_path);
  g_remove (config);
  g_rmdir (dir);

  /* Set by hand: g_tls_certificate_new_from_pem() keeps a chain only if it verifies */
  filler = g_initable_new (type, NULL, &error, "certificate-pem", filler_pem, NULL);
  g_assert_no_error (error);
  leaf = g_initable_new (type, NULL, &error, "certificate-pem", leaf_pem, "private-key-pem", key_pem,
                         "issuer", filler, NULL);
  g_assert_no_error (error);
  return leaf;
}

static void
test_chain_too_large (void)
{
  g_autoptr(GTlsCertificate) chain = large_chain_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(Server) server = NULL;
  g_autoptr(PortolanTlsSession) session = NULL;
  gint64 start;

  g_test_message ("%u certificates, %zu bytes", count_issued_chain (chain), count_chain_bytes (chain));
  g_assert_cmpuint (count_chain_bytes (chain), >, PORTOLAN_TLS_MAX_HANDSHAKE);
  server = server_new (SERVE_HOLD, chain);
  session = portolan_test_session_new ("127.0.0.1", server->port, "localhost");

  start = g_get_monotonic_time ();
  g_assert_false (portolan_test_session_handshake (session, NULL, &error));
  g_test_message ("%s after %.1f ms", error->message, elapsed_ms (start));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE);
  /* Refused, not read: nothing of it is shown */
  g_assert_null (_portolan_tls_session_get_peer_certificate (session));
  g_assert_cmpuint (_portolan_tls_session_get_peer_chain_length (session), ==, 0);
}

/* --- Many at once --- */

static guint
count_threads (void)
{
  g_autoptr(GDir) tasks = g_dir_open ("/proc/self/task", 0, NULL);
  guint count = 0;

  g_assert_nonnull (tasks);
  while (g_dir_read_name (tasks) != NULL)
    count++;
  return count;
}

static void
test_at_once (void)
{
  g_autofree char *key_path = key_path_of (certs->valid_path);
  g_autoptr(GError) error = NULL;
  g_autoptr(PortolanTestNginx) nginx = portolan_test_nginx_new (certs->valid_path, key_path, 1, "{}", &error);
  PortolanTlsSession *sessions[AT_ONCE];
  GAsyncResult *results[AT_ONCE] = { NULL, };
  guint threads, most_threads;
  guint done = 0;
  gint64 start;
  double took_ms;
  guint16 port;

  if (portolan_test_nginx_skip_if_missing (error))
    return;
  g_assert_no_error (error);
  port = portolan_test_nginx_get_port (nginx, 0);

  for (guint i = 0; i < AT_ONCE; i++)
    sessions[i] = portolan_test_session_new ("127.0.0.1", port, "localhost");
  threads = most_threads = count_threads ();

  start = g_get_monotonic_time ();
  for (guint i = 0; i < AT_ONCE; i++)
    _portolan_tls_session_handshake_async (sessions[i], NULL, portolan_test_store_result_cb, &results[i]);

  while (done < AT_ONCE && elapsed_ms (start) < portolan_test_scale_ms (PORTOLAN_TEST_SESSION_TIMEOUT_MS))
    {
      g_main_context_iteration (NULL, TRUE);
      most_threads = MAX (most_threads, count_threads ());
      done = 0;
      for (guint i = 0; i < AT_ONCE; i++)
        done += results[i] != NULL;
    }
  took_ms = elapsed_ms (start);
  g_test_message ("%u handshakes in %.0f ms, %u threads before, at most %u during",
                  AT_ONCE, took_ms, threads, most_threads);
  g_assert_cmpuint (done, ==, AT_ONCE);

  for (guint i = 0; i < AT_ONCE; i++)
    {
      g_autoptr(GError) failed = NULL;

      g_assert_true (_portolan_tls_session_handshake_finish (sessions[i], results[i], &failed));
      g_assert_no_error (failed);
      assert_same_certificate (_portolan_tls_session_get_peer_certificate (sessions[i]), certs->valid);
      g_object_unref (results[i]);
      _portolan_tls_session_free (sessions[i]);
    }

  g_assert_cmpfloat (took_ms, <, portolan_test_scale_ms (AT_ONCE_MS));
  /* No thread per handshake, nor any thread at all */
  g_assert_cmpuint (most_threads, ==, threads);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  const Ending reset = { SERVE_RESET, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED };
  const Ending closed = { SERVE_CLOSE, G_TLS_ERROR, G_TLS_ERROR_EOF };
  /* A byte at a time: the rest of the record waits in GnuTLS, not in the socket */
  static const ReadEnd close_notify = { SERVE_CLOSE_NOTIFY, 1 };
  static const ReadEnd close_bare = { SERVE_CLOSE_BARE, 4096 };
  int status;

  g_test_init (&argc, &argv, NULL);

  certs = portolan_test_certs_new (&error);
  g_assert_no_error (error);

  g_test_add_func ("/tls-session/handshake/valid", test_handshake_valid);
  g_test_add_func ("/tls-session/handshake/chain-with-ca", test_handshake_chain_with_ca);
  g_test_add_func ("/tls-session/handshake/any-certificate", test_handshake_any_certificate);
  g_test_add_func ("/tls-session/handshake/cancelled", test_cancelled);
  g_test_add_func ("/tls-session/handshake/cancelled-before", test_cancelled_before);
  g_test_add_func ("/tls-session/handshake/not-tls", test_not_tls);
  g_test_add_func ("/tls-session/handshake/not-tls-received", test_not_tls_received);
  g_test_add_func ("/tls-session/clear", test_clear);
  g_test_add_data_func ("/tls-session/handshake/reset", &reset, test_ended);
  g_test_add_data_func ("/tls-session/handshake/closed", &closed, test_ended);
  g_test_add_func ("/tls-session/handshake/at-once", test_at_once);
  g_test_add_func ("/tls-session/new/not-pollable", test_new_not_pollable);
  g_test_add_func ("/tls-session/sni/name", test_sni_name);
  g_test_add_func ("/tls-session/sni/address", test_sni_address);
  g_test_add_func ("/tls-session/alert/warning", test_alert_warning);
  g_test_add_func ("/tls-session/alert/fatal", test_alert_fatal);
  g_test_add_func ("/tls-session/io/echo", test_echo);
  g_test_add_data_func ("/tls-session/io/close-notify", &close_notify, test_read_end);
  g_test_add_data_func ("/tls-session/io/close-bare", &close_bare, test_read_end);
  g_test_add_data_func ("/tls-session/io/write-after-close", GINT_TO_POINTER (FALSE), test_write_after_close);
  g_test_add_data_func ("/tls-session/io/write-after-end", GINT_TO_POINTER (TRUE), test_write_after_close);
  g_test_add_func ("/tls-session/io/write-cancelled", test_write_cancelled);
  g_test_add_func ("/tls-session/chain/with-stray", test_chain_with_stray);
  g_test_add_func ("/tls-session/chain/long", test_chain_long);
  g_test_add_func ("/tls-session/chain/too-large", test_chain_too_large);

  status = g_test_run ();
  portolan_test_certs_free (certs);
  return status;
}
