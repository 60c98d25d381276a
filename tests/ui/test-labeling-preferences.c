/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <string.h>

#include "pw-preferences-window.h"
#include "pw-shortcut-row.h"
#include "pw-ui-test.h"

/* The Labeling page of Preferences under Xvfb: its rows change the
 * settings and follow them, and the play key's row takes the next key
 * pressed, with real keys from xdotool. */

static PwApplication *app;

#define WAIT_UNTIL(condition) PW_UI_TEST_WAIT_UNTIL (condition, 30)

typedef struct
{
  PwPreferencesWindow *window;
  gpointer             weak_window;
  GSettings           *settings;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->settings = g_settings_new (PW_APP_ID);
  fixture->window = pw_preferences_window_new (NULL, NULL, NULL);
  /* Piecework's own shortcuts apply in its windows. */
  gtk_window_set_application (GTK_WINDOW (fixture->window), GTK_APPLICATION (app));
  fixture->weak_window = fixture->window;
  g_object_add_weak_pointer (G_OBJECT (fixture->window), &fixture->weak_window);
  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (fixture->window),
                                                "labeling");
  gtk_window_present (GTK_WINDOW (fixture->window));
  pw_ui_test_wait_for_frames (GTK_WIDGET (fixture->window), 3);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  if (fixture->weak_window != NULL)
    gtk_window_destroy (GTK_WINDOW (fixture->window));
  pw_ui_test_wait_finalized (&fixture->weak_window);
  g_settings_reset (fixture->settings, "auto-advance");
  g_settings_reset (fixture->settings, "audio-rewind");
  g_settings_reset (fixture->settings, "audio-play-key");
  g_clear_object (&fixture->settings);
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

/* Activates the row as the keyboard does: its button takes the next key. */
static void
listen (PwShortcutRow *row)
{
  adw_action_row_activate (ADW_ACTION_ROW (row));
  WAIT_UNTIL (pw_shortcut_row_get_capturing (row));
}

static void
test_labeling_rows (Fixture       *fixture,
                    gconstpointer  data)
{
  GtkSwitch *auto_advance = template_child (fixture->window, PW_TYPE_PREFERENCES_WINDOW,
                                            "auto_advance_switch");
  GtkSpinButton *rewind = template_child (fixture->window, PW_TYPE_PREFERENCES_WINDOW,
                                          "rewind_spin");

  g_assert_cmpstr (adw_preferences_window_get_visible_page_name (ADW_PREFERENCES_WINDOW (fixture->window)),
                   ==, "labeling");
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (auto_advance)));

  /* Off by default; the switch turns it on, and follows the setting. */
  g_assert_false (g_settings_get_boolean (fixture->settings, "auto-advance"));
  g_assert_false (gtk_switch_get_active (auto_advance));
  gtk_widget_activate (GTK_WIDGET (auto_advance));
  WAIT_UNTIL (g_settings_get_boolean (fixture->settings, "auto-advance"));
  g_settings_set_boolean (fixture->settings, "auto-advance", FALSE);
  g_assert_false (gtk_switch_get_active (auto_advance));

  /* A second and a half by default, in steps of half a second, 0 to 5. */
  g_assert_cmpfloat (g_settings_get_double (fixture->settings, "audio-rewind"), ==, 1.5);
  g_assert_cmpfloat (gtk_spin_button_get_value (rewind), ==, 1.5);
  gtk_spin_button_spin (rewind, GTK_SPIN_STEP_FORWARD, 0);
  g_assert_cmpfloat (g_settings_get_double (fixture->settings, "audio-rewind"), ==, 2.0);
  gtk_spin_button_set_value (rewind, 9.0);
  g_assert_cmpfloat (g_settings_get_double (fixture->settings, "audio-rewind"), ==, 5.0);
  gtk_spin_button_set_value (rewind, 0.0);
  g_assert_cmpfloat (g_settings_get_double (fixture->settings, "audio-rewind"), ==, 0.0);
  g_settings_set_double (fixture->settings, "audio-rewind", 3.5);
  g_assert_cmpfloat (gtk_spin_button_get_value (rewind), ==, 3.5);
}

static void
test_labeling_play_key (Fixture       *fixture,
                        gconstpointer  data)
{
  PwShortcutRow *row = template_child (fixture->window, PW_TYPE_PREFERENCES_WINDOW,
                                       "play_key_row");
  GtkWidget *rewind = template_child (fixture->window, PW_TYPE_PREFERENCES_WINDOW, "rewind_spin");
  g_autofree char *subtitle = g_strdup (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)));

  g_assert_cmpstr (subtitle, ==, "A key of your choice, besides Ctrl+Space");
  g_assert_cmpstr (pw_shortcut_row_get_accelerator (row), ==, "");
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (row)));

  /* Activated, the row waits for a key and says how to leave. */
  listen (row);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==,
                   "Press a key, Escape to cancel or Backspace for none");
  press ("F8");
  g_assert_false (pw_shortcut_row_get_capturing (row));
  g_assert_cmpstr (pw_shortcut_row_get_accelerator (row), ==, "F8");
  {
    g_autofree char *key = g_settings_get_string (fixture->settings, "audio-play-key");

    g_assert_cmpstr (key, ==, "F8");
  }
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==, subtitle);

  /* A key that types is refused, and so is one Piecework uses: Ctrl+Q
   * reaches neither quitting nor the window. The row keeps waiting. */
  listen (row);
  press ("a");
  g_assert_true (pw_shortcut_row_get_capturing (row));
  g_assert_true (g_str_has_prefix (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)),
                                   "A types text"));
  press ("ctrl+q");
  g_assert_true (pw_shortcut_row_get_capturing (row));
  g_assert_nonnull (fixture->weak_window);
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)),
                            "already a shortcut"));
  press ("ctrl+space");
  g_assert_true (pw_shortcut_row_get_capturing (row));

  /* Modifiers alone wait for the key they hold. */
  press ("ctrl+alt+p");
  g_assert_false (pw_shortcut_row_get_capturing (row));
  g_assert_cmpstr (pw_shortcut_row_get_accelerator (row), ==, "<Control><Alt>p");

  /* Escape cancels, and leaves the window open. */
  listen (row);
  press ("Escape");
  g_assert_false (pw_shortcut_row_get_capturing (row));
  g_assert_nonnull (fixture->weak_window);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (fixture->window)));
  g_assert_cmpstr (pw_shortcut_row_get_accelerator (row), ==, "<Control><Alt>p");
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==, subtitle);

  /* Focus elsewhere cancels too. */
  listen (row);
  g_assert_true (gtk_widget_grab_focus (rewind));
  g_assert_false (pw_shortcut_row_get_capturing (row));

  /* Backspace sets none. */
  listen (row);
  press ("BackSpace");
  g_assert_false (pw_shortcut_row_get_capturing (row));
  g_assert_cmpstr (pw_shortcut_row_get_accelerator (row), ==, "");
  {
    g_autofree char *key = g_settings_get_string (fixture->settings, "audio-play-key");

    g_assert_cmpstr (key, ==, "");
  }

  /* The row follows the setting. */
  g_settings_set_string (fixture->settings, "audio-play-key", "F9");
  g_assert_cmpstr (pw_shortcut_row_get_accelerator (row), ==, "F9");

  /* Escape with nothing awaited still closes the window. */
  press ("Escape");
  pw_ui_test_wait_finalized (&fixture->weak_window);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  app = pw_ui_test_init (&argc, &argv);

  g_test_add ("/labeling-preferences/rows", Fixture, NULL, fixture_set_up, test_labeling_rows,
              fixture_tear_down);
  g_test_add ("/labeling-preferences/play-key", Fixture, NULL, fixture_set_up,
              test_labeling_play_key, fixture_tear_down);

  status = g_test_run ();
  g_object_unref (app);
  return status;
}
