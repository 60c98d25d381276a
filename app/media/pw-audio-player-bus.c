/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <math.h>

#include "pw-audio-player-private.h"

/* What the pipeline answers, on the main context: the pipeline opened on
 * the player's thread, prerolled, a seek done, the end of the recording
 * or of a range, a loop come round, an error. Seeks go to the player's
 * thread from here too, one at a time, the last one asked winning. */

gboolean
_pw_audio_player_loop_is_set (PwAudioPlayer *self)
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
  if (_pw_audio_player_loop_is_set (self))
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
void
_pw_audio_player_request_seek (PwAudioPlayer *self,
                               double         target)
{
  double end = self->duration > 0 ? self->duration : G_MAXDOUBLE;

  target = CLAMP (target, 0, end);
  if (_pw_audio_player_loop_is_set (self) && (target < self->loop_start || target >= self->loop_end))
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
  _pw_audio_player_notify (self, PW_PLAYER_PROP_POSITION);
}

double
_pw_audio_player_query_position (PwAudioPlayer *self)
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
  _pw_audio_player_notify (self, PW_PLAYER_PROP_DURATION);
}

void
_pw_audio_player_set_playing_flag (PwAudioPlayer *self,
                                   gboolean       playing)
{
  if (self->playing == playing)
    return;
  self->playing = playing;
  _pw_audio_player_notify (self, PW_PLAYER_PROP_PLAYING);
}

static void
fail (PwAudioPlayer *self,
      GError        *error)
{
  gboolean was_failed = self->failed;

  self->failed = TRUE;
  self->seeking = FALSE;
  _pw_audio_player_set_playing_flag (self, FALSE);
  if (self->pipeline != NULL && !was_failed)
    _pw_audio_player_push_job (self, PW_PLAYER_JOB_STATE, GST_STATE_NULL);
  if (!was_failed)
    _pw_audio_player_emit_error (self, error);
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
  _pw_audio_player_push_job (self, PW_PLAYER_JOB_STATE, GST_STATE_PAUSED);
  _pw_audio_player_set_playing_flag (self, FALSE);
  _pw_audio_player_notify (self, PW_PLAYER_PROP_POSITION);
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
  if (_pw_audio_player_loop_is_set (self))
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
  _pw_audio_player_notify (self, PW_PLAYER_PROP_POSITION);
}

static void
on_prerolled (PwAudioPlayer *self)
{
  if (self->ready || self->failed)
    return;
  self->ready = TRUE;
  update_duration (self);
  if (self->seeking)
    _pw_audio_player_request_seek (self, self->seek_target);
  if (self->playing)
    _pw_audio_player_push_job (self, PW_PLAYER_JOB_STATE, GST_STATE_PLAYING);
  _pw_audio_player_notify (self, PW_PLAYER_PROP_READY);
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

void
_pw_audio_player_on_opened (GObject      *source,
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
  _pw_audio_player_push_job (self, PW_PLAYER_JOB_PREROLL, GST_STATE_PAUSED);

  if (opened->silent)
    {
      self->silent = TRUE;
      _pw_audio_player_notify (self, PW_PLAYER_PROP_SILENT);
    }
}
