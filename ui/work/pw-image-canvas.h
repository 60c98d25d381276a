/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "piecework-engine.h"

G_BEGIN_DECLS

/* The image canvas: shows an image at any zoom and draws and edits its boxes
 * and polygons. */

typedef enum
{
  PW_CANVAS_TOOL_SELECT,
  PW_CANVAS_TOOL_BOX,
  PW_CANVAS_TOOL_POLYGON,
} PwCanvasTool;

#define PW_TYPE_IMAGE_CANVAS (pw_image_canvas_get_type ())

G_DECLARE_FINAL_TYPE (PwImageCanvas, pw_image_canvas, PW, IMAGE_CANVAS, GtkWidget)

GtkWidget    *pw_image_canvas_new             (void);
void          pw_image_canvas_set_image       (PwImageCanvas *self,
                                               PwImage       *image);
PwImage      *pw_image_canvas_get_image       (PwImageCanvas *self);
void          pw_image_canvas_prepare_image   (PwImageCanvas *self,
                                               PwImage       *image);
PwImage      *pw_image_canvas_get_drawn_image (PwImageCanvas *self);
void          pw_image_canvas_set_annotation  (PwImageCanvas *self,
                                               PwAnnotation  *annotation);
PwAnnotation *pw_image_canvas_get_annotation  (PwImageCanvas *self);
void          pw_image_canvas_set_labels      (PwImageCanvas *self,
                                               PwLabelSet    *labels);
void          pw_image_canvas_apply_label     (PwImageCanvas *self,
                                               const char    *label);
void          pw_image_canvas_set_tool        (PwImageCanvas *self,
                                               PwCanvasTool   tool);
PwCanvasTool  pw_image_canvas_get_tool        (PwImageCanvas *self);
void          pw_image_canvas_set_shapes_visible (PwImageCanvas *self,
                                                  gboolean       visible);
gboolean      pw_image_canvas_get_shapes_visible (PwImageCanvas *self);
double        pw_image_canvas_get_zoom        (PwImageCanvas *self);
void          pw_image_canvas_zoom_fit        (PwImageCanvas *self);
void          pw_image_canvas_zoom_to         (PwImageCanvas *self,
                                               double         zoom,
                                               double         widget_x,
                                               double         widget_y);
void          pw_image_canvas_pan             (PwImageCanvas *self,
                                               double         dx,
                                               double         dy);
const char   *pw_image_canvas_get_selected    (PwImageCanvas *self);
void          pw_image_canvas_select          (PwImageCanvas *self,
                                               const char    *shape_id);
void          pw_image_canvas_set_problems    (PwImageCanvas *self,
                                               GPtrArray     *problems);
guint         pw_image_canvas_wanted_scale_denominator (PwImageCanvas *self);

G_END_DECLS
