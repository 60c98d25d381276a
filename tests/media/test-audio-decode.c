/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gstdio.h>
#include <sys/prctl.h>
#include <string.h>

#include "pw-audio-test.h"

/* Recordings as they come: WAV files cut short or whose header lies, files
 * that are not sound at all, and the formats GStreamer decodes. */

#define RATE 16000

static char *dir;

static void
load_bytes (PwTestLoad *load,
            GBytes     *bytes)
{
  g_autofree char *path = pw_test_write (dir, "input.wav", bytes);

  pw_test_load (load, path, NULL, NULL);
  g_assert_cmpint (g_remove (path), ==, 0);
}

/* The first @n_frames of @sound, as levels must show them. */
static void
assert_first_frames (PwAudioLevels     *levels,
                     const PwTestSound *sound,
                     gsize              n_frames)
{
  PwTestSound head = *sound;
  g_autofree PwAudioPeak *expected = NULL;
  gsize n_expected;

  head.n_frames = n_frames;
  expected = pw_test_sound_peaks (&head, &n_expected);
  g_assert_true (pw_audio_levels_is_complete (levels));
  g_assert_cmpuint (pw_audio_levels_get_n_samples (levels), ==, n_frames);
  g_assert_cmpfloat (pw_audio_levels_get_duration (levels), ==, (double) n_frames / sound->rate);
  pw_test_assert_levels (levels, expected, n_expected, 0);
}

/* Cut in the middle of a frame: the whole frames are the recording. */
static void
test_truncated (void)
{
  g_autoptr (PwTestSound) sound = pw_test_sound_new (PW_TEST_S24, 2, RATE, 10000, 1);
  g_autoptr (GBytes) wav = pw_test_sound_to_wav (sound);
  g_autoptr (GBytes) cut = g_bytes_new_from_bytes (wav, 0, 44 + 5000 * 6 + 4);
  PwTestLoad load = { 0 };

  load_bytes (&load, cut);
  g_assert_no_error (load.error);
  assert_first_frames (load.levels, sound, 5000);
  pw_test_load_clear (&load);
}

static GBytes *
with_data_size (GBytes  *wav,
                guint32  data_size)
{
  gsize length = g_bytes_get_size (wav);
  g_autofree guint8 *copy = g_memdup2 (g_bytes_get_data (wav, NULL), length);

  copy[40] = data_size & 0xFF;
  copy[41] = (data_size >> 8) & 0xFF;
  copy[42] = (data_size >> 16) & 0xFF;
  copy[43] = data_size >> 24;
  return g_bytes_new (copy, length);
}

/* The data chunk says more than there is (up to 4 GB, or the size a
 * recorder leaves when it cannot go back), or less: the file is believed
 * over the header, and memory follows the file. */
static void
test_lying_size (void)
{
  g_autoptr (PwTestSound) sound = pw_test_sound_new (PW_TEST_S16, 1, RATE, 20000, 2);
  g_autoptr (GBytes) wav = pw_test_sound_to_wav (sound);
  static const guint32 larger[] = { 20001 * 2, 0x7FFFFFFF, 0xFFFFFFF0, 0xFFFFFFFF };
  PwTestLoad load = { 0 };

  for (guint i = 0; i < G_N_ELEMENTS (larger); i++)
    {
      g_autoptr (GBytes) lying = with_data_size (wav, larger[i]);

      load_bytes (&load, lying);
      g_assert_no_error (load.error);
      assert_first_frames (load.levels, sound, 20000);
      pw_test_load_clear (&load);
    }

  {
    g_autoptr (GBytes) shorter = with_data_size (wav, 1000 * 2 + 1);

    load_bytes (&load, shorter);
    g_assert_no_error (load.error);
    assert_first_frames (load.levels, sound, 1000);
    pw_test_load_clear (&load);
  }
}

/* No sound at all is a recording of no length. */
static void
test_empty_data (void)
{
  g_autoptr (GBytes) header = pw_test_wav_header (1, 1, RATE, 16, 0);
  PwTestLoad load = { 0 };
  PwAudioPeak peak;

  load_bytes (&load, header);
  g_assert_no_error (load.error);
  g_assert_true (pw_audio_levels_is_complete (load.levels));
  g_assert_cmpuint (pw_audio_levels_get_n_samples (load.levels), ==, 0);
  g_assert_cmpuint (pw_audio_levels_get_rate (load.levels), ==, RATE);
  g_assert_cmpfloat (pw_audio_levels_get_duration (load.levels), ==, 0);
  g_assert_cmpuint (pw_audio_levels_get_n_layers (load.levels), ==, 0);
  g_assert_false (pw_audio_levels_get_peak (load.levels, 0, 100, &peak));
  g_assert_cmpuint (load.n_progress, ==, 0);
  pw_test_load_clear (&load);
}

typedef struct
{
  const char *name;
  const char *bytes;
  gsize length;
} Broken;

#define BROKEN(name, literal) { name, literal, sizeof literal - 1 }

/* Headers that cannot be read: each is refused as damaged, naming the
 * file, and never read past. */
static void
test_broken_headers (void)
{
  static const Broken broken[] = {
    BROKEN ("only the RIFF header", "RIFF\x04\0\0\0WAVE"),
    BROKEN ("no format", "RIFF\x10\0\0\0WAVEdata\x04\0\0\0\1\0\2\0"),
    BROKEN ("sound before the format",
            "RIFF\x30\0\0\0WAVEdata\x02\0\0\0\1\0"
            "fmt \x10\0\0\0\1\0\1\0\x80\x3e\0\0\0\x7d\0\0\2\0\x10\0"),
    BROKEN ("no sound", "RIFF\x24\0\0\0WAVEfmt \x10\0\0\0\1\0\1\0\x80\x3e\0\0\0\x7d\0\0\2\0\x10\0"),
    BROKEN ("no channels",
            "RIFF\x26\0\0\0WAVEfmt \x10\0\0\0\1\0\0\0\x80\x3e\0\0\0\x7d\0\0\2\0\x10\0data\2\0\0\0\1\0"),
    BROKEN ("no rate",
            "RIFF\x26\0\0\0WAVEfmt \x10\0\0\0\1\0\1\0\0\0\0\0\0\x7d\0\0\2\0\x10\0data\2\0\0\0\1\0"),
    BROKEN ("frame size against channels",
            "RIFF\x26\0\0\0WAVEfmt \x10\0\0\0\1\0\2\0\x80\x3e\0\0\0\x7d\0\0\2\0\x10\0data\2\0\0\0\1\0"),
    BROKEN ("format cut short",
            "RIFF\x20\0\0\0WAVEfmt \x08\0\0\0\1\0\1\0\x80\x3e\0\0data\2\0\0\0\1\0"),
    BROKEN ("extensible format cut short",
            "RIFF\x26\0\0\0WAVEfmt \x10\0\0\0\xfe\xff\1\0\x80\x3e\0\0\0\x7d\0\0\2\0\x10\0data\2\0\0\0\1\0"),
    BROKEN ("a chunk past the end",
            "RIFF\x26\0\0\0WAVEfmt \x10\0\0\0\1\0\1\0\x80\x3e\0\0\0\x7d\0\0\2\0\x10\0"
            "LIST\xf0\xff\xff\xff" "data\2\0\0\0\1\0"),
  };

  for (guint i = 0; i < G_N_ELEMENTS (broken); i++)
    {
      g_autoptr (GBytes) bytes = g_bytes_new_static (broken[i].bytes, broken[i].length);
      g_autoptr (GError) error = NULL;
      g_autoptr (PwAudioLevels) from_bytes = NULL;
      PwTestLoad load = { 0 };

      g_test_message ("%s", broken[i].name);
      load_bytes (&load, bytes);
      g_assert_error (load.error, PW_ERROR, PW_ERROR_INVALID_DATA);
      g_assert_nonnull (strstr (load.error->message, "input.wav"));
      pw_test_load_clear (&load);

      from_bytes = pw_audio_levels_new_from_wav (bytes, "broken.wav", &error);
      g_assert_null (from_bytes);
      g_assert_error (error, PW_ERROR, PW_ERROR_INVALID_DATA);
    }
}

/* Chunks before the sound are skipped, odd sizes padded. */
static void
test_other_chunks (void)
{
  g_autoptr (PwTestSound) sound = pw_test_sound_new (PW_TEST_S16, 1, RATE, 3000, 3);
  g_autoptr (GBytes) wav = pw_test_sound_to_wav (sound);
  gsize length;
  const guint8 *data = g_bytes_get_data (wav, &length);
  GByteArray *out = g_byte_array_new ();
  g_autoptr (GBytes) with_chunks = NULL;
  PwTestLoad load = { 0 };

  /* RIFF header and fmt, a LIST of odd size and its pad byte, a JUNK. */
  g_byte_array_append (out, data, 36);
  g_byte_array_append (out, (const guint8 *) "LIST\x05\0\0\0abcde\0", 14);
  g_byte_array_append (out, (const guint8 *) "JUNK\x04\0\0\0\0\0\0\0", 12);
  g_byte_array_append (out, data + 36, length - 36);
  with_chunks = g_byte_array_free_to_bytes (out);

  load_bytes (&load, with_chunks);
  g_assert_no_error (load.error);
  assert_first_frames (load.levels, sound, 3000);
  pw_test_load_clear (&load);
}

static void
assert_refused (const char *path,
                int         code)
{
  g_autofree char *name = g_path_get_basename (path);
  PwTestLoad load = { 0 };

  pw_test_load (&load, path, NULL, NULL);
  g_assert_error (load.error, PW_ERROR, code);
  g_assert_nonnull (strstr (load.error->message, name));
  g_assert_false (pw_audio_levels_is_complete (load.levels));
  pw_test_load_clear (&load);
}

/* Files that are not sound are refused as such, through GStreamer; a
 * container that breaks off is damaged. */
static void
test_not_audio (void)
{
  g_autoptr (GBytes) text = g_bytes_new_static ("Transcribe this.\n", 17);
  g_autoptr (GBytes) empty = g_bytes_new_static ("", 0);
  g_autoptr (GBytes) png = pw_test_make_png (64, 48, 2, 8, FALSE, FALSE);
  g_autoptr (GBytes) riff = g_bytes_new_static ("RIFF\0\0\0\0AVI LIST", 16);
  g_autofree char *text_path = pw_test_write (dir, "notes.txt", text);
  g_autofree char *empty_path = pw_test_write (dir, "empty.wav", empty);
  g_autofree char *png_path = pw_test_write (dir, "picture.png", png);
  g_autofree char *riff_path = pw_test_write (dir, "movie.avi", riff);
  g_autofree char *missing_path = g_build_filename (dir, "missing.ogg", NULL);

  assert_refused (text_path, PW_ERROR_UNSUPPORTED);
  assert_refused (empty_path, PW_ERROR_UNSUPPORTED);
  assert_refused (png_path, PW_ERROR_UNSUPPORTED);
  assert_refused (riff_path, PW_ERROR_INVALID_DATA);
  assert_refused (dir, PW_ERROR_UNSUPPORTED);
  assert_refused (missing_path, PW_ERROR_NOT_FOUND);

  g_remove (text_path);
  g_remove (empty_path);
  g_remove (png_path);
  g_remove (riff_path);
}

typedef struct
{
  const char *elements[3];
  const char *encoder;
  const char *extension;
  int tolerance;           /* on the 16-bit scale, for lossy formats */
  gboolean exact_length;
} Codec;

/* Each format the marketplaces send, encoded here from a WAV: the same
 * rate and length, and peaks within what the codec loses. */
static void
test_codec (gconstpointer data)
{
  const Codec *codec = data;
  g_autoptr (PwTestSound) sound = pw_test_sound_new (PW_TEST_S16, 1, RATE, 5 * RATE + 123, 4);
  g_autoptr (GBytes) wav = pw_test_sound_to_wav (sound);
  g_autofree char *wav_path = pw_test_write (dir, "source.wav", wav);
  g_autofree char *name = g_strconcat ("encoded.", codec->extension, NULL);
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree PwAudioPeak *expected = NULL;
  PwTestLoad load = { 0 };
  gsize n_expected;

  for (guint i = 0; i < G_N_ELEMENTS (codec->elements) && codec->elements[i] != NULL; i++)
    if (!pw_test_can_encode (codec->elements[i]))
      {
        g_autofree char *message = g_strdup_printf ("GStreamer's %s is not installed", codec->elements[i]);

        g_test_skip (message);
        g_remove (wav_path);
        return;
      }

  pw_test_encode (wav_path, path, codec->encoder);
  expected = pw_test_sound_peaks (sound, &n_expected);
  pw_test_load (&load, path, NULL, NULL);
  g_assert_no_error (load.error);
  g_assert_cmpuint (pw_audio_levels_get_rate (load.levels), ==, RATE);
  if (codec->exact_length)
    g_assert_cmpuint (pw_audio_levels_get_n_samples (load.levels), ==, sound->n_frames);
  else
    g_assert_cmpuint (ABS ((gint64) pw_audio_levels_get_n_samples (load.levels) - (gint64) sound->n_frames),
                      <=, 2 * 1152);
  if (codec->tolerance == 0 || codec->exact_length)
    pw_test_assert_levels (load.levels, expected, n_expected, codec->tolerance);
  pw_test_load_clear (&load);

  g_remove (wav_path);
  g_remove (path);
}

static const Codec codecs[] = {
  { { "flacenc" }, "flacenc", "flac", 0, TRUE },
  { { "vorbisenc", "oggmux" }, "vorbisenc ! oggmux", "ogg", 2500, TRUE },
  { { "lamemp3enc" }, "lamemp3enc target=bitrate bitrate=64", "mp3", 2500, FALSE },
  { { "alawenc", "wavenc" }, "alawenc ! wavenc", "wav", 600, TRUE },
  /* A picture stream beside the sound, which is left undecoded. */
  { { "vorbisenc", "oggmux", "theoraenc" },
    "vorbisenc ! m. videotestsrc num-buffers=20 ! theoraenc ! oggmux name=m", "ogv", 2500, TRUE },
};

static void
on_progress_thread (PwAudioLevels *levels,
                    guint64        start,
                    guint64        end,
                    gpointer       user_data)
{
  char *name = user_data;

  if (name[0] == '\0')
    prctl (PR_GET_NAME, name);
}

/* The demuxer's own thread carries each packet through the decoder to the
 * peaks: no queue hands them from one thread to another. */
static void
test_one_thread (void)
{
  /* Long enough for the peaks to be reported while it decodes. */
  g_autoptr (PwTestSound) sound = pw_test_sound_new (PW_TEST_S16, 1, RATE, 70 * RATE, 5);
  g_autoptr (GBytes) wav = pw_test_sound_to_wav (sound);
  g_autofree char *wav_path = pw_test_write (dir, "source.wav", wav);
  g_autofree char *path = g_build_filename (dir, "threads.ogg", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (PwAudioLevels) levels = pw_audio_levels_new (file, NULL);
  g_autoptr (GError) error = NULL;
  char name[16] = "";

  if (!pw_test_can_encode ("vorbisenc") || !pw_test_can_encode ("oggmux"))
    {
      g_test_skip ("GStreamer's Vorbis encoder is not installed");
      g_remove (wav_path);
      return;
    }
  pw_test_encode (wav_path, path, "vorbisenc ! oggmux");
  g_signal_connect (levels, "progress", G_CALLBACK (on_progress_thread), name);
  g_assert_true (pw_audio_levels_load (levels, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (name, !=, "");
  g_assert_false (g_str_has_prefix (name, g_get_prgname ()));
  g_assert_false (g_str_has_prefix (name, "multiqueue"));
  g_assert_false (g_str_has_prefix (name, "queue"));

  g_remove (wav_path);
  g_remove (path);
}

int
main (int   argc,
      char *argv[])
{
  int result;

  g_test_init (&argc, &argv, NULL);
  dir = pw_test_make_dir ();

  g_test_add_func ("/audio-decode/wav/truncated", test_truncated);
  g_test_add_func ("/audio-decode/wav/lying-size", test_lying_size);
  g_test_add_func ("/audio-decode/wav/empty-data", test_empty_data);
  g_test_add_func ("/audio-decode/wav/broken-headers", test_broken_headers);
  g_test_add_func ("/audio-decode/wav/other-chunks", test_other_chunks);
  g_test_add_func ("/audio-decode/not-audio", test_not_audio);
  g_test_add_data_func ("/audio-decode/flac", &codecs[0], test_codec);
  g_test_add_data_func ("/audio-decode/vorbis", &codecs[1], test_codec);
  g_test_add_data_func ("/audio-decode/mp3", &codecs[2], test_codec);
  g_test_add_data_func ("/audio-decode/alaw-wav", &codecs[3], test_codec);
  g_test_add_data_func ("/audio-decode/ogg-with-picture", &codecs[4], test_codec);
  g_test_add_func ("/audio-decode/one-thread", test_one_thread);

  result = g_test_run ();
  pw_test_remove_dir (dir);
  g_free (dir);
  return result;
}
