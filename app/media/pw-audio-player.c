/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

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
 * Seeks asked while one is on its way are merged into the last. */

/* Closer than this to the end, play starts over from the beginning. */
#define END_SLACK 0.01

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

G_DEFINE_FINAL_TYPE (PwAudioPlayer, pw_audio_player, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_FILE,
  PROP_AUDIO_SINK,
  PROP_READY,
  PROP_SILENT,
  PROP_PLAYING,
  PROP_POSITION,
  PROP_DURATION,
  PROP_RATE,
  PROP_LOOP_START,
  PROP_LOOP_END,
  PROP_AUTO_REWIND,
  N_PROPS
};

enum {
  ERROR,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
notify (PwAudioPlayer *self,
        guint          prop)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void
push_job (PwAudioPlayer   *self,
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

static gboolean
loop_is_set (PwAudioPlayer *self)
{
  return self->loop_end > self->loop_start;
}

static void
send_seek (PwAudioPlayer *self)
{
  PwPlayerJob *job = g_new0 (PwPlayerJob, 1);

  if (self->has_range && self->seek_target >= self->range_end)
    self->has_range = FALSE;

  job->kind = PW_PLAYER_JOB_SEEK;
  job->pipeline = gst_object_ref (self->pipeline);
  job->rate = self->rate;
  job->flags = GST_SEEK_FLAG_FLUSH | GST_SEEK_FLAG_ACCURATE;
  job->start = (gint64) llround (self->seek_target * GST_SECOND);
  job->stop = -1;
  if (loop_is_set (self))
    {
      /* A segment seek ends with SEGMENT_DONE instead of EOS, while the
       * output still plays the end: the loop starts over without a gap. */
      job->flags |= GST_SEEK_FLAG_SEGMENT;
      job->stop = (gint64) llround (self->loop_end * GST_SECOND);
    }
  else if (self->has_range)
    job->stop = (gint64) llround (self->range_end * GST_SECOND);
  job->serial = ++self->next_serial;
  if (job->serial == 0)
    job->serial = ++self->next_serial;
  job->seqnum = gst_util_seqnum_next ();
  self->seek_seqnum = job->seqnum;

  self->seek_serial = job->serial;
  self->seek_again = FALSE;
  g_thread_pool_push (self->worker, job, NULL);
}

/* Asks for @target; the range, loop and speed go with it. */
static void
request_seek (PwAudioPlayer *self,
              double         target)
{
  double end = self->duration > 0 ? self->duration : G_MAXDOUBLE;

  target = CLAMP (target, 0, end);
  if (loop_is_set (self) && (target < self->loop_start || target >= self->loop_end))
    target = self->loop_start;

  self->seek_target = target;
  self->seeking = TRUE;
  self->at_end = FALSE;

  if (self->ready)
    {
      if (self->seek_serial != 0)
        self->seek_again = TRUE;
      else
        send_seek (self);
    }
  notify (self, PROP_POSITION);
}

static double
query_position (PwAudioPlayer *self)
{
  gint64 position;

  if (gst_element_query_position (self->pipeline, GST_FORMAT_TIME, &position) && position >= 0)
    self->last_position = (double) position / GST_SECOND;
  return self->last_position;
}

static void
update_duration (PwAudioPlayer *self)
{
  gint64 duration;
  double seconds;

  if (!gst_element_query_duration (self->pipeline, GST_FORMAT_TIME, &duration) || duration < 0)
    return;
  seconds = (double) duration / GST_SECOND;
  if (seconds == self->duration)
    return;
  self->duration = seconds;
  notify (self, PROP_DURATION);
}

static void
set_playing_flag (PwAudioPlayer *self,
                  gboolean       playing)
{
  if (self->playing == playing)
    return;
  self->playing = playing;
  notify (self, PROP_PLAYING);
}

static void
fail (PwAudioPlayer *self,
      GError        *error)
{
  gboolean was_failed = self->failed;

  self->failed = TRUE;
  self->seeking = FALSE;
  set_playing_flag (self, FALSE);
  if (self->pipeline != NULL && !was_failed)
    push_job (self, PW_PLAYER_JOB_STATE, GST_STATE_NULL);
  if (!was_failed)
    g_signal_emit (self, signals[ERROR], 0, error);
}

/* The end of the recording or of a range was played out. */
static void
reach_end (PwAudioPlayer *self)
{
  self->end_position = self->has_range ? self->range_end : self->duration;
  self->last_position = self->end_position;
  self->has_range = FALSE;
  self->at_end = TRUE;
  self->rewind_on_play = FALSE;
  push_job (self, PW_PLAYER_JOB_STATE, GST_STATE_PAUSED);
  set_playing_flag (self, FALSE);
  notify (self, PROP_POSITION);
}

static void
loop_again (PwAudioPlayer *self)
{
  PwPlayerJob *job = g_new0 (PwPlayerJob, 1);

  job->kind = PW_PLAYER_JOB_LOOP;
  job->pipeline = gst_object_ref (self->pipeline);
  job->rate = self->rate;
  job->flags = GST_SEEK_FLAG_SEGMENT | GST_SEEK_FLAG_ACCURATE;
  job->start = (gint64) llround (self->loop_start * GST_SECOND);
  job->stop = (gint64) llround (self->loop_end * GST_SECOND);
  job->seqnum = gst_util_seqnum_next ();
  g_thread_pool_push (self->worker, job, NULL);
}

/* An EOS counts when it ends the segment of the last seek: one posted
 * before that seek went out belongs to a place that is gone. */
static void
on_eos (PwAudioPlayer *self,
        GstMessage    *message)
{
  if (self->seek_seqnum != GST_SEQNUM_INVALID
      && gst_message_get_seqnum (message) != self->seek_seqnum)
    return;
  if (self->seek_again)
    return;
  reach_end (self);
}

/* Only a loop's segment seek ends with SEGMENT_DONE. It comes once the
 * source has given the whole loop, often before the output has played it,
 * so the next round is queued behind it at once. */
static void
on_segment_done (PwAudioPlayer *self)
{
  if (loop_is_set (self))
    loop_again (self);
}

static void
on_seek_done (PwAudioPlayer *self,
              guint          serial)
{
  if (serial != self->seek_serial)
    return;
  self->seek_serial = 0;
  if (self->seek_again)
    {
      send_seek (self);
      return;
    }

  self->seeking = FALSE;
  self->last_position = self->seek_target;
  notify (self, PROP_POSITION);
}

static void
on_prerolled (PwAudioPlayer *self)
{
  if (self->ready || self->failed)
    return;
  self->ready = TRUE;
  update_duration (self);
  if (self->seeking)
    request_seek (self, self->seek_target);
  if (self->playing)
    push_job (self, PW_PLAYER_JOB_STATE, GST_STATE_PLAYING);
  notify (self, PROP_READY);
}

static gboolean
on_bus_message (GstBus     *bus,
                GstMessage *message,
                gpointer    user_data)
{
  PwAudioPlayer *self = user_data;

  switch (GST_MESSAGE_TYPE (message))
    {
    case GST_MESSAGE_APPLICATION:
      {
        const GstStructure *structure = gst_message_get_structure (message);
        guint serial = 0;

        if (gst_structure_has_name (structure, PW_PLAYER_PREROLLED))
          on_prerolled (self);
        else if (gst_structure_has_name (structure, PW_PLAYER_SEEK_DONE)
                 && gst_structure_get_uint (structure, "serial", &serial))
          on_seek_done (self, serial);
        else if (gst_structure_has_name (structure, PW_PLAYER_STALLED))
          {
            g_autoptr (GError) error = _pw_audio_player_stalled_error (self->file);

            fail (self, error);
          }
      }
      break;

    case GST_MESSAGE_ERROR:
      {
        g_autoptr (GError) error = _pw_audio_player_error_from_message (message, self->file);

        fail (self, error);
      }
      break;

    case GST_MESSAGE_EOS:
      if (self->ready && !self->failed)
        on_eos (self, message);
      break;

    case GST_MESSAGE_SEGMENT_DONE:
      if (self->ready && !self->failed)
        on_segment_done (self);
      break;

    case GST_MESSAGE_DURATION_CHANGED:
      if (self->ready)
        update_duration (self);
      break;

    default:
      break;
    }

  return G_SOURCE_CONTINUE;
}

static void
on_opened (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PwPlayerPipeline) opened = _pw_audio_player_open_finish (result, &error);
  PwAudioPlayer *self;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;  /* the player is gone */

  self = PW_AUDIO_PLAYER (user_data);
  if (opened == NULL)
    {
      fail (self, error);
      return;
    }

  self->pipeline = g_steal_pointer (&opened->pipeline);
  self->bus = gst_element_get_bus (self->pipeline);
  gst_bus_add_watch (self->bus, on_bus_message, self);
  self->worker = g_thread_pool_new (_pw_audio_player_run_job, NULL, 1, FALSE, NULL);
  push_job (self, PW_PLAYER_JOB_PREROLL, GST_STATE_PAUSED);

  if (opened->silent)
    {
      self->silent = TRUE;
      notify (self, PROP_SILENT);
    }
}

static void
pw_audio_player_constructed (GObject *object)
{
  PwAudioPlayer *self = PW_AUDIO_PLAYER (object);

  G_OBJECT_CLASS (pw_audio_player_parent_class)->constructed (object);

  _pw_audio_player_open_async (self->file, self->audio_sink, self->cancellable, on_opened, self);
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
        push_job (self, PW_PLAYER_JOB_STATE, GST_STATE_NULL);
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
    case PROP_FILE:
      g_value_set_object (value, self->file);
      break;
    case PROP_AUDIO_SINK:
      g_value_set_string (value, self->audio_sink);
      break;
    case PROP_READY:
      g_value_set_boolean (value, self->ready);
      break;
    case PROP_SILENT:
      g_value_set_boolean (value, self->silent);
      break;
    case PROP_PLAYING:
      g_value_set_boolean (value, self->playing);
      break;
    case PROP_POSITION:
      g_value_set_double (value, pw_audio_player_get_position (self));
      break;
    case PROP_DURATION:
      g_value_set_double (value, self->duration);
      break;
    case PROP_RATE:
      g_value_set_double (value, self->rate);
      break;
    case PROP_LOOP_START:
      g_value_set_double (value, self->loop_start);
      break;
    case PROP_LOOP_END:
      g_value_set_double (value, self->loop_end);
      break;
    case PROP_AUTO_REWIND:
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
    case PROP_FILE:
      self->file = g_value_dup_object (value);
      break;
    case PROP_AUDIO_SINK:
      self->audio_sink = g_value_dup_string (value);
      break;
    case PROP_PLAYING:
      pw_audio_player_set_playing (self, g_value_get_boolean (value));
      break;
    case PROP_RATE:
      pw_audio_player_set_rate (self, g_value_get_double (value));
      break;
    case PROP_LOOP_START:
      pw_audio_player_set_loop (self, g_value_get_double (value), MAX (self->loop_end, g_value_get_double (value)));
      break;
    case PROP_LOOP_END:
      pw_audio_player_set_loop (self, MIN (self->loop_start, g_value_get_double (value)), g_value_get_double (value));
      break;
    case PROP_AUTO_REWIND:
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
  properties[PROP_FILE] =
    g_param_spec_object ("file", NULL, NULL, G_TYPE_FILE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * PwAudioPlayer:audio-sink:
   *
   * The sound output as a GStreamer description, or %NULL for
   * %PW_AUDIO_PLAYER_SINK_ENV's, else autoaudiosink.
   */
  properties[PROP_AUDIO_SINK] =
    g_param_spec_string ("audio-sink", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * PwAudioPlayer:ready:
   *
   * Whether the recording is open and its first sound waits in the
   * output, so that playing starts at once.
   */
  properties[PROP_READY] =
    g_param_spec_boolean ("ready", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * PwAudioPlayer:silent:
   *
   * Whether the machine has no sound output: playback is a clock that
   * runs without sound.
   */
  properties[PROP_SILENT] =
    g_param_spec_boolean ("silent", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * PwAudioPlayer:playing:
   *
   * Whether the worker asked for sound: set at once, before the output
   * follows.
   */
  properties[PROP_PLAYING] =
    g_param_spec_boolean ("playing", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * PwAudioPlayer:position:
   *
   * The seconds being heard. It moves on while playing without a notify:
   * read it on each frame; it is notified when it jumps.
   */
  properties[PROP_POSITION] =
    g_param_spec_double ("position", NULL, NULL, 0, G_MAXDOUBLE, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * PwAudioPlayer:duration:
   *
   * The seconds of the recording, 0 until known.
   */
  properties[PROP_DURATION] =
    g_param_spec_double ("duration", NULL, NULL, 0, G_MAXDOUBLE, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * PwAudioPlayer:rate:
   *
   * The speed, 1 for the recording's own; the pitch stays.
   */
  properties[PROP_RATE] =
    g_param_spec_double ("rate", NULL, NULL, PW_AUDIO_PLAYER_MIN_RATE, PW_AUDIO_PLAYER_MAX_RATE, 1.0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * PwAudioPlayer:loop-start:
   *
   * Where the looped range starts, in seconds.
   */
  properties[PROP_LOOP_START] =
    g_param_spec_double ("loop-start", NULL, NULL, 0, G_MAXDOUBLE, 0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * PwAudioPlayer:loop-end:
   *
   * Where the looped range ends; there is no loop unless it is beyond
   * #PwAudioPlayer:loop-start.
   */
  properties[PROP_LOOP_END] =
    g_param_spec_double ("loop-end", NULL, NULL, 0, G_MAXDOUBLE, 0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * PwAudioPlayer:auto-rewind:
   *
   * The seconds a resume after pw_audio_player_pause() starts before
   * where the sound stopped, so the worker hears the last words again.
   */
  properties[PROP_AUTO_REWIND] =
    g_param_spec_double ("auto-rewind", NULL, NULL, 0, PW_AUDIO_PLAYER_MAX_AUTO_REWIND, 1.5,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

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

gboolean
pw_audio_player_get_playing (PwAudioPlayer *self)
{
  g_return_val_if_fail (PW_IS_AUDIO_PLAYER (self), FALSE);

  return self->playing;
}

void
pw_audio_player_set_playing (PwAudioPlayer *self,
                             gboolean       playing)
{
  if (playing)
    pw_audio_player_play (self);
  else
    pw_audio_player_pause (self);
}

/**
 * pw_audio_player_play:
 * @self: a #PwAudioPlayer
 *
 * Plays on from the position; after a pause, #PwAudioPlayer:auto-rewind
 * seconds earlier (never before the start of the recording, the loop or
 * the range); at the end, from the start.
 */
void
pw_audio_player_play (PwAudioPlayer *self)
{
  double position, floor;

  g_return_if_fail (PW_IS_AUDIO_PLAYER (self));

  if (self->playing || self->failed)
    return;

  position = pw_audio_player_get_position (self);
  if (!loop_is_set (self) && self->duration > 0 && position >= self->duration - END_SLACK)
    request_seek (self, 0);
  else if (self->at_end)
    request_seek (self, position);
  else if (self->rewind_on_play && self->auto_rewind > 0)
    {
      floor = loop_is_set (self) ? self->loop_start : self->has_range ? self->range_start : 0;
      request_seek (self, MIN (position, MAX (floor, position - self->auto_rewind)));
    }
  self->rewind_on_play = FALSE;

  if (self->ready)
    push_job (self, PW_PLAYER_JOB_STATE, GST_STATE_PLAYING);
  set_playing_flag (self, TRUE);
}

/**
 * pw_audio_player_pause:
 * @self: a #PwAudioPlayer
 *
 * Stops the sound where it is; the next pw_audio_player_play() starts
 * #PwAudioPlayer:auto-rewind seconds earlier unless a seek comes between.
 */
void
pw_audio_player_pause (PwAudioPlayer *self)
{
  g_return_if_fail (PW_IS_AUDIO_PLAYER (self));

  if (!self->playing)
    return;
  self->rewind_on_play = TRUE;
  if (self->ready)
    push_job (self, PW_PLAYER_JOB_STATE, GST_STATE_PAUSED);
  set_playing_flag (self, FALSE);
}

void
pw_audio_player_toggle (PwAudioPlayer *self)
{
  g_return_if_fail (PW_IS_AUDIO_PLAYER (self));

  pw_audio_player_set_playing (self, !self->playing);
}

/**
 * pw_audio_player_play_range:
 * @self: a #PwAudioPlayer
 * @start: seconds
 * @end: seconds, beyond @start
 *
 * Plays [@start, @end) once and pauses at @end, as when a segment is
 * focused. The loop, if any, is cleared.
 */
void
pw_audio_player_play_range (PwAudioPlayer *self,
                            double         start,
                            double         end)
{
  g_return_if_fail (PW_IS_AUDIO_PLAYER (self));
  g_return_if_fail (start >= 0 && end > start);

  if (self->failed)
    return;
  pw_audio_player_clear_loop (self);
  self->has_range = TRUE;
  self->range_start = start;
  self->range_end = end;
  self->rewind_on_play = FALSE;
  request_seek (self, start);
  if (self->ready && !self->playing)
    push_job (self, PW_PLAYER_JOB_STATE, GST_STATE_PLAYING);
  set_playing_flag (self, TRUE);
}

/**
 * pw_audio_player_get_position:
 * @self: a #PwAudioPlayer
 *
 * Returns: the seconds being heard, asked of the output now; while a
 *   seek is on its way, the position it asked for
 */
double
pw_audio_player_get_position (PwAudioPlayer *self)
{
  g_return_val_if_fail (PW_IS_AUDIO_PLAYER (self), 0);

  if (self->seeking)
    return self->seek_target;
  if (!self->ready || self->failed)
    return self->last_position;
  if (self->at_end)
    return self->end_position;
  return query_position (self);
}

/**
 * pw_audio_player_is_seeking:
 * @self: a #PwAudioPlayer
 *
 * Returns: whether a seek is on its way to the output
 */
gboolean
pw_audio_player_is_seeking (PwAudioPlayer *self)
{
  g_return_val_if_fail (PW_IS_AUDIO_PLAYER (self), FALSE);

  return self->seeking;
}

/**
 * pw_audio_player_seek:
 * @self: a #PwAudioPlayer
 * @position: seconds
 *
 * Goes to @position exactly, playing or not. A range being played ends
 * there; while a loop is set, a place outside it goes to its start.
 */
void
pw_audio_player_seek (PwAudioPlayer *self,
                      double         position)
{
  g_return_if_fail (PW_IS_AUDIO_PLAYER (self));

  if (self->failed)
    return;
  self->has_range = FALSE;
  self->rewind_on_play = FALSE;
  request_seek (self, position);
}

/**
 * pw_audio_player_skip:
 * @self: a #PwAudioPlayer
 * @seconds: how far forward, or back when negative, such as
 *   ±%PW_AUDIO_PLAYER_SKIP
 *
 * Moves from the position, or from where a seek on its way goes, so that
 * presses in a row add up. A range being played goes on to its end.
 */
void
pw_audio_player_skip (PwAudioPlayer *self,
                      double         seconds)
{
  g_return_if_fail (PW_IS_AUDIO_PLAYER (self));

  if (self->failed)
    return;
  self->rewind_on_play = FALSE;
  request_seek (self, pw_audio_player_get_position (self) + seconds);
}

double
pw_audio_player_get_rate (PwAudioPlayer *self)
{
  g_return_val_if_fail (PW_IS_AUDIO_PLAYER (self), 1.0);

  return self->rate;
}

/**
 * pw_audio_player_set_rate:
 * @self: a #PwAudioPlayer
 * @rate: the speed, from %PW_AUDIO_PLAYER_MIN_RATE to
 *   %PW_AUDIO_PLAYER_MAX_RATE
 *
 * Changes the speed where the sound is, keeping its pitch.
 */
void
pw_audio_player_set_rate (PwAudioPlayer *self,
                          double         rate)
{
  g_return_if_fail (PW_IS_AUDIO_PLAYER (self));

  rate = CLAMP (rate, PW_AUDIO_PLAYER_MIN_RATE, PW_AUDIO_PLAYER_MAX_RATE);
  if (fabs (rate - self->rate) < 1e-9)
    return;
  self->rate = rate;
  notify (self, PROP_RATE);
  if (!self->failed)
    request_seek (self, pw_audio_player_get_position (self));
}

/**
 * pw_audio_player_step_rate:
 * @self: a #PwAudioPlayer
 * @steps: how many %PW_AUDIO_PLAYER_RATE_STEP faster, or slower when
 *   negative
 *
 * Changes the speed to the step nearest, within the limits.
 */
void
pw_audio_player_step_rate (PwAudioPlayer *self,
                           int            steps)
{
  double steps_now;

  g_return_if_fail (PW_IS_AUDIO_PLAYER (self));

  steps_now = round (self->rate / PW_AUDIO_PLAYER_RATE_STEP);
  pw_audio_player_set_rate (self, (steps_now + steps) * PW_AUDIO_PLAYER_RATE_STEP);
}

gboolean
pw_audio_player_has_loop (PwAudioPlayer *self)
{
  g_return_val_if_fail (PW_IS_AUDIO_PLAYER (self), FALSE);

  return loop_is_set (self);
}

double
pw_audio_player_get_loop_start (PwAudioPlayer *self)
{
  g_return_val_if_fail (PW_IS_AUDIO_PLAYER (self), 0);

  return self->loop_start;
}

double
pw_audio_player_get_loop_end (PwAudioPlayer *self)
{
  g_return_val_if_fail (PW_IS_AUDIO_PLAYER (self), 0);

  return self->loop_end;
}

/**
 * pw_audio_player_set_loop:
 * @self: a #PwAudioPlayer
 * @start: seconds
 * @end: seconds, beyond @start for a loop, or equal to clear it
 *
 * Plays [@start, @end) over and over, without a gap. A position outside
 * goes to @start; a range being played ends.
 */
void
pw_audio_player_set_loop (PwAudioPlayer *self,
                          double         start,
                          double         end)
{
  gboolean was_set;
  double position;

  g_return_if_fail (PW_IS_AUDIO_PLAYER (self));
  g_return_if_fail (start >= 0 && end >= start);

  if (start == self->loop_start && end == self->loop_end)
    return;

  was_set = loop_is_set (self);
  position = pw_audio_player_get_position (self);
  self->loop_start = start;
  self->loop_end = end;
  self->has_range = FALSE;
  notify (self, PROP_LOOP_START);
  notify (self, PROP_LOOP_END);

  /* The stop and the segment flag go with a seek. */
  if (!self->failed && (was_set || loop_is_set (self)))
    request_seek (self, position);
}

void
pw_audio_player_clear_loop (PwAudioPlayer *self)
{
  g_return_if_fail (PW_IS_AUDIO_PLAYER (self));

  pw_audio_player_set_loop (self, 0, 0);
}

double
pw_audio_player_get_auto_rewind (PwAudioPlayer *self)
{
  g_return_val_if_fail (PW_IS_AUDIO_PLAYER (self), 0);

  return self->auto_rewind;
}

/**
 * pw_audio_player_set_auto_rewind:
 * @self: a #PwAudioPlayer
 * @seconds: from 0 to %PW_AUDIO_PLAYER_MAX_AUTO_REWIND
 */
void
pw_audio_player_set_auto_rewind (PwAudioPlayer *self,
                                 double         seconds)
{
  g_return_if_fail (PW_IS_AUDIO_PLAYER (self));

  seconds = CLAMP (seconds, 0, PW_AUDIO_PLAYER_MAX_AUTO_REWIND);
  if (seconds == self->auto_rewind)
    return;
  self->auto_rewind = seconds;
  notify (self, PROP_AUTO_REWIND);
}

GstElement *
_pw_audio_player_get_pipeline (PwAudioPlayer *self)
{
  g_return_val_if_fail (PW_IS_AUDIO_PLAYER (self), NULL);

  return self->pipeline;
}
