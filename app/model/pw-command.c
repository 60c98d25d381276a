/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n-lib.h>

#include "pw-command.h"
#include "pw-error.h"
#include "pw-json.h"

/* A command records an edit with both of its sides, so it can be undone
 * without looking at anything else, and checked against the annotation it
 * is applied to when it is read back from the store. In JSON:
 *
 *   {"op": "add", "index": 2, "shape": {...}}
 *   {"op": "remove", "index": 0, "shape": {...}}
 *   {"op": "replace", "before": {...}, "after": {...}}
 *   {"op": "batch", "commands": [{...}, ...]}
 *
 * where each shape is a marketplace shape object (pw_shape_to_json()). */

struct _PwCommand
{
  gatomicrefcount ref_count;
  PwCommandKind kind;
  guint index;
  PwShape *shape;
  PwShape *after;
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
 * pw_command_to_json:
 * @self: a command
 *
 * Returns: (transfer full): @self in the JSON form described at the top of
 *   this file
 */
JsonNode *
pw_command_to_json (PwCommand *self)
{
  g_autoptr (JsonObject) object = json_object_new ();
  JsonNode *node;

  g_return_val_if_fail (self != NULL, NULL);

  switch (self->kind)
    {
    case PW_COMMAND_ADD:
    case PW_COMMAND_REMOVE:
      json_object_set_string_member (object, "op", self->kind == PW_COMMAND_ADD ? "add" : "remove");
      json_object_set_int_member (object, "index", self->index);
      json_object_set_member (object, "shape", pw_shape_to_json (self->shape));
      break;

    case PW_COMMAND_REPLACE:
      json_object_set_string_member (object, "op", "replace");
      json_object_set_member (object, "before", pw_shape_to_json (self->shape));
      json_object_set_member (object, "after", pw_shape_to_json (self->after));
      break;

    case PW_COMMAND_BATCH:
      {
        g_autoptr (JsonArray) array = json_array_sized_new (self->commands->len);

        json_object_set_string_member (object, "op", "batch");
        for (guint i = 0; i < self->commands->len; i++)
          json_array_add_element (array, pw_command_to_json (g_ptr_array_index (self->commands, i)));
        json_object_set_array_member (object, "commands", g_steal_pointer (&array));
      }
      break;

    default:
      g_assert_not_reached ();
    }

  node = json_node_new (JSON_NODE_OBJECT);
  json_node_set_object (node, object);
  return node;
}

/**
 * pw_command_to_string:
 * @self: a command
 *
 * Returns: (transfer full): @self as compact JSON text, for the store
 */
char *
pw_command_to_string (PwCommand *self)
{
  g_autoptr (JsonNode) node = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  node = pw_command_to_json (self);
  return pw_json_to_string (node, FALSE);
}

/**
 * pw_command_new_from_json:
 * @node: a command in JSON
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the command, or %NULL with %PW_ERROR_INVALID_DATA
 */
PwCommand *
pw_command_new_from_json (JsonNode  *node,
                          GError   **error)
{
  const char *what = _("An edit in the history");
  JsonObject *object;
  const char *op;

  g_return_val_if_fail (node != NULL, NULL);

  object = pw_json_get_object (node, what, error);
  if (object == NULL || !pw_json_member_string (object, "op", what, FALSE, &op, error))
    return NULL;

  if (g_str_equal (op, "add") || g_str_equal (op, "remove"))
    {
      g_autoptr (PwShape) shape = NULL;
      JsonObject *shape_object;
      gint64 index;

      if (!pw_json_member_int (object, "index", what, &index, error))
        return NULL;
      if (index < 0 || index >= G_MAXUINT)
        {
          g_set_error (error, PW_ERROR, PW_ERROR_INVALID_DATA,
                       _("%s: the member “%s” is out of range"), what, "index");
          return NULL;
        }
      shape_object = pw_json_member_object (object, "shape", what, error);
      if (shape_object == NULL)
        return NULL;
      shape = pw_shape_new_from_json (json_object_get_member (object, "shape"), error);
      if (shape == NULL)
        return NULL;
      return g_str_equal (op, "add") ? pw_command_new_add (shape, (guint) index)
                                     : pw_command_new_remove (shape, (guint) index);
    }

  if (g_str_equal (op, "replace"))
    {
      g_autoptr (PwShape) before = NULL;
      g_autoptr (PwShape) after = NULL;

      if (pw_json_member_object (object, "before", what, error) == NULL
          || pw_json_member_object (object, "after", what, error) == NULL)
        return NULL;
      before = pw_shape_new_from_json (json_object_get_member (object, "before"), error);
      if (before == NULL)
        return NULL;
      after = pw_shape_new_from_json (json_object_get_member (object, "after"), error);
      if (after == NULL)
        return NULL;
      if (!g_str_equal (pw_shape_get_id (before), pw_shape_get_id (after)))
        {
          g_set_error (error, PW_ERROR, PW_ERROR_INVALID_DATA,
                       _("%s replaces a shape by one with another id"), what);
          return NULL;
        }
      return pw_command_new_replace (before, after);
    }

  if (g_str_equal (op, "batch"))
    {
      g_autoptr (GPtrArray) commands = g_ptr_array_new_with_free_func ((GDestroyNotify) pw_command_unref);
      JsonArray *array = pw_json_member_array (object, "commands", what, error);

      if (array == NULL)
        return NULL;
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          PwCommand *child = pw_command_new_from_json (json_array_get_element (array, i), error);

          if (child == NULL)
            return NULL;
          g_ptr_array_add (commands, child);
        }
      return pw_command_new_batch (commands);
    }

  g_set_error (error, PW_ERROR, PW_ERROR_INVALID_DATA,
               _("%s is of an unknown kind “%s”"), what, op);
  return NULL;
}

/**
 * pw_command_new_from_string:
 * @text: a command as written by pw_command_to_string()
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the command, or %NULL
 */
PwCommand *
pw_command_new_from_string (const char  *text,
                            GError     **error)
{
  g_autoptr (JsonNode) node = NULL;

  g_return_val_if_fail (text != NULL, NULL);

  node = pw_json_parse (text, strlen (text), _("An edit in the history"), error);
  if (node == NULL)
    return NULL;
  return pw_command_new_from_json (node, error);
}
