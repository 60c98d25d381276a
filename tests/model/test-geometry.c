/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include "piecework-engine.h"

#define P(x, y) ((PwPoint) { (x), (y) })

static gboolean
crosses (const PwPoint *points,
         guint          n)
{
  return pw_geometry_polygon_self_crosses (points, n);
}

static void
test_geometry_self_crossing (void)
{
  const PwPoint square[] = { P (0, 0), P (10, 0), P (10, 10), P (0, 10) };
  const PwPoint bow_tie[] = { P (0, 0), P (10, 10), P (10, 0), P (0, 10) };
  const PwPoint concave[] = { P (0, 0), P (10, 0), P (10, 10), P (5, 3), P (0, 10) };
  /* The vertex (5, 0) touches the edge from (0, 0) to (10, 0). */
  const PwPoint touching[] = { P (0, 0), P (10, 0), P (10, 10), P (5, 0), P (0, 10) };
  /* Edges overlapping along y = 0 without crossing anywhere else. */
  const PwPoint collinear_overlap[] = { P (0, 0), P (10, 0), P (10, 5), P (12, 5), P (12, 0),
                                        P (4, 0), P (4, -5), P (0, -5) };
  /* An edge that doubles back along the one before it. */
  const PwPoint spike[] = { P (0, 0), P (10, 0), P (5, 0), P (5, 10) };
  /* Three vertices on one straight edge are fine. */
  const PwPoint straight[] = { P (0, 0), P (5, 0), P (10, 0), P (10, 10), P (0, 10) };
  /* A double click repeats a vertex; that is not a crossing. */
  const PwPoint repeated[] = { P (0, 0), P (10, 0), P (10, 0), P (10, 10), P (0, 10), P (0, 0) };
  const PwPoint triangle[] = { P (0, 0), P (10, 0), P (0, 10) };
  const PwPoint flat_triangle[] = { P (0, 0), P (10, 0), P (5, 0) };

  g_assert_false (crosses (square, G_N_ELEMENTS (square)));
  g_assert_true (crosses (bow_tie, G_N_ELEMENTS (bow_tie)));
  g_assert_false (crosses (concave, G_N_ELEMENTS (concave)));
  g_assert_true (crosses (touching, G_N_ELEMENTS (touching)));
  g_assert_true (crosses (collinear_overlap, G_N_ELEMENTS (collinear_overlap)));
  g_assert_true (crosses (spike, G_N_ELEMENTS (spike)));
  g_assert_false (crosses (straight, G_N_ELEMENTS (straight)));
  g_assert_false (crosses (repeated, G_N_ELEMENTS (repeated)));
  g_assert_false (crosses (triangle, G_N_ELEMENTS (triangle)));
  g_assert_true (crosses (flat_triangle, G_N_ELEMENTS (flat_triangle)));
  g_assert_false (crosses (triangle, 2));
}

static void
test_geometry_segments (void)
{
  PwPoint a = P (0, 0), b = P (10, 0), c = P (5, -5), d = P (5, 5);
  PwPoint e = P (10, 0), f = P (20, 0), g = P (11, 0), h = P (20, 0);
  PwPoint i = P (2, 0), j = P (8, 0);

  g_assert_true (pw_geometry_segments_intersect (&a, &b, &c, &d));
  g_assert_true (pw_geometry_segments_intersect (&a, &b, &e, &f));   /* touch at an end */
  g_assert_false (pw_geometry_segments_intersect (&a, &b, &g, &h));  /* collinear, apart */
  g_assert_true (pw_geometry_segments_intersect (&a, &b, &i, &j));   /* collinear, inside */
  c = P (5, 1);
  g_assert_false (pw_geometry_segments_intersect (&a, &b, &c, &d));

  g_assert_cmpfloat_with_epsilon (pw_geometry_distance_to_segment (5, 3, &a, &b), 3, 1e-9);
  g_assert_cmpfloat_with_epsilon (pw_geometry_distance_to_segment (13, 4, &a, &b), 5, 1e-9);
  g_assert_cmpfloat_with_epsilon (pw_geometry_distance_to_segment (3, 4, &a, &a), 5, 1e-9);
}

static void
test_geometry_area_and_inside (void)
{
  const PwPoint square[] = { P (0, 0), P (10, 0), P (10, 10), P (0, 10) };
  const PwPoint reversed[] = { P (0, 10), P (10, 10), P (10, 0), P (0, 0) };
  const PwPoint triangle[] = { P (0, 0), P (4, 0), P (0, 3) };

  g_assert_cmpfloat (pw_geometry_polygon_area (square, 4), ==, 100);
  g_assert_cmpfloat (pw_geometry_polygon_area (reversed, 4), ==, 100);
  g_assert_cmpfloat (pw_geometry_polygon_area (triangle, 3), ==, 6);

  g_assert_true (pw_geometry_point_in_polygon (square, 4, 5, 5));
  g_assert_false (pw_geometry_point_in_polygon (square, 4, 15, 5));
  g_assert_true (pw_geometry_point_in_polygon (triangle, 3, 1, 1));
  g_assert_false (pw_geometry_point_in_polygon (triangle, 3, 3, 2.5));
}

static void
test_geometry_hit_bbox (void)
{
  g_autoptr (PwShape) box = pw_shape_new_bbox ("s1", "car", 100, 100, 50, 40);
  const struct { double x, y; PwHandle handle; } handles[] = {
    { 100, 100, PW_HANDLE_TOP_LEFT },
    { 125, 101, PW_HANDLE_TOP },
    { 152, 98, PW_HANDLE_TOP_RIGHT },
    { 149, 120, PW_HANDLE_RIGHT },
    { 150, 140, PW_HANDLE_BOTTOM_RIGHT },
    { 110, 142, PW_HANDLE_BOTTOM },
    { 99, 141, PW_HANDLE_BOTTOM_LEFT },
    { 98, 130, PW_HANDLE_LEFT },
  };
  PwHit hit;

  for (guint i = 0; i < G_N_ELEMENTS (handles); i++)
    {
      g_assert_true (pw_geometry_hit_test (box, handles[i].x, handles[i].y, 3, &hit));
      g_assert_cmpint (hit.kind, ==, PW_HIT_HANDLE);
      g_assert_cmpint (hit.handle, ==, handles[i].handle);
    }

  g_assert_true (pw_geometry_hit_test (box, 125, 120, 3, &hit));
  g_assert_cmpint (hit.kind, ==, PW_HIT_INSIDE);

  g_assert_false (pw_geometry_hit_test (box, 160, 120, 3, &hit));
  g_assert_cmpint (hit.kind, ==, PW_HIT_NONE);
  /* The tolerance is what decides. */
  g_assert_true (pw_geometry_hit_test (box, 160, 120, 10, &hit));
  g_assert_cmpint (hit.handle, ==, PW_HANDLE_RIGHT);
}

static void
test_geometry_hit_polygon (void)
{
  const PwPoint points[] = { P (0, 0), P (100, 0), P (100, 100), P (0, 100) };
  g_autoptr (PwShape) polygon = pw_shape_new_polygon ("s2", "person", points, 4);
  PwHit hit;

  g_assert_true (pw_geometry_hit_test (polygon, 101, 99, 4, &hit));
  g_assert_cmpint (hit.kind, ==, PW_HIT_VERTEX);
  g_assert_cmpuint (hit.index, ==, 2);

  g_assert_true (pw_geometry_hit_test (polygon, 50, 2, 4, &hit));
  g_assert_cmpint (hit.kind, ==, PW_HIT_EDGE);
  g_assert_cmpuint (hit.index, ==, 0);

  /* The closing edge, from the last vertex back to the first. */
  g_assert_true (pw_geometry_hit_test (polygon, -1, 50, 4, &hit));
  g_assert_cmpint (hit.kind, ==, PW_HIT_EDGE);
  g_assert_cmpuint (hit.index, ==, 3);

  g_assert_true (pw_geometry_hit_test (polygon, 50, 50, 4, &hit));
  g_assert_cmpint (hit.kind, ==, PW_HIT_INSIDE);

  g_assert_false (pw_geometry_hit_test (polygon, 200, 50, 4, &hit));
}

static void
test_geometry_shape_at (void)
{
  g_autoptr (GPtrArray) shapes = g_ptr_array_new_with_free_func ((GDestroyNotify) pw_shape_unref);
  PwShape *found;
  PwHit hit;

  g_ptr_array_add (shapes, pw_shape_new_bbox ("small", NULL, 40, 40, 20, 20));
  g_ptr_array_add (shapes, pw_shape_new_bbox ("large", NULL, 0, 0, 100, 100));
  g_ptr_array_add (shapes, pw_shape_new_bbox ("top", NULL, 80, 80, 50, 50));

  /* Inside the overlap of large and top: top is drawn last. */
  found = pw_geometry_shape_at (shapes, 90, 90, 2, &hit);
  g_assert_cmpstr (pw_shape_get_id (found), ==, "top");
  g_assert_cmpint (hit.kind, ==, PW_HIT_INSIDE);

  /* The small box's border wins over the large box's inside above it. */
  found = pw_geometry_shape_at (shapes, 40, 50, 2, &hit);
  g_assert_cmpstr (pw_shape_get_id (found), ==, "small");
  g_assert_cmpint (hit.kind, ==, PW_HIT_HANDLE);
  g_assert_cmpint (hit.handle, ==, PW_HANDLE_LEFT);

  found = pw_geometry_shape_at (shapes, 50, 50, 2, &hit);
  g_assert_cmpstr (pw_shape_get_id (found), ==, "large");

  g_assert_null (pw_geometry_shape_at (shapes, 300, 300, 2, &hit));
  g_assert_cmpint (hit.kind, ==, PW_HIT_NONE);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/geometry/self-crossing", test_geometry_self_crossing);
  g_test_add_func ("/geometry/segments", test_geometry_segments);
  g_test_add_func ("/geometry/area-and-inside", test_geometry_area_and_inside);
  g_test_add_func ("/geometry/hit-bbox", test_geometry_hit_bbox);
  g_test_add_func ("/geometry/hit-polygon", test_geometry_hit_polygon);
  g_test_add_func ("/geometry/shape-at", test_geometry_shape_at);

  return g_test_run ();
}
