/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <stdio.h>
#include <string.h>

#include "piecework-engine.h"
#include "../market/pw-market-test.h"

/* One process of tests/platforms/check-cvat-race: claims a CVAT job with
 * the account's state folder it is given, then submits the frames it is
 * given, all queued at once as the outbox sends them, while another
 * process does the same with the other frames of the job. A submission
 * another process keeps waiting goes again, as the outbox sends it on
 * its next try. Prints a line per frame, "ok FRAME" or "error FRAME
 * CODE MESSAGE", and exits 0 when every frame was taken.
 *
 * Usage: test-cvat-race-submit URL TOKEN STATE-DIR JOB FRAME...
 *
 * Frame F's work is one box of label "thing" at x = F % 1000 + 1.5,
 * y = 2.25, 4 wide and 3 high, on a 64 x 48 frame. */

typedef struct
{
  PwConnector *connector;
  PwTask      *task;
  gint64       frame;
  guint        attempts;
} Frame;

static guint n_running;
static gboolean failed;

static void submit_frame (Frame *frame);

static gboolean
on_retry (gpointer data)
{
  submit_frame (data);
  return G_SOURCE_REMOVE;
}

static void
on_submitted (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Frame *frame = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (PwSubmissionResult) receipt = pw_connector_submit_finish (PW_CONNECTOR (source), result, &error);

  /* The job is the other process's for now: the outbox tries again. */
  if (receipt == NULL && g_error_matches (error, PW_ERROR, PW_ERROR_FAILED) && frame->attempts < 100)
    {
      g_timeout_add (20, on_retry, frame);
      return;
    }
  if (receipt != NULL)
    printf ("ok %" G_GINT64_FORMAT "\n", frame->frame);
  else
    {
      printf ("error %" G_GINT64_FORMAT " %s %s\n", frame->frame,
              pw_error_code_to_string (error->domain == PW_ERROR ? error->code : PW_ERROR_FAILED),
              error->message);
      failed = TRUE;
    }
  fflush (stdout);
  n_running--;
}

static void
submit_frame (Frame *frame)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *key = pw_market_new_idempotency_key ();
  g_autofree char *work = g_strdup_printf ("{\"image\": {\"width\": 64, \"height\": 48}, \"choices\": [],"
                                           " \"shapes\": [{\"id\": \"n1\", \"type\": \"bbox\", \"label\": \"thing\","
                                           " \"x\": %d.5, \"y\": 2.25, \"w\": 4, \"h\": 3}]}",
                                           (int) (frame->frame % 1000) + 1);
  g_autoptr (JsonNode) annotation = json_from_string (work, NULL);
  g_autofree char *body = pw_market_submission_body_new ("cvat-race", annotation, 3.0, now);

  frame->attempts++;
  pw_connector_submit_async (frame->connector, pw_task_get_id (frame->task), key, body, NULL,
                             on_submitted, frame);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr (GFile) state_dir = NULL;
  g_autoptr (PwConnector) connector = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (PwClaim) claim = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree Frame *frames = NULL;
  GPtrArray *tasks;
  int n_frames = argc - 5;

  if (argc < 6)
    {
      fprintf (stderr, "usage: %s URL TOKEN STATE-DIR JOB FRAME...\n", argv[0]);
      return 2;
    }
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);

  state_dir = g_file_new_for_path (argv[3]);
  connector = pw_connector_new (PW_ACCOUNT_KIND_CVAT, argv[1], argv[2], state_dir, &error);
  g_assert_no_error (error);

  pw_connector_claim_async (connector, argv[4], 1, NULL, pw_test_on_done, &result);
  claim = pw_connector_claim_finish (connector, pw_test_wait (&result), &error);
  if (claim == NULL)
    {
      printf ("error claim %s\n", error->message);
      return 1;
    }
  tasks = pw_claim_get_tasks (claim);

  frames = g_new0 (Frame, n_frames);
  for (int i = 0; i < n_frames; i++)
    {
      g_autofree char *id = g_strdup_printf ("%s:%s", argv[4], argv[5 + i]);

      frames[i].connector = connector;
      frames[i].frame = g_ascii_strtoll (argv[5 + i], NULL, 10);
      for (guint t = 0; t < tasks->len && frames[i].task == NULL; t++)
        if (g_str_equal (pw_task_get_id (tasks->pdata[t]), id))
          frames[i].task = tasks->pdata[t];
      /* A frame the claim no longer hands out was sent already. */
      if (frames[i].task == NULL)
        {
          printf ("error %s not-claimed the claim does not hand it out\n", argv[5 + i]);
          failed = TRUE;
          continue;
        }
      n_running++;
      submit_frame (&frames[i]);
    }
  while (n_running > 0)
    g_main_context_iteration (NULL, TRUE);

  g_clear_object (&result);
  g_clear_pointer (&claim, pw_claim_unref);
  pw_test_finalize (g_steal_pointer (&connector));
  return failed ? 1 : 0;
}
