/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include "piecework-engine.h"
#include "pw-fuzz.h"

/* A WAV recording, from a marketplace or a worker's folder, read for its
 * waveform levels. Whatever the header claims, the levels must hold only
 * the whole frames the bytes do, and their layers must agree. */

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr (GBytes) bytes = g_bytes_new_static (data, size);
  g_autoptr (GError) error = NULL;
  g_autoptr (PwAudioLevels) levels = NULL;
  guint64 n_samples;
  guint n_layers;

  levels = pw_audio_levels_new_from_wav (bytes, "fuzz.wav", &error);
  if (levels == NULL)
    {
      g_assert_nonnull (error);
      g_assert_true (error->domain == PW_ERROR);
      return 0;
    }
  g_assert_no_error (error);
  g_assert_true (pw_audio_levels_is_complete (levels));
  g_assert_cmpuint (pw_audio_levels_get_rate (levels), >, 0);

  /* Every sample takes at least a byte of the input. */
  n_samples = pw_audio_levels_get_n_samples (levels);
  g_assert_cmpuint (n_samples, <=, size);

  n_layers = pw_audio_levels_get_n_layers (levels);
  g_assert_true ((n_samples == 0) == (n_layers == 0));
  for (guint layer = 0; layer < n_layers; layer++)
    {
      gsize n_peaks;
      const PwAudioPeak *peaks = pw_audio_levels_get_layer (levels, layer, &n_peaks);

      g_assert_cmpuint (n_peaks, >, 0);
      for (gsize i = 0; i < n_peaks; i++)
        g_assert_cmpint (peaks[i].min, <=, peaks[i].max);
    }
  if (n_samples > 0)
    {
      PwAudioPeak peak;

      g_assert_true (pw_audio_levels_get_peak (levels, 0, n_samples, &peak));
    }

  return 0;
}
