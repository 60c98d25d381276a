/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <math.h>

#include "pw-image-canvas-private.h"

/* The shapes that are not being edited, drawn once into a surface that
 * panning reuses. The surface covers the view and a margin around it; an
 * edit or a change of selection draws again only the area of the shapes it
 * touched, so a shape moved among thousands costs a small repaint, not a
 * full one. The surface reaches the renderer a texture pixel to a screen
 * pixel, without filtering (pw-image-canvas-texture.c), cut into tiles of
 * CACHE_TILE pixels (CACHE_TILE_ZOOMED from 100 %): an edit uploads only
 * the tiles it touched, tiles out of sight are not drawn, and those wholly
 * inside the widget are drawn without clipping, which costs a software
 * renderer much less per pixel.
 *
 * What the view shows is drawn first, a piece at a time from its middle,
 * for as long as a frame can spend on it; the image shows through where a
 * piece is not drawn yet, and the next frames draw the rest. The margin
 * around the view follows, a few pieces at a time while the main loop is
 * idle.
 * So a zoom step or the first frame of thousands of shapes costs a frame,
 * not their whole drawing. Which shapes a tile meets comes from a grid over
 * the image (PwShapeIndex), never from looking at every shape, and an
 * outline is drawn with only the vertices a pixel apart. */

#define CACHE_MAX_SIDE 4096
#define CACHE_TILE 256
#define CACHE_TILE_ZOOMED 512
/* The shapes are drawn in pieces of this many pixels a side, about a
 * millisecond's drawing for the densest view, so that a frame can stop in
 * time. */
#define CHUNK 128
/* What a frame spends drawing pieces of the view, beyond the first; and
 * what one idle turn spends on the margin. */
#define FRAME_BUDGET_US 6000
#define IDLE_BUDGET_US 4000
/* Vertices closer than this, in pixels, are drawn as one. */
#define SIMPLIFY_PIXELS 0.75
/* Half the outline, the round joins and the antialiasing, in pixels. */
#define STROKE_MARGIN 3

static gboolean
rect_contains (const graphene_rect_t *outer,
               const graphene_rect_t *inner)
{
  return inner->origin.x >= outer->origin.x && inner->origin.y >= outer->origin.y
         && inner->origin.x + inner->size.width <= outer->origin.x + outer->size.width
         && inner->origin.y + inner->size.height <= outer->origin.y + outer->size.height;
}

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

/* The cache pixels that a rectangle of the image covers, with the stroke. */
static void
image_to_cache (PwImageCanvas         *self,
                const PwRect          *rect,
                cairo_rectangle_int_t *pixels)
{
  double x0 = (rect->x - self->cache_rect.origin.x) * self->cache_scale;
  double y0 = (rect->y - self->cache_rect.origin.y) * self->cache_scale;
  double x1 = (rect->x + rect->w - self->cache_rect.origin.x) * self->cache_scale;
  double y1 = (rect->y + rect->h - self->cache_rect.origin.y) * self->cache_scale;

  pixels->x = (int) floor (x0) - STROKE_MARGIN;
  pixels->y = (int) floor (y0) - STROKE_MARGIN;
  pixels->width = (int) ceil (x1) + STROKE_MARGIN - pixels->x;
  pixels->height = (int) ceil (y1) + STROKE_MARGIN - pixels->y;
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

/* Marks the cache pixels of the shape as the index knows it. */
static void
invalidate_indexed (PwImageCanvas *self,
                    const char    *shape_id)
{
  cairo_rectangle_int_t pixels;
  PwRect bounds;

  if (self->shape_index != NULL
      && pw_shape_index_get_bounds (self->shape_index, shape_id, &bounds))
    {
      image_to_cache (self, &bounds, &pixels);
      cairo_region_union_rectangle (self->cache_dirty, &pixels);
    }
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
  cairo_rectangle_int_t pixels;

  if (shape_id == NULL)
    return;

  gtk_widget_queue_draw (GTK_WIDGET (self));
  if (!self->cache_valid || self->cache_surface == NULL)
    return;

  invalidate_indexed (self, shape_id);
  shape = self->annotation != NULL ? pw_annotation_lookup_shape (self->annotation, shape_id) : NULL;
  if (shape != NULL)
    {
      pw_shape_get_bounds (shape, &bounds);
      image_to_cache (self, &bounds, &pixels);
      cairo_region_union_rectangle (self->cache_dirty, &pixels);
    }
}

/**
 * _pw_image_canvas_shape_changed:
 * @shape_id: a shape of the annotation that was added, removed or replaced
 *
 * Follows an edit: the index learns where the shape is now, and the cache
 * draws again where it was and where it is.
 */
void
_pw_image_canvas_shape_changed (PwImageCanvas *self,
                                const char    *shape_id)
{
  if (shape_id == NULL)
    return;

  if (self->cache_valid && self->cache_surface != NULL)
    invalidate_indexed (self, shape_id);
  if (self->shape_index != NULL)
    pw_shape_index_update (self->shape_index, pw_annotation_get_shapes (self->annotation),
                           shape_id);
  _pw_image_canvas_invalidate_shape (self, shape_id);
}

/**
 * _pw_image_canvas_forget_shapes:
 *
 * Drops the index of the shapes, after the annotation or the image's size
 * changed; it is made again when next drawn.
 */
void
_pw_image_canvas_forget_shapes (PwImageCanvas *self)
{
  g_clear_pointer (&self->shape_index, pw_shape_index_free);
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
  cairo_set_line_width (cr, 2.0 / self->cache_scale);

  for (guint i = 0; i < shapes->len; i++)
    {
      const PwShape *shape = g_ptr_array_index (shapes, i);
      GdkRGBA color;

      if (g_strcmp0 (pw_shape_get_id (shape), self->selected) == 0)
        continue;

      color = cached_label_color (self, colors, pw_shape_get_label (shape));
      cairo_new_path (cr);
      trace_simplified (cr, shape, SIMPLIFY_PIXELS / self->cache_scale);
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

/* Makes a surface cairo can read for the part of the image under @area,
 * from the image the view draws at this zoom (the full one or its smaller
 * copy). Its pixels are converted as the pieces of the cache that need
 * them are drawn (ensure_source), not all at once. */
static void
make_source (PwImageCanvas         *self,
             const graphene_rect_t *area)
{
  PwImage *image = pw_image_canvas_get_drawn_image (self);
  int width = pw_image_get_width (image);
  int height = pw_image_get_height (image);
  double to_source = (double) width / self->image_width;
  int x0 = CLAMP ((int) floor (area->origin.x * to_source) - 1, 0, width);
  int y0 = CLAMP ((int) floor (area->origin.y * to_source) - 1, 0, height);
  int x1 = CLAMP ((int) ceil ((area->origin.x + area->size.width) * to_source) + 1, 0, width);
  int y1 = CLAMP ((int) ceil ((area->origin.y + area->size.height) * to_source) + 1, 0, height);

  g_clear_pointer (&self->cache_source, cairo_surface_destroy);
  g_clear_pointer (&self->cache_source_done, cairo_region_destroy);
  self->cache_source = cairo_image_surface_create (CAIRO_FORMAT_RGB24, MAX (x1 - x0, 1),
                                                   MAX (y1 - y0, 1));
  self->cache_source_done = cairo_region_create ();
  g_clear_pointer (&self->cache_source_image, pw_image_unref);
  self->cache_source_image = pw_image_ref (image);
  self->cache_source_x = x0;
  self->cache_source_y = y0;
  graphene_rect_init (&self->cache_source_rect, x0 / to_source, y0 / to_source,
                      (x1 - x0) / to_source, (y1 - y0) / to_source);
}

/* Converts the pixels of the source under @area (image coordinates) that
 * are not converted yet. */
static void
ensure_source (PwImageCanvas         *self,
               const graphene_rect_t *area)
{
  PwImage *image = self->cache_source_image;
  double to_source = (double) pw_image_get_width (image) / self->image_width;
  int width = cairo_image_surface_get_width (self->cache_source);
  int height = cairo_image_surface_get_height (self->cache_source);
  int x0 = (int) floor (area->origin.x * to_source) - 2 - self->cache_source_x;
  int y0 = (int) floor (area->origin.y * to_source) - 2 - self->cache_source_y;
  int x1 = (int) ceil ((area->origin.x + area->size.width) * to_source) + 2 - self->cache_source_x;
  int y1 = (int) ceil ((area->origin.y + area->size.height) * to_source) + 2 - self->cache_source_y;
  cairo_rectangle_int_t want = { CLAMP (x0, 0, width), CLAMP (y0, 0, height), 0, 0 };
  const guint8 *pixels = g_bytes_get_data (pw_image_get_pixels (image), NULL);
  gsize stride = pw_image_get_stride (image);
  cairo_region_t *missing;
  guint8 *out;
  int out_stride;

  want.width = CLAMP (x1, 0, width) - want.x;
  want.height = CLAMP (y1, 0, height) - want.y;
  missing = cairo_region_create_rectangle (&want);
  cairo_region_subtract (missing, self->cache_source_done);
  if (cairo_region_is_empty (missing))
    {
      cairo_region_destroy (missing);
      return;
    }

  cairo_surface_flush (self->cache_source);
  out = cairo_image_surface_get_data (self->cache_source);
  out_stride = cairo_image_surface_get_stride (self->cache_source);
  for (int i = 0; i < cairo_region_num_rectangles (missing); i++)
    {
      cairo_rectangle_int_t rect;

      cairo_region_get_rectangle (missing, i, &rect);
      for (int y = rect.y; y < rect.y + rect.height; y++)
        {
          const guint8 *in = pixels + (gsize) (y + self->cache_source_y) * stride
                             + (gsize) (rect.x + self->cache_source_x) * 3;
          guint32 *row = (guint32 *) (gpointer) (out + (gsize) y * out_stride) + rect.x;

          for (int x = 0; x < rect.width; x++, in += 3)
            row[x] = 0xff000000u | ((guint32) in[0] << 16) | ((guint32) in[1] << 8) | in[2];
        }
    }
  cairo_surface_mark_dirty (self->cache_source);
  cairo_region_union (self->cache_source_done, missing);
  cairo_region_destroy (missing);
}

/* Paints the image under the shapes, with @cr set up for image coordinates. */
static void
paint_source (PwImageCanvas *self,
              cairo_t       *cr)
{
  double scale = self->cache_source_rect.size.width
                 / cairo_image_surface_get_width (self->cache_source);

  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, self->image_width, self->image_height);
  cairo_clip (cr);
  cairo_translate (cr, self->cache_source_rect.origin.x, self->cache_source_rect.origin.y);
  cairo_scale (cr, scale, scale);
  cairo_set_source_surface (cr, self->cache_source, 0, 0);
  cairo_pattern_set_filter (cairo_get_source (cr),
                            self->cache_scale * scale < 1.0 ? CAIRO_FILTER_GOOD : CAIRO_FILTER_BILINEAR);
  cairo_paint (cr);
  cairo_restore (cr);
}

static int
tile_side (PwImageCanvas *self)
{
  /* Zoomed in, the draws of many small tiles cost GTK 4.8's GL renderer on
   * llvmpipe more than their clipping saves. */
  return self->cache_scale >= 1.0 ? CACHE_TILE_ZOOMED : CACHE_TILE;
}

static void
unref_texture (gpointer texture)
{
  if (texture != NULL)
    g_object_unref (texture);
}

/* Cuts the cache surface into tiles, none of them made yet. */
static void
layout_tiles (PwImageCanvas *self)
{
  PwTiles *tiles = &self->cache_tiles;
  int width = cairo_image_surface_get_width (self->cache_surface);
  int height = cairo_image_surface_get_height (self->cache_surface);
  int side = tile_side (self);

  if (tiles->textures == NULL)
    {
      tiles->textures = g_ptr_array_new_with_free_func (unref_texture);
      tiles->rects = g_array_new (FALSE, FALSE, sizeof (graphene_rect_t));
    }
  g_ptr_array_set_size (tiles->textures, 0);
  g_array_set_size (tiles->rects, 0);

  for (int y = 0; y < height; y += side)
    for (int x = 0; x < width; x += side)
      {
        graphene_rect_t rect;

        graphene_rect_init (&rect,
                            self->cache_rect.origin.x + x / self->cache_scale,
                            self->cache_rect.origin.y + y / self->cache_scale,
                            MIN (side, width - x) / self->cache_scale,
                            MIN (side, height - y) / self->cache_scale);
        g_ptr_array_add (tiles->textures, NULL);
        g_array_append_val (tiles->rects, rect);
      }
}

/* Makes again the tiles that meet @dirty, from the cache surface. */
static void
update_textures (PwImageCanvas        *self,
                 const cairo_region_t *dirty)
{
  PwTiles *tiles = &self->cache_tiles;
  int width = cairo_image_surface_get_width (self->cache_surface);
  int height = cairo_image_surface_get_height (self->cache_surface);
  int stride = cairo_image_surface_get_stride (self->cache_surface);
  int side = tile_side (self);
  const guint8 *data;
  guint i = 0;

  cairo_surface_flush (self->cache_surface);
  data = cairo_image_surface_get_data (self->cache_surface);

  for (int y = 0; y < height; y += side)
    for (int x = 0; x < width; x += side, i++)
      {
        cairo_rectangle_int_t pixels = { x, y, MIN (side, width - x), MIN (side, height - y) };

        if (cairo_region_contains_rectangle (dirty, &pixels) == CAIRO_REGION_OVERLAP_OUT)
          continue;

        unref_texture (g_ptr_array_index (tiles->textures, i));
        g_ptr_array_index (tiles->textures, i) =
          _pw_image_canvas_make_pixel_texture (self,
                                               data + (gsize) y * stride + (gsize) x * 4,
                                               pixels.width, pixels.height, stride);
      }
}

/* Draws the cache pixels of @region again, without making the tiles. */
static void
paint_region (PwImageCanvas        *self,
              const cairo_region_t *region)
{
  cairo_rectangle_int_t extents;
  graphene_rect_t area;
  cairo_t *cr;

  if (cairo_region_is_empty (region))
    return;

  cairo_region_get_extents (region, &extents);
  cr = cairo_create (self->cache_surface);
  for (int i = 0; i < cairo_region_num_rectangles (region); i++)
    {
      cairo_rectangle_int_t rect;

      cairo_region_get_rectangle (region, i, &rect);
      cairo_rectangle (cr, rect.x, rect.y, rect.width, rect.height);
    }
  cairo_clip (cr);
  cairo_set_operator (cr, CAIRO_OPERATOR_CLEAR);
  cairo_paint (cr);
  cairo_set_operator (cr, CAIRO_OPERATOR_OVER);

  cairo_scale (cr, self->cache_scale, self->cache_scale);
  cairo_translate (cr, -self->cache_rect.origin.x, -self->cache_rect.origin.y);
  /* Every shape whose outline may reach into the area. */
  graphene_rect_init (&area,
                      self->cache_rect.origin.x + (extents.x - STROKE_MARGIN) / self->cache_scale,
                      self->cache_rect.origin.y + (extents.y - STROKE_MARGIN) / self->cache_scale,
                      (extents.width + 2 * STROKE_MARGIN) / self->cache_scale,
                      (extents.height + 2 * STROKE_MARGIN) / self->cache_scale);
  if (self->cache_composited)
    {
      ensure_source (self, &area);
      paint_source (self, cr);
    }
  draw_shapes (self, cr, &area);
  cairo_destroy (cr);
}

/* Draws the cache pixels of @region again, and the tiles they are in. */
static void
redraw (PwImageCanvas        *self,
        const cairo_region_t *region)
{
  if (cairo_region_is_empty (region))
    return;

  paint_region (self, region);
  update_textures (self, region);
}

/* The cache pixels that the widget shows, widened to whole tiles. */
static cairo_region_t *
view_tiles (PwImageCanvas *self)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));
  double to_cache = self->cache_scale / self->scale;
  int side = tile_side (self);
  /* The cache's first pixel, in widget pixels. */
  double x0 = self->cache_rect.origin.x * self->scale + self->tx;
  double y0 = self->cache_rect.origin.y * self->scale + self->ty;
  int left = (int) floor (-x0 * to_cache);
  int top = (int) floor (-y0 * to_cache);
  int right = (int) ceil ((width - x0) * to_cache) + 1;
  int bottom = (int) ceil ((height - y0) * to_cache) + 1;
  cairo_rectangle_int_t view, cache = {
    0, 0, cairo_image_surface_get_width (self->cache_surface),
    cairo_image_surface_get_height (self->cache_surface),
  };
  cairo_region_t *region = cairo_region_create_rectangle (&cache);

  left = MAX (left, 0) / side * side;
  top = MAX (top, 0) / side * side;
  view = (cairo_rectangle_int_t) { left, top, MAX (right - left, 0), MAX (bottom - top, 0) };
  view.width = (view.width + side - 1) / side * side;
  view.height = (view.height + side - 1) / side * side;
  cairo_region_intersect_rectangle (region, &view);
  return region;
}

/* Draws the piece of @pending nearest the middle of the view, without
 * making its tiles, and returns it, or %NULL when nothing is pending. */
static cairo_region_t *
paint_nearest_chunk (PwImageCanvas        *self,
                     const cairo_region_t *pending)
{
  cairo_rectangle_int_t extents, nearest = { 0 };
  double nearest_distance = G_MAXDOUBLE;
  double cx, cy;
  cairo_region_t *chunk;

  if (cairo_region_is_empty (pending))
    return NULL;

  cx = (gtk_widget_get_width (GTK_WIDGET (self)) / 2.0 - self->tx) / self->scale;
  cy = (gtk_widget_get_height (GTK_WIDGET (self)) / 2.0 - self->ty) / self->scale;
  cx = (cx - self->cache_rect.origin.x) * self->cache_scale;
  cy = (cy - self->cache_rect.origin.y) * self->cache_scale;
  cairo_region_get_extents (pending, &extents);
  for (int y = extents.y / CHUNK * CHUNK; y < extents.y + extents.height; y += CHUNK)
    for (int x = extents.x / CHUNK * CHUNK; x < extents.x + extents.width; x += CHUNK)
      {
        cairo_rectangle_int_t pixels = { x, y, CHUNK, CHUNK };
        double dx = x + CHUNK / 2.0 - cx;
        double dy = y + CHUNK / 2.0 - cy;

        if (dx * dx + dy * dy < nearest_distance
            && cairo_region_contains_rectangle (pending, &pixels) != CAIRO_REGION_OVERLAP_OUT)
          {
            nearest = pixels;
            nearest_distance = dx * dx + dy * dy;
          }
      }

  chunk = cairo_region_copy (pending);
  cairo_region_intersect_rectangle (chunk, &nearest);
  paint_region (self, chunk);
  cairo_region_subtract (self->cache_pending, chunk);
  return chunk;
}

/* Draws pieces of @pending, nearest the middle of the view first, until
 * @budget microseconds from @start are spent, at least one; then makes
 * their tiles. Returns whether all of @pending is drawn. */
static gboolean
paint_pending (PwImageCanvas        *self,
               const cairo_region_t *pending,
               gint64                start,
               gint64                budget)
{
  cairo_region_t *left = cairo_region_copy (pending);
  cairo_region_t *drawn = cairo_region_create ();
  gboolean complete;

  for (gboolean first = TRUE; first || g_get_monotonic_time () - start < budget; first = FALSE)
    {
      cairo_region_t *chunk = paint_nearest_chunk (self, left);

      if (chunk == NULL)
        break;
      cairo_region_subtract (left, chunk);
      cairo_region_union (drawn, chunk);
      cairo_region_destroy (chunk);
    }
  if (!cairo_region_is_empty (drawn))
    update_textures (self, drawn);
  complete = cairo_region_is_empty (left);
  cairo_region_destroy (drawn);
  cairo_region_destroy (left);

  return complete;
}

/* Draws what the view shows that is not drawn yet, for as long as a frame
 * may. Returns whether the view is drawn in full. */
static gboolean
draw_shown (PwImageCanvas *self,
            gint64         start)
{
  cairo_region_t *shown = view_tiles (self);
  gboolean complete;

  cairo_region_intersect (shown, self->cache_pending);
  complete = cairo_region_is_empty (shown) || paint_pending (self, shown, start, FRAME_BUDGET_US);
  cairo_region_destroy (shown);

  return complete;
}

/* Draws while idle: what the view shows first, then the margin. */
static gboolean
fill_pending (gpointer user_data)
{
  PwImageCanvas *self = user_data;
  cairo_region_t *shown;

  if (!self->cache_valid || self->cache_surface == NULL || self->cache_pending == NULL
      || cairo_region_is_empty (self->cache_pending))
    {
      self->cache_fill_id = 0;
      return G_SOURCE_REMOVE;
    }

  shown = view_tiles (self);
  cairo_region_intersect (shown, self->cache_pending);
  if (!cairo_region_is_empty (shown))
    {
      paint_pending (self, shown, g_get_monotonic_time (), IDLE_BUDGET_US);
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
  else
    {
      paint_pending (self, self->cache_pending, g_get_monotonic_time (), IDLE_BUDGET_US);
    }
  cairo_region_destroy (shown);

  return G_SOURCE_CONTINUE;
}

static void
start_filling (PwImageCanvas *self)
{
  if (self->cache_fill_id == 0 && !cairo_region_is_empty (self->cache_pending))
    self->cache_fill_id = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, fill_pending, self, NULL);
}

/* Starts a cache over @area: nothing is drawn yet. */
static void
start_cache (PwImageCanvas         *self,
             const graphene_rect_t *area,
             double                 pixel_scale)
{
  int width = MAX (1, (int) ceil (area->size.width * pixel_scale));
  int height = MAX (1, (int) ceil (area->size.height * pixel_scale));
  cairo_rectangle_int_t all = { 0, 0, width, height };

  g_clear_pointer (&self->cache_surface, cairo_surface_destroy);
  self->cache_surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  /* Exactly the texture's size, so that it is drawn a pixel a pixel. */
  graphene_rect_init (&self->cache_rect, area->origin.x, area->origin.y,
                      width / pixel_scale, height / pixel_scale);
  self->cache_scale = pixel_scale;
  g_clear_pointer (&self->cache_dirty, cairo_region_destroy);
  self->cache_dirty = cairo_region_create ();
  g_clear_pointer (&self->cache_pending, cairo_region_destroy);
  self->cache_pending = cairo_region_create_rectangle (&all);

  self->cache_composited = _pw_image_canvas_can_composite (self);
  if (self->cache_composited)
    make_source (self, area);
  else
    g_clear_pointer (&self->cache_source, cairo_surface_destroy);

  layout_tiles (self);
  self->cache_valid = TRUE;
}

/**
 * _pw_image_canvas_get_view_complete:
 *
 * Returns: whether every shape the view shows is drawn
 */
gboolean
_pw_image_canvas_get_view_complete (PwImageCanvas *self)
{
  cairo_region_t *shown;
  gboolean complete;

  if (!self->cache_valid || self->cache_surface == NULL)
    return FALSE;

  shown = view_tiles (self);
  cairo_region_intersect (shown, self->cache_pending);
  complete = cairo_region_is_empty (shown);
  cairo_region_destroy (shown);

  return complete;
}

void
_pw_image_canvas_append_shapes (PwImageCanvas *self,
                                GtkSnapshot   *snapshot,
                                double         pixel_scale)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));
  gint64 start = g_get_monotonic_time ();
  graphene_rect_t image_rect, view, area;
  double margin_x, margin_y;

  graphene_rect_init (&image_rect, -4, -4, self->image_width + 8, self->image_height + 8);
  graphene_rect_init (&view, -self->tx / self->scale, -self->ty / self->scale,
                      width / self->scale, height / self->scale);
  if (!graphene_rect_intersection (&view, &image_rect, &view))
    graphene_rect_init (&view, 0, 0, 1, 1);

  if (self->cache_valid && self->cache_surface != NULL && self->cache_scale == pixel_scale
      && rect_contains (&self->cache_rect, &view)
      && self->cache_composited == _pw_image_canvas_can_composite (self))
    {
      /* An edit where nothing is drawn yet waits for its tile. */
      cairo_region_subtract (self->cache_dirty, self->cache_pending);
      if (!cairo_region_is_empty (self->cache_dirty))
        {
          redraw (self, self->cache_dirty);
          cairo_region_destroy (self->cache_dirty);
          self->cache_dirty = cairo_region_create ();
        }
    }
  else
    {
      /* A margin around the view, so that panning reuses the texture. */
      margin_x = MIN (view.size.width / 2,
                      MAX (0, CACHE_MAX_SIDE / pixel_scale - view.size.width) / 2);
      margin_y = MIN (view.size.height / 2,
                      MAX (0, CACHE_MAX_SIDE / pixel_scale - view.size.height) / 2);
      graphene_rect_inset_r (&view, -margin_x, -margin_y, &area);
      if (!graphene_rect_intersection (&area, &image_rect, &area))
        area = view;
      /* Start on a whole pixel of the texture, so that it lands on whole
       * screen pixels and is drawn without resampling. */
      {
        double x = floor ((area.origin.x * self->scale + self->tx) ) - self->tx;
        double y = floor ((area.origin.y * self->scale + self->ty) ) - self->ty;

        area.size.width += area.origin.x - x / self->scale;
        area.size.height += area.origin.y - y / self->scale;
        area.origin.x = x / self->scale;
        area.origin.y = y / self->scale;
      }
      start_cache (self, &area, pixel_scale);
    }

  /* Where the view is not drawn yet, the image shows through. */
  if (!draw_shown (self, start) && self->cache_composited)
    _pw_image_canvas_append_placeholder (self, snapshot);
  start_filling (self);

  graphene_rect_init (&view, -self->tx / self->scale, -self->ty / self->scale,
                      width / self->scale, height / self->scale);
  for (guint i = 0; i < self->cache_tiles.textures->len; i++)
    {
      const graphene_rect_t *rect = &g_array_index (self->cache_tiles.rects, graphene_rect_t, i);
      GdkTexture *texture = g_ptr_array_index (self->cache_tiles.textures, i);

      if (texture != NULL && graphene_rect_intersection (rect, &view, NULL))
        _pw_image_canvas_append_pixel_texture (snapshot, texture, rect);
    }
}

void
_pw_image_canvas_dispose_shapes (PwImageCanvas *self)
{
  g_clear_pointer (&self->cache_tiles.textures, g_ptr_array_unref);
  g_clear_pointer (&self->cache_tiles.rects, g_array_unref);
  g_clear_pointer (&self->cache_surface, cairo_surface_destroy);
  g_clear_pointer (&self->cache_source, cairo_surface_destroy);
  g_clear_pointer (&self->cache_source_done, cairo_region_destroy);
  g_clear_pointer (&self->cache_source_image, pw_image_unref);
  g_clear_pointer (&self->cache_dirty, cairo_region_destroy);
  g_clear_pointer (&self->cache_pending, cairo_region_destroy);
  g_clear_handle_id (&self->cache_fill_id, g_source_remove);
  g_clear_pointer (&self->shape_index, pw_shape_index_free);
}
