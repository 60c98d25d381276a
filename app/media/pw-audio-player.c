/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n-lib.h>

#include "pw-audio-player-private.h"

/* Plays one recording for a worker who transcribes and cuts it: play,
 * pause, skip, speed with the pitch kept, a range played once or looped,
 * and a position that is the one being heard.
 *
 * Everything here runs on the main context; GStreamer's calls that may
 * wait (opening the output, state changes, seeks) run in order on the
 * player's own thread (pw-audio-player-pipeline.c), and their outcome
 * comes back through the bus watch.
 *
 * The position is never kept by a clock of our own, which drifts from the
 * sound over a long file. It is asked of the pipeline each time:
 * basesink answers from the clock of the output (its samples played, its
 * latency taken away), so it is what is heard at that instant. Seeks are
 * accurate and flushing, and from the moment one is asked until the sink
 * holds the new place's first sound the position is the one asked for: a
 * query during the flush would answer for the old place or not at all. A
 * cursor drawn from pw_audio_player_get_position() on each frame is thus
 * within one frame of what is heard, however many seeks came before.
 * Seeks asked while one is on its way are merged into the last.
 *
 * By concern: this file holds the object, its properties and what it
 * tells; pw-audio-player-control.c what the worker asks (play, pause,
 * seeks, speed, ranges and loops); pw-audio-player-bus.c how the pipeline
 * opens and what it answers (seeks done, the end, loops, errors). */

G_DEFINE_FINAL_TYPE (PwAudioPlayer, pw_audio_player, G_TYPE_OBJECT)

enum {
  ERROR,
  N_SIGNALS
};

static GParamSpec *properties[PW_PLAYER_N_PROPS];
static guint signals[N_SIGNALS];

void
_pw_audio_player_notify (PwAudioPlayer *self,
                         guint          prop)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

void
_pw_audio_player_emit_error (PwAudioPlayer *self,
                             const GError  *error)
{
  g_signal_emit (self, signals[ERROR], 0, error);
}

void
_pw_audio_player_push_job (PwAudioPlayer   *self,
                           PwPlayerJobKind  kind,
                           GstState         state)
{
  PwPlayerJob *job = g_new0 (PwPlayerJob, 1);

  job->kind = kind;
  job->pipeline = gst_object_ref (self->pipeline);
  job->state = state;
  job->rate = self->rate;
  job->stop = -1;
  g_thread_pool_push (self->worker, job, NULL);
}

static void
pw_audio_player_constructed (GObject *object)
{
  PwAudioPlayer *self = PW_AUDIO_PLAYER (object);

  G_OBJECT_CLASS (pw_audio_player_parent_class)->constructed (object);

  _pw_audio_player_open_async (self->file, self->audio_sink, self->cancellable, _pw_audio_player_on_opened, self);
}

static void
pw_audio_player_dispose (GObject *object)
{
  PwAudioPlayer *self = PW_AUDIO_PLAYER (object);

  g_cancellable_cancel (self->cancellable);
  if (self->pipeline != NULL)
    {
      gst_bus_remove_watch (self->bus);
      /* The last job takes the pipeline down after every other, and
       * drops the last reference to it, off the main thread. */
      if (!self->failed)
        _pw_audio_player_push_job (self, PW_PLAYER_JOB_STATE, GST_STATE_NULL);
      g_thread_pool_free (g_steal_pointer (&self->worker), FALSE, FALSE);
    }
  gst_clear_object (&self->bus);
  gst_clear_object (&self->pipeline);

  G_OBJECT_CLASS (pw_audio_player_parent_class)->dispose (object);
}

static void
pw_audio_player_finalize (GObject *object)
{
  PwAudioPlayer *self = PW_AUDIO_PLAYER (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->file);
  g_free (self->audio_sink);

  G_OBJECT_CLASS (pw_audio_player_parent_class)->finalize (object);
}

static void
pw_audio_player_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  PwAudioPlayer *self = PW_AUDIO_PLAYER (object);

  switch (prop_id)
    {
    case PW_PLAYER_PROP_FILE:
      g_value_set_object (value, self->file);
      break;
    case PW_PLAYER_PROP_AUDIO_SINK:
      g_value_set_string (value, self->audio_sink);
      break;
    case PW_PLAYER_PROP_READY:
      g_value_set_boolean (value, self->ready);
      break;
    case PW_PLAYER_PROP_SILENT:
      g_value_set_boolean (value, self->silent);
      break;
    case PW_PLAYER_PROP_PLAYING:
      g_value_set_boolean (value, self->playing);
      break;
    case PW_PLAYER_PROP_POSITION:
      g_value_set_double (value, pw_audio_player_get_position (self));
      break;
    case PW_PLAYER_PROP_DURATION:
      g_value_set_double (value, self->duration);
      break;
    case PW_PLAYER_PROP_RATE:
      g_value_set_double (value, self->rate);
      break;
    case PW_PLAYER_PROP_LOOP_START:
      g_value_set_double (value, self->loop_start);
      break;
    case PW_PLAYER_PROP_LOOP_END:
      g_value_set_double (value, self->loop_end);
      break;
    case PW_PLAYER_PROP_AUTO_REWIND:
      g_value_set_double (value, self->auto_rewind);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pw_audio_player_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  PwAudioPlayer *self = PW_AUDIO_PLAYER (object);

  switch (prop_id)
    {
    case PW_PLAYER_PROP_FILE:
      self->file = g_value_dup_object (value);
      break;
    case PW_PLAYER_PROP_AUDIO_SINK:
      self->audio_sink = g_value_dup_string (value);
      break;
    case PW_PLAYER_PROP_PLAYING:
      pw_audio_player_set_playing (self, g_value_get_boolean (value));
      break;
    case PW_PLAYER_PROP_RATE:
      pw_audio_player_set_rate (self, g_value_get_double (value));
      break;
    case PW_PLAYER_PROP_LOOP_START:
      pw_audio_player_set_loop (self, g_value_get_double (value), MAX (self->loop_end, g_value_get_double (value)));
      break;
    case PW_PLAYER_PROP_LOOP_END:
      pw_audio_player_set_loop (self, MIN (self->loop_start, g_value_get_double (value)), g_value_get_double (value));
      break;
    case PW_PLAYER_PROP_AUTO_REWIND:
      pw_audio_player_set_auto_rewind (self, g_value_get_double (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pw_audio_player_class_init (PwAudioPlayerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = pw_audio_player_constructed;
  object_class->dispose = pw_audio_player_dispose;
  object_class->finalize = pw_audio_player_finalize;
  object_class->get_property = pw_audio_player_get_property;
  object_class->set_property = pw_audio_player_set_property;

  /**
   * PwAudioPlayer:file:
   *
   * The recording.
   */
  properties[PW_PLAYER_PROP_FILE] =
    g_param_spec_object ("file", NULL, NULL, G_TYPE_FILE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * PwAudioPlayer:audio-sink:
   *
   * The sound output as a GStreamer description, or %NULL for
   * %PW_AUDIO_PLAYER_SINK_ENV's, else autoaudiosink.
   */
  properties[PW_PLAYER_PROP_AUDIO_SINK] =
    g_param_spec_string ("audio-sink", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * PwAudioPlayer:ready:
   *
   * Whether the recording is open and its first sound waits in the
   * output, so that playing starts at once.
   */
  properties[PW_PLAYER_PROP_READY] =
    g_param_spec_boolean ("ready", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * PwAudioPlayer:silent:
   *
   * Whether the machine has no sound output: playback is a clock that
   * runs without sound.
   */
  properties[PW_PLAYER_PROP_SILENT] =
    g_param_spec_boolean ("silent", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * PwAudioPlayer:playing:
   *
   * Whether the worker asked for sound: set at once, before the output
   * follows.
   */
  properties[PW_PLAYER_PROP_PLAYING] =
    g_param_spec_boolean ("playing", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * PwAudioPlayer:position:
   *
   * The seconds being heard. It moves on while playing without a notify:
   * read it on each frame; it is notified when it jumps.
   */
  properties[PW_PLAYER_PROP_POSITION] =
    g_param_spec_double ("position", NULL, NULL, 0, G_MAXDOUBLE, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * PwAudioPlayer:duration:
   *
   * The seconds of the recording, 0 until known.
   */
  properties[PW_PLAYER_PROP_DURATION] =
    g_param_spec_double ("duration", NULL, NULL, 0, G_MAXDOUBLE, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * PwAudioPlayer:rate:
   *
   * The speed, 1 for the recording's own; the pitch stays.
   */
  properties[PW_PLAYER_PROP_RATE] =
    g_param_spec_double ("rate", NULL, NULL, PW_AUDIO_PLAYER_MIN_RATE, PW_AUDIO_PLAYER_MAX_RATE, 1.0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * PwAudioPlayer:loop-start:
   *
   * Where the looped range starts, in seconds.
   */
  properties[PW_PLAYER_PROP_LOOP_START] =
    g_param_spec_double ("loop-start", NULL, NULL, 0, G_MAXDOUBLE, 0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * PwAudioPlayer:loop-end:
   *
   * Where the looped range ends; there is no loop unless it is beyond
   * #PwAudioPlayer:loop-start.
   */
  properties[PW_PLAYER_PROP_LOOP_END] =
    g_param_spec_double ("loop-end", NULL, NULL, 0, G_MAXDOUBLE, 0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * PwAudioPlayer:auto-rewind:
   *
   * The seconds a resume after pw_audio_player_pause() starts before
   * where the sound stopped, so the worker hears the last words again.
   */
  properties[PW_PLAYER_PROP_AUTO_REWIND] =
    g_param_spec_double ("auto-rewind", NULL, NULL, 0, PW_AUDIO_PLAYER_MAX_AUTO_REWIND, 1.5,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, PW_PLAYER_N_PROPS, properties);

  /**
   * PwAudioPlayer::error:
   * @self: the player
   * @error: what went wrong, in %PW_ERROR, said for the worker
   *
   * The recording cannot be played: it is gone, damaged or of a kind
   * GStreamer cannot decode. The player stops and does nothing more.
   */
  signals[ERROR] =
    g_signal_new ("error", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
pw_audio_player_init (PwAudioPlayer *self)
{
  self->cancellable = g_cancellable_new ();
  self->rate = 1.0;
  self->auto_rewind = 1.5;
}

/**
 * pw_audio_player_new:
 * @file: a local recording
 * @audio_sink: (nullable): the sound output as a GStreamer description,
 *   such as "fakesink sync=true", or %NULL for the machine's own
 *
 * Opens @file on a thread and readies its first sound; the player is
 * #PwAudioPlayer:ready then. Everything it is asked before is done then.
 *
 * Returns: (transfer full): a new #PwAudioPlayer
 */
PwAudioPlayer *
pw_audio_player_new (GFile      *file,
                     const char *audio_sink)
{
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  return g_object_new (PW_TYPE_AUDIO_PLAYER, "file", file, "audio-sink", audio_sink, NULL);
}

/**
 * pw_audio_player_get_file:
 * @self: a #PwAudioPlayer
 *
 * Returns: (transfer none): the recording
 */
GFile *
pw_audio_player_get_file (PwAudioPlayer *self)
{
  g_return_val_if_fail (PW_IS_AUDIO_PLAYER (self), NULL);

  return self->file;
}

gboolean
pw_audio_player_is_ready (PwAudioPlayer *self)
{
  g_return_val_if_fail (PW_IS_AUDIO_PLAYER (self), FALSE);

  return self->ready;
}

gboolean
pw_audio_player_is_silent (PwAudioPlayer *self)
{
  g_return_val_if_fail (PW_IS_AUDIO_PLAYER (self), FALSE);

  return self->silent;
}

/**
 * pw_audio_player_get_silent_note:
 * @self: a #PwAudioPlayer
 *
 * What to tell the worker when the machine has no sound output, such as
 * in a banner over the waveform.
 *
 * Returns: (nullable): a sentence, or %NULL while there is sound
 */
const char *
pw_audio_player_get_silent_note (PwAudioPlayer *self)
{
  g_return_val_if_fail (PW_IS_AUDIO_PLAYER (self), NULL);

  if (!self->silent)
    return NULL;
  return _("This computer has no sound output. The recording plays silently: "
           "the cursor, seeks, speeds and loops work, but nothing is heard.");
}

double
pw_audio_player_get_duration (PwAudioPlayer *self)
{
  g_return_val_if_fail (PW_IS_AUDIO_PLAYER (self), 0);

  return self->duration;
}

GstElement *
_pw_audio_player_get_pipeline (PwAudioPlayer *self)
{
  g_return_val_if_fail (PW_IS_AUDIO_PLAYER (self), NULL);

  return self->pipeline;
}
