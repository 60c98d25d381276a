/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <string.h>

#include "pw-image-canvas-private.h"

#if !GTK_CHECK_VERSION (4, 10, 0)
#include <epoxy/gl.h>
#include <gsk/gl/gskglrenderer.h>
#endif

/* Textures drawn a texture pixel to a screen pixel, such as the tiles of
 * the drawn shapes. Sampled with nearest filtering, they look the same as
 * with linear filtering, but a software renderer fetches one texel a pixel
 * instead of four. GTK 4.10 says so with gtk_snapshot_append_scaled_texture;
 * GTK 4.8's GL renderer samples a GL texture of the same display with the
 * filter the texture was made with, so on 4.8 the canvas uploads these
 * textures itself. Any other renderer gets memory textures. */

/* With GTK's cairo renderer, where GL would only be a software rasterizer
 * (ui/pw-renderer-choice.c), a texture node is downloaded whole into a
 * new cairo surface every frame it is drawn: a 4000×3000 image costs 48 MB
 * of copying a frame of a pan. So there the canvas draws its textures into
 * one cairo node of the view a frame, each from a cairo surface made once
 * for the texture (on the texture's own bytes where the canvas made it in
 * cairo's format), and cairo composites only the pixels the view shows. */

#define SURFACE_KEY "pw-cairo-surface"

static const cairo_user_data_key_t bytes_key;

static gboolean
draws_with_cairo (PwImageCanvas *self)
{
  GtkNative *native = gtk_widget_get_native (GTK_WIDGET (self));
  GskRenderer *renderer = native != NULL ? gtk_native_get_renderer (native) : NULL;

  return renderer != NULL && GSK_IS_CAIRO_RENDERER (renderer);
}

/* Returns: (transfer none): @texture's pixels as a cairo surface, made the
 *   first time */
static cairo_surface_t *
texture_surface (GdkTexture *texture,
                 gboolean    opaque)
{
  cairo_surface_t *surface = g_object_get_data (G_OBJECT (texture), SURFACE_KEY);

  if (surface != NULL)
    return surface;

  /* Downloaded as premultiplied ARGB32; an opaque image is drawn as RGB24,
   * which cairo copies rather than blends. */
  surface = cairo_image_surface_create (opaque ? CAIRO_FORMAT_RGB24 : CAIRO_FORMAT_ARGB32,
                                        gdk_texture_get_width (texture),
                                        gdk_texture_get_height (texture));
  gdk_texture_download (texture, cairo_image_surface_get_data (surface),
                        cairo_image_surface_get_stride (surface));
  cairo_surface_mark_dirty (surface);
  g_object_set_data_full (G_OBJECT (texture), SURFACE_KEY, surface,
                          (GDestroyNotify) cairo_surface_destroy);
  return surface;
}

/* Gives @texture, made of @bytes in cairo's ARGB32, the cairo surface the
 * cairo renderer's frames draw it from, on the same bytes. */
static void
attach_surface (GdkTexture *texture,
                GBytes     *bytes,
                int         width,
                int         height,
                gsize       stride)
{
  cairo_surface_t *surface;

  surface = cairo_image_surface_create_for_data ((guint8 *) g_bytes_get_data (bytes, NULL),
                                                 CAIRO_FORMAT_ARGB32, width, height, stride);
  cairo_surface_set_user_data (surface, &bytes_key, g_bytes_ref (bytes),
                               (cairo_destroy_func_t) g_bytes_unref);
  g_object_set_data_full (G_OBJECT (texture), SURFACE_KEY, surface,
                          (GDestroyNotify) cairo_surface_destroy);
}

/**
 * _pw_image_canvas_begin_textures:
 *
 * Starts the textures of a frame, appended in the image's coordinates:
 * with the cairo renderer, into one cairo node of what the view shows.
 * Called before the snapshot takes the view's transform.
 */
void
_pw_image_canvas_begin_textures (PwImageCanvas *self,
                                 GtkSnapshot   *snapshot)
{
  g_assert (self->frame_cr == NULL);
  if (!draws_with_cairo (self) || self->scale <= 0)
    return;

  /* The node in the widget's coordinates, the view's transform in cairo:
   * a cairo node under a scaling transform is replayed by cairo as a
   * scaled pattern, which drew it out of place once the widget was
   * anywhere but at the window's corner. */
  self->frame_cr = gtk_snapshot_append_cairo (snapshot,
                                              &GRAPHENE_RECT_INIT (0, 0,
                                                                   gtk_widget_get_width (GTK_WIDGET (self)),
                                                                   gtk_widget_get_height (GTK_WIDGET (self))));
  cairo_translate (self->frame_cr, self->tx, self->ty);
  cairo_scale (self->frame_cr, self->scale, self->scale);
}

void
_pw_image_canvas_end_textures (PwImageCanvas *self)
{
  g_clear_pointer (&self->frame_cr, cairo_destroy);
}

/**
 * _pw_image_canvas_push_texture_clip:
 *
 * Clips the textures appended until the matching pop to @clip.
 */
void
_pw_image_canvas_push_texture_clip (PwImageCanvas         *self,
                                    GtkSnapshot           *snapshot,
                                    const graphene_rect_t *clip)
{
  if (self->frame_cr == NULL)
    {
      gtk_snapshot_push_clip (snapshot, clip);
      return;
    }
  cairo_save (self->frame_cr);
  cairo_rectangle (self->frame_cr, clip->origin.x, clip->origin.y, clip->size.width,
                   clip->size.height);
  cairo_clip (self->frame_cr);
}

void
_pw_image_canvas_pop_texture_clip (PwImageCanvas *self,
                                   GtkSnapshot   *snapshot)
{
  if (self->frame_cr == NULL)
    gtk_snapshot_pop (snapshot);
  else
    cairo_restore (self->frame_cr);
}

/**
 * _pw_image_canvas_append_texture:
 * @texture: a texture of the image or of drawn shapes
 * @bounds: where it goes, in the image's coordinates
 * @how: whether it is drawn a texel a device pixel, and whether it is
 *   opaque
 *
 * Appends @texture between _pw_image_canvas_begin_textures() and
 * _pw_image_canvas_end_textures().
 */
void
_pw_image_canvas_append_texture (PwImageCanvas         *self,
                                 GtkSnapshot           *snapshot,
                                 GdkTexture            *texture,
                                 const graphene_rect_t *bounds,
                                 PwTextureDraw          how)
{
  cairo_t *cr = self->frame_cr;
  int width = gdk_texture_get_width (texture);
  int height = gdk_texture_get_height (texture);
  double screen_per_texel;

  if (cr == NULL)
    {
      if (how & PW_TEXTURE_DRAW_PIXEL)
        _pw_image_canvas_append_pixel_texture (snapshot, texture, bounds);
      else
        gtk_snapshot_append_texture (snapshot, texture, bounds);
      return;
    }

  screen_per_texel = self->scale * gtk_widget_get_scale_factor (GTK_WIDGET (self))
                     * bounds->size.width / width;
  cairo_save (cr);
  /* The pixels whose middles are in @bounds, as GL draws a texture's
   * quad: no half-covered edge where @bounds falls between pixels. */
  cairo_set_antialias (cr, CAIRO_ANTIALIAS_NONE);
  cairo_rectangle (cr, bounds->origin.x, bounds->origin.y, bounds->size.width,
                   bounds->size.height);
  cairo_clip (cr);
  cairo_translate (cr, bounds->origin.x, bounds->origin.y);
  cairo_scale (cr, bounds->size.width / width, bounds->size.height / height);
  cairo_set_source_surface (cr, texture_surface (texture, how & PW_TEXTURE_DRAW_OPAQUE), 0, 0);
  /* A texel a pixel, or zoomed in far enough to see texels, as the GL
   * renderer draws them; smoothed otherwise. */
  cairo_pattern_set_extend (cairo_get_source (cr), CAIRO_EXTEND_PAD);
  cairo_pattern_set_filter (cairo_get_source (cr),
                            (how & PW_TEXTURE_DRAW_PIXEL) || screen_per_texel >= 2.0
                            ? CAIRO_FILTER_NEAREST : CAIRO_FILTER_BILINEAR);
  cairo_paint (cr);
  cairo_restore (cr);
}

/**
 * _pw_image_canvas_append_pixel_texture:
 * @texture: a texture from _pw_image_canvas_make_pixel_texture()
 * @bounds: where it goes, one texture pixel to a screen pixel
 */
void
_pw_image_canvas_append_pixel_texture (GtkSnapshot           *snapshot,
                                       GdkTexture            *texture,
                                       const graphene_rect_t *bounds)
{
#if GTK_CHECK_VERSION (4, 10, 0)
  gtk_snapshot_append_scaled_texture (snapshot, texture, GSK_SCALING_FILTER_NEAREST, bounds);
#else
  gtk_snapshot_append_texture (snapshot, texture, bounds);
#endif
}

static GdkTexture *
make_memory_texture (const guint8 *data,
                     int           width,
                     int           height,
                     gsize         stride)
{
  gsize row_size = (gsize) width * 4;
  guint8 *copy = g_malloc (row_size * height);
  g_autoptr (GBytes) bytes = NULL;
  GdkTexture *texture;

  for (int row = 0; row < height; row++)
    memcpy (copy + row * row_size, data + row * stride, row_size);
  bytes = g_bytes_new_take (copy, row_size * height);
  texture = gdk_memory_texture_new (width, height, GDK_MEMORY_DEFAULT, bytes, row_size);
  /* GDK_MEMORY_DEFAULT is cairo's ARGB32. */
  attach_surface (texture, bytes, width, height, row_size);
  return texture;
}

#if !GTK_CHECK_VERSION (4, 10, 0)

typedef struct
{
  GdkGLContext *context;
  GLuint        id;
} GLTexture;

/* Runs wherever the last reference to the texture goes, so it leaves the
 * current context as it found it. */
static void
gl_texture_free (gpointer data)
{
  GLTexture *texture = data;
  GdkGLContext *current = gdk_gl_context_get_current ();
  g_autoptr (GdkGLContext) previous = current != NULL ? g_object_ref (current) : NULL;

  gdk_gl_context_make_current (texture->context);
  glDeleteTextures (1, &texture->id);
  if (previous != NULL)
    gdk_gl_context_make_current (previous);
  else
    gdk_gl_context_clear_current ();

  g_object_unref (texture->context);
  g_free (texture);
}

/* A context sharing textures with the window's renderer, when that
 * renderer is GTK's GL renderer; %NULL otherwise. */
static GdkGLContext *
ensure_gl_context (PwImageCanvas *self)
{
  GtkNative *native = gtk_widget_get_native (GTK_WIDGET (self));
  g_autoptr (GdkGLContext) context = NULL;
  g_autoptr (GError) error = NULL;

  if (self->gl_context != NULL || self->gl_unavailable)
    return self->gl_context;

  self->gl_unavailable = TRUE;
  if (native == NULL || !gtk_widget_get_realized (GTK_WIDGET (self))
      || !GSK_IS_GL_RENDERER (gtk_native_get_renderer (native)))
    return NULL;

  context = gdk_surface_create_gl_context (gtk_native_get_surface (native), &error);
  if (context == NULL || !gdk_gl_context_realize (context, &error))
    {
      g_debug ("Drawing the canvas from memory textures: %s",
               error != NULL ? error->message : "no GL context");
      return NULL;
    }
  /* BGRA uploads are core in desktop GL only. */
  if (gdk_gl_context_get_use_es (context))
    return NULL;

  self->gl_unavailable = FALSE;
  self->gl_context = g_steal_pointer (&context);
  return self->gl_context;
}

static GdkTexture *
make_gl_texture (GdkGLContext *context,
                 const guint8 *data,
                 int           width,
                 int           height,
                 gsize         stride)
{
  GdkGLContext *current = gdk_gl_context_get_current ();
  g_autoptr (GdkGLContext) previous = current != NULL ? g_object_ref (current) : NULL;
  GLTexture *texture = g_new0 (GLTexture, 1);

  texture->context = g_object_ref (context);
  gdk_gl_context_make_current (context);
  glGenTextures (1, &texture->id);
  glBindTexture (GL_TEXTURE_2D, texture->id);
  glTexParameteri (GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
  glTexParameteri (GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
  glTexParameteri (GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
  glTexParameteri (GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
  glPixelStorei (GL_UNPACK_ALIGNMENT, 4);
  glPixelStorei (GL_UNPACK_ROW_LENGTH, stride / 4);
  /* Cairo's ARGB32: premultiplied, a native-endian word a pixel. */
  glTexImage2D (GL_TEXTURE_2D, 0, GL_RGBA8, width, height, 0,
                GL_BGRA, GL_UNSIGNED_INT_8_8_8_8_REV, data);
  glPixelStorei (GL_UNPACK_ROW_LENGTH, 0);
  glBindTexture (GL_TEXTURE_2D, 0);
  /* The renderer draws it from its own context. */
  glFlush ();

  if (previous != NULL)
    gdk_gl_context_make_current (previous);
  else
    gdk_gl_context_clear_current ();

  return gdk_gl_texture_new (context, texture->id, width, height, gl_texture_free, texture);
}

#endif

/**
 * _pw_image_canvas_make_pixel_texture:
 * @data: premultiplied pixels in cairo's ARGB32, copied
 * @stride: bytes from one row of @data to the next, a multiple of 4
 *
 * Returns: (transfer full): a texture for
 *   _pw_image_canvas_append_pixel_texture()
 */
GdkTexture *
_pw_image_canvas_make_pixel_texture (PwImageCanvas *self,
                                     const guint8  *data,
                                     int            width,
                                     int            height,
                                     gsize          stride)
{
#if !GTK_CHECK_VERSION (4, 10, 0)
  GdkGLContext *context = ensure_gl_context (self);

  if (context != NULL)
    return make_gl_texture (context, data, width, height, stride);
#endif

  return make_memory_texture (data, width, height, stride);
}

/**
 * _pw_image_canvas_unrealize_textures:
 *
 * Forgets the GL context of the window the canvas leaves.
 */
void
_pw_image_canvas_unrealize_textures (PwImageCanvas *self)
{
  g_clear_object (&self->gl_context);
  self->gl_unavailable = FALSE;
  _pw_image_canvas_forget_prepared (self);
}
