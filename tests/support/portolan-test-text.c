/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-test-text.c */
#include "config.h"

#include <string.h>

#include "portolan-test-text.h"

/**
 * portolan_test_replace_once:
 * @replace: (nullable): what to replace, which must occur in @text; or
 *   %NULL to return @with as the whole document
 *
 * A valid document with one thing changed: the way the loaders' tests
 * make each kind of broken file, so the error they expect is the only
 * thing wrong with it.
 */
char *
portolan_test_replace_once (const char *text,
                            const char *replace,
                            const char *with)
{
  g_autoptr(GString) result = g_string_new (text);

  if (replace == NULL)
    return g_strdup (with);

  g_assert_cmpuint (g_string_replace (result, replace, with, 1), ==, 1);
  return g_string_free (g_steal_pointer (&result), FALSE);
}

/**
 * portolan_test_assert_error_at:
 * @expected: (nullable): what the message says after "ORIGIN:", as far
 *   as given ("16:18: Parse error"); %NULL to check the origin only
 *
 * A loader's error names the document first, then the place and what
 * is wrong.
 */
void
portolan_test_assert_error_at (const GError *error,
                               const char   *origin,
                               const char   *expected)
{
  g_autofree char *prefix = g_strdup_printf ("%s:", origin);

  g_test_message ("%s", error->message);
  g_assert_true (g_str_has_prefix (error->message, prefix));
  if (expected != NULL && !g_str_has_prefix (error->message + strlen (prefix), expected))
    g_error ("expected “%s%s…”, got “%s”", prefix, expected, error->message);
}
