/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>

#include "pw-error.h"
#include "pw-file-write.h"

/* Files other tools read: labelme JSON beside the images, and exports.
 * Each is written to a temporary file, flushed, and renamed over the old
 * one, so a crash or a full disk leaves either the old file or the new one,
 * never half of either. */

/**
 * pw_file_error_to_pw:
 * @error: return location for a #GError in %PW_ERROR
 * @file_error: a %G_FILE_ERROR from writing @name
 * @name: the file, for the message
 *
 * A full disk becomes %PW_ERROR_NO_SPACE, a missing folder
 * %PW_ERROR_NOT_FOUND, anything else %PW_ERROR_IO.
 */
void
pw_file_error_to_pw (GError     **error,
                     GError      *file_error,
                     const char  *name)
{
  g_return_if_fail (file_error != NULL);

  if (g_error_matches (file_error, G_FILE_ERROR, G_FILE_ERROR_NOSPC))
    pw_error_from_errno (error, ENOSPC, _("Could not save “%s”"), name);
  else
    g_set_error (error, PW_ERROR,
                 g_error_matches (file_error, G_FILE_ERROR, G_FILE_ERROR_NOENT)
                   ? PW_ERROR_NOT_FOUND : PW_ERROR_IO,
                 _("Could not save “%s”: %s"), name, file_error->message);
}

/**
 * pw_file_write_durably:
 * @file: a local file
 * @contents: what it will hold
 * @length: the length of @contents
 * @error: return location for a #GError
 *
 * Replaces @file atomically and waits until it is on disk.
 *
 * Returns: %TRUE on success; a full disk is %PW_ERROR_NO_SPACE
 */
gboolean
pw_file_write_durably (GFile       *file,
                       const char  *contents,
                       gsize        length,
                       GError     **error)
{
  g_autofree char *path = NULL;
  g_autofree char *name = NULL;
  g_autoptr (GError) local_error = NULL;

  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (contents != NULL || length == 0, FALSE);

  name = g_file_get_parse_name (file);
  path = g_file_get_path (file);
  if (path == NULL)
    {
      g_set_error (error, PW_ERROR, PW_ERROR_UNSUPPORTED,
                   _("Could not save “%s”: it is not a local file"), name);
      return FALSE;
    }

  if (!g_file_set_contents_full (path, contents, length,
                                 G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                 0666, &local_error))
    {
      pw_file_error_to_pw (error, local_error, name);
      return FALSE;
    }

  return TRUE;
}
