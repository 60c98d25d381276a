/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <string.h>

#include "pw-demo-market-test.h"

/* The faults the demo marketplace injects for the client's tests (an answer
 * lost after its commit, 503 and 429 with Retry-After, a slow answer, an
 * expired or reassigned lease, cut JSON, a wrong SHA-256, a redirect to
 * another origin), each as the contract's failure would look, a demo that
 * stops while it holds an answer back, and the --faults= list. */

typedef struct
{
  PwDemoAnswer *claim;
  const char *claim_id;
  const char *task_id;
} Claimed;

static void
claim_one (PwDemoTest *test,
           Claimed    *claimed)
{
  claimed->claim = pw_demo_test_claim (test, "p-street-outlines", 1);
  g_assert_cmpuint (claimed->claim->status, ==, 201);
  claimed->claim_id = pw_demo_answer_string (claimed->claim, "claim_id");
  claimed->task_id = json_object_get_string_member (json_array_get_object_element (pw_demo_answer_array (claimed->claim, "tasks"), 0), "id");
}

static void
test_drop_after_commit (void)
{
  PwDemoTest *test = pw_demo_test_new (1);
  g_autofree char *key = g_uuid_string_random ();
  g_autoptr (PwDemoAnswer) lost = NULL;
  g_autoptr (PwDemoAnswer) retry = NULL;
  Claimed claimed;

  claim_one (test, &claimed);
  pw_demo_market_set_fault (test->market, PW_DEMO_FAULT_DROP_AFTER_COMMIT, 1);
  lost = pw_demo_test_submit (test, claimed.task_id, claimed.claim_id, key);
  g_assert_nonnull (lost->error);
  g_assert_cmpuint (pw_demo_market_count_submissions (test->market, claimed.task_id), ==, 1);

  /* The retry with the same key gets the first answer and no second effect. */
  retry = pw_demo_test_submit (test, claimed.task_id, claimed.claim_id, key);
  g_assert_no_error (retry->error);
  g_assert_cmpuint (retry->status, ==, 200);
  g_assert_cmpstr (pw_demo_answer_string (retry, "task_id"), ==, claimed.task_id);
  g_assert_cmpuint (pw_demo_market_count_submissions (test->market, claimed.task_id), ==, 1);
  g_assert_cmpuint (pw_demo_market_count_submission_requests (test->market, claimed.task_id), ==, 2);
  g_assert_cmpuint (pw_demo_market_get_fault (test->market, PW_DEMO_FAULT_DROP_AFTER_COMMIT), ==, 0);
  pw_demo_answer_free (claimed.claim);
  pw_demo_test_free (test);
}

static void
test_unavailable (void)
{
  PwDemoTest *test = pw_demo_test_new (1);

  pw_demo_market_set_retry_after (test->market, 7);
  pw_demo_market_set_fault (test->market, PW_DEMO_FAULT_UNAVAILABLE, 3);
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr (PwDemoAnswer) busy = pw_demo_test_get (test, "v1/me");

      g_assert_cmpuint (busy->status, ==, 503);
      g_assert_cmpstr (soup_message_headers_get_one (busy->headers, "Retry-After"), ==, "7");
      g_assert_cmpstr (pw_demo_answer_error_code (busy), ==, "unavailable");
    }
  {
    g_autoptr (PwDemoAnswer) fine = pw_demo_test_get (test, "v1/me");

    g_assert_cmpuint (fine->status, ==, 200);
  }
  g_assert_cmpuint (pw_demo_market_count_requests (test->market, PW_DEMO_ENDPOINT_ME), ==, 4);
  pw_demo_test_free (test);
}

static void
test_rate_limited (void)
{
  PwDemoTest *test = pw_demo_test_new (1);
  g_autoptr (PwDemoAnswer) limited = NULL;
  g_autoptr (PwDemoAnswer) fine = NULL;

  pw_demo_market_set_fault (test->market, PW_DEMO_FAULT_RATE_LIMITED, 1);
  limited = pw_demo_test_get (test, "v1/projects");
  fine = pw_demo_test_get (test, "v1/projects");
  g_assert_cmpuint (limited->status, ==, 429);
  g_assert_cmpstr (pw_demo_answer_error_code (limited), ==, "rate_limited");
  g_assert_cmpstr (soup_message_headers_get_one (limited->headers, "Retry-After"), ==, "1");
  g_assert_cmpuint (fine->status, ==, 200);
  pw_demo_test_free (test);
}

static void
test_slow (void)
{
  PwDemoTest *test = pw_demo_test_new (1);
  g_autoptr (PwDemoAnswer) slow = NULL;
  g_autoptr (PwDemoAnswer) quick = NULL;
  gint64 start;

  pw_demo_market_set_slow_delay (test->market, 300);
  pw_demo_market_set_fault (test->market, PW_DEMO_FAULT_SLOW, 1);
  start = g_get_monotonic_time ();
  slow = pw_demo_test_get (test, "v1/me");
  g_assert_cmpuint (slow->status, ==, 200);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 300 * 1000);
  start = g_get_monotonic_time ();
  quick = pw_demo_test_get (test, "v1/me");
  g_assert_cmpuint (quick->status, ==, 200);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 300 * 1000);
  pw_demo_test_free (test);
}

static void
test_slow_then_gone (void)
{
  PwDemoTest *test = pw_demo_test_new (1);
  g_autoptr (GSocketClient) client = g_socket_client_new ();
  g_autoptr (GSocketConnection) connection = NULL;
  g_autoptr (GError) error = NULL;
  const char *request = "GET /api/v1/me HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        "Authorization: Bearer " PW_DEMO_MARKET_TOKEN "\r\n\r\n";

  /* A market dropped while an answer is held back goes cleanly. */
  pw_demo_market_set_slow_delay (test->market, 60000);
  pw_demo_market_set_fault (test->market, PW_DEMO_FAULT_SLOW, 1);
  connection = g_socket_client_connect_to_host (client, "127.0.0.1",
                                                pw_demo_market_get_port (test->market), NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (connection)),
                                            request, strlen (request), NULL, NULL, &error));
  while (pw_demo_market_count_requests (test->market, PW_DEMO_ENDPOINT_ME) == 0)
    g_usleep (1000);
  pw_demo_test_free (test);
  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
}

static void
test_expired_lease (void)
{
  PwDemoTest *test = pw_demo_test_new (1);
  g_autoptr (PwDemoAnswer) submitted = NULL;
  g_autoptr (GDateTime) expires = NULL;
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  Claimed claimed;

  pw_demo_market_set_fault (test->market, PW_DEMO_FAULT_EXPIRED_LEASE, 1);
  claim_one (test, &claimed);
  expires = g_date_time_new_from_iso8601 (pw_demo_answer_string (claimed.claim, "lease_expires_at"), NULL);
  g_assert_cmpint (g_date_time_difference (expires, now), <=, G_TIME_SPAN_SECOND);
  submitted = pw_demo_test_submit (test, claimed.task_id, claimed.claim_id, NULL);
  g_assert_cmpuint (submitted->status, ==, 410);
  g_assert_cmpstr (pw_demo_answer_error_code (submitted), ==, "lease_expired");
  g_assert_cmpuint (pw_demo_market_count_submissions (test->market, claimed.task_id), ==, 0);
  pw_demo_answer_free (claimed.claim);
  pw_demo_test_free (test);
}

static void
test_reassigned (void)
{
  PwDemoTest *test = pw_demo_test_new (1);
  g_autoptr (PwDemoAnswer) first = NULL;
  g_autoptr (PwDemoAnswer) retry = NULL;
  Claimed claimed;

  claim_one (test, &claimed);
  pw_demo_market_set_fault (test->market, PW_DEMO_FAULT_REASSIGNED, 1);
  first = pw_demo_test_submit (test, claimed.task_id, claimed.claim_id, NULL);
  g_assert_cmpuint (first->status, ==, 409);
  g_assert_cmpstr (pw_demo_answer_error_code (first), ==, "reassigned");
  /* It stays someone else's. */
  retry = pw_demo_test_submit (test, claimed.task_id, claimed.claim_id, NULL);
  g_assert_cmpuint (retry->status, ==, 409);
  g_assert_cmpstr (pw_demo_answer_error_code (retry), ==, "reassigned");
  g_assert_cmpuint (pw_demo_market_count_submissions (test->market, claimed.task_id), ==, 0);
  pw_demo_answer_free (claimed.claim);
  pw_demo_test_free (test);
}

static void
test_malformed_json (void)
{
  PwDemoTest *test = pw_demo_test_new (1);
  g_autoptr (PwDemoAnswer) broken = NULL;
  g_autoptr (PwDemoAnswer) fine = NULL;
  g_autoptr (JsonParser) parser = json_parser_new ();

  pw_demo_market_set_fault (test->market, PW_DEMO_FAULT_MALFORMED_JSON, 1);
  broken = pw_demo_test_get (test, "v1/projects");
  g_assert_cmpuint (broken->status, ==, 200);
  g_assert_null (broken->json);
  g_assert_false (json_parser_load_from_data (parser, broken->body, -1, NULL));
  fine = pw_demo_test_get (test, "v1/projects");
  g_assert_nonnull (fine->json);
  pw_demo_test_free (test);
}

static void
test_wrong_sha256 (void)
{
  PwDemoTest *test = pw_demo_test_new (1);
  g_autoptr (PwDemoAnswer) claim = NULL;
  JsonArray *tasks;
  guint wrong = 0;

  pw_demo_market_set_fault (test->market, PW_DEMO_FAULT_WRONG_SHA256, 1);
  claim = pw_demo_test_claim (test, "p-street-outlines", 3);
  tasks = pw_demo_answer_array (claim, "tasks");
  for (guint i = 0; i < json_array_get_length (tasks); i++)
    {
      JsonObject *media = json_object_get_object_member (json_array_get_object_element (tasks, i), "media");
      g_autoptr (PwDemoAnswer) served = pw_demo_test_get (test, json_object_get_string_member (media, "url"));
      g_autofree char *digest = NULL;

      g_assert_cmpuint (served->status, ==, 200);
      g_assert_cmpint (g_bytes_get_size (served->bytes), ==, json_object_get_int_member (media, "bytes"));
      digest = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, served->bytes);
      wrong += !g_str_equal (digest, json_object_get_string_member (media, "sha256"));
    }
  g_assert_cmpuint (wrong, ==, 1);
  pw_demo_test_free (test);
}

static void
test_redirect (void)
{
  PwDemoTest *test = pw_demo_test_new (1);
  PwDemoTest *other = pw_demo_test_new (2);
  g_autoptr (PwDemoAnswer) moved = NULL;
  g_autoptr (PwDemoAnswer) followed = NULL;
  g_autofree char *expected = g_strconcat (other->base_url, "v1/projects?x=1", NULL);
  g_auto (GStrv) seen_here = NULL;
  g_auto (GStrv) seen_there = NULL;
  const char *location;

  pw_demo_market_set_redirect_target (test->market, other->base_url);
  pw_demo_market_set_fault (test->market, PW_DEMO_FAULT_REDIRECT, 1);
  moved = pw_demo_test_get (test, "v1/projects?x=1");
  g_assert_cmpuint (moved->status, ==, 302);
  location = soup_message_headers_get_one (moved->headers, "Location");
  g_assert_cmpstr (location, ==, expected);
  g_assert_false (g_str_has_prefix (location, test->origin));

  /* A careful client follows it without the token. */
  followed = pw_demo_test_request (other, "GET", location, NULL, NULL, NULL);
  g_assert_cmpuint (followed->status, ==, 401);

  seen_here = pw_demo_market_dup_authorizations (test->market, test->origin);
  g_assert_cmpuint (g_strv_length (seen_here), ==, 1);
  g_assert_cmpstr (seen_here[0], ==, "Bearer " PW_DEMO_MARKET_TOKEN);
  seen_there = pw_demo_market_dup_authorizations (other->market, other->origin);
  g_assert_cmpuint (g_strv_length (seen_there), ==, 1);
  g_assert_cmpstr (seen_there[0], ==, "");
  pw_demo_test_free (other);
  pw_demo_test_free (test);
}

static void
test_faults_from_string (void)
{
  PwDemoTest *test = pw_demo_test_new (1);
  g_autoptr (GError) error = NULL;

  g_assert_true (pw_demo_market_set_faults_from_string (test->market, "unavailable:3, slow,wrong-sha256:0",
                                                        &error));
  g_assert_no_error (error);
  g_assert_cmpuint (pw_demo_market_get_fault (test->market, PW_DEMO_FAULT_UNAVAILABLE), ==, 3);
  g_assert_cmpuint (pw_demo_market_get_fault (test->market, PW_DEMO_FAULT_SLOW), ==, 1);
  g_assert_cmpuint (pw_demo_market_get_fault (test->market, PW_DEMO_FAULT_WRONG_SHA256), ==, 0);
  g_assert_false (pw_demo_market_set_faults_from_string (test->market, "unavailable:3,melt", &error));
  g_assert_error (error, PW_ERROR, PW_ERROR_INVALID_DATA);
  g_clear_error (&error);
  g_assert_false (pw_demo_market_set_faults_from_string (test->market, "slow:x", &error));
  g_assert_error (error, PW_ERROR, PW_ERROR_INVALID_DATA);
  /* A refused list changes nothing. */
  g_assert_cmpuint (pw_demo_market_get_fault (test->market, PW_DEMO_FAULT_UNAVAILABLE), ==, 3);
  pw_demo_market_set_fault (test->market, PW_DEMO_FAULT_UNAVAILABLE, 0);
  pw_demo_market_set_fault (test->market, PW_DEMO_FAULT_SLOW, 0);
  pw_demo_test_free (test);
}

int
main (int   argc,
      char *argv[])
{
  pw_demo_test_init (&argc, &argv);

  g_test_add_func ("/demo-market/fault/drop-after-commit", test_drop_after_commit);
  g_test_add_func ("/demo-market/fault/unavailable", test_unavailable);
  g_test_add_func ("/demo-market/fault/rate-limited", test_rate_limited);
  g_test_add_func ("/demo-market/fault/slow", test_slow);
  g_test_add_func ("/demo-market/fault/slow-then-gone", test_slow_then_gone);
  g_test_add_func ("/demo-market/fault/expired-lease", test_expired_lease);
  g_test_add_func ("/demo-market/fault/reassigned", test_reassigned);
  g_test_add_func ("/demo-market/fault/malformed-json", test_malformed_json);
  g_test_add_func ("/demo-market/fault/wrong-sha256", test_wrong_sha256);
  g_test_add_func ("/demo-market/fault/redirect", test_redirect);
  g_test_add_func ("/demo-market/fault/from-string", test_faults_from_string);

  return g_test_run ();
}
