/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include "media/pw-media-test.h"
#include "pw-tasks-view.h"
#include "pw-ui-test.h"
#include "pw-window.h"
#include "pw-work-area.h"

/* The demo marketplace starts when it is first needed: never for a folder
 * of the worker's own, but when the Tasks place is shown or a task is
 * asked for. The test asks for the demo, which the harness turns off for
 * every other test, and runs once per way of starting it (see
 * tests/meson.build), as the demo stays up for the rest of a run. */

static PwApplication *app;

#define WAIT_UNTIL(condition) PW_UI_TEST_WAIT_UNTIL (condition, 30)

static PwWindow *
open_window (gpointer *weak_window)
{
  PwWindow *window = pw_window_new (app);

  *weak_window = window;
  g_object_add_weak_pointer (G_OBJECT (window), weak_window);
  gtk_window_present (GTK_WINDOW (window));
  pw_ui_test_wait_for_frames (GTK_WIDGET (window), 3);
  g_assert_cmpstr (pw_window_get_place (window), ==, "work");
  WAIT_UNTIL (pw_application_get_store_ready (app));
  g_assert_nonnull (pw_application_get_account_manager (app));
  return window;
}

static void
close_window (PwWindow *window,
              gpointer *weak_window)
{
  gtk_window_close (GTK_WINDOW (window));
  pw_ui_test_wait_finalized (weak_window);
}

static gboolean
folder_shown (PwWorkArea *area)
{
  PwImageFolder *folder = pw_work_area_get_folder (area);

  return folder != NULL && pw_image_folder_get_n_images (folder) == 2
         && pw_work_area_get_index (area) == 0;
}

static void
test_demo_start_folder (void)
{
  g_autofree char *dir = pw_test_make_dir ();
  g_autoptr (GBytes) jpeg = pw_test_make_jpeg (320, 240, PW_TEST_JPEG_RGB);
  g_autoptr (GFile) folder = g_file_new_for_path (dir);
  g_autofree char *image_path = NULL;
  g_autoptr (GFile) image = NULL;
  gpointer weak_window;
  PwWindow *window;

  g_free (pw_test_write (dir, "a.jpg", jpeg));
  image_path = pw_test_write (dir, "b.jpg", jpeg);
  image = g_file_new_for_path (image_path);

  window = open_window (&weak_window);
  pw_window_open_files (window, &folder, 1);
  WAIT_UNTIL (folder_shown (pw_window_get_work_area (window)));
  pw_window_open_files (window, &image, 1);
  pw_ui_test_wait_for_frames (GTK_WIDGET (window), 3);

  /* The accounts are read within moments of the store opening; before
   * the demo started lazily, it was up by then. */
  pw_ui_test_iterate (1500);
  g_assert_false (pw_application_get_demo_running (app));
  g_assert_false (pw_application_get_demo_pending (app));
  g_assert_null (pw_account_manager_lookup (pw_application_get_account_manager (app),
                                            PW_DEMO_ACCOUNT_ID));
  g_assert_cmpstr (pw_window_get_place (window), ==, "work");

  close_window (window, &weak_window);
  g_assert_false (pw_application_get_demo_running (app));
  pw_test_remove_dir (dir);
}

static void
test_demo_start_tasks_place (void)
{
  gpointer weak_window;
  PwWindow *window = open_window (&weak_window);
  PwTasksView *view = pw_window_get_tasks_view (window);

  g_assert_false (pw_application_get_demo_running (app));

  /* Alt+2. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-place", "s", "tasks"));
  g_assert_cmpstr (pw_window_get_place (window), ==, "tasks");
  /* Starting, the place shows it loading rather than no accounts. */
  g_assert_true (pw_application_get_demo_pending (app));
  g_assert_true (pw_tasks_view_get_loading (view));
  WAIT_UNTIL (pw_application_get_demo_running (app));
  g_assert_nonnull (pw_account_manager_lookup (pw_application_get_account_manager (app),
                                               PW_DEMO_ACCOUNT_ID));
  WAIT_UNTIL (pw_tasks_view_get_project_row (view, PW_DEMO_ACCOUNT_ID, "p-street-vehicles") != NULL
              && !pw_tasks_view_get_loading (view));

  close_window (window, &weak_window);
}

static void
test_demo_start_open_tasks (void)
{
  gpointer weak_window;
  PwWindow *window = open_window (&weak_window);

  pw_ui_test_iterate (500);
  g_assert_false (pw_application_get_demo_running (app));

  /* Ctrl+T: the Work place, on the claimed tasks. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "open-tasks", NULL);
  WAIT_UNTIL (pw_application_get_demo_running (app));
  g_assert_cmpstr (pw_window_get_place (window), ==, "work");
  g_assert_nonnull (pw_account_manager_lookup (pw_application_get_account_manager (app),
                                               PW_DEMO_ACCOUNT_ID));

  close_window (window, &weak_window);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_setenv ("PIECEWORK_DEMO_MARKET", "1", TRUE);
  app = pw_ui_test_init (&argc, &argv);

  g_test_add_func ("/demo-start/folder", test_demo_start_folder);
  g_test_add_func ("/demo-start/tasks-place", test_demo_start_tasks_place);
  g_test_add_func ("/demo-start/open-tasks", test_demo_start_open_tasks);

  status = g_test_run ();
  g_object_unref (app);
  return status;
}
