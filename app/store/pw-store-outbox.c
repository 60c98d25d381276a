/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include "pw-store-outbox-private.h"
#include "pw-store-private.h"

/* The outbox of PwStore: accounts, claimed tasks and queued submissions.
 * Writes go to the writer thread like every other write; reads wait for the
 * writes queued before them, then read on the read connection. */

static void
push_entry (PwStore            *self,
            PwStoreOpKind       kind,
            PwStoreOutboxEntry *entry)
{
  PwStoreOp *op = pw_store_op_new (kind, NULL, NULL, 0);

  op->data = entry;
  op->data_free = pw_store_outbox_entry_free;
  pw_store_writer_push (pw_store_get_writer (self), op);
}

/**
 * pw_store_add_account:
 * @self: a #PwStore
 * @account_id: the account's own id
 * @name: what the worker calls it
 * @base_url: its marketplace's base URL
 *
 * Records an account, or renames it. Returns at once.
 */
void
pw_store_add_account (PwStore    *self,
                      const char *account_id,
                      const char *name,
                      const char *base_url)
{
  PwStoreOutboxEntry *entry;

  g_return_if_fail (PW_IS_STORE (self));
  g_return_if_fail (account_id != NULL && name != NULL && base_url != NULL);

  entry = g_new0 (PwStoreOutboxEntry, 1);
  entry->account_id = g_strdup (account_id);
  entry->name = g_strdup (name);
  entry->base_url = g_strdup (base_url);
  push_entry (self, PW_STORE_OP_ADD_ACCOUNT, entry);
}

/**
 * pw_store_add_claimed_task:
 * @self: a #PwStore
 * @task: the task as claimed
 *
 * Records a claimed task in the state `claimed`. Returns at once.
 */
void
pw_store_add_claimed_task (PwStore             *self,
                           const PwClaimedTask *task)
{
  PwStoreOutboxEntry *entry;

  g_return_if_fail (PW_IS_STORE (self));
  g_return_if_fail (task != NULL && task->account_id != NULL && task->task_id != NULL);
  g_return_if_fail (task->claim_id != NULL && task->project_id != NULL && task->kind != NULL);

  entry = g_new0 (PwStoreOutboxEntry, 1);
  entry->account_id = g_strdup (task->account_id);
  entry->task_id = g_strdup (task->task_id);
  entry->claim_id = g_strdup (task->claim_id);
  entry->project_id = g_strdup (task->project_id);
  entry->kind = g_strdup (task->kind);
  entry->pay_micro = task->pay_micro;
  entry->currency = g_strdup (task->currency);
  entry->lease_expires_at = task->lease_expires_at;
  entry->media_file = g_strdup (task->media_file);
  entry->task_json = g_strdup (task->task_json);
  push_entry (self, PW_STORE_OP_ADD_TASK, entry);
}

/**
 * pw_store_queue_submission:
 * @self: a #PwStore
 * @account_id: the account
 * @task_id: the task
 * @claim_id: the claim that holds it
 * @idempotency_key: made once, with pw_market_new_idempotency_key(), and
 *   sent with every try
 * @body: the exact JSON body to send
 * @annotation_snapshot: (nullable): the annotation as submitted, kept for
 *   export whatever becomes of the submission
 *
 * Submits the worker's work: in one transaction the task becomes
 * `submitted` and its submission joins the outbox, `pending`. A draft of
 * the task is kept. Returns at once; the sync worker sends it.
 */
void
pw_store_queue_submission (PwStore    *self,
                           const char *account_id,
                           const char *task_id,
                           const char *claim_id,
                           const char *idempotency_key,
                           const char *body,
                           const char *annotation_snapshot)
{
  PwStoreOutboxEntry *entry;

  g_return_if_fail (PW_IS_STORE (self));
  g_return_if_fail (account_id != NULL && task_id != NULL && claim_id != NULL);
  g_return_if_fail (idempotency_key != NULL && *idempotency_key != '\0');
  g_return_if_fail (body != NULL);

  entry = g_new0 (PwStoreOutboxEntry, 1);
  entry->account_id = g_strdup (account_id);
  entry->task_id = g_strdup (task_id);
  entry->claim_id = g_strdup (claim_id);
  entry->key = g_strdup (idempotency_key);
  entry->body = g_strdup (body);
  entry->annotation = g_strdup (annotation_snapshot);
  push_entry (self, PW_STORE_OP_QUEUE_SUBMISSION, entry);
}

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

  op = pw_store_op_new (PW_STORE_OP_MARK_SENDING, NULL, NULL, 0);
  op->data = g_array_ref (ids);
  op->data_free = (GDestroyNotify) g_array_unref;
  pw_store_writer_push (pw_store_get_writer (self), op);
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

  pw_store_writer_push (pw_store_get_writer (self),
                        pw_store_op_new (PW_STORE_OP_RESET_SENDING, NULL, NULL, 0));
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

  op = pw_store_op_new (PW_STORE_OP_UPDATE_SUBMISSIONS, NULL, NULL, 0);
  op->data = g_ptr_array_ref (updates);
  op->data_free = (GDestroyNotify) g_ptr_array_unref;
  pw_store_writer_push (pw_store_get_writer (self), op);
}

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
  rows = pw_store_db_list_due (db, account_id, now, limit, error);
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
  ids = pw_store_db_list_outbox_accounts (db, error);
  pw_store_release_reader (self);
  return ids;
}

/**
 * pw_store_list_accounts:
 *
 * Waits for the disk: for threads and the command line.
 *
 * Returns: (transfer full) (element-type PwStoreAccount): every account,
 *   oldest first, or %NULL on error
 */
GPtrArray *
pw_store_list_accounts (PwStore *self,
                        GError **error)
{
  sqlite3 *db;
  GPtrArray *accounts;

  g_return_val_if_fail (PW_IS_STORE (self), NULL);

  if ((db = pw_store_acquire_reader_synced (self, error)) == NULL)
    return NULL;
  accounts = pw_store_db_list_accounts (db, error);
  pw_store_release_reader (self);
  return accounts;
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
  ok = pw_store_db_next_attempt (db, account_id, next_attempt_at, error);
  pw_store_release_reader (self);
  return ok;
}

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
  row = pw_store_db_get_submission (db, idempotency_key, &found, error);
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
  rows = pw_store_db_list_final (db, error);
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
  ok = pw_store_db_count_waiting (db, account_id, n_waiting, error);
  pw_store_release_reader (self);
  return ok;
}

/**
 * pw_store_dup_task_state:
 *
 * Returns: (transfer full) (nullable): the state of a claimed task, or
 *   %NULL with @error unset when the store does not know it
 */
char *
pw_store_dup_task_state (PwStore    *self,
                         const char *account_id,
                         const char *task_id,
                         GError    **error)
{
  sqlite3 *db;
  char *state;

  g_return_val_if_fail (PW_IS_STORE (self), NULL);
  g_return_val_if_fail (account_id != NULL && task_id != NULL, NULL);

  if ((db = pw_store_acquire_reader_synced (self, error)) == NULL)
    return NULL;
  state = pw_store_db_task_state (db, account_id, task_id, error);
  pw_store_release_reader (self);
  return state;
}
