/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "connectors/pw-connector.h"
#include "store/pw-store.h"
#include "store/pw-store-tasks.h"

G_BEGIN_DECLS

void     pw_task_media_fetch_async    (PwStore              *store,
                                       PwConnector          *connector,
                                       const PwStoreTask    *task,
                                       GFile                *media_dir,
                                       PwMarketProgressFunc  progress,
                                       gpointer              progress_data,
                                       GCancellable         *cancellable,
                                       GAsyncReadyCallback   callback,
                                       gpointer              user_data);
char    *pw_task_media_fetch_finish   (GAsyncResult         *result,
                                       GError              **error);

void     pw_task_media_download_async (PwStore              *store,
                                       PwConnector          *connector,
                                       const char           *account_id,
                                       const char           *task_id,
                                       PwMedia              *media,
                                       GFile                *media_dir,
                                       PwMarketProgressFunc  progress,
                                       gpointer              progress_data,
                                       GCancellable         *cancellable,
                                       GAsyncReadyCallback   callback,
                                       gpointer              user_data);
char    *pw_task_media_download_finish (GAsyncResult        *result,
                                        GError             **error);

gboolean pw_task_media_is_downloading (const char           *account_id,
                                       const char           *task_id);
const char *pw_task_media_get_failure (const char          *account_id,
                                       const char           *task_id);

#define PW_TYPE_TASK_MEDIA_MONITOR (pw_task_media_monitor_get_type ())

G_DECLARE_FINAL_TYPE (PwTaskMediaMonitor, pw_task_media_monitor, PW, TASK_MEDIA_MONITOR, GObject)

PwTaskMediaMonitor *pw_task_media_get_monitor (void);

G_END_DECLS
