/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-atomic-file.c
 *
 * g_file_replace_contents() is not enough for files an admin cannot
 * afford to lose: when the file does not exist yet, or is a hard link,
 * or its owner cannot be kept, GIO writes straight into it, so a full
 * disk or a crash leaves a half-written file behind. Here the contents
 * always go to a temporary file beside the target, which is flushed to
 * disk and then renamed over it; the previous version stays as
 * FILE.bak.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "portolan-atomic-file-private.h"

/* Reads errno first thing: translating the message may change it */
static gboolean fail_errno (GError     **error,
                            const char  *format,
                            ...) G_GNUC_PRINTF (2, 3);

static gboolean
fail_errno (GError     **error,
            const char  *format,
            ...)
{
  int errsv = errno;
  g_autofree char *what = NULL;
  va_list args;

  va_start (args, format);
  what = g_strdup_vprintf (_(format), args);
  va_end (args);

  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
               "%s: %s", what, g_strerror (errsv));
  return FALSE;
}

static gboolean
write_all (int           fd,
           const guint8 *data,
           gsize         length)
{
  while (length > 0)
    {
      gssize written = write (fd, data, length);

      if (written < 0 && errno == EINTR)
        continue;
      if (written < 0)
        return FALSE;

      data += written;
      length -= written;
    }

  return TRUE;
}

/* A hard link keeps the target in place until the rename; where the file
 * system has no hard links, a copy does the same. */
static gboolean
keep_backup (const char  *path,
             GError     **error)
{
  g_autofree char *backup = g_strconcat (path, PORTOLAN_BACKUP_SUFFIX, NULL);
  g_autoptr(GFile) source = NULL;
  g_autoptr(GFile) destination = NULL;

  if (g_unlink (backup) != 0 && errno != ENOENT)
    return fail_errno (error, N_("cannot remove the old backup %s"), backup);
  if (link (path, backup) == 0)
    return TRUE;

  source = g_file_new_for_path (path);
  destination = g_file_new_for_path (backup);
  return g_file_copy (source, destination, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, error);
}

/* Makes the rename itself survive a crash */
static void
sync_directory (const char *directory)
{
  int fd = g_open (directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);

  if (fd >= 0)
    {
      fsync (fd);
      g_close (fd, NULL);
    }
}

static gboolean
replace_local (const char    *path,
               GBytes        *contents,
               GCancellable  *cancellable,
               GError       **error)
{
  g_autofree char *directory = g_path_get_dirname (path);
  g_autofree char *name = g_path_get_basename (path);
  g_autofree char *hidden = g_strdup_printf (".%s.XXXXXX", name);
  g_autofree char *temp = g_build_filename (directory, hidden, NULL);
  gsize length;
  const guint8 *data = g_bytes_get_data (contents, &length);
  GStatBuf previous;
  gboolean exists = g_stat (path, &previous) == 0;
  int fd;

  fd = g_mkstemp_full (temp, O_WRONLY | O_CLOEXEC, 0666);
  if (fd < 0)
    return fail_errno (error, N_("cannot create a temporary file in %s"), directory);

  if (exists)
    fchmod (fd, previous.st_mode & 07777);

  if (!write_all (fd, data, length) || fsync (fd) != 0)
    {
      fail_errno (error, N_("cannot write %s"), temp);
      g_close (fd, NULL);
      goto failed;
    }
  if (!g_close (fd, NULL))
    {
      fail_errno (error, N_("cannot write %s"), temp);
      goto failed;
    }

  if (g_cancellable_set_error_if_cancelled (cancellable, error) ||
      (exists && !keep_backup (path, error)))
    goto failed;

  if (g_rename (temp, path) != 0)
    {
      fail_errno (error, N_("cannot rename %s to %s"), temp, path);
      goto failed;
    }

  sync_directory (directory);
  return TRUE;

failed:
  g_unlink (temp);
  return FALSE;
}

/**
 * portolan_atomic_file_replace:
 *
 * Replaces the contents of @file in one step: a reader sees either the
 * previous contents or the new ones, never part of them, even when the
 * write fails halfway. The previous contents stay beside it, as the same
 * name with %PORTOLAN_BACKUP_SUFFIX. A symbolic link keeps pointing to
 * the file it pointed to.
 */
gboolean
portolan_atomic_file_replace (GFile         *file,
                              GBytes        *contents,
                              GCancellable  *cancellable,
                              GError       **error)
{
  g_autofree char *path = NULL;
  g_autofree char *target = NULL;

  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (contents != NULL, FALSE);

  /* Not a local file: GIO's own way is the best there is */
  path = g_file_get_path (file);
  if (path == NULL)
    return g_file_replace_contents (file,
                                    g_bytes_get_data (contents, NULL),
                                    g_bytes_get_size (contents),
                                    NULL, TRUE, G_FILE_CREATE_NONE, NULL,
                                    cancellable, error);

  target = realpath (path, NULL);
  return replace_local (target != NULL ? target : path, contents, cancellable, error);
}

/**
 * portolan_atomic_file_save:
 * @contents: (nullable): what to write; %NULL when making it failed,
 *   with @error already set
 * @failure: what could not be done, for the message: "cannot save the
 *   profile"
 *
 * portolan_atomic_file_replace(), with an error that starts with the
 * file's name and what failed: "office.json: cannot save the profile: …".
 */
gboolean
portolan_atomic_file_save (GFile         *file,
                           GBytes        *contents,
                           const char    *failure,
                           GCancellable  *cancellable,
                           GError       **error)
{
  g_autofree char *name = NULL;

  if (contents != NULL && portolan_atomic_file_replace (file, contents, cancellable, error))
    return TRUE;

  name = g_file_get_parse_name (file);
  g_prefix_error (error, "%s: %s: ", name, failure);
  return FALSE;
}

typedef struct
{
  GFile                          *file;
  char                           *failure;
  PortolanAtomicFileContentsFunc  contents_func;
  gpointer                        contents_data;
  GDestroyNotify                  contents_data_free;
} SaveData;

static void
save_data_free (SaveData *data)
{
  if (data->contents_data_free != NULL)
    data->contents_data_free (data->contents_data);
  g_clear_object (&data->file);
  g_free (data->failure);
  g_free (data);
}

static void
save_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  SaveData *data = task_data;
  g_autoptr(GBytes) contents = NULL;
  GError *error = NULL;

  contents = data->contents_func (source_object, data->contents_data, cancellable, &error);
  if (portolan_atomic_file_save (data->file, contents, data->failure, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/**
 * _portolan_atomic_file_save_async:
 * @failure: as for portolan_atomic_file_save()
 * @contents_func: makes the contents, in the worker thread
 * @contents_data: (transfer full): for @contents_func, freed with
 *   @contents_data_free when the task is done
 * @source_object: (nullable): the object the task is for, passed to
 *   @contents_func and @callback
 * @source_tag: the public _async function, for g_task_get_source_tag()
 *
 * portolan_atomic_file_save() in a worker thread, for the _async
 * functions of what can be saved. What must be read in the calling
 * thread (a profile is not thread-safe) is read before, into
 * @contents_data; what can wait (drawing a report) is done by
 * @contents_func in the thread.
 */
void
_portolan_atomic_file_save_async (GFile                          *file,
                                  const char                     *failure,
                                  PortolanAtomicFileContentsFunc  contents_func,
                                  gpointer                        contents_data,
                                  GDestroyNotify                  contents_data_free,
                                  gpointer                        source_object,
                                  gpointer                        source_tag,
                                  GCancellable                   *cancellable,
                                  GAsyncReadyCallback             callback,
                                  gpointer                        user_data)
{
  g_autoptr(GTask) task = NULL;
  SaveData *data;

  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (failure != NULL);
  g_return_if_fail (contents_func != NULL);

  data = g_new0 (SaveData, 1);
  data->file = g_object_ref (file);
  data->failure = g_strdup (failure);
  data->contents_func = contents_func;
  data->contents_data = contents_data;
  data->contents_data_free = contents_data_free;

  task = g_task_new (source_object, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, data, (GDestroyNotify) save_data_free);
  /* The result says what happened to the file: a cancel that comes after
   * the rename must not report a save that took place as not done */
  g_task_set_check_cancellable (task, FALSE);
  g_task_run_in_thread (task, save_thread);
}

/**
 * _portolan_atomic_file_save_finish:
 *
 * Returns: %TRUE if the file was replaced; else %FALSE with an error
 *   that names the file, and the file as it was before
 */
gboolean
_portolan_atomic_file_save_finish (GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
