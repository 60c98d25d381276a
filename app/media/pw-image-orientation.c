/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <string.h>

#include "pw-media-private.h"

/* EXIF orientations, as the pixel of the shown image at (x, y) taken from
 * the stored image of W × H pixels:
 *
 *   1  (x, y)            5  (y, x)
 *   2  (W-1-x, y)        6  (y, H-1-x)          rotate 90° clockwise
 *   3  (W-1-x, H-1-y)    7  (W-1-y, H-1-x)
 *   4  (x, H-1-y)        8  (W-1-y, x)          rotate 90° anticlockwise
 *
 * 5 to 8 swap the axes. A naive transposition of a 48 MP photo reads one
 * byte per cache line and runs for seconds; working in square tiles that fit
 * in the L1 cache keeps it near memory speed. */
#define TILE 64

gboolean
_pw_orientation_swaps_axes (guint orientation)
{
  return orientation >= 5 && orientation <= 8;
}

static inline G_ALWAYS_INLINE void
copy_pixel (guint8       *dst,
            const guint8 *src,
            const guint   bpp)
{
  if (bpp == 4)
    memcpy (dst, src, 4);
  else
    {
      dst[0] = src[0];
      dst[1] = src[1];
      dst[2] = src[2];
    }
}

static inline G_ALWAYS_INLINE void
swap_pixel (guint8      *a,
            guint8      *b,
            const guint  bpp)
{
  guint8 tmp[4];

  copy_pixel (tmp, a, bpp);
  copy_pixel (a, b, bpp);
  copy_pixel (b, tmp, bpp);
}

static inline G_ALWAYS_INLINE void
mirror_rows (guint8      *pixels,
             int          width,
             int          height,
             gsize        stride,
             const guint  bpp)
{
  for (int y = 0; y < height; y++)
    {
      guint8 *left = pixels + (gsize) y * stride;
      guint8 *right = left + (gsize) (width - 1) * bpp;

      for (; left < right; left += bpp, right -= bpp)
        swap_pixel (left, right, bpp);
    }
}

/**
 * _pw_orientation_mirror_rows:
 *
 * Mirrors each row in place, left to right.
 */
void
_pw_orientation_mirror_rows (guint8 *pixels,
                             int     width,
                             int     height,
                             gsize   stride,
                             guint   bytes_per_pixel)
{
  g_assert (bytes_per_pixel == 3 || bytes_per_pixel == 4);

  if (bytes_per_pixel == 4)
    mirror_rows (pixels, width, height, stride, 4);
  else
    mirror_rows (pixels, width, height, stride, 3);
}

/**
 * _pw_orientation_flip_rows:
 *
 * Turns the rows upside down in place.
 */
void
_pw_orientation_flip_rows (guint8 *pixels,
                           int     height,
                           gsize   stride)
{
  guint8 chunk[4096];

  for (int y = 0; y < height / 2; y++)
    {
      guint8 *top = pixels + (gsize) y * stride;
      guint8 *bottom = pixels + (gsize) (height - 1 - y) * stride;

      for (gsize done = 0; done < stride; done += sizeof chunk)
        {
          gsize n = MIN (sizeof chunk, stride - done);

          memcpy (chunk, top + done, n);
          memcpy (top + done, bottom + done, n);
          memcpy (bottom + done, chunk, n);
        }
    }
}

/* Writes the shown rows [@row_start, @row_end) of the transposed image. */
static inline G_ALWAYS_INLINE void
transpose (const guint8 *src,
           gsize         src_stride,
           int           width,
           int           height,
           guint8       *dst,
           gboolean      flip_x,
           gboolean      flip_y,
           int           row_start,
           int           row_end,
           const guint   bpp)
{
  int out_width = height;
  gsize dst_stride = (gsize) out_width * bpp;
  gssize step = flip_y ? -(gssize) src_stride : (gssize) src_stride;

  for (int ty = row_start; ty < row_end; ty += TILE)
    {
      int ty_end = MIN (ty + TILE, row_end);

      for (int tx = 0; tx < out_width; tx += TILE)
        {
          int tx_end = MIN (tx + TILE, out_width);
          int sy0 = flip_y ? height - 1 - tx : tx;

          for (int y = ty; y < ty_end; y++)
            {
              int sx = flip_x ? width - 1 - y : y;
              const guint8 *s = src + (gsize) sy0 * src_stride + (gsize) sx * bpp;
              guint8 *d = dst + (gsize) y * dst_stride + (gsize) tx * bpp;

              for (int x = tx; x < tx_end; x++)
                {
                  copy_pixel (d, s, bpp);
                  d += bpp;
                  s += step;
                }
            }
        }
    }
}

typedef struct
{
  const guint8 *src;
  gsize src_stride;
  int width;
  int height;
  guint8 *dst;
  guint bpp;
  gboolean flip_x;
  gboolean flip_y;
  int row_start;
  int row_end;
} Stripe;

static gpointer
transpose_stripe (gpointer data)
{
  const Stripe *s = data;

  if (s->bpp == 4)
    transpose (s->src, s->src_stride, s->width, s->height, s->dst, s->flip_x, s->flip_y,
               s->row_start, s->row_end, 4);
  else
    transpose (s->src, s->src_stride, s->width, s->height, s->dst, s->flip_x, s->flip_y,
               s->row_start, s->row_end, 3);
  return NULL;
}

/* Below this, starting threads costs more than it saves. */
#define PARALLEL_MIN_PIXELS (4 * 1024 * 1024)
#define MAX_STRIPES 4

/**
 * _pw_orientation_transpose:
 * @pixels: the stored image
 * @width: its width
 * @height: its height
 * @stride: bytes from one row to the next
 * @bytes_per_pixel: 3 or 4
 * @orientation: 5, 6, 7 or 8
 *
 * Turns a large image in stripes on several cores: the copy is bound by
 * memory and page faults, which cores share well.
 *
 * Returns: (transfer full) (nullable): the shown image, @height pixels wide
 *   and packed rows, or %NULL when there is not enough memory for it
 */
guint8 *
_pw_orientation_transpose (const guint8 *pixels,
                           int           width,
                           int           height,
                           gsize         stride,
                           guint         bytes_per_pixel,
                           guint         orientation)
{
  Stripe stripes[MAX_STRIPES];
  GThread *threads[MAX_STRIPES] = { NULL, };
  guint n_stripes = 1;
  int rows_per_stripe;
  guint8 *dst;

  g_assert (_pw_orientation_swaps_axes (orientation));
  g_assert (bytes_per_pixel == 3 || bytes_per_pixel == 4);

  dst = g_try_malloc ((gsize) width * height * bytes_per_pixel);
  if (dst == NULL)
    return NULL;

  if ((gint64) width * height >= PARALLEL_MIN_PIXELS)
    n_stripes = CLAMP (g_get_num_processors (), 1, MAX_STRIPES);

  /* The shown image has @width rows; stripes start on a tile. */
  rows_per_stripe = ((width + n_stripes - 1) / n_stripes + TILE - 1) / TILE * TILE;

  for (guint i = 0; i < n_stripes; i++)
    {
      stripes[i] = (Stripe) {
        .src = pixels,
        .src_stride = stride,
        .width = width,
        .height = height,
        .dst = dst,
        .bpp = bytes_per_pixel,
        .flip_x = orientation == 7 || orientation == 8,
        .flip_y = orientation == 6 || orientation == 7,
        .row_start = MIN ((int) i * rows_per_stripe, width),
        .row_end = MIN ((int) (i + 1) * rows_per_stripe, width),
      };
    }

  /* A thread that cannot start leaves its stripe to this one. */
  for (guint i = 1; i < n_stripes; i++)
    threads[i] = g_thread_try_new ("pw-orient", transpose_stripe, &stripes[i], NULL);
  transpose_stripe (&stripes[0]);
  for (guint i = 1; i < n_stripes; i++)
    {
      if (threads[i] != NULL)
        g_thread_join (threads[i]);
      else
        transpose_stripe (&stripes[i]);
    }

  return dst;
}
