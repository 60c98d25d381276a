/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n-lib.h>

#include "pw-store-outbox-private.h"
#include "pw-store-private.h"
#include "pw-store-tasks.h"

/* What became of the worker's submissions in the outbox of PwStore: one
 * submission by its key, the work the marketplace did not take, and how
 * many still wait to be sent, as the queue, the sync badge and the list
 * of refused work show them. */

/* Reads, on the read connection */

/* The row with @key, or %NULL, with *@found %FALSE when there is none. */
static PwOutboxRow *
read_submission (sqlite3    *db,
                 const char *key,
                 gboolean   *found,
                 GError    **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  int rc;

  *found = FALSE;
  stmt = pw_store_db_prepare (db, "SELECT " PW_STORE_OUTBOX_ROW_COLUMNS " FROM submissions "
                                  "WHERE idempotency_key = ?1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    return NULL;
  if (rc != SQLITE_ROW)
    {
      pw_store_db_set_error (error, db, rc, _("Could not read the submissions waiting to be sent"));
      return NULL;
    }
  *found = TRUE;
  return _pw_store_outbox_read_row (stmt);
}

/* The rows that ended in a state other than done, newest first: the work
 * the marketplace did not take. */
static GPtrArray *
read_final (sqlite3 *db,
            GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;

  stmt = pw_store_db_prepare (db, "SELECT " PW_STORE_OUTBOX_ROW_COLUMNS " FROM submissions "
                                  "WHERE state IN ('conflict', 'expired', 'reassigned', "
                                  "'rejected_bad_request') ORDER BY created_at DESC, id DESC",
                              error);
  if (stmt == NULL)
    return NULL;

  return _pw_store_outbox_read_rows (db, stmt, error);
}

/* Counts the rows pending or sending of @account_id, or of all accounts
 * when it is %NULL. */
static gboolean
read_count_waiting (sqlite3    *db,
                    const char *account_id,
                    guint      *n_waiting,
                    GError    **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = pw_store_db_prepare (db, "SELECT count (*) FROM submissions "
                                  "WHERE state IN ('pending', 'sending') "
                                  "AND (?1 IS NULL OR account_id = ?1)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, account_id, -1, SQLITE_STATIC);

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      pw_store_db_set_error (error, db, rc, _("Could not read the submissions waiting to be sent"));
      return FALSE;
    }
  *n_waiting = (guint) sqlite3_column_int64 (stmt, 0);
  return TRUE;
}

/* Reads that wait for the disk: for threads and tests */

/**
 * pw_store_get_submission:
 *
 * Returns: (transfer full) (nullable): the row with @idempotency_key, or
 *   %NULL, with @error unset when there is none
 */
PwOutboxRow *
pw_store_get_submission (PwStore    *self,
                         const char *idempotency_key,
                         GError    **error)
{
  sqlite3 *db;
  PwOutboxRow *row;
  gboolean found;

  g_return_val_if_fail (PW_IS_STORE (self), NULL);
  g_return_val_if_fail (idempotency_key != NULL, NULL);

  if ((db = pw_store_acquire_reader_synced (self, error)) == NULL)
    return NULL;
  row = read_submission (db, idempotency_key, &found, error);
  pw_store_release_reader (self);
  return row;
}

/**
 * pw_store_list_final_submissions:
 *
 * Returns: (transfer full) (element-type PwOutboxRow): the rows the
 *   marketplace did not take (conflict, expired, reassigned, rejected),
 *   newest first, each with its work; %NULL on error
 */
GPtrArray *
pw_store_list_final_submissions (PwStore *self,
                                 GError **error)
{
  sqlite3 *db;
  GPtrArray *rows;

  g_return_val_if_fail (PW_IS_STORE (self), NULL);

  if ((db = pw_store_acquire_reader_synced (self, error)) == NULL)
    return NULL;
  rows = read_final (db, error);
  pw_store_release_reader (self);
  return rows;
}

/**
 * pw_store_count_waiting_submissions:
 * @account_id: (nullable): one account, or %NULL for all
 * @n_waiting: (out): the rows pending or sending
 *
 * Returns: %TRUE on success
 */
gboolean
pw_store_count_waiting_submissions (PwStore    *self,
                                    const char *account_id,
                                    guint      *n_waiting,
                                    GError    **error)
{
  sqlite3 *db;
  gboolean ok;

  g_return_val_if_fail (PW_IS_STORE (self), FALSE);
  g_return_val_if_fail (n_waiting != NULL, FALSE);

  if ((db = pw_store_acquire_reader_synced (self, error)) == NULL)
    return FALSE;
  ok = read_count_waiting (db, account_id, n_waiting, error);
  pw_store_release_reader (self);
  return ok;
}

/* Reads on a thread, for the main thread */

static void
count_waiting_thread (GTask        *task,
                      gpointer      source_object,
                      gpointer      task_data,
                      GCancellable *cancellable)
{
  PwStoreOutboxRead *args = task_data;
  GError *error = NULL;
  guint n_waiting = 0;

  if (pw_store_count_waiting_submissions (source_object, args->account_id, &n_waiting, &error))
    g_task_return_int (task, n_waiting);
  else
    g_task_return_error (task, error);
}

/**
 * pw_store_count_waiting_submissions_async:
 * @self: a #PwStore
 * @account_id: (nullable): one account, or %NULL for all
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the count
 * @user_data: data for @callback
 *
 * Counts the submissions waiting to be sent, on a thread.
 */
void
pw_store_count_waiting_submissions_async (PwStore            *self,
                                          const char         *account_id,
                                          GCancellable       *cancellable,
                                          GAsyncReadyCallback callback,
                                          gpointer            user_data)
{
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (PW_IS_STORE (self));

  task = _pw_store_outbox_new_read (self, account_id, 0, 0,
                                    pw_store_count_waiting_submissions_async,
                                    cancellable, callback, user_data);
  g_task_run_in_thread (task, count_waiting_thread);
}

/**
 * pw_store_count_waiting_submissions_finish:
 * @n_waiting: (out): the rows pending or sending
 *
 * Returns: %TRUE on success
 */
gboolean
pw_store_count_waiting_submissions_finish (PwStore      *self,
                                           GAsyncResult *result,
                                           guint        *n_waiting,
                                           GError      **error)
{
  gssize count;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        pw_store_count_waiting_submissions_async, FALSE);

  count = g_task_propagate_int (G_TASK (result), error);
  if (count < 0)
    return FALSE;
  *n_waiting = (guint) count;
  return TRUE;
}

static void
list_final_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  GError *error = NULL;
  GPtrArray *rows = pw_store_list_final_submissions (source_object, &error);

  if (rows == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, rows, (GDestroyNotify) g_ptr_array_unref);
}

/**
 * pw_store_list_final_submissions_async:
 * @self: a #PwStore
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the rows
 * @user_data: data for @callback
 *
 * Lists, on a thread, the work the marketplace did not take. See
 * pw_store_list_final_submissions().
 */
void
pw_store_list_final_submissions_async (PwStore            *self,
                                       GCancellable       *cancellable,
                                       GAsyncReadyCallback callback,
                                       gpointer            user_data)
{
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (PW_IS_STORE (self));

  task = _pw_store_outbox_new_read (self, NULL, 0, 0, pw_store_list_final_submissions_async,
                                    cancellable, callback, user_data);
  g_task_run_in_thread (task, list_final_thread);
}

/**
 * pw_store_list_final_submissions_finish:
 *
 * Returns: (transfer full) (element-type PwOutboxRow): the rows, or %NULL
 */
GPtrArray *
pw_store_list_final_submissions_finish (PwStore      *self,
                                        GAsyncResult *result,
                                        GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        pw_store_list_final_submissions_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
