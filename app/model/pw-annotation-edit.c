/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include "pw-annotation-private.h"

/* The edits the canvas makes. Each is one command and one undo step. The
 * annotation keeps copies of the shapes it is given, so the caller may go on
 * changing its own without touching the history. */

/**
 * pw_annotation_add_shape:
 * @self: an annotation
 * @shape: a shape with an id no other shape has, such as one from
 *   pw_annotation_new_shape_id()
 *
 * Adds a copy of @shape on top of the others.
 */
void
pw_annotation_add_shape (PwAnnotation *self,
                         PwShape      *shape)
{
  g_autoptr (PwShape) copy = NULL;
  g_autoptr (PwCommand) command = NULL;
  gboolean added;

  g_return_if_fail (PW_IS_ANNOTATION (self));
  g_return_if_fail (shape != NULL);
  g_return_if_fail (!pw_annotation_find_shape (self, pw_shape_get_id (shape), NULL));

  copy = pw_shape_copy (shape);
  command = pw_command_new_add (copy, PW_COMMAND_APPEND);
  added = pw_annotation_apply_command (self, command, NULL);
  g_assert (added);
}

/**
 * pw_annotation_remove_shape:
 * @self: an annotation
 * @id: the id of one of its shapes
 */
void
pw_annotation_remove_shape (PwAnnotation *self,
                            const char   *id)
{
  g_autoptr (PwCommand) command = NULL;
  guint index;
  gboolean removed;

  g_return_if_fail (PW_IS_ANNOTATION (self));
  g_return_if_fail (id != NULL);

  if (!pw_annotation_find_shape (self, id, &index))
    g_return_if_reached ();

  command = pw_command_new_remove (g_ptr_array_index (self->shapes, index), index);
  removed = pw_annotation_apply_command (self, command, NULL);
  g_assert (removed);
}

/**
 * pw_annotation_replace_shape:
 * @self: an annotation
 * @shape: the new version of one of its shapes, found by id
 *
 * Puts a copy of @shape in place of the shape with its id: the end of a
 * move, a resize, a vertex drag, insert or delete, or a label change. An
 * edit that changes nothing is not recorded.
 */
void
pw_annotation_replace_shape (PwAnnotation *self,
                             PwShape      *shape)
{
  g_autoptr (PwShape) copy = NULL;
  g_autoptr (PwCommand) command = NULL;
  PwShape *before;
  guint index;
  gboolean replaced;

  g_return_if_fail (PW_IS_ANNOTATION (self));
  g_return_if_fail (shape != NULL);

  if (!pw_annotation_find_shape (self, pw_shape_get_id (shape), &index))
    g_return_if_reached ();

  before = g_ptr_array_index (self->shapes, index);
  if (pw_shape_equal (before, shape))
    return;

  copy = pw_shape_copy (shape);
  command = pw_command_new_replace (before, copy);
  replaced = pw_annotation_apply_command (self, command, NULL);
  g_assert (replaced);
}

/**
 * pw_annotation_apply_batch:
 * @self: an annotation
 * @commands: (element-type PwCommand): edits applied in order, their shapes
 *   not to be changed afterwards
 * @error: return location for a #GError
 *
 * Applies @commands as one undo step.
 *
 * Returns: %TRUE when all of them applied; otherwise none did
 */
gboolean
pw_annotation_apply_batch (PwAnnotation  *self,
                           GPtrArray     *commands,
                           GError       **error)
{
  g_autoptr (PwCommand) batch = NULL;

  g_return_val_if_fail (PW_IS_ANNOTATION (self), FALSE);
  g_return_val_if_fail (commands != NULL, FALSE);

  if (commands->len == 0)
    return TRUE;

  batch = pw_command_new_batch (commands);
  return pw_annotation_apply_command (self, batch, error);
}

/**
 * pw_annotation_paste_shapes:
 * @self: an annotation
 * @shapes: (element-type PwShape): shapes from another image
 *
 * Adds copies of @shapes with new ids, cut to this image, as one undo
 * step: the worker's "copy the previous task's shapes".
 */
void
pw_annotation_paste_shapes (PwAnnotation *self,
                            GPtrArray    *shapes)
{
  g_autoptr (GPtrArray) commands = NULL;
  guint next;
  gboolean pasted;

  g_return_if_fail (PW_IS_ANNOTATION (self));
  g_return_if_fail (shapes != NULL);

  commands = g_ptr_array_new_with_free_func ((GDestroyNotify) pw_command_unref);
  next = self->next_id;

  for (guint i = 0; i < shapes->len; i++)
    {
      g_autoptr (PwShape) copy = pw_shape_copy (g_ptr_array_index (shapes, i));
      g_autofree char *id = NULL;

      do
        {
          g_free (id);
          id = g_strdup_printf ("s%u", next++);
        }
      while (pw_annotation_find_shape (self, id, NULL));

      pw_shape_set_id (copy, id);
      pw_shape_clamp_to_image (copy, self->width, self->height);
      g_ptr_array_add (commands, pw_command_new_add (copy, PW_COMMAND_APPEND));
    }

  pasted = pw_annotation_apply_batch (self, commands, NULL);
  g_assert (pasted);
}
