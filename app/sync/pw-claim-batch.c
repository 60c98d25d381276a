/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n-lib.h>

#include "pw-claim-batch.h"
#include "pw-error.h"
#include "store/pw-store-outbox.h"
#include "store/pw-store-tasks.h"

/* Claiming a batch so it can be done offline: the project list is read
 * first, so each task opens later with its project's labels and tools; the
 * claimed tasks are stored as soon as the claim answers, so a crash during
 * the downloads keeps them; then each task's media goes to the cache. */

struct _PwClaimBatch
{
  char      *claim_id;
  gint64     lease_expires_at;
  GPtrArray *task_ids;
  GPtrArray *media_files;
  guint      n_media_failed;
  GError    *media_error;
};

typedef struct
{
  PwStore             *store;
  PwMarketClient      *client;
  char                *account_id;
  char                *project_id;
  guint                count;
  GFile               *media_dir;
  PwClaimProgressFunc  progress;
  gpointer             progress_data;
  PwClaim             *claim;
  guint                next;
  PwClaimBatch        *batch;
} BatchState;

void
pw_claim_batch_free (PwClaimBatch *batch)
{
  if (batch == NULL)
    return;

  g_free (batch->claim_id);
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
  g_free (state);
}

static void
report (BatchState *state,
        goffset     received,
        goffset     total)
{
  guint n_tasks = state->claim != NULL ? pw_claim_get_tasks (state->claim)->len : 0;

  if (state->progress != NULL)
    state->progress (state->next, n_tasks, received, total, state->progress_data);
}

static void
on_media_progress (goffset  received,
                   goffset  total,
                   gpointer user_data)
{
  report (user_data, received, total);
}

static void fetch_next_media (GTask *task);

static void
on_media_fetched (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  BatchState *state = g_task_get_task_data (task);
  PwTask *claimed = pw_claim_get_tasks (state->claim)->pdata[state->next];
  g_autoptr (GError) error = NULL;
  g_autoptr (GFile) file = NULL;

  file = pw_market_client_fetch_media_finish (PW_MARKET_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (file != NULL)
    {
      g_autofree char *path = g_file_get_path (file);

      pw_store_set_task_media (state->store, state->account_id, pw_task_get_id (claimed), path);
      g_ptr_array_index (state->batch->media_files, state->next) = g_steal_pointer (&path);
    }
  else
    {
      /* The task stays claimed without its media; the first failure says
       * why, the count says how many. */
      state->batch->n_media_failed++;
      if (state->batch->media_error == NULL)
        state->batch->media_error = g_steal_pointer (&error);
    }

  state->next++;
  fetch_next_media (g_steal_pointer (&task));
}

static void
fetch_next_media (GTask *task)
{
  BatchState *state = g_task_get_task_data (task);
  GPtrArray *tasks = pw_claim_get_tasks (state->claim);
  PwMedia *media;

  while (state->next < tasks->len
         && pw_task_get_media (tasks->pdata[state->next]) == NULL)
    state->next++;

  report (state, 0, 0);
  if (state->next == tasks->len)
    {
      g_task_return_pointer (task, g_steal_pointer (&state->batch),
                             (GDestroyNotify) pw_claim_batch_free);
      g_object_unref (task);
      return;
    }

  media = pw_task_get_media (tasks->pdata[state->next]);
  pw_market_client_fetch_media_async (state->client, media, state->media_dir,
                                      on_media_progress, state,
                                      g_task_get_cancellable (task), on_media_fetched, task);
}

static void
store_claim (BatchState *state)
{
  GPtrArray *tasks = pw_claim_get_tasks (state->claim);
  GDateTime *expires = pw_claim_get_lease_expires_at (state->claim);
  PwClaimBatch *batch = g_new0 (PwClaimBatch, 1);

  batch->claim_id = g_strdup (pw_claim_get_id (state->claim));
  batch->lease_expires_at = g_date_time_to_unix (expires) * G_USEC_PER_SEC
                            + g_date_time_get_microsecond (expires);
  batch->task_ids = g_ptr_array_new_with_free_func (g_free);
  batch->media_files = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < tasks->len; i++)
    {
      PwTask *task = tasks->pdata[i];
      JsonNode *json = pw_task_get_json (task);
      g_autofree char *task_json = json != NULL ? json_to_string (json, FALSE) : NULL;
      PwClaimedTask claimed = {
        .account_id = state->account_id,
        .task_id = pw_task_get_id (task),
        .claim_id = batch->claim_id,
        .project_id = pw_task_get_project_id (task),
        .kind = pw_task_kind_to_string (pw_task_get_kind (task)),
        .pay_micro = pw_task_get_pay (task)->micro,
        .currency = pw_task_get_pay (task)->currency,
        .lease_expires_at = batch->lease_expires_at,
        .task_json = task_json,
      };

      pw_store_add_claimed_task (state->store, &claimed);
      g_ptr_array_add (batch->task_ids, g_strdup (pw_task_get_id (task)));
      g_ptr_array_add (batch->media_files, NULL);
    }
  state->batch = batch;
}

static void
on_claimed (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  BatchState *state = g_task_get_task_data (task);
  GError *error = NULL;

  state->claim = pw_market_client_claim_finish (PW_MARKET_CLIENT (source), result, &error);
  if (state->claim == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  store_claim (state);
  fetch_next_media (g_steal_pointer (&task));
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

  projects = pw_market_client_list_projects_finish (PW_MARKET_CLIENT (source), result, &error);
  if (projects == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  pw_store_save_projects (state->store, state->account_id, projects);
  for (guint i = 0; i < projects->len && !found; i++)
    found = g_strcmp0 (pw_project_get_id (projects->pdata[i]), state->project_id) == 0;
  if (!found)
    {
      g_task_return_new_error (task, PW_ERROR, PW_ERROR_NOT_FOUND,
                               _("The marketplace lists no project “%s”; list the projects "
                                 "again and pick one of them"), state->project_id);
      return;
    }

  cancellable = g_task_get_cancellable (task);
  pw_market_client_claim_async (state->client, state->project_id, state->count,
                                cancellable, on_claimed, g_steal_pointer (&task));
}

/**
 * pw_claim_batch_async:
 * @store: the store that keeps the tasks
 * @client: the account's client
 * @account_id: the account
 * @project_id: the project to claim from
 * @count: how many tasks, 1 to 100
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
 * batch counts it.
 */
void
pw_claim_batch_async (PwStore             *store,
                      PwMarketClient      *client,
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
  GTask *task;
  BatchState *state;

  g_return_if_fail (PW_IS_STORE (store));
  g_return_if_fail (PW_IS_MARKET_CLIENT (client));
  g_return_if_fail (account_id != NULL && project_id != NULL && G_IS_FILE (media_dir));

  state = g_new0 (BatchState, 1);
  state->store = g_object_ref (store);
  state->client = g_object_ref (client);
  state->account_id = g_strdup (account_id);
  state->project_id = g_strdup (project_id);
  state->count = count;
  state->media_dir = g_object_ref (media_dir);
  state->progress = progress;
  state->progress_data = progress_data;

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, pw_claim_batch_async);
  g_task_set_task_data (task, state, batch_state_free);
  report (state, 0, 0);
  pw_market_client_list_projects_async (client, cancellable, on_projects_listed, task);
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
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == pw_claim_batch_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

const char *
pw_claim_batch_get_claim_id (PwClaimBatch *batch)
{
  return batch->claim_id;
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
