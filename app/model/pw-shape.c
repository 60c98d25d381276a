/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "pw-error.h"
#include "pw-json.h"
#include "pw-shape.h"

/* A shape is shared by reference between the annotation and its undo
 * history, so a shape held by an annotation is never changed in place:
 * whoever edits one copies it, changes the copy and hands it to
 * pw_annotation_replace_shape(). */

struct _PwShape
{
  gatomicrefcount ref_count;
  char *id;
  char *label;
  PwShapeType type;
  PwRect rect;
  double rotation;
  GArray *points;
};

G_DEFINE_BOXED_TYPE (PwShape, pw_shape, pw_shape_ref, pw_shape_unref)

static PwShape *
shape_alloc (const char  *id,
             const char  *label,
             PwShapeType  type)
{
  PwShape *self = g_new0 (PwShape, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->id = g_strdup (id);
  self->label = g_strdup (label);
  self->type = type;
  self->points = g_array_new (FALSE, FALSE, sizeof (PwPoint));
  return self;
}

/**
 * pw_shape_new_bbox:
 * @id: an id unique within its annotation
 * @label: (nullable): the label's name
 * @x: left edge
 * @y: top edge
 * @w: width; a negative width flips the box to its left
 * @h: height; a negative height flips the box upwards
 *
 * Returns: (transfer full): a new box
 */
PwShape *
pw_shape_new_bbox (const char *id,
                   const char *label,
                   double      x,
                   double      y,
                   double      w,
                   double      h)
{
  PwShape *self;
  PwRect rect = { x, y, w, h };

  g_return_val_if_fail (id != NULL, NULL);

  self = shape_alloc (id, label, PW_SHAPE_BBOX);
  pw_shape_set_rect (self, &rect);
  return self;
}

/**
 * pw_shape_new_polygon:
 * @id: an id unique within its annotation
 * @label: (nullable): the label's name
 * @points: (array length=n_points): the vertices, the first not repeated
 * @n_points: the number of vertices
 *
 * Returns: (transfer full): a new polygon
 */
PwShape *
pw_shape_new_polygon (const char    *id,
                      const char    *label,
                      const PwPoint *points,
                      guint          n_points)
{
  PwShape *self;

  g_return_val_if_fail (id != NULL, NULL);
  g_return_val_if_fail (points != NULL || n_points == 0, NULL);

  self = shape_alloc (id, label, PW_SHAPE_POLYGON);
  g_array_append_vals (self->points, points, n_points);
  return self;
}

PwShape *
pw_shape_ref (PwShape *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
pw_shape_unref (PwShape *self)
{
  g_return_if_fail (self != NULL);

  if (g_atomic_ref_count_dec (&self->ref_count))
    {
      g_free (self->id);
      g_free (self->label);
      g_array_unref (self->points);
      g_free (self);
    }
}

/**
 * pw_shape_copy:
 * @self: a shape
 *
 * Returns: (transfer full): a new shape equal to @self, free to change
 */
PwShape *
pw_shape_copy (const PwShape *self)
{
  PwShape *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = shape_alloc (self->id, self->label, self->type);
  copy->rect = self->rect;
  copy->rotation = self->rotation;
  g_array_append_vals (copy->points, self->points->data, self->points->len);
  return copy;
}

/**
 * pw_shape_equal:
 * @a: a shape
 * @b: another shape
 *
 * Returns: %TRUE when @a and @b have the same id, kind, label and geometry
 */
gboolean
pw_shape_equal (const PwShape *a,
                const PwShape *b)
{
  g_return_val_if_fail (a != NULL && b != NULL, FALSE);

  if (a == b)
    return TRUE;
  if (a->type != b->type
      || g_strcmp0 (a->id, b->id) != 0
      || g_strcmp0 (a->label, b->label) != 0)
    return FALSE;
  if (a->type == PW_SHAPE_BBOX)
    return a->rect.x == b->rect.x && a->rect.y == b->rect.y
           && a->rect.w == b->rect.w && a->rect.h == b->rect.h
           && a->rotation == b->rotation;
  if (a->points->len != b->points->len)
    return FALSE;
  for (guint i = 0; i < a->points->len; i++)
    {
      const PwPoint *p = &g_array_index (a->points, PwPoint, i);
      const PwPoint *q = &g_array_index (b->points, PwPoint, i);

      if (p->x != q->x || p->y != q->y)
        return FALSE;
    }
  return TRUE;
}

const char *
pw_shape_get_id (const PwShape *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->id;
}

/**
 * pw_shape_set_id:
 * @self: a shape not yet in an annotation
 * @id: its new id
 *
 * Used when shapes are pasted from another image, where ids may clash.
 */
void
pw_shape_set_id (PwShape    *self,
                 const char *id)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (id != NULL);

  g_free (self->id);
  self->id = g_strdup (id);
}

PwShapeType
pw_shape_get_shape_type (const PwShape *self)
{
  g_return_val_if_fail (self != NULL, PW_SHAPE_BBOX);
  return self->type;
}

const char *
pw_shape_get_label (const PwShape *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->label;
}

void
pw_shape_set_label (PwShape    *self,
                    const char *label)
{
  g_return_if_fail (self != NULL);

  if (label != NULL && *label == '\0')
    label = NULL;
  g_free (self->label);
  self->label = g_strdup (label);
}

/**
 * pw_shape_get_rect:
 * @self: a box
 * @rect: (out): its rectangle
 */
void
pw_shape_get_rect (const PwShape *self,
                   PwRect        *rect)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (self->type == PW_SHAPE_BBOX);

  *rect = self->rect;
}

/**
 * pw_shape_set_rect:
 * @self: a box
 * @rect: its new rectangle; negative sizes are flipped, so a resize handle
 *   dragged past the opposite edge keeps a valid box
 */
void
pw_shape_set_rect (PwShape      *self,
                   const PwRect *rect)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (self->type == PW_SHAPE_BBOX);

  self->rect.x = rect->w < 0 ? rect->x + rect->w : rect->x;
  self->rect.y = rect->h < 0 ? rect->y + rect->h : rect->y;
  self->rect.w = fabs (rect->w);
  self->rect.h = fabs (rect->h);
}

/* A box may be turned, as CVAT and Label Studio keep boxes: its rect is
 * the box before it is turned, and its rotation turns it clockwise (as
 * the image is shown, y growing down) about the rect's centre. A rotation
 * of exactly 0 is an axis-aligned box, computed without trigonometry, so
 * an unturned box keeps its coordinates to the last bit. */

/**
 * pw_shape_get_rotation:
 * @self: a shape
 *
 * Returns: how far a box is turned, in degrees clockwise about its
 *   centre, as it was set; 0 for an axis-aligned box and for polygons
 */
double
pw_shape_get_rotation (const PwShape *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->rotation;
}

/**
 * pw_shape_set_rotation:
 * @self: a box
 * @degrees: how far it is turned clockwise about its centre; kept as it
 *   is given (350 stays 350, not -10), so a platform's value goes back
 *   unchanged
 */
void
pw_shape_set_rotation (PwShape *self,
                       double   degrees)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (self->type == PW_SHAPE_BBOX);
  g_return_if_fail (isfinite (degrees));

  self->rotation = degrees == 0 ? 0 : degrees; /* no -0 */
}

static void
turn (const PwShape *self,
      double         sign,
      double        *x,
      double        *y)
{
  double cx, cy, radians, c, s, dx, dy;

  if (self->rotation == 0)
    return;
  cx = self->rect.x + self->rect.w / 2;
  cy = self->rect.y + self->rect.h / 2;
  radians = sign * self->rotation * G_PI / 180.0;
  c = cos (radians);
  s = sin (radians);
  dx = *x - cx;
  dy = *y - cy;
  *x = cx + dx * c - dy * s;
  *y = cy + dx * s + dy * c;
}

/**
 * pw_shape_to_box_frame:
 * @self: a box
 * @x: (inout): a point's x in the image, then in the box's own frame
 * @y: (inout): its y
 *
 * Turns a point of the image back by the box's rotation about its centre,
 * into the frame in which the box is its rect: a resize handle dragged
 * there resizes a turned box along its own sides.
 */
void
pw_shape_to_box_frame (const PwShape *self,
                       double        *x,
                       double        *y)
{
  g_return_if_fail (self != NULL && x != NULL && y != NULL);
  turn (self, -1, x, y);
}

/**
 * pw_shape_from_box_frame:
 * @self: a box
 * @x: (inout): a point's x in the box's own frame, then in the image
 * @y: (inout): its y
 *
 * The inverse of pw_shape_to_box_frame().
 */
void
pw_shape_from_box_frame (const PwShape *self,
                         double        *x,
                         double        *y)
{
  g_return_if_fail (self != NULL && x != NULL && y != NULL);
  turn (self, 1, x, y);
}

/**
 * pw_shape_get_corners:
 * @self: a box
 * @corners: (out caller-allocates) (array fixed-size=4): its corners in the
 *   image: top left, top right, bottom right and bottom left of the box
 *   before it is turned
 */
void
pw_shape_get_corners (const PwShape *self,
                      PwPoint        corners[4])
{
  const PwRect *r;

  g_return_if_fail (self != NULL);
  g_return_if_fail (self->type == PW_SHAPE_BBOX);

  r = &self->rect;
  corners[0] = (PwPoint) { r->x, r->y };
  corners[1] = (PwPoint) { r->x + r->w, r->y };
  corners[2] = (PwPoint) { r->x + r->w, r->y + r->h };
  corners[3] = (PwPoint) { r->x, r->y + r->h };
  for (guint i = 0; i < 4; i++)
    turn (self, 1, &corners[i].x, &corners[i].y);
}

/**
 * pw_shape_outline:
 * @self: a shape
 *
 * The shape as a polygon, with its id and label: a box's four corners as
 * they are turned. For formats that have no turned box (labelme, COCO,
 * Pascal VOC, YOLO), which so keep where it is rather than lose its turn.
 *
 * Returns: (transfer full): a new polygon
 */
PwShape *
pw_shape_outline (const PwShape *self)
{
  PwPoint corners[4];

  g_return_val_if_fail (self != NULL, NULL);

  if (self->type == PW_SHAPE_POLYGON)
    return pw_shape_copy (self);
  pw_shape_get_corners (self, corners);
  return pw_shape_new_polygon (self->id, self->label, corners, 4);
}

/**
 * pw_shape_get_points:
 * @self: a polygon
 * @n_points: (out): the number of vertices
 *
 * Returns: (transfer none) (array length=n_points): the vertices
 */
const PwPoint *
pw_shape_get_points (const PwShape *self,
                     guint         *n_points)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (n_points != NULL, NULL);

  *n_points = self->points->len;
  return (const PwPoint *) self->points->data;
}

void
pw_shape_set_point (PwShape *self,
                    guint    index,
                    double   x,
                    double   y)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (self->type == PW_SHAPE_POLYGON);
  g_return_if_fail (index < self->points->len);

  g_array_index (self->points, PwPoint, index) = (PwPoint) { x, y };
}

/**
 * pw_shape_insert_point:
 * @self: a polygon
 * @index: where the new vertex goes; inserting on edge i is index i + 1
 * @x: its x
 * @y: its y
 */
void
pw_shape_insert_point (PwShape *self,
                       guint    index,
                       double   x,
                       double   y)
{
  PwPoint point = { x, y };

  g_return_if_fail (self != NULL);
  g_return_if_fail (self->type == PW_SHAPE_POLYGON);
  g_return_if_fail (index <= self->points->len);

  g_array_insert_val (self->points, index, point);
}

void
pw_shape_remove_point (PwShape *self,
                       guint    index)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (self->type == PW_SHAPE_POLYGON);
  g_return_if_fail (index < self->points->len);

  g_array_remove_index (self->points, index);
}

/**
 * pw_shape_get_bounds:
 * @self: a shape
 * @bounds: (out): the smallest box holding it
 */
void
pw_shape_get_bounds (const PwShape *self,
                     PwRect        *bounds)
{
  double x0 = 0, y0 = 0, x1 = 0, y1 = 0;

  g_return_if_fail (self != NULL);

  if (self->type == PW_SHAPE_BBOX && self->rotation == 0)
    {
      *bounds = self->rect;
      return;
    }
  if (self->type == PW_SHAPE_BBOX)
    {
      PwPoint corners[4];

      pw_shape_get_corners (self, corners);
      x0 = x1 = corners[0].x;
      y0 = y1 = corners[0].y;
      for (guint i = 1; i < 4; i++)
        {
          x0 = MIN (x0, corners[i].x);
          y0 = MIN (y0, corners[i].y);
          x1 = MAX (x1, corners[i].x);
          y1 = MAX (y1, corners[i].y);
        }
      *bounds = (PwRect) { x0, y0, x1 - x0, y1 - y0 };
      return;
    }

  for (guint i = 0; i < self->points->len; i++)
    {
      const PwPoint *p = &g_array_index (self->points, PwPoint, i);

      x0 = i == 0 ? p->x : MIN (x0, p->x);
      y0 = i == 0 ? p->y : MIN (y0, p->y);
      x1 = i == 0 ? p->x : MAX (x1, p->x);
      y1 = i == 0 ? p->y : MAX (y1, p->y);
    }
  *bounds = (PwRect) { x0, y0, x1 - x0, y1 - y0 };
}

void
pw_shape_translate (PwShape *self,
                    double   dx,
                    double   dy)
{
  g_return_if_fail (self != NULL);

  self->rect.x += dx;
  self->rect.y += dy;
  for (guint i = 0; i < self->points->len; i++)
    {
      g_array_index (self->points, PwPoint, i).x += dx;
      g_array_index (self->points, PwPoint, i).y += dy;
    }
}

/**
 * pw_shape_clamp_to_image:
 * @self: a shape
 * @width: the oriented image's width
 * @height: the oriented image's height
 *
 * Cuts a box to the image and moves polygon vertices onto its border, so a
 * drag that ends outside the image still leaves a shape that passes checks.
 * A turned box is left whole: cutting its rect would change where it is,
 * and checks point out one that reaches outside.
 */
void
pw_shape_clamp_to_image (PwShape *self,
                         double   width,
                         double   height)
{
  g_return_if_fail (self != NULL);

  if (self->type == PW_SHAPE_BBOX && self->rotation != 0)
    return;
  if (self->type == PW_SHAPE_BBOX)
    {
      double x0 = CLAMP (self->rect.x, 0, width);
      double y0 = CLAMP (self->rect.y, 0, height);
      double x1 = CLAMP (self->rect.x + self->rect.w, 0, width);
      double y1 = CLAMP (self->rect.y + self->rect.h, 0, height);

      self->rect = (PwRect) { x0, y0, x1 - x0, y1 - y0 };
      return;
    }

  for (guint i = 0; i < self->points->len; i++)
    {
      PwPoint *p = &g_array_index (self->points, PwPoint, i);

      p->x = CLAMP (p->x, 0, width);
      p->y = CLAMP (p->y, 0, height);
    }
}
