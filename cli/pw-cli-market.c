/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "market/pw-money-display.h"
#include "model/pw-json.h"
#include "pw-cli-private.h"
#include "pw-cli.h"
#include "pw-error.h"
#include "pw-paths.h"
#include "sync/pw-claim-batch.h"
#include "sync/pw-statement-fetch.h"
#include "sync/pw-sync-worker.h"

/* The commands that speak with the marketplaces: projects, claim, sync. */

static void
add_int (JsonBuilder *builder,
         const char  *name,
         gint64       value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}

static void
list_account_projects (PwStoreAccount  *account,
                       JsonBuilder     *builder,
                       gboolean         json,
                       GError         **error)
{
  g_autoptr (PwConnector) client = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GPtrArray) projects = NULL;

  if ((client = _pw_cli_account_client (account, error)) == NULL)
    return;
  pw_connector_list_projects_async (client, NULL, _pw_cli_ready, &result);
  projects = pw_connector_list_projects_finish (client, _pw_cli_wait (&result), error);
  if (projects == NULL)
    return;

  for (guint i = 0; i < projects->len; i++)
    {
      PwProject *project = projects->pdata[i];
      const PwMoney *pay = pw_project_get_pay (project);
      g_autofree char *amount = pw_money_format_amount (pay);
      const char *per = pw_project_get_pay_unit (project) == PW_PAY_PER_HOUR ? "hour" : "task";
      gboolean passed = FALSE;
      const char *qualification = pw_project_get_qualification (project, &passed);
      const char *state = qualification == NULL ? "none" : passed ? "passed" : "needed";

      if (!json)
        {
          g_autofree char *price = pw_money_display_price (pay->micro, pay->currency);
          g_autofree char *pays = NULL;

          /* A platform that pays outside its API states no price: say so,
           * rather than a price of nothing. */
          if (pw_project_pays_outside (project))
            pays = g_strdup (_("paid outside the platform"));
          else
            pays = g_strdup_printf ("%s/%s", price, per);
          g_print ("%s\t%s\t%s\t%s\t%s\t%" G_GINT64_FORMAT "\tqualification: %s\n",
                   account->name, pw_project_get_id (project), pw_project_get_name (project),
                   pw_task_kind_to_string (pw_project_get_kind (project)),
                   pays, pw_project_get_available_tasks (project), state);
          continue;
        }
      json_builder_begin_object (builder);
      pw_json_builder_add_string (builder, "account", account->name);
      pw_json_builder_add_string (builder, "account_id", account->id);
      pw_json_builder_add_string (builder, "id", pw_project_get_id (project));
      pw_json_builder_add_string (builder, "name", pw_project_get_name (project));
      pw_json_builder_add_string (builder, "kind", pw_task_kind_to_string (pw_project_get_kind (project)));
      pw_json_builder_add_string (builder, "pay", amount);
      pw_json_builder_add_string (builder, "currency", pay->currency);
      pw_json_builder_add_string (builder, "per", per);
      add_int (builder, "available", pw_project_get_available_tasks (project));
      if (json_object_has_member (json_node_get_object (pw_project_get_json (project)), "web_only"))
        pw_json_builder_add_string (builder, "web_only",
                                    json_object_get_string_member (json_node_get_object (pw_project_get_json (project)),
                                                                   "web_only"));
      pw_json_builder_add_string (builder, "qualification", state);
      json_builder_end_object (builder);
    }
}

/**
 * pw_cli_run_projects:
 * @account: (nullable): the name or id of one account, or %NULL for all
 * @json: print a JSON array instead of lines
 *
 * Prints the projects of the accounts, one line each.
 *
 * Returns: the exit status: failure when an account could not be asked
 */
int
pw_cli_run_projects (const char *account,
                     gboolean    json)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PwStore) store = NULL;
  g_autoptr (GPtrArray) accounts = NULL;
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  int status = EXIT_SUCCESS;

  if ((store = _pw_cli_open_store (&error)) == NULL
      || (accounts = pw_store_list_accounts (store, &error)) == NULL)
    return _pw_cli_fail (error);
  if (account != NULL && _pw_cli_find_account (accounts, account) == NULL)
    {
      g_printerr (_("piecework: There is no account “%s”; see piecework --accounts\n"), account);
      return EXIT_FAILURE;
    }

  json_builder_begin_array (builder);
  for (guint i = 0; i < accounts->len; i++)
    {
      PwStoreAccount *each = accounts->pdata[i];
      g_autoptr (GError) account_error = NULL;

      if (account != NULL && each != _pw_cli_find_account (accounts, account))
        continue;
      list_account_projects (each, builder, json, &account_error);
      if (account_error != NULL)
        {
          g_printerr ("piecework: %s: %s\n", each->name, account_error->message);
          status = EXIT_FAILURE;
        }
    }
  json_builder_end_array (builder);

  if (json)
    _pw_cli_print_json (builder);
  return status;
}

static void
print_claim_progress (guint    n_done,
                      guint    n_tasks,
                      goffset  received,
                      goffset  total,
                      gpointer user_data)
{
  if (n_tasks > 0 && isatty (STDERR_FILENO))
    {
      g_printerr ("\r");
      /* Translators: tasks whose media is downloaded, of all the claim's tasks */
      g_printerr (_("Downloading %u of %u"), MIN (n_done + 1, n_tasks), n_tasks);
      if (total > 0)
        g_printerr (" %3d%%", (int) (received * 100 / total));
    }
}

static gboolean
parse_claim (const char  *spec,
             char       **account,
             char       **project,
             guint       *count)
{
  const char *last = strrchr (spec, ':');
  const char *middle;
  guint64 n;

  if (last == NULL || last == spec)
    return FALSE;
  for (middle = last - 1; middle > spec && *middle != ':'; middle--)
    ;
  if (middle <= spec || middle + 1 == last
      || !g_ascii_string_to_unsigned (last + 1, 10, 1, 100, &n, NULL))
    return FALSE;

  *account = g_strndup (spec, (gsize) (middle - spec));
  *project = g_strndup (middle + 1, (gsize) (last - middle - 1));
  *count = (guint) n;
  return TRUE;
}

/* How long --claim waits in all, and at most at once, for a marketplace
 * that is busy. */
#define CLAIM_WAIT_LIMIT_MS (120 * 1000)
#define CLAIM_WAIT_ONCE_MS  (60 * 1000)

/* Returns: how many milliseconds to wait before claiming again after
 * @error, or -1 not to claim again. A marketplace that answers 503 or 429
 * made no claim and says when to ask again (Retry-After); without it, the
 * contract's full-jitter backoff from one second. A claim whose answer was
 * lost is never sent again: it may have been made. */
static gint64
claim_retry_delay (const GError *error,
                   guint         attempt,
                   gint64        waited_ms)
{
  guint status = pw_error_get_http_status (error);
  gint64 retry_after = pw_error_get_retry_after (error);
  gint64 delay_ms;

  /* 429 is Too Many Requests, which libsoup 3.2 has no name for. */
  if (status != SOUP_STATUS_SERVICE_UNAVAILABLE && status != 429)
    return -1;
  if (retry_after >= 0)
    delay_ms = retry_after > CLAIM_WAIT_ONCE_MS / 1000 ? CLAIM_WAIT_ONCE_MS + 1
                                                     : MAX (retry_after * 1000, 250);
  else
    delay_ms = g_random_int_range (250, 1000 * (1 << MIN (attempt, 5)) + 1);
  if (delay_ms > CLAIM_WAIT_ONCE_MS || waited_ms + delay_ms > CLAIM_WAIT_LIMIT_MS)
    return -1;
  return delay_ms;
}

static gboolean
on_claim_wait_over (gpointer user_data)
{
  gboolean *over = user_data;

  *over = TRUE;
  return G_SOURCE_REMOVE;
}

/* Claims, and claims again while the marketplace answers that it is busy
 * and the wait stays within bounds. */
static PwClaimBatch *
claim_batch (PwStore         *store,
             PwConnector     *client,
             PwStoreAccount  *account,
             const char      *project_id,
             guint            count,
             GFile           *cache_dir,
             GError         **error)
{
  gint64 waited_ms = 0;

  for (guint attempt = 0;; attempt++)
    {
      g_autoptr (GAsyncResult) result = NULL;
      g_autoptr (GError) local_error = NULL;
      PwClaimBatch *batch;
      gboolean over = FALSE;
      gint64 delay_ms;

      pw_claim_batch_async (store, client, account->id, project_id, count, cache_dir,
                            print_claim_progress, NULL, NULL, _pw_cli_ready, &result);
      batch = pw_claim_batch_finish (_pw_cli_wait (&result), &local_error);
      if (batch != NULL)
        return batch;
      delay_ms = claim_retry_delay (local_error, attempt, waited_ms);
      if (delay_ms < 0)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }

      /* Translators: the account, the HTTP status such as 503, and the
       * seconds until the next try */
      g_printerr (_("piecework: %s is busy (HTTP %u); claiming again in %u s\n"), account->name,
                  pw_error_get_http_status (local_error), (guint) ((delay_ms + 999) / 1000));
      g_timeout_add ((guint) delay_ms, on_claim_wait_over, &over);
      while (!over)
        g_main_context_iteration (NULL, TRUE);
      waited_ms += delay_ms;
    }
}

/**
 * pw_cli_run_claim:
 * @spec: `ACCOUNT:PROJECT:N`
 * @json: print JSON instead of a sentence
 *
 * Claims N tasks of a project, keeps them in the store and downloads their
 * media to the cache.
 *
 * Returns: the exit status: failure when nothing could be claimed or a
 *   download failed
 */
int
pw_cli_run_claim (const char *spec,
                  gboolean    json)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PwStore) store = NULL;
  g_autoptr (GPtrArray) accounts = NULL;
  g_autoptr (PwConnector) client = NULL;
  g_autoptr (PwClaimBatch) batch = NULL;
  g_autoptr (GFile) cache_dir = NULL;
  g_autoptr (GDateTime) expires = NULL;
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_auto (GStrv) task_ids = NULL;
  g_auto (GStrv) media_files = NULL;
  g_autofree char *account_key = NULL;
  g_autofree char *project_id = NULL;
  g_autofree char *media_dir = NULL;
  g_autofree char *cache = pw_paths_cache_dir ();
  g_autofree char *lease = NULL;
  PwStoreAccount *account;
  guint count, n_tasks;

  if (!parse_claim (spec, &account_key, &project_id, &count))
    {
      g_printerr (_("piecework: --claim needs an account, a project and a number of tasks "
                    "from 1 to 100: piecework --claim=ACCOUNT:PROJECT:N\n"));
      return EXIT_FAILURE;
    }
  if ((store = _pw_cli_open_store (&error)) == NULL
      || (accounts = pw_store_list_accounts (store, &error)) == NULL)
    return _pw_cli_fail (error);
  if ((account = _pw_cli_find_account (accounts, account_key)) == NULL)
    {
      g_printerr (_("piecework: There is no account “%s”; see piecework --accounts\n"),
                  account_key);
      return EXIT_FAILURE;
    }
  media_dir = g_build_filename (cache, "media", NULL);
  if (!pw_paths_ensure_dir (media_dir, &error)
      || (client = _pw_cli_account_client (account, &error)) == NULL)
    return _pw_cli_fail (error);
  cache_dir = g_file_new_for_path (media_dir);

  batch = claim_batch (store, client, account, project_id, count, cache_dir, &error);
  if (isatty (STDERR_FILENO))
    g_printerr ("\n");
  if (batch == NULL)
    return _pw_cli_fail (error);
  if (!pw_store_flush (store, &error))
    return _pw_cli_fail (error);

  task_ids = pw_claim_batch_get_task_ids (batch);
  media_files = pw_claim_batch_get_media_files (batch);
  n_tasks = g_strv_length (task_ids);
  expires = g_date_time_new_from_unix_utc (pw_claim_batch_get_lease_expires_at (batch)
                                           / G_USEC_PER_SEC);

  if (json)
    {
      json_builder_begin_object (builder);
      pw_json_builder_add_string (builder, "account", account->name);
      pw_json_builder_add_string (builder, "project", project_id);
      pw_json_builder_add_string (builder, "claim_id", pw_claim_batch_get_claim_id (batch));
      lease = pw_claim_batch_get_lease_expires_at (batch) > 0 ? g_date_time_format_iso8601 (expires) : NULL;
      pw_json_builder_add_string (builder, "lease_expires_at", lease);
      pw_json_builder_add_string (builder, "note", pw_claim_batch_get_note (batch));
      json_builder_set_member_name (builder, "tasks");
      json_builder_begin_array (builder);
      for (guint i = 0; i < n_tasks; i++)
        {
          json_builder_begin_object (builder);
          pw_json_builder_add_string (builder, "id", task_ids[i]);
          pw_json_builder_add_string (builder, "media_file", media_files[i][0] != '\0' ? media_files[i] : NULL);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
      _pw_cli_print_json (builder);
    }
  else
    {
      g_autoptr (GDateTime) local = g_date_time_to_local (expires);

      lease = g_date_time_format (local, "%F %T");
      /* A server without leases takes the work at any time. */
      if (pw_claim_batch_get_lease_expires_at (batch) == 0)
        /* Translators: the number of tasks, the project, the account */
        g_print (g_dngettext (PW_GETTEXT_PACKAGE, "Claimed %u task from %s on %s, with no time limit\n",
                              "Claimed %u tasks from %s on %s, with no time limit\n", n_tasks),
                 n_tasks, project_id, account->name);
      else
        /* Translators: the number of tasks, the project, the account, a time */
        g_print (g_dngettext (PW_GETTEXT_PACKAGE, "Claimed %u task from %s on %s, lease until %s\n",
                              "Claimed %u tasks from %s on %s, lease until %s\n", n_tasks),
                 n_tasks, project_id, account->name, lease);
      if (pw_claim_batch_get_note (batch) != NULL)
        g_print ("%s\n", pw_claim_batch_get_note (batch));
    }

  if (pw_claim_batch_get_n_media_failed (batch) > 0)
    {
      g_printerr (g_dngettext (PW_GETTEXT_PACKAGE,
                               "piecework: the media of %u task could not be downloaded: %s\n",
                               "piecework: the media of %u tasks could not be downloaded: %s\n",
                               pw_claim_batch_get_n_media_failed (batch)),
                  pw_claim_batch_get_n_media_failed (batch),
                  pw_claim_batch_get_media_error (batch)->message);
      return EXIT_FAILURE;
    }
  return EXIT_SUCCESS;
}

typedef struct
{
  GHashTable *clients;
  guint       sent;
  guint       conflict;
  guint       expired;
  guint       reassigned;
  guint       ended;
  guint       media_failed;
  gboolean    paused;
} PwCliSync;

static PwConnector *
sync_client (const char *account_id,
             gpointer    user_data)
{
  PwCliSync *sync = user_data;
  PwConnector *client = g_hash_table_lookup (sync->clients, account_id);

  return client != NULL ? g_object_ref (client) : NULL;
}

static void
on_row_finished (PwSyncWorker *worker,
                 const char   *key,
                 const char   *state,
                 PwCliSync    *sync)
{
  if (g_str_equal (state, "done"))
    {
      sync->sent++;
      return;
    }
  sync->ended++;
  if (g_str_equal (state, "conflict"))
    sync->conflict++;
  else if (g_str_equal (state, "expired"))
    sync->expired++;
  else if (g_str_equal (state, "reassigned"))
    sync->reassigned++;
}

static void
on_account_paused (PwSyncWorker *worker,
                   const char   *account_id,
                   const GError *error,
                   PwCliSync    *sync)
{
  g_printerr ("piecework: %s: %s\n", account_id, error->message);
  sync->paused = TRUE;
}

/* A claimed task's media could not come: the task stays as it is, and
 * the next sync tries again. */
static void
on_media_failed (PwSyncWorker *worker,
                 const char   *account_id,
                 const char   *task_id,
                 const GError *error,
                 PwCliSync    *sync)
{
  /* Translators: a task's id, then why its media could not be downloaded */
  g_printerr (_("piecework: %s: the media of task %s could not be downloaded, and is tried again at the next sync: %s\n"),
              account_id, task_id, error->message);
  sync->media_failed++;
}

/* Reads the statement of every account with a client into the ledger,
 * saying which could not be read. Returns %FALSE when one could not. */
static gboolean
refresh_statements (PwStore    *store,
                    GPtrArray  *accounts,
                    GHashTable *clients,
                    guint      *n_entries)
{
  gboolean ok = TRUE;

  for (guint i = 0; i < accounts->len; i++)
    {
      PwStoreAccount *account = accounts->pdata[i];
      PwConnector *client = g_hash_table_lookup (clients, account->id);
      g_autoptr (GAsyncResult) result = NULL;
      g_autoptr (GError) error = NULL;
      guint n = 0;

      /* An account with no client was reported already. */
      if (client == NULL)
        continue;
      pw_statement_fetch_async (store, client, account->id, NULL, _pw_cli_ready, &result);
      if (!pw_statement_fetch_finish (_pw_cli_wait (&result), &n, &error))
        {
          g_printerr ("piecework: %s: %s\n", account->name, error->message);
          ok = FALSE;
        }
      *n_entries += n;
    }
  return ok;
}

/**
 * pw_cli_run_sync:
 * @json: print JSON instead of a sentence
 *
 * Sends the outbox of every account, then reads every account's statement
 * into the ledger, and prints what came of both.
 *
 * Returns: the exit status: failure when a submission ended without being
 *   taken, is still waiting, an account could not be reached, or its
 *   statement could not be read
 */
int
pw_cli_run_sync (gboolean json)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PwStore) store = NULL;
  g_autoptr (GPtrArray) accounts = NULL;
  g_autoptr (PwSyncWorker) worker = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  PwCliSync sync = { NULL, };
  gboolean failed = FALSE;
  guint waiting = 0;
  guint statement_entries = 0;

  if ((store = _pw_cli_open_store (&error)) == NULL
      || (accounts = pw_store_list_accounts (store, &error)) == NULL)
    return _pw_cli_fail (error);

  sync.clients = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_object_unref);
  for (guint i = 0; i < accounts->len; i++)
    {
      PwStoreAccount *account = accounts->pdata[i];
      g_autoptr (GError) account_error = NULL;
      PwConnector *client = _pw_cli_account_client (account, &account_error);

      if (client == NULL)
        {
          g_printerr ("piecework: %s: %s\n", account->name, account_error->message);
          failed = TRUE;
          continue;
        }
      g_hash_table_insert (sync.clients, account->id, client);
    }

  worker = pw_sync_worker_new (store, sync_client, &sync, NULL);
  g_signal_connect (worker, "row-finished", G_CALLBACK (on_row_finished), &sync);
  g_signal_connect (worker, "account-paused", G_CALLBACK (on_account_paused), &sync);
  g_signal_connect (worker, "media-failed", G_CALLBACK (on_media_failed), &sync);
  pw_sync_worker_drain_async (worker, NULL, _pw_cli_ready, &result);
  if (!pw_sync_worker_drain_finish (worker, _pw_cli_wait (&result), &error))
    {
      g_printerr ("piecework: %s\n", error->message);
      g_clear_error (&error);
      failed = TRUE;
    }
  pw_sync_worker_stop (worker);
  if (!refresh_statements (store, accounts, sync.clients, &statement_entries))
    failed = TRUE;

  for (guint i = 0; i < accounts->len; i++)
    {
      PwStoreAccount *account = accounts->pdata[i];
      guint n = 0;

      if (!pw_store_count_waiting_submissions (store, account->id, &n, &error))
        return _pw_cli_fail (error);
      waiting += n;
    }
  g_hash_table_unref (sync.clients);

  if (json)
    {
      g_autoptr (JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      add_int (builder, "sent", sync.sent);
      add_int (builder, "waiting", waiting);
      add_int (builder, "ended", sync.ended);
      add_int (builder, "conflict", sync.conflict);
      add_int (builder, "expired", sync.expired);
      add_int (builder, "reassigned", sync.reassigned);
      add_int (builder, "statement_entries", statement_entries);
      add_int (builder, "media_failed", sync.media_failed);
      json_builder_end_object (builder);
      _pw_cli_print_json (builder);
    }
  else
    {
      g_print (_("Sent %u, waiting %u, ended without being taken %u "
                 "(conflict %u, expired %u, reassigned %u)\n"),
               sync.sent, waiting, sync.ended, sync.conflict, sync.expired, sync.reassigned);
      /* Translators: entries read from the marketplaces' statements */
      g_print (g_dngettext (PW_GETTEXT_PACKAGE, "Merged %u statement entry\n",
                            "Merged %u statement entries\n", statement_entries),
               statement_entries);
    }

  return failed || sync.paused || sync.ended > 0 || waiting > 0 || sync.media_failed > 0
         ? EXIT_FAILURE : EXIT_SUCCESS;
}
