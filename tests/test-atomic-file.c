/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-atomic-file.c: saving in a worker thread, and what a failed save leaves */
#include "config.h"

#include <signal.h>
#include <string.h>
#include <sys/resource.h>

#include <glib/gstdio.h>

#include "portolan-atomic-file-private.h"
#include "portolan-test-certs.h"

#define FAILURE "cannot save the thing"
#define OLD     "the previous contents\n"

typedef struct
{
  char  *dir;
  char  *path;
  GFile *file;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->dir = g_dir_make_tmp ("portolan-atomic-XXXXXX", NULL);
  g_assert_nonnull (f->dir);
  f->path = g_build_filename (f->dir, "saved.json", NULL);
  f->file = g_file_new_for_path (f->path);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GDir) dir = g_dir_open (f->dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (f->dir, name, NULL);

      g_unlink (child);
    }
  g_rmdir (f->dir);

  g_clear_object (&f->file);
  g_free (f->path);
  g_free (f->dir);
}

static void
assert_listing (Fixture    *f,
                const char *expected)
{
  g_autofree char *names = portolan_test_list_directory (f->dir);

  g_assert_cmpstr (names, ==, expected);
}

static void
assert_contents (const char *path,
                 const char *expected,
                 gsize       expected_length)
{
  g_autofree char *contents = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_cmpmem (contents, length, expected, expected_length);
}

/* Big enough to take several write() calls */
static GBytes *
new_big_contents (void)
{
  gsize length = 3 * 1024 * 1024 + 17;
  guint8 *data = g_malloc (length);

  for (gsize i = 0; i < length; i++)
    data[i] = "0123456789abcdef\n"[i % 17];

  return g_bytes_new_take (data, length);
}

/* What the contents function is asked to do */
typedef struct
{
  GBytes       *contents;      /* NULL: fail */
  GCancellable *cancel_first;  /* cancelled while the contents are made */
  gpointer      source_seen;
  gint          freed;         /* atomic: the task may end in its thread */
} Maker;

static GBytes *
make_contents (gpointer       source_object,
               gpointer       contents_data,
               GCancellable  *cancellable,
               GError       **error)
{
  Maker *maker = contents_data;

  maker->source_seen = source_object;
  if (maker->cancel_first != NULL)
    g_cancellable_cancel (maker->cancel_first);
  if (maker->contents == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "nothing to write");
      return NULL;
    }

  return g_bytes_ref (maker->contents);
}

static void
maker_free (gpointer data)
{
  Maker *maker = data;

  g_atomic_int_inc (&maker->freed);
}

typedef struct
{
  gboolean      done;
  gboolean      saved;
  GError       *error;
  gpointer      source_object;
  gpointer      source_tag;
  GCancellable *cancel_before_finish;
} Result;

static void
saved_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  Result *r = user_data;

  r->source_object = object;
  r->source_tag = g_task_get_source_tag (G_TASK (result));
  if (r->cancel_before_finish != NULL)
    g_cancellable_cancel (r->cancel_before_finish);
  r->saved = _portolan_atomic_file_save_finish (result, &r->error);
  r->done = TRUE;
}

static void
save_and_wait (GFile        *file,
               Maker        *maker,
               gpointer      source_object,
               GCancellable *cancellable,
               Result       *result)
{
  gint64 deadline;

  _portolan_atomic_file_save_async (file, FAILURE, make_contents, maker, maker_free,
                                    source_object, save_and_wait, cancellable, saved_cb, result);

  while (!result->done)
    g_main_context_iteration (NULL, TRUE);

  /* The task lets go of the contents function's data once, when its
   * thread has let go of the task too */
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (g_atomic_int_get (&maker->freed) == 0 && g_get_monotonic_time () < deadline)
    g_usleep (1000);
  g_assert_cmpint (g_atomic_int_get (&maker->freed), ==, 1);
}

static void
assert_names_file (const GError *error,
                   const char   *path)
{
  g_autofree char *prefix = g_strdup_printf ("%s: " FAILURE ": ", path);

  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  g_assert_true (g_str_has_prefix (error->message, prefix));
}

static void
test_writes_everything (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GBytes) contents = new_big_contents ();
  g_autoptr(GObject) source = g_object_new (G_TYPE_OBJECT, NULL);
  g_autofree char *backup = g_strconcat (f->path, PORTOLAN_BACKUP_SUFFIX, NULL);
  Maker maker = { contents, NULL, NULL, 0 };
  Result result = { 0 };

  g_assert_true (g_file_set_contents (f->path, OLD, -1, NULL));
  save_and_wait (f->file, &maker, source, NULL, &result);

  g_assert_no_error (result.error);
  g_assert_true (result.saved);
  g_assert_true (maker.source_seen == source);
  g_assert_true (result.source_object == source);
  g_assert_true (result.source_tag == save_and_wait);

  assert_contents (f->path, g_bytes_get_data (contents, NULL), g_bytes_get_size (contents));
  assert_contents (backup, OLD, strlen (OLD));
  assert_listing (f, "saved.json,saved.json.bak");
}

/* A write that fails halfway, as on a full disk (here: past a file size
 * limit) leaves the previous file whole and nothing else; a file that
 * was not there is not made */
static void
test_write_fails_halfway (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GBytes) contents = new_big_contents ();
  g_autofree char *fresh = g_build_filename (f->dir, "fresh.json", NULL);
  const char *paths[] = { f->path, fresh };
  struct rlimit saved, limit;

  g_assert_true (g_file_set_contents (f->path, OLD, -1, NULL));
  g_assert_cmpint (getrlimit (RLIMIT_FSIZE, &saved), ==, 0);
  signal (SIGXFSZ, SIG_IGN);

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autoptr(GFile) file = g_file_new_for_path (paths[i]);
      Maker maker = { contents, NULL, NULL, 0 };
      Result result = { 0 };

      limit = saved;
      limit.rlim_cur = 4096;
      g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &limit), ==, 0);
      save_and_wait (file, &maker, NULL, NULL, &result);
      g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &saved), ==, 0);

      g_assert_false (result.saved);
      g_assert_true (result.error->domain == G_IO_ERROR);
      assert_names_file (result.error, paths[i]);
      g_assert_nonnull (strstr (result.error->message, FAILURE ": cannot write "));
      g_clear_error (&result.error);
    }

  signal (SIGXFSZ, SIG_DFL);
  assert_contents (f->path, OLD, strlen (OLD));
  assert_listing (f, "saved.json");
}

/* When the contents cannot be made, nothing is written */
static void
test_contents_fail (Fixture       *f,
                    gconstpointer  data)
{
  Maker maker = { NULL, NULL, NULL, 0 };
  Result result = { 0 };

  g_assert_true (g_file_set_contents (f->path, OLD, -1, NULL));
  save_and_wait (f->file, &maker, NULL, NULL, &result);

  g_assert_false (result.saved);
  g_assert_error (result.error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  assert_names_file (result.error, f->path);
  g_assert_true (g_str_has_suffix (result.error->message, ": nothing to write"));
  g_clear_error (&result.error);

  assert_contents (f->path, OLD, strlen (OLD));
  assert_listing (f, "saved.json");
}

/* Cancelled before it starts, or while the contents are made and
 * written: the previous file stays, and no temporary file */
static void
test_cancel_keeps_old_file (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GBytes) contents = new_big_contents ();

  g_assert_true (g_file_set_contents (f->path, OLD, -1, NULL));

  for (guint during = 0; during < 2; during++)
    {
      g_autoptr(GCancellable) cancellable = g_cancellable_new ();
      Maker maker = { contents, during ? cancellable : NULL, NULL, 0 };
      Result result = { 0 };

      if (!during)
        g_cancellable_cancel (cancellable);
      save_and_wait (f->file, &maker, NULL, cancellable, &result);

      g_assert_false (result.saved);
      g_assert_error (result.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
      assert_names_file (result.error, f->path);
      g_clear_error (&result.error);

      assert_contents (f->path, OLD, strlen (OLD));
      assert_listing (f, "saved.json");
    }
}

/* A cancel that comes after the file was replaced does not say that it
 * was not saved */
static void
test_cancel_after_save (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GBytes) contents = g_bytes_new_static ("new\n", 4);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  Maker maker = { contents, NULL, NULL, 0 };
  Result result = { 0 };

  result.cancel_before_finish = cancellable;
  save_and_wait (f->file, &maker, NULL, cancellable, &result);

  g_assert_no_error (result.error);
  g_assert_true (result.saved);
  assert_contents (f->path, "new\n", 4);
  assert_listing (f, "saved.json");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/atomic-file/save-async/writes-everything", Fixture, NULL,
              fixture_set_up, test_writes_everything, fixture_tear_down);
  g_test_add ("/atomic-file/save-async/write-fails-halfway", Fixture, NULL,
              fixture_set_up, test_write_fails_halfway, fixture_tear_down);
  g_test_add ("/atomic-file/save-async/contents-fail", Fixture, NULL,
              fixture_set_up, test_contents_fail, fixture_tear_down);
  g_test_add ("/atomic-file/save-async/cancel-keeps-old-file", Fixture, NULL,
              fixture_set_up, test_cancel_keeps_old_file, fixture_tear_down);
  g_test_add ("/atomic-file/save-async/cancel-after-save", Fixture, NULL,
              fixture_set_up, test_cancel_after_save, fixture_tear_down);

  return g_test_run ();
}
