/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n-lib.h>

#include "pw-sync-worker-private.h"

/**
 * PwSyncWorker:
 *
 * Sends the store's outbox to the marketplaces, in the background.
 *
 * Each queued submission goes with its own Idempotency-Key and the same
 * body on every try, so a try whose answer was lost is a replay the
 * marketplace recognizes, never a second submission. At most
 * %PW_SYNC_MAX_IN_FLIGHT requests go to one account at once. Server
 * errors, timeouts, broken connections and 429 are tried again after a
 * full-jitter backoff (base 1 s, cap 5 min), never before `Retry-After`.
 * 409, 410, 422 and 400 end in final states that keep the work. 401 pauses
 * the account (#PwSyncWorker::account-paused) with its rows left waiting.
 *
 * GNetworkMonitor is only a hint: when the network comes back while
 * #PwSyncWorker:offline, one row per account is tried at once; what the
 * marketplace answers is the truth.
 *
 * One worker per store: a row left `sending` when the worker first runs was
 * cut short by a crash, and is sent again with its key.
 *
 * Each sync also downloads the media of claimed tasks that never came
 * (pw-sync-worker-media.c), beside the sending.
 */

G_DEFINE_FINAL_TYPE (PwSyncWorker, pw_sync_worker, G_TYPE_OBJECT)

#define DEFAULT_BASE_US (1 * G_USEC_PER_SEC)
#define DEFAULT_CAP_US  (5 * 60 * G_USEC_PER_SEC)

enum
{
  PROP_0,
  PROP_N_WAITING,
  PROP_OFFLINE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  ACCOUNT_PAUSED,
  ROW_FINISHED,
  MEDIA_FAILED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gint64
real_clock (gpointer user_data)
{
  return g_get_real_time ();
}

static double
real_random (gpointer user_data)
{
  return g_random_double ();
}

gint64
_pw_sync_worker_now (PwSyncWorker *self)
{
  return self->clock_func (self->clock_data);
}

void
_pw_sync_worker_set_n_waiting (PwSyncWorker *self,
                               guint         n_waiting)
{
  if (self->n_waiting == n_waiting)
    return;

  self->n_waiting = n_waiting;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_WAITING]);
}

void
_pw_sync_worker_set_offline (PwSyncWorker *self,
                             gboolean      offline)
{
  if (self->offline == offline)
    return;

  self->offline = offline;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OFFLINE]);
}

void
_pw_sync_worker_emit_finished (PwSyncWorker  *self,
                               const char    *key,
                               PwOutboxState  state)
{
  g_signal_emit (self, signals[ROW_FINISHED], 0, key, pw_outbox_state_to_string (state));
}

void
_pw_sync_worker_emit_paused (PwSyncWorker *self,
                             const char   *account_id,
                             const GError *error)
{
  g_signal_emit (self, signals[ACCOUNT_PAUSED], 0, account_id, error);
}

static void
fail_drains (PwSyncWorker *self)
{
  g_autoptr (GPtrArray) drains = self->drains;

  self->drains = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < drains->len; i++)
    g_task_return_new_error (drains->pdata[i], G_IO_ERROR, G_IO_ERROR_CANCELLED,
                             _("Sending the submissions was stopped; they wait for the next sync."));
}

static void
on_network_changed (GNetworkMonitor *monitor,
                    gboolean         available,
                    gpointer         user_data)
{
  if (available)
    {
      _pw_sync_worker_probe (user_data);
      _pw_sync_worker_fetch_media (user_data);
    }
}

/* The store can write again, as after the worker freed disk space: what
 * waited for it need not wait out the backoff of its reads. */
static void
on_store_failing (PwStore    *store,
                  GParamSpec *pspec,
                  gpointer    user_data)
{
  PwSyncWorker *self = user_data;

  if (!pw_store_get_failing (store))
    {
      self->read_failures = 0;
      pw_sync_worker_wake (self);
    }
}

static void
pw_sync_worker_dispose (GObject *object)
{
  PwSyncWorker *self = PW_SYNC_WORKER (object);

  if (self->store != NULL)
    {
      self->running = FALSE;
      fail_drains (self);
      _pw_sync_worker_halt (self);
    }
  g_clear_signal_handler (&self->network_handler, self->monitor);
  g_clear_object (&self->monitor);
  g_clear_signal_handler (&self->store_handler, self->store);
  g_clear_pointer (&self->accounts, g_hash_table_unref);
  g_clear_object (&self->store);
  if (self->client_destroy != NULL)
    g_clear_pointer (&self->client_data, self->client_destroy);

  G_OBJECT_CLASS (pw_sync_worker_parent_class)->dispose (object);
}

static void
pw_sync_worker_finalize (GObject *object)
{
  PwSyncWorker *self = PW_SYNC_WORKER (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->media_cancellable);
  g_clear_pointer (&self->media_dir, g_free);
  g_clear_pointer (&self->batch, g_ptr_array_unref);
  g_clear_pointer (&self->drains, g_ptr_array_unref);

  G_OBJECT_CLASS (pw_sync_worker_parent_class)->finalize (object);
}

static void
pw_sync_worker_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  PwSyncWorker *self = PW_SYNC_WORKER (object);

  switch (prop_id)
    {
    case PROP_N_WAITING:
      g_value_set_uint (value, self->n_waiting);
      break;
    case PROP_OFFLINE:
      g_value_set_boolean (value, self->offline);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pw_sync_worker_class_init (PwSyncWorkerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = pw_sync_worker_dispose;
  object_class->finalize = pw_sync_worker_finalize;
  object_class->get_property = pw_sync_worker_get_property;

  /**
   * PwSyncWorker:n-waiting:
   *
   * The submissions not yet taken by their marketplace (pending or being
   * sent), as last counted.
   */
  properties[PROP_N_WAITING] =
    g_param_spec_uint ("n-waiting", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * PwSyncWorker:offline:
   *
   * %TRUE when the last try could not reach its marketplace and none
   * succeeded since.
   */
  properties[PROP_OFFLINE] =
    g_param_spec_boolean ("offline", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * PwSyncWorker::account-paused:
   * @self: the worker
   * @account_id: the account
   * @error: %PW_ERROR_UNAUTHORIZED, with a message for the worker
   *
   * The marketplace refused the account's token. Its rows wait until
   * pw_sync_worker_resume_account().
   */
  signals[ACCOUNT_PAUSED] =
    g_signal_new ("account-paused", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_ERROR);

  /**
   * PwSyncWorker::row-finished:
   * @self: the worker
   * @idempotency_key: the row's key
   * @state: `done`, or the final state the row ended in
   *
   * A row will not be sent again.
   */
  signals[ROW_FINISHED] =
    g_signal_new ("row-finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);

  /**
   * PwSyncWorker::media-failed:
   * @self: the worker
   * @account_id: the task's account
   * @task_id: a claimed task whose media was missing
   * @error: why it could not be downloaded
   *
   * A sync could not download a claimed task's media. The task stays as
   * it is, and the next sync tries again.
   */
  signals[MEDIA_FAILED] =
    g_signal_new ("media-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 3, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_ERROR);
}

static void
pw_sync_worker_init (PwSyncWorker *self)
{
  self->accounts = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, _pw_sync_account_free);
  self->cancellable = g_cancellable_new ();
  self->batch = g_ptr_array_new_with_free_func ((GDestroyNotify) pw_outbox_update_free);
  self->drains = g_ptr_array_new_with_free_func (g_object_unref);
  self->base_us = DEFAULT_BASE_US;
  self->cap_us = DEFAULT_CAP_US;
  self->clock_func = real_clock;
  self->random_func = real_random;
}

/**
 * pw_sync_worker_new:
 * @store: the store whose outbox to send
 * @client_func: gives the client of an account
 * @user_data: data for @client_func
 * @destroy: (nullable): frees @user_data with the worker
 *
 * Returns: (transfer full): a worker, idle until started or drained
 */
PwSyncWorker *
pw_sync_worker_new (PwStore          *store,
                    PwSyncClientFunc  client_func,
                    gpointer          user_data,
                    GDestroyNotify    destroy)
{
  PwSyncWorker *self;

  g_return_val_if_fail (PW_IS_STORE (store), NULL);
  g_return_val_if_fail (client_func != NULL, NULL);

  self = g_object_new (PW_TYPE_SYNC_WORKER, NULL);
  self->store = g_object_ref (store);
  self->store_handler = g_signal_connect (store, "notify::failing",
                                          G_CALLBACK (on_store_failing), self);
  self->client_func = client_func;
  self->client_data = user_data;
  self->client_destroy = destroy;

  return self;
}

/**
 * pw_sync_worker_start:
 * @self: a #PwSyncWorker
 *
 * Sends in the background until pw_sync_worker_stop(), waking for rows
 * whose backoff ends and when the network comes back.
 */
void
pw_sync_worker_start (PwSyncWorker *self)
{
  g_return_if_fail (PW_IS_SYNC_WORKER (self));

  if (self->running)
    return;
  self->running = TRUE;
  if (self->monitor == NULL)
    {
      self->monitor = g_object_ref (g_network_monitor_get_default ());
      self->network_handler = g_signal_connect (self->monitor, "network-changed",
                                                G_CALLBACK (on_network_changed), self);
    }
  _pw_sync_worker_kick (self);
  _pw_sync_worker_fetch_media (self);
}

/**
 * pw_sync_worker_wake:
 * @self: a #PwSyncWorker
 *
 * Looks for rows to send now, such as right after a submission was queued,
 * rather than at the next backoff's end.
 */
void
pw_sync_worker_wake (PwSyncWorker *self)
{
  g_return_if_fail (PW_IS_SYNC_WORKER (self));

  if (self->running)
    _pw_sync_worker_kick (self);
}

/**
 * pw_sync_worker_send_now:
 * @self: a #PwSyncWorker
 *
 * Sends every waiting row at once, without waiting out its backoff or the
 * `Retry-After` its marketplace asked for: the worker asked to send now.
 * Rows of paused accounts still wait for pw_sync_worker_resume_account().
 */
void
pw_sync_worker_send_now (PwSyncWorker *self)
{
  g_return_if_fail (PW_IS_SYNC_WORKER (self));

  if (!self->running)
    return;
  self->send_now = TRUE;
  _pw_sync_worker_kick (self);
  _pw_sync_worker_fetch_media (self);
}

/**
 * pw_sync_worker_stop:
 * @self: a #PwSyncWorker
 *
 * Stops sending: requests in flight are cancelled and their rows wait,
 * with their keys, for the next start. Pending drains fail with
 * %G_IO_ERROR_CANCELLED. Call it before dropping the worker.
 */
void
pw_sync_worker_stop (PwSyncWorker *self)
{
  g_return_if_fail (PW_IS_SYNC_WORKER (self));

  self->running = FALSE;
  fail_drains (self);
  _pw_sync_worker_halt (self);
}

/**
 * pw_sync_worker_drain_async:
 * @self: a #PwSyncWorker
 * @cancellable: (nullable): a #GCancellable
 * @callback: called once nothing is left to send
 * @user_data: data for @callback
 *
 * Sends until every row that can be sent has an answer that ends it:
 * rows waiting out a backoff are waited for; rows of paused accounts and
 * of accounts without a client are left. The media missing of claimed
 * tasks are downloaded meanwhile, and waited for too. For the command
 * line and tests.
 */
void
pw_sync_worker_drain_async (PwSyncWorker        *self,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (PW_IS_SYNC_WORKER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pw_sync_worker_drain_async);
  g_ptr_array_add (self->drains, task);
  _pw_sync_worker_kick (self);
  _pw_sync_worker_fetch_media (self);
}

/**
 * pw_sync_worker_drain_finish:
 *
 * Returns: %TRUE once the answers are saved
 */
gboolean
pw_sync_worker_drain_finish (PwSyncWorker  *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == pw_sync_worker_drain_async,
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

guint
pw_sync_worker_get_n_waiting (PwSyncWorker *self)
{
  g_return_val_if_fail (PW_IS_SYNC_WORKER (self), 0);

  return self->n_waiting;
}

gboolean
pw_sync_worker_get_offline (PwSyncWorker *self)
{
  g_return_val_if_fail (PW_IS_SYNC_WORKER (self), FALSE);

  return self->offline;
}

/**
 * pw_sync_worker_set_backoff:
 * @self: a #PwSyncWorker
 * @base_us: the first ceiling of the backoff, 1 s unless set
 * @cap_us: its largest ceiling, 5 min unless set
 *
 * For tests, which wait milliseconds rather than seconds.
 */
void
pw_sync_worker_set_backoff (PwSyncWorker *self,
                            gint64        base_us,
                            gint64        cap_us)
{
  g_return_if_fail (PW_IS_SYNC_WORKER (self));
  g_return_if_fail (base_us >= 0 && cap_us >= base_us);

  self->base_us = base_us;
  self->cap_us = cap_us;
}

/**
 * pw_sync_worker_set_clock:
 * @self: a #PwSyncWorker
 * @clock_func: (nullable): the clock, or %NULL for g_get_real_time()
 * @user_data: data for @clock_func
 */
void
pw_sync_worker_set_clock (PwSyncWorker    *self,
                          PwSyncClockFunc  clock_func,
                          gpointer         user_data)
{
  g_return_if_fail (PW_IS_SYNC_WORKER (self));

  self->clock_func = clock_func != NULL ? clock_func : real_clock;
  self->clock_data = user_data;
}

/**
 * pw_sync_worker_set_random:
 * @self: a #PwSyncWorker
 * @random_func: (nullable): the source of the jitter, or %NULL for
 *   g_random_double()
 * @user_data: data for @random_func
 */
void
pw_sync_worker_set_random (PwSyncWorker     *self,
                           PwSyncRandomFunc  random_func,
                           gpointer          user_data)
{
  g_return_if_fail (PW_IS_SYNC_WORKER (self));

  self->random_func = random_func != NULL ? random_func : real_random;
  self->random_data = user_data;
}

void
_pw_sync_worker_set_retry_hook (PwSyncWorker    *self,
                                PwSyncRetryHook  hook,
                                gpointer         user_data)
{
  self->retry_hook = hook;
  self->retry_data = user_data;
}
