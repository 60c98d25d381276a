/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <pango/pango.h>
#include <string.h>

#include "pw-error.h"
#include "pw-mixed-text.h"
#include "pw-text-offsets.h"

/* Tests of text offsets: code points and bytes, grapheme and word edges,
 * snapping a selection, word movement. */

#define FAMILY "\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x91\xa7" /* 👩‍👩‍👧 */
#define THUMB_TONE "\xf0\x9f\x91\x8d\xf0\x9f\x8f\xbd"                                 /* 👍🏽 */
#define FLAG_DE "\xf0\x9f\x87\xa9\xf0\x9f\x87\xaa"
#define FLAG_FR "\xf0\x9f\x87\xab\xf0\x9f\x87\xb7"
#define ACUTE "\xcc\x81" /* U+0301 COMBINING ACUTE ACCENT */
#define ZWJ "\xe2\x80\x8d"

static PwTextOffsets *
index_text (const char *text)
{
  g_autoptr (GError) error = NULL;
  PwTextOffsets *offsets = pw_text_offsets_new (text, -1, &error);

  g_assert_no_error (error);
  g_assert_nonnull (offsets);
  return offsets;
}

/* Every offset to its byte and back, as GLib counts; every byte inside a
 * character and everything past the end refused. */
static void
assert_round_trips (const char *text)
{
  g_autoptr (PwTextOffsets) offsets = index_text (text);
  guint length = g_utf8_strlen (text, -1);
  gsize n_bytes = strlen (text);
  const char *p = text;
  gsize byte;
  guint offset;

  g_assert_cmpuint (pw_text_offsets_get_length (offsets), ==, length);
  g_assert_cmpstr (pw_text_offsets_get_text (offsets), ==, text);
  for (guint i = 0; i <= length; i++, p = g_utf8_next_char (p))
    {
      g_assert_true (pw_text_offsets_offset_to_byte (offsets, i, &byte));
      g_assert_cmpuint (byte, ==, p - text);
      g_assert_true (pw_text_offsets_byte_to_offset (offsets, byte, &offset));
      g_assert_cmpuint (offset, ==, i);
      if (i == length)
        break;
      for (const char *inside = p + 1; inside < g_utf8_next_char (p); inside++)
        g_assert_false (pw_text_offsets_byte_to_offset (offsets, inside - text, &offset));
    }
  g_assert_false (pw_text_offsets_offset_to_byte (offsets, length + 1, &byte));
  g_assert_false (pw_text_offsets_offset_to_byte (offsets, G_MAXUINT, &byte));
  g_assert_false (pw_text_offsets_byte_to_offset (offsets, n_bytes + 1, &offset));
  g_assert_false (pw_text_offsets_byte_to_offset (offsets, G_MAXSIZE, &offset));
}

static void
test_round_trips (void)
{
  const char *const texts[] = {
    "",
    "Hello, world!",
    "Cafe" ACUTE " cre\xcc\x80me",
    "我爱北京天安门。東京タワー",
    "שָׁלוֹם עולם",
    "مرحبا بالعالم!",
    FAMILY " " THUMB_TONE " " FLAG_DE FLAG_FR,
    "a" FAMILY "b Cafe" ACUTE " 我 שָׁלוֹם مرحبا " FLAG_DE "\r\n" THUMB_TONE,
  };
  g_autofree char *mixed = pw_test_mixed_text (5000);

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    assert_round_trips (texts[i]);
  assert_round_trips (mixed);
}

/* @boundaries: the grapheme boundaries of @text, ending with G_MAXUINT. */
static void
assert_graphemes (const char  *text,
                  const guint *boundaries)
{
  g_autoptr (PwTextOffsets) offsets = index_text (text);
  guint length = pw_text_offsets_get_length (offsets);
  guint next = 0;

  for (guint i = 0; i <= length; i++)
    {
      gboolean expected = boundaries[next] == i;

      if (pw_text_offsets_is_grapheme_boundary (offsets, i) != expected)
        g_error ("%s: offset %u %s a grapheme boundary", text, i, expected ? "is" : "is not");
      if (expected)
        next++;
    }
  g_assert_cmpuint (boundaries[next], ==, G_MAXUINT);
  g_assert_false (pw_text_offsets_is_grapheme_boundary (offsets, length + 1));
}

static void
test_graphemes (void)
{
#define CHECK(text, ...) assert_graphemes (text, (const guint[]) { __VA_ARGS__, G_MAXUINT })
  CHECK ("a" FAMILY "b", 0, 1, 6, 7);
  CHECK ("a" THUMB_TONE "b", 0, 1, 3, 4);
  CHECK ("\xf0\x9f\x91\xa9\xf0\x9f\x8f\xbd" ZWJ "\xf0\x9f\x92\xbb" "x", 0, 4, 5); /* 👩🏽‍💻 */
  CHECK (FLAG_DE FLAG_FR "\xf0\x9f\x87\xba", 0, 2, 4, 5);       /* a lone indicator after two flags */
  CHECK ("x" FLAG_DE FLAG_FR " y", 0, 1, 3, 5, 6, 7);
  CHECK ("\xf0\x9f\x8f\xb4\xf3\xa0\x81\xa7\xf3\xa0\x81\xa2\xf3\xa0\x81\xa5\xf3\xa0\x81\xae"
         "\xf3\xa0\x81\xa7\xf3\xa0\x81\xbf" "x", 0, 7, 8); /* England: a tag sequence */
  CHECK ("\xf0\x9f\x8f\xb3\xef\xb8\x8f" ZWJ "\xf0\x9f\x8c\x88" "x", 0, 4, 5); /* 🏳️‍🌈 */
  CHECK ("1\xef\xb8\x8f\xe2\x83\xa3" "x", 0, 3, 4);                          /* keycap 1️⃣ */
  CHECK ("a" ZWJ "\xf0\x9f\x91\xa9", 0, 2, 3); /* a joiner after a letter joins no emoji */
  CHECK ("\xf0\x9f\x91\xa9" ZWJ ZWJ "\xf0\x9f\x91\xa9", 0, 3, 4);
  CHECK ("cafe" ACUTE " x", 0, 1, 2, 3, 5, 6, 7);
  CHECK ("\xe1\x84\x80\xe1\x85\xa1\xe1\x86\xa8" "x", 0, 3, 4); /* Hangul jamo L V T */
  CHECK ("\xea\xb0\x80\xe1\x86\xa8" "x", 0, 2, 3);              /* syllable LV then T */
  CHECK ("a\r\nb", 0, 1, 3, 4);
  CHECK ("\r\r\n", 0, 1, 3);
  CHECK ("שָׁלוֹם", 0, 3, 4, 6, 7);
  CHECK ("\xd8\x80\xd9\xa1", 0, 2); /* a prepended Arabic number sign */
  CHECK ("\xe0\xa4\x95\xe0\xa4\xbe", 0, 2); /* a Devanagari vowel sign */
  CHECK ("我爱北京", 0, 1, 2, 3, 4);
  CHECK ("", 0);
#undef CHECK
}

/* The pieces the index analyses one at a time find what Pango finds in the
 * whole text at once. */
static void
test_pieces_agree_with_whole_text (void)
{
  g_autofree char *text = pw_test_mixed_text (60000);
  g_autoptr (PwTextOffsets) offsets = index_text (text);
  guint length = pw_text_offsets_get_length (offsets);
  g_autofree PangoLogAttr *attrs = g_new (PangoLogAttr, length + 1);
  guint n_graphemes = 0, n_edges = 0;

  pango_get_log_attrs (text, strlen (text), -1, NULL, attrs, length + 1);
  for (guint i = 0; i <= length; i++)
    {
      gboolean grapheme = attrs[i].is_cursor_position;
      gboolean edge = grapheme && attrs[i].is_word_boundary;

      if (pw_text_offsets_is_grapheme_boundary (offsets, i) != grapheme)
        g_error ("offset %u: %s a grapheme boundary in the whole text", i, grapheme ? "is" : "is not");
      if (pw_text_offsets_is_word_edge (offsets, i) != edge)
        g_error ("offset %u: %s a word edge in the whole text", i, edge ? "is" : "is not");
      n_graphemes += grapheme;
      n_edges += edge;
    }
  g_assert_cmpuint (n_graphemes, <, length);
  g_assert_cmpuint (n_edges, <, n_graphemes);
}

/* Thai words come from a dictionary, applied to each run of Thai: the
 * pieces still find the words the whole text has. */
static void
test_thai_pieces_agree_with_whole_text (void)
{
  g_autoptr (GString) text = g_string_new (NULL);
  g_autoptr (PwTextOffsets) offsets = NULL;
  g_autofree PangoLogAttr *attrs = NULL;
  const char *p;
  guint length;
  gboolean complex_before = FALSE;

  while (g_utf8_strlen (text->str, -1) < 9000)
    g_string_append (text, "ภาษาไทยง่ายนิดเดียว ผมชอบกินข้าวผัดมาก\n"
                           "Thai สวัสดีครับ ok ขอบคุณมากครับ " FAMILY " done. ");
  offsets = index_text (text->str);
  length = pw_text_offsets_get_length (offsets);
  attrs = g_new (PangoLogAttr, length + 1);
  pango_get_log_attrs (text->str, text->len, -1, NULL, attrs, length + 1);

  p = text->str;
  for (guint i = 0; i <= length; i++, p = g_utf8_next_char (p))
    {
      gboolean complex = i < length && g_unichar_break_type (g_utf8_get_char (p)) ==
                                         G_UNICODE_BREAK_COMPLEX_CONTEXT;
      gboolean word = complex && complex_before ? attrs[i].is_word_start || attrs[i].is_word_end
                                                : attrs[i].is_word_boundary;
      gboolean edge = attrs[i].is_cursor_position && word;

      g_assert_true (pw_text_offsets_is_grapheme_boundary (offsets, i) == attrs[i].is_cursor_position);
      if (pw_text_offsets_is_word_edge (offsets, i) != edge)
        g_error ("offset %u: %s a word edge in the whole text", i, edge ? "is" : "is not");
      complex_before = complex;
    }
}

/* Selects the first @selected in @text and snaps it; @expected is the
 * span's text, or NULL when nothing is left to label. */
static void
assert_snap (const char     *text,
             const char     *selected,
             PwTextSnapMode  mode,
             const char     *expected)
{
  g_autoptr (PwTextOffsets) offsets = index_text (text);
  const char *found = strstr (text, selected);
  guint start, end, s = G_MAXUINT, e = G_MAXUINT;
  PwTextSnap result;

  g_assert_nonnull (found);
  start = g_utf8_pointer_to_offset (text, found);
  end = start + g_utf8_strlen (selected, -1);
  result = pw_text_offsets_snap (offsets, start, end, mode, &s, &e);

  if (expected == NULL)
    {
      if (result != PW_TEXT_SNAP_EMPTY)
        g_error ("“%s” in “%s”: expected nothing, got %u–%u", selected, text, s, e);
      g_assert_cmpuint (s, ==, e);
      g_assert_cmpuint (s, <=, start);
      g_assert_true (pw_text_offsets_is_grapheme_boundary (offsets, s));
    }
  else
    {
      g_autofree char *span = NULL;

      g_assert_cmpint (result, ==, PW_TEXT_SNAP_SPAN);
      g_assert_cmpuint (s, <, e);
      g_assert_true (pw_text_offsets_is_grapheme_boundary (offsets, s));
      g_assert_true (pw_text_offsets_is_grapheme_boundary (offsets, e));
      span = g_utf8_substring (text, s, e);
      if (g_strcmp0 (span, expected) != 0 || s >= end || e <= start)
        g_error ("“%s” in “%s”: expected “%s”, got “%s” at %u–%u", selected, text, expected, span,
                 s, e);
    }
}

static void
test_snap_words (void)
{
  const char *text = "Hello, world! It's 3.14 don't.";
  const PwTextSnapMode w = PW_TEXT_SNAP_WORDS;

  assert_snap (text, "ell", w, "Hello");
  assert_snap (text, "Hello", w, "Hello");
  assert_snap (text, ", wor", w, "world");
  assert_snap (text, " world! ", w, "world");
  assert_snap (text, "t's", w, "It's");
  assert_snap (text, "3.", w, "3.14");
  assert_snap (text, "lo, wo", w, "Hello, world");
  assert_snap (text, "don't.", w, "don't");
  assert_snap (text, text, w, "Hello, world! It's 3.14 don't");
  assert_snap (text, ", ", w, NULL);
  assert_snap (text, "! ", w, NULL);
  assert_snap ("Wow!!! ... ok", "!!! ...", w, NULL);
  assert_snap ("a  \t  b", "  \t  ", w, NULL);
  assert_snap ("say \u201chello\u201d now", "\u201chello\u201d", w, "hello");
  assert_snap ("(\"quoted\")", "(\"quo", w, "quoted");

  /* Combining marks stay with their letter. */
  assert_snap ("Cafe" ACUTE " au lait", "e", w, "Cafe" ACUTE);
  assert_snap ("Cafe" ACUTE " au lait", ACUTE, w, "Cafe" ACUTE);
  assert_snap ("Cafe" ACUTE "! ok", "e" ACUTE "!", w, "Cafe" ACUTE);

  /* Emoji are words of their own, never cut. */
  assert_snap ("I love " FAMILY " today", ZWJ "\xf0\x9f\x91\xa9", w, FAMILY);
  assert_snap ("I love " FAMILY " today", "e " FAMILY, w, "love " FAMILY);
  assert_snap ("ok " THUMB_TONE "!", "\xf0\x9f\x8f\xbd", w, THUMB_TONE);
  assert_snap ("go " FLAG_DE FLAG_FR " now", "\xf0\x9f\x87\xaa\xf0\x9f\x87\xab", w,
               FLAG_DE FLAG_FR);

  /* Chinese has no spaces: each ideograph is a word. Katakana join. */
  assert_snap ("我爱北京天安门。", "北", w, "北");
  assert_snap ("我爱北京天安门。", "爱北", w, "爱北");
  assert_snap ("我爱北京天安门。", "门。", w, "门");
  assert_snap ("東京タワーに行きました", "ワ", w, "タワー");

  /* Right to left: offsets in logical order, the same rules. */
  assert_snap ("שָׁלוֹם עולם", "\xd6\xb8", w, "שָׁלוֹם"); /* a point of the first letter */
  assert_snap ("שָׁלוֹם עולם", "ול", w, "עולם");
  assert_snap ("مرحبا بالعالم!", "الع", w, "بالعالم");
  assert_snap ("مرحبا بالعالم!", "م!", w, "بالعالم");

  /* Thai words come from Pango's dictionary. */
  assert_snap ("สวัสดีครับ", "วั", w, "สวัสดี");
  assert_snap ("สวัสดีครับ", "รั", w, "ครับ");
}

static void
test_snap_characters (void)
{
  const PwTextSnapMode c = PW_TEXT_SNAP_CHARACTERS;

  assert_snap ("Hello, world!", "ell", c, "ell");
  assert_snap ("Acme Inc. sold", "Inc.", c, "Inc.");
  assert_snap ("Acme Inc. sold", " Inc. ", c, "Inc.");
  assert_snap ("Wow!!! ok", "!!!", c, "!!!");
  assert_snap ("a  \t  b", "  \t  ", c, NULL);
  assert_snap ("a\r\nb", "\n", c, NULL);
  assert_snap ("Cafe" ACUTE " au", "e", c, "e" ACUTE);
  assert_snap ("Cafe" ACUTE " au", ACUTE, c, "e" ACUTE);
  assert_snap ("I love " FAMILY " today", ZWJ, c, FAMILY);
  assert_snap ("ok " THUMB_TONE "!", "\xf0\x9f\x8f\xbd", c, THUMB_TONE);
  assert_snap (FLAG_DE FLAG_FR, "\xf0\x9f\x87\xaa\xf0\x9f\x87\xab", c, FLAG_DE FLAG_FR);
  assert_snap ("שָׁלוֹם", "\xd6\xb8", c, "שָׁ");
  assert_snap ("\xe1\x84\x80\xe1\x85\xa1\xe1\x86\xa8 x", "\xe1\x85\xa1", c,
               "\xe1\x84\x80\xe1\x85\xa1\xe1\x86\xa8");
}

static void
test_snap_edges (void)
{
  g_autoptr (PwTextOffsets) offsets = index_text ("ab " FAMILY " cd");
  g_autoptr (PwTextOffsets) empty = index_text ("");
  guint s, e;

  /* No selection: nothing to label, at the grapheme the caret is in. */
  g_assert_cmpint (pw_text_offsets_snap (offsets, 1, 1, PW_TEXT_SNAP_WORDS, &s, &e), ==,
                   PW_TEXT_SNAP_EMPTY);
  g_assert_cmpuint (s, ==, 1);
  g_assert_cmpuint (e, ==, 1);
  g_assert_cmpint (pw_text_offsets_snap (offsets, 5, 5, PW_TEXT_SNAP_CHARACTERS, &s, &e), ==,
                   PW_TEXT_SNAP_EMPTY);
  g_assert_cmpuint (s, ==, 3);
  g_assert_cmpuint (e, ==, 3);

  /* The whole text, to its very end. */
  g_assert_cmpint (pw_text_offsets_snap (offsets, 9, 11, PW_TEXT_SNAP_WORDS, &s, &e), ==,
                   PW_TEXT_SNAP_SPAN);
  g_assert_cmpuint (s, ==, 9);
  g_assert_cmpuint (e, ==, 11);

  /* Selections that are no selection of this text. */
  s = e = 7;
  g_assert_cmpint (pw_text_offsets_snap (offsets, 2, 1, PW_TEXT_SNAP_WORDS, &s, &e), ==,
                   PW_TEXT_SNAP_INVALID);
  g_assert_cmpuint (s, ==, 0);
  g_assert_cmpuint (e, ==, 0);
  g_assert_cmpint (pw_text_offsets_snap (offsets, 0, 12, PW_TEXT_SNAP_WORDS, &s, &e), ==,
                   PW_TEXT_SNAP_INVALID);
  g_assert_cmpint (pw_text_offsets_snap (offsets, 12, 12, PW_TEXT_SNAP_CHARACTERS, &s, &e), ==,
                   PW_TEXT_SNAP_INVALID);
  g_assert_cmpint (pw_text_offsets_snap (offsets, G_MAXUINT, G_MAXUINT, PW_TEXT_SNAP_WORDS, &s, &e),
                   ==, PW_TEXT_SNAP_INVALID);
  g_assert_cmpint (pw_text_offsets_snap (empty, 0, 0, PW_TEXT_SNAP_WORDS, &s, &e), ==,
                   PW_TEXT_SNAP_EMPTY);
  g_assert_cmpint (pw_text_offsets_snap (empty, 0, 1, PW_TEXT_SNAP_WORDS, &s, &e), ==,
                   PW_TEXT_SNAP_INVALID);
  g_assert_true (pw_text_offsets_is_word_edge (empty, 0));
  g_assert_false (pw_text_offsets_is_word_edge (empty, 1));
}

static void
test_word_movement (void)
{
  g_autoptr (PwTextOffsets) offsets = index_text ("Hello, world! It's 3.14 don't.");
  g_autoptr (PwTextOffsets) chinese = index_text ("我爱北京。");
  g_autoptr (PwTextOffsets) blank = index_text (" ,. ");
  guint length = pw_text_offsets_get_length (offsets);

  /* Ctrl+End then Shift+Ctrl+Left: the last word, without its full stop. */
  g_assert_cmpuint (pw_text_offsets_backward_word_start (offsets, length), ==, 24);
  g_assert_cmpuint (pw_text_offsets_backward_word_start (offsets, 24), ==, 19);
  g_assert_cmpuint (pw_text_offsets_backward_word_start (offsets, 16), ==, 14);
  g_assert_cmpuint (pw_text_offsets_backward_word_start (offsets, 7), ==, 0);
  g_assert_cmpuint (pw_text_offsets_backward_word_start (offsets, 0), ==, 0);

  g_assert_cmpuint (pw_text_offsets_forward_word_end (offsets, 0), ==, 5);
  g_assert_cmpuint (pw_text_offsets_forward_word_end (offsets, 2), ==, 5);
  g_assert_cmpuint (pw_text_offsets_forward_word_end (offsets, 5), ==, 12);
  g_assert_cmpuint (pw_text_offsets_forward_word_end (offsets, 12), ==, 18);
  g_assert_cmpuint (pw_text_offsets_forward_word_end (offsets, 18), ==, 23);
  g_assert_cmpuint (pw_text_offsets_forward_word_end (offsets, 29), ==, length);
  g_assert_cmpuint (pw_text_offsets_forward_word_end (offsets, length + 5), ==, length);
  g_assert_cmpuint (pw_text_offsets_backward_word_start (offsets, length + 5), ==, 24);

  /* One ideograph at a time, where GtkTextView takes the whole line. */
  g_assert_cmpuint (pw_text_offsets_forward_word_end (chinese, 0), ==, 1);
  g_assert_cmpuint (pw_text_offsets_forward_word_end (chinese, 3), ==, 4);
  g_assert_cmpuint (pw_text_offsets_backward_word_start (chinese, 5), ==, 3);

  g_assert_cmpuint (pw_text_offsets_forward_word_end (blank, 0), ==, 4);
  g_assert_cmpuint (pw_text_offsets_backward_word_start (blank, 4), ==, 0);
}

typedef struct
{
  PwTextOffsets *offsets;
  guint *ends;
} Walk;

static gpointer
walk_words (gpointer data)
{
  Walk *walk = data;
  guint length = pw_text_offsets_get_length (walk->offsets);

  /* From the end, so that threads meet in pieces analysed by others. */
  for (guint i = length + 1; i-- > 0;)
    walk->ends[i] = pw_text_offsets_forward_word_end (walk->offsets, i);
  return NULL;
}

/* Threads that share an index, each asking about paragraphs no one asked
 * about yet, find what one thread finds alone. */
static void
test_shared_between_threads (void)
{
  g_autofree char *text = pw_test_mixed_text (20000);
  g_autoptr (PwTextOffsets) alone = index_text (text);
  g_autoptr (PwTextOffsets) shared = index_text (text);
  guint length = pw_text_offsets_get_length (alone);
  g_autofree guint *expected = g_new (guint, length + 1);
  Walk walks[4];
  GThread *threads[G_N_ELEMENTS (walks)];

  walk_words (&(Walk) { alone, expected });
  for (guint t = 0; t < G_N_ELEMENTS (walks); t++)
    {
      walks[t] = (Walk) { shared, g_new (guint, length + 1) };
      threads[t] = g_thread_new ("words", walk_words, &walks[t]);
    }
  for (guint t = 0; t < G_N_ELEMENTS (walks); t++)
    {
      g_thread_join (threads[t]);
      g_assert_cmpmem (walks[t].ends, (length + 1) * sizeof (guint), expected,
                       (length + 1) * sizeof (guint));
      g_free (walks[t].ends);
    }
}

static void
assert_refused (const char *text,
                gssize      length,
                const char *where)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PwTextOffsets) offsets = pw_text_offsets_new (text, length, &error);

  g_assert_null (offsets);
  g_assert_error (error, PW_ERROR, PW_ERROR_INVALID_DATA);
  if (strstr (error->message, where) == NULL)
    g_error ("“%s” does not name %s", error->message, where);
}

static void
test_refused (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PwTextOffsets) part = NULL;
  PwTextOffsets *offsets;

  assert_refused ("abc\xff", -1, "byte 3");
  assert_refused ("\xc0\xaf", -1, "byte 0");                /* overlong '/' */
  assert_refused ("ok \xe2\x82", -1, "byte 3");             /* cut short */
  assert_refused ("a\xed\xa0\x80" "b", -1, "byte 1");       /* a surrogate */
  assert_refused ("a\xf4\x90\x80\x80", -1, "byte 1");       /* past U+10FFFF */
  assert_refused ("ab\0cd", 5, "byte 2");                   /* a NUL inside */
  assert_refused ("Cafe" ACUTE "\x80", -1, "byte 6");

  /* Refused from its length alone, before a byte is read. */
  offsets = pw_text_offsets_new ("abc", (gssize) G_MAXINT + 1, &error);
  g_assert_null (offsets);
  g_assert_error (error, PW_ERROR, PW_ERROR_TOO_LARGE);
  g_clear_error (&error);

  part = pw_text_offsets_new ("abc\xff", 3, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pw_text_offsets_get_text (part), ==, "abc");
  g_assert_cmpuint (pw_text_offsets_get_length (part), ==, 3);
}

static void
test_ref (void)
{
  PwTextOffsets *offsets = index_text ("a");
  g_auto (GValue) value = G_VALUE_INIT;

  g_value_init (&value, PW_TYPE_TEXT_OFFSETS);
  g_value_set_boxed (&value, offsets);
  g_assert_true (g_value_get_boxed (&value) == offsets);
  pw_text_offsets_unref (pw_text_offsets_ref (offsets));
  pw_text_offsets_unref (offsets);
  g_assert_cmpuint (pw_text_offsets_get_length (g_value_get_boxed (&value)), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/text-offsets/round-trips", test_round_trips);
  g_test_add_func ("/text-offsets/graphemes", test_graphemes);
  g_test_add_func ("/text-offsets/pieces-agree-with-whole-text", test_pieces_agree_with_whole_text);
  g_test_add_func ("/text-offsets/thai-pieces-agree-with-whole-text",
                   test_thai_pieces_agree_with_whole_text);
  g_test_add_func ("/text-offsets/snap-words", test_snap_words);
  g_test_add_func ("/text-offsets/snap-characters", test_snap_characters);
  g_test_add_func ("/text-offsets/snap-edges", test_snap_edges);
  g_test_add_func ("/text-offsets/word-movement", test_word_movement);
  g_test_add_func ("/text-offsets/shared-between-threads", test_shared_between_threads);
  g_test_add_func ("/text-offsets/refused", test_refused);
  g_test_add_func ("/text-offsets/ref", test_ref);

  return g_test_run ();
}
