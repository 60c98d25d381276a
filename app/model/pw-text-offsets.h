/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/**
 * PwTextSnapMode:
 * @PW_TEXT_SNAP_WORDS: extend a partly selected word to the whole word,
 *   then trim white space and punctuation from both ends
 * @PW_TEXT_SNAP_CHARACTERS: keep the characters selected (Alt), only
 *   extended outwards to whole graphemes, and trim white space from both
 *   ends; punctuation is kept, as in “Inc.”
 *
 * How a selection becomes a span.
 */
typedef enum
{
  PW_TEXT_SNAP_WORDS,
  PW_TEXT_SNAP_CHARACTERS,
} PwTextSnapMode;

/**
 * PwTextSnap:
 * @PW_TEXT_SNAP_SPAN: the result is a span of at least one grapheme
 * @PW_TEXT_SNAP_EMPTY: nothing to label: the selection was empty or held
 *   only white space (and, by words, punctuation); the result is an empty
 *   span where the selection began
 * @PW_TEXT_SNAP_INVALID: the selection starts after it ends or ends past
 *   the text; the result is the empty span at 0
 *
 * What pw_text_offsets_snap() made of a selection.
 */
typedef enum
{
  PW_TEXT_SNAP_SPAN,
  PW_TEXT_SNAP_EMPTY,
  PW_TEXT_SNAP_INVALID,
} PwTextSnap;

#define PW_TYPE_TEXT_OFFSETS (pw_text_offsets_get_type ())

typedef struct _PwTextOffsets PwTextOffsets;

GType          pw_text_offsets_get_type             (void) G_GNUC_CONST;

PwTextOffsets *pw_text_offsets_new                  (const char     *text,
                                                     gssize          length,
                                                     GError        **error);
PwTextOffsets *pw_text_offsets_ref                  (PwTextOffsets  *self);
void           pw_text_offsets_unref                (PwTextOffsets  *self);

const char    *pw_text_offsets_get_text             (PwTextOffsets  *self);
guint          pw_text_offsets_get_length           (PwTextOffsets  *self);

gboolean       pw_text_offsets_offset_to_byte       (PwTextOffsets  *self,
                                                     guint           offset,
                                                     gsize          *byte);
gboolean       pw_text_offsets_byte_to_offset       (PwTextOffsets  *self,
                                                     gsize           byte,
                                                     guint          *offset);

gboolean       pw_text_offsets_is_grapheme_boundary (PwTextOffsets  *self,
                                                     guint           offset);
gboolean       pw_text_offsets_is_word_edge         (PwTextOffsets  *self,
                                                     guint           offset);
PwTextSnap     pw_text_offsets_snap                 (PwTextOffsets  *self,
                                                     guint           start,
                                                     guint           end,
                                                     PwTextSnapMode  mode,
                                                     guint          *snapped_start,
                                                     guint          *snapped_end);
guint          pw_text_offsets_forward_word_end     (PwTextOffsets  *self,
                                                     guint           offset);
guint          pw_text_offsets_backward_word_start  (PwTextOffsets  *self,
                                                     guint           offset);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PwTextOffsets, pw_text_offsets_unref)

G_END_DECLS
