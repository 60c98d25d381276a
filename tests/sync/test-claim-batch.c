/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "pw-sync-test.h"

/* Claiming a batch for offline work: the tasks and their project are in the
 * store, their media in the cache; released and expired tasks leave the
 * queue; a failed download keeps its task. */

typedef struct
{
  guint last_done;
  guint last_tasks;
  guint calls;
} Progress;

static void
on_progress (guint    n_done,
             guint    n_tasks,
             goffset  received,
             goffset  total,
             gpointer user_data)
{
  Progress *progress = user_data;

  g_assert_cmpuint (n_done, <=, MAX (n_tasks, 1));
  g_assert_cmpuint (n_done, >=, progress->last_done);
  progress->last_done = n_done;
  progress->last_tasks = n_tasks;
  progress->calls++;
}

static void
on_ready (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static PwClaimBatch *
claim (PwSyncTest  *test,
       const char  *project_id,
       guint        count,
       GFile       *media_dir,
       Progress    *progress,
       GError     **error)
{
  g_autoptr (PwConnector) client = pw_sync_test_client (PW_SYNC_TEST_ACCOUNT,
                                                        test->demo->base_url);
  g_autoptr (GAsyncResult) result = NULL;

  pw_claim_batch_async (test->store, client, PW_SYNC_TEST_ACCOUNT, project_id, count, media_dir,
                        on_progress, progress, NULL, on_ready, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return pw_claim_batch_finish (result, error);
}

static GFile *
new_media_dir (void)
{
  g_autofree char *path = g_build_filename (g_get_user_cache_dir (), "piecework", "media", NULL);

  g_assert_cmpint (g_mkdir_with_parents (path, 0700), ==, 0);
  return g_file_new_for_path (path);
}

static void
test_claim_batch_offline (void)
{
  PwSyncTest *test = pw_sync_test_new (0);
  g_autoptr (GFile) media_dir = new_media_dir ();
  g_autoptr (GError) error = NULL;
  g_autoptr (PwClaimBatch) batch = NULL;
  g_autoptr (GPtrArray) open = NULL;
  g_auto (GStrv) ids = NULL;
  g_auto (GStrv) files = NULL;
  Progress progress = { 0, };

  pw_demo_test_qualify (test->demo, "p-street-qual");
  batch = claim (test, "p-street-vehicles", 3, media_dir, &progress, &error);
  g_assert_no_error (error);
  ids = pw_claim_batch_get_task_ids (batch);
  files = pw_claim_batch_get_media_files (batch);
  g_assert_cmpuint (g_strv_length (ids), ==, 3);
  g_assert_cmpuint (pw_claim_batch_get_n_media_failed (batch), ==, 0);
  g_assert_cmpuint (progress.last_done, ==, 3);
  g_assert_cmpuint (progress.last_tasks, ==, 3);
  g_assert_cmpuint (progress.calls, >=, 4);
  g_assert_cmpint (pw_claim_batch_get_lease_expires_at (batch), >, g_get_real_time ());

  /* Everything the work needs is on disk: the task, its project's labels,
   * its media, named by content and not by the server's id. */
  open = pw_store_list_open_tasks (test->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (open->len, ==, 3);
  for (guint i = 0; i < open->len; i++)
    {
      PwStoreTask *task = open->pdata[i];

      g_assert_true (g_strv_contains ((const char *const *) ids, task->task_id));
      g_assert_cmpint (task->state, ==, PW_TASK_STATE_CLAIMED);
      g_assert_cmpint (task->kind, ==, PW_TASK_KIND_IMAGE);
      g_assert_cmpstr (task->claim_id, ==, pw_claim_batch_get_claim_id (batch));
      g_assert_nonnull (strstr (task->task_json, task->task_id));
      g_assert_nonnull (task->project_json);
      g_assert_nonnull (strstr (task->project_json, "\"labels\""));
      g_assert_nonnull (task->media_file);
      g_assert_true (g_strv_contains ((const char *const *) files, task->media_file));
      g_assert_true (g_file_test (task->media_file, G_FILE_TEST_IS_REGULAR));
      g_assert_null (strstr (task->media_file, task->task_id));
      g_assert_cmpint (task->lease_expires_at, ==, pw_claim_batch_get_lease_expires_at (batch));
    }

  pw_sync_test_free (test);
}

static void
test_claim_batch_release_expire (void)
{
  PwSyncTest *test = pw_sync_test_new (0);
  g_autoptr (GFile) media_dir = new_media_dir ();
  g_autoptr (GError) error = NULL;
  g_autoptr (PwClaimBatch) batch = NULL;
  g_autoptr (GPtrArray) open = NULL;
  g_autoptr (PwStoreTask) task = NULL;
  g_auto (GStrv) ids = NULL;
  const char *released[2] = { NULL, NULL };
  Progress progress = { 0, };

  batch = claim (test, "p-review-sentiment", 3, media_dir, &progress, &error);
  g_assert_no_error (error);
  ids = pw_claim_batch_get_task_ids (batch);

  released[0] = ids[1];
  pw_store_release_tasks (test->store, PW_SYNC_TEST_ACCOUNT, released);
  open = pw_store_list_open_tasks (test->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (open->len, ==, 2);
  task = pw_store_get_task (test->store, PW_SYNC_TEST_ACCOUNT, ids[1], &error);
  g_assert_no_error (error);
  g_assert_cmpint (task->state, ==, PW_TASK_STATE_RELEASED);
  g_clear_pointer (&task, pw_store_task_free);

  /* A submitted task is not handed back, and does not expire. */
  pw_store_queue_submission (test->store, PW_SYNC_TEST_ACCOUNT, ids[0],
                             pw_claim_batch_get_claim_id (batch),
                             "9b2f4a4e-6f5e-4c55-9a59-3f2f3f7c8d11", "{}", "{}");
  released[0] = ids[0];
  pw_store_release_tasks (test->store, PW_SYNC_TEST_ACCOUNT, released);
  pw_store_expire_tasks (test->store, pw_claim_batch_get_lease_expires_at (batch));
  task = pw_store_get_task (test->store, PW_SYNC_TEST_ACCOUNT, ids[0], &error);
  g_assert_no_error (error);
  g_assert_cmpint (task->state, ==, PW_TASK_STATE_SUBMITTED);
  g_clear_pointer (&task, pw_store_task_free);
  task = pw_store_get_task (test->store, PW_SYNC_TEST_ACCOUNT, ids[2], &error);
  g_assert_no_error (error);
  g_assert_cmpint (task->state, ==, PW_TASK_STATE_EXPIRED);
  g_clear_pointer (&task, pw_store_task_free);

  g_clear_pointer (&open, g_ptr_array_unref);
  open = pw_store_list_open_tasks (test->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (open->len, ==, 0);

  g_assert_null (pw_store_get_task (test->store, PW_SYNC_TEST_ACCOUNT, "t-none", &error));
  g_assert_error (error, PW_ERROR, PW_ERROR_NOT_FOUND);

  pw_sync_test_free (test);
}

static void
test_claim_batch_restart (void)
{
  PwSyncTest *test = pw_sync_test_new (0);
  g_autoptr (GFile) media_dir = new_media_dir ();
  g_autoptr (GError) error = NULL;
  g_autoptr (PwClaimBatch) batch = NULL;
  g_autoptr (GPtrArray) open = NULL;
  g_autoptr (GPtrArray) entries = g_ptr_array_new ();
  g_autoptr (PwStoreTask) task = NULL;
  g_autofree char *cursor = NULL;
  g_auto (GStrv) ids = NULL;
  Progress progress = { 0, };

  /* A marketplace that started over, as the demo does at each start. */
  pw_demo_market_set_instance (test->demo->market, "run7");
  batch = claim (test, "p-review-sentiment", 2, media_dir, &progress, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (pw_claim_batch_get_claim_id (batch), "c-run7-"));
  ids = pw_claim_batch_get_task_ids (batch);
  pw_store_queue_submission (test->store, PW_SYNC_TEST_ACCOUNT, ids[0],
                             pw_claim_batch_get_claim_id (batch),
                             "0b7e8a52-4a4f-4d3a-9d8e-2f0c5a1b9e77", "{}", "{}");
  pw_store_merge_statement (test->store, PW_SYNC_TEST_ACCOUNT, entries, "s9");
  g_assert_true (pw_store_get_statement_cursor (test->store, PW_SYNC_TEST_ACCOUNT, &cursor, &error));
  g_assert_cmpstr (cursor, ==, "s9");
  g_clear_pointer (&cursor, g_free);

  pw_store_restart_account (test->store, PW_SYNC_TEST_ACCOUNT);
  open = pw_store_list_open_tasks (test->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (open->len, ==, 0);
  task = pw_store_get_task (test->store, PW_SYNC_TEST_ACCOUNT, ids[1], &error);
  g_assert_cmpint (task->state, ==, PW_TASK_STATE_RELEASED);
  g_clear_pointer (&task, pw_store_task_free);
  task = pw_store_get_task (test->store, PW_SYNC_TEST_ACCOUNT, ids[0], &error);
  g_assert_cmpint (task->state, ==, PW_TASK_STATE_SUBMITTED);
  g_assert_true (pw_store_get_statement_cursor (test->store, PW_SYNC_TEST_ACCOUNT, &cursor, &error));
  g_assert_no_error (error);
  g_assert_null (cursor);

  pw_sync_test_free (test);
}

static void
test_claim_batch_history (void)
{
  PwSyncTest *test = pw_sync_test_new (0);
  g_autoptr (GFile) media_dir = new_media_dir ();
  g_autoptr (GError) error = NULL;
  g_autoptr (PwClaimBatch) batch = NULL;
  g_autoptr (GPtrArray) open = NULL;
  g_autoptr (GPtrArray) submitted = NULL;
  g_autoptr (GAsyncResult) fetched = NULL;
  g_autoptr (PwConnector) client = NULL;
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  Progress progress = { 0, };
  guint n_entries = 0;

  batch = claim (test, "p-review-sentiment", 3, media_dir, &progress, &error);
  g_assert_no_error (error);
  open = pw_store_list_open_tasks (test->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (open->len, ==, 3);

  /* Two tasks are done and sent; the third waits. */
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr (PwAnnotation) annotation = pw_annotation_new (10, 10);
      g_autofree char *key = pw_task_submit (test->store, open->pdata[i], annotation, 12.5, now);

      g_assert_nonnull (key);
    }
  pw_sync_test_drain (test->worker);

  client = pw_sync_test_client (PW_SYNC_TEST_ACCOUNT, test->demo->base_url);
  pw_statement_fetch_async (test->store, client, PW_SYNC_TEST_ACCOUNT, NULL, on_ready, &fetched);
  while (fetched == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (pw_statement_fetch_finish (fetched, &n_entries, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_entries, >=, 2);

  submitted = pw_store_list_submitted (test->store, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (submitted->len, ==, 2);
  for (guint i = 0; i < submitted->len; i++)
    {
      PwSubmittedTask *task = submitted->pdata[i];

      g_assert_cmpint (task->state, ==, PW_OUTBOX_DONE);
      g_assert_cmpstr (task->account_name, ==, "Demo");
      g_assert_nonnull (task->project_name);
      g_assert_nonnull (task->annotation);
      g_assert_nonnull (task->entry_status);
      g_assert_true (g_str_equal (task->entry_status, "pending")
                     || g_str_equal (task->entry_status, "approved")
                     || g_str_equal (task->entry_status, "rejected"));
      g_assert_cmpstr (task->currency, ==, "USD");
      g_assert_cmpint (task->amount_micro, >, 0);
    }
  g_clear_pointer (&submitted, g_ptr_array_unref);
  submitted = pw_store_list_submitted (test->store, 1, &error);
  g_assert_cmpuint (submitted->len, ==, 1);

  g_clear_object (&fetched);
  g_clear_object (&client);
  pw_sync_test_free (test);
}

static void
test_claim_batch_bad_media (void)
{
  PwSyncTest *test = pw_sync_test_new (0);
  g_autoptr (GFile) media_dir = new_media_dir ();
  g_autoptr (GError) error = NULL;
  g_autoptr (PwClaimBatch) batch = NULL;
  g_autoptr (GPtrArray) open = NULL;
  Progress progress = { 0, };

  /* Every media answer lies about its content: the tasks are kept, without
   * media, and the batch says why. */
  pw_demo_test_qualify (test->demo, "p-street-qual");
  pw_demo_market_set_fault (test->demo->market, PW_DEMO_FAULT_WRONG_SHA256, 100);
  batch = claim (test, "p-street-vehicles", 2, media_dir, &progress, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pw_claim_batch_get_n_media_failed (batch), ==, 2);
  g_assert_nonnull (pw_claim_batch_get_media_error (batch));
  open = pw_store_list_open_tasks (test->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (open->len, ==, 2);
  g_assert_null (((PwStoreTask *) open->pdata[0])->media_file);

  g_clear_pointer (&batch, pw_claim_batch_free);
  progress = (Progress) { 0, };
  batch = claim (test, "p-nothing-here", 2, media_dir, &progress, &error);
  g_assert_null (batch);
  g_assert_error (error, PW_ERROR, PW_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "p-nothing-here"));

  pw_sync_test_free (test);
}

int
main (int   argc,
      char *argv[])
{
  pw_demo_test_init (&argc, &argv);

  g_test_add_func ("/claim-batch/offline", test_claim_batch_offline);
  g_test_add_func ("/claim-batch/release-expire", test_claim_batch_release_expire);
  g_test_add_func ("/claim-batch/bad-media", test_claim_batch_bad_media);
  g_test_add_func ("/claim-batch/restart", test_claim_batch_restart);
  g_test_add_func ("/claim-batch/history", test_claim_batch_history);

  return g_test_run ();
}
