/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <math.h>

#include "pw-geometry.h"

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

  /* A turned box is hit where it is drawn: its corners and sides as
   * turned, its inside tested in its own frame. */
  pw_shape_get_rect (shape, &r);
  pw_shape_get_corners (shape, corners);

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

  pw_shape_to_box_frame (shape, &x, &y);
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
