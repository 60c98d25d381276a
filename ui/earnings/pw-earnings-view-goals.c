/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n.h>

#include "pw-earnings-format.h"
#include "pw-earnings-view-private.h"
#include "pw-goals-dialog.h"

/* The goal and the rate floor, as the worker set them in the Goals dialog.
 *
 * Pace spreads a goal evenly over the working part of each day, 8:00 to
 * 20:00, and a weekly goal evenly over the seven days: at 14:00, half of a
 * daily goal is due. An earnings goal counts pending pay and pay awaiting a
 * statement, since reviews take days; rejected pay does not count.
 *
 * The floor alert shows once today has a quarter of an hour of time, so
 * that the first minutes of a day, with nothing reviewed yet, do not raise
 * it; its toast shows once a day. */

#define PACE_DAY_START_H 8.0
#define PACE_DAY_END_H 20.0
#define FLOOR_MIN_TIME_US (15 * G_TIME_SPAN_MINUTE)

static double
expected_share (GDateTime *now,
                gboolean   weekly)
{
  double hour = g_date_time_get_hour (now) + g_date_time_get_minute (now) / 60.0
                + g_date_time_get_seconds (now) / 3600.0;
  double day = CLAMP ((hour - PACE_DAY_START_H) / (PACE_DAY_END_H - PACE_DAY_START_H), 0, 1);

  if (!weekly)
    return day;
  return (g_date_time_get_day_of_week (now) - 1 + day) / 7.0;
}

/* A goal, what is done of it, and how far ahead or behind: to the
 * minute, or to the currency's minor unit. */
static char *
format_goal_amount (gboolean    hours,
                    gint64      amount,
                    const char *currency)
{
  return hours ? pw_earnings_format_hours (amount) : pw_money_display (amount, currency);
}

void
_pw_earnings_view_update_goal (PwEarningsView *self)
{
  g_autofree char *kind = g_settings_get_string (self->settings, "goal-kind");
  g_autofree char *period = g_settings_get_string (self->settings, "goal-period");
  g_autofree char *currency = g_settings_get_string (self->settings, "goal-currency");
  g_autofree char *goal_text = NULL;
  g_autofree char *done_text = NULL;
  g_autofree char *percent = NULL;
  g_autofree char *title = NULL;
  g_autofree char *progress = NULL;
  g_autofree char *pace = NULL;
  gboolean weekly = g_str_equal (period, "week");
  gboolean hours = g_str_equal (kind, "hours");
  PwFigures *figures;
  gint64 goal, done, due;

  if (hours)
    goal = (gint64) (g_settings_get_double (self->settings, "goal-hours") * G_TIME_SPAN_HOUR);
  else
    goal = g_settings_get_int64 (self->settings, "goal-earnings");

  if (g_str_equal (kind, "none") || goal <= 0 || self->figures == NULL)
    {
      gtk_widget_set_visible (self->goal_box, FALSE);
      return;
    }

  figures = weekly ? self->figures->week : self->figures->today;
  if (hours)
    done = figures->all_us;
  else
    {
      const PwEarnings *e = pw_figures_get_earnings (figures, currency);

      done = e != NULL ? e->earned_micro : 0;
      if (e != NULL && (e->too_large || !pw_money_add_micro (&done, e->pending_micro)
                        || !pw_money_add_micro (&done, e->awaiting_micro)))
        {
          done = G_MAXINT64;
          done_text = pw_earnings_format_money (e, done, FALSE);
        }
    }

  goal_text = format_goal_amount (hours, goal, currency);
  if (done_text == NULL)
    done_text = format_goal_amount (hours, done, currency);
  percent = pw_earnings_format_percent ((double) done / (double) goal);
  if (weekly)
    /* Translators: the goal's title, "This Week’s Goal: 200.00 USD" or "…: 30 h" */
    title = g_strdup_printf (_("This Week’s Goal: %s"), goal_text);
  else
    /* Translators: the goal's title, "Today’s Goal: 40.00 USD" or "…: 6 h" */
    title = g_strdup_printf (_("Today’s Goal: %s"), goal_text);
  if (hours)
    /* Translators: progress toward an hours goal, "3 h 20 min of 6 h (56 %)" */
    progress = g_strdup_printf (_("%s of %s worked (%s)"), done_text, goal_text, percent);
  else
    /* Translators: progress toward an earnings goal, "23.50 USD of 40.00 USD (59 %)" */
    progress = g_strdup_printf (_("%s of %s, pending pay included (%s)"), done_text, goal_text,
                                percent);

  due = (gint64) (goal * expected_share (self->figures->now, weekly));
  if (done >= goal)
    pace = g_strdup (_("Goal reached"));
  else if (done >= due)
    {
      g_autofree char *ahead = format_goal_amount (hours, done - due, currency);

      /* Translators: the goal's pace, "On pace, 2.50 USD ahead" */
      pace = g_strdup_printf (_("On pace, %s ahead"), ahead);
    }
  else
    {
      g_autofree char *behind = format_goal_amount (hours, due - done, currency);

      /* Translators: the goal's pace, "Behind pace by 4.00 USD" */
      pace = g_strdup_printf (_("Behind pace by %s"), behind);
    }

  gtk_label_set_text (self->goal_title, title);
  gtk_label_set_text (self->goal_label, progress);
  gtk_label_set_text (self->pace_label, pace);
  gtk_widget_remove_css_class (GTK_WIDGET (self->pace_label), "success");
  gtk_widget_remove_css_class (GTK_WIDGET (self->pace_label), "warning");
  gtk_widget_add_css_class (GTK_WIDGET (self->pace_label), done >= due ? "success" : "warning");
  gtk_progress_bar_set_fraction (self->goal_bar, CLAMP ((double) done / (double) goal, 0, 1));
  gtk_widget_set_visible (self->goal_box, TRUE);
}

void
_pw_earnings_view_update_floor (PwEarningsView *self)
{
  g_autofree char *currency = g_settings_get_string (self->settings, "goal-currency");
  g_autofree char *alerted = g_settings_get_string (self->settings, "rate-floor-alerted");
  g_autofree char *today = NULL;
  g_autofree char *rate_text = NULL;
  g_autofree char *floor_text = NULL;
  g_autofree char *message = NULL;
  gint64 floor = g_settings_get_int64 (self->settings, "rate-floor");
  const PwEarnings *e;
  PwFigures *figures;
  gint64 rate;

  if (self->figures == NULL || floor <= 0 || self->figures->today->all_us < FLOOR_MIN_TIME_US)
    {
      gtk_revealer_set_reveal_child (self->floor_revealer, FALSE);
      return;
    }

  figures = self->figures->today;
  e = pw_figures_get_earnings (figures, currency);
  rate = e != NULL ? e->effective_rate_micro : 0;
  if (rate >= floor)
    {
      gtk_revealer_set_reveal_child (self->floor_revealer, FALSE);
      return;
    }

  rate_text = pw_money_display_rate (rate, currency);
  floor_text = pw_money_display_rate (floor, currency);
  /* Translators: the rate floor's alert, "Today’s effective rate, 3.10 USD/h, is below
   * your floor of 5.00 USD/h." */
  message = g_strdup_printf (_("Today’s effective rate, %s, is below your floor of %s."),
                             rate_text, floor_text);
  gtk_label_set_text (self->floor_label, message);
  gtk_revealer_set_reveal_child (self->floor_revealer, TRUE);

  today = g_date_time_format (self->figures->now, "%Y-%m-%d");
  if (g_strcmp0 (alerted, today) != 0)
    {
      g_settings_set_string (self->settings, "rate-floor-alerted", today);
      _pw_earnings_view_add_toast (self, message);
    }
}

void
_pw_earnings_view_show_goals (PwEarningsView *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWindow *dialog = GTK_WINDOW (pw_goals_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root)
                                                                            : NULL));

  gtk_window_present (dialog);
}
