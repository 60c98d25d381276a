/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include "pw-store-ledger-private.h"

/* The ledger's reads for the main thread: each runs its blocking twin in
 * pw-store-ledger.c on a thread. */

typedef struct
{
  char *account_id;
  char *task_id;
} ReadArgs;

typedef struct
{
  guint n_waiting_submissions;
  guint n_claimed_tasks;
} AccountWork;

static void
read_args_free (gpointer data)
{
  ReadArgs *args = data;

  g_free (args->account_id);
  g_free (args->task_id);
  g_free (args);
}

static void
run_read (PwStore            *self,
          const char         *account_id,
          const char         *task_id,
          gpointer            source_tag,
          GTaskThreadFunc     thread_func,
          GCancellable       *cancellable,
          GAsyncReadyCallback callback,
          gpointer            user_data)
{
  g_autoptr (GTask) task = g_task_new (self, cancellable, callback, user_data);
  ReadArgs *args = g_new0 (ReadArgs, 1);

  args->account_id = g_strdup (account_id);
  args->task_id = g_strdup (task_id);
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, args, read_args_free);
  g_task_set_return_on_cancel (task, TRUE);
  g_task_run_in_thread (task, thread_func);
}

static void
get_cursor_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  ReadArgs *args = task_data;
  GError *error = NULL;
  char *cursor = NULL;

  if (pw_store_get_statement_cursor (source_object, args->account_id, &cursor, &error))
    g_task_return_pointer (task, cursor, g_free);
  else
    g_task_return_error (task, error);
}

/**
 * pw_store_get_statement_cursor_async:
 * @self: a #PwStore
 * @account_id: the account
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the cursor
 * @user_data: data for @callback
 *
 * Reads, on a thread, the cursor to ask the account's statement from. See
 * pw_store_get_statement_cursor().
 */
void
pw_store_get_statement_cursor_async (PwStore            *self,
                                     const char         *account_id,
                                     GCancellable       *cancellable,
                                     GAsyncReadyCallback callback,
                                     gpointer            user_data)
{
  g_return_if_fail (PW_IS_STORE (self));
  g_return_if_fail (account_id != NULL);

  run_read (self, account_id, NULL, pw_store_get_statement_cursor_async, get_cursor_thread,
            cancellable, callback, user_data);
}

/**
 * pw_store_get_statement_cursor_finish:
 * @cursor: (out) (transfer full) (nullable): the cursor, or %NULL to start
 *   from the beginning
 *
 * Returns: %TRUE on success
 */
gboolean
pw_store_get_statement_cursor_finish (PwStore      *self,
                                      GAsyncResult *result,
                                      char        **cursor,
                                      GError      **error)
{
  GError *local_error = NULL;
  char *value;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        pw_store_get_statement_cursor_async, FALSE);
  g_return_val_if_fail (cursor != NULL, FALSE);

  /* NULL is a cursor too: the statement gave none yet. */
  value = g_task_propagate_pointer (G_TASK (result), &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  *cursor = value;
  return TRUE;
}

static void
list_history_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  ReadArgs *args = task_data;
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

  run_read (self, account_id, task_id, pw_store_list_task_history_async, list_history_thread,
            cancellable, callback, user_data);
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

static void
count_work_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  ReadArgs *args = task_data;
  GError *error = NULL;
  AccountWork *work = g_new0 (AccountWork, 1);

  if (pw_store_count_account_work (source_object, args->account_id,
                                   &work->n_waiting_submissions, &work->n_claimed_tasks, &error))
    {
      g_task_return_pointer (task, work, g_free);
    }
  else
    {
      g_free (work);
      g_task_return_error (task, error);
    }
}

/**
 * pw_store_count_account_work_async:
 * @self: a #PwStore
 * @account_id: the account
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the counts
 * @user_data: data for @callback
 *
 * Counts, on a thread, what removing the account would affect. See
 * pw_store_count_account_work().
 */
void
pw_store_count_account_work_async (PwStore            *self,
                                   const char         *account_id,
                                   GCancellable       *cancellable,
                                   GAsyncReadyCallback callback,
                                   gpointer            user_data)
{
  g_return_if_fail (PW_IS_STORE (self));
  g_return_if_fail (account_id != NULL);

  run_read (self, account_id, NULL, pw_store_count_account_work_async, count_work_thread,
            cancellable, callback, user_data);
}

/**
 * pw_store_count_account_work_finish:
 * @n_waiting_submissions: (out): its submissions not sent yet
 * @n_claimed_tasks: (out): its claimed tasks with no submission
 *
 * Returns: %TRUE on success
 */
gboolean
pw_store_count_account_work_finish (PwStore      *self,
                                    GAsyncResult *result,
                                    guint        *n_waiting_submissions,
                                    guint        *n_claimed_tasks,
                                    GError      **error)
{
  g_autofree AccountWork *work = NULL;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        pw_store_count_account_work_async, FALSE);
  g_return_val_if_fail (n_waiting_submissions != NULL && n_claimed_tasks != NULL, FALSE);

  work = g_task_propagate_pointer (G_TASK (result), error);
  if (work == NULL)
    return FALSE;
  *n_waiting_submissions = work->n_waiting_submissions;
  *n_claimed_tasks = work->n_claimed_tasks;
  return TRUE;
}
