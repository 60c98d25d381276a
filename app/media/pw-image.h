/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/**
 * PwImageFormat:
 * @PW_IMAGE_FORMAT_RGB8: three bytes a pixel, red, green, blue
 *   (GDK_MEMORY_R8G8B8)
 * @PW_IMAGE_FORMAT_RGBA8: four bytes a pixel, alpha not premultiplied
 *   (GDK_MEMORY_R8G8B8A8)
 *
 * The layouts of a #PwImage's pixels, each one that GDK can upload as is.
 */
typedef enum
{
  PW_IMAGE_FORMAT_RGB8,
  PW_IMAGE_FORMAT_RGBA8,
} PwImageFormat;

#define PW_TYPE_IMAGE (pw_image_get_type ())

typedef struct _PwImage PwImage;

GType          pw_image_get_type              (void) G_GNUC_CONST;
PwImage       *pw_image_new                   (PwImageFormat  format,
                                               int            width,
                                               int            height,
                                               gsize          stride,
                                               GBytes        *pixels,
                                               guint          scale_denominator,
                                               int            full_width,
                                               int            full_height);
PwImage       *pw_image_ref                   (PwImage       *image);
void           pw_image_unref                 (PwImage       *image);
PwImageFormat  pw_image_get_format            (PwImage       *image);
int            pw_image_get_width             (PwImage       *image);
int            pw_image_get_height            (PwImage       *image);
gsize          pw_image_get_stride            (PwImage       *image);
GBytes        *pw_image_get_pixels            (PwImage       *image);
guint          pw_image_get_scale_denominator (PwImage       *image);
int            pw_image_get_full_width        (PwImage       *image);
int            pw_image_get_full_height       (PwImage       *image);
guint          pw_image_get_bytes_per_pixel   (PwImage       *image);
gsize          pw_image_get_size              (PwImage       *image);
PwImage       *pw_image_reduce                (PwImage       *image,
                                               guint          factor);
PwImage       *pw_image_orient                (PwImage       *image,
                                               guint          orientation,
                                               GError       **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PwImage, pw_image_unref)

G_END_DECLS
