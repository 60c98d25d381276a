/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include "pw-mixed-text.h"

/* A text of reviews as marketplaces send them: English with punctuation,
 * accents both precomposed and combining, Chinese and Japanese, Hebrew with
 * points and Arabic, emoji with skin tones and joiners, flags, Hangul jamo,
 * CR LF, and a Chinese paragraph longer than a piece with no space or line
 * feed in it. No Thai, whose words come from a dictionary Pango applies
 * only to a whole run. */
static const char *const phrases[] = {
  "The quick brown fox, said Anna, didn't jump. ",
  "Café au lait at 3.14 $ per cup! ",
  "Cafe\xcc\x81 cre\xcc\x80me bru\xcc\x82le\xcc\x81" "e. ",
  "我爱北京天安门。",
  "東京タワーに行きました。",
  "שָׁלוֹם עולם! ",
  "مرحبا بالعالم؟ ",
  "👩‍👩‍👧 family ",
  "👍🏽👍🏿 thanks ",
  "🇩🇪🇫🇷🇯🇵 flags ",
  "\xe1\x84\x80\xe1\x85\xa1\xe1\x86\xa8 jamo ",
  "(\"quoted\") — dash… ",
  "windows line\r\n",
  "❤️‍🔥 hot 🏳️‍🌈 ",
  "e-mail: anna@example.org, ok? ",
};

char *
pw_test_mixed_text (guint n_code_points)
{
  g_autoptr (GString) text = g_string_new (NULL);
  guint length = 0;

  for (guint i = 0; length < n_code_points; i++)
    {
      const char *phrase = phrases[i % G_N_ELEMENTS (phrases)];

      if (i == 60)
        for (guint j = 0; j < 400; j++)
          {
            g_string_append (text, "我爱北京天安门。");
            length += 8;
          }
      g_string_append (text, phrase);
      length += g_utf8_strlen (phrase, -1);
      if (i % 37 == 36)
        {
          g_string_append_c (text, '\n');
          length++;
        }
    }
  g_string_truncate (text, g_utf8_offset_to_pointer (text->str, n_code_points) - text->str);
  return g_string_free (g_steal_pointer (&text), FALSE);
}
