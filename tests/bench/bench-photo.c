/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <turbojpeg.h>

#include "bench-photo.h"

/* The benchmarks' photo (bench-photo.h): drawn from a fixed xorshift seed,
 * so every run measures the same bytes. */

static guint64 rng_state = 0x9E3779B97F4A7C15;

static guint32
next_random (void)
{
  rng_state ^= rng_state << 13;
  rng_state ^= rng_state >> 7;
  rng_state ^= rng_state << 17;
  return rng_state >> 32;
}

/**
 * bench_make_photo:
 *
 * Smooth gradients and soft shapes with sensor-like noise: JPEG spends on
 * it about the bits per pixel that it spends on a photo.
 *
 * Returns: a JPEG file, quality 90, 4:2:0
 */
GBytes *
bench_make_photo (int width,
                  int height)
{
  g_autofree guint8 *pixels = g_malloc ((gsize) width * height * 3);
  tjhandle tj = tjInitCompress ();
  unsigned char *jpeg = NULL;
  unsigned long jpeg_size = 0;
  GBytes *bytes;

  for (int y = 0; y < height; y++)
    {
      guint8 *row = pixels + (gsize) y * width * 3;

      for (int x = 0; x < width; x++)
        {
          int base_r = 60 + 120 * x / width + 40 * ((x / 700 + y / 500) % 2);
          int base_g = 40 + 150 * y / height;
          int base_b = 90 + 80 * ((x + y) % 1500) / 1500;
          guint32 noise = next_random ();
          int n1 = (int) (noise & 0x1F) - 16;
          int n2 = (int) ((noise >> 5) & 0x1F) - 16;
          int n3 = (int) ((noise >> 10) & 0x1F) - 16;

          row[x * 3 + 0] = CLAMP (base_r + n1, 0, 255);
          row[x * 3 + 1] = CLAMP (base_g + n2, 0, 255);
          row[x * 3 + 2] = CLAMP (base_b + n3, 0, 255);
        }
    }

  if (tjCompress2 (tj, pixels, width, width * 3, height, TJPF_RGB, &jpeg, &jpeg_size,
                   TJSAMP_420, 90, 0) != 0)
    g_error ("tjCompress2: %s", tjGetErrorStr2 (tj));
  bytes = g_bytes_new (jpeg, jpeg_size);
  tjFree (jpeg);
  tjDestroy (tj);

  return bytes;
}
