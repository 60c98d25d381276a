/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n-lib.h>

#include "pw-error.h"
#include "pw-store-outbox-private.h"
#include "pw-store-private.h"
#include "pw-store-tasks.h"

/* The outbox of PwStore: the worker's submissions, each kept with the
 * exact body and Idempotency-Key sent on every try until the marketplace
 * answers, and kept whatever the answer. A submission moves its task's
 * state along with it (the tasks themselves are in pw-store-tasks.c).
 * Writes go to the writer thread like every other write; reads wait for
 * the writes queued before them, then read on the read connection, and
 * some have an _async() twin that runs them on a thread.
 *
 * This file holds what the outbox's files share: its states, rows and
 * updates, the writer's entry point, and how a row is read. Queuing a
 * submission is in pw-store-outbox-queue.c, the sync worker's rounds in
 * pw-store-outbox-send.c, and what became of the work in
 * pw-store-outbox-outcomes.c. */

static const char *const state_names[] = {
  [PW_OUTBOX_PENDING] = "pending",
  [PW_OUTBOX_SENDING] = "sending",
  [PW_OUTBOX_DONE] = "done",
  [PW_OUTBOX_CONFLICT] = "conflict",
  [PW_OUTBOX_EXPIRED] = "expired",
  [PW_OUTBOX_REASSIGNED] = "reassigned",
  [PW_OUTBOX_REJECTED_BAD_REQUEST] = "rejected_bad_request",
};

/**
 * pw_outbox_state_to_string:
 *
 * Returns: the state's name as the store writes it
 */
const char *
pw_outbox_state_to_string (PwOutboxState state)
{
  g_return_val_if_fail (state < G_N_ELEMENTS (state_names), NULL);

  return state_names[state];
}

gboolean
pw_outbox_state_from_string (const char    *text,
                             PwOutboxState *state)
{
  for (guint i = 0; i < G_N_ELEMENTS (state_names); i++)
    {
      if (g_strcmp0 (text, state_names[i]) == 0)
        {
          *state = i;
          return TRUE;
        }
    }
  return FALSE;
}

void
pw_outbox_row_free (PwOutboxRow *row)
{
  if (row == NULL)
    return;

  g_free (row->account_id);
  g_free (row->task_id);
  g_free (row->claim_id);
  g_free (row->idempotency_key);
  g_free (row->body);
  g_free (row->annotation);
  g_free (row->last_error);
  g_free (row->result_json);
  g_free (row);
}

PwOutboxUpdate *
pw_outbox_update_new (gint64         id,
                      PwOutboxState  state,
                      guint          attempts,
                      gint64         next_attempt_at,
                      const char    *last_error,
                      const char    *result_json)
{
  PwOutboxUpdate *update = g_new0 (PwOutboxUpdate, 1);

  update->id = id;
  update->state = state;
  update->attempts = attempts;
  update->next_attempt_at = next_attempt_at;
  update->last_error = g_strdup (last_error);
  update->result_json = g_strdup (result_json);

  return update;
}

void
pw_outbox_update_free (PwOutboxUpdate *update)
{
  if (update == NULL)
    return;

  g_free (update->last_error);
  g_free (update->result_json);
  g_free (update);
}

/* Writes, on the writer thread */

/* The task's state that follows its submission's; %FALSE when the task
 * stays as it is. */
gboolean
_pw_store_outbox_task_state_for (PwOutboxState  state,
                                 PwTaskState   *task_state)
{
  switch (state)
    {
    case PW_OUTBOX_DONE:
      *task_state = PW_TASK_STATE_SYNCED;
      return TRUE;
    case PW_OUTBOX_CONFLICT:
      *task_state = PW_TASK_STATE_CONFLICT;
      return TRUE;
    case PW_OUTBOX_EXPIRED:
      *task_state = PW_TASK_STATE_EXPIRED;
      return TRUE;
    case PW_OUTBOX_REASSIGNED:
      *task_state = PW_TASK_STATE_REASSIGNED;
      return TRUE;
    case PW_OUTBOX_PENDING:
    case PW_OUTBOX_SENDING:
    case PW_OUTBOX_REJECTED_BAD_REQUEST:
    default:
      return FALSE;
    }
}

/**
 * _pw_store_db_apply_outbox:
 * @db: the writer's connection, inside a transaction
 * @op: a write of the outbox
 * @error: return location for a #GError
 *
 * Returns: %TRUE when @op is applied
 */
gboolean
_pw_store_db_apply_outbox (sqlite3         *db,
                           const PwStoreOp *op,
                           GError         **error)
{
  switch (op->kind)
    {
    case PW_STORE_OP_QUEUE_SUBMISSION:
      return _pw_store_outbox_apply_queue_submission (db, op->data, op->time, error);
    case PW_STORE_OP_MARK_SENDING:
      return _pw_store_outbox_apply_mark_sending (db, op->data, error);
    case PW_STORE_OP_RESET_SENDING:
      return pw_store_db_exec (db, "UPDATE submissions SET state = 'pending' "
                                   "WHERE state = 'sending'", error);
    case PW_STORE_OP_UPDATE_SUBMISSIONS:
      return _pw_store_outbox_apply_update_submissions (db, op->data, op->time, error);
    default:
      g_set_error (error, PW_ERROR, PW_ERROR_FAILED, _("Could not save your work"));
      return FALSE;
    }
}

/* Reads, on the read connection */

PwOutboxRow *
_pw_store_outbox_read_row (sqlite3_stmt *stmt)
{
  PwOutboxRow *row = g_new0 (PwOutboxRow, 1);

  row->id = sqlite3_column_int64 (stmt, 0);
  row->account_id = pw_store_db_dup_column (stmt, 1);
  row->task_id = pw_store_db_dup_column (stmt, 2);
  row->claim_id = pw_store_db_dup_column (stmt, 3);
  row->idempotency_key = pw_store_db_dup_column (stmt, 4);
  row->body = pw_store_db_dup_column (stmt, 5);
  row->annotation = pw_store_db_dup_column (stmt, 6);
  /* The CHECK on the column keeps out names not known here. */
  if (!pw_outbox_state_from_string ((const char *) sqlite3_column_text (stmt, 7), &row->state))
    g_assert_not_reached ();
  row->attempts = (guint) sqlite3_column_int64 (stmt, 8);
  row->next_attempt_at = sqlite3_column_int64 (stmt, 9);
  row->last_error = pw_store_db_dup_column (stmt, 10);
  row->created_at = sqlite3_column_int64 (stmt, 11);
  row->result_json = pw_store_db_dup_column (stmt, 12);

  return row;
}

GPtrArray *
_pw_store_outbox_read_rows (sqlite3      *db,
                            sqlite3_stmt *stmt,
                            GError      **error)
{
  g_autoptr (GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) pw_outbox_row_free);
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (rows, _pw_store_outbox_read_row (stmt));

  if (rc != SQLITE_DONE)
    {
      pw_store_db_set_error (error, db, rc, _("Could not read the submissions waiting to be sent"));
      return NULL;
    }
  return g_steal_pointer (&rows);
}

/* Reads on a thread, for the main thread */

static void
read_args_free (gpointer data)
{
  PwStoreOutboxRead *args = data;

  g_free (args->account_id);
  g_free (args);
}

GTask *
_pw_store_outbox_new_read (PwStore            *self,
                           const char         *account_id,
                           gint64              now,
                           guint               limit,
                           gpointer            source_tag,
                           GCancellable       *cancellable,
                           GAsyncReadyCallback callback,
                           gpointer            user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  PwStoreOutboxRead *args = g_new0 (PwStoreOutboxRead, 1);

  args->account_id = g_strdup (account_id);
  args->now = now;
  args->limit = limit;
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, args, read_args_free);
  g_task_set_return_on_cancel (task, TRUE);
  return task;
}
