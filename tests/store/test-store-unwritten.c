/* SPDX-License-Identifier: GPL-3.0-or-later */
/* unshare() */
#define _GNU_SOURCE
#include "pw-config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <sched.h>
#include <sqlite3.h>
#include <sys/mount.h>
#include <unistd.h>

#include "pw-quota-vfs.h"
#include "pw-store-test.h"
#include "store/pw-store-private.h"

/* Work the disk refuses: on a disk that fills up (a SQLite VFS with a
 * quota, or a real small tmpfs where the test may mount one), and on one
 * that fails or is damaged. The store keeps every write, says so once, and
 * saves it all, in order and unchanged, once the disk takes it again. */

#define KEY "task:acme:42"
#define ACCOUNT "acme"
#define TASK "task-42"
#define CLAIM "claim-42"
#define IDEMPOTENCY_KEY "7d0c5a7e-0f53-4c1e-9a38-2b1f4e0c9d11"
#define BODY "{\"claim_id\":\"claim-42\",\"annotation\":{\"shapes\":[]},\"active_seconds\":12.5}"

/* Generous for a loaded machine, and within the test's own time limit. */
#define WAIT_LIMIT_US (20 * G_USEC_PER_SEC)

static gboolean own_mount_namespace;

typedef struct
{
  guint   write_failed;
  GError *error;
} Watch;

static void
on_write_failed (PwStore *store,
                 GError  *error,
                 gpointer user_data)
{
  Watch *watch = user_data;

  g_assert_true (g_main_context_is_owner (g_main_context_default ()));
  watch->write_failed++;
  g_clear_error (&watch->error);
  watch->error = g_error_copy (error);
}

typedef gboolean (*Condition) (PwStore *store, gpointer data);

static void
wait_until (PwStore  *store,
            Condition condition,
            gpointer  data)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_LIMIT_US;

  while (!condition (store, data))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("The store did not reach the state awaited in time");
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (G_TIME_SPAN_MILLISECOND);
    }
}

static gboolean
holds (PwStore *store,
       gpointer data)
{
  return pw_store_get_failing (store) &&
         pw_store_get_n_unwritten (store) == GPOINTER_TO_UINT (data);
}

static gboolean
saved_all (PwStore *store,
           gpointer data)
{
  return !pw_store_get_failing (store) && pw_store_get_n_unwritten (store) == 0;
}

/* A command big enough to need new pages. */
static char *
big_command (guint seq)
{
  g_autofree char *filler = g_strnfill (64 * 1024, 'x');

  return pw_store_test_command (seq, filler);
}

/* A claimed task with three edits of its draft, all on the disk. */
static PwStore *
open_with_work (const char *path,
                Watch      *watch)
{
  g_autoptr (GError) error = NULL;
  PwStoreTask task = {
    .account_id = ACCOUNT, .task_id = TASK, .claim_id = CLAIM, .project_id = "project-1",
    .kind = PW_TASK_KIND_IMAGE, .pay_micro = 250000, .currency = "USD", .task_json = "{}",
  };
  PwStore *store = path != NULL ? pw_store_test_open (path) : pw_store_test_open_new ("unwritten");

  g_signal_connect (store, "write-failed", G_CALLBACK (on_write_failed), watch);
  pw_store_add_claimed_task (store, &task);
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *command = pw_store_test_command (i, "before");

      pw_store_append_command (store, KEY, i, command);
    }
  g_assert_true (pw_store_flush (store, &error));
  g_assert_no_error (error);
  g_assert_false (pw_store_get_failing (store));
  g_assert_cmpuint (pw_store_get_n_unwritten (store), ==, 0);
  g_assert_null (pw_store_get_write_error (store));

  return store;
}

/* The work made while the disk refuses it: an edit that needs new pages,
 * the task's submission, and one more edit. */
static void
make_work (PwStore *store)
{
  g_autofree char *big = big_command (3);

  pw_store_append_command (store, KEY, 3, big);
  pw_store_queue_submission (store, ACCOUNT, TASK, CLAIM, IDEMPOTENCY_KEY, BODY, "{}");
  pw_store_append_command (store, KEY, 4, "after");
}

/* Everything made is on the disk, in order, the submission under the key
 * it was made with: read through a second store on the same file. */
static void
assert_all_saved (const char *path)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PwDraft) draft = NULL;
  g_autoptr (PwOutboxRow) row = NULL;
  PwTaskState state;
  g_autofree char *big = big_command (3);
  g_autofree char *first = pw_store_test_command (0, "before");
  g_autofree char *second = pw_store_test_command (1, "before");
  g_autofree char *third = pw_store_test_command (2, "before");
  PwStore *other = pw_store_test_open (path);

  draft = pw_store_load_draft (other, KEY, &error);
  g_assert_no_error (error);
  pw_store_test_assert_draft (draft, 5, first, second, third, big, "after", NULL);

  row = pw_store_get_submission (other, IDEMPOTENCY_KEY, &error);
  g_assert_no_error (error);
  g_assert_nonnull (row);
  g_assert_cmpstr (row->idempotency_key, ==, IDEMPOTENCY_KEY);
  g_assert_cmpstr (row->body, ==, BODY);
  g_assert_cmpstr (row->task_id, ==, TASK);
  g_assert_cmpint (row->state, ==, PW_OUTBOX_PENDING);

  g_assert_true (pw_store_get_task_state (other, ACCOUNT, TASK, &state, &error));
  g_assert_no_error (error);
  g_assert_cmpint (state, ==, PW_TASK_STATE_SUBMITTED);

  pw_store_test_close (&other);
}

static void
on_saved_elsewhere (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  GFile **file = user_data;
  g_autoptr (GError) error = NULL;

  *file = pw_store_save_unwritten_finish (PW_STORE (source), result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (*file);
}

static gboolean
file_is_set (PwStore *store,
             gpointer data)
{
  return *(GFile **) data != NULL;
}

/* The file holds each submission with its key and exact body, and each
 * edit in the order made. */
static void
assert_saved_elsewhere (PwStore *store)
{
  g_autofree char *folder_path = g_build_filename (g_get_user_cache_dir (), "elsewhere", NULL);
  g_autoptr (GFile) folder = g_file_new_for_path (folder_path);
  g_autoptr (GFile) file = NULL;
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *big = big_command (3);
  JsonObject *root;
  JsonObject *submission;
  JsonArray *edits;

  g_assert_cmpint (g_mkdir_with_parents (folder_path, 0700), ==, 0);
  pw_store_save_unwritten_async (store, folder, NULL, on_saved_elsewhere, &file);
  wait_until (store, file_is_set, &file);

  path = g_file_get_path (file);
  g_assert_true (g_str_has_prefix (path, folder_path));
  g_assert_true (json_parser_load_from_file (parser, path, &error));
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (root, "format"), ==, "piecework-unsaved-work");
  g_assert_cmpstr (json_object_get_string_member (root, "store"), ==, pw_store_get_path (store));
  g_assert_nonnull (strstr (json_object_get_string_member (root, "reason"), "disk is full"));

  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "submissions")),
                    ==, 1);
  submission = json_array_get_object_element (json_object_get_array_member (root, "submissions"), 0);
  g_assert_cmpstr (json_object_get_string_member (submission, "idempotency_key"), ==,
                   IDEMPOTENCY_KEY);
  g_assert_cmpstr (json_object_get_string_member (submission, "body"), ==, BODY);
  g_assert_cmpstr (json_object_get_string_member (submission, "task_id"), ==, TASK);
  g_assert_cmpstr (json_object_get_string_member (submission, "claim_id"), ==, CLAIM);

  edits = json_object_get_array_member (root, "draft_edits");
  g_assert_cmpuint (json_array_get_length (edits), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (edits, 0),
                                                  "command"), ==, big);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (edits, 0),
                                               "position"), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (edits, 1),
                                                  "command"), ==, "after");
}

static void
test_quota_keeps_and_retries (void)
{
  g_autofree char *path = NULL;
  Watch watch = { 0 };
  PwStore *store;
  guint refused;

  pw_quota_vfs_set_quota (PW_QUOTA_VFS_UNLIMITED);
  store = open_with_work (NULL, &watch);
  path = g_strdup (pw_store_get_path (store));

  /* The disk is full: not one more byte. */
  refused = pw_quota_vfs_get_refused ();
  pw_quota_vfs_set_quota (pw_quota_vfs_get_used ());
  make_work (store);

  /* Each write is kept, in order, and the store says so at once, once,
   * with what to free. */
  wait_until (store, holds, GUINT_TO_POINTER (3));
  g_assert_cmpuint (pw_quota_vfs_get_refused (), >, refused);
  g_assert_cmpuint (watch.write_failed, ==, 1);
  g_assert_error (watch.error, PW_ERROR, PW_ERROR_NO_SPACE);
  g_assert_error (pw_store_get_write_error (store), PW_ERROR, PW_ERROR_NO_SPACE);
  g_assert_nonnull (strstr (pw_store_get_write_error (store)->message, "disk is full"));
  g_assert_nonnull (strstr (pw_store_get_write_error (store)->message, path));

  /* Space is freed at once, while the backoff is still short. Nobody
   * writes, flushes or asks: the store's own timer retries and saves it
   * all. */
  pw_quota_vfs_set_quota (PW_QUOTA_VFS_UNLIMITED);
  wait_until (store, saved_all, NULL);
  g_assert_null (pw_store_get_write_error (store));
  g_assert_cmpuint (watch.write_failed, ==, 1);

  pw_store_test_close (&store);
  assert_all_saved (path);
  g_clear_error (&watch.error);
}

static gboolean
refused_since (PwStore *store,
               gpointer data)
{
  return pw_quota_vfs_get_refused () > *(guint *) data;
}

static void
test_quota_retry_now (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;
  Watch watch = { 0 };
  PwStore *store;
  guint refused;

  pw_quota_vfs_set_quota (PW_QUOTA_VFS_UNLIMITED);
  store = open_with_work (NULL, &watch);
  path = g_strdup (pw_store_get_path (store));

  pw_quota_vfs_set_quota (pw_quota_vfs_get_used ());
  make_work (store);
  wait_until (store, holds, GUINT_TO_POINTER (3));

  /* A flush tells the truth. */
  g_assert_false (pw_store_flush (store, &error));
  g_assert_error (error, PW_ERROR, PW_ERROR_NO_SPACE);
  g_clear_error (&error);

  /* The worker saves the waiting work elsewhere; the store still holds
   * it. */
  assert_saved_elsewhere (store);
  g_assert_cmpuint (pw_store_get_n_unwritten (store), ==, 3);

  /* Retrying while the disk is still full keeps everything. */
  refused = pw_quota_vfs_get_refused ();
  pw_store_retry (store);
  wait_until (store, refused_since, &refused);
  g_assert_false (pw_store_flush (store, NULL));
  g_assert_true (pw_store_get_failing (store));
  g_assert_cmpuint (pw_store_get_n_unwritten (store), ==, 3);

  pw_quota_vfs_set_quota (PW_QUOTA_VFS_UNLIMITED);
  pw_store_retry (store);
  wait_until (store, saved_all, NULL);

  pw_store_test_close (&store);
  assert_all_saved (path);
  g_clear_error (&watch.error);
}

static void
check_disk_fault (int         rc,
                  const char *advice)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PwDraft) draft = NULL;
  Watch watch = { 0 };
  PwStore *store;

  pw_quota_vfs_set_quota (PW_QUOTA_VFS_UNLIMITED);
  store = open_with_work (NULL, &watch);

  pw_quota_vfs_set_failure (rc);
  pw_store_append_command (store, KEY, 3, "during");

  /* Kept, not dropped, and the message says what to do. */
  wait_until (store, holds, GUINT_TO_POINTER (1));
  g_assert_cmpuint (watch.write_failed, ==, 1);
  g_assert_error (pw_store_get_write_error (store), PW_ERROR, PW_ERROR_IO);
  g_assert_nonnull (strstr (pw_store_get_write_error (store)->message, advice));
  g_assert_nonnull (strstr (pw_store_get_write_error (store)->message, pw_store_get_path (store)));

  pw_quota_vfs_set_failure (SQLITE_OK);
  pw_store_retry (store);
  wait_until (store, saved_all, NULL);

  draft = pw_store_load_draft (store, KEY, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pw_draft_get_commands (draft)->len, ==, 4);
  g_assert_cmpstr (g_ptr_array_index (pw_draft_get_commands (draft), 3), ==, "during");

  pw_store_test_close (&store);
  g_clear_error (&watch.error);
}

static void
test_failing_disk (void)
{
  check_disk_fault (SQLITE_IOERR_WRITE, "Check that it is connected");
}

static void
test_damaged_store (void)
{
  check_disk_fault (SQLITE_CORRUPT, "is damaged");
}

static void
test_close_after_saving_elsewhere (void)
{
  g_autofree char *path = NULL;
  Watch watch = { 0 };
  PwStore *store;

  pw_quota_vfs_set_quota (PW_QUOTA_VFS_UNLIMITED);
  store = open_with_work (NULL, &watch);
  path = g_strdup (pw_store_get_path (store));

  pw_quota_vfs_set_quota (pw_quota_vfs_get_used ());
  make_work (store);
  wait_until (store, holds, GUINT_TO_POINTER (3));
  assert_saved_elsewhere (store);

  /* The disk never frees up and the worker quits: the store says where
   * the work went, not that it is lost. */
  g_test_expect_message ("Piecework", G_LOG_LEVEL_MESSAGE,
                         "Closing the store with 3 writes that could not be saved to it; "
                         "they are in *elsewhere*");
  pw_store_test_close (&store);
  g_test_assert_expected_messages ();

  pw_quota_vfs_set_quota (PW_QUOTA_VFS_UNLIMITED);
  g_clear_error (&watch.error);
}

/* Fills the file system of @dir to the last block. */
static char *
fill_up (const char *dir)
{
  g_autofree char *filler = g_build_filename (dir, "filler", NULL);
  static char block[4096];
  int fd = g_open (filler, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);

  g_assert_cmpint (fd, >=, 0);
  while (write (fd, block, sizeof block) > 0)
    ;
  g_assert_cmpint (errno, ==, ENOSPC);
  while (write (fd, block, 1) > 0)
    ;
  g_assert_cmpint (errno, ==, ENOSPC);
  g_close (fd, NULL);

  return g_steal_pointer (&filler);
}

static void
test_tmpfs_fills_up (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *filler = NULL;
  Watch watch = { 0 };
  PwStore *store;

  if (!own_mount_namespace)
    {
      g_test_skip ("Mounting a tmpfs needs a mount namespace of the test's own (run as root)");
      return;
    }

  pw_quota_vfs_set_quota (PW_QUOTA_VFS_UNLIMITED);
  dir = g_dir_make_tmp ("piecework-tmpfs-XXXXXX", NULL);
  g_assert_nonnull (dir);
  if (mount ("tmpfs", dir, "tmpfs", MS_NOSUID | MS_NODEV, "size=1m,mode=0700") != 0)
    {
      g_test_skip_printf ("Cannot mount a tmpfs: %s", g_strerror (errno));
      g_rmdir (dir);
      return;
    }

  path = g_build_filename (dir, "piecework.db", NULL);
  store = open_with_work (path, &watch);

  filler = fill_up (dir);
  make_work (store);
  wait_until (store, holds, GUINT_TO_POINTER (3));
  g_assert_error (pw_store_get_write_error (store), PW_ERROR, PW_ERROR_NO_SPACE);
  g_assert_cmpuint (watch.write_failed, ==, 1);

  /* The worker frees space and says so. */
  g_assert_cmpint (g_unlink (filler), ==, 0);
  pw_store_retry (store);
  wait_until (store, saved_all, NULL);

  pw_store_test_close (&store);
  assert_all_saved (path);

  g_assert_cmpint (umount2 (dir, MNT_DETACH), ==, 0);
  g_rmdir (dir);
  g_clear_error (&watch.error);
}

int
main (int   argc,
      char *argv[])
{
  /* A namespace of its own, made while the process has one thread, so the
   * tmpfs goes away with it whatever happens. */
  own_mount_namespace = unshare (CLONE_NEWNS) == 0 &&
                        mount (NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) == 0;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  pw_quota_vfs_install ();

  g_test_add_func ("/store/unwritten/quota-keeps-and-retries", test_quota_keeps_and_retries);
  g_test_add_func ("/store/unwritten/quota-retry-now", test_quota_retry_now);
  g_test_add_func ("/store/unwritten/failing-disk", test_failing_disk);
  g_test_add_func ("/store/unwritten/damaged-store", test_damaged_store);
  g_test_add_func ("/store/unwritten/close-after-saving-elsewhere",
                   test_close_after_saving_elsewhere);
  g_test_add_func ("/store/unwritten/tmpfs-fills-up", test_tmpfs_fills_up);

  return g_test_run ();
}
