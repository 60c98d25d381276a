/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include "piecework-engine.h"

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

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/check/finds-each-problem", test_check_finds_each_problem);
  g_test_add_func ("/check/clean", test_check_clean);

  return g_test_run ();
}
