/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <math.h>

#include "pw-waveform-view-private.h"

/* Zoom and scroll of PwWaveformView: how many seconds a column shows, fit
 * to the width or zoomed in about a column, and the hadjustment of the
 * GtkScrollable, counted in columns of the whole recording at that zoom,
 * which says what part of the recording is in view. */

static double
fit_spp (PwWaveformView *self)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  double duration = pw_waveform_view_get_duration (self);

  if (width <= 0 || duration <= 0)
    return 0.01;
  return MAX (duration / width, PW_WAVEFORM_MIN_SECONDS_PER_PIXEL);
}

static double
clamp_spp (PwWaveformView *self,
           double          spp)
{
  return CLAMP (spp, PW_WAVEFORM_MIN_SECONDS_PER_PIXEL, MAX (fit_spp (self), PW_WAVEFORM_MIN_SECONDS_PER_PIXEL));
}

/* The adjustment in columns of the recording at the current zoom; @value
 * is the column wanted at the left edge. */
static void
configure (PwWaveformView *self,
           double          value)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  double columns = ceil (pw_waveform_view_get_duration (self) / self->spp);
  double upper = MAX (columns, width);

  value = CLAMP (value, 0, MAX (upper - width, 0));
  gtk_adjustment_configure (self->hadjustment, value, 0, upper,
                            MAX (width / 10.0, 1), MAX (width * 0.9, 1), width);
}

void
_pw_waveform_view_update_layout (PwWaveformView *self)
{
  double value = gtk_adjustment_get_value (self->hadjustment);
  double spp = self->fit ? fit_spp (self) : clamp_spp (self, self->spp);

  if (spp != self->spp)
    {
      /* Keep the time at the left edge. */
      value = value * self->spp / spp;
      self->spp = spp;
      _pw_waveform_view_notify_zoom (self);
    }
  self->laid_out_duration = pw_waveform_view_get_duration (self);
  configure (self, value);
  _pw_waveform_view_queue_redraw (self);
}

/**
 * pw_waveform_view_time_at:
 * @self: a #PwWaveformView
 * @x: a column of the widget
 *
 * Returns: the seconds shown at @x
 */
double
pw_waveform_view_time_at (PwWaveformView *self,
                          double          x)
{
  g_return_val_if_fail (PW_IS_WAVEFORM_VIEW (self), 0);

  return (gtk_adjustment_get_value (self->hadjustment) + x) * self->spp;
}

/**
 * pw_waveform_view_x_at:
 * @self: a #PwWaveformView
 * @seconds: a time in the recording
 *
 * Returns: the column of the widget where @seconds is drawn
 */
double
pw_waveform_view_x_at (PwWaveformView *self,
                       double          seconds)
{
  g_return_val_if_fail (PW_IS_WAVEFORM_VIEW (self), 0);

  return seconds / self->spp - gtk_adjustment_get_value (self->hadjustment);
}

double
pw_waveform_view_get_seconds_per_pixel (PwWaveformView *self)
{
  g_return_val_if_fail (PW_IS_WAVEFORM_VIEW (self), 0);

  return self->spp;
}

/**
 * pw_waveform_view_get_zoom:
 * @self: a #PwWaveformView
 *
 * Returns: how much larger than the fit the recording is drawn: 1 when
 *   all of it is in view
 */
double
pw_waveform_view_get_zoom (PwWaveformView *self)
{
  g_return_val_if_fail (PW_IS_WAVEFORM_VIEW (self), 1);

  return fit_spp (self) / self->spp;
}

/**
 * pw_waveform_view_set_zoom:
 * @self: a #PwWaveformView
 * @zoom: 1 to fit the recording, more to draw it larger
 * @anchor_x: the column whose time stays where it is, such as the
 *   pointer's
 */
void
pw_waveform_view_set_zoom (PwWaveformView *self,
                           double          zoom,
                           double          anchor_x)
{
  double anchor_time, spp;

  g_return_if_fail (PW_IS_WAVEFORM_VIEW (self));

  anchor_time = pw_waveform_view_time_at (self, anchor_x);
  spp = clamp_spp (self, fit_spp (self) / MAX (zoom, 1e-9));
  self->fit = spp >= fit_spp (self);
  if (spp == self->spp)
    return;
  self->spp = spp;
  configure (self, anchor_time / spp - anchor_x);
  _pw_waveform_view_notify_zoom (self);
  _pw_waveform_view_queue_redraw (self);
}

void
pw_waveform_view_zoom_fit (PwWaveformView *self)
{
  g_return_if_fail (PW_IS_WAVEFORM_VIEW (self));

  self->fit = TRUE;
  _pw_waveform_view_update_layout (self);
}

void
_pw_waveform_view_scroll_by (PwWaveformView *self,
                             double          pixels)
{
  gtk_adjustment_set_value (self->hadjustment, gtk_adjustment_get_value (self->hadjustment) + pixels);
}

/**
 * pw_waveform_view_scroll_to:
 * @self: a #PwWaveformView
 * @seconds: a time in the recording
 *
 * Scrolls so that @seconds is in view, a tenth of the width from the left
 * edge, unless it is in view already.
 */
void
pw_waveform_view_scroll_to (PwWaveformView *self,
                            double          seconds)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  double x;

  g_return_if_fail (PW_IS_WAVEFORM_VIEW (self));

  x = pw_waveform_view_x_at (self, seconds);
  if (x >= 0 && x < width)
    return;
  gtk_adjustment_set_value (self->hadjustment, seconds / self->spp - width / 10.0);
}

static void
on_adjustment_value_changed (GtkAdjustment  *adjustment,
                             PwWaveformView *self)
{
  _pw_waveform_view_queue_redraw (self);
}

void
_pw_waveform_view_set_hadjustment (PwWaveformView *self,
                                   GtkAdjustment  *adjustment)
{
  double value = 0;

  if (adjustment != NULL && adjustment == self->hadjustment)
    return;
  if (self->hadjustment != NULL)
    {
      value = gtk_adjustment_get_value (self->hadjustment);
      g_signal_handlers_disconnect_by_func (self->hadjustment, on_adjustment_value_changed, self);
      g_clear_object (&self->hadjustment);
    }
  if (adjustment == NULL)
    adjustment = gtk_adjustment_new (0, 0, 0, 0, 0, 0);
  self->hadjustment = g_object_ref_sink (adjustment);
  g_signal_connect (adjustment, "value-changed", G_CALLBACK (on_adjustment_value_changed), self);
  configure (self, value);
  g_object_notify (G_OBJECT (self), "hadjustment");
}

void
_pw_waveform_view_dispose_adjustments (PwWaveformView *self)
{
  if (self->hadjustment != NULL)
    g_signal_handlers_disconnect_by_func (self->hadjustment, on_adjustment_value_changed, self);
  g_clear_object (&self->hadjustment);
  g_clear_object (&self->vadjustment);
}

void
_pw_waveform_view_set_vadjustment (PwWaveformView *self,
                                   GtkAdjustment  *adjustment)
{
  if (adjustment != NULL && adjustment == self->vadjustment)
    return;
  g_clear_object (&self->vadjustment);
  if (adjustment == NULL)
    adjustment = gtk_adjustment_new (0, 0, 0, 0, 0, 0);
  /* Nothing scrolls up or down. */
  self->vadjustment = g_object_ref_sink (adjustment);
  gtk_adjustment_configure (adjustment, 0, 0, 0, 0, 0, 0);
  g_object_notify (G_OBJECT (self), "vadjustment");
}
