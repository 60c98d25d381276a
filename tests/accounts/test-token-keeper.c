/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "piecework-engine.h"

/* Tokens in the keyring, with a real gnome-keyring-daemon started on the
 * test's private bus, and in memory when there is no keyring. */

#define TOKEN "tok-5f2a-very-secret-9c41"

static gboolean
run_until_done (GAsyncResult **result)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while (*result == NULL)
    {
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      g_main_context_iteration (NULL, TRUE);
    }
  return TRUE;
}

static void
keep_result (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static gboolean
store (PwTokenKeeper *keeper,
       const char    *id,
       const char    *token,
       GError       **error)
{
  g_autoptr (GAsyncResult) result = NULL;

  pw_token_keeper_store_async (keeper, id, "Demo", token, NULL, keep_result, &result);
  g_assert_true (run_until_done (&result));
  return pw_token_keeper_store_finish (keeper, result, error);
}

static char *
lookup (PwTokenKeeper *keeper,
        const char    *id)
{
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  char *token;

  pw_token_keeper_lookup_async (keeper, id, NULL, keep_result, &result);
  g_assert_true (run_until_done (&result));
  token = pw_token_keeper_lookup_finish (keeper, result, &error);
  g_assert_no_error (error);
  return token;
}

static void
clear (PwTokenKeeper *keeper,
       const char    *id)
{
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;

  pw_token_keeper_clear_async (keeper, id, NULL, keep_result, &result);
  g_assert_true (run_until_done (&result));
  g_assert_true (pw_token_keeper_clear_finish (keeper, result, &error));
  g_assert_no_error (error);
}

static void
test_token_keeper_without_keyring (void)
{
  PwTokenKeeper *keeper = pw_token_keeper_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *found = NULL;
  g_autofree char *missing = NULL;

  /* The test bus starts no service: there is no keyring. */
  g_assert_true (pw_token_keeper_get_persistent (keeper));
  g_assert_true (store (keeper, "a-1", TOKEN, &error));
  g_assert_no_error (error);
  g_assert_false (pw_token_keeper_get_persistent (keeper));
  g_assert_nonnull (strstr (pw_token_keeper_get_fallback_reason (keeper), "keyring"));

  found = lookup (keeper, "a-1");
  g_assert_cmpstr (found, ==, TOKEN);
  missing = lookup (keeper, "a-2");
  g_assert_null (missing);

  clear (keeper, "a-1");
  g_clear_pointer (&found, g_free);
  found = lookup (keeper, "a-1");
  g_assert_null (found);

  g_assert_finalize_object (keeper);
}

static gboolean
name_has_owner (const char *name)
{
  g_autoptr (GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autoptr (GVariant) reply = NULL;
  gboolean owned = FALSE;

  if (bus == NULL)
    return FALSE;
  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "NameHasOwner",
                                       g_variant_new ("(s)", name), G_VARIANT_TYPE ("(b)"),
                                       G_DBUS_CALL_FLAGS_NONE, -1, NULL, NULL);
  if (reply != NULL)
    g_variant_get (reply, "(b)", &owned);
  return owned;
}

static gboolean
file_contains (const char *dir,
               const char *needle)
{
  g_autoptr (GDir) listing = g_dir_open (dir, 0, NULL);
  const char *name;

  while (listing != NULL && (name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *contents = NULL;
      gsize length;

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        {
          if (file_contains (path, needle))
            return TRUE;
        }
      else if (g_file_get_contents (path, &contents, &length, NULL))
        {
          gsize n = strlen (needle);

          for (gsize i = 0; i + n <= length; i++)
            {
              if (memcmp (contents + i, needle, n) == 0)
                return TRUE;
            }
        }
    }
  return FALSE;
}

static void
test_token_keeper_keyring (void)
{
  const char *argv[] = { "gnome-keyring-daemon", "--foreground", "--components=secrets",
                         "--unlock", NULL };
  g_autoptr (GSubprocess) daemon = NULL;
  g_autoptr (GError) error = NULL;
  PwTokenKeeper *keeper;
  PwTokenKeeper *another;
  g_autofree char *found = NULL;
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  g_autofree char *program = g_find_program_in_path ("gnome-keyring-daemon");

  if (program == NULL)
    {
      g_test_skip ("gnome-keyring-daemon is not installed");
      return;
    }

  /* A login keyring, unlocked with the password given on its standard
   * input, on the test's bus. */
  daemon = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_SILENCE
                                      | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error);
  g_assert_no_error (error);
  g_output_stream_write_all (g_subprocess_get_stdin_pipe (daemon), "test", 4, NULL, NULL, NULL);
  g_output_stream_close (g_subprocess_get_stdin_pipe (daemon), NULL, NULL);
  while (!name_has_owner ("org.freedesktop.secrets"))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (50 * 1000);
    }

  keeper = pw_token_keeper_new ();
  g_assert_true (store (keeper, "a-7", TOKEN, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (pw_token_keeper_get_fallback_reason (keeper), ==, NULL);
  g_assert_true (pw_token_keeper_get_persistent (keeper));
  g_assert_finalize_object (keeper);

  /* Another keeper, with nothing in memory, finds it in the keyring. */
  another = pw_token_keeper_new ();
  found = lookup (another, "a-7");
  g_assert_cmpstr (found, ==, TOKEN);

  /* Nothing on disk holds the token in plain text. */
  g_assert_false (file_contains (g_get_user_data_dir (), TOKEN));
  g_assert_false (file_contains (g_get_user_config_dir (), TOKEN));

  clear (another, "a-7");
  g_clear_pointer (&found, g_free);
  found = lookup (another, "a-7");
  g_assert_null (found);
  g_assert_finalize_object (another);

  g_subprocess_force_exit (daemon);
  g_subprocess_wait (daemon, NULL, NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/token-keeper/without-keyring", test_token_keeper_without_keyring);
  g_test_add_func ("/token-keeper/keyring", test_token_keeper_keyring);

  return g_test_run ();
}
