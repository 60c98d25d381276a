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

  ok = pw_store_exec_on_writer (store, sql, &error);
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
