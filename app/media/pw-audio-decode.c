/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n-lib.h>
#include <gst/app/gstappsink.h>
#include <gst/audio/audio.h>
#include <gst/gst.h>
#include <string.h>

#include "pw-audio-levels-private.h"
#include "pw-error.h"
#include "pw-media-private.h"

/* Recordings other than PCM WAV, through GStreamer: filesrc ! parsebin,
 * whose first audio stream goes through the decoder of highest rank for
 * it to audioconvert, which mixes it to mono at the file's own rate, and
 * to an appsink. The demuxer pulls from the file as playbin's does, so it
 * knows where the sound ends and trims the codec's padding: the levels
 * have the samples the player plays.
 *
 * Not decodebin: it puts a multiqueue after every demuxer, for streams
 * that are played together, and handing each packet of an Ogg file from
 * one thread to the next took three times as long as decoding it. Here
 * the demuxer's thread (or the parser's, for MP3 and FLAC) carries each
 * packet through the decoder to the peaks. The sink takes 16-bit samples
 * where the decoder gives them (MP3, FLAC) and floats otherwise (Vorbis,
 * Opus), so nothing is converted twice.
 *
 * In that mode a demuxer runs its own thread while parsebin still sets it
 * up, and parsebin drops an error met then (a container cut short in its
 * header), leaving the pipeline waiting for ever. A pipeline that has not
 * prerolled after PREROLL_TIMEOUT is taken as damaged. The peaks are made
 * in the streaming thread, in the appsink's callback, so no buffer waits
 * for another thread; the calling thread only waits on the bus for the
 * end, an error, or a message that the load was cancelled. The appsink
 * holds a few buffers at most, so memory stays flat however long the
 * recording. */

#define APPLICATION_CANCELLED  "piecework-cancelled"
#define APPLICATION_NO_AUDIO   "piecework-no-audio"
#define APPLICATION_NO_DECODER "piecework-no-decoder"
/* A local file's first sound reaches the sink in milliseconds. */
#define PREROLL_TIMEOUT (5 * GST_SECOND)

typedef struct
{
  PwLevelsBuilder *builder;
  GCancellable    *cancellable;
  GstElement      *pipeline;
  GstElement      *convert;
  gint             linked;      /* atomic: set by a streaming thread */
  GError          *error;       /* set by the streaming thread, read after it stopped */
} Decode;

static gboolean
init_gstreamer (GError **error)
{
  static gsize initialized;
  static GError *init_error;

  if (g_once_init_enter (&initialized))
    {
      gst_init_check (NULL, NULL, &init_error);
      g_once_init_leave (&initialized, 1);
    }
  if (init_error != NULL)
    {
      g_set_error (error, PW_ERROR, PW_ERROR_UNSUPPORTED,
                   _("Piecework cannot decode sound: GStreamer did not start (%s)."),
                   init_error->message);
      return FALSE;
    }
  return TRUE;
}

static void
post_application (GstElement *pipeline,
                  const char *name)
{
  gst_element_post_message (pipeline,
                            gst_message_new_application (GST_OBJECT (pipeline),
                                                         gst_structure_new_empty (name)));
}

static void
on_cancelled (GCancellable *cancellable,
              gpointer      user_data)
{
  post_application (user_data, APPLICATION_CANCELLED);
}

/* The decoders that take @caps, the best first, as decodebin ranks them. */
static GList *
find_decoders (GstCaps *caps)
{
  GList *all = gst_element_factory_list_get_elements (GST_ELEMENT_FACTORY_TYPE_DECODER
                                                      | GST_ELEMENT_FACTORY_TYPE_MEDIA_AUDIO,
                                                      GST_RANK_MARGINAL);
  GList *fitting = gst_element_factory_list_filter (all, caps, GST_PAD_SINK, FALSE);

  gst_plugin_feature_list_free (all);
  return g_list_sort (fitting, gst_plugin_feature_rank_compare_func);
}

/* Links @pad, a parsed audio stream, to the mixer through a decoder of it,
 * or directly when it is raw already. In a streaming thread. */
static gboolean
link_stream (Decode  *decode,
             GstPad  *pad,
             GstCaps *caps)
{
  g_autoptr (GstPad) convert_pad = gst_element_get_static_pad (decode->convert, "sink");
  GList *decoders;
  gboolean linked = FALSE;

  if (g_str_equal (gst_structure_get_name (gst_caps_get_structure (caps, 0)), "audio/x-raw"))
    return gst_pad_link (pad, convert_pad) == GST_PAD_LINK_OK;

  decoders = find_decoders (caps);
  for (GList *l = decoders; !linked && l != NULL; l = l->next)
    {
      GstElement *decoder = gst_element_factory_create (l->data, NULL);
      g_autoptr (GstPad) decoder_pad = NULL;

      if (decoder == NULL)
        continue;
      gst_bin_add (GST_BIN (decode->pipeline), decoder);
      decoder_pad = gst_element_get_static_pad (decoder, "sink");
      linked = decoder_pad != NULL && gst_element_link (decoder, decode->convert)
               && gst_element_sync_state_with_parent (decoder)
               && gst_pad_link (pad, decoder_pad) == GST_PAD_LINK_OK;
      if (linked)
        break;
      gst_element_set_state (decoder, GST_STATE_NULL);
      gst_bin_remove (GST_BIN (decode->pipeline), decoder);
    }
  gst_plugin_feature_list_free (decoders);

  if (!linked)
    post_application (decode->pipeline, APPLICATION_NO_DECODER);
  return linked;
}

/* The first audio stream is decoded; the others, and pictures, are left
 * unlinked, and their demuxer skips them. */
static void
on_pad_added (GstElement *parsebin,
              GstPad     *pad,
              gpointer    user_data)
{
  Decode *decode = user_data;
  g_autoptr (GstCaps) caps = gst_pad_get_current_caps (pad);

  if (caps == NULL)
    caps = gst_pad_query_caps (pad, NULL);
  if (g_atomic_int_get (&decode->linked) || caps == NULL || gst_caps_is_empty (caps)
      || !g_str_has_prefix (gst_structure_get_name (gst_caps_get_structure (caps, 0)), "audio/"))
    return;

  g_atomic_int_set (&decode->linked, link_stream (decode, pad, caps));
}

static void
on_no_more_pads (GstElement *parsebin,
                 gpointer    user_data)
{
  Decode *decode = user_data;

  if (!g_atomic_int_get (&decode->linked))
    post_application (decode->pipeline, APPLICATION_NO_AUDIO);
}

static GstFlowReturn
on_new_sample (GstAppSink *sink,
               gpointer    user_data)
{
  Decode *decode = user_data;
  g_autoptr (GstSample) sample = gst_app_sink_pull_sample (sink);
  GstBuffer *buffer;
  GstStructure *structure;
  GstMapInfo map;
  const char *format;
  int rate = 0;
  gboolean ok;

  if (sample == NULL)
    return GST_FLOW_EOS;
  if (decode->error != NULL)
    return GST_FLOW_ERROR;
  /* Nothing more once cancelled, though the pipeline takes a moment to
   * stop. */
  if (g_cancellable_is_cancelled (decode->cancellable))
    return GST_FLOW_FLUSHING;

  structure = gst_caps_get_structure (gst_sample_get_caps (sample), 0);
  if (!gst_structure_get_int (structure, "rate", &rate)
      || !_pw_levels_builder_set_rate (decode->builder, (guint) MAX (rate, 0), &decode->error))
    {
      if (decode->error == NULL)
        _pw_media_set_damaged (&decode->error, decode->builder->display_name,
                               _("it gives no sample rate"));
      return GST_FLOW_ERROR;
    }
  format = gst_structure_get_string (structure, "format");

  buffer = gst_sample_get_buffer (sample);
  if (buffer == NULL || !gst_buffer_map (buffer, &map, GST_MAP_READ))
    return GST_FLOW_OK;
  if (g_strcmp0 (format, GST_AUDIO_NE (S16)) == 0)
    ok = _pw_levels_builder_add (decode->builder, (const gint16 *) (const void *) map.data,
                                 map.size / sizeof (gint16), &decode->error);
  else
    ok = _pw_levels_builder_add_float (decode->builder, (const float *) (const void *) map.data,
                                       map.size / sizeof (float), &decode->error);
  gst_buffer_unmap (buffer, &map);

  return ok ? GST_FLOW_OK : GST_FLOW_ERROR;
}

/* What went wrong, for the worker: a file that is not sound, sound with no
 * decoder installed, or damage. */
static void
set_not_audio (GError     **error,
               const char  *display_name)
{
  g_set_error (error, PW_ERROR, PW_ERROR_UNSUPPORTED,
               /* Translators: %s is a file name */
               _("“%s” is not a recording Piecework can open. It opens WAV, Ogg, Opus, FLAC and MP3 files."),
               display_name);
}

static void
set_no_decoder (GError     **error,
                const char  *display_name)
{
  g_set_error (error, PW_ERROR, PW_ERROR_UNSUPPORTED,
               /* Translators: %s is a file name */
               _("Piecework has no decoder for the sound in “%s”. Convert it to WAV, Ogg or MP3, then open it again."),
               display_name);
}

static void
set_error_from_message (GError     **error,
                        GstMessage  *message,
                        const char  *display_name,
                        gboolean     linked)
{
  g_autoptr (GError) gst_error = NULL;
  g_autofree char *debug = NULL;

  gst_message_parse_error (message, &gst_error, &debug);
  g_debug ("Decoding “%s” failed: %s (%s)", display_name, gst_error->message, debug);

  /* A stream that failed before any sound reached the mixer was no sound:
   * an image, say, whose pixels had nowhere to go. */
  if (g_error_matches (gst_error, GST_STREAM_ERROR, GST_STREAM_ERROR_TYPE_NOT_FOUND)
      || g_error_matches (gst_error, GST_STREAM_ERROR, GST_STREAM_ERROR_WRONG_TYPE)
      || (!linked && g_error_matches (gst_error, GST_STREAM_ERROR, GST_STREAM_ERROR_FAILED)))
    set_not_audio (error, display_name);
  else if (g_error_matches (gst_error, GST_STREAM_ERROR, GST_STREAM_ERROR_CODEC_NOT_FOUND)
           || g_error_matches (gst_error, GST_CORE_ERROR, GST_CORE_ERROR_MISSING_PLUGIN))
    set_no_decoder (error, display_name);
  else if (gst_error->domain == GST_RESOURCE_ERROR)
    {
      g_autofree char *what = g_strdup_printf (_("Could not read “%s”"), display_name);

      g_set_error (error, PW_ERROR,
                   g_error_matches (gst_error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_NOT_FOUND)
                     ? PW_ERROR_NOT_FOUND : PW_ERROR_IO,
                   "%s: %s", what, gst_error->message);
    }
  else
    {
      /* GStreamer's own sentence, whose full stop ours brings. */
      g_autofree char *detail = g_strdup (gst_error->message);

      g_strchomp (detail);
      if (g_str_has_suffix (detail, "."))
        detail[strlen (detail) - 1] = '\0';
      _pw_media_set_damaged (error, display_name, detail);
    }
}

static GstElement *
make_element (const char  *factory,
              GError     **error)
{
  GstElement *element = gst_element_factory_make (factory, NULL);

  if (element == NULL)
    g_set_error (error, PW_ERROR, PW_ERROR_UNSUPPORTED,
                 /* Translators: %s is the name of a part of GStreamer, such as “decodebin” */
                 _("Piecework cannot decode sound: GStreamer's “%s” is missing. Install GStreamer's base plugins."),
                 factory);
  return element;
}

static gboolean
build_pipeline (Decode      *decode,
                const char  *path,
                GError     **error)
{
  static const char *factories[] = { "filesrc", "parsebin", "audioconvert", "appsink" };
  GstElement *elements[G_N_ELEMENTS (factories)];
  GstAppSinkCallbacks callbacks = { .new_sample = on_new_sample };
  g_autoptr (GstCaps) mono = NULL;
  GValue formats = G_VALUE_INIT;
  GValue format = G_VALUE_INIT;

  decode->pipeline = gst_pipeline_new (NULL);
  for (guint i = 0; i < G_N_ELEMENTS (factories); i++)
    {
      elements[i] = make_element (factories[i], error);
      if (elements[i] == NULL)
        return FALSE;
      gst_bin_add (GST_BIN (decode->pipeline), elements[i]);
    }

  g_object_set (elements[0], "location", path, NULL);
  g_signal_connect (elements[1], "pad-added", G_CALLBACK (on_pad_added), decode);
  g_signal_connect (elements[1], "no-more-pads", G_CALLBACK (on_no_more_pads), decode);
  decode->convert = elements[2];
  /* A deeper sound made 16-bit the same way each time, without noise. */
  g_object_set (decode->convert, "dithering", GST_AUDIO_DITHER_NONE,
                "noise-shaping", GST_AUDIO_NOISE_SHAPING_NONE, NULL);

  /* Either, as the decoder gives it: audioconvert picks the nearer. */
  g_value_init (&formats, GST_TYPE_LIST);
  g_value_init (&format, G_TYPE_STRING);
  g_value_set_static_string (&format, GST_AUDIO_NE (S16));
  gst_value_list_append_value (&formats, &format);
  g_value_set_static_string (&format, GST_AUDIO_NE (F32));
  gst_value_list_append_value (&formats, &format);
  mono = gst_caps_new_simple ("audio/x-raw",
                              "layout", G_TYPE_STRING, "interleaved",
                              "channels", G_TYPE_INT, 1,
                              NULL);
  gst_caps_set_value (mono, "format", &formats);
  g_value_unset (&format);
  g_value_unset (&formats);
  g_object_set (elements[3], "caps", mono, "sync", FALSE, "max-buffers", 4, NULL);
  gst_app_sink_set_callbacks (GST_APP_SINK (elements[3]), &callbacks, decode, NULL);

  if (!gst_element_link (elements[0], elements[1]) || !gst_element_link (elements[2], elements[3]))
    {
      g_set_error_literal (error, PW_ERROR, PW_ERROR_FAILED,
                           _("Piecework cannot decode sound: GStreamer's parts do not fit together."));
      return FALSE;
    }
  return TRUE;
}

/* Waits for the end of the stream, and says how it ended. */
static gboolean
run_pipeline (Decode        *decode,
              GCancellable  *cancellable,
              GError       **error)
{
  g_autoptr (GstBus) bus = gst_element_get_bus (decode->pipeline);
  const char *display_name = decode->builder->display_name;
  gulong cancel_id = 0;
  gboolean done = FALSE;
  gboolean ok = FALSE;
  gboolean prerolled = FALSE;
  gint64 preroll_deadline = g_get_monotonic_time () + PREROLL_TIMEOUT / GST_USECOND;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  if (cancellable != NULL)
    cancel_id = g_cancellable_connect (cancellable, G_CALLBACK (on_cancelled), decode->pipeline, NULL);
  gst_element_set_state (decode->pipeline, GST_STATE_PLAYING);

  while (!done)
    {
      g_autoptr (GstMessage) message = NULL;
      GstClockTime timeout = GST_CLOCK_TIME_NONE;

      if (!prerolled)
        timeout = MAX (preroll_deadline - g_get_monotonic_time (), 0) * GST_USECOND;
      message = gst_bus_timed_pop_filtered (bus, timeout,
                                            GST_MESSAGE_EOS | GST_MESSAGE_ERROR
                                            | GST_MESSAGE_APPLICATION | GST_MESSAGE_ASYNC_DONE);
      done = TRUE;
      if (message == NULL)
        {
          _pw_media_set_damaged (error, display_name, _("its sound could not be decoded"));
          break;
        }
      switch (GST_MESSAGE_TYPE (message))
        {
        case GST_MESSAGE_ASYNC_DONE:
          prerolled = prerolled || GST_MESSAGE_SRC (message) == GST_OBJECT (decode->pipeline);
          done = FALSE;
          break;
        case GST_MESSAGE_EOS:
          ok = TRUE;
          break;
        case GST_MESSAGE_ERROR:
          set_error_from_message (error, message, display_name,
                                  g_atomic_int_get (&decode->linked));
          break;
        case GST_MESSAGE_APPLICATION:
          if (gst_message_has_name (message, APPLICATION_CANCELLED))
            g_cancellable_set_error_if_cancelled (cancellable, error);
          else if (gst_message_has_name (message, APPLICATION_NO_AUDIO))
            set_not_audio (error, display_name);
          else if (gst_message_has_name (message, APPLICATION_NO_DECODER))
            set_no_decoder (error, display_name);
          else
            done = FALSE;
          break;
        default:
          done = FALSE;
        }
    }

  /* Joins the streaming threads: from here on the builder is ours. */
  gst_element_set_state (decode->pipeline, GST_STATE_NULL);
  if (cancellable != NULL)
    g_cancellable_disconnect (cancellable, cancel_id);

  /* The streaming thread's own error says more than the pipeline's. */
  if (decode->error != NULL)
    {
      g_clear_error (error);
      g_propagate_error (error, g_steal_pointer (&decode->error));
      return FALSE;
    }
  if (ok && decode->builder->rate == 0)
    {
      _pw_media_set_damaged (error, display_name, _("it holds no sound"));
      return FALSE;
    }
  return ok;
}

/**
 * _pw_audio_decode:
 * @path: a local file
 * @display_name: its name, for messages
 * @builder: where the peaks go
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Decodes the first sound stream of @path. Blocks: run it in a thread.
 *
 * Returns: %TRUE when every sample went into @builder
 */
gboolean
_pw_audio_decode (const char       *path,
                  const char       *display_name,
                  PwLevelsBuilder  *builder,
                  GCancellable     *cancellable,
                  GError          **error)
{
  Decode decode = { .builder = builder, .cancellable = cancellable };
  gboolean ok;

  if (!init_gstreamer (error))
    return FALSE;

  ok = build_pipeline (&decode, path, error) && run_pipeline (&decode, cancellable, error);
  if (decode.pipeline != NULL)
    gst_object_unref (decode.pipeline);
  g_clear_error (&decode.error);
  return ok;
}
