/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <math.h>
#include <string.h>

#include "pw-spectrogram-private.h"

/* The analysis behind the spectrogram (pw-spectrogram.h), in the thread
 * that decodes: frames of the mono mix as the decoder hands it over, one
 * FFT each, folded into mel bands of one byte.
 *
 * Frame f is centred on the middle of the samples [f × hop, (f + 1) × hop),
 * so column f stands over the samples it is drawn over; the recording is
 * taken as silent before its first sample and after its last. */

#define FRAMES_A_SECOND 50
#define MIN_WINDOW      16
/* Below anything a 16-bit recording holds, so silence gives the floor
 * and log10 never sees 0. */
#define TINY_POWER      1e-30f

static double
mel_of (double hz)
{
  return 2595 * log10 (1 + hz / 700);
}

static double
hz_of (double mel)
{
  return 700 * (pow (10, mel / 2595) - 1);
}

guint
_pw_spectrogram_hop_for (guint rate)
{
  return MAX (rate / FRAMES_A_SECOND, 1);
}

/* The next power of two at least 1.6 frames long: 32 ms at 16 kHz, with
 * frames overlapping by a fifth on either side. */
guint
_pw_spectrogram_window_for (guint rate)
{
  guint hop = _pw_spectrogram_hop_for (rate);
  guint window = MIN_WINDOW;

  while (window * 5 < hop * 8)
    window *= 2;
  return window;
}

void
_pw_spectrogram_band_range (guint   rate,
                            guint   band,
                            double *low_hz,
                            double *high_hz)
{
  double top = mel_of (rate / 2.0);

  *low_hz = hz_of (top * band / PW_SPECTROGRAM_N_BANDS);
  *high_hz = hz_of (top * (band + 1) / PW_SPECTROGRAM_N_BANDS);
}

void
_pw_spectrum_analyzer_init (PwSpectrumAnalyzer *analyzer)
{
  memset (analyzer, 0, sizeof *analyzer);
  analyzer->frames_per_column = 1;
}

void
_pw_spectrum_analyzer_clear (PwSpectrumAnalyzer *analyzer)
{
  g_clear_pointer (&analyzer->fft, gst_fft_f32_free);
  g_clear_pointer (&analyzer->hann, g_free);
  g_clear_pointer (&analyzer->frame, g_free);
  g_clear_pointer (&analyzer->timedata, g_free);
  g_clear_pointer (&analyzer->freq, g_free);
  g_clear_pointer (&analyzer->power, g_free);
  g_clear_pointer (&analyzer->block, g_free);
  analyzer->n_columns = analyzer->allocated = 0;
}

/* Set up at the first samples, once the rate is known. */
static void
prepare (PwSpectrumAnalyzer *analyzer,
         guint               rate)
{
  guint window = _pw_spectrogram_window_for (rate);
  guint n_bins = window / 2 + 1;
  double bin_hz = (double) rate / window;
  double window_sum = 0;

  analyzer->rate = rate;
  analyzer->hop = _pw_spectrogram_hop_for (rate);
  analyzer->window = window;
  analyzer->fft = gst_fft_f32_new ((gint) window, FALSE);
  analyzer->hann = g_new (float, window);
  analyzer->frame = g_new0 (float, window);
  analyzer->timedata = g_new (float, window);
  analyzer->freq = g_new (GstFFTF32Complex, n_bins);
  analyzer->power = g_new (float, n_bins);

  /* GStreamer's own Hann window, taken once instead of every frame. */
  for (guint i = 0; i < window; i++)
    analyzer->hann[i] = 1;
  gst_fft_f32_window (analyzer->fft, analyzer->hann, GST_FFT_WINDOW_HANN);
  for (guint i = 0; i < window; i++)
    window_sum += analyzer->hann[i];
  /* A sine of amplitude A peaks at A × sum / 2 in its bin. */
  analyzer->power_scale = (float) (4 / (window_sum * window_sum));

  for (guint band = 0; band < PW_SPECTROGRAM_N_BANDS; band++)
    {
      PwSpectrumBand *b = &analyzer->bands[band];
      double low, high;

      _pw_spectrogram_band_range (rate, band, &low, &high);
      b->first = (guint) ceil (low / bin_hz);
      b->end = band + 1 == PW_SPECTROGRAM_N_BANDS ? n_bins : (guint) ceil (high / bin_hz);
      b->end = MIN (b->end, n_bins);
      if (b->first >= b->end)
        {
          double at = (low + high) / 2 / bin_hz;

          b->first = MIN ((guint) floor (at), n_bins - 2);
          b->end = b->first;
          b->fraction = (float) CLAMP (at - b->first, 0, 1);
        }
    }

  /* Frame 0 is centred on the middle of the first hop. */
  analyzer->fill = window / 2 - analyzer->hop / 2;
}

/* Keeps the column being filled, unless a merge leaves it room for more
 * frames and more are to come. */
static void
push_column (PwSpectrumAnalyzer *analyzer,
             gboolean            last)
{
  if (analyzer->n_columns == PW_SPECTROGRAM_MAX_COLUMNS)
    {
      guint8 *columns = analyzer->block + PW_SPECTROGRAM_FILE_HEADER;

      /* Too long for the memory allowed: each two columns become one. */
      for (gsize c = 0; c < analyzer->n_columns / 2; c++)
        {
          const guint8 *a = columns + 2 * c * PW_SPECTROGRAM_N_BANDS;
          const guint8 *b = a + PW_SPECTROGRAM_N_BANDS;
          guint8 *into = columns + c * PW_SPECTROGRAM_N_BANDS;

          for (guint band = 0; band < PW_SPECTROGRAM_N_BANDS; band++)
            into[band] = MAX (a[band], b[band]);
        }
      analyzer->n_columns /= 2;
      analyzer->frames_per_column *= 2;
      /* The column being filled covers twice the frames now too. */
      if (!last && analyzer->frame_in_column < analyzer->frames_per_column)
        return;
    }

  if (analyzer->n_columns == analyzer->allocated)
    {
      analyzer->allocated = MIN (MAX (analyzer->allocated * 2, 4096), PW_SPECTROGRAM_MAX_COLUMNS);
      analyzer->block = g_realloc (analyzer->block,
                                   PW_SPECTROGRAM_FILE_HEADER
                                   + analyzer->allocated * PW_SPECTROGRAM_N_BANDS);
    }
  memcpy (analyzer->block + PW_SPECTROGRAM_FILE_HEADER + analyzer->n_columns * PW_SPECTROGRAM_N_BANDS,
          analyzer->column, PW_SPECTROGRAM_N_BANDS);
  analyzer->n_columns++;
  analyzer->frame_in_column = 0;
}

static inline guint8
level_of (float power)
{
  float db = 10 * log10f (power + TINY_POWER);
  float level = (db - PW_SPECTROGRAM_FLOOR_DB) * (255.0f / -PW_SPECTROGRAM_FLOOR_DB);

  return (guint8) CLAMP (lrintf (level), 0, 255);
}

static void
analyse_frame (PwSpectrumAnalyzer *analyzer)
{
  guint window = analyzer->window;
  guint n_bins = window / 2 + 1;
  float *power = analyzer->power;

  for (guint i = 0; i < window; i++)
    analyzer->timedata[i] = analyzer->frame[i] * analyzer->hann[i];
  gst_fft_f32_fft (analyzer->fft, analyzer->timedata, analyzer->freq);
  for (guint k = 0; k < n_bins; k++)
    power[k] = (analyzer->freq[k].r * analyzer->freq[k].r + analyzer->freq[k].i * analyzer->freq[k].i)
               * analyzer->power_scale;

  if (analyzer->frame_in_column == 0)
    memset (analyzer->column, 0, sizeof analyzer->column);
  for (guint band = 0; band < PW_SPECTROGRAM_N_BANDS; band++)
    {
      const PwSpectrumBand *b = &analyzer->bands[band];
      float strongest;
      guint8 level;

      if (b->end > b->first)
        {
          strongest = power[b->first];
          for (guint k = b->first + 1; k < b->end; k++)
            strongest = MAX (strongest, power[k]);
        }
      else
        strongest = power[b->first] + (power[b->first + 1] - power[b->first]) * b->fraction;
      level = level_of (strongest);
      analyzer->column[band] = MAX (analyzer->column[band], level);
    }

  analyzer->n_frames++;
  if (++analyzer->frame_in_column == analyzer->frames_per_column)
    push_column (analyzer, FALSE);

  memmove (analyzer->frame, analyzer->frame + analyzer->hop, (window - analyzer->hop) * sizeof (float));
  analyzer->fill -= analyzer->hop;
}

/**
 * _pw_spectrum_analyzer_add:
 * @analyzer: a #PwSpectrumAnalyzer
 * @samples: the next samples of the mono mix
 * @n_samples: how many
 * @rate: the recording's rate, the same at every call
 *
 * Analyses every frame the samples complete.
 */
void
_pw_spectrum_analyzer_add (PwSpectrumAnalyzer *analyzer,
                           const gint16       *samples,
                           gsize               n_samples,
                           guint               rate)
{
  if (analyzer->rate == 0)
    prepare (analyzer, rate);
  g_assert (rate == analyzer->rate);

  analyzer->n_samples += n_samples;
  while (n_samples > 0)
    {
      gsize take = MIN (n_samples, analyzer->window - analyzer->fill);
      float *into = analyzer->frame + analyzer->fill;

      for (gsize i = 0; i < take; i++)
        into[i] = samples[i] * (1.0f / 32768);
      analyzer->fill += take;
      samples += take;
      n_samples -= take;
      if (analyzer->fill == analyzer->window)
        analyse_frame (analyzer);
    }
}

/* The recording is over: the frames that reach past its end, over
 * silence, and the last column however many frames it has. */
void
_pw_spectrum_analyzer_finish (PwSpectrumAnalyzer *analyzer)
{
  guint64 n_frames;

  if (analyzer->rate == 0)
    return;
  n_frames = (analyzer->n_samples + analyzer->hop - 1) / analyzer->hop;
  while (analyzer->n_frames < n_frames)
    {
      memset (analyzer->frame + analyzer->fill, 0, (analyzer->window - analyzer->fill) * sizeof (float));
      analyzer->fill = analyzer->window;
      analyse_frame (analyzer);
    }
  if (analyzer->frame_in_column > 0)
    push_column (analyzer, TRUE);
}
