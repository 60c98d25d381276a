/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include "piecework-engine.h"

/* What the store keeps of a draft: the snapshot it started from, each
 * committed command as text and the position, kept in step with the
 * signals exactly as the store does. */
typedef struct
{
  char *snapshot;
  GPtrArray *commands;
  guint position;
} Draft;

static void
on_command_committed (PwAnnotation *annotation,
                      PwCommand    *command,
                      guint         position,
                      Draft        *draft)
{
  g_assert_cmpuint (position, >=, 1);
  g_ptr_array_set_size (draft->commands, position - 1);
  g_ptr_array_add (draft->commands, pw_command_to_string (command));
  draft->position = position;
}

static void
on_position_changed (PwAnnotation *annotation,
                     guint         position,
                     Draft        *draft)
{
  draft->position = position;
}

static char *
state_of (PwAnnotation *annotation)
{
  g_autoptr (JsonNode) node = pw_annotation_to_json (annotation);

  return pw_json_to_string (node, FALSE);
}

static PwShape *
random_shape (PwAnnotation *annotation)
{
  g_autofree char *id = pw_annotation_new_shape_id (annotation);
  const char *labels[] = { "car", "bus", NULL };
  const char *label = labels[g_test_rand_int_range (0, 3)];

  if (g_test_rand_bit ())
    return pw_shape_new_bbox (id, label, g_test_rand_double_range (0, 600),
                              g_test_rand_double_range (0, 400),
                              g_test_rand_int_range (1, 50), g_test_rand_int_range (1, 50));
  else
    {
      PwPoint points[5];

      for (guint i = 0; i < G_N_ELEMENTS (points); i++)
        points[i] = (PwPoint) { g_test_rand_int_range (0, 640), g_test_rand_double_range (0, 480) };
      return pw_shape_new_polygon (id, label, points, g_test_rand_int_range (3, 6));
    }
}

static PwShape *
edited (PwShape *shape)
{
  PwShape *copy = pw_shape_copy (shape);

  switch (g_test_rand_int_range (0, 3))
    {
    case 0:
      pw_shape_translate (copy, g_test_rand_double_range (-5, 5), 1);
      break;
    case 1:
      pw_shape_set_label (copy, g_test_rand_bit () ? "truck" : NULL);
      break;
    default:
      if (pw_shape_get_shape_type (copy) == PW_SHAPE_POLYGON)
        pw_shape_insert_point (copy, 1, 3, 4);
      else
        pw_shape_translate (copy, 0, 2);
      break;
    }
  return copy;
}

/* Random edits, undos and redos; after each, the shapes must be exactly
 * what they were when the history was last at that position. */
static void
test_history_long_sequence (void)
{
  g_autoptr (PwAnnotation) annotation = pw_annotation_new (640, 480);
  g_autoptr (GPtrArray) states = g_ptr_array_new_with_free_func (g_free);
  Draft draft = { NULL, g_ptr_array_new_with_free_func (g_free), 0 };
  g_autoptr (PwAnnotation) rebuilt = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) snapshot = NULL;
  guint undos = 0, truncations = 0;

  g_signal_connect (annotation, "command-committed", G_CALLBACK (on_command_committed), &draft);
  g_signal_connect (annotation, "position-changed", G_CALLBACK (on_position_changed), &draft);
  draft.snapshot = state_of (annotation);
  g_ptr_array_add (states, state_of (annotation));

  for (guint step = 0; step < 400; step++)
    {
      GPtrArray *shapes = pw_annotation_get_shapes (annotation);
      guint position = pw_annotation_get_position (annotation);
      int action = g_test_rand_int_range (0, 10);

      if (action < 2 && pw_annotation_can_undo (annotation))
        {
          pw_annotation_undo (annotation);
          undos++;
        }
      else if (action < 4 && pw_annotation_can_redo (annotation))
        pw_annotation_redo (annotation);
      else
        {
          if (pw_annotation_can_redo (annotation))
            truncations++;

          if (shapes->len == 0 || action < 6)
            {
              g_autoptr (PwShape) shape = random_shape (annotation);

              pw_annotation_add_shape (annotation, shape);
            }
          else if (action < 7)
            {
              PwShape *victim = g_ptr_array_index (shapes, g_test_rand_int_range (0, shapes->len));

              pw_annotation_remove_shape (annotation, pw_shape_get_id (victim));
            }
          else if (action < 9)
            {
              g_autoptr (PwShape) after = edited (g_ptr_array_index (shapes, g_test_rand_int_range (0, shapes->len)));

              pw_annotation_replace_shape (annotation, after);
            }
          else
            {
              g_autoptr (GPtrArray) paste = g_ptr_array_new_with_free_func ((GDestroyNotify) pw_shape_unref);

              g_ptr_array_add (paste, random_shape (annotation));
              g_ptr_array_add (paste, random_shape (annotation));
              pw_annotation_paste_shapes (annotation, paste);
            }

          /* An edit after undo drops what could have been redone. */
          if (pw_annotation_get_position (annotation) != position)
            {
              g_ptr_array_set_size (states, position + 1);
              g_ptr_array_add (states, state_of (annotation));
              g_assert_false (pw_annotation_can_redo (annotation));
              g_assert_cmpuint (pw_annotation_get_n_commands (annotation), ==, position + 1);
            }
        }

      {
        g_autofree char *now = state_of (annotation);

        g_assert_cmpuint (states->len, ==, pw_annotation_get_n_commands (annotation) + 1);
        g_assert_cmpstr (now, ==, g_ptr_array_index (states, pw_annotation_get_position (annotation)));
        g_assert_cmpuint (draft.position, ==, pw_annotation_get_position (annotation));
        g_assert_cmpuint (draft.commands->len, ==, pw_annotation_get_n_commands (annotation));
      }
    }

  g_assert_cmpuint (undos, >, 10);
  g_assert_cmpuint (truncations, >, 5);

  /* After a kill -9: the draft alone gives back the same annotation,
   * with the same undo and redo. */
  snapshot = pw_json_parse (draft.snapshot, strlen (draft.snapshot), "snapshot", &error);
  g_assert_no_error (error);
  rebuilt = pw_annotation_new_from_history (snapshot, (const char *const *) draft.commands->pdata,
                                            draft.commands->len, draft.position, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pw_annotation_get_position (rebuilt), ==, pw_annotation_get_position (annotation));
  g_assert_cmpuint (pw_annotation_get_n_commands (rebuilt), ==, pw_annotation_get_n_commands (annotation));

  while (pw_annotation_redo (annotation))
    g_assert_true (pw_annotation_redo (rebuilt));
  g_assert_false (pw_annotation_redo (rebuilt));
  do
    {
      g_autofree char *a = state_of (annotation);
      g_autofree char *b = state_of (rebuilt);

      g_assert_cmpstr (a, ==, b);
    }
  while (pw_annotation_undo (annotation) && pw_annotation_undo (rebuilt));
  g_assert_false (pw_annotation_can_undo (rebuilt));

  g_free (draft.snapshot);
  g_ptr_array_unref (draft.commands);
}

static void
test_history_rebuild_refuses_a_mismatch (void)
{
  g_autoptr (PwAnnotation) annotation = pw_annotation_new (100, 100);
  g_autoptr (JsonNode) snapshot = pw_annotation_to_json (annotation);
  g_autoptr (PwShape) box = pw_shape_new_bbox ("s1", "car", 1, 1, 10, 10);
  g_autoptr (PwAnnotation) rebuilt = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *add = NULL;
  const char *commands[2];

  pw_annotation_add_shape (annotation, box);
  add = pw_command_to_string (pw_annotation_get_command (annotation, 0));
  g_assert_cmpstr (add, ==,
                   "{\"op\":\"add\",\"index\":0,\"shape\":{\"id\":\"s1\",\"type\":\"bbox\","
                   "\"label\":\"car\",\"x\":1.0,\"y\":1.0,\"w\":10.0,\"h\":10.0}}");

  /* The same shape added twice cannot have happened. */
  commands[0] = add;
  commands[1] = add;
  rebuilt = pw_annotation_new_from_history (snapshot, commands, 2, 2, &error);
  g_assert_null (rebuilt);
  g_assert_error (error, PW_ERROR, PW_ERROR_INVALID_DATA);
  g_clear_error (&error);

  rebuilt = pw_annotation_new_from_history (snapshot, commands, 1, 2, &error);
  g_assert_null (rebuilt);
  g_assert_error (error, PW_ERROR, PW_ERROR_INVALID_DATA);
  g_clear_error (&error);

  commands[1] = "{\"op\":\"remove\",\"index\":0,\"shape\":{\"id\":\"s1\",\"type\":\"bbox\","
                "\"label\":\"bus\",\"x\":1,\"y\":1,\"w\":10,\"h\":10}}";
  rebuilt = pw_annotation_new_from_history (snapshot, commands, 2, 1, &error);
  g_assert_null (rebuilt);
  g_assert_error (error, PW_ERROR, PW_ERROR_INVALID_DATA);
  g_clear_error (&error);

  commands[1] = "{\"op\":\"remove\"";
  rebuilt = pw_annotation_new_from_history (snapshot, commands, 2, 1, &error);
  g_assert_null (rebuilt);
  g_assert_error (error, PW_ERROR, PW_ERROR_INVALID_DATA);
  g_clear_error (&error);

  /* Undone commands are part of the history too. */
  rebuilt = pw_annotation_new_from_history (snapshot, commands, 1, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pw_annotation_get_shapes (rebuilt)->len, ==, 0);
  g_assert_true (pw_annotation_can_redo (rebuilt));
  g_assert_true (pw_annotation_redo (rebuilt));
  g_assert_nonnull (pw_annotation_lookup_shape (rebuilt, "s1"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/history/long-sequence", test_history_long_sequence);
  g_test_add_func ("/history/rebuild-refuses-a-mismatch", test_history_rebuild_refuses_a_mismatch);

  return g_test_run ();
}
