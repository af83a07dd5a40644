/* portolan-json-limits.c: the nesting of a JSON text, measured before parsing
 *
 * json-glib parses arrays and objects by recursion, so a text of a
 * million '[' overflows the stack. Scanning the brackets first, outside
 * strings, costs one pass and no allocation.
 */
#include "config.h"

#include "portolan-json-limits.h"

/**
 * portolan_json_check_depth:
 * @line: (out) (optional): where the limit was passed, from 1
 * @column: (out) (optional): the same, in bytes from 1
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
  gboolean in_string = FALSE;
  gboolean escaped = FALSE;
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

      if (in_string)
        {
          if (escaped)
            escaped = FALSE;
          else if (c == '\\')
            escaped = TRUE;
          else if (c == '"')
            in_string = FALSE;
          continue;
        }

      switch (c)
        {
        case '"':
          in_string = TRUE;
          break;

        case '[':
        case '{':
          if (++depth > max_depth)
            {
              if (line != NULL)
                *line = at_line;
              if (column != NULL)
                *column = (guint) (i - line_start + 1);
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
