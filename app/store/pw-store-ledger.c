/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include "pw-store-ledger-private.h"
#include "pw-store-private.h"

/* The ledger of PwStore: statements merged by entry id, each task's
 * history, and the changes to accounts that touch them. Writes go to the
 * writer thread; reads wait for the writes queued before them. */

static PwLedgerWrite *
new_write (const char *account_id)
{
  PwLedgerWrite *write = g_new0 (PwLedgerWrite, 1);

  write->account_id = g_strdup (account_id);
  return write;
}

/**
 * pw_store_merge_statement:
 * @self: a #PwStore
 * @account_id: the account whose statement it is
 * @entries: (element-type PwStatementEntry): entries of one page, in the
 *   order the marketplace gave them
 * @next_cursor: (nullable): the cursor that page gave, or %NULL to keep the
 *   one stored
 *
 * Merges a page of the statement into the ledger, with its cursor, in one
 * transaction. Each entry is kept once, by its id. An entry seen again
 * replaces the one held only when it is newer: a later `at`, or the same
 * `at` with a status further along (pending, then approved or rejected,
 * then paid). A repeat or an older page changes nothing, so pages may come
 * again and in any order. Each new status or amount of an entry is added to
 * its history. Returns at once.
 */
void
pw_store_merge_statement (PwStore    *self,
                          const char *account_id,
                          GPtrArray  *entries,
                          const char *next_cursor)
{
  PwLedgerWrite *write;

  g_return_if_fail (PW_IS_STORE (self));
  g_return_if_fail (account_id != NULL);
  g_return_if_fail (entries != NULL);

  write = new_write (account_id);
  write->cursor = g_strdup (next_cursor);
  /* Entries are immutable; the write holds its own array of them. */
  write->entries = g_ptr_array_new_full (entries->len, (GDestroyNotify) pw_statement_entry_unref);
  for (guint i = 0; i < entries->len; i++)
    g_ptr_array_add (write->entries, pw_statement_entry_ref (entries->pdata[i]));
  pw_store_push_call (self, pw_store_db_merge_statement, write, pw_ledger_write_free);
}

/**
 * pw_store_update_account:
 * @self: a #PwStore
 * @account_id: the account
 * @name: what the worker calls it now
 * @base_url: its marketplace's base URL now
 *
 * Renames an account or moves it to another URL. An account the store
 * does not hold is not made. Returns at once.
 */
void
pw_store_update_account (PwStore    *self,
                         const char *account_id,
                         const char *name,
                         const char *base_url)
{
  PwLedgerWrite *write;

  g_return_if_fail (PW_IS_STORE (self));
  g_return_if_fail (account_id != NULL && name != NULL && base_url != NULL);

  write = new_write (account_id);
  write->name = g_strdup (name);
  write->base_url = g_strdup (base_url);
  pw_store_push_call (self, pw_store_db_update_account, write, pw_ledger_write_free);
}

/**
 * pw_store_restart_account:
 * @self: a #PwStore
 * @account_id: the account
 *
 * Records that the account's marketplace started over and forgot what it
 * gave, as the demo marketplace does at each start: its claimed tasks not
 * yet submitted are released and its statement cursor is forgotten. Work,
 * submissions, the ledger and the hours stay. Returns at once.
 */
void
pw_store_restart_account (PwStore    *self,
                          const char *account_id)
{
  g_return_if_fail (PW_IS_STORE (self));
  g_return_if_fail (account_id != NULL);

  pw_store_push_call (self, pw_store_db_restart_account, new_write (account_id),
                      pw_ledger_write_free);
}

/**
 * pw_store_remove_account:
 * @self: a #PwStore
 * @account_id: the account
 *
 * Removes an account with its statement cursor and the claimed tasks
 * nobody submitted, in one transaction. Everything with work or money in
 * it stays: submissions (even those still waiting), the tasks they are
 * for, drafts, the ledger and the hours. See pw_store_count_account_work()
 * to warn first. Returns at once.
 */
void
pw_store_remove_account (PwStore    *self,
                         const char *account_id)
{
  g_return_if_fail (PW_IS_STORE (self));
  g_return_if_fail (account_id != NULL);

  pw_store_push_call (self, pw_store_db_remove_account, new_write (account_id),
                      pw_ledger_write_free);
}

/**
 * pw_store_get_statement_cursor:
 * @self: a #PwStore
 * @account_id: the account
 * @cursor: (out) (transfer full) (nullable): the last cursor its statement
 *   gave, to ask from next time, or %NULL to start from the beginning
 * @error: return location for a #GError
 *
 * Waits for the disk: for threads and tests.
 *
 * Returns: %TRUE on success
 */
gboolean
pw_store_get_statement_cursor (PwStore    *self,
                               const char *account_id,
                               char      **cursor,
                               GError    **error)
{
  sqlite3 *db;
  gboolean ok;

  g_return_val_if_fail (PW_IS_STORE (self), FALSE);
  g_return_val_if_fail (account_id != NULL && cursor != NULL, FALSE);

  *cursor = NULL;
  if ((db = pw_store_acquire_reader_synced (self, error)) == NULL)
    return FALSE;
  ok = pw_store_db_get_statement_cursor (db, account_id, cursor, error);
  pw_store_release_reader (self);
  return ok;
}

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
  events = pw_store_db_list_task_history (db, account_id, task_id, error);
  pw_store_release_reader (self);
  return events;
}

/**
 * pw_store_count_account_work:
 * @self: a #PwStore
 * @account_id: the account
 * @n_waiting_submissions: (out): its submissions not sent yet
 * @n_claimed_tasks: (out): its claimed tasks with no submission, which
 *   pw_store_remove_account() drops
 * @error: return location for a #GError
 *
 * Counts what removing the account would affect, so the worker can be
 * warned. Waits for the disk: for threads and tests.
 *
 * Returns: %TRUE on success
 */
gboolean
pw_store_count_account_work (PwStore    *self,
                             const char *account_id,
                             guint      *n_waiting_submissions,
                             guint      *n_claimed_tasks,
                             GError    **error)
{
  sqlite3 *db;
  gboolean ok;

  g_return_val_if_fail (PW_IS_STORE (self), FALSE);
  g_return_val_if_fail (account_id != NULL, FALSE);
  g_return_val_if_fail (n_waiting_submissions != NULL && n_claimed_tasks != NULL, FALSE);

  if ((db = pw_store_acquire_reader_synced (self, error)) == NULL)
    return FALSE;
  ok = pw_store_db_count_account_work (db, account_id, n_waiting_submissions, n_claimed_tasks,
                                       error);
  pw_store_release_reader (self);
  return ok;
}
