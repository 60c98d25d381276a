/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "pw-cvat-private.h"

/* Releasing frames of a CVAT job: CVAT has no such thing, so the frames
 * are marked released in the job's file, for the listing and the next
 * claim. */

static void
on_job_released (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  GError *error = NULL;
  gint64 n = _pw_cvat_job_file_release_finish (result, &error);

  if (n < 0)
    g_task_return_error (task, error);
  else
    g_task_return_int (task, n);
}

/* CVAT keeps the job assigned whatever happens here: the frames are
 * marked released in the job's file, for the listing and the next claim
 * (pw-cvat-job-file.c). */
void
_pw_cvat_release_async (PwConnector         *connector,
                        const char          *claim_id,
                        const char *const   *task_ids,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  PwCvatConnector *self = PW_CVAT_CONNECTOR (connector);
  g_autoptr (GTask) task = g_task_new (connector, cancellable, callback, user_data);
  g_autoptr (GArray) frames = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr (GFile) file = NULL;
  g_autofree char *busy = NULL;
  guint64 claim_job = 0;
  gint64 job_id, frame;

  g_task_set_source_tag (task, _pw_cvat_release_async);
  if (!g_str_has_prefix (claim_id, "cvat-job-")
      || !g_ascii_string_to_unsigned (claim_id + strlen ("cvat-job-"), 10, 1, G_MAXINT32, &claim_job, NULL))
    {
      g_task_return_int (task, 0);
      return;
    }
  for (guint i = 0; task_ids[i] != NULL; i++)
    if (_pw_cvat_parse_task_id (task_ids[i], &job_id, &frame) && job_id == (gint64) claim_job)
      g_array_append_val (frames, frame);
  file = _pw_cvat_connector_get_job_file (self, (gint64) claim_job);
  busy = g_strdup_printf (_("Piecework is sending work of CVAT job %d at the same time"
                            "; release the tasks again in a moment."), (int) claim_job);
  _pw_cvat_job_file_release_async (file, frames, busy, cancellable, on_job_released,
                                   g_steal_pointer (&task));
}

gboolean
_pw_cvat_release_finish (PwConnector   *connector,
                         GAsyncResult  *result,
                         guint         *n_released,
                         GError       **error)
{
  GError *local_error = NULL;
  gssize n = g_task_propagate_int (G_TASK (result), &local_error);

  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  if (n_released != NULL)
    *n_released = (guint) n;
  return TRUE;
}
