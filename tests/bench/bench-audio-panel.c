/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <stdio.h>

#include "bench-recording.h"
#include "media/pw-audio-player-private.h"
#include "pw-audio-panel.h"
#include "pw-audio-test.h"

/* The audio panel over an hour of 16 kHz speech, its output a fakesink
 * that keeps time, with the focus in a text field below it as in a
 * transcript: Ctrl+Space pressed with xdotool while the sound plays.
 *
 * - key to pause: from the window receiving the key press to the
 *   pipeline reporting PAUSED; the goal: 50 ms;
 * - the same from the start of the xdotool process, which adds the
 *   process's start and the X server's round trip.
 *
 * Figures are printed, never checked. */

#define SECONDS 3600
#define N_PAUSES 30

typedef struct
{
  PwAudioPlayer *player;
  gint64         key_at;
} Run;

static GstState
current_state (PwAudioPlayer *player)
{
  GstState state = GST_STATE_VOID_PENDING;
  GstState pending = GST_STATE_VOID_PENDING;

  gst_element_get_state (_pw_audio_player_get_pipeline (player), &state, &pending, 0);
  return pending == GST_STATE_VOID_PENDING ? state : GST_STATE_VOID_PENDING;
}

static void
spin_until_state (PwAudioPlayer *player,
                  GstState       wanted)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (current_state (player) != wanted)
    {
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (100);
      if (g_get_monotonic_time () > deadline)
        g_error ("The pipeline did not change state in 30 s");
    }
}

static void
spin_for (guint milliseconds)
{
  gint64 end = g_get_monotonic_time () + milliseconds * G_TIME_SPAN_MILLISECOND;

  while (g_get_monotonic_time () < end)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (500);
}

/* The key as a surface takes it from the display, before GTK hands it to
 * any widget: an emission hook runs ahead of the window's handler. */
static gboolean
on_surface_event (GSignalInvocationHint *hint,
                  guint                  n_values,
                  const GValue          *values,
                  gpointer               user_data)
{
  Run *run = user_data;
  GdkEvent *event = g_value_get_pointer (&values[1]);

  if (gdk_event_get_event_type (event) == GDK_KEY_PRESS && gdk_key_event_get_keyval (event) == GDK_KEY_space)
    run->key_at = g_get_monotonic_time ();
  return TRUE;
}

static GSubprocess *
press_ctrl_space (void)
{
  static const char *const argv[] = { "xdotool", "key", "--clearmodifiers", "ctrl+space", NULL };
  g_autoptr (GError) error = NULL;
  GSubprocess *process = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_NONE, &error);

  g_assert_no_error (error);
  return process;
}

static void
report (const char *what,
        GArray     *ms,
        const char *goal)
{
  printf ("audio-panel: %s: median %.2f ms, p95 %.2f ms, max %.2f ms%s\n",
          what, bench_median (ms), bench_percentile (ms, 0.95), bench_max (ms), goal);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr (GFile) file = NULL;
  g_autoptr (PwAudioLevels) levels = NULL;
  g_autoptr (PwAnnotation) annotation = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) from_key = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) from_process = g_array_new (FALSE, FALSE, sizeof (double));
  GtkWindow *window;
  GtkWidget *box, *panel, *transcript;
  Run run = { 0 };

  gtk_init ();
  g_setenv (PW_AUDIO_PLAYER_SINK_ENV, "fakesink sync=true", TRUE);
  dir = pw_test_make_dir ();
  path = bench_write_recording (dir, SECONDS);
  file = g_file_new_for_path (path);
  levels = pw_audio_levels_new (file, NULL);
  pw_audio_levels_load (levels, NULL, &error);
  g_assert_no_error (error);
  annotation = pw_annotation_new_for_tools (PW_ANNOTATION_TOOL_SEGMENT | PW_ANNOTATION_TOOL_TRANSCRIPT);

  window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_decorated (window, FALSE);
  gtk_window_set_default_size (window, 1280, 600);
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  panel = pw_audio_panel_new ();
  gtk_widget_set_vexpand (panel, TRUE);
  transcript = gtk_entry_new ();
  gtk_box_append (GTK_BOX (box), panel);
  gtk_box_append (GTK_BOX (box), transcript);
  gtk_window_set_child (window, box);

  pw_audio_panel_set_task (PW_AUDIO_PANEL (panel), file, levels, annotation, NULL, PW_CHECK_DEFAULT);
  run.player = pw_audio_panel_get_player (PW_AUDIO_PANEL (panel));
  gtk_window_present (window);
  g_signal_add_emission_hook (g_signal_lookup ("event", GDK_TYPE_SURFACE), 0, on_surface_event, &run, NULL);
  while (!pw_audio_player_is_ready (run.player))
    g_main_context_iteration (NULL, TRUE);
  spin_for (300);
  gtk_widget_grab_focus (transcript);
  printf ("audio-panel: an hour of 16 kHz speech, the focus in a text field below the panel\n");

  for (guint i = 0; i < N_PAUSES; i++)
    {
      g_autoptr (GSubprocess) process = NULL;
      gint64 spawned;
      double ms;

      pw_audio_player_seek (run.player, i * 97.0);
      pw_audio_player_play (run.player);
      spin_until_state (run.player, GST_STATE_PLAYING);
      spin_for (100);

      run.key_at = 0;
      spawned = g_get_monotonic_time ();
      process = press_ctrl_space ();
      spin_until_state (run.player, GST_STATE_PAUSED);
      g_assert_false (pw_audio_player_get_playing (run.player));
      g_assert_cmpint (run.key_at, >, 0);
      ms = (g_get_monotonic_time () - run.key_at) / 1000.0;
      g_array_append_val (from_key, ms);
      ms = (g_get_monotonic_time () - spawned) / 1000.0;
      g_array_append_val (from_process, ms);
      g_subprocess_wait (process, NULL, NULL);
    }
  report ("key to pause (the window's key press to the pipeline in PAUSED)", from_key, " (goal 50 ms)");
  report ("xdotool's start to the pipeline in PAUSED", from_process, "");

  gtk_window_destroy (window);
  spin_for (200);
  pw_test_remove_dir (dir);
  printf ("1..1\nok 1 audio-panel\n");
  return 0;
}
