/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <math.h>

#include "pw-image-canvas-private.h"

/* The shapes that are not being edited, drawn once into a surface that
 * panning reuses. The surface covers the view and a margin around it; an
 * edit or a change of selection draws again only the area of the shapes it
 * touched, so a shape moved among thousands costs a small repaint, not a
 * full one. The surface reaches the renderer a texture pixel to a screen
 * pixel, without filtering (pw-image-canvas-texture.c). Below 100 % it is
 * cut into tiles of CACHE_TILE pixels: an edit uploads only the tiles it
 * touched, tiles out of sight are not drawn, and those wholly inside the
 * widget are drawn without clipping, which costs a software renderer much
 * less per pixel. */

#define CACHE_MAX_SIDE 4096
#define CACHE_TILE 256
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
  PwRect *drawn;
  PwRect bounds;
  cairo_rectangle_int_t pixels;

  if (shape_id == NULL)
    return;

  gtk_widget_queue_draw (GTK_WIDGET (self));
  if (!self->cache_valid || self->cache_surface == NULL)
    return;

  drawn = g_hash_table_lookup (self->cache_bounds, shape_id);
  if (drawn != NULL)
    {
      image_to_cache (self, drawn, &pixels);
      cairo_region_union_rectangle (self->cache_dirty, &pixels);
      g_hash_table_remove (self->cache_bounds, shape_id);
    }

  shape = self->annotation != NULL ? pw_annotation_lookup_shape (self->annotation, shape_id) : NULL;
  if (shape != NULL)
    {
      pw_shape_get_bounds (shape, &bounds);
      image_to_cache (self, &bounds, &pixels);
      cairo_region_union_rectangle (self->cache_dirty, &pixels);
    }
}

/* Draws the shapes whose bounds meet @area (image coordinates) with @cr,
 * which is set up for image coordinates, and records where each went. */
static void
draw_shapes (PwImageCanvas         *self,
             cairo_t               *cr,
             const graphene_rect_t *area)
{
  g_autoptr (GHashTable) colors = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  GPtrArray *shapes = pw_annotation_get_shapes (self->annotation);

  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_width (cr, 2.0 / self->cache_scale);

  for (guint i = 0; i < shapes->len; i++)
    {
      const PwShape *shape = g_ptr_array_index (shapes, i);
      GdkRGBA color;
      PwRect bounds;

      if (g_strcmp0 (pw_shape_get_id (shape), self->selected) == 0)
        continue;

      pw_shape_get_bounds (shape, &bounds);
      if (bounds.x > area->origin.x + area->size.width || bounds.x + bounds.w < area->origin.x
          || bounds.y > area->origin.y + area->size.height || bounds.y + bounds.h < area->origin.y)
        continue;

      g_hash_table_replace (self->cache_bounds, g_strdup (pw_shape_get_id (shape)),
                            g_memdup2 (&bounds, sizeof bounds));

      color = cached_label_color (self, colors, pw_shape_get_label (shape));
      cairo_new_path (cr);
      _pw_image_canvas_trace_shape (cr, shape);
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
gboolean
_pw_image_canvas_can_composite (PwImageCanvas *self)
{
  return self->shapes_visible && self->annotation != NULL && self->image != NULL
         && pw_image_get_format (self->image) == PW_IMAGE_FORMAT_RGB8;
}

/* Converts the part of the image under @area to a surface cairo can read,
 * from the image the view draws at this zoom (the full one or its smaller
 * copy), so that only what is needed is converted. */
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
  const guint8 *pixels = g_bytes_get_data (pw_image_get_pixels (image), NULL);
  gsize stride = pw_image_get_stride (image);
  guint8 *out;
  int out_stride;

  g_clear_pointer (&self->cache_source, cairo_surface_destroy);
  self->cache_source = cairo_image_surface_create (CAIRO_FORMAT_RGB24, MAX (x1 - x0, 1),
                                                   MAX (y1 - y0, 1));
  out = cairo_image_surface_get_data (self->cache_source);
  out_stride = cairo_image_surface_get_stride (self->cache_source);

  for (int y = y0; y < y1; y++)
    {
      const guint8 *in = pixels + (gsize) y * stride + (gsize) x0 * 3;
      guint32 *row = (guint32 *) (gpointer) (out + (gsize) (y - y0) * out_stride);

      for (int x = 0; x < x1 - x0; x++, in += 3)
        row[x] = 0xff000000u | ((guint32) in[0] << 16) | ((guint32) in[1] << 8) | in[2];
    }
  cairo_surface_mark_dirty (self->cache_source);

  graphene_rect_init (&self->cache_source_rect, x0 / to_source, y0 / to_source,
                      (x1 - x0) / to_source, (y1 - y0) / to_source);
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

/* Cuts the cache surface into tiles, making again only those that meet
 * @dirty, or all of them when @dirty is %NULL. */
static void
update_textures (PwImageCanvas        *self,
                 const cairo_region_t *dirty)
{
  PwTiles *tiles = &self->cache_tiles;
  int width = cairo_image_surface_get_width (self->cache_surface);
  int height = cairo_image_surface_get_height (self->cache_surface);
  int stride = cairo_image_surface_get_stride (self->cache_surface);
  /* Zoomed in, the draws of many tiles cost GTK 4.8's GL renderer on
   * llvmpipe more than their clipping saves: one texture is quicker. */
  int side = self->cache_scale >= 1.0 ? CACHE_MAX_SIDE : CACHE_TILE;
  const guint8 *data;
  guint i = 0;

  cairo_surface_flush (self->cache_surface);
  data = cairo_image_surface_get_data (self->cache_surface);

  if (tiles->textures == NULL)
    {
      tiles->textures = g_ptr_array_new_with_free_func (g_object_unref);
      tiles->rects = g_array_new (FALSE, FALSE, sizeof (graphene_rect_t));
    }
  if (dirty == NULL)
    {
      g_ptr_array_set_size (tiles->textures, 0);
      g_array_set_size (tiles->rects, 0);
    }

  for (int y = 0; y < height; y += side)
    for (int x = 0; x < width; x += side, i++)
      {
        cairo_rectangle_int_t pixels = { x, y, MIN (side, width - x), MIN (side, height - y) };
        GdkTexture *texture;

        if (dirty != NULL
            && cairo_region_contains_rectangle (dirty, &pixels) == CAIRO_REGION_OVERLAP_OUT)
          continue;

        texture = _pw_image_canvas_make_pixel_texture (self,
                                                       data + (gsize) y * stride + (gsize) x * 4,
                                                       pixels.width, pixels.height, stride);

        if (dirty == NULL)
          {
            graphene_rect_t rect;

            graphene_rect_init (&rect,
                                self->cache_rect.origin.x + x / self->cache_scale,
                                self->cache_rect.origin.y + y / self->cache_scale,
                                pixels.width / self->cache_scale,
                                pixels.height / self->cache_scale);
            g_ptr_array_add (tiles->textures, texture);
            g_array_append_val (tiles->rects, rect);
          }
        else
          {
            g_object_unref (g_ptr_array_index (tiles->textures, i));
            g_ptr_array_index (tiles->textures, i) = texture;
          }
      }
}

static void
render_all (PwImageCanvas         *self,
            const graphene_rect_t *area,
            double                 pixel_scale)
{
  int width = MAX (1, (int) ceil (area->size.width * pixel_scale));
  int height = MAX (1, (int) ceil (area->size.height * pixel_scale));
  cairo_t *cr;

  g_clear_pointer (&self->cache_surface, cairo_surface_destroy);
  self->cache_surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  /* Exactly the texture's size, so that it is drawn a pixel a pixel. */
  graphene_rect_init (&self->cache_rect, area->origin.x, area->origin.y,
                      width / pixel_scale, height / pixel_scale);
  self->cache_scale = pixel_scale;
  g_hash_table_remove_all (self->cache_bounds);
  g_clear_pointer (&self->cache_dirty, cairo_region_destroy);
  self->cache_dirty = cairo_region_create ();

  self->cache_composited = _pw_image_canvas_can_composite (self);
  if (self->cache_composited)
    make_source (self, area);
  else
    g_clear_pointer (&self->cache_source, cairo_surface_destroy);

  cr = cairo_create (self->cache_surface);
  cairo_scale (cr, pixel_scale, pixel_scale);
  cairo_translate (cr, -area->origin.x, -area->origin.y);
  if (self->cache_composited)
    paint_source (self, cr);
  draw_shapes (self, cr, area);
  cairo_destroy (cr);

  update_textures (self, NULL);
  self->cache_valid = TRUE;
}

static void
render_dirty (PwImageCanvas *self)
{
  cairo_rectangle_int_t extents;
  graphene_rect_t area;
  cairo_t *cr;

  cairo_region_get_extents (self->cache_dirty, &extents);
  cr = cairo_create (self->cache_surface);
  for (int i = 0; i < cairo_region_num_rectangles (self->cache_dirty); i++)
    {
      cairo_rectangle_int_t rect;

      cairo_region_get_rectangle (self->cache_dirty, i, &rect);
      cairo_rectangle (cr, rect.x, rect.y, rect.width, rect.height);
    }
  cairo_clip (cr);
  cairo_set_operator (cr, CAIRO_OPERATOR_CLEAR);
  cairo_paint (cr);
  cairo_set_operator (cr, CAIRO_OPERATOR_OVER);

  cairo_scale (cr, self->cache_scale, self->cache_scale);
  cairo_translate (cr, -self->cache_rect.origin.x, -self->cache_rect.origin.y);
  if (self->cache_composited)
    paint_source (self, cr);
  /* Every shape whose outline may reach into the area. */
  graphene_rect_init (&area,
                      self->cache_rect.origin.x + (extents.x - STROKE_MARGIN) / self->cache_scale,
                      self->cache_rect.origin.y + (extents.y - STROKE_MARGIN) / self->cache_scale,
                      (extents.width + 2 * STROKE_MARGIN) / self->cache_scale,
                      (extents.height + 2 * STROKE_MARGIN) / self->cache_scale);
  draw_shapes (self, cr, &area);
  cairo_destroy (cr);

  update_textures (self, self->cache_dirty);
  cairo_region_destroy (self->cache_dirty);
  self->cache_dirty = cairo_region_create ();
}

void
_pw_image_canvas_append_shapes (PwImageCanvas *self,
                                GtkSnapshot   *snapshot,
                                double         pixel_scale)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));
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
      if (!cairo_region_is_empty (self->cache_dirty))
        render_dirty (self);
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
      render_all (self, &area, pixel_scale);
    }

  graphene_rect_init (&view, -self->tx / self->scale, -self->ty / self->scale,
                      width / self->scale, height / self->scale);
  for (guint i = 0; i < self->cache_tiles.textures->len; i++)
    {
      const graphene_rect_t *rect = &g_array_index (self->cache_tiles.rects, graphene_rect_t, i);

      if (graphene_rect_intersection (rect, &view, NULL))
        _pw_image_canvas_append_pixel_texture (snapshot,
                                               g_ptr_array_index (self->cache_tiles.textures, i),
                                               rect);
    }
}

void
_pw_image_canvas_dispose_shapes (PwImageCanvas *self)
{
  g_clear_pointer (&self->cache_tiles.textures, g_ptr_array_unref);
  g_clear_pointer (&self->cache_tiles.rects, g_array_unref);
  g_clear_pointer (&self->cache_surface, cairo_surface_destroy);
  g_clear_pointer (&self->cache_source, cairo_surface_destroy);
  g_clear_pointer (&self->cache_dirty, cairo_region_destroy);
  g_clear_pointer (&self->cache_bounds, g_hash_table_unref);
}
