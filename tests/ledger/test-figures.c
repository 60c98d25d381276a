/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <string.h>

#include "../store/pw-store-test.h"
#include "pw-figures-test.h"

/* The figures of a fixture day, worked out by hand below. Every time is
 * UTC on Monday 2026-03-02 unless said otherwise; the span is that day. */

#define S(seconds) ((gint64) (seconds) * G_USEC_PER_SEC)

typedef struct
{
  PwStore *store;
} Fixture;

/* Each test runs twice: reading the tables, and reading the weeks packed,
 * which must change no figure. */
static gboolean packing;

/* Before each read of the figures: in the packed run, packs the weeks. */
static void
prepare_read (PwStore *store)
{
  if (packing)
    pw_test_pack (store);
}

/* Each test has a store of its own. */
static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->store = pw_store_test_open_new ("figures");
  packing = GPOINTER_TO_INT (data);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  pw_store_test_close (&fixture->store);
}

/* The fixture day.
 *
 * Tasks (the store's claimed tasks):
 *   a-1/t1 p-cars 0.04 USD synced      a-1/t4 p-cars 0.04 USD expired
 *   a-1/t2 p-cars 0.04 USD synced      a-1/t5 p-cars 0.035 USD synced
 *   a-1/t3 p-cars 0.04 USD synced      a-2/u1 p-text 0.50 EUR synced
 *   a-1/q1 p-qual 0 USD synced (a qualification: it pays nothing)
 *
 * Time log:
 *   #1  09:00:00-09:02:00 task t1     120 s  first work: session 1 starts
 *   #2  09:03:00-09:05:00 task t2     120 s  gap from t1:  60 s
 *   #3  09:05:30-09:08:30 task t3     180 s  gap from t2:  30 s
 *   #4  09:08:30-09:18:30 task q1     600 s  gap 0: it starts as t3 ends
 *   #5  09:20:00-09:21:00 task t4      60 s  gap from q1:  90 s
 *   #6  09:25:00-09:26:00 task t4      60 s  a pause within t4 the worker
 *                                            said was no work: no gap
 *   #7  09:40:00-09:42:00 task t5     120 s  14 min after t4: still the
 *                                            session, gap 840 s
 *   #8  10:00:00-10:10:00 manual, unpaid 600 s  18 min later: session 2
 *   #9  10:10:00-10:12:00 idle t5     120 s  idle minutes that were work
 *   #10 10:12:00-10:20:00 task u1     480 s  (account a-2)
 *   #11 11:00:00-12:00:00 manual, paid 3600 s  40 min later: session 3
 *
 * Statement:
 *   e1 a-1 task t1 paid      0.04      USD 09:30 score 0.9
 *   e2 a-1 task t2 approved  0.04      USD 09:31 score 1.0
 *   e3 a-1 task t3 rejected  0.04      USD 09:32 score 0.2
 *   e4 a-1 task q1 approved  0         USD 09:33
 *   e5 a-1 bonus   paid      0.012345  USD 12:00  (a fraction of a cent)
 *   e6 a-1 fee     paid     -0.0005    USD 12:01
 *   e7 a-1 payout  paid      5.00      USD 12:02  (moves money, earns none)
 *   e8 a-2 task u1 pending   0.50      EUR 10:30
 *   e9 a-2 adjustment approved 0.05    EUR 10:31
 *   t5 has no entry yet: it awaits one. */
static void
add_fixture_day (PwStore *store)
{
  pw_test_account (store, "a-1", "Alpha");
  pw_test_account (store, "a-2", "Beta");

  pw_test_task (store, "a-1", "t1", "p-cars", 40000, "USD", "synced");
  pw_test_task (store, "a-1", "t2", "p-cars", 40000, "USD", "synced");
  pw_test_task (store, "a-1", "t3", "p-cars", 40000, "USD", "synced");
  pw_test_task (store, "a-1", "q1", "p-qual", 0, "USD", "synced");
  pw_test_task (store, "a-1", "t4", "p-cars", 40000, "USD", "expired");
  pw_test_task (store, "a-1", "t5", "p-cars", 35000, "USD", "synced");
  pw_test_task (store, "a-2", "u1", "p-text", 500000, "EUR", "synced");

  pw_test_time (store, "task", "a-1", "t1", "p-cars", pw_test_at (0, 9, 0, 0), pw_test_at (0, 9, 2, 0), TRUE);
  pw_test_time (store, "task", "a-1", "t2", "p-cars", pw_test_at (0, 9, 3, 0), pw_test_at (0, 9, 5, 0), TRUE);
  pw_test_time (store, "task", "a-1", "t3", "p-cars", pw_test_at (0, 9, 5, 30), pw_test_at (0, 9, 8, 30), TRUE);
  pw_test_time (store, "task", "a-1", "q1", "p-qual", pw_test_at (0, 9, 8, 30), pw_test_at (0, 9, 18, 30), TRUE);
  pw_test_time (store, "task", "a-1", "t4", "p-cars", pw_test_at (0, 9, 20, 0), pw_test_at (0, 9, 21, 0), TRUE);
  pw_test_time (store, "task", "a-1", "t4", "p-cars", pw_test_at (0, 9, 25, 0), pw_test_at (0, 9, 26, 0), TRUE);
  pw_test_time (store, "task", "a-1", "t5", "p-cars", pw_test_at (0, 9, 40, 0), pw_test_at (0, 9, 42, 0), TRUE);
  pw_test_time (store, "manual", NULL, NULL, NULL, pw_test_at (0, 10, 0, 0), pw_test_at (0, 10, 10, 0), FALSE);
  pw_test_time (store, "idle", "a-1", "t5", "p-cars", pw_test_at (0, 10, 10, 0), pw_test_at (0, 10, 12, 0), TRUE);
  pw_test_time (store, "task", "a-2", "u1", "p-text", pw_test_at (0, 10, 12, 0), pw_test_at (0, 10, 20, 0), TRUE);
  pw_test_time (store, "manual", NULL, NULL, NULL, pw_test_at (0, 11, 0, 0), pw_test_at (0, 12, 0, 0), TRUE);

  pw_test_entry (store, "a-1", "e1", "task", "paid", "t1", "p-cars", 40000, "USD", pw_test_at (0, 9, 30, 0), 0.9);
  pw_test_entry (store, "a-1", "e2", "task", "approved", "t2", "p-cars", 40000, "USD", pw_test_at (0, 9, 31, 0), 1.0);
  pw_test_entry (store, "a-1", "e3", "task", "rejected", "t3", "p-cars", 40000, "USD", pw_test_at (0, 9, 32, 0), 0.2);
  pw_test_entry (store, "a-1", "e4", "task", "approved", "q1", "p-qual", 0, "USD", pw_test_at (0, 9, 33, 0), -1);
  pw_test_entry (store, "a-1", "e5", "bonus", "paid", NULL, NULL, 12345, "USD", pw_test_at (0, 12, 0, 0), -1);
  pw_test_entry (store, "a-1", "e6", "fee", "paid", NULL, NULL, -500, "USD", pw_test_at (0, 12, 1, 0), -1);
  pw_test_entry (store, "a-1", "e7", "payout", "paid", NULL, NULL, 5000000, "USD", pw_test_at (0, 12, 2, 0), -1);
  pw_test_entry (store, "a-2", "e8", "task", "pending", "u1", "p-text", 500000, "EUR", pw_test_at (0, 10, 30, 0), -1);
  pw_test_entry (store, "a-2", "e9", "adjustment", "approved", NULL, NULL, 50000, "EUR", pw_test_at (0, 10, 31, 0), -1);
}

static PwFigures *
compute_day (PwStore   *store,
             PwGrouping grouping,
             guint      expected_groups,
             guint      index)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr (GPtrArray) figures = NULL;

  prepare_read (store);
  figures = pw_figures_compute (store, pw_test_at (0, 0, 0, 0), pw_test_at (1, 0, 0, 0),
                                grouping, utc, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (figures);
  g_assert_cmpuint (figures->len, ==, expected_groups);
  return pw_figures_ref (figures->pdata[index]);
}

static void
test_day_hours (Fixture       *fixture,
                gconstpointer  data)
{
  PwStore *store = fixture->store;
  g_autoptr (PwFigures) day = NULL;

  add_fixture_day (store);
  day = compute_day (store, PW_GROUP_NONE, 1, 0);

  g_assert_cmpstr (day->key, ==, "");
  g_assert_cmpint (day->start, ==, pw_test_at (0, 0, 0, 0));
  g_assert_cmpint (day->end, ==, pw_test_at (1, 0, 0, 0));

  /* On tasks, whatever became of them, with the idle minutes that were
   * work: #1-#7, #9, #10 = 120+120+180+600+60+60+120+120+480 = 1860 s. */
  g_assert_cmpint (day->task_us, ==, S (1860));
  /* Submitted: everything but t4, which expired: 1860 - 120 = 1740 s. */
  g_assert_cmpint (day->submitted_task_us, ==, S (1740));
  /* Unpaid tasks: q1, the qualification: 600 s. */
  g_assert_cmpint (day->unpaid_task_us, ==, S (600));
  /* Lost: t3 (rejected) 180 s + t4 (expired) 60 + 60 s = 300 s. */
  g_assert_cmpint (day->lost_task_us, ==, S (300));
  /* Between tasks inside sessions: 60 + 30 + 0 + 90 + 840 = 1020 s; the
   * pause within t4 and the 18 and 40 minutes between sessions are not. */
  g_assert_cmpint (day->gap_us, ==, S (1020));
  g_assert_cmpint (day->paid_manual_us, ==, S (3600));
  g_assert_cmpint (day->unpaid_manual_us, ==, S (600));
  /* Unpaid: 1020 + 600 + 300 + 600 = 2520 s. */
  g_assert_cmpint (day->unpaid_us, ==, S (2520));
  /* All: 1860 on tasks + 1020 gaps + 3600 + 600 by hand = 7080 s. */
  g_assert_cmpint (day->all_us, ==, S (7080));
  /* Overhead: 2520 / 7080. */
  g_assert_cmpfloat_with_epsilon (day->overhead_share, 2520.0 / 7080.0, 1e-12);
  g_assert_cmpuint (day->n_sessions, ==, 3);
  /* Per task: t1 120, t2 120, t3 180, q1 600, t4 60+60, t5 120+120 (the
   * idle minutes too), u1 480. Sorted: 120 120 120 180 240 480 600. */
  g_assert_cmpint (day->median_task_us, ==, S (180));
}

static void
test_day_money (Fixture       *fixture,
                gconstpointer  data)
{
  PwStore *store = fixture->store;
  g_autoptr (PwFigures) day = NULL;
  const PwEarnings *usd, *eur;

  add_fixture_day (store);
  day = compute_day (store, PW_GROUP_NONE, 1, 0);

  /* Two currencies, kept apart and sorted by code. */
  g_assert_cmpuint (day->earnings->len, ==, 2);
  eur = &g_array_index (day->earnings, PwEarnings, 0);
  usd = &g_array_index (day->earnings, PwEarnings, 1);
  g_assert_cmpstr (eur->currency, ==, "EUR");
  g_assert_cmpstr (usd->currency, ==, "USD");
  g_assert_true (pw_figures_get_earnings (day, "USD") == usd);
  g_assert_null (pw_figures_get_earnings (day, "GBP"));
  /* EUR's 0.50 of task pay and 0.05 earned outweigh USD's 0.155 and
   * 0.091845: EUR is what a place with room for one currency shows. */
  g_assert_true (pw_figures_get_main_earnings (day) == eur);
  g_assert_false (pw_figures_is_empty (day));

  g_assert_cmpint (usd->pending_micro, ==, 0);
  g_assert_cmpint (usd->approved_micro, ==, 40000);     /* t2, and q1's 0 */
  g_assert_cmpint (usd->paid_micro, ==, 40000);         /* t1 */
  g_assert_cmpint (usd->rejected_micro, ==, 40000);     /* t3: counts as nothing */
  g_assert_cmpint (usd->bonus_micro, ==, 12345);
  g_assert_cmpint (usd->adjustment_micro, ==, 0);
  g_assert_cmpint (usd->fee_micro, ==, -500);
  g_assert_cmpint (usd->payout_micro, ==, 5000000);
  g_assert_cmpint (usd->awaiting_micro, ==, 35000);     /* t5 */
  /* Earned: 40000 approved + 40000 paid + 12345 bonus - 500 fee = 91845:
   * 0.091845 USD, to the millionth. */
  g_assert_cmpint (usd->earned_micro, ==, 91845);
  /* Nothing pending in USD: projected is what was earned. */
  g_assert_cmpint (usd->projected_micro, ==, 91845);
  /* Submitted tasks' pay: t1, t2, t3 (rejected or not), q1 (0) and t5
   * awaiting: 40000 * 3 + 0 + 35000 = 155000 over 5 tasks = 31000 each. */
  g_assert_cmpint (usd->task_pay_micro, ==, 155000);
  g_assert_cmpint (usd->pay_per_task_micro, ==, 31000);
  /* Effective: 91845 µUSD per 7080 s = 91845 * 3600 / 7080 = 46700.84,
   * rounded toward zero. */
  g_assert_cmpint (usd->effective_rate_micro, ==, 46700);
  g_assert_cmpint (usd->projected_rate_micro, ==, 46700);
  /* Task-only: 155000 per 1740 s on submitted tasks = 320689.65. */
  g_assert_cmpint (usd->task_only_rate_micro, ==, 320689);

  g_assert_cmpint (eur->pending_micro, ==, 500000);
  g_assert_cmpint (eur->adjustment_micro, ==, 50000);
  g_assert_cmpint (eur->earned_micro, ==, 50000);
  /* Projected: p-text has no review yet, so the worker's own approval rate
   * counts: of e1-e4, 3 of 4 reviewed were approved or paid. 500000 * 3 / 4
   * = 375000 pending added: 425000. */
  g_assert_cmpint (eur->projected_micro, ==, 425000);
  /* 50000 * 3600 / 7080 = 25423.7; 425000 * 3600 / 7080 = 216101.69. */
  g_assert_cmpint (eur->effective_rate_micro, ==, 25423);
  g_assert_cmpint (eur->projected_rate_micro, ==, 216101);
  /* 500000 * 3600 / 1740 = 1034482.75. */
  g_assert_cmpint (eur->task_only_rate_micro, ==, 1034482);
  g_assert_cmpint (eur->pay_per_task_micro, ==, 500000);
  g_assert_cmpint (eur->awaiting_micro, ==, 0);

  /* t1, t2, t3, q1, t5 and u1. */
  g_assert_cmpuint (day->n_tasks_done, ==, 6);
  g_assert_cmpuint (day->n_reviewed, ==, 4);
  g_assert_cmpuint (day->n_approved, ==, 3);
  g_assert_cmpfloat_with_epsilon (day->approval_rate, 0.75, 1e-12);
  /* (0.9 + 1.0 + 0.2) / 3 */
  g_assert_cmpuint (day->n_scored, ==, 3);
  g_assert_cmpfloat_with_epsilon (day->accuracy, 0.7, 1e-9);
}

static void
test_rejection_makes_time_unpaid (Fixture       *fixture,
                                  gconstpointer  data)
{
  PwStore *store = fixture->store;
  g_autoptr (PwFigures) before = NULL;
  g_autoptr (PwFigures) after = NULL;

  add_fixture_day (store);
  /* Before its review, t3 was pending: its 180 s were work that may pay. */
  pw_test_status (store, "a-1", "e3", "pending");
  before = compute_day (store, PW_GROUP_NONE, 1, 0);
  /* Lost: only t4's 120 s. Unpaid: 1020 + 600 + 120 + 600 = 2340 s. */
  g_assert_cmpint (before->lost_task_us, ==, S (120));
  g_assert_cmpint (before->unpaid_us, ==, S (2340));
  g_assert_cmpint (before->all_us, ==, S (7080));
  /* Earned stays 91845: a rejection earns nothing, and neither does
   * pending pay. p-cars has 2 reviewed entries, both approved or paid, so
   * the pending 40000 is projected in full: 131845. */
  g_assert_cmpint (pw_figures_get_earnings (before, "USD")->pending_micro, ==, 40000);
  g_assert_cmpint (pw_figures_get_earnings (before, "USD")->earned_micro, ==, 91845);
  g_assert_cmpint (pw_figures_get_earnings (before, "USD")->projected_micro, ==, 131845);

  /* The review rejects it: its time becomes unpaid, 2340 + 180 = 2520 s,
   * while all time stays 7080 s. */
  pw_test_status (store, "a-1", "e3", "rejected");
  after = compute_day (store, PW_GROUP_NONE, 1, 0);
  g_assert_cmpint (after->lost_task_us, ==, S (300));
  g_assert_cmpint (after->unpaid_us, ==, S (2520));
  g_assert_cmpint (after->all_us, ==, S (7080));
  g_assert_cmpint (pw_figures_get_earnings (after, "USD")->pending_micro, ==, 0);
  g_assert_cmpint (pw_figures_get_earnings (after, "USD")->rejected_micro, ==, 40000);
  g_assert_cmpint (pw_figures_get_earnings (after, "USD")->projected_micro, ==, 91845);
}

static void
test_status_changes_twice (Fixture       *fixture,
                           gconstpointer  data)
{
  PwStore *store = fixture->store;
  g_autoptr (PwFigures) pending = NULL;
  g_autoptr (PwFigures) approved = NULL;
  g_autoptr (PwFigures) paid = NULL;
  const PwEarnings *usd;

  add_fixture_day (store);

  /* e2 (t2, 0.04 USD) is first pending: not earned yet. Earned is then
   * 40000 (t1) + 12345 - 500 = 51845; projected adds 40000 × p-cars'
   * rate, 1 approved (t1) of 2 reviewed (t1, t3): 20000 = 71845. */
  pw_test_status (store, "a-1", "e2", "pending");
  pending = compute_day (store, PW_GROUP_NONE, 1, 0);
  usd = pw_figures_get_earnings (pending, "USD");
  g_assert_cmpint (usd->pending_micro, ==, 40000);
  g_assert_cmpint (usd->approved_micro, ==, 0);
  g_assert_cmpint (usd->paid_micro, ==, 40000);
  g_assert_cmpint (usd->earned_micro, ==, 51845);
  g_assert_cmpint (usd->projected_micro, ==, 71845);
  g_assert_cmpuint (pending->n_reviewed, ==, 3);

  /* Then approved: earned 91845, as in the fixture. */
  pw_test_status (store, "a-1", "e2", "approved");
  approved = compute_day (store, PW_GROUP_NONE, 1, 0);
  usd = pw_figures_get_earnings (approved, "USD");
  g_assert_cmpint (usd->pending_micro, ==, 0);
  g_assert_cmpint (usd->approved_micro, ==, 40000);
  g_assert_cmpint (usd->earned_micro, ==, 91845);

  /* Then paid: it moves from approved to paid, earned stays 91845, and it
   * counts once. */
  pw_test_status (store, "a-1", "e2", "paid");
  paid = compute_day (store, PW_GROUP_NONE, 1, 0);
  usd = pw_figures_get_earnings (paid, "USD");
  g_assert_cmpint (usd->approved_micro, ==, 0);
  g_assert_cmpint (usd->paid_micro, ==, 80000);
  g_assert_cmpint (usd->earned_micro, ==, 91845);
  g_assert_cmpint (usd->task_pay_micro, ==, 155000);
  g_assert_cmpuint (paid->n_tasks_done, ==, 6);
}

static void
test_by_project (Fixture       *fixture,
                 gconstpointer  data)
{
  PwStore *store = fixture->store;
  g_autoptr (PwFigures) manual = NULL;
  g_autoptr (PwFigures) account = NULL;
  g_autoptr (PwFigures) cars = NULL;
  g_autoptr (PwFigures) qualification = NULL;
  g_autoptr (PwFigures) text = NULL;
  const PwEarnings *usd;

  add_fixture_day (store);

  /* By account then project, with no account or project first: the manual
   * entries (no account), a-1's bonus, fee and payout (no project), p-cars,
   * p-qual, then a-2's adjustment (no project) and p-text. */
  manual = compute_day (store, PW_GROUP_PROJECT, 6, 0);
  account = compute_day (store, PW_GROUP_PROJECT, 6, 1);
  cars = compute_day (store, PW_GROUP_PROJECT, 6, 2);
  qualification = compute_day (store, PW_GROUP_PROJECT, 6, 3);
  text = compute_day (store, PW_GROUP_PROJECT, 6, 5);

  g_assert_null (manual->account_id);
  g_assert_cmpint (manual->paid_manual_us, ==, S (3600));
  g_assert_cmpint (manual->unpaid_manual_us, ==, S (600));
  g_assert_cmpstr (account->account_id, ==, "a-1");
  g_assert_null (account->project_id);
  g_assert_cmpint (pw_figures_get_earnings (account, "USD")->fee_micro, ==, -500);

  /* p-cars: #1-#3, #5-#7 and #9 = 120+120+180+60+60+120+120 = 780 s; the
   * gaps before #2, #3, #5 and #7: 60+30+90+840 = 1020 s. */
  g_assert_cmpstr (cars->key, ==, "p-cars");
  g_assert_cmpstr (cars->account_id, ==, "a-1");
  g_assert_cmpstr (cars->project_id, ==, "p-cars");
  g_assert_cmpint (cars->task_us, ==, S (780));
  g_assert_cmpint (cars->gap_us, ==, S (1020));
  g_assert_cmpint (cars->lost_task_us, ==, S (300));
  g_assert_cmpint (cars->all_us, ==, S (1800));
  /* t1 paid, t2 approved, t3 rejected: 2 of 3. */
  g_assert_cmpuint (cars->n_reviewed, ==, 3);
  g_assert_cmpfloat_with_epsilon (cars->approval_rate, 2.0 / 3.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (cars->accuracy, 0.7, 1e-9);
  /* t1 120, t2 120, t3 180, t4 120, t5 240: the median is 120 s. */
  g_assert_cmpint (cars->median_task_us, ==, S (120));
  /* t1, t2, t3 and t5 (awaiting): 40000 * 3 + 35000 = 155000 over 4. */
  usd = pw_figures_get_earnings (cars, "USD");
  g_assert_cmpuint (cars->n_tasks_done, ==, 4);
  g_assert_cmpint (usd->pay_per_task_micro, ==, 38750);
  /* 80000 earned over 1800 s: 80000 * 2 = 160000 per hour. */
  g_assert_cmpint (usd->effective_rate_micro, ==, 160000);

  /* The qualification: 600 s, all of it unpaid, and it earned 0. */
  g_assert_cmpint (qualification->task_us, ==, S (600));
  g_assert_cmpint (qualification->unpaid_task_us, ==, S (600));
  g_assert_cmpfloat_with_epsilon (qualification->overhead_share, 1.0, 1e-12);
  g_assert_cmpint (pw_figures_get_earnings (qualification, "USD")->earned_micro, ==, 0);

  g_assert_cmpstr (text->account_id, ==, "a-2");
  g_assert_cmpint (text->task_us, ==, S (480));
  g_assert_cmpint (pw_figures_get_earnings (text, "EUR")->pending_micro, ==, 500000);
}

static void
test_by_account (Fixture       *fixture,
                 gconstpointer  data)
{
  PwStore *store = fixture->store;
  g_autoptr (PwFigures) alpha = NULL;
  g_autoptr (PwFigures) beta = NULL;

  add_fixture_day (store);
  alpha = compute_day (store, PW_GROUP_ACCOUNT, 3, 1);
  beta = compute_day (store, PW_GROUP_ACCOUNT, 3, 2);

  g_assert_cmpstr (alpha->key, ==, "a-1");
  g_assert_cmpstr (alpha->name, ==, "Alpha");
  g_assert_cmpstr (beta->name, ==, "Beta");
  /* a-1: 1860 - 480 (u1) = 1380 s on tasks, with all the gaps. */
  g_assert_cmpint (alpha->task_us, ==, S (1380));
  g_assert_cmpint (pw_figures_get_earnings (alpha, "USD")->earned_micro, ==, 91845);
  g_assert_null (pw_figures_get_earnings (alpha, "EUR"));
  g_assert_cmpint (beta->task_us, ==, S (480));
}

/* Statement entries whose sum passes what 64 bits hold: the currency's
 * figures say they are too large, never a sum wrapped around to a
 * negative one, and what prints them refuses, naming the account. */
static void
test_too_large_to_add_up (Fixture       *fixture,
                          gconstpointer  data)
{
  PwStore *store = fixture->store;
  const gint64 huge = G_GINT64_CONSTANT (5000000000000000000);
  g_autoptr (PwFigures) alpha = NULL;
  g_autoptr (PwFigures) beta = NULL;
  g_autoptr (PwFigures) all = NULL;
  g_autoptr (GError) error = NULL;
  const PwEarnings *usd;

  pw_test_account (store, "a-1", "Alpha");
  pw_test_account (store, "a-2", "Beta");
  pw_test_task (store, "a-1", "t1", "p-cars", huge, "USD", "synced");
  pw_test_task (store, "a-1", "t2", "p-cars", huge, "USD", "synced");
  pw_test_time (store, "task", "a-1", "t1", "p-cars", pw_test_at (0, 9, 0, 0), pw_test_at (0, 9, 0, 1), TRUE);
  pw_test_time (store, "task", "a-2", "u1", "p-text", pw_test_at (0, 10, 0, 0), pw_test_at (0, 11, 0, 0), TRUE);
  pw_test_entry (store, "a-1", "e1", "task", "paid", "t1", "p-cars", huge, "USD", pw_test_at (0, 9, 30, 0), -1);
  pw_test_entry (store, "a-1", "e2", "task", "paid", "t2", "p-cars", huge, "USD", pw_test_at (0, 9, 31, 0), -1);
  pw_test_entry (store, "a-1", "e3", "fee", "paid", NULL, NULL, G_MININT64, "USD", pw_test_at (0, 9, 32, 0), -1);
  pw_test_entry (store, "a-2", "e4", "task", "paid", "u1", "p-text", 500000, "EUR", pw_test_at (0, 10, 30, 0), -1);

  alpha = compute_day (store, PW_GROUP_ACCOUNT, 2, 0);
  beta = compute_day (store, PW_GROUP_ACCOUNT, 2, 1);
  all = compute_day (store, PW_GROUP_NONE, 1, 0);

  usd = pw_figures_get_earnings (alpha, "USD");
  g_assert_true (usd->too_large);
  g_assert_cmpint (usd->paid_micro, ==, G_MAXINT64);
  g_assert_cmpint (usd->fee_micro, ==, G_MININT64);
  g_assert_true (pw_figures_get_earnings (all, "USD")->too_large);
  g_assert_false (pw_figures_check_sums (alpha, "Alpha", &error));
  g_assert_error (error, PW_ERROR, PW_ERROR_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, "USD"));
  g_assert_nonnull (strstr (error->message, "Alpha"));
  g_assert_nonnull (strstr (error->message, "too large to add up"));
  g_clear_error (&error);

  /* Another account and currency keep their figures. */
  g_assert_false (pw_figures_get_earnings (beta, "EUR")->too_large);
  g_assert_cmpint (pw_figures_get_earnings (beta, "EUR")->earned_micro, ==, 500000);
  g_assert_false (pw_figures_get_earnings (all, "EUR")->too_large);
  g_assert_true (pw_figures_check_sums (beta, "Beta", &error));
  g_assert_no_error (error);

  /* A sum past 64 bits counts as the largest, never as a wrapped one. */
  g_assert_true (pw_figures_get_main_earnings (all) == pw_figures_get_earnings (all, "USD"));
}

/* A day with neither time nor money is empty; a minute of time is not. */
static void
test_empty (Fixture       *fixture,
            gconstpointer  data)
{
  PwStore *store = fixture->store;
  g_autoptr (PwFigures) before = NULL;
  g_autoptr (PwFigures) after = NULL;

  g_assert_true (pw_figures_is_empty (NULL));
  pw_test_account (store, "a-1", "Alpha");
  before = compute_day (store, PW_GROUP_NONE, 1, 0);
  g_assert_true (pw_figures_is_empty (before));
  g_assert_null (pw_figures_get_main_earnings (before));

  pw_test_time (store, "manual", NULL, NULL, NULL, pw_test_at (0, 9, 0, 0), pw_test_at (0, 9, 1, 0), FALSE);
  after = compute_day (store, PW_GROUP_NONE, 1, 0);
  g_assert_false (pw_figures_is_empty (after));
  g_assert_null (pw_figures_get_main_earnings (after));
}

/* A session that started the evening before: its gap counts today, and it
 * is no new session. */
static void
test_session_from_day_before (Fixture       *fixture,
                              gconstpointer  data)
{
  PwStore *store = fixture->store;
  g_autoptr (PwFigures) day = NULL;

  pw_test_task (store, "a-1", "t1", "p-cars", 40000, "USD", "synced");
  pw_test_task (store, "a-1", "t2", "p-cars", 40000, "USD", "synced");
  /* 23:50-23:58 the day before, then 00:05-00:07: a gap of 7 minutes. */
  pw_test_time (store, "task", "a-1", "t1", "p-cars", pw_test_at (-1, 23, 50, 0), pw_test_at (-1, 23, 58, 0), TRUE);
  pw_test_time (store, "task", "a-1", "t2", "p-cars", pw_test_at (0, 0, 5, 0), pw_test_at (0, 0, 7, 0), TRUE);

  day = compute_day (store, PW_GROUP_NONE, 1, 0);
  g_assert_cmpint (day->task_us, ==, S (120));
  g_assert_cmpint (day->gap_us, ==, S (420));
  g_assert_cmpuint (day->n_sessions, ==, 0);
  /* No statement entry yet for t2: it awaits one, at its pay. */
  g_assert_cmpint (pw_figures_get_earnings (day, "USD")->awaiting_micro, ==, 40000);
}

/* Days are local: at +02:00, 22:30 UTC is already the next day. */
static void
test_days_are_local (Fixture       *fixture,
                     gconstpointer  data)
{
  PwStore *store = fixture->store;
  g_autoptr (GTimeZone) tz = g_time_zone_new_identifier ("+02:00");
  g_autoptr (GPtrArray) days = NULL;
  g_autoptr (GError) error = NULL;
  PwFigures *first, *second;

  pw_test_entry (store, "a-1", "e1", "task", "paid", "t1", "p", 1000, "USD", pw_test_at (0, 21, 30, 0), -1);
  pw_test_entry (store, "a-1", "e2", "task", "paid", "t2", "p", 2000, "USD", pw_test_at (0, 22, 30, 0), -1);

  /* Local 2026-03-02 00:00 to 2026-03-04 00:00 is 22:00 UTC on the 1st to
   * 22:00 UTC on the 3rd. */
  prepare_read (store);
  days = pw_figures_compute (store, pw_test_at (-1, 22, 0, 0), pw_test_at (1, 22, 0, 0),
                             PW_GROUP_DAY, tz, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (days->len, ==, 2);
  first = days->pdata[0];
  second = days->pdata[1];
  g_assert_cmpstr (first->key, ==, "2026-03-02");
  g_assert_cmpstr (second->key, ==, "2026-03-03");
  g_assert_cmpint (first->end, ==, second->start);
  g_assert_cmpint (pw_figures_get_earnings (first, "USD")->paid_micro, ==, 1000);
  g_assert_cmpint (pw_figures_get_earnings (second, "USD")->paid_micro, ==, 2000);
}

static void
test_periods (void)
{
  g_autoptr (GTimeZone) tz = g_time_zone_new_identifier ("+02:00");
  /* Wednesday 2026-03-04 15:20 local. */
  g_autoptr (GDateTime) at = g_date_time_new (tz, 2026, 3, 4, 15, 20, 0);
  g_autoptr (GDateTime) monday = g_date_time_new (tz, 2026, 3, 2, 0, 0, 0);
  g_autoptr (GDateTime) first = g_date_time_new (tz, 2026, 3, 1, 0, 0, 0);
  g_autoptr (GDateTime) april = g_date_time_new (tz, 2026, 4, 1, 0, 0, 0);
  gint64 start, end;
  PwPeriod period;

  pw_period_bounds (PW_PERIOD_WEEK, at, &start, &end);
  g_assert_cmpint (start, ==, g_date_time_to_unix (monday) * G_USEC_PER_SEC);
  g_assert_cmpint (end - start, ==, G_GINT64_CONSTANT (7) * 24 * 3600 * G_USEC_PER_SEC);
  pw_period_bounds (PW_PERIOD_MONTH, at, &start, &end);
  g_assert_cmpint (start, ==, g_date_time_to_unix (first) * G_USEC_PER_SEC);
  g_assert_cmpint (end, ==, g_date_time_to_unix (april) * G_USEC_PER_SEC);
  pw_period_bounds (PW_PERIOD_DAY, at, &start, &end);
  g_assert_cmpint (end - start, ==, G_GINT64_CONSTANT (24) * 3600 * G_USEC_PER_SEC);

  g_assert_true (pw_period_from_string ("year", &period));
  g_assert_cmpint (period, ==, PW_PERIOD_YEAR);
  g_assert_cmpstr (pw_period_to_string (PW_PERIOD_WEEK), ==, "week");
  g_assert_false (pw_period_from_string ("fortnight", &period));
}

/* A day with a clock change is 23 hours long. */
static void
test_day_with_clock_change (void)
{
  g_autoptr (GTimeZone) tz = g_time_zone_new_identifier ("Europe/Berlin");
  g_autoptr (GDateTime) at = NULL;
  gint64 start, end;

  if (tz == NULL || g_strcmp0 (g_time_zone_get_identifier (tz), "Europe/Berlin") != 0)
    {
      g_test_skip ("The time zone data has no Europe/Berlin");
      return;
    }
  at = g_date_time_new (tz, 2026, 3, 29, 12, 0, 0);
  pw_period_bounds (PW_PERIOD_DAY, at, &start, &end);
  g_assert_cmpint (end - start, ==, G_GINT64_CONSTANT (23) * 3600 * G_USEC_PER_SEC);
}

static void
on_computed (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  *slot = g_object_ref (result);
}

static void
test_async_and_cancel (Fixture       *fixture,
                       gconstpointer  data)
{
  PwStore *store = fixture->store;
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GAsyncResult) cancelled_result = NULL;
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr (GPtrArray) figures = NULL;
  g_autoptr (GPtrArray) none = NULL;
  g_autoptr (GError) error = NULL;

  add_fixture_day (store);
  prepare_read (store);
  pw_figures_compute_async (store, pw_test_at (0, 0, 0, 0), pw_test_at (1, 0, 0, 0),
                            PW_GROUP_NONE, utc, NULL, on_computed, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  figures = pw_figures_compute_finish (store, result, &error);
  g_assert_no_error (error);
  g_assert_cmpint (pw_figures_get_earnings (figures->pdata[0], "USD")->earned_micro, ==, 91845);

  g_cancellable_cancel (cancellable);
  pw_figures_compute_async (store, pw_test_at (0, 0, 0, 0), pw_test_at (1, 0, 0, 0),
                            PW_GROUP_NONE, utc, cancellable, on_computed, &cancelled_result);
  while (cancelled_result == NULL)
    g_main_context_iteration (NULL, TRUE);
  none = pw_figures_compute_finish (store, cancelled_result, &error);
  g_assert_null (none);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

}

static void
test_recent (Fixture       *fixture,
             gconstpointer  data)
{
  PwStore *store = fixture->store;
  g_autoptr (GTimeZone) utc = g_time_zone_new_utc ();
  /* Tuesday 2026-03-03, 08:00: the fixture day is yesterday. */
  g_autoptr (GDateTime) now = g_date_time_new (utc, 2026, 3, 3, 8, 0, 0);
  g_autoptr (PwRecentFigures) recent = NULL;
  g_autoptr (GError) error = NULL;
  PwFigures *last;

  add_fixture_day (store);
  /* 0.10 USD paid on Friday 2026-02-27, for 600 s: last week, last month. */
  pw_test_time (store, "task", "a-1", "f1", "p-cars", pw_test_at (-3, 9, 0, 0), pw_test_at (-3, 9, 10, 0), TRUE);
  pw_test_entry (store, "a-1", "f1", "task", "paid", "f1", "p-cars", 100000, "USD", pw_test_at (-3, 9, 30, 0), -1);
  /* Today: 0.02 USD approved for 60 s. */
  pw_test_time (store, "task", "a-1", "g1", "p-cars", pw_test_at (1, 7, 0, 0), pw_test_at (1, 7, 1, 0), TRUE);
  pw_test_entry (store, "a-1", "g1", "task", "approved", "g1", "p-cars", 20000, "USD", pw_test_at (1, 7, 30, 0), -1);

  prepare_read (store);
  recent = pw_recent_figures_load (store, now, NULL, &error);
  g_assert_no_error (error);

  /* Today: 20000 for 60 s = 1.20 USD per hour. */
  g_assert_cmpint (pw_figures_get_earnings (recent->today, "USD")->effective_rate_micro, ==, 1200000);
  /* Yesterday: the fixture day. */
  g_assert_cmpint (recent->previous_day->all_us, ==, S (7080));
  g_assert_cmpint (pw_figures_get_earnings (recent->previous_day, "USD")->earned_micro, ==, 91845);
  /* This week: Monday and Tuesday. Last week: Friday's task, 600 s. */
  g_assert_cmpint (pw_figures_get_earnings (recent->week, "USD")->earned_micro, ==, 111845);
  g_assert_cmpint (recent->previous_week->task_us, ==, S (600));
  g_assert_cmpint (pw_figures_get_earnings (recent->previous_week, "USD")->effective_rate_micro, ==, 600000);
  /* This month started on Sunday; February is the month before. */
  g_assert_cmpint (recent->month->all_us, ==, S (7080 + 60));
  g_assert_cmpint (recent->previous_month->start, ==, pw_test_at (-29, 0, 0, 0));
  g_assert_cmpint (pw_figures_get_earnings (recent->previous_month, "USD")->paid_micro, ==, 100000);

  /* 30 days ending today, oldest first. */
  g_assert_cmpuint (recent->daily->len, ==, PW_RECENT_DAYS);
  last = recent->daily->pdata[PW_RECENT_DAYS - 1];
  g_assert_cmpstr (last->key, ==, "2026-03-03");
  g_assert_cmpstr (((PwFigures *) recent->daily->pdata[PW_RECENT_DAYS - 2])->key, ==, "2026-03-02");
  g_assert_cmpstr (((PwFigures *) recent->daily->pdata[0])->key, ==, "2026-02-02");
  g_assert_cmpint (pw_figures_get_earnings (last, "USD")->approved_micro, ==, 20000);

  /* The month's projects: as by project above, with g1 in p-cars. */
  g_assert_cmpuint (recent->projects->len, ==, 6);
  g_assert_cmpstr (((PwFigures *) recent->projects->pdata[2])->key, ==, "p-cars");
  g_assert_cmpint (((PwFigures *) recent->projects->pdata[2])->task_us, ==, S (780 + 60));
}

static void
test_period_summary (Fixture       *fixture,
                     gconstpointer  data)
{
  PwStore *store = fixture->store;
  g_autoptr (GTimeZone) utc = g_time_zone_new_utc ();
  /* Tuesday 2026-03-03: its week holds the fixture day. */
  g_autoptr (GDateTime) at = g_date_time_new (utc, 2026, 3, 3, 8, 0, 0);
  g_autoptr (PwPeriodSummary) week = NULL;
  g_autoptr (PwPeriodSummary) year = NULL;
  g_autoptr (GError) error = NULL;

  add_fixture_day (store);
  /* 0.10 USD paid on Friday 2026-02-27, for 600 s: the week before. */
  pw_test_time (store, "task", "a-1", "f1", "p-cars", pw_test_at (-3, 9, 0, 0), pw_test_at (-3, 9, 10, 0), TRUE);
  pw_test_entry (store, "a-1", "f1", "task", "paid", "f1", "p-cars", 100000, "USD", pw_test_at (-3, 9, 30, 0), -1);

  prepare_read (store);
  week = pw_period_summary_load (store, PW_PERIOD_WEEK, at, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (week->period, ==, PW_PERIOD_WEEK);
  g_assert_cmpint (week->current->start, ==, pw_test_at (0, 0, 0, 0));
  g_assert_cmpint (week->current->end, ==, pw_test_at (7, 0, 0, 0));
  g_assert_cmpint (week->current->all_us, ==, S (7080));
  g_assert_cmpint (pw_figures_get_earnings (week->current, "USD")->earned_micro, ==, 91845);
  /* Medians of the period and of its projects, as the fixture day has. */
  g_assert_cmpint (week->current->median_task_us, ==, S (180));
  /* The week before, for its rate: 0.10 USD for 600 s. */
  g_assert_nonnull (week->previous);
  g_assert_cmpint (week->previous->start, ==, pw_test_at (-7, 0, 0, 0));
  g_assert_cmpint (pw_figures_get_earnings (week->previous, "USD")->effective_rate_micro, ==, 600000);
  /* The projects of the week, without the week before's task. */
  g_assert_cmpuint (week->projects->len, ==, 6);
  g_assert_cmpstr (((PwFigures *) week->projects->pdata[2])->key, ==, "p-cars");
  g_assert_cmpint (((PwFigures *) week->projects->pdata[2])->task_us, ==, S (780));
  g_assert_cmpint (((PwFigures *) week->projects->pdata[2])->median_task_us, ==, S (120));

  /* A year stands alone. */
  year = pw_period_summary_load (store, PW_PERIOD_YEAR, at, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (year->previous);
  g_assert_cmpint (pw_figures_get_earnings (year->current, "USD")->earned_micro, ==, 191845);
}

static void
add_test (const char *path,
          void      (*test) (Fixture *, gconstpointer))
{
  g_autofree char *packed = g_strconcat ("/figures/packed", path + strlen ("/figures"), NULL);

  g_test_add (path, Fixture, GINT_TO_POINTER (FALSE), fixture_set_up, test, fixture_tear_down);
  g_test_add (packed, Fixture, GINT_TO_POINTER (TRUE), fixture_set_up, test, fixture_tear_down);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  add_test ("/figures/day/hours", test_day_hours);
  add_test ("/figures/day/money", test_day_money);
  add_test ("/figures/rejection-makes-time-unpaid", test_rejection_makes_time_unpaid);
  add_test ("/figures/status-changes-twice", test_status_changes_twice);
  add_test ("/figures/by-project", test_by_project);
  add_test ("/figures/by-account", test_by_account);
  add_test ("/figures/too-large-to-add-up", test_too_large_to_add_up);
  /* Nothing to pack. */
  g_test_add ("/figures/empty", Fixture, GINT_TO_POINTER (FALSE), fixture_set_up, test_empty,
              fixture_tear_down);
  add_test ("/figures/session-from-day-before", test_session_from_day_before);
  add_test ("/figures/days-are-local", test_days_are_local);
  g_test_add_func ("/figures/periods", test_periods);
  g_test_add_func ("/figures/day-with-clock-change", test_day_with_clock_change);
  add_test ("/figures/async-and-cancel", test_async_and_cancel);
  add_test ("/figures/recent", test_recent);
  add_test ("/figures/period-summary", test_period_summary);

  return g_test_run ();
}
