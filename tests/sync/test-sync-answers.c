/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <string.h>

#include "../market/pw-market-test.h"
#include "pw-sync-test.h"
#include "sync/pw-sync-worker-private.h"

/* How the sync worker reads what a marketplace answers: how long it may
 * be told to wait, that the worker's "Send now" overrides any wait, and
 * that a receipt must be for the task sent. */

#define HOUR_US (G_TIME_SPAN_HOUR)

typedef struct
{
  guint  n;
  gint64 delay_us;
  gint64 retry_after_us;
} Retry;

static void
record_retry (const char *key,
              guint       attempt,
              gint64      delay_us,
              gint64      retry_after_us,
              gpointer    user_data)
{
  Retry *retry = user_data;

  retry->n++;
  retry->delay_us = delay_us;
  retry->retry_after_us = retry_after_us;
}

static double
highest_random (gpointer user_data)
{
  return 1.0;
}

/* Runs the main loop until @key's row has been tried @attempts times, as
 * the store holds it. */
static PwOutboxRow *
wait_for_attempts (PwStore    *store,
                   const char *key,
                   guint       attempts)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_TIME_SPAN_SECOND;

  while (g_get_monotonic_time () < deadline)
    {
      g_autoptr (PwOutboxRow) row = NULL;

      g_main_context_iteration (NULL, FALSE);
      row = pw_sync_test_row (store, key);
      if (row->attempts >= attempts)
        return g_steal_pointer (&row);
      g_usleep (10 * G_TIME_SPAN_MILLISECOND);
    }
  g_error ("Timed out waiting for try %u of %s", attempts, key);
  return NULL;
}

/* The row waits, its next try @wait_us away; "Send now" sends it at once. */
static void
send_now_and_check (PwSyncTest    *test,
                    PwSyncTestRow *queued,
                    gint64         wait_us)
{
  g_autoptr (PwOutboxRow) waiting = wait_for_attempts (test->store, queued->key, 1);
  g_autoptr (PwOutboxRow) sent = NULL;
  gint64 now = g_get_real_time ();

  g_assert_cmpint (waiting->state, ==, PW_OUTBOX_PENDING);
  g_assert_cmpint (waiting->next_attempt_at, >, now + wait_us - 5 * G_TIME_SPAN_MINUTE);
  g_assert_cmpint (waiting->next_attempt_at, <=, now + wait_us);

  pw_sync_worker_send_now (test->worker);
  sent = wait_for_attempts (test->store, queued->key, 2);
  g_assert_cmpint (sent->state, ==, PW_OUTBOX_DONE);
  g_assert_cmpuint (pw_demo_market_count_submissions (test->demo->market, queued->task_id), ==, 1);
  /* The refusal is answered before the marketplace looks at the task. */
  g_assert_cmpuint (pw_demo_market_count_requests (test->demo->market,
                                                   PW_DEMO_ENDPOINT_SUBMISSION), ==, 2);
}

/* A Retry-After of 31 years is read as an hour, and "Send now" does not
 * wait even that. */
static void
test_answers_retry_after_capped (void)
{
  PwSyncTest *test = pw_sync_test_new (0);
  g_autoptr (GPtrArray) rows = pw_sync_test_claim (test->demo, 1);
  Retry retry = { 0, };

  _pw_sync_worker_set_retry_hook (test->worker, record_retry, &retry);
  pw_demo_market_set_retry_after (test->demo->market, 1000000000);
  pw_demo_market_set_fault (test->demo->market, PW_DEMO_FAULT_RATE_LIMITED, 1);
  pw_sync_test_queue (test->store, rows);
  pw_sync_worker_start (test->worker);

  send_now_and_check (test, rows->pdata[0], HOUR_US);
  g_assert_cmpuint (retry.n, ==, 1);
  g_assert_cmpint (retry.retry_after_us, ==, HOUR_US);
  g_assert_cmpint (retry.delay_us, ==, HOUR_US);

  pw_sync_test_free (test);
}

/* A backoff of an hour, with no Retry-After: "Send now" sends at once. */
static void
test_answers_send_now_backoff (void)
{
  PwSyncTest *test = pw_sync_test_new (0);
  g_autoptr (GPtrArray) rows = pw_sync_test_claim (test->demo, 1);
  Retry retry = { 0, };

  pw_sync_worker_set_backoff (test->worker, HOUR_US, HOUR_US);
  pw_sync_worker_set_random (test->worker, highest_random, NULL);
  _pw_sync_worker_set_retry_hook (test->worker, record_retry, &retry);
  pw_demo_market_set_fault (test->demo->market, PW_DEMO_FAULT_UNAVAILABLE, 1);
  pw_sync_test_queue (test->store, rows);
  pw_sync_worker_start (test->worker);

  send_now_and_check (test, rows->pdata[0], HOUR_US);
  g_assert_cmpuint (retry.n, ==, 1);
  g_assert_cmpint (retry.delay_us, ==, HOUR_US);

  pw_sync_test_free (test);
}

/* A marketplace whose receipts name another task. */
static void
other_task_handler (SoupServer        *server,
                    SoupServerMessage *msg,
                    const char        *path,
                    GHashTable        *query,
                    gpointer           user_data)
{
  PwTestMarket *market = user_data;

  pw_test_market_record (market, msg);
  pw_test_market_reply (msg, 201, "{\"submission_id\": \"s-9\", \"task_id\": \"t-other\", "
                                  "\"status\": \"pending_review\"}");
}

static PwConnector *
test_market_client (const char *account_id,
                    gpointer    user_data)
{
  return PW_CONNECTOR (pw_test_client_new (user_data));
}

/* The receipt of another task does not make the row taken: it is kept,
 * with what happened, for another try. */
static void
test_answers_receipt_other_task (void)
{
  g_autoptr (PwTestMarket) market = pw_test_market_new (other_task_handler, NULL);
  g_autoptr (PwStore) store = NULL;
  g_autoptr (PwSyncWorker) worker = NULL;
  g_autoptr (GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) pw_sync_test_row_free);
  g_autoptr (PwOutboxRow) row = NULL;
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "receipt-test.db", NULL);
  PwTaskState state;
  g_autoptr (GError) error = NULL;
  PwSyncTestRow *queued = g_new0 (PwSyncTestRow, 1);
  Retry retry = { 0, };

  store = pw_store_new_for_path (path, &error);
  g_assert_no_error (error);
  pw_store_add_account (store, PW_SYNC_TEST_ACCOUNT, "Test", market->base_url, "piecework");
  queued->task_id = g_strdup ("t-123");
  queued->claim_id = g_strdup ("c-9f2");
  queued->key = pw_market_new_idempotency_key ();
  g_ptr_array_add (rows, queued);
  pw_sync_test_queue (store, rows);

  worker = pw_sync_worker_new (store, test_market_client, g_strdup (market->base_url), g_free);
  pw_sync_worker_set_backoff (worker, HOUR_US, HOUR_US);
  _pw_sync_worker_set_retry_hook (worker, record_retry, &retry);
  pw_sync_worker_start (worker);
  row = wait_for_attempts (store, queued->key, 1);

  g_assert_cmpuint (market->n_requests, ==, 1);
  g_assert_cmpuint (retry.n, ==, 1);
  g_assert_cmpint (row->state, ==, PW_OUTBOX_PENDING);
  g_assert_null (row->result_json);
  g_assert_nonnull (strstr (row->last_error, "t-other"));
  g_assert_nonnull (strstr (row->body, "\"positive\""));
  g_assert_true (pw_store_get_task_state (store, PW_SYNC_TEST_ACCOUNT, "t-123", &state, &error));
  g_assert_no_error (error);
  g_assert_cmpint (state, ==, PW_TASK_STATE_SUBMITTED);

  pw_sync_test_close_worker (&worker);
  pw_test_finalize (g_steal_pointer (&store));
}

int
main (int   argc,
      char *argv[])
{
  pw_demo_test_init (&argc, &argv);

  g_test_add_func ("/sync/answers/retry-after-capped", test_answers_retry_after_capped);
  g_test_add_func ("/sync/answers/send-now-backoff", test_answers_send_now_backoff);
  g_test_add_func ("/sync/answers/receipt-other-task", test_answers_receipt_other_task);

  return g_test_run ();
}
