/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include "pw-frame-pool.h"

#ifdef GDK_WINDOWING_X11
#include <errno.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cairo-xlib.h>
#include <gdk/x11/gdkx.h>
#endif

/* Under GTK's cairo renderer on X11 (where Piecework draws without a GPU,
 * ui/pw-renderer-choice.c), each frame is painted into a pixmap that cairo
 * backs with shared memory from a pool of its own. Cairo lets a pool go as
 * soon as nothing in it is used, which is at the end of every frame: so
 * every frame made a new System V segment, attached it to the X server,
 * had the kernel fault in and zero a window's worth of pages, and detached
 * it again. Measured on a 1280×800 window, that was about a third of what
 * a frame of plain colour costs.
 *
 * So once a window has shown its first frame, Piecework makes cairo open
 * a pool large enough for a frame of the whole screen, and keeps a small
 * block of it in use for as long as the display is open. Every later frame
 * is drawn in pages that are already mapped and attached. The pool's
 * pages are given back as it is opened, so it holds only what frames
 * draw. */

#define KEEPER_KEY "pw-frame-pool-keeper"

#ifdef GDK_WINDOWING_X11

/* Whether @surface is image memory cairo took from its shared-memory pool
 * for an X display, rather than plain memory: a plain image surface
 * belongs to no device. */
static gboolean
is_shared (cairo_surface_t *surface)
{
  return cairo_surface_status (surface) == CAIRO_STATUS_SUCCESS
         && cairo_surface_get_type (surface) == CAIRO_SURFACE_TYPE_IMAGE
         && cairo_surface_get_device (surface) != NULL;
}

/* Gives the pages under @surface's pixels back to the system; the memory
 * reads as zeros when next touched. */
static void
give_back_pages (cairo_surface_t *surface)
{
  gsize page = (gsize) sysconf (_SC_PAGESIZE);
  guintptr start = (guintptr) cairo_image_surface_get_data (surface);
  guintptr end = start + (gsize) cairo_image_surface_get_stride (surface)
                         * cairo_image_surface_get_height (surface);

  start = (start + page - 1) / page * page;
  end = end / page * page;
  if (end > start && madvise ((void *) start, end - start, MADV_REMOVE) != 0)
    g_debug ("The frame pool keeps its first pages: %s", g_strerror (errno));
}

static cairo_surface_t *
open_pool (GdkDisplay *display)
{
  Display *xdisplay = gdk_x11_display_get_xdisplay (display);
  Screen *screen = DefaultScreenOfDisplay (xdisplay);
  int width = WidthOfScreen (screen);
  int height = HeightOfScreen (screen);
  cairo_surface_t *root;
  cairo_surface_t *frame;
  cairo_surface_t *keeper;

  root = cairo_xlib_surface_create (xdisplay, RootWindowOfScreen (screen),
                                    DefaultVisualOfScreen (screen), width, height);
  /* Cairo sizes a new pool by its first block: a frame of the whole
   * screen, so that any window's frames fit in it. */
  frame = cairo_surface_create_similar_image (root, CAIRO_FORMAT_ARGB32, width, height);
  keeper = NULL;
  if (is_shared (frame))
    {
      /* The keeper comes from the same pool, the newest cairo has. */
      keeper = cairo_surface_create_similar_image (root, CAIRO_FORMAT_ARGB32, 32, 32);
      if (!is_shared (keeper))
        g_clear_pointer (&keeper, cairo_surface_destroy);
      give_back_pages (frame);
    }
  cairo_surface_destroy (frame);
  cairo_surface_destroy (root);
  return keeper;
}

static gboolean
draws_with_cairo_on_x11 (GtkWindow *window)
{
  GskRenderer *renderer = gtk_native_get_renderer (GTK_NATIVE (window));

  return GDK_IS_X11_DISPLAY (gtk_widget_get_display (GTK_WIDGET (window)))
         && renderer != NULL && GSK_IS_CAIRO_RENDERER (renderer);
}

static gboolean
open_pool_when_idle (gpointer data)
{
  GdkDisplay *display = data;

  if (g_object_get_data (G_OBJECT (display), KEEPER_KEY) == NULL
      && !gdk_display_is_closed (display))
    {
      cairo_surface_t *keeper = open_pool (display);

      if (keeper != NULL)
        g_debug ("Frames are drawn in shared memory kept from frame to frame");
      else
        g_debug ("Frames are drawn in memory of their own: the X server shares none");
      /* Without shared memory (an X server across the network) there is
       * no pool: remembered, so that it is not asked again. */
      g_object_set_data_full (G_OBJECT (display), KEEPER_KEY,
                              keeper != NULL ? keeper : GINT_TO_POINTER (1),
                              keeper != NULL ? (GDestroyNotify) cairo_surface_destroy : NULL);
    }
  return G_SOURCE_REMOVE;
}

static void
on_after_paint (GdkFrameClock *clock,
                GtkWindow     *window)
{
  g_signal_handlers_disconnect_by_func (clock, on_after_paint, window);
  if (draws_with_cairo_on_x11 (window))
    g_idle_add_full (G_PRIORITY_LOW, open_pool_when_idle,
                     g_object_ref (gtk_widget_get_display (GTK_WIDGET (window))),
                     g_object_unref);
}

static void
on_map (GtkWindow *window)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));

  if (clock == NULL
      || g_object_get_data (G_OBJECT (gtk_widget_get_display (GTK_WIDGET (window))), KEEPER_KEY) != NULL)
    return;
  g_signal_handlers_disconnect_by_func (clock, on_after_paint, window);
  g_signal_connect_object (clock, "after-paint", G_CALLBACK (on_after_paint), window, 0);
}

#endif

/**
 * pw_frame_pool_keep:
 * @window: a window about to be shown
 *
 * Keeps the memory cairo paints frames in from one frame to the next,
 * for @window's display, once @window has shown its first frame. Does
 * nothing but under GTK's cairo renderer on X11.
 */
void
pw_frame_pool_keep (GtkWindow *window)
{
  g_return_if_fail (GTK_IS_WINDOW (window));

#ifdef GDK_WINDOWING_X11
  g_signal_connect (window, "map", G_CALLBACK (on_map), NULL);
  if (gtk_widget_get_mapped (GTK_WIDGET (window)))
    on_map (window);
#endif
}

/**
 * pw_frame_pool_get_keeper:
 * @display: a display
 *
 * Returns: (transfer none) (nullable): the image surface that keeps the
 *   pool of @display's frames open, %NULL while there is none
 */
cairo_surface_t *
pw_frame_pool_get_keeper (GdkDisplay *display)
{
  gpointer keeper;

  g_return_val_if_fail (GDK_IS_DISPLAY (display), NULL);

  keeper = g_object_get_data (G_OBJECT (display), KEEPER_KEY);
  return keeper == GINT_TO_POINTER (1) ? NULL : keeper;
}

/**
 * pw_frame_pool_was_tried:
 * @display: a display
 *
 * Returns: whether Piecework asked cairo for @display's pool, whether or
 *   not there was one to have
 */
gboolean
pw_frame_pool_was_tried (GdkDisplay *display)
{
  g_return_val_if_fail (GDK_IS_DISPLAY (display), FALSE);

  return g_object_get_data (G_OBJECT (display), KEEPER_KEY) != NULL;
}
