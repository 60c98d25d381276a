/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "media/pw-audio-levels-private.h"
#include "pw-audio-test.h"

/* Waveform levels of WAV recordings of every sample format, checked peak
 * by peak against the samples; the peak of any span; progress; cancel. */

#define RATE 16000

static char *dir;

static char *
write_sound (const PwTestSound *sound,
             const char        *name)
{
  g_autoptr (GBytes) wav = pw_test_sound_to_wav (sound);

  return pw_test_write (dir, name, wav);
}

static void
check_sound (PwTestSampleFormat format,
             guint              channels)
{
  /* Not a whole number of peaks: the last one is shorter. */
  g_autoptr (PwTestSound) sound = pw_test_sound_new (format, channels, RATE, 100003, format * 10 + channels);
  g_autofree char *path = write_sound (sound, "sound.wav");
  g_autofree PwAudioPeak *expected = NULL;
  g_autoptr (GBytes) wav = pw_test_sound_to_wav (sound);
  g_autoptr (PwAudioLevels) from_bytes = NULL;
  g_autoptr (GError) error = NULL;
  PwTestLoad load = { 0 };
  gsize n_expected;

  expected = pw_test_sound_peaks (sound, &n_expected);

  pw_test_load (&load, path, NULL, NULL);
  g_assert_no_error (load.error);
  g_assert_cmpuint (pw_audio_levels_get_rate (load.levels), ==, RATE);
  g_assert_cmpuint (pw_audio_levels_get_n_samples (load.levels), ==, 100003);
  g_assert_cmpfloat (pw_audio_levels_get_duration (load.levels), ==, 100003.0 / RATE);
  pw_test_assert_levels (load.levels, expected, n_expected, 0);
  pw_test_load_clear (&load);

  from_bytes = pw_audio_levels_new_from_wav (wav, "sound.wav", &error);
  g_assert_no_error (error);
  g_assert_true (pw_audio_levels_is_complete (from_bytes));
  g_assert_null (pw_audio_levels_get_file (from_bytes));
  g_assert_cmpuint (pw_audio_levels_get_n_samples (from_bytes), ==, 100003);
  pw_test_assert_levels (from_bytes, expected, n_expected, 0);

  g_assert_cmpint (g_remove (path), ==, 0);
}

static void
test_formats (void)
{
  static const PwTestSampleFormat formats[] = {
    PW_TEST_U8, PW_TEST_S16, PW_TEST_S24, PW_TEST_S32, PW_TEST_S24_IN_32, PW_TEST_F32, PW_TEST_F64,
  };

  for (guint f = 0; f < G_N_ELEMENTS (formats); f++)
    for (guint channels = 1; channels <= 3; channels++)
      check_sound (formats[f], channels);
}

/* The peak of a span, from the layers, is that of the finest peaks it
 * touches, whatever the span. */
static void
test_peak_query (void)
{
  g_autoptr (PwTestSound) sound = pw_test_sound_new (PW_TEST_S16, 1, RATE, 1234567, 7);
  g_autoptr (GBytes) wav = pw_test_sound_to_wav (sound);
  g_autoptr (PwAudioLevels) levels = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GRand) rand = g_rand_new_with_seed (3);
  const PwAudioPeak *finest;
  gsize n_finest;
  PwAudioPeak peak;

  levels = pw_audio_levels_new_from_wav (wav, "sound.wav", &error);
  g_assert_no_error (error);
  finest = pw_audio_levels_get_layer (levels, 0, &n_finest);
  g_assert_cmpuint (pw_audio_levels_get_n_layers (levels), ==, 14);

  for (guint i = 0; i < 3000; i++)
    {
      guint64 start = g_rand_int_range (rand, 0, 1234567);
      guint64 length = i % 3 == 0 ? g_rand_int_range (rand, 1, 600)
                                  : g_rand_int_range (rand, 1, 1234567 - start + 100);
      guint64 end = MIN (start + length, 1234567);
      PwAudioPeak expected = { G_MAXINT16, G_MININT16 };

      for (gsize p = start / 256; p < (end + 255) / 256; p++)
        {
          expected.min = MIN (expected.min, finest[p].min);
          expected.max = MAX (expected.max, finest[p].max);
        }
      g_assert_true (pw_audio_levels_get_peak (levels, start, start + length, &peak));
      g_assert_cmpint (peak.min, ==, expected.min);
      g_assert_cmpint (peak.max, ==, expected.max);
    }

  g_assert_false (pw_audio_levels_get_peak (levels, 1234567, 1234600, &peak));
  g_assert_false (pw_audio_levels_get_peak (levels, 10, 10, &peak));
  g_assert_true (pw_audio_levels_get_peak (levels, 0, G_MAXUINT64, &peak));
  g_assert_cmpint (peak.min, ==, -32768);

  /* Every layer, then nothing more: 1234567 samples are 4823 peaks. */
  g_assert_cmpuint (pw_audio_levels_get_size (levels), <=, 2 * 4823 * sizeof (PwAudioPeak) + 14 * 4);
}

/* A decoder's floats become the 16-bit samples of
 * _pw_audio_sample_from_float(), however many come at once: rounded to
 * the nearest even, clipped, NaN as silence. Each value fills a peak of its
 * own, so the peaks show each sample. */
static void
test_float_samples (void)
{
  static const float tricky[] = {
    0.0f, -0.0f, 1.0f, -1.0f, 2.5f, -7.0f, INFINITY, -INFINITY, NAN,
    0.5f / 32768, 1.5f / 32768, -0.5f / 32768, -1.5f / 32768, 2.5f / 32768,
    32766.5f / 32768, 32767.5f / 32768, -32767.5f / 32768, 1e-30f, -1e30f,
  };
  g_autoptr (GRand) rand = g_rand_new_with_seed (11);
  guint n_values = G_N_ELEMENTS (tricky) + 200;
  guint n_samples = n_values * PW_AUDIO_LEVELS_SAMPLES_PER_PEAK + 5;
  g_autofree float *values = g_new (float, n_samples);
  PwLevelsBuilder builder;
  g_autoptr (GError) error = NULL;
  gsize done = 0;

  for (guint v = 0; v < n_values; v++)
    {
      float value = v < G_N_ELEMENTS (tricky) ? tricky[v] : (float) g_rand_double_range (rand, -1.1, 1.1);

      for (guint i = 0; i < PW_AUDIO_LEVELS_SAMPLES_PER_PEAK; i++)
        values[v * PW_AUDIO_LEVELS_SAMPLES_PER_PEAK + i] = value;
    }
  for (guint i = n_values * PW_AUDIO_LEVELS_SAMPLES_PER_PEAK; i < n_samples; i++)
    values[i] = 0.25f;

  _pw_levels_builder_init (&builder, "floats", NULL, NULL);
  g_assert_true (_pw_levels_builder_set_rate (&builder, RATE, &error));
  /* In pieces of odd sizes, as buffers come. */
  for (guint piece = 1; done < n_samples; piece = piece * 3 + 1)
    {
      gsize n = MIN (piece, n_samples - done);

      g_assert_true (_pw_levels_builder_add_float (&builder, values + done, n, &error));
      g_assert_no_error (error);
      done += n;
    }
  _pw_levels_builder_finish (&builder);

  g_assert_cmpuint (builder.n_peaks, ==, n_values + 1);
  for (guint v = 0; v < n_values; v++)
    {
      gint16 expected = _pw_audio_sample_from_float (values[v * PW_AUDIO_LEVELS_SAMPLES_PER_PEAK]);

      g_assert_cmpint (builder.peaks[v].min, ==, expected);
      g_assert_cmpint (builder.peaks[v].max, ==, expected);
    }
  g_assert_cmpint (builder.peaks[n_values].min, ==, 8192);
  g_assert_cmpint (builder.peaks[2].max, ==, 32767);
  g_assert_cmpint (builder.peaks[8].max, ==, 0);
  g_assert_cmpint (builder.peaks[9].max, ==, 0);
  g_assert_cmpint (builder.peaks[10].max, ==, 2);
  _pw_levels_builder_clear (&builder);
}

/* Progress covers every sample in order, each part once, and ends before
 * the answer; the levels grow to the exact count of samples. */
static void
test_progress (void)
{
  g_autoptr (PwTestSound) sound = pw_test_sound_new (PW_TEST_S16, 1, RATE, 3 * 60 * RATE + 17, 11);
  g_autofree char *path = write_sound (sound, "long.wav");
  g_autofree PwAudioPeak *expected = NULL;
  PwTestLoad load = { 0 };
  gsize n_expected;

  expected = pw_test_sound_peaks (sound, &n_expected);
  pw_test_load (&load, path, NULL, NULL);
  g_assert_no_error (load.error);
  g_assert_cmpuint (load.n_progress, >=, 1);
  g_assert_cmpuint (load.progressed, ==, 3 * 60 * RATE + 17);
  pw_test_assert_levels (load.levels, expected, n_expected, 0);
  pw_test_load_clear (&load);
  g_assert_cmpint (g_remove (path), ==, 0);
}

typedef struct
{
  GCancellable *cancellable;
  guint64 progressed;
} Cancel;

static void
on_progress_cancel (PwAudioLevels *levels,
                    guint64        start,
                    guint64        end,
                    gpointer       user_data)
{
  Cancel *cancel = user_data;

  g_assert_cmpuint (start, ==, cancel->progressed);
  cancel->progressed = end;
  g_cancellable_cancel (cancel->cancellable);
}

/* Cancelled at its first progress, a blocking load stops at once: the
 * progress is emitted in the decoding thread, so nothing is decoded past
 * it. No levels are kept for a recording not read to the end. */
static void
cancel_at_first_progress (const char *path,
                          guint64     n_samples)
{
  g_autoptr (GFile) audio = g_file_new_for_path (path);
  g_autofree char *cache_path = g_build_filename (dir, "cancelled.levels", NULL);
  g_autoptr (GFile) cache = g_file_new_for_path (cache_path);
  g_autoptr (PwAudioLevels) levels = pw_audio_levels_new (audio, cache);
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (GError) error = NULL;
  Cancel cancel = { cancellable, 0 };

  g_signal_connect (levels, "progress", G_CALLBACK (on_progress_cancel), &cancel);
  g_assert_false (pw_audio_levels_load (levels, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (pw_audio_levels_is_complete (levels));
  g_assert_cmpuint (cancel.progressed, >, 0);
  g_assert_cmpuint (cancel.progressed, <, n_samples);
  g_assert_cmpuint (pw_audio_levels_get_n_samples (levels), ==, cancel.progressed);
  g_assert_false (g_file_test (cache_path, G_FILE_TEST_EXISTS));
}

static void
test_cancel_wav (void)
{
  g_autoptr (PwTestSound) sound = pw_test_sound_new (PW_TEST_S16, 2, RATE, 3 * 60 * RATE, 5);
  g_autofree char *path = write_sound (sound, "cancel.wav");

  cancel_at_first_progress (path, 3 * 60 * RATE);
  g_assert_cmpint (g_remove (path), ==, 0);
}

static void
test_cancel_ogg (void)
{
  g_autoptr (PwTestSound) sound = pw_test_sound_new (PW_TEST_S16, 1, RATE, 3 * 60 * RATE, 5);
  g_autofree char *wav_path = write_sound (sound, "cancel.wav");
  g_autofree char *ogg_path = g_build_filename (dir, "cancel.ogg", NULL);

  if (!pw_test_can_encode ("vorbisenc") || !pw_test_can_encode ("oggmux"))
    {
      g_test_skip ("GStreamer's Vorbis encoder is not installed");
      g_remove (wav_path);
      return;
    }
  pw_test_encode (wav_path, ogg_path, "vorbisenc ! oggmux");
  cancel_at_first_progress (ogg_path, 3 * 60 * RATE);
  g_assert_cmpint (g_remove (wav_path), ==, 0);
  g_assert_cmpint (g_remove (ogg_path), ==, 0);
}

/* The asynchronous load answers a cancel with the cancel, and says
 * nothing after its answer, whenever the cancel comes. */
static void
test_cancel_async (void)
{
  g_autoptr (PwTestSound) sound = pw_test_sound_new (PW_TEST_S16, 1, RATE, 3 * 60 * RATE, 5);
  g_autofree char *path = write_sound (sound, "cancel.wav");
  g_autofree char *cache_path = g_build_filename (dir, "cancelled.levels", NULL);
  PwTestLoad load = { 0 };
  GCancellable *cancellable = g_cancellable_new ();

  g_cancellable_cancel (cancellable);
  pw_test_load (&load, path, cache_path, cancellable);
  g_assert_error (load.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (g_file_test (cache_path, G_FILE_TEST_EXISTS));
  pw_test_load_clear (&load);
  g_object_unref (cancellable);

  cancellable = g_cancellable_new ();
  load.cancel_at_progress = g_object_ref (cancellable);
  pw_test_load (&load, path, NULL, cancellable);
  g_assert_error (load.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (load.n_progress, >=, 1);
  g_assert_false (pw_audio_levels_is_complete (load.levels));
  pw_test_load_clear (&load);
  g_object_unref (cancellable);

  g_assert_cmpint (g_remove (path), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  int result;

  g_test_init (&argc, &argv, NULL);
  dir = pw_test_make_dir ();

  g_test_add_func ("/audio-levels/formats", test_formats);
  g_test_add_func ("/audio-levels/peak-query", test_peak_query);
  g_test_add_func ("/audio-levels/float-samples", test_float_samples);
  g_test_add_func ("/audio-levels/progress", test_progress);
  g_test_add_func ("/audio-levels/cancel/wav", test_cancel_wav);
  g_test_add_func ("/audio-levels/cancel/ogg", test_cancel_ogg);
  g_test_add_func ("/audio-levels/cancel/async", test_cancel_async);

  result = g_test_run ();
  pw_test_remove_dir (dir);
  g_free (dir);
  return result;
}
