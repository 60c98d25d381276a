/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/**
 * PwShapeType:
 * @PW_SHAPE_BBOX: a box: axis-aligned, or turned about its centre by its
 *   rotation (see pw_shape_get_rotation())
 * @PW_SHAPE_POLYGON: a closed polygon, its first point not repeated
 *
 * The kinds of shape a worker draws on an image.
 */
typedef enum
{
  PW_SHAPE_BBOX,
  PW_SHAPE_POLYGON,
} PwShapeType;

/**
 * PwPoint:
 * @x: pixels from the left edge of the oriented image
 * @y: pixels from the top edge of the oriented image
 */
typedef struct
{
  double x;
  double y;
} PwPoint;

/**
 * PwRect:
 * @x: left edge
 * @y: top edge
 * @w: width, never negative
 * @h: height, never negative
 */
typedef struct
{
  double x;
  double y;
  double w;
  double h;
} PwRect;

#define PW_TYPE_SHAPE (pw_shape_get_type ())

typedef struct _PwShape PwShape;

GType        pw_shape_get_type       (void) G_GNUC_CONST;

PwShape     *pw_shape_new_bbox       (const char    *id,
                                      const char    *label,
                                      double         x,
                                      double         y,
                                      double         w,
                                      double         h);
PwShape     *pw_shape_new_polygon    (const char    *id,
                                      const char    *label,
                                      const PwPoint *points,
                                      guint          n_points);
PwShape     *pw_shape_ref            (PwShape       *self);
void         pw_shape_unref          (PwShape       *self);
PwShape     *pw_shape_copy           (const PwShape *self);
gboolean     pw_shape_equal          (const PwShape *a,
                                      const PwShape *b);

const char  *pw_shape_get_id         (const PwShape *self);
void         pw_shape_set_id         (PwShape       *self,
                                      const char    *id);
PwShapeType  pw_shape_get_shape_type (const PwShape *self);
const char  *pw_shape_get_label      (const PwShape *self);
void         pw_shape_set_label      (PwShape       *self,
                                      const char    *label);

void         pw_shape_get_rect       (const PwShape *self,
                                      PwRect        *rect);
void         pw_shape_set_rect       (PwShape       *self,
                                      const PwRect  *rect);
double       pw_shape_get_rotation   (const PwShape *self);
void         pw_shape_set_rotation   (PwShape       *self,
                                      double         degrees);
void         pw_shape_get_corners    (const PwShape *self,
                                      PwPoint        corners[4]);
void         pw_shape_to_box_frame   (const PwShape *self,
                                      double        *x,
                                      double        *y);
void         pw_shape_from_box_frame (const PwShape *self,
                                      double        *x,
                                      double        *y);
PwShape     *pw_shape_outline        (const PwShape *self);
const PwPoint *pw_shape_get_points   (const PwShape *self,
                                      guint         *n_points);
void         pw_shape_set_point      (PwShape       *self,
                                      guint          index,
                                      double         x,
                                      double         y);
void         pw_shape_insert_point   (PwShape       *self,
                                      guint          index,
                                      double         x,
                                      double         y);
void         pw_shape_remove_point   (PwShape       *self,
                                      guint          index);

void         pw_shape_get_bounds     (const PwShape *self,
                                      PwRect        *bounds);
void         pw_shape_translate      (PwShape       *self,
                                      double         dx,
                                      double         dy);
void         pw_shape_clamp_to_image (PwShape       *self,
                                      double         width,
                                      double         height);

JsonNode    *pw_shape_to_json        (const PwShape *self);
PwShape     *pw_shape_new_from_json  (JsonNode      *node,
                                      GError       **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PwShape, pw_shape_unref)

G_END_DECLS
