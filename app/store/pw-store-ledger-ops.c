/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n-lib.h>

#include "pw-store-ledger-private.h"

/* The writes of the ledger and of accounts, run by the writer thread inside
 * the transaction that pw_store_db_apply() opens. */

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
pw_store_ledger_status_from_name (const char    *name,
                                  PwEntryStatus *status)
{
  guint index;

  if (!name_index (name, status_names, G_N_ELEMENTS (status_names), &index))
    return FALSE;
  *status = index;
  return TRUE;
}

gboolean
pw_store_ledger_type_from_name (const char  *name,
                                PwEntryType *type)
{
  guint index;

  if (!name_index (name, type_names, G_N_ELEMENTS (type_names), &index))
    return FALSE;
  *type = index;
  return TRUE;
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
                                           "type = excluded.type, status = excluded.status, "
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
  if (!pw_store_ledger_status_from_name ((const char *) sqlite3_column_text (merge->lookup, 0),
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

void
pw_ledger_write_free (gpointer data)
{
  PwLedgerWrite *write = data;

  g_free (write->account_id);
  g_free (write->name);
  g_free (write->base_url);
  g_free (write->cursor);
  g_clear_pointer (&write->entries, g_ptr_array_unref);
  g_free (write);
}

/* Merges a page of entries and saves the page's cursor, as one write. */
gboolean
pw_store_db_merge_statement (sqlite3  *db,
                             gpointer  data,
                             gint64    time,
                             GError  **error)
{
  PwLedgerWrite *write = data;
  Merge merge = { NULL, };
  gboolean ok;

  ok = merge_prepare (db, &merge, error);
  for (guint i = 0; ok && i < write->entries->len; i++)
    ok = merge_entry (db, &merge, write->account_id, write->entries->pdata[i], time, error);
  merge_clear (&merge);

  return ok && save_cursor (db, write->account_id, write->cursor, time, error);
}

gboolean
pw_store_db_update_account (sqlite3  *db,
                            gpointer  data,
                            gint64    time,
                            GError  **error)
{
  PwLedgerWrite *write = data;
  g_autoptr (sqlite3_stmt) stmt = NULL;

  stmt = pw_store_db_prepare (db, "UPDATE accounts SET name = ?2, base_url = ?3 WHERE id = ?1",
                              error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, write->account_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, write->name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, write->base_url, -1, SQLITE_STATIC);

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
gboolean
pw_store_db_remove_account (sqlite3  *db,
                            gpointer  data,
                            gint64    time,
                            GError  **error)
{
  PwLedgerWrite *write = data;

  return run_for_account (db, "DELETE FROM tasks WHERE " PW_STORE_SQL_UNWORKED_CLAIM,
                          write->account_id, error)
         && run_for_account (db, "DELETE FROM statement_cursors WHERE account_id = ?1",
                             write->account_id, error)
         && run_for_account (db, "DELETE FROM accounts WHERE id = ?1", write->account_id, error);
}

/* The marketplace forgot its claims, its statement and the submissions it
 * held: what it handed out before cannot be sent back to it, its cursor
 * means nothing now, and a task id it hands out again is new work. The
 * drafts, submissions, ledger and hours stay. */
gboolean
pw_store_db_restart_account (sqlite3  *db,
                             gpointer  data,
                             gint64    time,
                             GError  **error)
{
  PwLedgerWrite *write = data;
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
