/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include "pw-store-outbox-private.h"

/* The outbox's reads for the main thread: each runs its blocking twin in
 * pw-store-outbox.c on a thread. */

typedef struct
{
  char   *account_id;
  gint64  now;
  guint   limit;
} ReadArgs;

static void
read_args_free (gpointer data)
{
  ReadArgs *args = data;

  g_free (args->account_id);
  g_free (args);
}

static GTask *
new_read (PwStore            *self,
          const char         *account_id,
          gint64              now,
          guint               limit,
          gpointer            source_tag,
          GCancellable       *cancellable,
          GAsyncReadyCallback callback,
          gpointer            user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  ReadArgs *args = g_new0 (ReadArgs, 1);

  args->account_id = g_strdup (account_id);
  args->now = now;
  args->limit = limit;
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, args, read_args_free);
  g_task_set_return_on_cancel (task, TRUE);
  return task;
}

static void
count_waiting_thread (GTask        *task,
                      gpointer      source_object,
                      gpointer      task_data,
                      GCancellable *cancellable)
{
  ReadArgs *args = task_data;
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

  task = new_read (self, account_id, 0, 0, pw_store_count_waiting_submissions_async,
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

  task = new_read (self, NULL, 0, 0, pw_store_list_final_submissions_async,
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

static void
list_due_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  ReadArgs *args = task_data;
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

  task = new_read (self, account_id, now, limit, pw_store_list_due_submissions_async,
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
