/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "pw-error.h"
#include "pw-figures-run-private.h"
#include "store/pw-store-db-private.h"

/* The two passes of a run: the statement, then the time log, each in order
 * of time. A task's outcome (rejected, expired, unpaid...) decides what its
 * time counts as; it comes from the statement entries read in the first
 * pass, and for the few tasks without one there, from the store's task and
 * its entry looked up one by one. */

#define CANCEL_CHECK_ROWS 4096

typedef enum
{
  TYPE_TASK,
  TYPE_BONUS,
  TYPE_ADJUSTMENT,
  TYPE_FEE,
  TYPE_PAYOUT,
} EntryType;

static gboolean
parse_type (const char *text,
            EntryType  *type)
{
  if (text == NULL)
    return FALSE;
  if (strcmp (text, "task") == 0)
    *type = TYPE_TASK;
  else if (strcmp (text, "bonus") == 0)
    *type = TYPE_BONUS;
  else if (strcmp (text, "adjustment") == 0)
    *type = TYPE_ADJUSTMENT;
  else if (strcmp (text, "fee") == 0)
    *type = TYPE_FEE;
  else if (strcmp (text, "payout") == 0)
    *type = TYPE_PAYOUT;
  else
    return FALSE;
  return TRUE;
}

static gboolean
parse_status (const char *text,
              PwStatus   *status)
{
  if (text == NULL)
    return FALSE;
  if (strcmp (text, "paid") == 0)
    *status = PW_STATUS_PAID;
  else if (strcmp (text, "approved") == 0)
    *status = PW_STATUS_APPROVED;
  else if (strcmp (text, "pending") == 0)
    *status = PW_STATUS_PENDING;
  else if (strcmp (text, "rejected") == 0)
    *status = PW_STATUS_REJECTED;
  else
    return FALSE;
  return TRUE;
}

static gboolean
check_cancelled (guint64       rows,
                 GCancellable *cancellable,
                 GError      **error)
{
  if (rows % CANCEL_CHECK_ROWS != 0)
    return FALSE;
  return g_cancellable_set_error_if_cancelled (cancellable, error);
}

/* Rows of one account and project come in runs; the last name met is
 * checked before the tables are. */
typedef struct
{
  guint number;
  guint tag;
  gboolean known;
} LastName;

static guint
cached_name (PwFiguresRun *run,
             PwKeyTable   *table,
             LastName     *last,
             guint         tag,
             const char   *text)
{
  gboolean made;

  if (text == NULL)
    text = "";
  if (last->known && last->tag == tag &&
      strcmp (g_array_index (table->keys, PwKey, last->number).text, text) == 0)
    return last->number;
  if (table == &run->projects)
    last->number = pw_figures_run_project (run, tag, text);
  else
    last->number = pw_key_table_intern (table, tag, text, &made);
  last->tag = tag;
  last->known = TRUE;
  return last->number;
}

/* The statement */

typedef struct
{
  gint64      at;
  EntryType   type;
  PwStatus    status;
  guint       currency;
  gint64      amount;
  guint       account;
  guint       project;
  gboolean    has_score;
  double      score;
} EntryRow;

static void
count_approval (PwSpan   *span,
                EntryRow *row)
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
add_pending (PwGroup  *group,
             EntryRow *row)
{
  gpointer key = GSIZE_TO_POINTER ((((gsize) row->project) << 16 | row->currency) + 1);
  gint64 *pending = g_hash_table_lookup (group->pending, key);

  if (pending == NULL)
    {
      pending = g_new0 (gint64, 1);
      g_hash_table_insert (group->pending, key, pending);
    }
  *pending += row->amount;
}

static void
add_entry (PwFiguresRun *run,
           PwSpan       *span,
           EntryRow     *row)
{
  gboolean outcomes = !(span->flags & PW_SPAN_TOTALS_ONLY);
  PwGroup *group;
  PwEarnings *earnings;
  guint index;

  if (outcomes && row->type == TYPE_TASK && row->status != PW_STATUS_PENDING &&
      row->at >= span->approval_start && row->at < span->end)
    count_approval (span, row);

  if (row->at < span->start || row->at >= span->end)
    return;
  group = pw_figures_run_group_for (run, span, row->at, row->account, row->project);
  if (group == NULL)
    return;
  earnings = pw_group_earnings (group, run, row->currency, &index);

  switch (row->type)
    {
    case TYPE_TASK:
      switch (row->status)
        {
        case PW_STATUS_PENDING:
          earnings->pending_micro += row->amount;
          if (outcomes)
            add_pending (group, row);
          break;
        case PW_STATUS_APPROVED:
          earnings->approved_micro += row->amount;
          break;
        case PW_STATUS_REJECTED:
          earnings->rejected_micro += row->amount;
          break;
        case PW_STATUS_PAID:
        default:
          earnings->paid_micro += row->amount;
          break;
        }
      earnings->task_pay_micro += row->amount;
      g_array_index (group->task_counts, guint, index)++;
      group->figures->n_tasks_done++;
      if (row->status != PW_STATUS_PENDING)
        {
          group->figures->n_reviewed++;
          if (row->status != PW_STATUS_REJECTED)
            group->figures->n_approved++;
        }
      if (row->has_score)
        {
          group->figures->n_scored++;
          group->score_sum += row->score;
        }
      break;

    /* Money besides task pay counts as it is stated, unless rejected. */
    case TYPE_BONUS:
      if (row->status != PW_STATUS_REJECTED)
        earnings->bonus_micro += row->amount;
      break;
    case TYPE_ADJUSTMENT:
      if (row->status != PW_STATUS_REJECTED)
        earnings->adjustment_micro += row->amount;
      break;
    case TYPE_FEE:
      /* A fee is negative by the contract; a positive one is still a fee. */
      if (row->status != PW_STATUS_REJECTED)
        earnings->fee_micro -= row->amount < 0 ? -row->amount : row->amount;
      break;
    case TYPE_PAYOUT:
    default:
      if (row->status != PW_STATUS_REJECTED)
        earnings->payout_micro += row->amount;
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

      if (parse_status ((const char *) sqlite3_column_text (run->probe_entry, 0), &status) &&
          currency != NULL && (!info->has_entry || at >= latest))
        {
          info->has_entry = TRUE;
          info->status = status;
          info->amount = sqlite3_column_int64 (run->probe_entry, 1);
          info->currency = pw_figures_run_currency (run, currency);
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
        info->currency = pw_figures_run_currency (run, currency);
    }
  sqlite3_reset (run->probe_task);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      pw_store_db_set_error (error, db, rc, _("Could not read the claimed tasks"));
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
  PwKey *key = &g_array_index (run->tasks.keys, PwKey, index);
  const char *account_id = g_array_index (run->accounts.keys, PwKey, key->tag).text;
  PwTaskInfo *info = pw_figures_run_task (run, index);

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

  if (!info->has_entry &&
      (!probe_entry (run, db, info, account_id, key->text, error) ||
       (!info->has_entry && !probe_claimed_task (run, db, info, account_id, key->text, error))))
    return FALSE;

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

static gboolean
read_entry (PwFiguresRun *run,
            sqlite3_stmt *stmt,
            LastName     *names,
            EntryRow     *row,
            const char  **task_id)
{
  const char *currency = (const char *) sqlite3_column_text (stmt, 3);

  /* The columns' CHECKs keep other names out. */
  if (!parse_type ((const char *) sqlite3_column_text (stmt, 1), &row->type) ||
      !parse_status ((const char *) sqlite3_column_text (stmt, 2), &row->status) ||
      currency == NULL)
    return FALSE;

  row->at = sqlite3_column_int64 (stmt, 0);
  row->amount = sqlite3_column_int64 (stmt, 4);
  row->currency = cached_name (run, &run->currencies, &names[0], 0, currency);
  row->account = cached_name (run, &run->accounts, &names[1], 0,
                              (const char *) sqlite3_column_text (stmt, 5));
  row->project = cached_name (run, &run->projects, &names[2], row->account,
                              (const char *) sqlite3_column_text (stmt, 6));
  row->has_score = sqlite3_column_type (stmt, 8) != SQLITE_NULL;
  row->score = row->has_score ? sqlite3_column_double (stmt, 8) : 0;
  *task_id = (const char *) sqlite3_column_text (stmt, 7);
  return TRUE;
}

static void
take_entry (PwFiguresRun *run,
            sqlite3_stmt *stmt,
            LastName     *names,
            gint64        classify_from)
{
  const char *task_id;
  EntryRow row;

  if (!read_entry (run, stmt, names, &row, &task_id))
    return;

  /* The entries of the tasks whose time the spans may count. Rows come
   * by time, so a later entry of the same task wins. */
  if (row.type == TYPE_TASK && task_id != NULL && row.at >= classify_from)
    {
      PwTaskInfo *info = pw_figures_run_task (run, pw_figures_run_ensure_task (run, row.account,
                                                                               task_id));

      info->has_entry = TRUE;
      info->status = row.status;
      info->amount = row.amount;
      info->currency = row.currency;
    }

  for (guint i = 0; i < run->spans->len; i++)
    add_entry (run, run->spans->pdata[i], &row);
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

/* What a task's time counts as is known once the whole statement is read:
 * until then it waits here, one record per row and span. */
typedef struct
{
  guint32 task;
  guint32 span;
  guint32 group;
  guint32 paid;
  gint64  us;
} Deferred;

typedef struct
{
  GString  *account;
  GString  *task;
  gboolean  is_task;
  gint64    session_end;
  LastName  names[2];
  GArray   *deferred;
} TimeState;

static void
add_time (PwFiguresRun  *run,
          PwSpan        *span,
          guint          span_index,
          const TimeRow *row,
          GArray        *deferred)
{
  PwGroup *group;
  PwFigures *figures;

  if (row->start < span->start || row->start >= span->end)
    return;
  group = pw_figures_run_group_for (run, span, row->start, row->account, row->project);
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
  {
    Deferred record = { (guint32) row->task, span_index, group->index, row->paid, row->us };

    g_array_append_val (deferred, record);
  }
}

/* What the spans that hold @start need of a row: names for their groups,
 * the task's outcome for all but totals. */
static void
needs_of (PwFiguresRun *run,
          gint64        start,
          gboolean     *names,
          gboolean     *outcome)
{
  *names = FALSE;
  *outcome = FALSE;
  for (guint i = 0; i < run->spans->len; i++)
    {
      PwSpan *span = run->spans->pdata[i];

      if (start < span->start || start >= span->end)
        continue;
      if (span->grouping == PW_GROUP_PROJECT || span->grouping == PW_GROUP_ACCOUNT)
        *names = TRUE;
      if (!(span->flags & PW_SPAN_TOTALS_ONLY))
        *outcome = TRUE;
    }
}

static void
take_time (PwFiguresRun *run,
           sqlite3_stmt *stmt,
           TimeState    *state,
           gint64        counted_from)
{
  gint64 started_at = sqlite3_column_int64 (stmt, 0);
  gint64 ended_at = sqlite3_column_int64 (stmt, 1);
  const char *kind = (const char *) sqlite3_column_text (stmt, 2);
  const char *account_id = (const char *) sqlite3_column_text (stmt, 4);
  const char *task_id = (const char *) sqlite3_column_text (stmt, 5);
  gboolean manual = g_strcmp0 (kind, "manual") == 0;
  gboolean is_task = task_id != NULL && !manual;
  gboolean same_task, names, outcome;
  TimeRow row = { 0, };

  row.start = started_at;
  row.us = MAX (0, ended_at - started_at);
  row.manual = manual;
  row.paid = sqlite3_column_int (stmt, 3) != 0;
  row.task = -1;

  /* A session ends after a long enough stretch without work. Inside one,
   * the time from one task to another is unpaid; a pause within one task
   * is not, since the worker said it was no work. */
  same_task = is_task && state->is_task && strcmp (state->task->str, task_id) == 0 &&
              strcmp (state->account->str, account_id != NULL ? account_id : "") == 0;
  if (state->session_end == G_MININT64 ||
      started_at - state->session_end >= PW_FIGURES_SESSION_BREAK_US)
    row.new_session = TRUE;
  else if (started_at > state->session_end && !same_task)
    row.gap = started_at - state->session_end;
  state->session_end = MAX (state->session_end, ended_at);
  state->is_task = is_task;
  if (is_task)
    {
      g_string_assign (state->account, account_id != NULL ? account_id : "");
      g_string_assign (state->task, task_id);
    }

  if (started_at < counted_from)
    return;

  needs_of (run, started_at, &names, &outcome);
  if (names || (outcome && is_task))
    {
      row.account = cached_name (run, &run->accounts, &state->names[0], 0, account_id);
      row.project = cached_name (run, &run->projects, &state->names[1], row.account,
                                 (const char *) sqlite3_column_text (stmt, 6));
    }
  if (outcome && is_task)
    row.task = pw_figures_run_ensure_task (run, row.account, task_id);

  for (guint i = 0; i < run->spans->len; i++)
    add_time (run, run->spans->pdata[i], i, &row, state->deferred);
}

/* Once every task is classified: the time whose meaning waited. A task
 * that neither the statement nor the store knows stays open: its time
 * counts as work, neither paid nor lost yet. */
static void
apply_deferred (PwFiguresRun *run,
                GArray       *deferred)
{
  for (guint i = 0; i < deferred->len; i++)
    {
      Deferred *record = &g_array_index (deferred, Deferred, i);
      PwTaskInfo *info = pw_figures_run_task (run, record->task);
      PwSpan *span = run->spans->pdata[record->span];
      PwGroup *group = span->groups->pdata[record->group];
      PwFigures *figures = group->figures;
      guint64 bit = G_GUINT64_CONSTANT (1) << record->span;

      if (!record->paid || info->outcome == PW_OUTCOME_UNPAID)
        figures->unpaid_task_us += record->us;
      else if (info->outcome == PW_OUTCOME_LOST)
        figures->lost_task_us += record->us;
      if (info->submitted)
        figures->submitted_task_us += record->us;

      /* A task's time counts toward the median of the group it was first
       * worked in. */
      if (span->median_slot >= 0)
        {
          if (info->median_group[span->median_slot] == 0)
            info->median_group[span->median_slot] = record->group + 1;
          info->median_us[span->median_slot] += record->us;
        }

      if (info->awaiting && !(info->awaiting_counted & bit))
        {
          guint index;

          info->awaiting_counted |= bit;
          pw_group_count_task_pay (group, run, info->currency, info->amount);
          pw_group_earnings (group, run, info->currency, &index)->awaiting_micro += info->amount;
        }
    }
}

static gboolean
step (sqlite3      *db,
      sqlite3_stmt *stmt,
      gboolean     *more,
      const char   *what,
      GError      **error)
{
  int rc = sqlite3_step (stmt);

  *more = rc == SQLITE_ROW;
  if (rc == SQLITE_ROW || rc == SQLITE_DONE)
    return TRUE;
  pw_store_db_set_error (error, db, rc, what);
  return FALSE;
}

/**
 * pw_figures_read:
 * @statement_from: the first statement entry to read, by time
 * @classify_from: the first whose task's outcome counts
 * @statement_to: the entry time to read up to, excluded
 * @time_from: the first time entry to read, by start
 * @counted_from: the first that counts; those before only tell sessions
 * @time_to: the start to read up to, excluded
 *
 * Reads the statement and the time log together, in order of time, so a
 * task's time and its entry, which follows it closely, are met together:
 * its record is looked up while still in the processor's cache.
 */
gboolean
pw_figures_read (PwFiguresRun *run,
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
  g_autoptr (sqlite3_stmt) entries = NULL;
  g_autoptr (sqlite3_stmt) times = NULL;
  g_autoptr (GString) account = g_string_new (NULL);
  g_autoptr (GString) task = g_string_new (NULL);
  g_autoptr (GArray) deferred = g_array_new (FALSE, FALSE, sizeof (Deferred));
  LastName entry_names[3] = { { 0, }, };
  TimeState state = { account, task, FALSE, G_MININT64, { { 0, }, }, deferred };
  const char *statement_error = _("Could not read the statement");
  const char *time_error = _("Could not read the time log");
  gboolean more_entries, more_times;
  guint64 rows = 0;

  entries = pw_store_db_prepare (db, "SELECT at, type, status, currency, amount_micro, account_id, "
                                     "project_id, task_id, review_score FROM ledger_entries "
                                     "WHERE at >= ?1 AND at < ?2 ORDER BY at", error);
  if (entries == NULL)
    return FALSE;
  sqlite3_bind_int64 (entries, 1, statement_from);
  sqlite3_bind_int64 (entries, 2, statement_to);
  times = pw_store_db_prepare (db, "SELECT started_at, ended_at, kind, paid, account_id, task_id, "
                                   "project_id FROM time_entries "
                                   "WHERE started_at >= ?1 AND started_at < ?2 "
                                   "ORDER BY started_at", error);
  if (times == NULL)
    return FALSE;
  sqlite3_bind_int64 (times, 1, time_from);
  sqlite3_bind_int64 (times, 2, time_to);

  if (!step (db, entries, &more_entries, statement_error, error) ||
      !step (db, times, &more_times, time_error, error))
    return FALSE;

  /* Work comes before the entry that pays it, so at the same time, the
   * time entry first. Rows come by time, so each span's cursor through its
   * buckets only moves on. */
  while (more_entries || more_times)
    {
      if (check_cancelled (++rows, cancellable, error))
        return FALSE;
      if (more_times && (!more_entries ||
                         sqlite3_column_int64 (times, 0) <= sqlite3_column_int64 (entries, 0)))
        {
          take_time (run, times, &state, counted_from);
          if (!step (db, times, &more_times, time_error, error))
            return FALSE;
        }
      else
        {
          take_entry (run, entries, entry_names, classify_from);
          if (!step (db, entries, &more_entries, statement_error, error))
            return FALSE;
        }
    }

  /* Every task met is classified: those with time waiting, and those
   * with only an entry, which is cheap. */
  for (guint i = 0; i < run->task_infos->len; i++)
    {
      if (!classify_task (run, db, i, error))
        return FALSE;
    }
  apply_deferred (run, deferred);
  return TRUE;
}
