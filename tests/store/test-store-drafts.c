/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include "pw-store-test.h"

/* Tests of drafts in the store: saving, restoring with their history, and
 * removing them. */

#define KEY "file:///home/worker/images/street.jpg"

static PwDraft *
load (PwStore    *store,
      const char *key)
{
  g_autoptr (GError) error = NULL;
  PwDraft *draft = pw_store_load_draft (store, key, &error);

  g_assert_no_error (error);

  return draft;
}

static void
test_drafts_missing (void)
{
  g_autoptr (PwStore) store = pw_store_test_open (NULL);
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) keys = NULL;

  g_assert_null (load (store, KEY));

  keys = pw_store_list_drafts (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (keys), ==, 0);

  pw_store_test_close (&store);
}

static void
test_drafts_append_undo_redo (void)
{
  g_autoptr (PwStore) store = pw_store_test_open (NULL);
  g_autoptr (PwDraft) draft = NULL;
  gint64 before = g_get_real_time ();

  /* Read-your-writes: no flush between the edits and the load. */
  pw_store_append_command (store, KEY, 0, "a");
  pw_store_append_command (store, KEY, 1, "b");
  pw_store_append_command (store, KEY, 2, "c");
  draft = load (store, KEY);
  pw_store_test_assert_draft (draft, 3, "a", "b", "c", NULL);
  g_assert_cmpstr (pw_draft_get_key (draft), ==, KEY);
  g_assert_null (pw_draft_get_snapshot (draft));
  g_assert_cmpint (pw_draft_get_updated_at (draft), >=, before);
  g_assert_cmpint (pw_draft_get_updated_at (draft), <=, g_get_real_time ());
  g_clear_pointer (&draft, pw_draft_unref);

  /* Undo twice: the log stays whole for redo. */
  pw_store_set_position (store, KEY, 2);
  pw_store_set_position (store, KEY, 1);
  draft = load (store, KEY);
  pw_store_test_assert_draft (draft, 1, "a", "b", "c", NULL);
  g_clear_pointer (&draft, pw_draft_unref);

  /* Redo once. */
  pw_store_set_position (store, KEY, 2);
  draft = load (store, KEY);
  pw_store_test_assert_draft (draft, 2, "a", "b", "c", NULL);
  g_clear_pointer (&draft, pw_draft_unref);

  /* A new edit after an undo discards the redo tail. */
  pw_store_set_position (store, KEY, 1);
  pw_store_append_command (store, KEY, 1, "d");
  draft = load (store, KEY);
  pw_store_test_assert_draft (draft, 2, "a", "d", NULL);
  g_clear_pointer (&draft, pw_draft_unref);

  /* Undo everything, then edit: only the new edit is left. */
  pw_store_set_position (store, KEY, 0);
  pw_store_append_command (store, KEY, 0, "e");
  draft = load (store, KEY);
  pw_store_test_assert_draft (draft, 1, "e", NULL);

  pw_store_test_close (&store);
}

static void
test_drafts_snapshot_resets_log (void)
{
  g_autoptr (PwStore) store = pw_store_test_open (NULL);
  g_autoptr (PwDraft) draft = NULL;

  pw_store_append_command (store, KEY, 0, "a");
  pw_store_append_command (store, KEY, 1, "b");
  pw_store_set_snapshot (store, KEY, "{\"shapes\":[1]}");
  draft = load (store, KEY);
  pw_store_test_assert_draft (draft, 0, NULL);
  g_assert_cmpstr (pw_draft_get_snapshot (draft), ==, "{\"shapes\":[1]}");
  g_clear_pointer (&draft, pw_draft_unref);

  pw_store_append_command (store, KEY, 0, "c");
  draft = load (store, KEY);
  pw_store_test_assert_draft (draft, 1, "c", NULL);
  g_assert_cmpstr (pw_draft_get_snapshot (draft), ==, "{\"shapes\":[1]}");
  g_clear_pointer (&draft, pw_draft_unref);

  /* A NULL snapshot is an empty base, and still clears the log. */
  pw_store_set_snapshot (store, KEY, NULL);
  draft = load (store, KEY);
  pw_store_test_assert_draft (draft, 0, NULL);
  g_assert_null (pw_draft_get_snapshot (draft));

  pw_store_test_close (&store);
}

static void
test_drafts_keys_are_separate (void)
{
  g_autoptr (PwStore) store = pw_store_test_open (NULL);
  g_autoptr (PwDraft) draft = NULL;
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) keys = NULL;

  pw_store_append_command (store, "task:acme:1", 0, "one");
  pw_store_append_command (store, "task:acme:2", 0, "two");
  pw_store_append_command (store, "task:acme:1", 1, "three");

  draft = load (store, "task:acme:1");
  pw_store_test_assert_draft (draft, 2, "one", "three", NULL);
  g_clear_pointer (&draft, pw_draft_unref);
  draft = load (store, "task:acme:2");
  pw_store_test_assert_draft (draft, 1, "two", NULL);
  g_clear_pointer (&draft, pw_draft_unref);

  /* Most recently changed first. */
  keys = pw_store_list_drafts (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (keys), ==, 2);
  g_assert_cmpstr (keys[0], ==, "task:acme:1");
  g_assert_cmpstr (keys[1], ==, "task:acme:2");
  g_clear_pointer (&keys, g_strfreev);

  pw_store_delete_draft (store, "task:acme:1");
  g_assert_null (load (store, "task:acme:1"));
  keys = pw_store_list_drafts (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (keys), ==, 1);
  g_assert_cmpstr (keys[0], ==, "task:acme:2");

  /* Deleting what is not there is no error. */
  pw_store_delete_draft (store, "task:acme:404");
  g_assert_true (pw_store_flush (store, &error));
  g_assert_no_error (error);

  pw_store_test_close (&store);
}

static void
test_drafts_many_in_order (void)
{
  g_autoptr (PwStore) store = pw_store_test_open (NULL);
  g_autoptr (PwDraft) draft = NULL;
  g_autoptr (GError) error = NULL;
  GPtrArray *commands;

  for (guint i = 0; i < 1000; i++)
    {
      g_autofree char *command = pw_store_test_command (i, "many");

      pw_store_append_command (store, KEY, i, command);
    }

  g_assert_true (pw_store_flush (store, &error));
  g_assert_no_error (error);

  draft = load (store, KEY);
  commands = pw_draft_get_commands (draft);
  g_assert_cmpuint (commands->len, ==, 1000);
  g_assert_cmpuint (pw_draft_get_position (draft), ==, 1000);
  for (guint i = 0; i < commands->len; i++)
    {
      g_autofree char *expected = pw_store_test_command (i, "many");

      g_assert_cmpstr (g_ptr_array_index (commands, i), ==, expected);
    }

  pw_store_test_close (&store);
}

#define N_THREADS  4
#define PER_THREAD 250

static gpointer
append_from_thread (gpointer data)
{
  PwStore *store = data;
  g_autofree char *key = g_strdup_printf ("task:threads:%p", (void *) g_thread_self ());

  for (guint i = 0; i < PER_THREAD; i++)
    {
      g_autofree char *command = pw_store_test_command (i, key);

      pw_store_append_command (store, key, i, command);
    }

  return g_steal_pointer (&key);
}

static void
test_drafts_many_threads (void)
{
  g_autoptr (PwStore) store = pw_store_test_open (NULL);
  g_autoptr (GError) error = NULL;
  GThread *threads[N_THREADS];

  /* Writes from several threads at once each keep their own order. */
  for (guint t = 0; t < N_THREADS; t++)
    threads[t] = g_thread_new ("append", append_from_thread, store);

  for (guint t = 0; t < N_THREADS; t++)
    {
      g_autofree char *key = g_thread_join (threads[t]);
      g_autoptr (PwDraft) draft = NULL;
      GPtrArray *commands;

      draft = load (store, key);
      commands = pw_draft_get_commands (draft);
      g_assert_cmpuint (commands->len, ==, PER_THREAD);
      g_assert_cmpuint (pw_draft_get_position (draft), ==, PER_THREAD);
      for (guint i = 0; i < commands->len; i++)
        {
          g_autofree char *expected = pw_store_test_command (i, key);

          g_assert_cmpstr (g_ptr_array_index (commands, i), ==, expected);
        }
    }

  g_assert_true (pw_store_flush (store, &error));
  g_assert_no_error (error);
  pw_store_test_close (&store);
}

static void
test_drafts_survive_reopen (void)
{
  PwStore *store = pw_store_test_open (NULL);
  g_autoptr (PwDraft) draft = NULL;

  pw_store_set_snapshot (store, KEY, "{}");
  pw_store_append_command (store, KEY, 0, "a");
  pw_store_append_command (store, KEY, 1, "b");
  pw_store_set_position (store, KEY, 1);
  pw_store_set_state (store, "last-folder", "/home/worker/images");

  /* No flush: closing writes what is queued. */
  pw_store_test_close (&store);

  store = pw_store_test_open (NULL);
  draft = load (store, KEY);
  pw_store_test_assert_draft (draft, 1, "a", "b", NULL);
  g_assert_cmpstr (pw_draft_get_snapshot (draft), ==, "{}");
  g_assert_cmpstr (pw_store_get_state (store, "last-folder"), ==, "/home/worker/images");
  pw_store_test_close (&store);
}

static void
test_drafts_state (void)
{
  PwStore *store = pw_store_test_open (NULL);

  g_assert_null (pw_store_get_state (store, "last-folder"));
  pw_store_set_state (store, "last-folder", "/a");
  pw_store_set_state (store, "last-folder", "/b");
  pw_store_set_state (store, "zoom", "fit");
  /* Read from memory at once. */
  g_assert_cmpstr (pw_store_get_state (store, "last-folder"), ==, "/b");
  pw_store_set_state (store, "zoom", NULL);
  g_assert_null (pw_store_get_state (store, "zoom"));
  pw_store_test_close (&store);

  store = pw_store_test_open (NULL);
  g_assert_cmpstr (pw_store_get_state (store, "last-folder"), ==, "/b");
  g_assert_null (pw_store_get_state (store, "zoom"));
  pw_store_test_close (&store);
}

typedef struct
{
  GPtrArray *errors;
  gboolean   two;
} Failures;

static void
on_write_failed (PwStore *store,
                 GError  *error,
                 gpointer user_data)
{
  Failures *failures = user_data;

  g_ptr_array_add (failures->errors, g_error_copy (error));
  failures->two = failures->errors->len >= 2;
}

static void
test_drafts_gap_refused (void)
{
  g_autoptr (PwStore) store = pw_store_test_open (NULL);
  g_autoptr (PwDraft) draft = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) errors = g_ptr_array_new_with_free_func ((GDestroyNotify) g_error_free);
  Failures failures = { errors, FALSE };

  g_signal_connect (store, "write-failed", G_CALLBACK (on_write_failed), &failures);

  pw_store_append_command (store, KEY, 0, "a");
  /* Position 5 of a log of one: the model and the store disagree. */
  pw_store_append_command (store, KEY, 5, "lost");
  pw_store_set_position (store, KEY, 7);
  /* Writes after a refused one still go through. */
  pw_store_append_command (store, KEY, 1, "b");

  g_assert_true (pw_store_flush (store, &error));
  g_assert_no_error (error);
  draft = load (store, KEY);
  pw_store_test_assert_draft (draft, 2, "a", "b", NULL);

  /* Both refusals are reported, on the main context. */
  pw_store_test_run_until (&failures.two);
  g_assert_cmpuint (errors->len, ==, 2);
  for (guint i = 0; i < errors->len; i++)
    {
      const GError *failed = g_ptr_array_index (errors, i);

      g_assert_error (failed, PW_ERROR, PW_ERROR_INVALID_DATA);
      g_assert_nonnull (strstr (failed->message, KEY));
    }

  /* Refused for good, not kept: nothing waits to be retried. */
  g_assert_false (pw_store_get_failing (store));

  pw_store_test_close (&store);
}

typedef struct
{
  gboolean  done;
  PwDraft  *draft;
  GStrv     keys;
} AsyncResult;

static void
on_flushed (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  AsyncResult *out = user_data;
  g_autoptr (GError) error = NULL;

  g_assert_true (pw_store_flush_finish (PW_STORE (source), result, &error));
  g_assert_no_error (error);
  out->done = TRUE;
}

static void
on_loaded (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  AsyncResult *out = user_data;
  g_autoptr (GError) error = NULL;

  out->draft = pw_store_load_draft_finish (PW_STORE (source), result, &error);
  g_assert_no_error (error);
  out->done = TRUE;
}

static void
on_listed (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  AsyncResult *out = user_data;
  g_autoptr (GError) error = NULL;

  out->keys = pw_store_list_drafts_finish (PW_STORE (source), result, &error);
  g_assert_no_error (error);
  out->done = TRUE;
}

static void
test_drafts_async (void)
{
  g_autoptr (PwStore) store = pw_store_test_open (NULL);
  AsyncResult out = { 0 };

  pw_store_append_command (store, KEY, 0, "a");
  pw_store_flush_async (store, NULL, on_flushed, &out);
  pw_store_test_run_until (&out.done);

  out.done = FALSE;
  pw_store_append_command (store, KEY, 1, "b");
  pw_store_load_draft_async (store, KEY, NULL, on_loaded, &out);
  pw_store_test_run_until (&out.done);
  pw_store_test_assert_draft (out.draft, 2, "a", "b", NULL);
  g_clear_pointer (&out.draft, pw_draft_unref);

  out.done = FALSE;
  pw_store_load_draft_async (store, "task:none:0", NULL, on_loaded, &out);
  pw_store_test_run_until (&out.done);
  g_assert_null (out.draft);

  out.done = FALSE;
  pw_store_list_drafts_async (store, NULL, on_listed, &out);
  pw_store_test_run_until (&out.done);
  g_assert_cmpuint (g_strv_length (out.keys), ==, 1);
  g_assert_cmpstr (out.keys[0], ==, KEY);
  g_strfreev (out.keys);

  pw_store_test_close (&store);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/store/drafts/missing", test_drafts_missing);
  g_test_add_func ("/store/drafts/append-undo-redo", test_drafts_append_undo_redo);
  g_test_add_func ("/store/drafts/snapshot-resets-log", test_drafts_snapshot_resets_log);
  g_test_add_func ("/store/drafts/keys-are-separate", test_drafts_keys_are_separate);
  g_test_add_func ("/store/drafts/many-in-order", test_drafts_many_in_order);
  g_test_add_func ("/store/drafts/many-threads", test_drafts_many_threads);
  g_test_add_func ("/store/drafts/survive-reopen", test_drafts_survive_reopen);
  g_test_add_func ("/store/drafts/state", test_drafts_state);
  g_test_add_func ("/store/drafts/gap-refused", test_drafts_gap_refused);
  g_test_add_func ("/store/drafts/async", test_drafts_async);

  return g_test_run ();
}
