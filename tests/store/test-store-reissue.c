/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include "pw-store-test.h"

/* A task has one submission and one key: a task id handed out again, or a
 * second Submit, never queues a second submission with a new key while
 * the marketplace holds, or may hold, the first. */

static void
claim (PwStore    *store,
       const char *task_id,
       const char *claim_id)
{
  PwStoreTask task = {
    .account_id = "a-1", .task_id = (char *) task_id, .claim_id = (char *) claim_id,
    .project_id = "p-1", .kind = PW_TASK_KIND_IMAGE, .pay_micro = 40000, .currency = "USD",
    .lease_expires_at = g_get_real_time () + G_TIME_SPAN_HOUR,
  };

  pw_store_add_claimed_task (store, &task);
}

static PwOutboxRow *
get_row (PwStore    *store,
         const char *key)
{
  g_autoptr (GError) error = NULL;
  PwOutboxRow *row = pw_store_get_submission (store, key, &error);

  g_assert_no_error (error);
  return row;
}

static void
assert_task (PwStore     *store,
             const char  *task_id,
             PwTaskState  state,
             const char  *claim_id)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PwStoreTask) task = pw_store_get_task (store, "a-1", task_id, &error);

  g_assert_no_error (error);
  g_assert_cmpint (task->state, ==, state);
  g_assert_cmpstr (task->claim_id, ==, claim_id);
}

static void
finish (PwStore       *store,
        const char    *key,
        PwOutboxState  state)
{
  g_autoptr (GPtrArray) updates = g_ptr_array_new_with_free_func ((GDestroyNotify) pw_outbox_update_free);
  g_autoptr (PwOutboxRow) row = get_row (store, key);

  g_ptr_array_add (updates, pw_outbox_update_new (row->id, state, 1, 0, NULL,
                                                  state == PW_OUTBOX_DONE ? "{}" : NULL));
  pw_store_update_submissions (store, updates);
}

static guint
count_waiting (PwStore *store)
{
  g_autoptr (GError) error = NULL;
  guint n = 0;

  g_assert_true (pw_store_count_waiting_submissions (store, "a-1", &n, &error));
  g_assert_no_error (error);
  return n;
}

/* Handed out again while its submission waits, and again once it is
 * taken: the task stays submitted, then synced, with its first claim, and
 * its one key. */
static void
test_reissue_submitted (void)
{
  g_autoptr (PwStore) store = pw_store_test_open_new ("reissue");
  g_autoptr (PwOutboxRow) first = NULL;
  g_autoptr (PwOutboxRow) second = NULL;
  g_autoptr (PwOutboxRow) third = NULL;

  pw_store_add_account (store, "a-1", "Market", "http://127.0.0.1:1/api/", "piecework");
  claim (store, "t-1", "c-1");
  pw_store_queue_submission (store, "a-1", "t-1", "c-1", "k-1", "{\"n\":1}", "{}");

  claim (store, "t-1", "c-2");
  assert_task (store, "t-1", PW_TASK_STATE_SUBMITTED, "c-1");
  pw_store_queue_submission (store, "a-1", "t-1", "c-2", "k-2", "{\"n\":2}", "{}");
  second = get_row (store, "k-2");
  g_assert_null (second);
  first = get_row (store, "k-1");
  g_assert_cmpint (first->state, ==, PW_OUTBOX_PENDING);
  g_assert_cmpstr (first->body, ==, "{\"n\":1}");
  g_assert_cmpuint (count_waiting (store), ==, 1);
  assert_task (store, "t-1", PW_TASK_STATE_SUBMITTED, "c-1");

  finish (store, "k-1", PW_OUTBOX_DONE);
  assert_task (store, "t-1", PW_TASK_STATE_SYNCED, "c-1");
  claim (store, "t-1", "c-3");
  assert_task (store, "t-1", PW_TASK_STATE_SYNCED, "c-1");
  pw_store_queue_submission (store, "a-1", "t-1", "c-3", "k-3", "{\"n\":3}", "{}");
  third = get_row (store, "k-3");
  g_assert_null (third);
  assert_task (store, "t-1", PW_TASK_STATE_SYNCED, "c-1");
  g_assert_cmpuint (count_waiting (store), ==, 0);

  pw_store_test_close (&store);
}

/* A submission the marketplace holds another of (409, 422) is final too:
 * a new key would only meet the same answer. */
static void
test_reissue_conflict (void)
{
  g_autoptr (PwStore) store = pw_store_test_open_new ("reissue");
  g_autoptr (PwOutboxRow) second = NULL;

  pw_store_add_account (store, "a-1", "Market", "http://127.0.0.1:1/api/", "piecework");
  claim (store, "t-1", "c-1");
  pw_store_queue_submission (store, "a-1", "t-1", "c-1", "k-1", "{\"n\":1}", "{}");
  finish (store, "k-1", PW_OUTBOX_CONFLICT);
  claim (store, "t-1", "c-2");
  pw_store_queue_submission (store, "a-1", "t-1", "c-2", "k-2", "{\"n\":2}", "{}");
  second = get_row (store, "k-2");
  g_assert_null (second);
  assert_task (store, "t-1", PW_TASK_STATE_CONFLICT, "c-1");

  pw_store_test_close (&store);
}

/* A submission the marketplace refused for its lease, its claim or its
 * body took no effect: the task handed out again is new work, with a new
 * key. */
static void
test_reissue_after_refusal (void)
{
  const PwOutboxState refusals[] = {
    PW_OUTBOX_EXPIRED, PW_OUTBOX_REASSIGNED, PW_OUTBOX_REJECTED_BAD_REQUEST,
  };

  for (guint i = 0; i < G_N_ELEMENTS (refusals); i++)
    {
      g_autoptr (PwStore) store = pw_store_test_open_new ("reissue");
      g_autoptr (PwOutboxRow) first = NULL;
      g_autoptr (PwOutboxRow) second = NULL;

      pw_store_add_account (store, "a-1", "Market", "http://127.0.0.1:1/api/", "piecework");
      claim (store, "t-1", "c-1");
      pw_store_queue_submission (store, "a-1", "t-1", "c-1", "k-1", "{\"n\":1}", "{}");
      finish (store, "k-1", refusals[i]);
      claim (store, "t-1", "c-2");
      assert_task (store, "t-1", PW_TASK_STATE_CLAIMED, "c-2");
      pw_store_queue_submission (store, "a-1", "t-1", "c-2", "k-2", "{\"n\":2}", "{}");
      assert_task (store, "t-1", PW_TASK_STATE_SUBMITTED, "c-2");

      first = get_row (store, "k-1");
      g_assert_cmpint (first->state, ==, refusals[i]);
      second = get_row (store, "k-2");
      g_assert_nonnull (second);
      g_assert_cmpint (second->state, ==, PW_OUTBOX_PENDING);
      g_assert_cmpstr (second->body, ==, "{\"n\":2}");
      g_assert_cmpuint (count_waiting (store), ==, 1);

      pw_store_test_close (&store);
    }
}

/* A marketplace that started over, as the demo does at each start, forgot
 * what it held: the task id it hands out again is new work. */
static void
test_reissue_after_restart (void)
{
  g_autoptr (PwStore) store = pw_store_test_open_new ("reissue");
  g_autoptr (PwOutboxRow) first = NULL;
  g_autoptr (PwOutboxRow) second = NULL;

  pw_store_add_account (store, "a-1", "Market", "http://127.0.0.1:1/api/", "piecework");
  claim (store, "t-1", "c-1");
  pw_store_queue_submission (store, "a-1", "t-1", "c-1", "k-1", "{\"n\":1}", "{}");
  finish (store, "k-1", PW_OUTBOX_DONE);

  pw_store_restart_account (store, "a-1");
  assert_task (store, "t-1", PW_TASK_STATE_SYNCED, "c-1");
  claim (store, "t-1", "c-2");
  assert_task (store, "t-1", PW_TASK_STATE_CLAIMED, "c-2");
  pw_store_queue_submission (store, "a-1", "t-1", "c-2", "k-2", "{\"n\":2}", "{}");
  assert_task (store, "t-1", PW_TASK_STATE_SUBMITTED, "c-2");
  first = get_row (store, "k-1");
  g_assert_cmpint (first->state, ==, PW_OUTBOX_DONE);
  second = get_row (store, "k-2");
  g_assert_nonnull (second);
  g_assert_cmpint (second->state, ==, PW_OUTBOX_PENDING);

  pw_store_test_close (&store);
}

static void
claim_kind (PwStore    *store,
            const char *task_id,
            const char *claim_id,
            PwTaskKind  kind)
{
  PwStoreTask task = {
    .account_id = "a-1", .task_id = (char *) task_id, .claim_id = (char *) claim_id,
    .project_id = "p-1", .kind = kind, .pay_micro = 40000, .currency = "USD",
    .lease_expires_at = g_get_real_time () + G_TIME_SPAN_HOUR,
  };

  pw_store_add_claimed_task (store, &task);
}

static gboolean
has_draft (PwStore    *store,
           const char *task_id)
{
  g_autofree char *key = pw_store_task_draft_key ("a-1", task_id);
  g_autoptr (GError) error = NULL;
  g_autoptr (PwDraft) draft = pw_store_load_draft (store, key, &error);

  g_assert_no_error (error);
  return draft != NULL;
}

static void
edit (PwStore    *store,
      const char *task_id)
{
  g_autofree char *key = pw_store_task_draft_key ("a-1", task_id);

  pw_store_set_snapshot (store, key, "{\"choices\":[\"old\"]}");
}

/* The draft of a claim whose submission was taken is that claim's work:
 * when a marketplace that started over hands the task id out again, the
 * new claim starts from its own prefill, for every kind of task. While the submission may still
 * be held, the task is not new work and its draft stays; a task claimed
 * again under the same claim keeps its draft too. */
static void
test_reissue_forgets_draft (void)
{
  static const PwTaskKind kinds[] = { PW_TASK_KIND_IMAGE, PW_TASK_KIND_TEXT, PW_TASK_KIND_AUDIO };
  g_autoptr (PwStore) store = pw_store_test_open_new ("reissue");

  pw_store_add_account (store, "a-1", "Market", "http://127.0.0.1:1/api/", "piecework");
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      g_autofree char *task_id = g_strdup_printf ("t-%u", i);
      g_autofree char *key = g_strdup_printf ("k-%u", i);

      claim_kind (store, task_id, "c-1", kinds[i]);
      edit (store, task_id);
      claim_kind (store, task_id, "c-1", kinds[i]);
      g_assert_true (has_draft (store, task_id));

      pw_store_queue_submission (store, "a-1", task_id, "c-1", key, "{}", "{}");
      claim_kind (store, task_id, "c-2", kinds[i]);
      g_assert_true (has_draft (store, task_id));
      finish (store, key, PW_OUTBOX_DONE);
      claim_kind (store, task_id, "c-3", kinds[i]);
      g_assert_true (has_draft (store, task_id));
    }

  pw_store_restart_account (store, "a-1");
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      g_autofree char *task_id = g_strdup_printf ("t-%u", i);

      claim_kind (store, task_id, "c-4", kinds[i]);
      assert_task (store, task_id, PW_TASK_STATE_CLAIMED, "c-4");
      g_assert_false (has_draft (store, task_id));

      /* The new claim's own work is kept as any other. */
      edit (store, task_id);
      claim_kind (store, task_id, "c-4", kinds[i]);
      g_assert_true (has_draft (store, task_id));
    }

  /* A submission refused for its lease took nothing: the work stays for
   * the task's next claim. */
  claim (store, "t-refused", "c-1");
  edit (store, "t-refused");
  pw_store_queue_submission (store, "a-1", "t-refused", "c-1", "k-refused", "{}", "{}");
  finish (store, "k-refused", PW_OUTBOX_EXPIRED);
  claim (store, "t-refused", "c-2");
  assert_task (store, "t-refused", PW_TASK_STATE_CLAIMED, "c-2");
  g_assert_true (has_draft (store, "t-refused"));

  pw_store_test_close (&store);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/store/reissue/submitted", test_reissue_submitted);
  g_test_add_func ("/store/reissue/conflict", test_reissue_conflict);
  g_test_add_func ("/store/reissue/after-refusal", test_reissue_after_refusal);
  g_test_add_func ("/store/reissue/after-restart", test_reissue_after_restart);
  g_test_add_func ("/store/reissue/forgets-draft", test_reissue_forgets_draft);

  return g_test_run ();
}
