/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <string.h>

#include "piecework-engine.h"

/* The checks of text and audio tasks before submit: an answer at all,
 * the transcript, labels, spans within the text, and the project's rules
 * on overlaps, segment text and single choices. */

static char *
summary (GPtrArray *problems)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < problems->len; i++)
    {
      PwProblem *problem = g_ptr_array_index (problems, i);

      g_assert_nonnull (problem->reason);
      g_assert_cmpstr (problem->reason, !=, "");
      g_string_append_printf (text, "%s:%s ", problem->shape_id != NULL ? problem->shape_id : "task",
                              pw_problem_code_to_string (problem->code));
    }
  return g_string_free (text, FALSE);
}

static void
assert_check (PwAnnotation *annotation,
              PwCheckFlags  flags,
              gint64        text_length,
              const char   *expected)
{
  g_autoptr (GPtrArray) problems = pw_annotation_check_full (annotation, flags, text_length);
  g_autofree char *text = summary (problems);

  g_assert_cmpstr (text, ==, expected);
}

static void
add_span (PwAnnotation *annotation,
          guint         start,
          guint         end,
          const char   *label)
{
  g_autofree char *id = pw_annotation_new_span_id (annotation);
  g_autoptr (PwTextSpan) span = pw_text_span_new (id, start, end, label);

  pw_annotation_add_span (annotation, span);
}

static void
add_segment (PwAnnotation *annotation,
             double        start,
             double        end,
             const char   *label,
             const char   *text)
{
  g_autofree char *id = pw_annotation_new_segment_id (annotation);
  g_autoptr (PwSegment) segment = pw_segment_new (id, start, end, label, text);

  g_assert_true (pw_annotation_add_segment (annotation, segment, NULL));
}

static void
test_text_check_unanswered (void)
{
  g_autoptr (PwAnnotation) choice = pw_annotation_new_for_tools (PW_ANNOTATION_TOOL_CHOICE);
  g_autoptr (PwAnnotation) spans = pw_annotation_new_for_tools (PW_ANNOTATION_TOOL_CHOICE
                                                                 | PW_ANNOTATION_TOOL_SPAN);
  g_autoptr (PwAnnotation) transcript = pw_annotation_new_for_tools (PW_ANNOTATION_TOOL_TRANSCRIPT);
  g_autoptr (PwAnnotation) both = pw_annotation_new_for_tools (PW_ANNOTATION_TOOL_TRANSCRIPT
                                                               | PW_ANNOTATION_TOOL_CHOICE);
  g_autoptr (PwAnnotation) image = pw_annotation_new (10, 10);

  /* Choices alone: one must be picked. */
  assert_check (choice, PW_CHECK_DEFAULT, -1, "task:no-choice ");
  pw_annotation_set_choice (choice, "positive", TRUE);
  assert_check (choice, PW_CHECK_DEFAULT, -1, "");

  /* Several tools: something must be there, any of them. */
  assert_check (spans, PW_CHECK_DEFAULT, 20, "task:unlabeled ");
  add_span (spans, 0, 4, "PER");
  assert_check (spans, PW_CHECK_DEFAULT, 20, "");

  /* A transcript of spaces is empty, said once. */
  assert_check (transcript, PW_CHECK_DEFAULT, -1, "task:empty-transcript ");
  g_assert_true (pw_annotation_set_transcript (transcript, " \n\t ", FALSE, NULL));
  assert_check (transcript, PW_CHECK_DEFAULT, -1, "task:empty-transcript ");
  g_assert_true (pw_annotation_set_transcript (transcript, " hi", FALSE, NULL));
  assert_check (transcript, PW_CHECK_DEFAULT, -1, "");

  assert_check (both, PW_CHECK_DEFAULT, -1, "task:empty-transcript task:unlabeled ");
  pw_annotation_set_choice (both, "noise", TRUE);
  assert_check (both, PW_CHECK_DEFAULT, -1, "task:empty-transcript ");

  /* An image with no shape is checked as before. */
  assert_check (image, PW_CHECK_DEFAULT, -1, "");
}

static void
test_text_check_spans (void)
{
  g_autoptr (PwAnnotation) annotation = pw_annotation_new_for_tools (PW_ANNOTATION_TOOL_SPAN);

  add_span (annotation, 0, 4, "PER");
  add_span (annotation, 4, 9, "ORG");     /* touches the one before: no overlap */
  add_span (annotation, 5, 7, "LOC");     /* nested in span2 */
  add_span (annotation, 8, 12, NULL);     /* overlaps span2, no label */
  add_span (annotation, 20, 25, "PER");   /* past a text of 22 */

  /* Overlaps are the project's to forbid. */
  assert_check (annotation, PW_CHECK_DEFAULT, 22,
                "span4:no-label span5:outside-text ");
  assert_check (annotation, PW_CHECK_NO_OVERLAPS, 22,
                "span3:overlap span4:no-label span4:overlap span5:outside-text ");
  /* Without the text, its end is not known. */
  assert_check (annotation, PW_CHECK_DEFAULT, -1, "span4:no-label ");
}

static void
test_text_check_segments (void)
{
  g_autoptr (PwAnnotation) annotation = pw_annotation_new_for_tools (PW_ANNOTATION_TOOL_SEGMENT
                                                                     | PW_ANNOTATION_TOOL_CHOICE);

  add_segment (annotation, 0, 1.5, "speech", "hello");
  add_segment (annotation, 1.5, 3, "speech", "  ");
  add_segment (annotation, 2.5, 4, NULL, "there");
  pw_annotation_set_choice (annotation, "clean", TRUE);
  pw_annotation_set_choice (annotation, "noisy", TRUE);

  assert_check (annotation, PW_CHECK_DEFAULT, -1, "seg3:no-label ");
  assert_check (annotation, PW_CHECK_UNLABELED_SEGMENTS, -1, "");
  assert_check (annotation, PW_CHECK_NO_OVERLAPS | PW_CHECK_SEGMENT_TEXT | PW_CHECK_SINGLE_CHOICE,
                -1, "task:too-many-choices seg2:empty-segment-text seg3:no-label seg3:overlap ");
}

static void
on_checked (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  GPtrArray **problems = user_data;
  g_autoptr (GError) error = NULL;

  *problems = pw_annotation_check_finish (result, &error);
  g_assert_no_error (error);
}

/* On a thread, the same findings, for the task as it was when asked. */
static void
test_text_check_async (void)
{
  g_autoptr (PwAnnotation) annotation = pw_annotation_new_for_tools (PW_ANNOTATION_TOOL_SPAN);
  g_autoptr (GPtrArray) problems = NULL;
  g_autofree char *text = NULL;

  add_span (annotation, 0, 4, NULL);
  add_span (annotation, 2, 6, "PER");
  pw_annotation_check_full_async (annotation, PW_CHECK_NO_OVERLAPS, 5, NULL, on_checked, &problems);
  pw_annotation_remove_span (annotation, "span1");

  while (problems == NULL)
    g_main_context_iteration (NULL, TRUE);
  text = summary (problems);
  g_assert_cmpstr (text, ==, "span1:no-label span2:outside-text span2:overlap ");
}

/* Two questions of one text: a required sentiment of one answer and a
 * topic of several, and choices in no group under the project's
 * choice_mode. */
static void
test_text_check_groups (void)
{
  const char *labels_text = "[{\"name\": \"positive\", \"tools\": [\"choice\"], \"group\": \"sentiment\"},"
                            " {\"name\": \"negative\", \"tools\": [\"choice\"], \"group\": \"sentiment\"},"
                            " {\"name\": \"sports\", \"tools\": [\"choice\"], \"group\": \"topic\"},"
                            " {\"name\": \"music\", \"tools\": [\"choice\"], \"group\": \"topic\"},"
                            " {\"name\": \"spam\", \"tools\": [\"choice\"]},"
                            " {\"name\": \"ham\", \"tools\": [\"choice\"]}]";
  const char *groups_text = "[{\"id\": \"sentiment\", \"title\": \"Sentiment\", \"mode\": \"single\", \"required\": true},"
                            " {\"id\": \"topic\", \"title\": \"Topic\", \"mode\": \"multi\"}]";
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) labels_node = pw_json_parse (labels_text, strlen (labels_text), "labels", &error);
  g_autoptr (JsonNode) groups_node = pw_json_parse (groups_text, strlen (groups_text), "groups", &error);
  g_autoptr (PwLabelSet) labels = pw_label_set_new_from_json (labels_node, &error);
  g_autoptr (PwAnnotation) annotation = pw_annotation_new_for_tools (PW_ANNOTATION_TOOL_CHOICE);
  g_autoptr (GPtrArray) problems = NULL;
  g_autofree char *text = NULL;

  g_assert_true (pw_label_set_read_choice_groups (labels, groups_node, &error));
  g_assert_no_error (error);

  /* Nothing chosen: the required group is named, once. */
  problems = pw_annotation_check_with_labels (annotation, PW_CHECK_SINGLE_CHOICE, -1, labels);
  text = summary (problems);
  g_assert_cmpstr (text, ==, "task:no-choice ");
  g_assert_nonnull (strstr (((PwProblem *) problems->pdata[0])->reason, "Choose a Sentiment"));
  g_clear_pointer (&problems, g_ptr_array_unref);
  g_clear_pointer (&text, g_free);

  /* Several topics are fine; the sentiment is still missing. */
  pw_annotation_set_choice (annotation, "sports", TRUE);
  pw_annotation_set_choice (annotation, "music", TRUE);
  problems = pw_annotation_check_with_labels (annotation, PW_CHECK_SINGLE_CHOICE, -1, labels);
  text = summary (problems);
  g_assert_cmpstr (text, ==, "task:no-choice ");
  g_clear_pointer (&problems, g_ptr_array_unref);
  g_clear_pointer (&text, g_free);

  /* One sentiment answers; choices in no group are single by the
   * project's mode, whatever the groups hold. */
  pw_annotation_set_choice (annotation, "negative", TRUE);
  pw_annotation_set_choice (annotation, "spam", TRUE);
  problems = pw_annotation_check_with_labels (annotation, PW_CHECK_SINGLE_CHOICE, -1, labels);
  text = summary (problems);
  g_assert_cmpstr (text, ==, "");
  g_clear_pointer (&problems, g_ptr_array_unref);
  g_clear_pointer (&text, g_free);

  /* Two sentiments, and two choices in no group. */
  pw_annotation_set_choice (annotation, "positive", TRUE);
  pw_annotation_set_choice (annotation, "ham", TRUE);
  problems = pw_annotation_check_with_labels (annotation, PW_CHECK_SINGLE_CHOICE, -1, labels);
  text = summary (problems);
  g_assert_cmpstr (text, ==, "task:too-many-choices task:too-many-choices ");
  g_assert_nonnull (strstr (((PwProblem *) problems->pdata[0])->reason, "Sentiment"));
  g_clear_pointer (&problems, g_ptr_array_unref);
  g_clear_pointer (&text, g_free);

  /* Without the labels, the project's one rule counts every choice. */
  assert_check (annotation, PW_CHECK_SINGLE_CHOICE, -1, "task:too-many-choices ");

  /* On a thread, the same. */
  pw_annotation_check_with_labels_async (annotation, PW_CHECK_DEFAULT, -1, labels, NULL, on_checked,
                                         &problems);
  while (problems == NULL)
    g_main_context_iteration (NULL, TRUE);
  text = summary (problems);
  g_assert_cmpstr (text, ==, "task:too-many-choices ");
}

static void
test_text_check_code_names (void)
{
  g_assert_cmpstr (pw_problem_code_to_string (PW_PROBLEM_NO_CHOICE), ==, "no-choice");
  g_assert_cmpstr (pw_problem_code_to_string (PW_PROBLEM_UNLABELED), ==, "unlabeled");
  g_assert_cmpstr (pw_problem_code_to_string (PW_PROBLEM_EMPTY_TRANSCRIPT), ==, "empty-transcript");
  g_assert_cmpstr (pw_problem_code_to_string (PW_PROBLEM_OVERLAP), ==, "overlap");
  g_assert_cmpstr (pw_problem_code_to_string (PW_PROBLEM_EMPTY_SEGMENT_TEXT), ==,
                   "empty-segment-text");
  g_assert_cmpstr (pw_problem_code_to_string (PW_PROBLEM_OUTSIDE_TEXT), ==, "outside-text");
  g_assert_cmpstr (pw_problem_code_to_string (PW_PROBLEM_TOO_MANY_CHOICES), ==, "too-many-choices");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/text-check/unanswered", test_text_check_unanswered);
  g_test_add_func ("/text-check/spans", test_text_check_spans);
  g_test_add_func ("/text-check/segments", test_text_check_segments);
  g_test_add_func ("/text-check/async", test_text_check_async);
  g_test_add_func ("/text-check/groups", test_text_check_groups);
  g_test_add_func ("/text-check/code-names", test_text_check_code_names);

  return g_test_run ();
}
