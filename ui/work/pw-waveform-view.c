/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include "pw-waveform-view-private.h"

/* The waveform of a recording at any zoom, with a time ruler, the ranges
 * its owner passes in (segments), a selection dragged out with the
 * pointer, and the player's cursor.
 *
 * The view is a GtkScrollable over its hadjustment, counted in columns
 * (pixels) of the whole recording at the current zoom: put it in a
 * GtkScrolledWindow for a scrollbar (pw-waveform-view-zoom.c). Each frame
 * draws the visible columns only, each from one or two peaks of the
 * levels' layer that has at least one peak a column
 * (pw-waveform-view-draw.c), so a frame costs the same for a minute or for
 * hours. While the player plays, a tick callback redraws every frame, and
 * the cursor is the player's position asked at the snapshot: what is heard
 * as that frame is made (pw-waveform-view-playback.c). */

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

void
_pw_waveform_view_notify_zoom (PwWaveformView *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
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
  _pw_waveform_view_dispose_adjustments (self);
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
      _pw_waveform_view_set_hadjustment (self, g_value_get_object (value));
      break;
    case PROP_VADJUSTMENT:
      _pw_waveform_view_set_vadjustment (self, g_value_get_object (value));
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
  _pw_waveform_view_set_hadjustment (self, NULL);
  _pw_waveform_view_set_vadjustment (self, NULL);

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
      self->player_notify_id = g_signal_connect (player, "notify",
                                                 G_CALLBACK (_pw_waveform_view_on_player_notify),
                                                 self);
    }
  _pw_waveform_view_update_ticking (self);
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
