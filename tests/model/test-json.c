/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include "piecework-engine.h"

static JsonNode *
parse (const char *text)
{
  g_autoptr (GError) error = NULL;
  JsonNode *node = pw_json_parse (text, strlen (text), "test", &error);

  g_assert_no_error (error);
  return node;
}

static char *
nested (guint       depth,
        const char *inner)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < depth; i++)
    g_string_append_c (text, '[');
  g_string_append (text, inner);
  for (guint i = 0; i < depth; i++)
    g_string_append_c (text, ']');
  return g_string_free (text, FALSE);
}

static void
test_json_limits (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *deep_ok = nested (PW_JSON_MAX_DEPTH, "1");
  g_autofree char *too_deep = nested (PW_JSON_MAX_DEPTH + 1, "1");
  g_autofree char *member_ok = nested (PW_JSON_MAX_DEPTH - 1, "1");
  g_autofree char *in_string = NULL;
  g_autofree char *huge = NULL;
  g_autoptr (JsonNode) node = NULL;

  node = pw_json_parse (deep_ok, strlen (deep_ok), "a.json", &error);
  g_assert_no_error (error);
  g_assert_nonnull (node);
  g_clear_pointer (&node, json_node_unref);

  node = pw_json_parse (too_deep, strlen (too_deep), "a.json", &error);
  g_assert_null (node);
  g_assert_error (error, PW_ERROR, PW_ERROR_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, "a.json"));
  g_clear_error (&error);

  /* Brackets inside strings do not nest, and an escaped quote does not end
   * the string. */
  in_string = g_strdup_printf ("{\"a\": \"\\\"%s\", \"b\": %s}", too_deep, member_ok);
  node = pw_json_parse (in_string, strlen (in_string), "a.json", &error);
  g_assert_no_error (error);
  g_assert_nonnull (node);
  g_clear_pointer (&node, json_node_unref);

  huge = g_malloc (PW_JSON_MAX_BYTES + 2);
  memset (huge, ' ', PW_JSON_MAX_BYTES + 1);
  huge[0] = '1';
  huge[PW_JSON_MAX_BYTES + 1] = '\0';
  node = pw_json_parse (huge, PW_JSON_MAX_BYTES + 1, "big.json", &error);
  g_assert_null (node);
  g_assert_error (error, PW_ERROR, PW_ERROR_TOO_LARGE);
  g_clear_error (&error);

  node = pw_json_parse ("{\"a\": [1, 2", 11, "broken.json", &error);
  g_assert_null (node);
  g_assert_error (error, PW_ERROR, PW_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (error->message, "broken.json"));
}

/* json-glib 1.6 decodes an escaped high surrogate with no low one after it,
 * and octal escapes, into bytes that are not UTF-8. A labelme file with such
 * a label read, and the file written back could not be read again. */
static void
test_json_not_utf8_once_decoded (void)
{
  const char *bad[] = {
    "{\"label\": \"car \\ud83dx\"}",
    "[\"a\", {\"b\": [\"\\ud800 \"]}]",
    "{\"\\udbff!\": 1}",
    "{\"op\": \"add\", \"id\": \"s\\377\"}",
  };
  const char *good = "{\"label\": \"\\ud83d\\ude97 car\"}";
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) node = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      node = pw_json_parse (bad[i], strlen (bad[i]), "labels.json", &error);
      g_assert_null (node);
      g_assert_error (error, PW_ERROR, PW_ERROR_INVALID_DATA);
      g_assert_nonnull (strstr (error->message, "labels.json"));
      g_clear_error (&error);
    }

  node = pw_json_parse (good, strlen (good), "labels.json", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (node), "label"), ==,
                   "\xf0\x9f\x9a\x97 car");
}

static void
test_json_numbers (void)
{
  const struct { double value; const char *text; } cases[] = {
    { 0.1, "0.1" },
    { 10, "10.0" },
    { 10.5, "10.5" },
    { -3.25, "-3.25" },
    { 123456.789, "123456.789" },
    { 1e-5, "1e-05" },
    { 0.0001, "0.0001" },
    { 1e16, "1e+16" },
    { 1.0 / 3.0, "0.3333333333333333" },
    { 100000, "100000.0" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = pw_json_format_double (cases[i].value);

      g_assert_cmpstr (text, ==, cases[i].text);
      g_assert_cmpfloat (g_ascii_strtod (text, NULL), ==, cases[i].value);
    }
}

static void
test_json_writer (void)
{
  g_autoptr (JsonNode) node = parse ("{\"b\": [1, 2.5, [], {}], \"a\": {\"x\": null, \"y\": true},"
                                     " \"s\": \"é\\n\\\"/\\u0001\"}");
  g_autofree char *compact = pw_json_to_string (node, FALSE);
  g_autofree char *pretty = pw_json_to_string (node, TRUE);

  g_assert_cmpstr (compact, ==,
                   "{\"b\":[1,2.5,[],{}],\"a\":{\"x\":null,\"y\":true},\"s\":\"é\\n\\\"/\\u0001\"}");
  g_assert_cmpstr (pretty, ==,
                   "{\n"
                   "  \"b\": [\n"
                   "    1,\n"
                   "    2.5,\n"
                   "    [],\n"
                   "    {}\n"
                   "  ],\n"
                   "  \"a\": {\n"
                   "    \"x\": null,\n"
                   "    \"y\": true\n"
                   "  },\n"
                   "  \"s\": \"é\\n\\\"/\\u0001\"\n"
                   "}");
}

static void
test_json_annotation_round_trip (void)
{
  const char *text =
    "{\"image\":{\"width\":1920,\"height\":1280},"
    "\"shapes\":[{\"id\":\"a1\",\"type\":\"bbox\",\"label\":\"car\",\"x\":10.0,\"y\":20.5,\"w\":100.0,\"h\":40.0},"
    "{\"id\":\"a2\",\"type\":\"polygon\",\"label\":\"person\",\"points\":[[12.0,30.0],[40.5,31.0],[25.0,60.0]]},"
    "{\"id\":\"a3\",\"type\":\"bbox\",\"x\":1.0,\"y\":2.0,\"w\":3.0,\"h\":4.0}]}";
  g_autoptr (JsonNode) node = parse (text);
  g_autoptr (GError) error = NULL;
  g_autoptr (PwAnnotation) annotation = pw_annotation_new_from_json (node, &error);
  g_autoptr (JsonNode) back = NULL;
  g_autofree char *written = NULL;
  g_autofree char *id = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (pw_annotation_get_width (annotation), ==, 1920);
  g_assert_cmpuint (pw_annotation_get_shapes (annotation)->len, ==, 3);
  g_assert_null (pw_shape_get_label (pw_annotation_lookup_shape (annotation, "a3")));

  back = pw_annotation_to_json (annotation);
  written = pw_json_to_string (back, FALSE);
  g_assert_cmpstr (written, ==, text);

  /* Marketplace ids do not look like ours; ours still start fresh. */
  id = pw_annotation_new_shape_id (annotation);
  g_assert_cmpstr (id, ==, "s1");
}

static void
test_json_annotation_errors (void)
{
  const struct { const char *text; const char *member; } cases[] = {
    { "[]", NULL },
    { "{\"shapes\": []}", "image" },
    { "{\"image\": {\"width\": 10}}", "height" },
    { "{\"image\": {\"width\": \"10\", \"height\": 5}}", "width" },
    { "{\"image\": {\"width\": 0, \"height\": 5}}", NULL },
    { "{\"image\": {\"width\": 10, \"height\": 5}, \"shapes\": {}}", "shapes" },
    { "{\"image\": {\"width\": 10, \"height\": 5}, \"shapes\": [{\"type\": \"bbox\"}]}", "id" },
    { "{\"image\": {\"width\": 10, \"height\": 5}, \"shapes\": [{\"id\": \"a\", \"type\": \"bbox\", \"x\": 1, \"y\": 1, \"w\": 1}]}", "h" },
    { "{\"image\": {\"width\": 10, \"height\": 5}, \"shapes\": [{\"id\": \"a\", \"type\": \"bbox\", \"x\": 1, \"y\": 1, \"w\": -1, \"h\": 1}]}", NULL },
    { "{\"image\": {\"width\": 10, \"height\": 5}, \"shapes\": [{\"id\": \"a\", \"type\": \"polygon\", \"points\": [[1, 2], [3]]}]}", "point 2" },
    { "{\"image\": {\"width\": 10, \"height\": 5}, \"shapes\": [{\"id\": \"a\", \"type\": \"circle\"}]}", "circle" },
    { "{\"image\": {\"width\": 10, \"height\": 5}, \"shapes\": ["
      "{\"id\": \"a\", \"type\": \"bbox\", \"x\": 1, \"y\": 1, \"w\": 1, \"h\": 1},"
      "{\"id\": \"a\", \"type\": \"bbox\", \"x\": 1, \"y\": 1, \"w\": 1, \"h\": 1}]}", "“a”" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (JsonNode) node = parse (cases[i].text);
      g_autoptr (GError) error = NULL;
      g_autoptr (PwAnnotation) annotation = pw_annotation_new_from_json (node, &error);

      g_assert_null (annotation);
      g_assert_nonnull (error);
      g_assert_true (error->domain == PW_ERROR);
      if (cases[i].member != NULL)
        g_assert_nonnull (strstr (error->message, cases[i].member));
    }
}

static void
test_json_command_round_trip (void)
{
  const char *texts[] = {
    "{\"op\":\"add\",\"index\":3,\"shape\":{\"id\":\"s4\",\"type\":\"polygon\",\"label\":\"car\",\"points\":[[1.0,2.0],[3.5,4.0],[0.25,9.0]]}}",
    "{\"op\":\"remove\",\"index\":0,\"shape\":{\"id\":\"s1\",\"type\":\"bbox\",\"x\":1.0,\"y\":2.0,\"w\":3.0,\"h\":4.0}}",
    "{\"op\":\"replace\",\"before\":{\"id\":\"s1\",\"type\":\"bbox\",\"x\":1.0,\"y\":2.0,\"w\":3.0,\"h\":4.0},"
    "\"after\":{\"id\":\"s1\",\"type\":\"bbox\",\"label\":\"bus\",\"x\":1.0,\"y\":2.0,\"w\":3.0,\"h\":4.0}}",
    "{\"op\":\"batch\",\"commands\":[{\"op\":\"add\",\"index\":0,\"shape\":{\"id\":\"s2\",\"type\":\"bbox\",\"x\":0.0,\"y\":0.0,\"w\":1.0,\"h\":1.0}},"
    "{\"op\":\"batch\",\"commands\":[]}]}",
  };
  const char *bad[] = {
    "{\"op\":\"move\"}",
    "{\"op\":\"add\",\"index\":-1,\"shape\":{\"id\":\"s4\",\"type\":\"bbox\",\"x\":0,\"y\":0,\"w\":1,\"h\":1}}",
    "{\"op\":\"add\",\"index\":0}",
    "{\"op\":\"replace\",\"before\":{\"id\":\"s1\",\"type\":\"bbox\",\"x\":0,\"y\":0,\"w\":1,\"h\":1},"
    "\"after\":{\"id\":\"s2\",\"type\":\"bbox\",\"x\":0,\"y\":0,\"w\":1,\"h\":1}}",
    "{\"op\":\"batch\",\"commands\":[1]}",
    "[1]",
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (PwCommand) command = pw_command_new_from_string (texts[i], &error);
      g_autofree char *again = NULL;

      g_assert_no_error (error);
      g_assert_cmpint (pw_command_get_kind (command), ==, (PwCommandKind) i);
      again = pw_command_to_string (command);
      g_assert_cmpstr (again, ==, texts[i]);
    }

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (PwCommand) command = pw_command_new_from_string (bad[i], &error);

      g_assert_null (command);
      g_assert_error (error, PW_ERROR, PW_ERROR_INVALID_DATA);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/json/limits", test_json_limits);
  g_test_add_func ("/json/not-utf8-once-decoded", test_json_not_utf8_once_decoded);
  g_test_add_func ("/json/numbers", test_json_numbers);
  g_test_add_func ("/json/writer", test_json_writer);
  g_test_add_func ("/json/annotation-round-trip", test_json_annotation_round_trip);
  g_test_add_func ("/json/annotation-errors", test_json_annotation_errors);
  g_test_add_func ("/json/command-round-trip", test_json_command_round_trip);

  return g_test_run ();
}
