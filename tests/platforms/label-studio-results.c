/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <math.h>
#include <string.h>

#include "piecework-engine.h"
#include "pw-label-studio-private.h"

/* Label Studio's labeling configurations read into the contract's
 * projects, and its results converted to the contract's Annotation and
 * back, exactly: percentages of the oriented image against pixels, text
 * offsets in code points, audio in seconds. */

#define IMAGE_CONFIG \
  "<View>" \
  "  <Header value=\"Mark the vehicles\"/>" \
  "  <Image name=\"img\" value=\"$image\"/>" \
  "  <RectangleLabels name=\"box\" toName=\"img\">" \
  "    <Label value=\"car\" background=\"#E01B24\"/>" \
  "    <Label value=\"bus\" background=\"blue\" hotkey=\"3\"/>" \
  "    <Label value=\"bike\" background=\"#0f0\" hotkey=\"b\"/>" \
  "  </RectangleLabels>" \
  "  <PolygonLabels name=\"poly\" toName=\"img\">" \
  "    <Label value=\"road\"/>" \
  "    <Label value=\"car\"/>" \
  "  </PolygonLabels>" \
  "  <Choices name=\"weather\" toName=\"img\" choice=\"multiple\">" \
  "    <Choice value=\"rain\"/><Choice value=\"fog\"/>" \
  "  </Choices>" \
  "</View>"

#define TEXT_CONFIG \
  "<View><Text name=\"t\" value=\"$text\"/>" \
  "<Labels name=\"ner\" toName=\"t\"><Label value=\"PER\"/><Label value=\"ORG\"/></Labels>" \
  "<Choices name=\"sent\" toName=\"t\"><Choice value=\"positive\"/></Choices></View>"

#define AUDIO_CONFIG \
  "<View><Audio name=\"a\" value=\"$audio\"/>" \
  "<Labels name=\"who\" toName=\"a\"><Label value=\"speech\"/></Labels>" \
  "<TextArea name=\"words\" toName=\"a\"/></View>"

/* Label Studio's transcription template: a text for each region. */
#define SEGMENT_TEXT_CONFIG \
  "<View><Labels name=\"who\" toName=\"a\"><Label value=\"speech\"/><Label value=\"noise\"/></Labels>" \
  "<Audio name=\"a\" value=\"$audio\"/>" \
  "<TextArea name=\"said\" toName=\"a\" rows=\"2\" editable=\"true\" perRegion=\"true\" required=\"true\"/>" \
  "</View>"

/* Two controls of one kind: boxes of vehicles and of people, choices of
 * weather and of time, each label in one of them. */
#define TWO_CONTROLS_CONFIG \
  "<View><Image name=\"img\" value=\"$image\"/>" \
  "<RectangleLabels name=\"vehicles\" toName=\"img\"><Label value=\"car\"/><Label value=\"bus\"/></RectangleLabels>" \
  "<RectangleLabels name=\"people\" toName=\"img\"><Label value=\"adult\" hotkey=\"7\"/><Label value=\"child\"/></RectangleLabels>" \
  "<Choices name=\"weather\" toName=\"img\" choice=\"multiple\"><Choice value=\"rain\"/></Choices>" \
  "<Choices name=\"time\" toName=\"img\" choice=\"multiple\"><Choice value=\"day\"/><Choice value=\"night\"/></Choices>" \
  "</View>"

#define TWO_LABELS_CONFIG \
  "<View><Text name=\"t\" value=\"$text\"/>" \
  "<Labels name=\"ner\" toName=\"t\"><Label value=\"PER\"/><Label value=\"ORG\"/></Labels>" \
  "<Labels name=\"pos\" toName=\"t\"><Label value=\"NOUN\"/><Label value=\"VERB\"/></Labels></View>"

/* Label Studio's common text template: a sentiment of one answer, asked
 * under a Header, and a topic of several; keys run across both. */
#define GROUPS_CONFIG \
  "<View><Text name=\"text\" value=\"$text\"/>" \
  "<Header value=\"How does it sound?\"/>" \
  "<Choices name=\"sentiment\" toName=\"text\" choice=\"single\" required=\"true\" showInline=\"true\">" \
  "<Choice value=\"positive\"/><Choice value=\"negative\" hotkey=\"9\"/><Choice value=\"neutral\"/></Choices>" \
  "<Choices name=\"topic\" toName=\"text\" choice=\"multiple\">" \
  "<Choice value=\"sports\"/><Choice value=\"music\"/></Choices>" \
  "<Choices name=\"tone\" toName=\"text\"><Choice value=\"formal\"/></Choices></View>"

static JsonNode *
parse (const char *json)
{
  g_autoptr (GError) error = NULL;
  JsonNode *node = pw_json_parse (json, strlen (json), "test", &error);

  g_assert_no_error (error);
  return node;
}

static void
test_config_image (void)
{
  g_autoptr (PwLsConfig) config = _pw_ls_config_parse (IMAGE_CONFIG, NULL);
  g_autofree char *labels = NULL;

  g_assert_null (config->unsupported);
  g_assert_cmpint (config->kind, ==, PW_TASK_KIND_IMAGE);
  g_assert_cmpstr (config->object_name, ==, "img");
  g_assert_cmpstr (config->value_key, ==, "image");
  g_assert_cmpstr (config->choice_mode, ==, "multi");
  g_assert_cmpuint (config->controls->len, ==, 3);
  g_assert_cmpstr (_pw_ls_config_find_tool (config, "bbox")->name, ==, "box");
  g_assert_cmpstr (_pw_ls_config_find_tool (config, "polygon")->type, ==, "polygonlabels");
  g_assert_cmpstr (_pw_ls_config_find_tool (config, "choice")->name, ==, "weather");

  /* Keys: the config's own digit, else the next free one in order; a
   * label in two controls is one label for both tools; colours #rrggbb. */
  labels = pw_json_to_string (config->labels, FALSE);
  g_assert_cmpstr (labels, ==,
                   "[{\"name\":\"car\",\"color\":\"#e01b24\",\"hotkey\":\"1\",\"tools\":[\"bbox\",\"polygon\"]},"
                   "{\"name\":\"bus\",\"hotkey\":\"3\",\"tools\":[\"bbox\"]},"
                   "{\"name\":\"bike\",\"color\":\"#00ff00\",\"hotkey\":\"2\",\"tools\":[\"bbox\"]},"
                   "{\"name\":\"road\",\"hotkey\":\"4\",\"tools\":[\"polygon\"]},"
                   "{\"name\":\"rain\",\"hotkey\":\"5\",\"tools\":[\"choice\"]},"
                   "{\"name\":\"fog\",\"hotkey\":\"6\",\"tools\":[\"choice\"]}]");
}

static void
test_config_kinds (void)
{
  g_autoptr (PwLsConfig) text = _pw_ls_config_parse (TEXT_CONFIG, NULL);
  g_autoptr (PwLsConfig) audio = _pw_ls_config_parse (AUDIO_CONFIG, NULL);

  g_assert_null (text->unsupported);
  g_assert_cmpint (text->kind, ==, PW_TASK_KIND_TEXT);
  g_assert_cmpstr (_pw_ls_config_find_tool (text, "span")->name, ==, "ner");
  g_assert_cmpstr (text->choice_mode, ==, "single");
  g_assert_null (audio->unsupported);
  g_assert_cmpint (audio->kind, ==, PW_TASK_KIND_AUDIO);
  g_assert_cmpstr (_pw_ls_config_find_tool (audio, "segment")->name, ==, "who");
  g_assert_cmpstr (_pw_ls_config_find_tool (audio, "transcript")->name, ==, "words");
}

static void
test_config_unsupported (void)
{
  static const char *const configs[] = {
    "<View><Video name=\"v\" value=\"$video\"/><Labels name=\"l\" toName=\"v\"><Label value=\"x\"/></Labels></View>",
    "<View><Image name=\"i\" value=\"$image\"/><KeyPointLabels name=\"k\" toName=\"i\"><Label value=\"eye\"/></KeyPointLabels></View>",
    "<View><Image name=\"i\" value=\"$a\"/><Image name=\"j\" value=\"$b\"/>"
    "<RectangleLabels name=\"r\" toName=\"i\"><Label value=\"x\"/></RectangleLabels></View>",
    "<View><Image name=\"i\" value=\"$image\"/><Choices name=\"c\" toName=\"i\"><Choice value=\"yes\"/></Choices>"
    "<View visibleWhen=\"choice-selected\" whenTagName=\"c\"><RectangleLabels name=\"r\" toName=\"i\">"
    "<Label value=\"x\"/></RectangleLabels></View></View>",
    "<View><Image name=\"i\" value=\"$image\"/><Labels name=\"l\" toName=\"i\"><Label value=\"x\"/></Labels></View>",
    "<View><Image name=\"i\" value=\"$image\"",
    /* A text for each region of a text, or of a recording with no labels
     * to mark regions. */
    "<View><Text name=\"t\" value=\"$text\"/><Labels name=\"l\" toName=\"t\"><Label value=\"x\"/></Labels>"
    "<TextArea name=\"n\" toName=\"t\" perRegion=\"true\"/></View>",
    "<View><Audio name=\"a\" value=\"$audio\"/><TextArea name=\"n\" toName=\"a\" perRegion=\"true\"/></View>",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (configs); i++)
    {
      g_autoptr (PwLsConfig) config = _pw_ls_config_parse (configs[i], NULL);

      g_test_message ("%s", configs[i]);
      g_assert_nonnull (config->unsupported);
      g_assert_cmpuint (config->controls->len, ==, 0);
    }
}

/* Two controls of one kind share the contract's tool; each label keeps
 * its key and says which control it is of; each Choices is a group. */
static void
test_config_two_controls (void)
{
  g_autoptr (PwLsConfig) config = _pw_ls_config_parse (TWO_CONTROLS_CONFIG, NULL);
  g_autoptr (PwLsConfig) text = _pw_ls_config_parse (TWO_LABELS_CONFIG, NULL);
  g_autoptr (JsonNode) project_json = NULL;
  g_autoptr (JsonNode) contract = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *labels = NULL;
  g_autofree char *escaped = g_strescape (TWO_CONTROLS_CONFIG, NULL);
  g_autofree char *project_text = g_strdup_printf ("{\"id\": 8, \"title\": \"Two\", \"label_config\": \"%s\"}", escaped);
  JsonArray *tools;

  g_assert_null (config->unsupported);
  g_assert_cmpuint (config->controls->len, ==, 4);
  g_assert_cmpstr (config->choice_mode, ==, "multi");
  g_assert_cmpstr (_pw_ls_config_find_control (config, "bbox", "bus")->name, ==, "vehicles");
  g_assert_cmpstr (_pw_ls_config_find_control (config, "bbox", "child")->name, ==, "people");
  g_assert_cmpstr (_pw_ls_config_find_control (config, "choice", "night")->name, ==, "time");
  g_assert_cmpstr (_pw_ls_config_find_control (config, "choice", "rain")->name, ==, "weather");
  g_assert_null (_pw_ls_config_find_control (config, "bbox", "tram"));
  labels = pw_json_to_string (config->labels, FALSE);
  g_assert_cmpstr (labels, ==,
                   "[{\"name\":\"car\",\"hotkey\":\"1\",\"tools\":[\"bbox\"]},"
                   "{\"name\":\"bus\",\"hotkey\":\"2\",\"tools\":[\"bbox\"]},"
                   "{\"name\":\"adult\",\"hotkey\":\"7\",\"tools\":[\"bbox\"]},"
                   "{\"name\":\"child\",\"hotkey\":\"3\",\"tools\":[\"bbox\"]},"
                   "{\"name\":\"rain\",\"hotkey\":\"4\",\"tools\":[\"choice\"],\"group\":\"weather\"},"
                   "{\"name\":\"day\",\"hotkey\":\"5\",\"tools\":[\"choice\"],\"group\":\"time\"},"
                   "{\"name\":\"night\",\"hotkey\":\"6\",\"tools\":[\"choice\"],\"group\":\"time\"}]");

  /* The project names each tool once. */
  project_json = parse (project_text);
  contract = _pw_ls_project_to_contract (json_node_get_object (project_json), &error);
  g_assert_no_error (error);
  tools = json_object_get_array_member (json_node_get_object (contract), "tools");
  g_assert_cmpuint (json_array_get_length (tools), ==, 2);
  g_assert_cmpstr (json_array_get_string_element (tools, 0), ==, "bbox");
  g_assert_cmpstr (json_array_get_string_element (tools, 1), ==, "choice");
  g_assert_false (json_object_has_member (json_node_get_object (contract), "unsupported"));

  g_assert_null (text->unsupported);
  g_assert_cmpstr (_pw_ls_config_find_control (text, "span", "VERB")->name, ==, "pos");
}

/* What the contract cannot keep apart is refused, saying why: a label in
 * two controls of one kind (choices too: a label names its group), two
 * transcripts. */
static void
test_config_two_controls_refused (void)
{
  static const struct { const char *xml; const char *reason; } configs[] = {
    { "<View><Text name=\"t\" value=\"$text\"/>"
      "<Choices name=\"sentiment\" toName=\"t\"><Choice value=\"positive\"/><Choice value=\"negative\"/></Choices>"
      "<Choices name=\"topic\" toName=\"t\" choice=\"multiple\"><Choice value=\"sports\"/><Choice value=\"negative\"/></Choices></View>",
      "Its “sentiment” and “topic” both have the label “negative”" },
    { "<View><Image name=\"i\" value=\"$image\"/>"
      "<RectangleLabels name=\"a\" toName=\"i\"><Label value=\"car\"/></RectangleLabels>"
      "<RectangleLabels name=\"b\" toName=\"i\"><Label value=\"bus\"/><Label value=\"car\"/></RectangleLabels></View>",
      "Its “a” and “b” both have the label “car”" },
    { "<View><Audio name=\"a\" value=\"$audio\"/><TextArea name=\"x\" toName=\"a\"/>"
      "<TextArea name=\"y\" toName=\"a\"/></View>",
      "It has two “textarea” groups" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (configs); i++)
    {
      g_autoptr (PwLsConfig) config = _pw_ls_config_parse (configs[i].xml, NULL);

      g_test_message ("%s", configs[i].xml);
      g_assert_nonnull (config->unsupported);
      g_assert_true (g_str_has_prefix (config->unsupported, configs[i].reason));
      g_assert_cmpuint (config->controls->len, ==, 0);
    }
}

/* An unsupported project is still listed, saying why. */
static void
test_project (void)
{
  g_autoptr (JsonNode) video = parse ("{\"id\": 7, \"title\": \"Clips\", \"task_number\": 10,"
                                      " \"num_tasks_with_annotations\": 4, \"label_config\":"
                                      " \"<View><Video name=\\\"v\\\" value=\\\"$video\\\"/></View>\"}");
  g_autoptr (JsonNode) image = NULL;
  g_autoptr (JsonNode) contract = NULL;
  g_autoptr (PwProject) project = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *json = NULL;

  contract = _pw_ls_project_to_contract (json_node_get_object (video), &error);
  g_assert_no_error (error);
  project = pw_project_new_from_json (contract, "project", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pw_project_get_id (project), ==, "7");
  g_assert_cmpstr (pw_project_get_name (project), ==, "Clips");
  g_assert_cmpint (pw_project_get_available_tasks (project), ==, 6);
  g_assert_true (pw_project_is_unpaid (project));
  g_assert_true (json_object_has_member (json_node_get_object (pw_project_get_json (project)), "unsupported"));
  g_clear_pointer (&project, pw_project_unref);
  g_clear_pointer (&contract, json_node_unref);

  json = g_strescape (IMAGE_CONFIG, NULL);
  {
    g_autofree char *text = g_strdup_printf ("{\"id\": 3, \"title\": \"Cars\", \"expert_instruction\": \"Tight boxes\","
                                             " \"label_config\": \"%s\"}", json);

    image = parse (text);
  }
  contract = _pw_ls_project_to_contract (json_node_get_object (image), &error);
  g_assert_no_error (error);
  project = pw_project_new_from_json (contract, "project", &error);
  g_assert_no_error (error);
  g_assert_cmpint (pw_project_get_kind (project), ==, PW_TASK_KIND_IMAGE);
  g_assert_cmpstr (pw_project_get_instructions (project), ==, "Tight boxes");
  g_assert_true (pw_project_has_tool (project, "bbox"));
  g_assert_true (pw_project_has_tool (project, "polygon"));
  g_assert_true (pw_project_has_tool (project, "choice"));
  g_assert_cmpstr (pw_project_get_choice_mode (project), ==, "multi");
  g_assert_false (json_object_has_member (json_node_get_object (pw_project_get_json (project)), "unsupported"));
}

static void
assert_close (double a,
              double b)
{
  g_assert_cmpfloat (fabs (a - b), <=, 1e-9 * MAX (1.0, fabs (b)));
}

/* Every number of @a and @b the same, to a billionth; everything else
 * exactly the same. */
static void
assert_json_close (JsonNode *a,
                   JsonNode *b)
{
  g_assert_cmpint (json_node_get_node_type (a), ==, json_node_get_node_type (b));
  if (JSON_NODE_HOLDS_OBJECT (a))
    {
      g_autoptr (GList) members = json_object_get_members (json_node_get_object (a));

      g_assert_cmpuint (json_object_get_size (json_node_get_object (a)), ==,
                        json_object_get_size (json_node_get_object (b)));
      for (GList *l = members; l != NULL; l = l->next)
        {
          JsonNode *other = json_object_get_member (json_node_get_object (b), l->data);

          g_test_message ("member %s", (const char *) l->data);
          g_assert_nonnull (other);
          assert_json_close (json_object_get_member (json_node_get_object (a), l->data), other);
        }
    }
  else if (JSON_NODE_HOLDS_ARRAY (a))
    {
      JsonArray *x = json_node_get_array (a), *y = json_node_get_array (b);

      g_assert_cmpuint (json_array_get_length (x), ==, json_array_get_length (y));
      for (guint i = 0; i < json_array_get_length (x); i++)
        assert_json_close (json_array_get_element (x, i), json_array_get_element (y, i));
    }
  else if (JSON_NODE_HOLDS_VALUE (a) && json_node_get_value_type (a) != G_TYPE_STRING
           && json_node_get_value_type (a) != G_TYPE_BOOLEAN)
    assert_close (json_node_get_double (a), json_node_get_double (b));
  else
    g_assert_true (json_node_equal (a, b));
}

/* The contract's annotation to Label Studio and back is the same
 * annotation; Label Studio's results to the contract and back are the
 * same results. */
static void
round_trip (const char *config_xml,
            const char *annotation_json,
            const char *results_json,
            const char *text)
{
  g_autoptr (PwLsConfig) config = _pw_ls_config_parse (config_xml, NULL);
  g_autoptr (JsonNode) annotation = parse (annotation_json);
  g_autoptr (JsonNode) expected = parse (results_json);
  g_autoptr (JsonNode) results = NULL;
  g_autoptr (JsonNode) back = NULL;
  g_autoptr (JsonNode) again = NULL;
  g_autoptr (GError) error = NULL;

  g_assert_null (config->unsupported);
  results = _pw_ls_annotation_to_results (config, json_node_get_object (annotation), text, &error);
  g_assert_no_error (error);
  {
    g_autofree char *written = pw_json_to_string (results, FALSE);

    g_test_message ("results: %s", written);
  }
  assert_json_close (results, expected);

  back = _pw_ls_results_to_annotation (config, json_node_get_array (expected), text, &error);
  g_assert_no_error (error);
  assert_json_close (back, annotation);

  again = _pw_ls_annotation_to_results (config, json_node_get_object (back), text, &error);
  g_assert_no_error (error);
  assert_json_close (again, expected);
}

static void
test_image_round_trip (void)
{
  round_trip (IMAGE_CONFIG,
              "{\"shapes\": [{\"id\": \"a1\", \"type\": \"bbox\", \"label\": \"car\", \"x\": 192.0, \"y\": 54.0,"
              "  \"w\": 96.5, \"h\": 108.25},"
              " {\"id\": \"a2\", \"type\": \"polygon\", \"label\": \"road\","
              "  \"points\": [[0.0, 1080.0], [1919.5, 1080.0], [960.0, 540.0]]}],"
              " \"choices\": [\"rain\", \"fog\"], \"image\": {\"width\": 1920, \"height\": 1080}}",
              "[{\"id\": \"a1\", \"from_name\": \"box\", \"to_name\": \"img\", \"type\": \"rectanglelabels\","
              "  \"original_width\": 1920, \"original_height\": 1080, \"image_rotation\": 0,"
              "  \"value\": {\"x\": 10.0, \"y\": 5.0, \"width\": 5.026041666666667, \"height\": 10.023148148148148,"
              "   \"rotation\": 0, \"rectanglelabels\": [\"car\"]}},"
              " {\"id\": \"a2\", \"from_name\": \"poly\", \"to_name\": \"img\", \"type\": \"polygonlabels\","
              "  \"original_width\": 1920, \"original_height\": 1080, \"image_rotation\": 0,"
              "  \"value\": {\"points\": [[0.0, 100.0], [99.97395833333333, 100.0], [50.0, 50.0]],"
              "   \"polygonlabels\": [\"road\"]}},"
              " {\"id\": \"choices\", \"from_name\": \"weather\", \"to_name\": \"img\", \"type\": \"choices\","
              "  \"value\": {\"choices\": [\"rain\", \"fog\"]}}]",
              NULL);
}

/* A photo taken on its side (EXIF orientation 6) is 1080 × 1920 as shown:
 * percentages are of that size, which is what Label Studio's browser
 * shows and calls original_width and original_height. */
static void
test_image_oriented (void)
{
  round_trip (IMAGE_CONFIG,
              "{\"shapes\": [{\"id\": \"a1\", \"type\": \"bbox\", \"label\": \"bus\", \"x\": 540.0, \"y\": 480.0,"
              "  \"w\": 270.0, \"h\": 960.0}], \"image\": {\"width\": 1080, \"height\": 1920}}",
              "[{\"id\": \"a1\", \"from_name\": \"box\", \"to_name\": \"img\", \"type\": \"rectanglelabels\","
              "  \"original_width\": 1080, \"original_height\": 1920, \"image_rotation\": 0,"
              "  \"value\": {\"x\": 50.0, \"y\": 25.0, \"width\": 25.0, \"height\": 50.0,"
              "   \"rotation\": 0, \"rectanglelabels\": [\"bus\"]}}]",
              NULL);
}

/* Label Studio turns a rectangle about its top-left corner (x, y), the
 * contract about the box's centre: the same box, by the same angle, whose
 * turned top-left corner is Label Studio's (x, y) in pixels. */
static void
test_image_turned (void)
{
  g_autoptr (PwLsConfig) config = _pw_ls_config_parse (IMAGE_CONFIG, NULL);
  g_autoptr (JsonNode) annotation = NULL;
  g_autoptr (PwShape) box = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) results = parse ("[{\"id\": \"t1\", \"from_name\": \"box\", \"to_name\": \"img\","
                                        " \"type\": \"rectanglelabels\", \"original_width\": 1920,"
                                        " \"original_height\": 1080, \"image_rotation\": 0,"
                                        " \"value\": {\"x\": 12.5, \"y\": 40.0, \"width\": 25.0, \"height\": 20.0,"
                                        " \"rotation\": 30.0, \"rectanglelabels\": [\"car\"]}}]");
  PwPoint corners[4];

  round_trip (IMAGE_CONFIG,
              "{\"shapes\": [{\"id\": \"t1\", \"type\": \"bbox\", \"label\": \"car\","
              "  \"x\": 153.84609690826528, \"y\": 537.5307436087194, \"w\": 480.0, \"h\": 216.0,"
              "  \"rotation\": 30.0},"
              " {\"id\": \"t2\", \"type\": \"bbox\", \"label\": \"bus\","
              "  \"x\": -75.0, \"y\": 225.0, \"w\": 300.0, \"h\": 50.0, \"rotation\": 90.0}],"
              " \"image\": {\"width\": 1920, \"height\": 1080}}",
              "[{\"id\": \"t1\", \"from_name\": \"box\", \"to_name\": \"img\", \"type\": \"rectanglelabels\","
              "  \"original_width\": 1920, \"original_height\": 1080, \"image_rotation\": 0,"
              "  \"value\": {\"x\": 12.5, \"y\": 40.0, \"width\": 25.0, \"height\": 20.0,"
              "   \"rotation\": 30.0, \"rectanglelabels\": [\"car\"]}},"
              " {\"id\": \"t2\", \"from_name\": \"box\", \"to_name\": \"img\", \"type\": \"rectanglelabels\","
              "  \"original_width\": 1920, \"original_height\": 1080, \"image_rotation\": 0,"
              "  \"value\": {\"x\": 5.208333333333334, \"y\": 9.25925925925926,"
              "   \"width\": 15.625, \"height\": 4.62962962962963,"
              "   \"rotation\": 90.0, \"rectanglelabels\": [\"bus\"]}}]",
              NULL);

  /* The model's turned box has Label Studio's corner where Label Studio
   * puts it: 12.5 % and 40 % of 1920 × 1080. */
  annotation = _pw_ls_results_to_annotation (config, json_node_get_array (results), NULL, &error);
  g_assert_no_error (error);
  box = pw_shape_new_from_json (json_array_get_element (json_object_get_array_member (json_node_get_object (annotation),
                                                                                      "shapes"), 0), &error);
  g_assert_no_error (error);
  pw_shape_get_corners (box, corners);
  assert_close (corners[0].x, 240.0);
  assert_close (corners[0].y, 432.0);
  /* Turned clockwise: the top side runs down to the right. */
  assert_close (corners[1].x, 240.0 + 480.0 * cos (G_PI / 6));
  assert_close (corners[1].y, 432.0 + 480.0 * sin (G_PI / 6));
}

/* Each result goes back under its own control's from_name; Label
 * Studio's results of both controls open as the one tool's work. */
static void
test_two_controls_round_trip (void)
{
  round_trip (TWO_CONTROLS_CONFIG,
              "{\"shapes\": [{\"id\": \"a1\", \"type\": \"bbox\", \"label\": \"car\", \"x\": 192.0, \"y\": 54.0,"
              "  \"w\": 96.0, \"h\": 108.0},"
              " {\"id\": \"a2\", \"type\": \"bbox\", \"label\": \"child\", \"x\": 960.0, \"y\": 540.0,"
              "  \"w\": 192.0, \"h\": 216.0}],"
              " \"choices\": [\"night\", \"day\", \"rain\"], \"image\": {\"width\": 1920, \"height\": 1080}}",
              "[{\"id\": \"a1\", \"from_name\": \"vehicles\", \"to_name\": \"img\", \"type\": \"rectanglelabels\","
              "  \"original_width\": 1920, \"original_height\": 1080, \"image_rotation\": 0,"
              "  \"value\": {\"x\": 10.0, \"y\": 5.0, \"width\": 5.0, \"height\": 10.0,"
              "   \"rotation\": 0, \"rectanglelabels\": [\"car\"]}},"
              " {\"id\": \"a2\", \"from_name\": \"people\", \"to_name\": \"img\", \"type\": \"rectanglelabels\","
              "  \"original_width\": 1920, \"original_height\": 1080, \"image_rotation\": 0,"
              "  \"value\": {\"x\": 50.0, \"y\": 50.0, \"width\": 10.0, \"height\": 20.0,"
              "   \"rotation\": 0, \"rectanglelabels\": [\"child\"]}},"
              " {\"id\": \"choices-time\", \"from_name\": \"time\", \"to_name\": \"img\", \"type\": \"choices\","
              "  \"value\": {\"choices\": [\"night\", \"day\"]}},"
              " {\"id\": \"choices-weather\", \"from_name\": \"weather\", \"to_name\": \"img\", \"type\": \"choices\","
              "  \"value\": {\"choices\": [\"rain\"]}}]",
              NULL);
  round_trip (TWO_LABELS_CONFIG,
              "{\"spans\": [{\"start\": 0, \"end\": 3, \"label\": \"PER\"}, {\"start\": 4, \"end\": 9, \"label\": \"VERB\"}]}",
              "[{\"id\": \"span-0\", \"from_name\": \"ner\", \"to_name\": \"t\", \"type\": \"labels\","
              "  \"value\": {\"start\": 0, \"end\": 3, \"text\": \"Ana\", \"labels\": [\"PER\"]}},"
              " {\"id\": \"span-1\", \"from_name\": \"pos\", \"to_name\": \"t\", \"type\": \"labels\","
              "  \"value\": {\"start\": 4, \"end\": 9, \"text\": \"wrote\", \"labels\": [\"VERB\"]}}]",
              "Ana wrote to Mozilla.");
}

/* A label no control of a tool with several controls has: the
 * configuration changed since the claim, and the work is kept. */
static void
test_two_controls_unknown_label (void)
{
  g_autoptr (PwLsConfig) config = _pw_ls_config_parse (TWO_CONTROLS_CONFIG, NULL);
  g_autoptr (JsonNode) annotation = parse ("{\"shapes\": [{\"id\": \"a1\", \"type\": \"bbox\", \"label\": \"tram\","
                                           " \"x\": 1, \"y\": 2, \"w\": 3, \"h\": 4}], \"image\": {\"width\": 64, \"height\": 48}}");
  g_autoptr (JsonNode) results = NULL;
  g_autoptr (GError) error = NULL;

  results = _pw_ls_annotation_to_results (config, json_node_get_object (annotation), NULL, &error);
  g_assert_null (results);
  g_assert_error (error, PW_ERROR, PW_ERROR_UNSUPPORTED);
  g_assert_nonnull (strstr (error->message, "“tram”"));
}

/* Several Choices are the contract's groups of choices: each control a
 * group with its own mode, title (the Header before it, else its name)
 * and required; each label names its control. */
static void
test_config_choice_groups (void)
{
  g_autoptr (PwLsConfig) config = _pw_ls_config_parse (GROUPS_CONFIG, NULL);
  g_autofree char *escaped = g_strescape (GROUPS_CONFIG, NULL);
  g_autofree char *project_text = g_strdup_printf ("{\"id\": 12, \"title\": \"Reviews\", \"label_config\": \"%s\"}",
                                                   escaped);
  g_autoptr (JsonNode) project_json = parse (project_text);
  g_autoptr (JsonNode) contract = NULL;
  g_autoptr (PwProject) project = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *labels = NULL;
  g_autofree char *groups = NULL;
  PwLabelSet *set;
  PwChoiceGroup *sentiment, *topic, *tone;

  g_assert_null (config->unsupported);
  g_assert_cmpuint (config->controls->len, ==, 3);
  g_assert_cmpstr (_pw_ls_config_find_control (config, "choice", "music")->name, ==, "topic");
  g_assert_cmpstr (_pw_ls_config_find_control (config, "choice", "neutral")->name, ==, "sentiment");
  labels = pw_json_to_string (config->labels, FALSE);
  g_assert_cmpstr (labels, ==,
                   "[{\"name\":\"positive\",\"hotkey\":\"1\",\"tools\":[\"choice\"],\"group\":\"sentiment\"},"
                   "{\"name\":\"negative\",\"hotkey\":\"9\",\"tools\":[\"choice\"],\"group\":\"sentiment\"},"
                   "{\"name\":\"neutral\",\"hotkey\":\"2\",\"tools\":[\"choice\"],\"group\":\"sentiment\"},"
                   "{\"name\":\"sports\",\"hotkey\":\"3\",\"tools\":[\"choice\"],\"group\":\"topic\"},"
                   "{\"name\":\"music\",\"hotkey\":\"4\",\"tools\":[\"choice\"],\"group\":\"topic\"},"
                   "{\"name\":\"formal\",\"hotkey\":\"5\",\"tools\":[\"choice\"],\"group\":\"tone\"}]");
  groups = pw_json_to_string (config->choice_groups, FALSE);
  g_assert_cmpstr (groups, ==,
                   "[{\"id\":\"sentiment\",\"title\":\"How does it sound?\",\"mode\":\"single\",\"required\":true},"
                   "{\"id\":\"topic\",\"title\":\"topic\",\"mode\":\"multi\",\"required\":false},"
                   "{\"id\":\"tone\",\"title\":\"tone\",\"mode\":\"single\",\"required\":false}]");

  /* The project reads them as groups of its labels. */
  contract = _pw_ls_project_to_contract (json_node_get_object (project_json), &error);
  g_assert_no_error (error);
  g_assert_false (json_object_has_member (json_node_get_object (contract), "unsupported"));
  project = pw_project_new_from_json (contract, "project", &error);
  g_assert_no_error (error);
  set = pw_project_get_labels (project);
  g_assert_cmpuint (pw_label_set_get_n_choice_groups (set), ==, 3);
  sentiment = pw_label_set_get_choice_group (set, 0);
  topic = pw_label_set_get_choice_group (set, 1);
  tone = pw_label_set_get_choice_group (set, 2);
  g_assert_true (pw_choice_group_is_single (sentiment));
  g_assert_true (pw_choice_group_is_required (sentiment));
  g_assert_false (pw_choice_group_is_single (topic));
  g_assert_true (pw_choice_group_is_single (tone));
  g_assert_false (pw_choice_group_is_required (tone));
  g_assert_true (pw_label_set_choice_group_of (set, pw_label_set_lookup (set, "neutral")) == sentiment);
  g_assert_true (pw_label_set_choice_group_of (set, pw_label_set_lookup (set, "music")) == topic);

  /* One Choices stays the project's one group, as before. */
  {
    g_autoptr (PwLsConfig) text = _pw_ls_config_parse (TEXT_CONFIG, NULL);
    g_autofree char *text_labels = pw_json_to_string (text->labels, FALSE);

    g_assert_null (text->choice_groups);
    g_assert_null (strstr (text_labels, "group"));
  }
}

/* Each group's choices go back under their own control's from_name, and
 * Label Studio's results open as the choices of their groups. */
static void
test_choice_groups_round_trip (void)
{
  g_autoptr (PwLsConfig) config = _pw_ls_config_parse (GROUPS_CONFIG, NULL);
  g_autoptr (JsonNode) contract_labels = NULL;
  g_autoptr (PwLabelSet) set = NULL;
  g_autoptr (JsonNode) prefill = NULL;
  g_autoptr (JsonNode) results = parse ("[{\"id\": \"x1\", \"from_name\": \"topic\", \"to_name\": \"text\", \"type\": \"choices\","
                                        "  \"value\": {\"choices\": [\"music\", \"sports\"]}},"
                                        " {\"id\": \"x2\", \"from_name\": \"sentiment\", \"to_name\": \"text\", \"type\": \"choices\","
                                        "  \"value\": {\"choices\": [\"negative\"]}}]");
  g_autoptr (GError) error = NULL;
  JsonArray *choices;

  round_trip (GROUPS_CONFIG,
              "{\"choices\": [\"sports\", \"negative\", \"formal\"]}",
              "[{\"id\": \"choices-topic\", \"from_name\": \"topic\", \"to_name\": \"text\", \"type\": \"choices\","
              "  \"value\": {\"choices\": [\"sports\"]}},"
              " {\"id\": \"choices-sentiment\", \"from_name\": \"sentiment\", \"to_name\": \"text\", \"type\": \"choices\","
              "  \"value\": {\"choices\": [\"negative\"]}},"
              " {\"id\": \"choices-tone\", \"from_name\": \"tone\", \"to_name\": \"text\", \"type\": \"choices\","
              "  \"value\": {\"choices\": [\"formal\"]}}]",
              "Great match, loud crowd.");

  /* A prefill from Label Studio: each choice is in its control's group. */
  prefill = _pw_ls_results_to_annotation (config, json_node_get_array (results), "Great match.", &error);
  g_assert_no_error (error);
  set = pw_label_set_new_from_json (config->labels, &error);
  g_assert_no_error (error);
  g_assert_true (pw_label_set_read_choice_groups (set, config->choice_groups, &error));
  choices = json_object_get_array_member (json_node_get_object (prefill), "choices");
  g_assert_cmpuint (json_array_get_length (choices), ==, 3);
  for (guint i = 0; i < json_array_get_length (choices); i++)
    {
      const char *name = json_array_get_string_element (choices, i);
      PwChoiceGroup *group = pw_label_set_choice_group_of (set, pw_label_set_lookup (set, name));

      g_assert_nonnull (group);
      g_assert_cmpstr (pw_choice_group_get_id (group), ==,
                       g_str_equal (name, "negative") ? "sentiment" : "topic");
    }
}

/* Offsets count code points, not bytes or UTF-16 units: "Zoë" is three,
 * the emoji one. */
static void
test_text_round_trip (void)
{
  round_trip (TEXT_CONFIG,
              "{\"choices\": [\"positive\"], \"spans\": [{\"start\": 0, \"end\": 3, \"label\": \"PER\"},"
              " {\"start\": 6, \"end\": 11, \"label\": \"ORG\"}]}",
              "[{\"id\": \"choices\", \"from_name\": \"sent\", \"to_name\": \"t\", \"type\": \"choices\","
              "  \"value\": {\"choices\": [\"positive\"]}},"
              " {\"id\": \"span-0\", \"from_name\": \"ner\", \"to_name\": \"t\", \"type\": \"labels\","
              "  \"value\": {\"start\": 0, \"end\": 3, \"text\": \"Zoë\", \"labels\": [\"PER\"]}},"
              " {\"id\": \"span-1\", \"from_name\": \"ner\", \"to_name\": \"t\", \"type\": \"labels\","
              "  \"value\": {\"start\": 6, \"end\": 11, \"text\": \"GNOME\", \"labels\": [\"ORG\"]}}]",
              "Zoë 🎉 GNOME rocks");
}

static void
test_audio_round_trip (void)
{
  round_trip (AUDIO_CONFIG,
              "{\"segments\": [{\"start\": 1.25, \"end\": 3.5, \"label\": \"speech\", \"text\": \"\"}],"
              " \"transcript\": \"hello there\"}",
              "[{\"id\": \"segment-0\", \"from_name\": \"who\", \"to_name\": \"a\", \"type\": \"labels\","
              "  \"value\": {\"start\": 1.25, \"end\": 3.5, \"labels\": [\"speech\"]}},"
              " {\"id\": \"transcript\", \"from_name\": \"words\", \"to_name\": \"a\", \"type\": \"textarea\","
              "  \"value\": {\"text\": [\"hello there\"]}}]",
              NULL);
}

/* Each segment's own text goes as a TextArea result of the segment's
 * region, with its times, and comes back to its segment; the project says
 * "segment_text" and has no transcript tool. */
static void
test_segment_text (void)
{
  g_autoptr (PwLsConfig) config = _pw_ls_config_parse (SEGMENT_TEXT_CONFIG, NULL);
  g_autoptr (JsonNode) project = NULL;
  g_autoptr (JsonNode) read = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *tools = NULL;
  JsonObject *object;

  g_assert_null (config->unsupported);
  g_assert_true (config->segment_text);
  g_assert_cmpstr (_pw_ls_config_find_tool (config, "segment_text")->name, ==, "said");
  g_assert_null (_pw_ls_config_find_tool (config, "transcript"));

  {
    g_autoptr (JsonBuilder) builder = json_builder_new ();
    g_autoptr (JsonNode) ls = NULL;

    json_builder_begin_object (builder);
    json_builder_set_member_name (builder, "id");
    json_builder_add_int_value (builder, 4);
    json_builder_set_member_name (builder, "title");
    json_builder_add_string_value (builder, "Calls");
    json_builder_set_member_name (builder, "label_config");
    json_builder_add_string_value (builder, SEGMENT_TEXT_CONFIG);
    json_builder_end_object (builder);
    ls = json_builder_get_root (builder);
    project = _pw_ls_project_to_contract (json_node_get_object (ls), &error);
  }
  g_assert_no_error (error);
  object = json_node_get_object (project);
  g_assert_true (json_object_get_boolean_member (object, "segment_text"));
  g_assert_false (json_object_has_member (object, "unsupported"));
  tools = pw_json_to_string (json_object_get_member (object, "tools"), FALSE);
  g_assert_cmpstr (tools, ==, "[\"segment\"]");

  round_trip (SEGMENT_TEXT_CONFIG,
              "{\"segments\": [{\"start\": 1.25, \"end\": 3.5, \"label\": \"speech\", \"text\": \"hello there\"},"
              " {\"start\": 4.0, \"end\": 4.5, \"label\": \"noise\", \"text\": \"\"},"
              " {\"start\": 5.0, \"end\": 7.75, \"label\": \"speech\", \"text\": \"two\\nlines\"}]}",
              "[{\"id\": \"segment-0\", \"from_name\": \"who\", \"to_name\": \"a\", \"type\": \"labels\","
              "  \"value\": {\"start\": 1.25, \"end\": 3.5, \"labels\": [\"speech\"]}},"
              " {\"id\": \"segment-0\", \"from_name\": \"said\", \"to_name\": \"a\", \"type\": \"textarea\","
              "  \"value\": {\"start\": 1.25, \"end\": 3.5, \"text\": [\"hello there\"]}},"
              " {\"id\": \"segment-1\", \"from_name\": \"who\", \"to_name\": \"a\", \"type\": \"labels\","
              "  \"value\": {\"start\": 4.0, \"end\": 4.5, \"labels\": [\"noise\"]}},"
              " {\"id\": \"segment-2\", \"from_name\": \"who\", \"to_name\": \"a\", \"type\": \"labels\","
              "  \"value\": {\"start\": 5.0, \"end\": 7.75, \"labels\": [\"speech\"]}},"
              " {\"id\": \"segment-2\", \"from_name\": \"said\", \"to_name\": \"a\", \"type\": \"textarea\","
              "  \"value\": {\"start\": 5.0, \"end\": 7.75, \"text\": [\"two\\nlines\"]}}]",
              NULL);

  /* Read from Label Studio, where the text may come before its region
   * and in several lines. */
  read = _pw_ls_results_to_annotation (config, json_node_get_array (parse (
      "[{\"id\": \"Xy1\", \"from_name\": \"said\", \"to_name\": \"a\", \"type\": \"textarea\","
      "  \"value\": {\"start\": 0.5, \"end\": 1.0, \"text\": [\"first\", \"second\"]}},"
      " {\"id\": \"Xy1\", \"from_name\": \"who\", \"to_name\": \"a\", \"type\": \"labels\","
      "  \"value\": {\"start\": 0.5, \"end\": 1.0, \"labels\": [\"speech\"]}}]")), NULL, &error);
  g_assert_no_error (error);
  {
    g_autofree char *written = pw_json_to_string (read, FALSE);

    g_assert_cmpstr (written, ==,
                     "{\"segments\":[{\"start\":0.5,\"end\":1.0,\"label\":\"speech\",\"text\":\"first\\nsecond\"}]}");
  }
}

/* Work the configuration has no place for, or a span outside the text,
 * is refused and kept, never sent half. */
static void
test_refused (void)
{
  g_autoptr (PwLsConfig) config = _pw_ls_config_parse (TEXT_CONFIG, NULL);
  g_autoptr (JsonNode) shapes = parse ("{\"shapes\": [{\"id\": \"a\", \"type\": \"bbox\", \"label\": \"PER\","
                                       " \"x\": 1.0, \"y\": 1.0, \"w\": 1.0, \"h\": 1.0}],"
                                       " \"image\": {\"width\": 10, \"height\": 10}}");
  g_autoptr (JsonNode) outside = parse ("{\"spans\": [{\"start\": 2, \"end\": 40, \"label\": \"PER\"}]}");
  g_autoptr (JsonNode) results = NULL;
  g_autoptr (GError) error = NULL;

  results = _pw_ls_annotation_to_results (config, json_node_get_object (shapes), "text", &error);
  g_assert_error (error, PW_ERROR, PW_ERROR_UNSUPPORTED);
  g_assert_null (results);
  g_clear_error (&error);
  results = _pw_ls_annotation_to_results (config, json_node_get_object (outside), "short", &error);
  g_assert_error (error, PW_ERROR, PW_ERROR_INVALID_DATA);
  g_assert_null (results);
}

static void
test_jwt (void)
{
  gint64 exp = 0;

  /* {"token_type":"refresh","exp":1900000000} */
  g_assert_true (_pw_ls_token_is_jwt ("eyJhbGciOiJIUzI1NiJ9.eyJ0b2tlbl90eXBlIjoicmVmcmVzaCIsImV4cCI6MTkwMDAwMDAwMH0.c2ln",
                                      &exp));
  g_assert_cmpint (exp, ==, 1900000000);
  g_assert_false (_pw_ls_token_is_jwt ("0123456789abcdef0123456789abcdef01234567", &exp));
  g_assert_cmpint (exp, ==, 0);
  g_assert_false (_pw_ls_token_is_jwt ("a.b", NULL));
  g_assert_false (_pw_ls_token_is_jwt ("a.!!!.c", NULL));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/label-studio/config/image", test_config_image);
  g_test_add_func ("/label-studio/config/kinds", test_config_kinds);
  g_test_add_func ("/label-studio/config/unsupported", test_config_unsupported);
  g_test_add_func ("/label-studio/config/two-controls", test_config_two_controls);
  g_test_add_func ("/label-studio/config/two-controls-refused", test_config_two_controls_refused);
  g_test_add_func ("/label-studio/config/choice-groups", test_config_choice_groups);
  g_test_add_func ("/label-studio/project", test_project);
  g_test_add_func ("/label-studio/results/image", test_image_round_trip);
  g_test_add_func ("/label-studio/results/image-oriented", test_image_oriented);
  g_test_add_func ("/label-studio/results/image-turned", test_image_turned);
  g_test_add_func ("/label-studio/results/two-controls", test_two_controls_round_trip);
  g_test_add_func ("/label-studio/results/two-controls-unknown-label", test_two_controls_unknown_label);
  g_test_add_func ("/label-studio/results/choice-groups", test_choice_groups_round_trip);
  g_test_add_func ("/label-studio/results/text", test_text_round_trip);
  g_test_add_func ("/label-studio/results/audio", test_audio_round_trip);
  g_test_add_func ("/label-studio/results/segment-text", test_segment_text);
  g_test_add_func ("/label-studio/results/refused", test_refused);
  g_test_add_func ("/label-studio/jwt", test_jwt);

  return g_test_run ();
}
