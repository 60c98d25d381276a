/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n-lib.h>

#include "pw-store-ledger-private.h"
#include "pw-store-private.h"

/* Each task's history in the ledger of PwStore: its claim, its
 * submissions, every status and amount its statement entries took, and
 * its review, in the order the store learned of them. */

void
pw_task_event_free (PwTaskEvent *event)
{
  if (event == NULL)
    return;

  g_free (event->entry_id);
  g_free (event->review_comment);
  g_free (event);
}

/* Reads, on the read connection */

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
  if (!_pw_store_ledger_status_from_name ((const char *) sqlite3_column_text (stmt, 4),
                                          &event->status)
      || !_pw_store_ledger_type_from_name ((const char *) sqlite3_column_text (stmt, 6),
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

/* The task's events, oldest first, or %NULL on error. */
static GPtrArray *
read_task_history (sqlite3     *db,
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

/* Reads that wait for the disk: for threads and tests */

/**
 * pw_store_list_task_history:
 * @self: a #PwStore
 * @account_id: the account
 * @task_id: the task
 * @error: return location for a #GError
 *
 * Lists what happened to a task: its claim, each submission with where it
 * stands, each status and amount its statement entries took, and the
 * review. They come in the order the store learned of them, which is the
 * order they happened even when the marketplace's clock and the worker's
 * disagree. Waits for the disk: for threads and tests.
 *
 * Returns: (transfer full) (element-type PwTaskEvent): the events, oldest
 *   first, empty for a task the store does not know, or %NULL on error
 */
GPtrArray *
pw_store_list_task_history (PwStore    *self,
                            const char *account_id,
                            const char *task_id,
                            GError    **error)
{
  sqlite3 *db;
  GPtrArray *events;

  g_return_val_if_fail (PW_IS_STORE (self), NULL);
  g_return_val_if_fail (account_id != NULL && task_id != NULL, NULL);

  if ((db = pw_store_acquire_reader_synced (self, error)) == NULL)
    return NULL;
  events = read_task_history (db, account_id, task_id, error);
  pw_store_release_reader (self);
  return events;
}

/* Reads on a thread, for the main thread */

static void
list_history_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  PwStoreLedgerRead *args = task_data;
  GError *error = NULL;
  GPtrArray *events = pw_store_list_task_history (source_object, args->account_id,
                                                  args->task_id, &error);

  if (events == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, events, (GDestroyNotify) g_ptr_array_unref);
}

/**
 * pw_store_list_task_history_async:
 * @self: a #PwStore
 * @account_id: the account
 * @task_id: the task
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the events
 * @user_data: data for @callback
 *
 * Lists, on a thread, what happened to a task. See
 * pw_store_list_task_history().
 */
void
pw_store_list_task_history_async (PwStore            *self,
                                  const char         *account_id,
                                  const char         *task_id,
                                  GCancellable       *cancellable,
                                  GAsyncReadyCallback callback,
                                  gpointer            user_data)
{
  g_return_if_fail (PW_IS_STORE (self));
  g_return_if_fail (account_id != NULL && task_id != NULL);

  _pw_store_ledger_run_read (self, account_id, task_id, pw_store_list_task_history_async,
                             list_history_thread, cancellable, callback, user_data);
}

/**
 * pw_store_list_task_history_finish:
 *
 * Returns: (transfer full) (element-type PwTaskEvent): the events, oldest
 *   first, or %NULL
 */
GPtrArray *
pw_store_list_task_history_finish (PwStore      *self,
                                   GAsyncResult *result,
                                   GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        pw_store_list_task_history_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
