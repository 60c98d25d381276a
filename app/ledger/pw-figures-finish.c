/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <string.h>

#include "pw-figures-run-private.h"
#include "store/pw-store-sql.h"

/* What follows from the sums of a run: totals, rates, projections and
 * medians, the groups in order and named. */

static gint64
mul_div (gint64 a,
         gint64 b,
         gint64 c)
{
#ifdef __SIZEOF_INT128__
  return (gint64) (((__int128) a * b) / c);
#else
  return (gint64) ((long double) a * b / c);
#endif
}

/* Returns: @micro per hour of @us, rounded toward zero; 0 without time */
gint64
_pw_figures_per_hour (gint64 micro,
                      gint64 us)
{
  if (us <= 0)
    return 0;
  return mul_div (micro, G_GINT64_CONSTANT (3600) * G_USEC_PER_SEC, us);
}

/* _pw_figures_per_hour(), with a rate past what 64 bits hold (a large sum
 * earned in moments) marking @earnings too large instead of wrapping. */
static gint64
rate_of (PwEarnings *earnings,
         gint64      micro,
         gint64      us)
{
  const gint64 hour = G_GINT64_CONSTANT (3600) * G_USEC_PER_SEC;

  if (us <= 0)
    return 0;
  if (us < hour && (micro > G_MAXINT64 / hour * us || micro < G_MININT64 / hour * us))
    {
      earnings->too_large = TRUE;
      return micro > 0 ? G_MAXINT64 : G_MININT64;
    }
  return _pw_figures_per_hour (micro, us);
}

/* Pending pay × its project's approval rate over the approval window;
 * without reviews of the project, the worker's own over all projects;
 * without any, the pending pay in full. */
static gint64
projected_pending (PwSpan     *span,
                   PwGroup    *group,
                   guint       currency,
                   PwEarnings *earnings)
{
  GHashTableIter iter;
  gpointer key, value;
  gint64 projected = 0;

  g_hash_table_iter_init (&iter, group->pending);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      gsize packed = GPOINTER_TO_SIZE (key) - 1;
      guint project = (guint) (packed >> 16);
      const PwApprovals *approvals = &span->overall;
      gint64 pending = *(gint64 *) value;

      if ((packed & 0xffff) != currency)
        continue;
      if (project < span->approvals->len &&
          g_array_index (span->approvals, PwApprovals, project).n_reviewed > 0)
        approvals = &g_array_index (span->approvals, PwApprovals, project);
      if (approvals->n_reviewed == 0)
        _pw_earnings_add (earnings, &projected, pending);
      else
        _pw_earnings_add (earnings, &projected,
                          mul_div (pending, approvals->n_approved, approvals->n_reviewed));
    }
  return projected;
}

static int
compare_earnings (gconstpointer a,
                  gconstpointer b)
{
  return strcmp (((const PwEarnings *) a)->currency, ((const PwEarnings *) b)->currency);
}

static void
finish_group (PwFiguresRun *run,
              PwSpan       *span,
              PwGroup      *group)
{
  PwFigures *figures = group->figures;
  gboolean outcomes = !(span->flags & PW_SPAN_TOTALS_ONLY);

  figures->unpaid_us = figures->gap_us + figures->unpaid_task_us + figures->lost_task_us +
                       figures->unpaid_manual_us;
  figures->all_us = figures->task_us + figures->gap_us + figures->paid_manual_us +
                    figures->unpaid_manual_us;
  figures->overhead_share = figures->all_us > 0 ? (double) figures->unpaid_us / figures->all_us
                                                : 0;
  figures->approval_rate = figures->n_reviewed > 0
                           ? (double) figures->n_approved / figures->n_reviewed : -1;
  figures->accuracy = figures->n_scored > 0 ? group->score_sum / figures->n_scored : -1;

  for (guint currency = 0; currency < group->earnings_of->len; currency++)
    {
      int index = g_array_index (group->earnings_of, int, currency);
      PwEarnings *earnings;
      guint n_tasks;

      if (index < 0)
        continue;
      earnings = &g_array_index (figures->earnings, PwEarnings, index);
      n_tasks = g_array_index (group->task_counts, guint, index);
      earnings->earned_micro = earnings->approved_micro;
      _pw_earnings_add (earnings, &earnings->earned_micro, earnings->paid_micro);
      _pw_earnings_add (earnings, &earnings->earned_micro, earnings->bonus_micro);
      _pw_earnings_add (earnings, &earnings->earned_micro, earnings->adjustment_micro);
      _pw_earnings_add (earnings, &earnings->earned_micro, earnings->fee_micro);
      earnings->projected_micro = earnings->earned_micro;
      if (outcomes)
        _pw_earnings_add (earnings, &earnings->projected_micro,
                          projected_pending (span, group, currency, earnings));
      earnings->pay_per_task_micro = n_tasks > 0 ? earnings->task_pay_micro / n_tasks : 0;
      earnings->effective_rate_micro = rate_of (earnings, earnings->earned_micro,
                                                figures->all_us);
      earnings->projected_rate_micro = rate_of (earnings, earnings->projected_micro,
                                                figures->all_us);
      earnings->task_only_rate_micro = rate_of (earnings, earnings->task_pay_micro,
                                                figures->submitted_task_us);
    }
  g_array_sort (figures->earnings, compare_earnings);
}

/* Medians */

/* Moves the @k-th smallest of @values to its place, smaller ones before
 * it and larger ones after: Hoare's selection, in linear time on
 * average. */
static void
select_nth (gint64 *values,
            gssize  n,
            gssize  k)
{
  gssize left = 0, right = n - 1;

  while (left < right)
    {
      gint64 pivot = values[left + (right - left) / 2];
      gssize i = left, j = right;

      while (i <= j)
        {
          while (values[i] < pivot)
            i++;
          while (values[j] > pivot)
            j--;
          if (i <= j)
            {
              gint64 swap = values[i];

              values[i++] = values[j];
              values[j--] = swap;
            }
        }
      if (k <= j)
        right = j;
      else if (k >= i)
        left = i;
      else
        return;
    }
}

static gint64
median (gint64 *data,
        guint   n)
{
  gint64 upper, lower;

  select_nth (data, n, n / 2);
  upper = data[n / 2];
  if (n % 2 == 1)
    return upper;
  /* The lower middle is the largest of those before the upper one. */
  lower = data[0];
  for (guint i = 1; i < n / 2; i++)
    lower = MAX (lower, data[i]);
  return (lower + upper) / 2;
}

static int
compare_counts (gconstpointer a,
                gconstpointer b)
{
  gint64 x = ((const PwMedianCount *) a)->us, y = ((const PwMedianCount *) b)->us;

  return x < y ? -1 : x > y;
}

/* The @k-th smallest of @counts, sorted, counting each value as often as
 * it was taken. */
static gint64
counted_nth (GArray *counts,
             gint64  k)
{
  for (guint i = 0; i < counts->len; i++)
    {
      PwMedianCount *count = &g_array_index (counts, PwMedianCount, i);

      if (k < count->count)
        return count->us;
      k -= count->count;
    }
  g_return_val_if_reached (0);
}

/* The median of @values and of the times @extra counts, the same value
 * median() finds over all of them. */
static gint64
median_with (gint64 *values,
             guint   n_values,
             GArray *extra)
{
  g_autoptr (GArray) counts = g_array_sized_new (FALSE, FALSE, sizeof (PwMedianCount),
                                                 extra->len + n_values);
  gint64 n = n_values, upper, lower;

  g_array_append_vals (counts, extra->data, extra->len);
  for (guint i = 0; i < extra->len; i++)
    n += g_array_index (extra, PwMedianCount, i).count;
  for (guint i = 0; i < n_values; i++)
    {
      PwMedianCount one = { values[i], 1 };

      g_array_append_val (counts, one);
    }
  g_array_sort (counts, compare_counts);
  upper = counted_nth (counts, n / 2);
  if (n % 2 == 1)
    return upper;
  lower = counted_nth (counts, n / 2 - 1);
  return (lower + upper) / 2;
}

static void
finish_medians (PwFiguresRun *run,
                PwSpan       *span)
{
  /* Each group's values one after the other, in memory the spans share: a
   * year holds hundreds of thousands of tasks, and fresh memory costs more
   * to touch than the selection itself. */
  g_autofree guint *next = g_new0 (guint, span->groups->len + 1);
  int slot = span->median_slot;
  gint64 *values;

  for (guint i = 0; i < run->task_infos->len; i++)
    {
      PwTaskInfo *info = _pw_figures_run_task (run, i);

      if (info->median_group[slot] != 0)
        next[info->median_group[slot]]++;
    }
  /* next[g] is where group g's values start: the counts before it. */
  for (guint i = 1; i <= span->groups->len; i++)
    next[i] += next[i - 1];
  g_array_set_size (run->median_values, next[span->groups->len]);
  values = (gint64 *) (gpointer) run->median_values->data;

  for (guint i = 0; i < run->task_infos->len; i++)
    {
      PwTaskInfo *info = _pw_figures_run_task (run, i);

      if (info->median_group[slot] != 0)
        values[next[info->median_group[slot] - 1]++] = info->median_us[slot];
    }

  /* Now next[g] is where group g's values end, and group g + 1's start. */
  for (guint i = 0; i < span->groups->len; i++)
    {
      guint start = i == 0 ? 0 : next[i - 1];
      PwGroup *group = span->groups->pdata[i];
      GArray *extra = span->extra_medians != NULL && group->index < span->extra_medians->len
                      ? span->extra_medians->pdata[group->index] : NULL;

      if (extra != NULL && extra->len > 0)
        group->figures->median_task_us = median_with (values + start, next[i] - start, extra);
      else if (next[i] > start)
        group->figures->median_task_us = median (values + start, next[i] - start);
    }
}

/* Order and names */

static int
compare_groups (gconstpointer a,
                gconstpointer b)
{
  const PwFigures *x = (*(PwGroup *const *) a)->figures;
  const PwFigures *y = (*(PwGroup *const *) b)->figures;
  int order = g_strcmp0 (x->account_id, y->account_id);

  return order != 0 ? order : g_strcmp0 (x->project_id, y->project_id);
}

static void
name_groups (PwSpan  *span,
             sqlite3 *db)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;

  if (span->grouping == PW_GROUP_ACCOUNT)
    stmt = pw_store_db_prepare (db, "SELECT name FROM accounts WHERE id = ?1", NULL);
  else
    /* Projects are named once the store keeps them; until then, by id. */
    sqlite3_prepare_v2 (db, "SELECT name FROM projects WHERE account_id = ?1 AND project_id = ?2",
                        -1, &stmt, NULL);
  if (stmt == NULL)
    return;

  for (guint i = 0; i < span->groups->len; i++)
    {
      PwFigures *figures = ((PwGroup *) span->groups->pdata[i])->figures;

      sqlite3_reset (stmt);
      sqlite3_bind_text (stmt, 1, figures->account_id, -1, SQLITE_STATIC);
      if (span->grouping == PW_GROUP_PROJECT)
        sqlite3_bind_text (stmt, 2, figures->project_id, -1, SQLITE_STATIC);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        figures->name = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
    }
}

void
_pw_figures_finish_span (PwFiguresRun *run,
                         PwSpan       *span,
                         sqlite3      *db)
{
  if (span->median_slot >= 0)
    finish_medians (run, span);
  for (guint i = 0; i < span->groups->len; i++)
    finish_group (run, span, span->groups->pdata[i]);
  if (span->group_of != NULL)
    {
      g_ptr_array_sort (span->groups, compare_groups);
      name_groups (span, db);
    }
}
