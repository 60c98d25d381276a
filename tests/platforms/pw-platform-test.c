/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <string.h>

#include "pw-platform-test.h"
#include "../market/pw-market-test.h"

static char *
read_line (GDataInputStream *lines)
{
  g_autoptr (GError) error = NULL;
  char *line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (line);
  return line;
}

/* Whether the fakes can run here; where they cannot, the test is
 * skipped, saying why. */
gboolean
pw_fake_platform_can_start (void)
{
  g_autofree char *python = g_find_program_in_path ("python3");

  if (python == NULL)
    g_test_skip ("python3 is not installed");
  return python != NULL;
}

/**
 * pw_fake_platform_start:
 * @kind: CVAT or Label Studio
 * @behind_prism: whether the published spec's validating proxy stands in
 *   front, where it is installed
 *
 * Starts tests/platforms/fake_cvat.py or fake_label_studio.py. It stops
 * when its standard input closes: at pw_fake_platform_free(), or when the
 * test ends however it ends.
 */
PwFakePlatform *
pw_fake_platform_start (PwAccountKind kind,
                        gboolean      behind_prism)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GDataInputStream) lines = NULL;
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  gboolean cvat = kind == PW_ACCOUNT_KIND_CVAT;
  g_autofree char *script = g_build_filename (g_getenv ("PW_SOURCE_ROOT"), "tests", "platforms",
                                              cvat ? "fake_cvat.py" : "fake_label_studio.py", NULL);
  PwFakePlatform *fake = g_new0 (PwFakePlatform, 1);

  g_assert_true (cvat || kind == PW_ACCOUNT_KIND_LABEL_STUDIO);
  g_ptr_array_add (argv, "python3");
  g_ptr_array_add (argv, "-B");
  g_ptr_array_add (argv, script);
  g_ptr_array_add (argv, "--port");
  g_ptr_array_add (argv, "0");
  if (cvat)
    g_ptr_array_add (argv, "--until-stdin-closes");
  if (behind_prism)
    g_ptr_array_add (argv, "--behind-prism");
  g_ptr_array_add (argv, NULL);
  fake->process = g_subprocess_newv ((const char * const *) argv->pdata,
                                     G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDIN_PIPE, &error);
  g_assert_no_error (error);

  /* Where the client goes; Label Studio's tokens; with prism in front,
   * the fake's own address last. */
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (fake->process));
  fake->url = read_line (lines);
  g_assert_true (g_str_has_prefix (fake->url, "http://127.0.0.1:"));
  if (cvat)
    fake->token = g_strdup (PW_FAKE_CVAT_TOKEN);
  else
    {
      fake->token = read_line (lines);
      fake->legacy = read_line (lines);
    }
  fake->control = behind_prism ? read_line (lines) : g_strdup (fake->url);
  fake->session = soup_session_new ();
  return fake;
}

void
pw_fake_platform_free (PwFakePlatform *fake)
{
  g_subprocess_force_exit (fake->process);
  g_subprocess_wait (fake->process, NULL, NULL);
  g_object_unref (fake->process);
  g_object_unref (fake->session);
  g_free (fake->url);
  g_free (fake->control);
  g_free (fake->token);
  g_free (fake->legacy);
  g_free (fake);
}

/**
 * pw_fake_platform_ask:
 * @path: below the fake's own address, as "_fake/job?job=7" or
 *   "_test/state"
 * @body: (nullable): JSON sent
 *
 * Asks the fake something of the test's own, synchronously.
 *
 * Returns: its JSON answer, which came with 200.
 */
JsonNode *
pw_fake_platform_ask (PwFakePlatform *fake,
                      const char     *method,
                      const char     *path,
                      const char     *body)
{
  g_autofree char *url = g_strconcat (fake->control, path, NULL);
  g_autoptr (SoupMessage) message = soup_message_new (method, url);
  g_autoptr (GBytes) answer = NULL;
  g_autoptr (GError) error = NULL;
  const char *data;
  gsize length = 0;
  JsonNode *node;

  if (body != NULL)
    {
      g_autoptr (GBytes) bytes = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (message, "application/json", bytes);
    }
  answer = soup_session_send_and_read (fake->session, message, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (message), ==, 200);
  data = g_bytes_get_data (answer, &length);
  node = pw_json_parse (data, length, path, &error);
  g_assert_no_error (error);
  return node;
}

/* One of the fake's controls, taken before this returns. */
void
pw_fake_platform_control (PwFakePlatform *fake,
                          const char     *method,
                          const char     *path,
                          const char     *body)
{
  g_autoptr (JsonNode) answer = pw_fake_platform_ask (fake, method, path, body);
}

/* The connector's claim of @count tasks of @project_id. */
PwClaim *
pw_test_claim (PwConnector  *connector,
               const char   *project_id,
               guint         count,
               GError      **error)
{
  g_autoptr (GAsyncResult) result = NULL;

  pw_connector_claim_async (connector, project_id, count, NULL, pw_test_on_done, &result);
  return pw_connector_claim_finish (connector, pw_test_wait (&result), error);
}

/* A claim into @store, its media into @media_dir, as the Tasks place
 * makes it; it must succeed, media that did not come aside. */
PwClaimBatch *
pw_test_claim_batch (PwStore     *store,
                     PwConnector *connector,
                     const char  *account_id,
                     const char  *project_id,
                     guint        count,
                     const char  *media_dir)
{
  g_autoptr (GFile) dir = g_file_new_for_path (media_dir);
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  PwClaimBatch *batch;

  pw_claim_batch_async (store, connector, account_id, project_id, count, dir, NULL, NULL, NULL,
                        pw_test_on_done, &result);
  batch = pw_claim_batch_finish (pw_test_wait (&result), &error);
  g_assert_no_error (error);
  return batch;
}

/* The connector's download of @task's media into @dir, as a task is
 * opened. */
GFile *
pw_test_fetch_media (PwConnector  *connector,
                     PwTask       *task,
                     const char   *dir,
                     GError      **error)
{
  g_autoptr (GFile) cache = g_file_new_for_path (dir);
  g_autoptr (GAsyncResult) result = NULL;

  pw_connector_fetch_media_async (connector, pw_task_get_media (task), cache, NULL, NULL, NULL,
                                  pw_test_on_done, &result);
  return pw_connector_fetch_media_finish (connector, pw_test_wait (&result), error);
}

/**
 * pw_test_submit:
 * @key: (nullable): the submission's Idempotency-Key, or NULL for a new
 *   one
 * @annotation: the work, as the contract holds it
 *
 * The connector's submission of @annotation for @task_id, after 41.5
 * seconds of work.
 */
PwSubmissionResult *
pw_test_submit (PwConnector  *connector,
                const char   *task_id,
                const char   *key,
                JsonNode     *annotation,
                GError      **error)
{
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *new_key = key == NULL ? pw_market_new_idempotency_key () : NULL;
  g_autofree char *body = pw_market_submission_body_new ("claim", annotation, 41.5, now);

  pw_connector_submit_async (connector, task_id, key != NULL ? key : new_key, body, NULL,
                             pw_test_on_done, &result);
  return pw_connector_submit_finish (connector, pw_test_wait (&result), error);
}
