/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include "pw-store-test.h"
#include "store/pw-store-private.h"

/* Tests of a full disk: work that cannot be written is kept and written once
 * there is room. */

#define KEY "task:acme:42"

/* SQLite fails with SQLITE_FULL when a database would grow past its page
 * limit, as it does when the disk is full; a limit at the current size
 * makes the disk full for that one connection. */
#define DISK_FULL  "PRAGMA max_page_count = 1"
#define DISK_FREED "PRAGMA max_page_count = 1073741823"

typedef struct
{
  GError  *error;
  gboolean failed;
  guint    failing_changes;
} Watch;

static void
on_write_failed (PwStore *store,
                 GError  *error,
                 gpointer user_data)
{
  Watch *watch = user_data;

  /* On the main context, never on the writer thread. */
  g_assert_true (g_main_context_is_owner (g_main_context_default ()));
  /* Once per run of failures, not once per retry. */
  g_assert_null (watch->error);
  watch->error = g_error_copy (error);
  watch->failed = TRUE;
}

static void
on_failing_changed (PwStore    *store,
                    GParamSpec *pspec,
                    gpointer    user_data)
{
  Watch *watch = user_data;

  g_assert_true (g_main_context_is_owner (g_main_context_default ()));
  watch->failing_changes++;
}

/* A command big enough to need new pages. */
static char *
big_command (guint seq)
{
  g_autofree char *filler = g_strnfill (64 * 1024, 'x');

  return pw_store_test_command (seq, filler);
}

static PwStore *
fill_then_fail (Watch *watch)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *big = big_command (5);
  PwStore *store = pw_store_test_open (NULL);

  g_signal_connect (store, "write-failed", G_CALLBACK (on_write_failed), watch);
  g_signal_connect (store, "notify::failing", G_CALLBACK (on_failing_changed), watch);

  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *command = pw_store_test_command (i, "before");

      pw_store_append_command (store, KEY, i, command);
    }
  g_assert_true (pw_store_flush (store, &error));
  g_assert_no_error (error);

  g_assert_true (_pw_store_exec_on_writer (store, DISK_FULL, &error));
  g_assert_no_error (error);

  pw_store_append_command (store, KEY, 5, big);
  pw_store_append_command (store, KEY, 6, "after");

  pw_store_test_run_until (&watch->failed);
  g_assert_error (watch->error, PW_ERROR, PW_ERROR_NO_SPACE);
  g_assert_nonnull (strstr (watch->error->message, "disk is full"));
  g_assert_true (pw_store_get_failing (store));
  g_assert_cmpuint (watch->failing_changes, ==, 1);

  return store;
}

/* What was saved before the disk filled up is all there, seen through a
 * second store on the same file. */
static void
assert_saved_before (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PwDraft) draft = NULL;
  PwStore *other = pw_store_test_open (NULL);
  GPtrArray *commands;

  draft = pw_store_load_draft (other, KEY, &error);
  g_assert_no_error (error);
  commands = pw_draft_get_commands (draft);
  g_assert_cmpuint (commands->len, ==, 5);
  g_assert_cmpuint (pw_draft_get_position (draft), ==, 5);
  for (guint i = 0; i < commands->len; i++)
    {
      g_autofree char *expected = pw_store_test_command (i, "before");

      g_assert_cmpstr (g_ptr_array_index (commands, i), ==, expected);
    }

  pw_store_test_close (&other);
}

static gboolean
is_healthy (PwStore *store)
{
  return !pw_store_get_failing (store);
}

static void
test_full_disk_keeps_and_retries (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PwDraft) draft = NULL;
  g_autofree char *big = big_command (5);
  Watch watch = { 0 };
  PwStore *store = fill_then_fail (&watch);
  gboolean healthy;

  /* A flush tells the truth, and so does a read: no draft older than the
   * worker's. */
  g_assert_false (pw_store_flush (store, &error));
  g_assert_error (error, PW_ERROR, PW_ERROR_NO_SPACE);
  g_clear_error (&error);
  g_assert_null (pw_store_load_draft (store, KEY, &error));
  g_assert_error (error, PW_ERROR, PW_ERROR_NO_SPACE);
  g_clear_error (&error);

  assert_saved_before ();

  /* Edits made while the disk is full wait behind the first. */
  pw_store_set_position (store, KEY, 6);

  /* Space comes back: the next flush retries at once and everything the
   * worker made reaches the disk, in order. */
  g_assert_true (_pw_store_exec_on_writer (store, DISK_FREED, &error));
  g_assert_no_error (error);
  g_assert_true (pw_store_flush (store, &error));
  g_assert_no_error (error);

  draft = pw_store_load_draft (store, KEY, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pw_draft_get_commands (draft)->len, ==, 7);
  g_assert_cmpstr (g_ptr_array_index (pw_draft_get_commands (draft), 5), ==, big);
  g_assert_cmpstr (g_ptr_array_index (pw_draft_get_commands (draft), 6), ==, "after");
  g_assert_cmpuint (pw_draft_get_position (draft), ==, 6);

  /* The recovery reaches the main context too. */
  do
    {
      g_main_context_iteration (NULL, TRUE);
      healthy = is_healthy (store);
    }
  while (!healthy);
  g_assert_cmpuint (watch.failing_changes, ==, 2);

  pw_store_test_close (&store);
  g_clear_error (&watch.error);
}

static void
test_full_disk_at_close (void)
{
  Watch watch = { 0 };
  PwStore *store = fill_then_fail (&watch);

  /* The disk never frees up: closing tries once more, then says how much
   * is lost rather than hang or lose it silently. */
  g_test_expect_message ("Piecework", G_LOG_LEVEL_WARNING,
                         "Closing the store with 2 writes that could not be saved");
  pw_store_test_close (&store);
  g_test_assert_expected_messages ();

  assert_saved_before ();
  g_clear_error (&watch.error);
}

typedef struct
{
  PwStore *store;
  gint     stop;
  gint     flushes;
  gint     refused;
} Flusher;

static gpointer
flush_until_stopped (gpointer data)
{
  Flusher *flusher = data;

  while (!g_atomic_int_get (&flusher->stop))
    {
      g_autoptr (GError) error = NULL;

      /* Either everything is on the disk, or the flush says why not. */
      if (pw_store_flush (flusher->store, &error))
        g_assert_no_error (error);
      else
        {
          g_assert_error (error, PW_ERROR, PW_ERROR_NO_SPACE);
          g_atomic_int_inc (&flusher->refused);
        }
      g_atomic_int_inc (&flusher->flushes);
    }
  return NULL;
}

/* A flush waiting on another thread while the disk fills and frees, and
 * failed writes are retried and go through behind its back: whatever it
 * sees, it returns either success or the disk's refusal, never a failure
 * without a reason. */
static void
test_full_disk_flush_while_retried (void)
{
  Flusher flusher = { 0 };
  GThread *threads[3];
  gint64 end;
  guint round = 0;

  flusher.store = pw_store_test_open (NULL);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("flusher", flush_until_stopped, &flusher);
  end = g_get_monotonic_time () + 2 * G_USEC_PER_SEC;
  while (g_get_monotonic_time () < end || g_atomic_int_get (&flusher.refused) == 0)
    {
      g_autoptr (GError) error = NULL;
      g_autofree char *big = big_command (2);

      g_assert_true (_pw_store_exec_on_writer (flusher.store, DISK_FULL, &error));
      g_assert_no_error (error);
      pw_store_append_command (flusher.store, KEY, round * 3, big);
      pw_store_append_command (flusher.store, KEY, round * 3 + 1, "after");
      /* Failures land at varied points of the flushes. */
      g_usleep (g_random_int_range (0, 200));
      g_assert_true (_pw_store_exec_on_writer (flusher.store, DISK_FREED, &error));
      g_assert_no_error (error);
      pw_store_retry (flusher.store);
      pw_store_append_command (flusher.store, KEY, round * 3 + 2, "later");
      pw_store_retry (flusher.store);
      g_main_context_iteration (NULL, FALSE);
      round++;
    }
  g_atomic_int_set (&flusher.stop, 1);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    g_thread_join (threads[i]);
  g_assert_cmpint (flusher.flushes, >, 0);

  pw_store_test_close (&flusher.store);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/store/full/keeps-and-retries", test_full_disk_keeps_and_retries);
  g_test_add_func ("/store/full/at-close", test_full_disk_at_close);
  g_test_add_func ("/store/full/flush-while-retried", test_full_disk_flush_while_retried);

  return g_test_run ();
}
