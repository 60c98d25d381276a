/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "pw-audio-levels-private.h"
#include "pw-error.h"
#include "pw-media-private.h"

/* PCM WAV, read directly: an hour of 16 kHz speech is 115 MB, and going
 * through a decoder would cost ten times the reading. The header is
 * trusted for nothing it cannot prove: the sound data is what the file
 * holds after the "data" chunk, however long the chunk claims to be, and
 * memory is a fixed buffer whatever the sizes say. A WAV of another kind
 * (A-law, ADPCM, MP3 inside) is marked foreign and left to GStreamer. */

/* Small enough to stay in the processor's cache from the copy out of the
 * page cache to the scan for peaks: a third less time for an hour than
 * reads of a megabyte, which go out to memory and back. */
#define READ_SIZE   (64 * 1024)
/* Chunks before the sound: a few in any real file. */
#define MAX_CHUNKS  4096

#define WAVE_FORMAT_PCM        0x0001
#define WAVE_FORMAT_IEEE_FLOAT 0x0003
#define WAVE_FORMAT_EXTENSIBLE 0xFFFE

static guint16
get_le16 (const guint8 *p)
{
  return (guint16) (p[0] | p[1] << 8);
}

static guint32
get_le32 (const guint8 *p)
{
  return (guint32) p[0] | (guint32) p[1] << 8 | (guint32) p[2] << 16 | (guint32) p[3] << 24;
}

/**
 * _pw_wav_sniff:
 * @head: the first bytes of a file
 * @length: how many there are
 *
 * Returns: whether the file says it is a RIFF WAVE file
 */
gboolean
_pw_wav_sniff (const guint8 *head,
               gsize         length)
{
  return length >= 12 && memcmp (head, "RIFF", 4) == 0 && memcmp (head + 8, "WAVE", 4) == 0;
}

static gboolean
read_exactly (PwAudioReadFunc   read,
              gpointer          source,
              guint64           offset,
              guint8           *buffer,
              gsize             length,
              const char       *display_name,
              GError          **error)
{
  gssize n = read (source, offset, buffer, length);

  if (n < 0)
    {
      int errsv = errno;

      pw_error_from_errno (error, errsv, _("Could not read “%s”"), display_name);
      return FALSE;
    }
  if ((gsize) n < length)
    {
      _pw_media_set_truncated (error, display_name);
      return FALSE;
    }
  return TRUE;
}

static gboolean
parse_fmt (const guint8  *fmt,
           guint32        size,
           const char    *display_name,
           PwWavFormat   *format,
           GError       **error)
{
  guint tag = get_le16 (fmt);
  guint bits = get_le16 (fmt + 14);

  format->channels = get_le16 (fmt + 2);
  format->rate = get_le32 (fmt + 4);
  format->block_align = get_le16 (fmt + 12);

  if (tag == WAVE_FORMAT_EXTENSIBLE)
    {
      if (size < 40)
        {
          _pw_media_set_damaged (error, display_name, _("its format is cut short"));
          return FALSE;
        }
      /* The sub-format's GUID starts with the plain format's tag. */
      tag = get_le16 (fmt + 24);
    }

  format->is_float = tag == WAVE_FORMAT_IEEE_FLOAT;
  format->bytes_per_sample = (bits + 7) / 8;
  if ((tag != WAVE_FORMAT_PCM && tag != WAVE_FORMAT_IEEE_FLOAT)
      || (format->is_float ? bits != 32 && bits != 64 : bits > 32))
    {
      format->foreign = TRUE;
      return TRUE;
    }

  if (format->channels == 0 || format->rate == 0 || bits == 0)
    {
      _pw_media_set_damaged (error, display_name, _("its header gives no channels or no sample rate"));
      return FALSE;
    }
  if (format->channels > PW_AUDIO_MAX_CHANNELS)
    {
      g_set_error (error, PW_ERROR, PW_ERROR_UNSUPPORTED,
                   /* Translators: %s is a file name, %u a number of channels */
                   _("“%s” has %u channels; Piecework opens recordings of up to 64."),
                   display_name, format->channels);
      return FALSE;
    }
  if (format->block_align != format->channels * format->bytes_per_sample)
    {
      _pw_media_set_damaged (error, display_name, _("its frame size does not match its channels"));
      return FALSE;
    }
  return TRUE;
}

/**
 * _pw_wav_parse:
 * @read: reads the file at an offset
 * @source: the file, for @read
 * @source_size: the file's size
 * @display_name: the file's name, for messages
 * @format: (out): return location for the format and where the sound is
 * @error: return location for a #GError
 *
 * Walks the chunks to the sound. Sound data that ends before its header
 * says is taken as far as it goes, as a player would play it. A format
 * other than integer or float PCM stops the walk with @format marked
 * foreign.
 *
 * Returns: %TRUE when @format says where the sound is, or is foreign
 */
gboolean
_pw_wav_parse (PwAudioReadFunc   read,
               gpointer          source,
               guint64           source_size,
               const char       *display_name,
               PwWavFormat      *format,
               GError          **error)
{
  guint8 header[40];
  guint64 offset = 12;
  gboolean have_fmt = FALSE;

  memset (format, 0, sizeof *format);
  if (!read_exactly (read, source, 0, header, 12, display_name, error))
    return FALSE;
  if (!_pw_wav_sniff (header, 12))
    {
      _pw_media_set_damaged (error, display_name, _("it is not a WAV file"));
      return FALSE;
    }

  for (guint i = 0; i < MAX_CHUNKS; i++)
    {
      guint32 size;

      if (offset + 8 > source_size)
        break;
      if (!read_exactly (read, source, offset, header, 8, display_name, error))
        return FALSE;
      size = get_le32 (header + 4);

      if (memcmp (header, "fmt ", 4) == 0)
        {
          guint32 wanted = MIN (size, sizeof header);

          if (size < 16)
            {
              _pw_media_set_damaged (error, display_name, _("its format is cut short"));
              return FALSE;
            }
          if (!read_exactly (read, source, offset + 8, header, wanted, display_name, error)
              || !parse_fmt (header, size, display_name, format, error))
            return FALSE;
          if (format->foreign)
            return TRUE;
          have_fmt = TRUE;
        }
      else if (memcmp (header, "data", 4) == 0)
        {
          guint64 held = source_size - (offset + 8);

          if (!have_fmt)
            {
              _pw_media_set_damaged (error, display_name, _("its sound comes before its format"));
              return FALSE;
            }
          format->data_offset = offset + 8;
          format->data_length = MIN ((guint64) size, held);
          /* A recorder that could not go back to write the size leaves
           * it at the largest there is: the sound runs to the end. */
          if (size == G_MAXUINT32)
            format->data_length = held;
          return TRUE;
        }

      offset += 8 + (guint64) size + (size & 1);
    }

  if (!have_fmt)
    _pw_media_set_damaged (error, display_name, _("it has no format"));
  else
    _pw_media_set_damaged (error, display_name, _("it has no sound data"));
  return FALSE;
}

/* Each sample, whatever its kind, on the scale of 32-bit audio. */
static inline gint32
sample_at (const guint8 *p,
           guint         bytes)
{
  switch (bytes)
    {
    case 1:
      return (gint32) (((guint32) p[0] << 24) ^ 0x80000000u);
    case 2:
      return (gint32) ((guint32) get_le16 (p) << 16);
    case 3:
      return (gint32) ((guint32) p[0] << 8 | (guint32) p[1] << 16 | (guint32) p[2] << 24);
    default:
      return (gint32) get_le32 (p);
    }
}

static inline double
float_at (const guint8 *p,
          guint         bytes)
{
  if (bytes == 4)
    {
      union { guint32 bits; float value; } u = { .bits = get_le32 (p) };

      return u.value;
    }
  else
    {
      union { guint64 bits; double value; } u;

      u.bits = (guint64) get_le32 (p) | (guint64) get_le32 (p + 4) << 32;
      return u.value;
    }
}

/* The mono mix of @n_frames frames: the mean of the channels, rounded
 * down on the 16-bit scale; for floats, the mean of the clipped values. */
static void
mix_frames (const PwWavFormat *format,
            const guint8      *frames,
            gsize              n_frames,
            gint16            *mono)
{
  guint channels = format->channels;
  guint bytes = format->bytes_per_sample;

  if (format->is_float)
    {
      for (gsize i = 0; i < n_frames; i++, frames += format->block_align)
        {
          double sum = 0;

          for (guint c = 0; c < channels; c++)
            {
              double value = float_at (frames + c * bytes, bytes);

              sum += isnan (value) ? 0 : CLAMP (value, -1.0, 1.0);
            }
          mono[i] = _pw_audio_sample_from_float (sum / channels);
        }
    }
  else if (channels == 1)
    {
      for (gsize i = 0; i < n_frames; i++, frames += bytes)
        mono[i] = (gint16) (sample_at (frames, bytes) >> 16);
    }
  else
    {
      double scale = (double) channels * 65536;

      for (gsize i = 0; i < n_frames; i++, frames += format->block_align)
        {
          gint64 sum = 0;

          for (guint c = 0; c < channels; c++)
            sum += sample_at (frames + c * bytes, bytes);
          mono[i] = (gint16) floor ((double) sum / scale);
        }
    }
}

/**
 * _pw_wav_decode:
 * @read: reads the file at an offset
 * @source: the file, for @read
 * @format: what _pw_wav_parse() found
 * @builder: where the peaks go; its rate is set here
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Reads the sound READ_SIZE bytes at a time. A last frame cut short is left
 * out, as a player leaves it.
 *
 * Returns: %TRUE when every whole frame went into @builder
 */
gboolean
_pw_wav_decode (PwAudioReadFunc     read,
                gpointer            source,
                const PwWavFormat  *format,
                PwLevelsBuilder    *builder,
                GCancellable       *cancellable,
                GError            **error)
{
  gsize frames_per_read = MAX (1, READ_SIZE / format->block_align);
  guint64 n_frames = format->data_length / format->block_align;
  g_autofree guint8 *buffer = NULL;
  g_autofree gint16 *mono = NULL;
  gboolean direct;

  if (!_pw_levels_builder_set_rate (builder, format->rate, error))
    return FALSE;

  /* 16-bit mono is its own mono mix, where the byte order matches. */
  direct = G_BYTE_ORDER == G_LITTLE_ENDIAN && !format->is_float && format->channels == 1
           && format->bytes_per_sample == 2;
  buffer = g_malloc (frames_per_read * format->block_align);
  if (!direct)
    mono = g_new (gint16, frames_per_read);

  for (guint64 done = 0; done < n_frames;)
    {
      gsize wanted = MIN (frames_per_read, n_frames - done);
      gsize got;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      if (!read_exactly (read, source, format->data_offset + done * format->block_align,
                         buffer, wanted * format->block_align, builder->display_name, error))
        return FALSE;
      got = wanted;
      if (!direct)
        mix_frames (format, buffer, got, mono);
      if (!_pw_levels_builder_add (builder, direct ? (const gint16 *) buffer : mono, got, error))
        return FALSE;
      done += got;
    }

  return TRUE;
}
