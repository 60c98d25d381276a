/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <locale.h>
#include <pango/pango.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "pw-mixed-text.h"
#include "pw-text-offsets.h"

/* What the text panel pays for offsets on a long task: indexing a text of
 * 100,000 code points in many scripts, snapping 500 selections by words
 * (the first time, when the paragraphs they fall in are analysed, and
 * again), converting their ends to Pango's bytes and back, and, for
 * comparison, Pango's analysis of the whole text at once, which the index
 * spares the first frame. Figures are printed, never checked. */

#define LENGTH 100000
#define N_SPANS 500

typedef struct
{
  guint start;
  guint end;
} Selection;

/* Nanoseconds: a snap in an analysed paragraph takes less than a
 * microsecond, g_get_monotonic_time()'s unit. */
static gint64
now (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * G_GINT64_CONSTANT (1000000000) + ts.tv_nsec;
}

static double
ms_since (gint64 start)
{
  return (now () - start) / 1e6;
}

static int
compare_ms (gconstpointer a,
            gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/* Snaps every selection by words and prints what it took. On a shared
 * machine the slowest snap is mostly the scheduler's doing; the median
 * and the 99th percentile say more. */
static void
snap_all (PwTextOffsets   *offsets,
          const Selection *selections,
          const char      *when)
{
  double ms[N_SPANS], total = 0;
  guint n_spans = 0;

  for (guint i = 0; i < N_SPANS; i++)
    {
      gint64 start = now ();
      guint s, e;

      if (pw_text_offsets_snap (offsets, selections[i].start, selections[i].end,
                                PW_TEXT_SNAP_WORDS, &s, &e) == PW_TEXT_SNAP_SPAN)
        n_spans++;
      ms[i] = ms_since (start);
      total += ms[i];
    }
  qsort (ms, N_SPANS, sizeof ms[0], compare_ms);
  printf ("snap %u selections by words, %s: %.2f ms in all; each %.1f µs median, "
          "%.1f µs at the 99th percentile, %.2f ms slowest (%u spans)\n",
          N_SPANS, when, total, ms[N_SPANS / 2] * 1000, ms[N_SPANS * 99 / 100] * 1000,
          ms[N_SPANS - 1], n_spans);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *text = pw_test_mixed_text (LENGTH);
  gsize n_bytes = strlen (text);
  g_autoptr (GError) error = NULL;
  g_autoptr (PwTextOffsets) offsets = NULL;
  g_autoptr (GRand) rand = g_rand_new_with_seed (12);
  g_autofree PangoLogAttr *attrs = g_new (PangoLogAttr, LENGTH + 1);
  Selection selections[N_SPANS];
  double index_ms = 0, convert_ms, pango_ms;
  gint64 start;

  setlocale (LC_ALL, "");

  for (guint i = 0; i < N_SPANS; i++)
    {
      selections[i].start = g_rand_int_range (rand, 0, LENGTH - 40);
      selections[i].end = selections[i].start + g_rand_int_range (rand, 1, 40);
    }

  /* The fastest of a few, as the scheduler of a shared machine allows. */
  for (guint i = 0; i < 5; i++)
    {
      double ms;

      g_clear_pointer (&offsets, pw_text_offsets_unref);
      start = now ();
      offsets = pw_text_offsets_new (text, n_bytes, &error);
      ms = ms_since (start);
      g_assert_no_error (error);
      index_ms = i == 0 ? ms : MIN (index_ms, ms);
    }
  g_assert_cmpuint (pw_text_offsets_get_length (offsets), ==, LENGTH);

  printf ("text of %'u code points, %'zu bytes of UTF-8\n", LENGTH, n_bytes);
  printf ("index: %.2f ms (the fastest of 5)\n", index_ms);
  snap_all (offsets, selections, "first time");
  snap_all (offsets, selections, "again");

  start = now ();
  for (guint i = 0; i < N_SPANS; i++)
    {
      gsize byte;
      guint offset;

      g_assert_true (pw_text_offsets_offset_to_byte (offsets, selections[i].end, &byte));
      g_assert_true (pw_text_offsets_byte_to_offset (offsets, byte, &offset));
      g_assert_cmpuint (offset, ==, selections[i].end);
    }
  convert_ms = ms_since (start);

  start = now ();
  pango_get_log_attrs (text, n_bytes, -1, NULL, attrs, LENGTH + 1);
  pango_ms = ms_since (start);

  printf ("%u offsets to bytes and back: %.3f ms\n", N_SPANS, convert_ms);
  printf ("Pango's analysis of the whole text at once, for comparison: %.1f ms\n", pango_ms);
  return 0;
}
