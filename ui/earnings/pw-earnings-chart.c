/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n.h>

#include "pw-earnings-chart-private.h"
#include "pw-earnings-format.h"

/* The Earnings place's chart: one bar a day, its money stacked by status in one
 * currency (paid, approved, pending, awaiting a statement, and rejected
 * hatched, as it counts for nothing), and the hours worked as dots on a
 * second axis. Colors come from the style's named colors, so it reads in
 * light, dark and high contrast. It takes the focus: the arrow keys walk
 * the days, and the selected day is what assistive technologies read. */

enum {
  PROP_0,
  PROP_SELECTED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (PwEarningsChart, pw_earnings_chart, GTK_TYPE_WIDGET)

GtkWidget *
pw_earnings_chart_new (void)
{
  return g_object_new (PW_TYPE_EARNINGS_CHART, NULL);
}

static char *
day_name (PwFigures *figures)
{
  g_autoptr (GDateTime) local = pw_earnings_local_time (figures->start);

  /* Translators: a day in the chart's tooltip, as g_date_time_format() takes it: "Wed, Nov 25" */
  return g_date_time_format (local, C_("chart day", "%a, %b %-d"));
}

/**
 * pw_earnings_chart_dup_day_text:
 * @day: a day, 0 for the oldest
 *
 * Returns: (transfer full): what the chart shows for @day, one figure a
 *   line: the date, each nonzero status, what was earned and the hours
 */
char *
pw_earnings_chart_dup_day_text (PwEarningsChart *self,
                                guint            day)
{
  g_autoptr (GString) text = NULL;
  g_autofree char *name = NULL;
  g_autofree char *hours = NULL;
  const PwEarnings *e;
  PwFigures *figures;
  struct
  {
    const char *label;
    gint64      micro;
    gboolean    added;
  } lines[6];

  g_return_val_if_fail (PW_IS_EARNINGS_CHART (self), NULL);
  g_return_val_if_fail (self->days != NULL && day < self->days->len, NULL);

  figures = g_ptr_array_index (self->days, day);
  e = _pw_earnings_chart_day_earnings (self, day);
  name = day_name (figures);
  text = g_string_new (name);

  if (e != NULL)
    {
      for (guint i = 0; i < G_N_ELEMENTS (lines); i++)
        lines[i].added = TRUE;
      lines[0].label = _("Paid");
      lines[0].micro = e->paid_micro;
      lines[1].label = _("Approved");
      lines[1].micro = e->approved_micro;
      lines[2].label = _("Bonuses and fees");
      lines[2].micro = e->bonus_micro;
      lines[2].added = pw_money_add_micro (&lines[2].micro, e->adjustment_micro)
                       && pw_money_add_micro (&lines[2].micro, e->fee_micro);
      lines[3].label = _("Pending");
      lines[3].micro = e->pending_micro;
      lines[4].label = _("Awaiting a statement");
      lines[4].micro = e->awaiting_micro;
      lines[5].label = _("Rejected");
      lines[5].micro = e->rejected_micro;
      for (guint i = 0; i < G_N_ELEMENTS (lines); i++)
        {
          g_autofree char *money = NULL;

          if (lines[i].micro == 0 && lines[i].added && !e->too_large)
            continue;
          money = pw_earnings_format_money (e, lines[i].micro, lines[i].added);
          /* Translators: a line of the chart's tooltip: a status and an amount, "Paid: 1.20 USD" */
          g_string_append_c (text, '\n');
          g_string_append_printf (text, C_("chart line", "%s: %s"), lines[i].label, money);
        }
      {
        g_autofree char *earned = pw_earnings_format_money (e, e->earned_micro, TRUE);

        g_string_append_c (text, '\n');
        g_string_append_printf (text, C_("chart line", "%s: %s"), _("Earned"), earned);
      }
    }
  else
    {
      g_string_append_c (text, '\n');
      g_string_append (text, _("No money"));
    }

  hours = pw_earnings_format_hours (figures->all_us);
  g_string_append_c (text, '\n');
  /* Translators: the time worked on a day, "3 h 20 min worked" */
  g_string_append_printf (text, _("%s worked"), hours);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
update_accessible (PwEarningsChart *self)
{
  g_autofree char *text = NULL;

  if (self->days != NULL && self->selected >= 0 && (guint) self->selected < self->days->len)
    text = pw_earnings_chart_dup_day_text (self, (guint) self->selected);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  text != NULL ? text : _("Use the arrow keys to read each day"),
                                  -1);
}

/**
 * pw_earnings_chart_set_days:
 * @days: (element-type PwFigures) (nullable): one #PwFigures a day, oldest
 *   first
 * @currency: (nullable): the currency whose money the bars show
 *
 * Shows @days. The selected day stays where it was, counted from the end,
 * so today stays today after a refresh.
 */
void
pw_earnings_chart_set_days (PwEarningsChart *self,
                            GPtrArray       *days,
                            const char      *currency)
{
  g_return_if_fail (PW_IS_EARNINGS_CHART (self));

  g_clear_pointer (&self->days, g_ptr_array_unref);
  if (days != NULL)
    self->days = g_ptr_array_ref (days);
  g_free (self->currency);
  self->currency = g_strdup (currency);
  self->hovered = -1;
  if (self->days == NULL || (guint) self->selected >= self->days->len)
    pw_earnings_chart_set_selected (self, -1);
  update_accessible (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

const char *
pw_earnings_chart_get_currency (PwEarningsChart *self)
{
  g_return_val_if_fail (PW_IS_EARNINGS_CHART (self), NULL);
  return self->currency;
}

guint
pw_earnings_chart_get_n_days (PwEarningsChart *self)
{
  g_return_val_if_fail (PW_IS_EARNINGS_CHART (self), 0);
  return self->days != NULL ? self->days->len : 0;
}

/**
 * pw_earnings_chart_get_selected:
 *
 * Returns: the day the keyboard selected, 0 for the oldest, or -1
 */
int
pw_earnings_chart_get_selected (PwEarningsChart *self)
{
  g_return_val_if_fail (PW_IS_EARNINGS_CHART (self), -1);
  return self->selected;
}

void
pw_earnings_chart_set_selected (PwEarningsChart *self,
                                int              day)
{
  g_return_if_fail (PW_IS_EARNINGS_CHART (self));

  if (self->days == NULL || day < 0)
    day = -1;
  else
    day = MIN (day, (int) self->days->len - 1);
  if (self->selected == day)
    return;
  self->selected = day;
  update_accessible (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED]);
}

static void
pw_earnings_chart_measure (GtkWidget      *widget,
                           GtkOrientation  orientation,
                           int             for_size,
                           int            *minimum,
                           int            *natural,
                           int            *minimum_baseline,
                           int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 240;
      *natural = 640;
    }
  else
    {
      *minimum = 180;
      *natural = 220;
    }
}

static gboolean
on_query_tooltip (PwEarningsChart *self,
                  int              x,
                  int              y,
                  gboolean         keyboard,
                  GtkTooltip      *tooltip)
{
  g_autofree char *text = NULL;
  int day = keyboard ? self->selected : _pw_earnings_chart_day_at (self, x);

  if (day < 0)
    return FALSE;
  text = pw_earnings_chart_dup_day_text (self, (guint) day);
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static void
set_hovered (PwEarningsChart *self,
             int              day)
{
  if (self->hovered == day)
    return;
  self->hovered = day;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_motion (PwEarningsChart          *self,
           double                    x,
           double                    y,
           GtkEventControllerMotion *motion)
{
  set_hovered (self, _pw_earnings_chart_day_at (self, x));
}

static void
on_leave (PwEarningsChart          *self,
          GtkEventControllerMotion *motion)
{
  set_hovered (self, -1);
}

static void
on_pressed (PwEarningsChart *self,
            int              n_press,
            double           x,
            double           y,
            GtkGestureClick *click)
{
  int day = _pw_earnings_chart_day_at (self, x);

  gtk_widget_grab_focus (GTK_WIDGET (self));
  if (day >= 0)
    pw_earnings_chart_set_selected (self, day);
}

static void
move_selection (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  PwEarningsChart *self = PW_EARNINGS_CHART (widget);
  int n = (int) pw_earnings_chart_get_n_days (self);
  int step = g_variant_get_int32 (parameter);
  int day;

  if (n == 0)
    return;
  if (self->selected < 0)
    day = n - 1;
  else if (step == G_MININT32)
    day = 0;
  else if (step == G_MAXINT32)
    day = n - 1;
  else
    day = CLAMP (self->selected + step, 0, n - 1);
  pw_earnings_chart_set_selected (self, day);
}

static void
on_focus_changed (PwEarningsChart *self)
{
  if (gtk_widget_has_focus (GTK_WIDGET (self)) && self->selected < 0 && self->days != NULL)
    pw_earnings_chart_set_selected (self, (int) self->days->len - 1);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
pw_earnings_chart_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  PwEarningsChart *self = PW_EARNINGS_CHART (object);

  switch (prop_id)
    {
    case PROP_SELECTED:
      g_value_set_int (value, self->selected);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pw_earnings_chart_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  PwEarningsChart *self = PW_EARNINGS_CHART (object);

  switch (prop_id)
    {
    case PROP_SELECTED:
      pw_earnings_chart_set_selected (self, g_value_get_int (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pw_earnings_chart_dispose (GObject *object)
{
  PwEarningsChart *self = PW_EARNINGS_CHART (object);

  g_signal_handlers_disconnect_by_data (adw_style_manager_get_default (), self);
  g_clear_pointer (&self->days, g_ptr_array_unref);
  g_clear_pointer (&self->currency, g_free);

  G_OBJECT_CLASS (pw_earnings_chart_parent_class)->dispose (object);
}

static void
add_move_binding (GtkWidgetClass *widget_class,
                  guint           keyval,
                  guint           keypad,
                  int             step)
{
  gtk_widget_class_add_binding_action (widget_class, keyval, 0, "chart.move", "i", step);
  gtk_widget_class_add_binding_action (widget_class, keypad, 0, "chart.move", "i", step);
}

static void
pw_earnings_chart_class_init (PwEarningsChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pw_earnings_chart_dispose;
  object_class->get_property = pw_earnings_chart_get_property;
  object_class->set_property = pw_earnings_chart_set_property;

  widget_class->snapshot = _pw_earnings_chart_snapshot;
  widget_class->measure = pw_earnings_chart_measure;

  /**
   * PwEarningsChart:selected:
   *
   * The day the keyboard selected, 0 for the oldest, or -1.
   */
  properties[PROP_SELECTED] =
    g_param_spec_int ("selected", NULL, NULL, -1, G_MAXINT, -1,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "chart.move", "i", move_selection);
  add_move_binding (widget_class, GDK_KEY_Left, GDK_KEY_KP_Left, -1);
  add_move_binding (widget_class, GDK_KEY_Right, GDK_KEY_KP_Right, 1);
  add_move_binding (widget_class, GDK_KEY_Page_Up, GDK_KEY_KP_Page_Up, -7);
  add_move_binding (widget_class, GDK_KEY_Page_Down, GDK_KEY_KP_Page_Down, 7);
  add_move_binding (widget_class, GDK_KEY_Home, GDK_KEY_KP_Home, G_MININT32);
  add_move_binding (widget_class, GDK_KEY_End, GDK_KEY_KP_End, G_MAXINT32);

  gtk_widget_class_set_css_name (widget_class, "pw-earnings-chart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
pw_earnings_chart_init (PwEarningsChart *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  GtkEventController *motion = gtk_event_controller_motion_new ();
  GtkGesture *click = gtk_gesture_click_new ();
  AdwStyleManager *style = adw_style_manager_get_default ();

  self->selected = -1;
  self->hovered = -1;

  gtk_widget_set_focusable (widget, TRUE);
  gtk_widget_set_has_tooltip (widget, TRUE);
  g_signal_connect (self, "query-tooltip", G_CALLBACK (on_query_tooltip), NULL);
  g_signal_connect (self, "notify::has-focus", G_CALLBACK (on_focus_changed), NULL);

  g_signal_connect_swapped (motion, "motion", G_CALLBACK (on_motion), self);
  g_signal_connect_swapped (motion, "leave", G_CALLBACK (on_leave), self);
  gtk_widget_add_controller (widget, motion);
  g_signal_connect_swapped (click, "pressed", G_CALLBACK (on_pressed), self);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (click));

  /* Named colors change with the style; redraw when it does. */
  g_signal_connect_swapped (style, "notify::dark", G_CALLBACK (gtk_widget_queue_draw), self);
  g_signal_connect_swapped (style, "notify::high-contrast", G_CALLBACK (gtk_widget_queue_draw),
                            self);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Daily earnings by status and hours worked"),
                                  -1);
  update_accessible (self);
}
