/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <string.h>

#include "pw-text-panel-private.h"
#include "pw-ui-test.h"

/* The text panel, driven with real key and pointer events from xdotool
 * under Xvfb, checked on the annotation it edits. */

#define SENTENCE "Anna Smith met Bob at Acme, Inc. yesterday."

static PwApplication *app;

typedef struct
{
  GtkWindow    *window;
  PwTextPanel  *panel;
  PwAnnotation *annotation;
  PwLabelSet   *labels;
  GArray       *window_keys;   /* keyvals that reached the window */
  gpointer      weak_window;
} Fixture;

static gboolean
on_window_key (GtkEventControllerKey *controller,
               guint                  keyval,
               guint                  keycode,
               GdkModifierType        state,
               Fixture               *fixture)
{
  GdkEvent *event = gtk_event_controller_get_current_event (GTK_EVENT_CONTROLLER (controller));

  /* Shift, Ctrl and Alt pressed on their own go by. */
  if (!gdk_key_event_is_modifier (event))
    g_array_append_val (fixture->window_keys, keyval);
  return TRUE;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  GtkEventController *keys = gtk_event_controller_key_new ();

  fixture->labels = pw_label_set_new_from_text ("PER\nORG\n", -1, "labels.txt", &error);
  g_assert_no_error (error);
  fixture->window_keys = g_array_new (FALSE, FALSE, sizeof (guint));

  fixture->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_decorated (fixture->window, FALSE);
  gtk_window_set_default_size (fixture->window, 700, 400);
  fixture->weak_window = fixture->window;
  g_object_add_weak_pointer (G_OBJECT (fixture->window), &fixture->weak_window);
  /* What the work area would see: keys the panel lets go. */
  g_signal_connect (keys, "key-pressed", G_CALLBACK (on_window_key), fixture);
  gtk_widget_add_controller (GTK_WIDGET (fixture->window), keys);

  fixture->panel = PW_TEXT_PANEL (pw_text_panel_new ());
  fixture->annotation = pw_annotation_new_for_tools (PW_ANNOTATION_TOOL_SPAN);
  pw_text_panel_set_task (fixture->panel, data != NULL ? data : SENTENCE,
                          fixture->annotation, fixture->labels, PW_CHECK_DEFAULT);
  gtk_window_set_child (fixture->window, GTK_WIDGET (fixture->panel));
  gtk_window_present (fixture->window);
  pw_ui_test_wait_for_frames (GTK_WIDGET (fixture->window), 3);
  gtk_widget_grab_focus (GTK_WIDGET (fixture->panel));
  PW_UI_TEST_WAIT_UNTIL (gtk_widget_has_focus (GTK_WIDGET (pw_text_panel_get_view (fixture->panel))),
                         10);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gtk_window_destroy (fixture->window);
  pw_ui_test_wait_finalized (&fixture->weak_window);
  g_assert_finalize_object (fixture->annotation);
  g_assert_finalize_object (fixture->labels);
  g_array_unref (fixture->window_keys);
}

/* Presses one key, and lets the window handle it. */
static void
key (const char *name)
{
  pw_ui_test_xdotool ("key", "--delay", "20", name, NULL);
}

/* Selects text as a drag would. A selection makes the buffer own the X
 * server's PRIMARY selection, and a buffer whose text was replaced gives
 * it up; the server answers that with a SelectionClear that arrives later.
 * Taken after a new claim, it reads as another program taking PRIMARY, and
 * the buffer drops the new selection. So what the server has to say is
 * read first. */
static void
select_range (Fixture *fixture,
              guint    start,
              guint    end)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (pw_text_panel_get_view (fixture->panel));
  GtkTextIter a, b;

  gdk_display_sync (gtk_widget_get_display (GTK_WIDGET (fixture->panel)));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  gtk_text_buffer_get_iter_at_offset (buffer, &a, start);
  gtk_text_buffer_get_iter_at_offset (buffer, &b, end);
  gtk_text_buffer_select_range (buffer, &a, &b);
}

static guint
offset_of (const char *text,
           const char *needle)
{
  const char *found = strstr (text, needle);

  g_assert_nonnull (found);
  return (guint) g_utf8_pointer_to_offset (text, found);
}

static PwTextSpan *
span_at (Fixture *fixture,
         guint    index)
{
  GPtrArray *spans = pw_annotation_get_spans (fixture->annotation);

  g_assert_cmpuint (index, <, spans->len);
  return g_ptr_array_index (spans, index);
}

static void
assert_span (PwTextSpan *span,
             const char *text,
             const char *words,
             const char *label)
{
  g_autofree char *covered = g_utf8_substring (text, pw_text_span_get_start (span),
                                               pw_text_span_get_end (span));

  g_assert_cmpstr (covered, ==, words);
  g_assert_cmpstr (pw_text_span_get_label (span), ==, label);
}

static guint
n_spans (Fixture *fixture)
{
  return pw_annotation_get_spans (fixture->annotation)->len;
}

/* Whether span @index exists and carries @label: what a test waits for
 * after a key that relabels. */
static gboolean
span_has_label (Fixture    *fixture,
                guint       index,
                const char *label)
{
  GPtrArray *spans = pw_annotation_get_spans (fixture->annotation);

  return index < spans->len
         && g_strcmp0 (pw_text_span_get_label (g_ptr_array_index (spans, index)), label) == 0;
}

/* Whether the selected span covers @words of SENTENCE: what a test waits
 * for after Tab or Shift+Tab. */
static gboolean
selected_span_covers (Fixture    *fixture,
                      const char *words)
{
  const char *id = pw_text_panel_get_selected_span (fixture->panel);
  PwTextSpan *span = id != NULL ? pw_annotation_lookup_span (fixture->annotation, id) : NULL;
  g_autofree char *covered = NULL;

  if (span == NULL)
    return FALSE;
  covered = g_utf8_substring (SENTENCE, pw_text_span_get_start (span),
                              pw_text_span_get_end (span));
  return g_strcmp0 (covered, words) == 0;
}

/* Escape clears the selected span; a selection made after it must not
 * be cleared by an Escape still on its way. */
static void
key_escape (Fixture *fixture)
{
  key ("Escape");
  PW_UI_TEST_WAIT_UNTIL (pw_text_panel_get_selected_span (fixture->panel) == NULL, 10);
}

/* Shift+Ctrl+Right twice from the start selects two words; 1 labels them.
 * A selection inside words grows to them and loses its punctuation; with
 * Alt it keeps its characters. */
static void
test_label_by_keys (Fixture       *fixture,
                    gconstpointer  data)
{
  guint acme = offset_of (SENTENCE, "Acme");

  key ("ctrl+Home");
  key ("shift+ctrl+Right");
  key ("shift+ctrl+Right");
  key ("1");
  PW_UI_TEST_WAIT_UNTIL (n_spans (fixture) == 1, 10);
  assert_span (span_at (fixture, 0), SENTENCE, "Anna Smith", "PER");
  /* The new span is selected: the selection is spent. */
  g_assert_false (pw_text_panel_get_selection (fixture->panel, NULL, NULL));
  g_assert_cmpstr (pw_text_panel_get_selected_span (fixture->panel), ==,
                   pw_text_span_get_id (span_at (fixture, 0)));

  /* The same words selected again and another key: the span is
   * relabeled, not doubled. */
  key_escape (fixture);
  select_range (fixture, 1, 9);
  key ("2");
  PW_UI_TEST_WAIT_UNTIL (span_has_label (fixture, 0, "ORG"), 10);
  g_assert_cmpuint (n_spans (fixture), ==, 1);
  assert_span (span_at (fixture, 0), SENTENCE, "Anna Smith", "ORG");
  pw_annotation_undo (fixture->annotation);
  assert_span (span_at (fixture, 0), SENTENCE, "Anna Smith", "PER");

  /* "cme, Inc. " by words: "Acme, Inc", without the full stop. */
  key_escape (fixture);
  select_range (fixture, acme + 1, acme + 11);
  key ("2");
  PW_UI_TEST_WAIT_UNTIL (n_spans (fixture) == 2, 10);
  assert_span (span_at (fixture, 1), SENTENCE, "Acme, Inc", "ORG");

  /* The same with Alt: the characters, less the space. */
  pw_annotation_undo (fixture->annotation);
  g_assert_cmpuint (n_spans (fixture), ==, 1);
  select_range (fixture, acme + 1, acme + 11);
  key ("alt+2");
  PW_UI_TEST_WAIT_UNTIL (n_spans (fixture) == 2, 10);
  assert_span (span_at (fixture, 1), SENTENCE, "cme, Inc.", "ORG");

  /* Only punctuation and spaces: nothing is made, and the panel says why. */
  key_escape (fixture);
  select_range (fixture, acme + 4, acme + 6);
  key ("1");
  PW_UI_TEST_WAIT_UNTIL (pw_text_panel_get_message (fixture->panel) != NULL, 10);
  g_assert_cmpuint (n_spans (fixture), ==, 2);
  /* The digit was the panel's, not the window's. */
  g_assert_cmpuint (fixture->window_keys->len, ==, 0);
}

#define MIXED "Hi 👩‍👩‍👧 family, cafe\u0301 au lait, 東京 and שלום עולם!"

/* Offsets through the panel are code points of the text, and a span never
 * splits a grapheme. */
static void
test_offsets_exact (Fixture       *fixture,
                    gconstpointer  data)
{
  guint family = offset_of (MIXED, "👩");
  guint cafe = offset_of (MIXED, "cafe");
  guint tokyo = offset_of (MIXED, "東京");
  guint shalom = offset_of (MIXED, "שלום");

  /* Inside the ZWJ sequence, by characters: the whole family. */
  select_range (fixture, family + 1, family + 3);
  key ("alt+1");
  PW_UI_TEST_WAIT_UNTIL (n_spans (fixture) == 1, 10);
  assert_span (span_at (fixture, 0), MIXED, "👩‍👩‍👧", "PER");
  g_assert_cmpuint (pw_text_span_get_start (span_at (fixture, 0)), ==, family);
  g_assert_cmpuint (pw_text_span_get_end (span_at (fixture, 0)), ==, family + 5);

  /* "cafe" without its combining accent grows to take it. */
  key_escape (fixture);
  select_range (fixture, cafe, cafe + 4);
  key ("alt+2");
  PW_UI_TEST_WAIT_UNTIL (n_spans (fixture) == 2, 10);
  assert_span (span_at (fixture, 1), MIXED, "cafe\u0301", "ORG");

  /* Each ideograph is a word. */
  key_escape (fixture);
  select_range (fixture, tokyo + 1, tokyo + 2);
  key ("2");
  PW_UI_TEST_WAIT_UNTIL (n_spans (fixture) == 3, 10);
  assert_span (span_at (fixture, 2), MIXED, "京", "ORG");

  /* Right-to-left words, partly selected, in logical order. */
  key_escape (fixture);
  select_range (fixture, shalom + 2, shalom + 7);
  key ("1");
  PW_UI_TEST_WAIT_UNTIL (n_spans (fixture) == 4, 10);
  assert_span (span_at (fixture, 3), MIXED, "שלום עולם", "PER");
}

static void
add_span (Fixture    *fixture,
          const char *words,
          const char *label)
{
  guint start = offset_of (SENTENCE, words);
  g_autofree char *id = pw_annotation_new_span_id (fixture->annotation);
  g_autoptr (PwTextSpan) span = pw_text_span_new (id, start,
                                                  start + g_utf8_strlen (words, -1), label);

  pw_annotation_add_span (fixture->annotation, span);
}

/* Tab and Shift+Tab walk the spans in the text's order, a digit relabels
 * the selected one, Delete removes it, Escape clears. */
static void
test_walk_relabel_delete (Fixture       *fixture,
                          gconstpointer  data)
{
  add_span (fixture, "Acme", "ORG");
  add_span (fixture, "Anna", "PER");
  add_span (fixture, "Bob", "PER");
  key ("ctrl+Home");

  key ("Tab");
  PW_UI_TEST_WAIT_UNTIL (selected_span_covers (fixture, "Anna"), 10);
  assert_span (pw_annotation_lookup_span (fixture->annotation,
                                          pw_text_panel_get_selected_span (fixture->panel)),
               SENTENCE, "Anna", "PER");
  key ("Tab");
  key ("Tab");
  PW_UI_TEST_WAIT_UNTIL (selected_span_covers (fixture, "Acme"), 10);
  assert_span (pw_annotation_lookup_span (fixture->annotation,
                                          pw_text_panel_get_selected_span (fixture->panel)),
               SENTENCE, "Acme", "ORG");
  key ("Tab");
  key ("shift+Tab");
  key ("shift+Tab");
  PW_UI_TEST_WAIT_UNTIL (selected_span_covers (fixture, "Bob"), 10);
  assert_span (pw_annotation_lookup_span (fixture->annotation,
                                          pw_text_panel_get_selected_span (fixture->panel)),
               SENTENCE, "Bob", "PER");

  key ("2");
  PW_UI_TEST_WAIT_UNTIL (span_has_label (fixture, 1, "ORG"), 10);
  g_assert_cmpuint (n_spans (fixture), ==, 3);
  assert_span (span_at (fixture, 1), SENTENCE, "Bob", "ORG");

  key ("Delete");
  PW_UI_TEST_WAIT_UNTIL (n_spans (fixture) == 2, 10);
  g_assert_null (pw_text_panel_get_selected_span (fixture->panel));

  key ("Tab");
  PW_UI_TEST_WAIT_UNTIL (pw_text_panel_get_selected_span (fixture->panel) != NULL, 10);
  key_escape (fixture);
  g_assert_cmpuint (fixture->window_keys->len, ==, 0);

  /* With nothing selected, Delete removes nothing and Escape is the
   * window's. */
  key ("Delete");
  key ("Escape");
  PW_UI_TEST_WAIT_UNTIL (fixture->window_keys->len == 1, 10);
  g_assert_cmpuint (n_spans (fixture), ==, 2);
  g_assert_cmpuint (g_array_index (fixture->window_keys, guint, 0), ==, GDK_KEY_Escape);
}

static gboolean
span_shows (Fixture    *fixture,
            PwTextSpan *span)
{
  GtkTextView *view = pw_text_panel_get_view (fixture->panel);
  GdkRectangle visible, location;
  GtkTextIter iter;

  gtk_text_buffer_get_iter_at_offset (gtk_text_view_get_buffer (view), &iter,
                                      pw_text_span_get_start (span));
  gtk_text_view_get_visible_rect (view, &visible);
  gtk_text_view_get_iter_location (view, &iter, &location);
  return location.y >= visible.y && location.y + location.height <= visible.y + visible.height;
}

/* Tab to a span far down a long text scrolls to it, and Shift+Tab back
 * to the first one scrolls back up. */
static void
test_walk_scrolls (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr (GString) text = g_string_new (NULL);
  g_autofree char *first_id = pw_annotation_new_span_id (fixture->annotation);
  g_autoptr (PwTextSpan) first = NULL;
  g_autofree char *far_id = NULL;
  g_autoptr (PwTextSpan) far = NULL;
  guint far_start;

  for (guint i = 0; i < 300; i++)
    g_string_append_printf (text, "Line %u of a long review, with Bob in it.\n", i);
  far_start = offset_of (text->str, "Line 250 ");
  first = pw_text_span_new (first_id, 0, 4, "PER");
  pw_annotation_add_span (fixture->annotation, first);
  far_id = pw_annotation_new_span_id (fixture->annotation);
  far = pw_text_span_new (far_id, far_start, far_start + 4, "ORG");
  pw_annotation_add_span (fixture->annotation, far);
  pw_text_panel_set_task (fixture->panel, text->str, fixture->annotation, fixture->labels,
                          PW_CHECK_DEFAULT);
  pw_ui_test_wait_for_frames (GTK_WIDGET (fixture->panel), 2);
  g_assert_false (span_shows (fixture, far));

  key ("Tab");
  key ("Tab");
  PW_UI_TEST_WAIT_UNTIL (g_strcmp0 (pw_text_panel_get_selected_span (fixture->panel),
                                    far_id) == 0, 10);
  PW_UI_TEST_WAIT_UNTIL (span_shows (fixture, far), 10);

  key ("shift+Tab");
  PW_UI_TEST_WAIT_UNTIL (g_strcmp0 (pw_text_panel_get_selected_span (fixture->panel),
                                    first_id) == 0, 10);
  PW_UI_TEST_WAIT_UNTIL (span_shows (fixture, first), 10);
}

/* An undo from outside, as the work area makes, takes the span from the
 * view and its selection; a redo brings it back. */
static void
test_undo_restores_view (Fixture       *fixture,
                         gconstpointer  data)
{
  guint bob = offset_of (SENTENCE, "Bob");

  select_range (fixture, bob, bob + 3);
  key ("1");
  PW_UI_TEST_WAIT_UNTIL (fixture->panel->drawn->len == 1, 10);
  g_assert_nonnull (_pw_text_panel_span_at (fixture->panel, bob));
  g_assert_nonnull (pw_text_panel_get_selected_span (fixture->panel));

  g_assert_true (pw_annotation_undo (fixture->annotation));
  g_assert_cmpuint (fixture->panel->drawn->len, ==, 0);
  g_assert_null (_pw_text_panel_span_at (fixture->panel, bob));
  g_assert_null (pw_text_panel_get_selected_span (fixture->panel));
  pw_ui_test_wait_for_frames (GTK_WIDGET (fixture->panel), 2);

  g_assert_true (pw_annotation_redo (fixture->annotation));
  g_assert_nonnull (_pw_text_panel_span_at (fixture->panel, bob));
  pw_ui_test_wait_for_frames (GTK_WIDGET (fixture->panel), 2);
}

/* Where the project forbids overlaps, a span over another is refused with
 * a message; where it allows them, a nested span is drawn a row below. */
static void
test_overlap_rules (Fixture       *fixture,
                    gconstpointer  data)
{
  guint smith = offset_of (SENTENCE, "Smith");

  add_span (fixture, "Anna Smith", "PER");
  pw_text_panel_set_task (fixture->panel, SENTENCE, fixture->annotation, fixture->labels,
                          PW_CHECK_NO_OVERLAPS);
  select_range (fixture, smith, smith + 9);
  key ("2");
  PW_UI_TEST_WAIT_UNTIL (pw_text_panel_get_message (fixture->panel) != NULL, 10);
  g_assert_cmpuint (n_spans (fixture), ==, 1);
  g_assert_nonnull (strstr (pw_text_panel_get_message (fixture->panel), "PER"));

  pw_text_panel_set_task (fixture->panel, SENTENCE, fixture->annotation, fixture->labels,
                          PW_CHECK_DEFAULT);
  select_range (fixture, smith, smith + 5);
  key ("2");
  PW_UI_TEST_WAIT_UNTIL (n_spans (fixture) == 2, 10);
  g_assert_cmpuint (fixture->panel->drawn->len, ==, 2);
  g_assert_cmpuint (g_array_index (fixture->panel->drawn, PwDrawnSpan, 0).depth, ==, 0);
  g_assert_cmpuint (g_array_index (fixture->panel->drawn, PwDrawnSpan, 1).depth, ==, 1);
  assert_span (g_array_index (fixture->panel->drawn, PwDrawnSpan, 1).span, SENTENCE,
               "Smith", "ORG");
  {
    g_autofree char *both = _pw_text_panel_describe_at (fixture->panel, smith);

    g_assert_cmpstr (both, ==, "Labeled: PER, ORG");
  }
  pw_ui_test_wait_for_frames (GTK_WIDGET (fixture->panel), 2);
}

#define DRAWN "Anna Smith met Bob, שלום עולם said Eve."

/* The colour drawn at the top of the character at @offset, where no ink
 * of the text is, as the window shows it. */
static guint32
pixel_over (Fixture    *fixture,
            GdkTexture *texture,
            guchar     *pixels,
            guint       offset)
{
  GtkTextView *view = pw_text_panel_get_view (fixture->panel);
  GtkTextIter iter;
  GdkRectangle location;
  graphene_point_t in, out;
  int wx, wy, x, y;

  gtk_text_buffer_get_iter_at_offset (gtk_text_view_get_buffer (view), &iter, offset);
  gtk_text_view_get_iter_location (view, &iter, &location);
  gtk_text_view_buffer_to_window_coords (view, GTK_TEXT_WINDOW_WIDGET,
                                         location.x + location.width / 2, location.y + 1,
                                         &wx, &wy);
  in = GRAPHENE_POINT_INIT (wx, wy);
  g_assert_true (gtk_widget_compute_point (GTK_WIDGET (view), GTK_WIDGET (fixture->window),
                                           &in, &out));
  x = (int) out.x;
  y = (int) out.y;
  g_assert_cmpint (x, >=, 0);
  g_assert_cmpint (x, <, gdk_texture_get_width (texture));
  g_assert_cmpint (y, >=, 0);
  g_assert_cmpint (y, <, gdk_texture_get_height (texture));
  return *(guint32 *) (pixels + (gsize) y * gdk_texture_get_width (texture) * 4 + x * 4);
}

/* The window as it draws now, and its pixels. */
static GdkTexture *
render_window (Fixture  *fixture,
               guchar  **pixels)
{
  g_autoptr (GdkPaintable) paintable = gtk_widget_paintable_new (GTK_WIDGET (fixture->window));
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr (GskRenderNode) node = NULL;
  GdkTexture *texture;
  int width = gtk_widget_get_width (GTK_WIDGET (fixture->window));
  int height = gtk_widget_get_height (GTK_WIDGET (fixture->window));

  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (fixture->window)),
                                         node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  *pixels = g_malloc ((gsize) gdk_texture_get_width (texture) * gdk_texture_get_height (texture) * 4);
  gdk_texture_download (texture, *pixels, gdk_texture_get_width (texture) * 4);
  return texture;
}

/* Spans show as backgrounds of their labels' colours: a nested span over
 * its outer one, and a span of right-to-left text where its letters are. */
static void
test_spans_drawn (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr (GdkTexture) texture = NULL;
  g_autofree guchar *pixels = NULL;
  guint32 plain, outer, nested, rtl;
  struct { const char *words; const char *label; } spans[] = {
    { "Anna Smith", "PER" }, { "Smith", "ORG" }, { "שלום", "ORG" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (spans); i++)
    {
      guint start = offset_of (DRAWN, spans[i].words);
      g_autofree char *id = pw_annotation_new_span_id (fixture->annotation);
      g_autoptr (PwTextSpan) span = pw_text_span_new (id, start,
                                                      start + g_utf8_strlen (spans[i].words, -1),
                                                      spans[i].label);

      pw_annotation_add_span (fixture->annotation, span);
    }
  pw_ui_test_wait_for_frames (GTK_WIDGET (fixture->panel), 2);
  texture = render_window (fixture, &pixels);

  plain = pixel_over (fixture, texture, pixels, offset_of (DRAWN, "met") + 1);
  outer = pixel_over (fixture, texture, pixels, offset_of (DRAWN, "Anna") + 1);
  nested = pixel_over (fixture, texture, pixels, offset_of (DRAWN, "Smith") + 2);
  rtl = pixel_over (fixture, texture, pixels, offset_of (DRAWN, "שלום") + 2);
  g_assert_cmphex (outer, !=, plain);
  g_assert_cmphex (nested, !=, plain);
  g_assert_cmphex (nested, !=, outer);
  g_assert_cmphex (rtl, !=, plain);
  g_assert_cmphex (pixel_over (fixture, texture, pixels, offset_of (DRAWN, "עולם") + 2), ==,
                   plain);
}

#define RTL_WRAPPED                                                                   \
  "אחת שתיים שלוש ארבע חמש שש שבע שמונה תשע עשר אחת עשרה שתים עשרה "             \
  "אחת שתיים שלוש ארבע חמש שש שבע שמונה תשע עשר אחת עשרה שתים עשרה "             \
  "אחת שתיים שלוש ארבע חמש שש שבע שמונה תשע עשר אחת עשרה שתים עשרה "             \
  "אחת שתיים שלוש ארבע חמש שש שבע שמונה תשע עשר אחת עשרה שתים עשרה "             \
  "אחת שתיים שלוש ארבע חמש שש שבע שמונה תשע עשר אחת עשרה שתים עשרה "             \
  "אחת שתיים שלוש ארבע חמש שש שבע שמונה תשע עשר אחת עשרה שתים עשרה "             \
  "مرحبا بالعالم الجميل مرحبا بالعالم الجميل مرحبا بالعالم الجميل مرحبا بالعالم "   \
  "الجميل مرحبا بالعالم الجميل مرحبا بالعالم الجميل مرحبا بالعالم الجميل."

/* A span of right-to-left text over three wrapped lines is drawn over
 * exactly its letters: on its first line from its start leftwards, on its
 * last line from the right up to its end, and nowhere else on those
 * lines. */
static void
test_rtl_wrapped_span_drawn (Fixture       *fixture,
                             gconstpointer  data)
{
  const char *text = data;
  GtkTextView *view = pw_text_panel_get_view (fixture->panel);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  guint n = (guint) g_utf8_strlen (text, -1);
  g_autofree int *line_of = g_new0 (int, n);
  g_autoptr (GArray) word_starts = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr (GdkTexture) texture = NULL;
  g_autofree guchar *pixels = NULL;
  g_autofree char *id = NULL;
  g_autoptr (PwTextSpan) span = NULL;
  guint start = 0, end = 0, checked = 0;
  int line = 0, last_y = G_MININT;
  guint32 plain = 0;
  const char *p = text;

  /* The display line of every character, and where words start. */
  for (guint i = 0; i < n; i++, p = g_utf8_next_char (p))
    {
      GtkTextIter iter;
      GdkRectangle location;

      gtk_text_buffer_get_iter_at_offset (buffer, &iter, i);
      gtk_text_view_get_iter_location (view, &iter, &location);
      if (location.y != last_y && i > 0)
        line++;
      last_y = location.y;
      line_of[i] = line;
      if (g_unichar_isalpha (g_utf8_get_char (p))
          && (i == 0 || !g_unichar_isalpha (g_utf8_get_char (g_utf8_prev_char (p)))))
        g_array_append_val (word_starts, i);
    }
  g_assert_cmpint (line, >=, 3);

  /* From the third word of the first line to the second word of the
   * third line, whole words. */
  for (guint w = 0, on_first = 0, on_third = 0; w < word_starts->len; w++)
    {
      guint at = g_array_index (word_starts, guint, w);

      if (line_of[at] == 0 && ++on_first == 3)
        start = at;
      if (line_of[at] == 2 && ++on_third == 2)
        {
          end = at;
          while (end < n && line_of[end] == 2
                 && g_unichar_isalpha (g_utf8_get_char (g_utf8_offset_to_pointer (text, end))))
            end++;
        }
    }
  g_assert_cmpuint (start, >, 0);
  g_assert_cmpuint (end, >, start);

  id = pw_annotation_new_span_id (fixture->annotation);
  span = pw_text_span_new (id, start, end, "PER");
  pw_annotation_add_span (fixture->annotation, span);
  pw_ui_test_wait_for_frames (GTK_WIDGET (fixture->panel), 2);
  texture = render_window (fixture, &pixels);

  /* The line after the span's shows the view's background. */
  for (guint i = end; i < n; i++)
    {
      if (line_of[i] == 3)
        {
          plain = pixel_over (fixture, texture, pixels, i + 1);
          break;
        }
    }
  for (guint i = 0; i < n && line_of[i] <= 2; i++)
    {
      gunichar c = g_utf8_get_char (g_utf8_offset_to_pointer (text, i));
      guint32 pixel;

      if (!g_unichar_isalpha (c))
        continue;
      pixel = pixel_over (fixture, texture, pixels, i);
      if (i >= start && i < end)
        g_assert_cmphex (pixel, !=, plain);
      else
        g_assert_cmphex (pixel, ==, plain);
      checked++;
    }
  g_assert_cmpuint (checked, >, 20);
}

/* With nothing selected a digit is the window's (the choices'), and so
 * are Ctrl+Return and Ctrl+Z whatever is selected. */
static void
test_keys_left_to_window (Fixture       *fixture,
                          gconstpointer  data)
{
  guint bob = offset_of (SENTENCE, "Bob");

  key ("1");
  PW_UI_TEST_WAIT_UNTIL (fixture->window_keys->len == 1, 10);
  g_assert_cmpuint (n_spans (fixture), ==, 0);
  g_assert_cmpuint (g_array_index (fixture->window_keys, guint, 0), ==, GDK_KEY_1);
  g_assert_false (pw_text_panel_label_selection (fixture->panel,
                                                 pw_label_set_get_label (fixture->labels, 0)));

  select_range (fixture, bob, bob + 3);
  key ("ctrl+Return");
  key ("ctrl+z");
  key ("ctrl+t");
  PW_UI_TEST_WAIT_UNTIL (fixture->window_keys->len == 4, 10);
  g_assert_cmpuint (g_array_index (fixture->window_keys, guint, 1), ==, GDK_KEY_Return);
  g_assert_cmpuint (g_array_index (fixture->window_keys, guint, 2), ==, GDK_KEY_z);
  g_assert_cmpuint (g_array_index (fixture->window_keys, guint, 3), ==, GDK_KEY_t);
  g_assert_true (pw_text_panel_get_selection (fixture->panel, NULL, NULL));
  g_assert_true (pw_text_panel_label_selection (fixture->panel,
                                                pw_label_set_get_label (fixture->labels, 0)));
  assert_span (span_at (fixture, 0), SENTENCE, "Bob", "PER");
}

/* Ctrl+End then Shift+Ctrl+Left selects the last word, and a digit labels
 * it without its full stop: three keys for a one-word span. */
static void
test_last_word (Fixture       *fixture,
                gconstpointer  data)
{
  guint start, end;

  key ("ctrl+End");
  key ("shift+ctrl+Left");
  PW_UI_TEST_WAIT_UNTIL (pw_text_panel_get_selection (fixture->panel, &start, &end)
                         && start == offset_of (SENTENCE, "yesterday"), 10);
  g_assert_cmpuint (end, ==, g_utf8_strlen (SENTENCE, -1));
  key ("1");
  PW_UI_TEST_WAIT_UNTIL (n_spans (fixture) == 1, 10);
  assert_span (span_at (fixture, 0), SENTENCE, "yesterday", "PER");
}

/* A click on a span selects it; a click elsewhere leaves it. */
static void
test_click_selects (Fixture       *fixture,
                    gconstpointer  data)
{
  GtkTextView *view = pw_text_panel_get_view (fixture->panel);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  graphene_point_t in, out;
  g_autofree char *sx = NULL, *sy = NULL, *fx = NULL;
  GdkRectangle location;
  GtkTextIter iter;
  int wx, wy;
  double nx, ny;

  add_span (fixture, "Bob", "PER");
  pw_ui_test_wait_for_frames (GTK_WIDGET (fixture->panel), 2);

  gtk_text_buffer_get_iter_at_offset (buffer, &iter, offset_of (SENTENCE, "Bob") + 1);
  gtk_text_view_get_iter_location (view, &iter, &location);
  gtk_text_view_buffer_to_window_coords (view, GTK_TEXT_WINDOW_WIDGET,
                                         location.x + 2, location.y + location.height / 2,
                                         &wx, &wy);
  in = GRAPHENE_POINT_INIT (wx, wy);
  g_assert_true (gtk_widget_compute_point (GTK_WIDGET (view), GTK_WIDGET (fixture->window),
                                           &in, &out));
  gtk_native_get_surface_transform (GTK_NATIVE (fixture->window), &nx, &ny);
  sx = g_strdup_printf ("%d", (int) (out.x + nx));
  sy = g_strdup_printf ("%d", (int) (out.y + ny));
  pw_ui_test_xdotool ("mousemove", sx, sy, "sleep", "0.05", "click", "1", "sleep", "0.45", NULL);
  PW_UI_TEST_WAIT_UNTIL (pw_text_panel_get_selected_span (fixture->panel) != NULL, 10);
  assert_span (pw_annotation_lookup_span (fixture->annotation,
                                          pw_text_panel_get_selected_span (fixture->panel)),
               SENTENCE, "Bob", "PER");

  /* Far to the left of the text's start, on the first word: no span. */
  gtk_text_buffer_get_iter_at_offset (buffer, &iter, 1);
  gtk_text_view_get_iter_location (view, &iter, &location);
  gtk_text_view_buffer_to_window_coords (view, GTK_TEXT_WINDOW_WIDGET,
                                         location.x, location.y + location.height / 2,
                                         &wx, &wy);
  in = GRAPHENE_POINT_INIT (wx, wy);
  g_assert_true (gtk_widget_compute_point (GTK_WIDGET (view), GTK_WIDGET (fixture->window),
                                           &in, &out));
  fx = g_strdup_printf ("%d", (int) (out.x + nx));
  g_free (sy);
  sy = g_strdup_printf ("%d", (int) (out.y + ny));
  pw_ui_test_xdotool ("mousemove", fx, sy, "sleep", "0.05", "click", "1", "sleep", "0.45", NULL);
  PW_UI_TEST_WAIT_UNTIL (pw_text_panel_get_selected_span (fixture->panel) == NULL, 10);
}

typedef struct
{
  Fixture      *fixture;
  PwAnnotation *annotation;
  const char   *text;
} NewText;

/* In the frame's update phase, as a key the frame delivers does. */
static gboolean
set_text_in_frame (GtkWidget     *widget,
                   GdkFrameClock *clock,
                   gpointer       user_data)
{
  NewText *new_text = user_data;

  /* As the work area does: the task left is shown empty, then the next. */
  pw_text_panel_set_task (new_text->fixture->panel, "", new_text->annotation,
                          new_text->fixture->labels, PW_CHECK_DEFAULT);
  pw_text_panel_set_task (new_text->fixture->panel, new_text->text, new_text->annotation,
                          new_text->fixture->labels, PW_CHECK_DEFAULT);
  return G_SOURCE_REMOVE;
}

/* A new text is laid out in the frame's layout, with the scrollbar
 * placed after it, never while the frame is drawn: GTK warns of that
 * ("Trying to snapshot GtkGizmo without a current allocation"). GTK 4
 * delivers input at the start of a frame, so a key that opens the next
 * task sets its text in the frame that draws it, before any idle in which
 * the view would lay it out by itself: the view must be laid out again in
 * that frame's layout, whatever the text's height. */
static void
test_new_text_laid_out_before_drawn (Fixture       *fixture,
                                     gconstpointer  data)
{
  PwTextPanelView *view = PW_TEXT_PANEL_VIEW (pw_text_panel_get_view (fixture->panel));
  g_autoptr (PwAnnotation) annotation = pw_annotation_new_for_tools (PW_ANNOTATION_TOOL_SPAN);
  NewText new_text = { fixture, annotation, NULL };
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));

  for (int round = 0; round < 4; round++)
    {
      guint allocations = view->n_allocations;

      /* One line each, as one short review after another: the view keeps
       * its height, so nothing but the text asks for a new layout. */
      new_text.text = round % 2 == 0 ? "The delivery arrived two days early." : "Is the sky blue?";
      gtk_widget_add_tick_callback (GTK_WIDGET (fixture->panel), set_text_in_frame, &new_text,
                                    NULL);
      PW_UI_TEST_WAIT_UNTIL (gtk_text_buffer_get_char_count (buffer)
                             == (int) g_utf8_strlen (new_text.text, -1), 10);
      pw_ui_test_wait_for_frames (GTK_WIDGET (fixture->window), 2);
      g_assert_cmpuint (view->n_allocations, >, allocations);
    }

  pw_text_panel_set_task (fixture->panel, SENTENCE, fixture->annotation, fixture->labels,
                          PW_CHECK_DEFAULT);
}

int
main (int    argc,
      char **argv)
{
  int status;

  app = pw_ui_test_init (&argc, &argv);

#define ADD(path, func, text) \
  g_test_add ("/text-panel/" path, Fixture, text, fixture_set_up, func, fixture_tear_down)
  ADD ("label-by-keys", test_label_by_keys, NULL);
  ADD ("offsets-exact", test_offsets_exact, MIXED);
  ADD ("walk-relabel-delete", test_walk_relabel_delete, NULL);
  ADD ("walk-scrolls", test_walk_scrolls, NULL);
  ADD ("undo-restores-view", test_undo_restores_view, NULL);
  ADD ("overlap-rules", test_overlap_rules, NULL);
  ADD ("spans-drawn", test_spans_drawn, DRAWN);
  ADD ("rtl-wrapped-span-drawn", test_rtl_wrapped_span_drawn, RTL_WRAPPED);
  ADD ("keys-left-to-window", test_keys_left_to_window, NULL);
  ADD ("last-word", test_last_word, NULL);
  ADD ("click-selects", test_click_selects, NULL);
  ADD ("new-text-laid-out-before-drawn", test_new_text_laid_out_before_drawn, NULL);
#undef ADD

  status = g_test_run ();
  g_object_unref (app);
  return status;
}
