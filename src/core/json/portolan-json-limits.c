/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-json-limits.c: the nesting of a JSON text, measured before parsing
 *
 * json-glib parses arrays and objects by recursion, so a text of a
 * million '[' overflows the stack. Scanning the brackets first costs one
 * pass and no allocation. The scan must skip exactly what json-glib's
 * scanner skips, or brackets hidden from it reach the parser: besides
 * JSON's strings, json-glib 1.6 takes single-quoted strings (without
 * escapes) and C comments, so a '"' in either cannot start a string here.
 */
#include "config.h"

#include <string.h>

#include "portolan-json-limits-private.h"

typedef enum
{
  IN_VALUE,
  IN_STRING,
  IN_STRING_ESCAPE,
  IN_SINGLE_QUOTED,
  IN_COMMENT,
} ScanState;

/**
 * portolan_json_check_depth:
 * @line: (out) (optional): where the limit was passed, from 1
 * @column: (out) (optional): the same, in characters from 1, as the
 *   JSON locator and editors count
 *
 * Returns: %TRUE when no array or object in @data nests deeper than
 *   @max_depth. Malformed text is left for the parser to report.
 */
gboolean
portolan_json_check_depth (const char *data,
                           gsize       length,
                           guint       max_depth,
                           guint      *line,
                           guint      *column)
{
  ScanState state = IN_VALUE;
  guint depth = 0;
  guint at_line = 1;
  gsize line_start = 0;

  for (gsize i = 0; i < length; i++)
    {
      char c = data[i];

      if (c == '\n')
        {
          at_line++;
          line_start = i + 1;
        }

      switch (state)
        {
        case IN_STRING:
          if (c == '\\')
            state = IN_STRING_ESCAPE;
          else if (c == '"')
            state = IN_VALUE;
          continue;

        case IN_STRING_ESCAPE:
          state = IN_STRING;
          continue;

        case IN_SINGLE_QUOTED:
          if (c == '\'')
            state = IN_VALUE;
          continue;

        case IN_COMMENT:
          if (c == '*' && i + 1 < length && data[i + 1] == '/')
            {
              state = IN_VALUE;
              i++;
            }
          continue;

        case IN_VALUE:
        default:
          break;
        }

      switch (c)
        {
        case '"':
          state = IN_STRING;
          break;

        case '\'':
          state = IN_SINGLE_QUOTED;
          break;

        case '/':
          if (i + 1 < length && data[i + 1] == '*')
            {
              state = IN_COMMENT;
              i++;
            }
          break;

        case '[':
        case '{':
          if (++depth > max_depth)
            {
              if (line != NULL)
                *line = at_line;
              if (column != NULL)
                *column = (guint) g_utf8_strlen (data + line_start, i - line_start) + 1;
              return FALSE;
            }
          break;

        case ']':
        case '}':
          if (depth > 0)
            depth--;
          break;

        default:
          break;
        }
    }

  return TRUE;
}
