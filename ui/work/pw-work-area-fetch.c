/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n.h>

#include "pw-application.h"
#include "pw-plain-text.h"
#include "pw-work-area-private.h"

/* An image task opened before its image is in the cache: its claim is
 * still downloading the job, or a download failed or was stopped. The
 * canvas says the image is coming while it waits for its own download
 * (the claim's, or a new one), never for the claim's end; then it shows
 * the image and its shapes. One that cannot come says why, and is asked
 * for again the next time the task opens. */

static void
show_fetch_error (PwWorkArea *self,
                  const char *why)
{
  g_autofree char *message = NULL;

  /* Translators: %s says why an image could not be downloaded */
  message = g_strdup_printf (_("The image of this task could not be downloaded; it is asked for "
                               "again the next time the task opens. %s"), why);
  gtk_widget_set_visible (GTK_WIDGET (self->media_wait), FALSE);
  pw_status_page_set_description_plain (self->image_error, message);
  gtk_widget_set_visible (GTK_WIDGET (self->image_error), TRUE);
  g_printerr ("piecework: %s\n", message);
}

static void
on_task_media_fetched (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr (PwItemLoad) load = user_data;
  g_autoptr (GError) error = NULL;
  g_autofree char *path = pw_task_media_fetch_finish (result, &error);
  PwWorkArea *self = load->self;
  PwStoreTask *task;

  if (!_pw_item_load_is_current (load) || !_pw_work_area_in_tasks (self))
    return;

  if (path == NULL)
    {
      show_fetch_error (self, error->message);
      return;
    }

  /* The list's copy of the task learns where its image is, so that
   * coming back to it shows it at once. */
  task = (PwStoreTask *) _pw_work_area_current_task (self);
  g_free (task->media_file);
  task->media_file = g_steal_pointer (&path);
  gtk_widget_set_visible (GTK_WIDGET (self->media_wait), FALSE);
  _pw_work_area_load_image (self, FALSE);
  _pw_work_area_after_open (self);
  _pw_work_area_prefetch_images (self);
}

/**
 * _pw_work_area_fetch_task_media:
 *
 * Brings the image of the task shown into the cache, showing that it is
 * coming, then shows it with its shapes.
 */
void
_pw_work_area_fetch_task_media (PwWorkArea *self)
{
  PwApplication *app = PW_APPLICATION (g_application_get_default ());
  PwStore *store = app != NULL ? pw_application_get_store (app) : NULL;
  PwAccountManager *accounts = app != NULL ? pw_application_get_account_manager (app) : NULL;
  const PwStoreTask *task = _pw_work_area_current_task (self);
  g_autoptr (PwConnector) connector = NULL;
  g_autofree char *cache = NULL;
  g_autofree char *media_path = NULL;
  g_autoptr (GFile) media_dir = NULL;

  g_return_if_fail (task != NULL);

  pw_image_canvas_set_image (self->canvas, NULL);
  if (accounts != NULL)
    connector = pw_account_manager_get_connector (accounts, task->account_id);
  if (store == NULL || connector == NULL)
    {
      show_fetch_error (self, _("Its account has no token now; enter it again in Preferences."));
      return;
    }

  cache = pw_paths_cache_dir ();
  media_path = g_build_filename (cache, "media", NULL);
  media_dir = g_file_new_for_path (media_path);
  gtk_widget_set_visible (GTK_WIDGET (self->media_wait), TRUE);
  pw_task_media_fetch_async (store, connector, task, media_dir, NULL, NULL, self->item_cancellable,
                             on_task_media_fetched, _pw_item_load_new (self));
}

/**
 * pw_work_area_get_image_coming:
 *
 * Returns: %TRUE while the work area waits for the image of the task
 *   shown to be downloaded
 */
gboolean
pw_work_area_get_image_coming (PwWorkArea *self)
{
  g_return_val_if_fail (PW_IS_WORK_AREA (self), FALSE);

  return gtk_widget_get_visible (GTK_WIDGET (self->media_wait));
}
