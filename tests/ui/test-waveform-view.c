/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <math.h>

#include "media/pw-audio-levels-private.h"
#include "media/pw-audio-player-private.h"
#include "media/pw-audio-test.h"
#include "pw-ui-test.h"
#include "pw-waveform-view-private.h"

/* The waveform view with real pointer and key events from xdotool under
 * Xvfb, over a generated recording and a player whose output keeps time
 * without sound. */

#define RATE 16000
#define SECONDS 20
#define VIEW_WIDTH 1000
#define VIEW_HEIGHT 240
/* The middle of the waveform band, away from the ruler. */
#define WAVE_Y 140

static PwApplication *app;
static char *dir;
static char *wav_path;
static GBytes *wav;

typedef struct
{
  GtkWindow      *window;
  PwWaveformView *view;
  PwAudioLevels  *levels;
  PwAudioPlayer  *player;
  gpointer        weak_window;

  /* What the view emitted */
  guint           n_selected;
  double          selected_start;
  double          selected_end;
  char           *activated;
  char           *changed;
  double          changed_start;
  double          changed_end;
} Fixture;

static void
on_range_selected (PwWaveformView *view,
                   double          start,
                   double          end,
                   Fixture        *fixture)
{
  fixture->n_selected++;
  fixture->selected_start = start;
  fixture->selected_end = end;
}

static void
on_range_activated (PwWaveformView *view,
                    const char     *id,
                    Fixture        *fixture)
{
  g_free (fixture->activated);
  fixture->activated = g_strdup (id);
}

static void
on_range_changed (PwWaveformView *view,
                  const char     *id,
                  double          start,
                  double          end,
                  Fixture        *fixture)
{
  g_free (fixture->changed);
  fixture->changed = g_strdup (id);
  fixture->changed_start = start;
  fixture->changed_end = end;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr (GFile) file = g_file_new_for_path (wav_path);
  g_autoptr (GError) error = NULL;

  fixture->levels = pw_audio_levels_new_from_wav (wav, "tone.wav", &error);
  g_assert_no_error (error);
  fixture->player = pw_audio_player_new (file, "fakesink sync=true");
  PW_UI_TEST_WAIT_UNTIL (pw_audio_player_is_ready (fixture->player), 20);

  fixture->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_decorated (fixture->window, FALSE);
  gtk_window_set_default_size (fixture->window, VIEW_WIDTH, VIEW_HEIGHT);
  fixture->weak_window = fixture->window;
  g_object_add_weak_pointer (G_OBJECT (fixture->window), &fixture->weak_window);

  fixture->view = PW_WAVEFORM_VIEW (pw_waveform_view_new ());
  pw_waveform_view_set_levels (fixture->view, fixture->levels);
  pw_waveform_view_set_player (fixture->view, fixture->player);
  g_signal_connect (fixture->view, "range-selected", G_CALLBACK (on_range_selected), fixture);
  g_signal_connect (fixture->view, "range-activated", G_CALLBACK (on_range_activated), fixture);
  g_signal_connect (fixture->view, "range-changed", G_CALLBACK (on_range_changed), fixture);
  gtk_window_set_child (fixture->window, GTK_WIDGET (fixture->view));
  gtk_window_present (fixture->window);
  pw_ui_test_wait_for_frames (GTK_WIDGET (fixture->window), 3);
  gtk_widget_grab_focus (GTK_WIDGET (fixture->view));
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (fixture->view)), ==, VIEW_WIDTH);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gpointer weak_player = fixture->player;
  gpointer weak_pipeline = _pw_audio_player_get_pipeline (fixture->player);

  gtk_window_destroy (fixture->window);
  pw_ui_test_wait_finalized (&fixture->weak_window);
  g_assert_finalize_object (fixture->levels);

  g_object_add_weak_pointer (G_OBJECT (fixture->player), &weak_player);
  g_object_add_weak_pointer (G_OBJECT (weak_pipeline), &weak_pipeline);
  g_object_unref (fixture->player);
  pw_ui_test_wait_finalized (&weak_player);
  pw_ui_test_wait_finalized (&weak_pipeline);
  g_free (fixture->activated);
  g_free (fixture->changed);
}

static void
drag (Fixture *fixture,
      double   x0,
      double   x1,
      double   y)
{
  pw_ui_test_drag (GTK_WIDGET (fixture->view), x0, x1, y);
}

static void
click (Fixture *fixture,
       double   x,
       double   y)
{
  pw_ui_test_click (GTK_WIDGET (fixture->view), x, y);
}

static void
test_fit (Fixture       *fixture,
          gconstpointer  data)
{
  GtkAdjustment *adjustment = gtk_scrollable_get_hadjustment (GTK_SCROLLABLE (fixture->view));

  g_assert_cmpfloat_with_epsilon (pw_waveform_view_get_zoom (fixture->view), 1.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (pw_waveform_view_get_seconds_per_pixel (fixture->view),
                                  (double) SECONDS / VIEW_WIDTH, 1e-9);
  g_assert_cmpfloat (gtk_adjustment_get_upper (adjustment), ==, VIEW_WIDTH);
  g_assert_cmpfloat (gtk_adjustment_get_page_size (adjustment), ==, VIEW_WIDTH);
  pw_ui_test_wait_for_frames (GTK_WIDGET (fixture->view), 2);
  /* 320 samples a column: the finest layer, one or two peaks each. */
  g_assert_cmpuint (_pw_waveform_view_get_drawn_layer (fixture->view), ==, 0);
  g_assert_cmpuint (_pw_waveform_view_get_drawn_columns (fixture->view), >=, VIEW_WIDTH);
  g_assert_cmpfloat (pw_waveform_view_time_at (fixture->view, VIEW_WIDTH / 2), ==, SECONDS / 2.0);
}

static void
test_click_seeks (Fixture       *fixture,
                  gconstpointer  data)
{
  double target = pw_waveform_view_time_at (fixture->view, 700);

  click (fixture, 700, WAVE_Y);
  PW_UI_TEST_WAIT_UNTIL (!pw_audio_player_is_seeking (fixture->player)
                         && fabs (pw_audio_player_get_position (fixture->player) - target) < 1e-3, 20);
  g_assert_false (pw_waveform_view_get_selection (fixture->view, NULL, NULL));
  g_assert_cmpuint (fixture->n_selected, ==, 0);

  /* The ruler seeks too, and the cursor is drawn there. */
  target = pw_waveform_view_time_at (fixture->view, 250);
  click (fixture, 250, 8);
  PW_UI_TEST_WAIT_UNTIL (!pw_audio_player_is_seeking (fixture->player)
                         && fabs (pw_audio_player_get_position (fixture->player) - target) < 1e-3, 20);
  pw_ui_test_wait_for_frames (GTK_WIDGET (fixture->view), 2);
  g_assert_cmpfloat_with_epsilon (pw_waveform_view_get_drawn_cursor (fixture->view), target, 1e-3);
}

static void
test_drag_selects (Fixture       *fixture,
                   gconstpointer  data)
{
  double spp = pw_waveform_view_get_seconds_per_pixel (fixture->view);
  double start, end;

  drag (fixture, 200, 420, WAVE_Y);
  PW_UI_TEST_WAIT_UNTIL (fixture->n_selected == 1, 20);
  g_assert_cmpfloat_with_epsilon (fixture->selected_start, 200 * spp, 1.01 * spp);
  g_assert_cmpfloat_with_epsilon (fixture->selected_end, 420 * spp, 1.01 * spp);
  g_assert_true (pw_waveform_view_get_selection (fixture->view, &start, &end));
  g_assert_cmpfloat (start, ==, fixture->selected_start);
  g_assert_cmpfloat (end, ==, fixture->selected_end);

  /* Right to left selects the same way round. */
  drag (fixture, 800, 600, WAVE_Y);
  PW_UI_TEST_WAIT_UNTIL (fixture->n_selected == 2, 20);
  g_assert_cmpfloat (fixture->selected_start, <, fixture->selected_end);
  g_assert_cmpfloat_with_epsilon (fixture->selected_start, 600 * spp, 1.01 * spp);

  /* A click clears it. */
  click (fixture, 100, WAVE_Y);
  g_assert_false (pw_waveform_view_get_selection (fixture->view, NULL, NULL));
}

static void
assert_time_under (Fixture *fixture,
                   double   x,
                   double   seconds,
                   double   spp_before)
{
  g_assert_cmpfloat_with_epsilon (pw_waveform_view_time_at (fixture->view, x), seconds, 1.01 * spp_before);
}

static void
test_zoom_keeps_pointer (Fixture       *fixture,
                         gconstpointer  data)
{
  char sx[16], sy[16];
  double spp = pw_waveform_view_get_seconds_per_pixel (fixture->view);
  double under = pw_waveform_view_time_at (fixture->view, 300);
  double zoom;

  pw_ui_test_to_screen (GTK_WIDGET (fixture->view), 300, WAVE_Y, sx, sy);
  pw_ui_test_xdotool ("mousemove", sx, sy, "sleep", "0.05", NULL);
  for (int i = 0; i < 3; i++)
    pw_ui_test_xdotool ("keydown", "ctrl", "click", "4", "keyup", "ctrl", NULL);
  zoom = pw_waveform_view_get_zoom (fixture->view);
  g_assert_cmpfloat_with_epsilon (zoom, pow (1.25, 3), 1e-6);
  assert_time_under (fixture, 300, under, spp);

  /* The wheel alone scrolls; Ctrl and the wheel down zoom out again. */
  spp = pw_waveform_view_get_seconds_per_pixel (fixture->view);
  pw_ui_test_xdotool ("click", "5", NULL);
  g_assert_cmpfloat (pw_waveform_view_time_at (fixture->view, 300), >, under);
  under = pw_waveform_view_time_at (fixture->view, 300);
  pw_ui_test_xdotool ("keydown", "ctrl", "click", "5", "keyup", "ctrl", NULL);
  g_assert_cmpfloat_with_epsilon (pw_waveform_view_get_zoom (fixture->view), zoom / 1.25, 1e-6);
  assert_time_under (fixture, 300, under, spp);

  /* Keys: + and - about the cursor, Ctrl+0 to fit. */
  zoom = pw_waveform_view_get_zoom (fixture->view);
  pw_ui_test_xdotool ("key", "equal", NULL);
  g_assert_cmpfloat_with_epsilon (pw_waveform_view_get_zoom (fixture->view), zoom * 1.25, 1e-6);
  pw_ui_test_xdotool ("key", "minus", "minus", NULL);
  g_assert_cmpfloat_with_epsilon (pw_waveform_view_get_zoom (fixture->view), zoom / 1.25, 1e-6);
  pw_ui_test_xdotool ("key", "ctrl+0", NULL);
  g_assert_cmpfloat_with_epsilon (pw_waveform_view_get_zoom (fixture->view), 1.0, 1e-9);

  /* Not beyond the fit. */
  pw_ui_test_xdotool ("keydown", "ctrl", "click", "5", "keyup", "ctrl", NULL);
  g_assert_cmpfloat_with_epsilon (pw_waveform_view_get_zoom (fixture->view), 1.0, 1e-9);
}

static void
set_two_ranges (Fixture *fixture)
{
  const PwWaveformRange ranges[] = {
    { "a", 2.0, 4.0, { 0.9, 0.5, 0.1, 1 }, "speaker 1", FALSE },
    { "b", 10.0, 12.0, { 0.2, 0.7, 0.3, 1 }, "speaker 2", TRUE },
  };

  pw_waveform_view_set_ranges (fixture->view, ranges, G_N_ELEMENTS (ranges));
}

static void
test_ranges (Fixture       *fixture,
             gconstpointer  data)
{
  double spp = pw_waveform_view_get_seconds_per_pixel (fixture->view);
  double x;

  set_two_ranges (fixture);
  pw_ui_test_wait_for_frames (GTK_WIDGET (fixture->view), 2);

  /* A click in a range activates it and seeks nothing. */
  click (fixture, pw_waveform_view_x_at (fixture->view, 3.0), WAVE_Y);
  g_assert_cmpstr (fixture->activated, ==, "a");
  g_assert_cmpfloat (pw_audio_player_get_position (fixture->player), ==, 0);

  /* Its end edge dragged 50 pixels right. */
  x = pw_waveform_view_x_at (fixture->view, 12.0);
  drag (fixture, x, x + 50, WAVE_Y);
  g_assert_cmpstr (fixture->changed, ==, "b");
  g_assert_cmpfloat (fixture->changed_start, ==, 10.0);
  g_assert_cmpfloat_with_epsilon (fixture->changed_end, 12.0 + 50 * spp, 1.01 * spp);
  /* Drawn where the owner says until it says otherwise. */
  g_assert_cmpfloat (g_array_index (fixture->view->ranges, PwWaveRange, 1).end, ==, 12.0);

  /* Its start edge, left. */
  x = pw_waveform_view_x_at (fixture->view, 10.0);
  drag (fixture, x, x - 30, WAVE_Y);
  g_assert_cmpstr (fixture->changed, ==, "b");
  g_assert_cmpfloat_with_epsilon (fixture->changed_start, 10.0 - 30 * spp, 1.01 * spp);
  g_assert_cmpfloat (fixture->changed_end, ==, 12.0);

  /* The whole range moved 40 pixels right, its length kept. */
  g_clear_pointer (&fixture->changed, g_free);
  x = pw_waveform_view_x_at (fixture->view, 3.0);
  drag (fixture, x, x + 40, WAVE_Y);
  g_assert_cmpstr (fixture->changed, ==, "a");
  g_assert_cmpfloat_with_epsilon (fixture->changed_start, 2.0 + 40 * spp, 1.01 * spp);
  g_assert_cmpfloat_with_epsilon (fixture->changed_end - fixture->changed_start, 2.0, 1e-9);

  /* Outside the ranges a drag still selects. */
  drag (fixture, pw_waveform_view_x_at (fixture->view, 6.0), pw_waveform_view_x_at (fixture->view, 8.0),
        WAVE_Y);
  g_assert_cmpuint (fixture->n_selected, ==, 1);
  g_assert_cmpfloat_with_epsilon (fixture->selected_start, 6.0, 1.01 * spp);
}

static void
record_update (GdkFrameClock *clock,
               gpointer       user_data)
{
  Fixture *fixture = user_data;
  double *positions = g_object_get_data (G_OBJECT (fixture->view), "positions");

  positions[0] = pw_audio_player_get_position (fixture->player);
}

static void
record_after_paint (GdkFrameClock *clock,
                    gpointer       user_data)
{
  Fixture *fixture = user_data;
  double *positions = g_object_get_data (G_OBJECT (fixture->view), "positions");
  guint *frames = g_object_get_data (G_OBJECT (fixture->view), "frames");
  double drawn = pw_waveform_view_get_drawn_cursor (fixture->view);
  double after = pw_audio_player_get_position (fixture->player);

  if (positions[0] < 0 || pw_audio_player_is_seeking (fixture->player))
    return;
  /* The frame's cursor was asked of the pipeline between the frame's
   * start and its end: it is the sound of that frame. */
  g_assert_cmpfloat (drawn, >=, positions[0] - 1e-4);
  g_assert_cmpfloat (drawn, <=, after + 1e-4);
  (*frames)++;
}

static void
test_cursor (Fixture       *fixture,
             gconstpointer  data)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (fixture->view));
  GtkAdjustment *adjustment = gtk_scrollable_get_hadjustment (GTK_SCROLLABLE (fixture->view));
  double positions[1] = { -1 };
  guint frames = 0;
  gulong update_id, paint_id;

  g_object_set_data (G_OBJECT (fixture->view), "positions", positions);
  g_object_set_data (G_OBJECT (fixture->view), "frames", &frames);
  update_id = g_signal_connect (clock, "update", G_CALLBACK (record_update), fixture);
  paint_id = g_signal_connect (clock, "after-paint", G_CALLBACK (record_after_paint), fixture);

  /* Zoomed in, near the right edge: playing turns the page. */
  pw_waveform_view_set_zoom (fixture->view, 10, 0);
  pw_audio_player_seek (fixture->player, pw_waveform_view_time_at (fixture->view, VIEW_WIDTH - 20));
  pw_audio_player_play (fixture->player);
  PW_UI_TEST_WAIT_UNTIL (frames >= 30, 30);
  PW_UI_TEST_WAIT_UNTIL (gtk_adjustment_get_value (adjustment) > 0, 30);
  g_assert_cmpfloat (pw_waveform_view_x_at (fixture->view, pw_waveform_view_get_drawn_cursor (fixture->view)),
                     <, VIEW_WIDTH);

  pw_audio_player_pause (fixture->player);
  g_signal_handler_disconnect (clock, update_id);
  g_signal_handler_disconnect (clock, paint_id);
}

/* Levels that grow while the recording decodes: the view draws what is
 * ready, over the span the player knows. */
static void
test_growing (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr (PwAudioLevels) growing = g_object_new (PW_TYPE_AUDIO_LEVELS, NULL);
  gsize n_peaks;
  const PwAudioPeak *peaks = pw_audio_levels_get_layer (fixture->levels, 0, &n_peaks);
  guint64 half = (guint64) RATE * SECONDS / 2;

  pw_waveform_view_set_levels (fixture->view, growing);
  pw_ui_test_wait_for_frames (GTK_WIDGET (fixture->view), 2);
  g_assert_cmpuint (_pw_waveform_view_get_drawn_columns (fixture->view), ==, 0);

  _pw_audio_levels_append (growing, RATE, peaks, half / PW_AUDIO_LEVELS_SAMPLES_PER_PEAK, half);
  pw_ui_test_wait_for_frames (GTK_WIDGET (fixture->view), 2);
  g_assert_cmpuint (_pw_waveform_view_get_drawn_columns (fixture->view), >=, VIEW_WIDTH / 2);
  g_assert_cmpuint (_pw_waveform_view_get_drawn_columns (fixture->view), <=, VIEW_WIDTH / 2 + 1);

  _pw_audio_levels_append (growing, RATE, peaks + half / PW_AUDIO_LEVELS_SAMPLES_PER_PEAK,
                           n_peaks - half / PW_AUDIO_LEVELS_SAMPLES_PER_PEAK, (guint64) RATE * SECONDS);
  _pw_audio_levels_set_complete (growing);
  pw_ui_test_wait_for_frames (GTK_WIDGET (fixture->view), 2);
  g_assert_cmpuint (_pw_waveform_view_get_drawn_columns (fixture->view), >=, VIEW_WIDTH);
}

/* An hour of levels: whatever the zoom, the layer read has at least one
 * peak a column and fewer than two. */
static void
test_layers (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr (PwAudioLevels) hour = g_object_new (PW_TYPE_AUDIO_LEVELS, NULL);
  guint64 n_samples = (guint64) RATE * 3600;
  gsize n_peaks = n_samples / PW_AUDIO_LEVELS_SAMPLES_PER_PEAK;
  g_autofree PwAudioPeak *peaks = g_new (PwAudioPeak, n_peaks);
  static const double zooms[] = { 1, 10, 100, 1000 };

  for (gsize i = 0; i < n_peaks; i++)
    {
      peaks[i].max = (gint16) (10000 * fabs (sin (i * 0.01)));
      peaks[i].min = (gint16) -peaks[i].max;
    }
  _pw_audio_levels_append (hour, RATE, peaks, n_peaks, n_samples);
  _pw_audio_levels_set_complete (hour);
  pw_waveform_view_set_player (fixture->view, NULL);
  pw_waveform_view_set_levels (fixture->view, hour);

  for (guint z = 0; z < G_N_ELEMENTS (zooms); z++)
    {
      double samples_per_column;
      guint layer;

      pw_waveform_view_set_zoom (fixture->view, zooms[z], VIEW_WIDTH / 2.0);
      pw_ui_test_wait_for_frames (GTK_WIDGET (fixture->view), 2);
      samples_per_column = pw_waveform_view_get_seconds_per_pixel (fixture->view) * RATE;
      layer = _pw_waveform_view_get_drawn_layer (fixture->view);
      if (layer > 0)
        g_assert_cmpfloat ((double) (PW_AUDIO_LEVELS_SAMPLES_PER_PEAK << layer), <=, samples_per_column);
      g_assert_cmpfloat ((double) (PW_AUDIO_LEVELS_SAMPLES_PER_PEAK << (layer + 1)), >, samples_per_column);
      g_assert_cmpuint (_pw_waveform_view_get_drawn_columns (fixture->view), >=, VIEW_WIDTH);
    }
  pw_waveform_view_set_levels (fixture->view, fixture->levels);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr (PwTestSound) sound = NULL;
  int status;

  app = pw_ui_test_init (&argc, &argv);
  dir = pw_test_make_dir ();
  sound = pw_test_sound_new (PW_TEST_S16, 1, RATE, (gsize) RATE * SECONDS, 7);
  wav = pw_test_sound_to_wav (sound);
  wav_path = pw_test_write (dir, "tone.wav", wav);

  g_test_add ("/waveform-view/fit", Fixture, NULL, fixture_set_up, test_fit, fixture_tear_down);
  g_test_add ("/waveform-view/click-seeks", Fixture, NULL,
              fixture_set_up, test_click_seeks, fixture_tear_down);
  g_test_add ("/waveform-view/drag-selects", Fixture, NULL,
              fixture_set_up, test_drag_selects, fixture_tear_down);
  g_test_add ("/waveform-view/zoom-keeps-pointer", Fixture, NULL,
              fixture_set_up, test_zoom_keeps_pointer, fixture_tear_down);
  g_test_add ("/waveform-view/ranges", Fixture, NULL, fixture_set_up, test_ranges, fixture_tear_down);
  g_test_add ("/waveform-view/cursor", Fixture, NULL, fixture_set_up, test_cursor, fixture_tear_down);
  g_test_add ("/waveform-view/growing", Fixture, NULL, fixture_set_up, test_growing, fixture_tear_down);
  g_test_add ("/waveform-view/layers", Fixture, NULL, fixture_set_up, test_layers, fixture_tear_down);

  status = g_test_run ();
  pw_test_remove_dir (dir);
  g_free (dir);
  g_free (wav_path);
  g_bytes_unref (wav);
  g_clear_object (&app);
  return status;
}
