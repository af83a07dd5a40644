/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-runner.c
 *
 * Starts a plan's probes up to the concurrency limit and the next one as
 * each finishes, so a plan takes about as long as its slowest check, not
 * the sum of all. Stop cancels every probe in flight at once and marks
 * the checks not started as cancelled; "finished" comes when the last
 * probe has returned, that is when its sockets are closed.
 *
 * The runner counts its checks by state as their results arrive, so that
 * a status line follows "n-finished" and the "n-<state>" properties
 * instead of walking every check of a large plan on each result.
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
  PortolanState        *queue_states;  /* each one's state as last counted */
  guint                 counts[PORTOLAN_N_STATES];  /* of every check given */
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

/* One probe in flight: which check of the queue it is for */
typedef struct
{
  PortolanRunner *runner;
  guint           index;
} ProbeCall;

G_DEFINE_FINAL_TYPE (PortolanRunner, portolan_runner, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_RUNNING,
  PROP_N_FINISHED,
  PROP_FIRST_COUNT,  /* "n-pending" … "n-cancelled", in enum order */
  N_PROPS = PROP_FIRST_COUNT + PORTOLAN_N_STATES
};

static GParamSpec *properties[N_PROPS];

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
  g_clear_pointer (&self->queue_states, g_free);
  g_clear_pointer (&self->started, g_date_time_unref);

  G_OBJECT_CLASS (portolan_runner_parent_class)->finalize (object);
}

static void
portolan_runner_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  PortolanRunner *self = PORTOLAN_RUNNER (object);

  switch (prop_id)
    {
    case PROP_RUNNING:
      g_value_set_boolean (value, self->running);
      break;

    case PROP_N_FINISHED:
      g_value_set_uint (value, self->n_finished);
      break;

    default:
      if (prop_id >= PROP_FIRST_COUNT && prop_id < N_PROPS)
        g_value_set_uint (value, self->counts[prop_id - PROP_FIRST_COUNT]);
      else
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
portolan_runner_class_init (PortolanRunnerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = portolan_runner_dispose;
  object_class->finalize = portolan_runner_finalize;
  object_class->get_property = portolan_runner_get_property;

  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /* Notified once per result, after the counts: a status line follows
   * this one alone */
  properties[PROP_N_FINISHED] =
    g_param_spec_uint ("n-finished", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /* "n-closed" and so on, named from the states so that a new state gets
   * its count without a change here; GLib interns the names */
  for (PortolanState s = 0; s < PORTOLAN_N_STATES; s++)
    {
      g_autofree char *name = g_strdup_printf ("n-%s", portolan_state_to_string (s));

      properties[PROP_FIRST_COUNT + s] =
        g_param_spec_uint (name, NULL, NULL,
                           0, G_MAXUINT, 0,
                           (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY |
                            G_PARAM_STATIC_NICK | G_PARAM_STATIC_BLURB));
    }

  g_object_class_install_properties (object_class, N_PROPS, properties);

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

      self->counts[portolan_check_get_state (check)]++;
      if (portolan_check_get_probe (check) != PORTOLAN_PROBE_NONE)
        g_ptr_array_add (self->queue, g_object_ref (check));
    }

  self->queue_states = g_new (PortolanState, MAX (self->queue->len, 1));
  for (guint i = 0; i < self->queue->len; i++)
    self->queue_states[i] = portolan_check_get_state (g_ptr_array_index (self->queue, i));

  return self;
}

guint
portolan_runner_get_concurrency (PortolanRunner *self)
{
  g_return_val_if_fail (PORTOLAN_IS_RUNNER (self), 0);

  return self->concurrency;
}

static void
set_running (PortolanRunner *self,
             gboolean        running)
{
  self->running = running;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

static void
end_run (PortolanRunner *self)
{
  self->ended_us = g_get_monotonic_time ();
  set_running (self, FALSE);
  g_signal_emit (self, signals[FINISHED], 0);
}

/* The check at @index of the queue has its result: moves it from the
 * count of the state it had to the one it has now, and tells */
static void
count_result (PortolanRunner *self,
              guint           index)
{
  PortolanCheck *check = g_ptr_array_index (self->queue, index);
  PortolanState before = self->queue_states[index];
  PortolanState now = portolan_check_get_state (check);

  g_object_freeze_notify (G_OBJECT (self));
  if (now != before)
    {
      self->counts[before]--;
      self->counts[now]++;
      self->queue_states[index] = now;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FIRST_COUNT + before]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FIRST_COUNT + now]);
    }
  self->n_finished++;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_FINISHED]);
  g_object_thaw_notify (G_OBJECT (self));

  g_signal_emit (self, signals[CHECK_FINISHED], 0, check);
}

/* Formatted only when somebody listens: a /20 range is thousands of lines */
static void
debug_check (const char    *event,
             PortolanCheck *check)
{
  g_autofree char *port = NULL;

  if (g_log_writer_default_would_drop (G_LOG_LEVEL_DEBUG, G_LOG_DOMAIN))
    return;

  port = portolan_check_format_port (check);
  if (portolan_check_get_state (check) == PORTOLAN_STATE_PENDING)
    g_debug ("%s %s → %s %s on %s", event,
             portolan_check_get_from (check), portolan_check_get_to (check),
             port, portolan_check_get_host (check));
  else
    g_debug ("%s %s → %s %s on %s: %s, %s", event,
             portolan_check_get_from (check), portolan_check_get_to (check),
             port, portolan_check_get_host (check),
             portolan_state_to_string (portolan_check_get_state (check)),
             portolan_check_get_detail (check) ? portolan_check_get_detail (check) : "");
}

static void
probe_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autofree ProbeCall *call = user_data;
  g_autoptr(PortolanRunner) self = call->runner;

  portolan_probe_finish (result);
  debug_check ("Finished", g_ptr_array_index (self->queue, call->index));

  self->in_flight--;
  count_result (self, call->index);

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
      ProbeCall *call = g_new (ProbeCall, 1);

      call->runner = g_object_ref (self);
      call->index = self->next++;
      self->in_flight++;
      launched++;
      debug_check ("Starting", g_ptr_array_index (self->queue, call->index));
      portolan_probe_async (g_ptr_array_index (self->queue, call->index), self->context,
                            self->cancellable, probe_done_cb, call);
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

  self->started = g_date_time_new_now_local ();
  self->started_us = g_get_monotonic_time ();
  set_running (self, TRUE);

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
      guint index = self->next++;

      portolan_check_set_result (g_ptr_array_index (self->queue, index), PORTOLAN_STATE_CANCELLED,
                                 NULL, -1, _("stopped before it started"), NULL);
      count_result (self, index);
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
 * portolan_runner_get_count:
 *
 * How many of the checks given to the runner, probed or decided by the
 * plan, are in @state: as they were at portolan_runner_new(), and then
 * as their results arrived. Changes come with a notification of
 * "n-<state>" ("n-closed"), and of "n-finished" for every result.
 */
guint
portolan_runner_get_count (PortolanRunner *self,
                           PortolanState   state)
{
  g_return_val_if_fail (PORTOLAN_IS_RUNNER (self), 0);
  g_return_val_if_fail (state < PORTOLAN_N_STATES, 0);

  return self->counts[state];
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
