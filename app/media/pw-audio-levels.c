/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <string.h>

#include "pw-audio-levels-private.h"

/* The waveform of a whole recording, to draw at any zoom without touching
 * the samples again. The finest layer holds one peak (the lowest and the
 * highest sample of the mono mix) per PW_AUDIO_LEVELS_SAMPLES_PER_PEAK
 * samples; each coarser layer halves the one below, as a mipmap does, so
 * the peak of any span is read from a few dozen entries. An hour at 16 kHz
 * is 225,000 peaks: 1.8 MB with every layer.
 *
 * The levels grow while the recording decodes (pw-audio-levels-load.c);
 * everything here runs on the thread that owns the object. */

struct _PwAudioLevels
{
  GObject parent_instance;

  GFile *file;
  GFile *cache_file;
  gboolean started;
  gboolean complete;
  guint rate;
  guint64 n_samples;
  guint n_layers;
  PwAudioPeak *layers[PW_AUDIO_MAX_LAYERS];
  gsize n_peaks[PW_AUDIO_MAX_LAYERS];
  gsize allocated[PW_AUDIO_MAX_LAYERS];
};

G_DEFINE_FINAL_TYPE (PwAudioLevels, pw_audio_levels, G_TYPE_OBJECT)

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

static inline void
peak_join (PwAudioPeak       *into,
           const PwAudioPeak *peak)
{
  into->min = MIN (into->min, peak->min);
  into->max = MAX (into->max, peak->max);
}

static void
reserve (PwAudioLevels *self,
         guint          layer,
         gsize          n_peaks)
{
  gsize allocated = self->allocated[layer];

  if (n_peaks <= allocated)
    return;
  allocated = MAX (allocated, 1024);
  while (allocated < n_peaks)
    allocated *= 2;
  self->layers[layer] = g_renew (PwAudioPeak, self->layers[layer], allocated);
  self->allocated[layer] = allocated;
}

/* Adds the finest peaks after those there are, and redoes the coarser
 * peaks they change: the last peak of a layer may have had only half of
 * what it covers until now. */
void
_pw_audio_levels_append (PwAudioLevels     *self,
                         guint              rate,
                         const PwAudioPeak *peaks,
                         gsize              n_peaks,
                         guint64            n_samples)
{
  guint64 start = self->n_samples;
  gsize first = self->n_peaks[0];
  guint layer;

  g_assert (n_samples >= self->n_samples);
  g_assert (first + n_peaks
            == (n_samples + PW_AUDIO_LEVELS_SAMPLES_PER_PEAK - 1) / PW_AUDIO_LEVELS_SAMPLES_PER_PEAK);

  self->rate = rate;
  if (n_peaks > 0)
    {
      reserve (self, 0, first + n_peaks);
      memcpy (self->layers[0] + first, peaks, n_peaks * sizeof *peaks);
      self->n_peaks[0] += n_peaks;
    }

  for (layer = 1; layer < PW_AUDIO_MAX_LAYERS && self->n_peaks[layer - 1] > 1; layer++)
    {
      const PwAudioPeak *below = self->layers[layer - 1];
      gsize n_below = self->n_peaks[layer - 1];
      gsize n = (n_below + 1) / 2;

      first /= 2;
      reserve (self, layer, n);
      for (gsize i = first; i < n; i++)
        {
          PwAudioPeak peak = below[2 * i];

          if (2 * i + 1 < n_below)
            peak_join (&peak, &below[2 * i + 1]);
          self->layers[layer][i] = peak;
        }
      self->n_peaks[layer] = n;
    }
  self->n_layers = self->n_peaks[0] > 0 ? layer : 0;
  self->n_samples = n_samples;

  if (n_samples > start)
    g_signal_emit (self, signals[PROGRESS], 0, start, n_samples);
}

void
_pw_audio_levels_set_complete (PwAudioLevels *self)
{
  if (self->complete)
    return;

  /* The layers grew by doubling; they keep only what they hold. */
  for (guint layer = 0; layer < self->n_layers; layer++)
    {
      self->layers[layer] = g_renew (PwAudioPeak, self->layers[layer], self->n_peaks[layer]);
      self->allocated[layer] = self->n_peaks[layer];
    }
  self->complete = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMPLETE]);
}

/* Levels load once. */
gboolean
_pw_audio_levels_is_started (PwAudioLevels *self)
{
  return self->started;
}

void
_pw_audio_levels_start (PwAudioLevels *self)
{
  g_assert (!self->started);
  self->started = TRUE;
}

GFile *
_pw_audio_levels_get_cache_file (PwAudioLevels *self)
{
  return self->cache_file;
}

static void
pw_audio_levels_finalize (GObject *object)
{
  PwAudioLevels *self = PW_AUDIO_LEVELS (object);

  g_clear_object (&self->file);
  g_clear_object (&self->cache_file);
  for (guint layer = 0; layer < PW_AUDIO_MAX_LAYERS; layer++)
    g_free (self->layers[layer]);

  G_OBJECT_CLASS (pw_audio_levels_parent_class)->finalize (object);
}

static void
pw_audio_levels_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  PwAudioLevels *self = PW_AUDIO_LEVELS (object);

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
pw_audio_levels_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  PwAudioLevels *self = PW_AUDIO_LEVELS (object);

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
pw_audio_levels_class_init (PwAudioLevelsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = pw_audio_levels_finalize;
  object_class->get_property = pw_audio_levels_get_property;
  object_class->set_property = pw_audio_levels_set_property;

  /**
   * PwAudioLevels:file:
   *
   * The recording, or %NULL for levels made from bytes in memory.
   */
  properties[PROP_FILE] =
    g_param_spec_object ("file", NULL, NULL, G_TYPE_FILE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * PwAudioLevels:cache-file:
   *
   * Where the levels are kept between runs, or %NULL to keep them nowhere.
   */
  properties[PROP_CACHE_FILE] =
    g_param_spec_object ("cache-file", NULL, NULL, G_TYPE_FILE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * PwAudioLevels:complete:
   *
   * Whether the whole recording is decoded and the sample count is exact.
   */
  properties[PROP_COMPLETE] =
    g_param_spec_boolean ("complete", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * PwAudioLevels::progress:
   * @self: the levels
   * @start: the first sample that became ready
   * @end: the sample after the last
   *
   * More of the waveform can be drawn: the samples [@start, @end), which
   * follow those of the previous emission. Emitted on the main context of
   * the thread that started the load.
   */
  signals[PROGRESS] =
    g_signal_new ("progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT64, G_TYPE_UINT64);
}

static void
pw_audio_levels_init (PwAudioLevels *self)
{
}

/**
 * pw_audio_levels_new:
 * @audio: a local recording: WAV, Ogg Vorbis or Opus, FLAC or MP3
 * @cache_file: (nullable): where to keep the levels between runs, such as
 *   pw_audio_levels_cache_file_for() gives
 *
 * Makes empty levels of @audio; pw_audio_levels_load_async() fills them.
 *
 * Returns: (transfer full): a new #PwAudioLevels
 */
PwAudioLevels *
pw_audio_levels_new (GFile *audio,
                     GFile *cache_file)
{
  g_return_val_if_fail (G_IS_FILE (audio), NULL);
  g_return_val_if_fail (cache_file == NULL || G_IS_FILE (cache_file), NULL);

  return g_object_new (PW_TYPE_AUDIO_LEVELS, "file", audio, "cache-file", cache_file, NULL);
}

/**
 * pw_audio_levels_get_file:
 * @self: a #PwAudioLevels
 *
 * Returns: (transfer none) (nullable): the recording
 */
GFile *
pw_audio_levels_get_file (PwAudioLevels *self)
{
  g_return_val_if_fail (PW_IS_AUDIO_LEVELS (self), NULL);

  return self->file;
}

/**
 * pw_audio_levels_is_complete:
 * @self: a #PwAudioLevels
 *
 * Returns: whether the whole recording is in the levels
 */
gboolean
pw_audio_levels_is_complete (PwAudioLevels *self)
{
  g_return_val_if_fail (PW_IS_AUDIO_LEVELS (self), FALSE);

  return self->complete;
}

/**
 * pw_audio_levels_get_rate:
 * @self: a #PwAudioLevels
 *
 * Returns: the samples per second of the recording as decoded, or 0 before
 *   the first progress
 */
guint
pw_audio_levels_get_rate (PwAudioLevels *self)
{
  g_return_val_if_fail (PW_IS_AUDIO_LEVELS (self), 0);

  return self->rate;
}

/**
 * pw_audio_levels_get_n_samples:
 * @self: a #PwAudioLevels
 *
 * Returns: the samples (frames, for several channels) ready so far: all of
 *   them, counted as decoded, once the levels are complete
 */
guint64
pw_audio_levels_get_n_samples (PwAudioLevels *self)
{
  g_return_val_if_fail (PW_IS_AUDIO_LEVELS (self), 0);

  return self->n_samples;
}

/**
 * pw_audio_levels_get_duration:
 * @self: a #PwAudioLevels
 *
 * Returns: the seconds of the samples ready so far
 */
double
pw_audio_levels_get_duration (PwAudioLevels *self)
{
  g_return_val_if_fail (PW_IS_AUDIO_LEVELS (self), 0);

  return self->rate > 0 ? (double) self->n_samples / self->rate : 0;
}

/**
 * pw_audio_levels_get_n_layers:
 * @self: a #PwAudioLevels
 *
 * Returns: the layers there are: layer 0 has a peak per
 *   %PW_AUDIO_LEVELS_SAMPLES_PER_PEAK samples, each next one a peak per
 *   two of the layer below, the last a single peak
 */
guint
pw_audio_levels_get_n_layers (PwAudioLevels *self)
{
  g_return_val_if_fail (PW_IS_AUDIO_LEVELS (self), 0);

  return self->n_layers;
}

/**
 * pw_audio_levels_get_layer:
 * @self: a #PwAudioLevels
 * @layer: a layer below pw_audio_levels_get_n_layers()
 * @n_peaks: (out): return location for the number of peaks
 *
 * Peak i of @layer covers the samples from i × 256 × 2^@layer on. The
 * array moves when the levels grow.
 *
 * Returns: (transfer none) (array length=n_peaks): the peaks
 */
const PwAudioPeak *
pw_audio_levels_get_layer (PwAudioLevels *self,
                           guint          layer,
                           gsize         *n_peaks)
{
  g_return_val_if_fail (PW_IS_AUDIO_LEVELS (self), NULL);
  g_return_val_if_fail (layer < self->n_layers, NULL);
  g_return_val_if_fail (n_peaks != NULL, NULL);

  *n_peaks = self->n_peaks[layer];
  return self->layers[layer];
}

/**
 * pw_audio_levels_get_peak:
 * @self: a #PwAudioLevels
 * @start: the first sample of a span, such as a pixel column's
 * @end: the sample after its last
 * @peak: (out): return location for the span's peak
 *
 * Finds the lowest and highest samples of the span from at most two peaks
 * per layer, so a column costs the same at any zoom. The span is widened
 * to whole peaks of the finest layer.
 *
 * Returns: %FALSE when none of the span is ready
 */
gboolean
pw_audio_levels_get_peak (PwAudioLevels *self,
                          guint64        start,
                          guint64        end,
                          PwAudioPeak   *peak)
{
  gsize a, b;
  gboolean found = FALSE;

  g_return_val_if_fail (PW_IS_AUDIO_LEVELS (self), FALSE);
  g_return_val_if_fail (peak != NULL, FALSE);

  end = MIN (end, self->n_samples);
  if (start >= end)
    return FALSE;

  a = start / PW_AUDIO_LEVELS_SAMPLES_PER_PEAK;
  b = (end + PW_AUDIO_LEVELS_SAMPLES_PER_PEAK - 1) / PW_AUDIO_LEVELS_SAMPLES_PER_PEAK;
  peak->min = G_MAXINT16;
  peak->max = G_MININT16;

  /* Climb the layers, taking the odd peak at either edge from each. */
  for (guint layer = 0; a < b && layer < self->n_layers; layer++)
    {
      const PwAudioPeak *peaks = self->layers[layer];

      if (a & 1)
        peak_join (peak, &peaks[a++]);
      if (b & 1)
        peak_join (peak, &peaks[--b]);
      a /= 2;
      b /= 2;
      found = TRUE;
    }

  return found;
}

/**
 * pw_audio_levels_get_size:
 * @self: a #PwAudioLevels
 *
 * Returns: the bytes the peaks of every layer take
 */
gsize
pw_audio_levels_get_size (PwAudioLevels *self)
{
  gsize size = 0;

  g_return_val_if_fail (PW_IS_AUDIO_LEVELS (self), 0);

  for (guint layer = 0; layer < PW_AUDIO_MAX_LAYERS; layer++)
    size += self->allocated[layer] * sizeof (PwAudioPeak);
  return size;
}
