/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n-lib.h>

#include "pw-store-ledger-private.h"
#include "pw-store-private.h"

/* The ledger of PwStore: the marketplaces' statements, merged entry by
 * entry with every status and amount each went through, and each task's
 * history from its claim to its pay and review. Writes go to the writer
 * thread like every other write; reads wait for the writes queued before
 * them, then read on the read connection, and each has an _async() twin
 * that runs it on a thread.
 *
 * This file holds the statements: their names, the merge of a page of
 * entries with the cursor it came with, and that cursor read back. Each
 * task's history is read in pw-store-ledger-history.c. */

static const char *const status_names[] = {
  [PW_ENTRY_PENDING] = "pending",
  [PW_ENTRY_APPROVED] = "approved",
  [PW_ENTRY_REJECTED] = "rejected",
  [PW_ENTRY_PAID] = "paid",
};

static const char *const type_names[] = {
  [PW_ENTRY_TASK] = "task",
  [PW_ENTRY_BONUS] = "bonus",
  [PW_ENTRY_ADJUSTMENT] = "adjustment",
  [PW_ENTRY_FEE] = "fee",
  [PW_ENTRY_PAYOUT] = "payout",
};

static gboolean
name_index (const char        *name,
            const char *const *names,
            guint              n_names,
            guint             *index)
{
  for (guint i = 0; i < n_names; i++)
    {
      if (g_strcmp0 (name, names[i]) == 0)
        {
          *index = i;
          return TRUE;
        }
    }
  return FALSE;
}

gboolean
_pw_store_ledger_status_from_name (const char    *name,
                                   PwEntryStatus *status)
{
  guint index;

  if (!name_index (name, status_names, G_N_ELEMENTS (status_names), &index))
    return FALSE;
  *status = index;
  return TRUE;
}

gboolean
_pw_store_ledger_type_from_name (const char  *name,
                                 PwEntryType *type)
{
  guint index;

  if (!name_index (name, type_names, G_N_ELEMENTS (type_names), &index))
    return FALSE;
  *type = index;
  return TRUE;
}

/* Writes, on the writer thread */

/* The data of a write of the ledger, owned by its op. */
typedef struct
{
  char      *account_id;
  char      *cursor;
  GPtrArray *entries;
} LedgerWrite;

static void
ledger_write_free (gpointer data)
{
  LedgerWrite *write = data;

  g_free (write->account_id);
  g_free (write->cursor);
  g_clear_pointer (&write->entries, g_ptr_array_unref);
  g_free (write);
}

/* How far along a status is. Approved and rejected are both a review's
 * outcome, so neither outranks the other; only a later time moves one to
 * the other. */
static int
status_rank (PwEntryStatus status)
{
  switch (status)
    {
    case PW_ENTRY_PENDING:
      return 0;
    case PW_ENTRY_APPROVED:
    case PW_ENTRY_REJECTED:
      return 1;
    case PW_ENTRY_PAID:
    default:
      return 2;
    }
}

static gint64
entry_at (PwStatementEntry *entry)
{
  GDateTime *at = pw_statement_entry_get_at (entry);

  return g_date_time_to_unix (at) * G_USEC_PER_SEC + g_date_time_get_microsecond (at);
}

/* An entry as the store holds it. */
typedef struct
{
  PwEntryStatus status;
  gint64        amount_micro;
  char          currency[4];
  gint64        at;
} StoredEntry;

/* The statements of one merge, prepared once for all its entries. */
typedef struct
{
  sqlite3_stmt *lookup;
  sqlite3_stmt *upsert;
  sqlite3_stmt *change;
} Merge;

static void
merge_clear (Merge *merge)
{
  sqlite3_finalize (merge->lookup);
  sqlite3_finalize (merge->upsert);
  sqlite3_finalize (merge->change);
}

static gboolean
merge_prepare (sqlite3  *db,
               Merge    *merge,
               GError  **error)
{
  merge->lookup = pw_store_db_prepare (db, "SELECT status, amount_micro, currency, at "
                                           "FROM ledger_entries "
                                           "WHERE account_id = ?1 AND entry_id = ?2", error);
  if (merge->lookup == NULL)
    return FALSE;
  /* A newer state without a review keeps the review already held: a
   * marketplace that leaves it out of the paid entry has not withdrawn it. */
  merge->upsert = pw_store_db_prepare (db, "INSERT INTO ledger_entries (account_id, entry_id, "
                                           "type, status, task_id, project_id, amount_micro, "
                                           "currency, at, review_score, review_comment, "
                                           "first_seen_at, updated_at) "
                                           "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, "
                                           "?11, ?12, ?12) "
                                           "ON CONFLICT (account_id, entry_id) DO UPDATE SET "
                                           "own = 0, type = excluded.type, status = excluded.status, "
                                           "task_id = excluded.task_id, "
                                           "project_id = excluded.project_id, "
                                           "amount_micro = excluded.amount_micro, "
                                           "currency = excluded.currency, at = excluded.at, "
                                           "review_score = coalesce (excluded.review_score, "
                                           "review_score), "
                                           "review_comment = CASE WHEN excluded.review_score "
                                           "IS NULL THEN review_comment "
                                           "ELSE excluded.review_comment END, "
                                           "updated_at = excluded.updated_at", error);
  if (merge->upsert == NULL)
    return FALSE;
  merge->change = pw_store_db_prepare (db, "INSERT INTO ledger_changes (account_id, entry_id, "
                                           "status, amount_micro, at, seen_at) "
                                           "VALUES (?1, ?2, ?3, ?4, ?5, ?6)", error);
  return merge->change != NULL;
}

/* Sets *@found and, when the store holds the entry, *@stored. */
static gboolean
lookup_entry (sqlite3     *db,
              Merge       *merge,
              const char  *account_id,
              const char  *entry_id,
              StoredEntry *stored,
              gboolean    *found,
              GError     **error)
{
  int rc;

  sqlite3_reset (merge->lookup);
  sqlite3_bind_text (merge->lookup, 1, account_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (merge->lookup, 2, entry_id, -1, SQLITE_STATIC);
  rc = sqlite3_step (merge->lookup);
  *found = rc == SQLITE_ROW;
  if (rc == SQLITE_DONE)
    return TRUE;
  if (rc != SQLITE_ROW)
    {
      pw_store_db_set_error (error, db, rc, _("Could not save the statement"));
      return FALSE;
    }

  /* The CHECK on the column keeps out names not known here. */
  if (!_pw_store_ledger_status_from_name ((const char *) sqlite3_column_text (merge->lookup, 0),
                                          &stored->status))
    g_assert_not_reached ();
  stored->amount_micro = sqlite3_column_int64 (merge->lookup, 1);
  g_strlcpy (stored->currency, (const char *) sqlite3_column_text (merge->lookup, 2),
             sizeof stored->currency);
  stored->at = sqlite3_column_int64 (merge->lookup, 3);
  return TRUE;
}

/* The merge rule, also written in docs/MARKETPLACE-API.md: a later `at`
 * wins; at the same `at`, a status further along wins. Anything else is a
 * repeat or an older state, and changes nothing. */
static gboolean
is_newer (PwStatementEntry  *entry,
          const StoredEntry *stored)
{
  gint64 at = entry_at (entry);

  if (at != stored->at)
    return at > stored->at;
  return status_rank (pw_statement_entry_get_status (entry)) > status_rank (stored->status);
}

static gboolean
changes_money (PwStatementEntry  *entry,
               const StoredEntry *stored)
{
  const PwMoney *amount = pw_statement_entry_get_amount (entry);

  return pw_statement_entry_get_status (entry) != stored->status
         || amount->micro != stored->amount_micro
         || g_strcmp0 (amount->currency, stored->currency) != 0;
}

static gboolean
upsert_entry (sqlite3          *db,
              Merge            *merge,
              const char       *account_id,
              PwStatementEntry *entry,
              gint64            time,
              GError          **error)
{
  sqlite3_stmt *stmt = merge->upsert;
  const PwMoney *amount = pw_statement_entry_get_amount (entry);
  const char *comment = NULL;
  double score = 0;

  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  sqlite3_bind_text (stmt, 1, account_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, pw_statement_entry_get_id (entry), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, type_names[pw_statement_entry_get_entry_type (entry)], -1,
                     SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, status_names[pw_statement_entry_get_status (entry)], -1,
                     SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, pw_statement_entry_get_task_id (entry), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, pw_statement_entry_get_project_id (entry), -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 7, amount->micro);
  sqlite3_bind_text (stmt, 8, amount->currency, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 9, entry_at (entry));
  if (pw_statement_entry_get_review (entry, &score, &comment))
    {
      sqlite3_bind_double (stmt, 10, score);
      sqlite3_bind_text (stmt, 11, comment, -1, SQLITE_STATIC);
    }
  sqlite3_bind_int64 (stmt, 12, time);

  return pw_store_db_step_done (db, stmt, error);
}

static gboolean
add_change (sqlite3          *db,
            Merge            *merge,
            const char       *account_id,
            PwStatementEntry *entry,
            gint64            time,
            GError          **error)
{
  sqlite3_stmt *stmt = merge->change;

  sqlite3_reset (stmt);
  sqlite3_bind_text (stmt, 1, account_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, pw_statement_entry_get_id (entry), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, status_names[pw_statement_entry_get_status (entry)], -1,
                     SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 4, pw_statement_entry_get_amount (entry)->micro);
  sqlite3_bind_int64 (stmt, 5, entry_at (entry));
  sqlite3_bind_int64 (stmt, 6, time);

  return pw_store_db_step_done (db, stmt, error);
}

static gboolean
merge_entry (sqlite3          *db,
             Merge            *merge,
             const char       *account_id,
             PwStatementEntry *entry,
             gint64            time,
             GError          **error)
{
  StoredEntry stored = { 0, };
  gboolean found = FALSE;
  gboolean changed;

  if (!lookup_entry (db, merge, account_id, pw_statement_entry_get_id (entry), &stored, &found,
                     error))
    return FALSE;
  if (found && !is_newer (entry, &stored))
    return TRUE;

  changed = !found || changes_money (entry, &stored);
  if (!upsert_entry (db, merge, account_id, entry, time, error))
    return FALSE;
  return !changed || add_change (db, merge, account_id, entry, time, error);
}

static gboolean
save_cursor (sqlite3     *db,
             const char  *account_id,
             const char  *cursor,
             gint64       time,
             GError     **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;

  stmt = pw_store_db_prepare (db, "INSERT INTO statement_cursors (account_id, cursor, fetched_at) "
                                  "VALUES (?1, ?2, ?3) ON CONFLICT (account_id) DO UPDATE SET "
                                  "cursor = coalesce (excluded.cursor, cursor), "
                                  "fetched_at = excluded.fetched_at", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, account_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, cursor, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, time);

  return pw_store_db_step_done (db, stmt, error);
}

/* Merges a page of entries and saves the page's cursor, as one write. */
static gboolean
apply_merge_statement (sqlite3  *db,
                       gpointer  data,
                       gint64    time,
                       GError  **error)
{
  LedgerWrite *write = data;
  Merge merge = { NULL, };
  gboolean ok;

  ok = merge_prepare (db, &merge, error);
  for (guint i = 0; ok && i < write->entries->len; i++)
    ok = merge_entry (db, &merge, write->account_id, write->entries->pdata[i], time, error);
  merge_clear (&merge);

  return ok && save_cursor (db, write->account_id, write->cursor, time, error);
}

/* Writes */

static LedgerWrite *
new_write (const char *account_id)
{
  LedgerWrite *write = g_new0 (LedgerWrite, 1);

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
  LedgerWrite *write;

  g_return_if_fail (PW_IS_STORE (self));
  g_return_if_fail (account_id != NULL);
  g_return_if_fail (entries != NULL);

  write = new_write (account_id);
  write->cursor = g_strdup (next_cursor);
  /* Entries are immutable; the write holds its own array of them. */
  write->entries = g_ptr_array_new_full (entries->len, (GDestroyNotify) pw_statement_entry_unref);
  for (guint i = 0; i < entries->len; i++)
    g_ptr_array_add (write->entries, pw_statement_entry_ref (entries->pdata[i]));
  _pw_store_push_call (self, apply_merge_statement, write, ledger_write_free);
}

/* Reads, on the read connection */

/* Sets *@cursor to the last cursor the account's statement gave, or to
 * %NULL when it gave none yet. */
static gboolean
read_statement_cursor (sqlite3     *db,
                       const char  *account_id,
                       char       **cursor,
                       GError     **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  int rc;

  *cursor = NULL;
  stmt = pw_store_db_prepare (db, "SELECT cursor FROM statement_cursors WHERE account_id = ?1",
                              error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, account_id, -1, SQLITE_STATIC);

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      pw_store_db_set_error (error, db, rc, _("Could not read the statement"));
      return FALSE;
    }
  if (rc == SQLITE_ROW)
    *cursor = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  return TRUE;
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
  ok = read_statement_cursor (db, account_id, cursor, error);
  pw_store_release_reader (self);
  return ok;
}

/* Reads on a thread, for the main thread */

static void
read_args_free (gpointer data)
{
  PwStoreLedgerRead *args = data;

  g_free (args->account_id);
  g_free (args->task_id);
  g_free (args);
}

void
_pw_store_ledger_run_read (PwStore            *self,
                           const char         *account_id,
                           const char         *task_id,
                           gpointer            source_tag,
                           GTaskThreadFunc     thread_func,
                           GCancellable       *cancellable,
                           GAsyncReadyCallback callback,
                           gpointer            user_data)
{
  g_autoptr (GTask) task = g_task_new (self, cancellable, callback, user_data);
  PwStoreLedgerRead *args = g_new0 (PwStoreLedgerRead, 1);

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
  PwStoreLedgerRead *args = task_data;
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

  _pw_store_ledger_run_read (self, account_id, NULL, pw_store_get_statement_cursor_async,
                             get_cursor_thread, cancellable, callback, user_data);
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
