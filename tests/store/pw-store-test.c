/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include "pw-store-test.h"

/* Opens the store at @path, or the worker's own store under the test's
 * private XDG tree when @path is NULL, and fails the test on error. */
PwStore *
pw_store_test_open (const char *path)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *default_path = pw_paths_store_file ();
  PwStore *store = pw_store_new_for_path (path != NULL ? path : default_path, &error);

  g_assert_no_error (error);
  g_assert_true (PW_IS_STORE (store));

  return store;
}

/* A store in a file of its own, named after @prefix and numbered, so each
 * test of a program starts empty. */
PwStore *
pw_store_test_open_new (const char *prefix)
{
  static guint n;
  g_autofree char *name = g_strdup_printf ("%s-%u.db", prefix, ++n);
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), name, NULL);

  return pw_store_test_open (path);
}

/* Drops the last reference and checks the store is really gone, so its
 * writer thread was joined and its connections closed. A GTask run in a
 * thread may hold the store a moment after its callback, so allow that
 * moment. */
void
pw_store_test_close (PwStore **store)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_TIME_SPAN_SECOND;

  g_object_add_weak_pointer (G_OBJECT (*store), (gpointer *) store);
  g_object_unref (*store);

  while (*store != NULL && g_get_monotonic_time () < deadline)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (G_TIME_SPAN_MILLISECOND);
    }

  g_assert_null (*store);
}

/* A command as the model might write it; @seq and @tag make each one
 * recognizable. */
char *
pw_store_test_command (guint       seq,
                       const char *tag)
{
  return g_strdup_printf ("{\"op\":\"move\",\"seq\":%u,\"tag\":\"%s\"}", seq, tag);
}

static gboolean
on_timeout (gpointer data)
{
  g_error ("Timed out waiting for the store");
  return G_SOURCE_REMOVE;
}

/* Runs the main context until *@done, failing the test after a while. */
void
pw_store_test_run_until (gboolean *done)
{
  guint timeout = g_timeout_add_seconds (30, on_timeout, NULL);

  while (!*done)
    g_main_context_iteration (NULL, TRUE);

  g_source_remove (timeout);
}

/* Checks @draft's position and its commands, given as NULL-terminated
 * strings. */
void
pw_store_test_assert_draft (PwDraft *draft,
                            guint    position,
                            ...)
{
  GPtrArray *commands;
  const char *expected;
  va_list args;
  guint i = 0;

  g_assert_nonnull (draft);
  commands = pw_draft_get_commands (draft);

  va_start (args, position);
  while ((expected = va_arg (args, const char *)) != NULL)
    {
      g_assert_cmpuint (i, <, commands->len);
      g_assert_cmpstr (g_ptr_array_index (commands, i), ==, expected);
      i++;
    }
  va_end (args);

  g_assert_cmpuint (commands->len, ==, i);
  g_assert_cmpuint (pw_draft_get_position (draft), ==, position);
}
