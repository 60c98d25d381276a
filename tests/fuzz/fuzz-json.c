/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <string.h>

#include "piecework-engine.h"
#include "pw-fuzz.h"
#include "../model/pw-json-test.h"

/* JSON from marketplaces and from other tools' files: the parser with its
 * limits, then every reader that takes a parsed document (annotations of
 * images, texts and sounds, prefills among them). What the parser
 * accepts must be written and read back the same, and read the same by
 * json-glib, whose grammar holds RFC 8259 and more; what a reader accepts
 * must also survive being written and read back, since that is what a
 * draft, a saved labelme file and a text's annotation file go through. The dictionary json.dict
 * holds json-glib's extensions, for libFuzzer's -dict=. */

static void
fuzz_parser (const uint8_t *data,
             size_t         size,
             JsonNode      *root)
{
  g_autoptr (JsonNode) theirs = NULL;
  g_autofree char *why = NULL;

  g_assert_true (json_node_is_immutable (root));
  g_assert_cmpuint (pw_json_test_depth (root), <=, PW_JSON_MAX_DEPTH);
  if (!pw_json_test_round_trip (root, size % 2 == 0, &why))
    g_error ("%s", why);

  theirs = pw_json_test_glib_parse ((const char *) data, size);
  g_assert_nonnull (theirs);
  g_assert_true (pw_json_test_same_tree (root, theirs, TRUE));
}

static void
assert_writes_as (PwAnnotation *annotation,
                  const char   *expected)
{
  g_autoptr (JsonNode) node = pw_annotation_to_json (annotation);
  g_autofree char *text = pw_json_to_string (node, FALSE);

  g_assert_cmpstr (text, ==, expected);
}

static void
fuzz_annotation (JsonNode *root)
{
  g_autoptr (PwAnnotation) annotation = NULL;
  g_autoptr (PwAnnotation) again = NULL;
  g_autoptr (JsonNode) written = NULL;
  g_autoptr (JsonNode) reread = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;

  annotation = pw_annotation_new_from_json (root, &error);
  if (annotation == NULL)
    {
      g_assert_nonnull (error);
      return;
    }
  g_assert_no_error (error);

  written = pw_annotation_to_json (annotation);
  text = pw_json_to_string (written, FALSE);
  reread = pw_json_parse (text, strlen (text), "annotation.json", &error);
  g_assert_no_error (error);
  again = pw_annotation_new_from_json (reread, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pw_annotation_get_shapes (again)->len, ==,
                    pw_annotation_get_shapes (annotation)->len);
  g_assert_cmpuint (pw_annotation_get_tools (again), ==, pw_annotation_get_tools (annotation));
  assert_writes_as (again, text);
}

/* A text or audio task's prefill, read with every tool of those tasks
 * and a text of some length: what it accepts a draft must keep. */
static void
fuzz_prefill (JsonNode *root,
              size_t    size)
{
  const PwAnnotationTools tools = PW_ANNOTATION_TOOL_CHOICE | PW_ANNOTATION_TOOL_SPAN
                                  | PW_ANNOTATION_TOOL_SEGMENT | PW_ANNOTATION_TOOL_TRANSCRIPT;
  g_autoptr (PwAnnotation) annotation = NULL;
  g_autoptr (PwAnnotation) again = NULL;
  g_autoptr (JsonNode) written = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;
  g_autoptr (GPtrArray) problems = NULL;

  annotation = pw_annotation_new_from_prefill (root, tools, size % 64, &error);
  if (annotation == NULL)
    {
      g_assert_nonnull (error);
      return;
    }
  g_assert_no_error (error);
  g_assert_cmpuint (pw_annotation_get_tools (annotation), ==, tools);
  problems = pw_annotation_check_full (annotation, PW_CHECK_NO_OVERLAPS | PW_CHECK_SEGMENT_TEXT,
                                       size % 64);

  written = pw_annotation_to_json (annotation);
  text = pw_json_to_string (written, FALSE);
  again = pw_annotation_new_from_json (written, &error);
  g_assert_no_error (error);
  assert_writes_as (again, text);
}

/* The annotation file beside a text of joined emoji, a combining accent,
 * CJK and Hebrew: what reads keeps its spans on the text's graphemes, and
 * writes and reads back the same. */
static void
fuzz_media_annotation (JsonNode *root)
{
  const char *text = "a \xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9 e\xCC\x81 "
                     "\xE6\x9D\xB1 \xD7\xA9\xD7\x9C \xF0\x9F\x87\xA9\xF0\x9F\x87\xAA";
  const PwAnnotationTools tools = PW_ANNOTATION_TOOL_CHOICE | PW_ANNOTATION_TOOL_SPAN
                                  | PW_ANNOTATION_TOOL_TRANSCRIPT;
  g_autoptr (PwTextOffsets) offsets = pw_text_offsets_new (text, -1, NULL);
  g_autoptr (PwAnnotation) annotation = NULL;
  g_autoptr (PwAnnotation) again = NULL;
  g_autoptr (JsonNode) reread = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *written = NULL;
  g_autofree char *rewritten = NULL;
  GPtrArray *spans;

  annotation = pw_media_file_annotation_from_json (root, tools, offsets, "review.txt.json", &error);
  if (annotation == NULL)
    {
      g_assert_nonnull (error);
      return;
    }
  g_assert_no_error (error);

  spans = pw_annotation_get_spans (annotation);
  for (guint i = 0; i < spans->len; i++)
    {
      PwTextSpan *span = g_ptr_array_index (spans, i);

      g_assert_cmpuint (pw_text_span_get_end (span), <=, pw_text_offsets_get_length (offsets));
      g_assert_true (pw_text_offsets_is_grapheme_boundary (offsets, pw_text_span_get_start (span)));
      g_assert_true (pw_text_offsets_is_grapheme_boundary (offsets, pw_text_span_get_end (span)));
    }

  written = pw_media_file_annotation_to_string (annotation);
  reread = pw_json_parse (written, strlen (written), "review.txt.json", &error);
  g_assert_no_error (error);
  again = pw_media_file_annotation_from_json (reread, tools, offsets, "review.txt.json", &error);
  g_assert_no_error (error);
  rewritten = pw_media_file_annotation_to_string (again);
  g_assert_cmpstr (rewritten, ==, written);
}

static void
fuzz_labelme (JsonNode *root)
{
  g_autoptr (PwLabelmeFile) file = NULL;
  g_autoptr (PwLabelmeFile) again = NULL;
  g_autoptr (PwAnnotation) annotation = NULL;
  g_autoptr (JsonNode) reread = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;

  file = pw_labelme_file_new_from_json (root, "labelme.json", &error);
  if (file == NULL)
    {
      g_assert_nonnull (error);
      return;
    }
  g_assert_no_error (error);

  /* What opening an image beside its labelme file does next. */
  annotation = pw_labelme_file_to_annotation (file);
  g_assert_nonnull (annotation);

  text = pw_labelme_file_to_string (file);
  reread = pw_json_parse (text, strlen (text), "labelme.json", &error);
  g_assert_no_error (error);
  again = pw_labelme_file_new_from_json (reread, "labelme.json", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pw_labelme_file_get_n_kept_shapes (again), ==,
                    pw_labelme_file_get_n_kept_shapes (file));
}

/* A project's labels, as a marketplace sends them: the "labels" member of
 * a project, or a document that is the list itself. */
static void
fuzz_label_set (JsonNode *root)
{
  g_autoptr (PwLabelSet) labels = NULL;
  g_autoptr (GError) error = NULL;
  JsonNode *node = root;

  if (JSON_NODE_HOLDS_OBJECT (root) && json_object_has_member (json_node_get_object (root), "labels"))
    node = json_object_get_member (json_node_get_object (root), "labels");

  labels = pw_label_set_new_from_json (node, &error);
  if (labels == NULL)
    g_assert_nonnull (error);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (GError) error = NULL;

  root = pw_json_parse ((const char *) data, size, "fuzz.json", &error);
  if (root == NULL)
    {
      g_assert_nonnull (error);
      return 0;
    }

  fuzz_parser (data, size, root);
  fuzz_annotation (root);
  fuzz_prefill (root, size);
  fuzz_media_annotation (root);
  fuzz_labelme (root);
  fuzz_label_set (root);

  return 0;
}
