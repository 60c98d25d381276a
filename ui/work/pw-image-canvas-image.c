/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include "pw-image-canvas-private.h"

/* The image under the shapes. It is cut into tiles that keep each texture
 * upload small and under any GPU's size limit, and that share the decoded
 * pixels rather than copy them. When the view shows much of a large image,
 * a smaller copy is drawn instead: sampling a texture many times larger
 * than the screen is slow, above all on software renderers, and shimmers. */

#define TILE_SIZE 2048
/* A preview is made for images with a side over this. */
#define PREVIEW_SIDE 2048

static void
tiles_clear (PwTiles *tiles)
{
  g_clear_pointer (&tiles->image, pw_image_unref);
  if (tiles->textures != NULL)
    g_ptr_array_set_size (tiles->textures, 0);
  if (tiles->rects != NULL)
    g_array_set_size (tiles->rects, 0);
}

static void
tiles_free (PwTiles *tiles)
{
  tiles_clear (tiles);
  g_clear_pointer (&tiles->textures, g_ptr_array_unref);
  g_clear_pointer (&tiles->rects, g_array_unref);
}

static void
tiles_set (PwTiles *tiles,
           PwImage *image)
{
  GBytes *pixels = pw_image_get_pixels (image);
  int width = pw_image_get_width (image);
  int height = pw_image_get_height (image);
  gsize stride = pw_image_get_stride (image);
  guint bpp = pw_image_get_bytes_per_pixel (image);
  GdkMemoryFormat format = pw_image_get_format (image) == PW_IMAGE_FORMAT_RGBA8
                           ? GDK_MEMORY_R8G8B8A8 : GDK_MEMORY_R8G8B8;
  double to_full_x = (double) pw_image_get_full_width (image) / width;
  double to_full_y = (double) pw_image_get_full_height (image) / height;

  tiles_clear (tiles);
  if (tiles->textures == NULL)
    {
      tiles->textures = g_ptr_array_new_with_free_func (g_object_unref);
      tiles->rects = g_array_new (FALSE, FALSE, sizeof (graphene_rect_t));
    }
  tiles->image = pw_image_ref (image);

  for (int y = 0; y < height; y += TILE_SIZE)
    for (int x = 0; x < width; x += TILE_SIZE)
      {
        int w = MIN (TILE_SIZE, width - x);
        int h = MIN (TILE_SIZE, height - y);
        gsize offset = (gsize) y * stride + (gsize) x * bpp;
        gsize length = (gsize) (h - 1) * stride + (gsize) w * bpp;
        g_autoptr (GBytes) part = g_bytes_new_from_bytes (pixels, offset, length);
        graphene_rect_t rect;

        g_ptr_array_add (tiles->textures, gdk_memory_texture_new (w, h, format, part, stride));
        graphene_rect_init (&rect, x * to_full_x, y * to_full_y, w * to_full_x, h * to_full_y);
        g_array_append_val (tiles->rects, rect);
      }
}

/* An image without alpha is drawn opaque. */
static PwTextureDraw
tiles_draw (PwTiles *tiles)
{
  return tiles->image != NULL && pw_image_get_format (tiles->image) == PW_IMAGE_FORMAT_RGBA8
         ? PW_TEXTURE_DRAW_SCALED : PW_TEXTURE_DRAW_OPAQUE;
}

static void
reduce_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  PwImage *image = task_data;
  int side = MAX (pw_image_get_width (image), pw_image_get_height (image));
  guint factor = 2;

  while (factor < 8 && side / factor > PREVIEW_SIDE)
    factor *= 2;

  g_task_return_pointer (task, pw_image_reduce (image, factor), (GDestroyNotify) pw_image_unref);
}

static void
on_preview_made (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  PwImageCanvas *self = PW_IMAGE_CANVAS (source);
  PwImage *from = g_task_get_task_data (G_TASK (result));
  g_autoptr (GError) error = NULL;
  g_autoptr (PwImage) preview = g_task_propagate_pointer (G_TASK (result), &error);

  if (preview == NULL || from != self->image)
    return;

  tiles_set (&self->preview, preview);
  _pw_image_canvas_invalidate (self);
}

static void
make_preview (PwImageCanvas *self)
{
  g_autoptr (GTask) task = NULL;

  g_cancellable_cancel (self->preview_cancellable);
  g_clear_object (&self->preview_cancellable);

  if (MAX (pw_image_get_width (self->image), pw_image_get_height (self->image)) <= PREVIEW_SIDE)
    return;

  self->preview_cancellable = g_cancellable_new ();
  task = g_task_new (self, self->preview_cancellable, on_preview_made, NULL);
  g_task_set_source_tag (task, make_preview);
  g_task_set_return_on_cancel (task, TRUE);
  g_task_set_task_data (task, pw_image_ref (self->image), (GDestroyNotify) pw_image_unref);
  g_task_run_in_thread (task, reduce_thread);
}

/**
 * pw_image_canvas_set_image:
 * @image: (nullable): the decoded image, at any scale
 *
 * Shows @image. Shapes stay in the coordinates of the full-resolution
 * image, so a first view decoded at 1/4 can be replaced by the full
 * resolution without moving anything; the first view is then kept to draw
 * views that show much of the image.
 */
void
pw_image_canvas_set_image (PwImageCanvas *self,
                           PwImage       *image)
{
  gboolean new_size;

  g_return_if_fail (PW_IS_IMAGE_CANVAS (self));

  if (image == self->image)
    return;

  new_size = image == NULL || self->image == NULL
             || pw_image_get_full_width (image) != self->image_width
             || pw_image_get_full_height (image) != self->image_height;

  g_cancellable_cancel (self->preview_cancellable);
  g_clear_object (&self->preview_cancellable);

  if (!new_size && pw_image_get_scale_denominator (self->image) > pw_image_get_scale_denominator (image))
    {
      /* The same picture, sharper: the one shown becomes the preview. */
      tiles_set (&self->preview, self->image);
    }
  else
    {
      tiles_clear (&self->preview);
    }

  g_clear_pointer (&self->image, pw_image_unref);
  tiles_clear (&self->tiles);

  if (image != NULL)
    {
      self->image = pw_image_ref (image);
      self->image_width = pw_image_get_full_width (image);
      self->image_height = pw_image_get_full_height (image);
      tiles_set (&self->tiles, image);
      if (self->preview.image == NULL)
        make_preview (self);
    }
  else
    {
      self->image_width = self->image_height = 0;
    }

  if (new_size)
    {
      /* The shapes are indexed over the image's area. */
      _pw_image_canvas_forget_shapes (self);
      _pw_image_canvas_cancel_drawing (self);
      pw_image_canvas_zoom_fit (self);
    }
  /* The image is drawn into the shapes' texture too. */
  _pw_image_canvas_invalidate (self);
}

PwImage *
pw_image_canvas_get_image (PwImageCanvas *self)
{
  g_return_val_if_fail (PW_IS_IMAGE_CANVAS (self), NULL);

  return self->image;
}

/**
 * pw_image_canvas_get_drawn_image:
 *
 * Returns: (transfer none) (nullable): the image the view draws at its
 *   zoom: the image set, or its smaller copy
 */
PwImage *
pw_image_canvas_get_drawn_image (PwImageCanvas *self)
{
  double screen_per_texel;

  g_return_val_if_fail (PW_IS_IMAGE_CANVAS (self), NULL);

  if (self->preview.image == NULL)
    return self->image;

  /* The preview while it still has a texel for every screen pixel. */
  screen_per_texel = self->scale * gtk_widget_get_scale_factor (GTK_WIDGET (self))
                     * self->image_width / pw_image_get_width (self->preview.image);
  return screen_per_texel <= 1.0 ? self->preview.image : self->image;
}

void
_pw_image_canvas_append_image (PwImageCanvas *self,
                               GtkSnapshot   *snapshot)
{
  PwTiles *tiles = pw_image_canvas_get_drawn_image (self) == self->preview.image
                   && self->preview.image != NULL ? &self->preview : &self->tiles;
  GdkTexture *prepared = _pw_image_canvas_get_prepared (self);

  /* The image made for the view's zoom: a texel a screen pixel. Until it
   * is made, the decoded image or its smaller copy, scaled. */
  if (prepared != NULL)
    {
      _pw_image_canvas_append_texture (self, snapshot, prepared,
                                       &GRAPHENE_RECT_INIT (0, 0, self->image_width,
                                                            self->image_height),
                                       PW_TEXTURE_DRAW_PIXEL);
      return;
    }
  _pw_image_canvas_prepare_view (self);

  for (guint i = 0; tiles->textures != NULL && i < tiles->textures->len; i++)
    {
      const graphene_rect_t *rect = &g_array_index (tiles->rects, graphene_rect_t, i);
      GdkTexture *texture = g_ptr_array_index (tiles->textures, i);

#if GTK_CHECK_VERSION (4, 10, 0)
      if (self->frame_cr == NULL)
        {
          gtk_snapshot_append_scaled_texture (snapshot, texture,
                                              self->scale >= 2.0 ? GSK_SCALING_FILTER_NEAREST
                                                                 : GSK_SCALING_FILTER_LINEAR,
                                              rect);
          continue;
        }
#endif
      _pw_image_canvas_append_texture (self, snapshot, texture, rect, tiles_draw (tiles));
    }
}

/**
 * _pw_image_canvas_append_placeholder:
 *
 * Appends the image as it is quickest to draw, for where the shapes over
 * it are not drawn yet: the texture of the view's zoom where it is made,
 * on the GPU already and a texel a pixel; else its smaller copy where it
 * has one.
 */
void
_pw_image_canvas_append_placeholder (PwImageCanvas *self,
                                     GtkSnapshot   *snapshot)
{
  PwTiles *tiles = self->preview.image != NULL ? &self->preview : &self->tiles;
  GdkTexture *prepared = _pw_image_canvas_get_prepared (self);

  if (prepared != NULL)
    {
      _pw_image_canvas_append_texture (self, snapshot, prepared,
                                       &GRAPHENE_RECT_INIT (0, 0, self->image_width,
                                                            self->image_height),
                                       PW_TEXTURE_DRAW_PIXEL);
      return;
    }

  for (guint i = 0; tiles->textures != NULL && i < tiles->textures->len; i++)
    _pw_image_canvas_append_texture (self, snapshot, g_ptr_array_index (tiles->textures, i),
                                     &g_array_index (tiles->rects, graphene_rect_t, i),
                                     tiles_draw (tiles));
}

void
_pw_image_canvas_dispose_image (PwImageCanvas *self)
{
  g_cancellable_cancel (self->preview_cancellable);
  g_clear_object (&self->preview_cancellable);
  g_clear_pointer (&self->image, pw_image_unref);
  tiles_free (&self->tiles);
  tiles_free (&self->preview);
  g_clear_pointer (&self->prepared, g_ptr_array_unref);
}
