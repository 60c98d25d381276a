/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n-lib.h>

#include "pw-error.h"
#include "pw-market-client-private.h"

/* Downloads a task's image or recording into the media cache. The file is
 * named by the SHA-256 of its content, never by anything the marketplace
 * chose. It is written to a partial file first, its size and checksum
 * checked while it streams, and only a complete, matching file is synced
 * and renamed into place (pw-market-media-cache.c); a partial file is
 * deleted on any failure. The download takes a turn on the account
 * (pw-market-turn.c) whose deadline grows with the bytes received. */

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
  PwMarketTurn         *turn;
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
  g_clear_pointer (&fetch->turn, _pw_market_turn_free);
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

  if (fetch->turn != NULL)
    error = _pw_market_turn_explain (fetch->turn, error,
                                     _("The marketplace took too long to send the media; it was not kept."));
  g_clear_pointer (&fetch->turn, _pw_market_turn_free);
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
keep_in_thread (GTask        *keep,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  Fetch *fetch = task_data;
  GError *error = NULL;

  if (_pw_market_media_keep (fetch->output, fetch->partial, fetch->target, &error))
    g_task_return_boolean (keep, TRUE);
  else
    g_task_return_error (keep, error);
}

static void
on_kept (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  GTask *task = user_data;
  Fetch *fetch = g_task_get_task_data (task);
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      fetch_fail (task, error);
      return;
    }
  g_task_return_pointer (task, g_object_ref (fetch->target), g_object_unref);
  g_object_unref (task);
}

/* The whole body is in the partial file: it is kept when it is what the
 * marketplace announced. */
static void
finish_download (GTask *task)
{
  Fetch *fetch = g_task_get_task_data (task);
  g_autoptr (GTask) keep = NULL;
  const char *expected = pw_media_get_sha256 (fetch->media);
  const char *actual;

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

  /* Nothing more comes from the marketplace: the next request may go
   * while the file reaches the disk. */
  g_clear_pointer (&fetch->turn, _pw_market_turn_free);
  fetch->target = g_file_get_child (fetch->cache_dir, actual);
  keep = g_task_new (NULL, NULL, on_kept, task);
  g_task_set_source_tag (keep, keep_in_thread);
  g_task_set_task_data (keep, fetch, NULL);
  g_task_run_in_thread (keep, keep_in_thread);
}

static GError *
too_large_error (goffset limit)
{
  g_autofree char *size = g_format_size_full (limit, G_FORMAT_SIZE_IEC_UNITS);

  return g_error_new (PW_ERROR, PW_ERROR_TOO_LARGE,
                      _("The media is larger than %s; it was not kept."), size);
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

      _pw_market_set_network_error (&mapped, error);
      fetch_fail (task, mapped);
      return;
    }

  size = g_bytes_get_size (chunk);
  if (size == 0)
    {
      finish_download (task);
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
        fetch_fail (task, too_large_error (fetch->limit));
      return;
    }

  fetch->received += size;
  _pw_market_turn_add_received (fetch->turn, size);
  g_checksum_update (fetch->checksum, g_bytes_get_data (chunk, NULL), size);
  g_output_stream_write_all_async (G_OUTPUT_STREAM (fetch->output),
                                   g_bytes_get_data (chunk, NULL), size, G_PRIORITY_DEFAULT,
                                   _pw_market_turn_get_cancellable (fetch->turn),
                                   on_chunk_written, task);
  /* The bytes must live until the write is done. */
  g_object_set_data_full (G_OBJECT (task), "chunk", g_steal_pointer (&chunk),
                          (GDestroyNotify) g_bytes_unref);
}

static void
read_chunk (GTask *task)
{
  Fetch *fetch = g_task_get_task_data (task);

  g_input_stream_read_bytes_async (fetch->input, CHUNK, G_PRIORITY_DEFAULT,
                                   _pw_market_turn_get_cancellable (fetch->turn),
                                   on_chunk_read, task);
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

  fetch->input = _pw_market_send_finish (PW_MARKET_CLIENT (source), result, &message, &error);
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
                       _pw_market_turn_get_cancellable (fetch->turn), on_partial_created, task);
}

static void
send_media (PwMarketTurn *turn,
            gpointer      user_data)
{
  GTask *task = user_data;
  PwMarketClient *self = g_task_get_source_object (task);
  Fetch *fetch = g_task_get_task_data (task);
  PwMarketRequest *request;
  GError *error = NULL;

  /* libsoup would keep a cancelled request waiting for a connection. */
  if (g_cancellable_set_error_if_cancelled (_pw_market_turn_get_cancellable (turn), &error))
    {
      fetch_fail (task, error);
      return;
    }
  request = _pw_market_request_new ("GET", fetch->uri, NULL);
  request->follow_other_origins = _pw_market_client_get_media_follows_other_origins (self);
  _pw_market_send_async (self, request, _pw_market_turn_get_cancellable (turn), on_media_sent, task);
}

static void
start_download (GTask *task)
{
  PwMarketClient *self = g_task_get_source_object (task);
  Fetch *fetch = g_task_get_task_data (task);

  fetch->turn = _pw_market_turn_new (self, g_task_get_cancellable (task),
                                     pw_market_client_get_deadline (self), PW_MARKET_MEDIA_MIN_RATE);
  _pw_market_turn_start (fetch->turn, send_media, task);
}

static void
check_cached_in_thread (GTask        *check,
                        gpointer      source_object,
                        gpointer      task_data,
                        GCancellable *cancellable)
{
  Fetch *fetch = task_data;
  g_autoptr (GFile) cached = g_file_get_child (fetch->cache_dir, pw_media_get_sha256 (fetch->media));

  if (_pw_market_media_check_cached (cached, pw_media_get_sha256 (fetch->media),
                                     pw_media_get_bytes (fetch->media), cancellable))
    g_task_return_pointer (check, g_steal_pointer (&cached), g_object_unref);
  else
    g_task_return_pointer (check, NULL, NULL);
}

static void
on_cached_checked (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  GTask *task = user_data;
  g_autoptr (GFile) cached = g_task_propagate_pointer (G_TASK (result), NULL);

  if (cached != NULL)
    {
      g_task_return_pointer (task, g_steal_pointer (&cached), g_object_unref);
      g_object_unref (task);
      return;
    }
  if (g_task_return_error_if_cancelled (task))
    {
      g_object_unref (task);
      return;
    }
  /* Missing, or not what its name says: fetched again, and replaced. */
  start_download (task);
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

  if (pw_media_get_bytes (media) > _pw_market_client_get_media_max_bytes (self))
    {
      fetch_fail (task, too_large_error (_pw_market_client_get_media_max_bytes (self)));
      return;
    }
  /* Without an announced size, the download stops at the largest one
   * accepted, however long the marketplace streams. */
  fetch->limit = pw_media_get_bytes (media) >= 0 ? pw_media_get_bytes (media)
                                                 : _pw_market_client_get_media_max_bytes (self);

  fetch->uri = _pw_market_client_resolve (self, pw_media_get_url (media), &error);
  if (fetch->uri == NULL)
    {
      fetch_fail (task, g_steal_pointer (&error));
      return;
    }

  /* Only a checksum names a file the cache may already hold. */
  if (pw_media_get_sha256 (media) != NULL)
    {
      g_autoptr (GTask) check = g_task_new (NULL, cancellable, on_cached_checked, task);

      g_task_set_source_tag (check, check_cached_in_thread);
      g_task_set_task_data (check, fetch, NULL);
      g_task_run_in_thread (check, check_cached_in_thread);
      return;
    }
  start_download (task);
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
