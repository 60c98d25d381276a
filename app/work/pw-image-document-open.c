/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n-lib.h>

#include "media/pw-image-loader.h"
#include "pw-error.h"
#include "pw-image-document-private.h"

/* Opening an image document: the image's size, its labelme file and its
 * draft are read on a thread; the document is tied to the store on the
 * thread that edits it, since the annotation's signals run there. */

/* The labelme file's shapes on an annotation of the image's own size: a
 * file written for another copy of the image, scaled or turned, still
 * gives its shapes, and the canvas matches the pixels it shows. */
static PwAnnotation *
annotation_of_size (PwLabelmeFile *labelme,
                    guint          width,
                    guint          height)
{
  g_autoptr (PwAnnotation) annotation = pw_labelme_file_to_annotation (labelme);
  g_autoptr (JsonNode) node = NULL;
  g_autoptr (GError) error = NULL;
  JsonObject *image;
  PwAnnotation *resized;

  if (pw_annotation_get_width (annotation) == width
      && pw_annotation_get_height (annotation) == height)
    return g_steal_pointer (&annotation);

  node = pw_annotation_to_json (annotation);
  image = json_object_get_object_member (json_node_get_object (node), "image");
  json_object_set_int_member (image, "width", width);
  json_object_set_int_member (image, "height", height);

  /* The shapes came from an annotation, so only the size is new. */
  resized = pw_annotation_new_from_json (node, &error);
  g_assert_no_error (error);
  return resized;
}

typedef struct
{
  guint width;
  guint height;
} ImageSize;

/* The image at this path may have been replaced by another since the
 * draft was made; its shapes would land on the wrong pixels. */
static gboolean
draft_fits_image (JsonObject   *snapshot,
                  PwAnnotation *annotation,
                  gpointer      user_data,
                  GError      **error)
{
  ImageSize *size = user_data;

  if (pw_annotation_get_width (annotation) != size->width
      || pw_annotation_get_height (annotation) != size->height)
    {
      g_set_error (error, PW_ERROR, PW_ERROR_INVALID_DATA,
                   "the draft is for an image of %u×%u pixels, not %u×%u",
                   pw_annotation_get_width (annotation), pw_annotation_get_height (annotation),
                   size->width, size->height);
      return FALSE;
    }
  return TRUE;
}

/* Everything that reads the disk; on a thread for the async variant. The
 * document is not yet tied to the store: that happens on the thread that
 * will edit it. */
/* @annotation with the choice tool, its choices empty when it had none. */
static PwAnnotation *
with_choices (PwAnnotation *annotation)
{
  g_autoptr (JsonNode) node = NULL;

  if (pw_annotation_get_tools (annotation) & PW_ANNOTATION_TOOL_CHOICE)
    return annotation;
  node = pw_annotation_to_json (annotation);
  json_object_set_array_member (json_node_get_object (node), "choices", json_array_new ());
  g_object_unref (annotation);
  return pw_annotation_new_from_json (node, NULL);
}

static PwImageDocument *
open_unattached (GFile         *image,
                 const char    *task_key,
                 JsonNode      *prefill,
                 gboolean       choices,
                 PwStore       *store,
                 GCancellable  *cancellable,
                 GError       **error)
{
  g_autoptr (PwImageDocument) self = NULL;
  g_autoptr (GFile) json = NULL;
  g_autoptr (GError) local_error = NULL;
  g_autofree char *path = NULL;
  PwImageInfo info;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  path = g_file_get_path (image);
  if (path == NULL)
    {
      g_autofree char *parse_name = g_file_get_parse_name (image);

      g_set_error (error, PW_ERROR, PW_ERROR_UNSUPPORTED,
                   /* Translators: %s is a file name */
                   _("Could not open “%s”: it is not on this computer. Copy it into a local "
                     "folder, then open it from there."),
                   parse_name);
      return NULL;
    }

  /* Only its size: the image itself is decoded apart, for the view. */
  if (!pw_image_probe_file (path, &info, error))
    return NULL;

  self = g_object_new (PW_TYPE_IMAGE_DOCUMENT, NULL);
  self->image = g_object_ref (image);

  /* A marketplace task's work goes out as a submission, never as a file
   * beside its media in the cache. */
  if (task_key != NULL)
    {
      self->draft.key = g_strdup (task_key);
      self->is_task = TRUE;
      if (prefill != NULL && JSON_NODE_HOLDS_OBJECT (prefill))
        {
          g_autoptr (PwAnnotation) given = pw_annotation_new_from_json (prefill, &local_error);

          if (given != NULL && pw_annotation_get_width (given) == (guint) info.width
              && pw_annotation_get_height (given) == (guint) info.height)
            self->annotation = g_steal_pointer (&given);
          else
            g_debug ("The prefill of %s is not used: %s", task_key,
                     local_error != NULL ? local_error->message : "another image size");
          g_clear_error (&local_error);
        }
    }
  else
    self->draft.key = g_file_get_uri (image);

  json = pw_labelme_file_for_image (image);
  if (self->is_task)
    {
      g_autofree char *basename = g_file_get_basename (image);

      self->labelme = pw_labelme_file_new (basename, info.width, info.height);
    }
  else if ((self->labelme = pw_labelme_file_load (json, &local_error)) == NULL)
    {
      g_autofree char *basename = NULL;

      if (!g_error_matches (local_error, PW_ERROR, PW_ERROR_NOT_FOUND))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      g_clear_error (&local_error);
      basename = g_file_get_basename (image);
      self->labelme = pw_labelme_file_new (basename, info.width, info.height);
    }

  {
    ImageSize size = { info.width, info.height };
    g_autoptr (PwAnnotation) restored = NULL;

    self->draft.image_choices = choices;

    if (!_pw_document_draft_load (&self->draft, store, draft_fits_image, &size, &restored,
                                  &local_error, error))
      return NULL;
    if (restored != NULL)
      {
        g_set_object (&self->annotation, restored);
        self->restored = TRUE;
      }
    else if (local_error != NULL)
      g_warning ("The saved edits of %s are damaged and were set aside; "
                 "it opens as its labelme file has it: %s",
                 self->draft.key, local_error->message);
  }

  if (self->annotation == NULL)
    self->annotation = annotation_of_size (self->labelme, info.width, info.height);
  /* A draft has its history: it read its choices, none yet where it was
   * made before images kept them (see rebuild in pw-document-draft.c). */
  if (choices && !self->restored)
    self->annotation = with_choices (self->annotation);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  return g_steal_pointer (&self);
}

static PwImageDocument *
attach (PwImageDocument *self)
{
  _pw_document_draft_attach (&self->draft, self->annotation, self->restored, NULL);
  return self;
}

/**
 * pw_image_document_open:
 * @image: a JPEG or PNG file on this computer
 * @store: (nullable): where edits are kept as they are made
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Opens @image for labeling: its shapes come from the draft in @store when
 * there is one, else from the labelme file beside it, else there are none.
 * A damaged draft is set aside with a warning, and the labelme file's
 * shapes are used. Blocks on the disk: for tests and the command line.
 *
 * Returns: (transfer full): the document, or %NULL with the error of
 *   reading the image, its labelme file or the store
 */
PwImageDocument *
pw_image_document_open (GFile         *image,
                        PwStore       *store,
                        GCancellable  *cancellable,
                        GError       **error)
{
  PwImageDocument *self;

  g_return_val_if_fail (G_IS_FILE (image), NULL);
  g_return_val_if_fail (store == NULL || PW_IS_STORE (store), NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = open_unattached (image, NULL, NULL, FALSE, store, cancellable, error);
  return self != NULL ? attach (self) : NULL;
}

typedef struct
{
  GFile    *image;
  char     *task_key;
  JsonNode *prefill;
  gboolean  choices;
} OpenData;

static OpenData *
open_data_new (GFile      *image,
               const char *task_key,
               JsonNode   *prefill)
{
  OpenData *data = g_new0 (OpenData, 1);

  data->image = g_object_ref (image);
  data->task_key = g_strdup (task_key);
  data->prefill = prefill != NULL ? json_node_copy (prefill) : NULL;
  return data;
}

static void
open_data_free (gpointer user_data)
{
  OpenData *data = user_data;

  g_object_unref (data->image);
  g_free (data->task_key);
  g_clear_pointer (&data->prefill, json_node_unref);
  g_free (data);
}

static void
open_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  OpenData *data = task_data;
  GError *error = NULL;
  PwImageDocument *self = open_unattached (data->image, data->task_key, data->prefill,
                                           data->choices,
                                           source_object, cancellable, &error);

  if (self == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, self, g_object_unref);
}

/**
 * pw_image_document_open_async:
 * @image: a JPEG or PNG file on this computer
 * @store: (nullable): where edits are kept as they are made
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the document is open
 * @user_data: data for @callback
 *
 * Opens @image on a thread. See pw_image_document_open().
 */
void
pw_image_document_open_async (GFile               *image,
                              PwStore             *store,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (G_IS_FILE (image));
  g_return_if_fail (store == NULL || PW_IS_STORE (store));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, pw_image_document_open_async);
  g_task_set_task_data (task, open_data_new (image, NULL, NULL), open_data_free);
  g_task_run_in_thread (task, open_thread);
}

/**
 * pw_image_document_open_task_async:
 * @image: the task's image in the media cache
 * @task_key: the name of the task's draft in the store, such as
 *   `task:ACCOUNT/TASK`
 * @prefill: (nullable): an Annotation the marketplace gave to correct
 * @tools: the project's tools: with %PW_ANNOTATION_TOOL_CHOICE the image
 *   is also classified by choices, kept and submitted with its shapes
 * @store: (nullable): where edits are kept as they are made
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the document is open
 * @user_data: data for @callback
 *
 * Opens a marketplace task's image on a thread: its shapes come from the
 * draft in @store when there is one, else from @prefill when it fits the
 * image, else there are none. No labelme file is read or written; the work
 * leaves as a submission. Finish with pw_image_document_open_finish().
 */
void
pw_image_document_open_task_async (GFile               *image,
                                   const char          *task_key,
                                   JsonNode            *prefill,
                                   PwAnnotationTools    tools,
                                   PwStore             *store,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr (GTask) task = NULL;
  OpenData *data;

  g_return_if_fail (G_IS_FILE (image));
  g_return_if_fail (task_key != NULL);
  g_return_if_fail (store == NULL || PW_IS_STORE (store));

  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, pw_image_document_open_async);
  data = open_data_new (image, task_key, prefill);
  data->choices = (tools & PW_ANNOTATION_TOOL_CHOICE) != 0;
  g_task_set_task_data (task, data, open_data_free);
  g_task_run_in_thread (task, open_thread);
}

/**
 * pw_image_document_open_finish:
 * @result: the #GAsyncResult given to the callback
 * @error: return location for a #GError
 *
 * Finishes opening, and from here on keeps each edit in the store.
 *
 * Returns: (transfer full): the document, or %NULL
 */
PwImageDocument *
pw_image_document_open_finish (GAsyncResult  *result,
                               GError       **error)
{
  PwImageDocument *self;

  g_return_val_if_fail (G_IS_TASK (result), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == pw_image_document_open_async,
                        NULL);

  self = g_task_propagate_pointer (G_TASK (result), error);
  return self != NULL ? attach (self) : NULL;
}
