/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n.h>

#include "pw-application.h"
#include "pw-renderer-choice.h"
#include "pw-tasks-view-private.h"

/* The projects of each account, one group per account, rebuilt each time
 * the account is listed; each project's row claims its tasks (see
 * pw-tasks-view-claims.c). */

typedef struct
{
  PwTasksView         *self;
  char                *account_id;
  PwAccount           *account;
  gulong               notify_id;
  guint                refresh_id;
  AdwPreferencesGroup *group;
  GtkSpinner          *spinner;
  GtkWidget           *message_row;
  GPtrArray           *rows;
  GPtrArray           *projects;
  GCancellable        *cancellable;
} AccountGroup;

typedef struct
{
  PwTasksView *self;
  char         *account_id;
  GCancellable *cancellable;
} Listing;

static void
project_row_free (gpointer data)
{
  PwProjectRow *row = data;

  g_free (row->account_id);
  pw_project_unref (row->project);
  g_free (row);
}

PwProjectRow *
_pw_tasks_view_lookup_project_row (PwTasksView *self,
                                   const char  *key)
{
  GtkWidget *row = g_hash_table_lookup (self->project_rows, key);

  return row != NULL ? g_object_get_data (G_OBJECT (row), "pw-project-row") : NULL;
}

static void
listing_free (Listing *listing)
{
  g_object_unref (listing->self);
  g_free (listing->account_id);
  g_object_unref (listing->cancellable);
  g_free (listing);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Listing, listing_free)

static gboolean
demo_pending (void)
{
  GApplication *app = g_application_get_default ();

  return PW_IS_APPLICATION (app) && pw_application_get_demo_pending (PW_APPLICATION (app));
}

static void
update_loading (PwTasksView *self)
{
  GHashTableIter iter;
  gpointer value;
  gboolean loading = FALSE;

  g_hash_table_iter_init (&iter, self->groups);
  /* A list asked for and one about to be count alike. */
  while (!loading && g_hash_table_iter_next (&iter, NULL, &value))
    loading = ((AccountGroup *) value)->cancellable != NULL
              || ((AccountGroup *) value)->refresh_id != 0;
  /* So does the demo while it starts, with or without its account yet. */
  if (!loading && demo_pending ())
    loading = g_hash_table_size (self->groups) == 0
              || g_hash_table_contains (self->groups, PW_DEMO_ACCOUNT_ID);
  _pw_tasks_view_set_loading (self, loading);
}

/* The rows */

static const char *
kind_icon (PwTaskKind kind)
{
  switch (kind)
    {
    case PW_TASK_KIND_TEXT:
      return "text-x-generic-symbolic";
    case PW_TASK_KIND_AUDIO:
      return "audio-x-generic-symbolic";
    case PW_TASK_KIND_IMAGE:
    default:
      return "image-x-generic-symbolic";
    }
}

static char *
format_pay (PwProject *project)
{
  const PwMoney *pay = pw_project_get_pay (project);
  g_autofree char *money = NULL;

  if (pw_project_pays_outside (project))
    return g_strdup (C_("pay", "Paid outside the platform"));
  if (pw_project_is_unpaid (project))
    return g_strdup (C_("pay", "Unpaid"));

  money = pw_money_display_price (pay->micro, pay->currency);
  if (pw_project_get_pay_unit (project) == PW_PAY_PER_HOUR)
    /* Translators: a project's pay, "12.00 USD per hour" */
    return g_strdup_printf (_("%s per hour"), money);
  /* Translators: a project's pay, "0.04 USD per task" */
  return g_strdup_printf (_("%s per task"), money);
}

static char *
format_subtitle (PwProject *project)
{
  guint available = (guint) CLAMP (pw_project_get_available_tasks (project), 0, G_MAXUINT);
  g_autofree char *pay = format_pay (project);
  g_autofree char *tasks = NULL;

  if (pw_project_get_unsupported (project) != NULL)
    /* Translators: a project's kind and why Piecework cannot open it */
    return g_strdup_printf (_("%s · %s"), pw_queue_task_kind_name (pw_project_get_kind (project)),
                            pw_project_get_unsupported (project));
  if (pw_project_get_web_only (project) != NULL)
    /* Translators: a project's kind, for a project whose work opens only in
     * its platform's own web page */
    return g_strdup_printf (_("%s · Opens only in the platform's web page"),
                            pw_queue_task_kind_name (pw_project_get_kind (project)));

  tasks = g_strdup_printf (g_dngettext (PW_GETTEXT_PACKAGE, "%u task available",
                                        "%u tasks available", available), available);
  /* Translators: a project's kind, pay and available tasks, joined */
  return g_strdup_printf (_("%s · %s · %s"), pw_queue_task_kind_name (pw_project_get_kind (project)), pay, tasks);
}

static gboolean
group_lists_project (AccountGroup *group,
                     const char   *project_id)
{
  for (guint i = 0; group->projects != NULL && i < group->projects->len; i++)
    {
      if (g_strcmp0 (pw_project_get_id (group->projects->pdata[i]), project_id) == 0)
        return TRUE;
    }
  return FALSE;
}

static GtkWidget *
new_qualification_tag (AccountGroup *group,
                       PwProject    *project)
{
  gboolean passed = FALSE;
  const char *qualification = pw_project_get_qualification (project, &passed);
  GtkWidget *tag;

  if (qualification == NULL || passed)
    return NULL;

  if (group_lists_project (group, qualification))
    {
      tag = gtk_button_new_with_label (_("Qualification needed"));
      gtk_widget_set_tooltip_text (tag, _("Show the qualification project"));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (tag), "tasks.show-project");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (tag), "(ss)", group->account_id,
                                        qualification);
      gtk_widget_add_css_class (tag, "flat");
    }
  else
    tag = gtk_label_new (_("Qualification needed"));

  gtk_widget_add_css_class (tag, "tag");
  gtk_widget_add_css_class (tag, "warning");
  gtk_widget_set_valign (tag, GTK_ALIGN_CENTER);
  return tag;
}

static void
on_web_page_opened (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr (GtkWidget) button = user_data;
  g_autoptr (GError) error = NULL;
  GtkWidget *view;
  const char *url;
  g_autofree char *message = NULL;

  if (g_app_info_launch_default_for_uri_finish (result, &error))
    return;

  /* Where no browser opens it, the worker can still paste it into one. */
  url = g_object_get_data (G_OBJECT (button), "pw-web-only-url");
  gdk_clipboard_set_text (gtk_widget_get_clipboard (button), url);
  message = g_strdup_printf (_("No browser opened the page (%s). Its address is copied: "
                               "paste it into a browser."), error->message);
  view = gtk_widget_get_ancestor (button, PW_TYPE_TASKS_VIEW);
  if (view != NULL)
    _pw_tasks_view_toast (PW_TASKS_VIEW (view), message);
  else
    g_warning ("%s", message);
}

/* The page opens in the worker's browser, which makes its own choice of
 * a renderer (pw_renderer_choice_unset_for_launch()). */
static void
on_open_web_only (GtkButton *button,
                  gpointer   user_data)
{
  g_autoptr (GdkAppLaunchContext) context = NULL;

  context = gdk_display_get_app_launch_context (gtk_widget_get_display (GTK_WIDGET (button)));
  pw_renderer_choice_unset_for_launch (G_APP_LAUNCH_CONTEXT (context));
  g_app_info_launch_default_for_uri_async (g_object_get_data (G_OBJECT (button), "pw-web-only-url"),
                                           G_APP_LAUNCH_CONTEXT (context), NULL,
                                           on_web_page_opened, g_object_ref (button));
}

static GtkWidget *
new_project_row (AccountGroup *group,
                 PwProject    *project)
{
  PwTasksView *self = group->self;
  g_autofree char *subtitle = format_subtitle (project);
  PwProjectRow *row = g_new0 (PwProjectRow, 1);
  GtkWidget *widget = adw_action_row_new ();
  GtkWidget *icon = gtk_image_new_from_icon_name (kind_icon (pw_project_get_kind (project)));
  GtkWidget *tag = new_qualification_tag (group, project);
  GtkWidget *claim;

  row->account_id = g_strdup (group->account_id);
  row->project = pw_project_ref (project);
  g_object_set_data_full (G_OBJECT (widget), "pw-project-row", row, project_row_free);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (widget), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (widget), pw_project_get_name (project));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (widget), subtitle);
  gtk_widget_set_tooltip_text (icon, pw_queue_task_kind_name (pw_project_get_kind (project)));
  adw_action_row_add_prefix (ADW_ACTION_ROW (widget), icon);
  if (tag != NULL)
    adw_action_row_add_suffix (ADW_ACTION_ROW (widget), tag);
  adw_action_row_add_suffix (ADW_ACTION_ROW (widget), _pw_tasks_view_new_rate_button (self, row));
  if (pw_project_get_web_only (project) != NULL)
    {
      /* Its work opens in the platform's page alone: offer that page. */
      GtkWidget *open = gtk_button_new_with_mnemonic (_("Open in _Browser"));

      gtk_widget_set_valign (open, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (open, pw_project_get_web_only (project));
      g_object_set_data_full (G_OBJECT (open), "pw-web-only-url",
                              g_strdup (pw_project_get_web_only (project)), g_free);
      g_signal_connect (open, "clicked", G_CALLBACK (on_open_web_only), NULL);
      adw_action_row_add_suffix (ADW_ACTION_ROW (widget), open);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (widget), open);
      return widget;
    }
  claim = _pw_tasks_view_new_claim_control (self, row);
  adw_action_row_add_suffix (ADW_ACTION_ROW (widget), claim);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (widget), GTK_WIDGET (row->claim_button));
  return widget;
}

/* The groups */

static void
set_message (AccountGroup *group,
             const char   *icon_name,
             const char   *title,
             const char   *details)
{
  GtkWidget *icon;

  if (group->message_row != NULL)
    {
      adw_preferences_group_remove (group->group, group->message_row);
      g_clear_object (&group->message_row);
    }
  if (title == NULL)
    return;

  group->message_row = g_object_ref_sink (adw_action_row_new ());
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (group->message_row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (group->message_row), title);
  if (details != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (group->message_row), details);
  icon = gtk_image_new_from_icon_name (icon_name);
  adw_action_row_add_prefix (ADW_ACTION_ROW (group->message_row), icon);
  gtk_widget_add_css_class (group->message_row, "pw-account-message");
  adw_preferences_group_add (group->group, group->message_row);
}

static void
clear_rows (AccountGroup *group)
{
  PwTasksView *self = group->self;

  for (guint i = 0; i < group->rows->len; i++)
    {
      GtkWidget *widget = group->rows->pdata[i];
      PwProjectRow *row = g_object_get_data (G_OBJECT (widget), "pw-project-row");
      g_autofree char *key = NULL;

      g_assert (row != NULL);
      key = _pw_tasks_view_project_key (row->account_id, pw_project_get_id (row->project));

      if (g_hash_table_lookup (self->project_rows, key) == widget)
        g_hash_table_remove (self->project_rows, key);
      adw_preferences_group_remove (group->group, widget);
    }
  g_ptr_array_set_size (group->rows, 0);
}

static void
set_projects (AccountGroup *group,
              GPtrArray    *projects)
{
  PwTasksView *self = group->self;

  clear_rows (group);
  g_clear_pointer (&group->projects, g_ptr_array_unref);
  if (projects == NULL)
    return;

  group->projects = g_ptr_array_ref (projects);
  if (projects->len == 0)
    set_message (group, "view-list-bullet-symbolic",
                 _("This marketplace has no projects for you now."), NULL);
  for (guint i = 0; i < projects->len; i++)
    {
      PwProject *project = projects->pdata[i];
      GtkWidget *widget = new_project_row (group, project);

      adw_preferences_group_add (group->group, widget);
      g_ptr_array_add (group->rows, g_object_ref (widget));
      g_hash_table_replace (self->project_rows,
                            _pw_tasks_view_project_key (group->account_id,
                                                        pw_project_get_id (project)),
                            g_object_ref (widget));
    }
}

static void
on_projects_listed (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr (Listing) listing = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) projects = NULL;
  PwTasksView *self = listing->self;
  AccountGroup *group;

  projects = pw_connector_list_projects_finish (PW_CONNECTOR (source), result, &error);
  if (self->disposed || g_cancellable_is_cancelled (listing->cancellable))
    return;
  group = g_hash_table_lookup (self->groups, listing->account_id);
  if (group == NULL || group->cancellable != listing->cancellable)
    return;

  g_clear_object (&group->cancellable);
  gtk_spinner_set_spinning (group->spinner, FALSE);
  update_loading (self);

  if (projects == NULL)
    {
      const char *name = pw_account_get_name (group->account);
      g_autofree char *title = NULL;

      if (g_error_matches (error, PW_ERROR, PW_ERROR_UNAUTHORIZED))
        pw_account_manager_report_unauthorized (self->accounts, listing->account_id);

      if (g_error_matches (error, PW_ERROR, PW_ERROR_NETWORK))
        {
          /* Translators: %s is an account's name */
          title = g_strdup_printf (_("Could not reach %s; claimed tasks can still be done offline"),
                                   name);
          set_message (group, "network-offline-symbolic", title, error->message);
        }
      else
        set_message (group, "dialog-warning-symbolic", error->message, NULL);
      set_projects (group, NULL);
      return;
    }

  pw_store_save_projects (self->store, listing->account_id, projects);
  set_message (group, NULL, NULL, NULL);
  set_projects (group, projects);
}

/**
 * _pw_tasks_view_refresh_account:
 *
 * Lists the projects of one account again, dropping a list in flight.
 */
void
_pw_tasks_view_refresh_account (PwTasksView *self,
                                const char  *account_id)
{
  AccountGroup *group = g_hash_table_lookup (self->groups, account_id);
  g_autoptr (PwConnector) client = NULL;
  Listing *listing;

  if (group == NULL || self->store == NULL)
    return;

  if (group->cancellable != NULL)
    g_cancellable_cancel (group->cancellable);
  g_clear_object (&group->cancellable);

  client = pw_account_manager_get_connector (self->accounts, account_id);
  if (client == NULL && pw_account_get_is_demo (group->account) && demo_pending ())
    {
      /* The demo is starting; its address and token bring the list. */
      set_message (group, NULL, NULL, NULL);
      gtk_spinner_set_spinning (group->spinner, TRUE);
      update_loading (self);
      return;
    }
  if (client == NULL)
    {
      const char *problem = pw_account_get_problem (group->account);

      set_projects (group, NULL);
      set_message (group, "dialog-warning-symbolic",
                   problem != NULL ? problem
                                   : _("There is no token for this account; enter it again in Preferences."),
                   NULL);
      gtk_spinner_set_spinning (group->spinner, FALSE);
      update_loading (self);
      return;
    }

  /* What the last list said no longer holds; its projects stay until the
   * new list replaces them. */
  set_message (group, NULL, NULL, NULL);
  group->cancellable = g_cancellable_new ();
  gtk_spinner_set_spinning (group->spinner, TRUE);
  update_loading (self);

  listing = g_new0 (Listing, 1);
  listing->self = g_object_ref (self);
  listing->account_id = g_strdup (account_id);
  listing->cancellable = g_object_ref (group->cancellable);
  pw_connector_list_projects_async (client, group->cancellable, on_projects_listed, listing);
}

static gboolean
escape_title (GBinding     *binding,
              const GValue *from,
              GValue       *to,
              gpointer      user_data)
{
  const char *name = g_value_get_string (from);

  g_value_take_string (to, g_markup_escape_text (name != NULL ? name : "", -1));
  return TRUE;
}

static gboolean
refresh_changed_account (gpointer user_data)
{
  AccountGroup *group = user_data;

  group->refresh_id = 0;
  _pw_tasks_view_refresh_account (group->self, group->account_id);
  update_loading (group->self);
  return G_SOURCE_REMOVE;
}

static void
on_account_notify (AccountGroup *group,
                   GParamSpec   *pspec,
                   PwAccount    *account)
{
  /* A new token or address is worth a new list, and so is a problem
   * solved; a problem the manager noted came from a list, so it does not
   * start one again. The list waits for the account's change to be whole:
   * its address and its token change one after the other. */
  if (g_strcmp0 (pspec->name, "has-token") != 0 && g_strcmp0 (pspec->name, "base-url") != 0
      && (g_strcmp0 (pspec->name, "problem") != 0 || pw_account_get_problem (account) != NULL))
    return;
  if (group->refresh_id == 0)
    {
      /* At the default priority: after the change's other notifications,
       * but never behind the redraws of a busy window. */
      group->refresh_id = g_idle_add_full (G_PRIORITY_DEFAULT, refresh_changed_account, group,
                                           NULL);
      update_loading (group->self);
    }
}

static AccountGroup *
account_group_new (PwTasksView *self,
                   PwAccount   *account)
{
  AccountGroup *group = g_new0 (AccountGroup, 1);

  group->self = self;
  group->account_id = g_strdup (pw_account_get_id (account));
  group->account = g_object_ref (account);
  group->rows = g_ptr_array_new_with_free_func (g_object_unref);
  group->group = g_object_ref_sink (ADW_PREFERENCES_GROUP (adw_preferences_group_new ()));
  group->spinner = GTK_SPINNER (gtk_spinner_new ());
  adw_preferences_group_set_header_suffix (group->group, GTK_WIDGET (group->spinner));
  adw_preferences_group_add (group->group, _pw_tasks_view_new_rate_row (self, group->account_id));
  g_object_bind_property_full (account, "name", group->group, "title", G_BINDING_SYNC_CREATE,
                               escape_title, NULL, NULL, NULL);
  group->notify_id = g_signal_connect_swapped (account, "notify", G_CALLBACK (on_account_notify),
                                               group);
  gtk_box_append (self->projects_box, GTK_WIDGET (group->group));
  return group;
}

static void
account_group_free (gpointer data)
{
  AccountGroup *group = data;

  if (group->cancellable != NULL)
    g_cancellable_cancel (group->cancellable);
  g_clear_object (&group->cancellable);
  g_clear_signal_handler (&group->notify_id, group->account);
  g_clear_handle_id (&group->refresh_id, g_source_remove);
  clear_rows (group);
  set_message (group, NULL, NULL, NULL);
  _pw_tasks_view_forget_rate_row (group->self, group->account_id);
  gtk_box_remove (group->self->projects_box, GTK_WIDGET (group->group));
  g_object_unref (group->group);
  g_object_unref (group->account);
  g_clear_pointer (&group->projects, g_ptr_array_unref);
  g_ptr_array_unref (group->rows);
  g_free (group->account_id);
  g_free (group);
}

/**
 * _pw_tasks_view_sync_accounts:
 *
 * Gives each account a group, in the accounts' order, and drops the groups
 * of accounts that are gone. A new account is listed at once when the
 * place is shown, else when it is next shown.
 */
void
_pw_tasks_view_sync_accounts (PwTasksView *self)
{
  GListModel *accounts = pw_account_manager_get_accounts (self->accounts);
  guint n = g_list_model_get_n_items (accounts);
  g_autoptr (GHashTable) listed = g_hash_table_new (g_str_hash, g_str_equal);
  GtkWidget *previous = NULL;
  GHashTableIter iter;
  gpointer value;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr (PwAccount) account = g_list_model_get_item (accounts, i);
      AccountGroup *group = g_hash_table_lookup (self->groups, pw_account_get_id (account));

      if (group == NULL)
        {
          group = account_group_new (self, account);
          g_hash_table_insert (self->groups, group->account_id, group);
          if (gtk_widget_get_mapped (GTK_WIDGET (self)))
            _pw_tasks_view_refresh_account (self, group->account_id);
          else
            self->listed_at = 0;
        }
      gtk_box_reorder_child_after (self->projects_box, GTK_WIDGET (group->group), previous);
      previous = GTK_WIDGET (group->group);
      g_hash_table_add (listed, group->account_id);
    }

  g_hash_table_iter_init (&iter, self->groups);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      if (!g_hash_table_contains (listed, ((AccountGroup *) value)->account_id))
        g_hash_table_iter_remove (&iter);
    }

  update_loading (self);
  /* With no account yet, the demo that is starting will be one. */
  gtk_stack_set_visible_child_name (self->projects_stack,
                                    n > 0 ? "accounts" : demo_pending () ? "waiting" : "none");
}

/**
 * _pw_tasks_view_show_project:
 *
 * Scrolls to a project's row and gives it the focus.
 */
void
_pw_tasks_view_show_project (PwTasksView *self,
                             const char  *account_id,
                             const char  *project_id)
{
  g_autofree char *key = _pw_tasks_view_project_key (account_id, project_id);
  GtkWidget *row = g_hash_table_lookup (self->project_rows, key);

  if (row != NULL)
    gtk_widget_grab_focus (row);
}

static void
show_project_activated (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  const char *account_id;
  const char *project_id;

  g_variant_get (parameter, "(&s&s)", &account_id, &project_id);
  _pw_tasks_view_show_project (PW_TASKS_VIEW (widget), account_id, project_id);
}

/**
 * pw_tasks_view_get_account_group:
 *
 * Returns: (transfer none) (nullable): the group that shows an account's
 *   projects
 */
AdwPreferencesGroup *
pw_tasks_view_get_account_group (PwTasksView *self,
                                 const char  *account_id)
{
  AccountGroup *group;

  g_return_val_if_fail (PW_IS_TASKS_VIEW (self), NULL);

  group = g_hash_table_lookup (self->groups, account_id);
  return group != NULL ? group->group : NULL;
}

/**
 * pw_tasks_view_get_project_row:
 *
 * Returns: (transfer none) (nullable): the row that shows a project
 */
AdwActionRow *
pw_tasks_view_get_project_row (PwTasksView *self,
                               const char  *account_id,
                               const char  *project_id)
{
  g_autofree char *key = NULL;

  g_return_val_if_fail (PW_IS_TASKS_VIEW (self), NULL);

  key = _pw_tasks_view_project_key (account_id, project_id);
  return g_hash_table_lookup (self->project_rows, key);
}

void
_pw_tasks_view_init_projects (PwTasksView *self)
{
  self->groups = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, account_group_free);
  self->project_rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
}

/**
 * _pw_tasks_view_take_claimed:
 * @n_claimed: the tasks a claim of the project took
 *
 * Shows at once, on the project's row, that a claim took @n_claimed of
 * its tasks (all of them, for a project that claims whole), without
 * building the row again while the claim shows its progress there; the
 * next list says what the marketplace counts.
 */
void
_pw_tasks_view_take_claimed (PwTasksView *self,
                             const char  *account_id,
                             const char  *project_id,
                             guint        n_claimed)
{
  g_autofree char *key = _pw_tasks_view_project_key (account_id, project_id);
  GtkWidget *widget = g_hash_table_lookup (self->project_rows, key);
  PwProjectRow *row = widget != NULL ? g_object_get_data (G_OBJECT (widget), "pw-project-row") : NULL;
  g_autoptr (JsonNode) json = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *subtitle = NULL;
  PwProject *project;
  gint64 available;

  if (row == NULL || pw_project_get_json (row->project) == NULL)
    return;
  available = pw_project_get_claims_whole (row->project)
              ? 0 : MAX (pw_project_get_available_tasks (row->project) - (gint64) n_claimed, 0);
  json = json_node_copy (pw_project_get_json (row->project));
  json_object_set_int_member (json_node_get_object (json), "available_tasks", available);
  project = pw_project_new_from_json (json, project_id, &error);
  if (project == NULL)
    {
      g_debug ("The claimed project could not be shown again: %s", error->message);
      return;
    }
  pw_project_unref (row->project);
  row->project = project;
  subtitle = format_subtitle (project);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (widget), subtitle);
  if (row->claim_button != NULL)
    gtk_widget_set_sensitive (GTK_WIDGET (row->claim_button),
                              available > 0 && pw_project_get_unsupported (project) == NULL);
}

/**
 * _pw_tasks_view_lists_project:
 *
 * Returns: %TRUE when the last list of @account_id holds @project_id
 */
gboolean
_pw_tasks_view_lists_project (PwTasksView *self,
                              const char  *account_id,
                              const char  *project_id)
{
  AccountGroup *group = g_hash_table_lookup (self->groups, account_id);

  return group != NULL && group_lists_project (group, project_id);
}

void
_pw_tasks_view_dispose_projects (PwTasksView *self)
{
  g_clear_pointer (&self->groups, g_hash_table_unref);
  g_clear_pointer (&self->project_rows, g_hash_table_unref);
}

void
_pw_tasks_view_class_init_projects (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "tasks.show-project", "(ss)",
                                   show_project_activated);
}
