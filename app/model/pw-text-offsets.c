/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n-lib.h>
#include <pango/pango.h>
#include <string.h>

#include "pw-error.h"
#include "pw-text-offsets-private.h"

/* The offsets of a text task: spans count code points of the text, end
 * exclusive (the contract); GtkTextIter counts the same characters; Pango
 * counts UTF-8 bytes. A span must never split a grapheme, and a selection
 * snaps to the edges of words as Pango finds them (UAX #29), so the span
 * a worker labels is the one GtkTextView's cursor can reach.
 *
 * Bytes and code points convert through the byte offset of every
 * SAMPLE_STEP-th code point, read in one pass when the text arrives.
 *
 * Pango 1.50's graphemes follow UAX #29 in every case the tests hold it to
 * (emoji joined by ZWJ, with skin tones or tags, flags, keycaps, jamo,
 * CR LF), so the index adds no rule of its own there.
 *
 * Pango costs a quarter of a microsecond a character, 25 ms for a text of
 * 100,000, too much to pay before a long text's first frame (and the first
 * Thai text of a process costs 50 ms more, loading libthai's dictionary,
 * as it does for GtkTextView's own layout). So the text is cut into pieces
 * where Pango's answers cannot depend on what came before (after a line
 * feed; between a space and an ASCII letter or digit; between an
 * ideographic full stop and an ideograph), and a piece is analysed the
 * first time an offset inside it is asked about. A piece's analysis is
 * published with one atomic exchange, so the index is read-only to its
 * users and may be shared between threads. */

#define SAMPLE_STEP 32

/* Half a millisecond of Pango's work: a paragraph or two. */
#define PIECE_MIN_LENGTH 2048

typedef struct
{
  guint start;
  gsize byte;
  guint8 *flags; /* atomic; one per code point, NULL until asked about */
} Piece;

struct _PwTextOffsets
{
  gatomicrefcount ref_count;
  char *text;
  gsize n_bytes;
  guint length;

  /* The byte of code point i * SAMPLE_STEP; NULL when every character is
   * one byte. */
  guint32 *samples;

  /* n_pieces pieces, then one that starts at the end of the text. */
  Piece *pieces;
  guint n_pieces;
};

G_DEFINE_BOXED_TYPE (PwTextOffsets, pw_text_offsets, pw_text_offsets_ref, pw_text_offsets_unref)

static gboolean
starts_piece (const char *text,
              gsize       at)
{
  guchar before = text[at - 1];

  if (before == '\n')
    return TRUE;
  if (before == ' ')
    return g_ascii_isalnum (text[at]);
  if (at >= 3 && memcmp (text + at - 3, "\xe3\x80\x82", 3) == 0)
    {
      gunichar c = g_utf8_get_char (text + at);

      return c >= 0x4E00 && c <= 0x9FFF;
    }
  return FALSE;
}

static void
read_text (PwTextOffsets *self)
{
  g_autoptr (GArray) pieces = g_array_new (FALSE, TRUE, sizeof (Piece));
  guint32 *samples = g_new (guint32, self->n_bytes / SAMPLE_STEP + 2);
  guint piece_start = 0;
  guint i = 0;

  for (gsize b = 0; b < self->n_bytes; b++)
    {
      if (((guchar) self->text[b] & 0xC0) == 0x80)
        continue;
      if (i % SAMPLE_STEP == 0)
        samples[i / SAMPLE_STEP] = b;
      if (i == 0 || (i - piece_start >= PIECE_MIN_LENGTH && starts_piece (self->text, b)))
        {
          Piece piece = { i, b, NULL };

          g_array_append_val (pieces, piece);
          piece_start = i;
        }
      i++;
    }
  if (i % SAMPLE_STEP == 0)
    samples[i / SAMPLE_STEP] = self->n_bytes;

  self->length = i;
  self->n_pieces = pieces->len;
  {
    Piece end = { i, self->n_bytes, NULL };

    g_array_append_val (pieces, end);
  }
  self->pieces = (Piece *) g_array_free (g_steal_pointer (&pieces), FALSE);

  if (self->length == self->n_bytes)
    g_free (samples);
  else
    self->samples = g_renew (guint32, samples, self->length / SAMPLE_STEP + 1);
}

/**
 * pw_text_offsets_new:
 * @text: the text, in UTF-8
 * @length: its length in bytes, or -1 when it ends with a NUL
 * @error: return location for a #GError
 *
 * Reads @text once, in time proportional to its length, to convert
 * offsets and find graphemes and words in it. The index keeps a copy.
 *
 * Returns: (transfer full): the index, or %NULL with
 *   %PW_ERROR_INVALID_DATA when @text is not UTF-8 (a NUL inside counts as
 *   not UTF-8), or %PW_ERROR_TOO_LARGE when it is over 2 GiB
 */
PwTextOffsets *
pw_text_offsets_new (const char  *text,
                     gssize       length,
                     GError     **error)
{
  PwTextOffsets *self;
  gsize n_bytes;
  const char *invalid;

  g_return_val_if_fail (text != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  n_bytes = length < 0 ? strlen (text) : (gsize) length;
  if (n_bytes > G_MAXINT)
    {
      g_set_error (error, PW_ERROR, PW_ERROR_TOO_LARGE,
                   _("The text is larger than 2 GB and cannot be labeled; split it into smaller files"));
      return NULL;
    }
  if (n_bytes > 0 && !g_utf8_validate_len (text, n_bytes, &invalid))
    {
      g_set_error (error, PW_ERROR, PW_ERROR_INVALID_DATA,
                   _("The text is not UTF-8 from byte %lu on; save it as UTF-8, or tell the marketplace that sent it"),
                   (gulong) (invalid - text));
      return NULL;
    }

  self = g_new0 (PwTextOffsets, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->text = g_strndup (n_bytes > 0 ? text : "", n_bytes);
  self->n_bytes = n_bytes;
  read_text (self);
  return self;
}

/**
 * pw_text_offsets_ref:
 * @self: an index
 *
 * Returns: (transfer full): @self
 */
PwTextOffsets *
pw_text_offsets_ref (PwTextOffsets *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

/**
 * pw_text_offsets_unref:
 * @self: (transfer full): an index
 */
void
pw_text_offsets_unref (PwTextOffsets *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;
  for (guint i = 0; i < self->n_pieces; i++)
    g_free (self->pieces[i].flags);
  g_free (self->pieces);
  g_free (self->samples);
  g_free (self->text);
  g_free (self);
}

/**
 * pw_text_offsets_get_text:
 * @self: an index
 *
 * Returns: the text, ending with a NUL
 */
const char *
pw_text_offsets_get_text (PwTextOffsets *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->text;
}

/**
 * pw_text_offsets_get_length:
 * @self: an index
 *
 * Returns: the length of the text in code points, the end of a span that
 *   reaches the end of the text
 */
guint
pw_text_offsets_get_length (PwTextOffsets *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->length;
}

/**
 * pw_text_offsets_offset_to_byte:
 * @self: an index
 * @offset: code points from the start of the text
 * @byte: (out): return location for the bytes from the start of the text
 *
 * Finds where a code point starts in the UTF-8 text, as Pango counts.
 *
 * Returns: %TRUE, or %FALSE when @offset is past the end of the text
 */
gboolean
pw_text_offsets_offset_to_byte (PwTextOffsets *self,
                                guint          offset,
                                gsize         *byte)
{
  const char *p;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (byte != NULL, FALSE);

  if (offset > self->length)
    return FALSE;
  if (self->samples == NULL)
    {
      *byte = offset;
      return TRUE;
    }
  p = self->text + self->samples[offset / SAMPLE_STEP];
  for (guint i = offset % SAMPLE_STEP; i > 0; i--)
    p = g_utf8_next_char (p);
  *byte = p - self->text;
  return TRUE;
}

/**
 * pw_text_offsets_byte_to_offset:
 * @self: an index
 * @byte: bytes from the start of the text, as Pango counts
 * @offset: (out): return location for the code points before @byte
 *
 * Returns: %TRUE, or %FALSE when @byte is past the end of the text or in
 *   the middle of a character's bytes
 */
gboolean
pw_text_offsets_byte_to_offset (PwTextOffsets *self,
                                gsize          byte,
                                guint         *offset)
{
  const char *p, *target;
  guint low, high, i;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (offset != NULL, FALSE);

  if (byte > self->n_bytes || ((guchar) self->text[byte] & 0xC0) == 0x80)
    return FALSE;
  if (self->samples == NULL)
    {
      *offset = byte;
      return TRUE;
    }

  /* The last sample at or before the byte. */
  low = 0;
  high = self->length / SAMPLE_STEP;
  while (low < high)
    {
      guint mid = low + (high - low + 1) / 2;

      if (self->samples[mid] <= byte)
        low = mid;
      else
        high = mid - 1;
    }

  p = self->text + self->samples[low];
  target = self->text + byte;
  for (i = low * SAMPLE_STEP; p < target; i++)
    p = g_utf8_next_char (p);
  *offset = i;
  return TRUE;
}

static guint8
classify (gunichar c)
{
  switch (g_unichar_type (c))
    {
    case G_UNICODE_CONNECT_PUNCTUATION:
    case G_UNICODE_DASH_PUNCTUATION:
    case G_UNICODE_CLOSE_PUNCTUATION:
    case G_UNICODE_FINAL_PUNCTUATION:
    case G_UNICODE_INITIAL_PUNCTUATION:
    case G_UNICODE_OTHER_PUNCTUATION:
    case G_UNICODE_OPEN_PUNCTUATION:
      return PW_TEXT_PUNCTUATION;

    /* White space, controls, format characters (ZWJ, direction marks) and
     * marks, which belong to the grapheme of a character before them. */
    case G_UNICODE_CONTROL:
    case G_UNICODE_FORMAT:
    case G_UNICODE_SURROGATE:
    case G_UNICODE_SPACING_MARK:
    case G_UNICODE_ENCLOSING_MARK:
    case G_UNICODE_NON_SPACING_MARK:
    case G_UNICODE_LINE_SEPARATOR:
    case G_UNICODE_PARAGRAPH_SEPARATOR:
    case G_UNICODE_SPACE_SEPARATOR:
      return 0;

    /* Letters, numbers, symbols, private use, and characters newer than
     * GLib's tables, most likely emoji. */
    default:
      return PW_TEXT_CONTENT;
    }
}

/* Pango's word boundaries follow UAX #29, which leaves the scripts written
 * without spaces (Thai, Lao, Khmer, Myanmar) to a dictionary: within them,
 * the word starts and ends that Pango's dictionary break (libthai) sets are
 * the edges. */
static gboolean
is_complex_context (gunichar c)
{
  return c >= 0x0E00 && g_unichar_break_type (c) == G_UNICODE_BREAK_COMPLEX_CONTEXT;
}

static guint8 *
analyse_piece (PwTextOffsets *self,
               const Piece   *piece)
{
  const Piece *next = piece + 1;
  guint n = next->start - piece->start;
  const char *p = self->text + piece->byte;
  g_autofree PangoLogAttr *attrs = g_new (PangoLogAttr, n + 1);
  guint8 *flags = g_new (guint8, n);
  gboolean complex_before = FALSE;

  pango_get_log_attrs (p, next->byte - piece->byte, -1, NULL, attrs, n + 1);
  for (guint i = 0; i < n; i++, p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      gboolean complex = is_complex_context (c);
      guint8 f = classify (c);
      gboolean edge;

      if (complex && complex_before)
        edge = attrs[i].is_word_start || attrs[i].is_word_end;
      else
        edge = attrs[i].is_word_boundary;

      /* A word edge is a grapheme boundary too, as a span's edges are. */
      if (i == 0 || attrs[i].is_cursor_position)
        f |= PW_TEXT_GRAPHEME_START | ((i == 0 || edge) ? PW_TEXT_WORD_EDGE : 0);

      flags[i] = f;
      complex_before = complex;
    }
  return flags;
}

/* The flags of the piece that holds @offset, which is inside the text. */
static const guint8 *
piece_flags (PwTextOffsets *self,
             guint          offset,
             const Piece  **piece_out)
{
  guint low = 0, high = self->n_pieces - 1;
  Piece *piece;
  guint8 *flags;

  g_assert (offset < self->length);

  while (low < high)
    {
      guint mid = low + (high - low + 1) / 2;

      if (self->pieces[mid].start <= offset)
        low = mid;
      else
        high = mid - 1;
    }
  piece = &self->pieces[low];

  flags = g_atomic_pointer_get (&piece->flags);
  if (flags == NULL)
    {
      flags = analyse_piece (self, piece);
      if (!g_atomic_pointer_compare_and_exchange (&piece->flags, NULL, flags))
        {
          g_free (flags);
          flags = g_atomic_pointer_get (&piece->flags);
        }
    }
  *piece_out = piece;
  return flags;
}

/* The last boundary of a kind at or before @offset, and the first at or
 * after it. Both ends of the text and of each piece are boundaries of every
 * kind. */
guint
_pw_text_offsets_boundary_before (PwTextOffsets *self,
                                  guint          offset,
                                  guint8         kind)
{
  const Piece *piece;
  const guint8 *flags;

  if (offset >= self->length)
    return self->length;
  flags = piece_flags (self, offset, &piece);
  for (guint i = offset; i > piece->start; i--)
    if (flags[i - piece->start] & kind)
      return i;
  return piece->start;
}

guint
_pw_text_offsets_boundary_after (PwTextOffsets *self,
                                 guint          offset,
                                 guint8         kind)
{
  const Piece *piece;
  const guint8 *flags;

  if (offset >= self->length)
    return self->length;
  flags = piece_flags (self, offset, &piece);
  for (guint i = offset; i < piece[1].start; i++)
    if (flags[i - piece->start] & kind)
      return i;
  return piece[1].start;
}

/* Whether a code point from @start to @end is of one of @classes. */
gboolean
_pw_text_offsets_holds (PwTextOffsets *self,
                        guint          start,
                        guint          end,
                        guint8         classes)
{
  while (start < end)
    {
      const Piece *piece;
      const guint8 *flags = piece_flags (self, start, &piece);
      guint stop = MIN (end, piece[1].start);

      for (; start < stop; start++)
        if (flags[start - piece->start] & classes)
          return TRUE;
    }
  return FALSE;
}

/**
 * pw_text_offsets_is_grapheme_boundary:
 * @self: an index
 * @offset: code points from the start of the text
 *
 * Whether a span may start or end at @offset: the start and the end of the
 * text are boundaries, and so is every offset between two extended
 * grapheme clusters (UAX #29), where GtkTextView's cursor may stand. A
 * combining accent, an emoji with its skin tone or its zero-width joiners,
 * a flag's two regional indicators, a Hangul syllable of jamo and CR LF are
 * each one grapheme.
 *
 * Returns: %TRUE at a boundary, %FALSE inside a grapheme or past the end
 *   of the text
 */
gboolean
pw_text_offsets_is_grapheme_boundary (PwTextOffsets *self,
                                      guint          offset)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (offset > self->length)
    return FALSE;
  return _pw_text_offsets_boundary_before (self, offset, PW_TEXT_GRAPHEME_START) == offset;
}

/**
 * pw_text_offsets_is_word_edge:
 * @self: an index
 * @offset: code points from the start of the text
 *
 * Whether @offset is at the edge of a word, of a run of white space or of
 * a punctuation mark, as pw_text_offsets_snap() finds them by words: the
 * word boundaries of UAX #29 (Pango's), with Thai words from Pango's
 * dictionary. Every word edge is a grapheme boundary.
 *
 * Returns: %TRUE at an edge, %FALSE elsewhere or past the end of the text
 */
gboolean
pw_text_offsets_is_word_edge (PwTextOffsets *self,
                              guint          offset)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (offset > self->length)
    return FALSE;
  return _pw_text_offsets_boundary_before (self, offset, PW_TEXT_WORD_EDGE) == offset;
}

