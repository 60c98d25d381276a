/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include "pw-figures-private.h"

/* Periods and buckets of local time. Days, weeks, months and years start
 * at local midnight, so a day is 23 or 25 hours long when the clocks
 * change; GDateTime knows the time zone's rules. */

static const char *const period_names[] = {
  [PW_PERIOD_DAY] = "day",
  [PW_PERIOD_WEEK] = "week",
  [PW_PERIOD_MONTH] = "month",
  [PW_PERIOD_YEAR] = "year",
};

/**
 * pw_period_to_string:
 *
 * Returns: the period's name: `day`, `week`, `month` or `year`
 */
const char *
pw_period_to_string (PwPeriod period)
{
  g_return_val_if_fail ((guint) period < G_N_ELEMENTS (period_names), NULL);

  return period_names[period];
}

/**
 * pw_period_from_string:
 * @text: a name as pw_period_to_string() gives it
 * @period: (out): the period
 *
 * Returns: %TRUE when @text names a period
 */
gboolean
pw_period_from_string (const char *text,
                       PwPeriod   *period)
{
  for (guint i = 0; i < G_N_ELEMENTS (period_names); i++)
    {
      if (g_strcmp0 (text, period_names[i]) == 0)
        {
          *period = i;
          return TRUE;
        }
    }
  return FALSE;
}

/**
 * pw_date_time_new_usec:
 * @usec: microseconds since 1970, before it when negative
 * @tz: (nullable): the time zone to give the time in, or %NULL for UTC
 *
 * Returns: (transfer full) (nullable): the time, or %NULL when it is
 *   beyond what a #GDateTime holds
 */
GDateTime *
pw_date_time_new_usec (gint64     usec,
                       GTimeZone *tz)
{
  gint64 seconds = usec / G_USEC_PER_SEC;
  gint64 rest = usec % G_USEC_PER_SEC;
  g_autoptr (GDateTime) whole = NULL;
  g_autoptr (GDateTime) utc = NULL;

  if (rest < 0)
    {
      seconds--;
      rest += G_USEC_PER_SEC;
    }
  whole = g_date_time_new_from_unix_utc (seconds);
  if (whole == NULL)
    return NULL;
  utc = g_date_time_add (whole, rest);
  return tz != NULL ? g_date_time_to_timezone (utc, tz) : g_steal_pointer (&utc);
}

/**
 * pw_date_time_to_usec:
 * @date_time: a time
 *
 * Returns: @date_time in microseconds since 1970
 */
gint64
pw_date_time_to_usec (GDateTime *date_time)
{
  return g_date_time_to_unix (date_time) * G_USEC_PER_SEC +
         g_date_time_get_microsecond (date_time);
}

static GDateTime *
period_start (PwPeriod   period,
              GDateTime *at)
{
  GTimeZone *zone = g_date_time_get_timezone (at);
  int year, month, day;
  g_autoptr (GDateTime) noon = NULL;
  g_autoptr (GDateTime) monday = NULL;

  g_date_time_get_ymd (at, &year, &month, &day);
  switch (period)
    {
    case PW_PERIOD_YEAR:
      month = 1;
      G_GNUC_FALLTHROUGH;
    case PW_PERIOD_MONTH:
      day = 1;
      G_GNUC_FALLTHROUGH;
    case PW_PERIOD_DAY:
      return g_date_time_new (zone, year, month, day, 0, 0, 0);
    case PW_PERIOD_WEEK:
    default:
      noon = g_date_time_new (zone, year, month, day, 12, 0, 0);
      monday = g_date_time_add_days (noon, 1 - g_date_time_get_day_of_week (at));
      g_date_time_get_ymd (monday, &year, &month, &day);
      return g_date_time_new (zone, year, month, day, 0, 0, 0);
    }
}

static GDateTime *
period_next (PwPeriod   period,
             GDateTime *start)
{
  GTimeZone *zone = g_date_time_get_timezone (start);
  int year, month, day;

  /* Added to the local date, then made midnight again, so a day with a
   * clock change still ends at the next midnight. */
  g_date_time_get_ymd (start, &year, &month, &day);
  switch (period)
    {
    case PW_PERIOD_DAY:
    case PW_PERIOD_WEEK:
      {
        g_autoptr (GDateTime) noon = g_date_time_new (zone, year, month, day, 12, 0, 0);
        g_autoptr (GDateTime) later = g_date_time_add_days (noon, period == PW_PERIOD_DAY ? 1 : 7);

        g_date_time_get_ymd (later, &year, &month, &day);
        return g_date_time_new (zone, year, month, day, 0, 0, 0);
      }
    case PW_PERIOD_MONTH:
      return month == 12 ? g_date_time_new (zone, year + 1, 1, 1, 0, 0, 0)
                         : g_date_time_new (zone, year, month + 1, 1, 0, 0, 0);
    case PW_PERIOD_YEAR:
    default:
      return g_date_time_new (zone, year + 1, 1, 1, 0, 0, 0);
    }
}

/**
 * pw_period_bounds:
 * @period: a period
 * @at: a time, in the time zone whose days count
 * @start: (out): the start of the period that holds @at, in microseconds
 *   since 1970
 * @end: (out): its end, excluded
 *
 * Finds the local day, week (Monday first), month or year of @at. For the
 * period before, ask again with @start minus one.
 */
void
pw_period_bounds (PwPeriod   period,
                  GDateTime *at,
                  gint64    *start,
                  gint64    *end)
{
  g_autoptr (GDateTime) first = NULL;
  g_autoptr (GDateTime) next = NULL;

  g_return_if_fail ((guint) period < G_N_ELEMENTS (period_names));
  g_return_if_fail (at != NULL && start != NULL && end != NULL);

  first = period_start (period, at);
  next = period_next (period, first);
  *start = pw_date_time_to_usec (first);
  *end = pw_date_time_to_usec (next);
}

/* Finds the period of the same kind just before the one that holds @at. */
void
_pw_period_bounds_before (PwPeriod   period,
                          GDateTime *at,
                          gint64    *start,
                          gint64    *end)
{
  g_autoptr (GDateTime) before = NULL;
  gint64 first, last;

  pw_period_bounds (period, at, &first, &last);
  before = pw_date_time_new_usec (first - 1, g_date_time_get_timezone (at));
  pw_period_bounds (period, before, start, end);
}

gboolean
_pw_grouping_is_by_time (PwGrouping grouping)
{
  return grouping == PW_GROUP_DAY || grouping == PW_GROUP_WEEK ||
         grouping == PW_GROUP_MONTH || grouping == PW_GROUP_YEAR;
}

static void
bucket_clear (gpointer data)
{
  PwBucket *bucket = data;

  g_free (bucket->key);
}

static char *
bucket_key (PwGrouping grouping,
            GDateTime *start)
{
  switch (grouping)
    {
    case PW_GROUP_DAY:
      return g_date_time_format (start, "%Y-%m-%d");
    case PW_GROUP_WEEK:
      return g_strdup_printf ("%04d-W%02d", g_date_time_get_week_numbering_year (start),
                              g_date_time_get_week_of_year (start));
    case PW_GROUP_MONTH:
      return g_date_time_format (start, "%Y-%m");
    case PW_GROUP_YEAR:
    default:
      return g_date_time_format (start, "%Y");
    }
}

/* Returns: (transfer full) (element-type PwBucket): the local days, weeks,
 *   months or years that [@start, @end) touches, each cut to the span */
GArray *
_pw_period_buckets (gint64      start,
                    gint64      end,
                    PwGrouping  grouping,
                    GTimeZone  *tz)
{
  GArray *buckets = g_array_new (FALSE, TRUE, sizeof (PwBucket));
  PwPeriod period;
  g_autoptr (GDateTime) at = NULL;
  g_autoptr (GDateTime) first = NULL;

  g_array_set_clear_func (buckets, bucket_clear);
  g_return_val_if_fail (_pw_grouping_is_by_time (grouping), buckets);

  period = grouping == PW_GROUP_DAY ? PW_PERIOD_DAY
         : grouping == PW_GROUP_WEEK ? PW_PERIOD_WEEK
         : grouping == PW_GROUP_MONTH ? PW_PERIOD_MONTH
         : PW_PERIOD_YEAR;

  at = pw_date_time_new_usec (start, tz);
  if (at == NULL)
    return buckets;
  first = period_start (period, at);

  while (first != NULL && pw_date_time_to_usec (first) < end)
    {
      GDateTime *next = period_next (period, first);
      PwBucket bucket;

      bucket.start = MAX (pw_date_time_to_usec (first), start);
      bucket.end = next != NULL ? MIN (pw_date_time_to_usec (next), end) : end;
      bucket.key = bucket_key (grouping, first);
      g_array_append_val (buckets, bucket);

      g_date_time_unref (first);
      first = next;
    }
  return buckets;
}
