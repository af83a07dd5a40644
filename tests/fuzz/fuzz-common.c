/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-common.c: GLib messages are crashes, and positions stay in the text */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "fuzz-common.h"

static GLogWriterOutput
abort_on_warning_writer (GLogLevelFlags   log_level,
                         const GLogField *fields,
                         gsize            n_fields,
                         gpointer         user_data)
{
  if ((log_level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING)) == 0)
    return G_LOG_WRITER_HANDLED;

  /* The one thing a harness prints: why it is about to crash */
  g_log_writer_standard_streams (log_level, fields, n_fields, user_data);
  abort ();
}

void
fuzz_init (void)
{
  static gboolean done;

  if (done)
    return;
  done = TRUE;

  /* G_DEBUG=fatal-criticals, whether or not the environment says so */
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  g_log_set_writer_func (abort_on_warning_writer, NULL, NULL);
}

char *
fuzz_dup_string (const uint8_t *data,
                 size_t         size)
{
  char *copy = g_malloc (size + 1);

  if (size > 0)
    memcpy (copy, data, size);
  copy[size] = '\0';
  return copy;
}

void
fuzz_assert_position (const char *text,
                      gsize       length,
                      guint       line,
                      guint       column)
{
  gsize start = 0, end;

  g_assert_cmpuint (line, >=, 1);
  g_assert_cmpuint (column, >=, 1);

  for (guint l = 1; l < line; l++)
    {
      const char *newline = memchr (text + start, '\n', length - start);

      g_assert_nonnull (newline);
      start = newline - text + 1;
    }

  end = start;
  while (end < length && text[end] != '\n')
    end++;

  g_assert_cmpuint (column, <=, g_utf8_strlen (text + start, end - start) + 1);
}
