/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n-lib.h>

#include "pw-error.h"
#include "pw-statement-fetch-private.h"
#include "store/pw-store-ledger.h"

/* Reads an account's statement from the cursor the store holds to its
 * current end. Each page is merged with its cursor and on the disk before
 * the next is asked for, so a fetch cut short keeps every page it read and
 * the next one goes on from there.
 *
 * A fetch reads a bounded number of pages, and stops at once when the
 * marketplace goes round in circles: a cursor it was already asked from,
 * or pages in a row that bring nothing the fetch has not seen. */

/* Pages in a row without a new entry, or a new state of one, before a
 * fetch stops. */
#define MAX_STALE_PAGES 3

typedef struct
{
  PwStore        *store;
  PwConnector *client;
  char           *account_id;
  char           *cursor;
  guint           max_pages;
  guint           n_pages;
  guint           n_entries;
  gboolean        at_end;
  GHashTable     *cursors;
  GHashTable     *seen;
  guint           n_stale_pages;
  GError         *stop;
} Fetch;

static void
fetch_free (gpointer data)
{
  Fetch *fetch = data;

  g_clear_object (&fetch->store);
  g_clear_object (&fetch->client);
  g_free (fetch->account_id);
  g_free (fetch->cursor);
  g_hash_table_unref (fetch->cursors);
  g_hash_table_unref (fetch->seen);
  g_clear_error (&fetch->stop);
  g_free (fetch);
}

/* The account, as the worker knows it: its marketplace's host. */
static char *
marketplace_name (Fetch *fetch)
{
  g_autoptr (GUri) uri = g_uri_parse (pw_connector_get_base_url (fetch->client),
                                      G_URI_FLAGS_NONE, NULL);

  if (uri == NULL || g_uri_get_host (uri) == NULL)
    return g_strdup (pw_connector_get_base_url (fetch->client));
  if (g_uri_get_port (uri) > 0)
    return g_strdup_printf ("%s:%d", g_uri_get_host (uri), g_uri_get_port (uri));
  return g_strdup (g_uri_get_host (uri));
}

/* Whether the page brought anything this fetch had not seen: an entry,
 * or a new state of one. */
static gboolean
page_is_new (Fetch     *fetch,
             GPtrArray *entries)
{
  gboolean is_new = FALSE;

  for (guint i = 0; i < entries->len; i++)
    {
      PwStatementEntry *entry = entries->pdata[i];
      g_autofree char *at = g_date_time_format_iso8601 (pw_statement_entry_get_at (entry));
      char *key = g_strdup_printf ("%s\x1f%d\x1f%s", pw_statement_entry_get_id (entry),
                                   pw_statement_entry_get_status (entry), at);

      if (g_hash_table_add (fetch->seen, key))
        is_new = TRUE;
    }
  return is_new;
}

/* Sets fetch->stop when the marketplace does not move on: it sends a
 * cursor this fetch was already asked from, or pages in a row with
 * nothing new. */
static void
check_progress (Fetch      *fetch,
                GPtrArray  *entries,
                const char *next)
{
  g_autofree char *market = NULL;

  if (next == NULL)
    return;

  fetch->n_stale_pages = page_is_new (fetch, entries) ? 0 : fetch->n_stale_pages + 1;
  if (g_hash_table_contains (fetch->cursors, next))
    {
      market = marketplace_name (fetch);
      g_set_error (&fetch->stop, PW_ERROR, PW_ERROR_PROTOCOL,
                   _("The marketplace of the account at %s sends its statement in a circle: "
                     "it points back to a page it sent already. What was read is kept; "
                     "tell the marketplace."), market);
    }
  else if (fetch->n_stale_pages >= MAX_STALE_PAGES)
    {
      market = marketplace_name (fetch);
      g_set_error (&fetch->stop, PW_ERROR, PW_ERROR_PROTOCOL,
                   _("The marketplace of the account at %s sent %u statement pages in a row "
                     "with nothing new. What was read is kept; tell the marketplace."),
                   market, fetch->n_stale_pages);
    }
}

static void on_page (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data);

static void
fetch_page (GTask *task)
{
  Fetch *fetch = g_task_get_task_data (task);

  /* Without a cursor, the statement starts over: "" stands for that. */
  g_hash_table_add (fetch->cursors, g_strdup (fetch->cursor != NULL ? fetch->cursor : ""));
  pw_connector_statement_async (fetch->client, fetch->cursor, g_task_get_cancellable (task),
                                on_page, task);
}

static void
on_merged (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  Fetch *fetch = g_task_get_task_data (task);
  GError *error = NULL;

  if (!pw_store_flush_finish (fetch->store, result, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  if (fetch->at_end)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  if (fetch->stop != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&fetch->stop));
      return;
    }
  if (fetch->n_pages >= fetch->max_pages)
    {
      g_autofree char *market = marketplace_name (fetch);

      g_task_return_new_error (task, PW_ERROR, PW_ERROR_TOO_LARGE,
                               _("The statement of the account at %s is longer than %u pages "
                                 "read at once. What was read is kept, and the next sync reads "
                                 "on from there."), market, fetch->max_pages);
      return;
    }
  if (g_task_return_error_if_cancelled (task))
    return;

  fetch_page (g_steal_pointer (&task));
}

static void
on_page (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  GTask *task = user_data;
  Fetch *fetch = g_task_get_task_data (task);
  g_autoptr (PwStatementPage) page = NULL;
  GError *error = NULL;
  GPtrArray *entries;
  const char *next;

  page = pw_connector_statement_finish (fetch->client, result, &error);
  if (page == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  entries = pw_statement_page_get_entries (page);
  next = pw_statement_page_get_next (page);
  pw_store_merge_statement (fetch->store, fetch->account_id, entries, next);
  fetch->n_entries += entries->len;
  fetch->n_pages++;
  fetch->at_end = next == NULL;
  check_progress (fetch, entries, next);
  if (next != NULL)
    {
      g_free (fetch->cursor);
      fetch->cursor = g_strdup (next);
    }

  /* Not cancellable: a page that was read is saved. */
  pw_store_flush_async (fetch->store, NULL, on_merged, task);
}

static void
on_cursor (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  GTask *task = user_data;
  Fetch *fetch = g_task_get_task_data (task);
  GError *error = NULL;

  if (!pw_store_get_statement_cursor_finish (fetch->store, result, &fetch->cursor, &error))
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  fetch_page (task);
}

void
_pw_statement_fetch_full_async (PwStore            *store,
                                PwConnector        *client,
                                const char         *account_id,
                                guint               max_pages,
                                GCancellable       *cancellable,
                                GAsyncReadyCallback callback,
                                gpointer            user_data)
{
  GTask *task;
  Fetch *fetch;

  g_return_if_fail (PW_IS_STORE (store));
  g_return_if_fail (PW_IS_CONNECTOR (client));
  g_return_if_fail (account_id != NULL);
  g_return_if_fail (max_pages > 0);

  fetch = g_new0 (Fetch, 1);
  fetch->store = g_object_ref (store);
  fetch->client = g_object_ref (client);
  fetch->account_id = g_strdup (account_id);
  fetch->max_pages = max_pages;
  fetch->cursors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  fetch->seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, _pw_statement_fetch_full_async);
  g_task_set_task_data (task, fetch, fetch_free);
  pw_store_get_statement_cursor_async (store, account_id, cancellable, on_cursor, task);
}

/**
 * pw_statement_fetch_async:
 * @store: the store that keeps the ledger
 * @client: the account's client
 * @account_id: the account
 * @cancellable: (nullable): stops after the page being read; the pages
 *   read so far are kept
 * @callback: called once the statement is read to its end, or failed
 * @user_data: data for @callback
 *
 * Reads the account's statement from the cursor the store holds, page by
 * page until the marketplace says there is no more, and merges each page
 * into the ledger with its cursor before asking for the next (see
 * pw_store_merge_statement()). A failure midway keeps the pages merged so
 * far. A fetch reads at most %PW_STATEMENT_FETCH_MAX_PAGES pages, then
 * stops with %PW_ERROR_TOO_LARGE, and the next goes on from there. A
 * marketplace that does not move on (a cursor it sent already, or
 * pages in a row with nothing new) stops it with %PW_ERROR_PROTOCOL.
 */
void
pw_statement_fetch_async (PwStore            *store,
                          PwConnector        *client,
                          const char         *account_id,
                          GCancellable       *cancellable,
                          GAsyncReadyCallback callback,
                          gpointer            user_data)
{
  _pw_statement_fetch_full_async (store, client, account_id, PW_STATEMENT_FETCH_MAX_PAGES,
                                  cancellable, callback, user_data);
}

/**
 * pw_statement_fetch_finish:
 * @result: the result given to the callback
 * @n_entries: (out) (optional): the entries read and merged, repeats
 *   included; on failure, those merged before it
 * @error: return location for a #GError
 *
 * Returns: %TRUE when the statement was read to its end
 */
gboolean
pw_statement_fetch_finish (GAsyncResult *result,
                           guint        *n_entries,
                           GError      **error)
{
  Fetch *fetch;

  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        _pw_statement_fetch_full_async, FALSE);

  fetch = g_task_get_task_data (G_TASK (result));
  if (n_entries != NULL)
    *n_entries = fetch->n_entries;
  return g_task_propagate_boolean (G_TASK (result), error);
}
