/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/**
 * PW_AUDIO_LEVELS_SAMPLES_PER_PEAK:
 *
 * The samples each peak of the finest layer covers: 16 ms at 16 kHz.
 */
#define PW_AUDIO_LEVELS_SAMPLES_PER_PEAK 256

/**
 * PwAudioPeak:
 * @min: the lowest sample of its span, on the scale of 16-bit audio
 * @max: the highest
 *
 * The extent of a span of the recording's mono mix.
 */
typedef struct
{
  gint16 min;
  gint16 max;
} PwAudioPeak;

#define PW_TYPE_AUDIO_LEVELS (pw_audio_levels_get_type ())

G_DECLARE_FINAL_TYPE (PwAudioLevels, pw_audio_levels, PW, AUDIO_LEVELS, GObject)

PwAudioLevels     *pw_audio_levels_new            (GFile               *audio,
                                                   GFile               *cache_file);
PwAudioLevels     *pw_audio_levels_new_from_wav   (GBytes              *wav,
                                                   const char          *display_name,
                                                   GError             **error);
GFile             *pw_audio_levels_cache_file_for (GFile               *audio);

void               pw_audio_levels_load_async     (PwAudioLevels       *self,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
gboolean           pw_audio_levels_load_finish    (PwAudioLevels       *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);
gboolean           pw_audio_levels_load           (PwAudioLevels       *self,
                                                   GCancellable        *cancellable,
                                                   GError             **error);

GFile             *pw_audio_levels_get_file       (PwAudioLevels       *self);
gboolean           pw_audio_levels_is_complete    (PwAudioLevels       *self);
guint              pw_audio_levels_get_rate       (PwAudioLevels       *self);
guint64            pw_audio_levels_get_n_samples  (PwAudioLevels       *self);
double             pw_audio_levels_get_duration   (PwAudioLevels       *self);
guint              pw_audio_levels_get_n_layers   (PwAudioLevels       *self);
const PwAudioPeak *pw_audio_levels_get_layer      (PwAudioLevels       *self,
                                                   guint                layer,
                                                   gsize               *n_peaks);
gboolean           pw_audio_levels_get_peak       (PwAudioLevels       *self,
                                                   guint64              start,
                                                   guint64              end,
                                                   PwAudioPeak         *peak);
gsize              pw_audio_levels_get_size       (PwAudioLevels       *self);

G_END_DECLS
