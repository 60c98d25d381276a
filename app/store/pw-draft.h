/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* A draft: the work on one image or task not yet submitted, as a snapshot
 * and the edits made since, so undo survives a restart. */

#define PW_TYPE_DRAFT (pw_draft_get_type ())

/**
 * PwDraft:
 *
 * What the store holds of one document's unsubmitted work: the base
 * snapshot, the log of edit commands after it and how far along that log
 * the document is. Commands after the position are the ones redo brings
 * back. A #PwDraft is immutable and reference counted.
 */
typedef struct _PwDraft PwDraft;

GType       pw_draft_get_type       (void) G_GNUC_CONST;
PwDraft    *pw_draft_new            (const char *key,
                                     const char *snapshot,
                                     GPtrArray  *commands,
                                     guint       position,
                                     gint64      updated_at);
PwDraft    *pw_draft_ref            (PwDraft    *self);
void        pw_draft_unref          (PwDraft    *self);
const char *pw_draft_get_key        (PwDraft    *self);
const char *pw_draft_get_snapshot   (PwDraft    *self);
GPtrArray  *pw_draft_get_commands   (PwDraft    *self);
guint       pw_draft_get_position   (PwDraft    *self);
gint64      pw_draft_get_updated_at (PwDraft    *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PwDraft, pw_draft_unref)

G_END_DECLS
