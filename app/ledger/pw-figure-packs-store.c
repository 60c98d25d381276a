/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include "pw-figure-packs-private.h"
#include "store/pw-store-private.h"

/* Packing the weeks that are over, through the store's writer: at once for
 * the command line, or in slices that let the worker's own writes through
 * for the application. A failure to pack costs speed, never a figure: the
 * weeks are read from the tables instead. */

/* A slice of packing holds up the writer this long at most, plus one
 * week's pack. */
#define SLICE_US (50 * 1000)

typedef struct
{
  gint64  from;
  gint64  to;
  gint64  budget_us;
  guint   left;
  GError *error;
} PackJob;

static void
pack_job_clear (gpointer data)
{
  PackJob *job = data;

  g_clear_error (&job->error);
}

static PackJob *
pack_job_new (gint64 from,
              gint64 to,
              gint64 budget_us)
{
  PackJob *job = g_atomic_rc_box_new0 (PackJob);

  job->from = from;
  /* The week under way keeps changing: packing it would be undone. */
  job->to = MIN (to, g_get_real_time ());
  job->budget_us = budget_us;
  return job;
}

static void
pack_job_unref (gpointer data)
{
  g_atomic_rc_box_release_full (data, pack_job_clear);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PackJob, pack_job_unref)

static gboolean
apply_pack (sqlite3  *db,
            gpointer  data,
            gint64    time,
            GError  **error)
{
  PackJob *job = data;

  /* What was packed before a failure is whole and kept. */
  if (!pw_figure_packs_build_some (db, job->from, job->to, job->budget_us, &job->left,
                                   &job->error))
    g_debug ("Could not pack the figures' weeks: %s", job->error->message);
  return TRUE;
}

static gboolean
run_job (PwStore  *store,
         PackJob  *job,
         GError  **error)
{
  pw_store_push_call (store, apply_pack, g_atomic_rc_box_acquire (job), pack_job_unref);
  if (!pw_store_writer_sync (pw_store_get_writer (store), error))
    return FALSE;
  if (job->error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&job->error));
      return FALSE;
    }
  return TRUE;
}

/**
 * pw_figures_pack:
 * @store: a #PwStore
 * @from: the first time whose week may be packed
 * @to: weeks that end after it, or after now, are left alone
 * @error: return location for a #GError
 *
 * Packs the weeks from @from to @to that have no pack yet, so the figures
 * read them fast, and waits. For the command line: the application packs
 * in the background with pw_figures_pack_async().
 *
 * Returns: %TRUE when every such week is packed
 */
gboolean
pw_figures_pack (PwStore  *store,
                 gint64    from,
                 gint64    to,
                 GError  **error)
{
  g_autoptr (PackJob) job = pack_job_new (from, to, G_MAXINT64);

  g_return_val_if_fail (PW_IS_STORE (store), FALSE);
  return run_job (store, job, error);
}

static void
pack_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;
  guint packed_slices = 0;

  for (;;)
    {
      g_autoptr (PackJob) job = pack_job_new (0, G_MAXINT64, SLICE_US);

      if (g_cancellable_set_error_if_cancelled (cancellable, &error) ||
          !run_job (source_object, job, &error))
        {
          g_task_return_error (task, error);
          return;
        }
      packed_slices++;
      if (job->left == 0)
        break;
    }
  g_debug ("The figures' weeks are packed (%u slices)", packed_slices);
  g_task_return_boolean (task, TRUE);
}

/**
 * pw_figures_pack_async:
 * @store: a #PwStore
 * @cancellable: (nullable): stops between slices
 * @callback: called once every week that is over is packed
 * @user_data: data for @callback
 *
 * Packs, in slices that each hold up the store's other writes for a
 * moment only, every week that is over and has no pack yet.
 */
void
pw_figures_pack_async (PwStore            *store,
                       GCancellable       *cancellable,
                       GAsyncReadyCallback callback,
                       gpointer            user_data)
{
  g_autoptr (GTask) task = g_task_new (store, cancellable, callback, user_data);

  g_return_if_fail (PW_IS_STORE (store));
  g_task_set_source_tag (task, pw_figures_pack_async);
  g_task_run_in_thread (task, pack_thread);
}

gboolean
pw_figures_pack_finish (PwStore       *store,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, store), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
