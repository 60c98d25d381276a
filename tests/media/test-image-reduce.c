/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include "piecework-engine.h"

/* pw_image_reduce(): each pixel of the smaller copy is the rounded average
 * of its square, the squares at the right and bottom edges cut short, and
 * the copy keeps the format and the full size of the image it came from. */

static PwImage *
make_image (PwImageFormat format,
            int           width,
            int           height,
            guint         bpp)
{
  gsize stride = (gsize) width * bpp + 3;   /* row padding, as decoders leave */
  guint8 *pixels = g_malloc0 (stride * height);
  g_autoptr (GBytes) bytes = NULL;

  /* Channel c of (x, y) is 10 * x + y + 50 * c. */
  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      for (guint c = 0; c < bpp; c++)
        pixels[y * stride + x * bpp + c] = 10 * x + y + 50 * c;

  bytes = g_bytes_new_take (pixels, stride * height);
  return pw_image_new (format, width, height, stride, bytes, 1, width, height);
}

static guint8
pixel (PwImage *image,
       int      x,
       int      y,
       guint    c)
{
  const guint8 *data = g_bytes_get_data (pw_image_get_pixels (image), NULL);

  return data[y * pw_image_get_stride (image) + x * pw_image_get_bytes_per_pixel (image) + c];
}

static void
test_reduce_averages (void)
{
  g_autoptr (PwImage) image = make_image (PW_IMAGE_FORMAT_RGB8, 5, 3, 3);
  g_autoptr (PwImage) half = pw_image_reduce (image, 2);

  g_assert_cmpint (pw_image_get_width (half), ==, 3);
  g_assert_cmpint (pw_image_get_height (half), ==, 2);
  g_assert_cmpuint (pw_image_get_scale_denominator (half), ==, 2);
  g_assert_cmpint (pw_image_get_full_width (half), ==, 5);
  g_assert_cmpint (pw_image_get_full_height (half), ==, 3);

  /* (0,0): x 0..1, y 0..1 → 10 * 0.5 + 0.5 = 5.5, rounded 6. */
  g_assert_cmpuint (pixel (half, 0, 0, 0), ==, 6);
  g_assert_cmpuint (pixel (half, 0, 0, 2), ==, 106);
  /* (1,0): x 2..3 → 25 + 0.5 → 26 (25.5 rounds up). */
  g_assert_cmpuint (pixel (half, 1, 0, 0), ==, 26);
  /* (2,1): only x 4, y 2 is left in that square: 42. */
  g_assert_cmpuint (pixel (half, 2, 1, 0), ==, 42);
  g_assert_cmpuint (pixel (half, 2, 1, 1), ==, 92);
  /* (0,1): x 0..1, y 2 → 5 + 2 = 7. */
  g_assert_cmpuint (pixel (half, 0, 1, 0), ==, 7);
}

static void
test_reduce_rgba_and_factors (void)
{
  g_autoptr (PwImage) image = make_image (PW_IMAGE_FORMAT_RGBA8, 17, 9, 4);

  for (guint factor = 2; factor <= 8; factor *= 2)
    {
      g_autoptr (PwImage) small = pw_image_reduce (image, factor);

      g_assert_cmpint (pw_image_get_format (small), ==, PW_IMAGE_FORMAT_RGBA8);
      g_assert_cmpint (pw_image_get_width (small), ==, (17 + factor - 1) / factor);
      g_assert_cmpint (pw_image_get_height (small), ==, (9 + factor - 1) / factor);
      g_assert_cmpuint (pw_image_get_scale_denominator (small), ==, factor);
      g_assert_cmpint (pw_image_get_full_width (small), ==, 17);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/image-reduce/averages", test_reduce_averages);
  g_test_add_func ("/image-reduce/rgba-and-factors", test_reduce_rgba_and_factors);

  return g_test_run ();
}
