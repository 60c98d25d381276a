/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n-lib.h>

#include "pw-error.h"
#include "pw-json.h"
#include "pw-label.h"
#include "pw-model-private.h"
#include "pw-text-span.h"

/* A span is a labeled stretch of a text task's text: offsets in Unicode
 * code points of the text, the end exclusive, as the marketplace counts
 * them. Like a shape, a span held by an annotation is shared with its undo
 * history and never changed in place: whoever edits one copies it,
 * changes the copy and hands it to pw_annotation_replace_span().
 *
 * In JSON, an entry of the Annotation's "spans":
 * {"start": 10, "end": 15, "label": "PER"}; stored commands add the id
 * first, since they name the span they change. */

struct _PwTextSpan
{
  gatomicrefcount ref_count;
  char *id;
  char *label;
  guint start;
  guint end;
};

G_DEFINE_BOXED_TYPE (PwTextSpan, pw_text_span, pw_text_span_ref, pw_text_span_unref)

/**
 * pw_text_span_new:
 * @id: an id unique among the spans of its annotation, such as one from
 *   pw_annotation_new_span_id()
 * @start: the first code point of the text it covers
 * @end: the code point after the last; more than @start
 * @label: (nullable): the label's name
 *
 * Returns: (transfer full): a new span
 */
PwTextSpan *
pw_text_span_new (const char *id,
                  guint       start,
                  guint       end,
                  const char *label)
{
  PwTextSpan *self;

  g_return_val_if_fail (id != NULL, NULL);
  g_return_val_if_fail (start < end, NULL);

  self = g_new0 (PwTextSpan, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->id = g_strdup (id);
  self->start = start;
  self->end = end;
  pw_text_span_set_label (self, label);
  return self;
}

PwTextSpan *
pw_text_span_ref (PwTextSpan *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
pw_text_span_unref (PwTextSpan *self)
{
  g_return_if_fail (self != NULL);

  if (g_atomic_ref_count_dec (&self->ref_count))
    {
      g_free (self->id);
      g_free (self->label);
      g_free (self);
    }
}

/**
 * pw_text_span_copy:
 * @self: a span
 *
 * Returns: (transfer full): a new span equal to @self, free to change
 */
PwTextSpan *
pw_text_span_copy (const PwTextSpan *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return pw_text_span_new (self->id, self->start, self->end, self->label);
}

/**
 * pw_text_span_equal:
 * @a: a span
 * @b: another span
 *
 * Returns: %TRUE when @a and @b have the same id, offsets and label
 */
gboolean
pw_text_span_equal (const PwTextSpan *a,
                    const PwTextSpan *b)
{
  g_return_val_if_fail (a != NULL && b != NULL, FALSE);

  return a == b
         || (a->start == b->start && a->end == b->end
             && g_strcmp0 (a->id, b->id) == 0 && g_strcmp0 (a->label, b->label) == 0);
}

/**
 * pw_text_span_compare:
 * @a: a span
 * @b: another span
 *
 * The order an annotation keeps its spans in: by start, then by end, then
 * by id ("span2" before "span10"), so that spans over the same text keep
 * one order however they were made.
 *
 * Returns: less than, equal to or greater than zero as @a comes before,
 *   with or after @b
 */
int
pw_text_span_compare (const PwTextSpan *a,
                      const PwTextSpan *b)
{
  g_return_val_if_fail (a != NULL && b != NULL, 0);

  if (a->start != b->start)
    return a->start < b->start ? -1 : 1;
  if (a->end != b->end)
    return a->end < b->end ? -1 : 1;
  return _pw_model_id_compare (a->id, b->id);
}

const char *
pw_text_span_get_id (const PwTextSpan *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->id;
}

/**
 * pw_text_span_set_id:
 * @self: a span not held by an annotation
 * @id: its new id
 */
void
pw_text_span_set_id (PwTextSpan *self,
                     const char *id)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (id != NULL);

  g_free (self->id);
  self->id = g_strdup (id);
}

guint
pw_text_span_get_start (const PwTextSpan *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->start;
}

guint
pw_text_span_get_end (const PwTextSpan *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->end;
}

/**
 * pw_text_span_set_range:
 * @self: a span not held by an annotation
 * @start: the first code point it covers
 * @end: the code point after the last; more than @start
 */
void
pw_text_span_set_range (PwTextSpan *self,
                        guint       start,
                        guint       end)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (start < end);

  self->start = start;
  self->end = end;
}

const char *
pw_text_span_get_label (const PwTextSpan *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->label;
}

/**
 * pw_text_span_set_label:
 * @self: a span not held by an annotation
 * @label: (nullable): the label's name; an empty one is none
 */
void
pw_text_span_set_label (PwTextSpan *self,
                        const char *label)
{
  g_return_if_fail (self != NULL);

  if (label != NULL && *label == '\0')
    label = NULL;
  g_free (self->label);
  self->label = g_strdup (label);
}

/**
 * pw_text_span_to_json:
 * @self: a span
 * @with_id: whether to write the id, as stored commands do
 *
 * Returns: (transfer full): @self as an entry of an Annotation's "spans";
 *   the label is left out when there is none
 */
JsonNode *
pw_text_span_to_json (const PwTextSpan *self,
                      gboolean          with_id)
{
  g_autoptr (JsonObject) object = json_object_new ();
  JsonNode *node;

  g_return_val_if_fail (self != NULL, NULL);

  if (with_id)
    json_object_set_string_member (object, "id", self->id);
  json_object_set_int_member (object, "start", self->start);
  json_object_set_int_member (object, "end", self->end);
  if (self->label != NULL)
    json_object_set_string_member (object, "label", self->label);

  node = json_node_new (JSON_NODE_OBJECT);
  json_node_set_object (node, object);
  return node;
}

/**
 * pw_text_span_new_from_json:
 * @node: an entry of an Annotation's "spans"
 * @what: where @node is, for messages, such as “The annotation, span 3”
 * @id: (nullable): the id to give the span; %NULL reads it from the
 *   member "id", as in stored commands
 * @error: return location for a #GError
 *
 * Reads a span strictly: whole offsets with 0 ≤ start < end, and a label
 * that is absent or a valid label name (pw_label_name_is_valid()). Whether
 * the span lies within its text is for pw_annotation_json_fits_text().
 *
 * Returns: (transfer full): the span, or %NULL with %PW_ERROR_INVALID_DATA
 *   naming @what and the member
 */
PwTextSpan *
pw_text_span_new_from_json (JsonNode    *node,
                            const char  *what,
                            const char  *id,
                            GError     **error)
{
  JsonObject *object;
  const char *label;
  gint64 start, end;

  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (what != NULL, NULL);

  object = pw_json_get_object (node, what, error);
  if (object == NULL)
    return NULL;
  if (id == NULL && !_pw_model_read_id (object, what, &id, error))
    return NULL;
  if (!pw_json_member_int (object, "start", what, &start, error)
      || !pw_json_member_int (object, "end", what, &end, error)
      || !_pw_model_read_label (object, what, &label, error))
    return NULL;

  if (start < 0 || start >= G_MAXUINT)
    return _pw_model_out_of_range (what, "start", error);
  if (end < 0 || end > G_MAXUINT)
    return _pw_model_out_of_range (what, "end", error);
  if (end <= start)
    {
      g_set_error (error, PW_ERROR, PW_ERROR_INVALID_DATA,
                   _("%s: “end” must be greater than “start”"), what);
      return NULL;
    }

  return pw_text_span_new (id, (guint) start, (guint) end, label);
}
