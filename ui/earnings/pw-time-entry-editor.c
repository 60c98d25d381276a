/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n.h>

#include "pw-earnings-format.h"
#include "pw-time-entry-editor.h"

/* Adds a time entry by hand, or changes one: the day, the start and the
 * end as times of day (an end before the start is on the next day), a note,
 * and whether the time was paid work. The store writes it on its writer
 * thread; "saved" tells the figures to load again. */

#define DEFAULT_LENGTH_MIN 60
#define ROUND_MIN 5

struct _PwTimeEntryEditor
{
  AdwWindow     parent_instance;

  PwStore      *store;
  PwTimeEntry  *entry;
  gint64        start;
  gint64        end;

  AdwActionRow *task_row;
  GtkMenuButton *day_button;
  GtkCalendar  *calendar;
  AdwEntryRow  *start_row;
  AdwEntryRow  *end_row;
  AdwActionRow *duration_row;
  AdwEntryRow  *note_row;
  GtkSwitch    *paid_switch;
  GtkWidget    *save_button;
};

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (PwTimeEntryEditor, pw_time_entry_editor, ADW_TYPE_WINDOW)

/**
 * pw_time_entry_editor_parse_time:
 * @text: a time as a worker types it: "9:30", "09.30", "14", "930"
 * @minutes: (out): minutes after midnight
 *
 * Returns: %TRUE for a time from 0:00 to 23:59
 */
gboolean
pw_time_entry_editor_parse_time (const char *text,
                                 guint      *minutes)
{
  g_autofree char *copy = g_strstrip (g_strdup (text));
  guint hours = 0, mins = 0, digits = 0;
  const char *p = copy;
  gboolean separator = FALSE;

  for (; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        {
          if (separator)
            {
              mins = mins * 10 + (guint) (*p - '0');
              digits++;
            }
          else
            hours = hours * 10 + (guint) (*p - '0');
          if (hours > 2359 || digits > 2)
            return FALSE;
        }
      else if ((*p == ':' || *p == '.' || *p == 'h') && !separator && p != copy)
        separator = TRUE;
      else
        return FALSE;
    }
  if (p == copy)
    return FALSE;
  if (separator && digits != 2 && digits != 0)
    return FALSE;

  /* Three or four digits without a separator: "930", "1415". */
  if (!separator && hours >= 100)
    {
      mins = hours % 100;
      hours /= 100;
    }
  if (hours > 23 || mins > 59)
    return FALSE;
  *minutes = hours * 60 + mins;
  return TRUE;
}

static char *
format_time_of_day (gint64 us)
{
  g_autoptr (GDateTime) local = pw_earnings_local_time (us);

  return g_date_time_format (local, "%H:%M");
}

static void
update_day_label (PwTimeEntryEditor *self)
{
  g_autoptr (GDateTime) day = gtk_calendar_get_date (self->calendar);
  /* Translators: the day of a time entry, as g_date_time_format() takes it:
   * "Wednesday, November 25" */
  g_autofree char *text = g_date_time_format (day, C_("entry day", "%A, %B %-d"));

  gtk_menu_button_set_label (self->day_button, text);
}

static gboolean
compute (PwTimeEntryEditor *self,
         char             **problem)
{
  g_autoptr (GDateTime) day = gtk_calendar_get_date (self->calendar);
  g_autoptr (GDateTime) start = NULL;
  g_autoptr (GDateTime) end = NULL;
  guint start_min, end_min;

  if (!pw_time_entry_editor_parse_time (gtk_editable_get_text (GTK_EDITABLE (self->start_row)), &start_min))
    {
      *problem = g_strdup (_("Write the start as hours and minutes, such as 9:30"));
      return FALSE;
    }
  if (!pw_time_entry_editor_parse_time (gtk_editable_get_text (GTK_EDITABLE (self->end_row)), &end_min))
    {
      *problem = g_strdup (_("Write the end as hours and minutes, such as 10:45"));
      return FALSE;
    }
  if (start_min == end_min)
    {
      *problem = g_strdup (_("The end must differ from the start"));
      return FALSE;
    }

  start = g_date_time_new_local (g_date_time_get_year (day), g_date_time_get_month (day),
                                 g_date_time_get_day_of_month (day),
                                 (int) start_min / 60, (int) start_min % 60, 0);
  end = g_date_time_new_local (g_date_time_get_year (day), g_date_time_get_month (day),
                               g_date_time_get_day_of_month (day),
                               (int) end_min / 60, (int) end_min % 60, 0);
  if (start == NULL || end == NULL)
    {
      *problem = g_strdup (_("This time does not exist on that day; choose another"));
      return FALSE;
    }
  if (end_min < start_min)
    {
      GDateTime *next = g_date_time_add_days (end, 1);

      g_date_time_unref (end);
      end = next;
    }
  self->start = g_date_time_to_unix (start) * G_USEC_PER_SEC;
  self->end = g_date_time_to_unix (end) * G_USEC_PER_SEC;

  /* A measured entry keeps its seconds unless its minute changes. */
  if (self->entry != NULL && self->entry->id != 0)
    {
      if (self->start / G_TIME_SPAN_MINUTE == self->entry->started_at / G_TIME_SPAN_MINUTE)
        self->start = self->entry->started_at;
      if (self->end / G_TIME_SPAN_MINUTE == self->entry->ended_at / G_TIME_SPAN_MINUTE)
        self->end = self->entry->ended_at;
    }
  return TRUE;
}

static void
update_duration (PwTimeEntryEditor *self)
{
  g_autofree char *problem = NULL;
  g_autofree char *text = NULL;
  gboolean valid = compute (self, &problem);

  if (valid)
    {
      g_autofree char *hours = pw_earnings_format_hours (self->end - self->start);
      g_autoptr (GDateTime) start = pw_earnings_local_time (self->start);
      g_autoptr (GDateTime) end = pw_earnings_local_time (self->end);

      if (g_date_time_get_day_of_month (start) != g_date_time_get_day_of_month (end))
        /* Translators: a time entry's length when it ends after midnight,
         * "1 h 30 min, ending the next day" */
        text = g_strdup_printf (_("%s, ending the next day"), hours);
      else
        text = g_steal_pointer (&hours);
    }
  adw_action_row_set_subtitle (self->duration_row, valid ? text : problem);
  if (valid)
    gtk_widget_remove_css_class (GTK_WIDGET (self->duration_row), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->duration_row), "error");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.save", valid);
}

static void
on_day_selected (PwTimeEntryEditor *self)
{
  update_day_label (self);
  update_duration (self);
}

/**
 * pw_time_entry_editor_save:
 *
 * Writes the entry, emits "saved" and closes the editor.
 *
 * Returns: %FALSE, keeping the editor open, when a field is not valid
 */
gboolean
pw_time_entry_editor_save (PwTimeEntryEditor *self)
{
  g_autofree char *problem = NULL;
  const char *note;

  g_return_val_if_fail (PW_IS_TIME_ENTRY_EDITOR (self), FALSE);

  if (!compute (self, &problem))
    return FALSE;

  note = gtk_editable_get_text (GTK_EDITABLE (self->note_row));
  self->entry->started_at = self->start;
  self->entry->ended_at = self->end;
  self->entry->paid = gtk_switch_get_active (self->paid_switch);
  g_free (self->entry->note);
  self->entry->note = *note != '\0' ? g_strdup (note) : NULL;

  if (self->entry->id == 0)
    pw_store_add_time_entry (self->store, self->entry);
  else
    pw_store_update_time_entry (self->store, self->entry);

  g_signal_emit (self, signals[SAVED], 0);
  gtk_window_close (GTK_WINDOW (self));
  return TRUE;
}

static void
save_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  pw_time_entry_editor_save (PW_TIME_ENTRY_EDITOR (widget));
}

static void
on_entry_activated (PwTimeEntryEditor *self)
{
  pw_time_entry_editor_save (self);
}

static const char *
kind_name (PwTimeKind kind)
{
  switch (kind)
    {
    case PW_TIME_TASK:
      return _("Work on a task");
    case PW_TIME_IDLE:
      return _("Idle minutes counted as work");
    case PW_TIME_MANUAL:
    default:
      return _("Added by hand");
    }
}

static void
fill (PwTimeEntryEditor *self,
      GDateTime         *now)
{
  g_autoptr (GDateTime) start = pw_earnings_local_time (self->entry->started_at);
  g_autofree char *start_text = format_time_of_day (self->entry->started_at);
  g_autofree char *end_text = format_time_of_day (self->entry->ended_at);

  gtk_calendar_select_day (self->calendar, start);
  update_day_label (self);
  gtk_editable_set_text (GTK_EDITABLE (self->start_row), start_text);
  gtk_editable_set_text (GTK_EDITABLE (self->end_row), end_text);
  gtk_editable_set_text (GTK_EDITABLE (self->note_row),
                         self->entry->note != NULL ? self->entry->note : "");
  gtk_switch_set_active (self->paid_switch, self->entry->paid);

  if (self->entry->kind != PW_TIME_MANUAL)
    {
      g_autofree char *task = NULL;

      if (self->entry->task_id != NULL && self->entry->project_id != NULL)
        /* Translators: a task and its project in a time entry, "t-123 in p-cars" */
        task = g_strdup_printf (_("%s in %s"), self->entry->task_id, self->entry->project_id);
      else
        task = g_strdup (self->entry->task_id != NULL ? self->entry->task_id : "");
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->task_row),
                                     kind_name (self->entry->kind));
      adw_action_row_set_subtitle (self->task_row, task);
      gtk_widget_set_visible (GTK_WIDGET (self->task_row), TRUE);
    }
  update_duration (self);
}

/**
 * pw_time_entry_editor_new:
 * @parent: (nullable): the window it belongs to
 * @store: the store to write to
 * @entry: (nullable): the entry to change, or %NULL to add one by hand
 * @now: the time a new entry ends at, rounded down to five minutes
 *
 * Returns: (transfer none): the editor, to present
 */
PwTimeEntryEditor *
pw_time_entry_editor_new (GtkWindow         *parent,
                          PwStore           *store,
                          const PwTimeEntry *entry,
                          GDateTime         *now)
{
  PwTimeEntryEditor *self;

  g_return_val_if_fail (PW_IS_STORE (store), NULL);
  g_return_val_if_fail (now != NULL, NULL);

  self = g_object_new (PW_TYPE_TIME_ENTRY_EDITOR,
                       "transient-for", parent,
                       "title", entry != NULL ? _("Edit Time Entry") : _("Add Time"),
                       NULL);
  self->store = g_object_ref (store);
  if (entry != NULL)
    self->entry = pw_time_entry_copy (entry);
  else
    {
      g_autoptr (GDateTime) local = g_date_time_to_local (now);
      int minute = g_date_time_get_hour (local) * 60 + g_date_time_get_minute (local);
      int end_min = minute / ROUND_MIN * ROUND_MIN;
      int start_min = MAX (end_min - DEFAULT_LENGTH_MIN, 0);
      g_autoptr (GDateTime) midnight = g_date_time_new_local (g_date_time_get_year (local),
                                                              g_date_time_get_month (local),
                                                              g_date_time_get_day_of_month (local),
                                                              0, 0, 0);
      gint64 base = g_date_time_to_unix (midnight) * G_USEC_PER_SEC;

      if (end_min == start_min)
        end_min = start_min + ROUND_MIN;
      self->entry = pw_time_entry_new (PW_TIME_MANUAL, base + start_min * G_TIME_SPAN_MINUTE,
                                       base + end_min * G_TIME_SPAN_MINUTE);
      /* Time added by hand is most often the unpaid kind: guidelines,
       * qualifications, looking for work. */
      self->entry->paid = FALSE;
    }
  fill (self, now);
  gtk_widget_grab_focus (GTK_WIDGET (self->start_row));
  return self;
}

static void
pw_time_entry_editor_dispose (GObject *object)
{
  PwTimeEntryEditor *self = PW_TIME_ENTRY_EDITOR (object);

  g_clear_object (&self->store);
  g_clear_pointer (&self->entry, pw_time_entry_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), PW_TYPE_TIME_ENTRY_EDITOR);

  G_OBJECT_CLASS (pw_time_entry_editor_parent_class)->dispose (object);
}

static void
pw_time_entry_editor_class_init (PwTimeEntryEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pw_time_entry_editor_dispose;

  /**
   * PwTimeEntryEditor::saved:
   *
   * The entry was queued for the store.
   */
  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                 NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               PW_RESOURCE_BASE "/pw-time-entry-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, PwTimeEntryEditor, task_row);
  gtk_widget_class_bind_template_child (widget_class, PwTimeEntryEditor, day_button);
  gtk_widget_class_bind_template_child (widget_class, PwTimeEntryEditor, calendar);
  gtk_widget_class_bind_template_child (widget_class, PwTimeEntryEditor, start_row);
  gtk_widget_class_bind_template_child (widget_class, PwTimeEntryEditor, end_row);
  gtk_widget_class_bind_template_child (widget_class, PwTimeEntryEditor, duration_row);
  gtk_widget_class_bind_template_child (widget_class, PwTimeEntryEditor, note_row);
  gtk_widget_class_bind_template_child (widget_class, PwTimeEntryEditor, paid_switch);
  gtk_widget_class_bind_template_child (widget_class, PwTimeEntryEditor, save_button);
  gtk_widget_class_bind_template_callback (widget_class, update_duration);
  gtk_widget_class_bind_template_callback (widget_class, on_day_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_activated);

  gtk_widget_class_install_action (widget_class, "editor.save", NULL, save_activated);
}

static void
pw_time_entry_editor_init (PwTimeEntryEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
