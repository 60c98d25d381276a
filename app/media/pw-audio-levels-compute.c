/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "pw-audio-levels-private.h"
#include "pw-error.h"

/* The finest peaks, made in the thread that decodes from the mono mix of
 * 16-bit samples. Whoever waits for them hears of new ones every 4,096
 * peaks (65 s at 16 kHz) or every 50 ms, whichever comes first: often
 * enough for the waveform to grow smoothly, seldom enough to cost
 * nothing. */

#define SAMPLES_PER_PEAK  PW_AUDIO_LEVELS_SAMPLES_PER_PEAK
#define REPORT_PEAKS      4096
#define REPORT_INTERVAL   (50 * G_TIME_SPAN_MILLISECOND)
/* Floats become 16-bit samples this many at a time, on the stack. */
#define FLOAT_CHUNK       4096

void
_pw_levels_builder_init (PwLevelsBuilder   *builder,
                         const char        *display_name,
                         PwLevelsReadyFunc  ready,
                         gpointer           ready_data)
{
  memset (builder, 0, sizeof *builder);
  builder->display_name = display_name;
  builder->ready = ready;
  builder->ready_data = ready_data;
  builder->reported_at = g_get_monotonic_time ();
}

void
_pw_levels_builder_clear (PwLevelsBuilder *builder)
{
  g_clear_pointer (&builder->peaks, g_free);
  builder->n_peaks = 0;
  builder->allocated = 0;
}

/**
 * _pw_audio_sample_from_float:
 * @value: a sample where 1.0 is full scale
 *
 * GStreamer's scale: a 16-bit sample s is the float s / 32768, so 16-bit
 * sound decoded to floats comes back exactly.
 *
 * Returns: @value on the scale of 16-bit audio, rounded to the nearest and
 *   clipped; 0 for NaN
 */
gint16
_pw_audio_sample_from_float (double value)
{
  if (isnan (value))
    return 0;
  value = CLAMP (value, -1.0, 1.0);
  return (gint16) MIN (lrint (value * 32768), G_MAXINT16);
}

/* The rate is known before the first sample, and stays. */
gboolean
_pw_levels_builder_set_rate (PwLevelsBuilder  *builder,
                             guint             rate,
                             GError          **error)
{
  if (rate == 0 || rate > PW_AUDIO_MAX_RATE)
    {
      g_set_error (error, PW_ERROR, PW_ERROR_UNSUPPORTED,
                   /* Translators: %s is a file name, %u a number of samples per second */
                   _("“%s” has %u samples per second; Piecework opens recordings of up to 768,000."),
                   builder->display_name, rate);
      return FALSE;
    }
  if (builder->rate != 0 && builder->rate != rate)
    {
      g_set_error (error, PW_ERROR, PW_ERROR_UNSUPPORTED,
                   /* Translators: %s is a file name */
                   _("“%s” changes its sample rate part of the way through. Convert it to one rate, then open it again."),
                   builder->display_name);
      return FALSE;
    }
  builder->rate = rate;
  return TRUE;
}

static void
report (PwLevelsBuilder *builder,
        guint64          n_samples)
{
  if (builder->ready != NULL)
    builder->ready (builder->peaks, builder->reported, builder->n_peaks, builder->rate,
                    n_samples, builder->ready_data);
  builder->reported = builder->n_peaks;
  builder->reported_at = g_get_monotonic_time ();
}

static void
push_peak (PwLevelsBuilder   *builder,
           const PwAudioPeak *peak)
{
  if (builder->n_peaks == builder->allocated)
    {
      builder->allocated = MAX (builder->allocated * 2, 4096);
      builder->peaks = g_renew (PwAudioPeak, builder->peaks, builder->allocated);
    }
  builder->peaks[builder->n_peaks++] = *peak;
}

/* The hot loop of a WAV: eight samples at a time where the processor
 * allows (every x86-64 does), which makes an hour take milliseconds. */
static inline PwAudioPeak
whole_peak (const gint16 *samples)
{
  PwAudioPeak peak;
#ifdef __SSE2__
  __m128i lo = _mm_loadu_si128 ((const __m128i *) (const void *) samples);
  __m128i hi = lo;
  gint16 lanes_lo[8], lanes_hi[8];

  for (guint i = 8; i < SAMPLES_PER_PEAK; i += 8)
    {
      __m128i v = _mm_loadu_si128 ((const __m128i *) (const void *) (samples + i));

      lo = _mm_min_epi16 (lo, v);
      hi = _mm_max_epi16 (hi, v);
    }
  _mm_storeu_si128 ((__m128i *) (void *) lanes_lo, lo);
  _mm_storeu_si128 ((__m128i *) (void *) lanes_hi, hi);
  peak.min = lanes_lo[0];
  peak.max = lanes_hi[0];
  for (guint i = 1; i < 8; i++)
    {
      peak.min = MIN (peak.min, lanes_lo[i]);
      peak.max = MAX (peak.max, lanes_hi[i]);
    }
#else
  peak.min = peak.max = samples[0];
  for (guint i = 1; i < SAMPLES_PER_PEAK; i++)
    {
      peak.min = MIN (peak.min, samples[i]);
      peak.max = MAX (peak.max, samples[i]);
    }
#endif
  return peak;
}

/**
 * _pw_levels_builder_add:
 * @builder: a #PwLevelsBuilder with its rate set
 * @samples: the next samples of the mono mix
 * @n_samples: how many
 * @error: return location for a #GError
 *
 * Returns: %FALSE when the recording is longer than Piecework opens
 */
gboolean
_pw_levels_builder_add (PwLevelsBuilder  *builder,
                        const gint16     *samples,
                        gsize             n_samples,
                        GError          **error)
{
  g_assert (builder->rate > 0);

  if (n_samples > PW_AUDIO_MAX_SAMPLES - builder->n_samples)
    {
      guint hours = (guint) (PW_AUDIO_MAX_SAMPLES / builder->rate / 3600);

      g_set_error (error, PW_ERROR, PW_ERROR_TOO_LARGE,
                   /* Translators: %s is a file name */
                   g_dngettext (PW_GETTEXT_PACKAGE,
                                "“%s” is too long to open. At its sample rate, Piecework opens recordings of up to %u hour.",
                                "“%s” is too long to open. At its sample rate, Piecework opens recordings of up to %u hours.",
                                hours),
                   builder->display_name, hours);
      return FALSE;
    }
  builder->n_samples += n_samples;
  if (builder->samples != NULL)
    builder->samples (samples, n_samples, builder->rate, builder->samples_data);

  while (n_samples > 0 && builder->block_fill > 0)
    {
      builder->block.min = MIN (builder->block.min, *samples);
      builder->block.max = MAX (builder->block.max, *samples);
      samples++;
      n_samples--;
      if (++builder->block_fill == SAMPLES_PER_PEAK)
        {
          push_peak (builder, &builder->block);
          builder->block_fill = 0;
        }
    }

  for (; n_samples >= SAMPLES_PER_PEAK; samples += SAMPLES_PER_PEAK, n_samples -= SAMPLES_PER_PEAK)
    {
      PwAudioPeak peak = whole_peak (samples);

      push_peak (builder, &peak);
    }

  if (n_samples > 0)
    {
      builder->block.min = builder->block.max = *samples;
      for (gsize i = 1; i < n_samples; i++)
        {
          builder->block.min = MIN (builder->block.min, samples[i]);
          builder->block.max = MAX (builder->block.max, samples[i]);
        }
      builder->block_fill = n_samples;
    }

  if (builder->n_peaks - builder->reported >= REPORT_PEAKS
      || (builder->n_peaks > builder->reported
          && g_get_monotonic_time () - builder->reported_at >= REPORT_INTERVAL))
    report (builder, (guint64) builder->n_peaks * SAMPLES_PER_PEAK);

  return TRUE;
}

/* Samples where 1.0 is full scale, on the 16-bit scale as
 * _pw_audio_sample_from_float() puts them: four at a time where the
 * processor allows, since a decoder gives every sample of an hour this
 * way. The processor rounds to the nearest even as lrint() does, and
 * packing saturates as the clip does. */
static void
samples_from_float (const float *values,
                    gsize        n_values,
                    gint16      *samples)
{
  gsize i = 0;
#ifdef __SSE2__
  const __m128 one = _mm_set1_ps (1.0f);
  const __m128 minus_one = _mm_set1_ps (-1.0f);
  const __m128 scale = _mm_set1_ps (32768.0f);

  for (; i + 8 <= n_values; i += 8)
    {
      __m128 a = _mm_loadu_ps (values + i);
      __m128 b = _mm_loadu_ps (values + i + 4);

      /* NaN is silence; then the clip, then the scale, exact in floats. */
      a = _mm_and_ps (a, _mm_cmpord_ps (a, a));
      b = _mm_and_ps (b, _mm_cmpord_ps (b, b));
      a = _mm_mul_ps (_mm_max_ps (_mm_min_ps (a, one), minus_one), scale);
      b = _mm_mul_ps (_mm_max_ps (_mm_min_ps (b, one), minus_one), scale);
      _mm_storeu_si128 ((__m128i *) (void *) (samples + i),
                        _mm_packs_epi32 (_mm_cvtps_epi32 (a), _mm_cvtps_epi32 (b)));
    }
#endif
  for (; i < n_values; i++)
    samples[i] = _pw_audio_sample_from_float (values[i]);
}

/**
 * _pw_levels_builder_add_float:
 * @builder: a #PwLevelsBuilder with its rate set
 * @values: the next samples of the mono mix, where 1.0 is full scale
 * @n_values: how many
 * @error: return location for a #GError
 *
 * As _pw_levels_builder_add(), for a decoder's floats.
 *
 * Returns: %FALSE when the recording is longer than Piecework opens
 */
gboolean
_pw_levels_builder_add_float (PwLevelsBuilder  *builder,
                              const float      *values,
                              gsize             n_values,
                              GError          **error)
{
  gint16 samples[FLOAT_CHUNK];

  for (gsize done = 0; done < n_values; done += FLOAT_CHUNK)
    {
      gsize n = MIN (FLOAT_CHUNK, n_values - done);

      samples_from_float (values + done, n, samples);
      if (!_pw_levels_builder_add (builder, samples, n, error))
        return FALSE;
    }
  return TRUE;
}

/* Takes @peaks, read back from where they were kept, as if decoded. */
void
_pw_levels_builder_take (PwLevelsBuilder *builder,
                         guint            rate,
                         guint64          n_samples,
                         PwAudioPeak     *peaks,
                         gsize            n_peaks)
{
  g_assert (builder->n_peaks == 0 && builder->block_fill == 0);

  g_free (builder->peaks);
  builder->rate = rate;
  builder->n_samples = n_samples;
  builder->peaks = peaks;
  builder->n_peaks = builder->allocated = n_peaks;
}

/* The recording is over: its last, shorter peak counts too. */
void
_pw_levels_builder_finish (PwLevelsBuilder *builder)
{
  if (builder->block_fill > 0)
    {
      push_peak (builder, &builder->block);
      builder->block_fill = 0;
    }
  report (builder, builder->n_samples);
}
