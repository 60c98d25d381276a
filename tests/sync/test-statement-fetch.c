/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <stdlib.h>
#include <string.h>

#include "../store/pw-ledger-test.h"
#include "../store/pw-store-test.h"
#include "pw-statement-fetch-private.h"
#include "pw-sync-test.h"

/* Fetching statements into the ledger: against a marketplace of the test's
 * own, which pages, fails and never ends on demand and records the cursors
 * it was asked from, and against the demo marketplace with real reviews. */

#define ACCOUNT "a-1"

/* A statement of one entry per page: page N has the entry e-N and, unless
 * it is the last, the cursor cN+1. A marketplace that goes wrong points
 * from page @loop_at back to page @loop_to, or sends the entry e-0 on
 * every page after @stale_from. */
typedef struct
{
  SoupServer   *server;
  char         *base_url;
  GPtrArray    *afters;
  guint         n_pages;
  guint         fail_at;
  gboolean      endless;
  guint         cancel_at;
  guint         loop_at;
  guint         loop_to;
  guint         stale_from;
  GCancellable *cancellable;
} FakeMarket;

static char *
page_json (FakeMarket *fake,
           guint       page)
{
  gboolean last = !fake->endless && page + 1 >= fake->n_pages;
  guint next_page = page == fake->loop_at ? fake->loop_to : page + 1;
  guint entry = page >= fake->stale_from ? 0 : page;
  g_autofree char *next = last ? g_strdup ("null") : g_strdup_printf ("\"c%u\"", next_page);

  return g_strdup_printf ("{\"entries\": [{\"id\": \"e-%u\", \"type\": \"task\", "
                          "\"task_id\": \"t-%u\", \"project_id\": \"p-1\", "
                          "\"status\": \"pending\", \"amount\": \"0.01\", \"currency\": \"USD\", "
                          "\"at\": \"2026-11-29T09:00:00Z\"}], \"next\": %s}", entry, entry, next);
}

static void
serve_statement (SoupServer        *server,
                 SoupServerMessage *msg,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           user_data)
{
  FakeMarket *fake = user_data;
  const char *after = query != NULL ? g_hash_table_lookup (query, "after") : NULL;
  guint page = after != NULL ? (guint) atoi (after + 1) : 0;
  g_autofree char *body = NULL;

  g_ptr_array_add (fake->afters, g_strdup (after != NULL ? after : ""));
  if (page == fake->cancel_at)
    g_cancellable_cancel (fake->cancellable);
  if (page == fake->fail_at)
    {
      body = g_strdup ("{\"error\": {\"code\": \"unavailable\", \"message\": \"Closed\"}}");
      soup_message_headers_append (soup_server_message_get_response_headers (msg),
                                   "Retry-After", "1");
      soup_server_message_set_status (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, NULL);
    }
  else
    {
      body = page_json (fake, page);
      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
    }
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, body,
                                    strlen (body));
}

static FakeMarket *
fake_market_new (guint n_pages)
{
  FakeMarket *fake = g_new0 (FakeMarket, 1);
  g_autoptr (GError) error = NULL;
  GSList *uris;

  fake->n_pages = n_pages;
  fake->fail_at = G_MAXUINT;
  fake->cancel_at = G_MAXUINT;
  fake->loop_at = G_MAXUINT;
  fake->stale_from = G_MAXUINT;
  fake->afters = g_ptr_array_new_with_free_func (g_free);
  fake->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (fake->server, "/v1/statement", serve_statement, fake, NULL);
  g_assert_true (soup_server_listen_local (fake->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY,
                                           &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (fake->server);
  fake->base_url = g_uri_to_string (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  return fake;
}

static void
fake_market_free (FakeMarket *fake)
{
  soup_server_disconnect (fake->server);
  g_object_unref (fake->server);
  g_ptr_array_unref (fake->afters);
  g_clear_object (&fake->cancellable);
  g_free (fake->base_url);
  g_free (fake);
}

/* The cursors the marketplace was asked from since @from, "" for none,
 * joined with spaces. */
static char *
afters_since (FakeMarket *fake,
              guint       from)
{
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  g_auto (GStrv) afters = NULL;

  for (guint i = from; i < fake->afters->len; i++)
    g_strv_builder_add (builder, fake->afters->pdata[i]);
  afters = g_strv_builder_end (builder);
  return g_strjoinv (" ", afters);
}

typedef struct
{
  gboolean  done;
  gboolean  ok;
  guint     n_entries;
  GError   *error;
} FetchResult;

static void
on_fetched (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  FetchResult *fetched = user_data;

  fetched->ok = pw_statement_fetch_finish (result, &fetched->n_entries, &fetched->error);
  fetched->done = TRUE;
}

/* Fetches with @max_pages, or the real limit when 0; the caller frees
 * the result's error. */
static FetchResult
fetch (PwStore        *store,
       PwConnector    *client,
       const char     *account_id,
       guint           max_pages,
       GCancellable   *cancellable)
{
  FetchResult fetched = { FALSE, };

  if (max_pages == 0)
    pw_statement_fetch_async (store, client, account_id, cancellable, on_fetched, &fetched);
  else
    _pw_statement_fetch_full_async (store, client, account_id, max_pages, cancellable, on_fetched,
                                    &fetched);
  pw_store_test_run_until (&fetched.done);
  g_assert_true (fetched.ok == (fetched.error == NULL));
  return fetched;
}

static PwConnector *
client_for (const char *base_url)
{
  g_autoptr (GError) error = NULL;
  PwMarketClient *client = pw_market_client_new (base_url, "token", &error);

  g_assert_no_error (error);
  return PW_CONNECTOR (client);
}

static gint64
n_entries_stored (PwStore *store)
{
  return pw_ledger_test_int (store, "SELECT count (*) FROM ledger_entries");
}

static void
test_fetch_cursor (void)
{
  FakeMarket *fake = fake_market_new (3);
  g_autoptr (PwConnector) client = client_for (fake->base_url);
  PwStore *store = pw_store_test_open (NULL);
  g_autofree char *first = NULL;
  g_autofree char *again = NULL;
  g_autofree char *grown = NULL;
  g_autofree char *cursor = NULL;
  FetchResult fetched;

  fetched = fetch (store, client, ACCOUNT, 0, NULL);
  g_assert_no_error (fetched.error);
  g_assert_cmpuint (fetched.n_entries, ==, 3);
  first = afters_since (fake, 0);
  g_assert_cmpstr (first, ==, " c1 c2");
  cursor = pw_ledger_test_cursor (store, ACCOUNT);
  g_assert_cmpstr (cursor, ==, "c2");

  /* The next fetch asks from the stored cursor: the last page comes
   * again, and changes nothing. */
  fetched = fetch (store, client, ACCOUNT, 0, NULL);
  g_assert_no_error (fetched.error);
  g_assert_cmpuint (fetched.n_entries, ==, 1);
  again = afters_since (fake, 3);
  g_assert_cmpstr (again, ==, "c2");
  g_assert_cmpint (n_entries_stored (store), ==, 3);
  g_assert_cmpint (pw_ledger_test_int (store, "SELECT count (*) FROM ledger_changes"), ==, 3);

  fake->n_pages = 5;
  fetched = fetch (store, client, ACCOUNT, 0, NULL);
  g_assert_no_error (fetched.error);
  grown = afters_since (fake, 4);
  g_assert_cmpstr (grown, ==, "c2 c3 c4");
  g_assert_cmpint (n_entries_stored (store), ==, 5);

  pw_store_test_close (&store);
  fake_market_free (fake);
}

static void
test_fetch_failure_midway (void)
{
  FakeMarket *fake = fake_market_new (5);
  g_autoptr (PwConnector) client = client_for (fake->base_url);
  PwStore *store = pw_store_test_open (NULL);
  g_autofree char *cursor = NULL;
  g_autofree char *resumed = NULL;
  FetchResult fetched;

  fake->fail_at = 3;
  fetched = fetch (store, client, ACCOUNT, 0, NULL);
  g_assert_error (fetched.error, PW_ERROR, PW_ERROR_SERVER);
  g_clear_error (&fetched.error);
  g_assert_cmpuint (fetched.n_entries, ==, 3);
  g_assert_cmpint (n_entries_stored (store), ==, 3);
  cursor = pw_ledger_test_cursor (store, ACCOUNT);
  g_assert_cmpstr (cursor, ==, "c3");

  fake->fail_at = G_MAXUINT;
  fetched = fetch (store, client, ACCOUNT, 0, NULL);
  g_assert_no_error (fetched.error);
  resumed = afters_since (fake, 4);
  g_assert_cmpstr (resumed, ==, "c3 c4");
  g_assert_cmpint (n_entries_stored (store), ==, 5);

  pw_store_test_close (&store);
  fake_market_free (fake);
}

/* The marketplace's host and port, as the messages name the account. */
static char *
host_of (FakeMarket *fake)
{
  g_autoptr (GUri) uri = g_uri_parse (fake->base_url, G_URI_FLAGS_NONE, NULL);

  return g_strdup_printf ("%s:%d", g_uri_get_host (uri), g_uri_get_port (uri));
}

static void
test_fetch_endless (void)
{
  FakeMarket *fake = fake_market_new (0);
  g_autoptr (PwConnector) client = client_for (fake->base_url);
  PwStore *store = pw_store_test_open (NULL);
  g_autofree char *cursor = NULL;
  g_autofree char *host = host_of (fake);
  g_autofree char *message = NULL;
  g_autofree char *again = NULL;
  FetchResult fetched;

  g_assert_cmpuint (PW_STATEMENT_FETCH_MAX_PAGES, ==, 200);
  fake->endless = TRUE;
  fetched = fetch (store, client, ACCOUNT, 0, NULL);
  message = g_strdup_printf ("The statement of the account at %s is longer than 200 pages read at "
                             "once. What was read is kept, and the next sync reads on from there.",
                             host);
  g_assert_error (fetched.error, PW_ERROR, PW_ERROR_TOO_LARGE);
  g_assert_cmpstr (fetched.error->message, ==, message);
  g_clear_error (&fetched.error);
  g_assert_cmpuint (fake->afters->len, ==, 200);
  /* What was read is kept, and the next fetch goes on from there. */
  g_assert_cmpint (n_entries_stored (store), ==, 200);
  cursor = pw_ledger_test_cursor (store, ACCOUNT);
  g_assert_cmpstr (cursor, ==, "c200");

  fetched = fetch (store, client, ACCOUNT, 3, NULL);
  g_assert_error (fetched.error, PW_ERROR, PW_ERROR_TOO_LARGE);
  g_clear_error (&fetched.error);
  again = afters_since (fake, 200);
  g_assert_cmpstr (again, ==, "c200 c201 c202");
  g_assert_cmpint (n_entries_stored (store), ==, 203);

  pw_store_test_close (&store);
  fake_market_free (fake);
}

/* A marketplace that does not move on stops the fetch at once, and the
 * message names its account. */
static void
test_fetch_no_progress (void)
{
  const struct
  {
    guint       loop_at;
    guint       loop_to;
    guint       stale_from;
    const char *asked;
    const char *cursor;
    const char *message;
  } cases[] = {
    /* The same cursor again */
    { 2, 2, G_MAXUINT, " c1 c2", "c2",
      "The marketplace of the account at %s sends its statement in a circle: it points back to "
      "a page it sent already. What was read is kept; tell the marketplace." },
    /* Round in a circle */
    { 4, 1, G_MAXUINT, " c1 c2 c3 c4", "c1",
      "The marketplace of the account at %s sends its statement in a circle: it points back to "
      "a page it sent already. What was read is kept; tell the marketplace." },
    /* New cursors, but nothing new on their pages */
    { G_MAXUINT, 0, 1, " c1 c2 c3", "c4",
      "The marketplace of the account at %s sent 3 statement pages in a row with nothing new. "
      "What was read is kept; tell the marketplace." },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      FakeMarket *fake = fake_market_new (0);
      g_autoptr (PwConnector) client = client_for (fake->base_url);
      PwStore *store = pw_store_test_open (NULL);
      g_autofree char *host = host_of (fake);
      g_autoptr (GString) message = g_string_new (cases[i].message);
      g_autofree char *account = g_strdup_printf ("a-stuck-%u", i);
      g_autofree char *asked = NULL;
      g_autofree char *cursor = NULL;
      FetchResult fetched;

      g_string_replace (message, "%s", host, 1);
      fake->endless = TRUE;
      fake->loop_at = cases[i].loop_at;
      fake->loop_to = cases[i].loop_to;
      fake->stale_from = cases[i].stale_from;
      fetched = fetch (store, client, account, 0, NULL);
      g_assert_error (fetched.error, PW_ERROR, PW_ERROR_PROTOCOL);
      g_assert_cmpstr (fetched.error->message, ==, message->str);
      g_clear_error (&fetched.error);
      asked = afters_since (fake, 0);
      g_assert_cmpstr (asked, ==, cases[i].asked);
      /* The pages read are kept, with the cursor they gave. */
      cursor = pw_ledger_test_cursor (store, account);
      g_assert_cmpstr (cursor, ==, cases[i].cursor);

      pw_store_test_close (&store);
      fake_market_free (fake);
    }
}

static void
test_fetch_cancel (void)
{
  FakeMarket *fake = fake_market_new (5);
  g_autoptr (PwConnector) client = client_for (fake->base_url);
  PwStore *store = pw_store_test_open (NULL);
  FetchResult fetched;

  fake->cancellable = g_cancellable_new ();
  fake->cancel_at = 2;
  fetched = fetch (store, client, ACCOUNT, 0, fake->cancellable);
  g_assert_error (fetched.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&fetched.error);
  g_assert_cmpuint (fetched.n_entries, ==, 2);
  g_assert_cmpint (n_entries_stored (store), ==, 2);

  pw_store_test_close (&store);
  fake_market_free (fake);
}

/* Whether every task entry of the ledger is decided. */
static gboolean
all_reviewed (PwStore *store)
{
  return pw_ledger_test_int (store, "SELECT count (*) FROM ledger_entries "
                                    "WHERE type = 'task' AND status = 'pending'") == 0;
}

static gboolean
on_wait (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
wait_a_moment (void)
{
  gboolean done = FALSE;

  g_timeout_add (50, on_wait, &done);
  pw_store_test_run_until (&done);
}

static void
assert_task_history (PwStore    *store,
                     const char *task_id)
{
  g_autoptr (GPtrArray) events = NULL;
  g_autoptr (GError) error = NULL;
  PwTaskEvent *event;
  guint i = 0;

  events = pw_store_list_task_history (store, PW_SYNC_TEST_ACCOUNT, task_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, >=, 5);
  g_assert_cmpint (((PwTaskEvent *) events->pdata[i++])->kind, ==, PW_TASK_EVENT_CLAIMED);
  event = events->pdata[i++];
  g_assert_cmpint (event->kind, ==, PW_TASK_EVENT_SUBMITTED);
  g_assert_cmpint (event->submission_state, ==, PW_OUTBOX_DONE);
  event = events->pdata[i++];
  g_assert_cmpint (event->kind, ==, PW_TASK_EVENT_STATEMENT);
  g_assert_cmpint (event->status, ==, PW_ENTRY_PENDING);
  g_assert_cmpint (event->amount.micro, ==, 15000);
  g_assert_cmpstr (event->amount.currency, ==, "USD");
  event = events->pdata[i++];
  g_assert_cmpint (event->kind, ==, PW_TASK_EVENT_STATEMENT);
  g_assert_true (event->status == PW_ENTRY_APPROVED || event->status == PW_ENTRY_REJECTED);
  event = events->pdata[i++];
  g_assert_cmpint (event->kind, ==, PW_TASK_EVENT_REVIEWED);
  g_assert_cmpfloat (event->review_score, >, 0);
  g_assert_cmpfloat (event->review_score, <=, 1);
}

/* Every entry of the demo's statement is in the ledger once, with its
 * last status. */
static void
assert_ledger_matches (PwSyncTest *test)
{
  g_autoptr (JsonNode) statement = pw_demo_test_statement (test->demo);
  g_autoptr (GHashTable) last = g_hash_table_new (g_str_hash, g_str_equal);
  JsonArray *entries = json_node_get_array (statement);
  GHashTableIter iter;
  gpointer id, status;

  for (guint i = 0; i < json_array_get_length (entries); i++)
    {
      JsonObject *entry = json_array_get_object_element (entries, i);

      g_hash_table_insert (last, (gpointer) json_object_get_string_member (entry, "id"),
                           (gpointer) json_object_get_string_member (entry, "status"));
    }
  g_assert_cmpint (n_entries_stored (test->store), ==, g_hash_table_size (last));
  g_hash_table_iter_init (&iter, last);
  while (g_hash_table_iter_next (&iter, &id, &status))
    {
      g_autofree char *stored = pw_ledger_test_string (test->store,
                                                       "SELECT status FROM ledger_entries "
                                                       "WHERE entry_id = '%s'",
                                                       (const char *) id);

      g_assert_cmpstr (stored, ==, status);
    }
}

static void
test_fetch_demo_market (void)
{
  PwSyncTest *test = pw_sync_test_new (0);
  g_autoptr (PwConnector) client = pw_sync_test_client (PW_SYNC_TEST_ACCOUNT,
                                                        test->demo->base_url);
  g_autoptr (GPtrArray) rows = NULL;
  gint64 deadline = g_get_monotonic_time () + 30 * G_TIME_SPAN_SECOND;
  guint n_fetches = 0;
  FetchResult fetched;

  pw_demo_market_set_review_delay (test->demo->market, 300);
  rows = pw_sync_test_claim (test->demo, 4);
  pw_sync_test_queue (test->store, rows);
  pw_sync_test_drain (test->worker);

  do
    {
      if (n_fetches > 0)
        wait_a_moment ();
      fetched = fetch (test->store, client, PW_SYNC_TEST_ACCOUNT, 0, NULL);
      g_assert_no_error (fetched.error);
      g_assert_cmpuint (fetched.n_entries, >=, 4);
      n_fetches++;
    }
  while (!all_reviewed (test->store) && g_get_monotonic_time () < deadline);

  g_assert_true (all_reviewed (test->store));
  g_assert_cmpuint (pw_demo_market_count_requests (test->demo->market, PW_DEMO_ENDPOINT_STATEMENT),
                    ==, n_fetches);
  for (guint i = 0; i < rows->len; i++)
    assert_task_history (test->store, ((PwSyncTestRow *) rows->pdata[i])->task_id);
  assert_ledger_matches (test);

  pw_sync_test_free (test);
}

int
main (int   argc,
      char *argv[])
{
  pw_demo_test_init (&argc, &argv);

  g_test_add_func ("/statement-fetch/cursor", test_fetch_cursor);
  g_test_add_func ("/statement-fetch/failure-midway", test_fetch_failure_midway);
  g_test_add_func ("/statement-fetch/endless", test_fetch_endless);
  g_test_add_func ("/statement-fetch/no-progress", test_fetch_no_progress);
  g_test_add_func ("/statement-fetch/cancel", test_fetch_cancel);
  g_test_add_func ("/statement-fetch/demo-market", test_fetch_demo_market);

  return g_test_run ();
}
