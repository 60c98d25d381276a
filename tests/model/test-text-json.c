/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <string.h>

#include "piecework-engine.h"

/* The JSON of text and audio tasks: each command as the store keeps it,
 * whole annotations in the contract's form with only their tools'
 * members, and a marketplace's prefill read strictly. */

static JsonNode *
parse (const char *text)
{
  g_autoptr (GError) error = NULL;
  JsonNode *node = pw_json_parse (text, strlen (text), "test", &error);

  g_assert_no_error (error);
  return node;
}

static char *
written (PwAnnotation *annotation)
{
  g_autoptr (JsonNode) node = pw_annotation_to_json (annotation);

  return pw_json_to_string (node, FALSE);
}

static void
test_text_json_commands (void)
{
  const struct { PwCommandKind kind; const char *text; } cases[] = {
    { PW_COMMAND_ADD_SPAN,
      "{\"op\":\"add-span\",\"span\":{\"id\":\"span3\",\"start\":4,\"end\":9,\"label\":\"PER\"}}" },
    { PW_COMMAND_REMOVE_SPAN,
      "{\"op\":\"remove-span\",\"span\":{\"id\":\"span1\",\"start\":0,\"end\":2}}" },
    { PW_COMMAND_REPLACE_SPAN,
      "{\"op\":\"replace-span\",\"before\":{\"id\":\"span1\",\"start\":0,\"end\":2,\"label\":\"PER\"},"
      "\"after\":{\"id\":\"span1\",\"start\":0,\"end\":3,\"label\":\"ORG\"}}" },
    { PW_COMMAND_ADD_SEGMENT,
      "{\"op\":\"add-segment\",\"segment\":{\"id\":\"seg1\",\"start\":1.5,\"end\":2.0,"
      "\"label\":\"speech\",\"text\":\"hi 👋\"}}" },
    { PW_COMMAND_REMOVE_SEGMENT,
      "{\"op\":\"remove-segment\",\"segment\":{\"id\":\"seg2\",\"start\":0.0,\"end\":0.25,\"text\":\"\"}}" },
    { PW_COMMAND_REPLACE_SEGMENT,
      "{\"op\":\"replace-segment\",\"before\":{\"id\":\"seg2\",\"start\":0.0,\"end\":0.25,\"text\":\"\"},"
      "\"after\":{\"id\":\"seg2\",\"start\":0.0,\"end\":0.5,\"label\":\"noise\",\"text\":\"line\\nbreak\"}}" },
    { PW_COMMAND_SET_CHOICES,
      "{\"op\":\"set-choices\",\"before\":[],\"after\":[\"positive\",\"sarcastic\"]}" },
    { PW_COMMAND_EDIT_TRANSCRIPT,
      "{\"op\":\"edit-transcript\",\"at\":12,\"removed\":\"teh\",\"inserted\":\"the\"}" },
    { PW_COMMAND_BATCH,
      "{\"op\":\"batch\",\"commands\":[{\"op\":\"set-choices\",\"before\":[\"a\"],\"after\":[]},"
      "{\"op\":\"edit-transcript\",\"at\":0,\"removed\":\"\",\"inserted\":\"x\"},"
      "{\"op\":\"add-span\",\"span\":{\"id\":\"span1\",\"start\":0,\"end\":1}}]}" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (PwCommand) command = pw_command_new_from_string (cases[i].text, &error);
      g_autofree char *again = NULL;

      g_assert_no_error (error);
      g_assert_cmpint (pw_command_get_kind (command), ==, cases[i].kind);
      again = pw_command_to_string (command);
      g_assert_cmpstr (again, ==, cases[i].text);
    }
}

static void
test_text_json_command_errors (void)
{
  const struct { const char *text; const char *says; } cases[] = {
    { "{\"op\":\"add-span\"}", "span" },
    { "{\"op\":\"add-span\",\"span\":{\"start\":0,\"end\":1}}", "id" },
    { "{\"op\":\"add-span\",\"span\":{\"id\":\"\",\"start\":0,\"end\":1}}", "id" },
    { "{\"op\":\"add-span\",\"span\":{\"id\":\"a\",\"start\":3,\"end\":3}}", "“end”" },
    { "{\"op\":\"add-span\",\"span\":{\"id\":\"a\",\"start\":-1,\"end\":3}}", "start" },
    { "{\"op\":\"add-span\",\"span\":{\"id\":\"a\",\"start\":0.5,\"end\":3}}", "start" },
    { "{\"op\":\"add-span\",\"span\":{\"id\":\"a\",\"start\":0,\"end\":4294967296}}", "end" },
    { "{\"op\":\"add-span\",\"span\":{\"id\":\"a\",\"start\":0,\"end\":3,\"label\":\"\"}}", "label" },
    { "{\"op\":\"remove-span\",\"span\":{\"id\":\"a\",\"start\":0,\"end\":3,\"label\":\"a\\u2028b\"}}", "label" },
    { "{\"op\":\"replace-span\",\"before\":{\"id\":\"a\",\"start\":0,\"end\":1},"
      "\"after\":{\"id\":\"b\",\"start\":0,\"end\":1}}", "another id" },
    { "{\"op\":\"replace-span\",\"before\":{\"id\":\"a\",\"start\":0,\"end\":1}}", "after" },
    { "{\"op\":\"add-segment\",\"segment\":{\"id\":\"s\",\"start\":-0.5,\"end\":1}}", "start" },
    { "{\"op\":\"add-segment\",\"segment\":{\"id\":\"s\",\"start\":2,\"end\":1.5}}", "“end”" },
    { "{\"op\":\"add-segment\",\"segment\":{\"id\":\"s\",\"start\":0,\"end\":1,\"text\":5}}", "text" },
    { "{\"op\":\"add-segment\",\"segment\":{\"id\":\"s\",\"start\":\"0\",\"end\":1}}", "start" },
    { "{\"op\":\"replace-segment\",\"before\":{\"id\":\"a\",\"start\":0,\"end\":1},"
      "\"after\":{\"id\":\"b\",\"start\":0,\"end\":1}}", "another id" },
    { "{\"op\":\"set-choices\",\"before\":[]}", "after" },
    { "{\"op\":\"set-choices\",\"before\":[],\"after\":[\"a\",\"a\"]}", "repeats" },
    { "{\"op\":\"set-choices\",\"before\":[1],\"after\":[]}", "before" },
    { "{\"op\":\"set-choices\",\"before\":[],\"after\":[\"a\\nb\"]}", "label" },
    { "{\"op\":\"edit-transcript\",\"at\":-1,\"removed\":\"\",\"inserted\":\"x\"}", "at" },
    { "{\"op\":\"edit-transcript\",\"at\":0,\"removed\":\"\"}", "inserted" },
    { "{\"op\":\"edit-transcript\",\"at\":0,\"removed\":null,\"inserted\":\"\"}", "removed" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (PwCommand) command = pw_command_new_from_string (cases[i].text, &error);

      g_assert_null (command);
      g_assert_error (error, PW_ERROR, PW_ERROR_INVALID_DATA);
      if (strstr (error->message, cases[i].says) == NULL)
        g_error ("%s: “%s” does not say “%s”", cases[i].text, error->message, cases[i].says);
    }
}

static void
assert_round_trip (const char        *text,
                   PwAnnotationTools  tools,
                   const char        *expected)
{
  g_autoptr (JsonNode) node = parse (text);
  g_autoptr (JsonNode) again_node = NULL;
  g_autoptr (PwAnnotation) annotation = NULL;
  g_autoptr (PwAnnotation) again = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *out_again = NULL;

  annotation = pw_annotation_new_from_json (node, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pw_annotation_get_tools (annotation), ==, tools);
  out = written (annotation);
  g_assert_cmpstr (out, ==, expected);

  again_node = parse (out);
  again = pw_annotation_new_from_json (again_node, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pw_annotation_get_tools (again), ==, tools);
  out_again = written (again);
  g_assert_cmpstr (out_again, ==, out);
}

static void
test_text_json_annotations (void)
{
  g_autoptr (PwAnnotation) empty = NULL;
  g_autoptr (JsonNode) node = NULL;
  g_autoptr (PwAnnotation) annotation = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;
  GPtrArray *spans;

  /* The contract's example, with only the members of the tools. */
  assert_round_trip ("{\"choices\":[\"positive\"],"
                     "\"spans\":[{\"start\":10,\"end\":15,\"label\":\"PER\"}],"
                     "\"transcript\":\"…\"}",
                     PW_ANNOTATION_TOOL_CHOICE | PW_ANNOTATION_TOOL_SPAN
                     | PW_ANNOTATION_TOOL_TRANSCRIPT,
                     "{\"choices\":[\"positive\"],"
                     "\"spans\":[{\"start\":10,\"end\":15,\"label\":\"PER\"}],"
                     "\"transcript\":\"…\"}");
  assert_round_trip ("{\"transcript\":null,\"extra\":1,"
                     "\"segments\":[{\"start\":3.5,\"end\":4,\"text\":\"b\"},"
                     "{\"start\":1.25,\"end\":3.5,\"label\":\"speech\",\"text\":\"hello there\"}],"
                     "\"choices\":[]}",
                     PW_ANNOTATION_TOOL_SEGMENT | PW_ANNOTATION_TOOL_TRANSCRIPT
                     | PW_ANNOTATION_TOOL_CHOICE,
                     "{\"choices\":[],"
                     "\"segments\":[{\"start\":1.25,\"end\":3.5,\"label\":\"speech\",\"text\":\"hello there\"},"
                     "{\"start\":3.5,\"end\":4.0,\"text\":\"b\"}],"
                     "\"transcript\":\"\"}");

  /* An image's annotation keeps its choices, as CVAT's tags and Label
   * Studio's image classes are; members only for text and audio are
   * ignored. */
  assert_round_trip ("{\"image\":{\"width\":10,\"height\":5},\"shapes\":[],\"choices\":[\"a\"],"
                     "\"transcript\":\"x\"}",
                     PW_ANNOTATION_TOOL_SHAPES | PW_ANNOTATION_TOOL_CHOICE,
                     "{\"image\":{\"width\":10,\"height\":5},\"shapes\":[],\"choices\":[\"a\"]}");
  assert_round_trip ("{\"image\":{\"width\":10,\"height\":5},\"shapes\":[],\"spans\":[]}",
                     PW_ANNOTATION_TOOL_SHAPES,
                     "{\"image\":{\"width\":10,\"height\":5},\"shapes\":[]}");

  /* Empty members are written, so the tools read back. */
  empty = pw_annotation_new_for_tools (PW_ANNOTATION_TOOL_SPAN | PW_ANNOTATION_TOOL_CHOICE);
  text = written (empty);
  g_assert_cmpstr (text, ==, "{\"choices\":[],\"spans\":[]}");
  assert_round_trip (text, PW_ANNOTATION_TOOL_SPAN | PW_ANNOTATION_TOOL_CHOICE, text);

  /* Spans are kept in order and given ids by it, ties in the order
   * they came, so the same JSON always gives the same ids. */
  node = parse ("{\"spans\":[{\"start\":5,\"end\":9,\"label\":\"B\"},{\"start\":0,\"end\":3,\"label\":\"A\"},"
                "{\"start\":5,\"end\":9,\"label\":\"C\"},{\"start\":5,\"end\":7,\"label\":\"D\"}]}");
  annotation = pw_annotation_new_from_json (node, &error);
  g_assert_no_error (error);
  spans = pw_annotation_get_spans (annotation);
  g_assert_cmpstr (pw_text_span_get_label (g_ptr_array_index (spans, 0)), ==, "A");
  g_assert_cmpstr (pw_text_span_get_label (g_ptr_array_index (spans, 1)), ==, "D");
  g_assert_cmpstr (pw_text_span_get_label (g_ptr_array_index (spans, 2)), ==, "B");
  g_assert_cmpstr (pw_text_span_get_label (g_ptr_array_index (spans, 3)), ==, "C");
  for (guint i = 0; i < spans->len; i++)
    {
      g_autofree char *id = g_strdup_printf ("span%u", i + 1);

      g_assert_cmpstr (pw_text_span_get_id (g_ptr_array_index (spans, i)), ==, id);
    }
  g_free (text);
  text = pw_annotation_new_span_id (annotation);
  g_assert_cmpstr (text, ==, "span5");
}

static void
test_text_json_prefill (void)
{
  g_autoptr (JsonNode) node = parse ("{\"spans\":[{\"start\":0,\"end\":4,\"label\":\"PER\"}],"
                                     "\"segments\":[{\"start\":0,\"end\":1}],"
                                     "\"image\":{\"width\":1,\"height\":1}}");
  g_autoptr (PwAnnotation) annotation = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;

  /* The task's tools decide: members of others are left, missing ones
   * are empty and written. */
  annotation = pw_annotation_new_from_prefill (node, PW_ANNOTATION_TOOL_CHOICE | PW_ANNOTATION_TOOL_SPAN
                                               | PW_ANNOTATION_TOOL_TRANSCRIPT, 4, &error);
  g_assert_no_error (error);
  text = written (annotation);
  g_assert_cmpstr (text, ==, "{\"choices\":[],\"spans\":[{\"start\":0,\"end\":4,\"label\":\"PER\"}],"
                             "\"transcript\":\"\"}");
  g_clear_object (&annotation);

  /* The same prefill on an image task is an image's. */
  annotation = pw_annotation_new_from_prefill (node, PW_ANNOTATION_TOOL_SHAPES, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pw_annotation_get_width (annotation), ==, 1);
}

static void
test_text_json_prefill_errors (void)
{
  const PwAnnotationTools all = PW_ANNOTATION_TOOL_CHOICE | PW_ANNOTATION_TOOL_SPAN
                                | PW_ANNOTATION_TOOL_SEGMENT | PW_ANNOTATION_TOOL_TRANSCRIPT;
  const struct { const char *text; const char *place; const char *member; } cases[] = {
    { "{\"spans\":[{\"start\":0,\"end\":4},{\"start\":5,\"end\":11}]}", "span 2", "“end” is 11" },
    { "{\"spans\":[{\"start\":0,\"end\":4,\"label\":\"PER\"},{\"start\":\"0\",\"end\":4}]}", "span 2", "“start”" },
    { "{\"spans\":[{\"start\":3,\"end\":3}]}", "span 1", "“end”" },
    { "{\"spans\":[{\"start\":-1,\"end\":3}]}", "span 1", "“start”" },
    { "{\"spans\":[{\"start\":0,\"end\":3,\"label\":\"a\\tb\"}]}", "span 1", "a\\tb" },
    { "{\"spans\":[{\"start\":0,\"end\":3,\"label\":\"\"}]}", "span 1", "label" },
    { "{\"spans\":[{\"start\":0}]}", "span 1", "“end”" },
    { "{\"spans\":[7]}", "span 1", "object" },
    { "{\"spans\":{}}", "The annotation", "“spans”" },
    { "{\"choices\":[\"a\",\"a\"]}", "“choices” item 2", "“a”" },
    { "{\"choices\":[1]}", "“choices” item 1", "label" },
    { "{\"choices\":\"a\"}", "The annotation", "“choices”" },
    { "{\"segments\":[{\"start\":0,\"end\":1},{\"start\":2,\"end\":1.5}]}", "segment 2", "“end”" },
    { "{\"segments\":[{\"start\":-0.5,\"end\":1}]}", "segment 1", "“start”" },
    { "{\"segments\":[{\"start\":0,\"end\":1,\"text\":5}]}", "segment 1", "“text”" },
    { "{\"segments\":[{\"start\":0,\"end\":1,\"label\":\"x\\u0085\"}]}", "segment 1", "label" },
    { "{\"transcript\":5}", "The annotation", "“transcript”" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (JsonNode) node = parse (cases[i].text);
      g_autoptr (GError) error = NULL;
      g_autoptr (PwAnnotation) annotation = pw_annotation_new_from_prefill (node, all, 10, &error);

      g_assert_null (annotation);
      g_assert_error (error, PW_ERROR, PW_ERROR_INVALID_DATA);
      if (strstr (error->message, cases[i].place) == NULL
          || strstr (error->message, cases[i].member) == NULL)
        g_error ("%s: “%s” does not say “%s” and “%s”", cases[i].text, error->message,
                 cases[i].place, cases[i].member);
    }
}

static void
test_text_json_fits_text (void)
{
  g_autoptr (JsonNode) node = parse ("{\"spans\":[{\"start\":0,\"end\":4},{\"start\":\"x\"},"
                                     "{\"start\":2,\"end\":5}]}");
  JsonObject *object = json_node_get_object (node);
  g_autoptr (GError) error = NULL;

  g_assert_true (pw_annotation_json_fits_text (object, "The prefill", 5, &error));
  g_assert_no_error (error);
  g_assert_false (pw_annotation_json_fits_text (object, "The prefill", 4, &error));
  g_assert_error (error, PW_ERROR, PW_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (error->message, "The prefill, span 3"));
}

static JsonNode *
many (const char *member,
      const char *entry,
      guint       count)
{
  GString *text = g_string_new (NULL);
  g_autofree char *json = NULL;

  g_string_append_printf (text, "{\"%s\":[", member);
  for (guint i = 0; i < count; i++)
    g_string_append_printf (text, "%s%s", i > 0 ? "," : "", entry);
  g_string_append (text, "]}");
  json = g_string_free (text, FALSE);
  return parse (json);
}

static JsonNode *
long_text (const char *before,
           gsize       size,
           const char *after)
{
  g_autofree char *filler = g_strnfill (size, 'a');
  g_autofree char *json = g_strconcat (before, filler, after, NULL);

  return parse (json);
}

static void
test_text_json_limits (void)
{
  struct { JsonNode *node; const char *says; } over[] = {
    { many ("spans", "{\"start\":0,\"end\":1}", PW_ANNOTATION_MAX_SPANS + 1), "spans" },
    { many ("segments", "{\"start\":0,\"end\":1}", PW_ANNOTATION_MAX_SEGMENTS + 1), "segments" },
    { many ("choices", "\"a\"", PW_ANNOTATION_MAX_CHOICES + 1), "choices" },
    { long_text ("{\"transcript\":\"", PW_ANNOTATION_MAX_TEXT_BYTES + 1, "\"}"), "transcript" },
    { long_text ("{\"segments\":[{\"start\":0,\"end\":1,\"text\":\"",
                 PW_ANNOTATION_MAX_TEXT_BYTES + 1, "\"}]}"), "segment" },
  };
  g_autoptr (JsonNode) most = long_text ("{\"transcript\":\"", PW_ANNOTATION_MAX_TEXT_BYTES, "\"}");
  g_autoptr (JsonNode) spans = many ("spans", "{\"start\":0,\"end\":1}", PW_ANNOTATION_MAX_SPANS);
  g_autoptr (PwAnnotation) annotation = NULL;
  g_autoptr (GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (over); i++)
    {
      g_autoptr (PwAnnotation) refused = pw_annotation_new_from_json (over[i].node, &error);

      g_assert_null (refused);
      g_assert_error (error, PW_ERROR, PW_ERROR_TOO_LARGE);
      g_assert_nonnull (strstr (error->message, "The annotation"));
      g_assert_nonnull (strstr (error->message, over[i].says));
      g_clear_error (&error);
      json_node_unref (over[i].node);
    }

  annotation = pw_annotation_new_from_json (most, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (strlen (pw_annotation_get_transcript (annotation)), ==,
                    PW_ANNOTATION_MAX_TEXT_BYTES);
  g_clear_object (&annotation);

  annotation = pw_annotation_new_from_json (spans, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pw_annotation_get_spans (annotation)->len, ==, PW_ANNOTATION_MAX_SPANS);
}

static void
test_text_json_tools_from_names (void)
{
  const char *text[] = { "choice", "span", "transcript", "emoji-picker", NULL };
  const char *audio[] = { "segment", "transcript", "choice", NULL };
  const char *image[] = { "bbox", "polygon", NULL };

  g_assert_cmpuint (pw_annotation_tools_from_names (text), ==,
                    PW_ANNOTATION_TOOL_CHOICE | PW_ANNOTATION_TOOL_SPAN
                    | PW_ANNOTATION_TOOL_TRANSCRIPT);
  g_assert_cmpuint (pw_annotation_tools_from_names (audio), ==,
                    PW_ANNOTATION_TOOL_SEGMENT | PW_ANNOTATION_TOOL_TRANSCRIPT
                    | PW_ANNOTATION_TOOL_CHOICE);
  g_assert_cmpuint (pw_annotation_tools_from_names (image), ==, PW_ANNOTATION_TOOL_SHAPES);
  g_assert_cmpuint (pw_annotation_tools_from_names (NULL), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/text-json/commands", test_text_json_commands);
  g_test_add_func ("/text-json/command-errors", test_text_json_command_errors);
  g_test_add_func ("/text-json/annotations", test_text_json_annotations);
  g_test_add_func ("/text-json/prefill", test_text_json_prefill);
  g_test_add_func ("/text-json/prefill-errors", test_text_json_prefill_errors);
  g_test_add_func ("/text-json/fits-text", test_text_json_fits_text);
  g_test_add_func ("/text-json/limits", test_text_json_limits);
  g_test_add_func ("/text-json/tools-from-names", test_text_json_tools_from_names);

  return g_test_run ();
}
