/* portolan-test-text.c */
#include "config.h"

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
