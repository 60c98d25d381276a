/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n-lib.h>
#include <png.h>
#include <string.h>

#include "pw-error.h"
#include "pw-media-private.h"

/* PNG through libpng. libpng reports errors by longjmp(), so everything a
 * decode owns lives in a PngRead reached through a pointer that does not
 * change after setjmp(): nothing is lost or freed twice when it jumps. Every
 * kind of PNG is expanded to 8-bit RGB, or RGBA when it has transparency. */

/* Ancillary chunks (ICC profiles, text) are not used; a bomb in one of them
 * is stopped here. */
#define MAX_CHUNK_BYTES (8 * 1024 * 1024)

typedef struct
{
  const guint8 *data;
  gsize length;
  gsize pos;
  const char *display_name;
  gboolean truncated;
  char reason[160];

  png_structp png;
  png_infop png_info;
  png_bytep *rows;
  guint8 *pixels;
  int width;
  int height;
  gboolean has_alpha;
  GError *error;
} PngRead;

static void
read_bytes (png_structp png,
            png_bytep   out,
            png_size_t  n)
{
  PngRead *read = png_get_io_ptr (png);

  if (n > read->length - read->pos)
    {
      read->truncated = TRUE;
      png_error (png, "truncated");
    }
  memcpy (out, read->data + read->pos, n);
  read->pos += n;
}

static void
on_error (png_structp     png,
          png_const_charp message)
{
  PngRead *read = png_get_error_ptr (png);

  g_strlcpy (read->reason, message, sizeof read->reason);
  png_longjmp (png, 1);
}

static void
on_warning (png_structp     png,
            png_const_charp message)
{
  PngRead *read = png_get_error_ptr (png);

  g_debug ("%s: %s", read->display_name, message);
}

static void
set_error_from_libpng (PngRead *read)
{
  g_autofree char *detail = NULL;

  if (read->error != NULL)
    return;
  if (read->truncated)
    {
      _pw_media_set_truncated (&read->error, read->display_name);
      return;
    }
  /* Translators: %s is the decoder's own, untranslated reason */
  detail = g_strdup_printf (_("its PNG data is corrupt (%s)"), read->reason);
  _pw_media_set_damaged (&read->error, read->display_name, detail);
}

/* Reads the chunks up to the image data, checks the size and sets up the
 * conversion to 8-bit RGB or RGBA. */
static gboolean
read_header (PngRead *read)
{
  png_uint_32 width;
  png_uint_32 height;
  int bit_depth;
  int color_type;
  int interlace;

  if (setjmp (png_jmpbuf (read->png)))
    {
      set_error_from_libpng (read);
      return FALSE;
    }

  png_set_read_fn (read->png, read, read_bytes);
  /* The limits are checked below, with a message that says what they are;
   * libpng's own would call a large image corrupt. */
  png_set_user_limits (read->png, PNG_UINT_31_MAX, PNG_UINT_31_MAX);
  png_set_chunk_malloc_max (read->png, MAX_CHUNK_BYTES);
  png_read_info (read->png, read->png_info);
  png_get_IHDR (read->png, read->png_info, &width, &height, &bit_depth, &color_type,
                &interlace, NULL, NULL);

  if (!_pw_media_check_size (read->display_name, width, height, &read->error))
    return FALSE;

  read->width = width;
  read->height = height;
  read->has_alpha = (color_type & PNG_COLOR_MASK_ALPHA) != 0
                    || png_get_valid (read->png, read->png_info, PNG_INFO_tRNS);

  if (color_type == PNG_COLOR_TYPE_PALETTE)
    png_set_palette_to_rgb (read->png);
  if (color_type == PNG_COLOR_TYPE_GRAY && bit_depth < 8)
    png_set_expand_gray_1_2_4_to_8 (read->png);
  if (png_get_valid (read->png, read->png_info, PNG_INFO_tRNS))
    png_set_tRNS_to_alpha (read->png);
  if (bit_depth == 16)
    png_set_strip_16 (read->png);
  if (color_type == PNG_COLOR_TYPE_GRAY || color_type == PNG_COLOR_TYPE_GRAY_ALPHA)
    png_set_gray_to_rgb (read->png);
  png_set_interlace_handling (read->png);
  png_read_update_info (read->png, read->png_info);

  if (png_get_channels (read->png, read->png_info) != (read->has_alpha ? 4 : 3)
      || png_get_bit_depth (read->png, read->png_info) != 8)
    {
      _pw_media_set_damaged (&read->error, read->display_name,
                             _("its PNG colour format cannot be read"));
      return FALSE;
    }

  return TRUE;
}

static gboolean
read_pixels (PngRead *read)
{
  if (setjmp (png_jmpbuf (read->png)))
    {
      set_error_from_libpng (read);
      return FALSE;
    }

  png_read_image (read->png, read->rows);
  return TRUE;
}

static gboolean
png_read_begin (PngRead      *read,
                const guint8 *data,
                gsize         length,
                const char   *display_name)
{
  memset (read, 0, sizeof *read);
  read->data = data;
  read->length = length;
  read->display_name = display_name;

  read->png = png_create_read_struct (PNG_LIBPNG_VER_STRING, read, on_error, on_warning);
  if (read->png != NULL)
    read->png_info = png_create_info_struct (read->png);
  if (read->png_info == NULL)
    {
      _pw_media_set_no_memory (&read->error, display_name);
      return FALSE;
    }

  return read_header (read);
}

static void
png_read_end_and_free (PngRead *read)
{
  if (read->png != NULL)
    png_destroy_read_struct (&read->png, read->png_info != NULL ? &read->png_info : NULL, NULL);
  g_free (read->rows);
  g_free (read->pixels);
}

gboolean
_pw_png_probe (const guint8  *data,
               gsize          length,
               const char    *display_name,
               PwImageInfo   *info,
               GError       **error)
{
  PngRead read;

  if (!png_read_begin (&read, data, length, display_name))
    {
      g_propagate_error (error, read.error);
      png_read_end_and_free (&read);
      return FALSE;
    }

  info->file_type = PW_IMAGE_FILE_PNG;
  info->width = info->stored_width = read.width;
  info->height = info->stored_height = read.height;
  info->orientation = 1;
  info->has_alpha = read.has_alpha;
  png_read_end_and_free (&read);

  return TRUE;
}

PwImage *
_pw_png_decode (const guint8       *data,
                gsize               length,
                const char         *display_name,
                const PwImageInfo  *info,
                GCancellable       *cancellable,
                GError            **error)
{
  PngRead read;
  PwImageFormat format;
  guint bpp;
  gsize stride;
  PwImage *image;

  if (!png_read_begin (&read, data, length, display_name))
    goto fail;

  format = read.has_alpha ? PW_IMAGE_FORMAT_RGBA8 : PW_IMAGE_FORMAT_RGB8;
  bpp = read.has_alpha ? 4 : 3;
  stride = (gsize) read.width * bpp;
  read.pixels = _pw_media_try_alloc (stride * read.height);
  read.rows = g_try_new (png_bytep, read.height);
  if (read.pixels == NULL || read.rows == NULL)
    {
      _pw_media_set_no_memory (&read.error, display_name);
      goto fail;
    }
  for (int y = 0; y < read.height; y++)
    read.rows[y] = read.pixels + (gsize) y * stride;

  if (g_cancellable_set_error_if_cancelled (cancellable, &read.error))
    goto fail;

  if (!read_pixels (&read))
    goto fail;

  image = _pw_image_new_take (format, read.width, read.height, stride,
                              g_steal_pointer (&read.pixels), 1, read.width, read.height);
  png_read_end_and_free (&read);
  return image;

fail:
  g_propagate_error (error, g_steal_pointer (&read.error));
  png_read_end_and_free (&read);
  return NULL;
}
