/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>

#include "formats/pw-file-write.h"
#include "pw-error.h"
#include "pw-portfolio-private.h"

/* The portfolio report: what the worker did in a span, by project and by
 * month, for clients to see. It is about the work, not the pay: no money
 * figure reaches the report. The figures are read and the PDF is drawn on
 * a thread, then written whole. */

/* Progress reaches the caller's main context at most this often. */
#define PROGRESS_INTERVAL_US (G_USEC_PER_SEC / 10)

typedef struct
{
  PwStore              *store;
  GFile                *output;
  gint64                start;
  gint64                end;
  char                 *worker_name;
  GTimeZone            *tz;
  PwLedgerProgressFunc  progress;
  gpointer              progress_data;
  GDestroyNotify        progress_data_free;
  gint64                last_progress;
  guint64               n_submissions;
} WriteJob;

static void
write_job_free (gpointer data)
{
  WriteJob *job = data;

  g_clear_object (&job->store);
  g_clear_object (&job->output);
  g_free (job->worker_name);
  g_clear_pointer (&job->tz, g_time_zone_unref);
  if (job->progress_data_free != NULL)
    job->progress_data_free (job->progress_data);
  g_free (job);
}

typedef struct
{
  GTask   *task;
  guint64  done;
  guint64  total;
} ProgressCall;

static gboolean
call_progress (gpointer data)
{
  ProgressCall *call = data;
  WriteJob *job = g_task_get_task_data (call->task);

  job->progress (call->done, call->total, job->progress_data);
  return G_SOURCE_REMOVE;
}

static void
progress_call_free (gpointer data)
{
  ProgressCall *call = data;

  g_object_unref (call->task);
  g_free (call);
}

/* Passes progress to the caller's main context, now and then. */
static void
send_progress (GTask    *task,
               guint64   done,
               guint64   total,
               gboolean  always)
{
  WriteJob *job = g_task_get_task_data (task);
  gint64 now = g_get_monotonic_time ();
  ProgressCall *call;

  if (job->progress == NULL)
    return;
  if (!always && now - job->last_progress < PROGRESS_INTERVAL_US)
    return;
  job->last_progress = now;

  call = g_new0 (ProgressCall, 1);
  call->task = g_object_ref (task);
  call->done = done;
  call->total = total;
  g_main_context_invoke_full (g_task_get_context (task), G_PRIORITY_DEFAULT, call_progress,
                              call, progress_call_free);
}

/* The steps are the submissions read, and one more: the file's write. */
static void
on_gather_step (guint64  done,
                guint64  total,
                gpointer user_data)
{
  GTask *task = user_data;
  WriteJob *job = g_task_get_task_data (task);

  job->n_submissions = total;
  send_progress (task, done, total + 1, FALSE);
}

/* Replaces @output atomically, with the flags of pw_file_write_durably(),
 * and messages that say to choose another folder where that is the way
 * out. */
static gboolean
write_report (GFile   *output,
              GBytes  *pdf,
              GError **error)
{
  g_autofree char *name = g_file_get_parse_name (output);
  g_autofree char *path = g_file_get_path (output);
  g_autofree char *folder = NULL;
  g_autofree char *folder_name = NULL;
  g_autoptr (GError) local_error = NULL;
  gsize size;
  const char *data = g_bytes_get_data (pdf, &size);

  if (path == NULL)
    {
      g_set_error (error, PW_ERROR, PW_ERROR_UNSUPPORTED,
                   _("Could not save “%s”: it is not a local file"), name);
      return FALSE;
    }

  if (g_file_set_contents_full (path, data, size,
                                G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                0666, &local_error))
    return TRUE;

  folder = g_path_get_dirname (path);
  folder_name = g_filename_display_name (folder);
  if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOSPC))
    pw_error_from_errno (error, ENOSPC, _("Could not save “%s”"), name);
  else if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT)
           || g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOTDIR))
    g_set_error (error, PW_ERROR, PW_ERROR_NOT_FOUND,
                 /* Translators: the first %s is a file, the second its folder */
                 _("Could not save “%s”: the folder “%s” does not exist. "
                   "Choose another folder, then try again."), name, folder_name);
  else if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_ACCES)
           || g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_PERM)
           || g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_ROFS))
    g_set_error (error, PW_ERROR, PW_ERROR_IO,
                 /* Translators: the first %s is a file, the second its folder */
                 _("Could not save “%s”: the folder “%s” cannot be written to. "
                   "Choose a folder you can write to, then try again."), name, folder_name);
  else
    pw_file_error_to_pw (error, local_error, name);
  return FALSE;
}

static void
write_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  WriteJob *job = task_data;
  g_autoptr (PwPortfolio) portfolio = NULL;
  g_autoptr (GBytes) pdf = NULL;
  GError *error = NULL;

  portfolio = _pw_portfolio_gather (job->store, job->start, job->end, job->tz, on_gather_step,
                                    task, cancellable, &error);
  if (portfolio != NULL)
    pdf = _pw_portfolio_render_pdf (portfolio, job->worker_name, cancellable, &error);
  /* Past this point the report is written whole or not at all. */
  if (pdf == NULL
      || g_cancellable_set_error_if_cancelled (cancellable, &error)
      || !write_report (job->output, pdf, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  send_progress (task, job->n_submissions + 1, job->n_submissions + 1, TRUE);
  g_task_return_boolean (task, TRUE);
}

/**
 * pw_portfolio_write_async:
 * @store: the store
 * @output: the PDF file to write; replaced whole if it exists
 * @start: the span's start, microseconds since 1970
 * @end: its end, excluded
 * @worker_name: (nullable): the name the report is for
 * @tz: (nullable): the time zone of the span's months and dates, or %NULL
 *   for the local one
 * @progress: (nullable): called as the work is read, on the thread-default
 *   main context of the caller
 * @progress_data: data for @progress
 * @progress_data_free: (nullable): frees @progress_data once the write is
 *   done
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the report is written or has failed
 * @user_data: data for @callback
 *
 * Writes the worker's portfolio for clients as an A4 PDF: the totals of
 * the span, then per project and per month the tasks submitted, the shapes
 * and the text and audio items they labeled, the hours, the accuracy the
 * reviews gave and the share of reviewed tasks approved. No pay is shown.
 *
 * A task counts once it was submitted, whether it reached its marketplace
 * or waits to; its shapes and items are those of its latest submission.
 * Hours are the time entries that start in the span, paid or not. Reviews
 * count by the time of their statement entry.
 *
 * The file is written to a temporary file and renamed, so it is whole or
 * left as it was: a cancelled or failed write leaves no new file.
 */
void
pw_portfolio_write_async (PwStore              *store,
                          GFile                *output,
                          gint64                start,
                          gint64                end,
                          const char           *worker_name,
                          GTimeZone            *tz,
                          PwLedgerProgressFunc  progress,
                          gpointer              progress_data,
                          GDestroyNotify        progress_data_free,
                          GCancellable         *cancellable,
                          GAsyncReadyCallback   callback,
                          gpointer              user_data)
{
  g_autoptr (GTask) task = NULL;
  WriteJob *job;

  g_return_if_fail (PW_IS_STORE (store));
  g_return_if_fail (G_IS_FILE (output));
  g_return_if_fail (start <= end);

  job = g_new0 (WriteJob, 1);
  job->store = g_object_ref (store);
  job->output = g_object_ref (output);
  job->start = start;
  job->end = end;
  job->worker_name = g_strdup (worker_name);
  job->tz = tz != NULL ? g_time_zone_ref (tz) : g_time_zone_new_local ();
  job->progress = progress;
  job->progress_data = progress_data;
  job->progress_data_free = progress_data_free;
  job->last_progress = G_MININT64 / 2;

  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, pw_portfolio_write_async);
  g_task_set_task_data (task, job, write_job_free);
  /* The result says what happened to the file: a cancel that comes once
   * the file is written does not turn it into a failure. */
  g_task_set_check_cancellable (task, FALSE);
  g_task_run_in_thread (task, write_thread);
}

/**
 * pw_portfolio_write_finish:
 * @store: the store
 * @result: the #GAsyncResult
 * @error: return location for a #GError
 *
 * Returns: %TRUE once the report is on disk; %FALSE with @error in
 *   %PW_ERROR (a full disk is %PW_ERROR_NO_SPACE, a missing folder
 *   %PW_ERROR_NOT_FOUND) or %G_IO_ERROR_CANCELLED, and no file written
 */
gboolean
pw_portfolio_write_finish (PwStore       *store,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, store), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == pw_portfolio_write_async,
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
