/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gstdio.h>

#include <sqlite3.h>
#include <string.h>

#include "demo/pw-demo-market-test.h"
#include "pw-account-manager-private.h"
#include "pw-tasks-view-private.h"
#include "pw-ui-test.h"
#include "pw-window.h"

/* The Tasks place of a real window under Xvfb, against demo marketplaces
 * on loopback: the projects of each account with their pay and
 * qualification, a claim with its progress, the queue with its leases,
 * releasing, an expired lease and an account that cannot be reached. */

static PwApplication *app;
static GPtrArray *toasts;

#define WAIT_UNTIL(condition)                                             \
  G_STMT_START {                                                          \
    gint64 _deadline = g_get_monotonic_time () + 30 * G_TIME_SPAN_SECOND;     \
    while (!(condition))                                                  \
      {                                                                   \
        if (g_get_monotonic_time () > _deadline)                          \
          g_error ("Timed out waiting for %s", #condition);               \
        if (!g_main_context_iteration (NULL, FALSE))                      \
          g_usleep (1000);                                                \
      }                                                                   \
  } G_STMT_END

/* Toasts go away; the view also says them as debug messages. */
static void
capture_debug (const char     *log_domain,
               GLogLevelFlags  log_level,
               const char     *message,
               gpointer        user_data)
{
  if (g_str_has_prefix (message, "Tasks: "))
    g_ptr_array_add (toasts, g_strdup (message + strlen ("Tasks: ")));
}

static gboolean
toasted (const char *part)
{
  for (guint i = 0; i < toasts->len; i++)
    {
      if (strstr (toasts->pdata[i], part) != NULL)
        return TRUE;
    }
  return FALSE;
}

static const char *
widget_text (GtkWidget *widget)
{
  if (GTK_IS_LABEL (widget))
    return gtk_label_get_label (GTK_LABEL (widget));
  if (GTK_IS_BUTTON (widget))
    return gtk_button_get_label (GTK_BUTTON (widget));
  if (ADW_IS_PREFERENCES_ROW (widget))
    return adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget));
  return NULL;
}

/* The first widget under @root, popovers included, whose text contains
 * @text, or of @type when @text is %NULL. */
static GtkWidget *
find_widget (GtkWidget  *root,
             GType       type,
             const char *text)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      const char *shown = widget_text (child);
      GtkWidget *found;

      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type)
          && (text == NULL || (shown != NULL && strstr (shown, text) != NULL)))
        return child;
      if ((found = find_widget (child, type, text)) != NULL)
        return found;
    }
  return NULL;
}

static PwWindow *
new_window (gpointer *weak_window)
{
  PwWindow *window = pw_window_new (app);

  *weak_window = window;
  g_object_add_weak_pointer (G_OBJECT (window), weak_window);
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 760);
  gtk_window_present (GTK_WINDOW (window));
  pw_window_set_place (window, "tasks");
  pw_ui_test_wait_for_frames (GTK_WIDGET (window), 3);
  return window;
}

static void
close_window (PwWindow *window,
              gpointer *weak_window)
{
  gpointer weak_view = pw_window_get_tasks_view (window);

  g_object_add_weak_pointer (weak_view, &weak_view);
  gtk_window_destroy (GTK_WINDOW (window));
  pw_ui_test_wait_finalized (weak_window);
  pw_ui_test_wait_finalized (&weak_view);
}

/* The Tasks page of the window's places. */
static AdwViewStackPage *
place_page (PwWindow *window)
{
  GtkWidget *view = GTK_WIDGET (pw_window_get_tasks_view (window));
  GtkWidget *stack = gtk_widget_get_ancestor (view, ADW_TYPE_VIEW_STACK);

  g_assert_nonnull (stack);
  return adw_view_stack_get_page (ADW_VIEW_STACK (stack), view);
}

static gint64
available_tasks (PwDemoTest *demo,
                 const char *project_id)
{
  g_autoptr (PwDemoAnswer) answer = pw_demo_test_get (demo, "v1/projects");
  JsonArray *projects = pw_demo_answer_array (answer, "projects");

  for (guint i = 0; i < json_array_get_length (projects); i++)
    {
      JsonObject *project = json_array_get_object_element (projects, i);

      if (g_strcmp0 (json_object_get_string_member (project, "id"), project_id) == 0)
        return json_object_get_int_member (project, "available_tasks");
    }
  g_assert_not_reached ();
}

/* How many projects the demo marketplace lists. */
static guint
demo_projects (PwDemoTest *demo)
{
  g_autoptr (PwDemoAnswer) answer = pw_demo_test_get (demo, "v1/projects");

  return json_array_get_length (pw_demo_answer_array (answer, "projects"));
}

static guint
stored_projects (const char *account_id)
{
  PwStore *store = pw_application_get_store (app);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  guint n;

  g_assert_cmpint (sqlite3_open_v2 (pw_store_get_path (store), &db, SQLITE_OPEN_READONLY, NULL), ==,
                   SQLITE_OK);
  /* The application's own connections may be writing or checkpointing. */
  sqlite3_busy_timeout (db, 5000);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT count(*) FROM projects WHERE account_id = ?1",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, account_id, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = (guint) sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return n;
}

static char *
task_state (const char *account_id,
            const char *task_id)
{
  g_autoptr (GError) error = NULL;
  PwTaskState state;

  g_assert_true (pw_store_get_task_state (pw_application_get_store (app), account_id, task_id,
                                          &state, &error));
  g_assert_no_error (error);
  return g_strdup (pw_task_state_to_string (state));
}

static PwQueueTask *
queued (PwTasksView *view,
        guint        position)
{
  g_autoptr (PwQueueTask) item = g_list_model_get_item (pw_tasks_view_get_queue (view), position);

  g_assert_nonnull (item);
  return item;
}

static gboolean
in_queue (PwTasksView *view,
          const char  *account_id,
          const char  *task_id)
{
  GListModel *queue = pw_tasks_view_get_queue (view);

  for (guint i = 0; i < g_list_model_get_n_items (queue); i++)
    {
      const PwStoreTask *task = pw_queue_task_get_task (queued (view, i));

      if (g_str_equal (task->account_id, account_id) && g_str_equal (task->task_id, task_id))
        return TRUE;
    }
  return FALSE;
}

static AdwMessageDialog *
find_dialog (void)
{
  g_autoptr (GList) windows = gtk_window_list_toplevels ();

  for (GList *l = windows; l != NULL; l = l->next)
    {
      if (ADW_IS_MESSAGE_DIALOG (l->data) && gtk_widget_get_visible (l->data))
        return l->data;
    }
  return NULL;
}

static void
record_text (GtkProgressBar *bar,
             GParamSpec     *pspec,
             GPtrArray      *texts)
{
  g_ptr_array_add (texts, g_strdup (gtk_progress_bar_get_text (bar)));
}

static PwAccountManager *
wait_for_accounts (void)
{
  WAIT_UNTIL (pw_application_get_store_ready (app));
  g_assert_nonnull (pw_application_get_store (app));
  g_assert_nonnull (pw_application_get_account_manager (app));
  return pw_application_get_account_manager (app);
}

static void
on_open_task (PwTasksView *view,
              const char  *account_id,
              const char  *task_id,
              char       **opened)
{
  g_free (*opened);
  *opened = g_strdup (task_id);
}

static void
test_tasks_view_lease_text (void)
{
  gint64 now = g_get_real_time ();
  PwStoreTask task = {
    .account_id = (char *) "a", .task_id = (char *) "t-1", .claim_id = (char *) "c-1",
    .project_id = (char *) "p", .kind = PW_TASK_KIND_IMAGE, .pay_micro = 15000,
    .currency = (char *) "USD", .state = PW_TASK_STATE_CLAIMED,
  };
  g_autoptr (PwQueueTask) item = NULL;
  g_autofree char *text = NULL;

  text = pw_queue_task_format_lease_left (42 * G_TIME_SPAN_MINUTE + 30 * G_TIME_SPAN_SECOND);
  g_assert_cmpstr (text, ==, "42 min left");
  g_clear_pointer (&text, g_free);
  text = pw_queue_task_format_lease_left (2 * G_TIME_SPAN_HOUR + 5 * G_TIME_SPAN_MINUTE);
  g_assert_cmpstr (text, ==, "2 h 5 min left");
  g_clear_pointer (&text, g_free);
  text = pw_queue_task_format_lease_left (9 * G_TIME_SPAN_MINUTE + 59 * G_TIME_SPAN_SECOND);
  g_assert_cmpstr (text, ==, "Only 9 min left");
  g_clear_pointer (&text, g_free);
  text = pw_queue_task_format_lease_left (41 * G_TIME_SPAN_SECOND + 1);
  g_assert_cmpstr (text, ==, "Only 42 s left");
  g_clear_pointer (&text, g_free);
  text = pw_queue_task_format_lease_left (3 * G_TIME_SPAN_DAY);
  g_assert_cmpstr (text, ==, "3 days left");
  g_clear_pointer (&text, g_free);
  text = pw_queue_task_format_lease_left (0);
  g_assert_cmpstr (text, ==, "Expired");

  /* The state moves with the clock; only the step into expired counts. */
  task.lease_expires_at = now + 30 * G_TIME_SPAN_MINUTE;
  item = pw_queue_task_new (&task, "Street scenes", "Demo");
  g_assert_cmpint (pw_queue_task_get_lease_state (item), ==, PW_LEASE_UNKNOWN);
  g_assert_false (pw_queue_task_update_lease (item, now));
  g_assert_cmpint (pw_queue_task_get_lease_state (item), ==, PW_LEASE_RUNNING);
  g_assert_cmpstr (pw_queue_task_get_lease_text (item), ==, "30 min left");
  g_assert_false (pw_queue_task_update_lease (item, now + 25 * G_TIME_SPAN_MINUTE));
  g_assert_cmpint (pw_queue_task_get_lease_state (item), ==, PW_LEASE_ENDING);
  g_assert_true (pw_queue_task_update_lease (item, now + 30 * G_TIME_SPAN_MINUTE));
  g_assert_cmpint (pw_queue_task_get_lease_state (item), ==, PW_LEASE_EXPIRED);
  g_assert_false (pw_queue_task_update_lease (item, now + 31 * G_TIME_SPAN_MINUTE));
  /* A price keeps the digits it has past the cent. */
  g_assert_cmpstr (pw_queue_task_get_pay (item), ==, "0.015 USD");
}

static void
test_tasks_view_claim_release (void)
{
  PwAccountManager *accounts = wait_for_accounts ();
  PwDemoTest *demo = pw_demo_test_new (7);
  g_autoptr (GPtrArray) progress = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *opened = NULL;
  g_autofree char *released_id = NULL;
  PwWindow *window;
  PwTasksView *view;
  GtkSelectionModel *selection;
  AdwActionRow *row;
  AdwActionRow *qualification_row;
  AdwMessageDialog *dialog;
  GtkWidget *widget;
  GtkWidget *claim_button;
  GtkProgressBar *bar;
  GtkSpinButton *count;
  gpointer weak_window;

  window = new_window (&weak_window);
  view = pw_window_get_tasks_view (window);
  selection = pw_tasks_view_get_queue_selection (view);
  g_signal_connect (view, "open-task", G_CALLBACK (on_open_task), &opened);
  g_assert_cmpuint (g_list_model_get_n_items (pw_tasks_view_get_queue (view)), ==, 0);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (view->projects_stack), ==, "none");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (view->queue_stack), ==, "empty");

  /* The account's projects are listed as soon as it is added, the place
   * being shown, and kept in the store for offline work. */
  pw_account_manager_set_demo (accounts, demo->base_url, PW_DEMO_MARKET_TOKEN);
  WAIT_UNTIL (pw_tasks_view_get_project_row (view, PW_DEMO_ACCOUNT_ID, "p-street-vehicles") != NULL
              && !pw_tasks_view_get_loading (view));
  row = pw_tasks_view_get_project_row (view, PW_DEMO_ACCOUNT_ID, "p-street-vehicles");
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==,
                   "Street scenes: vehicles");
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (row), "Image"));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (row), "0.04 USD per task"));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (row), "120 tasks available"));
  qualification_row = pw_tasks_view_get_project_row (view, PW_DEMO_ACCOUNT_ID, "p-street-qual");
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (qualification_row), "Unpaid"));
  g_assert_cmpstr (adw_preferences_group_get_title (pw_tasks_view_get_account_group (view, PW_DEMO_ACCOUNT_ID)),
                   ==, "Demo marketplace");
  WAIT_UNTIL (stored_projects (PW_DEMO_ACCOUNT_ID) == demo_projects (demo));

  /* The tag says a qualification is needed and shows its project. */
  widget = find_widget (GTK_WIDGET (row), GTK_TYPE_BUTTON, "Qualification needed");
  g_assert_nonnull (widget);
  g_assert_true (gtk_widget_has_css_class (widget, "tag"));
  g_assert_null (find_widget (GTK_WIDGET (qualification_row), GTK_TYPE_WIDGET,
                              "Qualification needed"));
  g_signal_emit_by_name (widget, "clicked");
  WAIT_UNTIL (gtk_root_get_focus (GTK_ROOT (window)) == GTK_WIDGET (qualification_row));

  /* Claiming before qualifying says so, and nothing is claimed. */
  gtk_widget_activate_action (GTK_WIDGET (view), "tasks.claim", "(ss)", PW_DEMO_ACCOUNT_ID,
                              "p-street-vehicles");
  g_assert_cmpuint (pw_tasks_view_get_n_claiming (view), ==, 1);
  WAIT_UNTIL (pw_tasks_view_get_n_claiming (view) == 0);
  g_assert_true (toasted ("Pass the qualification before claiming from “Street scenes: vehicles”"));

  /* Qualified and listed again (F5), the tag is gone. */
  pw_demo_test_qualify (demo, "p-street-qual");
  gtk_widget_activate_action (GTK_WIDGET (view), "tasks.refresh", NULL);
  g_assert_true (pw_tasks_view_get_loading (view));
  WAIT_UNTIL (!pw_tasks_view_get_loading (view));
  row = pw_tasks_view_get_project_row (view, PW_DEMO_ACCOUNT_ID, "p-street-vehicles");
  g_assert_null (find_widget (GTK_WIDGET (row), GTK_TYPE_WIDGET, "Qualification needed"));

  /* Three tasks claimed from the count's entry, with Return. */
  claim_button = find_widget (GTK_WIDGET (row), GTK_TYPE_MENU_BUTTON, NULL);
  g_assert_true (adw_action_row_get_activatable_widget (row) == claim_button);
  count = GTK_SPIN_BUTTON (find_widget (claim_button, GTK_TYPE_SPIN_BUTTON, NULL));
  g_assert_cmpint (gtk_spin_button_get_value_as_int (count), ==, 10);
  bar = GTK_PROGRESS_BAR (find_widget (GTK_WIDGET (row), GTK_TYPE_PROGRESS_BAR, NULL));
  g_signal_connect (bar, "notify::text", G_CALLBACK (record_text), progress);
  gtk_spin_button_set_value (count, 3);
  gtk_menu_button_popup (GTK_MENU_BUTTON (claim_button));
  g_signal_emit_by_name (gtk_editable_get_delegate (GTK_EDITABLE (count)), "activate");
  g_assert_cmpuint (pw_tasks_view_get_n_claiming (view), ==, 1);
  g_assert_false (gtk_widget_get_child_visible (claim_button));
  WAIT_UNTIL (pw_tasks_view_get_n_claiming (view) == 0);
  g_assert_true (toasted ("Claimed 3 tasks"));
  /* The project's row as it is now: the account's rows may have been
   * built again while the claim ran, each showing the claim as it stood. */
  row = pw_tasks_view_get_project_row (view, PW_DEMO_ACCOUNT_ID, "p-street-vehicles");
  claim_button = find_widget (GTK_WIDGET (row), GTK_TYPE_MENU_BUTTON, NULL);
  g_assert_true (gtk_widget_get_child_visible (claim_button));
  g_signal_handlers_disconnect_by_data (bar, progress);
  g_assert_true (g_ptr_array_find_with_equal_func (progress, "Claiming…", g_str_equal, NULL));
  g_assert_true (g_ptr_array_find_with_equal_func (progress, "Downloading 1 of 3", g_str_equal, NULL));
  g_assert_true (g_ptr_array_find_with_equal_func (progress, "Downloading 3 of 3", g_str_equal, NULL));

  WAIT_UNTIL (g_list_model_get_n_items (pw_tasks_view_get_queue (view)) == 3);
  g_assert_cmpuint (pw_tasks_view_get_n_queued (view), ==, 3);
  g_assert_cmpuint (adw_view_stack_page_get_badge_number (place_page (window)), ==, 3);
  g_assert_false (pw_tasks_view_get_lease_ending (view));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (view->queue_stack), ==, "tasks");
  for (guint i = 0; i < 3; i++)
    {
      PwQueueTask *item = queued (view, i);
      const PwStoreTask *task = pw_queue_task_get_task (item);

      g_assert_cmpstr (pw_queue_task_get_project_name (item), ==, "Street scenes: vehicles");
      g_assert_cmpstr (pw_queue_task_get_account_name (item), ==, "Demo marketplace");
      g_assert_cmpstr (pw_queue_task_get_kind_name (item), ==, "Image");
      g_assert_cmpstr (pw_queue_task_get_pay (item), ==, "0.04 USD");
      g_assert_cmpstr (pw_queue_task_get_lease_text (item), ==, "59 min left");
      g_assert_nonnull (task->media_file);
      g_assert_true (g_file_test (task->media_file, G_FILE_TEST_IS_REGULAR));
    }
  pw_ui_test_wait_for_frames (GTK_WIDGET (window), 2);
  g_assert_nonnull (find_widget (GTK_WIDGET (view), GTK_TYPE_LABEL, "59 min left"));

  /* The queue names each task's account as the accounts read now: at
   * start they are read after the queue, and the list announces them. */
  {
    GListModel *list = pw_account_manager_get_accounts (accounts);
    PwAccount *account = pw_account_manager_lookup (accounts, PW_DEMO_ACCOUNT_ID);
    g_autofree char *base_url = g_strdup (pw_account_get_base_url (account));
    guint position = 0;

    for (;; position++)
      {
        g_autoptr (PwAccount) listed = g_list_model_get_item (list, position);

        g_assert_nonnull (listed);
        if (listed == account)
          break;
      }
    _pw_account_set_details (account, "Demo, read again", base_url, pw_account_get_kind (account));
    g_list_model_items_changed (list, position, 1, 1);
    WAIT_UNTIL (g_strcmp0 (pw_queue_task_get_account_name (queued (view, 0)), "Demo, read again") == 0);
    g_assert_nonnull (find_widget (GTK_WIDGET (view), GTK_TYPE_LABEL, "Demo, read again"));
    _pw_account_set_details (account, "Demo marketplace", base_url, pw_account_get_kind (account));
    g_list_model_items_changed (list, position, 1, 1);
    WAIT_UNTIL (g_strcmp0 (pw_queue_task_get_account_name (queued (view, 0)), "Demo marketplace") == 0);
  }
  /* Each task's kind, in a column of its own. */
  {
    GtkWidget *columns = find_widget (GTK_WIDGET (view), GTK_TYPE_COLUMN_VIEW, NULL);
    GListModel *list = gtk_column_view_get_columns (GTK_COLUMN_VIEW (columns));
    gboolean kind_column = FALSE;

    for (guint i = 0; i < g_list_model_get_n_items (list); i++)
      {
        g_autoptr (GtkColumnViewColumn) column = g_list_model_get_item (list, i);

        kind_column |= g_strcmp0 (gtk_column_view_column_get_title (column), "Kind") == 0;
      }
    g_assert_true (kind_column);
    g_assert_nonnull (find_widget (columns, GTK_TYPE_LABEL, "Image"));
  }
  g_assert_cmpint (available_tasks (demo, "p-street-vehicles"), ==, 117);

  /* Return on a queued task opens it in the work area. */
  g_signal_emit_by_name (find_widget (GTK_WIDGET (view), GTK_TYPE_COLUMN_VIEW, NULL), "activate", 1);
  g_assert_cmpstr (opened, ==, pw_queue_task_get_task (queued (view, 1))->task_id);
  g_assert_cmpstr (pw_window_get_place (window), ==, "work");
  WAIT_UNTIL (g_strcmp0 (pw_work_area_get_task_id (pw_window_get_work_area (window)), opened) == 0);

  /* Shown again within a minute, the place keeps its list; later, it
   * lists the projects again. */
  {
    guint listed = pw_demo_market_count_requests (demo->market, PW_DEMO_ENDPOINT_PROJECTS);

    pw_window_set_place (window, "tasks");
    pw_ui_test_wait_for_frames (GTK_WIDGET (window), 2);
    g_assert_false (pw_tasks_view_get_loading (view));
    g_assert_cmpuint (pw_demo_market_count_requests (demo->market, PW_DEMO_ENDPOINT_PROJECTS), ==,
                      listed);
    pw_window_set_place (window, "work");
    pw_ui_test_wait_for_frames (GTK_WIDGET (window), 2);
    view->listed_at -= 61 * G_TIME_SPAN_SECOND;
    pw_window_set_place (window, "tasks");
    pw_ui_test_wait_for_frames (GTK_WIDGET (window), 2);
    WAIT_UNTIL (!pw_tasks_view_get_loading (view));
    g_assert_cmpuint (pw_demo_market_count_requests (demo->market, PW_DEMO_ENDPOINT_PROJECTS), ==,
                      listed + 1);
  }

  /* One task released goes back to the marketplace at once. */
  released_id = g_strdup (pw_queue_task_get_task (queued (view, 0))->task_id);
  gtk_selection_model_select_item (selection, 0, TRUE);
  gtk_widget_activate_action (GTK_WIDGET (view), "tasks.release", NULL);
  g_assert_null (find_dialog ());
  WAIT_UNTIL (g_list_model_get_n_items (pw_tasks_view_get_queue (view)) == 2);
  g_assert_false (in_queue (view, PW_DEMO_ACCOUNT_ID, released_id));
  g_assert_true (toasted ("Released 1 task"));
  g_assert_cmpint (available_tasks (demo, "p-street-vehicles"), ==, 118);
  {
    g_autofree char *state = task_state (PW_DEMO_ACCOUNT_ID, released_id);

    g_assert_cmpstr (state, ==, "released");
  }

  /* The whole claim asks first; cancelling keeps the tasks. */
  gtk_selection_model_select_item (selection, 0, TRUE);
  gtk_widget_activate_action (GTK_WIDGET (view), "tasks.release-claim", NULL);
  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Release 2 Tasks?");
  adw_message_dialog_response (dialog, "cancel");
  pw_ui_test_iterate (100);
  g_assert_cmpuint (g_list_model_get_n_items (pw_tasks_view_get_queue (view)), ==, 2);

  gtk_widget_activate_action (GTK_WIDGET (view), "tasks.release-claim", NULL);
  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  adw_message_dialog_response (dialog, "release");
  WAIT_UNTIL (g_list_model_get_n_items (pw_tasks_view_get_queue (view)) == 0);
  g_assert_true (toasted ("Released 2 tasks"));
  g_assert_cmpint (available_tasks (demo, "p-street-vehicles"), ==, 120);
  g_assert_cmpuint (pw_tasks_view_get_n_queued (view), ==, 0);

  close_window (window, &weak_window);
  pw_demo_test_free (demo);
}

typedef struct
{
  gboolean expired;
  char    *text;
  char    *task_id;
} ExpiredSeen;

static void
on_lease_state (PwQueueTask *item,
                GParamSpec  *pspec,
                ExpiredSeen *seen)
{
  if (pw_queue_task_get_lease_state (item) != PW_LEASE_EXPIRED)
    return;
  seen->expired = TRUE;
  g_free (seen->text);
  seen->text = g_strdup (pw_queue_task_get_lease_text (item));
  g_free (seen->task_id);
  seen->task_id = g_strdup (pw_queue_task_get_task (item)->task_id);
}

static void
on_queue_changed (GListModel  *queue,
                  guint        position,
                  guint        removed,
                  guint        added,
                  ExpiredSeen *seen)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr (PwQueueTask) item = g_list_model_get_item (queue, i);

      g_signal_connect (item, "notify::lease-state", G_CALLBACK (on_lease_state), seen);
    }
}

static void
test_tasks_view_expired (void)
{
  PwAccountManager *accounts = wait_for_accounts ();
  PwDemoTest *demo = pw_demo_test_new (11);
  ExpiredSeen seen = { FALSE, NULL, NULL };
  g_autofree char *task_id = NULL;
  PwWindow *window;
  PwTasksView *view;
  GListModel *queue;
  gpointer weak_window;

  window = new_window (&weak_window);
  view = pw_window_get_tasks_view (window);
  queue = pw_tasks_view_get_queue (view);
  pw_account_manager_set_demo (accounts, demo->base_url, PW_DEMO_MARKET_TOKEN);
  WAIT_UNTIL (pw_tasks_view_get_project_row (view, PW_DEMO_ACCOUNT_ID, "p-review-sentiment") != NULL
              && !pw_tasks_view_get_loading (view));

  /* A lease with less than ten minutes left warns, on the row, on the
   * place's switcher and once in a toast. */
  pw_demo_market_set_lease_seconds (demo->market, 300);
  gtk_widget_activate_action (GTK_WIDGET (view), "tasks.claim", "(ss)", PW_DEMO_ACCOUNT_ID,
                              "p-review-sentiment");
  WAIT_UNTIL (pw_tasks_view_get_n_claiming (view) == 0);
  WAIT_UNTIL (g_list_model_get_n_items (queue) == 10);
  g_assert_cmpint (pw_queue_task_get_lease_state (queued (view, 0)), ==, PW_LEASE_ENDING);
  g_assert_cmpstr (pw_queue_task_get_lease_text (queued (view, 0)), ==, "Only 4 min left");
  g_assert_true (pw_tasks_view_get_lease_ending (view));
  g_assert_true (adw_view_stack_page_get_needs_attention (place_page (window)));
  g_assert_true (toasted ("The lease on 10 tasks of “Product reviews: sentiment and names” runs out in less than 10 minutes"));
  pw_ui_test_wait_for_frames (GTK_WIDGET (window), 2);
  {
    GtkWidget *label = find_widget (GTK_WIDGET (view), GTK_TYPE_LABEL, "Only 4 min left");

    g_assert_nonnull (label);
    g_assert_true (gtk_widget_has_css_class (label, "warning"));
  }

  /* The clock ticks only while the place is shown; hidden, it sleeps
   * until the next lease runs out. */
  g_assert_cmpuint (view->tick_id, !=, 0);
  g_assert_cmpuint (view->wake_id, ==, 0);
  pw_window_set_place (window, "work");
  pw_ui_test_wait_for_frames (GTK_WIDGET (window), 2);
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (view)));
  g_assert_cmpuint (view->tick_id, ==, 0);
  g_assert_cmpuint (view->wake_id, !=, 0);
  pw_window_set_place (window, "tasks");
  pw_ui_test_wait_for_frames (GTK_WIDGET (window), 2);
  g_assert_cmpuint (view->tick_id, !=, 0);
  g_assert_cmpuint (view->wake_id, ==, 0);

  gtk_selection_model_select_all (pw_tasks_view_get_queue_selection (view));
  gtk_widget_activate_action (GTK_WIDGET (view), "tasks.release", NULL);
  adw_message_dialog_response (find_dialog (), "release");
  WAIT_UNTIL (g_list_model_get_n_items (queue) == 0);
  g_assert_false (pw_tasks_view_get_lease_ending (view));

  /* The marketplace hands out a lease that has already run out: the task
   * shows as expired, then leaves the queue, its record kept. */
  g_signal_connect (queue, "items-changed", G_CALLBACK (on_queue_changed), &seen);
  pw_demo_market_set_fault (demo->market, PW_DEMO_FAULT_EXPIRED_LEASE, 1);
  gtk_widget_activate_action (GTK_WIDGET (view), "tasks.claim", "(ss)", PW_DEMO_ACCOUNT_ID,
                              "p-review-sentiment");
  WAIT_UNTIL (pw_tasks_view_get_n_claiming (view) == 0);
  g_assert_true (toasted ("Claimed 10 tasks"));
  WAIT_UNTIL (seen.expired);
  g_assert_cmpstr (seen.text, ==, "Expired");
  task_id = g_strdup (seen.task_id);
  WAIT_UNTIL (g_list_model_get_n_items (queue) == 0);
  g_assert_true (toasted ("The leases on 10 tasks ran out; what you did on them stays saved here"));
  g_assert_cmpuint (pw_tasks_view_get_n_queued (view), ==, 0);
  {
    g_autofree char *state = task_state (PW_DEMO_ACCOUNT_ID, task_id);

    g_assert_cmpstr (state, ==, "expired");
  }
  g_signal_handlers_disconnect_by_data (queue, &seen);
  g_free (seen.text);
  g_free (seen.task_id);

  close_window (window, &weak_window);
  pw_demo_test_free (demo);
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

static void
test_tasks_view_unreachable (void)
{
  PwAccountManager *accounts = wait_for_accounts ();
  PwDemoTest *demo = pw_demo_test_new (13);
  PwDemoTest *other = pw_demo_test_new (17);
  g_autoptr (PwAccount) account = NULL;
  g_autofree char *task_id = NULL;
  const char *other_id;
  PwWindow *window;
  PwTasksView *view;
  AdwPreferencesGroup *group;
  GtkWidget *message;
  gpointer weak_window;

  pw_account_manager_set_demo (accounts, demo->base_url, PW_DEMO_MARKET_TOKEN);
  window = new_window (&weak_window);
  view = pw_window_get_tasks_view (window);

  /* A second account has a group of its own, listed as it is added. */
  pw_account_manager_add_async (accounts, "Other", other->base_url, PW_ACCOUNT_KIND_PIECEWORK,
                                PW_DEMO_MARKET_TOKEN, NULL, on_account_added, &account);
  WAIT_UNTIL (account != NULL);
  other_id = pw_account_get_id (account);
  WAIT_UNTIL (pw_tasks_view_get_project_row (view, other_id, "p-review-sentiment") != NULL
              && pw_tasks_view_get_project_row (view, PW_DEMO_ACCOUNT_ID, "p-review-sentiment") != NULL
              && !pw_tasks_view_get_loading (view));
  group = pw_tasks_view_get_account_group (view, other_id);
  g_assert_cmpstr (adw_preferences_group_get_title (group), ==, "Other");

  /* Media that does not match its checksum is not kept; the tasks are, and
   * the toast says how many and why. */
  pw_demo_market_set_fault (other->market, PW_DEMO_FAULT_WRONG_SHA256, 100);
  gtk_widget_activate_action (GTK_WIDGET (view), "tasks.claim", "(ss)", other_id,
                              "p-street-outlines");
  WAIT_UNTIL (pw_tasks_view_get_n_claiming (view) == 0);
  g_assert_true (toasted ("Claimed 10 tasks; the media of 10 could not be downloaded: "));
  WAIT_UNTIL (g_list_model_get_n_items (pw_tasks_view_get_queue (view)) > 0
              && !pw_tasks_view_get_loading (view));
  task_id = g_strdup (pw_queue_task_get_task (queued (view, 0))->task_id);

  /* The marketplace is gone: its group says so, the other account's is
   * listed as before, and the claimed tasks stay in the queue. */
  pw_demo_test_free (other);
  gtk_widget_activate_action (GTK_WIDGET (view), "tasks.refresh", NULL);
  WAIT_UNTIL (!pw_tasks_view_get_loading (view));
  message = find_widget (GTK_WIDGET (group), ADW_TYPE_ACTION_ROW,
                         "Could not reach Other; claimed tasks can still be done offline");
  g_assert_nonnull (message);
  g_assert_null (pw_tasks_view_get_project_row (view, other_id, "p-review-sentiment"));
  g_assert_nonnull (pw_tasks_view_get_project_row (view, PW_DEMO_ACCOUNT_ID, "p-review-sentiment"));
  pw_tasks_view_reload_queue (view);
  pw_ui_test_iterate (200);
  g_assert_true (in_queue (view, other_id, task_id));

  /* Releasing cannot reach it either: the task stays, and it says so. */
  gtk_widget_activate_action (GTK_WIDGET (view), "tasks.release-task", "(ss)", other_id, task_id);
  WAIT_UNTIL (toasted ("could not be released"));
  g_assert_true (toasted ("1 task could not be released and stays in the queue: could not reach Other"));
  pw_ui_test_iterate (200);
  g_assert_true (in_queue (view, other_id, task_id));
  {
    g_autofree char *state = task_state (other_id, task_id);

    g_assert_cmpstr (state, ==, "claimed");
  }

  close_window (window, &weak_window);
  pw_demo_test_free (demo);
}

/* A fake platform server of tests/platforms, run as its own process until
 * its standard input closes, as when this test ends however it ends. */
typedef struct
{
  GSubprocess *process;
  char        *url;
  char        *token;
} FakePlatform;

static void
fake_platform_start (FakePlatform *fake,
                     const char   *script_name)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GDataInputStream) lines = NULL;
  g_autofree char *script = g_build_filename (g_getenv ("PW_SOURCE_ROOT"), "tests", "platforms",
                                              script_name, NULL);

  fake->process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDIN_PIPE,
                                    &error, "python3", "-B", script, "--port", "0",
                                    g_str_equal (script_name, "fake_cvat.py")
                                    ? "--until-stdin-closes" : NULL, NULL);
  g_assert_no_error (error);
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (fake->process));
  fake->url = g_data_input_stream_read_line (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (fake->url, "http://127.0.0.1:"));
  /* Label Studio's prints its personal access token next; CVAT's is
   * fixed. */
  if (g_str_equal (script_name, "fake_label_studio.py"))
    {
      fake->token = g_data_input_stream_read_line (lines, NULL, NULL, &error);
      g_assert_no_error (error);
      g_assert_nonnull (fake->token);
    }
  else
    fake->token = g_strdup ("cvat-pat-0123456789");
}

static void
fake_platform_stop (FakePlatform *fake)
{
  g_subprocess_force_exit (fake->process);
  g_subprocess_wait (fake->process, NULL, NULL);
  g_clear_object (&fake->process);
  g_clear_pointer (&fake->url, g_free);
  g_clear_pointer (&fake->token, g_free);
}

static PwAccount *
add_platform_account (PwAccountManager *accounts,
                      const char       *name,
                      PwAccountKind     kind,
                      FakePlatform     *fake)
{
  PwAccount *account = NULL;

  pw_account_manager_add_async (accounts, name, fake->url, kind, fake->token, NULL,
                                on_account_added, &account);
  WAIT_UNTIL (account != NULL);
  return account;
}

/* The queued tasks of one account's project. */
static guint
queued_of (PwTasksView *view,
           const char  *account_id,
           const char  *project_id,
           GPtrArray   *items)
{
  GListModel *queue = pw_tasks_view_get_queue (view);
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (queue); i++)
    {
      PwQueueTask *item = queued (view, i);
      const PwStoreTask *task = pw_queue_task_get_task (item);

      if (g_str_equal (task->account_id, account_id) && g_str_equal (task->project_id, project_id))
        {
          if (items != NULL)
            g_ptr_array_add (items, g_object_ref (item));
          n++;
        }
    }
  return n;
}

/* Makes a program that writes the address it is given, and its
 * environment, beside itself the handler of web addresses for this
 * process (the harness's XDG folders are the test's own). Returns the
 * path the address will be written to. */
static char *
install_browser (void)
{
  g_autofree char *folder = g_build_filename (g_get_user_data_dir (), "pw-test-browser", NULL);
  g_autofree char *program = g_build_filename (folder, "browser", NULL);
  g_autofree char *applications = g_build_filename (g_get_user_data_dir (), "applications", NULL);
  g_autofree char *desktop_path = g_build_filename (applications, "pw-test-browser.desktop", NULL);
  g_autofree char *mimeapps = g_build_filename (g_get_user_config_dir (), "mimeapps.list", NULL);
  g_autofree char *script = NULL;
  g_autofree char *desktop = NULL;
  g_autoptr (GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (applications, 0700), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (g_get_user_config_dir (), 0700), ==, 0);
  script = g_strdup_printf ("#!/bin/sh\nenv > '%s/env'\nprintf '%%s' \"$1\" > '%s/url.part'\n"
                            "mv '%s/url.part' '%s/url'\n", folder, folder, folder, folder);
  g_file_set_contents (program, script, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_chmod (program, 0700), ==, 0);
  desktop = g_strdup_printf ("[Desktop Entry]\nType=Application\nName=Test browser\n"
                             "Exec=%s %%u\nMimeType=x-scheme-handler/http;x-scheme-handler/https;\n",
                             program);
  g_file_set_contents (desktop_path, desktop, -1, &error);
  g_assert_no_error (error);
  g_file_set_contents (mimeapps, "[Default Applications]\n"
                       "x-scheme-handler/http=pw-test-browser.desktop\n"
                       "x-scheme-handler/https=pw-test-browser.desktop\n", -1, &error);
  g_assert_no_error (error);
  return g_build_filename (folder, "url", NULL);
}

/* The rows of projects on CVAT and Label Studio accounts (the fakes of
 * tests/platforms): a video job that opens only in CVAT's web page, with a
 * button to that page and no claim; a Label Studio project Piecework
 * cannot show, its claim insensitive with the reason as its tooltip; the
 * pay of every platform project, paid outside the platform, and the
 * worker's own rate on the tasks claimed from them. */
static void
test_tasks_view_platforms (void)
{
  PwAccountManager *accounts = wait_for_accounts ();
  FakePlatform cvat = { NULL, NULL, NULL };
  FakePlatform label_studio = { NULL, NULL, NULL };
  g_autoptr (PwAccount) cvat_account = NULL;
  g_autoptr (PwAccount) ls_account = NULL;
  g_autoptr (GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  const char *cvat_id;
  const char *ls_id;
  PwWindow *window;
  PwTasksView *view;
  AdwActionRow *row;
  PwProjectRow *project;
  GtkWidget *widget;
  GtkWidget *open;
  gpointer weak_window;
  g_autofree char *browser_url = NULL;

  if (g_find_program_in_path ("python3") == NULL)
    {
      g_test_skip ("python3 is not installed");
      return;
    }
  browser_url = install_browser ();
  fake_platform_start (&cvat, "fake_cvat.py");
  fake_platform_start (&label_studio, "fake_label_studio.py");
  window = new_window (&weak_window);
  view = pw_window_get_tasks_view (window);
  cvat_account = add_platform_account (accounts, "Client CVAT", PW_ACCOUNT_KIND_CVAT, &cvat);
  ls_account = add_platform_account (accounts, "Client Label Studio", PW_ACCOUNT_KIND_LABEL_STUDIO,
                                     &label_studio);
  cvat_id = pw_account_get_id (cvat_account);
  ls_id = pw_account_get_id (ls_account);
  gtk_widget_activate_action (GTK_WIDGET (view), "tasks.refresh", NULL);
  WAIT_UNTIL (pw_tasks_view_get_project_row (view, cvat_id, "8") != NULL
              && pw_tasks_view_get_project_row (view, ls_id, "4") != NULL
              && !pw_tasks_view_get_loading (view));
  pw_ui_test_wait_for_frames (GTK_WIDGET (window), 2);

  /* CVAT's video job: its work opens only in CVAT's page, which its
   * button opens, and it has nothing to claim. */
  row = pw_tasks_view_get_project_row (view, cvat_id, "8");
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (row),
                            "Opens only in the platform's web page"));
  open = find_widget (GTK_WIDGET (row), GTK_TYPE_BUTTON, "Open in _Browser");
  g_assert_nonnull (open);
  g_assert_true (gtk_widget_get_visible (open) && gtk_widget_is_sensitive (open));
  g_assert_true (adw_action_row_get_activatable_widget (row) == open);
  g_assert_true (g_str_has_suffix (gtk_widget_get_tooltip_text (open), "/tasks/80/jobs/8"));
  g_assert_null (find_widget (GTK_WIDGET (row), GTK_TYPE_MENU_BUTTON, NULL));
  g_assert_null (find_widget (GTK_WIDGET (row), GTK_TYPE_WIDGET, "Claim"));
  /* The button opens the page in the worker's browser, which makes its
   * own choice of a renderer. */
  g_signal_emit_by_name (open, "clicked");
  WAIT_UNTIL (g_file_test (browser_url, G_FILE_TEST_EXISTS));
  {
    g_autofree char *url = NULL;
    g_autofree char *folder = g_path_get_dirname (browser_url);
    g_autofree char *env_path = g_build_filename (folder, "env", NULL);
    g_autofree char *env = NULL;

    g_assert_true (g_file_get_contents (browser_url, &url, NULL, NULL));
    g_assert_cmpstr (url, ==, gtk_widget_get_tooltip_text (open));
    g_assert_true (g_file_get_contents (env_path, &env, NULL, NULL));
    g_assert_null (strstr (env, "GSK_RENDERER=cairo"));
    g_assert_null (strstr (env, "GDK_DEBUG=gl-disable"));
  }

  /* Label Studio's video project: listed, its claim insensitive, the
   * reason in the claim's tooltip and in the row. */
  row = pw_tasks_view_get_project_row (view, ls_id, "4");
  project = g_object_get_data (G_OBJECT (row), "pw-project-row");
  g_assert_cmpint (pw_project_get_available_tasks (project->project), ==, 1);
  widget = find_widget (GTK_WIDGET (row), GTK_TYPE_MENU_BUTTON, NULL);
  g_assert_nonnull (widget);
  g_assert_true (gtk_widget_get_visible (widget));
  g_assert_false (gtk_widget_get_sensitive (widget));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (widget), ==,
                   "It uses “Video”, which Piecework cannot show; open it in Label Studio.");
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (row),
                            "It uses “Video”, which Piecework cannot show"));
  g_assert_null (find_widget (GTK_WIDGET (row), GTK_TYPE_BUTTON, "Open in _Browser"));

  /* Neither platform states pay: their projects say so. */
  row = pw_tasks_view_get_project_row (view, cvat_id, "9");
  g_assert_nonnull (row);
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (row), "Paid outside the platform"));
  widget = find_widget (GTK_WIDGET (row), GTK_TYPE_MENU_BUTTON, NULL);
  g_assert_true (gtk_widget_get_sensitive (widget));
  /* A CVAT claim takes the whole job: its popover asks for no count. */
  g_assert_null (find_widget (widget, GTK_TYPE_SPIN_BUTTON, NULL));
  g_assert_nonnull (find_widget (widget, GTK_TYPE_LABEL, "Claim the whole job"));
  g_assert_nonnull (find_widget (widget, GTK_TYPE_LABEL, "All its 2 frames, downloaded for offline work"));
  g_assert_nonnull (find_widget (GTK_WIDGET (pw_tasks_view_get_project_row (view, ls_id, "1")),
                                 GTK_TYPE_SPIN_BUTTON, NULL));
  row = pw_tasks_view_get_project_row (view, ls_id, "1");
  g_assert_nonnull (row);
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (row), "Paid outside the platform"));
  g_assert_null (strstr (adw_action_row_get_subtitle (row), "XXX"));

  /* Tasks claimed from them are priced by the worker's own rate. */
  gtk_widget_activate_action (GTK_WIDGET (view), "tasks.claim", "(ss)", cvat_id, "9");
  WAIT_UNTIL (pw_tasks_view_get_n_claiming (view) == 0);
  gtk_widget_activate_action (GTK_WIDGET (view), "tasks.claim", "(ss)", ls_id, "1");
  WAIT_UNTIL (pw_tasks_view_get_n_claiming (view) == 0);
  WAIT_UNTIL (queued_of (view, cvat_id, "9", NULL) == 2 && queued_of (view, ls_id, "1", NULL) > 0);
  queued_of (view, cvat_id, "9", items);
  queued_of (view, ls_id, "1", items);
  for (guint i = 0; i < items->len; i++)
    {
      g_assert_cmpstr (pw_queue_task_get_pay (items->pdata[i]), ==, "Your rate");
      /* A CVAT job stays the worker's until staff reassign it, and a batch
       * read by list holds no lock: neither has a time limit. */
      WAIT_UNTIL (pw_queue_task_get_lease_state (items->pdata[i]) != PW_LEASE_UNKNOWN);
      g_assert_cmpint (pw_queue_task_get_lease_state (items->pdata[i]), ==, PW_LEASE_NONE);
      g_assert_cmpstr (pw_queue_task_get_lease_text (items->pdata[i]), ==, "No limit");
    }
  pw_ui_test_wait_for_frames (GTK_WIDGET (window), 2);
  widget = find_widget (GTK_WIDGET (view->queue_view), GTK_TYPE_LABEL, "Your rate");
  g_assert_nonnull (widget);
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (widget)), ==, "Your rate");
  g_assert_null (find_widget (GTK_WIDGET (view->queue_view), GTK_TYPE_LABEL, "XXX"));

  close_window (window, &weak_window);
  fake_platform_stop (&cvat);
  fake_platform_stop (&label_studio);
}

static AdwEntryRow *
dialog_entry (AdwMessageDialog *dialog,
              const char       *title)
{
  GtkWidget *row = find_widget (GTK_WIDGET (dialog), ADW_TYPE_ENTRY_ROW, title);

  g_assert_nonnull (row);
  return ADW_ENTRY_ROW (row);
}

static GtkLabel *
dialog_problem (AdwMessageDialog *dialog)
{
  GtkWidget *extra = adw_message_dialog_get_extra_child (dialog);
  GtkWidget *label = gtk_widget_get_last_child (extra);

  g_assert_true (GTK_IS_LABEL (label));
  return GTK_LABEL (label);
}

/* The worker's rates: a “Your rate” row for each account and a button on
 * each project's row, reached with Ctrl+Shift+R from the focused row, and
 * a dialog that says what is wrong with what was typed. */
static void
test_tasks_view_rates (void)
{
  PwAccountManager *accounts = wait_for_accounts ();
  PwDemoTest *demo = pw_demo_test_new (8);
  g_autoptr (GPtrArray) rates = NULL;
  g_autoptr (GError) error = NULL;
  PwWindow *window;
  PwTasksView *view;
  AdwActionRow *row;
  AdwActionRow *rate_row;
  AdwMessageDialog *dialog;
  PwProjectRow *project;
  const PwRate *rate;
  guint loads;
  gpointer weak_window;

  window = new_window (&weak_window);
  view = pw_window_get_tasks_view (window);
  pw_account_manager_set_demo (accounts, demo->base_url, PW_DEMO_MARKET_TOKEN);
  WAIT_UNTIL (pw_tasks_view_get_project_row (view, PW_DEMO_ACCOUNT_ID, "p-street-vehicles") != NULL
              && !pw_tasks_view_get_loading (view) && pw_tasks_view_get_n_rate_loads (view) > 0);
  row = pw_tasks_view_get_project_row (view, PW_DEMO_ACCOUNT_ID, "p-street-vehicles");
  project = g_object_get_data (G_OBJECT (row), "pw-project-row");
  rate_row = ADW_ACTION_ROW (find_widget (GTK_WIDGET (pw_tasks_view_get_account_group (view, PW_DEMO_ACCOUNT_ID)),
                                          ADW_TYPE_ACTION_ROW, "Your rate"));
  g_assert_nonnull (rate_row);
  g_assert_true (g_str_has_prefix (adw_action_row_get_subtitle (rate_row), "None"));
  g_assert_nonnull (project->rate_button);
  g_assert_null (gtk_button_get_label (project->rate_button));

  /* From the focused project's row, by the keyboard. */
  gtk_widget_grab_focus (GTK_WIDGET (row));
  WAIT_UNTIL (gtk_widget_has_focus (GTK_WIDGET (row)));
  pw_ui_test_xdotool ("key", "--clearmodifiers", "ctrl+shift+r", NULL);
  WAIT_UNTIL ((dialog = find_dialog ()) != NULL);
  g_assert_nonnull (strstr (adw_message_dialog_get_heading (dialog), "Street scenes: vehicles"));
  /* Nothing typed yet: it cannot be set, and says why. */
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "set"));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog_problem (dialog))));

  gtk_editable_set_text (GTK_EDITABLE (dialog_entry (dialog, "Amount")), "0,05");
  gtk_editable_set_text (GTK_EDITABLE (dialog_entry (dialog, "Currency")), "EUR");
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "set"));
  g_assert_nonnull (strstr (gtk_label_get_text (dialog_problem (dialog)), "0,05"));
  gtk_editable_set_text (GTK_EDITABLE (dialog_entry (dialog, "Currency")), "euro");
  gtk_editable_set_text (GTK_EDITABLE (dialog_entry (dialog, "Amount")), "0.05");
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "set"));
  g_assert_nonnull (strstr (gtk_label_get_text (dialog_problem (dialog)), "EUR"));
  gtk_editable_set_text (GTK_EDITABLE (dialog_entry (dialog, "Currency")), "EUR");
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "set"));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (dialog_problem (dialog))));

  /* Return sets it. */
  loads = pw_tasks_view_get_n_rate_loads (view);
  gtk_widget_grab_focus (GTK_WIDGET (dialog_entry (dialog, "Amount")));
  pw_ui_test_xdotool ("key", "--clearmodifiers", "Return", NULL);
  WAIT_UNTIL (find_dialog () == NULL && pw_tasks_view_get_n_rate_loads (view) > loads);
  g_assert_cmpstr (gtk_button_get_label (project->rate_button), ==, "Your rate: 0.05 EUR per task");
  g_assert_true (toasted ("Your rate is kept"));

  rates = pw_store_list_rates (pw_application_get_store (app), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rates->len, ==, 1);
  rate = rates->pdata[0];
  g_assert_cmpstr (rate->account_id, ==, PW_DEMO_ACCOUNT_ID);
  g_assert_cmpstr (rate->project_id, ==, "p-street-vehicles");
  g_assert_cmpint (rate->amount.micro, ==, 50000);
  g_assert_cmpint (rate->unit, ==, PW_RATE_PER_TASK);
  /* A first rate covers the work done so far. */
  g_assert_cmpint (rate->since, ==, 0);
  g_clear_pointer (&rates, g_ptr_array_unref);

  /* The account's rate, from its row: per hour. */
  g_signal_emit_by_name (rate_row, "activate");
  WAIT_UNTIL ((dialog = find_dialog ()) != NULL);
  gtk_editable_set_text (GTK_EDITABLE (dialog_entry (dialog, "Amount")), "12");
  gtk_editable_set_text (GTK_EDITABLE (dialog_entry (dialog, "Currency")), "USD");
  adw_combo_row_set_selected (ADW_COMBO_ROW (find_widget (GTK_WIDGET (dialog), ADW_TYPE_COMBO_ROW,
                                                          "Per")), 1);
  loads = pw_tasks_view_get_n_rate_loads (view);
  /* As its button does: the response, then the dialog closes. */
  adw_message_dialog_response (dialog, "set");
  gtk_window_destroy (GTK_WINDOW (dialog));
  WAIT_UNTIL (pw_tasks_view_get_n_rate_loads (view) > loads);
  g_assert_cmpstr (adw_action_row_get_subtitle (rate_row), ==, "12.00 USD per hour");
  /* The project keeps its own. */
  g_assert_cmpstr (gtk_button_get_label (project->rate_button), ==, "Your rate: 0.05 EUR per task");

  /* Removing the project's rate leaves the account's. */
  gtk_widget_activate (GTK_WIDGET (project->rate_button));
  WAIT_UNTIL ((dialog = find_dialog ()) != NULL);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (dialog_entry (dialog, "Amount"))), ==,
                   "0.05");
  loads = pw_tasks_view_get_n_rate_loads (view);
  adw_message_dialog_response (dialog, "remove");
  gtk_window_destroy (GTK_WINDOW (dialog));
  WAIT_UNTIL (pw_tasks_view_get_n_rate_loads (view) > loads);
  g_assert_null (gtk_button_get_label (project->rate_button));
  rates = pw_store_list_rates (pw_application_get_store (app), NULL, &error);
  g_assert_cmpuint (rates->len, ==, 1);
  g_assert_null (((PwRate *) rates->pdata[0])->project_id);

  close_window (window, &weak_window);
  pw_demo_test_free (demo);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  app = pw_ui_test_init (&argc, &argv);
  toasts = g_ptr_array_new_with_free_func (g_free);
  g_log_set_handler ("Piecework", G_LOG_LEVEL_DEBUG, capture_debug, NULL);

  g_test_add_func ("/tasks-view/lease-text", test_tasks_view_lease_text);
  g_test_add_func ("/tasks-view/claim-release", test_tasks_view_claim_release);
  g_test_add_func ("/tasks-view/expired", test_tasks_view_expired);
  g_test_add_func ("/tasks-view/unreachable", test_tasks_view_unreachable);
  g_test_add_func ("/tasks-view/rates", test_tasks_view_rates);
  g_test_add_func ("/tasks-view/platforms", test_tasks_view_platforms);

  status = g_test_run ();
  g_ptr_array_unref (toasts);
  g_object_unref (app);
  return status;
}
