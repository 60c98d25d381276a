/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "pw-audio-levels.h"

G_BEGIN_DECLS

/* Limits that hold whatever a file's header claims. Levels grow with the
 * samples actually decoded, never with a declared size, and stop at
 * PW_AUDIO_MAX_SAMPLES: a day at 48 kHz, 64 MB of peaks. */
#define PW_AUDIO_MAX_SAMPLES  ((guint64) G_MAXUINT32)
#define PW_AUDIO_MAX_RATE     768000
#define PW_AUDIO_MAX_CHANNELS 64
/* Enough layers to halve the most peaks there can be down to one. */
#define PW_AUDIO_MAX_LAYERS   32

/* Called with the peaks [@first, @end) of @peaks that are ready and the
 * samples they cover, from the thread that decodes. */
typedef void (*PwLevelsReadyFunc) (const PwAudioPeak *peaks,
                                   gsize              first,
                                   gsize              end,
                                   guint              rate,
                                   guint64            n_samples,
                                   gpointer           user_data);

/* Called with each run of the decoded mono mix, in order, from the thread
 * that decodes, for what else is made from the samples (a spectrogram). */
typedef void (*PwSamplesFunc) (const gint16 *samples,
                               gsize         n_samples,
                               guint         rate,
                               gpointer      user_data);

/* The peaks of the finest layer, made from the decoded mono mix as it
 * comes, in the thread that decodes. */
typedef struct
{
  const char        *display_name;
  guint              rate;
  guint64            n_samples;
  PwAudioPeak       *peaks;
  gsize              n_peaks;     /* complete peaks */
  gsize              allocated;
  PwAudioPeak        block;       /* the peak being filled */
  guint              block_fill;
  gsize              reported;
  gint64             reported_at;
  PwLevelsReadyFunc  ready;
  gpointer           ready_data;
  PwSamplesFunc      samples;     /* optional */
  gpointer           samples_data;
} PwLevelsBuilder;

/* When a file was last seen: levels kept for another size or time are not
 * its levels. */
typedef struct
{
  guint64 size;
  gint64  mtime_ns;
} PwAudioStamp;

void      _pw_levels_builder_init      (PwLevelsBuilder    *builder,
                                        const char         *display_name,
                                        PwLevelsReadyFunc   ready,
                                        gpointer            ready_data);
void      _pw_levels_builder_clear     (PwLevelsBuilder    *builder);
gboolean  _pw_levels_builder_set_rate  (PwLevelsBuilder    *builder,
                                        guint               rate,
                                        GError            **error);
gboolean  _pw_levels_builder_add       (PwLevelsBuilder    *builder,
                                        const gint16       *samples,
                                        gsize               n_samples,
                                        GError            **error);
gboolean  _pw_levels_builder_add_float (PwLevelsBuilder    *builder,
                                        const float        *values,
                                        gsize               n_values,
                                        GError            **error);
void      _pw_levels_builder_take      (PwLevelsBuilder    *builder,
                                        guint               rate,
                                        guint64             n_samples,
                                        PwAudioPeak        *peaks,
                                        gsize               n_peaks);
void      _pw_levels_builder_finish    (PwLevelsBuilder    *builder);
gint16    _pw_audio_sample_from_float  (double              value);

gboolean  _pw_audio_stamp_read         (int                 fd,
                                        PwAudioStamp       *stamp);
gboolean  _pw_audio_levels_file_read   (GFile              *file,
                                        const PwAudioStamp *stamp,
                                        PwLevelsBuilder    *builder);
gboolean  _pw_audio_levels_file_write  (GFile              *file,
                                        const PwAudioStamp *stamp,
                                        const PwLevelsBuilder *builder,
                                        GError            **error);

/* WAV read directly, from a file or from memory. A read returns fewer
 * bytes than asked only at the end, and -1 with errno set on failure. */
typedef gssize (*PwAudioReadFunc) (gpointer  source,
                                   guint64   offset,
                                   guint8   *buffer,
                                   gsize     length);

typedef struct
{
  gboolean foreign;       /* neither integer nor float PCM */
  gboolean is_float;
  guint    channels;
  guint    rate;
  guint    bytes_per_sample;
  guint    block_align;
  guint64  data_offset;
  guint64  data_length;   /* what the file holds, whatever the header says */
} PwWavFormat;

gboolean  _pw_wav_sniff                (const guint8       *head,
                                        gsize               length);
gboolean  _pw_wav_parse                (PwAudioReadFunc     read,
                                        gpointer            source,
                                        guint64             source_size,
                                        const char         *display_name,
                                        PwWavFormat        *format,
                                        GError            **error);
gboolean  _pw_wav_decode               (PwAudioReadFunc     read,
                                        gpointer            source,
                                        const PwWavFormat  *format,
                                        PwLevelsBuilder    *builder,
                                        GCancellable       *cancellable,
                                        GError            **error);

/* A local recording opened and decoded whatever its format
 * (pw-audio-levels-load.c). */
int       _pw_audio_open               (GFile              *audio,
                                        char              **path_out,
                                        char              **display_name,
                                        PwAudioStamp       *stamp,
                                        GError            **error);
gboolean  _pw_audio_decode_file        (int                 fd,
                                        const char         *path,
                                        guint64             size,
                                        PwLevelsBuilder    *builder,
                                        GCancellable       *cancellable,
                                        GError            **error);

/* What the cache files of recordings share (pw-audio-levels-file.c). */
guint64   _pw_audio_checksum_update    (guint64             hash,
                                        const guint8       *data,
                                        gsize               length);
gboolean  _pw_audio_read_all           (int                 fd,
                                        guint8             *buffer,
                                        gsize               length);

/* Everything else through GStreamer. */
gboolean  _pw_audio_decode             (const char         *path,
                                        const char         *display_name,
                                        PwLevelsBuilder    *builder,
                                        GCancellable       *cancellable,
                                        GError            **error);

/* On the thread that owns the levels. */
void      _pw_audio_levels_append      (PwAudioLevels      *self,
                                        guint               rate,
                                        const PwAudioPeak  *peaks,
                                        gsize               n_peaks,
                                        guint64             n_samples);
void      _pw_audio_levels_set_complete (PwAudioLevels     *self);
gboolean  _pw_audio_levels_is_started  (PwAudioLevels      *self);
void      _pw_audio_levels_start       (PwAudioLevels      *self);
GFile    *_pw_audio_levels_get_cache_file (PwAudioLevels   *self);

G_END_DECLS
