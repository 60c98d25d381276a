/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "pw-annotation.h"

G_BEGIN_DECLS

/**
 * PwProblemCode:
 * @PW_PROBLEM_TOO_SMALL: a box under 2 pixels on a side
 * @PW_PROBLEM_TOO_FEW_POINTS: a polygon with fewer than 3 points
 * @PW_PROBLEM_SELF_CROSSING: a polygon whose edges cross or touch
 * @PW_PROBLEM_NO_LABEL: a shape without a label
 * @PW_PROBLEM_OUTSIDE_IMAGE: a shape reaching past the image's border
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
} PwProblemCode;

/**
 * PwProblem:
 * @shape_id: the shape with the problem
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
void        pw_annotation_check_async  (PwAnnotation        *self,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
GPtrArray  *pw_annotation_check_finish (GAsyncResult  *result,
                                        GError       **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PwProblem, pw_problem_free)

G_END_DECLS
