/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "pw-earnings-format.h"

/* How the Earnings place writes its figures: money and rates by the
 * engine's one rule (pw_money_display()), in words where a sum was too
 * large to add up; durations, shares and changes as its cards show them. */

/**
 * pw_earnings_format_money:
 * @e: the earnings @micro is of
 * @micro: one of their amounts
 * @added: %FALSE when @micro is a sum of their amounts that overflowed
 *
 * Returns: (transfer full): the amount, "12.00 USD", or, when a sum of
 *   @e passed what 64 bits hold, words that say so: never a wrapped figure
 */
char *
pw_earnings_format_money (const PwEarnings *e,
                          gint64            micro,
                          gboolean          added)
{
  if (e->too_large || !added)
    /* Translators: in place of an amount whose sum passed 64 bits; "USD: too large to add up" */
    return g_strdup_printf (_("%s: too large to add up"), e->currency);
  return pw_money_display (micro, e->currency);
}

/**
 * pw_earnings_format_rate:
 * @e: the earnings @micro_per_hour is of
 * @micro_per_hour: one of their rates
 *
 * Returns: (transfer full): the rate as pw_money_display_rate() writes it, or
 *   words that say a sum of @e was too large
 */
char *
pw_earnings_format_rate (const PwEarnings *e,
                         gint64            micro_per_hour)
{
  if (e->too_large)
    return pw_earnings_format_money (e, 0, TRUE);
  return pw_money_display_rate (micro_per_hour, e->currency);
}

/**
 * pw_earnings_format_hours:
 * @us: a duration in microseconds
 *
 * Returns: (transfer full): the duration to the nearest minute,
 *   "3 h 20 min", "45 min", "2 h", or "under 1 min" for some seconds"
 */
char *
pw_earnings_format_hours (gint64 us)
{
  gint64 minutes = (MAX (us, 0) + 30 * G_USEC_PER_SEC) / (60 * G_USEC_PER_SEC);
  guint hours = (guint) (minutes / 60);
  guint rest = (guint) (minutes % 60);

  if (minutes == 0 && us > 0)
    /* Translators: a duration shorter than half a minute */
    return g_strdup (C_("duration", "under 1 min"));
  if (hours == 0)
    /* Translators: a duration in minutes, "45 min" */
    return g_strdup_printf (C_("duration", "%u min"), rest);
  if (rest == 0)
    /* Translators: a duration in whole hours, "2 h" */
    return g_strdup_printf (C_("duration", "%u h"), hours);
  /* Translators: a duration in hours and minutes, "3 h 20 min" */
  return g_strdup_printf (C_("duration", "%u h %u min"), hours, rest);
}

/**
 * pw_earnings_format_task_time:
 * @us: the time spent on one task, in microseconds
 *
 * Returns: (transfer full): the time to the second, "45 s", "1 min 05 s";
 *   an hour or more as pw_earnings_format_hours() writes it
 */
char *
pw_earnings_format_task_time (gint64 us)
{
  gint64 seconds = (MAX (us, 0) + G_USEC_PER_SEC / 2) / G_USEC_PER_SEC;

  if (seconds >= 3600)
    return pw_earnings_format_hours (us);
  if (seconds < 60)
    /* Translators: a short duration in seconds, "45 s" */
    return g_strdup_printf (C_("duration", "%u s"), (guint) seconds);
  /* Translators: a short duration in minutes and seconds, "1 min 05 s" */
  return g_strdup_printf (C_("duration", "%u min %02u s"), (guint) (seconds / 60),
                          (guint) (seconds % 60));
}

/**
 * pw_earnings_format_percent:
 * @fraction: a share, 0 to 1
 *
 * Returns: (transfer full): the share as a whole percentage, "18 %"
 */
char *
pw_earnings_format_percent (double fraction)
{
  /* Translators: a percentage, "18 %"; put the sign where your language does */
  return g_strdup_printf (C_("percent", "%.0f %%"), round (fraction * 100.0) + 0.0);
}

/**
 * pw_earnings_format_rate_change:
 * @rate_micro: a period's rate
 * @previous_rate_micro: the rate of the period before, in the same currency
 * @previous_has_time: whether any time was spent in the period before
 * @direction: (out) (optional): 1 for a rise, -1 for a fall, 0 otherwise
 *
 * Returns: (transfer full): the change in whole percent, "↑ 12 %",
 *   "↓ 5 %", "±0 %", or "—" when the period before has nothing to compare
 *   with
 */
char *
pw_earnings_format_rate_change (gint64    rate_micro,
                       gint64    previous_rate_micro,
                       gboolean  previous_has_time,
                       int      *direction)
{
  double change;
  double percent;

  if (direction != NULL)
    *direction = 0;
  if (!previous_has_time || previous_rate_micro <= 0)
    return g_strdup ("—");

  change = ((double) rate_micro - (double) previous_rate_micro) / (double) previous_rate_micro;
  percent = round (fabs (change) * 100.0);
  if (percent == 0)
    /* Translators: a rate that did not change against the period before */
    return g_strdup (C_("change", "±0 %"));
  if (direction != NULL)
    *direction = change > 0 ? 1 : -1;
  if (change > 0)
    /* Translators: a rate that rose against the period before, "↑ 12 %" */
    return g_strdup_printf (C_("change", "↑ %.0f %%"), percent);
  /* Translators: a rate that fell against the period before, "↓ 5 %" */
  return g_strdup_printf (C_("change", "↓ %.0f %%"), percent);
}

/**
 * pw_earnings_local_time:
 * @us: microseconds since 1970
 *
 * Returns: (transfer full): that moment in the local time zone
 */
GDateTime *
pw_earnings_local_time (gint64 us)
{
  g_autoptr (GTimeZone) local = g_time_zone_new_local ();

  return pw_date_time_new_usec (us, local);
}
