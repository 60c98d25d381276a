/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "piecework-engine.h"
#include "pw-media-keys.h"

G_BEGIN_DECLS

/* The application: one per process, owning the store, the accounts and the
 * sync worker. */

#define PW_TYPE_APPLICATION (pw_application_get_type ())

G_DECLARE_FINAL_TYPE (PwApplication, pw_application, PW, APPLICATION, AdwApplication)

PwApplication *pw_application_new          (void);
GSettings     *pw_application_get_settings    (PwApplication *self);
PwStore       *pw_application_get_store       (PwApplication *self);
gboolean       pw_application_get_store_ready (PwApplication *self);
const GError  *pw_application_get_store_error (PwApplication *self);
PwAccountManager *pw_application_get_account_manager (PwApplication *self);
PwSyncWorker  *pw_application_get_sync_worker (PwApplication *self);
PwActivityClock *pw_application_get_activity_clock (PwApplication *self);
PwMediaKeys   *pw_application_get_media_keys  (PwApplication *self);
void           pw_application_refresh_statements (PwApplication *self);
void           pw_application_start_demo      (PwApplication *self);
gboolean       pw_application_get_demo_running (PwApplication *self);
gboolean       pw_application_get_demo_pending (PwApplication *self);
gboolean       pw_application_get_may_quit    (PwApplication *self);
void           pw_application_request_quit    (PwApplication *self);
void           pw_application_quit_anyway     (PwApplication *self);

G_END_DECLS
