/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gst/fft/gstfftf32.h>

#include "pw-audio-levels-private.h"
#include "pw-spectrogram.h"

G_BEGIN_DECLS

/* The finest layer lives in a block with room for the cache file's header
 * in front of the columns, so the block is written to the cache as it is
 * and read back into one: an hour's columns are never copied. */
#define PW_SPECTROGRAM_FILE_HEADER 96

/* The strongest FFT bins [first, end) of a band, or, for a band with no
 * bin inside, the spectrum between bins first and first + 1 at @fraction. */
typedef struct
{
  guint first;
  guint end;
  float fraction;
} PwSpectrumBand;

/* The finest columns, made from the decoded mono mix as it comes, in the
 * thread that decodes (pw-spectrogram-compute.c). */
typedef struct
{
  guint             rate;
  guint             hop;            /* samples a frame */
  guint             window;         /* samples under the window */
  GstFFTF32        *fft;
  float            *hann;
  float            *frame;          /* the next frame's samples, window long */
  guint             fill;
  float            *timedata;
  GstFFTF32Complex *freq;
  float            *power;
  PwSpectrumBand    bands[PW_SPECTROGRAM_N_BANDS];
  float             power_scale;    /* to a full-scale sine's power of 1 */
  guint64           n_samples;
  guint64           n_frames;
  guint             frames_per_column;
  guint             frame_in_column;
  guint8            column[PW_SPECTROGRAM_N_BANDS];
  guint8           *block;          /* header room, then the columns */
  gsize             n_columns;
  gsize             allocated;      /* columns */
} PwSpectrumAnalyzer;

guint     _pw_spectrogram_hop_for        (guint               rate);
guint     _pw_spectrogram_window_for     (guint               rate);
void      _pw_spectrogram_band_range     (guint               rate,
                                          guint               band,
                                          double             *low_hz,
                                          double             *high_hz);

void      _pw_spectrum_analyzer_init     (PwSpectrumAnalyzer *analyzer);
void      _pw_spectrum_analyzer_clear    (PwSpectrumAnalyzer *analyzer);
void      _pw_spectrum_analyzer_add      (PwSpectrumAnalyzer *analyzer,
                                          const gint16       *samples,
                                          gsize               n_samples,
                                          guint               rate);
void      _pw_spectrum_analyzer_finish   (PwSpectrumAnalyzer *analyzer);

/* pw-spectrogram-file.c: @analyzer's block is read or written whole. */
gboolean  _pw_spectrogram_file_read      (GFile              *file,
                                          const PwAudioStamp *stamp,
                                          PwSpectrumAnalyzer *analyzer);
gboolean  _pw_spectrogram_file_write     (GFile              *file,
                                          const PwAudioStamp *stamp,
                                          PwSpectrumAnalyzer *analyzer,
                                          GError            **error);

/* pw-spectrogram.c: on the thread that owns the spectrogram. */
void      _pw_spectrogram_take           (PwSpectrogram      *self,
                                          PwSpectrumAnalyzer *analyzer);
void      _pw_spectrogram_progress       (PwSpectrogram      *self,
                                          guint64             n_samples);
gboolean  _pw_spectrogram_is_started     (PwSpectrogram      *self);
void      _pw_spectrogram_start          (PwSpectrogram      *self);
GFile    *_pw_spectrogram_get_cache_file (PwSpectrogram      *self);

G_END_DECLS
