/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "piecework-engine.h"
#include "connectors/pw-cvat-private.h"
#include "../market/pw-market-test.h"
#include "pw-platform-test.h"

/* The CVAT connector against tests/platforms/fake_cvat.py, a server
 * written from CVAT's published API alone, run as its own process: the
 * jobs assigned to the worker, a claim of a whole job with its frames and
 * what it holds, frames submitted one by one, a lost answer after a
 * committed PUT, someone else's edit, a reassignment, and answers that
 * are not what the API describes. */

static PwFakePlatform *fake;
static char *fake_state_dir;
static char *fake_media_dir;

/* Asks the fake for something, synchronously: the test's own business. */
static JsonNode *
fake_ask (const char *method,
          const char *path,
          const char *body)
{
  return pw_fake_platform_ask (fake, method, path, body);
}

static JsonObject *
fake_job (gint64 job_id)
{
  g_autofree char *path = g_strdup_printf ("_fake/job?job=%" G_GINT64_FORMAT, job_id);
  g_autoptr (JsonNode) node = fake_ask ("GET", path, NULL);

  return json_object_ref (json_node_get_object (node));
}

/* How many requests the fake received with @method whose path ends with
 * @suffix. */
static guint
fake_count (const char *method,
            const char *suffix)
{
  g_autoptr (JsonNode) node = fake_ask ("GET", "_fake/requests", NULL);
  JsonArray *requests = json_object_get_array_member (json_node_get_object (node), "requests");
  guint count = 0;

  for (guint i = 0; i < json_array_get_length (requests); i++)
    {
      JsonObject *request = json_array_get_object_element (requests, i);

      if (g_str_equal (json_object_get_string_member (request, "method"), method)
          && g_str_has_suffix (json_object_get_string_member (request, "path"), suffix))
        count++;
    }
  return count;
}

static PwConnector *
connector_new (const char *token)
{
  g_autoptr (GFile) state = g_file_new_for_path (fake_state_dir);
  g_autoptr (GError) error = NULL;
  PwConnector *connector = pw_cvat_connector_new (fake->url, token, state, &error);

  g_assert_no_error (error);
  return connector;
}

/* A task's prefill as the worker leaves it: untouched, or with a box. */
static JsonNode *
work_on (PwTask     *task,
         const char *extra_shape)
{
  JsonNode *prefill = pw_task_get_prefill (task);
  g_autoptr (JsonNode) copy = NULL;

  if (prefill != NULL && !JSON_NODE_HOLDS_NULL (prefill))
    copy = json_node_copy (prefill);
  else
    copy = json_from_string ("{\"image\": {\"width\": 64, \"height\": 48}, \"shapes\": [], \"choices\": []}", NULL);
  if (extra_shape != NULL)
    json_array_add_element (json_object_get_array_member (json_node_get_object (copy), "shapes"),
                            json_from_string (extra_shape, NULL));
  return g_steal_pointer (&copy);
}

static void
test_me_and_projects (void)
{
  g_autoptr (PwConnector) connector = connector_new (PW_FAKE_CVAT_TOKEN);
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GAsyncResult) listed = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (PwMarketMe) me = NULL;
  g_autoptr (GPtrArray) projects = NULL;
  PwProject *job7 = NULL, *job8 = NULL;

  g_assert_cmpint (pw_connector_get_kind (connector), ==, PW_ACCOUNT_KIND_CVAT);
  pw_connector_get_me_async (connector, NULL, pw_test_on_done, &result);
  me = pw_connector_get_me_finish (connector, pw_test_wait (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pw_market_me_get_worker_id (me), ==, "ana");
  g_assert_cmpstr (pw_market_me_get_name (me), ==, "Ana Lima");

  pw_connector_list_projects_async (connector, NULL, pw_test_on_done, &listed);
  projects = pw_connector_list_projects_finish (connector, pw_test_wait (&listed), &error);
  g_assert_no_error (error);
  for (guint i = 0; i < projects->len; i++)
    {
      if (g_str_equal (pw_project_get_id (projects->pdata[i]), "7"))
        job7 = projects->pdata[i];
      if (g_str_equal (pw_project_get_id (projects->pdata[i]), "8"))
        job8 = projects->pdata[i];
      /* The job of "banana", whose name holds "ana", is not the worker's. */
      g_assert_cmpstr (pw_project_get_id (projects->pdata[i]), !=, "11");
    }
  g_assert_nonnull (job7);
  g_assert_nonnull (job8);

  /* Labels over several pages, in the server's order, with keys. */
  g_assert_cmpuint (json_array_get_length (pw_project_get_labels_json (job7) != NULL
                                           ? json_node_get_array (pw_project_get_labels_json (job7)) : NULL), ==, 4);
  g_assert_true (pw_project_has_tool (job7, "choice"));
  g_assert_false (json_object_has_member (json_node_get_object (pw_project_get_json (job7)), "web_only"));
  /* The video job is listed, marked as CVAT's web page's. */
  g_assert_true (g_str_has_suffix (json_object_get_string_member (json_node_get_object (pw_project_get_json (job8)),
                                                                  "web_only"), "/tasks/80/jobs/8"));
  g_assert_cmpuint (fake_count ("GET", "/api/labels"), >=, 3);
  g_clear_object (&result);
  g_clear_object (&listed);
  pw_test_finalize (g_steal_pointer (&connector));
}

static void
test_legacy_key (void)
{
  g_autoptr (GAsyncResult) logged_in = NULL;
  g_autofree char *token = NULL;
  g_autoptr (PwConnector) connector = NULL;
  g_autoptr (PwConnector) wrong = connector_new ("not-a-token");
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GAsyncResult) refused = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (PwMarketMe) me = NULL;
  g_autoptr (PwMarketMe) none = NULL;

  /* A key from signing in, sent as "Token KEY". */
  pw_cvat_log_in_async (fake->url, "ana", "secret", NULL, pw_test_on_done, &logged_in);
  token = pw_cvat_log_in_finish (pw_test_wait (&logged_in), &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (token, "Token key-"));
  connector = connector_new (token);

  pw_connector_get_me_async (connector, NULL, pw_test_on_done, &result);
  me = pw_connector_get_me_finish (connector, pw_test_wait (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pw_market_me_get_worker_id (me), ==, "ana");

  pw_connector_get_me_async (wrong, NULL, pw_test_on_done, &refused);
  none = pw_connector_get_me_finish (wrong, pw_test_wait (&refused), &error);
  g_assert_null (none);
  g_assert_error (error, PW_ERROR, PW_ERROR_UNAUTHORIZED);
  g_clear_object (&result);
  g_clear_object (&refused);
  pw_test_finalize (g_steal_pointer (&connector));
  pw_test_finalize (g_steal_pointer (&wrong));
}

static void
test_video_not_claimable (void)
{
  g_autoptr (PwConnector) connector = connector_new (PW_FAKE_CVAT_TOKEN);
  g_autoptr (GError) error = NULL;
  g_autoptr (PwClaim) refused = pw_test_claim (connector, "8", 1, &error);

  g_assert_null (refused);
  g_assert_error (error, PW_ERROR, PW_ERROR_UNSUPPORTED);
  g_assert_nonnull (strstr (error->message, "/tasks/80/jobs/8"));
  pw_test_finalize (g_steal_pointer (&connector));
}

static void
test_claim_and_submit_job (void)
{
  g_autoptr (PwConnector) connector = connector_new (PW_FAKE_CVAT_TOKEN);
  g_autoptr (GError) error = NULL;
  g_autoptr (PwClaim) job = pw_test_claim (connector, "7", 1, &error);
  g_autoptr (JsonObject) before = fake_job (7);
  g_autoptr (JsonObject) after = NULL;
  g_autoptr (GFile) media = NULL;
  g_autofree char *contents = NULL;
  GPtrArray *tasks;
  JsonArray *shapes, *tags;
  gsize length;
  guint puts;

  g_assert_no_error (error);
  tasks = pw_claim_get_tasks (job);
  g_assert_cmpuint (tasks->len, ==, 3);
  g_assert_cmpstr (pw_task_get_id (tasks->pdata[0]), ==, "7:100");
  g_assert_cmpstr (pw_task_get_id (tasks->pdata[1]), ==, "7:101");
  g_assert_cmpstr (pw_task_get_id (tasks->pdata[2]), ==, "7:102");
  g_assert_cmpstr (pw_task_get_project_id (tasks->pdata[0]), ==, "7");
  g_assert_nonnull (pw_task_get_prefill (tasks->pdata[0]));

  /* The frame, with the token, into the media cache. */
  media = pw_test_fetch_media (connector, tasks->pdata[0], fake_media_dir, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_load_contents (media, NULL, &contents, &length, NULL, &error));
  g_assert_true (length > 8 && memcmp (contents, "\x89PNG", 4) == 0);

  /* Frame by frame; the first two frames write the job, the last
   * completes it. The first frame's box is moved: its rotation and
   * attribute go with it. */
  for (guint i = 0; i < tasks->len; i++)
    {
      g_autoptr (JsonNode) work = work_on (tasks->pdata[i], i == 2
                                           ? "{\"id\": \"n1\", \"type\": \"bbox\", \"label\": \"thing\", \"x\": 2.5, \"y\": 3, \"w\": 4, \"h\": 5}"
                                           : NULL);
      g_autoptr (PwSubmissionResult) receipt = NULL;
      g_autoptr (JsonObject) now = NULL;

      receipt = pw_test_submit (connector, pw_task_get_id (tasks->pdata[i]), NULL, work, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (pw_submission_result_get_task_id (receipt), ==, pw_task_get_id (tasks->pdata[i]));
      now = fake_job (7);
      g_assert_cmpstr (json_object_get_string_member (now, "state"), ==, i == 2 ? "completed" : "new");
    }

  after = fake_job (7);
  shapes = json_object_get_array_member (json_object_get_object_member (after, "annotations"), "shapes");
  tags = json_object_get_array_member (json_object_get_object_member (after, "annotations"), "tags");
  /* The three shapes held (the polyline not shown among them), the new
   * box, each once; the tag. */
  g_assert_cmpuint (json_array_get_length (shapes), ==, 4);
  g_assert_cmpuint (json_array_get_length (tags), ==, 1);
  for (guint i = 0; i < json_array_get_length (shapes); i++)
    {
      JsonObject *shape = json_array_get_object_element (shapes, i);

      if (json_object_get_int_member (shape, "frame") == 100)
        {
          g_assert_cmpfloat (json_object_get_double_member (shape, "rotation"), ==, 15.0);
          g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (json_object_get_array_member (shape, "attributes"), 0), "value"), ==, "blue");
        }
    }
  {
    JsonObject *held_before = json_object_get_object_member (before, "annotations");
    g_autoptr (JsonObject) without_new = json_object_new ();
    JsonArray *kept_shapes = json_array_new ();

    for (guint i = 0; i < json_array_get_length (shapes); i++)
      if (json_object_get_int_member (json_array_get_object_element (shapes, i), "frame") != 102)
        json_array_add_element (kept_shapes, json_node_copy (json_array_get_element (shapes, i)));
    json_object_set_array_member (without_new, "shapes", kept_shapes);
    json_object_set_array_member (without_new, "tags", json_array_ref (tags));
    g_assert_true (_pw_cvat_same_annotations (held_before, without_new));
  }
  puts = fake_count ("PUT", "/annotations/");
  g_assert_cmpuint (puts, ==, 3);
  g_assert_cmpuint (fake_count ("PATCH", "/annotations/"), ==, 0);
  g_assert_cmpuint (fake_count ("PATCH", "/api/jobs/7"), ==, 1);
  pw_test_finalize (g_steal_pointer (&connector));
}

/* The one shape of a prefill, read as the canvas reads it. */
static PwShape *
prefill_shape (PwTask *task)
{
  JsonArray *shapes = json_object_get_array_member (json_node_get_object (pw_task_get_prefill (task)), "shapes");
  g_autoptr (GError) error = NULL;
  PwShape *shape;

  g_assert_cmpuint (json_array_get_length (shapes), ==, 1);
  shape = pw_shape_new_from_json (json_array_get_element (shapes, 0), &error);
  g_assert_no_error (error);
  return shape;
}

static JsonObject *
held_shape (JsonArray  *shapes,
            gint64      frame,
            const char *type)
{
  JsonObject *found = NULL;

  for (guint i = 0; i < json_array_get_length (shapes); i++)
    {
      JsonObject *shape = json_array_get_object_element (shapes, i);

      if (json_object_get_int_member (shape, "frame") == frame
          && g_str_equal (json_object_get_string_member (shape, "type"), type))
        {
          g_assert_null (found);
          found = shape;
        }
    }
  g_assert_nonnull (found);
  return found;
}

static void
assert_points (JsonObject         *shape,
               const double       *expected,
               guint               n)
{
  JsonArray *points = json_object_get_array_member (shape, "points");

  g_assert_cmpuint (json_array_get_length (points), ==, n);
  for (guint i = 0; i < n; i++)
    g_assert_cmpfloat (json_array_get_double_element (points, i), ==, expected[i]);
}

/* Turned boxes open turned, where CVAT shows them (degrees clockwise
 * about the centre), and go back with the same turn and centre: one
 * untouched with CVAT's own numbers, one moved by whole steps with
 * exact ones. A polygon with a rotation of its own is kept as it was. */
static void
test_turned_boxes (void)
{
  g_autoptr (PwConnector) connector = connector_new (PW_FAKE_CVAT_TOKEN);
  g_autoptr (GError) error = NULL;
  g_autoptr (PwClaim) job = pw_test_claim (connector, "31", 1, &error);
  g_autoptr (PwShape) first = NULL;
  g_autoptr (PwShape) second = NULL;
  g_autoptr (JsonObject) after = NULL;
  g_autoptr (JsonNode) untouched = NULL;
  g_autoptr (JsonNode) moved = NULL;
  g_autoptr (PwSubmissionResult) receipt = NULL;
  g_autoptr (PwSubmissionResult) last = NULL;
  static const double first_points[] = { 10.5, 12.25, 40.75, 30.5 };
  static const double lane_points[] = { 1.0, 1.0, 9.0, 1.0, 5.0, 7.0 };
  static const double moved_points[] = { 22.5, 7.25, 46.5, 19.0 };
  JsonArray *shapes;
  JsonObject *box, *lane;
  GPtrArray *tasks;
  PwRect rect;

  g_assert_no_error (error);
  tasks = pw_claim_get_tasks (job);
  g_assert_cmpuint (tasks->len, ==, 2);

  /* CVAT to Piecework: the box before its turn, and the turn. */
  first = prefill_shape (tasks->pdata[0]);
  pw_shape_get_rect (first, &rect);
  g_assert_cmpfloat (rect.x, ==, 10.5);
  g_assert_cmpfloat (rect.y, ==, 12.25);
  g_assert_cmpfloat (rect.w, ==, 30.25);
  g_assert_cmpfloat (rect.h, ==, 18.25);
  g_assert_cmpfloat (pw_shape_get_rotation (first), ==, 33.5);
  second = prefill_shape (tasks->pdata[1]);
  g_assert_cmpfloat (pw_shape_get_rotation (second), ==, 300.0);

  /* Piecework to CVAT: the first frame untouched, the second's box moved
   * by (2.5, -1.25). */
  untouched = work_on (tasks->pdata[0], NULL);
  receipt = pw_test_submit (connector, pw_task_get_id (tasks->pdata[0]), NULL, untouched, &error);
  g_assert_no_error (error);
  moved = work_on (tasks->pdata[1], NULL);
  box = json_array_get_object_element (json_object_get_array_member (json_node_get_object (moved), "shapes"), 0);
  json_object_set_double_member (box, "x", 22.5);
  json_object_set_double_member (box, "y", 7.25);
  last = pw_test_submit (connector, pw_task_get_id (tasks->pdata[1]), NULL, moved, &error);
  g_assert_no_error (error);

  after = fake_job (31);
  g_assert_cmpstr (json_object_get_string_member (after, "state"), ==, "completed");
  shapes = json_object_get_array_member (json_object_get_object_member (after, "annotations"), "shapes");
  g_assert_cmpuint (json_array_get_length (shapes), ==, 3);
  box = held_shape (shapes, 0, "rectangle");
  assert_points (box, first_points, 4);
  g_assert_cmpfloat (json_object_get_double_member (box, "rotation"), ==, 33.5);
  g_assert_cmpint (json_object_get_int_member (box, "z_order"), ==, 2);
  lane = held_shape (shapes, 0, "polygon");
  assert_points (lane, lane_points, 6);
  g_assert_cmpfloat (json_object_get_double_member (lane, "rotation"), ==, 10.0);
  box = held_shape (shapes, 1, "rectangle");
  assert_points (box, moved_points, 4);
  g_assert_cmpfloat (json_object_get_double_member (box, "rotation"), ==, 300.0);
  pw_test_finalize (g_steal_pointer (&connector));
}

#define BOX "{\"id\": \"n1\", \"type\": \"bbox\", \"label\": \"thing\", \"x\": 1, \"y\": 2, \"w\": 3, \"h\": 4}"

/* A job claimed on a connector of its own, and the worker's work on its
 * first frame. */
typedef struct
{
  PwConnector *connector;
  PwClaim     *job;
  PwTask      *frame;
  JsonNode    *work;
} FirstFrame;

/* Claims @job and works on its first frame: untouched, or with
 * @extra_shape. */
static void
first_frame_claim (FirstFrame *first,
                   const char *job,
                   const char *extra_shape)
{
  g_autoptr (GError) error = NULL;

  first->connector = connector_new (PW_FAKE_CVAT_TOKEN);
  first->job = pw_test_claim (first->connector, job, 1, &error);
  g_assert_no_error (error);
  first->frame = pw_claim_get_tasks (first->job)->pdata[0];
  first->work = work_on (first->frame, extra_shape);
}

/* The first frame's work, submitted. */
static PwSubmissionResult *
first_frame_submit (FirstFrame  *first,
                    GError     **error)
{
  return pw_test_submit (first->connector, pw_task_get_id (first->frame), NULL, first->work, error);
}

static void
first_frame_clear (FirstFrame *first)
{
  g_clear_pointer (&first->work, json_node_unref);
  g_clear_pointer (&first->job, pw_claim_unref);
  pw_test_finalize (g_steal_pointer (&first->connector));
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (FirstFrame, first_frame_clear)

/* The shapes job @job_id holds. */
static guint
n_held_shapes (gint64 job_id)
{
  g_autoptr (JsonObject) job = fake_job (job_id);

  return json_array_get_length (json_object_get_array_member (json_object_get_object_member (job, "annotations"),
                                                              "shapes"));
}

static void
test_lost_answer (void)
{
  g_auto (FirstFrame) first = { NULL, };
  g_autoptr (GError) error = NULL;
  g_autoptr (PwSubmissionResult) lost = NULL;
  g_autoptr (PwSubmissionResult) again = NULL;
  g_autoptr (JsonNode) dropped = NULL;

  first_frame_claim (&first, "9", BOX);

  /* The PUT is committed and its answer lost: the retry takes the job's
   * new updated_date for its own write, not for someone else's. */
  /* Twice: libsoup sends a PUT again by itself, once, when a kept-alive
   * connection closes. */
  dropped = fake_ask ("GET", "_fake/drop-after-put?count=2", NULL);
  lost = first_frame_submit (&first, &error);
  g_assert_null (lost);
  g_assert_error (error, PW_ERROR, PW_ERROR_NETWORK);
  g_clear_error (&error);
  g_clear_pointer (&dropped, json_node_unref);
  dropped = fake_ask ("GET", "_fake/drop-after-put?count=0", NULL);
  g_assert_cmpuint (fake_count ("PUT", "/api/jobs/9/annotations/"), >=, 1);
  again = first_frame_submit (&first, &error);
  g_assert_no_error (error);
  g_assert_nonnull (again);
  g_assert_cmpuint (n_held_shapes (9), ==, 1);
}

static void
test_someone_elses_edit (void)
{
  g_auto (FirstFrame) first = { NULL, };
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) edited = NULL;
  g_autoptr (PwSubmissionResult) refused = NULL;
  guint puts = fake_count ("PUT", "/api/jobs/10/annotations/");

  first_frame_claim (&first, "10", BOX);
  edited = fake_ask ("GET", "_fake/edit?job=10", NULL);

  refused = first_frame_submit (&first, &error);
  g_assert_null (refused);
  g_assert_error (error, PW_ERROR, PW_ERROR_CONFLICT);
  g_assert_cmpuint (fake_count ("PUT", "/api/jobs/10/annotations/"), ==, puts);
  g_assert_cmpuint (n_held_shapes (10), ==, 1);
}

static void
test_reassigned (void)
{
  g_auto (FirstFrame) first = { NULL, };
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) moved = NULL;
  g_autoptr (PwSubmissionResult) refused = NULL;

  first_frame_claim (&first, "12", NULL);
  moved = fake_ask ("GET", "_fake/reassign?job=12&to=bob", NULL);

  refused = first_frame_submit (&first, &error);
  g_assert_null (refused);
  g_assert_error (error, PW_ERROR, PW_ERROR_REASSIGNED);
  g_assert_cmpuint (fake_count ("PUT", "/api/jobs/12/annotations/"), ==, 0);
}

/* Answers that are not what CVAT's API describes */

static void
malform (const char *answer,
         guint       count)
{
  g_autofree char *path = g_strdup_printf ("_fake/malformed?answer=%s&count=%u", answer, count);
  g_autoptr (JsonNode) node = fake_ask ("GET", path, NULL);
}

static GPtrArray *
list_projects (PwConnector  *connector,
               GError      **error)
{
  g_autoptr (GAsyncResult) result = NULL;

  pw_connector_list_projects_async (connector, NULL, pw_test_on_done, &result);
  return pw_connector_list_projects_finish (connector, pw_test_wait (&result), error);
}

/* The error of an answer CVAT's API does not describe: the protocol's,
 * which the outbox tries again later, naming CVAT and what to do. */
static void
assert_unreadable (const GError *error,
                   const char   *why)
{
  g_assert_error (error, PW_ERROR, PW_ERROR_PROTOCOL);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "CVAT"));
  g_assert_nonnull (strstr (error->message, "Check that the account’s address leads to the CVAT server itself"));
  if (why != NULL)
    g_assert_nonnull (strstr (error->message, why));
}

/* A page of jobs without results, a body that is not JSON, one far too
 * large, members of the wrong types: each ends in an error that says
 * what to do, and the next good answer is read as ever. */
static void
test_malformed_lists (void)
{
  g_autoptr (PwConnector) connector = connector_new (PW_FAKE_CVAT_TOKEN);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) projects = NULL;
  static const struct
  {
    const char *answer;
    const char *why;
    gboolean    every_answer;
  } cases[] = {
    { "jobs-without-results", "it has no list of results", FALSE },
    { "not-json", "not valid JSON", TRUE },
    { "huge", "larger than", TRUE },
    { "wrong-types", NULL, TRUE },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GPtrArray) none = NULL;
      g_autoptr (PwClaim) refused = NULL;

      g_test_message ("%s", cases[i].answer);
      malform (cases[i].answer, 1000);
      none = list_projects (connector, &error);
      g_assert_null (none);
      assert_unreadable (error, cases[i].why);
      g_clear_error (&error);
      if (cases[i].every_answer)
        {
          refused = pw_test_claim (connector, "13", 1, &error);
          g_assert_null (refused);
          assert_unreadable (error, NULL);
          g_clear_error (&error);
        }
      malform (cases[i].answer, 0);
    }

  projects = list_projects (connector, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (projects->len, >, 3);
  pw_test_finalize (g_steal_pointer (&connector));
}

/* A job's data without its frames' sizes cannot be claimed, and leaves
 * nothing behind: the next claim downloads the job afresh. */
static void
test_malformed_claim (void)
{
  g_autoptr (PwConnector) connector = connector_new (PW_FAKE_CVAT_TOKEN);
  g_autoptr (GError) error = NULL;
  g_autoptr (PwClaim) refused = NULL;
  g_autoptr (PwClaim) job = NULL;

  malform ("meta-without-frames", 1);
  refused = pw_test_claim (connector, "13", 1, &error);
  g_assert_null (refused);
  assert_unreadable (error, "no frame sizes");
  g_clear_error (&error);

  job = pw_test_claim (connector, "13", 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pw_claim_get_tasks (job)->len, ==, 2);
  pw_test_finalize (g_steal_pointer (&connector));
}

/* While a frame is submitted, a job or annotations that cannot be read
 * are neither a reassignment nor someone else's edit: the submission
 * waits (the protocol's error) and goes again, and the job ends with the
 * work once. */
static void
test_malformed_submit (void)
{
  g_autoptr (PwConnector) connector = connector_new (PW_FAKE_CVAT_TOKEN);
  g_autoptr (GError) error = NULL;
  g_autoptr (PwClaim) job = pw_test_claim (connector, "14", 1, &error);
  g_autoptr (JsonObject) after = NULL;
  GPtrArray *tasks;
  JsonArray *shapes;

  g_assert_no_error (error);
  tasks = pw_claim_get_tasks (job);
  g_assert_cmpuint (tasks->len, ==, 2);
  for (guint i = 0; i < tasks->len; i++)
    {
      g_autofree char *box = g_strdup_printf ("{\"id\": \"n%u\", \"type\": \"bbox\", \"label\": \"thing\","
                                              " \"x\": %u, \"y\": 2, \"w\": 3, \"h\": 4}", i, i + 1);
      g_autoptr (JsonNode) work = work_on (tasks->pdata[i], box);
      static const char *const answers[] = { "not-json", "wrong-types", "huge" };

      for (gsize a = 0; a < G_N_ELEMENTS (answers); a++)
        {
          g_autoptr (PwSubmissionResult) refused = NULL;

          malform (answers[a], 1);
          refused = pw_test_submit (connector, pw_task_get_id (tasks->pdata[i]), NULL, work, &error);
          g_assert_null (refused);
          assert_unreadable (error, NULL);
          g_clear_error (&error);
        }
      if (i == 1)
        {
          g_autoptr (PwSubmissionResult) lost = NULL;
          g_autoptr (PwSubmissionResult) refused = NULL;
          g_autoptr (JsonNode) dropped = fake_ask ("GET", "_fake/drop-after-put?count=2", NULL);

          /* The write is taken and its answer lost: the next try reads
           * what the job holds, and that answer is broken. */
          lost = pw_test_submit (connector, pw_task_get_id (tasks->pdata[i]), NULL, work, &error);
          g_assert_null (lost);
          g_clear_error (&error);
          g_clear_pointer (&dropped, json_node_unref);
          dropped = fake_ask ("GET", "_fake/drop-after-put?count=0", NULL);
          malform ("annotations-wrong-types", 1);
          refused = pw_test_submit (connector, pw_task_get_id (tasks->pdata[i]), NULL, work, &error);
          g_assert_null (refused);
          assert_unreadable (error, NULL);
          g_clear_error (&error);
        }
      {
        g_autoptr (PwSubmissionResult) receipt = pw_test_submit (connector, pw_task_get_id (tasks->pdata[i]), NULL, work, &error);

        g_assert_no_error (error);
        g_assert_nonnull (receipt);
      }
    }

  after = fake_job (14);
  g_assert_cmpstr (json_object_get_string_member (after, "state"), ==, "completed");
  shapes = json_object_get_array_member (json_object_get_object_member (after, "annotations"), "shapes");
  g_assert_cmpuint (json_array_get_length (shapes), ==, 2);
  pw_test_finalize (g_steal_pointer (&connector));
}

/* Another process (here, the test) holds the job's lock: the submission
 * waits a little, then ends with an error the outbox tries again later,
 * having sent nothing; once the lock is free, it goes. */
static void
test_job_locked_elsewhere (void)
{
  g_auto (FirstFrame) first = { NULL, };
  g_autoptr (GError) error = NULL;
  g_autofree char *lock_path = g_build_filename (fake_state_dir, "job-16.json.lock", NULL);
  g_autoptr (PwSubmissionResult) waiting = NULL;
  g_autoptr (PwSubmissionResult) sent = NULL;
  guint puts = fake_count ("PUT", "/api/jobs/16/annotations/");
  gint64 start;
  int fd;

  first_frame_claim (&first, "16", NULL);
  fd = g_open (lock_path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (flock (fd, LOCK_EX), ==, 0);

  start = g_get_monotonic_time ();
  waiting = first_frame_submit (&first, &error);
  g_assert_null (waiting);
  g_assert_error (error, PW_ERROR, PW_ERROR_FAILED);
  /* No answer of the server: the outbox keeps the row pending. */
  g_assert_cmpuint (pw_error_get_http_status (error), ==, 0);
  g_assert_nonnull (strstr (error->message, "next try"));
  g_assert_cmpint (g_get_monotonic_time () - start, >=, G_USEC_PER_SEC);
  g_assert_cmpuint (fake_count ("PUT", "/api/jobs/16/annotations/"), ==, puts);
  g_clear_error (&error);

  close (fd);
  sent = first_frame_submit (&first, &error);
  g_assert_no_error (error);
  g_assert_nonnull (sent);
  g_assert_cmpuint (fake_count ("PUT", "/api/jobs/16/annotations/"), ==, puts + 1);
}

typedef struct
{
  guint         last_done;
  GCancellable *cancel_after_first;
} ClaimProgress;

static void
on_claim_progress (guint    n_done,
                   guint    n_tasks,
                   goffset  received,
                   goffset  total,
                   gpointer user_data)
{
  ClaimProgress *progress = user_data;

  g_assert_cmpuint (n_done, >=, progress->last_done);
  g_assert_cmpuint (n_done, <=, MAX (n_tasks, 1));
  progress->last_done = n_done;
  if (n_done >= 1 && progress->cancel_after_first != NULL)
    g_cancellable_cancel (progress->cancel_after_first);
}

/* A claim of a job of many frames, as the Tasks place and --claim make
 * it: the frames come a few at once, each recorded as it arrives. */
static void
test_claim_batch_frames_at_once (void)
{
  g_autoptr (PwConnector) connector = connector_new (PW_FAKE_CVAT_TOKEN);
  g_autofree char *store_dir = pw_test_make_dir ();
  g_autofree char *store_path = g_build_filename (store_dir, "store.db", NULL);
  g_autoptr (GFile) media_dir = g_file_new_for_path (fake_media_dir);
  g_autoptr (PwStore) store = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (PwClaimBatch) batch = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) slow = NULL;
  g_autoptr (JsonNode) fast = NULL;
  g_autoptr (JsonNode) at_once = NULL;
  g_autoptr (GAsyncResult) stopped = NULL;
  g_autoptr (PwClaimBatch) none = NULL;
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_auto (GStrv) files = NULL;
  ClaimProgress progress = { 0, };
  gint64 most;

  store = pw_store_new_for_path (store_path, &error);
  g_assert_no_error (error);
  pw_store_add_account (store, "cvat", "CVAT", fake->url, "cvat");
  /* Each frame takes a while to come: frames asked for at once overlap. */
  slow = fake_ask ("GET", "_fake/frame-delay?seconds=0.3", NULL);

  pw_claim_batch_async (store, connector, "cvat", "15", 1, media_dir, on_claim_progress, &progress,
                        NULL, pw_test_on_done, &result);
  batch = pw_claim_batch_finish (pw_test_wait (&result), &error);
  g_assert_no_error (error);
  at_once = fake_ask ("GET", "_fake/frames-at-once", NULL);
  fast = fake_ask ("GET", "_fake/frame-delay?seconds=0", NULL);
  most = json_object_get_int_member (json_node_get_object (at_once), "frames_at_once");

  files = pw_claim_batch_get_media_files (batch);
  g_assert_cmpuint (g_strv_length (files), ==, 8);
  g_assert_cmpuint (pw_claim_batch_get_n_media_failed (batch), ==, 0);
  for (guint i = 0; files[i] != NULL; i++)
    g_assert_true (g_file_test (files[i], G_FILE_TEST_IS_REGULAR));
  g_assert_cmpuint (progress.last_done, ==, 8);
  /* More than one at a time, and a place of the account's left free. */
  g_assert_cmpint (most, >=, 2);
  g_assert_cmpint (most, <, PW_MARKET_MAX_IN_FLIGHT);

  /* Stopped once the first frame is in: the downloads running end, and
   * the claim with them, cancelled. */
  g_clear_pointer (&slow, json_node_unref);
  slow = fake_ask ("GET", "_fake/frame-delay?seconds=0.3", NULL);
  progress = (ClaimProgress) { 0, cancellable };
  pw_claim_batch_async (store, connector, "cvat", "15", 1, media_dir, on_claim_progress, &progress,
                        cancellable, pw_test_on_done, &stopped);
  none = pw_claim_batch_finish (pw_test_wait (&stopped), &error);
  g_assert_null (none);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (progress.last_done, <, 8);
  g_clear_pointer (&fast, json_node_unref);
  fast = fake_ask ("GET", "_fake/frame-delay?seconds=0", NULL);

  g_clear_object (&result);
  g_clear_object (&stopped);
  g_clear_pointer (&batch, pw_claim_batch_free);
  pw_test_finalize (g_steal_pointer (&store));
  pw_test_finalize (g_steal_pointer (&connector));
  pw_test_remove_dir (store_dir);
}

#define WAIT_UNTIL(condition) PW_PLATFORM_TEST_WAIT_UNTIL (condition)

typedef struct
{
  guint n_tasks;
  guint n_done;
} Progressive;

static void
on_progressive (guint    n_done,
                guint    n_tasks,
                goffset  received,
                goffset  total,
                gpointer user_data)
{
  Progressive *progress = user_data;

  progress->n_tasks = n_tasks;
  progress->n_done = n_done;
}

static gint64
fake_frames_held (void)
{
  g_autoptr (JsonNode) node = fake_ask ("GET", "_fake/frames-held", NULL);

  return json_object_get_int_member (json_node_get_object (node), "frames_held");
}

static gint64
available_of (PwConnector *connector,
              const char  *job)
{
  g_autoptr (GAsyncResult) listed = NULL;
  g_autoptr (GPtrArray) projects = NULL;
  g_autoptr (GError) error = NULL;

  pw_connector_list_projects_async (connector, NULL, pw_test_on_done, &listed);
  projects = pw_connector_list_projects_finish (connector, pw_test_wait (&listed), &error);
  g_assert_no_error (error);
  for (guint i = 0; i < projects->len; i++)
    if (g_str_equal (pw_project_get_id (projects->pdata[i]), job))
      return pw_project_get_available_tasks (projects->pdata[i]);
  g_assert_not_reached ();
}

/* How many times the fake was asked for one frame of a job. */
static guint
fake_frame_requests (gint64 job,
                     gint64 number)
{
  g_autoptr (JsonNode) node = fake_ask ("GET", "_fake/requests", NULL);
  JsonArray *requests = json_object_get_array_member (json_node_get_object (node), "requests");
  g_autofree char *path = g_strdup_printf ("/api/jobs/%" G_GINT64_FORMAT "/data", job);
  g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, number);
  guint count = 0;

  for (guint i = 0; i < json_array_get_length (requests); i++)
    {
      JsonObject *request = json_array_get_object_element (requests, i);
      JsonObject *query = json_object_get_object_member (request, "query");

      if (g_str_equal (json_object_get_string_member (request, "path"), path)
          && g_strcmp0 (json_object_get_string_member_with_default (query, "type", NULL), "frame") == 0
          && g_strcmp0 (json_object_get_string_member_with_default (query, "number", NULL), text) == 0)
        count++;
    }
  return count;
}

static PwStoreTask *
stored_task (PwStore    *store,
             const char *task_id)
{
  g_autoptr (GError) error = NULL;
  PwStoreTask *task = pw_store_get_task (store, "cvat", task_id, &error);

  g_assert_no_error (error);
  return task;
}

/* A job claimed while its frames come slowly: the tasks are in the store
 * and the first frame in the cache, and a task opened then waits for its
 * own frame (the claim's download, not a second one), long before the
 * last frame comes; the job has nothing left to claim. A claim stopped
 * halfway leaves its tasks without their frames, and opening one
 * downloads it again. */
static void
test_claim_batch_progressive (void)
{
  g_autoptr (PwConnector) connector = connector_new (PW_FAKE_CVAT_TOKEN);
  g_autofree char *store_dir = pw_test_make_dir ();
  g_autofree char *store_path = g_build_filename (store_dir, "store.db", NULL);
  g_autoptr (GFile) media_dir = g_file_new_for_path (fake_media_dir);
  g_autoptr (PwStore) store = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GAsyncResult) second = NULL;
  g_autoptr (GAsyncResult) first = NULL;
  g_autoptr (GAsyncResult) stopped = NULL;
  g_autoptr (GAsyncResult) again = NULL;
  g_autoptr (PwClaimBatch) batch = NULL;
  g_autoptr (PwClaimBatch) none = NULL;
  g_autoptr (GPtrArray) open = NULL;
  g_autoptr (PwStoreTask) task0 = NULL;
  g_autoptr (PwStoreTask) task1 = NULL;
  g_autoptr (PwStoreTask) left = NULL;
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) control = NULL;
  g_autofree char *first_path = NULL;
  g_autofree char *second_path = NULL;
  g_autofree char *again_path = NULL;
  g_auto (GStrv) files = NULL;
  Progressive progress = { 0, };
  guint n_job = 0;

  store = pw_store_new_for_path (store_path, &error);
  g_assert_no_error (error);
  pw_store_add_account (store, "cvat", "CVAT", fake->url, "cvat");
  g_assert_cmpint (available_of (connector, "21"), ==, 6);

  /* Frame 0 comes; frames 1 to 5 wait until the test lets them go. */
  control = fake_ask ("GET", "_fake/hold-frames?from=1", NULL);
  pw_claim_batch_async (store, connector, "cvat", "21", 1, media_dir, on_progressive, &progress,
                        NULL, pw_test_on_done, &result);
  WAIT_UNTIL (progress.n_done >= 1);
  g_assert_null (result);
  g_assert_cmpuint (progress.n_tasks, ==, 6);
  open = pw_store_list_open_tasks (store, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < open->len; i++)
    n_job += g_str_equal (((PwStoreTask *) open->pdata[i])->project_id, "21");
  g_assert_cmpuint (n_job, ==, 6);
  task0 = stored_task (store, "21:0");
  g_assert_nonnull (task0->media_file);
  g_assert_true (g_file_test (task0->media_file, G_FILE_TEST_IS_REGULAR));

  /* Opened now: the first from the cache, the second when the claim's
   * download of it ends. */
  task1 = stored_task (store, "21:1");
  g_assert_null (task1->media_file);
  g_assert_true (pw_task_media_is_downloading ("cvat", "21:1"));
  pw_task_media_fetch_async (store, connector, task0, media_dir, NULL, NULL, NULL,
                             pw_test_on_done, &first);
  pw_task_media_fetch_async (store, connector, task1, media_dir, NULL, NULL, NULL,
                             pw_test_on_done, &second);
  first_path = pw_task_media_fetch_finish (pw_test_wait (&first), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (first_path, ==, task0->media_file);
  g_assert_null (second);
  g_assert_null (result);
  WAIT_UNTIL (fake_frames_held () > 0);

  /* The job's frames are all in the queue: none is left to claim. */
  g_assert_cmpint (available_of (connector, "21"), ==, 0);

  g_clear_pointer (&control, json_node_unref);
  control = fake_ask ("GET", "_fake/let-frames-go", NULL);
  second_path = pw_task_media_fetch_finish (pw_test_wait (&second), &error);
  g_assert_no_error (error);
  batch = pw_claim_batch_finish (pw_test_wait (&result), &error);
  g_assert_no_error (error);
  files = pw_claim_batch_get_media_files (batch);
  g_assert_cmpuint (g_strv_length (files), ==, 6);
  g_assert_cmpstr (second_path, ==, files[1]);
  g_assert_cmpuint (fake_frame_requests (21, 1), ==, 1);

  /* Stopped once the first frame is in: the others stay without their
   * frames, and the one opened downloads its own. */
  g_clear_pointer (&control, json_node_unref);
  control = fake_ask ("GET", "_fake/hold-frames?from=1", NULL);
  progress = (Progressive) { 0, };
  pw_claim_batch_async (store, connector, "cvat", "22", 1, media_dir, on_progressive, &progress,
                        cancellable, pw_test_on_done, &stopped);
  WAIT_UNTIL (progress.n_done >= 1);
  g_cancellable_cancel (cancellable);
  none = pw_claim_batch_finish (pw_test_wait (&stopped), &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_false (pw_task_media_is_downloading ("cvat", "22:2"));
  g_clear_pointer (&control, json_node_unref);
  control = fake_ask ("GET", "_fake/let-frames-go", NULL);
  left = stored_task (store, "22:2");
  g_assert_null (left->media_file);
  pw_task_media_fetch_async (store, connector, left, media_dir, NULL, NULL, NULL,
                             pw_test_on_done, &again);
  again_path = pw_task_media_fetch_finish (pw_test_wait (&again), &error);
  g_assert_no_error (error);
  g_assert_true (g_file_test (again_path, G_FILE_TEST_IS_REGULAR));
  g_clear_pointer (&left, pw_store_task_free);
  left = stored_task (store, "22:2");
  g_assert_cmpstr (left->media_file, ==, again_path);

  g_clear_object (&result);
  g_clear_object (&stopped);
  g_clear_object (&first);
  g_clear_object (&second);
  g_clear_object (&again);
  g_clear_pointer (&batch, pw_claim_batch_free);
  pw_test_finalize (g_steal_pointer (&store));
  pw_test_finalize (g_steal_pointer (&connector));
  pw_test_remove_dir (store_dir);
}

/* Last: every request the client made is one the published spec allows. */
static guint
release (PwConnector *connector,
         const char  *claim_id,
         const char  *task_id,
         ...)
{
  g_autoptr (GPtrArray) ids = g_ptr_array_new ();
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  guint n = G_MAXUINT;
  va_list args;

  va_start (args, task_id);
  for (const char *id = task_id; id != NULL; id = va_arg (args, const char *))
    g_ptr_array_add (ids, (gpointer) id);
  va_end (args);
  g_ptr_array_add (ids, NULL);
  pw_connector_release_async (connector, claim_id, (const char *const *) ids->pdata, NULL,
                              pw_test_on_done, &result);
  g_assert_true (pw_connector_release_finish (connector, pw_test_wait (&result), &n, &error));
  g_assert_no_error (error);
  return n;
}

/* Frames released here are offered again. A job wholly released before
 * anything of it was sent lists all its frames, and claiming it reads it
 * from CVAT again, its box as the prefill. A job partly submitted offers
 * the frames released, never those submitted, and claiming it hands out
 * just those. */
static void
test_release_job (void)
{
  g_autoptr (PwConnector) connector = connector_new (PW_FAKE_CVAT_TOKEN);
  g_autoptr (GError) error = NULL;
  g_autoptr (PwClaim) job = NULL;
  g_autoptr (PwClaim) again = NULL;
  g_autoptr (PwClaim) partly = NULL;
  g_autoptr (PwClaim) rest = NULL;
  g_autoptr (PwClaim) last = NULL;
  g_autoptr (PwSubmissionResult) receipt = NULL;
  g_autoptr (JsonNode) work = NULL;
  JsonNode *prefill;
  guint reads;

  g_assert_cmpint (available_of (connector, "41"), ==, 2);
  job = pw_test_claim (connector, "41", 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pw_claim_get_tasks (job)->len, ==, 2);
  g_assert_cmpint (available_of (connector, "41"), ==, 0);

  g_assert_cmpuint (release (connector, pw_claim_get_id (job), "41:0", "41:1", NULL), ==, 2);
  g_assert_cmpint (available_of (connector, "41"), ==, 2);
  reads = fake_count ("GET", "/api/jobs/41/annotations/");
  again = pw_test_claim (connector, "41", 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pw_claim_get_tasks (again)->len, ==, 2);
  g_assert_cmpuint (fake_count ("GET", "/api/jobs/41/annotations/"), ==, reads + 1);
  prefill = pw_task_get_prefill (pw_claim_get_tasks (again)->pdata[0]);
  g_assert_nonnull (prefill);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (prefill),
                                                                         "shapes")), ==, 1);
  g_assert_cmpint (available_of (connector, "41"), ==, 0);

  /* Frame 0 submitted, frame 1 released, frame 2 still in the queue. */
  partly = pw_test_claim (connector, "42", 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pw_claim_get_tasks (partly)->len, ==, 3);
  work = work_on (pw_claim_get_tasks (partly)->pdata[0], NULL);
  receipt = pw_test_submit (connector, pw_task_get_id (pw_claim_get_tasks (partly)->pdata[0]), NULL, work, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (release (connector, pw_claim_get_id (partly), "42:1", NULL), ==, 1);
  g_assert_cmpuint (release (connector, pw_claim_get_id (partly), "42:0", NULL), ==, 0);
  g_assert_cmpint (available_of (connector, "42"), ==, 1);
  reads = fake_count ("GET", "/api/jobs/42/annotations/");
  rest = pw_test_claim (connector, "42", 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pw_claim_get_tasks (rest)->len, ==, 1);
  g_assert_cmpstr (pw_task_get_id (pw_claim_get_tasks (rest)->pdata[0]), ==, "42:1");
  g_assert_cmpint (available_of (connector, "42"), ==, 0);

  /* Everything left released after a frame was sent: the frames left are
   * offered, and the claim goes on from the job's file. */
  g_assert_cmpuint (release (connector, pw_claim_get_id (partly), "42:1", "42:2", NULL), ==, 2);
  g_assert_cmpint (available_of (connector, "42"), ==, 2);
  last = pw_test_claim (connector, "42", 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pw_claim_get_tasks (last)->len, ==, 2);
  g_assert_cmpstr (pw_task_get_id (pw_claim_get_tasks (last)->pdata[0]), ==, "42:1");
  g_assert_cmpstr (pw_task_get_id (pw_claim_get_tasks (last)->pdata[1]), ==, "42:2");
  g_assert_cmpuint (fake_count ("GET", "/api/jobs/42/annotations/"), ==, reads);
  g_assert_cmpint (available_of (connector, "42"), ==, 0);
  pw_test_finalize (g_steal_pointer (&connector));
}

static void
test_spec_allows_every_request (void)
{
  g_autoptr (JsonNode) node = fake_ask ("GET", "_fake/violations", NULL);
  JsonObject *verdict = json_node_get_object (node);

  pw_test_assert_spec_verdict (verdict);
}

/* The id of the label @name of a job as fake_job() gives it. */
static gint64
fake_label_id (JsonObject *job,
               const char *name)
{
  JsonArray *labels = json_object_get_array_member (job, "labels");

  for (guint i = 0; i < json_array_get_length (labels); i++)
    {
      JsonObject *label = json_array_get_object_element (labels, i);

      if (g_str_equal (json_object_get_string_member (label, "name"), name))
        return json_object_get_int_member (label, "id");
    }
  g_assert_not_reached ();
}

/* A job with tags: its frame opens as an image task classified by
 * choices, and the worker's choice reaches the job as one tag, once,
 * however often the frame is sent. */
static void
test_image_choice_tag (void)
{
  g_autoptr (PwConnector) connector = connector_new (PW_FAKE_CVAT_TOKEN);
  g_autoptr (GError) error = NULL;
  g_autoptr (PwClaim) job = pw_test_claim (connector, "51", 1, &error);
  g_autoptr (GAsyncResult) opened = NULL;
  g_autoptr (GFile) media = NULL;
  g_autoptr (PwImageDocument) document = NULL;
  g_autoptr (JsonNode) work = NULL;
  g_autoptr (JsonObject) after = NULL;
  PwAnnotation *annotation;
  PwTask *task;
  JsonArray *tags;

  g_assert_no_error (error);
  task = pw_claim_get_tasks (job)->pdata[0];
  media = pw_test_fetch_media (connector, task, fake_media_dir, &error);
  g_assert_no_error (error);

  pw_image_document_open_task_async (media, "task:cvat/51:0", pw_task_get_prefill (task),
                                     PW_ANNOTATION_TOOL_SHAPES | PW_ANNOTATION_TOOL_CHOICE, NULL,
                                     NULL, pw_test_on_done, &opened);
  document = pw_image_document_open_finish (pw_test_wait (&opened), &error);
  g_assert_no_error (error);
  annotation = pw_image_document_get_annotation (document);
  pw_annotation_set_choice (annotation, "night", TRUE);
  g_assert_true (pw_annotation_has_choice (annotation, "night"));
  work = pw_annotation_to_json (annotation);

  for (guint i = 0; i < 2; i++)
    {
      g_autoptr (PwSubmissionResult) receipt = pw_test_submit (connector, pw_task_get_id (task), NULL, work, &error);

      g_assert_no_error (error);
      g_assert_nonnull (receipt);
    }

  after = fake_job (51);
  tags = json_object_get_array_member (json_object_get_object_member (after, "annotations"), "tags");
  g_assert_cmpuint (json_array_get_length (tags), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (tags, 0), "label_id"),
                   ==, fake_label_id (after, "night"));
  pw_test_finalize (g_steal_pointer (&connector));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  if (!pw_fake_platform_can_start ())
    return g_test_run ();
  fake = pw_fake_platform_start (PW_ACCOUNT_KIND_CVAT, TRUE);
  fake_state_dir = pw_test_make_dir ();
  fake_media_dir = pw_test_make_dir ();
  g_test_add_func ("/cvat/me-and-projects", test_me_and_projects);
  g_test_add_func ("/cvat/legacy-key", test_legacy_key);
  g_test_add_func ("/cvat/video-not-claimable", test_video_not_claimable);
  g_test_add_func ("/cvat/claim-and-submit-job", test_claim_and_submit_job);
  g_test_add_func ("/cvat/turned-boxes", test_turned_boxes);
  g_test_add_func ("/cvat/image-choice-tag", test_image_choice_tag);
  g_test_add_func ("/cvat/lost-answer", test_lost_answer);
  g_test_add_func ("/cvat/someone-elses-edit", test_someone_elses_edit);
  g_test_add_func ("/cvat/reassigned", test_reassigned);
  g_test_add_func ("/cvat/malformed-lists", test_malformed_lists);
  g_test_add_func ("/cvat/malformed-claim", test_malformed_claim);
  g_test_add_func ("/cvat/malformed-submit", test_malformed_submit);
  g_test_add_func ("/cvat/job-locked-elsewhere", test_job_locked_elsewhere);
  g_test_add_func ("/cvat/claim-batch-frames-at-once", test_claim_batch_frames_at_once);
  g_test_add_func ("/cvat/claim-batch-progressive", test_claim_batch_progressive);
  g_test_add_func ("/cvat/release-job", test_release_job);
  g_test_add_func ("/cvat/spec-allows-every-request", test_spec_allows_every_request);
  status = g_test_run ();
  pw_fake_platform_free (fake);
  pw_test_remove_dir (fake_state_dir);
  pw_test_remove_dir (fake_media_dir);
  g_free (fake_state_dir);
  g_free (fake_media_dir);
  return status;
}
