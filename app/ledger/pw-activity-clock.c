/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include "pw-activity-clock.h"
#include "store/pw-store-time.h"

/**
 * PwActivityClock:
 *
 * Measures the active time on the task in front of the worker. The UI
 * tells it which task is open, each key and pointer event, and whether the
 * window has the focus; it writes `task` time entries to the store.
 *
 * The clock runs while input comes. After #PwActivityClock:idle-threshold
 * seconds without any, the time since the last input is no longer counted:
 * the interval ends at the last input. When input comes back,
 * #PwActivityClock::idle-ended gives the idle span, and the worker's answer
 * to pw_activity_clock_resolve_idle() records it as an `idle` entry (work,
 * such as reading) or as nothing. Leaving the window counts as the last
 * input, so a short look elsewhere is work and a long one is asked about.
 *
 * The open interval is written every %PW_ACTIVITY_CLOCK_CHECKPOINT_SECONDS,
 * extending the same row, so a crash loses at most that much.
 */

typedef struct
{
  char   *account_id;
  char   *task_id;
  char   *project_id;
  gint64  start;
  gint64  end;
} IdleSpan;

struct _PwActivityClock
{
  GObject              parent_instance;

  PwStore             *store;
  PwActivityClockFunc  clock_func;
  gpointer             clock_data;

  char                *account_id;
  char                *task_id;
  char                *project_id;
  gboolean             running;
  /* The open interval's start, and the last input inside it. */
  gint64               interval_start;
  gint64               last_input;
  /* Active time of the current task's closed intervals and worked idle
   * spans. */
  gint64               closed_us;

  guint                idle_threshold;
  gboolean             focused;
  GQueue               pending;
  guint                checkpoint_id;
};

G_DEFINE_FINAL_TYPE (PwActivityClock, pw_activity_clock, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_IDLE_THRESHOLD,
  PROP_TASK_ID,
  PROP_ACTIVE_SECONDS,
  PROP_FOCUSED,
  PROP_IDLE_PENDING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  IDLE_ENDED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
idle_span_free (gpointer data)
{
  IdleSpan *span = data;

  g_free (span->account_id);
  g_free (span->task_id);
  g_free (span->project_id);
  g_free (span);
}

static gint64
real_clock (gpointer user_data)
{
  return g_get_real_time ();
}

static gint64
now (PwActivityClock *self)
{
  return self->clock_func (self->clock_data);
}

static gint64
threshold_us (PwActivityClock *self)
{
  return (gint64) self->idle_threshold * G_USEC_PER_SEC;
}

/* Where the open interval ends if it closed at @time: then, while input is
 * recent, or at the last input once the worker has gone idle. */
static gint64
active_end (PwActivityClock *self,
            gint64           time)
{
  if (time - self->last_input < threshold_us (self))
    return MAX (time, self->interval_start);
  return self->last_input;
}

static void
write_interval (PwActivityClock *self,
                gint64           end)
{
  g_autoptr (PwTimeEntry) entry = NULL;

  if (end <= self->interval_start)
    return;

  entry = pw_time_entry_new (PW_TIME_TASK, self->interval_start, end);
  entry->account_id = g_strdup (self->account_id);
  entry->task_id = g_strdup (self->task_id);
  entry->project_id = g_strdup (self->project_id);
  pw_store_record_task_time (self->store, entry);
}

/* Closes the open interval at @end and opens the next at @next. */
static void
close_interval (PwActivityClock *self,
                gint64           end,
                gint64           next)
{
  write_interval (self, end);
  self->closed_us += MAX (0, end - self->interval_start);
  self->interval_start = next;
  self->last_input = next;
}

static gboolean
on_checkpoint (gpointer user_data)
{
  pw_activity_clock_checkpoint (user_data);
  return G_SOURCE_CONTINUE;
}

/**
 * pw_activity_clock_new:
 * @store: the store to write the time to
 *
 * Returns: (transfer full): a clock with no task
 */
PwActivityClock *
pw_activity_clock_new (PwStore *store)
{
  PwActivityClock *self;

  g_return_val_if_fail (PW_IS_STORE (store), NULL);

  self = g_object_new (PW_TYPE_ACTIVITY_CLOCK, NULL);
  self->store = g_object_ref (store);
  return self;
}

/**
 * pw_activity_clock_begin_task:
 * @self: a #PwActivityClock
 * @account_id: the task's account
 * @task_id: the task
 * @project_id: (nullable): its project
 *
 * Starts measuring a task: the worker has it in front of them now. A task
 * still open is ended first.
 */
void
pw_activity_clock_begin_task (PwActivityClock *self,
                              const char      *account_id,
                              const char      *task_id,
                              const char      *project_id)
{
  g_return_if_fail (PW_IS_ACTIVITY_CLOCK (self));
  g_return_if_fail (account_id != NULL && task_id != NULL);

  pw_activity_clock_end_task (self);

  g_free (self->account_id);
  g_free (self->task_id);
  g_free (self->project_id);
  self->account_id = g_strdup (account_id);
  self->task_id = g_strdup (task_id);
  self->project_id = g_strdup (project_id);
  self->running = TRUE;
  self->interval_start = self->last_input = now (self);
  self->closed_us = 0;
  self->checkpoint_id = g_timeout_add_seconds (PW_ACTIVITY_CLOCK_CHECKPOINT_SECONDS,
                                               on_checkpoint, self);
  g_source_set_static_name (g_main_context_find_source_by_id (NULL, self->checkpoint_id),
                            "[piecework] activity checkpoint");

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TASK_ID]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVE_SECONDS]);
}

/**
 * pw_activity_clock_end_task:
 * @self: a #PwActivityClock
 *
 * Stops measuring: the task was submitted, skipped or closed. Its last
 * interval is written. pw_activity_clock_get_active_seconds() keeps
 * giving the task's time until the next task begins.
 */
void
pw_activity_clock_end_task (PwActivityClock *self)
{
  g_return_if_fail (PW_IS_ACTIVITY_CLOCK (self));

  if (!self->running)
    return;

  close_interval (self, active_end (self, now (self)), 0);
  self->running = FALSE;
  g_clear_handle_id (&self->checkpoint_id, g_source_remove);
  g_clear_pointer (&self->task_id, g_free);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TASK_ID]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVE_SECONDS]);
}

/**
 * pw_activity_clock_input:
 * @self: a #PwActivityClock
 *
 * Tells the clock the worker pressed a key or moved the pointer. Cheap
 * enough to call for every event; it writes nothing unless the worker was
 * idle.
 */
void
pw_activity_clock_input (PwActivityClock *self)
{
  IdleSpan *span;
  gint64 time;

  g_return_if_fail (PW_IS_ACTIVITY_CLOCK (self));

  if (!self->running)
    return;

  time = now (self);
  if (time - self->last_input < threshold_us (self))
    {
      self->last_input = MAX (self->last_input, time);
      return;
    }

  /* Back after being idle: the interval ended at the last input, and the
   * span since is the worker's to call work or not. */
  span = g_new0 (IdleSpan, 1);
  span->account_id = g_strdup (self->account_id);
  span->task_id = g_strdup (self->task_id);
  span->project_id = g_strdup (self->project_id);
  span->start = self->last_input;
  span->end = time;
  close_interval (self, self->last_input, time);
  g_queue_push_tail (&self->pending, span);

  if (self->pending.length == 1)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IDLE_PENDING]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVE_SECONDS]);
  g_signal_emit (self, signals[IDLE_ENDED], 0, span->start, span->end);
}

/**
 * pw_activity_clock_set_focused:
 * @self: a #PwActivityClock
 * @focused: whether the worker's window has the focus
 *
 * Leaving the window counts as the last input; coming back as input.
 */
void
pw_activity_clock_set_focused (PwActivityClock *self,
                               gboolean         focused)
{
  gint64 time;

  g_return_if_fail (PW_IS_ACTIVITY_CLOCK (self));

  focused = !!focused;
  if (self->focused == focused)
    return;
  self->focused = focused;

  if (focused)
    pw_activity_clock_input (self);
  else if (self->running && (time = now (self)) - self->last_input < threshold_us (self))
    self->last_input = MAX (self->last_input, time);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FOCUSED]);
}

gboolean
pw_activity_clock_get_focused (PwActivityClock *self)
{
  g_return_val_if_fail (PW_IS_ACTIVITY_CLOCK (self), FALSE);

  return self->focused;
}

/**
 * pw_activity_clock_resolve_idle:
 * @self: a #PwActivityClock
 * @was_work: what the worker answered
 *
 * Answers for the oldest idle span #PwActivityClock::idle-ended gave:
 * when it was work it is recorded as an `idle` entry of its task, paid as
 * the task is; otherwise nothing is recorded.
 */
void
pw_activity_clock_resolve_idle (PwActivityClock *self,
                                gboolean         was_work)
{
  IdleSpan *span;

  g_return_if_fail (PW_IS_ACTIVITY_CLOCK (self));

  span = g_queue_pop_head (&self->pending);
  if (span == NULL)
    return;

  if (was_work)
    {
      g_autoptr (PwTimeEntry) entry = pw_time_entry_new (PW_TIME_IDLE, span->start, span->end);

      entry->account_id = g_strdup (span->account_id);
      entry->task_id = g_strdup (span->task_id);
      entry->project_id = g_strdup (span->project_id);
      pw_store_add_time_entry (self->store, entry);

      if (self->running && g_strcmp0 (span->task_id, self->task_id) == 0 &&
          g_strcmp0 (span->account_id, self->account_id) == 0)
        {
          self->closed_us += span->end - span->start;
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVE_SECONDS]);
        }
    }
  idle_span_free (span);

  if (self->pending.length == 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IDLE_PENDING]);
}

/**
 * pw_activity_clock_checkpoint:
 * @self: a #PwActivityClock
 *
 * Writes the open interval as it stands. The clock does this by itself
 * every %PW_ACTIVITY_CLOCK_CHECKPOINT_SECONDS; call it when the
 * application is about to quit.
 */
void
pw_activity_clock_checkpoint (PwActivityClock *self)
{
  g_return_if_fail (PW_IS_ACTIVITY_CLOCK (self));

  if (!self->running)
    return;

  write_interval (self, active_end (self, now (self)));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVE_SECONDS]);
}

/**
 * pw_activity_clock_get_task_id:
 *
 * Returns: (nullable): the task being measured
 */
const char *
pw_activity_clock_get_task_id (PwActivityClock *self)
{
  g_return_val_if_fail (PW_IS_ACTIVITY_CLOCK (self), NULL);

  return self->task_id;
}

/**
 * pw_activity_clock_get_active_seconds:
 *
 * Returns: the active time on the current task so far, or on the last one
 *   until another begins: what a submission's `active_seconds` says
 */
double
pw_activity_clock_get_active_seconds (PwActivityClock *self)
{
  gint64 us;

  g_return_val_if_fail (PW_IS_ACTIVITY_CLOCK (self), 0);

  us = self->closed_us;
  if (self->running)
    us += MAX (0, active_end (self, now (self)) - self->interval_start);
  return (double) us / G_USEC_PER_SEC;
}

/**
 * pw_activity_clock_get_idle_pending:
 *
 * Returns: %TRUE while an idle span waits for
 *   pw_activity_clock_resolve_idle()
 */
gboolean
pw_activity_clock_get_idle_pending (PwActivityClock *self)
{
  g_return_val_if_fail (PW_IS_ACTIVITY_CLOCK (self), FALSE);

  return self->pending.length > 0;
}

guint
pw_activity_clock_get_idle_threshold (PwActivityClock *self)
{
  g_return_val_if_fail (PW_IS_ACTIVITY_CLOCK (self), 0);

  return self->idle_threshold;
}

/**
 * pw_activity_clock_set_idle_threshold:
 * @self: a #PwActivityClock
 * @seconds: how long without input makes the worker idle, at least 1
 */
void
pw_activity_clock_set_idle_threshold (PwActivityClock *self,
                                      guint            seconds)
{
  g_return_if_fail (PW_IS_ACTIVITY_CLOCK (self));

  seconds = MAX (seconds, 1);
  if (self->idle_threshold == seconds)
    return;
  self->idle_threshold = seconds;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IDLE_THRESHOLD]);
}

/**
 * pw_activity_clock_set_clock:
 * @self: a #PwActivityClock
 * @clock_func: (nullable): the clock, or %NULL for g_get_real_time()
 * @user_data: data for @clock_func
 *
 * For tests: the clock never goes back, so a test's clock should not
 * either.
 */
void
pw_activity_clock_set_clock (PwActivityClock     *self,
                             PwActivityClockFunc  clock_func,
                             gpointer             user_data)
{
  g_return_if_fail (PW_IS_ACTIVITY_CLOCK (self));

  self->clock_func = clock_func != NULL ? clock_func : real_clock;
  self->clock_data = user_data;
}

static void
pw_activity_clock_dispose (GObject *object)
{
  PwActivityClock *self = PW_ACTIVITY_CLOCK (object);

  if (self->store != NULL)
    pw_activity_clock_end_task (self);
  g_clear_handle_id (&self->checkpoint_id, g_source_remove);
  g_queue_clear_full (&self->pending, idle_span_free);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (pw_activity_clock_parent_class)->dispose (object);
}

static void
pw_activity_clock_finalize (GObject *object)
{
  PwActivityClock *self = PW_ACTIVITY_CLOCK (object);

  g_free (self->account_id);
  g_free (self->task_id);
  g_free (self->project_id);

  G_OBJECT_CLASS (pw_activity_clock_parent_class)->finalize (object);
}

static void
pw_activity_clock_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  PwActivityClock *self = PW_ACTIVITY_CLOCK (object);

  switch (prop_id)
    {
    case PROP_IDLE_THRESHOLD:
      g_value_set_uint (value, self->idle_threshold);
      break;
    case PROP_TASK_ID:
      g_value_set_string (value, self->task_id);
      break;
    case PROP_ACTIVE_SECONDS:
      g_value_set_double (value, pw_activity_clock_get_active_seconds (self));
      break;
    case PROP_FOCUSED:
      g_value_set_boolean (value, self->focused);
      break;
    case PROP_IDLE_PENDING:
      g_value_set_boolean (value, self->pending.length > 0);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pw_activity_clock_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  PwActivityClock *self = PW_ACTIVITY_CLOCK (object);

  switch (prop_id)
    {
    case PROP_IDLE_THRESHOLD:
      pw_activity_clock_set_idle_threshold (self, g_value_get_uint (value));
      break;
    case PROP_FOCUSED:
      pw_activity_clock_set_focused (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pw_activity_clock_class_init (PwActivityClockClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = pw_activity_clock_dispose;
  object_class->finalize = pw_activity_clock_finalize;
  object_class->get_property = pw_activity_clock_get_property;
  object_class->set_property = pw_activity_clock_set_property;

  /**
   * PwActivityClock:idle-threshold:
   *
   * Seconds without input after which the clock stops at the last input.
   */
  properties[PROP_IDLE_THRESHOLD] =
    g_param_spec_uint ("idle-threshold", NULL, NULL,
                       1, 24 * 3600, PW_ACTIVITY_CLOCK_DEFAULT_IDLE_THRESHOLD,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  properties[PROP_TASK_ID] =
    g_param_spec_string ("task-id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * PwActivityClock:active-seconds:
   *
   * The active time on the current task. Notified when an interval opens
   * or closes and at each checkpoint, not continuously.
   */
  properties[PROP_ACTIVE_SECONDS] =
    g_param_spec_double ("active-seconds", NULL, NULL, 0, G_MAXDOUBLE, 0,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  properties[PROP_FOCUSED] =
    g_param_spec_boolean ("focused", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  properties[PROP_IDLE_PENDING] =
    g_param_spec_boolean ("idle-pending", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * PwActivityClock::idle-ended:
   * @self: the clock
   * @idle_start: the last input before the worker went idle, in
   *   microseconds since 1970
   * @idle_end: the input that ended it
   *
   * The worker is back after at least the idle threshold without input.
   * Ask whether those minutes were work, then call
   * pw_activity_clock_resolve_idle().
   */
  signals[IDLE_ENDED] =
    g_signal_new ("idle-ended", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_INT64, G_TYPE_INT64);
}

static void
pw_activity_clock_init (PwActivityClock *self)
{
  self->clock_func = real_clock;
  self->idle_threshold = PW_ACTIVITY_CLOCK_DEFAULT_IDLE_THRESHOLD;
  self->focused = TRUE;
  g_queue_init (&self->pending);
}
