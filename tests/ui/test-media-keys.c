/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <math.h>
#include <stdlib.h>

#include "media/pw-audio-test.h"
#include "pw-media-keys.h"
#include "pw-ui-test.h"

/* Tests of the media keys: the desktop reaches the open recording's player
 * through MPRIS on the session bus, as GNOME's media keys and media
 * controls do, from a connection of its own. */

#define RATE 16000
#define SECONDS 6

static char *dir;

typedef struct
{
  PwAudioPlayer   *player;
  PwMediaKeys     *keys;
  GDBusConnection *desktop;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr (PwTestSound) sound = pw_test_sound_new (PW_TEST_S16, 1, RATE, (gsize) SECONDS * RATE,
                                                     SECONDS);
  g_autoptr (GBytes) wav = pw_test_sound_to_wav (sound);
  g_autofree char *path = pw_test_write (dir, "speech.wav", wav);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (GDBusConnection) bus = NULL;
  g_autoptr (GError) error = NULL;
  const char *address = g_getenv ("DBUS_SESSION_BUS_ADDRESS");

  g_assert_nonnull (address);
  fixture->player = pw_audio_player_new (file, "fakesink sync=true");
  PW_UI_TEST_WAIT_UNTIL (pw_audio_player_is_ready (fixture->player), 20);

  bus = g_dbus_connection_new_for_address_sync (address,
                                                G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT
                                                | G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                                NULL, NULL, &error);
  g_assert_no_error (error);
  fixture->keys = pw_media_keys_new (bus, "org.piecework.Piecework");
  fixture->desktop = g_dbus_connection_new_for_address_sync (address,
                                                             G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT
                                                             | G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                                             NULL, NULL, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gpointer weak_player = fixture->player;

  g_clear_object (&fixture->keys);
  g_object_add_weak_pointer (G_OBJECT (fixture->player), &weak_player);
  g_clear_object (&fixture->player);
  PW_UI_TEST_WAIT_UNTIL (weak_player == NULL, 20);
  g_dbus_connection_close_sync (fixture->desktop, NULL, NULL);
  g_clear_object (&fixture->desktop);
}

static gboolean done;
static GVariant *reply;

static void
on_reply (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr (GError) error = NULL;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &error);
  g_assert_no_error (error);
  done = TRUE;
}

/* Calls as the desktop does, letting the main loop run meanwhile: the
 * player answers on this thread. */
static GVariant *
call (Fixture    *fixture,
      const char *interface,
      const char *method,
      GVariant   *parameters)
{
  done = FALSE;
  reply = NULL;
  g_dbus_connection_call (fixture->desktop, PW_MEDIA_KEYS_BUS_NAME, "/org/mpris/MediaPlayer2",
                          interface, method, parameters, NULL, G_DBUS_CALL_FLAGS_NONE, 10000,
                          NULL, on_reply, NULL);
  PW_UI_TEST_WAIT_UNTIL (done, 20);
  return g_steal_pointer (&reply);
}

static void
press (Fixture    *fixture,
       const char *method,
       GVariant   *parameters)
{
  g_autoptr (GVariant) answer = call (fixture, "org.mpris.MediaPlayer2.Player", method, parameters);
}

static GVariant *
get (Fixture    *fixture,
     const char *name)
{
  g_autoptr (GVariant) answer = call (fixture, "org.freedesktop.DBus.Properties", "Get",
                                      g_variant_new ("(ss)", "org.mpris.MediaPlayer2.Player", name));
  GVariant *value;

  g_variant_get (answer, "(v)", &value);
  return value;
}

static gboolean
name_has_owner (Fixture *fixture)
{
  g_autoptr (GVariant) answer = g_dbus_connection_call_sync (fixture->desktop, "org.freedesktop.DBus",
                                                             "/org/freedesktop/DBus",
                                                             "org.freedesktop.DBus", "NameHasOwner",
                                                             g_variant_new ("(s)", PW_MEDIA_KEYS_BUS_NAME),
                                                             G_VARIANT_TYPE ("(b)"),
                                                             G_DBUS_CALL_FLAGS_NONE, 10000, NULL, NULL);
  gboolean owned = FALSE;

  g_assert_nonnull (answer);
  g_variant_get (answer, "(b)", &owned);
  return owned;
}

static void
test_keys_reach_player (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr (GVariant) status = NULL;
  g_autoptr (GVariant) metadata = NULL;
  g_autoptr (GVariant) length = NULL;
  g_autoptr (GVariant) identity = NULL;
  g_autoptr (GVariant) answer = NULL;
  gint64 microseconds = 0;

  /* No recording open: no player on the bus. */
  g_assert_false (name_has_owner (fixture));

  pw_media_keys_set_player (fixture->keys, fixture->player, "Speech — t-1");
  PW_UI_TEST_WAIT_UNTIL (pw_media_keys_is_owned (fixture->keys), 20);
  g_assert_true (name_has_owner (fixture));

  status = get (fixture, "PlaybackStatus");
  g_assert_cmpstr (g_variant_get_string (status, NULL), ==, "Paused");
  metadata = get (fixture, "Metadata");
  length = g_variant_lookup_value (metadata, "mpris:length", G_VARIANT_TYPE_INT64);
  g_assert_nonnull (length);
  g_assert_cmpint (g_variant_get_int64 (length), ==, SECONDS * G_USEC_PER_SEC);
  answer = call (fixture, "org.freedesktop.DBus.Properties", "Get",
                 g_variant_new ("(ss)", "org.mpris.MediaPlayer2", "Identity"));
  g_variant_get (answer, "(v)", &identity);
  g_assert_cmpstr (g_variant_get_string (identity, NULL), ==, "Piecework");

  /* The play/pause key. */
  press (fixture, "PlayPause", NULL);
  PW_UI_TEST_WAIT_UNTIL (pw_audio_player_get_playing (fixture->player), 20);
  g_clear_pointer (&status, g_variant_unref);
  status = get (fixture, "PlaybackStatus");
  g_assert_cmpstr (g_variant_get_string (status, NULL), ==, "Playing");
  press (fixture, "Pause", NULL);
  PW_UI_TEST_WAIT_UNTIL (!pw_audio_player_get_playing (fixture->player), 20);

  /* Seeking from the desktop's controls; a stale track is ignored. */
  press (fixture, "SetPosition",
                g_variant_new ("(ox)", "/org/piecework/Piecework/Recording",
                               (gint64) 4 * G_USEC_PER_SEC));
  PW_UI_TEST_WAIT_UNTIL (!pw_audio_player_is_seeking (fixture->player)
                         && fabs (pw_audio_player_get_position (fixture->player) - 4.0) < 0.01, 20);
  press (fixture, "Seek",
                g_variant_new ("(x)", (gint64) -3 * G_USEC_PER_SEC));
  PW_UI_TEST_WAIT_UNTIL (!pw_audio_player_is_seeking (fixture->player)
                         && fabs (pw_audio_player_get_position (fixture->player) - 1.0) < 0.01, 20);
  press (fixture, "SetPosition",
                g_variant_new ("(ox)", "/org/other/Track", (gint64) 5 * G_USEC_PER_SEC));
  pw_ui_test_iterate (100);
  g_assert_cmpfloat_with_epsilon (pw_audio_player_get_position (fixture->player), 1.0, 0.01);
  {
    g_autoptr (GVariant) position = get (fixture, "Position");

    microseconds = g_variant_get_int64 (position);
  }
  g_assert_cmpint (llabs (microseconds - G_USEC_PER_SEC), <, 10000);

  /* The recording closes: the desktop no longer lists a player. */
  pw_media_keys_set_player (fixture->keys, NULL, NULL);
  g_assert_false (pw_media_keys_is_owned (fixture->keys));
  PW_UI_TEST_WAIT_UNTIL (!name_has_owner (fixture), 20);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr (GError) error = NULL;
  int status;

  pw_ui_test_init (&argc, &argv);
  dir = g_dir_make_tmp ("pw-media-keys-XXXXXX", &error);
  g_assert_no_error (error);

  g_test_add ("/media-keys/reach-player", Fixture, NULL,
              fixture_set_up, test_keys_reach_player, fixture_tear_down);

  status = g_test_run ();
  pw_test_remove_dir (dir);
  g_free (dir);
  return status;
}
