/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n-lib.h>

#include "pw-annotation-private.h"
#include "pw-error.h"
#include "pw-json.h"
#include "pw-model-private.h"

/* The snapshot form is the marketplace's Annotation object with the
 * members of the annotation's tools and no other: for an image
 * {"image": {"width", "height"}, "shapes": [...]}, for a text or audio
 * task those of "choices", "spans", "segments" and "transcript" its tools
 * use, empty ones included, so the tools read back with the annotation.
 * Submissions send it; the store keeps it as the start of a draft's
 * history.
 *
 * Spans and segments carry no id in the contract. Reading gives them ids
 * in their order ("span1", "span2", ...), so the same JSON always reads
 * back with the same ids, and a draft's commands, which name them, apply
 * to its snapshot after a restart. */

/**
 * pw_annotation_to_json:
 * @self: an annotation
 *
 * Returns: (transfer full): @self as a marketplace Annotation object with
 *   the members of its tools
 */
JsonNode *
pw_annotation_to_json (PwAnnotation *self)
{
  g_autoptr (JsonObject) root = json_object_new ();
  g_autoptr (JsonObject) image = json_object_new ();
  g_autoptr (JsonArray) shapes = NULL;
  JsonNode *node;

  g_return_val_if_fail (PW_IS_ANNOTATION (self), NULL);

  if ((self->tools & PW_ANNOTATION_TOOL_SHAPES) == 0)
    {
      _pw_annotation_answers_to_json (self, root);
      node = json_node_new (JSON_NODE_OBJECT);
      json_node_set_object (node, root);
      return node;
    }

  json_object_set_int_member (image, "width", self->width);
  json_object_set_int_member (image, "height", self->height);
  json_object_set_object_member (root, "image", g_steal_pointer (&image));

  shapes = json_array_sized_new (self->shapes->len);
  for (guint i = 0; i < self->shapes->len; i++)
    json_array_add_element (shapes, pw_shape_to_json (g_ptr_array_index (self->shapes, i)));
  json_object_set_array_member (root, "shapes", g_steal_pointer (&shapes));
  /* An image task of a project with choices (tags, classes) keeps them
   * beside the shapes. */
  if (self->tools & PW_ANNOTATION_TOOL_CHOICE)
    _pw_annotation_answers_to_json (self, root);

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
 * Counts the shapes and their points, the spans, segments and choices,
 * and measures the transcript and the segments' texts, without reading
 * them, so that input over %PW_ANNOTATION_MAX_SHAPES shapes,
 * %PW_ANNOTATION_MAX_POINTS points in a shape, %PW_ANNOTATION_MAX_SPANS
 * spans, %PW_ANNOTATION_MAX_SEGMENTS segments, %PW_ANNOTATION_MAX_CHOICES
 * choices or %PW_ANNOTATION_MAX_TEXT_BYTES of text is refused before
 * reading it costs time and memory, and before the checks run on it.
 * Members of the wrong type are left to the reader to refuse.
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

  if (!_pw_annotation_answers_within_limits (object, what, error))
    return FALSE;

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

/* Which tools a snapshot or a file was written for: its members say. One
 * with none of them is read as an image's, which names the member it
 * misses. */
static PwAnnotationTools
tools_of_json (JsonObject *root)
{
  PwAnnotationTools tools = 0;

  if (json_object_has_member (root, "image"))
    return PW_ANNOTATION_TOOL_SHAPES;
  if (json_object_has_member (root, "choices"))
    tools |= PW_ANNOTATION_TOOL_CHOICE;
  if (json_object_has_member (root, "spans"))
    tools |= PW_ANNOTATION_TOOL_SPAN;
  if (json_object_has_member (root, "segments"))
    tools |= PW_ANNOTATION_TOOL_SEGMENT;
  if (json_object_has_member (root, "transcript"))
    tools |= PW_ANNOTATION_TOOL_TRANSCRIPT;
  return tools != 0 ? tools : PW_ANNOTATION_TOOL_SHAPES;
}

static PwAnnotation *
read_image (JsonObject  *root,
            const char  *what,
            GError     **error)
{
  g_autoptr (PwAnnotation) self = NULL;
  JsonObject *image;
  JsonArray *shapes;
  g_autoptr (GHashTable) ids = NULL;
  gint64 width, height;

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
  if (json_object_has_member (root, "choices"))
    {
      GStrv choices = _pw_model_read_choices (root, "choices", what, error);

      if (choices == NULL)
        return NULL;
      g_strfreev (self->choices);
      self->choices = choices;
      self->tools |= PW_ANNOTATION_TOOL_CHOICE;
    }

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

static PwAnnotation *
read_annotation (JsonNode           *node,
                 PwAnnotationTools   tools,
                 const char         *what,
                 GError            **error)
{
  JsonObject *root = pw_json_get_object (node, what, error);

  if (root == NULL || !pw_annotation_json_within_limits (root, what, error))
    return NULL;
  if (tools == 0)
    tools = tools_of_json (root);
  if (tools & PW_ANNOTATION_TOOL_SHAPES)
    return read_image (root, what, error);
  return _pw_annotation_read_answers (root, tools, what, error);
}

/**
 * pw_annotation_new_from_json:
 * @node: a marketplace Annotation object, such as one from
 *   pw_annotation_to_json()
 * @error: return location for a #GError
 *
 * Reads an annotation; its members say its tools. One with "image" is an
 * image's: its size, shapes and "choices" are read, and the other members
 * for text and audio are not the image's and are ignored. Otherwise the members of
 * "choices", "spans", "segments" and "transcript" it has are its tools.
 * Shapes with the same id are refused, and so is an annotation over the
 * limits of pw_annotation_json_within_limits(). Spans and segments are
 * read as pw_text_span_new_from_json() and pw_segment_new_from_json() say, and
 * choices must be label names, each once.
 *
 * Returns: (transfer full): a new annotation with no history, or %NULL
 *   with %PW_ERROR_INVALID_DATA or %PW_ERROR_TOO_LARGE
 */
PwAnnotation *
pw_annotation_new_from_json (JsonNode  *node,
                             GError   **error)
{
  g_return_val_if_fail (node != NULL, NULL);

  return read_annotation (node, 0, _("The annotation"), error);
}

/**
 * pw_annotation_new_from_prefill:
 * @node: a task's prefill: a marketplace Annotation object
 * @tools: the task's tools (pw_annotation_tools_from_names())
 * @text_length: the length of a text task's text in code points, or -1
 *   when there is no text
 * @error: return location for a #GError
 *
 * Reads what a marketplace sent for the worker to correct, as
 * pw_annotation_new_from_json() does, but with the task's tools: members
 * of other tools are ignored, and those of its tools that are missing are
 * empty, so the annotation writes every member its tools use. With
 * @text_length, every span must lie within the text
 * (pw_annotation_json_fits_text()).
 *
 * Returns: (transfer full): a new annotation with no history, or %NULL
 *   with %PW_ERROR_INVALID_DATA or %PW_ERROR_TOO_LARGE naming the member
 *   and the place of the entry at fault
 */
PwAnnotation *
pw_annotation_new_from_prefill (JsonNode           *node,
                                PwAnnotationTools   tools,
                                gint64              text_length,
                                GError            **error)
{
  const char *what = _("The annotation");
  g_autoptr (PwAnnotation) self = NULL;

  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (tools != 0, NULL);
  g_return_val_if_fail (tools == PW_ANNOTATION_TOOL_SHAPES
                        || (tools & PW_ANNOTATION_TOOL_SHAPES) == 0, NULL);

  self = read_annotation (node, tools, what, error);
  if (self == NULL)
    return NULL;
  if (text_length >= 0 && (tools & PW_ANNOTATION_TOOL_SPAN)
      && !pw_annotation_json_fits_text (json_node_get_object (node), what,
                                        (guint64) text_length, error))
    return NULL;
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
