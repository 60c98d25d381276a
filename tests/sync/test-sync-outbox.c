/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include "../store/pw-store-test.h"

/* The outbox in the store, without a marketplace. */

static void
add_task (PwStore    *store,
          const char *task_id)
{
  PwStoreTask task = {
    .account_id = "a-1", .task_id = (char *) task_id, .claim_id = "c-1", .project_id = "p-1",
    .kind = PW_TASK_KIND_IMAGE, .pay_micro = 40000, .currency = "USD",
    .lease_expires_at = g_get_real_time () + G_TIME_SPAN_HOUR,
  };

  pw_store_add_claimed_task (store, &task);
}

static PwTaskState
task_state (PwStore    *store,
            const char *task_id)
{
  g_autoptr (GError) error = NULL;
  PwTaskState state;

  g_assert_true (pw_store_get_task_state (store, "a-1", task_id, &state, &error));
  g_assert_no_error (error);
  return state;
}

static PwOutboxRow *
get_row (PwStore    *store,
         const char *key)
{
  g_autoptr (GError) error = NULL;
  PwOutboxRow *row = pw_store_get_submission (store, key, &error);

  g_assert_no_error (error);
  g_assert_nonnull (row);
  return row;
}

static void
test_outbox_queue_and_finish (void)
{
  g_autoptr (PwStore) store = pw_store_test_open (NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) due = NULL;
  g_autoptr (GPtrArray) updates = g_ptr_array_new_with_free_func ((GDestroyNotify) pw_outbox_update_free);
  g_autoptr (GPtrArray) final = NULL;
  g_autoptr (GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr (PwOutboxRow) row = NULL;
  g_auto (GStrv) accounts = NULL;
  guint n_waiting = 0;
  gint64 next = 0;

  pw_store_add_account (store, "a-1", "Demo", "http://127.0.0.1:1/api/", "piecework");
  add_task (store, "t-1");
  add_task (store, "t-2");
  g_assert_cmpint (task_state (store, "t-1"), ==, PW_TASK_STATE_CLAIMED);

  pw_store_queue_submission (store, "a-1", "t-1", "c-1", "k-1", "{\"n\":1}", "{\"shapes\":[]}");
  pw_store_queue_submission (store, "a-1", "t-2", "c-1", "k-2", "{\"n\":2}", NULL);
  g_assert_cmpint (task_state (store, "t-1"), ==, PW_TASK_STATE_SUBMITTED);

  g_assert_true (pw_store_count_waiting_submissions (store, NULL, &n_waiting, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_waiting, ==, 2);
  accounts = pw_store_list_outbox_accounts (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (accounts), ==, 1);
  g_assert_cmpstr (accounts[0], ==, "a-1");

  due = pw_store_list_due_submissions (store, "a-1", g_get_real_time (), 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (due->len, ==, 2);
  row = get_row (store, "k-1");
  g_assert_cmpint (row->id, ==, ((PwOutboxRow *) due->pdata[0])->id);
  g_assert_cmpstr (row->body, ==, "{\"n\":1}");
  g_assert_cmpstr (row->annotation, ==, "{\"shapes\":[]}");
  g_assert_cmpint (row->state, ==, PW_OUTBOX_PENDING);
  g_assert_cmpuint (row->attempts, ==, 0);

  /* Sending, then a crash: back to pending at start-up. */
  g_array_append_val (ids, row->id);
  pw_store_mark_sending (store, ids);
  g_clear_pointer (&row, pw_outbox_row_free);
  row = get_row (store, "k-1");
  g_assert_cmpint (row->state, ==, PW_OUTBOX_SENDING);
  g_clear_pointer (&row, pw_outbox_row_free);
  g_assert_true (pw_store_count_waiting_submissions (store, "a-1", &n_waiting, &error));
  g_assert_cmpuint (n_waiting, ==, 2);
  pw_store_reset_sending (store);
  row = get_row (store, "k-1");
  g_assert_cmpint (row->state, ==, PW_OUTBOX_PENDING);

  /* One done, one retried later, in one batch. */
  g_ptr_array_add (updates, pw_outbox_update_new (row->id, PW_OUTBOX_DONE, 1, 0, NULL,
                                                  "{\"submission_id\":\"s-1\"}"));
  g_ptr_array_add (updates, pw_outbox_update_new (((PwOutboxRow *) due->pdata[1])->id,
                                                  PW_OUTBOX_PENDING, 1, G_MAXINT64 / 2,
                                                  "503", NULL));
  pw_store_update_submissions (store, updates);
  g_clear_pointer (&row, pw_outbox_row_free);
  row = get_row (store, "k-1");
  g_assert_cmpint (row->state, ==, PW_OUTBOX_DONE);
  g_assert_cmpstr (row->result_json, ==, "{\"submission_id\":\"s-1\"}");
  g_assert_cmpint (task_state (store, "t-1"), ==, PW_TASK_STATE_SYNCED);
  g_clear_pointer (&due, g_ptr_array_unref);
  due = pw_store_list_due_submissions (store, "a-1", g_get_real_time (), 10, &error);
  g_assert_cmpuint (due->len, ==, 0);
  g_assert_true (pw_store_get_next_attempt (store, "a-1", &next, &error));
  g_assert_cmpint (next, ==, G_MAXINT64 / 2);

  /* A final state keeps the work, and a done row never moves again. */
  g_ptr_array_set_size (updates, 0);
  g_ptr_array_add (updates, pw_outbox_update_new (row->id,
                                                  PW_OUTBOX_PENDING, 5, 0, NULL, NULL));
  pw_store_update_submissions (store, updates);
  g_clear_pointer (&row, pw_outbox_row_free);
  row = get_row (store, "k-2");
  g_ptr_array_set_size (updates, 0);
  g_ptr_array_add (updates, pw_outbox_update_new (row->id, PW_OUTBOX_EXPIRED, 2, 0,
                                                  "lease_expired", NULL));
  pw_store_update_submissions (store, updates);
  g_clear_pointer (&row, pw_outbox_row_free);
  row = get_row (store, "k-1");
  g_assert_cmpint (row->state, ==, PW_OUTBOX_DONE);
  g_clear_pointer (&row, pw_outbox_row_free);
  final = pw_store_list_final_submissions (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (final->len, ==, 1);
  row = g_ptr_array_steal_index (final, 0);
  g_assert_cmpstr (row->idempotency_key, ==, "k-2");
  g_assert_cmpint (row->state, ==, PW_OUTBOX_EXPIRED);
  g_assert_cmpstr (row->body, ==, "{\"n\":2}");
  g_assert_cmpstr (row->last_error, ==, "lease_expired");
  g_assert_cmpint (task_state (store, "t-2"), ==, PW_TASK_STATE_EXPIRED);
  g_assert_true (pw_store_count_waiting_submissions (store, NULL, &n_waiting, &error));
  g_assert_cmpuint (n_waiting, ==, 0);

  pw_store_test_close (&store);
}

static void
on_counted (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr (GError) error = NULL;
  guint n_waiting = G_MAXUINT;

  g_assert_true (pw_store_count_waiting_submissions_finish (PW_STORE (source), result,
                                                            &n_waiting, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_waiting, ==, 1);
  *(gboolean *) user_data = TRUE;
}

static void
test_outbox_async (void)
{
  g_autoptr (PwStore) store = pw_store_test_open (NULL);
  gboolean done = FALSE;

  pw_store_queue_submission (store, "a-1", "t-9", "c-1", "k-9", "{}", NULL);
  pw_store_count_waiting_submissions_async (store, NULL, NULL, on_counted, &done);
  pw_store_test_run_until (&done);

  pw_store_test_close (&store);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/sync/outbox/queue-and-finish", test_outbox_queue_and_finish);
  g_test_add_func ("/sync/outbox/async", test_outbox_async);

  return g_test_run ();
}
