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
 * the job and what was sent of it since (pw-cvat-claim.c and
 * pw-cvat-submit.c say what it holds), read and written in a thread, and
 * the lock beside it that the processes of one account take turns on. */

/* How long a submission or claim waits for another process's use of the
 * same job's file: a few requests. */
#define LOCK_WAIT_MS 3000
#define LOCK_POLL_MS 10

/* Reading and writing, in a thread */

static gboolean
save_file (GFile         *file,
           JsonNode      *state,
           GCancellable  *cancellable,
           GError       **error)
{
  g_autofree char *text = pw_json_to_string (state, FALSE);
  g_autoptr (GFile) parent = g_file_get_parent (file);
  g_autoptr (GError) local_error = NULL;

  if (!g_file_make_directory_with_parents (parent, cancellable, &local_error)
      && !g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_EXISTS))
    {
      pw_file_error_to_pw (error, local_error, g_file_peek_path (parent));
      return FALSE;
    }
  return pw_file_write_durably (file, text, strlen (text), error);
}

static void
save_in_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  GError *error = NULL;

  if (!save_file (source_object, task_data, cancellable, &error))
    g_task_return_error (task, error);
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

/* The job's state, or a JSON null where there is no file. */
static JsonNode *
load_file (GFile         *file,
           GCancellable  *cancellable,
           GError       **error)
{
  JsonNode *state;

  if (!g_file_query_exists (file, cancellable))
    return json_node_new (JSON_NODE_NULL);
  state = pw_json_load_file (file, error);
  if (state != NULL && !JSON_NODE_HOLDS_OBJECT (state))
    {
      json_node_unref (state);
      g_set_error (error, PW_ERROR, PW_ERROR_INVALID_DATA,
                   _("“%s” is damaged; claim the job again."), g_file_peek_path (file));
      return NULL;
    }
  return state;
}

static void
load_in_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  GError *error = NULL;
  JsonNode *state = load_file (source_object, cancellable, &error);

  if (state == NULL)
    g_task_return_error (task, error);
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

static int
lock_file (const char    *path,
           const char    *busy,
           GCancellable  *cancellable,
           GError       **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  gint64 deadline = g_get_monotonic_time () + LOCK_WAIT_MS * G_TIME_SPAN_MILLISECOND;
  int fd;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      pw_error_from_errno (error, errno, _("Could not create the folder “%s”"), dir);
      return -1;
    }
  fd = g_open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      pw_error_from_errno (error, errno, _("Could not open “%s”"), path);
      return -1;
    }
  /* flock(), not fcntl(): its lock belongs to the open file, so two
   * connectors of one process exclude each other as two processes do. */
  while (flock (fd, LOCK_EX | LOCK_NB) != 0)
    {
      int errsv = errno;

      if (errsv != EWOULDBLOCK && errsv != EINTR)
        {
          pw_error_from_errno (error, errsv, _("Could not lock “%s”"), path);
          close (fd);
          return -1;
        }
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          close (fd);
          return -1;
        }
      if (g_get_monotonic_time () >= deadline)
        {
          close (fd);
          g_set_error_literal (error, PW_ERROR, PW_ERROR_FAILED, busy);
          return -1;
        }
      g_usleep (LOCK_POLL_MS * 1000);
    }
  return fd;
}

static void
lock_in_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  JobLock *lock = task_data;
  GError *error = NULL;
  int fd = lock_file (lock->path, lock->busy, cancellable, &error);

  if (fd < 0)
    g_task_return_error (task, error);
  else
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

/* Frames handed back
 *
 * CVAT keeps no lease: a job stays assigned to the worker whatever they
 * do here. Releasing frames of a job marks them in the job's file, under
 * the job's lock, as "released"; the listing offers them again, and the
 * next claim hands them out and clears the marks.
 *
 * What a worker who released part of a job expects, and so what happens:
 * - Frames already submitted stay submitted: they are in CVAT (or on
 *   their way, in the outbox), and are neither released nor handed out
 *   again. A frame submitted after its release (its submission queued
 *   before) is submitted, and its mark goes.
 * - Frames released while others of the job stay in the queue: the job
 *   offers just the released ones, and claiming it hands out just those,
 *   leaving the ones in the queue as they are.
 * - Every frame not submitted released, and none sent to CVAT yet: the
 *   file holds nothing of the worker's, and the job is as if never
 *   claimed. It offers all its frames, and the next claim reads the job
 *   from CVAT again, with what others changed meanwhile.
 * - Every frame not submitted released after some were sent: the job
 *   offers the frames left. The next claim goes on from the file, so
 *   what was sent stays sent and a later write is still compared with the
 *   job as it was after our own last write, and the job is completed
 *   after its last frame, as before. */

static gboolean
frame_is_of_job (JsonObject *state,
                 gint64      frame)
{
  JsonArray *frames = json_object_get_array_member (state, "frames");

  for (guint i = 0; frames != NULL && i < json_array_get_length (frames); i++)
    if (json_object_get_int_member (json_array_get_object_element (frames, i), "number") == frame)
      return TRUE;
  return FALSE;
}

/**
 * _pw_cvat_job_state_is_open:
 * @state: (nullable): a job's file as read, or a JSON null
 *
 * Returns: %TRUE for a job claimed here and not yet completed
 */
gboolean
_pw_cvat_job_state_is_open (JsonNode *state)
{
  return state != NULL && JSON_NODE_HOLDS_OBJECT (state)
         && !json_object_get_boolean_member_with_default (json_node_get_object (state), "completed",
                                                          FALSE);
}

/**
 * _pw_cvat_job_state_get_released:
 *
 * Returns: (transfer full): the frames released and not submitted, by
 *   their numbers as strings, possibly none
 */
GHashTable *
_pw_cvat_job_state_get_released (JsonObject *state)
{
  GHashTable *released = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  JsonNode *marks = json_object_get_member (state, "released");
  JsonObject *submitted = json_object_get_object_member (state, "submitted");
  g_autoptr (GList) members = NULL;

  if (marks == NULL || !JSON_NODE_HOLDS_OBJECT (marks))
    return released;
  members = json_object_get_members (json_node_get_object (marks));
  for (GList *l = members; l != NULL; l = l->next)
    if (submitted == NULL || !json_object_has_member (submitted, l->data))
      g_hash_table_add (released, g_strdup (l->data));
  return released;
}

/**
 * _pw_cvat_job_state_starts_over:
 *
 * Returns: %TRUE when every frame not submitted was released and nothing
 *   was sent to CVAT: the next claim reads the job again
 */
gboolean
_pw_cvat_job_state_starts_over (JsonObject *state)
{
  g_autoptr (GHashTable) released = _pw_cvat_job_state_get_released (state);
  JsonArray *frames = json_object_get_array_member (state, "frames");
  JsonObject *submitted = json_object_get_object_member (state, "submitted");
  JsonNode *sent = json_object_get_member (state, "sent");

  if (g_hash_table_size (released) == 0 || (sent != NULL && !JSON_NODE_HOLDS_NULL (sent))
      || (submitted != NULL && json_object_get_size (submitted) > 0))
    return FALSE;
  for (guint i = 0; frames != NULL && i < json_array_get_length (frames); i++)
    {
      g_autofree char *key = g_strdup_printf ("%" G_GINT64_FORMAT,
                                              json_object_get_int_member (json_array_get_object_element (frames, i),
                                                                          "number"));

      if (!g_hash_table_contains (released, key))
        return FALSE;
    }
  return TRUE;
}

/**
 * _pw_cvat_job_state_forget_released:
 * @frame: a frame, or -1 for every frame
 *
 * Clears the release mark of @frame, as when it is submitted or claimed.
 */
void
_pw_cvat_job_state_forget_released (JsonObject *state,
                                    gint64      frame)
{
  JsonNode *marks = json_object_get_member (state, "released");
  g_autofree char *key = NULL;

  if (marks == NULL || !JSON_NODE_HOLDS_OBJECT (marks))
    return;
  if (frame < 0)
    {
      json_object_remove_member (state, "released");
      return;
    }
  key = g_strdup_printf ("%" G_GINT64_FORMAT, frame);
  if (json_object_has_member (json_node_get_object (marks), key))
    json_object_remove_member (json_node_get_object (marks), key);
}

typedef struct
{
  GFile  *file;
  GArray *frames;
  char   *busy;
} Release;

static void
release_free (gpointer data)
{
  Release *release = data;

  g_object_unref (release->file);
  g_array_unref (release->frames);
  g_free (release->busy);
  g_free (release);
}

/* Marks the frames of a job open here, under its lock. Returns how many
 * were marked, or -1. */
static gint64
mark_released (Release       *release,
               GCancellable  *cancellable,
               GError       **error)
{
  g_autofree char *lock_path = g_strconcat (g_file_peek_path (release->file), ".lock", NULL);
  g_autoptr (JsonNode) state = NULL;
  JsonObject *object, *submitted, *marks;
  gint64 n = 0;
  gboolean saved = TRUE;
  int fd;

  fd = lock_file (lock_path, release->busy, cancellable, error);
  if (fd < 0)
    return -1;
  state = load_file (release->file, cancellable, error);
  /* A job not claimed here, or completed, holds nothing to hand back. */
  if (state == NULL || !_pw_cvat_job_state_is_open (state))
    {
      _pw_cvat_job_unlock (fd);
      return state == NULL ? -1 : 0;
    }
  object = json_node_get_object (state);
  submitted = json_object_get_object_member (object, "submitted");
  if (!json_object_has_member (object, "released")
      || !JSON_NODE_HOLDS_OBJECT (json_object_get_member (object, "released")))
    json_object_set_object_member (object, "released", json_object_new ());
  marks = json_object_get_object_member (object, "released");
  for (guint i = 0; i < release->frames->len; i++)
    {
      gint64 frame = g_array_index (release->frames, gint64, i);
      g_autofree char *key = g_strdup_printf ("%" G_GINT64_FORMAT, frame);

      if (!frame_is_of_job (object, frame) || json_object_has_member (marks, key)
          || (submitted != NULL && json_object_has_member (submitted, key)))
        continue;
      json_object_set_boolean_member (marks, key, TRUE);
      n++;
    }
  if (n > 0)
    saved = save_file (release->file, state, cancellable, error);
  _pw_cvat_job_unlock (fd);
  return saved ? n : -1;
}

static void
release_in_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  GError *error = NULL;
  gint64 n = mark_released (task_data, cancellable, &error);

  if (n < 0)
    g_task_return_error (task, error);
  else
    g_task_return_int (task, n);
}

/**
 * _pw_cvat_job_file_release_async:
 * @file: the job's file
 * @frames: (element-type gint64): the frames handed back
 * @busy: what the error says when another process keeps the job's lock
 *
 * Marks @frames released in the job's file, under the job's lock, for
 * the listing and the next claim. Frames submitted or not of the job are
 * left; a job not claimed here or completed is not changed.
 */
void
_pw_cvat_job_file_release_async (GFile               *file,
                                 GArray              *frames,
                                 const char          *busy,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr (GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  Release *release = g_new0 (Release, 1);

  release->file = g_object_ref (file);
  release->frames = g_array_ref (frames);
  release->busy = g_strdup (busy);
  g_task_set_source_tag (task, _pw_cvat_job_file_release_async);
  g_task_set_task_data (task, release, release_free);
  g_task_run_in_thread (task, release_in_thread);
}

/**
 * _pw_cvat_job_file_release_finish:
 *
 * Returns: how many frames were marked, or -1 with @error
 */
gint64
_pw_cvat_job_file_release_finish (GAsyncResult  *result,
                                  GError       **error)
{
  return g_task_propagate_int (G_TASK (result), error);
}
