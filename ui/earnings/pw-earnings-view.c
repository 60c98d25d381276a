/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n.h>

#include "pw-application.h"
#include "pw-earnings-format.h"
#include "pw-earnings-view-private.h"
#include "pw-plain-text.h"

/* The Earnings place: cards for today, the week and the month, a chart of
 * the last 30 days, the month's projects, the goal and its pace. The
 * figures are computed on a thread (pw_recent_figures_load_async()) when
 * the place shows, again shortly after the ledger changes, and every
 * minute while it shows, since the clock keeps adding time. */

#define REFRESH_DELAY_MS 300
#define TICK_SECONDS 60

enum {
  UPDATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (PwEarningsView, pw_earnings_view, GTK_TYPE_WIDGET)

static void load (PwEarningsView *self);

GtkWidget *
pw_earnings_view_new (void)
{
  return g_object_new (PW_TYPE_EARNINGS_VIEW, NULL);
}

/**
 * _pw_earnings_view_get_store:
 *
 * Returns: (transfer none) (nullable): the app's store, once open
 */
PwStore *
_pw_earnings_view_get_store (PwEarningsView *self)
{
  if (!PW_IS_APPLICATION (self->app))
    return NULL;
  return pw_application_get_store (PW_APPLICATION (self->app));
}

void
_pw_earnings_view_add_toast (PwEarningsView *self,
                             const char     *message)
{
  AdwToast *toast = pw_toast_new_plain (message);

  adw_toast_set_timeout (toast, 8);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/**
 * pw_earnings_view_set_now:
 * @now: (nullable): the time the figures are for, or %NULL for the clock
 *
 * Fixes the time the view computes its figures and its pace for, as
 * tests need; the figures load again.
 */
void
pw_earnings_view_set_now (PwEarningsView *self,
                          GDateTime      *now)
{
  g_return_if_fail (PW_IS_EARNINGS_VIEW (self));

  g_clear_pointer (&self->fixed_now, g_date_time_unref);
  if (now != NULL)
    self->fixed_now = g_date_time_to_local (now);
  pw_earnings_view_refresh (self);
}

/**
 * pw_earnings_view_dup_now:
 *
 * Returns: (transfer full): the time the figures are for, local
 */
GDateTime *
pw_earnings_view_dup_now (PwEarningsView *self)
{
  g_return_val_if_fail (PW_IS_EARNINGS_VIEW (self), NULL);

  if (self->fixed_now != NULL)
    return g_date_time_ref (self->fixed_now);
  return g_date_time_new_now_local ();
}

/**
 * pw_earnings_view_get_page:
 *
 * Returns: "loading" until the first figures come, "empty" when there is
 *   neither time nor money at all, "figures" otherwise
 */
const char *
pw_earnings_view_get_page (PwEarningsView *self)
{
  g_return_val_if_fail (PW_IS_EARNINGS_VIEW (self), NULL);
  return gtk_stack_get_visible_child_name (self->stack);
}

/**
 * pw_earnings_view_get_figures:
 *
 * Returns: (nullable): the figures shown
 */
const PwRecentFigures *
pw_earnings_view_get_figures (PwEarningsView *self)
{
  g_return_val_if_fail (PW_IS_EARNINGS_VIEW (self), NULL);
  return self->figures;
}

/**
 * pw_earnings_view_get_card:
 * @period: %PW_PERIOD_DAY, %PW_PERIOD_WEEK or %PW_PERIOD_MONTH
 *
 * Returns: (transfer none): the card of @period
 */
GtkWidget *
pw_earnings_view_get_card (PwEarningsView *self,
                           PwPeriod        period)
{
  g_return_val_if_fail (PW_IS_EARNINGS_VIEW (self), NULL);

  switch (period)
    {
    case PW_PERIOD_DAY:
      return self->today_card;
    case PW_PERIOD_WEEK:
      return self->week_card;
    case PW_PERIOD_MONTH:
      return self->month_card;
    case PW_PERIOD_YEAR:
    default:
      g_return_val_if_reached (NULL);
    }
}

PwEarningsChart *
pw_earnings_view_get_chart (PwEarningsView *self)
{
  g_return_val_if_fail (PW_IS_EARNINGS_VIEW (self), NULL);
  return self->chart;
}

GtkColumnView *
pw_earnings_view_get_project_table (PwEarningsView *self)
{
  g_return_val_if_fail (PW_IS_EARNINGS_VIEW (self), NULL);
  return self->project_table;
}

/**
 * pw_earnings_view_get_pace_text:
 *
 * Returns: whether the goal is on pace, or "" without a goal
 */
const char *
pw_earnings_view_get_pace_text (PwEarningsView *self)
{
  g_return_val_if_fail (PW_IS_EARNINGS_VIEW (self), NULL);
  return gtk_widget_get_visible (self->goal_box) ? gtk_label_get_text (self->pace_label) : "";
}

/**
 * pw_earnings_view_get_goal_text:
 *
 * Returns: the progress toward the goal, or "" without a goal
 */
const char *
pw_earnings_view_get_goal_text (PwEarningsView *self)
{
  g_return_val_if_fail (PW_IS_EARNINGS_VIEW (self), NULL);
  return gtk_widget_get_visible (self->goal_box) ? gtk_label_get_text (self->goal_label) : "";
}

/**
 * pw_earnings_view_get_floor_alert:
 *
 * Returns: (nullable): the rate floor's alert, when it shows
 */
const char *
pw_earnings_view_get_floor_alert (PwEarningsView *self)
{
  g_return_val_if_fail (PW_IS_EARNINGS_VIEW (self), NULL);
  return gtk_revealer_get_reveal_child (self->floor_revealer)
           ? gtk_label_get_text (self->floor_label) : NULL;
}

/* The chart's currency: the one chosen, while the days still have it, or
 * else the one with the most money. */
static void
update_chart (PwEarningsView *self)
{
  g_autoptr (GPtrArray) codes = g_ptr_array_new ();
  g_autoptr (GArray) totals = g_array_new (FALSE, TRUE, sizeof (gint64));
  const char *chosen = NULL;
  guint position = 0;

  for (guint d = 0; d < self->figures->daily->len; d++)
    {
      PwFigures *day = g_ptr_array_index (self->figures->daily, d);

      for (guint i = 0; i < day->earnings->len; i++)
        {
          const PwEarnings *e = &g_array_index (day->earnings, PwEarnings, i);
          gint64 amount = e->paid_micro;
          guint at;

          /* Only to choose the chart's currency: a sum too large stays at
           * the limit, the largest. */
          if (!pw_money_add_micro (&amount, e->approved_micro)
              || !pw_money_add_micro (&amount, e->pending_micro)
              || !pw_money_add_micro (&amount, e->awaiting_micro)
              || !pw_money_add_micro (&amount, e->rejected_micro))
            amount = G_MAXINT64;

          for (at = 0; at < codes->len; at++)
            if (g_str_equal (codes->pdata[at], e->currency))
              break;
          if (at == codes->len)
            {
              gint64 zero = 0;

              g_ptr_array_add (codes, (gpointer) e->currency);
              g_array_append_val (totals, zero);
            }
          if (!pw_money_add_micro (&g_array_index (totals, gint64, at), amount))
            g_array_index (totals, gint64, at) = G_MAXINT64;
        }
    }

  for (guint i = 0; i < codes->len; i++)
    if (g_strcmp0 (codes->pdata[i], self->chart_currency) == 0)
      chosen = codes->pdata[i];
  if (chosen == NULL)
    for (guint i = 0; i < codes->len; i++)
      if (chosen == NULL
          || g_array_index (totals, gint64, i) > g_array_index (totals, gint64, position))
        {
          chosen = codes->pdata[i];
          position = i;
        }

  self->updating_currencies = TRUE;
  g_ptr_array_sort (codes, (GCompareFunc) g_strcmp0);
  {
    g_autofree const char **strv = g_new0 (const char *, codes->len + 1);

    for (guint i = 0; i < codes->len; i++)
      {
        strv[i] = codes->pdata[i];
        if (g_strcmp0 (strv[i], chosen) == 0)
          position = i;
      }
    gtk_string_list_splice (self->currencies, 0,
                            g_list_model_get_n_items (G_LIST_MODEL (self->currencies)), strv);
  }
  gtk_drop_down_set_selected (self->currency_dropdown, position);
  gtk_widget_set_visible (GTK_WIDGET (self->currency_dropdown), codes->len > 1);
  self->updating_currencies = FALSE;

  g_free (self->chart_currency);
  self->chart_currency = g_strdup (chosen);
  pw_earnings_chart_set_days (self->chart, self->figures->daily, chosen);
}

static void
on_currency_selected (PwEarningsView *self)
{
  guint position = gtk_drop_down_get_selected (self->currency_dropdown);
  const char *code;

  if (self->updating_currencies || self->figures == NULL)
    return;
  code = gtk_string_list_get_string (self->currencies, position);
  if (code == NULL)
    return;
  g_free (self->chart_currency);
  self->chart_currency = g_strdup (code);
  pw_earnings_chart_set_days (self->chart, self->figures->daily, code);
}

static void
on_chart_selected (PwEarningsView *self)
{
  int day = pw_earnings_chart_get_selected (self->chart);
  g_autofree char *text = NULL;
  g_auto (GStrv) lines = NULL;

  if (day < 0)
    return;
  text = pw_earnings_chart_dup_day_text (self->chart, (guint) day);
  lines = g_strsplit (text, "\n", -1);
  g_free (text);
  text = g_strjoinv (" · ", lines);
  gtk_label_set_text (self->chart_caption, text);
}

static void
show_figures (PwEarningsView *self)
{
  g_autofree char *time = NULL;
  g_autofree char *updated = NULL;

  gtk_stack_set_visible_child_name (self->stack, "figures");
  self->had_figures = TRUE;

  _pw_earnings_view_card_update (self->today_card, self->figures->today,
                                 self->figures->previous_day, PW_PERIOD_DAY);
  _pw_earnings_view_card_update (self->week_card, self->figures->week,
                                 self->figures->previous_week, PW_PERIOD_WEEK);
  _pw_earnings_view_card_update (self->month_card, self->figures->month,
                                 self->figures->previous_month, PW_PERIOD_MONTH);
  update_chart (self);
  on_chart_selected (self);
  _pw_earnings_view_update_projects (self);
  _pw_earnings_view_update_goal (self);
  _pw_earnings_view_update_floor (self);

  /* Translators: the time of day as g_date_time_format() takes it, "15:02" */
  time = g_date_time_format (self->figures->now, C_("time of day", "%H:%M"));
  /* Translators: when the Earnings place's figures were computed, "Figures as of 15:02" */
  updated = g_strdup_printf (_("Figures as of %s"), time);
  gtk_label_set_text (self->updated_label, updated);
}

static gboolean
dashboard_is_empty (const PwRecentFigures *figures)
{
  if (!pw_figures_is_empty (figures->month) || !pw_figures_is_empty (figures->previous_month)
      || !pw_figures_is_empty (figures->week) || !pw_figures_is_empty (figures->previous_week))
    return FALSE;
  for (guint i = 0; i < figures->daily->len; i++)
    if (!pw_figures_is_empty (g_ptr_array_index (figures->daily, i)))
      return FALSE;
  return TRUE;
}

static void
finish_load (PwEarningsView *self)
{
  self->loading = FALSE;
  g_signal_emit (self, signals[UPDATED], 0);
  if (self->reload)
    {
      self->reload = FALSE;
      load (self);
    }
}

/* Nothing in the last two months: the empty page only when there is
 * nothing at all, since older figures still have their exports. */
static void
on_all_time_computed (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  PwEarningsView *self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) all = pw_figures_compute_finish (PW_STORE (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (all != NULL && all->len > 0 && !pw_figures_is_empty (g_ptr_array_index (all, 0)))
    show_figures (self);
  else
    gtk_stack_set_visible_child_name (self->stack, "empty");
  finish_load (self);
}

static void
on_loaded (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  PwEarningsView *self = user_data;
  g_autoptr (GError) error = NULL;
  PwRecentFigures *figures;

  figures = pw_recent_figures_load_finish (PW_STORE (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (figures == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("The figures could not be read: %s"),
                                                  error->message);

      _pw_earnings_view_add_toast (self, message);
      finish_load (self);
      return;
    }

  g_clear_pointer (&self->figures, pw_recent_figures_free);
  self->figures = figures;

  if (!self->had_figures && dashboard_is_empty (figures))
    {
      g_autoptr (GTimeZone) tz = g_time_zone_new_local ();

      pw_figures_compute_async (PW_STORE (source), 0, PW_EARNINGS_VIEW_ALL_TIME_END,
                                PW_GROUP_NONE, tz, self->cancellable, on_all_time_computed, self);
      return;
    }

  show_figures (self);
  finish_load (self);
}

static void
load (PwEarningsView *self)
{
  PwStore *store = _pw_earnings_view_get_store (self);
  g_autoptr (GDateTime) now = NULL;

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  _pw_earnings_view_update_actions (self);
  if (store == NULL)
    {
      /* Without a store there is nothing to show; say so once it failed. */
      if (PW_IS_APPLICATION (self->app)
          && pw_application_get_store_ready (PW_APPLICATION (self->app)))
        gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      self->dirty = TRUE;
      return;
    }
  if (self->loading)
    {
      self->reload = TRUE;
      return;
    }

  self->dirty = FALSE;
  self->loading = TRUE;
  now = pw_earnings_view_dup_now (self);
  pw_recent_figures_load_async (store, now, self->cancellable, on_loaded, self);
}

/**
 * pw_earnings_view_refresh:
 *
 * Computes the figures again now, or as soon as the view shows. The
 * #PwEarningsView::updated signal says when they are shown.
 */
void
pw_earnings_view_refresh (PwEarningsView *self)
{
  g_return_if_fail (PW_IS_EARNINGS_VIEW (self));
  load (self);
}

static gboolean
on_refresh_timeout (gpointer user_data)
{
  PwEarningsView *self = user_data;

  self->refresh_id = 0;
  load (self);
  return G_SOURCE_REMOVE;
}

/* Statements often bring many entries in a row: one load for the lot. */
static void
on_ledger_changed (PwEarningsView *self)
{
  if (self->refresh_id == 0)
    self->refresh_id = g_timeout_add (REFRESH_DELAY_MS, on_refresh_timeout, self);
}

void
_pw_earnings_view_update_actions (PwEarningsView *self)
{
  gboolean ready = _pw_earnings_view_get_store (self) != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "earnings.show-time", ready);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "earnings.add-time", ready);
  _pw_earnings_view_update_export_actions (self);
}

static void
on_store_ready (PwEarningsView *self)
{
  load (self);
}

static gboolean
on_tick (gpointer user_data)
{
  PwEarningsView *self = user_data;

  if (self->fixed_now == NULL)
    load (self);
  return G_SOURCE_CONTINUE;
}

static void
pw_earnings_view_map (GtkWidget *widget)
{
  PwEarningsView *self = PW_EARNINGS_VIEW (widget);

  GTK_WIDGET_CLASS (pw_earnings_view_parent_class)->map (widget);

  self->tick_id = g_timeout_add_seconds (TICK_SECONDS, on_tick, self);
  if (self->dirty || self->figures == NULL || self->fixed_now == NULL)
    load (self);
}

static void
pw_earnings_view_unmap (GtkWidget *widget)
{
  PwEarningsView *self = PW_EARNINGS_VIEW (widget);

  g_clear_handle_id (&self->tick_id, g_source_remove);

  GTK_WIDGET_CLASS (pw_earnings_view_parent_class)->unmap (widget);
}

static void
goals_activated (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  _pw_earnings_view_show_goals (PW_EARNINGS_VIEW (widget));
}

static void
refresh_activated (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  pw_earnings_view_refresh (PW_EARNINGS_VIEW (widget));
}

static void
on_setting_changed (PwEarningsView *self,
                    const char     *key)
{
  if (self->figures == NULL || g_strcmp0 (key, "rate-floor-alerted") == 0)
    return;
  _pw_earnings_view_update_goal (self);
  _pw_earnings_view_update_floor (self);
}

static void
pw_earnings_view_dispose (GObject *object)
{
  PwEarningsView *self = PW_EARNINGS_VIEW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->refresh_id, g_source_remove);
  g_clear_handle_id (&self->tick_id, g_source_remove);
  if (self->app != NULL)
    g_signal_handlers_disconnect_by_data (self->app, self);
  g_clear_object (&self->app);
  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  g_clear_object (&self->settings);
  if (self->time_log != NULL)
    gtk_window_destroy (self->time_log);
  _pw_earnings_view_dispose_export (self);
  g_clear_pointer (&self->figures, pw_recent_figures_free);
  g_clear_pointer (&self->fixed_now, g_date_time_unref);
  g_clear_pointer (&self->chart_currency, g_free);
  g_clear_object (&self->projects);

  gtk_widget_dispose_template (GTK_WIDGET (self), PW_TYPE_EARNINGS_VIEW);

  G_OBJECT_CLASS (pw_earnings_view_parent_class)->dispose (object);
}

static void
add_shortcut (GtkEventController *controller,
              const char         *trigger,
              const char         *action)
{
  GtkShortcut *shortcut = gtk_shortcut_new (gtk_shortcut_trigger_parse_string (trigger),
                                            gtk_named_action_new (action));

  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller), shortcut);
}

static void
pw_earnings_view_class_init (PwEarningsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pw_earnings_view_dispose;
  widget_class->map = pw_earnings_view_map;
  widget_class->unmap = pw_earnings_view_unmap;

  /**
   * PwEarningsView::updated:
   *
   * The figures were read again and are shown.
   */
  signals[UPDATED] =
    g_signal_new ("updated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, PW_RESOURCE_BASE "/pw-earnings-view.ui");
  gtk_widget_class_bind_template_child (widget_class, PwEarningsView, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, PwEarningsView, stack);
  gtk_widget_class_bind_template_child (widget_class, PwEarningsView, updated_label);
  gtk_widget_class_bind_template_child (widget_class, PwEarningsView, floor_revealer);
  gtk_widget_class_bind_template_child (widget_class, PwEarningsView, floor_label);
  gtk_widget_class_bind_template_child (widget_class, PwEarningsView, goal_box);
  gtk_widget_class_bind_template_child (widget_class, PwEarningsView, goal_title);
  gtk_widget_class_bind_template_child (widget_class, PwEarningsView, goal_label);
  gtk_widget_class_bind_template_child (widget_class, PwEarningsView, pace_label);
  gtk_widget_class_bind_template_child (widget_class, PwEarningsView, goal_bar);
  gtk_widget_class_bind_template_child (widget_class, PwEarningsView, today_card);
  gtk_widget_class_bind_template_child (widget_class, PwEarningsView, week_card);
  gtk_widget_class_bind_template_child (widget_class, PwEarningsView, month_card);
  gtk_widget_class_bind_template_child (widget_class, PwEarningsView, currency_dropdown);
  gtk_widget_class_bind_template_child (widget_class, PwEarningsView, currencies);
  gtk_widget_class_bind_template_child (widget_class, PwEarningsView, chart);
  gtk_widget_class_bind_template_child (widget_class, PwEarningsView, chart_caption);
  gtk_widget_class_bind_template_child (widget_class, PwEarningsView, projects_window);
  gtk_widget_class_bind_template_child (widget_class, PwEarningsView, project_table);
  gtk_widget_class_bind_template_child (widget_class, PwEarningsView, projects_empty);
  gtk_widget_class_bind_template_callback (widget_class, on_currency_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_chart_selected);

  _pw_earnings_view_class_init_time (widget_class);
  gtk_widget_class_install_action (widget_class, "earnings.goals", NULL, goals_activated);
  gtk_widget_class_install_action (widget_class, "earnings.refresh", NULL, refresh_activated);
  _pw_earnings_view_class_init_export (widget_class);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "pw-earnings-view");
}

static void
pw_earnings_view_init (PwEarningsView *self)
{
  GtkEventController *shortcuts;

  g_type_ensure (PW_TYPE_EARNINGS_CHART);

  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->settings = g_settings_new (PW_APP_ID);
  g_signal_connect_swapped (self->settings, "changed", G_CALLBACK (on_setting_changed), self);
  _pw_earnings_view_init_projects (self);

  /* The view's shortcuts work wherever the focus is, while the
   * Earnings place shows: the controller skips them when it is unmapped. */
  shortcuts = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                     GTK_SHORTCUT_SCOPE_MANAGED);
  add_shortcut (shortcuts, "<Control><Shift>e", "earnings.export-ledger");
  add_shortcut (shortcuts, "<Control><Shift>x", "earnings.export-time");
  add_shortcut (shortcuts, "<Control><Shift>y", "earnings.export-income");
  add_shortcut (shortcuts, "<Control><Shift>p", "earnings.export-portfolio");
  add_shortcut (shortcuts, "<Control><Shift>t", "earnings.show-time");
  add_shortcut (shortcuts, "<Control><Shift>n", "earnings.add-time");
  add_shortcut (shortcuts, "<Control><Shift>g", "earnings.goals");
  add_shortcut (shortcuts, "F5", "earnings.refresh");
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);

  self->app = g_application_get_default ();
  if (PW_IS_APPLICATION (self->app))
    {
      g_object_ref (self->app);
      g_signal_connect_swapped (self->app, "notify::store-ready", G_CALLBACK (on_store_ready),
                                self);
      g_signal_connect_swapped (self->app, "ledger-changed", G_CALLBACK (on_ledger_changed), self);
    }
  else
    self->app = NULL;
  _pw_earnings_view_update_actions (self);
}
