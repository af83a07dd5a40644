/* SPDX-License-Identifier: GPL-3.0-or-later */
/* standalone-main.c: a harness as a regression test, without libFuzzer
 *
 * Feeds the harness every file in the directories given, in name order,
 * each in a buffer of exactly its size so that a read past the end is
 * caught by a sanitizer build. Prints TAP.
 */
#include "config.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "fuzz-common.h"

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static void
add_directory (GPtrArray  *paths,
               const char *directory)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = g_dir_open (directory, 0, &error);
  const char *name;

  /* A harness without reproducers yet has no directory for them */
  if (dir == NULL && g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
    return;
  if (dir == NULL)
    g_error ("%s", error->message);

  while ((name = g_dir_read_name (dir)) != NULL)
    if (name[0] != '.')
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);

  for (guint i = 0; i < names->len; i++)
    g_ptr_array_add (paths, g_build_filename (directory, g_ptr_array_index (names, i), NULL));
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);

  if (argc < 2)
    {
      g_printerr ("usage: %s CORPUS-DIR [REPRODUCER-DIR…]\n", argv[0]);
      return 2;
    }

  for (int i = 1; i < argc; i++)
    add_directory (paths, argv[i]);
  if (paths->len == 0)
    g_error ("%s holds no input", argv[1]);

  LLVMFuzzerInitialize (&argc, &argv);

  g_print ("1..%u\n", paths->len);
  for (guint i = 0; i < paths->len; i++)
    {
      const char *path = g_ptr_array_index (paths, i);
      g_autoptr(GError) error = NULL;
      g_autofree char *contents = NULL;
      g_autofree guint8 *exact = NULL;
      gsize length;

      if (!g_file_get_contents (path, &contents, &length, &error))
        g_error ("%s", error->message);

      /* Never NULL, even for an empty file, as libFuzzer gives it */
      exact = g_malloc (MAX (length, 1));
      memcpy (exact, contents, length);
      LLVMFuzzerTestOneInput (exact, length);
      g_print ("ok %u %s\n", i + 1, path);
    }

  return 0;
}
