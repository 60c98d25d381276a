/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <errno.h>

#include <glib/gstdio.h>
#include <png.h>
#include <string.h>
#include <turbojpeg.h>

#include "pw-media-test.h"

/* The images the media tests make at run time (pw-media-test.h): JPEGs of
 * each colour space and PNGs of each colour type and depth, with four
 * coloured quadrants, an EXIF orientation added to a JPEG, pixels read back
 * from a decoded image, and a main loop spun until a request is done. */

const guint8 pw_test_rgb[4][3] = {
  [PW_TEST_RED] = { 255, 0, 0 },
  [PW_TEST_GREEN] = { 0, 255, 0 },
  [PW_TEST_BLUE] = { 0, 0, 255 },
  [PW_TEST_YELLOW] = { 255, 255, 0 },
};

const guint8 pw_test_grey[4] = { 30, 100, 170, 240 };

/* Top left red, top right green, bottom left blue, bottom right yellow. */
static PwTestColour
quadrant (int x,
          int y,
          int width,
          int height)
{
  gboolean right = x >= width / 2;
  gboolean bottom = y >= height / 2;

  if (bottom)
    return right ? PW_TEST_YELLOW : PW_TEST_BLUE;
  return right ? PW_TEST_GREEN : PW_TEST_RED;
}

GBytes *
pw_test_make_jpeg (int            width,
                   int            height,
                   PwTestJpegKind kind)
{
  g_autofree guint8 *pixels = NULL;
  tjhandle tj = tjInitCompress ();
  unsigned char *jpeg = NULL;
  unsigned long jpeg_size = 0;
  int pixel_format = TJPF_RGB;
  int subsampling = TJSAMP_420;
  int flags = kind == PW_TEST_JPEG_PROGRESSIVE ? TJFLAG_PROGRESSIVE : 0;
  int bpp = 3;
  GBytes *bytes;

  g_assert_nonnull (tj);
  if (kind == PW_TEST_JPEG_GRAY)
    {
      pixel_format = TJPF_GRAY;
      subsampling = TJSAMP_GRAY;
      bpp = 1;
    }
  else if (kind == PW_TEST_JPEG_CMYK)
    {
      pixel_format = TJPF_CMYK;
      bpp = 4;
    }

  pixels = g_malloc ((gsize) width * height * bpp);
  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        PwTestColour c = quadrant (x, y, width, height);
        guint8 *p = pixels + ((gsize) y * width + x) * bpp;

        if (kind == PW_TEST_JPEG_GRAY)
          p[0] = pw_test_grey[c];
        else if (kind == PW_TEST_JPEG_CMYK)
          {
            /* Adobe's inverted inks, as libjpeg marks them: 255 is none.
             * Black ink stays at none; the colour comes from C, M and Y. */
            p[0] = pw_test_rgb[c][0];
            p[1] = pw_test_rgb[c][1];
            p[2] = pw_test_rgb[c][2];
            p[3] = 255;
          }
        else
          memcpy (p, pw_test_rgb[c], 3);
      }

  g_assert_cmpint (tjCompress2 (tj, pixels, width, width * bpp, height, pixel_format,
                                &jpeg, &jpeg_size, subsampling, 95, flags), ==, 0);
  bytes = g_bytes_new (jpeg, jpeg_size);
  tjFree (jpeg);
  tjDestroy (tj);

  return bytes;
}

static void
put16 (GByteArray *out,
       guint       value,
       gboolean    little_endian)
{
  guint8 b[2];

  b[little_endian ? 1 : 0] = value >> 8;
  b[little_endian ? 0 : 1] = value & 0xFF;
  g_byte_array_append (out, b, 2);
}

static void
put32 (GByteArray *out,
       guint32     value,
       gboolean    little_endian)
{
  put16 (out, little_endian ? value & 0xFFFF : value >> 16, little_endian);
  put16 (out, little_endian ? value >> 16 : value & 0xFFFF, little_endian);
}

/* Splices an APP1 Exif segment right after SOI whose IFD0 has one entry:
 * the orientation, a SHORT. */
GBytes *
pw_test_with_orientation (GBytes   *jpeg,
                          guint     orientation,
                          gboolean  little_endian)
{
  g_autoptr (GByteArray) tiff = g_byte_array_new ();
  g_autoptr (GByteArray) out = g_byte_array_new ();
  const guint8 *data;
  gsize length;

  g_byte_array_append (tiff, (const guint8 *) "Exif\0\0", 6);
  g_byte_array_append (tiff, (const guint8 *) (little_endian ? "II" : "MM"), 2);
  put16 (tiff, 42, little_endian);
  put32 (tiff, 8, little_endian);
  put16 (tiff, 1, little_endian);               /* entries in IFD0 */
  put16 (tiff, 0x0112, little_endian);          /* Orientation */
  put16 (tiff, 3, little_endian);               /* SHORT */
  put32 (tiff, 1, little_endian);               /* count */
  put16 (tiff, orientation, little_endian);     /* value, left-justified */
  put16 (tiff, 0, little_endian);
  put32 (tiff, 0, little_endian);               /* no IFD1 */

  data = g_bytes_get_data (jpeg, &length);
  g_assert_cmpuint (length, >, 2);
  g_byte_array_append (out, data, 2);
  g_byte_array_append (out, (const guint8 *) "\xFF\xE1", 2);
  put16 (out, tiff->len + 2, FALSE);
  g_byte_array_append (out, tiff->data, tiff->len);
  g_byte_array_append (out, data + 2, length - 2);

  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

static void
write_png_bytes (png_structp png,
                 png_bytep   data,
                 png_size_t  length)
{
  g_byte_array_append (png_get_io_ptr (png), data, length);
}

static void
flush_png (png_structp png)
{
}

static void
png_test_error (png_structp     png,
                png_const_charp message)
{
  g_error ("libpng: %s", message);
}

GBytes *
pw_test_make_png (int      width,
                  int      height,
                  int      color_type,
                  int      bit_depth,
                  gboolean interlaced,
                  gboolean transparency)
{
  g_autoptr (GByteArray) out = g_byte_array_new ();
  png_structp png = png_create_write_struct (PNG_LIBPNG_VER_STRING, NULL, png_test_error, NULL);
  png_infop info = png_create_info_struct (png);
  int channels = color_type == PNG_COLOR_TYPE_RGB ? 3
                 : color_type == PNG_COLOR_TYPE_RGB_ALPHA ? 4
                 : color_type == PNG_COLOR_TYPE_GRAY_ALPHA ? 2 : 1;
  int bytes_per_sample = bit_depth == 16 ? 2 : 1;
  gsize row_bytes = (gsize) width * channels * bytes_per_sample;
  g_autofree guint8 *pixels = g_malloc0 (row_bytes * height);
  g_autofree png_bytep *rows = g_new (png_bytep, height);

  png_set_write_fn (png, out, write_png_bytes, flush_png);
  png_set_IHDR (png, info, width, height, bit_depth, color_type,
                interlaced ? PNG_INTERLACE_ADAM7 : PNG_INTERLACE_NONE,
                PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);

  if (color_type == PNG_COLOR_TYPE_PALETTE)
    {
      png_color palette[4];
      png_byte alpha[4] = { 255, 200, 100, 0 };

      for (int i = 0; i < 4; i++)
        {
          palette[i].red = pw_test_rgb[i][0];
          palette[i].green = pw_test_rgb[i][1];
          palette[i].blue = pw_test_rgb[i][2];
        }
      png_set_PLTE (png, info, palette, 4);
      if (transparency)
        png_set_tRNS (png, info, alpha, 4, NULL);
    }

  for (int y = 0; y < height; y++)
    {
      guint8 *row = pixels + row_bytes * y;

      rows[y] = row;
      for (int x = 0; x < width; x++)
        {
          PwTestColour c = quadrant (x, y, width, height);
          guint samples[4];
          int n = 0;

          if (color_type == PNG_COLOR_TYPE_PALETTE)
            {
              /* Samples of 1 to 8 bits, packed from the top bit. */
              int per_byte = 8 / bit_depth;
              int shift = 8 - bit_depth * (x % per_byte + 1);

              row[x / per_byte] |= c << shift;
              continue;
            }
          if (color_type == PNG_COLOR_TYPE_GRAY && bit_depth == 1)
            {
              if (c == PW_TEST_GREEN || c == PW_TEST_YELLOW)
                row[x / 8] |= 0x80 >> (x % 8);
              continue;
            }
          if (color_type == PNG_COLOR_TYPE_GRAY || color_type == PNG_COLOR_TYPE_GRAY_ALPHA)
            samples[n++] = pw_test_grey[c];
          else
            for (int i = 0; i < 3; i++)
              samples[n++] = pw_test_rgb[c][i];
          if (color_type & PNG_COLOR_MASK_ALPHA)
            samples[n++] = 255 - 60 * c;

          for (int i = 0; i < n; i++)
            {
              guint8 *s = row + ((gsize) x * channels + i) * bytes_per_sample;

              if (bytes_per_sample == 2)
                {
                  s[0] = samples[i];
                  s[1] = samples[i];
                }
              else
                s[0] = samples[i];
            }
        }
    }

  png_write_info (png, info);
  png_write_image (png, rows);
  png_write_end (png, NULL);
  png_destroy_write_struct (&png, &info);

  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

char *
pw_test_make_dir (void)
{
  g_autoptr (GError) error = NULL;
  char *dir = g_dir_make_tmp ("pw-media-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

char *
pw_test_write (const char *dir,
               const char *name,
               GBytes     *bytes)
{
  g_autoptr (GError) error = NULL;
  char *path = g_build_filename (dir, name, NULL);
  gsize length;
  const char *data = g_bytes_get_data (bytes, &length);

  g_file_set_contents (path, data, length, &error);
  g_assert_no_error (error);
  return path;
}

void
pw_test_remove_dir (const char *dir)
{
  g_autoptr (GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  g_assert_nonnull (handle);
  while ((name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      /* SQLite removes its -wal and -shm files itself when the last
       * connection closes, which may be just now. */
      if (g_remove (path) != 0 && errno != ENOENT)
        g_error ("%s could not be removed: %s", path, g_strerror (errno));
    }
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

void
pw_test_pixel (PwImage *image,
               int      x,
               int      y,
               guint8   rgba[4])
{
  const guint8 *pixels = g_bytes_get_data (pw_image_get_pixels (image), NULL);
  guint bpp = pw_image_get_bytes_per_pixel (image);
  const guint8 *p;

  g_assert_cmpint (x, >=, 0);
  g_assert_cmpint (y, >=, 0);
  g_assert_cmpint (x, <, pw_image_get_width (image));
  g_assert_cmpint (y, <, pw_image_get_height (image));

  p = pixels + (gsize) y * pw_image_get_stride (image) + (gsize) x * bpp;
  rgba[0] = p[0];
  rgba[1] = p[1];
  rgba[2] = p[2];
  rgba[3] = bpp == 4 ? p[3] : 255;
}

void
pw_test_assert_colour (PwImage      *image,
                       int           x,
                       int           y,
                       const guint8  expected[3],
                       int           tolerance)
{
  guint8 rgba[4];

  pw_test_pixel (image, x, y, rgba);
  for (int i = 0; i < 3; i++)
    if (ABS ((int) rgba[i] - (int) expected[i]) > tolerance)
      g_error ("pixel (%d, %d) is (%u, %u, %u), expected (%u, %u, %u)", x, y,
               rgba[0], rgba[1], rgba[2], expected[0], expected[1], expected[2]);
}

static gboolean
on_timeout (gpointer user_data)
{
  g_error ("timed out waiting for the media engine");
  return G_SOURCE_REMOVE;
}

void
pw_test_spin_until (gboolean *done)
{
  guint timeout = g_timeout_add_seconds (30, on_timeout, NULL);

  while (!*done)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (timeout);
}
