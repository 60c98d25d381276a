/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <string.h>

#include "pw-file-write.h"
#include "pw-image-folder-private.h"

/**
 * PwImageFolder:
 *
 * The images a worker labels on this computer: a folder's JPEG and PNG
 * files, or the images the worker picked, each with whether labelme's JSON
 * file sits beside it, and the labels the folder uses. It is the
 * #GListModel of its images, each a #GFile.
 *
 * The labels come from a `labels.txt` in the folder, as labelme's
 * `--labels` option reads it, so labelme and Piecework offer the same
 * list, followed by the other labels its labelme files already use, so a
 * worker who started in labelme goes on with the same names; the exports
 * number their classes by the same list (pw-folder-labels.c).
 */

static GType
list_get_item_type (GListModel *model)
{
  return G_TYPE_FILE;
}

static guint
list_get_n_items (GListModel *model)
{
  return PW_IMAGE_FOLDER (model)->n_shown;
}

static gpointer
list_get_item (GListModel *model,
               guint       position)
{
  PwImageFolder *self = PW_IMAGE_FOLDER (model);

  if (position >= self->n_shown)
    return NULL;
  return _pw_image_folder_file_of (self, g_array_index (self->places, guint32, position));
}

/* The images as a list a view shows row by row: a folder of a hundred
 * thousand images costs the rows on screen, not one each. The list is
 * empty until the images are in order, then fills. */
static void
pw_image_folder_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = list_get_item_type;
  iface->get_n_items = list_get_n_items;
  iface->get_item = list_get_item;
}

G_DEFINE_FINAL_TYPE_WITH_CODE (PwImageFolder, pw_image_folder, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      pw_image_folder_list_model_init))

enum
{
  IMAGE_CHANGED,
  LABELS_PROGRESS,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
pw_image_folder_finalize (GObject *object)
{
  PwImageFolder *self = PW_IMAGE_FOLDER (object);

  g_clear_object (&self->folder);
  g_clear_pointer (&self->names, g_free);
  g_clear_pointer (&self->images, g_array_unref);
  g_clear_pointer (&self->labeled, g_byte_array_unref);
  g_clear_pointer (&self->json_names, g_array_unref);
  g_clear_pointer (&self->places, g_array_unref);
  g_clear_pointer (&self->name_order, pw_name_order_free);
  g_clear_object (&self->labels);

  G_OBJECT_CLASS (pw_image_folder_parent_class)->finalize (object);
}

static void
pw_image_folder_class_init (PwImageFolderClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pw_image_folder_finalize;

  /**
   * PwImageFolder::image-changed:
   * @self: the folder
   * @index: the image whose labeled flag changed
   */
  signals[IMAGE_CHANGED] =
    g_signal_new ("image-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);

  /**
   * PwImageFolder::labels-progress:
   * @self: the folder
   * @n_read: how many of the folder's JSON files are read
   * @n_files: how many there are
   *
   * Told while pw_image_folder_read_labels_async() reads, after the labels
   * found so far were appended.
   */
  signals[LABELS_PROGRESS] =
    g_signal_new ("labels-progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_UINT);
}

void
_pw_image_folder_labels_progress (PwImageFolder *self,
                                  guint          n_read,
                                  guint          n_files)
{
  g_signal_emit (self, signals[LABELS_PROGRESS], 0, n_read, n_files);
}

static void
pw_image_folder_init (PwImageFolder *self)
{
  self->images = g_array_new (FALSE, FALSE, sizeof (guint32));
  self->labeled = g_byte_array_new ();
  self->places = g_array_new (FALSE, FALSE, sizeof (guint32));
}

/* Returns: (transfer full): the file of the image listed at @image */
GFile *
_pw_image_folder_file_of (PwImageFolder *self,
                          guint          image)
{
  const char *name = _pw_image_folder_name_at (self, g_array_index (self->images, guint32, image));

  if (g_path_is_absolute (name))
    return g_file_new_for_path (name);
  return g_file_get_child (self->folder, name);
}

/* The image at @index, or PW_IMAGE_FOLDER_UNKNOWN before the order is. */
static guint32
image_at (PwImageFolder *self,
          guint          index)
{
  return g_array_index (self->places, guint32, index);
}

/* Shows the places up to @n_shown in the list model. */
void
_pw_image_folder_show_places (PwImageFolder *self,
                              guint          n_shown)
{
  guint before = self->n_shown;

  g_assert (n_shown >= before && n_shown <= self->places->len);
  self->n_shown = n_shown;
  if (n_shown > before)
    g_list_model_items_changed (G_LIST_MODEL (self), before, 0, n_shown - before);
}

/**
 * pw_image_folder_get_folder:
 * @self: a #PwImageFolder
 *
 * Returns: (transfer none): the folder given, or the one holding the first
 *   image given; its labels.txt is the folder's labels
 */
GFile *
pw_image_folder_get_folder (PwImageFolder *self)
{
  g_return_val_if_fail (PW_IS_IMAGE_FOLDER (self), NULL);
  return self->folder;
}

guint
pw_image_folder_get_n_images (PwImageFolder *self)
{
  g_return_val_if_fail (PW_IS_IMAGE_FOLDER (self), 0);
  return self->places->len;
}

/**
 * pw_image_folder_get_name:
 * @self: a #PwImageFolder
 * @index: a place in the folder
 *
 * Returns: (nullable): the file name of the image at @index, or %NULL
 *   while the folder is not in order and @index is not the start
 */
const char *
pw_image_folder_get_name (PwImageFolder *self,
                          guint          index)
{
  const char *name, *slash;
  guint32 image;

  g_return_val_if_fail (PW_IS_IMAGE_FOLDER (self), NULL);
  g_return_val_if_fail (index < self->places->len, NULL);

  if ((image = image_at (self, index)) == PW_IMAGE_FOLDER_UNKNOWN)
    return NULL;
  name = _pw_image_folder_name_at (self, g_array_index (self->images, guint32, image));
  slash = strrchr (name, G_DIR_SEPARATOR);
  return slash != NULL ? slash + 1 : name;
}

/**
 * pw_image_folder_dup_image:
 * @self: a #PwImageFolder
 * @index: a place in the folder
 *
 * Returns: (transfer full) (nullable): the image at @index, or %NULL
 *   while the folder is not in order and @index is not the start
 */
GFile *
pw_image_folder_dup_image (PwImageFolder *self,
                           guint          index)
{
  guint32 image;

  g_return_val_if_fail (PW_IS_IMAGE_FOLDER (self), NULL);
  g_return_val_if_fail (index < self->places->len, NULL);

  if ((image = image_at (self, index)) == PW_IMAGE_FOLDER_UNKNOWN)
    return NULL;
  return _pw_image_folder_file_of (self, image);
}

/**
 * pw_image_folder_get_start:
 * @self: a #PwImageFolder
 *
 * Returns: where the work starts: the first image without a labelme
 *   file, or the first image when all have one; known before the order
 *   of the others
 */
guint
pw_image_folder_get_start (PwImageFolder *self)
{
  g_return_val_if_fail (PW_IS_IMAGE_FOLDER (self), 0);
  return self->start;
}

/**
 * pw_image_folder_is_ordered:
 * @self: a #PwImageFolder
 *
 * Returns: whether every image has its place, as after
 *   pw_image_folder_order_async(); until then only the start has one
 */
gboolean
pw_image_folder_is_ordered (PwImageFolder *self)
{
  g_return_val_if_fail (PW_IS_IMAGE_FOLDER (self), FALSE);
  return self->ordered;
}

/**
 * pw_image_folder_get_labeled:
 * @self: a #PwImageFolder
 * @index: a place in the folder
 *
 * Returns: whether a labelme file sits beside the image at @index; %FALSE
 *   for a place not known yet
 */
gboolean
pw_image_folder_get_labeled (PwImageFolder *self,
                             guint          index)
{
  guint32 image;

  g_return_val_if_fail (PW_IS_IMAGE_FOLDER (self), FALSE);
  g_return_val_if_fail (index < self->places->len, FALSE);

  if ((image = image_at (self, index)) == PW_IMAGE_FOLDER_UNKNOWN)
    return FALSE;
  return self->labeled->data[image];
}

/**
 * pw_image_folder_set_labeled:
 * @self: a #PwImageFolder
 * @index: a place in the folder
 * @labeled: whether the image now has a labelme file
 *
 * Records a save, so the list shows it without reading the folder again.
 * Emits #PwImageFolder::image-changed when the flag changes, and
 * #GListModel::items-changed for the image, so a view shows it.
 */
void
pw_image_folder_set_labeled (PwImageFolder *self,
                             guint          index,
                             gboolean       labeled)
{
  guint32 image;

  g_return_if_fail (PW_IS_IMAGE_FOLDER (self));
  g_return_if_fail (index < self->places->len);
  image = image_at (self, index);
  g_return_if_fail (image != PW_IMAGE_FOLDER_UNKNOWN);

  labeled = !!labeled;
  if (self->labeled->data[image] == labeled)
    return;

  self->labeled->data[image] = labeled;
  g_signal_emit (self, signals[IMAGE_CHANGED], 0, index);
  if (index < self->n_shown)
    g_list_model_items_changed (G_LIST_MODEL (self), index, 1, 1);
}

/**
 * pw_image_folder_find:
 * @self: a #PwImageFolder
 * @image: an image
 *
 * Returns: the place of @image in the folder, or -1
 */
int
pw_image_folder_find (PwImageFolder *self,
                      GFile         *image)
{
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;
  g_autoptr (GFile) parent = NULL;
  gboolean in_folder;

  g_return_val_if_fail (PW_IS_IMAGE_FOLDER (self), -1);
  g_return_val_if_fail (G_IS_FILE (image), -1);

  /* Names compared, not files made: the folder keeps names only. */
  parent = g_file_get_parent (image);
  in_folder = parent != NULL && g_file_equal (parent, self->folder);
  name = g_file_get_basename (image);
  path = g_file_get_path (image);
  for (guint i = 0; i < self->places->len; i++)
    {
      guint32 listed = image_at (self, i);
      const char *listed_name;

      if (listed == PW_IMAGE_FOLDER_UNKNOWN)
        continue;
      listed_name = _pw_image_folder_name_at (self, g_array_index (self->images, guint32, listed));
      if (g_path_is_absolute (listed_name) ? g_strcmp0 (listed_name, path) == 0
                                           : in_folder && g_strcmp0 (listed_name, name) == 0)
        return (int) i;
    }
  return -1;
}

/**
 * pw_image_folder_get_labels:
 * @self: a #PwImageFolder
 *
 * The folder's labels; the worker adds to them with pw_label_set_append()
 * and keeps them with pw_image_folder_save_labels_async().
 *
 * Returns: (transfer none): the labels, perhaps none
 */
PwLabelSet *
pw_image_folder_get_labels (PwImageFolder *self)
{
  g_return_val_if_fail (PW_IS_IMAGE_FOLDER (self), NULL);
  return self->labels;
}

/**
 * pw_image_folder_save_labels_async:
 * @self: a #PwImageFolder
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the labels are on the disk
 * @user_data: data for @callback
 *
 * Writes the labels to labels.txt in the folder, one `name #rrggbb` a
 * line, as pw_label_set_new_from_file() and labelme's `--labels` read it.
 * The file is replaced atomically, on a thread.
 */
void
pw_image_folder_save_labels_async (PwImageFolder       *self,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_return_if_fail (PW_IS_IMAGE_FOLDER (self));

  pw_folder_labels_write_async (self->folder, self->labels, self, cancellable, callback,
                                user_data);
}

/**
 * pw_image_folder_save_labels_finish:
 * @self: a #PwImageFolder
 * @result: the #GAsyncResult given to the callback
 * @error: return location for a #GError
 *
 * Returns: %TRUE when labels.txt was written; a full disk is
 *   %PW_ERROR_NO_SPACE with the old file intact
 */
gboolean
pw_image_folder_save_labels_finish (PwImageFolder  *self,
                                    GAsyncResult   *result,
                                    GError        **error)
{
  g_return_val_if_fail (PW_IS_IMAGE_FOLDER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return pw_folder_labels_write_finish (result, error);
}
