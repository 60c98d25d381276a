/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <string.h>

#include "piecework-engine.h"
#include "connectors/pw-cvat-connector.h"
#include "connectors/pw-label-studio-connector.h"
#include "../market/pw-market-test.h"
#include "pw-platform-test.h"

/* The sync worker downloads the media a claim left behind, against
 * tests/platforms/fake_cvat.py and fake_label_studio.py: media that still
 * fail are reported and their tasks kept as they are; media held back do
 * not keep a submission from going; after the sync the claim is whole in
 * the media cache; and stopping the worker stops the downloads. On Label
 * Studio, the media (images, audio) are an upload (with the token) and a
 * file in cloud storage behind a 303 to another origin (without it). */

#define WAIT_UNTIL(condition) PW_PLATFORM_TEST_WAIT_UNTIL (condition)

/* A platform's fake, and an account on it in a store of its own. */
typedef struct
{
  PwFakePlatform *fake;
  const char     *account_id;
  char           *state_dir;
  char           *media_dir;
  char           *store_dir;
  PwStore        *store;
  PwConnector    *connector;
} Platform;

static Platform cvat = { .account_id = "cvat" };
static Platform ls = { .account_id = "ls" };

static void
platform_start (Platform      *platform,
                PwAccountKind  kind)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GFile) state = NULL;
  g_autofree char *store_path = NULL;

  platform->fake = pw_fake_platform_start (kind, FALSE);
  platform->state_dir = pw_test_make_dir ();
  platform->media_dir = pw_test_make_dir ();
  platform->store_dir = pw_test_make_dir ();
  store_path = g_build_filename (platform->store_dir, "store.db", NULL);
  platform->store = pw_store_new_for_path (store_path, &error);
  g_assert_no_error (error);
  pw_store_add_account (platform->store, platform->account_id, platform->account_id, platform->fake->url,
                        pw_account_kind_to_string (kind));
  state = g_file_new_for_path (platform->state_dir);
  if (kind == PW_ACCOUNT_KIND_CVAT)
    platform->connector = pw_cvat_connector_new (platform->fake->url, platform->fake->token, state, &error);
  else
    platform->connector = pw_label_studio_connector_new (platform->fake->url, platform->fake->token, state,
                                                         &error);
  g_assert_no_error (error);
}

static void
platform_stop (Platform *platform)
{
  pw_test_finalize (g_steal_pointer (&platform->store));
  pw_test_finalize (g_steal_pointer (&platform->connector));
  g_clear_pointer (&platform->fake, pw_fake_platform_free);
  pw_test_remove_dir (platform->state_dir);
  pw_test_remove_dir (platform->media_dir);
  pw_test_remove_dir (platform->store_dir);
  g_clear_pointer (&platform->state_dir, g_free);
  g_clear_pointer (&platform->media_dir, g_free);
  g_clear_pointer (&platform->store_dir, g_free);
}

/* A number the fake reports: CVAT's at its own control @path, Label
 * Studio's in its state. */
static gint64
fake_number (Platform   *platform,
             const char *path,
             const char *member)
{
  g_autoptr (JsonNode) node = pw_fake_platform_ask (platform->fake, "GET", path, NULL);

  return json_object_get_int_member (json_node_get_object (node), member);
}

static void
cvat_control (const char *path)
{
  pw_fake_platform_control (cvat.fake, "GET", path, NULL);
}

static void
ls_config (const char *config)
{
  pw_fake_platform_control (ls.fake, "POST", "_test/config", config);
}

static PwStoreTask *
stored_task (Platform   *platform,
             const char *task_id)
{
  g_autoptr (GError) error = NULL;
  PwStoreTask *task = pw_store_get_task (platform->store, platform->account_id, task_id, &error);

  g_assert_no_error (error);
  return task;
}

static gboolean
has_media (Platform   *platform,
           const char *task_id)
{
  g_autoptr (PwStoreTask) task = stored_task (platform, task_id);

  return task->media_file != NULL && g_file_test (task->media_file, G_FILE_TEST_IS_REGULAR);
}

/* Claims @count tasks of @project while the fake fails their media: the
 * tasks are stored, @n_failed of their media not. */
static void
claim_with_media_failing (Platform   *platform,
                          const char *project,
                          guint       count,
                          guint       n_failed)
{
  g_autoptr (PwClaimBatch) batch = pw_test_claim_batch (platform->store, platform->connector,
                                                        platform->account_id, project, count,
                                                        platform->media_dir);

  g_assert_cmpuint (pw_claim_batch_get_n_media_failed (batch), ==, n_failed);
}

static PwConnector *
client_of (const char *account_id,
           gpointer    user_data)
{
  Platform *platform = user_data;

  return g_str_equal (account_id, platform->account_id) ? g_object_ref (platform->connector) : NULL;
}

typedef struct
{
  const char *account_id;
  GPtrArray  *failed;
  GPtrArray  *finished;
} Seen;

static void
on_media_failed (PwSyncWorker *worker,
                 const char   *account_id,
                 const char   *task_id,
                 const GError *error,
                 Seen         *seen)
{
  g_assert_cmpstr (account_id, ==, seen->account_id);
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

/* A worker for @platform's account, what it reports kept in @seen. */
static PwSyncWorker *
worker_new (Platform *platform,
            Seen     *seen)
{
  PwSyncWorker *worker = pw_sync_worker_new (platform->store, client_of, platform, NULL);

  seen->account_id = platform->account_id;
  seen->failed = g_ptr_array_new_with_free_func (g_free);
  seen->finished = g_ptr_array_new_with_free_func (g_free);
  g_signal_connect (worker, "media-failed", G_CALLBACK (on_media_failed), seen);
  g_signal_connect (worker, "row-finished", G_CALLBACK (on_row_finished), seen);
  return worker;
}

static void
worker_free (PwSyncWorker *worker,
             Seen         *seen)
{
  pw_sync_worker_stop (worker);
  pw_test_finalize (worker);
  g_ptr_array_unref (seen->failed);
  g_ptr_array_unref (seen->finished);
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

/* A sync while the media of @first and @second still fail reports both
 * and keeps the tasks claimed without them. */
static void
sync_still_failing (Platform     *platform,
                    PwSyncWorker *worker,
                    Seen         *seen,
                    const char   *first,
                    const char   *second)
{
  g_autoptr (PwStoreTask) left = NULL;

  drain (worker);
  g_assert_cmpuint (seen->failed->len, ==, 2);
  g_assert_true (strv_has (seen->failed, first));
  g_assert_true (strv_has (seen->failed, second));
  left = stored_task (platform, first);
  g_assert_cmpint (left->state, ==, PW_TASK_STATE_CLAIMED);
  g_assert_null (left->media_file);
  g_assert_false (has_media (platform, second));
}

/* A claim cut short leaves frames 1 and 2 of job 43 behind. A sync while
 * they still fail reports both and keeps the tasks as they are; the next,
 * while they come slowly, sends the submission of frame 0 before they
 * come, and ends with the job whole in the cache. */
static void
test_cvat_fetches_missing_frames (void)
{
  g_autoptr (PwStoreTask) task0 = NULL;
  g_autoptr (PwAnnotation) annotation = NULL;
  g_autoptr (JsonNode) json = NULL;
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr (GAsyncResult) drained = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *key = NULL;
  PwSyncWorker *worker;
  Seen seen;

  cvat_control ("_fake/fail-frames?from=1");
  claim_with_media_failing (&cvat, "43", 1, 2);
  g_assert_true (has_media (&cvat, "43:0"));

  /* Still failing: reported, and the tasks stay claimed without them. */
  worker = worker_new (&cvat, &seen);
  sync_still_failing (&cvat, worker, &seen, "43:1", "43:2");
  cvat_control ("_fake/fail-frames");

  /* Coming slowly: the submission goes meanwhile. */
  cvat_control ("_fake/hold-frames?from=1");
  task0 = stored_task (&cvat, "43:0");
  json = json_from_string ("{\"image\": {\"width\": 64, \"height\": 48}, \"shapes\": []}", &error);
  g_assert_no_error (error);
  annotation = pw_annotation_new_from_json (json, &error);
  g_assert_no_error (error);
  key = pw_task_submit (cvat.store, task0, annotation, 10.5, now);
  g_assert_nonnull (key);
  pw_sync_worker_drain_async (worker, NULL, pw_test_on_done, &drained);
  WAIT_UNTIL (seen.finished->len == 1);
  g_assert_cmpstr (seen.finished->pdata[0], ==, "done");
  g_assert_null (drained);
  WAIT_UNTIL (fake_number (&cvat, "_fake/frames-held", "frames_held") == 2);
  g_assert_true (pw_task_media_is_downloading ("cvat", "43:1"));
  cvat_control ("_fake/let-frames-go");
  g_assert_true (pw_sync_worker_drain_finish (worker, pw_test_wait (&drained), &error));
  g_assert_no_error (error);
  g_assert_true (has_media (&cvat, "43:1"));
  g_assert_true (has_media (&cvat, "43:2"));
  g_assert_cmpuint (seen.failed->len, ==, 2);

  g_clear_object (&drained);
  worker_free (worker, &seen);
}

/* A Label Studio claim of project 9 cut short leaves both its images
 * behind: task 901's upload and task 902's file in cloud storage. A sync
 * while they still fail reports both and keeps the tasks as they are;
 * the next, while they come slowly and after the access token ran out,
 * downloads them, the cloud file from the other origin without the
 * token, and ends with the claim whole in the cache. */
static void
test_ls_fetches_missing_media (void)
{
  g_autoptr (GAsyncResult) drained = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) state = NULL;
  g_autoptr (PwStoreTask) cloud = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;
  PwSyncWorker *worker;
  JsonArray *requests;
  guint n_presigned = 0;
  Seen seen;

  ls_config ("{\"fail_media\": [\"image-9-1.png\", \"image-9-2.png\"]}");
  claim_with_media_failing (&ls, "9", 2, 2);
  g_assert_false (has_media (&ls, "901"));

  worker = worker_new (&ls, &seen);
  sync_still_failing (&ls, worker, &seen, "901", "902");
  /* Coming slowly, and the access token the claim had is refused: both
   * are on their way with a new one until the fake lets them go. */
  ls_config ("{\"fail_media\": [], \"hold_media\": [\"image-9-1.png\", \"image-9-2.png\"],"
             " \"expire_access\": true}");
  pw_sync_worker_drain_async (worker, NULL, pw_test_on_done, &drained);
  WAIT_UNTIL (fake_number (&ls, "_test/state", "media_held") == 2);
  g_assert_true (pw_task_media_is_downloading ("ls", "901"));
  g_assert_true (pw_task_media_is_downloading ("ls", "902"));
  g_assert_null (drained);
  ls_config ("{\"let_media_go\": true}");
  g_assert_true (pw_sync_worker_drain_finish (worker, pw_test_wait (&drained), &error));
  g_assert_no_error (error);
  g_assert_true (has_media (&ls, "901"));
  g_assert_true (has_media (&ls, "902"));
  g_assert_cmpuint (seen.failed->len, ==, 2);
  g_assert_cmpint (fake_number (&ls, "_test/state", "refreshes"), >=, 2);

  /* The cloud file is the one the storage holds, and the storage never
   * saw the token. */
  cloud = stored_task (&ls, "902");
  g_assert_true (g_file_get_contents (cloud->media_file, &contents, &length, &error));
  g_assert_no_error (error);
  g_assert_true (length > 8 && memcmp (contents, "\x89PNG", 4) == 0);
  state = pw_fake_platform_ask (ls.fake, "GET", "_test/state", NULL);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (state),
                                                                         "token_leaks")), ==, 0);
  requests = json_object_get_array_member (json_node_get_object (state), "media_requests");
  for (guint i = 0; i < json_array_get_length (requests); i++)
    n_presigned += g_str_has_prefix (json_object_get_string_member (json_array_get_object_element (requests, i),
                                                                    "path"), "/presigned/image-9-2.png");
  /* At the claim, at the sync that failed, and at the one that fetched it. */
  g_assert_cmpuint (n_presigned, >=, 3);

  g_clear_object (&drained);
  worker_free (worker, &seen);
}

/* Stopping the worker stops the downloads of its sync, and the tasks
 * stay as they were, to come at the next. */
static void
stop_cancels (Platform   *platform,
              const char *first,
              const char *second,
              const char *held_path,
              const char *held_member)
{
  g_autoptr (PwStoreTask) left = NULL;
  PwSyncWorker *worker;
  Seen seen;

  worker = worker_new (platform, &seen);
  pw_sync_worker_start (worker);
  WAIT_UNTIL (pw_task_media_is_downloading (platform->account_id, first));
  pw_sync_worker_stop (worker);
  WAIT_UNTIL (!pw_task_media_is_downloading (platform->account_id, first)
              && !pw_task_media_is_downloading (platform->account_id, second));
  WAIT_UNTIL (fake_number (platform, held_path, held_member) == 0);
  g_assert_cmpuint (seen.failed->len, ==, 0);
  left = stored_task (platform, first);
  g_assert_cmpint (left->state, ==, PW_TASK_STATE_CLAIMED);
  g_assert_null (left->media_file);
  g_assert_false (has_media (platform, second));
  worker_free (worker, &seen);
}

static void
test_cvat_stop_cancels (void)
{
  cvat_control ("_fake/fail-frames?from=0");
  claim_with_media_failing (&cvat, "44", 1, 2);
  cvat_control ("_fake/fail-frames");
  cvat_control ("_fake/hold-frames?from=0");
  stop_cancels (&cvat, "44:0", "44:1", "_fake/frames-held", "frames_held");
  cvat_control ("_fake/let-frames-go");
}

/* On Label Studio, the audio of project 10's two tasks, one uploaded,
 * one in cloud storage. */
static void
test_ls_stop_cancels (void)
{
  ls_config ("{\"fail_media\": [\"audio-10-1.png\", \"audio-10-2.png\"]}");
  claim_with_media_failing (&ls, "10", 2, 2);
  ls_config ("{\"fail_media\": [], \"hold_media\": [\"audio-10-1.png\", \"audio-10-2.png\"]}");
  stop_cancels (&ls, "1001", "1002", "_test/state", "media_held");
  ls_config ("{\"let_media_go\": true}");
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  if (!pw_fake_platform_can_start ())
    return g_test_run ();
  platform_start (&cvat, PW_ACCOUNT_KIND_CVAT);
  platform_start (&ls, PW_ACCOUNT_KIND_LABEL_STUDIO);
  /* Label Studio's projects 9 and 10, of this test's own. */
  ls_config ("{\"media_projects\": true}");
  g_test_add_func ("/sync-media/cvat/fetches-missing-frames", test_cvat_fetches_missing_frames);
  g_test_add_func ("/sync-media/cvat/stop-cancels", test_cvat_stop_cancels);
  g_test_add_func ("/sync-media/label-studio/fetches-missing-media", test_ls_fetches_missing_media);
  g_test_add_func ("/sync-media/label-studio/stop-cancels", test_ls_stop_cancels);
  status = g_test_run ();
  platform_stop (&cvat);
  platform_stop (&ls);
  return status;
}
