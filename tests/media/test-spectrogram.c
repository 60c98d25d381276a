/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>
#include <unistd.h>
#include <utime.h>

#include "media/pw-spectrogram-private.h"
#include "pw-audio-test.h"

/* The spectrogram of generated recordings: a pure tone peaks in the band
 * of its frequency, silence is the floor; progress, cancel, the cache and
 * what a damaged cache file gets; the merge of columns that keeps long
 * recordings within their memory. */

#define RATE 16000

static char *dir;

/* A sine of @amplitude at @hz, or silence at amplitude 0. */
static char *
write_tone (const char         *name,
            PwTestSampleFormat  format,
            guint               rate,
            gsize               n_frames,
            double              hz,
            double              amplitude)
{
  g_autoptr (PwTestSound) sound = pw_test_sound_new (format, 1, rate, n_frames, 1);
  g_autoptr (GBytes) wav = NULL;

  for (gsize i = 0; i < n_frames; i++)
    sound->values[i] = amplitude * sin (2 * G_PI * hz * i / rate);
  wav = pw_test_sound_to_wav (sound);
  return pw_test_write (dir, name, wav);
}

typedef struct
{
  PwSpectrogram *spectrogram;
  gboolean       done;
  gboolean       ok;
  GError        *error;
  guint64        progressed;
  guint          n_progress;
  GCancellable  *cancel_at_progress;
} Load;

static void
on_progress (PwSpectrogram *spectrogram,
             guint64        start,
             guint64        end,
             gpointer       user_data)
{
  Load *load = user_data;

  g_assert_false (load->done);
  g_assert_cmpuint (start, ==, load->progressed);
  g_assert_cmpuint (end, >, start);
  load->progressed = end;
  load->n_progress++;
  if (load->cancel_at_progress != NULL)
    g_cancellable_cancel (load->cancel_at_progress);
}

static void
on_loaded (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Load *load = user_data;

  g_assert_false (load->done);
  load->ok = pw_spectrogram_load_finish (PW_SPECTROGRAM (source), result, &load->error);
  g_assert_true (load->ok == (load->error == NULL));
  load->done = TRUE;
}

/* Loads asynchronously and waits for the answer. */
static void
load_async (Load         *load,
            const char   *audio_path,
            const char   *cache_path,
            GCancellable *cancellable)
{
  g_autoptr (GFile) audio = g_file_new_for_path (audio_path);
  g_autoptr (GFile) cache = cache_path != NULL ? g_file_new_for_path (cache_path) : NULL;

  load->spectrogram = pw_spectrogram_new (audio, cache);
  g_signal_connect (load->spectrogram, "progress", G_CALLBACK (on_progress), load);
  pw_spectrogram_load_async (load->spectrogram, cancellable, on_loaded, load);
  pw_test_spin_until (&load->done);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_true (pw_spectrogram_is_complete (load->spectrogram) == load->ok);
}

static void
load_clear (Load *load)
{
  if (load->spectrogram != NULL)
    {
      g_signal_handlers_disconnect_by_data (load->spectrogram, load);
      g_assert_finalize_object (g_steal_pointer (&load->spectrogram));
    }
  g_clear_error (&load->error);
  g_clear_object (&load->cancel_at_progress);
  memset (load, 0, sizeof *load);
}

static guint
loudest_band (const guint8 *column)
{
  guint loudest = 0;

  for (guint band = 1; band < PW_SPECTROGRAM_N_BANDS; band++)
    if (column[band] > column[loudest])
      loudest = band;
  return loudest;
}

static void
check_tone (PwTestSampleFormat format,
            guint              rate,
            double             hz)
{
  double seconds = 2;
  gsize n_frames = (gsize) (seconds * rate);
  g_autofree char *path = write_tone ("tone.wav", format, rate, n_frames, hz, 0.5);
  guint window = _pw_spectrogram_window_for (rate);
  double bin_hz = (double) rate / window;
  Load load = { 0 };
  const guint8 *columns;
  gsize n_columns;

  load_async (&load, path, NULL, NULL);
  g_assert_no_error (load.error);
  g_assert_cmpuint (load.progressed, ==, n_frames);
  g_assert_cmpuint (pw_spectrogram_get_rate (load.spectrogram), ==, rate);
  g_assert_cmpuint (pw_spectrogram_get_n_samples (load.spectrogram), ==, n_frames);
  g_assert_cmpuint (pw_spectrogram_get_column_samples (load.spectrogram), ==, rate / 50);

  columns = pw_spectrogram_get_layer (load.spectrogram, 0, &n_columns);
  g_assert_cmpuint (n_columns, ==, 100);
  /* Away from the edges, where the window reaches past the sound. */
  for (gsize c = 5; c < n_columns - 5; c++)
    {
      const guint8 *column = columns + c * PW_SPECTROGRAM_N_BANDS;
      guint band = loudest_band (column);
      double low, high;
      double db = pw_spectrogram_level_to_db (column[band]);

      pw_spectrogram_get_band_range (load.spectrogram, band, &low, &high);
      if (hz < low - bin_hz || hz > high + bin_hz)
        g_error ("A tone of %.0f Hz is loudest in column %zu at band %u, %.1f–%.1f Hz",
                 hz, c, band, low, high);
      /* Half of full scale: −6 dB. */
      g_assert_cmpfloat (db, >, -8);
      g_assert_cmpfloat (db, <, -4);
      /* Far from the tone, the Hann window's side lobes are gone. */
      for (guint other = 0; other < PW_SPECTROGRAM_N_BANDS; other++)
        {
          pw_spectrogram_get_band_range (load.spectrogram, other, &low, &high);
          if (high < hz / 3 || low > hz * 3)
            g_assert_cmpfloat (pw_spectrogram_level_to_db (column[other]), <, -45);
        }
    }
  load_clear (&load);
  g_assert_cmpint (g_remove (path), ==, 0);
}

static void
test_tone (void)
{
  check_tone (PW_TEST_S16, RATE, 440);
  check_tone (PW_TEST_S16, RATE, 1000);
  check_tone (PW_TEST_S16, RATE, 3150);
  check_tone (PW_TEST_F32, 44100, 5000);
  check_tone (PW_TEST_S16, 8000, 300);
}

static void
test_silence (void)
{
  g_autofree char *path = write_tone ("silence.wav", PW_TEST_S16, RATE, 12345, 0, 0);
  g_autoptr (GFile) audio = g_file_new_for_path (path);
  g_autoptr (PwSpectrogram) spectrogram = pw_spectrogram_new (audio, NULL);
  g_autoptr (GError) error = NULL;

  g_assert_true (pw_spectrogram_load (spectrogram, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (pw_spectrogram_is_complete (spectrogram));
  for (guint layer = 0; layer < pw_spectrogram_get_n_layers (spectrogram); layer++)
    {
      gsize n_columns;
      const guint8 *columns = pw_spectrogram_get_layer (spectrogram, layer, &n_columns);

      g_assert_cmpuint (n_columns, >, 0);
      for (gsize i = 0; i < n_columns * PW_SPECTROGRAM_N_BANDS; i++)
        g_assert_cmpuint (columns[i], ==, 0);
    }
  /* 12345 samples are 39 frames of 320, in 39 columns, then 3 and 1. */
  g_assert_cmpuint (pw_spectrogram_get_n_layers (spectrogram), ==, 3);
  g_assert_cmpuint (pw_spectrogram_get_size (spectrogram), ==,
                    PW_SPECTROGRAM_FILE_HEADER + (39 + 3 + 1) * PW_SPECTROGRAM_N_BANDS);
  g_assert_cmpint (g_remove (path), ==, 0);
}

/* A tone from Ogg Vorbis, through the same GStreamer path as the
 * levels. */
static void
test_ogg (void)
{
  g_autofree char *wav_path = write_tone ("ogg-tone.wav", PW_TEST_S16, RATE, 3 * RATE, 1000, 0.5);
  g_autofree char *ogg_path = g_build_filename (dir, "tone.ogg", NULL);
  Load load = { 0 };
  const guint8 *columns;
  gsize n_columns;
  double low, high;

  if (!pw_test_can_encode ("vorbisenc") || !pw_test_can_encode ("oggmux"))
    {
      g_test_skip ("GStreamer's Vorbis encoder is not installed");
      g_remove (wav_path);
      return;
    }
  pw_test_encode (wav_path, ogg_path, "vorbisenc ! oggmux");
  load_async (&load, ogg_path, NULL, NULL);
  g_assert_no_error (load.error);
  columns = pw_spectrogram_get_layer (load.spectrogram, 0, &n_columns);
  g_assert_cmpuint (n_columns, ==, 150);
  pw_spectrogram_get_band_range (load.spectrogram, loudest_band (columns + 75 * PW_SPECTROGRAM_N_BANDS),
                                 &low, &high);
  g_assert_cmpfloat (low, <=, 1000 + RATE / 512.0);
  g_assert_cmpfloat (high, >=, 1000 - RATE / 512.0);
  load_clear (&load);
  g_assert_cmpint (g_remove (wav_path), ==, 0);
  g_assert_cmpint (g_remove (ogg_path), ==, 0);
}

static void
on_progress_cancel (PwSpectrogram *spectrogram,
                    guint64        start,
                    guint64        end,
                    gpointer       user_data)
{
  g_cancellable_cancel (user_data);
}

/* Cancelled at its first progress, a load stops, keeps nothing in the
 * cache and is not complete; asynchronously too, and before it starts. */
static void
test_cancel (void)
{
  g_autofree char *path = write_tone ("cancel.wav", PW_TEST_S16, RATE, 3 * 60 * RATE, 440, 0.5);
  g_autofree char *cache_path = g_build_filename (dir, "cancelled.spectrogram", NULL);
  g_autoptr (GFile) audio = g_file_new_for_path (path);
  g_autoptr (GFile) cache = g_file_new_for_path (cache_path);
  g_autoptr (PwSpectrogram) spectrogram = pw_spectrogram_new (audio, cache);
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (GError) error = NULL;
  Load load = { 0 };

  g_signal_connect (spectrogram, "progress", G_CALLBACK (on_progress_cancel), cancellable);
  g_assert_false (pw_spectrogram_load (spectrogram, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (pw_spectrogram_is_complete (spectrogram));
  g_assert_cmpuint (pw_spectrogram_get_n_layers (spectrogram), ==, 0);
  g_assert_false (g_file_test (cache_path, G_FILE_TEST_EXISTS));

  g_clear_object (&cancellable);
  cancellable = g_cancellable_new ();
  g_cancellable_cancel (cancellable);
  load_async (&load, path, cache_path, cancellable);
  g_assert_error (load.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (g_file_test (cache_path, G_FILE_TEST_EXISTS));
  load_clear (&load);

  g_clear_object (&cancellable);
  cancellable = g_cancellable_new ();
  /* The thread may be done before the main context hears of progress;
   * the answer is the cancel all the same. */
  load.cancel_at_progress = g_object_ref (cancellable);
  load_async (&load, path, NULL, cancellable);
  g_assert_error (load.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (load.n_progress, >=, 1);
  g_assert_false (pw_spectrogram_is_complete (load.spectrogram));
  load_clear (&load);

  g_assert_cmpint (g_remove (path), ==, 0);
}

static GBytes *
layer_bytes (PwSpectrogram *spectrogram,
             guint          layer)
{
  gsize n_columns;
  const guint8 *columns = pw_spectrogram_get_layer (spectrogram, layer, &n_columns);

  return g_bytes_new (columns, n_columns * PW_SPECTROGRAM_N_BANDS);
}

/* Analysed, the load tells of its progress many times; read from the
 * cache, once, at the end. */
static void
assert_same_spectrogram (PwSpectrogram *spectrogram,
                         PwSpectrogram *expected)
{
  g_assert_cmpuint (pw_spectrogram_get_n_layers (spectrogram), ==, pw_spectrogram_get_n_layers (expected));
  for (guint layer = 0; layer < pw_spectrogram_get_n_layers (expected); layer++)
    {
      g_autoptr (GBytes) got = layer_bytes (spectrogram, layer);
      g_autoptr (GBytes) want = layer_bytes (expected, layer);

      g_assert_true (g_bytes_equal (got, want));
    }
  g_assert_cmpuint (pw_spectrogram_get_n_samples (spectrogram), ==, pw_spectrogram_get_n_samples (expected));
  g_assert_cmpuint (pw_spectrogram_get_rate (spectrogram), ==, pw_spectrogram_get_rate (expected));
  g_assert_cmpuint (pw_spectrogram_get_column_samples (spectrogram), ==,
                    pw_spectrogram_get_column_samples (expected));
}

/* A cache file read is left alone; one written is replaced, atomically,
 * by a new file. */
static guint64
inode_of (const char *path)
{
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  return st.st_ino;
}

static void
test_cache (void)
{
  g_autofree char *path = write_tone ("cached.wav", PW_TEST_S16, RATE, 60 * RATE + 7, 1000, 0.3);
  g_autofree char *cache_path = g_build_filename (dir, "cache", "cached.spectrogram", NULL);
  Load first = { 0 }, second = { 0 };
  guint64 inode;

  load_async (&first, path, cache_path, NULL);
  g_assert_no_error (first.error);
  g_assert_cmpuint (first.n_progress, >, 1);
  g_assert_true (g_file_test (cache_path, G_FILE_TEST_IS_REGULAR));
  inode = inode_of (cache_path);

  load_async (&second, path, cache_path, NULL);
  g_assert_no_error (second.error);
  g_assert_cmpuint (inode_of (cache_path), ==, inode);
  g_assert_cmpuint (second.n_progress, ==, 1);
  g_assert_cmpuint (second.progressed, ==, 60 * RATE + 7);
  assert_same_spectrogram (second.spectrogram, first.spectrogram);

  load_clear (&first);
  load_clear (&second);
  g_assert_cmpint (g_remove (cache_path), ==, 0);
  g_assert_cmpint (g_remove (path), ==, 0);
}

/* The cache file's name follows the levels', beside them. */
static void
test_cache_name (void)
{
  g_autoptr (GFile) audio = g_file_new_for_path ("/somewhere/talk.ogg");
  g_autoptr (GFile) levels = pw_audio_levels_cache_file_for (audio);
  g_autoptr (GFile) spectrogram = pw_spectrogram_cache_file_for (audio);
  g_autoptr (GFile) levels_folder = g_file_get_parent (levels);
  g_autoptr (GFile) folder = g_file_get_parent (spectrogram);
  g_autofree char *levels_name = g_file_get_basename (levels);
  g_autofree char *name = g_file_get_basename (spectrogram);

  g_assert_true (g_file_equal (folder, levels_folder));
  g_assert_true (g_str_has_suffix (name, ".spectrogram"));
  g_assert_cmpint (strncmp (name, levels_name, strlen (levels_name) - strlen (".levels")), ==, 0);
}

typedef void (*Damage) (const char *cache_path,
                        const char *audio_path);

static void
flip_byte (const char *cache_path,
           gsize       offset)
{
  g_autofree char *contents = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (cache_path, &contents, &length, NULL));
  g_assert_cmpuint (offset, <, length);
  contents[offset] ^= 0x10;
  g_assert_true (g_file_set_contents (cache_path, contents, length, NULL));
}

static void
damage_column (const char *cache_path,
               const char *audio_path)
{
  flip_byte (cache_path, PW_SPECTROGRAM_FILE_HEADER + 50 * PW_SPECTROGRAM_N_BANDS + 17);
}

static void
damage_header (const char *cache_path,
               const char *audio_path)
{
  /* The samples a column stands for. */
  flip_byte (cache_path, 32);
}

static void
damage_length (const char *cache_path,
               const char *audio_path)
{
  g_assert_cmpint (truncate (cache_path, PW_SPECTROGRAM_FILE_HEADER + 1000), ==, 0);
}

static void
damage_garbage (const char *cache_path,
                const char *audio_path)
{
  g_assert_true (g_file_set_contents (cache_path, "PWSPECTR and then nothing of use", -1, NULL));
}

/* The recording changed since: its spectrogram is not this one's. */
static void
damage_recording (const char *cache_path,
                  const char *audio_path)
{
  struct utimbuf times = { 1000000, 1000000 };

  g_assert_cmpint (g_utime (audio_path, &times), ==, 0);
}

static void
test_damaged (void)
{
  static const Damage damages[] = {
    damage_column, damage_header, damage_length, damage_garbage, damage_recording,
  };
  g_autofree char *path = write_tone ("damaged.wav", PW_TEST_S16, RATE, 30 * RATE, 2000, 0.3);
  g_autofree char *cache_path = g_build_filename (dir, "damaged.spectrogram", NULL);
  Load original = { 0 };

  load_async (&original, path, cache_path, NULL);
  g_assert_no_error (original.error);

  for (guint d = 0; d < G_N_ELEMENTS (damages); d++)
    {
      Load again = { 0 }, cached = { 0 };
      guint64 inode;

      damages[d] (cache_path, path);
      inode = inode_of (cache_path);
      /* Analysed again, not read, and the same as before. */
      load_async (&again, path, cache_path, NULL);
      g_assert_no_error (again.error);
      g_assert_cmpuint (again.n_progress, >, 1);
      assert_same_spectrogram (again.spectrogram, original.spectrogram);
      g_assert_cmpuint (inode_of (cache_path), !=, inode);

      /* And kept whole again. */
      inode = inode_of (cache_path);
      load_async (&cached, path, cache_path, NULL);
      g_assert_no_error (cached.error);
      g_assert_cmpuint (cached.n_progress, ==, 1);
      g_assert_cmpuint (inode_of (cache_path), ==, inode);
      assert_same_spectrogram (cached.spectrogram, original.spectrogram);
      load_clear (&again);
      load_clear (&cached);
    }

  load_clear (&original);
  g_assert_cmpint (g_remove (cache_path), ==, 0);
  g_assert_cmpint (g_remove (path), ==, 0);
}

/* Past its column limit, the analysis merges each two columns into one,
 * which then covers twice the frames: memory stops growing. At 1 kHz the
 * limit is an hour and five minutes away. */
static void
test_merge (void)
{
  PwSpectrumAnalyzer analyzer;
  guint rate = 1000;
  guint hop = _pw_spectrogram_hop_for (rate);
  gsize n_frames = PW_SPECTROGRAM_MAX_COLUMNS + 1001;
  gsize n_samples = n_frames * hop;
  gint16 chunk[4000];
  gsize done = 0;
  guint8 first_half_max = 0;

  _pw_spectrum_analyzer_init (&analyzer);
  while (done < n_samples)
    {
      gsize n = MIN (G_N_ELEMENTS (chunk), n_samples - done);

      /* A tone for the first half, silence after. */
      for (gsize i = 0; i < n; i++)
        chunk[i] = done + i < n_samples / 2 ? (gint16) (10000 * sin (2 * G_PI * 100 * (done + i) / rate)) : 0;
      _pw_spectrum_analyzer_add (&analyzer, chunk, n, rate);
      done += n;
    }
  _pw_spectrum_analyzer_finish (&analyzer);

  g_assert_cmpuint (analyzer.n_frames, ==, n_frames);
  g_assert_cmpuint (analyzer.frames_per_column, ==, 2);
  g_assert_cmpuint (analyzer.n_columns, ==, (n_frames + 1) / 2);
  g_assert_cmpuint (analyzer.allocated, <=, PW_SPECTROGRAM_MAX_COLUMNS);
  for (gsize c = 0; c < analyzer.n_columns; c++)
    {
      const guint8 *column = analyzer.block + PW_SPECTROGRAM_FILE_HEADER + c * PW_SPECTROGRAM_N_BANDS;
      guint8 loudest = column[loudest_band (column)];

      if (c < analyzer.n_columns / 2 - 2)
        first_half_max = MAX (first_half_max, loudest);
      if (c > analyzer.n_columns / 2 + 2)
        g_assert_cmpuint (loudest, ==, 0);
      else if (c > 2 && c < analyzer.n_columns / 2 - 2)
        g_assert_cmpuint (loudest, >, 200);
    }
  g_assert_cmpuint (first_half_max, >, 200);
  _pw_spectrum_analyzer_clear (&analyzer);
}

int
main (int   argc,
      char *argv[])
{
  int result;

  g_test_init (&argc, &argv, NULL);
  dir = pw_test_make_dir ();

  g_test_add_func ("/spectrogram/tone", test_tone);
  g_test_add_func ("/spectrogram/silence", test_silence);
  g_test_add_func ("/spectrogram/ogg", test_ogg);
  g_test_add_func ("/spectrogram/cancel", test_cancel);
  g_test_add_func ("/spectrogram/cache", test_cache);
  g_test_add_func ("/spectrogram/cache-name", test_cache_name);
  g_test_add_func ("/spectrogram/damaged", test_damaged);
  g_test_add_func ("/spectrogram/merge", test_merge);

  result = g_test_run ();
  pw_test_remove_dir (dir);
  g_free (dir);
  return result;
}
