/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n-lib.h>

#include "pw-error.h"
#include "pw-store-private.h"

/* The reads of the store. Each runs in one read transaction, so under WAL
 * it sees one committed state even while the writer commits. */

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

/**
 * pw_store_db_load_draft:
 * @db: a connection
 * @key: the document's key
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the draft, or %NULL with @error
 *   unset when there is none
 */
PwDraft *
pw_store_db_load_draft (sqlite3    *db,
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

/**
 * pw_store_db_list_drafts:
 *
 * Returns: (transfer full): the keys of every draft, most recently changed
 *   first, or %NULL on error
 */
GStrv
pw_store_db_list_drafts (sqlite3 *db,
                         GError **error)
{
  return pw_store_db_read_strv (db, "SELECT key FROM drafts ORDER BY updated_at DESC, key",
                                _("Could not read your drafts"), error);
}

/**
 * pw_store_db_load_state:
 *
 * Returns: (transfer full): the application's state, name to value, or
 *   %NULL on error
 */
GHashTable *
pw_store_db_load_state (sqlite3 *db,
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
