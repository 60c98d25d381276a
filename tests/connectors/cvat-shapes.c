/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include "piecework-engine.h"
#include "connectors/pw-cvat-private.h"

/* CVAT's jobs, labels and annotations in the contract's terms and back,
 * without a server: exact coordinates, labels in the server's order,
 * attributes and rotation kept through a round trip, frames by the job's
 * own numbers. */

static const char *labels_json =
  "[{\"id\": 11, \"name\": \"car\", \"color\": \"#e01b24\", \"type\": \"rectangle\","
  "  \"attributes\": [{\"id\": 21, \"name\": \"color\", \"mutable\": false, \"input_type\": \"select\","
  "                   \"default_value\": \"red\", \"values\": [\"red\", \"blue\"]}]},"
  " {\"id\": 12, \"name\": \"person\", \"color\": \"#33d17a\", \"type\": \"polygon\", \"attributes\": []},"
  " {\"id\": 13, \"name\": \"road\", \"color\": \"#777777\", \"type\": \"polyline\", \"attributes\": []},"
  " {\"id\": 14, \"name\": \"thing\", \"color\": \"#3584e4\", \"type\": \"any\", \"attributes\": []},"
  " {\"id\": 15, \"name\": \"night\", \"color\": \"#000000\", \"type\": \"tag\", \"attributes\": []}]";

static const char *annotations_json =
  "{\"version\": 3, \"tracks\": [],"
  " \"shapes\": ["
  "  {\"id\": 501, \"type\": \"rectangle\", \"frame\": 100, \"label_id\": 11,"
  "   \"points\": [10.5, 12.0, 30.25, 40.0], \"rotation\": 15.0, \"occluded\": true, \"z_order\": 2,"
  "   \"group\": 0, \"source\": \"manual\", \"outside\": false,"
  "   \"attributes\": [{\"spec_id\": 21, \"value\": \"blue\"}]},"
  "  {\"id\": 502, \"type\": \"polygon\", \"frame\": 101, \"label_id\": 12,"
  "   \"points\": [5.0, 5.0, 20.0, 6.0, 12.0, 30.0], \"attributes\": []},"
  "  {\"id\": 503, \"type\": \"polyline\", \"frame\": 101, \"label_id\": 13,"
  "   \"points\": [0.0, 40.0, 63.0, 41.0], \"attributes\": []},"
  "  {\"id\": 504, \"type\": \"rectangle\", \"frame\": 101, \"label_id\": 14,"
  "   \"points\": [1, 2, 3, 4], \"attributes\": []}],"
  " \"tags\": [{\"id\": 601, \"frame\": 102, \"label_id\": 15, \"attributes\": []}]}";

static JsonNode *
parse (const char *text)
{
  g_autoptr (GError) error = NULL;
  JsonNode *node = json_from_string (text, &error);

  g_assert_no_error (error);
  return node;
}

static void
test_task_ids (void)
{
  g_autofree char *id = _pw_cvat_task_id (7, 100);
  gint64 job, frame;

  g_assert_cmpstr (id, ==, "7:100");
  g_assert_true (_pw_cvat_parse_task_id (id, &job, &frame));
  g_assert_cmpint (job, ==, 7);
  g_assert_cmpint (frame, ==, 100);
  g_assert_false (_pw_cvat_parse_task_id ("7", &job, &frame));
  g_assert_false (_pw_cvat_parse_task_id ("7:1:2", &job, &frame));
  g_assert_false (_pw_cvat_parse_task_id ("x:1", &job, &frame));
  g_assert_false (_pw_cvat_parse_task_id ("7:-1", &job, &frame));
}

static void
test_project (void)
{
  g_autoptr (JsonNode) labels = parse (labels_json);
  g_autoptr (JsonNode) job = parse ("{\"id\": 7, \"task_name\": \"Street\", \"start_frame\": 100,"
                                    " \"stop_frame\": 102, \"frame_count\": 3}");
  g_autoptr (JsonNode) json = _pw_cvat_project_json (json_node_get_object (job),
                                                     json_node_get_array (labels), NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (PwProject) project = pw_project_new_from_json (json, "job 7", &error);
  JsonArray *out;

  g_assert_no_error (error);
  g_assert_cmpstr (pw_project_get_id (project), ==, "7");
  g_assert_cmpint (pw_project_get_kind (project), ==, PW_TASK_KIND_IMAGE);
  g_assert_true (pw_project_has_tool (project, "bbox"));
  g_assert_true (pw_project_has_tool (project, "polygon"));
  g_assert_true (pw_project_has_tool (project, "choice"));
  g_assert_cmpint (pw_project_get_available_tasks (project), ==, 3);
  g_assert_false (json_object_has_member (json_node_get_object (json), "web_only"));

  /* The server's order, its colours, keys 1, 2, 3…; the polyline label,
   * which Piecework cannot draw, is left out of the keys. */
  out = json_object_get_array_member (json_node_get_object (json), "labels");
  g_assert_cmpuint (json_array_get_length (out), ==, 4);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (out, 0), "name"), ==, "car");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (out, 0), "color"), ==, "#e01b24");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (out, 0), "hotkey"), ==, "1");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (out, 1), "name"), ==, "person");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (out, 1), "hotkey"), ==, "2");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (out, 2), "name"), ==, "thing");
  g_assert_false (json_object_has_member (json_array_get_object_element (out, 2), "tools"));
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (out, 3), "hotkey"), ==, "4");
}

/* A job of twelve tags: the first nine take 1 to 9, the others no key
 * of the project's (the work area gives them 0 and the Shift row), and
 * the job reads as a project. */
static void
test_many_labels (void)
{
  g_autoptr (GString) labels_text = g_string_new ("[");
  g_autoptr (JsonNode) labels = NULL;
  g_autoptr (JsonNode) job = parse ("{\"id\": 61, \"task_name\": \"Weather\", \"start_frame\": 0,"
                                    " \"stop_frame\": 0, \"frame_count\": 1}");
  g_autoptr (JsonNode) json = NULL;
  g_autoptr (PwProject) project = NULL;
  g_autoptr (GError) error = NULL;
  PwLabelSet *set;

  for (guint i = 1; i <= 12; i++)
    g_string_append_printf (labels_text, "%s{\"id\": %u, \"name\": \"w%u\", \"type\": \"tag\","
                            " \"color\": \"#3584e4\", \"attributes\": []}", i > 1 ? ", " : "",
                            i, i);
  g_string_append (labels_text, "]");
  labels = parse (labels_text->str);
  json = _pw_cvat_project_json (json_node_get_object (job), json_node_get_array (labels), NULL);
  project = pw_project_new_from_json (json, "job 61", &error);
  g_assert_no_error (error);
  set = pw_project_get_labels (project);
  g_assert_cmpuint (pw_label_set_get_n_labels (set), ==, 12);
  g_assert_cmpint (pw_label_get_hotkey (pw_label_set_get_label (set, 0)), ==, '1');
  g_assert_cmpint (pw_label_get_hotkey (pw_label_set_get_label (set, 8)), ==, '9');
  g_assert_cmpint (pw_label_get_hotkey (pw_label_set_get_label (set, 9)), ==, 0);
  g_assert_cmpint (pw_label_get_hotkey (pw_label_set_get_label (set, 11)), ==, 0);
}

static void
test_web_only (void)
{
  g_autoptr (JsonNode) labels = parse (labels_json);
  g_autoptr (JsonNode) video = parse ("{\"id\": 8, \"data_original_chunk_type\": \"video\", \"mode\": \"annotation\"}");
  g_autoptr (JsonNode) tracks = parse ("{\"id\": 9, \"data_original_chunk_type\": \"imageset\", \"mode\": \"interpolation\"}");
  g_autoptr (JsonNode) images = parse ("{\"id\": 10, \"data_original_chunk_type\": \"imageset\", \"mode\": \"annotation\","
                                       " \"media_type\": \"image\", \"dimension\": \"2d\"}");
  g_autofree char *reason = _pw_cvat_web_only_reason (json_node_get_object (video));
  g_autofree char *reason_tracks = _pw_cvat_web_only_reason (json_node_get_object (tracks));
  g_autofree char *reason_images = _pw_cvat_web_only_reason (json_node_get_object (images));
  g_autoptr (JsonNode) json = NULL;
  g_autoptr (PwProject) project = NULL;
  g_autoptr (GError) error = NULL;

  g_assert_nonnull (reason);
  g_assert_nonnull (reason_tracks);
  g_assert_null (reason_images);

  /* Listed, with the web page it opens in. */
  json = _pw_cvat_project_json (json_node_get_object (video), json_node_get_array (labels),
                                "https://cvat.example.com/tasks/80/jobs/8");
  project = pw_project_new_from_json (json, "job 8", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (pw_project_get_json (project)), "web_only"),
                   ==, "https://cvat.example.com/tasks/80/jobs/8");
}

static JsonNode *
prefill_of (JsonArray  *labels,
            JsonObject *annotations,
            gint64      frame,
            JsonObject *kept)
{
  return _pw_cvat_prefill (labels, annotations, frame, 64, 48, kept);
}

static void
test_prefill (void)
{
  g_autoptr (JsonNode) labels = parse (labels_json);
  g_autoptr (JsonNode) annotations = parse (annotations_json);
  g_autoptr (JsonObject) kept = json_object_new ();
  g_autoptr (JsonNode) first = prefill_of (json_node_get_array (labels), json_node_get_object (annotations), 100, kept);
  g_autoptr (JsonNode) second = prefill_of (json_node_get_array (labels), json_node_get_object (annotations), 101, kept);
  g_autoptr (JsonNode) third = prefill_of (json_node_get_array (labels), json_node_get_object (annotations), 102, kept);
  g_autoptr (PwAnnotation) parsed = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;
  JsonObject *box, *extras;
  JsonArray *points;

  /* [xtl, ytl, xbr, ybr] is x, y, w, h, exactly. */
  text = pw_json_to_string (first, FALSE);
  box = json_array_get_object_element (json_object_get_array_member (json_node_get_object (first), "shapes"), 0);
  g_assert_cmpstr (json_object_get_string_member (box, "id"), ==, "s501");
  g_assert_cmpstr (json_object_get_string_member (box, "type"), ==, "bbox");
  g_assert_cmpstr (json_object_get_string_member (box, "label"), ==, "car");
  g_assert_cmpfloat (json_object_get_double_member (box, "x"), ==, 10.5);
  g_assert_cmpfloat (json_object_get_double_member (box, "y"), ==, 12.0);
  g_assert_cmpfloat (json_object_get_double_member (box, "w"), ==, 19.75);
  g_assert_cmpfloat (json_object_get_double_member (box, "h"), ==, 28.0);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (first), "choices")), ==, 0);
  parsed = pw_annotation_new_from_json (first, &error);
  g_assert_no_error (error);

  /* What the contract has no room for is kept aside by the shape's id. */
  extras = json_object_get_object_member (kept, "s501");
  g_assert_cmpfloat (json_object_get_double_member (extras, "rotation"), ==, 15.0);
  g_assert_cmpint (json_object_get_int_member (extras, "z_order"), ==, 2);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (extras, "attributes")), ==, 1);

  /* A flat polygon in pairs; a polyline not shown; an "any" label's box. */
  points = json_object_get_array_member (json_array_get_object_element (json_object_get_array_member (json_node_get_object (second), "shapes"), 0), "points");
  g_assert_cmpuint (json_object_get_array_member (json_node_get_object (second), "shapes") != NULL, ==, TRUE);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (second), "shapes")), ==, 2);
  g_assert_cmpuint (json_array_get_length (points), ==, 3);
  g_assert_cmpfloat (json_array_get_double_element (json_array_get_array_element (points, 1), 0), ==, 20.0);
  g_assert_cmpfloat (json_array_get_double_element (json_array_get_array_element (points, 2), 1), ==, 30.0);

  /* Tags are choices. */
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (json_node_get_object (third), "choices"), 0), ==, "night");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (third), "shapes")), ==, 0);
}

/* The job's annotations of @frame alone, as CVAT would hold them. */
static JsonObject *
frame_only (JsonObject *annotations,
            gint64      frame)
{
  JsonObject *result = json_object_new ();
  static const char *const members[] = { "shapes", "tags" };

  for (gsize m = 0; m < G_N_ELEMENTS (members); m++)
    {
      JsonArray *in = json_object_get_array_member (annotations, members[m]);
      JsonArray *out = json_array_new ();

      for (guint i = 0; i < json_array_get_length (in); i++)
        if (json_object_get_int_member (json_array_get_object_element (in, i), "frame") == frame)
          json_array_add_element (out, json_node_copy (json_array_get_element (in, i)));
      json_object_set_array_member (result, members[m], out);
    }
  return result;
}

static void
test_round_trip (void)
{
  g_autoptr (JsonNode) labels = parse (labels_json);
  g_autoptr (JsonNode) annotations = parse (annotations_json);
  g_autoptr (JsonObject) kept = json_object_new ();
  JsonObject *held = json_node_get_object (annotations);

  /* Every frame, opened and submitted untouched, goes back as it was:
   * points, rotation, attributes, the polyline Piecework did not show. */
  for (gint64 frame = 100; frame <= 102; frame++)
    {
      g_autoptr (JsonNode) prefill = prefill_of (json_node_get_array (labels), held, frame, kept);
      g_autoptr (JsonArray) shapes = json_array_new ();
      g_autoptr (JsonArray) tags = json_array_new ();
      g_autoptr (JsonObject) sent = json_object_new ();
      g_autoptr (JsonObject) expected = frame_only (held, frame);
      g_autoptr (GError) error = NULL;

      g_assert_true (_pw_cvat_frame_from_annotation (json_node_get_array (labels), held, kept, prefill,
                                                     frame, shapes, tags, &error));
      g_assert_no_error (error);
      json_object_set_array_member (sent, "shapes", json_array_ref (shapes));
      json_object_set_array_member (sent, "tags", json_array_ref (tags));
      g_assert_true (_pw_cvat_same_annotations (sent, expected));
    }
}

static void
test_from_annotation (void)
{
  g_autoptr (JsonNode) labels = parse (labels_json);
  g_autoptr (JsonNode) annotations = parse (annotations_json);
  g_autoptr (JsonObject) kept = json_object_new ();
  g_autoptr (JsonNode) prefill = prefill_of (json_node_get_array (labels), json_node_get_object (annotations), 100, kept);
  g_autoptr (JsonNode) work = parse ("{\"image\": {\"width\": 64, \"height\": 48}, \"shapes\": ["
                                     " {\"id\": \"s501\", \"type\": \"bbox\", \"label\": \"car\", \"x\": 11.0, \"y\": 12.5, \"w\": 20.0, \"h\": 10.25},"
                                     " {\"id\": \"a2\", \"type\": \"bbox\", \"label\": \"thing\", \"x\": 1, \"y\": 2, \"w\": 3, \"h\": 4},"
                                     " {\"id\": \"a3\", \"type\": \"polygon\", \"label\": \"person\", \"points\": [[1, 2], [3.5, 4], [5, 6.25]]}],"
                                     " \"choices\": [\"night\"]}");
  g_autoptr (JsonNode) relabeled = parse ("{\"image\": {\"width\": 64, \"height\": 48}, \"shapes\": ["
                                          " {\"id\": \"s501\", \"type\": \"bbox\", \"label\": \"thing\", \"x\": 1, \"y\": 2, \"w\": 3, \"h\": 4}]}");
  g_autoptr (JsonNode) unknown = parse ("{\"image\": {\"width\": 64, \"height\": 48}, \"shapes\": ["
                                        " {\"id\": \"x\", \"type\": \"bbox\", \"label\": \"bus\", \"x\": 1, \"y\": 2, \"w\": 3, \"h\": 4}]}");
  g_autoptr (JsonArray) shapes = json_array_new ();
  g_autoptr (JsonArray) tags = json_array_new ();
  g_autoptr (GError) error = NULL;
  JsonObject *box, *polygon;
  JsonArray *points;

  g_assert_true (_pw_cvat_frame_from_annotation (json_node_get_array (labels), json_node_get_object (annotations),
                                                 kept, work, 100, shapes, tags, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (shapes), ==, 3);

  /* The moved box keeps its rotation and attributes; x + w, y + h. */
  box = json_array_get_object_element (shapes, 0);
  g_assert_cmpstr (json_object_get_string_member (box, "type"), ==, "rectangle");
  g_assert_cmpint (json_object_get_int_member (box, "frame"), ==, 100);
  g_assert_cmpint (json_object_get_int_member (box, "label_id"), ==, 11);
  points = json_object_get_array_member (box, "points");
  g_assert_cmpfloat (json_array_get_double_element (points, 0), ==, 11.0);
  g_assert_cmpfloat (json_array_get_double_element (points, 1), ==, 12.5);
  g_assert_cmpfloat (json_array_get_double_element (points, 2), ==, 31.0);
  g_assert_cmpfloat (json_array_get_double_element (points, 3), ==, 22.75);
  g_assert_cmpfloat (json_object_get_double_member (box, "rotation"), ==, 15.0);
  g_assert_true (json_object_get_boolean_member (box, "occluded"));
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (json_object_get_array_member (box, "attributes"), 0), "spec_id"), ==, 21);
  g_assert_false (json_object_has_member (box, "id"));

  /* A new box: no attributes, no rotation. A polygon: flat. */
  g_assert_cmpfloat (json_object_get_double_member (json_array_get_object_element (shapes, 1), "rotation"), ==, 0.0);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_array_get_object_element (shapes, 1), "attributes")), ==, 0);
  polygon = json_array_get_object_element (shapes, 2);
  g_assert_cmpstr (json_object_get_string_member (polygon, "type"), ==, "polygon");
  points = json_object_get_array_member (polygon, "points");
  g_assert_cmpuint (json_array_get_length (points), ==, 6);
  g_assert_cmpfloat (json_array_get_double_element (points, 2), ==, 3.5);
  g_assert_cmpfloat (json_array_get_double_element (points, 5), ==, 6.25);

  /* Choices are tags. */
  g_assert_cmpuint (json_array_get_length (tags), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (tags, 0), "label_id"), ==, 15);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (tags, 0), "frame"), ==, 100);

  /* Attributes belong to a label: a shape given another one drops them. */
  g_clear_pointer (&shapes, json_array_unref);
  shapes = json_array_new ();
  g_assert_true (_pw_cvat_frame_from_annotation (json_node_get_array (labels), json_node_get_object (annotations),
                                                 kept, relabeled, 100, shapes, tags, &error));
  box = json_array_get_object_element (shapes, 0);
  g_assert_cmpint (json_object_get_int_member (box, "label_id"), ==, 14);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (box, "attributes")), ==, 0);
  g_assert_cmpfloat (json_object_get_double_member (box, "rotation"), ==, 15.0);

  /* A label the job does not have is refused. */
  g_assert_false (_pw_cvat_frame_from_annotation (json_node_get_array (labels), json_node_get_object (annotations),
                                                  kept, unknown, 100, shapes, tags, &error));
  g_assert_error (error, PW_ERROR, PW_ERROR_INVALID_DATA);
}

static void
test_same_annotations (void)
{
  g_autoptr (JsonNode) held = parse ("{\"shapes\": [{\"id\": 9, \"type\": \"rectangle\", \"frame\": 1, \"label_id\": 2,"
                                     " \"points\": [1, 2, 3, 4], \"group\": 0, \"source\": \"manual\", \"occluded\": false,"
                                     " \"z_order\": 0, \"rotation\": 0.0, \"attributes\": [{\"spec_id\": 5, \"value\": \"a\"},"
                                     " {\"spec_id\": 6, \"value\": \"b\"}]},"
                                     " {\"id\": 10, \"type\": \"polygon\", \"frame\": 1, \"label_id\": 2, \"points\": [1, 1, 5, 1, 3, 4]}],"
                                     " \"tags\": [], \"tracks\": []}");
  g_autoptr (JsonNode) sent = parse ("{\"shapes\": [{\"type\": \"polygon\", \"frame\": 1, \"label_id\": 2, \"points\": [1.0, 1.0, 5.0, 1.0, 3.0, 4.0]},"
                                     " {\"type\": \"rectangle\", \"frame\": 1, \"label_id\": 2, \"points\": [1.0, 2.0, 3.0, 4.0],"
                                     " \"attributes\": [{\"spec_id\": 6, \"value\": \"b\"}, {\"spec_id\": 5, \"value\": \"a\"}]}],"
                                     " \"tags\": []}");
  g_autoptr (JsonNode) moved = parse ("{\"shapes\": [{\"type\": \"polygon\", \"frame\": 1, \"label_id\": 2, \"points\": [1.0, 1.0, 5.0, 1.0, 3.0, 4.0]},"
                                      " {\"type\": \"rectangle\", \"frame\": 1, \"label_id\": 2, \"points\": [1.0, 2.0, 3.0, 4.5],"
                                      " \"attributes\": [{\"spec_id\": 6, \"value\": \"b\"}, {\"spec_id\": 5, \"value\": \"a\"}]}],"
                                      " \"tags\": []}");
  g_autoptr (JsonNode) twice = parse ("{\"shapes\": [{\"type\": \"polygon\", \"frame\": 1, \"label_id\": 2, \"points\": [1, 1, 5, 1, 3, 4]},"
                                      " {\"type\": \"polygon\", \"frame\": 1, \"label_id\": 2, \"points\": [1, 1, 5, 1, 3, 4]},"
                                      " {\"type\": \"rectangle\", \"frame\": 1, \"label_id\": 2, \"points\": [1, 2, 3, 4],"
                                      " \"attributes\": [{\"spec_id\": 6, \"value\": \"b\"}, {\"spec_id\": 5, \"value\": \"a\"}]}]}");

  /* The server's ids, defaults and order do not count; a point or a
   * duplicate does. */
  g_assert_true (_pw_cvat_same_annotations (json_node_get_object (held), json_node_get_object (sent)));
  g_assert_false (_pw_cvat_same_annotations (json_node_get_object (held), json_node_get_object (moved)));
  g_assert_false (_pw_cvat_same_annotations (json_node_get_object (held), json_node_get_object (twice)));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cvat/task-ids", test_task_ids);
  g_test_add_func ("/cvat/project", test_project);
  g_test_add_func ("/cvat/many-labels", test_many_labels);
  g_test_add_func ("/cvat/web-only", test_web_only);
  g_test_add_func ("/cvat/prefill", test_prefill);
  g_test_add_func ("/cvat/from-annotation", test_from_annotation);
  g_test_add_func ("/cvat/round-trip", test_round_trip);
  g_test_add_func ("/cvat/same-annotations", test_same_annotations);
  return g_test_run ();
}
