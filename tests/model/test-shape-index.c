/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include "piecework-engine.h"
#include "pw-shape-index.h"

/* The shape index against the plain answer: every shape whose bounds meet
 * a rectangle, in the annotation's order, after any edit. */

#define WIDTH 1000
#define HEIGHT 700

/* The shapes of @annotation that meet @area, looking at every one. */
static GPtrArray *
query_all (PwAnnotation *annotation,
           const PwRect *area)
{
  GPtrArray *shapes = pw_annotation_get_shapes (annotation);
  GPtrArray *found = g_ptr_array_new ();

  for (guint i = 0; i < shapes->len; i++)
    {
      PwShape *shape = g_ptr_array_index (shapes, i);
      PwRect b;

      pw_shape_get_bounds (shape, &b);
      if (b.x <= area->x + area->w && b.x + b.w >= area->x
          && b.y <= area->y + area->h && b.y + b.h >= area->y)
        g_ptr_array_add (found, shape);
    }
  return found;
}

static void
random_rect (GRand  *rand,
             PwRect *rect)
{
  /* Some areas reach past the image, as a view with a margin does. */
  rect->x = g_rand_double_range (rand, -100, WIDTH);
  rect->y = g_rand_double_range (rand, -100, HEIGHT);
  rect->w = g_rand_double_range (rand, 0, g_rand_boolean (rand) ? 60 : 600);
  rect->h = g_rand_double_range (rand, 0, g_rand_boolean (rand) ? 60 : 600);
}

static PwShape *
random_shape (GRand      *rand,
              const char *id)
{
  double cx = g_rand_double_range (rand, 0, WIDTH);
  double cy = g_rand_double_range (rand, 0, HEIGHT);
  double size = g_rand_double_range (rand, 1, g_rand_int_range (rand, 0, 10) == 0 ? 400 : 40);

  if (g_rand_boolean (rand))
    return pw_shape_new_bbox (id, "car", cx, cy, cx + size, cy + size * 0.7);
  else
    {
      PwPoint points[] = { { cx, cy - size }, { cx + size, cy }, { cx, cy + size / 2 },
                           { cx - size, cy + 3 } };

      return pw_shape_new_polygon (id, "person", points, G_N_ELEMENTS (points));
    }
}

/* The index answers as looking at every shape does, for many areas. */
static void
assert_index_matches (PwShapeIndex *index,
                      PwAnnotation *annotation,
                      GRand        *rand)
{
  GPtrArray *shapes = pw_annotation_get_shapes (annotation);

  g_assert_cmpuint (pw_shape_index_get_n_shapes (index), ==, shapes->len);
  for (guint i = 0; i < shapes->len; i++)
    {
      PwShape *shape = g_ptr_array_index (shapes, i);
      PwRect expected, bounds;

      pw_shape_get_bounds (shape, &expected);
      g_assert_true (pw_shape_index_get_bounds (index, pw_shape_get_id (shape), &bounds));
      g_assert_cmpmem (&bounds, sizeof bounds, &expected, sizeof expected);
    }

  for (int i = 0; i < 200; i++)
    {
      PwRect area;
      g_autoptr (GPtrArray) expected = NULL;
      g_autoptr (GPtrArray) found = NULL;

      random_rect (rand, &area);
      expected = query_all (annotation, &area);
      found = pw_shape_index_query (index, &area);
      g_assert_cmpuint (found->len, ==, expected->len);
      for (guint j = 0; j < found->len; j++)
        g_assert_true (g_ptr_array_index (found, j) == g_ptr_array_index (expected, j));
    }
}

static void
on_changed (PwShapeIndex       *index,
            PwAnnotationChange  change,
            const char         *shape_id,
            PwAnnotation       *annotation)
{
  pw_shape_index_update (index, pw_annotation_get_shapes (annotation), shape_id);
}

static void
test_shape_index_query (void)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (7);
  g_autoptr (PwAnnotation) annotation = pw_annotation_new (WIDTH, HEIGHT);
  g_autoptr (PwShapeIndex) index = pw_shape_index_new (WIDTH, HEIGHT);
  g_autoptr (GPtrArray) none = NULL;
  g_autoptr (GPtrArray) edge = NULL;
  PwRect far = { 5000, 5000, 10, 10 };
  PwRect touching = { 230, 300, 10, 10 };

  for (int i = 0; i < 500; i++)
    {
      g_autofree char *id = pw_annotation_new_shape_id (annotation);
      g_autoptr (PwShape) shape = random_shape (rand, id);

      pw_annotation_add_shape (annotation, shape);
    }
  {
    /* One shape just outside the image, one whose edge the area touches. */
    g_autoptr (PwShape) outside = pw_shape_new_bbox ("outside", NULL, -50, -40, -20, -10);
    g_autoptr (PwShape) box = pw_shape_new_bbox ("touched", NULL, 200, 200, 230, 300);

    pw_annotation_add_shape (annotation, outside);
    pw_annotation_add_shape (annotation, box);
  }
  pw_shape_index_set_shapes (index, pw_annotation_get_shapes (annotation));
  assert_index_matches (index, annotation, rand);

  none = pw_shape_index_query (index, &far);
  g_assert_cmpuint (none->len, ==, 0);
  edge = pw_shape_index_query (index, &touching);
  g_assert_true (g_ptr_array_find (edge, pw_annotation_lookup_shape (annotation, "touched"), NULL));
  {
    PwRect corner = { -60, -60, 15, 25 };
    g_autoptr (GPtrArray) outside = pw_shape_index_query (index, &corner);

    g_assert_true (g_ptr_array_find (outside, pw_annotation_lookup_shape (annotation, "outside"),
                                     NULL));
  }
}

static void
test_shape_index_edits (void)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (11);
  g_autoptr (PwAnnotation) annotation = pw_annotation_new (WIDTH, HEIGHT);
  g_autoptr (PwShapeIndex) index = pw_shape_index_new (WIDTH, HEIGHT);

  g_signal_connect_swapped (annotation, "changed", G_CALLBACK (on_changed), index);
  for (int i = 0; i < 200; i++)
    {
      g_autofree char *id = pw_annotation_new_shape_id (annotation);
      g_autoptr (PwShape) shape = random_shape (rand, id);

      pw_annotation_add_shape (annotation, shape);
    }
  assert_index_matches (index, annotation, rand);

  /* Moves far across the image, removals, and undoing them, which puts
   * shapes back in the middle of the order. */
  for (int step = 0; step < 60; step++)
    {
      GPtrArray *shapes = pw_annotation_get_shapes (annotation);
      PwShape *shape = g_ptr_array_index (shapes, g_rand_int_range (rand, 0, shapes->len));

      switch (step % 4)
        {
        case 0:
        case 1:
          {
            g_autoptr (PwShape) moved = pw_shape_copy (shape);

            pw_shape_translate (moved, g_rand_double_range (rand, -400, 400),
                                g_rand_double_range (rand, -300, 300));
            pw_annotation_replace_shape (annotation, moved);
          }
          break;
        case 2:
          pw_annotation_remove_shape (annotation, pw_shape_get_id (shape));
          break;
        default:
          if (g_rand_boolean (rand))
            pw_annotation_undo (annotation);
          break;
        }
      assert_index_matches (index, annotation, rand);
    }

  g_signal_handlers_disconnect_by_func (annotation, on_changed, index);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/shape-index/query", test_shape_index_query);
  g_test_add_func ("/shape-index/edits", test_shape_index_edits);

  return g_test_run ();
}
