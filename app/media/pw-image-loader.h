/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "pw-image.h"

G_BEGIN_DECLS

/**
 * PwImageFileType:
 * @PW_IMAGE_FILE_JPEG: a JPEG (JFIF or Exif) file
 * @PW_IMAGE_FILE_PNG: a PNG file
 *
 * The kinds of files the engine decodes, told apart by their first bytes.
 */
typedef enum
{
  PW_IMAGE_FILE_JPEG = 1,
  PW_IMAGE_FILE_PNG,
} PwImageFileType;

/**
 * PwImageInfo:
 * @file_type: what the file is
 * @width: the width as shown, after the EXIF orientation
 * @height: the height as shown, after the EXIF orientation
 * @stored_width: the width of the pixels as stored in the file
 * @stored_height: the height of the pixels as stored in the file
 * @orientation: the EXIF orientation, 1 to 8; 1 when the file has none
 * @has_alpha: whether decoding gives %PW_IMAGE_FORMAT_RGBA8
 *
 * What the header of an image says, read without decoding a pixel.
 */
typedef struct
{
  PwImageFileType file_type;
  int width;
  int height;
  int stored_width;
  int stored_height;
  guint orientation;
  gboolean has_alpha;
} PwImageInfo;

GBytes   *pw_image_read_file        (const char           *path,
                                     GError              **error);
gboolean  pw_image_probe_file       (const char           *path,
                                     PwImageInfo          *info,
                                     GError              **error);
gboolean  pw_image_probe            (GBytes               *data,
                                     const char           *display_name,
                                     PwImageInfo          *info,
                                     GError              **error);
guint     pw_image_info_pick_scale  (const PwImageInfo    *info,
                                     int                   fit_width,
                                     int                   fit_height);
PwImage  *pw_image_decode           (GBytes               *data,
                                     const char           *display_name,
                                     const PwImageInfo    *info,
                                     guint                 scale_denominator,
                                     GCancellable         *cancellable,
                                     GError              **error);
PwImage  *pw_image_load_file        (const char           *path,
                                     int                   fit_width,
                                     int                   fit_height,
                                     PwImageInfo          *info,
                                     GCancellable         *cancellable,
                                     GError              **error);
void      pw_image_load_file_async  (const char           *path,
                                     int                   fit_width,
                                     int                   fit_height,
                                     GCancellable         *cancellable,
                                     GAsyncReadyCallback   callback,
                                     gpointer              user_data);
PwImage  *pw_image_load_file_finish (GAsyncResult         *result,
                                     PwImageInfo          *info,
                                     GError              **error);

G_END_DECLS
