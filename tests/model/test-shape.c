/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include "piecework-engine.h"

/* Tests of a shape: boxes and polygons, their JSON, copies and comparisons. */

static void
test_shape_bbox (void)
{
  g_autoptr (PwShape) box = pw_shape_new_bbox ("s1", "car", 30, 40, -20, -10);
  g_autoptr (PwShape) copy = NULL;
  PwRect rect;

  /* A box drawn up and to the left is the same box. */
  pw_shape_get_rect (box, &rect);
  g_assert_cmpfloat (rect.x, ==, 10);
  g_assert_cmpfloat (rect.y, ==, 30);
  g_assert_cmpfloat (rect.w, ==, 20);
  g_assert_cmpfloat (rect.h, ==, 10);
  g_assert_cmpint (pw_shape_get_shape_type (box), ==, PW_SHAPE_BBOX);

  copy = pw_shape_copy (box);
  g_assert_true (copy != box);
  g_assert_true (pw_shape_equal (box, copy));

  pw_shape_translate (copy, 5, -5);
  g_assert_false (pw_shape_equal (box, copy));
  pw_shape_get_bounds (copy, &rect);
  g_assert_cmpfloat (rect.x, ==, 15);
  g_assert_cmpfloat (rect.y, ==, 25);

  pw_shape_translate (copy, -5, 5);
  g_assert_true (pw_shape_equal (box, copy));
  pw_shape_set_label (copy, "bus");
  g_assert_false (pw_shape_equal (box, copy));
  pw_shape_set_label (copy, "");
  g_assert_null (pw_shape_get_label (copy));
  pw_shape_set_label (copy, "car");
  pw_shape_set_id (copy, "s2");
  g_assert_false (pw_shape_equal (box, copy));
}

static void
test_shape_clamp (void)
{
  g_autoptr (PwShape) box = pw_shape_new_bbox ("s1", NULL, -10, 50, 40, 80);
  const PwPoint points[] = { { -5, 5 }, { 120, 10 }, { 50, 200 } };
  g_autoptr (PwShape) polygon = pw_shape_new_polygon ("s2", NULL, points, 3);
  const PwPoint *clamped;
  PwRect rect;
  guint n;

  pw_shape_clamp_to_image (box, 100, 100);
  pw_shape_get_rect (box, &rect);
  g_assert_cmpfloat (rect.x, ==, 0);
  g_assert_cmpfloat (rect.y, ==, 50);
  g_assert_cmpfloat (rect.w, ==, 30);
  g_assert_cmpfloat (rect.h, ==, 50);

  pw_shape_clamp_to_image (polygon, 100, 100);
  clamped = pw_shape_get_points (polygon, &n);
  g_assert_cmpuint (n, ==, 3);
  g_assert_cmpfloat (clamped[0].x, ==, 0);
  g_assert_cmpfloat (clamped[1].x, ==, 100);
  g_assert_cmpfloat (clamped[2].y, ==, 100);
}

static void
test_shape_polygon_edits (void)
{
  const PwPoint points[] = { { 0, 0 }, { 10, 0 }, { 10, 10 } };
  g_autoptr (PwShape) polygon = pw_shape_new_polygon ("s1", "person", points, 3);
  const PwPoint *now;
  PwRect bounds;
  guint n;

  pw_shape_insert_point (polygon, 3, 0, 10);
  pw_shape_set_point (polygon, 1, 20, 0);
  now = pw_shape_get_points (polygon, &n);
  g_assert_cmpuint (n, ==, 4);
  g_assert_cmpfloat (now[1].x, ==, 20);
  g_assert_cmpfloat (now[3].y, ==, 10);

  pw_shape_get_bounds (polygon, &bounds);
  g_assert_cmpfloat (bounds.x, ==, 0);
  g_assert_cmpfloat (bounds.w, ==, 20);
  g_assert_cmpfloat (bounds.h, ==, 10);

  pw_shape_remove_point (polygon, 0);
  now = pw_shape_get_points (polygon, &n);
  g_assert_cmpuint (n, ==, 3);
  g_assert_cmpfloat (now[0].x, ==, 20);
}

/* A turned box: its corners, bounds and JSON, its own frame, and its
 * outline for formats without turned boxes. */
static void
test_shape_turned (void)
{
  g_autoptr (PwShape) box = pw_shape_new_bbox ("s1", "car", 10, 20, 40, 20);
  g_autoptr (PwShape) copy = NULL;
  g_autoptr (PwShape) read = NULL;
  g_autoptr (PwShape) outline = NULL;
  g_autoptr (JsonNode) json = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;
  const PwPoint *points;
  PwPoint corners[4];
  PwRect bounds;
  double x = 50, y = 20;
  guint n;

  /* Upright, its corners are its rect's, exactly, and it has no
   * "rotation" in JSON. */
  pw_shape_get_corners (box, corners);
  g_assert_cmpfloat (corners[2].x, ==, 50);
  g_assert_cmpfloat (corners[2].y, ==, 40);
  json = pw_shape_to_json (box);
  g_assert_false (json_object_has_member (json_node_get_object (json), "rotation"));
  g_clear_pointer (&json, json_node_unref);

  /* Turned 90° clockwise about its centre (30, 30): the top-left corner
   * goes to the top right, and the box stands 20 wide and 40 high. */
  copy = pw_shape_copy (box);
  pw_shape_set_rotation (copy, 90);
  g_assert_false (pw_shape_equal (box, copy));
  pw_shape_get_corners (copy, corners);
  g_assert_cmpfloat_with_epsilon (corners[0].x, 40, 1e-9);
  g_assert_cmpfloat_with_epsilon (corners[0].y, 10, 1e-9);
  pw_shape_get_bounds (copy, &bounds);
  g_assert_cmpfloat_with_epsilon (bounds.x, 20, 1e-9);
  g_assert_cmpfloat_with_epsilon (bounds.y, 10, 1e-9);
  g_assert_cmpfloat_with_epsilon (bounds.w, 20, 1e-9);
  g_assert_cmpfloat_with_epsilon (bounds.h, 40, 1e-9);

  /* Its own frame and back: the turned top-left corner is the rect's. */
  pw_shape_to_box_frame (copy, &x, &y);
  g_assert_cmpfloat_with_epsilon (x, 20, 1e-9);
  g_assert_cmpfloat_with_epsilon (y, 10, 1e-9);
  x = 40, y = 10;
  pw_shape_to_box_frame (copy, &x, &y);
  g_assert_cmpfloat_with_epsilon (x, 10, 1e-9);
  g_assert_cmpfloat_with_epsilon (y, 20, 1e-9);
  pw_shape_from_box_frame (copy, &x, &y);
  g_assert_cmpfloat_with_epsilon (x, 40, 1e-9);
  g_assert_cmpfloat_with_epsilon (y, 10, 1e-9);

  /* Cutting to the image leaves a turned box whole. */
  pw_shape_clamp_to_image (copy, 35, 35);
  pw_shape_get_rect (copy, &bounds);
  g_assert_cmpfloat (bounds.w, ==, 40);

  /* Its JSON keeps the turn as it was given, and reads back equal. */
  pw_shape_set_rotation (copy, 350.5);
  json = pw_shape_to_json (copy);
  text = pw_json_to_string (json, FALSE);
  g_assert_cmpstr (text, ==, "{\"id\":\"s1\",\"type\":\"bbox\",\"label\":\"car\",\"x\":10.0,\"y\":20.0,"
                             "\"w\":40.0,\"h\":20.0,\"rotation\":350.5}");
  read = pw_shape_new_from_json (json, &error);
  g_assert_no_error (error);
  g_assert_true (pw_shape_equal (read, copy));

  /* Its outline: the polygon of its corners, with its id and label. */
  outline = pw_shape_outline (copy);
  g_assert_cmpint (pw_shape_get_shape_type (outline), ==, PW_SHAPE_POLYGON);
  g_assert_cmpstr (pw_shape_get_id (outline), ==, "s1");
  g_assert_cmpstr (pw_shape_get_label (outline), ==, "car");
  points = pw_shape_get_points (outline, &n);
  pw_shape_get_corners (copy, corners);
  g_assert_cmpuint (n, ==, 4);
  for (guint i = 0; i < 4; i++)
    {
      g_assert_cmpfloat (points[i].x, ==, corners[i].x);
      g_assert_cmpfloat (points[i].y, ==, corners[i].y);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/shape/bbox", test_shape_bbox);
  g_test_add_func ("/shape/clamp", test_shape_clamp);
  g_test_add_func ("/shape/polygon-edits", test_shape_polygon_edits);
  g_test_add_func ("/shape/turned", test_shape_turned);

  return g_test_run ();
}
