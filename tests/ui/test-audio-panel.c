/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <fcntl.h>
#include <math.h>
#include <unistd.h>

#include "media/pw-audio-levels-private.h"
#include "media/pw-audio-player-private.h"
#include "media/pw-audio-test.h"
#include "pw-audio-panel-private.h"
#include "pw-ui-test.h"
#include "pw-waveform-view-private.h"

/* The audio panel with real key and pointer events from xdotool under
 * Xvfb, over a generated recording and a player whose output keeps time
 * without sound. A text field below the panel stands for the transcript
 * the work area puts there: the playback keys work while it has the
 * focus. */

#define RATE 16000
#define SECONDS 20
#define WINDOW_WIDTH 1000
#define WINDOW_HEIGHT 500
#define SINK "fakesink sync=true"
/* The middle of the waveform band, away from the ruler. */
#define WAVE_Y 100
/* Times the output reports are exact to a sample; seeks and edges made
 * by the pointer to a column. */
#define EXACT 1e-6

static PwApplication *app;
static char *dir;
static char *wav_path;
static GBytes *wav;

typedef struct
{
  GtkWindow     *window;
  PwAudioPanel  *panel;
  GtkEntry      *transcript;
  PwAudioLevels *levels;
  PwAnnotation  *annotation;
  PwLabelSet    *labels;
  GSettings     *settings;
  gpointer       weak_window;
  gpointer       weak_panel;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr (GFile) file = g_file_new_for_path (wav_path);
  g_autoptr (GError) error = NULL;
  PwCheckFlags rules = GPOINTER_TO_UINT (data);
  GtkWidget *box;

  fixture->settings = g_settings_new (PW_APP_ID);
  g_settings_reset (fixture->settings, "audio-rewind");
  g_settings_reset (fixture->settings, "audio-play-key");
  fixture->levels = pw_audio_levels_new_from_wav (wav, "tone.wav", &error);
  g_assert_no_error (error);
  fixture->annotation = pw_annotation_new_for_tools (PW_ANNOTATION_TOOL_SEGMENT | PW_ANNOTATION_TOOL_TRANSCRIPT);
  fixture->labels = pw_label_set_new ();
  pw_label_set_append (fixture->labels, "speech");
  pw_label_set_append (fixture->labels, "noise");

  fixture->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_decorated (fixture->window, FALSE);
  gtk_window_set_default_size (fixture->window, WINDOW_WIDTH, WINDOW_HEIGHT);
  fixture->weak_window = fixture->window;
  g_object_add_weak_pointer (G_OBJECT (fixture->window), &fixture->weak_window);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  fixture->panel = PW_AUDIO_PANEL (pw_audio_panel_new ());
  fixture->weak_panel = fixture->panel;
  g_object_add_weak_pointer (G_OBJECT (fixture->panel), &fixture->weak_panel);
  gtk_widget_set_vexpand (GTK_WIDGET (fixture->panel), TRUE);
  fixture->transcript = GTK_ENTRY (gtk_entry_new ());
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (fixture->panel));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (fixture->transcript));
  gtk_window_set_child (fixture->window, box);

  pw_audio_panel_set_task (fixture->panel, file, fixture->levels, fixture->annotation, fixture->labels, rules);
  PW_UI_TEST_WAIT_UNTIL (pw_audio_player_is_ready (pw_audio_panel_get_player (fixture->panel)), 20);
  gtk_window_present (fixture->window);
  pw_ui_test_wait_for_frames (GTK_WIDGET (fixture->window), 3);
  gtk_widget_grab_focus (GTK_WIDGET (fixture->transcript));
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (_pw_audio_panel_get_view (fixture->panel))), ==, WINDOW_WIDTH);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  PwAudioPlayer *player = pw_audio_panel_get_player (fixture->panel);
  gpointer weak_player = player;
  gpointer weak_pipeline = _pw_audio_player_get_pipeline (player);

  g_object_add_weak_pointer (G_OBJECT (player), &weak_player);
  g_object_add_weak_pointer (G_OBJECT (weak_pipeline), &weak_pipeline);
  gtk_window_destroy (fixture->window);
  pw_ui_test_wait_finalized (&fixture->weak_window);
  pw_ui_test_wait_finalized (&fixture->weak_panel);
  pw_ui_test_wait_finalized (&weak_player);
  pw_ui_test_wait_finalized (&weak_pipeline);
  g_assert_finalize_object (fixture->levels);
  g_assert_finalize_object (fixture->annotation);
  g_assert_finalize_object (fixture->labels);
  g_settings_reset (fixture->settings, "audio-rewind");
  g_settings_reset (fixture->settings, "audio-play-key");
  g_object_unref (fixture->settings);
}

static PwAudioPlayer *
player_of (Fixture *fixture)
{
  return pw_audio_panel_get_player (fixture->panel);
}

static GtkWidget *
view_of (Fixture *fixture)
{
  return GTK_WIDGET (_pw_audio_panel_get_view (fixture->panel));
}

static void
key (const char *keys)
{
  pw_ui_test_xdotool ("key", "--clearmodifiers", keys, NULL);
}

static void
seek_and_wait (Fixture *fixture,
               double   seconds)
{
  pw_audio_player_seek (player_of (fixture), seconds);
  PW_UI_TEST_WAIT_UNTIL (!pw_audio_player_is_seeking (player_of (fixture)), 20);
}

static PwSegment *
segment_at (Fixture *fixture,
            guint    index)
{
  GPtrArray *segments = pw_annotation_get_segments (fixture->annotation);

  g_assert_cmpuint (index, <, segments->len);
  return g_ptr_array_index (segments, index);
}

static guint
n_segments (Fixture *fixture)
{
  return pw_annotation_get_segments (fixture->annotation)->len;
}

static PwSegment *
add_segment (Fixture *fixture,
             double   start,
             double   end)
{
  g_assert_true (_pw_audio_panel_add_segment (fixture->panel, start, end));
  return pw_annotation_lookup_segment (fixture->annotation, pw_audio_panel_get_selected_segment (fixture->panel));
}

/* The waveform and the rows show what the annotation holds. */
static void
assert_shown (Fixture *fixture)
{
  PwWaveformView *view = _pw_audio_panel_get_view (fixture->panel);
  GPtrArray *segments = pw_annotation_get_segments (fixture->annotation);

  g_assert_cmpuint (view->ranges->len, ==, segments->len);
  for (guint i = 0; i < segments->len; i++)
    {
      PwSegment *segment = g_ptr_array_index (segments, i);
      const PwWaveRange *range = &g_array_index (view->ranges, PwWaveRange, i);
      GtkEntry *entry = _pw_audio_panel_get_text_entry (fixture->panel, pw_segment_get_id (segment));

      g_assert_cmpstr (range->id, ==, pw_segment_get_id (segment));
      g_assert_cmpfloat (range->start, ==, pw_segment_get_start (segment));
      g_assert_cmpfloat (range->end, ==, pw_segment_get_end (segment));
      g_assert_cmpstr (range->label, ==, pw_segment_get_label (segment));
      g_assert_nonnull (entry);
      g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, pw_segment_get_text (segment));
    }
}

/* Ctrl+Space plays and pauses while the transcript or a segment's text
 * has the focus, and types nothing there; so does the worker's own key,
 * which follows Preferences, and the media keys. */
static void
test_play_keys (Fixture       *fixture,
                gconstpointer  data)
{
  PwAudioPlayer *player = player_of (fixture);
  GtkEntry *entry;

  g_assert_true (gtk_widget_has_focus (GTK_WIDGET (fixture->transcript))
                 || gtk_widget_is_focus (gtk_widget_get_first_child (GTK_WIDGET (fixture->transcript))));
  key ("ctrl+space");
  g_assert_true (pw_audio_player_get_playing (player));
  PW_UI_TEST_WAIT_UNTIL (pw_audio_player_get_position (player) > 0.2, 20);
  key ("ctrl+space");
  g_assert_false (pw_audio_player_get_playing (player));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (fixture->transcript)), ==, "");

  /* In a segment's own text. */
  add_segment (fixture, 5, 6);
  pw_audio_player_pause (player);
  entry = _pw_audio_panel_get_text_entry (fixture->panel, pw_audio_panel_get_selected_segment (fixture->panel));
  gtk_widget_grab_focus (GTK_WIDGET (entry));
  pw_audio_player_pause (player);
  key ("ctrl+space");
  g_assert_true (pw_audio_player_get_playing (player));
  key ("ctrl+space");
  g_assert_false (pw_audio_player_get_playing (player));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "");

  /* The worker's key, changed in Preferences while the panel is open. */
  g_settings_set_string (fixture->settings, "audio-play-key", "F8");
  key ("F8");
  g_assert_true (pw_audio_player_get_playing (player));
  key ("F8");
  g_assert_false (pw_audio_player_get_playing (player));
  g_settings_set_string (fixture->settings, "audio-play-key", "<Control>p");
  key ("F8");
  g_assert_false (pw_audio_player_get_playing (player));
  key ("ctrl+p");
  g_assert_true (pw_audio_player_get_playing (player));

  /* Media keys. */
  key ("XF86AudioPause");
  g_assert_false (pw_audio_player_get_playing (player));
  key ("XF86AudioPlay");
  g_assert_true (pw_audio_player_get_playing (player));
  key ("XF86AudioStop");
  g_assert_false (pw_audio_player_get_playing (player));

  /* The play button says what a press does. */
  key ("ctrl+space");
  g_assert_cmpstr (gtk_button_get_icon_name (fixture->panel->play_button), ==, "media-playback-pause-symbolic");
  /* Hidden, the panel stops and takes no keys. */
  gtk_widget_set_visible (GTK_WIDGET (fixture->panel), FALSE);
  g_assert_false (pw_audio_player_get_playing (player));
  gtk_widget_grab_focus (GTK_WIDGET (fixture->transcript));
  key ("ctrl+space");
  g_assert_false (pw_audio_player_get_playing (player));
  gtk_widget_set_visible (GTK_WIDGET (fixture->panel), TRUE);

  /* pw_audio_panel_stop() stops, as when the worker leaves the task. */
  key ("ctrl+space");
  g_assert_true (pw_audio_player_get_playing (player));
  pw_audio_panel_stop (fixture->panel);
  g_assert_false (pw_audio_player_get_playing (player));

  /* The fake output is silent, and the panel says so. */
  g_assert_true (gtk_widget_get_visible (fixture->panel->silent_box));
  g_assert_cmpstr (gtk_label_get_label (fixture->panel->silent_label), ==, pw_audio_player_get_silent_note (player));

  /* In a narrow panel too, the note wraps on a row of its own and the
   * round play button stays round. */
  {
    GtkWidget *button = GTK_WIDGET (fixture->panel->play_button);
    GtkRoot *window = gtk_widget_get_root (button);
    graphene_rect_t bounds;
    graphene_rect_t note;

    gtk_window_set_default_size (GTK_WINDOW (window), 380, 600);
    PW_UI_TEST_WAIT_UNTIL (gtk_widget_get_width (GTK_WIDGET (window)) <= 400, 20);
    pw_ui_test_wait_for_frames (GTK_WIDGET (window), 2);
    g_assert_true (gtk_widget_compute_bounds (button, GTK_WIDGET (fixture->panel), &bounds));
    g_assert_true (gtk_widget_compute_bounds (GTK_WIDGET (fixture->panel->silent_box),
                                              GTK_WIDGET (fixture->panel), &note));
    g_assert_cmpfloat (bounds.size.height, <=, bounds.size.width + 1);
    g_assert_cmpfloat (note.origin.y, >=, bounds.origin.y + bounds.size.height);
  }
}

/* Alt+Left and Alt+Right skip 2 s, Alt+Up and Alt+Down step the speed
 * by 0.25 within 0.5 to 2.0; from the transcript. */
static void
test_skip_and_speed (Fixture       *fixture,
                     gconstpointer  data)
{
  PwAudioPlayer *player = player_of (fixture);

  seek_and_wait (fixture, 10);
  key ("alt+Right");
  PW_UI_TEST_WAIT_UNTIL (!pw_audio_player_is_seeking (player), 20);
  g_assert_cmpfloat_with_epsilon (pw_audio_player_get_position (player), 12, EXACT);
  key ("alt+Left");
  key ("alt+Left");
  PW_UI_TEST_WAIT_UNTIL (!pw_audio_player_is_seeking (player), 20);
  g_assert_cmpfloat_with_epsilon (pw_audio_player_get_position (player), 8, EXACT);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (fixture->transcript)), ==, "");

  key ("alt+Up");
  g_assert_cmpfloat (pw_audio_player_get_rate (player), ==, 1.25);
  g_assert_cmpstr (gtk_label_get_label (fixture->panel->speed_label), ==, "1.25×");
  for (guint i = 0; i < 4; i++)
    key ("alt+Up");
  g_assert_cmpfloat (pw_audio_player_get_rate (player), ==, PW_AUDIO_PLAYER_MAX_RATE);
  for (guint i = 0; i < 7; i++)
    key ("alt+Down");
  g_assert_cmpfloat (pw_audio_player_get_rate (player), ==, PW_AUDIO_PLAYER_MIN_RATE);
  g_assert_cmpstr (gtk_label_get_label (fixture->panel->speed_label), ==, "0.50×");

  /* Speed kept while playing. */
  key ("ctrl+space");
  PW_UI_TEST_WAIT_UNTIL (pw_audio_player_get_position (player) > 8.2, 20);
  g_assert_cmpfloat (pw_audio_player_get_rate (player), ==, PW_AUDIO_PLAYER_MIN_RATE);
  key ("ctrl+space");
}

/* A resume plays again the seconds of the setting, which the panel
 * follows while it is open. */
static void
test_auto_rewind (Fixture       *fixture,
                  gconstpointer  data)
{
  PwAudioPlayer *player = player_of (fixture);
  double paused_at, resumed_at;

  g_assert_cmpfloat (pw_audio_player_get_auto_rewind (player), ==, 1.5);
  g_settings_set_double (fixture->settings, "audio-rewind", 3.0);
  g_assert_cmpfloat (pw_audio_player_get_auto_rewind (player), ==, 3.0);

  seek_and_wait (fixture, 6);
  key ("ctrl+space");
  PW_UI_TEST_WAIT_UNTIL (pw_audio_player_get_position (player) > 6.3, 20);
  key ("ctrl+space");
  PW_UI_TEST_WAIT_UNTIL (!pw_audio_player_is_seeking (player), 20);
  paused_at = pw_audio_player_get_position (player);
  key ("ctrl+space");
  PW_UI_TEST_WAIT_UNTIL (!pw_audio_player_is_seeking (player), 20);
  resumed_at = pw_audio_player_get_position (player);
  g_assert_cmpfloat (resumed_at, >=, paused_at - 3.0 - 1e-3);
  g_assert_cmpfloat (resumed_at, <, paused_at - 2.0);
  key ("ctrl+space");

  g_settings_set_double (fixture->settings, "audio-rewind", 0);
  g_assert_cmpfloat (pw_audio_player_get_auto_rewind (player), ==, 0);
}

/* Ctrl+M where speech starts and again where it ends, while the sound
 * plays and the worker types in the transcript. */
static void
test_mark_keys (Fixture       *fixture,
                gconstpointer  data)
{
  PwAudioPlayer *player = player_of (fixture);
  PwSegment *segment;
  double before, after;

  seek_and_wait (fixture, 2);
  key ("ctrl+space");
  PW_UI_TEST_WAIT_UNTIL (pw_audio_player_get_position (player) > 3, 20);
  before = pw_audio_player_get_position (player);
  key ("ctrl+m");
  after = pw_audio_player_get_position (player);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (fixture->panel->mark_label)));
  g_assert_cmpuint (n_segments (fixture), ==, 0);
  PW_UI_TEST_WAIT_UNTIL (pw_audio_player_get_position (player) > 4.5, 20);
  key ("ctrl+m");
  g_assert_true (pw_audio_player_get_playing (player));
  key ("ctrl+space");

  g_assert_cmpuint (n_segments (fixture), ==, 1);
  segment = segment_at (fixture, 0);
  g_assert_cmpfloat (pw_segment_get_start (segment), >=, before);
  g_assert_cmpfloat (pw_segment_get_start (segment), <=, after);
  g_assert_cmpfloat (pw_segment_get_end (segment), >, 4.5);
  g_assert_cmpfloat (pw_segment_get_end (segment), <=, pw_audio_player_get_position (player) + EXACT);
  g_assert_null (pw_segment_get_label (segment));
  g_assert_cmpstr (pw_audio_panel_get_selected_segment (fixture->panel), ==, pw_segment_get_id (segment));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (fixture->panel->mark_label)));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (fixture->transcript)), ==, "");
  assert_shown (fixture);
}

/* A drag on the waveform makes a segment; a drag on it moves it, on its
 * edge moves the edge. */
static void
test_drag (Fixture       *fixture,
           gconstpointer  data)
{
  GtkWidget *view = view_of (fixture);
  double spp = pw_waveform_view_get_seconds_per_pixel (PW_WAVEFORM_VIEW (view));
  PwSegment *segment;
  double x;

  pw_ui_test_drag (view, 200, 400, WAVE_Y);
  g_assert_cmpuint (n_segments (fixture), ==, 1);
  segment = segment_at (fixture, 0);
  g_assert_cmpfloat_with_epsilon (pw_segment_get_start (segment), 200 * spp, 1.01 * spp);
  g_assert_cmpfloat_with_epsilon (pw_segment_get_end (segment), 400 * spp, 1.01 * spp);
  g_assert_cmpstr (pw_audio_panel_get_selected_segment (fixture->panel), ==, pw_segment_get_id (segment));
  g_assert_false (pw_waveform_view_get_selection (PW_WAVEFORM_VIEW (view), NULL, NULL));

  /* Its body 50 columns right, its length kept. */
  pw_ui_test_drag (view, 300, 350, WAVE_Y);
  g_assert_cmpuint (n_segments (fixture), ==, 1);
  segment = segment_at (fixture, 0);
  g_assert_cmpfloat_with_epsilon (pw_segment_get_start (segment), 250 * spp, 1.01 * spp);
  g_assert_cmpfloat_with_epsilon (pw_segment_get_end (segment), 450 * spp, 1.01 * spp);

  /* Its end edge 25 columns further. */
  x = pw_waveform_view_x_at (PW_WAVEFORM_VIEW (view), pw_segment_get_end (segment));
  pw_ui_test_drag (view, x, x + 25, WAVE_Y);
  segment = segment_at (fixture, 0);
  g_assert_cmpfloat_with_epsilon (pw_segment_get_start (segment), 250 * spp, 1.01 * spp);
  g_assert_cmpfloat_with_epsilon (pw_segment_get_end (segment), 475 * spp, 1.01 * spp);
  assert_shown (fixture);
}

/* With a segment selected and the focus on the waveform: the arrows
 * nudge its end, with Shift its start, with Ctrl ten times as far; a
 * digit labels it; Tab walks; Delete removes. */
static void
test_segment_keys (Fixture       *fixture,
                   gconstpointer  data)
{
  PwSegment *first, *second;
  g_autofree char *first_id = NULL;
  g_autofree char *second_id = NULL;

  second_id = g_strdup (pw_segment_get_id (add_segment (fixture, 10, 12)));
  first_id = g_strdup (pw_segment_get_id (add_segment (fixture, 4, 8)));
  gtk_widget_grab_focus (view_of (fixture));

  key ("Right");
  first = pw_annotation_lookup_segment (fixture->annotation, first_id);
  g_assert_cmpfloat_with_epsilon (pw_segment_get_end (first), 8.01, EXACT);
  key ("shift+Right");
  first = pw_annotation_lookup_segment (fixture->annotation, first_id);
  g_assert_cmpfloat_with_epsilon (pw_segment_get_start (first), 4.01, EXACT);
  key ("ctrl+Left");
  first = pw_annotation_lookup_segment (fixture->annotation, first_id);
  g_assert_cmpfloat_with_epsilon (pw_segment_get_end (first), 7.91, EXACT);
  key ("ctrl+shift+Left");
  first = pw_annotation_lookup_segment (fixture->annotation, first_id);
  g_assert_cmpfloat_with_epsilon (pw_segment_get_start (first), 3.91, EXACT);

  key ("1");
  first = pw_annotation_lookup_segment (fixture->annotation, first_id);
  g_assert_cmpstr (pw_segment_get_label (first), ==, "speech");
  key ("2");
  first = pw_annotation_lookup_segment (fixture->annotation, first_id);
  g_assert_cmpstr (pw_segment_get_label (first), ==, "noise");
  g_assert_cmpstr (g_array_index (_pw_audio_panel_get_view (fixture->panel)->ranges, PwWaveRange, 0).label,
                   ==, "noise");

  /* Tab goes to the next segment and plays it. */
  pw_audio_player_pause (player_of (fixture));
  key ("Tab");
  g_assert_cmpstr (pw_audio_panel_get_selected_segment (fixture->panel), ==, second_id);
  g_assert_true (pw_audio_player_get_playing (player_of (fixture)));
  PW_UI_TEST_WAIT_UNTIL (!pw_audio_player_is_seeking (player_of (fixture)), 20);
  g_assert_cmpfloat (pw_audio_player_get_position (player_of (fixture)), >=, 10 - EXACT);
  key ("shift+Tab");
  g_assert_cmpstr (pw_audio_panel_get_selected_segment (fixture->panel), ==, first_id);
  key ("Tab");

  /* Delete removes the second and puts the worker on the first. */
  key ("Delete");
  g_assert_cmpuint (n_segments (fixture), ==, 1);
  second = pw_annotation_lookup_segment (fixture->annotation, second_id);
  g_assert_null (second);
  g_assert_cmpstr (pw_audio_panel_get_selected_segment (fixture->panel), ==, first_id);
  assert_shown (fixture);

  /* The work area labels through the panel too. */
  g_assert_true (pw_audio_panel_label_segment (fixture->panel, pw_label_set_get_label (fixture->labels, 0)));
  first = pw_annotation_lookup_segment (fixture->annotation, first_id);
  g_assert_cmpstr (pw_segment_get_label (first), ==, "speech");
}

/* Each segment keeps its own text; Tab from one's text goes into the
 * next one's. */
static void
test_text (Fixture       *fixture,
           gconstpointer  data)
{
  g_autofree char *first_id = NULL;
  g_autofree char *second_id = NULL;
  GtkEntry *entry;

  second_id = g_strdup (pw_segment_get_id (add_segment (fixture, 10, 12)));
  first_id = g_strdup (pw_segment_get_id (add_segment (fixture, 4, 8)));
  entry = _pw_audio_panel_get_text_entry (fixture->panel, first_id);
  gtk_widget_grab_focus (GTK_WIDGET (entry));
  pw_ui_test_xdotool ("type", "--delay", "20", "hello there", NULL);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "hello there");
  key ("Return");
  g_assert_cmpstr (pw_segment_get_text (pw_annotation_lookup_segment (fixture->annotation, first_id)),
                   ==, "hello there");

  key ("Tab");
  g_assert_cmpstr (pw_audio_panel_get_selected_segment (fixture->panel), ==, second_id);
  entry = _pw_audio_panel_get_text_entry (fixture->panel, second_id);
  g_assert_true (gtk_widget_is_focus (gtk_widget_get_first_child (GTK_WIDGET (entry)))
                 || gtk_widget_has_focus (GTK_WIDGET (entry)));
  /* What is checked and submitted has the last letters typed. */
  pw_ui_test_xdotool ("type", "--delay", "20", "1 2", NULL);
  g_assert_cmpstr (pw_segment_get_text (pw_annotation_lookup_segment (pw_audio_panel_get_annotation (fixture->panel),
                                                                      second_id)), ==, "1 2");
  /* A pause in typing keeps the text too. */
  pw_ui_test_xdotool ("type", "--delay", "20", " 3", NULL);
  PW_UI_TEST_WAIT_UNTIL (g_strcmp0 (pw_segment_get_text (pw_annotation_lookup_segment (fixture->annotation,
                                                                                         second_id)),
                                    "1 2 3") == 0, 20);
  g_assert_cmpstr (pw_segment_get_text (pw_annotation_lookup_segment (fixture->annotation, first_id)),
                   ==, "hello there");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (fixture->transcript)), ==, "");

  /* An undo shows in the field. */
  g_assert_true (pw_annotation_undo (fixture->annotation));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "1 2");
  g_assert_true (pw_annotation_undo (fixture->annotation));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "");
  assert_shown (fixture);
}

/* Ctrl+L plays the selected segment over and over. */
static void
test_loop (Fixture       *fixture,
           gconstpointer  data)
{
  PwAudioPlayer *player = player_of (fixture);
  gboolean wrapped = FALSE;
  gint64 deadline;

  add_segment (fixture, 2, 2.6);
  key ("ctrl+l");
  g_assert_true (pw_audio_player_has_loop (player));
  g_assert_cmpfloat (pw_audio_player_get_loop_start (player), ==, 2);
  g_assert_cmpfloat (pw_audio_player_get_loop_end (player), ==, 2.6);
  g_assert_true (pw_audio_player_get_playing (player));

  /* Past its end it starts over. */
  PW_UI_TEST_WAIT_UNTIL (pw_audio_player_get_position (player) > 2.4, 20);
  deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  while (!wrapped && g_get_monotonic_time () < deadline)
    {
      double position = pw_audio_player_get_position (player);

      g_assert_cmpfloat (position, <=, 2.6 + 0.05);
      wrapped = position < 2.3;
      pw_ui_test_iterate (5);
    }
  g_assert_true (wrapped);

  key ("ctrl+l");
  g_assert_false (pw_audio_player_has_loop (player));
  pw_audio_panel_stop (fixture->panel);
}

/* Selecting a segment plays it once from its start. */
static void
test_select_plays (Fixture       *fixture,
                   gconstpointer  data)
{
  PwAudioPlayer *player = player_of (fixture);
  g_autofree char *id = g_strdup (pw_segment_get_id (add_segment (fixture, 6, 6.4)));

  pw_audio_panel_select_segment (fixture->panel, NULL);
  g_assert_null (pw_audio_panel_get_selected_segment (fixture->panel));
  pw_audio_panel_select_segment (fixture->panel, id);
  g_assert_true (pw_audio_player_get_playing (player));
  PW_UI_TEST_WAIT_UNTIL (!pw_audio_player_get_playing (player), 20);
  g_assert_cmpfloat_with_epsilon (pw_audio_player_get_position (player), 6.4, 0.05);

  /* A click on it on the waveform does the same. */
  pw_audio_panel_select_segment (fixture->panel, NULL);
  pw_ui_test_click (view_of (fixture),
                    pw_waveform_view_x_at (_pw_audio_panel_get_view (fixture->panel), 6.2), WAVE_Y);
  g_assert_cmpstr (pw_audio_panel_get_selected_segment (fixture->panel), ==, id);
  PW_UI_TEST_WAIT_UNTIL (!pw_audio_player_get_playing (player), 20);
  g_assert_cmpfloat_with_epsilon (pw_audio_player_get_position (player), 6.4, 0.05);
}

/* Where the project forbids overlaps, no key or drag makes one. */
static void
test_overlap_refused (Fixture       *fixture,
                      gconstpointer  data)
{
  GtkWidget *view = view_of (fixture);
  g_autoptr (GFile) file = g_file_new_for_path (wav_path);
  PwWaveformView *waveform = PW_WAVEFORM_VIEW (view);
  g_autofree char *first_id = NULL;
  PwSegment *first;

  first_id = g_strdup (pw_segment_get_id (add_segment (fixture, 4, 8)));
  add_segment (fixture, 10, 12);

  /* A drag across the first. */
  pw_ui_test_drag (view, pw_waveform_view_x_at (waveform, 2), pw_waveform_view_x_at (waveform, 5), WAVE_Y);
  g_assert_cmpuint (n_segments (fixture), ==, 2);
  g_assert_cmpstr (_pw_audio_panel_get_last_message (fixture->panel), ==,
                   "Segments may not overlap in this project");

  /* Its end dragged into the second. */
  g_clear_pointer (&fixture->panel->last_message, g_free);
  pw_ui_test_drag (view, pw_waveform_view_x_at (waveform, 8), pw_waveform_view_x_at (waveform, 11), WAVE_Y);
  first = pw_annotation_lookup_segment (fixture->annotation, first_id);
  g_assert_cmpfloat (pw_segment_get_end (first), ==, 8);
  g_assert_nonnull (_pw_audio_panel_get_last_message (fixture->panel));
  assert_shown (fixture);

  /* Marked across it with the keys. */
  g_clear_pointer (&fixture->panel->last_message, g_free);
  seek_and_wait (fixture, 7);
  key ("ctrl+m");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (fixture->panel->mark_label)));
  seek_and_wait (fixture, 9);
  key ("ctrl+m");
  g_assert_cmpuint (n_segments (fixture), ==, 2);
  g_assert_nonnull (_pw_audio_panel_get_last_message (fixture->panel));

  /* Nudged into a segment just after it: the last step is refused. */
  add_segment (fixture, 8.35, 9);
  _pw_audio_panel_set_selected (fixture->panel, first_id, FALSE);
  gtk_widget_grab_focus (view);
  for (guint i = 0; i < 4; i++)
    key ("ctrl+Right");
  first = pw_annotation_lookup_segment (fixture->annotation, first_id);
  g_assert_cmpfloat_with_epsilon (pw_segment_get_end (first), 8.3, EXACT);

  /* Where the project allows it, the same drag makes one. */
  pw_audio_panel_set_task (fixture->panel, file, fixture->levels, fixture->annotation, fixture->labels,
                           PW_CHECK_DEFAULT);
  PW_UI_TEST_WAIT_UNTIL (pw_audio_player_is_ready (player_of (fixture)), 20);
  pw_ui_test_drag (view, pw_waveform_view_x_at (waveform, 2), pw_waveform_view_x_at (waveform, 5), WAVE_Y);
  g_assert_cmpuint (n_segments (fixture), ==, 4);
}

/* Undo and redo take back and bring again what the keys and the pointer
 * did, and the panel shows each step. */
static void
test_undo (Fixture       *fixture,
           gconstpointer  data)
{
  GtkWidget *view = view_of (fixture);
  PwSegment *segment;
  double spp = pw_waveform_view_get_seconds_per_pixel (PW_WAVEFORM_VIEW (view));

  pw_ui_test_drag (view, 200, 400, WAVE_Y);
  pw_ui_test_drag (view, 300, 350, WAVE_Y);
  gtk_widget_grab_focus (view);
  key ("1");
  key ("Right");
  segment = segment_at (fixture, 0);
  g_assert_cmpstr (pw_segment_get_label (segment), ==, "speech");

  g_assert_true (pw_annotation_undo (fixture->annotation));
  g_assert_true (pw_annotation_undo (fixture->annotation));
  segment = segment_at (fixture, 0);
  g_assert_null (pw_segment_get_label (segment));
  assert_shown (fixture);
  g_assert_true (pw_annotation_undo (fixture->annotation));
  segment = segment_at (fixture, 0);
  g_assert_cmpfloat_with_epsilon (pw_segment_get_start (segment), 200 * spp, 1.01 * spp);
  assert_shown (fixture);
  g_assert_true (pw_annotation_undo (fixture->annotation));
  g_assert_cmpuint (n_segments (fixture), ==, 0);
  g_assert_null (pw_audio_panel_get_selected_segment (fixture->panel));
  assert_shown (fixture);
  g_assert_true (gtk_widget_get_visible (fixture->panel->empty_label));

  for (guint i = 0; i < 4; i++)
    g_assert_true (pw_annotation_redo (fixture->annotation));
  segment = segment_at (fixture, 0);
  g_assert_cmpstr (pw_segment_get_label (segment), ==, "speech");
  assert_shown (fixture);
}

/* An hour of sound: after 50 seeks by key and by the ruler while it
 * plays, each frame's cursor is the pipeline's position within 20 ms. */

#define HOUR 3600
#define MAX_DRIFT 0.020

typedef struct
{
  Fixture *fixture;
  double   at_update;
  double   worst;
  guint    frames;
} Drift;

static double
pipeline_position (PwAudioPlayer *player)
{
  gint64 position;

  if (!gst_element_query_position (_pw_audio_player_get_pipeline (player), GST_FORMAT_TIME, &position))
    return -1;
  return (double) position / GST_SECOND;
}

static void
drift_update (GdkFrameClock *clock,
              Drift         *drift)
{
  PwAudioPlayer *player = player_of (drift->fixture);

  drift->at_update = pw_audio_player_is_seeking (player) ? -1 : pipeline_position (player);
}

static void
drift_after_paint (GdkFrameClock *clock,
                   Drift         *drift)
{
  PwAudioPlayer *player = player_of (drift->fixture);
  double drawn = pw_waveform_view_get_drawn_cursor (_pw_audio_panel_get_view (drift->fixture->panel));
  double after = pipeline_position (player);

  if (drift->at_update < 0 || after < 0 || pw_audio_player_is_seeking (player))
    return;
  /* The frame drew the sound of a moment between its start and its end. */
  g_assert_cmpfloat (drawn, >=, drift->at_update - MAX_DRIFT);
  g_assert_cmpfloat (drawn, <=, after + MAX_DRIFT);
  drift->worst = MAX (drift->worst, MAX (drift->at_update - drawn, drawn - after));
  drift->frames++;
}

static char *
write_hour (void)
{
  g_autoptr (GBytes) header = pw_test_wav_header (1, 1, RATE, 16, HOUR * RATE * 2);
  char *path = g_build_filename (dir, "hour.wav", NULL);
  gsize size;
  const guint8 *bytes = g_bytes_get_data (header, &size);
  int fd = open (path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

  /* The sound is silence: a sparse file, quick to write and to skip. */
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (write (fd, bytes, size), ==, (gssize) size);
  g_assert_cmpint (ftruncate (fd, size + (gsize) HOUR * RATE * 2), ==, 0);
  close (fd);
  return path;
}

static void
test_drift (Fixture       *fixture,
            gconstpointer  data)
{
  g_autofree char *path = write_hour ();
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (PwAudioLevels) hour = g_object_new (PW_TYPE_AUDIO_LEVELS, NULL);
  g_autoptr (GRand) rand = g_rand_new_with_seed (60);
  guint64 n_samples = (guint64) RATE * HOUR;
  gsize n_peaks = n_samples / PW_AUDIO_LEVELS_SAMPLES_PER_PEAK;
  g_autofree PwAudioPeak *peaks = g_new0 (PwAudioPeak, n_peaks);
  GdkFrameClock *clock;
  Drift drift = { fixture, -1, 0, 0 };
  PwAudioPlayer *player;
  PwWaveformView *view = _pw_audio_panel_get_view (fixture->panel);
  gulong update_id, paint_id;

  _pw_audio_levels_append (hour, RATE, peaks, n_peaks, n_samples);
  _pw_audio_levels_set_complete (hour);
  pw_audio_panel_set_task (fixture->panel, file, hour, fixture->annotation, fixture->labels, PW_CHECK_DEFAULT);
  player = player_of (fixture);
  PW_UI_TEST_WAIT_UNTIL (pw_audio_player_is_ready (player), 20);
  g_assert_cmpfloat_with_epsilon (pw_audio_player_get_duration (player), HOUR, 1e-3);

  clock = gtk_widget_get_frame_clock (GTK_WIDGET (view));
  update_id = g_signal_connect (clock, "update", G_CALLBACK (drift_update), &drift);
  paint_id = g_signal_connect (clock, "after-paint", G_CALLBACK (drift_after_paint), &drift);

  key ("ctrl+space");
  for (guint i = 0; i < 50; i++)
    {
      guint before;

      if (i % 2 == 0)
        {
          /* Anywhere in the hour, on the ruler. */
          pw_ui_test_click (GTK_WIDGET (view), g_rand_double_range (rand, 10, WINDOW_WIDTH - 10), 8);
        }
      else
        key (i % 4 == 1 ? "alt+Left" : "alt+Right");
      PW_UI_TEST_WAIT_UNTIL (!pw_audio_player_is_seeking (player), 20);
      g_assert_true (pw_audio_player_get_playing (player));
      before = drift.frames;
      PW_UI_TEST_WAIT_UNTIL (drift.frames >= before + 3, 20);
    }
  key ("ctrl+space");
  g_test_message ("cursor outside the pipeline's positions over its frame, %u frames after 50 seeks: at most %.1f ms",
                  drift.frames, drift.worst * 1000);

  /* Paused, the cursor is where the sound stopped. */
  PW_UI_TEST_WAIT_UNTIL (!pw_audio_player_is_seeking (player), 20);
  pw_ui_test_wait_for_frames (GTK_WIDGET (view), 2);
  g_assert_cmpfloat_with_epsilon (pw_waveform_view_get_drawn_cursor (view), pipeline_position (player), MAX_DRIFT);

  g_signal_handler_disconnect (clock, update_id);
  g_signal_handler_disconnect (clock, paint_id);
  /* The panel lets go of the hour before it is removed. */
  pw_audio_panel_set_task (fixture->panel, NULL, NULL, NULL, NULL, PW_CHECK_DEFAULT);
  {
    g_autoptr (GFile) tone = g_file_new_for_path (wav_path);

    pw_audio_panel_set_task (fixture->panel, tone, fixture->levels, fixture->annotation, fixture->labels,
                             PW_CHECK_DEFAULT);
    PW_UI_TEST_WAIT_UNTIL (pw_audio_player_is_ready (player_of (fixture)), 20);
  }
}

/* Without levels the panel reads them, and the waveform grows while they
 * decode. */
static void
test_levels_loaded (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr (GFile) file = g_file_new_for_path (wav_path);
  PwWaveformView *view = _pw_audio_panel_get_view (fixture->panel);
  PwAudioLevels *levels;

  pw_audio_panel_set_task (fixture->panel, file, NULL, fixture->annotation, fixture->labels, PW_CHECK_DEFAULT);
  levels = pw_waveform_view_get_levels (view);
  g_assert_nonnull (levels);
  g_assert_true (levels != fixture->levels);
  PW_UI_TEST_WAIT_UNTIL (pw_audio_levels_is_complete (levels), 20);
  g_assert_cmpfloat_with_epsilon (pw_audio_levels_get_duration (levels), SECONDS, 1e-3);
  pw_ui_test_wait_for_frames (GTK_WIDGET (view), 2);
  g_assert_cmpuint (_pw_waveform_view_get_drawn_columns (view), >=, WINDOW_WIDTH);
  PW_UI_TEST_WAIT_UNTIL (pw_audio_player_is_ready (player_of (fixture)), 20);
}

/* A player made ahead, as for the next task of a queue, is the one the
 * panel plays: prerolled already, Ctrl+Space plays it at once. */
static void
test_player_made_ahead (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr (GFile) file = g_file_new_for_path (wav_path);
  g_autoptr (PwAudioPlayer) ahead = pw_audio_player_new (file, SINK);

  PW_UI_TEST_WAIT_UNTIL (pw_audio_player_is_ready (ahead), 20);
  pw_audio_panel_set_task_with_player (fixture->panel, file, fixture->levels, ahead,
                                       fixture->annotation, fixture->labels, PW_CHECK_DEFAULT);
  g_assert_true (player_of (fixture) == ahead);
  g_assert_true (pw_waveform_view_get_player (_pw_audio_panel_get_view (fixture->panel)) == ahead);
  key ("ctrl+space");
  PW_UI_TEST_WAIT_UNTIL (pw_audio_player_get_playing (ahead), 20);
  key ("ctrl+space");
  PW_UI_TEST_WAIT_UNTIL (!pw_audio_player_get_playing (ahead), 20);
}

/* Alt+S shows the spectrogram, analysed once and kept on for the next
 * task; the desktop's media keys reach the player shown, and none while
 * the panel is off screen. */
static void
test_spectrogram_and_media_keys (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autoptr (GFile) file = g_file_new_for_path (wav_path);
  PwWaveformView *view = _pw_audio_panel_get_view (fixture->panel);
  PwMediaKeys *keys = pw_application_get_media_keys (app);
  PwSpectrogram *spectrogram;

  g_assert_false (pw_waveform_view_get_show_spectrogram (view));
  g_assert_null (pw_waveform_view_get_spectrogram (view));
  key ("alt+s");
  g_assert_true (pw_waveform_view_get_show_spectrogram (view));
  spectrogram = pw_waveform_view_get_spectrogram (view);
  g_assert_nonnull (spectrogram);
  PW_UI_TEST_WAIT_UNTIL (pw_spectrogram_is_complete (spectrogram), 30);

  pw_audio_panel_set_task (fixture->panel, file, fixture->levels, fixture->annotation, fixture->labels,
                           PW_CHECK_DEFAULT);
  g_assert_true (pw_waveform_view_get_show_spectrogram (view));
  g_assert_nonnull (pw_waveform_view_get_spectrogram (view));
  PW_UI_TEST_WAIT_UNTIL (pw_spectrogram_is_complete (pw_waveform_view_get_spectrogram (view)), 30);
  PW_UI_TEST_WAIT_UNTIL (pw_audio_player_is_ready (player_of (fixture)), 20);

  g_assert_true (pw_media_keys_get_player (keys) == player_of (fixture));
  gtk_widget_set_visible (GTK_WIDGET (fixture->panel), FALSE);
  g_assert_null (pw_media_keys_get_player (keys));
  gtk_widget_set_visible (GTK_WIDGET (fixture->panel), TRUE);
  pw_ui_test_wait_for_frames (GTK_WIDGET (fixture->window), 2);
  g_assert_true (pw_media_keys_get_player (keys) == player_of (fixture));

  key ("alt+s");
  g_assert_false (pw_waveform_view_get_show_spectrogram (view));
}

/* The shortcuts window names the panel's keys. */
static void
test_shortcuts_window (void)
{
  g_autoptr (GtkBuilder) builder = gtk_builder_new_from_resource ("/org/piecework/Piecework/help-overlay.ui");
  g_autoptr (GSList) objects = gtk_builder_get_objects (builder);
  static const char *const keys[] = {
    "<Control>space", "<Alt>Left", "<Alt>Right", "<Alt>Up", "<Alt>Down", "<Control>m", "<Control>l",
    "<Alt>s",
  };
  guint found = 0;

  for (guint k = 0; k < G_N_ELEMENTS (keys); k++)
    for (GSList *l = objects; l != NULL; l = l->next)
      {
        g_autofree char *accelerator = NULL;

        if (!GTK_IS_SHORTCUTS_SHORTCUT (l->data))
          continue;
        g_object_get (l->data, "accelerator", &accelerator, NULL);
        if (g_strcmp0 (accelerator, keys[k]) == 0)
          {
            found++;
            break;
          }
      }
  g_assert_cmpuint (found, ==, G_N_ELEMENTS (keys));
  gtk_window_destroy (GTK_WINDOW (gtk_builder_get_object (builder, "help_overlay")));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr (PwTestSound) sound = NULL;
  int status;

  g_setenv (PW_AUDIO_PLAYER_SINK_ENV, SINK, TRUE);
  app = pw_ui_test_init (&argc, &argv);
  dir = pw_test_make_dir ();
  sound = pw_test_sound_new (PW_TEST_S16, 1, RATE, (gsize) RATE * SECONDS, 7);
  wav = pw_test_sound_to_wav (sound);
  wav_path = pw_test_write (dir, "tone.wav", wav);

#define ADD(path, func, rules) \
  g_test_add (path, Fixture, GUINT_TO_POINTER (rules), fixture_set_up, func, fixture_tear_down)

  ADD ("/audio-panel/play-keys", test_play_keys, PW_CHECK_DEFAULT);
  ADD ("/audio-panel/skip-and-speed", test_skip_and_speed, PW_CHECK_DEFAULT);
  ADD ("/audio-panel/auto-rewind", test_auto_rewind, PW_CHECK_DEFAULT);
  ADD ("/audio-panel/mark-keys", test_mark_keys, PW_CHECK_DEFAULT);
  ADD ("/audio-panel/drag", test_drag, PW_CHECK_DEFAULT);
  ADD ("/audio-panel/segment-keys", test_segment_keys, PW_CHECK_DEFAULT);
  ADD ("/audio-panel/text", test_text, PW_CHECK_DEFAULT);
  ADD ("/audio-panel/loop", test_loop, PW_CHECK_DEFAULT);
  ADD ("/audio-panel/select-plays", test_select_plays, PW_CHECK_DEFAULT);
  ADD ("/audio-panel/overlap-refused", test_overlap_refused, PW_CHECK_NO_OVERLAPS);
  ADD ("/audio-panel/undo", test_undo, PW_CHECK_DEFAULT);
  ADD ("/audio-panel/drift", test_drift, PW_CHECK_DEFAULT);
  ADD ("/audio-panel/levels-loaded", test_levels_loaded, PW_CHECK_DEFAULT);
  ADD ("/audio-panel/player-made-ahead", test_player_made_ahead, PW_CHECK_DEFAULT);
  ADD ("/audio-panel/spectrogram-and-media-keys", test_spectrogram_and_media_keys, PW_CHECK_DEFAULT);
  g_test_add_func ("/audio-panel/shortcuts-window", test_shortcuts_window);

  status = g_test_run ();
  pw_test_remove_dir (dir);
  g_free (dir);
  g_free (wav_path);
  g_bytes_unref (wav);
  g_clear_object (&app);
  return status;
}
