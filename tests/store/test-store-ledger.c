/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <sqlite3.h>

#include "pw-ledger-test.h"
#include "pw-store-test.h"

/* The ledger: statements merged by entry id, task histories, and what
 * removing an account keeps. */

#define ACCOUNT "a-1"
#define REVIEW "{\"score\": 0.96, \"comment\": \"Tight boxes, thanks\"}"

static PwStatementEntry *
task_entry (const char *status,
            const char *at,
            const char *review_json)
{
  return pw_ledger_test_entry ("e-1", "task", "t-1", status, "0.04", "USD", at, review_json);
}

static gint64
n_changes (PwStore    *store,
           const char *entry_id)
{
  return pw_ledger_test_int (store, "SELECT count (*) FROM ledger_changes "
                                    "WHERE account_id = '" ACCOUNT "' AND entry_id = '%s'",
                             entry_id);
}

static char *
entry_status (PwStore    *store,
              const char *entry_id)
{
  return pw_ledger_test_string (store, "SELECT status FROM ledger_entries "
                                       "WHERE account_id = '" ACCOUNT "' AND entry_id = '%s'",
                                entry_id);
}

static GPtrArray *
history (PwStore    *store,
         const char *task_id)
{
  g_autoptr (GError) error = NULL;
  GPtrArray *events = pw_store_list_task_history (store, ACCOUNT, task_id, &error);

  g_assert_no_error (error);
  g_assert_nonnull (events);
  return events;
}

static void
test_ledger_repeat (void)
{
  PwStore *store = pw_store_test_open (NULL);
  gint64 updated_at;

  pw_ledger_test_merge (store, ACCOUNT, NULL, task_entry ("pending", "2026-11-29T09:00:00Z", NULL),
                        NULL);
  updated_at = pw_ledger_test_int (store, "SELECT updated_at FROM ledger_entries");

  /* The same page again, and the entry twice in one page. */
  pw_ledger_test_merge (store, ACCOUNT, NULL, task_entry ("pending", "2026-11-29T09:00:00Z", NULL),
                        task_entry ("pending", "2026-11-29T09:00:00Z", NULL), NULL);

  g_assert_cmpint (pw_ledger_test_int (store, "SELECT count (*) FROM ledger_entries"), ==, 1);
  g_assert_cmpint (n_changes (store, "e-1"), ==, 1);
  g_assert_cmpint (pw_ledger_test_int (store, "SELECT updated_at FROM ledger_entries"), ==,
                   updated_at);

  pw_store_test_close (&store);
}

static void
assert_statement_event (PwTaskEvent   *event,
                        PwEntryStatus  status,
                        gint64         micro,
                        const char    *at)
{
  g_autoptr (GDateTime) time = g_date_time_new_from_iso8601 (at, NULL);

  g_assert_cmpint (event->kind, ==, PW_TASK_EVENT_STATEMENT);
  g_assert_cmpint (event->status, ==, status);
  g_assert_cmpint (event->entry_type, ==, PW_ENTRY_TASK);
  g_assert_cmpstr (event->entry_id, ==, "e-1");
  g_assert_cmpint (event->amount.micro, ==, micro);
  g_assert_cmpstr (event->amount.currency, ==, "USD");
  g_assert_cmpint (event->at, ==, g_date_time_to_unix (time) * G_USEC_PER_SEC);
}

static void
test_ledger_status_changes (void)
{
  PwStore *store = pw_store_test_open (NULL);
  g_autoptr (GPtrArray) events = NULL;
  PwTaskEvent *review;

  pw_ledger_test_merge (store, ACCOUNT, "s1", task_entry ("pending", "2026-11-29T09:00:00Z", NULL),
                        NULL);
  pw_ledger_test_merge (store, ACCOUNT, "s2",
                        task_entry ("approved", "2026-11-29T10:00:00Z", REVIEW), NULL);
  /* The paid entry leaves the review out; the review is kept. */
  pw_ledger_test_merge (store, ACCOUNT, "s3", task_entry ("paid", "2026-12-01T00:00:00Z", NULL),
                        NULL);

  g_assert_cmpint (n_changes (store, "e-1"), ==, 3);
  events = history (store, "t-1");
  g_assert_cmpuint (events->len, ==, 4);
  assert_statement_event (events->pdata[0], PW_ENTRY_PENDING, 40000, "2026-11-29T09:00:00Z");
  assert_statement_event (events->pdata[1], PW_ENTRY_APPROVED, 40000, "2026-11-29T10:00:00Z");
  review = events->pdata[2];
  g_assert_cmpint (review->kind, ==, PW_TASK_EVENT_REVIEWED);
  g_assert_cmpint (review->status, ==, PW_ENTRY_APPROVED);
  g_assert_cmpfloat (review->review_score, ==, 0.96);
  g_assert_cmpstr (review->review_comment, ==, "Tight boxes, thanks");
  assert_statement_event (events->pdata[3], PW_ENTRY_PAID, 40000, "2026-12-01T00:00:00Z");

  pw_store_test_close (&store);
}

/* The demo marketplace writes `at` to the second, so a quick review can
 * share the pending entry's second: the status further along wins. */
static void
test_ledger_same_second (void)
{
  PwStore *store = pw_store_test_open (NULL);
  g_autofree char *status = NULL;

  pw_ledger_test_merge (store, ACCOUNT, NULL,
                        task_entry ("pending", "2026-11-29T09:00:00Z", NULL),
                        task_entry ("rejected", "2026-11-29T09:00:00Z", REVIEW), NULL);
  status = entry_status (store, "e-1");
  g_assert_cmpstr (status, ==, "rejected");
  g_assert_cmpint (n_changes (store, "e-1"), ==, 2);

  pw_store_test_close (&store);
}

static void
test_ledger_older_page (void)
{
  PwStore *store = pw_store_test_open (NULL);
  g_autofree char *status = NULL;
  g_autofree char *paid = NULL;

  pw_ledger_test_merge (store, ACCOUNT, "s2",
                        task_entry ("approved", "2026-11-29T10:00:00Z", REVIEW), NULL);
  pw_ledger_test_merge (store, ACCOUNT, "s1", task_entry ("pending", "2026-11-29T09:00:00Z", NULL),
                        NULL);
  status = entry_status (store, "e-1");
  g_assert_cmpstr (status, ==, "approved");
  g_assert_cmpint (n_changes (store, "e-1"), ==, 1);
  g_assert_cmpint (pw_ledger_test_int (store, "SELECT round (review_score * 100) "
                                              "FROM ledger_entries"), ==, 96);

  /* At the same time, an earlier status does not undo a later one. */
  pw_ledger_test_merge (store, ACCOUNT, NULL,
                        pw_ledger_test_entry ("e-2", "bonus", "t-1", "paid", "0.50", "USD",
                                              "2026-11-30T00:00:00Z", NULL),
                        pw_ledger_test_entry ("e-2", "bonus", "t-1", "approved", "0.50", "USD",
                                              "2026-11-30T00:00:00Z", NULL), NULL);
  paid = entry_status (store, "e-2");
  g_assert_cmpstr (paid, ==, "paid");
  g_assert_cmpint (n_changes (store, "e-2"), ==, 1);

  pw_store_test_close (&store);
}

static void
test_ledger_amount_change (void)
{
  PwStore *store = pw_store_test_open (NULL);

  pw_ledger_test_merge (store, ACCOUNT, NULL,
                        pw_ledger_test_entry ("e-3", "adjustment", NULL, "approved", "1.00", "USD",
                                              "2026-11-29T09:00:00Z", NULL), NULL);
  /* A later time with the same status and amount is no change of money. */
  pw_ledger_test_merge (store, ACCOUNT, NULL,
                        pw_ledger_test_entry ("e-3", "adjustment", NULL, "approved", "1.00", "USD",
                                              "2026-11-29T09:30:00Z", NULL), NULL);
  g_assert_cmpint (n_changes (store, "e-3"), ==, 1);
  pw_ledger_test_merge (store, ACCOUNT, NULL,
                        pw_ledger_test_entry ("e-3", "adjustment", NULL, "approved", "0.75", "USD",
                                              "2026-11-29T10:00:00Z", NULL), NULL);
  g_assert_cmpint (n_changes (store, "e-3"), ==, 2);
  g_assert_cmpint (pw_ledger_test_int (store, "SELECT amount_micro FROM ledger_entries"), ==,
                   750000);
  g_assert_cmpint (pw_ledger_test_int (store, "SELECT amount_micro FROM ledger_changes "
                                              "ORDER BY id DESC LIMIT 1"), ==, 750000);

  pw_store_test_close (&store);
}

static void
test_ledger_currencies (void)
{
  PwStore *store = pw_store_test_open (NULL);

  pw_ledger_test_merge (store, ACCOUNT, NULL,
                        pw_ledger_test_entry ("e-1", "task", "t-1", "approved", "0.04", "USD",
                                              "2026-11-29T09:00:00Z", NULL),
                        pw_ledger_test_entry ("e-2", "task", "t-2", "approved", "0.05", "EUR",
                                              "2026-11-29T09:00:00Z", NULL),
                        pw_ledger_test_entry ("e-3", "fee", NULL, "approved", "-0.01", "EUR",
                                              "2026-11-29T09:00:00Z", NULL),
                        pw_ledger_test_entry ("e-4", "bonus", "t-1", "approved", "0.000001",
                                              "USD", "2026-11-29T09:00:00Z", NULL), NULL);

  g_assert_cmpint (pw_ledger_test_int (store, "SELECT count (DISTINCT currency) "
                                              "FROM ledger_entries"), ==, 2);
  g_assert_cmpint (pw_ledger_test_int (store, "SELECT sum (amount_micro) FROM ledger_entries "
                                              "WHERE currency = 'USD'"), ==, 40001);
  g_assert_cmpint (pw_ledger_test_int (store, "SELECT sum (amount_micro) FROM ledger_entries "
                                              "WHERE currency = 'EUR'"), ==, 40000);

  pw_store_test_close (&store);
}

static void
test_ledger_cursor (void)
{
  PwStore *store = pw_store_test_open (NULL);
  g_autofree char *first = NULL;
  g_autofree char *kept = NULL;
  g_autofree char *moved = NULL;
  g_autofree char *other = NULL;

  first = pw_ledger_test_cursor (store, ACCOUNT);
  g_assert_null (first);

  pw_ledger_test_merge (store, ACCOUNT, "s3", NULL);
  pw_ledger_test_merge (store, ACCOUNT, NULL, task_entry ("pending", "2026-11-29T09:00:00Z", NULL),
                        NULL);
  kept = pw_ledger_test_cursor (store, ACCOUNT);
  g_assert_cmpstr (kept, ==, "s3");

  pw_ledger_test_merge (store, ACCOUNT, "s7", NULL);
  moved = pw_ledger_test_cursor (store, ACCOUNT);
  g_assert_cmpstr (moved, ==, "s7");
  other = pw_ledger_test_cursor (store, "a-2");
  g_assert_null (other);

  pw_store_test_close (&store);
}

static void
claim (PwStore    *store,
       const char *task_id)
{
  PwStoreTask task = {
    .account_id = ACCOUNT, .task_id = (char *) task_id, .claim_id = "c-1", .project_id = "p-1",
    .kind = PW_TASK_KIND_IMAGE, .pay_micro = 40000, .currency = "USD",
    .lease_expires_at = g_get_real_time () + G_TIME_SPAN_HOUR,
  };

  pw_store_add_claimed_task (store, &task);
}

/* Claims @task_id and queues its submission; the row's id comes back. */
static gint64
submit (PwStore    *store,
        const char *task_id,
        const char *key)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PwOutboxRow) row = NULL;

  claim (store, task_id);
  pw_store_queue_submission (store, ACCOUNT, task_id, "c-1", key, "{\"claim_id\": \"c-1\"}",
                             NULL);
  row = pw_store_get_submission (store, key, &error);
  g_assert_no_error (error);
  g_assert (row != NULL);
  return row->id;
}

static void
mark_done (PwStore *store,
           gint64   id)
{
  g_autoptr (GPtrArray) updates = g_ptr_array_new_with_free_func ((GDestroyNotify) pw_outbox_update_free);

  g_ptr_array_add (updates, pw_outbox_update_new (id, PW_OUTBOX_DONE, 1, 0, NULL, "{}"));
  pw_store_update_submissions (store, updates);
}

static void
assert_history (GPtrArray *events)
{
  PwTaskEvent *event;

  g_assert_cmpuint (events->len, ==, 6);
  event = events->pdata[0];
  g_assert_cmpint (event->kind, ==, PW_TASK_EVENT_CLAIMED);
  /* The claim's time is kept once the task moves on. */
  g_assert_cmpint (event->at, >, 0);
  g_assert_cmpint (event->at, <=, ((PwTaskEvent *) events->pdata[1])->at);
  event = events->pdata[1];
  g_assert_cmpint (event->kind, ==, PW_TASK_EVENT_SUBMITTED);
  g_assert_cmpint (event->submission_state, ==, PW_OUTBOX_DONE);
  g_assert_cmpint (event->at, >, 0);
  assert_statement_event (events->pdata[2], PW_ENTRY_PENDING, 40000, "2020-01-01T09:00:00Z");
  assert_statement_event (events->pdata[3], PW_ENTRY_APPROVED, 40000, "2020-01-01T10:00:00Z");
  event = events->pdata[4];
  g_assert_cmpint (event->kind, ==, PW_TASK_EVENT_REVIEWED);
  g_assert_cmpstr (event->review_comment, ==, "Tight boxes, thanks");
  event = events->pdata[5];
  g_assert_cmpint (event->kind, ==, PW_TASK_EVENT_STATEMENT);
  g_assert_cmpint (event->entry_type, ==, PW_ENTRY_BONUS);
  g_assert_cmpint (event->amount.micro, ==, 500000);
}

static void
on_history (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) events = NULL;

  events = pw_store_list_task_history_finish (PW_STORE (source), result, &error);
  g_assert_no_error (error);
  assert_history (events);
  *(gboolean *) user_data = TRUE;
}

static void
test_ledger_history (void)
{
  PwStore *store = pw_store_test_open (NULL);
  g_autoptr (GPtrArray) events = NULL;
  g_autoptr (GPtrArray) claimed = NULL;
  g_autoptr (GPtrArray) unknown = NULL;
  gboolean done = FALSE;

  mark_done (store, submit (store, "t-1", "2f1c7a6e-3b0d-4d8e-9a51-0c6f2e8b7d41"));
  /* The marketplace's clock is behind the worker's: the entries still
   * come after the submission that made them. */
  pw_ledger_test_merge (store, ACCOUNT, NULL, task_entry ("pending", "2020-01-01T09:00:00Z", NULL),
                        NULL);
  pw_ledger_test_merge (store, ACCOUNT, NULL,
                        task_entry ("approved", "2020-01-01T10:00:00Z", REVIEW),
                        pw_ledger_test_entry ("e-2", "bonus", "t-1", "approved", "0.50", "USD",
                                              "2020-01-01T10:00:00Z", NULL), NULL);

  events = history (store, "t-1");
  assert_history (events);
  pw_store_list_task_history_async (store, ACCOUNT, "t-1", NULL, on_history, &done);
  pw_store_test_run_until (&done);

  /* A task still claimed knows when. */
  claim (store, "t-2");
  claimed = history (store, "t-2");
  g_assert_cmpuint (claimed->len, ==, 1);
  g_assert_cmpint (((PwTaskEvent *) claimed->pdata[0])->at, >, 0);
  unknown = history (store, "t-9");
  g_assert_cmpuint (unknown->len, ==, 0);

  pw_store_test_close (&store);
}

static void
test_ledger_update_account (void)
{
  PwStore *store = pw_store_test_open (NULL);
  g_autoptr (GPtrArray) accounts = NULL;
  g_autoptr (GError) error = NULL;
  PwStoreAccount *account;

  pw_store_add_account (store, ACCOUNT, "Old", "https://old.example.com/api/", "piecework");
  pw_store_update_account (store, ACCOUNT, "New", "https://new.example.com/api/", "piecework");
  /* An account the store does not hold is not made. */
  pw_store_update_account (store, "a-none", "Ghost", "https://ghost.example.com/api/", "piecework");

  accounts = pw_store_list_accounts (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (accounts->len, ==, 1);
  account = accounts->pdata[0];
  g_assert_cmpstr (account->id, ==, ACCOUNT);
  g_assert_cmpstr (account->name, ==, "New");
  g_assert_cmpstr (account->base_url, ==, "https://new.example.com/api/");
  g_assert_cmpstr (account->kind, ==, "piecework");

  pw_store_test_close (&store);
}

/* An account keeps its kind, and changing the account may change it. */
static void
test_ledger_account_kind (void)
{
  PwStore *store = pw_store_test_open (NULL);
  g_autoptr (GPtrArray) added = NULL;
  g_autoptr (GPtrArray) updated = NULL;
  g_autoptr (GError) error = NULL;

  pw_store_add_account (store, ACCOUNT, "Client", "https://cvat.example.com/", "cvat");
  pw_store_add_account (store, "a-2", "Other", "https://ls.example.com/", "label-studio");
  added = pw_store_list_accounts (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (added->len, ==, 2);
  g_assert_cmpstr (((PwStoreAccount *) added->pdata[0])->kind, ==, "cvat");
  g_assert_cmpstr (((PwStoreAccount *) added->pdata[1])->kind, ==, "label-studio");

  pw_store_update_account (store, ACCOUNT, "Client", "https://ls2.example.com/", "label-studio");
  updated = pw_store_list_accounts (store, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (((PwStoreAccount *) updated->pdata[0])->kind, ==, "label-studio");
  g_assert_cmpstr (((PwStoreAccount *) updated->pdata[0])->base_url, ==,
                   "https://ls2.example.com/");

  pw_store_test_close (&store);
}

static void
add_time_entry (PwStore *store)
{
  sqlite3 *db = NULL;
  g_autoptr (GError) error = NULL;

  g_assert_true (pw_store_flush (store, &error));
  g_assert_cmpint (sqlite3_open (pw_store_get_path (store), &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  g_assert_cmpint (sqlite3_exec (db, "INSERT INTO time_entries (kind, account_id, task_id, "
                                     "started_at, ended_at, updated_at) "
                                     "VALUES ('task', '" ACCOUNT "', 't-done', 1, 2, 2)",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

static void
on_counted (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr (GError) error = NULL;
  guint n_waiting = 0, n_claimed = 0;

  g_assert_true (pw_store_count_account_work_finish (PW_STORE (source), result, &n_waiting,
                                                     &n_claimed, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_waiting, ==, 1);
  g_assert_cmpuint (n_claimed, ==, 1);
  *(gboolean *) user_data = TRUE;
}

static void
assert_task_state (PwStore     *store,
                   const char  *task_id,
                   PwTaskState  expected)
{
  g_autoptr (GError) error = NULL;
  PwTaskState state;

  g_assert_true (pw_store_get_task_state (store, ACCOUNT, task_id, &state, &error));
  g_assert_no_error (error);
  g_assert_cmpint (state, ==, expected);
}

static void
assert_task_gone (PwStore    *store,
                  const char *task_id)
{
  g_autoptr (GError) error = NULL;
  PwTaskState state;

  g_assert_false (pw_store_get_task_state (store, ACCOUNT, task_id, &state, &error));
  g_assert_error (error, PW_ERROR, PW_ERROR_NOT_FOUND);
}

static void
test_ledger_remove_account (void)
{
  PwStore *store = pw_store_test_open (NULL);
  g_autoptr (GPtrArray) accounts = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *cursor = NULL;
  guint n_waiting = 0, n_claimed = 0;
  gboolean done = FALSE;

  pw_store_add_account (store, ACCOUNT, "Gone", "https://gone.example.com/api/", "piecework");
  pw_store_add_account (store, "a-2", "Stays", "https://stays.example.com/api/", "piecework");
  claim (store, "t-idle");
  submit (store, "t-waiting", "7d3e2b10-5c4a-4f6e-8b9d-1a2c3e4f5a6b");
  mark_done (store, submit (store, "t-done", "c0ffee00-1234-4abc-8def-0123456789ab"));
  pw_ledger_test_merge (store, ACCOUNT, "s4",
                        pw_ledger_test_entry ("e-1", "task", "t-done", "approved", "0.04", "USD",
                                              "2026-11-29T09:00:00Z", REVIEW), NULL);
  add_time_entry (store);

  g_assert_true (pw_store_count_account_work (store, ACCOUNT, &n_waiting, &n_claimed, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_waiting, ==, 1);
  g_assert_cmpuint (n_claimed, ==, 1);
  pw_store_count_account_work_async (store, ACCOUNT, NULL, on_counted, &done);
  pw_store_test_run_until (&done);

  pw_store_remove_account (store, ACCOUNT);

  accounts = pw_store_list_accounts (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (accounts->len, ==, 1);
  g_assert_cmpstr (((PwStoreAccount *) accounts->pdata[0])->id, ==, "a-2");
  assert_task_gone (store, "t-idle");
  assert_task_state (store, "t-waiting", PW_TASK_STATE_SUBMITTED);
  assert_task_state (store, "t-done", PW_TASK_STATE_SYNCED);
  g_assert_cmpint (pw_ledger_test_int (store, "SELECT count (*) FROM submissions "
                                              "WHERE account_id = '" ACCOUNT "'"), ==, 2);
  g_assert_cmpint (pw_ledger_test_int (store, "SELECT count (*) FROM ledger_entries"), ==, 1);
  g_assert_cmpint (pw_ledger_test_int (store, "SELECT count (*) FROM ledger_changes"), ==, 1);
  g_assert_cmpint (pw_ledger_test_int (store, "SELECT count (*) FROM time_entries"), ==, 1);
  cursor = pw_ledger_test_cursor (store, ACCOUNT);
  g_assert_null (cursor);
  g_assert_true (pw_store_count_account_work (store, ACCOUNT, &n_waiting, &n_claimed, &error));
  g_assert_cmpuint (n_waiting, ==, 1);
  g_assert_cmpuint (n_claimed, ==, 0);

  pw_store_test_close (&store);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/store/ledger/repeat", test_ledger_repeat);
  g_test_add_func ("/store/ledger/status-changes", test_ledger_status_changes);
  g_test_add_func ("/store/ledger/same-second", test_ledger_same_second);
  g_test_add_func ("/store/ledger/older-page", test_ledger_older_page);
  g_test_add_func ("/store/ledger/amount-change", test_ledger_amount_change);
  g_test_add_func ("/store/ledger/currencies", test_ledger_currencies);
  g_test_add_func ("/store/ledger/cursor", test_ledger_cursor);
  g_test_add_func ("/store/ledger/history", test_ledger_history);
  g_test_add_func ("/store/ledger/update-account", test_ledger_update_account);
  g_test_add_func ("/store/ledger/account-kind", test_ledger_account_kind);
  g_test_add_func ("/store/ledger/remove-account", test_ledger_remove_account);

  return g_test_run ();
}
