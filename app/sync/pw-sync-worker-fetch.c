/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include "pw-sync-worker-private.h"

/* How PwSyncWorker finds what to send: one read at a time ("a fetch")
 * takes the due rows of each account and marks them sending. A fetch first
 * pushes the answers gathered so far, and the store's reads wait for the
 * writes queued before them, so a fetch never sees a row whose answer it
 * has not recorded. With nothing to send, the worker sleeps until the
 * first backoff ends, or resolves its drains. */

#define FETCH_LIMIT 256

typedef struct
{
  gint64  now;
  guint   limit;
  GStrv   skip;
} FetchArgs;

typedef struct
{
  char      *account_id;
  GPtrArray *rows;
  gint64     next_attempt_at;
} Fetched;

typedef struct
{
  GPtrArray *accounts;   /* Fetched * */
  guint      n_waiting;
} FetchResult;

static void
fetch_args_free (gpointer data)
{
  FetchArgs *args = data;

  g_strfreev (args->skip);
  g_free (args);
}

static void
fetched_free (gpointer data)
{
  Fetched *fetched = data;

  g_free (fetched->account_id);
  g_clear_pointer (&fetched->rows, g_ptr_array_unref);
  g_free (fetched);
}

static void
fetch_result_free (gpointer data)
{
  FetchResult *result = data;

  g_ptr_array_unref (result->accounts);
  g_free (result);
}

static void
on_store_flushed (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr (GPtrArray) drains = user_data;
  g_autoptr (GError) error = NULL;

  pw_store_flush_finish (PW_STORE (source), result, &error);
  for (guint i = 0; i < drains->len; i++)
    {
      if (error != NULL)
        g_task_return_error (drains->pdata[i], g_error_copy (error));
      else
        g_task_return_boolean (drains->pdata[i], TRUE);
    }
}

/* Everything that could be sent is answered: once the answers are on the
 * disk, the drains are done. */
static void
resolve_drains (PwSyncWorker *self)
{
  GPtrArray *drains = self->drains;

  self->drains = g_ptr_array_new_with_free_func (g_object_unref);
  _pw_sync_worker_flush_batch (self);
  pw_store_flush_async (self->store, NULL, on_store_flushed, drains);
}

static gboolean
on_wake (gpointer data)
{
  PwSyncWorker *self = data;

  self->wake_id = 0;
  _pw_sync_worker_start_fetch (self, FALSE);
  return G_SOURCE_REMOVE;
}

/* With nothing in flight or ready: waits for the first row whose time
 * comes, or, with none that can be sent, is done. */
static void
settle (PwSyncWorker *self)
{
  GHashTableIter iter;
  PwSyncAccount *account;
  gint64 next = G_MAXINT64;
  gint64 wait_ms;

  if (self->fetching)
    return;

  g_hash_table_iter_init (&iter, self->accounts);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &account))
    {
      if (account->in_flight > 0 || !g_queue_is_empty (&account->ready))
        return;
      if (!account->paused && account->client != NULL)
        next = MIN (next, account->next_attempt_at);
    }

  g_clear_handle_id (&self->wake_id, g_source_remove);
  if (next == G_MAXINT64)
    {
      /* A drain waits for the media pass too; its end reads again. */
      if (self->drains->len > 0 && !self->media_running)
        resolve_drains (self);
      return;
    }
  if (!_pw_sync_worker_is_active (self))
    return;

  wait_ms = (next - _pw_sync_worker_now (self) + 999) / 1000;
  self->wake_id = g_timeout_add ((guint) CLAMP (wait_ms, 1, G_MAXINT32), on_wake, self);
}

static void
fetch_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  PwSyncWorker *self = source_object;
  FetchArgs *args = task_data;
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) ids = NULL;
  FetchResult *result = g_new0 (FetchResult, 1);

  result->accounts = g_ptr_array_new_with_free_func (fetched_free);
  ids = pw_store_list_outbox_accounts (self->store, &error);
  for (guint i = 0; ids != NULL && ids[i] != NULL && error == NULL; i++)
    {
      Fetched *fetched;

      if (g_strv_contains ((const char *const *) args->skip, ids[i]))
        continue;
      fetched = g_new0 (Fetched, 1);
      fetched->account_id = g_strdup (ids[i]);
      g_ptr_array_add (result->accounts, fetched);
      fetched->rows = pw_store_list_due_submissions (self->store, ids[i], args->now,
                                                     args->limit, &error);
      if (fetched->rows != NULL)
        pw_store_get_next_attempt (self->store, ids[i], &fetched->next_attempt_at, &error);
    }
  if (error == NULL)
    pw_store_count_waiting_submissions (self->store, NULL, &result->n_waiting, &error);

  if (error != NULL)
    {
      fetch_result_free (result);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_pointer (task, result, fetch_result_free);
}

static void
on_fetched (GObject      *source,
            GAsyncResult *res,
            gpointer      user_data)
{
  PwSyncWorker *self = PW_SYNC_WORKER (source);
  g_autoptr (GError) error = NULL;
  FetchResult *result = g_task_propagate_pointer (G_TASK (res), &error);
  GHashTableIter iter;
  PwSyncAccount *account;

  self->fetching = FALSE;
  if (result == NULL)
    {
      /* The store refused to read, such as on a full disk, which the
       * window already shows: say it once, then try again less and less
       * often rather than spin. */
      if (self->read_failures == 0)
        g_warning ("Could not read the outbox: %s", error->message);
      else
        g_debug ("Could not read the outbox: %s", error->message);
      self->read_failures = MIN (self->read_failures + 1, 6);
      if (_pw_sync_worker_is_active (self))
        self->wake_id = g_timeout_add_seconds (1u << (self->read_failures - 1), on_wake, self);
      return;
    }
  self->read_failures = 0;

  _pw_sync_worker_set_n_waiting (self, result->n_waiting);

  g_hash_table_iter_init (&iter, self->accounts);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &account))
    if (!account->paused && g_queue_is_empty (&account->ready))
      account->next_attempt_at = G_MAXINT64;

  for (guint i = 0; i < result->accounts->len && _pw_sync_worker_is_active (self); i++)
    {
      Fetched *fetched = result->accounts->pdata[i];
      g_autoptr (GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));

      account = _pw_sync_worker_ensure_account (self, fetched->account_id);
      account->next_attempt_at = fetched->next_attempt_at;
      if (account->paused || account->client == NULL)
        continue;

      for (guint j = 0; j < fetched->rows->len; j++)
        {
          PwOutboxRow *row = g_ptr_array_steal_index_fast (fetched->rows, j--);

          g_array_append_val (ids, row->id);
          g_queue_push_tail (&account->ready, row);
        }
      if (ids->len > 0)
        pw_store_mark_sending (self->store, ids);
    }
  fetch_result_free (result);

  g_hash_table_iter_init (&iter, self->accounts);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &account))
    {
      if (!g_queue_is_empty (&account->ready))
        _pw_sync_worker_pump (self, account);
    }

  if (self->fetch_again)
    {
      self->fetch_again = FALSE;
      _pw_sync_worker_start_fetch (self, FALSE);
      return;
    }
  settle (self);
}

void
_pw_sync_worker_start_fetch (PwSyncWorker *self,
             gboolean      probe)
{
  g_autoptr (GTask) task = NULL;
  g_autoptr (GStrvBuilder) skip = g_strv_builder_new ();
  FetchArgs *args;
  GHashTableIter iter;
  PwSyncAccount *account;

  if (!_pw_sync_worker_is_active (self))
    return;
  if (self->fetching)
    {
      self->fetch_again = TRUE;
      return;
    }

  g_clear_handle_id (&self->wake_id, g_source_remove);
  _pw_sync_worker_flush_batch (self);

  g_hash_table_iter_init (&iter, self->accounts);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &account))
    if (account->paused || !g_queue_is_empty (&account->ready))
      g_strv_builder_add (skip, account->id);

  args = g_new0 (FetchArgs, 1);
  /* A probe, when the network comes back, sends one row per account at
   * once rather than wait out the backoff of a network that was down; the
   * worker's "Send now" sends every row at once, whatever it waits for. */
  args->now = probe || self->send_now ? G_MAXINT64 : _pw_sync_worker_now (self);
  args->limit = probe && !self->send_now ? 1 : FETCH_LIMIT;
  args->skip = g_strv_builder_end (skip);
  self->send_now = FALSE;

  self->fetching = TRUE;
  task = g_task_new (self, NULL, on_fetched, NULL);
  g_task_set_source_tag (task, _pw_sync_worker_start_fetch);
  g_task_set_task_data (task, args, fetch_args_free);
  g_task_run_in_thread (task, fetch_thread);
}

/* Starts a round: rows left sending by a process that stopped mid-request
 * go back to pending first, once. */
void
_pw_sync_worker_kick (PwSyncWorker *self)
{
  if (!self->reset_done)
    {
      pw_store_reset_sending (self->store);
      self->reset_done = TRUE;
    }
  _pw_sync_worker_start_fetch (self, FALSE);
}

/* The network came back while offline: a hint only, worth one early try. */
void
_pw_sync_worker_probe (PwSyncWorker *self)
{
  if (self->offline && self->running && !self->fetching)
    _pw_sync_worker_start_fetch (self, TRUE);
}
