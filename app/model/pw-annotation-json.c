/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n-lib.h>

#include "pw-annotation-private.h"
#include "pw-error.h"
#include "pw-json.h"

/* The snapshot form is the marketplace's Annotation object, limited to the
 * members images use: {"image": {"width", "height"}, "shapes": [...]}.
 * Submissions send it; the store keeps it as the start of a draft's
 * history. */

/**
 * pw_annotation_to_json:
 * @self: an annotation
 *
 * Returns: (transfer full): the shapes as a marketplace Annotation object
 */
JsonNode *
pw_annotation_to_json (PwAnnotation *self)
{
  g_autoptr (JsonObject) root = json_object_new ();
  g_autoptr (JsonObject) image = json_object_new ();
  g_autoptr (JsonArray) shapes = NULL;
  JsonNode *node;

  g_return_val_if_fail (PW_IS_ANNOTATION (self), NULL);

  json_object_set_int_member (image, "width", self->width);
  json_object_set_int_member (image, "height", self->height);
  json_object_set_object_member (root, "image", g_steal_pointer (&image));

  shapes = json_array_sized_new (self->shapes->len);
  for (guint i = 0; i < self->shapes->len; i++)
    json_array_add_element (shapes, pw_shape_to_json (g_ptr_array_index (self->shapes, i)));
  json_object_set_array_member (root, "shapes", g_steal_pointer (&shapes));

  node = json_node_new (JSON_NODE_OBJECT);
  json_node_set_object (node, root);
  return node;
}

/**
 * pw_annotation_json_within_limits:
 * @object: a marketplace Annotation, or a labelme file: both keep their
 *   shapes in "shapes" and a shape's points in "points"
 * @what: what @object is, for messages, such as “street.json”
 * @error: return location for a #GError
 *
 * Counts the shapes and their points without reading them, so that input
 * over %PW_ANNOTATION_MAX_SHAPES shapes or %PW_ANNOTATION_MAX_POINTS points
 * in a shape is refused before reading it costs time and memory, and
 * before the checks run on it. Members of the wrong type are left to the
 * reader to refuse.
 *
 * Returns: %TRUE when @object is within the limits, else %FALSE with
 *   %PW_ERROR_TOO_LARGE naming @what
 */
gboolean
pw_annotation_json_within_limits (JsonObject  *object,
                                  const char  *what,
                                  GError     **error)
{
  JsonNode *member;
  JsonArray *shapes;
  guint n_shapes;

  g_return_val_if_fail (object != NULL, FALSE);
  g_return_val_if_fail (what != NULL, FALSE);

  member = json_object_get_member (object, "shapes");
  if (member == NULL || !JSON_NODE_HOLDS_ARRAY (member))
    return TRUE;

  shapes = json_node_get_array (member);
  n_shapes = json_array_get_length (shapes);
  if (n_shapes > PW_ANNOTATION_MAX_SHAPES)
    {
      g_set_error (error, PW_ERROR, PW_ERROR_TOO_LARGE,
                   /* Translators: the first %s names a file or a task's prefill */
                   _("%s has %'u shapes; Piecework opens at most %'u per image"),
                   what, n_shapes, (guint) PW_ANNOTATION_MAX_SHAPES);
      return FALSE;
    }

  for (guint i = 0; i < n_shapes; i++)
    {
      JsonNode *shape = json_array_get_element (shapes, i);
      JsonNode *points;
      guint n_points;

      if (!JSON_NODE_HOLDS_OBJECT (shape))
        continue;
      points = json_object_get_member (json_node_get_object (shape), "points");
      if (points == NULL || !JSON_NODE_HOLDS_ARRAY (points))
        continue;

      n_points = json_array_get_length (json_node_get_array (points));
      if (n_points > PW_ANNOTATION_MAX_POINTS)
        {
          g_set_error (error, PW_ERROR, PW_ERROR_TOO_LARGE,
                       /* Translators: the first %s names a file or a task's prefill */
                       _("%s has a shape with %'u points; Piecework opens at most %'u per shape"),
                       what, n_points, (guint) PW_ANNOTATION_MAX_POINTS);
          return FALSE;
        }
    }

  return TRUE;
}

/**
 * pw_annotation_new_from_json:
 * @node: a marketplace Annotation object
 * @error: return location for a #GError
 *
 * Reads the image size and the shapes; the members for text and audio
 * are not the image's and are ignored. Shapes with the same id are refused,
 * and so is an annotation over the limits of
 * pw_annotation_json_within_limits().
 *
 * Returns: (transfer full): a new annotation with no history, or %NULL
 *   with %PW_ERROR_INVALID_DATA or %PW_ERROR_TOO_LARGE
 */
PwAnnotation *
pw_annotation_new_from_json (JsonNode  *node,
                             GError   **error)
{
  const char *what = _("The annotation");
  g_autoptr (PwAnnotation) self = NULL;
  JsonObject *root;
  JsonObject *image;
  JsonArray *shapes;
  g_autoptr (GHashTable) ids = NULL;
  gint64 width, height;

  g_return_val_if_fail (node != NULL, NULL);

  root = pw_json_get_object (node, what, error);
  if (root == NULL || !pw_annotation_json_within_limits (root, what, error))
    return NULL;
  image = pw_json_member_object (root, "image", what, error);
  if (image == NULL
      || !pw_json_member_int (image, "width", what, &width, error)
      || !pw_json_member_int (image, "height", what, &height, error))
    return NULL;
  if (width <= 0 || height <= 0 || width > G_MAXINT || height > G_MAXINT)
    {
      g_set_error (error, PW_ERROR, PW_ERROR_INVALID_DATA,
                   _("%s gives an image size of %lld×%lld, which is not possible"),
                   what, (long long) width, (long long) height);
      return NULL;
    }

  self = pw_annotation_new ((guint) width, (guint) height);

  if (!json_object_has_member (root, "shapes"))
    return g_steal_pointer (&self);

  shapes = pw_json_member_array (root, "shapes", what, error);
  if (shapes == NULL)
    return NULL;

  /* Ids seen so far, held by the shapes: thousands of shapes are not
   * compared pair by pair. */
  ids = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < json_array_get_length (shapes); i++)
    {
      g_autoptr (PwShape) shape = pw_shape_new_from_json (json_array_get_element (shapes, i), error);

      if (shape == NULL)
        return NULL;
      if (!g_hash_table_add (ids, (gpointer) pw_shape_get_id (shape)))
        {
          g_set_error (error, PW_ERROR, PW_ERROR_INVALID_DATA,
                       _("%s has two shapes with the id “%s”"), what, pw_shape_get_id (shape));
          return NULL;
        }
      pw_annotation_insert_loaded (self, shape);
    }

  return g_steal_pointer (&self);
}

/**
 * pw_annotation_new_from_history:
 * @snapshot: the annotation as it was before the first command, from
 *   pw_annotation_to_json()
 * @commands: (array length=n_commands): every command of the history, as
 *   pw_command_to_string() wrote them, in order
 * @n_commands: how many
 * @position: how many of them were applied
 * @error: return location for a #GError
 *
 * Rebuilds an annotation as it was: its shapes, and its history with undo
 * and redo, after a restart or a crash. Every command is checked against
 * the shapes it meets.
 *
 * Returns: (transfer full): the annotation, or %NULL with
 *   %PW_ERROR_INVALID_DATA when the history does not fit the snapshot
 */
PwAnnotation *
pw_annotation_new_from_history (JsonNode           *snapshot,
                                const char *const  *commands,
                                guint               n_commands,
                                guint               position,
                                GError            **error)
{
  g_autoptr (PwAnnotation) self = NULL;

  g_return_val_if_fail (snapshot != NULL, NULL);
  g_return_val_if_fail (commands != NULL || n_commands == 0, NULL);

  if (position > n_commands)
    {
      g_set_error (error, PW_ERROR, PW_ERROR_INVALID_DATA,
                   _("The saved position %u is past the %u saved edits"), position, n_commands);
      return NULL;
    }

  self = pw_annotation_new_from_json (snapshot, error);
  if (self == NULL)
    return NULL;

  /* Apply all, then undo back: that checks the undone commands too, so
   * a redo after the restart cannot fail. */
  for (guint i = 0; i < n_commands; i++)
    {
      g_autoptr (PwCommand) command = pw_command_new_from_string (commands[i], error);

      if (command == NULL || !pw_annotation_replay_command (self, command, error))
        return NULL;
    }

  while (self->position > position)
    {
      gboolean undone = pw_annotation_run_backward (self, g_ptr_array_index (self->history,
                                                                           self->position - 1),
                                                    NULL);

      g_assert (undone);
      self->position--;
    }

  return g_steal_pointer (&self);
}
