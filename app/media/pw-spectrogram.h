/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The spectrogram of a whole recording, to draw at any zoom beside or
 * instead of its waveform.
 *
 * The recording is decoded once, in a thread, through the same path as
 * its levels (PCM WAV directly, the rest through GStreamer). Frames of
 * 20 ms of the mono mix, each under a Hann window of the next power of
 * two at least 1.6 frames long (512 samples, 32 ms, at 16 kHz), go
 * through GStreamer's FFT. Each frame becomes one column of
 * %PW_SPECTROGRAM_N_BANDS bands spaced evenly on the mel scale from 0 Hz
 * to half the sample rate: a band is the strongest FFT bin inside it, or,
 * where a band is narrower than a bin, the spectrum read between the two
 * bins around its centre. A band is one byte, its level in dB relative to
 * a full-scale sine: 0 is %PW_SPECTROGRAM_FLOOR_DB or less, 255 is 0 dB.
 *
 * Memory: the finest layer holds a column a frame, 128 bytes for 20 ms:
 * an hour is 180,000 columns, 23 MB. It never grows past
 * %PW_SPECTROGRAM_MAX_COLUMNS columns (25 MB): a longer recording merges
 * each two columns into one covering twice the frames, so any recording
 * stays within 32 MB. Above the finest layer, each layer holds the
 * strongest of each %PW_SPECTROGRAM_LAYER_FACTOR columns of the one below
 * (a sixteenth more memory in all), so a view reads at most sixteen
 * columns for each pixel it draws, at any zoom: an overview of a fixed
 * cost, and the finest columns where the view is zoomed in.
 *
 * The spectrogram is kept in the media cache beside the levels; a second
 * open reads it back in milliseconds. A cache file is used only when every
 * field and its checksum check out; otherwise the recording is analysed
 * again and the file replaced. */

#define PW_SPECTROGRAM_N_BANDS        128
#define PW_SPECTROGRAM_FLOOR_DB       (-100)
#define PW_SPECTROGRAM_MAX_COLUMNS    196608
#define PW_SPECTROGRAM_LAYER_FACTOR   16

#define PW_TYPE_SPECTROGRAM (pw_spectrogram_get_type ())

G_DECLARE_FINAL_TYPE (PwSpectrogram, pw_spectrogram, PW, SPECTROGRAM, GObject)

PwSpectrogram *pw_spectrogram_new                (GFile               *audio,
                                                  GFile               *cache_file);
GFile         *pw_spectrogram_cache_file_for     (GFile               *audio);

void           pw_spectrogram_load_async         (PwSpectrogram       *self,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
gboolean       pw_spectrogram_load_finish        (PwSpectrogram       *self,
                                                  GAsyncResult        *result,
                                                  GError             **error);
gboolean       pw_spectrogram_load               (PwSpectrogram       *self,
                                                  GCancellable        *cancellable,
                                                  GError             **error);

GFile         *pw_spectrogram_get_file           (PwSpectrogram       *self);
gboolean       pw_spectrogram_is_complete        (PwSpectrogram       *self);
guint          pw_spectrogram_get_rate           (PwSpectrogram       *self);
guint64        pw_spectrogram_get_n_samples      (PwSpectrogram       *self);
guint          pw_spectrogram_get_column_samples (PwSpectrogram       *self);
guint          pw_spectrogram_get_n_layers       (PwSpectrogram       *self);
const guint8  *pw_spectrogram_get_layer          (PwSpectrogram       *self,
                                                  guint                layer,
                                                  gsize               *n_columns);
void           pw_spectrogram_get_band_range     (PwSpectrogram       *self,
                                                  guint                band,
                                                  double              *low_hz,
                                                  double              *high_hz);
double         pw_spectrogram_level_to_db        (guint8               level);
gsize          pw_spectrogram_get_size           (PwSpectrogram       *self);

G_END_DECLS
