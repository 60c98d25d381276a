/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <gio/gunixoutputstream.h>
#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "ledger/pw-figures.h"
#include "ledger/pw-ledger-export.h"
#include "market/pw-money-display.h"
#include "market/pw-money.h"
#include "model/pw-json.h"
#include "pw-cli-private.h"
#include "pw-cli.h"
#include "pw-error.h"

/* The ledger's commands: the figures of a period as text or JSON, and the
 * CSV exports. The figures come from the same pass the Earnings place
 * runs. */

typedef struct
{
  PwPeriodSummary *figures;
  GPtrArray       *accounts;
} Summary;

static void
summary_clear (Summary *summary)
{
  g_clear_pointer (&summary->figures, pw_period_summary_free);
  g_clear_pointer (&summary->accounts, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Summary, summary_clear)

static GDateTime *
parse_date (const char  *date,
            GError     **error)
{
  g_autoptr (GTimeZone) local = g_time_zone_new_local ();
  int year, month, day;
  char end;

  if (date == NULL)
    return g_date_time_new_now (local);
  if (sscanf (date, "%4d-%2d-%2d%c", &year, &month, &day, &end) == 3 &&
      g_date_valid_dmy (day, month, year))
    return g_date_time_new (local, year, month, day, 12, 0, 0);

  g_set_error (error, PW_ERROR, PW_ERROR_INVALID_DATA,
               _("“%s” is not a date written like 2026-03-31"), date);
  return NULL;
}

static const char *account_name (Summary    *summary,
                                 const char *account_id);

static gboolean
load_summary (PwStore     *store,
              PwPeriod     period,
              GDateTime   *at,
              Summary     *summary,
              GError     **error)
{
  PwPeriodSummary *figures;

  /* The weeks of the span that are over are read fastest packed, the week
   * before included, and a year adds up its weeks and days rolled up;
   * should that fail, they are read from the tables. */
  summary->figures = pw_period_summary_pack_and_load (store, period, at, NULL, error);
  if (summary->figures == NULL)
    return FALSE;
  summary->accounts = pw_store_list_accounts (store, error);
  if (summary->accounts == NULL)
    return FALSE;

  /* A sum past 64 bits is said, never printed wrapped around: named by
   * the account whose statement holds it where one does. */
  figures = summary->figures;
  for (guint i = 0; i < figures->projects->len; i++)
    {
      PwFigures *project = figures->projects->pdata[i];

      if (!pw_figures_check_sums (project, account_name (summary, project->account_id), error))
        return FALSE;
    }
  return pw_figures_check_sums (figures->current, NULL, error)
         && (figures->previous == NULL || pw_figures_check_sums (figures->previous, NULL, error));
}

static const char *
account_name (Summary    *summary,
              const char *account_id)
{
  PwStoreAccount *account;

  if (account_id == NULL)
    return NULL;
  account = _pw_cli_find_account (summary->accounts, account_id);
  return account != NULL ? account->name : account_id;
}

/* Text */

static char *
format_duration (gint64 us)
{
  gint64 seconds = us / G_USEC_PER_SEC;

  return g_strdup_printf ("%" G_GINT64_FORMAT ":%02d:%02d", seconds / 3600,
                          (int) (seconds / 60 % 60), (int) (seconds % 60));
}

static char *
format_period (PwPeriod   period,
               PwFigures *figures)
{
  g_autoptr (GTimeZone) local = g_time_zone_new_local ();
  g_autoptr (GDateTime) first = pw_date_time_new_usec (figures->start, local);
  g_autoptr (GDateTime) last = pw_date_time_new_usec (figures->end - 1, local);
  g_autofree char *from = g_date_time_format (first, "%Y-%m-%d");
  g_autofree char *to = g_date_time_format (last, "%Y-%m-%d");

  switch (period)
    {
    case PW_PERIOD_DAY:
      /* Translators: a date such as 2026-03-02 */
      return g_strdup_printf (_("Day %s"), from);
    case PW_PERIOD_WEEK:
      {
        g_autofree char *week = g_date_time_format (first, "%G-W%V");

        /* Translators: the week (2026-W10), then its first and last days */
        return g_strdup_printf (_("Week %s, %s to %s"), week, from, to);
      }
    case PW_PERIOD_MONTH:
      {
        g_autofree char *month = g_date_time_format (first, "%Y-%m");

        /* Translators: the month (2026-03), then its first and last days */
        return g_strdup_printf (_("Month %s, %s to %s"), month, from, to);
      }
    case PW_PERIOD_YEAR:
    default:
      {
        g_autofree char *year = g_date_time_format (first, "%Y");

        /* Translators: the year, then its first and last days */
        return g_strdup_printf (_("Year %s, %s to %s"), year, from, to);
      }
    }
}

static const char *
previous_name (PwPeriod period)
{
  switch (period)
    {
    case PW_PERIOD_DAY:
      return _("the day before");
    case PW_PERIOD_WEEK:
      return _("the week before");
    case PW_PERIOD_MONTH:
    default:
      return _("the month before");
    }
}

static char *
format_rate (gint64      rate_micro,
             const char *currency,
             gint64      us)
{
  if (us <= 0)
    return g_strdup (_("no time"));
  return pw_money_display_rate (rate_micro, currency);
}

static char *
format_share (guint  part,
              guint  whole,
              double share)
{
  if (whole == 0)
    return g_strdup (_("none reviewed"));
  /* Translators: tasks approved, tasks reviewed, and the share in percent */
  return g_strdup_printf (_("%u of %u reviewed approved (%.1f%%)"), part, whole, share * 100);
}

static char *
format_accuracy (PwFigures *figures)
{
  if (figures->n_scored == 0)
    return g_strdup (_("no scores"));
  /* Translators: the mean of the reviewers' scores, such as 0.93 */
  return g_strdup_printf (_("accuracy %.2f"), figures->accuracy);
}

static char *
format_median (PwFigures *figures)
{
  g_autofree char *median = NULL;

  if (figures->median_task_us < 0)
    return g_strdup (_("no task timed"));
  median = format_duration (figures->median_task_us);
  /* Translators: the median time spent on one task, such as 0:01:30 */
  return g_strdup_printf (_("median %s a task"), median);
}

static void
print_time (PwFigures *figures)
{
  g_autofree char *all = format_duration (figures->all_us);
  g_autofree char *unpaid = format_duration (figures->unpaid_us);
  g_autofree char *tasks = format_duration (figures->task_us);
  g_autofree char *submitted = format_duration (figures->submitted_task_us);
  g_autofree char *unpaid_tasks = format_duration (figures->unpaid_task_us);
  g_autofree char *lost = format_duration (figures->lost_task_us);
  g_autofree char *gaps = format_duration (figures->gap_us);
  g_autofree char *paid_manual = format_duration (figures->paid_manual_us);
  g_autofree char *unpaid_manual = format_duration (figures->unpaid_manual_us);

  /* Translators: all the time, the unpaid part of it, and its share */
  g_print (_("Time: %s, of which unpaid %s (%.1f%%)\n"), all, unpaid,
           figures->overhead_share * 100);
  /* Translators: durations such as 1:02:03 */
  g_print (_("  On tasks: %s; submitted %s, unpaid %s, rejected or lost %s\n"), tasks,
           submitted, unpaid_tasks, lost);
  g_print (_("  Between tasks: %s\n"), gaps);
  g_print (_("  By hand: %s paid, %s unpaid\n"), paid_manual, unpaid_manual);
  g_print (_("  Sessions: %u\n"), figures->n_sessions);
}

static void
print_tasks (PwFigures *figures)
{
  g_autofree char *approved = format_share (figures->n_approved, figures->n_reviewed,
                                            figures->approval_rate);
  g_autofree char *accuracy = format_accuracy (figures);
  g_autofree char *median = format_median (figures);

  /* Translators: tasks done, then the approvals, accuracy and median time */
  g_print (_("Tasks: %u done; %s; %s; %s\n"), figures->n_tasks_done, approved, accuracy,
           median);
  if (figures->n_own_tasks > 0)
    g_print (_("  Of which priced by your own rates: %u\n"), figures->n_own_tasks);
}

/* The worker's own figures are said apart, so no one takes them for a
 * marketplace's statement; the rates above count them. */
static void
print_own (PwEarnings *money)
{
  g_autofree char *own = NULL;

  if (money->own_micro == 0)
    return;
  own = pw_money_display (money->own_micro, money->currency);
  /* Translators: an amount such as “1.50 EUR” */
  g_print (_("  Of which your own figures (your rates): %s\n"), own);
}

static void
print_earnings (PwEarnings *money,
                PwFigures  *figures,
                PwFigures  *previous,
                PwPeriod    period)
{
  const char *currency = money->currency;
  g_autofree char *earned = pw_money_display (money->earned_micro, currency);
  g_autofree char *approved = pw_money_display (money->approved_micro, currency);
  g_autofree char *paid = pw_money_display (money->paid_micro, currency);
  g_autofree char *bonuses = pw_money_display (money->bonus_micro, currency);
  g_autofree char *adjustments = pw_money_display (money->adjustment_micro, currency);
  g_autofree char *fees = pw_money_display (money->fee_micro, currency);
  g_autofree char *pending = pw_money_display (money->pending_micro, currency);
  g_autofree char *rejected = pw_money_display (money->rejected_micro, currency);
  g_autofree char *awaiting = pw_money_display (money->awaiting_micro, currency);
  g_autofree char *payouts = pw_money_display (money->payout_micro, currency);
  g_autofree char *rate = format_rate (money->effective_rate_micro, currency, figures->all_us);
  g_autofree char *projected = format_rate (money->projected_rate_micro, currency,
                                            figures->all_us);
  g_autofree char *task_only = format_rate (money->task_only_rate_micro, currency,
                                            figures->submitted_task_us);
  g_autofree char *per_task = pw_money_display (money->pay_per_task_micro, currency);

  /* Translators: amounts of money, such as “12.50 USD” */
  g_print (_("Earned %s (approved %s, paid %s, bonuses %s, adjustments %s, fees %s)\n"),
           earned, approved, paid, bonuses, adjustments, fees);
  g_print (_("  Pending %s, rejected %s, awaiting a statement %s, paid out %s\n"), pending,
           rejected, awaiting, payouts);
  print_own (money);
  if (previous != NULL)
    {
      const PwEarnings *before = pw_figures_get_earnings (previous, currency);
      g_autofree char *previous_rate = format_rate (before != NULL ? before->effective_rate_micro
                                                                   : 0, currency,
                                                    previous->all_us);

      /* Translators: the rates, such as “0.50 USD/h”, and “the week before” */
      g_print (_("  Effective rate %s (%s: %s); projected %s\n"), rate, previous_name (period),
               previous_rate, projected);
    }
  else
    {
      /* Translators: the rates, such as “0.50 USD/h” */
      g_print (_("  Effective rate %s; projected %s\n"), rate, projected);
    }
  g_print (_("  Task-only rate %s; pay per task %s\n"), task_only, per_task);
}

static void
print_project (Summary   *summary,
               PwFigures *project)
{
  const char *account = account_name (summary, project->account_id);
  g_autofree char *approved = format_share (project->n_approved, project->n_reviewed,
                                            project->approval_rate);
  g_autofree char *accuracy = format_accuracy (project);
  g_autofree char *median = format_median (project);
  g_autofree char *time = format_duration (project->all_us);
  g_autofree char *tasks = g_strdup_printf (g_dngettext (PW_GETTEXT_PACKAGE, "%u task", "%u tasks",
                                                         project->n_tasks_done),
                                            project->n_tasks_done);

  if (project->project_id == NULL)
    {
      /* Translators: an account, or no account for time added by hand */
      g_print (_("  %s, no project: %s\n"), account != NULL ? account : _("no account"), time);
    }
  else
    {
      /* Translators: an account, a project, its tasks (“3 tasks”), approvals,
       * accuracy, median time and all the time spent on it */
      g_print (_("  %s, %s: %s; %s; %s; %s; %s\n"), account,
               project->name != NULL ? project->name : project->project_id,
               tasks, approved, accuracy, median, time);
    }

  for (guint i = 0; i < project->earnings->len; i++)
    {
      PwEarnings *money = &g_array_index (project->earnings, PwEarnings, i);
      g_autofree char *earned = pw_money_display (money->earned_micro, money->currency);
      g_autofree char *rate = format_rate (money->effective_rate_micro, money->currency,
                                           project->all_us);
      g_autofree char *per_task = pw_money_display (money->pay_per_task_micro, money->currency);

      /* Translators: what was earned, the effective rate, the pay per task */
      g_print (_("    Earned %s, %s; %s a task\n"), earned, rate, per_task);
      if (money->own_micro != 0)
        {
          g_autofree char *own = pw_money_display (money->own_micro, money->currency);

          /* Translators: an amount such as “1.50 EUR” */
          g_print (_("    Of which your own figures (your rates): %s\n"), own);
        }
    }
}

static void
print_summary (Summary *summary)
{
  PwPeriodSummary *figures = summary->figures;
  g_autofree char *heading = format_period (figures->period, figures->current);

  g_print ("%s\n", heading);
  print_time (figures->current);
  print_tasks (figures->current);
  for (guint i = 0; i < figures->current->earnings->len; i++)
    print_earnings (&g_array_index (figures->current->earnings, PwEarnings, i),
                    figures->current, figures->previous, figures->period);
  if (figures->projects->len > 0)
    g_print (_("Projects:\n"));
  for (guint i = 0; i < figures->projects->len; i++)
    print_project (summary, figures->projects->pdata[i]);
}

/* JSON, for programs: money as the contract writes it, exact decimal
 * strings; times ISO 8601 UTC; durations in seconds. */

static void
add_member_micro (JsonBuilder *builder,
                  const char  *name,
                  gint64       micro)
{
  g_autofree char *amount = pw_money_format_micro (micro);

  pw_json_builder_add_string (builder, name, amount);
}

static void
add_member_seconds (JsonBuilder *builder,
                    const char  *name,
                    gint64       us)
{
  json_builder_set_member_name (builder, name);
  if (us % G_USEC_PER_SEC == 0)
    json_builder_add_int_value (builder, us / G_USEC_PER_SEC);
  else
    json_builder_add_double_value (builder, (double) us / G_USEC_PER_SEC);
}

static void
add_member_int (JsonBuilder *builder,
                const char  *name,
                gint64       value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}

static void
add_member_ratio (JsonBuilder *builder,
                  const char  *name,
                  double       value)
{
  json_builder_set_member_name (builder, name);
  if (value < 0)
    json_builder_add_null_value (builder);
  else
    json_builder_add_double_value (builder, value);
}

static void
add_member_time (JsonBuilder *builder,
                 const char  *name,
                 gint64       usec)
{
  g_autoptr (GDateTime) time = pw_date_time_new_usec (usec, NULL);
  g_autofree char *text = time != NULL ? g_date_time_format (time, "%Y-%m-%dT%H:%M:%SZ") : NULL;

  pw_json_builder_add_string (builder, name, text);
}

static void
add_figures (JsonBuilder *builder,
             PwFigures   *figures)
{
  add_member_time (builder, "start", figures->start);
  add_member_time (builder, "end", figures->end);

  json_builder_set_member_name (builder, "time");
  json_builder_begin_object (builder);
  add_member_seconds (builder, "all_seconds", figures->all_us);
  add_member_seconds (builder, "task_seconds", figures->task_us);
  add_member_seconds (builder, "submitted_task_seconds", figures->submitted_task_us);
  add_member_seconds (builder, "paid_manual_seconds", figures->paid_manual_us);
  add_member_seconds (builder, "unpaid_seconds", figures->unpaid_us);
  add_member_seconds (builder, "gap_seconds", figures->gap_us);
  add_member_seconds (builder, "unpaid_task_seconds", figures->unpaid_task_us);
  add_member_seconds (builder, "lost_task_seconds", figures->lost_task_us);
  add_member_seconds (builder, "unpaid_manual_seconds", figures->unpaid_manual_us);
  add_member_ratio (builder, "overhead_share", figures->overhead_share);
  add_member_int (builder, "sessions", figures->n_sessions);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "tasks");
  json_builder_begin_object (builder);
  add_member_int (builder, "done", figures->n_tasks_done);
  add_member_int (builder, "reviewed", figures->n_reviewed);
  add_member_int (builder, "approved", figures->n_approved);
  add_member_ratio (builder, "approval_rate", figures->approval_rate);
  add_member_int (builder, "scored", figures->n_scored);
  add_member_ratio (builder, "accuracy", figures->accuracy);
  add_member_int (builder, "own", figures->n_own_tasks);
  json_builder_set_member_name (builder, "median_seconds");
  if (figures->median_task_us < 0)
    json_builder_add_null_value (builder);
  else
    json_builder_add_double_value (builder, (double) figures->median_task_us / G_USEC_PER_SEC);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "money");
  json_builder_begin_array (builder);
  for (guint i = 0; i < figures->earnings->len; i++)
    {
      PwEarnings *money = &g_array_index (figures->earnings, PwEarnings, i);

      json_builder_begin_object (builder);
      pw_json_builder_add_string (builder, "currency", money->currency);
      add_member_micro (builder, "earned", money->earned_micro);
      add_member_micro (builder, "pending", money->pending_micro);
      add_member_micro (builder, "approved", money->approved_micro);
      add_member_micro (builder, "rejected", money->rejected_micro);
      add_member_micro (builder, "paid", money->paid_micro);
      add_member_micro (builder, "bonuses", money->bonus_micro);
      add_member_micro (builder, "adjustments", money->adjustment_micro);
      add_member_micro (builder, "fees", money->fee_micro);
      add_member_micro (builder, "payouts", money->payout_micro);
      add_member_micro (builder, "awaiting", money->awaiting_micro);
      add_member_micro (builder, "projected", money->projected_micro);
      add_member_micro (builder, "task_pay", money->task_pay_micro);
      add_member_micro (builder, "pay_per_task", money->pay_per_task_micro);
      add_member_micro (builder, "effective_rate", money->effective_rate_micro);
      add_member_micro (builder, "projected_rate", money->projected_rate_micro);
      add_member_micro (builder, "task_only_rate", money->task_only_rate_micro);
      add_member_micro (builder, "own", money->own_micro);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

/* The period before, for its rates: nothing that needs each task's
 * outcome is computed for it. */
static void
add_previous (JsonBuilder *builder,
              PwFigures   *figures)
{
  add_member_time (builder, "start", figures->start);
  add_member_time (builder, "end", figures->end);
  add_member_seconds (builder, "all_seconds", figures->all_us);
  json_builder_set_member_name (builder, "money");
  json_builder_begin_array (builder);
  for (guint i = 0; i < figures->earnings->len; i++)
    {
      PwEarnings *money = &g_array_index (figures->earnings, PwEarnings, i);

      json_builder_begin_object (builder);
      pw_json_builder_add_string (builder, "currency", money->currency);
      add_member_micro (builder, "earned", money->earned_micro);
      add_member_micro (builder, "effective_rate", money->effective_rate_micro);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static void
print_summary_json (Summary *summary)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  PwPeriodSummary *figures = summary->figures;

  json_builder_begin_object (builder);
  pw_json_builder_add_string (builder, "period", pw_period_to_string (figures->period));
  add_figures (builder, figures->current);
  if (figures->previous != NULL)
    {
      json_builder_set_member_name (builder, "previous");
      json_builder_begin_object (builder);
      add_previous (builder, figures->previous);
      json_builder_end_object (builder);
    }

  json_builder_set_member_name (builder, "projects");
  json_builder_begin_array (builder);
  for (guint i = 0; i < figures->projects->len; i++)
    {
      PwFigures *project = figures->projects->pdata[i];

      json_builder_begin_object (builder);
      pw_json_builder_add_string (builder, "account_id", project->account_id);
      pw_json_builder_add_string (builder, "account", account_name (summary, project->account_id));
      pw_json_builder_add_string (builder, "project_id", project->project_id);
      pw_json_builder_add_string (builder, "name", project->name);
      add_figures (builder, project);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  _pw_cli_print_json (builder);
}

/**
 * pw_cli_run_summary:
 * @period: (nullable): `day`, `week`, `month` or `year`; %NULL for `week`
 * @date: (nullable): a day of the period to show, `YYYY-MM-DD`; %NULL
 *   for today
 * @json: print JSON instead of lines
 *
 * Prints the earnings figures of a period: time, money per
 * currency, rates against the period before, and each project.
 *
 * Returns: the exit status
 */
int
pw_cli_run_summary (const char *period,
                    const char *date,
                    gboolean    json)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PwStore) store = NULL;
  g_autoptr (GDateTime) at = NULL;
  g_auto (Summary) summary = { 0, };
  PwPeriod which = PW_PERIOD_WEEK;

  if (period != NULL && !pw_period_from_string (period, &which))
    {
      g_printerr (_("piecework: “%s” is not a period; use day, week, month or year\n"), period);
      return EXIT_FAILURE;
    }
  if ((at = parse_date (date, &error)) == NULL
      || (store = _pw_cli_open_store (&error)) == NULL
      || !load_summary (store, which, at, &summary, &error))
    return _pw_cli_fail (error);

  if (json)
    print_summary_json (&summary);
  else
    print_summary (&summary);
  return EXIT_SUCCESS;
}

/* Exports */

static int
run_export (PwLedgerExportKind  kind,
            gint64              start,
            gint64              end,
            const char         *file)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PwStore) store = NULL;
  g_autoptr (GOutputStream) output = NULL;
  g_autoptr (GFile) target = NULL;

  if ((store = _pw_cli_open_store (&error)) == NULL)
    return _pw_cli_fail (error);

  if (file == NULL || g_str_equal (file, "-"))
    output = g_unix_output_stream_new (STDOUT_FILENO, FALSE);
  else
    {
      target = g_file_new_for_commandline_arg (file);
      output = G_OUTPUT_STREAM (g_file_replace (target, NULL, FALSE,
                                                G_FILE_CREATE_REPLACE_DESTINATION, NULL, &error));
      if (output == NULL)
        return _pw_cli_fail (error);
    }

  if (!pw_ledger_export_to_stream (store, kind, start, end, output, NULL, NULL, NULL, &error)
      || !g_output_stream_close (output, NULL, &error))
    return _pw_cli_fail (error);
  return EXIT_SUCCESS;
}

/**
 * pw_cli_run_export_ledger:
 * @file: (nullable): the CSV file to write, or `-` or %NULL for standard
 *   output
 *
 * Writes every statement entry as CSV.
 *
 * Returns: the exit status
 */
int
pw_cli_run_export_ledger (const char *file)
{
  return run_export (PW_LEDGER_EXPORT_ENTRIES, G_MININT64, G_MAXINT64, file);
}

/**
 * pw_cli_run_export_time:
 * @file: (nullable): the CSV file to write, or `-` or %NULL for standard
 *   output
 *
 * Writes every time entry as CSV.
 *
 * Returns: the exit status
 */
int
pw_cli_run_export_time (const char *file)
{
  return run_export (PW_LEDGER_EXPORT_TIME, G_MININT64, G_MAXINT64, file);
}

/**
 * pw_cli_run_income:
 * @year: a year, such as 2026
 *
 * Writes the income of a local calendar year per account and currency as
 * CSV, on standard output.
 *
 * Returns: the exit status
 */
int
pw_cli_run_income (int year)
{
  g_autoptr (GTimeZone) local = g_time_zone_new_local ();
  g_autoptr (GDateTime) at = NULL;
  gint64 start, end;

  if (year < 1970 || year > 9998 || (at = g_date_time_new (local, year, 6, 1, 12, 0, 0)) == NULL)
    {
      g_printerr (_("piecework: --income needs a year such as 2026\n"));
      return EXIT_FAILURE;
    }
  pw_period_bounds (PW_PERIOD_YEAR, at, &start, &end);
  return run_export (PW_LEDGER_EXPORT_INCOME, start, end, NULL);
}
