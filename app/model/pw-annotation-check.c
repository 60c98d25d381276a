/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n-lib.h>

#include "pw-annotation-check.h"
#include "pw-geometry.h"

/* The checks run before a task is submitted or the worker moves on. They
 * are the marketplace's rules for an Annotation (a box has a size and lies
 * inside the image, a polygon has 3 points and does not cross itself) plus
 * a label on every shape, found here so the worker fixes them in seconds
 * instead of seeing the submission refused. */

static const char *const code_names[] = {
  [PW_PROBLEM_TOO_SMALL] = "too-small",
  [PW_PROBLEM_TOO_FEW_POINTS] = "too-few-points",
  [PW_PROBLEM_SELF_CROSSING] = "self-crossing",
  [PW_PROBLEM_NO_LABEL] = "no-label",
  [PW_PROBLEM_OUTSIDE_IMAGE] = "outside-image",
};

/**
 * pw_problem_code_to_string:
 * @code: a #PwProblemCode
 *
 * Returns: (transfer none): a stable name for @code, such as "too-small"
 */
const char *
pw_problem_code_to_string (PwProblemCode code)
{
  if ((guint) code >= G_N_ELEMENTS (code_names))
    return "unknown";
  return code_names[code];
}

void
pw_problem_free (PwProblem *problem)
{
  if (problem == NULL)
    return;
  g_free (problem->shape_id);
  g_free (problem->reason);
  g_free (problem);
}

static void
add_problem (GPtrArray     *problems,
             PwShape       *shape,
             PwProblemCode  code,
             const char    *reason)
{
  PwProblem *problem = g_new0 (PwProblem, 1);

  problem->shape_id = g_strdup (pw_shape_get_id (shape));
  problem->code = code;
  problem->reason = g_strdup (reason);
  g_ptr_array_add (problems, problem);
}

/**
 * pw_annotation_check:
 * @self: an annotation
 *
 * Finds what the marketplace would refuse, shape by shape in drawing
 * order; a shape may have several problems.
 *
 * Returns: (transfer container) (element-type PwProblem): the problems,
 *   empty when there are none
 */
GPtrArray *
pw_annotation_check (PwAnnotation *self)
{
  GPtrArray *problems;
  GPtrArray *shapes;
  double width, height;

  g_return_val_if_fail (PW_IS_ANNOTATION (self), NULL);

  problems = g_ptr_array_new_with_free_func ((GDestroyNotify) pw_problem_free);
  shapes = pw_annotation_get_shapes (self);
  width = pw_annotation_get_width (self);
  height = pw_annotation_get_height (self);

  for (guint i = 0; i < shapes->len; i++)
    {
      PwShape *shape = g_ptr_array_index (shapes, i);
      PwRect bounds;

      if (pw_shape_get_shape_type (shape) == PW_SHAPE_BBOX)
        {
          PwRect rect;

          pw_shape_get_rect (shape, &rect);
          if (rect.w < PW_CHECK_MIN_BOX_SIZE || rect.h < PW_CHECK_MIN_BOX_SIZE)
            add_problem (problems, shape, PW_PROBLEM_TOO_SMALL,
                         _("This box is too small to be seen. Draw it again or delete it."));
        }
      else
        {
          const PwPoint *points;
          guint n_points;

          points = pw_shape_get_points (shape, &n_points);
          if (n_points < 3)
            add_problem (problems, shape, PW_PROBLEM_TOO_FEW_POINTS,
                         _("This polygon has fewer than 3 points. Add points or delete it."));
          else if (pw_geometry_polygon_self_crosses (points, n_points))
            add_problem (problems, shape, PW_PROBLEM_SELF_CROSSING,
                         _("This polygon crosses itself. Drag a point so its edges do not cross."));
        }

      if (pw_shape_get_label (shape) == NULL)
        add_problem (problems, shape, PW_PROBLEM_NO_LABEL,
                     _("This shape has no label. Select it and press a label’s number key."));

      pw_shape_get_bounds (shape, &bounds);
      if (bounds.x < 0 || bounds.y < 0
          || bounds.x + bounds.w > width || bounds.y + bounds.h > height)
        add_problem (problems, shape, PW_PROBLEM_OUTSIDE_IMAGE,
                     _("This shape reaches outside the image. Move it inside the border."));
    }

  return problems;
}
