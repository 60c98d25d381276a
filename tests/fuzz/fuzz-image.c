/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include "piecework-engine.h"
#include "pw-fuzz.h"

/* An image file, JPEG or PNG, from a marketplace or a worker's folder: the
 * probe, then the decode at full size and, for JPEG, at the smallest
 * scale. A decode is skipped when its pixels would exceed this, which keeps
 * each run short; the limits themselves are the probe's to check. */
#define MAX_FUZZ_PIXELS (4 * 1000 * 1000)

/* Where the pixels read below go, so the reads are not optimized away. */
static volatile guint8 sink;

static void
fuzz_decode (GBytes            *bytes,
             const PwImageInfo *info,
             guint              scale_denominator)
{
  g_autoptr (PwImage) image = NULL;
  g_autoptr (GError) error = NULL;
  gint64 width = ((gint64) info->width + scale_denominator - 1) / scale_denominator;
  gint64 height = ((gint64) info->height + scale_denominator - 1) / scale_denominator;
  const guint8 *pixels;
  gsize n_bytes;
  gsize row;

  if (width * height > MAX_FUZZ_PIXELS)
    return;

  image = pw_image_decode (bytes, "fuzz", info, scale_denominator, NULL, &error);
  if (image == NULL)
    {
      g_assert_nonnull (error);
      return;
    }
  g_assert_no_error (error);

  /* The image must hold the rows it claims: read the first and last byte
   * of each, which AddressSanitizer checks. */
  g_assert_cmpint (pw_image_get_width (image), >, 0);
  g_assert_cmpint (pw_image_get_height (image), >, 0);
  pixels = g_bytes_get_data (pw_image_get_pixels (image), &n_bytes);
  row = (gsize) pw_image_get_width (image) * pw_image_get_bytes_per_pixel (image);
  g_assert_cmpuint (pw_image_get_stride (image), >=, row);
  g_assert_cmpuint (n_bytes, >=, pw_image_get_stride (image) * (pw_image_get_height (image) - 1) + row);
  for (int y = 0; y < pw_image_get_height (image); y++)
    {
      const guint8 *line = pixels + (gsize) y * pw_image_get_stride (image);

      sink = line[0];
      sink = line[row - 1];
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr (GBytes) bytes = g_bytes_new_static (data, size);
  g_autoptr (GError) error = NULL;
  PwImageInfo info;

  if (!pw_image_probe (bytes, "fuzz", &info, &error))
    {
      g_assert_nonnull (error);
      return 0;
    }
  g_assert_no_error (error);
  g_assert_cmpint (info.width, >, 0);
  g_assert_cmpint (info.height, >, 0);
  g_assert_cmpuint (info.orientation, >=, 1);
  g_assert_cmpuint (info.orientation, <=, 8);

  fuzz_decode (bytes, &info, 1);
  if (info.file_type == PW_IMAGE_FILE_JPEG)
    fuzz_decode (bytes, &info, 8);

  return 0;
}
