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
 * some have an _async() twin that runs them on a thread. */

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

/* The task's state that follows its submission's; %FALSE when the task
 * stays as it is. */
static gboolean
task_state_for (PwOutboxState  state,
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
      task_state_for (state, &task_state);
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
      PwTaskState task_state;

      sqlite3_reset (stmt);
      sqlite3_bind_int64 (stmt, 1, update->id);
      sqlite3_bind_text (stmt, 2, pw_outbox_state_to_string (update->state), -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 3, update->attempts);
      sqlite3_bind_int64 (stmt, 4, update->next_attempt_at);
      sqlite3_bind_text (stmt, 5, update->last_error, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 6, update->result_json, -1, SQLITE_STATIC);
      if (!pw_store_db_step_done (db, stmt, error))
        return FALSE;

      if (!task_state_for (update->state, &task_state) || sqlite3_changes (db) == 0)
        continue;
      sqlite3_reset (task);
      sqlite3_bind_int64 (task, 1, update->id);
      sqlite3_bind_text (task, 2, pw_task_state_to_string (task_state), -1, SQLITE_STATIC);
      sqlite3_bind_int64 (task, 3, time);
      if (!pw_store_db_step_done (db, task, error))
        return FALSE;
    }
  return TRUE;
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

/* Writes */

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

/**
 * pw_store_mark_sending:
 * @self: a #PwStore
 * @ids: (element-type gint64): rows about to be sent
 *
 * Marks pending rows as being sent, all in one transaction.
 */
void
pw_store_mark_sending (PwStore *self,
                       GArray  *ids)
{
  PwStoreOp *op;

  g_return_if_fail (PW_IS_STORE (self));
  g_return_if_fail (ids != NULL);

  op = _pw_store_op_new (PW_STORE_OP_MARK_SENDING, NULL, NULL, 0);
  op->data = g_array_ref (ids);
  op->data_free = (GDestroyNotify) g_array_unref;
  _pw_store_writer_push (_pw_store_get_writer (self), op);
}

/**
 * pw_store_reset_sending:
 * @self: a #PwStore
 *
 * Makes every row left `sending` pending again: at start-up they are rows
 * whose request was cut short by a crash, and they go again with their key.
 */
void
pw_store_reset_sending (PwStore *self)
{
  g_return_if_fail (PW_IS_STORE (self));

  _pw_store_writer_push (_pw_store_get_writer (self),
                         _pw_store_op_new (PW_STORE_OP_RESET_SENDING, NULL, NULL, 0));
}

/**
 * pw_store_update_submissions:
 * @self: a #PwStore
 * @updates: (element-type PwOutboxUpdate): what became of some rows
 *
 * Records the outcome of rows, all in one transaction; the tasks follow
 * (done makes its task `synced`, a final state its namesake). Rows already
 * in a final state are left alone.
 */
void
pw_store_update_submissions (PwStore   *self,
                             GPtrArray *updates)
{
  PwStoreOp *op;

  g_return_if_fail (PW_IS_STORE (self));
  g_return_if_fail (updates != NULL);

  op = _pw_store_op_new (PW_STORE_OP_UPDATE_SUBMISSIONS, NULL, NULL, 0);
  op->data = g_ptr_array_ref (updates);
  op->data_free = (GDestroyNotify) g_ptr_array_unref;
  _pw_store_writer_push (_pw_store_get_writer (self), op);
}

/* Reads, on the read connection */

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

/* The pending rows of @account_id whose time has come by @now, oldest
 * first, at most @limit of them, or %NULL on error. */
static GPtrArray *
read_due (sqlite3    *db,
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

/* The accounts with rows pending or sending. */
static GStrv
read_outbox_accounts (sqlite3 *db,
                      GError **error)
{
  return pw_store_db_read_strv (db, "SELECT DISTINCT account_id FROM submissions "
                                    "WHERE state IN ('pending', 'sending') ORDER BY account_id",
                                _("Could not read the submissions waiting to be sent"), error);
}

/* Sets *@next_attempt_at to when the first pending row of @account_id may
 * be sent, or to %G_MAXINT64 when none is pending. */
static gboolean
read_next_attempt (sqlite3    *db,
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

/* The row with @key, or %NULL, with *@found %FALSE when there is none. */
static PwOutboxRow *
read_submission (sqlite3    *db,
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

/* The rows that ended in a state other than done, newest first: the work
 * the marketplace did not take. */
static GPtrArray *
read_final (sqlite3 *db,
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

/* Counts the rows pending or sending of @account_id, or of all accounts
 * when it is %NULL. */
static gboolean
read_count_waiting (sqlite3    *db,
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

/* Reads that wait for the disk: for threads and tests */

/**
 * pw_store_list_due_submissions:
 * @self: a #PwStore
 * @account_id: the account
 * @now: the time, in microseconds since 1970
 * @limit: the most rows to return
 * @error: return location for a #GError
 *
 * Waits for the disk: for threads and tests.
 *
 * Returns: (transfer full) (element-type PwOutboxRow): the pending rows
 *   whose time has come, oldest first, or %NULL on error
 */
GPtrArray *
pw_store_list_due_submissions (PwStore    *self,
                               const char *account_id,
                               gint64      now,
                               guint       limit,
                               GError    **error)
{
  sqlite3 *db;
  GPtrArray *rows;

  g_return_val_if_fail (PW_IS_STORE (self), NULL);
  g_return_val_if_fail (account_id != NULL, NULL);

  if ((db = pw_store_acquire_reader_synced (self, error)) == NULL)
    return NULL;
  rows = read_due (db, account_id, now, limit, error);
  pw_store_release_reader (self);
  return rows;
}

/**
 * pw_store_list_outbox_accounts:
 *
 * Returns: (transfer full): the accounts with rows pending or sending, or
 *   %NULL on error
 */
GStrv
pw_store_list_outbox_accounts (PwStore *self,
                               GError **error)
{
  sqlite3 *db;
  GStrv ids;

  g_return_val_if_fail (PW_IS_STORE (self), NULL);

  if ((db = pw_store_acquire_reader_synced (self, error)) == NULL)
    return NULL;
  ids = read_outbox_accounts (db, error);
  pw_store_release_reader (self);
  return ids;
}

/**
 * pw_store_get_next_attempt:
 * @next_attempt_at: (out): when the first pending row of @account_id may
 *   be sent, or %G_MAXINT64 when none is pending
 *
 * Returns: %TRUE on success
 */
gboolean
pw_store_get_next_attempt (PwStore    *self,
                           const char *account_id,
                           gint64     *next_attempt_at,
                           GError    **error)
{
  sqlite3 *db;
  gboolean ok;

  g_return_val_if_fail (PW_IS_STORE (self), FALSE);
  g_return_val_if_fail (account_id != NULL && next_attempt_at != NULL, FALSE);

  if ((db = pw_store_acquire_reader_synced (self, error)) == NULL)
    return FALSE;
  ok = read_next_attempt (db, account_id, next_attempt_at, error);
  pw_store_release_reader (self);
  return ok;
}

/**
 * pw_store_get_submission:
 *
 * Returns: (transfer full) (nullable): the row with @idempotency_key, or
 *   %NULL, with @error unset when there is none
 */
PwOutboxRow *
pw_store_get_submission (PwStore    *self,
                         const char *idempotency_key,
                         GError    **error)
{
  sqlite3 *db;
  PwOutboxRow *row;
  gboolean found;

  g_return_val_if_fail (PW_IS_STORE (self), NULL);
  g_return_val_if_fail (idempotency_key != NULL, NULL);

  if ((db = pw_store_acquire_reader_synced (self, error)) == NULL)
    return NULL;
  row = read_submission (db, idempotency_key, &found, error);
  pw_store_release_reader (self);
  return row;
}

/**
 * pw_store_list_final_submissions:
 *
 * Returns: (transfer full) (element-type PwOutboxRow): the rows the
 *   marketplace did not take (conflict, expired, reassigned, rejected),
 *   newest first, each with its work; %NULL on error
 */
GPtrArray *
pw_store_list_final_submissions (PwStore *self,
                                 GError **error)
{
  sqlite3 *db;
  GPtrArray *rows;

  g_return_val_if_fail (PW_IS_STORE (self), NULL);

  if ((db = pw_store_acquire_reader_synced (self, error)) == NULL)
    return NULL;
  rows = read_final (db, error);
  pw_store_release_reader (self);
  return rows;
}

/**
 * pw_store_count_waiting_submissions:
 * @account_id: (nullable): one account, or %NULL for all
 * @n_waiting: (out): the rows pending or sending
 *
 * Returns: %TRUE on success
 */
gboolean
pw_store_count_waiting_submissions (PwStore    *self,
                                    const char *account_id,
                                    guint      *n_waiting,
                                    GError    **error)
{
  sqlite3 *db;
  gboolean ok;

  g_return_val_if_fail (PW_IS_STORE (self), FALSE);
  g_return_val_if_fail (n_waiting != NULL, FALSE);

  if ((db = pw_store_acquire_reader_synced (self, error)) == NULL)
    return FALSE;
  ok = read_count_waiting (db, account_id, n_waiting, error);
  pw_store_release_reader (self);
  return ok;
}

/* Reads on a thread, for the main thread */

typedef struct
{
  char   *account_id;
  gint64  now;
  guint   limit;
} ReadArgs;

static void
read_args_free (gpointer data)
{
  ReadArgs *args = data;

  g_free (args->account_id);
  g_free (args);
}

static GTask *
new_read (PwStore            *self,
          const char         *account_id,
          gint64              now,
          guint               limit,
          gpointer            source_tag,
          GCancellable       *cancellable,
          GAsyncReadyCallback callback,
          gpointer            user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  ReadArgs *args = g_new0 (ReadArgs, 1);

  args->account_id = g_strdup (account_id);
  args->now = now;
  args->limit = limit;
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, args, read_args_free);
  g_task_set_return_on_cancel (task, TRUE);
  return task;
}

static void
count_waiting_thread (GTask        *task,
                      gpointer      source_object,
                      gpointer      task_data,
                      GCancellable *cancellable)
{
  ReadArgs *args = task_data;
  GError *error = NULL;
  guint n_waiting = 0;

  if (pw_store_count_waiting_submissions (source_object, args->account_id, &n_waiting, &error))
    g_task_return_int (task, n_waiting);
  else
    g_task_return_error (task, error);
}

/**
 * pw_store_count_waiting_submissions_async:
 * @self: a #PwStore
 * @account_id: (nullable): one account, or %NULL for all
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the count
 * @user_data: data for @callback
 *
 * Counts the submissions waiting to be sent, on a thread.
 */
void
pw_store_count_waiting_submissions_async (PwStore            *self,
                                          const char         *account_id,
                                          GCancellable       *cancellable,
                                          GAsyncReadyCallback callback,
                                          gpointer            user_data)
{
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (PW_IS_STORE (self));

  task = new_read (self, account_id, 0, 0, pw_store_count_waiting_submissions_async,
                   cancellable, callback, user_data);
  g_task_run_in_thread (task, count_waiting_thread);
}

/**
 * pw_store_count_waiting_submissions_finish:
 * @n_waiting: (out): the rows pending or sending
 *
 * Returns: %TRUE on success
 */
gboolean
pw_store_count_waiting_submissions_finish (PwStore      *self,
                                           GAsyncResult *result,
                                           guint        *n_waiting,
                                           GError      **error)
{
  gssize count;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        pw_store_count_waiting_submissions_async, FALSE);

  count = g_task_propagate_int (G_TASK (result), error);
  if (count < 0)
    return FALSE;
  *n_waiting = (guint) count;
  return TRUE;
}

static void
list_final_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  GError *error = NULL;
  GPtrArray *rows = pw_store_list_final_submissions (source_object, &error);

  if (rows == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, rows, (GDestroyNotify) g_ptr_array_unref);
}

/**
 * pw_store_list_final_submissions_async:
 * @self: a #PwStore
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the rows
 * @user_data: data for @callback
 *
 * Lists, on a thread, the work the marketplace did not take. See
 * pw_store_list_final_submissions().
 */
void
pw_store_list_final_submissions_async (PwStore            *self,
                                       GCancellable       *cancellable,
                                       GAsyncReadyCallback callback,
                                       gpointer            user_data)
{
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (PW_IS_STORE (self));

  task = new_read (self, NULL, 0, 0, pw_store_list_final_submissions_async,
                   cancellable, callback, user_data);
  g_task_run_in_thread (task, list_final_thread);
}

/**
 * pw_store_list_final_submissions_finish:
 *
 * Returns: (transfer full) (element-type PwOutboxRow): the rows, or %NULL
 */
GPtrArray *
pw_store_list_final_submissions_finish (PwStore      *self,
                                        GAsyncResult *result,
                                        GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        pw_store_list_final_submissions_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
list_due_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  ReadArgs *args = task_data;
  GError *error = NULL;
  GPtrArray *rows = pw_store_list_due_submissions (source_object, args->account_id, args->now,
                                                   args->limit, &error);

  if (rows == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, rows, (GDestroyNotify) g_ptr_array_unref);
}

/**
 * pw_store_list_due_submissions_async:
 * @self: a #PwStore
 * @account_id: the account
 * @now: the time, in microseconds since 1970
 * @limit: the most rows to return
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the rows
 * @user_data: data for @callback
 *
 * Lists, on a thread, the rows to send. See pw_store_list_due_submissions().
 */
void
pw_store_list_due_submissions_async (PwStore            *self,
                                     const char         *account_id,
                                     gint64              now,
                                     guint               limit,
                                     GCancellable       *cancellable,
                                     GAsyncReadyCallback callback,
                                     gpointer            user_data)
{
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (PW_IS_STORE (self));
  g_return_if_fail (account_id != NULL);

  task = new_read (self, account_id, now, limit, pw_store_list_due_submissions_async,
                   cancellable, callback, user_data);
  g_task_run_in_thread (task, list_due_thread);
}

/**
 * pw_store_list_due_submissions_finish:
 *
 * Returns: (transfer full) (element-type PwOutboxRow): the rows, or %NULL
 */
GPtrArray *
pw_store_list_due_submissions_finish (PwStore      *self,
                                      GAsyncResult *result,
                                      GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        pw_store_list_due_submissions_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
