/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include "pw-command.h"

/* A command records an edit with both of its sides, so it can be undone
 * without looking at anything else, and checked against the annotation it
 * is applied to when it is read back from the store. Its JSON form is in
 * pw-command-json.c. */

struct _PwCommand
{
  gatomicrefcount ref_count;
  PwCommandKind kind;
  /* The shape's place; where a transcript edit is, in code points. */
  guint index;
  PwShape *shape;
  PwShape *after;
  PwTextSpan *span;
  PwTextSpan *span_after;
  PwSegment *segment;
  PwSegment *segment_after;
  GStrv choices;
  GStrv choices_after;
  char *removed;
  char *inserted;
  GPtrArray *commands;
};

G_DEFINE_BOXED_TYPE (PwCommand, pw_command, pw_command_ref, pw_command_unref)

static PwCommand *
command_alloc (PwCommandKind kind)
{
  PwCommand *self = g_new0 (PwCommand, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->kind = kind;
  return self;
}

/**
 * pw_command_new_add:
 * @shape: the shape to add; it must not change afterwards
 * @index: its place among the shapes, or %PW_COMMAND_APPEND
 *
 * Returns: (transfer full): a new command
 */
PwCommand *
pw_command_new_add (PwShape *shape,
                    guint    index)
{
  PwCommand *self;

  g_return_val_if_fail (shape != NULL, NULL);

  self = command_alloc (PW_COMMAND_ADD);
  self->shape = pw_shape_ref (shape);
  self->index = index;
  return self;
}

/**
 * pw_command_new_remove:
 * @shape: the shape to remove
 * @index: its place among the shapes, where undo puts it back
 *
 * Returns: (transfer full): a new command
 */
PwCommand *
pw_command_new_remove (PwShape *shape,
                       guint    index)
{
  PwCommand *self;

  g_return_val_if_fail (shape != NULL, NULL);

  self = command_alloc (PW_COMMAND_REMOVE);
  self->shape = pw_shape_ref (shape);
  self->index = index;
  return self;
}

/**
 * pw_command_new_replace:
 * @before: the shape as it is
 * @after: the shape as it becomes, with the same id
 *
 * Returns: (transfer full): a new command
 */
PwCommand *
pw_command_new_replace (PwShape *before,
                        PwShape *after)
{
  PwCommand *self;

  g_return_val_if_fail (before != NULL, NULL);
  g_return_val_if_fail (after != NULL, NULL);
  g_return_val_if_fail (g_strcmp0 (pw_shape_get_id (before), pw_shape_get_id (after)) == 0, NULL);

  self = command_alloc (PW_COMMAND_REPLACE);
  self->shape = pw_shape_ref (before);
  self->after = pw_shape_ref (after);
  return self;
}

/**
 * pw_command_new_batch:
 * @commands: (element-type PwCommand): commands applied in order
 *
 * Returns: (transfer full): a command that undoes and redoes @commands as
 *   one step
 */
PwCommand *
pw_command_new_batch (GPtrArray *commands)
{
  PwCommand *self;

  g_return_val_if_fail (commands != NULL, NULL);

  self = command_alloc (PW_COMMAND_BATCH);
  self->commands = g_ptr_array_new_with_free_func ((GDestroyNotify) pw_command_unref);
  for (guint i = 0; i < commands->len; i++)
    g_ptr_array_add (self->commands, pw_command_ref (g_ptr_array_index (commands, i)));
  return self;
}

static PwCommand *
span_command (PwCommandKind  kind,
              PwTextSpan    *span,
              PwTextSpan    *after)
{
  PwCommand *self = command_alloc (kind);

  self->span = pw_text_span_ref (span);
  if (after != NULL)
    self->span_after = pw_text_span_ref (after);
  return self;
}

/**
 * pw_command_new_add_span:
 * @span: the span to add; it must not change afterwards
 *
 * Returns: (transfer full): a new command
 */
PwCommand *
pw_command_new_add_span (PwTextSpan *span)
{
  g_return_val_if_fail (span != NULL, NULL);
  return span_command (PW_COMMAND_ADD_SPAN, span, NULL);
}

/**
 * pw_command_new_remove_span:
 * @span: the span to remove, as the annotation holds it
 *
 * Returns: (transfer full): a new command
 */
PwCommand *
pw_command_new_remove_span (PwTextSpan *span)
{
  g_return_val_if_fail (span != NULL, NULL);
  return span_command (PW_COMMAND_REMOVE_SPAN, span, NULL);
}

/**
 * pw_command_new_replace_span:
 * @before: the span as it is
 * @after: the span as it becomes, with the same id
 *
 * Returns: (transfer full): a new command
 */
PwCommand *
pw_command_new_replace_span (PwTextSpan *before,
                             PwTextSpan *after)
{
  g_return_val_if_fail (before != NULL, NULL);
  g_return_val_if_fail (after != NULL, NULL);
  g_return_val_if_fail (g_str_equal (pw_text_span_get_id (before), pw_text_span_get_id (after)),
                        NULL);
  return span_command (PW_COMMAND_REPLACE_SPAN, before, after);
}

static PwCommand *
segment_command (PwCommandKind  kind,
                 PwSegment     *segment,
                 PwSegment     *after)
{
  PwCommand *self = command_alloc (kind);

  self->segment = pw_segment_ref (segment);
  if (after != NULL)
    self->segment_after = pw_segment_ref (after);
  return self;
}

/**
 * pw_command_new_add_segment:
 * @segment: the segment to add; it must not change afterwards
 *
 * Returns: (transfer full): a new command
 */
PwCommand *
pw_command_new_add_segment (PwSegment *segment)
{
  g_return_val_if_fail (segment != NULL, NULL);
  return segment_command (PW_COMMAND_ADD_SEGMENT, segment, NULL);
}

/**
 * pw_command_new_remove_segment:
 * @segment: the segment to remove, as the annotation holds it
 *
 * Returns: (transfer full): a new command
 */
PwCommand *
pw_command_new_remove_segment (PwSegment *segment)
{
  g_return_val_if_fail (segment != NULL, NULL);
  return segment_command (PW_COMMAND_REMOVE_SEGMENT, segment, NULL);
}

/**
 * pw_command_new_replace_segment:
 * @before: the segment as it is
 * @after: the segment as it becomes, with the same id
 *
 * Returns: (transfer full): a new command
 */
PwCommand *
pw_command_new_replace_segment (PwSegment *before,
                                PwSegment *after)
{
  g_return_val_if_fail (before != NULL, NULL);
  g_return_val_if_fail (after != NULL, NULL);
  g_return_val_if_fail (g_str_equal (pw_segment_get_id (before), pw_segment_get_id (after)), NULL);
  return segment_command (PW_COMMAND_REPLACE_SEGMENT, before, after);
}

/**
 * pw_command_new_set_choices:
 * @before: (array zero-terminated=1) (nullable): the choices as they are,
 *   in order; %NULL is none
 * @after: (array zero-terminated=1) (nullable): the choices as they
 *   become; %NULL is none
 *
 * Returns: (transfer full): a new command
 */
PwCommand *
pw_command_new_set_choices (const char *const *before,
                            const char *const *after)
{
  static const char *const none[] = { NULL };
  PwCommand *self = command_alloc (PW_COMMAND_SET_CHOICES);

  self->choices = g_strdupv ((GStrv) (before != NULL ? before : none));
  self->choices_after = g_strdupv ((GStrv) (after != NULL ? after : none));
  return self;
}

/**
 * pw_command_new_edit_transcript:
 * @at: where the edit is, in code points from the start of the transcript
 * @removed: the text at @at that the edit removes, maybe empty
 * @inserted: the text it puts there instead, maybe empty
 *
 * Returns: (transfer full): a new command
 */
PwCommand *
pw_command_new_edit_transcript (guint       at,
                                const char *removed,
                                const char *inserted)
{
  PwCommand *self;

  g_return_val_if_fail (removed != NULL, NULL);
  g_return_val_if_fail (inserted != NULL, NULL);
  g_return_val_if_fail (g_utf8_validate (removed, -1, NULL), NULL);
  g_return_val_if_fail (g_utf8_validate (inserted, -1, NULL), NULL);

  self = command_alloc (PW_COMMAND_EDIT_TRANSCRIPT);
  self->index = at;
  self->removed = g_strdup (removed);
  self->inserted = g_strdup (inserted);
  return self;
}

PwCommand *
pw_command_ref (PwCommand *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
pw_command_unref (PwCommand *self)
{
  g_return_if_fail (self != NULL);

  if (g_atomic_ref_count_dec (&self->ref_count))
    {
      g_clear_pointer (&self->shape, pw_shape_unref);
      g_clear_pointer (&self->after, pw_shape_unref);
      g_clear_pointer (&self->span, pw_text_span_unref);
      g_clear_pointer (&self->span_after, pw_text_span_unref);
      g_clear_pointer (&self->segment, pw_segment_unref);
      g_clear_pointer (&self->segment_after, pw_segment_unref);
      g_clear_pointer (&self->choices, g_strfreev);
      g_clear_pointer (&self->choices_after, g_strfreev);
      g_clear_pointer (&self->removed, g_free);
      g_clear_pointer (&self->inserted, g_free);
      g_clear_pointer (&self->commands, g_ptr_array_unref);
      g_free (self);
    }
}

PwCommandKind
pw_command_get_kind (PwCommand *self)
{
  g_return_val_if_fail (self != NULL, PW_COMMAND_ADD);
  return self->kind;
}

/**
 * pw_command_get_shape:
 * @self: an add or remove command
 *
 * Returns: (transfer none): the shape added or removed
 */
PwShape *
pw_command_get_shape (PwCommand *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (self->kind == PW_COMMAND_ADD || self->kind == PW_COMMAND_REMOVE, NULL);
  return self->shape;
}

/**
 * pw_command_get_index:
 * @self: an add or remove command, or a transcript edit
 *
 * Returns: the shape's place among the shapes, or where a transcript edit
 *   is, in code points
 */
guint
pw_command_get_index (PwCommand *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->index;
}

/**
 * pw_command_get_before:
 * @self: a replace command
 *
 * Returns: (transfer none): the shape before the edit
 */
PwShape *
pw_command_get_before (PwCommand *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (self->kind == PW_COMMAND_REPLACE, NULL);
  return self->shape;
}

/**
 * pw_command_get_after:
 * @self: a replace command
 *
 * Returns: (transfer none): the shape after the edit
 */
PwShape *
pw_command_get_after (PwCommand *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (self->kind == PW_COMMAND_REPLACE, NULL);
  return self->after;
}

/**
 * pw_command_get_commands:
 * @self: a batch command
 *
 * Returns: (transfer none) (element-type PwCommand): its commands, in order
 */
GPtrArray *
pw_command_get_commands (PwCommand *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (self->kind == PW_COMMAND_BATCH, NULL);
  return self->commands;
}

/**
 * pw_command_get_span:
 * @self: an add-span or remove-span command
 *
 * Returns: (transfer none): the span added or removed
 */
PwTextSpan *
pw_command_get_span (PwCommand *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (self->kind == PW_COMMAND_ADD_SPAN || self->kind == PW_COMMAND_REMOVE_SPAN,
                        NULL);
  return self->span;
}

/**
 * pw_command_get_span_before:
 * @self: a replace-span command
 *
 * Returns: (transfer none): the span before the edit
 */
PwTextSpan *
pw_command_get_span_before (PwCommand *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (self->kind == PW_COMMAND_REPLACE_SPAN, NULL);
  return self->span;
}

/**
 * pw_command_get_span_after:
 * @self: a replace-span command
 *
 * Returns: (transfer none): the span after the edit
 */
PwTextSpan *
pw_command_get_span_after (PwCommand *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (self->kind == PW_COMMAND_REPLACE_SPAN, NULL);
  return self->span_after;
}

/**
 * pw_command_get_segment:
 * @self: an add-segment or remove-segment command
 *
 * Returns: (transfer none): the segment added or removed
 */
PwSegment *
pw_command_get_segment (PwCommand *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (self->kind == PW_COMMAND_ADD_SEGMENT
                        || self->kind == PW_COMMAND_REMOVE_SEGMENT, NULL);
  return self->segment;
}

/**
 * pw_command_get_segment_before:
 * @self: a replace-segment command
 *
 * Returns: (transfer none): the segment before the edit
 */
PwSegment *
pw_command_get_segment_before (PwCommand *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (self->kind == PW_COMMAND_REPLACE_SEGMENT, NULL);
  return self->segment;
}

/**
 * pw_command_get_segment_after:
 * @self: a replace-segment command
 *
 * Returns: (transfer none): the segment after the edit
 */
PwSegment *
pw_command_get_segment_after (PwCommand *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (self->kind == PW_COMMAND_REPLACE_SEGMENT, NULL);
  return self->segment_after;
}

/**
 * pw_command_get_choices_before:
 * @self: a set-choices command
 *
 * Returns: (transfer none) (array zero-terminated=1): the choices before
 *   the edit, in order
 */
const char *const *
pw_command_get_choices_before (PwCommand *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (self->kind == PW_COMMAND_SET_CHOICES, NULL);
  return (const char *const *) self->choices;
}

/**
 * pw_command_get_choices_after:
 * @self: a set-choices command
 *
 * Returns: (transfer none) (array zero-terminated=1): the choices after
 *   the edit, in order
 */
const char *const *
pw_command_get_choices_after (PwCommand *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (self->kind == PW_COMMAND_SET_CHOICES, NULL);
  return (const char *const *) self->choices_after;
}

/**
 * pw_command_get_removed_text:
 * @self: a transcript edit
 *
 * Returns: (transfer none): the text the edit removes at its index
 */
const char *
pw_command_get_removed_text (PwCommand *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (self->kind == PW_COMMAND_EDIT_TRANSCRIPT, NULL);
  return self->removed;
}

/**
 * pw_command_get_inserted_text:
 * @self: a transcript edit
 *
 * Returns: (transfer none): the text the edit puts at its index
 */
const char *
pw_command_get_inserted_text (PwCommand *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (self->kind == PW_COMMAND_EDIT_TRANSCRIPT, NULL);
  return self->inserted;
}
