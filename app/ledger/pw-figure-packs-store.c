/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"


#include "pw-figure-packs-private.h"
#include "pw-figure-rollups-private.h"
#include "store/pw-store-rates.h"
#include "store/pw-store-sql.h"

/* Packing the weeks that are over: at once for the command line, or in
 * slices for the application. Packing has a connection of its own, apart
 * from the store's writer: a pack that cannot be written (a full disk)
 * is rolled back and costs speed only, never a figure, and never holds up
 * or fails the worker's own writes queued on the writer. Each slice is one
 * short transaction; the writer waits for it at most that long. */

/* A slice holds the write lock this long at most, plus one week's pack. */
#define SLICE_US (50 * 1000)

static gboolean
pack_slice (sqlite3  *db,
            gint64    from,
            gint64    to,
            gint64    budget_us,
            guint    *left,
            GError  **error)
{
  /* The week under way keeps changing: packing it would be undone. */
  to = MIN (to, g_get_real_time ());

  if (!pw_store_db_exec (db, "BEGIN IMMEDIATE", error))
    return FALSE;
  if (!_pw_figure_packs_build_some (db, from, to, budget_us, left, error) ||
      !pw_store_db_exec (db, "COMMIT", error))
    {
      sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
      return FALSE;
    }
  return TRUE;
}

static sqlite3 *
open_for_packing (PwStore  *store,
                  GError  **error)
{
  /* After the writes queued so far: the weeks they touch are packed as
   * they now are. */
  if (!pw_store_flush (store, error))
    return NULL;
  return pw_store_db_open (pw_store_get_path (store), error);
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
  g_autoptr (sqlite3) db = NULL;
  guint left;

  g_return_val_if_fail (PW_IS_STORE (store), FALSE);

  db = open_for_packing (store, error);
  return db != NULL && pack_slice (db, from, to, G_MAXINT64, &left, error);
}

/**
 * _pw_figures_keep:
 * @db: a connection of its own, with no transaction open
 * @start: the start of a span whose figures are wanted
 * @end: its end
 * @roll_up: roll up the parts of the span that are over too, for a year
 *
 * Packs the weeks of the span that are over, the week before included,
 * as pw_figures_pack() does, and with @roll_up rolls up the parts of the
 * span that are over and have no roll-up yet, week by week and the days
 * of the week under way, so its summary adds them up instead of reading
 * each row; in one transaction. A failure costs speed only, never a
 * figure: nothing is kept.
 *
 * Returns: %TRUE when every such part is packed and rolled up
 */
gboolean
_pw_figures_keep (sqlite3  *db,
                  gint64    start,
                  gint64    end,
                  gboolean  roll_up,
                  GError  **error)
{
  guint left;
  gint64 now = g_get_real_time ();

  if (!pw_store_db_exec (db, "BEGIN IMMEDIATE", error))
    return FALSE;
  /* The week under way keeps changing: a pack of it would be undone. */
  if (!_pw_figure_packs_build_some (db, start - 7 * G_TIME_SPAN_DAY, MIN (end, now), G_MAXINT64,
                                    &left, error) ||
      (roll_up && !_pw_figure_rollups_build (db, start, end, now, error)) ||
      !pw_store_db_exec (db, "COMMIT", error))
    {
      sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
      return FALSE;
    }
  return TRUE;
}

static void
pack_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  g_autoptr (sqlite3) db = NULL;
  GError *error = NULL;
  guint slices = 0, left;

  db = open_for_packing (source_object, &error);
  if (db == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  do
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, &error) ||
          !pack_slice (db, 0, G_MAXINT64, SLICE_US, &left, &error))
        {
          g_task_return_error (task, error);
          return;
        }
      slices++;
    }
  while (left > 0);

  g_debug ("The figures' weeks are packed (%u slices)", slices);
  g_task_return_boolean (task, TRUE);
}

/**
 * pw_figures_pack_async:
 * @store: a #PwStore
 * @cancellable: (nullable): stops between slices
 * @callback: called once every week that is over is packed
 * @user_data: data for @callback
 *
 * Packs, on a thread and in slices that each hold up the store's writes
 * for a moment only, every week that is over and has no pack yet.
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
