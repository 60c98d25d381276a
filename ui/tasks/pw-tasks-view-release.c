/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n.h>

#include "pw-tasks-view-private.h"

/* Releasing hands queued tasks back to their marketplace, per claim, before
 * their lease runs out. The store marks them released once the marketplace
 * has taken them; a marketplace that cannot be reached keeps them. */

typedef struct
{
  PwTasksView *self;
  guint         pending;
  guint         released;
  guint         failed;
  char         *error;
  GHashTable   *accounts;
} Release;

typedef struct
{
  Release   *release;
  char      *account_id;
  char      *claim_id;
  GPtrArray *task_ids;
} ClaimRelease;

static void
claim_release_free (ClaimRelease *claim)
{
  g_free (claim->account_id);
  g_free (claim->claim_id);
  g_ptr_array_unref (claim->task_ids);
  g_free (claim);
}

static void
release_finish (Release *release)
{
  PwTasksView *self = release->self;
  GHashTableIter iter;
  gpointer account_id;

  if (!self->disposed)
    {
      g_autofree char *released = NULL;
      g_autofree char *failed = NULL;
      g_autofree char *message = NULL;

      if (release->released > 0)
        released = g_strdup_printf (g_dngettext (PW_GETTEXT_PACKAGE, "Released %u task",
                                                 "Released %u tasks", release->released),
                                    release->released);
      if (release->failed > 0)
        failed = g_strdup_printf (g_dngettext (PW_GETTEXT_PACKAGE,
                                               "%u task could not be released and stays in the queue: %s",
                                               "%u tasks could not be released and stay in the queue: %s",
                                               release->failed),
                                  release->failed, release->error);
      if (released != NULL && failed != NULL)
        /* Translators: the tasks released, then those that could not be */
        message = g_strdup_printf (_("%s; %s"), released, failed);
      _pw_tasks_view_toast (self, message != NULL ? message : released != NULL ? released : failed);

      g_hash_table_iter_init (&iter, release->accounts);
      while (g_hash_table_iter_next (&iter, &account_id, NULL))
        _pw_tasks_view_refresh_account (self, account_id);
      pw_tasks_view_reload_queue (self);
    }

  g_object_unref (release->self);
  g_hash_table_unref (release->accounts);
  g_free (release->error);
  g_free (release);
}

static void
claim_release_done (ClaimRelease *claim,
                    gboolean      released,
                    const char   *error)
{
  Release *release = claim->release;
  PwTasksView *self = release->self;

  for (guint i = 0; i < claim->task_ids->len; i++)
    {
      g_autofree char *key = pw_queue_task_key (claim->account_id, claim->task_ids->pdata[i]);

      g_hash_table_remove (self->releasing, key);
    }

  if (released)
    {
      release->released += claim->task_ids->len;
      g_hash_table_add (release->accounts, g_strdup (claim->account_id));
    }
  else
    {
      release->failed += claim->task_ids->len;
      if (release->error == NULL)
        release->error = g_strdup (error);
    }

  claim_release_free (claim);
  if (--release->pending == 0)
    release_finish (release);
}

static void
on_released (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  ClaimRelease *claim = user_data;
  PwTasksView *self = claim->release->self;
  g_autoptr (GError) error = NULL;
  g_autofree char *message = NULL;
  guint n_released = 0;

  if (pw_connector_release_finish (PW_CONNECTOR (source), result, &n_released, &error))
    {
      g_ptr_array_add (claim->task_ids, NULL);
      if (self->store != NULL)
        pw_store_release_tasks (self->store, claim->account_id,
                                (const char *const *) claim->task_ids->pdata);
      g_ptr_array_remove_index (claim->task_ids, claim->task_ids->len - 1);
      claim_release_done (claim, TRUE, NULL);
      return;
    }

  if (g_error_matches (error, PW_ERROR, PW_ERROR_UNAUTHORIZED) && self->accounts != NULL)
    pw_account_manager_report_unauthorized (self->accounts, claim->account_id);
  if (g_error_matches (error, PW_ERROR, PW_ERROR_NETWORK))
    /* Translators: %s is an account's name */
    message = g_strdup_printf (_("could not reach %s"),
                               _pw_tasks_view_account_name (self, claim->account_id));
  claim_release_done (claim, FALSE, message != NULL ? message : error->message);
}

static void
release_items (PwTasksView *self,
               GPtrArray   *items)
{
  g_autoptr (GHashTable) claims = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  Release *release = g_new0 (Release, 1);
  GHashTableIter iter;
  gpointer value;

  release->self = g_object_ref (self);
  release->accounts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < items->len; i++)
    {
      const PwStoreTask *task = pw_queue_task_get_task (items->pdata[i]);
      const char *key = pw_queue_task_get_key (items->pdata[i]);
      g_autofree char *claim_key = pw_queue_task_key (task->account_id, task->claim_id);
      ClaimRelease *claim;

      if (g_hash_table_contains (self->releasing, key)
          || pw_queue_task_get_lease_state (items->pdata[i]) == PW_LEASE_EXPIRED)
        continue;
      g_hash_table_add (self->releasing, g_strdup (key));

      claim = g_hash_table_lookup (claims, claim_key);
      if (claim == NULL)
        {
          claim = g_new0 (ClaimRelease, 1);
          claim->release = release;
          claim->account_id = g_strdup (task->account_id);
          claim->claim_id = g_strdup (task->claim_id);
          claim->task_ids = g_ptr_array_new_with_free_func (g_free);
          g_hash_table_insert (claims, g_steal_pointer (&claim_key), claim);
          release->pending++;
        }
      g_ptr_array_add (claim->task_ids, g_strdup (task->task_id));
    }

  if (release->pending == 0)
    {
      g_object_unref (release->self);
      g_hash_table_unref (release->accounts);
      g_free (release);
      return;
    }

  /* One extra count, so that a claim that fails at once does not end the
   * release before the others have started. */
  release->pending++;
  g_hash_table_iter_init (&iter, claims);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      ClaimRelease *claim = value;
      g_autoptr (PwConnector) client = pw_account_manager_get_connector (self->accounts,
                                                                         claim->account_id);

      if (client == NULL)
        {
          claim_release_done (claim, FALSE, _("the account has no token; enter it again in Preferences"));
          continue;
        }
      g_ptr_array_add (claim->task_ids, NULL);
      pw_connector_release_async (client, claim->claim_id,
                                  (const char *const *) claim->task_ids->pdata,
                                  self->cancellable, on_released, claim);
      g_ptr_array_remove_index (claim->task_ids, claim->task_ids->len - 1);
    }
  if (--release->pending == 0)
    release_finish (release);
}

static void
on_release_response (PwTasksView      *self,
                     const char       *response,
                     AdwMessageDialog *dialog)
{
  GPtrArray *items = g_object_get_data (G_OBJECT (dialog), "pw-items");

  if (g_strcmp0 (response, "release") == 0 && !self->disposed)
    release_items (self, items);
  if (self->release_dialog == dialog)
    self->release_dialog = NULL;
}

/* Handing back several tasks cannot be undone once the marketplace has
 * them: ask first. One task goes at once. */
static void
ask_release (PwTasksView *self,
             GPtrArray   *items)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autofree char *heading = NULL;
  AdwMessageDialog *dialog;

  if (items->len == 0)
    return;
  if (items->len == 1 || !GTK_IS_WINDOW (root))
    {
      release_items (self, items);
      return;
    }

  if (self->release_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->release_dialog));

  heading = g_strdup_printf (g_dngettext (PW_GETTEXT_PACKAGE, "Release %u Task?",
                                          "Release %u Tasks?", items->len), items->len);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (root), heading,
                                                       _("The marketplace takes them back and may hand them to someone else. This cannot be undone.")));
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "release", _("_Release"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "release", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "pw-items", g_ptr_array_ref (items),
                          (GDestroyNotify) g_ptr_array_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_release_response), self,
                           G_CONNECT_SWAPPED);
  self->release_dialog = dialog;
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
release_activated (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  PwTasksView *self = PW_TASKS_VIEW (widget);
  g_autoptr (GPtrArray) items = _pw_tasks_view_selected_tasks (self);

  ask_release (self, items);
}

static void
release_claim_activated (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  PwTasksView *self = PW_TASKS_VIEW (widget);
  g_autoptr (GPtrArray) selected = _pw_tasks_view_selected_tasks (self);
  g_autoptr (GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (GHashTable) claims = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->queue));

  for (guint i = 0; i < selected->len; i++)
    {
      const PwStoreTask *task = pw_queue_task_get_task (selected->pdata[i]);

      g_hash_table_add (claims, pw_queue_task_key (task->account_id, task->claim_id));
    }
  for (guint i = 0; i < n; i++)
    {
      PwQueueTask *item = _pw_tasks_view_queue_item (self, i);
      const PwStoreTask *task = pw_queue_task_get_task (item);
      g_autofree char *claim_key = pw_queue_task_key (task->account_id, task->claim_id);

      if (g_hash_table_contains (claims, claim_key))
        g_ptr_array_add (items, g_object_ref (item));
    }
  ask_release (self, items);
}

static void
release_task_activated (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  PwTasksView *self = PW_TASKS_VIEW (widget);
  g_autoptr (GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *key = NULL;
  const char *account_id;
  const char *task_id;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->queue));

  g_variant_get (parameter, "(&s&s)", &account_id, &task_id);
  key = pw_queue_task_key (account_id, task_id);
  for (guint i = 0; i < n; i++)
    {
      if (g_strcmp0 (pw_queue_task_get_key (_pw_tasks_view_queue_item (self, i)), key) == 0)
        g_ptr_array_add (items, g_object_ref (_pw_tasks_view_queue_item (self, i)));
    }
  ask_release (self, items);
}

void
_pw_tasks_view_init_release (PwTasksView *self)
{
  self->releasing = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

void
_pw_tasks_view_dispose_release (PwTasksView *self)
{
  if (self->release_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->release_dialog));
  self->release_dialog = NULL;
}

/* Releases in flight hold the view until they end. */
void
_pw_tasks_view_finalize_release (PwTasksView *self)
{
  g_clear_pointer (&self->releasing, g_hash_table_unref);
}

void
_pw_tasks_view_class_init_release (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "tasks.release", NULL, release_activated);
  gtk_widget_class_install_action (widget_class, "tasks.release-claim", NULL,
                                   release_claim_activated);
  gtk_widget_class_install_action (widget_class, "tasks.release-task", "(ss)",
                                   release_task_activated);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "tasks.release", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Delete, 0, "tasks.release", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, GDK_SHIFT_MASK,
                                       "tasks.release-claim", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Delete, GDK_SHIFT_MASK,
                                       "tasks.release-claim", NULL);
}
