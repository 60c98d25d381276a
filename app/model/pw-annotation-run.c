/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n-lib.h>

#include "pw-annotation-private.h"
#include "pw-error.h"

/* Applying and undoing commands on the shapes. Every command is checked
 * against the shapes it meets, so a history read back from the store that
 * does not fit its snapshot is refused instead of corrupting the work;
 * a batch that fails halfway is rolled back. The commands of text and
 * audio tasks run in pw-annotation-spans.c and pw-annotation-answers.c. */

void
pw_annotation_note_id (PwAnnotation *self,
                       const char   *id)
{
  char *end = NULL;
  guint64 n;

  if (id[0] != 's' || !g_ascii_isdigit (id[1]))
    return;
  n = g_ascii_strtoull (id + 1, &end, 10);
  if (*end == '\0' && n < G_MAXUINT)
    self->next_id = MAX (self->next_id, (guint) n + 1);
}

static void
insert_shape (PwAnnotation *self,
              guint         index,
              PwShape      *shape)
{
  g_ptr_array_insert (self->shapes, index, pw_shape_ref (shape));
  pw_annotation_note_id (self, pw_shape_get_id (shape));
  pw_annotation_emit_changed (self, PW_ANNOTATION_CHANGE_ADDED, pw_shape_get_id (shape));
}

static void
remove_shape (PwAnnotation *self,
              guint         index)
{
  g_autoptr (PwShape) shape = g_ptr_array_steal_index (self->shapes, index);

  pw_annotation_emit_changed (self, PW_ANNOTATION_CHANGE_REMOVED, pw_shape_get_id (shape));
}

static void
put_shape (PwAnnotation *self,
           guint         index,
           PwShape      *shape)
{
  pw_shape_unref (g_ptr_array_index (self->shapes, index));
  g_ptr_array_index (self->shapes, index) = pw_shape_ref (shape);
  pw_annotation_emit_changed (self, PW_ANNOTATION_CHANGE_REPLACED, pw_shape_get_id (shape));
}

static gboolean
mismatch (GError     **error,
          const char  *id)
{
  g_set_error (error, PW_ERROR, PW_ERROR_INVALID_DATA,
               _("The saved edits do not match the shapes (shape “%s”)"), id);
  return FALSE;
}

static gboolean
run_answer (PwAnnotation  *self,
            PwCommand     *command,
            gboolean       forward,
            GError       **error)
{
  switch (pw_command_get_kind (command))
    {
    case PW_COMMAND_ADD_SPAN:
    case PW_COMMAND_REMOVE_SPAN:
    case PW_COMMAND_REPLACE_SPAN:
      return _pw_annotation_run_span (self, command, forward, error);
    case PW_COMMAND_ADD_SEGMENT:
    case PW_COMMAND_REMOVE_SEGMENT:
    case PW_COMMAND_REPLACE_SEGMENT:
      return _pw_annotation_run_segment (self, command, forward, error);
    case PW_COMMAND_SET_CHOICES:
      return _pw_annotation_run_choices (self, command, forward, error);
    case PW_COMMAND_EDIT_TRANSCRIPT:
      return _pw_annotation_run_transcript (self, command, forward, error);
    default:
      g_assert_not_reached ();
    }
}

/* Which tool a command's kind needs; 0 for a batch, whose commands are
 * checked one by one. */
static PwAnnotationTools
tool_of (PwCommandKind kind)
{
  switch (kind)
    {
    case PW_COMMAND_ADD:
    case PW_COMMAND_REMOVE:
    case PW_COMMAND_REPLACE:
      return PW_ANNOTATION_TOOL_SHAPES;
    case PW_COMMAND_ADD_SPAN:
    case PW_COMMAND_REMOVE_SPAN:
    case PW_COMMAND_REPLACE_SPAN:
      return PW_ANNOTATION_TOOL_SPAN;
    case PW_COMMAND_ADD_SEGMENT:
    case PW_COMMAND_REMOVE_SEGMENT:
    case PW_COMMAND_REPLACE_SEGMENT:
      return PW_ANNOTATION_TOOL_SEGMENT;
    case PW_COMMAND_SET_CHOICES:
      return PW_ANNOTATION_TOOL_CHOICE;
    case PW_COMMAND_EDIT_TRANSCRIPT:
      return PW_ANNOTATION_TOOL_TRANSCRIPT;
    case PW_COMMAND_BATCH:
    default:
      return 0;
    }
}

/* Applies @command; on success *resolved is the command as it was applied,
 * an append turned into its index, which is what the history keeps. On
 * failure nothing has changed. */
gboolean
pw_annotation_run_forward (PwAnnotation  *self,
                           PwCommand     *command,
                           PwCommand    **resolved,
                           GError       **error)
{
  guint index = pw_command_get_index (command);
  PwAnnotationTools tool = tool_of (pw_command_get_kind (command));

  /* A draft of another kind of task, or a damaged one. */
  if (tool != 0 && (self->tools & tool) == 0)
    {
      g_set_error (error, PW_ERROR, PW_ERROR_INVALID_DATA,
                   _("The saved edits are for another kind of task"));
      return FALSE;
    }

  switch (pw_command_get_kind (command))
    {
    case PW_COMMAND_ADD:
      {
        PwShape *shape = pw_command_get_shape (command);

        if (index == PW_COMMAND_APPEND)
          index = self->shapes->len;
        if (index > self->shapes->len
            || pw_annotation_find_shape (self, pw_shape_get_id (shape), NULL))
          return mismatch (error, pw_shape_get_id (shape));
        insert_shape (self, index, shape);
        *resolved = index == pw_command_get_index (command)
                      ? pw_command_ref (command) : pw_command_new_add (shape, index);
        return TRUE;
      }

    case PW_COMMAND_REMOVE:
      {
        PwShape *shape = pw_command_get_shape (command);

        if (index >= self->shapes->len
            || !pw_shape_equal (g_ptr_array_index (self->shapes, index), shape))
          return mismatch (error, pw_shape_get_id (shape));
        remove_shape (self, index);
        *resolved = pw_command_ref (command);
        return TRUE;
      }

    case PW_COMMAND_REPLACE:
      {
        PwShape *before = pw_command_get_before (command);

        if (!pw_annotation_find_shape (self, pw_shape_get_id (before), &index)
            || !pw_shape_equal (g_ptr_array_index (self->shapes, index), before))
          return mismatch (error, pw_shape_get_id (before));
        put_shape (self, index, pw_command_get_after (command));
        *resolved = pw_command_ref (command);
        return TRUE;
      }

    case PW_COMMAND_BATCH:
      {
        GPtrArray *children = pw_command_get_commands (command);
        g_autoptr (GPtrArray) done = g_ptr_array_new_with_free_func ((GDestroyNotify) pw_command_unref);

        for (guint i = 0; i < children->len; i++)
          {
            PwCommand *child = NULL;

            if (!pw_annotation_run_forward (self, g_ptr_array_index (children, i), &child, error))
              {
                for (guint j = done->len; j > 0; j--)
                  {
                    gboolean undone = pw_annotation_run_backward (self, g_ptr_array_index (done, j - 1), NULL);

                    g_assert (undone);
                  }
                return FALSE;
              }
            g_ptr_array_add (done, child);
          }
        *resolved = pw_command_new_batch (done);
        return TRUE;
      }

    case PW_COMMAND_ADD_SPAN:
    case PW_COMMAND_REMOVE_SPAN:
    case PW_COMMAND_REPLACE_SPAN:
    case PW_COMMAND_ADD_SEGMENT:
    case PW_COMMAND_REMOVE_SEGMENT:
    case PW_COMMAND_REPLACE_SEGMENT:
    case PW_COMMAND_SET_CHOICES:
    case PW_COMMAND_EDIT_TRANSCRIPT:
      if (!run_answer (self, command, TRUE, error))
        return FALSE;
      *resolved = pw_command_ref (command);
      return TRUE;

    default:
      g_assert_not_reached ();
    }
}

/* Undoes @command, which must have been resolved by run_forward(). */
gboolean
pw_annotation_run_backward (PwAnnotation  *self,
                            PwCommand     *command,
                            GError       **error)
{
  guint index = pw_command_get_index (command);

  switch (pw_command_get_kind (command))
    {
    case PW_COMMAND_ADD:
      {
        PwShape *shape = pw_command_get_shape (command);

        if (index >= self->shapes->len
            || !pw_shape_equal (g_ptr_array_index (self->shapes, index), shape))
          return mismatch (error, pw_shape_get_id (shape));
        remove_shape (self, index);
        return TRUE;
      }

    case PW_COMMAND_REMOVE:
      {
        PwShape *shape = pw_command_get_shape (command);

        if (index > self->shapes->len
            || pw_annotation_find_shape (self, pw_shape_get_id (shape), NULL))
          return mismatch (error, pw_shape_get_id (shape));
        insert_shape (self, index, shape);
        return TRUE;
      }

    case PW_COMMAND_REPLACE:
      {
        PwShape *after = pw_command_get_after (command);

        if (!pw_annotation_find_shape (self, pw_shape_get_id (after), &index)
            || !pw_shape_equal (g_ptr_array_index (self->shapes, index), after))
          return mismatch (error, pw_shape_get_id (after));
        put_shape (self, index, pw_command_get_before (command));
        return TRUE;
      }

    case PW_COMMAND_BATCH:
      {
        GPtrArray *children = pw_command_get_commands (command);

        for (guint i = children->len; i > 0; i--)
          {
            if (!pw_annotation_run_backward (self, g_ptr_array_index (children, i - 1), error))
              {
                for (guint j = i; j < children->len; j++)
                  {
                    PwCommand *again = NULL;
                    gboolean redone = pw_annotation_run_forward (self, g_ptr_array_index (children, j),
                                                   &again, NULL);

                    g_assert (redone);
                    pw_command_unref (again);
                  }
                return FALSE;
              }
          }
        return TRUE;
      }

    case PW_COMMAND_ADD_SPAN:
    case PW_COMMAND_REMOVE_SPAN:
    case PW_COMMAND_REPLACE_SPAN:
    case PW_COMMAND_ADD_SEGMENT:
    case PW_COMMAND_REMOVE_SEGMENT:
    case PW_COMMAND_REPLACE_SEGMENT:
    case PW_COMMAND_SET_CHOICES:
    case PW_COMMAND_EDIT_TRANSCRIPT:
      return run_answer (self, command, FALSE, error);

    default:
      g_assert_not_reached ();
    }
}
