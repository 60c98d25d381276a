/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "pw-annotation-private.h"
#include "pw-error.h"
#include "pw-json.h"
#include "pw-model-private.h"

/* The members of an Annotation for text and audio tasks: "choices",
 * "spans", "segments" and "transcript", written for the annotation's
 * tools, read strictly, with the limits a marketplace's prefill is held
 * to. The image's members and the choice of which to read are in
 * pw-annotation-json.c. */

static guint
array_length (JsonObject *object,
              const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return 0;
  return json_array_get_length (json_node_get_array (node));
}

static gsize
string_size (JsonNode *node)
{
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_STRING)
    return 0;
  return strlen (json_node_get_string (node));
}

static char *
size_text (gsize size)
{
  return g_format_size_full (size, G_FORMAT_SIZE_IEC_UNITS);
}

/* The limits of the members for text and audio tasks. */
gboolean
_pw_annotation_answers_within_limits (JsonObject  *object,
                                      const char  *what,
                                      GError     **error)
{
  g_autofree char *limit = size_text (PW_ANNOTATION_MAX_TEXT_BYTES);
  JsonNode *segments = json_object_get_member (object, "segments");
  guint n;
  gsize size;

  if ((n = array_length (object, "spans")) > PW_ANNOTATION_MAX_SPANS)
    {
      g_set_error (error, PW_ERROR, PW_ERROR_TOO_LARGE,
                   /* Translators: the first %s names a file or a task's prefill */
                   _("%s has %'u spans; Piecework opens at most %'u per text"),
                   what, n, (guint) PW_ANNOTATION_MAX_SPANS);
      return FALSE;
    }
  if ((n = array_length (object, "segments")) > PW_ANNOTATION_MAX_SEGMENTS)
    {
      g_set_error (error, PW_ERROR, PW_ERROR_TOO_LARGE,
                   /* Translators: the first %s names a file or a task's prefill */
                   _("%s has %'u segments; Piecework opens at most %'u per recording"),
                   what, n, (guint) PW_ANNOTATION_MAX_SEGMENTS);
      return FALSE;
    }
  if ((n = array_length (object, "choices")) > PW_ANNOTATION_MAX_CHOICES)
    {
      g_set_error (error, PW_ERROR, PW_ERROR_TOO_LARGE,
                   /* Translators: the first %s names a file or a task's prefill */
                   _("%s has %'u choices; Piecework opens at most %'u per task"),
                   what, n, (guint) PW_ANNOTATION_MAX_CHOICES);
      return FALSE;
    }
  size = string_size (json_object_get_member (object, "transcript"));
  if (size > PW_ANNOTATION_MAX_TEXT_BYTES)
    {
      g_autofree char *have = size_text (size);

      g_set_error (error, PW_ERROR, PW_ERROR_TOO_LARGE,
                   /* Translators: the first %s names a file or a task's prefill,
                    * the others are sizes such as “2.0 MiB” */
                   _("%s has a transcript of %s; Piecework opens at most %s"),
                   what, have, limit);
      return FALSE;
    }

  for (guint i = 0; i < array_length (object, "segments"); i++)
    {
      JsonNode *segment = json_array_get_element (json_node_get_array (segments), i);

      if (!JSON_NODE_HOLDS_OBJECT (segment))
        continue;
      size = string_size (json_object_get_member (json_node_get_object (segment), "text"));
      if (size > PW_ANNOTATION_MAX_TEXT_BYTES)
        {
          g_autofree char *have = size_text (size);

          g_set_error (error, PW_ERROR, PW_ERROR_TOO_LARGE,
                       /* Translators: the first %s names a file or a task's
                        * prefill, the others are sizes such as “2.0 MiB” */
                       _("%s has a segment with a text of %s; Piecework opens at most %s"),
                       what, have, limit);
          return FALSE;
        }
    }

  return TRUE;
}

void
_pw_annotation_answers_to_json (PwAnnotation *self,
                                JsonObject   *root)
{
  if (self->tools & PW_ANNOTATION_TOOL_CHOICE)
    {
      JsonArray *choices = json_array_new ();

      for (guint i = 0; self->choices[i] != NULL; i++)
        json_array_add_string_element (choices, self->choices[i]);
      json_object_set_array_member (root, "choices", choices);
    }

  if (self->tools & PW_ANNOTATION_TOOL_SPAN)
    {
      JsonArray *spans = json_array_sized_new (self->spans->len);

      for (guint i = 0; i < self->spans->len; i++)
        json_array_add_element (spans,
                                pw_text_span_to_json (g_ptr_array_index (self->spans, i), FALSE));
      json_object_set_array_member (root, "spans", spans);
    }

  if (self->tools & PW_ANNOTATION_TOOL_SEGMENT)
    {
      JsonArray *segments = json_array_sized_new (self->segments->len);

      for (guint i = 0; i < self->segments->len; i++)
        json_array_add_element (segments,
                                pw_segment_to_json (g_ptr_array_index (self->segments, i), FALSE));
      json_object_set_array_member (root, "segments", segments);
    }

  if (self->tools & PW_ANNOTATION_TOOL_TRANSCRIPT)
    json_object_set_string_member (root, "transcript", self->transcript->str);
}

/**
 * pw_annotation_json_fits_text:
 * @object: a marketplace Annotation, such as a text task's prefill
 * @what: what @object is, for messages, such as “The prefill of task t-12”
 * @text_length: the length of the task's text, in code points
 * @error: return location for a #GError
 *
 * Checks that every span of @object lies within the text:
 * 0 ≤ start < end ≤ @text_length. Entries that are not spans at all are
 * left to the reader (pw_annotation_new_from_prefill()) to refuse.
 *
 * Returns: %TRUE when every span fits, else %FALSE with
 *   %PW_ERROR_INVALID_DATA naming @what, the span's place in "spans"
 *   (counting from 1) and the member
 */
gboolean
pw_annotation_json_fits_text (JsonObject  *object,
                              const char  *what,
                              guint64      text_length,
                              GError     **error)
{
  JsonNode *spans;

  g_return_val_if_fail (object != NULL, FALSE);
  g_return_val_if_fail (what != NULL, FALSE);

  spans = json_object_get_member (object, "spans");
  for (guint i = 0; i < array_length (object, "spans"); i++)
    {
      JsonNode *span = json_array_get_element (json_node_get_array (spans), i);
      JsonNode *end;

      if (!JSON_NODE_HOLDS_OBJECT (span))
        continue;
      end = json_object_get_member (json_node_get_object (span), "end");
      if (end == NULL || !JSON_NODE_HOLDS_VALUE (end)
          || json_node_get_value_type (end) != G_TYPE_INT64)
        continue;
      if (json_node_get_int (end) > 0 && (guint64) json_node_get_int (end) > text_length)
        {
          g_set_error (error, PW_ERROR, PW_ERROR_INVALID_DATA,
                       /* Translators: the first %s names a task's prefill; the
                        * first %u counts from 1; “end” is a JSON member's name */
                       _("%s, span %u: “end” is %lld, past the end of the text, which has %llu characters"),
                       what, i + 1, (long long) json_node_get_int (end),
                       (unsigned long long) text_length);
          return FALSE;
        }
    }

  return TRUE;
}

/* By start, then end, and otherwise in the order they came: a stable sort
 * keeps that order, which the ids given next then keep for good. */
static int
compare_spans_by_range (gconstpointer a,
                        gconstpointer b)
{
  const PwTextSpan *x = *(PwTextSpan *const *) a;
  const PwTextSpan *y = *(PwTextSpan *const *) b;

  if (pw_text_span_get_start (x) != pw_text_span_get_start (y))
    return pw_text_span_get_start (x) < pw_text_span_get_start (y) ? -1 : 1;
  if (pw_text_span_get_end (x) != pw_text_span_get_end (y))
    return pw_text_span_get_end (x) < pw_text_span_get_end (y) ? -1 : 1;
  return 0;
}

static int
compare_segments_by_range (gconstpointer a,
                           gconstpointer b)
{
  const PwSegment *x = *(PwSegment *const *) a;
  const PwSegment *y = *(PwSegment *const *) b;

  if (pw_segment_get_start (x) != pw_segment_get_start (y))
    return pw_segment_get_start (x) < pw_segment_get_start (y) ? -1 : 1;
  if (pw_segment_get_end (x) != pw_segment_get_end (y))
    return pw_segment_get_end (x) < pw_segment_get_end (y) ? -1 : 1;
  return 0;
}

static gboolean
read_spans (PwAnnotation  *self,
            JsonObject    *root,
            const char    *what,
            GError       **error)
{
  g_autoptr (GPtrArray) spans = NULL;
  JsonArray *array = pw_json_member_array (root, "spans", what, error);

  if (array == NULL)
    return FALSE;

  spans = g_ptr_array_new_with_free_func ((GDestroyNotify) pw_text_span_unref);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      /* Translators: the first %s is “The annotation”; %u counts from 1 */
      g_autofree char *span_what = g_strdup_printf (_("%s, span %u"), what, i + 1);
      PwTextSpan *span = pw_text_span_new_from_json (json_array_get_element (array, i),
                                                     span_what, "", error);

      if (span == NULL)
        return FALSE;
      g_ptr_array_add (spans, span);
    }

  g_ptr_array_sort (spans, compare_spans_by_range);
  for (guint i = 0; i < spans->len; i++)
    {
      g_autofree char *id = g_strdup_printf ("span%u", i + 1);

      pw_text_span_set_id (g_ptr_array_index (spans, i), id);
      _pw_annotation_insert_loaded_span (self, g_ptr_array_index (spans, i));
    }
  return TRUE;
}

static gboolean
read_segments (PwAnnotation  *self,
               JsonObject    *root,
               const char    *what,
               GError       **error)
{
  g_autoptr (GPtrArray) segments = NULL;
  JsonArray *array = pw_json_member_array (root, "segments", what, error);

  if (array == NULL)
    return FALSE;

  segments = g_ptr_array_new_with_free_func ((GDestroyNotify) pw_segment_unref);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      /* Translators: the first %s is “The annotation”; %u counts from 1 */
      g_autofree char *segment_what = g_strdup_printf (_("%s, segment %u"), what, i + 1);
      PwSegment *segment = pw_segment_new_from_json (json_array_get_element (array, i),
                                                     segment_what, "", error);

      if (segment == NULL)
        return FALSE;
      g_ptr_array_add (segments, segment);
    }

  g_ptr_array_sort (segments, compare_segments_by_range);
  for (guint i = 0; i < segments->len; i++)
    {
      g_autofree char *id = g_strdup_printf ("seg%u", i + 1);

      pw_segment_set_id (g_ptr_array_index (segments, i), id);
      _pw_annotation_insert_loaded_segment (self, g_ptr_array_index (segments, i));
    }
  return TRUE;
}

/* The members of @tools that @root has; a missing one is empty. */
PwAnnotation *
_pw_annotation_read_answers (JsonObject         *root,
                             PwAnnotationTools   tools,
                             const char         *what,
                             GError            **error)
{
  g_autoptr (PwAnnotation) self = pw_annotation_new_for_tools (tools);

  if ((tools & PW_ANNOTATION_TOOL_CHOICE) && json_object_has_member (root, "choices"))
    {
      GStrv choices = _pw_model_read_choices (root, "choices", what, error);

      if (choices == NULL)
        return NULL;
      g_strfreev (self->choices);
      self->choices = choices;
    }

  if ((tools & PW_ANNOTATION_TOOL_SPAN) && json_object_has_member (root, "spans")
      && !read_spans (self, root, what, error))
    return NULL;

  if ((tools & PW_ANNOTATION_TOOL_SEGMENT) && json_object_has_member (root, "segments")
      && !read_segments (self, root, what, error))
    return NULL;

  if (tools & PW_ANNOTATION_TOOL_TRANSCRIPT)
    {
      const char *transcript;

      if (!pw_json_member_string (root, "transcript", what, TRUE, &transcript, error))
        return NULL;
      g_string_assign (self->transcript, transcript != NULL ? transcript : "");
    }

  return g_steal_pointer (&self);
}
