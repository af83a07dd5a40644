/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-http-parse.c: an HTTP answer as a server may send it
 *
 * The first byte of the input says where reads split the answer; the
 * rest is the answer. The head parser sees what came by the split, then
 * everything, as the probe's reads would give it: an early outcome must
 * be the final one. Whatever follows the head (or the whole answer, when
 * there is no head) goes through the chunked decoder whole, in two
 * pieces and a byte at a time, and the three must agree.
 */
#include "config.h"

#include <string.h>

#include "portolan-http-parse-private.h"

#include "fuzz-common.h"

/* Small, so that inputs of libFuzzer's size reach it */
#define BODY_LIMIT 4096

typedef struct
{
  PortolanHttpParse outcome;
  PortolanHttpHead  head;
  gsize             consumed;
  int               code;  /* when FAILED */
} Head;

typedef struct
{
  gboolean    ok;
  int         code;  /* when not ok */
  gboolean    done;
  gsize       consumed;
  GByteArray *body;
} Body;

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  fuzz_init ();
  return 0;
}

static void
check_string (const char *string,
              gsize       length)
{
  /* A C string, no longer than the head it was cut from */
  g_assert_cmpuint (strlen (string), <, length);
  g_assert_null (strchr (string, '\n'));
}

static Head
parse_head (const char *data,
            gsize       length)
{
  g_autoptr(GError) error = NULL;
  Head result = { 0 };

  result.consumed = G_MAXSIZE;
  result.outcome = _portolan_http_parse_head (data, length, &result.head, &result.consumed, &error);

  switch (result.outcome)
    {
    case PORTOLAN_HTTP_PARSE_DONE:
      g_assert_no_error (error);
      g_assert_cmpuint (result.consumed, >, 0);
      g_assert_cmpuint (result.consumed, <=, length);
      g_assert_cmpuint (result.consumed, <=, PORTOLAN_HTTP_MAX_HEAD);
      g_assert_cmpint (data[result.consumed - 1], ==, '\n');
      g_assert_cmpuint (result.head.status, >=, 100);
      g_assert_cmpuint (result.head.status, <=, 999);
      g_assert_nonnull (result.head.reason);
      check_string (result.head.reason, result.consumed);
      /* The reason is the rest of the status line, as sent */
      g_assert_cmpmem (result.head.reason, strlen (result.head.reason),
                       data + 13, MIN (strlen (result.head.reason), result.consumed - 13));
      if (result.head.location != NULL)
        check_string (result.head.location, result.consumed);
      g_assert_cmpuint (result.head.n_headers, <=, PORTOLAN_HTTP_MAX_HEADERS);
      g_assert_cmpint (result.head.content_length, >=, -1);
      g_assert_true (!result.head.chunked || result.head.content_length == -1);
      break;

    case PORTOLAN_HTTP_PARSE_MORE:
      g_assert_no_error (error);
      g_assert_cmpuint (result.consumed, ==, 0);
      g_assert_cmpuint (length, <, PORTOLAN_HTTP_MAX_HEAD);
      break;

    case PORTOLAN_HTTP_PARSE_FAILED:
      g_assert_nonnull (error);
      g_assert_true (error->domain == PORTOLAN_HTTP_ERROR);
      g_assert_true (error->code == PORTOLAN_HTTP_ERROR_NOT_HTTP ||
                     error->code == PORTOLAN_HTTP_ERROR_HEAD_TOO_LARGE ||
                     error->code == PORTOLAN_HTTP_ERROR_TOO_MANY_HEADERS ||
                     error->code == PORTOLAN_HTTP_ERROR_BAD_FRAMING);
      g_assert_cmpuint (result.consumed, ==, 0);
      result.code = error->code;
      break;

    default:
      g_assert_not_reached ();
    }

  return result;
}

static void
assert_same_head (const Head *a,
                  const Head *b)
{
  g_assert_cmpint (a->outcome, ==, b->outcome);
  g_assert_cmpint (a->code, ==, b->code);
  g_assert_cmpuint (a->consumed, ==, b->consumed);
  g_assert_cmpuint (a->head.status, ==, b->head.status);
  g_assert_cmpstr (a->head.reason, ==, b->head.reason);
  g_assert_cmpstr (a->head.location, ==, b->head.location);
  g_assert_cmpint (a->head.content_length, ==, b->head.content_length);
  g_assert_cmpint (a->head.chunked, ==, b->head.chunked);
  g_assert_cmpint (a->head.keep_alive, ==, b->head.keep_alive);
  g_assert_cmpuint (a->head.n_headers, ==, b->head.n_headers);
}

/* Feeds @data in pieces: up to @split, then the rest @step bytes at a
 * time (0: all at once) */
static Body
decode (const char *data,
        gsize       length,
        gsize       split,
        gsize       step)
{
  PortolanHttpChunked chunked = { 0 };
  Body result = { .ok = TRUE, .body = g_byte_array_new () };
  gsize offset = 0;

  while (offset < length && !_portolan_http_chunked_done (&chunked))
    {
      g_autoptr(GError) error = NULL;
      gsize piece = offset < split ? split - offset : length - offset;
      gsize consumed = G_MAXSIZE;

      if (step > 0 && offset >= split)
        piece = MIN (piece, step);

      if (!_portolan_http_chunked_feed (&chunked, data + offset, piece, result.body, BODY_LIMIT,
                                        &consumed, &error))
        {
          g_assert_nonnull (error);
          g_assert_true (error->domain == PORTOLAN_HTTP_ERROR);
          /* HEAD_TOO_LARGE: trailer fields are bounded as a head is */
          g_assert_true (error->code == PORTOLAN_HTTP_ERROR_BAD_FRAMING ||
                         error->code == PORTOLAN_HTTP_ERROR_BODY_TOO_LARGE ||
                         error->code == PORTOLAN_HTTP_ERROR_HEAD_TOO_LARGE);
          g_assert_cmpuint (result.body->len, <=, BODY_LIMIT);
          result.ok = FALSE;
          result.code = error->code;
          return result;
        }

      g_assert_no_error (error);
      g_assert_cmpuint (consumed, <=, piece);
      g_assert_cmpuint (result.body->len, <=, BODY_LIMIT);
      /* Only the end of the body leaves bytes unused */
      g_assert_true (consumed == piece || _portolan_http_chunked_done (&chunked));
      offset += consumed;
    }

  /* The body decodes to fewer bytes than it takes on the wire */
  g_assert_cmpuint (result.body->len, <=, offset);
  result.done = _portolan_http_chunked_done (&chunked);
  result.consumed = offset;
  return result;
}

static void
assert_same_body (const Body *a,
                  const Body *b)
{
  g_assert_cmpint (a->ok, ==, b->ok);
  g_assert_cmpint (a->code, ==, b->code);
  if (!a->ok)
    return;

  g_assert_cmpint (a->done, ==, b->done);
  g_assert_cmpuint (a->consumed, ==, b->consumed);
  g_assert_cmpmem (a->body->data, a->body->len, b->body->data, b->body->len);
}

static void
check_chunked (const char *data,
               gsize       length,
               gsize       split)
{
  Body whole = decode (data, length, 0, 0);
  Body pieces = decode (data, length, split, 0);
  Body bytes = decode (data, length, 0, 1);

  assert_same_body (&whole, &pieces);
  assert_same_body (&whole, &bytes);

  g_byte_array_unref (whole.body);
  g_byte_array_unref (pieces.body);
  g_byte_array_unref (bytes.body);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  const char *answer = (const char *) data + 1;
  gsize length;
  gsize split;
  Head whole, early;

  fuzz_init ();

  if (size == 0)
    return 0;
  length = size - 1;
  split = (gsize) data[0] * (length + 1) / 256;

  whole = parse_head (answer, length);
  early = parse_head (answer, split);

  /* What the first read decided stays decided */
  if (early.outcome != PORTOLAN_HTTP_PARSE_MORE)
    assert_same_head (&early, &whole);
  /* Nothing decided yet: no prefix decided either */
  if (whole.outcome == PORTOLAN_HTTP_PARSE_MORE)
    g_assert_cmpint (early.outcome, ==, PORTOLAN_HTTP_PARSE_MORE);

  if (whole.outcome == PORTOLAN_HTTP_PARSE_DONE)
    {
      Head head_only = parse_head (answer, whole.consumed);

      /* The head alone is enough */
      assert_same_head (&head_only, &whole);
      _portolan_http_head_clear (&head_only.head);

      check_chunked (answer + whole.consumed, length - whole.consumed, split - MIN (split, whole.consumed));
    }
  else
    {
      check_chunked (answer, length, split);
    }

  _portolan_http_head_clear (&whole.head);
  _portolan_http_head_clear (&early.head);
  return 0;
}
