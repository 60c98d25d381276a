/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include "pw-cvat-private.h"
#include "pw-json.h"

/* A frame's annotations in CVAT as the prefill of its task: the shapes and
 * tags Piecework shows, in the contract's terms, with what the contract
 * cannot hold kept aside to go back with the frame (see
 * pw-cvat-shapes.c). */

/* A shape's extras, which the contract has no room for. */
static JsonNode *
shape_extras (JsonObject *shape)
{
  /* "points" and "rotation" say what the worker was shown, so a shape
   * sent back unmoved goes back with exactly these numbers. */
  static const char *const names[] = { "label_id", "points", "rotation", "attributes", "z_order",
                                       "occluded", "outside", "group", "source" };
  JsonObject *extras = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
    {
      JsonNode *member = json_object_get_member (shape, names[i]);

      if (member != NULL && !JSON_NODE_HOLDS_NULL (member))
        json_object_set_member (extras, names[i], json_node_copy (member));
    }
  json_node_take_object (node, extras);
  return node;
}

static char *
shape_contract_id (JsonObject *shape,
                   guint       index)
{
  gint64 id = _pw_cvat_member_int (shape, "id", -1);

  if (id >= 0)
    return g_strdup_printf ("s%" G_GINT64_FORMAT, id);
  return g_strdup_printf ("s-%u", index);
}

/**
 * _pw_cvat_prefill:
 * @labels: the job's labels
 * @annotations: the job's LabeledData
 * @frame: the frame's number
 * @width: the frame's width
 * @height: the frame's height
 * @kept: where the extras of each shape shown go, by the contract's id
 *
 * Returns: (transfer full): the contract's Annotation of the frame
 */
JsonNode *
_pw_cvat_prefill (JsonArray  *labels,
                  JsonObject *annotations,
                  gint64      frame,
                  gint64      width,
                  gint64      height,
                  JsonObject *kept)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  JsonArray *shapes = _pw_cvat_member_array (annotations, "shapes");
  JsonArray *tags = _pw_cvat_member_array (annotations, "tags");
  g_autoptr (GHashTable) chosen = g_hash_table_new (g_str_hash, g_str_equal);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "image");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "width");
  json_builder_add_int_value (builder, width);
  json_builder_set_member_name (builder, "height");
  json_builder_add_int_value (builder, height);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "shapes");
  json_builder_begin_array (builder);
  for (guint i = 0; shapes != NULL && i < json_array_get_length (shapes); i++)
    {
      JsonObject *shape = json_array_get_object_element (shapes, i);
      JsonArray *points;
      g_autofree char *id = NULL;
      gint64 label_id;
      const char *label;

      if (shape == NULL || _pw_cvat_member_int (shape, "frame", -1) != frame
          || !_pw_cvat_shape_is_shown (labels, shape))
        continue;
      points = _pw_cvat_member_array (shape, "points");
      label_id = _pw_cvat_member_int (shape, "label_id", -1);
      label = _pw_cvat_member_string (_pw_cvat_label_by_id (labels, label_id), "name");
      id = shape_contract_id (shape, i);
      json_object_set_member (kept, id, shape_extras (shape));

      json_builder_begin_object (builder);
      pw_json_builder_add_string (builder, "id", id);
      if (g_str_equal (_pw_cvat_member_string (shape, "type"), "rectangle"))
        {
          double p[4];

          for (guint j = 0; j < 4; j++)
            _pw_cvat_node_number (json_array_get_element (points, j), &p[j]);
          pw_json_builder_add_string (builder, "type", "bbox");
          pw_json_builder_add_string (builder, "label", label);
          json_builder_set_member_name (builder, "x");
          json_builder_add_double_value (builder, p[0]);
          json_builder_set_member_name (builder, "y");
          json_builder_add_double_value (builder, p[1]);
          json_builder_set_member_name (builder, "w");
          json_builder_add_double_value (builder, p[2] - p[0]);
          json_builder_set_member_name (builder, "h");
          json_builder_add_double_value (builder, p[3] - p[1]);
          if (_pw_cvat_shape_rotation (shape) != 0)
            {
              json_builder_set_member_name (builder, "rotation");
              json_builder_add_double_value (builder, _pw_cvat_shape_rotation (shape));
            }
        }
      else
        {
          pw_json_builder_add_string (builder, "type", "polygon");
          pw_json_builder_add_string (builder, "label", label);
          json_builder_set_member_name (builder, "points");
          json_builder_begin_array (builder);
          for (guint j = 0; j + 1 < json_array_get_length (points); j += 2)
            {
              double x, y;

              _pw_cvat_node_number (json_array_get_element (points, j), &x);
              _pw_cvat_node_number (json_array_get_element (points, j + 1), &y);
              json_builder_begin_array (builder);
              json_builder_add_double_value (builder, x);
              json_builder_add_double_value (builder, y);
              json_builder_end_array (builder);
            }
          json_builder_end_array (builder);
        }
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  if (_pw_cvat_labels_have_tool (labels, "choice"))
    {
      json_builder_set_member_name (builder, "choices");
      json_builder_begin_array (builder);
      for (guint i = 0; tags != NULL && i < json_array_get_length (tags); i++)
        {
          JsonObject *tag = json_array_get_object_element (tags, i);
          gint64 label_id;
          const char *label;
          g_autofree char *key = NULL;

          if (tag == NULL || _pw_cvat_member_int (tag, "frame", -1) != frame
              || !_pw_cvat_tag_is_shown (labels, tag))
            continue;
          label_id = _pw_cvat_member_int (tag, "label_id", -1);
          label = _pw_cvat_member_string (_pw_cvat_label_by_id (labels, label_id), "name");
          if (g_hash_table_contains (chosen, label))
            continue;
          g_hash_table_add (chosen, (gpointer) label);
          key = g_strconcat ("t:", label, NULL);
          json_object_set_member (kept, key, shape_extras (tag));
          json_builder_add_string_value (builder, label);
        }
      json_builder_end_array (builder);
    }
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}
