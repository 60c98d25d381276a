/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include "pw-application-private.h"

/* The application's work with the marketplaces: the accounts and their
 * clients, the sync worker, the activity clock, the statements read into
 * the ledger, and the demo marketplace offered while the worker has no
 * account of their own. The demo starts only once it is needed: when the
 * Tasks place is shown or a task is asked for, never for a folder or an
 * image of the worker's own. */

/* Statements are read every few minutes, soon after a submission reaches
 * its marketplace (a review may follow within seconds), and on demand. */
#define STATEMENT_INTERVAL_S 300
#define STATEMENT_AFTER_SUBMIT_S 8

/**
 * pw_application_get_account_manager:
 *
 * Returns: (transfer none) (nullable): the accounts, once the store is open
 */
PwAccountManager *
pw_application_get_account_manager (PwApplication *self)
{
  g_return_val_if_fail (PW_IS_APPLICATION (self), NULL);

  return self->accounts;
}

/**
 * pw_application_get_activity_clock:
 *
 * Returns: (transfer none) (nullable): the clock that measures the active
 *   time on tasks, once the store is open
 */
PwActivityClock *
pw_application_get_activity_clock (PwApplication *self)
{
  g_return_val_if_fail (PW_IS_APPLICATION (self), NULL);

  return self->clock;
}

/**
 * pw_application_get_sync_worker:
 *
 * Returns: (transfer none) (nullable): the worker that sends submitted
 *   work, once the store is open
 */
PwSyncWorker *
pw_application_get_sync_worker (PwApplication *self)
{
  g_return_val_if_fail (PW_IS_APPLICATION (self), NULL);

  return self->sync;
}

static PwConnector *
sync_client (const char *account_id,
             gpointer    user_data)
{
  PwApplication *self = user_data;

  return self->accounts != NULL ? pw_account_manager_get_connector (self->accounts, account_id)
                                : NULL;
}

static void
on_statement_fetched (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr (PwApplication) self = user_data;
  g_autoptr (GError) error = NULL;
  guint n_entries = 0;

  self->statements_in_flight--;
  if (!pw_statement_fetch_finish (result, &n_entries, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("A statement could not be read: %s", error->message);
    }
  /* What was merged before a failure is kept, so the ledger may have
   * changed either way. */
  if (n_entries > 0 && !g_cancellable_is_cancelled (self->cancellable))
    g_signal_emit_by_name (self, "ledger-changed");
}

/**
 * pw_application_refresh_statements:
 *
 * Reads every account's statement into the ledger, in the background,
 * unless a reading is under way.
 */
void
pw_application_refresh_statements (PwApplication *self)
{
  GListModel *accounts;
  guint n;

  g_return_if_fail (PW_IS_APPLICATION (self));

  if (self->accounts == NULL || self->statements_in_flight > 0)
    return;

  accounts = pw_account_manager_get_accounts (self->accounts);
  n = g_list_model_get_n_items (accounts);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (PwAccount) account = g_list_model_get_item (accounts, i);
      g_autoptr (PwConnector) client =
        pw_account_manager_get_connector (self->accounts, pw_account_get_id (account));

      if (client == NULL)
        continue;
      self->statements_in_flight++;
      pw_statement_fetch_async (self->store, client, pw_account_get_id (account),
                                self->cancellable, on_statement_fetched, g_object_ref (self));
    }
}

static gboolean
on_statements_timer (gpointer user_data)
{
  pw_application_refresh_statements (user_data);
  return G_SOURCE_CONTINUE;
}

static gboolean
on_statements_soon (gpointer user_data)
{
  PwApplication *self = user_data;

  self->statements_soon_id = 0;
  pw_application_refresh_statements (self);
  return G_SOURCE_REMOVE;
}

static void
on_row_finished (PwApplication *self,
                 const char    *key,
                 const char    *state)
{
  g_signal_emit_by_name (self, "ledger-changed");
  if (self->statements_soon_id == 0)
    self->statements_soon_id = g_timeout_add_seconds (STATEMENT_AFTER_SUBMIT_S,
                                                      on_statements_soon, self);
}

static void
on_account_paused (PwApplication *self,
                   const char    *account_id,
                   const GError  *error)
{
  pw_account_manager_report_unauthorized (self->accounts, account_id);
}

/**
 * _pw_application_resume_accounts:
 *
 * Sends every account's waiting work again, with the client it has now.
 */
void
_pw_application_resume_accounts (PwApplication *self)
{
  GListModel *accounts = pw_account_manager_get_accounts (self->accounts);
  guint n = g_list_model_get_n_items (accounts);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr (PwAccount) account = g_list_model_get_item (accounts, i);

      pw_sync_worker_resume_account (self->sync, pw_account_get_id (account));
    }
}

static void
on_accounts_changed (PwApplication *self)
{
  _pw_application_resume_accounts (self);
}

static void
on_demo_started (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr (PwApplication) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autofree char *base_url = NULL;
  PwDemoHost *host = pw_demo_host_start_finish (result, &error);

  self->demo_starting = FALSE;
  if (host == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      g_warning ("The demo marketplace could not start: %s", error->message);
      self->demo_failed = TRUE;
      g_object_notify (G_OBJECT (self), "demo-pending");
      return;
    }
  if (self->accounts == NULL)
    {
      pw_demo_host_stop (host);
      return;
    }

  self->demo = host;
  base_url = pw_demo_host_dup_base_url (host);
  pw_account_manager_set_demo (self->accounts, base_url, PW_DEMO_MARKET_TOKEN);
  pw_sync_worker_resume_account (self->sync, PW_DEMO_ACCOUNT_ID);
  pw_application_refresh_statements (self);
  g_object_notify (G_OBJECT (self), "demo-pending");
}

/* The demo marketplace is offered while the worker has no account of their
 * own, and kept once they have worked with it. PIECEWORK_DEMO_MARKET=0
 * turns it off, for tests and scripts. */
static gboolean
wants_demo (PwApplication *self)
{
  GListModel *accounts = pw_account_manager_get_accounts (self->accounts);
  guint n = g_list_model_get_n_items (accounts);

  if (g_strcmp0 (g_getenv ("PIECEWORK_DEMO_MARKET"), "0") == 0)
    return FALSE;
  if (pw_account_manager_lookup (self->accounts, PW_DEMO_ACCOUNT_ID) != NULL)
    return TRUE;
  return n == 0;
}

/* Until it answers, the demo's account has no token: the sync worker
 * keeps its rows, the statements skip it and the Tasks place shows it
 * loading; on_demo_started() wakes them all. */
static void
start_demo_if_due (PwApplication *self)
{
  g_autoptr (PwDemoMarket) market = NULL;
  g_autofree char *instance = NULL;

  if (!self->demo_wanted || !self->accounts_loaded || self->accounts == NULL
      || self->demo != NULL || self->demo_starting || self->demo_failed || !wants_demo (self))
    return;

  market = pw_demo_market_new (NULL, NULL, 1);
  instance = g_strdup_printf ("%08x", g_random_int ());
  /* Each run of the demo starts over: what an earlier run handed out is
   * released, its statement forgotten, and this run's ids are its own.
   * The work and the ledger stay. */
  pw_demo_market_set_instance (market, instance);
  pw_store_restart_account (self->store, PW_DEMO_ACCOUNT_ID);
  self->demo_starting = TRUE;
  pw_demo_host_start_async (market, self->cancellable, on_demo_started, g_object_ref (self));
}

/**
 * pw_application_start_demo:
 *
 * Starts the demo marketplace, if the worker is offered it, as soon as
 * the accounts are read; the Tasks place and a request for a task call
 * this. Calling it again changes nothing.
 */
void
pw_application_start_demo (PwApplication *self)
{
  g_return_if_fail (PW_IS_APPLICATION (self));

  if (self->demo_wanted)
    return;
  self->demo_wanted = TRUE;
  start_demo_if_due (self);
  g_object_notify (G_OBJECT (self), "demo-pending");
}

/**
 * pw_application_get_demo_running:
 *
 * Returns: %TRUE once the demo marketplace answers on loopback
 */
gboolean
pw_application_get_demo_running (PwApplication *self)
{
  g_return_val_if_fail (PW_IS_APPLICATION (self), FALSE);

  return self->demo != NULL;
}

/**
 * pw_application_get_demo_pending:
 *
 * Returns: %TRUE while the demo marketplace was asked for and is on its
 *   way: the accounts are being read or it is starting
 */
gboolean
pw_application_get_demo_pending (PwApplication *self)
{
  g_return_val_if_fail (PW_IS_APPLICATION (self), FALSE);

  if (!self->demo_wanted || self->demo != NULL || self->demo_failed || self->accounts == NULL)
    return FALSE;
  if (self->demo_starting)
    return TRUE;
  if (!self->accounts_loaded)
    return g_strcmp0 (g_getenv ("PIECEWORK_DEMO_MARKET"), "0") != 0;
  return wants_demo (self);
}

static void
on_accounts_loaded (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr (PwApplication) self = user_data;
  g_autoptr (GError) error = NULL;

  if (!pw_account_manager_load_finish (PW_ACCOUNT_MANAGER (source), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not read the accounts: %s", error->message);
      return;
    }
  if (self->accounts == NULL)
    return;

  self->accounts_loaded = TRUE;
  _pw_application_resume_accounts (self);
  pw_application_refresh_statements (self);
  start_demo_if_due (self);
  if (self->demo_wanted)
    g_object_notify (G_OBJECT (self), "demo-pending");
}

/**
 * _pw_application_start_accounts:
 *
 * Once the store is open: the activity clock, the accounts and their
 * tokens, the sync worker and the statements. The demo marketplace waits
 * for pw_application_start_demo().
 */
void
_pw_application_start_accounts (PwApplication *self)
{
  self->clock = pw_activity_clock_new (self->store);
  g_settings_bind (self->settings, "idle-threshold", self->clock, "idle-threshold",
                   G_SETTINGS_BIND_GET);

  self->keeper = pw_token_keeper_new ();
  self->accounts = pw_account_manager_new (self->store, self->keeper);
  self->sync = pw_sync_worker_new (self->store, sync_client, self, NULL);
  g_signal_connect_swapped (self->sync, "account-paused", G_CALLBACK (on_account_paused), self);
  g_signal_connect_swapped (self->sync, "row-finished", G_CALLBACK (on_row_finished), self);
  self->statements_timer_id = g_timeout_add_seconds (STATEMENT_INTERVAL_S, on_statements_timer,
                                                     self);
  pw_sync_worker_start (self->sync);
  g_signal_connect_swapped (pw_account_manager_get_accounts (self->accounts), "items-changed",
                            G_CALLBACK (on_accounts_changed), self);
  pw_account_manager_load_async (self->accounts, self->cancellable, on_accounts_loaded,
                                 g_object_ref (self));
}

/**
 * _pw_application_stop_accounts:
 *
 * Stops the work with the marketplaces as the application goes: requests
 * in flight are cancelled, their rows wait for the next start, and the
 * task's clock writes its last interval.
 */
void
_pw_application_stop_accounts (PwApplication *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->statements_timer_id, g_source_remove);
  g_clear_handle_id (&self->statements_soon_id, g_source_remove);
  if (self->sync != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->sync, self);
      pw_sync_worker_stop (self->sync);
    }
  g_clear_object (&self->sync);
  if (self->clock != NULL)
    pw_activity_clock_end_task (self->clock);
  g_clear_object (&self->clock);
  if (self->accounts != NULL)
    g_signal_handlers_disconnect_by_data (pw_account_manager_get_accounts (self->accounts), self);
  g_clear_object (&self->accounts);
  g_clear_object (&self->keeper);
  g_clear_pointer (&self->demo, pw_demo_host_stop);
  self->accounts_loaded = FALSE;
  self->demo_starting = FALSE;
}
