/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n-lib.h>

#include "pw-error.h"
#include "pw-store-private.h"

/* The drafts of PwStore: each document's unsubmitted work as a base
 * snapshot and the log of edit commands after it, with how far along the
 * log the document is (the rest is what redo brings back). Each edit is
 * queued for the writer thread and returns at once; reads run after every
 * write made before them, on a thread for the main thread. The edits of a
 * draft are kept in order and without gaps, since a command saved without
 * an earlier one would rebuild a different annotation. */

/* Writes, on the writer thread */

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

/* Applies a write of a draft, inside the transaction the writer opened. */
gboolean
_pw_store_db_apply_draft (sqlite3         *db,
                          const PwStoreOp *op,
                          GError         **error)
{
  switch (op->kind)
    {
    case PW_STORE_OP_APPEND_COMMAND:
      return apply_append_command (db, op, error);
    case PW_STORE_OP_SET_POSITION:
      return apply_set_position (db, op, error);
    case PW_STORE_OP_SET_SNAPSHOT:
      return apply_set_snapshot (db, op, error);
    case PW_STORE_OP_DELETE_DRAFT:
      return apply_delete_draft (db, op, error);
    default:
      g_assert_not_reached ();
    }
}

/* Writes */

/**
 * pw_store_append_command:
 * @self: a #PwStore
 * @key: the document's key, such as `file:///home/me/img.jpg` or
 *   `task:<account>:<task>`
 * @position_before: the document's position in its log before this edit
 * @command_json: the edit as the model serialized it
 *
 * Records a completed edit: the commands at @position_before and after (the
 * redo tail the edit discards) are removed, @command_json takes their place
 * and the position becomes @position_before + 1. Makes the draft when it is
 * missing. Returns at once; the edit is on the disk moments later.
 */
void
pw_store_append_command (PwStore    *self,
                         const char *key,
                         guint       position_before,
                         const char *command_json)
{
  g_return_if_fail (PW_IS_STORE (self));
  g_return_if_fail (key != NULL);
  g_return_if_fail (command_json != NULL);

  _pw_store_writer_push (_pw_store_get_writer (self),
                         _pw_store_op_new (PW_STORE_OP_APPEND_COMMAND, key, command_json,
                                           position_before));
}

/**
 * pw_store_set_position:
 * @self: a #PwStore
 * @key: the document's key
 * @position: how many commands of the log are applied, after an undo or a
 *   redo; at most the log's length
 *
 * Records an undo or a redo. Returns at once.
 */
void
pw_store_set_position (PwStore    *self,
                       const char *key,
                       guint       position)
{
  g_return_if_fail (PW_IS_STORE (self));
  g_return_if_fail (key != NULL);

  _pw_store_writer_push (_pw_store_get_writer (self),
                         _pw_store_op_new (PW_STORE_OP_SET_POSITION, key, NULL, position));
}

/**
 * pw_store_set_snapshot:
 * @self: a #PwStore
 * @key: the document's key
 * @snapshot_json: (nullable): the document as the model serialized it, or
 *   %NULL for an empty one
 *
 * Sets the base the log applies to, such as when a document is first opened
 * from a labelme file, and clears the log. Returns at once.
 */
void
pw_store_set_snapshot (PwStore    *self,
                       const char *key,
                       const char *snapshot_json)
{
  g_return_if_fail (PW_IS_STORE (self));
  g_return_if_fail (key != NULL);

  _pw_store_writer_push (_pw_store_get_writer (self),
                         _pw_store_op_new (PW_STORE_OP_SET_SNAPSHOT, key, snapshot_json, 0));
}

/**
 * pw_store_delete_draft:
 * @self: a #PwStore
 * @key: the document's key
 *
 * Forgets the draft and its history, such as once its task is submitted.
 * Returns at once.
 */
void
pw_store_delete_draft (PwStore    *self,
                       const char *key)
{
  g_return_if_fail (PW_IS_STORE (self));
  g_return_if_fail (key != NULL);

  _pw_store_writer_push (_pw_store_get_writer (self),
                         _pw_store_op_new (PW_STORE_OP_DELETE_DRAFT, key, NULL, 0));
}

/* Reads, on the read connection */

static gboolean
begin_read (sqlite3 *db,
            GError **error)
{
  int rc = sqlite3_exec (db, "BEGIN", NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    {
      pw_store_db_set_error (error, db, rc, _("Could not read your drafts"));
      return FALSE;
    }

  return TRUE;
}

static gboolean
end_read (sqlite3 *db,
          gboolean ok,
          GError **error)
{
  int rc;

  if (!ok)
    {
      pw_store_db_rollback (db);
      return FALSE;
    }

  rc = sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    {
      pw_store_db_set_error (error, db, rc, _("Could not read your drafts"));
      pw_store_db_rollback (db);
      return FALSE;
    }

  return TRUE;
}

static GPtrArray *
read_commands (sqlite3 *db,
               gint64   id,
               GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autoptr (GPtrArray) commands = g_ptr_array_new_with_free_func (g_free);
  int rc;

  stmt = pw_store_db_prepare (db, "SELECT seq, command FROM draft_commands "
                                  "WHERE draft_id = ?1 ORDER BY seq", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      /* The writer keeps the log without gaps; a gap means the file was
       * changed behind its back, and replaying it would rebuild the wrong
       * annotation. */
      if (sqlite3_column_int64 (stmt, 0) != commands->len)
        {
          g_set_error (error, PW_ERROR, PW_ERROR_INVALID_DATA,
                       _("The edit history in “%s” is damaged. Nothing was deleted. "
                         "Move the file away, then start Piecework again to begin a new store."),
                       sqlite3_db_filename (db, "main"));
          return NULL;
        }
      g_ptr_array_add (commands, g_strdup ((const char *) sqlite3_column_text (stmt, 1)));
    }

  if (rc != SQLITE_DONE)
    {
      pw_store_db_set_error (error, db, rc, _("Could not read your drafts"));
      return NULL;
    }

  return g_steal_pointer (&commands);
}

static PwDraft *
read_draft (sqlite3    *db,
            const char *key,
            gboolean   *found,
            GError    **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autoptr (GPtrArray) commands = NULL;
  gint64 position;
  int rc;

  *found = FALSE;

  stmt = pw_store_db_prepare (db, "SELECT id, snapshot, position, updated_at FROM drafts "
                                  "WHERE key = ?1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    return NULL;
  if (rc != SQLITE_ROW)
    {
      pw_store_db_set_error (error, db, rc, _("Could not read your drafts"));
      return NULL;
    }
  *found = TRUE;

  commands = read_commands (db, sqlite3_column_int64 (stmt, 0), error);
  if (commands == NULL)
    return NULL;

  position = sqlite3_column_int64 (stmt, 2);
  if (position < 0 || position > commands->len)
    {
      g_set_error (error, PW_ERROR, PW_ERROR_INVALID_DATA,
                   _("The edit history in “%s” is damaged. Nothing was deleted. "
                     "Move the file away, then start Piecework again to begin a new store."),
                   sqlite3_db_filename (db, "main"));
      return NULL;
    }

  return pw_draft_new (key,
                       (const char *) sqlite3_column_text (stmt, 1),
                       g_steal_pointer (&commands),
                       (guint) position,
                       sqlite3_column_int64 (stmt, 3));
}

/* Reads the draft of @key in one read transaction: the draft, or %NULL,
 * with @error unset when there is none. */
static PwDraft *
db_load_draft (sqlite3    *db,
               const char *key,
               GError    **error)
{
  g_autoptr (PwDraft) draft = NULL;
  gboolean found;

  if (!begin_read (db, error))
    return NULL;

  draft = read_draft (db, key, &found, error);

  if (!end_read (db, draft != NULL || !found, error))
    return NULL;

  return g_steal_pointer (&draft);
}

/* The keys of every draft, most recently changed first, or %NULL on error. */
static GStrv
db_list_drafts (sqlite3 *db,
                GError **error)
{
  return pw_store_db_read_strv (db, "SELECT key FROM drafts ORDER BY updated_at DESC, key",
                                _("Could not read your drafts"), error);
}

/* Reads that wait for the disk, and their twins on a thread */

/**
 * pw_store_load_draft:
 * @self: a #PwStore
 * @key: the document's key
 * @error: return location for a #GError
 *
 * Reads a draft, waiting for the disk: for threads and tests. It sees every
 * write made before the call; while the disk refuses writes it fails with
 * the writer's error rather than return a draft older than the worker's.
 *
 * Returns: (transfer full) (nullable): the draft, or %NULL, with @error
 *   unset when there is none
 */
PwDraft *
pw_store_load_draft (PwStore    *self,
                     const char *key,
                     GError    **error)
{
  PwDraft *draft;
  sqlite3 *db;

  g_return_val_if_fail (PW_IS_STORE (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if ((db = pw_store_acquire_reader_synced (self, error)) == NULL)
    return NULL;

  draft = db_load_draft (db, key, error);
  pw_store_release_reader (self);

  return draft;
}

static void
load_draft_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  GError *error = NULL;
  PwDraft *draft = pw_store_load_draft (source_object, task_data, &error);

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, draft, (GDestroyNotify) pw_draft_unref);
}

/**
 * pw_store_load_draft_async:
 * @self: a #PwStore
 * @key: the document's key
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the draft
 * @user_data: data for @callback
 *
 * Reads a draft on a thread. See pw_store_load_draft().
 */
void
pw_store_load_draft_async (PwStore            *self,
                           const char         *key,
                           GCancellable       *cancellable,
                           GAsyncReadyCallback callback,
                           gpointer            user_data)
{
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (PW_IS_STORE (self));
  g_return_if_fail (key != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pw_store_load_draft_async);
  g_task_set_task_data (task, g_strdup (key), g_free);
  g_task_set_return_on_cancel (task, TRUE);
  g_task_run_in_thread (task, load_draft_thread);
}

/**
 * pw_store_load_draft_finish:
 * @self: a #PwStore
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the draft, or %NULL, with @error
 *   unset when there is none
 */
PwDraft *
pw_store_load_draft_finish (PwStore      *self,
                            GAsyncResult *result,
                            GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == pw_store_load_draft_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * pw_store_list_drafts:
 * @self: a #PwStore
 * @error: return location for a #GError
 *
 * Lists the drafts, waiting for the disk: for threads and tests.
 *
 * Returns: (transfer full) (nullable): the keys of every draft, most
 *   recently changed first, or %NULL on error
 */
GStrv
pw_store_list_drafts (PwStore *self,
                      GError **error)
{
  GStrv keys;
  sqlite3 *db;

  g_return_val_if_fail (PW_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if ((db = pw_store_acquire_reader_synced (self, error)) == NULL)
    return NULL;

  keys = db_list_drafts (db, error);
  pw_store_release_reader (self);

  return keys;
}

static void
list_drafts_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  GError *error = NULL;
  GStrv keys = pw_store_list_drafts (source_object, &error);

  if (keys == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, keys, (GDestroyNotify) g_strfreev);
}

/**
 * pw_store_list_drafts_async:
 * @self: a #PwStore
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the keys
 * @user_data: data for @callback
 *
 * Lists the drafts on a thread, such as to offer them back after a crash.
 */
void
pw_store_list_drafts_async (PwStore            *self,
                            GCancellable       *cancellable,
                            GAsyncReadyCallback callback,
                            gpointer            user_data)
{
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (PW_IS_STORE (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pw_store_list_drafts_async);
  g_task_set_return_on_cancel (task, TRUE);
  g_task_run_in_thread (task, list_drafts_thread);
}

/**
 * pw_store_list_drafts_finish:
 * @self: a #PwStore
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the keys of every draft, most
 *   recently changed first, or %NULL on error
 */
GStrv
pw_store_list_drafts_finish (PwStore      *self,
                             GAsyncResult *result,
                             GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == pw_store_list_drafts_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
