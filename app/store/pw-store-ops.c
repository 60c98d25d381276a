/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n-lib.h>

#include "pw-error.h"
#include "pw-store-private.h"

/* The writes of the store, one function per kind of operation. Each runs
 * inside the transaction that pw_store_db_apply() opens. */

PwStoreOp *
pw_store_op_new (PwStoreOpKind kind,
                 const char   *key,
                 const char   *text,
                 guint         position)
{
  PwStoreOp *op = g_new0 (PwStoreOp, 1);

  op->kind = kind;
  op->key = g_strdup (key);
  op->text = g_strdup (text);
  op->position = position;
  op->time = g_get_real_time ();

  return op;
}

void
pw_store_op_free (PwStoreOp *op)
{
  if (op == NULL)
    return;

  g_free (op->key);
  g_free (op->text);
  if (op->data_free != NULL)
    op->data_free (op->data);
  g_free (op);
}

/* Makes the draft's row unless it exists and gives its id. */
static gboolean
ensure_draft (sqlite3         *db,
              const PwStoreOp *op,
              gint64          *id,
              GError         **error)
{
  g_autoptr (sqlite3_stmt) insert = NULL;
  g_autoptr (sqlite3_stmt) select = NULL;
  int rc;

  insert = pw_store_db_prepare (db, "INSERT INTO drafts (key, updated_at) VALUES (?1, ?2) "
                        "ON CONFLICT (key) DO NOTHING", error);
  if (insert == NULL)
    return FALSE;
  sqlite3_bind_text (insert, 1, op->key, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (insert, 2, op->time);
  if (!pw_store_db_step_done (db, insert, error))
    return FALSE;

  select = pw_store_db_prepare (db, "SELECT id FROM drafts WHERE key = ?1", error);
  if (select == NULL)
    return FALSE;
  sqlite3_bind_text (select, 1, op->key, -1, SQLITE_STATIC);
  rc = sqlite3_step (select);
  if (rc != SQLITE_ROW)
    {
      pw_store_db_set_error (error, db, rc, _("Could not save your work"));
      return FALSE;
    }
  *id = sqlite3_column_int64 (select, 0);

  return TRUE;
}

/* The log is seq 0..n-1 without gaps, so its length is the last seq + 1. */
static gboolean
count_commands (sqlite3 *db,
                gint64   id,
                guint   *length,
                GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = pw_store_db_prepare (db, "SELECT coalesce(max(seq) + 1, 0) FROM draft_commands WHERE draft_id = ?1",
                  error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      pw_store_db_set_error (error, db, rc, _("Could not save your work"));
      return FALSE;
    }
  *length = (guint) sqlite3_column_int64 (stmt, 0);

  return TRUE;
}

static gboolean
check_position (const PwStoreOp *op,
                guint            length,
                GError         **error)
{
  if (op->position <= length)
    return TRUE;

  g_set_error (error, PW_ERROR, PW_ERROR_INVALID_DATA,
               _("An edit to “%s” did not follow its saved history, so it was not saved. "
                 "Close and reopen the document to continue from what is saved."),
               op->key);
  return FALSE;
}

static gboolean
truncate_log (sqlite3 *db,
              gint64   id,
              guint    from,
              GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;

  stmt = pw_store_db_prepare (db, "DELETE FROM draft_commands WHERE draft_id = ?1 AND seq >= ?2", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_int64 (stmt, 2, from);

  return pw_store_db_step_done (db, stmt, error);
}

static gboolean
update_draft (sqlite3         *db,
              gint64           id,
              guint            position,
              const PwStoreOp *op,
              GError         **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;

  stmt = pw_store_db_prepare (db, "UPDATE drafts SET position = ?2, updated_at = ?3 WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_int64 (stmt, 2, position);
  sqlite3_bind_int64 (stmt, 3, op->time);

  return pw_store_db_step_done (db, stmt, error);
}

static gboolean
apply_append_command (sqlite3         *db,
                      const PwStoreOp *op,
                      GError         **error)
{
  g_autoptr (sqlite3_stmt) insert = NULL;
  gint64 id;
  guint length;

  if (!ensure_draft (db, op, &id, error) ||
      !count_commands (db, id, &length, error) ||
      !check_position (op, length, error) ||
      !truncate_log (db, id, op->position, error))
    return FALSE;

  insert = pw_store_db_prepare (db, "INSERT INTO draft_commands (draft_id, seq, command) VALUES (?1, ?2, ?3)",
                    error);
  if (insert == NULL)
    return FALSE;
  sqlite3_bind_int64 (insert, 1, id);
  sqlite3_bind_int64 (insert, 2, op->position);
  sqlite3_bind_text (insert, 3, op->text, -1, SQLITE_STATIC);
  if (!pw_store_db_step_done (db, insert, error))
    return FALSE;

  return update_draft (db, id, op->position + 1, op, error);
}

static gboolean
apply_set_position (sqlite3         *db,
                    const PwStoreOp *op,
                    GError         **error)
{
  gint64 id;
  guint length;

  return ensure_draft (db, op, &id, error) &&
         count_commands (db, id, &length, error) &&
         check_position (op, length, error) &&
         update_draft (db, id, op->position, op, error);
}

static gboolean
apply_set_snapshot (sqlite3         *db,
                    const PwStoreOp *op,
                    GError         **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  gint64 id;

  if (!ensure_draft (db, op, &id, error) ||
      !truncate_log (db, id, 0, error))
    return FALSE;

  stmt = pw_store_db_prepare (db, "UPDATE drafts SET snapshot = ?2, position = 0, updated_at = ?3 "
                      "WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_text (stmt, 2, op->text, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, op->time);

  return pw_store_db_step_done (db, stmt, error);
}

static gboolean
apply_delete_draft (sqlite3         *db,
                    const PwStoreOp *op,
                    GError         **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;

  /* The commands go with it: ON DELETE CASCADE. */
  stmt = pw_store_db_prepare (db, "DELETE FROM drafts WHERE key = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, op->key, -1, SQLITE_STATIC);

  return pw_store_db_step_done (db, stmt, error);
}

static gboolean
apply_set_state (sqlite3         *db,
                 const PwStoreOp *op,
                 GError         **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;

  if (op->text != NULL)
    stmt = pw_store_db_prepare (db, "INSERT INTO app_state (name, value) VALUES (?1, ?2) "
                        "ON CONFLICT (name) DO UPDATE SET value = excluded.value", error);
  else
    stmt = pw_store_db_prepare (db, "DELETE FROM app_state WHERE name = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, op->key, -1, SQLITE_STATIC);
  if (op->text != NULL)
    sqlite3_bind_text (stmt, 2, op->text, -1, SQLITE_STATIC);

  return pw_store_db_step_done (db, stmt, error);
}

/**
 * pw_store_db_apply:
 * @db: the writer's connection
 * @op: a write
 * @error: return location for a #GError
 *
 * Applies @op in a transaction of its own: all of it or none of it.
 *
 * Returns: %TRUE when @op is committed
 */
gboolean
pw_store_db_apply (sqlite3         *db,
                   const PwStoreOp *op,
                   GError         **error)
{
  gboolean ok = FALSE;
  int rc;

  /* IMMEDIATE takes the write lock now, so a busy database fails here and
   * not halfway through. */
  rc = sqlite3_exec (db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    {
      pw_store_db_set_error (error, db, rc, _("Could not save your work"));
      return FALSE;
    }

  switch (op->kind)
    {
    case PW_STORE_OP_APPEND_COMMAND:
      ok = apply_append_command (db, op, error);
      break;
    case PW_STORE_OP_SET_POSITION:
      ok = apply_set_position (db, op, error);
      break;
    case PW_STORE_OP_SET_SNAPSHOT:
      ok = apply_set_snapshot (db, op, error);
      break;
    case PW_STORE_OP_DELETE_DRAFT:
      ok = apply_delete_draft (db, op, error);
      break;
    case PW_STORE_OP_SET_STATE:
      ok = apply_set_state (db, op, error);
      break;
    case PW_STORE_OP_ADD_ACCOUNT:
    case PW_STORE_OP_QUEUE_SUBMISSION:
    case PW_STORE_OP_MARK_SENDING:
    case PW_STORE_OP_RESET_SENDING:
    case PW_STORE_OP_UPDATE_SUBMISSIONS:
      ok = pw_store_db_apply_outbox (db, op, error);
      break;
    case PW_STORE_OP_CALL:
      ok = op->apply (db, op->data, op->time, error);
      break;
    default:
      g_assert_not_reached ();
    }

  if (ok)
    {
      rc = sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);
      if (rc != SQLITE_OK)
        {
          pw_store_db_set_error (error, db, rc, _("Could not save your work"));
          ok = FALSE;
        }
    }

  if (!ok)
    pw_store_db_rollback (db);

  return ok;
}
