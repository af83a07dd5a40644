/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-http-parse.c: an HTTP/1.x answer, read from untrusted bytes
 *
 * Only what a probe needs: the status, the reason, where a redirect
 * points, and how the body is framed. Everything is bounded: the head by
 * PORTOLAN_HTTP_MAX_HEAD bytes and PORTOLAN_HTTP_MAX_HEADERS lines, a
 * chunk-size line by its buffer, a body by the caller's limit, trailer
 * fields as a head. Bytes that cannot start an HTTP answer fail at once,
 * not at the deadline, and so does a bad line as soon as it is whole.
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "portolan-http-parse-private.h"

G_DEFINE_QUARK (portolan-http-error-quark, _portolan_http_error)

void
_portolan_http_head_clear (PortolanHttpHead *head)
{
  g_clear_pointer (&head->reason, g_free);
  g_clear_pointer (&head->location, g_free);
  memset (head, 0, sizeof *head);
}

/* An empty head, as it is until one is whole */
static void
reset_head (PortolanHttpHead *head)
{
  _portolan_http_head_clear (head);
  head->content_length = -1;
}

static gboolean
fail (GError     **error,
      int          code,
      const char  *message)
{
  g_set_error_literal (error, PORTOLAN_HTTP_ERROR, code, message);
  return FALSE;
}

/* A header's value, trimmed; @line has no line ending */
static char *
header_value (const char *line,
              gsize       length,
              gsize       colon)
{
  gsize start = colon + 1;
  gsize end = length;

  while (start < end && (line[start] == ' ' || line[start] == '\t'))
    start++;
  while (end > start && (line[end - 1] == ' ' || line[end - 1] == '\t'))
    end--;

  return g_strndup (line + start, end - start);
}

static gboolean
is_token_char (char c)
{
  /* strchr() finds the terminating NUL too */
  return g_ascii_isalnum (c) || (c != '\0' && strchr ("!#$%&'*+-.^_`|~", c) != NULL);
}

static gboolean
has_token (const char *value,
           const char *token)
{
  g_auto(GStrv) items = g_strsplit (value, ",", -1);

  for (guint i = 0; items[i] != NULL; i++)
    if (g_ascii_strcasecmp (g_strstrip (items[i]), token) == 0)
      return TRUE;

  return FALSE;
}

static gboolean
parse_content_length (const char        *value,
                      PortolanHttpHead  *head,
                      GError           **error)
{
  guint64 length = 0;

  if (*value == '\0' || strlen (value) > 15)
    return fail (error, PORTOLAN_HTTP_ERROR_BAD_FRAMING, _("the Content-Length header is not a number"));
  for (const char *c = value; *c != '\0'; c++)
    {
      if (!g_ascii_isdigit (*c))
        return fail (error, PORTOLAN_HTTP_ERROR_BAD_FRAMING, _("the Content-Length header is not a number"));
      length = length * 10 + (*c - '0');
    }

  /* Two different lengths: no way to tell where the answer ends */
  if (head->content_length >= 0 && (guint64) head->content_length != length)
    return fail (error, PORTOLAN_HTTP_ERROR_BAD_FRAMING, _("the answer gives two different Content-Lengths"));

  head->content_length = length;
  return TRUE;
}

static gboolean
parse_header (const char        *line,
              gsize              length,
              PortolanHttpHead  *head,
              gboolean          *close,
              gboolean          *keep_alive,
              GError           **error)
{
  const char *colon = memchr (line, ':', length);
  g_autofree char *name = NULL;
  g_autofree char *value = NULL;

  /* A folded continuation line (obsolete, RFC 9112 5.2) adds nothing we read */
  if (line[0] == ' ' || line[0] == '\t')
    return TRUE;

  if (colon == NULL || colon == line)
    return fail (error, PORTOLAN_HTTP_ERROR_NOT_HTTP, _("a header line has no name"));
  for (const char *c = line; c < colon; c++)
    if (!is_token_char (*c))
      return fail (error, PORTOLAN_HTTP_ERROR_NOT_HTTP, _("a header name has characters HTTP does not allow"));

  name = g_strndup (line, colon - line);
  value = header_value (line, length, colon - line);

  if (g_ascii_strcasecmp (name, "Content-Length") == 0)
    return parse_content_length (value, head, error);

  if (g_ascii_strcasecmp (name, "Transfer-Encoding") == 0)
    {
      /* chunked is the last coding when there is one (RFC 9112 6.1) */
      const char *last = strrchr (value, ',');

      head->chunked = g_ascii_strcasecmp (g_strstrip (last ? (char *) last + 1 : value), "chunked") == 0;
      if (!head->chunked)
        return fail (error, PORTOLAN_HTTP_ERROR_BAD_FRAMING, _("the answer uses a transfer coding other than chunked"));
    }
  else if (g_ascii_strcasecmp (name, "Connection") == 0)
    {
      *close |= has_token (value, "close");
      *keep_alive |= has_token (value, "keep-alive");
    }
  else if (g_ascii_strcasecmp (name, "Location") == 0 && head->location == NULL)
    head->location = g_steal_pointer (&value);

  return TRUE;
}

/* "HTTP/1.1 200 OK": the version, three digits, and an optional reason */
static gboolean
parse_status_line (const char        *line,
                   gsize              length,
                   PortolanHttpHead  *head,
                   guint             *minor,
                   GError           **error)
{
  if (length < 12 || memcmp (line, "HTTP/1.", 7) != 0 || !g_ascii_isdigit (line[7]) || line[8] != ' ' ||
      !g_ascii_isdigit (line[9]) || !g_ascii_isdigit (line[10]) || !g_ascii_isdigit (line[11]) ||
      (length > 12 && line[12] != ' ') || memchr (line, '\0', length) != NULL)
    return fail (error, PORTOLAN_HTTP_ERROR_NOT_HTTP, _("the first line is not an HTTP/1.x status line"));

  *minor = line[7] - '0';
  head->status = (line[9] - '0') * 100 + (line[10] - '0') * 10 + (line[11] - '0');
  if (head->status < 100)
    return fail (error, PORTOLAN_HTTP_ERROR_NOT_HTTP, _("the status code is below 100"));

  head->reason = length > 13 ? g_strndup (line + 13, length - 13) : g_strdup ("");
  return TRUE;
}

/* One whole line of the head, without its line ending */
static gboolean
parse_line (const char        *line,
            gsize              length,
            gboolean           first,
            PortolanHttpHead  *head,
            guint             *minor,
            gboolean          *close,
            gboolean          *keep_alive,
            GError           **error)
{
  if (first)
    return parse_status_line (line, length, head, minor, error);

  if (++head->n_headers > PORTOLAN_HTTP_MAX_HEADERS)
    {
      g_set_error (error, PORTOLAN_HTTP_ERROR, PORTOLAN_HTTP_ERROR_TOO_MANY_HEADERS,
                   _("the answer has more than %u header lines"), PORTOLAN_HTTP_MAX_HEADERS);
      return FALSE;
    }
  if (memchr (line, '\0', length) != NULL)
    return fail (error, PORTOLAN_HTTP_ERROR_NOT_HTTP, _("a header line holds a NUL byte"));

  return parse_header (line, length, head, close, keep_alive, error);
}

static gboolean
has_body (const PortolanHttpHead *head)
{
  return head->status >= 200 && head->status != 204 && head->status != 304;
}

/* How the body is framed and whether the connection outlives it, once
 * every header is read (RFC 9112 6.3) */
static void
settle_framing (PortolanHttpHead *head,
                guint             minor,
                gboolean          close,
                gboolean          keep_alive)
{
  /* Both a length and chunks: chunks win, and the connection must not
   * be reused */
  if (head->chunked && head->content_length >= 0)
    {
      head->content_length = -1;
      close = TRUE;
    }

  /* No length: only the close shows where the body ends */
  if (!head->chunked && head->content_length < 0 && has_body (head))
    close = TRUE;

  head->keep_alive = !close && (minor >= 1 || keep_alive);
}

/**
 * _portolan_http_parse_head:
 * @head: (out caller-allocates): filled when the head is whole, empty
 *   otherwise; clear it with _portolan_http_head_clear() in every case
 * @consumed: (out): the head's length, when done
 *
 * Reads the status line and headers at the start of @data. Each line is
 * read as soon as it is whole, so that the outcome is the same however
 * the bytes came: once a prefix of an answer is DONE or FAILED, so is
 * the whole, in the same way.
 */
PortolanHttpParse
_portolan_http_parse_head (const char        *data,
                           gsize              length,
                           PortolanHttpHead  *head,
                           gsize             *consumed,
                           GError           **error)
{
  static const char prefix[] = "HTTP/";
  /* The head must end within the limit: bytes past it are not read */
  gsize scanned = MIN (length, PORTOLAN_HTTP_MAX_HEAD);
  gsize line_start = 0;
  guint minor = 0;
  gboolean close = FALSE;
  gboolean keep_alive = FALSE;

  memset (head, 0, sizeof *head);
  head->content_length = -1;
  *consumed = 0;

  if (length == 0)
    return PORTOLAN_HTTP_PARSE_MORE;

  /* Whatever else answered shows itself in its first bytes */
  if (memcmp (data, prefix, MIN (length, strlen (prefix))) != 0)
    {
      fail (error, PORTOLAN_HTTP_ERROR_NOT_HTTP, _("the answer does not begin with “HTTP/”"));
      return PORTOLAN_HTTP_PARSE_FAILED;
    }

  for (gsize i = 0; i < scanned; i++)
    {
      gsize line_end;

      if (data[i] != '\n')
        continue;

      line_end = i > line_start && data[i - 1] == '\r' ? i - 1 : i;
      /* The empty line that ends the head; the first line never is, as
       * it starts with "HTTP/" */
      if (line_end == line_start)
        {
          settle_framing (head, minor, close, keep_alive);
          *consumed = i + 1;
          return PORTOLAN_HTTP_PARSE_DONE;
        }

      if (!parse_line (data + line_start, line_end - line_start, line_start == 0, head, &minor,
                       &close, &keep_alive, error))
        {
          reset_head (head);
          return PORTOLAN_HTTP_PARSE_FAILED;
        }
      line_start = i + 1;
    }

  reset_head (head);
  if (length >= PORTOLAN_HTTP_MAX_HEAD)
    {
      /* Translators: "… larger than 64 KiB" */
      g_set_error (error, PORTOLAN_HTTP_ERROR, PORTOLAN_HTTP_ERROR_HEAD_TOO_LARGE,
                   _("the answer's status line and headers are larger than %u KiB"),
                   PORTOLAN_HTTP_MAX_HEAD / 1024);
      return PORTOLAN_HTTP_PARSE_FAILED;
    }
  return PORTOLAN_HTTP_PARSE_MORE;
}

/* --- Chunked bodies (RFC 9112 7.1) --- */

enum
{
  CHUNK_SIZE,      /* reading the chunk-size line */
  CHUNK_DATA,
  CHUNK_DATA_END,  /* the CRLF after a chunk's data */
  CHUNK_TRAILER,   /* trailer lines, up to an empty one */
  CHUNK_DONE,
};

static gboolean
parse_chunk_size (PortolanHttpChunked  *self,
                  GError              **error)
{
  guint64 size = 0;
  gsize digits = 0;

  while (digits < self->line_length && g_ascii_isxdigit (self->line[digits]))
    {
      /* Sixteen hex digits would overflow; a real chunk needs eight */
      if (digits == 15)
        return fail (error, PORTOLAN_HTTP_ERROR_BAD_FRAMING, _("a chunk of the answer has an impossible size"));
      size = size * 16 + g_ascii_xdigit_value (self->line[digits]);
      digits++;
    }

  /* After the digits only chunk extensions, which start with ";" or
   * blanks; strchr() would find a NUL too */
  if (digits == 0 ||
      (digits < self->line_length && (self->line[digits] == '\0' || strchr ("; \t", self->line[digits]) == NULL)))
    return fail (error, PORTOLAN_HTTP_ERROR_BAD_FRAMING, _("a chunk of the answer has no valid size"));

  self->remaining = size;
  self->state = size == 0 ? CHUNK_TRAILER : CHUNK_DATA;
  return TRUE;
}

/* Trailer fields are skipped, not kept, so a line has no length of its
 * own: only the empty line that ends them matters. They are bounded as a
 * head is, counted in self->remaining, which no chunk needs any more. */
static gboolean
take_trailer_char (PortolanHttpChunked  *self,
                   char                  c,
                   GError              **error)
{
  if (++self->remaining > PORTOLAN_HTTP_MAX_HEAD)
    {
      /* Translators: "… larger than 64 KiB" */
      g_set_error (error, PORTOLAN_HTTP_ERROR, PORTOLAN_HTTP_ERROR_HEAD_TOO_LARGE,
                   _("the answer's trailer fields are larger than %u KiB"), PORTOLAN_HTTP_MAX_HEAD / 1024);
      return FALSE;
    }

  if (c != '\n')
    {
      if (self->line_length == 0)
        self->line[0] = c;
      self->line_length++;
      return TRUE;
    }

  if (self->line_length == 0 || (self->line_length == 1 && self->line[0] == '\r'))
    self->state = CHUNK_DONE;
  self->line_length = 0;
  return TRUE;
}

/* Collects a line into self->line; TRUE once it is whole */
static gboolean
take_line_char (PortolanHttpChunked  *self,
                char                  c,
                gboolean             *whole,
                GError              **error)
{
  *whole = FALSE;

  if (c == '\n')
    {
      if (self->line_length > 0 && self->line[self->line_length - 1] == '\r')
        self->line_length--;
      *whole = TRUE;
      return TRUE;
    }

  if (self->line_length == sizeof self->line)
    return fail (error, PORTOLAN_HTTP_ERROR_BAD_FRAMING, _("a chunk-size or trailer line of the answer is too long"));

  self->line[self->line_length++] = c;
  return TRUE;
}

/**
 * _portolan_http_chunked_feed:
 * @body: where the decoded data goes, never beyond @limit bytes
 * @consumed: (out): how much of @data was used; the rest follows the body
 *
 * Returns: %FALSE with @error set when the chunks are malformed or
 *   decode to more than @limit bytes; a chunk over the limit is refused
 *   as soon as its size is read
 */
gboolean
_portolan_http_chunked_feed (PortolanHttpChunked  *self,
                             const char           *data,
                             gsize                 length,
                             GByteArray           *body,
                             gsize                 limit,
                             gsize                *consumed,
                             GError              **error)
{
  gsize i = 0;

  *consumed = 0;

  while (i < length && self->state != CHUNK_DONE)
    {
      gboolean whole;

      switch (self->state)
        {
        case CHUNK_SIZE:
          if (!take_line_char (self, data[i++], &whole, error))
            return FALSE;
          if (!whole)
            break;
          if (!parse_chunk_size (self, error))
            return FALSE;
          self->line_length = 0;

          /* Refused before its data comes: a chunk that would go over the limit */
          if (self->state == CHUNK_DATA && self->remaining > limit - MIN (limit, body->len))
            {
              g_set_error (error, PORTOLAN_HTTP_ERROR, PORTOLAN_HTTP_ERROR_BODY_TOO_LARGE,
                           _("the answer is larger than %u KiB"), (guint) (limit / 1024));
              return FALSE;
            }
          break;

        case CHUNK_DATA:
          {
            gsize take = MIN (self->remaining, length - i);

            g_byte_array_append (body, (const guint8 *) data + i, take);
            i += take;
            self->remaining -= take;
            if (self->remaining == 0)
              self->state = CHUNK_DATA_END;
          }
          break;

        case CHUNK_DATA_END:
          /* Only the line ending may follow a chunk's data: anything else
           * fails at once, not a line later */
          if (data[i] == '\r' && self->line_length == 0)
            self->line_length = 1;
          else if (data[i] == '\n')
            {
              self->line_length = 0;
              self->state = CHUNK_SIZE;
            }
          else
            return fail (error, PORTOLAN_HTTP_ERROR_BAD_FRAMING, _("a chunk of the answer is longer than its size says"));
          i++;
          break;

        case CHUNK_TRAILER:
          if (!take_trailer_char (self, data[i++], error))
            return FALSE;
          break;

        default:
          g_assert_not_reached ();
        }
    }

  *consumed = i;
  return TRUE;
}

gboolean
_portolan_http_chunked_done (const PortolanHttpChunked *self)
{
  return self->state == CHUNK_DONE;
}
