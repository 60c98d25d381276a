/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "connectors/pw-connector.h"
#include "store/pw-store-outbox.h"

G_BEGIN_DECLS

/**
 * PW_SYNC_MAX_IN_FLIGHT:
 *
 * The most submissions sent to one account at once.
 */
#define PW_SYNC_MAX_IN_FLIGHT 4

/**
 * PwSyncClientFunc:
 * @account_id: an account with submissions to send
 * @user_data: the data given with the function
 *
 * Gives the client of an account, called on the worker's main context.
 *
 * Returns: (transfer full) (nullable): the client, or %NULL while the
 *   account cannot be reached (its rows wait)
 */
typedef PwConnector *(*PwSyncClientFunc) (const char *account_id,
                                          gpointer    user_data);

/**
 * PwSyncClockFunc:
 * @user_data: the data given with the function
 *
 * Returns: the time, in microseconds since 1970
 */
typedef gint64 (*PwSyncClockFunc) (gpointer user_data);

/**
 * PwSyncRandomFunc:
 * @user_data: the data given with the function
 *
 * Returns: a number in [0, 1]
 */
typedef double (*PwSyncRandomFunc) (gpointer user_data);

#define PW_TYPE_SYNC_WORKER (pw_sync_worker_get_type ())

G_DECLARE_FINAL_TYPE (PwSyncWorker, pw_sync_worker, PW, SYNC_WORKER, GObject)

PwSyncWorker *pw_sync_worker_new            (PwStore             *store,
                                             PwSyncClientFunc     client_func,
                                             gpointer             user_data,
                                             GDestroyNotify       destroy);
void          pw_sync_worker_start          (PwSyncWorker        *self);
void          pw_sync_worker_stop           (PwSyncWorker        *self);
void          pw_sync_worker_wake           (PwSyncWorker        *self);
void          pw_sync_worker_send_now       (PwSyncWorker        *self);
void          pw_sync_worker_resume_account (PwSyncWorker        *self,
                                             const char          *account_id);
void          pw_sync_worker_drain_async    (PwSyncWorker        *self,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
gboolean      pw_sync_worker_drain_finish   (PwSyncWorker        *self,
                                             GAsyncResult        *result,
                                             GError             **error);

guint         pw_sync_worker_get_n_waiting  (PwSyncWorker        *self);
gboolean      pw_sync_worker_get_offline    (PwSyncWorker        *self);

void          pw_sync_worker_set_backoff    (PwSyncWorker        *self,
                                             gint64               base_us,
                                             gint64               cap_us);
void          pw_sync_worker_set_clock      (PwSyncWorker        *self,
                                             PwSyncClockFunc      clock_func,
                                             gpointer             user_data);
void          pw_sync_worker_set_random     (PwSyncWorker        *self,
                                             PwSyncRandomFunc     random_func,
                                             gpointer             user_data);

gint64        pw_sync_backoff_delay         (guint                attempt,
                                             gint64               base_us,
                                             gint64               cap_us,
                                             double               random);

G_END_DECLS
