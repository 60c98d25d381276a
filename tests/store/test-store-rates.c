/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <sqlite3.h>

#include "pw-ledger-test.h"
#include "pw-store-test.h"
#include "store/pw-store-private.h"

/* The worker's own rates, and the ledger entries they make of accepted
 * work: overrides, dates, per task and per hour, and never a second figure
 * for a task a statement covers. */

#define ACCOUNT "cvat-1"
#define DAY G_GINT64_CONSTANT (1772409600000000) /* 2026-03-02 00:00 UTC */
#define AT(day, hour) (DAY + ((gint64) (day) * 24 + (hour)) * 3600 * G_USEC_PER_SEC)
#define MINUTES(n) ((gint64) (n) * 60 * G_USEC_PER_SEC)

static void
exec (PwStore    *store,
      const char *format,
      ...)
{
  g_autoptr (GError) error = NULL;
  char *sql;
  gboolean ok;
  va_list args;

  va_start (args, format);
  sql = sqlite3_vmprintf (format, args);
  va_end (args);
  ok = _pw_store_exec_on_writer (store, sql, &error);
  sqlite3_free (sql);
  g_assert_no_error (error);
  g_assert_true (ok);
}

/* A task of @project_id submitted at @at in @state, as the outbox leaves it. */
static void
submit (PwStore    *store,
        const char *task_id,
        const char *project_id,
        gint64      at,
        const char *state)
{
  exec (store, "INSERT OR IGNORE INTO tasks (account_id, task_id, claim_id, project_id, kind, "
               "state, updated_at) VALUES (%Q, %Q, 'c-' || %Q, %Q, 'image', 'synced', %lld)",
        ACCOUNT, task_id, task_id, project_id, (long long) at);
  exec (store, "INSERT INTO submissions (account_id, task_id, claim_id, idempotency_key, body, "
               "state, created_at) VALUES (%Q, %Q, 'c-' || %Q, %Q || %lld, '{}', %Q, %lld)",
        ACCOUNT, task_id, task_id, task_id, (long long) at, state, (long long) at);
}

static void
work (PwStore    *store,
      const char *task_id,
      gint64      start,
      gint64      length)
{
  exec (store, "INSERT INTO time_entries (kind, account_id, task_id, started_at, ended_at, "
               "paid, updated_at) VALUES ('task', %Q, %Q, %lld, %lld, 1, %lld)",
        ACCOUNT, task_id, (long long) start, (long long) (start + length),
        (long long) (start + length));
}

static void
set_rate (PwStore    *store,
          const char *project_id,
          const char *amount,
          const char *currency,
          PwRateUnit  unit,
          gint64      since)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PwRate) rate = NULL;
  PwMoney money;

  g_assert_true (pw_money_parse (&money, amount, currency, &error));
  g_assert_no_error (error);
  rate = pw_rate_new (ACCOUNT, project_id, &money, unit, since);
  g_assert_true (pw_rate_check (rate, &error));
  g_assert_no_error (error);
  pw_store_set_rate (store, rate);
}

/* The own entry of @task_id's accepted submission, or -1 without one. */
static gint64
own_amount (PwStore    *store,
            const char *task_id)
{
  pw_store_refresh_own_figures (store);
  return pw_ledger_test_int (store, "SELECT coalesce ((SELECT amount_micro FROM ledger_entries "
                                    "WHERE own = 1 AND account_id = '" ACCOUNT "' "
                                    "AND task_id = '%s'), -1)", task_id);
}

static void
assert_string (PwStore    *store,
               const char *sql,
               const char *expected)
{
  g_autofree char *found = pw_ledger_test_string (store, "%s", sql);

  g_assert_cmpstr (found, ==, expected);
}

static GPtrArray *
list_rates (PwStore *store)
{
  g_autoptr (GError) error = NULL;
  GPtrArray *rates = pw_store_list_rates (store, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (rates);
  return rates;
}

static void
test_rates_crud (void)
{
  PwStore *store = pw_store_test_open_new ("rates");
  g_autoptr (GPtrArray) rates = NULL;
  const PwRate *rate;

  set_rate (store, NULL, "0.05", "EUR", PW_RATE_PER_TASK, AT (0, 0));
  set_rate (store, "job-7", "12", "EUR", PW_RATE_PER_HOUR, AT (0, 0));
  set_rate (store, NULL, "0.06", "EUR", PW_RATE_PER_TASK, AT (2, 0));
  /* The same start again replaces the rate. */
  set_rate (store, NULL, "0.07", "EUR", PW_RATE_PER_TASK, AT (2, 0));

  rates = list_rates (store);
  g_assert_cmpuint (rates->len, ==, 3);
  rate = rates->pdata[0];
  g_assert_cmpstr (rate->account_id, ==, ACCOUNT);
  g_assert_null (rate->project_id);
  g_assert_cmpint (rate->amount.micro, ==, 50000);
  g_assert_cmpstr (rate->amount.currency, ==, "EUR");
  g_assert_cmpint (rate->unit, ==, PW_RATE_PER_TASK);
  g_assert_cmpint (rate->since, ==, AT (0, 0));
  g_assert_cmpint (rate->updated_at, >, 0);
  rate = rates->pdata[1];
  g_assert_cmpint (rate->amount.micro, ==, 70000);
  g_assert_cmpint (rate->since, ==, AT (2, 0));
  rate = rates->pdata[2];
  g_assert_cmpstr (rate->project_id, ==, "job-7");
  g_assert_cmpint (rate->unit, ==, PW_RATE_PER_HOUR);
  g_clear_pointer (&rates, g_ptr_array_unref);

  pw_store_delete_rate (store, ACCOUNT, NULL, AT (2, 0));
  rates = list_rates (store);
  g_assert_cmpuint (rates->len, ==, 2);
  g_clear_pointer (&rates, g_ptr_array_unref);

  /* Another account's rates are apart. */
  {
    g_autoptr (GError) error = NULL;
    g_autoptr (GPtrArray) none = pw_store_list_rates (store, "other", &error);

    g_assert_no_error (error);
    g_assert_cmpuint (none->len, ==, 0);
  }

  pw_store_test_close (&store);
}

static void
test_rates_check (void)
{
  g_autoptr (GError) error = NULL;
  PwMoney money = { -1, "EUR" };
  g_autoptr (PwRate) negative = pw_rate_new (ACCOUNT, NULL, &money, PW_RATE_PER_TASK, 0);
  g_autoptr (PwRate) no_currency = NULL;
  PwRateUnit unit;

  g_assert_false (pw_rate_check (negative, &error));
  g_assert_error (error, PW_ERROR, PW_ERROR_INVALID_DATA);
  g_clear_error (&error);

  money.micro = 1;
  g_strlcpy (money.currency, "eu", sizeof money.currency);
  no_currency = pw_rate_new (ACCOUNT, "", &money, PW_RATE_PER_TASK, 0);
  /* An empty project is the whole account. */
  g_assert_null (no_currency->project_id);
  g_assert_false (pw_rate_check (no_currency, &error));
  g_assert_error (error, PW_ERROR, PW_ERROR_INVALID_DATA);

  g_assert_true (pw_rate_unit_from_string ("hour", &unit));
  g_assert_cmpint (unit, ==, PW_RATE_PER_HOUR);
  g_assert_false (pw_rate_unit_from_string ("day", &unit));
}

/* A project's rate overrides its account's, each from its own date on. */
static void
test_rates_find (void)
{
  PwStore *store = pw_store_test_open_new ("rates");
  g_autoptr (GPtrArray) rates = NULL;

  set_rate (store, NULL, "0.05", "EUR", PW_RATE_PER_TASK, AT (0, 0));
  set_rate (store, NULL, "0.06", "EUR", PW_RATE_PER_TASK, AT (2, 0));
  set_rate (store, "job-7", "0.10", "EUR", PW_RATE_PER_TASK, AT (1, 0));
  rates = list_rates (store);

  g_assert_null (pw_rates_find (rates, ACCOUNT, NULL, AT (0, 0) - 1));
  g_assert_null (pw_rates_find (rates, "other", NULL, AT (5, 0)));
  g_assert_cmpint (pw_rates_find (rates, ACCOUNT, NULL, AT (0, 5))->amount.micro, ==, 50000);
  g_assert_cmpint (pw_rates_find (rates, ACCOUNT, "job-8", AT (3, 0))->amount.micro, ==, 60000);
  /* Before the project's own rate, the account's holds. */
  g_assert_cmpint (pw_rates_find (rates, ACCOUNT, "job-7", AT (0, 5))->amount.micro, ==, 50000);
  g_assert_cmpint (pw_rates_find (rates, ACCOUNT, "job-7", AT (1, 0))->amount.micro, ==, 100000);
  g_assert_cmpint (pw_rates_find (rates, ACCOUNT, "job-7", AT (3, 0))->amount.micro, ==, 100000);

  pw_store_test_close (&store);
}

/* Per task: one entry per accepted submission, at the rate of its date. */
static void
test_own_per_task (void)
{
  PwStore *store = pw_store_test_open_new ("rates");
  gint64 updated_at;

  submit (store, "t1", "job-7", AT (0, 9), "done");
  submit (store, "t2", "job-8", AT (2, 9), "done");
  submit (store, "t3", "job-8", AT (2, 10), "pending");
  submit (store, "t4", "job-8", AT (2, 11), "conflict");

  /* No rate, no figure. */
  g_assert_cmpint (own_amount (store, "t1"), ==, -1);

  set_rate (store, NULL, "0.05", "EUR", PW_RATE_PER_TASK, AT (0, 0));
  g_assert_cmpint (own_amount (store, "t1"), ==, 50000);
  g_assert_cmpint (own_amount (store, "t2"), ==, 50000);
  /* Only work the server accepted counts. */
  g_assert_cmpint (own_amount (store, "t3"), ==, -1);
  g_assert_cmpint (own_amount (store, "t4"), ==, -1);
  assert_string (store, "SELECT type || ' ' || status || ' ' || currency || ' ' || project_id "
                        "FROM ledger_entries WHERE task_id = 't1'", "task approved EUR job-7");
  g_assert_cmpint (pw_ledger_test_int (store, "SELECT at FROM ledger_entries "
                                              "WHERE task_id = 't1'"), ==, AT (0, 9));

  /* A new rate from day 1 on: earlier work keeps the earlier rate. */
  set_rate (store, NULL, "0.08", "EUR", PW_RATE_PER_TASK, AT (1, 0));
  g_assert_cmpint (own_amount (store, "t1"), ==, 50000);
  g_assert_cmpint (own_amount (store, "t2"), ==, 80000);

  /* The project's rate overrides the account's. */
  set_rate (store, "job-8", "0.12", "USD", PW_RATE_PER_TASK, AT (0, 0));
  g_assert_cmpint (own_amount (store, "t2"), ==, 120000);
  assert_string (store, "SELECT currency FROM ledger_entries WHERE task_id = 't2'", "USD");
  g_assert_cmpint (own_amount (store, "t1"), ==, 50000);

  /* Refreshing again changes nothing. */
  updated_at = pw_ledger_test_int (store, "SELECT max (updated_at) FROM ledger_entries");
  pw_store_refresh_own_figures (store);
  g_assert_cmpint (pw_ledger_test_int (store, "SELECT max (updated_at) FROM ledger_entries"), ==,
                   updated_at);
  g_assert_cmpint (pw_ledger_test_int (store, "SELECT count (*) FROM ledger_entries"), ==, 2);

  /* Without the project's rate, the account's holds again. */
  pw_store_delete_rate (store, ACCOUNT, "job-8", AT (0, 0));
  g_assert_cmpint (own_amount (store, "t2"), ==, 80000);
  /* Without any rate, no figure is left. */
  pw_store_delete_rate (store, ACCOUNT, NULL, AT (0, 0));
  pw_store_delete_rate (store, ACCOUNT, NULL, AT (1, 0));
  g_assert_cmpint (own_amount (store, "t2"), ==, -1);
  g_assert_cmpint (pw_ledger_test_int (store, "SELECT count (*) FROM ledger_entries"), ==, 0);

  pw_store_test_close (&store);
}

/* Per hour: the activity clock's time on the task up to its accepted
 * submission, since the one before. */
static void
test_own_per_hour (void)
{
  PwStore *store = pw_store_test_open_new ("rates");

  work (store, "t1", AT (0, 9), MINUTES (30));
  work (store, "t1", AT (0, 10), MINUTES (15));
  submit (store, "t1", "job-7", AT (0, 11), "done");
  /* The same task again later, after the server handed it out anew. */
  work (store, "t1", AT (1, 9), MINUTES (20));
  submit (store, "t1", "job-7", AT (1, 10), "done");
  /* Paid at no time measured: no figure. */
  submit (store, "t2", "job-7", AT (0, 12), "done");

  set_rate (store, "job-7", "12", "EUR", PW_RATE_PER_HOUR, AT (0, 0));
  pw_store_refresh_own_figures (store);

  /* 45 min × 12 EUR/h = 9 EUR, then 20 min = 4 EUR. */
  g_assert_cmpint (pw_ledger_test_int (store, "SELECT sum (amount_micro) FROM ledger_entries "
                                              "WHERE own = 1 AND at = %" G_GINT64_FORMAT,
                                       AT (0, 11)), ==, 9000000);
  g_assert_cmpint (pw_ledger_test_int (store, "SELECT sum (amount_micro) FROM ledger_entries "
                                              "WHERE own = 1 AND at = %" G_GINT64_FORMAT,
                                       AT (1, 10)), ==, 4000000);
  g_assert_cmpint (own_amount (store, "t2"), ==, -1);

  /* Time corrected in the log changes the figure. */
  exec (store, "DELETE FROM time_entries WHERE started_at = %lld", (long long) AT (0, 10));
  pw_store_refresh_own_figures (store);
  g_assert_cmpint (pw_ledger_test_int (store, "SELECT sum (amount_micro) FROM ledger_entries "
                                              "WHERE own = 1 AND at = %" G_GINT64_FORMAT,
                                       AT (0, 11)), ==, 6000000);

  pw_store_test_close (&store);
}

/* A task the statement covers keeps the statement's figure, once. */
static void
test_own_yields_to_statement (void)
{
  PwStore *store = pw_store_test_open_new ("rates");

  submit (store, "t1", "p-1", AT (0, 9), "done");
  submit (store, "t2", "p-1", AT (0, 10), "done");
  set_rate (store, NULL, "0.05", "USD", PW_RATE_PER_TASK, AT (0, 0));
  g_assert_cmpint (own_amount (store, "t1"), ==, 50000);
  g_assert_cmpint (own_amount (store, "t2"), ==, 50000);

  /* The statement comes for t1: its own figure goes, the statement's
   * stays, and t2 is still filled in by the rate. */
  pw_ledger_test_merge (store, ACCOUNT, NULL,
                        pw_ledger_test_entry ("e-1", "task", "t1", "pending", "0.04", "USD",
                                              "2026-03-02T12:00:00Z", NULL), NULL);
  g_assert_cmpint (own_amount (store, "t1"), ==, -1);
  g_assert_cmpint (own_amount (store, "t2"), ==, 50000);
  g_assert_cmpint (pw_ledger_test_int (store, "SELECT count (*) FROM ledger_entries "
                                              "WHERE task_id = 't1'"), ==, 1);
  g_assert_cmpint (pw_ledger_test_int (store, "SELECT amount_micro FROM ledger_entries "
                                              "WHERE task_id = 't1'"), ==, 40000);

  /* A statement entry whose id looks like an own one takes the row as
   * the statement's. */
  pw_ledger_test_merge (store, ACCOUNT, NULL,
                        pw_ledger_test_entry ("own:2", "bonus", NULL, "paid", "1.00", "USD",
                                              "2026-03-02T13:00:00Z", NULL), NULL);
  pw_store_refresh_own_figures (store);
  g_assert_cmpint (pw_ledger_test_int (store, "SELECT own FROM ledger_entries "
                                              "WHERE entry_id = 'own:2'"), ==, 0);
  g_assert_cmpint (pw_ledger_test_int (store, "SELECT amount_micro FROM ledger_entries "
                                              "WHERE entry_id = 'own:2'"), ==, 1000000);

  pw_store_test_close (&store);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/store/rates/crud", test_rates_crud);
  g_test_add_func ("/store/rates/check", test_rates_check);
  g_test_add_func ("/store/rates/find", test_rates_find);
  g_test_add_func ("/store/rates/own-per-task", test_own_per_task);
  g_test_add_func ("/store/rates/own-per-hour", test_own_per_hour);
  g_test_add_func ("/store/rates/own-yields-to-statement", test_own_yields_to_statement);

  return g_test_run ();
}
