/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gstdio.h>
#include <gst/gst.h>

#include "pw-earnings-view.h"
#include "pw-preferences-window.h"
#include "pw-ui-test.h"
#include "pw-window.h"

/* Tests of the main window: its places, the state it remembers across runs,
 * and its shortcuts. */

static PwApplication *app;

static PwPreferencesWindow *
find_preferences_window (void)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l; l = l->next)
    {
      if (PW_IS_PREFERENCES_WINDOW (l->data))
        return l->data;
    }
  return NULL;
}

static gboolean
process_maps_library (const char *name)
{
  g_autofree char *maps = NULL;

  g_assert_true (g_file_get_contents ("/proc/self/maps", &maps, NULL, NULL));
  return strstr (maps, name) != NULL;
}

/* The application's own symbolic icons are pre-rendered PNGs in its
 * resources, found at every size it shows them, so that drawing every
 * place never maps the SVG loader's library (several megabytes) into the
 * process. Runs first, before anything else has drawn an icon. */
static void
test_window_icons (void)
{
  static const char *icons[] = {
    "pw-piecework-symbolic", "pw-earnings-symbolic", "pw-select-symbolic",
    "pw-box-symbolic", "pw-polygon-symbolic",
  };
  static const int sizes[] = { 16, 24, 32, 128 };
  static const char *places[] = { "earnings", "tasks", "work" };
  GtkIconTheme *theme = gtk_icon_theme_get_for_display (gdk_display_get_default ());
  PwWindow *window = pw_window_new (app);
  gpointer weak_window = window;

  for (guint i = 0; i < G_N_ELEMENTS (icons); i++)
    for (guint j = 0; j < G_N_ELEMENTS (sizes); j++)
      for (int scale = 1; scale <= 2; scale++)
        {
          g_autoptr (GtkIconPaintable) icon = gtk_icon_theme_lookup_icon (theme, icons[i], NULL, sizes[j],
                                                                          scale, GTK_TEXT_DIR_NONE, 0);
          g_autoptr (GFile) file = gtk_icon_paintable_get_file (icon);
          g_autofree char *uri = file != NULL ? g_file_get_uri (file) : NULL;
          g_autofree char *expected = g_strdup_printf ("resource:///org/piecework/Piecework/icons/%dx%d/actions/%s.symbolic.png",
                                                       sizes[j] * scale, sizes[j] * scale, icons[i]);

          g_assert_cmpstr (uri, ==, expected);
        }

  g_object_add_weak_pointer (G_OBJECT (window), &weak_window);
  gtk_window_present (GTK_WINDOW (window));
  pw_ui_test_wait_for_frames (GTK_WIDGET (window), 3);
  for (guint i = 0; i < G_N_ELEMENTS (places); i++)
    {
      pw_window_set_place (window, places[i]);
      pw_ui_test_wait_for_frames (GTK_WIDGET (window), 3);
    }
  g_assert_false (process_maps_library ("librsvg"));

  gtk_window_close (GTK_WINDOW (window));
  pw_ui_test_wait_finalized (&weak_window);
}

static gboolean
holds_widget_of_type (GtkWidget *widget,
                      GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (holds_widget_of_type (child, type))
        return TRUE;
    }
  return FALSE;
}

/* A window opened on the Work place does not build the Earnings place
 * until it is first shown. */
static void
test_window_earnings_built_when_shown (void)
{
  PwWindow *window = pw_window_new (app);
  gpointer weak_window = window;

  g_object_add_weak_pointer (G_OBJECT (window), &weak_window);
  gtk_window_present (GTK_WINDOW (window));
  pw_ui_test_wait_for_frames (GTK_WIDGET (window), 3);
  g_assert_cmpstr (pw_window_get_place (window), ==, "work");
  g_assert_false (holds_widget_of_type (GTK_WIDGET (window), PW_TYPE_EARNINGS_VIEW));

  pw_window_set_place (window, "earnings");
  pw_ui_test_wait_for_frames (GTK_WIDGET (window), 2);
  g_assert_true (holds_widget_of_type (GTK_WIDGET (window), PW_TYPE_EARNINGS_VIEW));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (window)));

  /* Shown again, it is the same place, not a second one. */
  pw_window_set_place (window, "work");
  pw_window_set_place (window, "earnings");
  pw_ui_test_wait_for_frames (GTK_WIDGET (window), 2);

  gtk_window_close (GTK_WINDOW (window));
  pw_ui_test_wait_finalized (&weak_window);
}

/* A window remembered on the Earnings place builds it as it opens. */
static void
test_window_earnings_remembered (void)
{
  g_autoptr (GSettings) settings = g_settings_new (PW_APP_ID);
  PwWindow *window;
  gpointer weak_window;

  g_settings_set_string (settings, "place", "earnings");
  window = pw_window_new (app);
  weak_window = window;
  g_object_add_weak_pointer (G_OBJECT (window), &weak_window);
  g_assert_cmpstr (pw_window_get_place (window), ==, "earnings");
  g_assert_true (holds_widget_of_type (GTK_WIDGET (window), PW_TYPE_EARNINGS_VIEW));
  gtk_window_destroy (GTK_WINDOW (window));
  pw_ui_test_wait_finalized (&weak_window);
  g_settings_reset (settings, "place");
}

/* The first image of a folder shows at once: the work area's pages switch
 * without a cross-fade, which would draw both pages into window-sized
 * textures for a fifth of a second before the image. */
static void
test_window_first_image_at_once (void)
{
  g_autofree char *dir = g_dir_make_tmp ("pw-window-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "first.png", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 64, 48);
  PwWindow *window = pw_window_new (app);
  gpointer weak_window = window;
  PwWorkArea *area = pw_window_get_work_area (window);
  GtkStack *stack = GTK_STACK (gtk_widget_get_template_child (GTK_WIDGET (area), PW_TYPE_WORK_AREA,
                                                              "stack"));

  g_assert_nonnull (dir);
  g_assert_cmpint (cairo_surface_write_to_png (surface, path), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);

  g_object_add_weak_pointer (G_OBJECT (window), &weak_window);
  gtk_window_present (GTK_WINDOW (window));
  pw_ui_test_wait_for_frames (GTK_WIDGET (window), 2);
  /* Animations are on, as on a desktop: with them off the stack would
   * never cross-fade and the check below would prove nothing. */
  g_assert_true (adw_get_enable_animations (GTK_WIDGET (window)));
  pw_window_open_files (window, &file, 1);
  PW_UI_TEST_WAIT_UNTIL (g_strcmp0 (gtk_stack_get_visible_child_name (stack), "work") == 0, 20);
  g_assert_false (gtk_stack_get_transition_running (stack));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "first.png — Piecework");
  PW_UI_TEST_WAIT_UNTIL (pw_image_canvas_get_image (pw_work_area_get_canvas (area)) != NULL, 20);
  pw_ui_test_wait_for_frames (GTK_WIDGET (window), 2);
  /* An image needs nothing of the audio panel's: GStreamer, which reads
   * its registry of plugins as it starts, is not started. */
  g_assert_false (gst_is_initialized ());

  gtk_window_close (GTK_WINDOW (window));
  pw_ui_test_wait_finalized (&weak_window);
  g_assert_cmpint (g_remove (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static void
test_window_places (void)
{
  static const char *places[] = { "earnings", "tasks", "work" };
  PwWindow *window = pw_window_new (app);
  PwPreferencesWindow *preferences;
  gpointer weak_window = window;
  gpointer weak_preferences;

  g_object_add_weak_pointer (G_OBJECT (window), &weak_window);
  gtk_window_present (GTK_WINDOW (window));
  pw_ui_test_wait_for_frames (GTK_WIDGET (window), 3);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (window)));
  g_assert_cmpstr (pw_window_get_place (window), ==, "work");

  for (guint i = 0; i < G_N_ELEMENTS (places); i++)
    {
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-place",
                                                 "s", places[i]));
      pw_ui_test_wait_for_frames (GTK_WIDGET (window), 2);
      g_assert_cmpstr (pw_window_get_place (window), ==, places[i]);
    }

  /* Preferences, the third place, is a window of its own. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  preferences = find_preferences_window ();
  g_assert_nonnull (preferences);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (preferences)) == GTK_WINDOW (window));
  weak_preferences = preferences;
  g_object_add_weak_pointer (G_OBJECT (preferences), &weak_preferences);
  pw_ui_test_wait_for_frames (GTK_WIDGET (preferences), 3);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (preferences)));
  gtk_window_close (GTK_WINDOW (preferences));
  pw_ui_test_wait_finalized (&weak_preferences);

  gtk_window_close (GTK_WINDOW (window));
  pw_ui_test_wait_finalized (&weak_window);
}

static void
test_window_remembers_state (void)
{
  g_autoptr (GSettings) settings = g_settings_new (PW_APP_ID);
  PwWindow *window = pw_window_new (app);
  gpointer weak_window = window;
  int width, height;

  g_object_add_weak_pointer (G_OBJECT (window), &weak_window);
  gtk_window_set_default_size (GTK_WINDOW (window), 900, 640);
  gtk_window_present (GTK_WINDOW (window));
  pw_ui_test_wait_for_frames (GTK_WIDGET (window), 2);
  pw_window_set_place (window, "earnings");
  gtk_window_close (GTK_WINDOW (window));
  pw_ui_test_wait_finalized (&weak_window);

  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 900);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 640);
  g_assert_false (g_settings_get_boolean (settings, "window-maximized"));

  /* The next window opens as the last one closed. */
  window = pw_window_new (app);
  weak_window = window;
  g_object_add_weak_pointer (G_OBJECT (window), &weak_window);
  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_assert_cmpint (width, ==, 900);
  g_assert_cmpint (height, ==, 640);
  g_assert_cmpstr (pw_window_get_place (window), ==, "earnings");
  /* Never shown: a window that was not realized is destroyed, not closed. */
  gtk_window_destroy (GTK_WINDOW (window));
  pw_ui_test_wait_finalized (&weak_window);

  g_settings_reset (settings, "window-width");
  g_settings_reset (settings, "window-height");
  g_settings_reset (settings, "place");
}

/* The first window fits a 1366×768 laptop screen under GNOME Shell's top
 * bar (32 pixels), the smallest screen most workers have, and is that big
 * on the screen: nothing in it asks for more. */
static void
test_window_first_size_fits (void)
{
  g_autoptr (GSettings) settings = g_settings_new (PW_APP_ID);
  PwWindow *window;
  gpointer weak_window;
  int width, height;

  g_settings_reset (settings, "window-width");
  g_settings_reset (settings, "window-height");
  g_settings_reset (settings, "window-maximized");
  window = pw_window_new (app);
  weak_window = window;
  g_object_add_weak_pointer (G_OBJECT (window), &weak_window);
  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_assert_cmpint (width, <=, 1366);
  g_assert_cmpint (height, <=, 768 - 32);

  gtk_window_present (GTK_WINDOW (window));
  pw_ui_test_wait_for_frames (GTK_WIDGET (window), 2);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), <=, width);
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (window)), <=, height);

  gtk_window_destroy (GTK_WINDOW (window));
  pw_ui_test_wait_finalized (&weak_window);
  g_settings_reset (settings, "window-width");
  g_settings_reset (settings, "window-height");
  g_settings_reset (settings, "place");
}

static void
test_window_shortcuts (void)
{
  PwWindow *window = pw_window_new (app);
  gpointer weak_window = window;
  GtkShortcutsWindow *overlay;
  GLogLevelFlags fatal;
  g_auto (GStrv) accels = NULL;

  g_object_add_weak_pointer (G_OBJECT (window), &weak_window);

  /* The shortcuts window is built when it is asked for, not with every
   * window, and then kept. */
  g_assert_null (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window)));
  gtk_window_present (GTK_WINDOW (window));
  pw_ui_test_wait_for_frames (GTK_WIDGET (window), 2);
  g_assert_null (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window)));
  accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "win.show-help-overlay");
  g_assert_cmpstr (accels[0], ==, "<Control>question");
  g_clear_pointer (&accels, g_strfreev);
  /* GTK 4.8's shortcuts window, under libadwaita's style for stack
   * switchers, measures a page button's label below zero and warns:
   * not fatal here, where the window is shown on purpose. */
  fatal = g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL));
  overlay = gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window));
  g_assert_nonnull (overlay);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (overlay)));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (overlay)) == GTK_WINDOW (window));
  gtk_widget_set_visible (GTK_WIDGET (overlay), FALSE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL));
  g_assert_true (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window)) == overlay);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (overlay)));

  accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "app.preferences");
  g_assert_cmpstr (accels[0], ==, "<Control>comma");
  g_clear_pointer (&accels, g_strfreev);
  accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "app.quit");
  g_assert_cmpstr (accels[0], ==, "<Control>q");

  gtk_window_destroy (GTK_WINDOW (window));
  pw_ui_test_wait_finalized (&weak_window);
  g_log_set_always_fatal (fatal);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  app = pw_ui_test_init (&argc, &argv);

  g_test_add_func ("/window/icons", test_window_icons);
  g_test_add_func ("/window/places", test_window_places);
  g_test_add_func ("/window/earnings-built-when-shown", test_window_earnings_built_when_shown);
  g_test_add_func ("/window/earnings-remembered", test_window_earnings_remembered);
  g_test_add_func ("/window/first-image-at-once", test_window_first_image_at_once);
  g_test_add_func ("/window/remembers-state", test_window_remembers_state);
  g_test_add_func ("/window/first-size-fits", test_window_first_size_fits);
  g_test_add_func ("/window/shortcuts", test_window_shortcuts);

  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
