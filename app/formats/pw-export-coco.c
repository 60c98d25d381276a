/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include "pw-export-private.h"
#include "pw-file-write.h"
#include "pw-geometry.h"
#include "pw-json.h"

/* COCO object detection format: one JSON file with "images",
 * "annotations" and "categories". Ids count from 1 in folder order;
 * category ids from 1 in class order. A box's segmentation is its four
 * corners clockwise from the top left; a polygon's is its points. */

static JsonArray *
numbers (const double *values,
         guint         n)
{
  JsonArray *array = json_array_sized_new (n);

  for (guint i = 0; i < n; i++)
    json_array_add_double_element (array, values[i]);
  return array;
}

static JsonObject *
annotation_object (PwExportShape *export,
                   guint          id,
                   guint          image_id)
{
  JsonObject *object = json_object_new ();
  JsonArray *segmentation = json_array_new ();
  double bbox[4] = { export->x0, export->y0, export->x1 - export->x0, export->y1 - export->y0 };
  double area;

  if (pw_shape_get_shape_type (export->shape) == PW_SHAPE_BBOX)
    {
      double corners[8] = { export->x0, export->y0, export->x1, export->y0,
                            export->x1, export->y1, export->x0, export->y1 };

      json_array_add_array_element (segmentation, numbers (corners, 8));
      area = bbox[2] * bbox[3];
    }
  else
    {
      const PwPoint *points;
      guint n;

      points = pw_shape_get_points (export->shape, &n);
      json_array_add_array_element (segmentation, numbers ((const double *) points, n * 2));
      area = pw_geometry_polygon_area (points, n);
    }

  json_object_set_int_member (object, "id", id);
  json_object_set_int_member (object, "image_id", image_id);
  json_object_set_int_member (object, "category_id", export->category + 1);
  json_object_set_array_member (object, "bbox", numbers (bbox, 4));
  json_object_set_double_member (object, "area", area);
  json_object_set_array_member (object, "segmentation", segmentation);
  json_object_set_int_member (object, "iscrowd", 0);
  return object;
}

/* Writes one COCO file for all @images. */
gboolean
_pw_export_coco (GPtrArray     *images,
                 GPtrArray     *categories,
                 GFile         *output,
                 GCancellable  *cancellable,
                 GError       **error)
{
  g_autoptr (JsonObject) root = json_object_new ();
  g_autoptr (JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  JsonArray *image_array = json_array_new ();
  JsonArray *annotation_array = json_array_new ();
  JsonArray *category_array = json_array_new ();
  g_autofree char *text = NULL;
  guint next_id = 1;

  json_object_set_array_member (root, "images", image_array);
  json_object_set_array_member (root, "annotations", annotation_array);
  json_object_set_array_member (root, "categories", category_array);

  for (guint i = 0; i < images->len; i++)
    {
      PwExportImage *image = g_ptr_array_index (images, i);
      g_autoptr (GArray) shapes = NULL;
      JsonObject *object = json_object_new ();

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;

      json_object_set_int_member (object, "id", i + 1);
      json_object_set_string_member (object, "file_name", image->file_name);
      json_object_set_int_member (object, "width", image->width);
      json_object_set_int_member (object, "height", image->height);
      json_array_add_object_element (image_array, object);

      shapes = _pw_export_shapes_of (image, categories);
      for (guint j = 0; j < shapes->len; j++)
        json_array_add_object_element (annotation_array,
                                       annotation_object (&g_array_index (shapes, PwExportShape, j),
                                                          next_id++, i + 1));
    }

  for (guint i = 0; i < categories->len; i++)
    {
      JsonObject *object = json_object_new ();

      json_object_set_int_member (object, "id", i + 1);
      json_object_set_string_member (object, "name", g_ptr_array_index (categories, i));
      json_object_set_string_member (object, "supercategory", "");
      json_array_add_object_element (category_array, object);
    }

  json_node_set_object (node, root);
  text = pw_json_to_string (node, TRUE);
  return pw_file_write_durably (output, text, strlen (text), error);
}
