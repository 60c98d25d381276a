/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include "pw-image-cache-private.h"

/* Decoded images kept for the next look, so moving between tasks shows the
 * image at once. Entries are keyed by file and decoding scale, and the least
 * recently used go first when the pixels outgrow the budget. Decoding runs
 * in worker threads; everything else happens on the main thread, so the
 * tables need no lock. Requests for an image being decoded join that decode
 * rather than start another: see pw-image-cache-jobs.c. */

G_DEFINE_FINAL_TYPE (PwImageCache, pw_image_cache, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_BUDGET,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct
{
  char *key;
  char *path;
  PwImage *image;
  GList link;
} CacheEntry;

char *
_pw_image_cache_entry_key (const char *path,
                           guint       scale)
{
  return g_strdup_printf ("%u:%s", scale, path);
}

static void
cache_entry_free (gpointer data)
{
  CacheEntry *entry = data;

  g_free (entry->key);
  g_free (entry->path);
  pw_image_unref (entry->image);
  g_free (entry);
}

static void
remove_entry (PwImageCache *self,
              CacheEntry   *entry)
{
  PathInfo *path_info = g_hash_table_lookup (self->infos, entry->path);

  g_assert (path_info != NULL && path_info->n_entries > 0);

  if (--path_info->n_entries == 0)
    g_hash_table_remove (self->infos, entry->path);
  g_queue_unlink (&self->lru, &entry->link);
  self->size -= pw_image_get_size (entry->image);
  g_hash_table_remove (self->entries, entry->key);
}

static void
evict_to_budget (PwImageCache *self)
{
  while (self->size > self->budget && self->lru.tail != NULL)
    remove_entry (self, self->lru.tail->data);
}

/* Keeps @image, decoded from @path, making room for it. */
void
_pw_image_cache_store (PwImageCache      *self,
                       const char        *path,
                       const PwImageInfo *info,
                       PwImage           *image)
{
  guint scale = pw_image_get_scale_denominator (image);
  g_autofree char *key = _pw_image_cache_entry_key (path, scale);
  CacheEntry *entry;
  PathInfo *path_info;

  /* An image larger than the whole budget would only push out the rest. */
  if (pw_image_get_size (image) > self->budget)
    return;

  entry = g_hash_table_lookup (self->entries, key);
  if (entry != NULL)
    remove_entry (self, entry);

  path_info = g_hash_table_lookup (self->infos, path);
  if (path_info == NULL)
    {
      path_info = g_new0 (PathInfo, 1);
      g_hash_table_insert (self->infos, g_strdup (path), path_info);
    }
  path_info->info = *info;
  path_info->n_entries++;

  entry = g_new0 (CacheEntry, 1);
  entry->key = g_steal_pointer (&key);
  entry->path = g_strdup (path);
  entry->image = pw_image_ref (image);
  entry->link.data = entry;
  g_hash_table_insert (self->entries, entry->key, entry);
  g_queue_push_head_link (&self->lru, &entry->link);
  self->size += pw_image_get_size (image);

  evict_to_budget (self);
}

static void
pw_image_cache_dispose (GObject *object)
{
  PwImageCache *self = PW_IMAGE_CACHE (object);

  _pw_image_cache_drop_jobs (self);
  while (self->lru.head != NULL)
    remove_entry (self, self->lru.head->data);

  G_OBJECT_CLASS (pw_image_cache_parent_class)->dispose (object);
}

static void
pw_image_cache_finalize (GObject *object)
{
  PwImageCache *self = PW_IMAGE_CACHE (object);

  g_clear_pointer (&self->entries, g_hash_table_unref);
  g_clear_pointer (&self->infos, g_hash_table_unref);
  g_clear_pointer (&self->jobs, g_hash_table_unref);

  G_OBJECT_CLASS (pw_image_cache_parent_class)->finalize (object);
}

static void
pw_image_cache_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  PwImageCache *self = PW_IMAGE_CACHE (object);

  switch (prop_id)
    {
    case PROP_BUDGET:
      g_value_set_uint64 (value, self->budget);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pw_image_cache_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  PwImageCache *self = PW_IMAGE_CACHE (object);

  switch (prop_id)
    {
    case PROP_BUDGET:
      pw_image_cache_set_budget (self, g_value_get_uint64 (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pw_image_cache_class_init (PwImageCacheClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = pw_image_cache_dispose;
  object_class->finalize = pw_image_cache_finalize;
  object_class->get_property = pw_image_cache_get_property;
  object_class->set_property = pw_image_cache_set_property;

  /**
   * PwImageCache:budget:
   *
   * The bytes of decoded pixels the cache keeps at most.
   */
  properties[PROP_BUDGET] =
    g_param_spec_uint64 ("budget", NULL, NULL,
                         0, G_MAXUINT64, 512 * 1024 * 1024,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT
                         | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pw_image_cache_init (PwImageCache *self)
{
  self->entries = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, cache_entry_free);
  self->infos = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->jobs = g_hash_table_new (g_str_hash, g_str_equal);
  g_queue_init (&self->lru);
}

/**
 * pw_image_cache_new:
 * @budget: the bytes of decoded pixels to keep at most
 *
 * Makes a cache for the main thread. A 48 MP photo takes 144 MB at full
 * size and 9 MB at a quarter of it.
 *
 * Returns: (transfer full): a new #PwImageCache
 */
PwImageCache *
pw_image_cache_new (guint64 budget)
{
  return g_object_new (PW_TYPE_IMAGE_CACHE, "budget", budget, NULL);
}

guint64
pw_image_cache_get_budget (PwImageCache *self)
{
  g_return_val_if_fail (PW_IS_IMAGE_CACHE (self), 0);

  return self->budget;
}

/**
 * pw_image_cache_set_budget:
 * @self: a #PwImageCache
 * @budget: the bytes of decoded pixels to keep at most
 *
 * Changes the budget, dropping the least recently used images at once if
 * they no longer fit.
 */
void
pw_image_cache_set_budget (PwImageCache *self,
                           guint64       budget)
{
  g_return_if_fail (PW_IS_IMAGE_CACHE (self));

  if (self->budget == budget)
    return;

  self->budget = budget;
  evict_to_budget (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUDGET]);
}

/**
 * pw_image_cache_get_size:
 * @self: a #PwImageCache
 *
 * Returns: the bytes of decoded pixels the cache holds now
 */
guint64
pw_image_cache_get_size (PwImageCache *self)
{
  g_return_val_if_fail (PW_IS_IMAGE_CACHE (self), 0);

  return self->size;
}

/**
 * pw_image_cache_lookup:
 * @self: a #PwImageCache
 * @path: an image file
 * @fit_width: the width to fit the image into, in device pixels
 * @fit_height: the height to fit the image into, in device pixels
 * @full_resolution: whether only the full-size image will do
 *
 * Looks for a decoded image of @path that fills @fit_width × @fit_height,
 * without decoding: the canvas uses it to draw in the same frame. An image
 * decoded at a larger scale than needed serves too.
 *
 * Returns: (transfer full) (nullable): the image, or %NULL
 */
PwImage *
pw_image_cache_lookup (PwImageCache *self,
                       const char   *path,
                       int           fit_width,
                       int           fit_height,
                       gboolean      full_resolution)
{
  PathInfo *path_info;
  guint scale = 1;

  g_return_val_if_fail (PW_IS_IMAGE_CACHE (self), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  path_info = g_hash_table_lookup (self->infos, path);
  if (path_info == NULL)
    return NULL;

  if (!full_resolution)
    scale = pw_image_info_pick_scale (&path_info->info, fit_width, fit_height);

  for (; scale >= 1; scale /= 2)
    {
      g_autofree char *key = _pw_image_cache_entry_key (path, scale);
      CacheEntry *entry = g_hash_table_lookup (self->entries, key);

      if (entry != NULL)
        {
          g_queue_unlink (&self->lru, &entry->link);
          g_queue_push_head_link (&self->lru, &entry->link);
          return pw_image_ref (entry->image);
        }
    }

  return NULL;
}

/**
 * pw_image_cache_load_async:
 * @self: a #PwImageCache
 * @path: an image file
 * @fit_width: the width to fit the image into, in device pixels
 * @fit_height: the height to fit the image into, in device pixels
 * @full_resolution: %TRUE for the full-size image, to zoom in; %FALSE for
 *   the smallest decode that fills @fit_width × @fit_height
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the main context when done
 * @user_data: data for @callback
 *
 * Gets the image from the cache, or decodes it in a thread and keeps it.
 * Cancelling answers at once; the decode stops at its next stage unless
 * another request or a prefetch still wants it.
 */
void
pw_image_cache_load_async (PwImageCache        *self,
                           const char          *path,
                           int                  fit_width,
                           int                  fit_height,
                           gboolean             full_resolution,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr (GTask) task = NULL;
  g_autoptr (PwImage) image = NULL;

  g_return_if_fail (PW_IS_IMAGE_CACHE (self));
  g_return_if_fail (path != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pw_image_cache_load_async);

  if (g_task_return_error_if_cancelled (task))
    return;

  image = pw_image_cache_lookup (self, path, fit_width, fit_height, full_resolution);
  if (image != NULL)
    {
      g_task_return_pointer (task, g_steal_pointer (&image), (GDestroyNotify) pw_image_unref);
      return;
    }

  _pw_image_cache_wait_for (self, path, fit_width, fit_height, full_resolution,
                            g_steal_pointer (&task));
}

/**
 * pw_image_cache_load_finish:
 * @self: a #PwImageCache
 * @result: the #GAsyncResult given to the callback
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the image as shown
 */
PwImage *
pw_image_cache_load_finish (PwImageCache  *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (PW_IS_IMAGE_CACHE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == pw_image_cache_load_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * pw_image_cache_prefetch:
 * @self: a #PwImageCache
 * @path: an image file, such as the next task's
 * @fit_width: the width to fit the image into, in device pixels
 * @fit_height: the height to fit the image into, in device pixels
 *
 * Decodes @path for @fit_width × @fit_height in the background and keeps
 * it, so that pw_image_cache_load_async() finds it, or joins the decode if
 * it is not done yet. Errors are left for that later request to report.
 */
void
pw_image_cache_prefetch (PwImageCache *self,
                         const char   *path,
                         int           fit_width,
                         int           fit_height)
{
  g_autoptr (PwImage) image = NULL;

  g_return_if_fail (PW_IS_IMAGE_CACHE (self));
  g_return_if_fail (path != NULL);

  image = pw_image_cache_lookup (self, path, fit_width, fit_height, FALSE);
  if (image != NULL)
    return;

  _pw_image_cache_start (self, path, fit_width, fit_height);
}

/**
 * pw_image_cache_prefetch_only:
 * @self: a #PwImageCache
 * @paths: (array zero-terminated=1) (nullable): the images to have ready,
 *   such as the next and the previous of a folder
 * @fit_width: the width to fit them into, in device pixels
 * @fit_height: the height to fit them into, in device pixels
 *
 * Prefetches each of @paths as pw_image_cache_prefetch() does, and stops
 * the prefetches of every other image that no request waits for: when the
 * worker moves elsewhere, the images around the place they left stop
 * taking a processor, and what they would have taken of the budget. With
 * @paths %NULL or empty, only stops.
 */
void
pw_image_cache_prefetch_only (PwImageCache       *self,
                              const char * const *paths,
                              int                 fit_width,
                              int                 fit_height)
{
  g_autoptr (GHashTable) kept = g_hash_table_new (g_str_hash, g_str_equal);

  g_return_if_fail (PW_IS_IMAGE_CACHE (self));

  for (guint i = 0; paths != NULL && paths[i] != NULL; i++)
    g_hash_table_add (kept, (gpointer) paths[i]);
  _pw_image_cache_stop_prefetches (self, kept);
  for (guint i = 0; paths != NULL && paths[i] != NULL; i++)
    pw_image_cache_prefetch (self, paths[i], fit_width, fit_height);
}
