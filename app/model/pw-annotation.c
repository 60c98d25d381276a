/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>

#include "pw-annotation-private.h"
#include "pw-error.h"

/* The shapes of one image, or the answers of a text or audio task
 * (choices, spans, segments, a transcript), and every edit made to them.
 * Each edit is a #PwCommand; the history is the list of commands and a position in it,
 * commands before the position applied, those after it undone and waiting
 * for redo. The store writes each command as it is committed and the
 * position as it moves, which is enough to rebuild this object after a
 * crash with undo still working (pw_annotation_new_from_history()). */


G_DEFINE_ENUM_TYPE (PwAnnotationChange, pw_annotation_change,
                    G_DEFINE_ENUM_VALUE (PW_ANNOTATION_CHANGE_ADDED, "added"),
                    G_DEFINE_ENUM_VALUE (PW_ANNOTATION_CHANGE_REMOVED, "removed"),
                    G_DEFINE_ENUM_VALUE (PW_ANNOTATION_CHANGE_REPLACED, "replaced"))

G_DEFINE_FLAGS_TYPE (PwAnnotationTools, pw_annotation_tools,
                     G_DEFINE_ENUM_VALUE (PW_ANNOTATION_TOOL_SHAPES, "shapes"),
                     G_DEFINE_ENUM_VALUE (PW_ANNOTATION_TOOL_CHOICE, "choice"),
                     G_DEFINE_ENUM_VALUE (PW_ANNOTATION_TOOL_SPAN, "span"),
                     G_DEFINE_ENUM_VALUE (PW_ANNOTATION_TOOL_SEGMENT, "segment"),
                     G_DEFINE_ENUM_VALUE (PW_ANNOTATION_TOOL_TRANSCRIPT, "transcript"))

G_DEFINE_FINAL_TYPE (PwAnnotation, pw_annotation, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_WIDTH,
  PROP_HEIGHT,
  PROP_TOOLS,
  PROP_CAN_UNDO,
  PROP_CAN_REDO,
  PROP_POSITION,
  N_PROPS
};

enum {
  CHANGED,
  TRANSCRIPT_EDITED,
  COMMAND_COMMITTED,
  POSITION_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
pw_annotation_finalize (GObject *object)
{
  PwAnnotation *self = PW_ANNOTATION (object);

  g_clear_pointer (&self->shapes, g_ptr_array_unref);
  g_clear_pointer (&self->history, g_ptr_array_unref);
  g_clear_pointer (&self->choices, g_strfreev);
  g_clear_pointer (&self->spans, g_ptr_array_unref);
  g_clear_pointer (&self->segments, g_ptr_array_unref);
  if (self->transcript != NULL)
    g_string_free (g_steal_pointer (&self->transcript), TRUE);

  G_OBJECT_CLASS (pw_annotation_parent_class)->finalize (object);
}

static void
pw_annotation_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  PwAnnotation *self = PW_ANNOTATION (object);

  switch (prop_id)
    {
    case PROP_WIDTH:
      g_value_set_uint (value, self->width);
      break;
    case PROP_HEIGHT:
      g_value_set_uint (value, self->height);
      break;
    case PROP_TOOLS:
      g_value_set_flags (value, self->tools);
      break;
    case PROP_CAN_UNDO:
      g_value_set_boolean (value, pw_annotation_can_undo (self));
      break;
    case PROP_CAN_REDO:
      g_value_set_boolean (value, pw_annotation_can_redo (self));
      break;
    case PROP_POSITION:
      g_value_set_uint (value, self->position);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pw_annotation_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  PwAnnotation *self = PW_ANNOTATION (object);

  switch (prop_id)
    {
    case PROP_WIDTH:
      self->width = g_value_get_uint (value);
      break;
    case PROP_HEIGHT:
      self->height = g_value_get_uint (value);
      break;
    case PROP_TOOLS:
      self->tools = g_value_get_flags (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pw_annotation_class_init (PwAnnotationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = pw_annotation_finalize;
  object_class->get_property = pw_annotation_get_property;
  object_class->set_property = pw_annotation_set_property;

  properties[PROP_WIDTH] =
    g_param_spec_uint ("width", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                       G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_HEIGHT] =
    g_param_spec_uint ("height", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                       G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TOOLS] =
    g_param_spec_flags ("tools", NULL, NULL, PW_TYPE_ANNOTATION_TOOLS, PW_ANNOTATION_TOOL_SHAPES,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                        G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAN_UNDO] =
    g_param_spec_boolean ("can-undo", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAN_REDO] =
    g_param_spec_boolean ("can-redo", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_POSITION] =
    g_param_spec_uint ("position", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * PwAnnotation::changed:
   * @self: the annotation
   * @change: what happened
   * @shape_id: (nullable): the id of the shape, span or segment it
   *   happened to; %NULL for the choices and the transcript
   *
   * Emitted for every shape, span or segment added, removed or replaced,
   * and every change of the choices or the transcript, by an edit, an
   * undo or a redo, so a view updates what changed. The detail says which
   * part changed: `shape`, `span`, `segment`, `choices` or `transcript`,
   * so a view connects to `changed::span` for the spans alone.
   */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST | G_SIGNAL_DETAILED, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 2,
                  PW_TYPE_ANNOTATION_CHANGE, G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE);

  /**
   * PwAnnotation::transcript-edited:
   * @self: the annotation
   * @at: where the transcript changed, in code points
   * @n_removed: how many code points were removed at @at
   * @inserted: the text put at @at instead
   *
   * Emitted for every change of the transcript, by an edit, an undo or a
   * redo, before #PwAnnotation::changed, so a text field applies the
   * same change to its buffer and keeps the cursor where it is.
   */
  signals[TRANSCRIPT_EDITED] =
    g_signal_new ("transcript-edited", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 3,
                  G_TYPE_UINT, G_TYPE_UINT, G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE);

  /**
   * PwAnnotation::command-committed:
   * @self: the annotation
   * @command: the new edit
   * @position: the history position after it; @command is at
   *   @position - 1, and any commands that were after it are gone
   *
   * Emitted once per completed edit, so the store keeps it at once. A
   * transcript edit that continues the one before it
   * (pw_annotation_edit_transcript()) is merged with it: then @position
   * is unchanged and @command replaces the command at @position - 1.
   */
  signals[COMMAND_COMMITTED] =
    g_signal_new ("command-committed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 2,
                  PW_TYPE_COMMAND, G_TYPE_UINT);

  /**
   * PwAnnotation::position-changed:
   * @self: the annotation
   * @position: the history position after an undo or redo
   */
  signals[POSITION_CHANGED] =
    g_signal_new ("position-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
}

static void
pw_annotation_init (PwAnnotation *self)
{
  self->shapes = g_ptr_array_new_with_free_func ((GDestroyNotify) pw_shape_unref);
  self->history = g_ptr_array_new_with_free_func ((GDestroyNotify) pw_command_unref);
  self->next_id = 1;
  self->choices = g_new0 (char *, 1);
  self->spans = g_ptr_array_new_with_free_func ((GDestroyNotify) pw_text_span_unref);
  self->segments = g_ptr_array_new_with_free_func ((GDestroyNotify) pw_segment_unref);
  self->transcript = g_string_new (NULL);
  self->next_span_id = 1;
  self->next_segment_id = 1;
}

void
pw_annotation_emit_changed (PwAnnotation       *self,
                            PwAnnotationChange  change,
                            const char         *shape_id)
{
  _pw_annotation_emit_part_changed (self, PW_ANNOTATION_PART_SHAPE, change, shape_id);
}

void
_pw_annotation_emit_part_changed (PwAnnotation       *self,
                                  const char         *part,
                                  PwAnnotationChange  change,
                                  const char         *id)
{
  g_signal_emit (self, signals[CHANGED], g_quark_from_static_string (part), change, id);
}

void
_pw_annotation_emit_transcript_edited (PwAnnotation *self,
                                       guint         at,
                                       guint         n_removed,
                                       const char   *inserted)
{
  g_signal_emit (self, signals[TRANSCRIPT_EDITED], 0, at, n_removed, inserted);
}

/**
 * pw_annotation_new:
 * @width: the oriented image's width in pixels
 * @height: the oriented image's height in pixels
 *
 * Returns: (transfer full): an annotation with no shapes and no history
 */
PwAnnotation *
pw_annotation_new (guint width,
                   guint height)
{
  return g_object_new (PW_TYPE_ANNOTATION, "width", width, "height", height, NULL);
}

/**
 * pw_annotation_new_for_tools:
 * @tools: what the task's tools let the worker answer; not
 *   %PW_ANNOTATION_TOOL_SHAPES, which needs an image's size
 *   (pw_annotation_new())
 *
 * Returns: (transfer full): an annotation of a text or audio task with no
 *   answer yet and no history
 */
PwAnnotation *
pw_annotation_new_for_tools (PwAnnotationTools tools)
{
  g_return_val_if_fail (tools != 0, NULL);
  g_return_val_if_fail ((tools & PW_ANNOTATION_TOOL_SHAPES) == 0, NULL);

  return g_object_new (PW_TYPE_ANNOTATION, "tools", tools, NULL);
}

/**
 * pw_annotation_get_tools:
 * @self: an annotation
 *
 * Returns: what @self holds: %PW_ANNOTATION_TOOL_SHAPES for an image's,
 *   the text or audio task's tools otherwise
 */
PwAnnotationTools
pw_annotation_get_tools (PwAnnotation *self)
{
  g_return_val_if_fail (PW_IS_ANNOTATION (self), 0);
  return self->tools;
}

/**
 * pw_annotation_tools_from_names:
 * @names: (array zero-terminated=1) (nullable): a project's `tools`, such
 *   as `span` and `choice`
 *
 * Names the contract does not know are left out: a marketplace may offer
 * tools Piecework does not have yet.
 *
 * Returns: the tools @names name; `bbox` and `polygon` are
 *   %PW_ANNOTATION_TOOL_SHAPES
 */
PwAnnotationTools
pw_annotation_tools_from_names (const char *const *names)
{
  static const struct { const char *name; PwAnnotationTools tool; } known[] = {
    { "bbox", PW_ANNOTATION_TOOL_SHAPES },
    { "polygon", PW_ANNOTATION_TOOL_SHAPES },
    { "choice", PW_ANNOTATION_TOOL_CHOICE },
    { "span", PW_ANNOTATION_TOOL_SPAN },
    { "segment", PW_ANNOTATION_TOOL_SEGMENT },
    { "transcript", PW_ANNOTATION_TOOL_TRANSCRIPT },
  };
  PwAnnotationTools tools = 0;

  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    {
      for (guint k = 0; k < G_N_ELEMENTS (known); k++)
        {
          if (g_str_equal (names[i], known[k].name))
            tools |= known[k].tool;
        }
    }
  return tools;
}

guint
pw_annotation_get_width (PwAnnotation *self)
{
  g_return_val_if_fail (PW_IS_ANNOTATION (self), 0);
  return self->width;
}

guint
pw_annotation_get_height (PwAnnotation *self)
{
  g_return_val_if_fail (PW_IS_ANNOTATION (self), 0);
  return self->height;
}

/**
 * pw_annotation_get_shapes:
 * @self: an annotation
 *
 * Returns: (transfer none) (element-type PwShape): the shapes, drawn first
 *   to last; neither the array nor the shapes may be changed
 */
GPtrArray *
pw_annotation_get_shapes (PwAnnotation *self)
{
  g_return_val_if_fail (PW_IS_ANNOTATION (self), NULL);
  return self->shapes;
}

/**
 * pw_annotation_find_shape:
 * @self: an annotation
 * @id: a shape id
 * @index: (out) (optional): where the shape is
 *
 * Returns: %TRUE when a shape has @id
 */
gboolean
pw_annotation_find_shape (PwAnnotation *self,
                          const char   *id,
                          guint        *index)
{
  g_return_val_if_fail (PW_IS_ANNOTATION (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  for (guint i = 0; i < self->shapes->len; i++)
    {
      if (g_str_equal (pw_shape_get_id (g_ptr_array_index (self->shapes, i)), id))
        {
          if (index != NULL)
            *index = i;
          return TRUE;
        }
    }
  return FALSE;
}

/**
 * pw_annotation_lookup_shape:
 * @self: an annotation
 * @id: a shape id
 *
 * Returns: (transfer none) (nullable): the shape with @id, not to be changed
 */
PwShape *
pw_annotation_lookup_shape (PwAnnotation *self,
                            const char   *id)
{
  guint index;

  if (!pw_annotation_find_shape (self, id, &index))
    return NULL;
  return g_ptr_array_index (self->shapes, index);
}

/**
 * pw_annotation_new_shape_id:
 * @self: an annotation
 *
 * Returns: (transfer full): an id no shape has now or had before in this
 *   annotation's history, such as "s4"
 */
char *
pw_annotation_new_shape_id (PwAnnotation *self)
{
  g_return_val_if_fail (PW_IS_ANNOTATION (self), NULL);

  for (;;)
    {
      char *id = g_strdup_printf ("s%u", self->next_id);

      if (!pw_annotation_find_shape (self, id, NULL))
        return id;
      g_free (id);
      self->next_id++;
    }
}

static void
notify_history (PwAnnotation *self,
                gboolean      could_undo,
                gboolean      could_redo)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POSITION]);
  if (could_undo != pw_annotation_can_undo (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_UNDO]);
  if (could_redo != pw_annotation_can_redo (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_REDO]);
}

static void
push_history (PwAnnotation *self,
              PwCommand    *resolved)
{
  /* A new edit after undo drops the undone ones: redo would no longer
   * apply to the shapes as they are. */
  if (self->position < self->history->len)
    g_ptr_array_remove_range (self->history, self->position,
                              self->history->len - self->position);
  g_ptr_array_add (self->history, pw_command_ref (resolved));
  self->position++;
}

/**
 * pw_annotation_apply_command:
 * @self: an annotation
 * @command: an edit, which is checked against the shapes
 * @error: return location for a #GError
 *
 * Applies @command and commits it to the history as one undo step.
 *
 * Returns: %TRUE when @command applied; on failure nothing changed
 */
gboolean
pw_annotation_apply_command (PwAnnotation  *self,
                             PwCommand     *command,
                             GError       **error)
{
  g_autoptr (PwCommand) resolved = NULL;
  gboolean could_undo, could_redo;

  g_return_val_if_fail (PW_IS_ANNOTATION (self), FALSE);
  g_return_val_if_fail (command != NULL, FALSE);

  could_undo = pw_annotation_can_undo (self);
  could_redo = pw_annotation_can_redo (self);

  if (!pw_annotation_run_forward (self, command, &resolved, error))
    return FALSE;

  push_history (self, resolved);
  g_signal_emit (self, signals[COMMAND_COMMITTED], 0, resolved, self->position);
  notify_history (self, could_undo, could_redo);
  return TRUE;
}

gboolean
pw_annotation_can_undo (PwAnnotation *self)
{
  g_return_val_if_fail (PW_IS_ANNOTATION (self), FALSE);
  return self->position > 0;
}

gboolean
pw_annotation_can_redo (PwAnnotation *self)
{
  g_return_val_if_fail (PW_IS_ANNOTATION (self), FALSE);
  return self->position < self->history->len;
}

/**
 * pw_annotation_undo:
 * @self: an annotation
 *
 * Undoes the last applied edit and emits #PwAnnotation::position-changed.
 *
 * Returns: %TRUE when there was one
 */
gboolean
pw_annotation_undo (PwAnnotation *self)
{
  gboolean undone;

  g_return_val_if_fail (PW_IS_ANNOTATION (self), FALSE);

  if (self->position == 0)
    return FALSE;

  undone = pw_annotation_run_backward (self, g_ptr_array_index (self->history, self->position - 1), NULL);
  g_assert (undone);
  self->position--;
  g_signal_emit (self, signals[POSITION_CHANGED], 0, self->position);
  notify_history (self, TRUE, self->position + 1 < self->history->len);
  return TRUE;
}

/**
 * pw_annotation_redo:
 * @self: an annotation
 *
 * Redoes the last undone edit and emits #PwAnnotation::position-changed.
 *
 * Returns: %TRUE when there was one
 */
gboolean
pw_annotation_redo (PwAnnotation *self)
{
  g_autoptr (PwCommand) again = NULL;
  gboolean redone;

  g_return_val_if_fail (PW_IS_ANNOTATION (self), FALSE);

  if (self->position >= self->history->len)
    return FALSE;

  redone = pw_annotation_run_forward (self, g_ptr_array_index (self->history, self->position), &again, NULL);
  g_assert (redone);
  self->position++;
  g_signal_emit (self, signals[POSITION_CHANGED], 0, self->position);
  notify_history (self, self->position > 1, TRUE);
  return TRUE;
}

/**
 * pw_annotation_get_position:
 * @self: an annotation
 *
 * Returns: how many commands of the history are applied
 */
guint
pw_annotation_get_position (PwAnnotation *self)
{
  g_return_val_if_fail (PW_IS_ANNOTATION (self), 0);
  return self->position;
}

/**
 * pw_annotation_get_n_commands:
 * @self: an annotation
 *
 * Returns: how many commands the history holds, applied or undone
 */
guint
pw_annotation_get_n_commands (PwAnnotation *self)
{
  g_return_val_if_fail (PW_IS_ANNOTATION (self), 0);
  return self->history->len;
}

/**
 * pw_annotation_get_command:
 * @self: an annotation
 * @index: a place in the history
 *
 * Returns: (transfer none): the command at @index
 */
PwCommand *
pw_annotation_get_command (PwAnnotation *self,
                           guint         index)
{
  g_return_val_if_fail (PW_IS_ANNOTATION (self), NULL);
  g_return_val_if_fail (index < self->history->len, NULL);
  return g_ptr_array_index (self->history, index);
}

/* Puts @merged, the last transcript edit and the one just applied made
 * into one, in place of the last command, as one undo step. The position
 * stays; the store, told that the command before it changed, replaces
 * its copy. */
void
_pw_annotation_commit_merged (PwAnnotation *self,
                              PwCommand    *merged)
{
  g_assert (self->position > 0 && self->position == self->history->len);

  pw_command_unref (g_ptr_array_index (self->history, self->position - 1));
  g_ptr_array_index (self->history, self->position - 1) = pw_command_ref (merged);
  g_signal_emit (self, signals[COMMAND_COMMITTED], 0, merged, self->position);
}

/* For reading a snapshot: the shape is there from the start, not an edit. */
void
pw_annotation_insert_loaded (PwAnnotation *self,
                             PwShape      *shape)
{
  g_ptr_array_add (self->shapes, pw_shape_ref (shape));
  pw_annotation_note_id (self, pw_shape_get_id (shape));
}

/* For rebuilding from the store: applies and records without announcing
 * it as a new edit, which the store already has. */
gboolean
pw_annotation_replay_command (PwAnnotation  *self,
                              PwCommand     *command,
                              GError       **error)
{
  g_autoptr (PwCommand) resolved = NULL;

  if (!pw_annotation_run_forward (self, command, &resolved, error))
    return FALSE;
  push_history (self, resolved);
  return TRUE;
}
