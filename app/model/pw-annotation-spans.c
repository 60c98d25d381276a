/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n-lib.h>

#include "pw-annotation-private.h"
#include "pw-error.h"

/* The spans of a text task and the segments of an audio task: two lists
 * kept in order (pw_text_span_compare(), pw_segment_compare()), edited the same
 * way, so one set of functions serves both through a table of what
 * differs. A view finds an item by its id, which stays while the item is
 * relabeled, moved or resized; the index of an item is only its place in
 * the order of now. */

typedef struct
{
  const char *part;
  const char *id_prefix;
  gsize       id_prefix_len;
  GCompareFunc compare;
  const char *(*get_id) (gconstpointer item);
  gboolean (*equal) (gconstpointer a, gconstpointer b);
  gpointer (*ref) (gpointer item);
  void (*unref) (gpointer item);
} ItemKind;

/* The table's entries take plain pointers, as a GCompareFunc does. */
static int
span_compare (gconstpointer a,
              gconstpointer b)
{
  return pw_text_span_compare (a, b);
}

static const char *
span_get_id (gconstpointer item)
{
  return pw_text_span_get_id (item);
}

static gboolean
span_equal (gconstpointer a,
            gconstpointer b)
{
  return pw_text_span_equal (a, b);
}

static gpointer
span_ref (gpointer item)
{
  return pw_text_span_ref (item);
}

static void
span_unref (gpointer item)
{
  pw_text_span_unref (item);
}

static int
segment_compare (gconstpointer a,
                 gconstpointer b)
{
  return pw_segment_compare (a, b);
}

static const char *
segment_get_id (gconstpointer item)
{
  return pw_segment_get_id (item);
}

static gboolean
segment_equal (gconstpointer a,
               gconstpointer b)
{
  return pw_segment_equal (a, b);
}

static gpointer
segment_ref (gpointer item)
{
  return pw_segment_ref (item);
}

static void
segment_unref (gpointer item)
{
  pw_segment_unref (item);
}

static const ItemKind span_kind = {
  PW_ANNOTATION_PART_SPAN, "span", 4,
  span_compare, span_get_id, span_equal, span_ref, span_unref,
};

static const ItemKind segment_kind = {
  PW_ANNOTATION_PART_SEGMENT, "seg", 3,
  segment_compare, segment_get_id, segment_equal, segment_ref, segment_unref,
};

static gboolean
find_item (GPtrArray      *items,
           const ItemKind *kind,
           const char     *id,
           guint          *index)
{
  for (guint i = 0; i < items->len; i++)
    {
      if (g_str_equal (kind->get_id (g_ptr_array_index (items, i)), id))
        {
          if (index != NULL)
            *index = i;
          return TRUE;
        }
    }
  return FALSE;
}

/* Where @item goes in the order: after every item that comes before it. */
static guint
place_of (GPtrArray      *items,
          const ItemKind *kind,
          gconstpointer   item)
{
  guint low = 0, high = items->len;

  while (low < high)
    {
      guint middle = low + (high - low) / 2;

      if (kind->compare (g_ptr_array_index (items, middle), item) < 0)
        low = middle + 1;
      else
        high = middle;
    }
  return low;
}

/* Ids the annotation makes are the prefix and a number; the next one it
 * makes is past every one it has seen, so an undone item's id is never
 * given to another. */
static void
note_item_id (const ItemKind *kind,
              const char     *id,
              guint          *next_id)
{
  char *end = NULL;
  guint64 n;

  if (!g_str_has_prefix (id, kind->id_prefix) || !g_ascii_isdigit (id[kind->id_prefix_len]))
    return;
  n = g_ascii_strtoull (id + kind->id_prefix_len, &end, 10);
  if (*end == '\0' && n < G_MAXUINT)
    *next_id = MAX (*next_id, (guint) n + 1);
}

static char *
new_item_id (GPtrArray      *items,
             const ItemKind *kind,
             guint          *next_id)
{
  for (;;)
    {
      char *id = g_strdup_printf ("%s%u", kind->id_prefix, *next_id);

      if (!find_item (items, kind, id, NULL))
        return id;
      g_free (id);
      (*next_id)++;
    }
}

static void
insert_item (PwAnnotation   *self,
             GPtrArray      *items,
             const ItemKind *kind,
             guint          *next_id,
             gpointer        item,
             gboolean        announce)
{
  g_ptr_array_insert (items, place_of (items, kind, item), kind->ref (item));
  note_item_id (kind, kind->get_id (item), next_id);
  if (announce)
    _pw_annotation_emit_part_changed (self, kind->part, PW_ANNOTATION_CHANGE_ADDED,
                                      kind->get_id (item));
}

static void
remove_item (PwAnnotation   *self,
             GPtrArray      *items,
             const ItemKind *kind,
             guint           index)
{
  gpointer item = g_ptr_array_steal_index (items, index);

  _pw_annotation_emit_part_changed (self, kind->part, PW_ANNOTATION_CHANGE_REMOVED,
                                    kind->get_id (item));
  kind->unref (item);
}

static void
put_item (PwAnnotation   *self,
          GPtrArray      *items,
          const ItemKind *kind,
          guint           index,
          gpointer        item)
{
  gpointer old = g_ptr_array_steal_index (items, index);

  g_ptr_array_insert (items, place_of (items, kind, item), kind->ref (item));
  _pw_annotation_emit_part_changed (self, kind->part, PW_ANNOTATION_CHANGE_REPLACED,
                                    kind->get_id (item));
  kind->unref (old);
}

static gboolean
mismatch (GError         **error,
          const ItemKind  *kind,
          const char      *id)
{
  if (kind == &span_kind)
    g_set_error (error, PW_ERROR, PW_ERROR_INVALID_DATA,
                 _("The saved edits do not match the spans (span “%s”)"), id);
  else
    g_set_error (error, PW_ERROR, PW_ERROR_INVALID_DATA,
                 _("The saved edits do not match the segments (segment “%s”)"), id);
  return FALSE;
}

/* Adds @item, or removes it when @add is FALSE, checked against the
 * items as they are. */
static gboolean
run_add (PwAnnotation    *self,
         GPtrArray       *items,
         const ItemKind  *kind,
         guint           *next_id,
         gpointer         item,
         gboolean         add,
         GError         **error)
{
  const char *id = kind->get_id (item);
  guint index;

  if (add)
    {
      if (find_item (items, kind, id, NULL))
        return mismatch (error, kind, id);
      insert_item (self, items, kind, next_id, item, TRUE);
      return TRUE;
    }

  if (!find_item (items, kind, id, &index) || !kind->equal (g_ptr_array_index (items, index), item))
    return mismatch (error, kind, id);
  remove_item (self, items, kind, index);
  return TRUE;
}

static gboolean
run_replace (PwAnnotation    *self,
             GPtrArray       *items,
             const ItemKind  *kind,
             gpointer         from,
             gpointer         to,
             GError         **error)
{
  const char *id = kind->get_id (from);
  guint index;

  if (!find_item (items, kind, id, &index) || !kind->equal (g_ptr_array_index (items, index), from))
    return mismatch (error, kind, id);
  put_item (self, items, kind, index, to);
  return TRUE;
}

gboolean
_pw_annotation_run_span (PwAnnotation  *self,
                         PwCommand     *command,
                         gboolean       forward,
                         GError       **error)
{
  switch (pw_command_get_kind (command))
    {
    case PW_COMMAND_ADD_SPAN:
      return run_add (self, self->spans, &span_kind, &self->next_span_id,
                      pw_command_get_span (command), forward, error);
    case PW_COMMAND_REMOVE_SPAN:
      return run_add (self, self->spans, &span_kind, &self->next_span_id,
                      pw_command_get_span (command), !forward, error);
    case PW_COMMAND_REPLACE_SPAN:
      return run_replace (self, self->spans, &span_kind,
                          forward ? pw_command_get_span_before (command)
                                  : pw_command_get_span_after (command),
                          forward ? pw_command_get_span_after (command)
                                  : pw_command_get_span_before (command),
                          error);
    default:
      g_assert_not_reached ();
    }
}

static gboolean
text_fits (PwSegment  *segment,
           GError    **error)
{
  gsize size = strlen (pw_segment_get_text (segment));
  g_autofree char *limit = NULL;

  if (size <= PW_ANNOTATION_MAX_TEXT_BYTES)
    return TRUE;
  limit = g_format_size_full (PW_ANNOTATION_MAX_TEXT_BYTES, G_FORMAT_SIZE_IEC_UNITS);
  g_set_error (error, PW_ERROR, PW_ERROR_TOO_LARGE,
               _("The text of a segment holds at most %s; shorten it"), limit);
  return FALSE;
}

gboolean
_pw_annotation_run_segment (PwAnnotation  *self,
                            PwCommand     *command,
                            gboolean       forward,
                            GError       **error)
{
  switch (pw_command_get_kind (command))
    {
    case PW_COMMAND_ADD_SEGMENT:
      if (forward && !text_fits (pw_command_get_segment (command), error))
        return FALSE;
      return run_add (self, self->segments, &segment_kind, &self->next_segment_id,
                      pw_command_get_segment (command), forward, error);
    case PW_COMMAND_REMOVE_SEGMENT:
      return run_add (self, self->segments, &segment_kind, &self->next_segment_id,
                      pw_command_get_segment (command), !forward, error);
    case PW_COMMAND_REPLACE_SEGMENT:
      if (forward && !text_fits (pw_command_get_segment_after (command), error))
        return FALSE;
      return run_replace (self, self->segments, &segment_kind,
                          forward ? pw_command_get_segment_before (command)
                                  : pw_command_get_segment_after (command),
                          forward ? pw_command_get_segment_after (command)
                                  : pw_command_get_segment_before (command),
                          error);
    default:
      g_assert_not_reached ();
    }
}

/* For reading a snapshot: the item is there from the start, not an edit. */
void
_pw_annotation_insert_loaded_span (PwAnnotation *self,
                                   PwTextSpan   *span)
{
  insert_item (self, self->spans, &span_kind, &self->next_span_id, span, FALSE);
}

void
_pw_annotation_insert_loaded_segment (PwAnnotation *self,
                                      PwSegment    *segment)
{
  insert_item (self, self->segments, &segment_kind, &self->next_segment_id, segment, FALSE);
}

static void
apply_edit (PwAnnotation *self,
            PwCommand    *command)
{
  gboolean applied = pw_annotation_apply_command (self, command, NULL);

  g_assert (applied);
}

/**
 * pw_annotation_get_spans:
 * @self: an annotation
 *
 * Returns: (transfer none) (element-type PwTextSpan): the spans, by start,
 *   then end (pw_text_span_compare()); neither the array nor the spans may be
 *   changed
 */
GPtrArray *
pw_annotation_get_spans (PwAnnotation *self)
{
  g_return_val_if_fail (PW_IS_ANNOTATION (self), NULL);
  return self->spans;
}

/**
 * pw_annotation_find_span:
 * @self: an annotation
 * @id: a span id
 * @index: (out) (optional): where the span is in pw_annotation_get_spans()
 *
 * Returns: %TRUE when a span has @id
 */
gboolean
pw_annotation_find_span (PwAnnotation *self,
                         const char   *id,
                         guint        *index)
{
  g_return_val_if_fail (PW_IS_ANNOTATION (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  return find_item (self->spans, &span_kind, id, index);
}

/**
 * pw_annotation_lookup_span:
 * @self: an annotation
 * @id: a span id
 *
 * Returns: (transfer none) (nullable): the span with @id, not to be changed
 */
PwTextSpan *
pw_annotation_lookup_span (PwAnnotation *self,
                           const char   *id)
{
  guint index;

  if (!pw_annotation_find_span (self, id, &index))
    return NULL;
  return g_ptr_array_index (self->spans, index);
}

/**
 * pw_annotation_new_span_id:
 * @self: an annotation
 *
 * Returns: (transfer full): an id no span has now or had before in this
 *   annotation's history, such as "span4"
 */
char *
pw_annotation_new_span_id (PwAnnotation *self)
{
  g_return_val_if_fail (PW_IS_ANNOTATION (self), NULL);
  return new_item_id (self->spans, &span_kind, &self->next_span_id);
}

/**
 * pw_annotation_add_span:
 * @self: an annotation with the span tool
 * @span: a span with an id no other span has, such as one from
 *   pw_annotation_new_span_id()
 *
 * Adds a copy of @span in its place in the order, as one undo step. Spans
 * may overlap and nest; pw_annotation_check_full() says where a project
 * forbids it.
 */
void
pw_annotation_add_span (PwAnnotation *self,
                        PwTextSpan   *span)
{
  g_autoptr (PwTextSpan) copy = NULL;
  g_autoptr (PwCommand) command = NULL;

  g_return_if_fail (PW_IS_ANNOTATION (self));
  g_return_if_fail (self->tools & PW_ANNOTATION_TOOL_SPAN);
  g_return_if_fail (span != NULL);
  g_return_if_fail (!pw_annotation_find_span (self, pw_text_span_get_id (span), NULL));

  copy = pw_text_span_copy (span);
  command = pw_command_new_add_span (copy);
  apply_edit (self, command);
}

/**
 * pw_annotation_remove_span:
 * @self: an annotation
 * @id: the id of one of its spans
 */
void
pw_annotation_remove_span (PwAnnotation *self,
                           const char   *id)
{
  g_autoptr (PwCommand) command = NULL;
  guint index;

  g_return_if_fail (PW_IS_ANNOTATION (self));
  g_return_if_fail (id != NULL);

  if (!pw_annotation_find_span (self, id, &index))
    g_return_if_reached ();

  command = pw_command_new_remove_span (g_ptr_array_index (self->spans, index));
  apply_edit (self, command);
}

/**
 * pw_annotation_replace_span:
 * @self: an annotation
 * @span: the new version of one of its spans, found by id
 *
 * Puts a copy of @span in place of the span with its id, as one undo
 * step: a relabel, or an edge moved. It takes its place in the order. An
 * edit that changes nothing is not recorded.
 */
void
pw_annotation_replace_span (PwAnnotation *self,
                            PwTextSpan   *span)
{
  g_autoptr (PwTextSpan) copy = NULL;
  g_autoptr (PwCommand) command = NULL;
  PwTextSpan *before;

  g_return_if_fail (PW_IS_ANNOTATION (self));
  g_return_if_fail (span != NULL);

  before = pw_annotation_lookup_span (self, pw_text_span_get_id (span));
  g_return_if_fail (before != NULL);
  if (pw_text_span_equal (before, span))
    return;

  copy = pw_text_span_copy (span);
  command = pw_command_new_replace_span (before, copy);
  apply_edit (self, command);
}

/**
 * pw_annotation_get_segments:
 * @self: an annotation
 *
 * Returns: (transfer none) (element-type PwSegment): the segments, by
 *   start, then end (pw_segment_compare()); neither the array nor the
 *   segments may be changed
 */
GPtrArray *
pw_annotation_get_segments (PwAnnotation *self)
{
  g_return_val_if_fail (PW_IS_ANNOTATION (self), NULL);
  return self->segments;
}

/**
 * pw_annotation_find_segment:
 * @self: an annotation
 * @id: a segment id
 * @index: (out) (optional): where the segment is in
 *   pw_annotation_get_segments()
 *
 * Returns: %TRUE when a segment has @id
 */
gboolean
pw_annotation_find_segment (PwAnnotation *self,
                            const char   *id,
                            guint        *index)
{
  g_return_val_if_fail (PW_IS_ANNOTATION (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  return find_item (self->segments, &segment_kind, id, index);
}

/**
 * pw_annotation_lookup_segment:
 * @self: an annotation
 * @id: a segment id
 *
 * Returns: (transfer none) (nullable): the segment with @id, not to be
 *   changed
 */
PwSegment *
pw_annotation_lookup_segment (PwAnnotation *self,
                              const char   *id)
{
  guint index;

  if (!pw_annotation_find_segment (self, id, &index))
    return NULL;
  return g_ptr_array_index (self->segments, index);
}

/**
 * pw_annotation_new_segment_id:
 * @self: an annotation
 *
 * Returns: (transfer full): an id no segment has now or had before in
 *   this annotation's history, such as "seg4"
 */
char *
pw_annotation_new_segment_id (PwAnnotation *self)
{
  g_return_val_if_fail (PW_IS_ANNOTATION (self), NULL);
  return new_item_id (self->segments, &segment_kind, &self->next_segment_id);
}

/**
 * pw_annotation_add_segment:
 * @self: an annotation with the segment tool
 * @segment: a segment with an id no other segment has, such as one from
 *   pw_annotation_new_segment_id()
 * @error: return location for a #GError
 *
 * Adds a copy of @segment in its place in the order, as one undo step.
 *
 * Returns: %TRUE when it was added; %FALSE with %PW_ERROR_TOO_LARGE when
 *   its text is over %PW_ANNOTATION_MAX_TEXT_BYTES
 */
gboolean
pw_annotation_add_segment (PwAnnotation  *self,
                           PwSegment     *segment,
                           GError       **error)
{
  g_autoptr (PwSegment) copy = NULL;
  g_autoptr (PwCommand) command = NULL;

  g_return_val_if_fail (PW_IS_ANNOTATION (self), FALSE);
  g_return_val_if_fail (self->tools & PW_ANNOTATION_TOOL_SEGMENT, FALSE);
  g_return_val_if_fail (segment != NULL, FALSE);
  g_return_val_if_fail (!pw_annotation_find_segment (self, pw_segment_get_id (segment), NULL),
                        FALSE);

  copy = pw_segment_copy (segment);
  command = pw_command_new_add_segment (copy);
  return pw_annotation_apply_command (self, command, error);
}

/**
 * pw_annotation_remove_segment:
 * @self: an annotation
 * @id: the id of one of its segments
 */
void
pw_annotation_remove_segment (PwAnnotation *self,
                              const char   *id)
{
  g_autoptr (PwCommand) command = NULL;
  guint index;

  g_return_if_fail (PW_IS_ANNOTATION (self));
  g_return_if_fail (id != NULL);

  if (!pw_annotation_find_segment (self, id, &index))
    g_return_if_reached ();

  command = pw_command_new_remove_segment (g_ptr_array_index (self->segments, index));
  apply_edit (self, command);
}

/**
 * pw_annotation_replace_segment:
 * @self: an annotation
 * @segment: the new version of one of its segments, found by id
 * @error: return location for a #GError
 *
 * Puts a copy of @segment in place of the segment with its id, as one
 * undo step: a relabel, an edge moved, its text changed. It takes its
 * place in the order. An edit that changes nothing is not recorded.
 *
 * Returns: %TRUE unless the text of @segment is over
 *   %PW_ANNOTATION_MAX_TEXT_BYTES: then %FALSE with %PW_ERROR_TOO_LARGE
 */
gboolean
pw_annotation_replace_segment (PwAnnotation  *self,
                               PwSegment     *segment,
                               GError       **error)
{
  g_autoptr (PwSegment) copy = NULL;
  g_autoptr (PwCommand) command = NULL;
  PwSegment *before;

  g_return_val_if_fail (PW_IS_ANNOTATION (self), FALSE);
  g_return_val_if_fail (segment != NULL, FALSE);

  before = pw_annotation_lookup_segment (self, pw_segment_get_id (segment));
  g_return_val_if_fail (before != NULL, FALSE);
  if (pw_segment_equal (before, segment))
    return TRUE;

  copy = pw_segment_copy (segment);
  command = pw_command_new_replace_segment (before, copy);
  return pw_annotation_apply_command (self, command, error);
}
