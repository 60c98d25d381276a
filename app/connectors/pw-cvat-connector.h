/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "pw-connector.h"

G_BEGIN_DECLS

#define PW_TYPE_CVAT_CONNECTOR (pw_cvat_connector_get_type ())

G_DECLARE_FINAL_TYPE (PwCvatConnector, pw_cvat_connector, PW, CVAT_CONNECTOR, GObject)

PwConnector *pw_cvat_connector_new (const char  *base_url,
                                    const char  *token,
                                    GFile       *state_dir,
                                    GError     **error);

void         pw_cvat_log_in_async  (const char          *base_url,
                                    const char          *username,
                                    const char          *password,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data);
char        *pw_cvat_log_in_finish (GAsyncResult        *result,
                                    GError             **error);

G_END_DECLS
