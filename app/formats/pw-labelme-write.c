/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n-lib.h>

#include "pw-file-write.h"
#include "pw-json.h"
#include "pw-labelme-file-private.h"

/* Writing back: a shape the worker did not touch is written from the very
 * node it was read from; an edited one from a copy of that node where only
 * "label", "points" and "shape_type" change; a new one gets the members
 * labelme 5 writes. Field names and layout (two-space indent, floats with a
 * decimal point, UTF-8 as is) are labelme's own, so labelme 5 opens the
 * file and a diff shows only the edit. */

/* Where labelme 5 expects a version, for files Piecework starts. */
#define LABELME_VERSION "5.2.1"

/* labelme has no turned rectangle, and a "rectangle" with a turn of its
 * own would open unturned in labelme and every tool that reads its files:
 * a turned box (from a platform's task, pasted here) is written as the
 * polygon of its four corners, which every reader shows where it is. */
static gboolean
is_turned_box (PwShape *shape)
{
  return pw_shape_get_shape_type (shape) == PW_SHAPE_BBOX && pw_shape_get_rotation (shape) != 0;
}

static JsonNode *
points_node (PwShape *shape)
{
  g_autoptr (JsonArray) array = json_array_new ();
  g_autoptr (JsonNode) node = json_node_new (JSON_NODE_ARRAY);
  g_autoptr (PwShape) outline = NULL;

  if (is_turned_box (shape))
    shape = outline = pw_shape_outline (shape);
  if (pw_shape_get_shape_type (shape) == PW_SHAPE_BBOX)
    {
      g_autoptr (JsonArray) a = json_array_new ();
      g_autoptr (JsonArray) b = json_array_new ();
      PwRect r;

      pw_shape_get_rect (shape, &r);
      json_array_add_double_element (a, r.x);
      json_array_add_double_element (a, r.y);
      json_array_add_double_element (b, r.x + r.w);
      json_array_add_double_element (b, r.y + r.h);
      json_array_add_array_element (array, g_steal_pointer (&a));
      json_array_add_array_element (array, g_steal_pointer (&b));
    }
  else
    {
      const PwPoint *points;
      guint n;

      points = pw_shape_get_points (shape, &n);
      for (guint i = 0; i < n; i++)
        {
          g_autoptr (JsonArray) p = json_array_new ();

          json_array_add_double_element (p, points[i].x);
          json_array_add_double_element (p, points[i].y);
          json_array_add_array_element (array, g_steal_pointer (&p));
        }
    }

  json_node_set_array (node, array);
  return g_steal_pointer (&node);
}

static const char *
type_name (PwShape *shape)
{
  return pw_shape_get_shape_type (shape) == PW_SHAPE_BBOX && !is_turned_box (shape)
         ? "rectangle" : "polygon";
}

static const char *
label_of (PwShape *shape)
{
  const char *label = pw_shape_get_label (shape);

  return label != NULL ? label : "";
}

static JsonNode *
new_shape_node (PwShape *shape)
{
  g_autoptr (JsonObject) object = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_object_set_string_member (object, "label", label_of (shape));
  json_object_set_member (object, "points", points_node (shape));
  json_object_set_null_member (object, "group_id");
  json_object_set_string_member (object, "description", "");
  json_object_set_string_member (object, "shape_type", type_name (shape));
  json_object_set_object_member (object, "flags", json_object_new ());
  json_node_set_object (node, object);
  return node;
}

static JsonNode *
edited_shape_node (PwLabelmeEntry *old,
                   PwShape        *shape)
{
  g_autoptr (PwShape) relabeled = pw_shape_copy (old->shape);
  g_autoptr (JsonObject) object = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);
  gboolean moved;
  JsonObjectIter iter;
  const char *name;
  JsonNode *member;

  /* Points are rewritten only when the geometry changed, so a label
   * change leaves the numbers exactly as they were written. */
  pw_shape_set_label (relabeled, pw_shape_get_label (shape));
  moved = !pw_shape_equal (relabeled, shape);

  json_object_iter_init_ordered (&iter, json_node_get_object (old->node));
  while (json_object_iter_next_ordered (&iter, &name, &member))
    {
      if (g_str_equal (name, "label"))
        json_object_set_string_member (object, name, label_of (shape));
      else if (g_str_equal (name, "points") && moved)
        json_object_set_member (object, name, points_node (shape));
      else
        json_object_set_member (object, name, json_node_ref (member));
    }

  if (!json_object_has_member (object, "label"))
    json_object_set_string_member (object, "label", label_of (shape));
  if (!json_object_has_member (object, "points"))
    json_object_set_member (object, "points", points_node (shape));

  json_node_set_object (node, object);
  return node;
}

/**
 * pw_labelme_file_update:
 * @self: a labelme file
 * @annotation: the shapes as they are now, with the ids
 *   pw_labelme_file_to_annotation() gave the ones read from the file
 *
 * Takes the rectangles and polygons of @annotation, in its order. Shapes of
 * other kinds stay at their places among them. A shape keeps the members
 * it was read with through any edit, even a delete undone.
 */
void
pw_labelme_file_update (PwLabelmeFile *self,
                        PwAnnotation  *annotation)
{
  g_autoptr (GPtrArray) entries = NULL;
  GPtrArray *shapes;

  g_return_if_fail (PW_IS_LABELME_FILE (self));
  g_return_if_fail (PW_IS_ANNOTATION (annotation));

  entries = g_ptr_array_new_with_free_func (_pw_labelme_entry_free);
  shapes = pw_annotation_get_shapes (annotation);

  for (guint i = 0; i < shapes->len; i++)
    {
      PwShape *shape = g_ptr_array_index (shapes, i);
      PwLabelmeEntry *old = g_hash_table_lookup (self->known, pw_shape_get_id (shape));
      PwLabelmeEntry *entry = g_new0 (PwLabelmeEntry, 1);

      entry->id = g_strdup (pw_shape_get_id (shape));
      entry->shape = pw_shape_ref (shape);
      if (old != NULL && pw_shape_equal (old->shape, shape))
        entry->node = json_node_ref (old->node);
      else if (old != NULL && pw_shape_get_shape_type (old->shape) == pw_shape_get_shape_type (shape))
        entry->node = edited_shape_node (old, shape);
      else
        entry->node = new_shape_node (shape);
      g_ptr_array_add (entries, entry);
      _pw_labelme_file_remember (self, entry);
    }

  for (guint i = 0; i < self->entries->len; i++)
    {
      PwLabelmeEntry *old = g_ptr_array_index (self->entries, i);
      PwLabelmeEntry *entry;

      if (old->shape != NULL)
        continue;
      entry = g_new0 (PwLabelmeEntry, 1);
      entry->node = json_node_ref (old->node);
      g_ptr_array_insert (entries, MIN (i, entries->len), entry);
    }

  g_ptr_array_unref (self->entries);
  self->entries = g_steal_pointer (&entries);
}

static JsonNode *
shapes_node (PwLabelmeFile *self)
{
  g_autoptr (JsonArray) array = json_array_sized_new (self->entries->len);
  JsonNode *node = json_node_new (JSON_NODE_ARRAY);

  for (guint i = 0; i < self->entries->len; i++)
    {
      PwLabelmeEntry *entry = g_ptr_array_index (self->entries, i);

      json_array_add_element (array, json_node_ref (entry->node));
    }
  json_node_set_array (node, array);
  return node;
}

/**
 * pw_labelme_file_to_json:
 * @self: a labelme file
 *
 * Returns: (transfer full): the file as labelme reads it: every member it
 *   was read with, in order, with "shapes" as updated
 */
JsonNode *
pw_labelme_file_to_json (PwLabelmeFile *self)
{
  g_autoptr (JsonObject) object = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  g_return_val_if_fail (PW_IS_LABELME_FILE (self), NULL);

  if (self->root != NULL)
    {
      JsonObjectIter iter;
      const char *name;
      JsonNode *member;

      json_object_iter_init_ordered (&iter, json_node_get_object (self->root));
      while (json_object_iter_next_ordered (&iter, &name, &member))
        {
          if (g_str_equal (name, "shapes"))
            json_object_set_member (object, name, shapes_node (self));
          else
            json_object_set_member (object, name, json_node_ref (member));
        }
    }
  else
    {
      json_object_set_string_member (object, "version", LABELME_VERSION);
      json_object_set_object_member (object, "flags", json_object_new ());
      json_object_set_member (object, "shapes", shapes_node (self));
      json_object_set_string_member (object, "imagePath", self->image_path);
      json_object_set_null_member (object, "imageData");
      json_object_set_int_member (object, "imageHeight", self->height);
      json_object_set_int_member (object, "imageWidth", self->width);
    }

  json_node_set_object (node, object);
  return node;
}

/**
 * pw_labelme_file_to_string:
 * @self: a labelme file
 *
 * Returns: (transfer full): the file's text, laid out as labelme writes it
 */
char *
pw_labelme_file_to_string (PwLabelmeFile *self)
{
  g_autoptr (JsonNode) node = NULL;

  g_return_val_if_fail (PW_IS_LABELME_FILE (self), NULL);

  node = pw_labelme_file_to_json (self);
  return pw_json_to_string (node, TRUE);
}

/**
 * pw_labelme_file_save:
 * @self: a labelme file
 * @file: where to write it, usually pw_labelme_file_for_image()
 * @error: return location for a #GError
 *
 * Writes atomically and durably: a crash leaves the old file or the new
 * one, and a full disk is %PW_ERROR_NO_SPACE with the old file intact.
 *
 * Returns: %TRUE on success
 */
gboolean
pw_labelme_file_save (PwLabelmeFile  *self,
                      GFile          *file,
                      GError        **error)
{
  g_autofree char *text = NULL;

  g_return_val_if_fail (PW_IS_LABELME_FILE (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  text = pw_labelme_file_to_string (self);
  return pw_file_write_durably (file, text, strlen (text), error);
}
