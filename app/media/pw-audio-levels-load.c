/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pw-audio-levels-private.h"
#include "pw-error.h"

/* Loading levels: from the cache when it holds them for the recording as
 * it is now, otherwise decoded in a thread (PCM WAV directly, the rest
 * through GStreamer) and kept in the cache for next time.
 *
 * While the thread decodes, what is ready gathers under a lock; one idle
 * source at a time carries it to the main context that started the load,
 * where the levels grow and say so. The load answers only after the last
 * of it is delivered, so the levels are whole when the callback runs. */

typedef struct
{
  PwAudioLevels *levels;     /* main context: borrowed from the load's task */
  GMutex        lock;
  GArray       *pending;     /* PwAudioPeak: ready, not delivered yet */
  guint         rate;
  guint64       n_samples;
  gboolean      scheduled;
  GMainContext *context;
  GFile        *audio;
  GFile        *cache_file;
  gboolean      over;        /* main context: the load has answered */
} Load;

static void
load_free (gpointer data)
{
  Load *load = data;

  g_mutex_clear (&load->lock);
  g_array_unref (load->pending);
  g_main_context_unref (load->context);
  g_object_unref (load->audio);
  g_clear_object (&load->cache_file);
  g_free (load);
}

static gssize
read_fd (gpointer  source,
         guint64   offset,
         guint8   *buffer,
         gsize     length)
{
  int fd = GPOINTER_TO_INT (source);
  gsize done = 0;

  while (done < length)
    {
      gssize n = pread (fd, buffer + done, length - done, (off_t) (offset + done));

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        return -1;
      if (n == 0)
        break;
      done += n;
    }
  return done;
}

static gssize
read_bytes (gpointer  source,
            guint64   offset,
            guint8   *buffer,
            gsize     length)
{
  gsize size;
  const guint8 *data = g_bytes_get_data (source, &size);

  if (offset >= size)
    return 0;
  length = MIN (length, size - offset);
  memcpy (buffer, data + offset, length);
  return length;
}

/**
 * _pw_audio_decode_file:
 * @fd: the recording, open
 * @path: its path, for GStreamer
 * @size: its size
 * @builder: a fresh builder, where the decoded mono mix goes
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Decodes PCM WAV directly and everything else through GStreamer. Blocks.
 *
 * Returns: %TRUE when the whole recording went into @builder
 */
gboolean
_pw_audio_decode_file (int               fd,
                       const char       *path,
                       guint64           size,
                       PwLevelsBuilder  *builder,
                       GCancellable     *cancellable,
                       GError          **error)
{
  guint8 head[12];
  gssize n = read_fd (GINT_TO_POINTER (fd), 0, head, sizeof head);
  PwWavFormat format;

  if (n < 0)
    {
      int errsv = errno;

      pw_error_from_errno (error, errsv, _("Could not read “%s”"), builder->display_name);
      return FALSE;
    }
  if (!_pw_wav_sniff (head, n))
    return _pw_audio_decode (path, builder->display_name, builder, cancellable, error);

  if (!_pw_wav_parse (read_fd, GINT_TO_POINTER (fd), size, builder->display_name, &format, error))
    return FALSE;
  if (format.foreign)
    return _pw_audio_decode (path, builder->display_name, builder, cancellable, error);
  return _pw_wav_decode (read_fd, GINT_TO_POINTER (fd), &format, builder, cancellable, error);
}

/**
 * _pw_audio_open:
 * @audio: a recording
 * @path_out: (out): return location for its path
 * @display_name: (out): return location for its name, for messages
 * @stamp: (out): return location for its size and modification time
 * @error: return location for a #GError
 *
 * Opens a local recording for _pw_audio_decode_file(). Blocks.
 *
 * Returns: the open file, or -1
 */
int
_pw_audio_open (GFile         *audio,
                char         **path_out,
                char         **display_name,
                PwAudioStamp  *stamp,
                GError       **error)
{
  g_autofree char *path = g_file_get_path (audio);
  g_autofree char *name = NULL;
  struct stat st;
  int fd;

  if (path == NULL)
    {
      g_autofree char *uri = g_file_get_uri (audio);

      g_set_error (error, PW_ERROR, PW_ERROR_UNSUPPORTED,
                   /* Translators: %s is a file's address */
                   _("“%s” is not a local file. Copy it to this computer, then open the copy."), uri);
      return FALSE;
    }

  name = g_filename_display_basename (path);
  fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0 || fstat (fd, &st) != 0 || !_pw_audio_stamp_read (fd, stamp))
    {
      int errsv = errno;

      if (fd >= 0)
        g_close (fd, NULL);
      pw_error_from_errno (error, errsv, _("Could not open “%s”"), name);
      return -1;
    }
  if (!S_ISREG (st.st_mode))
    {
      g_close (fd, NULL);
      g_set_error (error, PW_ERROR, PW_ERROR_UNSUPPORTED,
                   /* Translators: %s is a file name */
                   _("“%s” is not a file. Choose a recording instead."), name);
      return -1;
    }

  *path_out = g_steal_pointer (&path);
  *display_name = g_steal_pointer (&name);
  return fd;
}

/* Fills @builder with the levels of @audio, from @cache_file or decoded,
 * and keeps them in @cache_file. Blocks. */
static gboolean
compute (GFile              *audio,
         GFile              *cache_file,
         PwLevelsReadyFunc   ready,
         gpointer            ready_data,
         GCancellable       *cancellable,
         GError            **error)
{
  g_autofree char *path = NULL;
  g_autofree char *name = NULL;
  g_autoptr (GError) cache_error = NULL;
  PwLevelsBuilder builder;
  PwAudioStamp stamp;
  gboolean ok;
  int fd;

  fd = _pw_audio_open (audio, &path, &name, &stamp, error);
  if (fd < 0)
    return FALSE;

  _pw_levels_builder_init (&builder, name, ready, ready_data);
  if (cache_file != NULL && _pw_audio_levels_file_read (cache_file, &stamp, &builder))
    {
      g_close (fd, NULL);
      _pw_levels_builder_finish (&builder);
      _pw_levels_builder_clear (&builder);
      return TRUE;
    }

  ok = _pw_audio_decode_file (fd, path, stamp.size, &builder, cancellable, error);
  g_close (fd, NULL);
  if (ok)
    {
      _pw_levels_builder_finish (&builder);
      /* Levels that cannot be kept are only made again next time. */
      if (cache_file != NULL && !g_cancellable_is_cancelled (cancellable)
          && !_pw_audio_levels_file_write (cache_file, &stamp, &builder, &cache_error))
        g_debug ("The levels of “%s” were not kept: %s", name, cache_error->message);
    }
  _pw_levels_builder_clear (&builder);
  return ok;
}

/* From the decoding thread. */
static void
on_ready_in_thread (const PwAudioPeak *peaks,
                    gsize              first,
                    gsize              end,
                    guint              rate,
                    guint64            n_samples,
                    gpointer           user_data);

static gboolean
deliver (gpointer user_data)
{
  GTask *task = user_data;
  Load *load = g_task_get_task_data (task);
  g_autoptr (GArray) fresh = g_array_new (FALSE, FALSE, sizeof (PwAudioPeak));
  g_autoptr (GArray) peaks = NULL;
  guint64 n_samples;
  guint rate;

  g_mutex_lock (&load->lock);
  peaks = load->pending;
  load->pending = g_steal_pointer (&fresh);
  load->scheduled = FALSE;
  rate = load->rate;
  n_samples = load->n_samples;
  g_mutex_unlock (&load->lock);

  if (!load->over && rate != 0)
    _pw_audio_levels_append (load->levels, rate, (const PwAudioPeak *) (void *) peaks->data, peaks->len,
                             n_samples);
  return G_SOURCE_REMOVE;
}

static void
on_ready_in_thread (const PwAudioPeak *peaks,
                    gsize              first,
                    gsize              end,
                    guint              rate,
                    guint64            n_samples,
                    gpointer           user_data)
{
  GTask *task = user_data;
  Load *load = g_task_get_task_data (task);

  g_mutex_lock (&load->lock);
  g_array_append_vals (load->pending, peaks + first, end - first);
  load->rate = rate;
  load->n_samples = n_samples;
  if (!load->scheduled)
    {
      g_autoptr (GSource) source = g_idle_source_new ();

      load->scheduled = TRUE;
      g_source_set_priority (source, G_PRIORITY_DEFAULT);
      g_source_set_callback (source, deliver, g_object_ref (task), g_object_unref);
      g_source_set_static_name (source, "[piecework] audio levels");
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

  if (compute (load->audio, load->cache_file, on_ready_in_thread, task, cancellable, &error))
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
  PwAudioLevels *self = g_task_get_source_object (task);
  Load *load = g_task_get_task_data (G_TASK (result));
  GError *error = NULL;

  deliver (result);
  load->over = TRUE;
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (task, error);
      return;
    }
  _pw_audio_levels_set_complete (self);
  g_task_return_boolean (task, TRUE);
}

/**
 * pw_audio_levels_load_async:
 * @self: a #PwAudioLevels made with pw_audio_levels_new()
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the thread-default main context when done
 * @user_data: data for @callback
 *
 * Reads the levels from the cache file, or decodes the recording in a
 * thread and keeps them there. While it decodes, #PwAudioLevels::progress
 * says what became ready, on the same main context. Levels load once.
 */
void
pw_audio_levels_load_async (PwAudioLevels       *self,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr (GTask) task = NULL;
  g_autoptr (GTask) thread_task = NULL;
  Load *load;

  g_return_if_fail (PW_IS_AUDIO_LEVELS (self));
  g_return_if_fail (pw_audio_levels_get_file (self) != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));
  g_return_if_fail (!_pw_audio_levels_is_started (self));

  _pw_audio_levels_start (self);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pw_audio_levels_load_async);

  load = g_new0 (Load, 1);
  load->levels = self;
  g_mutex_init (&load->lock);
  load->pending = g_array_new (FALSE, FALSE, sizeof (PwAudioPeak));
  load->context = g_main_context_ref_thread_default ();
  load->audio = g_object_ref (pw_audio_levels_get_file (self));
  load->cache_file = _pw_audio_levels_get_cache_file (self);
  if (load->cache_file != NULL)
    g_object_ref (load->cache_file);

  /* The thread's task holds no reference on the levels: its last one may
   * be dropped in the thread, and the levels belong to this context. */
  thread_task = g_task_new (NULL, cancellable, on_loaded, g_steal_pointer (&task));
  g_task_set_source_tag (thread_task, load_in_thread);
  g_task_set_task_data (thread_task, load, load_free);
  g_task_run_in_thread (thread_task, load_in_thread);
}

/**
 * pw_audio_levels_load_finish:
 * @self: a #PwAudioLevels
 * @result: the #GAsyncResult given to the callback
 * @error: return location for a #GError
 *
 * Returns: %TRUE when the levels are complete; on failure they keep what
 *   was ready
 */
gboolean
pw_audio_levels_load_finish (PwAudioLevels  *self,
                             GAsyncResult   *result,
                             GError        **error)
{
  g_return_val_if_fail (PW_IS_AUDIO_LEVELS (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == pw_audio_levels_load_async,
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
on_ready_here (const PwAudioPeak *peaks,
               gsize              first,
               gsize              end,
               guint              rate,
               guint64            n_samples,
               gpointer           user_data)
{
  _pw_audio_levels_append (user_data, rate, peaks + first, end - first, n_samples);
}

/**
 * pw_audio_levels_load:
 * @self: a #PwAudioLevels made with pw_audio_levels_new()
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Loads the levels as pw_audio_levels_load_async() does, in this thread.
 * #PwAudioLevels::progress is emitted from the thread that decodes while
 * this call blocks: this one for WAV, GStreamer's for other formats.
 * Blocks: for the command line and for threads of their own.
 *
 * Returns: %TRUE when the levels are complete
 */
gboolean
pw_audio_levels_load (PwAudioLevels  *self,
                      GCancellable   *cancellable,
                      GError        **error)
{
  g_return_val_if_fail (PW_IS_AUDIO_LEVELS (self), FALSE);
  g_return_val_if_fail (pw_audio_levels_get_file (self) != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  g_return_val_if_fail (!_pw_audio_levels_is_started (self), FALSE);

  _pw_audio_levels_start (self);
  if (!compute (pw_audio_levels_get_file (self), _pw_audio_levels_get_cache_file (self),
                on_ready_here, self, cancellable, error))
    return FALSE;
  _pw_audio_levels_set_complete (self);
  return TRUE;
}

/**
 * pw_audio_levels_new_from_wav:
 * @wav: the bytes of a PCM or float WAV file
 * @display_name: its name, for messages
 * @error: return location for a #GError
 *
 * Makes the levels of a recording held in memory, such as one the demo
 * marketplace makes. Blocks for as long as the recording takes to read.
 *
 * Returns: (transfer full) (nullable): complete levels, or %NULL
 */
PwAudioLevels *
pw_audio_levels_new_from_wav (GBytes      *wav,
                              const char  *display_name,
                              GError     **error)
{
  g_autoptr (PwAudioLevels) self = NULL;
  PwLevelsBuilder builder;
  PwWavFormat format;
  gboolean ok;

  g_return_val_if_fail (wav != NULL, NULL);
  g_return_val_if_fail (display_name != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (PW_TYPE_AUDIO_LEVELS, NULL);
  _pw_audio_levels_start (self);
  _pw_levels_builder_init (&builder, display_name, on_ready_here, self);

  ok = _pw_wav_parse (read_bytes, wav, g_bytes_get_size (wav), display_name, &format, error);
  if (ok && format.foreign)
    {
      g_set_error (error, PW_ERROR, PW_ERROR_UNSUPPORTED,
                   /* Translators: %s is a file name */
                   _("“%s” holds compressed sound, which Piecework reads only from a file. Save it, then open the file."),
                   display_name);
      ok = FALSE;
    }
  ok = ok && _pw_wav_decode (read_bytes, wav, &format, &builder, NULL, error);
  if (ok)
    _pw_levels_builder_finish (&builder);
  _pw_levels_builder_clear (&builder);
  if (!ok)
    return NULL;

  _pw_audio_levels_set_complete (self);
  return g_steal_pointer (&self);
}
