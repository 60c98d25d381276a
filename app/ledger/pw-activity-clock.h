/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "store/pw-store.h"

G_BEGIN_DECLS

/**
 * PW_ACTIVITY_CLOCK_DEFAULT_IDLE_THRESHOLD:
 *
 * Seconds without input after which the clock stops, by default.
 */
#define PW_ACTIVITY_CLOCK_DEFAULT_IDLE_THRESHOLD 180

/**
 * PW_ACTIVITY_CLOCK_CHECKPOINT_SECONDS:
 *
 * How often the open interval is written, so a crash loses at most this
 * much measured time.
 */
#define PW_ACTIVITY_CLOCK_CHECKPOINT_SECONDS 60

/**
 * PwActivityClockFunc:
 * @user_data: the data given with the function
 *
 * Returns: the wall-clock time, in microseconds since 1970
 */
typedef gint64 (*PwActivityClockFunc) (gpointer user_data);

/*
 * PwActivityClock measures the active time on the task in front of the
 * worker, from the input and focus the UI feeds it, and writes it to the
 * store as `task` time entries while it runs.
 *
 * Properties: `idle-threshold` (guint, seconds, read-write: bind it to a
 * setting), `task-id` (string, read-only), `active-seconds` (double,
 * read-only: the active time on the current task, notified when an
 * interval closes), `focused` (boolean), `idle-pending` (boolean,
 * read-only: an idle span waits for pw_activity_clock_resolve_idle()).
 *
 * Signal `idle-ended` (gint64 idle_start, gint64 idle_end): input came back
 * after at least the idle threshold without any, in microseconds since
 * 1970. Ask the worker whether those minutes were work, then call
 * pw_activity_clock_resolve_idle().
 */

#define PW_TYPE_ACTIVITY_CLOCK (pw_activity_clock_get_type ())

G_DECLARE_FINAL_TYPE (PwActivityClock, pw_activity_clock, PW, ACTIVITY_CLOCK, GObject)

PwActivityClock *pw_activity_clock_new                (PwStore             *store);

void             pw_activity_clock_begin_task         (PwActivityClock     *self,
                                                       const char          *account_id,
                                                       const char          *task_id,
                                                       const char          *project_id);
void             pw_activity_clock_end_task           (PwActivityClock     *self);
void             pw_activity_clock_input              (PwActivityClock     *self);
void             pw_activity_clock_set_focused        (PwActivityClock     *self,
                                                       gboolean             focused);
gboolean         pw_activity_clock_get_focused        (PwActivityClock     *self);
void             pw_activity_clock_resolve_idle       (PwActivityClock     *self,
                                                       gboolean             was_work);
void             pw_activity_clock_checkpoint         (PwActivityClock     *self);

const char      *pw_activity_clock_get_task_id        (PwActivityClock     *self);
double           pw_activity_clock_get_active_seconds (PwActivityClock     *self);
gboolean         pw_activity_clock_get_idle_pending   (PwActivityClock     *self);

guint            pw_activity_clock_get_idle_threshold (PwActivityClock     *self);
void             pw_activity_clock_set_idle_threshold (PwActivityClock     *self,
                                                       guint                seconds);
void             pw_activity_clock_set_clock          (PwActivityClock     *self,
                                                       PwActivityClockFunc  clock_func,
                                                       gpointer             user_data);

G_END_DECLS
