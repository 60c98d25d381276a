/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <libsoup/soup.h>
#include <math.h>
#include <string.h>

#include "../market/pw-market-test.h"
#include "piecework-engine.h"
#include "pw-label-studio-connector.h"
#include "pw-platform-test.h"

/* The Label Studio connector against a fake server written from the
 * platform's published API (fake_label_studio.py, run as a process):
 * tokens traded and refreshed, projects paged and read, claims by next/
 * and by list, media with the token and through a 303 to another origin
 * without it, and submissions taken exactly once, also when the answer is
 * lost and the server ignores unique_id; answers that are not what the
 * API describes. Requests go through prism, the validating proxy of the
 * published spec, where it is installed, and the last test fails on any
 * request the spec refuses. */

static PwFakePlatform *the_fake;

/* One server for all the tests, started once (Python starts slowly on a
 * busy machine), prism in front where it is installed, and set back to
 * its first state for each test. */
static PwFakePlatform *
fake_start (void)
{
  if (the_fake == NULL)
    the_fake = pw_fake_platform_start (PW_ACCOUNT_KIND_LABEL_STUDIO, TRUE);
  pw_fake_platform_control (the_fake, "POST", "_test/reset", "{}");
  return the_fake;
}

/* The fake's own test endpoints; the connector never calls them. */
static JsonObject *
fake_call (PwFakePlatform *fake,
           const char     *method,
           const char     *path,
           const char     *body)
{
  g_autoptr (JsonNode) root = pw_fake_platform_ask (fake, method, path, body);

  return json_object_ref (json_node_get_object (root));
}

static JsonObject *
fake_state (PwFakePlatform *fake)
{
  return fake_call (fake, "GET", "_test/state", NULL);
}

static void
fake_config (PwFakePlatform *fake,
             const char     *config)
{
  json_object_unref (fake_call (fake, "POST", "_test/config", config));
}

static guint
count_requests (JsonObject *state,
                const char *prefix)
{
  JsonArray *requests = json_object_get_array_member (state, "requests");
  guint n = 0;

  for (guint i = 0; i < json_array_get_length (requests); i++)
    {
      JsonObject *request = json_array_get_object_element (requests, i);

      if (g_str_has_prefix (json_object_get_string_member (request, "path"), prefix))
        n++;
    }
  return n;
}

static JsonArray *
annotations_of (JsonObject *state,
                const char *task_id)
{
  return json_object_get_array_member (json_object_get_object_member (state, "annotations"), task_id);
}

static PwConnector *
connector_new (PwFakePlatform *fake,
               const char     *token)
{
  g_autoptr (GError) error = NULL;
  PwConnector *connector = pw_label_studio_connector_new (fake->url, token, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpint (pw_connector_get_kind (connector), ==, PW_ACCOUNT_KIND_LABEL_STUDIO);
  return connector;
}

static PwMarketMe *
get_me (PwConnector  *connector,
        GError      **error)
{
  g_autoptr (GAsyncResult) result = NULL;

  pw_connector_get_me_async (connector, NULL, pw_test_on_done, &result);
  return pw_connector_get_me_finish (connector, pw_test_wait (&result), error);
}

static PwClaim *
claim (PwConnector *connector,
       const char  *project_id,
       guint        count)
{
  g_autoptr (GError) error = NULL;
  PwClaim *claimed = pw_test_claim (connector, project_id, count, &error);

  g_assert_no_error (error);
  return claimed;
}

static PwSubmissionResult *
submit (PwConnector  *connector,
        const char   *task_id,
        const char   *key,
        const char   *annotation,
        GError      **error)
{
  g_autoptr (JsonNode) node = NULL;
  g_autoptr (GError) parse_error = NULL;

  node = pw_json_parse (annotation, strlen (annotation), "annotation", &parse_error);
  g_assert_no_error (parse_error);
  return pw_test_submit (connector, task_id, key, node, error);
}

/* A personal access token is traded for an access token, sent as Bearer;
 * a legacy key goes as Token KEY. */
static void
test_tokens (void)
{
  PwFakePlatform *fake = fake_start ();
  g_autoptr (GError) error = NULL;
  g_autoptr (PwMarketMe) me = NULL;
  g_autoptr (PwMarketMe) again = NULL;
  g_autoptr (JsonObject) state = NULL;
  PwConnector *connector = connector_new (fake, fake->token);
  PwConnector *legacy = connector_new (fake, fake->legacy);
  JsonArray *requests;

  me = get_me (connector, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pw_market_me_get_worker_id (me), ==, "7");
  g_assert_cmpstr (pw_market_me_get_name (me), ==, "Ana Lima");
  again = get_me (connector, &error);
  g_assert_no_error (error);
  state = fake_state (fake);
  g_assert_cmpint (json_object_get_int_member (state, "refreshes"), ==, 1);
  requests = json_object_get_array_member (state, "requests");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (requests, 0), "path"), ==,
                   "/api/token/refresh/");
  g_assert_true (json_object_get_null_member (json_array_get_object_element (requests, 0), "authorization"));
  g_assert_true (g_str_has_prefix (json_object_get_string_member (json_array_get_object_element (requests, 1),
                                                                   "authorization"), "Bearer ey"));
  g_clear_pointer (&me, pw_market_me_unref);
  g_clear_pointer (&state, json_object_unref);

  me = get_me (legacy, &error);
  g_assert_no_error (error);
  state = fake_state (fake);
  requests = json_object_get_array_member (state, "requests");
  g_assert_cmpint (json_object_get_int_member (state, "refreshes"), ==, 1);
  {
    g_autofree char *expected = g_strconcat ("Token ", fake->legacy, NULL);

    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (requests, json_array_get_length (requests) - 2),
                                                    "authorization"), ==, expected);
  }

  pw_test_finalize (connector);
  pw_test_finalize (legacy);
}

/* Access tokens run a few minutes: one about to run out is refreshed
 * before it is used, and one the server refuses (401) is refreshed and
 * the request sent again, once. */
static void
test_refresh (void)
{
  PwFakePlatform *fake = fake_start ();
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonObject) state = NULL;
  PwConnector *connector = connector_new (fake, fake->token);

  /* 30 s left is less than the minute the connector keeps in hand. */
  fake_config (fake, "{\"access_lifetime\": 30}");
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr (PwMarketMe) me = get_me (connector, &error);

      g_assert_no_error (error);
    }
  state = fake_state (fake);
  g_assert_cmpint (json_object_get_int_member (state, "refreshes"), ==, 3);
  g_clear_pointer (&state, json_object_unref);

  fake_config (fake, "{\"access_lifetime\": 300}");
  {
    g_autoptr (PwMarketMe) me = get_me (connector, &error);

    g_assert_no_error (error);
  }
  fake_config (fake, "{\"expire_access\": true}");
  {
    g_autoptr (PwMarketMe) me = get_me (connector, &error);

    g_assert_no_error (error);
    g_assert_nonnull (me);
  }
  state = fake_state (fake);
  g_assert_cmpint (json_object_get_int_member (state, "refreshes"), ==, 5);

  pw_test_finalize (connector);
}

static void
on_projects (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  pw_test_on_done (source, result, user_data);
}

/* Projects come in pages; a configuration Piecework cannot show is listed
 * with its reason. */
static void
test_projects (void)
{
  PwFakePlatform *fake = fake_start ();
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) projects = NULL;
  PwConnector *connector = connector_new (fake, fake->token);
  PwProject *image, *text, *audio, *video;
  PwLabelSet *labels;

  pw_connector_list_projects_async (connector, NULL, on_projects, &result);
  projects = pw_connector_list_projects_finish (connector, pw_test_wait (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (projects->len, ==, 4);
  image = projects->pdata[0];
  text = projects->pdata[1];
  audio = projects->pdata[2];
  video = projects->pdata[3];

  g_assert_cmpstr (pw_project_get_id (image), ==, "1");
  g_assert_cmpint (pw_project_get_kind (image), ==, PW_TASK_KIND_IMAGE);
  g_assert_cmpstr (pw_project_get_instructions (image), ==, "Box every car.");
  g_assert_true (pw_project_has_tool (image, "bbox"));
  g_assert_true (pw_project_has_tool (image, "polygon"));
  g_assert_true (pw_project_has_tool (image, "choice"));
  g_assert_cmpint (pw_project_get_available_tasks (image), ==, 4);
  labels = pw_project_get_labels (image);
  g_assert_cmpuint (pw_label_set_get_n_labels (labels), ==, 5);
  g_assert_cmpstr (pw_label_get_name (pw_label_set_get_label (labels, 0)), ==, "car");
  g_assert_cmpint (pw_label_get_hotkey (pw_label_set_get_label (labels, 0)), ==, '1');
  g_assert_cmpint (pw_label_get_hotkey (pw_label_set_get_label (labels, 1)), ==, '5');
  g_assert_cmpint (pw_label_get_hotkey (pw_label_set_get_label (labels, 2)), ==, '2');

  g_assert_cmpint (pw_project_get_kind (text), ==, PW_TASK_KIND_TEXT);
  g_assert_true (pw_project_has_tool (text, "span"));
  g_assert_cmpint (pw_project_get_kind (audio), ==, PW_TASK_KIND_AUDIO);
  g_assert_true (pw_project_has_tool (audio, "segment"));
  g_assert_true (pw_project_has_tool (audio, "transcript"));
  g_assert_true (json_object_has_member (json_node_get_object (pw_project_get_json (video)), "unsupported"));
  g_assert_null (pw_project_get_tools (video)[0]);

  g_clear_object (&result);
  pw_test_finalize (connector);
}

/* One task: next/ locks it, and asking again gives the same task. A
 * batch is read by list, unannotated first, and says it is not locked. */
static void
test_claims (void)
{
  PwFakePlatform *fake = fake_start ();
  g_autoptr (PwClaim) first = NULL;
  g_autoptr (PwClaim) again = NULL;
  g_autoptr (PwClaim) batch = NULL;
  g_autoptr (PwClaim) text = NULL;
  g_autoptr (JsonObject) state = NULL;
  PwConnector *connector = connector_new (fake, fake->token);
  PwTask *task;
  JsonObject *prefill;
  JsonObject *shape;

  first = claim (connector, "1", 1);
  g_assert_cmpuint (pw_claim_get_tasks (first)->len, ==, 1);
  task = pw_claim_get_tasks (first)->pdata[0];
  g_assert_cmpstr (pw_task_get_id (task), ==, "101");
  g_assert_cmpstr (pw_task_get_project_id (task), ==, "1");
  g_assert_cmpstr (pw_media_get_url (pw_task_get_media (task)), ==, "/data/upload/1/a.png");
  g_assert_null (pw_claim_get_lease_expires_at (first));
  g_assert_null (pw_claim_get_note (first));
  again = claim (connector, "1", 1);
  g_assert_cmpstr (pw_task_get_id (pw_claim_get_tasks (again)->pdata[0]), ==, "101");
  state = fake_state (fake);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (state, "locks"), "7:1"), ==, 101);

  batch = claim (connector, "1", 3);
  g_assert_cmpuint (pw_claim_get_tasks (batch)->len, ==, 3);
  g_assert_nonnull (pw_claim_get_note (batch));
  g_assert_null (pw_claim_get_lease_expires_at (batch));
  g_assert_cmpstr (pw_task_get_id (pw_claim_get_tasks (batch)->pdata[0]), ==, "101");
  g_assert_cmpstr (pw_task_get_id (pw_claim_get_tasks (batch)->pdata[1]), ==, "102");
  task = pw_claim_get_tasks (batch)->pdata[2];
  g_assert_cmpstr (pw_task_get_id (task), ==, "103");

  /* The prediction is the prefill, in pixels of the 66 × 48 image. */
  prefill = json_node_get_object (pw_task_get_prefill (task));
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (prefill, "image"), "width"), ==, 66);
  shape = json_array_get_object_element (json_object_get_array_member (prefill, "shapes"), 0);
  g_assert_cmpstr (json_object_get_string_member (shape, "label"), ==, "car");
  g_assert_cmpfloat (json_object_get_double_member (shape, "x"), ==, 16.5);
  g_assert_cmpfloat (json_object_get_double_member (shape, "y"), ==, 24.0);
  g_assert_cmpfloat (json_object_get_double_member (shape, "w"), ==, 33.0);
  g_assert_cmpfloat (json_object_get_double_member (shape, "h"), ==, 12.0);

  text = claim (connector, "2", 2);
  g_assert_cmpuint (pw_claim_get_tasks (text)->len, ==, 2);
  g_assert_cmpstr (pw_task_get_text (pw_claim_get_tasks (text)->pdata[0]), ==, "Zoë met the GNOME team 🎉 in Brno.");

  pw_test_finalize (connector);
}

static void
assert_close (double a,
              double b)
{
  g_assert_cmpfloat (fabs (a - b), <=, 1e-9 * MAX (1.0, fabs (b)));
}

/* The value of the one result the fake holds for a task. */
static JsonObject *
held_value (JsonObject *state,
            const char *task_id)
{
  JsonArray *annotations = annotations_of (state, task_id);
  JsonArray *results;
  JsonObject *item;

  g_assert_cmpuint (json_array_get_length (annotations), ==, 1);
  results = json_object_get_array_member (json_array_get_object_element (annotations, 0), "result");
  g_assert_cmpuint (json_array_get_length (results), ==, 1);
  item = json_array_get_object_element (results, 0);
  g_assert_cmpstr (json_object_get_string_member (item, "from_name"), ==, "box");
  g_assert_cmpstr (json_object_get_string_member (item, "to_name"), ==, "image");
  return json_object_get_object_member (item, "value");
}

/* Rectangles Label Studio turns about their top-left corner open turned
 * about their centre, the same box, and go back with the same corner and
 * turn: one untouched, one moved by (8, 6) pixels, which moves its
 * corner by 12.5 % of 64 and of 48. */
static void
test_turned_boxes (void)
{
  PwFakePlatform *fake = fake_start ();
  g_autoptr (PwClaim) claimed = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (PwSubmissionResult) untouched = NULL;
  g_autoptr (PwSubmissionResult) moved = NULL;
  g_autoptr (JsonObject) state = NULL;
  g_autofree char *key = g_uuid_string_random ();
  g_autofree char *moved_key = g_uuid_string_random ();
  g_autofree char *first_work = NULL;
  g_autofree char *second_work = NULL;
  PwConnector *connector = connector_new (fake, fake->token);
  JsonObject *shape, *value;
  JsonNode *second;

  fake_config (fake, "{\"turned\": true}");
  claimed = claim (connector, "5", 2);
  g_assert_cmpuint (pw_claim_get_tasks (claimed)->len, ==, 2);

  /* 25 %, 25 %, 50 % × 25 % of 64 × 48 turned 90° about (16, 12): the
   * box of 32 × 12 centred on (10, 28). */
  shape = json_array_get_object_element (json_object_get_array_member (json_node_get_object (pw_task_get_prefill (pw_claim_get_tasks (claimed)->pdata[0])), "shapes"), 0);
  assert_close (json_object_get_double_member (shape, "x"), -6.0);
  assert_close (json_object_get_double_member (shape, "y"), 22.0);
  g_assert_cmpfloat (json_object_get_double_member (shape, "w"), ==, 32.0);
  g_assert_cmpfloat (json_object_get_double_member (shape, "h"), ==, 12.0);
  g_assert_cmpfloat (json_object_get_double_member (shape, "rotation"), ==, 90.0);

  first_work = pw_json_to_string (pw_task_get_prefill (pw_claim_get_tasks (claimed)->pdata[0]), FALSE);
  untouched = submit (connector, "501", key, first_work, &error);
  g_assert_no_error (error);

  second = json_node_copy (pw_task_get_prefill (pw_claim_get_tasks (claimed)->pdata[1]));
  shape = json_array_get_object_element (json_object_get_array_member (json_node_get_object (second), "shapes"), 0);
  g_assert_cmpfloat (json_object_get_double_member (shape, "rotation"), ==, 30.0);
  json_object_set_double_member (shape, "x", json_object_get_double_member (shape, "x") + 8.0);
  json_object_set_double_member (shape, "y", json_object_get_double_member (shape, "y") + 6.0);
  second_work = pw_json_to_string (second, FALSE);
  json_node_unref (second);
  moved = submit (connector, "502", moved_key, second_work, &error);
  g_assert_no_error (error);

  state = fake_state (fake);
  value = held_value (state, "501");
  assert_close (json_object_get_double_member (value, "x"), 25.0);
  assert_close (json_object_get_double_member (value, "y"), 25.0);
  assert_close (json_object_get_double_member (value, "width"), 50.0);
  assert_close (json_object_get_double_member (value, "height"), 25.0);
  g_assert_cmpfloat (json_object_get_double_member (value, "rotation"), ==, 90.0);
  value = held_value (state, "502");
  assert_close (json_object_get_double_member (value, "x"), 62.5);
  assert_close (json_object_get_double_member (value, "y"), 22.5);
  assert_close (json_object_get_double_member (value, "width"), 25.0);
  assert_close (json_object_get_double_member (value, "height"), 25.0);
  g_assert_cmpfloat (json_object_get_double_member (value, "rotation"), ==, 30.0);

  pw_test_finalize (connector);
}

/* The from_name of each result the fake holds for a task, with its
 * value's first label or choice: "ner:PER pos:VERB tone:warm". */
static char *
held_controls (JsonObject *state,
               const char *task_id)
{
  JsonArray *annotations = annotations_of (state, task_id);
  JsonArray *results;
  GString *line = g_string_new (NULL);

  g_assert_cmpuint (json_array_get_length (annotations), ==, 1);
  results = json_object_get_array_member (json_array_get_object_element (annotations, 0), "result");
  for (guint i = 0; i < json_array_get_length (results); i++)
    {
      JsonObject *item = json_array_get_object_element (results, i);
      JsonObject *value = json_object_get_object_member (item, "value");
      JsonArray *named = json_object_has_member (value, "labels") ? json_object_get_array_member (value, "labels")
                                                                  : json_object_get_array_member (value, "choices");

      g_assert_cmpstr (json_object_get_string_member (item, "to_name"), ==, "text");
      g_string_append_printf (line, "%s%s:", i > 0 ? " " : "", json_object_get_string_member (item, "from_name"));
      for (guint j = 0; j < json_array_get_length (named); j++)
        g_string_append_printf (line, "%s%s", j > 0 ? "," : "", json_array_get_string_element (named, j));
    }
  return g_string_free (line, FALSE);
}

/* A text with two Labels and two Choices: a prediction from each opens as
 * the one tool's work, and the work goes back under each label's own
 * control (the fake refuses a label under another control). */
static void
test_two_controls (void)
{
  PwFakePlatform *fake = fake_start ();
  g_autoptr (PwClaim) claimed = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (PwSubmissionResult) untouched = NULL;
  g_autoptr (PwSubmissionResult) worked = NULL;
  g_autoptr (JsonObject) state = NULL;
  g_autoptr (GPtrArray) projects = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  g_autofree char *key = g_uuid_string_random ();
  g_autofree char *worked_key = g_uuid_string_random ();
  g_autofree char *prefill = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  PwConnector *connector = connector_new (fake, fake->token);
  PwProject *letters = NULL;

  fake_config (fake, "{\"two_controls\": true}");
  pw_connector_list_projects_async (connector, NULL, pw_test_on_done, &result);
  projects = pw_connector_list_projects_finish (connector, pw_test_wait (&result), &error);
  g_assert_no_error (error);
  for (guint i = 0; i < projects->len; i++)
    if (g_str_equal (pw_project_get_id (projects->pdata[i]), "6"))
      letters = projects->pdata[i];
  g_assert_nonnull (letters);
  g_assert_null (pw_project_get_unsupported (letters));
  g_assert_true (pw_project_has_tool (letters, "span"));
  g_assert_true (pw_project_has_tool (letters, "choice"));

  claimed = claim (connector, "6", 2);
  g_assert_cmpuint (pw_claim_get_tasks (claimed)->len, ==, 2);
  prefill = pw_json_to_string (pw_task_get_prefill (pw_claim_get_tasks (claimed)->pdata[0]), FALSE);
  g_assert_cmpstr (prefill, ==, "{\"spans\":[{\"start\":0,\"end\":3,\"label\":\"PER\"},"
                                "{\"start\":4,\"end\":9,\"label\":\"VERB\"}],"
                                "\"choices\":[\"warm\",\"work\"]}");

  untouched = submit (connector, "601", key, prefill, &error);
  g_assert_no_error (error);
  worked = submit (connector, "602", worked_key,
                   "{\"spans\": [{\"start\": 12, \"end\": 16, \"label\": \"ORG\"},"
                   " {\"start\": 4, \"end\": 8, \"label\": \"VERB\"}], \"choices\": [\"travel\", \"curt\"]}",
                   &error);
  g_assert_no_error (error);

  state = fake_state (fake);
  first = held_controls (state, "601");
  g_assert_cmpstr (first, ==, "tone:warm topic:work ner:PER pos:VERB");
  second = held_controls (state, "602");
  g_assert_cmpstr (second, ==, "topic:travel tone:curt ner:ORG pos:VERB");
  g_clear_object (&result);
  pw_test_finalize (connector);
}

/* Label Studio's common text template: a sentiment of one answer and a
 * topic of several are groups of choices, titled by their Headers; a
 * prediction of each opens as the choices of both, and the work goes
 * back under each control (the fake refuses two answers under the
 * sentiment). */
static void
test_choice_groups (void)
{
  PwFakePlatform *fake = fake_start ();
  g_autoptr (PwClaim) claimed = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (PwSubmissionResult) untouched = NULL;
  g_autoptr (PwSubmissionResult) worked = NULL;
  g_autoptr (PwSubmissionResult) refused = NULL;
  g_autoptr (JsonObject) state = NULL;
  g_autoptr (GPtrArray) projects = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  g_autofree char *key = g_uuid_string_random ();
  g_autofree char *worked_key = g_uuid_string_random ();
  g_autofree char *refused_key = g_uuid_string_random ();
  g_autofree char *prefill = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  PwConnector *connector = connector_new (fake, fake->token);
  PwProject *reviews = NULL;
  PwLabelSet *labels;
  PwChoiceGroup *sentiment;

  fake_config (fake, "{\"choice_groups\": true}");
  pw_connector_list_projects_async (connector, NULL, pw_test_on_done, &result);
  projects = pw_connector_list_projects_finish (connector, pw_test_wait (&result), &error);
  g_assert_no_error (error);
  for (guint i = 0; i < projects->len; i++)
    if (g_str_equal (pw_project_get_id (projects->pdata[i]), "7"))
      reviews = projects->pdata[i];
  g_assert_nonnull (reviews);
  g_assert_null (pw_project_get_unsupported (reviews));
  labels = pw_project_get_labels (reviews);
  g_assert_cmpuint (pw_label_set_get_n_choice_groups (labels), ==, 2);
  sentiment = pw_label_set_get_choice_group (labels, 0);
  g_assert_cmpstr (pw_choice_group_get_title (sentiment), ==, "Sentiment");
  g_assert_true (pw_choice_group_is_single (sentiment));
  g_assert_true (pw_choice_group_is_required (sentiment));
  g_assert_cmpstr (pw_choice_group_get_title (pw_label_set_get_choice_group (labels, 1)), ==, "Topic");
  g_assert_false (pw_choice_group_is_single (pw_label_set_get_choice_group (labels, 1)));
  g_assert_true (pw_label_set_choice_group_of (labels, pw_label_set_lookup (labels, "neutral")) == sentiment);
  g_assert_cmpint (pw_label_get_hotkey (pw_label_set_lookup (labels, "sports")), ==, '4');

  claimed = claim (connector, "7", 2);
  g_assert_cmpuint (pw_claim_get_tasks (claimed)->len, ==, 2);
  prefill = pw_json_to_string (pw_task_get_prefill (pw_claim_get_tasks (claimed)->pdata[0]), FALSE);
  g_assert_cmpstr (prefill, ==, "{\"choices\":[\"sports\",\"politics\",\"positive\"]}");

  untouched = submit (connector, "701", key, prefill, &error);
  g_assert_no_error (error);
  /* Two sentiments: the fake, as Label Studio's editor, takes one. */
  refused = submit (connector, "702", refused_key,
                    "{\"choices\": [\"negative\", \"neutral\"]}", &error);
  g_assert_nonnull (error);
  g_clear_error (&error);
  worked = submit (connector, "702", worked_key, "{\"choices\": [\"politics\", \"neutral\"]}", &error);
  g_assert_no_error (error);

  state = fake_state (fake);
  first = held_controls (state, "701");
  g_assert_cmpstr (first, ==, "topic:sports,politics sentiment:positive");
  second = held_controls (state, "702");
  g_assert_cmpstr (second, ==, "topic:politics sentiment:neutral");
  g_clear_object (&result);
  pw_test_finalize (connector);
}

/* Uploaded media come with the token; cloud media follow the 303 to the
 * storage's own origin, which never sees the token. */
static void
test_media (void)
{
  PwFakePlatform *fake = fake_start ();
  g_autofree char *path = pw_test_make_dir ();
  g_autoptr (PwClaim) batch = NULL;
  g_autoptr (GFile) uploaded = NULL;
  g_autoptr (GFile) cloud = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonObject) state = NULL;
  PwConnector *connector = connector_new (fake, fake->token);
  JsonArray *media_requests;

  batch = claim (connector, "1", 2);
  uploaded = pw_test_fetch_media (connector, pw_claim_get_tasks (batch)->pdata[0], path, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_query_exists (uploaded, NULL));
  cloud = pw_test_fetch_media (connector, pw_claim_get_tasks (batch)->pdata[1], path, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_query_exists (cloud, NULL));
  g_assert_false (g_file_equal (uploaded, cloud));

  state = fake_state (fake);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (state, "token_leaks")), ==, 0);
  media_requests = json_object_get_array_member (state, "media_requests");
  g_assert_cmpuint (json_array_get_length (media_requests), ==, 1);
  g_assert_true (json_object_get_null_member (json_array_get_object_element (media_requests, 0), "authorization"));

  pw_test_finalize (connector);
  pw_test_remove_dir (path);
}

#define IMAGE_WORK \
  "{\"image\": {\"width\": 64, \"height\": 48}," \
  " \"shapes\": [{\"id\": \"a1\", \"type\": \"bbox\", \"label\": \"car\", \"x\": 16.0, \"y\": 12.0, \"w\": 8.0, \"h\": 24.0}," \
  "  {\"id\": \"a2\", \"type\": \"polygon\", \"label\": \"road\", \"points\": [[0.0, 48.0], [64.0, 48.0], [32.0, 24.0]]}]," \
  " \"choices\": [\"rainy\"]}"

/* A submission is converted exactly, carries the key as unique_id, and a
 * repeat is taken as a replay (409) without a second annotation. */
static void
test_submit (void)
{
  PwFakePlatform *fake = fake_start ();
  g_autoptr (GError) error = NULL;
  g_autoptr (PwSubmissionResult) first = NULL;
  g_autoptr (PwSubmissionResult) replay = NULL;
  g_autoptr (PwSubmissionResult) text = NULL;
  g_autoptr (PwSubmissionResult) gone = NULL;
  g_autoptr (JsonObject) state = NULL;
  g_autofree char *key = g_uuid_string_random ();
  g_autofree char *text_key = g_uuid_string_random ();
  PwConnector *connector = connector_new (fake, fake->token);
  JsonArray *annotations;
  JsonObject *annotation, *box, *value;

  first = submit (connector, "101", key, IMAGE_WORK, &error);
  if (error != NULL)
    {
      g_autoptr (JsonObject) refused = fake_state (fake);
      g_autofree char *dump = json_to_string (json_object_get_member (refused, "requests"), TRUE);

      g_test_message ("%s", dump);
    }
  g_assert_no_error (error);
  g_assert_false (pw_submission_result_is_replay (first));
  g_assert_cmpstr (pw_submission_result_get_task_id (first), ==, "101");
  replay = submit (connector, "101", key, IMAGE_WORK, &error);
  g_assert_no_error (error);
  g_assert_true (pw_submission_result_is_replay (replay));

  state = fake_state (fake);
  annotations = annotations_of (state, "101");
  g_assert_cmpuint (json_array_get_length (annotations), ==, 1);
  annotation = json_array_get_object_element (annotations, 0);
  g_assert_cmpstr (json_object_get_string_member (annotation, "unique_id"), ==, key);
  g_assert_cmpfloat (json_object_get_double_member (annotation, "lead_time"), ==, 41.5);
  box = json_array_get_object_element (json_object_get_array_member (annotation, "result"), 0);
  g_assert_cmpint (json_object_get_int_member (box, "original_width"), ==, 64);
  value = json_object_get_object_member (box, "value");
  g_assert_cmpfloat (json_object_get_double_member (value, "x"), ==, 25.0);
  g_assert_cmpfloat (json_object_get_double_member (value, "y"), ==, 25.0);
  g_assert_cmpfloat (json_object_get_double_member (value, "width"), ==, 12.5);
  g_assert_cmpfloat (json_object_get_double_member (value, "height"), ==, 50.0);

  /* Spans in code points, with their text: the fake refuses any other. */
  text = submit (connector, "201", text_key,
                 "{\"spans\": [{\"start\": 0, \"end\": 3, \"label\": \"PER\"}, {\"start\": 12, \"end\": 17, \"label\": \"ORG\"}]}",
                 &error);
  g_assert_no_error (error);
  g_clear_pointer (&state, json_object_unref);
  state = fake_state (fake);
  annotations = annotations_of (state, "201");
  g_assert_cmpuint (json_array_get_length (annotations), ==, 1);

  /* A task that is gone ends as reassigned; the work stays with the outbox. */
  gone = submit (connector, "999", key, IMAGE_WORK, &error);
  g_assert_error (error, PW_ERROR, PW_ERROR_REASSIGNED);
  g_assert_null (gone);

  pw_test_finalize (connector);
}

/* On Label Studio's transcription template, each segment's text goes as
 * a TextArea result of the segment's own region: the fake refuses a text
 * of no region, or with other times. */
static void
test_segment_text (void)
{
  PwFakePlatform *fake = fake_start ();
  g_autoptr (GError) error = NULL;
  g_autoptr (PwSubmissionResult) done = NULL;
  g_autoptr (JsonObject) state = NULL;
  g_autoptr (GPtrArray) projects = NULL;
  g_autofree char *key = g_uuid_string_random ();
  g_autoptr (GAsyncResult) result = NULL;
  PwConnector *connector = connector_new (fake, fake->token);
  JsonArray *annotations, *results;
  PwProject *audio;
  guint n_texts = 0;

  json_object_unref (fake_call (fake, "POST", "_test/config", "{\"audio_per_region\": true}"));
  pw_connector_list_projects_async (connector, NULL, pw_test_on_done, &result);
  projects = pw_connector_list_projects_finish (connector, pw_test_wait (&result), &error);
  g_assert_no_error (error);
  g_clear_object (&result);
  audio = projects->pdata[2];
  g_assert_null (pw_project_get_unsupported (audio));
  g_assert_true (pw_project_has_tool (audio, "segment"));
  g_assert_false (pw_project_has_tool (audio, "transcript"));
  g_assert_true (pw_project_get_check_flags (audio) & PW_CHECK_SEGMENT_TEXT);

  done = submit (connector, "301", key,
                 "{\"segments\": [{\"start\": 0.5, \"end\": 1.75, \"label\": \"speech\", \"text\": \"good morning\"},"
                 " {\"start\": 2.0, \"end\": 2.5, \"label\": \"noise\", \"text\": \"\"}]}",
                 &error);
  g_assert_no_error (error);
  state = fake_state (fake);
  annotations = annotations_of (state, "301");
  g_assert_cmpuint (json_array_get_length (annotations), ==, 1);
  results = json_object_get_array_member (json_array_get_object_element (annotations, 0), "result");
  g_assert_cmpuint (json_array_get_length (results), ==, 3);
  for (guint i = 0; i < json_array_get_length (results); i++)
    {
      JsonObject *item = json_array_get_object_element (results, i);
      JsonObject *value = json_object_get_object_member (item, "value");

      if (g_strcmp0 (json_object_get_string_member (item, "type"), "textarea") != 0)
        continue;
      n_texts++;
      g_assert_cmpstr (json_object_get_string_member (item, "from_name"), ==, "said");
      g_assert_cmpfloat (json_object_get_double_member (value, "start"), ==, 0.5);
      g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (value, "text"), 0),
                       ==, "good morning");
    }
  g_assert_cmpuint (n_texts, ==, 1);

  pw_test_finalize (connector);
}

/* With the fake in @config, the answer to the worker's committed
 * annotation of @task_id is lost; the retry with the same key is taken
 * as a replay, and the task holds the annotation once. Returns the
 * fake's state after; @id_is_key says whether the replay's id is the
 * key (the server's 409) rather than the annotation's. */
static JsonObject *
lose_answer_and_retry (const char *config,
                       const char *task_id,
                       gboolean   *id_is_key)
{
  PwFakePlatform *fake = fake_start ();
  g_autoptr (GError) error = NULL;
  g_autoptr (PwSubmissionResult) lost = NULL;
  g_autoptr (PwSubmissionResult) retry = NULL;
  g_autofree char *key = g_uuid_string_random ();
  PwConnector *connector = connector_new (fake, fake->token);
  JsonObject *state;

  fake_config (fake, config);
  lost = submit (connector, task_id, key, IMAGE_WORK, &error);
  g_assert_error (error, PW_ERROR, PW_ERROR_NETWORK);
  g_assert_null (lost);
  g_clear_error (&error);

  retry = submit (connector, task_id, key, IMAGE_WORK, &error);
  g_assert_no_error (error);
  g_assert_true (pw_submission_result_is_replay (retry));
  *id_is_key = g_strcmp0 (pw_submission_result_get_id (retry), key) == 0;
  state = fake_state (fake);
  g_assert_cmpuint (json_array_get_length (annotations_of (state, task_id)), ==, 1);
  pw_test_finalize (connector);
  return state;
}

/* The answer to a committed annotation is lost, on a server that ignores
 * unique_id: the retry finds the worker's own annotation and sends no
 * second one. */
static void
test_lost_answer_ignored_key (void)
{
  gboolean id_is_key;
  g_autoptr (JsonObject) state = lose_answer_and_retry ("{\"ignore_unique_id\": true, \"drop_after_commit\": 1}",
                                                        "104", &id_is_key);

  g_assert_false (id_is_key);
  g_assert_cmpuint (count_requests (state, "/api/tasks/104/annotations/"), >=, 3);
}

/* The answer is lost and the retry cannot see the annotation in the
 * task's list: the server's 409 on the repeated unique_id says it was
 * taken, and that is a success. */
static void
test_lost_answer_409 (void)
{
  gboolean id_is_key;
  g_autoptr (JsonObject) state = lose_answer_and_retry ("{\"list_annotations\": false, \"drop_after_commit\": 1}",
                                                        "102", &id_is_key);
  JsonArray *requests = json_object_get_array_member (state, "requests");

  g_assert_true (id_is_key);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (requests, json_array_get_length (requests) - 2),
                                               "status"), ==, 409);
}

/* Label Studio keeps no statement of pay and no leases to hand back. */
static void
test_statement_release (void)
{
  PwFakePlatform *fake = fake_start ();
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GAsyncResult) released = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (PwStatementPage) page = NULL;
  const char *const task_ids[] = { "101", NULL };
  PwConnector *connector = connector_new (fake, fake->token);
  guint n_released = 7;

  pw_connector_statement_async (connector, NULL, NULL, pw_test_on_done, &result);
  page = pw_connector_statement_finish (connector, pw_test_wait (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pw_statement_page_get_entries (page)->len, ==, 0);
  g_assert_null (pw_statement_page_get_next (page));

  pw_connector_release_async (connector, "claim", task_ids, NULL, pw_test_on_done, &released);
  g_assert_true (pw_connector_release_finish (connector, pw_test_wait (&released), &n_released, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_released, ==, 0);

  g_clear_object (&result);
  g_clear_object (&released);
  pw_test_finalize (connector);
}

/* Answers that are not what Label Studio's API describes */

static void
assert_unreadable (const GError *error,
                   const char   *why)
{
  g_assert_error (error, PW_ERROR, PW_ERROR_PROTOCOL);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "Label Studio"));
  g_assert_nonnull (strstr (error->message, why));
}

/* A label_config that is not XML: the project is listed as one Piecework
 * cannot show, saying why; it cannot be claimed; work on it waits and goes
 * once the configuration can be read again. */
static void
test_config_not_xml (void)
{
  PwFakePlatform *fake = fake_start ();
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GAsyncResult) claimed = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) projects = NULL;
  g_autoptr (PwClaim) refused = NULL;
  g_autoptr (PwSubmissionResult) waiting = NULL;
  g_autoptr (PwSubmissionResult) taken = NULL;
  g_autoptr (JsonObject) state = NULL;
  g_autofree char *key = g_uuid_string_random ();
  PwConnector *connector = connector_new (fake, fake->token);
  JsonObject *image;

  fake_config (fake, "{\"malformed\": \"config-not-xml\", \"malformed_count\": 1}");
  pw_connector_list_projects_async (connector, NULL, pw_test_on_done, &result);
  projects = pw_connector_list_projects_finish (connector, pw_test_wait (&result), &error);
  g_assert_no_error (error);
  image = json_node_get_object (pw_project_get_json (projects->pdata[0]));
  g_assert_nonnull (strstr (json_object_get_string_member (image, "unsupported"), "cannot be read"));

  fake_config (fake, "{\"malformed\": \"config-not-xml\", \"malformed_count\": 1}");
  pw_connector_claim_async (connector, "1", 1, NULL, pw_test_on_done, &claimed);
  refused = pw_connector_claim_finish (connector, pw_test_wait (&claimed), &error);
  g_assert_null (refused);
  g_assert_error (error, PW_ERROR, PW_ERROR_UNSUPPORTED);
  g_assert_nonnull (strstr (error->message, "cannot be read"));
  g_clear_error (&error);

  fake_config (fake, "{\"malformed\": \"config-not-xml\", \"malformed_count\": 1}");
  waiting = submit (connector, "101", key, IMAGE_WORK, &error);
  g_assert_null (waiting);
  assert_unreadable (error, "The work is kept here and sent again later.");
  g_clear_error (&error);
  taken = submit (connector, "101", key, IMAGE_WORK, &error);
  g_assert_no_error (error);
  g_assert_nonnull (taken);
  state = fake_state (fake);
  g_assert_cmpuint (json_array_get_length (annotations_of (state, "101")), ==, 1);

  g_clear_object (&result);
  g_clear_object (&claimed);
  pw_test_finalize (connector);
}

/* A page of tasks whose tasks are not a list, a whoami without the user's
 * id: errors that say what to do; the next good answers are read as
 * ever, and the work is taken once. */
static void
test_malformed_answers (void)
{
  PwFakePlatform *fake = fake_start ();
  g_autoptr (GAsyncResult) claimed = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (PwClaim) refused = NULL;
  g_autoptr (PwClaim) batch = NULL;
  g_autoptr (PwMarketMe) nobody = NULL;
  g_autoptr (PwMarketMe) me = NULL;
  g_autoptr (PwSubmissionResult) waiting = NULL;
  g_autoptr (PwSubmissionResult) taken = NULL;
  g_autoptr (JsonObject) state = NULL;
  g_autofree char *key = g_uuid_string_random ();
  PwConnector *connector = connector_new (fake, fake->token);
  PwConnector *fresh = connector_new (fake, fake->token);

  fake_config (fake, "{\"malformed\": \"tasks-not-array\", \"malformed_count\": 1}");
  pw_connector_claim_async (connector, "1", 3, NULL, pw_test_on_done, &claimed);
  refused = pw_connector_claim_finish (connector, pw_test_wait (&claimed), &error);
  g_assert_null (refused);
  assert_unreadable (error, "Check that the account’s address leads to the Label Studio server itself");
  g_clear_error (&error);
  batch = claim (connector, "1", 3);
  g_assert_cmpuint (pw_claim_get_tasks (batch)->len, ==, 3);

  fake_config (fake, "{\"malformed\": \"whoami-without-id\", \"malformed_count\": 1}");
  nobody = get_me (connector, &error);
  g_assert_null (nobody);
  assert_unreadable (error, "“id”");
  g_clear_error (&error);
  me = get_me (connector, &error);
  g_assert_no_error (error);

  /* A connector that has not met the worker yet asks who they are before
   * it looks for their own copy of the work. */
  fake_config (fake, "{\"malformed\": \"whoami-without-id\", \"malformed_count\": 1, \"ignore_unique_id\": true}");
  waiting = submit (fresh, "102", key, IMAGE_WORK, &error);
  g_assert_null (waiting);
  assert_unreadable (error, "Check that the account’s address leads to the Label Studio server itself");
  g_clear_error (&error);
  taken = submit (fresh, "102", key, IMAGE_WORK, &error);
  g_assert_no_error (error);
  g_assert_nonnull (taken);
  state = fake_state (fake);
  g_assert_cmpuint (json_array_get_length (annotations_of (state, "102")), ==, 1);

  g_clear_object (&claimed);
  pw_test_finalize (connector);
  pw_test_finalize (fresh);
}

/* Last: every request the client made is one the published spec allows. */
static void
test_spec_allows_every_request (void)
{
  PwFakePlatform *fake = fake_start ();
  g_autoptr (JsonObject) verdict = fake_call (fake, "GET", "_test/violations", NULL);

  pw_test_assert_spec_verdict (verdict);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  if (!pw_fake_platform_can_start ())
    return g_test_run ();
  g_test_add_func ("/label-studio-connector/tokens", test_tokens);
  g_test_add_func ("/label-studio-connector/refresh", test_refresh);
  g_test_add_func ("/label-studio-connector/projects", test_projects);
  g_test_add_func ("/label-studio-connector/claims", test_claims);
  g_test_add_func ("/label-studio-connector/media", test_media);
  g_test_add_func ("/label-studio-connector/submit", test_submit);
  g_test_add_func ("/label-studio-connector/turned-boxes", test_turned_boxes);
  g_test_add_func ("/label-studio-connector/two-controls", test_two_controls);
  g_test_add_func ("/label-studio-connector/choice-groups", test_choice_groups);
  g_test_add_func ("/label-studio-connector/segment-text", test_segment_text);
  g_test_add_func ("/label-studio-connector/lost-answer-ignored-key", test_lost_answer_ignored_key);
  g_test_add_func ("/label-studio-connector/lost-answer-409", test_lost_answer_409);
  g_test_add_func ("/label-studio-connector/statement-release", test_statement_release);
  g_test_add_func ("/label-studio-connector/config-not-xml", test_config_not_xml);
  g_test_add_func ("/label-studio-connector/malformed-answers", test_malformed_answers);
  g_test_add_func ("/label-studio-connector/spec-allows-every-request", test_spec_allows_every_request);

  status = g_test_run ();
  g_clear_pointer (&the_fake, pw_fake_platform_free);
  return status;
}
