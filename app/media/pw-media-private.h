/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "pw-image.h"
#include "pw-image-loader.h"

G_BEGIN_DECLS

/* Limits checked from the header, before a pixel is decoded: beyond them a
 * crafted or mistaken file would take gigabytes. A 48 MP phone photo is far
 * inside them. */
#define PW_IMAGE_MAX_SIDE      20000
#define PW_IMAGE_MAX_PIXELS    ((gint64) 400 * 1000 * 1000)
#define PW_IMAGE_MAX_FILE_SIZE ((gint64) 512 * 1024 * 1024)

PwImage  *_pw_image_new_take          (PwImageFormat       format,
                                       int                 width,
                                       int                 height,
                                       gsize               stride,
                                       guint8             *pixels,
                                       guint               scale_denominator,
                                       int                 full_width,
                                       int                 full_height);

gboolean  _pw_media_check_size        (const char         *display_name,
                                       gint64              width,
                                       gint64              height,
                                       GError            **error);
void      _pw_media_set_truncated     (GError            **error,
                                       const char         *display_name);
void      _pw_media_set_damaged       (GError            **error,
                                       const char         *display_name,
                                       const char         *detail);
guint8   *_pw_media_try_alloc         (gsize               size);
void      _pw_media_set_no_memory     (GError            **error,
                                       const char         *display_name);

gboolean  _pw_orientation_swaps_axes  (guint               orientation);
void      _pw_orientation_mirror_rows (guint8             *pixels,
                                       int                 width,
                                       int                 height,
                                       gsize               stride,
                                       guint               bytes_per_pixel);
void      _pw_orientation_flip_rows   (guint8             *pixels,
                                       int                 height,
                                       gsize               stride);
guint8   *_pw_orientation_transpose   (const guint8       *pixels,
                                       int                 width,
                                       int                 height,
                                       gsize               stride,
                                       guint               bytes_per_pixel,
                                       guint               orientation);

gboolean  _pw_jpeg_probe              (const guint8       *data,
                                       gsize               length,
                                       const char         *display_name,
                                       PwImageInfo        *info,
                                       GError            **error);
PwImage  *_pw_jpeg_decode             (const guint8       *data,
                                       gsize               length,
                                       const char         *display_name,
                                       const PwImageInfo  *info,
                                       guint               scale_denominator,
                                       GCancellable       *cancellable,
                                       GError            **error);
gboolean  _pw_png_probe               (const guint8       *data,
                                       gsize               length,
                                       const char         *display_name,
                                       PwImageInfo        *info,
                                       GError            **error);
PwImage  *_pw_png_decode              (const guint8       *data,
                                       gsize               length,
                                       const char         *display_name,
                                       const PwImageInfo  *info,
                                       GCancellable       *cancellable,
                                       GError            **error);

G_END_DECLS
