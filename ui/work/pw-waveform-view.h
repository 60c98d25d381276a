/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "piecework-engine.h"

G_BEGIN_DECLS

/**
 * PwWaveformRange:
 * @id: the owner's name for the range, such as a segment's id
 * @start: seconds
 * @end: seconds, beyond @start
 * @color: its colour; drawn translucent over the waveform
 * @label: (nullable): the text written at its start
 * @selected: whether it is drawn as the one the worker is on
 *
 * A span of the recording the owner wants shown, such as a segment. The
 * view copies what it is given.
 */
typedef struct
{
  const char *id;
  double      start;
  double      end;
  GdkRGBA     color;
  const char *label;
  gboolean    selected;
} PwWaveformRange;

#define PW_TYPE_WAVEFORM_VIEW (pw_waveform_view_get_type ())

G_DECLARE_FINAL_TYPE (PwWaveformView, pw_waveform_view, PW, WAVEFORM_VIEW, GtkWidget)

GtkWidget     *pw_waveform_view_new                (void);
void           pw_waveform_view_set_levels         (PwWaveformView        *self,
                                                    PwAudioLevels         *levels);
PwAudioLevels *pw_waveform_view_get_levels         (PwWaveformView        *self);
void           pw_waveform_view_set_player         (PwWaveformView        *self,
                                                    PwAudioPlayer         *player);
PwAudioPlayer *pw_waveform_view_get_player         (PwWaveformView        *self);
void           pw_waveform_view_set_spectrogram    (PwWaveformView        *self,
                                                    PwSpectrogram         *spectrogram);
PwSpectrogram *pw_waveform_view_get_spectrogram    (PwWaveformView        *self);
void           pw_waveform_view_set_show_spectrogram (PwWaveformView      *self,
                                                    gboolean               show);
gboolean       pw_waveform_view_get_show_spectrogram (PwWaveformView      *self);
void           pw_waveform_view_set_ranges         (PwWaveformView        *self,
                                                    const PwWaveformRange *ranges,
                                                    gsize                  n_ranges);

double         pw_waveform_view_get_duration       (PwWaveformView        *self);
double         pw_waveform_view_get_zoom           (PwWaveformView        *self);
void           pw_waveform_view_set_zoom           (PwWaveformView        *self,
                                                    double                 zoom,
                                                    double                 anchor_x);
void           pw_waveform_view_zoom_fit           (PwWaveformView        *self);
double         pw_waveform_view_get_seconds_per_pixel (PwWaveformView     *self);
double         pw_waveform_view_time_at            (PwWaveformView        *self,
                                                    double                 x);
double         pw_waveform_view_x_at               (PwWaveformView        *self,
                                                    double                 seconds);
void           pw_waveform_view_scroll_to          (PwWaveformView        *self,
                                                    double                 seconds);

gboolean       pw_waveform_view_get_selection      (PwWaveformView        *self,
                                                    double                *start,
                                                    double                *end);
void           pw_waveform_view_clear_selection    (PwWaveformView        *self);
double         pw_waveform_view_get_drawn_cursor   (PwWaveformView        *self);

G_END_DECLS
