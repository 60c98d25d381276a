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

/* The checks read only shapes, which are never changed once an annotation
 * holds them, so a list of references is a snapshot another thread may
 * read while the worker goes on editing. */
typedef struct
{
  GPtrArray *shapes;
  double     width;
  double     height;
} Snapshot;

static Snapshot *
snapshot_new (PwAnnotation *annotation)
{
  GPtrArray *shapes = pw_annotation_get_shapes (annotation);
  Snapshot *snapshot = g_new0 (Snapshot, 1);

  snapshot->shapes = g_ptr_array_new_full (shapes->len, (GDestroyNotify) pw_shape_unref);
  for (guint i = 0; i < shapes->len; i++)
    g_ptr_array_add (snapshot->shapes, pw_shape_ref (g_ptr_array_index (shapes, i)));
  snapshot->width = pw_annotation_get_width (annotation);
  snapshot->height = pw_annotation_get_height (annotation);
  return snapshot;
}

static void
snapshot_free (gpointer data)
{
  Snapshot *snapshot = data;

  g_ptr_array_unref (snapshot->shapes);
  g_free (snapshot);
}

static void
check_shape (GPtrArray *problems,
             PwShape   *shape,
             double     width,
             double     height)
{
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

/* NULL when cancelled. */
static GPtrArray *
check_snapshot (const Snapshot *snapshot,
                GCancellable   *cancellable)
{
  g_autoptr (GPtrArray) problems = g_ptr_array_new_with_free_func ((GDestroyNotify) pw_problem_free);

  for (guint i = 0; i < snapshot->shapes->len; i++)
    {
      if (g_cancellable_is_cancelled (cancellable))
        return NULL;
      check_shape (problems, g_ptr_array_index (snapshot->shapes, i),
                   snapshot->width, snapshot->height);
    }

  return g_steal_pointer (&problems);
}

/**
 * pw_annotation_check:
 * @self: an annotation
 *
 * Finds what the marketplace would refuse, shape by shape in drawing
 * order; a shape may have several problems. Blocks for as long as the
 * shapes take: the application checks with pw_annotation_check_async().
 *
 * Returns: (transfer container) (element-type PwProblem): the problems,
 *   empty when there are none
 */
GPtrArray *
pw_annotation_check (PwAnnotation *self)
{
  Snapshot *snapshot;
  GPtrArray *problems;

  g_return_val_if_fail (PW_IS_ANNOTATION (self), NULL);

  snapshot = snapshot_new (self);
  problems = check_snapshot (snapshot, NULL);
  snapshot_free (snapshot);
  return problems;
}

static void
check_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  GPtrArray *problems = check_snapshot (task_data, cancellable);

  if (problems == NULL)
    g_task_return_error_if_cancelled (task);
  else
    g_task_return_pointer (task, problems, (GDestroyNotify) g_ptr_array_unref);
}

/**
 * pw_annotation_check_async:
 * @self: an annotation
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the problems
 * @user_data: data for @callback
 *
 * Checks the shapes @self holds now, as pw_annotation_check() does, on a
 * thread: a polygon of thousands of points never holds up the window.
 * Edits made meanwhile are not seen; the result is for the shapes as they
 * were when this was called.
 */
void
pw_annotation_check_async (PwAnnotation        *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (PW_IS_ANNOTATION (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  /* Not the annotation as the source: the thread could drop the last
   * reference to it, and it belongs to the thread that edits it. */
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, pw_annotation_check_async);
  g_task_set_task_data (task, snapshot_new (self), snapshot_free);
  g_task_run_in_thread (task, check_thread);
}

/**
 * pw_annotation_check_finish:
 * @result: the #GAsyncResult given to the callback
 * @error: return location for a #GError
 *
 * Returns: (transfer container) (element-type PwProblem): the problems,
 *   empty when there are none, or %NULL with %G_IO_ERROR_CANCELLED
 */
GPtrArray *
pw_annotation_check_finish (GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == pw_annotation_check_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
