/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n.h>

#include "pw-audio-panel-private.h"
#include "pw-label-keys.h"

/* The panel's keys. Two kinds:
 *
 * - The playback keys work wherever the focus is in the window, the
 *   segment's text and the transcript below the panel included: a
 *   managed shortcut controller in the capture phase, so the window runs
 *   it before the focused field sees the key. They are chosen not to type
 *   and not to move the caret: Ctrl+Space (and the worker's own key) plays
 *   and pauses; Alt+Left and Alt+Right skip 2 s, since Ctrl+Left and
 *   Ctrl+Right move by words in a text field; Alt+Down and Alt+Up change
 *   the speed; Ctrl+M marks a segment's start and, pressed again, its end,
 *   one key that works the same on every keyboard layout, where brackets
 *   need AltGr on many; Ctrl+L loops the selected segment. The media keys
 *   play, pause, stop, skip, and go to the next or previous segment.
 *
 * - The segment keys work when the focus is in the panel but not in a
 *   text field, where they must type: Tab and Shift+Tab walk the segments
 *   (from a segment's text, into the next one's text), Delete removes one,
 *   a label's key labels it, Escape lets go of it; Left and Right move its
 *   end by 10 ms, Shift+Left and Shift+Right its start, with Ctrl ten
 *   times as far. */

typedef enum
{
  KEY_PLAY_PAUSE,
  KEY_PAUSE,
  KEY_STOP,
  KEY_BACK,
  KEY_FORWARD,
  KEY_SLOWER,
  KEY_FASTER,
  KEY_MARK,
  KEY_LOOP,
  KEY_NEXT_SEGMENT,
  KEY_PREVIOUS_SEGMENT,
  KEY_SPECTROGRAM,
} KeyAction;

static const struct
{
  const char *name;
  KeyAction   action;
} key_actions[] = {
  { "audio.play-pause", KEY_PLAY_PAUSE },
  { "audio.pause", KEY_PAUSE },
  { "audio.stop", KEY_STOP },
  { "audio.back", KEY_BACK },
  { "audio.forward", KEY_FORWARD },
  { "audio.slower", KEY_SLOWER },
  { "audio.faster", KEY_FASTER },
  { "audio.mark", KEY_MARK },
  { "audio.loop", KEY_LOOP },
  { "audio.next-segment", KEY_NEXT_SEGMENT },
  { "audio.previous-segment", KEY_PREVIOUS_SEGMENT },
  { "audio.toggle-spectrogram", KEY_SPECTROGRAM },
};

static const struct
{
  guint           keyval;
  GdkModifierType mods;
  KeyAction       action;
} window_keys[] = {
  { GDK_KEY_space, GDK_CONTROL_MASK, KEY_PLAY_PAUSE },
  { GDK_KEY_Left, GDK_ALT_MASK, KEY_BACK },
  { GDK_KEY_Right, GDK_ALT_MASK, KEY_FORWARD },
  { GDK_KEY_Down, GDK_ALT_MASK, KEY_SLOWER },
  { GDK_KEY_Up, GDK_ALT_MASK, KEY_FASTER },
  { GDK_KEY_m, GDK_CONTROL_MASK, KEY_MARK },
  { GDK_KEY_l, GDK_CONTROL_MASK, KEY_LOOP },
  { GDK_KEY_s, GDK_ALT_MASK, KEY_SPECTROGRAM },
  { GDK_KEY_AudioPlay, 0, KEY_PLAY_PAUSE },
  { GDK_KEY_AudioPause, 0, KEY_PAUSE },
  { GDK_KEY_AudioStop, 0, KEY_STOP },
  { GDK_KEY_AudioRewind, 0, KEY_BACK },
  { GDK_KEY_AudioForward, 0, KEY_FORWARD },
  { GDK_KEY_AudioNext, 0, KEY_NEXT_SEGMENT },
  { GDK_KEY_AudioPrev, 0, KEY_PREVIOUS_SEGMENT },
};

static void
update_mark_label (PwAudioPanel *self)
{
  g_autofree char *text = NULL;
  int tenths;

  gtk_widget_set_visible (GTK_WIDGET (self->mark_label), self->marking);
  if (!self->marking)
    return;
  tenths = (int) (self->mark_start * 10 + 0.5);
  /* TRANSLATORS: a segment begun with a key; the time where it starts */
  text = g_strdup_printf (_("Segment from %d:%02d.%d, Ctrl+M ends it"),
                          tenths / 600, (tenths / 10) % 60, tenths % 10);
  gtk_label_set_label (self->mark_label, text);
}

/**
 * _pw_audio_panel_mark:
 *
 * Begins a segment at the play position, or ends the one begun there and
 * makes it.
 *
 * Returns: whether the panel has a recording to mark
 */
gboolean
_pw_audio_panel_mark (PwAudioPanel *self)
{
  double position;

  if (self->player == NULL || self->annotation == NULL)
    return FALSE;
  position = pw_audio_player_get_position (self->player);
  if (!self->marking)
    {
      self->marking = TRUE;
      self->mark_start = position;
    }
  else
    {
      self->marking = FALSE;
      _pw_audio_panel_add_segment (self, MIN (self->mark_start, position), MAX (self->mark_start, position));
    }
  update_mark_label (self);
  return TRUE;
}

static gboolean
run_key_action (PwAudioPanel *self,
                KeyAction     action)
{
  PwAudioPlayer *player = self->player;

  if (player == NULL && action != KEY_SPECTROGRAM)
    return FALSE;

  switch (action)
    {
    case KEY_PLAY_PAUSE:
      _pw_audio_panel_toggle_play (self);
      return TRUE;
    case KEY_PAUSE:
      pw_audio_player_pause (player);
      return TRUE;
    case KEY_STOP:
      pw_audio_panel_stop (self);
      return TRUE;
    case KEY_BACK:
      pw_audio_player_skip (player, -PW_AUDIO_PLAYER_SKIP);
      return TRUE;
    case KEY_FORWARD:
      pw_audio_player_skip (player, PW_AUDIO_PLAYER_SKIP);
      return TRUE;
    case KEY_SLOWER:
      pw_audio_player_step_rate (player, -1);
      return TRUE;
    case KEY_FASTER:
      pw_audio_player_step_rate (player, 1);
      return TRUE;
    case KEY_MARK:
      return _pw_audio_panel_mark (self);
    case KEY_LOOP:
      return _pw_audio_panel_toggle_loop (self);
    case KEY_NEXT_SEGMENT:
      return _pw_audio_panel_walk (self, 1, FALSE);
    case KEY_PREVIOUS_SEGMENT:
      return _pw_audio_panel_walk (self, -1, FALSE);
    case KEY_SPECTROGRAM:
      /* Until the waveform view draws a spectrogram the action is
       * disabled and the key falls through. */
      if (!gtk_widget_get_visible (GTK_WIDGET (self->spectrogram_button)))
        return FALSE;
      _pw_audio_panel_set_show_spectrogram (self, !self->show_spectrogram);
      return TRUE;
    default:
      g_assert_not_reached ();
    }
}

static void
activate_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  for (guint i = 0; i < G_N_ELEMENTS (key_actions); i++)
    if (g_str_equal (key_actions[i].name, action_name))
      run_key_action (PW_AUDIO_PANEL (widget), key_actions[i].action);
}

/* A window key: only while the panel is shown, so a hidden panel never
 * takes keys from the other places. */
static gboolean
on_window_key (GtkWidget *widget,
               GVariant  *args,
               gpointer   user_data)
{
  if (!gtk_widget_get_mapped (widget) || !gtk_widget_is_sensitive (widget))
    return FALSE;
  return run_key_action (PW_AUDIO_PANEL (widget), GPOINTER_TO_INT (user_data));
}

static GtkShortcut *
window_shortcut (GtkShortcutTrigger *trigger,
                 KeyAction           action)
{
  return gtk_shortcut_new (trigger, gtk_callback_action_new (on_window_key, GINT_TO_POINTER (action), NULL));
}

static void
on_play_key_changed (GSettings    *settings,
                     const char   *key,
                     PwAudioPanel *self)
{
  g_autofree char *accelerator = g_settings_get_string (settings, "audio-play-key");
  GtkShortcutTrigger *trigger;

  if (self->play_key != NULL)
    {
      gtk_shortcut_controller_remove_shortcut (self->keys, self->play_key);
      g_clear_object (&self->play_key);
    }
  if (accelerator[0] == '\0')
    return;
  trigger = gtk_shortcut_trigger_parse_string (accelerator);
  if (trigger == NULL)
    {
      g_warning ("The play and pause key “%s” is not a key; choose it again in Preferences", accelerator);
      return;
    }
  self->play_key = window_shortcut (trigger, KEY_PLAY_PAUSE);
  gtk_shortcut_controller_add_shortcut (self->keys, g_object_ref (self->play_key));
}

static gboolean
focus_is_text (PwAudioPanel *self,
               GtkWidget   **focus)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  *focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  return *focus != NULL && GTK_IS_EDITABLE (*focus);
}

static const char *
entry_segment (GtkWidget *focus)
{
  GtkWidget *entry = gtk_widget_get_ancestor (focus, GTK_TYPE_ENTRY);

  return entry != NULL ? g_object_get_data (G_OBJECT (entry), "segment-id") : NULL;
}

static gboolean
on_key_pressed (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                PwAudioPanel          *self)
{
  GdkModifierType mods = state & gtk_accelerator_get_default_mod_mask ();
  gboolean tab = keyval == GDK_KEY_Tab || keyval == GDK_KEY_ISO_Left_Tab || keyval == GDK_KEY_KP_Tab;
  gboolean shift = (mods & GDK_SHIFT_MASK) != 0;
  double step = (mods & GDK_CONTROL_MASK) ? 10 * PW_AUDIO_PANEL_NUDGE : PW_AUDIO_PANEL_NUDGE;
  GtkWidget *focus;
  PwLabel *label;

  if (focus_is_text (self, &focus))
    {
      /* From a segment's text, Tab goes on to the next segment's. */
      if (tab && (mods & ~GDK_SHIFT_MASK) == 0 && entry_segment (focus) != NULL)
        return _pw_audio_panel_walk (self, shift ? -1 : 1, TRUE);
      return FALSE;
    }

  if (tab && (mods & ~GDK_SHIFT_MASK) == 0)
    return _pw_audio_panel_walk (self, shift ? -1 : 1, FALSE);
  if ((keyval == GDK_KEY_Delete || keyval == GDK_KEY_KP_Delete) && mods == 0)
    return _pw_audio_panel_remove_selected (self);
  if (keyval == GDK_KEY_Escape && mods == 0 && self->selected != NULL)
    {
      _pw_audio_panel_set_selected (self, NULL, FALSE);
      return TRUE;
    }
  if ((keyval == GDK_KEY_Left || keyval == GDK_KEY_Right) && (mods & ~(GDK_SHIFT_MASK | GDK_CONTROL_MASK)) == 0)
    return _pw_audio_panel_nudge (self, shift, keyval == GDK_KEY_Left ? -step : step);

  if (self->labels == NULL || self->selected == NULL)
    return FALSE;
  label = pw_label_keys_lookup_event (self->labels, PW_ANNOTATION_TOOL_SEGMENT,
                                      gtk_widget_get_display (GTK_WIDGET (self)), keyval, keycode, state);
  return label != NULL && pw_audio_panel_label_segment (self, label);
}

/**
 * _pw_audio_panel_update_actions:
 *
 * Enables what the panel can do now.
 */
void
_pw_audio_panel_update_actions (PwAudioPanel *self)
{
  gboolean has_player = self->player != NULL;
  gboolean has_segments = self->annotation != NULL
                          && (pw_annotation_get_tools (self->annotation) & PW_ANNOTATION_TOOL_SEGMENT);
  gboolean looping = has_player && pw_audio_player_has_loop (self->player);

  for (guint i = 0; i < G_N_ELEMENTS (key_actions); i++)
    {
      gboolean enabled = has_player;

      if (key_actions[i].action == KEY_MARK)
        enabled = has_player && has_segments;
      else if (key_actions[i].action == KEY_LOOP)
        enabled = has_player && (looping || self->selected != NULL);
      else if (key_actions[i].action == KEY_SPECTROGRAM)
        enabled = gtk_widget_get_visible (GTK_WIDGET (self->spectrogram_button));
      gtk_widget_action_set_enabled (GTK_WIDGET (self), key_actions[i].name, enabled);
    }
  update_mark_label (self);
}

void
_pw_audio_panel_class_init_keys (GtkWidgetClass *widget_class)
{
  for (guint i = 0; i < G_N_ELEMENTS (key_actions); i++)
    gtk_widget_class_install_action (widget_class, key_actions[i].name, NULL, activate_action);
}

void
_pw_audio_panel_init_keys (PwAudioPanel *self)
{
  GtkEventController *keys = gtk_shortcut_controller_new ();
  GtkEventController *segment_keys = gtk_event_controller_key_new ();

  self->keys = GTK_SHORTCUT_CONTROLLER (keys);
  gtk_shortcut_controller_set_scope (self->keys, GTK_SHORTCUT_SCOPE_MANAGED);
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  gtk_event_controller_set_name (keys, "audio-panel-window-keys");
  for (guint i = 0; i < G_N_ELEMENTS (window_keys); i++)
    gtk_shortcut_controller_add_shortcut (self->keys,
                                          window_shortcut (gtk_keyval_trigger_new (window_keys[i].keyval,
                                                                                   window_keys[i].mods),
                                                           window_keys[i].action));
  gtk_widget_add_controller (GTK_WIDGET (self), keys);

  g_signal_connect (self->settings, "changed::audio-play-key", G_CALLBACK (on_play_key_changed), self);
  on_play_key_changed (self->settings, "audio-play-key", self);

  gtk_event_controller_set_propagation_phase (segment_keys, GTK_PHASE_CAPTURE);
  g_signal_connect (segment_keys, "key-pressed", G_CALLBACK (on_key_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), segment_keys);
}
