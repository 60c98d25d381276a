/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <string.h>

#include "pw-demo-market-test.h"

/* Claims @count tasks of @project_id and submits them all. */
static void
submit_tasks (PwDemoTest *test,
              const char *project_id,
              guint       count)
{
  g_autoptr (PwDemoAnswer) claim = pw_demo_test_claim (test, project_id, count);
  JsonArray *tasks = pw_demo_answer_array (claim, "tasks");

  g_assert_cmpuint (json_array_get_length (tasks), ==, count);
  for (guint i = 0; i < count; i++)
    {
      g_autoptr (PwDemoAnswer) submitted = NULL;

      submitted = pw_demo_test_submit (test,
                                       json_object_get_string_member (json_array_get_object_element (tasks, i), "id"),
                                       pw_demo_answer_string (claim, "claim_id"), NULL);
      g_assert_cmpuint (submitted->status, ==, 201);
    }
}

static const char *
entry_string (JsonArray  *entries,
              guint       i,
              const char *member)
{
  return json_object_get_string_member (json_array_get_object_element (entries, i), member);
}

static void
test_status_changes (void)
{
  PwDemoTest *test = pw_demo_test_new (3);
  g_autoptr (JsonNode) statement = NULL;
  g_autoptr (GHashTable) first_status = g_hash_table_new (g_str_hash, g_str_equal);
  JsonArray *entries;
  guint approved = 0, rejected = 0, bonuses = 0, fees = 0;

  submit_tasks (test, "p-review-sentiment", 40);
  statement = pw_demo_test_statement (test);
  entries = json_node_get_array (statement);

  for (guint i = 0; i < json_array_get_length (entries); i++)
    {
      JsonObject *entry = json_array_get_object_element (entries, i);
      const char *id = json_object_get_string_member (entry, "id");
      const char *type = json_object_get_string_member (entry, "type");
      const char *status = json_object_get_string_member (entry, "status");
      g_autoptr (GDateTime) at = g_date_time_new_from_iso8601 (json_object_get_string_member (entry, "at"), NULL);

      g_assert_nonnull (at);
      g_assert_true (g_str_has_prefix (id, "e-"));
      g_assert_cmpstr (json_object_get_string_member (entry, "currency"), ==, "USD");
      if (g_str_equal (type, "task"))
        {
          g_assert_cmpstr (json_object_get_string_member (entry, "project_id"), ==, "p-review-sentiment");
          g_assert_cmpstr (json_object_get_string_member (entry, "amount"), ==, "0.015");
          if (!g_hash_table_contains (first_status, id))
            {
              /* Each task entry appears first as pending, then again. */
              g_assert_cmpstr (status, ==, "pending");
              g_assert_false (json_object_has_member (entry, "review"));
              g_hash_table_insert (first_status, (gpointer) id, (gpointer) status);
              continue;
            }
          g_assert_cmpstr (g_hash_table_lookup (first_status, id), ==, "pending");
          if (g_str_equal (status, "approved"))
            approved++;
          else
            {
              JsonObject *review = json_object_get_object_member (entry, "review");

              g_assert_cmpstr (status, ==, "rejected");
              g_assert_nonnull (review);
              g_assert_cmpfloat (json_object_get_double_member (review, "score"), <, 0.7);
              g_assert_cmpstr (json_object_get_string_member (review, "comment"), !=, "");
              rejected++;
            }
        }
      else if (g_str_equal (type, "bonus"))
        {
          g_assert_cmpstr (status, ==, "approved");
          bonuses++;
        }
      else
        {
          g_assert_cmpstr (type, ==, "fee");
          g_assert_true (g_str_has_prefix (json_object_get_string_member (entry, "amount"), "-"));
          fees++;
        }
    }

  g_assert_cmpuint (g_hash_table_size (first_status), ==, 40);
  g_assert_cmpuint (approved + rejected, ==, 40);
  g_assert_cmpuint (approved, >, rejected);
  g_assert_cmpuint (rejected, >, 0);
  g_assert_cmpuint (bonuses + fees, >, 0);
  pw_demo_test_free (test);
}

static void
test_paging (void)
{
  PwDemoTest *test = pw_demo_test_new (1);
  g_autoptr (PwDemoAnswer) empty = pw_demo_test_get (test, "v1/statement");
  g_autoptr (PwDemoAnswer) first = NULL;
  g_autoptr (PwDemoAnswer) second = NULL;
  g_autoptr (PwDemoAnswer) bad = pw_demo_test_get (test, "v1/statement?after=nonsense");
  g_autoptr (PwDemoAnswer) beyond = pw_demo_test_get (test, "v1/statement?after=s999");
  g_autoptr (PwDemoAnswer) huge = pw_demo_test_get (test, "v1/statement?limit=100000");
  g_autofree char *path = NULL;
  const char *next;

  g_assert_cmpuint (empty->status, ==, 200);
  g_assert_cmpuint (json_array_get_length (pw_demo_answer_array (empty, "entries")), ==, 0);
  g_assert_true (json_object_get_null_member (json_node_get_object (empty->json), "next"));
  g_assert_cmpuint (bad->status, ==, 400);
  g_assert_cmpuint (beyond->status, ==, 400);
  g_assert_cmpuint (huge->status, ==, 400);

  submit_tasks (test, "p-review-sentiment", 3);
  first = pw_demo_test_get (test, "v1/statement?limit=4");
  g_assert_cmpuint (json_array_get_length (pw_demo_answer_array (first, "entries")), ==, 4);
  next = pw_demo_answer_string (first, "next");
  g_assert_nonnull (next);
  path = g_strdup_printf ("v1/statement?after=%s", next);
  second = pw_demo_test_get (test, path);
  g_assert_cmpuint (second->status, ==, 200);
  g_assert_cmpuint (json_array_get_length (pw_demo_answer_array (second, "entries")), >=, 2);
  g_assert_true (json_object_get_null_member (json_node_get_object (second->json), "next"));
  /* The pages follow on: nothing repeated, nothing skipped. */
  g_assert_cmpstr (entry_string (pw_demo_answer_array (first, "entries"), 0, "status"), ==, "pending");
  g_assert_cmpuint (pw_demo_market_count_requests (test->market, PW_DEMO_ENDPOINT_STATEMENT), ==, 6);
  pw_demo_test_free (test);
}

static char *
outcomes (guint64 seed)
{
  PwDemoTest *test = pw_demo_test_new (seed);
  g_autoptr (JsonNode) statement = NULL;
  GString *text = g_string_new (NULL);
  JsonArray *entries;

  submit_tasks (test, "p-street-outlines", 12);
  statement = pw_demo_test_statement (test);
  entries = json_node_get_array (statement);
  for (guint i = 0; i < json_array_get_length (entries); i++)
    g_string_append_printf (text, "%s %s %s\n", entry_string (entries, i, "type"),
                            entry_string (entries, i, "status"), entry_string (entries, i, "amount"));
  pw_demo_test_free (test);
  return g_string_free (text, FALSE);
}

static void
test_seeded (void)
{
  g_autofree char *first = outcomes (11);
  g_autofree char *again = outcomes (11);
  g_autofree char *other = outcomes (12);

  g_assert_cmpstr (first, ==, again);
  g_assert_cmpstr (first, !=, other);
}

static void
test_review_delay (void)
{
  PwDemoTest *test = pw_demo_test_new_full (5, 150);
  g_autoptr (JsonNode) before = NULL;
  JsonNode *after = NULL;
  gint64 deadline;

  submit_tasks (test, "p-speech-transcribe", 2);
  before = pw_demo_test_statement (test);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (before)), ==, 2);
  g_assert_cmpstr (entry_string (json_node_get_array (before), 0, "status"), ==, "pending");
  g_assert_cmpstr (entry_string (json_node_get_array (before), 1, "status"), ==, "pending");

  deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while (g_get_monotonic_time () < deadline)
    {
      g_clear_pointer (&after, json_node_unref);
      after = pw_demo_test_statement (test);
      if (json_array_get_length (json_node_get_array (after)) >= 4)
        break;
      g_usleep (20 * 1000);
    }
  g_assert_cmpuint (json_array_get_length (json_node_get_array (after)), >=, 4);
  for (guint i = 2; i < 4; i++)
    {
      const char *status = entry_string (json_node_get_array (after), i, "status");

      g_assert_true (g_str_equal (status, "approved") || g_str_equal (status, "rejected"));
    }
  json_node_unref (after);
  pw_demo_test_free (test);
}

static void
test_qualification (void)
{
  PwDemoTest *test = pw_demo_test_new (1);
  g_autoptr (PwDemoAnswer) refused = pw_demo_test_claim (test, "p-street-vehicles", 5);
  g_autoptr (PwDemoAnswer) projects = NULL;
  g_autoptr (PwDemoAnswer) claimed = NULL;
  g_autoptr (JsonNode) statement = NULL;
  JsonArray *array;

  g_assert_cmpuint (refused->status, ==, 403);
  g_assert_cmpstr (pw_demo_answer_error_code (refused), ==, "not_qualified");
  g_assert_nonnull (strstr (refused->body, "p-street-qual"));
  g_assert_false (pw_demo_market_is_qualified (test->market, "p-street-qual"));

  pw_demo_test_qualify (test, "p-street-qual");
  g_assert_true (pw_demo_market_is_qualified (test->market, "p-street-qual"));

  projects = pw_demo_test_get (test, "v1/projects");
  array = pw_demo_answer_array (projects, "projects");
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *project = json_array_get_object_element (array, i);

      if (json_object_has_member (project, "qualification"))
        g_assert_true (json_object_get_boolean_member (json_object_get_object_member (project, "qualification"),
                                                       "passed"));
    }

  claimed = pw_demo_test_claim (test, "p-street-vehicles", 5);
  g_assert_cmpuint (claimed->status, ==, 201);
  g_assert_cmpuint (json_array_get_length (pw_demo_answer_array (claimed, "tasks")), ==, 5);

  /* Unpaid work is approved at once and pays nothing. */
  statement = pw_demo_test_statement (test);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (statement)), ==, 6);
  g_assert_cmpstr (entry_string (json_node_get_array (statement), 0, "status"), ==, "approved");
  g_assert_cmpstr (entry_string (json_node_get_array (statement), 0, "amount"), ==, "0");
  pw_demo_test_free (test);
}

int
main (int   argc,
      char *argv[])
{
  pw_demo_test_init (&argc, &argv);

  g_test_add_func ("/demo-market/statement/status-changes", test_status_changes);
  g_test_add_func ("/demo-market/statement/paging", test_paging);
  g_test_add_func ("/demo-market/statement/seeded", test_seeded);
  g_test_add_func ("/demo-market/statement/review-delay", test_review_delay);
  g_test_add_func ("/demo-market/qualification", test_qualification);

  return g_test_run ();
}
