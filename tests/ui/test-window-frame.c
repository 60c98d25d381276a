/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include "pw-ui-test.h"
#include "pw-window.h"

/* The frame of a window drawn without a compositor: what the window draws
 * on every frame must be cheap for the renderer, and look as libadwaita's
 * frame does. Xvfb has no compositing manager, so the window there has the
 * solid-csd frame. */

static PwApplication *app;

/* The largest area an inset shadow of @node's tree covers: inset shadows
 * are drawn pixel by pixel over all their outline. */
static double
largest_inset_shadow (GskRenderNode *node)
{
  double largest = 0;

  switch (gsk_render_node_get_node_type (node))
    {
    case GSK_INSET_SHADOW_NODE:
      {
        const GskRoundedRect *outline = gsk_inset_shadow_node_get_outline (node);

        return outline->bounds.size.width * outline->bounds.size.height;
      }
    case GSK_CONTAINER_NODE:
      for (guint i = 0; i < gsk_container_node_get_n_children (node); i++)
        largest = MAX (largest, largest_inset_shadow (gsk_container_node_get_child (node, i)));
      return largest;
    case GSK_TRANSFORM_NODE:
      return largest_inset_shadow (gsk_transform_node_get_child (node));
    case GSK_CLIP_NODE:
      return largest_inset_shadow (gsk_clip_node_get_child (node));
    case GSK_ROUNDED_CLIP_NODE:
      return largest_inset_shadow (gsk_rounded_clip_node_get_child (node));
    case GSK_OPACITY_NODE:
      return largest_inset_shadow (gsk_opacity_node_get_child (node));
    case GSK_COLOR_MATRIX_NODE:
      return largest_inset_shadow (gsk_color_matrix_node_get_child (node));
    case GSK_DEBUG_NODE:
      return largest_inset_shadow (gsk_debug_node_get_child (node));
    default:
      return 0;
    }
}

/* What the window draws now, as one render node at its full size, frame
 * included. */
static GskRenderNode *
window_node (PwWindow *window)
{
  g_autoptr (GdkPaintable) paintable = gtk_widget_paintable_new (GTK_WIDGET (window));
  g_autoptr (GtkSnapshot) snapshot = gtk_snapshot_new ();

  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot),
                          gdk_paintable_get_intrinsic_width (paintable),
                          gdk_paintable_get_intrinsic_height (paintable));
  return gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
}

/* The window's pixels, rendered by the same software renderer each time. */
static GBytes *
window_pixels (PwWindow *window,
               int      *width,
               int      *height)
{
  g_autoptr (GskRenderer) renderer = gsk_cairo_renderer_new ();
  g_autoptr (GskRenderNode) node = NULL;
  g_autoptr (GdkTexture) texture = NULL;
  graphene_rect_t bounds;
  gsize stride;
  GBytes *pixels;
  guint8 *data;

  pw_ui_test_wait_for_frames (GTK_WIDGET (window), 3);
  node = window_node (window);
  gsk_render_node_get_bounds (node, &bounds);
  g_assert_true (gsk_renderer_realize (renderer, NULL, NULL));
  texture = gsk_renderer_render_texture (renderer, node, &bounds);
  gsk_renderer_unrealize (renderer);
  *width = gdk_texture_get_width (texture);
  *height = gdk_texture_get_height (texture);
  stride = (gsize) *width * 4;
  data = g_malloc (stride * *height);
  gdk_texture_download (texture, data, stride);
  pixels = g_bytes_new_take (data, stride * *height);
  return pixels;
}

/* The frame's width: its border and the content's inner line. */
#define FRAME_WIDTH 5

/* Pixels of the frame, the band of FRAME_WIDTH along the edges of @a and
 * @b, that differ by more than a rounding in any channel. The content
 * inside is left out: a toast or a revealer may move between the two
 * renderings. */
static guint
count_differences (GBytes *a,
                   GBytes *b,
                   int     width,
                   int     height)
{
  gsize length;
  const guint8 *pa = g_bytes_get_data (a, &length);
  const guint8 *pb = g_bytes_get_data (b, NULL);
  guint differences = 0;

  g_assert_cmpuint (length, ==, g_bytes_get_size (b));
  g_assert_cmpuint (length, ==, (gsize) width * height * 4);
  for (int y = 0; y < height; y++)
    {
      for (int x = 0; x < width; x++)
        {
          gsize i = ((gsize) y * width + x) * 4;

          if (x >= FRAME_WIDTH && x < width - FRAME_WIDTH
              && y >= FRAME_WIDTH && y < height - FRAME_WIDTH)
            continue;
          for (gsize c = 0; c < 4; c++)
            {
              if (ABS ((int) pa[i + c] - (int) pb[i + c]) > 2)
                {
                  differences++;
                  break;
                }
            }
        }
    }
  return differences;
}

static void
compare_with_libadwaita (PwWindow *window)
{
  g_autoptr (GBytes) ours = NULL;
  g_autoptr (GBytes) theirs = NULL;
  int width, height, their_width, their_height;

  ours = window_pixels (window, &width, &height);
  /* Without its class, the window has libadwaita's own frame. */
  gtk_widget_remove_css_class (GTK_WIDGET (window), "framed");
  theirs = window_pixels (window, &their_width, &their_height);
  gtk_widget_add_css_class (GTK_WIDGET (window), "framed");
  pw_ui_test_wait_for_frames (GTK_WIDGET (window), 3);

  g_assert_cmpint (width, ==, their_width);
  g_assert_cmpint (height, ==, their_height);
  g_assert_cmpuint (count_differences (ours, theirs, width, height), ==, 0);
}

/* libadwaita draws the frame of a window without a compositor as three
 * inset shadows the size of the window, which a renderer draws pixel by
 * pixel over the whole window: under a software renderer most of every
 * frame's cost, since every frame redraws the whole window. The window
 * draws the same frame along its edges only, pixel for pixel the same,
 * focused or not. */
static void
test_window_frame_along_edges (void)
{
  PwWindow *window = pw_window_new (app);
  gpointer weak_window = window;
  g_autoptr (GskRenderNode) node = NULL;
  graphene_rect_t bounds;

  g_object_add_weak_pointer (G_OBJECT (window), &weak_window);
  gtk_window_set_default_size (GTK_WINDOW (window), 900, 600);
  gtk_window_present (GTK_WINDOW (window));
  pw_ui_test_wait_for_frames (GTK_WIDGET (window), 3);

  if (!gtk_widget_has_css_class (GTK_WIDGET (window), "solid-csd"))
    {
      gtk_window_destroy (GTK_WINDOW (window));
      pw_ui_test_wait_finalized (&weak_window);
      g_test_skip ("The display has a compositor: the window has no frame of its own");
      return;
    }

  node = window_node (window);
  gsk_render_node_get_bounds (node, &bounds);
  g_assert_cmpfloat (bounds.size.width * bounds.size.height, >, 800 * 500);
  /* A small inset shadow, as of a focused entry, is cheap. */
  g_assert_cmpfloat (largest_inset_shadow (node), <, 0.05 * bounds.size.width * bounds.size.height);

  compare_with_libadwaita (window);
  gtk_widget_set_state_flags (GTK_WIDGET (window), GTK_STATE_FLAG_BACKDROP, FALSE);
  compare_with_libadwaita (window);
  gtk_widget_unset_state_flags (GTK_WIDGET (window), GTK_STATE_FLAG_BACKDROP);
  compare_with_libadwaita (window);

  gtk_window_destroy (GTK_WINDOW (window));
  pw_ui_test_wait_finalized (&weak_window);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  app = pw_ui_test_init (&argc, &argv);

  g_test_add_func ("/window-frame/along-edges", test_window_frame_along_edges);

  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
