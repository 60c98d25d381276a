/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "piecework-engine.h"

G_BEGIN_DECLS

/* The header bar's word on sync: what is waiting to be sent and what went
 * wrong. */

#define PW_TYPE_SYNC_STATUS (pw_sync_status_get_type ())

G_DECLARE_FINAL_TYPE (PwSyncStatus, pw_sync_status, PW, SYNC_STATUS, GtkWidget)

void          pw_sync_status_set_worker (PwSyncStatus *self,
                                         PwSyncWorker *worker);
PwSyncWorker *pw_sync_status_get_worker (PwSyncStatus *self);
const char   *pw_sync_status_get_text   (PwSyncStatus *self);
gboolean      pw_sync_status_get_offline_shown (PwSyncStatus *self);

G_END_DECLS
