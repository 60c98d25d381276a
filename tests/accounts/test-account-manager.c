/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "../demo/pw-demo-market-test.h"
#include "../market/pw-market-test.h"

/* The account manager against the demo marketplace, with no keyring on the
 * test's bus: tokens are checked with GET v1/me before anything is kept,
 * and kept in memory only. */

typedef struct
{
  PwDemoTest       *demo;
  PwStore          *store;
  PwTokenKeeper    *keeper;
  PwAccountManager *manager;
  char             *store_path;
} Fixture;

static void
on_ready (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GAsyncResult *
wait_for (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr (GError) error = NULL;

  fixture->demo = pw_demo_test_new (11);
  fixture->store_path = g_build_filename (g_get_user_data_dir (), "accounts.db", NULL);
  fixture->store = pw_store_new_for_path (fixture->store_path, &error);
  g_assert_no_error (error);
  fixture->keeper = pw_token_keeper_new ();
  fixture->manager = pw_account_manager_new (fixture->store, fixture->keeper);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_assert_finalize_object (fixture->manager);
  g_assert_finalize_object (fixture->keeper);
  g_assert_finalize_object (fixture->store);
  pw_demo_test_free (fixture->demo);
  g_remove (fixture->store_path);
  g_free (fixture->store_path);
}

static PwAccount *
add (Fixture     *fixture,
     const char  *name,
     const char  *url,
     const char  *token,
     GError     **error)
{
  g_autoptr (GAsyncResult) result = NULL;

  pw_account_manager_add_async (fixture->manager, name, url, PW_ACCOUNT_KIND_PIECEWORK, token, NULL,
                                on_ready, &result);
  return pw_account_manager_add_finish (fixture->manager, wait_for (&result), error);
}

static gboolean
update (Fixture     *fixture,
        const char  *id,
        const char  *name,
        const char  *url,
        const char  *token,
        GError     **error)
{
  g_autoptr (GAsyncResult) result = NULL;

  pw_account_manager_update_async (fixture->manager, id, name, url, PW_ACCOUNT_KIND_PIECEWORK,
                                   token, NULL, on_ready, &result);
  return pw_account_manager_update_finish (fixture->manager, wait_for (&result), error);
}

static guint
n_stored (Fixture *fixture)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) accounts = pw_store_list_accounts (fixture->store, &error);

  g_assert_no_error (error);
  return accounts->len;
}

static void
test_add_checks_token (Fixture       *fixture,
                       gconstpointer  data)
{
  GListModel *accounts = pw_account_manager_get_accounts (fixture->manager);
  g_autoptr (GError) error = NULL;
  g_autoptr (PwAccount) account = NULL;
  g_autoptr (PwConnector) client = NULL;
  g_autoptr (GPtrArray) stored = NULL;

  /* A wrong token is refused by the marketplace and nothing is kept. */
  account = add (fixture, "Work", fixture->demo->base_url, "wrong-token", &error);
  g_assert_null (account);
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "token"));
  g_clear_error (&error);
  g_assert_cmpuint (g_list_model_get_n_items (accounts), ==, 0);
  g_assert_cmpuint (n_stored (fixture), ==, 0);

  /* Plain http to another host is refused before anything is sent. */
  account = add (fixture, "Far", "http://example.com/api/", PW_DEMO_MARKET_TOKEN, &error);
  g_assert_null (account);
  g_assert_nonnull (error);
  g_clear_error (&error);

  account = add (fixture, "  Work ", fixture->demo->base_url, PW_DEMO_MARKET_TOKEN, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pw_account_get_name (account), ==, "Work");
  g_assert_true (pw_account_get_has_token (account));
  g_assert_false (pw_account_get_is_demo (account));
  g_assert_true (g_str_has_prefix (pw_account_get_id (account), "a-"));
  g_assert_cmpuint (g_list_model_get_n_items (accounts), ==, 1);
  stored = pw_store_list_accounts (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (stored->len, ==, 1);
  g_assert_cmpstr (((PwStoreAccount *) stored->pdata[0])->name, ==, "Work");

  /* No keyring on this bus: the token is in memory, and the worker is told. */
  g_assert_false (pw_account_manager_get_keyring_available (fixture->manager));
  g_assert_nonnull (pw_account_manager_get_keyring_problem (fixture->manager));

  client = pw_account_manager_get_connector (fixture->manager, pw_account_get_id (account));
  g_assert_nonnull (client);
  g_assert_cmpstr (pw_connector_get_base_url (client), ==, fixture->demo->base_url);

  /* Two accounts may not share a name; names and fields are checked. */
  g_assert_null (add (fixture, "work", fixture->demo->base_url, PW_DEMO_MARKET_TOKEN, &error));
  g_assert_error (error, PW_ERROR, PW_ERROR_INVALID_DATA);
  g_clear_error (&error);
  g_assert_null (add (fixture, " ", fixture->demo->base_url, PW_DEMO_MARKET_TOKEN, &error));
  g_assert_error (error, PW_ERROR, PW_ERROR_INVALID_DATA);
  g_clear_error (&error);
  g_assert_null (add (fixture, "Other", fixture->demo->base_url, "", &error));
  g_assert_error (error, PW_ERROR, PW_ERROR_INVALID_DATA);
  g_clear_error (&error);
  g_assert_cmpuint (g_list_model_get_n_items (accounts), ==, 1);
}

static void
test_update_and_remove (Fixture       *fixture,
                        gconstpointer  data)
{
  GListModel *accounts = pw_account_manager_get_accounts (fixture->manager);
  g_autoptr (GError) error = NULL;
  g_autoptr (PwAccount) account = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GPtrArray) stored = NULL;
  g_autofree char *id = NULL;

  account = add (fixture, "Work", fixture->demo->base_url, PW_DEMO_MARKET_TOKEN, &error);
  g_assert_no_error (error);
  id = g_strdup (pw_account_get_id (account));

  /* An empty token keeps the one held; the new name is kept. */
  g_assert_true (update (fixture, id, "Weekend", fixture->demo->base_url, "", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (pw_account_get_name (account), ==, "Weekend");
  stored = pw_store_list_accounts (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (((PwStoreAccount *) stored->pdata[0])->name, ==, "Weekend");

  /* A refused token changes nothing. */
  g_assert_false (update (fixture, id, "Broken", fixture->demo->base_url, "wrong", &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_cmpstr (pw_account_get_name (account), ==, "Weekend");
  g_assert_true (pw_account_get_has_token (account));

  pw_account_manager_report_unauthorized (fixture->manager, id);
  g_assert_nonnull (pw_account_get_problem (account));
  g_assert_true (update (fixture, id, "Weekend", fixture->demo->base_url,
                         PW_DEMO_MARKET_TOKEN, &error));
  g_assert_no_error (error);
  g_assert_null (pw_account_get_problem (account));

  pw_account_manager_remove_async (fixture->manager, id, NULL, on_ready, &result);
  g_assert_true (pw_account_manager_remove_finish (fixture->manager, wait_for (&result), &error));
  g_assert_no_error (error);
  g_clear_object (&result);
  g_assert_cmpuint (g_list_model_get_n_items (accounts), ==, 0);
  g_assert_cmpuint (n_stored (fixture), ==, 0);
  g_assert_null (pw_account_manager_get_connector (fixture->manager, id));
}

/* Another marketplace: it keeps what it received and knows any worker. */
static void
handle_other_market (SoupServer        *server,
                     SoupServerMessage *msg,
                     const char        *path,
                     GHashTable        *query,
                     gpointer           user_data)
{
  pw_test_market_record (user_data, msg);
  pw_test_market_reply (msg, SOUP_STATUS_OK,
                        "{\"worker_id\": \"w-2\", \"name\": \"Ana\", \"currency\": \"USD\"}");
}

static void
test_new_origin_needs_token (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr (PwTestMarket) other = pw_test_market_new (handle_other_market, NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (PwAccount) account = NULL;
  g_autoptr (PwConnector) client = NULL;
  g_autoptr (GUri) demo_uri = g_uri_parse (fixture->demo->base_url, G_URI_FLAGS_NONE, NULL);
  g_autofree char *no_slash = g_strndup (fixture->demo->base_url,
                                         strlen (fixture->demo->base_url) - 1);
  g_autofree char *other_path = NULL;
  g_autofree char *https = NULL;
  g_autofree char *by_name = NULL;
  g_autofree char *other_port = NULL;
  g_autofree char *id = NULL;

  g_assert_true (g_str_has_suffix (fixture->demo->base_url, "/"));
  other_path = g_strdup_printf (" HTTP://127.0.0.1:%d/api/ ", g_uri_get_port (demo_uri));
  https = g_strdup_printf ("https://127.0.0.1:%d/", g_uri_get_port (demo_uri));
  by_name = g_strdup_printf ("http://localhost:%d/", g_uri_get_port (demo_uri));
  other_port = g_strdup_printf ("http://127.0.0.1:%d/", g_uri_get_port (demo_uri) + 1);

  account = add (fixture, "Work", fixture->demo->base_url, PW_DEMO_MARKET_TOKEN, &error);
  g_assert_no_error (error);
  id = g_strdup (pw_account_get_id (account));

  /* Scheme, host and port make the origin; the path may change. */
  g_assert_true (pw_account_can_keep_token (account, fixture->demo->base_url));
  g_assert_true (pw_account_can_keep_token (account, no_slash));
  g_assert_true (pw_account_can_keep_token (account, other_path));
  g_assert_false (pw_account_can_keep_token (account, https));
  g_assert_false (pw_account_can_keep_token (account, by_name));
  g_assert_false (pw_account_can_keep_token (account, other_port));
  g_assert_false (pw_account_can_keep_token (account, other->base_url));
  g_assert_false (pw_account_can_keep_token (account, "not an address"));

  /* The token the demo gave never goes to another marketplace: the change
   * is refused before anything is sent, and nothing is kept. */
  g_assert_false (update (fixture, id, "Work", other->base_url, "", &error));
  g_assert_error (error, PW_ERROR, PW_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (error->message, "token"));
  g_clear_error (&error);
  g_assert_false (update (fixture, id, "Work", other->base_url, NULL, &error));
  g_assert_error (error, PW_ERROR, PW_ERROR_INVALID_DATA);
  g_clear_error (&error);
  g_assert_cmpuint (other->n_requests, ==, 0);
  g_assert_cmpstr (pw_account_get_base_url (account), ==, fixture->demo->base_url);
  client = pw_account_manager_get_connector (fixture->manager, id);
  g_assert_cmpstr (pw_connector_get_base_url (client), ==, fixture->demo->base_url);
  g_clear_object (&client);

  /* The same origin keeps the token. */
  g_assert_true (update (fixture, id, "Work", no_slash, "", &error));
  g_assert_no_error (error);

  /* With the new marketplace's own token, the change is kept. */
  g_assert_true (update (fixture, id, "Work", other->base_url, "token-of-the-other", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (other->n_requests, ==, 1);
  g_assert_cmpstr (other->last_authorization, ==, "Bearer token-of-the-other");
  g_assert_cmpstr (pw_account_get_base_url (account), ==, other->base_url);

  /* And going back needs the demo's token again. */
  g_assert_false (update (fixture, id, "Work", fixture->demo->base_url, "", &error));
  g_assert_error (error, PW_ERROR, PW_ERROR_INVALID_DATA);
  g_clear_error (&error);
  g_assert_cmpuint (other->n_requests, ==, 1);
}

static void
test_load_and_demo (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PwAccount) account = NULL;
  g_autoptr (PwAccountManager) second = NULL;
  g_autoptr (PwTokenKeeper) keeper = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (PwConnector) client = NULL;
  GListModel *accounts;
  PwAccount *demo;

  pw_account_manager_set_demo (fixture->manager, fixture->demo->base_url, PW_DEMO_MARKET_TOKEN);
  account = add (fixture, "Work", fixture->demo->base_url, PW_DEMO_MARKET_TOKEN, &error);
  g_assert_no_error (error);
  demo = pw_account_manager_lookup (fixture->manager, PW_DEMO_ACCOUNT_ID);
  g_assert_true (pw_account_get_is_demo (demo));
  g_assert_true (pw_account_get_has_token (demo));
  g_assert_null (pw_account_manager_lookup (fixture->manager, "a-none"));

  /* The demo cannot be changed or removed. */
  g_assert_false (update (fixture, PW_DEMO_ACCOUNT_ID, "Mine", fixture->demo->base_url,
                          PW_DEMO_MARKET_TOKEN, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);

  /* A new start reads the accounts back; a token kept only in memory is
   * gone with the old process, so the worker is asked for it again. */
  keeper = pw_token_keeper_new ();
  second = pw_account_manager_new (fixture->store, keeper);
  pw_account_manager_load_async (second, NULL, on_ready, &result);
  g_assert_true (pw_account_manager_load_finish (second, wait_for (&result), &error));
  g_assert_no_error (error);
  accounts = pw_account_manager_get_accounts (second);
  g_assert_cmpuint (g_list_model_get_n_items (accounts), ==, 2);
  g_assert_false (pw_account_get_has_token (pw_account_manager_lookup (second,
                                                                       pw_account_get_id (account))));
  g_assert_null (pw_account_manager_get_connector (second, pw_account_get_id (account)));

  pw_account_manager_set_demo (second, fixture->demo->base_url, PW_DEMO_MARKET_TOKEN);
  g_assert_cmpuint (g_list_model_get_n_items (accounts), ==, 2);
  client = pw_account_manager_get_connector (second, PW_DEMO_ACCOUNT_ID);
  g_assert_nonnull (client);
  g_clear_object (&client);
  g_clear_object (&result);
  g_assert_finalize_object (g_steal_pointer (&second));
}

int
main (int   argc,
      char *argv[])
{
  pw_demo_test_init (&argc, &argv);

  g_test_add ("/account-manager/add", Fixture, NULL, fixture_set_up, test_add_checks_token,
              fixture_tear_down);
  g_test_add ("/account-manager/update-remove", Fixture, NULL, fixture_set_up,
              test_update_and_remove, fixture_tear_down);
  g_test_add ("/account-manager/new-origin-needs-token", Fixture, NULL, fixture_set_up,
              test_new_origin_needs_token, fixture_tear_down);
  g_test_add ("/account-manager/load-demo", Fixture, NULL, fixture_set_up, test_load_and_demo,
              fixture_tear_down);

  return g_test_run ();
}
