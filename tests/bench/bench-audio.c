/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "pw-audio-test.h"

/* The waveform levels of one hour of 16 kHz mono speech: from the WAV, from
 * Ogg Vorbis and MP3 (with the time until the waveform starts to grow),
 * read back from the cache, and what they weigh. The goals: 300 ms from a
 * WAV, 4 s from Ogg or MP3, 32 MB. Each figure is the median of several
 * runs; the files are in the page cache, as a task's recording is after
 * its download. Beside the time, the processor time of the load's threads,
 * which a busy machine stretches less. */

#define RATE 16000
#define SECONDS 3600
#define RUNS 5
#define DECODE_RUNS 3
#define COLUMNS 1000

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
median (double *runs,
        int     n_runs)
{
  qsort (runs, n_runs, sizeof *runs, compare_doubles);
  return runs[n_runs / 2];
}

static double
elapsed_ms (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1000.0;
}

/* The processor time of every thread of the process: on a machine shared
 * with other work, what a load costs whatever else runs. */
static double
cpu_ms (void)
{
  struct timespec now;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &now);
  return now.tv_sec * 1000.0 + now.tv_nsec / 1e6;
}

/* Words of a voice-like buzz with a moving pitch, and pauses between. */
static char *
write_speech (const char *dir)
{
  g_autofree char *path = g_build_filename (dir, "hour.wav", NULL);
  guint64 n_samples = (guint64) RATE * SECONDS;
  guint32 data_size = n_samples * 2;
  g_autoptr (GBytes) header = pw_test_wav_header (1, 1, RATE, 16, data_size);
  gint16 block[RATE];
  double phase = 0;
  FILE *file = fopen (path, "wb");

  g_assert_nonnull (file);
  fwrite (g_bytes_get_data (header, NULL), 1, g_bytes_get_size (header), file);
  for (guint64 second = 0; second < SECONDS; second++)
    {
      for (guint i = 0; i < RATE; i++)
        {
          double t = (double) i / RATE;
          double word = fmod (t * 2.5, 1.0);
          double envelope = word < 0.75 ? sin (G_PI * word / 0.75) : 0;
          double pitch = 110 + 30 * sin (2 * G_PI * (second * 0.37 + t * 0.5));

          phase += 2 * G_PI * pitch / RATE;
          block[i] = (gint16) (envelope * (sin (phase) + 0.5 * sin (2 * phase)
                                           + 0.25 * sin (3 * phase)) * 14000);
        }
      fwrite (block, sizeof block[0], RATE, file);
    }
  g_assert_cmpint (fclose (file), ==, 0);

  return g_steal_pointer (&path);
}

typedef struct
{
  gint64 start;
  double first_ms;
} FirstProgress;

static void
on_progress (PwAudioLevels *levels,
             guint64        start,
             guint64        end,
             gpointer       user_data)
{
  FirstProgress *first = user_data;

  if (first->first_ms < 0)
    first->first_ms = elapsed_ms (first->start);
}

/* One load, in the calling thread; the cache file is used when given. */
static PwAudioLevels *
load (const char *path,
      const char *cache_path,
      double     *ms,
      double     *first_ms,
      double     *processor_ms)
{
  g_autoptr (GFile) audio = g_file_new_for_path (path);
  g_autoptr (GFile) cache = cache_path != NULL ? g_file_new_for_path (cache_path) : NULL;
  g_autoptr (PwAudioLevels) levels = pw_audio_levels_new (audio, cache);
  g_autoptr (GError) error = NULL;
  FirstProgress first = { g_get_monotonic_time (), -1 };
  double cpu_start = cpu_ms ();

  g_signal_connect (levels, "progress", G_CALLBACK (on_progress), &first);
  if (!pw_audio_levels_load (levels, NULL, &error))
    g_error ("%s: %s", path, error->message);
  *ms = elapsed_ms (first.start);
  if (processor_ms != NULL)
    *processor_ms = cpu_ms () - cpu_start;
  if (first_ms != NULL)
    *first_ms = first.first_ms;
  if (pw_audio_levels_get_n_samples (levels) < (guint64) RATE * (SECONDS - 1))
    g_error ("%s: %" G_GUINT64_FORMAT " samples", path, pw_audio_levels_get_n_samples (levels));

  return g_steal_pointer (&levels);
}

static void
bench_decode (const char *what,
              const char *path,
              int         n_runs)
{
  double runs[RUNS], first_runs[RUNS], cpu_runs[RUNS];

  for (int i = 0; i < n_runs; i++)
    g_object_unref (load (path, NULL, &runs[i], &first_runs[i], &cpu_runs[i]));
  printf ("audio-levels: from %s: %.0f ms (%.0f ms of processor time), the waveform growing after %.0f ms (goal %s)\n",
          what, median (runs, n_runs), median (cpu_runs, n_runs), median (first_runs, n_runs),
          g_str_equal (what, "WAV") ? "300 ms" : "4000 ms");
}

/* A frame of the waveform: the peak of each of @COLUMNS columns. */
static double
draw_columns (PwAudioLevels *levels,
              guint64        start,
              guint64        end)
{
  gint64 begin = g_get_monotonic_time ();
  volatile gint16 sink = 0;

  for (guint x = 0; x < COLUMNS; x++)
    {
      PwAudioPeak peak;

      if (pw_audio_levels_get_peak (levels, start + (end - start) * x / COLUMNS,
                                    start + (end - start) * (x + 1) / COLUMNS, &peak))
        sink = peak.max - peak.min;
    }
  (void) sink;
  return elapsed_ms (begin);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *dir = pw_test_make_dir ();
  g_autofree char *wav_path = NULL;
  g_autofree char *ogg_path = g_build_filename (dir, "hour.ogg", NULL);
  g_autofree char *mp3_path = g_build_filename (dir, "hour.mp3", NULL);
  g_autofree char *cache_path = g_build_filename (dir, "hour.levels", NULL);
  g_autoptr (PwAudioLevels) levels = NULL;
  GStatBuf st;
  double runs[RUNS], whole[RUNS], zoomed[RUNS], ms;
  gint64 start = g_get_monotonic_time ();

  wav_path = write_speech (dir);
  printf ("audio-levels: one hour of 16 kHz mono speech, %.1f MB of WAV, written in %.1f s\n",
          (double) RATE * SECONDS * 2 / 1e6, elapsed_ms (start) / 1000);

  bench_decode ("WAV", wav_path, RUNS);

  if (pw_test_can_encode ("vorbisenc") && pw_test_can_encode ("oggmux"))
    {
      start = g_get_monotonic_time ();
      pw_test_encode (wav_path, ogg_path, "vorbisenc ! oggmux");
      g_stat (ogg_path, &st);
      printf ("audio-levels: Ogg Vorbis, %.1f MB, encoded in %.1f s\n",
              st.st_size / 1e6, elapsed_ms (start) / 1000);
      bench_decode ("Ogg Vorbis", ogg_path, DECODE_RUNS);
    }
  else
    printf ("audio-levels: no Vorbis encoder, no figure for Ogg\n");

  if (pw_test_can_encode ("lamemp3enc"))
    {
      start = g_get_monotonic_time ();
      pw_test_encode (wav_path, mp3_path, "lamemp3enc target=bitrate bitrate=32");
      g_stat (mp3_path, &st);
      printf ("audio-levels: MP3 at 32 kbit/s, %.1f MB, encoded in %.1f s\n",
              st.st_size / 1e6, elapsed_ms (start) / 1000);
      bench_decode ("MP3", mp3_path, DECODE_RUNS);
    }
  else
    printf ("audio-levels: no MP3 encoder, no figure for MP3\n");

  /* Decoded and kept once, then read back. */
  g_object_unref (load (wav_path, cache_path, &ms, NULL, NULL));
  printf ("audio-levels: from WAV, kept in the cache: %.0f ms\n", ms);
  for (int i = 0; i < RUNS; i++)
    {
      g_clear_object (&levels);
      levels = load (wav_path, cache_path, &runs[i], NULL, NULL);
      whole[i] = draw_columns (levels, 0, pw_audio_levels_get_n_samples (levels));
      zoomed[i] = draw_columns (levels, 1000 * RATE, 1010 * RATE);
    }
  g_stat (cache_path, &st);
  printf ("audio-levels: read back from the cache: %.1f ms (a %.0f kB file)\n",
          median (runs, RUNS), st.st_size / 1e3);
  printf ("audio-levels: %u columns of the whole hour: %.3f ms; of 10 s: %.3f ms\n",
          COLUMNS, median (whole, RUNS), median (zoomed, RUNS));
  printf ("audio-levels: the levels of the hour take %.2f MB in %u layers (goal 32 MB)\n",
          pw_audio_levels_get_size (levels) / 1e6, pw_audio_levels_get_n_layers (levels));

  g_clear_object (&levels);
  g_remove (wav_path);
  g_remove (ogg_path);
  g_remove (mp3_path);
  g_remove (cache_path);
  pw_test_remove_dir (dir);
  printf ("1..1\nok 1 audio-levels\n");

  return 0;
}
