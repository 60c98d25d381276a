/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n-lib.h>

#include "pw-error.h"
#include "pw-json.h"
#include "pw-sync-worker-private.h"

/* How PwSyncWorker sends: each account sends at most
 * PW_SYNC_MAX_IN_FLIGHT rows at once, and what the marketplace answers is
 * gathered and written many rows per transaction. */

#define BATCH_MAX      256
#define FLUSH_DELAY_MS 20

typedef struct
{
  PwSyncWorker *self;
  char         *account_id;
  PwOutboxRow  *row;
} Sending;


void
_pw_sync_account_free (gpointer data)
{
  PwSyncAccount *account = data;

  g_free (account->id);
  g_clear_object (&account->client);
  g_queue_clear_full (&account->ready, (GDestroyNotify) pw_outbox_row_free);
  g_free (account);
}

gboolean
_pw_sync_worker_is_active (PwSyncWorker *self)
{
  return self->running || self->drains->len > 0;
}

/* Pushes the answers gathered so far to the store, in one transaction. */
void
_pw_sync_worker_flush_batch (PwSyncWorker *self)
{
  g_clear_handle_id (&self->flush_id, g_source_remove);
  if (self->batch->len == 0)
    return;

  pw_store_update_submissions (self->store, self->batch);
  g_ptr_array_unref (self->batch);
  self->batch = g_ptr_array_new_with_free_func ((GDestroyNotify) pw_outbox_update_free);
}

static gboolean
on_flush_timeout (gpointer data)
{
  PwSyncWorker *self = data;

  self->flush_id = 0;
  _pw_sync_worker_flush_batch (self);
  return G_SOURCE_REMOVE;
}

static void
add_update (PwSyncWorker   *self,
            PwOutboxUpdate *update)
{
  g_ptr_array_add (self->batch, update);
  if (self->batch->len >= BATCH_MAX)
    _pw_sync_worker_flush_batch (self);
  else if (self->flush_id == 0)
    self->flush_id = g_timeout_add (FLUSH_DELAY_MS, on_flush_timeout, self);
}

/* The row goes back to pending as it was, to be sent again with its key. */
static void
put_back (PwSyncWorker *self,
          PwOutboxRow  *row)
{
  add_update (self, pw_outbox_update_new (row->id, PW_OUTBOX_PENDING, row->attempts,
                                          row->next_attempt_at, row->last_error, NULL));
}

static void
put_back_ready (PwSyncWorker  *self,
                PwSyncAccount *account)
{
  PwOutboxRow *row;

  while ((row = g_queue_pop_head (&account->ready)) != NULL)
    {
      put_back (self, row);
      pw_outbox_row_free (row);
    }
}

PwSyncAccount *
_pw_sync_worker_ensure_account (PwSyncWorker *self,
                const char   *account_id)
{
  PwSyncAccount *account = g_hash_table_lookup (self->accounts, account_id);

  if (account == NULL)
    {
      account = g_new0 (PwSyncAccount, 1);
      account->id = g_strdup (account_id);
      account->next_attempt_at = G_MAXINT64;
      g_queue_init (&account->ready);
      g_hash_table_insert (self->accounts, account->id, account);
    }
  if (account->client == NULL)
    account->client = self->client_func (account_id, self->client_data);

  return account;
}

static void
finish_row (PwSyncWorker   *self,
            PwOutboxRow    *row,
            PwOutboxState   state,
            const char     *error_message,
            const char     *result_json)
{
  add_update (self, pw_outbox_update_new (row->id, state, row->attempts + 1, 0,
                                          error_message, result_json));
  if (self->n_waiting > 0)
    _pw_sync_worker_set_n_waiting (self, self->n_waiting - 1);
  _pw_sync_worker_emit_finished (self, row->idempotency_key, state);
}

/* Where an answer that is not a receipt leaves the row: a final state, or
 * PENDING to try again. */
static PwOutboxState
state_for_error (const GError *error)
{
  guint status;

  if (error->domain == PW_ERROR)
    {
      switch (error->code)
        {
        case PW_ERROR_CONFLICT:
        case PW_ERROR_IDEMPOTENCY_MISMATCH:
          return PW_OUTBOX_CONFLICT;
        case PW_ERROR_REASSIGNED:
          return PW_OUTBOX_REASSIGNED;
        case PW_ERROR_LEASE_EXPIRED:
          return PW_OUTBOX_EXPIRED;
        case PW_ERROR_BAD_REQUEST:
          return PW_OUTBOX_REJECTED_BAD_REQUEST;
        default:
          break;
        }
    }

  /* A refusal the contract gives no retry for (403, 404, 413): sending the
   * same body again cannot help, so it is kept for the worker to see. */
  status = error->domain == PW_ERROR ? pw_error_get_http_status (error) : 0;
  if (status >= 400 && status < 500 && status != 401 && status != 408 && status != 429)
    return PW_OUTBOX_REJECTED_BAD_REQUEST;

  return PW_OUTBOX_PENDING;
}

static void
retry_later (PwSyncWorker *self,
             PwOutboxRow  *row,
             const GError *error)
{
  double random = self->random_func (self->random_data);
  gint64 delay = pw_sync_backoff_delay (row->attempts, self->base_us, self->cap_us, random);
  gint64 retry_after = pw_error_get_retry_after (error);
  gint64 retry_after_us = retry_after >= 0 ? retry_after * G_USEC_PER_SEC : -1;

  /* Never before the marketplace asked. */
  delay = MAX (delay, retry_after_us);
  if (self->retry_hook != NULL)
    self->retry_hook (row->idempotency_key, row->attempts, delay, retry_after_us,
                      self->retry_data);

  add_update (self, pw_outbox_update_new (row->id, PW_OUTBOX_PENDING, row->attempts + 1,
                                          _pw_sync_worker_now (self) + delay,
                                          error->message, NULL));
}

static void
pause_account (PwSyncWorker  *self,
               PwSyncAccount *account,
               const GError  *error)
{
  gboolean was_paused = account->paused;

  account->paused = TRUE;
  put_back_ready (self, account);
  if (!was_paused)
    _pw_sync_worker_emit_paused (self, account->id, error);
}

static void
handle_error (PwSyncWorker  *self,
              PwSyncAccount *account,
              PwOutboxRow   *row,
              const GError  *error)
{
  PwOutboxState state;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      put_back (self, row);
      return;
    }

  _pw_sync_worker_set_offline (self, g_error_matches (error, PW_ERROR, PW_ERROR_NETWORK));

  if (g_error_matches (error, PW_ERROR, PW_ERROR_UNAUTHORIZED))
    {
      put_back (self, row);
      pause_account (self, account, error);
      return;
    }

  state = state_for_error (error);
  if (state == PW_OUTBOX_PENDING)
    retry_later (self, row, error);
  else
    finish_row (self, row, state, error->message, NULL);
}

static char *
receipt_to_json (PwSubmissionResult *result)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) root = NULL;
  gboolean approved = pw_submission_result_get_status (result) == PW_SUBMISSION_APPROVED;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "submission_id");
  json_builder_add_string_value (builder, pw_submission_result_get_id (result));
  json_builder_set_member_name (builder, "task_id");
  json_builder_add_string_value (builder, pw_submission_result_get_task_id (result));
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, approved ? "approved" : "pending_review");
  json_builder_set_member_name (builder, "replay");
  json_builder_add_boolean_value (builder, pw_submission_result_is_replay (result));
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);

  return pw_json_to_string (root, FALSE);
}

static void
on_submitted (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Sending *sending = user_data;
  PwSyncWorker *self = sending->self;
  g_autoptr (PwSubmissionResult) receipt = NULL;
  g_autoptr (GError) error = NULL;
  PwSyncAccount *account = g_hash_table_lookup (self->accounts, sending->account_id);

  receipt = pw_connector_submit_finish (PW_CONNECTOR (source), result, &error);
  g_assert (account != NULL && account->in_flight > 0);
  account->in_flight--;

  /* A receipt for another task says nothing of this one: the row waits
   * and goes again later, with its key, rather than pass for taken. */
  if (receipt != NULL
      && g_strcmp0 (pw_submission_result_get_task_id (receipt), sending->row->task_id) != 0)
    {
      g_set_error (&error, PW_ERROR, PW_ERROR_PROTOCOL,
                   _("The marketplace answered the submission of task %s with a receipt for "
                     "task %s. The work is kept here and sent again later."),
                   sending->row->task_id, pw_submission_result_get_task_id (receipt));
      g_clear_pointer (&receipt, pw_submission_result_unref);
    }

  if (receipt != NULL)
    {
      g_autofree char *json = receipt_to_json (receipt);

      _pw_sync_worker_set_offline (self, FALSE);
      finish_row (self, sending->row, PW_OUTBOX_DONE, NULL, json);
    }
  else
    {
      handle_error (self, account, sending->row, error);
    }

  _pw_sync_worker_pump (self, account);

  pw_outbox_row_free (sending->row);
  g_free (sending->account_id);
  g_free (sending);
  g_object_unref (self);
}

static void
send_row (PwSyncWorker  *self,
          PwSyncAccount *account,
          PwOutboxRow   *row)
{
  g_autoptr (PwSyncBody) body = NULL;
  g_autoptr (GError) error = NULL;
  Sending *sending;

  body = _pw_sync_body_parse (row->task_id, row->body, &error);
  if (body == NULL)
    {
      finish_row (self, row, PW_OUTBOX_REJECTED_BAD_REQUEST, error->message, NULL);
      pw_outbox_row_free (row);
      return;
    }

  account->in_flight++;
  account->max_in_flight = MAX (account->max_in_flight, account->in_flight);

  sending = g_new0 (Sending, 1);
  sending->self = g_object_ref (self);
  sending->account_id = g_strdup (account->id);
  sending->row = row;
  /* The queued text itself goes out, byte for byte: the body was read
   * back only to refuse a damaged one without sending it. */
  pw_connector_submit_async (account->client, row->task_id, row->idempotency_key,
                             row->body, self->cancellable, on_submitted, sending);
}

/* Sends what the account has ready, up to its share, and asks for more
 * once it has none; with nothing left anywhere, settles. */
void
_pw_sync_worker_pump (PwSyncWorker  *self,
      PwSyncAccount *account)
{
  if (!_pw_sync_worker_is_active (self))
    {
      put_back_ready (self, account);
      return;
    }

  while (!account->paused && account->in_flight < PW_SYNC_MAX_IN_FLIGHT
         && !g_queue_is_empty (&account->ready))
    send_row (self, account, g_queue_pop_head (&account->ready));

  if (g_queue_is_empty (&account->ready))
    _pw_sync_worker_start_fetch (self, FALSE);
}

/* Stops sending: requests in flight are cancelled and, like the rows
 * ready to go, return to pending with their key. */
void
_pw_sync_worker_halt (PwSyncWorker *self)
{
  GHashTableIter iter;
  PwSyncAccount *account;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  g_clear_handle_id (&self->wake_id, g_source_remove);

  g_hash_table_iter_init (&iter, self->accounts);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &account))
    put_back_ready (self, account);
  _pw_sync_worker_flush_batch (self);
  _pw_sync_worker_halt_media (self);
}

/**
 * pw_sync_worker_resume_account:
 * @self: a #PwSyncWorker
 * @account_id: an account paused by #PwSyncWorker::account-paused
 *
 * Sends the account's rows again, such as once the worker gave a new
 * token. The client is asked for anew.
 */
void
pw_sync_worker_resume_account (PwSyncWorker *self,
                               const char   *account_id)
{
  PwSyncAccount *account;

  g_return_if_fail (PW_IS_SYNC_WORKER (self));
  g_return_if_fail (account_id != NULL);

  /* Its client may be new: the media it could not download come now. */
  _pw_sync_worker_fetch_media (self);
  account = g_hash_table_lookup (self->accounts, account_id);
  if (account == NULL)
    return;
  account->paused = FALSE;
  g_clear_object (&account->client);
  account->client = self->client_func (account_id, self->client_data);
  _pw_sync_worker_kick (self);
}

guint
_pw_sync_worker_get_max_in_flight (PwSyncWorker *self,
                                   const char   *account_id)
{
  PwSyncAccount *account = g_hash_table_lookup (self->accounts, account_id);

  return account != NULL ? account->max_in_flight : 0;
}
