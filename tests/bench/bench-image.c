/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <stdio.h>
#include <stdlib.h>
#include <turbojpeg.h>

#include "bench-photo.h"
#include "piecework-engine.h"
#include "pw-media-test.h"

/* How long a 48 MP photo takes to open, against TurboJPEG decoding the same
 * file to RGB at full size, measured in the same run. The goals: the first
 * view within 1.0× of that decode, full resolution within 1.3×. Each figure
 * is the median of several runs. The plain decode starts from the file's
 * bytes in memory; Piecework's figures include reading the file. */

#define WIDTH 8000
#define HEIGHT 6000
#define RUNS 7
#define VIEW_WIDTH 1280
#define VIEW_HEIGHT 800

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
median (double *runs)
{
  qsort (runs, RUNS, sizeof *runs, compare_doubles);
  return runs[RUNS / 2];
}

static double
elapsed_ms (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1000.0;
}

static double
plain_decode (GBytes *jpeg)
{
  gint64 start = g_get_monotonic_time ();
  gsize length;
  const guint8 *data = g_bytes_get_data (jpeg, &length);
  tjhandle tj = tjInitDecompress ();
  int width, height, subsampling, colorspace;
  guint8 *pixels;

  if (tjDecompressHeader3 (tj, data, length, &width, &height, &subsampling, &colorspace) != 0)
    g_error ("tjDecompressHeader3: %s", tjGetErrorStr2 (tj));
  pixels = g_malloc ((gsize) width * height * 3);
  if (tjDecompress2 (tj, data, length, pixels, width, width * 3, height, TJPF_RGB, 0) != 0)
    g_error ("tjDecompress2: %s", tjGetErrorStr2 (tj));
  tjDestroy (tj);
  g_free (pixels);

  return elapsed_ms (start);
}

static double
pw_open (const char *path,
         int         fit_width,
         int         fit_height,
         int         expected_width)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PwImage) image = NULL;
  gint64 start = g_get_monotonic_time ();
  double ms;

  image = pw_image_load_file (path, fit_width, fit_height, NULL, NULL, &error);
  ms = elapsed_ms (start);
  if (image == NULL)
    g_error ("%s", error->message);
  if (pw_image_get_width (image) != expected_width)
    g_error ("%s decoded %d pixels wide, expected %d", path,
             pw_image_get_width (image), expected_width);

  return ms;
}

static void
report (const char *what,
        double     *runs,
        double     *baseline_runs)
{
  double ms = median (runs);
  double baseline_ms = median (baseline_runs);

  printf ("image-open: %s %.2fx of plain decode (%.1f ms vs %.1f ms)\n",
          what, ms / baseline_ms, ms, baseline_ms);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *dir = pw_test_make_dir ();
  g_autoptr (GBytes) photo = bench_make_photo (WIDTH, HEIGHT);
  g_autoptr (GBytes) turned = pw_test_with_orientation (photo, 6, FALSE);
  g_autofree char *path = pw_test_write (dir, "photo.jpg", photo);
  g_autofree char *turned_path = pw_test_write (dir, "photo-turned.jpg", turned);
  double plain[RUNS], first[RUNS], full[RUNS], first_turned[RUNS], full_turned[RUNS];

  printf ("image-open: %d x %d JPEG, quality 90, %.1f MB, median of %d runs\n",
          WIDTH, HEIGHT, g_bytes_get_size (photo) / 1e6, RUNS);

  /* Interleaved, so that a slower moment of the machine touches all alike. */
  for (int i = 0; i < RUNS; i++)
    {
      plain[i] = plain_decode (photo);
      first[i] = pw_open (path, VIEW_WIDTH, VIEW_HEIGHT, WIDTH / 4);
      full[i] = pw_open (path, 0, 0, WIDTH);
      /* Shown 6000 × 8000: an eighth is 1000 pixels high, enough for 800. */
      first_turned[i] = pw_open (turned_path, VIEW_WIDTH, VIEW_HEIGHT, HEIGHT / 8);
      full_turned[i] = pw_open (turned_path, 0, 0, HEIGHT);
    }

  report ("first view", first, plain);
  report ("full resolution", full, plain);
  report ("first view, EXIF orientation 6", first_turned, plain);
  report ("full resolution, EXIF orientation 6", full_turned, plain);

  pw_test_remove_dir (dir);
  printf ("1..1\nok 1 image-open\n");

  return 0;
}
