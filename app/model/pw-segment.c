/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "pw-error.h"
#include "pw-json.h"
#include "pw-model-private.h"
#include "pw-segment.h"

/* A segment is a labeled stretch of an audio task's sound, in seconds from
 * its start, with the words said in it. Like a shape, a segment held by an
 * annotation is shared with its undo history and never changed in place:
 * whoever edits one copies it, changes the copy and hands it to
 * pw_annotation_replace_segment().
 *
 * In JSON, an entry of the Annotation's "segments":
 * {"start": 1.25, "end": 3.5, "label": "speech", "text": "hello there"};
 * stored commands add the id first, since they name the segment they
 * change. */

struct _PwSegment
{
  gatomicrefcount ref_count;
  char *id;
  char *label;
  char *text;
  double start;
  double end;
};

G_DEFINE_BOXED_TYPE (PwSegment, pw_segment, pw_segment_ref, pw_segment_unref)

static gboolean
range_is_valid (double start,
                double end)
{
  return isfinite (start) && isfinite (end) && start >= 0 && start < end;
}

/**
 * pw_segment_new:
 * @id: an id unique among the segments of its annotation, such as one
 *   from pw_annotation_new_segment_id()
 * @start: seconds from the start of the sound, finite and not negative
 * @end: seconds from the start of the sound, finite and more than @start
 * @label: (nullable): the label's name
 * @text: (nullable): the words said in it; %NULL is none
 *
 * Returns: (transfer full): a new segment
 */
PwSegment *
pw_segment_new (const char *id,
                double      start,
                double      end,
                const char *label,
                const char *text)
{
  PwSegment *self;

  g_return_val_if_fail (id != NULL, NULL);
  g_return_val_if_fail (range_is_valid (start, end), NULL);

  self = g_new0 (PwSegment, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->id = g_strdup (id);
  self->start = start;
  self->end = end;
  pw_segment_set_label (self, label);
  self->text = g_strdup (text != NULL ? text : "");
  return self;
}

PwSegment *
pw_segment_ref (PwSegment *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
pw_segment_unref (PwSegment *self)
{
  g_return_if_fail (self != NULL);

  if (g_atomic_ref_count_dec (&self->ref_count))
    {
      g_free (self->id);
      g_free (self->label);
      g_free (self->text);
      g_free (self);
    }
}

/**
 * pw_segment_copy:
 * @self: a segment
 *
 * Returns: (transfer full): a new segment equal to @self, free to change
 */
PwSegment *
pw_segment_copy (const PwSegment *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return pw_segment_new (self->id, self->start, self->end, self->label, self->text);
}

/**
 * pw_segment_equal:
 * @a: a segment
 * @b: another segment
 *
 * Returns: %TRUE when @a and @b have the same id, times, label and text
 */
gboolean
pw_segment_equal (const PwSegment *a,
                  const PwSegment *b)
{
  g_return_val_if_fail (a != NULL && b != NULL, FALSE);

  return a == b
         || (a->start == b->start && a->end == b->end
             && g_strcmp0 (a->id, b->id) == 0 && g_strcmp0 (a->label, b->label) == 0
             && g_strcmp0 (a->text, b->text) == 0);
}

/**
 * pw_segment_compare:
 * @a: a segment
 * @b: another segment
 *
 * The order an annotation keeps its segments in: by start, then by end,
 * then by id ("seg2" before "seg10").
 *
 * Returns: less than, equal to or greater than zero as @a comes before,
 *   with or after @b
 */
int
pw_segment_compare (const PwSegment *a,
                    const PwSegment *b)
{
  g_return_val_if_fail (a != NULL && b != NULL, 0);

  if (a->start != b->start)
    return a->start < b->start ? -1 : 1;
  if (a->end != b->end)
    return a->end < b->end ? -1 : 1;
  return _pw_model_id_compare (a->id, b->id);
}

const char *
pw_segment_get_id (const PwSegment *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->id;
}

/**
 * pw_segment_set_id:
 * @self: a segment not held by an annotation
 * @id: its new id
 */
void
pw_segment_set_id (PwSegment  *self,
                   const char *id)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (id != NULL);

  g_free (self->id);
  self->id = g_strdup (id);
}

double
pw_segment_get_start (const PwSegment *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->start;
}

double
pw_segment_get_end (const PwSegment *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->end;
}

/**
 * pw_segment_set_range:
 * @self: a segment not held by an annotation
 * @start: seconds, finite and not negative
 * @end: seconds, finite and more than @start
 */
void
pw_segment_set_range (PwSegment *self,
                      double     start,
                      double     end)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (range_is_valid (start, end));

  self->start = start;
  self->end = end;
}

const char *
pw_segment_get_label (const PwSegment *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->label;
}

/**
 * pw_segment_set_label:
 * @self: a segment not held by an annotation
 * @label: (nullable): the label's name; an empty one is none
 */
void
pw_segment_set_label (PwSegment  *self,
                      const char *label)
{
  g_return_if_fail (self != NULL);

  if (label != NULL && *label == '\0')
    label = NULL;
  g_free (self->label);
  self->label = g_strdup (label);
}

/**
 * pw_segment_get_text:
 * @self: a segment
 *
 * Returns: (transfer none): the words said in it, empty when none
 */
const char *
pw_segment_get_text (const PwSegment *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->text;
}

/**
 * pw_segment_set_text:
 * @self: a segment not held by an annotation
 * @text: (nullable): the words said in it
 */
void
pw_segment_set_text (PwSegment  *self,
                     const char *text)
{
  g_return_if_fail (self != NULL);

  g_free (self->text);
  self->text = g_strdup (text != NULL ? text : "");
}

/**
 * pw_segment_to_json:
 * @self: a segment
 * @with_id: whether to write the id, as stored commands do
 *
 * Returns: (transfer full): @self as an entry of an Annotation's
 *   "segments"; the label is left out when there is none, the text is
 *   always there
 */
JsonNode *
pw_segment_to_json (const PwSegment *self,
                    gboolean         with_id)
{
  g_autoptr (JsonObject) object = json_object_new ();
  JsonNode *node;

  g_return_val_if_fail (self != NULL, NULL);

  if (with_id)
    json_object_set_string_member (object, "id", self->id);
  json_object_set_double_member (object, "start", self->start);
  json_object_set_double_member (object, "end", self->end);
  if (self->label != NULL)
    json_object_set_string_member (object, "label", self->label);
  json_object_set_string_member (object, "text", self->text);

  node = json_node_new (JSON_NODE_OBJECT);
  json_node_set_object (node, object);
  return node;
}

/**
 * pw_segment_new_from_json:
 * @node: an entry of an Annotation's "segments"
 * @what: where @node is, for messages, such as “The annotation, segment 3”
 * @id: (nullable): the id to give the segment; %NULL reads it from the
 *   member "id", as in stored commands
 * @error: return location for a #GError
 *
 * Reads a segment strictly: finite times with 0 ≤ start < end, a label
 * that is absent or a valid label name, a text that is absent, null or a
 * string.
 *
 * Returns: (transfer full): the segment, or %NULL with
 *   %PW_ERROR_INVALID_DATA naming @what and the member
 */
PwSegment *
pw_segment_new_from_json (JsonNode    *node,
                          const char  *what,
                          const char  *id,
                          GError     **error)
{
  JsonObject *object;
  const char *label, *text;
  double start, end;

  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (what != NULL, NULL);

  object = pw_json_get_object (node, what, error);
  if (object == NULL)
    return NULL;
  if (id == NULL && !_pw_model_read_id (object, what, &id, error))
    return NULL;
  if (!pw_json_member_number (object, "start", what, &start, error)
      || !pw_json_member_number (object, "end", what, &end, error)
      || !_pw_model_read_label (object, what, &label, error)
      || !pw_json_member_string (object, "text", what, TRUE, &text, error))
    return NULL;

  if (!isfinite (start) || start < 0)
    return _pw_model_out_of_range (what, "start", error);
  if (!isfinite (end))
    return _pw_model_out_of_range (what, "end", error);
  if (end <= start)
    {
      g_set_error (error, PW_ERROR, PW_ERROR_INVALID_DATA,
                   _("%s: “end” must be greater than “start”"), what);
      return NULL;
    }

  return pw_segment_new (id, start, end, label, text);
}
