/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n.h>

#include "ledger/pw-figures.h"
#include "pw-earnings-format.h"
#include "pw-time-entry-editor.h"
#include "pw-time-log.h"
#include "pw-plain-text.h"

/* This week's time entries: measured task time, idle minutes kept as work,
 * and time added by hand, newest first. The worker adds, edits and deletes
 * them; a deletion can be undone from its toast. Each change is queued for
 * the store, the list reads the store again, and "changed" tells the
 * Earnings place to do the same. */

#define PW_TYPE_TIME_ITEM (pw_time_item_get_type ())
G_DECLARE_FINAL_TYPE (PwTimeItem, pw_time_item, PW, TIME_ITEM, GObject)

struct _PwTimeItem
{
  GObject      parent_instance;
  PwTimeEntry *entry;
};

G_DEFINE_FINAL_TYPE (PwTimeItem, pw_time_item, G_TYPE_OBJECT)

static void
pw_time_item_finalize (GObject *object)
{
  pw_time_entry_free (PW_TIME_ITEM (object)->entry);
  G_OBJECT_CLASS (pw_time_item_parent_class)->finalize (object);
}

static void
pw_time_item_class_init (PwTimeItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pw_time_item_finalize;
}

static void
pw_time_item_init (PwTimeItem *self)
{
}

struct _PwTimeLog
{
  AdwWindow           parent_instance;

  PwStore            *store;
  GDateTime          *now;
  GCancellable       *cancellable;
  gint64              week_start;
  gint64              week_end;
  GListStore         *entries;
  GtkSingleSelection *selection;
  PwTimeEntry        *deleted;

  AdwToastOverlay    *toast_overlay;
  GtkLabel           *summary_label;
  GtkStack           *stack;
  GtkColumnView      *table;
};

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (PwTimeLog, pw_time_log, ADW_TYPE_WINDOW)

typedef enum
{
  COLUMN_DAY,
  COLUMN_FROM,
  COLUMN_TO,
  COLUMN_DURATION,
  COLUMN_KIND,
  COLUMN_TASK,
  COLUMN_PAID,
  COLUMN_NOTE,
  N_COLUMNS
} Column;

static char *
kind_text (PwTimeKind kind)
{
  switch (kind)
    {
    case PW_TIME_TASK:
      return g_strdup (C_("time kind", "Task"));
    case PW_TIME_IDLE:
      return g_strdup (C_("time kind", "Idle, kept as work"));
    case PW_TIME_MANUAL:
    default:
      return g_strdup (C_("time kind", "Added by hand"));
    }
}

static char *
cell_text (const PwTimeEntry *entry,
           Column             column)
{
  g_autoptr (GDateTime) start = pw_earnings_local_time (entry->started_at);
  g_autoptr (GDateTime) end = pw_earnings_local_time (entry->ended_at);

  switch (column)
    {
    case COLUMN_DAY:
      /* Translators: the day of a time entry in the list, as g_date_time_format()
       * takes it: "Wed, Nov 25" */
      return g_date_time_format (start, C_("time log day", "%a, %b %-d"));
    case COLUMN_FROM:
      return g_date_time_format (start, C_("time of day", "%H:%M"));
    case COLUMN_TO:
      return g_date_time_format (end, C_("time of day", "%H:%M"));
    case COLUMN_DURATION:
      return pw_earnings_format_task_time (entry->ended_at - entry->started_at);
    case COLUMN_KIND:
      return kind_text (entry->kind);
    case COLUMN_TASK:
      return g_strdup (entry->task_id != NULL ? entry->task_id : "");
    case COLUMN_PAID:
      return g_strdup (entry->paid ? C_("time entry", "Paid") : C_("time entry", "Unpaid"));
    case COLUMN_NOTE:
      return g_strdup (entry->note != NULL ? entry->note : "");
    case N_COLUMNS:
    default:
      g_assert_not_reached ();
    }
}

static void
setup_cell (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            gpointer                  user_data)
{
  Column column = GPOINTER_TO_UINT (user_data);
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), column == COLUMN_DURATION ? 1 : 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  if (column == COLUMN_FROM || column == COLUMN_TO || column == COLUMN_DURATION)
    gtk_widget_add_css_class (label, "numeric");
  gtk_list_item_set_child (item, label);
}

static void
bind_cell (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           gpointer                  user_data)
{
  PwTimeItem *row = gtk_list_item_get_item (item);
  g_autofree char *text = cell_text (row->entry, GPOINTER_TO_UINT (user_data));
  GtkWidget *label = gtk_list_item_get_child (item);

  gtk_label_set_text (GTK_LABEL (label), text);
  gtk_widget_set_tooltip_text (label, *text != '\0' ? text : NULL);
}

static void
add_column (PwTimeLog  *self,
            Column      column,
            const char *title,
            gboolean    expand)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkColumnViewColumn *view_column;

  g_signal_connect (factory, "setup", G_CALLBACK (setup_cell), GUINT_TO_POINTER (column));
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cell), GUINT_TO_POINTER (column));
  view_column = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_expand (view_column, expand);
  gtk_column_view_column_set_resizable (view_column, TRUE);
  gtk_column_view_append_column (self->table, view_column);
  g_object_unref (view_column);
}

static PwTimeItem *
selected_item (PwTimeLog *self)
{
  return gtk_single_selection_get_selected_item (self->selection);
}

static void
update_actions (PwTimeLog *self)
{
  gboolean selected = selected_item (self) != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "log.edit", selected);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "log.delete", selected);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "log.undo", self->deleted != NULL);
}

static void
update_summary (PwTimeLog *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->entries));
  gint64 total = 0, unpaid = 0;
  g_autofree char *total_text = NULL;
  g_autofree char *unpaid_text = NULL;
  g_autofree char *text = NULL;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr (PwTimeItem) item = g_list_model_get_item (G_LIST_MODEL (self->entries), i);
      gint64 length = item->entry->ended_at - item->entry->started_at;

      total += length;
      if (!item->entry->paid)
        unpaid += length;
    }
  total_text = pw_earnings_format_hours (total);
  unpaid_text = pw_earnings_format_hours (unpaid);
  /* Translators: the time log's summary, "12 entries: 14 h 20 min, of which 1 h unpaid" */
  text = g_strdup_printf (g_dngettext (PW_GETTEXT_PACKAGE,
                                       "%u entry: %s, of which %s marked unpaid",
                                       "%u entries: %s, of which %s marked unpaid", n),
                          n, total_text, unpaid_text);
  gtk_label_set_text (self->summary_label, text);
  gtk_stack_set_visible_child_name (self->stack, n > 0 ? "list" : "empty");
}

static void
on_listed (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  PwTimeLog *self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) entries = pw_store_list_time_entries_finish (PW_STORE (source), result,
                                                                     &error);
  g_autoptr (GPtrArray) items = NULL;
  gint64 selected_id = 0;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (entries == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("The time log could not be read: %s"),
                                                  error->message);

      adw_toast_overlay_add_toast (self->toast_overlay, pw_toast_new_plain (message));
      return;
    }

  if (selected_item (self) != NULL)
    selected_id = selected_item (self)->entry->id;

  items = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = entries->len; i > 0; i--)
    {
      PwTimeItem *item = g_object_new (PW_TYPE_TIME_ITEM, NULL);

      item->entry = g_steal_pointer (&entries->pdata[i - 1]);
      g_ptr_array_add (items, item);
    }
  g_list_store_splice (self->entries, 0, g_list_model_get_n_items (G_LIST_MODEL (self->entries)),
                       items->pdata, items->len);
  for (guint i = 0; i < items->len; i++)
    if (((PwTimeItem *) items->pdata[i])->entry->id == selected_id)
      gtk_single_selection_set_selected (self->selection, i);
  update_summary (self);
  update_actions (self);
}

/**
 * pw_time_log_reload:
 *
 * Reads the week's entries again, after the writes queued before.
 */
void
pw_time_log_reload (PwTimeLog *self)
{
  g_return_if_fail (PW_IS_TIME_LOG (self));

  pw_store_list_time_entries_async (self->store, self->week_start, self->week_end,
                                    self->cancellable, on_listed, self);
}

/**
 * pw_time_log_get_entries:
 *
 * Returns: (transfer none): the entries listed, newest first
 */
GListModel *
pw_time_log_get_entries (PwTimeLog *self)
{
  g_return_val_if_fail (PW_IS_TIME_LOG (self), NULL);
  return G_LIST_MODEL (self->entries);
}

/**
 * pw_time_log_entry_at:
 *
 * Returns: (nullable): the entry listed at @position
 */
const PwTimeEntry *
pw_time_log_entry_at (PwTimeLog *self,
                      guint      position)
{
  g_autoptr (PwTimeItem) item = NULL;

  g_return_val_if_fail (PW_IS_TIME_LOG (self), NULL);

  item = g_list_model_get_item (G_LIST_MODEL (self->entries), position);
  return item != NULL ? item->entry : NULL;
}

static void
changed (PwTimeLog *self)
{
  pw_time_log_reload (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
open_editor (PwTimeLog         *self,
             const PwTimeEntry *entry)
{
  PwTimeEntryEditor *editor = pw_time_entry_editor_new (GTK_WINDOW (self), self->store, entry,
                                                        self->now);

  g_signal_connect_object (editor, "saved", G_CALLBACK (changed), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (editor));
}

static void
add_activated (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  open_editor (PW_TIME_LOG (widget), NULL);
}

static void
edit_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  PwTimeLog *self = PW_TIME_LOG (widget);
  PwTimeItem *item = selected_item (self);

  if (item != NULL)
    open_editor (self, item->entry);
}

static void
on_row_activated (PwTimeLog *self,
                  guint      position)
{
  gtk_single_selection_set_selected (self->selection, position);
  edit_activated (GTK_WIDGET (self), NULL, NULL);
}

/**
 * pw_time_log_undo:
 *
 * Adds the last deleted entry back.
 */
void
pw_time_log_undo (PwTimeLog *self)
{
  g_return_if_fail (PW_IS_TIME_LOG (self));

  if (self->deleted == NULL)
    return;
  self->deleted->id = 0;
  pw_store_add_time_entry (self->store, self->deleted);
  g_clear_pointer (&self->deleted, pw_time_entry_free);
  update_actions (self);
  changed (self);
}

static void
on_undo_clicked (PwTimeLog *self)
{
  pw_time_log_undo (self);
}

/**
 * pw_time_log_delete:
 * @id: the store's id of an entry listed
 *
 * Deletes the entry, with a toast that can bring it back.
 */
void
pw_time_log_delete (PwTimeLog *self,
                    gint64     id)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->entries));
  AdwToast *toast;

  g_return_if_fail (PW_IS_TIME_LOG (self));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr (PwTimeItem) item = g_list_model_get_item (G_LIST_MODEL (self->entries), i);

      if (item->entry->id != id)
        continue;
      g_clear_pointer (&self->deleted, pw_time_entry_free);
      self->deleted = pw_time_entry_copy (item->entry);
      pw_store_delete_time_entry (self->store, id);
      g_list_store_remove (self->entries, i);
      break;
    }
  if (self->deleted == NULL)
    return;

  toast = pw_toast_new_plain (_("Time entry deleted"));
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (on_undo_clicked), self,
                           G_CONNECT_SWAPPED);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
  update_summary (self);
  update_actions (self);
  changed (self);
}

static void
delete_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  PwTimeLog *self = PW_TIME_LOG (widget);
  PwTimeItem *item = selected_item (self);

  if (item != NULL)
    pw_time_log_delete (self, item->entry->id);
}

static void
undo_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  pw_time_log_undo (PW_TIME_LOG (widget));
}

/**
 * pw_time_log_new:
 * @parent: (nullable): the window it belongs to
 * @store: the store of the time log
 * @now: a moment of the week to list
 *
 * Returns: (transfer none): the window, to present
 */
PwTimeLog *
pw_time_log_new (GtkWindow *parent,
                 PwStore   *store,
                 GDateTime *now)
{
  PwTimeLog *self;

  g_return_val_if_fail (PW_IS_STORE (store), NULL);
  g_return_val_if_fail (now != NULL, NULL);

  self = g_object_new (PW_TYPE_TIME_LOG,
                       "transient-for", parent,
                       NULL);
  self->store = g_object_ref (store);
  self->now = g_date_time_ref (now);
  pw_period_bounds (PW_PERIOD_WEEK, now, &self->week_start, &self->week_end);
  pw_time_log_reload (self);
  return self;
}

static void
pw_time_log_dispose (GObject *object)
{
  PwTimeLog *self = PW_TIME_LOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);
  g_clear_pointer (&self->now, g_date_time_unref);
  g_clear_pointer (&self->deleted, pw_time_entry_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), PW_TYPE_TIME_LOG);
  g_clear_object (&self->selection);
  g_clear_object (&self->entries);

  G_OBJECT_CLASS (pw_time_log_parent_class)->dispose (object);
}

static void
pw_time_log_class_init (PwTimeLogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pw_time_log_dispose;

  /**
   * PwTimeLog::changed:
   *
   * An entry was added, changed or deleted.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, PW_RESOURCE_BASE "/pw-time-log.ui");
  gtk_widget_class_bind_template_child (widget_class, PwTimeLog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, PwTimeLog, summary_label);
  gtk_widget_class_bind_template_child (widget_class, PwTimeLog, stack);
  gtk_widget_class_bind_template_child (widget_class, PwTimeLog, table);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated);

  gtk_widget_class_install_action (widget_class, "log.add", NULL, add_activated);
  gtk_widget_class_install_action (widget_class, "log.edit", NULL, edit_activated);
  gtk_widget_class_install_action (widget_class, "log.delete", NULL, delete_activated);
  gtk_widget_class_install_action (widget_class, "log.undo", NULL, undo_activated);
}

static void
pw_time_log_init (PwTimeLog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->entries = g_list_store_new (PW_TYPE_TIME_ITEM);
  self->selection = gtk_single_selection_new (G_LIST_MODEL (g_object_ref (self->entries)));
  gtk_single_selection_set_autoselect (self->selection, TRUE);
  g_signal_connect_swapped (self->selection, "notify::selected", G_CALLBACK (update_actions), self);
  gtk_column_view_set_model (self->table, GTK_SELECTION_MODEL (self->selection));

  add_column (self, COLUMN_DAY, _("Day"), FALSE);
  add_column (self, COLUMN_FROM, _("From"), FALSE);
  add_column (self, COLUMN_TO, _("To"), FALSE);
  add_column (self, COLUMN_DURATION, _("Duration"), FALSE);
  add_column (self, COLUMN_KIND, _("Kind"), FALSE);
  add_column (self, COLUMN_TASK, _("Task"), FALSE);
  add_column (self, COLUMN_PAID, _("Paid"), FALSE);
  add_column (self, COLUMN_NOTE, _("Note"), TRUE);
  update_summary (self);
  update_actions (self);
}
