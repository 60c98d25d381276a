/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "pw-error.h"
#include "pw-export-private.h"
#include "pw-file-write.h"
#include "pw-folder-labels.h"
#include "pw-json.h"
#include "pw-media-file.h"

/* JSON Lines of the annotations of a folder's texts and recordings: one
 * line for each that has an annotation file beside it, in the order a
 * file manager shows them:
 *
 *   {"file": "review.txt", "kind": "text", "sha256": "…", "text": "…",
 *    "annotation": {"choices": […], "spans": […]}}
 *
 * "sha256" is that of the file's bytes, so a line stays tied to the very
 * recording its segment times are in, or the text its offsets count; a
 * text's line holds the text too (after a byte order mark, which offsets
 * do not count), so a line reads on its own. What is exported is what the
 * worker saved, as for images: edits kept in the store and not saved are
 * work in progress. */

static gboolean
is_media_name (const char *name)
{
  return pw_media_file_kind_for_name (name) != PW_MEDIA_FILE_NONE;
}

static char *
checksum_of_file (GFile   *file,
                  GError **error)
{
  g_autoptr (GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autoptr (GFileInputStream) stream = NULL;
  g_autoptr (GError) local_error = NULL;
  g_autofree char *name = g_file_get_basename (file);
  guint8 buffer[64 * 1024];
  gssize n;

  stream = g_file_read (file, NULL, &local_error);
  while (stream != NULL
         && (n = g_input_stream_read (G_INPUT_STREAM (stream), buffer, sizeof buffer, NULL,
                                      &local_error)) > 0)
    g_checksum_update (checksum, buffer, n);

  if (local_error != NULL)
    {
      g_set_error (error, PW_ERROR, PW_ERROR_IO, _("Could not read “%s”: %s"), name,
                   local_error->message);
      return NULL;
    }
  return g_strdup (g_checksum_get_string (checksum));
}

/* The line of @file, or %NULL with no error when it has no annotation. */
static JsonNode *
line_of (GFile   *file,
         GError **error)
{
  g_autofree char *name = g_file_get_basename (file);
  g_autoptr (GFile) json = pw_media_file_annotation_for (file);
  g_autoptr (PwTextOffsets) offsets = NULL;
  g_autoptr (PwAnnotation) annotation = NULL;
  g_autoptr (GError) local_error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *sha256 = NULL;
  PwMediaFileKind kind = pw_media_file_kind_for_name (name);
  JsonObject *line;
  JsonNode *node;
  gsize length = 0;

  if (!g_file_query_exists (json, NULL))
    return NULL;

  if (kind == PW_MEDIA_FILE_TEXT)
    {
      text = pw_media_file_read_text (file, &length, error);
      if (text == NULL)
        return NULL;
      offsets = pw_text_offsets_new (text, length, error);
      if (offsets == NULL)
        return NULL;
    }
  annotation = pw_media_file_read_annotation (json, kind, offsets, &local_error);
  if (annotation == NULL)
    {
      /* Gone between the two looks: nothing to export. */
      if (g_error_matches (local_error, PW_ERROR, PW_ERROR_NOT_FOUND))
        return NULL;
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  sha256 = checksum_of_file (file, error);
  if (sha256 == NULL)
    return NULL;

  line = json_object_new ();
  json_object_set_string_member (line, "file", name);
  json_object_set_string_member (line, "kind", pw_media_file_kind_to_string (kind));
  json_object_set_string_member (line, "sha256", sha256);
  if (text != NULL)
    json_object_set_string_member (line, "text", text);
  json_object_set_member (line, "annotation", pw_annotation_to_json (annotation));

  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, line);
  return node;
}

/**
 * _pw_export_jsonl:
 * @folder: a folder of texts and recordings and their annotation files
 * @output: the JSON Lines file to write
 * @cancellable: (nullable): a #GCancellable
 * @progress: (nullable) (scope call): called after each line, with the
 *   lines so far and the texts and recordings of the folder
 * @user_data: data for @progress
 * @error: return location for a #GError
 *
 * Every file is read before anything is written, so an annotation file
 * that does not read stops the export with an error naming it and no half
 * export. The file is written atomically.
 *
 * Returns: %TRUE on success
 */
gboolean
_pw_export_jsonl (GFile                *folder,
                  GFile                *output,
                  GCancellable         *cancellable,
                  PwExportProgressFunc  progress,
                  gpointer              user_data,
                  GError              **error)
{
  g_autoptr (GPtrArray) files = NULL;
  g_autoptr (GString) lines = g_string_new (NULL);
  g_autoptr (GError) local_error = NULL;
  guint n_lines = 0;

  files = pw_folder_list_sorted (folder, is_media_name, cancellable, &local_error);
  if (files == NULL)
    {
      g_autofree char *name = g_file_get_parse_name (folder);

      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, PW_ERROR,
                     g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND)
                       ? PW_ERROR_NOT_FOUND : PW_ERROR_IO,
                     _("Could not read the folder “%s”: %s"), name, local_error->message);
      return FALSE;
    }

  for (guint i = 0; i < files->len; i++)
    {
      g_autoptr (JsonNode) line = NULL;
      g_autofree char *json = NULL;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;

      line = line_of (g_ptr_array_index (files, i), &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      if (line == NULL)
        continue;

      json = pw_json_to_string (line, FALSE);
      g_string_append (lines, json);
      g_string_append_c (lines, '\n');
      n_lines++;
      if (progress != NULL)
        progress (n_lines, files->len, user_data);
    }

  return pw_file_write_durably (output, lines->str, lines->len, error);
}
