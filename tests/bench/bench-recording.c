/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "bench-recording.h"
#include "pw-audio-test.h"

/* Writes the recordings the audio benchmarks play and draw: a WAV of speech-
 * like sound of a given length. */

char *
bench_write_recording (const char *dir,
                       guint       seconds)
{
  g_autofree char *name = g_strdup_printf ("voice-%u.wav", seconds);
  g_autofree char *path = g_build_filename (dir, name, NULL);
  guint32 data_size = (guint32) ((guint64) BENCH_RATE * seconds * 2);
  g_autoptr (GBytes) header = pw_test_wav_header (1, 1, BENCH_RATE, 16, data_size);
  gint16 block[BENCH_RATE];
  double phase = 0;
  FILE *file = fopen (path, "wb");

  g_assert_nonnull (file);
  fwrite (g_bytes_get_data (header, NULL), 1, g_bytes_get_size (header), file);
  for (guint second = 0; second < seconds; second++)
    {
      for (guint i = 0; i < BENCH_RATE; i++)
        {
          double t = (double) i / BENCH_RATE;
          double word = fmod (t * 2.5, 1.0);
          double envelope = word < 0.75 ? sin (G_PI * word / 0.75) : 0;
          double pitch = 110 + 30 * sin (2 * G_PI * (second * 0.37 + t * 0.5));

          phase += 2 * G_PI * pitch / BENCH_RATE;
          block[i] = (gint16) (envelope * (sin (phase) + 0.5 * sin (2 * phase)) * 14000);
        }
      fwrite (block, sizeof block[0], BENCH_RATE, file);
    }
  g_assert_cmpint (fclose (file), ==, 0);

  return g_steal_pointer (&path);
}

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return x < y ? -1 : x > y;
}

double
bench_percentile (GArray *values,
                  double  fraction)
{
  g_autoptr (GArray) sorted = NULL;
  guint index;

  if (values->len == 0)
    return NAN;
  sorted = g_array_copy (values);
  qsort (sorted->data, sorted->len, sizeof (double), compare_doubles);
  index = MIN ((guint) (fraction * sorted->len), sorted->len - 1);
  return g_array_index (sorted, double, index);
}

double
bench_median (GArray *values)
{
  return bench_percentile (values, 0.5);
}

double
bench_max (GArray *values)
{
  return bench_percentile (values, 1.0);
}
