/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <math.h>
#include <string.h>

#include "pw-waveform-view-private.h"

/* The spectrogram in the waveform view, shown instead of the waveform
 * while #PwWaveformView:show-spectrogram is on and the spectrogram is
 * complete; until then the view draws the waveform. It is drawn behind
 * the ranges, the selection, the ruler and the cursor.
 *
 * The recording at the current zoom is cut into tiles of TILE_WIDTH
 * columns. A tile is a texture of a pixel a column and a pixel a band,
 * made the first time it is in view from the spectrogram's layer with at
 * least one column a pixel (at most sixteen columns read a pixel), and
 * stretched to the view's height. Tiles are kept until the zoom, the
 * spectrogram or the style changes: scrolling and the cursor make no new
 * ones. The palette runs from transparent through violet to one end of
 * the scale of lightness, the light end on a dark style and the dark end
 * on a light one, so the loudest sounds stand out from either
 * background. */

#define TILE_WIDTH 256
#define MAX_TILES  48
/* Levels at or below this are not drawn: −75 dB. */
#define PALETTE_FLOOR 64

enum {
  PROP_SPECTROGRAM = 1,
  PROP_SHOW_SPECTROGRAM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];
static guint first_prop_id;

typedef struct
{
  double t;
  float  r, g, b, a;
} Stop;

static const Stop dark_stops[] = {
  { 0.00, 0.25f, 0.10f, 0.55f, 0.00f },
  { 0.30, 0.50f, 0.15f, 0.65f, 0.80f },
  { 0.60, 0.90f, 0.30f, 0.30f, 1.00f },
  { 0.85, 1.00f, 0.70f, 0.20f, 1.00f },
  { 1.00, 1.00f, 0.98f, 0.75f, 1.00f },
};

static const Stop light_stops[] = {
  { 0.00, 0.55f, 0.75f, 0.95f, 0.00f },
  { 0.30, 0.25f, 0.45f, 0.85f, 0.80f },
  { 0.60, 0.45f, 0.15f, 0.60f, 1.00f },
  { 0.85, 0.70f, 0.05f, 0.20f, 1.00f },
  { 1.00, 0.25f, 0.00f, 0.05f, 1.00f },
};

/* Premultiplied RGBA for each level. */
static void
make_palette (guint8   palette[256][4],
              gboolean dark)
{
  const Stop *stops = dark ? dark_stops : light_stops;
  guint n_stops = G_N_ELEMENTS (dark_stops);

  for (guint level = 0; level < 256; level++)
    {
      double t = ((double) level - PALETTE_FLOOR) / (255 - PALETTE_FLOOR);
      guint s = 0;
      double f;
      float r, g, b, a;

      if (t <= 0)
        {
          memset (palette[level], 0, 4);
          continue;
        }
      while (s + 2 < n_stops && t > stops[s + 1].t)
        s++;
      f = CLAMP ((t - stops[s].t) / (stops[s + 1].t - stops[s].t), 0, 1);
      r = stops[s].r + (stops[s + 1].r - stops[s].r) * f;
      g = stops[s].g + (stops[s + 1].g - stops[s].g) * f;
      b = stops[s].b + (stops[s + 1].b - stops[s].b) * f;
      a = stops[s].a + (stops[s + 1].a - stops[s].a) * f;
      palette[level][0] = (guint8) lrintf (r * a * 255);
      palette[level][1] = (guint8) lrintf (g * a * 255);
      palette[level][2] = (guint8) lrintf (b * a * 255);
      palette[level][3] = (guint8) lrintf (a * 255);
    }
}

void
_pw_waveform_view_clear_spectrogram_tiles (PwWaveformView *self)
{
  if (self->spectrogram_tiles != NULL)
    g_hash_table_remove_all (self->spectrogram_tiles);
}

/* The coarsest layer with at least one column a pixel. */
static guint
layer_for (PwSpectrogram *spectrogram,
           double         samples_per_column)
{
  guint n_layers = pw_spectrogram_get_n_layers (spectrogram);
  double column_samples = pw_spectrogram_get_column_samples (spectrogram);
  guint layer = 0;

  while (layer + 1 < n_layers
         && column_samples * pow (PW_SPECTROGRAM_LAYER_FACTOR, layer + 1) <= samples_per_column)
    layer++;
  return layer;
}

static GdkTexture *
make_tile (PwWaveformView *self,
           gint64          tile)
{
  PwSpectrogram *spectrogram = self->spectrogram;
  double samples_per_column = self->spp * pw_spectrogram_get_rate (spectrogram);
  guint layer = layer_for (spectrogram, samples_per_column);
  double layer_samples = pw_spectrogram_get_column_samples (spectrogram)
                         * pow (PW_SPECTROGRAM_LAYER_FACTOR, layer);
  gsize stride = TILE_WIDTH * 4;
  g_autofree guint8 *pixels = g_malloc0 (stride * PW_SPECTROGRAM_N_BANDS);
  g_autoptr (GBytes) bytes = NULL;
  const guint8 *columns;
  gsize n_columns;

  columns = pw_spectrogram_get_layer (spectrogram, layer, &n_columns);
  for (int x = 0; x < TILE_WIDTH; x++)
    {
      double column = (double) tile * TILE_WIDTH + x;
      gsize a = (gsize) floor (column * samples_per_column / layer_samples);
      gsize b = (gsize) ceil ((column + 1) * samples_per_column / layer_samples);
      guint8 strongest[PW_SPECTROGRAM_N_BANDS] = { 0 };

      if (a >= n_columns)
        break;
      b = CLAMP (b, a + 1, n_columns);
      for (gsize c = a; c < b; c++)
        {
          const guint8 *from = columns + c * PW_SPECTROGRAM_N_BANDS;

          for (guint band = 0; band < PW_SPECTROGRAM_N_BANDS; band++)
            strongest[band] = MAX (strongest[band], from[band]);
        }
      /* The highest band on top. */
      for (guint band = 0; band < PW_SPECTROGRAM_N_BANDS; band++)
        memcpy (pixels + (PW_SPECTROGRAM_N_BANDS - 1 - band) * stride + x * 4,
                self->spectrogram_palette[strongest[band]], 4);
    }

  self->spectrogram_tiles_made++;
  bytes = g_bytes_new_take (g_steal_pointer (&pixels), stride * PW_SPECTROGRAM_N_BANDS);
  return gdk_memory_texture_new (TILE_WIDTH, PW_SPECTROGRAM_N_BANDS, GDK_MEMORY_R8G8B8A8_PREMULTIPLIED,
                                 bytes, stride);
}

/* Tiles far from the view go first when there are too many. */
static void
forget_far_tiles (PwWaveformView *self,
                  gint64          first,
                  gint64          last)
{
  GHashTableIter iter;
  gpointer key;

  if (g_hash_table_size (self->spectrogram_tiles) <= MAX_TILES)
    return;
  g_hash_table_iter_init (&iter, self->spectrogram_tiles);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      gint64 tile = *(gint64 *) key;

      if (tile < first - 4 || tile > last + 4)
        g_hash_table_iter_remove (&iter);
    }
}

/* Tiles of another zoom or style are of no use any more. */
static void
check_tiles (PwWaveformView *self,
             const GdkRGBA  *foreground)
{
  gboolean dark = 0.2126 * foreground->red + 0.7152 * foreground->green + 0.0722 * foreground->blue > 0.5;

  if (self->spectrogram_tiles == NULL)
    self->spectrogram_tiles = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_object_unref);
  if (self->spectrogram_tiles_spp != self->spp || self->spectrogram_dark != dark
      || !self->spectrogram_palette_made)
    {
      _pw_waveform_view_clear_spectrogram_tiles (self);
      self->spectrogram_tiles_spp = self->spp;
    }
  if (self->spectrogram_dark != dark || !self->spectrogram_palette_made)
    {
      make_palette (self->spectrogram_palette, dark);
      self->spectrogram_dark = dark;
      self->spectrogram_palette_made = TRUE;
    }
}

/**
 * _pw_waveform_view_draw_spectrogram:
 * @self: a #PwWaveformView
 * @snapshot: the frame
 * @foreground: the style's colour of text
 * @top: where the band of sound starts
 * @height: its height
 * @width: the view's width
 *
 * Returns: %TRUE when the spectrogram was drawn in place of the waveform
 */
gboolean
_pw_waveform_view_draw_spectrogram (PwWaveformView *self,
                                    GtkSnapshot    *snapshot,
                                    const GdkRGBA  *foreground,
                                    double          top,
                                    double          height,
                                    int             width)
{
  double value;
  gint64 first, last;

  self->drawn_spectrogram = FALSE;
  if (!self->show_spectrogram || self->spectrogram == NULL
      || !pw_spectrogram_is_complete (self->spectrogram)
      || pw_spectrogram_get_n_layers (self->spectrogram) == 0 || height <= 0 || width <= 0)
    return FALSE;

  check_tiles (self, foreground);
  value = gtk_adjustment_get_value (self->hadjustment);
  first = (gint64) floor (value / TILE_WIDTH);
  last = (gint64) floor ((value + width) / TILE_WIDTH);
  forget_far_tiles (self, first, last);

  for (gint64 tile = MAX (first, 0); tile <= last; tile++)
    {
      GdkTexture *texture = g_hash_table_lookup (self->spectrogram_tiles, &tile);

      if (texture == NULL)
        {
          gint64 *key = g_new (gint64, 1);

          *key = tile;
          texture = make_tile (self, tile);
          g_hash_table_insert (self->spectrogram_tiles, key, texture);
        }
      gtk_snapshot_append_texture (snapshot, texture,
                                   &GRAPHENE_RECT_INIT ((float) (tile * TILE_WIDTH - value), top,
                                                        TILE_WIDTH, height));
    }
  self->drawn_spectrogram = TRUE;
  return TRUE;
}

static void
on_spectrogram_complete (PwSpectrogram  *spectrogram,
                         GParamSpec     *pspec,
                         PwWaveformView *self)
{
  _pw_waveform_view_clear_spectrogram_tiles (self);
  _pw_waveform_view_queue_redraw (self);
}

/**
 * pw_waveform_view_set_spectrogram:
 * @self: a #PwWaveformView
 * @spectrogram: (nullable): the spectrogram of the recording, complete or
 *   still loading
 *
 * Gives the spectrogram drawn while #PwWaveformView:show-spectrogram is
 * on; until it is complete, the view draws the waveform.
 */
void
pw_waveform_view_set_spectrogram (PwWaveformView *self,
                                  PwSpectrogram  *spectrogram)
{
  g_return_if_fail (PW_IS_WAVEFORM_VIEW (self));
  g_return_if_fail (spectrogram == NULL || PW_IS_SPECTROGRAM (spectrogram));

  if (spectrogram == self->spectrogram)
    return;
  if (self->spectrogram != NULL)
    {
      g_clear_signal_handler (&self->spectrogram_complete_id, self->spectrogram);
      g_clear_object (&self->spectrogram);
    }
  if (spectrogram != NULL)
    {
      self->spectrogram = g_object_ref (spectrogram);
      self->spectrogram_complete_id = g_signal_connect (spectrogram, "notify::complete",
                                                        G_CALLBACK (on_spectrogram_complete), self);
    }
  _pw_waveform_view_clear_spectrogram_tiles (self);
  _pw_waveform_view_queue_redraw (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SPECTROGRAM]);
}

PwSpectrogram *
pw_waveform_view_get_spectrogram (PwWaveformView *self)
{
  g_return_val_if_fail (PW_IS_WAVEFORM_VIEW (self), NULL);

  return self->spectrogram;
}

/**
 * pw_waveform_view_set_show_spectrogram:
 * @self: a #PwWaveformView
 * @show: whether to draw the spectrogram instead of the waveform
 */
void
pw_waveform_view_set_show_spectrogram (PwWaveformView *self,
                                       gboolean        show)
{
  g_return_if_fail (PW_IS_WAVEFORM_VIEW (self));

  show = !!show;
  if (show == self->show_spectrogram)
    return;
  self->show_spectrogram = show;
  if (!show)
    _pw_waveform_view_clear_spectrogram_tiles (self);
  _pw_waveform_view_queue_redraw (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW_SPECTROGRAM]);
}

gboolean
pw_waveform_view_get_show_spectrogram (PwWaveformView *self)
{
  g_return_val_if_fail (PW_IS_WAVEFORM_VIEW (self), FALSE);

  return self->show_spectrogram;
}

void
_pw_waveform_view_dispose_spectrogram (PwWaveformView *self)
{
  pw_waveform_view_set_spectrogram (self, NULL);
  g_clear_pointer (&self->spectrogram_tiles, g_hash_table_unref);
}

gboolean
_pw_waveform_view_get_spectrogram_property (PwWaveformView *self,
                                            guint           prop_id,
                                            GValue         *value)
{
  if (prop_id == first_prop_id + PROP_SPECTROGRAM - 1)
    g_value_set_object (value, self->spectrogram);
  else if (prop_id == first_prop_id + PROP_SHOW_SPECTROGRAM - 1)
    g_value_set_boolean (value, self->show_spectrogram);
  else
    return FALSE;
  return TRUE;
}

gboolean
_pw_waveform_view_set_spectrogram_property (PwWaveformView *self,
                                            guint           prop_id,
                                            const GValue   *value)
{
  if (prop_id == first_prop_id + PROP_SPECTROGRAM - 1)
    pw_waveform_view_set_spectrogram (self, g_value_get_object (value));
  else if (prop_id == first_prop_id + PROP_SHOW_SPECTROGRAM - 1)
    pw_waveform_view_set_show_spectrogram (self, g_value_get_boolean (value));
  else
    return FALSE;
  return TRUE;
}

/* Installs the spectrogram's properties from @prop_id on. */
void
_pw_waveform_view_class_init_spectrogram (GObjectClass *object_class,
                                          guint         prop_id)
{
  first_prop_id = prop_id;

  /**
   * PwWaveformView:spectrogram:
   *
   * The spectrogram drawn while #PwWaveformView:show-spectrogram is on.
   */
  properties[PROP_SPECTROGRAM] =
    g_param_spec_object ("spectrogram", NULL, NULL, PW_TYPE_SPECTROGRAM,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * PwWaveformView:show-spectrogram:
   *
   * Whether the spectrogram is drawn instead of the waveform, once it is
   * complete.
   */
  properties[PROP_SHOW_SPECTROGRAM] =
    g_param_spec_boolean ("show-spectrogram", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  for (guint i = PROP_SPECTROGRAM; i < N_PROPS; i++)
    g_object_class_install_property (object_class, prop_id + i - 1, properties[i]);
}

gboolean
_pw_waveform_view_get_drawn_spectrogram (PwWaveformView *self)
{
  return self->drawn_spectrogram;
}

guint
_pw_waveform_view_get_spectrogram_tiles_made (PwWaveformView *self)
{
  return self->spectrogram_tiles_made;
}
