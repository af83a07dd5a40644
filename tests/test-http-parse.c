/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-http-parse.c: HTTP answer heads and chunked bodies from untrusted bytes */
#include "config.h"

#include <string.h>

#include "portolan-http-parse-private.h"

/* A literal and its length, NULs and all */
#define EXACT(literal) literal, sizeof literal - 1
#define BYTES(literal) { EXACT (literal) }

/* What nginx sends for a small file, body and all */
static const char nginx_answer[] =
  "HTTP/1.1 200 OK\r\n"
  "Server: nginx/1.22.1\r\n"
  "Date: Mon, 03 Jun 2024 09:12:44 GMT\r\n"
  "Content-Type: text/html\r\n"
  "Content-Length: 12\r\n"
  "Last-Modified: Mon, 03 Jun 2024 09:00:00 GMT\r\n"
  "Connection: keep-alive\r\n"
  "ETag: \"665d8670-c\"\r\n"
  "Accept-Ranges: bytes\r\n"
  "\r\n"
  "hello world\n";

/* Test input in the log, whatever its bytes */
static void
show (const char *text)
{
  g_autofree char *shown = g_strescape (text, NULL);

  g_test_message ("%s", shown);
}

/* A whole head that must parse; @head is to be cleared */
static void
parse_done (const char       *text,
            PortolanHttpHead *head)
{
  g_autoptr(GError) error = NULL;
  gsize consumed = 0;

  g_assert_cmpint (_portolan_http_parse_head (text, strlen (text), head, &consumed, &error),
                   ==, PORTOLAN_HTTP_PARSE_DONE);
  g_assert_no_error (error);
  g_assert_cmpuint (consumed, ==, strlen (text));
}

/* A head that does not parse, or not yet: nothing of it is kept */
static void
assert_not_parsed (const char        *data,
                   gsize              length,
                   PortolanHttpParse  result,
                   int                code)
{
  g_autoptr(GError) error = NULL;
  PortolanHttpHead head;
  gsize consumed = 1;

  g_assert_cmpint (_portolan_http_parse_head (data, length, &head, &consumed, &error), ==, result);
  if (result == PORTOLAN_HTTP_PARSE_FAILED)
    g_assert_error (error, PORTOLAN_HTTP_ERROR, code);
  else
    g_assert_no_error (error);
  g_assert_cmpuint (consumed, ==, 0);
  /* Nothing of a head that is not whole */
  g_assert_cmpuint (head.status, ==, 0);
  g_assert_null (head.reason);
  g_assert_null (head.location);
  _portolan_http_head_clear (&head);
}

static void
assert_fails (const char *data,
              gsize       length,
              int         code)
{
  assert_not_parsed (data, length, PORTOLAN_HTTP_PARSE_FAILED, code);
}

static void
assert_more (const char *data,
             gsize       length)
{
  assert_not_parsed (data, length, PORTOLAN_HTTP_PARSE_MORE, 0);
}

static void
assert_heads_equal (const PortolanHttpHead *a,
                    const PortolanHttpHead *b)
{
  g_assert_cmpuint (a->status, ==, b->status);
  g_assert_cmpstr (a->reason, ==, b->reason);
  g_assert_cmpstr (a->location, ==, b->location);
  g_assert_cmpint (a->content_length, ==, b->content_length);
  g_assert_cmpint (a->chunked, ==, b->chunked);
  g_assert_cmpint (a->keep_alive, ==, b->keep_alive);
  g_assert_cmpuint (a->n_headers, ==, b->n_headers);
}

/* --- Status lines --- */

typedef struct
{
  const char *head;
  guint       status;
  const char *reason;
} StatusCase;

static const StatusCase status_cases[] = {
  { "HTTP/1.1 200 OK\r\n\r\n", 200, "OK" },
  { "HTTP/1.0 404 Not Found\r\n\r\n", 404, "Not Found" },
  { "HTTP/1.1 302 Found\r\n\r\n", 302, "Found" },
  { "HTTP/1.1 100 Continue\r\n\r\n", 100, "Continue" },
  { "HTTP/1.1 999 Whatever It Is\r\n\r\n", 999, "Whatever It Is" },
  /* The reason as sent, blanks and all */
  { "HTTP/1.1 500  Internal  Error \r\n\r\n", 500, " Internal  Error " },
  { "HTTP/1.1 204 \r\n\r\n", 204, "" },
  { "HTTP/1.1 204\r\n\r\n", 204, "" },
  { "HTTP/1.9 200 OK\r\n\r\n", 200, "OK" },
};

static void
test_status_line (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (status_cases); i++)
    {
      PortolanHttpHead head;

      show (status_cases[i].head);
      parse_done (status_cases[i].head, &head);
      g_assert_cmpuint (head.status, ==, status_cases[i].status);
      g_assert_cmpstr (head.reason, ==, status_cases[i].reason);
      g_assert_null (head.location);
      g_assert_cmpint (head.content_length, ==, -1);
      g_assert_false (head.chunked);
      g_assert_cmpuint (head.n_headers, ==, 0);
      _portolan_http_head_clear (&head);
    }
}

static const char * const bad_status_lines[] = {
  "HTTPS/1.1 200 OK\r\n\r\n",
  "HTTP/2 200 OK\r\n\r\n",
  "HTTP/2.0 200 OK\r\n\r\n",
  "HTTP/11 200 OK\r\n\r\n",
  "HTTP/1.x 200 OK\r\n\r\n",
  "HTTP/1.1  200 OK\r\n\r\n",
  "HTTP/1.1 20 OK\r\n\r\n",
  "HTTP/1.1 2000 OK\r\n\r\n",
  "HTTP/1.1 200OK\r\n\r\n",
  "HTTP/1.1 2x0 OK\r\n\r\n",
  "HTTP/1.1 -20 OK\r\n\r\n",
  "HTTP/1.1 +20 OK\r\n\r\n",
  "HTTP/1.1 ٢٠٠ OK\r\n\r\n",
  "HTTP/1.1\r\n\r\n",
  "HTTP/1.1 \r\n\r\n",
  "HTTP/1.1 200\tOK\r\n\r\n",
  /* Below 100 is no HTTP status */
  "HTTP/1.1 099 Low\r\n\r\n",
  "HTTP/1.1 000 Zero\r\n\r\n",
};

static void
test_status_line_bad (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (bad_status_lines); i++)
    {
      show (bad_status_lines[i]);
      assert_fails (bad_status_lines[i], strlen (bad_status_lines[i]), PORTOLAN_HTTP_ERROR_NOT_HTTP);
    }
}

static void
test_status_line_nul (void)
{
  static const char head[] = "HTTP/1.1 200 O\0K\r\n\r\n";

  assert_fails (head, sizeof head - 1, PORTOLAN_HTTP_ERROR_NOT_HTTP);
}

/* A bad status line fails when it is whole, not when the head is */
static void
test_status_line_bad_at_once (void)
{
  static const char line[] = "HTTP/1.1 2x0 OK\r\n";

  assert_fails (line, strlen (line), PORTOLAN_HTTP_ERROR_NOT_HTTP);
}

/* --- Bytes that are not HTTP --- */

typedef struct
{
  const char *data;
  gsize       length;
} Bytes;

static const Bytes not_http[] = {
  BYTES ("\x30\x24"),                          /* an LDAP message */
  BYTES ("\x30\x0c\x02\x01\x01\x61\x07\x0a"),
  BYTES ("SSH-2.0-OpenSSH_9.2p1\r\n"),
  BYTES ("\xff"),
  BYTES ("\x16\x03\x03\x00\x5d\x02"),          /* a TLS ServerHello */
  BYTES ("\x15\x03\x01\x00\x02\x02\x46"),      /* a TLS alert */
  BYTES ("\0\0\0\0"),
  BYTES ("220 mail.example.com ESMTP\r\n"),
  BYTES ("<html>"),
  BYTES ("http/1.1 200 OK\r\n\r\n"),
  BYTES (" HTTP/1.1 200 OK\r\n\r\n"),
};

/* Every prefix fails, down to one byte: no waiting for five */
static void
test_not_http_at_once (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (not_http); i++)
    for (gsize length = 1; length <= not_http[i].length; length++)
      assert_fails (not_http[i].data, length, PORTOLAN_HTTP_ERROR_NOT_HTTP);
}

static void
test_http_prefix_waits (void)
{
  static const char * const prefixes[] = {
    "", "H", "HT", "HTT", "HTTP", "HTTP/", "HTTP/1.1 200 OK", "HTTP/1.1 200 OK\r\n", "HTTP/1.1 200 OK\r\nServer: x\r\n",
  };

  for (guint i = 0; i < G_N_ELEMENTS (prefixes); i++)
    assert_more (prefixes[i], strlen (prefixes[i]));
}

/* --- Partial heads --- */

static void
check_every_split (const char *answer,
                   gsize       head_length)
{
  PortolanHttpHead whole;
  g_autoptr(GError) error = NULL;
  gsize consumed = 0;

  g_assert_cmpint (_portolan_http_parse_head (answer, strlen (answer), &whole, &consumed, &error),
                   ==, PORTOLAN_HTTP_PARSE_DONE);
  g_assert_no_error (error);
  g_assert_cmpuint (consumed, ==, head_length);

  for (gsize length = 0; length <= strlen (answer); length++)
    {
      PortolanHttpHead head;

      if (length < head_length)
        {
          assert_more (answer, length);
          continue;
        }

      g_assert_cmpint (_portolan_http_parse_head (answer, length, &head, &consumed, &error),
                       ==, PORTOLAN_HTTP_PARSE_DONE);
      g_assert_no_error (error);
      g_assert_cmpuint (consumed, ==, head_length);
      assert_heads_equal (&head, &whole);
      _portolan_http_head_clear (&head);
    }

  _portolan_http_head_clear (&whole);
}

static void
test_partial_head (void)
{
  const char *body = strstr (nginx_answer, "\r\n\r\n") + 4;
  PortolanHttpHead head;
  gsize consumed = 0;

  check_every_split (nginx_answer, body - nginx_answer);

  g_assert_cmpint (_portolan_http_parse_head (nginx_answer, strlen (nginx_answer), &head, &consumed, NULL),
                   ==, PORTOLAN_HTTP_PARSE_DONE);
  g_assert_cmpuint (head.status, ==, 200);
  g_assert_cmpstr (head.reason, ==, "OK");
  g_assert_cmpint (head.content_length, ==, 12);
  g_assert_true (head.keep_alive);
  g_assert_cmpuint (head.n_headers, ==, 8);
  g_assert_cmpstr (nginx_answer + consumed, ==, "hello world\n");
  _portolan_http_head_clear (&head);
}

static void
test_lf_endings (void)
{
  static const char lf_only[] = "HTTP/1.1 301 Moved\nLocation: /new\nContent-Length: 0\n\nrest";
  /* Some lines end in CRLF, some in LF; a bare LF may end the head */
  static const char mixed[] = "HTTP/1.1 301 Moved\r\nLocation: /new\nContent-Length: 0\r\n\nrest";
  static const char mixed_end[] = "HTTP/1.1 301 Moved\nLocation: /new\nContent-Length: 0\n\r\nrest";
  const char * const answers[] = { lf_only, mixed, mixed_end };

  for (guint i = 0; i < G_N_ELEMENTS (answers); i++)
    {
      PortolanHttpHead head;
      gsize consumed = 0;

      check_every_split (answers[i], strlen (answers[i]) - 4);
      g_assert_cmpint (_portolan_http_parse_head (answers[i], strlen (answers[i]), &head, &consumed, NULL),
                       ==, PORTOLAN_HTTP_PARSE_DONE);
      g_assert_cmpuint (head.status, ==, 301);
      g_assert_cmpstr (head.reason, ==, "Moved");
      g_assert_cmpstr (head.location, ==, "/new");
      g_assert_cmpint (head.content_length, ==, 0);
      g_assert_cmpuint (head.n_headers, ==, 2);
      g_assert_cmpstr (answers[i] + consumed, ==, "rest");
      _portolan_http_head_clear (&head);
    }
}

/* --- Headers --- */

typedef struct
{
  const char *headers;
  gint64      content_length;  /* -2: fails with BAD_FRAMING */
} LengthCase;

static const LengthCase length_cases[] = {
  { "", -1 },
  { "Content-Length: 42\r\n", 42 },
  { "content-length:0\r\n", 0 },
  { "CONTENT-LENGTH: \t 7 \t\r\n", 7 },
  { "Content-Length: 007\r\n", 7 },
  { "Content-Length: 999999999999999\r\n", 999999999999999 },
  { "Content-Length: 5\r\nContent-Length: 5\r\n", 5 },
  { "Content-Length: 5\r\nX: y\r\ncontent-length: 005\r\n", 5 },
  { "Content-Length: 4x\r\n", -2 },
  { "Content-Length: x\r\n", -2 },
  { "Content-Length:\r\n", -2 },
  { "Content-Length: -1\r\n", -2 },
  { "Content-Length: +5\r\n", -2 },
  { "Content-Length: 0x10\r\n", -2 },
  { "Content-Length: 5 5\r\n", -2 },
  { "Content-Length: 5, 5\r\n", -2 },
  { "Content-Length: 1e3\r\n", -2 },
  /* Too long to be a length anyone sends */
  { "Content-Length: 1000000000000000\r\n", -2 },
  { "Content-Length: 99999999999999999999999\r\n", -2 },
  /* Two lengths: no way to tell where the answer ends */
  { "Content-Length: 5\r\nContent-Length: 6\r\n", -2 },
  { "Content-Length: 0\r\nContent-Length: 10\r\n", -2 },
};

static void
test_content_length (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (length_cases); i++)
    {
      g_autofree char *text = g_strconcat ("HTTP/1.1 200 OK\r\n", length_cases[i].headers, "\r\n", NULL);
      PortolanHttpHead head;

      show (text);
      if (length_cases[i].content_length == -2)
        {
          assert_fails (text, strlen (text), PORTOLAN_HTTP_ERROR_BAD_FRAMING);
          continue;
        }

      parse_done (text, &head);
      g_assert_cmpint (head.content_length, ==, length_cases[i].content_length);
      g_assert_false (head.chunked);
      _portolan_http_head_clear (&head);
    }
}

typedef struct
{
  const char *coding;
  gboolean    chunked;  /* FALSE: fails with BAD_FRAMING */
} CodingCase;

static const CodingCase coding_cases[] = {
  { "chunked", TRUE },
  { "Chunked", TRUE },
  { "  chunked  ", TRUE },
  { "gzip, chunked", TRUE },
  { "gzip,chunked", TRUE },
  { "deflate, gzip ,  CHUNKED", TRUE },
  { "gzip", FALSE },
  { "identity", FALSE },
  { "chunked, gzip", FALSE },
  { "chunked,", FALSE },
  { "", FALSE },
  { "chunkedx", FALSE },
};

static void
test_transfer_encoding (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (coding_cases); i++)
    {
      g_autofree char *text = g_strconcat ("HTTP/1.1 200 OK\r\nTransfer-Encoding: ", coding_cases[i].coding,
                                           "\r\n\r\n", NULL);
      PortolanHttpHead head;

      show (text);
      if (!coding_cases[i].chunked)
        {
          assert_fails (text, strlen (text), PORTOLAN_HTTP_ERROR_BAD_FRAMING);
          continue;
        }

      parse_done (text, &head);
      g_assert_true (head.chunked);
      g_assert_cmpint (head.content_length, ==, -1);
      g_assert_true (head.keep_alive);
      _portolan_http_head_clear (&head);
    }
}

/* Both framings: chunks win, and the connection is not to be reused */
static void
test_chunked_and_length (void)
{
  static const char * const heads[] = {
    "HTTP/1.1 200 OK\r\nContent-Length: 10\r\nTransfer-Encoding: chunked\r\n\r\n",
    "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 10\r\n\r\n",
    "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 10\r\nConnection: keep-alive\r\n\r\n",
  };

  for (guint i = 0; i < G_N_ELEMENTS (heads); i++)
    {
      PortolanHttpHead head;

      parse_done (heads[i], &head);
      g_assert_true (head.chunked);
      g_assert_cmpint (head.content_length, ==, -1);
      g_assert_false (head.keep_alive);
      _portolan_http_head_clear (&head);
    }
}

typedef struct
{
  const char *head;
  gboolean    keep_alive;
} ConnectionCase;

static const ConnectionCase connection_cases[] = {
  { "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", TRUE },
  { "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: keep-alive\r\n\r\n", TRUE },
  { "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n", FALSE },
  { "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nconnection: Close\r\n\r\n", FALSE },
  { "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: Upgrade, close\r\n\r\n", FALSE },
  { "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: keep-alive\r\nConnection: close\r\n\r\n", FALSE },
  { "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: closed\r\n\r\n", TRUE },
  { "HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n", FALSE },
  { "HTTP/1.0 200 OK\r\nContent-Length: 0\r\nConnection: keep-alive\r\n\r\n", TRUE },
  { "HTTP/1.0 200 OK\r\nContent-Length: 0\r\nConnection: Keep-Alive\r\n\r\n", TRUE },
  { "HTTP/1.0 200 OK\r\nContent-Length: 0\r\nConnection: keep-alive, close\r\n\r\n", FALSE },
  { "HTTP/1.0 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n", FALSE },
  { "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n", TRUE },
  /* Without a length the body ends when the connection does */
  { "HTTP/1.1 200 OK\r\n\r\n", FALSE },
  { "HTTP/1.1 302 Found\r\nLocation: /a\r\n\r\n", FALSE },
  { "HTTP/1.0 200 OK\r\nConnection: keep-alive\r\n\r\n", FALSE },
  /* …unless the answer has no body to end */
  { "HTTP/1.1 204 No Content\r\n\r\n", TRUE },
  { "HTTP/1.1 304 Not Modified\r\n\r\n", TRUE },
  { "HTTP/1.1 100 Continue\r\n\r\n", TRUE },
};

static void
test_connection (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (connection_cases); i++)
    {
      PortolanHttpHead head;

      show (connection_cases[i].head);
      parse_done (connection_cases[i].head, &head);
      g_assert_cmpint (head.keep_alive, ==, connection_cases[i].keep_alive);
      _portolan_http_head_clear (&head);
    }
}

static void
test_location (void)
{
  PortolanHttpHead head;

  parse_done ("HTTP/1.1 302 Found\r\nLocation:   https://ums.example.com:8443/umsweb/  \r\n"
              "location: /second\r\nContent-Length: 0\r\n\r\n", &head);
  g_assert_cmpstr (head.location, ==, "https://ums.example.com:8443/umsweb/");
  g_assert_cmpuint (head.n_headers, ==, 3);
  _portolan_http_head_clear (&head);

  parse_done ("HTTP/1.1 302 Found\r\nLocation:\r\n\r\n", &head);
  g_assert_cmpstr (head.location, ==, "");
  _portolan_http_head_clear (&head);

  parse_done ("HTTP/1.1 302 Found\r\nX-Location: /no\r\n\r\n", &head);
  g_assert_null (head.location);
  _portolan_http_head_clear (&head);
}

static const char * const bad_header_lines[] = {
  "NoColon",
  ": no name",
  "Bad Name: x",
  "Name : x",
  "Na(me): x",
  "Na\"me\": x",
  "N/a: x",
  "N\x01: x",
  "\x80\x81: x",
  "\rX: y",
  "<html><body>",
};

static void
test_bad_header_line (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (bad_header_lines); i++)
    {
      g_autofree char *text = g_strconcat ("HTTP/1.1 200 OK\r\nServer: x\r\n", bad_header_lines[i], "\r\n\r\n", NULL);
      /* Fails as soon as the line is whole, before the head is */
      g_autofree char *unfinished = g_strconcat ("HTTP/1.1 200 OK\r\n", bad_header_lines[i], "\r\n", NULL);

      show (bad_header_lines[i]);
      assert_fails (text, strlen (text), PORTOLAN_HTTP_ERROR_NOT_HTTP);
      assert_fails (unfinished, strlen (unfinished), PORTOLAN_HTTP_ERROR_NOT_HTTP);
    }
}

static void
test_token_characters (void)
{
  PortolanHttpHead head;

  parse_done ("HTTP/1.1 200 OK\r\nX!#$%&'*+-.^_`|~09az: ok\r\n\r\n", &head);
  g_assert_cmpuint (head.n_headers, ==, 1);
  _portolan_http_head_clear (&head);
}

static void
test_nul_in_header (void)
{
  static const Bytes heads[] = {
    BYTES ("HTTP/1.1 200 OK\r\nX: a\0b\r\n\r\n"),
    BYTES ("HTTP/1.1 200 OK\r\nX\0: ab\r\n\r\n"),
    BYTES ("HTTP/1.1 200 OK\r\nLocation: /\0/evil\r\n\r\n"),
    BYTES ("HTTP/1.1 200 OK\r\n\0\r\n\r\n"),
  };

  for (guint i = 0; i < G_N_ELEMENTS (heads); i++)
    assert_fails (heads[i].data, heads[i].length, PORTOLAN_HTTP_ERROR_NOT_HTTP);
}

/* Obsolete line folding (RFC 9112 5.2): the continuation is not read */
static void
test_obs_fold (void)
{
  PortolanHttpHead head;

  parse_done ("HTTP/1.1 302 Found\r\n"
              "X-Long: a\r\n"
              "  continued: not a header\r\n"
              "\tmore\r\n"
              "Location: /a\r\n"
              " /b\r\n"
              "Content-Length: 3\r\n"
              " 4\r\n"
              "\r\n", &head);
  g_assert_cmpstr (head.location, ==, "/a");
  g_assert_cmpint (head.content_length, ==, 3);
  g_assert_cmpuint (head.n_headers, ==, 7);
  _portolan_http_head_clear (&head);
}

/* --- Limits --- */

static char *
head_with_headers (guint       n,
                   const char *end)
{
  GString *text = g_string_new ("HTTP/1.1 200 OK\r\n");

  for (guint i = 0; i < n; i++)
    g_string_append_printf (text, "X-Header-%u: %u\r\n", i, i);
  g_string_append (text, end);
  return g_string_free (text, FALSE);
}

static void
test_header_count (void)
{
  g_autofree char *hundred = head_with_headers (PORTOLAN_HTTP_MAX_HEADERS, "\r\n");
  g_autofree char *hundred_one = head_with_headers (PORTOLAN_HTTP_MAX_HEADERS + 1, "\r\n");
  PortolanHttpHead head;

  parse_done (hundred, &head);
  g_assert_cmpuint (head.n_headers, ==, PORTOLAN_HTTP_MAX_HEADERS);
  _portolan_http_head_clear (&head);

  assert_fails (hundred_one, strlen (hundred_one), PORTOLAN_HTTP_ERROR_TOO_MANY_HEADERS);
}

/* Too many lines fail before the head ends, long before 64 KiB */
static void
test_header_count_unfinished (void)
{
  g_autofree char *hundred = head_with_headers (PORTOLAN_HTTP_MAX_HEADERS, "");
  g_autofree char *hundred_one = head_with_headers (PORTOLAN_HTTP_MAX_HEADERS + 1, "");
  g_autoptr(GString) lf_lines = g_string_new ("HTTP/1.1 200 OK\n");

  assert_more (hundred, strlen (hundred));
  g_assert_cmpuint (strlen (hundred_one), <, 4096);
  assert_fails (hundred_one, strlen (hundred_one), PORTOLAN_HTTP_ERROR_TOO_MANY_HEADERS);

  for (guint i = 0; i < PORTOLAN_HTTP_MAX_HEADERS; i++)
    g_string_append (lf_lines, "X: y\n");
  assert_more (lf_lines->str, lf_lines->len);
  g_string_append (lf_lines, "X: y\n");
  assert_fails (lf_lines->str, lf_lines->len, PORTOLAN_HTTP_ERROR_TOO_MANY_HEADERS);
}

static void
test_head_too_large (void)
{
  g_autofree char *text = g_malloc (PORTOLAN_HTTP_MAX_HEAD + 16);
  static const char start[] = "HTTP/1.1 200 OK\r\nX-Filler: ";
  PortolanHttpHead head;

  memcpy (text, start, strlen (start));
  memset (text + strlen (start), 'a', PORTOLAN_HTTP_MAX_HEAD + 16 - strlen (start));

  assert_more (text, PORTOLAN_HTTP_MAX_HEAD - 1);
  assert_fails (text, PORTOLAN_HTTP_MAX_HEAD, PORTOLAN_HTTP_ERROR_HEAD_TOO_LARGE);
  assert_fails (text, PORTOLAN_HTTP_MAX_HEAD + 16, PORTOLAN_HTTP_ERROR_HEAD_TOO_LARGE);

  /* A head that ends at 64 KiB exactly is whole; one byte more is not */
  memcpy (text + PORTOLAN_HTTP_MAX_HEAD - 4, "\r\n\r\n", 4);
  text[PORTOLAN_HTTP_MAX_HEAD] = '\0';
  parse_done (text, &head);
  g_assert_cmpuint (head.n_headers, ==, 1);
  _portolan_http_head_clear (&head);

  memset (text + strlen (start), 'a', PORTOLAN_HTTP_MAX_HEAD + 16 - strlen (start));
  memcpy (text + PORTOLAN_HTTP_MAX_HEAD - 3, "\r\n\r\n", 4);
  assert_fails (text, PORTOLAN_HTTP_MAX_HEAD + 16, PORTOLAN_HTTP_ERROR_HEAD_TOO_LARGE);
}

/* --- Chunked bodies --- */

typedef struct
{
  gboolean    ok;
  int         code;  /* when not ok */
  gboolean    done;
  gsize       consumed;
  GByteArray *body;
} Decoded;

static void
decoded_clear (Decoded *decoded)
{
  g_clear_pointer (&decoded->body, g_byte_array_unref);
}

/* Feeds @data in pieces of @step bytes (0: whole), as reads would bring it */
static Decoded
decode (const char *data,
        gsize       length,
        gsize       limit,
        gsize       step)
{
  PortolanHttpChunked chunked = { 0 };
  Decoded decoded = { .ok = TRUE, .body = g_byte_array_new () };
  gsize offset = 0;

  do
    {
      g_autoptr(GError) error = NULL;
      gsize piece = step == 0 ? length - offset : MIN (step, length - offset);
      gsize consumed = G_MAXSIZE;

      if (!_portolan_http_chunked_feed (&chunked, data + offset, piece, decoded.body, limit, &consumed, &error))
        {
          g_assert_nonnull (error);
          g_assert_true (error->domain == PORTOLAN_HTTP_ERROR);
          decoded.ok = FALSE;
          decoded.code = error->code;
          break;
        }

      g_assert_no_error (error);
      g_assert_cmpuint (consumed, <=, piece);
      g_assert_cmpuint (decoded.body->len, <=, limit);
      offset += consumed;
      /* Short of the end, everything that came is used */
      if (!_portolan_http_chunked_done (&chunked))
        g_assert_cmpuint (consumed, ==, piece);
      else
        break;
    }
  while (offset < length);

  decoded.done = _portolan_http_chunked_done (&chunked);
  decoded.consumed = offset;
  return decoded;
}

/* Whole and a byte at a time must come to the same */
static Decoded
decode_both_ways (const char *data,
                  gsize       length,
                  gsize       limit)
{
  Decoded whole = decode (data, length, limit, 0);
  Decoded bytewise = decode (data, length, limit, 1);

  g_assert_cmpint (bytewise.ok, ==, whole.ok);
  g_assert_cmpint (bytewise.code, ==, whole.code);
  g_assert_cmpint (bytewise.done, ==, whole.done);
  if (whole.ok)
    {
      g_assert_cmpuint (bytewise.consumed, ==, whole.consumed);
      g_assert_cmpmem (bytewise.body->data, bytewise.body->len, whole.body->data, whole.body->len);
    }

  decoded_clear (&bytewise);
  return whole;
}

static void
assert_decodes (const char *data,
                const char *body,
                const char *rest)
{
  Decoded decoded = decode_both_ways (data, strlen (data), PORTOLAN_HTTP_MAX_BODY);

  show (data);
  g_assert_true (decoded.ok);
  g_assert_true (decoded.done);
  g_assert_cmpmem (decoded.body->data, decoded.body->len, body, strlen (body));
  g_assert_cmpstr (data + decoded.consumed, ==, rest);
  decoded_clear (&decoded);
}

static void
assert_decode_fails (const char *data,
                     gsize       limit,
                     int         code)
{
  Decoded decoded = decode_both_ways (data, strlen (data), limit);

  show (data);
  g_assert_false (decoded.ok);
  g_assert_cmpint (decoded.code, ==, code);
  decoded_clear (&decoded);
}

static void
test_chunked_body (void)
{
  assert_decodes ("4\r\nWiki\r\n5\r\npedia\r\nE\r\n in\r\n\r\nchunks.\r\n0\r\n\r\n",
                  "Wikipedia in\r\n\r\nchunks.", "");
  assert_decodes ("0\r\n\r\n", "", "");
  assert_decodes ("1\r\nx\r\n0\r\n\r\n", "x", "");
  assert_decodes ("a\r\n0123456789\r\nA\r\nabcdefghij\r\n0\r\n\r\n", "0123456789abcdefghij", "");
  assert_decodes ("0005\r\nhello\r\n000\r\n\r\n", "hello", "");
  assert_decodes ("5\nhello\n0\n\n", "hello", "");
}

static void
test_chunked_extensions (void)
{
  assert_decodes ("5;name=value\r\nhello\r\n0;last\r\n\r\n", "hello", "");
  assert_decodes ("5 ; name=\"quoted; value\"\r\nhello\r\n0\r\n\r\n", "hello", "");
  assert_decodes ("5\t;x\r\nhello\r\n0\r\n\r\n", "hello", "");
  assert_decodes ("5;\r\nhello\r\n0\r\n\r\n", "hello", "");
}

static void
test_chunked_trailers (void)
{
  g_autofree char *filler = g_strnfill (1000, 'x');
  g_autofree char *long_trailer = g_strconcat ("3\r\nabc\r\n0\r\nX-Long: ", filler, "\r\n\r\n", NULL);

  assert_decodes ("3\r\nabc\r\n0\r\nExpires: Wed, 21 Oct 2015 07:28:00 GMT\r\n\r\n", "abc", "");
  assert_decodes ("3\r\nabc\r\n0\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n", "abc", "");
  assert_decodes ("3\nabc\n0\nA: 1\nB: 2\n\n", "abc", "");
  /* A trailer line is only skipped: it may be longer than a size line */
  assert_decodes (long_trailer, "abc", "");
}

static void
test_chunked_rest_left (void)
{
  assert_decodes ("3\r\nabc\r\n0\r\n\r\nHTTP/1.1 200 OK\r\n", "abc", "HTTP/1.1 200 OK\r\n");
  assert_decodes ("3\r\nabc\r\n0\r\nT: x\r\n\r\n\r\n", "abc", "\r\n");
  assert_decodes ("0\n\nX", "", "X");
}

static void
test_chunked_after_done (void)
{
  PortolanHttpChunked chunked = { 0 };
  g_autoptr(GByteArray) body = g_byte_array_new ();
  g_autoptr(GError) error = NULL;
  gsize consumed = 99;

  g_assert_true (_portolan_http_chunked_feed (&chunked, "0\r\n\r\n", 5, body, 10, &consumed, &error));
  g_assert_cmpuint (consumed, ==, 5);
  g_assert_true (_portolan_http_chunked_done (&chunked));

  g_assert_true (_portolan_http_chunked_feed (&chunked, "1\r\nx\r\n", 6, body, 10, &consumed, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (consumed, ==, 0);
  g_assert_cmpuint (body->len, ==, 0);
}

static void
test_chunked_unfinished (void)
{
  static const char * const unfinished[] = {
    "", "5", "5\r", "5\r\nhel", "5\r\nhello", "5\r\nhello\r", "5\r\nhello\r\n", "0\r\n", "0\r\nT: x\r\n", "0\r\n\r",
  };

  for (guint i = 0; i < G_N_ELEMENTS (unfinished); i++)
    {
      Decoded decoded = decode_both_ways (unfinished[i], strlen (unfinished[i]), 100);

      g_assert_true (decoded.ok);
      g_assert_false (decoded.done);
      g_assert_cmpuint (decoded.consumed, ==, strlen (unfinished[i]));
      decoded_clear (&decoded);
    }
}

static void
test_chunked_limit (void)
{
  Decoded decoded;

  /* Exactly at the limit */
  decoded = decode_both_ways (EXACT ("a\r\n0123456789\r\n0\r\n\r\n"), 10);
  g_assert_true (decoded.ok);
  g_assert_true (decoded.done);
  g_assert_cmpuint (decoded.body->len, ==, 10);
  decoded_clear (&decoded);

  decoded = decode_both_ways (EXACT ("4\r\n0123\r\n6\r\n456789\r\n0\r\n\r\n"), 10);
  g_assert_true (decoded.ok);
  g_assert_cmpuint (decoded.body->len, ==, 10);
  decoded_clear (&decoded);

  /* Over it, refused as the size is read, with none of its data */
  assert_decode_fails ("b\r\n0123456789a\r\n0\r\n\r\n", 10, PORTOLAN_HTTP_ERROR_BODY_TOO_LARGE);
  assert_decode_fails ("b\r\n", 10, PORTOLAN_HTTP_ERROR_BODY_TOO_LARGE);
  assert_decode_fails ("ffffffff\r\n", PORTOLAN_HTTP_MAX_BODY, PORTOLAN_HTTP_ERROR_BODY_TOO_LARGE);
  assert_decode_fails ("fffffffffffffff\r\n", PORTOLAN_HTTP_MAX_BODY, PORTOLAN_HTTP_ERROR_BODY_TOO_LARGE);

  decoded = decode (EXACT ("6\r\n012345\r\n5\r\n6789a\r\n0\r\n\r\n"), 10, 0);
  g_assert_false (decoded.ok);
  g_assert_cmpint (decoded.code, ==, PORTOLAN_HTTP_ERROR_BODY_TOO_LARGE);
  g_assert_cmpuint (decoded.body->len, ==, 6);
  decoded_clear (&decoded);
}

/* Trailer fields are bounded as a head is, or they would never end */
static void
test_chunked_trailer_limit (void)
{
  static const char start[] = "3\r\nabc\r\n0\r\n";
  g_autoptr(GString) trailers = g_string_new (start);
  g_autofree char *one_line = NULL;
  Decoded decoded;

  /* 64 KiB of trailer, its empty line included */
  g_string_append (trailers, "A: 1\r\nX: ");
  while (trailers->len < strlen (start) + PORTOLAN_HTTP_MAX_HEAD - 4)
    g_string_append_c (trailers, 'x');
  g_string_append (trailers, "\r\n\r\n");
  decoded = decode_both_ways (trailers->str, trailers->len, 10);
  g_assert_true (decoded.ok);
  g_assert_true (decoded.done);
  g_assert_cmpuint (decoded.consumed, ==, trailers->len);
  decoded_clear (&decoded);

  g_string_insert_c (trailers, strlen (start), 'X');
  decoded = decode_both_ways (trailers->str, trailers->len, 10);
  g_assert_false (decoded.ok);
  g_assert_cmpint (decoded.code, ==, PORTOLAN_HTTP_ERROR_HEAD_TOO_LARGE);
  decoded_clear (&decoded);

  /* One endless line, with no line ending to wait for */
  one_line = g_strnfill (PORTOLAN_HTTP_MAX_HEAD + 1, 'x');
  g_string_truncate (trailers, strlen (start));
  g_string_append (trailers, one_line);
  decoded = decode_both_ways (trailers->str, trailers->len, 10);
  g_assert_false (decoded.ok);
  g_assert_cmpint (decoded.code, ==, PORTOLAN_HTTP_ERROR_HEAD_TOO_LARGE);
  decoded_clear (&decoded);
}

static void
test_chunked_bad_size (void)
{
  static const char * const bad[] = {
    "zz\r\n",
    "\r\n",
    "\n",
    "ffffffffffffffff\r\n",     /* sixteen hex digits */
    "00000000000000001\r\n",
    "-1\r\n",
    " 5\r\nhello\r\n",
    "+5\r\nhello\r\n",
    "5x\r\nhello\r\n",
    "0x5\r\nhello\r\n",
    "5,\r\nhello\r\n",
    "g\r\n",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    assert_decode_fails (bad[i], PORTOLAN_HTTP_MAX_BODY, PORTOLAN_HTTP_ERROR_BAD_FRAMING);
}

static void
test_chunked_nul_in_size (void)
{
  Decoded decoded = decode_both_ways (EXACT ("5\0\r\nhello\r\n0\r\n\r\n"), 100);

  g_assert_false (decoded.ok);
  g_assert_cmpint (decoded.code, ==, PORTOLAN_HTTP_ERROR_BAD_FRAMING);
  decoded_clear (&decoded);
}

static void
test_chunked_missing_crlf (void)
{
  assert_decode_fails ("3\r\nabcX\r\n0\r\n\r\n", 100, PORTOLAN_HTTP_ERROR_BAD_FRAMING);
  assert_decode_fails ("3\r\nabc0\r\n\r\n", 100, PORTOLAN_HTTP_ERROR_BAD_FRAMING);
  assert_decode_fails ("3\r\nabc\r\r\n0\r\n\r\n", 100, PORTOLAN_HTTP_ERROR_BAD_FRAMING);
  /* Noticed at the first wrong byte, not at a line's end */
  assert_decode_fails ("3\r\nabcd", 100, PORTOLAN_HTTP_ERROR_BAD_FRAMING);
  assert_decode_fails ("3\r\nabc\rX", 100, PORTOLAN_HTTP_ERROR_BAD_FRAMING);
}

static void
test_chunked_long_size_line (void)
{
  g_autofree char *filler = g_strnfill (200, 'x');
  g_autofree char *long_extension = g_strconcat ("5;", filler, NULL);
  g_autofree char *zeros = g_strnfill (200, '0');
  /* As long as a size line may be, with a bare LF after it */
  g_autofree char *fits_filler = g_strnfill (sizeof ((PortolanHttpChunked *) NULL)->line - 2, 'x');
  g_autofree char *fits = g_strconcat ("5;", fits_filler, "\nhello\r\n0\r\n\r\n", NULL);

  /* Fails before any line ending comes */
  assert_decode_fails (long_extension, 100, PORTOLAN_HTTP_ERROR_BAD_FRAMING);
  assert_decode_fails (zeros, 100, PORTOLAN_HTTP_ERROR_BAD_FRAMING);
  assert_decodes (fits, "hello", "");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/http-parse/status-line", test_status_line);
  g_test_add_func ("/http-parse/status-line/bad", test_status_line_bad);
  g_test_add_func ("/http-parse/status-line/nul", test_status_line_nul);
  g_test_add_func ("/http-parse/status-line/bad-at-once", test_status_line_bad_at_once);
  g_test_add_func ("/http-parse/not-http-at-once", test_not_http_at_once);
  g_test_add_func ("/http-parse/http-prefix-waits", test_http_prefix_waits);
  g_test_add_func ("/http-parse/partial-head", test_partial_head);
  g_test_add_func ("/http-parse/lf-endings", test_lf_endings);
  g_test_add_func ("/http-parse/content-length", test_content_length);
  g_test_add_func ("/http-parse/transfer-encoding", test_transfer_encoding);
  g_test_add_func ("/http-parse/chunked-and-length", test_chunked_and_length);
  g_test_add_func ("/http-parse/connection", test_connection);
  g_test_add_func ("/http-parse/location", test_location);
  g_test_add_func ("/http-parse/bad-header-line", test_bad_header_line);
  g_test_add_func ("/http-parse/token-characters", test_token_characters);
  g_test_add_func ("/http-parse/nul-in-header", test_nul_in_header);
  g_test_add_func ("/http-parse/obs-fold", test_obs_fold);
  g_test_add_func ("/http-parse/limits/header-count", test_header_count);
  g_test_add_func ("/http-parse/limits/header-count-unfinished", test_header_count_unfinished);
  g_test_add_func ("/http-parse/limits/head-too-large", test_head_too_large);
  g_test_add_func ("/http-parse/chunked/body", test_chunked_body);
  g_test_add_func ("/http-parse/chunked/extensions", test_chunked_extensions);
  g_test_add_func ("/http-parse/chunked/trailers", test_chunked_trailers);
  g_test_add_func ("/http-parse/chunked/rest-left", test_chunked_rest_left);
  g_test_add_func ("/http-parse/chunked/after-done", test_chunked_after_done);
  g_test_add_func ("/http-parse/chunked/unfinished", test_chunked_unfinished);
  g_test_add_func ("/http-parse/chunked/limit", test_chunked_limit);
  g_test_add_func ("/http-parse/chunked/trailer-limit", test_chunked_trailer_limit);
  g_test_add_func ("/http-parse/chunked/bad-size", test_chunked_bad_size);
  g_test_add_func ("/http-parse/chunked/nul-in-size", test_chunked_nul_in_size);
  g_test_add_func ("/http-parse/chunked/missing-crlf", test_chunked_missing_crlf);
  g_test_add_func ("/http-parse/chunked/long-size-line", test_chunked_long_size_line);

  return g_test_run ();
}
