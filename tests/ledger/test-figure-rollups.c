/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include "../store/pw-store-test.h"
#include "ledger/pw-figure-packs-private.h"
#include "ledger/pw-figure-rollups-private.h"
#include "pw-figures-test.h"
#include "pw-test-ledger.h"
#include "store/pw-store-sql.h"

/* The figures' roll-ups are a copy of what a year's weeks add up to: the
 * year's summary added up from them must equal, in every figure and to
 * the last bit, the summary read from the tables, before and after each
 * kind of change to the rows, in two time zones, with the part of the
 * year that is not rolled up read from the rows. The ledger is made by a
 * fixed sequence of pseudo-random choices over a year that is over (2025),
 * so that none of it is still under way: tasks worked across a week's
 * start and in two weeks, outcomes weeks after the work, tasks with two
 * entries, tasks that await their statement, manual time, two currencies,
 * fees and scores. */

/* 2025-01-01 is 425 days before the fixtures' day. */
#define YEAR_DAY (-425)
#define N_DAYS 120

typedef PwTestLedger Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  pw_test_ledger_set_up (fixture, "rollups", 11);
}

/* Days of the year 2025, from @first on, one in three worked. */
static void
add_ledger (Fixture *fixture,
            int      first)
{
  PwStore *store = fixture->store;

  pw_test_account (store, "a-1", "Alpha");
  pw_test_account (store, "a-2", "Beta");
  for (int day = first; day < first + N_DAYS; day += 1 + pw_test_random (fixture, 3))
    {
      guint n_tasks = 2 + pw_test_random (fixture, 6);
      /* Late at night now and then, so sessions cross midnight and the
       * start of weeks. */
      gint64 at = pw_test_at (YEAR_DAY + day, pw_test_random (fixture, 4) == 0 ? 23 : 8,
                              pw_test_random (fixture, 60), 0);

      for (guint i = 0; i < n_tasks; i++)
        {
          g_autofree char *task = g_strdup_printf ("t%d-%u", day, i);
          g_autofree char *entry = g_strdup_printf ("e%d-%u", day, i);
          g_autofree char *project = g_strdup_printf ("p-%u", pw_test_random (fixture, 4));
          const char *account = pw_test_random (fixture, 3) == 0 ? "a-2" : "a-1";
          const char *currency = g_str_equal (account, "a-2") ? "EUR" : "USD";
          gint64 pay = pw_test_random (fixture, 8) == 0
                       ? 0 : 10000 + pw_test_random (fixture, 50000);
          gint64 length = (gint64) (60 + pw_test_random (fixture, 400)) * G_USEC_PER_SEC;
          guint choice = pw_test_random (fixture, 20);

          pw_test_task (store, account, task, project, pay, currency,
                        pw_test_task_states[choice < 15 ? 0 : choice - 15]);
          pw_test_time (store, pw_test_random (fixture, 9) == 0 ? "idle" : "task", account, task,
                        project, at, at + length, pw_test_random (fixture, 12) != 0);
          /* Some tasks are taken up again days later, often in another
           * week. */
          if (pw_test_random (fixture, 8) == 0)
            {
              gint64 again = at + (gint64) (2 + pw_test_random (fixture, 9)) * 24 * 3600
                                  * G_USEC_PER_SEC;

              pw_test_time (store, "task", account, task, project, again,
                            again + length / 2, TRUE);
            }
          if (choice < 15)
            {
              gint64 paid_at = at + length +
                               (gint64) pw_test_random (fixture, 20 * 24 * 3600) * G_USEC_PER_SEC;
              double score = pw_test_random (fixture, 3) == 0
                             ? -1 : pw_test_random (fixture, 100) / 100.0;

              pw_test_entry (store, account, entry, "task",
                             pw_test_statuses[pw_test_random (fixture, 4)],
                             task, project, pay, currency, paid_at, score);
              /* A second entry, at the same time or weeks later. */
              if (pw_test_random (fixture, 8) == 0)
                {
                  g_autofree char *second = g_strconcat (entry, "-again", NULL);
                  gint64 second_at = paid_at + (pw_test_random (fixture, 2) == 0 ? 0
                                                : G_GINT64_CONSTANT (15) * 24 * 3600 * G_USEC_PER_SEC);

                  pw_test_entry (store, account, second, "task",
                                 pw_test_statuses[pw_test_random (fixture, 4)], task, project, pay / 2,
                                 currency, second_at, pw_test_random (fixture, 2) == 0 ? 0.25 : -1);
                }
            }
          at += length + (gint64) pw_test_random (fixture, 20 * 60) * G_USEC_PER_SEC;
        }

      if (pw_test_random (fixture, 4) == 0)
        {
          static const char *const types[] = { "bonus", "fee", "adjustment", "payout" };
          g_autofree char *entry = g_strdup_printf ("m%d", day);
          guint type = pw_test_random (fixture, 4);

          pw_test_entry (store, "a-1", entry, types[type],
                         pw_test_statuses[pw_test_random (fixture, 4)],
                         NULL, NULL, type == 1 ? -50000 : 250000, "USD", at, -1);
        }
      if (pw_test_random (fixture, 5) == 0)
        pw_test_time (store, "manual", NULL, NULL, NULL, at, at + 1800 * G_USEC_PER_SEC,
                      pw_test_random (fixture, 2) == 0);
    }
  pw_test_time (store, "task", NULL, "orphan", "p-0", pw_test_at (YEAR_DAY + 30, 23, 0, 0),
                pw_test_at (YEAR_DAY + 30, 23, 5, 0), TRUE);
}

static const char *const zones[] = { "UTC", "+05:30" };

/* Rolls up the weeks of 2025 in both zones, those that end by @until. */
static void
roll_up (PwStore *store,
         gint64   until)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (sqlite3) db = NULL;

  g_assert_true (pw_store_flush (store, &error));
  db = pw_store_db_open (pw_store_get_path (store), &error);
  g_assert_no_error (error);
  g_assert_true (pw_store_db_exec (db, "BEGIN IMMEDIATE", &error));
  for (guint z = 0; z < G_N_ELEMENTS (zones); z++)
    {
      g_autoptr (GTimeZone) tz = g_time_zone_new_identifier (zones[z]);
      g_autoptr (GDateTime) at = pw_date_time_new_usec (pw_test_at (YEAR_DAY + 100, 12, 0, 0), tz);
      gint64 start, end;

      pw_period_bounds (PW_PERIOD_YEAR, at, &start, &end);
      g_assert_true (_pw_figure_rollups_build (db, start, end, until, &error));
      g_assert_no_error (error);
    }
  g_assert_true (pw_store_db_exec (db, "COMMIT", &error));
}

/* The year's figures in @zone, as one set then one per project, and
 * whether they were added up from roll-ups. */
static GPtrArray *
year (PwStore    *store,
      const char *zone,
      gboolean   *rolled)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (sqlite3) db = NULL;
  g_autoptr (GTimeZone) tz = g_time_zone_new_identifier (zone);
  g_autoptr (GDateTime) at = pw_date_time_new_usec (pw_test_at (YEAR_DAY + 100, 12, 0, 0), tz);
  g_autoptr (PwPeriodSummary) summary = NULL;
  GPtrArray *all = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  GPtrArray *current = g_ptr_array_new_with_free_func ((GDestroyNotify) pw_figures_unref);
  PwFigures *figures = NULL;
  GPtrArray *projects = NULL;
  gint64 start, end;

  g_assert_true (pw_store_flush (store, &error));
  db = pw_store_db_open (pw_store_get_path (store), &error);
  g_assert_no_error (error);
  pw_period_bounds (PW_PERIOD_YEAR, at, &start, &end);
  g_assert_true (_pw_figure_rollups_compute (db, tz, start, end, rolled, &figures, &projects,
                                             NULL, &error));
  g_assert_no_error (error);
  if (!*rolled)
    {
      /* The summary as it reads the rows. */
      summary = pw_period_summary_load (store, PW_PERIOD_YEAR, at, NULL, &error);
      g_assert_no_error (error);
      figures = pw_figures_ref (summary->current);
      projects = g_ptr_array_ref (summary->projects);
    }
  g_ptr_array_add (current, figures);
  g_ptr_array_add (all, current);
  g_ptr_array_add (all, projects);
  return all;
}

static void
assert_all_equal (GPtrArray *a,
                  GPtrArray *b)
{
  g_assert_cmpuint (a->len, ==, b->len);
  for (guint i = 0; i < a->len; i++)
    pw_test_assert_groups_equal (a->pdata[i], b->pdata[i]);
}

/* Every figure of the year from the roll-ups, as many as there are, equals
 * the figure read from the rows alone. */
static void
assert_rolled_equal_rows (PwStore *store)
{
  for (guint z = 0; z < G_N_ELEMENTS (zones); z++)
    {
      g_autoptr (GPtrArray) rolled_figures = NULL;
      g_autoptr (GPtrArray) rows = NULL;
      gboolean rolled, read;

      rolled_figures = year (store, zones[z], &rolled);
      g_assert_true (rolled);
      pw_test_exec (store, "CREATE TABLE kept AS SELECT * FROM figure_rollups; "
                           "DELETE FROM figure_rollups");
      rows = year (store, zones[z], &read);
      pw_test_exec (store, "INSERT INTO figure_rollups SELECT * FROM kept; DROP TABLE kept");
      g_assert_false (read);
      assert_all_equal (rows, rolled_figures);
    }
}

static void
test_same_figures (Fixture       *fixture,
                   gconstpointer  data)
{
  PwStore *store = fixture->store;
  /* Up to a week's start in May, then every week of the year. */
  static const int untils[] = { 130, 400 };

  add_ledger (fixture, 5);
  for (guint i = 0; i < G_N_ELEMENTS (untils); i++)
    {
      roll_up (store, pw_test_at (YEAR_DAY + untils[i], 0, 0, 0));
      assert_rolled_equal_rows (store);
      /* The same read from the packs. */
      pw_test_pack (store);
      assert_rolled_equal_rows (store);
      pw_test_exec (store, "DELETE FROM figure_packs");
    }
  /* The weeks of the year, from Thursday to Thursday, cut at its start
   * and end in each zone: in UTC a day, then 52 weeks; at +05:30 a day
   * and a few hours, 51 weeks, and six days and a half. */
  g_assert_cmpint (pw_test_count (store, "SELECT count(*) FROM figure_rollups"), ==, 55);
}

typedef enum
{
  LATE_OUTCOME,
  SECOND_ENTRY,
  CORRECTED_AMOUNT,
  SCORE_CHANGED,
  ENTRY_DELETED,
  TASK_RELEASED,
  TASK_FORGOTTEN,
  TASK_CLAIMED,
  WORK_ACROSS_WEEKS,
  TIME_MOVED,
  TIME_DELETED,
  MANUAL_TIME,
  N_CHANGES
} Change;

/* The first task worked on @day of the year or after, with an entry, as
 * SQL. */
static char *
first_task (int day)
{
  return g_strdup_printf ("SELECT t.task_id FROM time_entries AS t WHERE t.started_at >= %lld "
                          "AND t.task_id GLOB 't*' AND EXISTS (SELECT 1 FROM ledger_entries AS e "
                          "WHERE e.task_id = t.task_id) ORDER BY t.started_at LIMIT 1",
                          (long long) pw_test_at (YEAR_DAY + day, 0, 0, 0));
}

static void
make_change (PwStore *store,
             Change   change)
{
  g_autofree char *task = NULL;

  switch (change)
    {
    case LATE_OUTCOME:
      /* A task without an entry is rejected weeks after its work. */
      pw_test_exec (store, "INSERT INTO ledger_entries (account_id, entry_id, type, status, "
                           "task_id, project_id, amount_micro, currency, at, first_seen_at, "
                           "updated_at) SELECT t.account_id, 'late', 'task', 'rejected', "
                           "t.task_id, t.project_id, 7000, t.currency, %lld, 0, 0 FROM tasks AS t "
                           "WHERE NOT EXISTS (SELECT 1 FROM ledger_entries AS e "
                           "WHERE e.task_id = t.task_id) AND t.state = 'synced' "
                           "ORDER BY t.task_id LIMIT 1",
                    (long long) pw_test_at (YEAR_DAY + 110, 10, 0, 0));
      break;
    case SECOND_ENTRY:
      /* A task paid once gets a second entry a month later. */
      task = first_task (20);
      pw_test_exec (store, "INSERT INTO ledger_entries (account_id, entry_id, type, status, "
                           "task_id, project_id, amount_micro, currency, at, first_seen_at, "
                           "updated_at) SELECT account_id, 'second', 'task', 'rejected', task_id, "
                           "project_id, 1, currency, at + 2592000000000, 0, 0 "
                           "FROM ledger_entries WHERE task_id = (%s) LIMIT 1", task);
      break;
    case CORRECTED_AMOUNT:
      pw_test_exec (store, "UPDATE ledger_entries SET amount_micro = amount_micro + 1234 "
                           "WHERE entry_id = (SELECT min (entry_id) FROM ledger_entries "
                           "WHERE entry_id GLOB 'e4*')");
      break;
    case SCORE_CHANGED:
      pw_test_exec (store, "UPDATE ledger_entries SET review_score = 0.125 "
                           "WHERE entry_id = (SELECT max (entry_id) FROM ledger_entries "
                           "WHERE review_score IS NOT NULL)");
      break;
    case ENTRY_DELETED:
      pw_test_exec (store, "DELETE FROM ledger_entries WHERE entry_id = (SELECT min (entry_id) "
                           "FROM ledger_entries WHERE entry_id GLOB 'e6*' AND status = 'paid')");
      break;
    case TASK_RELEASED:
      /* The store learns a task without an entry was released. */
      pw_test_exec (store, "UPDATE tasks SET state = 'released' WHERE task_id = (SELECT "
                           "min (t.task_id) FROM tasks AS t WHERE t.state = 'synced' "
                           "AND NOT EXISTS (SELECT 1 FROM ledger_entries AS e "
                           "WHERE e.task_id = t.task_id))");
      break;
    case TASK_FORGOTTEN:
      pw_test_exec (store, "DELETE FROM tasks WHERE task_id = (SELECT min (t.task_id) "
                           "FROM tasks AS t WHERE t.state IN ('submitted', 'synced') "
                           "AND NOT EXISTS (SELECT 1 FROM ledger_entries AS e "
                           "WHERE e.task_id = t.task_id))");
      break;
    case TASK_CLAIMED:
      /* The task of time logged before it was known comes, lost. */
      pw_test_task (store, "a-1", "unknown", "p-1", 45000, "USD", "expired");
      break;
    case WORK_ACROSS_WEEKS:
      /* A task worked again a week later, across the start of a week. */
      task = first_task (40);
      pw_test_exec (store, "INSERT INTO time_entries (kind, account_id, task_id, project_id, "
                           "started_at, ended_at, paid, updated_at) SELECT kind, account_id, "
                           "task_id, project_id, started_at + 604800000000, "
                           "ended_at + 604800000000 + 3600000000, 1, 0 FROM time_entries "
                           "WHERE task_id = (%s) LIMIT 1", task);
      break;
    case TIME_MOVED:
      task = first_task (60);
      pw_test_exec (store, "UPDATE time_entries SET started_at = started_at - 3600000000 "
                           "WHERE task_id = (%s)", task);
      break;
    case TIME_DELETED:
      task = first_task (70);
      pw_test_exec (store, "DELETE FROM time_entries WHERE task_id = (%s)", task);
      break;
    case MANUAL_TIME:
      pw_test_time (store, "manual", NULL, NULL, NULL, pw_test_at (YEAR_DAY + 80, 6, 0, 0),
                    pw_test_at (YEAR_DAY + 80, 7, 0, 0), FALSE);
      break;
    case N_CHANGES:
    default:
      g_assert_not_reached ();
    }
}

static char *
describe (GPtrArray *all)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < all->len; i++)
    {
      GPtrArray *groups = all->pdata[i];

      for (guint j = 0; j < groups->len; j++)
        {
          PwFigures *figures = groups->pdata[j];

          g_string_append_printf (text, "%s %" G_GINT64_FORMAT " %" G_GINT64_FORMAT " %"
                                  G_GINT64_FORMAT " %" G_GINT64_FORMAT " %" G_GINT64_FORMAT
                                  " %u %u %u %u %.17g %" G_GINT64_FORMAT, figures->key,
                                  figures->all_us, figures->lost_task_us,
                                  figures->unpaid_task_us, figures->submitted_task_us,
                                  figures->gap_us, figures->n_sessions, figures->n_tasks_done,
                                  figures->n_reviewed, figures->n_scored, figures->accuracy,
                                  figures->median_task_us);
          for (guint k = 0; k < figures->earnings->len; k++)
            {
              PwEarnings *earnings = &g_array_index (figures->earnings, PwEarnings, k);

              g_string_append_printf (text, " %s %" G_GINT64_FORMAT " %" G_GINT64_FORMAT " %"
                                      G_GINT64_FORMAT " %" G_GINT64_FORMAT, earnings->currency,
                                      earnings->task_pay_micro, earnings->earned_micro,
                                      earnings->projected_micro, earnings->awaiting_micro);
            }
          g_string_append_c (text, '\n');
        }
    }
  return g_string_free (text, FALSE);
}

/* Each kind of change to a week already rolled up shows in the year's
 * figures, the same added up from the roll-ups left and made again as
 * read from the rows: the change's roll-ups are dropped, and no other
 * needs to be. */
static void
test_summary_follows_changes (Fixture       *fixture,
                              gconstpointer  data)
{
  PwStore *store = fixture->store;
  gint64 until = pw_test_at (YEAR_DAY + 400, 0, 0, 0);

  add_ledger (fixture, 5);
  pw_test_time (store, "task", "a-1", "unknown", "p-1", pw_test_at (YEAR_DAY + 45, 9, 0, 0),
                pw_test_at (YEAR_DAY + 45, 9, 10, 0), TRUE);
  roll_up (store, until);

  for (Change change = 0; change < N_CHANGES; change++)
    {
      g_autoptr (GPtrArray) before = NULL;
      g_autoptr (GPtrArray) after = NULL;
      g_autofree char *said_before = NULL;
      g_autofree char *said_after = NULL;
      gboolean rolled;
      gint64 n_rollups = pw_test_count (store, "SELECT count(*) FROM figure_rollups");

      before = year (store, "UTC", &rolled);
      g_assert_true (rolled);
      g_test_message ("change %d", change);
      make_change (store, change);
      /* Only the roll-ups the change touches are made again. */
      g_assert_cmpint (pw_test_count (store, "SELECT count(*) FROM figure_rollups"), <,
                       n_rollups);
      g_assert_cmpint (pw_test_count (store, "SELECT count(*) FROM figure_rollups"), >=,
                       n_rollups - 12);
      roll_up (store, until);
      assert_rolled_equal_rows (store);

      after = year (store, "UTC", &rolled);
      said_before = describe (before);
      said_after = describe (after);
      if (g_str_equal (said_before, said_after))
        g_error ("Change %d shows in no figure of the year", change);
    }
}

/* A roll-up that does not decode, or whose sessions do not join the next
 * one's, is not added up: the year is read from the rows. */
static void
test_damaged_rollup (Fixture       *fixture,
                     gconstpointer  data)
{
  PwStore *store = fixture->store;
  g_autoptr (GPtrArray) rows = NULL;
  g_autoptr (GPtrArray) damaged = NULL;
  gboolean rolled;

  add_ledger (fixture, 5);
  rows = year (store, "UTC", &rolled);
  g_assert_false (rolled);
  roll_up (store, pw_test_at (YEAR_DAY + 400, 0, 0, 0));
  pw_test_exec (store, "UPDATE figure_rollups SET rollup = rollup || x'00' WHERE chunk %% 5 = 0");
  damaged = year (store, "UTC", &rolled);
  assert_all_equal (rows, damaged);
}

#define HOUR_US (G_GINT64_CONSTANT (3600) * G_USEC_PER_SEC)
#define DAY_US (24 * HOUR_US)

/* The week that holds day @day of the year, as a chunk. */
static gint64
week_of (int day)
{
  return pw_test_at (YEAR_DAY + day, 0, 0, 0) / PW_FIGURE_CHUNK_US;
}

/* How many days of @week are rolled up on their own. */
static gint64
count_days (PwStore *store,
            gint64   week)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM figure_rollups "
                                          "WHERE chunk = %" G_GINT64_FORMAT " "
                                          "AND end - start <= %" G_GINT64_FORMAT,
                                          week, DAY_US);

  return pw_test_count (store, sql);
}

/* In the week under way, the days that are over are rolled up, and the
 * year's summary adds them up: made stale behind the triggers' back, a
 * day's roll-up shows in the figures. Once the week is over, it is rolled
 * up whole and its days' roll-ups go. */
static void
test_days_of_the_week_under_way (Fixture       *fixture,
                                 gconstpointer  data)
{
  PwStore *store = fixture->store;
  gint64 week = week_of (60);
  /* The week's fifth day at noon. */
  gint64 until = week * PW_FIGURE_CHUNK_US + 4 * DAY_US + 12 * HOUR_US;
  g_autoptr (GPtrArray) stale = NULL;
  g_autoptr (GPtrArray) rows = NULL;
  g_autofree char *said_stale = NULL;
  g_autofree char *said_rows = NULL;
  gboolean rolled;

  add_ledger (fixture, 5);
  roll_up (store, until);
  /* The same four days in both zones, and nothing of the fifth day or of
   * the weeks after. */
  g_assert_cmpint (count_days (store, week), ==, 4);
  g_assert_cmpint (pw_test_count (store, "SELECT max (end) FROM figure_rollups"), ==,
                   week * PW_FIGURE_CHUNK_US + 4 * DAY_US);
  assert_rolled_equal_rows (store);

  /* An hour by hand on the week's third day, with its old roll-up put
   * back: the year's summary is added up from it. */
  pw_test_exec (store, "CREATE TABLE kept AS SELECT * FROM figure_rollups");
  pw_test_time (store, "manual", NULL, NULL, NULL,
                week * PW_FIGURE_CHUNK_US + 2 * DAY_US + 6 * HOUR_US,
                week * PW_FIGURE_CHUNK_US + 2 * DAY_US + 7 * HOUR_US, FALSE);
  g_assert_cmpint (count_days (store, week), ==, 0);
  pw_test_exec (store, "INSERT OR REPLACE INTO figure_rollups SELECT * FROM kept; "
                       "DROP TABLE kept");
  stale = year (store, "UTC", &rolled);
  g_assert_true (rolled);
  pw_test_exec (store, "DELETE FROM figure_rollups");
  rows = year (store, "UTC", &rolled);
  g_assert_false (rolled);
  said_stale = describe (stale);
  said_rows = describe (rows);
  g_assert_cmpstr (said_stale, !=, said_rows);

  /* The week over, it is rolled up whole, in place of its days. */
  roll_up (store, until);
  g_assert_cmpint (count_days (store, week), ==, 4);
  roll_up (store, (week + 1) * PW_FIGURE_CHUNK_US);
  g_assert_cmpint (count_days (store, week), ==, 0);
  assert_rolled_equal_rows (store);
}

/* A day of the week under way that is rolled up, then gets a statement
 * entry or a task's time late: its roll-up is dropped, and made again
 * with the change, the summary added up equal to the rows. */
static void
test_late_entry_for_a_rolled_day (Fixture       *fixture,
                                  gconstpointer  data)
{
  PwStore *store = fixture->store;
  gint64 week = week_of (60);
  gint64 day = week * PW_FIGURE_CHUNK_US + DAY_US;
  gint64 until = week * PW_FIGURE_CHUNK_US + 4 * DAY_US + 12 * HOUR_US;

  add_ledger (fixture, 5);
  roll_up (store, until);
  g_assert_cmpint (count_days (store, week), ==, 4);

  for (guint late = 0; late < 2; late++)
    {
      g_autoptr (GPtrArray) before = NULL;
      g_autoptr (GPtrArray) after = NULL;
      g_autofree char *said_before = NULL;
      g_autofree char *said_after = NULL;
      gboolean rolled;

      before = year (store, "UTC", &rolled);
      g_assert_true (rolled);
      if (late == 0)
        /* A bonus on the week's second day, in a statement read today. */
        pw_test_entry (store, "a-1", "late-bonus", "bonus", "approved", NULL, NULL, 330000,
                       "USD", day + 10 * HOUR_US, -1);
      else
        {
          /* A task worked that day whose time reaches the store late. */
          pw_test_task (store, "a-2", "late-task", "p-2", 41000, "EUR", "synced");
          pw_test_time (store, "task", "a-2", "late-task", "p-2",
                        day + 15 * HOUR_US, day + 16 * HOUR_US,
                        TRUE);
        }
      g_assert_cmpint (count_days (store, week), ==, 0);

      roll_up (store, until);
      g_assert_cmpint (count_days (store, week), ==, 4);
      assert_rolled_equal_rows (store);
      after = year (store, "UTC", &rolled);
      g_assert_true (rolled);
      said_before = describe (before);
      said_after = describe (after);
      g_assert_cmpstr (said_before, !=, said_after);
    }
}

/* The command line's summary packs and rolls up its year on the
 * connection it reads with, to the same figures as read from the rows;
 * should the store refuse, it reads the rows, and keeps nothing. */
static void
test_summary_packs_and_rolls_up (Fixture       *fixture,
                                 gconstpointer  data)
{
  PwStore *store = fixture->store;
  g_autoptr (GTimeZone) tz = g_time_zone_new_utc ();
  g_autoptr (GDateTime) at = pw_date_time_new_usec (pw_test_at (YEAR_DAY + 100, 12, 0, 0), tz);
  g_autoptr (PwPeriodSummary) rows = NULL;
  g_autoptr (GError) error = NULL;

  add_ledger (fixture, 5);
  rows = pw_period_summary_load (store, PW_PERIOD_YEAR, at, NULL, &error);
  g_assert_no_error (error);

  pw_test_exec (store, "CREATE TRIGGER refuse_rollups BEFORE INSERT ON figure_rollups BEGIN "
                       "SELECT RAISE (FAIL, 'database or disk is full'); END");
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr (PwPeriodSummary) summary = NULL;

      summary = pw_period_summary_pack_and_load (store, PW_PERIOD_YEAR, at, NULL, &error);
      g_assert_no_error (error);
      pw_test_assert_figures_equal (rows->current, summary->current);
      pw_test_assert_groups_equal (rows->projects, summary->projects);
      g_assert_null (summary->previous);
      if (i == 0)
        {
          /* Refused: neither packs nor roll-ups are kept. */
          g_assert_cmpint (pw_test_count (store, "SELECT count(*) FROM figure_rollups"), ==, 0);
          g_assert_cmpint (pw_test_count (store, "SELECT count(*) FROM figure_packs"), ==, 0);
          pw_test_exec (store, "DROP TRIGGER refuse_rollups");
          continue;
        }
      /* The year's day in UTC and its 52 weeks, once. */
      g_assert_cmpint (pw_test_count (store, "SELECT count(*) FROM figure_rollups"), ==, 53);
      g_assert_cmpint (pw_test_count (store, "SELECT count(*) FROM figure_packs"), >, 0);
    }
}

static void
add_test (const char *path,
          void      (*test) (Fixture *, gconstpointer))
{
  g_test_add (path, Fixture, NULL, fixture_set_up, test, pw_test_ledger_tear_down);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  add_test ("/figure-rollups/same-figures", test_same_figures);
  add_test ("/figure-rollups/summary-follows-changes", test_summary_follows_changes);
  add_test ("/figure-rollups/damaged-rollup", test_damaged_rollup);
  add_test ("/figure-rollups/days-of-the-week-under-way", test_days_of_the_week_under_way);
  add_test ("/figure-rollups/late-entry-for-a-rolled-day", test_late_entry_for_a_rolled_day);
  add_test ("/figure-rollups/summary-packs-and-rolls-up", test_summary_packs_and_rolls_up);

  return g_test_run ();
}
