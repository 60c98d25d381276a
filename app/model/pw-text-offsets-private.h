/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "pw-text-offsets.h"

G_BEGIN_DECLS

/* What one code point is to snapping, and which boundaries lie before it. */
enum
{
  PW_TEXT_GRAPHEME_START = 1 << 0,
  PW_TEXT_WORD_EDGE = 1 << 1,
  PW_TEXT_CONTENT = 1 << 2, /* a letter, number or symbol, emoji included */
  PW_TEXT_PUNCTUATION = 1 << 3,
};

guint    _pw_text_offsets_boundary_before (PwTextOffsets *self,
                                           guint          offset,
                                           guint8         kind);
guint    _pw_text_offsets_boundary_after  (PwTextOffsets *self,
                                           guint          offset,
                                           guint8         kind);
gboolean _pw_text_offsets_holds           (PwTextOffsets *self,
                                           guint          start,
                                           guint          end,
                                           guint8         classes);

G_END_DECLS
