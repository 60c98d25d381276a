/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "pw-demo-market-private.h"
#include "pw-error.h"

/* Speech for the audio tasks: a sentence read by espeak-ng where it is
 * installed. Without it, a voice-like signal stands in: a buzz with a
 * pitch that moves, one burst per word, so segments and the waveform still
 * have something to show. */

#define RATE 16000

static void
put_le (GByteArray *out,
        guint32     value,
        guint       size)
{
  guint8 b[4];

  for (guint i = 0; i < size; i++)
    b[i] = (value >> (8 * i)) & 0xFF;
  g_byte_array_append (out, b, size);
}

static GBytes *
synthetic_speech (const char *sentence)
{
  g_auto (GStrv) words = g_strsplit (sentence, " ", -1);
  guint n_words = g_strv_length (words);
  gsize word_samples = RATE * 3 / 10, gap_samples = RATE / 10;
  gsize n_samples = RATE / 4 + n_words * (word_samples + gap_samples) + RATE / 4;
  GByteArray *out = g_byte_array_sized_new (44 + n_samples * 2);
  double phase = 0;

  g_byte_array_append (out, (const guint8 *) "RIFF", 4);
  put_le (out, 36 + n_samples * 2, 4);
  g_byte_array_append (out, (const guint8 *) "WAVEfmt ", 8);
  put_le (out, 16, 4);
  put_le (out, 1, 2);                   /* PCM */
  put_le (out, 1, 2);                   /* mono */
  put_le (out, RATE, 4);
  put_le (out, RATE * 2, 4);
  put_le (out, 2, 2);
  put_le (out, 16, 2);
  g_byte_array_append (out, (const guint8 *) "data", 4);
  put_le (out, n_samples * 2, 4);

  for (gsize i = 0; i < n_samples; i++)
    {
      gsize in_speech = i - MIN (i, RATE / 4);
      guint word = in_speech / (word_samples + gap_samples);
      gsize at = in_speech % (word_samples + gap_samples);
      double value = 0;

      if (i >= RATE / 4 && word < n_words && at < word_samples)
        {
          double t = (double) at / word_samples;
          double envelope = sin (G_PI * t);
          double pitch = 110 + 30 * sin (2 * G_PI * (word * 0.37 + t * 0.5));

          phase += 2 * G_PI * pitch / RATE;
          /* Harmonics that fall off, as a voice's do. */
          for (int h = 1; h <= 6; h++)
            value += sin (phase * h) / h;
          value *= 0.25 * envelope;
        }
      put_le (out, (guint16) (gint16) (value * 32767 * 0.8), 2);
    }

  return g_byte_array_free_to_bytes (out);
}

static GBytes *
espeak_speech (const char    *sentence,
               GCancellable  *cancellable,
               GError       **error)
{
  g_autoptr (GSubprocess) process = NULL;
  g_autoptr (GError) local_error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  char *contents = NULL;
  gsize length = 0;

  dir = g_dir_make_tmp ("piecework-speech-XXXXXX", &local_error);
  if (dir == NULL)
    {
      g_set_error (error, PW_ERROR, PW_ERROR_IO, "Could not record speech: %s",
                   local_error->message);
      return NULL;
    }
  path = g_build_filename (dir, "speech.wav", NULL);
  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                              &local_error, "espeak-ng", "-v", "en-us", "-s", "150", "-w", path,
                              sentence, NULL);
  if (process == NULL || !g_subprocess_wait_check (process, cancellable, &local_error)
      || !g_file_get_contents (path, &contents, &length, &local_error))
    {
      g_unlink (path);
      g_rmdir (dir);
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, PW_ERROR, PW_ERROR_FAILED, "espeak-ng could not record speech: %s",
                     local_error->message);
      return NULL;
    }
  g_unlink (path);
  g_rmdir (dir);
  return g_bytes_new_take (contents, length);
}

/**
 * _pw_demo_market_make_speech:
 * @sentence: what is said
 * @use_espeak: whether to record it with espeak-ng, which must be installed
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Returns: (transfer full): a WAV file
 */
GBytes *
_pw_demo_market_make_speech (const char    *sentence,
                             gboolean       use_espeak,
                             GCancellable  *cancellable,
                             GError       **error)
{
  g_return_val_if_fail (sentence != NULL, NULL);

  if (use_espeak)
    return espeak_speech (sentence, cancellable, error);
  return synthetic_speech (sentence);
}
