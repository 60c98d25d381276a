/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "media/pw-audio-levels.h"
#include "media/pw-audio-player.h"
#include "piecework-engine.h"

G_BEGIN_DECLS

/* The audio panel: a recording's waveform, its player and its labeled
 * segments, each with its own text. Its playback keys work wherever the
 * focus is in the window, the transcript included; segments are made with
 * a key while the sound plays or by dragging on the waveform. Every edit
 * is a command on the annotation, so the document keeps it and undo
 * reaches it. */

#define PW_TYPE_AUDIO_PANEL (pw_audio_panel_get_type ())

G_DECLARE_FINAL_TYPE (PwAudioPanel, pw_audio_panel, PW, AUDIO_PANEL, GtkWidget)

GtkWidget     *pw_audio_panel_new                (void);
void           pw_audio_panel_set_task           (PwAudioPanel  *self,
                                                  GFile         *audio,
                                                  PwAudioLevels *levels,
                                                  PwAnnotation  *annotation,
                                                  PwLabelSet    *labels,
                                                  PwCheckFlags   rules);
void           pw_audio_panel_set_task_with_player (PwAudioPanel  *self,
                                                    GFile         *audio,
                                                    PwAudioLevels *levels,
                                                    PwAudioPlayer *player,
                                                    PwAnnotation  *annotation,
                                                    PwLabelSet    *labels,
                                                    PwCheckFlags   rules);
PwAnnotation  *pw_audio_panel_get_annotation     (PwAudioPanel  *self);
PwAudioPlayer *pw_audio_panel_get_player         (PwAudioPanel  *self);
gboolean       pw_audio_panel_label_segment      (PwAudioPanel  *self,
                                                  PwLabel       *label);
const char    *pw_audio_panel_get_selected_segment (PwAudioPanel *self);
void           pw_audio_panel_select_segment     (PwAudioPanel  *self,
                                                  const char    *segment_id);
void           pw_audio_panel_stop               (PwAudioPanel  *self);

G_END_DECLS
