/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n-lib.h>

#include "pw-store-outbox-private.h"
#include "pw-store-private.h"
#include "pw-store-tasks.h"

/* The sync worker's side of the outbox of PwStore: which rows are due and
 * when the next one is, marking them as being sent, and recording what the
 * marketplace answered, with their tasks following. */

/* Writes, on the writer thread */

gboolean
_pw_store_outbox_apply_mark_sending (sqlite3  *db,
                                     GArray   *ids,
                                     GError  **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;

  stmt = pw_store_db_prepare (db, "UPDATE submissions SET state = 'sending' "
                                  "WHERE id = ?1 AND state = 'pending'", error);
  if (stmt == NULL)
    return FALSE;

  for (guint i = 0; i < ids->len; i++)
    {
      sqlite3_reset (stmt);
      sqlite3_bind_int64 (stmt, 1, g_array_index (ids, gint64, i));
      if (!pw_store_db_step_done (db, stmt, error))
        return FALSE;
    }
  return TRUE;
}

/* Many rows in one transaction: with synchronous=FULL a commit costs a sync
 * of the disk, and the worker finishes rows far faster than one per sync. A
 * row is only here once the marketplace answered; a crash before this
 * commits sends it again with the same key, which the marketplace answers
 * with its first receipt. Body and key are never touched. */
gboolean
_pw_store_outbox_apply_update_submissions (sqlite3    *db,
                                           GPtrArray  *updates,
                                           gint64      time,
                                           GError    **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autoptr (sqlite3_stmt) task = NULL;

  stmt = pw_store_db_prepare (db, "UPDATE submissions SET state = ?2, attempts = ?3, "
                                  "next_attempt_at = ?4, last_error = ?5, "
                                  "result_json = coalesce (?6, result_json) "
                                  "WHERE id = ?1 AND state IN ('pending', 'sending')", error);
  if (stmt == NULL)
    return FALSE;
  task = pw_store_db_prepare (db, "UPDATE tasks SET state = ?2, updated_at = ?3 "
                                  "WHERE (account_id, task_id) = "
                                  "(SELECT account_id, task_id FROM submissions WHERE id = ?1)",
                              error);
  if (task == NULL)
    return FALSE;

  for (guint i = 0; i < updates->len; i++)
    {
      const PwOutboxUpdate *update = updates->pdata[i];
      PwTaskState task_state;

      sqlite3_reset (stmt);
      sqlite3_bind_int64 (stmt, 1, update->id);
      sqlite3_bind_text (stmt, 2, pw_outbox_state_to_string (update->state), -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 3, update->attempts);
      sqlite3_bind_int64 (stmt, 4, update->next_attempt_at);
      sqlite3_bind_text (stmt, 5, update->last_error, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 6, update->result_json, -1, SQLITE_STATIC);
      if (!pw_store_db_step_done (db, stmt, error))
        return FALSE;

      if (!_pw_store_outbox_task_state_for (update->state, &task_state) ||
          sqlite3_changes (db) == 0)
        continue;
      sqlite3_reset (task);
      sqlite3_bind_int64 (task, 1, update->id);
      sqlite3_bind_text (task, 2, pw_task_state_to_string (task_state), -1, SQLITE_STATIC);
      sqlite3_bind_int64 (task, 3, time);
      if (!pw_store_db_step_done (db, task, error))
        return FALSE;
    }
  return TRUE;
}

/* Writes */

/**
 * pw_store_mark_sending:
 * @self: a #PwStore
 * @ids: (element-type gint64): rows about to be sent
 *
 * Marks pending rows as being sent, all in one transaction.
 */
void
pw_store_mark_sending (PwStore *self,
                       GArray  *ids)
{
  PwStoreOp *op;

  g_return_if_fail (PW_IS_STORE (self));
  g_return_if_fail (ids != NULL);

  op = _pw_store_op_new (PW_STORE_OP_MARK_SENDING, NULL, NULL, 0);
  op->data = g_array_ref (ids);
  op->data_free = (GDestroyNotify) g_array_unref;
  _pw_store_writer_push (_pw_store_get_writer (self), op);
}

/**
 * pw_store_reset_sending:
 * @self: a #PwStore
 *
 * Makes every row left `sending` pending again: at start-up they are rows
 * whose request was cut short by a crash, and they go again with their key.
 */
void
pw_store_reset_sending (PwStore *self)
{
  g_return_if_fail (PW_IS_STORE (self));

  _pw_store_writer_push (_pw_store_get_writer (self),
                         _pw_store_op_new (PW_STORE_OP_RESET_SENDING, NULL, NULL, 0));
}

/**
 * pw_store_update_submissions:
 * @self: a #PwStore
 * @updates: (element-type PwOutboxUpdate): what became of some rows
 *
 * Records the outcome of rows, all in one transaction; the tasks follow
 * (done makes its task `synced`, a final state its namesake). Rows already
 * in a final state are left alone.
 */
void
pw_store_update_submissions (PwStore   *self,
                             GPtrArray *updates)
{
  PwStoreOp *op;

  g_return_if_fail (PW_IS_STORE (self));
  g_return_if_fail (updates != NULL);

  op = _pw_store_op_new (PW_STORE_OP_UPDATE_SUBMISSIONS, NULL, NULL, 0);
  op->data = g_ptr_array_ref (updates);
  op->data_free = (GDestroyNotify) g_ptr_array_unref;
  _pw_store_writer_push (_pw_store_get_writer (self), op);
}

/* Reads, on the read connection */

/* The pending rows of @account_id whose time has come by @now, oldest
 * first, at most @limit of them, or %NULL on error. */
static GPtrArray *
read_due (sqlite3    *db,
          const char *account_id,
          gint64      now,
          guint       limit,
          GError    **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;

  stmt = pw_store_db_prepare (db, "SELECT " PW_STORE_OUTBOX_ROW_COLUMNS " FROM submissions "
                                  "WHERE account_id = ?1 AND state = 'pending' "
                                  "AND next_attempt_at <= ?2 "
                                  "ORDER BY next_attempt_at, id LIMIT ?3", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, account_id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, now);
  sqlite3_bind_int64 (stmt, 3, limit);

  return _pw_store_outbox_read_rows (db, stmt, error);
}

/* The accounts with rows pending or sending. */
static GStrv
read_outbox_accounts (sqlite3 *db,
                      GError **error)
{
  return pw_store_db_read_strv (db, "SELECT DISTINCT account_id FROM submissions "
                                    "WHERE state IN ('pending', 'sending') ORDER BY account_id",
                                _("Could not read the submissions waiting to be sent"), error);
}

/* Sets *@next_attempt_at to when the first pending row of @account_id may
 * be sent, or to %G_MAXINT64 when none is pending. */
static gboolean
read_next_attempt (sqlite3    *db,
                   const char *account_id,
                   gint64     *next_attempt_at,
                   GError    **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = pw_store_db_prepare (db, "SELECT min (next_attempt_at) FROM submissions "
                                  "WHERE account_id = ?1 AND state = 'pending'", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, account_id, -1, SQLITE_STATIC);

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      pw_store_db_set_error (error, db, rc, _("Could not read the submissions waiting to be sent"));
      return FALSE;
    }
  *next_attempt_at = sqlite3_column_type (stmt, 0) == SQLITE_NULL
                       ? G_MAXINT64 : sqlite3_column_int64 (stmt, 0);
  return TRUE;
}

/* Reads that wait for the disk: for threads and tests */

/**
 * pw_store_list_due_submissions:
 * @self: a #PwStore
 * @account_id: the account
 * @now: the time, in microseconds since 1970
 * @limit: the most rows to return
 * @error: return location for a #GError
 *
 * Waits for the disk: for threads and tests.
 *
 * Returns: (transfer full) (element-type PwOutboxRow): the pending rows
 *   whose time has come, oldest first, or %NULL on error
 */
GPtrArray *
pw_store_list_due_submissions (PwStore    *self,
                               const char *account_id,
                               gint64      now,
                               guint       limit,
                               GError    **error)
{
  sqlite3 *db;
  GPtrArray *rows;

  g_return_val_if_fail (PW_IS_STORE (self), NULL);
  g_return_val_if_fail (account_id != NULL, NULL);

  if ((db = pw_store_acquire_reader_synced (self, error)) == NULL)
    return NULL;
  rows = read_due (db, account_id, now, limit, error);
  pw_store_release_reader (self);
  return rows;
}

/**
 * pw_store_list_outbox_accounts:
 *
 * Returns: (transfer full): the accounts with rows pending or sending, or
 *   %NULL on error
 */
GStrv
pw_store_list_outbox_accounts (PwStore *self,
                               GError **error)
{
  sqlite3 *db;
  GStrv ids;

  g_return_val_if_fail (PW_IS_STORE (self), NULL);

  if ((db = pw_store_acquire_reader_synced (self, error)) == NULL)
    return NULL;
  ids = read_outbox_accounts (db, error);
  pw_store_release_reader (self);
  return ids;
}

/**
 * pw_store_get_next_attempt:
 * @next_attempt_at: (out): when the first pending row of @account_id may
 *   be sent, or %G_MAXINT64 when none is pending
 *
 * Returns: %TRUE on success
 */
gboolean
pw_store_get_next_attempt (PwStore    *self,
                           const char *account_id,
                           gint64     *next_attempt_at,
                           GError    **error)
{
  sqlite3 *db;
  gboolean ok;

  g_return_val_if_fail (PW_IS_STORE (self), FALSE);
  g_return_val_if_fail (account_id != NULL && next_attempt_at != NULL, FALSE);

  if ((db = pw_store_acquire_reader_synced (self, error)) == NULL)
    return FALSE;
  ok = read_next_attempt (db, account_id, next_attempt_at, error);
  pw_store_release_reader (self);
  return ok;
}

/* Reads on a thread, for the main thread */

static void
list_due_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  PwStoreOutboxRead *args = task_data;
  GError *error = NULL;
  GPtrArray *rows = pw_store_list_due_submissions (source_object, args->account_id, args->now,
                                                   args->limit, &error);

  if (rows == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, rows, (GDestroyNotify) g_ptr_array_unref);
}

/**
 * pw_store_list_due_submissions_async:
 * @self: a #PwStore
 * @account_id: the account
 * @now: the time, in microseconds since 1970
 * @limit: the most rows to return
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the rows
 * @user_data: data for @callback
 *
 * Lists, on a thread, the rows to send. See pw_store_list_due_submissions().
 */
void
pw_store_list_due_submissions_async (PwStore            *self,
                                     const char         *account_id,
                                     gint64              now,
                                     guint               limit,
                                     GCancellable       *cancellable,
                                     GAsyncReadyCallback callback,
                                     gpointer            user_data)
{
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (PW_IS_STORE (self));
  g_return_if_fail (account_id != NULL);

  task = _pw_store_outbox_new_read (self, account_id, now, limit,
                                    pw_store_list_due_submissions_async,
                                    cancellable, callback, user_data);
  g_task_run_in_thread (task, list_due_thread);
}

/**
 * pw_store_list_due_submissions_finish:
 *
 * Returns: (transfer full) (element-type PwOutboxRow): the rows, or %NULL
 */
GPtrArray *
pw_store_list_due_submissions_finish (PwStore      *self,
                                      GAsyncResult *result,
                                      GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        pw_store_list_due_submissions_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
