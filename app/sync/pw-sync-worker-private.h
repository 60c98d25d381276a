/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "pw-sync-worker.h"

G_BEGIN_DECLS

/**
 * PwSyncRetryHook:
 * @key: the row's Idempotency-Key
 * @attempt: how many tries failed before this one
 * @delay_us: the wait chosen before the next try
 * @retry_after_us: what the marketplace asked for, or -1
 *
 * For tests: called each time a row is put off.
 */
typedef void (*PwSyncRetryHook) (const char *key,
                                 guint       attempt,
                                 gint64      delay_us,
                                 gint64      retry_after_us,
                                 gpointer    user_data);


/* One account's share of the work. */
typedef struct
{
  char           *id;
  PwConnector *client;
  GQueue          ready;          /* PwOutboxRow *, marked sending, to send */
  guint           in_flight;
  guint           max_in_flight;
  gboolean        paused;
  gint64          next_attempt_at; /* of its first pending row, as last read */
} PwSyncAccount;

struct _PwSyncWorker
{
  GObject           parent_instance;

  PwStore          *store;
  PwSyncClientFunc  client_func;
  gpointer          client_data;
  GDestroyNotify    client_destroy;

  GHashTable       *accounts;     /* id → PwSyncAccount */
  GCancellable     *cancellable;
  gboolean          running;
  gboolean          reset_done;
  gboolean          fetching;
  gboolean          fetch_again;
  gboolean          send_now;     /* the next fetch takes rows still waiting */
  guint             wake_id;
  guint             read_failures; /* in a row, for the backoff */
  GPtrArray        *batch;        /* PwOutboxUpdate * not yet pushed */
  guint             flush_id;
  GPtrArray        *drains;       /* GTask * */

  guint             n_waiting;
  gboolean          offline;

  gint64            base_us;
  gint64            cap_us;
  PwSyncClockFunc   clock_func;
  gpointer          clock_data;
  PwSyncRandomFunc  random_func;
  gpointer          random_data;
  PwSyncRetryHook   retry_hook;
  gpointer          retry_data;

  /* The pass over the tasks whose media is missing
   * (pw-sync-worker-media.c) */
  gboolean          media_running;
  gboolean          media_again;
  GCancellable     *media_cancellable;
  GPtrArray        *media_missing;
  guint             media_next;
  guint             media_in_flight;
  char             *media_dir;

  GNetworkMonitor  *monitor;
  gulong            network_handler;
  gulong            store_handler;
};

/* Shared by the files of PwSyncWorker. */
gint64 _pw_sync_worker_now           (PwSyncWorker *self);
void   _pw_sync_worker_kick          (PwSyncWorker *self);
void   _pw_sync_worker_halt          (PwSyncWorker *self);
void   _pw_sync_worker_probe         (PwSyncWorker *self);
void   _pw_sync_worker_set_n_waiting (PwSyncWorker *self,
                                      guint         n_waiting);
void   _pw_sync_worker_set_offline   (PwSyncWorker *self,
                                      gboolean      offline);
void   _pw_sync_worker_emit_finished (PwSyncWorker *self,
                                      const char   *key,
                                      PwOutboxState state);
void   _pw_sync_worker_emit_paused   (PwSyncWorker *self,
                                      const char   *account_id,
                                      const GError *error);
void   _pw_sync_account_free         (gpointer      data);
gboolean _pw_sync_worker_is_active   (PwSyncWorker *self);
void   _pw_sync_worker_flush_batch   (PwSyncWorker *self);
void   _pw_sync_worker_pump          (PwSyncWorker  *self,
                                      PwSyncAccount *account);
void   _pw_sync_worker_start_fetch   (PwSyncWorker *self,
                                      gboolean      probe);
PwSyncAccount *_pw_sync_worker_ensure_account (PwSyncWorker *self,
                                               const char   *account_id);
void   _pw_sync_worker_fetch_media   (PwSyncWorker *self);
void   _pw_sync_worker_halt_media    (PwSyncWorker *self);

/* What a queued body holds, read back to refuse a damaged one unsent. */
typedef struct
{
  char      *claim_id;
  JsonNode  *annotation;
  double     active_seconds;
  GDateTime *submitted_at;
} PwSyncBody;

PwSyncBody *_pw_sync_body_parse (const char  *task_id,
                                 const char  *body,
                                 GError     **error);
void        _pw_sync_body_free  (PwSyncBody  *body);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PwSyncBody, _pw_sync_body_free)

void  _pw_sync_worker_set_retry_hook    (PwSyncWorker    *self,
                                         PwSyncRetryHook  hook,
                                         gpointer         user_data);
guint _pw_sync_worker_get_max_in_flight (PwSyncWorker    *self,
                                         const char      *account_id);

G_END_DECLS
