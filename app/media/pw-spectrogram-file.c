/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>

#include "formats/pw-file-write.h"
#include "pw-paths.h"
#include "pw-spectrogram-private.h"

/* The spectrogram of a recording, kept in the cache so it opens at once
 * the next time. A spectrogram file is a header of 96 bytes,
 * little-endian, then the finest columns (the coarser layers are rebuilt
 * from them in milliseconds):
 *
 *   0  "PWSPECTR"             40  samples (u64)
 *   8  version (u32) = 1      48  columns (u64)
 *  12  header size (u32)      56  the recording's size (u64)
 *  16  rate (u32)             64  its modification time in ns (i64)
 *  20  samples a frame        72  zero
 *  24  window length          88  checksum of everything else (u64)
 *  28  bands (u32)            96  columns: a level (u8) a band
 *  32  frames a column
 *  36  floor in dB (i32)
 *
 * As with the levels, the cache folder may hold anything: a spectrogram
 * file is used only when every field checks out, and otherwise made
 * again. */

#define MAGIC    "PWSPECTR"
#define VERSION  1
#define HEADER   PW_SPECTROGRAM_FILE_HEADER

static guint64
get_le64 (const guint8 *p)
{
  guint64 value;

  memcpy (&value, p, 8);
  return GUINT64_FROM_LE (value);
}

static guint32
get_le32 (const guint8 *p)
{
  guint32 value;

  memcpy (&value, p, 4);
  return GUINT32_FROM_LE (value);
}

static void
put_le64 (guint8  *p,
          guint64  value)
{
  value = GUINT64_TO_LE (value);
  memcpy (p, &value, 8);
}

static void
put_le32 (guint8  *p,
          guint32  value)
{
  value = GUINT32_TO_LE (value);
  memcpy (p, &value, 4);
}

static guint64
checksum (const guint8 *block,
          gsize         n_columns)
{
  guint64 hash = _pw_audio_checksum_update (HEADER, block, 88);

  return _pw_audio_checksum_update (hash, block + HEADER, n_columns * PW_SPECTROGRAM_N_BANDS);
}

static gboolean
header_fits (const guint8       *header,
             const PwAudioStamp *stamp,
             guint64             file_size,
             PwSpectrumAnalyzer *analyzer)
{
  guint rate = get_le32 (header + 16);
  guint frames_per_column = get_le32 (header + 32);
  guint64 n_samples = get_le64 (header + 40);
  guint64 n_columns = get_le64 (header + 48);
  guint64 n_frames;
  guint hop;

  if (memcmp (header, MAGIC, 8) != 0 || get_le32 (header + 8) != VERSION
      || get_le32 (header + 12) != HEADER || rate == 0 || rate > PW_AUDIO_MAX_RATE)
    return FALSE;

  hop = _pw_spectrogram_hop_for (rate);
  if (get_le32 (header + 20) != hop || get_le32 (header + 24) != _pw_spectrogram_window_for (rate)
      || get_le32 (header + 28) != PW_SPECTROGRAM_N_BANDS
      || (gint32) get_le32 (header + 36) != PW_SPECTROGRAM_FLOOR_DB
      || frames_per_column == 0 || frames_per_column > (1u << 24)
      || (frames_per_column & (frames_per_column - 1)) != 0
      || n_samples > PW_AUDIO_MAX_SAMPLES || n_columns > PW_SPECTROGRAM_MAX_COLUMNS)
    return FALSE;

  n_frames = (n_samples + hop - 1) / hop;
  if (n_columns != (n_frames + frames_per_column - 1) / frames_per_column
      || file_size != HEADER + n_columns * PW_SPECTROGRAM_N_BANDS)
    return FALSE;

  if (get_le64 (header + 56) != stamp->size || (gint64) get_le64 (header + 64) != stamp->mtime_ns)
    return FALSE;

  analyzer->rate = rate;
  analyzer->hop = hop;
  analyzer->window = _pw_spectrogram_window_for (rate);
  analyzer->n_samples = n_samples;
  analyzer->n_frames = n_frames;
  analyzer->frames_per_column = frames_per_column;
  analyzer->n_columns = n_columns;
  return TRUE;
}

/**
 * _pw_spectrogram_file_read:
 * @file: a spectrogram file
 * @stamp: the recording as it is now
 * @analyzer: a fresh analyzer, where the columns go
 *
 * Reads the spectrogram of the recording @stamp describes, if @file holds
 * it whole. Blocks: run it in a thread.
 *
 * Returns: %TRUE when @analyzer holds the finished columns
 */
gboolean
_pw_spectrogram_file_read (GFile              *file,
                           const PwAudioStamp *stamp,
                           PwSpectrumAnalyzer *analyzer)
{
  g_autofree char *path = g_file_get_path (file);
  g_autofree guint8 *block = NULL;
  guint8 header[HEADER];
  PwSpectrumAnalyzer read = { 0 };
  PwAudioStamp file_stamp;
  gboolean ok;
  int fd;

  g_assert (analyzer->rate == 0 && analyzer->block == NULL);

  if (path == NULL)
    return FALSE;
  fd = g_open (path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW, 0);
  if (fd < 0)
    return FALSE;

  ok = _pw_audio_stamp_read (fd, &file_stamp) && _pw_audio_read_all (fd, header, HEADER)
       && header_fits (header, stamp, file_stamp.size, &read);
  if (ok)
    {
      block = g_try_malloc (HEADER + read.n_columns * PW_SPECTROGRAM_N_BANDS);
      ok = block != NULL;
    }
  if (ok)
    {
      memcpy (block, header, HEADER);
      ok = _pw_audio_read_all (fd, block + HEADER, read.n_columns * PW_SPECTROGRAM_N_BANDS)
           && checksum (block, read.n_columns) == get_le64 (header + 88);
    }
  g_close (fd, NULL);
  if (!ok)
    {
      g_debug ("The spectrogram in “%s” is not of this recording; analysing it again", path);
      return FALSE;
    }

  analyzer->rate = read.rate;
  analyzer->hop = read.hop;
  analyzer->window = read.window;
  analyzer->n_samples = read.n_samples;
  analyzer->n_frames = read.n_frames;
  analyzer->frames_per_column = read.frames_per_column;
  analyzer->block = g_steal_pointer (&block);
  analyzer->n_columns = analyzer->allocated = read.n_columns;
  return TRUE;
}

/**
 * _pw_spectrogram_file_write:
 * @file: where to keep the spectrogram
 * @stamp: the recording it was made from, as it was before
 * @analyzer: the finished analysis; its block's header room is filled
 * @error: return location for a #GError
 *
 * Replaces @file atomically, making its folder if need be. Blocks: run it
 * in a thread.
 *
 * Returns: %TRUE when @file holds the spectrogram
 */
gboolean
_pw_spectrogram_file_write (GFile               *file,
                            const PwAudioStamp  *stamp,
                            PwSpectrumAnalyzer  *analyzer,
                            GError             **error)
{
  g_autoptr (GFile) folder = g_file_get_parent (file);
  g_autofree char *folder_path = folder != NULL ? g_file_get_path (folder) : NULL;
  guint8 *block;

  if (analyzer->block == NULL)
    analyzer->block = g_malloc0 (HEADER);
  block = analyzer->block;

  if (folder_path != NULL && !pw_paths_ensure_dir (folder_path, error))
    return FALSE;

  memset (block, 0, HEADER);
  memcpy (block, MAGIC, 8);
  put_le32 (block + 8, VERSION);
  put_le32 (block + 12, HEADER);
  put_le32 (block + 16, analyzer->rate);
  put_le32 (block + 20, analyzer->hop);
  put_le32 (block + 24, analyzer->window);
  put_le32 (block + 28, PW_SPECTROGRAM_N_BANDS);
  put_le32 (block + 32, analyzer->frames_per_column);
  put_le32 (block + 36, (guint32) PW_SPECTROGRAM_FLOOR_DB);
  put_le64 (block + 40, analyzer->n_samples);
  put_le64 (block + 48, analyzer->n_columns);
  put_le64 (block + 56, stamp->size);
  put_le64 (block + 64, (guint64) stamp->mtime_ns);
  put_le64 (block + 88, checksum (block, analyzer->n_columns));

  return pw_file_write_durably (file, (const char *) block,
                                HEADER + analyzer->n_columns * PW_SPECTROGRAM_N_BANDS, error);
}
