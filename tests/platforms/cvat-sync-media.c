/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <libsoup/soup.h>
#include <string.h>

#include "piecework-engine.h"
#include "connectors/pw-cvat-connector.h"
#include "../market/pw-market-test.h"

/* The sync worker downloads the frames a claim left behind, against
 * tests/platforms/fake_cvat.py: a frame that still fails is reported and
 * its task kept as it is; a frame held back does not keep a submission
 * from going; after the sync the job is whole in the media cache; and
 * stopping the worker stops the downloads. */

#define WAIT_UNTIL(condition)                                             \
  G_STMT_START {                                                          \
    gint64 _deadline = g_get_monotonic_time () + 60 * G_TIME_SPAN_SECOND;   \
    while (!(condition))                                                  \
      {                                                                   \
        if (g_get_monotonic_time () > _deadline)                          \
          g_error ("Timed out waiting for %s", #condition);               \
        g_main_context_iteration (NULL, FALSE);                           \
        g_usleep (1000);                                                  \
      }                                                                   \
  } G_STMT_END

typedef struct
{
  GSubprocess *process;
  char        *url;
  SoupSession *session;
  char        *state_dir;
  char        *media_dir;
  char        *store_dir;
  PwStore     *store;
  PwConnector *connector;
} Fake;

static Fake fake;

static void
fake_start (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GDataInputStream) lines = NULL;
  g_autoptr (GFile) state = NULL;
  g_autofree char *store_path = NULL;
  g_autofree char *script = g_build_filename (g_getenv ("PW_SOURCE_ROOT"), "tests", "platforms",
                                              "fake_cvat.py", NULL);

  fake.process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDIN_PIPE, &error,
                                   "python3", "-B", script, "--port", "0", "--until-stdin-closes", NULL);
  g_assert_no_error (error);
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (fake.process));
  fake.url = g_data_input_stream_read_line (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (fake.url, "http://127.0.0.1:"));
  fake.session = soup_session_new ();
  fake.state_dir = pw_test_make_dir ();
  fake.media_dir = pw_test_make_dir ();
  fake.store_dir = pw_test_make_dir ();
  store_path = g_build_filename (fake.store_dir, "store.db", NULL);
  fake.store = pw_store_new_for_path (store_path, &error);
  g_assert_no_error (error);
  pw_store_add_account (fake.store, "cvat", "CVAT", fake.url, "cvat");
  state = g_file_new_for_path (fake.state_dir);
  fake.connector = pw_cvat_connector_new (fake.url, "cvat-pat-0123456789", state, &error);
  g_assert_no_error (error);
}

static void
fake_stop (void)
{
  pw_test_finalize (g_steal_pointer (&fake.store));
  pw_test_finalize (g_steal_pointer (&fake.connector));
  g_subprocess_force_exit (fake.process);
  g_subprocess_wait (fake.process, NULL, NULL);
  g_clear_object (&fake.process);
  g_clear_object (&fake.session);
  g_clear_pointer (&fake.url, g_free);
  pw_test_remove_dir (fake.state_dir);
  pw_test_remove_dir (fake.media_dir);
  pw_test_remove_dir (fake.store_dir);
  g_clear_pointer (&fake.state_dir, g_free);
  g_clear_pointer (&fake.media_dir, g_free);
  g_clear_pointer (&fake.store_dir, g_free);
}

static JsonNode *
fake_ask (const char *path)
{
  g_autofree char *url = g_strconcat (fake.url, path, NULL);
  g_autoptr (SoupMessage) message = soup_message_new ("GET", url);
  g_autoptr (GBytes) answer = NULL;
  g_autoptr (GError) error = NULL;
  JsonNode *node;

  answer = soup_session_send_and_read (fake.session, message, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (message), ==, 200);
  node = json_from_string (g_bytes_get_data (answer, NULL), &error);
  g_assert_no_error (error);
  return node;
}

static void
fake_control (const char *path)
{
  g_autoptr (JsonNode) answer = fake_ask (path);
}

static gint64
fake_frames_held (void)
{
  g_autoptr (JsonNode) node = fake_ask ("_fake/frames-held");

  return json_object_get_int_member (json_node_get_object (node), "frames_held");
}

static PwStoreTask *
stored_task (const char *task_id)
{
  g_autoptr (GError) error = NULL;
  PwStoreTask *task = pw_store_get_task (fake.store, "cvat", task_id, &error);

  g_assert_no_error (error);
  return task;
}

static gboolean
has_media (const char *task_id)
{
  g_autoptr (PwStoreTask) task = stored_task (task_id);

  return task->media_file != NULL && g_file_test (task->media_file, G_FILE_TEST_IS_REGULAR);
}

/* Claims @job while its frames from @from on fail: the tasks are
 * stored, those frames not. */
static void
claim_with_frames_failing (const char *job,
                           guint       from,
                           guint       n_failed)
{
  g_autoptr (GFile) media_dir = g_file_new_for_path (fake.media_dir);
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (PwClaimBatch) batch = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *control = g_strdup_printf ("_fake/fail-frames?from=%u", from);

  fake_control (control);
  pw_claim_batch_async (fake.store, fake.connector, "cvat", job, 1, media_dir, NULL, NULL, NULL,
                        pw_test_on_done, &result);
  batch = pw_claim_batch_finish (pw_test_wait (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pw_claim_batch_get_n_media_failed (batch), ==, n_failed);
  fake_control ("_fake/fail-frames");
}

static PwConnector *
client_of (const char *account_id,
           gpointer    user_data)
{
  return g_str_equal (account_id, "cvat") ? g_object_ref (fake.connector) : NULL;
}

typedef struct
{
  GPtrArray *failed;
  GPtrArray *finished;
} Seen;

static void
on_media_failed (PwSyncWorker *worker,
                 const char   *account_id,
                 const char   *task_id,
                 const GError *error,
                 Seen         *seen)
{
  g_assert_cmpstr (account_id, ==, "cvat");
  g_assert_nonnull (error);
  g_ptr_array_add (seen->failed, g_strdup (task_id));
}

static void
on_row_finished (PwSyncWorker *worker,
                 const char   *key,
                 const char   *state,
                 Seen         *seen)
{
  g_ptr_array_add (seen->finished, g_strdup (state));
}

static void
drain (PwSyncWorker *worker)
{
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;

  pw_sync_worker_drain_async (worker, NULL, pw_test_on_done, &result);
  g_assert_true (pw_sync_worker_drain_finish (worker, pw_test_wait (&result), &error));
  g_assert_no_error (error);
}

static gboolean
strv_has (GPtrArray  *array,
          const char *text)
{
  for (guint i = 0; i < array->len; i++)
    if (g_str_equal (array->pdata[i], text))
      return TRUE;
  return FALSE;
}

/* A claim cut short leaves frames 1 and 2 of job 43 behind. A sync while
 * they still fail reports both and keeps the tasks as they are; the next,
 * while they come slowly, sends the submission of frame 0 before they
 * come, and ends with the job whole in the cache. */
static void
test_sync_fetches_missing_frames (void)
{
  g_autoptr (PwSyncWorker) worker = NULL;
  g_autoptr (PwStoreTask) task0 = NULL;
  g_autoptr (PwStoreTask) left = NULL;
  g_autoptr (PwAnnotation) annotation = NULL;
  g_autoptr (JsonNode) json = NULL;
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr (GAsyncResult) drained = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *key = NULL;
  Seen seen = { g_ptr_array_new_with_free_func (g_free), g_ptr_array_new_with_free_func (g_free) };

  claim_with_frames_failing ("43", 1, 2);
  g_assert_true (has_media ("43:0"));
  g_assert_false (has_media ("43:1"));
  g_assert_false (has_media ("43:2"));

  worker = pw_sync_worker_new (fake.store, client_of, NULL, NULL);
  g_signal_connect (worker, "media-failed", G_CALLBACK (on_media_failed), &seen);
  g_signal_connect (worker, "row-finished", G_CALLBACK (on_row_finished), &seen);

  /* Still failing: reported, and the tasks stay claimed without them. */
  fake_control ("_fake/fail-frames?from=1");
  drain (worker);
  g_assert_cmpuint (seen.failed->len, ==, 2);
  g_assert_true (strv_has (seen.failed, "43:1"));
  g_assert_true (strv_has (seen.failed, "43:2"));
  left = stored_task ("43:1");
  g_assert_cmpint (left->state, ==, PW_TASK_STATE_CLAIMED);
  g_assert_null (left->media_file);
  fake_control ("_fake/fail-frames");

  /* Coming slowly: the submission goes meanwhile. */
  fake_control ("_fake/hold-frames?from=1");
  task0 = stored_task ("43:0");
  json = json_from_string ("{\"image\": {\"width\": 64, \"height\": 48}, \"shapes\": []}", &error);
  g_assert_no_error (error);
  annotation = pw_annotation_new_from_json (json, &error);
  g_assert_no_error (error);
  key = pw_task_submit (fake.store, task0, annotation, 10.5, now);
  g_assert_nonnull (key);
  pw_sync_worker_drain_async (worker, NULL, pw_test_on_done, &drained);
  WAIT_UNTIL (seen.finished->len == 1);
  g_assert_cmpstr (seen.finished->pdata[0], ==, "done");
  g_assert_null (drained);
  WAIT_UNTIL (fake_frames_held () == 2);
  g_assert_true (pw_task_media_is_downloading ("cvat", "43:1"));
  fake_control ("_fake/let-frames-go");
  g_assert_true (pw_sync_worker_drain_finish (worker, pw_test_wait (&drained), &error));
  g_assert_no_error (error);
  g_assert_true (has_media ("43:1"));
  g_assert_true (has_media ("43:2"));
  g_assert_cmpuint (seen.failed->len, ==, 2);

  g_clear_object (&drained);
  pw_sync_worker_stop (worker);
  pw_test_finalize (g_steal_pointer (&worker));
  g_ptr_array_unref (seen.failed);
  g_ptr_array_unref (seen.finished);
}

/* Stopping the worker stops the downloads of its sync, and the task
 * stays as it was, to come at the next. */
static void
test_stop_cancels (void)
{
  g_autoptr (PwSyncWorker) worker = NULL;
  g_autoptr (PwStoreTask) left = NULL;
  Seen seen = { g_ptr_array_new_with_free_func (g_free), g_ptr_array_new_with_free_func (g_free) };

  claim_with_frames_failing ("44", 0, 2);
  fake_control ("_fake/hold-frames?from=0");
  worker = pw_sync_worker_new (fake.store, client_of, NULL, NULL);
  g_signal_connect (worker, "media-failed", G_CALLBACK (on_media_failed), &seen);
  pw_sync_worker_start (worker);
  WAIT_UNTIL (pw_task_media_is_downloading ("cvat", "44:0"));
  pw_sync_worker_stop (worker);
  WAIT_UNTIL (!pw_task_media_is_downloading ("cvat", "44:0")
              && !pw_task_media_is_downloading ("cvat", "44:1"));
  WAIT_UNTIL (fake_frames_held () == 0);
  fake_control ("_fake/let-frames-go");
  g_assert_cmpuint (seen.failed->len, ==, 0);
  left = stored_task ("44:0");
  g_assert_cmpint (left->state, ==, PW_TASK_STATE_CLAIMED);
  g_assert_null (left->media_file);

  pw_test_finalize (g_steal_pointer (&worker));
  g_ptr_array_unref (seen.failed);
  g_ptr_array_unref (seen.finished);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  if (g_find_program_in_path ("python3") == NULL)
    {
      g_test_skip ("python3 is not installed");
      return g_test_run ();
    }
  fake_start ();
  g_test_add_func ("/sync-media/fetches-missing-frames", test_sync_fetches_missing_frames);
  g_test_add_func ("/sync-media/stop-cancels", test_stop_cancels);
  status = g_test_run ();
  fake_stop ();
  return status;
}
