/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <string.h>

#include "pw-error.h"
#include "pw-media-private.h"

/* Decoded pixels, shared between the decoding thread, the cache and the
 * canvas. Immutable once made, so any thread may read it; the pixels are a
 * GBytes so that the canvas wraps them in a texture without a copy. */
struct _PwImage
{
  gatomicrefcount ref_count;
  PwImageFormat format;
  int width;
  int height;
  gsize stride;
  GBytes *pixels;
  guint scale_denominator;
  int full_width;
  int full_height;
};

G_DEFINE_BOXED_TYPE (PwImage, pw_image, pw_image_ref, pw_image_unref)

static guint
format_bytes_per_pixel (PwImageFormat format)
{
  return format == PW_IMAGE_FORMAT_RGBA8 ? 4 : 3;
}

/**
 * pw_image_new:
 * @format: the layout of a pixel
 * @width: width in pixels
 * @height: height in pixels
 * @stride: bytes from the start of one row to the next
 * @pixels: at least @height rows of @stride bytes
 * @scale_denominator: 1 when decoded at full size, 2, 4 or 8 when decoded
 *   at a half, a quarter or an eighth of it
 * @full_width: the width of the full-size image as shown
 * @full_height: the height of the full-size image as shown
 *
 * Returns: (transfer full): a new image holding a reference to @pixels
 */
PwImage *
pw_image_new (PwImageFormat  format,
              int            width,
              int            height,
              gsize          stride,
              GBytes        *pixels,
              guint          scale_denominator,
              int            full_width,
              int            full_height)
{
  PwImage *image;

  g_return_val_if_fail (format == PW_IMAGE_FORMAT_RGB8 || format == PW_IMAGE_FORMAT_RGBA8, NULL);
  g_return_val_if_fail (width > 0 && height > 0, NULL);
  g_return_val_if_fail (stride >= (gsize) width * format_bytes_per_pixel (format), NULL);
  g_return_val_if_fail (pixels != NULL, NULL);
  g_return_val_if_fail (g_bytes_get_size (pixels) >= stride * (gsize) (height - 1)
                        + (gsize) width * format_bytes_per_pixel (format), NULL);
  g_return_val_if_fail (scale_denominator >= 1, NULL);
  g_return_val_if_fail (full_width >= width && full_height >= height, NULL);

  image = g_new0 (PwImage, 1);
  g_atomic_ref_count_init (&image->ref_count);
  image->format = format;
  image->width = width;
  image->height = height;
  image->stride = stride;
  image->pixels = g_bytes_ref (pixels);
  image->scale_denominator = scale_denominator;
  image->full_width = full_width;
  image->full_height = full_height;

  return image;
}

/* Takes @pixels, allocated with g_malloc() and packed as @height rows of
 * @stride bytes, without copying them. */
PwImage *
_pw_image_new_take (PwImageFormat  format,
                    int            width,
                    int            height,
                    gsize          stride,
                    guint8        *pixels,
                    guint          scale_denominator,
                    int            full_width,
                    int            full_height)
{
  g_autoptr (GBytes) bytes = g_bytes_new_take (pixels, stride * (gsize) height);

  return pw_image_new (format, width, height, stride, bytes,
                       scale_denominator, full_width, full_height);
}

/**
 * pw_image_ref:
 * @image: a #PwImage
 *
 * Returns: (transfer full): @image
 */
PwImage *
pw_image_ref (PwImage *image)
{
  g_return_val_if_fail (image != NULL, NULL);

  g_atomic_ref_count_inc (&image->ref_count);
  return image;
}

/**
 * pw_image_unref:
 * @image: (transfer full): a #PwImage
 *
 * Drops a reference; the pixels go with the last one.
 */
void
pw_image_unref (PwImage *image)
{
  g_return_if_fail (image != NULL);

  if (g_atomic_ref_count_dec (&image->ref_count))
    {
      g_bytes_unref (image->pixels);
      g_free (image);
    }
}

PwImageFormat
pw_image_get_format (PwImage *image)
{
  g_return_val_if_fail (image != NULL, PW_IMAGE_FORMAT_RGB8);
  return image->format;
}

int
pw_image_get_width (PwImage *image)
{
  g_return_val_if_fail (image != NULL, 0);
  return image->width;
}

int
pw_image_get_height (PwImage *image)
{
  g_return_val_if_fail (image != NULL, 0);
  return image->height;
}

gsize
pw_image_get_stride (PwImage *image)
{
  g_return_val_if_fail (image != NULL, 0);
  return image->stride;
}

/**
 * pw_image_get_pixels:
 * @image: a #PwImage
 *
 * Returns: (transfer none): the pixels, for gdk_memory_texture_new()
 */
GBytes *
pw_image_get_pixels (PwImage *image)
{
  g_return_val_if_fail (image != NULL, NULL);
  return image->pixels;
}

/**
 * pw_image_get_scale_denominator:
 * @image: a #PwImage
 *
 * The JPEG decoder makes a first view at 1/2, 1/4 or 1/8 of the full size.
 * Its sides are rounded up, so map coordinates to the full image with
 * pw_image_get_full_width() / pw_image_get_width(), not with this.
 *
 * Returns: 1 for a full-size image, else 2, 4 or 8
 */
guint
pw_image_get_scale_denominator (PwImage *image)
{
  g_return_val_if_fail (image != NULL, 1);
  return image->scale_denominator;
}

/**
 * pw_image_get_full_width:
 * @image: a #PwImage
 *
 * Returns: the width of the image at full size, as shown: the space shapes
 *   are drawn in
 */
int
pw_image_get_full_width (PwImage *image)
{
  g_return_val_if_fail (image != NULL, 0);
  return image->full_width;
}

/**
 * pw_image_get_full_height:
 * @image: a #PwImage
 *
 * Returns: the height of the image at full size, as shown
 */
int
pw_image_get_full_height (PwImage *image)
{
  g_return_val_if_fail (image != NULL, 0);
  return image->full_height;
}

guint
pw_image_get_bytes_per_pixel (PwImage *image)
{
  g_return_val_if_fail (image != NULL, 3);
  return format_bytes_per_pixel (image->format);
}

/**
 * pw_image_get_size:
 * @image: a #PwImage
 *
 * Returns: the bytes its pixels take, as counted against a cache's budget
 */
gsize
pw_image_get_size (PwImage *image)
{
  g_return_val_if_fail (image != NULL, 0);
  return g_bytes_get_size (image->pixels);
}

/**
 * pw_image_orient:
 * @image: a #PwImage as stored in a file
 * @orientation: an EXIF orientation, 1 to 8
 * @error: return location for a #GError
 *
 * Makes the image as shown after the EXIF orientation. The decoders do this
 * themselves; this is for pixels that come from elsewhere.
 *
 * Returns: (transfer full) (nullable): a new image, or %NULL when memory ran
 *   out
 */
PwImage *
pw_image_orient (PwImage  *image,
                 guint     orientation,
                 GError  **error)
{
  guint bpp;
  gsize size;
  guint8 *copy;
  int full_width;
  int full_height;

  g_return_val_if_fail (image != NULL, NULL);
  g_return_val_if_fail (orientation >= 1 && orientation <= 8, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  bpp = format_bytes_per_pixel (image->format);
  full_width = image->full_width;
  full_height = image->full_height;

  if (_pw_orientation_swaps_axes (orientation))
    {
      const guint8 *src = g_bytes_get_data (image->pixels, NULL);

      copy = _pw_orientation_transpose (src, image->width, image->height,
                                        image->stride, bpp, orientation);
      if (copy == NULL)
        {
          _pw_media_set_no_memory (error, NULL);
          return NULL;
        }
      return _pw_image_new_take (image->format, image->height, image->width,
                                 (gsize) image->height * bpp, copy,
                                 image->scale_denominator, full_height, full_width);
    }

  size = image->stride * (gsize) image->height;
  copy = _pw_media_try_alloc (size);
  if (copy == NULL)
    {
      _pw_media_set_no_memory (error, NULL);
      return NULL;
    }
  memcpy (copy, g_bytes_get_data (image->pixels, NULL), size);

  if (orientation == 2 || orientation == 3)
    _pw_orientation_mirror_rows (copy, image->width, image->height, image->stride, bpp);
  if (orientation == 3 || orientation == 4)
    _pw_orientation_flip_rows (copy, image->height, image->stride);

  return _pw_image_new_take (image->format, image->width, image->height, image->stride,
                             copy, image->scale_denominator, full_width, full_height);
}
