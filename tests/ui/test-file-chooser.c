/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "media/pw-media-test.h"
#include "pw-file-chooser.h"
#include "pw-ui-test.h"
#include "pw-window.h"

/* The one file chooser under Xvfb, where there is no portal and GTK shows
 * a GtkFileChooserDialog that the tests find among the toplevels and
 * answer: what it asks, the answer, a dismissal, a cancelled question,
 * and the window's questions that go through it. */

static PwApplication *app;

#define WAIT_UNTIL(condition) PW_UI_TEST_WAIT_UNTIL (condition, 20)

typedef struct
{
  gboolean  done;
  GFile    *file;
  GError   *error;
} Answer;

static void
answer_clear (Answer *answer)
{
  g_clear_object (&answer->file);
  g_clear_error (&answer->error);
  answer->done = FALSE;
}

static void
on_answered (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Answer *answer = user_data;

  g_assert_false (answer->done);
  answer->file = pw_file_chooser_ask_finish (result, &answer->error);
  answer->done = TRUE;
}

/* The chooser on the screen, or NULL. */
static GtkWindow *
find_chooser (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  GtkWindow *found = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (toplevels) && found == NULL; i++)
    {
      g_autoptr (GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (GTK_IS_FILE_CHOOSER (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        found = window;
    }
  return found;
}

/* Waits until the chooser is on the screen and drawn, as a worker does
 * before answering it. */
static GtkWindow *
wait_for_chooser (void)
{
  GtkWindow *chooser;

  WAIT_UNTIL ((chooser = find_chooser ()) != NULL);
  pw_ui_test_wait_for_frames (GTK_WIDGET (chooser), 3);
  return chooser;
}

/* The chooser reads the folder it is given on a thread. */
static gboolean
shows_folder (GtkWindow *chooser,
              GFile     *folder)
{
  g_autoptr (GFile) shown = gtk_file_chooser_get_current_folder (GTK_FILE_CHOOSER (chooser));

  return shown != NULL && g_file_equal (shown, folder);
}

/* The chooser selects a file once it has read the file's folder; until
 * then it answers Open by staying up. */
static gboolean
selects_file (GtkWindow *chooser,
              GFile     *file)
{
  g_autoptr (GFile) selected = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

  return selected != NULL && g_file_equal (selected, file);
}

static GtkButton *
find_button (GtkWidget  *widget,
             const char *label)
{
  if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0)
    return GTK_BUTTON (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkButton *found = find_button (child, label);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Answers the chooser as the worker's click would, and waits until it is
 * gone from the screen and from memory. */
static void
respond (GtkWindow *chooser,
         int        response)
{
  gpointer weak_chooser = chooser;

  g_object_add_weak_pointer (G_OBJECT (chooser), &weak_chooser);
  gtk_dialog_response (GTK_DIALOG (chooser), response);
  pw_ui_test_wait_finalized (&weak_chooser);
  g_assert_null (find_chooser ());
}

static GtkWindow *
new_parent (void)
{
  GtkWindow *parent = GTK_WINDOW (gtk_window_new ());

  gtk_window_present (parent);
  pw_ui_test_wait_for_frames (GTK_WIDGET (parent), 2);
  return parent;
}

static void
test_file_chooser_save (void)
{
  g_autofree char *dir = pw_test_make_dir ();
  g_autoptr (GFile) folder = g_file_new_for_path (dir);
  g_autoptr (GFile) expected = g_file_get_child (folder, "piecework-ledger.csv");
  g_autoptr (GtkFileFilter) filter = gtk_file_filter_new ();
  g_autoptr (GListModel) filters = NULL;
  g_autoptr (GtkFileFilter) shown_filter = NULL;
  g_autofree char *name = NULL;
  GtkWindow *parent = new_parent ();
  Answer answer = { 0, };
  GtkWindow *chooser;
  GtkButton *accept;

  gtk_file_filter_set_name (filter, "CSV files");
  gtk_file_filter_add_suffix (filter, "csv");
  pw_file_chooser_ask_async (parent, GTK_FILE_CHOOSER_ACTION_SAVE, "Export the Ledger", "_Export",
                             "piecework-ledger.csv", folder, filter, NULL, on_answered, &answer);
  chooser = wait_for_chooser ();

  /* What it asks, modal to the window that asks. */
  g_assert_cmpstr (gtk_window_get_title (chooser), ==, "Export the Ledger");
  g_assert_true (gtk_window_get_modal (chooser));
  g_assert_true (gtk_window_get_transient_for (chooser) == parent);
  g_assert_cmpint (gtk_file_chooser_get_action (GTK_FILE_CHOOSER (chooser)), ==,
                   GTK_FILE_CHOOSER_ACTION_SAVE);
  name = gtk_file_chooser_get_current_name (GTK_FILE_CHOOSER (chooser));
  g_assert_cmpstr (name, ==, "piecework-ledger.csv");
  WAIT_UNTIL (shows_folder (chooser, folder));
  filters = gtk_file_chooser_get_filters (GTK_FILE_CHOOSER (chooser));
  g_assert_cmpuint (g_list_model_get_n_items (filters), ==, 1);
  shown_filter = g_list_model_get_item (filters, 0);
  g_assert_cmpstr (gtk_file_filter_get_name (shown_filter), ==, "CSV files");
  accept = find_button (GTK_WIDGET (chooser), "_Export");
  g_assert_nonnull (accept);
  g_assert_true (gtk_button_get_use_underline (accept));
  g_assert_false (answer.done);

  /* The answer is the folder and the name. */
  respond (chooser, GTK_RESPONSE_ACCEPT);
  WAIT_UNTIL (answer.done);
  g_assert_no_error (answer.error);
  g_assert_true (answer.file != NULL && g_file_equal (answer.file, expected));
  answer_clear (&answer);

  gtk_window_destroy (parent);
  pw_test_remove_dir (dir);
}

static void
test_file_chooser_select_folder (void)
{
  g_autofree char *dir = pw_test_make_dir ();
  g_autoptr (GFile) folder = g_file_new_for_path (dir);
  GtkWindow *parent = new_parent ();
  Answer answer = { 0, };
  GtkWindow *chooser;

  pw_file_chooser_ask_async (parent, GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
                             "Open a Folder of Images", "_Open", "ignored.txt", folder, NULL, NULL,
                             on_answered, &answer);
  chooser = wait_for_chooser ();
  g_assert_cmpint (gtk_file_chooser_get_action (GTK_FILE_CHOOSER (chooser)), ==,
                   GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER);
  WAIT_UNTIL (shows_folder (chooser, folder));
  g_assert_nonnull (find_button (GTK_WIDGET (chooser), "_Open"));

  /* Nothing selected: the folder shown is the answer. */
  respond (chooser, GTK_RESPONSE_ACCEPT);
  WAIT_UNTIL (answer.done);
  g_assert_no_error (answer.error);
  g_assert_true (answer.file != NULL && g_file_equal (answer.file, folder));
  answer_clear (&answer);

  gtk_window_destroy (parent);
  pw_test_remove_dir (dir);
}

/* A worker who dismisses the chooser chose nothing; that is no error. */
static void
test_file_chooser_dismiss (void)
{
  GtkWindow *parent = new_parent ();
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  Answer answer = { 0, };
  GtkWindow *chooser;

  pw_file_chooser_ask_async (parent, GTK_FILE_CHOOSER_ACTION_OPEN, "Open", "_Open", NULL, NULL,
                             NULL, cancellable, on_answered, &answer);
  chooser = wait_for_chooser ();
  g_assert_cmpint (gtk_file_chooser_get_action (GTK_FILE_CHOOSER (chooser)), ==,
                   GTK_FILE_CHOOSER_ACTION_OPEN);
  respond (chooser, GTK_RESPONSE_CANCEL);
  WAIT_UNTIL (answer.done);
  g_assert_no_error (answer.error);
  g_assert_null (answer.file);

  /* Cancelling after the answer changes nothing. */
  g_cancellable_cancel (cancellable);
  pw_ui_test_iterate (50);
  answer_clear (&answer);

  gtk_window_destroy (parent);
}

/* Cancelling takes the chooser off the screen at once, and the question
 * ends as cancelled; one cancelled before it is asked shows nothing. */
static void
test_file_chooser_cancel (void)
{
  GtkWindow *parent = new_parent ();
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  Answer answer = { 0, };
  GtkWindow *chooser;
  gpointer weak_chooser;

  pw_file_chooser_ask_async (parent, GTK_FILE_CHOOSER_ACTION_SAVE, "Save", "_Save", "a.json", NULL,
                             NULL, cancellable, on_answered, &answer);
  chooser = wait_for_chooser ();
  weak_chooser = chooser;
  g_object_add_weak_pointer (G_OBJECT (chooser), &weak_chooser);

  g_cancellable_cancel (cancellable);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (chooser)));
  WAIT_UNTIL (answer.done);
  g_assert_error (answer.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (answer.file);
  pw_ui_test_wait_finalized (&weak_chooser);
  answer_clear (&answer);

  pw_file_chooser_ask_async (parent, GTK_FILE_CHOOSER_ACTION_SAVE, "Save", "_Save", "a.json", NULL,
                             NULL, cancellable, on_answered, &answer);
  WAIT_UNTIL (answer.done);
  g_assert_error (answer.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (find_chooser ());
  answer_clear (&answer);

  gtk_window_destroy (parent);
}

static PwWindow *
window_with_folder (const char *dir)
{
  g_autoptr (GFile) folder = g_file_new_for_path (dir);
  PwWindow *window = pw_window_new (app);
  PwWorkArea *area = pw_window_get_work_area (window);

  gtk_window_present (GTK_WINDOW (window));
  pw_window_open_files (window, &folder, 1);
  WAIT_UNTIL (pw_work_area_get_folder (area) != NULL
              && g_file_equal (pw_image_folder_get_folder (pw_work_area_get_folder (area)),
                               folder));
  return window;
}

static char *
make_image_folder (const char *parent,
                   const char *name)
{
  g_autoptr (GBytes) jpeg = pw_test_make_jpeg (64, 48, PW_TEST_JPEG_RGB);
  char *dir = g_build_filename (parent, name, NULL);

  g_assert_cmpint (g_mkdir (dir, 0700), ==, 0);
  g_free (pw_test_write (dir, "a.jpg", jpeg));
  return dir;
}

/* Open Folder starts beside the open folder, where the next one usually
 * is, and opens the folder chosen; closing the window takes a chooser
 * still open with it. */
static void
test_file_chooser_window_open_folder (void)
{
  g_autofree char *dir = pw_test_make_dir ();
  g_autofree char *first = make_image_folder (dir, "first");
  g_autofree char *second = make_image_folder (dir, "second");
  g_autoptr (GFile) parent_folder = g_file_new_for_path (dir);
  g_autoptr (GFile) second_folder = g_file_new_for_path (second);
  PwWindow *window = window_with_folder (first);
  PwWorkArea *area = pw_window_get_work_area (window);
  gpointer weak_window = window;
  gpointer weak_chooser;
  GtkWindow *chooser;

  g_object_add_weak_pointer (G_OBJECT (window), &weak_window);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.open-folder", NULL));
  chooser = wait_for_chooser ();
  g_assert_cmpstr (gtk_window_get_title (chooser), ==, "Open a Folder of Images");
  g_assert_true (gtk_window_get_transient_for (chooser) == GTK_WINDOW (window));
  WAIT_UNTIL (shows_folder (chooser, parent_folder));

  /* One question at a time. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.open-folder", NULL));
  pw_ui_test_iterate (50);
  g_assert_true (find_chooser () == chooser);

  gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), second_folder, NULL);
  WAIT_UNTIL (shows_folder (chooser, second_folder));
  respond (chooser, GTK_RESPONSE_ACCEPT);
  WAIT_UNTIL (g_file_equal (pw_image_folder_get_folder (pw_work_area_get_folder (area)),
                            second_folder));

  /* A chooser still open goes with its window. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.open-folder", NULL));
  chooser = wait_for_chooser ();
  weak_chooser = chooser;
  g_object_add_weak_pointer (G_OBJECT (chooser), &weak_chooser);
  gtk_window_destroy (GTK_WINDOW (window));
  WAIT_UNTIL (find_chooser () == NULL);
  pw_ui_test_wait_finalized (&weak_chooser);
  pw_ui_test_wait_finalized (&weak_window);

  pw_test_remove_dir (first);
  pw_test_remove_dir (second);
  pw_test_remove_dir (dir);
}

/* Open File takes one text of the worker's own to the text panel. */
static void
test_file_chooser_window_open_file (void)
{
  g_autofree char *dir = pw_test_make_dir ();
  g_autofree char *first = make_image_folder (dir, "first");
  g_autofree char *path = g_build_filename (dir, "review.txt", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (GFile) parent = g_file_new_for_path (dir);
  PwWindow *window = window_with_folder (first);
  PwWorkArea *area = pw_window_get_work_area (window);
  gpointer weak_window = window;
  GtkWindow *chooser;
  GtkFileFilter *filter;

  g_assert_true (g_file_set_contents (path, "Anna liked it.\n", -1, NULL));
  g_object_add_weak_pointer (G_OBJECT (window), &weak_window);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.open-file", NULL));
  chooser = wait_for_chooser ();
  g_assert_cmpstr (gtk_window_get_title (chooser), ==, "Open a Photo, Text or Recording");
  filter = gtk_file_chooser_get_filter (GTK_FILE_CHOOSER (chooser));
  g_assert_nonnull (filter);
  g_assert_cmpstr (gtk_file_filter_get_name (filter), ==, "Photos, texts and recordings");

  /* Selecting the file takes the chooser to its folder. */
  g_assert_true (gtk_file_chooser_set_file (GTK_FILE_CHOOSER (chooser), file, NULL));
  WAIT_UNTIL (shows_folder (chooser, parent) && selects_file (chooser, file));
  respond (chooser, GTK_RESPONSE_ACCEPT);
  WAIT_UNTIL (g_strcmp0 (pw_work_area_get_title (area), "review.txt") == 0);
  g_assert_null (pw_work_area_get_folder (area));

  gtk_window_destroy (GTK_WINDOW (window));
  pw_ui_test_wait_finalized (&weak_window);
  g_remove (path);
  pw_test_remove_dir (first);
  pw_test_remove_dir (dir);
}

static AdwMessageDialog *
find_message_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  AdwMessageDialog *found = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (toplevels) && found == NULL; i++)
    {
      g_autoptr (GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        found = ADW_MESSAGE_DIALOG (window);
    }
  return found;
}

/* The COCO export asks for a JSON file beside the labeled folder. */
static void
test_file_chooser_window_export (void)
{
  g_autofree char *dir = pw_test_make_dir ();
  g_autofree char *images = make_image_folder (dir, "images");
  g_autoptr (GFile) parent_folder = g_file_new_for_path (dir);
  g_autoptr (GListModel) filters = NULL;
  g_autoptr (GtkFileFilter) shown_filter = NULL;
  g_autofree char *name = NULL;
  g_autofree char *written = g_build_filename (dir, "annotations.json", NULL);
  g_autofree char *labelme = NULL;
  PwWindow *window;
  gpointer weak_window;
  AdwMessageDialog *formats;
  GtkWindow *chooser;

  labelme = g_build_filename (images, "a.json", NULL);
  g_assert_true (g_file_set_contents (labelme,
                                      "{\"version\": \"5.2.1\", \"flags\": {}, \"shapes\": ["
                                      "{\"label\": \"car\", \"points\": [[1, 1], [5, 5]],"
                                      " \"group_id\": null, \"shape_type\": \"rectangle\","
                                      " \"flags\": {}}], \"imagePath\": \"a.jpg\","
                                      " \"imageData\": null, \"imageHeight\": 48,"
                                      " \"imageWidth\": 64}", -1, NULL));
  window = window_with_folder (images);
  weak_window = window;

  g_object_add_weak_pointer (G_OBJECT (window), &weak_window);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.export", NULL));
  WAIT_UNTIL ((formats = find_message_dialog ()) != NULL);
  /* COCO is the first format, JSON Lines the last. */
  {
    GListModel *names = gtk_drop_down_get_model (GTK_DROP_DOWN (adw_message_dialog_get_extra_child (formats)));

    g_assert_cmpuint (g_list_model_get_n_items (names), ==, 4);
    g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (names), 3), ==,
                     "JSON Lines: a line per text or recording");
  }
  adw_message_dialog_response (formats, "export");
  gtk_window_destroy (GTK_WINDOW (formats));
  chooser = wait_for_chooser ();
  g_assert_cmpstr (gtk_window_get_title (chooser), ==, "Save the COCO File");
  g_assert_cmpint (gtk_file_chooser_get_action (GTK_FILE_CHOOSER (chooser)), ==,
                   GTK_FILE_CHOOSER_ACTION_SAVE);
  name = gtk_file_chooser_get_current_name (GTK_FILE_CHOOSER (chooser));
  g_assert_cmpstr (name, ==, "annotations.json");
  WAIT_UNTIL (shows_folder (chooser, parent_folder));
  filters = gtk_file_chooser_get_filters (GTK_FILE_CHOOSER (chooser));
  shown_filter = g_list_model_get_item (filters, 0);
  g_assert_cmpstr (gtk_file_filter_get_name (shown_filter), ==, "JSON files");

  respond (chooser, GTK_RESPONSE_ACCEPT);
  WAIT_UNTIL (g_file_test (written, G_FILE_TEST_EXISTS) && !pw_window_get_exporting (window));

  gtk_window_destroy (GTK_WINDOW (window));
  pw_ui_test_wait_finalized (&weak_window);
  g_remove (written);
  pw_test_remove_dir (images);
  pw_test_remove_dir (dir);
}

/* A text of the worker's own open: the export offers JSON Lines first,
 * and writes a line per text or recording of its folder. */
static void
test_file_chooser_window_export_jsonl (void)
{
  g_autofree char *dir = pw_test_make_dir ();
  g_autofree char *texts = g_build_filename (dir, "texts", NULL);
  g_autofree char *path = g_build_filename (texts, "review.txt", NULL);
  g_autofree char *annotation = g_build_filename (texts, "review.txt.json", NULL);
  g_autofree char *written = g_build_filename (dir, "annotations.jsonl", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *name = NULL;
  g_autoptr (GFile) file = NULL;
  g_autoptr (GFile) parent_folder = g_file_new_for_path (dir);
  g_autoptr (GListModel) filters = NULL;
  g_autoptr (GtkFileFilter) shown_filter = NULL;
  PwWindow *window = pw_window_new (app);
  PwWorkArea *area = pw_window_get_work_area (window);
  gpointer weak_window = window;
  AdwMessageDialog *formats;
  GtkDropDown *choice;
  GtkStringObject *picked;
  GtkWindow *chooser;

  g_assert_cmpint (g_mkdir (texts, 0700), ==, 0);
  g_assert_true (g_file_set_contents (path, "Anna liked it.\n", -1, NULL));
  g_assert_true (g_file_set_contents (annotation, "{\"choices\": [\"positive\"], \"spans\": "
                                      "[{\"start\": 0, \"end\": 4, \"label\": \"PER\"}]}",
                                      -1, NULL));
  file = g_file_new_for_path (path);
  g_object_add_weak_pointer (G_OBJECT (window), &weak_window);
  gtk_window_present (GTK_WINDOW (window));
  pw_window_open_files (window, &file, 1);
  WAIT_UNTIL (g_strcmp0 (pw_work_area_get_title (area), "review.txt") == 0);
  g_assert_null (pw_work_area_get_folder (area));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.export", NULL));
  WAIT_UNTIL ((formats = find_message_dialog ()) != NULL);
  choice = GTK_DROP_DOWN (adw_message_dialog_get_extra_child (formats));
  picked = gtk_drop_down_get_selected_item (choice);
  g_assert_cmpstr (gtk_string_object_get_string (picked), ==,
                   "JSON Lines: a line per text or recording");
  adw_message_dialog_response (formats, "export");
  gtk_window_destroy (GTK_WINDOW (formats));
  chooser = wait_for_chooser ();
  g_assert_cmpstr (gtk_window_get_title (chooser), ==, "Save the JSON Lines File");
  g_assert_cmpint (gtk_file_chooser_get_action (GTK_FILE_CHOOSER (chooser)), ==,
                   GTK_FILE_CHOOSER_ACTION_SAVE);
  name = gtk_file_chooser_get_current_name (GTK_FILE_CHOOSER (chooser));
  g_assert_cmpstr (name, ==, "annotations.jsonl");
  WAIT_UNTIL (shows_folder (chooser, parent_folder));
  filters = gtk_file_chooser_get_filters (GTK_FILE_CHOOSER (chooser));
  shown_filter = g_list_model_get_item (filters, 0);
  g_assert_cmpstr (gtk_file_filter_get_name (shown_filter), ==, "JSON Lines files");

  respond (chooser, GTK_RESPONSE_ACCEPT);
  WAIT_UNTIL (g_file_test (written, G_FILE_TEST_EXISTS) && !pw_window_get_exporting (window));
  g_assert_true (g_file_get_contents (written, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "\"file\":\"review.txt\""));
  g_assert_nonnull (strstr (contents, "\"annotation\":{\"choices\":[\"positive\"],"
                                      "\"spans\":[{\"start\":0,\"end\":4,\"label\":\"PER\"}]}"));
  /* One line: the one text of the folder. */
  g_assert_true (g_str_has_suffix (contents, "}\n"));
  g_assert_true (strchr (contents, '\n') == contents + strlen (contents) - 1);

  gtk_window_destroy (GTK_WINDOW (window));
  pw_ui_test_wait_finalized (&weak_window);
  g_remove (written);
  pw_test_remove_dir (texts);
  pw_test_remove_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  app = pw_ui_test_init (&argc, &argv);

  g_test_add_func ("/file-chooser/save", test_file_chooser_save);
  g_test_add_func ("/file-chooser/select-folder", test_file_chooser_select_folder);
  g_test_add_func ("/file-chooser/dismiss", test_file_chooser_dismiss);
  g_test_add_func ("/file-chooser/cancel", test_file_chooser_cancel);
  g_test_add_func ("/file-chooser/window-open-folder", test_file_chooser_window_open_folder);
  g_test_add_func ("/file-chooser/window-open-file", test_file_chooser_window_open_file);
  g_test_add_func ("/file-chooser/window-export", test_file_chooser_window_export);
  g_test_add_func ("/file-chooser/window-export-jsonl", test_file_chooser_window_export_jsonl);

  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
