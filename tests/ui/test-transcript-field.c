/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include "pw-transcript-field.h"
#include "pw-ui-test.h"

/* The transcript field typed into with real keys under Xvfb: the
 * annotation follows, a word is one undo step, undo and redo show in the
 * field without moving the cursor, and Ctrl+Return and Ctrl+Z reach the
 * window while the field has the keyboard. */

static PwApplication *app;

typedef struct
{
  GtkWindow         *window;
  PwTranscriptField *field;
  PwAnnotation      *annotation;
  gpointer           weak_window;
  guint              submits;
  guint              undos;
} Fixture;

static gboolean
on_submit (GtkWidget *widget,
           GVariant  *args,
           gpointer   user_data)
{
  Fixture *fixture = user_data;

  fixture->submits++;
  return TRUE;
}

static gboolean
on_undo (GtkWidget *widget,
         GVariant  *args,
         gpointer   user_data)
{
  Fixture *fixture = user_data;

  fixture->undos++;
  pw_annotation_undo (fixture->annotation);
  return TRUE;
}

static void
set_up (Fixture *fixture)
{
  GtkEventController *shortcuts = gtk_shortcut_controller_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  fixture->annotation = pw_annotation_new_for_tools (PW_ANNOTATION_TOOL_TRANSCRIPT);
  fixture->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_decorated (fixture->window, FALSE);
  gtk_window_set_default_size (fixture->window, 600, 300);
  fixture->weak_window = fixture->window;
  g_object_add_weak_pointer (G_OBJECT (fixture->window), &fixture->weak_window);

  /* What the work area binds around the field. */
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
    gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Return, GDK_CONTROL_MASK),
                      gtk_callback_action_new (on_submit, fixture, NULL)));
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
    gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_z, GDK_CONTROL_MASK),
                      gtk_callback_action_new (on_undo, fixture, NULL)));
  gtk_widget_add_controller (box, shortcuts);

  fixture->field = PW_TRANSCRIPT_FIELD (pw_transcript_field_new ());
  gtk_widget_set_vexpand (GTK_WIDGET (fixture->field), TRUE);
  pw_transcript_field_set_annotation (fixture->field, fixture->annotation);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (fixture->field));
  gtk_window_set_child (fixture->window, box);
  gtk_window_present (fixture->window);
  pw_ui_test_wait_for_frames (GTK_WIDGET (fixture->window), 3);
  gtk_widget_grab_focus (GTK_WIDGET (fixture->field));
  pw_ui_test_wait_for_frames (GTK_WIDGET (fixture->window), 1);
}

static void
tear_down (Fixture *fixture)
{
  gtk_window_destroy (fixture->window);
  pw_ui_test_wait_finalized (&fixture->weak_window);
  g_assert_finalize_object (fixture->annotation);
}

static char *
buffer_text (Fixture *fixture)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (pw_transcript_field_get_view (fixture->field));
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static int
cursor (Fixture *fixture)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (pw_transcript_field_get_view (fixture->field));
  GtkTextIter iter;

  gtk_text_buffer_get_iter_at_mark (buffer, &iter, gtk_text_buffer_get_insert (buffer));
  return gtk_text_iter_get_offset (&iter);
}

/* The keys arrive through the X server: wait for them, then check. */
#define ASSERT_TEXT(fixture, expected)                                                 \
  G_STMT_START {                                                                       \
    g_autofree char *_text = NULL;                                                     \
    PW_UI_TEST_WAIT_UNTIL (g_str_equal (pw_annotation_get_transcript ((fixture)->annotation), \
                                        expected), 10);                               \
    _text = buffer_text (fixture);                                                     \
    g_assert_cmpstr (_text, ==, expected);                                             \
    g_assert_cmpstr (pw_annotation_get_transcript ((fixture)->annotation), ==, expected); \
  } G_STMT_END

static void
test_typing_and_undo (void)
{
  Fixture fixture = { 0 };
  GtkTextBuffer *buffer;
  GtkTextIter start;

  set_up (&fixture);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (fixture.field)));
  buffer = gtk_text_view_get_buffer (pw_transcript_field_get_view (fixture.field));

  /* A transcript from elsewhere, beyond ASCII: offsets are code points. */
  g_assert_true (pw_annotation_set_transcript (fixture.annotation, "ü ", FALSE, NULL));
  ASSERT_TEXT (&fixture, "ü ");
  gtk_text_buffer_get_end_iter (buffer, &start);
  gtk_text_buffer_place_cursor (buffer, &start);

  pw_ui_test_xdotool ("type", "hello world", NULL);
  PW_UI_TEST_WAIT_UNTIL (g_utf8_strlen (pw_annotation_get_transcript (fixture.annotation), -1) == 13, 10);
  ASSERT_TEXT (&fixture, "ü hello world");
  /* Two words, two steps. */
  g_assert_cmpuint (pw_annotation_get_n_commands (fixture.annotation), ==, 3);

  /* Backspace twice is one step more. */
  pw_ui_test_xdotool ("key", "BackSpace", "key", "BackSpace", NULL);
  ASSERT_TEXT (&fixture, "ü hello wor");
  g_assert_cmpuint (pw_annotation_get_n_commands (fixture.annotation), ==, 4);

  /* Undo from outside the field: the buffer follows. */
  g_assert_true (pw_annotation_undo (fixture.annotation));
  ASSERT_TEXT (&fixture, "ü hello world");
  g_assert_true (pw_annotation_undo (fixture.annotation));
  ASSERT_TEXT (&fixture, "ü hello ");
  g_assert_cmpint (cursor (&fixture), ==, 8);

  /* A redo after the cursor moved to the start leaves it there. */
  gtk_text_buffer_get_start_iter (buffer, &start);
  gtk_text_buffer_place_cursor (buffer, &start);
  g_assert_true (pw_annotation_redo (fixture.annotation));
  ASSERT_TEXT (&fixture, "ü hello world");
  g_assert_cmpint (cursor (&fixture), ==, 0);

  /* Typing there is a new step, in the right place. */
  pw_ui_test_xdotool ("type", "x", NULL);
  ASSERT_TEXT (&fixture, "xü hello world");

  tear_down (&fixture);
}

static void
test_window_keys (void)
{
  Fixture fixture = { 0 };

  set_up (&fixture);
  pw_ui_test_xdotool ("type", "ab", NULL);
  ASSERT_TEXT (&fixture, "ab");
  g_assert_true (gtk_widget_has_focus (GTK_WIDGET (pw_transcript_field_get_view (fixture.field))));

  /* Ctrl+Return moves on instead of breaking the line. */
  pw_ui_test_xdotool ("key", "ctrl+Return", NULL);
  PW_UI_TEST_WAIT_UNTIL (fixture.submits == 1, 10);
  ASSERT_TEXT (&fixture, "ab");

  /* Ctrl+Z is the task's undo, not the field's own. */
  pw_ui_test_xdotool ("key", "ctrl+z", NULL);
  PW_UI_TEST_WAIT_UNTIL (fixture.undos == 1, 10);
  ASSERT_TEXT (&fixture, "");

  /* Return alone still breaks the line. */
  pw_ui_test_xdotool ("type", "c", NULL);
  pw_ui_test_xdotool ("key", "Return", NULL);
  ASSERT_TEXT (&fixture, "c\n");

  tear_down (&fixture);
}

static void
test_hidden_without_tool (void)
{
  g_autoptr (PwAnnotation) annotation = pw_annotation_new_for_tools (PW_ANNOTATION_TOOL_CHOICE);
  PwTranscriptField *field = PW_TRANSCRIPT_FIELD (g_object_ref_sink (pw_transcript_field_new ()));

  pw_transcript_field_set_annotation (field, annotation);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (field)));
  g_assert_null (pw_transcript_field_get_annotation (field));
  g_assert_finalize_object (field);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  app = pw_ui_test_init (&argc, &argv);

  g_test_add_func ("/transcript-field/typing-and-undo", test_typing_and_undo);
  g_test_add_func ("/transcript-field/window-keys", test_window_keys);
  g_test_add_func ("/transcript-field/hidden-without-tool", test_hidden_without_tool);

  status = g_test_run ();
  g_object_unref (app);
  return status;
}
