/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <math.h>

#include "demo/pw-demo-market-test.h"
#include "media/pw-media-test.h"
#include "media/pw-image-cache-private.h"
#include "pw-image-canvas-private.h"
#include "pw-ui-test.h"
#include "pw-window.h"
#include "pw-work-area-private.h"
#include "pw-work-area-test.h"

/* The images beside the one shown decode ahead, in a real window under
 * Xvfb: the next and the previous image of a folder, and the next image
 * task of the queue, are on the canvas as soon as Page Down, Page Up or
 * Submit and Next is taken, without waiting for a decode
 * (n_image_waits stays where it was). They start decoding only once the
 * image moved to is painted, so that they take no processor from that
 * frame; once decoded, the canvas makes each into the texture it draws
 * at fit, so that the move converts and uploads nothing. */

static PwApplication *app;

#define WAIT_UNTIL(condition) PW_UI_TEST_WAIT_UNTIL (condition, 60)

/* Whether @path is decoded for the canvas as it is now. */
static gboolean
decoded_ahead (PwWorkArea *area,
               const char *path)
{
  g_autoptr (PwImage) image = NULL;
  int width, height;

  _pw_work_area_view_size (area, &width, &height);
  image = pw_image_cache_lookup (area->cache, path, width, height, FALSE);
  return image != NULL;
}

static gboolean
folder_image_ahead (PwWorkArea *area,
                    guint       index)
{
  g_autofree char *path = _pw_work_area_image_path (area, index);

  /* No path before the folder is in order. */
  return path != NULL && decoded_ahead (area, path);
}

static gboolean
image_shown (PwWorkArea *area,
             int         index)
{
  return pw_work_area_get_index (area) == index
         && pw_image_canvas_get_image (pw_work_area_get_canvas (area)) != NULL;
}

/* Takes Page Down or Page Up, and checks the image it leads to is on the
 * canvas at once, without a decode waited for. */
static void
step_at_once (PwWorkArea *area,
              int         step)
{
  guint waits = area->n_image_waits;
  int index = pw_work_area_get_index (area) + step;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (area), "work.step", "i", step));
  g_assert_true (image_shown (area, index));
  g_assert_cmpuint (area->n_image_waits, ==, waits);
}

static void
test_folder (void)
{
  g_autofree char *dir = pw_test_make_dir ();
  g_autoptr (GFile) folder = g_file_new_for_path (dir);
  g_autoptr (GBytes) jpeg = pw_test_make_jpeg (1600, 1200, PW_TEST_JPEG_RGB);
  const char *names[] = { "a.jpg", "b.jpg", "c.jpg", "d.jpg", "e.jpg", "f.jpg" };
  PwWindow *window = pw_window_new (app);
  gpointer weak_window = window;
  PwWorkArea *area = pw_window_get_work_area (window);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    g_free (pw_test_write (dir, names[i], jpeg));

  g_object_add_weak_pointer (G_OBJECT (window), &weak_window);
  gtk_window_present (GTK_WINDOW (window));
  pw_window_open_files (window, &folder, 1);
  WAIT_UNTIL (image_shown (area, 0));
  pw_ui_test_wait_for_frames (GTK_WIDGET (window), 2);

  /* Moved once the canvas has its size, the images beside decode for it. */
  gtk_widget_activate_action (GTK_WIDGET (area), "work.step", "i", 1);
  WAIT_UNTIL (image_shown (area, 1));

  /* Page Down: the next image, decoded while the one before was shown. */
  WAIT_UNTIL (folder_image_ahead (area, 2));
  step_at_once (area, 1);

  /* Far away, as from the list: neither image beside it was ever shown,
   * and Page Up finds the previous one decoded too. */
  _pw_work_area_open_index (area, 5);
  WAIT_UNTIL (image_shown (area, 5));
  WAIT_UNTIL (folder_image_ahead (area, 4));
  step_at_once (area, -1);
  WAIT_UNTIL (folder_image_ahead (area, 3));
  step_at_once (area, -1);

  gtk_window_close (GTK_WINDOW (window));
  pw_ui_test_wait_finalized (&weak_window);
  pw_test_remove_dir (dir);
}

typedef struct
{
  PwWorkArea *area;
  PwImage    *left;       /* on the canvas before the move */
  char       *next;       /* the image after the one moved to */
  gboolean    painted;
  gboolean    next_started; /* decoding or decoded at that paint */
} FirstPaint;

static void
on_after_paint (GdkFrameClock *clock,
                FirstPaint    *paint)
{
  PwImage *shown = pw_image_canvas_get_image (pw_work_area_get_canvas (paint->area));
  g_autoptr (PwImage) next = NULL;

  if (paint->painted || shown == NULL || shown == paint->left)
    return;
  paint->painted = TRUE;
  next = pw_image_cache_lookup (paint->area->cache, paint->next, 1, 1, FALSE);
  paint->next_started = next != NULL || g_hash_table_size (paint->area->cache->jobs) > 0;
}

/* The frame that shows the image moved to is painted with no decode
 * running beside it; the next image decodes after it. */
static void
test_decode_after_paint (void)
{
  g_autofree char *dir = pw_test_make_dir ();
  g_autoptr (GFile) folder = g_file_new_for_path (dir);
  g_autoptr (GBytes) jpeg = pw_test_make_jpeg (1600, 1200, PW_TEST_JPEG_RGB);
  const char *names[] = { "a.jpg", "b.jpg", "c.jpg" };
  PwWindow *window = pw_window_new (app);
  gpointer weak_window = window;
  PwWorkArea *area = pw_window_get_work_area (window);
  FirstPaint paint = { area, NULL, NULL, FALSE, FALSE };
  GdkFrameClock *clock;
  gulong paint_id;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    g_free (pw_test_write (dir, names[i], jpeg));

  g_object_add_weak_pointer (G_OBJECT (window), &weak_window);
  gtk_window_present (GTK_WINDOW (window));
  pw_window_open_files (window, &folder, 1);
  WAIT_UNTIL (image_shown (area, 0));
  WAIT_UNTIL (folder_image_ahead (area, 1));
  pw_ui_test_wait_for_frames (GTK_WIDGET (window), 2);
  WAIT_UNTIL (g_hash_table_size (area->cache->jobs) == 0);

  /* Connected before the move, so it runs before the work area's own. */
  clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  paint_id = g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint), &paint);
  paint.left = pw_image_canvas_get_image (pw_work_area_get_canvas (area));
  paint.next = _pw_work_area_image_path (area, 2);
  step_at_once (area, 1);
  WAIT_UNTIL (paint.painted);
  g_assert_false (paint.next_started);
  WAIT_UNTIL (folder_image_ahead (area, 2));
  g_signal_handler_disconnect (clock, paint_id);

  g_free (paint.next);
  gtk_window_close (GTK_WINDOW (window));
  pw_ui_test_wait_finalized (&weak_window);
  pw_test_remove_dir (dir);
}

/* Whether the image after the one shown is made ahead for the canvas. */
static gboolean
prepared_ahead (PwWorkArea *area,
                guint       index)
{
  g_autofree char *path = _pw_work_area_image_path (area, index);
  g_autoptr (PwImage) image = NULL;
  int width, height;

  if (path == NULL)
    return FALSE;
  _pw_work_area_view_size (area, &width, &height);
  image = pw_image_cache_lookup (area->cache, path, width, height, FALSE);
  return image != NULL && _pw_image_canvas_is_prepared (pw_work_area_get_canvas (area), image);
}

/* Page Down shows the next image from the texture made ahead for the
 * view, and zooming in shows the decoded image, then its full
 * resolution. */
static void
test_prepared_texture (void)
{
  g_autofree char *dir = pw_test_make_dir ();
  g_autoptr (GFile) folder = g_file_new_for_path (dir);
  g_autoptr (GBytes) jpeg = pw_test_make_jpeg (4000, 3000, PW_TEST_JPEG_RGB);
  const char *names[] = { "a.jpg", "b.jpg", "c.jpg" };
  PwWindow *window = pw_window_new (app);
  gpointer weak_window = window;
  PwWorkArea *area = pw_window_get_work_area (window);
  PwImageCanvas *canvas = pw_work_area_get_canvas (area);
  GtkWidget *widget = GTK_WIDGET (canvas);
  GdkTexture *texture;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    g_free (pw_test_write (dir, names[i], jpeg));

  g_object_add_weak_pointer (G_OBJECT (window), &weak_window);
  gtk_window_present (GTK_WINDOW (window));
  pw_window_open_files (window, &folder, 1);
  WAIT_UNTIL (image_shown (area, 0));
  pw_ui_test_wait_for_frames (GTK_WIDGET (window), 2);

  WAIT_UNTIL (prepared_ahead (area, 1));
  step_at_once (area, 1);
  /* Before any frame: the texture was there before the key. */
  texture = _pw_image_canvas_get_prepared (canvas);
  g_assert_nonnull (texture);
  /* A texel a device pixel of the view at fit. */
  g_assert_cmpint (gdk_texture_get_width (texture), ==,
                   (int) round (4000 * pw_image_canvas_get_zoom (canvas)
                                * gtk_widget_get_scale_factor (widget)));
  pw_ui_test_wait_for_frames (GTK_WIDGET (window), 1);

  /* Zoomed in, the decoded image, and soon its full resolution. */
  pw_image_canvas_zoom_to (canvas, 1.0, 10, 10);
  g_assert_null (_pw_image_canvas_get_prepared (canvas));
  WAIT_UNTIL (pw_image_get_scale_denominator (pw_image_canvas_get_image (canvas)) == 1);
  pw_ui_test_wait_for_frames (GTK_WIDGET (window), 1);

  gtk_window_close (GTK_WINDOW (window));
  pw_ui_test_wait_finalized (&weak_window);
  pw_test_remove_dir (dir);
}

static void
test_tasks (void)
{
  g_autoptr (PwClaimBatch) batch = NULL;
  g_auto (GStrv) ids = NULL;
  PwDemoTest *demo = pw_demo_test_new (31);
  PwAccountManager *accounts;
  PwStore *store;
  PwWindow *window;
  PwWorkArea *area;
  gpointer weak_window;

  WAIT_UNTIL (pw_application_get_store_ready (app));
  store = pw_application_get_store (app);
  accounts = pw_application_get_account_manager (app);
  pw_account_manager_set_demo (accounts, demo->base_url, PW_DEMO_MARKET_TOKEN);
  pw_demo_test_qualify (demo, "p-street-qual");
  batch = pw_work_area_test_claim (store, accounts, "p-street-vehicles", 3);
  ids = pw_claim_batch_get_task_ids (batch);
  g_assert_cmpuint (g_strv_length (ids), ==, 3);

  window = pw_window_new (app);
  weak_window = window;
  g_object_add_weak_pointer (G_OBJECT (window), &weak_window);
  gtk_window_present (GTK_WINDOW (window));
  pw_ui_test_wait_for_frames (GTK_WIDGET (window), 2);
  area = pw_window_get_work_area (window);

  gtk_widget_activate_action (GTK_WIDGET (area), "work.open-tasks", NULL);
  WAIT_UNTIL (area->tasks != NULL && area->tasks->len == 3 && image_shown (area, 0));
  pw_ui_test_wait_for_frames (GTK_WIDGET (window), 2);

  /* The next image task of the queue decodes while this one is worked on:
   * moving to it shows its image at once. */
  for (int i = 1; i < 3; i++)
    {
      const PwStoreTask *next = area->tasks->pdata[i];

      WAIT_UNTIL (decoded_ahead (area, next->media_file));
      step_at_once (area, 1);
    }

  gtk_window_close (GTK_WINDOW (window));
  pw_ui_test_wait_finalized (&weak_window);
  pw_demo_test_free (demo);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  app = pw_ui_test_init (&argc, &argv);

  g_test_add_func ("/image-prefetch/folder", test_folder);
  g_test_add_func ("/image-prefetch/tasks", test_tasks);
  g_test_add_func ("/image-prefetch/decode-after-paint", test_decode_after_paint);
  g_test_add_func ("/image-prefetch/prepared-texture", test_prepared_texture);

  status = g_test_run ();
  g_object_unref (app);
  return status;
}
