/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gstdio.h>

#include "pw-spectrogram-private.h"

/* Loading a spectrogram: from the cache when it holds it for the
 * recording as it is now, otherwise analysed in a thread from the samples
 * the levels' decoding path gives (_pw_audio_decode_file()) and kept in
 * the cache for next time.
 *
 * While the thread analyses, how far it got is carried to the main
 * context that started the load by one idle source at a time, every
 * 65,536 samples or 50 ms, whichever comes first; the columns themselves move once, at the end, without a
 * copy. */

#define REPORT_INTERVAL (50 * G_TIME_SPAN_MILLISECOND)
#define REPORT_SAMPLES  (1 << 16)

typedef void (*ProgressFunc) (guint64  n_samples,
                              gpointer user_data);

typedef struct
{
  PwSpectrumAnalyzer *analyzer;
  ProgressFunc        progress;
  gpointer            progress_data;
  gint64              reported_at;
  guint64             reported;
} Analysis;

static void
on_samples (const gint16 *samples,
            gsize         n_samples,
            guint         rate,
            gpointer      user_data)
{
  Analysis *analysis = user_data;

  /* A WAV comes a megabyte at a time: told in smaller steps. */
  while (n_samples > 0)
    {
      gsize n = MIN (n_samples, REPORT_SAMPLES);
      gint64 now;

      _pw_spectrum_analyzer_add (analysis->analyzer, samples, n, rate);
      samples += n;
      n_samples -= n;
      now = g_get_monotonic_time ();
      if (now - analysis->reported_at >= REPORT_INTERVAL
          || analysis->analyzer->n_samples - analysis->reported >= REPORT_SAMPLES)
        {
          analysis->reported_at = now;
          analysis->reported = analysis->analyzer->n_samples;
          analysis->progress (analysis->analyzer->n_samples, analysis->progress_data);
        }
    }
}

/* Fills @analyzer with the spectrogram of @audio, from @cache_file or
 * analysed, and keeps it in @cache_file. Blocks. */
static gboolean
compute (GFile               *audio,
         GFile               *cache_file,
         PwSpectrumAnalyzer  *analyzer,
         ProgressFunc         progress,
         gpointer             progress_data,
         GCancellable        *cancellable,
         GError             **error)
{
  g_autofree char *path = NULL;
  g_autofree char *name = NULL;
  g_autoptr (GError) cache_error = NULL;
  Analysis analysis = { analyzer, progress, progress_data, g_get_monotonic_time (), 0 };
  PwLevelsBuilder builder;
  PwAudioStamp stamp;
  gboolean ok;
  int fd;

  fd = _pw_audio_open (audio, &path, &name, &stamp, error);
  if (fd < 0)
    return FALSE;

  if (cache_file != NULL && _pw_spectrogram_file_read (cache_file, &stamp, analyzer))
    {
      g_close (fd, NULL);
      return TRUE;
    }

  _pw_levels_builder_init (&builder, name, NULL, NULL);
  builder.samples = on_samples;
  builder.samples_data = &analysis;
  ok = _pw_audio_decode_file (fd, path, stamp.size, &builder, cancellable, error);
  g_close (fd, NULL);
  _pw_levels_builder_clear (&builder);
  if (!ok)
    return FALSE;

  _pw_spectrum_analyzer_finish (analyzer);
  /* A spectrogram that cannot be kept is only made again next time. */
  if (cache_file != NULL && analyzer->rate != 0 && !g_cancellable_is_cancelled (cancellable)
      && !_pw_spectrogram_file_write (cache_file, &stamp, analyzer, &cache_error))
    g_debug ("The spectrogram of “%s” was not kept: %s", name, cache_error->message);
  return TRUE;
}

typedef struct
{
  PwSpectrogram      *spectrogram;   /* main context: borrowed from the load's task */
  GMutex              lock;
  guint64             analysed;
  gboolean            scheduled;
  GMainContext       *context;
  GFile              *audio;
  GFile              *cache_file;
  PwSpectrumAnalyzer  analyzer;
  gboolean            over;          /* main context: the load has answered */
} Load;

static void
load_free (gpointer data)
{
  Load *load = data;

  g_mutex_clear (&load->lock);
  g_main_context_unref (load->context);
  g_object_unref (load->audio);
  g_clear_object (&load->cache_file);
  _pw_spectrum_analyzer_clear (&load->analyzer);
  g_free (load);
}

static gboolean
deliver (gpointer user_data)
{
  Load *load = g_task_get_task_data (user_data);
  guint64 analysed;

  g_mutex_lock (&load->lock);
  analysed = load->analysed;
  load->scheduled = FALSE;
  g_mutex_unlock (&load->lock);

  if (!load->over)
    _pw_spectrogram_progress (load->spectrogram, analysed);
  return G_SOURCE_REMOVE;
}

/* From the decoding thread. */
static void
on_progress_in_thread (guint64  n_samples,
                       gpointer user_data)
{
  GTask *task = user_data;
  Load *load = g_task_get_task_data (task);

  g_mutex_lock (&load->lock);
  load->analysed = n_samples;
  if (!load->scheduled)
    {
      g_autoptr (GSource) source = g_idle_source_new ();

      load->scheduled = TRUE;
      g_source_set_priority (source, G_PRIORITY_DEFAULT);
      g_source_set_callback (source, deliver, g_object_ref (task), g_object_unref);
      g_source_set_static_name (source, "[piecework] spectrogram");
      g_source_attach (source, load->context);
    }
  g_mutex_unlock (&load->lock);
}

static void
load_in_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  Load *load = task_data;
  GError *error = NULL;

  if (compute (load->audio, load->cache_file, &load->analyzer, on_progress_in_thread, task,
               cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
on_loaded (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  PwSpectrogram *self = g_task_get_source_object (task);
  Load *load = g_task_get_task_data (G_TASK (result));
  GError *error = NULL;

  deliver (result);
  load->over = TRUE;
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (task, error);
      return;
    }
  _pw_spectrogram_take (self, &load->analyzer);
  g_task_return_boolean (task, TRUE);
}

/**
 * pw_spectrogram_load_async:
 * @self: a #PwSpectrogram
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the thread-default main context when done
 * @user_data: data for @callback
 *
 * Reads the spectrogram from the cache file, or analyses the recording in
 * a thread and keeps it there. While it analyses, #PwSpectrogram::progress
 * says how far it got, on the same main context. A spectrogram loads
 * once.
 */
void
pw_spectrogram_load_async (PwSpectrogram       *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr (GTask) task = NULL;
  g_autoptr (GTask) thread_task = NULL;
  Load *load;

  g_return_if_fail (PW_IS_SPECTROGRAM (self));
  g_return_if_fail (pw_spectrogram_get_file (self) != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));
  g_return_if_fail (!_pw_spectrogram_is_started (self));

  _pw_spectrogram_start (self);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pw_spectrogram_load_async);

  load = g_new0 (Load, 1);
  load->spectrogram = self;
  g_mutex_init (&load->lock);
  load->context = g_main_context_ref_thread_default ();
  load->audio = g_object_ref (pw_spectrogram_get_file (self));
  load->cache_file = _pw_spectrogram_get_cache_file (self);
  if (load->cache_file != NULL)
    g_object_ref (load->cache_file);
  _pw_spectrum_analyzer_init (&load->analyzer);

  /* The thread's task holds no reference on the spectrogram: its last one
   * may be dropped in the thread, and the spectrogram belongs to this
   * context. */
  thread_task = g_task_new (NULL, cancellable, on_loaded, g_steal_pointer (&task));
  g_task_set_source_tag (thread_task, load_in_thread);
  g_task_set_task_data (thread_task, load, load_free);
  g_task_run_in_thread (thread_task, load_in_thread);
}

/**
 * pw_spectrogram_load_finish:
 * @self: a #PwSpectrogram
 * @result: the #GAsyncResult given to the callback
 * @error: return location for a #GError
 *
 * Returns: %TRUE when the spectrogram is complete
 */
gboolean
pw_spectrogram_load_finish (PwSpectrogram  *self,
                            GAsyncResult   *result,
                            GError        **error)
{
  g_return_val_if_fail (PW_IS_SPECTROGRAM (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == pw_spectrogram_load_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
on_progress_here (guint64  n_samples,
                  gpointer user_data)
{
  _pw_spectrogram_progress (user_data, n_samples);
}

/**
 * pw_spectrogram_load:
 * @self: a #PwSpectrogram
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Loads the spectrogram as pw_spectrogram_load_async() does, in this
 * thread. #PwSpectrogram::progress is emitted from the thread that
 * decodes while this call blocks: this one for WAV, GStreamer's for other
 * formats. Blocks: for the command line, benchmarks and threads of their
 * own.
 *
 * Returns: %TRUE when the spectrogram is complete
 */
gboolean
pw_spectrogram_load (PwSpectrogram  *self,
                     GCancellable   *cancellable,
                     GError        **error)
{
  PwSpectrumAnalyzer analyzer;
  gboolean ok;

  g_return_val_if_fail (PW_IS_SPECTROGRAM (self), FALSE);
  g_return_val_if_fail (pw_spectrogram_get_file (self) != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  g_return_val_if_fail (!_pw_spectrogram_is_started (self), FALSE);

  _pw_spectrogram_start (self);
  _pw_spectrum_analyzer_init (&analyzer);
  ok = compute (pw_spectrogram_get_file (self), _pw_spectrogram_get_cache_file (self), &analyzer,
                on_progress_here, self, cancellable, error);
  if (ok)
    _pw_spectrogram_take (self, &analyzer);
  _pw_spectrum_analyzer_clear (&analyzer);
  return ok;
}
