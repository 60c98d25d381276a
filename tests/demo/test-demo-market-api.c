/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gstdio.h>

#include <string.h>

#include "pw-demo-market-test.h"

/* The demo marketplace speaks the contract of docs/MARKETPLACE-API.md: the
 * token check, projects, claims and their bounds, release, lease expiry,
 * and submissions with their Idempotency-Key and required members. */

static JsonObject *
find_project (PwDemoAnswer *projects,
              const char   *id)
{
  JsonArray *array = pw_demo_answer_array (projects, "projects");

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *project = json_array_get_object_element (array, i);

      if (g_str_equal (json_object_get_string_member (project, "id"), id))
        return project;
    }
  g_assert_not_reached ();
}

static gint64
available (PwDemoTest *test,
           const char *project_id)
{
  g_autoptr (PwDemoAnswer) projects = pw_demo_test_get (test, "v1/projects");

  g_assert_cmpuint (projects->status, ==, 200);
  return json_object_get_int_member (find_project (projects, project_id), "available_tasks");
}

static void
test_me (void)
{
  PwDemoTest *test = pw_demo_test_new (1);
  g_autoptr (PwDemoAnswer) me = pw_demo_test_get (test, "v1/me");

  g_assert_no_error (me->error);
  g_assert_cmpuint (me->status, ==, 200);
  g_assert_cmpstr (soup_message_headers_get_content_type (me->headers, NULL), ==, "application/json");
  g_assert_cmpstr (pw_demo_answer_string (me, "worker_id"), ==, "w-demo");
  g_assert_cmpstr (pw_demo_answer_string (me, "name"), !=, "");
  g_assert_cmpstr (pw_demo_answer_string (me, "currency"), ==, "USD");
  g_assert_cmpuint (pw_demo_market_count_requests (test->market, PW_DEMO_ENDPOINT_ME), ==, 1);
  g_assert_true (g_str_has_prefix (test->base_url, "http://127.0.0.1:"));
  g_assert_true (g_str_has_suffix (test->base_url, "/api/"));
  pw_demo_test_free (test);
}

static void
test_unauthorized (void)
{
  PwDemoTest *test = pw_demo_test_new (1);
  const char *paths[] = { "v1/me", "v1/projects", "v1/statement", "media/t-street-qual-0001.jpg" };
  g_auto (GStrv) seen = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autoptr (PwDemoAnswer) none = pw_demo_test_request (test, "GET", paths[i], NULL, NULL, NULL);
      g_autoptr (PwDemoAnswer) wrong = pw_demo_test_request (test, "GET", paths[i], "wrong", NULL, NULL);

      g_assert_cmpuint (none->status, ==, 401);
      g_assert_cmpstr (pw_demo_answer_error_code (none), ==, "unauthorized");
      g_assert_nonnull (soup_message_headers_get_one (none->headers, "WWW-Authenticate"));
      g_assert_cmpuint (wrong->status, ==, 401);
      g_assert_cmpstr (pw_demo_answer_error_code (wrong), ==, "unauthorized");
    }

  seen = pw_demo_market_dup_authorizations (test->market, test->origin);
  g_assert_cmpuint (g_strv_length (seen), ==, 2 * G_N_ELEMENTS (paths));
  g_assert_cmpstr (seen[0], ==, "");
  g_assert_cmpstr (seen[1], ==, "Bearer wrong");
  pw_demo_test_free (test);
}

static void
test_not_found (void)
{
  PwDemoTest *test = pw_demo_test_new (1);
  g_autoptr (PwDemoAnswer) nothing = pw_demo_test_get (test, "v1/nothing");
  g_autoptr (PwDemoAnswer) project = pw_demo_test_claim (test, "p-nothing", 1);
  g_autoptr (PwDemoAnswer) task = pw_demo_test_submit (test, "t-nothing", "c-1", NULL);
  g_autoptr (PwDemoAnswer) claim = pw_demo_test_post (test, "v1/claims/c-nothing/release",
                                                      "{\"task_ids\": []}");
  g_autoptr (PwDemoAnswer) media = pw_demo_test_get (test, "media/t-nothing.jpg");
  g_autoptr (PwDemoAnswer) method = pw_demo_test_post (test, "v1/me", "{}");

  g_assert_cmpuint (nothing->status, ==, 404);
  g_assert_cmpstr (pw_demo_answer_error_code (nothing), ==, "not_found");
  g_assert_cmpuint (project->status, ==, 404);
  g_assert_cmpuint (task->status, ==, 404);
  g_assert_cmpuint (claim->status, ==, 404);
  g_assert_cmpuint (media->status, ==, 404);
  g_assert_cmpuint (method->status, ==, 405);
  g_assert_cmpuint (pw_demo_market_count_requests (test->market, PW_DEMO_ENDPOINT_OTHER), ==, 1);
  pw_demo_test_free (test);
}

static void
test_projects (void)
{
  PwDemoTest *test = pw_demo_test_new (1);
  g_autoptr (PwDemoAnswer) projects = pw_demo_test_get (test, "v1/projects");
  JsonArray *array = pw_demo_answer_array (projects, "projects");
  gboolean kinds[5] = { FALSE };
  JsonObject *qualification, *boxes;

  g_assert_cmpuint (projects->status, ==, 200);
  g_assert_cmpuint (json_array_get_length (array), >=, 5);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *project = json_array_get_object_element (array, i);
      JsonObject *pay = json_object_get_object_member (project, "pay");
      const char *kind = json_object_get_string_member (project, "kind");
      JsonArray *tools = json_object_get_array_member (project, "tools");
      const char *first_tool = json_array_get_string_element (tools, 0);
      gboolean unpaid = g_str_equal (json_object_get_string_member (pay, "amount"), "0");

      g_assert_nonnull (json_object_get_string_member (project, "name"));
      g_assert_nonnull (json_object_get_string_member (project, "instructions"));
      g_assert_cmpstr (json_object_get_string_member (pay, "currency"), ==, "USD");
      g_assert_cmpstr (json_object_get_string_member (pay, "per"), ==, "task");
      g_assert_cmpuint (json_array_get_length (json_object_get_array_member (project, "labels")), >, 0);
      g_assert_cmpint (json_object_get_int_member (project, "available_tasks"), >, 0);
      if (g_str_equal (kind, "image") && g_str_equal (first_tool, "bbox") && !unpaid)
        kinds[0] = TRUE;
      else if (g_str_equal (kind, "image") && g_str_equal (first_tool, "polygon"))
        kinds[1] = TRUE;
      else if (g_str_equal (kind, "text") && !unpaid)
        kinds[2] = TRUE;
      else if (g_str_equal (kind, "audio") && !unpaid)
        kinds[3] = TRUE;
      else if (unpaid)
        kinds[4] = TRUE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    g_assert_true (kinds[i]);

  qualification = find_project (projects, "p-street-qual");
  g_assert_false (json_object_has_member (qualification, "qualification"));
  boxes = find_project (projects, "p-street-vehicles");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (boxes, "qualification"),
                                                  "project_id"), ==, "p-street-qual");
  g_assert_false (json_object_get_boolean_member (json_object_get_object_member (boxes, "qualification"),
                                                  "passed"));
  g_assert_cmpstr (json_object_get_string_member (find_project (projects, "p-review-sentiment"),
                                                  "choice_mode"), ==, "single");
  pw_demo_test_free (test);
}

static void
test_claim (void)
{
  PwDemoTest *test = pw_demo_test_new (1);
  gint64 before = available (test, "p-street-outlines");
  g_autoptr (PwDemoAnswer) claim = pw_demo_test_claim (test, "p-street-outlines", 3);
  g_autoptr (PwDemoAnswer) text = pw_demo_test_claim (test, "p-review-sentiment", 1);
  g_autoptr (PwDemoAnswer) audio = pw_demo_test_claim (test, "p-speech-transcribe", 1);
  g_autoptr (GDateTime) expires = NULL;
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  JsonArray *tasks;
  JsonObject *task, *media;

  g_assert_cmpuint (claim->status, ==, 201);
  g_assert_true (g_str_has_prefix (pw_demo_answer_string (claim, "claim_id"), "c-"));
  expires = g_date_time_new_from_iso8601 (pw_demo_answer_string (claim, "lease_expires_at"), NULL);
  g_assert_nonnull (expires);
  g_assert_cmpint (g_date_time_difference (expires, now), >, 30 * G_TIME_SPAN_MINUTE);
  g_assert_true (g_str_has_suffix (pw_demo_answer_string (claim, "lease_expires_at"), "Z"));

  tasks = pw_demo_answer_array (claim, "tasks");
  g_assert_cmpuint (json_array_get_length (tasks), ==, 3);
  task = json_array_get_object_element (tasks, 0);
  g_assert_cmpstr (json_object_get_string_member (task, "project_id"), ==, "p-street-outlines");
  g_assert_cmpstr (json_object_get_string_member (task, "kind"), ==, "image");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (task, "pay"),
                                                  "amount"), ==, "0.12");
  media = json_object_get_object_member (task, "media");
  g_assert_true (g_str_has_prefix (json_object_get_string_member (media, "url"), "media/"));
  g_assert_cmpuint (strlen (json_object_get_string_member (media, "sha256")), ==, 64);
  g_assert_cmpint (json_object_get_int_member (media, "bytes"), >, 0);
  g_assert_true (json_object_get_null_member (task, "text"));
  g_assert_true (json_object_get_null_member (task, "prefill"));

  /* Claimed tasks leave the pool. */
  g_assert_cmpint (available (test, "p-street-outlines"), ==, before - 3);

  task = json_array_get_object_element (pw_demo_answer_array (text, "tasks"), 0);
  g_assert_cmpuint (strlen (json_object_get_string_member (task, "text")), >, 20);
  g_assert_true (json_object_get_null_member (task, "media"));
  task = json_array_get_object_element (pw_demo_answer_array (audio, "tasks"), 0);
  g_assert_true (g_str_has_suffix (json_object_get_string_member (json_object_get_object_member (task, "media"),
                                                                  "url"), ".wav"));
  pw_demo_test_free (test);
}

static void
test_claim_until_empty (void)
{
  PwDemoTest *test = pw_demo_test_new (1);
  g_autoptr (PwDemoAnswer) all = pw_demo_test_claim (test, "p-street-qual", 100);
  g_autoptr (PwDemoAnswer) none = pw_demo_test_claim (test, "p-street-qual", 5);

  g_assert_cmpuint (all->status, ==, 201);
  g_assert_cmpuint (json_array_get_length (pw_demo_answer_array (all, "tasks")), ==, 6);
  g_assert_cmpuint (none->status, ==, 201);
  g_assert_cmpuint (json_array_get_length (pw_demo_answer_array (none, "tasks")), ==, 0);
  g_assert_cmpint (available (test, "p-street-qual"), ==, 0);
  pw_demo_test_free (test);
}

static void
test_claim_bad_bodies (void)
{
  PwDemoTest *test = pw_demo_test_new (1);
  const char *path = "v1/projects/p-street-outlines/claims";
  g_autoptr (GString) deep = g_string_new ("{\"count\": 1, \"x\": ");
  g_autoptr (PwDemoAnswer) zero = pw_demo_test_post (test, path, "{\"count\": 0}");
  g_autoptr (PwDemoAnswer) many = pw_demo_test_post (test, path, "{\"count\": 101}");
  g_autoptr (PwDemoAnswer) text = pw_demo_test_post (test, path, "{\"count\": \"2\"}");
  g_autoptr (PwDemoAnswer) missing = pw_demo_test_post (test, path, "{\"number\": 2}");
  g_autoptr (PwDemoAnswer) broken = pw_demo_test_post (test, path, "{\"count\": ");
  g_autoptr (PwDemoAnswer) array = pw_demo_test_post (test, path, "[1]");
  g_autoptr (PwDemoAnswer) unknown = pw_demo_test_post (test, path,
                                                        "{\"count\": 1, \"colour\": {\"a\": [1]}}");
  g_autoptr (PwDemoAnswer) nested = NULL;

  for (int i = 0; i < 70; i++)
    g_string_append_c (deep, '[');
  for (int i = 0; i < 70; i++)
    g_string_append_c (deep, ']');
  g_string_append_c (deep, '}');
  nested = pw_demo_test_post (test, path, deep->str);

  g_assert_cmpuint (zero->status, ==, 400);
  g_assert_cmpstr (pw_demo_answer_error_code (zero), ==, "bad_request");
  g_assert_cmpuint (many->status, ==, 400);
  g_assert_cmpuint (text->status, ==, 400);
  g_assert_cmpuint (missing->status, ==, 400);
  g_assert_nonnull (strstr (missing->body, "count"));
  g_assert_cmpuint (broken->status, ==, 400);
  g_assert_cmpuint (array->status, ==, 400);
  g_assert_cmpuint (nested->status, ==, 413);
  g_assert_cmpstr (pw_demo_answer_error_code (nested), ==, "too_large");
  g_assert_cmpuint (unknown->status, ==, 201);
  pw_demo_test_free (test);
}

static void
test_release (void)
{
  PwDemoTest *test = pw_demo_test_new (1);
  gint64 before = available (test, "p-street-outlines");
  g_autoptr (PwDemoAnswer) claim = pw_demo_test_claim (test, "p-street-outlines", 2);
  JsonArray *tasks = pw_demo_answer_array (claim, "tasks");
  const char *first = json_object_get_string_member (json_array_get_object_element (tasks, 0), "id");
  g_autofree char *path = g_strdup_printf ("v1/claims/%s/release",
                                           pw_demo_answer_string (claim, "claim_id"));
  g_autofree char *body = g_strdup_printf ("{\"task_ids\": [\"%s\", \"t-nothing\"]}", first);
  g_autoptr (PwDemoAnswer) released = pw_demo_test_post (test, path, body);
  g_autoptr (PwDemoAnswer) again = pw_demo_test_post (test, path, body);
  g_autoptr (PwDemoAnswer) missing = pw_demo_test_post (test, path, "{}");
  g_autoptr (PwDemoAnswer) late = NULL;

  g_assert_cmpuint (released->status, ==, 200);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (released->json), "released"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (again->json), "released"), ==, 0);
  g_assert_cmpuint (missing->status, ==, 400);
  g_assert_nonnull (strstr (missing->body, "task_ids"));
  g_assert_cmpint (available (test, "p-street-outlines"), ==, before - 1);

  /* Work on a released task comes too late. */
  late = pw_demo_test_submit (test, first, pw_demo_answer_string (claim, "claim_id"), NULL);
  g_assert_cmpuint (late->status, ==, 410);
  g_assert_cmpstr (pw_demo_answer_error_code (late), ==, "lease_expired");
  g_assert_cmpuint (pw_demo_market_count_requests (test->market, PW_DEMO_ENDPOINT_RELEASE), ==, 3);
  pw_demo_test_free (test);
}

static void
test_lease_expiry (void)
{
  PwDemoTest *test = pw_demo_test_new (1);
  g_autoptr (PwDemoAnswer) claim = NULL;
  g_autoptr (PwDemoAnswer) expired = NULL;
  g_autoptr (PwDemoAnswer) again = NULL;
  g_autoptr (PwDemoAnswer) reassigned = NULL;
  g_autoptr (PwDemoAnswer) fresh = NULL;
  const char *task_id;

  pw_demo_market_set_lease_seconds (test->market, 0);
  claim = pw_demo_test_claim (test, "p-review-sentiment", 1);
  task_id = json_object_get_string_member (json_array_get_object_element (pw_demo_answer_array (claim, "tasks"), 0), "id");

  expired = pw_demo_test_submit (test, task_id, pw_demo_answer_string (claim, "claim_id"), NULL);
  g_assert_cmpuint (expired->status, ==, 410);
  g_assert_cmpstr (pw_demo_answer_error_code (expired), ==, "lease_expired");

  /* The task is back in the pool; whoever claims it next holds it. */
  pw_demo_market_set_lease_seconds (test->market, 3600);
  again = pw_demo_test_claim (test, "p-review-sentiment", 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (pw_demo_answer_array (again, "tasks"), 0), "id"),
                   ==, task_id);
  reassigned = pw_demo_test_submit (test, task_id, pw_demo_answer_string (claim, "claim_id"), NULL);
  g_assert_cmpuint (reassigned->status, ==, 409);
  g_assert_cmpstr (pw_demo_answer_error_code (reassigned), ==, "reassigned");
  fresh = pw_demo_test_submit (test, task_id, pw_demo_answer_string (again, "claim_id"), NULL);
  g_assert_cmpuint (fresh->status, ==, 201);
  g_assert_cmpuint (pw_demo_market_count_submissions (test->market, task_id), ==, 1);
  g_assert_cmpuint (pw_demo_market_count_submission_requests (test->market, task_id), ==, 3);
  pw_demo_test_free (test);
}

/* Where the marketplace writes what it takes. */
static char *
log_submissions (PwDemoTest *test)
{
  char *log = g_build_filename (test->data_dir, "received.jsonl", NULL);

  pw_demo_market_set_submission_log (test->market, log);
  return log;
}

static void
test_idempotency (void)
{
  PwDemoTest *test = pw_demo_test_new (1);
  g_autofree char *log = log_submissions (test);
  g_autoptr (PwDemoAnswer) claim = pw_demo_test_claim (test, "p-street-outlines", 1);
  const char *claim_id = pw_demo_answer_string (claim, "claim_id");
  const char *task_id = json_object_get_string_member (json_array_get_object_element (pw_demo_answer_array (claim, "tasks"), 0), "id");
  g_autofree char *key = g_uuid_string_random ();
  g_autofree char *path = g_strdup_printf ("v1/tasks/%s/submission", task_id);
  g_autofree char *other_body = pw_demo_test_submission (claim_id, 12);
  g_autoptr (PwDemoAnswer) first = pw_demo_test_submit (test, task_id, claim_id, key);
  g_autoptr (PwDemoAnswer) same = pw_demo_test_submit (test, task_id, claim_id, key);
  g_autoptr (PwDemoAnswer) different = pw_demo_test_request (test, "PUT", path, PW_DEMO_MARKET_TOKEN,
                                                             key, other_body);
  g_autoptr (PwDemoAnswer) another = pw_demo_test_submit (test, task_id, claim_id, NULL);
  g_autoptr (PwDemoAnswer) no_key = pw_demo_test_request (test, "PUT", path, PW_DEMO_MARKET_TOKEN,
                                                          NULL, other_body);
  g_autoptr (PwDemoAnswer) bad_key = pw_demo_test_request (test, "PUT", path, PW_DEMO_MARKET_TOKEN,
                                                           "not-a-uuid", other_body);
  g_autofree char *stored = NULL;
  g_auto (GStrv) keys = NULL;

  g_assert_cmpuint (first->status, ==, 201);
  g_assert_true (g_str_has_prefix (pw_demo_answer_string (first, "submission_id"), "s-"));
  g_assert_cmpstr (pw_demo_answer_string (first, "task_id"), ==, task_id);
  g_assert_cmpstr (pw_demo_answer_string (first, "status"), ==, "pending_review");
  g_assert_cmpuint (same->status, ==, 200);
  g_assert_cmpstr (same->body, ==, first->body);
  g_assert_cmpuint (different->status, ==, 422);
  g_assert_cmpstr (pw_demo_answer_error_code (different), ==, "idempotency_mismatch");
  g_assert_cmpuint (another->status, ==, 409);
  g_assert_cmpstr (pw_demo_answer_error_code (another), ==, "already_submitted");
  g_assert_cmpuint (no_key->status, ==, 400);
  g_assert_nonnull (strstr (no_key->body, "Idempotency-Key"));
  g_assert_cmpuint (bad_key->status, ==, 400);

  g_assert_cmpuint (pw_demo_market_count_submissions (test->market, task_id), ==, 1);
  g_assert_cmpuint (pw_demo_market_count_submission_requests (test->market, task_id), ==, 6);
  keys = pw_demo_market_dup_submission_keys (test->market, task_id);
  g_assert_cmpuint (g_strv_length (keys), ==, 6);
  g_assert_cmpstr (keys[0], ==, key);
  g_assert_cmpstr (keys[1], ==, key);
  g_assert_cmpstr (keys[4], ==, "");
  stored = pw_demo_market_dup_submission_body (test->market, task_id);
  g_assert_nonnull (strstr (stored, "41.5"));

  /* What it received, once: the retries added no line. */
  {
    g_autofree char *received = NULL;
    g_auto (GStrv) lines = NULL;
    g_autoptr (JsonNode) line = NULL;
    JsonObject *object;

    g_assert_true (g_file_get_contents (log, &received, NULL, NULL));
    lines = g_strsplit (received, "\n", -1);
    g_assert_cmpuint (g_strv_length (lines), ==, 2);
    g_assert_cmpstr (lines[1], ==, "");
    line = json_from_string (lines[0], NULL);
    object = json_node_get_object (line);
    g_assert_cmpstr (json_object_get_string_member (object, "task_id"), ==, task_id);
    g_assert_cmpstr (json_object_get_string_member (object, "idempotency_key"), ==, key);
    g_assert_cmpfloat (json_object_get_double_member (json_object_get_object_member (object, "body"),
                                                      "active_seconds"), ==, 41.5);
    g_remove (log);
  }
  pw_demo_test_free (test);
}

static void
test_submission_members (void)
{
  PwDemoTest *test = pw_demo_test_new (1);
  g_autoptr (PwDemoAnswer) claim = pw_demo_test_claim (test, "p-street-outlines", 1);
  const char *claim_id = pw_demo_answer_string (claim, "claim_id");
  const char *task_id = json_object_get_string_member (json_array_get_object_element (pw_demo_answer_array (claim, "tasks"), 0), "id");
  g_autofree char *path = g_strdup_printf ("v1/tasks/%s/submission", task_id);
  const char *members[] = { "claim_id", "annotation", "active_seconds", "submitted_at" };

  for (guint i = 0; i < G_N_ELEMENTS (members); i++)
    {
      g_autofree char *body = pw_demo_test_submission (claim_id, 3);
      g_autoptr (JsonNode) node = json_from_string (body, NULL);
      g_autofree char *without = NULL;
      g_autofree char *key = g_uuid_string_random ();
      g_autoptr (PwDemoAnswer) answer = NULL;

      json_object_remove_member (json_node_get_object (node), members[i]);
      without = json_to_string (node, FALSE);
      answer = pw_demo_test_request (test, "PUT", path, PW_DEMO_MARKET_TOKEN, key, without);
      g_assert_cmpuint (answer->status, ==, 400);
      g_assert_cmpstr (pw_demo_answer_error_code (answer), ==, "bad_request");
      g_assert_nonnull (strstr (answer->body, members[i]));
    }
  g_assert_cmpuint (pw_demo_market_count_submissions (test->market, task_id), ==, 0);
  pw_demo_test_free (test);
}

/* A project that asks two questions of each text lists its groups; a
 * submission with two answers in the group of one, or none in the
 * required group, is refused naming the group; one that fits is taken. */
/* A submission of choices was refused naming @refusal and kept nothing,
 * or, with no @refusal, taken once. */
static void
assert_choices_answer (PwDemoTest   *test,
                       PwDemoAnswer *answer,
                       const char   *task_id,
                       const char   *refusal)
{
  if (refusal != NULL)
    {
      g_assert_cmpuint (answer->status, ==, 400);
      g_assert_cmpstr (pw_demo_answer_error_code (answer), ==, "bad_request");
      g_assert_nonnull (strstr (answer->body, refusal));
      g_assert_cmpuint (pw_demo_market_count_submissions (test->market, task_id), ==, 0);
    }
  else
    {
      g_assert_cmpuint (answer->status, ==, 201);
      g_assert_cmpuint (pw_demo_market_count_submissions (test->market, task_id), ==, 1);
    }
}

static void
test_choice_groups (void)
{
  PwDemoTest *test = pw_demo_test_new (1);
  g_autoptr (PwDemoAnswer) projects = pw_demo_test_get (test, "v1/projects");
  g_autoptr (PwDemoAnswer) claim = pw_demo_test_claim (test, "p-review-topics", 1);
  JsonObject *project = find_project (projects, "p-review-topics");
  JsonArray *groups = json_object_get_array_member (project, "choice_groups");
  const char *claim_id = pw_demo_answer_string (claim, "claim_id");
  const char *task_id = json_object_get_string_member (json_array_get_object_element (pw_demo_answer_array (claim, "tasks"), 0), "id");
  g_autofree char *path = g_strdup_printf ("v1/tasks/%s/submission", task_id);
  static const struct { const char *choices; const char *refusal; } cases[] = {
    { "[\"positive\", \"negative\", \"price\"]", "“sentiment” takes one choice" },
    { "[\"price\", \"quality\"]", "“sentiment” needs a choice" },
    { "[\"neutral\", 3]", "“choices” must be a list" },
    { "[\"neutral\", \"weather\"]", "“weather” is in no group" },
    { "[\"price\", \"quality\", \"neutral\"]", NULL },
  };

  g_assert_cmpuint (json_array_get_length (groups), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (groups, 0), "title"), ==,
                   "Sentiment");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (groups, 0), "mode"), ==,
                   "single");
  g_assert_true (json_object_get_boolean_member (json_array_get_object_element (groups, 0), "required"));
  g_assert_cmpuint (claim->status, ==, 201);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *key = g_uuid_string_random ();
      g_autofree char *body = g_strdup_printf ("{\"claim_id\": \"%s\", \"annotation\": {\"choices\": %s},"
                                               " \"active_seconds\": 3, \"submitted_at\": \"2026-11-28T13:12:09Z\"}",
                                               claim_id, cases[i].choices);
      g_autoptr (PwDemoAnswer) answer = pw_demo_test_request (test, "PUT", path, PW_DEMO_MARKET_TOKEN, key, body);

      g_test_message ("%s", cases[i].choices);
      assert_choices_answer (test, answer, task_id, cases[i].refusal);
    }
  pw_demo_test_free (test);
}

/* An image project may ask questions of each image beside its boxes: it
 * lists its tools and groups, takes boxes with one time of day and at most
 * one weather, and refuses, naming the group (or the choice), two answers
 * in a group of one, no time of day, a choice it does not have, or a box's
 * label given as a choice. */
static void
test_image_choice_groups (void)
{
  PwDemoTest *test = pw_demo_test_new (1);
  g_autoptr (PwDemoAnswer) projects = pw_demo_test_get (test, "v1/projects");
  g_autoptr (PwDemoAnswer) claim = pw_demo_test_claim (test, "p-street-conditions", 2);
  JsonObject *project = find_project (projects, "p-street-conditions");
  JsonArray *groups = json_object_get_array_member (project, "choice_groups");
  JsonArray *tools = json_object_get_array_member (project, "tools");
  const char *claim_id = pw_demo_answer_string (claim, "claim_id");
  JsonArray *tasks = pw_demo_answer_array (claim, "tasks");
  const char *box = "{\"id\": \"a1\", \"type\": \"bbox\", \"label\": \"car\","
                    " \"x\": 10, \"y\": 20, \"w\": 30, \"h\": 15}";
  static const struct { const char *choices; const char *refusal; } cases[] = {
    { "[\"day\", \"night\"]", "“time” takes one choice" },
    { "[\"night\", \"rain\", \"fog\"]", "“weather” takes one choice" },
    { "[\"clear\"]", "“time” needs a choice" },
    { "[]", "“time” needs a choice" },
    { "[\"night\", \"sunny\"]", "“sunny” is in no group" },
    { "[\"day\", \"car\"]", "“car” is in no group" },
    { "[\"night\", 6]", "“choices” must be a list" },
    { "[\"night\", \"fog\"]", NULL },
  };

  g_assert_cmpstr (json_object_get_string_member (project, "kind"), ==, "image");
  g_assert_cmpstr (json_object_get_string_member (project, "name"), ==,
                   "Street scenes: vehicles, time of day and weather");
  g_assert_cmpuint (json_array_get_length (tools), ==, 2);
  g_assert_cmpstr (json_array_get_string_element (tools, 0), ==, "bbox");
  g_assert_cmpstr (json_array_get_string_element (tools, 1), ==, "choice");
  g_assert_false (json_object_has_member (project, "qualification"));
  g_assert_cmpuint (json_array_get_length (groups), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (groups, 0), "title"), ==,
                   "Time of day");
  g_assert_true (json_object_get_boolean_member (json_array_get_object_element (groups, 0), "required"));
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (groups, 1), "title"), ==,
                   "Weather");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (groups, 1), "mode"), ==,
                   "single");
  g_assert_false (json_object_get_boolean_member (json_array_get_object_element (groups, 1), "required"));
  g_assert_cmpuint (claim->status, ==, 201);
  g_assert_cmpuint (json_array_get_length (tasks), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (tasks, 0), "kind"), ==, "image");
  g_assert_nonnull (json_object_get_object_member (json_array_get_object_element (tasks, 0), "media"));

  for (guint t = 0; t < 2; t++)
    {
      const char *task_id = json_object_get_string_member (json_array_get_object_element (tasks, t), "id");
      g_autofree char *path = g_strdup_printf ("v1/tasks/%s/submission", task_id);

      for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
        {
          g_autofree char *key = g_uuid_string_random ();
          /* The first task with a box; the second with none, as for an
           * empty street. */
          g_autofree char *body = g_strdup_printf ("{\"claim_id\": \"%s\", \"annotation\":"
                                                   " {\"image\": {\"width\": 80, \"height\": 60},"
                                                   " \"shapes\": [%s], \"choices\": %s},"
                                                   " \"active_seconds\": 3, \"submitted_at\": \"2026-11-28T13:12:09Z\"}",
                                                   claim_id, t == 0 ? box : "", cases[i].choices);
          g_autoptr (PwDemoAnswer) answer = pw_demo_test_request (test, "PUT", path, PW_DEMO_MARKET_TOKEN, key, body);

          g_test_message ("%s", cases[i].choices);
          assert_choices_answer (test, answer, task_id, cases[i].refusal);
        }
    }
  pw_demo_test_free (test);
}

int
main (int   argc,
      char *argv[])
{
  pw_demo_test_init (&argc, &argv);

  g_test_add_func ("/demo-market/me", test_me);
  g_test_add_func ("/demo-market/unauthorized", test_unauthorized);
  g_test_add_func ("/demo-market/not-found", test_not_found);
  g_test_add_func ("/demo-market/projects", test_projects);
  g_test_add_func ("/demo-market/claim", test_claim);
  g_test_add_func ("/demo-market/claim-until-empty", test_claim_until_empty);
  g_test_add_func ("/demo-market/claim-bad-bodies", test_claim_bad_bodies);
  g_test_add_func ("/demo-market/release", test_release);
  g_test_add_func ("/demo-market/lease-expiry", test_lease_expiry);
  g_test_add_func ("/demo-market/idempotency", test_idempotency);
  g_test_add_func ("/demo-market/submission-members", test_submission_members);
  g_test_add_func ("/demo-market/choice-groups", test_choice_groups);
  g_test_add_func ("/demo-market/image-choice-groups", test_image_choice_groups);

  return g_test_run ();
}
