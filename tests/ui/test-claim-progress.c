/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <string.h>

#include "pw-tasks-view-private.h"
#include "pw-ui-test.h"
#include "platforms/pw-platform-test.h"
#include "pw-window.h"
#include "pw-work-area-private.h"

/* A CVAT job claimed in a real window under Xvfb, against
 * tests/platforms/fake_cvat.py holding every frame after the first: the
 * job's tasks join the queue at once, Ctrl+T shows the first frame while
 * the others still come, a task whose frame has not come says so in the
 * canvas and shows it once it comes, and the job's row no longer offers
 * its frames, before and after the projects are listed again; a job
 * released is offered again, and a frame the claim could not download
 * says so in the queue and comes at the next sync. */

static PwApplication *app;

#define WAIT_UNTIL(condition) PW_UI_TEST_WAIT_UNTIL (condition, 60)

/* One of the fake's /_fake/ controls, taken before this returns. */
static void
fake_control (PwFakePlatform *fake,
              const char     *path)
{
  pw_fake_platform_control (fake, "GET", path, NULL);
}

static void
on_account_added (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr (GError) error = NULL;
  PwAccount **account = user_data;

  *account = pw_account_manager_add_finish (PW_ACCOUNT_MANAGER (source), result, &error);
  g_assert_no_error (error);
}

/* A CVAT account on @fake named @name, added as the Accounts place adds
 * it; the Tasks place lists its jobs again. */
static PwAccount *
add_account (PwTasksView    *view,
             PwFakePlatform *fake,
             const char     *name)
{
  PwAccount *account = NULL;

  pw_account_manager_add_async (pw_application_get_account_manager (app), name, fake->url,
                                PW_ACCOUNT_KIND_CVAT, fake->token, NULL, on_account_added, &account);
  WAIT_UNTIL (account != NULL);
  gtk_widget_activate_action (GTK_WIDGET (view), "tasks.refresh", NULL);
  return account;
}

/* A window of @width × @height on the Tasks place, once the store is
 * ready; @weak_window is cleared when it is finalized. */
static PwWindow *
tasks_window (int       width,
              int       height,
              gpointer *weak_window)
{
  PwWindow *window;

  WAIT_UNTIL (pw_application_get_store_ready (app));
  window = pw_window_new (app);
  *weak_window = window;
  g_object_add_weak_pointer (G_OBJECT (window), weak_window);
  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_present (GTK_WINDOW (window));
  pw_window_set_place (window, "tasks");
  pw_ui_test_wait_for_frames (GTK_WIDGET (window), 3);
  return window;
}

static guint
queued_of (PwTasksView *view,
           const char  *project_id)
{
  GListModel *queue = pw_tasks_view_get_queue (view);
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (queue); i++)
    {
      g_autoptr (PwQueueTask) item = g_list_model_get_item (queue, i);

      n += g_str_equal (pw_queue_task_get_task (item)->project_id, project_id);
    }
  return n;
}

static gboolean
row_says (PwTasksView *view,
          const char  *account_id,
          const char  *project_id,
          const char  *text)
{
  AdwActionRow *row = pw_tasks_view_get_project_row (view, account_id, project_id);

  return row != NULL && !pw_tasks_view_get_loading (view)
         && strstr (adw_action_row_get_subtitle (row), text) != NULL;
}

static gboolean
claim_offered (PwTasksView *view,
               const char  *account_id,
               const char  *project_id)
{
  AdwActionRow *row = pw_tasks_view_get_project_row (view, account_id, project_id);
  PwProjectRow *project = g_object_get_data (G_OBJECT (row), "pw-project-row");

  return gtk_widget_get_sensitive (GTK_WIDGET (project->claim_button));
}

static gboolean
image_shown (PwWorkArea *area,
             const char *task_id)
{
  return g_strcmp0 (pw_work_area_get_task_id (area), task_id) == 0
         && pw_image_canvas_get_image (pw_work_area_get_canvas (area)) != NULL
         && !pw_work_area_get_image_coming (area);
}

static void
test_claim_progress (void)
{
  g_autoptr (PwFakePlatform) fake = NULL;
  g_autoptr (PwAccount) account = NULL;
  const char *account_id;
  PwWindow *window;
  PwTasksView *view;
  PwWorkArea *area;
  gpointer weak_window;

  if (!pw_fake_platform_can_start ())
    return;
  fake = pw_fake_platform_start (PW_ACCOUNT_KIND_CVAT, FALSE);
  window = tasks_window (1200, 800, &weak_window);
  view = pw_window_get_tasks_view (window);
  area = pw_window_get_work_area (window);

  account = add_account (view, fake, "Client CVAT");
  account_id = pw_account_get_id (account);
  WAIT_UNTIL (row_says (view, account_id, "21", "6 tasks available"));
  g_assert_true (claim_offered (view, account_id, "21"));

  /* Frame 0 comes at once; the others wait until the test lets them go. */
  fake_control (fake, "_fake/hold-frames?from=1");
  gtk_widget_activate_action (GTK_WIDGET (view), "tasks.claim", "(ss)", account_id, "21");
  WAIT_UNTIL (queued_of (view, "21") == 6);
  g_assert_cmpuint (pw_tasks_view_get_n_claiming (view), ==, 1);
  /* Claimed: the row offers none of its frames any more. */
  WAIT_UNTIL (row_says (view, account_id, "21", "0 tasks available"));
  g_assert_false (claim_offered (view, account_id, "21"));

  /* Ctrl+T: the first frame, while the others still come. */
  pw_ui_test_xdotool ("key", "ctrl+t", NULL);
  WAIT_UNTIL (image_shown (area, "21:0"));
  g_assert_cmpuint (pw_tasks_view_get_n_claiming (view), ==, 1);
  g_assert_null (pw_work_area_get_image_error (area));

  /* A frame still on its way: the canvas says it is coming, then shows
   * it once the claim's download of it ends. */
  pw_work_area_open_task (area, account_id, "21:1");
  WAIT_UNTIL (g_strcmp0 (pw_work_area_get_task_id (area), "21:1") == 0
              && pw_work_area_get_image_coming (area));
  g_assert_null (pw_image_canvas_get_image (pw_work_area_get_canvas (area)));
  g_assert_null (pw_work_area_get_image_error (area));
  fake_control (fake, "_fake/let-frames-go");
  WAIT_UNTIL (image_shown (area, "21:1"));
  WAIT_UNTIL (pw_tasks_view_get_n_claiming (view) == 0);

  /* Listed again, as after a restart: still nothing to claim. */
  pw_window_set_place (window, "tasks");
  gtk_widget_activate_action (GTK_WIDGET (view), "tasks.refresh", NULL);
  pw_ui_test_wait_for_frames (GTK_WIDGET (window), 2);
  WAIT_UNTIL (row_says (view, account_id, "21", "0 tasks available"));
  g_assert_false (claim_offered (view, account_id, "21"));
  g_assert_cmpuint (queued_of (view, "21"), ==, 6);

  gtk_window_destroy (GTK_WINDOW (window));
  pw_ui_test_wait_finalized (&weak_window);
}

/* A label under @root showing @text, on screen. */
static GtkWidget *
shown_label (GtkWidget  *root,
             const char *text)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_LABEL (child) && gtk_widget_get_mapped (child)
          && g_strcmp0 (gtk_label_get_label (GTK_LABEL (child)), text) == 0)
        return child;
      if ((found = shown_label (child, text)) != NULL)
        return found;
    }
  return NULL;
}

static PwQueueTask *
queued (PwTasksView *view,
        const char  *account_id,
        const char  *task_id)
{
  GListModel *queue = pw_tasks_view_get_queue (view);

  for (guint i = 0; i < g_list_model_get_n_items (queue); i++)
    {
      g_autoptr (PwQueueTask) item = g_list_model_get_item (queue, i);
      const PwStoreTask *task = pw_queue_task_get_task (item);

      if (g_str_equal (task->account_id, account_id) && g_str_equal (task->task_id, task_id))
        return item;
    }
  return NULL;
}

static gboolean
row_media_says (PwTasksView *view,
                const char  *account_id,
                const char  *task_id,
                const char  *text)
{
  PwQueueTask *item = queued (view, account_id, task_id);

  return item != NULL && g_strcmp0 (pw_queue_task_get_media_text (item), text) == 0;
}

/* A job released from the queue is offered again, its Claim button
 * sensitive; a frame a claim could not download says so in its row, and
 * the next sync downloads it, the row showing it coming, then ready. */
static void
test_release_and_next_sync (void)
{
  g_autoptr (PwFakePlatform) fake = NULL;
  g_autoptr (PwAccount) account = NULL;
  const char *account_id;
  PwWindow *window;
  PwTasksView *view;
  GtkWidget *label;
  gpointer weak_window;

  if (!pw_fake_platform_can_start ())
    return;
  fake = pw_fake_platform_start (PW_ACCOUNT_KIND_CVAT, FALSE);
  window = tasks_window (1600, 1000, &weak_window);
  view = pw_window_get_tasks_view (window);

  /* The queue holds only this test's tasks, all in sight. */
  while (g_list_model_get_n_items (pw_tasks_view_get_queue (view)) > 0)
    {
      g_autoptr (PwQueueTask) item = g_list_model_get_item (pw_tasks_view_get_queue (view), 0);
      const PwStoreTask *task = pw_queue_task_get_task (item);
      guint n = g_list_model_get_n_items (pw_tasks_view_get_queue (view));

      gtk_widget_activate_action (GTK_WIDGET (view), "tasks.release-task", "(ss)",
                                  task->account_id, task->task_id);
      WAIT_UNTIL (g_list_model_get_n_items (pw_tasks_view_get_queue (view)) < n);
    }

  account = add_account (view, fake, "Second CVAT");
  account_id = pw_account_get_id (account);
  WAIT_UNTIL (row_says (view, account_id, "44", "2 tasks available"));

  /* Claimed, then each of its frames released from its row. */
  gtk_widget_activate_action (GTK_WIDGET (view), "tasks.claim", "(ss)", account_id, "44");
  WAIT_UNTIL (queued_of (view, "44") == 2 && pw_tasks_view_get_n_claiming (view) == 0);
  WAIT_UNTIL (row_says (view, account_id, "44", "0 tasks available"));
  g_assert_false (claim_offered (view, account_id, "44"));
  gtk_widget_activate_action (GTK_WIDGET (view), "tasks.release-task", "(ss)", account_id, "44:0");
  WAIT_UNTIL (queued_of (view, "44") == 1);
  gtk_widget_activate_action (GTK_WIDGET (view), "tasks.release-task", "(ss)", account_id, "44:1");
  WAIT_UNTIL (queued_of (view, "44") == 0);
  WAIT_UNTIL (row_says (view, account_id, "44", "2 tasks available"));
  g_assert_true (claim_offered (view, account_id, "44"));

  /* Frame 1 of job 45 fails during the claim: its row says so. */
  fake_control (fake, "_fake/fail-frames?from=1");
  gtk_widget_activate_action (GTK_WIDGET (view), "tasks.claim", "(ss)", account_id, "45");
  WAIT_UNTIL (queued_of (view, "45") == 2 && pw_tasks_view_get_n_claiming (view) == 0);
  WAIT_UNTIL (row_media_says (view, account_id, "45:1",
                              "Image not downloaded — will retry at next sync"));
  g_assert_true (row_media_says (view, account_id, "45:0", ""));
  g_assert_nonnull (pw_queue_task_get_media_error (queued (view, account_id, "45:1")));
  pw_ui_test_wait_for_frames (GTK_WIDGET (window), 2);
  WAIT_UNTIL (shown_label (GTK_WIDGET (view), "Image not downloaded — will retry at next sync") != NULL);

  /* The next sync downloads it: coming, with a spinner, then ready. */
  fake_control (fake, "_fake/fail-frames");
  fake_control (fake, "_fake/hold-frames?from=1");
  g_action_group_activate_action (G_ACTION_GROUP (app), "sync-now", NULL);
  WAIT_UNTIL (row_media_says (view, account_id, "45:1", "Downloading…"));
  WAIT_UNTIL ((label = shown_label (GTK_WIDGET (view), "Downloading…")) != NULL);
  g_assert_true (GTK_IS_SPINNER (gtk_widget_get_prev_sibling (label)));
  g_assert_true (gtk_widget_get_visible (gtk_widget_get_prev_sibling (label)));
  g_assert_true (gtk_spinner_get_spinning (GTK_SPINNER (gtk_widget_get_prev_sibling (label))));
  fake_control (fake, "_fake/let-frames-go");
  WAIT_UNTIL (row_media_says (view, account_id, "45:1", ""));
  g_assert_nonnull (pw_queue_task_get_task (queued (view, account_id, "45:1"))->media_file);
  pw_ui_test_wait_for_frames (GTK_WIDGET (window), 2);
  g_assert_null (shown_label (GTK_WIDGET (view), "Downloading…"));

  gtk_window_destroy (GTK_WINDOW (window));
  pw_ui_test_wait_finalized (&weak_window);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  app = pw_ui_test_init (&argc, &argv);
  g_test_add_func ("/claim-progress/cvat-job", test_claim_progress);
  g_test_add_func ("/claim-progress/release-and-next-sync", test_release_and_next_sync);
  status = g_test_run ();
  g_object_unref (app);
  return status;
}
