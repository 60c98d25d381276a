/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <math.h>
#include <string.h>

#include "piecework-engine.h"
#include "pw-crossing-pairs.h"

/* Tests of the geometry: self-crossing (the sweep against the pairwise
 * test), segments, areas, and hit tests on boxes and polygons. */

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
compare_with_pairwise (const PwPoint *points,
                       guint          n,
                       guint         *n_crossing)
{
  gboolean expected = pw_test_polygon_crosses_pairwise (points, n);

  if (crosses (points, n) != expected)
    {
      g_autoptr (GString) text = g_string_new (NULL);

      for (guint i = 0; i < n; i++)
        g_string_append_printf (text, " (%g, %g)", points[i].x, points[i].y);
      g_error ("The sweep says %s, every pair says %s:%s",
               expected ? "no" : "yes", expected ? "yes" : "no", text->str);
    }
  if (expected)
    (*n_crossing)++;
}

static int
compare_angles (gconstpointer a,
                gconstpointer b,
                gpointer      user_data)
{
  const PwPoint *centre = user_data;
  const PwPoint *p = a, *q = b;
  double angle_p = atan2 (p->y - centre->y, p->x - centre->x);
  double angle_q = atan2 (q->y - centre->y, q->x - centre->x);

  return (angle_p > angle_q) - (angle_p < angle_q);
}

/* Small polygons on a coarse grid, where repeated points, collinear and
 * vertical edges and vertices on edges are common; and star-shaped ones,
 * most of which do not cross, some with a vertex repeated. The same seed
 * every run, so a failure repeats. */
static void
test_geometry_sweep_matches_pairs (void)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (20261128);
  PwPoint points[24];
  guint n_crossing = 0, n_polygons = 0;

  for (guint round = 0; round < 60000; round++, n_polygons++)
    {
      guint n = g_rand_int_range (rand, 3, 11);
      int grid = round % 3 == 0 ? 3 : round % 3 == 1 ? 5 : 12;

      for (guint i = 0; i < n; i++)
        points[i] = P (g_rand_int_range (rand, 0, grid), g_rand_int_range (rand, 0, grid));
      compare_with_pairwise (points, n, &n_crossing);
    }

  for (guint round = 0; round < 30000; round++, n_polygons++)
    {
      guint n = g_rand_int_range (rand, 3, 17);
      int grid = round % 2 == 0 ? 6 : 20;
      PwPoint centre = P (grid / 2 + 0.5, grid / 2 + 0.25);

      for (guint i = 0; i < n; i++)
        points[i] = P (g_rand_int_range (rand, 0, grid + 1), g_rand_int_range (rand, 0, grid + 1));
      g_qsort_with_data (points, n, sizeof (PwPoint), compare_angles, &centre);
      /* Now and then a double click, or the first point again at the end. */
      if (round % 5 == 0)
        {
          guint at = g_rand_int_range (rand, 0, n);

          memmove (&points[at + 1], &points[at], (n - at) * sizeof (PwPoint));
          n++;
        }
      if (round % 7 == 0)
        points[n++] = points[0];
      compare_with_pairwise (points, n, &n_crossing);
    }

  /* Both answers were asked often enough to mean something. */
  g_assert_cmpuint (n_crossing, >, n_polygons / 10);
  g_assert_cmpuint (n_crossing, <, n_polygons * 9 / 10);
}

/* A comb whose n / 4 teeth point right: the sweep is inside half of the
 * edges at once. With @crossing, two vertices of a tooth in the middle
 * trade places and its edges cross. */
static GArray *
make_comb (guint    n_teeth,
           gboolean crossing)
{
  GArray *points = g_array_new (FALSE, FALSE, sizeof (PwPoint));
  PwPoint p;

  for (guint i = 0; i < n_teeth; i++)
    {
      double y = 2.0 * i;

      p = P (0, y);
      g_array_append_val (points, p);
      p = P (1000, y);
      g_array_append_val (points, p);
      p = P (1000, y + 1);
      g_array_append_val (points, p);
      p = P (0, y + 1);
      g_array_append_val (points, p);
    }
  p = P (-1, 2.0 * n_teeth - 1);
  g_array_append_val (points, p);
  p = P (-1, 0);
  g_array_append_val (points, p);

  if (crossing)
    {
      guint at = (n_teeth / 2) * 4 + 1;
      PwPoint swap = g_array_index (points, PwPoint, at);

      g_array_index (points, PwPoint, at) = g_array_index (points, PwPoint, at + 1);
      g_array_index (points, PwPoint, at + 1) = swap;
    }
  return points;
}

/* A staircase of vertical and horizontal edges, closed by a box below
 * and to the right of it. With @touching, the last vertex lies on the
 * staircase's first riser. */
static GArray *
make_staircase (guint    n_steps,
                gboolean touching)
{
  GArray *points = g_array_new (FALSE, FALSE, sizeof (PwPoint));
  PwPoint p;

  for (guint i = 0; i < n_steps; i++)
    {
      p = P (i, i);
      g_array_append_val (points, p);
      p = P (i + 1, i);
      g_array_append_val (points, p);
    }
  p = P (n_steps, n_steps);
  g_array_append_val (points, p);
  p = P (n_steps + 1, n_steps);
  g_array_append_val (points, p);
  p = P (n_steps + 1, -1);
  g_array_append_val (points, p);
  p = touching ? P (1, 0.5) : P (0, -1);
  g_array_append_val (points, p);
  return points;
}

/* A prefill or labelme polygon can have a great many vertices; checking
 * every pair of 200,000 edges would take minutes. */
static void
test_geometry_self_crossing_large (void)
{
  const guint sizes[] = { 5000, 50000 };

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autoptr (GArray) comb = make_comb (sizes[i], FALSE);
      g_autoptr (GArray) crossed = make_comb (sizes[i], TRUE);
      g_autoptr (GArray) stairs = make_staircase (sizes[i] * 2, FALSE);
      g_autoptr (GArray) touching = make_staircase (sizes[i] * 2, TRUE);

      g_assert_cmpuint (comb->len, ==, sizes[i] * 4 + 2);
      g_assert_false (crosses ((PwPoint *) comb->data, comb->len));
      g_assert_true (crosses ((PwPoint *) crossed->data, crossed->len));
      g_assert_false (crosses ((PwPoint *) stairs->data, stairs->len));
      g_assert_true (crosses ((PwPoint *) touching->data, touching->len));
    }
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
  g_test_add_func ("/geometry/sweep-matches-pairs", test_geometry_sweep_matches_pairs);
  g_test_add_func ("/geometry/self-crossing-large", test_geometry_self_crossing_large);
  g_test_add_func ("/geometry/segments", test_geometry_segments);
  g_test_add_func ("/geometry/area-and-inside", test_geometry_area_and_inside);
  g_test_add_func ("/geometry/hit-bbox", test_geometry_hit_bbox);
  g_test_add_func ("/geometry/hit-polygon", test_geometry_hit_polygon);
  g_test_add_func ("/geometry/shape-at", test_geometry_shape_at);

  return g_test_run ();
}
