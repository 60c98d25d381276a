/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "pw-error.h"
#include "pw-figures-private.h"
#include "store/pw-store-db-private.h"

/* The figures of several spans in one pass: the statement is read once, in
 * order of time, and so is the time log. Each row goes to every span that
 * holds it. A task's outcome (rejected, expired, unpaid...) decides what
 * its time counts as; it comes from the statement entries read on the way,
 * and for the few tasks without one there, from the store's task and its
 * entry looked up one by one. */

/* Time entries before a span are read this far back, so a session that
 * began before the span is known as one. */
#define SESSION_LOOKBACK_US (G_GINT64_CONSTANT (24) * 3600 * G_USEC_PER_SEC)

/* The statement is read from a little before the spans, and for a while
 * after them, since a task's entry comes after its work; an entry outside
 * is found by looking it up. */
#define LEDGER_BEFORE_US (G_GINT64_CONSTANT (24) * 3600 * G_USEC_PER_SEC)
#define LEDGER_AFTER_US (G_GINT64_CONSTANT (30) * 24 * 3600 * G_USEC_PER_SEC)

#define CANCEL_CHECK_ROWS 4096

typedef enum
{
  STATUS_PENDING,
  STATUS_APPROVED,
  STATUS_REJECTED,
  STATUS_PAID,
} Status;

typedef enum
{
  TYPE_TASK,
  TYPE_BONUS,
  TYPE_ADJUSTMENT,
  TYPE_FEE,
  TYPE_PAYOUT,
} EntryType;

typedef enum
{
  OUTCOME_OPEN,
  OUTCOME_PAID,
  OUTCOME_UNPAID,
  OUTCOME_LOST,
} Outcome;

/* What is known of one task. */
typedef struct
{
  guint   has_entry : 1;
  guint   classified : 1;
  guint   submitted : 1;
  guint   awaiting : 1;
  guint   outcome : 2;
  guint   status : 2;
  gint64  amount;
  char    currency[4];
  /* The spans where the task has counted as awaiting already. */
  guint64 awaiting_counted;
} TaskInfo;

typedef struct
{
  guint  group;
  guint  task;
  gint64 us;
} TaskTime;

typedef struct
{
  guint n_reviewed;
  guint n_approved;
} Approvals;

typedef struct
{
  PwFigures  *figures;
  /* Per currency, as figures->earnings: the tasks in task_pay_micro. */
  GArray     *task_counts;
  /* "account\x1fproject\x1fcurrency" → gint64 pending pay. */
  GHashTable *pending;
  double      score_sum;
  /* Its place in the span's groups until they are sorted at the end. */
  guint       index;
} Group;

typedef struct
{
  gint64      start;
  gint64      end;
  gint64      approval_start;
  PwGrouping  grouping;
  gboolean    with_medians;
  GArray     *buckets;
  guint       cursor;
  GPtrArray  *groups;
  GHashTable *group_by_key;
  GHashTable *approvals;
  Approvals   overall;
  GArray     *task_times;
} Span;

struct _PwFiguresRun
{
  GTimeZone    *tz;
  GPtrArray    *spans;
  GHashTable   *task_index;
  GArray       *tasks;
  GStringChunk *keys;
  GString      *key;
  sqlite3_stmt *probe_entry;
  sqlite3_stmt *probe_task;
};

static void
group_free (gpointer data)
{
  Group *group = data;

  pw_figures_unref (group->figures);
  g_array_unref (group->task_counts);
  g_hash_table_unref (group->pending);
  g_free (group);
}

static Group *
group_new (PwGrouping  grouping,
           const char *key,
           gint64      start,
           gint64      end)
{
  Group *group = g_new0 (Group, 1);


  group->figures = pw_figures_new (grouping, key, start, end);
  group->task_counts = g_array_new (FALSE, TRUE, sizeof (guint));
  group->pending = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  return group;
}

static void
add_group (Span  *span,
           Group *group)
{
  group->index = span->groups->len;
  g_ptr_array_add (span->groups, group);
}

static void
span_free (gpointer data)
{
  Span *span = data;

  g_clear_pointer (&span->buckets, g_array_unref);
  g_ptr_array_unref (span->groups);
  g_clear_pointer (&span->group_by_key, g_hash_table_unref);
  g_hash_table_unref (span->approvals);
  g_array_unref (span->task_times);
  g_free (span);
}

PwFiguresRun *
pw_figures_run_new (GTimeZone *tz)
{
  PwFiguresRun *run = g_new0 (PwFiguresRun, 1);

  run->tz = tz != NULL ? g_time_zone_ref (tz) : g_time_zone_new_local ();
  run->spans = g_ptr_array_new_with_free_func (span_free);
  run->task_index = g_hash_table_new (g_str_hash, g_str_equal);
  run->tasks = g_array_new (FALSE, TRUE, sizeof (TaskInfo));
  run->keys = g_string_chunk_new (64 * 1024);
  run->key = g_string_sized_new (128);
  return run;
}

void
pw_figures_run_free (PwFiguresRun *run)
{
  if (run == NULL)
    return;

  g_time_zone_unref (run->tz);
  g_ptr_array_unref (run->spans);
  g_hash_table_unref (run->task_index);
  g_array_unref (run->tasks);
  g_string_chunk_free (run->keys);
  g_string_free (run->key, TRUE);
  g_clear_pointer (&run->probe_entry, sqlite3_finalize);
  g_clear_pointer (&run->probe_task, sqlite3_finalize);
  g_free (run);
}

/* Returns: the index of the span for pw_figures_run_result() */
guint
pw_figures_run_add_span (PwFiguresRun *run,
                         gint64        start,
                         gint64        end,
                         PwGrouping    grouping,
                         gboolean      with_medians)
{
  Span *span = g_new0 (Span, 1);

  /* A span's bit marks the tasks counted as awaiting in it. */
  g_return_val_if_fail (run->spans->len < 64, 0);

  span->start = start;
  span->end = MAX (start, end);
  span->approval_start = MIN (start, span->end - PW_FIGURES_APPROVAL_WINDOW_US);
  span->grouping = grouping;
  span->with_medians = with_medians;
  span->groups = g_ptr_array_new_with_free_func (group_free);
  span->approvals = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  span->task_times = g_array_new (FALSE, FALSE, sizeof (TaskTime));

  if (pw_grouping_is_by_time (grouping))
    {
      span->buckets = pw_period_buckets (span->start, span->end, grouping, run->tz);
      for (guint i = 0; i < span->buckets->len; i++)
        {
          PwBucket *bucket = &g_array_index (span->buckets, PwBucket, i);

          add_group (span, group_new (grouping, bucket->key, bucket->start, bucket->end));
        }
    }
  else if (grouping == PW_GROUP_NONE)
    add_group (span, group_new (grouping, "", span->start, span->end));
  else
    span->group_by_key = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  g_ptr_array_add (run->spans, span);
  return run->spans->len - 1;
}

/* Keys */

static const char *
make_key (GString    *key,
          const char *a,
          const char *b)
{
  g_string_assign (key, a != NULL ? a : "");
  g_string_append_c (key, '\x1f');
  g_string_append (key, b != NULL ? b : "");
  return key->str;
}

/* Routing a row to its group of a span */

static Group *
group_for (Span       *span,
           GString    *key,
           gint64      at,
           const char *account_id,
           const char *project_id)
{
  Group *group;

  switch (span->grouping)
    {
    case PW_GROUP_NONE:
      return span->groups->pdata[0];

    case PW_GROUP_PROJECT:
    case PW_GROUP_ACCOUNT:
      make_key (key, account_id, span->grouping == PW_GROUP_PROJECT ? project_id : NULL);
      group = g_hash_table_lookup (span->group_by_key, key->str);
      if (group == NULL)
        {
          const char *id = span->grouping == PW_GROUP_PROJECT ? project_id : account_id;

          group = group_new (span->grouping, id != NULL ? id : "", span->start, span->end);
          group->figures->account_id = g_strdup (account_id);
          if (span->grouping == PW_GROUP_PROJECT)
            group->figures->project_id = g_strdup (project_id);
          add_group (span, group);
          g_hash_table_insert (span->group_by_key, g_strdup (key->str), group);
        }
      return group;

    case PW_GROUP_DAY:
    case PW_GROUP_WEEK:
    case PW_GROUP_MONTH:
    case PW_GROUP_YEAR:
    default:
      /* Rows come in order of time, so the cursor only moves on; it goes
       * back to the first bucket for each pass. */
      while (span->cursor < span->buckets->len &&
             at >= g_array_index (span->buckets, PwBucket, span->cursor).end)
        span->cursor++;
      if (span->cursor >= span->buckets->len)
        return NULL;
      return span->groups->pdata[span->cursor];
    }
}

static guint
earnings_index (Group      *group,
                const char *currency)
{
  GArray *earnings = group->figures->earnings;

  for (guint i = 0; i < earnings->len; i++)
    {
      if (strcmp (g_array_index (earnings, PwEarnings, i).currency, currency) == 0)
        return i;
    }
  pw_figures_ensure_earnings (group->figures, currency);
  g_array_set_size (group->task_counts, earnings->len);
  return earnings->len - 1;
}

static void
count_task_pay (Group      *group,
                const char *currency,
                gint64      amount)
{
  guint i = earnings_index (group, currency);

  g_array_index (group->figures->earnings, PwEarnings, i).task_pay_micro += amount;
  g_array_index (group->task_counts, guint, i)++;
  group->figures->n_tasks_done++;
}

/* The statement */

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
              Status     *status)
{
  if (text == NULL)
    return FALSE;
  if (strcmp (text, "pending") == 0)
    *status = STATUS_PENDING;
  else if (strcmp (text, "approved") == 0)
    *status = STATUS_APPROVED;
  else if (strcmp (text, "rejected") == 0)
    *status = STATUS_REJECTED;
  else if (strcmp (text, "paid") == 0)
    *status = STATUS_PAID;
  else
    return FALSE;
  return TRUE;
}

static TaskInfo *
task_at (PwFiguresRun *run,
         guint         index)
{
  return &g_array_index (run->tasks, TaskInfo, index);
}

/* Returns: the index of the task's info, made empty when new */
static guint
ensure_task (PwFiguresRun *run,
             const char   *key,
             gboolean     *made)
{
  gpointer value;

  if (g_hash_table_lookup_extended (run->task_index, key, NULL, &value))
    {
      *made = FALSE;
      return GPOINTER_TO_UINT (value);
    }

  g_array_set_size (run->tasks, run->tasks->len + 1);
  g_hash_table_insert (run->task_index, g_string_chunk_insert (run->keys, key),
                       GUINT_TO_POINTER (run->tasks->len - 1));
  *made = TRUE;
  return run->tasks->len - 1;
}

static void
count_approval (Span       *span,
                GString    *key,
                const char *account_id,
                const char *project_id,
                Status      status)
{
  Approvals *approvals;

  make_key (key, account_id, project_id);
  approvals = g_hash_table_lookup (span->approvals, key->str);
  if (approvals == NULL)
    {
      approvals = g_new0 (Approvals, 1);
      g_hash_table_insert (span->approvals, g_strdup (key->str), approvals);
    }
  approvals->n_reviewed++;
  span->overall.n_reviewed++;
  if (status != STATUS_REJECTED)
    {
      approvals->n_approved++;
      span->overall.n_approved++;
    }
}

static void
add_pending (Group      *group,
             GString    *key,
             const char *account_id,
             const char *project_id,
             const char *currency,
             gint64      amount)
{
  gint64 *pending;

  make_key (key, account_id, project_id);
  g_string_append_c (key, '\x1f');
  g_string_append (key, currency);
  pending = g_hash_table_lookup (group->pending, key->str);
  if (pending == NULL)
    {
      pending = g_new0 (gint64, 1);
      g_hash_table_insert (group->pending, g_strdup (key->str), pending);
    }
  *pending += amount;
}

static void
add_entry (Span       *span,
           GString    *key,
           gint64      at,
           EntryType   type,
           Status      status,
           const char *currency,
           gint64      amount,
           const char *account_id,
           const char *project_id,
           gboolean    has_score,
           double      score)
{
  Group *group;
  PwEarnings *earnings;
  guint index;

  if (type == TYPE_TASK && status != STATUS_PENDING &&
      at >= span->approval_start && at < span->end)
    count_approval (span, key, account_id, project_id, status);

  if (at < span->start || at >= span->end)
    return;
  group = group_for (span, key, at, account_id, project_id);
  if (group == NULL)
    return;
  /* Found or made first: making one may move the array. */
  index = earnings_index (group, currency);
  earnings = &g_array_index (group->figures->earnings, PwEarnings, index);

  switch (type)
    {
    case TYPE_TASK:
      switch (status)
        {
        case STATUS_PENDING:
          earnings->pending_micro += amount;
          add_pending (group, key, account_id, project_id, currency, amount);
          break;
        case STATUS_APPROVED:
          earnings->approved_micro += amount;
          break;
        case STATUS_REJECTED:
          earnings->rejected_micro += amount;
          break;
        case STATUS_PAID:
        default:
          earnings->paid_micro += amount;
          break;
        }
      count_task_pay (group, currency, amount);
      if (status != STATUS_PENDING)
        {
          group->figures->n_reviewed++;
          if (status != STATUS_REJECTED)
            group->figures->n_approved++;
        }
      if (has_score)
        {
          group->figures->n_scored++;
          group->score_sum += score;
        }
      break;

    /* Money besides task pay counts as it is stated, unless rejected. */
    case TYPE_BONUS:
      if (status != STATUS_REJECTED)
        earnings->bonus_micro += amount;
      break;
    case TYPE_ADJUSTMENT:
      if (status != STATUS_REJECTED)
        earnings->adjustment_micro += amount;
      break;
    case TYPE_FEE:
      /* A fee is negative by the contract; a positive one is still a fee. */
      if (status != STATUS_REJECTED)
        earnings->fee_micro -= amount < 0 ? -amount : amount;
      break;
    case TYPE_PAYOUT:
    default:
      if (status != STATUS_REJECTED)
        earnings->payout_micro += amount;
      break;
    }
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

static gboolean
read_statement (PwFiguresRun *run,
                sqlite3      *db,
                gint64        from,
                gint64        to,
                GCancellable *cancellable,
                GError      **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  guint64 rows = 0;
  int rc;

  stmt = pw_store_db_prepare (db, "SELECT at, type, status, currency, amount_micro, account_id, "
                                  "project_id, task_id, review_score FROM ledger_entries "
                                  "WHERE at >= ?1 AND at < ?2 ORDER BY at", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, from);
  sqlite3_bind_int64 (stmt, 2, to);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 at = sqlite3_column_int64 (stmt, 0);
      const char *currency = (const char *) sqlite3_column_text (stmt, 3);
      gint64 amount = sqlite3_column_int64 (stmt, 4);
      const char *account_id = (const char *) sqlite3_column_text (stmt, 5);
      const char *project_id = (const char *) sqlite3_column_text (stmt, 6);
      const char *task_id = (const char *) sqlite3_column_text (stmt, 7);
      gboolean has_score = sqlite3_column_type (stmt, 8) != SQLITE_NULL;
      double score = has_score ? sqlite3_column_double (stmt, 8) : 0;
      EntryType type;
      Status status;

      if (check_cancelled (++rows, cancellable, error))
        return FALSE;
      /* The columns' CHECKs keep other names out. */
      if (!parse_type ((const char *) sqlite3_column_text (stmt, 1), &type) ||
          !parse_status ((const char *) sqlite3_column_text (stmt, 2), &status) ||
          currency == NULL || strlen (currency) != 3)
        continue;

      if (type == TYPE_TASK && task_id != NULL)
        {
          gboolean made;
          TaskInfo *info = task_at (run, ensure_task (run, make_key (run->key, account_id,
                                                                     task_id), &made));

          info->has_entry = TRUE;
          info->status = status;
          info->amount = amount;
          memcpy (info->currency, currency, sizeof info->currency);
        }

      for (guint i = 0; i < run->spans->len; i++)
        add_entry (run->spans->pdata[i], run->key, at, type, status, currency, amount,
                   account_id, project_id, has_score, score);
    }

  if (rc != SQLITE_DONE)
    {
      pw_store_db_set_error (error, db, rc, _("Could not read the statement"));
      return FALSE;
    }
  return TRUE;
}

/* Tasks whose entry was not read on the way */

static gboolean
probe_task (PwFiguresRun *run,
            sqlite3      *db,
            TaskInfo     *info,
            const char   *account_id,
            const char   *task_id,
            GError      **error)
{
  int rc;

  if (run->probe_entry == NULL)
    {
      run->probe_entry = pw_store_db_prepare (db, "SELECT status, amount_micro, currency "
                                                  "FROM ledger_entries WHERE account_id = ?1 "
                                                  "AND task_id = ?2 AND type = 'task' "
                                                  "ORDER BY at DESC LIMIT 1", error);
      run->probe_task = pw_store_db_prepare (db, "SELECT state, pay_micro, currency FROM tasks "
                                                 "WHERE account_id = ?1 AND task_id = ?2", error);
      if (run->probe_entry == NULL || run->probe_task == NULL)
        return FALSE;
    }

  sqlite3_reset (run->probe_entry);
  sqlite3_bind_text (run->probe_entry, 1, account_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (run->probe_entry, 2, task_id, -1, SQLITE_STATIC);
  rc = sqlite3_step (run->probe_entry);
  if (rc == SQLITE_ROW)
    {
      Status status;
      const char *currency = (const char *) sqlite3_column_text (run->probe_entry, 2);

      if (parse_status ((const char *) sqlite3_column_text (run->probe_entry, 0), &status) &&
          currency != NULL && strlen (currency) == 3)
        {
          info->has_entry = TRUE;
          info->status = status;
          info->amount = sqlite3_column_int64 (run->probe_entry, 1);
          memcpy (info->currency, currency, sizeof info->currency);
        }
    }
  else if (rc != SQLITE_DONE)
    {
      pw_store_db_set_error (error, db, rc, _("Could not read the statement"));
      return FALSE;
    }
  sqlite3_reset (run->probe_entry);
  if (info->has_entry)
    return TRUE;

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
          info->awaiting = TRUE;
          info->outcome = pay == 0 ? OUTCOME_UNPAID : OUTCOME_PAID;
        }
      else if (g_strcmp0 (state, "claimed") == 0)
        info->outcome = pay == 0 ? OUTCOME_UNPAID : OUTCOME_OPEN;
      else
        info->outcome = OUTCOME_LOST;
      info->amount = pay;
      if (currency != NULL && strlen (currency) == 3)
        memcpy (info->currency, currency, sizeof info->currency);
      else
        info->awaiting = FALSE;
    }
  else if (rc != SQLITE_DONE)
    {
      pw_store_db_set_error (error, db, rc, _("Could not read the claimed tasks"));
      return FALSE;
    }
  sqlite3_reset (run->probe_task);
  return TRUE;
}

/* Returns: the index of the task's info, classified, or -1 on error */
static gint64
classify_task (PwFiguresRun *run,
               sqlite3      *db,
               const char   *account_id,
               const char   *task_id,
               GError      **error)
{
  gboolean made;
  guint index = ensure_task (run, make_key (run->key, account_id, task_id), &made);
  TaskInfo *info = task_at (run, index);

  if (info->classified)
    return index;

  if (!info->has_entry && !probe_task (run, db, info, account_id, task_id, error))
    return -1;

  if (info->has_entry)
    {
      info->submitted = TRUE;
      info->awaiting = FALSE;
      if (info->status == STATUS_REJECTED)
        info->outcome = OUTCOME_LOST;
      else if (info->amount == 0)
        info->outcome = OUTCOME_UNPAID;
      else
        info->outcome = OUTCOME_PAID;
    }
  info->classified = TRUE;
  return index;
}

/* The time log */

typedef struct
{
  gint64      start;
  gint64      us;
  gboolean    manual;
  gboolean    paid;
  const char *account_id;
  const char *project_id;
  gint64      task;
  gint64      gap;
  gboolean    new_session;
} TimeRow;

static void
add_time (PwFiguresRun  *run,
          Span          *span,
          guint          span_index,
          const TimeRow *row)
{
  Group *group;
  PwFigures *figures;
  TaskInfo *info = row->task >= 0 ? task_at (run, (guint) row->task) : NULL;

  if (row->start < span->start || row->start >= span->end)
    return;
  group = group_for (span, run->key, row->start, row->account_id, row->project_id);
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
  if (!row->paid || (info != NULL && info->outcome == OUTCOME_UNPAID))
    figures->unpaid_task_us += row->us;
  else if (info != NULL && info->outcome == OUTCOME_LOST)
    figures->lost_task_us += row->us;
  if (info == NULL)
    return;
  if (info->submitted)
    figures->submitted_task_us += row->us;

  if (span->with_medians)
    {
      TaskTime time = { group->index, (guint) row->task, row->us };

      g_array_append_val (span->task_times, time);
    }

  if (info->awaiting && !(info->awaiting_counted & (G_GUINT64_CONSTANT (1) << span_index)))
    {
      guint index = earnings_index (group, info->currency);

      info->awaiting_counted |= G_GUINT64_CONSTANT (1) << span_index;
      g_array_index (figures->earnings, PwEarnings, index).awaiting_micro += info->amount;
      count_task_pay (group, info->currency, info->amount);
    }
}

static gboolean
read_time (PwFiguresRun *run,
           sqlite3      *db,
           gint64        from,
           gint64        counted_from,
           gint64        to,
           GCancellable *cancellable,
           GError      **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autoptr (GString) previous = g_string_new (NULL);
  gboolean previous_is_task = FALSE;
  gint64 session_end = G_MININT64;
  guint64 rows = 0;
  int rc;

  stmt = pw_store_db_prepare (db, "SELECT started_at, ended_at, kind, paid, account_id, task_id, "
                                  "project_id FROM time_entries "
                                  "WHERE started_at >= ?1 AND started_at < ?2 ORDER BY started_at",
                              error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, from);
  sqlite3_bind_int64 (stmt, 2, to);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 started_at = sqlite3_column_int64 (stmt, 0);
      gint64 ended_at = sqlite3_column_int64 (stmt, 1);
      const char *kind = (const char *) sqlite3_column_text (stmt, 2);
      const char *account_id = (const char *) sqlite3_column_text (stmt, 4);
      const char *task_id = (const char *) sqlite3_column_text (stmt, 5);
      gboolean manual = g_strcmp0 (kind, "manual") == 0;
      gboolean is_task = task_id != NULL && !manual;
      gboolean same_task;
      TimeRow row = { 0, };

      if (check_cancelled (++rows, cancellable, error))
        return FALSE;

      row.start = started_at;
      row.us = MAX (0, ended_at - started_at);
      row.manual = manual;
      row.paid = sqlite3_column_int (stmt, 3) != 0;
      row.account_id = account_id;
      row.project_id = (const char *) sqlite3_column_text (stmt, 6);
      row.task = -1;

      /* A session ends after a long enough stretch without work. Inside
       * one, the time from one task to another is unpaid; a pause within
       * one task is not, since the worker said it was no work. */
      make_key (run->key, account_id, task_id);
      same_task = is_task && previous_is_task && g_str_equal (previous->str, run->key->str);
      if (session_end == G_MININT64 || started_at - session_end >= PW_FIGURES_SESSION_BREAK_US)
        row.new_session = TRUE;
      else if (started_at > session_end && !same_task)
        row.gap = started_at - session_end;
      session_end = MAX (session_end, ended_at);
      g_string_assign (previous, run->key->str);
      previous_is_task = is_task;

      if (started_at < counted_from)
        continue;

      /* A task neither the statement nor the store knows stays open: its
       * time counts as work, neither paid nor lost yet. */
      if (is_task && (row.task = classify_task (run, db, account_id, task_id, error)) < 0)
        return FALSE;

      for (guint i = 0; i < run->spans->len; i++)
        add_time (run, run->spans->pdata[i], i, &row);
    }

  if (rc != SQLITE_DONE)
    {
      pw_store_db_set_error (error, db, rc, _("Could not read the time log"));
      return FALSE;
    }
  return TRUE;
}

/* The figures that follow from the sums */

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

gint64
pw_figures_per_hour (gint64 micro,
                     gint64 us)
{
  if (us <= 0)
    return 0;
  return mul_div (micro, G_GINT64_CONSTANT (3600) * G_USEC_PER_SEC, us);
}

static gint64
projected_pending (Span       *span,
                   Group      *group,
                   const char *currency)
{
  GHashTableIter iter;
  gpointer key, value;
  gint64 projected = 0;

  g_hash_table_iter_init (&iter, group->pending);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const char *last = strrchr (key, '\x1f');
      g_autofree char *project = g_strndup (key, (gsize) (last - (const char *) key));
      Approvals *approvals;
      gint64 pending = *(gint64 *) value;

      if (strcmp (last + 1, currency) != 0)
        continue;
      /* The project's approval rate; without reviews the worker's own over
       * all projects; without any, the pending pay in full. */
      approvals = g_hash_table_lookup (span->approvals, project);
      if (approvals == NULL || approvals->n_reviewed == 0)
        approvals = &span->overall;
      if (approvals->n_reviewed == 0)
        projected += pending;
      else
        projected += mul_div (pending, approvals->n_approved, approvals->n_reviewed);
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
finish_group (Span  *span,
              Group *group)
{
  PwFigures *figures = group->figures;

  figures->unpaid_us = figures->gap_us + figures->unpaid_task_us + figures->lost_task_us +
                       figures->unpaid_manual_us;
  figures->all_us = figures->task_us + figures->gap_us + figures->paid_manual_us +
                    figures->unpaid_manual_us;
  figures->overhead_share = figures->all_us > 0 ? (double) figures->unpaid_us / figures->all_us
                                                : 0;
  figures->approval_rate = figures->n_reviewed > 0
                           ? (double) figures->n_approved / figures->n_reviewed : -1;
  figures->accuracy = figures->n_scored > 0 ? group->score_sum / figures->n_scored : -1;

  for (guint i = 0; i < figures->earnings->len; i++)
    {
      PwEarnings *earnings = &g_array_index (figures->earnings, PwEarnings, i);
      guint n_tasks = g_array_index (group->task_counts, guint, i);

      earnings->earned_micro = earnings->approved_micro + earnings->paid_micro +
                               earnings->bonus_micro + earnings->adjustment_micro +
                               earnings->fee_micro;
      earnings->projected_micro = earnings->earned_micro +
                                  projected_pending (span, group, earnings->currency);
      earnings->pay_per_task_micro = n_tasks > 0 ? earnings->task_pay_micro / n_tasks : 0;
      earnings->effective_rate_micro = pw_figures_per_hour (earnings->earned_micro,
                                                            figures->all_us);
      earnings->projected_rate_micro = pw_figures_per_hour (earnings->projected_micro,
                                                            figures->all_us);
      earnings->task_only_rate_micro = pw_figures_per_hour (earnings->task_pay_micro,
                                                            figures->submitted_task_us);
    }
  g_array_sort (figures->earnings, compare_earnings);
}

static int
compare_task_times (gconstpointer a,
                    gconstpointer b)
{
  const TaskTime *x = a, *y = b;

  if (x->group != y->group)
    return x->group < y->group ? -1 : 1;
  if (x->task != y->task)
    return x->task < y->task ? -1 : 1;
  return 0;
}

static int
compare_us (gconstpointer a,
            gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

static void
set_median (Span   *span,
            guint   group,
            GArray *per_task)
{
  PwFigures *figures = ((Group *) span->groups->pdata[group])->figures;
  guint n = per_task->len;

  if (n == 0)
    return;
  g_array_sort (per_task, compare_us);
  if (n % 2 == 1)
    figures->median_task_us = g_array_index (per_task, gint64, n / 2);
  else
    figures->median_task_us = (g_array_index (per_task, gint64, n / 2 - 1) +
                               g_array_index (per_task, gint64, n / 2)) / 2;
  g_array_set_size (per_task, 0);
}

/* The median of the time on one task, its entries summed, per group. */
static void
finish_medians (Span *span)
{
  g_autoptr (GArray) per_task = g_array_new (FALSE, FALSE, sizeof (gint64));
  GArray *times = span->task_times;
  guint i = 0;

  g_array_sort (times, compare_task_times);
  while (i < times->len)
    {
      TaskTime *first = &g_array_index (times, TaskTime, i);
      gint64 us = 0;
      guint j;

      for (j = i; j < times->len; j++)
        {
          TaskTime *each = &g_array_index (times, TaskTime, j);

          if (each->group != first->group || each->task != first->task)
            break;
          us += each->us;
        }
      g_array_append_val (per_task, us);
      if (j == times->len || g_array_index (times, TaskTime, j).group != first->group)
        set_median (span, first->group, per_task);
      i = j;
    }
}

static int
compare_groups (gconstpointer a,
                gconstpointer b)
{
  const PwFigures *x = (*(Group *const *) a)->figures;
  const PwFigures *y = (*(Group *const *) b)->figures;
  int order = g_strcmp0 (x->account_id, y->account_id);

  return order != 0 ? order : g_strcmp0 (x->project_id, y->project_id);
}

static void
name_groups (Span    *span,
             sqlite3 *db)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;

  if (span->grouping == PW_GROUP_ACCOUNT)
    stmt = pw_store_db_prepare (db, "SELECT name FROM accounts WHERE id = ?1", NULL);
  else if (span->grouping == PW_GROUP_PROJECT)
    /* Projects are named once the store keeps them; until then, by id. */
    sqlite3_prepare_v2 (db, "SELECT name FROM projects WHERE account_id = ?1 AND project_id = ?2",
                        -1, &stmt, NULL);
  if (stmt == NULL)
    return;

  for (guint i = 0; i < span->groups->len; i++)
    {
      PwFigures *figures = ((Group *) span->groups->pdata[i])->figures;

      sqlite3_reset (stmt);
      sqlite3_bind_text (stmt, 1, figures->account_id, -1, SQLITE_STATIC);
      if (span->grouping == PW_GROUP_PROJECT)
        sqlite3_bind_text (stmt, 2, figures->project_id, -1, SQLITE_STATIC);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        figures->name = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
    }
}

gboolean
pw_figures_run_execute (PwFiguresRun *run,
                        sqlite3      *db,
                        GCancellable *cancellable,
                        GError      **error)
{
  gint64 first = G_MAXINT64, last = G_MININT64, statement_from = G_MAXINT64;

  g_return_val_if_fail (run->spans->len > 0, FALSE);

  for (guint i = 0; i < run->spans->len; i++)
    {
      Span *span = run->spans->pdata[i];

      first = MIN (first, span->start);
      last = MAX (last, span->end);
      statement_from = MIN (statement_from, MIN (span->start - LEDGER_BEFORE_US,
                                                 span->approval_start));
    }

  if (!read_statement (run, db, statement_from, last + LEDGER_AFTER_US, cancellable, error))
    return FALSE;
  for (guint i = 0; i < run->spans->len; i++)
    ((Span *) run->spans->pdata[i])->cursor = 0;
  if (!read_time (run, db, first - SESSION_LOOKBACK_US, first, last, cancellable, error))
    return FALSE;

  for (guint i = 0; i < run->spans->len; i++)
    {
      Span *span = run->spans->pdata[i];

      if (span->with_medians)
        finish_medians (span);
      for (guint j = 0; j < span->groups->len; j++)
        finish_group (span, span->groups->pdata[j]);
      if (span->group_by_key != NULL)
        {
          g_ptr_array_sort (span->groups, compare_groups);
          name_groups (span, db);
        }
    }
  return TRUE;
}

/* Returns: (transfer full) (element-type PwFigures): the figures of a span,
 *   one per group */
GPtrArray *
pw_figures_run_result (PwFiguresRun *run,
                       guint         span_index)
{
  Span *span;
  GPtrArray *result;

  g_return_val_if_fail (span_index < run->spans->len, NULL);

  span = run->spans->pdata[span_index];
  result = g_ptr_array_new_full (span->groups->len, (GDestroyNotify) pw_figures_unref);
  for (guint i = 0; i < span->groups->len; i++)
    g_ptr_array_add (result, pw_figures_ref (((Group *) span->groups->pdata[i])->figures));
  return result;
}
