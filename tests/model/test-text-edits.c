/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <string.h>

#include "piecework-engine.h"

/* The edits of text and audio tasks: choices, spans, segments and the
 * transcript, each one command with undo and redo, announced part by
 * part, and kept by the store as it keeps shapes. */

typedef struct
{
  GString *changes;
  GString *transcript_edits;
  char *snapshot;
  GPtrArray *commands;
  guint position;
  guint committed;
} Recorder;

static void
on_changed (PwAnnotation       *annotation,
            PwAnnotationChange  change,
            const char         *id,
            Recorder           *recorder)
{
  static const char *const names[] = { "+", "-", "~" };
  GSignalInvocationHint *hint = g_signal_get_invocation_hint (annotation);

  g_string_append_printf (recorder->changes, "%s%s%s ", g_quark_to_string (hint->detail),
                          names[change], id != NULL ? id : "");
}

static void
on_transcript_edited (PwAnnotation *annotation,
                      guint         at,
                      guint         n_removed,
                      const char   *inserted,
                      Recorder     *recorder)
{
  g_string_append_printf (recorder->transcript_edits, "%u-%u+%s ", at, n_removed, inserted);
}

/* As the store does: the command at position - 1 replaces any there and
 * after it. */
static void
on_command_committed (PwAnnotation *annotation,
                      PwCommand    *command,
                      guint         position,
                      Recorder     *recorder)
{
  g_assert_cmpuint (position, >=, 1);
  g_ptr_array_set_size (recorder->commands, position - 1);
  g_ptr_array_add (recorder->commands, pw_command_to_string (command));
  recorder->position = position;
  recorder->committed++;
}

static void
on_position_changed (PwAnnotation *annotation,
                     guint         position,
                     Recorder     *recorder)
{
  recorder->position = position;
}

static char *
state_of (PwAnnotation *annotation)
{
  g_autoptr (JsonNode) node = pw_annotation_to_json (annotation);

  return pw_json_to_string (node, FALSE);
}

static PwAnnotation *
recorded (PwAnnotationTools  tools,
          Recorder          *recorder)
{
  PwAnnotation *annotation = pw_annotation_new_for_tools (tools);

  recorder->changes = g_string_new (NULL);
  recorder->transcript_edits = g_string_new (NULL);
  recorder->commands = g_ptr_array_new_with_free_func (g_free);
  recorder->snapshot = state_of (annotation);
  g_signal_connect (annotation, "changed", G_CALLBACK (on_changed), recorder);
  g_signal_connect (annotation, "transcript-edited", G_CALLBACK (on_transcript_edited), recorder);
  g_signal_connect (annotation, "command-committed", G_CALLBACK (on_command_committed), recorder);
  g_signal_connect (annotation, "position-changed", G_CALLBACK (on_position_changed), recorder);
  return annotation;
}

/* What the draft gives back after a restart: the same state, the same
 * history, with undo and redo working on both alike. */
static void
assert_restores (PwAnnotation *annotation,
                 Recorder     *recorder)
{
  g_autoptr (JsonNode) snapshot = NULL;
  g_autoptr (PwAnnotation) rebuilt = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *live = state_of (annotation);
  g_autofree char *again = NULL;
  guint position = pw_annotation_get_position (annotation);

  snapshot = pw_json_parse (recorder->snapshot, strlen (recorder->snapshot), "snapshot", &error);
  g_assert_no_error (error);
  rebuilt = pw_annotation_new_from_history (snapshot, (const char *const *) recorder->commands->pdata,
                                            recorder->commands->len, recorder->position, &error);
  g_assert_no_error (error);
  again = state_of (rebuilt);
  g_assert_cmpstr (again, ==, live);
  g_assert_cmpuint (pw_annotation_get_tools (rebuilt), ==, pw_annotation_get_tools (annotation));
  g_assert_cmpuint (pw_annotation_get_position (rebuilt), ==, position);
  g_assert_cmpuint (pw_annotation_get_n_commands (rebuilt), ==,
                    pw_annotation_get_n_commands (annotation));

  /* Every state of the history, undone and redone, is the same on both. */
  while (pw_annotation_undo (annotation))
    {
      g_autofree char *a = NULL;
      g_autofree char *b = NULL;

      g_assert_true (pw_annotation_undo (rebuilt));
      a = state_of (annotation);
      b = state_of (rebuilt);
      g_assert_cmpstr (a, ==, b);
    }
  g_assert_false (pw_annotation_can_undo (rebuilt));
  while (pw_annotation_redo (annotation))
    {
      g_autofree char *a = NULL;
      g_autofree char *b = NULL;

      g_assert_true (pw_annotation_redo (rebuilt));
      a = state_of (annotation);
      b = state_of (rebuilt);
      g_assert_cmpstr (a, ==, b);
    }
  g_assert_false (pw_annotation_can_redo (rebuilt));
  while (pw_annotation_get_position (annotation) > position)
    {
      pw_annotation_undo (annotation);
      pw_annotation_undo (rebuilt);
    }
}

static void
recorder_clear (Recorder *recorder)
{
  g_string_free (recorder->changes, TRUE);
  g_string_free (recorder->transcript_edits, TRUE);
  g_ptr_array_unref (recorder->commands);
  g_free (recorder->snapshot);
}

static char *
span_list (PwAnnotation *annotation)
{
  GPtrArray *spans = pw_annotation_get_spans (annotation);
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < spans->len; i++)
    {
      PwTextSpan *span = g_ptr_array_index (spans, i);

      g_string_append_printf (out, "%s:%u-%u:%s ", pw_text_span_get_id (span),
                              pw_text_span_get_start (span), pw_text_span_get_end (span),
                              pw_text_span_get_label (span));
    }
  return g_string_free (out, FALSE);
}

static void
assert_spans (PwAnnotation *annotation,
              const char   *expected)
{
  g_autofree char *spans = span_list (annotation);

  g_assert_cmpstr (spans, ==, expected);
}

static void
test_text_edits_spans (void)
{
  Recorder recorder = { 0, };
  PwAnnotation *annotation = recorded (PW_ANNOTATION_TOOL_SPAN, &recorder);
  g_autofree char *id = pw_annotation_new_span_id (annotation);
  g_autoptr (PwTextSpan) later = pw_text_span_new (id, 10, 15, "PER");
  g_autoptr (PwTextSpan) nested = NULL;
  g_autoptr (PwTextSpan) outer = NULL;
  g_autoptr (PwTextSpan) relabeled = NULL;

  g_object_add_weak_pointer (G_OBJECT (annotation), (gpointer *) &annotation);
  g_assert_cmpstr (id, ==, "span1");

  pw_annotation_add_span (annotation, later);
  g_free (id);
  id = pw_annotation_new_span_id (annotation);
  g_assert_cmpstr (id, ==, "span2");
  outer = pw_text_span_new (id, 0, 20, "ORG");
  pw_annotation_add_span (annotation, outer);
  g_free (id);
  id = pw_annotation_new_span_id (annotation);
  nested = pw_text_span_new (id, 10, 12, "LOC");
  pw_annotation_add_span (annotation, nested);

  /* Kept by start, then end, nested and overlapping alike. */
  assert_spans (annotation, "span2:0-20:ORG span3:10-12:LOC span1:10-15:PER ");
  g_assert_cmpstr (recorder.changes->str, ==, "span+span1 span+span2 span+span3 ");
  g_assert_cmpuint (pw_annotation_get_position (annotation), ==, 3);
  g_assert_true (pw_annotation_lookup_span (annotation, "span1") != later);

  /* A relabel keeps the id; a move takes the span to its new place. */
  relabeled = pw_text_span_copy (pw_annotation_lookup_span (annotation, "span1"));
  pw_text_span_set_label (relabeled, "ORG");
  pw_text_span_set_range (relabeled, 0, 3);
  pw_annotation_replace_span (annotation, relabeled);
  assert_spans (annotation, "span1:0-3:ORG span2:0-20:ORG span3:10-12:LOC ");
  g_assert_cmpint (pw_command_get_kind (pw_annotation_get_command (annotation, 3)), ==,
                   PW_COMMAND_REPLACE_SPAN);

  /* The same again is no edit. */
  pw_annotation_replace_span (annotation, relabeled);
  g_assert_cmpuint (pw_annotation_get_n_commands (annotation), ==, 4);

  pw_annotation_remove_span (annotation, "span2");
  assert_spans (annotation, "span1:0-3:ORG span3:10-12:LOC ");
  g_assert_cmpstr (recorder.changes->str, ==,
                   "span+span1 span+span2 span+span3 span~span1 span-span2 ");

  g_assert_true (pw_annotation_undo (annotation));
  assert_spans (annotation, "span1:0-3:ORG span2:0-20:ORG span3:10-12:LOC ");
  g_assert_true (pw_annotation_undo (annotation));
  assert_spans (annotation, "span2:0-20:ORG span3:10-12:LOC span1:10-15:PER ");
  g_assert_true (pw_annotation_redo (annotation));
  assert_spans (annotation, "span1:0-3:ORG span2:0-20:ORG span3:10-12:LOC ");
  g_assert_cmpstr (recorder.changes->str, ==,
                   "span+span1 span+span2 span+span3 span~span1 span-span2 "
                   "span+span2 span~span1 span~span1 ");

  /* Undone ids are not given again. */
  g_assert_true (pw_annotation_undo (annotation));
  g_assert_true (pw_annotation_undo (annotation));
  g_assert_true (pw_annotation_undo (annotation));
  g_free (id);
  id = pw_annotation_new_span_id (annotation);
  g_assert_cmpstr (id, ==, "span4");

  assert_restores (annotation, &recorder);

  g_object_unref (annotation);
  g_assert_null (annotation);
  recorder_clear (&recorder);
}

static void
test_text_edits_segments (void)
{
  Recorder recorder = { 0, };
  PwAnnotation *annotation = recorded (PW_ANNOTATION_TOOL_SEGMENT | PW_ANNOTATION_TOOL_TRANSCRIPT,
                                       &recorder);
  g_autoptr (PwSegment) first = pw_segment_new ("seg1", 3.5, 4.25, "speech", NULL);
  g_autoptr (PwSegment) second = pw_segment_new ("seg2", 1.0, 2.0, NULL, "hello");
  g_autoptr (PwSegment) typed = NULL;
  g_autoptr (PwSegment) huge = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *long_text = NULL;
  GPtrArray *segments;

  g_object_add_weak_pointer (G_OBJECT (annotation), (gpointer *) &annotation);
  g_assert_true (pw_annotation_add_segment (annotation, first, &error));
  g_assert_no_error (error);
  g_assert_true (pw_annotation_add_segment (annotation, second, &error));
  g_assert_no_error (error);
  id = pw_annotation_new_segment_id (annotation);
  g_assert_cmpstr (id, ==, "seg3");

  segments = pw_annotation_get_segments (annotation);
  g_assert_cmpuint (segments->len, ==, 2);
  g_assert_cmpstr (pw_segment_get_id (g_ptr_array_index (segments, 0)), ==, "seg2");
  g_assert_cmpstr (pw_segment_get_text (g_ptr_array_index (segments, 1)), ==, "");
  g_assert_null (pw_segment_get_label (g_ptr_array_index (segments, 0)));

  /* An edge nudged past the other segment moves it in the order. */
  typed = pw_segment_copy (pw_annotation_lookup_segment (annotation, "seg1"));
  pw_segment_set_text (typed, "là-bas 🎧");
  pw_segment_set_range (typed, 0.5, 4.25);
  g_assert_true (pw_annotation_replace_segment (annotation, typed, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (pw_segment_get_id (g_ptr_array_index (segments, 0)), ==, "seg1");
  g_assert_cmpstr (pw_segment_get_text (g_ptr_array_index (segments, 0)), ==, "là-bas 🎧");

  /* Text past the limit is refused, and nothing changes. */
  long_text = g_strnfill (PW_ANNOTATION_MAX_TEXT_BYTES + 1, 'a');
  huge = pw_segment_copy (typed);
  pw_segment_set_text (huge, long_text);
  g_assert_false (pw_annotation_replace_segment (annotation, huge, &error));
  g_assert_error (error, PW_ERROR, PW_ERROR_TOO_LARGE);
  g_clear_error (&error);
  g_assert_cmpuint (pw_annotation_get_n_commands (annotation), ==, 3);

  pw_annotation_remove_segment (annotation, "seg2");
  g_assert_cmpuint (segments->len, ==, 1);
  g_assert_cmpstr (recorder.changes->str, ==,
                   "segment+seg1 segment+seg2 segment~seg1 segment-seg2 ");

  g_assert_true (pw_annotation_undo (annotation));
  g_assert_true (pw_annotation_undo (annotation));
  g_assert_cmpstr (pw_segment_get_id (g_ptr_array_index (segments, 0)), ==, "seg2");
  g_assert_cmpfloat (pw_segment_get_start (pw_annotation_lookup_segment (annotation, "seg1")), ==, 3.5);
  g_assert_true (pw_annotation_redo (annotation));

  assert_restores (annotation, &recorder);

  g_object_unref (annotation);
  g_assert_null (annotation);
  recorder_clear (&recorder);
}

static void
assert_choices (PwAnnotation *annotation,
                const char   *expected)
{
  g_autofree char *joined = g_strjoinv (",", (GStrv) pw_annotation_get_choices (annotation));

  g_assert_cmpstr (joined, ==, expected);
}

static void
test_text_edits_choices (void)
{
  Recorder recorder = { 0, };
  PwAnnotation *annotation = recorded (PW_ANNOTATION_TOOL_CHOICE, &recorder);
  const char *positive[] = { "positive", NULL };
  const char *negative[] = { "negative", NULL };

  g_object_add_weak_pointer (G_OBJECT (annotation), (gpointer *) &annotation);
  assert_choices (annotation, "");

  /* Single choice: each key sets a set of one. */
  pw_annotation_set_choices (annotation, positive);
  pw_annotation_set_choices (annotation, negative);
  pw_annotation_set_choices (annotation, negative);
  assert_choices (annotation, "negative");
  g_assert_cmpuint (pw_annotation_get_n_commands (annotation), ==, 2);

  /* Multi choice: keys turn one on or off, in the order chosen. */
  pw_annotation_set_choice (annotation, "sarcastic", TRUE);
  pw_annotation_set_choice (annotation, "sarcastic", TRUE);
  pw_annotation_set_choice (annotation, "funny", TRUE);
  assert_choices (annotation, "negative,sarcastic,funny");
  g_assert_true (pw_annotation_has_choice (annotation, "funny"));
  pw_annotation_set_choice (annotation, "negative", FALSE);
  pw_annotation_set_choice (annotation, "absent", FALSE);
  assert_choices (annotation, "sarcastic,funny");
  g_assert_cmpuint (pw_annotation_get_n_commands (annotation), ==, 5);
  g_assert_cmpstr (recorder.changes->str, ==,
                   "choices~ choices~ choices~ choices~ choices~ ");

  pw_annotation_set_choices (annotation, NULL);
  assert_choices (annotation, "");
  g_assert_true (pw_annotation_undo (annotation));
  assert_choices (annotation, "sarcastic,funny");
  g_assert_true (pw_annotation_undo (annotation));
  assert_choices (annotation, "negative,sarcastic,funny");
  g_assert_true (pw_annotation_redo (annotation));
  assert_choices (annotation, "sarcastic,funny");

  assert_restores (annotation, &recorder);

  g_object_unref (annotation);
  g_assert_null (annotation);
  recorder_clear (&recorder);
}

static void
test_text_edits_transcript (void)
{
  Recorder recorder = { 0, };
  PwAnnotation *annotation = recorded (PW_ANNOTATION_TOOL_TRANSCRIPT, &recorder);
  g_autoptr (GError) error = NULL;
  g_autofree char *huge = NULL;
  PwCommand *command;

  g_object_add_weak_pointer (G_OBJECT (annotation), (gpointer *) &annotation);
  g_assert_cmpstr (pw_annotation_get_transcript (annotation), ==, "");

  /* Offsets are code points: the family emoji is five, three people
   * joined by two zero-width joiners. */
  g_assert_true (pw_annotation_set_transcript (annotation, "a 👨‍👩‍👧 b", FALSE, &error));
  g_assert_true (pw_annotation_edit_transcript (annotation, 9, 0, "é", FALSE, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (pw_annotation_get_transcript (annotation), ==, "a 👨‍👩‍👧 bé");
  g_assert_true (pw_annotation_edit_transcript (annotation, 2, 4, "", FALSE, &error));
  g_assert_cmpstr (pw_annotation_get_transcript (annotation), ==, "a 👧 bé");
  g_assert_cmpstr (recorder.transcript_edits->str, ==, "0-0+a 👨‍👩‍👧 b 9-0+é 2-4+ ");
  g_assert_cmpstr (recorder.changes->str, ==, "transcript~ transcript~ transcript~ ");

  /* Setting the whole text records only what differs. */
  g_assert_true (pw_annotation_set_transcript (annotation, "a 👧 Bé", FALSE, &error));
  command = pw_annotation_get_command (annotation, 3);
  g_assert_cmpuint (pw_command_get_index (command), ==, 4);
  g_assert_cmpstr (pw_command_get_removed_text (command), ==, "b");
  g_assert_cmpstr (pw_command_get_inserted_text (command), ==, "B");
  g_assert_true (pw_annotation_set_transcript (annotation, "a 👧 Bé", FALSE, &error));
  g_assert_cmpuint (pw_annotation_get_n_commands (annotation), ==, 4);

  g_string_truncate (recorder.transcript_edits, 0);
  g_assert_true (pw_annotation_undo (annotation));
  g_assert_true (pw_annotation_undo (annotation));
  g_assert_cmpstr (pw_annotation_get_transcript (annotation), ==, "a 👨‍👩‍👧 bé");
  g_assert_true (pw_annotation_redo (annotation));
  g_assert_cmpstr (pw_annotation_get_transcript (annotation), ==, "a 👧 bé");
  g_assert_cmpstr (recorder.transcript_edits->str, ==, "4-1+b 2-0+👨‍👩‍ 2-4+ ");

  /* Past the limit: refused, nothing changes. */
  huge = g_strnfill (PW_ANNOTATION_MAX_TEXT_BYTES, 'a');
  g_assert_false (pw_annotation_edit_transcript (annotation, 0, 0, huge, FALSE, &error));
  g_assert_error (error, PW_ERROR, PW_ERROR_TOO_LARGE);
  g_clear_error (&error);
  g_assert_cmpstr (pw_annotation_get_transcript (annotation), ==, "a 👧 bé");
  g_assert_cmpuint (pw_annotation_get_position (annotation), ==, 3);

  assert_restores (annotation, &recorder);

  g_object_unref (annotation);
  g_assert_null (annotation);
  recorder_clear (&recorder);
}

/* Typing a word is one undo step, and one command in the store. */
static void
test_text_edits_typing_merges (void)
{
  Recorder recorder = { 0, };
  PwAnnotation *annotation = recorded (PW_ANNOTATION_TOOL_TRANSCRIPT | PW_ANNOTATION_TOOL_CHOICE,
                                       &recorder);
  const char *word = "héllo";
  const char *yes[] = { "yes", NULL };
  g_autoptr (GError) error = NULL;
  guint committed;

  g_object_add_weak_pointer (G_OBJECT (annotation), (gpointer *) &annotation);
  g_assert_true (pw_annotation_set_transcript (annotation, "say ", FALSE, &error));

  for (const char *p = word; *p != '\0'; p = g_utf8_next_char (p))
    {
      g_autofree char *letter = g_strndup (p, g_utf8_next_char (p) - p);

      /* The first letter starts a step of its own. */
      g_assert_true (pw_annotation_edit_transcript (annotation, 4 + g_utf8_pointer_to_offset (word, p),
                                                    0, letter, p != word, &error));
      g_assert_no_error (error);
    }
  /* A backspace continues the word too. */
  g_assert_true (pw_annotation_edit_transcript (annotation, 8, 1, "", TRUE, &error));
  g_assert_cmpstr (pw_annotation_get_transcript (annotation), ==, "say héll");
  g_assert_cmpuint (pw_annotation_get_n_commands (annotation), ==, 2);
  g_assert_cmpuint (pw_annotation_get_position (annotation), ==, 2);
  g_assert_cmpuint (recorder.commands->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (recorder.commands, 1), ==,
                   "{\"op\":\"edit-transcript\",\"at\":4,\"removed\":\"\",\"inserted\":\"héll\"}");
  g_assert_cmpstr (recorder.transcript_edits->str, ==,
                   "0-0+say  4-0+h 5-0+é 6-0+l 7-0+l 8-0+o 8-1+ ");

  g_assert_true (pw_annotation_undo (annotation));
  g_assert_cmpstr (pw_annotation_get_transcript (annotation), ==, "say ");
  g_assert_true (pw_annotation_redo (annotation));

  /* Not after another kind of edit, nor after an undo. */
  pw_annotation_set_choices (annotation, yes);
  g_assert_true (pw_annotation_edit_transcript (annotation, 8, 0, "!", TRUE, &error));
  g_assert_cmpuint (pw_annotation_get_n_commands (annotation), ==, 4);
  g_assert_true (pw_annotation_undo (annotation));
  committed = recorder.committed;
  g_assert_true (pw_annotation_edit_transcript (annotation, 8, 0, "?", TRUE, &error));
  g_assert_cmpuint (recorder.committed, ==, committed + 1);
  g_assert_cmpuint (pw_annotation_get_n_commands (annotation), ==, 4);
  g_assert_cmpuint (pw_annotation_get_position (annotation), ==, 4);
  g_assert_cmpstr (pw_annotation_get_transcript (annotation), ==, "say héll?");

  /* Typed and deleted again: the merged command changes nothing, and
   * undo still goes back to before it. */
  g_assert_true (pw_annotation_edit_transcript (annotation, 9, 0, "x", FALSE, &error));
  g_assert_true (pw_annotation_edit_transcript (annotation, 9, 1, "", TRUE, &error));
  g_assert_cmpstr (pw_annotation_get_transcript (annotation), ==, "say héll?");
  g_assert_cmpuint (pw_annotation_get_n_commands (annotation), ==, 5);

  assert_restores (annotation, &recorder);

  g_object_unref (annotation);
  g_assert_null (annotation);
  recorder_clear (&recorder);
}

/* A batch of the new kinds is one step, and rolls back whole. */
static void
test_text_edits_batch (void)
{
  Recorder recorder = { 0, };
  PwAnnotation *annotation = recorded (PW_ANNOTATION_TOOL_SPAN | PW_ANNOTATION_TOOL_CHOICE
                                       | PW_ANNOTATION_TOOL_TRANSCRIPT, &recorder);
  g_autoptr (GPtrArray) commands = g_ptr_array_new_with_free_func ((GDestroyNotify) pw_command_unref);
  g_autoptr (GPtrArray) bad = g_ptr_array_new_with_free_func ((GDestroyNotify) pw_command_unref);
  g_autoptr (PwTextSpan) span = pw_text_span_new ("span1", 0, 4, "PER");
  g_autoptr (PwTextSpan) missing = pw_text_span_new ("span9", 1, 2, "PER");
  g_autoptr (GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  const char *chosen[] = { "names", NULL };

  g_object_add_weak_pointer (G_OBJECT (annotation), (gpointer *) &annotation);
  g_ptr_array_add (commands, pw_command_new_add_span (span));
  g_ptr_array_add (commands, pw_command_new_set_choices (NULL, chosen));
  g_ptr_array_add (commands, pw_command_new_edit_transcript (0, "", "Ana"));
  g_assert_true (pw_annotation_apply_batch (annotation, commands, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (pw_annotation_get_n_commands (annotation), ==, 1);
  before = state_of (annotation);
  g_assert_cmpstr (before, ==,
                   "{\"choices\":[\"names\"],\"spans\":[{\"start\":0,\"end\":4,\"label\":\"PER\"}],"
                   "\"transcript\":\"Ana\"}");

  /* The last command does not fit: the first two are taken back. */
  g_ptr_array_add (bad, pw_command_new_remove_span (span));
  g_ptr_array_add (bad, pw_command_new_edit_transcript (3, "", "!"));
  g_ptr_array_add (bad, pw_command_new_remove_span (missing));
  g_assert_false (pw_annotation_apply_batch (annotation, bad, &error));
  g_assert_error (error, PW_ERROR, PW_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (error->message, "span9"));
  after = state_of (annotation);
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpuint (pw_annotation_get_n_commands (annotation), ==, 1);

  g_assert_true (pw_annotation_undo (annotation));
  g_free (after);
  after = state_of (annotation);
  g_assert_cmpstr (after, ==, "{\"choices\":[],\"spans\":[],\"transcript\":\"\"}");
  g_assert_true (pw_annotation_redo (annotation));

  assert_restores (annotation, &recorder);

  g_object_unref (annotation);
  g_assert_null (annotation);
  recorder_clear (&recorder);
}

/* A draft's commands must be for the annotation's tools: a text task's
 * history never lands on an image, nor an edit of shapes on a text. */
static void
test_text_edits_other_tools_refused (void)
{
  g_autoptr (PwAnnotation) image = pw_annotation_new (100, 100);
  g_autoptr (PwAnnotation) text = pw_annotation_new_for_tools (PW_ANNOTATION_TOOL_SPAN);
  g_autoptr (PwTextSpan) span = pw_text_span_new ("span1", 0, 4, "PER");
  g_autoptr (PwShape) box = pw_shape_new_bbox ("s1", "car", 1, 1, 5, 5);
  g_autoptr (PwCommand) add_span = pw_command_new_add_span (span);
  g_autoptr (PwCommand) add_box = pw_command_new_add (box, PW_COMMAND_APPEND);
  g_autoptr (PwCommand) typing = pw_command_new_edit_transcript (0, "", "x");
  g_autoptr (GError) error = NULL;

  g_assert_cmpuint (pw_annotation_get_tools (image), ==, PW_ANNOTATION_TOOL_SHAPES);
  g_assert_false (pw_annotation_apply_command (image, add_span, &error));
  g_assert_error (error, PW_ERROR, PW_ERROR_INVALID_DATA);
  g_clear_error (&error);
  g_assert_false (pw_annotation_apply_command (text, add_box, &error));
  g_assert_error (error, PW_ERROR, PW_ERROR_INVALID_DATA);
  g_clear_error (&error);
  g_assert_false (pw_annotation_apply_command (text, typing, &error));
  g_assert_error (error, PW_ERROR, PW_ERROR_INVALID_DATA);
  g_clear_error (&error);
  g_assert_true (pw_annotation_apply_command (text, add_span, &error));
  g_assert_no_error (error);
}

/* A view of the spans hears of the spans alone. */
static void
on_span_changed (PwAnnotation       *annotation,
                 PwAnnotationChange  change,
                 const char         *id,
                 guint              *count)
{
  (*count)++;
}

static void
test_text_edits_changed_detail (void)
{
  g_autoptr (PwAnnotation) annotation = pw_annotation_new_for_tools (PW_ANNOTATION_TOOL_SPAN
                                                                      | PW_ANNOTATION_TOOL_CHOICE);
  g_autoptr (PwTextSpan) span = pw_text_span_new ("span1", 0, 4, "PER");
  guint spans = 0;

  g_signal_connect (annotation, "changed::span", G_CALLBACK (on_span_changed), &spans);
  pw_annotation_set_choice (annotation, "names", TRUE);
  pw_annotation_add_span (annotation, span);
  pw_annotation_undo (annotation);
  pw_annotation_undo (annotation);
  g_assert_cmpuint (spans, ==, 2);
}

/* Random edits of every kind, undos and redos; the draft kept as the
 * store keeps it rebuilds the same annotation with the same history. */
static void
test_text_edits_random_history (void)
{
  Recorder recorder = { 0, };
  PwAnnotation *annotation = recorded (PW_ANNOTATION_TOOL_SPAN | PW_ANNOTATION_TOOL_SEGMENT
                                       | PW_ANNOTATION_TOOL_CHOICE | PW_ANNOTATION_TOOL_TRANSCRIPT,
                                       &recorder);
  const char *labels[] = { "PER", "ORG", NULL };
  const char *words[] = { "ä", "🙂", "the ", "", "\n" };

  g_object_add_weak_pointer (G_OBJECT (annotation), (gpointer *) &annotation);

  for (guint step = 0; step < 500; step++)
    {
      GPtrArray *spans = pw_annotation_get_spans (annotation);
      GPtrArray *segments = pw_annotation_get_segments (annotation);
      guint length = g_utf8_strlen (pw_annotation_get_transcript (annotation), -1);
      int action = g_test_rand_int_range (0, 12);
      guint start = g_test_rand_int_range (0, 30);

      if (action == 0)
        pw_annotation_undo (annotation);
      else if (action == 1)
        pw_annotation_redo (annotation);
      else if (action == 2)
        {
          g_autofree char *id = pw_annotation_new_span_id (annotation);
          g_autoptr (PwTextSpan) span = pw_text_span_new (id, start, start + g_test_rand_int_range (1, 9),
                                                          labels[g_test_rand_int_range (0, 3)]);

          pw_annotation_add_span (annotation, span);
        }
      else if (action == 3 && spans->len > 0)
        {
          PwTextSpan *span = g_ptr_array_index (spans, g_test_rand_int_range (0, spans->len));

          if (g_test_rand_bit ())
            pw_annotation_remove_span (annotation, pw_text_span_get_id (span));
          else
            {
              g_autoptr (PwTextSpan) moved = pw_text_span_copy (span);

              pw_text_span_set_range (moved, start, start + 1);
              pw_text_span_set_label (moved, labels[g_test_rand_int_range (0, 2)]);
              pw_annotation_replace_span (annotation, moved);
            }
        }
      else if (action == 4)
        {
          g_autofree char *id = pw_annotation_new_segment_id (annotation);
          double at = g_test_rand_double_range (0, 60);
          g_autoptr (PwSegment) segment = pw_segment_new (id, at, at + g_test_rand_double_range (0.1, 5),
                                                          labels[g_test_rand_int_range (0, 3)],
                                                          words[g_test_rand_int_range (0, 5)]);

          g_assert_true (pw_annotation_add_segment (annotation, segment, NULL));
        }
      else if (action == 5 && segments->len > 0)
        {
          PwSegment *segment = g_ptr_array_index (segments, g_test_rand_int_range (0, segments->len));

          if (g_test_rand_bit ())
            pw_annotation_remove_segment (annotation, pw_segment_get_id (segment));
          else
            {
              g_autoptr (PwSegment) edited = pw_segment_copy (segment);

              pw_segment_set_text (edited, words[g_test_rand_int_range (0, 5)]);
              g_assert_true (pw_annotation_replace_segment (annotation, edited, NULL));
            }
        }
      else if (action == 6)
        pw_annotation_set_choice (annotation, labels[g_test_rand_int_range (0, 2)], g_test_rand_bit ());
      else
        {
          guint at = g_test_rand_int_range (0, length + 1);
          guint n_removed = g_test_rand_int_range (0, MIN (3, length - at) + 1);

          g_assert_true (pw_annotation_edit_transcript (annotation, at, n_removed,
                                                        words[g_test_rand_int_range (0, 5)],
                                                        g_test_rand_bit (), NULL));
        }

      g_assert_cmpuint (recorder.position, ==, pw_annotation_get_position (annotation));
      g_assert_cmpuint (recorder.commands->len, ==, pw_annotation_get_n_commands (annotation));
    }

  assert_restores (annotation, &recorder);

  g_object_unref (annotation);
  g_assert_null (annotation);
  recorder_clear (&recorder);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/text-edits/spans", test_text_edits_spans);
  g_test_add_func ("/text-edits/segments", test_text_edits_segments);
  g_test_add_func ("/text-edits/choices", test_text_edits_choices);
  g_test_add_func ("/text-edits/transcript", test_text_edits_transcript);
  g_test_add_func ("/text-edits/typing-merges", test_text_edits_typing_merges);
  g_test_add_func ("/text-edits/batch", test_text_edits_batch);
  g_test_add_func ("/text-edits/other-tools-refused", test_text_edits_other_tools_refused);
  g_test_add_func ("/text-edits/changed-detail", test_text_edits_changed_detail);
  g_test_add_func ("/text-edits/random-history", test_text_edits_random_history);

  return g_test_run ();
}
