/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n-lib.h>
#include <libexif/exif-data.h>
#include <string.h>
#include <turbojpeg.h>

#include "pw-error.h"
#include "pw-media-private.h"

/* JPEG through the TurboJPEG API. The header is read first, so an image over
 * the limits is refused before a pixel is decoded; the EXIF orientation is
 * applied after decoding, on the smallest buffer that fills the size asked
 * for. */

/* Segments before the first scan: a real file has a dozen; a crafted one is
 * not walked forever. */
#define MAX_SEGMENTS 512

typedef struct
{
  guint orientation;
  gboolean adobe;
} JpegMarkers;

static guint
exif_orientation (const guint8 *payload,
                  gsize         length)
{
  ExifData *exif;
  ExifEntry *entry;
  guint orientation = 1;

  exif = exif_data_new_from_data (payload, length);
  if (exif == NULL)
    return 1;

  /* IFD0 describes the image itself; IFD1 the thumbnail. */
  entry = exif_content_get_entry (exif->ifd[EXIF_IFD_0], EXIF_TAG_ORIENTATION);
  if (entry != NULL && entry->format == EXIF_FORMAT_SHORT
      && entry->components >= 1 && entry->size >= 2 && entry->data != NULL)
    orientation = exif_get_short (entry->data, exif_data_get_byte_order (exif));

  exif_data_unref (exif);

  return orientation >= 1 && orientation <= 8 ? orientation : 1;
}

/* Walks the segments between SOI and the first scan for the Exif APP1 and
 * the Adobe APP14 segment. Anything malformed ends the walk: what was found
 * so far stands, and the decoder judges the rest. */
static void
scan_markers (const guint8 *data,
              gsize         length,
              JpegMarkers  *markers)
{
  gboolean seen_exif = FALSE;
  gsize pos = 2;

  markers->orientation = 1;
  markers->adobe = FALSE;

  for (guint n = 0; n < MAX_SEGMENTS; n++)
    {
      const guint8 *payload;
      gsize segment_length;
      gsize payload_length;
      guint8 marker;

      if (pos >= length || data[pos] != 0xFF)
        return;
      while (pos < length && data[pos] == 0xFF)
        pos++;
      if (pos >= length)
        return;
      marker = data[pos++];

      if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD8))
        continue;
      if (marker == 0xDA || marker == 0xD9)
        return;

      if (length - pos < 2)
        return;
      segment_length = ((gsize) data[pos] << 8) | data[pos + 1];
      if (segment_length < 2 || segment_length > length - pos)
        return;
      payload = data + pos + 2;
      payload_length = segment_length - 2;

      if (marker == 0xE1 && !seen_exif && payload_length >= 6
          && memcmp (payload, "Exif\0\0", 6) == 0)
        {
          seen_exif = TRUE;
          markers->orientation = exif_orientation (payload, payload_length);
        }
      else if (marker == 0xEE && payload_length >= 5 && memcmp (payload, "Adobe", 5) == 0)
        {
          markers->adobe = TRUE;
        }

      pos += segment_length;
    }
}

static gboolean
read_header (tjhandle      tj,
             const guint8 *data,
             gsize         length,
             const char   *display_name,
             int          *width,
             int          *height,
             int          *colorspace,
             GError      **error)
{
  int subsampling;

  /* A file cut inside its header can read as tables without an image:
   * TurboJPEG then answers success and leaves the size as it was, so it
   * starts at none, and no image means the file ends early. */
  *width = 0;
  *height = 0;
  if (tjDecompressHeader3 (tj, data, length, width, height, &subsampling, colorspace) == 0
      && (*width <= 0 || *height <= 0))
    {
      _pw_media_set_truncated (error, display_name);
      return FALSE;
    }
  if (*width <= 0 || *height <= 0)
    {
      const char *reason = tjGetErrorStr2 (tj);

      if (strstr (reason, "Premature end of JPEG file") != NULL)
        _pw_media_set_truncated (error, display_name);
      else
        _pw_media_set_damaged (error, display_name, _("its JPEG header cannot be read"));
      return FALSE;
    }

  return _pw_media_check_size (display_name, *width, *height, error);
}

static tjhandle
open_decoder (GError **error)
{
  tjhandle tj = tjInitDecompress ();

  if (tj == NULL)
    g_set_error (error, PW_ERROR, PW_ERROR_FAILED,
                 _("The JPEG decoder could not start: %s"), tjGetErrorStr2 (NULL));
  return tj;
}

gboolean
_pw_jpeg_probe (const guint8  *data,
                gsize          length,
                const char    *display_name,
                PwImageInfo   *info,
                GError       **error)
{
  JpegMarkers markers;
  tjhandle tj;
  int width;
  int height;
  int colorspace;
  gboolean ok;

  tj = open_decoder (error);
  if (tj == NULL)
    return FALSE;
  ok = read_header (tj, data, length, display_name, &width, &height, &colorspace, error);
  tjDestroy (tj);
  if (!ok)
    return FALSE;

  scan_markers (data, length, &markers);

  info->file_type = PW_IMAGE_FILE_JPEG;
  info->stored_width = width;
  info->stored_height = height;
  info->orientation = markers.orientation;
  info->has_alpha = FALSE;
  info->width = _pw_orientation_swaps_axes (markers.orientation) ? height : width;
  info->height = _pw_orientation_swaps_axes (markers.orientation) ? width : height;

  return TRUE;
}

static gboolean
scaling_factor (guint             denominator,
                tjscalingfactor  *factor)
{
  tjscalingfactor *factors;
  int n_factors = 0;

  factors = tjGetScalingFactors (&n_factors);
  for (int i = 0; factors != NULL && i < n_factors; i++)
    {
      if (factors[i].num == 1 && factors[i].denom == (int) denominator)
        {
          *factor = factors[i];
          return TRUE;
        }
    }

  return FALSE;
}

/* Packed CMYK to RGB in place, row by row: each RGB pixel is written at or
 * before the CMYK pixel it comes from. Adobe's files, which carry the APP14
 * segment, store the inks inverted: 255 means none. */
static void
cmyk_to_rgb (guint8   *pixels,
             gsize     n_pixels,
             gboolean  inverted)
{
  for (gsize i = 0; i < n_pixels; i++)
    {
      const guint8 *s = pixels + i * 4;
      guint8 *d = pixels + i * 3;
      guint c = inverted ? s[0] : 255 - s[0];
      guint m = inverted ? s[1] : 255 - s[1];
      guint y = inverted ? s[2] : 255 - s[2];
      guint k = inverted ? s[3] : 255 - s[3];

      d[0] = (c * k + 127) / 255;
      d[1] = (m * k + 127) / 255;
      d[2] = (y * k + 127) / 255;
    }
}

/* libjpeg warns "Premature end of JPEG file" when the data runs out, but a
 * later error in the same decode, as a progressive file cut short gives,
 * replaces that message: a file that does not end with EOI was cut short. */
static gboolean
ends_early (const guint8 *data,
            gsize         length,
            const char   *reason)
{
  if (strstr (reason, "Premature end of JPEG file") != NULL)
    return TRUE;
  return length < 2 || data[length - 2] != 0xFF || data[length - 1] != 0xD9;
}

/* TurboJPEG reports trouble in the data as warnings and decodes on. Bytes
 * between segments are harmless and common in camera files; anything else
 * means the pixels are wrong, and a worker must not label a broken image. */
static gboolean
warning_is_harmless (const char *message)
{
  return strstr (message, "extraneous bytes") != NULL;
}

PwImage *
_pw_jpeg_decode (const guint8       *data,
                 gsize               length,
                 const char         *display_name,
                 const PwImageInfo  *info,
                 guint               scale_denominator,
                 GCancellable       *cancellable,
                 GError            **error)
{
  g_autofree guint8 *pixels = NULL;
  tjscalingfactor factor = { 1, 1 };
  JpegMarkers markers;
  tjhandle tj;
  int width;
  int height;
  int colorspace;
  int scaled_width;
  int scaled_height;
  int pixel_format;
  int flags = TJFLAG_LIMITSCANS;
  guint bpp;
  gsize stride;
  int status;

  if (scale_denominator > 1 && !scaling_factor (scale_denominator, &factor))
    scale_denominator = 1;

  tj = open_decoder (error);
  if (tj == NULL)
    return NULL;

  if (!read_header (tj, data, length, display_name, &width, &height, &colorspace, error))
    {
      tjDestroy (tj);
      return NULL;
    }

  scaled_width = TJSCALED (width, factor);
  scaled_height = TJSCALED (height, factor);

  /* libjpeg-turbo converts CMYK to nothing else: take the inks and convert
   * them here. */
  if (colorspace == TJCS_CMYK || colorspace == TJCS_YCCK)
    {
      pixel_format = TJPF_CMYK;
      bpp = 4;
    }
  else
    {
      pixel_format = TJPF_RGB;
      bpp = 3;
    }

  /* Rows written bottom up are a free vertical flip. */
  if (info->orientation == 3 || info->orientation == 4)
    flags |= TJFLAG_BOTTOMUP;

  stride = (gsize) scaled_width * bpp;
  pixels = _pw_media_try_alloc (stride * scaled_height);
  if (pixels == NULL)
    {
      tjDestroy (tj);
      _pw_media_set_no_memory (error, display_name);
      return NULL;
    }

  status = tjDecompress2 (tj, data, length, pixels, scaled_width, stride, scaled_height,
                          pixel_format, flags);
  if (status != 0)
    {
      const char *reason = tjGetErrorStr2 (tj);

      if (tjGetErrorCode (tj) != TJERR_WARNING || !warning_is_harmless (reason))
        {
          g_autofree char *detail = NULL;

          if (ends_early (data, length, reason))
            {
              _pw_media_set_truncated (error, display_name);
            }
          else
            {
              /* Translators: %s is the decoder's own, untranslated reason */
              detail = g_strdup_printf (_("its image data is corrupt (%s)"), reason);
              _pw_media_set_damaged (error, display_name, detail);
            }
          tjDestroy (tj);
          return NULL;
        }
      g_debug ("%s: %s", display_name, reason);
    }
  tjDestroy (tj);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  if (pixel_format == TJPF_CMYK)
    {
      scan_markers (data, length, &markers);
      cmyk_to_rgb (pixels, (gsize) scaled_width * scaled_height, markers.adobe);
      bpp = 3;
      stride = (gsize) scaled_width * bpp;
      pixels = g_realloc (pixels, stride * scaled_height);
    }

  if (info->orientation == 2 || info->orientation == 3)
    _pw_orientation_mirror_rows (pixels, scaled_width, scaled_height, stride, bpp);

  if (_pw_orientation_swaps_axes (info->orientation))
    {
      guint8 *turned = _pw_orientation_transpose (pixels, scaled_width, scaled_height, stride,
                                                  bpp, info->orientation);

      if (turned == NULL)
        {
          _pw_media_set_no_memory (error, display_name);
          return NULL;
        }
      g_free (pixels);
      pixels = turned;
      stride = (gsize) scaled_height * bpp;
      return _pw_image_new_take (PW_IMAGE_FORMAT_RGB8, scaled_height, scaled_width, stride,
                                 g_steal_pointer (&pixels), scale_denominator,
                                 height, width);
    }

  return _pw_image_new_take (PW_IMAGE_FORMAT_RGB8, scaled_width, scaled_height, stride,
                             g_steal_pointer (&pixels), scale_denominator, width, height);
}
