/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <math.h>

#include "pw-error.h"
#include "pw-export-private.h"
#include "pw-folder-labels.h"
#include "pw-json.h"
#include "pw-label-set.h"
#include "pw-labelme-file.h"

/* Exports read the labelme files of a folder, so a folder labeled in
 * labelme itself exports as well as one labeled in Piecework, and take
 * each image's size from the file's imageWidth and imageHeight.
 *
 * Coordinates are pixels of the image as it is shown, after its EXIF
 * orientation is applied, origin at the top left corner: the same as
 * labelme and Piecework draw in. A tool that reads the exported image
 * without applying the EXIF orientation sees the boxes in the wrong place;
 * docs/formats.md says so to the worker. */

/**
 * pw_export_format_from_string:
 * @name: "coco", "voc", "yolo" or "jsonl"
 *
 * Returns: the format, or %PW_EXPORT_NONE for any other name
 */
PwExportFormat
pw_export_format_from_string (const char *name)
{
  if (name == NULL)
    return PW_EXPORT_NONE;
  if (g_ascii_strcasecmp (name, "coco") == 0)
    return PW_EXPORT_COCO;
  if (g_ascii_strcasecmp (name, "voc") == 0)
    return PW_EXPORT_VOC;
  if (g_ascii_strcasecmp (name, "yolo") == 0)
    return PW_EXPORT_YOLO;
  if (g_ascii_strcasecmp (name, "jsonl") == 0)
    return PW_EXPORT_JSONL;
  return PW_EXPORT_NONE;
}

static void
export_image_free (gpointer data)
{
  PwExportImage *image = data;

  g_free (image->stem);
  g_free (image->file_name);
  g_clear_object (&image->annotation);
  g_free (image);
}

static void
export_shape_clear (gpointer data)
{
  PwExportShape *shape = data;

  g_clear_pointer (&shape->shape, pw_shape_unref);
}

/**
 * _pw_export_format_coord:
 * @value: a coordinate
 *
 * Returns: (transfer full): @value with at most two decimals, trailing
 *   zeros dropped: "12", "40.5", "7.25"
 */
char *
_pw_export_format_coord (double value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  char *end;

  g_ascii_formatd (buf, sizeof buf, "%.2f", value);
  end = buf + strlen (buf) - 1;
  while (*end == '0')
    *end-- = '\0';
  if (*end == '.')
    *end = '\0';
  if (g_str_equal (buf, "-0"))
    return g_strdup ("0");
  return g_strdup (buf);
}

/**
 * _pw_export_shapes_of:
 * @image: an image of the folder
 * @categories: (element-type utf8): the label names, in class order
 *
 * Leaves out shapes without a label and shapes wholly outside the image;
 * cuts the others to the image.
 *
 * Returns: (transfer full) (element-type PwExportShape): the shapes to export
 */
GArray *
_pw_export_shapes_of (PwExportImage *image,
                      GPtrArray     *categories)
{
  GPtrArray *shapes = pw_annotation_get_shapes (image->annotation);
  GArray *out = g_array_new (FALSE, TRUE, sizeof (PwExportShape));

  g_array_set_clear_func (out, export_shape_clear);

  for (guint i = 0; i < shapes->len; i++)
    {
      PwShape *shape = g_ptr_array_index (shapes, i);
      PwExportShape export = { NULL, 0, FALSE, 0, 0, 0, 0 };
      guint category;
      PwRect before, after;

      if (pw_shape_get_label (shape) == NULL
          || !g_ptr_array_find_with_equal_func (categories, pw_shape_get_label (shape),
                                                g_str_equal, &category))
        continue;

      pw_shape_get_bounds (shape, &before);
      /* COCO, VOC and YOLO boxes are upright: a turned box goes as the
       * polygon of its corners (COCO's segmentation; its upright bounds in
       * VOC and YOLO), never as the box unturned. */
      export.shape = pw_shape_get_rotation (shape) != 0 ? pw_shape_outline (shape)
                                                        : pw_shape_copy (shape);
      pw_shape_clamp_to_image (export.shape, image->width, image->height);
      pw_shape_get_bounds (export.shape, &after);
      if (after.w <= 0 || after.h <= 0)
        {
          export_shape_clear (&export);
          continue;
        }

      export.category = category;
      export.truncated = before.x < 0 || before.y < 0
                         || before.x + before.w > image->width
                         || before.y + before.h > image->height;
      export.x0 = after.x;
      export.y0 = after.y;
      export.x1 = after.x + after.w;
      export.y1 = after.y + after.h;
      g_array_append_val (out, export);
    }

  return out;
}

static gboolean
is_labelme (JsonNode *root)
{
  JsonObject *object;
  JsonNode *shapes;

  if (!JSON_NODE_HOLDS_OBJECT (root))
    return FALSE;
  object = json_node_get_object (root);
  shapes = json_object_get_member (object, "shapes");
  return shapes != NULL && JSON_NODE_HOLDS_ARRAY (shapes)
         && json_object_has_member (object, "imagePath");
}

/* The labeled images of @folder in the order a file manager shows them,
 * and the label names in class order: the folder's labels, as the label
 * list shows them (pw-folder-labels.c). */
static gboolean
read_folder (GFile         *folder,
             GFile         *output,
             GPtrArray     *images,
             GPtrArray     *categories,
             GCancellable  *cancellable,
             PwExportProgressFunc progress,
             gpointer       user_data,
             GError       **error)
{
  g_autoptr (GPtrArray) files = NULL;
  g_autoptr (GPtrArray) annotations = g_ptr_array_new ();
  g_autoptr (PwLabelSet) labels = NULL;

  files = pw_folder_labels_list_files (folder, cancellable, error);
  if (files == NULL)
    return FALSE;

  for (guint i = 0; i < files->len; i++)
    {
      GFile *file = g_ptr_array_index (files, i);
      g_autofree char *name = g_file_get_basename (file);
      g_autoptr (JsonNode) root = NULL;
      g_autoptr (PwLabelmeFile) labelme = NULL;
      g_autofree char *what = NULL;
      g_autofree char *path = NULL;
      PwExportImage *image;
      GPtrArray *shapes;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;

      /* An earlier COCO export into the same folder is not an image. */
      if (output != NULL && g_file_equal (file, output))
        continue;

      root = pw_json_load_file (file, error);
      if (root == NULL)
        return FALSE;
      if (!is_labelme (root))
        continue;

      path = g_file_get_parse_name (file);
      what = g_strdup_printf ("“%s”", path);
      labelme = pw_labelme_file_new_from_json (root, what, error);
      if (labelme == NULL)
        return FALSE;

      image = g_new0 (PwExportImage, 1);
      image->stem = g_strndup (name, strlen (name) - strlen (".json"));
      image->file_name = *pw_labelme_file_get_image_path (labelme) != '\0'
                           ? g_path_get_basename (pw_labelme_file_get_image_path (labelme))
                           : g_strdup (image->stem);
      image->width = pw_labelme_file_get_image_width (labelme);
      image->height = pw_labelme_file_get_image_height (labelme);
      image->annotation = pw_labelme_file_to_annotation (labelme);
      g_ptr_array_add (images, image);
      g_ptr_array_add (annotations, image->annotation);

      shapes = pw_annotation_get_shapes (image->annotation);
      for (guint j = 0; j < shapes->len; j++)
        {
          const char *label = pw_shape_get_label (g_ptr_array_index (shapes, j));

          /* classes.txt lists one class a line, and VOC's XML cannot hold
           * most control characters even escaped. */
          if (label != NULL && !pw_label_name_is_valid (label))
            {
              g_autofree char *printable = pw_label_name_printable (label);

              g_set_error (error, PW_ERROR, PW_ERROR_INVALID_DATA,
                           _("%s: the label “%s” holds a line break, a tab or another control "
                             "character; rename it, then export again"), what, printable);
              return FALSE;
            }
        }

      if (progress != NULL)
        progress (i + 1, files->len, user_data);
    }

  labels = pw_folder_labels_new (folder, annotations, error);
  if (labels == NULL)
    return FALSE;
  for (guint i = 0; i < pw_label_set_get_n_labels (labels); i++)
    g_ptr_array_add (categories, g_strdup (pw_label_get_name (pw_label_set_get_label (labels, i))));

  return TRUE;
}

static gboolean
make_folder (GFile   *folder,
             GError **error)
{
  g_autofree char *path = g_file_get_path (folder);
  g_autofree char *name = g_file_get_parse_name (folder);

  if (path == NULL)
    {
      g_set_error (error, PW_ERROR, PW_ERROR_UNSUPPORTED,
                   _("Could not create the folder “%s”: it is not a local folder"), name);
      return FALSE;
    }
  if (g_mkdir_with_parents (path, 0777) != 0)
    {
      int errsv = errno;

      pw_error_from_errno (error, errsv, _("Could not create the folder “%s”"), name);
      return FALSE;
    }
  return TRUE;
}

/**
 * pw_export_folder:
 * @format: what to export to
 * @folder: a folder of images and their labelme JSON files, or for
 *   %PW_EXPORT_JSONL of texts and recordings and their annotation files
 * @output: the COCO or JSON Lines file to write, or the folder for VOC and
 *   YOLO files
 * @cancellable: (nullable): a #GCancellable
 * @progress: (nullable) (scope call): called after each file is read
 * @user_data: data for @progress
 * @error: return location for a #GError
 *
 * Exports every labelme file of @folder, or for %PW_EXPORT_JSONL the
 * annotation of every text and recording that has one beside it (see
 * pw-export-jsonl.c and docs/formats.md). Every file is read before
 * anything is written, so a broken file stops the export with an error
 * naming it and no half export. Files are written atomically.
 *
 * Returns: %TRUE on success
 */
gboolean
pw_export_folder (PwExportFormat         format,
                  GFile                 *folder,
                  GFile                 *output,
                  GCancellable          *cancellable,
                  PwExportProgressFunc   progress,
                  gpointer               user_data,
                  GError               **error)
{
  g_autoptr (GPtrArray) images = g_ptr_array_new_with_free_func (export_image_free);
  g_autoptr (GPtrArray) categories = g_ptr_array_new_with_free_func (g_free);

  g_return_val_if_fail (format != PW_EXPORT_NONE, FALSE);
  g_return_val_if_fail (G_IS_FILE (folder), FALSE);
  g_return_val_if_fail (G_IS_FILE (output), FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);

  if (format == PW_EXPORT_JSONL)
    return _pw_export_jsonl (folder, output, cancellable, progress, user_data, error);

  if (!read_folder (folder, output, images, categories, cancellable, progress, user_data, error))
    return FALSE;

  if (format == PW_EXPORT_COCO)
    return _pw_export_coco (images, categories, output, cancellable, error);

  if (!make_folder (output, error))
    return FALSE;

  if (format == PW_EXPORT_YOLO && !_pw_export_yolo_classes (categories, output, error))
    return FALSE;

  for (guint i = 0; i < images->len; i++)
    {
      PwExportImage *image = g_ptr_array_index (images, i);

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      if (format == PW_EXPORT_VOC
          ? !_pw_export_voc_image (image, categories, output, error)
          : !_pw_export_yolo_image (image, categories, output, error))
        return FALSE;
    }

  return TRUE;
}
