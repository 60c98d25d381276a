/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n-lib.h>

#include "pw-error.h"
#include "pw-market-client-private.h"

/* Downloads a task's image or recording into the media cache. The file is
 * named by the SHA-256 of its content, never by anything the marketplace
 * chose. It is written to a partial file first, its size and checksum
 * checked while it streams, and only a complete, matching file is renamed
 * into place; a partial file is deleted on any failure. */

#define CHUNK (64 * 1024)

typedef struct
{
  PwMedia              *media;
  GFile                *cache_dir;
  PwMarketProgressFunc  progress;
  gpointer              progress_data;
  GUri                 *uri;
  goffset               limit;
  goffset               total;
  goffset               received;
  GInputStream         *input;
  GFile                *partial;
  GFileOutputStream    *output;
  GChecksum            *checksum;
  GFile                *target;
  GError               *error;
} Fetch;

static void
fetch_free (gpointer data)
{
  Fetch *fetch = data;

  pw_media_unref (fetch->media);
  g_object_unref (fetch->cache_dir);
  g_clear_pointer (&fetch->uri, g_uri_unref);
  g_clear_object (&fetch->input);
  g_clear_object (&fetch->partial);
  g_clear_object (&fetch->output);
  g_clear_pointer (&fetch->checksum, g_checksum_free);
  g_clear_object (&fetch->target);
  g_clear_error (&fetch->error);
  g_free (fetch);
}

static void
on_partial_deleted (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  Fetch *fetch = g_task_get_task_data (task);

  /* A partial file that cannot be deleted is left for the cache's
   * clean-up; the download's own error is what the caller needs. */
  g_file_delete_finish (G_FILE (source), result, NULL);
  g_task_return_error (task, g_steal_pointer (&fetch->error));
}

static void
on_partial_closed (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  GTask *task = user_data;
  Fetch *fetch = g_task_get_task_data (task);

  g_output_stream_close_finish (G_OUTPUT_STREAM (source), result, NULL);
  g_file_delete_async (fetch->partial, G_PRIORITY_DEFAULT, NULL, on_partial_deleted, task);
}

/* Ends the download with @error, removing the partial file first. Takes
 * the reference of @task. Neither step is cancellable: a cancelled
 * download must still clean up after itself. */
static void
fetch_fail (GTask  *task,
            GError *error)
{
  Fetch *fetch = g_task_get_task_data (task);

  fetch->error = error;
  if (fetch->output != NULL && !g_output_stream_is_closed (G_OUTPUT_STREAM (fetch->output)))
    g_output_stream_close_async (G_OUTPUT_STREAM (fetch->output), G_PRIORITY_DEFAULT, NULL,
                                 on_partial_closed, task);
  else if (fetch->partial != NULL)
    g_file_delete_async (fetch->partial, G_PRIORITY_DEFAULT, NULL, on_partial_deleted, task);
  else
    {
      g_task_return_error (task, g_steal_pointer (&fetch->error));
      g_object_unref (task);
    }
}

static void
on_moved (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  GTask *task = user_data;
  Fetch *fetch = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;

  if (!g_file_move_finish (G_FILE (source), result, &error))
    {
      GError *mapped = g_error_new (PW_ERROR, PW_ERROR_IO, _("Could not keep the downloaded media: %s"),
                                    error->message);
      fetch_fail (task, mapped);
      return;
    }
  g_task_return_pointer (task, g_object_ref (fetch->target), g_object_unref);
  g_object_unref (task);
}

static void
on_output_closed (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  GTask *task = user_data;
  Fetch *fetch = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  const char *expected = pw_media_get_sha256 (fetch->media);
  const char *actual;

  if (!g_output_stream_close_finish (G_OUTPUT_STREAM (source), result, &error))
    {
      fetch_fail (task, g_error_new (PW_ERROR, PW_ERROR_IO,
                                     _("Could not keep the downloaded media: %s"), error->message));
      return;
    }

  if (pw_media_get_bytes (fetch->media) >= 0 && fetch->received != pw_media_get_bytes (fetch->media))
    {
      g_autofree char *received = g_strdup_printf ("%" G_GINT64_FORMAT, (gint64) fetch->received);
      g_autofree char *announced = g_strdup_printf ("%" G_GINT64_FORMAT, pw_media_get_bytes (fetch->media));

      fetch_fail (task, g_error_new (PW_ERROR, PW_ERROR_INTEGRITY,
                                     _("The media has %s bytes, not the %s the marketplace announced; it was not kept."),
                                     received, announced));
      return;
    }

  actual = g_checksum_get_string (fetch->checksum);
  if (expected != NULL && g_strcmp0 (actual, expected) != 0)
    {
      fetch_fail (task, g_error_new_literal (PW_ERROR, PW_ERROR_INTEGRITY,
                                             _("The media does not match the checksum the marketplace announced; it was not kept.")));
      return;
    }

  fetch->target = g_file_get_child (fetch->cache_dir, actual);
  g_file_move_async (fetch->partial, fetch->target, G_FILE_COPY_OVERWRITE, G_PRIORITY_DEFAULT,
                     NULL, NULL, NULL, on_moved, task);
}

static void read_chunk (GTask *task);

static void
on_chunk_written (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  GTask *task = user_data;
  Fetch *fetch = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        fetch_fail (task, g_steal_pointer (&error));
      else
        fetch_fail (task, g_error_new (PW_ERROR,
                                       g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE)
                                         ? PW_ERROR_NO_SPACE : PW_ERROR_IO,
                                       _("Could not keep the downloaded media: %s"), error->message));
      return;
    }

  if (fetch->progress != NULL)
    fetch->progress (fetch->received, fetch->total, fetch->progress_data);
  read_chunk (task);
}

static void
on_chunk_read (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  GTask *task = user_data;
  Fetch *fetch = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) chunk = NULL;
  gsize size;

  chunk = g_input_stream_read_bytes_finish (G_INPUT_STREAM (source), result, &error);
  if (chunk == NULL)
    {
      GError *mapped = NULL;

      pw_market_set_network_error (&mapped, error);
      fetch_fail (task, mapped);
      return;
    }

  size = g_bytes_get_size (chunk);
  if (size == 0)
    {
      g_output_stream_close_async (G_OUTPUT_STREAM (fetch->output), G_PRIORITY_DEFAULT, NULL,
                                   on_output_closed, task);
      return;
    }

  if ((goffset) size > fetch->limit - fetch->received)
    {
      g_autofree char *announced = g_strdup_printf ("%" G_GINT64_FORMAT, pw_media_get_bytes (fetch->media));

      if (pw_media_get_bytes (fetch->media) >= 0)
        fetch_fail (task, g_error_new (PW_ERROR, PW_ERROR_INTEGRITY,
                                       _("The media is larger than the %s bytes the marketplace announced; it was not kept."),
                                       announced));
      else
        fetch_fail (task, g_error_new_literal (PW_ERROR, PW_ERROR_TOO_LARGE,
                                               _("The media is larger than 512 MiB; it was not kept.")));
      return;
    }

  fetch->received += size;
  g_checksum_update (fetch->checksum, g_bytes_get_data (chunk, NULL), size);
  g_output_stream_write_all_async (G_OUTPUT_STREAM (fetch->output),
                                   g_bytes_get_data (chunk, NULL), size, G_PRIORITY_DEFAULT,
                                   g_task_get_cancellable (task), on_chunk_written, task);
  /* The bytes must live until the write is done. */
  g_object_set_data_full (G_OBJECT (task), "chunk", g_steal_pointer (&chunk),
                          (GDestroyNotify) g_bytes_unref);
}

static void
read_chunk (GTask *task)
{
  Fetch *fetch = g_task_get_task_data (task);

  g_input_stream_read_bytes_async (fetch->input, CHUNK, G_PRIORITY_DEFAULT,
                                   g_task_get_cancellable (task), on_chunk_read, task);
}

static void
on_partial_created (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  GTask *task = user_data;
  Fetch *fetch = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;

  fetch->output = g_file_create_finish (G_FILE (source), result, &error);
  if (fetch->output == NULL)
    {
      g_clear_object (&fetch->partial);
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        fetch_fail (task, g_steal_pointer (&error));
      else
        fetch_fail (task, g_error_new (PW_ERROR, PW_ERROR_IO,
                                       _("Could not keep the downloaded media: %s"), error->message));
      return;
    }
  read_chunk (task);
}

static void
on_media_sent (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  GTask *task = user_data;
  Fetch *fetch = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  g_autoptr (SoupMessage) message = NULL;
  g_autofree char *name = NULL;
  SoupMessageHeaders *headers;
  goffset length = -1;

  fetch->input = pw_market_send_finish (PW_MARKET_CLIENT (source), result, &message, &error);
  if (fetch->input == NULL)
    {
      fetch_fail (task, g_steal_pointer (&error));
      return;
    }

  headers = soup_message_get_response_headers (message);
  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH)
    length = soup_message_headers_get_content_length (headers);
  if (length > fetch->limit)
    {
      g_autofree char *limit = g_strdup_printf ("%" G_GINT64_FORMAT, (gint64) fetch->limit);

      fetch_fail (task, g_error_new (PW_ERROR, pw_media_get_bytes (fetch->media) >= 0
                                                 ? PW_ERROR_INTEGRITY : PW_ERROR_TOO_LARGE,
                                     _("The media is larger than the %s bytes Piecework accepts for it; it was not kept."),
                                     limit));
      return;
    }
  fetch->total = pw_media_get_bytes (fetch->media) >= 0 ? pw_media_get_bytes (fetch->media) : length;

  /* The partial file's name is random too: never a server id. */
  {
    g_autofree char *uuid = g_uuid_string_random ();

    name = g_strconcat (".partial-", uuid, NULL);
  }
  fetch->partial = g_file_get_child (fetch->cache_dir, name);
  g_file_create_async (fetch->partial, G_FILE_CREATE_PRIVATE, G_PRIORITY_DEFAULT,
                       g_task_get_cancellable (task), on_partial_created, task);
}

static void
send_media (GTask *task)
{
  PwMarketClient *self = g_task_get_source_object (task);
  Fetch *fetch = g_task_get_task_data (task);

  pw_market_send_async (self, pw_market_request_new ("GET", fetch->uri, NULL),
                        g_task_get_cancellable (task), on_media_sent, task);
}

static void
on_cached_queried (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  GTask *task = user_data;
  Fetch *fetch = g_task_get_task_data (task);
  g_autoptr (GFileInfo) info = g_file_query_info_finish (G_FILE (source), result, NULL);

  /* The name is the checksum of what was checked when it was written. */
  if (info != NULL && g_file_info_get_file_type (info) == G_FILE_TYPE_REGULAR
      && (pw_media_get_bytes (fetch->media) < 0
          || g_file_info_get_size (info) == pw_media_get_bytes (fetch->media)))
    {
      g_task_return_pointer (task, g_object_ref (source), g_object_unref);
      g_object_unref (task);
      return;
    }
  if (g_task_return_error_if_cancelled (task))
    {
      g_object_unref (task);
      return;
    }
  send_media (task);
}

/**
 * pw_market_client_fetch_media_async:
 * @self: a #PwMarketClient
 * @media: the media of a task
 * @cache_dir: the folder of the media cache; it must exist
 * @progress: (nullable) (scope notified): called as bytes arrive
 * @progress_data: data for @progress, valid until @callback runs
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Downloads @media into @cache_dir, unless it is there already. The token
 * goes with the request only when the media is on the marketplace's own
 * origin. A download larger than announced, of another size or with
 * another checksum fails with %PW_ERROR_INTEGRITY and leaves no file; one
 * over %PW_MARKET_MEDIA_MAX_BYTES fails with %PW_ERROR_TOO_LARGE.
 */
void
pw_market_client_fetch_media_async (PwMarketClient        *self,
                                    PwMedia               *media,
                                    GFile                 *cache_dir,
                                    PwMarketProgressFunc   progress,
                                    gpointer               progress_data,
                                    GCancellable          *cancellable,
                                    GAsyncReadyCallback    callback,
                                    gpointer               user_data)
{
  GTask *task;
  Fetch *fetch;
  g_autoptr (GError) error = NULL;

  g_return_if_fail (PW_IS_MARKET_CLIENT (self));
  g_return_if_fail (media != NULL);
  g_return_if_fail (G_IS_FILE (cache_dir));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pw_market_client_fetch_media_async);
  fetch = g_new0 (Fetch, 1);
  fetch->media = pw_media_ref (media);
  fetch->cache_dir = g_object_ref (cache_dir);
  fetch->progress = progress;
  fetch->progress_data = progress_data;
  fetch->checksum = g_checksum_new (G_CHECKSUM_SHA256);
  fetch->total = -1;
  g_task_set_task_data (task, fetch, fetch_free);

  if (pw_media_get_bytes (media) > PW_MARKET_MEDIA_MAX_BYTES)
    {
      fetch_fail (task, g_error_new_literal (PW_ERROR, PW_ERROR_TOO_LARGE,
                                             _("The media is larger than 512 MiB; it was not kept.")));
      return;
    }
  fetch->limit = pw_media_get_bytes (media) >= 0 ? pw_media_get_bytes (media) : PW_MARKET_MEDIA_MAX_BYTES;

  fetch->uri = pw_market_client_resolve (self, pw_media_get_url (media), &error);
  if (fetch->uri == NULL)
    {
      fetch_fail (task, g_steal_pointer (&error));
      return;
    }

  if (pw_media_get_sha256 (media) != NULL)
    {
      g_autoptr (GFile) cached = g_file_get_child (cache_dir, pw_media_get_sha256 (media));

      g_file_query_info_async (cached, G_FILE_ATTRIBUTE_STANDARD_TYPE "," G_FILE_ATTRIBUTE_STANDARD_SIZE,
                               G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, G_PRIORITY_DEFAULT,
                               cancellable, on_cached_queried, task);
      return;
    }
  send_media (task);
}

/**
 * pw_market_client_fetch_media_finish:
 *
 * Returns: (transfer full): the file in the cache, or %NULL
 */
GFile *
pw_market_client_fetch_media_finish (PwMarketClient  *self,
                                     GAsyncResult    *result,
                                     GError         **error)
{
  g_return_val_if_fail (PW_IS_MARKET_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
