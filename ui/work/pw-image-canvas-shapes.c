/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <math.h>

#include "pw-image-canvas-private.h"

/* The shapes that are not being edited, as drawn into the pieces of the
 * view (pw-image-canvas-pieces.c): which shapes a piece meets comes from a
 * grid over the image (PwShapeIndex), never from looking at every shape,
 * and an outline is drawn with only the vertices a pixel apart. The same
 * index finds the shape under the pointer. Edits reach the index and mark
 * for drawing again where the shapes they touched were and are. */

/* Vertices closer than this, in pixels, are drawn as one. */
#define SIMPLIFY_PIXELS 0.75
/* Image pixels around a piece's own, for the filter that scales them. */
#define SOURCE_BORDER 4

/* Thousands of shapes share a few labels: each colour is looked up and
 * parsed once per drawing. @colors maps the label strings, owned by the
 * shapes, to their colours. */
static GdkRGBA
cached_label_color (PwImageCanvas *self,
                    GHashTable    *colors,
                    const char    *label)
{
  GdkRGBA *color;

  if (label == NULL)
    return _pw_image_canvas_label_color (self, NULL);

  color = g_hash_table_lookup (colors, label);
  if (color == NULL)
    {
      color = g_new (GdkRGBA, 1);
      *color = _pw_image_canvas_label_color (self, label);
      g_hash_table_insert (colors, (gpointer) label, color);
    }
  return *color;
}

static void
ensure_index (PwImageCanvas *self)
{
  if (self->shape_index != NULL || self->annotation == NULL)
    return;

  self->shape_index = pw_shape_index_new (self->image_width > 0 ? self->image_width
                                          : pw_annotation_get_width (self->annotation),
                                          self->image_height > 0 ? self->image_height
                                          : pw_annotation_get_height (self->annotation));
  pw_shape_index_set_shapes (self->shape_index, pw_annotation_get_shapes (self->annotation));
}

/* Marks for drawing again where the index last knew the shape. */
static void
invalidate_indexed (PwImageCanvas *self,
                    const char    *shape_id)
{
  PwRect bounds;

  if (self->shape_index != NULL
      && pw_shape_index_get_bounds (self->shape_index, shape_id, &bounds))
    _pw_image_canvas_invalidate_rect (self, &bounds);
}

/**
 * _pw_image_canvas_invalidate_shape:
 * @shape_id: (nullable): a shape that changed, was added or removed
 *
 * Marks for drawing again where the shape was drawn last and where it is
 * now.
 */
void
_pw_image_canvas_invalidate_shape (PwImageCanvas *self,
                                   const char    *shape_id)
{
  PwShape *shape;
  PwRect bounds;

  if (shape_id == NULL)
    return;

  gtk_widget_queue_draw (GTK_WIDGET (self));
  invalidate_indexed (self, shape_id);
  shape = self->annotation != NULL ? pw_annotation_lookup_shape (self->annotation, shape_id) : NULL;
  if (shape != NULL)
    {
      pw_shape_get_bounds (shape, &bounds);
      _pw_image_canvas_invalidate_rect (self, &bounds);
    }
}

/**
 * _pw_image_canvas_shape_changed:
 * @shape_id: a shape of the annotation that was added, removed or replaced
 *
 * Follows an edit: the index learns where the shape is now, and the pieces
 * draw again where it was and where it is.
 */
void
_pw_image_canvas_shape_changed (PwImageCanvas *self,
                                const char    *shape_id)
{
  if (shape_id == NULL)
    return;

  invalidate_indexed (self, shape_id);
  if (self->shape_index != NULL)
    pw_shape_index_update (self->shape_index, pw_annotation_get_shapes (self->annotation),
                           shape_id);
  _pw_image_canvas_invalidate_shape (self, shape_id);
}

/**
 * _pw_image_canvas_forget_shapes:
 *
 * Drops the index of the shapes and every drawn piece, after the
 * annotation or the image's size changed; they are made again when next
 * drawn.
 */
void
_pw_image_canvas_forget_shapes (PwImageCanvas *self)
{
  g_clear_pointer (&self->shape_index, pw_shape_index_free);
  /* The pieces show other shapes: none may stand in for the new ones. */
  _pw_image_canvas_drop_pieces (self);
}

/**
 * _pw_image_canvas_shape_at:
 * @ix: the pointer's x in image pixels
 * @iy: the pointer's y in image pixels
 * @tolerance: see pw_geometry_hit_test()
 * @hit: (out) (optional): what was hit
 *
 * pw_geometry_shape_at() over the annotation's shapes, asking only those
 * the index finds near the point: anything a shape can be hit by lies
 * within its bounds and @tolerance.
 *
 * Returns: (transfer none) (nullable): the topmost shape there
 */
PwShape *
_pw_image_canvas_shape_at (PwImageCanvas *self,
                           double         ix,
                           double         iy,
                           double         tolerance,
                           PwHit         *hit)
{
  g_autoptr (GPtrArray) near = NULL;
  PwRect area = { ix - tolerance, iy - tolerance, 2 * tolerance, 2 * tolerance };
  PwShape *shape;

  if (hit != NULL)
    *hit = (PwHit) { PW_HIT_NONE, 0, 0 };
  ensure_index (self);
  if (self->shape_index == NULL)
    return NULL;

  near = pw_shape_index_query (self->shape_index, &area);
  shape = pw_geometry_shape_at (near, ix, iy, tolerance, hit);
  /* The index holds the shapes as the annotation does; the annotation's
   * own is returned all the same. */
  return shape != NULL ? pw_annotation_lookup_shape (self->annotation, pw_shape_get_id (shape))
                       : NULL;
}

/* Traces a shape, leaving out the vertices within @tolerance of the last
 * one kept: at a small zoom a polygon of many vertices is a few pixels
 * wide, and each vertex costs cairo's stroker a join. */
static void
trace_simplified (cairo_t       *cr,
                  const PwShape *shape,
                  double         tolerance)
{
  const PwPoint *points;
  guint n_points;
  PwPoint last;

  if (pw_shape_get_shape_type (shape) != PW_SHAPE_POLYGON)
    {
      _pw_image_canvas_trace_shape (cr, shape);
      return;
    }

  points = pw_shape_get_points (shape, &n_points);
  if (n_points == 0)
    return;

  cairo_move_to (cr, points[0].x, points[0].y);
  last = points[0];
  for (guint i = 1; i < n_points; i++)
    {
      double dx = points[i].x - last.x;
      double dy = points[i].y - last.y;

      if (dx * dx + dy * dy < tolerance * tolerance)
        continue;
      cairo_line_to (cr, points[i].x, points[i].y);
      last = points[i];
    }
  cairo_close_path (cr);
}

/* Draws the shapes whose bounds meet @area (image coordinates) with @cr,
 * which is set up for image coordinates. */
static void
draw_shapes (PwImageCanvas         *self,
             cairo_t               *cr,
             const graphene_rect_t *area)
{
  g_autoptr (GHashTable) colors = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  g_autoptr (GPtrArray) shapes = NULL;
  PwRect rect = { area->origin.x, area->origin.y, area->size.width, area->size.height };

  ensure_index (self);
  if (self->shape_index == NULL)
    return;
  shapes = pw_shape_index_query (self->shape_index, &rect);

  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_width (cr, 2.0 / self->pieces.scale);

  for (guint i = 0; i < shapes->len; i++)
    {
      const PwShape *shape = g_ptr_array_index (shapes, i);
      GdkRGBA color;

      if (g_strcmp0 (pw_shape_get_id (shape), self->selected) == 0)
        continue;

      color = cached_label_color (self, colors, pw_shape_get_label (shape));
      cairo_new_path (cr);
      trace_simplified (cr, shape, SIMPLIFY_PIXELS / self->pieces.scale);
      cairo_set_source_rgba (cr, color.red, color.green, color.blue, 0.22);
      cairo_fill_preserve (cr);
      cairo_set_source_rgba (cr, color.red, color.green, color.blue, 0.95);
      cairo_stroke (cr);
    }
}

/**
 * _pw_image_canvas_can_composite:
 *
 * Returns: whether the image is drawn into the shapes' texture: when the
 *   shapes are shown over an opaque image
 */
/* Shapes shown, and some to show: an image without any is drawn as it
 * is, with no cache of the view to convert, fill and upload. */
gboolean
_pw_image_canvas_has_shapes (PwImageCanvas *self)
{
  return self->shapes_visible && self->annotation != NULL
         && pw_annotation_get_shapes (self->annotation)->len > 0;
}

gboolean
_pw_image_canvas_can_composite (PwImageCanvas *self)
{
  return _pw_image_canvas_has_shapes (self) && self->image != NULL
         && pw_image_get_format (self->image) == PW_IMAGE_FORMAT_RGB8;
}

/* Paints the image under @area of a piece, with @cr set up for image
 * coordinates: the pixels it covers of the image the view draws at this
 * zoom (the full one or its smaller copy), and a border for the filter,
 * converted for cairo. */
static void
paint_source (PwImageCanvas         *self,
              cairo_t               *cr,
              const graphene_rect_t *area)
{
  PwImage *image = pw_image_canvas_get_drawn_image (self);
  int width = pw_image_get_width (image);
  int height = pw_image_get_height (image);
  double to_source = (double) width / self->image_width;
  int x0 = CLAMP ((int) floor (area->origin.x * to_source) - SOURCE_BORDER, 0, width);
  int y0 = CLAMP ((int) floor (area->origin.y * to_source) - SOURCE_BORDER, 0, height);
  int x1 = CLAMP ((int) ceil ((area->origin.x + area->size.width) * to_source)
                  + SOURCE_BORDER, 0, width);
  int y1 = CLAMP ((int) ceil ((area->origin.y + area->size.height) * to_source)
                  + SOURCE_BORDER, 0, height);
  const guint8 *pixels = g_bytes_get_data (pw_image_get_pixels (image), NULL);
  gsize stride = pw_image_get_stride (image);
  int out_stride = cairo_format_stride_for_width (CAIRO_FORMAT_RGB24, MAX (x1 - x0, 1));
  cairo_surface_t *source;

  if (x1 <= x0 || y1 <= y0)
    return;

  if (self->source_size < (gsize) out_stride * (y1 - y0))
    {
      self->source_size = (gsize) out_stride * (y1 - y0);
      self->source_pixels = g_realloc (self->source_pixels, self->source_size);
    }
  for (int y = y0; y < y1; y++)
    {
      const guint8 *in = pixels + (gsize) y * stride + (gsize) x0 * 3;
      guint32 *row = (guint32 *) (gpointer) (self->source_pixels + (gsize) (y - y0) * out_stride);

      for (int x = 0; x < x1 - x0; x++, in += 3)
        row[x] = 0xff000000u | ((guint32) in[0] << 16) | ((guint32) in[1] << 8) | in[2];
    }
  source = cairo_image_surface_create_for_data (self->source_pixels, CAIRO_FORMAT_RGB24,
                                                x1 - x0, y1 - y0, out_stride);

  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, self->image_width, self->image_height);
  cairo_clip (cr);
  cairo_translate (cr, x0 / to_source, y0 / to_source);
  cairo_scale (cr, 1.0 / to_source, 1.0 / to_source);
  cairo_set_source_surface (cr, source, 0, 0);
  cairo_pattern_set_extend (cairo_get_source (cr), CAIRO_EXTEND_PAD);
  cairo_pattern_set_filter (cairo_get_source (cr),
                            self->pieces.scale / to_source < 1.0 ? CAIRO_FILTER_GOOD
                                                                 : CAIRO_FILTER_BILINEAR);
  cairo_paint (cr);
  cairo_restore (cr);
  cairo_surface_destroy (source);
}

/**
 * _pw_image_canvas_paint_region:
 * @region: pixels of @piece
 *
 * Draws the pixels of @region of @piece again, and nothing else: the image
 * under them where it is drawn into the pieces, and the shapes.
 */
void
_pw_image_canvas_paint_region (PwImageCanvas        *self,
                               PwPiece              *piece,
                               const cairo_region_t *region)
{
  double scale = self->pieces.scale;
  cairo_rectangle_int_t extents;
  graphene_rect_t area;
  cairo_t *cr;

  cr = cairo_create (piece->surface);
  for (int i = 0; i < cairo_region_num_rectangles (region); i++)
    {
      cairo_rectangle_int_t rect;

      cairo_region_get_rectangle (region, i, &rect);
      cairo_rectangle (cr, rect.x, rect.y, rect.width, rect.height);
    }
  cairo_clip (cr);
  cairo_region_get_extents (region, &extents);
  cairo_set_operator (cr, CAIRO_OPERATOR_CLEAR);
  cairo_paint (cr);
  cairo_set_operator (cr, CAIRO_OPERATOR_OVER);

  cairo_translate (cr, -piece->pixels.x, -piece->pixels.y);
  cairo_scale (cr, scale, scale);
  /* Every shape whose outline may reach into the area. */
  graphene_rect_init (&area,
                      (piece->pixels.x + extents.x - PW_IMAGE_CANVAS_STROKE_MARGIN) / scale,
                      (piece->pixels.y + extents.y - PW_IMAGE_CANVAS_STROKE_MARGIN) / scale,
                      (extents.width + 2 * PW_IMAGE_CANVAS_STROKE_MARGIN) / scale,
                      (extents.height + 2 * PW_IMAGE_CANVAS_STROKE_MARGIN) / scale);
  if (self->pieces.composited)
    paint_source (self, cr, &area);
  draw_shapes (self, cr, &area);
  cairo_destroy (cr);
}
