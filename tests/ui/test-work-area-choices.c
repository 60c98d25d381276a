/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "pw-image-canvas-private.h"
#include "pw-ui-test.h"
#include "pw-window.h"
#include "pw-work-area-private.h"

/* Choices on image tasks in the work area of a real window under Xvfb,
 * with real keys and clicks: a long list of choices filtered by name
 * after / or Ctrl+F while the canvas keeps its letters, and on a text by
 * typing while the digits still pick; a click on a choice in the labels
 * list picks it and a click on a box label makes it the drawing label;
 * the labels list under the titles of the groups of choices; a draft
 * made before images kept their choices opens with the choice bar; and
 * auto-advance submits on a pick only where the image draws nothing. */

static PwApplication *app;

#define WAIT_UNTIL(condition) PW_UI_TEST_WAIT_UNTIL (condition, 60)

#define PAY "\"pay\": {\"amount\": \"0.01\", \"currency\": \"USD\", \"per\": \"task\"}, "

/* A label for the choice tool. */
#define CHOICE(name) "{\"name\": \"" name "\", \"tools\": [\"choice\"]}"

/* A box label and twelve choices: more than the digits. */
#define WEATHER_ACCOUNT "acct-weather"
#define WEATHER_PROJECT                                                                       \
  "{\"id\": \"p-weather\", \"name\": \"Cars in all weathers\", \"kind\": \"image\", " PAY      \
  "\"labels\": [{\"name\": \"car\", \"tools\": [\"bbox\"]}, "                                  \
  CHOICE ("sunny") ", " CHOICE ("cloudy") ", " CHOICE ("rainy") ", " CHOICE ("snowy") ", "    \
  CHOICE ("foggy") ", " CHOICE ("windy") ", " CHOICE ("stormy") ", " CHOICE ("hazy") ", "     \
  CHOICE ("drizzle") ", " CHOICE ("hail") ", " CHOICE ("sleet") ", " CHOICE ("dusty") "], "   \
  "\"tools\": [\"bbox\", \"choice\"], \"choice_mode\": \"single\"}"

/* A box label and two choices, several allowed. */
#define PHOTO_ACCOUNT "acct-photo-multi"
#define PHOTO_PROJECT                                                                         \
  "{\"id\": \"p-photo-multi\", \"name\": \"Cars by day and night\", \"kind\": \"image\", " PAY \
  "\"labels\": [{\"name\": \"car\", \"tools\": [\"bbox\"], \"hotkey\": \"1\"},"                 \
  " {\"name\": \"day\", \"tools\": [\"choice\"], \"hotkey\": \"2\"},"                            \
  " {\"name\": \"night\", \"tools\": [\"choice\"], \"hotkey\": \"3\"}], "                        \
  "\"tools\": [\"bbox\", \"choice\"], \"choice_mode\": \"multi\"}"

/* A box label and two choices, one answer. */
#define SINGLE_ACCOUNT "acct-photo-single"
#define SINGLE_PROJECT                                                                        \
  "{\"id\": \"p-photo-single\", \"name\": \"Cars by day or night\", \"kind\": \"image\", " PAY \
  "\"labels\": [{\"name\": \"car\", \"tools\": [\"bbox\"], \"hotkey\": \"1\"},"                 \
  " {\"name\": \"day\", \"tools\": [\"choice\"], \"hotkey\": \"2\"},"                            \
  " {\"name\": \"night\", \"tools\": [\"choice\"], \"hotkey\": \"3\"}], "                        \
  "\"tools\": [\"bbox\", \"choice\"], \"choice_mode\": \"single\"}"

/* Two questions and a choice of the project's own, the labels mixed. */
#define GROUPS_ACCOUNT "acct-image-groups"
#define GROUPS_PROJECT                                                                        \
  "{\"id\": \"p-image-groups\", \"name\": \"Street scenes\", \"kind\": \"image\", " PAY        \
  "\"labels\": [{\"name\": \"car\", \"tools\": [\"bbox\"]},"                                   \
  " {\"name\": \"day\", \"tools\": [\"choice\"], \"group\": \"time\"},"                         \
  " {\"name\": \"sunny\", \"tools\": [\"choice\"], \"group\": \"weather\"},"                    \
  " {\"name\": \"night\", \"tools\": [\"choice\"], \"group\": \"time\"},"                       \
  " {\"name\": \"blurry\", \"tools\": [\"choice\"]},"                                           \
  " {\"name\": \"rainy\", \"tools\": [\"choice\"], \"group\": \"weather\"}], "                  \
  "\"choice_groups\": [{\"id\": \"weather\", \"title\": \"Weather\", \"mode\": \"single\"},"     \
  " {\"id\": \"time\", \"title\": \"Time of day\", \"mode\": \"single\"}], "                    \
  "\"tools\": [\"bbox\", \"choice\"], \"choice_mode\": \"multi\"}"

/* Choices only: the image is answered by its tag. */
#define TAG_ACCOUNT "acct-tag"
#define TAG_PROJECT                                                                           \
  "{\"id\": \"p-tag\", \"name\": \"Day or night\", \"kind\": \"image\", " PAY                  \
  "\"labels\": [{\"name\": \"day\", \"tools\": [\"choice\"], \"hotkey\": \"1\"},"               \
  " {\"name\": \"night\", \"tools\": [\"choice\"], \"hotkey\": \"2\"}], "                        \
  "\"tools\": [\"choice\"], \"choice_mode\": \"single\"}"

/* A text with twelve choices. */
#define MOOD_ACCOUNT "acct-mood"
#define MOOD_PROJECT                                                                          \
  "{\"id\": \"p-mood\", \"name\": \"Moods\", \"kind\": \"text\", " PAY                         \
  "\"labels\": [{\"name\": \"happy\"}, {\"name\": \"sad\"}, {\"name\": \"angry\"},"             \
  " {\"name\": \"calm\"}, {\"name\": \"bored\"}, {\"name\": \"proud\"}, {\"name\": \"tired\"}," \
  " {\"name\": \"eager\"}, {\"name\": \"shy\"}, {\"name\": \"jealous\"}, {\"name\": \"brave\"}," \
  " {\"name\": \"grumpy\"}], \"tools\": [\"choice\"], \"choice_mode\": \"single\"}"

typedef struct
{
  char *dir;
  char *image;
} Photo;

static void
photo_set_up (Photo *photo)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) pixels = NULL;
  g_autoptr (GdkTexture) texture = NULL;
  guchar *data = g_malloc0 (64 * 48 * 4);

  for (guint i = 0; i < 64 * 48; i++)
    {
      data[i * 4 + 1] = 96;
      data[i * 4 + 3] = 255;
    }
  pixels = g_bytes_new_take (data, 64 * 48 * 4);
  texture = gdk_memory_texture_new (64, 48, GDK_MEMORY_R8G8B8A8, pixels, 64 * 4);
  photo->dir = g_dir_make_tmp ("pw-choices-XXXXXX", &error);
  g_assert_no_error (error);
  photo->image = g_build_filename (photo->dir, "street.png", NULL);
  g_assert_true (gdk_texture_save_to_png (texture, photo->image));
}

static void
photo_tear_down (Photo *photo)
{
  g_unlink (photo->image);
  g_rmdir (photo->dir);
  g_free (photo->image);
  g_free (photo->dir);
}

static void
save_project (PwStore    *store,
              const char *account,
              const char *json)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) node = pw_json_parse (json, strlen (json), "project", &error);
  g_autoptr (GPtrArray) projects = NULL;

  g_assert_no_error (error);
  projects = g_ptr_array_new_with_free_func ((GDestroyNotify) pw_project_unref);
  g_ptr_array_add (projects, pw_project_new_from_json (node, "project", &error));
  g_assert_no_error (error);
  pw_store_save_projects (store, account, projects);
}

/* A claimed task of the project @json (saved for @account), its image at
 * @image or its text; @order places it in the queue after those before. */
static void
add_task (PwStore    *store,
          const char *account,
          const char *json,
          const char *task_id,
          const char *image,
          guint       order)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) node = pw_json_parse (json, strlen (json), "project", &error);
  g_autofree char *task_json = NULL;
  const char *project_id;
  PwStoreTask task = { 0 };

  g_assert_no_error (error);
  project_id = json_object_get_string_member (json_node_get_object (node), "id");
  task_json = image != NULL ? g_strdup_printf ("{\"id\": \"%s\"}", task_id)
                            : g_strdup_printf ("{\"id\": \"%s\", \"text\": \"A long day.\"}",
                                               task_id);
  task.account_id = (char *) account;
  task.task_id = (char *) task_id;
  task.claim_id = (char *) "claim-choices";
  task.project_id = (char *) project_id;
  task.kind = image != NULL ? PW_TASK_KIND_IMAGE : PW_TASK_KIND_TEXT;
  task.lease_expires_at = g_get_real_time () + (gint64) (7200 + order) * G_USEC_PER_SEC;
  task.task_json = task_json;
  task.project_json = (char *) json;
  task.media_file = (char *) image;
  task.state = PW_TASK_STATE_CLAIMED;
  pw_store_add_claimed_task (store, &task);
}

static void
flush (PwStore *store)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (pw_store_flush (store, &error));
  g_assert_no_error (error);
}

static PwWindow *
show_window (gpointer *weak_window)
{
  PwWindow *window = pw_window_new (app);

  *weak_window = window;
  g_object_add_weak_pointer (G_OBJECT (window), weak_window);
  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 800);
  gtk_window_present (GTK_WINDOW (window));
  pw_ui_test_wait_for_frames (GTK_WIDGET (window), 3);
  return window;
}

static void
close_window (PwWindow *window,
              gpointer *weak_window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  pw_ui_test_wait_finalized (weak_window);
}

static PwAnnotation *
shown_annotation (PwWorkArea *area)
{
  if (area->media != NULL)
    return pw_media_document_get_annotation (area->media);
  return area->document != NULL ? pw_image_document_get_annotation (area->document) : NULL;
}

static gboolean
image_shown (PwWorkArea *area,
             const char *task_id)
{
  return g_strcmp0 (pw_work_area_get_task_id (area), task_id) == 0 && area->document != NULL
         && g_strcmp0 (gtk_stack_get_visible_child_name (area->canvas_stack), "image") == 0;
}

static gboolean
choices_shown (PwWorkArea *area,
               const char *task_id)
{
  return image_shown (area, task_id) && gtk_widget_get_visible (GTK_WIDGET (area->choice_bar));
}

/* A window showing one new task of @project, a photo with its choice bar. */
static PwWorkArea *
open_photo_task (Photo       *photo,
                 const char  *account_id,
                 const char  *project_id,
                 const char  *task_id,
                 PwWindow   **window,
                 gpointer    *weak_window)
{
  PwStore *store;
  PwWorkArea *area;

  photo_set_up (photo);
  WAIT_UNTIL (pw_application_get_store_ready (app));
  store = pw_application_get_store (app);
  save_project (store, account_id, project_id);
  add_task (store, account_id, project_id, task_id, photo->image, 0);
  flush (store);

  *window = show_window (weak_window);
  area = pw_window_get_work_area (*window);
  pw_work_area_open_task (area, account_id, task_id);
  WAIT_UNTIL (choices_shown (area, task_id));
  return area;
}

static gboolean
has_choices (PwWorkArea *area,
             const char *expected)
{
  PwAnnotation *annotation = shown_annotation (area);
  g_autofree char *choices = NULL;

  if (annotation == NULL || !(pw_annotation_get_tools (annotation) & PW_ANNOTATION_TOOL_CHOICE))
    return FALSE;
  choices = g_strjoinv (",", (GStrv) pw_annotation_get_choices (annotation));
  return g_str_equal (choices, expected);
}

static gboolean
focus_within (PwWindow  *window,
              GtkWidget *widget)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (window));

  return focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget));
}

static const char *
filter_text (PwWorkArea *area)
{
  return gtk_editable_get_text (GTK_EDITABLE (pw_choice_bar_get_filter (area->choice_bar)));
}

/* The row of the labels list that shows the label @name. */
static GtkWidget *
listed_row (PwWorkArea *area,
            const char *name)
{
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (area->label_list)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      PwLabel *label = GTK_IS_LIST_BOX_ROW (row) ? g_object_get_data (G_OBJECT (row), "pw-label")
                                                 : NULL;

      if (label != NULL && g_str_equal (pw_label_get_name (label), name))
        return row;
    }
  return NULL;
}

static void
click_row (PwWorkArea *area,
           const char *name)
{
  GtkWidget *row = listed_row (area, name);

  g_assert_nonnull (row);
  g_assert_true (gtk_widget_get_mapped (row));
  pw_ui_test_click (row, gtk_widget_get_width (row) / 2.0, gtk_widget_get_height (row) / 2.0);
}

/* On an image, the letters stay the canvas's: / or Ctrl+F opens the
 * filter, Return picks the first choice left and Escape leaves, and the
 * canvas has the keyboard again after each. The shortcuts window says
 * so. */
static void
test_image_filter (void)
{
  g_autoptr (GtkBuilder) builder = NULL;
  g_autoptr (GSList) objects = NULL;
  Photo photo;
  PwWindow *window;
  PwWorkArea *area;
  GtkWidget *filter;
  gpointer weak_window;
  gboolean listed = FALSE;

  area = open_photo_task (&photo, WEATHER_ACCOUNT, WEATHER_PROJECT, "we-1", &window,
                         &weak_window);
  filter = GTK_WIDGET (pw_choice_bar_get_filter (area->choice_bar));
  g_assert_true (gtk_widget_get_visible (filter));
  pw_ui_test_wait_for_frames (GTK_WIDGET (window), 2);
  gtk_widget_grab_focus (GTK_WIDGET (area->canvas));

  /* A letter is the canvas's tool, not a name in the filter. */
  pw_ui_test_xdotool ("key", "b", NULL);
  WAIT_UNTIL (pw_image_canvas_get_tool (area->canvas) == PW_CANVAS_TOOL_BOX);
  g_assert_cmpstr (filter_text (area), ==, "");

  /* / opens the filter; Return picks and gives the canvas the keys. */
  pw_ui_test_xdotool ("key", "slash", NULL);
  WAIT_UNTIL (focus_within (window, filter));
  pw_ui_test_xdotool ("type", "sle", NULL);
  WAIT_UNTIL (pw_choice_bar_get_n_shown (area->choice_bar) == 1);
  g_assert_cmpstr (filter_text (area), ==, "sle");
  g_assert_true (has_choices (area, ""));
  pw_ui_test_xdotool ("key", "Return", NULL);
  WAIT_UNTIL (has_choices (area, "sleet"));
  WAIT_UNTIL (focus_within (window, GTK_WIDGET (area->canvas)));
  g_assert_cmpstr (filter_text (area), ==, "");
  g_assert_cmpuint (pw_choice_bar_get_n_shown (area->choice_bar), ==, 12);
  pw_ui_test_xdotool ("key", "v", NULL);
  WAIT_UNTIL (pw_image_canvas_get_tool (area->canvas) == PW_CANVAS_TOOL_SELECT);

  /* Ctrl+F too; a name that finds nothing stays to be corrected, and
   * Escape leaves it with nothing picked. */
  pw_ui_test_xdotool ("key", "ctrl+f", NULL);
  WAIT_UNTIL (focus_within (window, filter));
  pw_ui_test_xdotool ("type", "xyz", NULL);
  WAIT_UNTIL (pw_choice_bar_get_n_shown (area->choice_bar) == 0);
  pw_ui_test_xdotool ("key", "Return", NULL);
  pw_ui_test_iterate (100);
  g_assert_true (focus_within (window, filter));
  g_assert_cmpstr (filter_text (area), ==, "xyz");
  pw_ui_test_xdotool ("key", "Escape", NULL);
  WAIT_UNTIL (focus_within (window, GTK_WIDGET (area->canvas)));
  g_assert_cmpstr (filter_text (area), ==, "");
  g_assert_true (has_choices (area, "sleet"));
  /* The letters are the canvas's again. */
  pw_ui_test_xdotool ("key", "b", NULL);
  WAIT_UNTIL (pw_image_canvas_get_tool (area->canvas) == PW_CANVAS_TOOL_BOX);
  g_assert_cmpstr (filter_text (area), ==, "");

  close_window (window, &weak_window);
  photo_tear_down (&photo);

  builder = gtk_builder_new_from_resource (PW_RESOURCE_BASE "/help-overlay.ui");
  objects = gtk_builder_get_objects (builder);
  for (GSList *l = objects; l != NULL; l = l->next)
    {
      g_autofree char *accelerator = NULL;
      g_autofree char *title = NULL;

      if (!GTK_IS_SHORTCUTS_SHORTCUT (l->data))
        continue;
      g_object_get (l->data, "accelerator", &accelerator, "title", &title, NULL);
      listed |= accelerator != NULL && strstr (accelerator, "slash") != NULL
                && strstr (accelerator, "<Control>f") != NULL && strstr (title, "choice") != NULL;
    }
  g_assert_true (listed);
  gtk_window_destroy (GTK_WINDOW (gtk_builder_get_object (builder, "help_overlay")));
}

/* On a text, typing a name anywhere filters as before, and the digits
 * still pick the first choices. */
static void
test_text_filter (void)
{
  PwStore *store;
  PwWindow *window;
  PwWorkArea *area;
  gpointer weak_window;

  WAIT_UNTIL (pw_application_get_store_ready (app));
  store = pw_application_get_store (app);
  save_project (store, MOOD_ACCOUNT, MOOD_PROJECT);
  add_task (store, MOOD_ACCOUNT, MOOD_PROJECT, "mo-1", NULL, 0);
  flush (store);

  window = show_window (&weak_window);
  area = pw_window_get_work_area (window);
  pw_work_area_open_task (area, MOOD_ACCOUNT, "mo-1");
  WAIT_UNTIL (g_strcmp0 (pw_work_area_get_task_id (area), "mo-1") == 0 && area->media != NULL);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (pw_choice_bar_get_filter (area->choice_bar))));
  pw_ui_test_wait_for_frames (GTK_WIDGET (window), 2);
  g_assert_true (focus_within (window, GTK_WIDGET (area->text_panel)));

  pw_ui_test_xdotool ("key", "2", NULL);
  WAIT_UNTIL (has_choices (area, "sad"));
  g_assert_cmpstr (filter_text (area), ==, "");
  pw_ui_test_xdotool ("type", "grum", NULL);
  WAIT_UNTIL (pw_choice_bar_get_n_shown (area->choice_bar) == 1);
  pw_ui_test_xdotool ("key", "Return", NULL);
  WAIT_UNTIL (has_choices (area, "grumpy"));
  g_assert_cmpstr (filter_text (area), ==, "");
  g_assert_true (focus_within (window, GTK_WIDGET (area->text_panel)));

  /* / goes to the filter as on an image, and is no part of the name. */
  pw_ui_test_xdotool ("key", "slash", NULL);
  WAIT_UNTIL (focus_within (window, GTK_WIDGET (pw_choice_bar_get_filter (area->choice_bar))));
  g_assert_cmpstr (filter_text (area), ==, "");
  pw_ui_test_xdotool ("type", "shy", NULL);
  WAIT_UNTIL (pw_choice_bar_get_n_shown (area->choice_bar) == 1);
  pw_ui_test_xdotool ("key", "Return", NULL);
  WAIT_UNTIL (has_choices (area, "shy"));
  WAIT_UNTIL (focus_within (window, GTK_WIDGET (area->text_panel)));

  close_window (window, &weak_window);
}

/* A click on a choice in the labels list picks it, and another takes it
 * back where several are allowed; a click on the box label makes it the
 * drawing label and leaves the choices. */
static void
test_list_click (void)
{
  Photo photo;
  PwWindow *window;
  PwWorkArea *area;
  gpointer weak_window;

  area = open_photo_task (&photo, PHOTO_ACCOUNT, PHOTO_PROJECT, "pm-1", &window,
                         &weak_window);
  pw_ui_test_wait_for_frames (GTK_WIDGET (window), 2);

  click_row (area, "night");
  WAIT_UNTIL (has_choices (area, "night"));
  g_assert_true (gtk_toggle_button_get_active (pw_choice_bar_get_button (area->choice_bar,
                                                                         "night")));
  g_assert_cmpstr (area->canvas->pending_label, !=, "night");
  WAIT_UNTIL (focus_within (window, GTK_WIDGET (area->canvas)));

  click_row (area, "car");
  WAIT_UNTIL (g_strcmp0 (area->canvas->pending_label, "car") == 0);
  g_assert_true (has_choices (area, "night"));

  click_row (area, "day");
  WAIT_UNTIL (has_choices (area, "night,day"));
  click_row (area, "night");
  WAIT_UNTIL (has_choices (area, "day"));
  g_assert_cmpstr (area->canvas->pending_label, ==, "car");

  /* The key does the same. */
  pw_ui_test_xdotool ("key", "3", NULL);
  WAIT_UNTIL (has_choices (area, "day,night"));

  close_window (window, &weak_window);
  photo_tear_down (&photo);
}

static const char *
header_text (GtkWidget *row)
{
  GtkWidget *header = gtk_list_box_row_get_header (GTK_LIST_BOX_ROW (row));

  return header != NULL ? gtk_label_get_text (GTK_LABEL (header)) : NULL;
}

/* The labels list under the groups' titles, in the choice bar's order
 * whatever the project's order of its labels: the box label, Weather,
 * Time of day, then the project's own choice. */
static void
test_list_headings (void)
{
  static const char *const order[] = { "car", "sunny", "rainy", "day", "night", "blurry" };
  static const char *const headers[] = { NULL, "Weather", NULL, "Time of day", NULL,
                                         "Other choices" };
  Photo photo;
  PwWindow *window;
  PwWorkArea *area;
  gpointer weak_window;
  GtkWidget *row;
  guint i = 0;

  area = open_photo_task (&photo, GROUPS_ACCOUNT, GROUPS_PROJECT, "ig-1", &window,
                         &weak_window);
  pw_ui_test_wait_for_frames (GTK_WIDGET (window), 2);

  for (row = gtk_widget_get_first_child (GTK_WIDGET (area->label_list)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      PwLabel *label;

      if (!GTK_IS_LIST_BOX_ROW (row))
        continue;
      label = g_object_get_data (G_OBJECT (row), "pw-label");
      g_assert_cmpuint (i, <, G_N_ELEMENTS (order));
      g_assert_cmpstr (pw_label_get_name (label), ==, order[i]);
      g_assert_cmpstr (header_text (row), ==, headers[i]);
      if (headers[i] != NULL)
        g_assert_true (gtk_widget_get_mapped (
                         gtk_list_box_row_get_header (GTK_LIST_BOX_ROW (row))));
      i++;
    }
  g_assert_cmpuint (i, ==, G_N_ELEMENTS (order));

  /* A click under a heading picks in that group alone. */
  click_row (area, "rainy");
  WAIT_UNTIL (has_choices (area, "rainy"));
  click_row (area, "night");
  WAIT_UNTIL (has_choices (area, "rainy,night"));
  click_row (area, "sunny");
  WAIT_UNTIL (has_choices (area, "night,sunny"));

  close_window (window, &weak_window);
  photo_tear_down (&photo);
}

/* A draft saved before images kept their choices has none: the task
 * opens with its choice bar, nothing chosen, and a key picks. */
static void
test_old_draft (void)
{
  g_autofree char *key = pw_store_task_draft_key (PHOTO_ACCOUNT, "pm-old");
  Photo photo;
  PwStore *store;
  PwWindow *window;
  PwWorkArea *area;
  gpointer weak_window;

  photo_set_up (&photo);
  WAIT_UNTIL (pw_application_get_store_ready (app));
  store = pw_application_get_store (app);
  save_project (store, PHOTO_ACCOUNT, PHOTO_PROJECT);
  add_task (store, PHOTO_ACCOUNT, PHOTO_PROJECT, "pm-old", photo.image, 1);
  pw_store_set_snapshot (store, key, "{\"image\":{\"width\":64,\"height\":48},\"shapes\":[]}");
  flush (store);

  window = show_window (&weak_window);
  area = pw_window_get_work_area (window);
  pw_work_area_open_task (area, PHOTO_ACCOUNT, "pm-old");
  WAIT_UNTIL (image_shown (area, "pm-old"));
  g_assert_true (pw_image_document_get_restored (area->document));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (area->choice_bar)));
  g_assert_true (has_choices (area, ""));
  gtk_widget_grab_focus (GTK_WIDGET (area->canvas));
  pw_ui_test_xdotool ("key", "3", NULL);
  WAIT_UNTIL (has_choices (area, "night"));

  close_window (window, &weak_window);
  photo_tear_down (&photo);
}

static char *
outbox_of (PwStore    *store,
           const char *account,
           const char *task_id)
{
  g_autoptr (GPtrArray) outbox = NULL;
  g_autoptr (GError) error = NULL;

  flush (store);
  outbox = pw_store_list_due_submissions (store, account, G_MAXINT64, 10, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < outbox->len; i++)
    {
      PwOutboxRow *row = outbox->pdata[i];

      if (g_str_equal (row->task_id, task_id))
        return g_strdup (row->annotation);
    }
  return NULL;
}

/* With auto-advance, a pick submits an image whose project draws nothing
 * and opens the next task; on an image with boxes to draw, it never
 * does. */
static void
test_auto_advance (void)
{
  g_autoptr (GSettings) settings = g_settings_new (PW_APP_ID);
  g_autofree char *submitted = NULL;
  Photo photo;
  PwStore *store;
  PwWindow *window;
  PwWorkArea *area;
  gpointer weak_window;

  photo_set_up (&photo);
  WAIT_UNTIL (pw_application_get_store_ready (app));
  store = pw_application_get_store (app);
  save_project (store, TAG_ACCOUNT, TAG_PROJECT);
  add_task (store, TAG_ACCOUNT, TAG_PROJECT, "tag-1", photo.image, 0);
  add_task (store, TAG_ACCOUNT, TAG_PROJECT, "tag-2", photo.image, 1);
  save_project (store, SINGLE_ACCOUNT, SINGLE_PROJECT);
  add_task (store, SINGLE_ACCOUNT, SINGLE_PROJECT, "ps-auto", photo.image, 2);
  flush (store);

  window = show_window (&weak_window);
  area = pw_window_get_work_area (window);
  g_settings_set_boolean (settings, "auto-advance", TRUE);

  /* Boxes to draw: the pick, one answer though it is, is one part of
   * the work. */
  pw_work_area_open_task (area, SINGLE_ACCOUNT, "ps-auto");
  WAIT_UNTIL (choices_shown (area, "ps-auto"));
  gtk_widget_grab_focus (GTK_WIDGET (area->canvas));
  pw_ui_test_xdotool ("key", "3", NULL);
  WAIT_UNTIL (has_choices (area, "night"));
  pw_ui_test_iterate (300);
  g_assert_cmpstr (pw_work_area_get_task_id (area), ==, "ps-auto");
  submitted = outbox_of (store, SINGLE_ACCOUNT, "ps-auto");
  g_assert_null (submitted);
  g_clear_pointer (&submitted, g_free);

  /* Only choices: one key answers, submits and moves on. */
  pw_work_area_open_task (area, TAG_ACCOUNT, "tag-1");
  WAIT_UNTIL (choices_shown (area, "tag-1"));
  gtk_widget_grab_focus (GTK_WIDGET (area->canvas));
  pw_ui_test_xdotool ("key", "2", NULL);
  WAIT_UNTIL (g_strcmp0 (pw_work_area_get_task_id (area), "tag-1") != 0);
  submitted = outbox_of (store, TAG_ACCOUNT, "tag-1");
  g_assert_cmpstr (submitted, ==, "{\"image\":{\"width\":64,\"height\":48},\"shapes\":[],"
                                  "\"choices\":[\"night\"]}");
  g_settings_set_boolean (settings, "auto-advance", FALSE);

  close_window (window, &weak_window);
  photo_tear_down (&photo);
}

int
main (int   argc,
      char *argv[])
{
  app = pw_ui_test_init (&argc, &argv);

  g_test_add_func ("/work-area-choices/image-filter", test_image_filter);
  g_test_add_func ("/work-area-choices/text-filter", test_text_filter);
  g_test_add_func ("/work-area-choices/list-click", test_list_click);
  g_test_add_func ("/work-area-choices/list-headings", test_list_headings);
  g_test_add_func ("/work-area-choices/old-draft", test_old_draft);
  g_test_add_func ("/work-area-choices/auto-advance", test_auto_advance);

  return g_test_run ();
}
