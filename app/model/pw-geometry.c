/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <math.h>

#include "pw-geometry.h"

/* Exact predicates on doubles, without epsilons: coordinates come from
 * pointer positions and files, and a tolerance here would call a polygon
 * valid that the marketplace's own check refuses. */

static int
orientation (const PwPoint *a,
             const PwPoint *b,
             const PwPoint *c)
{
  double cross = (b->x - a->x) * (c->y - a->y) - (b->y - a->y) * (c->x - a->x);

  return (cross > 0) - (cross < 0);
}

/* c is collinear with a-b: is it within the segment? */
static gboolean
within_segment (const PwPoint *a,
                const PwPoint *b,
                const PwPoint *c)
{
  return c->x >= MIN (a->x, b->x) && c->x <= MAX (a->x, b->x)
         && c->y >= MIN (a->y, b->y) && c->y <= MAX (a->y, b->y);
}

/**
 * pw_geometry_segments_intersect:
 * @a: the first segment's start
 * @b: the first segment's end
 * @c: the second segment's start
 * @d: the second segment's end
 *
 * Returns: %TRUE when the closed segments a-b and c-d share any point:
 *   they cross, touch, or overlap along a line
 */
gboolean
pw_geometry_segments_intersect (const PwPoint *a,
                                const PwPoint *b,
                                const PwPoint *c,
                                const PwPoint *d)
{
  int o1 = orientation (a, b, c);
  int o2 = orientation (a, b, d);
  int o3 = orientation (c, d, a);
  int o4 = orientation (c, d, b);

  if (o1 * o2 < 0 && o3 * o4 < 0)
    return TRUE;

  return (o1 == 0 && within_segment (a, b, c))
         || (o2 == 0 && within_segment (a, b, d))
         || (o3 == 0 && within_segment (c, d, a))
         || (o4 == 0 && within_segment (c, d, b));
}

/**
 * pw_geometry_point_in_polygon:
 * @points: (array length=n_points): the vertices
 * @n_points: how many
 * @x: the point's x
 * @y: the point's y
 *
 * Even-odd rule, so the hole of a polygon that winds twice is outside.
 *
 * Returns: %TRUE when (@x, @y) is inside
 */
gboolean
pw_geometry_point_in_polygon (const PwPoint *points,
                              guint          n_points,
                              double         x,
                              double         y)
{
  gboolean inside = FALSE;

  for (guint i = 0, j = n_points - 1; i < n_points; j = i++)
    {
      const PwPoint *p = &points[i];
      const PwPoint *q = &points[j];

      if ((p->y > y) != (q->y > y)
          && x < (q->x - p->x) * (y - p->y) / (q->y - p->y) + p->x)
        inside = !inside;
    }

  return inside;
}

/**
 * pw_geometry_distance_to_segment:
 * @x: the point's x
 * @y: the point's y
 * @a: the segment's start
 * @b: the segment's end
 *
 * Returns: the distance from (@x, @y) to the nearest point of a-b
 */
double
pw_geometry_distance_to_segment (double         x,
                                 double         y,
                                 const PwPoint *a,
                                 const PwPoint *b)
{
  double dx = b->x - a->x;
  double dy = b->y - a->y;
  double length2 = dx * dx + dy * dy;
  double t = 0;

  if (length2 > 0)
    t = CLAMP (((x - a->x) * dx + (y - a->y) * dy) / length2, 0, 1);

  return hypot (x - (a->x + t * dx), y - (a->y + t * dy));
}

/* Consecutive repeated vertices (a double click) make zero-length edges
 * that would touch their neighbours' neighbours; they are not crossings. */
static GArray *
without_repeats (const PwPoint *points,
                 guint          n_points)
{
  GArray *kept = g_array_sized_new (FALSE, FALSE, sizeof (PwPoint), n_points);

  for (guint i = 0; i < n_points; i++)
    {
      const PwPoint *last = kept->len > 0 ? &g_array_index (kept, PwPoint, kept->len - 1) : NULL;

      if (last == NULL || last->x != points[i].x || last->y != points[i].y)
        g_array_append_val (kept, points[i]);
    }

  while (kept->len > 1)
    {
      PwPoint *first = &g_array_index (kept, PwPoint, 0);
      PwPoint *last = &g_array_index (kept, PwPoint, kept->len - 1);

      if (first->x != last->x || first->y != last->y)
        break;
      g_array_set_size (kept, kept->len - 1);
    }

  return kept;
}

/**
 * pw_geometry_polygon_self_crosses:
 * @points: (array length=n_points): the vertices, the first not repeated
 * @n_points: how many
 *
 * A polygon crosses itself when two edges that do not follow each other
 * share any point (crossing, a vertex touching another edge, or a
 * collinear overlap), or when an edge doubles back along the one before
 * it. Quadratic in the vertices, which is fine for hand-drawn polygons.
 *
 * Returns: %TRUE when the polygon crosses or touches itself
 */
gboolean
pw_geometry_polygon_self_crosses (const PwPoint *points,
                                  guint          n_points)
{
  g_autoptr (GArray) kept = without_repeats (points, n_points);
  const PwPoint *p = (const PwPoint *) kept->data;
  guint n = kept->len;

  if (n < 3)
    return FALSE;

  for (guint i = 0; i < n; i++)
    {
      for (guint j = i + 1; j < n; j++)
        {
          const PwPoint *a = &p[i], *b = &p[(i + 1) % n];
          const PwPoint *c = &p[j], *d = &p[(j + 1) % n];

          if (j == i + 1 || (i == 0 && j == n - 1))
            {
              /* Adjacent edges share one vertex; they overlap only when
               * the two other ends lie on the same ray from it. */
              const PwPoint *shared = j == i + 1 ? b : a;
              const PwPoint *u = j == i + 1 ? a : b;
              const PwPoint *v = j == i + 1 ? d : c;

              if (orientation (shared, u, v) == 0
                  && (u->x - shared->x) * (v->x - shared->x)
                     + (u->y - shared->y) * (v->y - shared->y) > 0)
                return TRUE;
              continue;
            }

          if (pw_geometry_segments_intersect (a, b, c, d))
            return TRUE;
        }
    }

  return FALSE;
}

/**
 * pw_geometry_polygon_area:
 * @points: (array length=n_points): the vertices
 * @n_points: how many
 *
 * Returns: the area enclosed, never negative, whichever way the polygon winds
 */
double
pw_geometry_polygon_area (const PwPoint *points,
                          guint          n_points)
{
  double twice = 0;

  for (guint i = 0, j = n_points - 1; i < n_points; j = i++)
    twice += points[j].x * points[i].y - points[i].x * points[j].y;

  return fabs (twice) / 2;
}

static gboolean
hit_bbox (const PwShape *shape,
          double         x,
          double         y,
          double         tolerance,
          PwHit         *hit)
{
  PwRect r;
  PwPoint corners[4];
  double best = G_MAXDOUBLE;

  pw_shape_get_rect (shape, &r);
  corners[0] = (PwPoint) { r.x, r.y };
  corners[1] = (PwPoint) { r.x + r.w, r.y };
  corners[2] = (PwPoint) { r.x + r.w, r.y + r.h };
  corners[3] = (PwPoint) { r.x, r.y + r.h };

  /* Corners before edges, and the nearest of each, so a small box can
   * still be resized by the corner the pointer is closest to. Handles are
   * even-numbered for corners: TOP_LEFT, TOP_RIGHT, BOTTOM_RIGHT, ... */
  for (guint i = 0; i < 4; i++)
    {
      double d = hypot (x - corners[i].x, y - corners[i].y);

      if (d <= tolerance && d < best)
        {
          best = d;
          *hit = (PwHit) { PW_HIT_HANDLE, (PwHandle) (i * 2), 0 };
        }
    }
  if (best <= tolerance)
    return TRUE;

  for (guint i = 0; i < 4; i++)
    {
      double d = pw_geometry_distance_to_segment (x, y, &corners[i], &corners[(i + 1) % 4]);

      if (d <= tolerance && d < best)
        {
          best = d;
          *hit = (PwHit) { PW_HIT_HANDLE, (PwHandle) (i * 2 + 1), 0 };
        }
    }
  if (best <= tolerance)
    return TRUE;

  if (x >= r.x && x <= r.x + r.w && y >= r.y && y <= r.y + r.h)
    {
      *hit = (PwHit) { PW_HIT_INSIDE, 0, 0 };
      return TRUE;
    }

  return FALSE;
}

static gboolean
hit_polygon (const PwShape *shape,
             double         x,
             double         y,
             double         tolerance,
             PwHit         *hit)
{
  const PwPoint *p;
  guint n;
  double best = G_MAXDOUBLE;

  p = pw_shape_get_points (shape, &n);

  for (guint i = 0; i < n; i++)
    {
      double d = hypot (x - p[i].x, y - p[i].y);

      if (d <= tolerance && d < best)
        {
          best = d;
          *hit = (PwHit) { PW_HIT_VERTEX, 0, i };
        }
    }
  if (best <= tolerance)
    return TRUE;

  for (guint i = 0; n >= 2 && i < n; i++)
    {
      double d = pw_geometry_distance_to_segment (x, y, &p[i], &p[(i + 1) % n]);

      if (d <= tolerance && d < best)
        {
          best = d;
          *hit = (PwHit) { PW_HIT_EDGE, 0, i };
        }
    }
  if (best <= tolerance)
    return TRUE;

  if (n >= 3 && pw_geometry_point_in_polygon (p, n, x, y))
    {
      *hit = (PwHit) { PW_HIT_INSIDE, 0, 0 };
      return TRUE;
    }

  return FALSE;
}

/**
 * pw_geometry_hit_test:
 * @shape: a shape
 * @x: the pointer's x in image pixels
 * @y: the pointer's y in image pixels
 * @tolerance: how far from a handle, vertex or edge still counts, in image
 *   pixels (the canvas divides its screen tolerance by the zoom)
 * @hit: (out): what was hit
 *
 * Handles and vertices win over edges, edges over the inside. A box's edge
 * handle covers its whole edge, not only the middle.
 *
 * Returns: %TRUE when something of @shape was hit
 */
gboolean
pw_geometry_hit_test (const PwShape *shape,
                      double         x,
                      double         y,
                      double         tolerance,
                      PwHit         *hit)
{
  PwHit local = { PW_HIT_NONE, 0, 0 };
  gboolean found;

  g_return_val_if_fail (shape != NULL, FALSE);

  if (pw_shape_get_shape_type (shape) == PW_SHAPE_BBOX)
    found = hit_bbox (shape, x, y, tolerance, &local);
  else
    found = hit_polygon (shape, x, y, tolerance, &local);

  if (hit != NULL)
    *hit = local;
  return found;
}

/**
 * pw_geometry_shape_at:
 * @shapes: (element-type PwShape): shapes, drawn first to last
 * @x: the pointer's x in image pixels
 * @y: the pointer's y in image pixels
 * @tolerance: see pw_geometry_hit_test()
 * @hit: (out) (optional): what was hit
 *
 * Finds the topmost shape whose handle, vertex or edge is under the
 * pointer; failing that, the topmost whose inside is. So a small box
 * drawn inside a large one stays reachable by its border.
 *
 * Returns: (transfer none) (nullable): the shape, or %NULL
 */
PwShape *
pw_geometry_shape_at (GPtrArray *shapes,
                      double     x,
                      double     y,
                      double     tolerance,
                      PwHit     *hit)
{
  PwShape *inside = NULL;
  PwHit inside_hit = { PW_HIT_NONE, 0, 0 };

  g_return_val_if_fail (shapes != NULL, NULL);

  for (guint i = shapes->len; i > 0; i--)
    {
      PwShape *shape = g_ptr_array_index (shapes, i - 1);
      PwHit local;

      if (!pw_geometry_hit_test (shape, x, y, tolerance, &local))
        continue;
      if (local.kind != PW_HIT_INSIDE)
        {
          if (hit != NULL)
            *hit = local;
          return shape;
        }
      if (inside == NULL)
        {
          inside = shape;
          inside_hit = local;
        }
    }

  if (hit != NULL)
    *hit = inside_hit;
  return inside;
}
