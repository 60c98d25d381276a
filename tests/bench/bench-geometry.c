/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <locale.h>
#include <math.h>
#include <stdio.h>

#include "piecework-engine.h"
#include "model/pw-crossing-pairs.h"

/* What the self-crossing check costs on polygons of 20,000 to a million
 * points, as a traced mask in a labelme file or a prefill brings them: a
 * star, which the sweep crosses two edges at a time, and a comb, whose
 * teeth it is inside of all at once. And the checks before moving on, on
 * the canvas benchmark's busy image of 5,000 polygons of 20 points; and,
 * at 20,000 points, against every pair of edges, as the check was first
 * written. Figures are printed, never checked. */

static GArray *
make_star (guint n)
{
  GArray *points = g_array_sized_new (FALSE, FALSE, sizeof (PwPoint), n);

  for (guint i = 0; i < n; i++)
    {
      double r = i % 2 == 0 ? 1400 : 1300;
      PwPoint p = { 2000 + r * cos (2 * G_PI * i / n), 1500 + r * sin (2 * G_PI * i / n) };

      g_array_append_val (points, p);
    }
  return points;
}

static GArray *
make_comb (guint n)
{
  GArray *points = g_array_sized_new (FALSE, FALSE, sizeof (PwPoint), n);
  guint n_teeth = (n - 2) / 4;
  PwPoint p;

  for (guint i = 0; i < n_teeth; i++)
    {
      p = (PwPoint) { 0, 2.0 * i };
      g_array_append_val (points, p);
      p = (PwPoint) { 3000, 2.0 * i };
      g_array_append_val (points, p);
      p = (PwPoint) { 3000, 2.0 * i + 1 };
      g_array_append_val (points, p);
      p = (PwPoint) { 0, 2.0 * i + 1 };
      g_array_append_val (points, p);
    }
  p = (PwPoint) { -1, 2.0 * n_teeth - 1 };
  g_array_append_val (points, p);
  p = (PwPoint) { -1, 0 };
  g_array_append_val (points, p);
  return points;
}

static double
time_crossing (GArray   *points,
               gboolean *crosses)
{
  gint64 start = g_get_monotonic_time ();

  *crosses = pw_geometry_polygon_self_crosses ((PwPoint *) points->data, points->len);
  return (g_get_monotonic_time () - start) / 1000.0;
}

static void
bench_busy_image (void)
{
  g_autoptr (PwAnnotation) annotation = pw_annotation_new (4000, 3000);
  g_autoptr (GPtrArray) problems = NULL;
  gint64 start;

  for (guint i = 0; i < 5000; i++)
    {
      g_autofree char *id = g_strdup_printf ("s%u", i + 1);
      PwPoint points[20];
      g_autoptr (PwShape) shape = NULL;
      double cx = 50 + (i % 70) * 55, cy = 50 + (i / 70) * 40;

      for (guint j = 0; j < 20; j++)
        points[j] = (PwPoint) { cx + 20 * cos (2 * G_PI * j / 20), cy + 15 * sin (2 * G_PI * j / 20) };
      shape = pw_shape_new_polygon (id, "car", points, 20);
      pw_annotation_add_shape (annotation, shape);
    }

  start = g_get_monotonic_time ();
  problems = pw_annotation_check (annotation);
  printf ("checks, 5,000 polygons of 20 points: %.1f ms, %u problems\n",
          (g_get_monotonic_time () - start) / 1000.0, problems->len);
}

int
main (int   argc,
      char *argv[])
{
  const guint sizes[] = { 20000, 200000, 1000000 };

  setlocale (LC_ALL, "");

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autoptr (GArray) star = make_star (sizes[i]);
      g_autoptr (GArray) comb = make_comb (sizes[i]);
      gboolean star_crosses, comb_crosses;
      double star_ms = time_crossing (star, &star_crosses);
      double comb_ms = time_crossing (comb, &comb_crosses);

      g_assert_false (star_crosses);
      g_assert_false (comb_crosses);
      printf ("self-crossing, %'u points: star %.1f ms, comb %.1f ms\n", sizes[i], star_ms, comb_ms);
    }

  {
    g_autoptr (GArray) star = make_star (sizes[0]);
    gboolean sweep_crosses;
    double sweep_ms = time_crossing (star, &sweep_crosses);
    gint64 start = g_get_monotonic_time ();
    gboolean pairs_crosses = pw_test_polygon_crosses_pairwise ((PwPoint *) star->data, star->len);
    double pairs_ms = (g_get_monotonic_time () - start) / 1000.0;

    g_assert_true (sweep_crosses == pairs_crosses);
    printf ("self-crossing, %'u points, sweep against every pair: %.1f ms against %.1f ms, "
            "%.4f of the time\n", sizes[0], sweep_ms, pairs_ms, sweep_ms / pairs_ms);
  }

  bench_busy_image ();
  return 0;
}
