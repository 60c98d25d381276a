/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n-lib.h>

#include "pw-error.h"
#include "pw-json.h"
#include "pw-media-file.h"
#include "pw-text-span.h"

/* The annotation beside a worker's own text or recording, and a task's
 * prefill, read as the contract's Annotation: within the limits of every
 * annotation from outside, with the tools of its kind, and with its spans
 * on the text's graphemes. Which files they are and how a text is read
 * are in pw-media-file.c. */

/* The tools each kind of task may have in the contract. */
#define TEXT_TOOLS (PW_ANNOTATION_TOOL_CHOICE | PW_ANNOTATION_TOOL_SPAN \
                    | PW_ANNOTATION_TOOL_TRANSCRIPT)
#define AUDIO_TOOLS (PW_ANNOTATION_TOOL_SEGMENT | PW_ANNOTATION_TOOL_TRANSCRIPT \
                     | PW_ANNOTATION_TOOL_CHOICE)

/**
 * pw_media_file_spans_fit:
 * @annotation: a text's annotation
 * @text: the text
 * @what: what @annotation came from, for messages
 * @error: return location for a #GError
 *
 * Checks that every span lies within @text and starts and ends between
 * two graphemes: a span never holds half an emoji or a letter without its
 * accent.
 *
 * Returns: %TRUE when every span fits, else %FALSE with
 *   %PW_ERROR_INVALID_DATA naming the first span that does not
 */
gboolean
pw_media_file_spans_fit (PwAnnotation   *annotation,
                         PwTextOffsets  *text,
                         const char     *what,
                         GError        **error)
{
  GPtrArray *spans;
  guint length;

  g_return_val_if_fail (PW_IS_ANNOTATION (annotation), FALSE);
  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (what != NULL, FALSE);

  spans = pw_annotation_get_spans (annotation);
  length = pw_text_offsets_get_length (text);
  for (guint i = 0; i < spans->len; i++)
    {
      PwTextSpan *span = g_ptr_array_index (spans, i);
      guint start = pw_text_span_get_start (span);
      guint end = pw_text_span_get_end (span);

      if (end > length)
        {
          g_set_error (error, PW_ERROR, PW_ERROR_INVALID_DATA,
                       /* Translators: %s names a file or a task; the numbers
                        * count characters */
                       _("%s: the span from %u to %u reaches past the end of the text, "
                         "which has %u characters. The text has changed since it was "
                         "labeled; label it again."),
                       what, start, end, length);
          return FALSE;
        }
      if (!pw_text_offsets_is_grapheme_boundary (text, start)
          || !pw_text_offsets_is_grapheme_boundary (text, end))
        {
          g_set_error (error, PW_ERROR, PW_ERROR_INVALID_DATA,
                       /* Translators: %s names a file or a task; the numbers
                        * count characters */
                       _("%s: the span from %u to %u splits a character, such as an "
                         "emoji or a letter and its accent. Label that part of the text "
                         "again."),
                       what, start, end);
          return FALSE;
        }
    }

  return TRUE;
}

/**
 * pw_media_file_annotation_from_json:
 * @node: an Annotation object of the contract
 * @tools: the tools to read: members of others are left out, and those of
 *   @tools that are missing are empty
 * @text: (nullable): the text, for a text's annotation
 * @what: what @node is, for messages, such as “notes.txt.json” in quotes
 * @error: return location for a #GError
 *
 * Reads a text's or a recording's annotation as the contract writes it,
 * within the limits Piecework holds every outside annotation to; with
 * @text, its spans must fit it (pw_media_file_spans_fit()).
 *
 * Returns: (transfer full): the annotation, or %NULL with
 *   %PW_ERROR_INVALID_DATA or %PW_ERROR_TOO_LARGE naming @what
 */
PwAnnotation *
pw_media_file_annotation_from_json (JsonNode           *node,
                                    PwAnnotationTools   tools,
                                    PwTextOffsets      *text,
                                    const char         *what,
                                    GError            **error)
{
  g_autoptr (PwAnnotation) annotation = NULL;
  g_autoptr (GError) local_error = NULL;

  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (tools != 0 && (tools & PW_ANNOTATION_TOOL_SHAPES) == 0, NULL);
  g_return_val_if_fail (what != NULL, NULL);

  annotation = pw_annotation_new_from_prefill (node, tools,
                                               text != NULL ? (gint64) pw_text_offsets_get_length (text) : -1,
                                               &local_error);
  if (annotation == NULL)
    {
      /* The model names the annotation, not where it came from. */
      g_set_error (error, PW_ERROR, local_error->code, "%s: %s", what, local_error->message);
      return NULL;
    }
  if (text != NULL && !pw_media_file_spans_fit (annotation, text, what, error))
    return NULL;
  return g_steal_pointer (&annotation);
}

/**
 * pw_media_file_read_annotation:
 * @annotation_file: a file's annotation, from pw_media_file_annotation_for()
 * @kind: what the file beside it is
 * @text: (nullable): the text, for a text file
 * @error: return location for a #GError
 *
 * Reads the annotation kept beside a worker's own file. Its tools are the
 * defaults of @kind (pw_media_file_default_tools()) and those its members
 * name. A file that holds an image's shapes, or members of tools the kind
 * does not have (segments of a text, spans of a recording), is refused:
 * saving it would lose them. Blocks on the disk.
 *
 * Returns: (transfer full): the annotation, or %NULL with
 *   %PW_ERROR_NOT_FOUND when there is none, %PW_ERROR_IO when it cannot be
 *   read, and %PW_ERROR_INVALID_DATA or %PW_ERROR_TOO_LARGE when it is not
 *   an annotation of @kind or does not fit @text
 */
PwAnnotation *
pw_media_file_read_annotation (GFile            *annotation_file,
                               PwMediaFileKind   kind,
                               PwTextOffsets    *text,
                               GError          **error)
{
  static const struct
  {
    const char *member;
    PwAnnotationTools tool;
  } members[] = {
    { "choices", PW_ANNOTATION_TOOL_CHOICE },
    { "spans", PW_ANNOTATION_TOOL_SPAN },
    { "segments", PW_ANNOTATION_TOOL_SEGMENT },
    { "transcript", PW_ANNOTATION_TOOL_TRANSCRIPT },
  };
  g_autoptr (JsonNode) node = NULL;
  g_autofree char *name = NULL;
  g_autofree char *what = NULL;
  PwAnnotationTools tools;
  PwAnnotationTools allowed;
  JsonObject *root;

  g_return_val_if_fail (G_IS_FILE (annotation_file), NULL);
  g_return_val_if_fail (kind != PW_MEDIA_FILE_NONE, NULL);
  g_return_val_if_fail (kind == PW_MEDIA_FILE_TEXT || text == NULL, NULL);

  node = pw_json_load_file (annotation_file, error);
  if (node == NULL)
    return NULL;

  name = g_file_get_basename (annotation_file);
  what = g_strdup_printf ("“%s”", name);
  root = pw_json_get_object (node, what, error);
  if (root == NULL)
    return NULL;

  if (json_object_has_member (root, "image") || json_object_has_member (root, "shapes"))
    {
      g_set_error (error, PW_ERROR, PW_ERROR_INVALID_DATA,
                   _("%s holds the shapes of an image, not the annotation of a text or a "
                     "recording. Move it out of the folder, then open the file again."),
                   what);
      return NULL;
    }

  tools = pw_media_file_default_tools (kind);
  allowed = kind == PW_MEDIA_FILE_TEXT ? TEXT_TOOLS : AUDIO_TOOLS;
  for (guint i = 0; i < G_N_ELEMENTS (members); i++)
    {
      if (!json_object_has_member (root, members[i].member))
        continue;
      if ((members[i].tool & allowed) == 0)
        {
          g_set_error (error, PW_ERROR, PW_ERROR_INVALID_DATA,
                       kind == PW_MEDIA_FILE_TEXT
                         /* Translators: %s names a file; “%s” is a JSON member such as
                          * “segments” */
                         ? _("%s holds “%s”, which a text does not have. It was written for "
                             "another file; move it out of the folder, then open the file again.")
                         /* Translators: %s names a file; “%s” is a JSON member such as
                          * “spans” */
                         : _("%s holds “%s”, which a recording does not have. It was written "
                             "for another file; move it out of the folder, then open the file "
                             "again."),
                       what, members[i].member);
          return NULL;
        }
      tools |= members[i].tool;
    }

  return pw_media_file_annotation_from_json (node, tools, text, what, error);
}

/**
 * pw_media_file_annotation_to_string:
 * @annotation: a text's or a recording's annotation
 *
 * Returns: (transfer full): @annotation as its file holds it: the
 *   contract's Annotation with the members of its tools, indented for a
 *   person to read, and a line end after it
 */
char *
pw_media_file_annotation_to_string (PwAnnotation *annotation)
{
  g_autoptr (JsonNode) node = NULL;
  g_autofree char *json = NULL;

  g_return_val_if_fail (PW_IS_ANNOTATION (annotation), NULL);

  node = pw_annotation_to_json (annotation);
  json = pw_json_to_string (node, TRUE);
  return g_strconcat (json, "\n", NULL);
}
