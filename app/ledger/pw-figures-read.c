/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "pw-error.h"
#include "pw-figure-packs-private.h"
#include "store/pw-store-sql.h"

/* The two passes of a run: the statement, then the time log, each in order
 * of time. A task's outcome (rejected, expired, unpaid...) decides what its
 * time counts as; it comes from the statement entries read in the first
 * pass, and for the few tasks without one there, from the store's task and
 * its entry looked up one by one. */

#define CANCEL_CHECK_ROWS 4096

static gboolean
check_cancelled (guint64       rows,
                 GCancellable *cancellable,
                 GError      **error)
{
  if (rows % CANCEL_CHECK_ROWS != 0)
    return FALSE;
  return g_cancellable_set_error_if_cancelled (cancellable, error);
}

/* The statement */

static void
count_approval (PwSpan            *span,
                const PwFigureRow *row)
{
  PwApprovals *approvals;

  if (span->approvals->len <= row->project)
    g_array_set_size (span->approvals, row->project + 1);
  approvals = &g_array_index (span->approvals, PwApprovals, row->project);
  approvals->n_reviewed++;
  span->overall.n_reviewed++;
  if (row->status != PW_STATUS_REJECTED)
    {
      approvals->n_approved++;
      span->overall.n_approved++;
    }
}

static void
add_pending (PwGroup           *group,
             PwEarnings        *earnings,
             const PwFigureRow *row)
{
  gpointer key = GSIZE_TO_POINTER ((((gsize) row->project) << 16 | row->currency) + 1);
  gint64 *pending = g_hash_table_lookup (group->pending, key);

  if (pending == NULL)
    {
      pending = g_new0 (gint64, 1);
      g_hash_table_insert (group->pending, key, pending);
    }
  _pw_earnings_add (earnings, pending, row->amount);
}

/* Adds the magnitude of @amount to what the run has counted, up to
 * G_MAXUINT64. */
static void
count_magnitude (PwFiguresRun *run,
                 gint64        amount)
{
  guint64 magnitude = amount < 0 ? (guint64) -(amount + 1) + 1 : (guint64) amount;

  run->magnitude = magnitude > G_MAXUINT64 - run->magnitude ? G_MAXUINT64
                                                              : run->magnitude + magnitude;
}

static void
add_entry (PwFiguresRun      *run,
           PwSpan            *span,
           const PwFigureRow *row)
{
  gboolean outcomes = !(span->flags & PW_SPAN_TOTALS_ONLY);
  PwGroup *group;
  PwEarnings *earnings;
  guint index;

  /* The worker's own figures price accepted work; no one reviewed it, so
   * they count in no approval rate. */
  if (outcomes && row->type == PW_ENTRY_TASK && row->status != PW_STATUS_PENDING && !row->own &&
      row->at >= span->approval_start && row->at < span->end)
    count_approval (span, row);

  if (row->at < span->start || row->at >= span->end)
    return;
  group = _pw_figures_run_group_for (run, span, row->at, row->account, row->project);
  if (group == NULL)
    return;
  earnings = _pw_group_earnings (group, run, row->currency, &index);
  count_magnitude (run, row->amount);

  switch (row->type)
    {
    case PW_ENTRY_TASK:
      switch (row->status)
        {
        case PW_STATUS_PENDING:
          _pw_earnings_add (earnings, &earnings->pending_micro, row->amount);
          if (outcomes)
            add_pending (group, earnings, row);
          break;
        case PW_STATUS_APPROVED:
          _pw_earnings_add (earnings, &earnings->approved_micro, row->amount);
          break;
        case PW_STATUS_REJECTED:
          _pw_earnings_add (earnings, &earnings->rejected_micro, row->amount);
          break;
        case PW_STATUS_PAID:
        default:
          _pw_earnings_add (earnings, &earnings->paid_micro, row->amount);
          break;
        }
      _pw_earnings_add (earnings, &earnings->task_pay_micro, row->amount);
      g_array_index (group->task_counts, guint, index)++;
      group->figures->n_tasks_done++;
      if (row->own)
        {
          if (row->status != PW_STATUS_REJECTED)
            _pw_earnings_add (earnings, &earnings->own_micro, row->amount);
          group->figures->n_own_tasks++;
        }
      if (row->status != PW_STATUS_PENDING && !row->own)
        {
          group->figures->n_reviewed++;
          if (row->status != PW_STATUS_REJECTED)
            group->figures->n_approved++;
        }
      if (row->has_score)
        {
          group->figures->n_scored++;
          group->score_sum += row->score;
          if (run->score_marks != NULL && span == run->spans->pdata[0])
            {
              PwScoreMark mark = { group->index, row->score };

              g_array_append_val (run->score_marks, mark);
            }
        }
      break;

    /* Money besides task pay counts as it is stated, unless rejected. */
    case PW_ENTRY_BONUS:
      if (row->status != PW_STATUS_REJECTED)
        _pw_earnings_add (earnings, &earnings->bonus_micro, row->amount);
      break;
    case PW_ENTRY_ADJUSTMENT:
      if (row->status != PW_STATUS_REJECTED)
        _pw_earnings_add (earnings, &earnings->adjustment_micro, row->amount);
      break;
    case PW_ENTRY_FEE:
      /* A fee is negative by the contract; a positive one is still a fee. */
      if (row->status != PW_STATUS_REJECTED)
        {
          /* The magnitude of G_MININT64 is one more than G_MAXINT64. */
          gint64 fee = row->amount < 0 ? row->amount : -row->amount;

          _pw_earnings_add (earnings, &earnings->fee_micro, fee);
        }
      break;
    case PW_ENTRY_PAYOUT:
    default:
      if (row->status != PW_STATUS_REJECTED)
        _pw_earnings_add (earnings, &earnings->payout_micro, row->amount);
      break;
    }
}

/* Tasks whose entry was not read on the way */

static gboolean
probe_entry (PwFiguresRun *run,
             sqlite3      *db,
             PwTaskInfo   *info,
             const char   *account_id,
             const char   *task_id,
             GError      **error)
{
  gint64 latest = G_MININT64;
  int rc;

  sqlite3_reset (run->probe_entry);
  sqlite3_bind_text (run->probe_entry, 1, account_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (run->probe_entry, 2, task_id, -1, SQLITE_STATIC);
  /* The latest entry of the task, should there be more than one. */
  while ((rc = sqlite3_step (run->probe_entry)) == SQLITE_ROW)
    {
      PwStatus status;
      const char *currency = (const char *) sqlite3_column_text (run->probe_entry, 2);
      gint64 at = sqlite3_column_int64 (run->probe_entry, 3);

      if (_pw_figure_parse_status ((const char *) sqlite3_column_text (run->probe_entry, 0),
                                   &status) &&
          currency != NULL && (!info->has_entry || at >= latest))
        {
          info->has_entry = TRUE;
          info->status = status;
          info->amount = sqlite3_column_int64 (run->probe_entry, 1);
          info->currency = _pw_figures_run_currency (run, currency);
          latest = at;
        }
    }
  sqlite3_reset (run->probe_entry);
  if (rc != SQLITE_DONE)
    {
      pw_store_db_set_error (error, db, rc, _("Could not read the statement"));
      return FALSE;
    }
  return TRUE;
}

static gboolean
probe_claimed_task (PwFiguresRun *run,
                    sqlite3      *db,
                    PwTaskInfo   *info,
                    const char   *account_id,
                    const char   *task_id,
                    GError      **error)
{
  int rc;

  sqlite3_reset (run->probe_task);
  sqlite3_bind_text (run->probe_task, 1, account_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (run->probe_task, 2, task_id, -1, SQLITE_STATIC);
  rc = sqlite3_step (run->probe_task);
  if (rc == SQLITE_ROW)
    {
      const char *state = (const char *) sqlite3_column_text (run->probe_task, 0);
      gint64 pay = sqlite3_column_int64 (run->probe_task, 1);
      const char *currency = (const char *) sqlite3_column_text (run->probe_task, 2);

      if (g_strcmp0 (state, "submitted") == 0 || g_strcmp0 (state, "synced") == 0)
        {
          info->submitted = TRUE;
          info->awaiting = currency != NULL;
          info->outcome = pay == 0 ? PW_OUTCOME_UNPAID : PW_OUTCOME_PAID;
        }
      else if (g_strcmp0 (state, "claimed") == 0)
        info->outcome = pay == 0 ? PW_OUTCOME_UNPAID : PW_OUTCOME_OPEN;
      else
        info->outcome = PW_OUTCOME_LOST;
      info->amount = pay;
      if (currency != NULL)
        info->currency = _pw_figures_run_currency (run, currency);
    }
  sqlite3_reset (run->probe_task);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      pw_store_db_set_error (error, db, rc, _("Could not read the claimed tasks"));
      return FALSE;
    }
  return TRUE;
}

/* The entry a run that read the statement of the window would take for
 * the task: the last inside the window in the order of the statement's
 * index, and without one the latest, as probe_entry() finds it. Notes the
 * times of all the task's entries for roll-ups. */
static gboolean
look_up_entry (PwFiguresRun *run,
               sqlite3      *db,
               PwTaskInfo   *info,
               const char   *account_id,
               const char   *task_id,
               GError      **error)
{
  sqlite3_stmt *stmt;
  gboolean in_window = FALSE, any = FALSE;
  gint64 latest = G_MININT64;
  g_autofree char *latest_id = NULL;
  int rc;

  /* The order of ledger_figures for one task's entries: the last row read
   * is the one a pass takes. */
  if (run->look_up == NULL &&
      (run->look_up = pw_store_db_prepare (db, "SELECT status, amount_micro, currency, at, "
                                               "entry_id FROM ledger_entries "
                                               "INDEXED BY ledger_by_task "
                                               "WHERE account_id = ?1 AND task_id = ?2 "
                                               "AND type = 'task' ORDER BY at, status, currency, "
                                               "amount_micro, project_id, review_score, own, "
                                               "entry_id", error)) == NULL)
    return FALSE;
  stmt = run->look_up;
  sqlite3_reset (stmt);
  sqlite3_bind_text (stmt, 1, account_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, task_id, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      PwStatus status;
      const char *currency = (const char *) sqlite3_column_text (stmt, 2);
      const char *entry_id = (const char *) sqlite3_column_text (stmt, 4);
      gint64 at = sqlite3_column_int64 (stmt, 3);
      gboolean inside = !run->has_window || (at >= run->window_from && at < run->window_to);

      if (!_pw_figure_parse_status ((const char *) sqlite3_column_text (stmt, 0), &status) ||
          currency == NULL)
        continue;
      run->outcomes_from = MIN (run->outcomes_from, at);
      run->outcomes_to = MAX (run->outcomes_to, at);
      /* Inside the window, the last in order wins; outside, only while
       * none inside is known, the latest, then the largest id. */
      if (inside ||
          (!in_window && (!any || at > latest ||
                          (at == latest && g_strcmp0 (entry_id, latest_id) >= 0))))
        {
          info->has_entry = TRUE;
          info->status = status;
          info->amount = sqlite3_column_int64 (stmt, 1);
          info->currency = _pw_figures_run_currency (run, currency);
          latest = at;
          g_free (latest_id);
          latest_id = g_strdup (entry_id);
          any = TRUE;
          in_window |= inside;
        }
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      pw_store_db_set_error (error, db, rc, _("Could not read the statement"));
      return FALSE;
    }
  return TRUE;
}

/* Settles what a task's time counts as, looking up its entry and the
 * store's task when the statement read on the way had none. */
static gboolean
classify_task (PwFiguresRun *run,
               sqlite3      *db,
               guint         index,
               GError      **error)
{
  PwTaskInfo *info = _pw_figures_run_task (run, index);
  const char *account_id = g_array_index (run->accounts.keys, PwKey, info->account).text;

  if (info->classified)
    return TRUE;

  if (run->probe_entry == NULL)
    {
      /* Without the index named, SQLite walks all of the account's entries
       * by their primary key; with ORDER BY, the index by time. */
      run->probe_entry = pw_store_db_prepare (db, "SELECT status, amount_micro, currency, at "
                                                  "FROM ledger_entries INDEXED BY ledger_by_task "
                                                  "WHERE account_id = ?1 AND task_id = ?2 "
                                                  "AND type = 'task'", error);
      run->probe_task = pw_store_db_prepare (db, "SELECT state, pay_micro, currency FROM tasks "
                                                 "WHERE account_id = ?1 AND task_id = ?2", error);
      if (run->probe_entry == NULL || run->probe_task == NULL)
        return FALSE;
    }

  if (!info->has_entry)
    {
      const char *task_id = info->key == 0
                            ? g_array_index (run->tasks.keys, PwKey, index).text : NULL;

      /* A task known by its key: its id, once. */
      if (task_id == NULL)
        {
          int rc;

          if (run->probe_key == NULL &&
              (run->probe_key = pw_store_db_prepare (db, "SELECT task_id FROM task_keys "
                                                         "WHERE key = ?1", error)) == NULL)
            return FALSE;
          sqlite3_reset (run->probe_key);
          sqlite3_bind_int64 (run->probe_key, 1, info->key);
          rc = sqlite3_step (run->probe_key);
          if (rc != SQLITE_ROW)
            {
              pw_store_db_set_error (error, db, rc == SQLITE_DONE ? SQLITE_CORRUPT : rc,
                                     _("Could not read the statement"));
              return FALSE;
            }
          task_id = g_string_chunk_insert (run->strings,
                                           (const char *) sqlite3_column_text (run->probe_key, 0));
          sqlite3_reset (run->probe_key);
        }
      if (!((run->lookup_outcomes || run->has_window)
            ? look_up_entry (run, db, info, account_id, task_id, error)
            : probe_entry (run, db, info, account_id, task_id, error)) ||
          (!info->has_entry && !probe_claimed_task (run, db, info, account_id, task_id, error)))
        return FALSE;
    }

  if (info->has_entry)
    {
      info->submitted = TRUE;
      info->awaiting = FALSE;
      if (info->status == PW_STATUS_REJECTED)
        info->outcome = PW_OUTCOME_LOST;
      else if (info->amount == 0)
        info->outcome = PW_OUTCOME_UNPAID;
      else
        info->outcome = PW_OUTCOME_PAID;
    }
  info->classified = TRUE;
  return TRUE;
}

/* The statement */

static guint
task_of (PwFiguresRun      *run,
         const PwFigureRow *row)
{
  return row->task_key != 0 ? _pw_figures_run_keyed_task (run, row->account, row->task_key)
                            : _pw_figures_run_ensure_task (run, row->account, row->task_id);
}

static void
take_entry (PwFiguresRun      *run,
            const PwFigureRow *row,
            gint64             classify_from)
{
  /* The entries of the tasks whose time the spans may count. Rows come
   * by time, so a later entry of the same task wins. */
  if (row->type == PW_ENTRY_TASK && row->has_task && row->at >= classify_from &&
      !run->lookup_outcomes)
    {
      PwTaskInfo *info = _pw_figures_run_task (run, task_of (run, row));

      info->has_entry = TRUE;
      info->status = row->status;
      info->amount = row->amount;
      info->currency = row->currency;
    }

  for (guint i = 0; i < run->spans->len; i++)
    add_entry (run, run->spans->pdata[i], row);
}

/* The time log */

typedef struct
{
  gint64   start;
  gint64   us;
  gboolean manual;
  gboolean paid;
  guint    account;
  guint    project;
  gint64   task;
  gint64   gap;
  gboolean new_session;
} TimeRow;

/* The row before, for sessions: its account and task. */
typedef struct
{
  guint     account;
  gint64    task_key;
  GString  *task;
  gboolean  is_task;
  gint64    session_end;
} TimeState;

/* What a task's time counts as, now that its outcome is known. A task
 * that neither the statement nor the store knows stays open: its time
 * counts as work, neither paid nor lost yet. */
static void
add_task_time (PwFiguresRun  *run,
               PwSpan        *span,
               guint          span_index,
               PwGroup       *group,
               const TimeRow *row)
{
  PwTaskInfo *info = _pw_figures_run_task (run, (guint) row->task);
  PwFigures *figures = group->figures;
  guint64 bit = G_GUINT64_CONSTANT (1) << span_index;

  if (!row->paid || info->outcome == PW_OUTCOME_UNPAID)
    figures->unpaid_task_us += row->us;
  else if (info->outcome == PW_OUTCOME_LOST)
    figures->lost_task_us += row->us;
  if (info->submitted)
    figures->submitted_task_us += row->us;

  /* A task's time counts toward the median of the group it was first
   * worked in. */
  if (span->median_slot >= 0)
    {
      if (info->median_group[span->median_slot] == 0)
        info->median_group[span->median_slot] = group->index + 1;
      info->median_us[span->median_slot] += row->us;
    }

  if (info->awaiting && !(info->awaiting_counted & bit))
    {
      PwEarnings *earnings;
      guint index;

      info->awaiting_counted |= bit;
      count_magnitude (run, info->amount);
      _pw_group_count_task_pay (group, run, info->currency, info->amount);
      earnings = _pw_group_earnings (group, run, info->currency, &index);
      _pw_earnings_add (earnings, &earnings->awaiting_micro, info->amount);
    }
}

static void
add_time (PwFiguresRun  *run,
          PwSpan        *span,
          guint          span_index,
          const TimeRow *row)
{
  PwGroup *group;
  PwFigures *figures;

  if (row->start < span->start || row->start >= span->end)
    return;
  group = _pw_figures_run_group_for (run, span, row->start, row->account, row->project);
  if (group == NULL)
    return;
  figures = group->figures;

  if (row->new_session)
    figures->n_sessions++;
  figures->gap_us += row->gap;

  if (row->manual)
    {
      if (row->paid)
        figures->paid_manual_us += row->us;
      else
        figures->unpaid_manual_us += row->us;
      return;
    }

  figures->task_us += row->us;
  if (span->flags & PW_SPAN_TOTALS_ONLY)
    return;
  if (row->task < 0)
    {
      if (!row->paid)
        figures->unpaid_task_us += row->us;
      return;
    }
  add_task_time (run, span, span_index, group, row);
}

/* Whether a span that holds @start needs the tasks' outcomes: all but
 * totals do. */
static gboolean
needs_outcome (PwFiguresRun *run,
               gint64        start)
{
  for (guint i = 0; i < run->spans->len; i++)
    {
      PwSpan *span = run->spans->pdata[i];

      if (start >= span->start && start < span->end && !(span->flags & PW_SPAN_TOTALS_ONLY))
        return TRUE;
    }
  return FALSE;
}

static gboolean
same_task (const TimeState   *state,
           const PwFigureRow *row)
{
  if (!state->is_task || state->account != row->account)
    return FALSE;
  if (row->task_key != 0 || state->task_key != 0)
    return row->task_key == state->task_key;
  return strcmp (state->task->str, row->task_id) == 0;
}

static void
copy_state (PwSessionState  *to,
            const TimeState *from)
{
  to->session_end = from->session_end;
  to->is_task = from->is_task;
  to->account = from->account;
  to->task_key = from->task_key;
  g_free (to->task);
  to->task = g_strdup (from->task->str);
}

static gboolean
take_time (PwFiguresRun      *run,
           sqlite3           *db,
           const PwFigureRow *source_row,
           TimeState         *state,
           gint64             counted_from,
           GError           **error)
{
  gboolean manual = source_row->type == PW_TIME_MANUAL;
  gboolean is_task = source_row->has_task && !manual;
  gboolean same;
  TimeRow row = { 0, };

  row.start = source_row->at;
  row.us = MAX (0, source_row->end - source_row->at);
  row.manual = manual;
  row.paid = source_row->paid;
  row.account = source_row->account;
  row.project = source_row->project;
  row.task = -1;

  if (!run->state_taken && row.start >= counted_from)
    {
      copy_state (&run->counted_state, state);
      run->state_taken = TRUE;
    }

  /* A session ends after a long enough stretch without work. Inside one,
   * the time from one task to another is unpaid; a pause within one task
   * is not, since the worker said it was no work. */
  same = is_task && same_task (state, source_row);
  if (state->session_end == G_MININT64 ||
      row.start - state->session_end >= PW_FIGURES_SESSION_BREAK_US)
    row.new_session = TRUE;
  else if (row.start > state->session_end && !same)
    row.gap = row.start - state->session_end;
  state->session_end = MAX (state->session_end, source_row->end);
  state->is_task = is_task;
  if (is_task)
    {
      state->account = source_row->account;
      state->task_key = source_row->task_key;
      g_string_assign (state->task, source_row->task_key == 0 ? source_row->task_id : "");
    }

  if (row.start < counted_from)
    return TRUE;

  if (is_task && needs_outcome (run, row.start))
    {
      row.task = task_of (run, source_row);
      if (!classify_task (run, db, (guint) row.task, error))
        return FALSE;
    }

  for (guint i = 0; i < run->spans->len; i++)
    add_time (run, run->spans->pdata[i], i, &row);
  return TRUE;
}

/**
 * _pw_figures_read:
 * @statement_from: the first statement entry to read, by time
 * @classify_from: the first whose task's outcome counts
 * @statement_to: the entry time to read up to, excluded
 * @time_from: the first time entry to read, by start
 * @counted_from: the first that counts; those before only tell sessions
 * @time_to: the start to read up to, excluded
 *
 * Reads the statement, then the time log, each in order of time. A task's
 * entry comes after its work, often in a later week: with the statement
 * read first, each stretch of time is counted as its task's outcome says
 * the moment it is read, instead of being kept for later, a record per
 * row.
 */
gboolean
_pw_figures_read (PwFiguresRun *run,
                  sqlite3      *db,
                  gint64        statement_from,
                  gint64        classify_from,
                  gint64        statement_to,
                  gint64        time_from,
                  gint64        counted_from,
                  gint64        time_to,
                  GCancellable *cancellable,
                  GError      **error)
{
  g_autoptr (PwFigureSource) entries = NULL;
  g_autoptr (PwFigureSource) times = NULL;
  g_autoptr (GString) task = g_string_new (NULL);
  TimeState state = { 0, 0, task, FALSE, G_MININT64 };
  gboolean more, keyed;
  guint64 rows = 0;

  entries = _pw_figure_source_new (run, db, PW_FIGURE_STREAM_STATEMENT, statement_from,
                                   statement_to, error);
  if (entries == NULL)
    return FALSE;
  times = _pw_figure_source_new (run, db, PW_FIGURE_STREAM_TIME, time_from, time_to, error);
  if (times == NULL)
    return FALSE;
  /* With a pack on either side, tasks go by their keys on both. */
  keyed = run->keyed || _pw_figure_source_has_packs (entries) ||
          _pw_figure_source_has_packs (times);
  _pw_figure_source_set_keyed (entries, keyed);
  _pw_figure_source_set_keyed (times, keyed);

  /* A long span meets about as many tasks as time entries: room for them
   * at once rather than copied as they grow. */
  _pw_figures_run_reserve_tasks (run,
                                 (guint) MIN (_pw_figure_source_n_packed_rows (times), 1 << 23));

  if (!_pw_figure_source_next (entries, &more, error))
    return FALSE;
  while (more)
    {
      if (check_cancelled (++rows, cancellable, error))
        return FALSE;
      take_entry (run, _pw_figure_source_row (entries), classify_from);
      if (!_pw_figure_source_next (entries, &more, error))
        return FALSE;
    }

  /* Each span's cursor through its buckets goes back to the first one for
   * the time log, whose rows come by time too. */
  for (guint i = 0; i < run->spans->len; i++)
    ((PwSpan *) run->spans->pdata[i])->cursor = 0;

  if (!_pw_figure_source_next (times, &more, error))
    return FALSE;
  while (more)
    {
      if (check_cancelled (++rows, cancellable, error) ||
          !take_time (run, db, _pw_figure_source_row (times), &state, counted_from, error) ||
          !_pw_figure_source_next (times, &more, error))
        return FALSE;
    }
  if (!run->state_taken)
    {
      copy_state (&run->counted_state, &state);
      run->state_taken = TRUE;
    }
  copy_state (&run->end_state, &state);
  return TRUE;
}
