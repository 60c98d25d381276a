/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <string.h>

#include "pw-audio-test.h"

/* Loading levels on the main context while the test watches what it is
 * told: progress in order, nothing after the answer. */

static void
on_progress (PwAudioLevels *levels,
             guint64        start,
             guint64        end,
             gpointer       user_data)
{
  PwTestLoad *load = user_data;

  g_assert_false (load->done);
  g_assert_cmpuint (start, ==, load->progressed);
  g_assert_cmpuint (end, >, start);
  g_assert_cmpuint (end, ==, pw_audio_levels_get_n_samples (levels));
  g_assert_cmpuint (pw_audio_levels_get_rate (levels), >, 0);
  load->progressed = end;
  load->n_progress++;
  if (load->cancel_at_progress != NULL)
    g_cancellable_cancel (load->cancel_at_progress);
}

static void
on_loaded (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  PwTestLoad *load = user_data;

  g_assert_false (load->done);
  load->ok = pw_audio_levels_load_finish (PW_AUDIO_LEVELS (source), result, &load->error);
  g_assert_true (load->ok == (load->error == NULL));
  load->done = TRUE;
}

void
pw_test_load_clear (PwTestLoad *load)
{
  if (load->levels != NULL)
    {
      gpointer weak = load->levels;

      g_signal_handlers_disconnect_by_data (load->levels, load);
      g_object_add_weak_pointer (G_OBJECT (load->levels), &weak);
      g_clear_object (&load->levels);
      g_assert_null (weak);
    }
  g_clear_error (&load->error);
  g_clear_object (&load->cancel_at_progress);
  memset (load, 0, sizeof *load);
}

/**
 * pw_test_load:
 * @load: zeroed, or with cancel_at_progress set
 * @audio_path: a recording
 * @cache_path: (nullable): where its levels are kept
 * @cancellable: (nullable): for the load
 *
 * Loads levels asynchronously and waits for the answer, then for anything
 * the main context still has queued, which must not be progress.
 */
void
pw_test_load (PwTestLoad   *load,
              const char   *audio_path,
              const char   *cache_path,
              GCancellable *cancellable)
{
  g_autoptr (GFile) audio = g_file_new_for_path (audio_path);
  g_autoptr (GFile) cache = cache_path != NULL ? g_file_new_for_path (cache_path) : NULL;

  load->levels = pw_audio_levels_new (audio, cache);
  g_signal_connect (load->levels, "progress", G_CALLBACK (on_progress), load);
  pw_audio_levels_load_async (load->levels, cancellable, on_loaded, load);
  pw_test_spin_until (&load->done);
  while (g_main_context_iteration (NULL, FALSE))
    ;

  g_assert_true (pw_audio_levels_is_complete (load->levels) == load->ok);
  if (load->ok)
    g_assert_cmpuint (load->progressed, ==, pw_audio_levels_get_n_samples (load->levels));
}

/**
 * pw_test_assert_levels:
 * @levels: complete levels
 * @expected: the finest peaks, worked out from the samples
 * @n_expected: how many
 * @tolerance: how far each may be off, 0 for exactly
 *
 * Checks the finest layer against @expected, and every coarser layer
 * against the halving of the one below.
 */
void
pw_test_assert_levels (PwAudioLevels     *levels,
                       const PwAudioPeak *expected,
                       gsize              n_expected,
                       int                tolerance)
{
  const PwAudioPeak *peaks;
  gsize n_peaks;
  guint n_layers = pw_audio_levels_get_n_layers (levels);

  if (n_expected == 0)
    {
      g_assert_cmpuint (n_layers, ==, 0);
      return;
    }
  g_assert_cmpuint (n_layers, >=, 1);
  peaks = pw_audio_levels_get_layer (levels, 0, &n_peaks);
  g_assert_cmpuint (n_peaks, ==, n_expected);
  for (gsize i = 0; i < n_peaks; i++)
    {
      if (ABS (peaks[i].min - expected[i].min) > tolerance
          || ABS (peaks[i].max - expected[i].max) > tolerance)
        g_error ("peak %" G_GSIZE_FORMAT ": [%d, %d], expected [%d, %d]", i,
                 peaks[i].min, peaks[i].max, expected[i].min, expected[i].max);
    }

  for (guint layer = 1; layer < n_layers; layer++)
    {
      const PwAudioPeak *below = pw_audio_levels_get_layer (levels, layer - 1, &n_expected);

      peaks = pw_audio_levels_get_layer (levels, layer, &n_peaks);
      g_assert_cmpuint (n_peaks, ==, (n_expected + 1) / 2);
      for (gsize i = 0; i < n_peaks; i++)
        {
          PwAudioPeak joined = below[2 * i];

          if (2 * i + 1 < n_expected)
            {
              joined.min = MIN (joined.min, below[2 * i + 1].min);
              joined.max = MAX (joined.max, below[2 * i + 1].max);
            }
          g_assert_cmpint (peaks[i].min, ==, joined.min);
          g_assert_cmpint (peaks[i].max, ==, joined.max);
        }
    }
  pw_audio_levels_get_layer (levels, n_layers - 1, &n_peaks);
  g_assert_cmpuint (n_peaks, ==, 1);
}
