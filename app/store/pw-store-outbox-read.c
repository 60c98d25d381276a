/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n-lib.h>

#include "pw-error.h"
#include "pw-store-outbox-private.h"
#include "pw-store-sql.h"

/* The reads of the outbox, on the read connection. */

#define ROW_COLUMNS "id, account_id, task_id, claim_id, idempotency_key, body, annotation, " \
                    "state, attempts, next_attempt_at, last_error, created_at, result_json"

static char *
dup_column (sqlite3_stmt *stmt,
            int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

static PwOutboxRow *
read_row (sqlite3_stmt *stmt)
{
  PwOutboxRow *row = g_new0 (PwOutboxRow, 1);

  row->id = sqlite3_column_int64 (stmt, 0);
  row->account_id = dup_column (stmt, 1);
  row->task_id = dup_column (stmt, 2);
  row->claim_id = dup_column (stmt, 3);
  row->idempotency_key = dup_column (stmt, 4);
  row->body = dup_column (stmt, 5);
  row->annotation = dup_column (stmt, 6);
  /* The CHECK on the column keeps out names not known here. */
  if (!pw_outbox_state_from_string ((const char *) sqlite3_column_text (stmt, 7), &row->state))
    g_assert_not_reached ();
  row->attempts = (guint) sqlite3_column_int64 (stmt, 8);
  row->next_attempt_at = sqlite3_column_int64 (stmt, 9);
  row->last_error = dup_column (stmt, 10);
  row->created_at = sqlite3_column_int64 (stmt, 11);
  row->result_json = dup_column (stmt, 12);

  return row;
}

static GPtrArray *
read_rows (sqlite3      *db,
           sqlite3_stmt *stmt,
           GError      **error)
{
  g_autoptr (GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) pw_outbox_row_free);
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (rows, read_row (stmt));

  if (rc != SQLITE_DONE)
    {
      pw_store_db_set_error (error, db, rc, _("Could not read the submissions waiting to be sent"));
      return NULL;
    }
  return g_steal_pointer (&rows);
}

/**
 * pw_store_db_list_due:
 *
 * Returns: (transfer full): the pending rows of @account_id whose time has
 *   come by @now, oldest first, at most @limit of them, or %NULL on error
 */
GPtrArray *
pw_store_db_list_due (sqlite3    *db,
                      const char *account_id,
                      gint64      now,
                      guint       limit,
                      GError    **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;

  stmt = pw_store_db_prepare (db, "SELECT " ROW_COLUMNS " FROM submissions "
                                  "WHERE account_id = ?1 AND state = 'pending' "
                                  "AND next_attempt_at <= ?2 "
                                  "ORDER BY next_attempt_at, id LIMIT ?3", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, account_id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, now);
  sqlite3_bind_int64 (stmt, 3, limit);

  return read_rows (db, stmt, error);
}

/**
 * pw_store_db_list_outbox_accounts:
 *
 * Returns: (transfer full): the accounts with rows pending or sending
 */
GStrv
pw_store_db_list_outbox_accounts (sqlite3 *db,
                                  GError **error)
{
  return pw_store_db_read_strv (db, "SELECT DISTINCT account_id FROM submissions "
                                    "WHERE state IN ('pending', 'sending') ORDER BY account_id",
                                _("Could not read the submissions waiting to be sent"), error);
}

/**
 * pw_store_db_list_accounts:
 *
 * Returns: (transfer full) (element-type PwStoreAccount): every account, in
 *   the order they were added, or %NULL on error
 */
GPtrArray *
pw_store_db_list_accounts (sqlite3 *db,
                           GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autoptr (GPtrArray) accounts =
    g_ptr_array_new_with_free_func ((GDestroyNotify) pw_store_account_free);
  int rc;

  stmt = pw_store_db_prepare (db, "SELECT id, name, base_url FROM accounts "
                                  "ORDER BY created_at, id", error);
  if (stmt == NULL)
    return NULL;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      PwStoreAccount *account = g_new0 (PwStoreAccount, 1);

      account->id = dup_column (stmt, 0);
      account->name = dup_column (stmt, 1);
      account->base_url = dup_column (stmt, 2);
      g_ptr_array_add (accounts, account);
    }

  if (rc != SQLITE_DONE)
    {
      pw_store_db_set_error (error, db, rc, _("Could not read the accounts"));
      return NULL;
    }
  return g_steal_pointer (&accounts);
}

/**
 * pw_store_db_next_attempt:
 * @next_attempt_at: (out): when the first pending row of @account_id may be
 *   sent, or %G_MAXINT64 when none is pending
 */
gboolean
pw_store_db_next_attempt (sqlite3    *db,
                          const char *account_id,
                          gint64     *next_attempt_at,
                          GError    **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = pw_store_db_prepare (db, "SELECT min (next_attempt_at) FROM submissions "
                                  "WHERE account_id = ?1 AND state = 'pending'", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, account_id, -1, SQLITE_STATIC);

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      pw_store_db_set_error (error, db, rc, _("Could not read the submissions waiting to be sent"));
      return FALSE;
    }
  *next_attempt_at = sqlite3_column_type (stmt, 0) == SQLITE_NULL
                       ? G_MAXINT64 : sqlite3_column_int64 (stmt, 0);
  return TRUE;
}

/**
 * pw_store_db_get_submission:
 *
 * Returns: (transfer full) (nullable): the row with @key, or %NULL, with
 *   *@found %FALSE when there is none
 */
PwOutboxRow *
pw_store_db_get_submission (sqlite3    *db,
                            const char *key,
                            gboolean   *found,
                            GError    **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  int rc;

  *found = FALSE;
  stmt = pw_store_db_prepare (db, "SELECT " ROW_COLUMNS " FROM submissions "
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
  return read_row (stmt);
}

/**
 * pw_store_db_list_final:
 *
 * Returns: (transfer full): the rows that ended in a state other than
 *   done, newest first: the work the marketplace did not take
 */
GPtrArray *
pw_store_db_list_final (sqlite3 *db,
                        GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;

  stmt = pw_store_db_prepare (db, "SELECT " ROW_COLUMNS " FROM submissions "
                                  "WHERE state IN ('conflict', 'expired', 'reassigned', "
                                  "'rejected_bad_request') ORDER BY created_at DESC, id DESC",
                              error);
  if (stmt == NULL)
    return NULL;

  return read_rows (db, stmt, error);
}

/**
 * pw_store_db_count_waiting:
 * @account_id: (nullable): one account, or %NULL for all
 */
gboolean
pw_store_db_count_waiting (sqlite3    *db,
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

/**
 * pw_store_db_task_state:
 *
 * Returns: (transfer full) (nullable): the state of a claimed task, or
 *   %NULL with @error unset when the store does not know it
 */
char *
pw_store_db_task_state (sqlite3    *db,
                        const char *account_id,
                        const char *task_id,
                        GError    **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = pw_store_db_prepare (db, "SELECT state FROM tasks "
                                  "WHERE account_id = ?1 AND task_id = ?2", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, account_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, task_id, -1, SQLITE_STATIC);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    return NULL;
  if (rc != SQLITE_ROW)
    {
      pw_store_db_set_error (error, db, rc, _("Could not read the submissions waiting to be sent"));
      return NULL;
    }
  return dup_column (stmt, 0);
}
