/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n.h>

#include "pw-application.h"
#include "pw-tasks-view-private.h"

/* The worker's own rates in the Tasks place: a “Your rate” row at the top
 * of each account's group and a rate button on each project's row, each
 * opening a dialog that sets what the account or the project pays. CVAT
 * and Label Studio pay outside their servers; accepted work then counts
 * in the earnings at these rates, marked as the worker's own figures. */

#define RESPONSE_SET "set"
#define RESPONSE_REMOVE "remove"

enum
{
  FROM_TODAY,
  FROM_START,
};

/* The rate of exactly this account or project that holds now, else the
 * first that will; %NULL without one. */
static const PwRate *
target_rate (PwTasksView *self,
             const char  *account_id,
             const char  *project_id)
{
  const PwRate *now_rate = NULL, *next_rate = NULL;
  gint64 now = g_get_real_time ();

  for (guint i = 0; self->rates != NULL && i < self->rates->len; i++)
    {
      const PwRate *rate = self->rates->pdata[i];

      if (g_strcmp0 (rate->account_id, account_id) != 0 ||
          g_strcmp0 (rate->project_id, project_id) != 0)
        continue;
      if (rate->since <= now && (now_rate == NULL || rate->since > now_rate->since))
        now_rate = rate;
      else if (rate->since > now && (next_rate == NULL || rate->since < next_rate->since))
        next_rate = rate;
    }
  return now_rate != NULL ? now_rate : next_rate;
}

static char *
format_rate (const PwRate *rate)
{
  g_autofree char *money = pw_money_display_price (rate->amount.micro, rate->amount.currency);

  if (rate->unit == PW_RATE_PER_HOUR)
    /* Translators: a project's pay, "12.00 USD per hour" */
    return g_strdup_printf (_("%s per hour"), money);
  /* Translators: a project's pay, "0.04 USD per task" */
  return g_strdup_printf (_("%s per task"), money);
}

static void
update_account_row (PwTasksView *self,
                    const char  *account_id,
                    GtkWidget   *row)
{
  const PwRate *rate = target_rate (self, account_id, NULL);
  g_autofree char *text = rate != NULL ? format_rate (rate) : NULL;

  adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                               text != NULL ? text
                               : _("None: say what this account pays you when its server "
                                   "does not"));
}

static void
update_project_button (PwTasksView  *self,
                       PwProjectRow *row)
{
  const PwRate *rate = target_rate (self, row->account_id, pw_project_get_id (row->project));

  if (rate != NULL)
    {
      g_autofree char *text = format_rate (rate);
      /* Translators: the worker's own rate, such as “0.05 EUR per task” */
      g_autofree char *label = g_strdup_printf (_("Your rate: %s"), text);

      gtk_button_set_label (row->rate_button, label);
    }
  else
    gtk_button_set_icon_name (row->rate_button, "document-edit-symbolic");
}

static void
update_rate_widgets (PwTasksView *self)
{
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, self->rate_rows);
  while (g_hash_table_iter_next (&iter, &key, &value))
    update_account_row (self, key, value);

  g_hash_table_iter_init (&iter, self->project_rows);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      PwProjectRow *row = g_object_get_data (value, "pw-project-row");

      if (row != NULL && row->rate_button != NULL)
        update_project_button (self, row);
    }
}

static void
on_rates_listed (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr (PwTasksView) self = user_data;
  g_autoptr (GError) error = NULL;
  GPtrArray *rates = pw_store_list_rates_finish (PW_STORE (source), result, &error);

  if (self->disposed)
    {
      g_clear_pointer (&rates, g_ptr_array_unref);
      return;
    }
  if (rates == NULL)
    {
      g_warning ("Could not read the rates: %s", error->message);
      return;
    }
  g_clear_pointer (&self->rates, g_ptr_array_unref);
  self->rates = rates;
  self->n_rate_loads++;
  update_rate_widgets (self);
}

/**
 * _pw_tasks_view_reload_rates:
 *
 * Reads the worker's rates again, then shows them.
 */
void
_pw_tasks_view_reload_rates (PwTasksView *self)
{
  if (self->store == NULL || self->disposed)
    return;
  pw_store_list_rates_async (self->store, NULL, self->cancellable, on_rates_listed,
                             g_object_ref (self));
}

/* The dialog */

typedef struct
{
  PwTasksView      *self;
  char             *account_id;
  char             *project_id;
  AdwMessageDialog *dialog;
  AdwEntryRow      *amount;
  AdwEntryRow      *currency;
  AdwComboRow      *per;
  AdwComboRow      *from;
  GtkLabel         *problem;
} RateDialog;

static void
rate_dialog_free (gpointer  data,
                  GClosure *closure)
{
  RateDialog *dialog = data;

  g_object_unref (dialog->self);
  g_free (dialog->account_id);
  g_free (dialog->project_id);
  g_free (dialog);
}

/* The rate the dialog's fields give, or %NULL with the reason. */
static PwRate *
dialog_rate (RateDialog  *dialog,
             GError     **error)
{
  g_autofree char *amount = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (dialog->amount))));
  g_autofree char *currency = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (dialog->currency))));
  g_autoptr (PwRate) rate = NULL;
  g_autoptr (GTimeZone) local = g_time_zone_new_local ();
  g_autoptr (GDateTime) now = g_date_time_new_now (local);
  g_autoptr (GDateTime) today = NULL;
  PwMoney money;

  if (*amount == '\0')
    {
      g_set_error_literal (error, PW_ERROR, PW_ERROR_INVALID_DATA,
                           _("Give what one task or one hour pays, such as 0.05"));
      return NULL;
    }
  if (!pw_money_currency_is_valid (currency))
    {
      g_set_error_literal (error, PW_ERROR, PW_ERROR_INVALID_DATA,
                           _("Give the currency as three capital letters, such as EUR"));
      return NULL;
    }
  if (!pw_money_parse (&money, amount, currency, error))
    return NULL;

  today = g_date_time_new (local, g_date_time_get_year (now), g_date_time_get_month (now),
                           g_date_time_get_day_of_month (now), 0, 0, 0);
  rate = pw_rate_new (dialog->account_id, dialog->project_id, &money,
                      adw_combo_row_get_selected (dialog->per) == 1 ? PW_RATE_PER_HOUR
                                                                    : PW_RATE_PER_TASK,
                      adw_combo_row_get_selected (dialog->from) == FROM_START
                      ? 0 : pw_date_time_to_usec (today));
  if (!pw_rate_check (rate, error))
    return NULL;
  return g_steal_pointer (&rate);
}

static void
check_fields (RateDialog *dialog)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PwRate) rate = dialog_rate (dialog, &error);

  adw_message_dialog_set_response_enabled (dialog->dialog, RESPONSE_SET, rate != NULL);
  gtk_label_set_text (dialog->problem, rate != NULL ? "" : error->message);
  gtk_widget_set_visible (GTK_WIDGET (dialog->problem), rate == NULL);
}

static void
ledger_changed (void)
{
  GApplication *app = g_application_get_default ();

  if (PW_IS_APPLICATION (app))
    g_signal_emit_by_name (app, "ledger-changed");
}

static void
on_rate_response (AdwMessageDialog *message_dialog,
                  const char       *response,
                  RateDialog       *dialog)
{
  PwTasksView *self = dialog->self;

  if (self->disposed || self->store == NULL)
    return;

  if (g_strcmp0 (response, RESPONSE_SET) == 0)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (PwRate) rate = dialog_rate (dialog, &error);

      if (rate == NULL)
        {
          _pw_tasks_view_toast (self, error->message);
          return;
        }
      pw_store_set_rate (self->store, rate);
      _pw_tasks_view_toast (self, _("Your rate is kept; accepted work counts at it in your "
                                    "earnings as your own figure"));
    }
  else if (g_strcmp0 (response, RESPONSE_REMOVE) == 0)
    {
      for (guint i = 0; self->rates != NULL && i < self->rates->len; i++)
        {
          const PwRate *rate = self->rates->pdata[i];

          if (g_strcmp0 (rate->account_id, dialog->account_id) == 0 &&
              g_strcmp0 (rate->project_id, dialog->project_id) == 0)
            pw_store_delete_rate (self->store, rate->account_id, rate->project_id, rate->since);
        }
      _pw_tasks_view_toast (self, _("Your rate is removed"));
    }
  else
    return;

  _pw_tasks_view_reload_rates (self);
  ledger_changed ();
}

static GtkWidget *
new_combo_row (const char         *title,
               const char *const  *items,
               guint               selected)
{
  GtkWidget *row = adw_combo_row_new ();
  g_autoptr (GtkStringList) model = gtk_string_list_new (items);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (model));
  adw_combo_row_set_selected (ADW_COMBO_ROW (row), selected);
  return row;
}

static void
open_rate_dialog (PwTasksView *self,
                  const char  *account_id,
                  const char  *project_id)
{
  const PwRate *current = target_rate (self, account_id, project_id);
  const char *per_items[] = { _("Task"), _("Hour"), NULL };
  const char *from_items[] = { _("Today"), _("All work, earlier too"), NULL };
  g_autofree char *heading = NULL;
  RateDialog *dialog;
  GtkWidget *list, *box;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (project_id != NULL)
    {
      g_autofree char *key = _pw_tasks_view_project_key (account_id, project_id);
      PwProjectRow *row = _pw_tasks_view_lookup_project_row (self, key);

      /* Translators: a project's name */
      heading = g_strdup_printf (_("Your Rate for “%s”"),
                                 row != NULL ? pw_project_get_name (row->project) : project_id);
    }
  else
    {
      /* Translators: an account's name */
      heading = g_strdup_printf (_("Your Rate for %s"),
                                 _pw_tasks_view_account_name (self, account_id));
    }

  dialog = g_new0 (RateDialog, 1);
  dialog->self = g_object_ref (self);
  dialog->account_id = g_strdup (account_id);
  dialog->project_id = g_strdup (project_id);
  dialog->dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (root)
                                                               ? GTK_WINDOW (root) : NULL,
                                                               heading, NULL));
  adw_message_dialog_set_body (dialog->dialog,
                               project_id != NULL
                               ? _("What this project pays you. Tasks its server accepted count "
                                   "in your earnings at this rate, marked as your own figures; "
                                   "a marketplace’s statement always comes first.")
                               : _("What this account’s projects pay you, unless a project has a "
                                   "rate of its own. Tasks its server accepted count in your "
                                   "earnings at this rate, marked as your own figures; a "
                                   "marketplace’s statement always comes first."));

  list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  dialog->amount = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (dialog->amount), _("Amount"));
  dialog->currency = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (dialog->currency), _("Currency"));
  dialog->per = ADW_COMBO_ROW (new_combo_row (_("Per"), per_items,
                                              current != NULL && current->unit == PW_RATE_PER_HOUR));
  /* A first rate covers the work done so far; a change holds from today. */
  dialog->from = ADW_COMBO_ROW (new_combo_row (_("From"), from_items,
                                               current != NULL ? FROM_TODAY : FROM_START));
  if (current != NULL)
    {
      g_autofree char *amount = pw_money_format_amount (&current->amount);

      gtk_editable_set_text (GTK_EDITABLE (dialog->amount), amount);
      gtk_editable_set_text (GTK_EDITABLE (dialog->currency), current->amount.currency);
    }
  gtk_list_box_append (GTK_LIST_BOX (list), GTK_WIDGET (dialog->amount));
  gtk_list_box_append (GTK_LIST_BOX (list), GTK_WIDGET (dialog->currency));
  gtk_list_box_append (GTK_LIST_BOX (list), GTK_WIDGET (dialog->per));
  gtk_list_box_append (GTK_LIST_BOX (list), GTK_WIDGET (dialog->from));

  dialog->problem = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (dialog->problem, TRUE);
  gtk_label_set_xalign (dialog->problem, 0);
  gtk_widget_add_css_class (GTK_WIDGET (dialog->problem), "error");
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_box_append (GTK_BOX (box), list);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (dialog->problem));
  adw_message_dialog_set_extra_child (dialog->dialog, box);

  adw_message_dialog_add_response (dialog->dialog, "cancel", _("_Cancel"));
  if (current != NULL)
    {
      adw_message_dialog_add_response (dialog->dialog, RESPONSE_REMOVE, _("_Remove"));
      adw_message_dialog_set_response_appearance (dialog->dialog, RESPONSE_REMOVE,
                                                  ADW_RESPONSE_DESTRUCTIVE);
    }
  adw_message_dialog_add_response (dialog->dialog, RESPONSE_SET, _("_Set Rate"));
  adw_message_dialog_set_response_appearance (dialog->dialog, RESPONSE_SET,
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog->dialog, RESPONSE_SET);
  adw_message_dialog_set_close_response (dialog->dialog, "cancel");

  g_signal_connect_swapped (dialog->amount, "changed", G_CALLBACK (check_fields), dialog);
  g_signal_connect_swapped (dialog->currency, "changed", G_CALLBACK (check_fields), dialog);
  /* Return in a field sets the rate, as the default response would. */
  adw_entry_row_set_activates_default (dialog->amount, TRUE);
  adw_entry_row_set_activates_default (dialog->currency, TRUE);
  g_signal_connect_data (dialog->dialog, "response", G_CALLBACK (on_rate_response), dialog,
                         rate_dialog_free, 0);
  check_fields (dialog);

  gtk_window_present (GTK_WINDOW (dialog->dialog));
  gtk_widget_grab_focus (GTK_WIDGET (dialog->amount));
}

static void
set_rate_activated (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  const char *account_id;
  const char *project_id;

  g_variant_get (parameter, "(&s&s)", &account_id, &project_id);
  open_rate_dialog (PW_TASKS_VIEW (widget), account_id, *project_id != '\0' ? project_id : NULL);
}

/* Ctrl+Shift+R: the rate of the focused project, or of the account whose
 * “Your rate” row has the focus. */
static gboolean
set_focused_rate (GtkWidget *widget,
                  GVariant  *args,
                  gpointer   user_data)
{
  PwTasksView *self = PW_TASKS_VIEW (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  for (; focus != NULL && focus != widget; focus = gtk_widget_get_parent (focus))
    {
      PwProjectRow *row = g_object_get_data (G_OBJECT (focus), "pw-project-row");
      const char *account_id = g_object_get_data (G_OBJECT (focus), "pw-rate-account");

      if (row != NULL)
        {
          open_rate_dialog (self, row->account_id, pw_project_get_id (row->project));
          return TRUE;
        }
      if (account_id != NULL)
        {
          open_rate_dialog (self, account_id, NULL);
          return TRUE;
        }
    }
  return FALSE;
}

/**
 * _pw_tasks_view_new_rate_row:
 *
 * Returns: (transfer floating): the “Your rate” row of an account's group
 */
GtkWidget *
_pw_tasks_view_new_rate_row (PwTasksView *self,
                             const char  *account_id)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon = gtk_image_new_from_icon_name ("document-edit-symbolic");

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Your rate"));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), icon);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "tasks.set-rate");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (row), "(ss)", account_id, "");
  gtk_widget_set_tooltip_text (row, _("Set what this account pays you (Ctrl+Shift+R)"));
  g_object_set_data_full (G_OBJECT (row), "pw-rate-account", g_strdup (account_id), g_free);
  g_hash_table_replace (self->rate_rows, g_strdup (account_id), g_object_ref (row));
  update_account_row (self, account_id, row);
  return row;
}

/**
 * _pw_tasks_view_forget_rate_row:
 *
 * Drops an account's “Your rate” row as its group goes.
 */
void
_pw_tasks_view_forget_rate_row (PwTasksView *self,
                                const char  *account_id)
{
  if (self->rate_rows != NULL)
    g_hash_table_remove (self->rate_rows, account_id);
}

/**
 * _pw_tasks_view_new_rate_button:
 *
 * Returns: (transfer floating): the button of a project's row that shows
 *   and sets the worker's rate for it
 */
GtkWidget *
_pw_tasks_view_new_rate_button (PwTasksView  *self,
                                PwProjectRow *row)
{
  GtkWidget *button = gtk_button_new ();

  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, _("Set what this project pays you (Ctrl+Shift+R)"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "tasks.set-rate");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "(ss)", row->account_id,
                                    pw_project_get_id (row->project));
  row->rate_button = GTK_BUTTON (button);
  update_project_button (self, row);
  return button;
}

void
_pw_tasks_view_init_rates (PwTasksView *self)
{
  self->rate_rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
}

void
_pw_tasks_view_finalize_rates (PwTasksView *self)
{
  g_clear_pointer (&self->rate_rows, g_hash_table_unref);
  g_clear_pointer (&self->rates, g_ptr_array_unref);
}

void
_pw_tasks_view_class_init_rates (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "tasks.set-rate", "(ss)", set_rate_activated);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_r, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                set_focused_rate, NULL);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_R, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                set_focused_rate, NULL);
}

/**
 * pw_tasks_view_get_n_rate_loads:
 *
 * Returns: how many times the rates were read, for tests to wait on
 */
guint
pw_tasks_view_get_n_rate_loads (PwTasksView *self)
{
  g_return_val_if_fail (PW_IS_TASKS_VIEW (self), 0);

  return self->n_rate_loads;
}
