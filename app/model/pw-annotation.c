/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>

#include "pw-annotation-private.h"
#include "pw-error.h"

/* The shapes of one image and every edit made to them. Each edit is a
 * #PwCommand; the history is the list of commands and a position in it,
 * commands before the position applied, those after it undone and waiting
 * for redo. The store writes each command as it is committed and the
 * position as it moves, which is enough to rebuild this object after a
 * crash with undo still working (pw_annotation_new_from_history()). */


G_DEFINE_ENUM_TYPE (PwAnnotationChange, pw_annotation_change,
                    G_DEFINE_ENUM_VALUE (PW_ANNOTATION_CHANGE_ADDED, "added"),
                    G_DEFINE_ENUM_VALUE (PW_ANNOTATION_CHANGE_REMOVED, "removed"),
                    G_DEFINE_ENUM_VALUE (PW_ANNOTATION_CHANGE_REPLACED, "replaced"))

G_DEFINE_FINAL_TYPE (PwAnnotation, pw_annotation, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_WIDTH,
  PROP_HEIGHT,
  PROP_CAN_UNDO,
  PROP_CAN_REDO,
  PROP_POSITION,
  N_PROPS
};

enum {
  CHANGED,
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
   * @shape_id: the id of the shape it happened to
   *
   * Emitted for every shape added, removed or replaced, by an edit, an
   * undo or a redo, so the canvas redraws.
   */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 2,
                  PW_TYPE_ANNOTATION_CHANGE, G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE);

  /**
   * PwAnnotation::command-committed:
   * @self: the annotation
   * @command: the new edit
   * @position: the history position after it; @command is at
   *   @position - 1, and any commands that were after it are gone
   *
   * Emitted once per completed edit, so the store keeps it at once.
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
}

void
pw_annotation_emit_changed (PwAnnotation       *self,
                            PwAnnotationChange  change,
                            const char         *shape_id)
{
  g_signal_emit (self, signals[CHANGED], 0, change, shape_id);
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
