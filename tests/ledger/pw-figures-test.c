/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <sqlite3.h>

#include "pw-figures-test.h"
#include "store/pw-store-private.h"

/* Fixtures for the ledger's tests, written straight into the store's
 * tables as the statement merge and the outbox would leave them. */

/* Returns: @hour:@minute:@second UTC on the fixtures' day plus @day days,
 *   in microseconds since 1970 */
gint64
pw_test_at (int day,
            int hour,
            int minute,
            int second)
{
  return PW_TEST_DAY + (((gint64) day * 24 + hour) * 3600 + minute * 60 + second) * G_USEC_PER_SEC;
}

/* @format is SQLite's printf: %Q quotes a string, or writes NULL. */
void
pw_test_exec (PwStore    *store,
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

void
pw_test_account (PwStore    *store,
                 const char *account_id,
                 const char *name)
{
  pw_test_exec (store, "INSERT INTO accounts (id, name, base_url, created_at) "
                       "VALUES (%Q, %Q, 'http://127.0.0.1:1/', 0)", account_id, name);
}

void
pw_test_task (PwStore    *store,
              const char *account_id,
              const char *task_id,
              const char *project_id,
              gint64      pay_micro,
              const char *currency,
              const char *state)
{
  pw_test_exec (store, "INSERT INTO tasks (account_id, task_id, claim_id, project_id, kind, "
                       "pay_micro, currency, state, updated_at) "
                       "VALUES (%Q, %Q, 'c-' || %Q, %Q, 'image', %lld, %Q, %Q, 0)",
                account_id, task_id, task_id, project_id, (long long) pay_micro, currency, state);
}

void
pw_test_time (PwStore    *store,
              const char *kind,
              const char *account_id,
              const char *task_id,
              const char *project_id,
              gint64      started_at,
              gint64      ended_at,
              gboolean    paid)
{
  pw_test_exec (store, "INSERT INTO time_entries (kind, account_id, task_id, project_id, "
                       "started_at, ended_at, paid, updated_at) "
                       "VALUES (%Q, %Q, %Q, %Q, %lld, %lld, %d, %lld)",
                kind, account_id, task_id, project_id, (long long) started_at,
                (long long) ended_at, paid ? 1 : 0, (long long) ended_at);
}

/* A negative @review_score is no review. */
void
pw_test_entry (PwStore    *store,
               const char *account_id,
               const char *entry_id,
               const char *type,
               const char *status,
               const char *task_id,
               const char *project_id,
               gint64      amount_micro,
               const char *currency,
               gint64      at,
               double      review_score)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];
  const char *score = review_score < 0 ? "NULL"
                                       : g_ascii_dtostr (buffer, sizeof buffer, review_score);

  pw_test_exec (store, "INSERT INTO ledger_entries (account_id, entry_id, type, status, task_id, "
                       "project_id, amount_micro, currency, at, review_score, first_seen_at, "
                       "updated_at) VALUES (%Q, %Q, %Q, %Q, %Q, %Q, %lld, %Q, %lld, %s, %lld, %lld)",
                account_id, entry_id, type, status, task_id, project_id,
                (long long) amount_micro, currency, (long long) at, score, (long long) at,
                (long long) at);
}

void
pw_test_status (PwStore    *store,
                const char *account_id,
                const char *entry_id,
                const char *status)
{
  pw_test_exec (store, "UPDATE ledger_entries SET status = %Q WHERE account_id = %Q "
                       "AND entry_id = %Q", status, account_id, entry_id);
}

/* Counts the rows @sql (one count(*)) finds, on a connection of its own,
 * after the writes queued so far. */
gint64
pw_test_count (PwStore    *store,
               const char *sql)
{
  g_autoptr (GError) error = NULL;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 count;

  g_assert_true (pw_store_flush (store, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_open_v2 (pw_store_get_path (store), &db, SQLITE_OPEN_READONLY, NULL),
                   ==, SQLITE_OK);
  /* The application's own connections may be writing or checkpointing. */
  sqlite3_busy_timeout (db, 5000);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  count = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return count;
}

/* Packs every week of the store that is over, and checks some were. */
void
pw_test_pack (PwStore *store)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (pw_figures_pack (store, 0, G_MAXINT64, &error));
  g_assert_no_error (error);
  g_assert_cmpint (pw_test_count (store, "SELECT count(*) FROM figure_packs"), >, 0);
}

static void
assert_earnings_equal (const PwEarnings *a,
                       const PwEarnings *b)
{
  g_assert_cmpstr (a->currency, ==, b->currency);
#define SAME(field) g_assert_cmpint (a->field, ==, b->field)
  SAME (pending_micro);
  SAME (own_micro);
  SAME (approved_micro);
  SAME (rejected_micro);
  SAME (paid_micro);
  SAME (bonus_micro);
  SAME (adjustment_micro);
  SAME (fee_micro);
  SAME (payout_micro);
  SAME (awaiting_micro);
  SAME (earned_micro);
  SAME (projected_micro);
  SAME (task_pay_micro);
  SAME (pay_per_task_micro);
  SAME (effective_rate_micro);
  SAME (projected_rate_micro);
  SAME (task_only_rate_micro);
#undef SAME
}

/* Asserts two figures are the same in every field. */
void
pw_test_assert_figures_equal (const PwFigures *a,
                              const PwFigures *b)
{
  g_assert_cmpint (a->grouping, ==, b->grouping);
  g_assert_cmpstr (a->key, ==, b->key);
  g_assert_cmpstr (a->account_id, ==, b->account_id);
  g_assert_cmpstr (a->project_id, ==, b->project_id);
  g_assert_cmpstr (a->name, ==, b->name);
#define SAME(field) g_assert_cmpint (a->field, ==, b->field)
  SAME (start);
  SAME (end);
  SAME (task_us);
  SAME (submitted_task_us);
  SAME (paid_manual_us);
  SAME (gap_us);
  SAME (unpaid_task_us);
  SAME (lost_task_us);
  SAME (unpaid_manual_us);
  SAME (unpaid_us);
  SAME (all_us);
  SAME (n_sessions);
  SAME (n_tasks_done);
  SAME (n_own_tasks);
  SAME (n_reviewed);
  SAME (n_approved);
  SAME (n_scored);
  SAME (median_task_us);
#undef SAME
  /* The same rows in the same order: the same sums, to the last bit. */
  g_assert_cmpfloat (a->overhead_share, ==, b->overhead_share);
  g_assert_cmpfloat (a->approval_rate, ==, b->approval_rate);
  g_assert_cmpfloat (a->accuracy, ==, b->accuracy);
  g_assert_cmpuint (a->earnings->len, ==, b->earnings->len);
  for (guint i = 0; i < a->earnings->len; i++)
    assert_earnings_equal (&g_array_index (a->earnings, PwEarnings, i),
                           &g_array_index (b->earnings, PwEarnings, i));
}

void
pw_test_assert_groups_equal (GPtrArray *a,
                             GPtrArray *b)
{
  g_assert_cmpuint (a->len, ==, b->len);
  for (guint i = 0; i < a->len; i++)
    pw_test_assert_figures_equal (a->pdata[i], b->pdata[i]);
}
