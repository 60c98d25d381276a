/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gstdio.h>

#include "pw-sync-test.h"

/* The sync tests' marketplace and store (pw-sync-test.h): the demo's sample
 * data rewritten with as many text tasks as asked, so no media is made,
 * served from a thread of its own with no review delay and no Retry-After
 * wait. */

static gpointer
serve (gpointer data)
{
  PwDemoTest *demo = data;
  g_autoptr (GError) error = NULL;

  g_main_context_push_thread_default (demo->context);
  if (!pw_demo_market_listen (demo->market, 0, &error))
    g_error ("The demo marketplace did not listen: %s", error->message);

  g_mutex_lock (&demo->mutex);
  demo->listening = TRUE;
  g_cond_signal (&demo->cond);
  g_mutex_unlock (&demo->mutex);

  g_main_loop_run (demo->loop);
  g_main_context_pop_thread_default (demo->context);
  return NULL;
}

/* The sample data, with @n_tasks tasks in the text project, which needs
 * no media. */
static char *
write_samples (guint n_tasks)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *source = g_build_filename (g_getenv ("PW_SOURCE_ROOT"), "app", "demo",
                                              "resources", NULL);
  g_autofree char *projects_in = g_build_filename (source, "projects.json", NULL);
  g_autofree char *sentences_in = g_build_filename (source, "sentences.txt", NULL);
  g_autofree char *dir = g_dir_make_tmp ("sync-samples-XXXXXX", &error);
  g_autofree char *projects_out = NULL;
  g_autofree char *sentences_out = NULL;
  g_autofree char *text = NULL;
  g_autofree char *sentences = NULL;
  g_autoptr (JsonNode) root = NULL;
  JsonArray *projects;

  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (projects_in, &text, NULL, &error));
  g_assert_no_error (error);
  root = json_from_string (text, &error);
  g_assert_no_error (error);
  projects = json_object_get_array_member (json_node_get_object (root), "projects");
  for (guint i = 0; i < json_array_get_length (projects); i++)
    {
      JsonObject *project = json_array_get_object_element (projects, i);

      if (g_str_equal (json_object_get_string_member (project, "id"), PW_SYNC_TEST_PROJECT))
        json_object_set_int_member (project, "tasks", n_tasks);
    }
  g_clear_pointer (&text, g_free);
  text = json_to_string (root, FALSE);
  projects_out = g_build_filename (dir, "projects.json", NULL);
  g_assert_true (g_file_set_contents (projects_out, text, -1, &error));

  g_assert_true (g_file_get_contents (sentences_in, &sentences, NULL, &error));
  sentences_out = g_build_filename (dir, "sentences.txt", NULL);
  g_assert_true (g_file_set_contents (sentences_out, sentences, -1, &error));
  g_assert_no_error (error);

  return g_steal_pointer (&dir);
}

PwDemoTest *
pw_sync_test_new_demo (guint   n_tasks,
                       char  **samples_dir)
{
  PwDemoTest *demo = g_new0 (PwDemoTest, 1);
  g_autoptr (GError) error = NULL;

  *samples_dir = write_samples (MAX (n_tasks, 200));
  demo->data_dir = g_dir_make_tmp ("sync-market-XXXXXX", &error);
  g_assert_no_error (error);
  demo->market = pw_demo_market_new (demo->data_dir, NULL, 7);
  pw_demo_market_set_samples_dir (demo->market, *samples_dir);
  pw_demo_market_set_media_scale (demo->market, 0.05);
  pw_demo_market_set_speech (demo->market, FALSE);
  pw_demo_market_set_review_delay (demo->market, 0);
  pw_demo_market_set_retry_after (demo->market, 0);
  g_assert_true (pw_demo_market_prepare (demo->market, NULL, &error));
  g_assert_no_error (error);

  g_mutex_init (&demo->mutex);
  g_cond_init (&demo->cond);
  demo->context = g_main_context_new ();
  demo->loop = g_main_loop_new (demo->context, FALSE);
  demo->thread = g_thread_new ("demo-market", serve, demo);
  g_mutex_lock (&demo->mutex);
  while (!demo->listening)
    g_cond_wait (&demo->cond, &demo->mutex);
  g_mutex_unlock (&demo->mutex);

  demo->base_url = pw_demo_market_get_base_url (demo->market);
  demo->origin = pw_demo_market_get_origin (demo->market);
  demo->session = soup_session_new_with_options ("timeout", 10, NULL);
  return demo;
}

static void
remove_samples (char *dir)
{
  const char *names[] = { "projects.json", "sentences.txt" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = g_build_filename (dir, names[i], NULL);

      g_unlink (path);
    }
  g_rmdir (dir);
  g_free (dir);
}

void
pw_sync_test_free_demo (PwDemoTest *demo,
                        char       *samples_dir)
{
  pw_demo_test_free (demo);
  remove_samples (samples_dir);
}

PwConnector *
pw_sync_test_client (const char *account_id,
                     gpointer    user_data)
{
  const char *base_url = user_data;
  g_autoptr (GError) error = NULL;
  PwMarketClient *client;

  if (!g_str_equal (account_id, PW_SYNC_TEST_ACCOUNT))
    return NULL;
  client = pw_market_client_new (base_url, PW_DEMO_MARKET_TOKEN, &error);
  g_assert_no_error (error);
  return PW_CONNECTOR (client);
}

PwSyncTest *
pw_sync_test_new (guint n_tasks)
{
  static guint n_stores;
  PwSyncTest *test = g_new0 (PwSyncTest, 1);
  g_autoptr (GError) error = NULL;
  g_autofree char *name = g_strdup_printf ("sync-test-%u.db", ++n_stores);

  /* A store of its own: each demo marketplace hands out the same task ids,
   * which a store that knew them submitted would not submit again. */
  test->demo = pw_sync_test_new_demo (n_tasks, &test->samples_dir);
  test->store_path = g_build_filename (g_get_user_data_dir (), name, NULL);
  test->store = pw_store_new_for_path (test->store_path, &error);
  g_assert_no_error (error);
  pw_store_add_account (test->store, PW_SYNC_TEST_ACCOUNT, "Demo", test->demo->base_url, "piecework");
  test->worker = pw_sync_worker_new (test->store, pw_sync_test_client,
                                     g_strdup (test->demo->base_url), g_free);
  pw_sync_worker_set_backoff (test->worker, 10 * G_TIME_SPAN_MILLISECOND,
                              200 * G_TIME_SPAN_MILLISECOND);
  return test;
}

/* Drops the last reference to @object and checks it is gone; callbacks
 * still queued may hold it a moment. */
static void
close_object (gpointer *object)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_TIME_SPAN_SECOND;

  g_object_add_weak_pointer (*object, object);
  g_object_unref (*object);
  while (*object != NULL && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_assert_null (*object);
}

void
pw_sync_test_close_worker (PwSyncWorker **worker)
{
  pw_sync_worker_stop (*worker);
  close_object ((gpointer *) worker);
}

void
pw_sync_test_free (PwSyncTest *test)
{
  pw_sync_test_close_worker (&test->worker);
  close_object ((gpointer *) &test->store);
  pw_sync_test_free_demo (test->demo, test->samples_dir);
  g_free (test->store_path);
  g_free (test);
}

void
pw_sync_test_row_free (PwSyncTestRow *row)
{
  g_free (row->task_id);
  g_free (row->claim_id);
  g_free (row->key);
  g_free (row);
}

/* Claims @n_tasks tasks of the text project, 100 at a time. */
GPtrArray *
pw_sync_test_claim (PwDemoTest *demo,
                    guint       n_tasks)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) pw_sync_test_row_free);

  while (rows->len < n_tasks)
    {
      g_autoptr (PwDemoAnswer) claim = pw_demo_test_claim (demo, PW_SYNC_TEST_PROJECT,
                                                           MIN (100, n_tasks - rows->len));
      JsonArray *tasks;

      g_assert_cmpuint (claim->status, ==, 201);
      tasks = pw_demo_answer_array (claim, "tasks");
      g_assert_cmpuint (json_array_get_length (tasks), >, 0);
      for (guint i = 0; i < json_array_get_length (tasks); i++)
        {
          JsonObject *task = json_array_get_object_element (tasks, i);
          PwSyncTestRow *row = g_new0 (PwSyncTestRow, 1);

          row->task_id = g_strdup (json_object_get_string_member (task, "id"));
          row->claim_id = g_strdup (pw_demo_answer_string (claim, "claim_id"));
          row->key = pw_market_new_idempotency_key ();
          g_ptr_array_add (rows, row);
        }
    }
  return rows;
}

/* Queues a submission for each row, as the worker's Submit would. */
void
pw_sync_test_queue (PwStore   *store,
                    GPtrArray *rows)
{
  g_autoptr (JsonNode) annotation = json_from_string ("{\"choices\": [\"positive\"], "
                                                      "\"spans\": [{\"start\": 0, \"end\": 4, "
                                                      "\"label\": \"ORG\"}]}", NULL);
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr (GError) error = NULL;

  for (guint i = 0; i < rows->len; i++)
    {
      PwSyncTestRow *row = rows->pdata[i];
      g_autofree char *body = pw_market_submission_body_new (row->claim_id, annotation,
                                                             12.5 + i, now);
      PwStoreTask task = {
        .account_id = PW_SYNC_TEST_ACCOUNT, .task_id = row->task_id, .claim_id = row->claim_id,
        .project_id = PW_SYNC_TEST_PROJECT, .kind = PW_TASK_KIND_TEXT, .pay_micro = 15000,
        .currency = "USD", .lease_expires_at = g_get_real_time () + G_TIME_SPAN_HOUR,
      };

      pw_store_add_claimed_task (store, &task);
      pw_store_queue_submission (store, PW_SYNC_TEST_ACCOUNT, row->task_id, row->claim_id,
                                 row->key, body, NULL);
    }
  g_assert_true (pw_store_flush (store, &error));
  g_assert_no_error (error);
}

static void
on_drained (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (pw_sync_worker_drain_finish (PW_SYNC_WORKER (source), result, &error));
  g_assert_no_error (error);
  *(gboolean *) user_data = TRUE;
}

static gboolean
on_timeout (gpointer data)
{
  g_error ("Timed out draining the outbox");
  return G_SOURCE_REMOVE;
}

void
pw_sync_test_drain (PwSyncWorker *worker)
{
  gboolean done = FALSE;
  guint timeout = g_timeout_add_seconds (120, on_timeout, NULL);

  pw_sync_worker_drain_async (worker, NULL, on_drained, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (timeout);
}

PwOutboxRow *
pw_sync_test_row (PwStore    *store,
                  const char *key)
{
  g_autoptr (GError) error = NULL;
  PwOutboxRow *row = pw_store_get_submission (store, key, &error);

  g_assert_no_error (error);
  g_assert_nonnull (row);
  return row;
}
