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

#include "portolan-atomic-file.h"

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
