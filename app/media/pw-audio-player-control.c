/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <math.h>

#include "pw-audio-player-private.h"

/* What the worker asks of the player: play and pause, the position and
 * seeks, skips, the speed, a range played once, a loop, and how far play
 * goes back after a pause. */

/* Closer than this to the end, play starts over from the beginning. */
#define END_SLACK 0.01

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
  if (!_pw_audio_player_loop_is_set (self) && self->duration > 0 && position >= self->duration - END_SLACK)
    _pw_audio_player_request_seek (self, 0);
  else if (self->at_end)
    _pw_audio_player_request_seek (self, position);
  else if (self->rewind_on_play && self->auto_rewind > 0)
    {
      floor = _pw_audio_player_loop_is_set (self) ? self->loop_start : self->has_range ? self->range_start : 0;
      _pw_audio_player_request_seek (self, MIN (position, MAX (floor, position - self->auto_rewind)));
    }
  self->rewind_on_play = FALSE;

  if (self->ready)
    _pw_audio_player_push_job (self, PW_PLAYER_JOB_STATE, GST_STATE_PLAYING);
  _pw_audio_player_set_playing_flag (self, TRUE);
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
    _pw_audio_player_push_job (self, PW_PLAYER_JOB_STATE, GST_STATE_PAUSED);
  _pw_audio_player_set_playing_flag (self, FALSE);
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
  _pw_audio_player_request_seek (self, start);
  if (self->ready && !self->playing)
    _pw_audio_player_push_job (self, PW_PLAYER_JOB_STATE, GST_STATE_PLAYING);
  _pw_audio_player_set_playing_flag (self, TRUE);
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
  return _pw_audio_player_query_position (self);
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
  _pw_audio_player_request_seek (self, position);
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
  _pw_audio_player_request_seek (self, pw_audio_player_get_position (self) + seconds);
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
  _pw_audio_player_notify (self, PW_PLAYER_PROP_RATE);
  if (!self->failed)
    _pw_audio_player_request_seek (self, pw_audio_player_get_position (self));
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

  return _pw_audio_player_loop_is_set (self);
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

  was_set = _pw_audio_player_loop_is_set (self);
  position = pw_audio_player_get_position (self);
  self->loop_start = start;
  self->loop_end = end;
  self->has_range = FALSE;
  _pw_audio_player_notify (self, PW_PLAYER_PROP_LOOP_START);
  _pw_audio_player_notify (self, PW_PLAYER_PROP_LOOP_END);

  /* The stop and the segment flag go with a seek. */
  if (!self->failed && (was_set || _pw_audio_player_loop_is_set (self)))
    _pw_audio_player_request_seek (self, position);
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
  _pw_audio_player_notify (self, PW_PLAYER_PROP_AUTO_REWIND);
}
