/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <dirent.h>
#include <errno.h>
#include <glib/gi18n-lib.h>
#include <string.h>
#include <sys/stat.h>

#include "pw-error.h"
#include "pw-folder-labels.h"
#include "pw-image-folder-private.h"
#include "pw-labelme-file.h"

/* Reading a folder: which files are images, which of them have labelme
 * files, and its labels.txt. All of it blocks on the disk and runs on a
 * thread. It reads the folder's listing and labels.txt, never a file per
 * image: the first image is on screen before the labels the labelme files
 * add are read (pw-image-folder-labels.c). The listing is one pass over
 * the directory that asks for names alone, kept in one block of memory;
 * the image to start at is found among them without putting them all in
 * order, which pw_image_folder_order_async() does after
 * (pw-image-folder-order.c). */

typedef struct
{
  /* The names kept, each ended by a NUL */
  GByteArray *names;
  /* With several files given: the paths listed, so each image is once */
  GHashTable *seen;
  /* Where each folder given starts among the images: the ranges to sort */
  GArray     *folder_starts;
  /* The JSON files of the folder being listed, where their names start */
  GArray     *json_names;
  /* Whether the folder being listed is the folder's own */
  gboolean    in_folder;
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

static guint32
keep_name (Listing    *listing,
           const char *name)
{
  guint32 offset = listing->names->len;

  g_byte_array_append (listing->names, (const guint8 *) name, strlen (name) + 1);
  return offset;
}

static void
add_image (PwImageFolder *self,
           Listing       *listing,
           const char    *name,
           gboolean       labeled)
{
  guint32 offset = keep_name (listing, name);
  guint8 flag = labeled;

  g_array_append_val (self->images, offset);
  g_byte_array_append (self->labeled, &flag, 1);
}

/* Whether @path is new among several files given; always with one. */
static gboolean
first_seen (Listing    *listing,
            const char *path)
{
  return listing->seen == NULL || g_hash_table_add (listing->seen, g_strdup (path));
}

static void
add_listed (PwImageFolder *self,
            Listing       *listing,
            const char    *folder_path,
            const char    *name)
{
  if (is_image_name (name))
    {
      g_autofree char *path = NULL;

      if (listing->seen != NULL)
        path = folder_path != NULL ? g_build_filename (folder_path, name, NULL) : g_strdup (name);
      if (!first_seen (listing, path))
        return;
      /* An image of another folder given is kept by its path. */
      if (!listing->in_folder && folder_path != NULL)
        {
          g_autofree char *image_path = g_build_filename (folder_path, name, NULL);

          add_image (self, listing, image_path, FALSE);
        }
      else
        add_image (self, listing, name, FALSE);
    }
  else if (g_str_has_suffix (name, ".json"))
    {
      guint32 offset = keep_name (listing, name);

      g_array_append_val (listing->json_names, offset);
    }
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

/* An image of the folder is labeled when its labelme file was listed:
 * names compared, no file asked for. */
static void
mark_labeled (PwImageFolder *self,
              Listing       *listing,
              guint          start)
{
  g_autoptr (GHashTable) labelme_names = NULL;
  g_autoptr (GString) labelme_name = NULL;
  const char *names = (const char *) listing->names->data;

  if (listing->json_names->len == 0)
    return;

  labelme_names = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < listing->json_names->len; i++)
    g_hash_table_add (labelme_names, (char *) names + g_array_index (listing->json_names, guint32, i));

  labelme_name = g_string_new (NULL);
  for (guint i = start; i < self->images->len; i++)
    {
      const char *path = names + g_array_index (self->images, guint32, i);
      const char *slash = strrchr (path, G_DIR_SEPARATOR);
      const char *name = slash != NULL ? slash + 1 : path;
      const char *dot = strrchr (name, '.');

      /* As pw_labelme_file_for_image() names it. */
      g_string_truncate (labelme_name, 0);
      g_string_append_len (labelme_name, name, dot != NULL && dot != name ? dot - name : -1);
      g_string_append (labelme_name, ".json");
      self->labeled->data[i] = g_hash_table_contains (labelme_names, labelme_name->str);
    }
}

/* Lists @folder_path with readdir(), a stat() only where the directory
 * does not say a file's type, and hands each regular file not hidden to
 * add_listed(). */
static gboolean
list_directory (PwImageFolder *self,
                Listing       *listing,
                const char    *folder_path,
                GHashTable    *hidden,
                GCancellable  *cancellable,
                GError       **error)
{
  DIR *dir = opendir (folder_path);
  struct dirent *entry;
  guint n_seen = 0;
  int saved_errno;

  if (dir == NULL)
    {
      saved_errno = errno;
      g_set_error_literal (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                           g_strerror (saved_errno));
      return FALSE;
    }

  errno = 0;
  while ((entry = readdir (dir)) != NULL)
    {
      gboolean regular = entry->d_type == DT_REG;

      if ((++n_seen & 0xfff) == 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          closedir (dir);
          return FALSE;
        }
      if (pw_folder_name_is_hidden (hidden, entry->d_name))
        continue;
      if (entry->d_type == DT_UNKNOWN || entry->d_type == DT_LNK)
        {
          struct stat st;

          /* A link counts as what it points to, as GIO's type does. */
          regular = fstatat (dirfd (dir), entry->d_name, &st, 0) == 0 && S_ISREG (st.st_mode);
        }
      if (regular)
        add_listed (self, listing, folder_path, entry->d_name);
      errno = 0;
    }
  saved_errno = errno;
  closedir (dir);
  if (saved_errno != 0)
    {
      g_set_error_literal (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                           g_strerror (saved_errno));
      return FALSE;
    }
  return TRUE;
}

/* The same for a folder that is not on a local disk, through GIO. */
static gboolean
list_enumerated (PwImageFolder *self,
                 Listing       *listing,
                 GFile         *folder,
                 GHashTable    *hidden,
                 GCancellable  *cancellable,
                 GError       **error)
{
  g_autoptr (GFileEnumerator) children = NULL;

  children = g_file_enumerate_children (folder,
                                        G_FILE_ATTRIBUTE_STANDARD_NAME ","
                                        G_FILE_ATTRIBUTE_STANDARD_TYPE,
                                        G_FILE_QUERY_INFO_NONE, cancellable, error);
  if (children == NULL)
    return FALSE;
  for (;;)
    {
      GFileInfo *info;

      if (!g_file_enumerator_iterate (children, &info, NULL, cancellable, error))
        return FALSE;
      if (info == NULL)
        return TRUE;
      if (!pw_folder_name_is_hidden (hidden, g_file_info_get_name (info))
          && g_file_info_get_file_type (info) == G_FILE_TYPE_REGULAR)
        add_listed (self, listing, NULL, g_file_info_get_name (info));
    }
}

/* Appends the images of @folder, hidden files left out, in the order
 * listed; the folder's own listing also keeps its JSON files' names. */
static gboolean
add_folder (PwImageFolder *self,
            Listing       *listing,
            GFile         *folder,
            GCancellable  *cancellable,
            GError       **error)
{
  g_autoptr (GHashTable) hidden = pw_folder_read_hidden_names (folder, cancellable);
  g_autoptr (GError) local_error = NULL;
  const char *path = g_file_peek_path (folder);
  guint32 start = self->images->len;
  gboolean listed;

  g_clear_pointer (&listing->json_names, g_array_unref);
  listing->json_names = g_array_new (FALSE, FALSE, sizeof (guint32));
  listing->in_folder = g_file_equal (folder, self->folder);
  if (path != NULL)
    listed = list_directory (self, listing, path, hidden, cancellable, &local_error);
  else
    listed = list_enumerated (self, listing, folder, hidden, cancellable, &local_error);
  if (!listed)
    {
      set_read_error (error, local_error, folder);
      return FALSE;
    }
  g_array_append_val (listing->folder_starts, start);
  mark_labeled (self, listing, start);
  /* The labels are those of the folder's own labelme files. */
  if (g_file_equal (folder, self->folder) && self->json_names == NULL)
    self->json_names = g_steal_pointer (&listing->json_names);
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
  g_autofree char *path = NULL;

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
  path = g_file_get_path (file);
  if (path == NULL)
    path = g_file_get_uri (file);
  if (first_seen (listing, path))
    {
      /* An image picked by itself: its folder was not listed. */
      g_autoptr (GFile) labelme = pw_labelme_file_for_image (file);
      g_autoptr (GFile) parent = g_file_get_parent (file);
      gboolean in_folder = parent != NULL && g_file_equal (parent, self->folder);

      add_image (self, listing, in_folder ? basename : path,
                 g_file_query_exists (labelme, cancellable));
    }
  return TRUE;
}

static void
listing_clear (Listing *listing)
{
  g_clear_pointer (&listing->names, g_byte_array_unref);
  g_clear_pointer (&listing->seen, g_hash_table_unref);
  g_clear_pointer (&listing->folder_starts, g_array_unref);
  g_clear_pointer (&listing->json_names, g_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Listing, listing_clear)

/* Whether @image comes before the image @other in the order of their
 * names; the same names keep the order listed, as a stable sort does. */
static gboolean
comes_before (PwImageFolder *self,
              guint32        image,
              guint32        other)
{
  int cmp = pw_name_order_compare (self->name_order,
                                   _pw_image_folder_name_at (self, g_array_index (self->images, guint32, image)),
                                   _pw_image_folder_name_at (self, g_array_index (self->images, guint32, other)));

  return cmp < 0 || (cmp == 0 && image < other);
}

/* One folder: the image to start at, the first without a labelme file or
 * the first of all, found in one pass over the names, each compared once,
 * and its place, the labeled images before it counted. The other places
 * wait for the order. */
static void
place_start (PwImageFolder *self)
{
  guint n = self->images->len;
  guint32 first_labeled = PW_IMAGE_FOLDER_UNKNOWN, first_unlabeled = PW_IMAGE_FOLDER_UNKNOWN;
  guint32 start;
  guint place = 0;

  for (guint32 i = 0; i < n; i++)
    {
      guint32 *first = self->labeled->data[i] ? &first_labeled : &first_unlabeled;

      if (*first == PW_IMAGE_FOLDER_UNKNOWN || comes_before (self, i, *first))
        *first = i;
    }
  start = first_unlabeled != PW_IMAGE_FOLDER_UNKNOWN ? first_unlabeled : first_labeled;
  /* Only a labeled image can come before the first unlabeled one. */
  if (start == first_unlabeled && first_labeled != PW_IMAGE_FOLDER_UNKNOWN)
    {
      for (guint32 i = 0; i < n; i++)
        place += self->labeled->data[i] && comes_before (self, i, start);
    }

  g_array_set_size (self->places, n);
  for (guint i = 0; i < n; i++)
    g_array_index (self->places, guint32, i) = PW_IMAGE_FOLDER_UNKNOWN;
  g_array_index (self->places, guint32, place) = start;
  self->start = place;
}

/* Several files, or a folder to be shown in order at once: every image
 * in its place, each folder's images sorted among themselves. */
static void
place_all (PwImageFolder *self,
           GArray        *folder_starts)
{
  guint n = self->images->len;

  g_array_set_size (self->places, n);
  for (guint i = 0; i < n; i++)
    g_array_index (self->places, guint32, i) = i;
  for (guint i = 0; i < folder_starts->len; i++)
    {
      guint start = g_array_index (folder_starts, guint32, i);
      guint end = i + 1 < folder_starts->len ? g_array_index (folder_starts, guint32, i + 1) : n;

      _pw_image_folder_sort (self, self->name_order, &g_array_index (self->places, guint32, start),
                             end - start);
    }
  g_clear_pointer (&self->name_order, pw_name_order_free);

  /* Start where the work is: the first image not labeled yet. */
  self->start = 0;
  while (self->start < n && pw_image_folder_get_labeled (self, self->start))
    self->start++;
  if (self->start == n)
    self->start = 0;
  self->ordered = TRUE;
  self->n_shown = n;
}

static PwImageFolder *
load_images (GFile        **files,
             guint          n_files,
             gboolean       order_later,
             GCancellable  *cancellable,
             GError       **error)
{
  g_autoptr (PwImageFolder) self = NULL;
  g_auto (Listing) listing = { NULL };

  self = g_object_new (PW_TYPE_IMAGE_FOLDER, NULL);
  listing.names = g_byte_array_new ();
  listing.folder_starts = g_array_new (FALSE, FALSE, sizeof (guint32));
  if (n_files > 1)
    listing.seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < n_files; i++)
    {
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

  /* The names in a block of their own size, nothing else per image. */
  self->names_size = listing.names->len;
  self->names = g_realloc (g_byte_array_free (g_steal_pointer (&listing.names), FALSE),
                           MAX (self->names_size, 1));
  self->name_order = pw_name_order_new ();
  if (order_later && n_files == 1 && listing.folder_starts->len == 1)
    place_start (self);
  else
    place_all (self, listing.folder_starts);

  return g_steal_pointer (&self);
}

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
 * thread. The folder is in order, as against pw_image_folder_load_async().
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
  g_return_val_if_fail (files != NULL, NULL);
  g_return_val_if_fail (n_files > 0, NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);
  for (guint i = 0; i < n_files; i++)
    g_return_val_if_fail (G_IS_FILE (files[i]), NULL);

  return load_images (files, n_files, FALSE, cancellable, error);
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
  PwImageFolder *self = load_images (load->files, load->n_files, TRUE, cancellable, &error);

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
 * Reads the folder on a thread. See pw_image_folder_load(); but a
 * folder given alone comes before its images are in order: the image
 * to start at has its place, the list is empty, and
 * pw_image_folder_order_async() puts the others in order.
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
