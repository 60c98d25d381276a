/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>
#include <sys/inotify.h>
#include <unistd.h>

#include "media/pw-media-test.h"
#include "pw-ui-test.h"
#include "pw-window.h"

/* The work area in a real window under Xvfb: a folder opened, shapes kept
 * per image, Ctrl+Return's check and save, moving between images, copying
 * the previous image's shapes, and the export. */

static PwApplication *app;

#define WAIT_UNTIL(condition) PW_UI_TEST_WAIT_UNTIL (condition, 20)

static gboolean
document_shown (PwWorkArea *area,
                int         index)
{
  PwImageCanvas *canvas = pw_work_area_get_canvas (area);

  return pw_work_area_get_index (area) == index
         && pw_image_canvas_get_annotation (canvas) != NULL
         && pw_image_canvas_get_image (canvas) != NULL;
}

static PwAnnotation *
shown_annotation (PwWorkArea *area)
{
  return pw_image_canvas_get_annotation (pw_work_area_get_canvas (area));
}

static gboolean
file_in (const char *dir,
         const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);

  return g_file_test (path, G_FILE_TEST_EXISTS);
}

static void
remove_tree (const char *path)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          remove_tree (child);
        }
    }
  g_assert_cmpint (g_remove (path), ==, 0);
}

static void
add_box (PwWorkArea *area,
         const char *label)
{
  PwAnnotation *annotation = shown_annotation (area);
  g_autofree char *id = pw_annotation_new_shape_id (annotation);
  g_autoptr (PwShape) shape = pw_shape_new_bbox (id, label, 10, 20, 100, 50);

  pw_annotation_add_shape (annotation, shape);
}

static void
test_work_area_folder (void)
{
  g_autofree char *dir = pw_test_make_dir ();
  g_autofree char *out = g_build_filename (dir, "yolo", NULL);
  g_autofree char *yolo = NULL;
  g_autoptr (GFile) folder = g_file_new_for_path (dir);
  g_autoptr (GFile) output = g_file_new_for_path (out);
  g_autoptr (GBytes) jpeg = pw_test_make_jpeg (320, 240, PW_TEST_JPEG_RGB);
  g_autoptr (GBytes) labels = g_bytes_new_static ("car\nperson\n", 11);
  PwWindow *window = pw_window_new (app);
  gpointer weak_window = window;
  PwWorkArea *area = pw_window_get_work_area (window);
  GtkRevealer *problems = GTK_REVEALER (gtk_widget_get_template_child (GTK_WIDGET (area), PW_TYPE_WORK_AREA,
                                                                       "problems_revealer"));
  g_autoptr (GBytes) damaged = NULL;
  const char *names[] = { "a.jpg", "b.jpg", "c.jpg" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    g_free (pw_test_write (dir, names[i], jpeg));
  /* The fourth image ends half-way. */
  damaged = g_bytes_new_from_bytes (jpeg, 0, g_bytes_get_size (jpeg) / 2);
  g_free (pw_test_write (dir, "d.jpg", damaged));
  g_free (pw_test_write (dir, "labels.txt", labels));

  g_object_add_weak_pointer (G_OBJECT (window), &weak_window);
  gtk_window_present (GTK_WINDOW (window));
  pw_window_open_files (window, &folder, 1);
  WAIT_UNTIL (document_shown (area, 0));
  g_assert_cmpstr (pw_work_area_get_title (area), ==, "a.jpg");
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "a.jpg — Piecework");

  /* Ctrl+Return saves a labeled box and opens the next image. */
  add_box (area, "car");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (area), "work.save-next", NULL));
  WAIT_UNTIL (document_shown (area, 1) && file_in (dir, "a.json")
              && pw_image_folder_get_labeled (pw_work_area_get_folder (area), 0));

  /* Back to the first image: its shapes are still there. */
  gtk_widget_activate_action (GTK_WIDGET (area), "work.step", "i", -1);
  WAIT_UNTIL (document_shown (area, 0));
  g_assert_cmpuint (pw_annotation_get_shapes (shown_annotation (area))->len, ==, 1);

  /* On the second image, the first one's shapes are copied in one step. */
  gtk_widget_activate_action (GTK_WIDGET (area), "work.step", "i", 1);
  WAIT_UNTIL (document_shown (area, 1));
  g_assert_cmpuint (pw_annotation_get_shapes (shown_annotation (area))->len, ==, 0);
  gtk_widget_activate_action (GTK_WIDGET (area), "work.paste-previous", NULL);
  g_assert_cmpuint (pw_annotation_get_shapes (shown_annotation (area))->len, ==, 1);
  pw_annotation_undo (shown_annotation (area));
  g_assert_cmpuint (pw_annotation_get_shapes (shown_annotation (area))->len, ==, 0);

  /* A shape without a label stops the save; the second try saves. */
  add_box (area, NULL);
  gtk_widget_activate_action (GTK_WIDGET (area), "work.save-next", NULL);
  WAIT_UNTIL (gtk_revealer_get_reveal_child (problems));
  pw_ui_test_iterate (100);
  g_assert_cmpint (pw_work_area_get_index (area), ==, 1);
  g_assert_false (file_in (dir, "b.json"));
  gtk_widget_activate_action (GTK_WIDGET (area), "work.save-next", NULL);
  WAIT_UNTIL (document_shown (area, 2) && file_in (dir, "b.json"));
  g_assert_null (pw_work_area_get_image_error (area));

  /* A damaged image says what is wrong, by name, where it would be. */
  gtk_widget_activate_action (GTK_WIDGET (area), "work.step", "i", 1);
  WAIT_UNTIL (pw_work_area_get_index (area) == 3 && pw_work_area_get_image_error (area) != NULL);
  g_assert_nonnull (strstr (pw_work_area_get_image_error (area), "d.jpg"));
  g_assert_null (pw_image_canvas_get_image (pw_work_area_get_canvas (area)));

  /* The export writes the labeled images of the folder. */
  pw_window_export (window, PW_EXPORT_YOLO, output);
  g_assert_true (pw_window_get_exporting (window));
  WAIT_UNTIL (!pw_window_get_exporting (window));
  yolo = g_build_filename (out, "a.txt", NULL);
  g_assert_true (g_file_test (yolo, G_FILE_TEST_EXISTS));

  gtk_window_close (GTK_WINDOW (window));
  pw_ui_test_wait_finalized (&weak_window);
  remove_tree (dir);
}

/* Whether a JSON file other than @allowed was opened since the last call. */
static gboolean
other_json_opened (int         watch_fd,
                   const char *allowed)
{
  char buffer[16384] __attribute__ ((aligned (__alignof__ (struct inotify_event))));
  gboolean other = FALSE;
  ssize_t n;

  while ((n = read (watch_fd, buffer, sizeof buffer)) > 0)
    {
      for (char *at = buffer; at < buffer + n;)
        {
          const struct inotify_event *event = (const struct inotify_event *) at;

          if (event->len > 0 && g_str_has_suffix (event->name, ".json")
              && !g_str_equal (event->name, allowed))
            other = TRUE;
          at += sizeof (struct inotify_event) + event->len;
        }
    }
  return other;
}

static gboolean
has_label (PwLabelSet *labels,
           const char *name)
{
  return pw_label_set_lookup (labels, name) != NULL;
}

typedef struct
{
  PwWorkArea *area;
  guint       n_added;
  /* Whether the first image was on screen when the list began to fill */
  gboolean    image_first;
} RowsFill;

static void
on_rows_added (GListModel *rows,
               guint       position,
               guint       removed,
               guint       added,
               RowsFill   *fill)
{
  if (fill->n_added == 0)
    fill->image_first = pw_image_canvas_get_image (pw_work_area_get_canvas (fill->area)) != NULL;
  fill->n_added += added;
}

/* A folder of labeled images shows its first image having read no other
 * labelme file and before its list of images fills; the list of labels
 * fills in after, and a damaged labelme file further on blocks nothing
 * and is told by name. */
static void
test_work_area_folder_labels_after (void)
{
  g_autofree char *dir = pw_test_make_dir ();
  g_autoptr (GFile) folder = g_file_new_for_path (dir);
  g_autoptr (GBytes) jpeg = pw_test_make_jpeg (64, 48, PW_TEST_JPEG_RGB);
  PwWindow *window = pw_window_new (app);
  gpointer weak_window = window;
  PwWorkArea *area = pw_window_get_work_area (window);
  PwLabelSet *labels;
  GListModel *rows;
  RowsFill fill = { area, 0, FALSE };
  int watch_fd;

  for (guint i = 0; i < 30; i++)
    {
      g_autofree char *image = g_strdup_printf ("img%02u.jpg", i);
      g_autofree char *json_name = g_strdup_printf ("img%02u.json", i);
      g_autofree char *json_path = g_build_filename (dir, json_name, NULL);
      g_autofree char *json = NULL;

      g_free (pw_test_write (dir, image, jpeg));
      json = g_strdup_printf ("{\"version\": \"5.2.1\", \"flags\": {}, \"shapes\": ["
                              "{\"label\": \"kind%u\", \"points\": [[1, 1], [5, 5]],"
                              " \"group_id\": null, \"shape_type\": \"rectangle\","
                              " \"flags\": {}}], \"imagePath\": \"%s\", \"imageData\": null,"
                              " \"imageHeight\": 48, \"imageWidth\": 64}",
                              i, image);
      if (i == 20)
        {
          g_free (json);
          json = g_strdup ("{ \"shapes\": [ {\"label\": ");
        }
      g_assert_true (g_file_set_contents (json_path, json, -1, NULL));
    }

  watch_fd = inotify_init1 (IN_NONBLOCK | IN_CLOEXEC);
  g_assert_cmpint (watch_fd, >=, 0);
  g_assert_cmpint (inotify_add_watch (watch_fd, dir, IN_OPEN), >=, 0);

  g_object_add_weak_pointer (G_OBJECT (window), &weak_window);
  gtk_window_present (GTK_WINDOW (window));
  pw_window_open_files (window, &folder, 1);
  /* The list of images fills after the first image is on screen. */
  WAIT_UNTIL (pw_work_area_get_folder (area) != NULL);
  rows = G_LIST_MODEL (pw_work_area_get_folder (area));
  g_signal_connect (rows, "items-changed", G_CALLBACK (on_rows_added), &fill);
  WAIT_UNTIL (document_shown (area, 0));
  /* Only the first image's own labelme file was read for it. */
  g_assert_false (other_json_opened (watch_fd, "img00.json"));
  g_assert_cmpuint (pw_annotation_get_shapes (shown_annotation (area))->len, ==, 1);
  WAIT_UNTIL (g_list_model_get_n_items (rows) == 30);
  g_assert_cmpuint (fill.n_added, ==, 30);
  g_assert_true (fill.image_first);
  g_signal_handlers_disconnect_by_data (rows, &fill);

  /* Then the others, every label but the damaged file's. */
  labels = pw_image_folder_get_labels (pw_work_area_get_folder (area));
  WAIT_UNTIL (has_label (labels, "kind29") && pw_work_area_get_last_toast (area) != NULL);
  g_assert_true (other_json_opened (watch_fd, "img00.json"));
  g_assert_cmpuint (pw_label_set_get_n_labels (labels), ==, 29);
  g_assert_false (has_label (labels, "kind20"));
  g_assert_nonnull (strstr (pw_work_area_get_last_toast (area), "img20.json"));
  g_assert_true (document_shown (area, 0));

  close (watch_fd);
  gtk_window_close (GTK_WINDOW (window));
  pw_ui_test_wait_finalized (&weak_window);
  remove_tree (dir);
}

static void
test_work_area_bad_folder (void)
{
  g_autofree char *dir = pw_test_make_dir ();
  g_autoptr (GFile) folder = g_file_new_for_path (dir);
  PwWindow *window = pw_window_new (app);
  gpointer weak_window = window;
  PwWorkArea *area = pw_window_get_work_area (window);

  /* A folder without images says so, and nothing is opened. */
  g_object_add_weak_pointer (G_OBJECT (window), &weak_window);
  gtk_window_present (GTK_WINDOW (window));
  pw_window_open_files (window, &folder, 1);
  pw_ui_test_iterate (500);
  g_assert_null (pw_work_area_get_folder (area));
  g_assert_cmpint (pw_work_area_get_index (area), ==, -1);

  gtk_window_close (GTK_WINDOW (window));
  pw_ui_test_wait_finalized (&weak_window);
  pw_test_remove_dir (dir);
}

static gboolean
count_timeout (gpointer user_data)
{
  guint *timeouts = user_data;

  (*timeouts)++;
  return G_SOURCE_CONTINUE;
}

/* An outline traced around a lake: a star of @n_points points. */
static PwShape *
new_star (guint n_points)
{
  g_autofree PwPoint *points = g_new (PwPoint, n_points);

  for (guint i = 0; i < n_points; i++)
    {
      double r = i % 2 == 0 ? 110 : 100;

      points[i] = (PwPoint) { 160 + r * cos (2 * G_PI * i / n_points),
                              120 + r * sin (2 * G_PI * i / n_points) };
    }
  return pw_shape_new_polygon ("star", "lake", points, n_points);
}

/* Ctrl+Return checks the shapes on a thread: with polygons of thousands of
 * points the window goes on drawing, and the findings show when they are
 * ready. An edit made before they are takes the request back. */
static void
test_work_area_check_off_main_thread (void)
{
  g_autofree char *dir = pw_test_make_dir ();
  g_autoptr (GFile) folder = g_file_new_for_path (dir);
  g_autoptr (GBytes) jpeg = pw_test_make_jpeg (320, 240, PW_TEST_JPEG_RGB);
  g_autoptr (GPtrArray) stars = g_ptr_array_new_with_free_func ((GDestroyNotify) pw_shape_unref);
  PwWindow *window = pw_window_new (app);
  gpointer weak_window = window;
  PwWorkArea *area = pw_window_get_work_area (window);
  GtkRevealer *problems = GTK_REVEALER (gtk_widget_get_template_child (GTK_WIDGET (area), PW_TYPE_WORK_AREA,
                                                                       "problems_revealer"));
  PwAnnotation *annotation;
  guint timeouts = 0;
  guint timeout_id;
  gint64 started;
  double seconds;

  g_free (pw_test_write (dir, "a.jpg", jpeg));
  g_free (pw_test_write (dir, "b.jpg", jpeg));

  g_object_add_weak_pointer (G_OBJECT (window), &weak_window);
  gtk_window_present (GTK_WINDOW (window));
  pw_window_open_files (window, &folder, 1);
  WAIT_UNTIL (document_shown (area, 0));

  /* Ten outlines of the most points a shape may have, and a box without
   * a label. The shapes are not drawn, so a frame costs little. */
  pw_image_canvas_set_shapes_visible (pw_work_area_get_canvas (area), FALSE);
  annotation = shown_annotation (area);
  for (guint i = 0; i < 10; i++)
    g_ptr_array_add (stars, new_star (PW_ANNOTATION_MAX_POINTS));
  pw_annotation_paste_shapes (annotation, stars);
  add_box (area, NULL);
  pw_ui_test_wait_for_frames (GTK_WIDGET (window), 2);

  started = g_get_monotonic_time ();
  gtk_widget_activate_action (GTK_WIDGET (area), "work.save-next", NULL);
  /* Asked, not yet answered: the check does not run on this thread. */
  g_assert_false (gtk_revealer_get_reveal_child (problems));
  timeout_id = g_timeout_add (10, count_timeout, &timeouts);
  WAIT_UNTIL (gtk_revealer_get_reveal_child (problems));
  seconds = (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC;
  g_test_message ("Checked 100,000 points in %.2f s; meanwhile a timer of 10 ms fired %u times",
                  seconds, timeouts);
  /* The main loop went on (drawing a frame can hold it for a while on a
   * busy machine's software renderer): in three seconds of a window that
   * froze, the timer would not have fired at all. */
  if (seconds > 3.0)
    g_assert_cmpuint (timeouts, >=, 1);
  g_source_remove (timeout_id);
  g_assert_cmpint (pw_work_area_get_index (area), ==, 0);

  /* The findings follow the edits. */
  pw_annotation_undo (annotation);
  WAIT_UNTIL (!gtk_revealer_get_reveal_child (problems));

  /* An edit made while the shapes are checked takes Ctrl+Return back:
   * the answer is about shapes that have changed since. */
  pw_annotation_undo (annotation);
  add_box (area, "car");
  gtk_widget_activate_action (GTK_WIDGET (area), "work.save-next", NULL);
  add_box (area, NULL);
  pw_ui_test_iterate (300);
  g_assert_cmpint (pw_work_area_get_index (area), ==, 0);
  g_assert_false (file_in (dir, "a.json"));

  gtk_window_close (GTK_WINDOW (window));
  pw_ui_test_wait_finalized (&weak_window);
  remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  app = pw_ui_test_init (&argc, &argv);

  g_test_add_func ("/work-area/folder", test_work_area_folder);
  g_test_add_func ("/work-area/bad-folder", test_work_area_bad_folder);
  g_test_add_func ("/work-area/folder-labels-after", test_work_area_folder_labels_after);
  g_test_add_func ("/work-area/check-off-main-thread", test_work_area_check_off_main_thread);

  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
