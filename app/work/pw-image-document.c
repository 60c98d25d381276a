/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <string.h>

#include "pw-file-write.h"
#include "pw-image-document-private.h"

/**
 * PwImageDocument:
 *
 * One image of a local folder being labeled: its annotation, saved as a
 * labelme file beside the image so labelme and every tool that reads it
 * sees the work, and every edit kept in the store as it is made, so a
 * crash loses nothing and undo reaches back past a restart.
 *
 * The store's draft is the history; the labelme file is what the worker
 * chose to save. A draft outlives a save for that reason.
 */

G_DEFINE_FINAL_TYPE (PwImageDocument, pw_image_document, G_TYPE_OBJECT)

static void
pw_image_document_dispose (GObject *object)
{
  PwImageDocument *self = PW_IMAGE_DOCUMENT (object);

  _pw_document_draft_detach (&self->draft);
  g_clear_object (&self->annotation);
  g_clear_object (&self->labelme);

  G_OBJECT_CLASS (pw_image_document_parent_class)->dispose (object);
}

static void
pw_image_document_finalize (GObject *object)
{
  PwImageDocument *self = PW_IMAGE_DOCUMENT (object);

  g_clear_object (&self->image);
  _pw_document_draft_clear (&self->draft);

  G_OBJECT_CLASS (pw_image_document_parent_class)->finalize (object);
}

static void
pw_image_document_class_init (PwImageDocumentClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = pw_image_document_dispose;
  object_class->finalize = pw_image_document_finalize;
}

static void
pw_image_document_init (PwImageDocument *self)
{
}

/**
 * pw_image_document_get_image:
 * @self: a #PwImageDocument
 *
 * Returns: (transfer none): the image being labeled
 */
GFile *
pw_image_document_get_image (PwImageDocument *self)
{
  g_return_val_if_fail (PW_IS_IMAGE_DOCUMENT (self), NULL);
  return self->image;
}

/**
 * pw_image_document_get_key:
 * @self: a #PwImageDocument
 *
 * Returns: the image's `file://` URI, which names its draft in the store
 */
const char *
pw_image_document_get_key (PwImageDocument *self)
{
  g_return_val_if_fail (PW_IS_IMAGE_DOCUMENT (self), NULL);
  return self->draft.key;
}

/**
 * pw_image_document_get_annotation:
 * @self: a #PwImageDocument
 *
 * Returns: (transfer none): the shapes being edited, with their history
 */
PwAnnotation *
pw_image_document_get_annotation (PwImageDocument *self)
{
  g_return_val_if_fail (PW_IS_IMAGE_DOCUMENT (self), NULL);
  return self->annotation;
}

/**
 * pw_image_document_get_restored:
 * @self: a #PwImageDocument
 *
 * Returns: %TRUE when the shapes and their history came from the store,
 *   as after a crash or a restart
 */
gboolean
pw_image_document_get_restored (PwImageDocument *self)
{
  g_return_val_if_fail (PW_IS_IMAGE_DOCUMENT (self), FALSE);
  return self->restored;
}

/**
 * pw_image_document_is_task:
 * @self: a #PwImageDocument
 *
 * Returns: %TRUE for a marketplace task's image, whose work is submitted
 *   rather than saved beside the image
 */
gboolean
pw_image_document_is_task (PwImageDocument *self)
{
  g_return_val_if_fail (PW_IS_IMAGE_DOCUMENT (self), FALSE);
  return self->is_task;
}

typedef struct
{
  GFile *file;
  char  *text;
} SaveData;

static void
save_data_free (gpointer data)
{
  SaveData *save = data;

  g_object_unref (save->file);
  g_free (save->text);
  g_free (save);
}

/* The annotation and the labelme file belong to the thread that edits
 * them, so the text is made there and only the write moves. */
static SaveData *
prepare_save (PwImageDocument *self)
{
  SaveData *save = g_new0 (SaveData, 1);

  pw_labelme_file_update (self->labelme, self->annotation);
  save->file = pw_labelme_file_for_image (self->image);
  save->text = pw_labelme_file_to_string (self->labelme);
  return save;
}

static gboolean
write_save (SaveData  *save,
            GError   **error)
{
  return pw_file_write_durably (save->file, save->text, strlen (save->text), error);
}

/**
 * pw_image_document_save:
 * @self: a #PwImageDocument
 * @error: return location for a #GError
 *
 * Writes the shapes to the labelme file beside the image, atomically and
 * durably, waiting for the disk. The draft stays in the store, so undo
 * still reaches back past the save.
 *
 * Returns: %TRUE on success; a full disk is %PW_ERROR_NO_SPACE with the
 *   old file intact
 */
gboolean
pw_image_document_save (PwImageDocument  *self,
                        GError          **error)
{
  SaveData *save;
  gboolean saved;

  g_return_val_if_fail (PW_IS_IMAGE_DOCUMENT (self), FALSE);
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

  if (write_save (task_data, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/**
 * pw_image_document_save_async:
 * @self: a #PwImageDocument
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the file is on the disk
 * @user_data: data for @callback
 *
 * Saves on a thread what the shapes are now. See pw_image_document_save().
 */
void
pw_image_document_save_async (PwImageDocument     *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (PW_IS_IMAGE_DOCUMENT (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));
  g_return_if_fail (!self->is_task);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pw_image_document_save_async);
  g_task_set_task_data (task, prepare_save (self), save_data_free);
  g_task_run_in_thread (task, save_thread);
}

/**
 * pw_image_document_save_finish:
 * @self: a #PwImageDocument
 * @result: the #GAsyncResult given to the callback
 * @error: return location for a #GError
 *
 * Returns: %TRUE when the labelme file was written
 */
gboolean
pw_image_document_save_finish (PwImageDocument  *self,
                               GAsyncResult     *result,
                               GError          **error)
{
  g_return_val_if_fail (PW_IS_IMAGE_DOCUMENT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
