/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include "pw-figure-rollups-private.h"
#include "store/pw-store-rates.h"
#include "store/pw-store-sql.h"

/* The figures of one period, as `piecework --summary` prints them: the
 * period, the one before for its rates, and each project. */

/**
 * pw_period_summary_free:
 * @self: (nullable): a summary
 */
void
pw_period_summary_free (PwPeriodSummary *self)
{
  if (self == NULL)
    return;

  g_clear_pointer (&self->current, pw_figures_unref);
  g_clear_pointer (&self->previous, pw_figures_unref);
  g_clear_pointer (&self->projects, g_ptr_array_unref);
  g_free (self);
}

typedef struct
{
  PwPeriod   period;
  GDateTime *at;
} SummaryRead;

static gpointer
summary_read (sqlite3      *db,
              gpointer      data,
              GCancellable *cancellable,
              GError      **error)
{
  SummaryRead *read = data;
  g_autoptr (PwFiguresRun) run = _pw_figures_run_new (g_date_time_get_timezone (read->at));
  g_autoptr (PwPeriodSummary) self = g_new0 (PwPeriodSummary, 1);
  /* A day, a week or a month is compared with the one before; a year
   * stands alone. */
  gboolean compare = read->period != PW_PERIOD_YEAR;
  guint current, projects, previous = 0;
  gint64 start, end;

  pw_period_bounds (read->period, read->at, &start, &end);
  /* A year adds up the roll-ups of its weeks that are over, where they
   * give the same figures. */
  if (!compare)
    {
      gboolean rolled;

      if (!_pw_figure_rollups_compute (db, g_date_time_get_timezone (read->at), start, end,
                                       &rolled, &self->current, &self->projects, cancellable,
                                       error))
        return NULL;
      if (rolled)
        {
          self->period = read->period;
          return g_steal_pointer (&self);
        }
    }
  current = _pw_figures_run_add_span (run, start, end, PW_GROUP_NONE, PW_SPAN_MEDIANS);
  projects = _pw_figures_run_add_span (run, start, end, PW_GROUP_PROJECT, PW_SPAN_MEDIANS);
  if (compare)
    {
      _pw_period_bounds_before (read->period, read->at, &start, &end);
      /* The period before is there only for its rates. */
      previous = _pw_figures_run_add_span (run, start, end, PW_GROUP_NONE, PW_SPAN_TOTALS_ONLY);
    }
  if (!_pw_figures_run_execute (run, db, cancellable, error))
    return NULL;

  self->period = read->period;
  self->current = _pw_figures_run_single_result (run, current);
  self->projects = _pw_figures_run_result (run, projects);
  if (compare)
    self->previous = _pw_figures_run_single_result (run, previous);
  return g_steal_pointer (&self);
}

/**
 * pw_period_summary_load:
 * @store: a #PwStore
 * @period: the kind of period
 * @at: a time in the period, in the time zone whose days count
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Computes the figures of the local day, week, month or year that holds
 * @at, in one pass over the statement and the time log. Waits for the
 * disk: for threads and the command line. Sums too large to show are
 * marked, not refused: check them with pw_figures_check_sums().
 *
 * Returns: (transfer full): the summary, or %NULL
 */
PwPeriodSummary *
pw_period_summary_load (PwStore       *store,
                        PwPeriod       period,
                        GDateTime     *at,
                        GCancellable  *cancellable,
                        GError       **error)
{
  SummaryRead read = { period, at };

  g_return_val_if_fail (PW_IS_STORE (store), NULL);
  g_return_val_if_fail (period <= PW_PERIOD_YEAR, NULL);
  g_return_val_if_fail (at != NULL, NULL);

  return _pw_ledger_read_apart (store, summary_read, &read, cancellable, error);
}

/**
 * pw_period_summary_pack_and_load:
 * @store: a #PwStore
 * @period: the kind of period
 * @at: a time in the period, in the time zone whose days count
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * As pw_period_summary_load(), after packing the weeks of the period that
 * are over, the week before included, and for a year rolling up its
 * weeks that are over and the days of the week under way that are, on
 * the same connection: for the command line, which waits once for the
 * store's writes and opens one connection. Should packing fail, the
 * weeks are read from the tables, with the same figures.
 *
 * Returns: (transfer full): the summary, or %NULL
 */
PwPeriodSummary *
pw_period_summary_pack_and_load (PwStore       *store,
                                 PwPeriod       period,
                                 GDateTime     *at,
                                 GCancellable  *cancellable,
                                 GError       **error)
{
  g_autoptr (GError) keep_error = NULL;
  g_autoptr (sqlite3) db = NULL;
  SummaryRead read = { period, at };
  gint64 start, end;

  g_return_val_if_fail (PW_IS_STORE (store), NULL);
  g_return_val_if_fail (period <= PW_PERIOD_YEAR, NULL);
  g_return_val_if_fail (at != NULL, NULL);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  /* The worker's own figures are brought up to date first: made now, they
   * undo no pack or roll-up made here. */
  pw_store_refresh_own_figures (store);
  if (!pw_store_flush (store, error))
    return NULL;
  db = pw_store_db_open (pw_store_get_path (store), &keep_error);
  if (db == NULL)
    {
      g_debug ("Reading the weeks unpacked: %s", keep_error->message);
      return pw_period_summary_load (store, period, at, cancellable, error);
    }

  pw_period_bounds (period, at, &start, &end);
  if (!_pw_figures_keep (db, start, end, period == PW_PERIOD_YEAR, &keep_error))
    g_debug ("Reading the weeks not packed or rolled up: %s", keep_error->message);
  return _pw_ledger_read_on (db, summary_read, &read, cancellable, error);
}
