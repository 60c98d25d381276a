/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <string.h>

#include "demo/pw-demo-market-test.h"
#include "media/pw-media-test.h"
#include "pw-ui-test.h"
#include "pw-window.h"
#include "pw-work-area-private.h"
#include "pw-work-area-test.h"

/* Moving from task to task in a real window under Xvfb, with real keys
 * from xdotool, does only what the next task needs before its frame:
 *
 * - a task of the same project, with the same labels, keeps the rows of
 *   the labels list and the instructions as they are; a task of another
 *   project has its own;
 * - each project is read once, not at every move: again only when the
 *   store lists it anew, which the next move shows;
 * - the queue's row of the task shown is selected, and scrolled to, after
 *   the frame that paints the task; Page Down held down ends on the right
 *   task with its row selected and in view, and a run of moves selects
 *   once, for the last. The same for a folder's list of images. */

static PwApplication *app;

#define WAIT_UNTIL(condition) PW_UI_TEST_WAIT_UNTIL (condition, 60)

static gboolean
task_shown (PwWorkArea *area,
            const char *task_id)
{
  PwImageCanvas *canvas = pw_work_area_get_canvas (area);

  return g_strcmp0 (pw_work_area_get_task_id (area), task_id) == 0
         && pw_image_canvas_get_annotation (canvas) != NULL
         && pw_image_canvas_get_image (canvas) != NULL;
}

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

static GtkTextView *
find_text_view (GtkWidget *widget)
{
  if (GTK_IS_TEXT_VIEW (widget))
    return GTK_TEXT_VIEW (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkTextView *view = find_text_view (child);

      if (view != NULL)
        return view;
    }
  return NULL;
}

static void
count_signal (guint *count)
{
  (*count)++;
}

/* The labels list's first row, watched by @weak_row. */
static GtkWidget *
watch_first_label (PwWorkArea *area,
                   gpointer   *weak_row)
{
  GtkWidget *row = GTK_WIDGET (gtk_list_box_get_row_at_index (area->label_list, 0));

  g_assert_nonnull (row);
  if (*weak_row != NULL)
    g_object_remove_weak_pointer (G_OBJECT (*weak_row), weak_row);
  *weak_row = row;
  g_object_add_weak_pointer (G_OBJECT (row), weak_row);
  return row;
}

/* Whether the row watched by @weak_row has left the labels list. */
static gboolean
label_row_gone (PwWorkArea *area,
                gpointer    weak_row)
{
  return weak_row == NULL || gtk_widget_get_parent (weak_row) != GTK_WIDGET (area->label_list);
}

static guint
n_label_rows (PwWorkArea *area)
{
  guint n = 0;

  while (gtk_list_box_get_row_at_index (area->label_list, n) != NULL)
    n++;
  return n;
}

/* Lists @project_json anew in the store for the demo account, with its
 * instructions, and its labels when @label is given, changed. */
static void
list_project_anew (PwStore    *store,
                   const char *project_json,
                   const char *instructions,
                   const char *label)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) node = pw_json_parse (project_json, strlen (project_json), "project",
                                             &error);
  g_autoptr (GPtrArray) projects = g_ptr_array_new_with_free_func ((GDestroyNotify) pw_project_unref);
  JsonObject *object;

  g_assert_no_error (error);
  object = json_node_get_object (node);
  json_object_set_string_member (object, "instructions", instructions);
  if (label != NULL)
    {
      JsonObject *added = json_object_new ();

      json_object_set_string_member (added, "name", label);
      json_array_add_object_element (json_object_get_array_member (object, "labels"), added);
    }
  g_ptr_array_add (projects, pw_project_new_from_json (node, "project", &error));
  g_assert_no_error (error);
  pw_store_save_projects (store, PW_DEMO_ACCOUNT_ID, projects);
}

static void
test_same_project (void)
{
  g_autoptr (PwClaimBatch) first = NULL;
  g_autoptr (PwClaimBatch) second = NULL;
  g_autofree char *reopened_id = NULL;
  g_autofree char *project_json = NULL;
  PwDemoTest *demo = pw_demo_test_new (61);
  PwAccountManager *accounts;
  PwStore *store;
  PwWindow *window;
  PwWorkArea *area;
  GtkTextView *text_view;
  gpointer weak_window;
  gpointer weak_row = NULL;
  guint text_changes = 0;
  guint same = 0, other = 0;

  WAIT_UNTIL (pw_application_get_store_ready (app));
  store = pw_application_get_store (app);
  accounts = pw_application_get_account_manager (app);
  pw_account_manager_set_demo (accounts, demo->base_url, PW_DEMO_MARKET_TOKEN);
  /* Two projects, one batch each: the queue holds each batch together. */
  first = pw_work_area_test_claim (store, accounts, "p-street-qual", 3);
  second = pw_work_area_test_claim (store, accounts, "p-street-outlines", 2);

  window = show_window (&weak_window);
  area = pw_window_get_work_area (window);
  gtk_widget_activate_action (GTK_WIDGET (area), "work.open-tasks", NULL);
  WAIT_UNTIL (area->tasks != NULL && area->tasks->len == 5
              && task_shown (area, ((PwStoreTask *) area->tasks->pdata[0])->task_id));
  pw_ui_test_wait_for_frames (GTK_WIDGET (window), 2);

  /* Listing the queue read each project once. */
  g_assert_cmpuint (area->n_project_reads, ==, 2);
  watch_first_label (area, &weak_row);
  text_view = find_text_view (GTK_WIDGET (pw_work_area_get_instructions_pane (area)));
  g_assert_nonnull (text_view);
  g_signal_connect_swapped (gtk_text_view_get_buffer (text_view), "changed",
                            G_CALLBACK (count_signal), &text_changes);

  for (guint i = 1; i < 5; i++)
    {
      const PwStoreTask *before = area->tasks->pdata[i - 1];
      const PwStoreTask *task = area->tasks->pdata[i];
      GtkWidget *row = weak_row;

      text_changes = 0;
      pw_ui_test_xdotool ("key", "Page_Down", NULL);
      WAIT_UNTIL (task_shown (area, task->task_id));

      if (g_str_equal (before->project_id, task->project_id))
        {
          /* The same rows, and the same instructions, untouched. */
          g_assert_true (weak_row != NULL);
          g_assert_true (GTK_WIDGET (gtk_list_box_get_row_at_index (area->label_list, 0)) == row);
          g_assert_cmpuint (text_changes, ==, 0);
          same++;
        }
      else
        {
          g_autoptr (PwProject) project = _pw_work_area_task_project (area, task);
          g_autofree char *text = pw_instructions_pane_dup_text (pw_work_area_get_instructions_pane (area));

          /* The other project's labels and instructions. */
          g_assert_true (label_row_gone (area, weak_row));
          g_assert_cmpuint (text_changes, >, 0);
          g_assert_cmpstr (text, ==, pw_project_get_instructions (project));
          other++;
        }
      watch_first_label (area, &weak_row);
      /* Moving reads no project: each was read once, with the queue. */
      g_assert_cmpuint (area->n_project_reads, ==, 2);
    }
  /* Each batch is together in the queue, whichever comes first. */
  g_assert_cmpuint (same, ==, 3);
  g_assert_cmpuint (other, ==, 1);

  /* The store lists the project shown anew, with other instructions: the
   * queue read again reads it once more, the next move shows the new
   * instructions and keeps the rows, as its labels are the same. */
  reopened_id = g_strdup (((PwStoreTask *) area->tasks->pdata[3])->task_id);
  project_json = g_strdup (((PwStoreTask *) area->tasks->pdata[3])->project_json);
  list_project_anew (store, project_json, "Trace every window too.", NULL);
  text_changes = 0;
  pw_work_area_open_task (area, PW_DEMO_ACCOUNT_ID, reopened_id);
  WAIT_UNTIL (task_shown (area, reopened_id) && area->n_project_reads == 3);
  {
    g_autofree char *text = pw_instructions_pane_dup_text (pw_work_area_get_instructions_pane (area));

    g_assert_cmpstr (text, ==, "Trace every window too.");
  }
  g_assert_true (weak_row != NULL);
  g_assert_false (label_row_gone (area, weak_row));
  g_assert_cmpuint (n_label_rows (area), ==, 3);

  /* With a label more, the list is made anew. */
  list_project_anew (store, project_json, "Trace every window too.", "window");
  pw_work_area_open_task (area, PW_DEMO_ACCOUNT_ID, reopened_id);
  WAIT_UNTIL (task_shown (area, reopened_id) && area->n_project_reads == 4);
  g_assert_true (label_row_gone (area, weak_row));
  g_assert_cmpuint (n_label_rows (area), ==, 4);

  if (weak_row != NULL)
    g_object_remove_weak_pointer (G_OBJECT (weak_row), &weak_row);
  g_signal_handlers_disconnect_by_func (gtk_text_view_get_buffer (text_view), count_signal,
                                        &text_changes);
  gtk_window_destroy (GTK_WINDOW (window));
  pw_ui_test_wait_finalized (&weak_window);
  pw_demo_test_free (demo);
}

static int
selected_task (PwWorkArea *area)
{
  GtkListBoxRow *row = gtk_list_box_get_selected_row (area->image_list);

  return row != NULL ? gtk_list_box_row_get_index (row) : -1;
}

/* Whether the queue's row at @index shows whole in its scrolled list. */
static gboolean
task_row_in_view (PwWorkArea *area,
                  int         index)
{
  GtkWidget *row = GTK_WIDGET (gtk_list_box_get_row_at_index (area->image_list, index));
  graphene_rect_t bounds;

  return row != NULL
         && gtk_widget_compute_bounds (row, area->image_scroller, &bounds)
         && bounds.origin.y >= -0.5
         && bounds.origin.y + bounds.size.height <= gtk_widget_get_height (area->image_scroller) + 0.5;
}

typedef struct
{
  PwWorkArea *area;
  const char *task_id;   /* the task moved to */
  gboolean    painted;
  int         selected;  /* the row selected at the end of that frame */
} FirstFrame;

static void
on_after_paint (GdkFrameClock *clock,
                FirstFrame    *frame)
{
  if (frame->painted || g_strcmp0 (pw_work_area_get_task_id (frame->area), frame->task_id) != 0)
    return;
  frame->painted = TRUE;
  frame->selected = selected_task (frame->area);
}

static void
test_held_key (void)
{
  g_autoptr (PwClaimBatch) batch = NULL;
  PwDemoTest *demo = pw_demo_test_new (62);
  PwAccountManager *accounts;
  PwStore *store;
  PwWindow *window;
  PwWorkArea *area;
  GtkAdjustment *adjustment;
  GdkFrameClock *clock;
  FirstFrame frame = { NULL, NULL, FALSE, -1 };
  gpointer weak_window;
  const char *last_id;
  guint selections = 0;
  gulong paint_id;

  WAIT_UNTIL (pw_application_get_store_ready (app));
  store = pw_application_get_store (app);
  accounts = pw_application_get_account_manager (app);
  pw_account_manager_set_demo (accounts, demo->base_url, PW_DEMO_MARKET_TOKEN);
  batch = pw_work_area_test_claim (store, accounts, "p-street-outlines", 32);

  window = show_window (&weak_window);
  area = pw_window_get_work_area (window);
  gtk_widget_activate_action (GTK_WIDGET (area), "work.open-tasks", NULL);
  WAIT_UNTIL (area->tasks != NULL && area->tasks->len >= 32
              && task_shown (area, ((PwStoreTask *) area->tasks->pdata[0])->task_id)
              && selected_task (area) == 0);
  pw_ui_test_wait_for_frames (GTK_WIDGET (window), 2);
  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (area->image_scroller));
  /* More rows than the list shows at once. */
  g_assert_cmpfloat (gtk_adjustment_get_upper (adjustment), >,
                     gtk_adjustment_get_page_size (adjustment) * 1.5);

  /* One move: the frame that paints the next task leaves the list as it
   * was; the row follows after it. */
  clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  frame.area = area;
  frame.task_id = ((PwStoreTask *) area->tasks->pdata[1])->task_id;
  paint_id = g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint), &frame);
  pw_ui_test_xdotool ("key", "Page_Down", NULL);
  WAIT_UNTIL (frame.painted);
  g_assert_cmpint (frame.selected, ==, 0);
  WAIT_UNTIL (selected_task (area) == 1);
  g_signal_handler_disconnect (clock, paint_id);

  /* Page Down held: 30 more moves, as fast as the keys come. It ends on
   * the task 30 places on, its row selected and scrolled into view. */
  last_id = ((PwStoreTask *) area->tasks->pdata[31])->task_id;
  pw_ui_test_xdotool ("key", "--repeat", "30", "--repeat-delay", "1", "Page_Down", NULL);
  WAIT_UNTIL (pw_work_area_get_index (area) == 31 && task_shown (area, last_id)
              && selected_task (area) == 31 && task_row_in_view (area, 31));
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), >, 0);
  /* Nothing left over from the moves before moves it afterwards. */
  pw_ui_test_wait_for_frames (GTK_WIDGET (window), 3);
  g_assert_cmpint (selected_task (area), ==, 31);
  g_assert_true (task_row_in_view (area, 31));

  /* A run of moves taken before any frame selects once, the last. */
  g_signal_connect_swapped (area->image_list, "row-selected", G_CALLBACK (count_signal),
                            &selections);
  for (int i = 0; i < 20; i++)
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (area), "work.step", "i", -1));
  g_assert_cmpint (pw_work_area_get_index (area), ==, 11);
  g_assert_cmpint (selected_task (area), ==, 31);
  WAIT_UNTIL (selected_task (area) == 11 && task_row_in_view (area, 11));
  pw_ui_test_wait_for_frames (GTK_WIDGET (window), 3);
  g_assert_cmpuint (selections, ==, 1);
  g_signal_handlers_disconnect_by_func (area->image_list, count_signal, &selections);

  gtk_window_destroy (GTK_WINDOW (window));
  pw_ui_test_wait_finalized (&weak_window);
  pw_demo_test_free (demo);
}

static guint
folder_selected (PwWorkArea *area)
{
  return gtk_single_selection_get_selected (GTK_SINGLE_SELECTION (gtk_list_view_get_model (area->folder_list)));
}

static GtkWidget *
find_label (GtkWidget  *widget,
            const char *text)
{
  if (GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0
      && gtk_widget_get_mapped (widget))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *label = find_label (child, text);

      if (label != NULL)
        return label;
    }
  return NULL;
}

/* Whether the folder's row named @name shows whole in its scrolled list. */
static gboolean
image_row_in_view (PwWorkArea *area,
                   const char *name)
{
  GtkWidget *label = find_label (GTK_WIDGET (area->folder_list), name);
  graphene_rect_t bounds;

  return label != NULL
         && gtk_widget_compute_bounds (label, area->folder_scroller, &bounds)
         && bounds.origin.y >= -0.5
         && bounds.origin.y + bounds.size.height <= gtk_widget_get_height (area->folder_scroller) + 0.5;
}

static void
test_folder_held_key (void)
{
  g_autofree char *dir = pw_test_make_dir ();
  g_autoptr (GFile) folder = g_file_new_for_path (dir);
  g_autoptr (GBytes) jpeg = pw_test_make_jpeg (64, 48, PW_TEST_JPEG_RGB);
  PwWindow *window;
  PwWorkArea *area;
  GtkAdjustment *adjustment;
  gpointer weak_window;
  guint selections = 0;

  for (guint i = 0; i < 40; i++)
    {
      g_autofree char *name = g_strdup_printf ("img-%02u.jpg", i);

      g_free (pw_test_write (dir, name, jpeg));
    }
  window = show_window (&weak_window);
  area = pw_window_get_work_area (window);
  pw_window_open_files (window, &folder, 1);
  /* The list is in order, the first image shown and marked in it. */
  WAIT_UNTIL (pw_work_area_get_index (area) == 0
              && pw_image_canvas_get_image (pw_work_area_get_canvas (area)) != NULL
              && gtk_list_view_get_model (area->folder_list) != NULL
              && folder_selected (area) == 0);
  pw_ui_test_wait_for_frames (GTK_WIDGET (window), 2);
  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (area->folder_scroller));

  /* Page Down held: it ends on the image 30 places on, its row selected
   * and scrolled into view. */
  pw_ui_test_xdotool ("key", "--repeat", "30", "--repeat-delay", "1", "Page_Down", NULL);
  WAIT_UNTIL (pw_work_area_get_index (area) == 30 && folder_selected (area) == 30
              && image_row_in_view (area, "img-30.jpg"));
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), >, 0);
  pw_ui_test_wait_for_frames (GTK_WIDGET (window), 3);
  g_assert_cmpuint (folder_selected (area), ==, 30);

  /* A run of moves taken before any frame selects once, the last. */
  g_signal_connect_swapped (gtk_list_view_get_model (area->folder_list), "selection-changed",
                            G_CALLBACK (count_signal), &selections);
  for (int i = 0; i < 20; i++)
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (area), "work.step", "i", -1));
  g_assert_cmpint (pw_work_area_get_index (area), ==, 10);
  g_assert_cmpuint (folder_selected (area), ==, 30);
  WAIT_UNTIL (folder_selected (area) == 10 && image_row_in_view (area, "img-10.jpg"));
  pw_ui_test_wait_for_frames (GTK_WIDGET (window), 3);
  g_assert_cmpuint (selections, ==, 1);
  g_signal_handlers_disconnect_by_func (gtk_list_view_get_model (area->folder_list), count_signal,
                                        &selections);

  gtk_window_destroy (GTK_WINDOW (window));
  pw_ui_test_wait_finalized (&weak_window);
  pw_test_remove_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  app = pw_ui_test_init (&argc, &argv);

  g_test_add_func ("/work-area-moves/same-project", test_same_project);
  g_test_add_func ("/work-area-moves/held-key", test_held_key);
  g_test_add_func ("/work-area-moves/folder-held-key", test_folder_held_key);

  status = g_test_run ();
  g_object_unref (app);
  return status;
}
