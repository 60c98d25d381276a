/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <string.h>

#include "pw-spectrogram-private.h"

/* The spectrogram as the main thread holds it: its layers, once the
 * analysis is over (pw-spectrogram-load.c), and its progress until then.
 * Everything here runs on the thread that owns the object. */

#define MAX_LAYERS 8

struct _PwSpectrogram
{
  GObject parent_instance;

  GFile *file;
  GFile *cache_file;
  gboolean started;
  gboolean complete;
  guint rate;
  guint64 n_samples;
  guint64 progressed;
  guint column_samples;
  guint8 *block;                    /* header room, then layer 0 */
  guint n_layers;
  guint8 *layers[MAX_LAYERS];       /* 0 points into block */
  gsize n_columns[MAX_LAYERS];
};

G_DEFINE_FINAL_TYPE (PwSpectrogram, pw_spectrogram, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_FILE,
  PROP_CACHE_FILE,
  PROP_COMPLETE,
  N_PROPS
};

enum {
  PROGRESS,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* Each layer keeps the strongest of each LAYER_FACTOR columns below. */
static void
build_layers (PwSpectrogram *self)
{
  guint layer = 1;

  for (; layer < MAX_LAYERS && self->n_columns[layer - 1] > 1; layer++)
    {
      const guint8 *below = self->layers[layer - 1];
      gsize n_below = self->n_columns[layer - 1];
      gsize n = (n_below + PW_SPECTROGRAM_LAYER_FACTOR - 1) / PW_SPECTROGRAM_LAYER_FACTOR;
      guint8 *columns = g_malloc0 (n * PW_SPECTROGRAM_N_BANDS);

      for (gsize c = 0; c < n_below; c++)
        {
          const guint8 *from = below + c * PW_SPECTROGRAM_N_BANDS;
          guint8 *into = columns + c / PW_SPECTROGRAM_LAYER_FACTOR * PW_SPECTROGRAM_N_BANDS;

          for (guint band = 0; band < PW_SPECTROGRAM_N_BANDS; band++)
            into[band] = MAX (into[band], from[band]);
        }
      self->layers[layer] = columns;
      self->n_columns[layer] = n;
    }
  self->n_layers = layer;
}

/* Takes the finest columns of a finished analysis. */
void
_pw_spectrogram_take (PwSpectrogram      *self,
                      PwSpectrumAnalyzer *analyzer)
{
  g_assert (!self->complete);

  self->rate = analyzer->rate;
  self->n_samples = analyzer->n_samples;
  self->column_samples = analyzer->hop * analyzer->frames_per_column;
  /* The block grew by doubling; it keeps only what it holds. */
  self->block = g_realloc (g_steal_pointer (&analyzer->block),
                           PW_SPECTROGRAM_FILE_HEADER + analyzer->n_columns * PW_SPECTROGRAM_N_BANDS);
  self->layers[0] = self->block + PW_SPECTROGRAM_FILE_HEADER;
  self->n_columns[0] = analyzer->n_columns;
  analyzer->n_columns = analyzer->allocated = 0;
  if (self->n_columns[0] > 0)
    build_layers (self);

  _pw_spectrogram_progress (self, self->n_samples);
  self->complete = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMPLETE]);
}

void
_pw_spectrogram_progress (PwSpectrogram *self,
                          guint64        n_samples)
{
  guint64 start = self->progressed;

  if (n_samples <= start)
    return;
  self->progressed = n_samples;
  g_signal_emit (self, signals[PROGRESS], 0, start, n_samples);
}

/* A spectrogram loads once. */
gboolean
_pw_spectrogram_is_started (PwSpectrogram *self)
{
  return self->started;
}

void
_pw_spectrogram_start (PwSpectrogram *self)
{
  g_assert (!self->started);
  self->started = TRUE;
}

GFile *
_pw_spectrogram_get_cache_file (PwSpectrogram *self)
{
  return self->cache_file;
}

static void
pw_spectrogram_finalize (GObject *object)
{
  PwSpectrogram *self = PW_SPECTROGRAM (object);

  g_clear_object (&self->file);
  g_clear_object (&self->cache_file);
  g_free (self->block);
  for (guint layer = 1; layer < MAX_LAYERS; layer++)
    g_free (self->layers[layer]);

  G_OBJECT_CLASS (pw_spectrogram_parent_class)->finalize (object);
}

static void
pw_spectrogram_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  PwSpectrogram *self = PW_SPECTROGRAM (object);

  switch (prop_id)
    {
    case PROP_FILE:
      g_value_set_object (value, self->file);
      break;
    case PROP_CACHE_FILE:
      g_value_set_object (value, self->cache_file);
      break;
    case PROP_COMPLETE:
      g_value_set_boolean (value, self->complete);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pw_spectrogram_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  PwSpectrogram *self = PW_SPECTROGRAM (object);

  switch (prop_id)
    {
    case PROP_FILE:
      self->file = g_value_dup_object (value);
      break;
    case PROP_CACHE_FILE:
      self->cache_file = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pw_spectrogram_class_init (PwSpectrogramClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = pw_spectrogram_finalize;
  object_class->get_property = pw_spectrogram_get_property;
  object_class->set_property = pw_spectrogram_set_property;

  /**
   * PwSpectrogram:file:
   *
   * The recording.
   */
  properties[PROP_FILE] =
    g_param_spec_object ("file", NULL, NULL, G_TYPE_FILE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * PwSpectrogram:cache-file:
   *
   * Where the spectrogram is kept between runs, or %NULL to keep it
   * nowhere.
   */
  properties[PROP_CACHE_FILE] =
    g_param_spec_object ("cache-file", NULL, NULL, G_TYPE_FILE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * PwSpectrogram:complete:
   *
   * Whether the whole recording is analysed and its layers can be read.
   */
  properties[PROP_COMPLETE] =
    g_param_spec_boolean ("complete", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * PwSpectrogram::progress:
   * @self: the spectrogram
   * @start: the first sample analysed since the previous emission
   * @end: the sample after the last analysed so far
   *
   * More of the recording is analysed. Emitted on the main context of the
   * thread that started the load; the columns can be read once
   * #PwSpectrogram:complete is %TRUE.
   */
  signals[PROGRESS] =
    g_signal_new ("progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT64, G_TYPE_UINT64);
}

static void
pw_spectrogram_init (PwSpectrogram *self)
{
}

/**
 * pw_spectrogram_new:
 * @audio: a local recording: WAV, Ogg Vorbis or Opus, FLAC or MP3
 * @cache_file: (nullable): where to keep the spectrogram between runs,
 *   such as pw_spectrogram_cache_file_for() gives
 *
 * Makes an empty spectrogram of @audio; pw_spectrogram_load_async() fills
 * it.
 *
 * Returns: (transfer full): a new #PwSpectrogram
 */
PwSpectrogram *
pw_spectrogram_new (GFile *audio,
                    GFile *cache_file)
{
  g_return_val_if_fail (G_IS_FILE (audio), NULL);
  g_return_val_if_fail (cache_file == NULL || G_IS_FILE (cache_file), NULL);

  return g_object_new (PW_TYPE_SPECTROGRAM, "file", audio, "cache-file", cache_file, NULL);
}

/**
 * pw_spectrogram_cache_file_for:
 * @audio: a local recording
 *
 * Says where the spectrogram of @audio is kept: beside its levels, as
 * pw_audio_levels_cache_file_for() says.
 *
 * Returns: (transfer full): the spectrogram file
 */
GFile *
pw_spectrogram_cache_file_for (GFile *audio)
{
  g_autoptr (GFile) levels = NULL;
  g_autoptr (GFile) folder = NULL;
  g_autofree char *name = NULL;
  g_autofree char *spectrogram_name = NULL;

  g_return_val_if_fail (G_IS_FILE (audio), NULL);

  levels = pw_audio_levels_cache_file_for (audio);
  folder = g_file_get_parent (levels);
  name = g_file_get_basename (levels);
  if (g_str_has_suffix (name, ".levels"))
    name[strlen (name) - strlen (".levels")] = '\0';
  spectrogram_name = g_strconcat (name, ".spectrogram", NULL);
  return g_file_get_child (folder, spectrogram_name);
}

/**
 * pw_spectrogram_get_file:
 * @self: a #PwSpectrogram
 *
 * Returns: (transfer none): the recording
 */
GFile *
pw_spectrogram_get_file (PwSpectrogram *self)
{
  g_return_val_if_fail (PW_IS_SPECTROGRAM (self), NULL);

  return self->file;
}

/**
 * pw_spectrogram_is_complete:
 * @self: a #PwSpectrogram
 *
 * Returns: whether the layers are there to read
 */
gboolean
pw_spectrogram_is_complete (PwSpectrogram *self)
{
  g_return_val_if_fail (PW_IS_SPECTROGRAM (self), FALSE);

  return self->complete;
}

/**
 * pw_spectrogram_get_rate:
 * @self: a #PwSpectrogram
 *
 * Returns: the samples per second of the recording, or 0 until complete
 */
guint
pw_spectrogram_get_rate (PwSpectrogram *self)
{
  g_return_val_if_fail (PW_IS_SPECTROGRAM (self), 0);

  return self->rate;
}

/**
 * pw_spectrogram_get_n_samples:
 * @self: a #PwSpectrogram
 *
 * Returns: the samples of the recording, or 0 until complete
 */
guint64
pw_spectrogram_get_n_samples (PwSpectrogram *self)
{
  g_return_val_if_fail (PW_IS_SPECTROGRAM (self), 0);

  return self->n_samples;
}

/**
 * pw_spectrogram_get_column_samples:
 * @self: a #PwSpectrogram
 *
 * Returns: the samples each column of layer 0 stands for: column c covers
 *   [c × this, (c + 1) × this); 0 until complete
 */
guint
pw_spectrogram_get_column_samples (PwSpectrogram *self)
{
  g_return_val_if_fail (PW_IS_SPECTROGRAM (self), 0);

  return self->column_samples;
}

/**
 * pw_spectrogram_get_n_layers:
 * @self: a #PwSpectrogram
 *
 * Returns: the layers there are: each a column per
 *   %PW_SPECTROGRAM_LAYER_FACTOR of the one below, the last a single
 *   column or layer 7; 0 until complete
 */
guint
pw_spectrogram_get_n_layers (PwSpectrogram *self)
{
  g_return_val_if_fail (PW_IS_SPECTROGRAM (self), 0);

  return self->n_layers;
}

/**
 * pw_spectrogram_get_layer:
 * @self: a complete #PwSpectrogram
 * @layer: a layer below pw_spectrogram_get_n_layers()
 * @n_columns: (out): return location for the number of columns
 *
 * Column c of @layer starts at sample c × column samples ×
 * 16^@layer. A column is %PW_SPECTROGRAM_N_BANDS levels, the lowest
 * band first.
 *
 * Returns: (transfer none) (array): the columns, one after the other
 */
const guint8 *
pw_spectrogram_get_layer (PwSpectrogram *self,
                          guint          layer,
                          gsize         *n_columns)
{
  g_return_val_if_fail (PW_IS_SPECTROGRAM (self), NULL);
  g_return_val_if_fail (layer < self->n_layers, NULL);
  g_return_val_if_fail (n_columns != NULL, NULL);

  *n_columns = self->n_columns[layer];
  return self->layers[layer];
}

/**
 * pw_spectrogram_get_band_range:
 * @self: a complete #PwSpectrogram
 * @band: a band below %PW_SPECTROGRAM_N_BANDS
 * @low_hz: (out): return location for the lowest frequency of @band
 * @high_hz: (out): return location for the frequency above its highest
 */
void
pw_spectrogram_get_band_range (PwSpectrogram *self,
                               guint          band,
                               double        *low_hz,
                               double        *high_hz)
{
  g_return_if_fail (PW_IS_SPECTROGRAM (self));
  g_return_if_fail (band < PW_SPECTROGRAM_N_BANDS);
  g_return_if_fail (low_hz != NULL && high_hz != NULL);

  _pw_spectrogram_band_range (self->rate, band, low_hz, high_hz);
}

/**
 * pw_spectrogram_level_to_db:
 * @level: a level of a band
 *
 * Returns: the dB relative to a full-scale sine it stands for; 0 stands
 *   for %PW_SPECTROGRAM_FLOOR_DB and anything quieter
 */
double
pw_spectrogram_level_to_db (guint8 level)
{
  return PW_SPECTROGRAM_FLOOR_DB + level * (-PW_SPECTROGRAM_FLOOR_DB / 255.0);
}

/**
 * pw_spectrogram_get_size:
 * @self: a #PwSpectrogram
 *
 * Returns: the bytes the columns of every layer take
 */
gsize
pw_spectrogram_get_size (PwSpectrogram *self)
{
  gsize size = 0;

  g_return_val_if_fail (PW_IS_SPECTROGRAM (self), 0);

  if (self->block != NULL)
    size += PW_SPECTROGRAM_FILE_HEADER;
  for (guint layer = 0; layer < self->n_layers; layer++)
    size += self->n_columns[layer] * PW_SPECTROGRAM_N_BANDS;
  return size;
}
