/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-runner.c
 *
 * Starts a plan's probes up to the concurrency limit and the next one as
 * each finishes, so a plan takes about as long as its slowest check, not
 * the sum of all. Stop cancels every probe in flight at once and marks
 * the checks not started as cancelled; "finished" comes when the last
 * probe has returned, that is when its sockets are closed.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "portolan-runner.h"

struct _PortolanRunner
{
  GObject               parent_instance;

  PortolanProbeContext *context;
  GCancellable         *cancellable;
  GPtrArray            *queue;         /* the checks to probe, in plan order */
  guint                 next;          /* the first check not started */
  guint                 in_flight;
  guint                 launch_id;     /* the idle that starts the next batch */
  guint                 n_finished;
  guint                 concurrency;
  gboolean              running;
  GDateTime            *started;
  gint64                started_us;
  gint64                ended_us;
};

G_DEFINE_FINAL_TYPE (PortolanRunner, portolan_runner, G_TYPE_OBJECT)

enum {
  CHECK_FINISHED,
  FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Probes started in one go of the main loop: a thousand at once would
 * keep a window from painting for tens of milliseconds */
#define LAUNCH_BATCH 64

static void start_more (PortolanRunner *self);

static void
portolan_runner_dispose (GObject *object)
{
  PortolanRunner *self = (PortolanRunner *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->launch_id, g_source_remove);

  G_OBJECT_CLASS (portolan_runner_parent_class)->dispose (object);
}

static void
portolan_runner_finalize (GObject *object)
{
  PortolanRunner *self = (PortolanRunner *)object;

  g_clear_pointer (&self->context, portolan_probe_context_unref);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->queue, g_ptr_array_unref);
  g_clear_pointer (&self->started, g_date_time_unref);

  G_OBJECT_CLASS (portolan_runner_parent_class)->finalize (object);
}

static void
portolan_runner_class_init (PortolanRunnerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = portolan_runner_dispose;
  object_class->finalize = portolan_runner_finalize;

  /**
   * PortolanRunner::check-finished:
   *
   * A check has its result, probed or cancelled.
   */
  signals[CHECK_FINISHED] =
    g_signal_new ("check-finished",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, PORTOLAN_TYPE_CHECK);

  /**
   * PortolanRunner::finished:
   *
   * Every check has its result and no probe holds a socket.
   */
  signals[FINISHED] =
    g_signal_new ("finished",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
portolan_runner_init (PortolanRunner *self)
{
  self->cancellable = g_cancellable_new ();
  self->queue = g_ptr_array_new_with_free_func (g_object_unref);
}

/**
 * portolan_runner_new:
 * @checks: (element-type PortolanCheck): the checks, usually a plan's;
 *   those the plan already decided (no probe) are left as they are
 * @concurrency: how many probes may be in flight at once; lowered to
 *   what the limit on open files allows
 */
PortolanRunner *
portolan_runner_new (GPtrArray            *checks,
                     PortolanProbeContext *context,
                     guint                 concurrency)
{
  PortolanRunner *self = g_object_new (PORTOLAN_TYPE_RUNNER, NULL);

  self->context = portolan_probe_context_ref (context);
  self->concurrency = portolan_raise_fd_limit (MAX (concurrency, 1));

  for (guint i = 0; i < checks->len; i++)
    {
      PortolanCheck *check = g_ptr_array_index (checks, i);

      if (portolan_check_get_probe (check) != PORTOLAN_PROBE_NONE)
        g_ptr_array_add (self->queue, g_object_ref (check));
    }

  return self;
}

guint
portolan_runner_get_concurrency (PortolanRunner *self)
{
  g_return_val_if_fail (PORTOLAN_IS_RUNNER (self), 0);

  return self->concurrency;
}

static void
end_run (PortolanRunner *self)
{
  self->running = FALSE;
  self->ended_us = g_get_monotonic_time ();
  g_signal_emit (self, signals[FINISHED], 0);
}

static void
probe_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(PortolanRunner) self = user_data;
  PortolanCheck *check = PORTOLAN_CHECK (object);

  portolan_probe_finish (result);

  self->in_flight--;
  self->n_finished++;
  g_signal_emit (self, signals[CHECK_FINISHED], 0, check);

  start_more (self);
  if (self->in_flight == 0 && self->next == self->queue->len && self->running)
    end_run (self);
}

static gboolean
launch_batch_cb (gpointer data)
{
  PortolanRunner *self = data;
  guint launched = 0;

  while (launched < LAUNCH_BATCH &&
         self->in_flight < self->concurrency &&
         self->next < self->queue->len &&
         !g_cancellable_is_cancelled (self->cancellable))
    {
      PortolanCheck *check = g_ptr_array_index (self->queue, self->next++);

      self->in_flight++;
      launched++;
      portolan_probe_async (check, self->context, self->cancellable,
                            probe_done_cb, g_object_ref (self));
    }

  if (launched == LAUNCH_BATCH)
    return G_SOURCE_CONTINUE;

  self->launch_id = 0;
  return G_SOURCE_REMOVE;
}

static void
start_more (PortolanRunner *self)
{
  if (self->launch_id == 0 && self->next < self->queue->len && !g_cancellable_is_cancelled (self->cancellable))
    self->launch_id = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, launch_batch_cb, self, NULL);
}

/**
 * portolan_runner_start:
 *
 * Starts the probes and returns at once; results come through
 * #PortolanRunner::check-finished, the end through
 * #PortolanRunner::finished. A runner runs once.
 */
void
portolan_runner_start (PortolanRunner *self)
{
  g_return_if_fail (PORTOLAN_IS_RUNNER (self));
  g_return_if_fail (self->started == NULL);

  self->running = TRUE;
  self->started = g_date_time_new_now_local ();
  self->started_us = g_get_monotonic_time ();

  start_more (self);
  if (self->queue->len == 0)
    end_run (self);
}

/**
 * portolan_runner_stop:
 *
 * Cancels the probes in flight, which end cancelled as soon as the main
 * loop runs, and marks every check not yet started as cancelled now.
 */
void
portolan_runner_stop (PortolanRunner *self)
{
  g_return_if_fail (PORTOLAN_IS_RUNNER (self));

  if (!self->running || g_cancellable_is_cancelled (self->cancellable))
    return;

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->launch_id, g_source_remove);

  while (self->next < self->queue->len)
    {
      PortolanCheck *check = g_ptr_array_index (self->queue, self->next++);

      portolan_check_set_result (check, PORTOLAN_STATE_CANCELLED, NULL, -1,
                                 _("stopped before it started"), NULL);
      self->n_finished++;
      g_signal_emit (self, signals[CHECK_FINISHED], 0, check);
    }

  if (self->in_flight == 0 && self->running)
    end_run (self);
}

gboolean
portolan_runner_is_running (PortolanRunner *self)
{
  g_return_val_if_fail (PORTOLAN_IS_RUNNER (self), FALSE);

  return self->running;
}

guint
portolan_runner_get_n_finished (PortolanRunner *self)
{
  g_return_val_if_fail (PORTOLAN_IS_RUNNER (self), 0);

  return self->n_finished;
}

/**
 * portolan_runner_get_n_probes:
 *
 * How many of the plan's checks the runner probes; the others were
 * decided by the plan.
 */
guint
portolan_runner_get_n_probes (PortolanRunner *self)
{
  g_return_val_if_fail (PORTOLAN_IS_RUNNER (self), 0);

  return self->queue->len;
}

GDateTime *
portolan_runner_get_started (PortolanRunner *self)
{
  g_return_val_if_fail (PORTOLAN_IS_RUNNER (self), NULL);

  return self->started;
}

/**
 * portolan_runner_get_duration_ms:
 *
 * The wall time of the run so far, or of the whole run once finished.
 */
double
portolan_runner_get_duration_ms (PortolanRunner *self)
{
  g_return_val_if_fail (PORTOLAN_IS_RUNNER (self), 0);

  if (self->started == NULL)
    return 0;

  return ((self->running ? g_get_monotonic_time () : self->ended_us) - self->started_us) / 1000.0;
}
