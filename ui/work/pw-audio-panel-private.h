/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "pw-audio-panel.h"
#include "pw-waveform-view.h"

G_BEGIN_DECLS

/* A nudge of a segment's edge by the arrow keys, in seconds; with Ctrl,
 * ten times as far. */
#define PW_AUDIO_PANEL_NUDGE 0.010
/* The shortest segment the keys and the pointer make: a tenth of a second
 * is shorter than any word. */
#define PW_AUDIO_PANEL_MIN_SEGMENT 0.05

struct _PwAudioPanel
{
  GtkWidget           parent_instance;

  /* Template Widgets */
  AdwToastOverlay    *toasts;
  GtkButton          *play_button;
  GtkLabel           *position_label;
  GtkLabel           *speed_label;
  GtkLabel           *mark_label;
  GtkToggleButton    *spectrogram_button;
  GtkWidget          *silent_box;
  GtkLabel           *silent_label;
  PwWaveformView     *view;
  GtkListBox         *segment_list;
  GtkWidget          *empty_label;

  /* Owned References */
  GSettings          *settings;
  PwAudioPlayer      *player;
  PwAudioLevels      *levels;
  GCancellable       *levels_cancellable;
  PwAnnotation       *annotation;
  PwLabelSet         *labels;
  PwCheckFlags        rules;
  GtkShortcutController *keys;
  GtkShortcut        *play_key;         /* the worker's own, or NULL */
  char               *selected;         /* a segment's id */
  char               *last_message;     /* the last refusal, for tests */
  GHashTable         *rows;             /* segment id → GtkListBoxRow */

  gulong              player_notify_id;
  gulong              annotation_changed_id;
  guint               tick_id;
  guint               text_commit_id;
  GtkEntry           *typing_entry;     /* whose text waits for text_commit_id */

  /* A segment begun with the mark key while the sound plays */
  gboolean            marking;
  double              mark_start;

  gboolean            show_spectrogram;
};

/* pw-audio-panel.c */
void        _pw_audio_panel_show_message     (PwAudioPanel *self,
                                              const char   *message);
const char *_pw_audio_panel_get_last_message (PwAudioPanel *self);
void        _pw_audio_panel_update_header    (PwAudioPanel *self);
void        _pw_audio_panel_toggle_play      (PwAudioPanel *self);
void        _pw_audio_panel_set_show_spectrogram (PwAudioPanel *self,
                                                  gboolean      show);

/* pw-audio-panel-segments.c */
void        _pw_audio_panel_init_segments    (PwAudioPanel *self);
void        _pw_audio_panel_reload_segments  (PwAudioPanel *self);
void        _pw_audio_panel_segment_changed  (PwAudioPanel *self,
                                              PwAnnotationChange change,
                                              const char   *id);
gboolean    _pw_audio_panel_add_segment      (PwAudioPanel *self,
                                              double        start,
                                              double        end);
gboolean    _pw_audio_panel_move_segment     (PwAudioPanel *self,
                                              const char   *id,
                                              double        start,
                                              double        end);
gboolean    _pw_audio_panel_nudge            (PwAudioPanel *self,
                                              gboolean      start_edge,
                                              double        seconds);
gboolean    _pw_audio_panel_remove_selected  (PwAudioPanel *self);
gboolean    _pw_audio_panel_walk             (PwAudioPanel *self,
                                              int           direction,
                                              gboolean      into_text);
gboolean    _pw_audio_panel_toggle_loop      (PwAudioPanel *self);
void        _pw_audio_panel_set_selected     (PwAudioPanel *self,
                                              const char   *id,
                                              gboolean      play);
void        _pw_audio_panel_commit_text      (PwAudioPanel *self);
GtkEntry   *_pw_audio_panel_get_text_entry   (PwAudioPanel *self,
                                              const char   *id);

/* pw-audio-panel-keys.c */
void        _pw_audio_panel_class_init_keys  (GtkWidgetClass *widget_class);
void        _pw_audio_panel_init_keys        (PwAudioPanel *self);
void        _pw_audio_panel_update_actions   (PwAudioPanel *self);
gboolean    _pw_audio_panel_mark             (PwAudioPanel *self);

/* For tests: the waveform view. */
PwWaveformView *_pw_audio_panel_get_view     (PwAudioPanel *self);

G_END_DECLS
