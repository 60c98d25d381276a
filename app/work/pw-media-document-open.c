/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "pw-error.h"
#include "pw-folder-labels.h"
#include "pw-json.h"
#include "pw-media-document-private.h"
#include "pw-text-span.h"

/* Opening a media document: the text or the head of the recording, the
 * annotation file, labels.txt and the draft are read on a thread; the
 * document is tied to the store on the thread that edits it, since the
 * annotation's signals run there, as PwImageDocument does. */

typedef struct
{
  PwTaskKind         kind;
  GFile             *file;
  char              *text;
  char              *task_key;
  PwAnnotationTools  tools;
  JsonNode          *prefill;
} OpenData;

static void
open_data_free (gpointer user_data)
{
  OpenData *data = user_data;

  g_clear_object (&data->file);
  g_free (data->text);
  g_free (data->task_key);
  g_clear_pointer (&data->prefill, json_node_unref);
  g_free (data);
}

/* Adds a reason to those the worker is told of. */
static void
add_warning (PwMediaDocument *self,
             GError          *warning)
{
  if (self->warning == NULL)
    self->warning = warning;
  else
    {
      g_prefix_error (&self->warning, "%s ", warning->message);
      g_error_free (warning);
    }
}

/* What the draft's snapshot keeps of its text or recording, so a draft
 * made for another version of the file is told apart: the text's SHA-256
 * and length, or the recording's size (reading a long recording whole
 * for a checksum would hold up the next task; a task's recording is in
 * the cache under its checksum already). */
static JsonObject *
make_stamp (PwMediaDocument *self,
            goffset          media_bytes)
{
  JsonObject *stamp = json_object_new ();
  JsonObject *source = json_object_new ();

  if (self->text != NULL)
    {
      g_autofree char *sha256 = g_compute_checksum_for_string (G_CHECKSUM_SHA256, self->text, -1);

      json_object_set_string_member (source, "sha256", sha256);
      json_object_set_int_member (source, "characters", pw_text_offsets_get_length (self->offsets));
    }
  else
    json_object_set_int_member (source, "bytes", media_bytes);

  json_object_set_object_member (stamp, "source", source);
  return stamp;
}

/* A text or recording at the same path or task, changed since the draft
 * was made: its spans would fall on other words. */
static gboolean
draft_fits_media (JsonObject   *snapshot,
                  PwAnnotation *annotation,
                  gpointer      user_data,
                  GError      **error)
{
  PwMediaDocument *self = user_data;
  JsonNode *had = json_object_get_member (snapshot, "source");
  JsonNode *has = json_object_get_member (self->stamp, "source");

  if (had == NULL || !json_node_equal (had, has))
    {
      g_set_error (error, PW_ERROR, PW_ERROR_INVALID_DATA,
                   self->text != NULL
                     ? _("The saved edits were made on another version of the text and were set aside.")
                     : _("The saved edits were made on another version of the recording and were set aside."));
      return FALSE;
    }
  if (self->offsets != NULL)
    return pw_media_file_spans_fit (annotation, self->offsets, _("The saved edits"), error);
  return TRUE;
}

static void
add_used_labels (PwLabelSet   *labels,
                 PwAnnotation *annotation)
{
  const char *const *choices = pw_annotation_get_choices (annotation);
  GPtrArray *spans = pw_annotation_get_spans (annotation);
  GPtrArray *segments = pw_annotation_get_segments (annotation);

  for (guint i = 0; choices[i] != NULL; i++)
    pw_label_set_append_used (labels, choices[i]);
  for (guint i = 0; i < spans->len; i++)
    {
      const char *label = pw_text_span_get_label (g_ptr_array_index (spans, i));

      if (label != NULL)
        pw_label_set_append_used (labels, label);
    }
  for (guint i = 0; i < segments->len; i++)
    {
      const char *label = pw_segment_get_label (g_ptr_array_index (segments, i));

      if (label != NULL)
        pw_label_set_append_used (labels, label);
    }
}

static PwLabelSet *
read_labels_txt (GFile   *file,
                 GError **error)
{
  g_autoptr (GFile) folder = g_file_get_parent (file);
  g_autoptr (GFile) labels_txt = g_file_get_child (folder, PW_FOLDER_LABELS_FILE);
  g_autoptr (GError) local_error = NULL;
  PwLabelSet *labels = pw_label_set_new_from_file (labels_txt, &local_error);

  if (labels != NULL)
    return labels;
  if (!g_error_matches (local_error, PW_ERROR, PW_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  return pw_label_set_new ();
}

/* The text or recording itself, checked. */
static gboolean
read_media (PwMediaDocument  *self,
            OpenData         *data,
            goffset          *media_bytes,
            GError          **error)
{
  if (self->kind == PW_TASK_KIND_AUDIO)
    return pw_media_file_check_audio (data->file, media_bytes, error);

  if (data->task_key == NULL)
    {
      gsize length;

      self->text = pw_media_file_read_text (data->file, &length, error);
      if (self->text == NULL)
        return FALSE;
      self->offsets = pw_text_offsets_new (self->text, length, error);
    }
  else
    {
      /* Translators: %s is a task's key in the store */
      g_autofree char *what = g_strdup_printf (_("The text of task %s"), data->task_key);

      if (!pw_media_file_check_text (data->text, strlen (data->text), what, error))
        return FALSE;
      self->text = g_strdup (data->text);
      self->offsets = pw_text_offsets_new (self->text, -1, error);
    }
  return self->offsets != NULL;
}

/* The annotation beside a worker's own file, or the task's prefill. What
 * does not read is left out with a warning; only a file that cannot be
 * read at all stops the open, since a save would then write over it. */
static gboolean
read_annotation (PwMediaDocument  *self,
                 OpenData         *data,
                 GError          **error)
{
  g_autoptr (GError) local_error = NULL;

  if (data->task_key != NULL)
    {
      if (data->prefill != NULL && !JSON_NODE_HOLDS_NULL (data->prefill))
        {
          /* Translators: %s is a task's key in the store */
          g_autofree char *what = g_strdup_printf (_("The prefill of task %s"), data->task_key);

          self->annotation = pw_media_file_annotation_from_json (data->prefill, data->tools,
                                                                 self->offsets, what,
                                                                 &local_error);
          if (self->annotation == NULL)
            {
              g_debug ("%s", local_error->message);
              g_prefix_error (&local_error, "%s ",
                              _("The task opened without the marketplace’s prefill:"));
              add_warning (self, g_steal_pointer (&local_error));
            }
        }
      if (self->annotation == NULL)
        self->annotation = pw_annotation_new_for_tools (data->tools);
      return TRUE;
    }

  self->labels = read_labels_txt (self->file, error);
  if (self->labels == NULL)
    return FALSE;

  {
    g_autoptr (GFile) json = pw_media_file_annotation_for (self->file);

    self->annotation = pw_media_file_read_annotation (json, _pw_media_document_file_kind (self),
                                                      self->offsets, &local_error);
    if (self->annotation != NULL)
      add_used_labels (self->labels, self->annotation);
    else if (g_error_matches (local_error, PW_ERROR, PW_ERROR_INVALID_DATA)
             || g_error_matches (local_error, PW_ERROR, PW_ERROR_TOO_LARGE))
      {
        g_prefix_error (&local_error, "%s ",
                        _("The annotation beside the file could not be read, so the file "
                          "opened without it; it is left as it is, and saving keeps it "
                          "beside under a name ending in “.unreadable”:"));
        add_warning (self, g_steal_pointer (&local_error));
      }
    else if (!g_error_matches (local_error, PW_ERROR, PW_ERROR_NOT_FOUND))
      {
        g_propagate_error (error, g_steal_pointer (&local_error));
        return FALSE;
      }
  }

  if (self->annotation == NULL)
    self->annotation = pw_annotation_new_for_tools (pw_media_file_default_tools (
                                                      _pw_media_document_file_kind (self)));
  return TRUE;
}

/* Everything that reads the disk; on a thread. The document is not yet
 * tied to the store: that happens on the thread that will edit it. */
static PwMediaDocument *
open_unattached (OpenData      *data,
                 PwStore       *store,
                 GCancellable  *cancellable,
                 GError       **error)
{
  g_autoptr (PwMediaDocument) self = NULL;
  g_autoptr (PwAnnotation) restored = NULL;
  g_autoptr (GError) set_aside = NULL;
  goffset media_bytes = 0;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  self = g_object_new (PW_TYPE_MEDIA_DOCUMENT, NULL);
  self->kind = data->kind;
  self->is_task = data->task_key != NULL;
  self->file = data->file != NULL ? g_object_ref (data->file) : NULL;

  if (!self->is_task)
    {
      g_autofree char *path = g_file_get_path (data->file);

      if (path == NULL)
        {
          g_autofree char *parse_name = g_file_get_parse_name (data->file);

          g_set_error (error, PW_ERROR, PW_ERROR_UNSUPPORTED,
                       /* Translators: %s is a file name */
                       _("Could not open “%s”: it is not on this computer. Copy it into a local "
                         "folder, then open it from there."),
                       parse_name);
          return NULL;
        }
    }

  if (!read_media (self, data, &media_bytes, error)
      || !read_annotation (self, data, error))
    return NULL;

  self->draft.key = self->is_task ? g_strdup (data->task_key) : g_file_get_uri (self->file);
  self->stamp = make_stamp (self, media_bytes);
  if (!_pw_document_draft_load (&self->draft, store, draft_fits_media, self, &restored,
                                &set_aside, error))
    return NULL;

  if (restored != NULL)
    {
      g_set_object (&self->annotation, restored);
      self->restored = TRUE;
      if (self->labels != NULL)
        add_used_labels (self->labels, self->annotation);
    }
  else if (set_aside != NULL)
    {
      g_warning ("The saved edits of %s are damaged or for another version of it and were "
                 "set aside; it opens as its file or task has it: %s",
                 self->draft.key, set_aside->message);
      add_warning (self, g_steal_pointer (&set_aside));
    }

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  return g_steal_pointer (&self);
}

static PwMediaDocument *
attach (PwMediaDocument *self)
{
  _pw_document_draft_attach (&self->draft, self->annotation, self->restored, self->stamp);
  return self;
}

static void
open_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;
  PwMediaDocument *self = open_unattached (task_data, source_object, cancellable, &error);

  if (self == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, self, g_object_unref);
}

static OpenData *
open_data_for_file (GFile    *file,
                    GError  **error)
{
  g_autofree char *name = g_file_get_basename (file);
  PwMediaFileKind kind = pw_media_file_kind_for_name (name);
  OpenData *data;

  if (kind == PW_MEDIA_FILE_NONE)
    {
      g_autofree char *display = g_file_get_parse_name (file);
      g_autofree char *basename = g_path_get_basename (display);

      g_set_error (error, PW_ERROR, PW_ERROR_UNSUPPORTED,
                   _("“%s” is neither a text file (.txt) nor a recording (.wav, .ogg, .oga, "
                     ".opus, .mp3, .flac). Choose one of these."),
                   basename);
      return NULL;
    }

  data = g_new0 (OpenData, 1);
  data->kind = kind == PW_MEDIA_FILE_TEXT ? PW_TASK_KIND_TEXT : PW_TASK_KIND_AUDIO;
  data->file = g_object_ref (file);
  return data;
}

/**
 * pw_media_document_open:
 * @file: a text file or a recording on this computer
 * @store: (nullable): where edits are kept as they are made
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Opens @file for labeling. Its annotation comes from the draft in @store
 * when there is one for the file as it is now, else from the annotation
 * file beside it, else it is empty. An annotation file that does not read
 * is left as it is and the file opens without it; a draft made on another
 * version of the file is set aside; pw_media_document_get_warning() says
 * so. Blocks on the disk: for tests and the command line.
 *
 * Returns: (transfer full): the document, or %NULL with
 *   %PW_ERROR_UNSUPPORTED for a file that is not a text or a recording,
 *   %PW_ERROR_INVALID_DATA for a text that is not UTF-8 or holds a NUL,
 *   %PW_ERROR_TOO_LARGE for a text over 16 MiB, or the error of reading
 *   the disk or the store
 */
PwMediaDocument *
pw_media_document_open (GFile         *file,
                        PwStore       *store,
                        GCancellable  *cancellable,
                        GError       **error)
{
  OpenData *data;
  PwMediaDocument *self;

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (store == NULL || PW_IS_STORE (store), NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  data = open_data_for_file (file, error);
  if (data == NULL)
    return NULL;
  self = open_unattached (data, store, cancellable, error);
  open_data_free (data);
  return self != NULL ? attach (self) : NULL;
}

/**
 * pw_media_document_open_async:
 * @file: a text file or a recording on this computer
 * @store: (nullable): where edits are kept as they are made
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the document is open
 * @user_data: data for @callback
 *
 * Opens @file on a thread. See pw_media_document_open().
 */
void
pw_media_document_open_async (GFile               *file,
                              PwStore             *store,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr (GTask) task = NULL;
  GError *error = NULL;
  OpenData *data;

  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (store == NULL || PW_IS_STORE (store));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, pw_media_document_open_async);
  data = open_data_for_file (file, &error);
  if (data == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_set_task_data (task, data, open_data_free);
  g_task_run_in_thread (task, open_thread);
}

/**
 * pw_media_document_open_task_async:
 * @kind: %PW_TASK_KIND_TEXT or %PW_TASK_KIND_AUDIO
 * @media: (nullable): an audio task's recording in the media cache;
 *   ignored for a text task
 * @text: (nullable): a text task's text, the task's `text`
 * @task_key: the name of the task's draft in the store, such as
 *   `task:ACCOUNT/TASK`
 * @tools: the project's tools; with none Piecework knows, those a file
 *   of the kind opens with (pw_media_file_default_tools())
 * @prefill: (nullable): an Annotation the marketplace gave to correct
 * @store: (nullable): where edits are kept as they are made
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the document is open
 * @user_data: data for @callback
 *
 * Opens a marketplace task on a thread: its annotation comes from the
 * draft in @store when there is one for the same text or recording, else
 * from @prefill when it reads with @tools and its spans fit the text, else
 * it is empty with @tools. A prefill that does not fit is left out, and
 * pw_media_document_get_warning() says why. No file is read or written
 * beside the media; the work leaves as a submission. Finish with
 * pw_media_document_open_finish().
 */
void
pw_media_document_open_task_async (PwTaskKind           kind,
                                   GFile               *media,
                                   const char          *text,
                                   const char          *task_key,
                                   PwAnnotationTools    tools,
                                   JsonNode            *prefill,
                                   PwStore             *store,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr (GTask) task = NULL;
  OpenData *data;

  g_return_if_fail (kind == PW_TASK_KIND_TEXT || kind == PW_TASK_KIND_AUDIO);
  g_return_if_fail (kind != PW_TASK_KIND_TEXT || text != NULL);
  g_return_if_fail (kind != PW_TASK_KIND_AUDIO || G_IS_FILE (media));
  g_return_if_fail (task_key != NULL);
  g_return_if_fail ((tools & PW_ANNOTATION_TOOL_SHAPES) == 0);
  g_return_if_fail (store == NULL || PW_IS_STORE (store));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  data = g_new0 (OpenData, 1);
  data->kind = kind;
  data->file = kind == PW_TASK_KIND_AUDIO ? g_object_ref (media) : NULL;
  data->text = kind == PW_TASK_KIND_TEXT ? g_strdup (text) : NULL;
  data->task_key = g_strdup (task_key);
  /* A project whose tools are all unknown to Piecework still opens. */
  data->tools = tools != 0 ? tools
                           : pw_media_file_default_tools (kind == PW_TASK_KIND_TEXT
                                                            ? PW_MEDIA_FILE_TEXT
                                                            : PW_MEDIA_FILE_AUDIO);
  data->prefill = prefill != NULL ? json_node_copy (prefill) : NULL;

  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, pw_media_document_open_async);
  g_task_set_task_data (task, data, open_data_free);
  g_task_run_in_thread (task, open_thread);
}

/**
 * pw_media_document_open_finish:
 * @result: the #GAsyncResult given to the callback
 * @error: return location for a #GError
 *
 * Finishes opening, and from here on keeps each edit in the store.
 *
 * Returns: (transfer full): the document, or %NULL
 */
PwMediaDocument *
pw_media_document_open_finish (GAsyncResult  *result,
                               GError       **error)
{
  PwMediaDocument *self;

  g_return_val_if_fail (G_IS_TASK (result), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == pw_media_document_open_async,
                        NULL);

  self = g_task_propagate_pointer (G_TASK (result), error);
  return self != NULL ? attach (self) : NULL;
}
