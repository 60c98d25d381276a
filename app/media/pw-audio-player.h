/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/**
 * PW_AUDIO_PLAYER_MIN_RATE:
 *
 * The slowest speed: half of the recording's own, its pitch kept.
 */
#define PW_AUDIO_PLAYER_MIN_RATE 0.5

/**
 * PW_AUDIO_PLAYER_MAX_RATE:
 *
 * The fastest speed: twice the recording's own.
 */
#define PW_AUDIO_PLAYER_MAX_RATE 2.0

/**
 * PW_AUDIO_PLAYER_RATE_STEP:
 *
 * One step of pw_audio_player_step_rate().
 */
#define PW_AUDIO_PLAYER_RATE_STEP 0.25

/**
 * PW_AUDIO_PLAYER_SKIP:
 *
 * The seconds a skip back or forward moves.
 */
#define PW_AUDIO_PLAYER_SKIP 2.0

/**
 * PW_AUDIO_PLAYER_MAX_AUTO_REWIND:
 *
 * The most seconds a resume may start before where playback paused.
 */
#define PW_AUDIO_PLAYER_MAX_AUTO_REWIND 5.0

/**
 * PW_AUDIO_PLAYER_SINK_ENV:
 *
 * The environment variable that names the audio output, as a GStreamer
 * description such as "fakesink sync=true", when pw_audio_player_new()
 * is given none.
 */
#define PW_AUDIO_PLAYER_SINK_ENV "PIECEWORK_AUDIO_SINK"

#define PW_TYPE_AUDIO_PLAYER (pw_audio_player_get_type ())

G_DECLARE_FINAL_TYPE (PwAudioPlayer, pw_audio_player, PW, AUDIO_PLAYER, GObject)

PwAudioPlayer *pw_audio_player_new             (GFile         *file,
                                                const char    *audio_sink);

GFile         *pw_audio_player_get_file        (PwAudioPlayer *self);
gboolean       pw_audio_player_is_ready        (PwAudioPlayer *self);
gboolean       pw_audio_player_is_silent       (PwAudioPlayer *self);
const char    *pw_audio_player_get_silent_note (PwAudioPlayer *self);
double         pw_audio_player_get_duration    (PwAudioPlayer *self);

gboolean       pw_audio_player_get_playing     (PwAudioPlayer *self);
void           pw_audio_player_set_playing     (PwAudioPlayer *self,
                                                gboolean       playing);
void           pw_audio_player_play            (PwAudioPlayer *self);
void           pw_audio_player_pause           (PwAudioPlayer *self);
void           pw_audio_player_toggle          (PwAudioPlayer *self);
void           pw_audio_player_play_range      (PwAudioPlayer *self,
                                                double         start,
                                                double         end);

double         pw_audio_player_get_position    (PwAudioPlayer *self);
gboolean       pw_audio_player_is_seeking      (PwAudioPlayer *self);
void           pw_audio_player_seek            (PwAudioPlayer *self,
                                                double         position);
void           pw_audio_player_skip            (PwAudioPlayer *self,
                                                double         seconds);

double         pw_audio_player_get_rate        (PwAudioPlayer *self);
void           pw_audio_player_set_rate        (PwAudioPlayer *self,
                                                double         rate);
void           pw_audio_player_step_rate       (PwAudioPlayer *self,
                                                int            steps);

gboolean       pw_audio_player_has_loop        (PwAudioPlayer *self);
double         pw_audio_player_get_loop_start  (PwAudioPlayer *self);
double         pw_audio_player_get_loop_end    (PwAudioPlayer *self);
void           pw_audio_player_set_loop        (PwAudioPlayer *self,
                                                double         start,
                                                double         end);
void           pw_audio_player_clear_loop      (PwAudioPlayer *self);

double         pw_audio_player_get_auto_rewind (PwAudioPlayer *self);
void           pw_audio_player_set_auto_rewind (PwAudioPlayer *self,
                                                double         seconds);

G_END_DECLS
