/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <gst/gst.h>
#include <math.h>
#include <string.h>

#include "pw-audio-test.h"

/* The recordings the audio tests make (pw-audio-test.h): sounds of every
 * sample format drawn from a seed, written to WAV byte by byte with the
 * peaks the levels should find, headers that lie about their size, and
 * other formats encoded from the WAV by GStreamer when its encoder is
 * installed. */

static guint
bits_of (PwTestSampleFormat format)
{
  static const guint bits[] = {
    [PW_TEST_U8] = 8, [PW_TEST_S16] = 16, [PW_TEST_S24] = 24, [PW_TEST_S32] = 32,
    [PW_TEST_S24_IN_32] = 24, [PW_TEST_F32] = 32, [PW_TEST_F64] = 64,
  };

  return bits[format];
}

static guint
container_bytes (PwTestSampleFormat format)
{
  return format == PW_TEST_S24_IN_32 ? 4 : bits_of (format) / 8;
}

static gboolean
is_float (PwTestSampleFormat format)
{
  return format == PW_TEST_F32 || format == PW_TEST_F64;
}

/* An integer sample q of b bits is the value q / 2^(b-1), which a double
 * holds exactly, so the test knows each sample as written. */
static double
quantize (PwTestSampleFormat format,
          double             value)
{
  double full;

  if (format == PW_TEST_F32)
    return (float) value;
  if (format == PW_TEST_F64)
    return value;
  full = ldexp (1, bits_of (format) - 1);
  return CLAMP (round (value * full), -full, full - 1) / full;
}

/**
 * pw_test_sound_new:
 * @format: how the samples are written
 * @channels: how many channels
 * @rate: samples per second
 * @n_frames: how many frames
 * @seed: for the noise
 *
 * Makes a tone with a swelling volume and some noise, a different pitch
 * per channel. Float recordings also go past full scale now and then, as
 * float files may.
 */
PwTestSound *
pw_test_sound_new (PwTestSampleFormat format,
                   guint              channels,
                   guint              rate,
                   gsize              n_frames,
                   guint32            seed)
{
  PwTestSound *sound = g_new0 (PwTestSound, 1);
  g_autoptr (GRand) rand = g_rand_new_with_seed (seed);

  sound->format = format;
  sound->channels = channels;
  sound->rate = rate;
  sound->n_frames = n_frames;
  sound->values = g_new (double, n_frames * channels);

  for (gsize f = 0; f < n_frames; f++)
    for (guint c = 0; c < channels; c++)
      {
        double t = (double) f / rate;
        double envelope = 0.05 + 0.9 * fabs (sin (2 * G_PI * t / 1.7));
        double value = envelope * sin (2 * G_PI * (220 + 57 * c) * t + c)
                       + 0.05 * (g_rand_double (rand) - 0.5);

        if (is_float (format) && f % 1000 == 999)
          value = c % 2 ? -1.25 : 1.25;
        else if (!is_float (format) && f % 5000 == 4999)
          value = c % 2 ? 1.0 : -1.0;
        sound->values[f * channels + c] = quantize (format, value);
      }

  return sound;
}

void
pw_test_sound_free (PwTestSound *sound)
{
  g_free (sound->values);
  g_free (sound);
}

static void
put_le (GByteArray *out,
        guint64     value,
        guint       size)
{
  guint8 b[8];

  for (guint i = 0; i < size; i++)
    b[i] = (value >> (8 * i)) & 0xFF;
  g_byte_array_append (out, b, size);
}

static void
put_header (GByteArray *out,
            guint16     tag,
            guint       channels,
            guint       rate,
            guint       container_bits,
            guint       valid_bits,
            guint32     data_size)
{
  guint block_align = channels * container_bits / 8;
  gboolean extensible = valid_bits != container_bits;

  g_byte_array_append (out, (const guint8 *) "RIFF", 4);
  put_le (out, (guint64) MIN ((guint64) data_size + (extensible ? 60 : 36), G_MAXUINT32), 4);
  g_byte_array_append (out, (const guint8 *) "WAVEfmt ", 8);
  put_le (out, extensible ? 40 : 16, 4);
  put_le (out, extensible ? 0xFFFE : tag, 2);
  put_le (out, channels, 2);
  put_le (out, rate, 4);
  put_le (out, rate * block_align, 4);
  put_le (out, block_align, 2);
  put_le (out, container_bits, 2);
  if (extensible)
    {
      static const guint8 guid_tail[] = { 0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00,
                                          0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71 };

      put_le (out, 22, 2);
      put_le (out, valid_bits, 2);
      put_le (out, 0, 4);
      put_le (out, tag, 2);
      g_byte_array_append (out, guid_tail, sizeof guid_tail);
    }
  g_byte_array_append (out, (const guint8 *) "data", 4);
  put_le (out, data_size, 4);
}

/**
 * pw_test_wav_header:
 *
 * Returns: a plain WAV header that claims @data_size bytes of sound
 */
GBytes *
pw_test_wav_header (guint16 tag,
                    guint   channels,
                    guint   rate,
                    guint   bits,
                    guint32 data_size)
{
  GByteArray *out = g_byte_array_new ();

  put_header (out, tag, channels, rate, bits, bits, data_size);
  return g_byte_array_free_to_bytes (out);
}

GBytes *
pw_test_sound_to_wav (const PwTestSound *sound)
{
  guint bytes = container_bytes (sound->format);
  gsize n_values = sound->n_frames * sound->channels;
  GByteArray *out = g_byte_array_sized_new (80 + n_values * bytes);

  put_header (out, is_float (sound->format) ? 3 : 1, sound->channels, sound->rate, bytes * 8,
              bits_of (sound->format), n_values * bytes);

  for (gsize i = 0; i < n_values; i++)
    {
      double value = sound->values[i];

      switch (sound->format)
        {
        case PW_TEST_U8:
          put_le (out, (guint64) (value * 128 + 128), 1);
          break;
        case PW_TEST_S16:
        case PW_TEST_S24:
        case PW_TEST_S32:
          put_le (out, (guint64) (gint64) ldexp (value, bits_of (sound->format) - 1), bytes);
          break;
        case PW_TEST_S24_IN_32:
          put_le (out, (guint64) (gint64) ldexp (value, 31), 4);
          break;
        case PW_TEST_F32:
          {
            union { float f; guint32 u; } v = { .f = (float) value };

            put_le (out, v.u, 4);
          }
          break;
        case PW_TEST_F64:
          {
            union { double f; guint64 u; } v = { .f = value };

            put_le (out, v.u, 8);
          }
          break;
        default:
          g_assert_not_reached ();
        }
    }

  return g_byte_array_free_to_bytes (out);
}

/* The mono mix of frame @f, worked out from the values rather than the
 * bytes: integers as the floor of the mean on the 16-bit scale, floats as
 * the mean of the clipped values, rounded. */
static gint16
mono_at (const PwTestSound *sound,
         gsize              f)
{
  const double *frame = sound->values + f * sound->channels;

  if (is_float (sound->format))
    {
      double sum = 0;
      long rounded;

      for (guint c = 0; c < sound->channels; c++)
        sum += CLAMP (frame[c], -1.0, 1.0);
      rounded = lrint (sum / sound->channels * 32768);
      return (gint16) CLAMP (rounded, -32768, 32767);
    }
  else
    {
      gint64 sum = 0, divisor = (gint64) sound->channels * 65536, mean;

      for (guint c = 0; c < sound->channels; c++)
        sum += (gint64) ldexp (frame[c], 31);
      mean = sum / divisor;
      if (sum % divisor != 0 && sum < 0)
        mean--;
      return (gint16) mean;
    }
}

/**
 * pw_test_sound_peaks:
 *
 * Returns: (transfer full): the finest peaks, worked out sample by sample
 */
PwAudioPeak *
pw_test_sound_peaks (const PwTestSound *sound,
                     gsize             *n_peaks)
{
  gsize n = (sound->n_frames + PW_AUDIO_LEVELS_SAMPLES_PER_PEAK - 1) / PW_AUDIO_LEVELS_SAMPLES_PER_PEAK;
  PwAudioPeak *peaks = g_new (PwAudioPeak, MAX (n, 1));

  for (gsize p = 0; p < n; p++)
    {
      gsize end = MIN ((p + 1) * PW_AUDIO_LEVELS_SAMPLES_PER_PEAK, sound->n_frames);

      peaks[p].min = G_MAXINT16;
      peaks[p].max = G_MININT16;
      for (gsize f = p * PW_AUDIO_LEVELS_SAMPLES_PER_PEAK; f < end; f++)
        {
          gint16 mono = mono_at (sound, f);

          peaks[p].min = MIN (peaks[p].min, mono);
          peaks[p].max = MAX (peaks[p].max, mono);
        }
    }
  *n_peaks = n;
  return peaks;
}

gboolean
pw_test_can_encode (const char *encoder)
{
  g_autoptr (GstElementFactory) factory = NULL;

  gst_init (NULL, NULL);
  factory = gst_element_factory_find (encoder);
  return factory != NULL;
}

/**
 * pw_test_encode:
 * @wav_path: a WAV file
 * @out_path: the file to write
 * @encoder: a pipeline description from raw audio to the file's bytes,
 *   such as "vorbisenc ! oggmux"
 */
void
pw_test_encode (const char *wav_path,
                const char *out_path,
                const char *encoder)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *description = NULL;
  g_autoptr (GstElement) pipeline = NULL;
  g_autoptr (GstBus) bus = NULL;
  g_autoptr (GstMessage) message = NULL;

  gst_init (NULL, NULL);
  description = g_strdup_printf ("filesrc location=\"%s\" ! wavparse ! audioconvert ! %s "
                                 "! filesink location=\"%s\"", wav_path, encoder, out_path);
  pipeline = gst_parse_launch (description, &error);
  g_assert_no_error (error);

  bus = gst_element_get_bus (pipeline);
  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  message = gst_bus_timed_pop_filtered (bus, GST_CLOCK_TIME_NONE, GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_ERROR)
    {
      gst_message_parse_error (message, &error, NULL);
      g_assert_no_error (error);
    }
  gst_element_set_state (pipeline, GST_STATE_NULL);
}
