/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <cairo-xlib.h>
#include <gdk/x11/gdkx.h>

#include "pw-frame-pool.h"
#include "pw-ui-test.h"

/* Under GTK's cairo renderer on X11, cairo paints each frame in shared
 * memory from a pool it would let go at the end of the frame. Piecework
 * keeps that pool open: the frames of a window are drawn in the same
 * mapped segment, frame after frame, and still reach the screen as drawn.
 * The harness's Xvfb offers MIT-SHM. */

#define WIDTH 400
#define HEIGHT 300

static const guint32 colours[] = {
  0xcc1a1a, 0x1ab333, 0x1a33e6, 0xe6e61a, 0x991acc, 0x1acccc,
};

static guint colour_index;

static void
draw_colour (GtkDrawingArea *area,
             cairo_t        *cr,
             int             width,
             int             height,
             gpointer        user_data)
{
  guint32 colour = colours[colour_index];

  cairo_set_source_rgb (cr, (colour >> 16) / 255.0, ((colour >> 8) & 0xff) / 255.0,
                        (colour & 0xff) / 255.0);
  cairo_paint (cr);
}

typedef struct
{
  gboolean found;
  char     name[256];
  guint64  inode;
  gsize    rss_kb;
} Mapping;

/* The mapping of this process that holds @address, from /proc/self/smaps. */
static Mapping
find_mapping (gconstpointer address)
{
  g_autofree char *smaps = NULL;
  g_auto (GStrv) lines = NULL;
  Mapping mapping = { 0 };
  gboolean inside = FALSE;

  g_assert_true (g_file_get_contents ("/proc/self/smaps", &smaps, NULL, NULL));
  lines = g_strsplit (smaps, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      guint64 start, end, inode;
      char perms[8], device[16];
      int name_at = 0;

      if (sscanf (lines[i], "%" G_GINT64_MODIFIER "x-%" G_GINT64_MODIFIER "x %7s %*x %15s %"
                  G_GINT64_MODIFIER "u %n", &start, &end, perms, device, &inode, &name_at) == 5)
        {
          inside = (guintptr) address >= start && (guintptr) address < end;
          if (inside)
            {
              mapping.found = TRUE;
              mapping.inode = inode;
              g_strlcpy (mapping.name, lines[i] + name_at, sizeof mapping.name);
            }
        }
      else if (inside && g_str_has_prefix (lines[i], "Rss:"))
        mapping.rss_kb = g_ascii_strtoull (lines[i] + 4, NULL, 10);
    }
  return mapping;
}

/* The window's pixel at its middle, read from the X server. */
static guint32
screen_pixel (GtkWindow *window)
{
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (window));
  Display *xdisplay = gdk_x11_display_get_xdisplay (gtk_widget_get_display (GTK_WIDGET (window)));
  XImage *image = XGetImage (xdisplay, gdk_x11_surface_get_xid (surface),
                             WIDTH / 2, HEIGHT / 2, 1, 1, AllPlanes, ZPixmap);
  guint32 pixel;

  g_assert_nonnull (image);
  pixel = XGetPixel (image, 0, 0) & 0xffffff;
  XDestroyImage (image);
  return pixel;
}

static void
test_kept_across_frames (void)
{
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  GtkWidget *area = gtk_drawing_area_new ();
  GdkDisplay *display = gtk_widget_get_display (GTK_WIDGET (window));
  cairo_surface_t *keeper;
  Mapping before, after;

  g_assert_true (GSK_IS_CAIRO_RENDERER (gtk_native_get_renderer (GTK_NATIVE (window)))
                 || !gtk_widget_get_realized (GTK_WIDGET (window)));
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (area), draw_colour, NULL, NULL);
  gtk_window_set_decorated (window, FALSE);
  gtk_window_set_default_size (window, WIDTH, HEIGHT);
  gtk_window_set_child (window, area);
  pw_frame_pool_keep (window);
  g_assert_false (pw_frame_pool_was_tried (display));
  gtk_window_present (window);
  PW_UI_TEST_WAIT_UNTIL (pw_frame_pool_was_tried (display), 20);
  g_assert_true (GSK_IS_CAIRO_RENDERER (gtk_native_get_renderer (GTK_NATIVE (window))));

  keeper = pw_frame_pool_get_keeper (display);
  g_assert_nonnull (keeper);
  before = find_mapping (cairo_image_surface_get_data (keeper));
  g_assert_true (before.found);
  g_assert_true (g_str_has_prefix (before.name, "/SYSV"));
  /* The pool's first pages went back: it holds only the keeper's block
   * and what frames drew since. */
  g_assert_cmpuint (before.rss_kb, <, 4096);

  for (guint frame = 1; frame < G_N_ELEMENTS (colours) * 2; frame++)
    {
      colour_index = frame % G_N_ELEMENTS (colours);
      gtk_widget_queue_draw (area);
      pw_ui_test_wait_for_frames (area, 1);
      PW_UI_TEST_WAIT_UNTIL (screen_pixel (window) == colours[colour_index], 20);
    }

  /* Every frame was drawn in the same segment, which now holds a frame's
   * pixels; a pool made and dropped each frame would leave none. */
  after = find_mapping (cairo_image_surface_get_data (keeper));
  g_assert_true (after.found);
  g_assert_cmpuint (after.inode, ==, before.inode);
  g_assert_cmpuint (after.rss_kb, >=, WIDTH * HEIGHT * 4 / 1024);

  /* Another window on the display shares the pool. */
  {
    GtkWindow *second = GTK_WINDOW (gtk_window_new ());

    pw_frame_pool_keep (second);
    gtk_window_present (second);
    pw_ui_test_wait_for_frames (GTK_WIDGET (second), 2);
    g_assert_true (pw_frame_pool_get_keeper (display) == keeper);
    gtk_window_destroy (second);
  }

  gtk_window_destroy (window);
}

int
main (int    argc,
      char **argv)
{
  /* This test is of the cairo renderer, whichever the build's tests use. */
  g_setenv ("GSK_RENDERER", "cairo", TRUE);
  pw_ui_test_init (&argc, &argv);

  g_test_add_func ("/frame-pool/kept-across-frames", test_kept_across_frames);

  return g_test_run ();
}
