/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n-lib.h>

#include "pw-figure-packs-private.h"
#include "pw-figure-rollup-blob-private.h"
#include "pw-figure-rollups-private.h"
#include "store/pw-store-sql.h"

/* Adding up the figures' roll-ups (see pw-figure-rollups-private.h) of a
 * span's first parts, then reading its rows from where they end. */

/* Adds the roll-up of @start to @end to @rollups; sets *@found to
 * %FALSE when there is none that decodes. */
static gboolean
load_span (sqlite3_stmt *stmt,
           sqlite3      *db,
           gint64        start,
           gint64        end,
           GPtrArray    *rollups,
           gboolean     *found,
           GError      **error)
{
  PwRollup *rollup;
  int rc;

  *found = FALSE;
  sqlite3_reset (stmt);
  sqlite3_bind_int64 (stmt, 1, start / PW_FIGURE_CHUNK_US);
  sqlite3_bind_int64 (stmt, 2, start);
  sqlite3_bind_int64 (stmt, 3, end);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    return TRUE;
  if (rc != SQLITE_ROW)
    {
      pw_store_db_set_error (error, db, rc, _("Could not read the ledger"));
      sqlite3_reset (stmt);
      return FALSE;
    }
  rollup = _pw_rollup_decode (sqlite3_column_blob (stmt, 0), sqlite3_column_bytes (stmt, 0));
  sqlite3_reset (stmt);
  if (rollup == NULL)
    {
      g_debug ("The figures' roll-up from %" G_GINT64_FORMAT " does not decode", start);
      return TRUE;
    }
  g_ptr_array_add (rollups, rollup);
  *found = TRUE;
  return TRUE;
}

/* The roll-ups of the first spans of @start to @end, in order, up to the
 * first span without one: a week's span whole, or else its days. */
static gboolean
load_rollups (sqlite3    *db,
              gint64      start,
              gint64      end,
              GPtrArray  *rollups,
              gint64     *rolled_to,
              GError    **error)
{
  g_autoptr (GArray) spans = _pw_rollup_spans_of (start, end, PW_FIGURE_CHUNK_US);
  g_autoptr (sqlite3_stmt) stmt = NULL;

  *rolled_to = start;
  stmt = pw_store_db_prepare (db, "SELECT rollup FROM figure_rollups "
                                  "WHERE chunk = ?1 AND start = ?2 AND end = ?3", error);
  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < spans->len; i++)
    {
      gint64 *span = &g_array_index (spans, gint64, 2 * i);
      g_autoptr (GArray) days = NULL;
      gboolean found;

      if (!load_span (stmt, db, span[0], span[1], rollups, &found, error))
        return FALSE;
      if (found)
        {
          *rolled_to = span[1];
          continue;
        }

      days = _pw_rollup_spans_of (span[0], span[1], DAY_US);
      found = TRUE;
      for (guint d = 0; d < days->len && found; d++)
        {
          gint64 *day = &g_array_index (days, gint64, 2 * d);

          if (!load_span (stmt, db, day[0], day[1], rollups, &found, error))
            return FALSE;
          if (found)
            *rolled_to = day[1];
        }
      /* Every day of the week, as when it could not be rolled up whole. */
      if (!found)
        break;
    }
  return TRUE;
}

static void
add_group_sums (PwFiguresRun  *run,
                PwSpan        *span,
                PwGroup       *group,
                PwRollupGroup *rolled,
                guint          project)
{
  PwFigures *figures = group->figures;
  PwApprovals *approvals;

  for (guint i = 0; i < G_N_ELEMENTS (rolled->times); i++)
    TIME_SUM (figures, i) += rolled->times[i];
  for (guint i = 0; i < G_N_ELEMENTS (rolled->counts); i++)
    COUNT (figures, i) += (guint) rolled->counts[i];
  for (guint m = 0; m < rolled->money->len; m++)
    {
      PwRollupMoney *money = &g_array_index (rolled->money, PwRollupMoney, m);
      guint currency = _pw_figures_run_currency (run, money->currency);
      guint index;
      PwEarnings *earnings = _pw_group_earnings (group, run, currency, &index);

      for (guint i = 0; i < G_N_ELEMENTS (money->sums); i++)
        _pw_earnings_add (earnings, &MONEY_SUM (earnings, i), money->sums[i]);
      g_array_index (group->task_counts, guint, index) += (guint) money->task_count;
      /* Pending pay for the projection, by project and currency. */
      if (money->sums[0] != 0)
        {
          gpointer key = GSIZE_TO_POINTER ((((gsize) project) << 16 | currency) + 1);
          gint64 *pending = g_hash_table_lookup (group->pending, key);

          if (pending == NULL)
            {
              pending = g_new0 (gint64, 1);
              g_hash_table_insert (group->pending, key, pending);
            }
          _pw_earnings_add (earnings, pending, money->sums[0]);
        }
    }

  /* The span is a year: its approvals are its reviews. */
  if (span->approvals->len <= project)
    g_array_set_size (span->approvals, project + 1);
  approvals = &g_array_index (span->approvals, PwApprovals, project);
  approvals->n_reviewed += (guint) rolled->counts[2];
  approvals->n_approved += (guint) rolled->counts[3];
}

static void
add_medians (PwSpan        *span,
             PwGroup       *group,
             PwRollupGroup *rolled)
{
  GArray *extra;

  if (rolled->medians->len == 0)
    return;
  if (span->extra_medians == NULL)
    span->extra_medians = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  while (span->extra_medians->len <= group->index)
    g_ptr_array_add (span->extra_medians, g_array_new (FALSE, FALSE, sizeof (PwMedianCount)));
  extra = span->extra_medians->pdata[group->index];
  g_array_append_vals (extra, rolled->medians->data, rolled->medians->len);
}

typedef struct
{
  guint    account;
  PwGroup *group;
  gint64   us;
} SharedTask;

/* Adds the roll-ups to the run's two spans (one group; by project) before
 * it reads the rest. */
static void
add_rollups (PwFiguresRun *run,
             GPtrArray    *rollups)
{
  PwSpan *whole = run->spans->pdata[0];
  PwSpan *by_project = run->spans->pdata[1];
  PwGroup *all = whole->groups->pdata[0];
  g_autoptr (GHashTable) shared = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL,
                                                         g_free);
  g_autoptr (GPtrArray) order = g_ptr_array_new ();

  for (guint r = 0; r < rollups->len; r++)
    {
      PwRollup *rollup = rollups->pdata[r];
      g_autofree PwGroup **groups = g_new (PwGroup *, rollup->groups->len);
      g_autofree guint *projects = g_new (guint, rollup->groups->len);
      g_autofree guint *accounts = g_new (guint, rollup->groups->len);
      const guint8 *cursor;

      for (guint g = 0; g < rollup->groups->len; g++)
        {
          PwRollupGroup *rolled = rollup->groups->pdata[g];

          accounts[g] = _pw_figures_run_account (run, rolled->account);
          projects[g] = _pw_figures_run_project (run, accounts[g], rolled->project);
          groups[g] = _pw_figures_run_group_for (run, by_project, 0, accounts[g], projects[g]);
          add_group_sums (run, whole, all, rolled, projects[g]);
          add_group_sums (run, by_project, groups[g], rolled, projects[g]);
          add_medians (whole, all, rolled);
          add_medians (by_project, groups[g], rolled);
        }

      /* Scores, in the order the statement gave them: decoded once. */
      cursor = rollup->scores->data;
      for (guint i = 0; i < rollup->n_scores; i++)
        {
          guint64 group = 0, value = 0;
          double score;

          _pw_pack_get_varint (&cursor, rollup->scores->data + rollup->scores->len, &group);
          _pw_pack_get_varint (&cursor, rollup->scores->data + rollup->scores->len, &value);
          score = g_array_index (rollup->score_values, double, value);
          all->score_sum += score;
          groups[group]->score_sum += score;
        }

      /* A task worked in several spans counts once, in the group it was
       * first worked in, with all its time. */
      for (guint i = 0; i < rollup->shared->len; i++)
        {
          PwRollupShared *task = &g_array_index (rollup->shared, PwRollupShared, i);
          SharedTask *known = g_hash_table_lookup (shared, &task->key);

          if (known == NULL)
            {
              known = g_new0 (SharedTask, 1);
              known->account = accounts[task->group];
              known->group = groups[task->group];
              g_hash_table_insert (shared, &task->key, known);
              g_ptr_array_add (order, &task->key);
              if (task->awaiting)
                {
                  guint currency = _pw_figures_run_currency (run, task->currency);
                  PwGroup *each[] = { all, known->group };

                  for (guint k = 0; k < G_N_ELEMENTS (each); k++)
                    {
                      PwEarnings *earnings;
                      guint index;

                      _pw_group_count_task_pay (each[k], run, currency, task->amount);
                      earnings = _pw_group_earnings (each[k], run, currency, &index);
                      _pw_earnings_add (earnings, &earnings->awaiting_micro, task->amount);
                    }
                  /* Counted in both spans: the rows read later add none. */
                  _pw_figures_run_task (run, _pw_figures_run_keyed_task (run, known->account,
                                                                         task->key))
                    ->awaiting_counted = 3;
                }
            }
          known->us += task->us;
        }
      run->magnitude = rollup->magnitude > G_MAXUINT64 - run->magnitude
                       ? G_MAXUINT64 : run->magnitude + rollup->magnitude;
    }

  for (guint i = 0; i < order->len; i++)
    {
      gint64 *key = order->pdata[i];
      SharedTask *known = g_hash_table_lookup (shared, key);
      PwTaskInfo *info = _pw_figures_run_task (run, _pw_figures_run_keyed_task (run,
                                                                                known->account,
                                                                                *key));

      info->median_group[whole->median_slot] = all->index + 1;
      info->median_us[whole->median_slot] += known->us;
      info->median_group[by_project->median_slot] = known->group->index + 1;
      info->median_us[by_project->median_slot] += known->us;
    }
}

static gboolean
rollups_join (GPtrArray *rollups,
              gint64     window_from,
              gint64     window_to,
              guint64   *magnitude)
{
  *magnitude = 0;
  for (guint r = 0; r < rollups->len; r++)
    {
      PwRollup *rollup = rollups->pdata[r];

      /* A task's outcome is its last entry in the summary's window: the
       * roll-up took the last of all, the same with all inside. */
      if (rollup->outcomes_from < window_from || rollup->outcomes_to >= window_to)
        {
          g_debug ("Roll-up %u has outcomes outside the span's window", r);
          return FALSE;
        }
      if (r > 0 &&
          !_pw_rollup_states_equal (&((PwRollup *) rollups->pdata[r - 1])->end, &rollup->start))
        {
          g_debug ("Roll-up %u does not join the one before", r);
          return FALSE;
        }
      *magnitude = rollup->magnitude > G_MAXUINT64 - *magnitude ? G_MAXUINT64
                                                                 : *magnitude + rollup->magnitude;
    }
  return *magnitude < SAFE_MAGNITUDE;
}

gboolean
_pw_figure_rollups_compute (sqlite3       *db,
                            GTimeZone     *tz,
                            gint64         start,
                            gint64         end,
                            gboolean      *rolled,
                            PwFigures    **figures,
                            GPtrArray    **projects,
                            GCancellable  *cancellable,
                            GError       **error)
{
  g_autoptr (GPtrArray) rollups = g_ptr_array_new_with_free_func ((GDestroyNotify) _pw_rollup_free);
  g_autoptr (PwFiguresRun) run = NULL;
  PwRollupState state = { 0, };
  gint64 rolled_to, window_from = start - PW_FIGURES_LEDGER_BEFORE_US;
  gint64 window_to = end + PW_FIGURES_LEDGER_AFTER_US;
  guint64 magnitude;
  guint whole, by_project;
  gboolean same;

  *rolled = FALSE;
  /* A span shorter than the approval window counts approvals before it,
   * which no roll-up of it holds. */
  if (end - start < PW_FIGURES_APPROVAL_SPAN_US)
    return TRUE;
  if (!load_rollups (db, start, end, rollups, &rolled_to, error))
    return FALSE;
  if (rollups->len == 0 || !rollups_join (rollups, window_from, window_to, &magnitude))
    {
      g_debug ("The year is read from the rows (%u roll-ups)", rollups->len);
      return TRUE;
    }

  run = _pw_figures_run_new (tz);
  run->keyed = TRUE;
  run->has_window = TRUE;
  run->window_from = window_from;
  run->window_to = window_to;
  whole = _pw_figures_run_add_span (run, rolled_to, end, PW_GROUP_NONE, PW_SPAN_MEDIANS);
  by_project = _pw_figures_run_add_span (run, rolled_to, end, PW_GROUP_PROJECT, PW_SPAN_MEDIANS);
  _pw_figures_run_set_approval_start (run, whole, rolled_to);
  _pw_figures_run_set_approval_start (run, by_project, rolled_to);
  add_rollups (run, rollups);
  /* The approvals of each project count toward the worker's own. */
  for (guint s = 0; s < 2; s++)
    {
      PwSpan *span = run->spans->pdata[s];

      for (guint p = 0; p < span->approvals->len; p++)
        {
          span->overall.n_reviewed += g_array_index (span->approvals, PwApprovals, p).n_reviewed;
          span->overall.n_approved += g_array_index (span->approvals, PwApprovals, p).n_approved;
        }
    }
  if (!_pw_figures_run_execute (run, db, cancellable, error))
    return FALSE;

  /* The rows read must go on from the sessions where the roll-ups end. */
  _pw_rollup_state_from_run (&state, run, &run->counted_state, rolled_to);
  same = _pw_rollup_states_equal (&state, &((PwRollup *) rollups->pdata[rollups->len - 1])->end);
  g_free (state.account);
  g_free (state.task);
  if (!same || run->magnitude >= SAFE_MAGNITUDE)
    {
      g_debug ("The rows after the roll-ups do not join them, or the sums are too large");
      return TRUE;
    }

  *figures = _pw_figures_run_single_result (run, whole);
  (*figures)->start = start;
  *projects = _pw_figures_run_result (run, by_project);
  for (guint i = 0; i < (*projects)->len; i++)
    ((PwFigures *) (*projects)->pdata[i])->start = start;
  *rolled = TRUE;
  return TRUE;
}
