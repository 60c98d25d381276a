/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n-lib.h>

#include "pw-store-private.h"

/* The application's own state in PwStore, such as the last folder opened.
 * It is small, so the store keeps all of it in memory: the main thread
 * reads it without touching the disk, and writes go through the writer
 * like any other. */

/* Reads the application's state, name to value, or %NULL on error. */
GHashTable *
_pw_store_db_load_state (sqlite3 *db,
                         GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autoptr (GHashTable) state = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  int rc;

  stmt = pw_store_db_prepare (db, "SELECT name, value FROM app_state", error);
  if (stmt == NULL)
    return NULL;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_hash_table_insert (state,
                         g_strdup ((const char *) sqlite3_column_text (stmt, 0)),
                         g_strdup ((const char *) sqlite3_column_text (stmt, 1)));

  if (rc != SQLITE_DONE)
    {
      pw_store_db_set_error (error, db, rc, _("Could not open the store"));
      return NULL;
    }

  return g_steal_pointer (&state);
}

/* Applies a write of the state, inside the transaction the writer opened. */
gboolean
_pw_store_db_apply_state (sqlite3         *db,
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
 * pw_store_get_state:
 * @name: what the value is for, such as `last-folder`
 *
 * Reads a value of the application's state from memory; call it from the
 * thread that opened the store.
 *
 * Returns: (transfer none) (nullable): the value, or %NULL when unset
 */
const char *
pw_store_get_state (PwStore    *self,
                    const char *name)
{
  g_return_val_if_fail (PW_IS_STORE (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  return g_hash_table_lookup (_pw_store_get_state_table (self), name);
}

/**
 * pw_store_set_state:
 * @name: what the value is for, such as `last-folder`
 * @value: (nullable): the value, or %NULL to unset it
 *
 * Sets a value of the application's state at once in memory and queues it
 * for the disk; call it from the thread that opened the store.
 */
void
pw_store_set_state (PwStore    *self,
                    const char *name,
                    const char *value)
{
  g_return_if_fail (PW_IS_STORE (self));
  g_return_if_fail (name != NULL);

  if (value != NULL)
    g_hash_table_replace (_pw_store_get_state_table (self), g_strdup (name), g_strdup (value));
  else
    g_hash_table_remove (_pw_store_get_state_table (self), name);

  _pw_store_writer_push (_pw_store_get_writer (self), _pw_store_op_new (PW_STORE_OP_SET_STATE, name, value, 0));
}
