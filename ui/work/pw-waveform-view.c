/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <math.h>

#include "pw-waveform-view-private.h"

/* The waveform of a recording at any zoom, with a time ruler, the ranges
 * its owner passes in (segments), a selection dragged out with the
 * pointer, and the player's cursor.
 *
 * The view is a GtkScrollable over its hadjustment, counted in columns
 * (pixels) of the whole recording at the current zoom: put it in a
 * GtkScrolledWindow for a scrollbar. Each frame draws the visible columns
 * only, each from one or two peaks of the levels' layer that has at least
 * one peak a column (pw-waveform-view-draw.c), so a frame costs the same
 * for a minute or for hours. While the player plays, a tick callback
 * redraws every frame, and the cursor is the player's position asked at
 * the snapshot: what is heard as that frame is made. */

G_DEFINE_FINAL_TYPE_WITH_CODE (PwWaveformView, pw_waveform_view, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_SCROLLABLE, NULL))

enum {
  PROP_0,
  PROP_LEVELS,
  PROP_PLAYER,
  PROP_ZOOM,
  N_PROPS,

  /* GtkScrollable */
  PROP_HADJUSTMENT = N_PROPS,
  PROP_VADJUSTMENT,
  PROP_HSCROLL_POLICY,
  PROP_VSCROLL_POLICY,

  /* pw-waveform-view-spectrogram.c */
  PROP_SPECTROGRAM_FIRST,
};

enum {
  RANGE_SELECTED,
  RANGE_ACTIVATED,
  RANGE_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
clear_range (gpointer data)
{
  PwWaveRange *range = data;

  g_free (range->id);
  g_free (range->label);
}

/**
 * pw_waveform_view_get_duration:
 * @self: a #PwWaveformView
 *
 * Returns: the seconds the view spans: the player's duration once known,
 *   else what the levels hold so far
 */
double
pw_waveform_view_get_duration (PwWaveformView *self)
{
  double duration = 0;

  g_return_val_if_fail (PW_IS_WAVEFORM_VIEW (self), 0);

  if (self->levels != NULL)
    duration = pw_audio_levels_get_duration (self->levels);
  if (self->player != NULL)
    duration = MAX (duration, pw_audio_player_get_duration (self->player));
  return duration;
}

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

/* Something the frame shows changed: the next one draws it all. Whatever
 * changes what the view shows, other than the cursor, says so here. */
void
_pw_waveform_view_queue_redraw (PwWaveformView *self)
{
  self->content_serial++;
  self->cursor_frame = FALSE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* Only the cursor moved: the next frame may draw the content it drew
 * before. A frame asked for by anything else (GTK for a new style, say)
 * draws it all. */
void
_pw_waveform_view_queue_cursor (PwWaveformView *self)
{
  self->cursor_frame = TRUE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
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
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
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
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
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

static void
update_ticking (PwWaveformView *self)
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

static void
on_player_notify (PwAudioPlayer  *player,
                  GParamSpec     *pspec,
                  PwWaveformView *self)
{
  if (g_str_equal (pspec->name, "playing"))
    update_ticking (self);
  else if (g_str_equal (pspec->name, "duration") || g_str_equal (pspec->name, "ready"))
    _pw_waveform_view_update_layout (self);
  _pw_waveform_view_queue_redraw (self);
}

static void
on_levels_progress (PwAudioLevels  *levels,
                    guint64         start,
                    guint64         end,
                    PwWaveformView *self)
{
  if (pw_waveform_view_get_duration (self) != self->laid_out_duration)
    _pw_waveform_view_update_layout (self);
  else
    _pw_waveform_view_queue_redraw (self);
}

static void
on_levels_complete (PwAudioLevels  *levels,
                    GParamSpec     *pspec,
                    PwWaveformView *self)
{
  _pw_waveform_view_update_layout (self);
}

static void
on_adjustment_value_changed (GtkAdjustment  *adjustment,
                             PwWaveformView *self)
{
  _pw_waveform_view_queue_redraw (self);
}

static void
set_hadjustment (PwWaveformView *self,
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

static void
set_vadjustment (PwWaveformView *self,
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

static void
pw_waveform_view_size_allocate (GtkWidget *widget,
                                int        width,
                                int        height,
                                int        baseline)
{
  _pw_waveform_view_update_layout (PW_WAVEFORM_VIEW (widget));
}

static void
pw_waveform_view_measure (GtkWidget      *widget,
                          GtkOrientation  orientation,
                          int             for_size,
                          int            *minimum,
                          int            *natural,
                          int            *minimum_baseline,
                          int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 100;
      *natural = 600;
    }
  else
    {
      *minimum = PW_WAVEFORM_RULER_HEIGHT + 40;
      *natural = PW_WAVEFORM_RULER_HEIGHT + 140;
    }
}

static void
pw_waveform_view_dispose (GObject *object)
{
  PwWaveformView *self = PW_WAVEFORM_VIEW (object);

  pw_waveform_view_set_levels (self, NULL);
  pw_waveform_view_set_player (self, NULL);
  _pw_waveform_view_dispose_spectrogram (self);
  if (self->hadjustment != NULL)
    g_signal_handlers_disconnect_by_func (self->hadjustment, on_adjustment_value_changed, self);
  g_clear_object (&self->hadjustment);
  g_clear_object (&self->vadjustment);
  g_clear_pointer (&self->content, gsk_render_node_unref);

  G_OBJECT_CLASS (pw_waveform_view_parent_class)->dispose (object);
}

static void
pw_waveform_view_finalize (GObject *object)
{
  PwWaveformView *self = PW_WAVEFORM_VIEW (object);

  g_array_unref (self->ranges);

  G_OBJECT_CLASS (pw_waveform_view_parent_class)->finalize (object);
}

static void
pw_waveform_view_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  PwWaveformView *self = PW_WAVEFORM_VIEW (object);

  switch (prop_id)
    {
    case PROP_LEVELS:
      g_value_set_object (value, self->levels);
      break;
    case PROP_PLAYER:
      g_value_set_object (value, self->player);
      break;
    case PROP_ZOOM:
      g_value_set_double (value, pw_waveform_view_get_zoom (self));
      break;
    case PROP_HADJUSTMENT:
      g_value_set_object (value, self->hadjustment);
      break;
    case PROP_VADJUSTMENT:
      g_value_set_object (value, self->vadjustment);
      break;
    case PROP_HSCROLL_POLICY:
      g_value_set_enum (value, self->hscroll_policy);
      break;
    case PROP_VSCROLL_POLICY:
      g_value_set_enum (value, self->vscroll_policy);
      break;
    default:
      if (!_pw_waveform_view_get_spectrogram_property (self, prop_id, value))
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pw_waveform_view_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  PwWaveformView *self = PW_WAVEFORM_VIEW (object);

  switch (prop_id)
    {
    case PROP_LEVELS:
      pw_waveform_view_set_levels (self, g_value_get_object (value));
      break;
    case PROP_PLAYER:
      pw_waveform_view_set_player (self, g_value_get_object (value));
      break;
    case PROP_ZOOM:
      pw_waveform_view_set_zoom (self, g_value_get_double (value),
                                 gtk_widget_get_width (GTK_WIDGET (self)) / 2.0);
      break;
    case PROP_HADJUSTMENT:
      set_hadjustment (self, g_value_get_object (value));
      break;
    case PROP_VADJUSTMENT:
      set_vadjustment (self, g_value_get_object (value));
      break;
    case PROP_HSCROLL_POLICY:
      if (self->hscroll_policy != (guint) g_value_get_enum (value))
        {
          self->hscroll_policy = g_value_get_enum (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_VSCROLL_POLICY:
      if (self->vscroll_policy != (guint) g_value_get_enum (value))
        {
          self->vscroll_policy = g_value_get_enum (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    default:
      if (!_pw_waveform_view_set_spectrogram_property (self, prop_id, value))
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pw_waveform_view_class_init (PwWaveformViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pw_waveform_view_dispose;
  object_class->finalize = pw_waveform_view_finalize;
  object_class->get_property = pw_waveform_view_get_property;
  object_class->set_property = pw_waveform_view_set_property;

  widget_class->snapshot = _pw_waveform_view_snapshot;
  widget_class->size_allocate = pw_waveform_view_size_allocate;
  widget_class->measure = pw_waveform_view_measure;

  /**
   * PwWaveformView:levels:
   *
   * The waveform drawn; it may still be growing.
   */
  properties[PROP_LEVELS] =
    g_param_spec_object ("levels", NULL, NULL, PW_TYPE_AUDIO_LEVELS,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * PwWaveformView:player:
   *
   * The player whose position is drawn as the cursor and which a click
   * seeks.
   */
  properties[PROP_PLAYER] =
    g_param_spec_object ("player", NULL, NULL, PW_TYPE_AUDIO_PLAYER,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * PwWaveformView:zoom:
   *
   * How much larger than the fit the recording is drawn.
   */
  properties[PROP_ZOOM] =
    g_param_spec_double ("zoom", NULL, NULL, 0, G_MAXDOUBLE, 1,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
  g_object_class_override_property (object_class, PROP_HADJUSTMENT, "hadjustment");
  g_object_class_override_property (object_class, PROP_VADJUSTMENT, "vadjustment");
  g_object_class_override_property (object_class, PROP_HSCROLL_POLICY, "hscroll-policy");
  g_object_class_override_property (object_class, PROP_VSCROLL_POLICY, "vscroll-policy");
  _pw_waveform_view_class_init_spectrogram (object_class, PROP_SPECTROGRAM_FIRST);

  /**
   * PwWaveformView::range-selected:
   * @self: the view
   * @start: seconds
   * @end: seconds, beyond @start
   *
   * The worker dragged over the waveform outside the ranges, as to make a
   * segment of that span.
   */
  signals[RANGE_SELECTED] =
    g_signal_new ("range-selected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_DOUBLE, G_TYPE_DOUBLE);

  /**
   * PwWaveformView::range-activated:
   * @self: the view
   * @id: the range's id
   *
   * The worker clicked a range, as to focus its segment.
   */
  signals[RANGE_ACTIVATED] =
    g_signal_new ("range-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  /**
   * PwWaveformView::range-changed:
   * @self: the view
   * @id: the range's id
   * @start: its new start, in seconds
   * @end: its new end
   *
   * The worker dragged an edge of a range, or the whole range, and let
   * go: one edit. The view draws the range where it was until its owner
   * passes the ranges again.
   */
  signals[RANGE_CHANGED] =
    g_signal_new ("range-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 3, G_TYPE_STRING, G_TYPE_DOUBLE, G_TYPE_DOUBLE);

  gtk_widget_class_set_css_name (widget_class, "pw-waveform-view");
  _pw_waveform_view_class_init_input (widget_class);
}

static void
pw_waveform_view_init (PwWaveformView *self)
{
  self->ranges = g_array_new (FALSE, TRUE, sizeof (PwWaveRange));
  g_array_set_clear_func (self->ranges, clear_range);
  self->spp = 0.01;
  self->fit = TRUE;
  self->grab = PW_WAVE_GRAB_NONE;
  self->grab_range = -1;
  set_hadjustment (self, NULL);
  set_vadjustment (self, NULL);

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
  _pw_waveform_view_init_input (self);
}

GtkWidget *
pw_waveform_view_new (void)
{
  return g_object_new (PW_TYPE_WAVEFORM_VIEW, NULL);
}

/**
 * pw_waveform_view_set_levels:
 * @self: a #PwWaveformView
 * @levels: (nullable): the waveform, complete or still loading
 */
void
pw_waveform_view_set_levels (PwWaveformView *self,
                             PwAudioLevels  *levels)
{
  g_return_if_fail (PW_IS_WAVEFORM_VIEW (self));
  g_return_if_fail (levels == NULL || PW_IS_AUDIO_LEVELS (levels));

  if (levels == self->levels)
    return;
  if (self->levels != NULL)
    {
      g_clear_signal_handler (&self->levels_progress_id, self->levels);
      g_clear_signal_handler (&self->levels_complete_id, self->levels);
      g_clear_object (&self->levels);
    }
  if (levels != NULL)
    {
      self->levels = g_object_ref (levels);
      self->levels_progress_id = g_signal_connect (levels, "progress", G_CALLBACK (on_levels_progress), self);
      self->levels_complete_id = g_signal_connect (levels, "notify::complete",
                                                   G_CALLBACK (on_levels_complete), self);
    }
  if (gtk_widget_get_width (GTK_WIDGET (self)) > 0)
    _pw_waveform_view_update_layout (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LEVELS]);
}

PwAudioLevels *
pw_waveform_view_get_levels (PwWaveformView *self)
{
  g_return_val_if_fail (PW_IS_WAVEFORM_VIEW (self), NULL);

  return self->levels;
}

/**
 * pw_waveform_view_set_player:
 * @self: a #PwWaveformView
 * @player: (nullable): the player of the same recording
 */
void
pw_waveform_view_set_player (PwWaveformView *self,
                             PwAudioPlayer  *player)
{
  g_return_if_fail (PW_IS_WAVEFORM_VIEW (self));
  g_return_if_fail (player == NULL || PW_IS_AUDIO_PLAYER (player));

  if (player == self->player)
    return;
  if (self->player != NULL)
    {
      g_clear_signal_handler (&self->player_notify_id, self->player);
      g_clear_object (&self->player);
    }
  if (player != NULL)
    {
      self->player = g_object_ref (player);
      self->player_notify_id = g_signal_connect (player, "notify", G_CALLBACK (on_player_notify), self);
    }
  update_ticking (self);
  if (gtk_widget_get_width (GTK_WIDGET (self)) > 0)
    _pw_waveform_view_update_layout (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLAYER]);
}

PwAudioPlayer *
pw_waveform_view_get_player (PwWaveformView *self)
{
  g_return_val_if_fail (PW_IS_WAVEFORM_VIEW (self), NULL);

  return self->player;
}

/**
 * pw_waveform_view_set_ranges:
 * @self: a #PwWaveformView
 * @ranges: (array length=n_ranges): the ranges to draw, in any order
 * @n_ranges: how many
 *
 * Replaces the ranges drawn; a drag on one of them in progress ends.
 */
void
pw_waveform_view_set_ranges (PwWaveformView        *self,
                             const PwWaveformRange *ranges,
                             gsize                  n_ranges)
{
  g_return_if_fail (PW_IS_WAVEFORM_VIEW (self));
  g_return_if_fail (ranges != NULL || n_ranges == 0);

  g_array_set_size (self->ranges, 0);
  for (gsize i = 0; i < n_ranges; i++)
    {
      PwWaveRange range = {
        .id = g_strdup (ranges[i].id),
        .start = MIN (ranges[i].start, ranges[i].end),
        .end = MAX (ranges[i].start, ranges[i].end),
        .color = ranges[i].color,
        .label = g_strdup (ranges[i].label),
        .selected = ranges[i].selected,
      };

      g_array_append_val (self->ranges, range);
    }
  if (self->grab == PW_WAVE_GRAB_MOVE || self->grab == PW_WAVE_GRAB_START || self->grab == PW_WAVE_GRAB_END)
    self->grab = PW_WAVE_GRAB_NONE;
  _pw_waveform_view_queue_redraw (self);
}

/**
 * pw_waveform_view_get_selection:
 * @self: a #PwWaveformView
 * @start: (out) (optional): seconds
 * @end: (out) (optional): seconds
 *
 * Returns: whether a span was dragged out and is still shown
 */
gboolean
pw_waveform_view_get_selection (PwWaveformView *self,
                                double         *start,
                                double         *end)
{
  g_return_val_if_fail (PW_IS_WAVEFORM_VIEW (self), FALSE);

  if (start != NULL)
    *start = self->has_selection ? self->selection_start : 0;
  if (end != NULL)
    *end = self->has_selection ? self->selection_end : 0;
  return self->has_selection;
}

void
pw_waveform_view_clear_selection (PwWaveformView *self)
{
  g_return_if_fail (PW_IS_WAVEFORM_VIEW (self));

  if (!self->has_selection)
    return;
  self->has_selection = FALSE;
  _pw_waveform_view_queue_redraw (self);
}

/**
 * pw_waveform_view_get_drawn_cursor:
 * @self: a #PwWaveformView
 *
 * Returns: the player's position as the last frame drew it, in seconds
 */
double
pw_waveform_view_get_drawn_cursor (PwWaveformView *self)
{
  g_return_val_if_fail (PW_IS_WAVEFORM_VIEW (self), 0);

  return self->drawn_cursor;
}

void
_pw_waveform_view_emit_range_selected (PwWaveformView *self,
                                       double          start,
                                       double          end)
{
  g_signal_emit (self, signals[RANGE_SELECTED], 0, start, end);
}

void
_pw_waveform_view_emit_range_activated (PwWaveformView *self,
                                        const char     *id)
{
  g_signal_emit (self, signals[RANGE_ACTIVATED], 0, id);
}

void
_pw_waveform_view_emit_range_changed (PwWaveformView *self,
                                      const char     *id,
                                      double          start,
                                      double          end)
{
  g_signal_emit (self, signals[RANGE_CHANGED], 0, id, start, end);
}

guint
_pw_waveform_view_get_drawn_layer (PwWaveformView *self)
{
  return self->drawn_layer;
}

guint
_pw_waveform_view_get_drawn_columns (PwWaveformView *self)
{
  return self->drawn_columns;
}

guint
_pw_waveform_view_get_content_builds (PwWaveformView *self)
{
  return self->content_builds;
}
