/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n-lib.h>

#include "pw-store-outbox-private.h"
#include "pw-store-private.h"
#include "pw-store-tasks.h"

/* Queuing a submission in the outbox of PwStore: the task becomes
 * submitted and its submission joins the outbox in one transaction, with
 * the body and Idempotency-Key every try will send. */

/* Writes, on the writer thread */

static void
outbox_entry_free (gpointer data)
{
  PwStoreOutboxEntry *entry = data;

  g_free (entry->account_id);
  g_free (entry->task_id);
  g_free (entry->claim_id);
  g_free (entry->key);
  g_free (entry->body);
  g_free (entry->annotation);
  g_free (entry);
}

static gboolean
set_task_state (sqlite3     *db,
                const char  *account_id,
                const char  *task_id,
                PwTaskState  state,
                gint64       time,
                GError     **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;

  stmt = pw_store_db_prepare (db, "UPDATE tasks SET state = ?3, updated_at = ?4 "
                                  "WHERE account_id = ?1 AND task_id = ?2", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, account_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, task_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, pw_task_state_to_string (state), -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 4, time);

  return pw_store_db_step_done (db, stmt, error);
}

/* The task is marked submitted and its submission queued together: after a
 * crash there is either both or neither. A draft of the task is left as it
 * is, so the work stays visible until the marketplace holds it.
 *
 * A task has one submission and one key. When it has one already that the
 * marketplace holds or may hold (a task id handed out again, a second
 * Submit), nothing is queued: a new key would be a second submission,
 * answered 409 already_submitted and filed as a conflict although the
 * marketplace has the work. The new work stays in the task's draft. */
gboolean
_pw_store_outbox_apply_queue_submission (sqlite3                  *db,
                                         const PwStoreOutboxEntry *entry,
                                         gint64                    time,
                                         GError                  **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autoptr (sqlite3_stmt) existing = NULL;
  int rc;

  existing = pw_store_db_prepare (db, PW_STORE_SQL_HELD_SUBMISSION "ORDER BY s.id DESC LIMIT 1", error);
  if (existing == NULL)
    return FALSE;
  sqlite3_bind_text (existing, 1, entry->account_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (existing, 2, entry->task_id, -1, SQLITE_STATIC);
  rc = sqlite3_step (existing);
  if (rc == SQLITE_ROW)
    {
      PwOutboxState state = PW_OUTBOX_PENDING;
      PwTaskState task_state = PW_TASK_STATE_SUBMITTED;

      pw_outbox_state_from_string ((const char *) sqlite3_column_text (existing, 0), &state);
      _pw_store_outbox_task_state_for (state, &task_state);
      g_debug ("Task %s has a submission already; nothing more is queued for it",
               entry->task_id);
      return set_task_state (db, entry->account_id, entry->task_id, task_state, time, error);
    }
  if (rc != SQLITE_DONE)
    {
      pw_store_db_set_error (error, db, rc, _("Could not save your work"));
      return FALSE;
    }

  if (!set_task_state (db, entry->account_id, entry->task_id, PW_TASK_STATE_SUBMITTED, time,
                       error))
    return FALSE;

  stmt = pw_store_db_prepare (db, "INSERT INTO submissions (account_id, task_id, claim_id, "
                                  "idempotency_key, body, annotation, state, attempts, "
                                  "next_attempt_at, created_at) "
                                  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'pending', 0, ?7, ?7)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, entry->account_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, entry->task_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, entry->claim_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, entry->key, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, entry->body, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, entry->annotation, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 7, time);

  return pw_store_db_step_done (db, stmt, error);
}

static void
push_entry (PwStore            *self,
            PwStoreOpKind       kind,
            PwStoreOutboxEntry *entry)
{
  PwStoreOp *op = _pw_store_op_new (kind, NULL, NULL, 0);

  op->data = entry;
  op->data_free = outbox_entry_free;
  _pw_store_writer_push (_pw_store_get_writer (self), op);
}

/* Writes */

/**
 * pw_store_queue_submission:
 * @self: a #PwStore
 * @account_id: the account
 * @task_id: the task
 * @claim_id: the claim that holds it
 * @idempotency_key: made once, with pw_market_new_idempotency_key(), and
 *   sent with every try
 * @body: the exact JSON body to send
 * @annotation_snapshot: (nullable): the annotation as submitted, kept for
 *   export whatever becomes of the submission
 *
 * Submits the worker's work: in one transaction the task becomes
 * `submitted` and its submission joins the outbox, `pending`. A draft of
 * the task is kept. Returns at once; the sync worker sends it.
 */
void
pw_store_queue_submission (PwStore    *self,
                           const char *account_id,
                           const char *task_id,
                           const char *claim_id,
                           const char *idempotency_key,
                           const char *body,
                           const char *annotation_snapshot)
{
  PwStoreOutboxEntry *entry;

  g_return_if_fail (PW_IS_STORE (self));
  g_return_if_fail (account_id != NULL && task_id != NULL && claim_id != NULL);
  g_return_if_fail (idempotency_key != NULL && *idempotency_key != '\0');
  g_return_if_fail (body != NULL);

  entry = g_new0 (PwStoreOutboxEntry, 1);
  entry->account_id = g_strdup (account_id);
  entry->task_id = g_strdup (task_id);
  entry->claim_id = g_strdup (claim_id);
  entry->key = g_strdup (idempotency_key);
  entry->body = g_strdup (body);
  entry->annotation = g_strdup (annotation_snapshot);
  push_entry (self, PW_STORE_OP_QUEUE_SUBMISSION, entry);
}
