/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <stdio.h>
#include <string.h>

#include "piecework-engine.h"
#include "bench-photo.h"

/* Claiming a CVAT job for offline work: a job of 500 frames of 1920 x 1080
 * JPEG on tests/platforms/fake_cvat.py over loopback (one photo-like JPEG
 * made here, served for every frame with the frame's number in a
 * comment), claimed as the Tasks place and `--claim` do
 * (pw_claim_batch_async: the project list, the claim, the store, every
 * frame into the media cache). As soon as the tasks are stored, the
 * queue's first task is opened as Ctrl+T opens it, while the claim goes
 * on: the queue read from the store, the task's frame waited for
 * (pw_task_media_fetch_async) and decoded for a canvas of 1280 x 720.
 * Prints the time from the start to the claim's tasks stored, to the
 * first frame in the cache, to the first frame decoded for the screen,
 * and to every frame in the cache, with the load average. Goals: every
 * frame in 10 s, the first on screen in 1 s. */

#define N_FRAMES 500
#define WIDTH 1920
#define HEIGHT 1080
#define JOB "1"
#define TOKEN "cvat-pat-0123456789"

#define CANVAS_WIDTH 1280
#define CANVAS_HEIGHT 720

typedef struct
{
  gint64        start;
  gint64        claimed_at;
  gint64        first_at;
  gint64        shown_at;
  guint         n_tasks;
  PwStore      *store;
  PwConnector  *connector;
  GFile        *media_dir;
  PwImageCache *images;
  char         *first_task;
  gboolean      opening;
  GError       *open_error;
} Timing;

static void
on_first_decoded (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  Timing *timing = user_data;
  g_autoptr (PwImage) image = pw_image_cache_load_finish (PW_IMAGE_CACHE (source), result,
                                                          &timing->open_error);

  timing->shown_at = g_get_monotonic_time ();
  timing->opening = FALSE;
  g_assert_nonnull (image);
}

static void
on_first_fetched (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  Timing *timing = user_data;
  g_autofree char *path = pw_task_media_fetch_finish (result, &timing->open_error);

  if (path == NULL)
    {
      timing->opening = FALSE;
      return;
    }
  pw_image_cache_load_async (timing->images, path, CANVAS_WIDTH, CANVAS_HEIGHT, FALSE, NULL,
                             on_first_decoded, timing);
}

/* The queue's first task, as Ctrl+T finds it. */
static void
on_queue_read (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  Timing *timing = user_data;
  g_autoptr (GPtrArray) queue = pw_store_list_open_tasks_finish (PW_STORE (source), result,
                                                                 &timing->open_error);

  if (queue == NULL || queue->len == 0)
    {
      timing->opening = FALSE;
      return;
    }
  timing->first_task = g_strdup (((PwStoreTask *) queue->pdata[0])->task_id);
  pw_task_media_fetch_async (timing->store, timing->connector, queue->pdata[0], timing->media_dir,
                             NULL, NULL, NULL, on_first_fetched, timing);
}

static void
on_progress (guint    n_done,
             guint    n_tasks,
             goffset  received,
             goffset  total,
             gpointer user_data)
{
  Timing *timing = user_data;

  if (n_tasks > 0 && timing->claimed_at == 0)
    {
      timing->claimed_at = g_get_monotonic_time ();
      timing->opening = TRUE;
      pw_store_list_open_tasks_async (timing->store, NULL, on_queue_read, timing);
    }
  if (n_done >= 1 && timing->first_at == 0)
    timing->first_at = g_get_monotonic_time ();
  timing->n_tasks = n_tasks;
}

/* When the claim ended: its last frame in the cache. */
static gint64 ready_at;

static void
on_ready (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  ready_at = g_get_monotonic_time ();
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static char *
load_average (void)
{
  g_autofree char *text = NULL;
  g_auto (GStrv) fields = NULL;

  if (!g_file_get_contents ("/proc/loadavg", &text, NULL, NULL))
    return g_strdup ("unknown");
  fields = g_strsplit (text, " ", 4);
  return g_strdup_printf ("%s %s %s", fields[0], fields[1], fields[2]);
}

static double
seconds_since (gint64 start,
               gint64 at)
{
  return at == 0 ? -1.0 : (double) (at - start) / G_USEC_PER_SEC;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr (GBytes) jpeg = bench_make_photo (WIDTH, HEIGHT);
  g_autofree char *dir = g_dir_make_tmp ("bench-cvat-XXXXXX", NULL);
  g_autofree char *jpeg_path = g_build_filename (dir, "frame.jpg", NULL);
  g_autofree char *store_path = g_build_filename (dir, "store.db", NULL);
  g_autofree char *media_path = g_build_filename (dir, "media", NULL);
  g_autofree char *state_path = g_build_filename (dir, "state", NULL);
  g_autofree char *script = g_build_filename (g_getenv ("PW_SOURCE_ROOT"), "tests", "platforms",
                                              "fake_cvat.py", NULL);
  g_autofree char *job_arg = NULL;
  g_autofree char *base_url = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr (GSubprocess) fake = NULL;
  g_autoptr (GDataInputStream) lines = NULL;
  g_autoptr (GFile) media_dir = g_file_new_for_path (media_path);
  g_autoptr (GFile) state_dir = g_file_new_for_path (state_path);
  g_autoptr (PwStore) store = NULL;
  g_autoptr (PwConnector) connector = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (PwClaimBatch) batch = NULL;
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) files = NULL;
  Timing timing = { 0, };
  gint64 end;

  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_assert_nonnull (dir);
  g_assert_true (g_file_set_contents (jpeg_path, g_bytes_get_data (jpeg, NULL), g_bytes_get_size (jpeg), &error));
  g_assert_cmpint (g_mkdir_with_parents (media_path, 0700), ==, 0);

  /* The fake stops when its standard input closes, however this ends. */
  job_arg = g_strdup_printf ("%s,%d,%d,%d,%s", JOB, N_FRAMES, WIDTH, HEIGHT, jpeg_path);
  fake = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDIN_PIPE, &error,
                           "python3", "-B", script, "--port", "0", "--until-stdin-closes",
                           "--jpeg-job", job_arg, NULL);
  g_assert_no_error (error);
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (fake));
  base_url = g_data_input_stream_read_line (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (base_url);

  store = pw_store_new_for_path (store_path, &error);
  g_assert_no_error (error);
  pw_store_add_account (store, "cvat", "CVAT", base_url, "cvat");
  connector = pw_connector_new (PW_ACCOUNT_KIND_CVAT, base_url, TOKEN, state_dir, &error);
  g_assert_no_error (error);

  timing.store = store;
  timing.connector = connector;
  timing.media_dir = media_dir;
  timing.images = pw_image_cache_new (256 * 1024 * 1024);
  before = load_average ();
  timing.start = g_get_monotonic_time ();
  pw_claim_batch_async (store, connector, "cvat", JOB, 1, media_dir, on_progress, &timing, NULL,
                        on_ready, &result);
  while (result == NULL || timing.opening)
    g_main_context_iteration (NULL, TRUE);
  batch = pw_claim_batch_finish (result, &error);
  end = ready_at;
  after = load_average ();
  g_assert_no_error (error);
  g_assert_no_error (timing.open_error);
  g_assert_cmpstr (timing.first_task, ==, JOB ":0");

  files = pw_claim_batch_get_media_files (batch);
  g_assert_cmpuint (g_strv_length (files), ==, N_FRAMES);
  g_assert_cmpuint (pw_claim_batch_get_n_media_failed (batch), ==, 0);
  for (guint i = 0; i < N_FRAMES; i++)
    g_assert_true (files[i][0] != '\0');

  printf ("cvat-claim: a job of %d frames of %dx%d JPEG (%zu KB each) from loopback\n",
          N_FRAMES, WIDTH, HEIGHT, g_bytes_get_size (jpeg) / 1024);
  printf ("cvat-claim: tasks stored after %.2f s\n", seconds_since (timing.start, timing.claimed_at));
  printf ("cvat-claim: first frame in the cache after %.2f s (goal 1 s)\n",
          seconds_since (timing.start, timing.first_at));
  printf ("cvat-claim: first frame on screen (its task opened from the queue, its frame decoded "
          "for %dx%d) after %.2f s (goal 1 s)\n", CANVAS_WIDTH, CANVAS_HEIGHT,
          seconds_since (timing.start, timing.shown_at));
  printf ("cvat-claim: every frame in the cache after %.2f s (goal 10 s)\n",
          seconds_since (timing.start, end));
  printf ("cvat-claim: load average %s before, %s after\n", before, after);

  g_clear_pointer (&batch, pw_claim_batch_free);
  g_clear_object (&timing.images);
  g_free (timing.first_task);
  g_clear_object (&connector);
  g_clear_object (&store);
  g_subprocess_force_exit (fake);
  g_subprocess_wait (fake, NULL, NULL);
  /* 500 frames are some hundreds of megabytes: gone at once. */
  {
    g_autoptr (GSubprocess) rm = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, NULL, "rm", "-rf", dir, NULL);

    if (rm != NULL)
      g_subprocess_wait (rm, NULL, NULL);
  }
  return 0;
}
