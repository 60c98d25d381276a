/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include "pw-market-test.h"

/* The marketplace client's calls against a marketplace of the test's own:
 * each call's request and the value it reads back, the final states of a
 * submission, every error status mapped to its PW_ERROR code and message,
 * answers that are broken, plain HTTP and redirects that would leak the
 * token, cancelling, a network that is down, and one Idempotency-Key per
 * submission however often it is sent. */

#define ME "{\"worker_id\": \"w-17\", \"name\": \"Ana\", \"currency\": \"USD\", \"since\": 2024}"
#define PROJECTS \
  "{\"projects\": [{\"id\": \"p-cars\", \"name\": \"Street scenes: vehicles\", \"kind\": \"image\"," \
  " \"pay\": {\"amount\": \"0.04\", \"currency\": \"USD\", \"per\": \"task\"}," \
  " \"labels\": [{\"name\": \"car\"}], \"tools\": [\"bbox\"], \"available_tasks\": 1200}," \
  " {\"id\": \"p-qual\", \"name\": \"Qualification\", \"kind\": \"text\"," \
  " \"pay\": {\"amount\": \"0\", \"currency\": \"USD\", \"per\": \"hour\"}}]}"
#define CLAIM \
  "{\"claim_id\": \"c-9f2\", \"lease_expires_at\": \"2026-11-28T14:00:00Z\", \"tasks\": [" \
  "{\"id\": \"t-123\", \"project_id\": \"p-cars\", \"kind\": \"image\"," \
  " \"pay\": {\"amount\": \"0.04\", \"currency\": \"USD\"}," \
  " \"media\": {\"url\": \"media/t-123.jpg\", \"bytes\": 5}, \"text\": null, \"prefill\": null}]}"

/* A marketplace that follows the contract. */

typedef struct
{
  PwTestMarket *market;
  char         *submission_key;
  char         *submission_body;
  guint         n_submissions;
} Contract;

static void
contract_submission (Contract          *contract,
                     SoupServerMessage *msg)
{
  const char *key = contract->market->last_idempotency_key;
  const char *body = contract->market->last_body;
  const char *receipt = "{\"submission_id\": \"s-77\", \"task_id\": \"t-123\", \"status\": \"pending_review\"}";

  if (key == NULL)
    pw_test_market_reply (msg, 400, "{\"error\": {\"code\": \"bad_request\", \"message\": \"no key\"}}");
  else if (contract->submission_key == NULL)
    {
      contract->submission_key = g_strdup (key);
      contract->submission_body = g_strdup (body);
      contract->n_submissions++;
      pw_test_market_reply (msg, 201, receipt);
    }
  else if (g_str_equal (key, contract->submission_key) && g_str_equal (body, contract->submission_body))
    pw_test_market_reply (msg, 200, receipt);
  else if (g_str_equal (key, contract->submission_key))
    pw_test_market_reply (msg, 422, "{\"error\": {\"code\": \"idempotency_mismatch\", \"message\": \"other body\"}}");
  else
    pw_test_market_reply (msg, 409, "{\"error\": {\"code\": \"already_submitted\", \"message\": \"done\"}}");
}

static void
contract_handler (SoupServer        *server,
                  SoupServerMessage *msg,
                  const char        *path,
                  GHashTable        *query,
                  gpointer           user_data)
{
  Contract *contract = user_data;
  const char *method = soup_server_message_get_method (msg);

  pw_test_market_record (contract->market, msg);
  if (g_strcmp0 (contract->market->last_authorization, "Bearer " PW_MARKET_TEST_TOKEN) != 0)
    pw_test_market_reply (msg, 401, "{\"error\": {\"code\": \"unauthorized\", \"message\": \"who?\"}}");
  else if (g_str_equal (method, "GET") && g_str_equal (path, "/api/v1/me"))
    pw_test_market_reply (msg, 200, ME);
  else if (g_str_equal (method, "GET") && g_str_equal (path, "/api/v1/projects"))
    pw_test_market_reply (msg, 200, PROJECTS);
  else if (g_str_equal (method, "POST") && g_str_equal (path, "/api/v1/projects/p-cars/claims"))
    pw_test_market_reply (msg, 201, CLAIM);
  else if (g_str_equal (method, "POST") && g_str_equal (path, "/api/v1/projects/p-cars-qual/claims"))
    pw_test_market_reply (msg, 403, "{\"error\": {\"code\": \"not_qualified\", \"message\": \"Take p-cars-qual\"}}");
  else if (g_str_equal (method, "POST") && g_str_equal (path, "/api/v1/claims/c-9f2/release"))
    pw_test_market_reply (msg, 200, "{\"released\": 2}");
  else if (g_str_equal (method, "PUT") && g_str_equal (path, "/api/v1/tasks/t-123/submission"))
    contract_submission (contract, msg);
  else if (g_str_equal (method, "GET") && g_str_equal (path, "/api/v1/statement") && query == NULL)
    pw_test_market_reply (msg, 200, "{\"entries\": [{\"id\": \"e-1\", \"type\": \"task\", \"task_id\": \"t-1\","
                                    " \"status\": \"pending\", \"amount\": \"0.04\", \"currency\": \"USD\","
                                    " \"at\": \"2026-11-29T09:00:00Z\"}], \"next\": \"page 2/&\"}");
  else if (g_str_equal (method, "GET") && g_str_equal (path, "/api/v1/statement")
           && g_strcmp0 (g_hash_table_lookup (query, "after"), "page 2/&") == 0)
    pw_test_market_reply (msg, 200, "{\"entries\": [{\"id\": \"e-1\", \"type\": \"task\", \"task_id\": \"t-1\","
                                    " \"status\": \"approved\", \"amount\": \"0.04\", \"currency\": \"USD\","
                                    " \"at\": \"2026-11-29T10:00:00Z\"}], \"next\": null}");
  else
    pw_test_market_reply (msg, 404, "{\"error\": {\"code\": \"not_found\", \"message\": \"no such thing\"}}");
}

static Contract *
contract_new (void)
{
  Contract *contract = g_new0 (Contract, 1);

  contract->market = pw_test_market_new (contract_handler, contract);
  return contract;
}

static void
contract_free (Contract *contract)
{
  pw_test_market_free (contract->market);
  g_free (contract->submission_key);
  g_free (contract->submission_body);
  g_free (contract);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Contract, contract_free)

static PwSubmissionResult *
submit (PwMarketClient *client,
        const char     *key,
        const char     *annotation_json,
        GError        **error)
{
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (JsonNode) annotation = json_from_string (annotation_json, NULL);
  g_autoptr (GDateTime) at = g_date_time_new_utc (2026, 11, 28, 13, 12, 9);
  g_autofree char *body = pw_market_submission_body_new ("c-9f2", annotation, 41.5, at);

  pw_market_client_submit_async (client, "t-123", key, body, NULL, pw_test_on_done, &result);
  return pw_market_client_submit_finish (client, pw_test_wait (&result), error);
}

static void
test_client_calls (void)
{
  g_autoptr (Contract) contract = contract_new ();
  PwMarketClient *client = pw_test_client_new (contract->market->base_url);
  g_autoptr (GAsyncResult) me_result = NULL;
  g_autoptr (GAsyncResult) projects_result = NULL;
  g_autoptr (GAsyncResult) claim_result = NULL;
  g_autoptr (GAsyncResult) release_result = NULL;
  g_autoptr (GAsyncResult) first_page_result = NULL;
  g_autoptr (GAsyncResult) next_page_result = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (PwMarketMe) me = NULL;
  g_autoptr (GPtrArray) projects = NULL;
  g_autoptr (PwClaim) claim = NULL;
  g_autoptr (PwSubmissionResult) first = NULL;
  g_autoptr (PwSubmissionResult) replay = NULL;
  g_autoptr (PwStatementPage) first_page = NULL;
  g_autoptr (PwStatementPage) next_page = NULL;
  g_autofree char *key = pw_market_new_idempotency_key ();
  const char *task_ids[] = { "t-123", "t-124", NULL };
  guint released = 0;

  g_assert_cmpstr (pw_market_client_get_base_url (client), ==, contract->market->base_url);

  pw_market_client_get_me_async (client, NULL, pw_test_on_done, &me_result);
  me = pw_market_client_get_me_finish (client, pw_test_wait (&me_result), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pw_market_me_get_worker_id (me), ==, "w-17");

  pw_market_client_list_projects_async (client, NULL, pw_test_on_done, &projects_result);
  projects = pw_market_client_list_projects_finish (client, pw_test_wait (&projects_result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (projects->len, ==, 2);
  g_assert_cmpstr (pw_project_get_id (g_ptr_array_index (projects, 0)), ==, "p-cars");
  g_assert_true (pw_project_is_unpaid (g_ptr_array_index (projects, 1)));

  pw_market_client_claim_async (client, "p-cars", 20, NULL, pw_test_on_done, &claim_result);
  claim = pw_market_client_claim_finish (client, pw_test_wait (&claim_result), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pw_claim_get_id (claim), ==, "c-9f2");
  g_assert_cmpuint (pw_claim_get_tasks (claim)->len, ==, 1);
  g_assert_cmpstr (contract->market->last_body, ==, "{\"count\":20}");

  pw_market_client_release_async (client, "c-9f2", task_ids, NULL, pw_test_on_done, &release_result);
  g_assert_true (pw_market_client_release_finish (client, pw_test_wait (&release_result), &released, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (released, ==, 2);
  g_assert_cmpstr (contract->market->last_body, ==, "{\"task_ids\":[\"t-123\",\"t-124\"]}");

  /* The first time, then the same key and body again after a lost answer:
   * one submission, and the second call knows it was a replay. */
  first = submit (client, key, "{\"shapes\": []}", &error);
  g_assert_no_error (error);
  g_assert_false (pw_submission_result_is_replay (first));
  g_assert_cmpstr (pw_submission_result_get_id (first), ==, "s-77");
  g_assert_cmpint (pw_submission_result_get_status (first), ==, PW_SUBMISSION_PENDING_REVIEW);
  g_assert_cmpstr (contract->market->last_idempotency_key, ==, key);
  g_assert_cmpstr (contract->market->last_body, ==,
                   "{\"claim_id\":\"c-9f2\",\"annotation\":{\"shapes\":[]},"
                   "\"active_seconds\":41.5,\"submitted_at\":\"2026-11-28T13:12:09Z\"}");
  replay = submit (client, key, "{\"shapes\": []}", &error);
  g_assert_no_error (error);
  g_assert_true (pw_submission_result_is_replay (replay));
  g_assert_cmpuint (contract->n_submissions, ==, 1);

  pw_market_client_statement_async (client, NULL, NULL, pw_test_on_done, &first_page_result);
  first_page = pw_market_client_statement_finish (client, pw_test_wait (&first_page_result), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pw_statement_page_get_next (first_page), ==, "page 2/&");

  pw_market_client_statement_async (client, pw_statement_page_get_next (first_page), NULL,
                                    pw_test_on_done, &next_page_result);
  next_page = pw_market_client_statement_finish (client, pw_test_wait (&next_page_result), &error);
  g_assert_no_error (error);
  g_assert_null (pw_statement_page_get_next (next_page));
  g_assert_cmpint (pw_statement_entry_get_status (g_ptr_array_index (pw_statement_page_get_entries (next_page), 0)),
                   ==, PW_ENTRY_APPROVED);

  /* Each result holds the client. */
  g_clear_object (&me_result);
  g_clear_object (&projects_result);
  g_clear_object (&claim_result);
  g_clear_object (&release_result);
  g_clear_object (&first_page_result);
  g_clear_object (&next_page_result);
  pw_test_finalize (client);
}

static void
test_client_final_states (void)
{
  g_autoptr (Contract) contract = contract_new ();
  PwMarketClient *client = pw_test_client_new (contract->market->base_url);
  g_autoptr (PwSubmissionResult) first = NULL;
  g_autoptr (PwSubmissionResult) mismatch = NULL;
  g_autoptr (PwSubmissionResult) conflict = NULL;
  g_autoptr (GError) mismatch_error = NULL;
  g_autoptr (GError) conflict_error = NULL;
  g_autoptr (GError) qualification_error = NULL;
  g_autoptr (GAsyncResult) qualification_result = NULL;
  g_autoptr (PwClaim) claim = NULL;
  g_autofree char *key = pw_market_new_idempotency_key ();
  g_autofree char *other_key = pw_market_new_idempotency_key ();

  first = submit (client, key, "{\"shapes\": []}", NULL);
  g_assert_nonnull (first);

  mismatch = submit (client, key, "{\"shapes\": [], \"choices\": [\"x\"]}", &mismatch_error);
  g_assert_null (mismatch);
  g_assert_error (mismatch_error, PW_ERROR, PW_ERROR_IDEMPOTENCY_MISMATCH);
  g_assert_cmpuint (pw_error_get_http_status (mismatch_error), ==, 422);
  g_assert_cmpstr (pw_error_get_remote_code (mismatch_error), ==, "idempotency_mismatch");

  conflict = submit (client, other_key, "{\"shapes\": []}", &conflict_error);
  g_assert_null (conflict);
  g_assert_error (conflict_error, PW_ERROR, PW_ERROR_CONFLICT);
  g_assert_cmpstr (pw_error_get_remote_code (conflict_error), ==, "already_submitted");
  g_assert_cmpuint (contract->n_submissions, ==, 1);

  pw_market_client_claim_async (client, "p-cars-qual", 1, NULL, pw_test_on_done, &qualification_result);
  claim = pw_market_client_claim_finish (client, pw_test_wait (&qualification_result), &qualification_error);
  g_assert_null (claim);
  g_assert_error (qualification_error, PW_ERROR, PW_ERROR_FORBIDDEN);
  g_assert_cmpstr (pw_error_get_remote_code (qualification_error), ==, "not_qualified");
  g_assert_cmpstr (qualification_error->message, ==,
                   "Pass the project’s qualification first. The marketplace says: “Take p-cars-qual”");

  /* Each result holds the client. */
  g_clear_object (&qualification_result);
  pw_test_finalize (client);
}

/* A marketplace that answers every request the same way. */

typedef struct
{
  guint       status;
  const char *body;
  const char *retry_after;
  gboolean    chunked;
  char       *big_body;
} Answer;

static Answer answer;

static void
answer_handler (SoupServer        *server,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  PwTestMarket *market = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  const char *body = answer.big_body != NULL ? answer.big_body : answer.body;

  pw_test_market_record (market, msg);
  soup_server_message_set_status (msg, answer.status, NULL);
  if (answer.retry_after != NULL)
    soup_message_headers_replace (headers, "Retry-After", answer.retry_after);
  if (answer.chunked)
    soup_message_headers_set_encoding (headers, SOUP_ENCODING_CHUNKED);
  if (body != NULL)
    soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, body, strlen (body));
}

static GError *
get_me_error (PwMarketClient *client)
{
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (PwMarketMe) me = NULL;
  GError *error = NULL;

  pw_market_client_get_me_async (client, NULL, pw_test_on_done, &result);
  me = pw_market_client_get_me_finish (client, pw_test_wait (&result), &error);
  g_assert_null (me);
  g_assert_nonnull (error);
  return error;
}

static void
test_client_statuses (void)
{
  const struct
  {
    guint       status;
    const char *body;
    const char *retry_after;
    int         code;
    const char *remote_code;
    gint64      seconds;
    const char *message;
  } cases[] = {
    { 400, "{\"error\": {\"code\": \"bad_request\", \"message\": \"no\"}}", NULL,
      PW_ERROR_BAD_REQUEST, "bad_request", -1, "The marketplace refused the request as malformed." },
    { 401, "{\"error\": {\"code\": \"unauthorized\"}}", NULL,
      PW_ERROR_UNAUTHORIZED, "unauthorized", -1, "The marketplace refused the token; sign in again." },
    { 403, "{\"error\": {\"code\": \"forbidden\"}}", NULL,
      PW_ERROR_FORBIDDEN, "forbidden", -1, "The marketplace does not allow this." },
    { 404, NULL, NULL, PW_ERROR_NOT_FOUND, NULL, -1, NULL },
    { 409, "{\"error\": {\"code\": \"already_submitted\"}}", NULL,
      PW_ERROR_CONFLICT, "already_submitted", -1, NULL },
    { 409, "{\"error\": {\"code\": \"reassigned\", \"message\": \"gone to w-3\"}}", NULL,
      PW_ERROR_REASSIGNED, "reassigned", -1,
      "The marketplace gave this task to someone else. The work is kept here. The marketplace says: “gone to w-3”" },
    { 410, "{\"error\": {\"code\": \"lease_expired\"}}", NULL,
      PW_ERROR_LEASE_EXPIRED, "lease_expired", -1, "The lease on this task ran out. The work is kept here." },
    { 413, "{\"error\": {\"code\": \"too_large\"}}", NULL, PW_ERROR_TOO_LARGE, "too_large", -1, NULL },
    { 422, "{\"error\": {\"code\": \"idempotency_mismatch\"}}", NULL,
      PW_ERROR_IDEMPOTENCY_MISMATCH, "idempotency_mismatch", -1, NULL },
    { 429, "{\"error\": {\"code\": \"rate_limited\"}}", "7", PW_ERROR_RATE_LIMITED, "rate_limited", 7, NULL },
    { 500, "oops, not JSON", NULL, PW_ERROR_SERVER, NULL, -1,
      "The marketplace had a problem (HTTP 500); try again later." },
    { 503, NULL, "120", PW_ERROR_SERVER, NULL, 120, NULL },
    { 503, NULL, "Wed, 21 Oct 2015 07:28:00 GMT", PW_ERROR_SERVER, NULL, 0, NULL },
    { 503, NULL, "soon", PW_ERROR_SERVER, NULL, -1, NULL },
    { 418, "{\"error\": 5}", NULL, PW_ERROR_PROTOCOL, NULL, -1,
      "The marketplace answered HTTP 418, which the contract does not allow." },
    { 304, NULL, NULL, PW_ERROR_PROTOCOL, NULL, -1, NULL },
  };
  g_autoptr (PwTestMarket) market = pw_test_market_new (answer_handler, NULL);
  PwMarketClient *client = pw_test_client_new (market->base_url);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;

      answer = (Answer) { cases[i].status, cases[i].body, cases[i].retry_after, FALSE, NULL };
      error = get_me_error (client);
      g_test_message ("HTTP %u: %s", cases[i].status, error->message);
      g_assert_error (error, PW_ERROR, cases[i].code);
      g_assert_cmpuint (pw_error_get_http_status (error), ==, cases[i].status);
      g_assert_cmpstr (pw_error_get_remote_code (error), ==, cases[i].remote_code);
      g_assert_cmpint (pw_error_get_retry_after (error), ==, cases[i].seconds);
      if (cases[i].message != NULL)
        g_assert_true (g_str_has_prefix (error->message, cases[i].message));
    }

  pw_test_finalize (client);
}

/* A marketplace's own message is shown, but only so much of it. */
static void
test_client_long_message (void)
{
  g_autoptr (PwTestMarket) market = pw_test_market_new (answer_handler, NULL);
  g_autoptr (GString) body = g_string_new ("{\"error\": {\"code\": \"forbidden\", \"message\": \"");
  g_autoptr (GError) error = NULL;
  PwMarketClient *client = pw_test_client_new (market->base_url);

  for (guint i = 0; i < 200; i++)
    g_string_append (body, "éé");
  g_string_append (body, "\"}}");
  answer = (Answer) { 403, NULL, NULL, FALSE, body->str };
  error = get_me_error (client);
  answer.big_body = NULL;

  g_assert_error (error, PW_ERROR, PW_ERROR_FORBIDDEN);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  g_assert_nonnull (strstr (error->message, "“éé"));
  g_assert_cmpuint (g_utf8_strlen (error->message, -1), ==,
                    g_utf8_strlen ("The marketplace does not allow this. The marketplace says: “”", -1) + 300);

  pw_test_finalize (client);
}

static char *
nested (guint depth)
{
  GString *text = g_string_new ("{\"worker_id\": ");

  for (guint i = 0; i < depth; i++)
    g_string_append_c (text, '[');
  for (guint i = 0; i < depth; i++)
    g_string_append_c (text, ']');
  g_string_append (text, ", \"name\": \"Ana\", \"currency\": \"USD\"}");
  return g_string_free (text, FALSE);
}

static char *
huge (void)
{
  gsize size = 33 * 1024 * 1024;
  char *text = g_malloc (size + 1);

  memset (text, ' ', size);
  memcpy (text, "{\"name\": \"", 10);
  memcpy (text + size - 2, "\"}", 2);
  text[size] = '\0';
  return text;
}

static void
test_client_bad_answers (void)
{
  const struct
  {
    const char *body;
    gboolean    big;
    gboolean    chunked;
    guint       depth;
    const char *message;
  } cases[] = {
    { "{\"worker_id\": \"w-17\", \"name\": ", FALSE, FALSE, 0,
      "The marketplace broke the contract: “GET v1/me” is not valid JSON" },
    { "", FALSE, FALSE, 0, "The marketplace broke the contract: “GET v1/me” is empty" },
    { NULL, TRUE, FALSE, 0, "The marketplace’s answer to GET v1/me is larger than 1.0\u00a0MiB and was not read." },
    { NULL, TRUE, TRUE, 0, "The marketplace’s answer to GET v1/me is larger than 1.0\u00a0MiB and was not read." },
    { NULL, FALSE, FALSE, 100,
      "The marketplace broke the contract: “GET v1/me” is nested deeper than 64 levels" },
    { "{\"name\": \"Ana\", \"currency\": \"USD\"}", FALSE, FALSE, 0,
      "The marketplace broke the contract in its answer to GET v1/me: me: the member “worker_id” is missing" },
    { "{\"worker_id\": 17, \"name\": \"Ana\", \"currency\": \"USD\"}", FALSE, FALSE, 0,
      "The marketplace broke the contract in its answer to GET v1/me: me: the member “worker_id” must be a string" },
    { "[\"w-17\"]", FALSE, FALSE, 0,
      "The marketplace broke the contract in its answer to GET v1/me: me must be a JSON object" },
  };
  g_autoptr (PwTestMarket) market = pw_test_market_new (answer_handler, NULL);
  PwMarketClient *client = pw_test_client_new (market->base_url);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autofree char *body = NULL;

      if (cases[i].big)
        body = huge ();
      else if (cases[i].depth > 0)
        body = nested (cases[i].depth);
      answer = (Answer) { 200, cases[i].body, NULL, cases[i].chunked, body };
      error = get_me_error (client);
      g_test_message ("%u: %s", i, error->message);
      g_assert_error (error, PW_ERROR, PW_ERROR_PROTOCOL);
      g_assert_true (g_str_has_prefix (error->message, cases[i].message));
      answer.big_body = NULL;
    }

  pw_test_finalize (client);
}

static void
test_client_insecure (void)
{
  const char *refused[] = {
    "http://market.example.com/api/", "http://10.0.0.1/api/", "http://localhost.example.com/",
    "http://[2001:db8::1]/api/",
  };
  const char *accepted[] = {
    "https://market.example.com/api/", "http://localhost:8080/api/", "http://127.0.0.1/",
    "http://127.3.2.1:9/api", "http://[::1]:8080/api/", "HTTP://LOCALHOST/",
  };
  g_autoptr (GError) ftp_error = NULL;
  g_autoptr (GError) junk_error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr (GError) error = NULL;

      g_assert_null (pw_market_client_new (refused[i], "t", &error));
      g_assert_error (error, PW_ERROR, PW_ERROR_INSECURE);
      g_assert_nonnull (strstr (error->message, "only over HTTPS"));
    }
  for (guint i = 0; i < G_N_ELEMENTS (accepted); i++)
    {
      g_autoptr (GError) error = NULL;
      PwMarketClient *client = pw_market_client_new (accepted[i], "t", &error);

      g_assert_no_error (error);
      g_assert_true (g_str_has_suffix (pw_market_client_get_base_url (client), "/"));
      pw_test_finalize (client);
    }

  g_assert_null (pw_market_client_new ("ftp://market.example.com/", "t", &ftp_error));
  g_assert_error (ftp_error, PW_ERROR, PW_ERROR_INVALID_DATA);
  g_assert_null (pw_market_client_new ("not a url", "t", &junk_error));
  g_assert_error (junk_error, PW_ERROR, PW_ERROR_INVALID_DATA);
}

/* Redirects */

typedef struct
{
  PwTestMarket *market;
  PwTestMarket *elsewhere;
} Redirects;

static void
redirect_handler (SoupServer        *server,
                  SoupServerMessage *msg,
                  const char        *path,
                  GHashTable        *query,
                  gpointer           user_data)
{
  Redirects *redirects = user_data;
  g_autofree char *elsewhere = NULL;

  pw_test_market_record (redirects->market, msg);
  if (g_str_equal (path, "/api/v1/me"))
    soup_server_message_set_redirect (msg, 302, "/moved/v1/me");
  else if (g_str_equal (path, "/moved/v1/me"))
    pw_test_market_reply (msg, 200, ME);
  else if (g_str_equal (path, "/api/v1/tasks/t-123/submission"))
    soup_server_message_set_redirect (msg, 308, "/moved/submission");
  else if (g_str_equal (path, "/moved/submission"))
    pw_test_market_reply (msg, 201, "{\"submission_id\": \"s-1\", \"task_id\": \"t-123\", \"status\": \"approved\"}");
  else if (g_str_equal (path, "/api/v1/projects"))
    {
      elsewhere = g_strdup_printf ("%s/api/v1/projects", redirects->elsewhere->origin);
      soup_server_message_set_redirect (msg, 307, elsewhere);
    }
  else if (g_str_equal (path, "/api/v1/statement"))
    soup_server_message_set_redirect (msg, 302, "/api/v1/statement");
  else if (g_str_equal (path, "/api/v1/projects/p-cars/claims"))
    soup_server_message_set_redirect (msg, 302, "/moved/claims");
  else
    pw_test_market_reply (msg, 404, NULL);
}

static void
elsewhere_handler (SoupServer        *server,
                   SoupServerMessage *msg,
                   const char        *path,
                   GHashTable        *query,
                   gpointer           user_data)
{
  Redirects *redirects = user_data;

  pw_test_market_record (redirects->elsewhere, msg);
  pw_test_market_reply (msg, 200, PROJECTS);
}

static void
test_client_redirects (void)
{
  Redirects redirects;
  PwMarketClient *client;
  g_autoptr (GAsyncResult) me_result = NULL;
  g_autoptr (GAsyncResult) projects_result = NULL;
  g_autoptr (GAsyncResult) loop_result = NULL;
  g_autoptr (GAsyncResult) claim_result = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GError) cross_error = NULL;
  g_autoptr (GError) loop_error = NULL;
  g_autoptr (GError) claim_error = NULL;
  g_autoptr (PwMarketMe) me = NULL;
  g_autoptr (PwSubmissionResult) submitted = NULL;
  g_autoptr (GPtrArray) projects = NULL;
  g_autoptr (PwStatementPage) page = NULL;
  g_autoptr (PwClaim) claim = NULL;

  redirects.market = pw_test_market_new (redirect_handler, &redirects);
  redirects.elsewhere = pw_test_market_new (elsewhere_handler, &redirects);
  client = pw_test_client_new (redirects.market->base_url);

  /* On the same origin, followed, with the token. */
  pw_market_client_get_me_async (client, NULL, pw_test_on_done, &me_result);
  me = pw_market_client_get_me_finish (client, pw_test_wait (&me_result), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pw_market_me_get_name (me), ==, "Ana");
  g_assert_cmpstr (redirects.market->last_path, ==, "/moved/v1/me");
  g_assert_cmpstr (redirects.market->last_authorization, ==, "Bearer " PW_MARKET_TEST_TOKEN);

  /* A 308 repeats the submission as it was, key and body. */
  submitted = submit (client, "3b241101-e2bb-4255-8caf-4136c566a962", "{\"shapes\": []}", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (redirects.market->last_path, ==, "/moved/submission");
  g_assert_cmpstr (redirects.market->last_idempotency_key, ==, "3b241101-e2bb-4255-8caf-4136c566a962");
  g_assert_true (g_str_has_prefix (redirects.market->last_body, "{\"claim_id\":\"c-9f2\""));

  /* To another origin: refused, and the other server hears nothing. */
  pw_market_client_list_projects_async (client, NULL, pw_test_on_done, &projects_result);
  projects = pw_market_client_list_projects_finish (client, pw_test_wait (&projects_result), &cross_error);
  g_assert_null (projects);
  g_assert_error (cross_error, PW_ERROR, PW_ERROR_PROTOCOL);
  g_assert_nonnull (strstr (cross_error->message, "another site"));
  g_assert_cmpuint (pw_error_get_http_status (cross_error), ==, 307);
  g_assert_cmpuint (redirects.elsewhere->n_requests, ==, 0);
  g_assert_null (redirects.elsewhere->last_authorization);

  /* A loop ends after five redirects. */
  redirects.market->n_requests = 0;
  pw_market_client_statement_async (client, NULL, NULL, pw_test_on_done, &loop_result);
  page = pw_market_client_statement_finish (client, pw_test_wait (&loop_result), &loop_error);
  g_assert_null (page);
  g_assert_error (loop_error, PW_ERROR, PW_ERROR_PROTOCOL);
  g_assert_nonnull (strstr (loop_error->message, "more than 5 times"));
  g_assert_cmpuint (redirects.market->n_requests, ==, 6);

  /* A 302 would turn the claim into a GET. */
  pw_market_client_claim_async (client, "p-cars", 3, NULL, pw_test_on_done, &claim_result);
  claim = pw_market_client_claim_finish (client, pw_test_wait (&claim_result), &claim_error);
  g_assert_null (claim);
  g_assert_error (claim_error, PW_ERROR, PW_ERROR_PROTOCOL);

  /* Each result holds the client. */
  g_clear_object (&me_result);
  g_clear_object (&projects_result);
  g_clear_object (&loop_result);
  g_clear_object (&claim_result);
  pw_test_finalize (client);
  pw_test_market_free (redirects.elsewhere);
  pw_test_market_free (redirects.market);
}

/* Answers that never come, and connections that break */

static void
pause_handler (SoupServer        *server,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  PwTestMarket *market = user_data;

  pw_test_market_record (market, msg);
  soup_server_message_pause (msg);
}

static void
reset_handler (SoupServer        *server,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  PwTestMarket *market = user_data;
  g_autoptr (GIOStream) stream = NULL;

  pw_test_market_record (market, msg);
  stream = soup_server_message_steal_connection (msg);
  g_io_stream_close (stream, NULL, NULL);
}

static void
test_client_cancel (void)
{
  g_autoptr (PwTestMarket) market = pw_test_market_new (pause_handler, NULL);
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) projects = NULL;
  PwMarketClient *client = pw_test_client_new (market->base_url);

  pw_market_client_list_projects_async (client, cancellable, pw_test_on_done, &result);
  while (market->n_requests == 0)
    g_main_context_iteration (NULL, TRUE);
  g_cancellable_cancel (cancellable);
  projects = pw_market_client_list_projects_finish (client, pw_test_wait (&result), &error);
  g_assert_null (projects);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  /* Each result holds the client. */
  g_clear_object (&result);
  pw_test_finalize (client);
}

static void
test_client_network (void)
{
  g_autoptr (PwTestMarket) silent = pw_test_market_new (pause_handler, NULL);
  g_autoptr (PwTestMarket) broken = pw_test_market_new (reset_handler, NULL);
  g_autoptr (GError) timeout_error = NULL;
  g_autoptr (GError) reset_error = NULL;
  g_autoptr (GError) refused_error = NULL;
  g_autofree char *gone_url = NULL;
  PwMarketClient *client = pw_test_client_new (silent->base_url);
  PwMarketClient *reset_client = pw_test_client_new (broken->base_url);
  PwMarketClient *gone_client;

  g_assert_cmpuint (pw_market_client_get_timeout (client), ==, 15);
  g_assert_cmpuint (pw_market_client_get_idle_timeout (client), ==, 60);
  pw_market_client_set_timeout (client, 1);
  pw_market_client_set_idle_timeout (client, 5);
  g_assert_cmpuint (pw_market_client_get_timeout (client), ==, 1);
  g_assert_cmpuint (pw_market_client_get_idle_timeout (client), ==, 5);

  timeout_error = get_me_error (client);
  g_assert_error (timeout_error, PW_ERROR, PW_ERROR_NETWORK);
  g_assert_true (g_str_has_prefix (timeout_error->message, "Could not reach the marketplace: "));

  reset_error = get_me_error (reset_client);
  g_assert_error (reset_error, PW_ERROR, PW_ERROR_NETWORK);

  /* Nobody listens on a port a server let go of. */
  {
    PwTestMarket *gone = pw_test_market_new (pause_handler, NULL);

    gone_url = g_strdup (gone->base_url);
    pw_test_market_free (gone);
  }
  gone_client = pw_test_client_new (gone_url);
  refused_error = get_me_error (gone_client);
  g_assert_error (refused_error, PW_ERROR, PW_ERROR_NETWORK);

  pw_test_finalize (client);
  pw_test_finalize (reset_client);
  pw_test_finalize (gone_client);
}

static void
test_client_idempotency_key (void)
{
  g_autofree char *first = pw_market_new_idempotency_key ();
  g_autofree char *second = pw_market_new_idempotency_key ();

  g_assert_true (g_uuid_string_is_valid (first));
  g_assert_cmpint (first[14], ==, '4');
  g_assert_cmpstr (first, !=, second);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/market/client/calls", test_client_calls);
  g_test_add_func ("/market/client/final-states", test_client_final_states);
  g_test_add_func ("/market/client/statuses", test_client_statuses);
  g_test_add_func ("/market/client/long-message", test_client_long_message);
  g_test_add_func ("/market/client/bad-answers", test_client_bad_answers);
  g_test_add_func ("/market/client/insecure", test_client_insecure);
  g_test_add_func ("/market/client/redirects", test_client_redirects);
  g_test_add_func ("/market/client/cancel", test_client_cancel);
  g_test_add_func ("/market/client/network", test_client_network);
  g_test_add_func ("/market/client/idempotency-key", test_client_idempotency_key);

  return g_test_run ();
}
