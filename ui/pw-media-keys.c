/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include "pw-media-keys.h"

/* An MPRIS player (org.mpris.MediaPlayer2 and its Player interface) for
 * the recording open in the audio panel. The bus name is taken only while
 * a player is set, so the desktop never lists a player with nothing to
 * play. Positions on the bus are microseconds; the player's are seconds. */

#define OBJECT_PATH "/org/mpris/MediaPlayer2"
#define ROOT_INTERFACE "org.mpris.MediaPlayer2"
#define PLAYER_INTERFACE "org.mpris.MediaPlayer2.Player"
#define TRACK_PATH "/org/piecework/Piecework/Recording"

static const char introspection_xml[] =
  "<node>"
  "  <interface name='org.mpris.MediaPlayer2'>"
  "    <method name='Raise'/>"
  "    <method name='Quit'/>"
  "    <property name='CanQuit' type='b' access='read'/>"
  "    <property name='CanRaise' type='b' access='read'/>"
  "    <property name='HasTrackList' type='b' access='read'/>"
  "    <property name='Identity' type='s' access='read'/>"
  "    <property name='DesktopEntry' type='s' access='read'/>"
  "    <property name='SupportedUriSchemes' type='as' access='read'/>"
  "    <property name='SupportedMimeTypes' type='as' access='read'/>"
  "  </interface>"
  "  <interface name='org.mpris.MediaPlayer2.Player'>"
  "    <method name='Next'/>"
  "    <method name='Previous'/>"
  "    <method name='Pause'/>"
  "    <method name='PlayPause'/>"
  "    <method name='Stop'/>"
  "    <method name='Play'/>"
  "    <method name='Seek'><arg direction='in' name='Offset' type='x'/></method>"
  "    <method name='SetPosition'>"
  "      <arg direction='in' name='TrackId' type='o'/>"
  "      <arg direction='in' name='Position' type='x'/>"
  "    </method>"
  "    <method name='OpenUri'><arg direction='in' name='Uri' type='s'/></method>"
  "    <signal name='Seeked'><arg name='Position' type='x'/></signal>"
  "    <property name='PlaybackStatus' type='s' access='read'/>"
  "    <property name='Rate' type='d' access='readwrite'/>"
  "    <property name='Metadata' type='a{sv}' access='read'/>"
  "    <property name='Volume' type='d' access='read'/>"
  "    <property name='Position' type='x' access='read'/>"
  "    <property name='MinimumRate' type='d' access='read'/>"
  "    <property name='MaximumRate' type='d' access='read'/>"
  "    <property name='CanGoNext' type='b' access='read'/>"
  "    <property name='CanGoPrevious' type='b' access='read'/>"
  "    <property name='CanPlay' type='b' access='read'/>"
  "    <property name='CanPause' type='b' access='read'/>"
  "    <property name='CanSeek' type='b' access='read'/>"
  "    <property name='CanControl' type='b' access='read'/>"
  "  </interface>"
  "</node>";

struct _PwMediaKeys
{
  GObject          parent_instance;

  GDBusConnection *connection;
  GDBusNodeInfo   *info;
  char            *desktop_entry;
  guint            root_id;
  guint            player_id;
  guint            owner_id;
  gboolean         owned;

  PwAudioPlayer   *player;
  char            *title;
  gulong           notify_id;
};

G_DEFINE_FINAL_TYPE (PwMediaKeys, pw_media_keys, G_TYPE_OBJECT)

static gint64
to_microseconds (double seconds)
{
  return (gint64) (seconds * G_USEC_PER_SEC + 0.5);
}

static const char *
playback_status (PwMediaKeys *self)
{
  if (self->player == NULL)
    return "Stopped";
  return pw_audio_player_get_playing (self->player) ? "Playing" : "Paused";
}

static GVariant *
metadata (PwMediaKeys *self)
{
  GVariantBuilder builder;

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a{sv}"));
  g_variant_builder_add (&builder, "{sv}", "mpris:trackid", g_variant_new_object_path (TRACK_PATH));
  if (self->player != NULL)
    {
      g_variant_builder_add (&builder, "{sv}", "mpris:length",
                             g_variant_new_int64 (to_microseconds (pw_audio_player_get_duration (self->player))));
      if (self->title != NULL)
        g_variant_builder_add (&builder, "{sv}", "xesam:title", g_variant_new_string (self->title));
    }
  return g_variant_builder_end (&builder);
}

static GVariant *
get_root_property (PwMediaKeys *self,
                   const char  *name)
{
  static const char *const none[] = { NULL };

  if (g_str_equal (name, "CanQuit") || g_str_equal (name, "HasTrackList"))
    return g_variant_new_boolean (FALSE);
  if (g_str_equal (name, "CanRaise"))
    return g_variant_new_boolean (TRUE);
  if (g_str_equal (name, "Identity"))
    return g_variant_new_string ("Piecework");
  if (g_str_equal (name, "DesktopEntry"))
    return g_variant_new_string (self->desktop_entry);
  if (g_str_equal (name, "SupportedUriSchemes") || g_str_equal (name, "SupportedMimeTypes"))
    return g_variant_new_strv (none, 0);
  return NULL;
}

static GVariant *
get_player_property (PwMediaKeys *self,
                     const char  *name)
{
  gboolean has_player = self->player != NULL;

  if (g_str_equal (name, "PlaybackStatus"))
    return g_variant_new_string (playback_status (self));
  if (g_str_equal (name, "Rate"))
    return g_variant_new_double (has_player ? pw_audio_player_get_rate (self->player) : 1.0);
  if (g_str_equal (name, "Metadata"))
    return metadata (self);
  if (g_str_equal (name, "Volume"))
    return g_variant_new_double (1.0);
  if (g_str_equal (name, "Position"))
    return g_variant_new_int64 (has_player ? to_microseconds (pw_audio_player_get_position (self->player)) : 0);
  if (g_str_equal (name, "MinimumRate"))
    return g_variant_new_double (PW_AUDIO_PLAYER_MIN_RATE);
  if (g_str_equal (name, "MaximumRate"))
    return g_variant_new_double (PW_AUDIO_PLAYER_MAX_RATE);
  if (g_str_equal (name, "CanGoNext") || g_str_equal (name, "CanGoPrevious"))
    return g_variant_new_boolean (FALSE);
  if (g_str_equal (name, "CanPlay") || g_str_equal (name, "CanPause")
      || g_str_equal (name, "CanSeek") || g_str_equal (name, "CanControl"))
    return g_variant_new_boolean (has_player);
  return NULL;
}

static GVariant *
get_property (GDBusConnection  *connection,
              const char       *sender,
              const char       *object_path,
              const char       *interface_name,
              const char       *property_name,
              GError          **error,
              gpointer          user_data)
{
  PwMediaKeys *self = user_data;
  GVariant *value = g_str_equal (interface_name, ROOT_INTERFACE)
                    ? get_root_property (self, property_name)
                    : get_player_property (self, property_name);

  if (value == NULL)
    g_set_error (error, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_PROPERTY,
                 "No property %s on %s", property_name, interface_name);
  return value;
}

static gboolean
set_property (GDBusConnection  *connection,
              const char       *sender,
              const char       *object_path,
              const char       *interface_name,
              const char       *property_name,
              GVariant         *value,
              GError          **error,
              gpointer          user_data)
{
  PwMediaKeys *self = user_data;

  if (g_str_equal (property_name, "Rate") && self->player != NULL)
    {
      double rate = g_variant_get_double (value);

      pw_audio_player_set_rate (self->player,
                                CLAMP (rate, PW_AUDIO_PLAYER_MIN_RATE, PW_AUDIO_PLAYER_MAX_RATE));
      return TRUE;
    }
  g_set_error (error, G_DBUS_ERROR, G_DBUS_ERROR_PROPERTY_READ_ONLY,
               "%s cannot be set now", property_name);
  return FALSE;
}

static void
emit_seeked (PwMediaKeys *self,
             double       position)
{
  g_dbus_connection_emit_signal (self->connection, NULL, OBJECT_PATH, PLAYER_INTERFACE, "Seeked",
                                 g_variant_new ("(x)", to_microseconds (position)), NULL);
}

static void
call_method (GDBusConnection       *connection,
             const char            *sender,
             const char            *object_path,
             const char            *interface_name,
             const char            *method_name,
             GVariant              *parameters,
             GDBusMethodInvocation *invocation,
             gpointer               user_data)
{
  PwMediaKeys *self = user_data;
  PwAudioPlayer *player = self->player;

  if (g_str_equal (method_name, "Raise"))
    {
      GApplication *app = g_application_get_default ();

      if (app != NULL)
        g_application_activate (app);
    }
  else if (g_str_equal (method_name, "Quit") || g_str_equal (method_name, "Next")
           || g_str_equal (method_name, "Previous") || g_str_equal (method_name, "OpenUri"))
    {
      /* CanQuit, CanGoNext and CanGoPrevious are false: the player goes
       * on with the task it has. */
    }
  else if (player == NULL)
    {
      /* A key pressed as the recording closed. */
    }
  else if (g_str_equal (method_name, "PlayPause"))
    pw_audio_player_toggle (player);
  else if (g_str_equal (method_name, "Play"))
    pw_audio_player_play (player);
  else if (g_str_equal (method_name, "Pause") || g_str_equal (method_name, "Stop"))
    pw_audio_player_pause (player);
  else if (g_str_equal (method_name, "Seek"))
    {
      gint64 offset;
      double position;

      g_variant_get (parameters, "(x)", &offset);
      position = CLAMP (pw_audio_player_get_position (player) + (double) offset / G_USEC_PER_SEC,
                        0.0, pw_audio_player_get_duration (player));
      pw_audio_player_seek (player, position);
      emit_seeked (self, position);
    }
  else if (g_str_equal (method_name, "SetPosition"))
    {
      const char *track;
      gint64 position;

      g_variant_get (parameters, "(&ox)", &track, &position);
      /* The specification asks to ignore a stale track or a position past
       * the end. */
      if (g_str_equal (track, TRACK_PATH) && position >= 0
          && position <= to_microseconds (pw_audio_player_get_duration (player)))
        {
          pw_audio_player_seek (player, (double) position / G_USEC_PER_SEC);
          emit_seeked (self, (double) position / G_USEC_PER_SEC);
        }
    }

  g_dbus_method_invocation_return_value (invocation, NULL);
}

static const GDBusInterfaceVTable vtable = { call_method, get_property, set_property, { 0 } };

static void
emit_changed (PwMediaKeys *self,
              const char  *first_name,
              ...)
{
  GVariantBuilder changed;
  va_list args;

  if (!self->owned)
    return;

  g_variant_builder_init (&changed, G_VARIANT_TYPE ("a{sv}"));
  va_start (args, first_name);
  for (const char *name = first_name; name != NULL; name = va_arg (args, const char *))
    g_variant_builder_add (&changed, "{sv}", name, get_player_property (self, name));
  va_end (args);

  g_dbus_connection_emit_signal (self->connection, NULL, OBJECT_PATH,
                                 "org.freedesktop.DBus.Properties", "PropertiesChanged",
                                 g_variant_new ("(sa{sv}as)", PLAYER_INTERFACE, &changed, NULL),
                                 NULL);
}

static void
on_player_notify (PwMediaKeys *self,
                  GParamSpec  *pspec)
{
  const char *name = g_param_spec_get_name (pspec);

  if (g_str_equal (name, "playing"))
    emit_changed (self, "PlaybackStatus", NULL);
  else if (g_str_equal (name, "rate"))
    emit_changed (self, "Rate", NULL);
  else if (g_str_equal (name, "duration") || g_str_equal (name, "ready"))
    emit_changed (self, "Metadata", "CanPlay", "CanPause", "CanSeek", NULL);
}

static void
on_name_acquired (GDBusConnection *connection,
                  const char      *name,
                  gpointer         user_data)
{
  PwMediaKeys *self = user_data;

  self->owned = TRUE;
  g_object_notify (G_OBJECT (self), "owned");
}

static void
on_name_lost (GDBusConnection *connection,
              const char      *name,
              gpointer         user_data)
{
  PwMediaKeys *self = user_data;

  /* Another copy of Piecework holds the name; this one's keys stay in
   * its window. */
  if (self->owned)
    {
      self->owned = FALSE;
      g_object_notify (G_OBJECT (self), "owned");
    }
}

static void
register_objects (PwMediaKeys *self)
{
  g_autoptr (GError) error = NULL;

  if (self->root_id != 0)
    return;
  self->root_id = g_dbus_connection_register_object (self->connection, OBJECT_PATH,
                                                     self->info->interfaces[0], &vtable,
                                                     self, NULL, &error);
  if (self->root_id != 0)
    self->player_id = g_dbus_connection_register_object (self->connection, OBJECT_PATH,
                                                         self->info->interfaces[1], &vtable,
                                                         self, NULL, &error);
  if (self->player_id == 0)
    g_warning ("The media keys are not offered on the session bus: %s", error->message);
}

static void
unregister_objects (PwMediaKeys *self)
{
  if (self->owner_id != 0)
    g_bus_unown_name (self->owner_id);
  self->owner_id = 0;
  if (self->owned)
    {
      self->owned = FALSE;
      g_object_notify (G_OBJECT (self), "owned");
    }
  if (self->player_id != 0)
    g_dbus_connection_unregister_object (self->connection, self->player_id);
  if (self->root_id != 0)
    g_dbus_connection_unregister_object (self->connection, self->root_id);
  self->player_id = self->root_id = 0;
}

static void
pw_media_keys_dispose (GObject *object)
{
  PwMediaKeys *self = PW_MEDIA_KEYS (object);

  if (self->player != NULL)
    g_clear_signal_handler (&self->notify_id, self->player);
  g_clear_object (&self->player);
  if (self->connection != NULL)
    unregister_objects (self);
  g_clear_object (&self->connection);
  g_clear_pointer (&self->info, g_dbus_node_info_unref);

  G_OBJECT_CLASS (pw_media_keys_parent_class)->dispose (object);
}

static void
pw_media_keys_finalize (GObject *object)
{
  PwMediaKeys *self = PW_MEDIA_KEYS (object);

  g_free (self->desktop_entry);
  g_free (self->title);

  G_OBJECT_CLASS (pw_media_keys_parent_class)->finalize (object);
}

static void
pw_media_keys_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  PwMediaKeys *self = PW_MEDIA_KEYS (object);

  switch (prop_id)
    {
    case 1:
      g_value_set_boolean (value, self->owned);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pw_media_keys_class_init (PwMediaKeysClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = pw_media_keys_dispose;
  object_class->finalize = pw_media_keys_finalize;
  object_class->get_property = pw_media_keys_get_property;

  g_object_class_install_property (object_class, 1,
    g_param_spec_boolean ("owned", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
}

static void
pw_media_keys_init (PwMediaKeys *self)
{
  g_autoptr (GError) error = NULL;

  self->info = g_dbus_node_info_new_for_xml (introspection_xml, &error);
  g_assert_no_error (error);
}

/**
 * pw_media_keys_new:
 * @connection: (nullable): the session bus, or %NULL where there is none
 *   (the keys then stay in the window)
 * @desktop_entry: the application's desktop file name without ".desktop"
 *
 * Returns: (transfer full): the media keys, holding no player
 */
PwMediaKeys *
pw_media_keys_new (GDBusConnection *connection,
                   const char      *desktop_entry)
{
  PwMediaKeys *self;

  g_return_val_if_fail (connection == NULL || G_IS_DBUS_CONNECTION (connection), NULL);
  g_return_val_if_fail (desktop_entry != NULL, NULL);

  self = g_object_new (PW_TYPE_MEDIA_KEYS, NULL);
  self->connection = connection != NULL ? g_object_ref (connection) : NULL;
  self->desktop_entry = g_strdup (desktop_entry);
  return self;
}

/**
 * pw_media_keys_set_player:
 * @player: (nullable): the player the keys control, or %NULL when no
 *   recording is open
 * @title: (nullable): what the desktop's media controls show, such as the
 *   task's project and id
 *
 * Takes the bus name while a player is set and gives it back when none is.
 */
void
pw_media_keys_set_player (PwMediaKeys   *self,
                          PwAudioPlayer *player,
                          const char    *title)
{
  g_return_if_fail (PW_IS_MEDIA_KEYS (self));
  g_return_if_fail (player == NULL || PW_IS_AUDIO_PLAYER (player));

  g_free (self->title);
  self->title = g_strdup (title);

  if (player != self->player)
    {
      if (self->player != NULL)
        g_clear_signal_handler (&self->notify_id, self->player);
      g_set_object (&self->player, player);
      if (player != NULL)
        self->notify_id = g_signal_connect_object (player, "notify", G_CALLBACK (on_player_notify),
                                                   self, G_CONNECT_SWAPPED);
    }

  if (self->connection == NULL)
    return;

  if (player == NULL)
    {
      unregister_objects (self);
      return;
    }

  register_objects (self);
  if (self->player_id != 0 && self->owner_id == 0)
    self->owner_id = g_bus_own_name_on_connection (self->connection, PW_MEDIA_KEYS_BUS_NAME,
                                                   G_BUS_NAME_OWNER_FLAGS_DO_NOT_QUEUE,
                                                   on_name_acquired, on_name_lost, self, NULL);
  emit_changed (self, "PlaybackStatus", "Metadata", "Rate", "CanPlay", "CanPause", "CanSeek",
                "CanControl", NULL);
}

/**
 * pw_media_keys_get_player:
 *
 * Returns: (transfer none) (nullable): the player the keys control
 */
PwAudioPlayer *
pw_media_keys_get_player (PwMediaKeys *self)
{
  g_return_val_if_fail (PW_IS_MEDIA_KEYS (self), NULL);
  return self->player;
}

/**
 * pw_media_keys_is_owned:
 *
 * Returns: %TRUE while the desktop can reach the player by its bus name
 */
gboolean
pw_media_keys_is_owned (PwMediaKeys *self)
{
  g_return_val_if_fail (PW_IS_MEDIA_KEYS (self), FALSE);
  return self->owned;
}
