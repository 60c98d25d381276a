/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n-lib.h>

#include "pw-error.h"
#include "pw-store-private.h"
#include "pw-store-sql.h"
#include "pw-store-time.h"

/* The worker's time log: measured task intervals, idle minutes that were
 * work, and entries made by hand. Writes go to the writer thread like every
 * other write; reads wait for the writes queued before them. */

static const char *const kind_names[] = {
  [PW_TIME_TASK] = "task",
  [PW_TIME_IDLE] = "idle",
  [PW_TIME_MANUAL] = "manual",
};

/**
 * pw_time_kind_to_string:
 *
 * Returns: the kind's name as the store writes it
 */
const char *
pw_time_kind_to_string (PwTimeKind kind)
{
  g_return_val_if_fail ((guint) kind < G_N_ELEMENTS (kind_names), NULL);

  return kind_names[kind];
}

gboolean
pw_time_kind_from_string (const char *text,
                          PwTimeKind *kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (kind_names); i++)
    {
      if (g_strcmp0 (text, kind_names[i]) == 0)
        {
          *kind = i;
          return TRUE;
        }
    }
  return FALSE;
}

/**
 * pw_time_entry_new:
 * @kind: what the time was
 * @started_at: when it started, in microseconds since 1970
 * @ended_at: when it ended, not before @started_at
 *
 * Returns: (transfer full): a paid entry with no task, not yet stored
 */
PwTimeEntry *
pw_time_entry_new (PwTimeKind kind,
                   gint64     started_at,
                   gint64     ended_at)
{
  PwTimeEntry *entry = g_new0 (PwTimeEntry, 1);

  entry->kind = kind;
  entry->started_at = started_at;
  entry->ended_at = ended_at;
  entry->paid = TRUE;
  return entry;
}

PwTimeEntry *
pw_time_entry_copy (const PwTimeEntry *entry)
{
  PwTimeEntry *copy;

  g_return_val_if_fail (entry != NULL, NULL);

  copy = g_memdup2 (entry, sizeof *entry);
  copy->account_id = g_strdup (entry->account_id);
  copy->task_id = g_strdup (entry->task_id);
  copy->project_id = g_strdup (entry->project_id);
  copy->note = g_strdup (entry->note);
  return copy;
}

void
pw_time_entry_free (PwTimeEntry *entry)
{
  if (entry == NULL)
    return;

  g_free (entry->account_id);
  g_free (entry->task_id);
  g_free (entry->project_id);
  g_free (entry->note);
  g_free (entry);
}

/* Writes, on the writer thread */

static void
bind_entry (sqlite3_stmt      *stmt,
            const PwTimeEntry *entry,
            gint64             time)
{
  sqlite3_bind_text (stmt, 1, pw_time_kind_to_string (entry->kind), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, entry->account_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, entry->task_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, entry->project_id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 5, entry->started_at);
  sqlite3_bind_int64 (stmt, 6, entry->ended_at);
  sqlite3_bind_int (stmt, 7, entry->paid ? 1 : 0);
  sqlite3_bind_text (stmt, 8, entry->note, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 9, time);
}

static gboolean
apply_add (sqlite3  *db,
           gpointer  data,
           gint64    time,
           GError  **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;

  stmt = pw_store_db_prepare (db, "INSERT INTO time_entries (kind, account_id, task_id, "
                                  "project_id, started_at, ended_at, paid, note, updated_at) "
                                  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)", error);
  if (stmt == NULL)
    return FALSE;
  bind_entry (stmt, data, time);
  return pw_store_db_step_done (db, stmt, error);
}

static gboolean
apply_update (sqlite3  *db,
              gpointer  data,
              gint64    time,
              GError  **error)
{
  const PwTimeEntry *entry = data;
  g_autoptr (sqlite3_stmt) stmt = NULL;

  stmt = pw_store_db_prepare (db, "UPDATE time_entries SET kind = ?1, account_id = ?2, "
                                  "task_id = ?3, project_id = ?4, started_at = ?5, ended_at = ?6, "
                                  "paid = ?7, note = ?8, updated_at = ?9 WHERE id = ?10", error);
  if (stmt == NULL)
    return FALSE;
  bind_entry (stmt, entry, time);
  sqlite3_bind_int64 (stmt, 10, entry->id);
  return pw_store_db_step_done (db, stmt, error);
}

static gboolean
apply_delete (sqlite3  *db,
              gpointer  data,
              gint64    time,
              GError  **error)
{
  const PwTimeEntry *entry = data;
  g_autoptr (sqlite3_stmt) stmt = NULL;

  stmt = pw_store_db_prepare (db, "DELETE FROM time_entries WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, entry->id);
  return pw_store_db_step_done (db, stmt, error);
}

/* An open interval is written again as it grows: the row with the same
 * kind, task and start is the same interval, and only its end moves, back
 * too when the clock learns the worker had gone idle. */
static gboolean
apply_record (sqlite3  *db,
              gpointer  data,
              gint64    time,
              GError  **error)
{
  const PwTimeEntry *entry = data;
  g_autoptr (sqlite3_stmt) stmt = NULL;

  stmt = pw_store_db_prepare (db, "UPDATE time_entries SET ended_at = ?6, "
                                  "updated_at = ?9 "
                                  "WHERE account_id IS ?2 AND task_id IS ?3 AND kind = ?1 "
                                  "AND started_at = ?5", error);
  if (stmt == NULL)
    return FALSE;
  bind_entry (stmt, entry, time);
  if (!pw_store_db_step_done (db, stmt, error))
    return FALSE;
  if (sqlite3_changes (db) > 0)
    return TRUE;
  return apply_add (db, data, time, error);
}

static gboolean
check_entry (const PwTimeEntry *entry)
{
  g_return_val_if_fail (entry != NULL, FALSE);
  g_return_val_if_fail ((guint) entry->kind < G_N_ELEMENTS (kind_names), FALSE);
  g_return_val_if_fail (entry->ended_at >= entry->started_at, FALSE);
  return TRUE;
}

/**
 * pw_store_add_time_entry:
 * @self: a #PwStore
 * @entry: the entry; its id is ignored
 *
 * Records a time entry, such as one the worker made by hand. Returns at
 * once; a read made after this sees it with its id.
 */
void
pw_store_add_time_entry (PwStore           *self,
                         const PwTimeEntry *entry)
{
  g_return_if_fail (PW_IS_STORE (self));
  if (!check_entry (entry))
    return;

  _pw_store_push_call (self, apply_add, pw_time_entry_copy (entry),
                       (GDestroyNotify) pw_time_entry_free);
}

/**
 * pw_store_update_time_entry:
 * @self: a #PwStore
 * @entry: the entry as it should now be, with its id
 *
 * Rewrites a stored time entry. Returns at once.
 */
void
pw_store_update_time_entry (PwStore           *self,
                            const PwTimeEntry *entry)
{
  g_return_if_fail (PW_IS_STORE (self));
  if (!check_entry (entry))
    return;
  g_return_if_fail (entry->id > 0);

  _pw_store_push_call (self, apply_update, pw_time_entry_copy (entry),
                       (GDestroyNotify) pw_time_entry_free);
}

/**
 * pw_store_delete_time_entry:
 * @self: a #PwStore
 * @id: the entry's id
 *
 * Deletes a time entry. Returns at once.
 */
void
pw_store_delete_time_entry (PwStore *self,
                            gint64   id)
{
  PwTimeEntry *entry;

  g_return_if_fail (PW_IS_STORE (self));
  g_return_if_fail (id > 0);

  entry = pw_time_entry_new (PW_TIME_MANUAL, 0, 0);
  entry->id = id;
  _pw_store_push_call (self, apply_delete, entry, (GDestroyNotify) pw_time_entry_free);
}

/**
 * pw_store_record_task_time:
 * @self: a #PwStore
 * @entry: a measured interval
 *
 * Records a measured interval, or makes the stored interval with the same
 * kind, account, task and start end at @entry's end: a clock writes its
 * open interval again and again as it grows, so a crash loses only what
 * came after the last write. Returns at once.
 */
void
pw_store_record_task_time (PwStore           *self,
                           const PwTimeEntry *entry)
{
  g_return_if_fail (PW_IS_STORE (self));
  if (!check_entry (entry))
    return;

  _pw_store_push_call (self, apply_record, pw_time_entry_copy (entry),
                       (GDestroyNotify) pw_time_entry_free);
}

/* Reads */

static char *
dup_column (sqlite3_stmt *stmt,
            int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

static GPtrArray *
read_entries (sqlite3  *db,
              gint64    start,
              gint64    end,
              GError  **error)
{
  g_autoptr (GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) pw_time_entry_free);
  g_autoptr (sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = pw_store_db_prepare (db, "SELECT id, kind, account_id, task_id, project_id, "
                                  "started_at, ended_at, paid, note, updated_at "
                                  "FROM time_entries WHERE started_at >= ?1 AND started_at < ?2 "
                                  "ORDER BY started_at, id", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, start);
  sqlite3_bind_int64 (stmt, 2, end);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      PwTimeEntry *entry = g_new0 (PwTimeEntry, 1);

      entry->id = sqlite3_column_int64 (stmt, 0);
      /* The CHECK on the column keeps out names not known here. */
      if (!pw_time_kind_from_string ((const char *) sqlite3_column_text (stmt, 1), &entry->kind))
        g_assert_not_reached ();
      entry->account_id = dup_column (stmt, 2);
      entry->task_id = dup_column (stmt, 3);
      entry->project_id = dup_column (stmt, 4);
      entry->started_at = sqlite3_column_int64 (stmt, 5);
      entry->ended_at = sqlite3_column_int64 (stmt, 6);
      entry->paid = sqlite3_column_int (stmt, 7) != 0;
      entry->note = dup_column (stmt, 8);
      entry->updated_at = sqlite3_column_int64 (stmt, 9);
      g_ptr_array_add (entries, entry);
    }

  if (rc != SQLITE_DONE)
    {
      pw_store_db_set_error (error, db, rc, _("Could not read the time log"));
      return NULL;
    }
  return g_steal_pointer (&entries);
}

/**
 * pw_store_list_time_entries:
 * @self: a #PwStore
 * @start: the first start to list, in microseconds since 1970
 * @end: the start to list up to, excluded
 * @error: return location for a #GError
 *
 * Waits for the disk: for threads, tests and the command line.
 *
 * Returns: (transfer full) (element-type PwTimeEntry): the entries that
 *   start in [@start, @end), by start, or %NULL on error
 */
GPtrArray *
pw_store_list_time_entries (PwStore *self,
                            gint64   start,
                            gint64   end,
                            GError **error)
{
  sqlite3 *db;
  GPtrArray *entries;

  g_return_val_if_fail (PW_IS_STORE (self), NULL);

  if ((db = pw_store_acquire_reader_synced (self, error)) == NULL)
    return NULL;
  entries = read_entries (db, start, end, error);
  pw_store_release_reader (self);
  return entries;
}

typedef struct
{
  gint64 start;
  gint64 end;
} Span;

static void
list_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  Span *span = task_data;
  GError *error = NULL;
  GPtrArray *entries = pw_store_list_time_entries (source_object, span->start, span->end, &error);

  if (entries == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, entries, (GDestroyNotify) g_ptr_array_unref);
}

/**
 * pw_store_list_time_entries_async:
 * @self: a #PwStore
 * @start: the first start to list, in microseconds since 1970
 * @end: the start to list up to, excluded
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the entries
 * @user_data: data for @callback
 *
 * Lists the time entries on a thread. See pw_store_list_time_entries().
 */
void
pw_store_list_time_entries_async (PwStore            *self,
                                  gint64              start,
                                  gint64              end,
                                  GCancellable       *cancellable,
                                  GAsyncReadyCallback callback,
                                  gpointer            user_data)
{
  g_autoptr (GTask) task = NULL;
  Span *span;

  g_return_if_fail (PW_IS_STORE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pw_store_list_time_entries_async);
  span = g_new (Span, 1);
  span->start = start;
  span->end = end;
  g_task_set_task_data (task, span, g_free);
  g_task_set_return_on_cancel (task, TRUE);
  g_task_run_in_thread (task, list_thread);
}

/**
 * pw_store_list_time_entries_finish:
 *
 * Returns: (transfer full) (element-type PwTimeEntry): the entries, or
 *   %NULL
 */
GPtrArray *
pw_store_list_time_entries_finish (PwStore      *self,
                                   GAsyncResult *result,
                                   GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        pw_store_list_time_entries_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
