/* portolan-read-bounded.c: an answer read to its end, or to a limit
 *
 * A server chooses how much it sends; a probe chooses how much it reads.
 * Chunks go into one buffer that never grows past the limit, and the
 * first byte over it ends the read.
 */
#include "config.h"

#include "portolan-probe-private.h"

#define CHUNK_SIZE 16384

typedef struct
{
  GInputStream *stream;
  GByteArray   *buffer;
  gsize         limit;
} BoundedRead;

static void
bounded_read_free (BoundedRead *read)
{
  g_clear_object (&read->stream);
  g_clear_pointer (&read->buffer, g_byte_array_unref);
  g_free (read);
}

static void read_next_chunk (GTask *task);

static void
chunk_read_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  BoundedRead *read = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  gssize size = g_input_stream_read_finish (G_INPUT_STREAM (object), result, &error);

  if (size < 0)
    {
      g_byte_array_set_size (read->buffer, read->buffer->len - CHUNK_SIZE);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_byte_array_set_size (read->buffer, read->buffer->len - CHUNK_SIZE + size);
  if (read->buffer->len > read->limit)
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE,
                             "more than %" G_GSIZE_FORMAT " bytes", read->limit);
  else if (size == 0)
    g_task_return_pointer (task, g_byte_array_free_to_bytes (g_steal_pointer (&read->buffer)),
                           (GDestroyNotify) g_bytes_unref);
  else
    read_next_chunk (g_steal_pointer (&task));
}

static void
read_next_chunk (GTask *task)
{
  BoundedRead *read = g_task_get_task_data (task);
  /* One byte past the limit is enough to know it was passed */
  gsize wanted = MIN (CHUNK_SIZE, read->limit + 1 - read->buffer->len);
  guint8 *chunk;

  g_byte_array_set_size (read->buffer, read->buffer->len + CHUNK_SIZE);
  chunk = read->buffer->data + read->buffer->len - CHUNK_SIZE;
  g_input_stream_read_async (read->stream, chunk, wanted, g_task_get_priority (task),
                             g_task_get_cancellable (task), chunk_read_cb, task);
}

void
_portolan_read_bounded_async (GInputStream        *stream,
                              gsize                limit,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  GTask *task = g_task_new (stream, cancellable, callback, user_data);
  BoundedRead *read = g_new0 (BoundedRead, 1);

  g_task_set_source_tag (task, _portolan_read_bounded_async);
  g_task_set_priority (task, PORTOLAN_PROBE_PRIORITY);
  read->stream = g_object_ref (stream);
  read->buffer = g_byte_array_new ();
  read->limit = limit;
  g_task_set_task_data (task, read, (GDestroyNotify) bounded_read_free);

  read_next_chunk (task);
}

GBytes *
_portolan_read_bounded_finish (GAsyncResult  *result,
                               GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}
