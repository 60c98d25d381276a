/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "pw-error.h"
#include "pw-file-write.h"
#include "pw-folder-labels.h"
#include "pw-labelme-file.h"

/* The one rule for a folder's labels, which the label list and every
 * export follow, so the classes of an export are the labels the worker
 * sees, in the same order:
 *
 * - the labels of the folder's labels.txt, as labelme's `--labels` reads
 *   it, in its order and with its colours and keys;
 * - then every other label the folder's labelme files use, in the order
 *   first seen, reading the files in the order a file manager shows them
 *   ("img2" before "img10"), named exactly as the shapes name them.
 *
 * labelme itself adds the labels of a file it opens to the labels of
 * `--labels`, and an export that left them out would drop their shapes. */

typedef struct
{
  char  *key;
  GFile *file;
} SortEntry;

static void
sort_entry_clear (gpointer data)
{
  SortEntry *entry = data;

  g_free (entry->key);
  g_object_unref (entry->file);
}

static int
compare_sort_entries (gconstpointer a,
                      gconstpointer b)
{
  return strcmp (((const SortEntry *) a)->key, ((const SortEntry *) b)->key);
}

/**
 * pw_folder_read_hidden_names:
 * @folder: a folder
 * @cancellable: (nullable): a #GCancellable
 *
 * Returns: (transfer full) (nullable): the names the folder's `.hidden`
 *   file hides, as file managers read it, or %NULL without one
 */
GHashTable *
pw_folder_read_hidden_names (GFile        *folder,
                             GCancellable *cancellable)
{
  g_autoptr (GFile) file = g_file_get_child (folder, ".hidden");
  g_autofree char *text = NULL;
  g_auto (GStrv) lines = NULL;
  GHashTable *names;

  if (!g_file_load_contents (file, cancellable, &text, NULL, NULL, NULL))
    return NULL;

  names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (*lines[i] != '\0')
        g_hash_table_add (names, g_strdup (lines[i]));
    }
  return names;
}

/**
 * pw_folder_name_is_hidden:
 * @hidden: (nullable): what pw_folder_read_hidden_names() gave
 * @name: a file's name
 *
 * Returns: what GIO's standard::is-hidden says, without its stat()
 */
gboolean
pw_folder_name_is_hidden (GHashTable *hidden,
                          const char *name)
{
  return name[0] == '.' || (hidden != NULL && g_hash_table_contains (hidden, name));
}

/**
 * pw_folder_list_sorted:
 * @folder: a folder
 * @keep: which names to list
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError from GIO
 *
 * The regular files of @folder whose names @keep says yes to, hidden ones
 * left out, in the order a file manager shows them ("img2" before
 * "img10"): the order of a folder's images, and the order in which its
 * labelme files give their labels. Blocks on the disk.
 *
 * Returns: (transfer container) (element-type GFile): the files, or %NULL
 */
GPtrArray *
pw_folder_list_sorted (GFile             *folder,
                       PwFolderNameFunc   keep,
                       GCancellable      *cancellable,
                       GError           **error)
{
  g_autoptr (GFileEnumerator) children = NULL;
  g_autoptr (GArray) found = g_array_new (FALSE, FALSE, sizeof (SortEntry));
  g_autoptr (GHashTable) hidden = NULL;
  GPtrArray *files;

  g_return_val_if_fail (G_IS_FILE (folder), NULL);
  g_return_val_if_fail (keep != NULL, NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);

  g_array_set_clear_func (found, sort_entry_clear);
  /* Not standard::is-hidden: asking for it costs a stat() per file, which
   * is most of listing a folder of a hundred thousand images. */
  children = g_file_enumerate_children (folder,
                                        G_FILE_ATTRIBUTE_STANDARD_NAME ","
                                        G_FILE_ATTRIBUTE_STANDARD_DISPLAY_NAME ","
                                        G_FILE_ATTRIBUTE_STANDARD_TYPE,
                                        G_FILE_QUERY_INFO_NONE, cancellable, error);
  if (children == NULL)
    return NULL;
  hidden = pw_folder_read_hidden_names (folder, cancellable);

  for (;;)
    {
      GFileInfo *info;
      SortEntry entry;

      if (!g_file_enumerator_iterate (children, &info, NULL, cancellable, error))
        return NULL;
      if (info == NULL)
        break;

      if (pw_folder_name_is_hidden (hidden, g_file_info_get_name (info))
          || g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR
          || !keep (g_file_info_get_name (info)))
        continue;

      entry.key = g_utf8_collate_key_for_filename (g_file_info_get_display_name (info), -1);
      entry.file = g_file_get_child (folder, g_file_info_get_name (info));
      g_array_append_val (found, entry);
    }

  g_array_sort (found, compare_sort_entries);
  files = g_ptr_array_new_full (found->len, g_object_unref);
  for (guint i = 0; i < found->len; i++)
    g_ptr_array_add (files, g_object_ref (g_array_index (found, SortEntry, i).file));
  return files;
}

static gboolean
is_json_name (const char *name)
{
  return g_str_has_suffix (name, ".json");
}

/**
 * pw_folder_labels_list_files:
 * @folder: a folder of images and their labelme files
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * The folder's JSON files as pw_folder_list_sorted() lists them: the order
 * in which pw_folder_labels_new() wants their annotations. Some of them
 * may not be labelme's. Blocks on the disk.
 *
 * Returns: (transfer container) (element-type GFile): the files, or %NULL
 */
GPtrArray *
pw_folder_labels_list_files (GFile         *folder,
                             GCancellable  *cancellable,
                             GError       **error)
{
  g_autoptr (GError) local_error = NULL;
  g_autofree char *name = NULL;
  GPtrArray *files;

  files = pw_folder_list_sorted (folder, is_json_name, cancellable, &local_error);
  if (files != NULL)
    return files;

  name = g_file_get_parse_name (folder);
  if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_propagate_error (error, g_steal_pointer (&local_error));
  else
    g_set_error (error, PW_ERROR,
                 g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND)
                   ? PW_ERROR_NOT_FOUND : PW_ERROR_IO,
                 _("Could not read the folder “%s”: %s"), name, local_error->message);
  return NULL;
}

/**
 * pw_folder_labels_read_file:
 * @folder: a folder of images and their labelme files
 * @error: return location for a #GError
 *
 * The first part of the folder's labels: those of its labels.txt, in its
 * order and with its colours and keys, or none when there is no such
 * file. Reads only labels.txt, so it blocks on the disk but briefly.
 *
 * Returns: (transfer full): the labels, perhaps none, or %NULL when
 *   labels.txt cannot be read
 */
PwLabelSet *
pw_folder_labels_read_file (GFile   *folder,
                            GError **error)
{
  g_autoptr (GFile) file = NULL;
  g_autoptr (GError) local_error = NULL;
  PwLabelSet *labels;

  g_return_val_if_fail (G_IS_FILE (folder), NULL);

  file = g_file_get_child (folder, PW_FOLDER_LABELS_FILE);
  labels = pw_label_set_new_from_file (file, &local_error);
  if (labels == NULL && !g_error_matches (local_error, PW_ERROR, PW_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  return labels != NULL ? labels : pw_label_set_new ();
}

/**
 * pw_folder_labels_foreach_used:
 * @annotation: the annotation of one of the folder's labelme files
 * @func: called with each label its shapes use, in their order
 * @user_data: data for @func
 *
 * The second part of the folder's labels: what each labelme file adds,
 * read in the order of pw_folder_labels_list_files(), each label given to
 * pw_label_set_append_used().
 */
void
pw_folder_labels_foreach_used (PwAnnotation *annotation,
                               GFunc         func,
                               gpointer      user_data)
{
  GPtrArray *shapes;

  g_return_if_fail (PW_IS_ANNOTATION (annotation));
  g_return_if_fail (func != NULL);

  shapes = pw_annotation_get_shapes (annotation);
  for (guint j = 0; j < shapes->len; j++)
    {
      const char *label = pw_shape_get_label (g_ptr_array_index (shapes, j));

      if (label != NULL)
        func ((gpointer) label, user_data);
    }
}

static void
append_used (gpointer label,
             gpointer labels)
{
  pw_label_set_append_used (labels, label);
}

/**
 * pw_folder_labels_new:
 * @folder: a folder of images and their labelme files
 * @annotations: (element-type PwAnnotation): the annotations of the
 *   folder's labelme files, in the order of pw_folder_labels_list_files()
 * @error: return location for a #GError
 *
 * The folder's labels: those of its labels.txt, then every other label
 * that @annotations use, in the order first seen. A label name that no
 * list of labels can hold (pw_label_name_is_valid()) is left out. Reads
 * labels.txt, so it blocks on the disk.
 *
 * Returns: (transfer full): the labels, perhaps none, or %NULL when
 *   labels.txt cannot be read
 */
PwLabelSet *
pw_folder_labels_new (GFile      *folder,
                      GPtrArray  *annotations,
                      GError    **error)
{
  g_autoptr (PwLabelSet) labels = NULL;

  g_return_val_if_fail (G_IS_FILE (folder), NULL);
  g_return_val_if_fail (annotations != NULL, NULL);

  labels = pw_folder_labels_read_file (folder, error);
  if (labels == NULL)
    return NULL;

  for (guint i = 0; i < annotations->len; i++)
    pw_folder_labels_foreach_used (g_ptr_array_index (annotations, i), append_used, labels);

  return g_steal_pointer (&labels);
}

typedef struct
{
  GFile *file;
  char  *text;
} WriteData;

static void
write_data_free (gpointer data)
{
  WriteData *write = data;

  g_object_unref (write->file);
  g_free (write->text);
  g_free (write);
}

static void
write_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  WriteData *write = task_data;
  GError *error = NULL;

  if (pw_file_write_durably (write->file, write->text, strlen (write->text), &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/**
 * pw_folder_labels_write_async:
 * @folder: the folder whose labels.txt to write
 * @labels: the labels, read here on the calling thread
 * @source_object: (nullable): the object @callback is told of
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the labels are on the disk
 * @user_data: data for @callback
 *
 * Writes @labels to labels.txt in @folder, one `name #rrggbb` a line, as
 * pw_label_set_new_from_file() and labelme's `--labels` read it. The file
 * is replaced atomically, on a thread: a crash or a full disk leaves the
 * old file whole.
 */
void
pw_folder_labels_write_async (GFile               *folder,
                              PwLabelSet          *labels,
                              gpointer             source_object,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr (GTask) task = NULL;
  GString *text;
  WriteData *write;

  g_return_if_fail (G_IS_FILE (folder));
  g_return_if_fail (PW_IS_LABEL_SET (labels));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  text = g_string_new (NULL);
  for (guint i = 0; i < pw_label_set_get_n_labels (labels); i++)
    {
      PwLabel *label = pw_label_set_get_label (labels, i);

      g_string_append_printf (text, "%s %s\n", pw_label_get_name (label),
                              pw_label_get_color (label));
    }

  write = g_new0 (WriteData, 1);
  write->file = g_file_get_child (folder, PW_FOLDER_LABELS_FILE);
  write->text = g_string_free (text, FALSE);

  task = g_task_new (source_object, cancellable, callback, user_data);
  g_task_set_source_tag (task, pw_folder_labels_write_async);
  g_task_set_task_data (task, write, write_data_free);
  g_task_run_in_thread (task, write_thread);
}

/**
 * pw_folder_labels_write_finish:
 * @result: the #GAsyncResult given to the callback
 * @error: return location for a #GError
 *
 * Returns: %TRUE when labels.txt was written; a full disk is
 *   %PW_ERROR_NO_SPACE with the old file intact
 */
gboolean
pw_folder_labels_write_finish (GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, g_task_get_source_object (G_TASK (result))),
                        FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == pw_folder_labels_write_async,
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
