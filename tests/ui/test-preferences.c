/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "demo/pw-demo-market-test.h"
#include "pw-account-editor.h"
#include "pw-account-row.h"
#include "pw-preferences-window.h"
#include "pw-ui-test.h"

/* The Accounts page of Preferences against a demo marketplace on a thread
 * of its own, with a real store and account manager. The tests' private
 * bus has no keyring, so tokens are kept in memory and the page says so. */

#define WAIT_LIMIT_US (20 * G_USEC_PER_SEC)

#define WAIT_UNTIL(condition)                                                 \
  G_STMT_START                                                                \
  {                                                                           \
    gint64 deadline_ = g_get_monotonic_time () + WAIT_LIMIT_US;               \
    while (!(condition))                                                      \
      {                                                                       \
        if (!g_main_context_iteration (NULL, FALSE))                          \
          g_usleep (1000);                                                    \
        if (g_get_monotonic_time () > deadline_)                              \
          g_error ("Timed out waiting for %s", #condition);                   \
      }                                                                       \
  }                                                                           \
  G_STMT_END

static PwApplication *app;
static PwDemoTest *demo;

typedef struct
{
  PwDemoTest          *demo;   /* shared by every test */
  char                *store_path;
  PwStore             *store;
  PwTokenKeeper       *keeper;
  PwAccountManager    *manager;
  PwPreferencesWindow *window;
  gpointer             weak_window;
} Fixture;

static void
keep_result (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  static guint n_stores;
  g_autoptr (GError) error = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  g_autofree char *name = g_strdup_printf ("preferences-%u.db", n_stores++);

  fixture->demo = demo;
  fixture->store_path = g_build_filename (g_get_user_data_dir (), name, NULL);
  fixture->store = pw_store_new_for_path (fixture->store_path, &error);
  g_assert_no_error (error);
  fixture->keeper = pw_token_keeper_new ();
  fixture->manager = pw_account_manager_new (fixture->store, fixture->keeper);
  pw_account_manager_load_async (fixture->manager, NULL, keep_result, &result);
  WAIT_UNTIL (result != NULL);
  g_assert_true (pw_account_manager_load_finish (fixture->manager, result, &error));
  g_assert_no_error (error);
  pw_account_manager_set_demo (fixture->manager, fixture->demo->base_url, PW_DEMO_MARKET_TOKEN);

  fixture->window = pw_preferences_window_new (NULL, fixture->manager, fixture->store);
  fixture->weak_window = fixture->window;
  g_object_add_weak_pointer (G_OBJECT (fixture->window), &fixture->weak_window);
  gtk_window_present (GTK_WINDOW (fixture->window));
  pw_ui_test_wait_for_frames (GTK_WIDGET (fixture->window), 3);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *wal = g_strconcat (fixture->store_path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (fixture->store_path, "-shm", NULL);

  gtk_window_close (GTK_WINDOW (fixture->window));
  pw_ui_test_wait_finalized (&fixture->weak_window);

  g_object_add_weak_pointer (G_OBJECT (fixture->manager), (gpointer *) &fixture->manager);
  g_object_unref (fixture->manager);
  g_assert_null (fixture->manager);
  g_object_add_weak_pointer (G_OBJECT (fixture->keeper), (gpointer *) &fixture->keeper);
  g_object_unref (fixture->keeper);
  g_assert_null (fixture->keeper);
  g_object_add_weak_pointer (G_OBJECT (fixture->store), (gpointer *) &fixture->store);
  g_object_unref (fixture->store);
  g_assert_null (fixture->store);

  g_unlink (fixture->store_path);
  g_unlink (wal);
  g_unlink (shm);
  g_free (fixture->store_path);
}

/* Helpers */

static gpointer
template_child (gpointer    widget,
                GType       type,
                const char *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (widget), type, name);

  g_assert_nonnull (child);
  return child;
}

static gpointer
find_toplevel (GType type)
{
  g_autoptr (GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    {
      if (G_TYPE_CHECK_INSTANCE_TYPE (l->data, type) && gtk_widget_get_visible (l->data))
        return l->data;
    }
  return NULL;
}

static guint
count_rows (Fixture *fixture)
{
  GtkWidget *list = template_child (fixture->window, PW_TYPE_PREFERENCES_WINDOW, "accounts_list");
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (list); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (PW_IS_ACCOUNT_ROW (child))
        n++;
    }
  return n;
}

static PwAccountRow *
find_row (Fixture    *fixture,
          const char *name)
{
  GtkWidget *list = template_child (fixture->window, PW_TYPE_PREFERENCES_WINDOW, "accounts_list");

  for (GtkWidget *child = gtk_widget_get_first_child (list); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (PW_IS_ACCOUNT_ROW (child)
          && g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (child)), name) == 0)
        return PW_ACCOUNT_ROW (child);
    }
  return NULL;
}

static char *
stored_account_name (Fixture    *fixture,
                     const char *account_id)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) accounts = pw_store_list_accounts (fixture->store, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < accounts->len; i++)
    {
      PwStoreAccount *account = accounts->pdata[i];

      if (g_str_equal (account->id, account_id))
        return g_strdup (account->name);
    }
  return NULL;
}

static gboolean
has_binding (GtkWidget       *widget,
             guint            keyval,
             GdkModifierType  modifiers,
             const char      *action_name)
{
  g_autoptr (GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr (GObject) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr (GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
          GtkShortcutTrigger *trigger = gtk_shortcut_get_trigger (shortcut);
          GtkShortcutAction *action = gtk_shortcut_get_action (shortcut);

          if (GTK_IS_KEYVAL_TRIGGER (trigger)
              && gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger)) == keyval
              && gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger)) == modifiers
              && GTK_IS_NAMED_ACTION (action)
              && g_str_equal (gtk_named_action_get_action_name (GTK_NAMED_ACTION (action)),
                              action_name))
            return TRUE;
        }
    }
  return FALSE;
}

static GtkWidget *
find_button (GtkWidget  *widget,
             const char *label)
{
  if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0)
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button (child, label);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Presses Return in @row: its text activates the window's default widget. */
static void
press_return_in (GtkWidget *row)
{
  GtkEditable *text = gtk_editable_get_delegate (GTK_EDITABLE (row));

  g_assert_true (GTK_IS_TEXT (text));
  g_signal_emit_by_name (text, "activate");
}

static PwAccountEditor *
open_add_editor (Fixture *fixture)
{
  GtkWidget *add_button = template_child (fixture->window, PW_TYPE_PREFERENCES_WINDOW,
                                          "add_button");
  PwAccountEditor *editor;

  g_assert_null (find_toplevel (PW_TYPE_ACCOUNT_EDITOR));
  g_assert_true (gtk_widget_get_sensitive (add_button));
  /* A button's activation, as by the keyboard, clicks once it has shown
   * itself pressed. */
  gtk_widget_activate (add_button);
  WAIT_UNTIL (find_toplevel (PW_TYPE_ACCOUNT_EDITOR) != NULL);
  editor = find_toplevel (PW_TYPE_ACCOUNT_EDITOR);
  g_assert_null (pw_account_editor_get_account (editor));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (editor))
                 == GTK_WINDOW (fixture->window));
  g_assert_true (gtk_window_get_modal (GTK_WINDOW (editor)));
  pw_ui_test_wait_for_frames (GTK_WIDGET (editor), 2);
  return editor;
}

static PwAccountEditor *
open_edit_editor (Fixture    *fixture,
                  const char *name)
{
  PwAccountRow *row = find_row (fixture, name);
  GtkWidget *edit_button;
  PwAccountEditor *editor;

  g_assert_nonnull (row);
  edit_button = template_child (row, PW_TYPE_ACCOUNT_ROW, "edit_button");
  g_assert_true (gtk_widget_get_visible (edit_button));
  gtk_widget_activate (edit_button);
  WAIT_UNTIL (find_toplevel (PW_TYPE_ACCOUNT_EDITOR) != NULL);
  editor = find_toplevel (PW_TYPE_ACCOUNT_EDITOR);
  g_assert_true (pw_account_editor_get_account (editor) == pw_account_row_get_account (row));
  pw_ui_test_wait_for_frames (GTK_WIDGET (editor), 2);
  return editor;
}

static void
type_into (PwAccountEditor *editor,
           const char      *row_name,
           const char      *text)
{
  gtk_editable_set_text (GTK_EDITABLE (template_child (editor, PW_TYPE_ACCOUNT_EDITOR, row_name)),
                         text);
}

static const char *
typed_in (PwAccountEditor *editor,
          const char      *row_name)
{
  return gtk_editable_get_text (GTK_EDITABLE (template_child (editor, PW_TYPE_ACCOUNT_EDITOR,
                                                              row_name)));
}

/* What the editor looked like each time it started waiting. */
typedef struct
{
  guint    n_busy;
  gboolean fields_waited;
} BusyWatch;

static void
on_busy_changed (PwAccountEditor *editor,
                 GParamSpec      *pspec,
                 BusyWatch       *watch)
{
  static const char *fields[] = { "name_row", "url_row", "token_row", "save_button" };

  if (!pw_account_editor_get_busy (editor))
    return;

  watch->n_busy++;
  watch->fields_waited =
    gtk_widget_get_visible (template_child (editor, PW_TYPE_ACCOUNT_EDITOR, "spinner"));
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      if (gtk_widget_get_sensitive (template_child (editor, PW_TYPE_ACCOUNT_EDITOR, fields[i])))
        watch->fields_waited = FALSE;
    }
}

static void
watch_busy (PwAccountEditor *editor,
            BusyWatch       *watch)
{
  g_signal_connect (editor, "notify::busy", G_CALLBACK (on_busy_changed), watch);
}

static PwAccount *
add_account (Fixture    *fixture,
             const char *name)
{
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  PwAccount *account;

  pw_account_manager_add_async (fixture->manager, name, fixture->demo->base_url,
                                PW_ACCOUNT_KIND_PIECEWORK, PW_DEMO_MARKET_TOKEN, NULL,
                                keep_result, &result);
  WAIT_UNTIL (result != NULL);
  account = pw_account_manager_add_finish (fixture->manager, result, &error);
  g_assert_no_error (error);
  g_object_unref (account);
  WAIT_UNTIL (find_row (fixture, name) != NULL);
  return account;
}

/* Tests */

static void
test_preferences_demo_row (Fixture       *fixture,
                           gconstpointer  data)
{
  GtkStack *stack = template_child (fixture->window, PW_TYPE_PREFERENCES_WINDOW,
                                    "accounts_stack");
  PwAccountRow *row;
  GtkWidget *edit_button;

  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "list");
  g_assert_cmpuint (count_rows (fixture), ==, 1);
  row = find_row (fixture, "Demo marketplace");
  g_assert_nonnull (row);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==,
                   "Runs inside Piecework for practice");

  /* It can be neither edited nor removed. */
  edit_button = template_child (row, PW_TYPE_ACCOUNT_ROW, "edit_button");
  g_assert_false (gtk_widget_get_visible (edit_button));
  g_assert_null (adw_action_row_get_activatable_widget (ADW_ACTION_ROW (row)));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "accounts.edit", "s",
                                             PW_DEMO_ACCOUNT_ID));
  g_assert_null (find_toplevel (PW_TYPE_ACCOUNT_EDITOR));

  /* Nothing is kept in memory only before a token had to be. */
  g_assert_false (gtk_widget_get_visible (template_child (fixture->window,
                                                          PW_TYPE_PREFERENCES_WINDOW,
                                                          "keyring_group")));
}

static void
test_preferences_add (Fixture       *fixture,
                      gconstpointer  data)
{
  PwAccountEditor *editor;
  gpointer weak_editor;
  BusyWatch watch = { 0 };
  GtkWidget *save_button, *keyring_group;
  PwAccountRow *row;
  PwAccount *account;
  g_autofree char *stored = NULL;

  /* Ctrl+N while the page shows opens the same editor as the button. */
  g_assert_true (has_binding (GTK_WIDGET (fixture->window), GDK_KEY_n, GDK_CONTROL_MASK,
                              "accounts.add"));

  editor = open_add_editor (fixture);
  weak_editor = editor;
  g_object_add_weak_pointer (G_OBJECT (editor), &weak_editor);
  watch_busy (editor, &watch);
  save_button = template_child (editor, PW_TYPE_ACCOUNT_EDITOR, "save_button");

  /* Nothing to save until the name, the address and a token are there. */
  g_assert_false (gtk_widget_get_sensitive (save_button));
  type_into (editor, "name_row", "Acme Labels");
  type_into (editor, "url_row", fixture->demo->base_url);
  g_assert_false (gtk_widget_get_sensitive (save_button));
  type_into (editor, "token_row", PW_DEMO_MARKET_TOKEN);
  g_assert_true (gtk_widget_get_sensitive (save_button));

  /* Return in the token's field saves, and the fields wait for the check. */
  press_return_in (template_child (editor, PW_TYPE_ACCOUNT_EDITOR, "token_row"));
  WAIT_UNTIL (watch.n_busy > 0 || weak_editor == NULL);
  g_assert_cmpuint (watch.n_busy, ==, 1);
  g_assert_true (watch.fields_waited);

  /* The marketplace accepted the token: the editor closes. */
  pw_ui_test_wait_finalized (&weak_editor);

  WAIT_UNTIL (find_row (fixture, "Acme Labels") != NULL);
  row = find_row (fixture, "Acme Labels");
  g_assert_cmpuint (count_rows (fixture), ==, 2);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==,
                   fixture->demo->base_url);
  g_assert_false (gtk_widget_get_visible (template_child (row, PW_TYPE_ACCOUNT_ROW,
                                                          "warning_icon")));
  account = pw_account_row_get_account (row);
  g_assert_true (pw_account_get_has_token (account));
  stored = stored_account_name (fixture, pw_account_get_id (account));
  g_assert_cmpstr (stored, ==, "Acme Labels");

  /* There is no keyring on the tests' bus: the page says the token lives
   * only as long as Piecework runs. */
  keyring_group = template_child (fixture->window, PW_TYPE_PREFERENCES_WINDOW, "keyring_group");
  WAIT_UNTIL (gtk_widget_get_visible (keyring_group));
  g_assert_false (pw_account_manager_get_keyring_available (fixture->manager));
  g_assert_cmpstr (adw_action_row_get_subtitle (template_child (fixture->window,
                                                                PW_TYPE_PREFERENCES_WINDOW,
                                                                "keyring_row")),
                   ==, pw_account_manager_get_keyring_problem (fixture->manager));
  g_assert_cmpstr (adw_preferences_row_get_title (template_child (fixture->window,
                                                                  PW_TYPE_PREFERENCES_WINDOW,
                                                                  "keyring_row")),
                   ==, "Tokens Are Kept Only Until Piecework Quits");
}

static void
test_preferences_wrong_token (Fixture       *fixture,
                              gconstpointer  data)
{
  PwAccountEditor *editor = open_add_editor (fixture);
  gpointer weak_editor = editor;
  GtkWidget *status, *token_row;
  BusyWatch watch = { 0 };

  g_object_add_weak_pointer (G_OBJECT (editor), &weak_editor);
  watch_busy (editor, &watch);
  type_into (editor, "name_row", "Acme Labels");
  type_into (editor, "url_row", fixture->demo->base_url);
  type_into (editor, "token_row", "not-the-token");
  gtk_widget_activate (template_child (editor, PW_TYPE_ACCOUNT_EDITOR, "save_button"));
  WAIT_UNTIL (watch.n_busy == 1 && !pw_account_editor_get_busy (editor));
  g_assert_true (watch.fields_waited);

  /* The refusal shows in the editor, which keeps what was typed. */
  status = template_child (editor, PW_TYPE_ACCOUNT_EDITOR, "status_label");
  token_row = template_child (editor, PW_TYPE_ACCOUNT_EDITOR, "token_row");
  g_assert_true (gtk_widget_get_visible (status));
  g_assert_true (gtk_widget_has_css_class (status, "error"));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (status)), !=, "");
  g_assert_true (gtk_widget_has_css_class (token_row, "error"));
  g_assert_cmpstr (typed_in (editor, "name_row"), ==, "Acme Labels");
  g_assert_cmpstr (typed_in (editor, "url_row"), ==, fixture->demo->base_url);
  g_assert_cmpstr (typed_in (editor, "token_row"), ==, "not-the-token");
  g_assert_true (gtk_widget_get_sensitive (token_row));
  g_assert_true (gtk_widget_get_sensitive (template_child (editor, PW_TYPE_ACCOUNT_EDITOR,
                                                           "save_button")));

  /* Nothing was added. */
  g_assert_cmpuint (count_rows (fixture), ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (pw_account_manager_get_accounts (fixture->manager)),
                    ==, 1);

  /* Fixing the token clears the mark on its field. */
  type_into (editor, "token_row", "still-not-it");
  g_assert_false (gtk_widget_has_css_class (token_row, "error"));

  /* Escape closes the editor without saving. */
  g_assert_true (has_binding (GTK_WIDGET (editor), GDK_KEY_Escape, 0, "editor.cancel"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.cancel", NULL));
  pw_ui_test_wait_finalized (&weak_editor);
  g_assert_cmpuint (count_rows (fixture), ==, 1);
}

static void
test_preferences_cancel_check (Fixture       *fixture,
                               gconstpointer  data)
{
  PwAccountEditor *editor = open_add_editor (fixture);
  gpointer weak_editor = editor;

  /* The marketplace takes its time to answer. */
  pw_demo_market_set_slow_delay (fixture->demo->market, 1000);
  pw_demo_market_set_fault (fixture->demo->market, PW_DEMO_FAULT_SLOW, 1);

  g_object_add_weak_pointer (G_OBJECT (editor), &weak_editor);
  type_into (editor, "name_row", "Acme Labels");
  type_into (editor, "url_row", fixture->demo->base_url);
  type_into (editor, "token_row", PW_DEMO_MARKET_TOKEN);
  press_return_in (template_child (editor, PW_TYPE_ACCOUNT_EDITOR, "url_row"));
  WAIT_UNTIL (pw_account_editor_get_busy (editor));

  /* Cancel stays usable during the check, and stops it. */
  g_assert_true (gtk_widget_get_sensitive (template_child (editor, PW_TYPE_ACCOUNT_EDITOR,
                                                           "cancel_button")));
  gtk_widget_activate (template_child (editor, PW_TYPE_ACCOUNT_EDITOR, "cancel_button"));
  pw_ui_test_wait_finalized (&weak_editor);

  /* Past the slow answer the check would have acted on. */
  pw_ui_test_iterate (1200);
  g_assert_cmpuint (pw_demo_market_get_fault (fixture->demo->market, PW_DEMO_FAULT_SLOW), ==, 0);
  g_assert_cmpuint (count_rows (fixture), ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (pw_account_manager_get_accounts (fixture->manager)),
                    ==, 1);
}

static void
test_preferences_edit (Fixture       *fixture,
                       gconstpointer  data)
{
  PwAccount *account = add_account (fixture, "Acme Labels");
  PwAccountEditor *editor;
  gpointer weak_editor;
  BusyWatch watch = { 0 };
  GtkWidget *save_button;
  g_autofree char *stored = NULL;

  editor = open_edit_editor (fixture, "Acme Labels");
  weak_editor = editor;
  g_object_add_weak_pointer (G_OBJECT (editor), &weak_editor);
  watch_busy (editor, &watch);
  save_button = template_child (editor, PW_TYPE_ACCOUNT_EDITOR, "save_button");

  /* The fields hold the account; an empty token keeps the current one. */
  g_assert_cmpstr (typed_in (editor, "name_row"), ==, "Acme Labels");
  g_assert_cmpstr (typed_in (editor, "url_row"), ==, fixture->demo->base_url);
  g_assert_cmpstr (typed_in (editor, "token_row"), ==, "");
  g_assert_true (gtk_widget_get_visible (template_child (editor, PW_TYPE_ACCOUNT_EDITOR,
                                                         "remove_group")));
  g_assert_true (gtk_widget_get_sensitive (save_button));
  type_into (editor, "name_row", "");
  g_assert_false (gtk_widget_get_sensitive (save_button));

  type_into (editor, "name_row", "Acme Labels EU");
  press_return_in (template_child (editor, PW_TYPE_ACCOUNT_EDITOR, "name_row"));
  pw_ui_test_wait_finalized (&weak_editor);
  g_assert_cmpuint (watch.n_busy, ==, 1);

  g_assert_nonnull (find_row (fixture, "Acme Labels EU"));
  g_assert_null (find_row (fixture, "Acme Labels"));
  g_assert_cmpuint (count_rows (fixture), ==, 2);
  g_assert_true (pw_account_get_has_token (account));
  stored = stored_account_name (fixture, pw_account_get_id (account));
  g_assert_cmpstr (stored, ==, "Acme Labels EU");
}

static void
test_preferences_new_origin (Fixture       *fixture,
                             gconstpointer  data)
{
  PwAccount *account = add_account (fixture, "Acme Labels");
  PwAccountEditor *editor;
  gpointer weak_editor;
  AdwPreferencesGroup *fields_group;
  g_autoptr (GUri) demo_uri = g_uri_parse (fixture->demo->base_url, G_URI_FLAGS_NONE, NULL);
  g_autofree char *other_port = g_strdup_printf ("http://127.0.0.1:%d/",
                                                 g_uri_get_port (demo_uri) + 1);
  g_autofree char *other_path = g_strconcat (fixture->demo->base_url, "eu/", NULL);

  editor = open_edit_editor (fixture, "Acme Labels");
  weak_editor = editor;
  g_object_add_weak_pointer (G_OBJECT (editor), &weak_editor);
  fields_group = template_child (editor, PW_TYPE_ACCOUNT_EDITOR, "fields_group");
  g_assert_true (gtk_widget_is_sensitive (template_child (editor, PW_TYPE_ACCOUNT_EDITOR,
                                                          "save_button")));
  g_assert_nonnull (strstr (adw_preferences_group_get_description (fields_group), "empty"));

  /* Another port is another marketplace: the token becomes required, and
   * the editor says why. */
  type_into (editor, "url_row", other_port);
  g_assert_false (gtk_widget_is_sensitive (template_child (editor, PW_TYPE_ACCOUNT_EDITOR,
                                                           "save_button")));
  g_assert_nonnull (strstr (adw_preferences_group_get_description (fields_group),
                            "another marketplace"));
  type_into (editor, "token_row", "token-of-the-other");
  g_assert_true (gtk_widget_is_sensitive (template_child (editor, PW_TYPE_ACCOUNT_EDITOR,
                                                          "save_button")));

  /* Another path on the same origin keeps the token. */
  type_into (editor, "token_row", "");
  type_into (editor, "url_row", other_path);
  g_assert_true (gtk_widget_is_sensitive (template_child (editor, PW_TYPE_ACCOUNT_EDITOR,
                                                          "save_button")));
  g_assert_nonnull (strstr (adw_preferences_group_get_description (fields_group), "empty"));

  gtk_widget_activate_action (GTK_WIDGET (editor), "editor.cancel", NULL);
  pw_ui_test_wait_finalized (&weak_editor);
  g_assert_cmpstr (pw_account_get_base_url (account), ==, fixture->demo->base_url);
}

static void
test_preferences_problem (Fixture       *fixture,
                          gconstpointer  data)
{
  PwAccount *account = add_account (fixture, "Acme Labels");
  PwAccountRow *row = find_row (fixture, "Acme Labels");
  GtkWidget *warning_icon = template_child (row, PW_TYPE_ACCOUNT_ROW, "warning_icon");
  g_autofree char *subtitle = NULL;

  g_assert_false (gtk_widget_get_visible (warning_icon));

  /* The marketplace refused the token during sync. */
  pw_account_manager_report_unauthorized (fixture->manager, pw_account_get_id (account));
  g_assert_nonnull (pw_account_get_problem (account));
  g_assert_true (gtk_widget_get_visible (warning_icon));
  subtitle = g_strdup_printf ("%s\n%s", fixture->demo->base_url,
                              pw_account_get_problem (account));
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==, subtitle);
}

static void
remove_with_dialog (Fixture    *fixture,
                    const char *name,
                    const char *response,
                    gboolean    expect_waiting)
{
  const char *label = g_str_equal (response, "remove") ? "_Remove" : "_Cancel";
  PwAccountEditor *editor = open_edit_editor (fixture, name);
  gpointer weak_editor = editor;
  AdwMessageDialog *dialog;
  gpointer weak_dialog;
  const char *body;

  g_object_add_weak_pointer (G_OBJECT (editor), &weak_editor);
  gtk_widget_activate (template_child (editor, PW_TYPE_ACCOUNT_EDITOR, "remove_button"));
  WAIT_UNTIL (find_toplevel (ADW_TYPE_MESSAGE_DIALOG) != NULL);
  dialog = find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  weak_dialog = dialog;
  g_object_add_weak_pointer (G_OBJECT (dialog), &weak_dialog);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (editor));
  g_assert_cmpint (adw_message_dialog_get_response_appearance (dialog, "remove"), ==,
                   ADW_RESPONSE_DESTRUCTIVE);
  g_assert_cmpstr (adw_message_dialog_get_default_response (dialog), ==, "cancel");

  body = adw_message_dialog_get_body (dialog);
  if (expect_waiting)
    g_assert_nonnull (strstr (body, "1 submission for this account is still waiting to be sent. "
                                    "It stays in Piecework, but it cannot be sent until the "
                                    "account is added again."));
  else
    g_assert_null (strstr (body, "waiting"));

  pw_ui_test_wait_for_frames (GTK_WIDGET (dialog), 2);
  gtk_widget_activate (find_button (GTK_WIDGET (dialog), label));
  pw_ui_test_wait_finalized (&weak_dialog);

  if (g_str_equal (response, "remove"))
    pw_ui_test_wait_finalized (&weak_editor);
  else
    {
      g_assert_nonnull (weak_editor);
      g_assert_false (pw_account_editor_get_busy (editor));
      gtk_window_close (GTK_WINDOW (editor));
      pw_ui_test_wait_finalized (&weak_editor);
    }
}

static void
test_preferences_remove (Fixture       *fixture,
                         gconstpointer  data)
{
  PwAccount *account = add_account (fixture, "Acme Labels");
  g_autofree char *id = g_strdup (pw_account_get_id (account));
  g_autofree char *stored = NULL;

  /* Cancelled: the account stays. */
  remove_with_dialog (fixture, "Acme Labels", "cancel", FALSE);
  g_assert_nonnull (find_row (fixture, "Acme Labels"));
  stored = stored_account_name (fixture, id);
  g_assert_cmpstr (stored, ==, "Acme Labels");
  g_clear_pointer (&stored, g_free);

  /* Work waiting to be sent is mentioned before it is stranded. */
  pw_store_queue_submission (fixture->store, id, "task-1", "claim-1", "key-1", "{}", NULL);
  remove_with_dialog (fixture, "Acme Labels", "remove", TRUE);
  WAIT_UNTIL (find_row (fixture, "Acme Labels") == NULL);
  g_assert_cmpuint (count_rows (fixture), ==, 1);
  g_assert_null (pw_account_manager_lookup (fixture->manager, id));
  stored = stored_account_name (fixture, id);
  g_assert_null (stored);
}

static void
test_preferences_before_store (void)
{
  PwPreferencesWindow *window;
  gpointer weak_window;
  GtkStack *stack;
  gboolean was_ready = pw_application_get_store_ready (app);

  /* Opened the way the app opens it, maybe before the store is open. */
  window = g_object_new (PW_TYPE_PREFERENCES_WINDOW, "application", app, NULL);
  weak_window = window;
  g_object_add_weak_pointer (G_OBJECT (window), &weak_window);
  stack = template_child (window, PW_TYPE_PREFERENCES_WINDOW, "accounts_stack");
  if (!was_ready)
    {
      g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "loading");
      g_assert_null (pw_preferences_window_get_account_manager (window));
    }
  gtk_window_present (GTK_WINDOW (window));

  WAIT_UNTIL (pw_application_get_store_ready (app));
  pw_ui_test_wait_for_frames (GTK_WIDGET (window), 2);
  g_assert_true (pw_preferences_window_get_account_manager (window)
                 == pw_application_get_account_manager (app));
  g_assert_nonnull (pw_preferences_window_get_account_manager (window));
  /* The app offers no demo marketplace in tests, so there is no account. */
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "empty");
  g_assert_true (gtk_widget_get_sensitive (template_child (window, PW_TYPE_PREFERENCES_WINDOW,
                                                           "add_button")));

  gtk_window_close (GTK_WINDOW (window));
  pw_ui_test_wait_finalized (&weak_window);
}

/* The idle threshold is set in minutes and kept in seconds, both ways. */
static void
test_preferences_idle (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr (GSettings) settings = g_settings_new (PW_APP_ID);
  GtkSpinButton *spin = GTK_SPIN_BUTTON (gtk_widget_get_template_child (GTK_WIDGET (fixture->window),
                                                                        PW_TYPE_PREFERENCES_WINDOW,
                                                                        "idle_spin"));

  g_assert_cmpfloat (gtk_spin_button_get_value (spin), ==,
                     g_settings_get_uint (settings, "idle-threshold") / 60.0);
  gtk_spin_button_set_value (spin, 5);
  g_assert_cmpuint (g_settings_get_uint (settings, "idle-threshold"), ==, 300);
  g_settings_set_uint (settings, "idle-threshold", 120);
  g_assert_cmpfloat (gtk_spin_button_get_value (spin), ==, 2);
  g_settings_reset (settings, "idle-threshold");
}

int
main (int   argc,
      char *argv[])
{
  int status;

  app = pw_ui_test_init (&argc, &argv);
  demo = pw_demo_test_new (1);

  /* First: before anything runs the main loop, the app's store is not open. */
  g_test_add_func ("/preferences/before-store", test_preferences_before_store);
  g_test_add ("/preferences/demo-row", Fixture, NULL, fixture_set_up,
              test_preferences_demo_row, fixture_tear_down);
  g_test_add ("/preferences/add", Fixture, NULL, fixture_set_up,
              test_preferences_add, fixture_tear_down);
  g_test_add ("/preferences/wrong-token", Fixture, NULL, fixture_set_up,
              test_preferences_wrong_token, fixture_tear_down);
  g_test_add ("/preferences/cancel-check", Fixture, NULL, fixture_set_up,
              test_preferences_cancel_check, fixture_tear_down);
  g_test_add ("/preferences/edit", Fixture, NULL, fixture_set_up,
              test_preferences_edit, fixture_tear_down);
  g_test_add ("/preferences/new-origin", Fixture, NULL, fixture_set_up,
              test_preferences_new_origin, fixture_tear_down);
  g_test_add ("/preferences/problem", Fixture, NULL, fixture_set_up,
              test_preferences_problem, fixture_tear_down);
  g_test_add ("/preferences/remove", Fixture, NULL, fixture_set_up,
              test_preferences_remove, fixture_tear_down);
  g_test_add ("/preferences/idle", Fixture, NULL, fixture_set_up,
              test_preferences_idle, fixture_tear_down);

  status = g_test_run ();
  pw_demo_test_free (demo);
  g_clear_object (&app);
  return status;
}
