/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include "pw-store-private.h"
#include "pw-store-sql.h"

/* The drafts of PwStore: writes that queue and return at once, reads that
 * run on a thread after every write made before them, and flushes. */

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

  pw_store_writer_push (pw_store_get_writer (self),
                        pw_store_op_new (PW_STORE_OP_APPEND_COMMAND, key, command_json,
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

  pw_store_writer_push (pw_store_get_writer (self),
                        pw_store_op_new (PW_STORE_OP_SET_POSITION, key, NULL, position));
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

  pw_store_writer_push (pw_store_get_writer (self),
                        pw_store_op_new (PW_STORE_OP_SET_SNAPSHOT, key, snapshot_json, 0));
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

  pw_store_writer_push (pw_store_get_writer (self),
                        pw_store_op_new (PW_STORE_OP_DELETE_DRAFT, key, NULL, 0));
}

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

  g_return_val_if_fail (PW_IS_STORE (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!pw_store_writer_sync (pw_store_get_writer (self), error))
    return NULL;

  draft = pw_store_db_load_draft (pw_store_acquire_reader (self), key, error);
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

  g_return_val_if_fail (PW_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!pw_store_writer_sync (pw_store_get_writer (self), error))
    return NULL;

  keys = pw_store_db_list_drafts (pw_store_acquire_reader (self), error);
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

/**
 * pw_store_flush:
 * @self: a #PwStore
 * @error: return location for a #GError
 *
 * Waits until every write made so far is on the disk: for shutdown, threads
 * and tests. When the disk refuses, fails with the writer's error at once;
 * the writes stay queued and are retried.
 *
 * Returns: %TRUE when everything is saved
 */
gboolean
pw_store_flush (PwStore *self,
                GError **error)
{
  g_return_val_if_fail (PW_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return pw_store_writer_sync (pw_store_get_writer (self), error);
}

static void
flush_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  GError *error = NULL;

  if (pw_store_flush (source_object, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/**
 * pw_store_flush_async:
 * @self: a #PwStore
 * @cancellable: (nullable): a #GCancellable
 * @callback: called once everything is saved, or the disk refused
 * @user_data: data for @callback
 *
 * Waits, on a thread, until every write made so far is on the disk, such
 * as before the application quits. See pw_store_flush().
 */
void
pw_store_flush_async (PwStore            *self,
                      GCancellable       *cancellable,
                      GAsyncReadyCallback callback,
                      gpointer            user_data)
{
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (PW_IS_STORE (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pw_store_flush_async);
  g_task_set_return_on_cancel (task, TRUE);
  g_task_run_in_thread (task, flush_thread);
}

/**
 * pw_store_flush_finish:
 * @self: a #PwStore
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Returns: %TRUE when everything is saved
 */
gboolean
pw_store_flush_finish (PwStore      *self,
                       GAsyncResult *result,
                       GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == pw_store_flush_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
