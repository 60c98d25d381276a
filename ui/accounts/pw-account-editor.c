/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n.h>

#include "pw-account-editor.h"
#include "pw-plain-text.h"

/* Adds an account, or changes or removes one. Nothing is kept before the
 * marketplace has accepted the token (GET v1/me); while it is asked the
 * fields wait, and what the worker typed stays when it says no. */

struct _PwAccountEditor
{
  AdwWindow         parent_instance;

  PwAccountManager *manager;
  PwStore          *store;
  PwAccount        *account;       /* NULL while adding */
  GCancellable     *cancellable;   /* while the marketplace or the store is asked */
  GtkWidget        *focus_before_busy;

  /* Template children */
  AdwPreferencesGroup *fields_group;
  GtkWidget        *name_row;
  GtkWidget        *url_row;
  GtkWidget        *token_row;
  GtkLabel         *status_label;
  GtkSpinner       *spinner;
  GtkWidget        *cancel_button;
  GtkWidget        *save_button;
  GtkWidget        *remove_group;
};

G_DEFINE_FINAL_TYPE (PwAccountEditor, pw_account_editor, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_ACCOUNT_MANAGER,
  PROP_STORE,
  PROP_ACCOUNT,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/**
 * pw_account_editor_new:
 * @parent: the window it is modal to
 * @manager: the accounts
 * @store: (nullable): the store, to tell how much work waits for an
 *   account before it is removed
 * @account: (nullable): the account to edit, or %NULL to add one
 *
 * Returns: (transfer none): a new editor, modal to @parent
 */
PwAccountEditor *
pw_account_editor_new (GtkWindow        *parent,
                       PwAccountManager *manager,
                       PwStore          *store,
                       PwAccount        *account)
{
  g_return_val_if_fail (GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (PW_IS_ACCOUNT_MANAGER (manager), NULL);
  g_return_val_if_fail (store == NULL || PW_IS_STORE (store), NULL);
  g_return_val_if_fail (account == NULL || PW_IS_ACCOUNT (account), NULL);

  return g_object_new (PW_TYPE_ACCOUNT_EDITOR,
                       "transient-for", parent,
                       "account-manager", manager,
                       "store", store,
                       "account", account,
                       NULL);
}

/**
 * pw_account_editor_get_account:
 *
 * Returns: (transfer none) (nullable): the account edited, or %NULL while
 *   adding one
 */
PwAccount *
pw_account_editor_get_account (PwAccountEditor *self)
{
  g_return_val_if_fail (PW_IS_ACCOUNT_EDITOR (self), NULL);

  return self->account;
}

/**
 * pw_account_editor_get_busy:
 *
 * Returns: %TRUE while the marketplace checks the account or it is removed
 */
gboolean
pw_account_editor_get_busy (PwAccountEditor *self)
{
  g_return_val_if_fail (PW_IS_ACCOUNT_EDITOR (self), FALSE);

  return self->cancellable != NULL;
}

static gboolean
field_is_filled (GtkWidget *row)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row));

  for (; *text != '\0'; text = g_utf8_next_char (text))
    {
      if (!g_unichar_isspace (g_utf8_get_char (text)))
        return TRUE;
    }
  return FALSE;
}

/* The token held goes only to the origin that gave it: an address of
 * another scheme, host or port needs a token typed anew. */
static gboolean
token_is_required (PwAccountEditor *self)
{
  const char *base_url = gtk_editable_get_text (GTK_EDITABLE (self->url_row));

  return self->account == NULL || !pw_account_can_keep_token (self->account, base_url);
}

static void
update_token_hint (PwAccountEditor *self)
{
  const char *hint;

  if (self->account == NULL || !pw_account_get_has_token (self->account))
    hint = _("Your marketplace gives you its address and a token, usually on its account or "
             "developer page.");
  else if (token_is_required (self))
    hint = _("The new address leads to another marketplace: enter the token it gave you. "
             "The current token is never sent there.");
  else
    hint = _("Leave the token empty to keep the current one.");
  adw_preferences_group_set_description (self->fields_group, hint);
}

static void
update_actions (PwAccountEditor *self)
{
  gboolean busy = self->cancellable != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.save",
                                 !busy
                                 && field_is_filled (self->name_row)
                                 && field_is_filled (self->url_row)
                                 && (!token_is_required (self)
                                     || field_is_filled (self->token_row)));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.remove",
                                 !busy && self->account != NULL);
}

static void
show_status (PwAccountEditor *self,
             const char      *text,
             gboolean         is_error)
{
  gtk_label_set_text (self->status_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), text != NULL);
  if (is_error)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "error");
      gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "dim-label");
    }
  else
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "dim-label");
      gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "error");
    }
}

static void
set_busy (PwAccountEditor *self,
          gboolean         busy)
{
  GtkWidget *rows[] = { self->name_row, self->url_row, self->token_row };

  if (busy == (self->cancellable != NULL))
    return;

  if (busy)
    {
      self->cancellable = g_cancellable_new ();
      /* A field made insensitive keeps its focus, and Cancel is what can
       * be done while waiting. */
      g_set_weak_pointer (&self->focus_before_busy, gtk_root_get_focus (GTK_ROOT (self)));
      gtk_widget_grab_focus (self->cancel_button);
    }
  else
    g_clear_object (&self->cancellable);

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    gtk_widget_set_sensitive (rows[i], !busy);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_spinner_set_spinning (self->spinner, busy);
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

/* Every call is cancelled when the editor goes away, and a GTask
 * cancelled before its result is read answers G_IO_ERROR_CANCELLED: the
 * editor must not be touched then. The calls hold no reference on it, so
 * closing it cancels them at once. */
static gboolean
answer_is_stale (const GError *error)
{
  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
show_error (PwAccountEditor *self,
            const GError    *error)
{
  GtkWidget *row = NULL;

  show_status (self, error->message, TRUE);

  if (error->domain == PW_ERROR)
    {
      switch (error->code)
        {
        case PW_ERROR_UNAUTHORIZED:
        case PW_ERROR_FORBIDDEN:
          row = self->token_row;
          break;

        case PW_ERROR_INSECURE:
        case PW_ERROR_NETWORK:
        case PW_ERROR_PROTOCOL:
        case PW_ERROR_SERVER:
          row = self->url_row;
          break;

        case PW_ERROR_NOT_FOUND:
          /* Nothing answers at v1/me below this address. */
          if (pw_error_get_http_status (error) == 404)
            row = self->url_row;
          break;

        default:
          break;
        }
    }
  if (row != NULL)
    gtk_widget_add_css_class (row, "error");
  else
    row = self->focus_before_busy;
  if (row != NULL)
    gtk_widget_grab_focus (row);
}

static void
on_field_changed (PwAccountEditor *self,
                  GtkEditable     *row)
{
  gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
  if (GTK_WIDGET (row) == self->url_row)
    update_token_hint (self);
  update_actions (self);
}

static void
on_saved (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  PwAccountEditor *self = user_data;
  g_autoptr (PwAccount) added = NULL;
  g_autoptr (GError) error = NULL;

  if (g_async_result_is_tagged (result, pw_account_manager_add_async))
    added = pw_account_manager_add_finish (PW_ACCOUNT_MANAGER (source), result, &error);
  else
    pw_account_manager_update_finish (PW_ACCOUNT_MANAGER (source), result, &error);

  if (answer_is_stale (error))
    return;

  set_busy (self, FALSE);
  if (error != NULL)
    {
      show_error (self, error);
      return;
    }
  gtk_window_close (GTK_WINDOW (self));
}

static void
save_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  PwAccountEditor *self = PW_ACCOUNT_EDITOR (widget);
  const char *name = gtk_editable_get_text (GTK_EDITABLE (self->name_row));
  const char *base_url = gtk_editable_get_text (GTK_EDITABLE (self->url_row));
  const char *token = gtk_editable_get_text (GTK_EDITABLE (self->token_row));

  if (self->cancellable != NULL)
    return;

  gtk_widget_remove_css_class (self->url_row, "error");
  gtk_widget_remove_css_class (self->token_row, "error");
  set_busy (self, TRUE);
  show_status (self, _("Checking the token with the marketplace…"), FALSE);

  if (self->account == NULL)
    pw_account_manager_add_async (self->manager, name, base_url, PW_ACCOUNT_KIND_PIECEWORK, token,
                                  self->cancellable, on_saved, self);
  else
    pw_account_manager_update_async (self->manager, pw_account_get_id (self->account), name,
                                     base_url, pw_account_get_kind (self->account), token,
                                     self->cancellable, on_saved, self);
}

static void
cancel_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  /* Closing cancels a check still running: nothing is kept. */
  gtk_window_close (GTK_WINDOW (widget));
}

/* Removing */

static void
on_removed (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  PwAccountEditor *self = user_data;
  g_autoptr (GError) error = NULL;
  GtkWindow *parent;

  pw_account_manager_remove_finish (PW_ACCOUNT_MANAGER (source), result, &error);
  if (answer_is_stale (error))
    return;

  set_busy (self, FALSE);
  if (error != NULL)
    {
      show_error (self, error);
      return;
    }

  /* The row is gone from Preferences; the toast says why. */
  parent = gtk_window_get_transient_for (GTK_WINDOW (self));
  if (ADW_IS_PREFERENCES_WINDOW (parent))
    {
      g_autofree char *title = g_strdup_printf (_("Removed “%s”"),
                                                pw_account_get_name (self->account));

      adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (parent),
                                        pw_toast_new_plain (title));
    }
  gtk_window_close (GTK_WINDOW (self));
}

static void
on_remove_response (PwAccountEditor *self,
                    const char      *response)
{
  if (!g_str_equal (response, "remove") || self->cancellable != NULL)
    return;

  set_busy (self, TRUE);
  show_status (self, NULL, FALSE);
  pw_account_manager_remove_async (self->manager, pw_account_get_id (self->account),
                                   self->cancellable, on_removed, self);
}

static void
ask_remove (PwAccountEditor *self,
            guint            n_waiting)
{
  AdwMessageDialog *dialog;
  g_autofree char *body = NULL;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), NULL, NULL));
  adw_message_dialog_format_heading (dialog, _("Remove “%s”?"),
                                     pw_account_get_name (self->account));
  if (n_waiting > 0)
    {
      g_autofree char *waiting = NULL;

      waiting = g_strdup_printf (g_dngettext (PW_GETTEXT_PACKAGE,
                                              "%u submission for this account is still waiting "
                                              "to be sent. It stays in Piecework, but it cannot "
                                              "be sent until the account is added again.",
                                              "%u submissions for this account are still waiting "
                                              "to be sent. They stay in Piecework, but they "
                                              "cannot be sent until the account is added again.",
                                              n_waiting),
                                 n_waiting);
      body = g_strdup_printf ("%s\n\n%s", _("Piecework forgets the account and its token. "
                                            "Your earnings and hours stay."), waiting);
    }
  else
    body = g_strdup (_("Piecework forgets the account and its token. "
                       "Your earnings and hours stay."));
  adw_message_dialog_set_body (dialog, body);

  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "remove", _("_Remove"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "remove", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  gtk_window_set_destroy_with_parent (GTK_WINDOW (dialog), TRUE);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_remove_response), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_waiting_counted (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  PwAccountEditor *self = user_data;
  g_autoptr (GError) error = NULL;
  guint n_waiting = 0;

  pw_store_count_waiting_submissions_finish (PW_STORE (source), result, &n_waiting, &error);
  if (answer_is_stale (error))
    return;

  /* Not knowing what waits is no reason to keep the worker from removing
   * the account. */
  if (error != NULL)
    g_warning ("Could not count the submissions waiting for %s: %s",
               pw_account_get_id (self->account), error->message);

  set_busy (self, FALSE);
  ask_remove (self, n_waiting);
}

static void
remove_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  PwAccountEditor *self = PW_ACCOUNT_EDITOR (widget);

  if (self->account == NULL || self->cancellable != NULL)
    return;

  if (self->store == NULL)
    {
      ask_remove (self, 0);
      return;
    }

  set_busy (self, TRUE);
  pw_store_count_waiting_submissions_async (self->store, pw_account_get_id (self->account),
                                            self->cancellable, on_waiting_counted, self);
}

/* The object */

static void
pw_account_editor_constructed (GObject *object)
{
  PwAccountEditor *self = PW_ACCOUNT_EDITOR (object);

  G_OBJECT_CLASS (pw_account_editor_parent_class)->constructed (object);

  g_assert (self->manager != NULL);

  if (self->account != NULL)
    {
      gtk_window_set_title (GTK_WINDOW (self), _("Edit Account"));
      gtk_button_set_label (GTK_BUTTON (self->save_button), _("_Save"));
      gtk_editable_set_text (GTK_EDITABLE (self->name_row), pw_account_get_name (self->account));
      gtk_editable_set_text (GTK_EDITABLE (self->url_row),
                             pw_account_get_base_url (self->account));
      update_token_hint (self);
      gtk_widget_set_visible (self->remove_group, TRUE);
      if (pw_account_get_problem (self->account) != NULL)
        show_status (self, pw_account_get_problem (self->account), TRUE);
    }

  gtk_widget_grab_focus (self->name_row);
  update_actions (self);
}

static void
pw_account_editor_dispose (GObject *object)
{
  PwAccountEditor *self = PW_ACCOUNT_EDITOR (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_weak_pointer (&self->focus_before_busy);

  gtk_widget_dispose_template (GTK_WIDGET (self), PW_TYPE_ACCOUNT_EDITOR);

  g_clear_object (&self->manager);
  g_clear_object (&self->store);
  g_clear_object (&self->account);

  G_OBJECT_CLASS (pw_account_editor_parent_class)->dispose (object);
}

static void
pw_account_editor_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  PwAccountEditor *self = PW_ACCOUNT_EDITOR (object);

  switch (prop_id)
    {
    case PROP_ACCOUNT_MANAGER:
      g_value_set_object (value, self->manager);
      break;

    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    case PROP_ACCOUNT:
      g_value_set_object (value, self->account);
      break;

    case PROP_BUSY:
      g_value_set_boolean (value, pw_account_editor_get_busy (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pw_account_editor_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  PwAccountEditor *self = PW_ACCOUNT_EDITOR (object);

  switch (prop_id)
    {
    case PROP_ACCOUNT_MANAGER:
      self->manager = g_value_dup_object (value);
      break;

    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;

    case PROP_ACCOUNT:
      self->account = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pw_account_editor_class_init (PwAccountEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = pw_account_editor_constructed;
  object_class->dispose = pw_account_editor_dispose;
  object_class->get_property = pw_account_editor_get_property;
  object_class->set_property = pw_account_editor_set_property;

  properties[PROP_ACCOUNT_MANAGER] =
    g_param_spec_object ("account-manager", NULL, NULL, PW_TYPE_ACCOUNT_MANAGER,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, PW_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ACCOUNT] =
    g_param_spec_object ("account", NULL, NULL, PW_TYPE_ACCOUNT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               PW_RESOURCE_BASE "/pw-account-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, PwAccountEditor, fields_group);
  gtk_widget_class_bind_template_child (widget_class, PwAccountEditor, name_row);
  gtk_widget_class_bind_template_child (widget_class, PwAccountEditor, url_row);
  gtk_widget_class_bind_template_child (widget_class, PwAccountEditor, token_row);
  gtk_widget_class_bind_template_child (widget_class, PwAccountEditor, status_label);
  gtk_widget_class_bind_template_child (widget_class, PwAccountEditor, spinner);
  gtk_widget_class_bind_template_child (widget_class, PwAccountEditor, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, PwAccountEditor, save_button);
  gtk_widget_class_bind_template_child (widget_class, PwAccountEditor, remove_group);
  /* Named for the tests, which press it. */
  gtk_widget_class_bind_template_child_full (widget_class, "remove_button", FALSE, 0);
  gtk_widget_class_bind_template_callback (widget_class, on_field_changed);

  gtk_widget_class_install_action (widget_class, "editor.save", NULL, save_activated);
  gtk_widget_class_install_action (widget_class, "editor.cancel", NULL, cancel_activated);
  gtk_widget_class_install_action (widget_class, "editor.remove", NULL, remove_activated);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "editor.cancel", NULL);
}

static void
pw_account_editor_init (PwAccountEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
