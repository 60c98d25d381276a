/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include "pw-market-test.h"

/* A request with a body goes out whole on every try: libsoup sends a PUT
 * again by itself when a kept-alive connection closes before the answer,
 * and the marketplace must see the same bytes under the same key. */

#define ME "{\"worker_id\": \"w-17\", \"name\": \"Ana\", \"currency\": \"USD\"}"
#define RECEIPT "{\"submission_id\": \"s-77\", \"task_id\": \"t-123\", \"status\": \"pending_review\"}"

typedef struct
{
  PwTestMarket *market;
  GPtrArray    *bodies;    /* char *, each PUT's body as received */
  GPtrArray    *keys;      /* char *, each PUT's Idempotency-Key */
  GArray       *drops;     /* guint, the PUTs answered by closing the connection */
  char         *committed;
} Resend;

static gboolean
is_dropped (Resend *resend,
            guint   n)
{
  for (guint i = 0; i < resend->drops->len; i++)
    if (g_array_index (resend->drops, guint, i) == n)
      return TRUE;
  return FALSE;
}

static void
resend_handler (SoupServer        *server,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  Resend *resend = user_data;
  const char *method = soup_server_message_get_method (msg);
  const char *body;

  pw_test_market_record (resend->market, msg);
  body = resend->market->last_body;
  if (g_str_equal (method, "GET") && g_str_equal (path, "/api/v1/me"))
    {
      pw_test_market_reply (msg, 200, ME);
      return;
    }
  g_assert_cmpstr (method, ==, "PUT");
  g_assert_cmpstr (path, ==, "/api/v1/tasks/t-123/submission");

  g_ptr_array_add (resend->bodies, g_strdup (body));
  g_ptr_array_add (resend->keys, g_strdup (resend->market->last_idempotency_key));
  if (*body == '\0')
    {
      pw_test_market_reply (msg, 400, "{\"error\": {\"code\": \"bad_request\", \"message\": \"empty\"}}");
      return;
    }
  if (resend->committed != NULL && !g_str_equal (resend->committed, body))
    {
      pw_test_market_reply (msg, 422, "{\"error\": {\"code\": \"idempotency_mismatch\", \"message\": \"other\"}}");
      return;
    }
  if (resend->committed == NULL)
    resend->committed = g_strdup (body);

  /* Committed, and the answer lost with the connection. */
  if (is_dropped (resend, resend->bodies->len))
    {
      g_autoptr (GIOStream) stream = soup_server_message_steal_connection (msg);

      g_io_stream_close (stream, NULL, NULL);
      return;
    }
  pw_test_market_reply (msg, resend->bodies->len == 1 ? 201 : 200, RECEIPT);
}

/* A body as the store keeps it, spacing and order of members included,
 * which a marketplace compares as JSON but the client never rewrites. */
#define QUEUED_BODY \
  "{\"annotation\": {\"choices\": [\"positive\"]},  \"claim_id\": \"c-9f2\", " \
  "\"active_seconds\": 41.50, \"submitted_at\": \"2026-11-28T13:12:09Z\"}"

static PwSubmissionResult *
submit (PwMarketClient *client,
        const char     *key,
        GError        **error)
{
  g_autoptr (GAsyncResult) result = NULL;

  pw_market_client_submit_async (client, "t-123", key, QUEUED_BODY, NULL, pw_test_on_done,
                                 &result);
  return pw_market_client_submit_finish (client, pw_test_wait (&result), error);
}

static void
get_me (PwMarketClient *client)
{
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (PwMarketMe) me = NULL;
  g_autoptr (GError) error = NULL;

  pw_market_client_get_me_async (client, NULL, pw_test_on_done, &result);
  me = pw_market_client_get_me_finish (client, pw_test_wait (&result), &error);
  g_assert_no_error (error);
  g_assert_nonnull (me);
}

static void
test_resend_lost_answer (void)
{
  Resend resend = { NULL, };
  g_autoptr (GError) error = NULL;
  g_autoptr (PwSubmissionResult) first = NULL;
  g_autoptr (PwSubmissionResult) second = NULL;
  g_autofree char *key = pw_market_new_idempotency_key ();
  const guint drops[] = { 1, 3 };
  PwMarketClient *client;

  resend.market = pw_test_market_new (resend_handler, &resend);
  resend.bodies = g_ptr_array_new_with_free_func (g_free);
  resend.keys = g_ptr_array_new_with_free_func (g_free);
  resend.drops = g_array_new (FALSE, FALSE, sizeof (guint));
  g_array_append_vals (resend.drops, drops, G_N_ELEMENTS (drops));
  client = pw_test_client_new (resend.market->base_url);

  /* The PUT goes on the connection kept alive after v1/me; the marketplace
   * commits it and closes, and libsoup sends it again on a new one. */
  get_me (client);
  first = submit (client, key, &error);
  g_assert_no_error (error);
  g_assert_nonnull (first);
  g_assert_true (pw_submission_result_is_replay (first));

  /* And again on the connection the replay left open, as a retry does. */
  second = submit (client, key, &error);
  g_assert_no_error (error);
  g_assert_true (pw_submission_result_is_replay (second));

  g_assert_cmpuint (resend.bodies->len, ==, 4);
  for (guint i = 0; i < resend.bodies->len; i++)
    {
      g_assert_cmpstr (resend.bodies->pdata[i], ==, resend.committed);
      g_assert_cmpstr (resend.keys->pdata[i], ==, key);
    }
  g_assert_cmpstr (resend.committed, ==, QUEUED_BODY);

  pw_test_finalize (client);
  pw_test_market_free (resend.market);
  g_ptr_array_unref (resend.bodies);
  g_ptr_array_unref (resend.keys);
  g_array_unref (resend.drops);
  g_free (resend.committed);
}

/* Retry-After: seconds, or an HTTP date; at most an hour, whatever it says. */
static void
retry_after_handler (SoupServer        *server,
                     SoupServerMessage *msg,
                     const char        *path,
                     GHashTable        *query,
                     gpointer           user_data)
{
  const char *value = user_data;

  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Retry-After", value);
  pw_test_market_reply (msg, 429, "{\"error\": {\"code\": \"rate_limited\", \"message\": \"wait\"}}");
}

static void
test_resend_retry_after_cap (void)
{
  const struct
  {
    const char *header;
    gint64      seconds;
  } cases[] = {
    { "120", 120 },
    { "3600", 3600 },
    { "1000000000", 3600 },
    { "99999999999999999999999999", 3600 },
    { "Fri, 31 Dec 9999 23:59:59 GMT", 3600 },
    { "Thu, 01 Jan 1970 00:00:00 GMT", 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (PwTestMarket) market = pw_test_market_new (retry_after_handler,
                                                            (gpointer) cases[i].header);
      PwMarketClient *client = pw_test_client_new (market->base_url);
      g_autoptr (GAsyncResult) result = NULL;
      g_autoptr (PwMarketMe) me = NULL;
      g_autoptr (GError) error = NULL;

      pw_market_client_get_me_async (client, NULL, pw_test_on_done, &result);
      me = pw_market_client_get_me_finish (client, pw_test_wait (&result), &error);
      g_assert_null (me);
      g_assert_error (error, PW_ERROR, PW_ERROR_RATE_LIMITED);
      g_assert_cmpint (pw_error_get_retry_after (error), ==, cases[i].seconds);
      g_clear_object (&result);
      pw_test_finalize (client);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/market/resend/lost-answer", test_resend_lost_answer);
  g_test_add_func ("/market/resend/retry-after-cap", test_resend_retry_after_cap);

  return g_test_run ();
}
