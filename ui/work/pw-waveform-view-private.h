/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "pw-waveform-view.h"

G_BEGIN_DECLS

/* The band at the top with the times. */
#define PW_WAVEFORM_RULER_HEIGHT 20
/* The finest view: half a millisecond a pixel. */
#define PW_WAVEFORM_MIN_SECONDS_PER_PIXEL 0.0005

/* What a press on the view grabbed. */
typedef enum
{
  PW_WAVE_GRAB_NONE,
  PW_WAVE_GRAB_SELECT,     /* empty waveform: a click seeks, a drag selects */
  PW_WAVE_GRAB_SCRUB,      /* the ruler: seeks while dragged */
  PW_WAVE_GRAB_MOVE,       /* inside a range: a click activates, a drag moves */
  PW_WAVE_GRAB_START,      /* a range's start edge */
  PW_WAVE_GRAB_END,        /* its end edge */
} PwWaveGrab;

/* A range as the view keeps it: its own copy. */
typedef struct
{
  char    *id;
  double   start;
  double   end;
  GdkRGBA  color;
  char    *label;
  gboolean selected;
} PwWaveRange;

/* What the content of a frame is drawn for: the same key, the same
 * content. @serial counts the changes of everything else it shows. */
typedef struct
{
  int      width;
  int      height;
  GdkRGBA  foreground;
  double   value;
  double   spp;
  guint64  n_samples;
  guint    serial;
} PwWaveContentKey;

struct _PwWaveformView
{
  GtkWidget      parent_instance;

  /* Owned References */
  PwAudioLevels *levels;
  gulong         levels_progress_id;
  gulong         levels_complete_id;
  PwAudioPlayer *player;
  gulong         player_notify_id;
  GArray        *ranges;          /* PwWaveRange */
  GtkAdjustment *hadjustment;
  GtkAdjustment *vadjustment;
  guint          hscroll_policy : 1;
  guint          vscroll_policy : 1;

  /* The view: column c shows [c, c + 1) × spp seconds; the hadjustment's
   * value is the column at the left edge. */
  double         spp;
  gboolean       fit;
  double         laid_out_duration;
  guint          tick_id;

  /* Everything a frame draws but the cursor, kept for the frames of
   * playback, which move only the cursor (pw-waveform-view-draw.c) */
  GskRenderNode *content;
  PwWaveContentKey content_key;
  guint          content_serial;
  gboolean       cursor_frame;
  guint          content_builds;

  /* What the last frame drew */
  double         drawn_cursor;
  guint          drawn_columns;   /* columns with sound ready */
  guint          drawn_layer;

  /* The spectrogram, and its tiles at the zoom they were made for
   * (pw-waveform-view-spectrogram.c) */
  PwSpectrogram *spectrogram;
  gulong         spectrogram_complete_id;
  gboolean       show_spectrogram;
  gboolean       drawn_spectrogram;
  GHashTable    *spectrogram_tiles;       /* gint64 tile → GdkTexture */
  double         spectrogram_tiles_spp;
  guint          spectrogram_tiles_made;
  gboolean       spectrogram_dark;
  gboolean       spectrogram_palette_made;
  guint8         spectrogram_palette[256][4];

  /* The selection made by dragging, until the next press */
  gboolean       has_selection;
  double         selection_start;
  double         selection_end;

  /* Pointer */
  double         pointer_x;
  double         pointer_y;
  gboolean       pointer_inside;
  double         pinch_start_zoom;

  /* A press and its drag */
  PwWaveGrab     grab;
  int            grab_range;
  double         grab_x;
  gboolean       grab_dragged;
  double         live_start;      /* the grabbed range or selection as dragged */
  double         live_end;
};

/* pw-waveform-view.c */
void     _pw_waveform_view_queue_redraw    (PwWaveformView *self);
void     _pw_waveform_view_queue_cursor    (PwWaveformView *self);
void     _pw_waveform_view_notify_zoom     (PwWaveformView *self);
void     _pw_waveform_view_emit_range_selected  (PwWaveformView *self,
                                                 double          start,
                                                 double          end);
void     _pw_waveform_view_emit_range_activated (PwWaveformView *self,
                                                 const char     *id);
void     _pw_waveform_view_emit_range_changed   (PwWaveformView *self,
                                                 const char     *id,
                                                 double          start,
                                                 double          end);

/* pw-waveform-view-zoom.c */
void     _pw_waveform_view_update_layout   (PwWaveformView *self);
void     _pw_waveform_view_scroll_by       (PwWaveformView *self,
                                            double          pixels);
void     _pw_waveform_view_set_hadjustment (PwWaveformView *self,
                                            GtkAdjustment  *adjustment);
void     _pw_waveform_view_set_vadjustment (PwWaveformView *self,
                                            GtkAdjustment  *adjustment);
void     _pw_waveform_view_dispose_adjustments (PwWaveformView *self);

/* pw-waveform-view-playback.c */
double   _pw_waveform_view_cursor_time     (PwWaveformView *self);
gboolean _pw_waveform_view_has_cursor      (PwWaveformView *self);
void     _pw_waveform_view_seek            (PwWaveformView *self,
                                            double          seconds);
void     _pw_waveform_view_update_ticking  (PwWaveformView *self);
void     _pw_waveform_view_on_player_notify (PwAudioPlayer  *player,
                                             GParamSpec     *pspec,
                                             PwWaveformView *self);

/* pw-waveform-view-draw.c */
void     _pw_waveform_view_snapshot        (GtkWidget      *widget,
                                            GtkSnapshot    *snapshot);

/* pw-waveform-view-input.c */
void     _pw_waveform_view_class_init_input (GtkWidgetClass *widget_class);
void     _pw_waveform_view_init_input      (PwWaveformView *self);
int      _pw_waveform_view_range_at        (PwWaveformView *self,
                                            double          x,
                                            PwWaveGrab     *grab);

/* pw-waveform-view-spectrogram.c */
void     _pw_waveform_view_class_init_spectrogram   (GObjectClass   *object_class,
                                                     guint           prop_id);
gboolean _pw_waveform_view_get_spectrogram_property (PwWaveformView *self,
                                                     guint           prop_id,
                                                     GValue         *value);
gboolean _pw_waveform_view_set_spectrogram_property (PwWaveformView *self,
                                                     guint           prop_id,
                                                     const GValue   *value);
void     _pw_waveform_view_dispose_spectrogram      (PwWaveformView *self);
void     _pw_waveform_view_clear_spectrogram_tiles  (PwWaveformView *self);
gboolean _pw_waveform_view_draw_spectrogram         (PwWaveformView *self,
                                                     GtkSnapshot    *snapshot,
                                                     const GdkRGBA  *foreground,
                                                     double          top,
                                                     double          height,
                                                     int             width);

/* For tests: whether the last frame drew the spectrogram, and how many of
 * its tiles were made so far. */
gboolean _pw_waveform_view_get_drawn_spectrogram      (PwWaveformView *self);
guint    _pw_waveform_view_get_spectrogram_tiles_made (PwWaveformView *self);

/* For tests: the layer of the levels the last frame read, and how many of
 * its columns had sound ready. */
guint    _pw_waveform_view_get_drawn_layer   (PwWaveformView *self);
guint    _pw_waveform_view_get_drawn_columns (PwWaveformView *self);
/* For tests: how many frames drew the content rather than reusing it. */
guint    _pw_waveform_view_get_content_builds (PwWaveformView *self);

G_END_DECLS
