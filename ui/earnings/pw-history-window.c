/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "pw-file-chooser.h"
#include "pw-history-window.h"
#include "pw-plain-text.h"

/* The worker's submitted work: where each task stands, from waiting on
 * this computer to paid, what the reviewer said, and the task's history.
 * Work the marketplace did not take (a lease that ran out, a conflict) is
 * kept and can be saved as a file. */

#define HISTORY_LIMIT 500

struct _PwHistoryWindow
{
  AdwWindow        parent_instance;

  PwStore         *store;
  GPtrArray       *tasks;
  GCancellable    *cancellable;
  GCancellable    *details_cancellable;
  GCancellable    *export_chooser;

  AdwToastOverlay *toast_overlay;
  GtkStack        *stack;
  GtkListBox      *list;
  GtkLabel        *details;
};

G_DEFINE_FINAL_TYPE (PwHistoryWindow, pw_history_window, ADW_TYPE_WINDOW)

static char *
format_time (gint64 at)
{
  g_autoptr (GDateTime) utc = NULL;
  g_autoptr (GDateTime) local = NULL;

  if (at <= 0)
    return g_strdup (_("at a time not kept"));
  utc = g_date_time_new_from_unix_utc (at / G_USEC_PER_SEC);
  local = g_date_time_to_local (utc);
  return g_date_time_format (local, "%x %X");
}

static const char *
state_text (PwOutboxState state)
{
  switch (state)
    {
    case PW_OUTBOX_PENDING:
    case PW_OUTBOX_SENDING:
      return _("Waiting to sync");
    case PW_OUTBOX_DONE:
      return _("With the marketplace");
    case PW_OUTBOX_CONFLICT:
      return _("Not taken: already submitted or changed since; the work is kept");
    case PW_OUTBOX_EXPIRED:
      return _("Not taken: the lease ran out first; the work is kept");
    case PW_OUTBOX_REASSIGNED:
      return _("Not taken: the task went to someone else; the work is kept");
    case PW_OUTBOX_REJECTED_BAD_REQUEST:
      return _("Not taken: the marketplace refused it; the work is kept");
    default:
      return "";
    }
}

static const char *
status_text (const char *status)
{
  if (g_strcmp0 (status, "pending") == 0)
    return _("Pending review");
  if (g_strcmp0 (status, "approved") == 0)
    return _("Approved");
  if (g_strcmp0 (status, "rejected") == 0)
    return _("Rejected");
  if (g_strcmp0 (status, "paid") == 0)
    return _("Paid");
  return _("Awaiting the statement");
}

static const char *
entry_status_name (PwEntryStatus status)
{
  static const char *const names[] = { "pending", "approved", "rejected", "paid" };

  return status < G_N_ELEMENTS (names) ? names[status] : NULL;
}

static char *
format_amount (gint64      micro,
               const char *currency)
{
  if (currency == NULL)
    return g_strdup ("");
  return pw_money_display_price (micro, currency);
}

/* One line a test or a screen reader can read as it is. */
static char *
row_text (const PwSubmittedTask *task)
{
  g_autofree char *when = format_time (task->submitted_at);
  g_autofree char *amount = format_amount (task->amount_micro, task->currency);
  const char *standing = task->state == PW_OUTBOX_DONE ? status_text (task->entry_status)
                                                       : state_text (task->state);

  /* Translators: project — task · when · where it stands · amount */
  return g_strdup_printf (_("%s — %s · %s · %s · %s"),
                          task->project_name != NULL ? task->project_name
                          : task->project_id != NULL ? task->project_id : "",
                          task->task_id, when, standing, amount);
}

static GtkWidget *
make_row (const PwSubmittedTask *task)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  g_autofree char *title = g_strdup_printf ("%s — %s",
                                            task->project_name != NULL ? task->project_name
                                            : task->project_id != NULL ? task->project_id : "",
                                            task->task_id);
  g_autofree char *when = format_time (task->submitted_at);
  g_autofree char *amount = format_amount (task->amount_micro, task->currency);
  g_autofree char *subtitle = NULL;
  GtkWidget *name = gtk_label_new (title);
  GtkWidget *line = NULL;
  const char *standing = task->state == PW_OUTBOX_DONE ? status_text (task->entry_status)
                                                       : state_text (task->state);

  /* Translators: when · where it stands · amount */
  subtitle = g_strdup_printf (_("%s · %s · %s"), when, standing, amount);
  line = gtk_label_new (subtitle);
  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (line), 0);
  gtk_label_set_wrap (GTK_LABEL (line), TRUE);
  gtk_widget_add_css_class (line, "caption");
  gtk_widget_add_css_class (line, "dim-label");
  if (task->state > PW_OUTBOX_DONE || g_strcmp0 (task->entry_status, "rejected") == 0)
    gtk_widget_add_css_class (line, "warning");
  gtk_box_append (GTK_BOX (box), name);
  gtk_box_append (GTK_BOX (box), line);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  return row;
}

static const PwSubmittedTask *
selected_task (PwHistoryWindow *self)
{
  GtkListBoxRow *row = gtk_list_box_get_selected_row (self->list);
  int index = row != NULL ? gtk_list_box_row_get_index (row) : -1;

  if (self->tasks == NULL || index < 0 || (guint) index >= self->tasks->len)
    return NULL;
  return self->tasks->pdata[index];
}

static void
describe_event (GString           *text,
                const PwTaskEvent *event)
{
  g_autofree char *when = format_time (event->at);
  g_autofree char *amount = NULL;

  switch (event->kind)
    {
    case PW_TASK_EVENT_CLAIMED:
      g_string_append_printf (text, _("Claimed %s\n"), when);
      break;
    case PW_TASK_EVENT_SUBMITTED:
      g_string_append_printf (text, _("Submitted %s — %s\n"), when,
                              state_text (event->submission_state));
      break;
    case PW_TASK_EVENT_STATEMENT:
      amount = format_amount (event->amount.micro, event->amount.currency);
      if (event->entry_type == PW_ENTRY_BONUS)
        g_string_append_printf (text, _("Bonus %s: %s, %s\n"), when,
                                status_text (entry_status_name (event->status)), amount);
      else
        g_string_append_printf (text, _("Statement %s: %s, %s\n"), when,
                                status_text (entry_status_name (event->status)), amount);
      break;
    case PW_TASK_EVENT_REVIEWED:
      g_string_append_printf (text, _("Reviewed %s: score %.0f %%"), when,
                              event->review_score * 100.0);
      if (event->review_comment != NULL && *event->review_comment != '\0')
        g_string_append_printf (text, _(" — “%s”"), event->review_comment);
      g_string_append_c (text, '\n');
      break;
    default:
      break;
    }
}

static void
on_history_listed (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr (PwHistoryWindow) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) events = pw_store_list_task_history_finish (PW_STORE (source), result,
                                                                    &error);
  g_autoptr (GString) text = g_string_new (NULL);
  const PwSubmittedTask *task = selected_task (self);

  if (events == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        gtk_label_set_text (self->details, error->message);
      return;
    }
  if (task == NULL)
    return;

  g_string_append_printf (text, "%s\n%s\n\n",
                          task->project_name != NULL ? task->project_name : "",
                          task->task_id);
  for (guint i = 0; i < events->len; i++)
    describe_event (text, events->pdata[i]);
  if (task->last_error != NULL && task->state != PW_OUTBOX_DONE)
    g_string_append_printf (text, _("\nThe marketplace said: %s\n"), task->last_error);
  gtk_label_set_text (self->details, text->str);
}

static void
on_row_selected (PwHistoryWindow *self,
                 GtkListBoxRow   *row)
{
  const PwSubmittedTask *task = selected_task (self);

  g_cancellable_cancel (self->details_cancellable);
  g_clear_object (&self->details_cancellable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "history.export",
                                 task != NULL && task->annotation != NULL);
  if (task == NULL)
    {
      gtk_label_set_text (self->details, "");
      return;
    }

  self->details_cancellable = g_cancellable_new ();
  pw_store_list_task_history_async (self->store, task->account_id, task->task_id,
                                    self->details_cancellable, on_history_listed,
                                    g_object_ref (self));
}

static void
on_submitted_listed (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr (PwHistoryWindow) self = user_data;
  g_autoptr (GError) error = NULL;
  GPtrArray *tasks = pw_store_list_submitted_finish (PW_STORE (source), result, &error);
  GtkWidget *child;

  if (tasks == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        adw_toast_overlay_add_toast (self->toast_overlay, pw_toast_new_plain (error->message));
      return;
    }

  g_clear_pointer (&self->tasks, g_ptr_array_unref);
  self->tasks = tasks;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
  for (guint i = 0; i < tasks->len; i++)
    gtk_list_box_append (self->list, make_row (tasks->pdata[i]));

  gtk_stack_set_visible_child_name (self->stack, tasks->len > 0 ? "list" : "empty");
  if (tasks->len > 0)
    gtk_list_box_select_row (self->list, gtk_list_box_get_row_at_index (self->list, 0));
  else
    on_row_selected (self, NULL);
}

/**
 * pw_history_window_reload:
 *
 * Reads the submitted tasks again, on a thread.
 */
void
pw_history_window_reload (PwHistoryWindow *self)
{
  g_return_if_fail (PW_IS_HISTORY_WINDOW (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  pw_store_list_submitted_async (self->store, HISTORY_LIMIT, self->cancellable,
                                 on_submitted_listed, g_object_ref (self));
}

guint
pw_history_window_get_n_rows (PwHistoryWindow *self)
{
  g_return_val_if_fail (PW_IS_HISTORY_WINDOW (self), 0);
  return self->tasks != NULL ? self->tasks->len : 0;
}

/**
 * pw_history_window_get_row_text:
 *
 * Returns: (transfer none): what the row at @index says, on one line
 */
const char *
pw_history_window_get_row_text (PwHistoryWindow *self,
                                guint            index)
{
  GtkListBoxRow *row;
  char *text;

  g_return_val_if_fail (PW_IS_HISTORY_WINDOW (self), NULL);
  g_return_val_if_fail (self->tasks != NULL && index < self->tasks->len, NULL);

  row = gtk_list_box_get_row_at_index (self->list, (int) index);
  text = row_text (self->tasks->pdata[index]);
  g_object_set_data_full (G_OBJECT (row), "pw-row-text", text, g_free);
  return text;
}

const char *
pw_history_window_get_details_text (PwHistoryWindow *self)
{
  g_return_val_if_fail (PW_IS_HISTORY_WINDOW (self), NULL);
  return gtk_label_get_text (self->details);
}

void
pw_history_window_select (PwHistoryWindow *self,
                          guint            index)
{
  g_return_if_fail (PW_IS_HISTORY_WINDOW (self));

  gtk_list_box_select_row (self->list, gtk_list_box_get_row_at_index (self->list, (int) index));
}

/* The selected task's work as the file holds it, or %NULL with @error. */
static char *
selected_work_text (PwHistoryWindow  *self,
                    GError          **error)
{
  const PwSubmittedTask *task = selected_task (self);
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) annotation = NULL;
  g_autoptr (JsonNode) root = NULL;

  if (task == NULL || task->annotation == NULL
      || (annotation = pw_json_parse (task->annotation, strlen (task->annotation),
                                      task->task_id, error)) == NULL)
    {
      if (error != NULL && *error == NULL)
        g_set_error_literal (error, PW_ERROR, PW_ERROR_NOT_FOUND,
                             _("Select a submitted task with work to export"));
      return NULL;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "account_id");
  json_builder_add_string_value (builder, task->account_id);
  json_builder_set_member_name (builder, "task_id");
  json_builder_add_string_value (builder, task->task_id);
  json_builder_set_member_name (builder, "project_id");
  json_builder_add_string_value (builder, task->project_id);
  json_builder_set_member_name (builder, "state");
  json_builder_add_string_value (builder, pw_outbox_state_to_string (task->state));
  json_builder_set_member_name (builder, "annotation");
  json_builder_add_value (builder, g_steal_pointer (&annotation));
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, TRUE);
}

/**
 * pw_history_window_export_selected_to:
 * @file: where to write
 *
 * Writes the selected task's work, as the Annotation of the contract with
 * the task it is for, atomically. Blocks on the disk: for tests; the save
 * dialog writes on a thread.
 *
 * Returns: %TRUE when written
 */
gboolean
pw_history_window_export_selected_to (PwHistoryWindow *self,
                                      GFile           *file,
                                      GError         **error)
{
  g_autofree char *text = NULL;

  g_return_val_if_fail (PW_IS_HISTORY_WINDOW (self), FALSE);

  if ((text = selected_work_text (self, error)) == NULL)
    return FALSE;
  return pw_file_write_durably (file, text, strlen (text), error);
}

typedef struct
{
  GFile *file;
  char  *text;
} ExportData;

static void
export_data_free (gpointer data)
{
  ExportData *export = data;

  g_object_unref (export->file);
  g_free (export->text);
  g_free (export);
}

static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ExportData *export = task_data;
  GError *error = NULL;

  if (pw_file_write_durably (export->file, export->text, strlen (export->text), &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
on_exported (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  PwHistoryWindow *self = PW_HISTORY_WINDOW (source);
  ExportData *export = g_task_get_task_data (G_TASK (result));
  g_autoptr (GError) error = NULL;
  g_autofree char *message = NULL;

  if (g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_autofree char *name = g_file_get_basename (export->file);

      message = g_strdup_printf (_("Saved the work as “%s”"), name);
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  else
    message = g_strdup_printf (_("The work was not saved: %s"), error->message);
  adw_toast_overlay_add_toast (self->toast_overlay, pw_toast_new_plain (message));
}

/* The text is made from what the window holds; the disk is written on a
 * thread. */
static void
on_export_chosen (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GFile) file = pw_file_chooser_ask_finish (result, &error);
  g_autofree char *text = NULL;
  PwHistoryWindow *self;

  /* Cancelled only when the window goes away. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = PW_HISTORY_WINDOW (user_data);
  g_clear_object (&self->export_chooser);
  if (file == NULL)
    return;

  text = selected_work_text (self, &error);
  if (text == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("The work was not saved: %s"),
                                                  error->message);

      adw_toast_overlay_add_toast (self->toast_overlay, pw_toast_new_plain (message));
    }
  else
    {
      g_autoptr (GTask) task = g_task_new (self, NULL, on_exported, NULL);
      ExportData *export = g_new0 (ExportData, 1);

      export->file = g_steal_pointer (&file);
      export->text = g_steal_pointer (&text);
      g_task_set_task_data (task, export, export_data_free);
      g_task_run_in_thread (task, export_thread);
    }
}

static void
export_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  PwHistoryWindow *self = PW_HISTORY_WINDOW (widget);
  const PwSubmittedTask *task = selected_task (self);
  const char *documents = g_get_user_special_dir (G_USER_DIRECTORY_DOCUMENTS);
  g_autoptr (GtkFileFilter) filter = gtk_file_filter_new ();
  g_autoptr (GFile) folder = documents != NULL ? g_file_new_for_path (documents) : NULL;
  g_autofree char *name = NULL;

  if (task == NULL || task->annotation == NULL || self->export_chooser != NULL)
    return;

  name = g_strdup_printf ("%s.json", task->task_id);
  g_strdelimit (name, "/\\:", '-');
  gtk_file_filter_set_name (filter, _("JSON files"));
  gtk_file_filter_add_mime_type (filter, "application/json");
  gtk_file_filter_add_suffix (filter, "json");
  self->export_chooser = g_cancellable_new ();
  pw_file_chooser_ask_async (GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_SAVE, _("Export Work"),
                             _("_Save"), name, folder, filter, self->export_chooser,
                             on_export_chosen, self);
}

static void
reload_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  pw_history_window_reload (PW_HISTORY_WINDOW (widget));
}

static void
pw_history_window_dispose (GObject *object)
{
  PwHistoryWindow *self = PW_HISTORY_WINDOW (object);

  /* The list's rows go with the window's content; no details are shown
   * for them any more. */
  if (self->list != NULL)
    g_signal_handlers_disconnect_by_func (self->list, on_row_selected, self);
  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->details_cancellable);
  g_cancellable_cancel (self->export_chooser);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->export_chooser);
  g_clear_object (&self->details_cancellable);
  g_clear_pointer (&self->tasks, g_ptr_array_unref);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (pw_history_window_parent_class)->dispose (object);
}

static void
pw_history_window_class_init (PwHistoryWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pw_history_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               PW_RESOURCE_BASE "/pw-history-window.ui");
  gtk_widget_class_bind_template_child (widget_class, PwHistoryWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, PwHistoryWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, PwHistoryWindow, list);
  gtk_widget_class_bind_template_child (widget_class, PwHistoryWindow, details);
  gtk_widget_class_bind_template_callback (widget_class, on_row_selected);

  gtk_widget_class_install_action (widget_class, "history.export", NULL, export_activated);
  gtk_widget_class_install_action (widget_class, "history.reload", NULL, reload_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK,
                                       "history.export", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "history.reload", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
pw_history_window_init (PwHistoryWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "history.export", FALSE);
}

/**
 * pw_history_window_new:
 * @parent: (nullable): the window it belongs to
 * @store: the store to read
 *
 * Returns: (transfer full): a window listing the submitted tasks, reading
 *   them at once
 */
PwHistoryWindow *
pw_history_window_new (GtkWindow *parent,
                       PwStore   *store)
{
  PwHistoryWindow *self;

  g_return_val_if_fail (PW_IS_STORE (store), NULL);

  self = g_object_new (PW_TYPE_HISTORY_WINDOW, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  pw_history_window_reload (self);
  return self;
}
