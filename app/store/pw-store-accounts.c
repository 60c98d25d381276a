/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n-lib.h>

#include "pw-store-accounts.h"
#include "pw-store-private.h"

/* The accounts of PwStore: the marketplaces the worker works for, each by
 * an id of its own, and what adding, renaming, restarting or removing one
 * does to the work held for it. Whatever happens to an account, what has
 * work or money in it stays: drafts, submissions, the ledger and the
 * hours. Writes go to the writer thread like every other write; reads
 * wait for the writes queued before them. */

void
pw_store_account_free (PwStoreAccount *account)
{
  if (account == NULL)
    return;

  g_free (account->id);
  g_free (account->name);
  g_free (account->base_url);
  g_free (account->kind);
  g_free (account);
}

/* Writes, on the writer thread */

/* The data of a write of an account. */
typedef struct
{
  char *account_id;
  char *name;
  char *base_url;
  char *kind;
} AccountWrite;

static AccountWrite *
account_write_new (const char *account_id,
                   const char *name,
                   const char *base_url,
                   const char *kind)
{
  AccountWrite *write = g_new0 (AccountWrite, 1);

  write->account_id = g_strdup (account_id);
  write->name = g_strdup (name);
  write->base_url = g_strdup (base_url);
  write->kind = g_strdup (kind);
  return write;
}

static void
account_write_free (gpointer data)
{
  AccountWrite *write = data;

  g_free (write->account_id);
  g_free (write->name);
  g_free (write->base_url);
  g_free (write->kind);
  g_free (write);
}

/* The tasks removing an account drops: claimed, with no submission. */
#define UNWORKED_CLAIM \
  "tasks.account_id = ?1 AND tasks.state = 'claimed' AND NOT EXISTS (SELECT 1 " \
  "FROM submissions s WHERE s.account_id = tasks.account_id AND s.task_id = tasks.task_id)"

static gboolean
apply_add_account (sqlite3  *db,
                   gpointer  data,
                   gint64    time,
                   GError  **error)
{
  AccountWrite *write = data;
  g_autoptr (sqlite3_stmt) stmt = NULL;

  stmt = pw_store_db_prepare (db, "INSERT INTO accounts (id, name, base_url, kind, created_at) "
                                  "VALUES (?1, ?2, ?3, ?5, ?4) ON CONFLICT (id) DO UPDATE SET "
                                  "name = excluded.name, base_url = excluded.base_url, "
                                  "kind = excluded.kind", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, write->account_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, write->name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, write->base_url, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 4, time);
  sqlite3_bind_text (stmt, 5, write->kind, -1, SQLITE_STATIC);

  return pw_store_db_step_done (db, stmt, error);
}

static gboolean
apply_update_account (sqlite3  *db,
                      gpointer  data,
                      gint64    time,
                      GError  **error)
{
  AccountWrite *write = data;
  g_autoptr (sqlite3_stmt) stmt = NULL;

  stmt = pw_store_db_prepare (db, "UPDATE accounts SET name = ?2, base_url = ?3, kind = ?4 "
                                  "WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, write->account_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, write->name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, write->base_url, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, write->kind, -1, SQLITE_STATIC);

  return pw_store_db_step_done (db, stmt, error);
}

static gboolean
run_for_account (sqlite3     *db,
                 const char  *sql,
                 const char  *account_id,
                 GError     **error)
{
  g_autoptr (sqlite3_stmt) stmt = pw_store_db_prepare (db, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, account_id, -1, SQLITE_STATIC);

  return pw_store_db_step_done (db, stmt, error);
}

/* Only claims nobody worked on go with the account. Submissions, the tasks
 * they are for, the ledger and the hours stay: they are the worker's
 * earnings history, and a submission still waiting keeps its work. */
static gboolean
apply_remove_account (sqlite3  *db,
                      gpointer  data,
                      gint64    time,
                      GError  **error)
{
  AccountWrite *write = data;

  return run_for_account (db, "DELETE FROM tasks WHERE " UNWORKED_CLAIM,
                          write->account_id, error)
         && run_for_account (db, "DELETE FROM statement_cursors WHERE account_id = ?1",
                             write->account_id, error)
         && run_for_account (db, "DELETE FROM accounts WHERE id = ?1", write->account_id, error);
}

/* The marketplace forgot its claims, its statement and the submissions it
 * held: what it handed out before cannot be sent back to it, its cursor
 * means nothing now, and a task id it hands out again is new work. The
 * drafts, submissions, ledger and hours stay. */
static gboolean
apply_restart_account (sqlite3  *db,
                       gpointer  data,
                       gint64    time,
                       GError  **error)
{
  AccountWrite *write = data;
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autoptr (sqlite3_stmt) restarted = NULL;

  stmt = pw_store_db_prepare (db, "UPDATE tasks SET state = 'released', updated_at = ?2 "
                                  "WHERE account_id = ?1 AND state = 'claimed'", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, write->account_id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, time);
  restarted = pw_store_db_prepare (db, "UPDATE accounts SET restarted_at = ?2 WHERE id = ?1",
                                   error);
  if (restarted == NULL)
    return FALSE;
  sqlite3_bind_text (restarted, 1, write->account_id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (restarted, 2, time);

  return pw_store_db_step_done (db, stmt, error)
         && pw_store_db_step_done (db, restarted, error)
         && run_for_account (db, "DELETE FROM statement_cursors WHERE account_id = ?1",
                             write->account_id, error);
}

/* Writes */

/**
 * pw_store_add_account:
 * @self: a #PwStore
 * @account_id: the account's own id
 * @name: what the worker calls it
 * @base_url: its marketplace's base URL
 * @kind: what its server speaks, as pw_account_kind_to_string() names it
 *
 * Records an account, or renames it. Returns at once.
 */
void
pw_store_add_account (PwStore    *self,
                      const char *account_id,
                      const char *name,
                      const char *base_url,
                      const char *kind)
{
  g_return_if_fail (PW_IS_STORE (self));
  g_return_if_fail (account_id != NULL && name != NULL && base_url != NULL && kind != NULL);

  _pw_store_push_call (self, apply_add_account,
                       account_write_new (account_id, name, base_url, kind), account_write_free);
}

/**
 * pw_store_update_account:
 * @self: a #PwStore
 * @account_id: the account
 * @name: what the worker calls it now
 * @base_url: its marketplace's base URL now
 * @kind: what its server speaks now
 *
 * Renames an account, moves it to another URL or changes its kind. An
 * account the store does not hold is not made. Returns at once.
 */
void
pw_store_update_account (PwStore    *self,
                         const char *account_id,
                         const char *name,
                         const char *base_url,
                         const char *kind)
{
  g_return_if_fail (PW_IS_STORE (self));
  g_return_if_fail (account_id != NULL && name != NULL && base_url != NULL && kind != NULL);

  _pw_store_push_call (self, apply_update_account,
                       account_write_new (account_id, name, base_url, kind), account_write_free);
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

  _pw_store_push_call (self, apply_restart_account, account_write_new (account_id, NULL, NULL, NULL),
                       account_write_free);
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

  _pw_store_push_call (self, apply_remove_account, account_write_new (account_id, NULL, NULL, NULL),
                       account_write_free);
}

/* Reads, on the read connection */

/* Every account, in the order they were added, or %NULL on error. */
static GPtrArray *
read_accounts (sqlite3 *db,
               GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autoptr (GPtrArray) accounts =
    g_ptr_array_new_with_free_func ((GDestroyNotify) pw_store_account_free);
  int rc;

  stmt = pw_store_db_prepare (db, "SELECT id, name, base_url, kind FROM accounts "
                                  "ORDER BY created_at, id", error);
  if (stmt == NULL)
    return NULL;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      PwStoreAccount *account = g_new0 (PwStoreAccount, 1);

      account->id = pw_store_db_dup_column (stmt, 0);
      account->name = pw_store_db_dup_column (stmt, 1);
      account->base_url = pw_store_db_dup_column (stmt, 2);
      account->kind = pw_store_db_dup_column (stmt, 3);
      g_ptr_array_add (accounts, account);
    }

  if (rc != SQLITE_DONE)
    {
      pw_store_db_set_error (error, db, rc, _("Could not read the accounts"));
      return NULL;
    }
  return g_steal_pointer (&accounts);
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

/* Counts the account's submissions pending or sending, and its claimed
 * tasks with no submission, the ones removing the account drops. */
static gboolean
read_account_work (sqlite3     *db,
                   const char  *account_id,
                   guint       *n_waiting_submissions,
                   guint       *n_claimed_tasks,
                   GError     **error)
{
  return count (db, "SELECT count (*) FROM submissions WHERE account_id = ?1 "
                    "AND state IN ('pending', 'sending')", account_id, n_waiting_submissions,
                error)
         && count (db, "SELECT count (*) FROM tasks WHERE " UNWORKED_CLAIM,
                   account_id, n_claimed_tasks, error);
}

/* Reads that wait for the disk: for threads and tests */

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
  accounts = read_accounts (db, error);
  pw_store_release_reader (self);
  return accounts;
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
  ok = read_account_work (db, account_id, n_waiting_submissions, n_claimed_tasks,
                          error);
  pw_store_release_reader (self);
  return ok;
}

/* Reads on a thread, for the main thread */

typedef struct
{
  guint n_waiting_submissions;
  guint n_claimed_tasks;
} AccountWork;

static void
count_work_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  GError *error = NULL;
  AccountWork *work = g_new0 (AccountWork, 1);

  if (pw_store_count_account_work (source_object, task_data,
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
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (PW_IS_STORE (self));
  g_return_if_fail (account_id != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pw_store_count_account_work_async);
  g_task_set_task_data (task, g_strdup (account_id), g_free);
  g_task_set_return_on_cancel (task, TRUE);
  g_task_run_in_thread (task, count_work_thread);
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
