/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <math.h>

#include "pw-image-canvas-private.h"
#include "pw-ui-test.h"
#include <gsk/gl/gskglrenderer.h>

/* The canvas, driven with real pointer and key events from xdotool under
 * Xvfb, checked on the annotation it edits. */

#define IMAGE_W 400
#define IMAGE_H 300

static PwApplication *app;

typedef struct
{
  GtkWindow     *window;
  PwImageCanvas *canvas;
  PwAnnotation  *annotation;
  gpointer       weak_window;
} Fixture;

static PwImage *
make_image (void)
{
  gsize stride = IMAGE_W * 3;
  guint8 *pixels = g_malloc (stride * IMAGE_H);
  g_autoptr (GBytes) bytes = NULL;

  for (int y = 0; y < IMAGE_H; y++)
    for (int x = 0; x < IMAGE_W; x++)
      {
        guint8 *p = pixels + y * stride + x * 3;
        p[0] = x * 255 / IMAGE_W;
        p[1] = y * 255 / IMAGE_H;
        p[2] = 128;
      }
  bytes = g_bytes_new_take (pixels, stride * IMAGE_H);
  return pw_image_new (PW_IMAGE_FORMAT_RGB8, IMAGE_W, IMAGE_H, stride, bytes, 1, IMAGE_W, IMAGE_H);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr (PwImage) image = make_image ();
  g_autoptr (PwLabelSet) labels = NULL;
  g_autoptr (GError) error = NULL;

  labels = pw_label_set_new_from_text ("car\nperson\n", -1, "labels.txt", &error);
  g_assert_no_error (error);

  fixture->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_decorated (fixture->window, FALSE);
  gtk_window_set_default_size (fixture->window, 800, 600);
  fixture->weak_window = fixture->window;
  g_object_add_weak_pointer (G_OBJECT (fixture->window), &fixture->weak_window);

  fixture->canvas = PW_IMAGE_CANVAS (pw_image_canvas_new ());
  fixture->annotation = pw_annotation_new (IMAGE_W, IMAGE_H);
  pw_image_canvas_set_annotation (fixture->canvas, fixture->annotation);
  pw_image_canvas_set_labels (fixture->canvas, labels);
  pw_image_canvas_set_image (fixture->canvas, image);
  gtk_window_set_child (fixture->window, GTK_WIDGET (fixture->canvas));
  gtk_window_present (fixture->window);
  pw_ui_test_wait_for_frames (GTK_WIDGET (fixture->window), 3);
  gtk_widget_grab_focus (GTK_WIDGET (fixture->canvas));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gtk_window_destroy (fixture->window);
  pw_ui_test_wait_finalized (&fixture->weak_window);
  g_assert_finalize_object (fixture->annotation);
}

/* Image coordinates to the screen: without a window manager the window
 * sits at the origin of the screen. */
static void
to_screen (Fixture *fixture,
           double   ix,
           double   iy,
           int     *sx,
           int     *sy)
{
  double zoom = pw_image_canvas_get_zoom (fixture->canvas);
  int width = gtk_widget_get_width (GTK_WIDGET (fixture->canvas));
  int height = gtk_widget_get_height (GTK_WIDGET (fixture->canvas));
  double tx = (width - IMAGE_W * zoom) / 2.0;
  double ty = (height - IMAGE_H * zoom) / 2.0;
  graphene_point_t in, out;
  double nx, ny;

  in = GRAPHENE_POINT_INIT (tx + ix * zoom, ty + iy * zoom);
  g_assert_true (gtk_widget_compute_point (GTK_WIDGET (fixture->canvas),
                                           GTK_WIDGET (fixture->window), &in, &out));
  gtk_native_get_surface_transform (GTK_NATIVE (fixture->window), &nx, &ny);
  *sx = (int) lround (out.x + nx);
  *sy = (int) lround (out.y + ny);
}

static void
drag (Fixture *fixture,
      double   x0,
      double   y0,
      double   x1,
      double   y1)
{
  int sx0, sy0, sx1, sy1;
  g_autofree char *ax = NULL, *ay = NULL, *bx = NULL, *by = NULL, *mx = NULL, *my = NULL;

  to_screen (fixture, x0, y0, &sx0, &sy0);
  to_screen (fixture, x1, y1, &sx1, &sy1);
  ax = g_strdup_printf ("%d", sx0), ay = g_strdup_printf ("%d", sy0);
  bx = g_strdup_printf ("%d", sx1), by = g_strdup_printf ("%d", sy1);
  mx = g_strdup_printf ("%d", (sx0 + sx1) / 2), my = g_strdup_printf ("%d", (sy0 + sy1) / 2);
  pw_ui_test_xdotool ("mousemove", ax, ay, "sleep", "0.05", "mousedown", "1", "sleep", "0.05",
           "mousemove", mx, my, "sleep", "0.05", "mousemove", bx, by, "sleep", "0.05",
           "mouseup", "1", NULL);
}

static void
click (Fixture *fixture,
       double   x,
       double   y)
{
  int sx, sy;
  g_autofree char *ax = NULL, *ay = NULL;

  to_screen (fixture, x, y, &sx, &sy);
  ax = g_strdup_printf ("%d", sx), ay = g_strdup_printf ("%d", sy);
  /* Apart in time, so that two clicks are not a double-click. */
  pw_ui_test_xdotool ("mousemove", ax, ay, "sleep", "0.05", "click", "1", "sleep", "0.45", NULL);
}

static guint
count_pieces (PwImageCanvas *canvas)
{
  return canvas->pieces.table != NULL ? g_hash_table_size (canvas->pieces.table) : 0;
}

static void
test_canvas_fit_and_zoom (Fixture       *fixture,
                          gconstpointer  data)
{
  int width = gtk_widget_get_width (GTK_WIDGET (fixture->canvas));
  int height = gtk_widget_get_height (GTK_WIDGET (fixture->canvas));
  double fit = MIN ((double) width / IMAGE_W, (double) height / IMAGE_H);

  g_assert_cmpfloat_with_epsilon (pw_image_canvas_get_zoom (fixture->canvas), fit, 1e-9);

  gtk_widget_activate_action (GTK_WIDGET (fixture->canvas), "canvas.zoom-original", NULL);
  g_assert_cmpfloat_with_epsilon (pw_image_canvas_get_zoom (fixture->canvas), 1.0, 1e-9);
  gtk_widget_activate_action (GTK_WIDGET (fixture->canvas), "canvas.zoom-in", NULL);
  g_assert_cmpfloat (pw_image_canvas_get_zoom (fixture->canvas), >, 1.0);
  g_assert_cmpuint (pw_image_canvas_wanted_scale_denominator (fixture->canvas), ==, 1);
  pw_image_canvas_zoom_to (fixture->canvas, 0.2, 10, 10);
  g_assert_cmpuint (pw_image_canvas_wanted_scale_denominator (fixture->canvas), ==, 4);
  pw_image_canvas_zoom_to (fixture->canvas, 0.1, 10, 10);
  g_assert_cmpuint (pw_image_canvas_wanted_scale_denominator (fixture->canvas), ==, 8);

  /* F fits again, from the keyboard. */
  pw_ui_test_xdotool ("key", "f", NULL);
  g_assert_cmpfloat_with_epsilon (pw_image_canvas_get_zoom (fixture->canvas), fit, 1e-9);
}

static void
test_canvas_draw_box_and_label (Fixture       *fixture,
                                gconstpointer  data)
{
  GPtrArray *shapes = pw_annotation_get_shapes (fixture->annotation);
  double tolerance = 1.5 / pw_image_canvas_get_zoom (fixture->canvas) + 0.01;
  PwShape *shape;
  PwRect rect;

  /* An image with no shapes is drawn as it is: no cache of the view. */
  g_assert_true (count_pieces (fixture->canvas) == 0);
  g_assert_false (_pw_image_canvas_has_shapes (fixture->canvas));

  pw_ui_test_xdotool ("key", "b", NULL);
  g_assert_cmpint (pw_image_canvas_get_tool (fixture->canvas), ==, PW_CANVAS_TOOL_BOX);
  drag (fixture, 50, 40, 210, 160);

  g_assert_cmpuint (shapes->len, ==, 1);
  pw_ui_test_wait_for_frames (GTK_WIDGET (fixture->window), 2);
  g_assert_cmpuint (count_pieces (fixture->canvas), >, 0);
  shape = g_ptr_array_index (shapes, 0);
  g_assert_cmpint (pw_shape_get_shape_type (shape), ==, PW_SHAPE_BBOX);
  pw_shape_get_rect (shape, &rect);
  g_assert_cmpfloat_with_epsilon (rect.x, 50, tolerance);
  g_assert_cmpfloat_with_epsilon (rect.y, 40, tolerance);
  g_assert_cmpfloat_with_epsilon (rect.w, 160, 2 * tolerance);
  g_assert_cmpfloat_with_epsilon (rect.h, 120, 2 * tolerance);
  g_assert_cmpstr (pw_image_canvas_get_selected (fixture->canvas), ==, pw_shape_get_id (shape));

  /* 2 labels the new, selected box; undo takes the label back. */
  pw_ui_test_xdotool ("key", "2", NULL);
  g_assert_cmpstr (pw_shape_get_label (g_ptr_array_index (shapes, 0)), ==, "person");
  pw_ui_test_xdotool ("key", "ctrl+z", NULL);
  g_assert_cmpstr (pw_shape_get_label (g_ptr_array_index (shapes, 0)), ==, NULL);
  pw_ui_test_xdotool ("key", "ctrl+shift+z", NULL);
  g_assert_cmpstr (pw_shape_get_label (g_ptr_array_index (shapes, 0)), ==, "person");

  /* Past the ninth label the keys go on as in every panel: 0, then
   * Shift+1 (pw-label-keys.h). */
  for (guint i = 3; i <= 11; i++)
    {
      g_autofree char *name = g_strdup_printf ("l%u", i);

      g_assert_nonnull (pw_label_set_append (fixture->canvas->labels, name));
    }
  pw_ui_test_xdotool ("key", "0", NULL);
  PW_UI_TEST_WAIT_UNTIL (g_strcmp0 (pw_shape_get_label (g_ptr_array_index (shapes, 0)),
                                    "l10") == 0, 10);
  pw_ui_test_xdotool ("key", "shift+1", NULL);
  PW_UI_TEST_WAIT_UNTIL (g_strcmp0 (pw_shape_get_label (g_ptr_array_index (shapes, 0)),
                                    "l11") == 0, 10);
  pw_ui_test_xdotool ("key", "2", NULL);
  PW_UI_TEST_WAIT_UNTIL (g_strcmp0 (pw_shape_get_label (g_ptr_array_index (shapes, 0)),
                                    "person") == 0, 10);

  /* A box dragged past the edge is clamped to the image. */
  drag (fixture, 300, 200, 460, 380);
  g_assert_cmpuint (shapes->len, ==, 2);
  pw_shape_get_rect (g_ptr_array_index (shapes, 1), &rect);
  g_assert_cmpfloat_with_epsilon (rect.x + rect.w, IMAGE_W, 1e-9);
  g_assert_cmpfloat_with_epsilon (rect.y + rect.h, IMAGE_H, 1e-9);
  /* The sticky label went to the next box drawn. */
  g_assert_cmpstr (pw_shape_get_label (g_ptr_array_index (shapes, 1)), ==, "person");
}

static void
test_canvas_polygon (Fixture       *fixture,
                     gconstpointer  data)
{
  GPtrArray *shapes = pw_annotation_get_shapes (fixture->annotation);
  guint n_points;

  pw_ui_test_xdotool ("key", "p", NULL);
  g_assert_cmpint (pw_image_canvas_get_tool (fixture->canvas), ==, PW_CANVAS_TOOL_POLYGON);

  click (fixture, 100, 100);
  click (fixture, 200, 100);
  click (fixture, 250, 180);
  click (fixture, 150, 220);
  /* BackSpace takes back the last vertex; Return closes the polygon. */
  pw_ui_test_xdotool ("key", "BackSpace", NULL);
  g_assert_cmpuint (shapes->len, ==, 0);
  pw_ui_test_xdotool ("key", "Return", NULL);
  g_assert_cmpuint (shapes->len, ==, 1);
  pw_shape_get_points (g_ptr_array_index (shapes, 0), &n_points);
  g_assert_cmpuint (n_points, ==, 3);

  /* Escape throws away a polygon being drawn. */
  click (fixture, 20, 20);
  click (fixture, 60, 20);
  pw_ui_test_xdotool ("key", "Escape", NULL);
  pw_ui_test_xdotool ("key", "Return", NULL);
  g_assert_cmpuint (shapes->len, ==, 1);

  /* A click on the first vertex closes the polygon too. */
  click (fixture, 300, 50);
  click (fixture, 380, 60);
  click (fixture, 340, 120);
  click (fixture, 300, 50);
  g_assert_cmpuint (shapes->len, ==, 2);
}

static void
test_canvas_select_move_delete (Fixture       *fixture,
                                gconstpointer  data)
{
  GPtrArray *shapes = pw_annotation_get_shapes (fixture->annotation);
  double tolerance = 1.5 / pw_image_canvas_get_zoom (fixture->canvas) + 0.01;
  PwRect rect;

  drag (fixture, 100, 100, 200, 180);
  g_assert_cmpuint (shapes->len, ==, 1);

  pw_ui_test_xdotool ("key", "v", NULL);
  pw_ui_test_xdotool ("key", "Escape", NULL);
  g_assert_null (pw_image_canvas_get_selected (fixture->canvas));

  /* Drag the inside: the box moves by the drag. */
  drag (fixture, 150, 140, 180, 120);
  pw_shape_get_rect (g_ptr_array_index (shapes, 0), &rect);
  g_assert_cmpfloat_with_epsilon (rect.x, 130, 2 * tolerance);
  g_assert_cmpfloat_with_epsilon (rect.y, 80, 2 * tolerance);
  g_assert_cmpfloat_with_epsilon (rect.w, 100, 2 * tolerance);

  /* The bottom-right handle resizes it. */
  drag (fixture, rect.x + rect.w, rect.y + rect.h, 300, 250);
  pw_shape_get_rect (g_ptr_array_index (shapes, 0), &rect);
  g_assert_cmpfloat_with_epsilon (rect.x + rect.w, 300, 2 * tolerance);
  g_assert_cmpfloat_with_epsilon (rect.y + rect.h, 250, 2 * tolerance);

  /* Arrows nudge by one pixel, Shift by ten. */
  pw_ui_test_xdotool ("key", "Right", "key", "shift+Down", NULL);
  {
    PwRect moved;

    pw_shape_get_rect (g_ptr_array_index (shapes, 0), &moved);
    g_assert_cmpfloat_with_epsilon (moved.x, rect.x + 1, 1e-9);
    g_assert_cmpfloat_with_epsilon (moved.y, rect.y + 10, 1e-9);
  }

  /* H hides the shapes and shows them again. */
  pw_ui_test_xdotool ("key", "h", NULL);
  g_assert_false (pw_image_canvas_get_shapes_visible (fixture->canvas));
  pw_ui_test_xdotool ("key", "h", NULL);
  g_assert_true (pw_image_canvas_get_shapes_visible (fixture->canvas));

  pw_ui_test_xdotool ("key", "Delete", NULL);
  g_assert_cmpuint (shapes->len, ==, 0);
  pw_ui_test_xdotool ("key", "ctrl+z", NULL);
  g_assert_cmpuint (shapes->len, ==, 1);

  /* Tab cycles the selection. */
  pw_ui_test_xdotool ("key", "Escape", "key", "Tab", NULL);
  g_assert_cmpstr (pw_image_canvas_get_selected (fixture->canvas), ==,
                   pw_shape_get_id (g_ptr_array_index (shapes, 0)));
}

static void
test_canvas_vertices (Fixture       *fixture,
                      gconstpointer  data)
{
  GPtrArray *shapes = pw_annotation_get_shapes (fixture->annotation);
  double tolerance = 1.5 / pw_image_canvas_get_zoom (fixture->canvas) + 0.01;
  const PwPoint *points;
  guint n_points;
  int sx, sy;
  g_autofree char *ax = NULL, *ay = NULL;

  pw_ui_test_xdotool ("key", "p", NULL);
  click (fixture, 100, 100);
  click (fixture, 200, 100);
  click (fixture, 150, 200);
  pw_ui_test_xdotool ("key", "Return", "key", "v", NULL);
  g_assert_cmpuint (shapes->len, ==, 1);

  /* Drag the second vertex. */
  drag (fixture, 200, 100, 260, 80);
  points = pw_shape_get_points (g_ptr_array_index (shapes, 0), &n_points);
  g_assert_cmpuint (n_points, ==, 3);
  g_assert_cmpfloat_with_epsilon (points[1].x, 260, 2 * tolerance);
  g_assert_cmpfloat_with_epsilon (points[1].y, 80, 2 * tolerance);

  /* Ctrl+click on the first edge inserts a vertex there. */
  to_screen (fixture, 180, 90, &sx, &sy);
  ax = g_strdup_printf ("%d", sx), ay = g_strdup_printf ("%d", sy);
  pw_ui_test_xdotool ("mousemove", ax, ay, "sleep", "0.05", "keydown", "ctrl", "click", "1",
           "keyup", "ctrl", "sleep", "0.3", NULL);
  points = pw_shape_get_points (g_ptr_array_index (shapes, 0), &n_points);
  g_assert_cmpuint (n_points, ==, 4);
  g_assert_cmpfloat_with_epsilon (points[1].x, 180, 2 * tolerance);

  /* Delete takes the selected vertex away, then the shape. */
  pw_ui_test_xdotool ("key", "Delete", NULL);
  pw_shape_get_points (g_ptr_array_index (shapes, 0), &n_points);
  g_assert_cmpuint (n_points, ==, 3);
  pw_ui_test_xdotool ("key", "Delete", NULL);
  g_assert_cmpuint (shapes->len, ==, 0);
}

static void
test_canvas_preview (void)
{
  gsize stride = 4200 * 3;
  g_autoptr (GBytes) bytes = g_bytes_new_take (g_malloc0 (stride * 3000), stride * 3000);
  g_autoptr (PwImage) image = pw_image_new (PW_IMAGE_FORMAT_RGB8, 4200, 3000, stride, bytes,
                                            1, 4200, 3000);
  g_autoptr (PwImage) first_view = pw_image_reduce (image, 4);
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  PwImageCanvas *canvas = PW_IMAGE_CANVAS (pw_image_canvas_new ());
  gpointer weak_window = window;
  PwImage *drawn;
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  g_object_add_weak_pointer (G_OBJECT (window), &weak_window);
  gtk_window_set_default_size (window, 800, 600);
  gtk_window_set_child (window, GTK_WIDGET (canvas));
  gtk_window_present (window);
  pw_ui_test_wait_for_frames (GTK_WIDGET (window), 2);

  /* A large image gets a smaller copy, made on a thread, for the fit view. */
  pw_image_canvas_set_image (canvas, image);
  while ((drawn = pw_image_canvas_get_drawn_image (canvas)) == image)
    {
      g_main_context_iteration (NULL, FALSE);
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
    }
  g_assert_cmpint (pw_image_get_width (drawn), <=, 2048);
  g_assert_cmpint (pw_image_get_full_width (drawn), ==, 4200);

  /* At 100 % the image itself is drawn. */
  pw_image_canvas_zoom_to (canvas, 1.0, 10, 10);
  g_assert_true (pw_image_canvas_get_drawn_image (canvas) == image);

  /* A first view replaced by the full resolution becomes the preview. */
  pw_image_canvas_set_image (canvas, NULL);
  pw_image_canvas_set_image (canvas, first_view);
  pw_image_canvas_set_image (canvas, image);
  pw_image_canvas_zoom_fit (canvas);
  g_assert_true (pw_image_canvas_get_drawn_image (canvas) == first_view);
  pw_ui_test_wait_for_frames (GTK_WIDGET (window), 2);

  gtk_window_destroy (window);
  pw_ui_test_wait_finalized (&weak_window);
}

/* Waits, a frame at a time, until the view and the pieces around it are
 * drawn. */
static void
wait_all_drawn (PwImageCanvas *canvas)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  pw_ui_test_wait_for_frames (GTK_WIDGET (canvas), 1);
  while (!_pw_image_canvas_get_all_drawn (canvas) || canvas->fill_id != 0)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      pw_ui_test_wait_for_frames (GTK_WIDGET (canvas), 1);
    }
}

/* The drawn shapes as the renderer gets them: each piece's pixels, by the
 * piece's place on the grid. */
static GHashTable *
download_pieces (PwImageCanvas *canvas)
{
  GHashTable *downloaded = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                                  (GDestroyNotify) g_bytes_unref);
  GHashTableIter iter;
  PwPiece *piece;

  g_hash_table_iter_init (&iter, canvas->pieces.table);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &piece))
    {
      int width, height;
      guint8 *data;

      if (piece->texture == NULL)
        continue;
      width = gdk_texture_get_width (piece->texture);
      height = gdk_texture_get_height (piece->texture);
      g_assert_cmpint (width, ==, piece->pixels.width);
      g_assert_cmpint (height, ==, piece->pixels.height);
      data = g_malloc ((gsize) width * height * 4);
      gdk_texture_download (piece->texture, data, (gsize) width * 4);
      g_hash_table_insert (downloaded, g_memdup2 (&piece->key, sizeof piece->key),
                           g_bytes_new_take (data, (gsize) width * height * 4));
    }
  return downloaded;
}

/* Every piece of @full is in @partial, with the same pixels. Cairo's
 * antialiasing can differ by a step or two along the edge of a clip; a
 * shape drawn wrongly or left out differs by far more. */
static void
assert_same_pieces (GHashTable *partial,
                    GHashTable *full)
{
  GHashTableIter iter;
  gpointer key;
  GBytes *b;

  g_assert_cmpuint (g_hash_table_size (full), >, 0);
  g_hash_table_iter_init (&iter, full);
  while (g_hash_table_iter_next (&iter, &key, (gpointer *) &b))
    {
      GBytes *a = g_hash_table_lookup (partial, key);
      const guint8 *x, *y;
      guint n_different = 0;

      g_assert_nonnull (a);
      g_assert_cmpuint (g_bytes_get_size (a), ==, g_bytes_get_size (b));
      x = g_bytes_get_data (a, NULL);
      y = g_bytes_get_data (b, NULL);
      for (gsize i = 0; i < g_bytes_get_size (b); i++)
        {
          if (ABS ((int) x[i] - (int) y[i]) > 24)
            n_different++;
        }
      g_assert_cmpuint (n_different, ==, 0);
    }
}

static void
test_canvas_partial_repaint (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr (GHashTable) partial = NULL;
  g_autoptr (GHashTable) full = NULL;
  PwShape *shape;
  g_autoptr (PwShape) moved = NULL;

  for (int i = 0; i < 40; i++)
    {
      g_autofree char *id = pw_annotation_new_shape_id (fixture->annotation);
      PwPoint points[] = { { 10 + i * 9, 20 + i * 6 }, { 60 + i * 8, 30 + i * 5 },
                           { 40 + i * 7, 90 + i * 4 } };
      g_autoptr (PwShape) polygon = pw_shape_new_polygon (id, i % 2 ? "car" : "person", points, 3);

      pw_annotation_add_shape (fixture->annotation, polygon);
    }
  pw_ui_test_wait_for_frames (GTK_WIDGET (fixture->window), 3);

  /* Move one shape, select and deselect another, delete a third: each
   * redraws only its own area of the drawn shapes. */
  shape = g_ptr_array_index (pw_annotation_get_shapes (fixture->annotation), 5);
  moved = pw_shape_copy (shape);
  pw_shape_translate (moved, 37, -11);
  pw_annotation_replace_shape (fixture->annotation, moved);
  pw_image_canvas_select (fixture->canvas, "s12");
  pw_ui_test_wait_for_frames (GTK_WIDGET (fixture->window), 2);
  pw_image_canvas_select (fixture->canvas, NULL);
  pw_annotation_remove_shape (fixture->annotation, "s20");
  pw_ui_test_wait_for_frames (GTK_WIDGET (fixture->window), 2);
  wait_all_drawn (fixture->canvas);
  partial = download_pieces (fixture->canvas);

  /* The same as drawing every shape again, from the shapes as they are:
   * edits reached the index of where the shapes are, not only the pixels. */
  _pw_image_canvas_forget_shapes (fixture->canvas);
  _pw_image_canvas_invalidate (fixture->canvas);
  wait_all_drawn (fixture->canvas);
  full = download_pieces (fixture->canvas);
  assert_same_pieces (partial, full);
}

static void
test_canvas_cache_tiles (Fixture       *fixture,
                         gconstpointer  data)
{
  PwImageCanvas *canvas = fixture->canvas;
  PwPoint corner[] = { { 10, 10 }, { 30, 12 }, { 20, 30 } };
  PwPoint middle[] = { { 150, 100 }, { 250, 110 }, { 200, 200 } };
  g_autoptr (PwShape) small = pw_shape_new_polygon ("s-corner", "car", corner, 3);
  g_autoptr (PwShape) large = pw_shape_new_polygon ("s-middle", "person", middle, 3);
  g_autoptr (PwShape) moved = NULL;
  g_autoptr (GHashTable) before = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                                         g_object_unref);
  gsize stride = 2000 * 3;
  g_autoptr (GBytes) bytes = g_bytes_new_take (g_malloc0 (stride * 1500), stride * 1500);
  g_autoptr (PwImage) image = pw_image_new (PW_IMAGE_FORMAT_RGB8, 2000, 1500, stride, bytes,
                                            1, 2000, 1500);
  GHashTableIter iter;
  PwPiece *piece;
  guint n_replaced = 0;

  /* Below 100 %, where the drawn shapes are cut into pieces. */
  pw_image_canvas_set_image (canvas, image);
  pw_annotation_add_shape (fixture->annotation, small);
  pw_annotation_add_shape (fixture->annotation, large);
  wait_all_drawn (canvas);
  g_assert_cmpfloat (canvas->scale, <, 1.0);
  g_assert_cmpuint (count_pieces (canvas), >, 4);

  /* Each piece is drawn a texture pixel to a screen pixel, on whole pixels. */
  g_hash_table_iter_init (&iter, canvas->pieces.table);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &piece))
    {
      double x = piece->bounds.origin.x * canvas->scale + canvas->tx;
      double y = piece->bounds.origin.y * canvas->scale + canvas->ty;

      g_assert_nonnull (piece->texture);
#if !GTK_CHECK_VERSION (4, 10, 0)
      /* GTK 4.8's GL renderer gets textures that say how to sample them. */
      if (GSK_IS_GL_RENDERER (gtk_native_get_renderer (GTK_NATIVE (fixture->window))))
        g_assert_true (GDK_IS_GL_TEXTURE (piece->texture));
#endif
      g_assert_cmpfloat_with_epsilon (piece->bounds.size.width * canvas->pieces.scale,
                                      gdk_texture_get_width (piece->texture), 1e-6);
      g_assert_cmpfloat_with_epsilon (piece->bounds.size.height * canvas->pieces.scale,
                                      gdk_texture_get_height (piece->texture), 1e-6);
      g_assert_cmpfloat_with_epsilon (x, round (x), 1e-6);
      g_assert_cmpfloat_with_epsilon (y, round (y), 1e-6);
      g_hash_table_insert (before, g_memdup2 (&piece->key, sizeof piece->key),
                           g_object_ref (piece->texture));
    }

  /* Moving the small shape in the corner makes again only the pieces there. */
  moved = pw_shape_copy (small);
  pw_shape_translate (moved, 3, 2);
  pw_annotation_replace_shape (fixture->annotation, moved);
  pw_ui_test_wait_for_frames (GTK_WIDGET (fixture->window), 2);
  g_assert_cmpuint (count_pieces (canvas), ==, g_hash_table_size (before));
  g_hash_table_iter_init (&iter, canvas->pieces.table);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &piece))
    {
      if (piece->texture != g_hash_table_lookup (before, &piece->key))
        n_replaced++;
    }
  g_assert_cmpuint (n_replaced, >=, 1);
  g_assert_cmpuint (n_replaced, <=, 2);
}

/* An image of 2000 × 1500 with 3,000 small polygons all over it. */
static PwAnnotation *
make_busy_annotation (PwImageCanvas *canvas)
{
  gsize stride = 2000 * 3;
  guint8 *pixels = g_malloc (stride * 1500);
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (PwImage) image = NULL;
  g_autoptr (GRand) rand = g_rand_new_with_seed (3);
  PwAnnotation *annotation = pw_annotation_new (2000, 1500);

  for (gsize i = 0; i < stride * 1500; i++)
    pixels[i] = (guint8) (i * 7 / 5);
  bytes = g_bytes_new_take (pixels, stride * 1500);
  image = pw_image_new (PW_IMAGE_FORMAT_RGB8, 2000, 1500, stride, bytes, 1, 2000, 1500);

  for (int i = 0; i < 3000; i++)
    {
      g_autofree char *id = pw_annotation_new_shape_id (annotation);
      double cx = g_rand_double_range (rand, 0, 2000);
      double cy = g_rand_double_range (rand, 0, 1500);
      PwPoint points[12];
      g_autoptr (PwShape) shape = NULL;

      for (int v = 0; v < 12; v++)
        {
          points[v].x = cx + 20 * cos (v * G_PI / 6);
          points[v].y = cy + 14 * sin (v * G_PI / 6);
        }
      shape = pw_shape_new_polygon (id, i % 2 ? "car" : "person", points, 12);
      pw_annotation_add_shape (annotation, shape);
    }
  pw_image_canvas_set_image (canvas, image);
  pw_image_canvas_set_annotation (canvas, annotation);
  return annotation;
}

typedef struct
{
  PwImageCanvas  *canvas;
  guint           n_frames;
  guint           n_frames_view_incomplete;
  gboolean        margin_before_view;
  gboolean        placeholder_missing;
} ViewFirst;

/* After each frame: has anything out of view been drawn while the view
 * still waits, and does the last zoom's drawing stand in meanwhile? */
static void
check_view_first (GdkFrameClock *clock,
                  ViewFirst     *check)
{
  PwImageCanvas *canvas = check->canvas;
  graphene_rect_t view;
  GHashTableIter iter;
  PwPiece *piece;

  if (!canvas->cache_valid || canvas->pieces.table == NULL || canvas->pieces.scale < 3.0)
    return;

  check->n_frames++;
  if (_pw_image_canvas_get_view_complete (canvas))
    return;

  check->n_frames_view_incomplete++;
  if (g_hash_table_size (canvas->old_pieces.table) == 0)
    check->placeholder_missing = TRUE;
  graphene_rect_init (&view, -canvas->tx / canvas->scale, -canvas->ty / canvas->scale,
                      gtk_widget_get_width (GTK_WIDGET (canvas)) / canvas->scale,
                      gtk_widget_get_height (GTK_WIDGET (canvas)) / canvas->scale);
  g_hash_table_iter_init (&iter, canvas->pieces.table);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &piece))
    {
      graphene_rect_t inner;

      /* Not merely touching the view along an edge. */
      graphene_rect_inset_r (&piece->bounds, 0.5 / canvas->scale, 0.5 / canvas->scale, &inner);
      if (piece->texture != NULL && !graphene_rect_intersection (&inner, &view, NULL))
        check->margin_before_view = TRUE;
    }
}

/* Zoomed in on an image with thousands of shapes: the view is drawn
 * before the pieces around it, the last zoom's pieces stand in until it
 * is, and the whole is the same as drawn at once. */
static void
test_canvas_view_first (Fixture       *fixture,
                        gconstpointer  data)
{
  PwImageCanvas *canvas = fixture->canvas;
  g_autoptr (PwAnnotation) annotation = make_busy_annotation (canvas);
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (fixture->window));
  ViewFirst check = { canvas };

  wait_all_drawn (canvas);

  g_signal_connect (clock, "after-paint", G_CALLBACK (check_view_first), &check);
  pw_image_canvas_zoom_to (canvas, 4.0, 400, 300);
  wait_all_drawn (canvas);
  g_signal_handlers_disconnect_by_func (clock, check_view_first, &check);
  g_test_message ("%u frames at 4×, %u of them before the view was drawn", check.n_frames,
                  check.n_frames_view_incomplete);
  g_assert_cmpuint (check.n_frames, >, 0);
  g_assert_false (check.margin_before_view);
  g_assert_false (check.placeholder_missing);
  /* Once the view is drawn, the last zoom's pieces are let go. */
  g_assert_cmpuint (g_hash_table_size (canvas->old_pieces.table), ==, 0);
  g_assert_nonnull (canvas->shape_index);
  g_assert_cmpuint (pw_shape_index_get_n_shapes (canvas->shape_index), ==, 3000);

  {
    g_autoptr (GHashTable) progressive = download_pieces (canvas);
    g_autoptr (GHashTable) again = NULL;

    _pw_image_canvas_invalidate (canvas);
    wait_all_drawn (canvas);
    again = download_pieces (canvas);
    assert_same_pieces (progressive, again);
  }

  pw_image_canvas_set_annotation (canvas, fixture->annotation);
  g_assert_finalize_object (g_steal_pointer (&annotation));
}

/* The pieces drawn, by key, with their textures. */
static GHashTable *
list_pieces (PwImageCanvas *canvas)
{
  GHashTable *listed = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  GHashTableIter iter;
  PwPiece *piece;

  g_hash_table_iter_init (&iter, canvas->pieces.table);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &piece))
    g_hash_table_insert (listed, g_memdup2 (&piece->key, sizeof piece->key), piece->texture);
  return listed;
}

/* Panning a step at a time at 100 %: a step draws only the pieces it
 * brings near the view, keeps the others as they were, and panning back
 * over what was shown draws nothing. Out of view, only textures are
 * kept. */
static void
test_canvas_pan_draws_exposed (Fixture       *fixture,
                               gconstpointer  data)
{
  PwImageCanvas *canvas = fixture->canvas;
  g_autoptr (PwAnnotation) annotation = make_busy_annotation (canvas);
  guint64 first_pass = 0;

  pw_image_canvas_zoom_to (canvas, 1.0, 0, 0);
  pw_image_canvas_pan (canvas, -100, -100);
  wait_all_drawn (canvas);

  for (int step = 0; step < 90; step++)
    {
      g_autoptr (GHashTable) before = list_pieces (canvas);
      guint64 drawn_before = canvas->pixels_drawn;
      guint64 brought = 0;
      /* Thirty steps on, thirty back, thirty on again. */
      double direction = step < 30 || step >= 60 ? -1.0 : 1.0;
      GHashTableIter iter;
      PwPiece *piece;

      graphene_rect_t view;

      pw_image_canvas_pan (canvas, 24 * direction, 7 * direction);
      wait_all_drawn (canvas);
      graphene_rect_init (&view, -canvas->tx / canvas->scale, -canvas->ty / canvas->scale,
                          gtk_widget_get_width (GTK_WIDGET (canvas)) / canvas->scale,
                          gtk_widget_get_height (GTK_WIDGET (canvas)) / canvas->scale);

      g_hash_table_iter_init (&iter, canvas->pieces.table);
      while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &piece))
        {
          gpointer texture;

          if (g_hash_table_lookup_extended (before, &piece->key, NULL, &texture))
            g_assert_true (piece->texture == texture);
          else
            brought += (guint64) piece->pixels.width * piece->pixels.height;
          /* Out of view, a piece keeps its texture and not its pixels. */
          if (piece->surface != NULL)
            g_assert_true (graphene_rect_intersection (&piece->bounds, &view, NULL));
        }
      g_assert_cmpuint (canvas->pixels_drawn - drawn_before, ==, brought);
      if (step < 30)
        first_pass += brought;
      else
        g_assert_cmpuint (brought, ==, 0);
    }
  g_test_message ("the first thirty steps drew %" G_GUINT64_FORMAT " pixels", first_pass);
  g_assert_cmpuint (first_pass, >, 0);

  pw_image_canvas_set_annotation (canvas, fixture->annotation);
  g_assert_finalize_object (g_steal_pointer (&annotation));
}

/* Another image or other shapes are never shown through the pieces drawn
 * for the last ones, not even for a frame. */
static void
test_canvas_no_stand_in_across_images (Fixture       *fixture,
                                       gconstpointer  data)
{
  PwImageCanvas *canvas = fixture->canvas;
  g_autoptr (PwAnnotation) annotation = make_busy_annotation (canvas);
  g_autoptr (PwAnnotation) other = pw_annotation_new (2000, 1500);
  gsize stride = 2000 * 3;
  g_autoptr (GBytes) bytes = g_bytes_new_take (g_malloc0 (stride * 1500), stride * 1500);
  g_autoptr (PwImage) image = pw_image_new (PW_IMAGE_FORMAT_RGB8, 2000, 1500, stride, bytes,
                                            1, 2000, 1500);
  PwPoint points[] = { { 100, 100 }, { 900, 150 }, { 500, 800 } };
  g_autoptr (PwShape) shape = pw_shape_new_polygon ("s-other", "car", points, 3);

  wait_all_drawn (canvas);
  g_assert_cmpuint (count_pieces (canvas), >, 0);

  /* A zoom lets the last zoom's pieces stand in ... */
  pw_image_canvas_zoom_to (canvas, 3.0, 400, 300);
  pw_ui_test_wait_for_frames (GTK_WIDGET (fixture->window), 1);
  g_assert_true (_pw_image_canvas_get_view_complete (canvas)
                 || g_hash_table_size (canvas->old_pieces.table) > 0);
  wait_all_drawn (canvas);

  /* ... another image of the same size does not, */
  pw_image_canvas_set_image (canvas, image);
  pw_ui_test_wait_for_frames (GTK_WIDGET (fixture->window), 1);
  g_assert_cmpuint (g_hash_table_size (canvas->old_pieces.table), ==, 0);
  wait_all_drawn (canvas);

  /* ... nor other shapes. */
  pw_annotation_add_shape (other, shape);
  pw_image_canvas_set_annotation (canvas, other);
  pw_ui_test_wait_for_frames (GTK_WIDGET (fixture->window), 1);
  g_assert_cmpuint (g_hash_table_size (canvas->old_pieces.table), ==, 0);
  wait_all_drawn (canvas);

  pw_image_canvas_set_annotation (canvas, fixture->annotation);
  g_assert_finalize_object (g_steal_pointer (&annotation));
  g_assert_finalize_object (g_steal_pointer (&other));
}

/* The canvas's pixels as the window's renderer draws them now. */
/* The canvas's pixels, drawn as a frame draws it: at its place in the
 * window, @dx, @dy from the window's corner. */
static GBytes *
render_canvas_at (Fixture *fixture,
                  float    dx,
                  float    dy)
{
  GtkWidget *widget = GTK_WIDGET (fixture->canvas);
  GskRenderer *renderer = gtk_native_get_renderer (GTK_NATIVE (fixture->window));
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr (GskRenderNode) node = NULL;
  g_autoptr (GdkTexture) texture = NULL;
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  guint8 *data = g_malloc ((gsize) width * height * 4);

  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (dx, dy));
  GTK_WIDGET_GET_CLASS (widget)->snapshot (widget, snapshot);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (renderer, node,
                                         &GRAPHENE_RECT_INIT (dx, dy, width, height));
  gdk_texture_download (texture, data, (gsize) width * 4);
  return g_bytes_new_take (data, (gsize) width * height * 4);
}

static GBytes *
render_canvas (Fixture *fixture)
{
  return render_canvas_at (fixture, 0, 0);
}

static void
assert_same_pixels (GBytes *a,
                    GBytes *b)
{
  const guint8 *x = g_bytes_get_data (a, NULL);
  const guint8 *y = g_bytes_get_data (b, NULL);
  guint n_different = 0;

  g_assert_cmpuint (g_bytes_get_size (a), ==, g_bytes_get_size (b));
  for (gsize i = 0; i < g_bytes_get_size (a); i++)
    {
      if (ABS ((int) x[i] - (int) y[i]) > 24)
        n_different++;
    }
  g_assert_cmpuint (n_different, ==, 0);
}

/* Whatever the way there (zooms, pans, edits while parts wait), once
 * settled the canvas shows what a fresh drawing of the view shows. */
static void
test_canvas_settled_equals_full (Fixture       *fixture,
                                 gconstpointer  data)
{
  PwImageCanvas *canvas = fixture->canvas;
  g_autoptr (PwAnnotation) annotation = make_busy_annotation (canvas);
  GPtrArray *shapes = pw_annotation_get_shapes (annotation);
  g_autoptr (GBytes) settled = NULL;
  g_autoptr (GBytes) fresh = NULL;

  wait_all_drawn (canvas);
  pw_image_canvas_zoom_to (canvas, 1.0, 400, 300);
  pw_ui_test_wait_for_frames (GTK_WIDGET (fixture->window), 1);
  for (int i = 0; i < 10; i++)
    {
      g_autoptr (PwShape) moved = pw_shape_copy (g_ptr_array_index (shapes, i * 97));

      pw_image_canvas_pan (canvas, -37, 11);
      pw_shape_translate (moved, 5, -3);
      pw_annotation_replace_shape (annotation, moved);
      pw_ui_test_wait_for_frames (GTK_WIDGET (fixture->window), 1);
    }
  pw_annotation_remove_shape (annotation, pw_shape_get_id (g_ptr_array_index (shapes, 50)));
  pw_image_canvas_zoom_to (canvas, 2.5, 300, 200);
  pw_ui_test_wait_for_frames (GTK_WIDGET (fixture->window), 1);
  pw_image_canvas_pan (canvas, 60, 20);
  wait_all_drawn (canvas);
  settled = render_canvas (fixture);

  _pw_image_canvas_forget_shapes (canvas);
  _pw_image_canvas_drop_pieces (canvas);
  wait_all_drawn (canvas);
  fresh = render_canvas (fixture);
  assert_same_pixels (settled, fresh);

  pw_image_canvas_set_annotation (canvas, fixture->annotation);
  g_assert_finalize_object (g_steal_pointer (&annotation));
}

/* The shape under the pointer, found through the index, is the one a
 * look at every shape finds, after edits too. */
static void
test_canvas_hit_test_index (Fixture       *fixture,
                            gconstpointer  data)
{
  PwImageCanvas *canvas = fixture->canvas;
  g_autoptr (PwAnnotation) annotation = make_busy_annotation (canvas);
  GPtrArray *shapes = pw_annotation_get_shapes (annotation);
  g_autoptr (GRand) rand = g_rand_new_with_seed (11);
  g_autoptr (PwShape) box = pw_shape_new_bbox ("s-box", "car", 600, 400, 300, 200);

  wait_all_drawn (canvas);
  pw_annotation_add_shape (annotation, box);
  for (int i = 0; i < 40; i++)
    {
      g_autoptr (PwShape) moved = pw_shape_copy (g_ptr_array_index (shapes, i * 71));

      pw_shape_translate (moved, g_rand_double_range (rand, -300, 300),
                          g_rand_double_range (rand, -300, 300));
      pw_annotation_replace_shape (annotation, moved);
    }
  pw_annotation_remove_shape (annotation, pw_shape_get_id (g_ptr_array_index (shapes, 7)));

  for (int i = 0; i < 4000; i++)
    {
      double x = g_rand_double_range (rand, -20, 2020);
      double y = g_rand_double_range (rand, -20, 1520);
      double tolerance = i % 2 ? 7.0 / canvas->scale : 2.0;
      PwHit by_index, by_scan;
      PwShape *found = _pw_image_canvas_shape_at (canvas, x, y, tolerance, &by_index);
      PwShape *expected = pw_geometry_shape_at (shapes, x, y, tolerance, &by_scan);

      g_assert_true (found == expected);
      g_assert_cmpint (by_index.kind, ==, by_scan.kind);
      g_assert_cmpint (by_index.handle, ==, by_scan.handle);
      g_assert_cmpint (by_index.index, ==, by_scan.index);
    }

  pw_image_canvas_set_annotation (canvas, fixture->annotation);
  g_assert_finalize_object (g_steal_pointer (&annotation));
}

/* How far the drawn view differs at a point of the image from the test
 * image's own colour there: a shape's fill tints it. */
static int
view_tint_at (Fixture *fixture,
              GBytes  *view,
              double   ix,
              double   iy)
{
  double zoom = pw_image_canvas_get_zoom (fixture->canvas);
  int width = gtk_widget_get_width (GTK_WIDGET (fixture->canvas));
  int height = gtk_widget_get_height (GTK_WIDGET (fixture->canvas));
  int x = (int) floor ((width - IMAGE_W * zoom) / 2.0 + ix * zoom);
  int y = (int) floor ((height - IMAGE_H * zoom) / 2.0 + iy * zoom);
  const guint8 *pixel;
  int image[3] = { (int) ix * 255 / IMAGE_W, (int) iy * 255 / IMAGE_H, 128 };
  int tint = 0;

  g_assert_cmpint (x, >=, 0);
  g_assert_cmpint (y, >=, 0);
  g_assert_cmpint (x, <, width);
  g_assert_cmpint (y, <, height);
  /* The image is drawn in, opaque: B, G, R, A bytes. */
  pixel = (const guint8 *) g_bytes_get_data (view, NULL) + (gsize) y * width * 4 + (gsize) x * 4;
  for (int c = 0; c < 3; c++)
    tint = MAX (tint, ABS ((int) pixel[2 - c] - image[c]));
  return tint;
}

/* A box turned 45° clockwise about its centre, as CVAT and Label Studio
 * keep them, is drawn and hit where it is turned, not where the box would
 * be upright; it moves, resizes along its own sides keeping its turn, and
 * is deleted. */
static void
test_canvas_turned_box (Fixture       *fixture,
                        gconstpointer  data)
{
  GPtrArray *shapes = pw_annotation_get_shapes (fixture->annotation);
  double tolerance = 1.5 / pw_image_canvas_get_zoom (fixture->canvas) + 0.01;
  double diagonal = sqrt (0.5);
  g_autoptr (PwShape) box = pw_shape_new_bbox ("s1", "car", 120, 130, 160, 40);
  g_autoptr (GBytes) view = NULL;
  PwShape *now;
  PwRect rect;

  pw_shape_set_rotation (box, 45);
  pw_annotation_add_shape (fixture->annotation, box);
  wait_all_drawn (fixture->canvas);

  /* Drawn turned: 60 pixels from the centre along its long side is in
   * it; a point of the upright box 60 pixels off that side is not. */
  view = render_canvas (fixture);
  g_assert_cmpint (view_tint_at (fixture, view, 200 + 60 * diagonal, 150 + 60 * diagonal), >=, 10);
  g_assert_cmpint (view_tint_at (fixture, view, 270, 135), <=, 4);

  /* Hit where it is drawn, with the select tool. */
  pw_ui_test_xdotool ("key", "v", NULL);
  click (fixture, 270, 135);
  g_assert_null (pw_image_canvas_get_selected (fixture->canvas));
  click (fixture, 200 + 60 * diagonal, 150 + 60 * diagonal);
  g_assert_cmpstr (pw_image_canvas_get_selected (fixture->canvas), ==, "s1");

  /* Moved by a drag of its inside, with its turn. */
  drag (fixture, 200, 150, 220, 160);
  now = g_ptr_array_index (shapes, 0);
  pw_shape_get_rect (now, &rect);
  g_assert_cmpfloat_with_epsilon (rect.x, 140, 2 * tolerance);
  g_assert_cmpfloat_with_epsilon (rect.y, 140, 2 * tolerance);
  g_assert_cmpfloat (rect.w, ==, 160);
  g_assert_cmpfloat (rect.h, ==, 40);
  g_assert_cmpfloat (pw_shape_get_rotation (now), ==, 45);

  /* Its right side, dragged 20 pixels further along the long side: 180
   * long, its left side where it was, still turned 45°. */
  {
    double cx = rect.x + rect.w / 2, cy = rect.y + rect.h / 2;

    drag (fixture, cx + 80 * diagonal, cy + 80 * diagonal, cx + 100 * diagonal, cy + 100 * diagonal);
    now = g_ptr_array_index (shapes, 0);
    pw_shape_get_rect (now, &rect);
    g_assert_cmpfloat_with_epsilon (rect.w, 180, 3 * tolerance);
    g_assert_cmpfloat_with_epsilon (rect.h, 40, 1e-6);
    g_assert_cmpfloat_with_epsilon (rect.x + rect.w / 2, cx + 10 * diagonal, 3 * tolerance);
    g_assert_cmpfloat_with_epsilon (rect.y + rect.h / 2, cy + 10 * diagonal, 3 * tolerance);
    g_assert_cmpfloat (pw_shape_get_rotation (now), ==, 45);
  }

  pw_ui_test_xdotool ("key", "Delete", NULL);
  g_assert_cmpuint (shapes->len, ==, 0);
}


/* A small image zoomed to fit a large view is drawn where the canvas
 * says it is, whatever the renderer: its pixels fill exactly the
 * rectangle its corners map to. */
/* Whether @value, drawn at @screen of a view at @offset and @scale, is
 * what an image of @n_blocks blocks across @size, stepping by 20 from
 * @first, has there: the block's own value, or near a block's edge any
 * value between the two blocks'. */
static gboolean
near_colour (int    value,
             int    screen,
             double offset,
             double scale,
             int    size,
             int    n_blocks,
             int    first)
{
  double at = (screen + 0.5 - offset) / scale;
  int block = CLAMP ((int) floor (at * n_blocks / size), 0, n_blocks - 1);
  double left = (double) ((block * size + n_blocks - 1) / n_blocks);
  double right = (double) (((block + 1) * size + n_blocks - 1) / n_blocks);
  int low = first + block * 20, high = low;

  if ((at - left) * scale < 2 && block > 0)
    low -= 20;
  if ((right - at) * scale < 2 && block < n_blocks - 1)
    high += 20;
  return value >= low - 2 && value <= high + 2;
}

/* Wherever the view stands, the drawn pieces meet without a seam: an image
 * of flat blocks, with a shape far off so that the image is drawn into the
 * pieces, shows each block's colour at every pixel of the view, and
 * nothing brighter or darker than the blocks where two meet. */
static void
test_canvas_pieces_seamless (Fixture       *fixture,
                             gconstpointer  data)
{
  PwImageCanvas *canvas = fixture->canvas;
  GtkWidget *widget = GTK_WIDGET (canvas);
  const int image_w = 1920, image_h = 1080;
  gsize stride = image_w * 3;
  guint8 *pixels = g_malloc (stride * image_h);
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (PwImage) image = NULL;
  g_autoptr (PwAnnotation) annotation = pw_annotation_new (image_w, image_h);
  g_autoptr (PwShape) corner = pw_shape_new_bbox ("s-corner", "car", 2, 2, 10, 10);
  /* Zooms as the wheel makes them about a pointer off the middle, pans of
   * whole and of half pixels. */
  static const struct { int steps; double x, y, dx, dy; } views[] = {
    { 3, 344, 301, -150, -70 },
    { 3, 344, 301, 0.5, 0.5 },
    { 2, 101, 77, -33.25, 12.5 },
    { 5, 400, 300, 7, -3 },
    { 1, 250, 180, 0.5, -0.5 },
  };

  for (int y = 0; y < image_h; y++)
    for (int x = 0; x < image_w; x++)
      {
        guint8 *p = pixels + (gsize) y * stride + (gsize) x * 3;

        p[0] = 40 + (x * 7 / image_w) * 20;
        p[1] = 80 + (y * 5 / image_h) * 20;
        p[2] = 160;
      }
  bytes = g_bytes_new_take (pixels, stride * image_h);
  image = pw_image_new (PW_IMAGE_FORMAT_RGB8, image_w, image_h, stride, bytes, 1, image_w, image_h);
  pw_annotation_add_shape (annotation, corner);
  pw_image_canvas_set_image (canvas, image);
  pw_image_canvas_set_annotation (canvas, annotation);

  for (gsize v = 0; v < G_N_ELEMENTS (views); v++)
    {
      g_autoptr (GBytes) drawn = NULL;
      const guint8 *at;
      int width = gtk_widget_get_width (widget);
      int height = gtk_widget_get_height (widget);
      int x0, y0, x1, y1;
      guint n_off = 0;
      int first_x = -1, first_y = -1;

      pw_image_canvas_zoom_fit (canvas);
      for (int s = 0; s < views[v].steps; s++)
        pw_image_canvas_zoom_to (canvas, canvas->scale * 1.25 /* the wheel's step */,
                                 views[v].x, views[v].y);
      pw_image_canvas_pan (canvas, views[v].dx, views[v].dy);
      wait_all_drawn (canvas);
      g_assert_true (canvas->pieces.composited);

      drawn = render_canvas (fixture);
      at = g_bytes_get_data (drawn, NULL);
      /* The view's pixels inside the image, a pixel in from its edges and
       * clear of the shape in its corner. */
      x0 = MAX ((int) ceil (canvas->tx + 20 * canvas->scale) + 1, 0);
      y0 = MAX ((int) ceil (canvas->ty + 20 * canvas->scale) + 1, 0);
      x1 = MIN ((int) floor (canvas->tx + image_w * canvas->scale) - 1, width);
      y1 = MIN ((int) floor (canvas->ty + image_h * canvas->scale) - 1, height);
      g_assert_cmpint (x1 - x0, >, 100);
      g_assert_cmpint (y1 - y0, >, 100);
      for (int y = y0; y < y1; y++)
        for (int x = x0; x < x1; x++)
          {
            /* BGRA */
            const guint8 *p = at + ((gsize) y * width + x) * 4;

            if (!near_colour (p[2], x, canvas->tx, canvas->scale, image_w, 7, 40)
                || !near_colour (p[1], y, canvas->ty, canvas->scale, image_h, 5, 80)
                || ABS (p[0] - 160) > 2)
              {
                if (n_off++ == 0)
                  first_x = x, first_y = y;
              }
          }
      if (n_off > 0)
        g_error ("View %" G_GSIZE_FORMAT " (zoom %.3f, at %.2f, %.2f): %u pixels off the image's "
                 "colour, the first at %d, %d", v, canvas->scale, canvas->tx, canvas->ty, n_off,
                 first_x, first_y);
    }

  pw_image_canvas_set_annotation (canvas, fixture->annotation);
}

static void
test_canvas_small_image_placed (Fixture       *fixture,
                                gconstpointer  data)
{
  PwImageCanvas *canvas = fixture->canvas;
  GtkWidget *widget = GTK_WIDGET (canvas);
  gsize stride = 160 * 3;
  guint8 *pixels = g_malloc (stride * 120);
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (PwImage) image = NULL;
  g_autoptr (GBytes) drawn = NULL;
  const guint8 *at;
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  int left = width, top = height, right = -1, bottom = -1;
  double x0, y0, x1, y1;

  /* Pure red, which nothing else of the canvas draws. */
  for (gsize i = 0; i < stride * 120; i += 3)
    {
      pixels[i] = 255;
      pixels[i + 1] = 0;
      pixels[i + 2] = 0;
    }
  bytes = g_bytes_new_take (pixels, stride * 120);
  image = pw_image_new (PW_IMAGE_FORMAT_RGB8, 160, 120, stride, bytes, 1, 160, 120);
  pw_image_canvas_set_image (canvas, image);
  pw_ui_test_wait_for_frames (GTK_WIDGET (fixture->window), 2);
  g_assert_cmpfloat (pw_image_canvas_get_zoom (canvas), >, 3.0);

  /* Where a canvas is in a window, as the work area's is. */
  drawn = render_canvas_at (fixture, 206, 98);
  at = g_bytes_get_data (drawn, NULL);
  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        /* BGRA */
        const guint8 *p = at + ((gsize) y * width + x) * 4;

        if (p[2] > 230 && p[1] < 25 && p[0] < 25)
          {
            left = MIN (left, x);
            top = MIN (top, y);
            right = MAX (right, x + 1);
            bottom = MAX (bottom, y + 1);
          }
      }
  x0 = canvas->tx;
  y0 = canvas->ty;
  x1 = canvas->tx + 160 * canvas->scale;
  y1 = canvas->ty + 120 * canvas->scale;
  g_assert_cmpint (right, >, left);
  g_assert_cmpfloat (fabs (left - x0), <=, 1.0);
  g_assert_cmpfloat (fabs (top - y0), <=, 1.0);
  g_assert_cmpfloat (fabs (right - x1), <=, 1.0);
  g_assert_cmpfloat (fabs (bottom - y1), <=, 1.0);
}

typedef struct
{
  guint            n_textures;
  guint            n_cairo;
  graphene_rect_t  first_cairo;   /* in the canvas's pixels */
  GdkTexture      *wanted;        /* counted in n_wanted where drawn */
  guint            n_wanted;
} NodeCount;

static void
count_nodes (GskRenderNode  *node,
             GskTransform   *transform,
             NodeCount      *count)
{
  switch (gsk_render_node_get_node_type (node))
    {
    case GSK_TEXTURE_NODE:
      count->n_textures++;
      if (gsk_texture_node_get_texture (node) == count->wanted)
        count->n_wanted++;
      break;
    case GSK_CAIRO_NODE:
      if (count->n_cairo++ == 0)
        {
          graphene_rect_t bounds;

          gsk_render_node_get_bounds (node, &bounds);
          gsk_transform_transform_bounds (transform, &bounds, &count->first_cairo);
        }
      break;
    case GSK_CONTAINER_NODE:
      for (guint i = 0; i < gsk_container_node_get_n_children (node); i++)
        count_nodes (gsk_container_node_get_child (node, i), transform, count);
      break;
    case GSK_TRANSFORM_NODE:
      {
        g_autoptr (GskTransform) inner = gsk_transform_transform (
          gsk_transform_ref (transform), gsk_transform_node_get_transform (node));

        count_nodes (gsk_transform_node_get_child (node), inner, count);
      }
      break;
    case GSK_CLIP_NODE:
      count_nodes (gsk_clip_node_get_child (node), transform, count);
      break;
    default:
      break;
    }
}

/* Whether @node draws @texture, anywhere in it. */
static gboolean
node_draws_texture (GskRenderNode *node,
                    GdkTexture    *texture)
{
  g_autoptr (GskTransform) identity = gsk_transform_new ();
  NodeCount count = { .wanted = texture };

  count_nodes (node, identity, &count);
  return count.n_wanted > 0;
}

/* With GTK's cairo renderer, which downloads a texture whole every frame
 * it draws it, a frame of the canvas draws the image and its shapes as one
 * cairo node of the view, and no texture; the GL renderer draws textures. */
static void
test_canvas_frame_nodes (Fixture       *fixture,
                         gconstpointer  data)
{
  PwImageCanvas *canvas = fixture->canvas;
  GtkWidget *widget = GTK_WIDGET (canvas);
  GskRenderer *renderer = gtk_native_get_renderer (GTK_NATIVE (fixture->window));
  g_autoptr (PwAnnotation) annotation = make_busy_annotation (canvas);
  g_autoptr (GskTransform) identity = gsk_transform_new ();
  g_autoptr (GskRenderNode) node = NULL;
  GtkSnapshot *snapshot;
  NodeCount count = { 0 };

  wait_all_drawn (canvas);
  for (int zoom = 0; zoom < 2; zoom++)
    {
      if (zoom == 1)
        {
          /* Zoomed in: the image is much larger than the view. */
          pw_image_canvas_zoom_to (canvas, 4.0, 400, 300);
          wait_all_drawn (canvas);
          g_clear_pointer (&node, gsk_render_node_unref);
          memset (&count, 0, sizeof count);
        }
      snapshot = gtk_snapshot_new ();
      GTK_WIDGET_GET_CLASS (widget)->snapshot (widget, snapshot);
      node = gtk_snapshot_free_to_node (snapshot);
      g_assert_nonnull (node);
      count_nodes (node, identity, &count);

      if (GSK_IS_CAIRO_RENDERER (renderer))
        {
          g_assert_cmpuint (count.n_textures, ==, 0);
          g_assert_cmpuint (count.n_cairo, >=, 1);
          /* The view, not the image. */
          g_assert_cmpfloat_with_epsilon (count.first_cairo.origin.x, 0, 0.01);
          g_assert_cmpfloat_with_epsilon (count.first_cairo.origin.y, 0, 0.01);
          g_assert_cmpfloat_with_epsilon (count.first_cairo.size.width,
                                          gtk_widget_get_width (widget), 0.01);
          g_assert_cmpfloat_with_epsilon (count.first_cairo.size.height,
                                          gtk_widget_get_height (widget), 0.01);
        }
      else
        {
          g_assert_cmpuint (count.n_textures, >, 0);
        }
    }

  pw_image_canvas_set_annotation (canvas, fixture->annotation);
  g_assert_finalize_object (g_steal_pointer (&annotation));
}

/* A large image shown smaller than decoded is drawn from a texture of the
 * view's zoom, made on a thread, a texel a device pixel: kept while
 * panning, made again for another zoom, left for the decoded image when
 * zoomed closer than decoded; and it looks as the scaled image does. */
static void
test_canvas_view_level (Fixture       *fixture,
                        gconstpointer  data)
{
  PwImageCanvas *canvas = fixture->canvas;
  GtkWidget *widget = GTK_WIDGET (canvas);
  int scale_factor = gtk_widget_get_scale_factor (widget);
  gsize stride = 1600 * 3;
  guint8 *pixels = g_malloc (stride * 1200);
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (PwImage) image = NULL;
  g_autoptr (GBytes) from_level = NULL;
  g_autoptr (GBytes) scaled = NULL;
  GdkTexture *level;

  for (int y = 0; y < 1200; y++)
    for (int x = 0; x < 1600; x++)
      {
        guint8 *p = pixels + y * stride + x * 3;
        p[0] = x * 255 / 1600;
        p[1] = y * 255 / 1200;
        p[2] = (x + y) * 255 / 2800;
      }
  bytes = g_bytes_new_take (pixels, stride * 1200);
  image = pw_image_new (PW_IMAGE_FORMAT_RGB8, 1600, 1200, stride, bytes, 1, 1600, 1200);

  pw_image_canvas_set_image (canvas, image);
  g_assert_cmpfloat_with_epsilon (pw_image_canvas_get_zoom (canvas), 0.5, 1e-9);
  PW_UI_TEST_WAIT_UNTIL (_pw_image_canvas_get_prepared (canvas) != NULL, 20);
  level = _pw_image_canvas_get_prepared (canvas);
  g_assert_cmpint (gdk_texture_get_width (level), ==, 800 * scale_factor);
  g_assert_cmpint (gdk_texture_get_height (level), ==, 600 * scale_factor);

  /* Panned, the view's zoom is the same: so is its texture. */
  pw_image_canvas_pan (canvas, -37, 23);
  g_assert_true (_pw_image_canvas_get_prepared (canvas) == level);
  /* It stands in for shapes not drawn yet too: on the GPU already. */
  {
    GtkSnapshot *snapshot = gtk_snapshot_new ();
    g_autoptr (GskRenderNode) node = NULL;

    _pw_image_canvas_append_placeholder (canvas, snapshot);
    node = gtk_snapshot_free_to_node (snapshot);
    g_assert_nonnull (node);
    g_assert_true (node_draws_texture (node, level));
  }
  from_level = render_canvas (fixture);

  /* The same view, drawn from the decoded image scaled. */
  _pw_image_canvas_forget_prepared (canvas);
  g_assert_null (_pw_image_canvas_get_prepared (canvas));
  scaled = render_canvas (fixture);
  assert_same_pixels (from_level, scaled);

  /* Another zoom below the decoded size: a texture of its own. */
  pw_image_canvas_zoom_to (canvas, 0.25, 100, 100);
  PW_UI_TEST_WAIT_UNTIL (_pw_image_canvas_get_prepared (canvas) != NULL, 20);
  level = _pw_image_canvas_get_prepared (canvas);
  g_assert_cmpint (gdk_texture_get_width (level), ==, 400 * scale_factor);

  /* Closer than decoded: the decoded image itself, as the frames show. */
  pw_image_canvas_zoom_to (canvas, 2.0, 100, 100);
  pw_ui_test_wait_for_frames (GTK_WIDGET (fixture->window), 2);
  g_assert_null (_pw_image_canvas_get_prepared (canvas));
  g_assert_true (pw_image_canvas_get_drawn_image (canvas) == image);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  app = pw_ui_test_init (&argc, &argv);

  g_test_add ("/image-canvas/fit-and-zoom", Fixture, NULL,
              fixture_set_up, test_canvas_fit_and_zoom, fixture_tear_down);
  g_test_add ("/image-canvas/draw-box-and-label", Fixture, NULL,
              fixture_set_up, test_canvas_draw_box_and_label, fixture_tear_down);
  g_test_add ("/image-canvas/polygon", Fixture, NULL,
              fixture_set_up, test_canvas_polygon, fixture_tear_down);
  g_test_add ("/image-canvas/select-move-delete", Fixture, NULL,
              fixture_set_up, test_canvas_select_move_delete, fixture_tear_down);
  g_test_add_func ("/image-canvas/preview", test_canvas_preview);
  g_test_add ("/image-canvas/partial-repaint", Fixture, NULL,
              fixture_set_up, test_canvas_partial_repaint, fixture_tear_down);
  g_test_add ("/image-canvas/cache-tiles", Fixture, NULL,
              fixture_set_up, test_canvas_cache_tiles, fixture_tear_down);
  g_test_add ("/image-canvas/view-first", Fixture, NULL,
              fixture_set_up, test_canvas_view_first, fixture_tear_down);
  g_test_add ("/image-canvas/turned-box", Fixture, NULL,
              fixture_set_up, test_canvas_turned_box, fixture_tear_down);
  g_test_add ("/image-canvas/pan-draws-exposed", Fixture, NULL,
              fixture_set_up, test_canvas_pan_draws_exposed, fixture_tear_down);
  g_test_add ("/image-canvas/settled-equals-full", Fixture, NULL,
              fixture_set_up, test_canvas_settled_equals_full, fixture_tear_down);
  g_test_add ("/image-canvas/no-stand-in-across-images", Fixture, NULL,
              fixture_set_up, test_canvas_no_stand_in_across_images, fixture_tear_down);
  g_test_add ("/image-canvas/hit-test-index", Fixture, NULL,
              fixture_set_up, test_canvas_hit_test_index, fixture_tear_down);
  g_test_add ("/image-canvas/vertices", Fixture, NULL,
              fixture_set_up, test_canvas_vertices, fixture_tear_down);
  g_test_add ("/image-canvas/pieces-seamless", Fixture, NULL,
              fixture_set_up, test_canvas_pieces_seamless, fixture_tear_down);
  g_test_add ("/image-canvas/small-image-placed", Fixture, NULL,
              fixture_set_up, test_canvas_small_image_placed, fixture_tear_down);
  g_test_add ("/image-canvas/frame-nodes", Fixture, NULL,
              fixture_set_up, test_canvas_frame_nodes, fixture_tear_down);
  g_test_add ("/image-canvas/view-level", Fixture, NULL,
              fixture_set_up, test_canvas_view_level, fixture_tear_down);

  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
