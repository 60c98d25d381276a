/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gstdio.h>
#include <unistd.h>

#include "piecework-engine.h"

/* Reading and writing labelme files of versions 4 and 5 from data/: an
 * untouched file is written back byte for byte, an edit changes only its
 * shapes, a full disk reads as one, and files that are broken, too deep,
 * too large or over the limits are refused by name. */

static char *
read_data (const char *name)
{
  g_autoptr (GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (g_test_get_filename (G_TEST_DIST, "formats", "data", name, NULL),
                       &contents, NULL, &error);
  g_assert_no_error (error);
  return contents;
}

static PwLabelmeFile *
load_data (const char *name)
{
  g_autoptr (GFile) file = g_file_new_for_path (g_test_get_filename (G_TEST_DIST, "formats",
                                                                      "data", name, NULL));
  g_autoptr (GError) error = NULL;
  PwLabelmeFile *labelme = pw_labelme_file_load (file, &error);

  g_assert_no_error (error);
  return labelme;
}

static void
test_labelme_read_v4 (void)
{
  g_autoptr (PwLabelmeFile) labelme = load_data ("v4.json");
  g_autoptr (PwAnnotation) annotation = pw_labelme_file_to_annotation (labelme);
  GPtrArray *shapes = pw_annotation_get_shapes (annotation);
  PwShape *shape;
  const PwPoint *points;
  PwRect rect;
  guint n;

  g_assert_cmpstr (pw_labelme_file_get_image_path (labelme), ==, "v4.jpg");
  g_assert_cmpuint (pw_labelme_file_get_image_width (labelme), ==, 160);
  g_assert_cmpuint (pw_annotation_get_height (annotation), ==, 120);
  g_assert_cmpuint (shapes->len, ==, 2);
  g_assert_cmpuint (pw_labelme_file_get_n_kept_shapes (labelme), ==, 1);

  /* No shape_type: a polygon, as labelme 4 meant it. */
  shape = g_ptr_array_index (shapes, 0);
  g_assert_cmpstr (pw_shape_get_id (shape), ==, "s1");
  g_assert_cmpint (pw_shape_get_shape_type (shape), ==, PW_SHAPE_POLYGON);
  g_assert_cmpstr (pw_shape_get_label (shape), ==, "dog");
  points = pw_shape_get_points (shape, &n);
  g_assert_cmpuint (n, ==, 3);
  g_assert_cmpfloat (points[0].y, ==, 20.25);
  g_assert_cmpfloat (points[2].y, ==, 40.125);

  /* Corners given bottom right first. */
  shape = g_ptr_array_index (shapes, 1);
  g_assert_cmpint (pw_shape_get_shape_type (shape), ==, PW_SHAPE_BBOX);
  pw_shape_get_rect (shape, &rect);
  g_assert_cmpfloat (rect.x, ==, 40);
  g_assert_cmpfloat (rect.y, ==, 10);
  g_assert_cmpfloat (rect.w, ==, 40);
  g_assert_cmpfloat (rect.h, ==, 50);
}

/* Untouched, a file is written back byte for byte; the data files are
 * laid out as labelme writes them. */
static void
test_labelme_unchanged_round_trip (void)
{
  const char *names[] = { "v4.json", "v5.json" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr (PwLabelmeFile) labelme = load_data (names[i]);
      g_autoptr (PwAnnotation) annotation = pw_labelme_file_to_annotation (labelme);
      g_autofree char *original = read_data (names[i]);
      g_autofree char *written = NULL;

      pw_labelme_file_update (labelme, annotation);
      written = pw_labelme_file_to_string (labelme);
      g_assert_cmpstr (written, ==, original);
    }
}

static void
test_labelme_edit_v5 (void)
{
  g_autoptr (PwLabelmeFile) labelme = load_data ("v5.json");
  g_autoptr (PwAnnotation) annotation = pw_labelme_file_to_annotation (labelme);
  g_autoptr (PwShape) car = pw_shape_copy (pw_annotation_lookup_shape (annotation, "s1"));
  g_autoptr (PwShape) person = pw_shape_copy (pw_annotation_lookup_shape (annotation, "s2"));
  g_autoptr (PwShape) bike = NULL;
  g_autofree char *id = pw_annotation_new_shape_id (annotation);
  g_autofree char *expected = read_data ("expected/v5-edited.json");
  g_autofree char *written = NULL;
  g_autofree char *again = NULL;

  g_assert_cmpuint (pw_labelme_file_get_n_kept_shapes (labelme), ==, 1);
  g_assert_cmpstr (pw_shape_get_label (person), ==, "person");

  pw_shape_translate (car, 10, 0);
  pw_annotation_replace_shape (annotation, car);
  pw_shape_set_label (person, "pedestrian");
  pw_annotation_replace_shape (annotation, person);
  pw_annotation_remove_shape (annotation, "s3");
  bike = pw_shape_new_bbox (id, "bike", 5, 5, 10, 20);
  pw_annotation_add_shape (annotation, bike);

  pw_labelme_file_update (labelme, annotation);
  written = pw_labelme_file_to_string (labelme);
  g_assert_cmpstr (written, ==, expected);

  /* Undoing everything gives the file back as it was read. */
  while (pw_annotation_undo (annotation))
    ;
  pw_labelme_file_update (labelme, annotation);
  g_free (written);
  written = pw_labelme_file_to_string (labelme);
  again = read_data ("v5.json");
  g_assert_cmpstr (written, ==, again);
}

static void
test_labelme_relabel_v4 (void)
{
  g_autoptr (PwLabelmeFile) labelme = load_data ("v4.json");
  g_autoptr (PwAnnotation) annotation = pw_labelme_file_to_annotation (labelme);
  g_autoptr (PwShape) dog = pw_shape_copy (pw_annotation_lookup_shape (annotation, "s1"));
  g_autofree char *expected = read_data ("expected/v4-relabeled.json");
  g_autofree char *written = NULL;

  pw_shape_set_label (dog, "wolf");
  pw_annotation_replace_shape (annotation, dog);
  pw_labelme_file_update (labelme, annotation);
  written = pw_labelme_file_to_string (labelme);
  g_assert_cmpstr (written, ==, expected);
}

static void
test_labelme_new_file_and_save (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("pw-labelme-XXXXXX", &error);
  g_autofree char *image_path = g_build_filename (dir, "new.jpg", NULL);
  g_autoptr (GFile) image = g_file_new_for_path (image_path);
  g_autoptr (GFile) json = pw_labelme_file_for_image (image);
  g_autofree char *json_path = g_file_get_path (json);
  g_autoptr (PwLabelmeFile) labelme = pw_labelme_file_new ("new.jpg", 640, 480);
  g_autoptr (PwAnnotation) annotation = pw_labelme_file_to_annotation (labelme);
  g_autoptr (PwLabelmeFile) reread = NULL;
  g_autoptr (PwAnnotation) reread_annotation = NULL;
  const PwPoint points[] = { { 1.5, 2 }, { 30, 2 }, { 15, 40.25 } };
  g_autoptr (PwShape) polygon = pw_shape_new_polygon ("s1", "car", points, 3);
  g_autofree char *expected = read_data ("expected/new.json");
  g_autofree char *written = NULL;
  g_autoptr (GFile) under_file = NULL;

  g_assert_no_error (error);
  g_assert_true (g_str_has_suffix (json_path, G_DIR_SEPARATOR_S "new.json"));

  pw_annotation_add_shape (annotation, polygon);
  pw_labelme_file_update (labelme, annotation);
  g_assert_true (pw_labelme_file_save (labelme, json, &error));
  g_assert_no_error (error);

  g_assert_true (g_file_get_contents (json_path, &written, NULL, NULL));
  g_assert_cmpstr (written, ==, expected);

  reread = pw_labelme_file_load (json, &error);
  g_assert_no_error (error);
  reread_annotation = pw_labelme_file_to_annotation (reread);
  g_assert_true (pw_shape_equal (pw_annotation_lookup_shape (reread_annotation, "s1"), polygon));

  /* A folder that is not there: an error, not a crash. */
  under_file = g_file_new_build_filename (dir, "missing", "x.json", NULL);
  g_assert_false (pw_labelme_file_save (labelme, under_file, &error));
  g_assert_error (error, PW_ERROR, PW_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_remove (json_path);
  g_rmdir (dir);
}

/* labelme has no turned rectangle: a turned box is written as the
 * polygon of its corners, never as the box upright. */
static void
test_labelme_turned_box (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("pw-labelme-XXXXXX", &error);
  g_autofree char *json_path = g_build_filename (dir, "turned.json", NULL);
  g_autoptr (GFile) json = g_file_new_for_path (json_path);
  g_autoptr (PwLabelmeFile) labelme = pw_labelme_file_new ("turned.jpg", 640, 480);
  g_autoptr (PwAnnotation) annotation = pw_labelme_file_to_annotation (labelme);
  g_autoptr (PwLabelmeFile) reread = NULL;
  g_autoptr (PwAnnotation) reread_annotation = NULL;
  g_autoptr (PwShape) box = pw_shape_new_bbox ("s1", "car", 100, 200, 40, 20);
  g_autoptr (PwShape) outline = NULL;
  const PwShape *shape;

  g_assert_no_error (error);
  pw_shape_set_rotation (box, 30);
  pw_annotation_add_shape (annotation, box);
  pw_labelme_file_update (labelme, annotation);
  g_assert_true (pw_labelme_file_save (labelme, json, &error));
  g_assert_no_error (error);

  reread = pw_labelme_file_load (json, &error);
  g_assert_no_error (error);
  reread_annotation = pw_labelme_file_to_annotation (reread);
  shape = pw_annotation_lookup_shape (reread_annotation, "s1");
  g_assert_cmpint (pw_shape_get_shape_type (shape), ==, PW_SHAPE_POLYGON);
  outline = pw_shape_outline (box);
  g_assert_true (pw_shape_equal (shape, outline));

  g_remove (json_path);
  g_rmdir (dir);
}

static void
test_labelme_full_disk_is_no_space (void)
{
  g_autoptr (GError) file_error = g_error_new_literal (G_FILE_ERROR, G_FILE_ERROR_NOSPC, "No space");
  g_autoptr (GError) error = NULL;

  pw_file_error_to_pw (&error, file_error, "a.json");
  g_assert_error (error, PW_ERROR, PW_ERROR_NO_SPACE);
  g_assert_nonnull (strstr (error->message, "a.json"));
}

static void
test_labelme_errors (void)
{
  const struct { const char *name; gint code; const char *mentions; } cases[] = {
    { "malformed.json", PW_ERROR_INVALID_DATA, "malformed.json" },
    { "wrong-type.json", PW_ERROR_INVALID_DATA, "points" },
    { "missing-member.json", PW_ERROR_INVALID_DATA, "imageWidth" },
    { "three-corners.json", PW_ERROR_INVALID_DATA, "shape 1" },
    { "vast-rectangle.json", PW_ERROR_INVALID_DATA, "points" },
    { "no-such-file.json", PW_ERROR_NOT_FOUND, "no-such-file.json" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GFile) file = g_file_new_for_path (g_test_get_filename (G_TEST_DIST, "formats", "data",
                                                                          cases[i].name, NULL));
      g_autoptr (GError) error = NULL;
      g_autoptr (PwLabelmeFile) labelme = pw_labelme_file_load (file, &error);

      g_assert_null (labelme);
      g_assert_error (error, PW_ERROR, cases[i].code);
      g_assert_nonnull (strstr (error->message, cases[i].mentions));
      g_assert_nonnull (strstr (error->message, cases[i].name));
    }
}

static void
test_labelme_deep_and_huge (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("pw-labelme-XXXXXX", &error);
  g_autofree char *deep_path = g_build_filename (dir, "deep.json", NULL);
  g_autofree char *huge_path = g_build_filename (dir, "huge.json", NULL);
  g_autoptr (GFile) deep = g_file_new_for_path (deep_path);
  g_autoptr (GFile) huge = g_file_new_for_path (huge_path);
  g_autoptr (GString) text = g_string_new ("{\"shapes\": ");
  g_autoptr (PwLabelmeFile) labelme = NULL;
  FILE *f;

  for (guint i = 0; i < 100000; i++)
    g_string_append_c (text, '[');
  g_assert_true (g_file_set_contents (deep_path, text->str, text->len, NULL));
  labelme = pw_labelme_file_load (deep, &error);
  g_assert_null (labelme);
  g_assert_error (error, PW_ERROR, PW_ERROR_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, "deep.json"));
  g_clear_error (&error);

  /* A sparse file: refused from its size, before it is read. */
  f = g_fopen (huge_path, "w");
  g_assert_nonnull (f);
  g_assert_cmpint (ftruncate (fileno (f), PW_JSON_MAX_BYTES + 1), ==, 0);
  fclose (f);
  labelme = pw_labelme_file_load (huge, &error);
  g_assert_null (labelme);
  g_assert_error (error, PW_ERROR, PW_ERROR_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, "huge.json"));

  g_remove (deep_path);
  g_remove (huge_path);
  g_rmdir (dir);
}

/* A labelme file over the limits is refused by name, before its points
 * are read: a mask traced into one polygon of 100,000 points (one of 200,000 is
 * already refused by the JSON reader's memory limit). */
static void
test_labelme_over_limits (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("pw-labelme-XXXXXX", &error);
  g_autofree char *points_path = g_build_filename (dir, "mask.json", NULL);
  g_autofree char *shapes_path = g_build_filename (dir, "crowd.json", NULL);
  g_autofree char *count = g_strdup_printf ("%'u", 100000u);
  g_autofree char *max_points = g_strdup_printf ("%'u", (guint) PW_ANNOTATION_MAX_POINTS);
  g_autofree char *max_shapes = g_strdup_printf ("%'u", (guint) PW_ANNOTATION_MAX_SHAPES);
  g_autoptr (GFile) points_file = g_file_new_for_path (points_path);
  g_autoptr (GFile) shapes_file = g_file_new_for_path (shapes_path);
  g_autoptr (GString) text = g_string_new ("{\"version\": \"5.4.1\", \"flags\": {}, \"shapes\": [");
  g_autoptr (PwLabelmeFile) labelme = NULL;

  g_assert_no_error (error);

  g_string_append (text, "{\"label\": \"lake\", \"shape_type\": \"polygon\", \"points\": [");
  for (guint i = 0; i < 100000; i++)
    g_string_append_printf (text, "%s[%u, %u]", i > 0 ? ", " : "", i % 1000, i / 1000);
  g_string_append (text, "]}], \"imagePath\": \"mask.jpg\", \"imageWidth\": 1000, \"imageHeight\": 1000}");
  g_assert_true (g_file_set_contents (points_path, text->str, text->len, NULL));
  labelme = pw_labelme_file_load (points_file, &error);
  g_assert_null (labelme);
  g_assert_error (error, PW_ERROR, PW_ERROR_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, "mask.json"));
  g_assert_nonnull (strstr (error->message, count));
  g_assert_nonnull (strstr (error->message, max_points));
  g_clear_error (&error);

  g_string_assign (text, "{\"shapes\": [");
  for (guint i = 0; i <= PW_ANNOTATION_MAX_SHAPES; i++)
    g_string_append_printf (text, "%s{\"label\": \"person\", \"shape_type\": \"rectangle\","
                            " \"points\": [[%u, 1], [%u, 2]]}", i > 0 ? ", " : "", i % 900, i % 900 + 1);
  g_string_append (text, "], \"imagePath\": \"crowd.jpg\", \"imageWidth\": 1000, \"imageHeight\": 1000}");
  g_assert_true (g_file_set_contents (shapes_path, text->str, text->len, NULL));
  labelme = pw_labelme_file_load (shapes_file, &error);
  g_assert_null (labelme);
  g_assert_error (error, PW_ERROR, PW_ERROR_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, "crowd.json"));
  g_assert_nonnull (strstr (error->message, max_shapes));
  g_clear_error (&error);

  g_remove (points_path);
  g_remove (shapes_path);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/labelme/read-v4", test_labelme_read_v4);
  g_test_add_func ("/labelme/unchanged-round-trip", test_labelme_unchanged_round_trip);
  g_test_add_func ("/labelme/edit-v5", test_labelme_edit_v5);
  g_test_add_func ("/labelme/relabel-v4", test_labelme_relabel_v4);
  g_test_add_func ("/labelme/new-file-and-save", test_labelme_new_file_and_save);
  g_test_add_func ("/labelme/turned-box", test_labelme_turned_box);
  g_test_add_func ("/labelme/full-disk-is-no-space", test_labelme_full_disk_is_no_space);
  g_test_add_func ("/labelme/errors", test_labelme_errors);
  g_test_add_func ("/labelme/deep-and-huge", test_labelme_deep_and_huge);
  g_test_add_func ("/labelme/over-limits", test_labelme_over_limits);

  return g_test_run ();
}
