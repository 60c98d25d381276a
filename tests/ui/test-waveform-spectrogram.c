/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <math.h>
#include <string.h>

#include "media/pw-audio-test.h"
#include "pw-ui-test.h"
#include "pw-waveform-view-private.h"

/* The spectrogram toggle of the waveform view under Xvfb, over a
 * recording with a tone in its first half and silence after: the pixels
 * where the tone is change when it is shown, and only there; ranges stay
 * drawn over it; until the spectrogram is complete, the waveform. */

#define RATE 16000
#define SECONDS 10
#define TONE_HZ 2000
#define HIGH_HZ 6500
#define VIEW_WIDTH 800
#define VIEW_HEIGHT 276

static PwApplication *app;
static char *dir;
static char *wav_path;
static GBytes *wav;

typedef struct
{
  GtkWindow      *window;
  PwWaveformView *view;
  PwAudioLevels  *levels;
  PwSpectrogram  *spectrogram;
  gpointer        weak_window;
  guint           n_show_notify;
} Fixture;

static void
on_show_notify (GObject    *object,
                GParamSpec *pspec,
                Fixture    *fixture)
{
  fixture->n_show_notify++;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr (GFile) file = g_file_new_for_path (wav_path);
  g_autoptr (GError) error = NULL;

  fixture->levels = pw_audio_levels_new_from_wav (wav, "tone.wav", &error);
  g_assert_no_error (error);
  fixture->spectrogram = pw_spectrogram_new (file, NULL);
  g_assert_true (pw_spectrogram_load (fixture->spectrogram, NULL, &error));
  g_assert_no_error (error);

  fixture->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_decorated (fixture->window, FALSE);
  gtk_window_set_default_size (fixture->window, VIEW_WIDTH, VIEW_HEIGHT);
  fixture->weak_window = fixture->window;
  g_object_add_weak_pointer (G_OBJECT (fixture->window), &fixture->weak_window);

  fixture->view = PW_WAVEFORM_VIEW (pw_waveform_view_new ());
  pw_waveform_view_set_levels (fixture->view, fixture->levels);
  pw_waveform_view_set_spectrogram (fixture->view, fixture->spectrogram);
  g_signal_connect (fixture->view, "notify::show-spectrogram", G_CALLBACK (on_show_notify), fixture);
  gtk_window_set_child (fixture->window, GTK_WIDGET (fixture->view));
  gtk_window_present (fixture->window);
  pw_ui_test_wait_for_frames (GTK_WIDGET (fixture->window), 3);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (fixture->view)), ==, VIEW_WIDTH);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gtk_window_destroy (fixture->window);
  pw_ui_test_wait_finalized (&fixture->weak_window);
  g_assert_finalize_object (fixture->levels);
  g_assert_finalize_object (fixture->spectrogram);
}

/* What the view draws now, as pixels, RGBA, a row after the other. */
typedef struct
{
  int     width;
  int     height;
  guint8 *pixels;
} Frame;

static void
frame_clear (Frame *frame)
{
  g_clear_pointer (&frame->pixels, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Frame, frame_clear)

static Frame
render (Fixture *fixture)
{
  GtkWidget *widget = GTK_WIDGET (fixture->view);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  g_autoptr (GskRenderNode) node = NULL;
  g_autoptr (GdkTexture) texture = NULL;
  Frame frame;

  frame.width = gtk_widget_get_width (widget);
  frame.height = gtk_widget_get_height (widget);
  GTK_WIDGET_GET_CLASS (widget)->snapshot (widget, snapshot);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, frame.width, frame.height));
  frame.pixels = g_malloc ((gsize) frame.width * frame.height * 4);
  gdk_texture_download (texture, frame.pixels, (gsize) frame.width * 4);
  return frame;
}

static const guint8 *
pixel (const Frame *frame,
       double       x,
       double       y)
{
  int ix = CLAMP ((int) x, 0, frame->width - 1);
  int iy = CLAMP ((int) y, 0, frame->height - 1);

  return frame->pixels + ((gsize) iy * frame->width + ix) * 4;
}

static int
difference (const guint8 *a,
            const guint8 *b)
{
  int most = 0;

  for (int i = 0; i < 4; i++)
    most = MAX (most, ABS ((int) a[i] - (int) b[i]));
  return most;
}

/* The row of the view where @hz is drawn: the highest band on top. */
static double
row_of (Fixture *fixture,
        double   hz)
{
  double top = PW_WAVEFORM_RULER_HEIGHT;
  double height = gtk_widget_get_height (GTK_WIDGET (fixture->view)) - top;

  for (guint band = 0; band < PW_SPECTROGRAM_N_BANDS; band++)
    {
      double low, high;

      pw_spectrogram_get_band_range (fixture->spectrogram, band, &low, &high);
      if (hz >= low && hz < high)
        return top + (PW_SPECTROGRAM_N_BANDS - 1 - band + 0.5) * height / PW_SPECTROGRAM_N_BANDS;
    }
  g_assert_not_reached ();
}

static void
test_toggle (Fixture       *fixture,
             gconstpointer  data)
{
  double tone_x = pw_waveform_view_x_at (fixture->view, 2.5);
  double silent_x = pw_waveform_view_x_at (fixture->view, 7.5);
  double tone_y = row_of (fixture, TONE_HZ);
  double high_y = row_of (fixture, HIGH_HZ);
  g_auto (Frame) waveform = { 0 };
  g_auto (Frame) shown = { 0 };
  g_auto (Frame) hidden = { 0 };
  gboolean show;

  g_assert_false (pw_waveform_view_get_show_spectrogram (fixture->view));
  waveform = render (fixture);
  g_assert_false (_pw_waveform_view_get_drawn_spectrogram (fixture->view));

  g_object_set (fixture->view, "show-spectrogram", TRUE, NULL);
  g_object_get (fixture->view, "show-spectrogram", &show, NULL);
  g_assert_true (show);
  g_assert_cmpuint (fixture->n_show_notify, ==, 1);
  pw_waveform_view_set_show_spectrogram (fixture->view, TRUE);
  g_assert_cmpuint (fixture->n_show_notify, ==, 1);
  pw_ui_test_wait_for_frames (GTK_WIDGET (fixture->view), 2);
  g_assert_true (_pw_waveform_view_get_drawn_spectrogram (fixture->view));
  shown = render (fixture);

  /* The tone is drawn, strongly, in its band, and nothing above it. */
  g_assert_cmpint (difference (pixel (&shown, tone_x, tone_y), pixel (&waveform, tone_x, tone_y)), >, 60);
  g_assert_cmpint (difference (pixel (&shown, tone_x, tone_y), pixel (&shown, silent_x, tone_y)), >, 60);
  g_assert_cmpint (pixel (&shown, tone_x, tone_y)[3], ==, 255);
  g_assert_cmpint (difference (pixel (&shown, tone_x, high_y), pixel (&shown, silent_x, high_y)), <=, 2);
  /* Silence is not drawn at all: the view's background shows. */
  g_assert_cmpint (difference (pixel (&shown, silent_x, tone_y), pixel (&waveform, silent_x, tone_y)), <=, 2);

  /* Off again: the waveform as before. */
  pw_waveform_view_set_show_spectrogram (fixture->view, FALSE);
  g_assert_cmpuint (fixture->n_show_notify, ==, 2);
  hidden = render (fixture);
  g_assert_false (_pw_waveform_view_get_drawn_spectrogram (fixture->view));
  g_assert_cmpmem (hidden.pixels, (gsize) hidden.width * hidden.height * 4,
                   waveform.pixels, (gsize) waveform.width * waveform.height * 4);
}

/* Ranges and the selection are drawn over the spectrogram, over the tone
 * and over the empty bands alike. */
static void
test_ranges_over (Fixture       *fixture,
                  gconstpointer  data)
{
  static const PwWaveformRange range = {
    .id = "a", .start = 2, .end = 3, .color = { 0.1, 0.8, 0.2, 1 }, .label = NULL, .selected = TRUE,
  };
  double tone_x = pw_waveform_view_x_at (fixture->view, 2.5);
  double tone_y = row_of (fixture, TONE_HZ);
  double high_y = row_of (fixture, HIGH_HZ);
  g_auto (Frame) bare = { 0 };
  g_auto (Frame) ranged = { 0 };

  pw_waveform_view_set_show_spectrogram (fixture->view, TRUE);
  bare = render (fixture);
  pw_waveform_view_set_ranges (fixture->view, &range, 1);
  ranged = render (fixture);
  g_assert_true (_pw_waveform_view_get_drawn_spectrogram (fixture->view));
  g_assert_cmpint (difference (pixel (&ranged, tone_x, tone_y), pixel (&bare, tone_x, tone_y)), >, 20);
  g_assert_cmpint (difference (pixel (&ranged, tone_x, high_y), pixel (&bare, tone_x, high_y)), >, 20);
  pw_waveform_view_set_ranges (fixture->view, NULL, 0);

  /* A selection dragged out there, as pw-waveform-view-input.c keeps it. */
  fixture->view->has_selection = TRUE;
  fixture->view->selection_start = 2;
  fixture->view->selection_end = 3;
  g_clear_pointer (&ranged.pixels, g_free);
  ranged = render (fixture);
  g_assert_true (_pw_waveform_view_get_drawn_spectrogram (fixture->view));
  g_assert_cmpint (difference (pixel (&ranged, tone_x, tone_y), pixel (&bare, tone_x, tone_y)), >, 20);
  g_assert_cmpint (difference (pixel (&ranged, tone_x, high_y), pixel (&bare, tone_x, high_y)), >, 20);
  pw_waveform_view_clear_selection (fixture->view);
}

/* Tiles are made once for a zoom: redrawing and toggling make none. */
static void
test_tiles_once (Fixture       *fixture,
                 gconstpointer  data)
{
  guint made;

  pw_waveform_view_set_show_spectrogram (fixture->view, TRUE);
  pw_ui_test_wait_for_frames (GTK_WIDGET (fixture->view), 2);
  made = _pw_waveform_view_get_spectrogram_tiles_made (fixture->view);
  g_assert_cmpuint (made, >=, VIEW_WIDTH / 256);
  gtk_widget_queue_draw (GTK_WIDGET (fixture->view));
  pw_ui_test_wait_for_frames (GTK_WIDGET (fixture->view), 2);
  g_assert_cmpuint (_pw_waveform_view_get_spectrogram_tiles_made (fixture->view), ==, made);

  pw_waveform_view_set_zoom (fixture->view, 4, VIEW_WIDTH / 2.0);
  pw_ui_test_wait_for_frames (GTK_WIDGET (fixture->view), 2);
  g_assert_true (_pw_waveform_view_get_drawn_spectrogram (fixture->view));
  g_assert_cmpuint (_pw_waveform_view_get_spectrogram_tiles_made (fixture->view), >, made);
  made = _pw_waveform_view_get_spectrogram_tiles_made (fixture->view);
  gtk_widget_queue_draw (GTK_WIDGET (fixture->view));
  pw_ui_test_wait_for_frames (GTK_WIDGET (fixture->view), 2);
  g_assert_cmpuint (_pw_waveform_view_get_spectrogram_tiles_made (fixture->view), ==, made);
}

static void
on_loaded (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr (GError) error = NULL;

  g_assert_true (pw_spectrogram_load_finish (PW_SPECTROGRAM (source), result, &error));
  g_assert_no_error (error);
  *done = TRUE;
}

/* While the spectrogram is analysed, the waveform is drawn; once it is
 * complete, the spectrogram, with no other call. */
static void
test_while_loading (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr (GFile) file = g_file_new_for_path (wav_path);
  g_autoptr (PwSpectrogram) loading = pw_spectrogram_new (file, NULL);
  gboolean done = FALSE;

  pw_waveform_view_set_show_spectrogram (fixture->view, TRUE);
  pw_waveform_view_set_spectrogram (fixture->view, loading);
  pw_ui_test_wait_for_frames (GTK_WIDGET (fixture->view), 2);
  g_assert_false (_pw_waveform_view_get_drawn_spectrogram (fixture->view));
  g_assert_cmpuint (_pw_waveform_view_get_drawn_columns (fixture->view), >=, VIEW_WIDTH);

  pw_spectrogram_load_async (loading, NULL, on_loaded, &done);
  PW_UI_TEST_WAIT_UNTIL (done, 60);
  pw_ui_test_wait_for_frames (GTK_WIDGET (fixture->view), 2);
  g_assert_true (_pw_waveform_view_get_drawn_spectrogram (fixture->view));

  pw_waveform_view_set_spectrogram (fixture->view, NULL);
  g_assert_null (pw_waveform_view_get_spectrogram (fixture->view));
  pw_ui_test_wait_for_frames (GTK_WIDGET (fixture->view), 2);
  g_assert_false (_pw_waveform_view_get_drawn_spectrogram (fixture->view));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr (PwTestSound) sound = NULL;
  gsize n_frames = (gsize) RATE * SECONDS;
  int status;

  app = pw_ui_test_init (&argc, &argv);
  dir = pw_test_make_dir ();
  sound = pw_test_sound_new (PW_TEST_S16, 1, RATE, n_frames, 7);
  for (gsize i = 0; i < n_frames; i++)
    sound->values[i] = i < n_frames / 2 ? 0.5 * sin (2 * G_PI * TONE_HZ * i / RATE) : 0;
  wav = pw_test_sound_to_wav (sound);
  wav_path = pw_test_write (dir, "tone.wav", wav);

  g_test_add ("/waveform-spectrogram/toggle", Fixture, NULL, fixture_set_up, test_toggle, fixture_tear_down);
  g_test_add ("/waveform-spectrogram/ranges-over", Fixture, NULL,
              fixture_set_up, test_ranges_over, fixture_tear_down);
  g_test_add ("/waveform-spectrogram/tiles-once", Fixture, NULL,
              fixture_set_up, test_tiles_once, fixture_tear_down);
  g_test_add ("/waveform-spectrogram/while-loading", Fixture, NULL,
              fixture_set_up, test_while_loading, fixture_tear_down);

  status = g_test_run ();
  g_bytes_unref (wav);
  g_free (wav_path);
  pw_test_remove_dir (dir);
  g_free (dir);
  g_object_unref (app);
  return status;
}
