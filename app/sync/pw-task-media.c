/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "pw-error.h"
#include "pw-json.h"
#include "pw-paths.h"
#include "pw-task-media.h"

/* A claimed task's media on its way to the cache. A claim downloads its
 * tasks' media in the background, and the worker may open a task before
 * its media has come: the work area then waits for the same download
 * rather than asking for the media a second time, and a task whose
 * download failed or was stopped downloads again when it is opened. So
 * each task has at most one download, shared by everyone who waits for
 * it; it is stopped once nobody waits any more, and what arrives is
 * recorded in the store once. Everything here runs in the main context
 * of the callers. */

typedef struct _Download Download;

typedef struct
{
  GTask                *task;
  Download             *download;
  GSource              *cancelled_source;
  PwMarketProgressFunc  progress;
  gpointer              progress_data;
} Waiter;

struct _Download
{
  char         *key;
  PwStore      *store;
  char         *account_id;
  char         *task_id;
  GCancellable *cancellable;
  GPtrArray    *waiters;
};

/* The downloads running, by account and task; they own themselves until
 * their answer comes. */
static GHashTable *downloads;

/**
 * PwTaskMediaMonitor:
 *
 * Tells when a claimed task's media starts coming and when it stops, in
 * the main context of the downloads' callers, for whoever shows it.
 */
struct _PwTaskMediaMonitor
{
  GObject parent_instance;
};

G_DEFINE_FINAL_TYPE (PwTaskMediaMonitor, pw_task_media_monitor, G_TYPE_OBJECT)

enum
{
  DOWNLOAD_STARTED,
  DOWNLOAD_ENDED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
pw_task_media_monitor_class_init (PwTaskMediaMonitorClass *klass)
{
  /**
   * PwTaskMediaMonitor::download-started:
   * @account_id: the task's account
   * @task_id: the task
   */
  signals[DOWNLOAD_STARTED] =
    g_signal_new ("download-started", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                  NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);

  /**
   * PwTaskMediaMonitor::download-ended:
   * @account_id: the task's account
   * @task_id: the task
   * @media_file: (nullable): the media in the cache, or %NULL
   * @error: (nullable): why it did not come, or %NULL when it was stopped
   *   or came
   */
  signals[DOWNLOAD_ENDED] =
    g_signal_new ("download-ended", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                  NULL, NULL, G_TYPE_NONE, 4, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING,
                  G_TYPE_ERROR);
}

static void
pw_task_media_monitor_init (PwTaskMediaMonitor *self)
{
}

/**
 * pw_task_media_get_monitor:
 *
 * Returns: (transfer none): the monitor of the process's downloads
 */
PwTaskMediaMonitor *
pw_task_media_get_monitor (void)
{
  static PwTaskMediaMonitor *monitor;

  if (g_once_init_enter (&monitor))
    g_once_init_leave (&monitor, g_object_new (PW_TYPE_TASK_MEDIA_MONITOR, NULL));
  return monitor;
}

static char *
download_key (const char *account_id,
              const char *task_id)
{
  return g_strconcat (account_id, "\n", task_id, NULL);
}

static void
waiter_free (Waiter *waiter)
{
  if (waiter->cancelled_source != NULL)
    {
      g_source_destroy (waiter->cancelled_source);
      g_source_unref (waiter->cancelled_source);
    }
  g_clear_object (&waiter->task);
  g_free (waiter);
}

static void
download_free (Download *download)
{
  g_free (download->key);
  g_object_unref (download->store);
  g_free (download->account_id);
  g_free (download->task_id);
  g_object_unref (download->cancellable);
  g_ptr_array_unref (download->waiters);
  g_free (download);
}

/* Why the last download of each task failed, by account and task, until
 * one succeeds: a queue read later still says why. */
static GHashTable *failures;

static void
remember_failure (const char   *key,
                  const GError *error)
{
  if (failures == NULL)
    failures = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  if (error != NULL)
    g_hash_table_insert (failures, g_strdup (key), g_strdup (error->message));
  else
    g_hash_table_remove (failures, key);
}

/**
 * pw_task_media_get_failure:
 *
 * Returns: (nullable): why the last download of the task's media here
 *   failed, until one succeeds
 */
const char *
pw_task_media_get_failure (const char *account_id,
                           const char *task_id)
{
  g_autofree char *key = NULL;

  g_return_val_if_fail (account_id != NULL && task_id != NULL, NULL);

  key = download_key (account_id, task_id);
  return failures != NULL ? g_hash_table_lookup (failures, key) : NULL;
}

/* The monitor first: its class, and so its signals, may not exist yet. */
static void
emit_started (const char *account_id,
              const char *task_id)
{
  PwTaskMediaMonitor *monitor = pw_task_media_get_monitor ();

  g_signal_emit (monitor, signals[DOWNLOAD_STARTED], 0, account_id, task_id);
}

static void
emit_ended (const char   *account_id,
            const char   *task_id,
            const char   *media_file,
            const GError *error)
{
  PwTaskMediaMonitor *monitor = pw_task_media_get_monitor ();

  g_signal_emit (monitor, signals[DOWNLOAD_ENDED], 0, account_id, task_id, media_file, error);
}

/* Nobody will take what comes: a new request starts again. */
static void
forget_download (Download *download)
{
  if (downloads != NULL && g_hash_table_lookup (downloads, download->key) == download)
    g_hash_table_remove (downloads, download->key);
}

static gboolean
on_waiter_cancelled (GCancellable *cancellable,
                     gpointer      user_data)
{
  Waiter *waiter = user_data;
  Download *download = waiter->download;

  g_ptr_array_remove (download->waiters, waiter);
  g_task_return_error_if_cancelled (waiter->task);
  g_clear_pointer (&waiter->cancelled_source, g_source_unref);
  waiter_free (waiter);
  if (download->waiters->len == 0)
    {
      forget_download (download);
      g_cancellable_cancel (download->cancellable);
      emit_ended (download->account_id, download->task_id, NULL, NULL);
    }
  return G_SOURCE_REMOVE;
}

static void
on_progress (goffset  received,
             goffset  total,
             gpointer user_data)
{
  Download *download = user_data;

  for (guint i = 0; i < download->waiters->len; i++)
    {
      Waiter *waiter = download->waiters->pdata[i];

      if (waiter->progress != NULL)
        waiter->progress (received, total, waiter->progress_data);
    }
}

static void
on_downloaded (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  Download *download = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GFile) file = pw_connector_fetch_media_finish (PW_CONNECTOR (source), result, &error);
  g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;
  g_autoptr (GPtrArray) waiters = g_steal_pointer (&download->waiters);

  /* One stopped once nobody waited was said to end then, unless its
   * media came all the same. */
  if ((downloads != NULL && g_hash_table_lookup (downloads, download->key) == download)
      || path != NULL)
    {
      forget_download (download);
      emit_ended (download->account_id, download->task_id, path,
                  g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ? NULL : error);
    }
  download->waiters = g_ptr_array_new ();
  if (path != NULL)
    remember_failure (download->key, NULL);
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    remember_failure (download->key, error);
  /* Kept even when nobody waits any more: it is in the cache now. */
  if (path != NULL)
    pw_store_set_task_media (download->store, download->account_id, download->task_id, path);

  for (guint i = 0; i < waiters->len; i++)
    {
      Waiter *waiter = waiters->pdata[i];

      if (path != NULL)
        g_task_return_pointer (waiter->task, g_strdup (path), g_free);
      else
        g_task_return_error (waiter->task, g_error_copy (error));
      waiter_free (waiter);
    }
  download_free (download);
}

static void
join_download (Download             *download,
               GTask                *task,
               PwMarketProgressFunc  progress,
               gpointer              progress_data)
{
  Waiter *waiter = g_new0 (Waiter, 1);
  GCancellable *cancellable = g_task_get_cancellable (task);

  waiter->task = g_object_ref (task);
  waiter->download = download;
  waiter->progress = progress;
  waiter->progress_data = progress_data;
  if (cancellable != NULL)
    {
      waiter->cancelled_source = g_cancellable_source_new (cancellable);
      g_source_set_callback (waiter->cancelled_source, G_SOURCE_FUNC (on_waiter_cancelled),
                             waiter, NULL);
      g_source_attach (waiter->cancelled_source, g_task_get_context (task));
    }
  g_ptr_array_add (download->waiters, waiter);
}

/* Joins the download of the task running, or starts one of @media. */
static void
start_or_join (GTask                *task,
               PwStore              *store,
               PwConnector          *connector,
               const char           *account_id,
               const char           *task_id,
               PwMedia              *media,
               GFile                *media_dir,
               PwMarketProgressFunc  progress,
               gpointer              progress_data)
{
  g_autofree char *key = download_key (account_id, task_id);
  Download *download;

  if (g_task_return_error_if_cancelled (task))
    return;
  if (downloads == NULL)
    downloads = g_hash_table_new (g_str_hash, g_str_equal);
  download = g_hash_table_lookup (downloads, key);
  if (download == NULL)
    {
      if (media == NULL)
        {
          g_task_return_new_error (task, PW_ERROR, PW_ERROR_NOT_FOUND,
                                   _("This task came without its media; release it in Tasks."));
          return;
        }
      download = g_new0 (Download, 1);
      download->key = g_steal_pointer (&key);
      download->store = g_object_ref (store);
      download->account_id = g_strdup (account_id);
      download->task_id = g_strdup (task_id);
      download->cancellable = g_cancellable_new ();
      download->waiters = g_ptr_array_new ();
      g_hash_table_insert (downloads, download->key, download);
      pw_connector_fetch_media_async (connector, media, media_dir, on_progress, download,
                                      download->cancellable, on_downloaded, download);
      join_download (download, task, progress, progress_data);
      emit_started (account_id, task_id);
      return;
    }
  join_download (download, task, progress, progress_data);
}

/**
 * pw_task_media_download_async:
 * @store: the store that keeps the task
 * @connector: the task's account's connector
 * @account_id: the account
 * @task_id: the task
 * @media: the task's media
 * @media_dir: the media cache
 * @progress: (nullable): called as the bytes come
 * @progress_data: data for @progress
 * @cancellable: (nullable): stops waiting; the download stops once nobody
 *   waits for it
 * @callback: called with the media's file
 * @user_data: data for @callback
 *
 * Downloads a claimed task's media into the cache and records it in the
 * store, or waits for the download of it already running.
 */
void
pw_task_media_download_async (PwStore              *store,
                              PwConnector          *connector,
                              const char           *account_id,
                              const char           *task_id,
                              PwMedia              *media,
                              GFile                *media_dir,
                              PwMarketProgressFunc  progress,
                              gpointer              progress_data,
                              GCancellable         *cancellable,
                              GAsyncReadyCallback   callback,
                              gpointer              user_data)
{
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (PW_IS_STORE (store));
  g_return_if_fail (PW_IS_CONNECTOR (connector));
  g_return_if_fail (account_id != NULL && task_id != NULL && media != NULL && G_IS_FILE (media_dir));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, pw_task_media_download_async);
  start_or_join (task, store, connector, account_id, task_id, media, media_dir, progress,
                 progress_data);
}

/**
 * pw_task_media_download_finish:
 *
 * Returns: (transfer full): the media's path in the cache, or %NULL with
 *   the download's error
 */
char *
pw_task_media_download_finish (GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == pw_task_media_download_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * pw_task_media_is_downloading:
 *
 * Returns: %TRUE while the media of the task is on its way to the cache
 */
gboolean
pw_task_media_is_downloading (const char *account_id,
                              const char *task_id)
{
  g_autofree char *key = NULL;

  g_return_val_if_fail (account_id != NULL && task_id != NULL, FALSE);

  key = download_key (account_id, task_id);
  return downloads != NULL && g_hash_table_contains (downloads, key);
}

/* Fetching a task the worker opens */

typedef struct
{
  PwStore              *store;
  PwConnector          *connector;
  char                 *account_id;
  char                 *task_id;
  char                 *task_json;
  GFile                *media_dir;
  PwMarketProgressFunc  progress;
  gpointer              progress_data;
} Request;

static void
request_free (gpointer data)
{
  Request *request = data;

  g_object_unref (request->store);
  g_object_unref (request->connector);
  g_free (request->account_id);
  g_free (request->task_id);
  g_free (request->task_json);
  g_object_unref (request->media_dir);
  g_free (request);
}

/* What the store has of the task's media now, once the writes queued
 * before are done: the claim may have recorded it since the task was
 * read. Returns the path, or an empty string when it must come. */
static void
look_in_store_thread (GTask        *task,
                      gpointer      source_object,
                      gpointer      task_data,
                      GCancellable *cancellable)
{
  Request *request = task_data;
  g_autoptr (PwStoreTask) stored = NULL;
  g_autofree char *media_path = g_file_get_path (request->media_dir);
  GError *error = NULL;

  stored = pw_store_get_task (request->store, request->account_id, request->task_id, &error);
  if (stored == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (stored->media_file != NULL && g_file_test (stored->media_file, G_FILE_TEST_IS_REGULAR))
    {
      g_task_return_pointer (task, g_strdup (stored->media_file), g_free);
      return;
    }
  if (!pw_paths_ensure_dir (media_path, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, g_strdup (""), g_free);
}

static PwMedia *
media_of (Request *request)
{
  g_autoptr (JsonNode) node = NULL;
  g_autoptr (PwTask) task = NULL;

  if (request->task_json == NULL
      || (node = pw_json_parse (request->task_json, strlen (request->task_json),
                                request->task_id, NULL)) == NULL
      || (task = pw_task_new_from_json (node, request->task_id, NULL)) == NULL
      || pw_task_get_media (task) == NULL)
    return NULL;
  return pw_media_ref (pw_task_get_media (task));
}

static void
on_looked_in_store (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  Request *request = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  g_autofree char *path = g_task_propagate_pointer (G_TASK (result), &error);
  g_autoptr (PwMedia) media = NULL;

  if (path == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (*path != '\0')
    {
      g_task_return_pointer (task, g_steal_pointer (&path), g_free);
      return;
    }
  media = media_of (request);
  start_or_join (task, request->store, request->connector, request->account_id,
                 request->task_id, media, request->media_dir, request->progress,
                 request->progress_data);
}

/**
 * pw_task_media_fetch_async:
 * @store: the store that keeps the task
 * @connector: the task's account's connector
 * @task: a claimed task, as read from @store
 * @media_dir: the media cache
 * @progress: (nullable): called as the bytes come
 * @progress_data: data for @progress
 * @cancellable: (nullable): stops waiting
 * @callback: called with the media's file
 * @user_data: data for @callback
 *
 * Brings the media of a task the worker opens: from the cache when the
 * store has recorded it since @task was read, from the download of it
 * running (its claim's), or else downloaded again, as after a download
 * that failed or was stopped.
 */
void
pw_task_media_fetch_async (PwStore              *store,
                           PwConnector          *connector,
                           const PwStoreTask    *task,
                           GFile                *media_dir,
                           PwMarketProgressFunc  progress,
                           gpointer              progress_data,
                           GCancellable         *cancellable,
                           GAsyncReadyCallback   callback,
                           gpointer              user_data)
{
  g_autoptr (GTask) fetch = NULL;
  Request *request;

  g_return_if_fail (PW_IS_STORE (store));
  g_return_if_fail (PW_IS_CONNECTOR (connector));
  g_return_if_fail (task != NULL && G_IS_FILE (media_dir));

  fetch = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (fetch, pw_task_media_fetch_async);
  request = g_new0 (Request, 1);
  request->store = g_object_ref (store);
  request->connector = g_object_ref (connector);
  request->account_id = g_strdup (task->account_id);
  request->task_id = g_strdup (task->task_id);
  request->task_json = g_strdup (task->task_json);
  request->media_dir = g_object_ref (media_dir);
  request->progress = progress;
  request->progress_data = progress_data;
  g_task_set_task_data (fetch, request, request_free);

  if (pw_task_media_is_downloading (task->account_id, task->task_id))
    {
      start_or_join (fetch, store, connector, task->account_id, task->task_id, NULL, media_dir,
                     progress, progress_data);
      return;
    }
  {
    GTask *look = g_task_new (NULL, cancellable, on_looked_in_store, g_object_ref (fetch));

    g_task_set_source_tag (look, look_in_store_thread);
    g_task_set_task_data (look, request, NULL);
    g_task_run_in_thread (look, look_in_store_thread);
    g_object_unref (look);
  }
}

/**
 * pw_task_media_fetch_finish:
 *
 * Returns: (transfer full): the media's path in the cache, or %NULL with
 *   why it could not come
 */
char *
pw_task_media_fetch_finish (GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == pw_task_media_fetch_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
