/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n-lib.h>

#include "pw-error.h"
#include "pw-store-ledger-private.h"

/* The reads of the ledger and of accounts, on the read connection. */

void
pw_task_event_free (PwTaskEvent *event)
{
  if (event == NULL)
    return;

  g_free (event->entry_id);
  g_free (event->review_comment);
  g_free (event);
}

/**
 * pw_store_db_get_statement_cursor:
 * @cursor: (out) (transfer full) (nullable): the last cursor the account's
 *   statement gave, or %NULL when it gave none yet
 */
gboolean
pw_store_db_get_statement_cursor (sqlite3     *db,
                                  const char  *account_id,
                                  char       **cursor,
                                  GError     **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  int rc;

  *cursor = NULL;
  stmt = pw_store_db_prepare (db, "SELECT cursor FROM statement_cursors WHERE account_id = ?1",
                              error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, account_id, -1, SQLITE_STATIC);

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      pw_store_db_set_error (error, db, rc, _("Could not read the statement"));
      return FALSE;
    }
  if (rc == SQLITE_ROW)
    *cursor = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  return TRUE;
}

/* One query for the whole history. Its columns: kind, at, when the store
 * learned of it, the row's id, status, entry id, entry type, amount,
 * currency, score, comment, and a group in which a review follows the
 * change it came with. Events are ordered by when the store learned of
 * them: the marketplace's clock and the worker's may disagree, so `at`
 * alone could put a statement entry before the submission that made it.
 * A task claimed before claimed_at was kept gives its claim's time only
 * while it is still claimed. A review comes right after the first change
 * that decided its entry. */
#define HISTORY_SQL \
  "SELECT 0, COALESCE (claimed_at, CASE state WHEN 'claimed' THEN updated_at ELSE 0 END), " \
  "  COALESCE (claimed_at, CASE state WHEN 'claimed' THEN updated_at ELSE 0 END), 0, " \
  "  NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0 " \
  "FROM tasks WHERE account_id = ?1 AND task_id = ?2 " \
  "UNION ALL " \
  "SELECT 1, created_at, created_at, id, state, NULL, NULL, NULL, NULL, NULL, NULL, 1 " \
  "FROM submissions WHERE account_id = ?1 AND task_id = ?2 " \
  "UNION ALL " \
  "SELECT 2, c.at, c.seen_at, c.id, c.status, e.entry_id, e.type, c.amount_micro, " \
  "  e.currency, NULL, NULL, 2 " \
  "FROM ledger_entries e JOIN ledger_changes c " \
  "  ON c.account_id = e.account_id AND c.entry_id = e.entry_id " \
  "WHERE e.account_id = ?1 AND e.task_id = ?2 " \
  "UNION ALL " \
  "SELECT 3, c.at, c.seen_at, c.id, c.status, e.entry_id, e.type, NULL, NULL, " \
  "  e.review_score, e.review_comment, 2 " \
  "FROM ledger_entries e JOIN ledger_changes c ON c.id = coalesce (" \
  "  (SELECT min (id) FROM ledger_changes d WHERE d.account_id = e.account_id " \
  "   AND d.entry_id = e.entry_id AND d.status <> 'pending'), " \
  "  (SELECT max (id) FROM ledger_changes d WHERE d.account_id = e.account_id " \
  "   AND d.entry_id = e.entry_id)) " \
  "WHERE e.account_id = ?1 AND e.task_id = ?2 AND e.review_score IS NOT NULL " \
  "ORDER BY 3, 12, 4, 1"

static void
read_entry_columns (sqlite3_stmt *stmt,
                    PwTaskEvent  *event)
{
  /* The CHECKs on the ledger's columns keep out names not known here. */
  if (!pw_store_ledger_status_from_name ((const char *) sqlite3_column_text (stmt, 4),
                                         &event->status)
      || !pw_store_ledger_type_from_name ((const char *) sqlite3_column_text (stmt, 6),
                                          &event->entry_type))
    g_assert_not_reached ();
  event->entry_id = g_strdup ((const char *) sqlite3_column_text (stmt, 5));
}

static PwTaskEvent *
read_event (sqlite3_stmt *stmt)
{
  PwTaskEvent *event = g_new0 (PwTaskEvent, 1);

  event->kind = sqlite3_column_int (stmt, 0);
  event->at = sqlite3_column_int64 (stmt, 1);
  switch (event->kind)
    {
    case PW_TASK_EVENT_SUBMITTED:
      if (!pw_outbox_state_from_string ((const char *) sqlite3_column_text (stmt, 4),
                                        &event->submission_state))
        g_assert_not_reached ();
      break;
    case PW_TASK_EVENT_STATEMENT:
      read_entry_columns (stmt, event);
      event->amount.micro = sqlite3_column_int64 (stmt, 7);
      g_strlcpy (event->amount.currency, (const char *) sqlite3_column_text (stmt, 8),
                 sizeof event->amount.currency);
      break;
    case PW_TASK_EVENT_REVIEWED:
      read_entry_columns (stmt, event);
      event->review_score = sqlite3_column_double (stmt, 9);
      event->review_comment = g_strdup ((const char *) sqlite3_column_text (stmt, 10));
      break;
    case PW_TASK_EVENT_CLAIMED:
    default:
      break;
    }
  return event;
}

/**
 * pw_store_db_list_task_history:
 *
 * Returns: (transfer full) (element-type PwTaskEvent): the task's events,
 *   oldest first, or %NULL on error
 */
GPtrArray *
pw_store_db_list_task_history (sqlite3     *db,
                               const char  *account_id,
                               const char  *task_id,
                               GError     **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autoptr (GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify) pw_task_event_free);
  int rc;

  stmt = pw_store_db_prepare (db, HISTORY_SQL, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, account_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, task_id, -1, SQLITE_STATIC);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (events, read_event (stmt));

  if (rc != SQLITE_DONE)
    {
      pw_store_db_set_error (error, db, rc, _("Could not read the task’s history"));
      return NULL;
    }
  return g_steal_pointer (&events);
}

static gboolean
count (sqlite3     *db,
       const char  *sql,
       const char  *account_id,
       guint       *n,
       GError     **error)
{
  g_autoptr (sqlite3_stmt) stmt = pw_store_db_prepare (db, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, account_id, -1, SQLITE_STATIC);

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      pw_store_db_set_error (error, db, rc, _("Could not read the account’s work"));
      return FALSE;
    }
  *n = (guint) sqlite3_column_int64 (stmt, 0);
  return TRUE;
}

/**
 * pw_store_db_count_account_work:
 * @n_waiting_submissions: (out): submissions pending or sending
 * @n_claimed_tasks: (out): claimed tasks with no submission, the ones
 *   removing the account drops
 */
gboolean
pw_store_db_count_account_work (sqlite3     *db,
                                const char  *account_id,
                                guint       *n_waiting_submissions,
                                guint       *n_claimed_tasks,
                                GError     **error)
{
  return count (db, "SELECT count (*) FROM submissions WHERE account_id = ?1 "
                    "AND state IN ('pending', 'sending')", account_id, n_waiting_submissions,
                error)
         && count (db, "SELECT count (*) FROM tasks WHERE " PW_STORE_SQL_UNWORKED_CLAIM,
                   account_id, n_claimed_tasks, error);
}
