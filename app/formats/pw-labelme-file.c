/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "pw-error.h"
#include "pw-file-write.h"
#include "pw-json.h"
#include "pw-labelme-file-private.h"

/* A labelme JSON file, as labelme 4 and 5 write it, held as parsed so that
 * writing it back changes only what the worker changed. Members Piecework
 * does not know (lineColor of labelme 4, a tool's own keys, a shape's
 * group_id, flags, mask...) are written back as they were read, in their
 * order, and a shape keeps its own through edits because it keeps its id.
 * Shapes other than rectangles and polygons (circle, line, point,
 * linestrip) are not shown but are written back where they were.
 *
 * Coordinates are labelme's: pixels of the image as shown after its EXIF
 * orientation, which is also how Piecework places shapes. */

G_DEFINE_FINAL_TYPE (PwLabelmeFile, pw_labelme_file, G_TYPE_OBJECT)

void
_pw_labelme_entry_free (gpointer data)
{
  PwLabelmeEntry *entry = data;

  g_free (entry->id);
  g_clear_pointer (&entry->node, json_node_unref);
  g_clear_pointer (&entry->shape, pw_shape_unref);
  g_free (entry);
}

static void
pw_labelme_file_finalize (GObject *object)
{
  PwLabelmeFile *self = PW_LABELME_FILE (object);

  g_clear_pointer (&self->root, json_node_unref);
  g_clear_pointer (&self->image_path, g_free);
  g_clear_pointer (&self->entries, g_ptr_array_unref);
  g_clear_pointer (&self->known, g_hash_table_unref);

  G_OBJECT_CLASS (pw_labelme_file_parent_class)->finalize (object);
}

static void
pw_labelme_file_class_init (PwLabelmeFileClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pw_labelme_file_finalize;
}

static void
pw_labelme_file_init (PwLabelmeFile *self)
{
  self->entries = g_ptr_array_new_with_free_func (_pw_labelme_entry_free);
  self->known = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, _pw_labelme_entry_free);
}

/* Keeps a copy of @entry, a rectangle or polygon, as the latest of its id. */
void
_pw_labelme_file_remember (PwLabelmeFile  *self,
                           PwLabelmeEntry *entry)
{
  PwLabelmeEntry *copy = g_new0 (PwLabelmeEntry, 1);

  copy->id = g_strdup (entry->id);
  copy->node = json_node_ref (entry->node);
  copy->shape = pw_shape_ref (entry->shape);
  g_hash_table_replace (self->known, copy->id, copy);
}

/**
 * pw_labelme_file_new:
 * @image_path: the image's name as labelme's "imagePath" gives it, relative
 *   to the JSON file
 * @image_width: the oriented image's width
 * @image_height: the oriented image's height
 *
 * Returns: (transfer full): a labelme file with no shapes, for an image
 *   labeled for the first time
 */
PwLabelmeFile *
pw_labelme_file_new (const char *image_path,
                     guint       image_width,
                     guint       image_height)
{
  PwLabelmeFile *self;

  g_return_val_if_fail (image_path != NULL, NULL);

  self = g_object_new (PW_TYPE_LABELME_FILE, NULL);
  self->image_path = g_strdup (image_path);
  self->width = image_width;
  self->height = image_height;
  return self;
}

static PwShape *
read_shape (JsonObject  *object,
            const char  *id,
            const char  *type,
            const char  *label,
            const char  *what,
            GError     **error)
{
  JsonArray *array = pw_json_member_array (object, "points", what, error);
  g_autoptr (GArray) points = NULL;
  guint n;

  if (array == NULL)
    return NULL;

  n = json_array_get_length (array);
  points = g_array_sized_new (FALSE, FALSE, sizeof (PwPoint), n);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *point_what = g_strdup_printf (_("%s, point %u"), what, i + 1);
      PwPoint p;

      if (!pw_json_node_point (json_array_get_element (array, i), point_what, &p.x, &p.y, error))
        return NULL;
      g_array_append_val (points, p);
    }

  if (label != NULL && *label == '\0')
    label = NULL;

  if (g_str_equal (type, "rectangle"))
    {
      const PwPoint *a, *b;

      if (n != 2)
        {
          g_set_error (error, PW_ERROR, PW_ERROR_INVALID_DATA,
                       _("%s: a rectangle needs 2 points, not %u"), what, n);
          return NULL;
        }
      /* Any two opposite corners, in any order. Corners near the ends of
       * the range of a double can be further apart than a double holds: the
       * box would have an infinite size, which no annotation takes. */
      a = &g_array_index (points, PwPoint, 0);
      b = &g_array_index (points, PwPoint, 1);
      if (!isfinite (b->x - a->x) || !isfinite (b->y - a->y))
        {
          g_set_error (error, PW_ERROR, PW_ERROR_INVALID_DATA,
                       _("%s: the member “%s” is out of range"), what, "points");
          return NULL;
        }
      return pw_shape_new_bbox (id, label, MIN (a->x, b->x), MIN (a->y, b->y),
                                ABS (b->x - a->x), ABS (b->y - a->y));
    }

  if (n == 0)
    {
      g_set_error (error, PW_ERROR, PW_ERROR_INVALID_DATA,
                   _("%s: a polygon needs points"), what);
      return NULL;
    }
  return pw_shape_new_polygon (id, label, (const PwPoint *) points->data, n);
}

/**
 * pw_labelme_file_new_from_json:
 * @root: a parsed labelme file
 * @what: the file's name, for messages
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the file, or %NULL with %PW_ERROR_INVALID_DATA
 *   naming @what and the member at fault, or %PW_ERROR_TOO_LARGE naming
 *   @what when it has more shapes, or a shape more points, than Piecework
 *   opens
 */
PwLabelmeFile *
pw_labelme_file_new_from_json (JsonNode    *root,
                               const char  *what,
                               GError     **error)
{
  g_autoptr (PwLabelmeFile) self = NULL;
  JsonObject *object;
  JsonArray *shapes;
  const char *image_path;
  gint64 width, height;
  guint n_supported = 0;

  g_return_val_if_fail (root != NULL, NULL);
  g_return_val_if_fail (what != NULL, NULL);

  object = pw_json_get_object (root, what, error);
  if (object == NULL
      || (shapes = pw_json_member_array (object, "shapes", what, error)) == NULL
      || !pw_json_member_string (object, "imagePath", what, TRUE, &image_path, error)
      || !pw_json_member_int (object, "imageWidth", what, &width, error)
      || !pw_json_member_int (object, "imageHeight", what, &height, error)
      || !pw_annotation_json_within_limits (object, what, error))
    return NULL;

  if (width <= 0 || height <= 0 || width > G_MAXINT || height > G_MAXINT)
    {
      g_set_error (error, PW_ERROR, PW_ERROR_INVALID_DATA,
                   _("%s: the image size %lld×%lld is not possible"),
                   what, (long long) width, (long long) height);
      return NULL;
    }

  self = g_object_new (PW_TYPE_LABELME_FILE, NULL);
  self->root = json_node_ref (root);
  self->image_path = g_strdup (image_path != NULL ? image_path : "");
  self->width = (guint) width;
  self->height = (guint) height;

  for (guint i = 0; i < json_array_get_length (shapes); i++)
    {
      /* Translators: the first %s is a file name, %u counts from 1 */
      g_autofree char *shape_what = g_strdup_printf (_("%s, shape %u"), what, i + 1);
      JsonNode *node = json_array_get_element (shapes, i);
      JsonObject *shape_object = pw_json_get_object (node, shape_what, error);
      PwLabelmeEntry *entry;
      const char *label;
      const char *type;

      if (shape_object == NULL
          || !pw_json_member_string (shape_object, "label", shape_what, TRUE, &label, error)
          || !pw_json_member_string (shape_object, "shape_type", shape_what, TRUE, &type, error))
        return NULL;

      /* labelme 3 and early 4 wrote no shape_type: every shape was a polygon. */
      if (type == NULL)
        type = "polygon";

      entry = g_new0 (PwLabelmeEntry, 1);
      entry->node = json_node_ref (node);
      g_ptr_array_add (self->entries, entry);

      if (!g_str_equal (type, "rectangle") && !g_str_equal (type, "polygon"))
        continue;

      entry->id = g_strdup_printf ("s%u", ++n_supported);
      entry->shape = read_shape (shape_object, entry->id, type, label, shape_what, error);
      if (entry->shape == NULL)
        return NULL;
      _pw_labelme_file_remember (self, entry);
    }

  return g_steal_pointer (&self);
}

/**
 * pw_labelme_file_load:
 * @file: a labelme JSON file
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the file, or %NULL with %PW_ERROR_TOO_LARGE,
 *   %PW_ERROR_INVALID_DATA, %PW_ERROR_NOT_FOUND or %PW_ERROR_IO
 */
PwLabelmeFile *
pw_labelme_file_load (GFile   *file,
                      GError **error)
{
  g_autoptr (JsonNode) root = NULL;
  g_autofree char *name = NULL;
  g_autofree char *what = NULL;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  root = pw_json_load_file (file, error);
  if (root == NULL)
    return NULL;

  name = g_file_get_parse_name (file);
  what = g_strdup_printf ("“%s”", name);
  return pw_labelme_file_new_from_json (root, what, error);
}

/**
 * pw_labelme_file_for_image:
 * @image: an image file
 *
 * Returns: (transfer full): where labelme keeps the image's shapes: beside
 *   it, named after it with ".json" instead of its extension
 */
GFile *
pw_labelme_file_for_image (GFile *image)
{
  g_autoptr (GFile) parent = NULL;
  g_autofree char *basename = NULL;
  g_autofree char *json_name = NULL;
  char *dot;

  g_return_val_if_fail (G_IS_FILE (image), NULL);

  parent = g_file_get_parent (image);
  basename = g_file_get_basename (image);
  dot = strrchr (basename, '.');
  if (dot != NULL && dot != basename)
    *dot = '\0';
  json_name = g_strconcat (basename, ".json", NULL);
  return parent != NULL ? g_file_get_child (parent, json_name) : g_file_new_for_path (json_name);
}

const char *
pw_labelme_file_get_image_path (PwLabelmeFile *self)
{
  g_return_val_if_fail (PW_IS_LABELME_FILE (self), NULL);
  return self->image_path;
}

guint
pw_labelme_file_get_image_width (PwLabelmeFile *self)
{
  g_return_val_if_fail (PW_IS_LABELME_FILE (self), 0);
  return self->width;
}

guint
pw_labelme_file_get_image_height (PwLabelmeFile *self)
{
  g_return_val_if_fail (PW_IS_LABELME_FILE (self), 0);
  return self->height;
}

/**
 * pw_labelme_file_get_n_kept_shapes:
 * @self: a labelme file
 *
 * Returns: how many shapes of kinds Piecework does not draw the file holds;
 *   they are written back untouched
 */
guint
pw_labelme_file_get_n_kept_shapes (PwLabelmeFile *self)
{
  guint n = 0;

  g_return_val_if_fail (PW_IS_LABELME_FILE (self), 0);

  for (guint i = 0; i < self->entries->len; i++)
    {
      if (((PwLabelmeEntry *) g_ptr_array_index (self->entries, i))->shape == NULL)
        n++;
    }
  return n;
}

/**
 * pw_labelme_file_to_annotation:
 * @self: a labelme file
 *
 * Returns: (transfer full): a new annotation holding the file's rectangles
 *   and polygons, with ids "s1", "s2"... in file order and no history
 */
PwAnnotation *
pw_labelme_file_to_annotation (PwLabelmeFile *self)
{
  g_autoptr (JsonObject) root = json_object_new ();
  g_autoptr (JsonObject) image = json_object_new ();
  g_autoptr (JsonArray) shapes = json_array_new ();
  g_autoptr (JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autoptr (GError) error = NULL;
  PwAnnotation *annotation;

  g_return_val_if_fail (PW_IS_LABELME_FILE (self), NULL);

  for (guint i = 0; i < self->entries->len; i++)
    {
      PwLabelmeEntry *entry = g_ptr_array_index (self->entries, i);

      if (entry->shape != NULL)
        json_array_add_element (shapes, pw_shape_to_json (entry->shape));
    }

  json_object_set_int_member (image, "width", self->width);
  json_object_set_int_member (image, "height", self->height);
  json_object_set_object_member (root, "image", g_steal_pointer (&image));
  json_object_set_array_member (root, "shapes", g_steal_pointer (&shapes));
  json_node_set_object (node, root);

  /* Shapes were read with unique ids and a size checked above. */
  annotation = pw_annotation_new_from_json (node, &error);
  g_assert_no_error (error);
  return annotation;
}
