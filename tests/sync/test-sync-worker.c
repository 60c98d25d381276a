/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <string.h>

#include "pw-sync-test.h"
#include "sync/pw-sync-worker-private.h"

/* The sync worker against the demo marketplace and its faults, each test
 * checking what the marketplace recorded. */

static void
assert_row (PwStore       *store,
            PwSyncTestRow *queued,
            PwOutboxState  state)
{
  g_autoptr (PwOutboxRow) row = pw_sync_test_row (store, queued->key);

  g_assert_cmpstr (pw_outbox_state_to_string (row->state), ==, pw_outbox_state_to_string (state));
  /* Whatever became of it, the work is still there. */
  g_assert_nonnull (strstr (row->body, "\"positive\""));
  g_assert_cmpstr (row->task_id, ==, queued->task_id);
}

/* Every request for the task came with the row's key. */
static void
assert_one_key (PwDemoTest    *demo,
                PwSyncTestRow *queued)
{
  g_auto (GStrv) keys = pw_demo_market_dup_submission_keys (demo->market, queued->task_id);

  g_assert_cmpuint (g_strv_length (keys), >=, 1);
  for (guint i = 0; keys[i] != NULL; i++)
    g_assert_cmpstr (keys[i], ==, queued->key);
}

static void
test_sync_lost_response (void)
{
  PwSyncTest *test = pw_sync_test_new (0);
  g_autoptr (GPtrArray) rows = pw_sync_test_claim (test->demo, 3);
  g_autoptr (PwOutboxRow) row = NULL;
  PwTaskState state = PW_TASK_STATE_CLAIMED;

  pw_sync_test_queue (test->store, rows);
  pw_demo_market_set_fault (test->demo->market, PW_DEMO_FAULT_DROP_AFTER_COMMIT, 1);
  pw_sync_test_drain (test->worker);

  g_assert_cmpuint (pw_demo_market_get_fault (test->demo->market,
                                              PW_DEMO_FAULT_DROP_AFTER_COMMIT), ==, 0);
  for (guint i = 0; i < rows->len; i++)
    {
      g_assert_cmpuint (pw_demo_market_count_submissions (test->demo->market,
                                                          ((PwSyncTestRow *) rows->pdata[i])->task_id), ==, 1);
      assert_row (test->store, rows->pdata[i], PW_OUTBOX_DONE);
      assert_one_key (test->demo, rows->pdata[i]);
    }
  /* One row's answer was lost: it went again, and the replay was
   * recognized. The three go at once, so any of them may be the one. */
  for (guint i = 0; i < rows->len; i++)
    {
      PwSyncTestRow *queued = rows->pdata[i];

      if (pw_demo_market_count_submission_requests (test->demo->market, queued->task_id) == 2)
        {
          g_assert_null (row);
          row = pw_sync_test_row (test->store, queued->key);
          g_assert_true (pw_store_get_task_state (test->store, PW_SYNC_TEST_ACCOUNT,
                                                  queued->task_id, &state, NULL));
        }
      else
        {
          g_assert_cmpuint (pw_demo_market_count_submission_requests (test->demo->market,
                                                                      queued->task_id), ==, 1);
        }
    }
  g_assert_nonnull (row);
  g_assert_cmpuint (row->attempts, ==, 2);
  g_assert_nonnull (strstr (row->result_json, "\"replay\":true"));
  g_assert_cmpint (state, ==, PW_TASK_STATE_SYNCED);
  g_assert_cmpuint (pw_sync_worker_get_n_waiting (test->worker), ==, 0);
  g_assert_false (pw_sync_worker_get_offline (test->worker));

  pw_sync_test_free (test);
}

typedef struct
{
  GArray *delays;
  GArray *attempts;
  GArray *retry_after;
} Retries;

static void
record_retry (const char *key,
              guint       attempt,
              gint64      delay_us,
              gint64      retry_after_us,
              gpointer    user_data)
{
  Retries *retries = user_data;

  g_array_append_val (retries->delays, delay_us);
  g_array_append_val (retries->attempts, attempt);
  g_array_append_val (retries->retry_after, retry_after_us);
}

static double
seeded_random (gpointer user_data)
{
  return g_rand_double (user_data);
}

static double
highest_random (gpointer user_data)
{
  return 1.0;
}

/* One row meets @n_faults 503s in a row: each wait lies within the full
 * jitter bounds, whose ceiling doubles up to the cap. */
static void
run_storm (PwSyncRandomFunc random_func,
           gpointer         random_data,
           Retries         *retries)
{
  PwSyncTest *test = pw_sync_test_new (0);
  g_autoptr (GPtrArray) rows = pw_sync_test_claim (test->demo, 1);
  g_autoptr (PwOutboxRow) row = NULL;
  const guint n_faults = 7;

  pw_sync_worker_set_random (test->worker, random_func, random_data);
  _pw_sync_worker_set_retry_hook (test->worker, record_retry, retries);
  pw_sync_test_queue (test->store, rows);
  pw_demo_market_set_fault (test->demo->market, PW_DEMO_FAULT_UNAVAILABLE, n_faults);
  pw_sync_test_drain (test->worker);

  g_assert_cmpuint (retries->delays->len, ==, n_faults);
  for (guint i = 0; i < n_faults; i++)
    {
      gint64 ceiling = MIN (200 * G_TIME_SPAN_MILLISECOND,
                            (10 * G_TIME_SPAN_MILLISECOND) << i);

      g_assert_cmpuint (g_array_index (retries->attempts, guint, i), ==, i);
      g_assert_cmpint (g_array_index (retries->delays, gint64, i), >=, 0);
      g_assert_cmpint (g_array_index (retries->delays, gint64, i), <=, ceiling);
      g_assert_cmpint (g_array_index (retries->retry_after, gint64, i), ==, 0);
    }
  /* The 503s are answered before the marketplace looks at the task. */
  g_assert_cmpuint (pw_demo_market_count_requests (test->demo->market,
                                                   PW_DEMO_ENDPOINT_SUBMISSION), ==, n_faults + 1);
  g_assert_cmpuint (pw_demo_market_count_submissions (test->demo->market,
                                                      ((PwSyncTestRow *) rows->pdata[0])->task_id), ==, 1);
  assert_one_key (test->demo, rows->pdata[0]);
  row = pw_sync_test_row (test->store, ((PwSyncTestRow *) rows->pdata[0])->key);
  g_assert_cmpint (row->state, ==, PW_OUTBOX_DONE);
  g_assert_cmpuint (row->attempts, ==, n_faults + 1);

  pw_sync_test_free (test);
}

static void
test_sync_storm (void)
{
  Retries retries = {
    g_array_new (FALSE, FALSE, sizeof (gint64)),
    g_array_new (FALSE, FALSE, sizeof (guint)),
    g_array_new (FALSE, FALSE, sizeof (gint64)),
  };
  g_autoptr (GRand) rand = g_rand_new_with_seed (42);
  gint64 expected[] = { 10, 20, 40, 80, 160, 200, 200 };
  gboolean jittered = FALSE;

  /* At the top of the jitter the waits are the ceilings themselves. */
  run_storm (highest_random, NULL, &retries);
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    g_assert_cmpint (g_array_index (retries.delays, gint64, i), ==,
                     expected[i] * G_TIME_SPAN_MILLISECOND);

  g_array_set_size (retries.delays, 0);
  g_array_set_size (retries.attempts, 0);
  g_array_set_size (retries.retry_after, 0);
  run_storm (seeded_random, rand, &retries);
  for (guint i = 0; i < retries.delays->len; i++)
    jittered |= g_array_index (retries.delays, gint64, i) != expected[i] * G_TIME_SPAN_MILLISECOND;
  g_assert_true (jittered);

  g_array_unref (retries.delays);
  g_array_unref (retries.attempts);
  g_array_unref (retries.retry_after);
}

static void
test_sync_retry_after (void)
{
  PwSyncTest *test = pw_sync_test_new (0);
  g_autoptr (GPtrArray) rows = pw_sync_test_claim (test->demo, 1);
  Retries retries = {
    g_array_new (FALSE, FALSE, sizeof (gint64)),
    g_array_new (FALSE, FALSE, sizeof (guint)),
    g_array_new (FALSE, FALSE, sizeof (gint64)),
  };
  gint64 start = g_get_monotonic_time ();

  _pw_sync_worker_set_retry_hook (test->worker, record_retry, &retries);
  pw_sync_test_queue (test->store, rows);
  pw_demo_market_set_retry_after (test->demo->market, 1);
  pw_demo_market_set_fault (test->demo->market, PW_DEMO_FAULT_RATE_LIMITED, 1);
  pw_sync_test_drain (test->worker);

  /* The backoff alone would be at most 10 ms: the marketplace asked for 1 s. */
  g_assert_cmpuint (retries.delays->len, ==, 1);
  g_assert_cmpint (g_array_index (retries.retry_after, gint64, 0), ==, G_USEC_PER_SEC);
  g_assert_cmpint (g_array_index (retries.delays, gint64, 0), ==, G_USEC_PER_SEC);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, G_USEC_PER_SEC);
  assert_row (test->store, rows->pdata[0], PW_OUTBOX_DONE);
  g_assert_cmpuint (pw_demo_market_count_submissions (test->demo->market,
                                                      ((PwSyncTestRow *) rows->pdata[0])->task_id), ==, 1);

  g_array_unref (retries.delays);
  g_array_unref (retries.attempts);
  g_array_unref (retries.retry_after);
  pw_sync_test_free (test);
}

/* Clients whose requests may take a second in all. */
static PwConnector *
hasty_client (const char *account_id,
              gpointer    user_data)
{
  PwConnector *client = pw_sync_test_client (account_id, user_data);

  if (client != NULL)
    pw_market_client_set_deadline (PW_MARKET_CLIENT (client), 1);
  return client;
}

/* A marketplace that holds its answer far past the deadline is cut off
 * there, and the row is tried again like after a timeout. */
static void
test_sync_deadline (void)
{
  PwSyncTest *test = pw_sync_test_new (0);
  g_autoptr (GPtrArray) rows = pw_sync_test_claim (test->demo, 1);
  PwSyncTestRow *row = rows->pdata[0];
  Retries retries = {
    g_array_new (FALSE, FALSE, sizeof (gint64)),
    g_array_new (FALSE, FALSE, sizeof (guint)),
    g_array_new (FALSE, FALSE, sizeof (gint64)),
  };
  gint64 start;

  pw_sync_test_close_worker (&test->worker);
  test->worker = pw_sync_worker_new (test->store, hasty_client, g_strdup (test->demo->base_url),
                                     g_free);
  pw_sync_worker_set_backoff (test->worker, 10 * G_TIME_SPAN_MILLISECOND,
                              200 * G_TIME_SPAN_MILLISECOND);
  _pw_sync_worker_set_retry_hook (test->worker, record_retry, &retries);
  pw_demo_market_set_slow_delay (test->demo->market, 60 * 1000);
  pw_demo_market_set_fault (test->demo->market, PW_DEMO_FAULT_SLOW, 1);
  pw_sync_test_queue (test->store, rows);
  start = g_get_monotonic_time ();
  pw_sync_test_drain (test->worker);

  /* Well before the idle timeout (15 s) would have ended it. */
  g_assert_cmpint (g_get_monotonic_time () - start, <, 10 * G_TIME_SPAN_SECOND);
  g_assert_cmpuint (retries.delays->len, ==, 1);
  g_assert_cmpint (g_array_index (retries.retry_after, gint64, 0), ==, -1);
  assert_row (test->store, row, PW_OUTBOX_DONE);
  assert_one_key (test->demo, row);
  g_assert_cmpuint (pw_demo_market_count_submissions (test->demo->market, row->task_id), ==, 1);

  g_array_unref (retries.delays);
  g_array_unref (retries.attempts);
  g_array_unref (retries.retry_after);
  pw_sync_test_free (test);
}

static void
on_row_finished (PwSyncWorker *worker,
                 const char   *key,
                 const char   *state,
                 gpointer      user_data)
{
  g_hash_table_insert (user_data, g_strdup (key), g_strdup (state));
}

/* A fault that ends the row: kept in @state, body intact, never retried. */
static void
run_final (PwDemoFault    fault,
           PwOutboxState  state,
           PwTaskState    task_state)
{
  PwSyncTest *test = pw_sync_test_new (0);
  g_autoptr (GPtrArray) rows = NULL;
  g_autoptr (GHashTable) finished = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr (GPtrArray) final = NULL;
  PwTaskState task;
  PwSyncTestRow *row;

  pw_demo_market_set_fault (test->demo->market, fault, 1);
  rows = pw_sync_test_claim (test->demo, 1);
  row = rows->pdata[0];
  g_signal_connect (test->worker, "row-finished", G_CALLBACK (on_row_finished), finished);
  pw_sync_test_queue (test->store, rows);
  if (fault == PW_DEMO_FAULT_EXPIRED_LEASE)
    g_usleep (1100 * G_TIME_SPAN_MILLISECOND);
  pw_sync_test_drain (test->worker);
  /* A second drain sends nothing more. */
  pw_sync_test_drain (test->worker);

  assert_row (test->store, row, state);
  g_assert_cmpuint (pw_demo_market_count_submission_requests (test->demo->market, row->task_id), ==, 1);
  g_assert_cmpuint (pw_demo_market_count_submissions (test->demo->market, row->task_id), ==, 0);
  g_assert_cmpstr (g_hash_table_lookup (finished, row->key), ==, pw_outbox_state_to_string (state));
  final = pw_store_list_final_submissions (test->store, NULL);
  g_assert_cmpuint (final->len, ==, 1);
  g_assert_true (pw_store_get_task_state (test->store, PW_SYNC_TEST_ACCOUNT, row->task_id, &task,
                                          NULL));
  g_assert_cmpint (task, ==, task_state);
  g_assert_cmpuint (pw_sync_worker_get_n_waiting (test->worker), ==, 0);

  pw_sync_test_free (test);
}

static void
test_sync_expired (void)
{
  run_final (PW_DEMO_FAULT_EXPIRED_LEASE, PW_OUTBOX_EXPIRED, PW_TASK_STATE_EXPIRED);
}

static void
test_sync_reassigned (void)
{
  run_final (PW_DEMO_FAULT_REASSIGNED, PW_OUTBOX_REASSIGNED, PW_TASK_STATE_REASSIGNED);
}

/* The key was used before with another body: 422, a conflict kept. */
static void
test_sync_mismatch (void)
{
  PwSyncTest *test = pw_sync_test_new (0);
  g_autoptr (GPtrArray) rows = pw_sync_test_claim (test->demo, 2);
  g_autoptr (PwDemoAnswer) first = NULL;
  g_autoptr (PwOutboxRow) row = NULL;
  PwSyncTestRow *queued = rows->pdata[1];

  first = pw_demo_test_submit (test->demo, queued->task_id, queued->claim_id, queued->key);
  g_assert_cmpuint (first->status, ==, 201);
  pw_sync_test_queue (test->store, rows);
  pw_sync_test_drain (test->worker);

  assert_row (test->store, rows->pdata[0], PW_OUTBOX_DONE);
  assert_row (test->store, queued, PW_OUTBOX_CONFLICT);
  row = pw_sync_test_row (test->store, queued->key);
  g_assert_nonnull (row->last_error);
  g_assert_cmpuint (pw_demo_market_count_submission_requests (test->demo->market, queued->task_id), ==, 2);
  g_assert_cmpuint (pw_demo_market_count_submissions (test->demo->market, queued->task_id), ==, 1);

  pw_sync_test_free (test);
}

static void
on_paused (PwSyncWorker *worker,
           const char   *account_id,
           const GError *error,
           gpointer      user_data)
{
  g_assert_cmpstr (account_id, ==, PW_SYNC_TEST_ACCOUNT);
  g_assert_error (error, PW_ERROR, PW_ERROR_UNAUTHORIZED);
  (*(guint *) user_data)++;
}

static PwConnector *
bad_token_client (const char *account_id,
                  gpointer    user_data)
{
  const char *base_url = user_data;

  return PW_CONNECTOR (pw_market_client_new (base_url, "not-the-token", NULL));
}

/* 401: the account pauses and its rows wait, untouched. */
static void
test_sync_unauthorized (void)
{
  PwSyncTest *test = pw_sync_test_new (0);
  g_autoptr (GPtrArray) rows = pw_sync_test_claim (test->demo, 6);
  g_autoptr (PwSyncWorker) worker = NULL;
  guint paused = 0;
  guint n_waiting = 0;

  worker = pw_sync_worker_new (test->store, bad_token_client,
                               g_strdup (test->demo->base_url), g_free);
  g_signal_connect (worker, "account-paused", G_CALLBACK (on_paused), &paused);
  pw_sync_test_queue (test->store, rows);
  pw_sync_test_drain (worker);

  g_assert_cmpuint (paused, ==, 1);
  for (guint i = 0; i < rows->len; i++)
    {
      g_autoptr (PwOutboxRow) row = pw_sync_test_row (test->store, ((PwSyncTestRow *) rows->pdata[i])->key);

      g_assert_cmpint (row->state, ==, PW_OUTBOX_PENDING);
      g_assert_cmpuint (row->attempts, ==, 0);
    }
  g_assert_true (pw_store_count_waiting_submissions (test->store, NULL, &n_waiting, NULL));
  g_assert_cmpuint (n_waiting, ==, rows->len);
  pw_sync_test_close_worker (&worker);

  /* With the right token, they go. */
  pw_sync_test_drain (test->worker);
  for (guint i = 0; i < rows->len; i++)
    assert_row (test->store, rows->pdata[i], PW_OUTBOX_DONE);

  pw_sync_test_free (test);
}

/* Slow answers hold requests open: never more than four at once. */
static void
test_sync_in_flight (void)
{
  PwSyncTest *test = pw_sync_test_new (0);
  g_autoptr (GPtrArray) rows = pw_sync_test_claim (test->demo, 12);
  gint64 start;

  pw_sync_test_queue (test->store, rows);
  pw_demo_market_set_slow_delay (test->demo->market, 150);
  pw_demo_market_set_fault (test->demo->market, PW_DEMO_FAULT_SLOW, 12);
  start = g_get_monotonic_time ();
  pw_sync_test_drain (test->worker);

  g_assert_cmpuint (_pw_sync_worker_get_max_in_flight (test->worker, PW_SYNC_TEST_ACCOUNT), ==,
                    PW_SYNC_MAX_IN_FLIGHT);
  /* Twelve answers held 150 ms each, four at a time: three rounds. */
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 3 * 150 * G_TIME_SPAN_MILLISECOND);
  for (guint i = 0; i < rows->len; i++)
    assert_row (test->store, rows->pdata[i], PW_OUTBOX_DONE);

  pw_sync_test_free (test);
}

static PwConnector *
unreachable_client (const char *account_id,
                    gpointer    user_data)
{
  /* Nothing listens on port 1 of loopback: every try is a network error. */
  return PW_CONNECTOR (pw_market_client_new ("http://127.0.0.1:1/api/", PW_DEMO_MARKET_TOKEN,
                                             NULL));
}

static void
on_offline (GObject    *object,
            GParamSpec *pspec,
            gpointer    user_data)
{
  if (pw_sync_worker_get_offline (PW_SYNC_WORKER (object)))
    *(gboolean *) user_data = TRUE;
}

/* Unreachable: offline, rows kept pending with their tries counted; once
 * stopped and started against the marketplace, they go and it is online. */
static void
test_sync_offline (void)
{
  PwSyncTest *test = pw_sync_test_new (0);
  g_autoptr (GPtrArray) rows = pw_sync_test_claim (test->demo, 2);
  g_autoptr (PwSyncWorker) worker = NULL;
  gboolean offline = FALSE;

  worker = pw_sync_worker_new (test->store, unreachable_client, NULL, NULL);
  pw_sync_worker_set_backoff (worker, 10 * G_TIME_SPAN_MILLISECOND, 200 * G_TIME_SPAN_MILLISECOND);
  g_signal_connect (worker, "notify::offline", G_CALLBACK (on_offline), &offline);
  pw_sync_test_queue (test->store, rows);
  pw_sync_worker_start (worker);
  while (!offline)
    g_main_context_iteration (NULL, TRUE);
  pw_sync_test_close_worker (&worker);
  g_assert_true (pw_store_flush (test->store, NULL));

  for (guint i = 0; i < rows->len; i++)
    {
      g_autoptr (PwOutboxRow) row = pw_sync_test_row (test->store, ((PwSyncTestRow *) rows->pdata[i])->key);

      g_assert_cmpint (row->state, ==, PW_OUTBOX_PENDING);
      if (row->attempts > 0)
        g_assert_nonnull (row->last_error);
    }
  g_assert_cmpuint (pw_demo_market_count_requests (test->demo->market, PW_DEMO_ENDPOINT_SUBMISSION), ==, 0);

  pw_sync_test_drain (test->worker);
  for (guint i = 0; i < rows->len; i++)
    assert_row (test->store, rows->pdata[i], PW_OUTBOX_DONE);
  g_assert_false (pw_sync_worker_get_offline (test->worker));

  pw_sync_test_free (test);
}

/* A body the store holds damaged is kept, not sent. */
static void
test_sync_damaged_body (void)
{
  PwSyncTest *test = pw_sync_test_new (0);

  pw_store_queue_submission (test->store, PW_SYNC_TEST_ACCOUNT, "t-x", "c-x", "k-damaged",
                             "{\"claim_id\": 3", NULL);
  pw_sync_test_drain (test->worker);
  {
    g_autoptr (PwOutboxRow) row = pw_sync_test_row (test->store, "k-damaged");

    g_assert_cmpint (row->state, ==, PW_OUTBOX_REJECTED_BAD_REQUEST);
    g_assert_cmpstr (row->body, ==, "{\"claim_id\": 3");
  }
  g_assert_cmpuint (pw_demo_market_count_requests (test->demo->market, PW_DEMO_ENDPOINT_SUBMISSION), ==, 0);

  pw_sync_test_free (test);
}

static void
test_sync_backoff_bounds (void)
{
  g_assert_cmpint (pw_sync_backoff_delay (0, G_USEC_PER_SEC, 300 * G_USEC_PER_SEC, 1.0), ==, G_USEC_PER_SEC);
  g_assert_cmpint (pw_sync_backoff_delay (3, G_USEC_PER_SEC, 300 * G_USEC_PER_SEC, 1.0), ==, 8 * G_USEC_PER_SEC);
  g_assert_cmpint (pw_sync_backoff_delay (9, G_USEC_PER_SEC, 300 * G_USEC_PER_SEC, 1.0), ==, 300 * G_USEC_PER_SEC);
  g_assert_cmpint (pw_sync_backoff_delay (5000, G_USEC_PER_SEC, 300 * G_USEC_PER_SEC, 0.5), ==, 150 * G_USEC_PER_SEC);
  g_assert_cmpint (pw_sync_backoff_delay (4, G_USEC_PER_SEC, 300 * G_USEC_PER_SEC, 0.0), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  pw_demo_test_init (&argc, &argv);

  g_test_add_func ("/sync/worker/backoff-bounds", test_sync_backoff_bounds);
  g_test_add_func ("/sync/worker/lost-response", test_sync_lost_response);
  g_test_add_func ("/sync/worker/storm", test_sync_storm);
  g_test_add_func ("/sync/worker/retry-after", test_sync_retry_after);
  g_test_add_func ("/sync/worker/deadline", test_sync_deadline);
  g_test_add_func ("/sync/worker/expired", test_sync_expired);
  g_test_add_func ("/sync/worker/reassigned", test_sync_reassigned);
  g_test_add_func ("/sync/worker/mismatch", test_sync_mismatch);
  g_test_add_func ("/sync/worker/unauthorized", test_sync_unauthorized);
  g_test_add_func ("/sync/worker/in-flight", test_sync_in_flight);
  g_test_add_func ("/sync/worker/damaged-body", test_sync_damaged_body);
  g_test_add_func ("/sync/worker/offline", test_sync_offline);

  return g_test_run ();
}
