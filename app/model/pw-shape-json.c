/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "pw-error.h"
#include "pw-json.h"
#include "pw-shape.h"

/* A shape in JSON is one entry of the marketplace's Annotation "shapes":
 * {"id", "type": "bbox", "label", "x", "y", "w", "h"} with "rotation" when
 * the box is turned (degrees clockwise about its centre; absent is 0), or
 * {"id", "type": "polygon", "label", "points": [[x, y], ...]}.
 * The same form goes into stored commands, so a draft reads back whatever
 * wrote it. */

/**
 * pw_shape_to_json:
 * @self: a shape
 *
 * Returns: (transfer full): @self as a marketplace shape object; the label
 *   is left out when there is none
 */
JsonNode *
pw_shape_to_json (const PwShape *self)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  const char *label;

  g_return_val_if_fail (self != NULL, NULL);

  label = pw_shape_get_label (self);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, pw_shape_get_id (self));
  json_builder_set_member_name (builder, "type");

  if (pw_shape_get_shape_type (self) == PW_SHAPE_BBOX)
    {
      PwRect rect;

      pw_shape_get_rect (self, &rect);
      json_builder_add_string_value (builder, "bbox");
      if (label != NULL)
        {
          json_builder_set_member_name (builder, "label");
          json_builder_add_string_value (builder, label);
        }
      json_builder_set_member_name (builder, "x");
      json_builder_add_double_value (builder, rect.x);
      json_builder_set_member_name (builder, "y");
      json_builder_add_double_value (builder, rect.y);
      json_builder_set_member_name (builder, "w");
      json_builder_add_double_value (builder, rect.w);
      json_builder_set_member_name (builder, "h");
      json_builder_add_double_value (builder, rect.h);
      if (pw_shape_get_rotation (self) != 0)
        {
          json_builder_set_member_name (builder, "rotation");
          json_builder_add_double_value (builder, pw_shape_get_rotation (self));
        }
    }
  else
    {
      const PwPoint *points;
      guint n_points;

      points = pw_shape_get_points (self, &n_points);
      json_builder_add_string_value (builder, "polygon");
      if (label != NULL)
        {
          json_builder_set_member_name (builder, "label");
          json_builder_add_string_value (builder, label);
        }
      json_builder_set_member_name (builder, "points");
      json_builder_begin_array (builder);
      for (guint i = 0; i < n_points; i++)
        {
          json_builder_begin_array (builder);
          json_builder_add_double_value (builder, points[i].x);
          json_builder_add_double_value (builder, points[i].y);
          json_builder_end_array (builder);
        }
      json_builder_end_array (builder);
    }

  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static gboolean
read_finite (JsonObject  *object,
             const char  *member,
             const char  *what,
             double      *value,
             GError     **error)
{
  if (!pw_json_member_number (object, member, what, value, error))
    return FALSE;
  if (!isfinite (*value))
    {
      g_set_error (error, PW_ERROR, PW_ERROR_INVALID_DATA,
                   _("%s: the member “%s” is out of range"), what, member);
      return FALSE;
    }
  return TRUE;
}

/**
 * pw_shape_new_from_json:
 * @node: a marketplace shape object
 * @error: return location for a #GError
 *
 * Reads a shape written by pw_shape_to_json() or sent by a marketplace.
 * Geometry that checks would flag (tiny, outside the image) is read as it is;
 * geometry no shape can have (negative sizes, a polygon with no point) is
 * refused.
 *
 * Returns: (transfer full): the shape, or %NULL with %PW_ERROR_INVALID_DATA
 */
PwShape *
pw_shape_new_from_json (JsonNode  *node,
                        GError   **error)
{
  JsonObject *object;
  const char *id;
  const char *type;
  const char *label;
  g_autofree char *what = NULL;

  g_return_val_if_fail (node != NULL, NULL);

  object = pw_json_get_object (node, _("A shape"), error);
  if (object == NULL)
    return NULL;

  if (!pw_json_member_string (object, "id", _("A shape"), FALSE, &id, error))
    return NULL;
  if (*id == '\0')
    {
      g_set_error (error, PW_ERROR, PW_ERROR_INVALID_DATA, _("A shape has an empty id"));
      return NULL;
    }

  /* Translators: %s is the id of a shape, such as “s3” */
  what = g_strdup_printf (_("Shape “%s”"), id);
  if (!pw_json_member_string (object, "type", what, FALSE, &type, error)
      || !pw_json_member_string (object, "label", what, TRUE, &label, error))
    return NULL;

  if (g_str_equal (type, "bbox"))
    {
      double x, y, w, h, rotation = 0;
      JsonNode *turned = json_object_get_member (object, "rotation");
      PwShape *box;

      if (!read_finite (object, "x", what, &x, error)
          || !read_finite (object, "y", what, &y, error)
          || !read_finite (object, "w", what, &w, error)
          || !read_finite (object, "h", what, &h, error))
        return NULL;
      if (turned != NULL && !JSON_NODE_HOLDS_NULL (turned)
          && !read_finite (object, "rotation", what, &rotation, error))
        return NULL;
      if (w < 0 || h < 0)
        {
          g_set_error (error, PW_ERROR, PW_ERROR_INVALID_DATA,
                       _("%s: a box cannot have a negative size"), what);
          return NULL;
        }
      box = pw_shape_new_bbox (id, label, x, y, w, h);
      pw_shape_set_rotation (box, rotation);
      return box;
    }

  if (g_str_equal (type, "polygon"))
    {
      JsonArray *array = pw_json_member_array (object, "points", what, error);
      g_autoptr (GArray) points = NULL;
      guint n;

      if (array == NULL)
        return NULL;
      n = json_array_get_length (array);
      if (n == 0)
        {
          g_set_error (error, PW_ERROR, PW_ERROR_INVALID_DATA,
                       _("%s: a polygon needs points"), what);
          return NULL;
        }

      points = g_array_sized_new (FALSE, FALSE, sizeof (PwPoint), n);
      for (guint i = 0; i < n; i++)
        {
          g_autofree char *point_what = NULL;
          PwPoint p;

          /* Translators: the first %s is “Shape “s3””, %u counts from 1 */
          point_what = g_strdup_printf (_("%s, point %u"), what, i + 1);
          if (!pw_json_node_point (json_array_get_element (array, i), point_what,
                                   &p.x, &p.y, error))
            return NULL;
          g_array_append_val (points, p);
        }
      return pw_shape_new_polygon (id, label, (PwPoint *) points->data, points->len);
    }

  g_set_error (error, PW_ERROR, PW_ERROR_UNSUPPORTED,
               _("%s: the shape type “%s” is not one Piecework can draw"), what, type);
  return NULL;
}
