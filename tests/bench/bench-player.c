/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <math.h>
#include <stdio.h>

#include "bench-recording.h"
#include "media/pw-audio-player-private.h"
#include "pw-audio-test.h"

/* The player on an hour of 16 kHz speech, its output a fakesink that
 * keeps time (no sound card here):
 *
 * - after each of 50 seeks while playing, the cursor (the position a view
 *   draws) against what the output renders at that instant, known from
 *   the stream time of each buffer as the output takes it, and against
 *   the position the pipeline reports; the goal: within 20 ms;
 * - the time from a seek to its first sound at the output;
 * - key to pause: from pw_audio_player_pause() to the pipeline reporting
 *   PAUSED; the goal: 50 ms.
 *
 * Figures are printed, never checked. */

#define SECONDS 3600
#define N_SEEKS 50
#define N_PAUSES 30
/* How long each seek plays before it is measured: a few frames. */
#define PLAY_MS 60

/* What the output renders: the stream time of the buffer it took last,
 * and when. Written by the streaming thread. */
typedef struct
{
  GMutex   lock;
  gboolean valid;
  double   start;
  gint64   at;
} Heard;

static void
on_handoff (GstElement *sink,
            GstBuffer  *buffer,
            GstPad     *pad,
            Heard      *heard)
{
  g_autoptr (GstEvent) event = gst_pad_get_sticky_event (pad, GST_EVENT_SEGMENT, 0);
  const GstSegment *segment;
  guint64 stream_time;

  if (event == NULL)
    return;
  gst_event_parse_segment (event, &segment);
  stream_time = gst_segment_to_stream_time (segment, GST_FORMAT_TIME, GST_BUFFER_PTS (buffer));
  g_mutex_lock (&heard->lock);
  heard->start = (double) stream_time / GST_SECOND;
  heard->at = g_get_monotonic_time ();
  heard->valid = TRUE;
  g_mutex_unlock (&heard->lock);
}

static gboolean
heard_valid (Heard *heard)
{
  gboolean valid;

  g_mutex_lock (&heard->lock);
  valid = heard->valid;
  g_mutex_unlock (&heard->lock);
  return valid;
}

static void
heard_reset (Heard *heard)
{
  g_mutex_lock (&heard->lock);
  heard->valid = FALSE;
  g_mutex_unlock (&heard->lock);
}

/* The sound at the output now: the buffer taken last, played on since. */
static double
heard_now (Heard *heard)
{
  double now;

  g_mutex_lock (&heard->lock);
  now = heard->start + (g_get_monotonic_time () - heard->at) / (double) G_USEC_PER_SEC;
  g_mutex_unlock (&heard->lock);
  return now;
}

static void
spin_until (gboolean (*condition) (gpointer),
            gpointer  data)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (!condition (data))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("The player did not answer in 30 s");
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (200);
    }
}

static void
spin_for (guint milliseconds)
{
  gint64 end = g_get_monotonic_time () + milliseconds * G_TIME_SPAN_MILLISECOND;

  while (g_get_monotonic_time () < end)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (200);
}

typedef struct
{
  PwAudioPlayer *player;
  Heard         *heard;
} Run;

static gboolean
is_ready (gpointer data)
{
  return pw_audio_player_is_ready (((Run *) data)->player);
}

static gboolean
seek_is_heard (gpointer data)
{
  Run *run = data;

  return !pw_audio_player_is_seeking (run->player) && heard_valid (run->heard);
}

static GstState
current_state (PwAudioPlayer *player)
{
  GstState state = GST_STATE_VOID_PENDING;

  gst_element_get_state (_pw_audio_player_get_pipeline (player), &state, NULL, 0);
  return state;
}

static gboolean
is_paused (gpointer data)
{
  return current_state (((Run *) data)->player) == GST_STATE_PAUSED;
}

static gboolean
is_playing (gpointer data)
{
  return current_state (((Run *) data)->player) == GST_STATE_PLAYING;
}

static double
pipeline_position (PwAudioPlayer *player)
{
  gint64 position = 0;

  gst_element_query_position (_pw_audio_player_get_pipeline (player), GST_FORMAT_TIME, &position);
  return (double) position / GST_SECOND;
}

static int
compare_basesink (const GValue *value,
                  gpointer      user_data)
{
  return g_strcmp0 (G_OBJECT_TYPE_NAME (g_value_get_object (value)), "GstFakeSink");
}

static void
print_figures (const char *what,
               GArray     *ms,
               const char *goal)
{
  printf ("player: %s: median %.2f ms, p95 %.2f ms, max %.2f ms%s\n",
          what, bench_median (ms), bench_percentile (ms, 0.95), bench_max (ms), goal);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr (GFile) file = NULL;
  g_autoptr (GstElement) bin = NULL;
  g_autoptr (GstIterator) iterator = NULL;
  g_autoptr (GRand) rand = g_rand_new_with_seed (60);
  g_autoptr (GArray) to_heard = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) to_pipeline = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) to_sound = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) pauses = g_array_new (FALSE, FALSE, sizeof (double));
  GValue found = G_VALUE_INIT;
  Heard heard = { 0 };
  Run run = { NULL, &heard };
  gint64 start;

  gst_init (&argc, &argv);
  g_mutex_init (&heard.lock);
  dir = pw_test_make_dir ();
  start = g_get_monotonic_time ();
  path = bench_write_recording (dir, SECONDS);
  printf ("player: %d minutes of 16 kHz mono speech written in %.0f ms; output: fakesink sync=true\n",
          SECONDS / 60, (g_get_monotonic_time () - start) / 1000.0);

  file = g_file_new_for_path (path);
  run.player = pw_audio_player_new (file, "fakesink sync=true signal-handoffs=true");
  spin_until (is_ready, &run);
  g_object_get (_pw_audio_player_get_pipeline (run.player), "audio-sink", &bin, NULL);
  iterator = gst_bin_iterate_recurse (GST_BIN (bin));
  g_assert_true (gst_iterator_find_custom (iterator, (GCompareFunc) compare_basesink, &found, NULL));
  g_signal_connect (g_value_get_object (&found), "handoff", G_CALLBACK (on_handoff), &heard);
  g_value_unset (&found);

  pw_audio_player_play (run.player);
  for (guint i = 0; i < N_SEEKS; i++)
    {
      double target = g_rand_double_range (rand, 0, SECONDS - 10);
      double cursor, before, after, heard_at, sound, error;
      gint64 asked;

      heard_reset (&heard);
      asked = g_get_monotonic_time ();
      pw_audio_player_seek (run.player, target);
      spin_until (seek_is_heard, &run);
      sound = (g_get_monotonic_time () - asked) / 1000.0;
      g_array_append_val (to_sound, sound);

      spin_for (PLAY_MS);
      before = pipeline_position (run.player);
      cursor = pw_audio_player_get_position (run.player);
      heard_at = heard_now (&heard);
      after = pipeline_position (run.player);
      error = fabs (cursor - heard_at) * 1000;
      g_array_append_val (to_heard, error);
      /* The pipeline asked just before and just after the cursor: how far
       * the cursor lies outside the two. */
      error = MAX (MAX (before - cursor, cursor - after), 0) * 1000;
      g_array_append_val (to_pipeline, error);
    }
  print_figures ("cursor against the sound the output renders, 50 seeks in an hour", to_heard,
                 " (goal 20 ms)");
  print_figures ("cursor against the position the pipeline reports", to_pipeline, "");
  print_figures ("seek to its first sound at the output", to_sound, "");

  for (guint i = 0; i < N_PAUSES; i++)
    {
      gint64 asked;
      double ms;

      pw_audio_player_play (run.player);
      spin_until (is_playing, &run);
      spin_for (40);
      asked = g_get_monotonic_time ();
      pw_audio_player_pause (run.player);
      spin_until (is_paused, &run);
      ms = (g_get_monotonic_time () - asked) / 1000.0;
      g_array_append_val (pauses, ms);
    }
  print_figures ("key to pause (pause() to the pipeline in PAUSED)", pauses, " (goal 50 ms)");

  g_object_unref (run.player);
  spin_for (200);
  pw_test_remove_dir (dir);
  g_mutex_clear (&heard.lock);
  printf ("1..1\nok 1 player\n");
  return 0;
}
