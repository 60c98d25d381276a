/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "pw-annotation.h"
#include "pw-export.h"

G_BEGIN_DECLS

/* One labeled image of the folder, as the exporters see it. */
typedef struct
{
  char *stem;
  char *file_name;
  guint width;
  guint height;
  PwAnnotation *annotation;
} PwExportImage;

/* A shape ready to export: labeled, cut to its image, with its class. */
typedef struct
{
  PwShape *shape;
  guint category;
  gboolean truncated;
  double x0, y0, x1, y1;
} PwExportShape;

GArray    *_pw_export_shapes_of    (PwExportImage  *image,
                                    GPtrArray      *categories);
char      *_pw_export_format_coord (double          value);

gboolean   _pw_export_coco         (GPtrArray      *images,
                                    GPtrArray      *categories,
                                    GFile          *output,
                                    GCancellable   *cancellable,
                                    GError        **error);
gboolean   _pw_export_voc_image    (PwExportImage  *image,
                                    GPtrArray      *categories,
                                    GFile          *output,
                                    GError        **error);
gboolean   _pw_export_yolo_image   (PwExportImage  *image,
                                    GPtrArray      *categories,
                                    GFile          *output,
                                    GError        **error);
gboolean   _pw_export_yolo_classes (GPtrArray      *categories,
                                    GFile          *output,
                                    GError        **error);
gboolean   _pw_export_jsonl        (GFile          *folder,
                                    GFile          *output,
                                    GCancellable   *cancellable,
                                    PwExportProgressFunc progress,
                                    gpointer        user_data,
                                    GError        **error);

G_END_DECLS
