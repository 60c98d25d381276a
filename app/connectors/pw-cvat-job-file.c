/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "formats/pw-file-write.h"
#include "pw-cvat-private.h"
#include "pw-error.h"
#include "pw-json.h"

/* A CVAT job's file in the account's state folder: what a claim read of
 * the job and what was sent of it since (pw-cvat-connector.c and
 * pw-cvat-submit.c say what it holds), read and written in a thread, and
 * the lock beside it that the processes of one account take turns on. */

/* How long a submission or claim waits for another process's use of the
 * same job's file: a few requests. */
#define LOCK_WAIT_MS 3000
#define LOCK_POLL_MS 10

/* Reading and writing, in a thread */

static void
save_in_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  GFile *file = source_object;
  g_autofree char *text = pw_json_to_string (task_data, FALSE);
  g_autoptr (GFile) parent = g_file_get_parent (file);
  g_autoptr (GError) error = NULL;

  if (!g_file_make_directory_with_parents (parent, cancellable, &error)
      && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_EXISTS))
    {
      GError *mapped = NULL;

      pw_file_error_to_pw (&mapped, error, g_file_peek_path (parent));
      g_task_return_error (task, mapped);
      return;
    }
  g_clear_error (&error);
  if (!pw_file_write_durably (file, text, strlen (text), &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

void
_pw_cvat_job_file_save_async (GFile               *file,
                              JsonNode            *state,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr (GTask) task = g_task_new (file, cancellable, callback, user_data);

  g_task_set_source_tag (task, _pw_cvat_job_file_save_async);
  g_task_set_task_data (task, json_node_copy (state), (GDestroyNotify) json_node_unref);
  g_task_run_in_thread (task, save_in_thread);
}

gboolean
_pw_cvat_job_file_save_finish (GAsyncResult  *result,
                               GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Completes with the job's state, or with a JSON null where there is no
 * file. */
static void
load_in_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  GFile *file = source_object;
  GError *error = NULL;
  JsonNode *state;

  if (!g_file_query_exists (file, cancellable))
    {
      g_task_return_pointer (task, json_node_new (JSON_NODE_NULL), (GDestroyNotify) json_node_unref);
      return;
    }
  state = pw_json_load_file (file, &error);
  if (state == NULL)
    g_task_return_error (task, error);
  else if (!JSON_NODE_HOLDS_OBJECT (state))
    {
      json_node_unref (state);
      g_task_return_new_error (task, PW_ERROR, PW_ERROR_INVALID_DATA,
                               _("“%s” is damaged; claim the job again."), g_file_peek_path (file));
    }
  else
    g_task_return_pointer (task, state, (GDestroyNotify) json_node_unref);
}

void
_pw_cvat_job_file_load_async (GFile               *file,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr (GTask) task = g_task_new (file, cancellable, callback, user_data);

  g_task_set_source_tag (task, _pw_cvat_job_file_load_async);
  g_task_run_in_thread (task, load_in_thread);
}

JsonNode *
_pw_cvat_job_file_load_finish (GAsyncResult  *result,
                               GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* The job's lock, between processes: held from reading the job's file to
 * writing it, by a submission (pw-cvat-submit.c says why) and by a claim
 * that makes the file. It is on a file of its own, beside the job's: the
 * job's file is replaced with a rename, and a lock on the file replaced
 * would lock nothing the next reader opens. It is taken in a thread. */

typedef struct
{
  char *path;
  char *busy;
} JobLock;

static void
job_lock_free (gpointer data)
{
  JobLock *lock = data;

  g_free (lock->path);
  g_free (lock->busy);
  g_free (lock);
}

static void
lock_in_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  JobLock *lock = task_data;
  const char *path = lock->path;
  g_autofree char *dir = g_path_get_dirname (path);
  gint64 deadline = g_get_monotonic_time () + LOCK_WAIT_MS * G_TIME_SPAN_MILLISECOND;
  GError *error = NULL;
  int fd;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      pw_error_from_errno (&error, errno, _("Could not create the folder “%s”"), dir);
      g_task_return_error (task, error);
      return;
    }
  fd = g_open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      pw_error_from_errno (&error, errno, _("Could not open “%s”"), path);
      g_task_return_error (task, error);
      return;
    }
  /* flock(), not fcntl(): its lock belongs to the open file, so two
   * connectors of one process exclude each other as two processes do. */
  while (flock (fd, LOCK_EX | LOCK_NB) != 0)
    {
      int errsv = errno;

      if (errsv != EWOULDBLOCK && errsv != EINTR)
        {
          pw_error_from_errno (&error, errsv, _("Could not lock “%s”"), path);
          close (fd);
          g_task_return_error (task, error);
          return;
        }
      if (g_cancellable_set_error_if_cancelled (cancellable, &error))
        {
          close (fd);
          g_task_return_error (task, error);
          return;
        }
      if (g_get_monotonic_time () >= deadline)
        {
          close (fd);
          g_task_return_error (task, g_error_new_literal (PW_ERROR, PW_ERROR_FAILED, lock->busy));
          return;
        }
      g_usleep (LOCK_POLL_MS * 1000);
    }
  g_task_return_int (task, fd);
}

/**
 * _pw_cvat_job_lock_async:
 * @job_file: the job's file
 * @busy: what the error says when another process keeps the lock
 *
 * Completes with the lock's file descriptor, for _pw_cvat_job_unlock(),
 * or with %PW_ERROR_FAILED and @busy after LOCK_WAIT_MS.
 */
void
_pw_cvat_job_lock_async (GFile               *job_file,
                         const char          *busy,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr (GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  JobLock *lock = g_new0 (JobLock, 1);

  lock->path = g_strconcat (g_file_peek_path (job_file), ".lock", NULL);
  lock->busy = g_strdup (busy);
  g_task_set_source_tag (task, _pw_cvat_job_lock_async);
  g_task_set_task_data (task, lock, job_lock_free);
  g_task_run_in_thread (task, lock_in_thread);
}

int
_pw_cvat_job_lock_finish (GAsyncResult  *result,
                 GError       **error)
{
  return (int) g_task_propagate_int (G_TASK (result), error);
}

/* Closing the file ends the lock at once; it never waits. */
void
_pw_cvat_job_unlock (int fd)
{
  if (fd >= 0)
    close (fd);
}
