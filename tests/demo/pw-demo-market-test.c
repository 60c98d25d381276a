/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "pw-demo-market-test.h"

/* The demo marketplace as the tests start it: media scaled down, no speech
 * synthesis, reviews at once unless asked, on a thread of its own; and
 * blocking requests to it whose answers keep the status, headers, body and
 * parsed JSON. */

static gpointer
serve (gpointer data)
{
  PwDemoTest *test = data;
  g_autoptr (GError) error = NULL;

  g_main_context_push_thread_default (test->context);
  if (!pw_demo_market_listen (test->market, 0, &error))
    g_error ("The demo marketplace did not listen: %s", error->message);

  g_mutex_lock (&test->mutex);
  test->listening = TRUE;
  g_cond_signal (&test->cond);
  g_mutex_unlock (&test->mutex);

  g_main_loop_run (test->loop);
  g_main_context_pop_thread_default (test->context);
  return NULL;
}

/* Connecting asks GIO for the default proxy resolver, whose GNOME module
 * reads settings whose schemas the isolated test directories do not have.
 * Loopback needs no proxy. Call before any thread starts. */
void
pw_demo_test_init (int    *argc,
                   char ***argv)
{
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_test_init (argc, argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
}

PwDemoTest *
pw_demo_test_new_full (guint64 seed,
                       guint   review_delay_ms)
{
  PwDemoTest *test = g_new0 (PwDemoTest, 1);
  g_autoptr (GError) error = NULL;

  test->data_dir = g_dir_make_tmp ("demo-market-XXXXXX", &error);
  g_assert_no_error (error);
  test->market = pw_demo_market_new (test->data_dir, NULL, seed);
  pw_demo_market_set_media_scale (test->market, 0.05);
  pw_demo_market_set_speech (test->market, FALSE);
  pw_demo_market_set_review_delay (test->market, review_delay_ms);
  pw_demo_market_set_slow_delay (test->market, 300);
  g_assert_true (pw_demo_market_prepare (test->market, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (pw_demo_market_is_ready (test->market));

  g_mutex_init (&test->mutex);
  g_cond_init (&test->cond);
  test->context = g_main_context_new ();
  test->loop = g_main_loop_new (test->context, FALSE);
  test->thread = g_thread_new ("demo-market", serve, test);
  g_mutex_lock (&test->mutex);
  while (!test->listening)
    g_cond_wait (&test->cond, &test->mutex);
  g_mutex_unlock (&test->mutex);

  test->base_url = pw_demo_market_get_base_url (test->market);
  test->origin = pw_demo_market_get_origin (test->market);
  test->session = soup_session_new_with_options ("timeout", 10, NULL);
  return test;
}

PwDemoTest *
pw_demo_test_new (guint64 seed)
{
  return pw_demo_test_new_full (seed, 0);
}

static void
remove_tree (const char *path)
{
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      g_assert_cmpint (g_unlink (child), ==, 0);
    }
  g_rmdir (path);
}

static gboolean
quit_loop (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

void
pw_demo_test_free (PwDemoTest *test)
{
  /* From inside the loop: a quit before it runs would be lost. */
  g_main_context_invoke (test->context, quit_loop, test->loop);
  g_thread_join (test->thread);

  g_object_add_weak_pointer (G_OBJECT (test->market), (gpointer *) &test->market);
  g_object_unref (test->market);
  g_assert_null (test->market);

  g_object_unref (test->session);
  g_main_loop_unref (test->loop);
  g_main_context_unref (test->context);
  g_mutex_clear (&test->mutex);
  g_cond_clear (&test->cond);
  remove_tree (test->data_dir);
  g_free (test->data_dir);
  g_free (test->origin);
  g_free (test->base_url);
  g_free (test);
}

PwDemoAnswer *
pw_demo_test_request (PwDemoTest *test,
                      const char *method,
                      const char *path,
                      const char *token,
                      const char *key,
                      const char *body)
{
  PwDemoAnswer *answer = g_new0 (PwDemoAnswer, 1);
  g_autofree char *url = NULL;
  g_autoptr (SoupMessage) msg = NULL;
  g_autoptr (GBytes) bytes = NULL;

  url = strstr (path, "://") != NULL ? g_strdup (path) : g_strconcat (test->base_url, path, NULL);
  msg = soup_message_new (method, url);
  g_assert_nonnull (msg);
  /* A new connection each time: on a reused one, libsoup silently sends a
   * request again whose answer was lost, which would hide the faults. */
  soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT | SOUP_MESSAGE_NEW_CONNECTION);
  if (token != NULL)
    {
      g_autofree char *authorization = g_strconcat ("Bearer ", token, NULL);

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization",
                                    authorization);
    }
  if (key != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (msg), "Idempotency-Key", key);
  if (body != NULL)
    {
      g_autoptr (GBytes) request = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (msg, "application/json", request);
    }

  bytes = soup_session_send_and_read (test->session, msg, NULL, &answer->error);
  if (bytes == NULL)
    return answer;

  answer->status = soup_message_get_status (msg);
  answer->headers = soup_message_headers_ref (soup_message_get_response_headers (msg));
  answer->bytes = g_bytes_ref (bytes);
  answer->body = g_bytes_get_size (bytes) > 0
                   ? g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes))
                   : g_strdup ("");
  if (*answer->body != '\0')
    answer->json = json_from_string (answer->body, NULL);
  return answer;
}

PwDemoAnswer *
pw_demo_test_get (PwDemoTest *test,
                  const char *path)
{
  return pw_demo_test_request (test, "GET", path, PW_DEMO_MARKET_TOKEN, NULL, NULL);
}

PwDemoAnswer *
pw_demo_test_post (PwDemoTest *test,
                   const char *path,
                   const char *body)
{
  return pw_demo_test_request (test, "POST", path, PW_DEMO_MARKET_TOKEN, NULL, body);
}

PwDemoAnswer *
pw_demo_test_claim (PwDemoTest *test,
                    const char *project_id,
                    guint       count)
{
  g_autofree char *path = g_strdup_printf ("v1/projects/%s/claims", project_id);
  g_autofree char *body = g_strdup_printf ("{\"count\": %u}", count);

  return pw_demo_test_post (test, path, body);
}

char *
pw_demo_test_submission (const char *claim_id,
                         double      active_seconds)
{
  char seconds[G_ASCII_DTOSTR_BUF_SIZE];

  g_ascii_dtostr (seconds, sizeof seconds, active_seconds);
  return g_strdup_printf ("{\"claim_id\": \"%s\", \"annotation\": {\"image\": {\"width\": 80, "
                          "\"height\": 60}, \"shapes\": [{\"id\": \"a1\", \"type\": \"bbox\", "
                          "\"label\": \"car\", \"x\": 1, \"y\": 2, \"w\": 10, \"h\": 5}]}, "
                          "\"active_seconds\": %s, \"submitted_at\": \"2026-11-28T13:12:09Z\"}",
                          claim_id, seconds);
}

PwDemoAnswer *
pw_demo_test_submit (PwDemoTest *test,
                     const char *task_id,
                     const char *claim_id,
                     const char *key)
{
  g_autofree char *path = g_strdup_printf ("v1/tasks/%s/submission", task_id);
  g_autofree char *body = pw_demo_test_submission (claim_id, 41.5);
  g_autofree char *new_key = key == NULL ? g_uuid_string_random () : NULL;

  return pw_demo_test_request (test, "PUT", path, PW_DEMO_MARKET_TOKEN,
                               key != NULL ? key : new_key, body);
}

/* Submits every task of the qualification project that one claim gets. */
void
pw_demo_test_qualify (PwDemoTest *test,
                      const char *qualification_id)
{
  g_autoptr (PwDemoAnswer) claim = pw_demo_test_claim (test, qualification_id, 100);
  JsonArray *tasks;

  g_assert_cmpuint (claim->status, ==, 201);
  tasks = pw_demo_answer_array (claim, "tasks");
  for (guint i = 0; i < json_array_get_length (tasks); i++)
    {
      JsonObject *task = json_array_get_object_element (tasks, i);
      g_autoptr (PwDemoAnswer) submitted = NULL;

      submitted = pw_demo_test_submit (test, json_object_get_string_member (task, "id"),
                                       pw_demo_answer_string (claim, "claim_id"), NULL);
      g_assert_cmpuint (submitted->status, ==, 201);
    }
}

void
pw_demo_answer_free (PwDemoAnswer *answer)
{
  g_clear_pointer (&answer->headers, soup_message_headers_unref);
  g_clear_pointer (&answer->json, json_node_unref);
  g_clear_pointer (&answer->bytes, g_bytes_unref);
  g_clear_error (&answer->error);
  g_free (answer->body);
  g_free (answer);
}

const char *
pw_demo_answer_string (PwDemoAnswer *answer,
                       const char   *member)
{
  g_assert_nonnull (answer->json);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (answer->json));
  return json_object_get_string_member (json_node_get_object (answer->json), member);
}

const char *
pw_demo_answer_error_code (PwDemoAnswer *answer)
{
  JsonObject *error;

  g_assert_nonnull (answer->json);
  error = json_object_get_object_member (json_node_get_object (answer->json), "error");
  g_assert_nonnull (error);
  g_assert_true (json_object_has_member (error, "message"));
  g_assert_cmpstr (json_object_get_string_member (error, "message"), !=, "");
  return json_object_get_string_member (error, "code");
}

JsonArray *
pw_demo_answer_array (PwDemoAnswer *answer,
                      const char   *member)
{
  g_assert_nonnull (answer->json);
  return json_object_get_array_member (json_node_get_object (answer->json), member);
}

/* The whole statement, page after page, as one array of entries. */
JsonNode *
pw_demo_test_statement (PwDemoTest *test)
{
  JsonArray *all = json_array_new ();
  g_autofree char *cursor = NULL;

  do
    {
      g_autofree char *path = cursor != NULL
                                ? g_strdup_printf ("v1/statement?after=%s&limit=3", cursor)
                                : g_strdup ("v1/statement?limit=3");
      g_autoptr (PwDemoAnswer) page = pw_demo_test_get (test, path);
      JsonArray *entries;
      JsonNode *next;

      g_assert_cmpuint (page->status, ==, 200);
      entries = pw_demo_answer_array (page, "entries");
      g_assert_cmpuint (json_array_get_length (entries), <=, 3);
      for (guint i = 0; i < json_array_get_length (entries); i++)
        json_array_add_element (all, json_node_copy (json_array_get_element (entries, i)));
      next = json_object_get_member (json_node_get_object (page->json), "next");
      g_assert_nonnull (next);
      g_clear_pointer (&cursor, g_free);
      if (!JSON_NODE_HOLDS_NULL (next))
        cursor = g_strdup (json_node_get_string (next));
    }
  while (cursor != NULL);

  {
    JsonNode *node = json_node_init_array (json_node_alloc (), all);

    json_array_unref (all);
    return node;
  }
}
