/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "store/pw-store.h"

G_BEGIN_DECLS

/**
 * PwPeriod:
 * @PW_PERIOD_DAY: a local calendar day
 * @PW_PERIOD_WEEK: a local ISO week, Monday to Sunday
 * @PW_PERIOD_MONTH: a local calendar month
 * @PW_PERIOD_YEAR: a local calendar year
 *
 * The spans the Earnings place's cards and the command line's summary show.
 */
typedef enum
{
  PW_PERIOD_DAY,
  PW_PERIOD_WEEK,
  PW_PERIOD_MONTH,
  PW_PERIOD_YEAR,
} PwPeriod;

const char *pw_period_to_string   (PwPeriod    period);
gboolean    pw_period_from_string (const char *text,
                                   PwPeriod   *period);
void        pw_period_bounds      (PwPeriod    period,
                                   GDateTime  *at,
                                   gint64     *start,
                                   gint64     *end);

GDateTime  *pw_date_time_new_usec (gint64      usec,
                                   GTimeZone  *tz);
gint64      pw_date_time_to_usec  (GDateTime  *date_time);

/**
 * PwGrouping:
 * @PW_GROUP_NONE: one set of figures for the whole span
 * @PW_GROUP_DAY: one per local day of the span, empty ones too
 * @PW_GROUP_WEEK: one per local ISO week
 * @PW_GROUP_MONTH: one per local month
 * @PW_GROUP_YEAR: one per local year
 * @PW_GROUP_PROJECT: one per project of an account with any money or time;
 *   money and time with no project (bonuses, fees, manual entries) make a
 *   group whose @project_id is %NULL
 * @PW_GROUP_ACCOUNT: one per account with any money or time; manual
 *   entries with no account make a group whose @account_id is %NULL
 *
 * How pw_figures_compute() splits a span. Time groups come in order of
 * time, each cut to the span; the others by account id then project id,
 * %NULL first.
 */
typedef enum
{
  PW_GROUP_NONE,
  PW_GROUP_DAY,
  PW_GROUP_WEEK,
  PW_GROUP_MONTH,
  PW_GROUP_YEAR,
  PW_GROUP_PROJECT,
  PW_GROUP_ACCOUNT,
} PwGrouping;

/**
 * PwEarnings:
 * @currency: the ISO 4217 code; amounts in other currencies are in other
 *   #PwEarnings, never converted
 * @pending_micro: task pay not reviewed yet
 * @approved_micro: task pay approved, not paid yet
 * @rejected_micro: what rejected tasks would have paid; it counts as nothing
 * @paid_micro: task pay paid
 * @bonus_micro: bonuses, whatever their status but rejected
 * @adjustment_micro: adjustments, whatever their status but rejected
 * @fee_micro: fees, negative
 * @payout_micro: money paid out to the worker: it moves earnings, it is
 *   not earnings, and no figure below counts it
 * @awaiting_micro: the pay of submitted tasks with no statement entry yet
 * @earned_micro: approved + paid + bonuses + adjustments + fees
 * @projected_micro: @earned_micro + pending pay × its project's approval
 *   rate, rounded down to a micro-unit. The rate is measured over the 90
 *   days before the span's end, or the span when longer; a project with no
 *   review there takes the worker's rate over all projects, and with none
 *   at all the pending pay counts in full
 * @task_pay_micro: the pay of the submitted tasks: their statement amount
 *   whatever the status, or the task's pay while it awaits one
 * @pay_per_task_micro: @task_pay_micro ÷ the tasks it counts, rounded down;
 *   0 without tasks
 * @effective_rate_micro: @earned_micro per hour of all time (every task
 *   whatever its outcome, unpaid time and manual time); 0 without time
 * @projected_rate_micro: @projected_micro per hour of all time
 * @task_only_rate_micro: @task_pay_micro per hour on submitted tasks, what
 *   marketplaces show; 0 without such time
 * @own_micro: the part of @earned_micro and @task_pay_micro that is the
 *   worker's own figure: accepted work priced by the rates they gave
 *   (app/store/pw-store-rates.h), not stated by a marketplace
 * @too_large: %TRUE when a sum or a rate of this currency passed what 64
 *   bits hold (about 9.2 trillion units): no amount or rate here can be
 *   trusted, and each is shown as too large to add up, never as a
 *   wrapped figure (pw_figures_check_sums())
 *
 * Money in one currency, in micro-units (millionths): written for people
 * with pw_money_display() and pw_money_display_rate(), for programs with
 * pw_money_format_micro(). Rates are micro-units per hour, rounded toward
 * zero. A rate divides the money of one currency by all the hours, whatever
 * currency they were paid in: with two currencies in a span, each rate says
 * what the span's hours earned in that currency alone.
 */
typedef struct
{
  char   currency[4];
  gint64 pending_micro;
  gint64 approved_micro;
  gint64 rejected_micro;
  gint64 paid_micro;
  gint64 bonus_micro;
  gint64 adjustment_micro;
  gint64 fee_micro;
  gint64 payout_micro;
  gint64 awaiting_micro;
  gint64 earned_micro;
  gint64 projected_micro;
  gint64 task_pay_micro;
  gint64 pay_per_task_micro;
  gint64 effective_rate_micro;
  gint64 projected_rate_micro;
  gint64 task_only_rate_micro;
  gboolean too_large;
  gint64 own_micro;
} PwEarnings;

/**
 * PwFigures:
 * @grouping: how the span was split
 * @key: the group: `2026-11-29`, `2026-W48`, `2026-11`, `2026`, the
 *   project's or the account's id, or `` for %PW_GROUP_NONE
 * @account_id: (nullable): the account, for %PW_GROUP_PROJECT and
 *   %PW_GROUP_ACCOUNT
 * @project_id: (nullable): the project, for %PW_GROUP_PROJECT
 * @name: (nullable): the project's or the account's name, when known
 * @start: the start of the group's span, microseconds since 1970
 * @end: its end, excluded
 * @task_us: time on tasks whatever their outcome, including idle time the
 *   worker said was work; microseconds
 * @submitted_task_us: the part of @task_us on tasks that were submitted
 * @paid_manual_us: manual entries marked paid: work time
 * @gap_us: time between entries inside a work session: unpaid
 * @unpaid_task_us: the part of @task_us on tasks that pay nothing
 *   (qualification, training) or that the worker marked unpaid
 * @lost_task_us: the part of @task_us on tasks that ended rejected,
 *   expired, reassigned, released or in conflict: unpaid
 * @unpaid_manual_us: manual entries marked unpaid
 * @unpaid_us: @gap_us + @unpaid_task_us + @lost_task_us + @unpaid_manual_us
 * @all_us: @task_us + @gap_us + @paid_manual_us + @unpaid_manual_us
 * @overhead_share: @unpaid_us ÷ @all_us, 0 without time
 * @n_sessions: work sessions that start in the group
 * @n_tasks_done: tasks with a statement entry or awaiting one
 * @n_reviewed: task entries approved, paid or rejected
 * @n_approved: task entries approved or paid
 * @approval_rate: @n_approved ÷ @n_reviewed, or -1 when nothing was
 *   reviewed
 * @n_scored: task entries with a review score
 * @accuracy: their mean score, or -1 without one
 * @n_own_tasks: the part of @n_tasks_done priced by the worker's own
 *   rates rather than a marketplace's statement
 * @median_task_us: the median time on one task, over the tasks with time in
 *   the group; -1 without any
 * @earnings: (element-type PwEarnings): one per currency, by code
 *
 * The figures of one group of a span. Money is attributed by the statement
 * entry's time, time by the start of its entry, and a gap inside a session
 * to the entry that follows it. Immutable and reference counted.
 */
typedef struct
{
  PwGrouping  grouping;
  char       *key;
  char       *account_id;
  char       *project_id;
  char       *name;
  gint64      start;
  gint64      end;

  gint64      task_us;
  gint64      submitted_task_us;
  gint64      paid_manual_us;
  gint64      gap_us;
  gint64      unpaid_task_us;
  gint64      lost_task_us;
  gint64      unpaid_manual_us;
  gint64      unpaid_us;
  gint64      all_us;
  double      overhead_share;
  guint       n_sessions;

  guint       n_tasks_done;
  guint       n_reviewed;
  guint       n_approved;
  double      approval_rate;
  guint       n_scored;
  double      accuracy;
  gint64      median_task_us;
  guint       n_own_tasks;

  GArray     *earnings;
  /*< private >*/
  gatomicrefcount ref_count;
} PwFigures;

#define PW_TYPE_FIGURES (pw_figures_get_type ())

GType             pw_figures_get_type      (void) G_GNUC_CONST;
PwFigures        *pw_figures_ref           (PwFigures   *self);
void              pw_figures_unref         (PwFigures   *self);
const PwEarnings *pw_figures_get_earnings  (PwFigures   *self,
                                            const char  *currency);
const PwEarnings *pw_figures_get_main_earnings (PwFigures *self);
gboolean          pw_figures_is_empty      (PwFigures   *self);
gboolean          pw_figures_check_sums    (PwFigures   *self,
                                            const char  *account_name,
                                            GError     **error);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PwFigures, pw_figures_unref)

GPtrArray        *pw_figures_compute        (PwStore             *store,
                                             gint64               start,
                                             gint64               end,
                                             PwGrouping           grouping,
                                             GTimeZone           *tz,
                                             GCancellable        *cancellable,
                                             GError             **error);
void              pw_figures_compute_async  (PwStore             *store,
                                             gint64               start,
                                             gint64               end,
                                             PwGrouping           grouping,
                                             GTimeZone           *tz,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
GPtrArray        *pw_figures_compute_finish (PwStore             *store,
                                             GAsyncResult        *result,
                                             GError             **error);

/**
 * PwRecentFigures:
 * @now: the time the figures were computed for
 * @today: the local day of @now, up to its end
 * @week: its ISO week
 * @month: its month
 * @previous_day: the day before, to compare its rate with
 * @previous_week: the week before
 * @previous_month: the calendar month before
 * @daily: (element-type PwFigures): the %PW_RECENT_DAYS local days ending
 *   with today, oldest first, one #PwFigures each even when empty
 * @projects: (element-type PwFigures): this month, one per project with
 *   any money or time, by account then project id
 *
 * The figures of the time around a moment, computed in one pass: its day,
 * week and month, each with the one before, the days up to it, and its
 * month by project.
 */
typedef struct
{
  GDateTime *now;
  PwFigures *today;
  PwFigures *week;
  PwFigures *month;
  PwFigures *previous_day;
  PwFigures *previous_week;
  PwFigures *previous_month;
  GPtrArray *daily;
  GPtrArray *projects;
} PwRecentFigures;

/**
 * PW_RECENT_DAYS:
 *
 * The days in the daily series of #PwRecentFigures.
 */
#define PW_RECENT_DAYS 30

void             pw_recent_figures_free        (PwRecentFigures     *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PwRecentFigures, pw_recent_figures_free)

PwRecentFigures *pw_recent_figures_load        (PwStore             *store,
                                                GDateTime           *now,
                                                GCancellable        *cancellable,
                                                GError             **error);
void             pw_recent_figures_load_async  (PwStore             *store,
                                                GDateTime           *now,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
PwRecentFigures *pw_recent_figures_load_finish (PwStore             *store,
                                                GAsyncResult        *result,
                                                GError             **error);

/**
 * PwPeriodSummary:
 * @period: the kind of period
 * @current: the figures of the period, with its median time per task
 * @previous: (nullable): the period of the same kind before, to compare
 *   rates with: only its money, its time and its effective rates, nothing
 *   that needs each task's outcome; %NULL for a year, which stands alone
 * @projects: (element-type PwFigures): the period by project, as
 *   %PW_GROUP_PROJECT splits it, with medians
 *
 * The figures of one day, week, month or year, computed in one pass.
 */
typedef struct
{
  PwPeriod   period;
  PwFigures *current;
  PwFigures *previous;
  GPtrArray *projects;
} PwPeriodSummary;

void             pw_period_summary_free (PwPeriodSummary  *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PwPeriodSummary, pw_period_summary_free)

PwPeriodSummary *pw_period_summary_load (PwStore          *store,
                                         PwPeriod          period,
                                         GDateTime        *at,
                                         GCancellable     *cancellable,
                                         GError          **error);
PwPeriodSummary *pw_period_summary_pack_and_load (PwStore       *store,
                                                  PwPeriod       period,
                                                  GDateTime     *at,
                                                  GCancellable  *cancellable,
                                                  GError       **error);

gboolean            pw_figures_pack                  (PwStore             *store,
                                                      gint64               from,
                                                      gint64               to,
                                                      GError             **error);
void                pw_figures_pack_async            (PwStore             *store,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
gboolean            pw_figures_pack_finish           (PwStore             *store,
                                                      GAsyncResult        *result,
                                                      GError             **error);

G_END_DECLS
