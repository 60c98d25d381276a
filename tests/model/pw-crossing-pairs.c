/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include "pw-crossing-pairs.h"

/* Every pair of edges, as the check was first written: the reference the
 * sweep must agree with. */
gboolean
pw_test_polygon_crosses_pairwise (const PwPoint *points,
                                  guint          n_points)
{
  g_autoptr (GArray) kept = g_array_new (FALSE, FALSE, sizeof (PwPoint));
  const PwPoint *p;
  guint n;

  for (guint i = 0; i < n_points; i++)
    {
      const PwPoint *last = kept->len > 0 ? &g_array_index (kept, PwPoint, kept->len - 1) : NULL;

      if (last == NULL || last->x != points[i].x || last->y != points[i].y)
        g_array_append_val (kept, points[i]);
    }
  while (kept->len > 1
         && g_array_index (kept, PwPoint, 0).x == g_array_index (kept, PwPoint, kept->len - 1).x
         && g_array_index (kept, PwPoint, 0).y == g_array_index (kept, PwPoint, kept->len - 1).y)
    g_array_set_size (kept, kept->len - 1);

  p = (const PwPoint *) kept->data;
  n = kept->len;
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
              const PwPoint *shared = j == i + 1 ? b : a;
              const PwPoint *u = j == i + 1 ? a : b;
              const PwPoint *v = j == i + 1 ? d : c;
              double cross = (u->x - shared->x) * (v->y - shared->y)
                             - (u->y - shared->y) * (v->x - shared->x);

              if (cross == 0
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
