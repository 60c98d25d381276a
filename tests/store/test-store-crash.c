/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "pw-store-test.h"

/* A real crash: a child process edits a draft as fast as it can and is
 * killed with SIGKILL at a random moment. Whatever it had flushed must be
 * there, and what follows must be a whole prefix of its edits: no gap, no
 * command out of order, a position inside the log. */

#define KEY     "task:crash:1"
#define FLUSHED 50
#define ROUNDS  6

static char *
crash_command (guint seq,
               guint edit)
{
  return g_strdup_printf ("{\"seq\":%u,\"edit\":%u}", seq, edit);
}

/* Runs in the child, until killed. Edits are numbered; undo never goes
 * below FLUSHED, so the flushed ones stay. */
G_GNUC_NORETURN static void
run_child (const char *path,
           int         ready_fd)
{
  g_autoptr (GError) error = NULL;
  PwStore *store = pw_store_new_for_path (path, &error);
  guint position = 0;
  guint length = 0;
  gint64 deadline = g_get_monotonic_time () + 30 * G_TIME_SPAN_SECOND;

  if (store == NULL)
    _exit (2);

  for (guint edit = 0; edit < FLUSHED; edit++)
    {
      g_autofree char *command = crash_command (position, edit);

      pw_store_append_command (store, KEY, position, command);
      length = ++position;
    }

  if (!pw_store_flush (store, &error) || write (ready_fd, "F", 1) != 1)
    _exit (3);

  for (guint edit = FLUSHED; g_get_monotonic_time () < deadline; edit++)
    {
      if (edit % 7 == 0 && position >= FLUSHED + 2)
        {
          position -= 2;
          pw_store_set_position (store, KEY, position);
        }
      else if (edit % 11 == 0 && position < length)
        {
          pw_store_set_position (store, KEY, ++position);
        }
      else
        {
          g_autofree char *command = crash_command (position, edit);

          pw_store_append_command (store, KEY, position, command);
          length = ++position;
        }

      /* Let the writer keep up now and then, so the kill finds it at any
       * point: in a commit, between two, or with a long queue. */
      if (edit % 64 == 0)
        g_usleep (500);
    }

  _exit (4);
}

static void
check_recovered (const char *path)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PwDraft) draft = NULL;
  PwStore *store = pw_store_test_open (path);
  GPtrArray *commands;
  guint last_edit = 0;

  draft = pw_store_load_draft (store, KEY, &error);
  g_assert_no_error (error);
  g_assert_nonnull (draft);
  commands = pw_draft_get_commands (draft);

  g_assert_cmpuint (commands->len, >=, FLUSHED);
  g_assert_cmpuint (pw_draft_get_position (draft), >=, FLUSHED);
  g_assert_cmpuint (pw_draft_get_position (draft), <=, commands->len);
  g_test_message ("recovered %u commands, position %u", commands->len,
                  pw_draft_get_position (draft));

  for (guint i = 0; i < commands->len; i++)
    {
      const char *command = g_ptr_array_index (commands, i);
      guint seq = G_MAXUINT;
      guint edit = G_MAXUINT;

      g_assert_cmpint (sscanf (command, "{\"seq\":%u,\"edit\":%u}", &seq, &edit), ==, 2);
      g_assert_cmpuint (seq, ==, i);
      if (i < FLUSHED)
        g_assert_cmpuint (edit, ==, i);
      /* A later command in the log was always made later. */
      if (i > 0)
        g_assert_cmpuint (edit, >, last_edit);
      last_edit = edit;
    }

  pw_store_test_close (&store);
}

static void
test_crash_keeps_a_prefix (void)
{
  g_autofree char *dir = pw_paths_data_dir ();

  g_assert_true (pw_paths_ensure_dir (dir, NULL));

  for (guint round = 0; round < ROUNDS; round++)
    {
      g_autofree char *name = g_strdup_printf ("crash-%u.db", round);
      g_autofree char *path = g_build_filename (dir, name, NULL);
      int fds[2];
      char ready = 0;
      int status = 0;
      pid_t pid;

      g_assert_cmpint (pipe (fds), ==, 0);

      /* No thread runs here at this point (each store joins its own), so
       * the child starts from a sane copy. */
      pid = fork ();
      g_assert_cmpint (pid, >=, 0);
      if (pid == 0)
        {
          close (fds[0]);
          run_child (path, fds[1]);
        }

      close (fds[1]);
      g_assert_cmpint (read (fds[0], &ready, 1), ==, 1);
      g_assert_cmpint (ready, ==, 'F');
      close (fds[0]);

      g_usleep (g_test_rand_int_range (0, 150) * G_TIME_SPAN_MILLISECOND);
      g_assert_cmpint (kill (pid, SIGKILL), ==, 0);
      g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
      g_assert_true (WIFSIGNALED (status));
      g_assert_cmpint (WTERMSIG (status), ==, SIGKILL);

      check_recovered (path);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/store/crash/keeps-a-prefix", test_crash_keeps_a_prefix);

  return g_test_run ();
}
