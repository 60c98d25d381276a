/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n-lib.h>

#include "pw-claim-batch-private.h"
#include "pw-error.h"
#include "store/pw-store-outbox.h"
#include "store/pw-store-tasks.h"
#include "pw-task-media.h"

/* Claiming a batch so it can be done offline: the project list is read
 * first, so each task opens later with its project's labels and tools; the
 * claimed tasks are stored as soon as the claim answers, so a crash during
 * the downloads keeps them; then each task's media goes to the cache, a
 * few at once, in the claim's order, so the first task is ready first and
 * a claim of hundreds of tasks does not wait on one request at a time.
 * Each is recorded in the store as it arrives (pw-task-media.c), and a
 * task the worker opens meanwhile waits for its own download, not for the
 * claim's end.
 *
 * A claim is refused, its tasks handed back and none stored, when it holds
 * more tasks than were asked for, or when the disk of the media cache
 * cannot hold their announced media and still keep room for the worker's
 * own work. */

struct _PwClaimBatch
{
  char      *claim_id;
  char      *note;
  gint64     lease_expires_at;
  GPtrArray *task_ids;
  GPtrArray *media_files;
  guint      n_media_failed;
  GError    *media_error;
};

typedef struct
{
  PwStore             *store;
  PwConnector         *client;
  char                *account_id;
  char                *project_id;
  guint                count;
  GFile               *media_dir;
  PwClaimProgressFunc  progress;
  gpointer             progress_data;
  guint64              spare_bytes;
  PwClaim             *claim;
  /* Whether a claim takes the whole project, whatever the count */
  gboolean             claims_whole;
  /* The next task whose download starts, how many ended, how many run */
  guint                next;
  guint                n_done;
  guint                n_running;
  GError              *cancelled;
  /* Each running download's bytes, for the progress */
  GHashTable          *received;
  PwClaimBatch        *batch;
  GError              *refusal;
} BatchState;

/* What the disk of the media cache holds, and what the claim needs. */
typedef struct
{
  guint64 needed;
  guint64 free;
} Space;

void
pw_claim_batch_free (PwClaimBatch *batch)
{
  if (batch == NULL)
    return;

  g_free (batch->claim_id);
  g_free (batch->note);
  g_ptr_array_unref (batch->task_ids);
  g_ptr_array_unref (batch->media_files);
  g_clear_error (&batch->media_error);
  g_free (batch);
}

static void
batch_state_free (gpointer data)
{
  BatchState *state = data;

  g_object_unref (state->store);
  g_object_unref (state->client);
  g_free (state->account_id);
  g_free (state->project_id);
  g_clear_object (&state->media_dir);
  g_clear_pointer (&state->claim, pw_claim_unref);
  g_clear_pointer (&state->batch, pw_claim_batch_free);
  g_clear_error (&state->refusal);
  g_clear_error (&state->cancelled);
  g_clear_pointer (&state->received, g_hash_table_unref);
  g_free (state);
}

/* How many downloads of a claim run at once: enough to keep a loopback
 * or a fast line busy, while the account keeps a place of its
 * PW_MARKET_MAX_IN_FLIGHT for the sync worker. */
#define MAX_DOWNLOADS 3

/* A download of the batch: the task's place in the claim, its bytes. */
typedef struct
{
  GTask      *task;
  guint       index;
  goffset     received;
  goffset     total;
} Download;

static void
report (BatchState *state)
{
  guint n_tasks = state->claim != NULL ? pw_claim_get_tasks (state->claim)->len : 0;
  goffset received = 0, total = 0;
  GHashTableIter iter;
  gpointer key;

  if (state->progress == NULL)
    return;
  /* The downloads running count as one in the part done, as they were
   * when one ran at a time. */
  if (state->received != NULL)
    {
      g_hash_table_iter_init (&iter, state->received);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        {
          Download *download = key;

          received += download->received;
          total += download->total > 0 ? download->total : download->received;
        }
    }
  state->progress (state->n_done, n_tasks, received, total, state->progress_data);
}

static void
on_media_progress (goffset  received,
                   goffset  total,
                   gpointer user_data)
{
  Download *download = user_data;

  download->received = received;
  download->total = total;
  report (g_task_get_task_data (download->task));
}

static void fetch_more_media (GTask *task);

static void
on_media_fetched (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  Download *download = user_data;
  g_autoptr (GTask) task = download->task;
  BatchState *state = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;

  path = pw_task_media_download_finish (result, &error);
  g_hash_table_remove (state->received, download);
  state->n_running--;
  state->n_done++;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      if (state->cancelled == NULL)
        state->cancelled = g_steal_pointer (&error);
    }
  else if (path != NULL)
    g_ptr_array_index (state->batch->media_files, download->index) = g_steal_pointer (&path);
  else
    {
      /* The task stays claimed without its media; the first failure says
       * why, the count says how many. */
      state->batch->n_media_failed++;
      if (state->batch->media_error == NULL)
        state->batch->media_error = g_steal_pointer (&error);
    }

  g_free (download);
  fetch_more_media (g_steal_pointer (&task));
}

/* Starts downloads up to MAX_DOWNLOADS, in the claim's order, and ends
 * the batch once none runs and none is left. Takes the reference of
 * @task. */
static void
fetch_more_media (GTask *task)
{
  BatchState *state = g_task_get_task_data (task);
  GPtrArray *tasks = pw_claim_get_tasks (state->claim);

  if (state->received == NULL)
    state->received = g_hash_table_new (NULL, NULL);

  while (state->cancelled == NULL && state->n_running < MAX_DOWNLOADS && state->next < tasks->len)
    {
      PwMedia *media = pw_task_get_media (tasks->pdata[state->next]);
      Download *download;

      if (media == NULL)
        {
          state->next++;
          state->n_done++;
          continue;
        }
      download = g_new0 (Download, 1);
      download->task = g_object_ref (task);
      download->index = state->next++;
      state->n_running++;
      g_hash_table_add (state->received, download);
      pw_task_media_download_async (state->store, state->client, state->account_id,
                                    pw_task_get_id (tasks->pdata[download->index]), media,
                                    state->media_dir, on_media_progress, download,
                                    g_task_get_cancellable (task), on_media_fetched, download);
    }

  report (state);
  if (state->n_running > 0)
    {
      g_object_unref (task);
      return;
    }
  /* Cancelled: the downloads that ran have ended, the tasks stay. */
  if (state->cancelled != NULL)
    g_task_return_error (task, g_steal_pointer (&state->cancelled));
  else if (state->next == tasks->len)
    g_task_return_pointer (task, g_steal_pointer (&state->batch),
                           (GDestroyNotify) pw_claim_batch_free);
  g_object_unref (task);
}

static void
store_claim (BatchState *state)
{
  GPtrArray *tasks = pw_claim_get_tasks (state->claim);
  GDateTime *expires = pw_claim_get_lease_expires_at (state->claim);
  PwClaimBatch *batch = g_new0 (PwClaimBatch, 1);
  g_autoptr (GPtrArray) claimed = g_ptr_array_new_full (tasks->len, (GDestroyNotify) pw_store_task_free);

  batch->claim_id = g_strdup (pw_claim_get_id (state->claim));
  batch->note = g_strdup (pw_claim_get_note (state->claim));
  /* 0: no lease, as for a server that takes the work at any time */
  batch->lease_expires_at = expires == NULL ? 0 : g_date_time_to_unix (expires) * G_USEC_PER_SEC
                                                  + g_date_time_get_microsecond (expires);
  batch->task_ids = g_ptr_array_new_with_free_func (g_free);
  batch->media_files = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < tasks->len; i++)
    {
      PwTask *task = tasks->pdata[i];
      JsonNode *json = pw_task_get_json (task);
      PwStoreTask *row = g_new0 (PwStoreTask, 1);

      row->account_id = g_strdup (state->account_id);
      row->task_id = g_strdup (pw_task_get_id (task));
      row->claim_id = g_strdup (batch->claim_id);
      row->project_id = g_strdup (pw_task_get_project_id (task));
      row->kind = pw_task_get_kind (task);
      row->pay_micro = pw_task_get_pay (task)->micro;
      row->currency = g_strdup (pw_task_get_pay (task)->currency);
      row->lease_expires_at = batch->lease_expires_at;
      row->task_json = json != NULL ? json_to_string (json, FALSE) : NULL;
      g_ptr_array_add (claimed, row);
      g_ptr_array_add (batch->task_ids, g_strdup (pw_task_get_id (task)));
      g_ptr_array_add (batch->media_files, NULL);
    }
  /* In one write: the whole claim is in the store at once, so that its
   * first task opens without waiting for the others to be written. */
  pw_store_add_claimed_tasks (state->store, claimed);
  state->batch = batch;
}

static void
on_refused_released (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  BatchState *state = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  GError *refusal = g_steal_pointer (&state->refusal);

  if (!pw_connector_release_finish (PW_CONNECTOR (source), result, NULL, &error))
    {
      g_autofree char *why = g_steal_pointer (&refusal->message);

      /* Translators: why a claim was refused, then why its tasks could
       * not be handed back */
      refusal->message = g_strdup_printf (_("%s They could not be handed back, and return to the "
                                            "marketplace when their lease runs out: %s"),
                                          why, error->message);
    }
  g_task_return_error (task, refusal);
}

/* Hands every task of the claim back, stores none, and ends the batch
 * with @refusal. Handing back is not cancellable: tasks nobody will do
 * should not wait for their lease to run out. */
static void
refuse_claim (GTask  *task,
              GError *refusal)
{
  BatchState *state = g_task_get_task_data (task);
  GPtrArray *tasks = pw_claim_get_tasks (state->claim);
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  g_auto (GStrv) task_ids = NULL;

  for (guint i = 0; i < tasks->len; i++)
    g_strv_builder_add (builder, pw_task_get_id (tasks->pdata[i]));
  task_ids = g_strv_builder_end (builder);

  state->refusal = refusal;
  pw_connector_release_async (state->client, pw_claim_get_id (state->claim),
                              (const char *const *) task_ids, NULL, on_refused_released, task);
}

static void
check_space_in_thread (GTask        *check,
                       gpointer      source_object,
                       gpointer      task_data,
                       GCancellable *cancellable)
{
  BatchState *state = task_data;
  GPtrArray *tasks = pw_claim_get_tasks (state->claim);
  g_autoptr (GFileInfo) info = NULL;
  g_autoptr (GError) error = NULL;
  Space *space = g_new0 (Space, 1);

  for (guint i = 0; i < tasks->len; i++)
    {
      PwMedia *media = pw_task_get_media (tasks->pdata[i]);
      g_autoptr (GFile) cached = NULL;
      g_autoptr (GFileInfo) cached_info = NULL;

      /* A size not announced is found out while it streams. */
      if (media == NULL || pw_media_get_bytes (media) <= 0)
        continue;
      if (pw_media_get_sha256 (media) != NULL)
        {
          cached = g_file_get_child (state->media_dir, pw_media_get_sha256 (media));
          cached_info = g_file_query_info (cached, G_FILE_ATTRIBUTE_STANDARD_SIZE,
                                           G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, NULL);
        }
      if (cached_info == NULL || g_file_info_get_size (cached_info) != pw_media_get_bytes (media))
        space->needed += (guint64) pw_media_get_bytes (media);
    }

  info = g_file_query_filesystem_info (state->media_dir, G_FILE_ATTRIBUTE_FILESYSTEM_FREE,
                                       NULL, &error);
  /* A file system that cannot say is not in the way; a full disk is still
   * caught by the downloads. */
  space->free = info != NULL && g_file_info_has_attribute (info, G_FILE_ATTRIBUTE_FILESYSTEM_FREE)
                ? g_file_info_get_attribute_uint64 (info, G_FILE_ATTRIBUTE_FILESYSTEM_FREE)
                : G_MAXUINT64;
  if (info == NULL)
    g_debug ("The free space for media is unknown: %s", error->message);
  g_task_return_pointer (check, space, g_free);
}

static void
on_space_checked (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  BatchState *state = g_task_get_task_data (task);
  g_autofree Space *space = g_task_propagate_pointer (G_TASK (result), NULL);

  if (space->needed > 0 && space->free < space->needed + state->spare_bytes)
    {
      g_autofree char *needed = g_format_size (space->needed + state->spare_bytes);
      g_autofree char *free_text = g_format_size (space->free);

      refuse_claim (g_steal_pointer (&task),
                    g_error_new (PW_ERROR, PW_ERROR_NO_SPACE,
                                 _("The media of these tasks needs %s on the disk, with room left "
                                   "for your work, and only %s is free. The tasks were handed "
                                   "back; free some space, then claim again."),
                                 needed, free_text));
      return;
    }

  store_claim (state);
  fetch_more_media (g_steal_pointer (&task));
}

static void
on_claimed (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  g_autoptr (GTask) check = NULL;
  BatchState *state = g_task_get_task_data (task);
  GError *error = NULL;
  guint n_tasks;

  state->claim = pw_connector_claim_finish (PW_CONNECTOR (source), result, &error);
  if (state->claim == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  n_tasks = pw_claim_get_tasks (state->claim)->len;
  if (n_tasks > state->count && !state->claims_whole)
    {
      refuse_claim (g_steal_pointer (&task),
                    g_error_new (PW_ERROR, PW_ERROR_PROTOCOL,
                                 _("The marketplace handed out %u tasks when %u were asked for. "
                                   "None was taken, and all were handed back."),
                                 n_tasks, state->count));
      return;
    }

  check = g_task_new (NULL, NULL, on_space_checked, g_steal_pointer (&task));
  g_task_set_source_tag (check, check_space_in_thread);
  g_task_set_task_data (check, state, NULL);
  g_task_run_in_thread (check, check_space_in_thread);
}

static void
on_projects_listed (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  BatchState *state = g_task_get_task_data (task);
  g_autoptr (GPtrArray) projects = NULL;
  GCancellable *cancellable;
  GError *error = NULL;
  gboolean found = FALSE;

  projects = pw_connector_list_projects_finish (PW_CONNECTOR (source), result, &error);
  if (projects == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  pw_store_save_projects (state->store, state->account_id, projects);
  for (guint i = 0; i < projects->len && !found; i++)
    {
      found = g_strcmp0 (pw_project_get_id (projects->pdata[i]), state->project_id) == 0;
      if (found)
        state->claims_whole = pw_project_get_claims_whole (projects->pdata[i]);
    }
  if (!found)
    {
      g_task_return_new_error (task, PW_ERROR, PW_ERROR_NOT_FOUND,
                               _("The marketplace lists no project “%s”; list the projects "
                                 "again and pick one of them"), state->project_id);
      return;
    }

  cancellable = g_task_get_cancellable (task);
  pw_connector_claim_async (state->client, state->project_id, state->count,
                            cancellable, on_claimed, g_steal_pointer (&task));
}

/**
 * pw_claim_batch_async:
 * @store: the store that keeps the tasks
 * @client: the account's client
 * @account_id: the account
 * @project_id: the project to claim from
 * @count: how many tasks, 1 to 100; a project that claims whole
 *   (pw_project_get_claims_whole()) gives all it has, whatever the count
 * @media_dir: the media cache
 * @progress: (nullable): called as the claim and each download advance
 * @progress_data: data for @progress
 * @cancellable: (nullable): cancels the downloads; tasks already claimed
 *   stay in the store
 * @callback: called once every download is done or has failed
 * @user_data: data for @callback
 *
 * Claims @count tasks and downloads their media, so the batch can be done
 * offline. A download that fails leaves its task claimed without media; the
 * batch counts it. The tasks are in the store once @progress reports
 * them, and each task's media once it is in the cache: a task opened
 * meanwhile waits for its own download (pw_task_media_fetch_async()).
 * A claim with more tasks than @count, of a project that does not claim
 * whole, fails with
 * %PW_ERROR_PROTOCOL, and one whose announced media would leave less than
 * %PW_CLAIM_BATCH_SPARE_BYTES free on the disk of @media_dir with
 * %PW_ERROR_NO_SPACE; either way its tasks are handed back and none is
 * stored.
 */
void
pw_claim_batch_async (PwStore             *store,
                      PwConnector         *client,
                      const char          *account_id,
                      const char          *project_id,
                      guint                count,
                      GFile               *media_dir,
                      PwClaimProgressFunc  progress,
                      gpointer             progress_data,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  _pw_claim_batch_full_async (store, client, account_id, project_id, count, media_dir,
                              PW_CLAIM_BATCH_SPARE_BYTES, progress, progress_data, cancellable,
                              callback, user_data);
}

void
_pw_claim_batch_full_async (PwStore             *store,
                            PwConnector         *client,
                            const char          *account_id,
                            const char          *project_id,
                            guint                count,
                            GFile               *media_dir,
                            guint64              spare_bytes,
                            PwClaimProgressFunc  progress,
                            gpointer             progress_data,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  GTask *task;
  BatchState *state;

  g_return_if_fail (PW_IS_STORE (store));
  g_return_if_fail (PW_IS_CONNECTOR (client));
  g_return_if_fail (account_id != NULL && project_id != NULL && G_IS_FILE (media_dir));

  state = g_new0 (BatchState, 1);
  state->store = g_object_ref (store);
  state->client = g_object_ref (client);
  state->account_id = g_strdup (account_id);
  state->project_id = g_strdup (project_id);
  state->count = count;
  state->media_dir = g_object_ref (media_dir);
  state->spare_bytes = spare_bytes;
  state->progress = progress;
  state->progress_data = progress_data;

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, _pw_claim_batch_full_async);
  g_task_set_task_data (task, state, batch_state_free);
  report (state);
  pw_connector_list_projects_async (client, cancellable, on_projects_listed, task);
}

/**
 * pw_claim_batch_finish:
 *
 * Returns: (transfer full): what was claimed, or %NULL with the error of the
 *   project list or of the claim
 */
PwClaimBatch *
pw_claim_batch_finish (GAsyncResult *result,
                       GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == _pw_claim_batch_full_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

const char *
pw_claim_batch_get_claim_id (PwClaimBatch *batch)
{
  return batch->claim_id;
}

/**
 * pw_claim_batch_get_note:
 *
 * Returns: (nullable): what the server says the worker should know about
 *   the claim, such as that its tasks are not locked for them
 */
const char *
pw_claim_batch_get_note (PwClaimBatch *batch)
{
  return batch->note;
}

/**
 * pw_claim_batch_get_lease_expires_at:
 *
 * Returns: when the lease runs out, in microseconds since 1970
 */
gint64
pw_claim_batch_get_lease_expires_at (PwClaimBatch *batch)
{
  return batch->lease_expires_at;
}

static GStrv
strv_from_array (GPtrArray *array)
{
  GStrv strv = g_new0 (char *, array->len + 1);

  for (guint i = 0; i < array->len; i++)
    strv[i] = g_strdup (array->pdata[i] != NULL ? array->pdata[i] : "");
  return strv;
}

/**
 * pw_claim_batch_get_task_ids:
 *
 * Returns: (transfer full): the claimed tasks, in the marketplace's order
 */
GStrv
pw_claim_batch_get_task_ids (PwClaimBatch *batch)
{
  return strv_from_array (batch->task_ids);
}

/**
 * pw_claim_batch_get_media_files:
 *
 * Returns: (transfer full): each task's media in the cache, in the order of
 *   pw_claim_batch_get_task_ids(); an empty string where there is none
 */
GStrv
pw_claim_batch_get_media_files (PwClaimBatch *batch)
{
  return strv_from_array (batch->media_files);
}

guint
pw_claim_batch_get_n_media_failed (PwClaimBatch *batch)
{
  return batch->n_media_failed;
}

/**
 * pw_claim_batch_get_media_error:
 *
 * Returns: (nullable): why the first failed download failed
 */
const GError *
pw_claim_batch_get_media_error (PwClaimBatch *batch)
{
  return batch->media_error;
}
