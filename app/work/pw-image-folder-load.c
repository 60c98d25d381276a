/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "pw-error.h"
#include "pw-folder-labels.h"
#include "pw-image-folder-private.h"
#include "pw-labelme-file.h"

/* Reading a folder: which files are images, which of them have labelme
 * files, and its labels.txt. All of it blocks on the disk and runs on a
 * thread; the folder is handed over whole when done. It reads the folder's
 * listing and labels.txt, never a file per image: the first image is on
 * screen before the labels the labelme files add are read
 * (pw-image-folder-labels.c). */

typedef struct
{
  GHashTable *seen;
} Listing;

/* Decided by the name, not the first bytes: reading every file of a large
 * folder would make opening it slow, and a misnamed file still gets a clear
 * message when it is opened. */
static gboolean
is_image_name (const char *name)
{
  static const char *const extensions[] = { "jpg", "jpeg", "jpe", "png" };
  const char *dot = strrchr (name, '.');

  if (dot == NULL || dot == name)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (extensions); i++)
    {
      if (g_ascii_strcasecmp (dot + 1, extensions[i]) == 0)
        return TRUE;
    }
  return FALSE;
}

static gboolean
is_image_or_labelme_name (const char *name)
{
  return is_image_name (name) || g_str_has_suffix (name, ".json");
}

/* The name of the labelme file beside the image @name, as
 * pw_labelme_file_for_image() gives it; @dot is the last dot of @name. */
static char *
labelme_name_for (const char *name,
                      const char *dot)
{
  if (dot == NULL || dot == name)
    return g_strconcat (name, ".json", NULL);
  return g_strdup_printf ("%.*s.json", (int) (dot - name), name);
}

static void
add_image (PwImageFolder *self,
           GFile         *image,
           gboolean       labeled)
{
  g_ptr_array_add (self->images, g_object_ref (image));
  g_array_append_val (self->labeled, labeled);
}

static void
set_read_error (GError     **error,
                GError      *io_error,
                GFile       *file)
{
  g_autofree char *name = g_file_get_parse_name (file);

  if (g_error_matches (io_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    g_set_error (error, PW_ERROR, PW_ERROR_NOT_FOUND,
                 /* Translators: %s is a file or folder name */
                 _("Could not find “%s”. It may have been moved or deleted; choose it again."),
                 name);
  else if (g_error_matches (io_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_propagate_error (error, g_error_copy (io_error));
  else
    g_set_error (error, PW_ERROR, PW_ERROR_IO,
                 /* Translators: the first %s is a file or folder name, the second what went wrong */
                 _("Could not read “%s”: %s"), name, io_error->message);
}

/* Appends the images of @folder, hidden files left out, in the order a
 * file manager shows them, so "img2" comes before "img10". */
static gboolean
add_folder (PwImageFolder *self,
            Listing       *listing,
            GFile         *folder,
            GCancellable  *cancellable,
            GError       **error)
{
  g_autoptr (GPtrArray) found = NULL;
  g_autoptr (GPtrArray) names = NULL;
  g_autoptr (GHashTable) labelme_names = NULL;
  g_autoptr (GError) local_error = NULL;

  found = pw_folder_list_sorted (folder, is_image_or_labelme_name, cancellable, &local_error);
  if (found == NULL)
    {
      set_read_error (error, local_error, folder);
      return FALSE;
    }

  /* An image of the folder is labeled when its labelme file was listed:
   * names compared, no file asked for. */
  labelme_names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  names = g_ptr_array_new_full (found->len, g_free);
  for (guint i = 0; i < found->len; i++)
    {
      char *name = g_file_get_basename (g_ptr_array_index (found, i));

      g_ptr_array_add (names, name);
      if (!is_image_name (name))
        g_hash_table_add (labelme_names, g_strdup (name));
    }

  for (guint i = 0; i < found->len; i++)
    {
      GFile *file = g_ptr_array_index (found, i);
      const char *name = g_ptr_array_index (names, i);
      const char *dot = strrchr (name, '.');
      g_autofree char *labelme_name = NULL;

      if (!is_image_name (name) || !g_hash_table_add (listing->seen, g_object_ref (file)))
        continue;
      labelme_name = labelme_name_for (name, dot);
      add_image (self, file, g_hash_table_contains (labelme_names, labelme_name));
    }

  return TRUE;
}

static gboolean
add_argument (PwImageFolder *self,
              Listing       *listing,
              GFile         *file,
              GCancellable  *cancellable,
              GError       **error)
{
  g_autoptr (GFileInfo) info = NULL;
  g_autoptr (GError) local_error = NULL;
  g_autofree char *basename = NULL;

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_TYPE, G_FILE_QUERY_INFO_NONE,
                            cancellable, &local_error);
  if (info == NULL)
    {
      set_read_error (error, local_error, file);
      return FALSE;
    }

  if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
    {
      if (self->folder == NULL)
        self->folder = g_object_ref (file);
      return add_folder (self, listing, file, cancellable, error);
    }

  basename = g_file_get_basename (file);
  if (basename == NULL || !is_image_name (basename))
    return TRUE;

  if (self->folder == NULL)
    self->folder = g_file_get_parent (file);
  if (g_hash_table_add (listing->seen, g_object_ref (file)))
    {
      /* An image picked by itself: its folder was not listed. */
      g_autoptr (GFile) labelme = pw_labelme_file_for_image (file);

      add_image (self, file, g_file_query_exists (labelme, cancellable));
    }
  return TRUE;
}

static void
listing_clear (Listing *listing)
{
  g_clear_pointer (&listing->seen, g_hash_table_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Listing, listing_clear)

/**
 * pw_image_folder_load:
 * @files: (array length=n_files): one folder, or images and folders
 * @n_files: how many; at least one
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Finds the images to label. One folder gives its JPEG and PNG files in
 * the order a file manager shows them; several files give the images among
 * them in the order given, a folder among them giving its images. The
 * labels are those of the folder's labels.txt; the labels its labelme
 * files add come with pw_image_folder_read_labels_async(). Reads the
 * listings and labels.txt, no file per image, so a folder of thousands
 * opens as fast as one of a few. Blocks on the disk: call it from a
 * thread.
 *
 * Returns: (transfer full): the folder, or %NULL with %PW_ERROR_NOT_FOUND
 *   when a file is missing or there is no image, or an error reading a
 *   folder or its labels.txt
 */
PwImageFolder *
pw_image_folder_load (GFile        **files,
                      guint          n_files,
                      GCancellable  *cancellable,
                      GError       **error)
{
  g_autoptr (PwImageFolder) self = NULL;
  g_auto (Listing) listing = { NULL };

  g_return_val_if_fail (files != NULL, NULL);
  g_return_val_if_fail (n_files > 0, NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (PW_TYPE_IMAGE_FOLDER, NULL);
  listing.seen = g_hash_table_new_full (g_file_hash, (GEqualFunc) g_file_equal,
                                        g_object_unref, NULL);

  for (guint i = 0; i < n_files; i++)
    {
      g_return_val_if_fail (G_IS_FILE (files[i]), NULL);
      if (!add_argument (self, &listing, files[i], cancellable, error))
        return NULL;
    }

  if (self->images->len == 0)
    {
      GFile *where = self->folder != NULL ? self->folder : files[0];
      g_autofree char *name = g_file_get_parse_name (where);

      g_set_error (error, PW_ERROR, PW_ERROR_NOT_FOUND,
                   /* Translators: %s is a folder name */
                   _("“%s” has no JPEG or PNG images. Choose a folder of photos to label."),
                   name);
      return NULL;
    }

  if (g_cancellable_set_error_if_cancelled (cancellable, error)
      || (self->labels = pw_folder_labels_read_file (self->folder, error)) == NULL
      || g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  return g_steal_pointer (&self);
}

typedef struct
{
  GFile **files;
  guint   n_files;
} LoadData;

static void
load_data_free (gpointer data)
{
  LoadData *load = data;

  for (guint i = 0; i < load->n_files; i++)
    g_object_unref (load->files[i]);
  g_free (load->files);
  g_free (load);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  LoadData *load = task_data;
  GError *error = NULL;
  PwImageFolder *self = pw_image_folder_load (load->files, load->n_files, cancellable, &error);

  if (self == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, self, g_object_unref);
}

/**
 * pw_image_folder_load_async:
 * @files: (array length=n_files): one folder, or images and folders
 * @n_files: how many; at least one
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the folder is read
 * @user_data: data for @callback
 *
 * Reads the folder on a thread. See pw_image_folder_load().
 */
void
pw_image_folder_load_async (GFile               **files,
                            guint                 n_files,
                            GCancellable         *cancellable,
                            GAsyncReadyCallback   callback,
                            gpointer              user_data)
{
  g_autoptr (GTask) task = NULL;
  LoadData *load;

  g_return_if_fail (files != NULL);
  g_return_if_fail (n_files > 0);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  for (guint i = 0; i < n_files; i++)
    g_return_if_fail (G_IS_FILE (files[i]));

  load = g_new0 (LoadData, 1);
  load->files = g_new0 (GFile *, n_files);
  for (guint i = 0; i < n_files; i++)
    load->files[load->n_files++] = g_object_ref (files[i]);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, pw_image_folder_load_async);
  g_task_set_task_data (task, load, load_data_free);
  g_task_run_in_thread (task, load_thread);
}

/**
 * pw_image_folder_load_finish:
 * @result: the #GAsyncResult given to the callback
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the folder, or %NULL
 */
PwImageFolder *
pw_image_folder_load_finish (GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == pw_image_folder_load_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
