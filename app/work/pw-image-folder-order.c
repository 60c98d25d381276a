/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <string.h>

#include "pw-image-folder-private.h"

/* Putting a folder's images in order after the first is shown: a thread
 * sorts their names, the main thread gives every image its place at once
 * and then fills the list a slice at a time, so no frame waits for a
 * hundred thousand rows to be counted in. */

/* How long one slice of the list's filling may take, at most */
#define FILL_SLICE_US (4 * G_TIME_SPAN_MILLISECOND)
#define FILL_STEP 1024

typedef struct
{
  PwNameOrder   *order;
  PwImageFolder *folder;
} SortContext;

/* The file name of an image listed by its path, or its name */
static const char *
file_name (const char *name)
{
  const char *slash = name[0] == G_DIR_SEPARATOR ? strrchr (name, G_DIR_SEPARATOR) : NULL;

  return slash != NULL ? slash + 1 : name;
}

static int
compare_images (gconstpointer a,
                gconstpointer b,
                gpointer      user_data)
{
  SortContext *context = user_data;
  GArray *images = context->folder->images;
  guint32 image_a = *(const guint32 *) a, image_b = *(const guint32 *) b;

  return pw_name_order_compare (context->order,
                                file_name (_pw_image_folder_name_at (context->folder,
                                                                     g_array_index (images, guint32, image_a))),
                                file_name (_pw_image_folder_name_at (context->folder,
                                                                     g_array_index (images, guint32, image_b))));
}

/* Sorts @images, numbers in the order listed, by their names; a stable
 * sort, so the same names keep the order listed. */
void
_pw_image_folder_sort (PwImageFolder *self,
                       PwNameOrder   *order,
                       guint32       *images,
                       guint          n_images)
{
  SortContext context = { order, self };

  g_qsort_with_data (images, n_images, sizeof (guint32), compare_images, &context);
}

typedef struct
{
  PwNameOrder *order;
  guint32     *places;
  guint        n_places;
  guint        fill_id;
} Ordering;

static void
ordering_free (gpointer data)
{
  Ordering *ordering = data;

  pw_name_order_free (ordering->order);
  g_free (ordering->places);
  g_clear_handle_id (&ordering->fill_id, g_source_remove);
  g_free (ordering);
}

static void
sort_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  PwImageFolder *self = source_object;
  Ordering *ordering = task_data;

  /* Only names are read here; the main thread changes none of them. */
  ordering->places = g_new (guint32, ordering->n_places);
  for (guint i = 0; i < ordering->n_places; i++)
    ordering->places[i] = i;
  _pw_image_folder_sort (self, ordering->order, ordering->places, ordering->n_places);
  g_task_return_boolean (task, TRUE);
}

static gboolean
fill_slice (gpointer user_data)
{
  GTask *task = user_data;
  PwImageFolder *self = g_task_get_source_object (task);
  Ordering *ordering = g_task_get_task_data (task);
  gint64 started = g_get_monotonic_time ();

  if (g_task_return_error_if_cancelled (task))
    {
      ordering->fill_id = 0;
      return G_SOURCE_REMOVE;
    }
  do
    _pw_image_folder_show_places (self, MIN (self->n_shown + FILL_STEP, self->places->len));
  while (self->n_shown < self->places->len
         && g_get_monotonic_time () - started < FILL_SLICE_US);

  if (self->n_shown < self->places->len)
    return G_SOURCE_CONTINUE;
  ordering->fill_id = 0;
  g_task_return_boolean (task, TRUE);
  return G_SOURCE_REMOVE;
}

static void
fill (GTask *task)
{
  Ordering *ordering = g_task_get_task_data (task);

  /* Below the frames' priority, so each slice waits for the frame due. */
  ordering->fill_id = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, fill_slice, g_object_ref (task),
                                       g_object_unref);
}

static void
on_sorted (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  PwImageFolder *self = PW_IMAGE_FOLDER (source);
  Ordering *ordering = g_task_get_task_data (G_TASK (result));

  if (g_task_return_error_if_cancelled (task))
    return;

  if (!self->ordered)
    {
      /* The start keeps its place: the same order found it. */
      g_assert (ordering->places[self->start]
                == g_array_index (self->places, guint32, self->start));
      memcpy (self->places->data, ordering->places, ordering->n_places * sizeof (guint32));
      self->ordered = TRUE;
    }
  fill (task);
}

/**
 * pw_image_folder_order_async:
 * @self: a #PwImageFolder
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when every image has its place and the list holds
 *   them all
 * @user_data: data for @callback
 *
 * Puts the images of a folder opened with pw_image_folder_load_async()
 * in the order a file manager shows them, on a thread, then shows them
 * in the list model, a slice of them in each turn of the main loop. Call
 * it once the first image is on screen. Each image has its place, and
 * pw_image_folder_is_ordered() says so, before the list is full.
 */
void
pw_image_folder_order_async (PwImageFolder       *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr (GTask) task = NULL;
  g_autoptr (GTask) sort_task = NULL;
  Ordering *ordering;

  g_return_if_fail (PW_IS_IMAGE_FOLDER (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pw_image_folder_order_async);
  ordering = g_new0 (Ordering, 1);
  ordering->n_places = self->places->len;
  g_task_set_task_data (task, ordering, ordering_free);

  if (self->ordered)
    {
      fill (task);
      return;
    }

  /* The comparisons made while listing come along: a name whose key was
   * made then needs none again. The thread alone uses them. */
  ordering->order = self->name_order != NULL ? g_steal_pointer (&self->name_order)
                                             : pw_name_order_new ();
  sort_task = g_task_new (self, cancellable, on_sorted, g_object_ref (task));
  g_task_set_task_data (sort_task, ordering, NULL);
  g_task_run_in_thread (sort_task, sort_thread);
}

/**
 * pw_image_folder_order_finish:
 * @self: a #PwImageFolder
 * @result: the #GAsyncResult given to the callback
 * @error: return location for a #GError
 *
 * Returns: %TRUE when the images are in order and in the list, %FALSE
 *   when cancelled
 */
gboolean
pw_image_folder_order_finish (PwImageFolder  *self,
                              GAsyncResult   *result,
                              GError        **error)
{
  g_return_val_if_fail (PW_IS_IMAGE_FOLDER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == pw_image_folder_order_async,
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
