/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "pw-error.h"
#include "pw-file-write.h"
#include "pw-folder-labels.h"
#include "pw-media-document-private.h"

/**
 * PwMediaDocument:
 *
 * One text or recording being labeled: its annotation, saved beside a
 * worker's own file as the contract's Annotation JSON, and every edit
 * kept in the store as it is made, so a crash loses nothing and undo
 * reaches back past a restart.
 *
 * The store's draft is the history; the annotation file is what the
 * worker chose to save. A draft outlives a save for that reason.
 */

G_DEFINE_FINAL_TYPE (PwMediaDocument, pw_media_document, G_TYPE_OBJECT)

/* An annotation file that could not be read is never written over: the
 * save keeps it beside under the first of these names that is free. */
#define MAX_KEPT_ASIDE 100

static void
pw_media_document_dispose (GObject *object)
{
  PwMediaDocument *self = PW_MEDIA_DOCUMENT (object);

  _pw_document_draft_detach (&self->draft);
  g_clear_object (&self->annotation);
  g_clear_object (&self->labels);

  G_OBJECT_CLASS (pw_media_document_parent_class)->dispose (object);
}

static void
pw_media_document_finalize (GObject *object)
{
  PwMediaDocument *self = PW_MEDIA_DOCUMENT (object);

  _pw_document_draft_clear (&self->draft);
  g_clear_object (&self->file);
  g_clear_pointer (&self->text, g_free);
  g_clear_pointer (&self->offsets, pw_text_offsets_unref);
  g_clear_pointer (&self->stamp, json_object_unref);
  g_clear_error (&self->warning);

  G_OBJECT_CLASS (pw_media_document_parent_class)->finalize (object);
}

static void
pw_media_document_class_init (PwMediaDocumentClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = pw_media_document_dispose;
  object_class->finalize = pw_media_document_finalize;
}

static void
pw_media_document_init (PwMediaDocument *self)
{
}

PwMediaFileKind
_pw_media_document_file_kind (PwMediaDocument *self)
{
  return self->kind == PW_TASK_KIND_TEXT ? PW_MEDIA_FILE_TEXT : PW_MEDIA_FILE_AUDIO;
}

/**
 * pw_media_document_can_open:
 * @file: a file
 *
 * Says by @file's name alone, without reading the disk, whether it is a
 * text file (`.txt`) or a recording (`.wav`, `.ogg`, `.oga`, `.opus`,
 * `.mp3`, `.flac`) that pw_media_document_open_async() takes. Opening it
 * still checks what it holds.
 *
 * Returns: %TRUE for a text or a recording by its name
 */
gboolean
pw_media_document_can_open (GFile *file)
{
  g_autofree char *name = NULL;

  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  name = g_file_get_basename (file);
  return name != NULL && pw_media_file_kind_for_name (name) != PW_MEDIA_FILE_NONE;
}

/**
 * pw_media_document_annotation_file_for:
 * @file: a text file or a recording
 *
 * Where the annotation of a worker's own file is kept: beside it, its
 * whole name and `.json` (`interview.wav.json`), so it never takes the
 * name of the labelme file of an image of the same stem
 * (`interview.json`).
 *
 * Returns: (transfer full): the annotation file
 */
GFile *
pw_media_document_annotation_file_for (GFile *file)
{
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  return pw_media_file_annotation_for (file);
}

/**
 * pw_media_document_get_kind:
 * @self: a #PwMediaDocument
 *
 * Returns: %PW_TASK_KIND_TEXT or %PW_TASK_KIND_AUDIO
 */
PwTaskKind
pw_media_document_get_kind (PwMediaDocument *self)
{
  g_return_val_if_fail (PW_IS_MEDIA_DOCUMENT (self), PW_TASK_KIND_TEXT);
  return self->kind;
}

/**
 * pw_media_document_get_file:
 * @self: a #PwMediaDocument
 *
 * Returns: (transfer none) (nullable): the text file or recording, the
 *   task's recording in the media cache, or %NULL for a text task
 */
GFile *
pw_media_document_get_file (PwMediaDocument *self)
{
  g_return_val_if_fail (PW_IS_MEDIA_DOCUMENT (self), NULL);
  return self->file;
}

/**
 * pw_media_document_get_text:
 * @self: a #PwMediaDocument
 *
 * Returns: (nullable): the text being labeled: valid UTF-8 without NUL
 *   characters; %NULL for a recording
 */
const char *
pw_media_document_get_text (PwMediaDocument *self)
{
  g_return_val_if_fail (PW_IS_MEDIA_DOCUMENT (self), NULL);
  return self->text;
}

/**
 * pw_media_document_get_text_length:
 * @self: a #PwMediaDocument
 *
 * Returns: the length of the text in code points, which span offsets
 *   count; 0 for a recording
 */
guint
pw_media_document_get_text_length (PwMediaDocument *self)
{
  g_return_val_if_fail (PW_IS_MEDIA_DOCUMENT (self), 0);
  return self->offsets != NULL ? pw_text_offsets_get_length (self->offsets) : 0;
}

/**
 * pw_media_document_get_text_offsets:
 * @self: a #PwMediaDocument
 *
 * Returns: (transfer none) (nullable): the text's offsets, graphemes and
 *   words, read once when the document opened; %NULL for a recording
 */
PwTextOffsets *
pw_media_document_get_text_offsets (PwMediaDocument *self)
{
  g_return_val_if_fail (PW_IS_MEDIA_DOCUMENT (self), NULL);
  return self->offsets;
}

/**
 * pw_media_document_get_annotation:
 * @self: a #PwMediaDocument
 *
 * Returns: (transfer none): the choices, spans, segments and transcript
 *   being edited, with their history
 */
PwAnnotation *
pw_media_document_get_annotation (PwMediaDocument *self)
{
  g_return_val_if_fail (PW_IS_MEDIA_DOCUMENT (self), NULL);
  return self->annotation;
}

/**
 * pw_media_document_get_key:
 * @self: a #PwMediaDocument
 *
 * Returns: the name of the document's draft in the store: the file's
 *   `file://` URI, or the task's key
 */
const char *
pw_media_document_get_key (PwMediaDocument *self)
{
  g_return_val_if_fail (PW_IS_MEDIA_DOCUMENT (self), NULL);
  return self->draft.key;
}

/**
 * pw_media_document_get_restored:
 * @self: a #PwMediaDocument
 *
 * Returns: %TRUE when the annotation and its history came from the store,
 *   as after a crash or a restart
 */
gboolean
pw_media_document_get_restored (PwMediaDocument *self)
{
  g_return_val_if_fail (PW_IS_MEDIA_DOCUMENT (self), FALSE);
  return self->restored;
}

/**
 * pw_media_document_is_task:
 * @self: a #PwMediaDocument
 *
 * Returns: %TRUE for a marketplace task, whose work is submitted rather
 *   than saved beside a file
 */
gboolean
pw_media_document_is_task (PwMediaDocument *self)
{
  g_return_val_if_fail (PW_IS_MEDIA_DOCUMENT (self), FALSE);
  return self->is_task;
}

/**
 * pw_media_document_get_labels:
 * @self: a #PwMediaDocument
 *
 * The labels of a worker's own file: those of `labels.txt` in its folder,
 * in their order and with their colours and keys, then every other label
 * its annotation file and its draft use, in the order first seen.
 *
 * Returns: (transfer none) (nullable): the labels, perhaps none; %NULL for
 *   a task, whose project's labels apply
 */
PwLabelSet *
pw_media_document_get_labels (PwMediaDocument *self)
{
  g_return_val_if_fail (PW_IS_MEDIA_DOCUMENT (self), NULL);
  return self->labels;
}

/**
 * pw_media_document_save_labels_async:
 * @self: a worker's own text or recording, not a task
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the labels are on the disk
 * @user_data: data for @callback
 *
 * Keeps the labels the worker added to pw_media_document_get_labels():
 * writes them to labels.txt beside the file, as an image folder keeps its
 * own, atomically and on a thread.
 */
void
pw_media_document_save_labels_async (PwMediaDocument     *self,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr (GFile) folder = NULL;

  g_return_if_fail (PW_IS_MEDIA_DOCUMENT (self));
  g_return_if_fail (!self->is_task && self->file != NULL && self->labels != NULL);

  folder = g_file_get_parent (self->file);
  pw_folder_labels_write_async (folder, self->labels, self, cancellable, callback, user_data);
}

/**
 * pw_media_document_save_labels_finish:
 * @self: a #PwMediaDocument
 * @result: the #GAsyncResult given to the callback
 * @error: return location for a #GError
 *
 * Returns: %TRUE when labels.txt was written; a full disk is
 *   %PW_ERROR_NO_SPACE with the old file intact
 */
gboolean
pw_media_document_save_labels_finish (PwMediaDocument  *self,
                                      GAsyncResult     *result,
                                      GError          **error)
{
  g_return_val_if_fail (PW_IS_MEDIA_DOCUMENT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return pw_folder_labels_write_finish (result, error);
}

/**
 * pw_media_document_get_warning:
 * @self: a #PwMediaDocument
 *
 * What the worker should know of how the document opened: its annotation
 * file could not be read, so it opened without it (the file is left as it
 * is, and a save keeps it beside under another name); a task's prefill
 * did not fit its text; or the draft was for another version of the text
 * or recording and was set aside.
 *
 * Returns: (transfer none) (nullable): the warning, with a message for the
 *   worker, or %NULL when everything was used
 */
const GError *
pw_media_document_get_warning (PwMediaDocument *self)
{
  g_return_val_if_fail (PW_IS_MEDIA_DOCUMENT (self), NULL);
  return self->warning;
}

typedef struct
{
  GFile           *file;
  char            *contents;
  PwMediaFileKind  kind;
  PwTextOffsets   *offsets;
} SaveData;

static void
save_data_free (gpointer data)
{
  SaveData *save = data;

  g_object_unref (save->file);
  g_free (save->contents);
  g_clear_pointer (&save->offsets, pw_text_offsets_unref);
  g_free (save);
}

/* The annotation belongs to the thread that edits it, so the text is made
 * there and only the write moves. */
static SaveData *
prepare_save (PwMediaDocument *self)
{
  SaveData *save = g_new0 (SaveData, 1);

  save->file = pw_media_file_annotation_for (self->file);
  save->contents = pw_media_file_annotation_to_string (self->annotation);
  save->kind = _pw_media_document_file_kind (self);
  save->offsets = self->offsets != NULL ? pw_text_offsets_ref (self->offsets) : NULL;
  return save;
}

/* A second name for @file under the first free name “NAME.unreadable”,
 * “NAME.unreadable-2”, …: a hard link where the disk has them, so the
 * old file stays whole whatever happens to the write after. */
static gboolean
keep_aside (GFile       *file,
            const char  *name,
            GError     **error)
{
  g_autofree char *path = g_file_get_path (file);

  for (guint i = 1; i <= MAX_KEPT_ASIDE; i++)
    {
      g_autofree char *aside = i == 1 ? g_strconcat (path, ".unreadable", NULL)
                                      : g_strdup_printf ("%s.unreadable-%u", path, i);
      g_autoptr (GFile) aside_file = NULL;
      g_autoptr (GError) copy_error = NULL;
      int errsv;

      if (link (path, aside) == 0)
        return TRUE;
      errsv = errno;
      if (errsv == EEXIST)
        continue;
      if (errsv != EPERM && errsv != EOPNOTSUPP && errsv != EXDEV && errsv != EMLINK)
        {
          pw_error_from_errno (error, errsv, _("Could not save “%s”"), name);
          return FALSE;
        }

      /* A disk without hard links: a copy, never over a file there. */
      aside_file = g_file_new_for_path (aside);
      if (g_file_copy (file, aside_file, G_FILE_COPY_NONE, NULL, NULL, NULL, &copy_error))
        return TRUE;
      if (g_error_matches (copy_error, G_IO_ERROR, G_IO_ERROR_EXISTS))
        continue;
      g_set_error (error, PW_ERROR,
                   g_error_matches (copy_error, G_IO_ERROR, G_IO_ERROR_NO_SPACE)
                     ? PW_ERROR_NO_SPACE : PW_ERROR_IO,
                   _("Could not save “%s”: %s"), name, copy_error->message);
      return FALSE;
    }

  g_set_error (error, PW_ERROR, PW_ERROR_IO,
               _("Could not save “%s”: it could not be read, and %u copies of it are kept "
                 "beside it already. Move them out of the folder, then save again."),
               name, MAX_KEPT_ASIDE);
  return FALSE;
}

/* The file there now is read as the document would open it: one that
 * does not read is the worker's or another tool's, and is kept. */
static gboolean
write_save (SaveData  *save,
            GError   **error)
{
  g_autofree char *name = g_file_get_basename (save->file);
  g_autoptr (PwAnnotation) there = NULL;
  g_autoptr (GError) read_error = NULL;

  there = pw_media_file_read_annotation (save->file, save->kind, save->offsets, &read_error);
  if (there == NULL && g_error_matches (read_error, PW_ERROR, PW_ERROR_IO))
    {
      g_set_error (error, PW_ERROR, PW_ERROR_IO,
                   _("Could not save “%s”: the file there could not be read, and Piecework "
                     "does not write over what it cannot read. %s"),
                   name, read_error->message);
      return FALSE;
    }
  if (there == NULL && !g_error_matches (read_error, PW_ERROR, PW_ERROR_NOT_FOUND)
      && !keep_aside (save->file, name, error))
    return FALSE;

  return pw_file_write_durably (save->file, save->contents, strlen (save->contents), error);
}

/**
 * pw_media_document_save:
 * @self: a #PwMediaDocument of the worker's own file
 * @error: return location for a #GError
 *
 * Writes the annotation to the file beside the text or recording
 * (pw_media_document_annotation_file_for()), atomically and durably,
 * waiting for the disk. An annotation file there that does not read (not
 * JSON, an image's labelme file, spans that no longer fit the text) is
 * never written over: it is kept beside under the name
 * `NAME.json.unreadable` first. The draft stays in the store, so undo still
 * reaches back past the save.
 *
 * Returns: %TRUE on success; a full disk is %PW_ERROR_NO_SPACE with the
 *   old file intact
 */
gboolean
pw_media_document_save (PwMediaDocument  *self,
                        GError          **error)
{
  SaveData *save;
  gboolean saved;

  g_return_val_if_fail (PW_IS_MEDIA_DOCUMENT (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  g_return_val_if_fail (!self->is_task, FALSE);

  save = prepare_save (self);
  saved = write_save (save, error);
  save_data_free (save);
  return saved;
}

static void
save_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;
  if (write_save (task_data, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/**
 * pw_media_document_save_async:
 * @self: a #PwMediaDocument of the worker's own file
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the file is on the disk
 * @user_data: data for @callback
 *
 * Saves on a thread what the annotation is now. See
 * pw_media_document_save().
 */
void
pw_media_document_save_async (PwMediaDocument     *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (PW_IS_MEDIA_DOCUMENT (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));
  g_return_if_fail (!self->is_task);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pw_media_document_save_async);
  g_task_set_task_data (task, prepare_save (self), save_data_free);
  g_task_run_in_thread (task, save_thread);
}

/**
 * pw_media_document_save_finish:
 * @self: a #PwMediaDocument
 * @result: the #GAsyncResult given to the callback
 * @error: return location for a #GError
 *
 * Returns: %TRUE when the annotation file was written
 */
gboolean
pw_media_document_save_finish (PwMediaDocument  *self,
                               GAsyncResult     *result,
                               GError          **error)
{
  g_return_val_if_fail (PW_IS_MEDIA_DOCUMENT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
