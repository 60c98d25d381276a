/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gstdio.h>

#include "pw-demo-market-test.h"

/* The demo marketplace hosted inside the app: it answers from a thread of
 * its own while the caller's main context stays free, and stops cleanly. */

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
test_demo_host_answers (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PwDemoMarket) market = NULL;
  g_autoptr (GAsyncResult) started = NULL;
  g_autoptr (GAsyncResult) asked = NULL;
  g_autoptr (PwMarketClient) client = NULL;
  g_autoptr (PwMarketMe) me = NULL;
  g_autofree char *data_dir = g_dir_make_tmp ("demo-host-XXXXXX", &error);
  g_autofree char *base_url = NULL;
  PwDemoHost *host;

  g_assert_no_error (error);
  market = pw_demo_market_new (data_dir, NULL, 3);
  pw_demo_market_set_speech (market, FALSE);
  pw_demo_market_set_media_scale (market, 0.05);

  pw_demo_host_start_async (market, NULL, on_ready, &started);
  host = pw_demo_host_start_finish (wait_for (&started), &error);
  g_assert_no_error (error);
  g_assert_true (pw_demo_host_get_market (host) == market);
  base_url = pw_demo_host_dup_base_url (host);
  g_assert_true (g_str_has_prefix (base_url, "http://127.0.0.1:"));

  /* The caller's context only waits for the answer: the server runs on its
   * own thread. */
  client = pw_market_client_new (base_url, PW_DEMO_MARKET_TOKEN, &error);
  g_assert_no_error (error);
  pw_market_client_get_me_async (client, NULL, on_ready, &asked);
  me = pw_market_client_get_me_finish (client, wait_for (&asked), &error);
  g_assert_no_error (error);
  g_assert_nonnull (pw_market_me_get_worker_id (me));
  g_assert_cmpuint (pw_demo_market_count_requests (market, PW_DEMO_ENDPOINT_ME), ==, 1);

  pw_demo_host_stop (host);
  g_assert_finalize_object (g_steal_pointer (&market));

  /* Once stopped, nothing answers on its port. */
  g_clear_object (&asked);
  g_clear_pointer (&me, pw_market_me_unref);
  pw_market_client_get_me_async (client, NULL, on_ready, &asked);
  me = pw_market_client_get_me_finish (client, wait_for (&asked), &error);
  g_assert_null (me);
  g_assert_nonnull (error);
}

int
main (int   argc,
      char *argv[])
{
  pw_demo_test_init (&argc, &argv);

  g_test_add_func ("/demo-host/answers", test_demo_host_answers);

  return g_test_run ();
}
