/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <string.h>

#include "pw-json.h"
#include "pw-paths.h"
#include "pw-sync-worker-private.h"
#include "pw-task-media.h"

/* Media that never came: a claim cut short by a dead network, or a
 * download that failed, leaves claimed tasks without their media. Each
 * sync (the worker's start, "Sync now", the network coming back, an
 * account's client given again, a drain) looks for them and downloads
 * them, so the queue is whole and ready offline after it, without
 * waiting for the worker to open each task.
 *
 * The downloads are those of pw-task-media.c, one per task, shared with
 * a claim or an opened task that wants the same media. A few run at
 * once, beside the outbox's requests and never ahead of them in the
 * worker's mind: the outbox is read and sent as before, and the account's
 * turns (PW_MARKET_MAX_IN_FLIGHT) are shared in order. A download that
 * fails leaves its task as it is, is reported with
 * #PwSyncWorker::media-failed, and is tried again at the next sync. A
 * drain ends once both the outbox and this pass are done. Stopping the
 * worker stops the pass. */

/* Downloads of the pass at once, all accounts together: fewer than an
 * account's places, so its submissions still go. */
#define MEDIA_AT_ONCE 2

typedef struct
{
  PwStoreTask *task;
  PwMedia     *media;
} Missing;

static void
missing_free (gpointer data)
{
  Missing *missing = data;

  pw_store_task_free (missing->task);
  pw_media_unref (missing->media);
  g_free (missing);
}

/* The media a stored task came with, if any. */
static PwMedia *
media_of (const PwStoreTask *task)
{
  g_autoptr (JsonNode) node = NULL;
  g_autoptr (PwTask) parsed = NULL;

  if (task->task_json == NULL
      || (node = pw_json_parse (task->task_json, strlen (task->task_json), task->task_id, NULL)) == NULL
      || (parsed = pw_task_new_from_json (node, task->task_id, NULL)) == NULL
      || pw_task_get_media (parsed) == NULL)
    return NULL;
  return pw_media_ref (pw_task_get_media (parsed));
}

/* The claimed tasks whose media is not in the cache, in the queue's
 * order; the cache's folder is made. */
static void
list_missing_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  PwSyncWorker *self = source_object;
  g_autoptr (GPtrArray) tasks = NULL;
  g_autoptr (GPtrArray) missing = g_ptr_array_new_with_free_func (missing_free);
  GError *error = NULL;

  if (!pw_paths_ensure_dir (task_data, &error)
      || (tasks = pw_store_list_open_tasks (self->store, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  for (guint i = 0; i < tasks->len; i++)
    {
      PwStoreTask *stored = tasks->pdata[i];
      PwMedia *media;
      Missing *entry;

      if (stored->media_file != NULL && g_file_test (stored->media_file, G_FILE_TEST_IS_REGULAR))
        continue;
      if ((media = media_of (stored)) == NULL)
        continue;
      entry = g_new0 (Missing, 1);
      entry->task = g_steal_pointer (&tasks->pdata[i]);
      entry->media = media;
      g_ptr_array_add (missing, entry);
    }
  g_task_return_pointer (task, g_steal_pointer (&missing), (GDestroyNotify) g_ptr_array_unref);
}

static void media_pass_next (PwSyncWorker *self);

static void
media_pass_end (PwSyncWorker *self)
{
  self->media_running = FALSE;
  g_clear_pointer (&self->media_missing, g_ptr_array_unref);
  if (self->media_again && _pw_sync_worker_is_active (self))
    {
      _pw_sync_worker_fetch_media (self);
      return;
    }
  self->media_again = FALSE;
  /* A drain waited for the pass too: settle it once the outbox is read
   * again. */
  if (self->drains->len > 0)
    _pw_sync_worker_start_fetch (self, FALSE);
}

typedef struct
{
  PwSyncWorker *self;
  char         *account_id;
  char         *task_id;
} Fetching;

static void
on_media_downloaded (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  Fetching *fetching = user_data;
  g_autoptr (PwSyncWorker) self = fetching->self;
  g_autoptr (GError) error = NULL;
  g_autofree char *path = pw_task_media_download_finish (result, &error);

  self->media_in_flight--;
  if (path == NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_signal_emit_by_name (self, "media-failed", fetching->account_id, fetching->task_id, error);
  g_free (fetching->account_id);
  g_free (fetching->task_id);
  g_free (fetching);
  media_pass_next (self);
}

/* Starts downloads up to MEDIA_AT_ONCE; ends the pass once none runs
 * and none is left. */
static void
media_pass_next (PwSyncWorker *self)
{
  g_autoptr (GFile) media_dir = NULL;

  if (self->media_missing == NULL)
    {
      if (self->media_in_flight == 0)
        media_pass_end (self);
      return;
    }
  media_dir = g_file_new_for_path (self->media_dir);
  while (self->media_in_flight < MEDIA_AT_ONCE && self->media_next < self->media_missing->len
         && !g_cancellable_is_cancelled (self->media_cancellable))
    {
      Missing *missing = self->media_missing->pdata[self->media_next++];
      PwSyncAccount *account = g_hash_table_lookup (self->accounts, missing->task->account_id);
      g_autoptr (PwConnector) connector = NULL;
      Fetching *fetching;

      /* An account that refused its token, or that has no client now,
       * waits with its rows. */
      if (account != NULL && account->paused)
        continue;
      connector = self->client_func (missing->task->account_id, self->client_data);
      if (connector == NULL)
        continue;
      fetching = g_new0 (Fetching, 1);
      fetching->self = g_object_ref (self);
      fetching->account_id = g_strdup (missing->task->account_id);
      fetching->task_id = g_strdup (missing->task->task_id);
      self->media_in_flight++;
      pw_task_media_download_async (self->store, connector, missing->task->account_id,
                                    missing->task->task_id, missing->media, media_dir, NULL, NULL,
                                    self->media_cancellable, on_media_downloaded, fetching);
    }
  if (self->media_in_flight == 0)
    media_pass_end (self);
}

static void
on_missing_listed (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  PwSyncWorker *self = PW_SYNC_WORKER (source);
  g_autoptr (GError) error = NULL;
  GPtrArray *missing = g_task_propagate_pointer (G_TASK (result), &error);

  if (missing == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not look for media to download: %s", error->message);
      media_pass_end (self);
      return;
    }
  self->media_missing = missing;
  self->media_next = 0;
  media_pass_next (self);
}

/**
 * _pw_sync_worker_fetch_media:
 *
 * Starts a pass over the claimed tasks whose media is missing, or asks
 * for another once the one running ends.
 */
void
_pw_sync_worker_fetch_media (PwSyncWorker *self)
{
  g_autoptr (GTask) task = NULL;

  if (!_pw_sync_worker_is_active (self))
    return;
  if (self->media_running)
    {
      self->media_again = TRUE;
      return;
    }
  self->media_running = TRUE;
  self->media_again = FALSE;
  g_clear_object (&self->media_cancellable);
  self->media_cancellable = g_cancellable_new ();
  if (self->media_dir == NULL)
    {
      g_autofree char *cache = pw_paths_cache_dir ();

      self->media_dir = g_build_filename (cache, "media", NULL);
    }
  task = g_task_new (self, self->media_cancellable, on_missing_listed, NULL);
  g_task_set_source_tag (task, _pw_sync_worker_fetch_media);
  g_task_set_task_data (task, g_strdup (self->media_dir), g_free);
  g_task_run_in_thread (task, list_missing_thread);
}

/* The worker stops: the pass's downloads stop once nobody else waits for
 * them, and their tasks stay as they are. */
void
_pw_sync_worker_halt_media (PwSyncWorker *self)
{
  if (self->media_cancellable != NULL)
    g_cancellable_cancel (self->media_cancellable);
  self->media_again = FALSE;
}
