/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-test-hostile.c
 *
 * Servers that do what an admin meets on a real network: they accept and
 * say nothing, reset, drip, send noise, never end a body or the headers,
 * loop on redirects, or freeze. Each is a real socket on 127.0.0.1.
 *
 * They run in threads of their own with blocking I/O, one thread per
 * connection: a misbehaving server is easiest to write as a straight
 * loop, and one that streams as fast as it can must not share the main
 * loop of the probes it tests. Everything is bounded so that a broken
 * client cannot keep a server going: each connection stops after
 * CONNECTION_SECONDS, endless streams stop after ENDLESS_LIMIT bytes, and
 * every blocking call takes the server's cancellable, which free()
 * cancels before it joins the threads.
 */
#define _GNU_SOURCE  /* memmem () */
#include "config.h"

#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "portolan-test-certs.h"
#include "portolan-test-hostile.h"

#define CONNECTION_SECONDS 5
#define ENDLESS_LIMIT      (256 * 1024 * 1024)
#define BODY_100MB         (100 * 1024 * 1024)
#define DEEP_JSON_DEPTH    1000000
#define TOO_MANY_HEADERS   20000
#define REQUEST_LIMIT      (64 * 1024)
#define MAX_REQUESTS       100     /* on one keep-alive connection */
#define NOISE_SIZE         (1024 * 1024)
#define FILL_SIZE          65536
#define UDP_FLOOD_COUNT    1000    /* per datagram received */
#define UDP_FLOOD_SIZE     512
#define UDP_FLOOD_TOTAL    100000  /* per server */

#define JSON_PREFIX "{\"rmGuiServerVersion\": \""

struct _PortolanTestHostileServer
{
  PortolanTestHostile  behaviour;
  GTlsCertificate     *certificate;
  GSocket             *socket;
  guint16              port;
  GCancellable        *cancellable;
  GThread             *thread;
  GSubprocess         *frozen;
  gint                 accepted;   /* atomic */

  GMutex               lock;
  GCond                cond;
  gboolean             stopping;
  guint                workers;    /* connection threads still running */
  GPtrArray           *held;       /* sockets held open, never read */
  guint                flooded;    /* datagrams a flood has sent */
};

typedef struct
{
  PortolanTestHostileServer *server;
  GSocket                   *socket;
  GIOStream                 *stream;   /* the TLS connection, or the plain one */
  gint64                     end_us;
  char                      *request;
} Connection;

static const struct
{
  PortolanTestHostile  behaviour;
  const char          *name;
} names[] = {
  { PORTOLAN_TEST_HOSTILE_ACCEPT_HANG, "accept-hang" },
  { PORTOLAN_TEST_HOSTILE_ACCEPT_RESET, "accept-reset" },
  { PORTOLAN_TEST_HOSTILE_DRIP, "drip" },
  { PORTOLAN_TEST_HOSTILE_RANDOM_BYTES, "random-bytes" },
  { PORTOLAN_TEST_HOSTILE_TLS_STALL, "tls-stall" },
  { PORTOLAN_TEST_HOSTILE_FROZEN, "frozen" },
  { PORTOLAN_TEST_HOSTILE_LDAP, "ldap" },
  { PORTOLAN_TEST_HOSTILE_BODY_ENDLESS, "body-endless" },
  { PORTOLAN_TEST_HOSTILE_BODY_100MB, "body-100mb" },
  { PORTOLAN_TEST_HOSTILE_BODY_CHUNKED_ENDLESS, "body-chunked-endless" },
  { PORTOLAN_TEST_HOSTILE_HEADERS_ENDLESS, "headers-endless" },
  { PORTOLAN_TEST_HOSTILE_HEADERS_TOO_MANY, "headers-too-many" },
  { PORTOLAN_TEST_HOSTILE_CONTINUE_FOREVER, "continue-forever" },
  { PORTOLAN_TEST_HOSTILE_REDIRECT_LOOP, "redirect-loop" },
  { PORTOLAN_TEST_HOSTILE_REDIRECT_GROWING, "redirect-growing" },
  { PORTOLAN_TEST_HOSTILE_STATUS_INVALID_JSON, "status-invalid-json" },
  { PORTOLAN_TEST_HOSTILE_STATUS_DEEP_JSON, "status-deep-json" },
  { PORTOLAN_TEST_HOSTILE_STATUS_WRONG_TYPES, "status-wrong-types" },
  { PORTOLAN_TEST_HOSTILE_STATUS_OK, "status-ok" },
  { PORTOLAN_TEST_HOSTILE_UDP_64K, "udp-64k" },
  { PORTOLAN_TEST_HOSTILE_UDP_FLOOD, "udp-flood" },
};

/* An LDAP notice of disconnection (RFC 4511, 4.4.1): messageID 0, an
 * ExtendedResponse with protocolError and the notice's OID. This is what
 * an LDAP server says to a client that does not speak LDAP. */
static const guint8 ldap_notice[] = {
  0x30, 0x24,                   /* LDAPMessage, 36 bytes */
  0x02, 0x01, 0x00,             /*   messageID 0 */
  0x78, 0x1f,                   /*   [APPLICATION 24] ExtendedResponse, 31 bytes */
  0x0a, 0x01, 0x02,             /*     resultCode protocolError */
  0x04, 0x00,                   /*     matchedDN "" */
  0x04, 0x00,                   /*     diagnosticMessage "" */
  0x8a, 0x16,                   /*     [10] responseName, 22 bytes */
  '1', '.', '3', '.', '6', '.', '1', '.', '4', '.', '1', '.',
  '1', '4', '6', '6', '.', '2', '0', '0', '3', '6',
};

/* A TLS record header for a 122-byte handshake record, and the first
 * bytes of a ServerHello in it: the rest never comes */
static const guint8 half_server_hello[] = {
  0x16, 0x03, 0x03, 0x00, 0x7a,
  0x02, 0x00, 0x00, 0x76, 0x03, 0x03,
};

static const char healthy_status[] =
  "{\"rmGuiServerVersion\": \"" PORTOLAN_TEST_UMS_VERSION "\", "
  "\"buildNumber\": \"" PORTOLAN_TEST_UMS_BUILD_NUMBER "\", "
  "\"serverUUID\": \"" PORTOLAN_TEST_UMS_SERVER_UUID "\", "
  "\"server\": \"" PORTOLAN_TEST_UMS_SERVER_NAME "\", \"links\": []}";

const char *
portolan_test_hostile_to_string (PortolanTestHostile behaviour)
{
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (names[i].behaviour == behaviour)
      return names[i].name;

  g_assert_not_reached ();
}

static gboolean
is_datagram (PortolanTestHostile behaviour)
{
  return behaviour == PORTOLAN_TEST_HOSTILE_UDP_64K || behaviour == PORTOLAN_TEST_HOSTILE_UDP_FLOOD;
}

/* --- Bounded blocking I/O --- */

static gboolean
connection_expired (Connection *c)
{
  return g_get_monotonic_time () > c->end_us || g_cancellable_is_cancelled (c->server->cancellable);
}

/* Waits @ms, or less when the server stops; whether to go on */
static gboolean
pause_ms (Connection *c,
          guint       ms)
{
  PortolanTestHostileServer *self = c->server;
  gint64 end = g_get_monotonic_time () + ms * G_TIME_SPAN_MILLISECOND;
  gboolean stopping;

  g_mutex_lock (&self->lock);
  while (!self->stopping && g_cond_wait_until (&self->cond, &self->lock, end))
    ;
  stopping = self->stopping;
  g_mutex_unlock (&self->lock);

  return !stopping && !connection_expired (c);
}

/* The GErrors below are asked for only to be dropped: glib-networking
 * 2.74 leaks the socket's error when a TLS read or write fails for a
 * caller that passed no GError (end_gnutls_io() in
 * tls/gnutls/gtlsconnection-gnutls.c) */
static gboolean
send_bytes (Connection *c,
            const void *data,
            gsize       length)
{
  GOutputStream *output = g_io_stream_get_output_stream (c->stream);
  g_autoptr(GError) error = NULL;

  return !connection_expired (c) &&
         g_output_stream_write_all (output, data, length, NULL, c->server->cancellable, &error);
}

static gboolean
send_text (Connection *c,
           const char *text)
{
  return send_bytes (c, text, strlen (text));
}

/* Sends @total bytes of @byte, 64 KiB at a time, never holding more */
static gboolean
send_fill (Connection *c,
           char        byte,
           gsize       total)
{
  g_autofree char *fill = g_malloc (FILL_SIZE);

  memset (fill, byte, FILL_SIZE);
  while (total > 0)
    {
      gsize n = MIN (total, FILL_SIZE);

      if (!send_bytes (c, fill, n))
        return FALSE;
      total -= n;
    }

  return TRUE;
}

static gssize
receive_some (Connection *c,
              char       *buffer,
              gsize       size)
{
  g_autoptr(GError) error = NULL;

  if (connection_expired (c))
    return -1;

  return g_input_stream_read (g_io_stream_get_input_stream (c->stream), buffer, size,
                              c->server->cancellable, &error);
}

/* Reads and drops whatever comes until the client leaves or time is up */
static void
drain (Connection *c)
{
  char buffer[4096];

  while (receive_some (c, buffer, sizeof buffer) > 0)
    ;
}

/* Reads one request head, at most REQUEST_LIMIT bytes; returns its path,
 * or NULL when the client left or sent something else */
static char *
read_request (Connection *c)
{
  gsize length = 0;
  const char *end = NULL;
  const char *path;
  const char *path_end;

  while (end == NULL && length < REQUEST_LIMIT)
    {
      gssize n = receive_some (c, c->request + length, REQUEST_LIMIT - length);

      if (n <= 0)
        return NULL;
      length += n;
      end = memmem (c->request, length, "\r\n\r\n", 4);
    }
  if (end == NULL)
    return NULL;

  path = memchr (c->request, ' ', end - c->request);
  if (path == NULL)
    return NULL;
  path++;
  path_end = memchr (path, ' ', end - path);
  if (path_end == NULL)
    return NULL;

  return g_strndup (path, path_end - path);
}

static void
reset_socket (GSocket *socket)
{
  struct linger linger = { 1, 0 };

  /* Closing with a zero linger time sends RST instead of FIN */
  setsockopt (g_socket_get_fd (socket), SOL_SOCKET, SO_LINGER, &linger, sizeof linger);
  g_socket_close (socket, NULL);
}

/* --- HTTP answers --- */

static gboolean
respond (Connection *c,
         const char *status,
         const char *headers,
         const char *body)
{
  g_autofree char *head = g_strdup_printf ("HTTP/1.1 %s\r\n%sContent-Length: %zu\r\n\r\n",
                                           status, headers, strlen (body));

  return send_text (c, head) && send_text (c, body);
}

static gboolean
respond_json (Connection *c,
              const char *body)
{
  return respond (c, "200 OK", "Content-Type: application/json\r\n", body);
}

static void
send_endless_body (Connection *c)
{
  if (send_text (c, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n"
                    JSON_PREFIX))
    send_fill (c, 'a', ENDLESS_LIMIT);
}

static gboolean
send_100mb_body (Connection *c)
{
  g_autofree char *head = g_strdup_printf ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                                           "Content-Length: %u\r\n\r\n", BODY_100MB);

  /* Valid JSON: one 100 MB string */
  return send_text (c, head) &&
         send_text (c, JSON_PREFIX) &&
         send_fill (c, 'a', BODY_100MB - strlen (JSON_PREFIX) - 2) &&
         send_text (c, "\"}");
}

static void
send_endless_chunks (Connection *c)
{
  g_autofree char *chunk = g_malloc (FILL_SIZE + 16);
  gsize chunk_length;

  if (!send_text (c, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                     "Transfer-Encoding: chunked\r\n\r\n"
                     "18\r\n" JSON_PREFIX "\r\n"))
    return;

  chunk_length = g_snprintf (chunk, 16, "%x\r\n", FILL_SIZE);
  memset (chunk + chunk_length, 'a', FILL_SIZE);
  chunk_length += FILL_SIZE;
  chunk[chunk_length++] = '\r';
  chunk[chunk_length++] = '\n';

  for (gsize sent = 0; sent < ENDLESS_LIMIT; sent += chunk_length)
    if (!send_bytes (c, chunk, chunk_length))
      return;
}

static void
send_endless_headers (Connection *c)
{
  g_autoptr(GString) line = g_string_new ("X-Hostile: ");

  for (guint i = 0; i < 1000; i++)
    g_string_append_c (line, 'a');
  g_string_append (line, "\r\n");

  if (!send_text (c, "HTTP/1.1 200 OK\r\n"))
    return;
  for (gsize sent = 0; sent < ENDLESS_LIMIT; sent += line->len)
    if (!send_bytes (c, line->str, line->len))
      return;
}

static gboolean
send_too_many_headers (Connection *c)
{
  g_autoptr(GString) head = g_string_new ("HTTP/1.1 200 OK\r\n");

  for (guint i = 0; i < TOO_MANY_HEADERS; i++)
    g_string_append_printf (head, "X-Hostile-%05u: 1\r\n", i);
  g_string_append (head, "Content-Type: text/plain\r\nContent-Length: 2\r\n\r\nok");

  return send_bytes (c, head->str, head->len);
}

static void
send_continue_forever (Connection *c)
{
  static const char line[] = "HTTP/1.1 100 Continue\r\n\r\n";
  g_autoptr(GString) batch = g_string_new (NULL);

  /* Written in batches, so that a client always has the next one waiting */
  while (batch->len < FILL_SIZE)
    g_string_append (batch, line);

  for (gsize sent = 0; sent < ENDLESS_LIMIT; sent += batch->len)
    if (!send_bytes (c, batch->str, batch->len))
      return;
}

static gboolean
send_redirect (Connection *c,
               const char *location)
{
  g_autofree char *head = g_strdup_printf ("Location: %s\r\n", location);

  return respond (c, "302 Found", head, "");
}

static gboolean
send_growing_redirect (Connection *c,
                       const char *path)
{
  g_autoptr(GString) location = g_string_new (path);

  if (location->len > 60000)
    g_string_assign (location, "/");
  /* Never "//…", which would name another host */
  if (location->str[location->len - 1] != '/')
    g_string_append_c (location, '/');
  for (guint i = 0; i < 1024; i++)
    g_string_append_c (location, 'a');

  return send_redirect (c, location->str);
}

static gboolean
send_deep_json (Connection *c)
{
  g_autofree char *head = g_strdup_printf ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                                           "Content-Length: %u\r\n\r\n", DEEP_JSON_DEPTH);

  return send_text (c, head) && send_fill (c, '[', DEEP_JSON_DEPTH);
}

/* Answers one request; whether to wait for another on this connection */
static gboolean
answer (Connection *c,
        const char *path)
{
  switch (c->server->behaviour)
    {
    case PORTOLAN_TEST_HOSTILE_BODY_ENDLESS:
      send_endless_body (c);
      return FALSE;
    case PORTOLAN_TEST_HOSTILE_BODY_100MB:
      return send_100mb_body (c);
    case PORTOLAN_TEST_HOSTILE_BODY_CHUNKED_ENDLESS:
      send_endless_chunks (c);
      return FALSE;
    case PORTOLAN_TEST_HOSTILE_HEADERS_ENDLESS:
      send_endless_headers (c);
      return FALSE;
    case PORTOLAN_TEST_HOSTILE_HEADERS_TOO_MANY:
      return send_too_many_headers (c);
    case PORTOLAN_TEST_HOSTILE_CONTINUE_FOREVER:
      send_continue_forever (c);
      return FALSE;
    case PORTOLAN_TEST_HOSTILE_REDIRECT_LOOP:
      return send_redirect (c, path);
    case PORTOLAN_TEST_HOSTILE_REDIRECT_GROWING:
      return send_growing_redirect (c, path);
    case PORTOLAN_TEST_HOSTILE_STATUS_INVALID_JSON:
      return respond_json (c, "{\"rmGuiServerVersion\": \"" PORTOLAN_TEST_UMS_VERSION "\", \"buildNumber\": ");
    case PORTOLAN_TEST_HOSTILE_STATUS_DEEP_JSON:
      return send_deep_json (c);
    case PORTOLAN_TEST_HOSTILE_STATUS_WRONG_TYPES:
      return respond_json (c, "{\"rmGuiServerVersion\": 12, \"buildNumber\": []}");
    case PORTOLAN_TEST_HOSTILE_STATUS_OK:
      return respond_json (c, healthy_status);
    default:
      g_assert_not_reached ();
    }
}

static void
serve_http (Connection *c)
{
  for (guint i = 0; i < MAX_REQUESTS; i++)
    {
      g_autofree char *path = read_request (c);

      if (path == NULL || !answer (c, path))
        return;
    }
}

/* --- Streams --- */

static void
send_noise (Connection *c)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (9);
  guint32 noise[4096];

  /* The same noise every time, and never "H" (HTTP) or 0x16 (TLS) first */
  for (gsize sent = 0; sent < NOISE_SIZE; sent += sizeof noise)
    {
      for (guint i = 0; i < G_N_ELEMENTS (noise); i++)
        noise[i] = g_rand_int (rand);
      if (sent == 0)
        ((guint8 *) noise)[0] = 0xff;
      if (!send_bytes (c, noise, sizeof noise))
        return;
    }
  drain (c);
}

static void
drip (Connection *c)
{
  static const char answer_text[] = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nok";

  for (guint i = 0; answer_text[i] != '\0'; i++)
    if (!send_bytes (c, answer_text + i, 1) || !pause_ms (c, 1000))
      return;
}

static void
serve (Connection *c)
{
  gboolean tls = c->server->certificate != NULL;
  g_autofree char *path = NULL;
  char buffer[16384];

  switch (c->server->behaviour)
    {
    case PORTOLAN_TEST_HOSTILE_ACCEPT_HANG:
      /* After the handshake: read only to see the client go */
      drain (c);
      break;
    case PORTOLAN_TEST_HOSTILE_ACCEPT_RESET:
      reset_socket (c->socket);
      break;
    case PORTOLAN_TEST_HOSTILE_DRIP:
      if (!tls || (path = read_request (c)) != NULL)
        drip (c);
      break;
    case PORTOLAN_TEST_HOSTILE_RANDOM_BYTES:
      if (!tls || (path = read_request (c)) != NULL)
        send_noise (c);
      break;
    case PORTOLAN_TEST_HOSTILE_TLS_STALL:
      if (receive_some (c, buffer, sizeof buffer) > 0 &&
          send_bytes (c, half_server_hello, sizeof half_server_hello))
        drain (c);
      break;
    case PORTOLAN_TEST_HOSTILE_LDAP:
      if (receive_some (c, buffer, sizeof buffer) > 0)
        send_bytes (c, ldap_notice, sizeof ldap_notice);
      break;
    default:
      serve_http (c);
      break;
    }
}

static GIOStream *
new_server_connection (PortolanTestHostileServer  *self,
                       GIOStream                  *base,
                       GError                    **error)
{
  GType type = g_tls_backend_get_server_connection_type (g_tls_backend_get_default ());

  /* No database: glib-networking 2.74 would load the system's trust
   * list for every connection, 20 ms of CPU each, and the server, not
   * the client, would be what is slow */
  return g_initable_new (type, self->cancellable, error,
                         "base-io-stream", base,
                         "certificate", self->certificate,
                         "database", NULL,
                         NULL);
}

static gpointer
connection_thread (gpointer data)
{
  Connection *c = data;
  PortolanTestHostileServer *self = c->server;
  g_autoptr(GError) error = NULL;

  c->stream = G_IO_STREAM (g_socket_connection_factory_create_connection (c->socket));
  if (self->certificate != NULL)
    {
      g_autoptr(GIOStream) tls = new_server_connection (self, c->stream, &error);

      /* A client that gives up on the handshake is what some tests want */
      if (tls == NULL || !g_tls_connection_handshake (G_TLS_CONNECTION (tls), self->cancellable, &error))
        g_debug ("hostile TLS handshake: %s", error->message);
      else
        {
          g_object_unref (c->stream);
          c->stream = g_steal_pointer (&tls);
        }
    }

  if (error == NULL)
    serve (c);

  g_io_stream_close (c->stream, NULL, NULL);
  g_clear_object (&c->stream);
  g_clear_object (&c->socket);
  g_free (c->request);
  g_free (c);

  g_mutex_lock (&self->lock);
  self->workers--;
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->lock);

  return NULL;
}

static void
start_connection (PortolanTestHostileServer *self,
                  GSocket                   *socket)
{
  Connection *c = g_new0 (Connection, 1);

  c->server = self;
  c->socket = socket;
  c->end_us = g_get_monotonic_time () + CONNECTION_SECONDS * G_TIME_SPAN_SECOND;
  c->request = g_malloc (REQUEST_LIMIT + 1);

  g_mutex_lock (&self->lock);
  self->workers++;
  g_mutex_unlock (&self->lock);

  g_thread_unref (g_thread_new ("hostile-connection", connection_thread, c));
}

static gpointer
accept_thread (gpointer data)
{
  PortolanTestHostileServer *self = data;
  gboolean plain = self->certificate == NULL;

  while (!g_cancellable_is_cancelled (self->cancellable))
    {
      g_autoptr(GError) error = NULL;
      GSocket *socket = g_socket_accept (self->socket, self->cancellable, &error);

      if (socket == NULL)
        {
          /* EMFILE and the like: try again a little later */
          if (!g_cancellable_is_cancelled (self->cancellable))
            g_usleep (10 * G_TIME_SPAN_MILLISECOND);
          continue;
        }

      g_atomic_int_inc (&self->accepted);
      /* Blocking calls end after this, whatever the client does */
      g_socket_set_timeout (socket, CONNECTION_SECONDS + 1);

      if (plain && self->behaviour == PORTOLAN_TEST_HOSTILE_ACCEPT_HANG)
        {
          g_mutex_lock (&self->lock);
          g_ptr_array_add (self->held, socket);
          g_mutex_unlock (&self->lock);
        }
      else if (plain && self->behaviour == PORTOLAN_TEST_HOSTILE_ACCEPT_RESET)
        {
          reset_socket (socket);
          g_object_unref (socket);
        }
      else
        start_connection (self, socket);
    }

  return NULL;
}

/* --- Datagrams --- */

static gpointer
datagram_thread (gpointer data)
{
  PortolanTestHostileServer *self = data;
  g_autofree char *answer = g_malloc0 (PORTOLAN_TEST_HOSTILE_UDP_SIZE);
  char request[2048];

  while (!g_cancellable_is_cancelled (self->cancellable))
    {
      g_autoptr(GSocketAddress) from = NULL;

      if (g_socket_receive_from (self->socket, &from, request, sizeof request, self->cancellable, NULL) < 0)
        {
          if (!g_cancellable_is_cancelled (self->cancellable))
            g_usleep (G_TIME_SPAN_MILLISECOND);
          continue;
        }
      g_atomic_int_inc (&self->accepted);

      if (self->behaviour == PORTOLAN_TEST_HOSTILE_UDP_64K)
        {
          g_socket_send_to (self->socket, from, answer, PORTOLAN_TEST_HOSTILE_UDP_SIZE, NULL, NULL);
          continue;
        }

      /* Loopback drops what the receiver has no room for: this never blocks */
      for (guint i = 0; i < UDP_FLOOD_COUNT && self->flooded < UDP_FLOOD_TOTAL; i++, self->flooded++)
        if (g_socket_send_to (self->socket, from, answer, UDP_FLOOD_SIZE, NULL, NULL) < 0)
          break;
    }

  return NULL;
}

/* --- The frozen process --- */

static void
die_with_parent (gpointer user_data)
{
  /* A stopped child must not outlive a test that crashed */
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

static gboolean
is_stopped (GSubprocess *process)
{
  g_autofree char *path = g_strdup_printf ("/proc/%s/stat", g_subprocess_get_identifier (process));
  g_autofree char *stat = NULL;
  const char *state;

  if (!g_file_get_contents (path, &stat, NULL, NULL) || (state = strrchr (stat, ')')) == NULL)
    return FALSE;

  return state[1] == ' ' && state[2] == 'T';
}

/* The listening socket goes to a child, `sleep`, as its fd 3; the child
 * is stopped, and ours is closed. The kernel still completes handshakes
 * into the backlog, and nobody ever reads them: a frozen server. */
static gboolean
freeze_in_child (PortolanTestHostileServer  *self,
                 GError                    **error)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  gint64 end = g_get_monotonic_time () + 2 * G_TIME_SPAN_SECOND;

  g_subprocess_launcher_take_fd (launcher, dup (g_socket_get_fd (self->socket)), 3);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  self->frozen = g_subprocess_launcher_spawn (launcher, error, "sleep", "30", NULL);
  if (self->frozen == NULL)
    return FALSE;

  g_socket_close (self->socket, NULL);
  g_subprocess_send_signal (self->frozen, SIGSTOP);
  while (!is_stopped (self->frozen) && g_get_monotonic_time () < end)
    g_usleep (G_TIME_SPAN_MILLISECOND);

  if (!is_stopped (self->frozen))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "The child %s did not stop",
                   g_subprocess_get_identifier (self->frozen));
      return FALSE;
    }

  return TRUE;
}

/* --- The server --- */

static GSocket *
bind_loopback (GSocketType   type,
               guint16      *port,
               GError      **error)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any_port = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GSocket) socket = NULL;

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, type, G_SOCKET_PROTOCOL_DEFAULT, error);
  if (socket == NULL || !g_socket_bind (socket, any_port, TRUE, error))
    return NULL;

  /* Tests open twenty connections at once, and the frozen server never
   * accepts: the backlog has to hold them all */
  g_socket_set_listen_backlog (socket, 256);
  if (type == G_SOCKET_TYPE_STREAM && !g_socket_listen (socket, error))
    return NULL;

  bound = g_socket_get_local_address (socket, error);
  if (bound == NULL)
    return NULL;

  *port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  return g_steal_pointer (&socket);
}

/**
 * portolan_test_hostile_server_new:
 * @behaviour: how to misbehave
 * @certificate: (nullable): with a certificate, the server completes a
 *   TLS handshake first and misbehaves inside TLS (not for TLS_STALL,
 *   FROZEN and the UDP behaviours)
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the server, serving at once on
 *   127.0.0.1 in threads of its own, or %NULL with @error set
 */
PortolanTestHostileServer *
portolan_test_hostile_server_new (PortolanTestHostile   behaviour,
                                  GTlsCertificate      *certificate,
                                  GError              **error)
{
  g_autoptr(PortolanTestHostileServer) self = NULL;
  gboolean datagram = is_datagram (behaviour);

  g_return_val_if_fail (certificate == NULL || G_IS_TLS_CERTIFICATE (certificate), NULL);
  g_return_val_if_fail (certificate == NULL ||
                        (!datagram && behaviour != PORTOLAN_TEST_HOSTILE_TLS_STALL &&
                         behaviour != PORTOLAN_TEST_HOSTILE_FROZEN), NULL);

  self = g_new0 (PortolanTestHostileServer, 1);
  self->behaviour = behaviour;
  self->certificate = certificate != NULL ? g_object_ref (certificate) : NULL;
  self->cancellable = g_cancellable_new ();
  self->held = g_ptr_array_new_with_free_func (g_object_unref);
  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);

  self->socket = bind_loopback (datagram ? G_SOCKET_TYPE_DATAGRAM : G_SOCKET_TYPE_STREAM,
                                &self->port, error);
  if (self->socket == NULL)
    return NULL;

  if (behaviour == PORTOLAN_TEST_HOSTILE_FROZEN)
    {
      if (!freeze_in_child (self, error))
        return NULL;
    }
  else
    self->thread = g_thread_new (datagram ? "hostile-udp" : "hostile-accept",
                                 datagram ? datagram_thread : accept_thread, self);

  return g_steal_pointer (&self);
}

/**
 * portolan_test_hostile_server_free:
 * @server: (transfer full) (nullable): a server
 *
 * Stops the server: cancels every blocking call, joins every thread it
 * started, and continues and kills the frozen child by its pid.
 */
void
portolan_test_hostile_server_free (PortolanTestHostileServer *server)
{
  PortolanTestHostileServer *self = server;

  if (self == NULL)
    return;

  g_cancellable_cancel (self->cancellable);
  g_mutex_lock (&self->lock);
  self->stopping = TRUE;
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->lock);

  if (self->frozen != NULL)
    {
      g_subprocess_send_signal (self->frozen, SIGCONT);
      g_subprocess_force_exit (self->frozen);
      g_subprocess_wait (self->frozen, NULL, NULL);
      g_clear_object (&self->frozen);
    }

  if (self->thread != NULL)
    g_thread_join (self->thread);

  g_mutex_lock (&self->lock);
  while (self->workers > 0)
    g_cond_wait (&self->cond, &self->lock);
  g_mutex_unlock (&self->lock);

  for (guint i = 0; i < self->held->len; i++)
    g_socket_close (g_ptr_array_index (self->held, i), NULL);
  g_ptr_array_unref (self->held);

  if (self->socket != NULL)
    g_socket_close (self->socket, NULL);
  g_clear_object (&self->socket);
  g_clear_object (&self->certificate);
  g_clear_object (&self->cancellable);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);
  g_free (self);
}

guint16
portolan_test_hostile_server_get_port (PortolanTestHostileServer *server)
{
  g_return_val_if_fail (server != NULL, 0);

  return server->port;
}

/**
 * portolan_test_hostile_server_get_accepted:
 * @server: a server
 *
 * Returns: the connections accepted, or the datagrams received, so far
 *   (0 for the frozen server, which never accepts)
 */
guint
portolan_test_hostile_server_get_accepted (PortolanTestHostileServer *server)
{
  g_return_val_if_fail (server != NULL, 0);

  return g_atomic_int_get (&server->accepted);
}

/* --- A very long certificate chain --- */


static GTlsCertificate *
certificate_new (const char       *pem,
                 const char       *key_pem,
                 GTlsCertificate  *issuer,
                 GError          **error)
{
  GType type = g_tls_backend_get_certificate_type (g_tls_backend_get_default ());

  /* Set by hand: g_tls_certificate_new_from_pem() keeps a chain only if it verifies */
  return g_initable_new (type, NULL, error,
                         "certificate-pem", pem,
                         "private-key-pem", key_pem,
                         "issuer", issuer,
                         NULL);
}

/**
 * portolan_test_hostile_chain_new:
 * @leaf_path: a PEM certificate, its key beside it ending in .key
 * @length: how many certificates the chain holds, the leaf included
 * @error: return location for a #GError
 *
 * Makes @length - 1 self-signed fillers with the openssl command (about
 * a second for 200) and hangs them under the leaf as its issuers, so a
 * server sends them all in its Certificate message.
 *
 * Returns: (transfer full) (nullable): the leaf, with its key and chain
 */
GTlsCertificate *
portolan_test_hostile_chain_new (const char  *leaf_path,
                                 guint        length,
                                 GError     **error)
{
  g_autofree char *dir = g_dir_make_tmp ("portolan-test-chain-XXXXXX", error);
  g_autofree char *script = NULL;
  g_autofree char *fillers_path = NULL;
  g_autofree char *key_path = NULL;
  g_autofree char *leaf_pem = NULL;
  g_autofree char *key_pem = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GTlsCertificate) issuer = NULL;
  g_autoptr(GError) local_error = NULL;
  GList *fillers;

  g_return_val_if_fail (length >= 2, NULL);

  if (dir == NULL)
    return NULL;

  script = g_strdup_printf ("printf '[ req ]\\ndistinguished_name = dn\\nprompt = no\\n[ dn ]\\nCN = unused\\n' > req.cnf && "
                            "export OPENSSL_CONF=$PWD/req.cnf && "
                            "openssl ecparam -name prime256v1 -genkey -noout -out filler.key && "
                            /* Short names: the chain must stay under the
                             * probes' 64 KiB handshake limit, so that it is
                             * its length that is tested, not its size */
                            "seq 1 %u | xargs -P 2 -I {} openssl req -x509 -new -key filler.key "
                            "-subj '/CN=filler {}' -days 2 -out filler-{}.pem && "
                            "cat filler-*.pem > fillers.pem", length - 1);
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
  g_subprocess_launcher_set_cwd (launcher, dir);
  process = g_subprocess_launcher_spawn (launcher, error, "sh", "-c", script, NULL);
  if (process == NULL || !g_subprocess_wait_check (process, NULL, error))
    {
      portolan_test_remove_directory (dir);
      return NULL;
    }

  fillers_path = g_build_filename (dir, "fillers.pem", NULL);
  fillers = g_tls_certificate_list_new_from_file (fillers_path, error);
  portolan_test_remove_directory (dir);
  if (fillers == NULL)
    return NULL;

  /* From the top down, each filler the issuer of the one before it */
  for (GList *l = g_list_last (fillers); l != NULL; l = l->prev)
    {
      g_autofree char *pem = NULL;
      GTlsCertificate *next;

      g_object_get (l->data, "certificate-pem", &pem, NULL);
      next = certificate_new (pem, NULL, issuer, &local_error);
      if (next == NULL)
        break;
      g_set_object (&issuer, next);
      g_object_unref (next);
    }
  g_list_free_full (fillers, g_object_unref);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  key_path = g_strconcat (leaf_path, NULL);
  if (g_str_has_suffix (key_path, ".pem"))
    strcpy (key_path + strlen (key_path) - 4, ".key");
  if (!g_file_get_contents (leaf_path, &leaf_pem, NULL, error) ||
      !g_file_get_contents (key_path, &key_pem, NULL, error))
    return NULL;

  return certificate_new (leaf_pem, key_pem, issuer, error);
}
