/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "market/pw-money.h"
#include "pw-error.h"
#include "pw-figures-private.h"
#include "store/pw-store-rates.h"
#include "store/pw-store-sql.h"

/* The earnings figures, which the Earnings place and `piecework --summary`
 * show: what the statement says was earned and what the time log says it
 * took. Each figure is defined where its member is, in pw-figures.h; the
 * one pass that computes them is in pw-figures-run.c. */

G_DEFINE_BOXED_TYPE (PwFigures, pw_figures, pw_figures_ref, pw_figures_unref)

PwFigures *
_pw_figures_new (PwGrouping  grouping,
                 const char *key,
                 gint64      start,
                 gint64      end)
{
  PwFigures *self = g_new0 (PwFigures, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->grouping = grouping;
  self->key = g_strdup (key);
  self->start = start;
  self->end = end;
  self->approval_rate = -1;
  self->accuracy = -1;
  self->median_task_us = -1;
  self->earnings = g_array_new (FALSE, TRUE, sizeof (PwEarnings));
  return self;
}

PwFigures *
pw_figures_ref (PwFigures *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
pw_figures_unref (PwFigures *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;
  g_free (self->key);
  g_free (self->account_id);
  g_free (self->project_id);
  g_free (self->name);
  g_array_unref (self->earnings);
  g_free (self);
}

PwEarnings *
_pw_figures_ensure_earnings (PwFigures  *self,
                             const char *currency)
{
  PwEarnings earnings = { { 0 } };

  for (guint i = 0; i < self->earnings->len; i++)
    {
      PwEarnings *each = &g_array_index (self->earnings, PwEarnings, i);

      if (strcmp (each->currency, currency) == 0)
        return each;
    }
  g_strlcpy (earnings.currency, currency, sizeof earnings.currency);
  g_array_append_val (self->earnings, earnings);
  return &g_array_index (self->earnings, PwEarnings, self->earnings->len - 1);
}

/**
 * pw_figures_get_earnings:
 * @self: figures
 * @currency: an ISO 4217 code
 *
 * Returns: (nullable): the money of @self in @currency, or %NULL when there
 *   is none
 */
const PwEarnings *
pw_figures_get_earnings (PwFigures  *self,
                         const char *currency)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (currency != NULL, NULL);

  for (guint i = 0; i < self->earnings->len; i++)
    {
      const PwEarnings *each = &g_array_index (self->earnings, PwEarnings, i);

      if (strcmp (each->currency, currency) == 0)
        return each;
    }
  return NULL;
}

/**
 * pw_figures_is_empty:
 * @self: (nullable): figures
 *
 * Returns: %TRUE when @self is %NULL or has neither time, nor tasks, nor
 *   money
 */
gboolean
pw_figures_is_empty (PwFigures *self)
{
  return self == NULL
         || (self->all_us == 0 && self->n_tasks_done == 0 && self->earnings->len == 0);
}

/* The task pay and the earnings of @earnings, which tell how much a
 * currency counts; a sum past 64 bits stays at the limit, the largest. */
static gint64
earnings_size (const PwEarnings *earnings)
{
  gint64 size = earnings->task_pay_micro;

  if (!pw_money_add_micro (&size, earnings->earned_micro))
    return G_MAXINT64;
  return size;
}

/**
 * pw_figures_get_main_earnings:
 * @self: figures
 *
 * Finds the currency that counts most in @self, for a place that has room
 * for one: the one whose task pay and earnings together are largest, the
 * first of them on a tie.
 *
 * Returns: (nullable): the money of @self in that currency, or %NULL when
 *   @self has no money
 */
const PwEarnings *
pw_figures_get_main_earnings (PwFigures *self)
{
  const PwEarnings *main = NULL;
  gint64 main_size = 0;

  g_return_val_if_fail (self != NULL, NULL);

  for (guint i = 0; i < self->earnings->len; i++)
    {
      const PwEarnings *each = &g_array_index (self->earnings, PwEarnings, i);
      gint64 size = earnings_size (each);

      if (main == NULL || size > main_size)
        {
          main = each;
          main_size = size;
        }
    }
  return main;
}

/**
 * pw_figures_check_sums:
 * @self: figures
 * @account_name: (nullable): the name of the account @self is of, for the
 *   message
 * @error: return location for a #GError
 *
 * Figures whose sums passed what 64 bits hold are never shown as numbers:
 * what shows them as text checks them here first.
 *
 * Returns: %TRUE; %FALSE with %PW_ERROR_TOO_LARGE, naming the currency
 *   and the account, when an amount or rate of @self is too large
 */
gboolean
pw_figures_check_sums (PwFigures   *self,
                       const char  *account_name,
                       GError     **error)
{
  g_return_val_if_fail (self != NULL, FALSE);

  for (guint i = 0; i < self->earnings->len; i++)
    {
      const PwEarnings *each = &g_array_index (self->earnings, PwEarnings, i);

      if (!each->too_large)
        continue;
      if (account_name != NULL)
        g_set_error (error, PW_ERROR, PW_ERROR_TOO_LARGE,
                     _("The amounts in %s of the account “%s” are too large to add up "
                       "(over 9,223,372,036,854 %s); check the account’s statement"),
                     each->currency, account_name, each->currency);
      else
        g_set_error (error, PW_ERROR, PW_ERROR_TOO_LARGE,
                     _("The amounts in %s are too large to add up (over 9,223,372,036,854 "
                       "%s); check the accounts’ statements"),
                     each->currency, each->currency);
      return FALSE;
    }
  return TRUE;
}

/* Reads */

gpointer
_pw_ledger_read (PwStore        *store,
                 PwStoreReadFunc read,
                 gpointer        data,
                 GCancellable   *cancellable,
                 GError        **error)
{
  sqlite3 *db;
  gpointer result;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  pw_store_refresh_own_figures (store);
  if ((db = pw_store_acquire_reader_synced (store, error)) == NULL)
    return NULL;

  /* One snapshot for every query of the read. */
  sqlite3_exec (db, "BEGIN", NULL, NULL, NULL);
  result = read (db, data, cancellable, error);
  sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);
  pw_store_release_reader (store);
  return result;
}

/* Runs @read on @db, a connection used by this thread alone, in one
 * snapshot. */
gpointer
_pw_ledger_read_on (sqlite3        *db,
                    PwStoreReadFunc read,
                    gpointer        data,
                    GCancellable   *cancellable,
                    GError        **error)
{
  gpointer result;

  /* Pages read straight from the file's mapping, not copied in. */
  sqlite3_exec (db, "PRAGMA mmap_size = 1073741824", NULL, NULL, NULL);
  sqlite3_exec (db, "BEGIN", NULL, NULL, NULL);
  result = read (db, data, cancellable, error);
  sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);
  return result;
}

/* Runs @read on a read-only connection of its own, after the writes
 * queued before, in one snapshot: a long read holds up no other, and a
 * connection used by one thread needs no lock on each call. */
gpointer
_pw_ledger_read_apart (PwStore        *store,
                       PwStoreReadFunc read,
                       gpointer        data,
                       GCancellable   *cancellable,
                       GError        **error)
{
  g_autoptr (sqlite3) db = NULL;
  int rc;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  /* The worker's own figures follow the rates, the outbox and the time
   * log; they are brought up to date before every read of the ledger. */
  pw_store_refresh_own_figures (store);
  if (!pw_store_flush (store, error))
    return NULL;

  /* Used by this thread alone: no locking on each call. */
  rc = sqlite3_open_v2 (pw_store_get_path (store), &db,
                        SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE, NULL);
  if (rc != SQLITE_OK)
    {
      pw_store_db_set_error (error, db, rc, _("Could not read the ledger"));
      return NULL;
    }
  sqlite3_busy_timeout (db, 5000);
  return _pw_ledger_read_on (db, read, data, cancellable, error);
}

typedef struct
{
  gint64      start;
  gint64      end;
  PwGrouping  grouping;
  GTimeZone  *tz;
} Compute;

static void
compute_free (gpointer data)
{
  Compute *compute = data;

  g_clear_pointer (&compute->tz, g_time_zone_unref);
  g_free (compute);
}

static gpointer
compute_read (sqlite3      *db,
              gpointer      data,
              GCancellable *cancellable,
              GError      **error)
{
  Compute *compute = data;
  g_autoptr (PwFiguresRun) run = _pw_figures_run_new (compute->tz);
  guint span = _pw_figures_run_add_span (run, compute->start, compute->end, compute->grouping,
                                         PW_SPAN_MEDIANS);

  if (!_pw_figures_run_execute (run, db, cancellable, error))
    return NULL;
  return _pw_figures_run_result (run, span);
}

/**
 * pw_figures_compute:
 * @store: a #PwStore
 * @start: the span's start, in microseconds since 1970
 * @end: its end, excluded
 * @grouping: how to split it
 * @tz: (nullable): the time zone whose days, weeks, months and years count,
 *   or %NULL for the local one
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Computes the figures of a span: money from the statement, hours from the
 * time log, and what follows from both. Time groupings give one #PwFigures
 * per day, week, month or year the span touches, empty ones too, each cut
 * to the span; project and account groupings one per project or account
 * with any money or time, by account and project id. Waits for the disk:
 * for threads and the command line.
 *
 * Returns: (transfer full) (element-type PwFigures): the figures, or %NULL
 */
GPtrArray *
pw_figures_compute (PwStore      *store,
                    gint64        start,
                    gint64        end,
                    PwGrouping    grouping,
                    GTimeZone    *tz,
                    GCancellable *cancellable,
                    GError      **error)
{
  Compute compute = { start, end, grouping, tz };

  g_return_val_if_fail (PW_IS_STORE (store), NULL);
  g_return_val_if_fail (grouping <= PW_GROUP_ACCOUNT, NULL);

  return _pw_ledger_read_apart (store, compute_read, &compute, cancellable, error);
}

static void
compute_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  Compute *compute = task_data;
  GError *error = NULL;
  GPtrArray *figures = pw_figures_compute (source_object, compute->start, compute->end,
                                           compute->grouping, compute->tz, cancellable, &error);

  if (figures == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, figures, (GDestroyNotify) g_ptr_array_unref);
}

/**
 * pw_figures_compute_async:
 * @store: a #PwStore
 * @start: the span's start, in microseconds since 1970
 * @end: its end, excluded
 * @grouping: how to split it
 * @tz: (nullable): the time zone whose days count, or %NULL for the local one
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the figures
 * @user_data: data for @callback
 *
 * Computes the figures of a span on a thread. See pw_figures_compute().
 */
void
pw_figures_compute_async (PwStore            *store,
                          gint64              start,
                          gint64              end,
                          PwGrouping          grouping,
                          GTimeZone          *tz,
                          GCancellable       *cancellable,
                          GAsyncReadyCallback callback,
                          gpointer            user_data)
{
  g_autoptr (GTask) task = NULL;
  Compute *compute;

  g_return_if_fail (PW_IS_STORE (store));
  g_return_if_fail (grouping <= PW_GROUP_ACCOUNT);

  compute = g_new0 (Compute, 1);
  compute->start = start;
  compute->end = end;
  compute->grouping = grouping;
  compute->tz = tz != NULL ? g_time_zone_ref (tz) : NULL;

  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, pw_figures_compute_async);
  g_task_set_task_data (task, compute, compute_free);
  g_task_set_return_on_cancel (task, TRUE);
  g_task_run_in_thread (task, compute_thread);
}

/**
 * pw_figures_compute_finish:
 *
 * Returns: (transfer full) (element-type PwFigures): the figures, or %NULL
 */
GPtrArray *
pw_figures_compute_finish (PwStore      *store,
                           GAsyncResult *result,
                           GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, store), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == pw_figures_compute_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* The time around a moment */

void
pw_recent_figures_free (PwRecentFigures *self)
{
  if (self == NULL)
    return;

  g_clear_pointer (&self->now, g_date_time_unref);
  g_clear_pointer (&self->today, pw_figures_unref);
  g_clear_pointer (&self->week, pw_figures_unref);
  g_clear_pointer (&self->month, pw_figures_unref);
  g_clear_pointer (&self->previous_day, pw_figures_unref);
  g_clear_pointer (&self->previous_week, pw_figures_unref);
  g_clear_pointer (&self->previous_month, pw_figures_unref);
  g_clear_pointer (&self->daily, g_ptr_array_unref);
  g_clear_pointer (&self->projects, g_ptr_array_unref);
  g_free (self);
}

static guint
add_period (PwFiguresRun *run,
            PwPeriod      period,
            GDateTime    *now,
            gboolean      previous)
{
  gint64 start, end;

  if (previous)
    _pw_period_bounds_before (period, now, &start, &end);
  else
    pw_period_bounds (period, now, &start, &end);
  /* The change against a previous period compares rates, not sums, so
   * periods of different lengths (two months) compare fairly. */
  return _pw_figures_run_add_span (run, start, end, PW_GROUP_NONE, 0);
}

static gpointer
recent_read (sqlite3      *db,
                gpointer      data,
                GCancellable *cancellable,
                GError      **error)
{
  GDateTime *now = data;
  g_autoptr (PwFiguresRun) run = _pw_figures_run_new (g_date_time_get_timezone (now));
  g_autoptr (PwRecentFigures) self = g_new0 (PwRecentFigures, 1);
  guint today, week, month, previous_day, previous_week, previous_month, daily, projects;
  gint64 start, end, month_start, month_end;

  today = add_period (run, PW_PERIOD_DAY, now, FALSE);
  week = add_period (run, PW_PERIOD_WEEK, now, FALSE);
  month = add_period (run, PW_PERIOD_MONTH, now, FALSE);
  previous_day = add_period (run, PW_PERIOD_DAY, now, TRUE);
  previous_week = add_period (run, PW_PERIOD_WEEK, now, TRUE);
  previous_month = add_period (run, PW_PERIOD_MONTH, now, TRUE);

  pw_period_bounds (PW_PERIOD_DAY, now, &start, &end);
  {
    g_autoptr (GDateTime) local = pw_date_time_new_usec (start, g_date_time_get_timezone (now));
    g_autoptr (GDateTime) first = g_date_time_add_days (local, 1 - PW_RECENT_DAYS);
    gint64 first_end;

    pw_period_bounds (PW_PERIOD_DAY, first, &start, &first_end);
  }
  daily = _pw_figures_run_add_span (run, start, end, PW_GROUP_DAY, 0);
  pw_period_bounds (PW_PERIOD_MONTH, now, &month_start, &month_end);
  projects = _pw_figures_run_add_span (run, month_start, month_end, PW_GROUP_PROJECT,
                                       PW_SPAN_MEDIANS);

  if (!_pw_figures_run_execute (run, db, cancellable, error))
    return NULL;

  self->now = g_date_time_ref (now);
  self->today = _pw_figures_run_single_result (run, today);
  self->week = _pw_figures_run_single_result (run, week);
  self->month = _pw_figures_run_single_result (run, month);
  self->previous_day = _pw_figures_run_single_result (run, previous_day);
  self->previous_week = _pw_figures_run_single_result (run, previous_week);
  self->previous_month = _pw_figures_run_single_result (run, previous_month);
  self->daily = _pw_figures_run_result (run, daily);
  self->projects = _pw_figures_run_result (run, projects);
  return g_steal_pointer (&self);
}

/**
 * pw_recent_figures_load:
 * @store: a #PwStore
 * @now: the time to show, in the time zone whose days count
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Computes the figures of the time around @now in one pass over the
 * statement and the time log. The median_task_us of the single periods
 * and of the days is not computed.
 * Waits for the disk: for threads and the command line.
 *
 * Returns: (transfer full): the figures, or %NULL
 */
PwRecentFigures *
pw_recent_figures_load (PwStore      *store,
                           GDateTime    *now,
                           GCancellable *cancellable,
                           GError      **error)
{
  g_return_val_if_fail (PW_IS_STORE (store), NULL);
  g_return_val_if_fail (now != NULL, NULL);

  return _pw_ledger_read_apart (store, recent_read, now, cancellable, error);
}

static void
recent_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  GError *error = NULL;
  PwRecentFigures *figures = pw_recent_figures_load (source_object, task_data,
                                                           cancellable, &error);

  if (figures == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, figures, (GDestroyNotify) pw_recent_figures_free);
}

/**
 * pw_recent_figures_load_async:
 * @store: a #PwStore
 * @now: the time to show, in the time zone whose days count
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the figures
 * @user_data: data for @callback
 *
 * Computes the figures of the time around @now on a thread. See
 * pw_recent_figures_load().
 */
void
pw_recent_figures_load_async (PwStore            *store,
                                 GDateTime          *now,
                                 GCancellable       *cancellable,
                                 GAsyncReadyCallback callback,
                                 gpointer            user_data)
{
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (PW_IS_STORE (store));
  g_return_if_fail (now != NULL);

  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, pw_recent_figures_load_async);
  g_task_set_task_data (task, g_date_time_ref (now), (GDestroyNotify) g_date_time_unref);
  g_task_set_return_on_cancel (task, TRUE);
  g_task_run_in_thread (task, recent_thread);
}

/**
 * pw_recent_figures_load_finish:
 *
 * Returns: (transfer full): the figures, or %NULL
 */
PwRecentFigures *
pw_recent_figures_load_finish (PwStore      *store,
                                  GAsyncResult *result,
                                  GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, store), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        pw_recent_figures_load_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
