/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <math.h>
#include <string.h>

#include "piecework-engine.h"

/* Tests of the strict JSON parser: what it accepts, what it refuses and why,
 * and its limits. */

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

static void
assert_refused (const char *text,
                gsize       length,
                GQuark      domain,
                int         code,
                const char *reason)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) node = pw_json_parse (text, length, "answer.json", &error);

  if (node != NULL)
    g_error ("accepted %.60s", text);
  g_assert_error (error, domain, code);
  g_assert_nonnull (strstr (error->message, "answer.json"));
  if (reason != NULL && strstr (error->message, reason) == NULL)
    g_error ("“%s” does not say “%s”", error->message, reason);
}

/* json-glib's scanner reads comments and single-quoted strings, which the
 * bracket count once run before it did not: brackets that close inside a
 * comment, or a double quote inside single quotes that hides everything up
 * to the next one, let nesting of any depth through to json-glib's
 * recursive parser, which overflowed the stack. */
static void
test_json_hidden_nesting (void)
{
  g_autoptr (GString) comments = g_string_new (NULL);
  g_autoptr (GString) quotes = g_string_new ("{\"tasks\": ['\"', ");
  g_autoptr (GString) opened = g_string_new (NULL);
  g_autoptr (GString) line_comments = g_string_new (NULL);

  /* 100,000 levels, 50 at a time, each 50 "closed" inside a comment. */
  for (guint i = 0; i < 2000; i++)
    {
      g_string_append_len (comments, "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[", 50);
      g_string_append (comments, "/*]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]*/");
    }
  g_string_append_c (comments, '1');
  for (guint i = 0; i < 100000; i++)
    g_string_append_c (comments, ']');
  assert_refused (comments->str, comments->len, PW_ERROR, PW_ERROR_INVALID_DATA,
                  "line 1, column 51");

  /* A 150 KB marketplace answer. */
  for (guint i = 0; i < 75000; i++)
    g_string_append_c (quotes, '[');
  for (guint i = 0; i < 75000; i++)
    g_string_append_c (quotes, ']');
  g_string_append (quotes, ", '\"']}");
  assert_refused (quotes->str, quotes->len, PW_ERROR, PW_ERROR_INVALID_DATA, "column 12");

  /* With nothing hidden, the depth itself is refused, not the grammar. */
  for (guint i = 0; i < 100000; i++)
    g_string_append_c (opened, '[');
  assert_refused (opened->str, opened->len, PW_ERROR, PW_ERROR_TOO_LARGE, "64");

  /* json-glib skips "//" too; it is refused as a comment. */
  for (guint i = 0; i < 2000; i++)
    g_string_append (line_comments, "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["
                                    "//]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]\n");
  assert_refused (line_comments->str, line_comments->len, PW_ERROR, PW_ERROR_INVALID_DATA,
                  "line 1, column 51");
}

/* What json-glib 1.6 accepts beyond RFC 8259 is refused, with where and
 * why. */
static void
test_json_strict (void)
{
  const struct { const char *text; const char *reason; } cases[] = {
    { "[/* a comment */ 1]", "line 1, column 2: JSON has no comments" },
    { "[1] // a comment", "column 5: JSON has no comments" },
    { "[1, /* ] */ 2]", "column 5: JSON has no comments" },
    { "{\"a\": 1 /* ] */}", "column 9: JSON has no comments" },
    { "['single']", "column 2: a string must be in double quotes" },
    { "['[[[[', 1]", "a string must be in double quotes" },
    { "{'a': 1}", "column 2: expected a member name in double quotes" },
    { "{a: 1}", "column 2: expected a member name in double quotes" },
    { "[hello]", "a string must be in double quotes" },
    { "[1, 2,]", "column 7: a comma must be followed by another value" },
    { "{\"a\": 1,}", "column 9: a comma must be followed by another value" },
    { "[NaN]", "NaN and Infinity are not JSON numbers" },
    { "[Infinity]", "NaN and Infinity are not JSON numbers" },
    { "[-Infinity]", "NaN and Infinity are not JSON numbers" },
    { "[0x1F]", "a number is malformed" },
    { "[017]", "a number is malformed" },
    { "[.5]", "a number is malformed" },
    { "[5.]", "a number is malformed" },
    { "[+1]", "a number is malformed" },
    { "[1e]", "a number is malformed" },
    { "[- 1]", "a number is malformed" },
    { "[1.5e400]", "a number is too large" },
    { "[-1e309]", "a number is too large" },
    { "[\"\\x41\"]", "an escape in a string is not valid" },
    { "[\"\\'\"]", "an escape in a string is not valid" },
    { "[\"\\u12\"]", "an escape in a string is not valid" },
    { "[\"a\tb\"]", "column 4: a control character in a string must be escaped" },
    { "[\"a\\u0000b\"]", "U+0000" },
    { "[\"abc", "column 2: a string is not closed" },
    { "{\"a\": 1, \"a\": 2}", "column 10: the member “a” appears twice" },
    { "[1] [2]", "column 5: more text follows the end of the document" },
    { "[1 2]", "column 4: expected “,” or “]”" },
    { "{\"a\" 1}", "column 6: expected “:” after a member name" },
    { "{\"a\": 1 \"b\": 2}", "column 9: expected “,” or “}”" },
    { "[1,\n  2,\n  x]", "line 3, column 3" },
    { "[\"é\", \"ü\", ?]", "line 1, column 12: expected a value" },
    { "[\f1]", "expected a value" },
    { "[true", "the document ends too early" },
    { "{\"a\":", "the document ends too early" },
    { "{\"a\"", "expected “:”" },
    { "[tru]", "a string must be in double quotes" },
    { "[truex]", "a string must be in double quotes" },
    { "[1true]", "a number is malformed" },
  };
  g_autofree char *long_number = g_strnfill (2000, '1');
  g_autofree char *long_text = g_strdup_printf ("[%s]", long_number);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    assert_refused (cases[i].text, strlen (cases[i].text), PW_ERROR, PW_ERROR_INVALID_DATA,
                    cases[i].reason);
  assert_refused (long_text, strlen (long_text), PW_ERROR, PW_ERROR_INVALID_DATA,
                  "a number is longer than 1024 characters");

  /* Only whitespace, or nothing. */
  assert_refused (" \n\t", 3, PW_ERROR, PW_ERROR_INVALID_DATA, "is empty");
  assert_refused (NULL, 0, PW_ERROR, PW_ERROR_INVALID_DATA, "is empty");
  /* A NUL byte is not the end of the text. */
  assert_refused ("[1]\0[", 5, PW_ERROR, PW_ERROR_INVALID_DATA, "more text follows");
}

static void
test_json_accepted (void)
{
  g_autoptr (JsonNode) bom = parse ("\xef\xbb\xbf"
                                    "{\"a\": [1, -0, 1.5, 1E+2, -2e-3, true, false, null]}");
  g_autoptr (JsonNode) numbers = parse ("[9223372036854775807, -9223372036854775808,"
                                        " 9223372036854775808, 99999999999999999999, 1e308,"
                                        " 5e-324, 0.1]");
  g_autoptr (JsonNode) text = parse ("[\"\\\"\\\\\\/\\b\\f\\n\\r\\t\", \"\\u00e9\\u20AC\\uffff\","
                                     " \"\xf4\x8f\xbf\xbf\", \"\\uD834\\uDD1E\"]");
  g_autoptr (JsonNode) same_names = parse ("{\"a\": {\"a\": 1}, \"b\": [{\"a\": 2}, {\"a\": 3}]}");
  g_autoptr (JsonNode) spaces = parse (" \r\n\t[ 1 , { \"x\" : [ ] } ] \r\n\t");
  JsonArray *array;

  array = json_object_get_array_member (json_node_get_object (bom), "a");
  g_assert_cmpuint (json_array_get_length (array), ==, 8);
  g_assert_cmpint (json_node_get_value_type (json_array_get_element (array, 0)), ==, G_TYPE_INT64);
  g_assert_cmpint (json_node_get_value_type (json_array_get_element (array, 1)), ==, G_TYPE_INT64);
  g_assert_cmpint (json_node_get_value_type (json_array_get_element (array, 2)), ==, G_TYPE_DOUBLE);
  g_assert_cmpint (json_node_get_value_type (json_array_get_element (array, 3)), ==, G_TYPE_DOUBLE);
  g_assert_cmpfloat (json_array_get_double_element (array, 3), ==, 100.0);
  g_assert_cmpfloat (json_array_get_double_element (array, 4), ==, -0.002);
  g_assert_true (json_node_is_immutable (bom));
  g_assert_true (json_node_is_immutable (json_array_get_element (array, 7)));

  /* Integers that do not fit 64 bits become doubles, not wrapped integers. */
  array = json_node_get_array (numbers);
  g_assert_cmpint (json_array_get_int_element (array, 0), ==, G_MAXINT64);
  g_assert_cmpint (json_array_get_int_element (array, 1), ==, G_MININT64);
  g_assert_cmpint (json_node_get_value_type (json_array_get_element (array, 2)), ==, G_TYPE_DOUBLE);
  g_assert_cmpfloat (json_array_get_double_element (array, 2), ==, 9223372036854775808.0);
  g_assert_cmpfloat (json_array_get_double_element (array, 3), ==, 1e20);
  g_assert_cmpfloat (json_array_get_double_element (array, 4), ==, 1e308);
  g_assert_cmpfloat (json_array_get_double_element (array, 5), ==, 5e-324);
  g_assert_cmpfloat (json_array_get_double_element (array, 6), ==, 0.1);

  array = json_node_get_array (text);
  g_assert_cmpstr (json_array_get_string_element (array, 0), ==, "\"\\/\b\f\n\r\t");
  g_assert_cmpstr (json_array_get_string_element (array, 1), ==, "é€\xef\xbf\xbf");
  g_assert_cmpstr (json_array_get_string_element (array, 2), ==, "\xf4\x8f\xbf\xbf");
  g_assert_cmpstr (json_array_get_string_element (array, 3), ==, "\xf0\x9d\x84\x9e");

  array = json_object_get_array_member (json_node_get_object (same_names), "b");
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (array, 1), "a"),
                   ==, 3);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (spaces)), ==, 2);
}

/* Bytes that are not UTF-8, and escapes of half a surrogate pair. */
static void
test_json_unicode (void)
{
  const char *bad[] = {
    "[\"\xc0\xaf\"]",             /* an overlong "/" */
    "[\"\xed\xa0\x80\"]",         /* a surrogate, encoded */
    "[\"\xf4\x90\x80\x80\"]",     /* past U+10FFFF */
    "[\"\xe2\x82\"]",             /* cut short before the quote */
    "[\"\xff\"]",
    "[\"\\ud83d\"]",
    "[\"\\ude00\\ud83d\"]",
    "[\"\\ud83d\\u0041\"]",
    "[\"\\ud83d\\",
    "{\"\xe9\": 1}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    assert_refused (bad[i], strlen (bad[i]), PW_ERROR, PW_ERROR_INVALID_DATA, "line 1, column");
  assert_refused ("[\"ab\xc3\"]", 7, PW_ERROR, PW_ERROR_INVALID_DATA,
                  "column 5: the text is not valid UTF-8");
  assert_refused ("[\"ab\\udc00\"]", 12, PW_ERROR, PW_ERROR_INVALID_DATA,
                  "column 5: a \\u escape names half of a character");
  /* Outside strings, a stray byte is just not JSON. */
  assert_refused ("[1, \xc3\xa9]", 7, PW_ERROR, PW_ERROR_INVALID_DATA, "expected a value");
}

/* A tree costs far more than its text: an empty object is about 300
 * bytes. A document small enough to read may still hold too many values
 * to build. */
static void
test_json_budget (void)
{
  g_autoptr (GString) objects = g_string_new ("[");
  g_autoptr (GString) points = g_string_new ("{\"points\": [");
  g_autoptr (JsonNode) node = NULL;
  g_autoptr (GError) error = NULL;
  JsonArray *array;

  /* 330,000 empty objects: a megabyte of text, ~100 MiB of tree. */
  for (guint i = 0; i < 330000; i++)
    g_string_append (objects, "{},");
  g_string_append (objects, "{}]");
  g_assert_cmpuint (objects->len, <, PW_JSON_MAX_BYTES / 32);
  assert_refused (objects->str, objects->len, PW_ERROR, PW_ERROR_TOO_LARGE, "values");

  /* The annotation of an image with 150,000 points fits. */
  for (guint i = 0; i < 150000; i++)
    g_string_append_printf (points, "%s[%u.5, %u.25]", i > 0 ? ", " : "", i % 4000, i % 3000);
  g_string_append (points, "]}");
  node = pw_json_parse (points->str, points->len, "points.json", &error);
  g_assert_no_error (error);
  array = json_object_get_array_member (json_node_get_object (node), "points");
  g_assert_cmpuint (json_array_get_length (array), ==, 150000);
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

/* The shortest precision that reads back, found by trying each in turn:
 * the reference for the halving in pw_json_format_double(). */
static int
shortest_precision (double value)
{
  for (int precision = 1; precision < 17; precision++)
    {
      char format[16];
      char text[G_ASCII_DTOSTR_BUF_SIZE];

      g_snprintf (format, sizeof format, "%%.%de", precision - 1);
      g_ascii_formatd (text, sizeof text, format, value);
      if (g_ascii_strtod (text, NULL) == value)
        return precision;
    }
  return 17;
}

static int
significant_digits (const char *text)
{
  int digits = 0;
  gboolean leading = TRUE;
  int trailing_zeros = 0;

  for (const char *c = text; *c != '\0' && *c != 'e'; c++)
    {
      if (!g_ascii_isdigit (*c))
        continue;
      if (leading && *c == '0')
        continue;
      leading = FALSE;
      digits++;
      trailing_zeros = *c == '0' ? trailing_zeros + 1 : 0;
    }
  return MAX (digits - trailing_zeros, 1);
}

/* Random doubles, as raw bits and as coordinates with a few decimals: each
 * is written in exactly as many digits as the shortest form needs, and
 * reads back to itself. */
static void
test_json_numbers_shortest (void)
{
  GRand *rand = g_rand_new_with_seed (20261206);

  for (guint i = 0; i < 200000; i++)
    {
      double value;
      g_autofree char *text = NULL;

      if (i % 2 == 0)
        {
          guint64 bits = ((guint64) g_rand_int (rand) << 32) | g_rand_int (rand);

          memcpy (&value, &bits, sizeof value);
          if (!isfinite (value))
            continue;
        }
      else
        value = g_rand_int_range (rand, 0, 4000000) / (double) (1 << g_rand_int_range (rand, 0, 12))
                + g_rand_int_range (rand, 0, 1000) / 1000.0;

      text = pw_json_format_double (value);
      g_assert_cmpfloat (g_ascii_strtod (text, NULL), ==, value);
      if (significant_digits (text) != shortest_precision (value))
        g_error ("%.17g is written as %s, in %d digits; the shortest has %d", value, text,
                 significant_digits (text), shortest_precision (value));
    }
  g_rand_free (rand);
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
  g_test_add_func ("/json/hidden-nesting", test_json_hidden_nesting);
  g_test_add_func ("/json/strict", test_json_strict);
  g_test_add_func ("/json/accepted", test_json_accepted);
  g_test_add_func ("/json/unicode", test_json_unicode);
  g_test_add_func ("/json/budget", test_json_budget);
  g_test_add_func ("/json/not-utf8-once-decoded", test_json_not_utf8_once_decoded);
  g_test_add_func ("/json/numbers", test_json_numbers);
  g_test_add_func ("/json/numbers-shortest", test_json_numbers_shortest);
  g_test_add_func ("/json/writer", test_json_writer);
  g_test_add_func ("/json/annotation-round-trip", test_json_annotation_round_trip);
  g_test_add_func ("/json/annotation-errors", test_json_annotation_errors);
  g_test_add_func ("/json/command-round-trip", test_json_command_round_trip);

  return g_test_run ();
}
