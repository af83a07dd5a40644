/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-http-get.c: the bounded HTTP GET, over real TLS sessions to servers on loopback
 *
 * The server runs in a thread of its own with blocking I/O, and answers
 * each path with bytes a test wrote out in full, so that every framing
 * and every misbehaviour is exactly what the test says; the client under
 * test runs on the main context.
 */
#include "config.h"

#include <string.h>

#include "portolan-http-get-private.h"
#include "portolan-test-certs.h"
#include "portolan-test-servers.h"
#include "portolan-test-session.h"
#include "portolan-test-text.h"

#define REQUEST_LIMIT (64 * 1024)
#define HELLO         "hello, world"

static PortolanTestCerts *certs;

/* --- A server in a thread of its own, one connection --- */

typedef enum
{
  THEN_KEEP,        /* wait for the next request */
  THEN_CLOSE,       /* close_notify, then the end */
  THEN_CLOSE_BARE,  /* the socket closed without close_notify */
  THEN_HOLD,        /* read nothing more and say nothing, until the client leaves */
  THEN_RESET,       /* read the next request, then RST */
} Then;

typedef struct
{
  GBytes *answer;
  Then    then;
} Route;

typedef struct
{
  PortolanTestSessionServer *session_server;
  const char                *address;  /* the session server's */
  guint16                    port;
  GHashTable                *routes;   /* path → Route; set before the server starts */
  gboolean                   started;

  GMutex                     lock;
  GPtrArray                 *requests;  /* the heads received, in order */
} Server;

static void
route_free (Route *route)
{
  g_bytes_unref (route->answer);
  g_free (route);
}

static void
record_request (Server     *self,
                const char *head,
                gsize       length)
{
  g_mutex_lock (&self->lock);
  g_ptr_array_add (self->requests, g_strndup (head, length));
  g_mutex_unlock (&self->lock);
}

/* One request head off @pending, read more as needed; its path, or NULL
 * when the client left */
static char *
read_request (Server       *self,
              GInputStream *input,
              GByteArray   *pending,
              GCancellable *cancellable)
{
  const char *end;
  const char *path;
  const char *path_end;
  char *found;
  gsize length;

  while ((end = pending->len > 0 ? g_strstr_len ((const char *) pending->data, pending->len, "\r\n\r\n")
                                 : NULL) == NULL)
    {
      char buffer[4096];
      gssize n;

      if (pending->len > REQUEST_LIMIT)
        return NULL;
      n = g_input_stream_read (input, buffer, sizeof buffer, cancellable, NULL);
      if (n <= 0)
        return NULL;
      g_byte_array_append (pending, (const guint8 *) buffer, n);
    }

  length = end + 4 - (const char *) pending->data;
  record_request (self, (const char *) pending->data, length);

  path = memchr (pending->data, ' ', length);
  path_end = path != NULL ? memchr (path + 1, ' ', end - path - 1) : NULL;
  found = path_end != NULL ? g_strndup (path + 1, path_end - path - 1) : g_strdup ("");
  g_byte_array_remove_range (pending, 0, length);
  return found;
}

static void
serve (GSocket      *socket,
       GIOStream    *tls,
       GCancellable *cancellable,
       gpointer      user_data)
{
  static const char not_found[] = "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n";
  Server *self = user_data;
  GInputStream *input = g_io_stream_get_input_stream (tls);
  GOutputStream *output = g_io_stream_get_output_stream (tls);
  g_autoptr(GByteArray) pending = g_byte_array_new ();

  for (;;)
    {
      g_autofree char *path = read_request (self, input, pending, cancellable);
      const Route *route;
      gboolean sent;

      if (path == NULL)
        return;

      route = g_hash_table_lookup (self->routes, path);
      if (route == NULL)
        {
          g_output_stream_write_all (output, not_found, strlen (not_found), NULL, cancellable, NULL);
          continue;
        }

      sent = g_output_stream_write_all (output, g_bytes_get_data (route->answer, NULL),
                                        g_bytes_get_size (route->answer), NULL, cancellable, NULL);
      if (!sent)
        return;

      switch (route->then)
        {
        case THEN_KEEP:
          break;
        case THEN_CLOSE:
          g_io_stream_close (tls, cancellable, NULL);
          return;
        case THEN_CLOSE_BARE:
          g_socket_close (socket, NULL);
          return;
        case THEN_RESET:
          g_free (read_request (self, input, pending, cancellable));
          portolan_test_session_server_reset (socket);
          return;
        case THEN_HOLD:
        default:
          portolan_test_session_server_drain (tls, cancellable);
          return;
        }
    }
}

/* Binds @address, port 0; serves once started */
static Server *
server_new (const char *address)
{
  Server *self = g_new0 (Server, 1);

  self->session_server = portolan_test_session_server_new (address, certs->valid, serve, self);
  self->address = portolan_test_session_server_get_address (self->session_server);
  self->port = portolan_test_session_server_get_port (self->session_server);
  self->routes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) route_free);
  self->requests = g_ptr_array_new_with_free_func (g_free);
  g_mutex_init (&self->lock);
  return self;
}

/* @path is answered with @answer, as it is */
static void
server_route (Server     *self,
              const char *path,
              const char *answer,
              Then        then)
{
  Route *route = g_new0 (Route, 1);

  g_assert_false (self->started);
  route->answer = g_bytes_new (answer, strlen (answer));
  route->then = then;
  g_hash_table_replace (self->routes, g_strdup (path), route);
}

static void
server_start (Server *self)
{
  self->started = TRUE;
  portolan_test_session_server_start (self->session_server);
}

/* The request heads received so far */
static GStrv
server_dup_requests (Server *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_mutex_lock (&self->lock);
  for (guint i = 0; i < self->requests->len; i++)
    g_strv_builder_add (builder, g_ptr_array_index (self->requests, i));
  g_mutex_unlock (&self->lock);
  return g_strv_builder_end (builder);
}

static void
server_free (Server *self)
{
  /* Joins the thread that serve () runs in */
  portolan_test_session_server_free (self->session_server);
  g_hash_table_unref (self->routes);
  g_ptr_array_unref (self->requests);
  g_mutex_clear (&self->lock);
  g_free (self);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Server, server_free)

/* --- The client, on the main context --- */

static PortolanTlsSession *
session_new (Server *server)
{
  g_autoptr(PortolanTlsSession) session = portolan_test_session_new (server->address, server->port,
                                                                     server->address);
  g_autoptr(GError) error = NULL;

  portolan_test_session_handshake (session, NULL, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&session);
}

/* GET @path of @server, which starts now; the answer always comes */
static PortolanHttpAnswer *
get_cancellable (Server       *server,
                 const char   *path,
                 GCancellable *cancellable)
{
  g_autoptr(PortolanTlsSession) session = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  PortolanHttpAnswer *answer;

  server_start (server);
  session = session_new (server);
  _portolan_http_get_async (session, server->address, server->port, path, cancellable,
                            portolan_test_store_result_cb, &result);
  answer = _portolan_http_get_finish (portolan_test_wait_for_result (&result, "the answer"));
  g_assert_nonnull (answer);
  g_assert_nonnull (answer->path);
  g_assert_cmpuint (answer->redirects->len, >=, 1);
  g_assert_cmpstr (g_ptr_array_index (answer->redirects, 0), ==, path);
  if (answer->error != NULL)
    g_test_message ("%s: %s", answer->path, answer->error->message);
  else
    g_test_message ("%s: HTTP %u %s, %zu bytes", answer->path, answer->status, answer->reason,
                    g_bytes_get_size (answer->body));
  return answer;
}

static PortolanHttpAnswer *
get (Server     *server,
     const char *path)
{
  return get_cancellable (server, path, NULL);
}

/* GET / of a server that answers it with @text, then does @then */
static PortolanHttpAnswer *
get_answered (const char *text,
              Then        then)
{
  g_autoptr(Server) server = server_new ("127.0.0.1");

  server_route (server, "/", text, then);
  return get (server, "/");
}

static void
assert_answer (PortolanHttpAnswer *answer,
               guint               status,
               const char         *body)
{
  g_assert_no_error (answer->error);
  g_assert_cmpuint (answer->status, ==, status);
  g_assert_nonnull (answer->body);
  g_assert_cmpmem (g_bytes_get_data (answer->body, NULL), g_bytes_get_size (answer->body),
                   body, strlen (body));
}

static void
assert_redirects (PortolanHttpAnswer *answer,
                  const char * const *paths)
{
  g_assert_cmpuint (answer->redirects->len, ==, g_strv_length ((GStrv) paths));
  for (guint i = 0; paths[i] != NULL; i++)
    g_assert_cmpstr (g_ptr_array_index (answer->redirects, i), ==, paths[i]);
}

static guint
count_requests (Server *server)
{
  g_auto(GStrv) requests = server_dup_requests (server);

  return g_strv_length (requests);
}

/* A body of @size bytes: "0123456789…" again and again */
static char *
make_body (gsize size)
{
  char *body = g_malloc (size + 1);

  for (gsize i = 0; i < size; i++)
    body[i] = '0' + i % 10;
  body[size] = '\0';
  return body;
}

static void
assert_body_is (PortolanHttpAnswer *answer,
                const char         *body,
                gsize               size)
{
  g_assert_nonnull (answer->body);
  g_assert_cmpmem (g_bytes_get_data (answer->body, NULL), g_bytes_get_size (answer->body), body, size);
}

/* --- Bodies --- */

static void
test_body_length (void)
{
  g_autoptr(PortolanHttpAnswer) answer =
    get_answered ("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 12\r\n\r\n" HELLO, THEN_HOLD);

  assert_answer (answer, 200, HELLO);
  g_assert_cmpstr (answer->reason, ==, "OK");
  g_assert_cmpstr (answer->path, ==, "/");
  g_assert_null (answer->location);
  g_assert_cmpuint (answer->interim, ==, 0);
  assert_redirects (answer, (const char *[]) { "/", NULL });
}

static void
test_body_chunked (void)
{
  /* An extension and a trailer, which the body does not show */
  static const char chunked[] = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                                "5\r\nhello\r\n"
                                "2;name=value\r\n, \r\n"
                                "5\r\nworld\r\n"
                                "0\r\nX-Trailer: 1\r\n\r\n";
  g_autoptr(PortolanHttpAnswer) answer = get_answered (chunked, THEN_HOLD);

  assert_answer (answer, 200, HELLO);
}

static void
test_body_until_close (gconstpointer data)
{
  Then then = GPOINTER_TO_INT (data);
  g_autoptr(PortolanHttpAnswer) answer = get_answered ("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n" HELLO, then);

  assert_answer (answer, 200, HELLO);
}

/* No body whatever the headers say, and no wait for one: a 304 may
 * give the length of what it does not send, over the limit too */
static void
test_body_none (gconstpointer data)
{
  guint status = GPOINTER_TO_UINT (data);
  g_autofree char *head = g_strdup_printf ("HTTP/1.1 %u Nothing\r\n%s\r\n", status,
                                           status == 304 ? "Content-Length: 2000000\r\n" : "");
  g_autoptr(PortolanHttpAnswer) answer = get_answered (head, THEN_HOLD);

  assert_answer (answer, status, "");
}

/* --- The body's limit --- */

typedef enum
{
  FRAMING_LENGTH,
  FRAMING_CHUNKED,
  FRAMING_CLOSE,
} Framing;

typedef struct
{
  Framing framing;
  gsize   size;
} Limit;

static void
test_body_limit (gconstpointer data)
{
  const Limit *limit = data;
  g_autoptr(PortolanHttpAnswer) answer = NULL;
  g_autofree char *body = make_body (limit->size);
  g_autoptr(GString) text = g_string_new ("HTTP/1.1 200 OK\r\n");
  gboolean over = limit->size > PORTOLAN_HTTP_MAX_BODY;
  Then then = THEN_HOLD;

  switch (limit->framing)
    {
    case FRAMING_LENGTH:
      g_string_append_printf (text, "Content-Length: %zu\r\n\r\n", limit->size);
      /* Over the limit, the head alone: it is refused before any body */
      if (!over)
        g_string_append (text, body);
      break;

    case FRAMING_CHUNKED:
      /* In chunks of 64 KiB, the last one a byte, when over */
      g_string_append (text, "Transfer-Encoding: chunked\r\n\r\n");
      for (gsize at = 0; at < limit->size; at += 65536)
        {
          gsize length = MIN (65536, limit->size - at);

          g_string_append_printf (text, "%zx\r\n", length);
          g_string_append_len (text, body + at, length);
          g_string_append (text, "\r\n");
        }
      g_string_append (text, "0\r\n\r\n");
      break;

    case FRAMING_CLOSE:
    default:
      /* Over the limit, the connection stays open: refused as it goes over */
      g_string_append (text, "Connection: close\r\n\r\n");
      g_string_append (text, body);
      then = over ? THEN_HOLD : THEN_CLOSE;
      break;
    }

  answer = get_answered (text->str, then);

  if (over)
    {
      g_assert_error (answer->error, PORTOLAN_HTTP_ERROR, PORTOLAN_HTTP_ERROR_BODY_TOO_LARGE);
      g_assert_null (answer->body);
    }
  else
    {
      g_assert_no_error (answer->error);
      g_assert_cmpuint (answer->status, ==, 200);
      assert_body_is (answer, body, limit->size);
    }
}

/* --- Interim answers --- */

static void
test_interim (gconstpointer data)
{
  guint count = GPOINTER_TO_UINT (data);
  g_autoptr(PortolanHttpAnswer) answer = NULL;
  g_autoptr(GString) text = g_string_new (NULL);

  /* 100 and 103 in turn, one with headers as Early Hints have */
  for (guint i = 0; i < count; i++)
    g_string_append (text, i % 2 == 0 ? "HTTP/1.1 100 Continue\r\n\r\n"
                                      : "HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n");
  if (count <= PORTOLAN_HTTP_MAX_INTERIM)
    g_string_append (text, "HTTP/1.1 200 OK\r\nContent-Length: 12\r\n\r\n" HELLO);

  answer = get_answered (text->str, THEN_HOLD);

  if (count > PORTOLAN_HTTP_MAX_INTERIM)
    {
      g_assert_error (answer->error, PORTOLAN_HTTP_ERROR, PORTOLAN_HTTP_ERROR_TOO_MANY_INTERIM);
      g_assert_cmpuint (answer->interim, ==, PORTOLAN_HTTP_MAX_INTERIM + 1);
    }
  else
    {
      assert_answer (answer, 200, HELLO);
      g_assert_cmpuint (answer->interim, ==, count);
    }
}

/* --- Redirects --- */

/* A 302 on a connection that stays open */
static char *
redirect_to (const char *location)
{
  return g_strdup_printf ("HTTP/1.1 302 Found\r\nLocation: %s\r\nContent-Length: 0\r\n\r\n", location);
}

static char *
server_uri (Server     *server,
            const char *path)
{
  /* Encoded: the path may carry a query */
  return g_uri_join (G_URI_FLAGS_ENCODED, "https", NULL, server->address, server->port, path, NULL, NULL);
}

typedef struct
{
  const char *address;
  gboolean    absolute;
} SameHost;

static void
test_redirect_same_host (gconstpointer data)
{
  const SameHost *same = data;
  g_autoptr(Server) server = NULL;
  g_autoptr(PortolanHttpAnswer) answer = NULL;
  g_autofree char *target = NULL;
  g_autofree char *redirect = NULL;

  if (!portolan_test_loopback_available (same->address))
    {
      g_test_skip ("no loopback address for this family");
      return;
    }

  server = server_new (same->address);
  target = same->absolute ? server_uri (server, "/target?a=1") : g_strdup ("target?a=1");
  redirect = redirect_to (target);
  server_route (server, "/dir/start", redirect, THEN_KEEP);
  server_route (server, "/dir/target?a=1", "HTTP/1.1 200 OK\r\nContent-Length: 12\r\n\r\n" HELLO, THEN_HOLD);
  server_route (server, "/target?a=1", "HTTP/1.1 200 OK\r\nContent-Length: 12\r\n\r\n" HELLO, THEN_HOLD);

  answer = get (server, "/dir/start");
  assert_answer (answer, 200, HELLO);
  if (same->absolute)
    {
      g_assert_cmpstr (answer->path, ==, "/target?a=1");
      assert_redirects (answer, (const char *[]) { "/dir/start", "/target?a=1", NULL });
    }
  else
    {
      /* Relative to the path that redirected */
      g_assert_cmpstr (answer->path, ==, "/dir/target?a=1");
      assert_redirects (answer, (const char *[]) { "/dir/start", "/dir/target?a=1", NULL });
    }
  g_assert_null (answer->location);
  g_assert_cmpuint (count_requests (server), ==, 2);
}

/* Not this server: the redirect is the answer */
static void
test_redirect_elsewhere (gconstpointer data)
{
  const char *location = data;
  g_autoptr(Server) server = server_new ("127.0.0.1");
  g_autoptr(PortolanHttpAnswer) answer = NULL;
  g_autofree char *port = g_strdup_printf ("%u", server->port);
  g_autofree char *resolved = NULL;
  g_autofree char *redirect = NULL;

  /* "PORT" stands for this server's */
  resolved = strstr (location, "PORT") != NULL ? portolan_test_replace_once (location, "PORT", port)
                                               : g_strdup (location);
  redirect = redirect_to (resolved);
  server_route (server, "/", redirect, THEN_KEEP);

  answer = get (server, "/");
  assert_answer (answer, 302, "");
  g_assert_cmpstr (answer->location, ==, resolved);
  g_assert_cmpstr (answer->path, ==, "/");
  assert_redirects (answer, (const char *[]) { "/", NULL });
  g_assert_cmpuint (count_requests (server), ==, 1);
}

typedef struct
{
  const char *head;  /* the redirect's, up to its Content-Length */
  Then        then;
} ThenClose;

/* The connection will not carry another request, said or not: the
 * redirect is the answer */
static void
test_redirect_then_close (gconstpointer data)
{
  const ThenClose *close = data;
  g_autoptr(Server) server = server_new ("127.0.0.1");
  g_autoptr(PortolanHttpAnswer) answer = NULL;
  g_autofree char *redirect = g_strconcat (close->head, "Content-Length: 5\r\n\r\nmoved", NULL);
  gboolean said = strstr (close->head, "close") != NULL || g_str_has_prefix (close->head, "HTTP/1.0");

  server_route (server, "/", redirect, close->then);
  server_route (server, "/target", "HTTP/1.1 200 OK\r\nContent-Length: 12\r\n\r\n" HELLO, THEN_HOLD);

  answer = get (server, "/");
  assert_answer (answer, 302, "moved");
  g_assert_cmpstr (answer->location, ==, "/target");
  g_assert_cmpstr (answer->path, ==, "/");
  /* Unsaid, the target was asked and never answered */
  if (said)
    assert_redirects (answer, (const char *[]) { "/", NULL });
  else
    assert_redirects (answer, (const char *[]) { "/", "/target", NULL });
}

static void
test_redirect_loop (void)
{
  g_autoptr(Server) server = server_new ("127.0.0.1");
  g_autoptr(PortolanHttpAnswer) answer = NULL;
  g_autofree char *to_b = redirect_to ("/b");
  g_autofree char *uri_a = server_uri (server, "/a");
  g_autofree char *to_a = redirect_to (uri_a);

  /* Back by the whole URI: the same path all the same */
  server_route (server, "/a", to_b, THEN_KEEP);
  server_route (server, "/b", to_a, THEN_KEEP);

  answer = get (server, "/a");
  g_assert_error (answer->error, PORTOLAN_HTTP_ERROR, PORTOLAN_HTTP_ERROR_REDIRECT_LOOP);
  g_assert_nonnull (strstr (answer->error->message, "/a → /b → /a"));
  assert_redirects (answer, (const char *[]) { "/a", "/b", NULL });
  g_assert_cmpuint (count_requests (server), ==, 2);
}

/* /0 → /1 → … → /@count, which answers */
static void
test_redirect_many (gconstpointer data)
{
  guint count = GPOINTER_TO_UINT (data);
  g_autoptr(Server) server = server_new ("127.0.0.1");
  g_autoptr(PortolanHttpAnswer) answer = NULL;
  g_autofree char *last = g_strdup_printf ("/%u", count);

  for (guint i = 0; i < count; i++)
    {
      g_autofree char *from = g_strdup_printf ("/%u", i);
      g_autofree char *to = g_strdup_printf ("/%u", i + 1);
      g_autofree char *redirect = redirect_to (to);

      server_route (server, from, redirect, THEN_KEEP);
    }
  server_route (server, last, "HTTP/1.1 200 OK\r\nContent-Length: 12\r\n\r\n" HELLO, THEN_HOLD);

  answer = get (server, "/0");
  if (count > PORTOLAN_HTTP_MAX_REDIRECTS)
    {
      g_assert_error (answer->error, PORTOLAN_HTTP_ERROR, PORTOLAN_HTTP_ERROR_TOO_MANY_REDIRECTS);
      /* The one not followed is named, not asked */
      g_assert_nonnull (strstr (answer->error->message, "/0 → /1 → /2 → /3 → /4 → /5 → /6"));
      g_assert_cmpuint (answer->redirects->len, ==, PORTOLAN_HTTP_MAX_REDIRECTS + 1);
      g_assert_cmpuint (count_requests (server), ==, PORTOLAN_HTTP_MAX_REDIRECTS + 1);
    }
  else
    {
      assert_answer (answer, 200, HELLO);
      g_assert_cmpstr (answer->path, ==, last);
      g_assert_cmpuint (answer->redirects->len, ==, count + 1);
    }
}

/* --- The request --- */

static void
test_request (gconstpointer data)
{
  const char *address = data;
  g_autoptr(Server) server = NULL;
  g_autoptr(PortolanHttpAnswer) answer = NULL;
  g_autofree char *host = NULL;
  g_autofree char *user_agent = g_strdup_printf ("\r\nUser-Agent: Portolan/%s\r\n", PACKAGE_VERSION);
  g_auto(GStrv) requests = NULL;

  if (!portolan_test_loopback_available (address))
    {
      g_test_skip ("no loopback address for this family");
      return;
    }

  server = server_new (address);
  server_route (server, "/path?query=1", "HTTP/1.1 204 No Content\r\n\r\n", THEN_HOLD);
  answer = get (server, "/path?query=1");
  assert_answer (answer, 204, "");

  requests = server_dup_requests (server);
  g_assert_cmpuint (g_strv_length (requests), ==, 1);
  g_test_message ("%s", requests[0]);
  g_assert_true (g_str_has_prefix (requests[0], "GET /path?query=1 HTTP/1.1\r\n"));
  host = strchr (address, ':') != NULL
    ? g_strdup_printf ("\r\nHost: [%s]:%u\r\n", address, server->port)
    : g_strdup_printf ("\r\nHost: %s:%u\r\n", address, server->port);
  g_assert_nonnull (strstr (requests[0], host));
  g_assert_nonnull (strstr (requests[0], user_agent));
}

/* --- Ends --- */

static void
test_end_without_answer (gconstpointer data)
{
  Then then = GPOINTER_TO_INT (data);
  g_autoptr(PortolanHttpAnswer) answer = get_answered ("", then);

  g_assert_error (answer->error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED);
  g_assert_cmpstr (answer->path, ==, "/");
}

static void
test_end_truncated (gconstpointer data)
{
  Then then = GPOINTER_TO_INT (data);
  g_autoptr(PortolanHttpAnswer) answer = get_answered ("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n" HELLO,
                                                       then);

  g_assert_error (answer->error, PORTOLAN_HTTP_ERROR, PORTOLAN_HTTP_ERROR_TRUNCATED);
}

static void
test_end_truncated_head (void)
{
  g_autoptr(PortolanHttpAnswer) answer = get_answered ("HTTP/1.1 200 OK\r\nContent-Len", THEN_CLOSE);

  g_assert_error (answer->error, PORTOLAN_HTTP_ERROR, PORTOLAN_HTTP_ERROR_TRUNCATED);
}

static gboolean
cancel_cb (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_REMOVE;
}

static void
test_cancelled (void)
{
  g_autoptr(Server) server = server_new ("127.0.0.1");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(PortolanHttpAnswer) answer = NULL;

  /* Half a body, then nothing */
  server_route (server, "/", "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n" HELLO, THEN_HOLD);
  g_timeout_add (100, cancel_cb, cancellable);
  answer = get_cancellable (server, "/", cancellable);
  g_assert_error (answer->error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpstr (answer->path, ==, "/");
  g_assert_null (answer->body);
}

static void
test_cancelled_before (void)
{
  g_autoptr(Server) server = server_new ("127.0.0.1");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(PortolanHttpAnswer) answer = NULL;

  server_route (server, "/", "HTTP/1.1 200 OK\r\nContent-Length: 12\r\n\r\n" HELLO, THEN_HOLD);
  g_cancellable_cancel (cancellable);
  answer = get_cancellable (server, "/", cancellable);
  g_assert_error (answer->error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (count_requests (server), ==, 0);
}

/* --- Paths in messages --- */

static void
test_shorten_path (void)
{
  g_autofree char *long_path = g_strnfill (100, 'a');
  g_autofree char *short_path = _portolan_http_shorten_path ("/short");
  g_autofree char *shortened = _portolan_http_shorten_path (long_path);

  g_assert_cmpstr (short_path, ==, "/short");
  g_assert_true (g_str_has_suffix (shortened, "…"));
  g_assert_cmpuint (strlen (shortened), <, 40);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  static const Limit limits[] = {
    { FRAMING_LENGTH, PORTOLAN_HTTP_MAX_BODY },
    { FRAMING_LENGTH, PORTOLAN_HTTP_MAX_BODY + 1 },
    { FRAMING_CHUNKED, PORTOLAN_HTTP_MAX_BODY },
    { FRAMING_CHUNKED, PORTOLAN_HTTP_MAX_BODY + 1 },
    { FRAMING_CLOSE, PORTOLAN_HTTP_MAX_BODY },
    { FRAMING_CLOSE, PORTOLAN_HTTP_MAX_BODY + 1 },
  };
  static const char * const framings[] = { "length", "chunked", "close" };
  static const SameHost same_hosts[] = {
    { "127.0.0.1", TRUE }, { "127.0.0.1", FALSE }, { "::1", TRUE }, { "::1", FALSE },
  };
  static const ThenClose then_close[] = {
    { "HTTP/1.1 302 Found\r\nLocation: /target\r\nConnection: close\r\n", THEN_CLOSE },
    { "HTTP/1.0 302 Found\r\nLocation: /target\r\n", THEN_CLOSE },
    { "HTTP/1.1 302 Found\r\nLocation: /target\r\n", THEN_CLOSE },
    { "HTTP/1.1 302 Found\r\nLocation: /target\r\n", THEN_CLOSE_BARE },
    { "HTTP/1.1 302 Found\r\nLocation: /target\r\n", THEN_RESET },
  };
  int status;

  g_test_init (&argc, &argv, NULL);

  certs = portolan_test_certs_new (&error);
  g_assert_no_error (error);

  g_test_add_func ("/http-get/body/length", test_body_length);
  g_test_add_func ("/http-get/body/chunked", test_body_chunked);
  g_test_add_data_func ("/http-get/body/until-close", GINT_TO_POINTER (THEN_CLOSE), test_body_until_close);
  g_test_add_data_func ("/http-get/body/until-close-bare", GINT_TO_POINTER (THEN_CLOSE_BARE),
                        test_body_until_close);
  g_test_add_data_func ("/http-get/body/none-204", GUINT_TO_POINTER (204), test_body_none);
  g_test_add_data_func ("/http-get/body/none-304", GUINT_TO_POINTER (304), test_body_none);

  for (guint i = 0; i < G_N_ELEMENTS (limits); i++)
    {
      g_autofree char *path = g_strdup_printf ("/http-get/limit/%s-%s", framings[limits[i].framing],
                                               limits[i].size > PORTOLAN_HTTP_MAX_BODY ? "over" : "exact");

      g_test_add_data_func (path, &limits[i], test_body_limit);
    }

  g_test_add_data_func ("/http-get/interim/two", GUINT_TO_POINTER (2), test_interim);
  g_test_add_data_func ("/http-get/interim/most", GUINT_TO_POINTER (PORTOLAN_HTTP_MAX_INTERIM), test_interim);
  g_test_add_data_func ("/http-get/interim/too-many", GUINT_TO_POINTER (PORTOLAN_HTTP_MAX_INTERIM + 1),
                        test_interim);

  for (guint i = 0; i < G_N_ELEMENTS (same_hosts); i++)
    {
      g_autofree char *path = g_strdup_printf ("/http-get/redirect/same-host-%s-%s",
                                               strchr (same_hosts[i].address, ':') ? "ipv6" : "ipv4",
                                               same_hosts[i].absolute ? "absolute" : "relative");

      g_test_add_data_func (path, &same_hosts[i], test_redirect_same_host);
    }
  g_test_add_data_func ("/http-get/redirect/other-host", "https://other.example/", test_redirect_elsewhere);
  g_test_add_data_func ("/http-get/redirect/other-port", "https://127.0.0.1:1/", test_redirect_elsewhere);
  g_test_add_data_func ("/http-get/redirect/other-scheme", "http://127.0.0.1:PORT/", test_redirect_elsewhere);
  g_test_add_data_func ("/http-get/redirect/scheme-relative", "//other.example/", test_redirect_elsewhere);
  g_test_add_data_func ("/http-get/redirect/then-close", &then_close[0], test_redirect_then_close);
  g_test_add_data_func ("/http-get/redirect/http-1.0", &then_close[1], test_redirect_then_close);
  g_test_add_data_func ("/http-get/redirect/then-unsaid-close", &then_close[2], test_redirect_then_close);
  g_test_add_data_func ("/http-get/redirect/then-unsaid-close-bare", &then_close[3], test_redirect_then_close);
  g_test_add_data_func ("/http-get/redirect/then-reset", &then_close[4], test_redirect_then_close);
  g_test_add_func ("/http-get/redirect/loop", test_redirect_loop);
  g_test_add_data_func ("/http-get/redirect/most", GUINT_TO_POINTER (PORTOLAN_HTTP_MAX_REDIRECTS),
                        test_redirect_many);
  g_test_add_data_func ("/http-get/redirect/too-many", GUINT_TO_POINTER (PORTOLAN_HTTP_MAX_REDIRECTS + 1),
                        test_redirect_many);

  g_test_add_data_func ("/http-get/request/ipv4", "127.0.0.1", test_request);
  g_test_add_data_func ("/http-get/request/ipv6", "::1", test_request);

  g_test_add_data_func ("/http-get/end/without-answer", GINT_TO_POINTER (THEN_CLOSE), test_end_without_answer);
  g_test_add_data_func ("/http-get/end/without-answer-bare", GINT_TO_POINTER (THEN_CLOSE_BARE),
                        test_end_without_answer);
  g_test_add_data_func ("/http-get/end/truncated", GINT_TO_POINTER (THEN_CLOSE), test_end_truncated);
  g_test_add_data_func ("/http-get/end/truncated-bare", GINT_TO_POINTER (THEN_CLOSE_BARE), test_end_truncated);
  g_test_add_func ("/http-get/end/truncated-head", test_end_truncated_head);
  g_test_add_func ("/http-get/cancelled", test_cancelled);
  g_test_add_func ("/http-get/cancelled-before", test_cancelled_before);
  g_test_add_func ("/http-get/shorten-path", test_shorten_path);

  status = g_test_run ();
  portolan_test_certs_free (certs);
  return status;
}
