/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "demo/pw-demo-market-test.h"
#include "pw-history-window.h"
#include "pw-sync-status.h"
#include "pw-tasks-view.h"
#include "pw-ui-test.h"
#include "pw-window.h"
#include "store/pw-store-private.h"

/* Marketplace tasks in the work area of a real window under Xvfb: claimed
 * image tasks open from the media cache with their project's labels;
 * Ctrl+Return queues the submission and shows the next task at once; the
 * sync worker delivers it, and the marketplace holds each exactly once. */

static PwApplication *app;

#define WAIT_UNTIL(condition) PW_UI_TEST_WAIT_UNTIL (condition, 30)

static void
on_ready (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static void
count_signal (guint *count)
{
  (*count)++;
}

static gboolean
has_statement_event (PwStore    *store,
                     const char *task_id)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) events = pw_store_list_task_history (store, PW_DEMO_ACCOUNT_ID, task_id,
                                                             &error);

  g_assert_no_error (error);
  for (guint i = 0; i < events->len; i++)
    if (((PwTaskEvent *) events->pdata[i])->kind == PW_TASK_EVENT_STATEMENT)
      return TRUE;
  return FALSE;
}

static gboolean
task_shown (PwWorkArea *area,
            const char *task_id)
{
  PwImageCanvas *canvas = pw_work_area_get_canvas (area);

  return g_strcmp0 (pw_work_area_get_task_id (area), task_id) == 0
         && pw_image_canvas_get_annotation (canvas) != NULL
         && pw_image_canvas_get_image (canvas) != NULL;
}

/* Claims @n tasks of @project from the demo marketplace, media included,
 * into the application's own cache. */
static PwClaimBatch *
claim_tasks (PwStore          *store,
             PwAccountManager *accounts,
             const char       *project,
             guint             n)
{
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (PwConnector) client = NULL;
  g_autoptr (GFile) media_dir = NULL;
  g_autofree char *media_path = g_build_filename (g_get_user_cache_dir (), "piecework", "media",
                                                  NULL);
  PwClaimBatch *batch;

  g_assert_cmpint (g_mkdir_with_parents (media_path, 0700), ==, 0);
  media_dir = g_file_new_for_path (media_path);
  client = pw_account_manager_get_connector (accounts, PW_DEMO_ACCOUNT_ID);
  pw_claim_batch_async (store, client, PW_DEMO_ACCOUNT_ID, project, n, media_dir,
                        NULL, NULL, NULL, on_ready, &result);
  WAIT_UNTIL (result != NULL);
  batch = pw_claim_batch_finish (result, &error);
  g_assert_no_error (error);
  return batch;
}

/* A window of the application on screen, watched by @weak_window. */
static PwWindow *
show_window (gpointer *weak_window)
{
  PwWindow *window = pw_window_new (app);

  *weak_window = window;
  g_object_add_weak_pointer (G_OBJECT (window), weak_window);
  gtk_window_present (GTK_WINDOW (window));
  pw_ui_test_wait_for_frames (GTK_WIDGET (window), 2);
  return window;
}

static char *
task_state (PwStore    *store,
            const char *task_id)
{
  g_autoptr (GError) error = NULL;
  PwTaskState state;

  g_assert_true (pw_store_get_task_state (store, PW_DEMO_ACCOUNT_ID, task_id, &state, &error));
  g_assert_no_error (error);
  return g_strdup (pw_task_state_to_string (state));
}

static gboolean
task_in_state (PwStore    *store,
               const char *task_id,
               const char *expected)
{
  g_autofree char *state = task_state (store, task_id);

  return g_strcmp0 (state, expected) == 0;
}

static void
test_tasks_submit_and_next (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PwClaimBatch) batch = NULL;
  g_autoptr (GPtrArray) open = NULL;
  g_auto (GStrv) ids = NULL;
  PwDemoTest *demo = pw_demo_test_new (5);
  PwAccountManager *accounts;
  PwWindow *window;
  PwWorkArea *area;
  PwAnnotation *annotation;
  PwStore *store;
  PwSyncStatus *status;
  gpointer weak_window;
  guint ledger_changes = 0;

  WAIT_UNTIL (pw_application_get_store_ready (app));
  store = pw_application_get_store (app);
  accounts = pw_application_get_account_manager (app);
  g_assert_nonnull (accounts);
  pw_account_manager_set_demo (accounts, demo->base_url, PW_DEMO_MARKET_TOKEN);
  g_signal_connect_swapped (app, "ledger-changed", G_CALLBACK (count_signal), &ledger_changes);
  status = g_object_ref_sink (g_object_new (PW_TYPE_SYNC_STATUS, NULL));
  g_assert_true (pw_sync_status_get_worker (status) == pw_application_get_sync_worker (app));
  g_assert_cmpstr (pw_sync_status_get_text (status), ==, "All synced");
  g_assert_false (pw_sync_status_get_offline_shown (status));
  pw_demo_test_qualify (demo, "p-street-qual");

  batch = claim_tasks (store, accounts, "p-street-vehicles", 2);
  ids = pw_claim_batch_get_task_ids (batch);
  g_assert_cmpuint (g_strv_length (ids), ==, 2);

  window = show_window (&weak_window);
  area = pw_window_get_work_area (window);

  /* Ctrl+T in the work area opens the queue at its first task, with the
   * project's labels on the canvas and its name in the title. */
  gtk_widget_activate_action (GTK_WIDGET (area), "work.open-tasks", NULL);
  WAIT_UNTIL (task_shown (area, ids[0]));
  g_assert_nonnull (strstr (pw_work_area_get_title (area), "Street scenes: vehicles"));
  g_assert_nonnull (strstr (pw_work_area_get_title (area), ids[0]));
  {
    GtkButton *save = GTK_BUTTON (gtk_widget_get_template_child (GTK_WIDGET (area), PW_TYPE_WORK_AREA,
                                                                 "save_button"));

    g_assert_cmpstr (gtk_button_get_label (save), ==, "_Submit and Next");
  }

  /* An unlabeled box stops the first Ctrl+Return, as for a folder. */
  annotation = pw_image_canvas_get_annotation (pw_work_area_get_canvas (area));
  {
    g_autofree char *id = pw_annotation_new_shape_id (annotation);
    g_autoptr (PwShape) shape = pw_shape_new_bbox (id, NULL, 10, 20, 30, 25);

    pw_annotation_add_shape (annotation, shape);
  }
  gtk_widget_activate_action (GTK_WIDGET (area), "work.save-next", NULL);
  pw_ui_test_iterate (50);
  g_assert_cmpstr (pw_work_area_get_task_id (area), ==, ids[0]);
  g_assert_cmpuint (pw_demo_market_count_submissions (demo->market, ids[0]), ==, 0);

  pw_image_canvas_select (pw_work_area_get_canvas (area),
                          pw_shape_get_id (pw_annotation_get_shapes (annotation)->pdata[0]));
  pw_image_canvas_apply_label (pw_work_area_get_canvas (area), "car");
  gtk_widget_activate_action (GTK_WIDGET (area), "work.save-next", NULL);
  WAIT_UNTIL (g_strcmp0 (pw_work_area_get_task_id (area), ids[1]) == 0);

  /* The next task shows once checked; the first is submitted in the store
   * and then held by the marketplace, once. */
  WAIT_UNTIL (task_shown (area, ids[1]));
  /* The queue in Tasks follows: one task is left in it. */
  WAIT_UNTIL (pw_tasks_view_get_n_queued (pw_window_get_tasks_view (window)) == 1);
  {
    g_autofree char *state = task_state (store, ids[0]);

    g_assert_true (g_str_equal (state, "submitted") || g_str_equal (state, "synced"));
  }
  WAIT_UNTIL (pw_demo_market_count_submissions (demo->market, ids[0]) == 1);

  /* The clock measured the first task while it was shown: its time is in
   * the time log, and the submission says how long it took. */
  {
    g_autoptr (GPtrArray) entries = pw_store_list_time_entries (store, 0, G_MAXINT64, &error);
    gboolean found = FALSE;

    g_assert_no_error (error);
    for (guint i = 0; i < entries->len; i++)
      {
        PwTimeEntry *entry = entries->pdata[i];

        if (g_strcmp0 (entry->task_id, ids[0]) == 0 && entry->kind == PW_TIME_TASK)
          {
            found = TRUE;
            g_assert_cmpstr (entry->project_id, ==, "p-street-vehicles");
            g_assert_cmpint (entry->ended_at, >, entry->started_at);
          }
      }
    g_assert_true (found);
    g_assert_cmpstr (pw_activity_clock_get_task_id (pw_application_get_activity_clock (app)),
                     ==, ids[1]);
  }
  {
    g_autofree char *body = pw_demo_market_dup_submission_body (demo->market, ids[0]);

    g_assert_nonnull (strstr (body, "\"car\""));
    g_assert_nonnull (strstr (body, pw_claim_batch_get_claim_id (batch)));
  }

  /* The last task submitted empties the queue. */
  annotation = pw_image_canvas_get_annotation (pw_work_area_get_canvas (area));
  {
    g_autofree char *id = pw_annotation_new_shape_id (annotation);
    g_autoptr (PwShape) shape = pw_shape_new_bbox (id, "bus", 5, 5, 40, 40);

    pw_annotation_add_shape (annotation, shape);
  }
  gtk_widget_activate_action (GTK_WIDGET (area), "work.save-next", NULL);
  WAIT_UNTIL (pw_work_area_get_task_id (area) == NULL);
  WAIT_UNTIL (pw_demo_market_count_submissions (demo->market, ids[1]) == 1);
  open = pw_store_list_open_tasks (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (open->len, ==, 0);
  pw_ui_test_iterate (200);
  g_assert_cmpuint (pw_demo_market_count_submissions (demo->market, ids[0]), ==, 1);
  g_assert_cmpuint (pw_demo_market_count_submissions (demo->market, ids[1]), ==, 1);

  /* What waits to sync is shown, and the statement reaches the ledger with
   * the reviews; the Earnings place hears of both. */
  WAIT_UNTIL (g_str_equal (pw_sync_status_get_text (status), "All synced"));
  WAIT_UNTIL (ledger_changes >= 2);
  pw_application_refresh_statements (app);
  WAIT_UNTIL (has_statement_event (store, ids[0]) && has_statement_event (store, ids[1]));
  g_signal_handlers_disconnect_by_data (app, &ledger_changes);
  g_object_unref (status);

  /* The submitted work, newest first, with its history and review; the
   * work can be saved as a file. */
  {
    PwHistoryWindow *history = pw_history_window_new (GTK_WINDOW (window), store);
    gpointer weak_history = history;
    g_autofree char *out_dir = g_dir_make_tmp ("history-XXXXXX", NULL);
    g_autofree char *out_path = g_build_filename (out_dir, "work.json", NULL);
    g_autoptr (GFile) out = g_file_new_for_path (out_path);
    g_autofree char *saved = NULL;

    g_object_add_weak_pointer (G_OBJECT (history), &weak_history);
    gtk_window_present (GTK_WINDOW (history));
    WAIT_UNTIL (pw_history_window_get_n_rows (history) == 2);
    g_assert_nonnull (strstr (pw_history_window_get_row_text (history, 0), ids[1]));
    g_assert_nonnull (strstr (pw_history_window_get_row_text (history, 1), ids[0]));
    g_assert_nonnull (strstr (pw_history_window_get_row_text (history, 1), "Street scenes: vehicles"));
    g_assert_nonnull (strstr (pw_history_window_get_row_text (history, 1), "0.04 USD"));
    pw_history_window_select (history, 1);
    WAIT_UNTIL (strstr (pw_history_window_get_details_text (history), "Statement") != NULL);
    g_assert_nonnull (strstr (pw_history_window_get_details_text (history), "Submitted"));
    g_assert_nonnull (strstr (pw_history_window_get_details_text (history), "Claimed"));
    g_assert_true (pw_history_window_export_selected_to (history, out, &error));
    g_assert_no_error (error);
    g_assert_true (g_file_get_contents (out_path, &saved, NULL, NULL));
    g_assert_nonnull (strstr (saved, ids[0]));
    g_assert_nonnull (strstr (saved, "\"car\""));
    g_remove (out_path);
    g_rmdir (out_dir);
    gtk_window_destroy (GTK_WINDOW (history));
    pw_ui_test_wait_finalized (&weak_history);
  }

  gtk_window_destroy (GTK_WINDOW (window));
  pw_ui_test_wait_finalized (&weak_window);
  pw_demo_test_free (demo);
}

/* With the marketplace gone, submitting still works: the header says the
 * work waits on this computer and that the app is offline. */
static void
test_tasks_offline (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PwClaimBatch) batch = NULL;
  g_auto (GStrv) ids = NULL;
  PwDemoTest *demo = pw_demo_test_new (9);
  PwAccountManager *accounts;
  PwSyncStatus *status;
  PwWindow *window;
  PwWorkArea *area;
  PwAnnotation *annotation;
  PwStore *store;
  gpointer weak_window;

  WAIT_UNTIL (pw_application_get_store_ready (app));
  store = pw_application_get_store (app);
  accounts = pw_application_get_account_manager (app);
  /* A new demo marketplace starts over, and hands out the ids the first
   * test submitted again: the application records it, as at each start. */
  pw_store_restart_account (store, PW_DEMO_ACCOUNT_ID);
  pw_account_manager_set_demo (accounts, demo->base_url, PW_DEMO_MARKET_TOKEN);
  pw_demo_test_qualify (demo, "p-street-qual");
  batch = claim_tasks (store, accounts, "p-street-vehicles", 2);
  ids = pw_claim_batch_get_task_ids (batch);

  /* The train enters the tunnel. */
  pw_demo_test_free (demo);

  status = g_object_ref_sink (g_object_new (PW_TYPE_SYNC_STATUS, NULL));
  window = show_window (&weak_window);
  area = pw_window_get_work_area (window);
  gtk_widget_activate_action (GTK_WIDGET (area), "work.open-tasks", NULL);
  WAIT_UNTIL (task_shown (area, ids[0]));

  annotation = pw_image_canvas_get_annotation (pw_work_area_get_canvas (area));
  {
    g_autofree char *id = pw_annotation_new_shape_id (annotation);
    g_autoptr (PwShape) shape = pw_shape_new_bbox (id, "truck", 10, 10, 30, 30);

    pw_annotation_add_shape (annotation, shape);
  }
  gtk_widget_activate_action (GTK_WIDGET (area), "work.save-next", NULL);
  WAIT_UNTIL (g_strcmp0 (pw_work_area_get_task_id (area), ids[1]) == 0);

  WAIT_UNTIL (g_str_equal (pw_sync_status_get_text (status), "1 waiting to sync"));
  WAIT_UNTIL (pw_sync_status_get_offline_shown (status));
  {
    g_autofree char *state = task_state (store, ids[0]);

    g_assert_cmpstr (state, ==, "submitted");
  }

  g_object_unref (status);
  gtk_window_destroy (GTK_WINDOW (window));
  pw_ui_test_wait_finalized (&weak_window);
}

/* While the disk is full the sync worker cannot read its outbox and says
 * so, which is expected here. */
static gboolean
is_outbox_warning (const char *message)
{
  return strstr (message, "Could not read the outbox") != NULL;
}

static gboolean
outbox_warning_not_fatal (const char    *log_domain,
                          GLogLevelFlags log_level,
                          const char    *message,
                          gpointer       user_data)
{
  return !is_outbox_warning (message);
}

static void
drop_outbox_warning (const char    *log_domain,
                     GLogLevelFlags log_level,
                     const char    *message,
                     gpointer       user_data)
{
  if (!is_outbox_warning (message))
    g_log_default_handler (log_domain, log_level, message, user_data);
}

static gboolean
said_submitted (PwWorkArea *area)
{
  const char *toast = pw_work_area_get_last_toast (area);

  return toast != NULL &&
         (g_str_has_prefix (toast, "Waiting to be saved") || g_str_has_prefix (toast, "Submitted"));
}

/* With the disk full, a submission is not called submitted: the worker
 * is told it waits to be saved, and it is saved once space is freed. */
static void
test_tasks_disk_full (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PwClaimBatch) batch = NULL;
  g_auto (GStrv) ids = NULL;
  g_autofree char *big = g_strnfill (64 * 1024, 'x');
  PwDemoTest *demo = pw_demo_test_new (11);
  PwAccountManager *accounts;
  PwWindow *window;
  PwWorkArea *area;
  PwAnnotation *annotation;
  PwStore *store;
  gpointer weak_window;
  guint handler;

  WAIT_UNTIL (pw_application_get_store_ready (app));
  store = pw_application_get_store (app);
  accounts = pw_application_get_account_manager (app);
  /* A new demo marketplace starts over and hands out the ids the first
   * test submitted again: the application records it, as at each start. */
  pw_store_restart_account (store, PW_DEMO_ACCOUNT_ID);
  pw_account_manager_set_demo (accounts, demo->base_url, PW_DEMO_MARKET_TOKEN);
  pw_sync_worker_resume_account (pw_application_get_sync_worker (app), PW_DEMO_ACCOUNT_ID);
  pw_demo_test_qualify (demo, "p-street-qual");
  batch = claim_tasks (store, accounts, "p-street-vehicles", 1);
  ids = pw_claim_batch_get_task_ids (batch);

  window = show_window (&weak_window);
  area = pw_window_get_work_area (window);
  gtk_widget_activate_action (GTK_WIDGET (area), "work.open-tasks", NULL);
  WAIT_UNTIL (task_shown (area, ids[0]));

  /* The disk fills up: an edit is refused and waits in memory. */
  g_test_log_set_fatal_handler (outbox_warning_not_fatal, NULL);
  handler = g_log_set_handler ("Piecework", G_LOG_LEVEL_WARNING | G_LOG_FLAG_FATAL,
                               drop_outbox_warning, NULL);
  g_assert_true (_pw_store_exec_on_writer (store, "PRAGMA max_page_count = 1", &error));
  g_assert_no_error (error);
  pw_store_append_command (store, "disk-full-filler", 0, big);
  WAIT_UNTIL (pw_store_get_n_unwritten (store) >= 1);

  annotation = pw_image_canvas_get_annotation (pw_work_area_get_canvas (area));
  {
    g_autofree char *id = pw_annotation_new_shape_id (annotation);
    g_autoptr (PwShape) shape = pw_shape_new_bbox (id, "truck", 10, 10, 30, 30);

    pw_annotation_add_shape (annotation, shape);
  }
  gtk_widget_activate_action (GTK_WIDGET (area), "work.save-next", NULL);
  WAIT_UNTIL (said_submitted (area));
  g_assert_true (g_str_has_prefix (pw_work_area_get_last_toast (area), "Waiting to be saved"));

  /* Space is freed: the submission reaches the disk. */
  g_assert_true (_pw_store_exec_on_writer (store, "PRAGMA max_page_count = 1073741823", &error));
  g_assert_no_error (error);
  pw_store_retry (store);
  WAIT_UNTIL (pw_store_get_n_unwritten (store) == 0 && !pw_store_get_failing (store));
  g_log_remove_handler ("Piecework", handler);
  g_test_log_set_fatal_handler (NULL, NULL);
  /* And from there to the marketplace, so no work of this test is left
   * waiting for the next. */
  WAIT_UNTIL (task_in_state (store, ids[0], "synced"));

  gtk_window_destroy (GTK_WINDOW (window));
  pw_ui_test_wait_finalized (&weak_window);
  pw_demo_test_free (demo);
}

/* A text task asked for in the work area opens in the text panel, with
 * the image tools put away. */
static void
test_tasks_other_kind (void)
{
  g_autoptr (PwClaimBatch) batch = NULL;
  g_auto (GStrv) ids = NULL;
  PwDemoTest *demo = pw_demo_test_new (4);
  PwAccountManager *accounts;
  PwWindow *window;
  PwWorkArea *area;
  PwStore *store;
  GtkStack *pages;
  GtkWidget *image_tools;
  gpointer weak_window;

  WAIT_UNTIL (pw_application_get_store_ready (app));
  store = pw_application_get_store (app);
  accounts = pw_application_get_account_manager (app);
  pw_store_restart_account (store, PW_DEMO_ACCOUNT_ID);
  pw_account_manager_set_demo (accounts, demo->base_url, PW_DEMO_MARKET_TOKEN);
  batch = claim_tasks (store, accounts, "p-review-sentiment", 1);
  ids = pw_claim_batch_get_task_ids (batch);

  window = show_window (&weak_window);
  area = pw_window_get_work_area (window);
  pages = GTK_STACK (gtk_widget_get_template_child (GTK_WIDGET (area), PW_TYPE_WORK_AREA,
                                                    "canvas_stack"));
  image_tools = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (area), PW_TYPE_WORK_AREA,
                                                           "image_tools"));

  pw_work_area_open_task (area, PW_DEMO_ACCOUNT_ID, ids[0]);
  WAIT_UNTIL (g_strcmp0 (pw_work_area_get_task_id (area), ids[0]) == 0);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (pages), ==, "text");
  g_assert_false (gtk_widget_get_visible (image_tools));
  g_assert_nonnull (strstr (pw_work_area_get_title (area), "Product reviews"));

  gtk_window_destroy (GTK_WINDOW (window));
  pw_ui_test_wait_finalized (&weak_window);
  pw_demo_test_free (demo);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  app = pw_ui_test_init (&argc, &argv);

  g_test_add_func ("/work-area-tasks/submit-and-next", test_tasks_submit_and_next);
  g_test_add_func ("/work-area-tasks/disk-full", test_tasks_disk_full);
  g_test_add_func ("/work-area-tasks/offline", test_tasks_offline);
  g_test_add_func ("/work-area-tasks/other-kind", test_tasks_other_kind);

  status = g_test_run ();
  g_object_unref (app);
  return status;
}
