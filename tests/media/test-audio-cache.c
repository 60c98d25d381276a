/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#include "pw-audio-test.h"

/* Levels kept in the cache: read back as they were written, used only
 * for the recording as it was, and never trusted when damaged. */

#define RATE 16000
#define N_FRAMES 200001
#define HEADER_SIZE 64

static char *dir;

typedef struct
{
  char *audio_path;
  char *cache_path;
  PwAudioPeak *expected;
  gsize n_expected;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr (PwTestSound) sound = pw_test_sound_new (PW_TEST_S16, 1, RATE, N_FRAMES, 1);
  g_autoptr (GBytes) wav = pw_test_sound_to_wav (sound);

  fixture->audio_path = pw_test_write (dir, "speech.wav", wav);
  fixture->cache_path = g_build_filename (dir, "speech.levels", NULL);
  fixture->expected = pw_test_sound_peaks (sound, &fixture->n_expected);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_remove (fixture->audio_path);
  g_remove (fixture->cache_path);
  g_free (fixture->audio_path);
  g_free (fixture->cache_path);
  g_free (fixture->expected);
}

static void
load_and_check (Fixture *fixture)
{
  PwTestLoad load = { 0 };

  pw_test_load (&load, fixture->audio_path, fixture->cache_path, NULL);
  g_assert_no_error (load.error);
  g_assert_cmpuint (pw_audio_levels_get_n_samples (load.levels), ==, N_FRAMES);
  g_assert_cmpuint (pw_audio_levels_get_rate (load.levels), ==, RATE);
  pw_test_assert_levels (load.levels, fixture->expected, fixture->n_expected, 0);
  pw_test_load_clear (&load);
}

static GBytes *
read_cache (Fixture *fixture)
{
  g_autoptr (GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;

  g_file_get_contents (fixture->cache_path, &contents, &length, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (contents, length);
}

static void
write_cache (Fixture      *fixture,
             const guint8 *contents,
             gsize         length)
{
  g_autoptr (GError) error = NULL;

  g_file_set_contents (fixture->cache_path, (const char *) contents, length, &error);
  g_assert_no_error (error);
}

static void
set_mtime (const char *path,
           gint64      seconds)
{
  struct timespec times[2] = { { seconds, 0 }, { seconds, 0 } };

  g_assert_cmpint (utimensat (AT_FDCWD, path, times, 0), ==, 0);
}

/* The file written after a decode is read back with the same levels, in
 * one progress, and it is what is read: levels kept for the recording as
 * it was are used while its size and time are the same, and not after. */
static void
test_round_trip (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr (GBytes) kept = NULL;
  g_autoptr (PwTestSound) other = NULL;
  g_autoptr (GBytes) other_wav = NULL;
  g_autofree PwAudioPeak *other_peaks = NULL;
  gsize n_other;
  PwTestLoad load = { 0 };

  set_mtime (fixture->audio_path, 1700000000);
  load_and_check (fixture);
  kept = read_cache (fixture);
  g_assert_cmpuint (g_bytes_get_size (kept), ==, HEADER_SIZE + fixture->n_expected * sizeof (PwAudioPeak));
  g_assert_cmpmem (g_bytes_get_data (kept, NULL), 8, "PWLEVELS", 8);

  pw_test_load (&load, fixture->audio_path, fixture->cache_path, NULL);
  g_assert_no_error (load.error);
  g_assert_cmpuint (load.n_progress, ==, 1);
  g_assert_cmpuint (load.progressed, ==, N_FRAMES);
  pw_test_assert_levels (load.levels, fixture->expected, fixture->n_expected, 0);
  pw_test_load_clear (&load);

  /* Other sound of the same size and time: the kept levels are used. */
  other = pw_test_sound_new (PW_TEST_S16, 1, RATE, N_FRAMES, 99);
  other_wav = pw_test_sound_to_wav (other);
  g_free (pw_test_write (dir, "speech.wav", other_wav));
  set_mtime (fixture->audio_path, 1700000000);
  load_and_check (fixture);

  /* A new time: decoded again, and kept again. */
  set_mtime (fixture->audio_path, 1700000001);
  other_peaks = pw_test_sound_peaks (other, &n_other);
  pw_test_load (&load, fixture->audio_path, fixture->cache_path, NULL);
  g_assert_no_error (load.error);
  pw_test_assert_levels (load.levels, other_peaks, n_other, 0);
  pw_test_load_clear (&load);
  g_bytes_unref (g_steal_pointer (&kept));
  kept = read_cache (fixture);
  g_assert_cmpmem ((const guint8 *) g_bytes_get_data (kept, NULL) + HEADER_SIZE, 4 * n_other,
                   other_peaks, 4 * n_other);
}

typedef enum
{
  CUT_TO_ZERO,
  CUT_TO_HEADER,
  CUT_LAST_BYTE,
  CUT_IN_HALF,
  LONGER,
  FLIP_PEAK,
  FLIP_MAGIC,
  NEWER_VERSION,
  OTHER_SAMPLES_PER_PEAK,
  MORE_SAMPLES,
  ZERO_RATE,
  GARBAGE,
  N_DAMAGES
} Damage;

static GBytes *
damage (GBytes *kept,
        Damage  how)
{
  gsize length;
  const guint8 *data = g_bytes_get_data (kept, &length);
  g_autofree guint8 *copy = g_memdup2 (data, length + 1);

  switch (how)
    {
    case CUT_TO_ZERO:
      length = 0;
      break;
    case CUT_TO_HEADER:
      length = HEADER_SIZE;
      break;
    case CUT_LAST_BYTE:
      length--;
      break;
    case CUT_IN_HALF:
      length /= 2;
      break;
    case LONGER:
      copy[length++] = 0;
      break;
    case FLIP_PEAK:
      copy[HEADER_SIZE + 4 * 100 + 1] ^= 0x10;
      break;
    case FLIP_MAGIC:
      copy[0] = 'X';
      break;
    case NEWER_VERSION:
      copy[8] = 2;
      break;
    case OTHER_SAMPLES_PER_PEAK:
      copy[21] = 2;                     /* 512 */
      break;
    case MORE_SAMPLES:
      copy[24] += 1;
      break;
    case ZERO_RATE:
      memset (copy + 16, 0, 4);
      break;
    case GARBAGE:
      for (gsize i = 0; i < length; i++)
        copy[i] = (guint8) (i * 131 + 7);
      break;
    default:
      g_assert_not_reached ();
    }
  return g_bytes_new (copy, length);
}

/* Each kind of damage is noticed: the recording is decoded again, the
 * levels are right, and the file is replaced by a good one. */
static void
test_damaged (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr (GBytes) kept = NULL;

  load_and_check (fixture);
  kept = read_cache (fixture);

  for (Damage how = 0; how < N_DAMAGES; how++)
    {
      g_autoptr (GBytes) damaged = damage (kept, how);
      g_autoptr (GBytes) replaced = NULL;

      g_test_message ("damage %d", how);
      write_cache (fixture, g_bytes_get_data (damaged, NULL), g_bytes_get_size (damaged));
      load_and_check (fixture);
      replaced = read_cache (fixture);
      g_assert_true (g_bytes_equal (replaced, kept));
    }
}

/* A folder, or a link, where the levels file goes is not read as levels;
 * a cache that cannot be written costs only the keeping. */
static void
test_unwritable (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *target = g_build_filename (dir, "elsewhere", NULL);

  g_assert_cmpint (g_mkdir (fixture->cache_path, 0700), ==, 0);
  load_and_check (fixture);
  g_assert_cmpint (g_rmdir (fixture->cache_path), ==, 0);

  load_and_check (fixture);
  g_assert_cmpint (g_rename (fixture->cache_path, target), ==, 0);
  g_assert_cmpint (symlink (target, fixture->cache_path), ==, 0);
  load_and_check (fixture);
  g_remove (target);
}

/* Where the levels go: beside a task's recording in the media cache, in
 * a folder of the cache for any other file. */
static void
test_location (void)
{
  g_autofree char *media = g_build_filename (g_get_user_cache_dir (), "piecework", "media",
                                             "0123abcd", NULL);
  g_autoptr (GFile) task_audio = g_file_new_for_path (media);
  g_autoptr (GFile) own_audio = g_file_new_for_path ("/home/someone/Music/interview.ogg");
  g_autoptr (GFile) other_audio = g_file_new_for_path ("/home/someone/Music/other.ogg");
  g_autoptr (GFile) task_levels = pw_audio_levels_cache_file_for (task_audio);
  g_autoptr (GFile) own_levels = pw_audio_levels_cache_file_for (own_audio);
  g_autoptr (GFile) other_levels = pw_audio_levels_cache_file_for (other_audio);
  g_autofree char *task_path = g_file_get_path (task_levels);
  g_autofree char *own_path = g_file_get_path (own_levels);
  g_autofree char *levels_dir = g_build_filename (g_get_user_cache_dir (), "piecework", "levels", NULL);
  g_autofree char *own_dir = g_path_get_dirname (own_path);
  g_autofree char *beside = g_strconcat (media, ".levels", NULL);

  g_assert_cmpstr (task_path, ==, beside);
  g_assert_cmpstr (own_dir, ==, levels_dir);
  g_assert_true (g_str_has_suffix (own_path, ".levels"));
  g_assert_false (g_file_equal (own_levels, other_levels));
}

int
main (int   argc,
      char *argv[])
{
  int result;

  g_test_init (&argc, &argv, NULL);
  dir = pw_test_make_dir ();

  g_test_add ("/audio-cache/round-trip", Fixture, NULL, fixture_set_up, test_round_trip, fixture_tear_down);
  g_test_add ("/audio-cache/damaged", Fixture, NULL, fixture_set_up, test_damaged, fixture_tear_down);
  g_test_add ("/audio-cache/unwritable", Fixture, NULL, fixture_set_up, test_unwritable, fixture_tear_down);
  g_test_add_func ("/audio-cache/location", test_location);

  result = g_test_run ();
  pw_test_remove_dir (dir);
  g_free (dir);
  return result;
}
