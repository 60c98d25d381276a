/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n-lib.h>

#include "pw-annotation-check.h"
#include "pw-label-set.h"
#include "pw-geometry.h"

/* The checks run before a task is submitted or the worker moves on. They
 * are the marketplace's rules for an Annotation (a box has a size and lies
 * inside the image, a polygon has 3 points and does not cross itself, a
 * span lies within its text) plus a label on every shape, span and
 * segment, an answer for every task and the project's own rules (no
 * overlaps, text in every segment, one choice), found here so the worker
 * fixes them in seconds instead of seeing the submission refused. */

static const char *const code_names[] = {
  [PW_PROBLEM_TOO_SMALL] = "too-small",
  [PW_PROBLEM_TOO_FEW_POINTS] = "too-few-points",
  [PW_PROBLEM_SELF_CROSSING] = "self-crossing",
  [PW_PROBLEM_NO_LABEL] = "no-label",
  [PW_PROBLEM_OUTSIDE_IMAGE] = "outside-image",
  [PW_PROBLEM_NO_CHOICE] = "no-choice",
  [PW_PROBLEM_UNLABELED] = "unlabeled",
  [PW_PROBLEM_EMPTY_TRANSCRIPT] = "empty-transcript",
  [PW_PROBLEM_OVERLAP] = "overlap",
  [PW_PROBLEM_EMPTY_SEGMENT_TEXT] = "empty-segment-text",
  [PW_PROBLEM_OUTSIDE_TEXT] = "outside-text",
  [PW_PROBLEM_TOO_MANY_CHOICES] = "too-many-choices",
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
add_problem_for (GPtrArray     *problems,
                 const char    *id,
                 PwProblemCode  code,
                 const char    *reason)
{
  PwProblem *problem = g_new0 (PwProblem, 1);

  problem->shape_id = g_strdup (id);
  problem->code = code;
  problem->reason = g_strdup (reason);
  g_ptr_array_add (problems, problem);
}

static void
add_problem (GPtrArray     *problems,
             PwShape       *shape,
             PwProblemCode  code,
             const char    *reason)
{
  add_problem_for (problems, pw_shape_get_id (shape), code, reason);
}

/* The checks read only shapes, spans and segments, which are never
 * changed once an annotation holds them, and copies of the rest, so a
 * snapshot is something another thread may read while the worker goes on
 * editing. */
typedef struct
{
  GPtrArray *shapes;
  double     width;
  double     height;

  PwAnnotationTools tools;
  PwCheckFlags flags;
  gint64     text_length;
  GStrv      choices;
  GPtrArray *spans;
  GPtrArray *segments;
  gboolean   transcript_blank;
  GPtrArray *groups; /* GroupRule */
} Snapshot;

/* A group of choices as the checks read it, copied from the labels. */
typedef struct
{
  char     *title;
  gboolean  single;
  gboolean  required;
  GPtrArray *names;
} GroupRule;

static void
group_rule_free (gpointer data)
{
  GroupRule *rule = data;

  g_free (rule->title);
  g_ptr_array_unref (rule->names);
  g_free (rule);
}

static GPtrArray *
group_rules_new (PwLabelSet *labels)
{
  GPtrArray *rules = g_ptr_array_new_with_free_func (group_rule_free);

  for (guint i = 0; labels != NULL && i < pw_label_set_get_n_choice_groups (labels); i++)
    {
      PwChoiceGroup *group = pw_label_set_get_choice_group (labels, i);
      GroupRule *rule = g_new0 (GroupRule, 1);

      rule->title = g_strdup (pw_choice_group_get_title (group));
      rule->single = pw_choice_group_is_single (group);
      rule->required = pw_choice_group_is_required (group);
      rule->names = g_ptr_array_new_with_free_func (g_free);
      for (guint j = 0; j < pw_label_set_get_n_labels (labels); j++)
        {
          PwLabel *label = pw_label_set_get_label (labels, j);

          if (pw_label_set_choice_group_of (labels, label) == group
              && pw_label_is_for (label, PW_ANNOTATION_TOOL_CHOICE))
            g_ptr_array_add (rule->names, g_strdup (pw_label_get_name (label)));
        }
      g_ptr_array_add (rules, rule);
    }
  return rules;
}

static gboolean
rule_has (const GroupRule *rule,
          const char      *name)
{
  return g_ptr_array_find_with_equal_func (rule->names, name, g_str_equal, NULL);
}

static GPtrArray *
refs_of (GPtrArray      *items,
         GBoxedCopyFunc  ref,
         GDestroyNotify  unref)
{
  GPtrArray *copy = g_ptr_array_new_full (items->len, unref);

  for (guint i = 0; i < items->len; i++)
    g_ptr_array_add (copy, ref (g_ptr_array_index (items, i)));
  return copy;
}

static gboolean
is_blank (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      if (!g_unichar_isspace (g_utf8_get_char (p)))
        return FALSE;
    }
  return TRUE;
}

static Snapshot *
snapshot_new (PwAnnotation *annotation,
              PwCheckFlags  flags,
              gint64        text_length,
              PwLabelSet   *labels)
{
  Snapshot *snapshot = g_new0 (Snapshot, 1);

  snapshot->shapes = refs_of (pw_annotation_get_shapes (annotation),
                              (GBoxedCopyFunc) pw_shape_ref, (GDestroyNotify) pw_shape_unref);
  snapshot->width = pw_annotation_get_width (annotation);
  snapshot->height = pw_annotation_get_height (annotation);
  snapshot->tools = pw_annotation_get_tools (annotation);
  snapshot->flags = flags;
  snapshot->text_length = text_length;
  snapshot->choices = g_strdupv ((GStrv) pw_annotation_get_choices (annotation));
  snapshot->spans = refs_of (pw_annotation_get_spans (annotation),
                             (GBoxedCopyFunc) pw_text_span_ref,
                             (GDestroyNotify) pw_text_span_unref);
  snapshot->segments = refs_of (pw_annotation_get_segments (annotation),
                                (GBoxedCopyFunc) pw_segment_ref,
                                (GDestroyNotify) pw_segment_unref);
  snapshot->transcript_blank = is_blank (pw_annotation_get_transcript (annotation));
  snapshot->groups = group_rules_new (labels);
  return snapshot;
}

static void
snapshot_free (gpointer data)
{
  Snapshot *snapshot = data;

  g_ptr_array_unref (snapshot->shapes);
  g_strfreev (snapshot->choices);
  g_ptr_array_unref (snapshot->spans);
  g_ptr_array_unref (snapshot->segments);
  g_ptr_array_unref (snapshot->groups);
  g_free (snapshot);
}

/* Each group of choices: one answer at most where it takes one, and one
 * at least where it must be answered. Returns whether a group was left
 * unanswered, which says more than that nothing is chosen. */
static gboolean
check_groups (GPtrArray      *problems,
              const Snapshot *snapshot)
{
  gboolean unanswered = FALSE;

  if (!(snapshot->tools & PW_ANNOTATION_TOOL_CHOICE))
    return FALSE;
  for (guint g = 0; g < snapshot->groups->len; g++)
    {
      const GroupRule *rule = snapshot->groups->pdata[g];
      guint n = 0;

      for (guint i = 0; snapshot->choices[i] != NULL; i++)
        n += rule_has (rule, snapshot->choices[i]);
      if (rule->required && n == 0)
        {
          /* Translators: %s is the title of a group of choices, such as “Sentiment” */
          g_autofree char *reason = g_strdup_printf (_("Choose a %s: nothing is chosen for it yet. Press the number key of one of its choices."),
                                                     rule->title);

          add_problem_for (problems, NULL, PW_PROBLEM_NO_CHOICE, reason);
          unanswered = TRUE;
        }
      if (rule->single && n > 1)
        {
          /* Translators: %s is the title of a group of choices, such as “Sentiment” */
          g_autofree char *reason = g_strdup_printf (_("%s takes one choice, and more are chosen. Keep one."),
                                                     rule->title);

          add_problem_for (problems, NULL, PW_PROBLEM_TOO_MANY_CHOICES, reason);
        }
    }
  return unanswered;
}

/* The task as a whole: is there an answer, and the one the tools ask. */
static void
check_answers (GPtrArray      *problems,
               const Snapshot *snapshot)
{
  gboolean nothing = snapshot->choices[0] == NULL && snapshot->spans->len == 0
                     && snapshot->segments->len == 0 && snapshot->transcript_blank;

  if ((snapshot->tools & PW_ANNOTATION_TOOL_TRANSCRIPT) && snapshot->transcript_blank)
    add_problem_for (problems, NULL, PW_PROBLEM_EMPTY_TRANSCRIPT,
                     _("The transcript is empty. Type it before you submit the task."));

  /* A group left unanswered says more than that nothing is chosen. */
  if (check_groups (problems, snapshot))
    nothing = FALSE;

  if (nothing && snapshot->tools == PW_ANNOTATION_TOOL_CHOICE)
    add_problem_for (problems, NULL, PW_PROBLEM_NO_CHOICE,
                     _("Nothing is chosen yet. Press the number key of a choice."));
  else if (nothing && snapshot->tools != PW_ANNOTATION_TOOL_TRANSCRIPT)
    add_problem_for (problems, NULL, PW_PROBLEM_UNLABELED,
                     _("Nothing is labeled yet. Label the task before you submit it."));

  /* The project's choice_mode is for the choices in no group. */
  if (snapshot->flags & PW_CHECK_SINGLE_CHOICE)
    {
      guint ungrouped = 0;

      for (guint i = 0; snapshot->choices[i] != NULL; i++)
        {
          gboolean grouped = FALSE;

          for (guint g = 0; g < snapshot->groups->len && !grouped; g++)
            grouped = rule_has (snapshot->groups->pdata[g], snapshot->choices[i]);
          ungrouped += !grouped;
        }
      if (ungrouped > 1)
        add_problem_for (problems, NULL, PW_PROBLEM_TOO_MANY_CHOICES,
                         _("This project takes one choice, and more are chosen. Keep one."));
    }
}

/* Spans are in order of their start, so one overlaps an earlier one
 * exactly when it starts before the furthest end so far. */
static void
check_spans (GPtrArray      *problems,
             const Snapshot *snapshot)
{
  guint furthest = 0;

  for (guint i = 0; i < snapshot->spans->len; i++)
    {
      PwTextSpan *span = g_ptr_array_index (snapshot->spans, i);
      const char *id = pw_text_span_get_id (span);

      if (pw_text_span_get_label (span) == NULL)
        add_problem_for (problems, id, PW_PROBLEM_NO_LABEL,
                         _("This span has no label. Select it and press a label’s number key."));
      if (snapshot->text_length >= 0 && pw_text_span_get_end (span) > snapshot->text_length)
        add_problem_for (problems, id, PW_PROBLEM_OUTSIDE_TEXT,
                         _("This span reaches past the end of the text. Remove it and label the text again."));
      if ((snapshot->flags & PW_CHECK_NO_OVERLAPS) && i > 0
          && pw_text_span_get_start (span) < furthest)
        add_problem_for (problems, id, PW_PROBLEM_OVERLAP,
                         _("This span overlaps another, which this project does not allow. Shorten or remove one of them."));
      furthest = MAX (furthest, pw_text_span_get_end (span));
    }
}

static void
check_segments (GPtrArray      *problems,
                const Snapshot *snapshot)
{
  double furthest = 0;

  for (guint i = 0; i < snapshot->segments->len; i++)
    {
      PwSegment *segment = g_ptr_array_index (snapshot->segments, i);
      const char *id = pw_segment_get_id (segment);

      if (pw_segment_get_label (segment) == NULL
          && (snapshot->flags & PW_CHECK_UNLABELED_SEGMENTS) == 0)
        add_problem_for (problems, id, PW_PROBLEM_NO_LABEL,
                         _("This segment has no label. Select it and press a label’s number key."));
      if ((snapshot->flags & PW_CHECK_SEGMENT_TEXT) && is_blank (pw_segment_get_text (segment)))
        add_problem_for (problems, id, PW_PROBLEM_EMPTY_SEGMENT_TEXT,
                         _("This segment has no text. Type what is said in it."));
      if ((snapshot->flags & PW_CHECK_NO_OVERLAPS) && i > 0
          && pw_segment_get_start (segment) < furthest)
        add_problem_for (problems, id, PW_PROBLEM_OVERLAP,
                         _("This segment overlaps another, which this project does not allow. Move an edge or remove one of them."));
      furthest = MAX (furthest, pw_segment_get_end (segment));
    }
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

  if ((snapshot->tools & PW_ANNOTATION_TOOL_SHAPES) == 0)
    {
      check_answers (problems, snapshot);
      check_spans (problems, snapshot);
      check_segments (problems, snapshot);
    }
  else
    check_groups (problems, snapshot);

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
 * The same as pw_annotation_check_full() with no project rules and no
 * text.
 *
 * Returns: (transfer container) (element-type PwProblem): the problems,
 *   empty when there are none
 */
GPtrArray *
pw_annotation_check (PwAnnotation *self)
{
  return pw_annotation_check_full (self, PW_CHECK_DEFAULT, -1);
}

/**
 * pw_annotation_check_full:
 * @self: an annotation
 * @flags: the project's rules
 * @text_length: the length in code points of a text task's text, or -1
 *
 * Finds what the marketplace or the project would refuse. For a text or
 * audio task: first the task's own problems (no choice, nothing labeled,
 * an empty transcript, too many choices), with no id, then the spans',
 * then the segments', in their order. For an image, the shapes' problems,
 * as pw_annotation_check() finds them.
 *
 * Returns: (transfer container) (element-type PwProblem): the problems,
 *   empty when there are none
 */
GPtrArray *
pw_annotation_check_full (PwAnnotation *self,
                          PwCheckFlags  flags,
                          gint64        text_length)
{
  return pw_annotation_check_with_labels (self, flags, text_length, NULL);
}

/**
 * pw_annotation_check_with_labels:
 * @self: an annotation
 * @flags: the project's rules
 * @text_length: the length in code points of a text task's text, or -1
 * @labels: (nullable): the project's labels, whose groups of choices
 *   each take one answer or several and may need one
 *
 * Finds what pw_annotation_check_full() finds, and for each group of
 * choices of @labels: a required group with no answer, a group of one
 * answer with more. %PW_CHECK_SINGLE_CHOICE then counts only the choices
 * in no group.
 *
 * Returns: (transfer container) (element-type PwProblem): the problems,
 *   empty when there are none
 */
GPtrArray *
pw_annotation_check_with_labels (PwAnnotation *self,
                                 PwCheckFlags  flags,
                                 gint64        text_length,
                                 PwLabelSet   *labels)
{
  Snapshot *snapshot;
  GPtrArray *problems;

  g_return_val_if_fail (PW_IS_ANNOTATION (self), NULL);
  g_return_val_if_fail (labels == NULL || PW_IS_LABEL_SET (labels), NULL);

  snapshot = snapshot_new (self, flags, text_length, labels);
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
  pw_annotation_check_full_async (self, PW_CHECK_DEFAULT, -1, cancellable, callback, user_data);
}

/**
 * pw_annotation_check_full_async:
 * @self: an annotation
 * @flags: the project's rules
 * @text_length: the length in code points of a text task's text, or -1
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the problems; pw_annotation_check_finish() reads
 *   them
 * @user_data: data for @callback
 *
 * Checks what @self holds now, as pw_annotation_check_full() does, on a
 * thread.
 */
void
pw_annotation_check_full_async (PwAnnotation        *self,
                                PwCheckFlags         flags,
                                gint64               text_length,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  pw_annotation_check_with_labels_async (self, flags, text_length, NULL, cancellable, callback,
                                         user_data);
}

/**
 * pw_annotation_check_with_labels_async:
 * @self: an annotation
 * @flags: the project's rules
 * @text_length: the length in code points of a text task's text, or -1
 * @labels: (nullable): the project's labels, for their groups of choices
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the problems; pw_annotation_check_finish() reads
 *   them
 * @user_data: data for @callback
 *
 * Checks what @self holds now, as pw_annotation_check_with_labels() does,
 * on a thread.
 */
void
pw_annotation_check_with_labels_async (PwAnnotation        *self,
                                       PwCheckFlags         flags,
                                       gint64               text_length,
                                       PwLabelSet          *labels,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (PW_IS_ANNOTATION (self));
  g_return_if_fail (labels == NULL || PW_IS_LABEL_SET (labels));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  /* Not the annotation as the source: the thread could drop the last
   * reference to it, and it belongs to the thread that edits it. */
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, pw_annotation_check_async);
  g_task_set_task_data (task, snapshot_new (self, flags, text_length, labels), snapshot_free);
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
