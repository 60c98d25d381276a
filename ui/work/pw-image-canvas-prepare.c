/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <math.h>

#include "pw-image-canvas-private.h"

/* Images the canvas is about to show, such as the next of a folder or of
 * the queue, made ahead into what the canvas draws when it shows the whole
 * image: one texture of exactly the view's size in device pixels. The
 * decoded image is larger than the view (a 8000×6000 photo is decoded at
 * 2000×1500 for a view of 1200×900); drawn as it is, the first frame after
 * a move would upload all of it and sample it down, which a software
 * renderer does slowly. Made ahead, it is scaled down on a thread and
 * uploaded while the worker looks at the image before, and the first
 * frame only draws it, a texel a pixel.
 *
 * The decoded image stays the image shown. The canvas makes it, in the
 * same way, into a texture of whatever zoom the view shows it at smaller
 * than decoded, kept while the view pans; until that is made, and at
 * zooms closer than decoded, the decoded image is drawn, or its full
 * resolution once loaded. A few images are kept made, those beside the
 * one shown; each is small beside its decode. */

/* The image shown and the two beside it. */
#define MAX_PREPARED 3
/* The canvas makes the image shown into a texture of its zoom too, at any
 * zoom that shows it smaller than decoded: drawn scaled down, every frame
 * of a pan would sample the decoded image again, which costs a software
 * renderer several times a frame of plain colour; drawn a texel a pixel,
 * it costs little more. Such a texture is made for views up to this many
 * times the canvas's area, a few megabytes beside the decoded image's
 * tens; a zoom closer than that draws the decoded image, of which the
 * view shows a part. */
#define MAX_LEVEL_VIEWS 2

struct _PwPrepared
{
  PwImage      *image;
  int           width;          /* the canvas's, in widget pixels */
  int           height;
  int           scale_factor;
  double        scale;          /* the view's zoom at fit */
  int           texture_width;  /* device pixels */
  int           texture_height;
  GdkTexture   *texture;        /* NULL while it is being made */
  GCancellable *cancellable;
  gboolean      own;            /* made by the canvas for the zoom it shows */
};

static void
prepared_free (PwPrepared *prepared)
{
  g_cancellable_cancel (prepared->cancellable);
  g_clear_object (&prepared->cancellable);
  g_clear_pointer (&prepared->image, pw_image_unref);
  g_clear_object (&prepared->texture);
  g_free (prepared);
}

typedef struct
{
  PwImage *image;
  int      width;
  int      height;
} Scaling;

static void
scaling_free (Scaling *scaling)
{
  pw_image_unref (scaling->image);
  g_free (scaling);
}

/* Each pixel of the result is the mean of the image's pixels under it, in
 * cairo's premultiplied ARGB32, as _pw_image_canvas_make_pixel_texture()
 * takes it. */
static void
scale_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  Scaling *scaling = task_data;
  const guint8 *pixels = g_bytes_get_data (pw_image_get_pixels (scaling->image), NULL);
  int source_width = pw_image_get_width (scaling->image);
  int source_height = pw_image_get_height (scaling->image);
  gsize stride = pw_image_get_stride (scaling->image);
  guint bpp = pw_image_get_bytes_per_pixel (scaling->image);
  gboolean alpha = pw_image_get_format (scaling->image) == PW_IMAGE_FORMAT_RGBA8;
  int width = scaling->width, height = scaling->height;
  g_autofree guint32 *out = g_new (guint32, (gsize) width * height);
  g_autofree int *columns = g_new (int, width + 1);

  for (int x = 0; x <= width; x++)
    columns[x] = (int) ((gint64) x * source_width / width);

  for (int y = 0; y < height; y++)
    {
      int y0 = (int) ((gint64) y * source_height / height);
      int y1 = MAX (y0 + 1, (int) ((gint64) (y + 1) * source_height / height));

      if (g_cancellable_is_cancelled (cancellable))
        {
          g_task_return_error_if_cancelled (task);
          return;
        }

      for (int x = 0; x < width; x++)
        {
          int x0 = columns[x], x1 = MAX (x0 + 1, columns[x + 1]);
          guint32 r = 0, g = 0, b = 0, a = 0, n = (guint32) (x1 - x0) * (y1 - y0);

          for (int sy = y0; sy < y1; sy++)
            {
              const guint8 *p = pixels + sy * stride + (gsize) x0 * bpp;

              for (int sx = x0; sx < x1; sx++, p += bpp)
                {
                  guint32 pa = alpha ? p[3] : 255;

                  r += p[0] * pa;
                  g += p[1] * pa;
                  b += p[2] * pa;
                  a += pa;
                }
            }
          /* Premultiplied: the sums of colour times alpha, over 255. */
          out[(gsize) y * width + x] = ((a / n) << 24)
                                       | ((r / (255 * n)) << 16)
                                       | ((g / (255 * n)) << 8)
                                       | (b / (255 * n));
        }
    }

  g_task_return_pointer (task, g_steal_pointer (&out), g_free);
}

static void
on_scaled (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  PwImageCanvas *self = PW_IMAGE_CANVAS (source);
  PwPrepared *prepared = user_data;
  g_autoptr (GError) error = NULL;
  g_autofree guint32 *pixels = g_task_propagate_pointer (G_TASK (result), &error);

  /* Cancelled: @prepared is gone with it. */
  if (pixels == NULL)
    return;

  g_clear_object (&prepared->cancellable);
  prepared->texture = _pw_image_canvas_make_pixel_texture (self, (const guint8 *) pixels,
                                                           prepared->texture_width,
                                                           prepared->texture_height,
                                                           (gsize) prepared->texture_width * 4);
  if (prepared->image == self->image)
    gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* Starts making @image into a texture of the whole image at @scale, for
 * a canvas of @width × @height; %NULL where that would be larger than
 * @image as decoded, which is then drawn as it is. */
static PwPrepared *
start_preparing (PwImageCanvas *self,
                 PwImage       *image,
                 double         scale,
                 int            width,
                 int            height,
                 int            scale_factor)
{
  double full_width = pw_image_get_full_width (image);
  double full_height = pw_image_get_full_height (image);
  PwPrepared *prepared;
  Scaling *scaling;
  g_autoptr (GTask) task = NULL;
  int texture_width = MAX (1, (int) round (full_width * scale * scale_factor));
  int texture_height = MAX (1, (int) round (full_height * scale * scale_factor));
  guint n_ahead = 0;

  if (texture_width > pw_image_get_width (image) || texture_height > pw_image_get_height (image))
    return NULL;

  prepared = g_new0 (PwPrepared, 1);
  prepared->texture_width = texture_width;
  prepared->texture_height = texture_height;
  prepared->image = pw_image_ref (image);
  prepared->width = width;
  prepared->height = height;
  prepared->scale_factor = scale_factor;
  prepared->scale = scale;
  prepared->cancellable = g_cancellable_new ();

  /* The oldest that is not shown makes room; the one made for the view's
   * zoom, never more than one, takes none. */
  for (guint i = 0; i < self->prepared->len; i++)
    {
      PwPrepared *other = g_ptr_array_index (self->prepared, i);

      if (!other->own)
        n_ahead++;
    }
  for (guint i = 0; n_ahead >= MAX_PREPARED && i < self->prepared->len; i++)
    {
      PwPrepared *other = g_ptr_array_index (self->prepared, i);

      if (!other->own && other->image != self->image)
        {
          g_ptr_array_remove_index (self->prepared, i--);
          n_ahead--;
        }
    }
  g_ptr_array_add (self->prepared, prepared);

  scaling = g_new0 (Scaling, 1);
  scaling->image = pw_image_ref (image);
  scaling->width = prepared->texture_width;
  scaling->height = prepared->texture_height;
  task = g_task_new (self, prepared->cancellable, on_scaled, prepared);
  g_task_set_source_tag (task, start_preparing);
  g_task_set_task_data (task, scaling, (GDestroyNotify) scaling_free);
  g_task_run_in_thread (task, scale_thread);
  return prepared;
}

/**
 * pw_image_canvas_prepare_image:
 * @image: an image the canvas may show next, decoded for its size
 *
 * Makes ahead, on a thread, what the canvas draws for @image when it
 * shows the whole of it at its size now, so that pw_image_canvas_set_image()
 * with @image draws its first frame without converting or uploading the
 * decoded image. Does nothing for an image decoded smaller than the view:
 * that one is drawn as it is.
 */
void
pw_image_canvas_prepare_image (PwImageCanvas *self,
                               PwImage       *image)
{
  GtkWidget *widget = GTK_WIDGET (self);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  int scale_factor = gtk_widget_get_scale_factor (widget);
  double scale;

  g_return_if_fail (PW_IS_IMAGE_CANVAS (self));
  g_return_if_fail (image != NULL);

  if (self->prepared == NULL || width <= 0 || height <= 0 || !gtk_widget_get_realized (widget))
    return;

  /* Made for another size, or another window, they would not be drawn. */
  for (guint i = self->prepared->len; i-- > 0;)
    {
      PwPrepared *other = g_ptr_array_index (self->prepared, i);

      if (other->width != width || other->height != height
          || other->scale_factor != scale_factor)
        g_ptr_array_remove_index (self->prepared, i);
      else if (other->image == image && !other->own)
        return;
    }

  scale = MIN ((double) width / pw_image_get_full_width (image),
               (double) height / pw_image_get_full_height (image));
  start_preparing (self, image, scale, width, height, scale_factor);
}

/**
 * _pw_image_canvas_prepare_view:
 *
 * Starts making the image shown into a texture of the view's zoom, where
 * the view shows it smaller than decoded and none is made or being made.
 * Drops the one made for the zoom before, unless made ahead for the fit.
 */
void
_pw_image_canvas_prepare_view (PwImageCanvas *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  int scale_factor = gtk_widget_get_scale_factor (widget);
  double device_width, device_height;
  PwPrepared *prepared;

  if (self->prepared == NULL || self->image == NULL || width <= 0 || height <= 0
      || !gtk_widget_get_realized (widget))
    return;

  for (guint i = 0; i < self->prepared->len; i++)
    {
      PwPrepared *other = g_ptr_array_index (self->prepared, i);

      if (other->image == self->image && other->scale_factor == scale_factor
          && G_APPROX_VALUE (other->scale, self->scale, 1e-9))
        return;
    }

  for (guint i = self->prepared->len; i-- > 0;)
    {
      if (((PwPrepared *) g_ptr_array_index (self->prepared, i))->own)
        g_ptr_array_remove_index (self->prepared, i);
    }

  device_width = self->image_width * self->scale * scale_factor;
  device_height = self->image_height * self->scale * scale_factor;
  if (device_width * device_height
      > (double) MAX_LEVEL_VIEWS * width * height * scale_factor * scale_factor)
    return;

  prepared = start_preparing (self, self->image, self->scale, width, height, scale_factor);
  if (prepared != NULL)
    prepared->own = TRUE;
}

/**
 * _pw_image_canvas_get_prepared:
 *
 * Returns: (transfer none) (nullable): the texture made for the image
 *   shown at the view's zoom, a texel a device pixel, panned or not
 */
GdkTexture *
_pw_image_canvas_get_prepared (PwImageCanvas *self)
{
  GtkWidget *widget = GTK_WIDGET (self);

  if (self->prepared == NULL || self->image == NULL)
    return NULL;

  for (guint i = 0; i < self->prepared->len; i++)
    {
      PwPrepared *prepared = g_ptr_array_index (self->prepared, i);

      if (prepared->image == self->image && prepared->texture != NULL
          && prepared->scale_factor == gtk_widget_get_scale_factor (widget)
          && G_APPROX_VALUE (prepared->scale, self->scale, 1e-9))
        return prepared->texture;
    }
  return NULL;
}

/**
 * _pw_image_canvas_is_prepared:
 *
 * Returns: whether @image is made ahead for the canvas's size now
 */
gboolean
_pw_image_canvas_is_prepared (PwImageCanvas *self,
                              PwImage       *image)
{
  for (guint i = 0; self->prepared != NULL && i < self->prepared->len; i++)
    {
      PwPrepared *prepared = g_ptr_array_index (self->prepared, i);

      if (prepared->image == image && prepared->texture != NULL
          && prepared->width == gtk_widget_get_width (GTK_WIDGET (self))
          && prepared->height == gtk_widget_get_height (GTK_WIDGET (self)))
        return TRUE;
    }
  return FALSE;
}

/**
 * _pw_image_canvas_forget_prepared:
 *
 * Drops every image made ahead, as when the canvas leaves its window,
 * whose renderer their textures were made for.
 */
void
_pw_image_canvas_forget_prepared (PwImageCanvas *self)
{
  if (self->prepared != NULL)
    g_ptr_array_set_size (self->prepared, 0);
}

void
_pw_image_canvas_init_prepared (PwImageCanvas *self)
{
  self->prepared = g_ptr_array_new_with_free_func ((GDestroyNotify) prepared_free);
}
