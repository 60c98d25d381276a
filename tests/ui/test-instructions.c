/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <string.h>

#include "demo/pw-demo-market-test.h"
#include "pw-ui-test.h"
#include "pw-window.h"

/* A project's instructions beside its tasks, in a real window under Xvfb
 * with real keys from xdotool: they open by themselves at the first task
 * of a project, not at the next ones nor in the next window, and never
 * take the keys that label; Ctrl+I and the header bar's toggle show and
 * hide them; a project without instructions says so. */

static PwApplication *app;

#define WAIT_UNTIL(condition) PW_UI_TEST_WAIT_UNTIL (condition, 30)

#define QUAL_NAME "Qualification: vehicles in street scenes"

static void
on_ready (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static void
on_xdotool_done (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  *(gboolean *) user_data = TRUE;
}

/* Presses keys as the worker would, through the X server. */
static void
press (const char *keys)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GSubprocess) process = NULL;
  gboolean done = FALSE;

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, "xdotool", "key", keys, NULL);
  g_assert_no_error (error);
  g_subprocess_wait_async (process, NULL, on_xdotool_done, &done);
  WAIT_UNTIL (done);
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
  pw_ui_test_iterate (80);
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

static GStrv
claim_tasks (const char *project,
             guint       n)
{
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (PwConnector) client = NULL;
  g_autoptr (GFile) media_dir = NULL;
  g_autoptr (PwClaimBatch) batch = NULL;
  g_autofree char *media_path = g_build_filename (g_get_user_cache_dir (), "piecework", "media",
                                                  NULL);
  PwAccountManager *accounts = pw_application_get_account_manager (app);

  g_assert_cmpint (g_mkdir_with_parents (media_path, 0700), ==, 0);
  media_dir = g_file_new_for_path (media_path);
  client = pw_account_manager_get_connector (accounts, PW_DEMO_ACCOUNT_ID);
  pw_claim_batch_async (pw_application_get_store (app), client, PW_DEMO_ACCOUNT_ID, project, n,
                        media_dir, NULL, NULL, NULL, on_ready, &result);
  WAIT_UNTIL (result != NULL);
  batch = pw_claim_batch_finish (result, &error);
  g_assert_no_error (error);
  return pw_claim_batch_get_task_ids (batch);
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

static gpointer
template_child (gpointer    widget,
                GType       type,
                const char *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (widget), type, name);

  g_assert_nonnull (child);
  return child;
}

static gboolean
has_focus (gpointer widget)
{
  return gtk_widget_has_focus (GTK_WIDGET (widget));
}

static gboolean
seen (const char *account_id,
      const char *project_id)
{
  g_autoptr (GSettings) settings = g_settings_new (PW_APP_ID);
  g_autoptr (GVariant) pairs = g_settings_get_value (settings, "instructions-seen");

  for (gsize i = 0; i < g_variant_n_children (pairs); i++)
    {
      const char *account, *project;

      g_variant_get_child (pairs, i, "(&s&s)", &account, &project);
      if (g_str_equal (account, account_id) && g_str_equal (project, project_id))
        return TRUE;
    }
  return FALSE;
}

static void
test_instructions_first_task (void)
{
  g_auto (GStrv) ids = NULL;
  PwDemoTest *demo = pw_demo_test_new (21);
  PwWindow *window;
  PwWorkArea *area;
  PwInstructionsPane *pane;
  PwImageCanvas *canvas;
  PwAnnotation *annotation;
  GtkToggleButton *toggle;
  GtkWidget *text_view;
  gpointer weak_window;
  g_autofree char *text = NULL;

  WAIT_UNTIL (pw_application_get_store_ready (app));
  pw_account_manager_set_demo (pw_application_get_account_manager (app), demo->base_url,
                               PW_DEMO_MARKET_TOKEN);
  ids = claim_tasks ("p-street-qual", 2);
  g_assert_cmpuint (g_strv_length (ids), ==, 2);
  g_assert_false (seen (PW_DEMO_ACCOUNT_ID, "p-street-qual"));

  window = show_window (&weak_window);
  area = pw_window_get_work_area (window);
  pane = pw_work_area_get_instructions_pane (area);
  canvas = pw_work_area_get_canvas (area);
  toggle = template_child (window, PW_TYPE_WINDOW, "instructions_button");
  text_view = template_child (pane, PW_TYPE_INSTRUCTIONS_PANE, "text_view");

  /* No task, no instructions: the toggle says where they come from. */
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (toggle)));
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (toggle)));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (GTK_WIDGET (toggle)), ==,
                   "Instructions come with the tasks of a marketplace");
  g_assert_false (pw_instructions_pane_get_revealed (pane));

  /* The first task of the project: the instructions open by themselves,
   * titled with the project's name, and the canvas keeps the keys. */
  gtk_widget_activate_action (GTK_WIDGET (area), "work.open-tasks", NULL);
  WAIT_UNTIL (task_shown (area, ids[0]));
  g_assert_true (pw_instructions_pane_get_revealed (pane));
  g_assert_cmpstr (pw_instructions_pane_get_title (pane), ==, QUAL_NAME);
  text = pw_instructions_pane_dup_text (pane);
  g_assert_true (g_str_has_prefix (text, "Draw a tight box around every vehicle"));
  g_assert_true (gtk_toggle_button_get_active (toggle));
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (toggle)));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (GTK_WIDGET (toggle)), ==,
                   "Project Instructions (Ctrl+I)");
  g_assert_true (seen (PW_DEMO_ACCOUNT_ID, "p-street-qual"));
  pw_ui_test_wait_for_frames (GTK_WIDGET (window), 2);
  g_assert_true (gtk_widget_get_mapped (text_view));
  g_assert_true (has_focus (canvas));

  /* A label key labels the selected box while the instructions show. */
  annotation = pw_image_canvas_get_annotation (canvas);
  {
    g_autofree char *id = pw_annotation_new_shape_id (annotation);
    g_autoptr (PwShape) shape = pw_shape_new_bbox (id, NULL, 10, 20, 30, 25);

    pw_annotation_add_shape (annotation, shape);
    pw_image_canvas_select (canvas, id);
  }
  press ("2");
  g_assert_cmpstr (pw_shape_get_label (pw_annotation_get_shapes (annotation)->pdata[0]), ==,
                   "truck");

  /* Ctrl+I hides and shows them, from the canvas, which keeps the keys. */
  press ("ctrl+i");
  g_assert_false (pw_instructions_pane_get_revealed (pane));
  g_assert_false (gtk_toggle_button_get_active (toggle));
  g_assert_true (has_focus (canvas));
  press ("ctrl+i");
  g_assert_true (pw_instructions_pane_get_revealed (pane));
  g_assert_true (has_focus (canvas));

  /* The header bar's toggle does the same. */
  gtk_toggle_button_set_active (toggle, FALSE);
  g_assert_false (pw_instructions_pane_get_revealed (pane));
  gtk_toggle_button_set_active (toggle, TRUE);
  g_assert_true (pw_instructions_pane_get_revealed (pane));
  g_assert_false (gtk_widget_get_focus_on_click (GTK_WIDGET (toggle)));

  /* Read from inside, Escape closes them and the keys go back to the
   * canvas; so does Ctrl+I. */
  pw_ui_test_wait_for_frames (GTK_WIDGET (window), 2);
  g_assert_true (gtk_widget_grab_focus (text_view));
  press ("Escape");
  g_assert_false (pw_instructions_pane_get_revealed (pane));
  g_assert_true (has_focus (canvas));
  g_assert_nonnull (pw_annotation_get_shapes (annotation)->pdata[0]);
  press ("ctrl+i");
  pw_ui_test_wait_for_frames (GTK_WIDGET (window), 2);
  g_assert_true (gtk_widget_grab_focus (text_view));
  press ("ctrl+i");
  g_assert_false (pw_instructions_pane_get_revealed (pane));
  g_assert_true (has_focus (canvas));

  /* The second task of the project: they stay closed, and are there for
   * the asking. */
  gtk_widget_activate_action (GTK_WIDGET (area), "work.step", "i", 1);
  WAIT_UNTIL (task_shown (area, ids[1]));
  g_assert_false (pw_instructions_pane_get_revealed (pane));
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (toggle)));
  gtk_widget_activate_action (GTK_WIDGET (area), "work.step", "i", -1);
  WAIT_UNTIL (task_shown (area, ids[0]));
  g_assert_false (pw_instructions_pane_get_revealed (pane));

  gtk_window_destroy (GTK_WINDOW (window));
  pw_ui_test_wait_finalized (&weak_window);

  /* Nor do they open by themselves in the next window. */
  window = show_window (&weak_window);
  area = pw_window_get_work_area (window);
  pane = pw_work_area_get_instructions_pane (area);
  gtk_widget_activate_action (GTK_WIDGET (area), "work.open-tasks", NULL);
  WAIT_UNTIL (task_shown (area, ids[0]));
  g_assert_false (pw_instructions_pane_get_revealed (pane));
  g_assert_true (pw_instructions_pane_get_available (pane));

  gtk_window_destroy (GTK_WINDOW (window));
  pw_ui_test_wait_finalized (&weak_window);
  pw_demo_test_free (demo);
}

/* Keeps @project_id as if its marketplace listed it without instructions. */
static void
list_without_instructions (const char *project_id,
                           const char *name)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) projects = g_ptr_array_new_with_free_func ((GDestroyNotify) pw_project_unref);
  g_autofree char *json = g_strdup_printf ("{\"id\": \"%s\", \"name\": \"%s\", \"kind\": \"image\", "
                                           "\"pay\": {\"amount\": \"0.12\", \"currency\": \"USD\", "
                                           "\"per\": \"task\"}, "
                                           "\"labels\": [{\"name\": \"building\"}], "
                                           "\"tools\": [\"bbox\"]}", project_id, name);
  g_autoptr (JsonNode) node = json_from_string (json, &error);
  PwProject *project;

  g_assert_no_error (error);
  project = pw_project_new_from_json (node, "project", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pw_project_get_instructions (project), ==, "");
  g_ptr_array_add (projects, project);
  pw_store_save_projects (pw_application_get_store (app), PW_DEMO_ACCOUNT_ID, projects);
  g_assert_true (pw_store_flush (pw_application_get_store (app), &error));
  g_assert_no_error (error);
}

static void
test_instructions_none (void)
{
  g_auto (GStrv) ids = NULL;
  PwDemoTest *demo = pw_demo_test_new (22);
  PwWindow *window;
  PwWorkArea *area;
  PwInstructionsPane *pane;
  GtkToggleButton *toggle;
  gpointer weak_window;
  g_autofree char *text = NULL;

  WAIT_UNTIL (pw_application_get_store_ready (app));
  pw_account_manager_set_demo (pw_application_get_account_manager (app), demo->base_url,
                               PW_DEMO_MARKET_TOKEN);
  ids = claim_tasks ("p-street-outlines", 1);
  list_without_instructions ("p-street-outlines", "Outlines, no instructions");

  window = show_window (&weak_window);
  area = pw_window_get_work_area (window);
  pane = pw_work_area_get_instructions_pane (area);
  toggle = template_child (window, PW_TYPE_WINDOW, "instructions_button");

  pw_work_area_open_task (area, PW_DEMO_ACCOUNT_ID, ids[0]);
  WAIT_UNTIL (task_shown (area, ids[0]));
  g_assert_false (pw_instructions_pane_get_available (pane));
  g_assert_false (pw_instructions_pane_get_revealed (pane));
  g_assert_false (seen (PW_DEMO_ACCOUNT_ID, "p-street-outlines"));
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (toggle)));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (GTK_WIDGET (toggle)), ==,
                   "This project gave no instructions");
  press ("ctrl+i");
  g_assert_false (pw_instructions_pane_get_revealed (pane));
  g_assert_true (has_focus (pw_work_area_get_canvas (area)));

  /* The toggle is the work's: other places do without it. */
  pw_window_set_place (window, "earnings");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (toggle)));
  pw_window_set_place (window, "work");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (toggle)));

  /* What a marketplace sends is shown as it is, never read as markup. */
  pw_instructions_pane_set_project (pane, "<i>A</i> & B", "Use <b>tight</b> boxes & no &amp;");
  g_assert_true (pw_instructions_pane_get_available (pane));
  text = pw_instructions_pane_dup_text (pane);
  g_assert_cmpstr (text, ==, "Use <b>tight</b> boxes & no &amp;");
  g_assert_cmpstr (gtk_label_get_text (template_child (pane, PW_TYPE_INSTRUCTIONS_PANE,
                                                       "title_label")), ==, "<i>A</i> & B");
  pw_instructions_pane_set_project (pane, "Blank", " \n\t ");
  g_assert_false (pw_instructions_pane_get_available (pane));

  gtk_window_destroy (GTK_WINDOW (window));
  pw_ui_test_wait_finalized (&weak_window);
  pw_demo_test_free (demo);
}

/* The shortcuts window names the key. */
static void
test_instructions_shortcuts_window (void)
{
  g_autoptr (GtkBuilder) builder = gtk_builder_new_from_resource (PW_RESOURCE_BASE
                                                                  "/help-overlay.ui");
  g_autoptr (GSList) objects = gtk_builder_get_objects (builder);
  gboolean found = FALSE;

  for (GSList *l = objects; l != NULL; l = l->next)
    {
      g_autofree char *accelerator = NULL;
      g_autofree char *title = NULL;

      if (!GTK_IS_SHORTCUTS_SHORTCUT (l->data))
        continue;
      g_object_get (l->data, "accelerator", &accelerator, "title", &title, NULL);
      found |= g_strcmp0 (accelerator, "<Control>i") == 0 && strstr (title, "instructions") != NULL;
    }
  g_assert_true (found);
  gtk_window_destroy (GTK_WINDOW (gtk_builder_get_object (builder, "help_overlay")));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  app = pw_ui_test_init (&argc, &argv);

  g_test_add_func ("/instructions/first-task", test_instructions_first_task);
  g_test_add_func ("/instructions/none", test_instructions_none);
  g_test_add_func ("/instructions/shortcuts-window", test_instructions_shortcuts_window);

  status = g_test_run ();
  g_object_unref (app);
  return status;
}
