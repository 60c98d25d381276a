/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gstdio.h>

#include "pw-market-test.h"

/* The marketplace of a test's own (pw-market-test.h): a SoupServer on
 * loopback that answers with the test's handler and records each request's
 * path, body, token and Idempotency-Key. */

PwTestMarket *
pw_test_market_new (SoupServerCallback handler,
                    gpointer           data)
{
  PwTestMarket *market = g_new0 (PwTestMarket, 1);
  g_autoptr (GError) error = NULL;
  GSList *uris;
  GUri *uri;

  market->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (market->server, NULL, handler, data != NULL ? data : market, NULL);
  soup_server_listen_local (market->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);

  uris = soup_server_get_uris (market->server);
  g_assert_nonnull (uris);
  uri = uris->data;
  market->origin = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uri));
  market->base_url = g_strdup_printf ("%s/api/", market->origin);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  return market;
}

void
pw_test_market_free (PwTestMarket *market)
{
  soup_server_disconnect (market->server);
  pw_test_finalize (market->server);
  g_free (market->base_url);
  g_free (market->origin);
  g_free (market->last_authorization);
  g_free (market->last_path);
  g_free (market->last_body);
  g_free (market->last_idempotency_key);
  g_free (market);
}

/* Keeps what the marketplace received, for the test to check. */
void
pw_test_market_record (PwTestMarket      *market,
                       SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  SoupMessageBody *body = soup_server_message_get_request_body (msg);

  market->n_requests++;
  g_free (market->last_authorization);
  market->last_authorization = g_strdup (soup_message_headers_get_one (headers, "Authorization"));
  g_free (market->last_idempotency_key);
  market->last_idempotency_key = g_strdup (soup_message_headers_get_one (headers, "Idempotency-Key"));
  g_free (market->last_path);
  market->last_path = g_strdup (g_uri_get_path (soup_server_message_get_uri (msg)));
  g_free (market->last_body);
  market->last_body = g_strndup (body->data, body->length);
}

void
pw_test_market_reply (SoupServerMessage *msg,
                      guint              status,
                      const char        *json)
{
  soup_server_message_set_status (msg, status, NULL);
  if (json != NULL)
    soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY,
                                      json, strlen (json));
}

PwMarketClient *
pw_test_client_new (const char *base_url)
{
  g_autoptr (GError) error = NULL;
  PwMarketClient *client = pw_market_client_new (base_url, PW_MARKET_TEST_TOKEN, &error);

  g_assert_no_error (error);
  g_assert_true (PW_IS_MARKET_CLIENT (client));
  return client;
}

void
pw_test_on_done (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GAsyncResult **out = user_data;

  g_assert_null (*out);
  *out = g_object_ref (result);
}

/* Runs the main loop, where both the client and the marketplace live,
 * until the call is done. */
GAsyncResult *
pw_test_wait (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *result;
}

/* Drops the last reference and waits for the object to be finalized: a
 * GTask in a thread may hold its source object a moment longer. */
void
pw_test_finalize (gpointer object)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_TIME_SPAN_SECOND;

  g_object_add_weak_pointer (G_OBJECT (object), &object);
  g_object_unref (object);
  while (object != NULL && g_get_monotonic_time () < deadline)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (G_TIME_SPAN_MILLISECOND);
    }
  g_assert_null (object);
}

char *
pw_test_make_dir (void)
{
  g_autoptr (GError) error = NULL;
  char *dir = g_dir_make_tmp ("pw-market-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

guint
pw_test_count_files (const char *dir)
{
  g_autoptr (GDir) handle = g_dir_open (dir, 0, NULL);
  guint n = 0;

  g_assert_nonnull (handle);
  while (g_dir_read_name (handle) != NULL)
    n++;
  return n;
}

/* Removes @dir and the files in it. */
void
pw_test_remove_dir (const char *dir)
{
  g_autoptr (GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  g_assert_nonnull (handle);
  while ((name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_assert_cmpint (g_remove (path), ==, 0);
    }
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/**
 * pw_test_assert_spec_verdict:
 * @verdict: what a fake platform behind prism (tests/platforms/prism.py)
 *   says of the requests it saw
 *
 * Fails the test if prism refused any request the client made, or saw
 * too few to judge; skips it, saying why, where the published spec or
 * prism is missing (prism may not be, where CI asks for every tool).
 */
void
pw_test_assert_spec_verdict (JsonObject *verdict)
{
  if (!json_object_get_boolean_member (verdict, "behind_prism"))
    {
      /* The published spec is read from ../shared/specs beside the
       * project: without it there is nothing to check against. */
      if (json_object_get_boolean_member_with_default (verdict, "spec_missing", FALSE))
        {
          g_test_skip ("the published spec is not in ../shared/specs beside the project");
          return;
        }
      g_assert_cmpstr (g_getenv ("PIECEWORK_REQUIRE_TEST_TOOLS"), !=, "1");
      g_test_skip ("prism is not installed (build-aux/install-test-tools installs it)");
      return;
    }
  if (json_object_get_int_member (verdict, "violations") != 0)
    g_printerr ("%s\n", json_object_get_string_member (verdict, "report"));
  g_assert_cmpint (json_object_get_int_member (verdict, "violations"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (verdict, "exchanges"), >, 20);
}
