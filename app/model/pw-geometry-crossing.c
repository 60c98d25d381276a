/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include "pw-geometry.h"

/* Whether a polygon crosses itself. A polygon from a marketplace's prefill
 * or a labelme file can have thousands of vertices, so the edges are not
 * compared pair by pair: a sweep (Shamos and Hoey) passes over the
 * vertices from left to right, keeps the edges it is inside ordered from
 * bottom to top, and compares only edges that become neighbours in that
 * order. The first place where two edges meet is always found between
 * neighbours, so the answer is the same as comparing every pair, in
 * O(n log n).
 *
 * Exact predicates on doubles, without epsilons: coordinates come from
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

/* Two edges that follow each other share one vertex; they overlap only
 * when their other ends lie on the same ray from it. */
static gboolean
doubles_back (const PwPoint *shared,
              const PwPoint *u,
              const PwPoint *v)
{
  return orientation (shared, u, v) == 0
         && (u->x - shared->x) * (v->x - shared->x) + (u->y - shared->y) * (v->y - shared->y) > 0;
}

/* The sweep meets points from left to right, and from bottom to top on
 * one vertical line, as if the line were turned a hair: so vertical edges
 * need no case of their own. */
static int
compare_points (const PwPoint *a,
                const PwPoint *b)
{
  if (a->x != b->x)
    return a->x < b->x ? -1 : 1;
  if (a->y != b->y)
    return a->y < b->y ? -1 : 1;
  return 0;
}

typedef struct
{
  const PwPoint  *points;
  guint           n;
  GSequenceIter **active;  /* per edge, while the sweep is inside it */
} Sweep;

/* Edge i runs from vertex i to vertex i + 1, the last one back to the first. */
static void
edge_ends (const Sweep    *sweep,
           guint           edge,
           const PwPoint **left,
           const PwPoint **right)
{
  const PwPoint *a = &sweep->points[edge];
  const PwPoint *b = &sweep->points[(edge + 1) % sweep->n];

  if (compare_points (a, b) < 0)
    {
      *left = a;
      *right = b;
    }
  else
    {
      *left = b;
      *right = a;
    }
}

/* Orders two edges the sweep is inside, bottom to top, where the later of
 * their left ends lies: that point is within the other edge's span. Edges
 * that meet there are ordered by where they go next; the sweep stops at
 * such a meeting unless the edges follow each other. */
static int
compare_active (gconstpointer a,
                gconstpointer b,
                gpointer      user_data)
{
  const Sweep *sweep = user_data;
  guint edge_a = GPOINTER_TO_UINT (a);
  guint edge_b = GPOINTER_TO_UINT (b);
  const PwPoint *a_left, *a_right, *b_left, *b_right;
  int o;

  if (edge_a == edge_b)
    return 0;

  edge_ends (sweep, edge_a, &a_left, &a_right);
  edge_ends (sweep, edge_b, &b_left, &b_right);

  if (compare_points (a_left, b_left) >= 0)
    {
      o = orientation (b_left, b_right, a_left);
      if (o == 0)
        o = orientation (b_left, b_right, a_right);
    }
  else
    {
      o = -orientation (a_left, a_right, b_left);
      if (o == 0)
        o = -orientation (a_left, a_right, b_right);
    }

  if (o != 0)
    return o;
  return edge_a < edge_b ? -1 : 1;
}

/* Edges that follow each other were checked by doubles_back(); any other
 * two must not share a point. The lower index goes first, as a check of
 * every pair would pass them. */
static gboolean
edges_meet (const Sweep *sweep,
            guint        edge_a,
            guint        edge_b)
{
  guint n = sweep->n;
  guint i = MIN (edge_a, edge_b);
  guint j = MAX (edge_a, edge_b);

  if (j == i + 1 || (i == 0 && j == n - 1))
    return FALSE;

  return pw_geometry_segments_intersect (&sweep->points[i], &sweep->points[(i + 1) % n],
                                         &sweep->points[j], &sweep->points[(j + 1) % n]);
}

static gboolean
meets_neighbours (const Sweep   *sweep,
                  GSequenceIter *iter)
{
  guint edge = GPOINTER_TO_UINT (g_sequence_get (iter));
  GSequenceIter *above = g_sequence_iter_next (iter);

  if (!g_sequence_iter_is_begin (iter)
      && edges_meet (sweep, edge, GPOINTER_TO_UINT (g_sequence_get (g_sequence_iter_prev (iter)))))
    return TRUE;

  return !g_sequence_iter_is_end (above)
         && edges_meet (sweep, edge, GPOINTER_TO_UINT (g_sequence_get (above)));
}

/* Takes an edge out of the order; its two neighbours become neighbours. */
static gboolean
leave_edge (Sweep *sweep,
            guint  edge)
{
  GSequenceIter *iter = sweep->active[edge];
  GSequenceIter *above = g_sequence_iter_next (iter);
  GSequenceIter *below = g_sequence_iter_is_begin (iter) ? NULL : g_sequence_iter_prev (iter);

  g_sequence_remove (iter);
  sweep->active[edge] = NULL;

  return below != NULL && !g_sequence_iter_is_end (above)
         && edges_meet (sweep, GPOINTER_TO_UINT (g_sequence_get (below)),
                        GPOINTER_TO_UINT (g_sequence_get (above)));
}

static gint
compare_vertices (gconstpointer a,
                  gconstpointer b,
                  gpointer      user_data)
{
  const PwPoint *points = user_data;
  guint i = *(const guint *) a;
  guint j = *(const guint *) b;
  int order = compare_points (&points[i], &points[j]);

  if (order != 0)
    return order;
  return (i > j) - (i < j);
}

static gboolean
sweep_crosses (const PwPoint *points,
               guint          n)
{
  g_autoptr (GArray) order = g_array_sized_new (FALSE, FALSE, sizeof (guint), n);
  g_autoptr (GSequence) status = g_sequence_new (NULL);
  g_autofree GSequenceIter **active = g_new0 (GSequenceIter *, n);
  Sweep sweep = { points, n, active };

  for (guint i = 0; i < n; i++)
    g_array_append_val (order, i);
  g_array_sort_with_data (order, compare_vertices, (gpointer) points);

  /* A vertex met again, not next to itself, touches two edges that do not
   * follow each other. Past this, each point is the end of two edges only. */
  for (guint k = 0; k + 1 < n; k++)
    {
      if (compare_points (&points[g_array_index (order, guint, k)],
                          &points[g_array_index (order, guint, k + 1)]) == 0)
        return TRUE;
    }

  for (guint k = 0; k < n; k++)
    {
      guint v = g_array_index (order, guint, k);
      guint edges[2] = { (v + n - 1) % n, v };

      /* Edges that end here leave before those that start here come in,
       * so an edge that starts here is never compared with one gone. */
      for (guint e = 0; e < 2; e++)
        {
          if (active[edges[e]] != NULL && leave_edge (&sweep, edges[e]))
            return TRUE;
        }

      for (guint e = 0; e < 2; e++)
        {
          const PwPoint *left, *right;

          edge_ends (&sweep, edges[e], &left, &right);
          if (left != &points[v])
            continue;
          active[edges[e]] = g_sequence_insert_sorted (status, GUINT_TO_POINTER (edges[e]),
                                                       compare_active, &sweep);
          if (meets_neighbours (&sweep, active[edges[e]]))
            return TRUE;
        }
    }

  return FALSE;
}

/**
 * pw_geometry_polygon_self_crosses:
 * @points: (array length=n_points): the vertices, the first not repeated
 * @n_points: how many
 *
 * A polygon crosses itself when two edges that do not follow each other
 * share any point (crossing, a vertex touching another edge, or a
 * collinear overlap), or when an edge doubles back along the one before
 * it. Repeated vertices in a row count once. O(n log n) in the vertices,
 * and safe to call from any thread.
 *
 * Returns: %TRUE when the polygon crosses or touches itself
 */
gboolean
pw_geometry_polygon_self_crosses (const PwPoint *points,
                                  guint          n_points)
{
  g_autoptr (GArray) kept = NULL;
  const PwPoint *p;
  guint n;

  g_return_val_if_fail (points != NULL || n_points == 0, FALSE);

  kept = without_repeats (points, n_points);
  p = (const PwPoint *) kept->data;
  n = kept->len;
  if (n < 3)
    return FALSE;

  for (guint i = 0; i < n; i++)
    {
      if (doubles_back (&p[i], &p[(i + n - 1) % n], &p[(i + 1) % n]))
        return TRUE;
    }

  /* In a triangle every two edges follow each other. */
  if (n == 3)
    return FALSE;

  return sweep_crosses (p, n);
}
