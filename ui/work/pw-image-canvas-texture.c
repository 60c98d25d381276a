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

  for (int row = 0; row < height; row++)
    memcpy (copy + row * row_size, data + row * stride, row_size);
  bytes = g_bytes_new_take (copy, row_size * height);

  return gdk_memory_texture_new (width, height, GDK_MEMORY_DEFAULT, bytes, row_size);
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
