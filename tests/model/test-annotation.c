/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <math.h>
#include <string.h>

#include "piecework-engine.h"

/* Tests of the annotation's shapes: adding, removing, replacing, undo and
 * redo, and its JSON. */

typedef struct
{
  GString *changes;
  GPtrArray *committed;
  guint committed_position;
  guint position;
  guint position_signals;
} Recorder;

static void
on_changed (PwAnnotation       *annotation,
            PwAnnotationChange  change,
            const char         *shape_id,
            Recorder           *recorder)
{
  static const char *const names[] = { "+", "-", "~" };

  g_string_append_printf (recorder->changes, "%s%s ", names[change], shape_id);
}

static void
on_command_committed (PwAnnotation *annotation,
                      PwCommand    *command,
                      guint         position,
                      Recorder     *recorder)
{
  g_ptr_array_add (recorder->committed, pw_command_ref (command));
  recorder->committed_position = position;
}

static void
on_position_changed (PwAnnotation *annotation,
                     guint         position,
                     Recorder     *recorder)
{
  recorder->position = position;
  recorder->position_signals++;
}

static PwAnnotation *
annotation_with_recorder (Recorder *recorder)
{
  PwAnnotation *annotation = pw_annotation_new (640, 480);

  recorder->changes = g_string_new (NULL);
  recorder->committed = g_ptr_array_new_with_free_func ((GDestroyNotify) pw_command_unref);
  g_signal_connect (annotation, "changed", G_CALLBACK (on_changed), recorder);
  g_signal_connect (annotation, "command-committed", G_CALLBACK (on_command_committed), recorder);
  g_signal_connect (annotation, "position-changed", G_CALLBACK (on_position_changed), recorder);
  return annotation;
}

static void
recorder_clear (Recorder *recorder)
{
  g_string_free (recorder->changes, TRUE);
  g_ptr_array_unref (recorder->committed);
}

static void
test_annotation_edits_and_signals (void)
{
  Recorder recorder = { 0, };
  g_autoptr (PwAnnotation) annotation = annotation_with_recorder (&recorder);
  g_autofree char *id = pw_annotation_new_shape_id (annotation);
  g_autoptr (PwShape) box = pw_shape_new_bbox (id, "car", 10, 10, 20, 20);
  g_autoptr (PwShape) moved = NULL;
  PwShape *held;

  g_object_add_weak_pointer (G_OBJECT (annotation), (gpointer *) &annotation);
  g_assert_cmpstr (id, ==, "s1");
  g_assert_false (pw_annotation_can_undo (annotation));

  pw_annotation_add_shape (annotation, box);
  g_assert_cmpuint (pw_annotation_get_shapes (annotation)->len, ==, 1);
  g_assert_cmpstr (recorder.changes->str, ==, "+s1 ");
  g_assert_cmpuint (recorder.committed->len, ==, 1);
  g_assert_cmpuint (recorder.committed_position, ==, 1);
  g_assert_true (pw_annotation_can_undo (annotation));

  /* The annotation holds its own copy: changing ours changes nothing. */
  held = pw_annotation_lookup_shape (annotation, "s1");
  g_assert_true (held != box);
  pw_shape_translate (box, 100, 100);
  g_assert_false (pw_shape_equal (held, box));

  moved = pw_shape_copy (held);
  pw_shape_translate (moved, 5, 0);
  pw_annotation_replace_shape (annotation, moved);
  g_assert_cmpstr (recorder.changes->str, ==, "+s1 ~s1 ");
  g_assert_cmpint (pw_command_get_kind (g_ptr_array_index (recorder.committed, 1)), ==,
                   PW_COMMAND_REPLACE);

  /* Replacing a shape by an equal one is no edit. */
  pw_annotation_replace_shape (annotation, moved);
  g_assert_cmpuint (recorder.committed->len, ==, 2);

  g_free (id);
  id = pw_annotation_new_shape_id (annotation);
  g_assert_cmpstr (id, ==, "s2");

  pw_annotation_remove_shape (annotation, "s1");
  g_assert_null (pw_annotation_lookup_shape (annotation, "s1"));
  g_assert_cmpuint (recorder.committed_position, ==, 3);

  g_assert_true (pw_annotation_undo (annotation));
  g_assert_cmpuint (recorder.position, ==, 2);
  g_assert_nonnull (pw_annotation_lookup_shape (annotation, "s1"));
  g_assert_true (pw_annotation_redo (annotation));
  g_assert_cmpuint (recorder.position, ==, 3);
  g_assert_false (pw_annotation_redo (annotation));
  g_assert_cmpuint (recorder.position_signals, ==, 2);
  g_assert_cmpstr (recorder.changes->str, ==, "+s1 ~s1 -s1 +s1 -s1 ");

  /* Ids are not reused after a delete, so a stored command never
   * confuses two shapes. */
  g_free (id);
  id = pw_annotation_new_shape_id (annotation);
  g_assert_cmpstr (id, ==, "s2");

  g_clear_object (&annotation);
  g_assert_null (annotation);
  recorder_clear (&recorder);
}

static void
test_annotation_paste_is_one_step (void)
{
  Recorder recorder = { 0, };
  g_autoptr (PwAnnotation) annotation = annotation_with_recorder (&recorder);
  g_autoptr (GPtrArray) previous = g_ptr_array_new_with_free_func ((GDestroyNotify) pw_shape_unref);
  g_autoptr (PwShape) mine = pw_shape_new_bbox ("s1", "car", 0, 0, 10, 10);
  GPtrArray *shapes;
  PwRect rect;

  pw_annotation_add_shape (annotation, mine);
  g_ptr_array_add (previous, pw_shape_new_bbox ("s1", "bus", 600, 400, 100, 100));
  g_ptr_array_add (previous, pw_shape_new_bbox ("s2", "car", 5, 5, 10, 10));

  pw_annotation_paste_shapes (annotation, previous);
  shapes = pw_annotation_get_shapes (annotation);
  g_assert_cmpuint (shapes->len, ==, 3);
  g_assert_cmpstr (pw_shape_get_id (g_ptr_array_index (shapes, 1)), ==, "s2");
  g_assert_cmpstr (pw_shape_get_id (g_ptr_array_index (shapes, 2)), ==, "s3");
  /* Cut to this image, which is smaller. */
  pw_shape_get_rect (g_ptr_array_index (shapes, 1), &rect);
  g_assert_cmpfloat (rect.w, ==, 40);
  g_assert_cmpfloat (rect.h, ==, 80);

  g_assert_cmpuint (recorder.committed->len, ==, 2);
  g_assert_cmpint (pw_command_get_kind (g_ptr_array_index (recorder.committed, 1)), ==,
                   PW_COMMAND_BATCH);

  pw_annotation_undo (annotation);
  g_assert_cmpuint (shapes->len, ==, 1);
  pw_annotation_redo (annotation);
  g_assert_cmpuint (shapes->len, ==, 3);

  recorder_clear (&recorder);
}

static void
test_annotation_batch_rolls_back (void)
{
  g_autoptr (PwAnnotation) annotation = pw_annotation_new (100, 100);
  g_autoptr (GPtrArray) commands = g_ptr_array_new_with_free_func ((GDestroyNotify) pw_command_unref);
  g_autoptr (PwShape) a = pw_shape_new_bbox ("s1", "car", 0, 0, 10, 10);
  g_autoptr (PwShape) b = pw_shape_new_bbox ("s2", "car", 20, 20, 10, 10);
  g_autoptr (PwShape) stranger = pw_shape_new_bbox ("s9", "car", 0, 0, 1, 1);
  g_autoptr (GError) error = NULL;

  g_ptr_array_add (commands, pw_command_new_add (a, PW_COMMAND_APPEND));
  g_ptr_array_add (commands, pw_command_new_add (b, 0));
  /* Removing a shape that is not there fails the whole batch. */
  g_ptr_array_add (commands, pw_command_new_remove (stranger, 0));

  g_assert_false (pw_annotation_apply_batch (annotation, commands, &error));
  g_assert_error (error, PW_ERROR, PW_ERROR_INVALID_DATA);
  g_assert_cmpuint (pw_annotation_get_shapes (annotation)->len, ==, 0);
  g_assert_false (pw_annotation_can_undo (annotation));

  g_ptr_array_set_size (commands, 2);
  g_clear_error (&error);
  g_assert_true (pw_annotation_apply_batch (annotation, commands, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (pw_shape_get_id (g_ptr_array_index (pw_annotation_get_shapes (annotation), 0)),
                   ==, "s2");
  g_assert_cmpuint (pw_annotation_get_n_commands (annotation), ==, 1);
}

/* An Annotation with @n_shapes polygons, the first of @n_points points. */
static JsonNode *
annotation_json (guint n_shapes,
                 guint n_points)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "image");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "width");
  json_builder_add_int_value (builder, 100);
  json_builder_set_member_name (builder, "height");
  json_builder_add_int_value (builder, 100);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "shapes");
  json_builder_begin_array (builder);
  for (guint i = 0; i < n_shapes; i++)
    {
      g_autofree char *id = g_strdup_printf ("a%u", i);
      guint n = i == 0 ? n_points : 3;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, id);
      json_builder_set_member_name (builder, "type");
      json_builder_add_string_value (builder, "polygon");
      json_builder_set_member_name (builder, "points");
      json_builder_begin_array (builder);
      for (guint j = 0; j < n; j++)
        {
          json_builder_begin_array (builder);
          json_builder_add_double_value (builder, 50 + 40 * cos (2 * G_PI * j / n));
          json_builder_add_double_value (builder, 50 + 40 * sin (2 * G_PI * j / n));
          json_builder_end_array (builder);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/* What comes from outside is refused over the limits, with a message that
 * says which and how many; at the limits it opens. */
static void
test_annotation_limits (void)
{
  g_autofree char *max_points = g_strdup_printf ("%'u", (guint) PW_ANNOTATION_MAX_POINTS);
  g_autofree char *max_shapes = g_strdup_printf ("%'u", (guint) PW_ANNOTATION_MAX_SHAPES);
  g_autofree char *over_points = g_strdup_printf ("%'u", (guint) PW_ANNOTATION_MAX_POINTS + 1);
  g_autofree char *over_shapes = g_strdup_printf ("%'u", (guint) PW_ANNOTATION_MAX_SHAPES + 1);
  struct
  {
    guint n_shapes;
    guint n_points;
    const char *count;
    const char *limit;
  } cases[] = {
    { 1, PW_ANNOTATION_MAX_POINTS, NULL, NULL },
    { PW_ANNOTATION_MAX_SHAPES, 3, NULL, NULL },
    { 1, PW_ANNOTATION_MAX_POINTS + 1, over_points, max_points },
    { PW_ANNOTATION_MAX_SHAPES + 1, 3, over_shapes, max_shapes },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (JsonNode) node = annotation_json (cases[i].n_shapes, cases[i].n_points);
      g_autoptr (GError) error = NULL;
      g_autoptr (PwAnnotation) annotation = pw_annotation_new_from_json (node, &error);

      if (cases[i].count == NULL)
        {
          g_assert_no_error (error);
          g_assert_cmpuint (pw_annotation_get_shapes (annotation)->len, ==, cases[i].n_shapes);
          continue;
        }

      g_assert_null (annotation);
      g_assert_error (error, PW_ERROR, PW_ERROR_TOO_LARGE);
      g_assert_nonnull (strstr (error->message, "The annotation"));
      g_assert_nonnull (strstr (error->message, cases[i].count));
      g_assert_nonnull (strstr (error->message, cases[i].limit));
      g_assert_nonnull (strstr (error->message,
                                cases[i].n_points > 3 ? "points" : "shapes"));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/annotation/edits-and-signals", test_annotation_edits_and_signals);
  g_test_add_func ("/annotation/paste-is-one-step", test_annotation_paste_is_one_step);
  g_test_add_func ("/annotation/batch-rolls-back", test_annotation_batch_rolls_back);
  g_test_add_func ("/annotation/limits", test_annotation_limits);

  return g_test_run ();
}
