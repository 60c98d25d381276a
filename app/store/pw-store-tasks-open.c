/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n-lib.h>

#include "pw-error.h"
#include "pw-store-private.h"
#include "pw-store-sql.h"
#include "pw-store-tasks.h"

/* The open tasks of PwStore, as the queue shows them and the work area
 * opens them: every task still claimed, one task with its project, and
 * where a task stands. */

/* Reads */

#define TASK_COLUMNS \
  "t.account_id, t.task_id, t.claim_id, t.project_id, t.kind, t.pay_micro, t.currency, " \
  "t.lease_expires_at, t.media_file, t.task_json, p.project_json, t.state, t.updated_at "   \
  "FROM tasks t LEFT JOIN projects p "                                                      \
  "ON p.account_id = t.account_id AND p.project_id = t.project_id "

static PwStoreTask *
task_from_row (sqlite3_stmt *stmt)
{
  PwStoreTask *task = g_new0 (PwStoreTask, 1);

  task->account_id = pw_store_db_dup_column (stmt, 0);
  task->task_id = pw_store_db_dup_column (stmt, 1);
  task->claim_id = pw_store_db_dup_column (stmt, 2);
  task->project_id = pw_store_db_dup_column (stmt, 3);
  /* The store writes only the names pw_task_kind_to_string() gives. */
  if (!pw_task_kind_from_string ((const char *) sqlite3_column_text (stmt, 4), &task->kind))
    g_warn_if_reached ();
  task->pay_micro = sqlite3_column_int64 (stmt, 5);
  task->currency = pw_store_db_dup_column (stmt, 6);
  task->lease_expires_at = sqlite3_column_int64 (stmt, 7);
  task->media_file = pw_store_db_dup_column (stmt, 8);
  task->task_json = pw_store_db_dup_column (stmt, 9);
  task->project_json = pw_store_db_dup_column (stmt, 10);
  /* The CHECK on the column keeps out names not known here. */
  if (!pw_task_state_from_string ((const char *) sqlite3_column_text (stmt, 11), &task->state))
    g_assert_not_reached ();
  task->updated_at = sqlite3_column_int64 (stmt, 12);
  return task;
}

/**
 * pw_store_list_open_tasks:
 * @self: a #PwStore
 * @error: return location for a #GError
 *
 * Waits for the disk: for threads and tests.
 *
 * Returns: (transfer full) (element-type PwStoreTask): the claimed tasks of
 *   every account not yet submitted, released or expired, the lease that
 *   runs out first first, or %NULL on error
 */
GPtrArray *
pw_store_list_open_tasks (PwStore *self,
                          GError **error)
{
  g_autoptr (GPtrArray) tasks = NULL;
  sqlite3_stmt *stmt = NULL;
  sqlite3 *db;
  int rc;

  g_return_val_if_fail (PW_IS_STORE (self), NULL);

  if ((db = pw_store_acquire_reader_synced (self, error)) == NULL)
    return NULL;

  tasks = g_ptr_array_new_with_free_func ((GDestroyNotify) pw_store_task_free);
  stmt = pw_store_db_prepare (db, "SELECT " TASK_COLUMNS "WHERE t.state = 'claimed' "
                                  "ORDER BY t.lease_expires_at, t.updated_at, t.account_id, "
                                  "t.task_id", error);
  if (stmt == NULL)
    {
      pw_store_release_reader (self);
      return NULL;
    }
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (tasks, task_from_row (stmt));
  if (rc != SQLITE_DONE)
    {
      pw_store_db_set_error (error, db, rc, _("Could not read the claimed tasks"));
      g_clear_pointer (&tasks, g_ptr_array_unref);
    }
  sqlite3_finalize (stmt);
  pw_store_release_reader (self);
  return g_steal_pointer (&tasks);
}

/**
 * pw_store_get_task:
 * @self: a #PwStore
 * @account_id: the account
 * @task_id: the task
 * @error: return location for a #GError
 *
 * Waits for the disk: for threads and tests.
 *
 * Returns: (transfer full) (nullable): the task in any state, or %NULL
 *   with %PW_ERROR_NOT_FOUND when the store has no such task
 */
PwStoreTask *
pw_store_get_task (PwStore    *self,
                   const char *account_id,
                   const char *task_id,
                   GError    **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  PwStoreTask *task = NULL;
  sqlite3 *db;
  int rc;

  g_return_val_if_fail (PW_IS_STORE (self), NULL);
  g_return_val_if_fail (account_id != NULL && task_id != NULL, NULL);

  if ((db = pw_store_acquire_reader_synced (self, error)) == NULL)
    return NULL;

  stmt = pw_store_db_prepare (db, "SELECT " TASK_COLUMNS
                                  "WHERE t.account_id = ?1 AND t.task_id = ?2", error);
  if (stmt != NULL)
    {
      sqlite3_bind_text (stmt, 1, account_id, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, task_id, -1, SQLITE_STATIC);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        task = task_from_row (stmt);
      else if (rc == SQLITE_DONE)
        g_set_error (error, PW_ERROR, PW_ERROR_NOT_FOUND,
                     _("The task “%s” is not in the store"), task_id);
      else
        pw_store_db_set_error (error, db, rc, _("Could not read the claimed tasks"));
    }
  g_clear_pointer (&stmt, sqlite3_finalize);
  pw_store_release_reader (self);
  return task;
}

/* Sets *@state to the state of a task; %FALSE with %PW_ERROR_NOT_FOUND
 * when the store does not know it. */
static gboolean
read_task_state (sqlite3      *db,
                 const char   *account_id,
                 const char   *task_id,
                 PwTaskState  *state,
                 GError      **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = pw_store_db_prepare (db, "SELECT state FROM tasks "
                                  "WHERE account_id = ?1 AND task_id = ?2", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, account_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, task_id, -1, SQLITE_STATIC);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, PW_ERROR, PW_ERROR_NOT_FOUND,
                   _("The task “%s” is not in the store"), task_id);
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    {
      pw_store_db_set_error (error, db, rc, _("Could not read the claimed tasks"));
      return FALSE;
    }
  /* The CHECK on the column keeps out names not known here. */
  if (!pw_task_state_from_string ((const char *) sqlite3_column_text (stmt, 0), state))
    g_assert_not_reached ();
  return TRUE;
}

/**
 * pw_store_get_task_state:
 * @self: a #PwStore
 * @account_id: the account
 * @task_id: the task
 * @state: (out): where the task stands
 * @error: return location for a #GError
 *
 * Reads where a task stands, without the rest of it. Waits for the disk:
 * for threads and tests.
 *
 * Returns: %TRUE on success; %FALSE with %PW_ERROR_NOT_FOUND when the
 *   store has no such task
 */
gboolean
pw_store_get_task_state (PwStore      *self,
                         const char   *account_id,
                         const char   *task_id,
                         PwTaskState  *state,
                         GError      **error)
{
  sqlite3 *db;
  gboolean ok;

  g_return_val_if_fail (PW_IS_STORE (self), FALSE);
  g_return_val_if_fail (account_id != NULL && task_id != NULL && state != NULL, FALSE);

  if ((db = pw_store_acquire_reader_synced (self, error)) == NULL)
    return FALSE;
  ok = read_task_state (db, account_id, task_id, state, error);
  pw_store_release_reader (self);
  return ok;
}

static void
list_open_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  GError *error = NULL;
  GPtrArray *tasks = pw_store_list_open_tasks (source_object, &error);

  if (tasks != NULL)
    g_task_return_pointer (task, tasks, (GDestroyNotify) g_ptr_array_unref);
  else
    g_task_return_error (task, error);
}

/**
 * pw_store_list_open_tasks_async:
 * @self: a #PwStore
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the tasks
 * @user_data: data for @callback
 *
 * Lists the open tasks, as pw_store_list_open_tasks() does, on a thread.
 */
void
pw_store_list_open_tasks_async (PwStore            *self,
                                GCancellable       *cancellable,
                                GAsyncReadyCallback callback,
                                gpointer            user_data)
{
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (PW_IS_STORE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pw_store_list_open_tasks_async);
  g_task_set_return_on_cancel (task, TRUE);
  g_task_run_in_thread (task, list_open_thread);
}

/**
 * pw_store_list_open_tasks_finish:
 *
 * Returns: (transfer full) (element-type PwStoreTask): the open tasks, or
 *   %NULL on error
 */
GPtrArray *
pw_store_list_open_tasks_finish (PwStore      *self,
                                 GAsyncResult *result,
                                 GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        pw_store_list_open_tasks_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
