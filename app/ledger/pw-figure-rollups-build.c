/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "pw-figure-packs-private.h"
#include "pw-figure-rollup-blob-private.h"
#include "pw-figure-rollups-private.h"
#include "store/pw-store-sql.h"

/* Making the figures' roll-ups (see pw-figure-rollups-private.h): a run of
 * the figures over each span's rows, its sums by project kept, with the
 * times of its tasks and the sessions' state at its ends. */

static int
compare_us (gconstpointer a,
            gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

/* Where a task keyed @key has time, first and last. */
static gboolean
task_time_bounds (sqlite3_stmt *stmt,
                  sqlite3      *db,
                  gint64        key,
                  gint64       *first,
                  gint64       *last,
                  GError      **error)
{
  int rc;

  sqlite3_reset (stmt);
  sqlite3_bind_int64 (stmt, 1, key);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      pw_store_db_set_error (error, db, rc, _("Could not read the time log"));
      return FALSE;
    }
  *first = sqlite3_column_type (stmt, 0) == SQLITE_NULL ? G_MININT64
                                                         : sqlite3_column_int64 (stmt, 0);
  *last = sqlite3_column_type (stmt, 1) == SQLITE_NULL ? G_MAXINT64
                                                        : sqlite3_column_int64 (stmt, 1);
  sqlite3_reset (stmt);
  return TRUE;
}

static void
take_groups (PwRollup     *rollup,
             PwFiguresRun *run,
             PwSpan       *span)
{
  for (guint g = 0; g < span->groups->len; g++)
    {
      PwGroup *source = span->groups->pdata[g];
      PwFigures *figures = source->figures;
      PwRollupGroup *group = _pw_rollup_group_new ();

      group->account = g_strdup (figures->account_id != NULL ? figures->account_id : "");
      group->project = g_strdup (figures->project_id != NULL ? figures->project_id : "");
      for (guint i = 0; i < G_N_ELEMENTS (group->times); i++)
        group->times[i] = TIME_SUM (figures, i);
      for (guint i = 0; i < G_N_ELEMENTS (group->counts); i++)
        group->counts[i] = COUNT (figures, i);
      for (guint currency = 0; currency < source->earnings_of->len; currency++)
        {
          int index = g_array_index (source->earnings_of, int, currency);
          PwEarnings *earnings;
          PwRollupMoney money = { 0, };

          if (index < 0)
            continue;
          earnings = &g_array_index (figures->earnings, PwEarnings, index);
          money.currency = g_strdup (g_array_index (run->currencies.keys, PwKey, currency).text);
          for (guint i = 0; i < G_N_ELEMENTS (money.sums); i++)
            money.sums[i] = MONEY_SUM (earnings, i);
          money.task_count = g_array_index (source->task_counts, guint, index);
          g_array_append_val (group->money, money);
        }
      g_ptr_array_add (rollup->groups, group);
    }
}

/* Packs the scores, each value once, by its bits. */
static void
take_scores (PwRollup *rollup,
             GArray   *marks)
{
  g_autoptr (GHashTable) values = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                                         NULL);

  for (guint i = 0; i < marks->len; i++)
    {
      PwScoreMark *mark = &g_array_index (marks, PwScoreMark, i);
      gint64 bits;
      gpointer value;

      memcpy (&bits, &mark->score, sizeof bits);
      if (!g_hash_table_lookup_extended (values, &bits, NULL, &value))
        {
          value = GUINT_TO_POINTER (rollup->score_values->len);
          g_hash_table_insert (values, g_memdup2 (&bits, sizeof bits), value);
          g_array_append_val (rollup->score_values, mark->score);
        }
      _pw_pack_put_varint (rollup->scores, mark->group);
      _pw_pack_put_varint (rollup->scores, GPOINTER_TO_UINT (value));
    }
  rollup->n_scores = marks->len;
}

/* Takes the pay of a task that awaits its statement out of @group's sums:
 * a task worked in several spans counts once, where it was first worked. */
static void
take_out_awaiting (PwRollupGroup *group,
                   const char    *currency,
                   gint64         amount)
{
  for (guint m = 0; m < group->money->len; m++)
    {
      PwRollupMoney *money = &g_array_index (group->money, PwRollupMoney, m);

      if (strcmp (money->currency, currency) != 0)
        continue;
      money->sums[8] -= amount;   /* awaiting */
      money->sums[9] -= amount;   /* task pay */
      money->task_count--;
      group->counts[1]--;         /* tasks done */
      return;
    }
  g_assert_not_reached ();
}

static PwRollup *
build_one (sqlite3  *db,
           gint64    start,
           gint64    end,
           gboolean *rollable,
           GError  **error)
{
  g_autoptr (PwFiguresRun) run = _pw_figures_run_new (NULL);
  g_autoptr (PwRollup) rollup = _pw_rollup_new ();
  g_autoptr (sqlite3_stmt) keys = NULL;
  g_autoptr (sqlite3_stmt) bounds = NULL;
  g_autoptr (GPtrArray) values = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  PwSpan *span;
  guint index;
  int rc;

  *rollable = FALSE;
  /* Every task with time here gets a key, by which the summary knows it. */
  keys = pw_store_db_prepare (db, "INSERT OR IGNORE INTO task_keys (account_id, task_id) "
                                  "SELECT coalesce (account_id, ''), task_id FROM time_entries "
                                  "INDEXED BY time_figures WHERE started_at >= ?1 "
                                  "AND started_at < ?2 AND task_id IS NOT NULL", error);
  if (keys == NULL)
    return NULL;
  sqlite3_bind_int64 (keys, 1, start);
  sqlite3_bind_int64 (keys, 2, end);
  rc = sqlite3_step (keys);
  if (rc != SQLITE_DONE)
    {
      pw_store_db_set_error (error, db, rc, _("Could not number the tasks"));
      return NULL;
    }

  run->keyed = TRUE;
  run->lookup_outcomes = TRUE;
  run->sums_only = TRUE;
  run->score_marks = g_array_new (FALSE, FALSE, sizeof (PwScoreMark));
  index = _pw_figures_run_add_span (run, start, end, PW_GROUP_PROJECT, PW_SPAN_MEDIANS);
  _pw_figures_run_set_approval_start (run, index, start);
  if (!_pw_figures_run_execute (run, db, NULL, error))
    return NULL;
  span = run->spans->pdata[index];

  _pw_rollup_state_from_run (&rollup->start, run, &run->counted_state, start);
  _pw_rollup_state_from_run (&rollup->end, run, &run->end_state, end);
  rollup->outcomes_from = run->outcomes_from;
  rollup->outcomes_to = run->outcomes_to;
  rollup->magnitude = run->magnitude;
  take_groups (rollup, run, span);
  take_scores (rollup, run->score_marks);

  bounds = pw_store_db_prepare (db, "SELECT min (s), max (s) FROM ("
                                    "SELECT t.started_at AS s FROM task_keys AS k "
                                    "JOIN time_entries AS t INDEXED BY time_by_task "
                                    "ON t.account_id = k.account_id AND t.task_id = k.task_id "
                                    "WHERE k.key = ?1 UNION ALL "
                                    "SELECT t.started_at FROM task_keys AS k "
                                    "JOIN time_entries AS t INDEXED BY time_by_task "
                                    "ON t.account_id IS NULL AND t.task_id = k.task_id "
                                    "WHERE k.key = ?1 AND k.account_id = '')", error);
  if (bounds == NULL)
    return NULL;
  for (guint g = 0; g < span->groups->len; g++)
    g_ptr_array_add (values, g_array_new (FALSE, FALSE, sizeof (gint64)));

  for (guint i = 0; i < run->task_infos->len; i++)
    {
      PwTaskInfo *info = _pw_figures_run_task (run, i);
      guint group = info->median_group[0];
      gint64 first, last;

      if (group == 0)
        continue;
      group--;
      /* A task with no key yet cannot be told apart in another span. */
      if (info->key <= 0)
        return NULL;
      if (!task_time_bounds (bounds, db, info->key, &first, &last, error))
        return NULL;
      if (first >= start && last < end)
        g_array_append_val (values->pdata[group], info->median_us[0]);
      else
        {
          PwRollupShared shared = { group, info->key, info->median_us[0], FALSE, 0, NULL };

          if (info->awaiting_counted & 1)
            {
              shared.awaiting = TRUE;
              shared.amount = info->amount;
              shared.currency = g_strdup (g_array_index (run->currencies.keys, PwKey,
                                                         info->currency).text);
              take_out_awaiting (rollup->groups->pdata[group], shared.currency, shared.amount);
            }
          g_array_append_val (rollup->shared, shared);
        }
    }

  for (guint g = 0; g < span->groups->len; g++)
    {
      GArray *times = values->pdata[g];
      GArray *counts = ((PwRollupGroup *) rollup->groups->pdata[g])->medians;

      g_array_sort (times, compare_us);
      for (guint i = 0; i < times->len; i++)
        {
          gint64 us = g_array_index (times, gint64, i);

          if (counts->len > 0 && g_array_index (counts, PwMedianCount, counts->len - 1).us == us)
            g_array_index (counts, PwMedianCount, counts->len - 1).count++;
          else
            {
              PwMedianCount count = { us, 1 };

              g_array_append_val (counts, count);
            }
        }
    }
  *rollable = TRUE;
  return g_steal_pointer (&rollup);
}

typedef struct
{
  sqlite3      *db;
  sqlite3_stmt *exists;
  sqlite3_stmt *insert;
  sqlite3_stmt *drop_days;
} Builder;

static void
builder_clear (Builder *builder)
{
  sqlite3_finalize (builder->exists);
  sqlite3_finalize (builder->insert);
  sqlite3_finalize (builder->drop_days);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Builder, builder_clear)

/* Rolls up the span @start to @end unless it has a roll-up. A span that
 * cannot be rolled up is left: its rows are read. */
static gboolean
build_span (Builder  *builder,
            gint64    start,
            gint64    end,
            GError  **error)
{
  sqlite3 *db = builder->db;
  g_autoptr (PwRollup) rollup = NULL;
  g_autoptr (GByteArray) blob = NULL;
  gboolean rollable;
  int rc;

  sqlite3_reset (builder->exists);
  sqlite3_bind_int64 (builder->exists, 1, start / PW_FIGURE_CHUNK_US);
  sqlite3_bind_int64 (builder->exists, 2, start);
  sqlite3_bind_int64 (builder->exists, 3, end);
  rc = sqlite3_step (builder->exists);
  sqlite3_reset (builder->exists);
  if (rc == SQLITE_ROW)
    return TRUE;
  if (rc != SQLITE_DONE)
    {
      pw_store_db_set_error (error, db, rc, _("Could not read the ledger"));
      return FALSE;
    }

  rollup = build_one (db, start, end, &rollable, error);
  if (rollup == NULL && !rollable && error != NULL && *error != NULL)
    return FALSE;
  if (rollup == NULL)
    return TRUE;
  blob = _pw_rollup_encode (rollup);
  sqlite3_reset (builder->insert);
  sqlite3_bind_int64 (builder->insert, 1, start / PW_FIGURE_CHUNK_US);
  sqlite3_bind_int64 (builder->insert, 2, start);
  sqlite3_bind_int64 (builder->insert, 3, end);
  sqlite3_bind_blob (builder->insert, 4, blob->data, blob->len, SQLITE_STATIC);
  rc = sqlite3_step (builder->insert);
  sqlite3_reset (builder->insert);
  if (rc != SQLITE_DONE)
    {
      pw_store_db_set_error (error, db, rc, _("Could not save the ledger"));
      return FALSE;
    }
  return TRUE;
}

/**
 * _pw_figure_rollups_build:
 * @start: the first time to roll up
 * @end: the time to roll up to, excluded
 * @until: spans that end after it are left: of the week under way, only
 *   the days that are over are rolled up
 *
 * Rolls up each span of @start to @end inside one week, and each day that
 * is over of the week under way, that has no roll-up yet. Once a week is
 * rolled up whole, the roll-ups of its days are dropped. Runs on the
 * writer's connection, inside its transaction.
 */
gboolean
_pw_figure_rollups_build (sqlite3  *db,
                          gint64    start,
                          gint64    end,
                          gint64    until,
                          GError  **error)
{
  g_autoptr (GArray) spans = _pw_rollup_spans_of (start, end, PW_FIGURE_CHUNK_US);
  g_auto (Builder) builder = { db, NULL, NULL, NULL };

  builder.exists = pw_store_db_prepare (db, "SELECT 1 FROM figure_rollups "
                                            "WHERE chunk = ?1 AND start = ?2 AND end = ?3",
                                        error);
  if (builder.exists == NULL)
    return FALSE;
  builder.insert = pw_store_db_prepare (db, "INSERT OR REPLACE INTO figure_rollups "
                                            "(chunk, start, end, rollup) VALUES (?1, ?2, ?3, ?4)",
                                        error);
  if (builder.insert == NULL)
    return FALSE;
  /* A day's roll-up ends where a day starts, before its week's span does,
   * and is a day long at most. */
  builder.drop_days = pw_store_db_prepare (db, "DELETE FROM figure_rollups WHERE chunk = ?1 "
                                               "AND start >= ?2 AND end < ?3 "
                                               "AND end - start <= ?4 AND end % ?4 = 0",
                                           error);
  if (builder.drop_days == NULL)
    return FALSE;

  for (guint i = 0; i < spans->len; i++)
    {
      gint64 *span = &g_array_index (spans, gint64, 2 * i);
      g_autoptr (GArray) days = NULL;
      int rc;

      if (span[1] <= until)
        {
          if (!build_span (&builder, span[0], span[1], error))
            return FALSE;
          sqlite3_reset (builder.drop_days);
          sqlite3_bind_int64 (builder.drop_days, 1, span[0] / PW_FIGURE_CHUNK_US);
          sqlite3_bind_int64 (builder.drop_days, 2, span[0]);
          sqlite3_bind_int64 (builder.drop_days, 3, span[1]);
          sqlite3_bind_int64 (builder.drop_days, 4, DAY_US);
          rc = sqlite3_step (builder.drop_days);
          sqlite3_reset (builder.drop_days);
          if (rc != SQLITE_DONE)
            {
              pw_store_db_set_error (error, db, rc, _("Could not save the ledger"));
              return FALSE;
            }
          continue;
        }

      /* The week under way: its days that are over. */
      days = _pw_rollup_spans_of (span[0], span[1], DAY_US);
      for (guint d = 0; d < days->len; d++)
        {
          gint64 *day = &g_array_index (days, gint64, 2 * d);

          if (day[1] > until)
            break;
          if (!build_span (&builder, day[0], day[1], error))
            return FALSE;
        }
      break;
    }
  return TRUE;
}
