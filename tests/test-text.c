/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-text.c: what a server says is capped when kept and inert when shown */
#include "config.h"

#include <string.h>

#include "portolan-text.h"

/* Escaping */

static void
assert_escaped (const char *text,
                const char *expected)
{
  g_autofree char *escaped = portolan_text_escape (text);

  g_assert_cmpstr (escaped, ==, expected);
  g_assert_true (g_utf8_validate (escaped, -1, NULL));
}

static void
test_escape_plain (void)
{
  /* Text that does nothing but show comes out as it went in */
  assert_escaped ("", "");
  assert_escaped ("UMS Server 12.01.100 (build 54321)", "UMS Server 12.01.100 (build 54321)");
  assert_escaped ("CN=ums.example.com, O=Müller & Söhne → 日本 ✔", "CN=ums.example.com, O=Müller & Söhne → 日本 ✔");
  assert_escaped ("a\\nb", "a\\nb");
  g_assert_null (portolan_text_escape (NULL));
}

static void
test_escape_controls (void)
{
  /* A line ending, and one that goes back to its start */
  assert_escaped ("12.01\n✔ Verified", "12.01\\n✔ Verified");
  assert_escaped ("12.01\r✔ Verified", "12.01\\r✔ Verified");
  assert_escaped ("a\tb", "a\\tb");
  /* Clear the screen, colour, a window title */
  assert_escaped ("\033[2J\033[H", "\\x1B[2J\\x1B[H");
  assert_escaped ("\033[31mred\033[0m", "\\x1B[31mred\\x1B[0m");
  assert_escaped ("\033]0;title\007", "\\x1B]0;title\\x07");
  assert_escaped ("\001\002\010\013\014\037 \177", "\\x01\\x02\\x08\\x0B\\x0C\\x1F \\x7F");
  /* C1 controls: U+009B is a CSI of its own to many terminals */
  assert_escaped ("a\xc2\x9b" "2Jb", "a\\u009B2Jb");
  assert_escaped ("\xc2\x80\xc2\x85\xc2\x9f", "\\u0080\\u0085\\u009F");
  /* The first character after the C1 block shows */
  assert_escaped ("\xc2\xa0", "\xc2\xa0");
  /* Line separators and the overrides that reorder a line */
  assert_escaped ("a\xe2\x80\xa8" "b\xe2\x80\xa9", "a\\u2028b\\u2029");
  assert_escaped ("\xe2\x80\xae" "cba", "\\u202Ecba");
  assert_escaped ("\xe2\x81\xa6x\xe2\x81\xa9", "\\u2066x\\u2069");
}

static void
test_escape_invalid (void)
{
  /* Each byte that is not UTF-8 is written as a byte */
  assert_escaped ("a\xff" "b", "a\\xFFb");
  assert_escaped ("\xc3", "\\xC3");
  assert_escaped ("\xc3(", "\\xC3(");
  assert_escaped ("\xe2\x82", "\\xE2\\x82");
  /* Overlong encodings and surrogates are not characters */
  assert_escaped ("\xc0\xaf", "\\xC0\\xAF");
  assert_escaped ("\xed\xa0\x80", "\\xED\\xA0\\x80");
  assert_escaped ("\xf4\x90\x80\x80", "\\xF4\\x90\\x80\\x80");
  /* Valid on both sides of it */
  assert_escaped ("ü\x80ü", "ü\\x80ü");
}

static void
test_escape_append (void)
{
  g_autoptr(GString) out = g_string_new ("detail: ");

  portolan_text_append_escaped (out, "one\ntwo");
  portolan_text_append_escaped (out, NULL);
  g_assert_cmpstr (out->str, ==, "detail: one\\ntwo");
}

/* Capping */

static char *
repeat (const char *unit,
        gsize       count)
{
  GString *text = g_string_new (NULL);

  for (gsize i = 0; i < count; i++)
    g_string_append (text, unit);
  return g_string_free (text, FALSE);
}

/* @capped is a capped version of @original: valid, not too long, its
 * start, and the full length stated */
static void
assert_capped (const char *original,
               const char *capped)
{
  g_autofree char *note = g_strdup_printf ("… (%" G_GSIZE_FORMAT " bytes in all)", strlen (original));
  gsize kept = strlen (capped) - strlen (note);

  g_assert_true (g_utf8_validate (capped, -1, NULL));
  g_assert_cmpuint (strlen (capped), <=, PORTOLAN_TEXT_MAX_BYTES);
  g_assert_true (g_str_has_suffix (capped, note));
  g_assert_cmpuint (kept, >, PORTOLAN_TEXT_MAX_BYTES - 64);
  g_assert_cmpmem (capped, kept, original, kept);
}

static void
test_cap_short (void)
{
  g_autofree char *exact = repeat ("a", PORTOLAN_TEXT_MAX_BYTES);
  g_autofree char *exact_capped = portolan_text_cap (exact);
  g_autofree char *empty = portolan_text_cap ("");
  g_autofree char *plain = portolan_text_cap ("connected");

  g_assert_null (portolan_text_cap (NULL));
  g_assert_cmpstr (empty, ==, "");
  g_assert_cmpstr (plain, ==, "connected");
  /* Exactly the limit is kept whole, in characters of any width */
  g_assert_cmpstr (exact_capped, ==, exact);
  {
    g_autofree char *arrows = repeat ("→", PORTOLAN_TEXT_MAX_BYTES / 3);
    g_autofree char *text = g_strconcat (arrows, "ab", NULL);
    g_autofree char *capped = portolan_text_cap (text);

    g_assert_cmpuint (strlen (text), ==, PORTOLAN_TEXT_MAX_BYTES);
    g_assert_cmpstr (capped, ==, text);
  }
}

static void
test_cap_long (void)
{
  g_autofree char *over = repeat ("a", PORTOLAN_TEXT_MAX_BYTES + 1);
  g_autofree char *over_capped = portolan_text_cap (over);
  g_autofree char *huge = repeat ("0123456789abcdef", 1024 * 1024);
  g_autofree char *huge_capped = portolan_text_cap (huge);
  g_autofree char *again = portolan_text_cap (huge_capped);

  /* One byte more is too long */
  assert_capped (over, over_capped);
  g_assert_true (g_str_has_suffix (over_capped, "… (513 bytes in all)"));

  /* 16 MB: what is kept is its start, and says how long it was */
  assert_capped (huge, huge_capped);
  g_assert_true (g_str_has_suffix (huge_capped, "… (16777216 bytes in all)"));

  /* What was capped is short: capping it again (a report copies its
   * checks) changes nothing */
  g_assert_cmpstr (again, ==, huge_capped);
}

static void
test_cap_multibyte (void)
{
  /* Every cut position against a character: 1 to 4 bytes, and the
   * character straddling the limit at each of its bytes */
  static const char * const characters[] = { "a", "ü", "→", "😀" };

  for (guint c = 0; c < G_N_ELEMENTS (characters); c++)
    for (guint offset = 0; offset < 4; offset++)
      {
        g_autofree char *start = repeat ("x", offset);
        g_autofree char *body = repeat (characters[c], PORTOLAN_TEXT_MAX_BYTES / strlen (characters[c]) + 1);
        g_autofree char *text = g_strconcat (start, body, NULL);
        g_autofree char *capped = portolan_text_cap (text);

        assert_capped (text, capped);
      }
}

static void
test_cap_invalid (void)
{
  g_autofree char *fixed = portolan_text_cap ("a\xff" "b\xc3");
  g_autofree char *body = repeat ("\xff", PORTOLAN_TEXT_MAX_BYTES * 2);
  g_autofree char *capped = portolan_text_cap (body);
  g_autofree char *note = g_strdup_printf ("… (%u bytes in all)", PORTOLAN_TEXT_MAX_BYTES * 2);
  g_autofree char *continuations = repeat ("\x80", PORTOLAN_TEXT_MAX_BYTES + 10);
  g_autofree char *continuations_capped = portolan_text_cap (continuations);

  /* What is kept is always UTF-8: U+FFFD for what was not */
  g_assert_cmpstr (fixed, ==, "a\xef\xbf\xbd" "b\xef\xbf\xbd");

  /* Each bad byte takes three once replaced, and the limit still holds */
  g_assert_true (g_utf8_validate (capped, -1, NULL));
  g_assert_cmpuint (strlen (capped), <=, PORTOLAN_TEXT_MAX_BYTES);
  g_assert_true (g_str_has_prefix (capped, "\xef\xbf\xbd\xef\xbf\xbd"));
  g_assert_true (g_str_has_suffix (capped, note));

  /* Nothing but continuation bytes: no character boundary to find */
  g_assert_true (g_utf8_validate (continuations_capped, -1, NULL));
  g_assert_cmpuint (strlen (continuations_capped), <=, PORTOLAN_TEXT_MAX_BYTES);
}

/* The two together, as the command line does: capped when kept, then
 * escaped when shown; still one line, still bounded */
static void
test_cap_then_escape (void)
{
  g_autofree char *hostile = repeat ("\033[2J\r\n✔ Verified ", 100000);
  g_autofree char *capped = portolan_text_cap (hostile);
  g_autofree char *shown = portolan_text_escape (capped);

  g_assert_null (strchr (shown, '\033'));
  g_assert_null (strchr (shown, '\n'));
  g_assert_null (strchr (shown, '\r'));
  g_assert_cmpuint (strlen (shown), <=, 4 * PORTOLAN_TEXT_MAX_BYTES);
  g_assert_true (g_str_has_prefix (shown, "\\x1B[2J\\r\\n✔ Verified \\x1B[2J"));
  g_assert_true (g_str_has_suffix (shown, " bytes in all)"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/text/escape/plain", test_escape_plain);
  g_test_add_func ("/text/escape/controls", test_escape_controls);
  g_test_add_func ("/text/escape/invalid", test_escape_invalid);
  g_test_add_func ("/text/escape/append", test_escape_append);
  g_test_add_func ("/text/cap/short", test_cap_short);
  g_test_add_func ("/text/cap/long", test_cap_long);
  g_test_add_func ("/text/cap/multibyte", test_cap_multibyte);
  g_test_add_func ("/text/cap/invalid", test_cap_invalid);
  g_test_add_func ("/text/cap/then-escape", test_cap_then_escape);

  return g_test_run ();
}
