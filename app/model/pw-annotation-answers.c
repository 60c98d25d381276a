/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "pw-annotation-private.h"
#include "pw-error.h"
#include "pw-label.h"

/* The choices and the transcript of a text or audio task. A change of the
 * choices is one command holding both sets, whatever the choice mode: in
 * single mode the panel sets a set of one, in multi mode it turns one
 * choice on or off. A change of the transcript is one command holding the
 * stretch replaced and its replacement, in code points as GtkTextBuffer
 * counts them, so a keystroke in a long transcript is kept in a few bytes. */

static void
apply_edit (PwAnnotation *self,
            PwCommand    *command)
{
  gboolean applied = pw_annotation_apply_command (self, command, NULL);

  g_assert (applied);
}

/**
 * pw_annotation_get_choices:
 * @self: an annotation
 *
 * Returns: (transfer none) (array zero-terminated=1): the labels chosen,
 *   in the order they were chosen; empty when none
 */
const char *const *
pw_annotation_get_choices (PwAnnotation *self)
{
  g_return_val_if_fail (PW_IS_ANNOTATION (self), NULL);
  return (const char *const *) self->choices;
}

/**
 * pw_annotation_has_choice:
 * @self: an annotation
 * @label: a label's name
 *
 * Returns: %TRUE when @label is among the choices
 */
gboolean
pw_annotation_has_choice (PwAnnotation *self,
                          const char   *label)
{
  g_return_val_if_fail (PW_IS_ANNOTATION (self), FALSE);
  g_return_val_if_fail (label != NULL, FALSE);

  return g_strv_contains ((const char *const *) self->choices, label);
}

static gboolean
choices_are_valid (const char *const *choices)
{
  for (guint i = 0; choices[i] != NULL; i++)
    {
      if (!pw_label_name_is_valid (choices[i]))
        return FALSE;
      for (guint j = 0; j < i; j++)
        {
          if (g_str_equal (choices[i], choices[j]))
            return FALSE;
        }
    }
  return TRUE;
}

/**
 * pw_annotation_set_choices:
 * @self: an annotation with the choice tool
 * @choices: (array zero-terminated=1) (nullable): the labels chosen, each
 *   once, in order; %NULL or empty is none
 *
 * Makes @choices the task's choices, as one undo step: a single-choice
 * project's panel sets a set of one. A set equal to the one there is not
 * recorded.
 */
void
pw_annotation_set_choices (PwAnnotation      *self,
                           const char *const *choices)
{
  static const char *const none[] = { NULL };
  g_autoptr (PwCommand) command = NULL;

  g_return_if_fail (PW_IS_ANNOTATION (self));
  g_return_if_fail (self->tools & PW_ANNOTATION_TOOL_CHOICE);

  if (choices == NULL)
    choices = none;
  g_return_if_fail (choices_are_valid (choices));

  if (g_strv_equal ((const char *const *) self->choices, choices))
    return;

  command = pw_command_new_set_choices ((const char *const *) self->choices, choices);
  apply_edit (self, command);
}

/**
 * pw_annotation_set_choice:
 * @self: an annotation with the choice tool
 * @label: a label's name
 * @chosen: whether @label is to be among the choices
 *
 * Adds @label after the other choices, or takes it out of them, as one
 * undo step: what a multi-choice project's digit key does. Nothing is
 * recorded when @label already is, or is not, among them.
 */
void
pw_annotation_set_choice (PwAnnotation *self,
                          const char   *label,
                          gboolean      chosen)
{
  g_autoptr (GStrvBuilder) builder = NULL;
  g_auto (GStrv) choices = NULL;

  g_return_if_fail (PW_IS_ANNOTATION (self));
  g_return_if_fail (pw_label_name_is_valid (label));

  if (pw_annotation_has_choice (self, label) == !!chosen)
    return;

  builder = g_strv_builder_new ();
  for (guint i = 0; self->choices[i] != NULL; i++)
    {
      if (!g_str_equal (self->choices[i], label))
        g_strv_builder_add (builder, self->choices[i]);
    }
  if (chosen)
    g_strv_builder_add (builder, label);
  choices = g_strv_builder_end (builder);

  pw_annotation_set_choices (self, (const char *const *) choices);
}

gboolean
_pw_annotation_run_choices (PwAnnotation  *self,
                            PwCommand     *command,
                            gboolean       forward,
                            GError       **error)
{
  const char *const *from = forward ? pw_command_get_choices_before (command)
                                    : pw_command_get_choices_after (command);
  const char *const *to = forward ? pw_command_get_choices_after (command)
                                  : pw_command_get_choices_before (command);

  if (!g_strv_equal ((const char *const *) self->choices, from))
    {
      g_set_error (error, PW_ERROR, PW_ERROR_INVALID_DATA,
                   _("The saved edits do not match the choices"));
      return FALSE;
    }

  g_strfreev (self->choices);
  self->choices = g_strdupv ((GStrv) to);
  _pw_annotation_emit_part_changed (self, PW_ANNOTATION_PART_CHOICES,
                                    PW_ANNOTATION_CHANGE_REPLACED, NULL);
  return TRUE;
}

/**
 * pw_annotation_get_transcript:
 * @self: an annotation
 *
 * Returns: (transfer none): the transcript, empty when there is none
 */
const char *
pw_annotation_get_transcript (PwAnnotation *self)
{
  g_return_val_if_fail (PW_IS_ANNOTATION (self), NULL);
  return self->transcript->str;
}

/* The byte where code point @at is, or -1 past the end. */
static gssize
byte_of (const GString *text,
         guint          at)
{
  const char *p = text->str;
  const char *end = text->str + text->len;

  for (guint i = 0; i < at; i++)
    {
      if (p >= end)
        return -1;
      p = g_utf8_next_char (p);
    }
  return p - text->str;
}

/* Replaces @from by @to at code point @at of @text; FALSE, with @text as
 * it was, when @from is not there. */
static gboolean
replace_text (GString    *text,
              guint       at,
              const char *from,
              const char *to)
{
  gssize offset = byte_of (text, at);
  gsize from_len = strlen (from);

  if (offset < 0 || text->len - (gsize) offset < from_len
      || memcmp (text->str + offset, from, from_len) != 0)
    return FALSE;
  g_string_erase (text, offset, from_len);
  g_string_insert (text, offset, to);
  return TRUE;
}

static gboolean
transcript_fits (gsize    size,
                 GError **error)
{
  g_autofree char *limit = NULL;

  if (size <= PW_ANNOTATION_MAX_TEXT_BYTES)
    return TRUE;
  limit = g_format_size_full (PW_ANNOTATION_MAX_TEXT_BYTES, G_FORMAT_SIZE_IEC_UNITS);
  g_set_error (error, PW_ERROR, PW_ERROR_TOO_LARGE,
               _("A transcript holds at most %s; this edit would make it longer"), limit);
  return FALSE;
}

gboolean
_pw_annotation_run_transcript (PwAnnotation  *self,
                               PwCommand     *command,
                               gboolean       forward,
                               GError       **error)
{
  guint at = pw_command_get_index (command);
  const char *from = forward ? pw_command_get_removed_text (command)
                             : pw_command_get_inserted_text (command);
  const char *to = forward ? pw_command_get_inserted_text (command)
                           : pw_command_get_removed_text (command);
  gsize size = self->transcript->len - MIN (strlen (from), self->transcript->len) + strlen (to);

  if (forward && !transcript_fits (size, error))
    return FALSE;
  if (!replace_text (self->transcript, at, from, to))
    {
      g_set_error (error, PW_ERROR, PW_ERROR_INVALID_DATA,
                   _("The saved edits do not match the transcript"));
      return FALSE;
    }

  _pw_annotation_emit_transcript_edited (self, at, g_utf8_strlen (from, -1), to);
  _pw_annotation_emit_part_changed (self, PW_ANNOTATION_PART_TRANSCRIPT,
                                    PW_ANNOTATION_CHANGE_REPLACED, NULL);
  return TRUE;
}

/* The one stretch where @a and @b differ: the code point it starts at, the
 * text of @a there and the text of @b in its place. The common start and
 * end are found by bytes, then moved back to whole characters. */
static PwCommand *
difference (const char *a,
            const char *b)
{
  gsize la = strlen (a), lb = strlen (b);
  gsize prefix = 0, suffix = 0;
  g_autofree char *removed = NULL;
  g_autofree char *inserted = NULL;

#define CONTINUES(c) (((guchar) (c) & 0xC0) == 0x80)

  while (prefix < la && prefix < lb && a[prefix] == b[prefix])
    prefix++;
  while (prefix > 0 && (CONTINUES (a[prefix]) || CONTINUES (b[prefix])))
    prefix--;
  while (suffix < la - prefix && suffix < lb - prefix && a[la - 1 - suffix] == b[lb - 1 - suffix])
    suffix++;
  while (suffix > 0 && (CONTINUES (a[la - suffix]) || CONTINUES (b[lb - suffix])))
    suffix--;

#undef CONTINUES

  removed = g_strndup (a + prefix, la - suffix - prefix);
  inserted = g_strndup (b + prefix, lb - suffix - prefix);
  return pw_command_new_edit_transcript (g_utf8_strlen (a, prefix), removed, inserted);
}

/* The last command, when the next transcript edit may be merged into it:
 * a transcript edit with nothing undone after it. */
static PwCommand *
mergeable_edit (PwAnnotation *self)
{
  PwCommand *last;

  if (self->position == 0 || self->position != self->history->len)
    return NULL;
  last = g_ptr_array_index (self->history, self->position - 1);
  return pw_command_get_kind (last) == PW_COMMAND_EDIT_TRANSCRIPT ? last : NULL;
}

/**
 * pw_annotation_edit_transcript:
 * @self: an annotation with the transcript tool
 * @at: where the edit is, in code points, at most the transcript's length
 * @n_removed: how many code points after @at it removes
 * @inserted: the text it puts there instead, maybe empty
 * @continue_typing: whether this edit continues the last one, such as the
 *   next letter of a word, so that one undo takes both back
 * @error: return location for a #GError
 *
 * Changes the transcript as a text field's insert or delete did. Each edit
 * is one undo step, unless @continue_typing is %TRUE and the last edit of
 * the history is a transcript edit with nothing undone after it: then the
 * two become one command, from the transcript before the last edit to the
 * transcript after this one. That command takes the last one's place in
 * the history, and #PwAnnotation::command-committed is emitted with the
 * position unchanged, which tells the store to replace its last command.
 * The caller decides what continues: typing within a word, say, and not
 * after the cursor moved or a pause. An edit that changes nothing is not
 * recorded.
 *
 * Returns: %TRUE when the edit was made; %FALSE with %PW_ERROR_TOO_LARGE
 *   when the transcript would be over %PW_ANNOTATION_MAX_TEXT_BYTES
 */
gboolean
pw_annotation_edit_transcript (PwAnnotation  *self,
                               guint          at,
                               guint          n_removed,
                               const char    *inserted,
                               gboolean       continue_typing,
                               GError       **error)
{
  g_autoptr (PwCommand) command = NULL;
  g_autoptr (PwCommand) merged = NULL;
  g_autoptr (PwCommand) resolved = NULL;
  g_autofree char *removed = NULL;
  g_autoptr (GString) before = NULL;
  PwCommand *last;
  gssize start, end;
  gboolean undone;

  g_return_val_if_fail (PW_IS_ANNOTATION (self), FALSE);
  g_return_val_if_fail (self->tools & PW_ANNOTATION_TOOL_TRANSCRIPT, FALSE);
  g_return_val_if_fail (inserted != NULL && g_utf8_validate (inserted, -1, NULL), FALSE);
  g_return_val_if_fail (G_MAXUINT - at >= n_removed, FALSE);

  start = byte_of (self->transcript, at);
  end = byte_of (self->transcript, at + n_removed);
  g_return_val_if_fail (start >= 0 && end >= 0, FALSE);

  removed = g_strndup (self->transcript->str + start, end - start);
  if (g_str_equal (removed, inserted))
    return TRUE;
  command = pw_command_new_edit_transcript (at, removed, inserted);

  last = continue_typing ? mergeable_edit (self) : NULL;
  if (last == NULL)
    return pw_annotation_apply_command (self, command, error);

  /* The transcript before the last edit, which the merged command starts
   * from. */
  before = g_string_new_len (self->transcript->str, self->transcript->len);
  undone = replace_text (before, pw_command_get_index (last),
                         pw_command_get_inserted_text (last),
                         pw_command_get_removed_text (last));
  g_assert (undone);

  if (!pw_annotation_run_forward (self, command, &resolved, error))
    return FALSE;
  merged = difference (before->str, self->transcript->str);
  _pw_annotation_commit_merged (self, merged);
  return TRUE;
}

/**
 * pw_annotation_set_transcript:
 * @self: an annotation with the transcript tool
 * @transcript: the whole new transcript
 * @continue_typing: as for pw_annotation_edit_transcript()
 * @error: return location for a #GError
 *
 * Makes @transcript the transcript, recording only the stretch that
 * differs, as pw_annotation_edit_transcript() does. For a text field that
 * hands over its whole text; one that reports each insert and delete
 * calls pw_annotation_edit_transcript() and spares the comparison.
 *
 * Returns: %TRUE when the transcript is @transcript; %FALSE with
 *   %PW_ERROR_TOO_LARGE when it is over %PW_ANNOTATION_MAX_TEXT_BYTES
 */
gboolean
pw_annotation_set_transcript (PwAnnotation  *self,
                              const char    *transcript,
                              gboolean       continue_typing,
                              GError       **error)
{
  g_autoptr (PwCommand) change = NULL;

  g_return_val_if_fail (PW_IS_ANNOTATION (self), FALSE);
  g_return_val_if_fail (self->tools & PW_ANNOTATION_TOOL_TRANSCRIPT, FALSE);
  g_return_val_if_fail (transcript != NULL && g_utf8_validate (transcript, -1, NULL), FALSE);

  change = difference (self->transcript->str, transcript);
  return pw_annotation_edit_transcript (self, pw_command_get_index (change),
                                        g_utf8_strlen (pw_command_get_removed_text (change), -1),
                                        pw_command_get_inserted_text (change),
                                        continue_typing, error);
}
