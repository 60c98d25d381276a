/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gst/gst.h>

#include "pw-audio-player.h"

G_BEGIN_DECLS

/* What the player's own thread tells the main context, as application
 * messages on the pipeline's bus, after the GStreamer call they follow. */
#define PW_PLAYER_PREROLLED "piecework-player-prerolled"
#define PW_PLAYER_SEEK_DONE "piecework-player-seek-done"  /* "serial": guint */
#define PW_PLAYER_STALLED   "piecework-player-stalled"

/* The pipeline as the thread that made it gives it to the main context. */
typedef struct
{
  GstElement *pipeline;
  gboolean    silent;     /* the audio output keeps time without sound */
} PwPlayerPipeline;

typedef enum
{
  PW_PLAYER_JOB_PREROLL,  /* to PAUSED, then PW_PLAYER_PREROLLED */
  PW_PLAYER_JOB_STATE,
  PW_PLAYER_JOB_SEEK,     /* flushing: PW_PLAYER_SEEK_DONE once prerolled */
  PW_PLAYER_JOB_LOOP,     /* a segment seek that needs no flush */
} PwPlayerJobKind;

/* One call into GStreamer, made on the player's thread in the order asked. */
typedef struct
{
  PwPlayerJobKind kind;
  GstElement     *pipeline;
  GstState        state;
  double          rate;
  GstSeekFlags    flags;
  gint64          start;
  gint64          stop;    /* -1 for the end */
  guint           serial;
  guint32         seqnum;  /* GStreamer's, which the EOS it leads to carries */
} PwPlayerJob;

void          _pw_audio_player_open_async   (GFile               *file,
                                             const char          *audio_sink,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
PwPlayerPipeline *_pw_audio_player_open_finish (GAsyncResult     *result,
                                             GError             **error);
void          _pw_player_pipeline_free      (PwPlayerPipeline    *opened);
void          _pw_audio_player_run_job      (gpointer             job,
                                             gpointer             user_data);
void          _pw_player_job_free           (PwPlayerJob         *job);
GError       *_pw_audio_player_error_from_message (GstMessage    *message,
                                             GFile               *file);
GError       *_pw_audio_player_stalled_error (GFile              *file);

/* For tests: the pipeline, once the player is ready. */
GstElement   *_pw_audio_player_get_pipeline (PwAudioPlayer       *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PwPlayerPipeline, _pw_player_pipeline_free)

G_END_DECLS
