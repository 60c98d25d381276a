/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <math.h>
#include <stdio.h>
#include <time.h>

#include "bench-recording.h"
#include "media/pw-audio-player-private.h"
#include "pw-audio-test.h"
#include "pw-waveform-view.h"

/* The waveform view over one hour of 16 kHz speech in a 1280-pixel window:
 *
 * - a frame's cost at fit (redrawn in place) and at 10×, 100× and 1000×
 *   (scrolled a few pixels a frame), and a zoom step, each followed by as
 *   many frames of a window of plain colour, for what any full frame
 *   costs under the same load, and their ratio; a frame's cost is
 *   the time from the change, in the frame clock's update phase, to the
 *   end of its paint; the goal: 8 ms;
 * - while playing, after each of 50 seeks, the cursor each frame drew
 *   against the position the pipeline reports as that frame's paint ends,
 *   and a frame's cost while only the cursor moves.
 *
 * Figures are printed, never checked. */

#define SECONDS 3600
#define WINDOW_WIDTH 1280
#define WINDOW_HEIGHT 300
#define N_FRAMES 120
#define N_SEEKS 50
#define FRAMES_A_SEEK 10

typedef enum
{
  ACTION_NONE,
  ACTION_FLOOR,
  ACTION_REDRAW,
  ACTION_SCROLL,
  ACTION_ZOOM,
  ACTION_CURSOR,
  ACTION_PLAYING,
} Action;

typedef struct
{
  GtkWidget      *window;
  PwWaveformView *view;
  PwAudioPlayer  *player;
  Action          action;
  guint           frames;
  gint64          frame_start;
  double          frame_cpu_start;
  GArray         *ms;
  GArray         *cpu_ms;
} Run;

/* The main thread's processor time: what the view and GTK spend on a
 * frame, less stretched by other work on the machine than the time. */
static double
thread_cpu_ms (void)
{
  struct timespec now;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &now);
  return now.tv_sec * 1000.0 + now.tv_nsec / 1e6;
}

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
      /* The foreground a shade lighter or darker: every column changes. */
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
    case ACTION_PLAYING:
      /* Nothing: the view's own tick moves the cursor. */
      break;
    case ACTION_CURSOR:
    case ACTION_NONE:
    default:
      return G_SOURCE_CONTINUE;
    }
  run->frame_start = g_get_monotonic_time ();
  run->frame_cpu_start = thread_cpu_ms ();
  return G_SOURCE_CONTINUE;
}

static void
on_after_paint (GdkFrameClock *clock,
                gpointer       user_data)
{
  Run *run = user_data;
  double value;

  if (run->action == ACTION_CURSOR)
    {
      gint64 position;

      if (pw_audio_player_is_seeking (run->player)
          || !gst_element_query_position (_pw_audio_player_get_pipeline (run->player),
                                          GST_FORMAT_TIME, &position))
        return;
      value = fabs ((double) position / GST_SECOND - pw_waveform_view_get_drawn_cursor (run->view)) * 1000;
    }
  else if (run->frame_start != 0)
    {
      double cpu = thread_cpu_ms () - run->frame_cpu_start;

      value = (g_get_monotonic_time () - run->frame_start) / 1000.0;
      g_array_append_val (run->cpu_ms, cpu);
    }
  else
    return;

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
  g_array_set_size (run->cpu_ms, 0);
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
  printf ("waveform: %s: median %.2f ms, p95 %.2f ms, max %.2f ms%s\n",
          what, bench_median (ms), bench_percentile (ms, 0.95), bench_max (ms), goal);
}

static void
report_frames (const char *what,
               Run        *run,
               const char *goal)
{
  printf ("waveform: %s: median %.2f ms (%.2f ms of the main thread's processor time), "
          "p95 %.2f ms, max %.2f ms%s\n",
          what, bench_median (run->ms), bench_median (run->cpu_ms),
          bench_percentile (run->ms, 0.95), bench_max (run->ms), goal);
}

/* Reports the frames just run against the floor: as many frames of a
 * full window of plain colour, run right after them, so that both see
 * the same load on the machine. */
static void
report_against_floor (const char *what,
                      Run        *run,
                      const char *goal)
{
  double median = bench_median (run->ms);

  report_frames (what, run, goal);
  run_frames (run, ACTION_FLOOR, N_FRAMES);
  gtk_widget_remove_css_class (run->window, "floor-a");
  gtk_widget_remove_css_class (run->window, "floor-b");
  printf ("waveform:   against a full window of plain colour just after: median %.2f ms, "
          "p95 %.2f ms; the view's frame is %.2f× that floor\n",
          bench_median (run->ms), bench_percentile (run->ms, 0.95),
          median / MAX (bench_median (run->ms), 0.001));
}

static void
wait_for (gboolean (*condition) (PwAudioPlayer *),
          PwAudioPlayer *player,
          gboolean       wanted)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (condition (player) != wanted)
    {
      g_main_context_iteration (NULL, FALSE);
      if (g_get_monotonic_time () > deadline)
        g_error ("The player did not answer in 30 s");
    }
}

int
main (int   argc,
      char *argv[])
{
  static const double zooms[] = { 10, 100, 1000 };
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr (GFile) file = NULL;
  g_autoptr (PwAudioLevels) levels = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GRand) rand = g_rand_new_with_seed (50);
  g_autoptr (GArray) cursor = g_array_new (FALSE, FALSE, sizeof (double));
  GtkWindow *window;
  GdkFrameClock *clock;
  Run run = { 0 };
  gint64 start;

  gtk_init ();
  dir = pw_test_make_dir ();
  path = bench_write_recording (dir, SECONDS);
  file = g_file_new_for_path (path);
  levels = pw_audio_levels_new (file, NULL);
  start = g_get_monotonic_time ();
  pw_audio_levels_load (levels, NULL, &error);
  g_assert_no_error (error);
  printf ("waveform: an hour of 16 kHz speech, levels read in %.0f ms, %d × %d window, renderer %s\n",
          (g_get_monotonic_time () - start) / 1000.0, WINDOW_WIDTH, WINDOW_HEIGHT,
          g_getenv ("GSK_RENDERER") != NULL ? g_getenv ("GSK_RENDERER") : "default");

  run.ms = g_array_new (FALSE, FALSE, sizeof (double));
  run.cpu_ms = g_array_new (FALSE, FALSE, sizeof (double));
  run.player = pw_audio_player_new (file, "fakesink sync=true");
  run.view = PW_WAVEFORM_VIEW (pw_waveform_view_new ());
  pw_waveform_view_set_levels (run.view, levels);
  pw_waveform_view_set_player (run.view, run.player);
  wait_for (pw_audio_player_is_ready, run.player, TRUE);

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

  run_frames (&run, ACTION_REDRAW, 10);
  run_frames (&run, ACTION_FLOOR, N_FRAMES);
  report_frames ("a full window of plain colour (what any full frame costs here)", &run, "");
  gtk_widget_remove_css_class (run.window, "floor-a");
  gtk_widget_remove_css_class (run.window, "floor-b");
  run_frames (&run, ACTION_REDRAW, N_FRAMES);
  report_against_floor ("a frame at fit (the whole hour)", &run, " (goal 8 ms)");
  for (guint z = 0; z < G_N_ELEMENTS (zooms); z++)
    {
      g_autofree char *what = g_strdup_printf ("scrolling at %.0f×", zooms[z]);

      pw_waveform_view_set_zoom (run.view, zooms[z], WINDOW_WIDTH / 2.0);
      run_frames (&run, ACTION_SCROLL, N_FRAMES);
      report_against_floor (what, &run, " (goal 8 ms)");
    }
  pw_waveform_view_set_zoom (run.view, 30, WINDOW_WIDTH / 2.0);
  run_frames (&run, ACTION_ZOOM, N_FRAMES);
  report_against_floor ("a zoom step of 1.25 about the middle", &run, " (goal 8 ms)");

  /* The cursor while playing, after seeks. */
  pw_waveform_view_set_zoom (run.view, 100, WINDOW_WIDTH / 2.0);
  pw_audio_player_play (run.player);
  for (guint i = 0; i < N_SEEKS; i++)
    {
      pw_audio_player_seek (run.player, g_rand_double_range (rand, 0, SECONDS - 10));
      wait_for (pw_audio_player_is_seeking, run.player, FALSE);
      run_frames (&run, ACTION_CURSOR, FRAMES_A_SEEK);
      g_array_append_vals (cursor, run.ms->data, run.ms->len);
    }
  run_frames (&run, ACTION_PLAYING, N_FRAMES);
  report_frames ("a frame while playing at 100× (the cursor moves)", &run, " (goal 8 ms)");
  pw_audio_player_pause (run.player);
  report ("drawn cursor against the pipeline's position at the end of the frame's paint, "
          "50 seeks", cursor, " (goal 20 ms)");

  g_signal_handlers_disconnect_by_func (clock, on_after_paint, &run);
  gtk_window_destroy (window);
  g_object_unref (run.player);
  g_array_unref (run.ms);
  g_array_unref (run.cpu_ms);
  pw_test_remove_dir (dir);
  printf ("1..1\nok 1 waveform\n");
  return 0;
}
