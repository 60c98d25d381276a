/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "pw-annotation.h"
#include "pw-label-set.h"

G_BEGIN_DECLS

/**
 * PwProblemCode:
 * @PW_PROBLEM_TOO_SMALL: a box under 2 pixels on a side
 * @PW_PROBLEM_TOO_FEW_POINTS: a polygon with fewer than 3 points
 * @PW_PROBLEM_SELF_CROSSING: a polygon whose edges cross or touch
 * @PW_PROBLEM_NO_LABEL: a shape, span or segment without a label
 * @PW_PROBLEM_OUTSIDE_IMAGE: a shape reaching past the image's border
 * @PW_PROBLEM_NO_CHOICE: a task whose only tool is choices, with none
 *   chosen, or a required group of choices with none chosen
 * @PW_PROBLEM_UNLABELED: a text or audio task with no answer at all: no
 *   choice, span or segment, and no transcript
 * @PW_PROBLEM_EMPTY_TRANSCRIPT: a task with the transcript tool whose
 *   transcript is empty or only spaces
 * @PW_PROBLEM_OVERLAP: a span or segment overlapping one before it, where
 *   the project forbids it (%PW_CHECK_NO_OVERLAPS)
 * @PW_PROBLEM_EMPTY_SEGMENT_TEXT: a segment without text, where segments
 *   carry text (%PW_CHECK_SEGMENT_TEXT)
 * @PW_PROBLEM_OUTSIDE_TEXT: a span reaching past the end of the text
 * @PW_PROBLEM_TOO_MANY_CHOICES: more than one choice in a single-choice
 *   project (%PW_CHECK_SINGLE_CHOICE) or group of choices
 *
 * What the checks before moving on to the next task find.
 */
typedef enum
{
  PW_PROBLEM_TOO_SMALL,
  PW_PROBLEM_TOO_FEW_POINTS,
  PW_PROBLEM_SELF_CROSSING,
  PW_PROBLEM_NO_LABEL,
  PW_PROBLEM_OUTSIDE_IMAGE,
  PW_PROBLEM_NO_CHOICE,
  PW_PROBLEM_UNLABELED,
  PW_PROBLEM_EMPTY_TRANSCRIPT,
  PW_PROBLEM_OVERLAP,
  PW_PROBLEM_EMPTY_SEGMENT_TEXT,
  PW_PROBLEM_OUTSIDE_TEXT,
  PW_PROBLEM_TOO_MANY_CHOICES,
} PwProblemCode;

/**
 * PwCheckFlags:
 * @PW_CHECK_DEFAULT: no rule beyond the contract's
 * @PW_CHECK_NO_OVERLAPS: the project forbids spans, or segments, that
 *   overlap or nest
 * @PW_CHECK_SEGMENT_TEXT: every segment must have its text, as where the
 *   worker transcribes segment by segment
 * @PW_CHECK_SINGLE_CHOICE: the project's `choice_mode` is `single`
 * @PW_CHECK_UNLABELED_SEGMENTS: segments may go without a label, as in a
 *   project that has no labels and only wants speech marked and written
 *
 * The project's rules for pw_annotation_check_full(), which the
 * annotation does not know.
 */
typedef enum /*< flags >*/
{
  PW_CHECK_DEFAULT = 0,
  PW_CHECK_NO_OVERLAPS = 1 << 0,
  PW_CHECK_SEGMENT_TEXT = 1 << 1,
  PW_CHECK_SINGLE_CHOICE = 1 << 2,
  PW_CHECK_UNLABELED_SEGMENTS = 1 << 3,
} PwCheckFlags;

/**
 * PwProblem:
 * @shape_id: (nullable): the shape, span or segment with the problem, by
 *   id; %NULL when the problem is the task's as a whole (no choice, an
 *   empty transcript)
 * @code: what it is
 * @reason: a translated sentence for the worker
 */
typedef struct
{
  char *shape_id;
  PwProblemCode code;
  char *reason;
} PwProblem;

/**
 * PW_CHECK_MIN_BOX_SIZE:
 *
 * A box narrower or lower than this, in pixels, is almost surely a slip.
 */
#define PW_CHECK_MIN_BOX_SIZE 2.0

void        pw_problem_free            (PwProblem    *problem);
const char *pw_problem_code_to_string  (PwProblemCode code);
GPtrArray  *pw_annotation_check        (PwAnnotation *self);
GPtrArray  *pw_annotation_check_full   (PwAnnotation *self,
                                        PwCheckFlags  flags,
                                        gint64        text_length);
void        pw_annotation_check_async  (PwAnnotation        *self,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
void        pw_annotation_check_full_async (PwAnnotation        *self,
                                            PwCheckFlags         flags,
                                            gint64               text_length,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
GPtrArray  *pw_annotation_check_with_labels (PwAnnotation *self,
                                             PwCheckFlags  flags,
                                             gint64        text_length,
                                             PwLabelSet   *labels);
void        pw_annotation_check_with_labels_async (PwAnnotation        *self,
                                                   PwCheckFlags         flags,
                                                   gint64               text_length,
                                                   PwLabelSet          *labels,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
GPtrArray  *pw_annotation_check_finish (GAsyncResult  *result,
                                        GError       **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PwProblem, pw_problem_free)

G_END_DECLS
