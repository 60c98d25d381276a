/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <math.h>
#include <stdio.h>

#include "pw-waveform-view-private.h"

/* A frame of the waveform view: its content (the ranges behind, the
 * waveform, the selection and the ruler; draw_content()) and the cursor
 * on top. Only the visible columns are drawn, each from the layer of the
 * levels whose peaks are no wider than a column: one or two peaks a
 * column at any zoom.
 *
 * While the player plays, a frame comes for the cursor alone
 * (_pw_waveform_view_queue_cursor()): the content's render node of the
 * frame before is appended again when nothing it shows changed (its
 * PwWaveContentKey), so such a frame makes one node, and GTK, comparing
 * the frames' nodes, finds that only the cursor's columns changed. Every
 * other change goes through _pw_waveform_view_queue_redraw(), which makes
 * the next frame draw it all. */

/* Labels of the ruler stand at least this far apart. */
#define LABEL_SPACING 90.0
#define MIN_RANGE_WIDTH 1.0

static const GdkRGBA accent = { 0.208, 0.518, 0.894, 1.0 };   /* GNOME blue */
static const GdkRGBA cursor_color = { 0.878, 0.106, 0.141, 1.0 };

static GdkRGBA
with_alpha (const GdkRGBA *color,
            double         alpha)
{
  GdkRGBA out = *color;

  out.alpha *= alpha;
  return out;
}

static void
fill (GtkSnapshot *snapshot,
      GdkRGBA      color,
      double       x,
      double       y,
      double       width,
      double       height)
{
  gtk_snapshot_append_color (snapshot, &color, &GRAPHENE_RECT_INIT (x, y, width, height));
}

/* The finest layer with no more than one peak a column, so that a column
 * reads one or two peaks. */
static guint
layer_for (PwAudioLevels *levels,
           double         samples_per_column)
{
  guint n_layers = pw_audio_levels_get_n_layers (levels);
  guint layer = 0;

  while (layer + 1 < n_layers
         && (double) ((guint64) PW_AUDIO_LEVELS_SAMPLES_PER_PEAK << (layer + 1)) <= samples_per_column)
    layer++;
  return layer;
}

static void
draw_waveform (PwWaveformView *self,
               GtkSnapshot    *snapshot,
               const GdkRGBA  *foreground,
               double          top,
               double          height,
               int             width)
{
  GdkRGBA color = with_alpha (foreground, 0.75);
  double value = gtk_adjustment_get_value (self->hadjustment);
  double first = floor (value);
  double shift = first - value;
  double middle = top + height / 2;
  double scale = (height / 2 - 1) / 32768.0;
  double samples_per_column, peak_samples;
  const PwAudioPeak *peaks;
  gsize n_peaks;
  guint layer;

  self->drawn_columns = 0;
  if (self->levels == NULL || pw_audio_levels_get_n_layers (self->levels) == 0
      || pw_audio_levels_get_rate (self->levels) == 0)
    return;

  samples_per_column = self->spp * pw_audio_levels_get_rate (self->levels);
  layer = layer_for (self->levels, samples_per_column);
  peaks = pw_audio_levels_get_layer (self->levels, layer, &n_peaks);
  peak_samples = (double) ((guint64) PW_AUDIO_LEVELS_SAMPLES_PER_PEAK << layer);
  self->drawn_layer = layer;

  fill (snapshot, with_alpha (foreground, 0.15), 0, middle, width, 1);

  for (int x = 0; x <= width; x++)
    {
      double column = first + x;
      gsize a = (gsize) floor (column * samples_per_column / peak_samples);
      gsize b = (gsize) ceil ((column + 1) * samples_per_column / peak_samples);
      gint16 low = G_MAXINT16, high = G_MININT16;
      double y0, y1;

      b = MIN (b, n_peaks);
      if (a >= b)
        break;  /* the sound beyond is not ready yet */
      for (gsize i = a; i < b; i++)
        {
          low = MIN (low, peaks[i].min);
          high = MAX (high, peaks[i].max);
        }
      y0 = middle - high * scale;
      y1 = middle - low * scale;
      if (y1 - y0 < 1)
        {
          y0 = (y0 + y1 - 1) / 2;
          y1 = y0 + 1;
        }
      fill (snapshot, color, x + shift, y0, 1, y1 - y0);
      self->drawn_columns++;
    }
}

static void
draw_text (PwWaveformView *self,
           GtkSnapshot    *snapshot,
           const char     *text,
           const GdkRGBA  *color,
           double          x,
           double          y)
{
  g_autoptr (PangoLayout) layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);

  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x, y));
  gtk_snapshot_append_layout (snapshot, layout, color);
  gtk_snapshot_restore (snapshot);
}

static void
draw_span (GtkSnapshot   *snapshot,
           const GdkRGBA *color,
           double         x0,
           double         x1,
           double         top,
           double         height,
           double         fill_alpha,
           double         edge_width)
{
  GdkRGBA edge = with_alpha (color, 0.9);

  fill (snapshot, with_alpha (color, fill_alpha), x0, top, MAX (x1 - x0, MIN_RANGE_WIDTH), height);
  fill (snapshot, edge, x0, top, edge_width, height);
  fill (snapshot, edge, x1 - edge_width, top, edge_width, height);
}

static void
draw_ranges (PwWaveformView *self,
             GtkSnapshot    *snapshot,
             const GdkRGBA  *foreground,
             double          top,
             double          height,
             int             width)
{
  /* The selected ones last, on top. */
  for (int pass = 0; pass < 2; pass++)
    for (guint i = 0; i < self->ranges->len; i++)
      {
        const PwWaveRange *range = &g_array_index (self->ranges, PwWaveRange, i);
        gboolean live = self->grab_dragged && self->grab_range == (int) i
                        && self->grab >= PW_WAVE_GRAB_MOVE;
        double start = live ? self->live_start : range->start;
        double end = live ? self->live_end : range->end;
        double x0 = pw_waveform_view_x_at (self, start);
        double x1 = pw_waveform_view_x_at (self, end);

        if (range->selected != (pass == 1) || x1 < 0 || x0 > width)
          continue;
        draw_span (snapshot, &range->color, x0, x1, top, height,
                   range->selected ? 0.35 : 0.18, range->selected ? 2 : 1);
        if (range->label != NULL && x1 - x0 > 12)
          {
            gtk_snapshot_push_clip (snapshot, &GRAPHENE_RECT_INIT (x0, top, x1 - x0, height));
            draw_text (self, snapshot, range->label, foreground, MAX (x0, 0) + 4, top + 2);
            gtk_snapshot_pop (snapshot);
          }
      }
}

/* Rounded to the label's precision first, so 59.9996 reads 1:00. */
static void
format_time (char   *buffer,
             gsize   size,
             double  seconds,
             int     decimals)
{
  double unit = pow (10, decimals);
  double rounded = round (seconds * unit) / unit;
  int hours = (int) (rounded / 3600);
  int minutes = (int) (fmod (rounded, 3600) / 60);
  double rest = rounded - hours * 3600.0 - minutes * 60.0;
  int field = decimals > 0 ? 3 + decimals : 2;

  if (hours > 0)
    snprintf (buffer, size, "%d:%02d:%0*.*f", hours, minutes, field, decimals, fabs (rest));
  else
    snprintf (buffer, size, "%d:%0*.*f", minutes, field, decimals, fabs (rest));
}

static void
draw_ruler (PwWaveformView *self,
            GtkSnapshot    *snapshot,
            const GdkRGBA  *foreground,
            int             width)
{
  static const double steps[] = {
    0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 15, 30,
    60, 120, 300, 600, 900, 1800, 3600, 7200, 18000, 36000,
  };
  GdkRGBA tick = with_alpha (foreground, 0.5);
  double step = steps[G_N_ELEMENTS (steps) - 1];
  double minor, t0, t1, duration = pw_waveform_view_get_duration (self);
  int decimals;

  fill (snapshot, with_alpha (foreground, 0.06), 0, 0, width, PW_WAVEFORM_RULER_HEIGHT);
  fill (snapshot, with_alpha (foreground, 0.2), 0, PW_WAVEFORM_RULER_HEIGHT - 1, width, 1);

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    if (steps[i] / self->spp >= LABEL_SPACING)
      {
        step = steps[i];
        break;
      }
  minor = step / 2;
  decimals = step < 0.01 ? 3 : step < 0.1 ? 2 : step < 1 ? 1 : 0;
  t0 = MAX (pw_waveform_view_time_at (self, 0), 0);
  t1 = MIN (pw_waveform_view_time_at (self, width), duration);

  for (gint64 k = (gint64) floor (t0 / minor); k * minor <= t1; k++)
    {
      double t = k * minor;
      double x = pw_waveform_view_x_at (self, t);
      gboolean major = k % 2 == 0;

      fill (snapshot, tick, x, PW_WAVEFORM_RULER_HEIGHT - (major ? 8 : 4), 1, major ? 8 : 4);
      if (major)
        {
          char label[32];

          format_time (label, sizeof label, t, decimals);
          draw_text (self, snapshot, label, foreground, x + 3, 1);
        }
    }
}

static void
draw_content (PwWaveformView *self,
              GtkSnapshot    *snapshot,
              const GdkRGBA  *foreground,
              int             width,
              int             height)
{
  double top = PW_WAVEFORM_RULER_HEIGHT;
  double wave_height = MAX (height - top, 0);
  gboolean spectrogram;

  fill (snapshot, with_alpha (foreground, 0.03), 0, top, width, wave_height);
  spectrogram = _pw_waveform_view_draw_spectrogram (self, snapshot, foreground, top, wave_height, width);
  draw_ranges (self, snapshot, foreground, top, wave_height, width);
  if (!spectrogram)
    draw_waveform (self, snapshot, foreground, top, wave_height, width);

  if (self->has_selection)
    draw_span (snapshot, &accent,
               pw_waveform_view_x_at (self, self->selection_start),
               pw_waveform_view_x_at (self, self->selection_end),
               top, wave_height, 0.25, 1);

  draw_ruler (self, snapshot, foreground, width);
}

static gboolean
content_key_equal (const PwWaveContentKey *a,
                   const PwWaveContentKey *b)
{
  return a->width == b->width && a->height == b->height
         && gdk_rgba_equal (&a->foreground, &b->foreground)
         && a->value == b->value && a->spp == b->spp
         && a->n_samples == b->n_samples && a->serial == b->serial;
}

void
_pw_waveform_view_snapshot (GtkWidget   *widget,
                            GtkSnapshot *snapshot)
{
  PwWaveformView *self = PW_WAVEFORM_VIEW (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  PwWaveContentKey key = {
    .width = width,
    .height = height,
    .value = gtk_adjustment_get_value (self->hadjustment),
    .spp = self->spp,
    .n_samples = self->levels != NULL ? pw_audio_levels_get_n_samples (self->levels) : 0,
    .serial = self->content_serial,
  };

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &key.foreground);
  G_GNUC_END_IGNORE_DEPRECATIONS

  if (self->content == NULL || !self->cursor_frame || !content_key_equal (&key, &self->content_key))
    {
      GtkSnapshot *content = gtk_snapshot_new ();

      draw_content (self, content, &key.foreground, width, height);
      g_clear_pointer (&self->content, gsk_render_node_unref);
      self->content = gtk_snapshot_free_to_node (content);
      self->content_key = key;
      self->content_builds++;
    }
  self->cursor_frame = FALSE;
  if (self->content != NULL)
    gtk_snapshot_append_node (snapshot, self->content);

  if (_pw_waveform_view_has_cursor (self))
    {
      /* Asked now, as late as the frame allows: the sound this frame
       * goes out with. */
      double x;

      self->drawn_cursor = _pw_waveform_view_cursor_time (self);
      x = pw_waveform_view_x_at (self, self->drawn_cursor);
      if (x >= -1 && x <= width + 1)
        fill (snapshot, cursor_color, round (x) - 1, 0, 2, height);
    }
}
