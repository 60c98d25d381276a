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

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/shape/bbox", test_shape_bbox);
  g_test_add_func ("/shape/clamp", test_shape_clamp);
  g_test_add_func ("/shape/polygon-edits", test_shape_polygon_edits);

  return g_test_run ();
}
