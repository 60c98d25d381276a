/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <errno.h>
#include <fcntl.h>
#include <gio/gfiledescriptorbased.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <unistd.h>

#include "pw-error.h"
#include "pw-market-client-private.h"

/* The media cache on the disk: a file is named by the SHA-256 of what it
 * holds. A name proves nothing by itself (a crash before the data reached
 * the disk leaves a short file under the right name, and anything may
 * write in the folder), so a cached file is used only once its size and
 * its checksum are checked again, and a download reaches its name only
 * after its data and the rename are on the disk. Both run in a thread. */

#define CHUNK (64 * 1024)

/**
 * _pw_market_media_check_cached:
 * @file: a file in the media cache
 * @sha256: the checksum the marketplace announced, which names @file
 * @bytes: the size announced, or -1
 *
 * Blocks: run it in a thread.
 *
 * Returns: %TRUE when @file is a regular file of @bytes bytes (when
 *   known) whose content has the checksum @sha256
 */
gboolean
_pw_market_media_check_cached (GFile        *file,
                               const char   *sha256,
                               gint64        bytes,
                               GCancellable *cancellable)
{
  g_autoptr (GFileInfo) info = NULL;
  g_autoptr (GFileInputStream) input = NULL;
  g_autoptr (GChecksum) checksum = NULL;
  g_autofree guchar *buffer = NULL;
  gssize n;

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_TYPE "," G_FILE_ATTRIBUTE_STANDARD_SIZE,
                            G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, cancellable, NULL);
  if (info == NULL || g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR
      || (bytes >= 0 && g_file_info_get_size (info) != bytes))
    return FALSE;

  input = g_file_read (file, cancellable, NULL);
  if (input == NULL)
    return FALSE;
  checksum = g_checksum_new (G_CHECKSUM_SHA256);
  buffer = g_malloc (CHUNK);
  while ((n = g_input_stream_read (G_INPUT_STREAM (input), buffer, CHUNK, cancellable, NULL)) > 0)
    g_checksum_update (checksum, buffer, n);
  if (n < 0)
    return FALSE;
  return g_strcmp0 (g_checksum_get_string (checksum), sha256) == 0;
}

static gboolean
sync_fd (int          fd,
         gboolean     is_folder,
         GError     **error)
{
  int result;

  do
    result = fsync (fd);
  while (result != 0 && errno == EINTR);

  /* Some file systems cannot sync a folder; the file itself was synced. */
  if (result != 0 && is_folder && (errno == EINVAL || errno == ENOTSUP))
    return TRUE;
  if (result != 0)
    {
      int errsv = errno;

      pw_error_from_errno (error, errsv, "%s", _("Could not keep the downloaded media"));
      return FALSE;
    }
  return TRUE;
}

/**
 * _pw_market_media_keep:
 * @output: the partial file's stream, written to the end and still open
 * @partial: the partial file
 * @target: its name in the cache
 * @error: return location for a #GError
 *
 * Puts a finished download in the cache so that a crash never leaves a
 * short file under its name: the data reaches the disk, then the file is
 * renamed, then the rename reaches the disk. Closes @output either way.
 * Blocks: run it in a thread.
 *
 * Returns: %TRUE when @target holds the download
 */
gboolean
_pw_market_media_keep (GFileOutputStream  *output,
                       GFile              *partial,
                       GFile              *target,
                       GError            **error)
{
  g_autoptr (GError) local_error = NULL;
  g_autoptr (GFile) folder = g_file_get_parent (target);
  g_autofree char *folder_path = g_file_get_path (folder);
  int fd;
  gboolean synced;

  synced = sync_fd (g_file_descriptor_based_get_fd (G_FILE_DESCRIPTOR_BASED (output)), FALSE, error);
  if (!g_output_stream_close (G_OUTPUT_STREAM (output), NULL, synced ? &local_error : NULL))
    {
      if (synced)
        g_set_error (error, PW_ERROR, g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NO_SPACE)
                                        ? PW_ERROR_NO_SPACE : PW_ERROR_IO,
                     _("Could not keep the downloaded media: %s"), local_error->message);
      return FALSE;
    }
  if (!synced)
    return FALSE;

  if (!g_file_move (partial, target, G_FILE_COPY_OVERWRITE | G_FILE_COPY_NO_FALLBACK_FOR_MOVE,
                    NULL, NULL, NULL, &local_error))
    {
      g_set_error (error, PW_ERROR, PW_ERROR_IO, _("Could not keep the downloaded media: %s"),
                   local_error->message);
      return FALSE;
    }

  fd = g_open (folder_path, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
  if (fd < 0)
    {
      int errsv = errno;

      pw_error_from_errno (error, errsv, "%s", _("Could not keep the downloaded media"));
      return FALSE;
    }
  synced = sync_fd (fd, TRUE, error);
  g_close (fd, NULL);
  return synced;
}
