/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n.h>

#include "pw-account-editor.h"
#include "pw-account-row.h"
#include "pw-application.h"
#include "pw-preferences-window.h"
#include "pw-plain-text.h"
#include "pw-shortcut-row.h"

/* Preferences: accounts, idle time, labeling and audio settings. */

struct _PwPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  PwAccountManager     *manager;   /* NULL until the store is open */
  PwStore              *store;
  PwApplication        *store_app;   /* weak: watched while its store opens */

  /* Template children */
  AdwPreferencesPage   *accounts_page;
  AdwPreferencesGroup  *keyring_group;
  AdwActionRow         *keyring_row;
  AdwPreferencesGroup  *accounts_group;
  GtkStack             *accounts_stack;
  AdwStatusPage        *unavailable_page;
  GtkListBox           *accounts_list;
  GtkSpinButton        *idle_spin;
  GtkSwitch            *auto_advance_switch;
  GtkSpinButton        *rewind_spin;
  PwShortcutRow        *play_key_row;

  GSettings            *settings;
};

G_DEFINE_FINAL_TYPE (PwPreferencesWindow, pw_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

enum {
  PROP_0,
  PROP_ACCOUNT_MANAGER,
  PROP_STORE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/**
 * pw_preferences_window_new:
 * @parent: (nullable): the window it belongs to
 * @manager: (nullable): the accounts, or %NULL while the store opens
 * @store: (nullable): the store the accounts are kept in
 *
 * Returns: (transfer none): a new preferences window, modal to @parent
 */
PwPreferencesWindow *
pw_preferences_window_new (GtkWindow        *parent,
                           PwAccountManager *manager,
                           PwStore          *store)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (manager == NULL || PW_IS_ACCOUNT_MANAGER (manager), NULL);
  g_return_val_if_fail (store == NULL || PW_IS_STORE (store), NULL);

  return g_object_new (PW_TYPE_PREFERENCES_WINDOW,
                       "transient-for", parent,
                       "modal", parent != NULL,
                       "application", parent ? gtk_window_get_application (parent) : NULL,
                       "account-manager", manager,
                       "store", store,
                       NULL);
}

/**
 * pw_preferences_window_get_account_manager:
 *
 * Returns: (transfer none) (nullable): the accounts shown
 */
PwAccountManager *
pw_preferences_window_get_account_manager (PwPreferencesWindow *self)
{
  g_return_val_if_fail (PW_IS_PREFERENCES_WINDOW (self), NULL);

  return self->manager;
}

static void
update_accounts_state (PwPreferencesWindow *self)
{
  const char *page;

  if (self->manager != NULL)
    page = g_list_model_get_n_items (pw_account_manager_get_accounts (self->manager)) > 0
           ? "list" : "empty";
  else
    {
      GApplication *app = G_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));

      if (PW_IS_APPLICATION (app) && !pw_application_get_store_ready (PW_APPLICATION (app)))
        page = "loading";
      else
        {
          const GError *error = PW_IS_APPLICATION (app)
                                ? pw_application_get_store_error (PW_APPLICATION (app))
                                : NULL;

          pw_status_page_set_description_plain (self->unavailable_page,
                                                error != NULL
                                                ? error->message
                                                : _("Piecework could not open the place where "
                                                    "it keeps your accounts."));
          page = "unavailable";
        }
    }

  gtk_stack_set_visible_child_name (self->accounts_stack, page);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "accounts.add", self->manager != NULL);
}

static void
update_keyring_note (PwPreferencesWindow *self)
{
  gboolean available = self->manager == NULL
                       || pw_account_manager_get_keyring_available (self->manager);

  gtk_widget_set_visible (GTK_WIDGET (self->keyring_group), !available);
  adw_action_row_set_subtitle (self->keyring_row,
                               available ? NULL
                               : pw_account_manager_get_keyring_problem (self->manager));
  adw_preferences_group_set_description (self->accounts_group,
                                         available
                                         ? _("Piecework claims tasks from the marketplaces you "
                                             "work for, with the access token each one gives "
                                             "you. Tokens are kept in your keyring.")
                                         : _("Piecework claims tasks from the marketplaces you "
                                             "work for, with the access token each one gives "
                                             "you."));
}

static GtkWidget *
create_account_row (gpointer item,
                    gpointer user_data)
{
  return pw_account_row_new (PW_ACCOUNT (item));
}

/**
 * pw_preferences_window_set_account_manager:
 * @manager: (nullable): the accounts
 * @store: (nullable): the store they are kept in
 *
 * Shows the accounts of @manager, once the store that keeps them is open.
 */
void
pw_preferences_window_set_account_manager (PwPreferencesWindow *self,
                                           PwAccountManager    *manager,
                                           PwStore             *store)
{
  g_return_if_fail (PW_IS_PREFERENCES_WINDOW (self));
  g_return_if_fail (manager == NULL || PW_IS_ACCOUNT_MANAGER (manager));
  g_return_if_fail (store == NULL || PW_IS_STORE (store));

  if (g_set_object (&self->store, store))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
  if (self->manager == manager)
    return;

  if (self->manager != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->manager, self);
      g_signal_handlers_disconnect_by_data (pw_account_manager_get_accounts (self->manager), self);
    }
  g_set_object (&self->manager, manager);

  if (manager != NULL)
    {
      g_signal_connect_object (manager, "notify::keyring-available",
                               G_CALLBACK (update_keyring_note), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (pw_account_manager_get_accounts (manager), "items-changed",
                               G_CALLBACK (update_accounts_state), self, G_CONNECT_SWAPPED);
    }
  gtk_list_box_bind_model (self->accounts_list,
                           manager != NULL ? pw_account_manager_get_accounts (manager) : NULL,
                           create_account_row, NULL, NULL);

  update_accounts_state (self);
  update_keyring_note (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACCOUNT_MANAGER]);
}

static void
on_store_ready (PwPreferencesWindow *self,
                GParamSpec          *pspec,
                PwApplication       *app)
{
  if (self->manager == NULL)
    pw_preferences_window_set_account_manager (self, pw_application_get_account_manager (app),
                                               pw_application_get_store (app));
  update_accounts_state (self);
}

static void
open_editor (PwPreferencesWindow *self,
             PwAccount           *account)
{
  PwAccountEditor *editor;

  editor = pw_account_editor_new (GTK_WINDOW (self), self->manager, self->store, account);
  gtk_window_present (GTK_WINDOW (editor));
}

static void
add_activated (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  PwPreferencesWindow *self = PW_PREFERENCES_WINDOW (widget);
  const char *page = adw_preferences_window_get_visible_page_name (ADW_PREFERENCES_WINDOW (self));

  /* Ctrl+N adds what the page shown lists. */
  if (self->manager == NULL || g_strcmp0 (page, "accounts") != 0)
    return;

  open_editor (self, NULL);
}

static void
edit_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  PwPreferencesWindow *self = PW_PREFERENCES_WINDOW (widget);
  PwAccount *account;

  if (self->manager == NULL)
    return;

  account = pw_account_manager_lookup (self->manager, g_variant_get_string (parameter, NULL));
  if (account == NULL || pw_account_get_is_demo (account))
    return;

  open_editor (self, account);
}

/* Opened before the store: the accounts come once it is open. The
 * application is set after construction, so it is watched for. */
static void
on_application_changed (PwPreferencesWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  if (self->manager == NULL && PW_IS_APPLICATION (app) && self->store_app == NULL)
    {
      g_set_weak_pointer (&self->store_app, PW_APPLICATION (app));
      g_signal_connect_object (app, "notify::store-ready", G_CALLBACK (on_store_ready), self,
                               G_CONNECT_SWAPPED);
      if (pw_application_get_store_ready (PW_APPLICATION (app)))
        on_store_ready (self, NULL, PW_APPLICATION (app));
    }
  update_accounts_state (self);
}

static void
pw_preferences_window_constructed (GObject *object)
{
  PwPreferencesWindow *self = PW_PREFERENCES_WINDOW (object);

  G_OBJECT_CLASS (pw_preferences_window_parent_class)->constructed (object);

  g_signal_connect (self, "notify::application", G_CALLBACK (on_application_changed), NULL);
  update_accounts_state (self);
  update_keyring_note (self);
}

static void
pw_preferences_window_dispose (GObject *object)
{
  PwPreferencesWindow *self = PW_PREFERENCES_WINDOW (object);

  if (self->idle_spin != NULL)
    g_settings_unbind (gtk_spin_button_get_adjustment (self->idle_spin), "value");
  if (self->rewind_spin != NULL)
    {
      g_settings_unbind (self->auto_advance_switch, "active");
      g_settings_unbind (gtk_spin_button_get_adjustment (self->rewind_spin), "value");
      g_settings_unbind (self->play_key_row, "accelerator");
    }
  g_clear_object (&self->settings);
  if (self->store_app != NULL)
    g_signal_handlers_disconnect_by_data (self->store_app, self);
  g_clear_weak_pointer (&self->store_app);
  if (self->manager != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->manager, self);
      g_signal_handlers_disconnect_by_data (pw_account_manager_get_accounts (self->manager), self);
    }

  gtk_widget_dispose_template (GTK_WIDGET (object), PW_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->manager);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (pw_preferences_window_parent_class)->dispose (object);
}

static void
pw_preferences_window_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  PwPreferencesWindow *self = PW_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_ACCOUNT_MANAGER:
      g_value_set_object (value, self->manager);
      break;

    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pw_preferences_window_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  PwPreferencesWindow *self = PW_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_ACCOUNT_MANAGER:
      pw_preferences_window_set_account_manager (self, g_value_get_object (value), self->store);
      break;

    case PROP_STORE:
      pw_preferences_window_set_account_manager (self, self->manager, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static gboolean
idle_to_minutes (GValue   *value,
                 GVariant *variant,
                 gpointer  user_data)
{
  g_value_set_double (value, (double) g_variant_get_uint32 (variant) / 60.0);
  return TRUE;
}

static GVariant *
idle_from_minutes (const GValue       *value,
                   const GVariantType *expected_type,
                   gpointer            user_data)
{
  double minutes = CLAMP (g_value_get_double (value), 1.0, 60.0);

  return g_variant_new_uint32 ((guint32) (minutes * 60.0 + 0.5));
}

static void
pw_preferences_window_class_init (PwPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = pw_preferences_window_constructed;
  object_class->dispose = pw_preferences_window_dispose;
  object_class->get_property = pw_preferences_window_get_property;
  object_class->set_property = pw_preferences_window_set_property;

  properties[PROP_ACCOUNT_MANAGER] =
    g_param_spec_object ("account-manager", NULL, NULL, PW_TYPE_ACCOUNT_MANAGER,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_EXPLICIT_NOTIFY
                         | G_PARAM_STATIC_STRINGS);
  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, PW_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_EXPLICIT_NOTIFY
                         | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               PW_RESOURCE_BASE "/pw-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, PwPreferencesWindow, accounts_page);
  gtk_widget_class_bind_template_child (widget_class, PwPreferencesWindow, keyring_group);
  gtk_widget_class_bind_template_child (widget_class, PwPreferencesWindow, keyring_row);
  gtk_widget_class_bind_template_child (widget_class, PwPreferencesWindow, accounts_group);
  gtk_widget_class_bind_template_child (widget_class, PwPreferencesWindow, accounts_stack);
  gtk_widget_class_bind_template_child (widget_class, PwPreferencesWindow, unavailable_page);
  gtk_widget_class_bind_template_child (widget_class, PwPreferencesWindow, accounts_list);
  gtk_widget_class_bind_template_child (widget_class, PwPreferencesWindow, idle_spin);
  gtk_widget_class_bind_template_child (widget_class, PwPreferencesWindow, auto_advance_switch);
  gtk_widget_class_bind_template_child (widget_class, PwPreferencesWindow, rewind_spin);
  gtk_widget_class_bind_template_child (widget_class, PwPreferencesWindow, play_key_row);
  /* Named for the tests, which press it. */
  gtk_widget_class_bind_template_child_full (widget_class, "add_button", FALSE, 0);

  gtk_widget_class_install_action (widget_class, "accounts.add", NULL, add_activated);
  gtk_widget_class_install_action (widget_class, "accounts.edit", "s", edit_activated);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK,
                                       "accounts.add", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK,
                                       "window.close", NULL);
}

static void
pw_preferences_window_init (PwPreferencesWindow *self)
{
  g_type_ensure (PW_TYPE_SHORTCUT_ROW);
  gtk_widget_init_template (GTK_WIDGET (self));

  /* The setting is in seconds; people think of it in minutes. */
  self->settings = g_settings_new (PW_APP_ID);
  g_settings_bind_with_mapping (self->settings, "idle-threshold",
                                gtk_spin_button_get_adjustment (self->idle_spin), "value",
                                G_SETTINGS_BIND_DEFAULT, idle_to_minutes, idle_from_minutes,
                                NULL, NULL);
  g_settings_bind (self->settings, "auto-advance", self->auto_advance_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "audio-rewind",
                   gtk_spin_button_get_adjustment (self->rewind_spin), "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "audio-play-key", self->play_key_row, "accelerator",
                   G_SETTINGS_BIND_DEFAULT);
}
