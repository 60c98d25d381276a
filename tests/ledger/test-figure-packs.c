/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include "../store/pw-store-test.h"
#include "ledger/pw-figure-packs-private.h"
#include "pw-figures-test.h"
#include "pw-test-ledger.h"

/* The figures' packs are a copy of the weeks' rows: every figure read with
 * them must equal the figure read from the tables, before and after the
 * rows change, and whatever state a pack is in. The ledger here is made
 * by a fixed sequence of pseudo-random choices over eight weeks, so it has
 * what hand-made fixtures rarely do all at once: entries in a later week
 * than their work, entries of one task at the same time, tasks with no
 * entry, manual time with no account, two currencies, fees and scores. */

#define N_DAYS 56
#define FIRST_DAY (-10)

typedef PwTestLedger Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  pw_test_ledger_set_up (fixture, "packs", 7);
}

static void
add_ledger (Fixture *fixture)
{
  PwStore *store = fixture->store;

  pw_test_account (store, "a-1", "Alpha");
  pw_test_account (store, "a-2", "Beta");
  for (int day = FIRST_DAY; day < FIRST_DAY + N_DAYS; day++)
    {
      guint n_tasks = 2 + pw_test_random (fixture, 6);
      gint64 at = pw_test_at (day, 7 + pw_test_random (fixture, 10),
                              pw_test_random (fixture, 60), 0);

      for (guint i = 0; i < n_tasks; i++)
        {
          g_autofree char *task = g_strdup_printf ("t%d-%u", day - FIRST_DAY, i);
          g_autofree char *entry = g_strdup_printf ("e%d-%u", day - FIRST_DAY, i);
          g_autofree char *project = g_strdup_printf ("p-%u", pw_test_random (fixture, 4));
          const char *account = pw_test_random (fixture, 3) == 0 ? "a-2" : "a-1";
          const char *currency = g_str_equal (account, "a-2") ? "EUR" : "USD";
          gint64 pay = pw_test_random (fixture, 8) == 0
                       ? 0 : 10000 + pw_test_random (fixture, 50000);
          gint64 length = (60 + pw_test_random (fixture, 400)) * G_USEC_PER_SEC;
          guint choice = pw_test_random (fixture, 20);

          pw_test_task (store, account, task, project, pay, currency,
                        pw_test_task_states[choice < 15 ? 0 : choice - 15]);
          pw_test_time (store, pw_test_random (fixture, 9) == 0 ? "idle" : "task", account, task,
                        project, at, at + length, pw_test_random (fixture, 12) != 0);
          /* Most are paid in a statement entry a few hours to three days
           * later, often in the next week; some two at the same time. */
          if (choice < 15)
            {
              gint64 paid_at = at + length + pw_test_random (fixture, 72 * 3600) * G_USEC_PER_SEC;
              double score = pw_test_random (fixture, 3) == 0
                             ? -1 : pw_test_random (fixture, 100) / 100.0;

              pw_test_entry (store, account, entry, "task",
                             pw_test_statuses[pw_test_random (fixture, 4)],
                             task, project, pay, currency, paid_at, score);
              if (pw_test_random (fixture, 10) == 0)
                {
                  g_autofree char *again = g_strconcat (entry, "-again", NULL);

                  pw_test_entry (store, account, again, "task",
                                 pw_test_statuses[pw_test_random (fixture, 4)],
                                 task, project, pay / 2, currency, paid_at, -1);
                }
            }
          at += length + pw_test_random (fixture, 20 * 60) * G_USEC_PER_SEC;
        }

      /* Now and then, money besides tasks and time by hand. */
      if (pw_test_random (fixture, 4) == 0)
        {
          static const char *const types[] = { "bonus", "fee", "adjustment", "payout" };
          g_autofree char *entry = g_strdup_printf ("m%d", day - FIRST_DAY);
          guint type = pw_test_random (fixture, 4);

          pw_test_entry (store, "a-1", entry, types[type],
                         pw_test_statuses[pw_test_random (fixture, 4)],
                         NULL, NULL, type == 1 ? -50000 : 250000, "USD", at, -1);
        }
      if (pw_test_random (fixture, 5) == 0)
        pw_test_time (store, "manual", NULL, NULL, NULL, at, at + 1800 * G_USEC_PER_SEC,
                      pw_test_random (fixture, 2) == 0);
    }
  /* Time on a task with no account. */
  pw_test_time (store, "task", NULL, "orphan", "p-0", pw_test_at (3, 23, 0, 0),
                pw_test_at (3, 23, 5, 0), TRUE);
}

/* Every figure `piecework --summary` prints: each kind of period around
 * two days of the ledger, in two time zones, with the period before and
 * each project, medians included. */
static void
add_summaries (PwStore   *store,
               GPtrArray *all)
{
  static const char *const zones[] = { "UTC", "+05:30" };
  static const int days[] = { 9, 30 };

  for (guint z = 0; z < G_N_ELEMENTS (zones); z++)
    {
      g_autoptr (GTimeZone) tz = g_time_zone_new_identifier (zones[z]);

      for (guint d = 0; d < G_N_ELEMENTS (days); d++)
        {
          g_autoptr (GDateTime) at = pw_date_time_new_usec (pw_test_at (days[d], 12, 0, 0), tz);

          for (PwPeriod period = PW_PERIOD_DAY; period <= PW_PERIOD_YEAR; period++)
            {
              g_autoptr (PwPeriodSummary) summary = NULL;
              g_autoptr (GError) error = NULL;
              GPtrArray *current;

              summary = pw_period_summary_load (store, period, at, NULL, &error);
              g_assert_no_error (error);
              current = g_ptr_array_new_with_free_func ((GDestroyNotify) pw_figures_unref);
              g_ptr_array_add (current, pw_figures_ref (summary->current));
              if (summary->previous != NULL)
                g_ptr_array_add (current, pw_figures_ref (summary->previous));
              g_ptr_array_add (all, current);
              g_ptr_array_add (all, g_ptr_array_ref (summary->projects));
            }
        }
    }
}

/* The figures of the whole ledger, split every way, in two time zones,
 * the summaries and the dashboard of a day in the middle. */
static GPtrArray *
compute_all (PwStore *store)
{
  static const PwGrouping groupings[] = {
    PW_GROUP_NONE, PW_GROUP_DAY, PW_GROUP_WEEK, PW_GROUP_MONTH, PW_GROUP_PROJECT,
    PW_GROUP_ACCOUNT,
  };
  static const char *const zones[] = { "UTC", "+05:30" };
  GPtrArray *all = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  g_autoptr (GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr (GDateTime) now = g_date_time_new (utc, 2026, 3, 31, 12, 0, 0);
  g_autoptr (PwRecentFigures) dashboard = NULL;
  g_autoptr (GError) error = NULL;
  GPtrArray *cards;

  for (guint z = 0; z < G_N_ELEMENTS (zones); z++)
    {
      g_autoptr (GTimeZone) tz = g_time_zone_new_identifier (zones[z]);

      for (guint g = 0; g < G_N_ELEMENTS (groupings); g++)
        {
          GPtrArray *figures = pw_figures_compute (store, pw_test_at (FIRST_DAY, 0, 0, 0),
                                                   pw_test_at (FIRST_DAY + N_DAYS, 0, 0, 0),
                                                   groupings[g], tz, NULL, &error);

          g_assert_no_error (error);
          g_ptr_array_add (all, figures);
        }
      /* A span that starts and ends inside weeks. */
      g_ptr_array_add (all, pw_figures_compute (store, pw_test_at (2, 13, 0, 0),
                                                pw_test_at (25, 5, 0, 0), PW_GROUP_PROJECT, tz,
                                                NULL, &error));
      g_assert_no_error (error);
    }

  add_summaries (store, all);

  dashboard = pw_recent_figures_load (store, now, NULL, &error);
  g_assert_no_error (error);
  cards = g_ptr_array_new_with_free_func ((GDestroyNotify) pw_figures_unref);
  g_ptr_array_add (cards, pw_figures_ref (dashboard->today));
  g_ptr_array_add (cards, pw_figures_ref (dashboard->week));
  g_ptr_array_add (cards, pw_figures_ref (dashboard->month));
  g_ptr_array_add (cards, pw_figures_ref (dashboard->previous_day));
  g_ptr_array_add (cards, pw_figures_ref (dashboard->previous_week));
  g_ptr_array_add (cards, pw_figures_ref (dashboard->previous_month));
  g_ptr_array_add (all, cards);
  g_ptr_array_add (all, g_ptr_array_ref (dashboard->daily));
  g_ptr_array_add (all, g_ptr_array_ref (dashboard->projects));
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

static gint64
count_packs (PwStore *store)
{
  return pw_test_count (store, "SELECT count(*) FROM figure_packs");
}

static gint64
count_packs_of (PwStore *store,
                int      stream,
                gint64   at)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM figure_packs WHERE stream = %d "
                                          "AND chunk = %" G_GINT64_FORMAT, stream,
                                          at / PW_FIGURE_CHUNK_US);

  return pw_test_count (store, sql);
}

static void
test_same_figures (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr (GPtrArray) tables = NULL;
  g_autoptr (GPtrArray) packed = NULL;
  gint64 first_week = pw_test_at (FIRST_DAY, 0, 0, 0) / PW_FIGURE_CHUNK_US;
  gint64 weeks = pw_test_at (FIRST_DAY + N_DAYS + 4, 0, 0, 0) / PW_FIGURE_CHUNK_US - first_week;

  add_ledger (fixture);
  tables = compute_all (fixture->store);

  pw_test_pack (fixture->store);
  /* Every week from the first row to the last, both streams. */
  g_assert_cmpint (count_packs (fixture->store), >=, 2 * (weeks - 1));
  packed = compute_all (fixture->store);
  assert_all_equal (tables, packed);

  /* Packing again finds nothing to do. */
  pw_test_pack (fixture->store);
  g_assert_cmpint (count_packs (fixture->store), >=, 2 * (weeks - 1));
}

/* The first task entry of the work of @day, as SQL. */
static const char *
first_entry (int day)
{
  static char sql[128];

  g_snprintf (sql, sizeof sql, "SELECT min (entry_id) FROM ledger_entries "
                               "WHERE entry_id GLOB 'e%d-*'", day - FIRST_DAY);
  return sql;
}

static gint64
entry_at (PwStore *store,
          int      day)
{
  g_autofree char *sql = g_strdup_printf ("SELECT at FROM ledger_entries WHERE entry_id = (%s)",
                                          first_entry (day));

  return pw_test_count (store, sql);
}

/* A change to a row drops its week's pack of that stream, and only that;
 * the figures follow the change, packed or not. */
static void
test_changes_unpack (Fixture       *fixture,
                     gconstpointer  data)
{
  PwStore *store = fixture->store;
  g_autoptr (GPtrArray) before = NULL;
  g_autoptr (GPtrArray) partly = NULL;
  g_autoptr (GPtrArray) tables = NULL;
  g_autoptr (GPtrArray) repacked = NULL;
  gint64 packs, changed_at, moved_from, kept_at;
  gint64 moved_to = pw_test_at (30, 10, 0, 0);

  add_ledger (fixture);
  pw_test_pack (store);
  before = compute_all (store);
  packs = count_packs (store);

  /* A status changes: the statement's pack of that week goes; the time
   * log's stays. */
  changed_at = entry_at (store, 0);
  g_assert_cmpint (count_packs_of (store, 0, changed_at), ==, 1);
  pw_test_exec (store, "UPDATE ledger_entries SET status = CASE status WHEN 'rejected' "
                       "THEN 'paid' ELSE 'rejected' END WHERE entry_id = (%s)", first_entry (0));
  g_assert_cmpint (count_packs_of (store, 0, changed_at), ==, 0);
  g_assert_cmpint (count_packs_of (store, 1, changed_at), ==, 1);

  /* An entry moves to another week: both weeks' packs go. */
  moved_from = entry_at (store, 5);
  g_assert_cmpint (count_packs_of (store, 0, moved_from), ==, 1);
  g_assert_cmpint (count_packs_of (store, 0, moved_to), ==, 1);
  pw_test_exec (store, "UPDATE ledger_entries SET at = %lld WHERE entry_id = (%s)",
                (long long) moved_to, first_entry (5));
  g_assert_cmpint (count_packs_of (store, 0, moved_from), ==, 0);
  g_assert_cmpint (count_packs_of (store, 0, moved_to), ==, 0);

  /* Time added, time deleted. */
  pw_test_time (store, "manual", NULL, NULL, NULL, pw_test_at (20, 6, 0, 0),
                pw_test_at (20, 7, 0, 0), TRUE);
  g_assert_cmpint (count_packs_of (store, 1, pw_test_at (20, 6, 0, 0)), ==, 0);
  g_assert_cmpint (count_packs_of (store, 1, pw_test_at (40, 12, 0, 0)), ==, 1);
  pw_test_exec (store, "DELETE FROM time_entries WHERE task_id = 't50-0'");
  g_assert_cmpint (count_packs_of (store, 1, pw_test_at (40, 12, 0, 0)), ==, 0);

  /* A change to a column the figures do not read keeps the pack. */
  kept_at = entry_at (store, 35);
  g_assert_cmpint (count_packs_of (store, 0, kept_at), ==, 1);
  pw_test_exec (store, "UPDATE ledger_entries SET review_comment = 'fine' WHERE entry_id = (%s)",
                first_entry (35));
  g_assert_cmpint (count_packs_of (store, 0, kept_at), ==, 1);

  partly = compute_all (store);
  pw_test_exec (store, "DELETE FROM figure_packs");
  tables = compute_all (store);
  assert_all_equal (tables, partly);
  /* The changes show. */
  g_assert_cmpint (((PwFigures *) ((GPtrArray *) tables->pdata[0])->pdata[0])->all_us, !=,
                   ((PwFigures *) ((GPtrArray *) before->pdata[0])->pdata[0])->all_us);

  pw_test_pack (store);
  g_assert_cmpint (count_packs (store), ==, packs);
  repacked = compute_all (store);
  assert_all_equal (tables, repacked);
}

static GPtrArray *
summaries (PwStore *store)
{
  GPtrArray *all = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);

  add_summaries (store, all);
  return all;
}

/* What the summaries say, to tell that a change shows in them. */
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
                                  G_GINT64_FORMAT " %" G_GINT64_FORMAT " %u %u %u %"
                                  G_GINT64_FORMAT, figures->key, figures->all_us,
                                  figures->lost_task_us, figures->submitted_task_us,
                                  figures->gap_us, figures->n_sessions, figures->n_tasks_done,
                                  figures->n_own_tasks, figures->median_task_us);
          for (guint k = 0; k < figures->earnings->len; k++)
            {
              PwEarnings *earnings = &g_array_index (figures->earnings, PwEarnings, k);

              g_string_append_printf (text, " %s %" G_GINT64_FORMAT " %" G_GINT64_FORMAT " %"
                                      G_GINT64_FORMAT " %" G_GINT64_FORMAT " %" G_GINT64_FORMAT,
                                      earnings->currency, earnings->task_pay_micro,
                                      earnings->earned_micro, earnings->projected_micro,
                                      earnings->awaiting_micro, earnings->own_micro);
            }
          g_string_append_c (text, '\n');
        }
    }
  return g_string_free (text, FALSE);
}

static void
set_rate (PwStore    *store,
          const char *project_id,
          const char *amount,
          PwRateUnit  unit)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PwRate) rate = NULL;
  PwMoney money;

  g_assert_true (pw_money_parse (&money, amount, "EUR", &error));
  g_assert_no_error (error);
  rate = pw_rate_new ("a-2", project_id, &money, unit, 0);
  pw_store_set_rate (store, rate);
}

typedef enum
{
  LATE_OUTCOME,
  CORRECTED_AMOUNT,
  REJECTED_LATER,
  NIGHT_SHIFT,
  TASK_RELEASED,
  RATE_SET,
  RATE_CHANGED,
  N_CHANGES
} Change;

static void
make_change (PwStore *store,
             Change   change)
{
  switch (change)
    {
    case LATE_OUTCOME:
      /* A task worked in the first weeks, without an entry, is rejected
       * weeks later. */
      pw_test_exec (store, "INSERT INTO ledger_entries (account_id, entry_id, type, status, "
                           "task_id, project_id, amount_micro, currency, at, first_seen_at, "
                           "updated_at) SELECT t.account_id, 'late', 'task', 'rejected', "
                           "t.task_id, t.project_id, 7000, t.currency, %lld, 0, 0 FROM tasks AS t "
                           "WHERE t.task_id GLOB 't1*' AND NOT EXISTS (SELECT 1 FROM "
                           "ledger_entries AS e WHERE e.task_id = t.task_id) "
                           "ORDER BY t.task_id LIMIT 1", (long long) pw_test_at (40, 10, 0, 0));
      break;
    case CORRECTED_AMOUNT:
      pw_test_exec (store, "UPDATE ledger_entries SET amount_micro = amount_micro + 1234 "
                           "WHERE entry_id = (%s)", first_entry (20));
      break;
    case REJECTED_LATER:
      pw_test_exec (store, "UPDATE ledger_entries SET status = CASE status WHEN 'rejected' "
                           "THEN 'paid' ELSE 'rejected' END WHERE entry_id = (%s)", first_entry (3));
      break;
    case NIGHT_SHIFT:
      /* Work across midnight, and its entry the next morning. */
      pw_test_task (store, "a-1", "night", "p-2", 30000, "USD", "synced");
      pw_test_time (store, "task", "a-1", "night", "p-2", pw_test_at (15, 23, 50, 0),
                    pw_test_at (16, 0, 20, 0), TRUE);
      pw_test_entry (store, "a-1", "e-night", "task", "approved", "night", "p-2", 30000, "USD",
                     pw_test_at (16, 8, 0, 0), 0.9);
      break;
    case TASK_RELEASED:
      pw_test_exec (store, "UPDATE tasks SET state = 'released' WHERE task_id = (SELECT "
                           "min (t.task_id) FROM tasks AS t WHERE t.task_id GLOB 't2*' "
                           "AND t.state = 'synced' AND NOT EXISTS (SELECT 1 FROM "
                           "ledger_entries AS e WHERE e.task_id = t.task_id))");
      break;
    case RATE_SET:
      set_rate (store, NULL, "0.40", PW_RATE_PER_TASK);
      break;
    case RATE_CHANGED:
      set_rate (store, "p-own", "9", PW_RATE_PER_HOUR);
      break;
    case N_CHANGES:
    default:
      g_assert_not_reached ();
    }
}

/* Each figure of the summaries follows a change inside a week already
 * packed, the same read from the packs left, from the tables, or packed
 * again: an entry added or corrected, an outcome that comes weeks after
 * the work, work across midnight, a task the store releases, and the
 * worker's own rate set and changed after the weeks were packed. */
static void
test_summary_follows_changes (Fixture       *fixture,
                              gconstpointer  data)
{
  PwStore *store = fixture->store;
  g_autoptr (GPtrArray) previous = NULL;

  add_ledger (fixture);
  /* Work the server accepted, priced only once the worker sets a rate. */
  pw_test_task (store, "a-2", "own", "p-own", 0, NULL, "synced");
  pw_test_time (store, "task", "a-2", "own", "p-own", pw_test_at (12, 9, 0, 0),
                pw_test_at (12, 9, 40, 0), TRUE);
  pw_test_exec (store, "INSERT INTO submissions (account_id, task_id, claim_id, "
                       "idempotency_key, body, state, created_at) VALUES ('a-2', 'own', 'c', "
                       "'k-own', '{}', 'done', %lld)", (long long) pw_test_at (12, 9, 41, 0));
  pw_test_pack (store);
  previous = summaries (store);

  for (Change change = 0; change < N_CHANGES; change++)
    {
      g_autoptr (GPtrArray) partly = NULL;
      g_autoptr (GPtrArray) tables = NULL;
      g_autoptr (GPtrArray) repacked = NULL;
      g_autofree char *before = describe (previous);
      g_autofree char *after = NULL;

      make_change (store, change);
      partly = summaries (store);
      pw_test_exec (store, "DELETE FROM figure_packs");
      tables = summaries (store);
      pw_test_pack (store);
      repacked = summaries (store);

      assert_all_equal (tables, partly);
      assert_all_equal (tables, repacked);
      after = describe (tables);
      if (g_str_equal (before, after))
        g_error ("Change %d shows in no figure of the summaries", change);
      g_clear_pointer (&previous, g_ptr_array_unref);
      previous = g_steal_pointer (&tables);
    }
}

/* A pack that does not decode is read from the tables instead. */
static void
test_damaged_pack (Fixture       *fixture,
                   gconstpointer  data)
{
  static const char *const damage[] = {
    "UPDATE figure_packs SET rows = x'ff' WHERE chunk %% 3 = 0",
    "UPDATE figure_packs SET rows = rows || x'00' WHERE chunk %% 3 = 1",
    "UPDATE figure_packs SET names = x'05' WHERE chunk %% 3 = 2",
    "UPDATE figure_packs SET n_rows = n_rows + 1",
    "UPDATE figure_packs SET names = x'', rows = x''",
  };
  PwStore *store = fixture->store;
  g_autoptr (GPtrArray) tables = NULL;

  add_ledger (fixture);
  tables = compute_all (store);

  for (guint i = 0; i < G_N_ELEMENTS (damage); i++)
    {
      g_autoptr (GPtrArray) damaged = NULL;

      pw_test_exec (store, "DELETE FROM figure_packs");
      pw_test_pack (store);
      pw_test_exec (store, damage[i]);
      damaged = compute_all (store);
      assert_all_equal (tables, damaged);
    }
}

/* The week under way and weeks past the given end stay unpacked. */
static void
test_open_weeks (Fixture       *fixture,
                 gconstpointer  data)
{
  PwStore *store = fixture->store;
  g_autoptr (GError) error = NULL;
  gint64 now = g_get_real_time ();
  gint64 until = pw_test_at (20, 0, 0, 0);

  add_ledger (fixture);
  pw_test_time (store, "task", "a-1", "today", "p-0", now - G_USEC_PER_SEC, now, TRUE);

  g_assert_true (pw_figures_pack (store, 0, until, &error));
  g_assert_no_error (error);
  g_assert_cmpint (pw_test_count (store, "SELECT max (chunk) FROM figure_packs"), ==,
                   until / PW_FIGURE_CHUNK_US - 1);

  g_assert_true (pw_figures_pack (store, 0, G_MAXINT64, &error));
  g_assert_cmpint (count_packs_of (store, 1, now), ==, 0);
  g_assert_cmpint (count_packs_of (store, 1, now - PW_FIGURE_CHUNK_US), ==, 1);
}

/* Packs that cannot be written (a full disk, here a trigger that refuses
 * them) are rolled back: the figures are read from the tables, and the
 * worker's own writes go on. */
static void
test_pack_refused (Fixture       *fixture,
                   gconstpointer  data)
{
  PwStore *store = fixture->store;
  g_autoptr (GPtrArray) tables = NULL;
  g_autoptr (GPtrArray) unpacked = NULL;
  g_autoptr (GError) error = NULL;

  add_ledger (fixture);
  tables = compute_all (store);
  pw_test_exec (store, "CREATE TRIGGER refuse_packs BEFORE INSERT ON figure_packs BEGIN "
                       "SELECT RAISE (FAIL, 'database or disk is full'); END");

  g_assert_false (pw_figures_pack (store, 0, G_MAXINT64, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_cmpint (count_packs (store), ==, 0);
  g_assert_cmpint (pw_test_count (store, "SELECT count(*) FROM task_keys"), ==, 0);

  /* The store writes as before. */
  pw_test_time (store, "manual", NULL, NULL, NULL, pw_test_at (40, 2, 0, 0),
                pw_test_at (40, 3, 0, 0), TRUE);
  g_assert_true (pw_store_flush (store, &error));
  g_assert_no_error (error);
  g_assert_false (pw_store_get_failing (store));
  unpacked = compute_all (store);
  g_assert_cmpint (((PwFigures *) ((GPtrArray *) unpacked->pdata[0])->pdata[0])->all_us, ==,
                   ((PwFigures *) ((GPtrArray *) tables->pdata[0])->pdata[0])->all_us
                   + G_GINT64_CONSTANT (3600) * G_USEC_PER_SEC);

  pw_test_exec (store, "DROP TRIGGER refuse_packs");
  pw_test_pack (store);
}

static void
on_packed (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* In the background, slice by slice, with other writes between. */
static void
test_pack_async (Fixture       *fixture,
                 gconstpointer  data)
{
  PwStore *store = fixture->store;
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GAsyncResult) cancelled = NULL;
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (GPtrArray) tables = NULL;
  g_autoptr (GPtrArray) packed = NULL;
  g_autoptr (GError) error = NULL;

  add_ledger (fixture);
  tables = compute_all (store);

  g_cancellable_cancel (cancellable);
  pw_figures_pack_async (store, cancellable, on_packed, &cancelled);
  while (cancelled == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (pw_figures_pack_finish (store, cancelled, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_cmpint (count_packs (store), ==, 0);

  pw_figures_pack_async (store, NULL, on_packed, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (pw_figures_pack_finish (store, result, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_packs (store), >, 10);
  packed = compute_all (store);
  assert_all_equal (tables, packed);
}

static void
test_numbers (void)
{
  static const gint64 values[] = {
    0, 1, -1, 63, -64, 64, 127, 128, 300, -300, G_MAXINT32, G_MININT32,
    G_GINT64_CONSTANT (1772409600000000), G_MAXINT64, G_MININT64,
  };
  g_autoptr (GByteArray) out = g_byte_array_new ();
  const guint8 *cursor, *end;

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      _pw_pack_put_signed (out, values[i]);
      _pw_pack_put_varint (out, (guint64) values[i]);
    }
  cursor = out->data;
  end = out->data + out->len;
  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      gint64 signed_value;
      guint64 value;

      g_assert_true (_pw_pack_get_signed (&cursor, end, &signed_value));
      g_assert_cmpint (signed_value, ==, values[i]);
      g_assert_true (_pw_pack_get_varint (&cursor, end, &value));
      g_assert_cmpuint (value, ==, (guint64) values[i]);
    }
  g_assert_true (cursor == end);

  /* Small numbers take one byte; a number cut short does not decode. */
  g_byte_array_set_size (out, 0);
  _pw_pack_put_varint (out, 127);
  g_assert_cmpuint (out->len, ==, 1);
  _pw_pack_put_varint (out, 1 << 20);
  cursor = out->data + 1;
  end = out->data + out->len - 1;
  {
    guint64 value;

    g_assert_false (_pw_pack_get_varint (&cursor, end, &value));
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

  g_test_add_func ("/figure-packs/numbers", test_numbers);
  add_test ("/figure-packs/same-figures", test_same_figures);
  add_test ("/figure-packs/changes-unpack", test_changes_unpack);
  add_test ("/figure-packs/summary-follows-changes", test_summary_follows_changes);
  add_test ("/figure-packs/damaged-pack", test_damaged_pack);
  add_test ("/figure-packs/open-weeks", test_open_weeks);
  add_test ("/figure-packs/pack-refused", test_pack_refused);
  add_test ("/figure-packs/pack-async", test_pack_async);

  return g_test_run ();
}
