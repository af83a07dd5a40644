/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-deadline.c: one check's time limit, folded into a GCancellable */
#include "config.h"

#include "portolan-probe-private.h"

static gboolean
time_is_up_cb (gpointer data)
{
  PortolanDeadline *self = data;

  self->timeout_id = 0;
  self->timed_out = TRUE;
  g_cancellable_cancel (self->cancellable);

  return G_SOURCE_REMOVE;
}

static void
parent_cancelled_cb (GCancellable *parent,
                     GCancellable *cancellable)
{
  g_cancellable_cancel (cancellable);
}

PortolanDeadline *
_portolan_deadline_new (GCancellable *parent,
                        guint         timeout_ms)
{
  PortolanDeadline *self = g_new0 (PortolanDeadline, 1);

  self->cancellable = g_cancellable_new ();
  self->started_us = g_get_monotonic_time ();
  self->timeout_ms = timeout_ms;
  self->timeout_id = g_timeout_add (timeout_ms, time_is_up_cb, self);

  if (parent != NULL)
    {
      self->parent = g_object_ref (parent);
      /* Called at once when the parent is already cancelled */
      self->parent_handler = g_cancellable_connect (parent, G_CALLBACK (parent_cancelled_cb),
                                                    g_object_ref (self->cancellable),
                                                    g_object_unref);
    }

  return self;
}

void
_portolan_deadline_free (PortolanDeadline *self)
{
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  if (self->parent != NULL)
    g_cancellable_disconnect (self->parent, self->parent_handler);
  g_clear_object (&self->parent);
  g_clear_object (&self->cancellable);
  g_free (self);
}

guint
_portolan_deadline_remaining_ms (PortolanDeadline *self)
{
  double elapsed = _portolan_deadline_elapsed_ms (self);

  return elapsed >= self->timeout_ms ? 0 : self->timeout_ms - (guint) elapsed;
}

double
_portolan_deadline_elapsed_ms (PortolanDeadline *self)
{
  return (g_get_monotonic_time () - self->started_us) / 1000.0;
}
