/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include "pw-waveform-view-private.h"

/* The player in PwWaveformView: its position drawn as the cursor, a click
 * that seeks, and while it plays, a redraw every frame that turns the page
 * when the cursor leaves the view. */

gboolean
_pw_waveform_view_has_cursor (PwWaveformView *self)
{
  return self->player != NULL && pw_audio_player_is_ready (self->player);
}

double
_pw_waveform_view_cursor_time (PwWaveformView *self)
{
  return pw_audio_player_get_position (self->player);
}

void
_pw_waveform_view_seek (PwWaveformView *self,
                        double          seconds)
{
  if (self->player != NULL)
    pw_audio_player_seek (self->player, seconds);
}

/* While playing, each frame: redraw, and turn the page when the cursor
 * leaves the view, unless the worker is dragging. */
static gboolean
on_tick (GtkWidget     *widget,
         GdkFrameClock *clock,
         gpointer       user_data)
{
  PwWaveformView *self = PW_WAVEFORM_VIEW (widget);
  int width = gtk_widget_get_width (widget);
  double x = pw_waveform_view_x_at (self, _pw_waveform_view_cursor_time (self));

  if (self->grab == PW_WAVE_GRAB_NONE && (x >= width || x < 0))
    pw_waveform_view_scroll_to (self, _pw_waveform_view_cursor_time (self));
  _pw_waveform_view_queue_cursor (self);
  return G_SOURCE_CONTINUE;
}

void
_pw_waveform_view_update_ticking (PwWaveformView *self)
{
  gboolean playing = self->player != NULL && pw_audio_player_get_playing (self->player);

  if (playing && self->tick_id == 0)
    self->tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), on_tick, NULL, NULL);
  else if (!playing && self->tick_id != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->tick_id);
      self->tick_id = 0;
    }
}

void
_pw_waveform_view_on_player_notify (PwAudioPlayer  *player,
                                    GParamSpec     *pspec,
                                    PwWaveformView *self)
{
  if (g_str_equal (pspec->name, "playing"))
    _pw_waveform_view_update_ticking (self);
  else if (g_str_equal (pspec->name, "duration") || g_str_equal (pspec->name, "ready"))
    _pw_waveform_view_update_layout (self);
  _pw_waveform_view_queue_redraw (self);
}
