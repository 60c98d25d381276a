/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <math.h>

#include "piecework-engine.h"

/* Tests of the checks made before moving on: each problem found, a clean
 * annotation, checks on a thread, a huge polygon. */

static void
add (PwAnnotation *annotation,
     PwShape      *shape)
{
  pw_annotation_add_shape (annotation, shape);
  pw_shape_unref (shape);
}

static GString *
summary (GPtrArray *problems)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < problems->len; i++)
    {
      PwProblem *problem = g_ptr_array_index (problems, i);

      g_assert_nonnull (problem->reason);
      g_assert_cmpstr (problem->reason, !=, "");
      g_string_append_printf (text, "%s:%s ", problem->shape_id,
                              pw_problem_code_to_string (problem->code));
    }
  return text;
}

static void
test_check_finds_each_problem (void)
{
  g_autoptr (PwAnnotation) annotation = pw_annotation_new (100, 80);
  const PwPoint good[] = { { 10, 10 }, { 50, 10 }, { 30, 40 } };
  const PwPoint bow_tie[] = { { 10, 10 }, { 50, 50 }, { 50, 10 }, { 10, 50 } };
  const PwPoint two[] = { { 10, 10 }, { 50, 10 } };
  const PwPoint outside[] = { { 10, 10 }, { 150, 10 }, { 30, 40 } };
  g_autoptr (GPtrArray) problems = NULL;
  g_autoptr (GString) text = NULL;

  add (annotation, pw_shape_new_bbox ("s1", "car", 10, 10, 20, 20));
  add (annotation, pw_shape_new_bbox ("s2", "car", 10, 10, 1.5, 20));
  add (annotation, pw_shape_new_bbox ("s3", "car", 10, 10, 20, 1.9));
  add (annotation, pw_shape_new_polygon ("s4", "person", good, 3));
  add (annotation, pw_shape_new_polygon ("s5", "person", bow_tie, 4));
  add (annotation, pw_shape_new_polygon ("s6", "person", two, 2));
  add (annotation, pw_shape_new_bbox ("s7", NULL, 10, 10, 20, 20));
  add (annotation, pw_shape_new_bbox ("s8", "car", 90, 70, 20, 5));
  add (annotation, pw_shape_new_polygon ("s9", "person", outside, 3));
  add (annotation, pw_shape_new_bbox ("s10", NULL, -5, 0, 1, 1));
  /* Touching the border is inside. */
  add (annotation, pw_shape_new_bbox ("s11", "car", 0, 0, 100, 80));

  problems = pw_annotation_check (annotation);
  text = summary (problems);
  g_assert_cmpstr (text->str, ==,
                   "s2:too-small s3:too-small s5:self-crossing s6:too-few-points "
                   "s7:no-label s8:outside-image s9:outside-image "
                   "s10:too-small s10:no-label s10:outside-image ");
}

static void
test_check_clean (void)
{
  g_autoptr (PwAnnotation) annotation = pw_annotation_new (100, 80);
  g_autoptr (GPtrArray) problems = NULL;

  problems = pw_annotation_check (annotation);
  g_assert_cmpuint (problems->len, ==, 0);
  g_clear_pointer (&problems, g_ptr_array_unref);

  add (annotation, pw_shape_new_bbox ("s1", "car", 10, 10, 2, 2));
  problems = pw_annotation_check (annotation);
  g_assert_cmpuint (problems->len, ==, 0);
}

static void
on_checked (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static GPtrArray *
check_on_thread (PwAnnotation  *annotation,
                 GCancellable  *cancellable,
                 GError       **error)
{
  g_autoptr (GAsyncResult) result = NULL;

  pw_annotation_check_async (annotation, cancellable, on_checked, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return pw_annotation_check_finish (result, error);
}

/* On a thread, the checks find what they find on the calling one, for the
 * shapes as they were when asked: edits made meanwhile are not seen. */
static void
test_check_on_thread (void)
{
  g_autoptr (PwAnnotation) annotation = pw_annotation_new (100, 80);
  const PwPoint bow_tie[] = { { 10, 10 }, { 50, 50 }, { 50, 10 }, { 10, 50 } };
  g_autoptr (GPtrArray) problems = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (GString) text = NULL;

  add (annotation, pw_shape_new_bbox ("s1", "car", 10, 10, 1, 20));
  add (annotation, pw_shape_new_polygon ("s2", NULL, bow_tie, 4));

  problems = check_on_thread (annotation, NULL, &error);
  g_assert_no_error (error);
  text = summary (problems);
  g_assert_cmpstr (text->str, ==, "s1:too-small s2:self-crossing s2:no-label ");
  g_clear_pointer (&problems, g_ptr_array_unref);
  g_string_free (g_steal_pointer (&text), TRUE);

  pw_annotation_check_async (annotation, NULL, on_checked, &result);
  pw_annotation_remove_shape (annotation, "s2");
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  problems = pw_annotation_check_finish (result, &error);
  g_assert_no_error (error);
  text = summary (problems);
  g_assert_cmpstr (text->str, ==, "s1:too-small s2:self-crossing s2:no-label ");
  g_clear_pointer (&problems, g_ptr_array_unref);

  g_cancellable_cancel (cancellable);
  problems = check_on_thread (annotation, cancellable, &error);
  g_assert_null (problems);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* A polygon of 200,000 points, which a check of every pair of edges
 * would take many minutes over, is checked: no time is asserted, but
 * the test would not finish. */
static void
test_check_huge_polygon (void)
{
  g_autoptr (PwAnnotation) annotation = pw_annotation_new (4000, 3000);
  g_autoptr (GArray) points = g_array_new (FALSE, FALSE, sizeof (PwPoint));
  g_autoptr (GPtrArray) problems = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GString) text = NULL;
  guint n = 200000;

  for (guint i = 0; i < n; i++)
    {
      /* A star: every other point further out. */
      double r = i % 2 == 0 ? 1400 : 1300;
      PwPoint p = { 2000 + r * cos (2 * G_PI * i / n), 1500 + r * sin (2 * G_PI * i / n) };

      g_array_append_val (points, p);
    }
  add (annotation, pw_shape_new_polygon ("s1", "lake", (PwPoint *) points->data, points->len));
  /* A point on the far side pulled across the middle. */
  g_array_index (points, PwPoint, n / 2) = (PwPoint) { 3500, 1500 };
  add (annotation, pw_shape_new_polygon ("s2", "lake", (PwPoint *) points->data, points->len));

  problems = check_on_thread (annotation, NULL, &error);
  g_assert_no_error (error);
  text = summary (problems);
  g_assert_cmpstr (text->str, ==, "s2:self-crossing ");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/check/finds-each-problem", test_check_finds_each_problem);
  g_test_add_func ("/check/clean", test_check_clean);
  g_test_add_func ("/check/on-thread", test_check_on_thread);
  g_test_add_func ("/check/huge-polygon", test_check_huge_polygon);

  return g_test_run ();
}
