/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gstdio.h>
#include <sys/stat.h>

#include "piecework-engine.h"

/* Where the data lives: the data folder, the cache and the store follow the
 * XDG base directories, and a folder is made private to the user, or
 * refused clearly when a file is in the way. */

static void
test_paths_follow_xdg (void)
{
  g_autofree char *data = pw_paths_data_dir ();
  g_autofree char *cache = pw_paths_cache_dir ();
  g_autofree char *store = pw_paths_store_file ();
  g_autofree char *expected_data = g_build_filename (g_get_user_data_dir (), "piecework", NULL);
  g_autofree char *expected_cache = g_build_filename (g_get_user_cache_dir (), "piecework", NULL);

  g_assert_cmpstr (data, ==, expected_data);
  g_assert_cmpstr (cache, ==, expected_cache);
  g_assert_true (g_str_has_prefix (store, data));
  g_assert_true (g_str_has_suffix (store, ".db"));
}

static void
test_paths_ensure_dir (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *base = g_dir_make_tmp ("pw-paths-XXXXXX", &error);
  g_autofree char *nested = NULL;
  g_autofree char *file = NULL;
  g_autofree char *under_file = NULL;
  struct stat st;

  g_assert_no_error (error);
  nested = g_build_filename (base, "a", "b", NULL);

  g_assert_true (pw_paths_ensure_dir (nested, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (nested, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);

  /* Again: already there is fine. */
  g_assert_true (pw_paths_ensure_dir (nested, &error));
  g_assert_no_error (error);

  /* A plain file in the way is a clear error, not a crash. */
  file = g_build_filename (base, "file", NULL);
  g_assert_true (g_file_set_contents (file, "x", 1, NULL));
  g_assert_false (pw_paths_ensure_dir (file, &error));
  g_assert_error (error, PW_ERROR, PW_ERROR_IO);
  g_assert_nonnull (strstr (error->message, file));
  g_clear_error (&error);

  under_file = g_build_filename (file, "sub", NULL);
  g_assert_false (pw_paths_ensure_dir (under_file, &error));
  g_assert_nonnull (error);
  g_assert_true (error->domain == PW_ERROR);
  g_clear_error (&error);

  g_remove (file);
  g_rmdir (nested);
  g_free (g_steal_pointer (&nested));
  nested = g_build_filename (base, "a", NULL);
  g_rmdir (nested);
  g_rmdir (base);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/paths/follow-xdg", test_paths_follow_xdg);
  g_test_add_func ("/paths/ensure-dir", test_paths_ensure_dir);

  return g_test_run ();
}
