/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include "pw-text-offsets-private.h"

/* Snapping a selection to a span, and moving by words, on the boundaries
 * the index finds. */

/**
 * pw_text_offsets_snap:
 * @self: an index
 * @start: the first code point selected
 * @end: the code point after the last one selected
 * @mode: whether to snap to words or keep the characters
 * @snapped_start: (out): return location for the span's start
 * @snapped_end: (out): return location for the span's end
 *
 * Makes the span a worker meant of a selection. By words, a partly
 * selected word grows to the whole word (words as in UAX #29, so “don't”
 * and “3.14” are one word; in Chinese and Japanese each ideograph is a
 * word, and Thai words come from Pango's dictionary), then white space and
 * punctuation are trimmed from both ends. By characters, the selection
 * grows only to whole graphemes and loses only white space at its ends.
 * Either way the span never splits a grapheme. Offsets are in logical
 * order, in right-to-left text too.
 *
 * Returns: %PW_TEXT_SNAP_SPAN and the span, or %PW_TEXT_SNAP_EMPTY and the
 *   empty span at the grapheme boundary at or before @start when nothing
 *   is left to label, or %PW_TEXT_SNAP_INVALID and the empty span at 0
 *   when @start is after @end or @end is past the end of the text
 */
PwTextSnap
pw_text_offsets_snap (PwTextOffsets  *self,
                      guint           start,
                      guint           end,
                      PwTextSnapMode  mode,
                      guint          *snapped_start,
                      guint          *snapped_end)
{
  gboolean words = mode == PW_TEXT_SNAP_WORDS;
  guint8 edge = words ? PW_TEXT_WORD_EDGE : PW_TEXT_GRAPHEME_START;
  guint8 kept = words ? PW_TEXT_CONTENT : PW_TEXT_CONTENT | PW_TEXT_PUNCTUATION;
  guint s = start, e = start;

  g_return_val_if_fail (self != NULL, PW_TEXT_SNAP_INVALID);
  g_return_val_if_fail (words || mode == PW_TEXT_SNAP_CHARACTERS, PW_TEXT_SNAP_INVALID);
  g_return_val_if_fail (snapped_start != NULL && snapped_end != NULL, PW_TEXT_SNAP_INVALID);

  if (start > end || end > pw_text_offsets_get_length (self))
    {
      *snapped_start = *snapped_end = 0;
      return PW_TEXT_SNAP_INVALID;
    }

  if (start < end)
    {
      s = _pw_text_offsets_boundary_before (self, start, edge);
      e = _pw_text_offsets_boundary_after (self, end, edge);
    }

  /* Trimming goes a grapheme at a time, which keeps a space that carries a
   * combining mark from being cut in two. */
  while (s < e)
    {
      guint next = _pw_text_offsets_boundary_after (self, s + 1, PW_TEXT_GRAPHEME_START);

      if (_pw_text_offsets_holds (self, s, next, kept))
        break;
      s = next;
    }
  while (e > s)
    {
      guint before = _pw_text_offsets_boundary_before (self, e - 1, PW_TEXT_GRAPHEME_START);

      if (_pw_text_offsets_holds (self, before, e, kept))
        break;
      e = before;
    }

  if (s == e)
    {
      s = _pw_text_offsets_boundary_before (self, start, PW_TEXT_GRAPHEME_START);
      *snapped_start = *snapped_end = s;
      return PW_TEXT_SNAP_EMPTY;
    }
  *snapped_start = s;
  *snapped_end = e;
  return PW_TEXT_SNAP_SPAN;
}

/**
 * pw_text_offsets_forward_word_end:
 * @self: an index
 * @offset: code points from the start of the text; past the end counts
 *   as the end
 *
 * Finds where Ctrl+Right goes: the end of the word that holds @offset, or
 * of the next word. Words are those that pw_text_offsets_snap() makes, so
 * a selection moved by words is a span already; GtkTextView's own word
 * movement takes a whole line of Chinese for one word and stops inside
 * “don't”.
 *
 * Returns: the end of the next word after @offset, or the length of the
 *   text when no word ends after it
 */
guint
pw_text_offsets_forward_word_end (PwTextOffsets *self,
                                  guint          offset)
{
  guint length, s;

  g_return_val_if_fail (self != NULL, 0);

  length = pw_text_offsets_get_length (self);
  offset = MIN (offset, length);
  for (s = _pw_text_offsets_boundary_before (self, offset, PW_TEXT_WORD_EDGE); s < length;)
    {
      guint e = _pw_text_offsets_boundary_after (self, s + 1, PW_TEXT_WORD_EDGE);

      if (e > offset && _pw_text_offsets_holds (self, s, e, PW_TEXT_CONTENT))
        return e;
      s = e;
    }
  return length;
}

/**
 * pw_text_offsets_backward_word_start:
 * @self: an index
 * @offset: code points from the start of the text; past the end counts
 *   as the end
 *
 * Finds where Ctrl+Left goes: the start of the word that holds @offset,
 * or of the word before it. Ctrl+End then Shift+Ctrl+Left selects the
 * text's last word, without the punctuation after it.
 *
 * Returns: the start of the word before @offset, or 0 when no word starts
 *   before it
 */
guint
pw_text_offsets_backward_word_start (PwTextOffsets *self,
                                     guint          offset)
{
  guint e;

  g_return_val_if_fail (self != NULL, 0);

  offset = MIN (offset, pw_text_offsets_get_length (self));
  for (e = _pw_text_offsets_boundary_after (self, offset, PW_TEXT_WORD_EDGE); e > 0;)
    {
      guint s = _pw_text_offsets_boundary_before (self, e - 1, PW_TEXT_WORD_EDGE);

      if (s < offset && _pw_text_offsets_holds (self, s, e, PW_TEXT_CONTENT))
        return s;
      e = s;
    }
  return 0;
}
