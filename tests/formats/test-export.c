/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gstdio.h>
#include <math.h>

#include "piecework-engine.h"
#include "formats/pw-export-private.h"

/* Exporting a labeled folder to COCO, Pascal VOC and YOLO, compared with the
 * hand-written files in data/expected/; a broken labelme file or a label that
 * cannot be written stops the export before it writes anything. */

static GFile *
data_file (const char *first,
           ...)
{
  g_autoptr (GString) path = g_string_new (g_test_get_filename (G_TEST_DIST, "formats", "data", NULL));
  va_list args;

  va_start (args, first);
  for (const char *part = first; part != NULL; part = va_arg (args, const char *))
    {
      g_string_append_c (path, G_DIR_SEPARATOR);
      g_string_append (path, part);
    }
  va_end (args);
  return g_file_new_for_path (path->str);
}

static char *
contents_of (GFile *file)
{
  g_autoptr (GError) error = NULL;
  char *contents = NULL;

  g_file_load_contents (file, NULL, &contents, NULL, NULL, &error);
  g_assert_no_error (error);
  return contents;
}

/* JSON equal in structure and member order, numbers within a rounding
 * error: 10.6 - 0.4 is not exactly 10.2 in binary. */
static void
assert_json_equal (JsonNode   *a,
                   JsonNode   *b,
                   const char *where)
{
  if (JSON_NODE_HOLDS_VALUE (a) && JSON_NODE_HOLDS_VALUE (b)
      && json_node_get_value_type (a) != G_TYPE_STRING
      && json_node_get_value_type (a) != G_TYPE_BOOLEAN)
    {
      if (fabs (json_node_get_double (a) - json_node_get_double (b)) > 1e-9)
        g_error ("%s: %g is not %g", where, json_node_get_double (a), json_node_get_double (b));
      return;
    }

  if (JSON_NODE_TYPE (a) != JSON_NODE_TYPE (b))
    g_error ("%s: the kinds differ", where);

  if (JSON_NODE_HOLDS_ARRAY (a))
    {
      JsonArray *x = json_node_get_array (a), *y = json_node_get_array (b);

      if (json_array_get_length (x) != json_array_get_length (y))
        g_error ("%s: %u items, not %u", where, json_array_get_length (x), json_array_get_length (y));
      for (guint i = 0; i < json_array_get_length (x); i++)
        {
          g_autofree char *inner = g_strdup_printf ("%s[%u]", where, i);

          assert_json_equal (json_array_get_element (x, i), json_array_get_element (y, i), inner);
        }
    }
  else if (JSON_NODE_HOLDS_OBJECT (a))
    {
      JsonObject *x = json_node_get_object (a), *y = json_node_get_object (b);
      g_autoptr (GList) xs = json_object_get_members (x);
      g_autoptr (GList) ys = json_object_get_members (y);

      if (g_list_length (xs) != g_list_length (ys))
        g_error ("%s: %u members, not %u", where, g_list_length (xs), g_list_length (ys));
      for (GList *l = xs; l != NULL; l = l->next)
        {
          g_autofree char *inner = g_strdup_printf ("%s.%s", where, (const char *) l->data);

          if (!json_object_has_member (y, l->data))
            g_error ("%s is missing", inner);
          assert_json_equal (json_object_get_member (x, l->data),
                             json_object_get_member (y, l->data), inner);
        }
    }
  else if (!json_node_equal (a, b))
    g_error ("%s differs", where);
}

typedef struct
{
  guint calls;
  guint last_done;
  guint total;
} Progress;

static void
on_progress (guint    done,
             guint    total,
             gpointer user_data)
{
  Progress *progress = user_data;

  g_assert_cmpuint (done, >, progress->last_done);
  progress->calls++;
  progress->last_done = done;
  progress->total = total;
}

static void
test_export_format_names (void)
{
  g_assert_cmpint (pw_export_format_from_string ("coco"), ==, PW_EXPORT_COCO);
  g_assert_cmpint (pw_export_format_from_string ("VOC"), ==, PW_EXPORT_VOC);
  g_assert_cmpint (pw_export_format_from_string ("yolo"), ==, PW_EXPORT_YOLO);
  g_assert_cmpint (pw_export_format_from_string ("csv"), ==, PW_EXPORT_NONE);
  g_assert_cmpint (pw_export_format_from_string (NULL), ==, PW_EXPORT_NONE);
}

static void
test_export_coco (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("pw-export-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "coco.json", NULL);
  g_autoptr (GFile) output = g_file_new_for_path (path);
  g_autoptr (GFile) folder = data_file ("folder", NULL);
  g_autoptr (GFile) expected_file = data_file ("expected", "coco.json", NULL);
  g_autoptr (JsonNode) written = NULL;
  g_autoptr (JsonNode) expected = NULL;
  Progress progress = { 0, };

  g_assert_true (pw_export_folder (PW_EXPORT_COCO, folder, output, NULL,
                                   on_progress, &progress, &error));
  g_assert_no_error (error);
  /* Four JSON files, one of which is not labelme's. */
  g_assert_cmpuint (progress.total, ==, 4);

  written = pw_json_load_file (output, &error);
  g_assert_no_error (error);
  expected = pw_json_load_file (expected_file, &error);
  g_assert_no_error (error);
  assert_json_equal (written, expected, "coco");

  g_remove (path);
  g_rmdir (dir);
}

static void
compare_folder (GFile      *output,
                const char *expected_dir,
                const char *const *names)
{
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autoptr (GFile) written_file = g_file_get_child (output, names[i]);
      g_autoptr (GFile) expected_file = data_file ("expected", expected_dir, names[i], NULL);
      g_autofree char *written = contents_of (written_file);
      g_autofree char *expected = contents_of (expected_file);

      g_assert_cmpstr (written, ==, expected);
      g_file_delete (written_file, NULL, NULL);
    }
}

static void
test_export_voc_and_yolo (void)
{
  const char *const voc_names[] = { "a.xml", "b.xml", "c.xml", NULL };
  const char *const yolo_names[] = { "a.txt", "b.txt", "c.txt", "classes.txt", NULL };
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("pw-export-XXXXXX", &error);
  g_autoptr (GFile) folder = data_file ("folder", NULL);
  g_autoptr (GFile) voc = g_file_new_build_filename (dir, "voc", NULL);
  g_autoptr (GFile) yolo = g_file_new_build_filename (dir, "out", "yolo", NULL);
  g_autoptr (GFile) out = g_file_new_build_filename (dir, "out", NULL);

  g_assert_true (pw_export_folder (PW_EXPORT_VOC, folder, voc, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  compare_folder (voc, "voc", voc_names);

  g_assert_true (pw_export_folder (PW_EXPORT_YOLO, folder, yolo, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  compare_folder (yolo, "yolo", yolo_names);

  g_file_delete (voc, NULL, NULL);
  g_file_delete (yolo, NULL, NULL);
  g_file_delete (out, NULL, NULL);
  g_rmdir (dir);
}

static void
test_export_errors (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("pw-export-XXXXXX", &error);
  g_autofree char *broken = g_build_filename (dir, "broken.json", NULL);
  g_autoptr (GFile) folder = g_file_new_for_path (dir);
  g_autoptr (GFile) missing = g_file_new_build_filename (dir, "missing", NULL);
  g_autoptr (GFile) output = g_file_new_build_filename (dir, "out", NULL);
  g_autoptr (GFile) data = data_file ("folder", NULL);
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();

  g_assert_false (pw_export_folder (PW_EXPORT_YOLO, missing, output, NULL, NULL, NULL, &error));
  g_assert_error (error, PW_ERROR, PW_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* A broken labelme file stops the export before anything is written. */
  g_assert_true (g_file_set_contents (broken, "{\"shapes\": [], \"imagePath\": \"x.jpg\"}", -1, NULL));
  g_assert_false (pw_export_folder (PW_EXPORT_YOLO, folder, output, NULL, NULL, NULL, &error));
  g_assert_error (error, PW_ERROR, PW_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (error->message, "broken.json"));
  g_assert_nonnull (strstr (error->message, "imageWidth"));
  g_assert_false (g_file_query_exists (output, NULL));
  g_clear_error (&error);

  /* A label with a line break would split a class in two in classes.txt:
   * each format refuses it, naming the file and the label, and writes
   * nothing. */
  g_assert_true (g_file_set_contents (broken,
                                      "{\"imagePath\": \"x.jpg\", \"imageWidth\": 100, "
                                      "\"imageHeight\": 80, \"shapes\": [{\"label\": "
                                      "\"car\\nperson\", \"shape_type\": \"rectangle\", "
                                      "\"points\": [[10, 10], [50, 40]]}]}", -1, NULL));
  for (PwExportFormat format = PW_EXPORT_COCO; format <= PW_EXPORT_YOLO; format++)
    {
      g_assert_false (pw_export_folder (format, folder, output, NULL, NULL, NULL, &error));
      g_assert_error (error, PW_ERROR, PW_ERROR_INVALID_DATA);
      g_assert_nonnull (strstr (error->message, "broken.json"));
      g_assert_nonnull (strstr (error->message, "car\\nperson"));
      g_assert_false (g_file_query_exists (output, NULL));
      g_clear_error (&error);
    }

  g_cancellable_cancel (cancellable);
  g_assert_false (pw_export_folder (PW_EXPORT_COCO, data, output, cancellable, NULL, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (g_file_query_exists (output, NULL));

  g_remove (broken);
  g_rmdir (dir);
}

/* COCO, VOC and YOLO boxes are upright: a turned box goes as the polygon
 * of its corners (COCO's segmentation, VOC's polygon) within its upright
 * bounds, never as the box unturned. */
static void
test_export_turned_box (void)
{
  g_autoptr (PwAnnotation) annotation = pw_annotation_new (640, 480);
  g_autoptr (PwShape) box = pw_shape_new_bbox ("s1", "car", 100, 200, 40, 20);
  g_autoptr (GPtrArray) categories = g_ptr_array_new ();
  g_autoptr (GArray) shapes = NULL;
  PwExportImage image = { (char *) "turned", (char *) "turned.jpg", 640, 480, annotation };
  PwExportShape *exported;
  PwPoint corners[4];
  const PwPoint *points;
  guint n;

  pw_shape_set_rotation (box, 90);
  pw_annotation_add_shape (annotation, box);
  g_ptr_array_add (categories, (gpointer) "car");
  shapes = _pw_export_shapes_of (&image, categories);
  g_assert_cmpuint (shapes->len, ==, 1);
  exported = &g_array_index (shapes, PwExportShape, 0);
  g_assert_cmpint (pw_shape_get_shape_type (exported->shape), ==, PW_SHAPE_POLYGON);
  points = pw_shape_get_points (exported->shape, &n);
  pw_shape_get_corners (box, corners);
  g_assert_cmpuint (n, ==, 4);
  for (guint i = 0; i < 4; i++)
    {
      g_assert_cmpfloat (points[i].x, ==, corners[i].x);
      g_assert_cmpfloat (points[i].y, ==, corners[i].y);
    }
  /* Turned 90° about (120, 210): 20 wide and 40 high. */
  g_assert_cmpfloat_with_epsilon (exported->x0, 110, 1e-9);
  g_assert_cmpfloat_with_epsilon (exported->y0, 190, 1e-9);
  g_assert_cmpfloat_with_epsilon (exported->x1, 130, 1e-9);
  g_assert_cmpfloat_with_epsilon (exported->y1, 230, 1e-9);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/export/format-names", test_export_format_names);
  g_test_add_func ("/export/coco", test_export_coco);
  g_test_add_func ("/export/voc-and-yolo", test_export_voc_and_yolo);
  g_test_add_func ("/export/errors", test_export_errors);
  g_test_add_func ("/export/turned-box", test_export_turned_box);

  return g_test_run ();
}
