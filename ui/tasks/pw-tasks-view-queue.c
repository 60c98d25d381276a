/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n.h>

#include "pw-tasks-view-private.h"

/* The queue: every claimed task of every account that waits for work, the
 * lease that runs out first first. One clock moves the countdowns; a lease
 * that runs out takes its task out of the queue, its work staying in the
 * store. Releasing is in pw-tasks-view-release.c. */

/* The columns */

static void
unbind_label (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item)
{
  GtkWidget *label = gtk_list_item_get_child (list_item);
  GBinding *binding = g_object_get_data (G_OBJECT (list_item), "pw-binding");
  gpointer item = g_object_get_data (G_OBJECT (list_item), "pw-item");
  gulong handler = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (list_item), "pw-handler"));

  if (binding != NULL)
    g_binding_unbind (binding);
  if (handler != 0 && item != NULL)
    g_signal_handler_disconnect (item, handler);
  g_object_set_data (G_OBJECT (list_item), "pw-binding", NULL);
  g_object_set_data (G_OBJECT (list_item), "pw-handler", NULL);
  g_object_set_data (G_OBJECT (list_item), "pw-item", NULL);
  gtk_label_set_label (GTK_LABEL (label), "");
  gtk_widget_remove_css_class (label, "warning");
  gtk_widget_remove_css_class (label, "error");
}

static void
setup_label (GtkSignalListItemFactory *factory,
             GtkListItem              *list_item,
             gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  if (g_strcmp0 (user_data, "project-name") != 0 && g_strcmp0 (user_data, "account-name") != 0
      && g_strcmp0 (user_data, "kind-name") != 0)
    gtk_widget_add_css_class (label, "numeric");
  gtk_list_item_set_child (list_item, label);
}

static void
style_lease (PwQueueTask *task,
             GParamSpec  *pspec,
             GtkWidget   *label)
{
  PwLeaseState state = pw_queue_task_get_lease_state (task);

  if (state == PW_LEASE_ENDING)
    gtk_widget_add_css_class (label, "warning");
  else
    gtk_widget_remove_css_class (label, "warning");
  if (state == PW_LEASE_EXPIRED)
    gtk_widget_add_css_class (label, "error");
  else
    gtk_widget_remove_css_class (label, "error");
  gtk_widget_set_tooltip_text (label, state == PW_LEASE_ENDING
                                        ? _("Submit or release the task before its lease runs out, or the marketplace hands it to someone else")
                                        : NULL);
}

static void
bind_label (GtkSignalListItemFactory *factory,
            GtkListItem              *list_item,
            gpointer                  user_data)
{
  const char *property = user_data;
  GtkWidget *label = gtk_list_item_get_child (list_item);
  GObject *item = gtk_list_item_get_item (list_item);
  GBinding *binding;

  binding = g_object_bind_property (item, property, label, "label", G_BINDING_SYNC_CREATE);
  g_object_set_data (G_OBJECT (list_item), "pw-binding", binding);
  if (g_strcmp0 (property, "lease-text") == 0)
    {
      gulong handler = g_signal_connect (item, "notify::lease-state", G_CALLBACK (style_lease),
                                         label);

      g_object_set_data (G_OBJECT (list_item), "pw-item", item);
      g_object_set_data (G_OBJECT (list_item), "pw-handler", GSIZE_TO_POINTER (handler));
      style_lease (PW_QUEUE_TASK (item), NULL, label);
    }
}

/* The Media column: a spinner while the task's media comes, and a word
 * when it did not come, with the reason as its tooltip. */

static void
style_media (PwQueueTask *task,
             GParamSpec  *pspec,
             GtkWidget   *box)
{
  GtkWidget *spinner = gtk_widget_get_first_child (box);
  GtkWidget *label = gtk_widget_get_next_sibling (spinner);
  gboolean downloading = pw_queue_task_get_downloading (task);
  const char *text = pw_queue_task_get_media_text (task);

  gtk_widget_set_visible (spinner, downloading && *text != '\0');
  gtk_spinner_set_spinning (GTK_SPINNER (spinner), downloading && *text != '\0');
  gtk_label_set_label (GTK_LABEL (label), text);
  if (!downloading && *text != '\0')
    {
      gtk_widget_add_css_class (label, "warning");
      gtk_widget_set_tooltip_text (box, pw_queue_task_get_media_error (task));
    }
  else
    {
      gtk_widget_remove_css_class (label, "warning");
      gtk_widget_set_tooltip_text (box, NULL);
    }
}

static void
setup_media (GtkSignalListItemFactory *factory,
             GtkListItem              *list_item,
             gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_box_append (GTK_BOX (box), gtk_spinner_new ());
  gtk_box_append (GTK_BOX (box), label);
  gtk_list_item_set_child (list_item, box);
}

static void
bind_media (GtkSignalListItemFactory *factory,
            GtkListItem              *list_item,
            gpointer                  user_data)
{
  GtkWidget *box = gtk_list_item_get_child (list_item);
  GObject *item = gtk_list_item_get_item (list_item);
  gulong handler = g_signal_connect (item, "notify::media-text", G_CALLBACK (style_media), box);

  g_object_set_data (G_OBJECT (list_item), "pw-item", item);
  g_object_set_data (G_OBJECT (list_item), "pw-handler", GSIZE_TO_POINTER (handler));
  style_media (PW_QUEUE_TASK (item), NULL, box);
}

static void
unbind_media (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              gpointer                  user_data)
{
  gpointer item = g_object_get_data (G_OBJECT (list_item), "pw-item");
  gulong handler = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (list_item), "pw-handler"));

  if (handler != 0 && item != NULL)
    g_signal_handler_disconnect (item, handler);
  g_object_set_data (G_OBJECT (list_item), "pw-handler", NULL);
  g_object_set_data (G_OBJECT (list_item), "pw-item", NULL);
}

static void
add_media_column (PwTasksView *self)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkColumnViewColumn *column;

  g_signal_connect (factory, "setup", G_CALLBACK (setup_media), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_media), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_media), NULL);
  column = gtk_column_view_column_new (_("Media"), factory);
  gtk_column_view_column_set_resizable (column, TRUE);
  gtk_column_view_append_column (self->queue_view, column);
  g_object_unref (column);
}

static GtkWidget *
new_row_button (const char *icon_name,
                const char *tooltip,
                const char *action_name)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon_name);

  gtk_widget_set_tooltip_text (button, tooltip);
  g_object_set_data (G_OBJECT (button), "pw-action-name", (gpointer) action_name);
  gtk_widget_add_css_class (button, "flat");
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
  return button;
}

static void
setup_buttons (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);

  gtk_box_append (GTK_BOX (box), new_row_button ("document-edit-symbolic", _("Open"),
                                                 "tasks.open-task"));
  gtk_box_append (GTK_BOX (box), new_row_button ("list-remove-symbolic", _("Release"),
                                                 "tasks.release-task"));
  gtk_list_item_set_child (list_item, box);
}

static void
bind_buttons (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              gpointer                  user_data)
{
  GtkWidget *box = gtk_list_item_get_child (list_item);
  const PwStoreTask *task = pw_queue_task_get_task (gtk_list_item_get_item (list_item));

  /* The target first: an action name without its target is refused. */
  for (GtkWidget *button = gtk_widget_get_first_child (box); button != NULL;
       button = gtk_widget_get_next_sibling (button))
    {
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "(ss)", task->account_id,
                                        task->task_id);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button),
                                      g_object_get_data (G_OBJECT (button), "pw-action-name"));
    }
}

static void
add_column (PwTasksView *self,
            const char  *title,
            const char  *property,
            gboolean     expand)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkColumnViewColumn *column;

  if (property != NULL)
    {
      g_signal_connect (factory, "setup", G_CALLBACK (setup_label), (gpointer) property);
      g_signal_connect (factory, "bind", G_CALLBACK (bind_label), (gpointer) property);
      g_signal_connect (factory, "unbind", G_CALLBACK (unbind_label), NULL);
    }
  else
    {
      g_signal_connect (factory, "setup", G_CALLBACK (setup_buttons), NULL);
      g_signal_connect (factory, "bind", G_CALLBACK (bind_buttons), NULL);
    }

  column = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_expand (column, expand);
  gtk_column_view_column_set_resizable (column, property != NULL);
  gtk_column_view_append_column (self->queue_view, column);
  g_object_unref (column);
}

/* Reading the queue */

static char *
project_name (const PwStoreTask *task)
{
  g_autoptr (JsonNode) node = NULL;
  JsonObject *object;

  if (task->project_json == NULL)
    return NULL;
  node = pw_json_parse (task->project_json, strlen (task->project_json), task->task_id, NULL);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  object = json_node_get_object (node);
  if (!json_object_has_member (object, "name")
      || json_node_get_value_type (json_object_get_member (object, "name")) != G_TYPE_STRING)
    return NULL;
  return g_strdup (json_object_get_string_member (object, "name"));
}

/**
 * _pw_tasks_view_queue_item:
 *
 * Returns: (transfer none): the queued task at @position
 */
PwQueueTask *
_pw_tasks_view_queue_item (PwTasksView *self,
                           guint        position)
{
  PwQueueTask *item = g_list_model_get_item (G_LIST_MODEL (self->queue), position);

  g_object_unref (item);
  return item;
}

static PwQueueTask *
new_item (PwTasksView       *self,
          const PwStoreTask *task)
{
  g_autofree char *name = project_name (task);

  return pw_queue_task_new (task, name, _pw_tasks_view_account_name (self, task->account_id));
}

/* Keeps the items that stay where they are, so that the selection and the
 * scroll stay too; the store keeps the order, so a task that moved is rare
 * and simply starts the list again. */
static void
merge_queue (PwTasksView *self,
             GPtrArray   *tasks)
{
  g_autoptr (GHashTable) wanted = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GHashTable) present = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GPtrArray) fresh = NULL;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->queue));
  gboolean moved = FALSE;

  for (guint i = 0; i < tasks->len; i++)
    {
      PwStoreTask *task = tasks->pdata[i];

      g_hash_table_add (wanted, pw_queue_task_key (task->account_id, task->task_id));
    }

  for (guint i = n; i > 0; i--)
    {
      if (!g_hash_table_contains (wanted, pw_queue_task_get_key (_pw_tasks_view_queue_item (self, i - 1))))
        g_list_store_remove (self->queue, i - 1);
    }

  n = g_list_model_get_n_items (G_LIST_MODEL (self->queue));
  for (guint i = 0; i < n; i++)
    g_hash_table_add (present, (gpointer) pw_queue_task_get_key (_pw_tasks_view_queue_item (self, i)));

  for (guint i = 0; i < tasks->len; i++)
    {
      PwStoreTask *task = tasks->pdata[i];
      g_autofree char *key = pw_queue_task_key (task->account_id, task->task_id);
      g_autoptr (PwQueueTask) item = NULL;

      if (i < g_list_model_get_n_items (G_LIST_MODEL (self->queue))
          && g_strcmp0 (pw_queue_task_get_key (_pw_tasks_view_queue_item (self, i)), key) == 0)
        {
          pw_queue_task_set_task (_pw_tasks_view_queue_item (self, i), task);
          pw_queue_task_set_account_name (_pw_tasks_view_queue_item (self, i),
                                          _pw_tasks_view_account_name (self, task->account_id));
          continue;
        }
      if (g_hash_table_contains (present, key))
        {
          moved = TRUE;
          break;
        }
      item = new_item (self, task);
      g_list_store_insert (self->queue, i, item);
    }

  if (!moved && g_list_model_get_n_items (G_LIST_MODEL (self->queue)) == tasks->len)
    return;

  g_hash_table_remove_all (present);
  fresh = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < tasks->len; i++)
    g_ptr_array_add (fresh, new_item (self, tasks->pdata[i]));
  g_list_store_splice (self->queue, 0, g_list_model_get_n_items (G_LIST_MODEL (self->queue)),
                       fresh->pdata, fresh->len);
}

/* A task's media is coming while its download runs, or while the claim
 * that brought it still downloads: it waits its turn there. */
static gboolean
media_coming (PwTasksView       *self,
              const PwStoreTask *task)
{
  g_autofree char *project_key = _pw_tasks_view_project_key (task->account_id, task->project_id);

  return pw_task_media_is_downloading (task->account_id, task->task_id)
         || g_hash_table_contains (self->claims, project_key);
}

static PwQueueTask *
find_item (PwTasksView *self,
           const char  *account_id,
           const char  *task_id)
{
  g_autofree char *key = pw_queue_task_key (account_id, task_id);
  guint n = self->queue != NULL ? g_list_model_get_n_items (G_LIST_MODEL (self->queue)) : 0;

  for (guint i = 0; i < n; i++)
    if (g_str_equal (pw_queue_task_get_key (_pw_tasks_view_queue_item (self, i)), key))
      return _pw_tasks_view_queue_item (self, i);
  return NULL;
}

static void
on_download_started (PwTasksView *self,
                     const char  *account_id,
                     const char  *task_id)
{
  PwQueueTask *item = find_item (self, account_id, task_id);

  if (item != NULL)
    pw_queue_task_set_downloading (item, TRUE);
}

/* The row follows the download as it ends, ahead of the queue's next
 * read. */
static void
on_download_ended (PwTasksView  *self,
                   const char   *account_id,
                   const char   *task_id,
                   const char   *media_file,
                   const GError *error)
{
  PwQueueTask *item = find_item (self, account_id, task_id);

  if (item == NULL)
    return;
  if (media_file != NULL)
    {
      g_autoptr (PwStoreTask) updated = pw_store_task_copy (pw_queue_task_get_task (item));

      g_free (updated->media_file);
      updated->media_file = g_strdup (media_file);
      pw_queue_task_set_task (item, updated);
    }
  if (error != NULL)
    pw_queue_task_set_media_error (item, error->message);
  pw_queue_task_set_downloading (item, media_coming (self, pw_queue_task_get_task (item)));
}

static void
on_queue_listed (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr (PwTasksView) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) tasks = NULL;

  tasks = pw_store_list_open_tasks_finish (PW_STORE (source), result, &error);
  if (self->disposed || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->queue_cancellable);
  if (tasks == NULL)
    {
      g_autofree char *message = NULL;

      message = g_strdup_printf (_("Could not read the claimed tasks: %s"), error->message);
      _pw_tasks_view_toast (self, message);
      return;
    }

  merge_queue (self, tasks);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->queue)); i++)
    {
      PwQueueTask *item = _pw_tasks_view_queue_item (self, i);
      const PwStoreTask *task = pw_queue_task_get_task (item);
      gboolean coming = media_coming (self, task);

      if (!coming)
        pw_queue_task_set_media_error (item, pw_task_media_get_failure (task->account_id,
                                                                        task->task_id));
      pw_queue_task_set_downloading (item, coming);
    }
  gtk_stack_set_visible_child_name (self->queue_stack, tasks->len > 0 ? "tasks" : "empty");
  _pw_tasks_view_tick (self);
  _pw_tasks_view_update_actions (self);
}

/**
 * _pw_tasks_view_queue_media_came:
 * @task_ids: tasks of one claim
 * @media_files: their media in the cache, in the same order; an empty
 *   string where none came
 *
 * Gives the queued tasks of a claim that has ended their media at once,
 * ahead of the queue's next read.
 */
void
_pw_tasks_view_queue_media_came (PwTasksView       *self,
                                 const char        *account_id,
                                 const char *const *task_ids,
                                 const char *const *media_files)
{
  g_autoptr (GHashTable) files = g_hash_table_new (g_str_hash, g_str_equal);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->queue));

  for (guint i = 0; task_ids[i] != NULL && media_files[i] != NULL; i++)
    if (media_files[i][0] != '\0')
      g_hash_table_insert (files, (gpointer) task_ids[i], (gpointer) media_files[i]);

  for (guint i = 0; i < n; i++)
    {
      PwQueueTask *item = _pw_tasks_view_queue_item (self, i);
      const PwStoreTask *task = pw_queue_task_get_task (item);
      const char *file = g_hash_table_lookup (files, task->task_id);
      g_autoptr (PwStoreTask) updated = NULL;

      if (file == NULL || g_strcmp0 (task->account_id, account_id) != 0
          || g_strcmp0 (task->media_file, file) == 0)
        continue;
      updated = pw_store_task_copy (task);
      g_free (updated->media_file);
      updated->media_file = g_strdup (file);
      pw_queue_task_set_task (item, updated);
    }
}

/**
 * pw_tasks_view_reload_queue:
 *
 * Reads the claimed tasks from the store again, dropping a read in flight.
 */
void
pw_tasks_view_reload_queue (PwTasksView *self)
{
  g_return_if_fail (PW_IS_TASKS_VIEW (self));

  if (self->store == NULL || self->disposed)
    return;

  if (self->queue_cancellable != NULL)
    g_cancellable_cancel (self->queue_cancellable);
  g_clear_object (&self->queue_cancellable);
  self->queue_cancellable = g_cancellable_new ();
  pw_store_list_open_tasks_async (self->store, self->queue_cancellable, on_queue_listed,
                                  g_object_ref (self));
}

/* The clock */

static void
warn_ending (PwTasksView *self,
             PwQueueTask *item)
{
  const PwStoreTask *task = pw_queue_task_get_task (item);
  g_autofree char *claim_key = pw_queue_task_key (task->account_id, task->claim_id);
  g_autofree char *message = NULL;
  guint n = 0;
  guint n_items = g_list_model_get_n_items (G_LIST_MODEL (self->queue));

  if (g_hash_table_contains (self->warned_claims, claim_key))
    return;

  for (guint i = 0; i < n_items; i++)
    {
      const PwStoreTask *other = pw_queue_task_get_task (_pw_tasks_view_queue_item (self, i));

      n += g_strcmp0 (other->account_id, task->account_id) == 0
           && g_strcmp0 (other->claim_id, task->claim_id) == 0;
    }
  message = g_strdup_printf (g_dngettext (PW_GETTEXT_PACKAGE,
                                          "The lease on %u task of “%s” runs out in less than 10 minutes",
                                          "The lease on %u tasks of “%s” runs out in less than 10 minutes",
                                          n),
                             n, pw_queue_task_get_project_name (item));
  _pw_tasks_view_toast (self, message);
  g_hash_table_add (self->warned_claims, g_steal_pointer (&claim_key));
}

static gboolean
on_wake (gpointer user_data)
{
  PwTasksView *self = user_data;

  self->wake_id = 0;
  _pw_tasks_view_tick (self);
  return G_SOURCE_REMOVE;
}

/* Out of sight, the clock sleeps until the next lease to warn about or to
 * run out. */
static void
schedule_wake (PwTasksView *self,
               gint64       now)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->queue));
  gint64 next = G_MAXINT64;
  gint64 seconds;

  g_clear_handle_id (&self->wake_id, g_source_remove);
  for (guint i = 0; i < n; i++)
    {
      PwQueueTask *item = _pw_tasks_view_queue_item (self, i);
      gint64 lease = pw_queue_task_get_task (item)->lease_expires_at;

      if (pw_queue_task_get_lease_state (item) == PW_LEASE_RUNNING)
        next = MIN (next, lease - PW_LEASE_ENDING_US);
      else if (pw_queue_task_get_lease_state (item) == PW_LEASE_ENDING)
        next = MIN (next, lease);
    }
  if (next == G_MAXINT64)
    return;

  seconds = CLAMP ((next - now) / G_USEC_PER_SEC + 1, 1, G_MAXUINT / 1000);
  self->wake_id = g_timeout_add_seconds ((guint) seconds, on_wake, self);
}

/**
 * _pw_tasks_view_tick:
 *
 * Moves the countdowns to now, warns about leases that run out soon and
 * takes the tasks whose lease ran out out of the queue.
 */
void
_pw_tasks_view_tick (PwTasksView *self)
{
  gint64 now = g_get_real_time ();
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->queue));
  guint n_queued = 0;
  guint n_expired = 0;
  gboolean ending = FALSE;

  if (self->disposed)
    return;

  for (guint i = 0; i < n; i++)
    {
      PwQueueTask *item = _pw_tasks_view_queue_item (self, i);

      n_expired += pw_queue_task_update_lease (item, now);
      switch (pw_queue_task_get_lease_state (item))
        {
        case PW_LEASE_ENDING:
          ending = TRUE;
          warn_ending (self, item);
          n_queued++;
          break;
        case PW_LEASE_EXPIRED:
          break;
        case PW_LEASE_UNKNOWN:
        case PW_LEASE_NONE:
        case PW_LEASE_RUNNING:
        default:
          n_queued++;
          break;
        }
    }
  _pw_tasks_view_set_n_queued (self, n_queued, ending);

  if (n_expired > 0 && self->store != NULL)
    {
      g_autofree char *message = NULL;

      message = g_strdup_printf (g_dngettext (PW_GETTEXT_PACKAGE,
                                              "The lease on %u task ran out; what you did on it stays saved here",
                                              "The leases on %u tasks ran out; what you did on them stays saved here",
                                              n_expired),
                                 n_expired);
      _pw_tasks_view_toast (self, message);
      pw_store_expire_tasks (self->store, now);
      pw_tasks_view_reload_queue (self);
    }

  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    schedule_wake (self, now);
}

/* Opening */

static void
on_queue_activate (PwTasksView   *self,
                   guint          position)
{
  const PwStoreTask *task;

  if (position >= g_list_model_get_n_items (G_LIST_MODEL (self->queue)))
    return;
  task = pw_queue_task_get_task (_pw_tasks_view_queue_item (self, position));
  _pw_tasks_view_emit_open_task (self, task->account_id, task->task_id);
}

/**
 * _pw_tasks_view_selected_tasks:
 *
 * Returns: (transfer container) (element-type PwQueueTask): the selected
 *   queued tasks, in the queue's order
 */
GPtrArray *
_pw_tasks_view_selected_tasks (PwTasksView *self)
{
  g_autoptr (GtkBitset) selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  GPtrArray *items = g_ptr_array_new_with_free_func (g_object_unref);
  GtkBitsetIter iter;
  guint position;

  if (gtk_bitset_iter_init_first (&iter, selected, &position))
    {
      do
        g_ptr_array_add (items, g_list_model_get_item (G_LIST_MODEL (self->queue), position));
      while (gtk_bitset_iter_next (&iter, &position));
    }
  return items;
}

static void
open_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  PwTasksView *self = PW_TASKS_VIEW (widget);
  g_autoptr (GPtrArray) items = _pw_tasks_view_selected_tasks (self);
  const PwStoreTask *task;

  if (items->len == 0)
    return;
  task = pw_queue_task_get_task (items->pdata[0]);
  _pw_tasks_view_emit_open_task (self, task->account_id, task->task_id);
}

static void
open_task_activated (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  const char *account_id;
  const char *task_id;

  g_variant_get (parameter, "(&s&s)", &account_id, &task_id);
  _pw_tasks_view_emit_open_task (PW_TASKS_VIEW (widget), account_id, task_id);
}

/* The object */

static void
on_selection_changed (PwTasksView *self)
{
  _pw_tasks_view_update_actions (self);
}

void
_pw_tasks_view_init_queue (PwTasksView *self)
{
  self->queue = g_list_store_new (PW_TYPE_QUEUE_TASK);
  self->selection = gtk_multi_selection_new (G_LIST_MODEL (g_object_ref (self->queue)));
  self->warned_claims = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  gtk_column_view_set_model (self->queue_view, GTK_SELECTION_MODEL (self->selection));
  g_signal_connect_swapped (self->selection, "selection-changed",
                            G_CALLBACK (on_selection_changed), self);
  g_signal_connect_swapped (self->selection, "items-changed",
                            G_CALLBACK (on_selection_changed), self);
  g_signal_connect_swapped (self->queue_view, "activate", G_CALLBACK (on_queue_activate), self);

  add_column (self, _("Project"), "project-name", TRUE);
  add_column (self, _("Account"), "account-name", FALSE);
  add_column (self, _("Task"), "task-id", FALSE);
  add_column (self, _("Kind"), "kind-name", FALSE);
  add_column (self, _("Pay"), "pay", FALSE);
  add_column (self, _("Lease"), "lease-text", FALSE);
  add_media_column (self);
  add_column (self, NULL, NULL, FALSE);

  g_signal_connect_object (pw_task_media_get_monitor (), "download-started",
                           G_CALLBACK (on_download_started), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (pw_task_media_get_monitor (), "download-ended",
                           G_CALLBACK (on_download_ended), self, G_CONNECT_SWAPPED);
}

void
_pw_tasks_view_dispose_queue (PwTasksView *self)
{
  g_signal_handlers_disconnect_by_data (pw_task_media_get_monitor (), self);
  if (self->queue_cancellable != NULL)
    g_cancellable_cancel (self->queue_cancellable);
  g_clear_object (&self->queue_cancellable);
  if (self->queue_view != NULL)
    gtk_column_view_set_model (self->queue_view, NULL);
  if (self->selection != NULL)
    g_signal_handlers_disconnect_by_data (self->selection, self);
  g_clear_object (&self->selection);
  g_clear_object (&self->queue);
}

void
_pw_tasks_view_finalize_queue (PwTasksView *self)
{
  g_clear_pointer (&self->warned_claims, g_hash_table_unref);
}

void
_pw_tasks_view_class_init_queue (GtkWidgetClass *widget_class)
{
  g_type_ensure (PW_TYPE_QUEUE_TASK);

  gtk_widget_class_install_action (widget_class, "tasks.open", NULL, open_activated);
  gtk_widget_class_install_action (widget_class, "tasks.open-task", "(ss)", open_task_activated);
}
