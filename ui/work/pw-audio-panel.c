/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "pw-application.h"
#include "pw-audio-panel-private.h"

/* The audio panel: a header with the play button, the position, the speed
 * and the player's note when nothing can be heard; the waveform with the
 * segments drawn over it; the segments below, each a row with its time,
 * its label and its own text. This file holds the panel's life: the task
 * it shows, its player and levels, the header. The segments are in
 * pw-audio-panel-segments.c, the keys in pw-audio-panel-keys.c. */

G_DEFINE_FINAL_TYPE (PwAudioPanel, pw_audio_panel, GTK_TYPE_WIDGET)

/* How long a refusal stays on screen, in seconds. */
#define MESSAGE_TIMEOUT 3

/**
 * pw_audio_panel_new:
 *
 * Returns: a panel with no task; pw_audio_panel_set_task() gives it one
 */
GtkWidget *
pw_audio_panel_new (void)
{
  return g_object_new (PW_TYPE_AUDIO_PANEL, NULL);
}

static char *
format_time (double seconds)
{
  int tenths = (int) floor (MAX (seconds, 0) * 10 + 0.5);
  int minutes = tenths / 600;

  return g_strdup_printf ("%d:%02d.%d", minutes, (tenths / 10) % 60, tenths % 10);
}

static void
update_position (PwAudioPanel *self)
{
  g_autofree char *position = NULL;
  g_autofree char *duration = NULL;
  g_autofree char *text = NULL;

  if (self->player == NULL)
    {
      gtk_label_set_label (self->position_label, "");
      return;
    }
  position = format_time (pw_audio_player_get_position (self->player));
  duration = format_time (pw_audio_player_get_duration (self->player));
  /* TRANSLATORS: the play position and the recording's length */
  text = g_strdup_printf (_("%s / %s"), position, duration);
  gtk_label_set_label (self->position_label, text);
}

static gboolean
on_tick (GtkWidget     *widget,
         GdkFrameClock *clock,
         gpointer       user_data)
{
  update_position (PW_AUDIO_PANEL (widget));
  return G_SOURCE_CONTINUE;
}

/**
 * _pw_audio_panel_update_header:
 *
 * Shows the player's state: playing or not, the speed, the position and,
 * without a sound output, why nothing is heard.
 */
void
_pw_audio_panel_update_header (PwAudioPanel *self)
{
  gboolean playing = self->player != NULL && pw_audio_player_get_playing (self->player);
  const char *note = self->player != NULL ? pw_audio_player_get_silent_note (self->player) : NULL;
  g_autofree char *speed = NULL;

  gtk_button_set_icon_name (self->play_button,
                            playing ? "media-playback-pause-symbolic" : "media-playback-start-symbolic");
  /* TRANSLATORS: the playback speed, such as “1.25×” */
  speed = g_strdup_printf (_("%.2f×"), self->player != NULL ? pw_audio_player_get_rate (self->player) : 1.0);
  gtk_label_set_label (self->speed_label, speed);
  gtk_widget_set_visible (self->silent_box, note != NULL);
  gtk_label_set_label (self->silent_label, note != NULL ? note : "");
  update_position (self);

  if (playing && self->tick_id == 0)
    self->tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), on_tick, NULL, NULL);
  else if (!playing && self->tick_id != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->tick_id);
      self->tick_id = 0;
    }
  _pw_audio_panel_update_actions (self);
}

static void
on_player_notify (PwAudioPlayer *player,
                  GParamSpec    *pspec,
                  PwAudioPanel  *self)
{
  _pw_audio_panel_update_header (self);
}

/**
 * _pw_audio_panel_show_message:
 * @message: a short sentence for the worker
 *
 * Says why something the worker asked for was not done.
 */
void
_pw_audio_panel_show_message (PwAudioPanel *self,
                              const char   *message)
{
  AdwToast *toast = adw_toast_new (message);

  g_free (self->last_message);
  self->last_message = g_strdup (message);
  adw_toast_set_timeout (toast, MESSAGE_TIMEOUT);
  adw_toast_overlay_add_toast (self->toasts, toast);
}

const char *
_pw_audio_panel_get_last_message (PwAudioPanel *self)
{
  return self->last_message;
}

PwWaveformView *
_pw_audio_panel_get_view (PwAudioPanel *self)
{
  return self->view;
}

/**
 * _pw_audio_panel_toggle_play:
 *
 * Plays or pauses. A resume plays again the seconds of the worker's
 * auto-rewind setting.
 */
void
_pw_audio_panel_toggle_play (PwAudioPanel *self)
{
  if (self->player != NULL)
    pw_audio_player_toggle (self->player);
}

static void
on_spectrogram_loaded (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr (GError) error = NULL;

  /* The view draws the waveform until the spectrogram is complete. */
  if (!pw_spectrogram_load_finish (PW_SPECTROGRAM (source), result, &error)
      && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_warning ("Could not analyse the recording's frequencies: %s", error->message);
}

/* The spectrogram is analysed the first time it is shown for a recording
 * (a second decode of a compressed file), then read from the media
 * cache. */
static void
load_spectrogram (PwAudioPanel *self)
{
  g_autoptr (GFile) cache = NULL;

  if (self->audio == NULL || self->spectrogram != NULL)
    return;
  cache = pw_spectrogram_cache_file_for (self->audio);
  self->spectrogram = pw_spectrogram_new (self->audio, cache);
  self->spectrogram_cancellable = g_cancellable_new ();
  pw_spectrogram_load_async (self->spectrogram, self->spectrogram_cancellable,
                             on_spectrogram_loaded, NULL);
  pw_waveform_view_set_spectrogram (self->view, self->spectrogram);
}

/* The spectrogram's toggle: the key and the header button change this.
 * It stays on from one task to the next, as the worker left it. */
void
_pw_audio_panel_set_show_spectrogram (PwAudioPanel *self,
                                      gboolean      show)
{
  self->show_spectrogram = show;
  gtk_toggle_button_set_active (self->spectrogram_button, show);
  if (show)
    load_spectrogram (self);
  pw_waveform_view_set_show_spectrogram (self->view, show);
}

/* The desktop's media keys reach the player shown, and none while the
 * panel is off screen. */
static void
offer_media_keys (PwAudioPanel *self,
                  gboolean      offer)
{
  GApplication *app = g_application_get_default ();
  PwMediaKeys *keys;

  if (!PW_IS_APPLICATION (app))
    return;
  keys = pw_application_get_media_keys (PW_APPLICATION (app));
  if (offer && self->player != NULL && self->audio != NULL)
    {
      g_autofree char *title = g_file_get_basename (self->audio);

      pw_media_keys_set_player (keys, self->player, title);
    }
  else if (pw_media_keys_get_player (keys) == self->player || self->player == NULL)
    pw_media_keys_set_player (keys, NULL, NULL);
}

static void
on_rewind_changed (GSettings    *settings,
                   const char   *key,
                   PwAudioPanel *self)
{
  if (self->player != NULL)
    pw_audio_player_set_auto_rewind (self->player, g_settings_get_double (settings, "audio-rewind"));
}

static void
clear_player (PwAudioPanel *self)
{
  if (self->player == NULL)
    return;
  pw_audio_player_pause (self->player);
  offer_media_keys (self, FALSE);
  g_clear_signal_handler (&self->player_notify_id, self->player);
  pw_waveform_view_set_player (self->view, NULL);
  g_clear_object (&self->player);
}

static void
on_levels_loaded (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr (GError) error = NULL;

  /* The view draws what arrived; a recording that cannot be read says so
   * through the player, which fails on it the same way. */
  if (!pw_audio_levels_load_finish (PW_AUDIO_LEVELS (source), result, &error)
      && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_warning ("Could not read the recording's levels: %s", error->message);
}

static void
clear_task (PwAudioPanel *self)
{
  _pw_audio_panel_commit_text (self);
  g_cancellable_cancel (self->levels_cancellable);
  g_clear_object (&self->levels_cancellable);
  clear_player (self);
  pw_waveform_view_set_levels (self->view, NULL);
  g_clear_object (&self->levels);
  g_cancellable_cancel (self->spectrogram_cancellable);
  g_clear_object (&self->spectrogram_cancellable);
  pw_waveform_view_set_spectrogram (self->view, NULL);
  g_clear_object (&self->spectrogram);
  g_clear_object (&self->audio);
  if (self->annotation != NULL)
    g_clear_signal_handler (&self->annotation_changed_id, self->annotation);
  g_clear_object (&self->annotation);
  g_clear_object (&self->labels);
  g_clear_pointer (&self->selected, g_free);
  self->marking = FALSE;
}

static void
on_annotation_changed (PwAnnotation       *annotation,
                       PwAnnotationChange  change,
                       const char         *id,
                       PwAudioPanel       *self)
{
  _pw_audio_panel_segment_changed (self, change, id);
}

/**
 * pw_audio_panel_set_task:
 * @self: a #PwAudioPanel
 * @audio: (nullable): the recording, or %NULL for none
 * @levels: (nullable): its levels, loaded or loading; %NULL to read them
 *   here, from the media cache when they are there
 * @annotation: (nullable): the task's answer, with the segment tool
 * @labels: (nullable): the project's labels
 * @rules: the project's rules: whether segments may overlap, whether each
 *   needs its text
 *
 * Shows a task, with a player of its own for @audio. The player of the
 * task before is stopped and dropped.
 */
void
pw_audio_panel_set_task (PwAudioPanel  *self,
                         GFile         *audio,
                         PwAudioLevels *levels,
                         PwAnnotation  *annotation,
                         PwLabelSet    *labels,
                         PwCheckFlags   rules)
{
  pw_audio_panel_set_task_with_player (self, audio, levels, NULL, annotation, labels, rules);
}

/**
 * pw_audio_panel_set_task_with_player:
 * @self: a #PwAudioPanel
 * @audio: (nullable): the recording, or %NULL for none
 * @levels: (nullable): its levels, loaded or loading; %NULL to read them
 *   here, from the media cache when they are there
 * @player: (nullable): a player of @audio made ahead, prerolled or
 *   prerolling, so the recording plays at once; %NULL to make one here
 * @annotation: (nullable): the task's answer, with the segment tool
 * @labels: (nullable): the project's labels
 * @rules: the project's rules: whether segments may overlap, whether each
 *   needs its text
 *
 * Shows a task. The player of the task before is stopped and dropped.
 */
void
pw_audio_panel_set_task_with_player (PwAudioPanel  *self,
                                     GFile         *audio,
                                     PwAudioLevels *levels,
                                     PwAudioPlayer *player,
                                     PwAnnotation  *annotation,
                                     PwLabelSet    *labels,
                                     PwCheckFlags   rules)
{
  g_return_if_fail (PW_IS_AUDIO_PANEL (self));
  g_return_if_fail (audio == NULL || G_IS_FILE (audio));
  g_return_if_fail (levels == NULL || PW_IS_AUDIO_LEVELS (levels));
  g_return_if_fail (player == NULL
                    || (PW_IS_AUDIO_PLAYER (player) && audio != NULL
                        && g_file_equal (pw_audio_player_get_file (player), audio)));
  g_return_if_fail (annotation == NULL || PW_IS_ANNOTATION (annotation));
  g_return_if_fail (labels == NULL || PW_IS_LABEL_SET (labels));

  clear_task (self);
  self->rules = rules;
  if (labels != NULL)
    self->labels = g_object_ref (labels);
  if (annotation != NULL)
    {
      self->annotation = g_object_ref (annotation);
      self->annotation_changed_id =
        g_signal_connect (annotation, "changed::segment", G_CALLBACK (on_annotation_changed), self);
    }

  if (audio != NULL)
    {
      self->audio = g_object_ref (audio);
      if (levels != NULL)
        self->levels = g_object_ref (levels);
      else
        {
          g_autoptr (GFile) cache = pw_audio_levels_cache_file_for (audio);

          self->levels = pw_audio_levels_new (audio, cache);
          self->levels_cancellable = g_cancellable_new ();
          pw_audio_levels_load_async (self->levels, self->levels_cancellable, on_levels_loaded, NULL);
        }
      pw_waveform_view_set_levels (self->view, self->levels);

      self->player = player != NULL ? g_object_ref (player) : pw_audio_player_new (audio, NULL);
      pw_audio_player_set_auto_rewind (self->player, g_settings_get_double (self->settings, "audio-rewind"));
      self->player_notify_id = g_signal_connect (self->player, "notify", G_CALLBACK (on_player_notify), self);
      pw_waveform_view_set_player (self->view, self->player);
      if (self->show_spectrogram)
        load_spectrogram (self);
      if (gtk_widget_get_mapped (GTK_WIDGET (self)))
        offer_media_keys (self, TRUE);
    }

  _pw_audio_panel_reload_segments (self);
  _pw_audio_panel_update_header (self);
}

/**
 * pw_audio_panel_get_annotation:
 *
 * The text being typed in a segment is written to its segment first, so
 * what is checked and submitted has the last word the worker typed.
 *
 * Returns: (transfer none) (nullable): the task's answer
 */
PwAnnotation *
pw_audio_panel_get_annotation (PwAudioPanel *self)
{
  g_return_val_if_fail (PW_IS_AUDIO_PANEL (self), NULL);

  _pw_audio_panel_commit_text (self);
  return self->annotation;
}

/**
 * pw_audio_panel_get_player:
 *
 * Returns: (transfer none) (nullable): the player of the task's recording
 */
PwAudioPlayer *
pw_audio_panel_get_player (PwAudioPanel *self)
{
  g_return_val_if_fail (PW_IS_AUDIO_PANEL (self), NULL);
  return self->player;
}

/**
 * pw_audio_panel_stop:
 *
 * Stops playback, drops a segment begun with the mark key and writes the
 * text being typed in a segment, as when the worker leaves the task.
 */
void
pw_audio_panel_stop (PwAudioPanel *self)
{
  g_return_if_fail (PW_IS_AUDIO_PANEL (self));

  _pw_audio_panel_commit_text (self);
  if (self->player != NULL)
    {
      pw_audio_player_clear_loop (self->player);
      pw_audio_player_pause (self->player);
    }
  self->marking = FALSE;
  _pw_audio_panel_update_header (self);
}

/* The keyboard comes to the panel on its waveform, where the label keys
 * and the segment keys act. */
static gboolean
pw_audio_panel_grab_focus (GtkWidget *widget)
{
  return gtk_widget_grab_focus (GTK_WIDGET (PW_AUDIO_PANEL (widget)->view));
}

static void
pw_audio_panel_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (pw_audio_panel_parent_class)->map (widget);
  offer_media_keys (PW_AUDIO_PANEL (widget), TRUE);
}

static void
pw_audio_panel_unmap (GtkWidget *widget)
{
  pw_audio_panel_stop (PW_AUDIO_PANEL (widget));
  offer_media_keys (PW_AUDIO_PANEL (widget), FALSE);
  GTK_WIDGET_CLASS (pw_audio_panel_parent_class)->unmap (widget);
}

static void
pw_audio_panel_dispose (GObject *object)
{
  PwAudioPanel *self = PW_AUDIO_PANEL (object);

  clear_task (self);
  g_clear_handle_id (&self->text_commit_id, g_source_remove);
  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  g_clear_object (&self->settings);
  g_clear_object (&self->play_key);
  g_clear_pointer (&self->rows, g_hash_table_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), PW_TYPE_AUDIO_PANEL);

  G_OBJECT_CLASS (pw_audio_panel_parent_class)->dispose (object);
}

static void
pw_audio_panel_finalize (GObject *object)
{
  PwAudioPanel *self = PW_AUDIO_PANEL (object);

  g_free (self->selected);
  g_free (self->last_message);

  G_OBJECT_CLASS (pw_audio_panel_parent_class)->finalize (object);
}

static void
pw_audio_panel_class_init (PwAudioPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pw_audio_panel_dispose;
  object_class->finalize = pw_audio_panel_finalize;
  widget_class->map = pw_audio_panel_map;
  widget_class->grab_focus = pw_audio_panel_grab_focus;
  widget_class->unmap = pw_audio_panel_unmap;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/piecework/Piecework/pw-audio-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, PwAudioPanel, toasts);
  gtk_widget_class_bind_template_child (widget_class, PwAudioPanel, play_button);
  gtk_widget_class_bind_template_child (widget_class, PwAudioPanel, position_label);
  gtk_widget_class_bind_template_child (widget_class, PwAudioPanel, speed_label);
  gtk_widget_class_bind_template_child (widget_class, PwAudioPanel, mark_label);
  gtk_widget_class_bind_template_child (widget_class, PwAudioPanel, spectrogram_button);
  gtk_widget_class_bind_template_child (widget_class, PwAudioPanel, silent_box);
  gtk_widget_class_bind_template_child (widget_class, PwAudioPanel, silent_label);
  gtk_widget_class_bind_template_child (widget_class, PwAudioPanel, view);
  gtk_widget_class_bind_template_child (widget_class, PwAudioPanel, segment_list);
  gtk_widget_class_bind_template_child (widget_class, PwAudioPanel, empty_label);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "audio-panel");

  _pw_audio_panel_class_init_keys (widget_class);
}

static void
pw_audio_panel_init (PwAudioPanel *self)
{
  g_type_ensure (PW_TYPE_WAVEFORM_VIEW);
  gtk_widget_init_template (GTK_WIDGET (self));

  self->rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->settings = g_settings_new (PW_APP_ID);
  g_signal_connect (self->settings, "changed::audio-rewind", G_CALLBACK (on_rewind_changed), self);

  _pw_audio_panel_init_segments (self);
  _pw_audio_panel_init_keys (self);
  _pw_audio_panel_update_header (self);
}
