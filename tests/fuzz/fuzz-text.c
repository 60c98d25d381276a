/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <string.h>

#include "piecework-engine.h"
#include "pw-fuzz.h"

/* A text file of the worker's own, or a text task's text: refused unless
 * it is UTF-8 without NUL, and then every offset converts to a byte and
 * back, and the span a selection snaps to lies on graphemes. */

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr (PwTextOffsets) offsets = NULL;
  g_autoptr (GError) error = NULL;
  const char *text = (const char *) data;
  guint length;
  guint start, end;

  if (!pw_media_file_check_text (text, size, "“fuzz.txt”", &error))
    {
      g_assert_nonnull (error);
      g_assert_nonnull (strstr (error->message, "fuzz.txt"));
      return 0;
    }

  offsets = pw_text_offsets_new (text, size, &error);
  g_assert_no_error (error);
  length = pw_text_offsets_get_length (offsets);
  g_assert_cmpuint (length, ==, g_utf8_strlen (text, size));

  for (guint offset = 0; offset <= length; offset++)
    {
      gsize byte;
      guint back;

      g_assert_true (pw_text_offsets_offset_to_byte (offsets, offset, &byte));
      g_assert_true (pw_text_offsets_byte_to_offset (offsets, byte, &back));
      g_assert_cmpuint (back, ==, offset);
    }

  if (pw_text_offsets_snap (offsets, size % (length + 1), length, PW_TEXT_SNAP_WORDS, &start,
                            &end) == PW_TEXT_SNAP_SPAN)
    {
      g_assert_cmpuint (start, <, end);
      g_assert_true (pw_text_offsets_is_grapheme_boundary (offsets, start));
      g_assert_true (pw_text_offsets_is_grapheme_boundary (offsets, end));
    }

  return 0;
}
