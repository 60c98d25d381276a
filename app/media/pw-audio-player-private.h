/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gst/gst.h>

#include "pw-audio-player.h"

G_BEGIN_DECLS

/* The instance, shared by the files of the player (pw-audio-player.c says
 * which holds what). */
struct _PwAudioPlayer
{
  GObject       parent_instance;

  GFile        *file;
  char         *audio_sink;
  GCancellable *cancellable;

  /* Once open */
  GstElement   *pipeline;
  GstBus       *bus;
  GThreadPool  *worker;
  gboolean      ready;
  gboolean      failed;
  gboolean      silent;
  double        duration;

  /* What the worker asked for */
  gboolean      playing;
  double        rate;
  double        auto_rewind;
  double        loop_start;
  double        loop_end;          /* no loop unless beyond loop_start */
  gboolean      has_range;
  double        range_start;
  double        range_end;
  gboolean      rewind_on_play;    /* paused by the worker */
  gboolean      at_end;            /* the pipeline is at EOS */
  double        end_position;

  /* Seeking */
  gboolean      seeking;           /* seek_target holds until the sink has it */
  double        seek_target;
  guint         seek_serial;       /* of the seek on the player's thread, or 0 */
  guint         next_serial;
  gboolean      seek_again;        /* asked while one was on its way */
  guint32       seek_seqnum;       /* GStreamer's, of the last flushing seek */
  double        last_position;
};

typedef enum
{
  PW_PLAYER_PROP_0,
  PW_PLAYER_PROP_FILE,
  PW_PLAYER_PROP_AUDIO_SINK,
  PW_PLAYER_PROP_READY,
  PW_PLAYER_PROP_SILENT,
  PW_PLAYER_PROP_PLAYING,
  PW_PLAYER_PROP_POSITION,
  PW_PLAYER_PROP_DURATION,
  PW_PLAYER_PROP_RATE,
  PW_PLAYER_PROP_LOOP_START,
  PW_PLAYER_PROP_LOOP_END,
  PW_PLAYER_PROP_AUTO_REWIND,
  PW_PLAYER_N_PROPS
} PwPlayerProp;

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

/* pw-audio-player.c */
void          _pw_audio_player_notify       (PwAudioPlayer       *self,
                                             guint                prop);
void          _pw_audio_player_emit_error   (PwAudioPlayer       *self,
                                             const GError        *error);
void          _pw_audio_player_push_job     (PwAudioPlayer       *self,
                                             PwPlayerJobKind      kind,
                                             GstState             state);

/* pw-audio-player-bus.c */
void          _pw_audio_player_on_opened    (GObject             *source,
                                             GAsyncResult        *result,
                                             gpointer             user_data);
gboolean      _pw_audio_player_loop_is_set  (PwAudioPlayer       *self);
void          _pw_audio_player_request_seek (PwAudioPlayer       *self,
                                             double               target);
double        _pw_audio_player_query_position (PwAudioPlayer     *self);
void          _pw_audio_player_set_playing_flag (PwAudioPlayer   *self,
                                             gboolean             playing);

/* For tests: the pipeline, once the player is ready. */
GstElement   *_pw_audio_player_get_pipeline (PwAudioPlayer       *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PwPlayerPipeline, _pw_player_pipeline_free)

G_END_DECLS
