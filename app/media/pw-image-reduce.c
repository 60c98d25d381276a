/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <string.h>

#include "pw-image.h"
#include "pw-media-private.h"

/**
 * pw_image_reduce:
 * @image: a decoded image
 * @factor: 2, 4 or 8
 *
 * Makes a smaller copy of @image, each pixel the average of a square of
 * @factor × @factor, for views that show the whole image: a GPU samples a
 * texture this size far faster than one many times larger than the screen,
 * and without its shimmer. The copy keeps the full size of @image, so it
 * maps to the same coordinates.
 *
 * Returns: (transfer full): the smaller image
 */
PwImage *
pw_image_reduce (PwImage *image,
                 guint    factor)
{
  int width, height, out_width, out_height;
  guint bpp;
  gsize stride, out_stride;
  const guint8 *in;
  guint8 *out;
  guint32 *sums;

  g_return_val_if_fail (image != NULL, NULL);
  g_return_val_if_fail (factor == 2 || factor == 4 || factor == 8, NULL);

  width = pw_image_get_width (image);
  height = pw_image_get_height (image);
  bpp = pw_image_get_bytes_per_pixel (image);
  stride = pw_image_get_stride (image);
  in = g_bytes_get_data (pw_image_get_pixels (image), NULL);

  /* Partial squares at the right and bottom edges average what they have. */
  out_width = (width + factor - 1) / factor;
  out_height = (height + factor - 1) / factor;
  out_stride = (gsize) out_width * bpp;
  out = g_malloc (out_stride * out_height);
  sums = g_new (guint32, (gsize) out_width * bpp);

  for (int oy = 0; oy < out_height; oy++)
    {
      int y0 = oy * factor;
      int rows = MIN ((int) factor, height - y0);

      memset (sums, 0, sizeof (guint32) * out_width * bpp);

      /* Row by row, so that the input is read in order. */
      for (int y = y0; y < y0 + rows; y++)
        {
          const guint8 *row = in + (gsize) y * stride;

          for (int x = 0; x < width; x++)
            {
              guint32 *sum = sums + (gsize) (x / factor) * bpp;

              for (guint c = 0; c < bpp; c++)
                sum[c] += row[(gsize) x * bpp + c];
            }
        }

      for (int ox = 0; ox < out_width; ox++)
        {
          int cols = MIN ((int) factor, width - ox * (int) factor);
          guint32 count = (guint32) cols * rows;
          guint8 *pixel = out + (gsize) oy * out_stride + (gsize) ox * bpp;

          for (guint c = 0; c < bpp; c++)
            pixel[c] = (sums[(gsize) ox * bpp + c] + count / 2) / count;
        }
    }

  g_free (sums);

  return _pw_image_new_take (pw_image_get_format (image), out_width, out_height, out_stride, out,
                             pw_image_get_scale_denominator (image) * factor,
                             pw_image_get_full_width (image), pw_image_get_full_height (image));
}
