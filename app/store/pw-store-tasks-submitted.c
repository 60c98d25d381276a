/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n-lib.h>

#include "pw-store-private.h"
#include "pw-store-sql.h"
#include "pw-store-tasks.h"

/* The history of submitted work in PwStore: the newest submission of each
 * task, with what the marketplace said of it and what its statement paid. */

void
pw_submitted_task_free (PwSubmittedTask *task)
{
  if (task == NULL)
    return;

  g_free (task->account_id);
  g_free (task->account_name);
  g_free (task->task_id);
  g_free (task->project_id);
  g_free (task->project_name);
  g_free (task->idempotency_key);
  g_free (task->annotation);
  g_free (task->last_error);
  g_free (task->entry_status);
  g_free (task->currency);
  g_free (task->review_comment);
  g_free (task);
}

/* The newest submission of each task, with its statement entry (the task
 * entry, never a bonus) when one came. */
#define SUBMITTED_SQL \
  "SELECT s.account_id, a.name, s.task_id, t.project_id, p.name, s.idempotency_key, " \
  "  s.annotation, s.state, s.last_error, s.created_at, e.status, " \
  "  COALESCE (e.amount_micro, t.pay_micro, 0), COALESCE (e.currency, t.currency), " \
  "  e.review_score, e.review_comment " \
  "FROM submissions s " \
  "LEFT JOIN accounts a ON a.id = s.account_id " \
  "LEFT JOIN tasks t ON t.account_id = s.account_id AND t.task_id = s.task_id " \
  "LEFT JOIN projects p ON p.account_id = s.account_id AND p.project_id = t.project_id " \
  "LEFT JOIN ledger_entries e ON e.account_id = s.account_id AND e.task_id = s.task_id " \
  "  AND e.type = 'task' " \
  "WHERE s.id = (SELECT max (id) FROM submissions l " \
  "              WHERE l.account_id = s.account_id AND l.task_id = s.task_id) " \
  "ORDER BY s.created_at DESC, s.id DESC LIMIT ?1"

static PwSubmittedTask *
submitted_from_row (sqlite3_stmt *stmt)
{
  PwSubmittedTask *task = g_new0 (PwSubmittedTask, 1);
  PwOutboxState state = PW_OUTBOX_PENDING;

  task->account_id = pw_store_db_dup_column (stmt, 0);
  task->account_name = pw_store_db_dup_column (stmt, 1);
  task->task_id = pw_store_db_dup_column (stmt, 2);
  task->project_id = pw_store_db_dup_column (stmt, 3);
  task->project_name = pw_store_db_dup_column (stmt, 4);
  task->idempotency_key = pw_store_db_dup_column (stmt, 5);
  task->annotation = pw_store_db_dup_column (stmt, 6);
  pw_outbox_state_from_string ((const char *) sqlite3_column_text (stmt, 7), &state);
  task->state = state;
  task->last_error = pw_store_db_dup_column (stmt, 8);
  task->submitted_at = sqlite3_column_int64 (stmt, 9);
  task->entry_status = pw_store_db_dup_column (stmt, 10);
  task->amount_micro = sqlite3_column_int64 (stmt, 11);
  task->currency = pw_store_db_dup_column (stmt, 12);
  task->has_review = sqlite3_column_type (stmt, 13) != SQLITE_NULL;
  task->review_score = sqlite3_column_double (stmt, 13);
  task->review_comment = pw_store_db_dup_column (stmt, 14);
  return task;
}

/**
 * pw_store_list_submitted:
 * @self: a #PwStore
 * @limit: the most tasks to list
 * @error: return location for a #GError
 *
 * Waits for the disk: for threads and tests.
 *
 * Returns: (transfer full) (element-type PwSubmittedTask): the submitted
 *   tasks, newest first, each with its latest submission and what the
 *   statement says of it, or %NULL on error
 */
GPtrArray *
pw_store_list_submitted (PwStore *self,
                         guint    limit,
                         GError **error)
{
  g_autoptr (GPtrArray) tasks = NULL;
  sqlite3_stmt *stmt;
  sqlite3 *db;
  int rc;

  g_return_val_if_fail (PW_IS_STORE (self), NULL);

  if ((db = pw_store_acquire_reader_synced (self, error)) == NULL)
    return NULL;

  tasks = g_ptr_array_new_with_free_func ((GDestroyNotify) pw_submitted_task_free);
  stmt = pw_store_db_prepare (db, SUBMITTED_SQL, error);
  if (stmt == NULL)
    {
      pw_store_release_reader (self);
      return NULL;
    }
  sqlite3_bind_int64 (stmt, 1, limit);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (tasks, submitted_from_row (stmt));
  if (rc != SQLITE_DONE)
    {
      pw_store_db_set_error (error, db, rc, _("Could not read the submitted tasks"));
      g_clear_pointer (&tasks, g_ptr_array_unref);
    }
  sqlite3_finalize (stmt);
  pw_store_release_reader (self);
  return g_steal_pointer (&tasks);
}

static void
list_submitted_thread (GTask        *task,
                       gpointer      source_object,
                       gpointer      task_data,
                       GCancellable *cancellable)
{
  GError *error = NULL;
  GPtrArray *tasks = pw_store_list_submitted (source_object, GPOINTER_TO_UINT (task_data), &error);

  if (tasks != NULL)
    g_task_return_pointer (task, tasks, (GDestroyNotify) g_ptr_array_unref);
  else
    g_task_return_error (task, error);
}

/**
 * pw_store_list_submitted_async:
 * @self: a #PwStore
 * @limit: the most tasks to list
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the tasks
 * @user_data: data for @callback
 *
 * Lists the submitted tasks, as pw_store_list_submitted() does, on a thread.
 */
void
pw_store_list_submitted_async (PwStore            *self,
                               guint               limit,
                               GCancellable       *cancellable,
                               GAsyncReadyCallback callback,
                               gpointer            user_data)
{
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (PW_IS_STORE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pw_store_list_submitted_async);
  g_task_set_task_data (task, GUINT_TO_POINTER (limit), NULL);
  g_task_set_return_on_cancel (task, TRUE);
  g_task_run_in_thread (task, list_submitted_thread);
}

/**
 * pw_store_list_submitted_finish:
 *
 * Returns: (transfer full) (element-type PwSubmittedTask): the tasks, or
 *   %NULL on error
 */
GPtrArray *
pw_store_list_submitted_finish (PwStore      *self,
                                GAsyncResult *result,
                                GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        pw_store_list_submitted_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
