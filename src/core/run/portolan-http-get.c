/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-http-get.c: one bounded HTTP GET over a TLS session, or in clear
 *
 * Written for probes, not browsing: the answer is read into buffers of
 * fixed limits (portolan-http-parse-private.h), interim answers are counted,
 * and redirects are followed only to the same server over the same
 * connection, so that a loop is named rather than run. A redirect to
 * elsewhere, or one the server closes the connection after, is the
 * answer: it shows what answered on this host and port.
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "portolan-http-get-private.h"
#include "portolan-probe-private.h"

#define READ_SIZE (16 * 1024)
/* How much of a path a message about redirects shows */
#define PATH_SHOWN 32

typedef enum
{
  READING_HEAD,
  READING_BODY,
} Phase;

typedef struct
{
  PortolanTlsSession  *session;
  char                *host;
  guint16              port;
  char                *request;
  GByteArray          *pending;   /* received, not yet parsed */
  guint8              *buffer;
  Phase                phase;
  PortolanHttpHead     head;
  PortolanHttpHead     redirect;  /* the one followed last, status 0 before any */
  guint                interim;   /* of the answers before this request's */
  PortolanHttpChunked  chunked;
  GByteArray          *body;
  PortolanHttpAnswer  *answer;
} Exchange;

void
_portolan_http_answer_free (PortolanHttpAnswer *answer)
{
  g_clear_error (&answer->error);
  g_free (answer->reason);
  g_free (answer->location);
  g_free (answer->path);
  g_clear_pointer (&answer->body, g_bytes_unref);
  g_ptr_array_unref (answer->redirects);
  g_free (answer);
}

static void
exchange_free (Exchange *exchange)
{
  g_free (exchange->host);
  g_free (exchange->request);
  g_byte_array_unref (exchange->pending);
  g_free (exchange->buffer);
  _portolan_http_head_clear (&exchange->head);
  _portolan_http_head_clear (&exchange->redirect);
  g_clear_pointer (&exchange->body, g_byte_array_unref);
  g_clear_pointer (&exchange->answer, _portolan_http_answer_free);
  g_free (exchange);
}

static void send_request (GTask      *task,
                          const char *path);
static void process     (GTask      *task);

static void
finish (GTask  *task,
        GError *error)
{
  Exchange *exchange = g_task_get_task_data (task);
  PortolanHttpAnswer *answer = g_steal_pointer (&exchange->answer);

  answer->error = error;
  if (error == NULL)
    {
      answer->status = exchange->head.status;
      answer->reason = g_steal_pointer (&exchange->head.reason);
      answer->location = g_steal_pointer (&exchange->head.location);
      answer->body = g_byte_array_free_to_bytes (g_steal_pointer (&exchange->body));
      /* Framed, kept alive, and nothing sent beyond the answer */
      answer->reusable = exchange->head.keep_alive && exchange->pending->len == 0 &&
                         (exchange->head.chunked || exchange->head.content_length >= 0);
    }

  g_task_return_pointer (task, answer, (GDestroyNotify) _portolan_http_answer_free);
  g_object_unref (task);
}

static GError *
http_error (int         code,
            const char *format,
            ...) G_GNUC_PRINTF (2, 3);

static GError *
http_error (int         code,
            const char *format,
            ...)
{
  va_list args;
  GError *error;

  va_start (args, format);
  error = g_error_new_valist (PORTOLAN_HTTP_ERROR, code, format, args);
  va_end (args);
  return error;
}

/* --- Redirects --- */

/**
 * _portolan_http_shorten_path:
 *
 * A path as a message shows it: a server may redirect to kilobytes of
 * one, and the message must still say what happened.
 */
char *
_portolan_http_shorten_path (const char *path)
{
  /* Paths are ASCII on the wire; anything else is cut bytewise and
   * made safe where it is shown */
  if (strlen (path) <= PATH_SHOWN)
    return g_strdup (path);

  return g_strdup_printf ("%.*s…", PATH_SHOWN - 1, path);
}

static void
append_path (GString    *text,
             const char *path)
{
  g_autofree char *shown = _portolan_http_shorten_path (path);

  if (text->len > 0)
    g_string_append (text, " → ");
  g_string_append (text, shown);
}

static char *
describe_redirects (GPtrArray  *paths,
                    const char *last)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < paths->len; i++)
    append_path (text, g_ptr_array_index (paths, i));
  append_path (text, last);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* The path of @location when it points to this server, else NULL */
static char *
same_server_path (Exchange   *exchange,
                  const char *path,
                  const char *location)
{
  const char *scheme = _portolan_tls_session_is_clear (exchange->session) ? "http" : "https";
  g_autofree char *here = g_uri_join (G_URI_FLAGS_ENCODED, scheme, NULL, exchange->host,
                                      exchange->port, path, NULL, NULL);
  g_autoptr(GUri) base = g_uri_parse (here, G_URI_FLAGS_ENCODED, NULL);
  g_autoptr(GUri) target = base ? g_uri_parse_relative (base, location, G_URI_FLAGS_ENCODED, NULL) : NULL;
  int port;

  if (target == NULL || g_strcmp0 (g_uri_get_scheme (target), scheme) != 0 ||
      g_uri_get_host (target) == NULL || g_ascii_strcasecmp (g_uri_get_host (target), exchange->host) != 0)
    return NULL;

  port = g_uri_get_port (target);
  if (port == -1)
    port = g_str_equal (scheme, "http") ? 80 : 443;
  if (port != exchange->port)
    return NULL;

  if (g_uri_get_query (target) != NULL)
    return g_strconcat (*g_uri_get_path (target) ? g_uri_get_path (target) : "/", "?",
                        g_uri_get_query (target), NULL);
  return g_strdup (*g_uri_get_path (target) ? g_uri_get_path (target) : "/");
}

static gboolean
is_redirect (guint status)
{
  return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

/* After a whole answer: ask again where it redirects, or end */
static void
answer_complete (GTask *task)
{
  Exchange *exchange = g_task_get_task_data (task);
  GPtrArray *asked = exchange->answer->redirects;
  const char *path = g_ptr_array_index (asked, asked->len - 1);
  g_autofree char *next = NULL;

  if (!is_redirect (exchange->head.status) || exchange->head.location == NULL ||
      !exchange->head.keep_alive ||
      (next = same_server_path (exchange, path, exchange->head.location)) == NULL)
    {
      finish (task, NULL);
      return;
    }

  for (guint i = 0; i < asked->len; i++)
    if (g_str_equal (g_ptr_array_index (asked, i), next))
      {
        g_autofree char *loop = describe_redirects (asked, next);

        finish (task, http_error (PORTOLAN_HTTP_ERROR_REDIRECT_LOOP, _("a redirect loop: %s"), loop));
        return;
      }

  if (asked->len > PORTOLAN_HTTP_MAX_REDIRECTS)
    {
      g_autofree char *chain = describe_redirects (asked, next);

      finish (task, http_error (PORTOLAN_HTTP_ERROR_TOO_MANY_REDIRECTS,
                                _("more than %u redirects on this server: %s"),
                                PORTOLAN_HTTP_MAX_REDIRECTS, chain));
      return;
    }

  /* Kept in case the server ends the connection instead of answering */
  _portolan_http_head_clear (&exchange->redirect);
  exchange->redirect = exchange->head;
  memset (&exchange->head, 0, sizeof exchange->head);

  send_request (task, next);
}

/* Whether the server ended the connection before any byte of the
 * answer to the last request: a clean end (@error NULL), or a reset */
static gboolean
ended_before_answer (Exchange     *exchange,
                     const GError *error)
{
  return exchange->phase == READING_HEAD && exchange->pending->len == 0 &&
         exchange->answer->interim == exchange->interim &&
         (error == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED));
}

/* A server may close a keep-alive connection after a redirect without
 * saying so: the redirect then is the answer, as if it had said so */
static gboolean
finish_with_redirect (GTask *task)
{
  Exchange *exchange = g_task_get_task_data (task);
  GPtrArray *asked = exchange->answer->redirects;

  if (exchange->redirect.status == 0)
    return FALSE;

  _portolan_http_head_clear (&exchange->head);
  exchange->head = exchange->redirect;
  memset (&exchange->redirect, 0, sizeof exchange->redirect);
  g_free (exchange->answer->path);
  exchange->answer->path = g_strdup (g_ptr_array_index (asked, asked->len - 2));
  finish (task, NULL);
  return TRUE;
}

/* --- Reading --- */

static void
read_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  GTask *task = user_data;
  Exchange *exchange = g_task_get_task_data (task);
  GError *error = NULL;
  gssize read = _portolan_tls_session_read_finish (exchange->session, result, &error);

  if (read < 0)
    {
      if (ended_before_answer (exchange, error) && finish_with_redirect (task))
        g_error_free (error);
      else
        finish (task, error);
      return;
    }

  if (read == 0)
    {
      gboolean to_the_end = exchange->phase == READING_BODY && !exchange->head.chunked &&
                            exchange->head.content_length < 0;

      if (to_the_end)
        answer_complete (task);
      else if (ended_before_answer (exchange, NULL))
        {
          if (!finish_with_redirect (task))
            finish (task, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED,
                                               _("the server closed the connection without answering")));
        }
      else
        finish (task, http_error (PORTOLAN_HTTP_ERROR_TRUNCATED,
                                  _("the server closed the connection in the middle of its answer")));
      return;
    }

  g_byte_array_append (exchange->pending, exchange->buffer, read);
  process (task);
}

static void
read_more (GTask *task)
{
  Exchange *exchange = g_task_get_task_data (task);

  _portolan_tls_session_read_async (exchange->session, exchange->buffer, READ_SIZE,
                                    g_task_get_cancellable (task), read_cb, task);
}

static void
drop_pending (Exchange *exchange,
              gsize     length)
{
  g_byte_array_remove_range (exchange->pending, 0, length);
}

/* Moves what is pending into the body; whether the body is whole */
static gboolean
take_body (Exchange  *exchange,
           GError   **error)
{
  PortolanHttpHead *head = &exchange->head;

  if (head->chunked)
    {
      gsize used = 0;

      if (!_portolan_http_chunked_feed (&exchange->chunked, (const char *) exchange->pending->data,
                                        exchange->pending->len, exchange->body, PORTOLAN_HTTP_MAX_BODY,
                                        &used, error))
        return FALSE;
      drop_pending (exchange, used);
      return _portolan_http_chunked_done (&exchange->chunked);
    }

  if (head->content_length >= 0)
    {
      gsize wanted = head->content_length - exchange->body->len;
      gsize take = MIN (wanted, exchange->pending->len);

      g_byte_array_append (exchange->body, exchange->pending->data, take);
      drop_pending (exchange, take);
      return exchange->body->len == (gsize) head->content_length;
    }

  /* Until the server closes the connection */
  if (exchange->body->len + exchange->pending->len > PORTOLAN_HTTP_MAX_BODY)
    {
      g_set_error (error, PORTOLAN_HTTP_ERROR, PORTOLAN_HTTP_ERROR_BODY_TOO_LARGE,
                   _("the answer is larger than %u KiB"), PORTOLAN_HTTP_MAX_BODY / 1024);
      return FALSE;
    }
  g_byte_array_append (exchange->body, exchange->pending->data, exchange->pending->len);
  drop_pending (exchange, exchange->pending->len);
  return FALSE;
}

static gboolean
has_body (const PortolanHttpHead *head)
{
  return head->status >= 200 && head->status != 204 && head->status != 304;
}

/* Parses one head off the pending bytes; FALSE when more must be read
 * or the exchange ended */
static gboolean
take_head (GTask *task)
{
  Exchange *exchange = g_task_get_task_data (task);
  PortolanHttpHead *head = &exchange->head;
  GError *error = NULL;
  gsize used = 0;

  _portolan_http_head_clear (head);
  switch (_portolan_http_parse_head ((const char *) exchange->pending->data, exchange->pending->len,
                                     head, &used, &error))
    {
    case PORTOLAN_HTTP_PARSE_MORE:
      read_more (task);
      return FALSE;

    case PORTOLAN_HTTP_PARSE_FAILED:
      finish (task, error);
      return FALSE;

    case PORTOLAN_HTTP_PARSE_DONE:
    default:
      break;
    }

  drop_pending (exchange, used);

  /* 101 ends the exchange like a real answer: the protocol changes */
  if (head->status < 200 && head->status != 101)
    {
      if (++exchange->answer->interim > PORTOLAN_HTTP_MAX_INTERIM)
        {
          finish (task, http_error (PORTOLAN_HTTP_ERROR_TOO_MANY_INTERIM,
                                    g_dngettext (GETTEXT_PACKAGE,
                                                 "the server sent more than %u interim answer (HTTP 1xx) and no real one",
                                                 "the server sent more than %u interim answers (HTTP 1xx) and no real one",
                                                 PORTOLAN_HTTP_MAX_INTERIM),
                                    PORTOLAN_HTTP_MAX_INTERIM));
          return FALSE;
        }
      return TRUE;
    }

  /* Before the limit: a 304 may announce the length of what it does not send */
  if (!has_body (head))
    head->content_length = 0, head->chunked = FALSE;

  if (head->content_length > PORTOLAN_HTTP_MAX_BODY)
    {
      /* A number apart: a format macro cannot stand in a translatable text */
      g_autofree char *announced = g_strdup_printf ("%" G_GINT64_FORMAT, head->content_length);

      finish (task, http_error (PORTOLAN_HTTP_ERROR_BODY_TOO_LARGE,
                                /* Translators: "… 104857600 bytes, larger than 1024 KiB" */
                                _("the answer announces %s bytes, larger than %u KiB"),
                                announced, PORTOLAN_HTTP_MAX_BODY / 1024));
      return FALSE;
    }

  exchange->phase = READING_BODY;
  memset (&exchange->chunked, 0, sizeof exchange->chunked);
  g_byte_array_set_size (exchange->body, 0);
  return TRUE;
}

/* Works through what is pending: heads, then the body */
static void
process (GTask *task)
{
  Exchange *exchange = g_task_get_task_data (task);
  GError *error = NULL;

  while (exchange->phase == READING_HEAD)
    if (!take_head (task))
      return;

  if (!take_body (exchange, &error))
    {
      if (error != NULL)
        finish (task, error);
      else
        read_more (task);
      return;
    }

  answer_complete (task);
}

/* --- Writing --- */

static void
written_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  GTask *task = user_data;
  Exchange *exchange = g_task_get_task_data (task);
  GError *error = NULL;

  if (!_portolan_tls_session_write_all_finish (exchange->session, result, &error))
    {
      if (ended_before_answer (exchange, error) && finish_with_redirect (task))
        g_error_free (error);
      else
        finish (task, error);
      return;
    }

  /* What was read after the last answer may start this one */
  process (task);
}

static void
send_request (GTask      *task,
              const char *path)
{
  Exchange *exchange = g_task_get_task_data (task);
  gboolean ipv6 = strchr (exchange->host, ':') != NULL;
  guint16 usual = _portolan_tls_session_is_clear (exchange->session) ? 80 : 443;
  g_autofree char *port = exchange->port != usual ? g_strdup_printf (":%u", exchange->port) : g_strdup ("");

  g_ptr_array_add (exchange->answer->redirects, g_strdup (path));
  g_free (exchange->answer->path);
  exchange->answer->path = g_strdup (path);
  exchange->phase = READING_HEAD;
  exchange->interim = exchange->answer->interim;

  g_free (exchange->request);
  exchange->request = g_strdup_printf ("GET %s HTTP/1.1\r\n"
                                       "Host: %s%s%s%s\r\n"
                                       "User-Agent: Portolan/%s\r\n"
                                       "Accept: */*\r\n"
                                       "\r\n",
                                       path, ipv6 ? "[" : "", exchange->host, ipv6 ? "]" : "", port,
                                       PACKAGE_VERSION);
  _portolan_tls_session_write_all_async (exchange->session, exchange->request, strlen (exchange->request),
                                         g_task_get_cancellable (task), written_cb, task);
}

/**
 * _portolan_http_get_async:
 * @session: a TLS session after its handshake; borrowed until the
 *   callback runs
 * @path: the path and query to ask, starting with "/"
 *
 * Asks @path and reads the answer within the limits of
 * portolan-http-parse-private.h. The result always comes, with its error set
 * when there was no answer.
 */
void
_portolan_http_get_async (PortolanTlsSession  *session,
                          const char          *host,
                          guint16              port,
                          const char          *path,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  Exchange *exchange = g_new0 (Exchange, 1);

  g_task_set_source_tag (task, _portolan_http_get_async);
  g_task_set_priority (task, PORTOLAN_PROBE_PRIORITY);
  /* The answer comes whatever happened, cancelled or not */
  g_task_set_check_cancellable (task, FALSE);

  exchange->session = session;
  exchange->host = g_strdup (host);
  exchange->port = port;
  exchange->pending = g_byte_array_new ();
  exchange->buffer = g_malloc (READ_SIZE);
  exchange->body = g_byte_array_new ();
  exchange->answer = g_new0 (PortolanHttpAnswer, 1);
  exchange->answer->redirects = g_ptr_array_new_with_free_func (g_free);
  g_task_set_task_data (task, exchange, (GDestroyNotify) exchange_free);

  send_request (task, path);
}

PortolanHttpAnswer *
_portolan_http_get_finish (GAsyncResult *result)
{
  return g_task_propagate_pointer (G_TASK (result), NULL);
}
