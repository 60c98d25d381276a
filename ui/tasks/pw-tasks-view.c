/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n.h>

#include "pw-application.h"
#include "pw-plain-text.h"
#include "pw-tasks-view-private.h"

/* The Tasks place: the projects of every account, where tasks are claimed
 * with their media for offline work, and the queue of claimed tasks with
 * their leases. The projects live in pw-tasks-view-projects.c, the claims
 * in pw-tasks-view-claims.c, the queue in pw-tasks-view-queue.c and
 * releasing in pw-tasks-view-release.c. */

G_DEFINE_FINAL_TYPE (PwTasksView, pw_tasks_view, ADW_TYPE_BIN)

/* A list older than this is listed again when the place is shown. */
#define REFRESH_AFTER_US (60 * G_USEC_PER_SEC)

enum {
  PROP_0,
  PROP_LOADING,
  PROP_N_QUEUED,
  PROP_LEASE_ENDING,
  N_PROPS
};

enum {
  OPEN_TASK,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static AdwToast *
new_toast (PwTasksView *self,
           const char  *message)
{
  AdwToast *toast;

  /* For scripts and tests; a toast goes away. */
  g_debug ("Tasks: %s", message);
  if (gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY) == NULL)
    return NULL;

  /* Names come from the marketplace. */
  toast = pw_toast_new_plain (message);
  adw_toast_set_timeout (toast, 6);
  return toast;
}

static void
add_toast (PwTasksView *self,
           AdwToast    *toast)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
}

/**
 * _pw_tasks_view_toast:
 * @message: a sentence, not markup
 *
 * Says @message in the window's toast overlay.
 */
void
_pw_tasks_view_toast (PwTasksView *self,
                      const char  *message)
{
  AdwToast *toast = new_toast (self, message);

  if (toast != NULL)
    add_toast (self, toast);
}

static void
on_toast_show_project (PwTasksView *self,
                       AdwToast    *toast)
{
  const char *account_id = g_object_get_data (G_OBJECT (toast), "pw-account-id");
  const char *project_id = g_object_get_data (G_OBJECT (toast), "pw-project-id");

  _pw_tasks_view_show_project (self, account_id, project_id);
}

/**
 * _pw_tasks_view_toast_show_project:
 * @message: a sentence, not markup
 *
 * Says @message with a button that shows a project: the toast lives in the
 * window's overlay, out of reach of the view's actions.
 */
void
_pw_tasks_view_toast_show_project (PwTasksView *self,
                                   const char  *message,
                                   const char  *account_id,
                                   const char  *project_id)
{
  AdwToast *toast = new_toast (self, message);

  if (toast == NULL)
    return;

  adw_toast_set_button_label (toast, _("Show Qualification"));
  g_object_set_data_full (G_OBJECT (toast), "pw-account-id", g_strdup (account_id), g_free);
  g_object_set_data_full (G_OBJECT (toast), "pw-project-id", g_strdup (project_id), g_free);
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (on_toast_show_project), self,
                           G_CONNECT_SWAPPED);
  add_toast (self, toast);
}

const char *
_pw_tasks_view_account_name (PwTasksView *self,
                             const char  *account_id)
{
  PwAccount *account = self->accounts != NULL
                         ? pw_account_manager_lookup (self->accounts, account_id) : NULL;

  return account != NULL ? pw_account_get_name (account) : account_id;
}

char *
_pw_tasks_view_project_key (const char *account_id,
                            const char *project_id)
{
  return g_strconcat (account_id, "\x1f", project_id, NULL);
}

void
_pw_tasks_view_emit_open_task (PwTasksView *self,
                               const char  *account_id,
                               const char  *task_id)
{
  g_signal_emit (self, signals[OPEN_TASK], 0, account_id, task_id);
}

void
_pw_tasks_view_set_loading (PwTasksView *self,
                            gboolean     loading)
{
  gtk_spinner_set_spinning (self->projects_spinner, loading);
  if (loading == self->loading)
    return;

  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

void
_pw_tasks_view_set_n_queued (PwTasksView *self,
                             guint        n_queued,
                             gboolean     lease_ending)
{
  g_autofree char *count = NULL;

  count = n_queued > 0 ? g_strdup_printf (g_dngettext (PW_GETTEXT_PACKAGE, "%u task",
                                                       "%u tasks", n_queued), n_queued)
                       : g_strdup ("");
  gtk_label_set_label (self->queue_count, count);

  if (n_queued != self->n_queued)
    {
      self->n_queued = n_queued;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_QUEUED]);
    }
  if (lease_ending != self->lease_ending)
    {
      self->lease_ending = lease_ending;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LEASE_ENDING]);
    }
}

/**
 * pw_tasks_view_refresh:
 *
 * Lists the projects of every account again.
 */
void
pw_tasks_view_refresh (PwTasksView *self)
{
  GListModel *accounts;
  guint n;

  g_return_if_fail (PW_IS_TASKS_VIEW (self));

  if (self->accounts == NULL)
    return;

  self->listed_at = g_get_monotonic_time ();
  accounts = pw_account_manager_get_accounts (self->accounts);
  n = g_list_model_get_n_items (accounts);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (PwAccount) account = g_list_model_get_item (accounts, i);

      _pw_tasks_view_refresh_account (self, pw_account_get_id (account));
    }
}

/**
 * pw_tasks_view_get_loading:
 *
 * Returns: %TRUE while the projects of an account are being listed
 */
gboolean
pw_tasks_view_get_loading (PwTasksView *self)
{
  g_return_val_if_fail (PW_IS_TASKS_VIEW (self), FALSE);

  return self->loading;
}

/**
 * pw_tasks_view_get_n_claiming:
 *
 * Returns: how many claims are being made or downloaded
 */
guint
pw_tasks_view_get_n_claiming (PwTasksView *self)
{
  g_return_val_if_fail (PW_IS_TASKS_VIEW (self), 0);

  return g_hash_table_size (self->claims);
}

/**
 * pw_tasks_view_get_n_queued:
 *
 * Returns: how many claimed tasks wait in the queue, their lease running
 */
guint
pw_tasks_view_get_n_queued (PwTasksView *self)
{
  g_return_val_if_fail (PW_IS_TASKS_VIEW (self), 0);

  return self->n_queued;
}

/**
 * pw_tasks_view_get_lease_ending:
 *
 * Returns: %TRUE when a queued task's lease runs out within ten minutes
 */
gboolean
pw_tasks_view_get_lease_ending (PwTasksView *self)
{
  g_return_val_if_fail (PW_IS_TASKS_VIEW (self), FALSE);

  return self->lease_ending;
}

/**
 * pw_tasks_view_get_queue:
 *
 * Returns: (transfer none): the queue, of #PwQueueTask, the lease that runs
 *   out first first
 */
GListModel *
pw_tasks_view_get_queue (PwTasksView *self)
{
  g_return_val_if_fail (PW_IS_TASKS_VIEW (self), NULL);

  return G_LIST_MODEL (self->queue);
}

/**
 * pw_tasks_view_get_queue_selection:
 *
 * Returns: (transfer none): which queued tasks are selected
 */
GtkSelectionModel *
pw_tasks_view_get_queue_selection (PwTasksView *self)
{
  g_return_val_if_fail (PW_IS_TASKS_VIEW (self), NULL);

  return GTK_SELECTION_MODEL (self->selection);
}

void
_pw_tasks_view_update_actions (PwTasksView *self)
{
  g_autoptr (GtkBitset) selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  gboolean any = !gtk_bitset_is_empty (selected);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "tasks.refresh", self->accounts != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "tasks.cancel-claims",
                                 g_hash_table_size (self->claims) > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "tasks.open", any);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "tasks.release", any);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "tasks.release-claim", any);
}

/* Where the work comes from */

static void
on_accounts_changed (PwTasksView *self)
{
  _pw_tasks_view_sync_accounts (self);
  /* The queue names each task's account: the accounts are read after the
   * queue at start, and one can be renamed or removed. */
  pw_tasks_view_reload_queue (self);
}

static void
take_sources (PwTasksView   *self,
              PwApplication *app)
{
  const GError *error = pw_application_get_store_error (app);

  g_set_object (&self->store, pw_application_get_store (app));
  g_set_object (&self->accounts, pw_application_get_account_manager (app));

  if (self->store == NULL || self->accounts == NULL)
    {
      pw_status_page_set_description_plain (self->store_error_page,
                                            error != NULL
                                            ? error->message
                                            : _("The store of tasks could not be opened."));
      gtk_stack_set_visible_child_name (self->projects_stack, "no-store");
      _pw_tasks_view_update_actions (self);
      return;
    }

  self->accounts_changed_id =
    g_signal_connect_swapped (pw_account_manager_get_accounts (self->accounts), "items-changed",
                              G_CALLBACK (on_accounts_changed), self);
  _pw_tasks_view_sync_accounts (self);
  _pw_tasks_view_update_actions (self);
  _pw_tasks_view_reload_rates (self);
  pw_tasks_view_reload_queue (self);
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    pw_tasks_view_refresh (self);
}

static void
on_store_ready (PwTasksView   *self,
                GParamSpec    *pspec,
                PwApplication *app)
{
  if (!pw_application_get_store_ready (app))
    return;

  g_clear_signal_handler (&self->store_ready_id, app);
  take_sources (self, app);
}

/* The clock */

static gboolean
on_tick (gpointer user_data)
{
  _pw_tasks_view_tick (user_data);
  return G_SOURCE_CONTINUE;
}

static void
pw_tasks_view_map (GtkWidget *widget)
{
  PwTasksView *self = PW_TASKS_VIEW (widget);
  GApplication *app = g_application_get_default ();

  GTK_WIDGET_CLASS (pw_tasks_view_parent_class)->map (widget);

  g_clear_handle_id (&self->wake_id, g_source_remove);
  if (self->tick_id == 0)
    self->tick_id = g_timeout_add_seconds (1, on_tick, self);
  _pw_tasks_view_tick (self);

  /* The demo marketplace starts when the Tasks place is first shown. */
  if (PW_IS_APPLICATION (app))
    pw_application_start_demo (PW_APPLICATION (app));

  if (self->accounts == NULL)
    return;
  _pw_tasks_view_sync_accounts (self);
  pw_tasks_view_reload_queue (self);
  if (self->listed_at == 0 || g_get_monotonic_time () - self->listed_at > REFRESH_AFTER_US)
    pw_tasks_view_refresh (self);
}

static void
pw_tasks_view_unmap (GtkWidget *widget)
{
  PwTasksView *self = PW_TASKS_VIEW (widget);

  g_clear_handle_id (&self->tick_id, g_source_remove);
  GTK_WIDGET_CLASS (pw_tasks_view_parent_class)->unmap (widget);
  /* Out of sight, only the next lease to warn about or run out wakes it. */
  _pw_tasks_view_tick (self);
}

static void
refresh_activated (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  pw_tasks_view_refresh (PW_TASKS_VIEW (widget));
}

static void
on_ledger_changed (PwTasksView *self)
{
  if (self->store != NULL && !self->disposed)
    pw_tasks_view_reload_queue (self);
}

static void
on_demo_pending (PwTasksView   *self,
                 GParamSpec    *pspec,
                 PwApplication *app)
{
  if (self->accounts == NULL || self->disposed)
    return;
  _pw_tasks_view_sync_accounts (self);
  /* A demo that could not start says so in its group. */
  if (!pw_application_get_demo_pending (app) && !pw_application_get_demo_running (app))
    _pw_tasks_view_refresh_account (self, PW_DEMO_ACCOUNT_ID);
}

/* The object */

static void
pw_tasks_view_dispose (GObject *object)
{
  PwTasksView *self = PW_TASKS_VIEW (object);
  GApplication *app = g_application_get_default ();

  self->disposed = TRUE;
  g_cancellable_cancel (self->cancellable);
  if (app != NULL)
    {
      g_clear_signal_handler (&self->store_ready_id, app);
      g_clear_signal_handler (&self->ledger_changed_id, app);
      g_clear_signal_handler (&self->demo_pending_id, app);
    }
  if (self->accounts != NULL)
    g_clear_signal_handler (&self->accounts_changed_id,
                            pw_account_manager_get_accounts (self->accounts));
  g_clear_handle_id (&self->tick_id, g_source_remove);
  g_clear_handle_id (&self->wake_id, g_source_remove);

  /* The claims in flight hold the view until they end; they end soon once
   * cancelled. */
  _pw_tasks_view_cancel_claims (self);
  _pw_tasks_view_dispose_projects (self);
  _pw_tasks_view_dispose_release (self);
  _pw_tasks_view_dispose_queue (self);

  g_clear_object (&self->store);
  g_clear_object (&self->accounts);
  g_clear_object (&self->cancellable);

  /* AdwBin unparents its child, the template: no dispose_template here. */
  G_OBJECT_CLASS (pw_tasks_view_parent_class)->dispose (object);
}

static void
pw_tasks_view_finalize (GObject *object)
{
  PwTasksView *self = PW_TASKS_VIEW (object);

  _pw_tasks_view_finalize_claims (self);
  _pw_tasks_view_finalize_queue (self);
  _pw_tasks_view_finalize_release (self);
  _pw_tasks_view_finalize_rates (self);

  G_OBJECT_CLASS (pw_tasks_view_parent_class)->finalize (object);
}

static void
pw_tasks_view_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  PwTasksView *self = PW_TASKS_VIEW (object);

  switch (prop_id)
    {
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;

    case PROP_N_QUEUED:
      g_value_set_uint (value, self->n_queued);
      break;

    case PROP_LEASE_ENDING:
      g_value_set_boolean (value, self->lease_ending);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pw_tasks_view_class_init (PwTasksViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pw_tasks_view_dispose;
  object_class->finalize = pw_tasks_view_finalize;
  object_class->get_property = pw_tasks_view_get_property;

  widget_class->map = pw_tasks_view_map;
  widget_class->unmap = pw_tasks_view_unmap;

  /**
   * PwTasksView:loading:
   *
   * Whether the projects of an account are being listed.
   */
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * PwTasksView:n-queued:
   *
   * How many claimed tasks wait in the queue.
   */
  properties[PROP_N_QUEUED] =
    g_param_spec_uint ("n-queued", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * PwTasksView:lease-ending:
   *
   * Whether a queued task's lease runs out within ten minutes.
   */
  properties[PROP_LEASE_ENDING] =
    g_param_spec_boolean ("lease-ending", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * PwTasksView::open-task:
   * @self: the view
   * @account_id: the account that claimed the task
   * @task_id: the task
   *
   * The worker asked to work on a queued task.
   */
  signals[OPEN_TASK] =
    g_signal_new ("open-task", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, PW_RESOURCE_BASE "/pw-tasks-view.ui");
  gtk_widget_class_bind_template_child (widget_class, PwTasksView, projects_stack);
  gtk_widget_class_bind_template_child (widget_class, PwTasksView, projects_box);
  gtk_widget_class_bind_template_child (widget_class, PwTasksView, projects_spinner);
  gtk_widget_class_bind_template_child (widget_class, PwTasksView, store_error_page);
  gtk_widget_class_bind_template_child (widget_class, PwTasksView, queue_stack);
  gtk_widget_class_bind_template_child (widget_class, PwTasksView, queue_view);
  gtk_widget_class_bind_template_child (widget_class, PwTasksView, queue_count);

  gtk_widget_class_install_action (widget_class, "tasks.refresh", NULL, refresh_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "tasks.refresh", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK,
                                       "tasks.refresh", NULL);
  _pw_tasks_view_class_init_projects (widget_class);
  _pw_tasks_view_class_init_claims (widget_class);
  _pw_tasks_view_class_init_queue (widget_class);
  _pw_tasks_view_class_init_release (widget_class);
  _pw_tasks_view_class_init_rates (widget_class);
}

static void
pw_tasks_view_init (PwTasksView *self)
{
  GApplication *app = g_application_get_default ();

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  _pw_tasks_view_init_projects (self);
  _pw_tasks_view_init_claims (self);
  _pw_tasks_view_init_queue (self);
  _pw_tasks_view_init_release (self);
  _pw_tasks_view_init_rates (self);
  _pw_tasks_view_update_actions (self);

  if (!PW_IS_APPLICATION (app))
    return;
  /* A task submitted in the work area leaves the queue. */
  self->ledger_changed_id = g_signal_connect_swapped (app, "ledger-changed",
                                                      G_CALLBACK (on_ledger_changed), self);
  self->demo_pending_id = g_signal_connect_swapped (app, "notify::demo-pending",
                                                    G_CALLBACK (on_demo_pending), self);
  if (pw_application_get_store_ready (PW_APPLICATION (app)))
    take_sources (self, PW_APPLICATION (app));
  else
    self->store_ready_id = g_signal_connect_swapped (app, "notify::store-ready",
                                                     G_CALLBACK (on_store_ready), self);
}
