/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include "pw-image-cache-private.h"

/* The decodes behind a PwImageCache. Each runs in a worker thread and is
 * shared by every request for the same image: a job has the requests that
 * wait for it, and whether a prefetch wants it kept anyway. Jobs are
 * started, joined, answered and cancelled on the main thread only. */

typedef struct
{
  PwImageCache *cache;   /* NULL once the cache is gone */
  char *key;
  char *path;
  int fit_width;
  int fit_height;
  gboolean full_resolution;
  gboolean prefetch;
  GCancellable *cancellable;
  GPtrArray *waiters;
} CacheJob;

typedef struct
{
  GTask *task;
  GSource *cancel_source;
  CacheJob *job;
} Waiter;

typedef struct
{
  PwImage *image;
  PwImageInfo info;
} JobResult;

static void
waiter_free (Waiter *waiter)
{
  if (waiter->cancel_source != NULL)
    {
      g_source_destroy (waiter->cancel_source);
      g_source_unref (waiter->cancel_source);
    }
  g_clear_object (&waiter->task);
  g_free (waiter);
}

static void
cache_job_free (gpointer data)
{
  CacheJob *job = data;

  /* Runs on whichever thread drops the task last; by then the main thread
   * has answered every waiter. */
  g_assert (job->waiters->len == 0);
  g_ptr_array_unref (job->waiters);
  g_clear_object (&job->cancellable);
  g_free (job->key);
  g_free (job->path);
  g_free (job);
}

static void
job_result_free (gpointer data)
{
  JobResult *result = data;

  g_clear_pointer (&result->image, pw_image_unref);
  g_free (result);
}

static void
forget_job (CacheJob *job)
{
  if (job->cache != NULL && g_hash_table_lookup (job->cache->jobs, job->key) == job)
    g_hash_table_remove (job->cache->jobs, job->key);
  job->cache = NULL;
}

static void
job_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  CacheJob *job = task_data;
  GError *error = NULL;
  JobResult *result = g_new0 (JobResult, 1);

  result->image = pw_image_load_file (job->path,
                                      job->full_resolution ? 0 : job->fit_width,
                                      job->full_resolution ? 0 : job->fit_height,
                                      &result->info, cancellable, &error);
  if (result->image == NULL)
    {
      job_result_free (result);
      g_task_return_error (task, error);
      return;
    }

  g_task_return_pointer (task, result, job_result_free);
}

static void
job_done (GObject      *source_object,
          GAsyncResult *async_result,
          gpointer      user_data)
{
  CacheJob *job = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) waiters = NULL;
  JobResult *result;

  result = g_task_propagate_pointer (G_TASK (async_result), &error);

  if (result != NULL && job->cache != NULL)
    _pw_image_cache_store (job->cache, job->path, &result->info, result->image);
  forget_job (job);

  /* Answered last: a callback may call back into the cache. */
  waiters = g_steal_pointer (&job->waiters);
  job->waiters = g_ptr_array_new ();
  for (guint i = 0; i < waiters->len; i++)
    {
      Waiter *waiter = g_ptr_array_index (waiters, i);

      /* No cancellation may reach a waiter that is answered. */
      if (waiter->cancel_source != NULL)
        {
          g_source_destroy (waiter->cancel_source);
          g_clear_pointer (&waiter->cancel_source, g_source_unref);
        }
      if (result != NULL)
        g_task_return_pointer (waiter->task, pw_image_ref (result->image),
                               (GDestroyNotify) pw_image_unref);
      else
        g_task_return_error (waiter->task, g_error_copy (error));
      waiter_free (waiter);
    }

  g_clear_pointer (&result, job_result_free);
}

static gboolean
on_waiter_cancelled (GCancellable *cancellable,
                     gpointer      user_data)
{
  Waiter *waiter = user_data;
  CacheJob *job = waiter->job;
  GTask *task = g_steal_pointer (&waiter->task);

  g_ptr_array_remove_fast (job->waiters, waiter);
  g_source_unref (g_steal_pointer (&waiter->cancel_source));
  waiter_free (waiter);

  /* Nobody wants it now: stop decoding at the next stage. */
  if (job->waiters->len == 0 && !job->prefetch)
    {
      forget_job (job);
      g_cancellable_cancel (job->cancellable);
    }

  g_task_return_error_if_cancelled (task);
  g_object_unref (task);

  return G_SOURCE_REMOVE;
}

static char *
job_key (PwImageCache *self,
         const char   *path,
         int           fit_width,
         int           fit_height,
         gboolean      full_resolution)
{
  PathInfo *path_info = g_hash_table_lookup (self->infos, path);

  if (full_resolution || fit_width <= 0 || fit_height <= 0)
    return _pw_image_cache_entry_key (path, 1);
  if (path_info != NULL)
    return _pw_image_cache_entry_key (path, pw_image_info_pick_scale (&path_info->info, fit_width, fit_height));

  /* The scale is known once the header is read, in the thread. */
  return g_strdup_printf ("fit %dx%d:%s", fit_width, fit_height, path);
}

static CacheJob *
find_or_start_job (PwImageCache *self,
                   const char   *path,
                   int           fit_width,
                   int           fit_height,
                   gboolean      full_resolution)
{
  g_autofree char *key = job_key (self, path, fit_width, fit_height, full_resolution);
  g_autoptr (GTask) task = NULL;
  CacheJob *job;

  job = g_hash_table_lookup (self->jobs, key);
  if (job != NULL)
    return job;

  job = g_new0 (CacheJob, 1);
  job->cache = self;
  job->key = g_steal_pointer (&key);
  job->path = g_strdup (path);
  job->fit_width = fit_width;
  job->fit_height = fit_height;
  job->full_resolution = full_resolution;
  job->cancellable = g_cancellable_new ();
  job->waiters = g_ptr_array_new ();
  g_hash_table_insert (self->jobs, job->key, job);

  /* No source object: a prefetch must not keep the cache alive. */
  task = g_task_new (NULL, job->cancellable, job_done, job);
  g_task_set_source_tag (task, find_or_start_job);
  g_task_set_task_data (task, job, cache_job_free);
  g_task_run_in_thread (task, job_thread);

  return job;
}

/* Adds @task, a pw_image_cache_load_async() request, to the decode of its
 * image, starting one if needed. The task is answered from job_done(), or
 * from on_waiter_cancelled() when its cancellable goes first. */
void
_pw_image_cache_wait_for (PwImageCache *self,
                          const char   *path,
                          int           fit_width,
                          int           fit_height,
                          gboolean      full_resolution,
                          GTask        *task)
{
  GCancellable *cancellable = g_task_get_cancellable (task);
  Waiter *waiter = g_new0 (Waiter, 1);

  waiter->job = find_or_start_job (self, path, fit_width, fit_height, full_resolution);
  waiter->task = task;
  if (cancellable != NULL)
    {
      waiter->cancel_source = g_cancellable_source_new (cancellable);
      g_source_set_callback (waiter->cancel_source, G_SOURCE_FUNC (on_waiter_cancelled),
                             waiter, NULL);
      g_source_attach (waiter->cancel_source, g_task_get_context (task));
    }
  g_ptr_array_add (waiter->job->waiters, waiter);
}

/* Starts or joins the decode of @path for @fit_width × @fit_height and marks
 * it wanted even when no request waits for it. */
void
_pw_image_cache_start (PwImageCache *self,
                       const char   *path,
                       int           fit_width,
                       int           fit_height)
{
  CacheJob *job = find_or_start_job (self, path, fit_width, fit_height, FALSE);

  job->prefetch = TRUE;
}

/* Stops the prefetches of the images not in @kept, a set of paths, that no
 * request waits for: their decodes stop at their next stage and keep
 * nothing. A prefetch some request joined goes on for that request. */
void
_pw_image_cache_stop_prefetches (PwImageCache *self,
                                 GHashTable   *kept)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->jobs);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      CacheJob *job = value;

      if (!job->prefetch || g_hash_table_contains (kept, job->path))
        continue;
      job->prefetch = FALSE;
      if (job->waiters->len > 0)
        continue;
      job->cache = NULL;
      g_cancellable_cancel (job->cancellable);
      g_hash_table_iter_remove (&iter);
    }
}

/* The cache is going: its jobs stop at their next stage and keep nothing. */
void
_pw_image_cache_drop_jobs (PwImageCache *self)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->jobs);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      CacheJob *job = value;

      job->cache = NULL;
      g_cancellable_cancel (job->cancellable);
      g_hash_table_iter_remove (&iter);
    }
}
