/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

#include "pw-shape.h"

G_BEGIN_DECLS

/**
 * PwCommandKind:
 * @PW_COMMAND_ADD: a shape was added at an index
 * @PW_COMMAND_REMOVE: the shape at an index was removed
 * @PW_COMMAND_REPLACE: a shape was replaced by another with the same id:
 *   moved, resized, a vertex dragged, inserted or deleted, a label changed
 * @PW_COMMAND_BATCH: several commands undone and redone as one
 *
 * The kinds of edit an annotation's history holds.
 */
typedef enum
{
  PW_COMMAND_ADD,
  PW_COMMAND_REMOVE,
  PW_COMMAND_REPLACE,
  PW_COMMAND_BATCH,
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

PwCommand     *pw_command_new_add        (PwShape    *shape,
                                          guint       index);
PwCommand     *pw_command_new_remove     (PwShape    *shape,
                                          guint       index);
PwCommand     *pw_command_new_replace    (PwShape    *before,
                                          PwShape    *after);
PwCommand     *pw_command_new_batch      (GPtrArray  *commands);
PwCommand     *pw_command_ref            (PwCommand  *self);
void           pw_command_unref          (PwCommand  *self);

PwCommandKind  pw_command_get_kind       (PwCommand  *self);
PwShape       *pw_command_get_shape      (PwCommand  *self);
guint          pw_command_get_index      (PwCommand  *self);
PwShape       *pw_command_get_before     (PwCommand  *self);
PwShape       *pw_command_get_after      (PwCommand  *self);
GPtrArray     *pw_command_get_commands   (PwCommand  *self);

JsonNode      *pw_command_to_json        (PwCommand  *self);
char          *pw_command_to_string      (PwCommand  *self);
PwCommand     *pw_command_new_from_json  (JsonNode   *node,
                                          GError    **error);
PwCommand     *pw_command_new_from_string (const char *text,
                                           GError    **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PwCommand, pw_command_unref)

G_END_DECLS
