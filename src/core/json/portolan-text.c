/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-text.c
 *
 * A server decides what its version, its certificate names and its
 * reason phrase say. Kept, they are capped, so a 16 MB answer cannot
 * slow down every view and report; shown in a terminal, a Markdown file
 * or a log, their control characters are written out, so they cannot
 * move the cursor, clear the screen or fake a line of their own.
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "portolan-text.h"

/* The start of the character that holds byte @at of @text, for a cut
 * that does not split one; invalid bytes are left for make_valid */
static gsize
back_to_boundary (const char *text,
                  gsize       at)
{
  for (guint i = 0; i < 3 && at > 0 && ((guchar) text[at] & 0xC0) == 0x80; i++)
    at--;

  return at;
}

/**
 * portolan_text_cap:
 * @text: (nullable): any bytes, perhaps not UTF-8
 *
 * @text as valid UTF-8 (U+FFFD for what is not), at most
 * %PORTOLAN_TEXT_MAX_BYTES long. Longer text is cut at a character and
 * ends with how long it was: "… (16777216 bytes in all)". Text that is
 * short and valid comes back unchanged, so capping twice changes nothing.
 *
 * Returns: (transfer full) (nullable): a new string, %NULL for %NULL
 */
char *
portolan_text_cap (const char *text)
{
  g_autofree char *valid = NULL;
  g_autofree char *length_text = NULL;
  g_autofree char *suffix = NULL;
  gsize length, keep, budget;

  if (text == NULL)
    return NULL;

  /* Only the start is read: the rest is never copied */
  length = strnlen (text, PORTOLAN_TEXT_MAX_BYTES + 1);
  keep = length;
  if (length > PORTOLAN_TEXT_MAX_BYTES)
    keep = back_to_boundary (text, PORTOLAN_TEXT_MAX_BYTES);

  valid = g_utf8_make_valid (text, keep);
  if (length <= PORTOLAN_TEXT_MAX_BYTES && strlen (valid) <= PORTOLAN_TEXT_MAX_BYTES)
    return g_steal_pointer (&valid);

  length_text = g_strdup_printf ("%" G_GSIZE_FORMAT, strlen (text));
  /* Translators: the end of a server's text that was too long to keep:
   * "… (16777216 bytes in all)" */
  suffix = g_strdup_printf (_("… (%s bytes in all)"), length_text);

  /* The replacement characters may have made the start longer again */
  budget = PORTOLAN_TEXT_MAX_BYTES - MIN (strlen (suffix), PORTOLAN_TEXT_MAX_BYTES / 2);
  if (strlen (valid) > budget)
    valid[back_to_boundary (valid, budget)] = '\0';

  return g_strconcat (valid, suffix, NULL);
}

/* Characters that act rather than show: C0 controls with DEL, C1
 * controls (U+009B is a CSI to many terminals), the line and paragraph
 * separators, and the bidirectional overrides that reorder a line */
static gboolean
is_active (gunichar c)
{
  return c < 0x20 || (c >= 0x7F && c <= 0x9F) ||
         c == 0x2028 || c == 0x2029 ||
         c == 0x200E || c == 0x200F ||
         (c >= 0x202A && c <= 0x202E) ||
         (c >= 0x2066 && c <= 0x2069);
}

/**
 * portolan_text_append_escaped:
 *
 * Appends @text with every control character written out: "\n", "\r"
 * and "\t", "\x1B" for the other C0 controls and DEL, "\u009B" for the
 * C1 controls and the other characters that reorder or break a line, and
 * "\xFF" for each byte that is not UTF-8. What comes out is one line of
 * valid UTF-8 that shows all it holds.
 */
void
portolan_text_append_escaped (GString    *out,
                              const char *text)
{
  const char *end;

  if (text == NULL)
    return;

  end = text + strlen (text);
  for (const char *p = text; p < end;)
    {
      gunichar c = g_utf8_get_char_validated (p, end - p);

      if (c == (gunichar) -1 || c == (gunichar) -2)
        {
          g_string_append_printf (out, "\\x%02X", (guchar) *p);
          p++;
          continue;
        }

      if (c == '\n')
        g_string_append (out, "\\n");
      else if (c == '\r')
        g_string_append (out, "\\r");
      else if (c == '\t')
        g_string_append (out, "\\t");
      else if (c < 0x80 && is_active (c))
        g_string_append_printf (out, "\\x%02X", c);
      else if (is_active (c))
        g_string_append_printf (out, "\\u%04X", c);
      else
        g_string_append_len (out, p, g_utf8_next_char (p) - p);

      p = g_utf8_next_char (p);
    }
}

/**
 * portolan_text_escape:
 * @text: (nullable):
 *
 * @text as portolan_text_append_escaped() writes it.
 *
 * Returns: (transfer full) (nullable): a new string, %NULL for %NULL
 */
char *
portolan_text_escape (const char *text)
{
  GString *out;

  if (text == NULL)
    return NULL;

  out = g_string_sized_new (strlen (text));
  portolan_text_append_escaped (out, text);
  return g_string_free (out, FALSE);
}
