/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include "../store/pw-store-test.h"
#include "pw-figures-test.h"

/* The worker's own figures in the figures: accepted work on servers that
 * keep no statement, priced by the worker's rates, counts in the totals
 * and the rates as a statement entry does, is said apart as own, counts in
 * no approval rate, and never doubles a statement's entry for a task.
 *
 * The day (UTC, 2026-03-02), two accounts:
 *   cvat  c1 job-1  09:00-09:30 on it, accepted 09:31   job-1: 12 EUR/h
 *   cvat  c2 job-2  09:40-09:50,       accepted 09:51   cvat: 0.50 EUR/task
 *   cvat  c3 job-2  10:00-10:05,       still pending
 *   a-1   t1 p-1    11:00-11:10,       accepted 11:11, statement 0.04 USD
 *   a-1   t2 p-1    11:20-11:30,       accepted 11:31   a-1: 0.03 USD/task
 * One session to 10:05 with gaps of 10 + 10 minutes, another from 11:00
 * with a gap of 10: 65 minutes on tasks, 95 in all. */

#define MINUTES(n) ((gint64) (n) * 60 * G_USEC_PER_SEC)

typedef struct
{
  PwStore *store;
} Fixture;

static gboolean packing;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->store = pw_store_test_open_new ("own-figures");
  packing = GPOINTER_TO_INT (data);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  pw_store_test_close (&fixture->store);
}

static void
accepted (PwStore    *store,
          const char *account_id,
          const char *task_id,
          const char *project_id,
          int         start_hour,
          int         start_minute,
          int         minutes,
          const char *state)
{
  gint64 start = pw_test_at (0, start_hour, start_minute, 0);

  pw_test_task (store, account_id, task_id, project_id, 0, NULL,
                g_str_equal (state, "done") ? "synced" : "submitted");
  pw_test_time (store, "task", account_id, task_id, project_id, start, start + MINUTES (minutes),
                TRUE);
  pw_test_exec (store, "INSERT INTO submissions (account_id, task_id, claim_id, "
                       "idempotency_key, body, state, created_at) "
                       "VALUES (%Q, %Q, 'c', 'k-' || %Q, '{}', %Q, %lld)",
                account_id, task_id, task_id, state,
                (long long) (start + MINUTES (minutes + 1)));
}

static void
rate (PwStore    *store,
      const char *account_id,
      const char *project_id,
      const char *amount,
      const char *currency,
      PwRateUnit  unit)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PwRate) rate = NULL;
  PwMoney money;

  g_assert_true (pw_money_parse (&money, amount, currency, &error));
  rate = pw_rate_new (account_id, project_id, &money, unit, 0);
  pw_store_set_rate (store, rate);
}

static void
add_day (PwStore *store)
{
  pw_test_account (store, "cvat", "Client CVAT");
  pw_test_account (store, "a-1", "Alpha");
  accepted (store, "cvat", "c1", "job-1", 9, 0, 30, "done");
  accepted (store, "cvat", "c2", "job-2", 9, 40, 10, "done");
  accepted (store, "cvat", "c3", "job-2", 10, 0, 5, "pending");
  accepted (store, "a-1", "t1", "p-1", 11, 0, 10, "done");
  accepted (store, "a-1", "t2", "p-1", 11, 20, 10, "done");
  pw_test_entry (store, "a-1", "e1", "task", "approved", "t1", "p-1", 40000, "USD",
                 pw_test_at (0, 12, 0, 0), -1);
  rate (store, "cvat", NULL, "0.50", "EUR", PW_RATE_PER_TASK);
  rate (store, "cvat", "job-1", "12", "EUR", PW_RATE_PER_HOUR);
  rate (store, "a-1", NULL, "0.03", "USD", PW_RATE_PER_TASK);
}

static GPtrArray *
compute (PwStore    *store,
         PwGrouping  grouping)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GTimeZone) utc = g_time_zone_new_utc ();
  GPtrArray *figures;
  gint64 n_packs = 0;

  if (packing)
    {
      /* The own entries are made, then packed; reading them again must
       * change no row, so every pack stays. */
      pw_store_refresh_own_figures (store);
      pw_test_pack (store);
      n_packs = pw_test_count (store, "SELECT count(*) FROM figure_packs");
    }
  figures = pw_figures_compute (store, pw_test_at (0, 0, 0, 0), pw_test_at (1, 0, 0, 0),
                                grouping, utc, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (figures);
  if (packing)
    g_assert_cmpint (pw_test_count (store, "SELECT count(*) FROM figure_packs"), ==, n_packs);
  return figures;
}

static void
test_totals (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr (GPtrArray) all = NULL;
  PwFigures *day;
  const PwEarnings *eur, *usd;

  add_day (fixture->store);
  all = compute (fixture->store, PW_GROUP_NONE);
  g_assert_cmpuint (all->len, ==, 1);
  day = all->pdata[0];

  g_assert_cmpint (day->task_us, ==, MINUTES (65));
  g_assert_cmpint (day->all_us, ==, MINUTES (95));
  /* c1, c2, t1 and t2; c3 waits for the server. */
  g_assert_cmpuint (day->n_tasks_done, ==, 4);
  g_assert_cmpuint (day->n_own_tasks, ==, 3);
  /* Only the statement's entry was reviewed. */
  g_assert_cmpuint (day->n_reviewed, ==, 1);
  g_assert_cmpuint (day->n_approved, ==, 1);
  /* Time on tasks priced by a rate is paid work, not awaiting or lost. */
  g_assert_cmpint (day->lost_task_us, ==, 0);
  g_assert_cmpint (day->unpaid_task_us, ==, MINUTES (5));

  /* 30 minutes at 12 EUR/h, and 0.50 for c2. */
  eur = pw_figures_get_earnings (day, "EUR");
  g_assert_nonnull (eur);
  g_assert_cmpint (eur->earned_micro, ==, 6500000);
  g_assert_cmpint (eur->own_micro, ==, 6500000);
  g_assert_cmpint (eur->approved_micro, ==, 6500000);
  g_assert_cmpint (eur->task_pay_micro, ==, 6500000);
  /* 6.50 EUR over 95 minutes. */
  g_assert_cmpint (eur->effective_rate_micro, ==, 4105263);

  /* t1 keeps its statement's 0.04, once; t2 is filled in at 0.03. */
  usd = pw_figures_get_earnings (day, "USD");
  g_assert_nonnull (usd);
  g_assert_cmpint (usd->earned_micro, ==, 70000);
  g_assert_cmpint (usd->task_pay_micro, ==, 70000);
  g_assert_cmpint (usd->own_micro, ==, 30000);
  g_assert_cmpint (usd->awaiting_micro, ==, 0);
}

static void
test_by_project (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr (GPtrArray) projects = NULL;

  add_day (fixture->store);
  projects = compute (fixture->store, PW_GROUP_PROJECT);
  /* By account id then project: a-1/p-1, cvat/job-1, cvat/job-2. */
  g_assert_cmpuint (projects->len, ==, 3);
  g_assert_cmpstr (((PwFigures *) projects->pdata[1])->project_id, ==, "job-1");
  g_assert_cmpint (pw_figures_get_earnings (projects->pdata[1], "EUR")->own_micro, ==, 6000000);
  g_assert_cmpstr (((PwFigures *) projects->pdata[2])->project_id, ==, "job-2");
  g_assert_cmpint (pw_figures_get_earnings (projects->pdata[2], "EUR")->own_micro, ==, 500000);
  g_assert_cmpint (pw_figures_get_earnings (projects->pdata[0], "USD")->own_micro, ==, 30000);
}

/* A statement that comes later for an own-priced task takes its place. */
static void
test_statement_replaces_own (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr (GPtrArray) before = NULL;
  g_autoptr (GPtrArray) after = NULL;
  const PwEarnings *usd;

  add_day (fixture->store);
  before = compute (fixture->store, PW_GROUP_NONE);
  g_assert_cmpint (pw_figures_get_earnings (before->pdata[0], "USD")->own_micro, ==, 30000);

  pw_test_entry (fixture->store, "a-1", "e2", "task", "pending", "t2", "p-1", 45000, "USD",
                 pw_test_at (0, 13, 0, 0), -1);
  after = compute (fixture->store, PW_GROUP_NONE);
  usd = pw_figures_get_earnings (after->pdata[0], "USD");
  g_assert_cmpint (usd->own_micro, ==, 0);
  g_assert_cmpint (usd->earned_micro, ==, 40000);
  g_assert_cmpint (usd->pending_micro, ==, 45000);
  g_assert_cmpint (usd->task_pay_micro, ==, 85000);
  g_assert_cmpuint (((PwFigures *) after->pdata[0])->n_tasks_done, ==, 4);
  g_assert_cmpuint (((PwFigures *) after->pdata[0])->n_own_tasks, ==, 2);
}

static void
add_test (const char *path,
          void      (*test) (Fixture *, gconstpointer))
{
  g_autofree char *packed = g_strconcat (path, "/packed", NULL);

  g_test_add (path, Fixture, GINT_TO_POINTER (FALSE), fixture_set_up, test, fixture_tear_down);
  g_test_add (packed, Fixture, GINT_TO_POINTER (TRUE), fixture_set_up, test, fixture_tear_down);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  add_test ("/own-figures/totals", test_totals);
  add_test ("/own-figures/by-project", test_by_project);
  add_test ("/own-figures/statement-replaces-own", test_statement_replaces_own);

  return g_test_run ();
}
