/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <gst/base/gstbasesink.h>
#include <math.h>
#include <string.h>

#include "media/pw-audio-player-private.h"
#include "pw-audio-test.h"

/* The player on a generated WAV, with an output that keeps time and plays
 * nothing (the test machine has no sound card): what it plays is read
 * from the pipeline and from the samples the output holds. */

#define RATE 16000
#define SINK "fakesink sync=true"
/* A seek is accurate to a sample; positions are compared to a tenth of a
 * millisecond more than that. */
#define SAMPLE (1.0 / RATE)
#define EXACT (SAMPLE + 1e-4)

#define WAIT_UNTIL(condition, seconds)                                       \
  G_STMT_START {                                                             \
    gint64 _deadline = g_get_monotonic_time () + (seconds) * G_USEC_PER_SEC; \
    while (!(condition))                                                     \
      {                                                                      \
        if (g_get_monotonic_time () > _deadline)                             \
          g_error ("Timed out waiting for %s", #condition);                  \
        if (!g_main_context_iteration (NULL, FALSE))                         \
          g_usleep (500);                                                    \
      }                                                                      \
  } G_STMT_END

static char *dir;

static char *
write_recording (guint seconds)
{
  g_autofree char *name = g_strdup_printf ("tone-%u.wav", seconds);
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr (PwTestSound) sound = NULL;
  g_autoptr (GBytes) wav = NULL;

  if (g_file_test (path, G_FILE_TEST_EXISTS))
    return g_steal_pointer (&path);
  sound = pw_test_sound_new (PW_TEST_S16, 1, RATE, (gsize) seconds * RATE, seconds);
  wav = pw_test_sound_to_wav (sound);
  return pw_test_write (dir, name, wav);
}

static PwAudioPlayer *
open_player (guint       seconds,
             const char *sink)
{
  g_autofree char *path = write_recording (seconds);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  PwAudioPlayer *player = pw_audio_player_new (file, sink);

  WAIT_UNTIL (pw_audio_player_is_ready (player), 20);
  g_assert_cmpfloat_with_epsilon (pw_audio_player_get_duration (player), seconds, 1e-3);
  return player;
}

/* The player and its pipeline are gone once the player's thread has taken
 * the pipeline down. */
static void
close_player (PwAudioPlayer *player)
{
  gpointer weak_player = player;
  gpointer weak_pipeline = _pw_audio_player_get_pipeline (player);

  g_object_add_weak_pointer (G_OBJECT (player), &weak_player);
  if (weak_pipeline != NULL)
    g_object_add_weak_pointer (G_OBJECT (weak_pipeline), &weak_pipeline);
  g_object_unref (player);
  WAIT_UNTIL (weak_player == NULL && weak_pipeline == NULL, 20);
}

static GstState
pipeline_state (PwAudioPlayer *player)
{
  GstState state = GST_STATE_VOID_PENDING;

  gst_element_get_state (_pw_audio_player_get_pipeline (player), &state, NULL, 0);
  return state;
}

static double
pipeline_position (PwAudioPlayer *player)
{
  gint64 position = -1;

  g_assert_true (gst_element_query_position (_pw_audio_player_get_pipeline (player),
                                             GST_FORMAT_TIME, &position));
  return (double) position / GST_SECOND;
}

static int
compare_basesink (const GValue *value,
                  gpointer      user_data)
{
  return GST_IS_BASE_SINK (g_value_get_object (value)) ? 0 : 1;
}

/* The stream time of the first sample the output holds: after a seek
 * while paused, the sound that plays first. */
static double
held_position (PwAudioPlayer *player)
{
  g_autoptr (GstElement) bin = NULL;
  g_autoptr (GstIterator) iterator = NULL;
  g_autoptr (GstSample) sample = NULL;
  GValue found = G_VALUE_INIT;
  const GstSegment *segment;
  GstBuffer *buffer;

  g_object_get (_pw_audio_player_get_pipeline (player), "audio-sink", &bin, NULL);
  iterator = gst_bin_iterate_recurse (GST_BIN (bin));
  g_assert_true (gst_iterator_find_custom (iterator, (GCompareFunc) compare_basesink, &found, NULL));
  g_object_get (g_value_get_object (&found), "last-sample", &sample, NULL);
  g_value_unset (&found);
  g_assert_nonnull (sample);
  buffer = gst_sample_get_buffer (sample);
  segment = gst_sample_get_segment (sample);
  return (double) gst_segment_to_stream_time (segment, GST_FORMAT_TIME, GST_BUFFER_PTS (buffer))
         / GST_SECOND;
}

static void
wait_seeked (PwAudioPlayer *player)
{
  WAIT_UNTIL (!pw_audio_player_is_seeking (player), 20);
}

/* The player's position lies between two queries of the pipeline made
 * just before and just after it: it is the pipeline's, not a clock of
 * its own. */
static void
assert_position_is_pipelines (PwAudioPlayer *player)
{
  double before = pipeline_position (player);
  double position = pw_audio_player_get_position (player);
  double after = pipeline_position (player);

  g_assert_cmpfloat (position, >=, before - 1e-4);
  g_assert_cmpfloat (position, <=, after + 1e-4);
}

static void
test_open (void)
{
  PwAudioPlayer *player = open_player (10, SINK);

  g_assert_true (pw_audio_player_is_silent (player));
  g_assert_false (pw_audio_player_get_playing (player));
  g_assert_cmpfloat (pw_audio_player_get_position (player), ==, 0);
  g_assert_cmpfloat (pw_audio_player_get_rate (player), ==, 1.0);
  g_assert_cmpfloat (pw_audio_player_get_auto_rewind (player), ==, 1.5);
  g_assert_false (pw_audio_player_has_loop (player));
  g_assert_cmpint (pipeline_state (player), ==, GST_STATE_PAUSED);
  close_player (player);
}

/* Asked before the recording is open, a seek and play are done once it is. */
static void
test_before_ready (void)
{
  g_autofree char *path = write_recording (10);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  PwAudioPlayer *player = pw_audio_player_new (file, SINK);

  pw_audio_player_seek (player, 3.0);
  pw_audio_player_play (player);
  g_assert_true (pw_audio_player_get_playing (player));
  g_assert_cmpfloat (pw_audio_player_get_position (player), ==, 3.0);
  WAIT_UNTIL (pw_audio_player_is_ready (player) && pw_audio_player_get_position (player) > 3.2, 20);
  g_assert_cmpfloat (pw_audio_player_get_position (player), <, 9.0);
  close_player (player);

  /* Dropped before it is open. */
  player = pw_audio_player_new (file, SINK);
  close_player (player);
}

static void
test_play_pause (void)
{
  PwAudioPlayer *player = open_player (10, SINK);
  double paused_at;
  gint64 start;

  pw_audio_player_play (player);
  g_assert_true (pw_audio_player_get_playing (player));
  WAIT_UNTIL (pw_audio_player_get_position (player) >= 0.3, 20);
  g_assert_cmpint (pipeline_state (player), ==, GST_STATE_PLAYING);
  assert_position_is_pipelines (player);

  pw_audio_player_pause (player);
  g_assert_false (pw_audio_player_get_playing (player));
  WAIT_UNTIL (pipeline_state (player) == GST_STATE_PAUSED, 20);
  paused_at = pw_audio_player_get_position (player);
  g_assert_cmpfloat (paused_at, >=, 0.3);

  /* Paused, the position stays. */
  start = g_get_monotonic_time ();
  while (g_get_monotonic_time () - start < 150 * G_TIME_SPAN_MILLISECOND)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpfloat_with_epsilon (pw_audio_player_get_position (player), paused_at, 1e-3);

  pw_audio_player_toggle (player);
  g_assert_true (pw_audio_player_get_playing (player));
  pw_audio_player_toggle (player);
  g_assert_false (pw_audio_player_get_playing (player));
  close_player (player);
}

static void
test_seek (void)
{
  PwAudioPlayer *player = open_player (10, SINK);
  double start;

  /* Paused: the position is the one asked for at once, and the output
   * holds the sample there once the seek is done. */
  pw_audio_player_seek (player, 4.321);
  g_assert_true (pw_audio_player_is_seeking (player));
  g_assert_cmpfloat (pw_audio_player_get_position (player), ==, 4.321);
  wait_seeked (player);
  g_assert_cmpfloat_with_epsilon (pw_audio_player_get_position (player), 4.321, EXACT);
  g_assert_cmpfloat_with_epsilon (held_position (player), 4.321, EXACT);

  /* Seeks in a row add up to the last. */
  pw_audio_player_skip (player, PW_AUDIO_PLAYER_SKIP);
  pw_audio_player_skip (player, PW_AUDIO_PLAYER_SKIP);
  pw_audio_player_skip (player, -1.0);
  g_assert_cmpfloat_with_epsilon (pw_audio_player_get_position (player), 7.321, 1e-9);
  wait_seeked (player);
  g_assert_cmpfloat_with_epsilon (held_position (player), 7.321, EXACT);

  /* Not before the start, not beyond the end. */
  pw_audio_player_skip (player, -100);
  g_assert_cmpfloat (pw_audio_player_get_position (player), ==, 0);
  pw_audio_player_seek (player, 100);
  g_assert_cmpfloat (pw_audio_player_get_position (player), ==, 10.0);
  wait_seeked (player);

  /* Playing. */
  pw_audio_player_seek (player, 2.0);
  pw_audio_player_play (player);
  wait_seeked (player);
  WAIT_UNTIL (pw_audio_player_get_position (player) > 2.1, 20);
  start = pw_audio_player_get_position (player);
  pw_audio_player_seek (player, 7.5);
  g_assert_cmpfloat (pw_audio_player_get_position (player), ==, 7.5);
  wait_seeked (player);
  g_assert_cmpfloat (pw_audio_player_get_position (player), >=, 7.5);
  g_assert_cmpfloat (pw_audio_player_get_position (player), <, 9.0);
  g_assert_cmpfloat (start, <, 7.0);
  assert_position_is_pipelines (player);
  close_player (player);
}

/* The speed of the position against the monotonic clock, over @seconds. */
static double
measured_rate (PwAudioPlayer *player,
               double         seconds)
{
  gint64 t0 = g_get_monotonic_time ();
  double p0 = pw_audio_player_get_position (player);
  gint64 t1;
  double p1;

  WAIT_UNTIL (g_get_monotonic_time () - t0 >= seconds * G_USEC_PER_SEC, 20);
  t1 = g_get_monotonic_time ();
  p1 = pw_audio_player_get_position (player);
  return (p1 - p0) / ((t1 - t0) / (double) G_USEC_PER_SEC);
}

static void
test_rate (void)
{
  PwAudioPlayer *player = open_player (30, SINK);
  double before;

  pw_audio_player_step_rate (player, 1);
  g_assert_cmpfloat (pw_audio_player_get_rate (player), ==, 1.25);
  pw_audio_player_step_rate (player, 10);
  g_assert_cmpfloat (pw_audio_player_get_rate (player), ==, PW_AUDIO_PLAYER_MAX_RATE);
  pw_audio_player_step_rate (player, -10);
  g_assert_cmpfloat (pw_audio_player_get_rate (player), ==, PW_AUDIO_PLAYER_MIN_RATE);
  pw_audio_player_set_rate (player, 1.0);
  wait_seeked (player);

  pw_audio_player_seek (player, 5.0);
  pw_audio_player_play (player);
  wait_seeked (player);
  WAIT_UNTIL (pw_audio_player_get_position (player) >= 5.2, 20);

  /* The speed changes where the sound is. */
  before = pw_audio_player_get_position (player);
  pw_audio_player_set_rate (player, 2.0);
  g_assert_cmpfloat_with_epsilon (pw_audio_player_get_position (player), before, 0.05);
  wait_seeked (player);
  g_assert_cmpfloat_with_epsilon (pw_audio_player_get_position (player), before, 0.5);
  g_assert_cmpfloat_with_epsilon (measured_rate (player, 0.5), 2.0, 0.3);
  assert_position_is_pipelines (player);

  before = pw_audio_player_get_position (player);
  pw_audio_player_set_rate (player, 0.5);
  wait_seeked (player);
  g_assert_cmpfloat_with_epsilon (pw_audio_player_get_position (player), before, 0.5);
  g_assert_cmpfloat_with_epsilon (measured_rate (player, 0.5), 0.5, 0.15);

  /* Paused, the rate waits for play. */
  pw_audio_player_pause (player);
  before = pw_audio_player_get_position (player);
  pw_audio_player_set_rate (player, 1.5);
  wait_seeked (player);
  g_assert_cmpfloat_with_epsilon (pw_audio_player_get_position (player), before, 0.05);
  close_player (player);
}

static void
test_auto_rewind (void)
{
  PwAudioPlayer *player = open_player (10, SINK);
  double paused_at;

  pw_audio_player_seek (player, 3.0);
  pw_audio_player_play (player);
  wait_seeked (player);
  WAIT_UNTIL (pw_audio_player_get_position (player) >= 3.3, 20);
  pw_audio_player_pause (player);
  WAIT_UNTIL (pipeline_state (player) == GST_STATE_PAUSED, 20);
  paused_at = pw_audio_player_get_position (player);

  /* Resumed 1.5 s earlier. */
  pw_audio_player_play (player);
  g_assert_cmpfloat_with_epsilon (pw_audio_player_get_position (player), paused_at - 1.5, 1e-9);
  wait_seeked (player);

  /* Not before the start. */
  pw_audio_player_pause (player);
  pw_audio_player_seek (player, 0.4);
  wait_seeked (player);
  pw_audio_player_play (player);
  /* A seek came between: no rewind. */
  g_assert_false (pw_audio_player_is_seeking (player));
  g_assert_cmpfloat (pw_audio_player_get_position (player), >=, 0.4 - 1e-4);
  g_assert_cmpfloat (pw_audio_player_get_position (player), <, 0.5);
  WAIT_UNTIL (pw_audio_player_get_position (player) >= 0.5, 20);
  pw_audio_player_pause (player);
  pw_audio_player_play (player);
  g_assert_cmpfloat (pw_audio_player_get_position (player), ==, 0);
  wait_seeked (player);

  /* Not at all when set to 0. */
  pw_audio_player_set_auto_rewind (player, 0);
  WAIT_UNTIL (pw_audio_player_get_position (player) >= 0.2, 20);
  pw_audio_player_pause (player);
  WAIT_UNTIL (pipeline_state (player) == GST_STATE_PAUSED, 20);
  paused_at = pw_audio_player_get_position (player);
  pw_audio_player_play (player);
  g_assert_false (pw_audio_player_is_seeking (player));
  g_assert_cmpfloat (pw_audio_player_get_position (player), >=, paused_at - 1e-3);

  pw_audio_player_set_auto_rewind (player, 9);
  g_assert_cmpfloat (pw_audio_player_get_auto_rewind (player), ==, PW_AUDIO_PLAYER_MAX_AUTO_REWIND);
  close_player (player);
}

static void
test_loop (void)
{
  PwAudioPlayer *player = open_player (10, SINK);
  double previous = 0, highest = 0;
  guint wraps = 0;

  pw_audio_player_set_loop (player, 1.0, 1.6);
  g_assert_true (pw_audio_player_has_loop (player));
  /* Outside the loop, the position goes to its start. */
  g_assert_cmpfloat (pw_audio_player_get_position (player), ==, 1.0);
  pw_audio_player_play (player);
  wait_seeked (player);

  previous = pw_audio_player_get_position (player);
  while (wraps < 3)
    {
      double position;

      WAIT_UNTIL ((position = pw_audio_player_get_position (player)) != previous, 20);
      g_assert_cmpfloat (position, >=, 1.0 - 1e-3);
      g_assert_cmpfloat (position, <=, 1.6 + 1e-3);
      highest = MAX (highest, position);
      if (position < previous - 0.3)
        {
          /* It went round, from the loop's end. */
          g_assert_cmpfloat (highest, >, 1.45);
          highest = 0;
          wraps++;
        }
      previous = position;
    }

  /* Cleared, the sound plays on beyond. */
  pw_audio_player_clear_loop (player);
  g_assert_false (pw_audio_player_has_loop (player));
  WAIT_UNTIL (pw_audio_player_get_position (player) > 1.9, 20);
  close_player (player);
}

static void
test_range (void)
{
  PwAudioPlayer *player = open_player (10, SINK);

  /* Once, and paused at its end. */
  pw_audio_player_play_range (player, 2.0, 2.5);
  g_assert_true (pw_audio_player_get_playing (player));
  g_assert_cmpfloat (pw_audio_player_get_position (player), ==, 2.0);
  WAIT_UNTIL (!pw_audio_player_get_playing (player), 20);
  g_assert_cmpfloat (pw_audio_player_get_position (player), ==, 2.5);
  WAIT_UNTIL (pipeline_state (player) == GST_STATE_PAUSED, 20);

  /* Play goes on from there, without a rewind. */
  pw_audio_player_play (player);
  g_assert_cmpfloat (pw_audio_player_get_position (player), ==, 2.5);
  wait_seeked (player);
  WAIT_UNTIL (pw_audio_player_get_position (player) > 2.7, 20);

  /* A range clears the loop; skipping back within it keeps it. */
  pw_audio_player_set_loop (player, 5, 6);
  pw_audio_player_play_range (player, 3.0, 3.6);
  g_assert_false (pw_audio_player_has_loop (player));
  wait_seeked (player);
  WAIT_UNTIL (pw_audio_player_get_position (player) > 3.2, 20);
  pw_audio_player_skip (player, -0.2);
  WAIT_UNTIL (!pw_audio_player_get_playing (player), 20);
  g_assert_cmpfloat (pw_audio_player_get_position (player), ==, 3.6);

  /* At the end of the recording, play starts over. */
  pw_audio_player_seek (player, 9.8);
  pw_audio_player_play (player);
  WAIT_UNTIL (!pw_audio_player_get_playing (player), 20);
  g_assert_cmpfloat (pw_audio_player_get_position (player), ==, 10.0);
  pw_audio_player_play (player);
  g_assert_cmpfloat (pw_audio_player_get_position (player), ==, 0);
  wait_seeked (player);
  WAIT_UNTIL (pw_audio_player_get_position (player) > 0.1, 20);
  close_player (player);
}

/* 50 seeks in a minute of sound: paused, the output holds the sample
 * asked for and the position is it; playing, the position is the
 * pipeline's at every moment, so it cannot drift however many seeks. */
static void
test_accuracy (void)
{
  PwAudioPlayer *player = open_player (60, SINK);
  g_autoptr (GRand) rand = g_rand_new_with_seed (50);
  double worst = 0;

  for (guint i = 0; i < 25; i++)
    {
      double target = round (g_rand_double_range (rand, 0, 59) * RATE) / RATE;

      pw_audio_player_seek (player, target);
      wait_seeked (player);
      g_assert_cmpfloat_with_epsilon (pw_audio_player_get_position (player), target, EXACT);
      g_assert_cmpfloat_with_epsilon (pipeline_position (player), target, EXACT);
      g_assert_cmpfloat_with_epsilon (held_position (player), target, EXACT);
    }

  pw_audio_player_play (player);
  for (guint i = 0; i < 25; i++)
    {
      double target = g_rand_double_range (rand, 0, 58);
      double position;

      pw_audio_player_seek (player, target);
      wait_seeked (player);
      position = pw_audio_player_get_position (player);
      g_assert_cmpfloat (position, >=, target - 1e-4);
      worst = MAX (worst, position - target);
      assert_position_is_pipelines (player);
    }
  WAIT_UNTIL (pw_audio_player_get_position (player) > 0, 20);
  assert_position_is_pipelines (player);
  g_test_message ("position after a seek while playing: at most %.1f ms past the target", worst * 1000);
  close_player (player);
}

static void
on_error (PwAudioPlayer *player,
          GError        *error,
          gpointer       user_data)
{
  GError **out = user_data;

  g_assert_null (*out);
  *out = g_error_copy (error);
}

static GError *
error_of (const char *path)
{
  g_autoptr (GFile) file = g_file_new_for_path (path);
  PwAudioPlayer *player = pw_audio_player_new (file, SINK);
  GError *error = NULL;

  g_signal_connect (player, "error", G_CALLBACK (on_error), &error);
  WAIT_UNTIL (error != NULL, 20);
  g_assert_false (pw_audio_player_is_ready (player));
  /* Asked to play then, it does nothing. */
  pw_audio_player_play (player);
  g_assert_false (pw_audio_player_get_playing (player));
  close_player (player);
  return error;
}

static void
test_errors (void)
{
  g_autofree char *missing = g_build_filename (dir, "missing.wav", NULL);
  g_autoptr (GBytes) text = g_bytes_new_static ("These are words, not sound.\n", 28);
  g_autofree char *not_sound = pw_test_write (dir, "words.wav", text);
  g_autoptr (GError) error = NULL;

  error = error_of (missing);
  g_assert_error (error, PW_ERROR, PW_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "missing.wav"));
  g_clear_error (&error);

  error = error_of (not_sound);
  g_assert_error (error, PW_ERROR, PW_ERROR_UNSUPPORTED);
  g_assert_nonnull (strstr (error->message, "words.wav"));
}

/* No sound output: the player keeps time without sound. */
static void
test_no_output (void)
{
  PwAudioPlayer *player = open_player (10, "nosuchsink-piecework");

  g_assert_true (pw_audio_player_is_silent (player));
  g_assert_nonnull (pw_audio_player_get_silent_note (player));
  pw_audio_player_play (player);
  WAIT_UNTIL (pw_audio_player_get_position (player) > 0.2, 20);
  close_player (player);

  /* The machine's own output, whatever it is here. */
  player = open_player (10, NULL);
  g_assert_true (pw_audio_player_is_silent (player) == (pw_audio_player_get_silent_note (player) != NULL));
  pw_audio_player_play (player);
  WAIT_UNTIL (pw_audio_player_get_position (player) > 0.2, 20);
  close_player (player);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  gst_init (NULL, NULL);
  dir = pw_test_make_dir ();

  g_test_add_func ("/audio-player/open", test_open);
  g_test_add_func ("/audio-player/before-ready", test_before_ready);
  g_test_add_func ("/audio-player/play-pause", test_play_pause);
  g_test_add_func ("/audio-player/seek", test_seek);
  g_test_add_func ("/audio-player/rate", test_rate);
  g_test_add_func ("/audio-player/auto-rewind", test_auto_rewind);
  g_test_add_func ("/audio-player/loop", test_loop);
  g_test_add_func ("/audio-player/range", test_range);
  g_test_add_func ("/audio-player/accuracy", test_accuracy);
  g_test_add_func ("/audio-player/errors", test_errors);
  g_test_add_func ("/audio-player/no-output", test_no_output);

  status = g_test_run ();
  pw_test_remove_dir (dir);
  g_free (dir);
  return status;
}
