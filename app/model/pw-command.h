/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

#include "pw-segment.h"
#include "pw-shape.h"
#include "pw-text-span.h"

G_BEGIN_DECLS

/**
 * PwCommandKind:
 * @PW_COMMAND_ADD: a shape was added at an index
 * @PW_COMMAND_REMOVE: the shape at an index was removed
 * @PW_COMMAND_REPLACE: a shape was replaced by another with the same id:
 *   moved, resized, a vertex dragged, inserted or deleted, a label changed
 * @PW_COMMAND_BATCH: several commands undone and redone as one
 * @PW_COMMAND_ADD_SPAN: a span was added to a text task's spans
 * @PW_COMMAND_REMOVE_SPAN: a span was removed
 * @PW_COMMAND_REPLACE_SPAN: a span was replaced by another with the same
 *   id: relabeled, moved, grown or shrunk
 * @PW_COMMAND_ADD_SEGMENT: a segment was added to an audio task's segments
 * @PW_COMMAND_REMOVE_SEGMENT: a segment was removed
 * @PW_COMMAND_REPLACE_SEGMENT: a segment was replaced by another with the
 *   same id: relabeled, an edge moved, its text changed
 * @PW_COMMAND_SET_CHOICES: the task's choices became another set
 * @PW_COMMAND_EDIT_TRANSCRIPT: a stretch of the transcript was replaced by
 *   other text: typed, deleted or pasted
 *
 * The kinds of edit an annotation's history holds. Spans and segments are
 * kept in order (pw_text_span_compare(), pw_segment_compare()), so their
 * commands name them by id and need no index.
 */
typedef enum
{
  PW_COMMAND_ADD,
  PW_COMMAND_REMOVE,
  PW_COMMAND_REPLACE,
  PW_COMMAND_BATCH,
  PW_COMMAND_ADD_SPAN,
  PW_COMMAND_REMOVE_SPAN,
  PW_COMMAND_REPLACE_SPAN,
  PW_COMMAND_ADD_SEGMENT,
  PW_COMMAND_REMOVE_SEGMENT,
  PW_COMMAND_REPLACE_SEGMENT,
  PW_COMMAND_SET_CHOICES,
  PW_COMMAND_EDIT_TRANSCRIPT,
} PwCommandKind;

/**
 * PW_COMMAND_APPEND:
 *
 * The index that adds a shape after all others.
 */
#define PW_COMMAND_APPEND G_MAXUINT

#define PW_TYPE_COMMAND (pw_command_get_type ())

typedef struct _PwCommand PwCommand;

GType          pw_command_get_type       (void) G_GNUC_CONST;

PwCommand     *pw_command_new_add             (PwShape           *shape,
                                               guint              index);
PwCommand     *pw_command_new_remove          (PwShape           *shape,
                                               guint              index);
PwCommand     *pw_command_new_replace         (PwShape           *before,
                                               PwShape           *after);
PwCommand     *pw_command_new_batch           (GPtrArray         *commands);
PwCommand     *pw_command_new_add_span        (PwTextSpan        *span);
PwCommand     *pw_command_new_remove_span     (PwTextSpan        *span);
PwCommand     *pw_command_new_replace_span    (PwTextSpan        *before,
                                               PwTextSpan        *after);
PwCommand     *pw_command_new_add_segment     (PwSegment         *segment);
PwCommand     *pw_command_new_remove_segment  (PwSegment         *segment);
PwCommand     *pw_command_new_replace_segment (PwSegment         *before,
                                               PwSegment         *after);
PwCommand     *pw_command_new_set_choices     (const char *const *before,
                                               const char *const *after);
PwCommand     *pw_command_new_edit_transcript (guint              at,
                                               const char        *removed,
                                               const char        *inserted);
PwCommand     *pw_command_ref                 (PwCommand         *self);
void           pw_command_unref               (PwCommand         *self);

PwCommandKind  pw_command_get_kind            (PwCommand         *self);
PwShape       *pw_command_get_shape           (PwCommand         *self);
guint          pw_command_get_index           (PwCommand         *self);
PwShape       *pw_command_get_before          (PwCommand         *self);
PwShape       *pw_command_get_after           (PwCommand         *self);
GPtrArray     *pw_command_get_commands        (PwCommand         *self);
PwTextSpan    *pw_command_get_span            (PwCommand         *self);
PwTextSpan    *pw_command_get_span_before     (PwCommand         *self);
PwTextSpan    *pw_command_get_span_after      (PwCommand         *self);
PwSegment     *pw_command_get_segment         (PwCommand         *self);
PwSegment     *pw_command_get_segment_before  (PwCommand         *self);
PwSegment     *pw_command_get_segment_after   (PwCommand         *self);
const char *const *pw_command_get_choices_before (PwCommand      *self);
const char *const *pw_command_get_choices_after  (PwCommand      *self);
const char    *pw_command_get_removed_text    (PwCommand         *self);
const char    *pw_command_get_inserted_text   (PwCommand         *self);

JsonNode      *pw_command_to_json             (PwCommand         *self);
char          *pw_command_to_string           (PwCommand         *self);
PwCommand     *pw_command_new_from_json       (JsonNode          *node,
                                               GError           **error);
PwCommand     *pw_command_new_from_string     (const char        *text,
                                               GError           **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PwCommand, pw_command_unref)

G_END_DECLS
