/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "pw-error.h"
#include "pw-paths.h"

/* Where the worker's data lives. The store holds work and money and must
 * survive; the cache holds media that can be fetched again. Both are private
 * to the user (0700): they hold tasks under the marketplaces' terms. */

/**
 * pw_paths_data_dir:
 *
 * Returns: (transfer full): `$XDG_DATA_HOME/piecework`
 */
char *
pw_paths_data_dir (void)
{
  return g_build_filename (g_get_user_data_dir (), "piecework", NULL);
}

/**
 * pw_paths_cache_dir:
 *
 * Returns: (transfer full): `$XDG_CACHE_HOME/piecework`
 */
char *
pw_paths_cache_dir (void)
{
  return g_build_filename (g_get_user_cache_dir (), "piecework", NULL);
}

/**
 * pw_paths_store_file:
 *
 * Returns: (transfer full): the path of the SQLite store
 */
char *
pw_paths_store_file (void)
{
  g_autofree char *dir = pw_paths_data_dir ();

  return g_build_filename (dir, "piecework.db", NULL);
}

/**
 * pw_paths_ensure_dir:
 * @path: a folder
 * @error: return location for a #GError
 *
 * Makes @path and its parents, private to the user, unless it exists.
 *
 * Returns: %TRUE when @path is a folder afterwards
 */
gboolean
pw_paths_ensure_dir (const char  *path,
                     GError     **error)
{
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (g_mkdir_with_parents (path, 0700) != 0)
    {
      int errsv = errno;

      pw_error_from_errno (error, errsv, _("Could not create the folder “%s”"), path);
      return FALSE;
    }

  if (!g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, PW_ERROR, PW_ERROR_IO,
                   _("“%s” is not a folder. Move it away, then start Piecework again."), path);
      return FALSE;
    }

  return TRUE;
}
