/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "pw-media-test.h"

G_BEGIN_DECLS

/* Recordings made at run time for the audio tests and the benchmark: WAV
 * written byte by byte, and other formats encoded from it by GStreamer.
 * Files and folders are made with pw-media-test.h's functions. */

typedef enum
{
  PW_TEST_U8,
  PW_TEST_S16,
  PW_TEST_S24,
  PW_TEST_S32,
  PW_TEST_S24_IN_32,   /* WAVE_FORMAT_EXTENSIBLE, 24 valid bits of 32 */
  PW_TEST_F32,
  PW_TEST_F64,
} PwTestSampleFormat;

/* A recording: interleaved frames as doubles in [-1, 1], rounded to what
 * the format holds when it is written. */
typedef struct
{
  PwTestSampleFormat format;
  guint channels;
  guint rate;
  gsize n_frames;
  double *values;
} PwTestSound;

PwTestSound *pw_test_sound_new          (PwTestSampleFormat  format,
                                         guint               channels,
                                         guint               rate,
                                         gsize               n_frames,
                                         guint32             seed);
void         pw_test_sound_free         (PwTestSound        *sound);
GBytes      *pw_test_sound_to_wav       (const PwTestSound  *sound);
PwAudioPeak *pw_test_sound_peaks        (const PwTestSound  *sound,
                                         gsize              *n_peaks);
GBytes      *pw_test_wav_header         (guint16             tag,
                                         guint               channels,
                                         guint               rate,
                                         guint               bits,
                                         guint32             data_size);
gboolean     pw_test_can_encode         (const char         *encoder);
void         pw_test_encode             (const char         *wav_path,
                                         const char         *out_path,
                                         const char         *encoder);

/* An asynchronous load as a test watches it (pw-audio-test-load.c). */
typedef struct
{
  PwAudioLevels *levels;
  gboolean       done;
  gboolean       ok;
  GError        *error;
  guint64        progressed;
  guint          n_progress;
  GCancellable  *cancel_at_progress;
} PwTestLoad;

void         pw_test_load               (PwTestLoad         *load,
                                         const char         *audio_path,
                                         const char         *cache_path,
                                         GCancellable       *cancellable);
void         pw_test_load_clear         (PwTestLoad         *load);
void         pw_test_assert_levels      (PwAudioLevels      *levels,
                                         const PwAudioPeak  *expected,
                                         gsize               n_expected,
                                         int                 tolerance);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PwTestSound, pw_test_sound_free)

G_END_DECLS
