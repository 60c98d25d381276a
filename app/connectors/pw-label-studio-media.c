/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include "pw-error.h"
#include "pw-label-studio-connector.h"
#include "pw-label-studio-private.h"

/* Fetching a Label Studio task's media into the cache, with the access
 * token, refreshed and tried again once on 401. */

/* Media */

typedef struct
{
  PwMedia              *media;
  GFile                *cache_dir;
  PwMarketProgressFunc  progress;
  gpointer              progress_data;
  gboolean              retried;
} MediaFlow;

static void
media_flow_free (gpointer data)
{
  MediaFlow *media = data;

  pw_media_unref (media->media);
  g_object_unref (media->cache_dir);
  g_free (media);
}

static void fetch_with_access (GError   *error,
                               gpointer  user_data);

static void
on_media_fetched (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  GTask *flow = user_data;
  PwLabelStudioConnector *self = g_task_get_source_object (flow);
  MediaFlow *media = g_task_get_task_data (flow);
  g_autoptr (GError) error = NULL;
  GFile *file = pw_market_client_fetch_media_finish (PW_MARKET_CLIENT (source), result, &error);

  if (file == NULL && self->jwt && !media->retried
      && g_error_matches (error, PW_ERROR, PW_ERROR_UNAUTHORIZED))
    {
      media->retried = TRUE;
      _pw_ls_with_access (self, TRUE, fetch_with_access, flow);
      return;
    }
  if (file == NULL)
    g_task_return_error (flow, g_steal_pointer (&error));
  else
    g_task_return_pointer (flow, file, g_object_unref);
  g_object_unref (flow);
}

static void
fetch_with_access (GError   *error,
                   gpointer  user_data)
{
  GTask *flow = user_data;
  PwLabelStudioConnector *self = g_task_get_source_object (flow);
  MediaFlow *media = g_task_get_task_data (flow);

  if (error != NULL)
    {
      g_task_return_error (flow, g_error_copy (error));
      g_object_unref (flow);
      return;
    }
  pw_market_client_fetch_media_async (self->client, media->media, media->cache_dir, media->progress,
                                      media->progress_data, g_task_get_cancellable (flow),
                                      on_media_fetched, flow);
}

void
_pw_ls_fetch_media_async (PwConnector          *connector,
                          PwMedia              *media,
                          GFile                *cache_dir,
                          PwMarketProgressFunc  progress,
                          gpointer              progress_data,
                          GCancellable         *cancellable,
                          GAsyncReadyCallback   callback,
                          gpointer              user_data)
{
  GTask *flow = g_task_new (connector, cancellable, callback, user_data);
  MediaFlow *data = g_new0 (MediaFlow, 1);

  data->media = pw_media_ref (media);
  data->cache_dir = g_object_ref (cache_dir);
  data->progress = progress;
  data->progress_data = progress_data;
  g_task_set_task_data (flow, data, media_flow_free);
  _pw_ls_with_access (PW_LABEL_STUDIO_CONNECTOR (connector), FALSE, fetch_with_access, flow);
}

GFile *
_pw_ls_fetch_media_finish (PwConnector   *connector,
                           GAsyncResult  *result,
                           GError       **error)
{
  return _pw_ls_finish (connector, result, error);
}
