/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "pw-sync-test.h"
#include "sync/pw-sync-worker-private.h"

/* Many submissions, and a process killed while it sends them: each task is
 * submitted exactly once, and no row is lost. */

static void
assert_exactly_once (PwDemoTest *demo,
                     PwStore    *store,
                     GPtrArray  *rows)
{
  g_autoptr (GHashTable) keys = g_hash_table_new (g_str_hash, g_str_equal);
  guint n_waiting = G_MAXUINT;

  for (guint i = 0; i < rows->len; i++)
    {
      PwSyncTestRow *queued = rows->pdata[i];
      g_autoptr (PwOutboxRow) row = pw_sync_test_row (store, queued->key);
      g_auto (GStrv) sent_keys = pw_demo_market_dup_submission_keys (demo->market, queued->task_id);

      g_assert_cmpint (row->state, ==, PW_OUTBOX_DONE);
      g_assert_cmpuint (pw_demo_market_count_submissions (demo->market, queued->task_id), ==, 1);
      g_assert_cmpuint (g_strv_length (sent_keys), >=, 1);
      for (guint j = 0; sent_keys[j] != NULL; j++)
        g_assert_cmpstr (sent_keys[j], ==, queued->key);
      g_assert_true (g_hash_table_add (keys, queued->key));
    }
  g_assert_cmpuint (g_hash_table_size (keys), ==, rows->len);
  g_assert_true (pw_store_count_waiting_submissions (store, NULL, &n_waiting, NULL));
  g_assert_cmpuint (n_waiting, ==, 0);
}

static void
test_sync_thousand (void)
{
  PwSyncTest *test = pw_sync_test_new (1000);
  g_autoptr (GPtrArray) rows = pw_sync_test_claim (test->demo, 1000);
  g_autoptr (JsonNode) statement = NULL;

  pw_sync_test_queue (test->store, rows);
  pw_sync_test_drain (test->worker);

  assert_exactly_once (test->demo, test->store, rows);
  g_assert_cmpuint (pw_demo_market_count_requests (test->demo->market, PW_DEMO_ENDPOINT_SUBMISSION),
                    ==, 1000);
  g_assert_cmpuint (_pw_sync_worker_get_max_in_flight (test->worker, PW_SYNC_TEST_ACCOUNT), <=,
                    PW_SYNC_MAX_IN_FLIGHT);

  pw_sync_test_free (test);
}

/* The child: queues the rows listed in @rows_file, says so, and sends
 * them until it is killed. */
static int
run_child (const char *store_path,
           const char *base_url,
           const char *rows_file)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) pw_sync_test_row_free);
  g_autofree char *text = NULL;
  g_auto (GStrv) lines = NULL;
  g_autoptr (PwStore) store = NULL;
  g_autoptr (PwSyncWorker) worker = NULL;

  if (!g_file_get_contents (rows_file, &text, NULL, &error))
    g_error ("%s", error->message);
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL && *lines[i] != '\0'; i++)
    {
      g_auto (GStrv) parts = g_strsplit (lines[i], " ", 3);
      PwSyncTestRow *row = g_new0 (PwSyncTestRow, 1);

      row->task_id = g_strdup (parts[0]);
      row->claim_id = g_strdup (parts[1]);
      row->key = g_strdup (parts[2]);
      g_ptr_array_add (rows, row);
    }

  store = pw_store_new_for_path (store_path, &error);
  if (store == NULL)
    g_error ("%s", error->message);
  pw_store_add_account (store, PW_SYNC_TEST_ACCOUNT, "Demo", base_url, "piecework");
  pw_sync_test_queue (store, rows);
  printf ("queued\n");
  fflush (stdout);

  worker = pw_sync_worker_new (store, pw_sync_test_client, g_strdup (base_url), g_free);
  pw_sync_test_drain (worker);
  printf ("drained\n");
  pw_sync_worker_stop (worker);
  return 0;
}

static void
wait_for_line (int         fd,
               const char *line)
{
  g_autoptr (GString) seen = g_string_new (NULL);
  char c;

  while (strstr (seen->str, line) == NULL)
    {
      g_assert_cmpint (read (fd, &c, 1), ==, 1);
      g_string_append_c (seen, c);
    }
}

static void
test_sync_killed (void)
{
  char *samples_dir = NULL;
  PwDemoTest *demo = pw_sync_test_new_demo (200, &samples_dir);
  g_autoptr (GPtrArray) rows = pw_sync_test_claim (demo, 200);
  g_autofree char *store_path = g_build_filename (g_get_user_data_dir (), "killed.db", NULL);
  g_autofree char *rows_file = g_build_filename (g_get_user_data_dir (), "rows.txt", NULL);
  g_autofree char *self_path = g_file_read_link ("/proc/self/exe", NULL);
  g_autoptr (GString) listing = g_string_new (NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (PwStore) store = NULL;
  g_autoptr (PwSyncWorker) worker = NULL;
  const char *argv[] = { self_path, "--child", store_path, demo->base_url, rows_file, NULL };
  guint delay_ms = g_test_rand_int_range (5, 600);
  guint sent_before;
  GPid pid;
  int out_fd;
  int status;

  g_assert_no_error (error);
  g_assert_true (g_mkdir_with_parents (g_get_user_data_dir (), 0700) == 0);
  for (guint i = 0; i < rows->len; i++)
    {
      PwSyncTestRow *row = rows->pdata[i];

      g_string_append_printf (listing, "%s %s %s\n", row->task_id, row->claim_id, row->key);
    }
  g_assert_true (g_file_set_contents (rows_file, listing->str, -1, &error));

  /* Answers held 20 ms each make the child's drain last about a second,
   * so the kill lands while rows are in flight. */
  pw_demo_market_set_slow_delay (demo->market, 20);
  pw_demo_market_set_fault (demo->market, PW_DEMO_FAULT_SLOW, 200);
  g_assert_true (g_spawn_async_with_pipes (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD,
                                           NULL, NULL, &pid, NULL, &out_fd, NULL, &error));
  g_assert_no_error (error);
  wait_for_line (out_fd, "queued\n");
  g_usleep (delay_ms * G_TIME_SPAN_MILLISECOND);
  g_assert_cmpint (kill (pid, SIGKILL), ==, 0);
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  close (out_fd);
  g_spawn_close_pid (pid);
  sent_before = pw_demo_market_count_requests (demo->market, PW_DEMO_ENDPOINT_SUBMISSION);
  g_test_message ("killed after %u ms and %u submission requests", delay_ms, sent_before);

  store = pw_store_new_for_path (store_path, &error);
  g_assert_no_error (error);
  worker = pw_sync_worker_new (store, pw_sync_test_client, g_strdup (demo->base_url), g_free);
  pw_sync_test_drain (worker);

  assert_exactly_once (demo, store, rows);
  pw_sync_test_close_worker (&worker);
  g_clear_object (&store);
  pw_sync_test_free_demo (demo, samples_dir);
}

int
main (int   argc,
      char *argv[])
{
  if (argc == 5 && g_str_equal (argv[1], "--child"))
    return run_child (argv[2], argv[3], argv[4]);

  pw_demo_test_init (&argc, &argv);

  g_test_add_func ("/sync/bulk/thousand", test_sync_thousand);
  g_test_add_func ("/sync/bulk/killed", test_sync_killed);

  return g_test_run ();
}
