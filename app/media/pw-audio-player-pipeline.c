/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n-lib.h>

#include "pw-audio-player-private.h"
#include "pw-error.h"

/* The player's GStreamer side: the pipeline made on a thread (starting
 * GStreamer and loading its plugins reads the disk), the calls that may
 * wait (state changes, seeks and their preroll) made one after another on
 * the player's own thread, and GStreamer's errors said for people.
 *
 * The pipeline is playbin, audio only, with scaletempo as its audio filter,
 * so that any speed keeps the voice's pitch. The output is the one asked
 * for, else PIECEWORK_AUDIO_SINK, else autoaudiosink. A machine with no
 * sound output makes autoaudiosink settle on a fakesink that keeps time;
 * an output that cannot be made or opened is replaced by one. Either way
 * the player plays a silent clock (PwAudioPlayer:silent): the cursor runs,
 * seeks, loops and speeds work, and nothing is heard. */

/* A local file's first sound reaches the sink in milliseconds; a pipeline
 * that has not prerolled by then never will (a container cut short in its
 * header can leave decodebin waiting for ever). */
#define PREROLL_TIMEOUT (10 * GST_SECOND)
#define SEEK_TIMEOUT    (5 * GST_SECOND)
/* playbin's GstPlayFlags: audio, and no video or subtitles even when a
 * file carries cover art. */
#define PLAY_FLAG_AUDIO (1 << 1)

typedef struct
{
  GFile *file;
  char  *audio_sink;
} Open;

static void
open_free (Open *open)
{
  g_clear_object (&open->file);
  g_free (open->audio_sink);
  g_free (open);
}

void
_pw_player_pipeline_free (PwPlayerPipeline *opened)
{
  if (opened->pipeline != NULL)
    {
      gst_element_set_state (opened->pipeline, GST_STATE_NULL);
      gst_object_unref (opened->pipeline);
    }
  g_free (opened);
}

static void
set_missing (GError    **error,
             const char *element,
             const char *plugins)
{
  g_set_error (error, PW_ERROR, PW_ERROR_UNSUPPORTED,
               /* Translators: the first %s is a GStreamer element, the
                * second a package such as "GStreamer's good plugins". */
               _("Piecework cannot play sound: GStreamer's “%s” is missing. Install %s."),
               element, plugins);
}

/* A GCompareFunc for gst_iterator_find_custom(): 0 for a fakesink. */
static int
compare_fakesink (const GValue *value,
                  gpointer      user_data)
{
  GstElement *element = g_value_get_object (value);
  GstElementFactory *factory = gst_element_get_factory (element);

  return factory == NULL
         || !g_str_equal (gst_plugin_feature_get_name (GST_PLUGIN_FEATURE (factory)), "fakesink");
}

/* Whether @sink, or an element inside it, is a fakesink: an output that
 * keeps time and plays nothing. */
static gboolean
keeps_time_only (GstElement *sink)
{
  g_autoptr (GstIterator) iterator = NULL;
  GValue found = G_VALUE_INIT;
  gboolean silent;

  if (!GST_IS_BIN (sink))
    {
      GValue value = G_VALUE_INIT;

      g_value_init (&value, GST_TYPE_ELEMENT);
      g_value_set_object (&value, sink);
      silent = compare_fakesink (&value, NULL) == 0;
      g_value_unset (&value);
      return silent;
    }

  iterator = gst_bin_iterate_recurse (GST_BIN (sink));
  silent = gst_iterator_find_custom (iterator, (GCompareFunc) compare_fakesink, &found, NULL);
  if (silent)
    g_value_unset (&found);
  return silent;
}

/* The output, opened (READY) so that a missing device shows here rather
 * than as an error in the middle of playback. */
static GstElement *
make_sink (const char *description,
           gboolean   *silent)
{
  g_autoptr (GError) error = NULL;
  GstElement *sink;

  sink = gst_parse_bin_from_description (description, TRUE, &error);
  if (sink != NULL)
    {
      gst_object_ref_sink (sink);
      if (gst_element_set_state (sink, GST_STATE_READY) != GST_STATE_CHANGE_FAILURE)
        {
          *silent = keeps_time_only (sink);
          return sink;
        }
      gst_element_set_state (sink, GST_STATE_NULL);
      gst_clear_object (&sink);
    }

  g_info ("The audio output “%s” cannot be used (%s); playing without sound",
          description, error != NULL ? error->message : "it does not open");
  *silent = TRUE;
  sink = gst_element_factory_make ("fakesink", NULL);
  if (sink != NULL)
    {
      gst_object_ref_sink (sink);
      g_object_set (sink, "sync", TRUE, NULL);
    }
  return sink;
}

static void
open_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  Open *open = task_data;
  g_autoptr (GError) init_error = NULL;
  g_autoptr (PwPlayerPipeline) opened = g_new0 (PwPlayerPipeline, 1);
  g_autoptr (GstElement) filter = NULL;
  g_autoptr (GstElement) sink = NULL;
  g_autofree char *uri = NULL;
  const char *description = open->audio_sink;
  GError *error = NULL;

  if (!gst_init_check (NULL, NULL, &init_error))
    {
      g_task_return_new_error (task, PW_ERROR, PW_ERROR_UNSUPPORTED,
                               _("Piecework cannot play sound: GStreamer did not start (%s)."),
                               init_error->message);
      return;
    }

  opened->pipeline = gst_element_factory_make ("playbin", NULL);
  if (opened->pipeline == NULL)
    {
      set_missing (&error, "playbin", _("GStreamer's base plugins"));
      g_task_return_error (task, error);
      return;
    }
  gst_object_ref_sink (opened->pipeline);

  filter = gst_parse_bin_from_description ("audioconvert ! scaletempo", TRUE, NULL);
  if (filter == NULL)
    {
      set_missing (&error, "scaletempo", _("GStreamer's good plugins"));
      g_task_return_error (task, error);
      return;
    }
  gst_object_ref_sink (filter);

  if (description == NULL || *description == '\0')
    description = g_getenv (PW_AUDIO_PLAYER_SINK_ENV);
  if (description == NULL || *description == '\0')
    description = "autoaudiosink";
  sink = make_sink (description, &opened->silent);
  if (sink == NULL)
    {
      set_missing (&error, "fakesink", _("GStreamer's core plugins"));
      g_task_return_error (task, error);
      return;
    }

  uri = g_file_get_uri (open->file);
  g_object_set (opened->pipeline,
                "uri", uri,
                "flags", PLAY_FLAG_AUDIO,
                "audio-filter", filter,
                "audio-sink", sink,
                NULL);

  if (g_task_return_error_if_cancelled (task))
    return;
  g_task_return_pointer (task, g_steal_pointer (&opened), (GDestroyNotify) _pw_player_pipeline_free);
}

void
_pw_audio_player_open_async (GFile               *file,
                             const char          *audio_sink,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr (GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  Open *open = g_new0 (Open, 1);

  open->file = g_object_ref (file);
  open->audio_sink = g_strdup (audio_sink);
  g_task_set_source_tag (task, _pw_audio_player_open_async);
  g_task_set_task_data (task, open, (GDestroyNotify) open_free);
  g_task_run_in_thread (task, open_thread);
}

PwPlayerPipeline *
_pw_audio_player_open_finish (GAsyncResult  *result,
                              GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
post (GstElement   *pipeline,
      GstStructure *structure)
{
  gst_element_post_message (pipeline, gst_message_new_application (GST_OBJECT (pipeline), structure));
}

static gboolean
send_seek (PwPlayerJob *job)
{
  GstEvent *seek = gst_event_new_seek (job->rate, GST_FORMAT_TIME, job->flags,
                                       GST_SEEK_TYPE_SET, job->start,
                                       GST_SEEK_TYPE_SET, job->stop);

  gst_event_set_seqnum (seek, job->seqnum);
  return gst_element_send_event (job->pipeline, seek);
}

/* On the player's thread, one job at a time and in order, so a pause
 * asked after a seek comes after it. Each holds its own reference to the
 * pipeline: the last job, to NULL, may run after the player is gone. */
void
_pw_audio_player_run_job (gpointer data,
                          gpointer user_data)
{
  PwPlayerJob *job = data;
  GstStateChangeReturn ret;

  switch (job->kind)
    {
    case PW_PLAYER_JOB_PREROLL:
      if (gst_element_set_state (job->pipeline, GST_STATE_PAUSED) == GST_STATE_CHANGE_FAILURE)
        break;  /* the error is on the bus */
      ret = gst_element_get_state (job->pipeline, NULL, NULL, PREROLL_TIMEOUT);
      if (ret == GST_STATE_CHANGE_SUCCESS || ret == GST_STATE_CHANGE_NO_PREROLL)
        post (job->pipeline, gst_structure_new_empty (PW_PLAYER_PREROLLED));
      else if (ret == GST_STATE_CHANGE_ASYNC)
        post (job->pipeline, gst_structure_new_empty (PW_PLAYER_STALLED));
      break;

    case PW_PLAYER_JOB_STATE:
      gst_element_set_state (job->pipeline, job->state);
      break;

    case PW_PLAYER_JOB_SEEK:
      /* A flushing seek loses the pipeline's state until the sink holds
       * the first sound of the new place: only then does a position
       * query answer for it. */
      if (send_seek (job))
        gst_element_get_state (job->pipeline, NULL, NULL, SEEK_TIMEOUT);
      post (job->pipeline, gst_structure_new (PW_PLAYER_SEEK_DONE,
                                              "serial", G_TYPE_UINT, job->serial, NULL));
      break;

    case PW_PLAYER_JOB_LOOP:
      send_seek (job);
      break;

    default:
      g_assert_not_reached ();
    }

  _pw_player_job_free (job);
}

void
_pw_player_job_free (PwPlayerJob *job)
{
  gst_clear_object (&job->pipeline);
  g_free (job);
}

static char *
display_name (GFile *file)
{
  return g_file_get_basename (file);
}

GError *
_pw_audio_player_stalled_error (GFile *file)
{
  g_autofree char *name = display_name (file);

  return g_error_new (PW_ERROR, PW_ERROR_INVALID_DATA,
                      _("“%s” cannot be played: its sound is damaged. Open another copy of it."),
                      name);
}

/**
 * _pw_audio_player_error_from_message:
 * @message: an error message of the pipeline
 * @file: the recording
 *
 * Returns: (transfer full): the error said for a worker
 */
GError *
_pw_audio_player_error_from_message (GstMessage *message,
                                     GFile      *file)
{
  g_autoptr (GError) gst_error = NULL;
  g_autofree char *debug = NULL;
  g_autofree char *name = display_name (file);
  GstObject *source = GST_MESSAGE_SRC (message);

  gst_message_parse_error (message, &gst_error, &debug);
  g_debug ("Playing %s: %s (%s)", name, gst_error->message, debug != NULL ? debug : "");

  if (GST_IS_ELEMENT (source) && GST_OBJECT_FLAG_IS_SET (source, GST_ELEMENT_FLAG_SINK))
    return g_error_new (PW_ERROR, PW_ERROR_FAILED,
                        _("The sound output stopped working (%s). Check the sound settings, "
                          "then play again."),
                        gst_error->message);

  if (gst_error->domain == GST_RESOURCE_ERROR)
    {
      if (g_error_matches (gst_error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_NOT_FOUND))
        return g_error_new (PW_ERROR, PW_ERROR_NOT_FOUND,
                            _("“%s” is gone: it was moved or deleted. Open it again from where it is now."),
                            name);
      return g_error_new (PW_ERROR, PW_ERROR_IO,
                          _("Could not read “%s”. Check that its disk is still there, then open it again."),
                          name);
    }

  if (g_error_matches (gst_error, GST_CORE_ERROR, GST_CORE_ERROR_MISSING_PLUGIN)
      || g_error_matches (gst_error, GST_STREAM_ERROR, GST_STREAM_ERROR_CODEC_NOT_FOUND)
      || g_error_matches (gst_error, GST_STREAM_ERROR, GST_STREAM_ERROR_TYPE_NOT_FOUND)
      || g_error_matches (gst_error, GST_STREAM_ERROR, GST_STREAM_ERROR_WRONG_TYPE)
      || g_error_matches (gst_error, GST_STREAM_ERROR, GST_STREAM_ERROR_NOT_IMPLEMENTED))
    return g_error_new (PW_ERROR, PW_ERROR_UNSUPPORTED,
                        _("Piecework cannot play “%s”: there is no decoder for its sound. "
                          "Convert it to WAV, Ogg or MP3, then open it again."),
                        name);

  if (gst_error->domain == GST_STREAM_ERROR)
    return _pw_audio_player_stalled_error (file);

  return g_error_new (PW_ERROR, PW_ERROR_FAILED,
                      _("“%s” stopped playing (%s). Open it again."),
                      name, gst_error->message);
}
