/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <stdio.h>
#include <sys/resource.h>
#include <time.h>

#include "bench-recording.h"
#include "pw-audio-test.h"
#include "pw-waveform-view.h"

/* The spectrogram of one hour of 16 kHz speech:
 *
 * - its analysis from the WAV, the memory its columns take and how much
 *   the process grew meanwhile (goal 32 MB), and a second open from the
 *   cache;
 * - the processor time of one frame's snapshot with every tile made anew,
 *   at zooms from the fit to 1000×;
 * - in the waveform view, a 1280-pixel window with the spectrogram shown,
 *   beside a window of plain colour for what any full frame costs: a
 *   frame redrawn in place at fit, scrolling at 10× and 100× (new tiles
 *   come into view) and a zoom step (every tile made again); a frame's
 *   cost is the time from the change, in the frame clock's update phase,
 *   to the end of its paint; the goal: 8 ms.
 *
 * Figures are printed, never checked. */

#define SECONDS 3600
#define WINDOW_WIDTH 1280
#define WINDOW_HEIGHT 300
#define N_FRAMES 120

typedef enum
{
  ACTION_NONE,
  ACTION_FLOOR,
  ACTION_REDRAW,
  ACTION_SCROLL,
  ACTION_ZOOM,
} Action;

typedef struct
{
  GtkWidget      *window;
  PwWaveformView *view;
  Action          action;
  guint           frames;
  gint64          frame_start;
  GArray         *ms;
} Run;

static gboolean
on_tick (GtkWidget     *widget,
         GdkFrameClock *clock,
         gpointer       user_data)
{
  Run *run = user_data;
  GtkAdjustment *adjustment = gtk_scrollable_get_hadjustment (GTK_SCROLLABLE (run->view));

  switch (run->action)
    {
    case ACTION_FLOOR:
      /* A new colour over the whole window, drawn and shown in full. */
      gtk_widget_remove_css_class (run->window, run->frames % 2 ? "floor-a" : "floor-b");
      gtk_widget_add_css_class (run->window, run->frames % 2 ? "floor-b" : "floor-a");
      break;
    case ACTION_REDRAW:
      /* The foreground a shade lighter or darker: every column is drawn
       * again, from the tiles there are. */
      gtk_widget_remove_css_class (widget, run->frames % 2 ? "shade-a" : "shade-b");
      gtk_widget_add_css_class (widget, run->frames % 2 ? "shade-b" : "shade-a");
      break;
    case ACTION_SCROLL:
      gtk_adjustment_set_value (adjustment, gtk_adjustment_get_value (adjustment) + 9);
      break;
    case ACTION_ZOOM:
      pw_waveform_view_set_zoom (run->view,
                                 pw_waveform_view_get_zoom (run->view) * (run->frames % 2 ? 0.8 : 1.25),
                                 WINDOW_WIDTH / 2.0);
      break;
    case ACTION_NONE:
    default:
      return G_SOURCE_CONTINUE;
    }
  run->frame_start = g_get_monotonic_time ();
  return G_SOURCE_CONTINUE;
}

static void
on_after_paint (GdkFrameClock *clock,
                gpointer       user_data)
{
  Run *run = user_data;
  double value;

  if (run->frame_start == 0)
    return;
  value = (g_get_monotonic_time () - run->frame_start) / 1000.0;
  run->frame_start = 0;
  g_array_append_val (run->ms, value);
  run->frames++;
}

static void
run_frames (Run    *run,
            Action  action,
            guint   n_frames)
{
  gint64 deadline = g_get_monotonic_time () + 120 * G_USEC_PER_SEC;

  g_array_set_size (run->ms, 0);
  run->frames = 0;
  run->action = action;
  while (run->frames < n_frames)
    {
      g_main_context_iteration (NULL, TRUE);
      if (g_get_monotonic_time () > deadline)
        g_error ("The view did not draw %u frames in two minutes", n_frames);
    }
  run->action = ACTION_NONE;
}

static void
report (const char *what,
        GArray     *ms,
        const char *goal)
{
  printf ("spectrogram: %s: median %.2f ms, p95 %.2f ms, max %.2f ms%s\n",
          what, bench_median (ms), bench_percentile (ms, 0.95), bench_max (ms), goal);
}

/* The most memory the process held so far, in MB. */
static double
peak_mb (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_maxrss / 1024.0;
}

/* The processor time of this thread, in ms: on a shared machine, what
 * the work costs whatever else runs. */
static double
thread_ms (void)
{
  struct timespec now;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &now);
  return now.tv_sec * 1000.0 + now.tv_nsec / 1e6;
}

/* A WAV is analysed in the calling thread. */
static PwSpectrogram *
load (GFile  *file,
      GFile  *cache,
      double *ms,
      double *cpu_ms)
{
  g_autoptr (PwSpectrogram) spectrogram = pw_spectrogram_new (file, cache);
  g_autoptr (GError) error = NULL;
  gint64 start = g_get_monotonic_time ();
  double cpu_start = thread_ms ();

  pw_spectrogram_load (spectrogram, NULL, &error);
  g_assert_no_error (error);
  *ms = (g_get_monotonic_time () - start) / 1000.0;
  *cpu_ms = thread_ms () - cpu_start;
  return g_steal_pointer (&spectrogram);
}

/* A frame's snapshot at @zoom, its tiles all made anew, in processor
 * time: what the spectrogram costs the main thread, whatever the
 * renderer. */
static double
snapshot_ms (PwWaveformView *view,
             double          zoom)
{
  GtkWidget *widget = GTK_WIDGET (view);
  GtkSnapshot *snapshot;
  double start;

  pw_waveform_view_set_zoom (view, zoom, WINDOW_WIDTH / 2.0);
  /* Another spectrogram and back: every tile is dropped. */
  pw_waveform_view_set_show_spectrogram (view, FALSE);
  pw_waveform_view_set_show_spectrogram (view, TRUE);
  snapshot = gtk_snapshot_new ();
  start = thread_ms ();
  GTK_WIDGET_GET_CLASS (widget)->snapshot (widget, snapshot);
  start = thread_ms () - start;
  gsk_render_node_unref (gtk_snapshot_free_to_node (snapshot));
  return start;
}

int
main (int   argc,
      char *argv[])
{
  static const double zooms[] = { 10, 100 };
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *cache_path = NULL;
  g_autoptr (GFile) file = NULL;
  g_autoptr (GFile) cache = NULL;
  g_autoptr (PwSpectrogram) spectrogram = NULL;
  g_autoptr (PwSpectrogram) cached = NULL;
  g_autoptr (PwAudioLevels) levels = NULL;
  g_autoptr (GError) error = NULL;
  GtkWindow *window;
  GdkFrameClock *clock;
  Run run = { 0 };
  double before, ms, cpu_ms;

  gtk_init ();
  dir = pw_test_make_dir ();
  path = bench_write_recording (dir, SECONDS);
  file = g_file_new_for_path (path);
  cache_path = g_build_filename (dir, "hour.spectrogram", NULL);
  cache = g_file_new_for_path (cache_path);

  before = peak_mb ();
  spectrogram = load (file, cache, &ms, &cpu_ms);
  printf ("spectrogram: an hour of 16 kHz speech analysed from WAV in %.0f ms, %.0f ms of processor time "
          "(goal: a few seconds); columns %.1f MB in %u layers, the process grew by %.1f MB (goal 32 MB)\n",
          ms, cpu_ms, pw_spectrogram_get_size (spectrogram) / 1e6, pw_spectrogram_get_n_layers (spectrogram),
          peak_mb () - before);
  cached = load (file, cache, &ms, &cpu_ms);
  printf ("spectrogram: the same hour read back from the cache in %.0f ms, %.0f ms of processor time\n",
          ms, cpu_ms);
  g_clear_object (&cached);

  levels = pw_audio_levels_new (file, NULL);
  pw_audio_levels_load (levels, NULL, &error);
  g_assert_no_error (error);

  {
    g_autoptr (GtkCssProvider) css = gtk_css_provider_new ();

    gtk_css_provider_load_from_data (css,
                                     ".floor-a { background: #303030; } "
                                     ".floor-b { background: #383838; } "
                                     ".shade-a { color: #303030; } "
                                     ".shade-b { color: #383838; }", -1);
    gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  }
  run.ms = g_array_new (FALSE, FALSE, sizeof (double));
  run.view = PW_WAVEFORM_VIEW (pw_waveform_view_new ());
  pw_waveform_view_set_levels (run.view, levels);
  pw_waveform_view_set_spectrogram (run.view, spectrogram);
  pw_waveform_view_set_show_spectrogram (run.view, TRUE);
  window = GTK_WINDOW (gtk_window_new ());
  run.window = GTK_WIDGET (window);
  gtk_window_set_decorated (window, FALSE);
  gtk_window_set_default_size (window, WINDOW_WIDTH, WINDOW_HEIGHT);
  gtk_window_set_child (window, GTK_WIDGET (run.view));
  gtk_window_present (window);
  gtk_widget_realize (GTK_WIDGET (window));
  clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint), &run);
  gtk_widget_add_tick_callback (GTK_WIDGET (run.view), on_tick, &run, NULL);

  printf ("spectrogram: %d × %d window, renderer %s\n", WINDOW_WIDTH, WINDOW_HEIGHT,
          g_getenv ("GSK_RENDERER") != NULL ? g_getenv ("GSK_RENDERER") : "default");
  run_frames (&run, ACTION_REDRAW, 2);
  {
    static const double snapshot_zooms[] = { 1, 3, 10, 100, 1000 };

    printf ("spectrogram: a frame's snapshot with every tile made anew, in processor time:");
    for (guint z = 0; z < G_N_ELEMENTS (snapshot_zooms); z++)
      printf ("%s %.0f× %.2f ms", z > 0 ? "," : "", snapshot_zooms[z], snapshot_ms (run.view, snapshot_zooms[z]));
    printf ("\n");
    pw_waveform_view_zoom_fit (run.view);
  }
  run_frames (&run, ACTION_REDRAW, 10);
  run_frames (&run, ACTION_FLOOR, N_FRAMES);
  report ("a full window of plain colour (what any full frame costs here)", run.ms, "");
  gtk_widget_remove_css_class (run.window, "floor-a");
  gtk_widget_remove_css_class (run.window, "floor-b");
  run_frames (&run, ACTION_REDRAW, N_FRAMES);
  report ("a frame at fit (the whole hour), spectrogram shown", run.ms, " (goal 8 ms)");
  for (guint z = 0; z < G_N_ELEMENTS (zooms); z++)
    {
      g_autofree char *what = g_strdup_printf ("scrolling at %.0f×, spectrogram shown", zooms[z]);

      pw_waveform_view_set_zoom (run.view, zooms[z], WINDOW_WIDTH / 2.0);
      run_frames (&run, ACTION_SCROLL, N_FRAMES);
      report (what, run.ms, " (goal 8 ms)");
    }
  pw_waveform_view_set_zoom (run.view, 30, WINDOW_WIDTH / 2.0);
  run_frames (&run, ACTION_ZOOM, N_FRAMES);
  report ("a zoom step of 1.25 about the middle, every tile made again", run.ms, " (goal 8 ms)");

  g_signal_handlers_disconnect_by_func (clock, on_after_paint, &run);
  gtk_window_destroy (window);
  g_array_unref (run.ms);
  pw_test_remove_dir (dir);
  printf ("1..1\nok 1 spectrogram\n");
  return 0;
}
