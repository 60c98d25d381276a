/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <string.h>

#include "pw-media-test.h"

/* Every pixel different: its bytes encode where it was stored. */
static PwImage *
make_pattern (PwImageFormat format,
              int           width,
              int           height,
              gsize         padding)
{
  guint bpp = format == PW_IMAGE_FORMAT_RGBA8 ? 4 : 3;
  gsize stride = (gsize) width * bpp + padding;
  guint8 *pixels = g_malloc0 (stride * height);
  g_autoptr (GBytes) bytes = NULL;

  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        guint8 *p = pixels + (gsize) y * stride + (gsize) x * bpp;

        p[0] = x & 0xFF;
        p[1] = y & 0xFF;
        p[2] = ((x >> 8) & 0x0F) | ((y >> 4) & 0xF0);
        if (bpp == 4)
          p[3] = (x * 7 + y * 13) & 0xFF;
      }

  bytes = g_bytes_new_take (pixels, stride * height);
  return pw_image_new (format, width, height, stride, bytes, 1, width, height);
}

/* The stored pixel shown at (x, y), straight from the EXIF specification,
 * one pixel at a time. */
static void
stored_position (guint  orientation,
                 int    width,
                 int    height,
                 int    x,
                 int    y,
                 int   *sx,
                 int   *sy)
{
  switch (orientation)
    {
    case 1: *sx = x; *sy = y; break;
    case 2: *sx = width - 1 - x; *sy = y; break;
    case 3: *sx = width - 1 - x; *sy = height - 1 - y; break;
    case 4: *sx = x; *sy = height - 1 - y; break;
    case 5: *sx = y; *sy = x; break;
    case 6: *sx = y; *sy = height - 1 - x; break;
    case 7: *sx = width - 1 - y; *sy = height - 1 - x; break;
    case 8: *sx = width - 1 - y; *sy = x; break;
    default: g_assert_not_reached ();
    }
}

static void
check_orient (PwImageFormat format,
              int           width,
              int           height,
              gsize         padding)
{
  g_autoptr (PwImage) stored = make_pattern (format, width, height, padding);
  const guint8 *src = g_bytes_get_data (pw_image_get_pixels (stored), NULL);
  gsize src_stride = pw_image_get_stride (stored);
  guint bpp = pw_image_get_bytes_per_pixel (stored);

  for (guint orientation = 1; orientation <= 8; orientation++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (PwImage) shown = pw_image_orient (stored, orientation, &error);
      gboolean swapped = orientation >= 5;
      const guint8 *dst;
      gsize dst_stride;

      g_assert_no_error (error);
      g_assert_cmpint (pw_image_get_width (shown), ==, swapped ? height : width);
      g_assert_cmpint (pw_image_get_height (shown), ==, swapped ? width : height);
      g_assert_cmpint (pw_image_get_full_width (shown), ==, swapped ? height : width);
      g_assert_cmpuint (pw_image_get_format (shown), ==, format);

      dst = g_bytes_get_data (pw_image_get_pixels (shown), NULL);
      dst_stride = pw_image_get_stride (shown);
      for (int y = 0; y < pw_image_get_height (shown); y++)
        for (int x = 0; x < pw_image_get_width (shown); x++)
          {
            int sx, sy;

            stored_position (orientation, width, height, x, y, &sx, &sy);
            if (memcmp (dst + (gsize) y * dst_stride + (gsize) x * bpp,
                        src + (gsize) sy * src_stride + (gsize) sx * bpp, bpp) != 0)
              g_error ("orientation %u of %d × %d: pixel (%d, %d) is not stored (%d, %d)",
                       orientation, width, height, x, y, sx, sy);
          }
    }
}

static void
test_orient_rgb (void)
{
  /* Sizes on, across and short of the 64-pixel tiles. */
  check_orient (PW_IMAGE_FORMAT_RGB8, 1, 1, 0);
  check_orient (PW_IMAGE_FORMAT_RGB8, 64, 64, 0);
  check_orient (PW_IMAGE_FORMAT_RGB8, 131, 67, 0);
  check_orient (PW_IMAGE_FORMAT_RGB8, 200, 3, 5);
  check_orient (PW_IMAGE_FORMAT_RGB8, 2, 301, 0);
  /* Large enough to be turned in stripes on several threads, with a
   * height that does not split evenly into tiles. */
  check_orient (PW_IMAGE_FORMAT_RGB8, 2100, 2003, 0);
}

static void
test_orient_rgba (void)
{
  check_orient (PW_IMAGE_FORMAT_RGBA8, 1, 1, 0);
  check_orient (PW_IMAGE_FORMAT_RGBA8, 129, 65, 0);
  check_orient (PW_IMAGE_FORMAT_RGBA8, 70, 190, 8);
}

static void
on_loaded (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static void
test_load_async (void)
{
  g_autofree char *dir = pw_test_make_dir ();
  g_autoptr (GBytes) plain = pw_test_make_jpeg (320, 160, PW_TEST_JPEG_RGB);
  g_autoptr (GBytes) jpeg = pw_test_with_orientation (plain, 8, TRUE);
  g_autofree char *path = pw_test_write (dir, "async.jpg", jpeg);
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GAsyncResult) cancelled = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (PwImage) image = NULL;
  PwImageInfo info;

  pw_image_load_file_async (path, 40, 41, NULL, on_loaded, &result);
  g_assert_null (result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);

  image = pw_image_load_file_finish (result, &info, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (info.orientation, ==, 8);
  g_assert_cmpint (info.width, ==, 160);
  g_assert_cmpint (info.height, ==, 320);
  g_assert_cmpuint (pw_image_get_scale_denominator (image), ==, 4);
  g_assert_cmpint (pw_image_get_width (image), ==, 40);
  g_assert_cmpint (pw_image_get_height (image), ==, 80);

  g_cancellable_cancel (cancellable);
  pw_image_load_file_async (path, 0, 0, cancellable, on_loaded, &cancelled);
  while (cancelled == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_null (pw_image_load_file_finish (cancelled, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  pw_test_remove_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/media/orient/rgb", test_orient_rgb);
  g_test_add_func ("/media/orient/rgba", test_orient_rgba);
  g_test_add_func ("/media/image/load-async", test_load_async);

  return g_test_run ();
}
