/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "piecework-engine.h"
#include "pw-goals-dialog.h"

/* The goal and the rate floor, kept in GSettings as soon as a field holds
 * a valid value; a field that does not is marked and left unsaved. */

static const char * const kinds[] = { "none", "earnings", "hours" };
static const char * const periods[] = { "day", "week" };

struct _PwGoalsDialog
{
  AdwPreferencesWindow  parent_instance;

  GSettings            *settings;
  gboolean              loading;

  AdwComboRow          *kind_row;
  AdwComboRow          *period_row;
  AdwEntryRow          *earnings_row;
  AdwEntryRow          *hours_row;
  AdwEntryRow          *floor_row;
  AdwEntryRow          *currency_row;
};

G_DEFINE_FINAL_TYPE (PwGoalsDialog, pw_goals_dialog, ADW_TYPE_PREFERENCES_WINDOW)

/**
 * pw_goals_dialog_parse_amount:
 * @text: an amount as a worker types it: "40", "7.50" or "7,50"
 * @micro: (out): the amount in millionths
 *
 * Returns: %TRUE for an amount of zero or more with at most six decimals
 */
gboolean
pw_goals_dialog_parse_amount (const char *text,
                              gint64     *micro)
{
  g_autofree char *amount = g_strstrip (g_strdup (text));
  char *comma = strchr (amount, ',');

  if (comma != NULL && strchr (comma + 1, ',') == NULL && strchr (amount, '.') == NULL)
    *comma = '.';
  return *amount != '-' && pw_money_parse_micro (amount, micro, NULL);
}

static void
mark (AdwEntryRow *row,
      gboolean     valid)
{
  if (valid)
    gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (row), "error");
}

static void
update_rows (PwGoalsDialog *self)
{
  guint kind = adw_combo_row_get_selected (self->kind_row);

  gtk_widget_set_sensitive (GTK_WIDGET (self->period_row), kind != 0);
  gtk_widget_set_visible (GTK_WIDGET (self->earnings_row), kind == 1);
  gtk_widget_set_visible (GTK_WIDGET (self->hours_row), kind == 2);
}

static void
on_kind_selected (PwGoalsDialog *self)
{
  guint kind = adw_combo_row_get_selected (self->kind_row);

  update_rows (self);
  if (!self->loading && kind < G_N_ELEMENTS (kinds))
    g_settings_set_string (self->settings, "goal-kind", kinds[kind]);
}

static void
on_period_selected (PwGoalsDialog *self)
{
  guint period = adw_combo_row_get_selected (self->period_row);

  if (!self->loading && period < G_N_ELEMENTS (periods))
    g_settings_set_string (self->settings, "goal-period", periods[period]);
}

static void
save_amount (PwGoalsDialog *self,
             AdwEntryRow   *row,
             const char    *key)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row));
  gint64 micro = 0;
  gboolean valid = *text == '\0' || pw_goals_dialog_parse_amount (text, &micro);

  mark (row, valid);
  if (valid && !self->loading)
    g_settings_set_int64 (self->settings, key, micro);
}

static void
on_earnings_changed (PwGoalsDialog *self)
{
  save_amount (self, self->earnings_row, "goal-earnings");
}

static void
on_floor_changed (PwGoalsDialog *self)
{
  save_amount (self, self->floor_row, "rate-floor");
}

static void
on_hours_changed (PwGoalsDialog *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->hours_row));
  gint64 micro = 0;
  gboolean valid = *text == '\0' || pw_goals_dialog_parse_amount (text, &micro);
  double hours = (double) micro / PW_MONEY_MICRO;

  valid = valid && hours <= 168;
  mark (self->hours_row, valid);
  if (valid && !self->loading)
    g_settings_set_double (self->settings, "goal-hours", hours);
}

static void
on_currency_changed (PwGoalsDialog *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->currency_row));
  g_autofree char *code = g_utf8_strup (text, -1);
  gboolean valid;

  g_strstrip (code);
  valid = pw_money_currency_is_valid (code);
  mark (self->currency_row, valid);
  if (valid && !self->loading)
    g_settings_set_string (self->settings, "goal-currency", code);
}

static char *
amount_text (gint64 micro)
{
  PwMoney money = { .micro = micro };

  return micro > 0 ? pw_money_format_amount (&money) : g_strdup ("");
}

static void
load_settings (PwGoalsDialog *self)
{
  g_autofree char *kind = g_settings_get_string (self->settings, "goal-kind");
  g_autofree char *period = g_settings_get_string (self->settings, "goal-period");
  g_autofree char *currency = g_settings_get_string (self->settings, "goal-currency");
  g_autofree char *earnings = amount_text (g_settings_get_int64 (self->settings, "goal-earnings"));
  g_autofree char *floor = amount_text (g_settings_get_int64 (self->settings, "rate-floor"));
  g_autofree char *hours = NULL;
  double goal_hours = g_settings_get_double (self->settings, "goal-hours");

  if (goal_hours > 0)
    {
      char buffer[G_ASCII_DTOSTR_BUF_SIZE];

      hours = g_strdup (g_ascii_formatd (buffer, sizeof buffer, "%.6g", goal_hours));
    }

  self->loading = TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (g_str_equal (kind, kinds[i]))
      adw_combo_row_set_selected (self->kind_row, i);
  for (guint i = 0; i < G_N_ELEMENTS (periods); i++)
    if (g_str_equal (period, periods[i]))
      adw_combo_row_set_selected (self->period_row, i);
  gtk_editable_set_text (GTK_EDITABLE (self->earnings_row), earnings);
  gtk_editable_set_text (GTK_EDITABLE (self->hours_row), hours != NULL ? hours : "");
  gtk_editable_set_text (GTK_EDITABLE (self->floor_row), floor);
  gtk_editable_set_text (GTK_EDITABLE (self->currency_row), currency);
  self->loading = FALSE;
  update_rows (self);
}

/**
 * pw_goals_dialog_new:
 * @parent: (nullable): the window it belongs to
 *
 * Returns: (transfer none): a dialog to set the goal and the rate floor
 */
PwGoalsDialog *
pw_goals_dialog_new (GtkWindow *parent)
{
  return g_object_new (PW_TYPE_GOALS_DIALOG,
                       "transient-for", parent,
                       NULL);
}

static void
pw_goals_dialog_dispose (GObject *object)
{
  PwGoalsDialog *self = PW_GOALS_DIALOG (object);

  g_clear_object (&self->settings);
  gtk_widget_dispose_template (GTK_WIDGET (self), PW_TYPE_GOALS_DIALOG);

  G_OBJECT_CLASS (pw_goals_dialog_parent_class)->dispose (object);
}

static void
pw_goals_dialog_class_init (PwGoalsDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pw_goals_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               PW_RESOURCE_BASE "/pw-goals-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, PwGoalsDialog, kind_row);
  gtk_widget_class_bind_template_child (widget_class, PwGoalsDialog, period_row);
  gtk_widget_class_bind_template_child (widget_class, PwGoalsDialog, earnings_row);
  gtk_widget_class_bind_template_child (widget_class, PwGoalsDialog, hours_row);
  gtk_widget_class_bind_template_child (widget_class, PwGoalsDialog, floor_row);
  gtk_widget_class_bind_template_child (widget_class, PwGoalsDialog, currency_row);
  gtk_widget_class_bind_template_callback (widget_class, on_kind_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_period_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_earnings_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_hours_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_floor_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_currency_changed);
}

static void
pw_goals_dialog_init (PwGoalsDialog *self)
{
  self->settings = g_settings_new (PW_APP_ID);
  self->loading = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));
  load_settings (self);
}
