/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "formats/pw-file-write.h"
#include "pw-audio-levels-private.h"
#include "pw-paths.h"

/* The levels of a recording, kept in the cache so it opens at once the
 * next time. A levels file is a header of 64 bytes, little-endian, then
 * the finest peaks (the coarser layers are rebuilt from them in a
 * millisecond):
 *
 *   0  "PWLEVELS"           32  peaks (u64)
 *   8  version (u32) = 1    40  the recording's size (u64)
 *  12  header size (u32)    48  its modification time in ns (i64)
 *  16  rate (u32)           56  checksum of everything else (u64)
 *  20  samples per peak     64  peaks: min, max (i16 each)
 *  24  samples (u64)
 *
 * Anything may be in the cache folder: a file cut short by a crash, one
 * from another version, one of a recording since changed. A levels file is
 * used only when every field checks out, and otherwise decoded again. */

#define MAGIC        "PWLEVELS"
#define VERSION      1
#define HEADER_SIZE  64

static guint64
get_le64 (const guint8 *p)
{
  return GUINT64_FROM_LE (*(const guint64 *) (const void *) p);
}

static guint32
get_le32 (const guint8 *p)
{
  return GUINT32_FROM_LE (*(const guint32 *) (const void *) p);
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

/* Not a defence against anyone, only against damage: a multiply-rotate
 * hash a word at a time, a fraction of a millisecond for an hour. */
guint64
_pw_audio_checksum_update (guint64       hash,
                           const guint8 *data,
                           gsize         length)
{
  const guint64 k1 = 0x9E3779B185EBCA87ull, k2 = 0xC2B2AE3D27D4EB4Full;
  gsize i = 0;

  for (; i + 8 <= length; i += 8)
    {
      guint64 word;

      memcpy (&word, data + i, 8);
      hash ^= GUINT64_FROM_LE (word) * k2;
      hash = ((hash << 31) | (hash >> 33)) * k1;
    }
  for (; i < length; i++)
    hash = (hash ^ data[i]) * k1;
  return hash ^ (hash >> 29);
}

static guint64
checksum (const guint8 *header,
          const guint8 *peaks,
          gsize         peaks_length)
{
  return _pw_audio_checksum_update (_pw_audio_checksum_update (HEADER_SIZE, header, 56), peaks, peaks_length);
}

/**
 * _pw_audio_stamp_read:
 * @fd: an open file
 * @stamp: (out): return location for its size and modification time
 *
 * Returns: %TRUE when @fd could be looked at
 */
gboolean
_pw_audio_stamp_read (int           fd,
                      PwAudioStamp *stamp)
{
  struct stat st;

  if (fstat (fd, &st) != 0)
    return FALSE;
  stamp->size = (guint64) st.st_size;
  stamp->mtime_ns = (gint64) st.st_mtim.tv_sec * G_GINT64_CONSTANT (1000000000) + st.st_mtim.tv_nsec;
  return TRUE;
}

gboolean
_pw_audio_read_all (int     fd,
                    guint8 *buffer,
                    gsize   length)
{
  while (length > 0)
    {
      gssize n = read (fd, buffer, length);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return FALSE;
      buffer += n;
      length -= n;
    }
  return TRUE;
}

static gboolean
header_fits (const guint8       *header,
             const PwAudioStamp *stamp,
             guint64             file_size,
             guint              *rate,
             guint64            *n_samples,
             gsize              *n_peaks)
{
  guint64 peaks;

  if (memcmp (header, MAGIC, 8) != 0 || get_le32 (header + 8) != VERSION
      || get_le32 (header + 12) != HEADER_SIZE
      || get_le32 (header + 20) != PW_AUDIO_LEVELS_SAMPLES_PER_PEAK)
    return FALSE;

  *rate = get_le32 (header + 16);
  *n_samples = get_le64 (header + 24);
  peaks = get_le64 (header + 32);
  if (*rate == 0 || *rate > PW_AUDIO_MAX_RATE || *n_samples > PW_AUDIO_MAX_SAMPLES
      || peaks != (*n_samples + PW_AUDIO_LEVELS_SAMPLES_PER_PEAK - 1) / PW_AUDIO_LEVELS_SAMPLES_PER_PEAK
      || file_size != HEADER_SIZE + peaks * sizeof (PwAudioPeak))
    return FALSE;

  if (get_le64 (header + 40) != stamp->size || (gint64) get_le64 (header + 48) != stamp->mtime_ns)
    return FALSE;

  *n_peaks = peaks;
  return TRUE;
}

/**
 * _pw_audio_levels_file_read:
 * @file: a levels file
 * @stamp: the recording as it is now
 * @builder: where the peaks go
 *
 * Reads the levels of the recording @stamp describes, if @file holds
 * them whole. Blocks: run it in a thread.
 *
 * Returns: %TRUE when @builder has them
 */
gboolean
_pw_audio_levels_file_read (GFile              *file,
                            const PwAudioStamp *stamp,
                            PwLevelsBuilder    *builder)
{
  g_autofree char *path = g_file_get_path (file);
  g_autofree PwAudioPeak *peaks = NULL;
  guint8 header[HEADER_SIZE];
  PwAudioStamp levels_stamp;
  guint64 n_samples;
  gsize n_peaks;
  guint rate;
  int fd;
  gboolean ok;

  if (path == NULL)
    return FALSE;
  fd = g_open (path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW, 0);
  if (fd < 0)
    return FALSE;

  ok = _pw_audio_stamp_read (fd, &levels_stamp) && _pw_audio_read_all (fd, header, HEADER_SIZE)
       && header_fits (header, stamp, levels_stamp.size, &rate, &n_samples, &n_peaks);
  if (ok)
    {
      peaks = g_try_new (PwAudioPeak, MAX (n_peaks, 1));
      ok = peaks != NULL && _pw_audio_read_all (fd, (guint8 *) peaks, n_peaks * sizeof *peaks)
           && checksum (header, (const guint8 *) peaks, n_peaks * sizeof *peaks) == get_le64 (header + 56);
    }
  g_close (fd, NULL);
  if (!ok)
    {
      g_debug ("The levels in “%s” are not of this recording; decoding it again", path);
      return FALSE;
    }

  for (gsize i = 0; i < n_peaks; i++)
    {
      peaks[i].min = GINT16_FROM_LE (peaks[i].min);
      peaks[i].max = GINT16_FROM_LE (peaks[i].max);
      if (peaks[i].min > peaks[i].max)
        return FALSE;
    }

  _pw_levels_builder_take (builder, rate, n_samples, g_steal_pointer (&peaks), n_peaks);
  return TRUE;
}

/**
 * _pw_audio_levels_file_write:
 * @file: where to keep the levels
 * @stamp: the recording they were made from, as it was before
 * @builder: the finished levels
 * @error: return location for a #GError
 *
 * Replaces @file atomically, making its folder if need be. Blocks: run it
 * in a thread. The levels are only a copy of what the recording holds, so
 * the write is not waited for on the disk, which cost more than reading
 * an hour of WAV.
 *
 * Returns: %TRUE when @file holds the levels
 */
gboolean
_pw_audio_levels_file_write (GFile                  *file,
                             const PwAudioStamp     *stamp,
                             const PwLevelsBuilder  *builder,
                             GError                **error)
{
  g_autoptr (GFile) folder = g_file_get_parent (file);
  g_autofree char *folder_path = folder != NULL ? g_file_get_path (folder) : NULL;
  g_autofree char *path = g_file_get_path (file);
  g_autoptr (GError) write_error = NULL;
  gsize peaks_length = builder->n_peaks * sizeof (PwAudioPeak);
  g_autofree guint8 *contents = g_malloc (HEADER_SIZE + peaks_length);
  PwAudioPeak *peaks = (PwAudioPeak *) (void *) (contents + HEADER_SIZE);

  g_assert (builder->n_peaks
            == (builder->n_samples + PW_AUDIO_LEVELS_SAMPLES_PER_PEAK - 1) / PW_AUDIO_LEVELS_SAMPLES_PER_PEAK);

  /* Not a local file: refused there, with the message for it. */
  if (path == NULL)
    return pw_file_write_durably (file, "", 0, error);
  if (folder_path != NULL && !pw_paths_ensure_dir (folder_path, error))
    return FALSE;

  memcpy (contents, MAGIC, 8);
  put_le32 (contents + 8, VERSION);
  put_le32 (contents + 12, HEADER_SIZE);
  put_le32 (contents + 16, builder->rate);
  put_le32 (contents + 20, PW_AUDIO_LEVELS_SAMPLES_PER_PEAK);
  put_le64 (contents + 24, builder->n_samples);
  put_le64 (contents + 32, builder->n_peaks);
  put_le64 (contents + 40, stamp->size);
  put_le64 (contents + 48, (guint64) stamp->mtime_ns);
  for (gsize i = 0; i < builder->n_peaks; i++)
    {
      peaks[i].min = GINT16_TO_LE (builder->peaks[i].min);
      peaks[i].max = GINT16_TO_LE (builder->peaks[i].max);
    }
  put_le64 (contents + 56, checksum (contents, (const guint8 *) peaks, peaks_length));

  /* Replaced atomically, but not waited for on the disk: a crash leaves
   * the old file, the new one, or one the checks refuse, decoded again. */
  if (!g_file_set_contents_full (path, (const char *) contents, HEADER_SIZE + peaks_length,
                                 G_FILE_SET_CONTENTS_CONSISTENT, 0666, &write_error))
    {
      g_autofree char *name = g_file_get_parse_name (file);

      pw_file_error_to_pw (error, write_error, name);
      return FALSE;
    }
  return TRUE;
}

/**
 * pw_audio_levels_cache_file_for:
 * @audio: a local recording
 *
 * Says where the levels of @audio are kept: beside it when it is in the
 * media cache (a task's recording, named by its checksum), in the cache's
 * `levels` folder otherwise (a worker's own file, whose folder is left
 * alone).
 *
 * Returns: (transfer full): the levels file
 */
GFile *
pw_audio_levels_cache_file_for (GFile *audio)
{
  g_autofree char *cache = pw_paths_cache_dir ();
  g_autofree char *media_path = g_build_filename (cache, "media", NULL);
  g_autoptr (GFile) media = g_file_new_for_path (media_path);
  g_autoptr (GFile) folder = NULL;
  g_autofree char *name = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *key = NULL;

  g_return_val_if_fail (G_IS_FILE (audio), NULL);

  folder = g_file_get_parent (audio);
  name = g_file_get_basename (audio);
  if (folder != NULL && name != NULL && g_file_equal (folder, media))
    {
      g_autofree char *levels_name = g_strconcat (name, ".levels", NULL);

      return g_file_get_child (folder, levels_name);
    }

  uri = g_file_get_uri (audio);
  key = g_compute_checksum_for_string (G_CHECKSUM_SHA256, uri, -1);
  g_free (name);
  name = g_strconcat (key, ".levels", NULL);
  return g_file_new_build_filename (cache, "levels", name, NULL);
}
