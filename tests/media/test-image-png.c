/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <png.h>
#include <string.h>

#include "pw-media-test.h"

/* Decoding PNG through libpng: RGB, RGBA, 16-bit, grey, palette and
 * interlaced images made at run time come out as the colours they were
 * made with; a damaged PNG, and a file that is empty, missing, a folder or
 * of a kind Piecework does not read, is refused with the error that says
 * so. */

static PwImage *
load_png (GBytes       *png,
          const char   *name,
          PwImageInfo  *info)
{
  g_autofree char *dir = pw_test_make_dir ();
  g_autofree char *path = pw_test_write (dir, name, png);
  g_autoptr (GError) error = NULL;
  PwImage *image;

  image = pw_image_load_file (path, 0, 0, info, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (image);
  pw_test_remove_dir (dir);

  return image;
}

/* The centre of each quadrant: top left, top right, bottom left, bottom right. */
static void
quadrant_centre (PwImage *image,
                 int      quadrant,
                 int     *x,
                 int     *y)
{
  *x = pw_image_get_width (image) * (quadrant % 2 == 0 ? 1 : 3) / 4;
  *y = pw_image_get_height (image) * (quadrant < 2 ? 1 : 3) / 4;
}

static void
assert_rgb_quadrants (PwImage *image)
{
  for (int q = 0; q < 4; q++)
    {
      int x, y;

      quadrant_centre (image, q, &x, &y);
      pw_test_assert_colour (image, x, y, pw_test_rgb[q], 0);
    }
}

static void
assert_alpha (PwImage      *image,
              const guint8  alpha[4])
{
  for (int q = 0; q < 4; q++)
    {
      guint8 rgba[4];
      int x, y;

      quadrant_centre (image, q, &x, &y);
      pw_test_pixel (image, x, y, rgba);
      g_assert_cmpuint (rgba[3], ==, alpha[q]);
    }
}

static void
test_rgb (void)
{
  g_autoptr (GBytes) png = pw_test_make_png (37, 21, PNG_COLOR_TYPE_RGB, 8, FALSE, FALSE);
  g_autoptr (PwImage) image = NULL;
  PwImageInfo info;

  /* Named .jpg: the first bytes decide, not the name. */
  image = load_png (png, "really-a-png.jpg", &info);
  g_assert_cmpuint (info.file_type, ==, PW_IMAGE_FILE_PNG);
  g_assert_cmpuint (info.orientation, ==, 1);
  g_assert_false (info.has_alpha);
  g_assert_cmpint (info.width, ==, 37);
  g_assert_cmpint (info.height, ==, 21);
  g_assert_cmpuint (pw_image_get_format (image), ==, PW_IMAGE_FORMAT_RGB8);
  g_assert_cmpint (pw_image_get_width (image), ==, 37);
  g_assert_cmpint (pw_image_get_height (image), ==, 21);
  g_assert_cmpuint (pw_image_get_stride (image), ==, 37 * 3);
  assert_rgb_quadrants (image);
}

static void
test_rgba (void)
{
  g_autoptr (GBytes) png = pw_test_make_png (40, 30, PNG_COLOR_TYPE_RGB_ALPHA, 8, FALSE, FALSE);
  g_autoptr (PwImage) image = NULL;
  static const guint8 alpha[4] = { 255, 195, 135, 75 };
  PwImageInfo info;

  image = load_png (png, "alpha.png", &info);
  g_assert_true (info.has_alpha);
  g_assert_cmpuint (pw_image_get_format (image), ==, PW_IMAGE_FORMAT_RGBA8);
  g_assert_cmpuint (pw_image_get_stride (image), ==, 40 * 4);
  /* Not premultiplied: colours stay whole under any alpha. */
  assert_rgb_quadrants (image);
  assert_alpha (image, alpha);
}

static void
test_sixteen_bit (void)
{
  g_autoptr (GBytes) png = pw_test_make_png (20, 20, PNG_COLOR_TYPE_RGB, 16, FALSE, FALSE);
  g_autoptr (PwImage) image = load_png (png, "deep.png", NULL);

  g_assert_cmpuint (pw_image_get_format (image), ==, PW_IMAGE_FORMAT_RGB8);
  assert_rgb_quadrants (image);
}

static void
test_gray (void)
{
  g_autoptr (GBytes) eight = pw_test_make_png (24, 16, PNG_COLOR_TYPE_GRAY, 8, FALSE, FALSE);
  g_autoptr (GBytes) sixteen = pw_test_make_png (24, 16, PNG_COLOR_TYPE_GRAY, 16, FALSE, FALSE);
  g_autoptr (GBytes) one = pw_test_make_png (24, 16, PNG_COLOR_TYPE_GRAY, 1, FALSE, FALSE);
  GBytes *pngs[] = { eight, sixteen };
  g_autoptr (PwImage) bits = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (pngs); i++)
    {
      g_autoptr (PwImage) image = load_png (pngs[i], "gray.png", NULL);

      g_assert_cmpuint (pw_image_get_format (image), ==, PW_IMAGE_FORMAT_RGB8);
      for (int q = 0; q < 4; q++)
        {
          guint8 grey[3] = { pw_test_grey[q], pw_test_grey[q], pw_test_grey[q] };
          int x, y;

          quadrant_centre (image, q, &x, &y);
          pw_test_assert_colour (image, x, y, grey, 0);
        }
    }

  /* One bit a pixel: the right half is white. */
  bits = load_png (one, "bits.png", NULL);
  for (int q = 0; q < 4; q++)
    {
      guint8 level = q % 2 ? 255 : 0;
      guint8 expected[3] = { level, level, level };
      int x, y;

      quadrant_centre (bits, q, &x, &y);
      pw_test_assert_colour (bits, x, y, expected, 0);
    }
}

static void
test_palette (void)
{
  g_autoptr (GBytes) opaque = pw_test_make_png (30, 20, PNG_COLOR_TYPE_PALETTE, 2, FALSE, FALSE);
  g_autoptr (GBytes) clear = pw_test_make_png (30, 20, PNG_COLOR_TYPE_PALETTE, 8, FALSE, TRUE);
  g_autoptr (PwImage) image = NULL;
  g_autoptr (PwImage) transparent = NULL;
  static const guint8 alpha[4] = { 255, 200, 100, 0 };
  PwImageInfo info;

  image = load_png (opaque, "palette.png", &info);
  g_assert_false (info.has_alpha);
  g_assert_cmpuint (pw_image_get_format (image), ==, PW_IMAGE_FORMAT_RGB8);
  assert_rgb_quadrants (image);

  transparent = load_png (clear, "clear.png", &info);
  g_assert_true (info.has_alpha);
  g_assert_cmpuint (pw_image_get_format (transparent), ==, PW_IMAGE_FORMAT_RGBA8);
  assert_rgb_quadrants (transparent);
  assert_alpha (transparent, alpha);
}

static void
test_interlaced (void)
{
  g_autoptr (GBytes) png = pw_test_make_png (33, 27, PNG_COLOR_TYPE_RGB, 8, TRUE, FALSE);
  g_autoptr (PwImage) image = load_png (png, "adam7.png", NULL);

  assert_rgb_quadrants (image);
}

static void
assert_load_fails (const char *dir,
                   const char *name,
                   GBytes     *bytes,
                   int         code,
                   const char *reason)
{
  g_autofree char *path = pw_test_write (dir, name, bytes);
  g_autoptr (GError) error = NULL;
  g_autoptr (PwImage) image = NULL;

  image = pw_image_load_file (path, 0, 0, NULL, NULL, &error);
  g_assert_null (image);
  g_assert_error (error, PW_ERROR, code);
  g_test_message ("%s: %s", name, error->message);
  g_assert_nonnull (strstr (error->message, name));
  if (reason != NULL)
    g_assert_nonnull (strstr (error->message, reason));
}

static guint32
crc32_of (const guint8 *data,
          gsize         length)
{
  guint32 crc = 0xFFFFFFFF;

  for (gsize i = 0; i < length; i++)
    {
      crc ^= data[i];
      for (int k = 0; k < 8; k++)
        crc = (crc >> 1) ^ (0xEDB88320 & -(crc & 1));
    }
  return crc ^ 0xFFFFFFFF;
}

static void
put_be32 (guint8  *p,
          guint32  value)
{
  p[0] = value >> 24;
  p[1] = value >> 16;
  p[2] = value >> 8;
  p[3] = value;
}

static void
test_damaged (void)
{
  g_autofree char *dir = pw_test_make_dir ();
  g_autoptr (GBytes) png = pw_test_make_png (64, 64, PNG_COLOR_TYPE_RGB, 8, FALSE, FALSE);
  gsize length;
  const guint8 *data = g_bytes_get_data (png, &length);
  g_autoptr (GBytes) half = g_bytes_new_from_bytes (png, 0, length / 2);
  g_autoptr (GBytes) signature = g_bytes_new_from_bytes (png, 0, 12);
  g_autofree guint8 *patched = g_memdup2 (data, length);
  g_autoptr (GBytes) bad_crc = NULL;
  g_autoptr (GBytes) huge = NULL;
  g_autoptr (GBytes) wide = NULL;

  assert_load_fails (dir, "half.png", half, PW_ERROR_INVALID_DATA, "ends early");
  assert_load_fails (dir, "sig.png", signature, PW_ERROR_INVALID_DATA, "ends early");

  /* IHDR: length (4), "IHDR" (4), width (4) at 16, height (4) at 20, ...,
   * CRC over type and data at 29. A changed byte without its CRC is damage. */
  patched[17] ^= 0x01;
  bad_crc = g_bytes_new (patched, length);
  assert_load_fails (dir, "crc.png", bad_crc, PW_ERROR_INVALID_DATA, "damaged");

  /* 30000 × 30000 with a valid CRC: refused for its size, not as damage. */
  put_be32 (patched + 16, 30000);
  put_be32 (patched + 20, 30000);
  put_be32 (patched + 29, crc32_of (patched + 12, 17));
  huge = g_bytes_new (patched, length);
  assert_load_fails (dir, "huge.png", huge, PW_ERROR_TOO_LARGE, "30000");

  put_be32 (patched + 16, 20001);
  put_be32 (patched + 20, 10);
  put_be32 (patched + 29, crc32_of (patched + 12, 17));
  wide = g_bytes_new (patched, length);
  assert_load_fails (dir, "wide.png", wide, PW_ERROR_TOO_LARGE, NULL);

  pw_test_remove_dir (dir);
}

static void
test_not_an_image (void)
{
  g_autofree char *dir = pw_test_make_dir ();
  g_autoptr (GBytes) text = g_bytes_new_static ("name,label\ncat,1\n", 17);
  g_autoptr (GBytes) gif = g_bytes_new_static ("GIF89a\x01\x00\x01\x00\x00\x00\x00", 13);
  g_autoptr (GBytes) empty = g_bytes_new_static ("", 0);
  g_autofree char *missing = g_build_filename (dir, "gone.png", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (PwImage) image = NULL;
  PwImageInfo info;

  assert_load_fails (dir, "labels.jpg", text, PW_ERROR_UNSUPPORTED, NULL);
  assert_load_fails (dir, "anim.gif", gif, PW_ERROR_UNSUPPORTED, NULL);
  assert_load_fails (dir, "empty.png", empty, PW_ERROR_INVALID_DATA, "empty");

  g_assert_false (pw_image_probe (text, "labels.jpg", &info, &error));
  g_assert_error (error, PW_ERROR, PW_ERROR_UNSUPPORTED);
  g_clear_error (&error);

  image = pw_image_load_file (missing, 0, 0, NULL, NULL, &error);
  g_assert_null (image);
  g_assert_error (error, PW_ERROR, PW_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "gone.png"));
  g_clear_error (&error);

  /* A folder where a file was expected. */
  image = pw_image_load_file (dir, 0, 0, NULL, NULL, &error);
  g_assert_null (image);
  g_assert_error (error, PW_ERROR, PW_ERROR_UNSUPPORTED);

  pw_test_remove_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/media/png/rgb", test_rgb);
  g_test_add_func ("/media/png/rgba", test_rgba);
  g_test_add_func ("/media/png/sixteen-bit", test_sixteen_bit);
  g_test_add_func ("/media/png/gray", test_gray);
  g_test_add_func ("/media/png/palette", test_palette);
  g_test_add_func ("/media/png/interlaced", test_interlaced);
  g_test_add_func ("/media/png/damaged", test_damaged);
  g_test_add_func ("/media/image/not-an-image", test_not_an_image);

  return g_test_run ();
}
