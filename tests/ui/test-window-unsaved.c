/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include "pw-ui-test.h"
#include "pw-window-private.h"
#include "store/pw-quota-vfs.h"

/* The window when the disk refuses the worker's work: a banner says so at
 * once, with the folder to free space on and how much waits, and quitting
 * is refused with a dialog until the work is saved or the worker says to
 * lose it. The disk is a SQLite VFS with a quota. */

static PwApplication *app;

#define WAIT_UNTIL(condition) PW_UI_TEST_WAIT_UNTIL (condition, 20)

static PwStore *
get_store (void)
{
  WAIT_UNTIL (pw_application_get_store_ready (app));
  g_assert_nonnull (pw_application_get_store (app));

  return pw_application_get_store (app);
}

/* The disk fills up and an edit is refused. */
static void
fill_disk_and_edit (PwStore    *store,
                    const char *key)
{
  g_autofree char *big = g_strnfill (64 * 1024, 'x');

  pw_quota_vfs_set_quota (pw_quota_vfs_get_used ());
  pw_store_append_command (store, key, 0, big);
  WAIT_UNTIL (pw_store_get_n_unwritten (store) == 1);
}

static PwWindow *
show_window (gpointer *weak_window)
{
  PwWindow *window = pw_window_new (app);

  *weak_window = window;
  g_object_add_weak_pointer (G_OBJECT (window), weak_window);
  gtk_window_present (GTK_WINDOW (window));
  pw_ui_test_wait_for_frames (GTK_WIDGET (window), 3);

  return window;
}

/* The dialog that refuses to quit, shown on @window. */
static AdwMessageDialog *
wait_for_quit_dialog (PwWindow *window)
{
  WAIT_UNTIL (window->quit_dialog != NULL);
  pw_ui_test_wait_for_frames (GTK_WIDGET (window->quit_dialog), 2);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window->quit_dialog)));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (window->quit_dialog)) ==
                 GTK_WINDOW (window));

  return window->quit_dialog;
}

static void
test_banner_and_refused_quit (void)
{
  PwStore *store = get_store ();
  g_autofree char *folder = g_path_get_dirname (pw_store_get_path (store));
  gpointer weak_window = NULL;
  PwWindow *window = show_window (&weak_window);
  AdwMessageDialog *dialog;
  const char *text;

  g_assert_false (gtk_revealer_get_reveal_child (window->unsaved_banner));
  g_assert_true (pw_application_get_may_quit (app));

  /* The banner shows at once, with what to free and how much waits. */
  fill_disk_and_edit (store, "task:banner");
  WAIT_UNTIL (gtk_revealer_get_child_revealed (window->unsaved_banner));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (window->unsaved_label)));
  text = gtk_label_get_text (window->unsaved_label);
  g_assert_nonnull (strstr (text, "cannot save to disk"));
  g_assert_nonnull (strstr (text, "free space"));
  g_assert_nonnull (strstr (text, folder));
  g_assert_nonnull (strstr (text, "1 change is waiting to be saved"));
  g_assert_false (pw_application_get_may_quit (app));

  /* Ctrl+Q is refused with a dialog that explains; so is closing the
   * window. The window stays. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
  dialog = wait_for_quit_dialog (window);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), folder));
  g_assert_cmpstr (adw_message_dialog_get_response_label (dialog, "quit"), ==,
                   "_Quit and Lose 1 Change");
  g_assert_true (adw_message_dialog_has_response (dialog, "save"));
  adw_message_dialog_response (dialog, "cancel");
  g_assert_null (window->quit_dialog);
  pw_ui_test_wait_for_frames (GTK_WIDGET (window), 2);
  g_assert_nonnull (weak_window);

  gtk_window_close (GTK_WINDOW (window));
  dialog = wait_for_quit_dialog (window);
  g_assert_nonnull (weak_window);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window)));

  /* Trying again while the disk is still full asks again. */
  adw_message_dialog_response (dialog, "retry");
  dialog = wait_for_quit_dialog (window);
  adw_message_dialog_response (dialog, "cancel");
  g_assert_cmpuint (pw_store_get_n_unwritten (store), ==, 1);

  /* Space is freed and the banner's Try Again saves it: the banner goes,
   * and the window closes as always. */
  pw_quota_vfs_set_quota (PW_QUOTA_VFS_UNLIMITED);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.retry-saving", NULL));
  WAIT_UNTIL (pw_store_get_n_unwritten (store) == 0);
  WAIT_UNTIL (!gtk_revealer_get_child_revealed (window->unsaved_banner));
  g_assert_true (pw_application_get_may_quit (app));

  gtk_window_close (GTK_WINDOW (window));
  pw_ui_test_wait_finalized (&weak_window);
}

static void
test_quit_and_lose (void)
{
  PwStore *store = get_store ();
  gpointer weak_window = NULL;
  PwWindow *window = show_window (&weak_window);
  AdwMessageDialog *dialog;

  fill_disk_and_edit (store, "task:lose");
  WAIT_UNTIL (gtk_revealer_get_child_revealed (window->unsaved_banner));

  /* Only the worker's explicit word lets the app quit with work
   * waiting. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
  dialog = wait_for_quit_dialog (window);
  g_assert_nonnull (weak_window);
  adw_message_dialog_response (dialog, "quit");
  pw_ui_test_wait_finalized (&weak_window);
  g_assert_true (pw_application_get_may_quit (app));

  /* The application goes away at the end: let the disk take the work
   * then, so the test's store closes cleanly. */
  pw_quota_vfs_set_quota (PW_QUOTA_VFS_UNLIMITED);
  pw_store_retry (store);
  WAIT_UNTIL (pw_store_get_n_unwritten (store) == 0);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  /* Before the application opens its store. */
  pw_quota_vfs_install ();
  app = pw_ui_test_init (&argc, &argv);

  g_test_add_func ("/window-unsaved/banner-and-refused-quit", test_banner_and_refused_quit);
  g_test_add_func ("/window-unsaved/quit-and-lose", test_quit_and_lose);

  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
