/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n-lib.h>

#include "pw-error.h"
#include "pw-store-outbox-private.h"
#include "pw-store-private.h"

/* The writes of the outbox, run by the writer thread inside the transaction
 * that pw_store_db_apply() opens. */

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

void
pw_store_account_free (PwStoreAccount *account)
{
  if (account == NULL)
    return;

  g_free (account->id);
  g_free (account->name);
  g_free (account->base_url);
  g_free (account);
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

void
pw_store_outbox_entry_free (gpointer data)
{
  PwStoreOutboxEntry *entry = data;

  g_free (entry->account_id);
  g_free (entry->task_id);
  g_free (entry->claim_id);
  g_free (entry->project_id);
  g_free (entry->kind);
  g_free (entry->currency);
  g_free (entry->media_file);
  g_free (entry->task_json);
  g_free (entry->key);
  g_free (entry->body);
  g_free (entry->annotation);
  g_free (entry->name);
  g_free (entry->base_url);
  g_free (entry);
}

static gboolean
apply_add_account (sqlite3                  *db,
                   const PwStoreOutboxEntry *entry,
                   gint64                    time,
                   GError                  **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;

  stmt = pw_store_db_prepare (db, "INSERT INTO accounts (id, name, base_url, created_at) "
                                  "VALUES (?1, ?2, ?3, ?4) ON CONFLICT (id) DO UPDATE SET "
                                  "name = excluded.name, base_url = excluded.base_url", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, entry->account_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, entry->name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, entry->base_url, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 4, time);

  return pw_store_db_step_done (db, stmt, error);
}

/* The submission of task ?2 of account ?1 that its marketplace holds or
 * may hold: sent or about to be, taken, or refused because it holds
 * another (409 already_submitted, 422), since the marketplace last started
 * over (accounts.restarted_at). */
#define HELD_SUBMISSION \
  "SELECT s.state FROM submissions s WHERE s.account_id = ?1 AND s.task_id = ?2 " \
  "AND s.state IN ('pending', 'sending', 'done', 'conflict') " \
  "AND s.created_at >= coalesce ((SELECT a.restarted_at FROM accounts a WHERE a.id = ?1), 0) "

static gboolean
apply_add_task (sqlite3                  *db,
                const PwStoreOutboxEntry *entry,
                gint64                    time,
                GError                  **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;

  /* A task claimed again under a new claim starts over, unless the
   * marketplace holds, or may hold, its submission already: a task id
   * handed out again is not work to do twice (see apply_queue_submission()). */
  stmt = pw_store_db_prepare (db, "INSERT INTO tasks (account_id, task_id, claim_id, project_id, "
                                  "kind, pay_micro, currency, lease_expires_at, media_file, "
                                  "task_json, state, updated_at, claimed_at) "
                                  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, 'claimed', ?11, ?11) "
                                  "ON CONFLICT (account_id, task_id) DO UPDATE SET "
                                  "claim_id = excluded.claim_id, project_id = excluded.project_id, "
                                  "kind = excluded.kind, pay_micro = excluded.pay_micro, "
                                  "currency = excluded.currency, "
                                  "lease_expires_at = excluded.lease_expires_at, "
                                  "media_file = excluded.media_file, task_json = excluded.task_json, "
                                  "state = 'claimed', updated_at = excluded.updated_at, "
                                  "claimed_at = excluded.claimed_at "
                                  "WHERE NOT EXISTS (" HELD_SUBMISSION ")", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, entry->account_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, entry->task_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, entry->claim_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, entry->project_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, entry->kind, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 6, entry->pay_micro);
  sqlite3_bind_text (stmt, 7, entry->currency, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 8, entry->lease_expires_at);
  sqlite3_bind_text (stmt, 9, entry->media_file, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 10, entry->task_json, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 11, time);

  return pw_store_db_step_done (db, stmt, error);
}

static gboolean
set_task_state (sqlite3    *db,
                const char *account_id,
                const char *task_id,
                const char *state,
                gint64      time,
                GError    **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;

  stmt = pw_store_db_prepare (db, "UPDATE tasks SET state = ?3, updated_at = ?4 "
                                  "WHERE account_id = ?1 AND task_id = ?2", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, account_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, task_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, state, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 4, time);

  return pw_store_db_step_done (db, stmt, error);
}

/* The task's state that follows its submission's. */
static const char *
task_state_for (PwOutboxState state)
{
  switch (state)
    {
    case PW_OUTBOX_DONE:
      return "synced";
    case PW_OUTBOX_CONFLICT:
      return "conflict";
    case PW_OUTBOX_EXPIRED:
      return "expired";
    case PW_OUTBOX_REASSIGNED:
      return "reassigned";
    case PW_OUTBOX_PENDING:
    case PW_OUTBOX_SENDING:
    case PW_OUTBOX_REJECTED_BAD_REQUEST:
    default:
      return NULL;
    }
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
static gboolean
apply_queue_submission (sqlite3                  *db,
                        const PwStoreOutboxEntry *entry,
                        gint64                    time,
                        GError                  **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autoptr (sqlite3_stmt) existing = NULL;
  int rc;

  existing = pw_store_db_prepare (db, HELD_SUBMISSION "ORDER BY s.id DESC LIMIT 1", error);
  if (existing == NULL)
    return FALSE;
  sqlite3_bind_text (existing, 1, entry->account_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (existing, 2, entry->task_id, -1, SQLITE_STATIC);
  rc = sqlite3_step (existing);
  if (rc == SQLITE_ROW)
    {
      PwOutboxState state = PW_OUTBOX_PENDING;
      const char *task_state;

      pw_outbox_state_from_string ((const char *) sqlite3_column_text (existing, 0), &state);
      task_state = task_state_for (state);
      g_debug ("Task %s has a submission already; nothing more is queued for it",
               entry->task_id);
      return set_task_state (db, entry->account_id, entry->task_id,
                             task_state != NULL ? task_state : "submitted", time, error);
    }
  if (rc != SQLITE_DONE)
    {
      pw_store_db_set_error (error, db, rc, _("Could not save your work"));
      return FALSE;
    }

  if (!set_task_state (db, entry->account_id, entry->task_id, "submitted", time, error))
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

static gboolean
apply_mark_sending (sqlite3  *db,
                    GArray   *ids,
                    GError  **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;

  stmt = pw_store_db_prepare (db, "UPDATE submissions SET state = 'sending' "
                                  "WHERE id = ?1 AND state = 'pending'", error);
  if (stmt == NULL)
    return FALSE;

  for (guint i = 0; i < ids->len; i++)
    {
      sqlite3_reset (stmt);
      sqlite3_bind_int64 (stmt, 1, g_array_index (ids, gint64, i));
      if (!pw_store_db_step_done (db, stmt, error))
        return FALSE;
    }
  return TRUE;
}

/* Many rows in one transaction: with synchronous=FULL a commit costs a sync
 * of the disk, and the worker finishes rows far faster than one per sync. A
 * row is only here once the marketplace answered; a crash before this
 * commits sends it again with the same key, which the marketplace answers
 * with its first receipt. Body and key are never touched. */
static gboolean
apply_update_submissions (sqlite3    *db,
                          GPtrArray  *updates,
                          gint64      time,
                          GError    **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autoptr (sqlite3_stmt) task = NULL;

  stmt = pw_store_db_prepare (db, "UPDATE submissions SET state = ?2, attempts = ?3, "
                                  "next_attempt_at = ?4, last_error = ?5, "
                                  "result_json = coalesce (?6, result_json) "
                                  "WHERE id = ?1 AND state IN ('pending', 'sending')", error);
  if (stmt == NULL)
    return FALSE;
  task = pw_store_db_prepare (db, "UPDATE tasks SET state = ?2, updated_at = ?3 "
                                  "WHERE (account_id, task_id) = "
                                  "(SELECT account_id, task_id FROM submissions WHERE id = ?1)",
                              error);
  if (task == NULL)
    return FALSE;

  for (guint i = 0; i < updates->len; i++)
    {
      const PwOutboxUpdate *update = updates->pdata[i];
      const char *task_state = task_state_for (update->state);

      sqlite3_reset (stmt);
      sqlite3_bind_int64 (stmt, 1, update->id);
      sqlite3_bind_text (stmt, 2, pw_outbox_state_to_string (update->state), -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 3, update->attempts);
      sqlite3_bind_int64 (stmt, 4, update->next_attempt_at);
      sqlite3_bind_text (stmt, 5, update->last_error, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 6, update->result_json, -1, SQLITE_STATIC);
      if (!pw_store_db_step_done (db, stmt, error))
        return FALSE;

      if (task_state == NULL || sqlite3_changes (db) == 0)
        continue;
      sqlite3_reset (task);
      sqlite3_bind_int64 (task, 1, update->id);
      sqlite3_bind_text (task, 2, task_state, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (task, 3, time);
      if (!pw_store_db_step_done (db, task, error))
        return FALSE;
    }
  return TRUE;
}

/**
 * pw_store_db_apply_outbox:
 * @db: the writer's connection, inside a transaction
 * @op: a write of the outbox
 * @error: return location for a #GError
 *
 * Returns: %TRUE when @op is applied
 */
gboolean
pw_store_db_apply_outbox (sqlite3         *db,
                          const PwStoreOp *op,
                          GError         **error)
{
  switch (op->kind)
    {
    case PW_STORE_OP_ADD_ACCOUNT:
      return apply_add_account (db, op->data, op->time, error);
    case PW_STORE_OP_ADD_TASK:
      return apply_add_task (db, op->data, op->time, error);
    case PW_STORE_OP_QUEUE_SUBMISSION:
      return apply_queue_submission (db, op->data, op->time, error);
    case PW_STORE_OP_MARK_SENDING:
      return apply_mark_sending (db, op->data, error);
    case PW_STORE_OP_RESET_SENDING:
      return pw_store_db_exec (db, "UPDATE submissions SET state = 'pending' "
                                   "WHERE state = 'sending'", error);
    case PW_STORE_OP_UPDATE_SUBMISSIONS:
      return apply_update_submissions (db, op->data, op->time, error);
    default:
      g_set_error (error, PW_ERROR, PW_ERROR_FAILED, _("Could not save your work"));
      return FALSE;
    }
}
