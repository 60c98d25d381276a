/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <string.h>

#include "pw-error.h"
#include "pw-image-folder-private.h"
#include "pw-labelme-file.h"

/* The labels a folder's labelme files add to its labels.txt, read after
 * the first image is on screen. A thread reads the files in the order of
 * pw_folder_labels_list_files(), the order the exports read them in, and
 * hands each name it sees first to the main thread, which appends it to
 * the folder's labels: the list fills in as the files are read and ends
 * as pw_folder_labels_new() would have made it. A file that cannot be
 * read is skipped and told at the end; it blocks nothing. */

/* How often, at most, the thread wakes the main thread for progress alone;
 * a new label is handed over at once. */
#define PROGRESS_INTERVAL_US (50 * G_TIME_SPAN_MILLISECOND)

typedef struct
{
  gatomicrefcount  ref_count;
  PwImageFolder   *folder;
  GMainContext    *context;
  GCancellable    *cancellable;

  GMutex           lock;
  /* Under the lock: names first seen and not yet appended, how far the
   * thread is, and whether a handover is queued */
  GPtrArray       *pending;
  guint            n_read;
  guint            n_files;
  GSource         *flush_queued;

  /* The thread's own: the labelme files that cannot be read (GError) */
  GPtrArray       *unreadable;
  /* Taken on the main thread for the thread: the labeled flags, and the
   * folder's JSON files as listed, or %NULL to list them again */
  GByteArray      *labeled;
  GArray          *json_names;
  PwNameOrder     *order;
} LabelScan;

static LabelScan *
label_scan_ref (LabelScan *scan)
{
  g_atomic_ref_count_inc (&scan->ref_count);
  return scan;
}

static void
label_scan_unref (gpointer data)
{
  LabelScan *scan = data;

  if (!g_atomic_ref_count_dec (&scan->ref_count))
    return;

  g_clear_object (&scan->folder);
  g_main_context_unref (scan->context);
  g_clear_object (&scan->cancellable);
  g_clear_pointer (&scan->flush_queued, g_source_unref);
  g_mutex_clear (&scan->lock);
  g_ptr_array_unref (scan->pending);
  g_clear_pointer (&scan->unreadable, g_ptr_array_unref);
  g_clear_pointer (&scan->labeled, g_byte_array_unref);
  g_clear_pointer (&scan->json_names, g_array_unref);
  g_clear_pointer (&scan->order, pw_name_order_free);
  g_free (scan);
}

/* On the main thread: appends what the thread found and tells how far it is. */
static void
flush (LabelScan *scan)
{
  g_autoptr (GPtrArray) names = NULL;
  guint n_read, n_files;

  g_mutex_lock (&scan->lock);
  names = g_steal_pointer (&scan->pending);
  scan->pending = g_ptr_array_new_with_free_func (g_free);
  n_read = scan->n_read;
  n_files = scan->n_files;
  g_clear_pointer (&scan->flush_queued, g_source_unref);
  g_mutex_unlock (&scan->lock);

  if (g_cancellable_is_cancelled (scan->cancellable))
    return;

  for (guint i = 0; i < names->len; i++)
    pw_label_set_append_used (scan->folder->labels, g_ptr_array_index (names, i));
  _pw_image_folder_labels_progress (scan->folder, n_read, n_files);
}

static gboolean
flush_source (gpointer data)
{
  flush (data);
  return G_SOURCE_REMOVE;
}

/* On the thread, under the lock. */
static void
queue_flush (LabelScan *scan)
{
  if (scan->flush_queued != NULL)
    return;

  scan->flush_queued = g_idle_source_new ();
  g_source_set_priority (scan->flush_queued, G_PRIORITY_DEFAULT_IDLE);
  g_source_set_callback (scan->flush_queued, flush_source, label_scan_ref (scan),
                         label_scan_unref);
  g_source_set_static_name (scan->flush_queued, "[piecework] folder labels");
  g_source_attach (scan->flush_queued, scan->context);
}

/* On the main thread, once the thread is done: a handover still queued
 * would hold the folder after the caller is told. */
static void
unqueue_flush (LabelScan *scan)
{
  g_autoptr (GSource) queued = NULL;

  g_mutex_lock (&scan->lock);
  queued = g_steal_pointer (&scan->flush_queued);
  g_mutex_unlock (&scan->lock);
  if (queued != NULL)
    g_source_destroy (queued);
}

static void
collect_label (gpointer label,
               gpointer labels)
{
  g_ptr_array_add (labels, label);
}

/* The names of the labelme files of the folder's images: those whose
 * damage is told. Other JSON files of the folder are no one's shapes. */
static GHashTable *
labelme_files_of_images (PwImageFolder *folder,
                         GByteArray    *labeled)
{
  GHashTable *files = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < labeled->len; i++)
    {
      const char *name = _pw_image_folder_name_at (folder, g_array_index (folder->images, guint32, i));
      const char *dot = strrchr (name, '.');

      if (labeled->data[i] && !g_path_is_absolute (name))
        g_hash_table_add (files, dot != NULL && dot != name
                                   ? g_strdup_printf ("%.*s.json", (int) (dot - name), name)
                                   : g_strconcat (name, ".json", NULL));
    }
  return files;
}

static int
compare_json_names (gconstpointer a,
                    gconstpointer b,
                    gpointer      user_data)
{
  LabelScan *scan = user_data;

  return pw_name_order_compare (scan->order,
                                _pw_image_folder_name_at (scan->folder, *(const guint32 *) a),
                                _pw_image_folder_name_at (scan->folder, *(const guint32 *) b));
}

/* The folder's JSON files in the order a file manager shows them: from
 * its listing when the folder was listed, else listed again. */
static GPtrArray *
list_json_files (LabelScan     *scan,
                 GCancellable  *cancellable,
                 GError       **error)
{
  GPtrArray *files;

  if (scan->json_names == NULL)
    return pw_folder_labels_list_files (scan->folder->folder, cancellable, error);

  g_qsort_with_data (scan->json_names->data, scan->json_names->len, sizeof (guint32),
                     compare_json_names, scan);
  files = g_ptr_array_new_full (scan->json_names->len, g_object_unref);
  for (guint i = 0; i < scan->json_names->len; i++)
    g_ptr_array_add (files, g_file_get_child (scan->folder->folder,
                                              _pw_image_folder_name_at (scan->folder,
                                                                        g_array_index (scan->json_names, guint32, i))));
  return files;
}

static void
read_labels_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  LabelScan *scan = task_data;
  g_autoptr (GPtrArray) files = NULL;
  g_autoptr (GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GHashTable) of_images = NULL;
  GError *error = NULL;
  gint64 last_flush = 0;

  files = list_json_files (scan, cancellable, &error);
  if (files == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  of_images = labelme_files_of_images (scan->folder, scan->labeled);

  g_mutex_lock (&scan->lock);
  scan->n_files = files->len;
  queue_flush (scan);
  g_mutex_unlock (&scan->lock);

  for (guint i = 0; i < files->len; i++)
    {
      GFile *file = g_ptr_array_index (files, i);
      g_autoptr (PwLabelmeFile) labelme = NULL;
      g_autoptr (GError) local_error = NULL;
      g_autoptr (GPtrArray) labels = g_ptr_array_new ();
      g_autofree char *basename = NULL;
      guint n_seen;
      gint64 now;

      if (g_task_return_error_if_cancelled (task))
        return;

      labelme = pw_labelme_file_load (file, &local_error);
      if (labelme == NULL
          && g_hash_table_contains (of_images, basename = g_file_get_basename (file)))
        g_ptr_array_add (scan->unreadable, g_steal_pointer (&local_error));

      n_seen = g_hash_table_size (seen);
      if (labelme != NULL)
        {
          g_autoptr (PwAnnotation) annotation = pw_labelme_file_to_annotation (labelme);

          pw_folder_labels_foreach_used (annotation, collect_label, labels);
          for (guint j = 0; j < labels->len; j++)
            {
              const char *label = g_ptr_array_index (labels, j);

              if (g_hash_table_add (seen, g_strdup (label)))
                {
                  g_mutex_lock (&scan->lock);
                  g_ptr_array_add (scan->pending, g_strdup (label));
                  g_mutex_unlock (&scan->lock);
                }
            }
        }

      now = g_get_monotonic_time ();
      g_mutex_lock (&scan->lock);
      scan->n_read = i + 1;
      if (g_hash_table_size (seen) > n_seen || now - last_flush >= PROGRESS_INTERVAL_US)
        {
          queue_flush (scan);
          last_flush = now;
        }
      g_mutex_unlock (&scan->lock);
    }

  g_task_return_boolean (task, TRUE);
}

/* On the main thread, after the last handover was queued: hands over what
 * is left, then tells the caller. */
static void
on_thread_done (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  LabelScan *scan = g_task_get_task_data (G_TASK (result));
  GError *error = NULL;

  unqueue_flush (scan);
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_clear_object (&scan->folder);
      g_task_return_error (task, error);
      return;
    }

  flush (scan);
  /* The thread's task outlives this call: the folder is the caller's. */
  g_clear_object (&scan->folder);
  g_task_return_pointer (task, g_steal_pointer (&scan->unreadable),
                         (GDestroyNotify) g_ptr_array_unref);
}

/**
 * pw_image_folder_read_labels_async:
 * @self: a #PwImageFolder
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when every labelme file of the folder is read
 * @user_data: data for @callback
 *
 * Reads the labels the folder's labelme files use, on a thread, and
 * appends each to pw_image_folder_get_labels() on this thread as it is
 * found, in the order pw_folder_labels_new() gives them, so the list of
 * labels fills in while the worker labels; #PwImageFolder::labels-progress
 * tells how far it is. Call it once, after the first image is shown.
 */
void
pw_image_folder_read_labels_async (PwImageFolder       *self,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr (GTask) task = NULL;
  g_autoptr (GTask) thread_task = NULL;
  LabelScan *scan;

  g_return_if_fail (PW_IS_IMAGE_FOLDER (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pw_image_folder_read_labels_async);

  scan = g_new0 (LabelScan, 1);
  g_atomic_ref_count_init (&scan->ref_count);
  scan->folder = g_object_ref (self);
  scan->context = g_main_context_ref_thread_default ();
  scan->cancellable = cancellable != NULL ? g_object_ref (cancellable) : NULL;
  g_mutex_init (&scan->lock);
  scan->pending = g_ptr_array_new_with_free_func (g_free);
  scan->unreadable = g_ptr_array_new_with_free_func ((GDestroyNotify) g_error_free);
  scan->labeled = g_byte_array_sized_new (self->labeled->len);
  g_byte_array_append (scan->labeled, self->labeled->data, self->labeled->len);
  if (self->json_names != NULL)
    {
      scan->json_names = g_array_sized_new (FALSE, FALSE, sizeof (guint32), self->json_names->len);
      g_array_append_vals (scan->json_names, self->json_names->data, self->json_names->len);
    }
  scan->order = pw_name_order_new ();

  thread_task = g_task_new (NULL, cancellable, on_thread_done, g_steal_pointer (&task));
  g_task_set_task_data (thread_task, scan, label_scan_unref);
  g_task_run_in_thread (thread_task, read_labels_thread);
}

/**
 * pw_image_folder_read_labels_finish:
 * @self: a #PwImageFolder
 * @result: the #GAsyncResult given to the callback
 * @error: return location for a #GError
 *
 * Returns: (transfer container) (element-type GError): the labelme files
 *   of the folder's images that could not be read, each error naming its
 *   file, perhaps none; or %NULL with an error when the folder could not
 *   be listed or the reading was cancelled
 */
GPtrArray *
pw_image_folder_read_labels_finish (PwImageFolder  *self,
                                    GAsyncResult   *result,
                                    GError        **error)
{
  g_return_val_if_fail (PW_IS_IMAGE_FOLDER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result))
                          == pw_image_folder_read_labels_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
