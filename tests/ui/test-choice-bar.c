/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <string.h>

#include "pw-choice-bar.h"
#include "pw-ui-test.h"

/* The choice bar with real keys under Xvfb: digits, Shift and Ctrl+Shift
 * rows, single and multi choice, groups of choices, undo, and the filter
 * of a long list. */

static PwApplication *app;

typedef struct
{
  GtkWindow    *window;
  PwChoiceBar  *bar;
  PwAnnotation *annotation;
  PwLabelSet   *labels;
  gpointer      weak_window;
  guint         picked;
} Fixture;

/* @n labels for choices named c1 … cN, and one for spans in between. */
static PwLabelSet *
make_labels (guint n)
{
  g_autoptr (GString) json = g_string_new ("[");
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) node = NULL;
  PwLabelSet *labels;

  for (guint i = 1; i <= n; i++)
    {
      g_string_append_printf (json, "%s{\"name\": \"c%u\", \"tools\": [\"choice\"]}",
                              i > 1 ? ", " : "", i);
      if (i == 2)
        g_string_append (json, ", {\"name\": \"PER\", \"tools\": [\"span\"]}");
    }
  g_string_append (json, ", {\"name\": \"zeta\", \"tools\": [\"choice\"]}]");
  node = pw_json_parse (json->str, json->len, "labels", &error);
  g_assert_no_error (error);
  labels = pw_label_set_new_from_json (node, &error);
  g_assert_no_error (error);
  return labels;
}

static gboolean
on_key (GtkEventControllerKey *controller,
        guint                  keyval,
        guint                  keycode,
        GdkModifierType        state,
        Fixture               *fixture)
{
  return pw_choice_bar_handle_key (fixture->bar, keyval, keycode, state);
}

static void
on_picked (Fixture *fixture)
{
  fixture->picked++;
}

static void
set_up (Fixture *fixture,
        guint    n,
        gboolean single)
{
  GtkEventController *keys = gtk_event_controller_key_new ();

  fixture->labels = make_labels (n);
  fixture->annotation = pw_annotation_new_for_tools (PW_ANNOTATION_TOOL_CHOICE
                                                     | PW_ANNOTATION_TOOL_SPAN);
  fixture->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_decorated (fixture->window, FALSE);
  gtk_window_set_default_size (fixture->window, 900, 400);
  fixture->weak_window = fixture->window;
  g_object_add_weak_pointer (G_OBJECT (fixture->window), &fixture->weak_window);
  fixture->bar = PW_CHOICE_BAR (pw_choice_bar_new ());
  pw_choice_bar_set_task (fixture->bar, fixture->annotation, fixture->labels, single);
  g_signal_connect_swapped (fixture->bar, "picked", G_CALLBACK (on_picked), fixture);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (on_key), fixture);
  gtk_widget_add_controller (GTK_WIDGET (fixture->window), keys);
  gtk_window_set_child (fixture->window, GTK_WIDGET (fixture->bar));
  gtk_window_present (fixture->window);
  pw_ui_test_wait_for_frames (GTK_WIDGET (fixture->window), 3);
  /* The keys go to the window, as in the work area they go to the task's
   * panel, and not to the filter field a long list shows. */
  gtk_window_set_focus (fixture->window, NULL);
}

static void
tear_down (Fixture *fixture)
{
  gtk_window_destroy (fixture->window);
  pw_ui_test_wait_finalized (&fixture->weak_window);
  g_assert_finalize_object (fixture->annotation);
  g_assert_finalize_object (fixture->labels);
}

static char *
choices (Fixture *fixture)
{
  return g_strjoinv (",", (GStrv) pw_annotation_get_choices (fixture->annotation));
}

static gboolean
has_choices (Fixture    *fixture,
             const char *expected)
{
  g_autofree char *got = choices (fixture);

  return g_str_equal (got, expected);
}

/* The keys arrive through the X server: wait for them, then check. */
#define ASSERT_CHOICES(fixture, expected)                  \
  G_STMT_START {                                           \
    g_autofree char *_got = NULL;                          \
    PW_UI_TEST_WAIT_UNTIL (has_choices (fixture, expected), 10); \
    _got = choices (fixture);                              \
    g_assert_cmpstr (_got, ==, expected);                  \
  } G_STMT_END

static void
test_single (void)
{
  Fixture fixture = { 0 };

  set_up (&fixture, 3, TRUE);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (fixture.bar)));
  g_assert_null (pw_choice_bar_get_button (fixture.bar, "PER"));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (pw_choice_bar_get_filter (fixture.bar))));

  /* The span label keeps its key (3) but is no choice: 3 does nothing. */
  pw_ui_test_xdotool ("key", "3", NULL);
  ASSERT_CHOICES (&fixture, "");
  pw_ui_test_xdotool ("key", "1", NULL);
  ASSERT_CHOICES (&fixture, "c1");
  g_assert_true (gtk_toggle_button_get_active (pw_choice_bar_get_button (fixture.bar, "c1")));
  /* Picking another replaces it, in one step undo takes back. */
  pw_ui_test_xdotool ("key", "2", NULL);
  ASSERT_CHOICES (&fixture, "c2");
  g_assert_false (gtk_toggle_button_get_active (pw_choice_bar_get_button (fixture.bar, "c1")));
  g_assert_cmpuint (fixture.picked, ==, 2);
  g_assert_true (pw_annotation_undo (fixture.annotation));
  ASSERT_CHOICES (&fixture, "c1");
  g_assert_true (gtk_toggle_button_get_active (pw_choice_bar_get_button (fixture.bar, "c1")));
  g_assert_false (gtk_toggle_button_get_active (pw_choice_bar_get_button (fixture.bar, "c2")));

  /* A click on the chosen toggle takes the choice back. */
  gtk_toggle_button_set_active (pw_choice_bar_get_button (fixture.bar, "c1"), FALSE);
  ASSERT_CHOICES (&fixture, "");

  tear_down (&fixture);
}

/* The colour at the middle of @button's left edge, inside its border,
 * where only its background is: unpremultiplied, each channel 0 to 255. */
static void
background_of (GtkWidget *button,
               guchar     rgba[4])
{
  g_autoptr (GdkPaintable) paintable = gtk_widget_paintable_new (button);
  g_autoptr (GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr (GskRenderNode) node = NULL;
  g_autoptr (GdkTexture) texture = NULL;
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (button));
  int width = gtk_widget_get_width (button);
  int height = gtk_widget_get_height (button);
  graphene_rect_t bounds = GRAPHENE_RECT_INIT (0, 0, width, height);
  g_autofree guchar *pixels = NULL;
  guchar *at;

  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_to_node (snapshot);
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (renderer, node, &bounds);
  width = gdk_texture_get_width (texture);
  height = gdk_texture_get_height (texture);
  pixels = g_malloc ((gsize) width * height * 4);
  gdk_texture_download (texture, pixels, (gsize) width * 4);
  /* Cairo's order: blue, green, red, alpha, premultiplied. */
  at = pixels + ((gsize) (height / 2) * width + 4) * 4;
  rgba[3] = at[3];
  for (int i = 0; i < 3; i++)
    rgba[i] = at[3] > 0 ? (guchar) MIN (255, at[2 - i] * 255 / at[3]) : 0;
}

static gboolean
near_colour (const guchar  rgba[4],
             const GdkRGBA *colour)
{
  double want[3] = { colour->red, colour->green, colour->blue };

  for (int i = 0; i < 3; i++)
    if (ABS (rgba[i] - want[i] * 255) > 12)
      return FALSE;
  return rgba[3] == 255;
}

/* A picked choice is drawn in the accent colour, the others are not. */
static void
test_picked_stands_out (void)
{
  Fixture fixture = { 0 };
  GtkWidget *c1, *c2;
  GdkRGBA accent;
  guchar picked[4], other[4];

  set_up (&fixture, 3, TRUE);
  c1 = GTK_WIDGET (pw_choice_bar_get_button (fixture.bar, "c1"));
  c2 = GTK_WIDGET (pw_choice_bar_get_button (fixture.bar, "c2"));
  g_assert_true (gtk_style_context_lookup_color (gtk_widget_get_style_context (c1),
                                                 "accent_bg_color", &accent));
  background_of (c1, picked);
  g_assert_false (near_colour (picked, &accent));

  pw_ui_test_xdotool ("key", "1", NULL);
  ASSERT_CHOICES (&fixture, "c1");
  /* The theme eases the colour in over a few frames. */
  PW_UI_TEST_WAIT_UNTIL ((background_of (c1, picked), near_colour (picked, &accent)), 10);
  background_of (c2, other);
  g_assert_false (near_colour (other, &accent));

  tear_down (&fixture);
}

static void
test_multi_rows (void)
{
  Fixture fixture = { 0 };

  /* 25 choices and the span label: c1, c2, PER, c3 … take 1 … 0, Shift
   * and Ctrl+Shift rows in order. */
  set_up (&fixture, 25, FALSE);
  pw_ui_test_xdotool ("key", "1", "key", "2", NULL);
  ASSERT_CHOICES (&fixture, "c1,c2");
  pw_ui_test_xdotool ("key", "1", NULL);
  ASSERT_CHOICES (&fixture, "c2");
  /* 0 is the tenth key: c9 (PER is the third label). */
  pw_ui_test_xdotool ("key", "0", NULL);
  ASSERT_CHOICES (&fixture, "c2,c9");
  pw_ui_test_xdotool ("key", "shift+1", NULL);
  ASSERT_CHOICES (&fixture, "c2,c9,c10");
  pw_ui_test_xdotool ("key", "ctrl+shift+2", NULL);
  ASSERT_CHOICES (&fixture, "c2,c9,c10,c21");
  /* Past the digits, the keys come with the filter beside them. */
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (pw_choice_bar_get_filter (fixture.bar))));
  {
    GtkWidget *button = GTK_WIDGET (pw_choice_bar_get_button (fixture.bar, "c10"));
    const char *tooltip = gtk_widget_get_tooltip_text (button);

    g_assert_nonnull (strstr (tooltip, "Shift+1"));
  }

  tear_down (&fixture);
}

/* A narrow window is never made taller for the choices: at its narrowest
 * the bar asks for the filter and about a line of toggles, the rest
 * scrolled, while at a width it has, it asks for the rows that width
 * takes. */
static void
test_height (void)
{
  Fixture fixture = { 0 };
  GtkWidget *bar;
  int min_width, min_height, filter_height, button_height, narrow, wide;

  set_up (&fixture, 25, FALSE);
  bar = GTK_WIDGET (fixture.bar);
  gtk_widget_measure (GTK_WIDGET (pw_choice_bar_get_filter (fixture.bar)), GTK_ORIENTATION_VERTICAL,
                      -1, NULL, &filter_height, NULL, NULL);
  gtk_widget_measure (GTK_WIDGET (pw_choice_bar_get_button (fixture.bar, "c1")),
                      GTK_ORIENTATION_VERTICAL, -1, NULL, &button_height, NULL, NULL);
  gtk_widget_measure (bar, GTK_ORIENTATION_HORIZONTAL, -1, &min_width, NULL, NULL, NULL);
  gtk_widget_measure (bar, GTK_ORIENTATION_VERTICAL, min_width, &min_height, &narrow, NULL, NULL);
  /* The filter, a line of toggles or the scroller's least, and the margins. */
  g_assert_cmpint (min_height, <=, filter_height + 3 * button_height);
  /* 26 toggles a line each, or a few to a line. */
  gtk_widget_measure (bar, GTK_ORIENTATION_VERTICAL, 900, NULL, &wide, NULL, NULL);
  g_assert_cmpint (narrow, >=, 20 * button_height);
  g_assert_cmpint (wide, <, narrow / 2);

  tear_down (&fixture);
}

/* The filter shows once the digits are not enough: from the eleventh
 * choice. */
static void
test_filter_after_digits (void)
{
  Fixture fixture = { 0 };

  /* c1 … c9 and zeta: a digit each. */
  set_up (&fixture, 9, TRUE);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (pw_choice_bar_get_filter (fixture.bar))));
  tear_down (&fixture);

  set_up (&fixture, 10, TRUE);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (pw_choice_bar_get_filter (fixture.bar))));
  tear_down (&fixture);
}

static void
test_filter (void)
{
  Fixture fixture = { 0 };
  GtkSearchEntry *filter;

  /* 40 choices and zeta: more than keys, so the filter shows. */
  set_up (&fixture, 40, TRUE);
  filter = pw_choice_bar_get_filter (fixture.bar);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (filter)));
  g_assert_cmpuint (pw_choice_bar_get_n_shown (fixture.bar), ==, 41);

  /* Typing anywhere in the window goes to the filter. */
  pw_choice_bar_set_key_capture_widget (fixture.bar, GTK_WIDGET (fixture.window));
  pw_ui_test_xdotool ("type", "zet", NULL);
  PW_UI_TEST_WAIT_UNTIL (pw_choice_bar_get_n_shown (fixture.bar) == 1, 10);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (filter)), ==, "zet");
  pw_ui_test_xdotool ("key", "Return", NULL);
  ASSERT_CHOICES (&fixture, "zeta");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (filter)), ==, "");
  g_assert_cmpuint (pw_choice_bar_get_n_shown (fixture.bar), ==, 41);

  /* The fortieth choice has no key; the filter finds it by name. */
  gtk_editable_set_text (GTK_EDITABLE (filter), "c40");
  PW_UI_TEST_WAIT_UNTIL (pw_choice_bar_get_n_shown (fixture.bar) == 1, 10);
  g_signal_emit_by_name (filter, "activate");
  ASSERT_CHOICES (&fixture, "c40");

  pw_choice_bar_set_key_capture_widget (fixture.bar, NULL);
  tear_down (&fixture);
}

/* Labels of two questions: a required sentiment of one answer (keys 1,
 * 2) and a topic of several (3, 4), with a span label between them. */
static PwLabelSet *
make_group_labels (const char *groups_json)
{
  const char *labels_json =
    "[{\"name\": \"positive\", \"tools\": [\"choice\"], \"group\": \"sentiment\"},"
    " {\"name\": \"negative\", \"tools\": [\"choice\"], \"group\": \"sentiment\"},"
    " {\"name\": \"PER\", \"tools\": [\"span\"], \"hotkey\": \"9\"},"
    " {\"name\": \"sports\", \"tools\": [\"choice\"], \"group\": \"topic\"},"
    " {\"name\": \"music\", \"tools\": [\"choice\"], \"group\": \"topic\"}]";
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) labels_node = pw_json_parse (labels_json, strlen (labels_json), "labels", &error);
  g_autoptr (JsonNode) groups_node = pw_json_parse (groups_json, strlen (groups_json), "groups", &error);
  PwLabelSet *labels = pw_label_set_new_from_json (labels_node, &error);

  g_assert_no_error (error);
  g_assert_true (pw_label_set_read_choice_groups (labels, groups_node, &error));
  g_assert_no_error (error);
  return labels;
}

/* The label showing @text inside @widget, if any. */
static GtkWidget *
find_label (GtkWidget  *widget,
            const char *text)
{
  if (GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_label (child, text);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Each group is a titled row; a key in a one-answer group replaces only
 * that group's answer, and a key in a group of several turns its choice
 * on or off; the keys run across the groups. */
static void
test_groups (void)
{
  Fixture fixture = { 0 };
  GtkWidget *sentiment_title, *topic_title, *positive, *sports;
  graphene_point_t a, b;

  set_up (&fixture, 1, FALSE);
  pw_choice_bar_set_task (fixture.bar, NULL, NULL, FALSE);
  g_clear_object (&fixture.labels);
  fixture.labels = make_group_labels ("[{\"id\": \"sentiment\", \"title\": \"Sentiment\", \"mode\": \"single\","
                                      "  \"required\": true},"
                                      " {\"id\": \"topic\", \"title\": \"Topic\", \"mode\": \"multi\"}]");
  pw_choice_bar_set_task (fixture.bar, fixture.annotation, fixture.labels, FALSE);
  pw_ui_test_wait_for_frames (GTK_WIDGET (fixture.window), 3);

  /* Two rows under their titles, the sentiment's above the topic's,
   * each title beside its own choices. */
  sentiment_title = find_label (GTK_WIDGET (fixture.bar), "Sentiment");
  topic_title = find_label (GTK_WIDGET (fixture.bar), "Topic");
  g_assert_nonnull (sentiment_title);
  g_assert_nonnull (topic_title);
  g_assert_null (find_label (GTK_WIDGET (fixture.bar), "Other choices"));
  g_assert_true (gtk_widget_get_mapped (sentiment_title));
  g_assert_true (gtk_widget_get_mapped (topic_title));
  positive = GTK_WIDGET (pw_choice_bar_get_button (fixture.bar, "positive"));
  sports = GTK_WIDGET (pw_choice_bar_get_button (fixture.bar, "sports"));
  g_assert_true (gtk_widget_get_parent (gtk_widget_get_parent (gtk_widget_get_parent (positive)))
                 == gtk_widget_get_parent (sentiment_title));
  g_assert_true (gtk_widget_get_parent (gtk_widget_get_parent (gtk_widget_get_parent (sports)))
                 == gtk_widget_get_parent (topic_title));
  g_assert_true (gtk_widget_compute_point (sentiment_title, GTK_WIDGET (fixture.bar),
                                           &GRAPHENE_POINT_INIT (0, 0), &a));
  g_assert_true (gtk_widget_compute_point (topic_title, GTK_WIDGET (fixture.bar),
                                           &GRAPHENE_POINT_INIT (0, 0), &b));
  g_assert_cmpfloat (a.y, <, b.y);
  g_assert_null (pw_choice_bar_get_button (fixture.bar, "PER"));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (sports), "(3)"));

  pw_ui_test_xdotool ("key", "3", "key", "4", NULL);
  ASSERT_CHOICES (&fixture, "sports,music");
  g_assert_false (pw_choice_bar_answers_task (fixture.bar,
                                              pw_label_set_lookup (fixture.labels, "music")));
  pw_ui_test_xdotool ("key", "1", NULL);
  ASSERT_CHOICES (&fixture, "sports,music,positive");
  g_assert_true (pw_choice_bar_answers_task (fixture.bar,
                                             pw_label_set_lookup (fixture.labels, "positive")));
  /* The other sentiment replaces it; the topics stay. */
  pw_ui_test_xdotool ("key", "2", NULL);
  ASSERT_CHOICES (&fixture, "sports,music,negative");
  g_assert_false (gtk_toggle_button_get_active (pw_choice_bar_get_button (fixture.bar, "positive")));
  g_assert_true (gtk_toggle_button_get_active (pw_choice_bar_get_button (fixture.bar, "sports")));
  /* A topic's key takes it back. */
  pw_ui_test_xdotool ("key", "3", NULL);
  ASSERT_CHOICES (&fixture, "music,negative");
  g_assert_true (pw_annotation_undo (fixture.annotation));
  ASSERT_CHOICES (&fixture, "sports,music,negative");
  g_assert_true (pw_annotation_undo (fixture.annotation));
  ASSERT_CHOICES (&fixture, "sports,music,positive");
  g_assert_cmpuint (fixture.picked, ==, 4);

  /* A group the filter leaves nothing of goes out of sight. */
  gtk_editable_set_text (GTK_EDITABLE (pw_choice_bar_get_filter (fixture.bar)), "spo");
  PW_UI_TEST_WAIT_UNTIL (pw_choice_bar_get_n_shown (fixture.bar) == 1, 10);
  PW_UI_TEST_WAIT_UNTIL (!gtk_widget_get_visible (gtk_widget_get_parent (sentiment_title)), 10);
  g_assert_true (gtk_widget_get_visible (gtk_widget_get_parent (topic_title)));
  gtk_editable_set_text (GTK_EDITABLE (pw_choice_bar_get_filter (fixture.bar)), "");
  PW_UI_TEST_WAIT_UNTIL (gtk_widget_get_visible (gtk_widget_get_parent (sentiment_title)), 10);

  /* Two one-answer groups and none required: the task is answered once
   * both have their answer. */
  pw_choice_bar_set_task (fixture.bar, NULL, NULL, FALSE);
  g_clear_object (&fixture.labels);
  pw_annotation_set_choices (fixture.annotation, NULL);
  fixture.labels = make_group_labels ("[{\"id\": \"sentiment\", \"mode\": \"single\"},"
                                      " {\"id\": \"topic\", \"mode\": \"single\"}]");
  pw_choice_bar_set_task (fixture.bar, fixture.annotation, fixture.labels, FALSE);
  pw_ui_test_wait_for_frames (GTK_WIDGET (fixture.window), 2);
  g_assert_nonnull (find_label (GTK_WIDGET (fixture.bar), "sentiment"));
  pw_ui_test_xdotool ("key", "4", NULL);
  ASSERT_CHOICES (&fixture, "music");
  g_assert_false (pw_choice_bar_answers_task (fixture.bar,
                                              pw_label_set_lookup (fixture.labels, "music")));
  pw_ui_test_xdotool ("key", "3", NULL);
  ASSERT_CHOICES (&fixture, "sports");
  pw_ui_test_xdotool ("key", "2", NULL);
  ASSERT_CHOICES (&fixture, "sports,negative");
  g_assert_true (pw_choice_bar_answers_task (fixture.bar,
                                             pw_label_set_lookup (fixture.labels, "negative")));

  tear_down (&fixture);
}

static void
test_hidden_without_tool (void)
{
  g_autoptr (PwAnnotation) annotation = pw_annotation_new_for_tools (PW_ANNOTATION_TOOL_SPAN);
  g_autoptr (PwLabelSet) labels = make_labels (2);
  PwChoiceBar *bar = PW_CHOICE_BAR (g_object_ref_sink (pw_choice_bar_new ()));

  pw_choice_bar_set_task (bar, annotation, labels, TRUE);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (bar)));
  g_assert_null (pw_choice_bar_get_button (bar, "c1"));
  g_assert_finalize_object (bar);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  app = pw_ui_test_init (&argc, &argv);

  g_test_add_func ("/choice-bar/single", test_single);
  g_test_add_func ("/choice-bar/picked-stands-out", test_picked_stands_out);
  g_test_add_func ("/choice-bar/multi-rows", test_multi_rows);
  g_test_add_func ("/choice-bar/filter-after-digits", test_filter_after_digits);
  g_test_add_func ("/choice-bar/height", test_height);
  g_test_add_func ("/choice-bar/filter", test_filter);
  g_test_add_func ("/choice-bar/hidden-without-tool", test_hidden_without_tool);
  g_test_add_func ("/choice-bar/groups", test_groups);

  status = g_test_run ();
  g_object_unref (app);
  return status;
}
