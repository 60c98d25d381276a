/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "media/pw-audio-player.h"

G_BEGIN_DECLS

/* The media keys: while a recording is open, Piecework is an MPRIS player
 * on the session bus, so the desktop's play, pause and seek keys (which
 * GNOME hands to MPRIS players, not to the focused window) and its media
 * controls reach the audio panel's player. */

#define PW_MEDIA_KEYS_BUS_NAME "org.mpris.MediaPlayer2.Piecework"

#define PW_TYPE_MEDIA_KEYS (pw_media_keys_get_type ())

G_DECLARE_FINAL_TYPE (PwMediaKeys, pw_media_keys, PW, MEDIA_KEYS, GObject)

PwMediaKeys   *pw_media_keys_new        (GDBusConnection *connection,
                                         const char      *desktop_entry);
void           pw_media_keys_set_player (PwMediaKeys     *self,
                                         PwAudioPlayer   *player,
                                         const char      *title);
PwAudioPlayer *pw_media_keys_get_player (PwMediaKeys     *self);
gboolean       pw_media_keys_is_owned   (PwMediaKeys     *self);

G_END_DECLS
