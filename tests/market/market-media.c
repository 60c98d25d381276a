/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "pw-market-client-private.h"
#include "pw-market-test.h"

/* Downloading a task's media into the cache: from the marketplace's origin
 * with the token and from another without it, refused when the size or the
 * SHA-256 is not what was announced or the address is not HTTPS, leaving no
 * partial file behind, capped in size, taken from the cache when it already
 * holds the right bytes, and on disk before its name is. */

#define CONTENT "not really a JPEG, but bytes all the same"
#define ENDLESS_BYTES (1024 * 1024)

/* Every fsync() of the program, by the path of what was synced, so that a
 * test can see what reached the disk before what. */
static GMutex synced_lock;
static GPtrArray *synced;

int
fsync (int fd)
{
  g_autofree char *link = g_strdup_printf ("/proc/self/fd/%d", fd);
  char *path = g_file_read_link (link, NULL);

  g_mutex_lock (&synced_lock);
  if (synced == NULL)
    synced = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (synced, path != NULL ? path : g_strdup ("?"));
  g_mutex_unlock (&synced_lock);
  return (int) syscall (SYS_fsync, fd);
}

/* Where @path was in the list of synced paths, or -1; the last time. */
static int
synced_at (const char *path,
           gboolean    prefix)
{
  int at = -1;

  g_mutex_lock (&synced_lock);
  for (guint i = 0; synced != NULL && i < synced->len; i++)
    {
      if (prefix ? g_str_has_prefix (synced->pdata[i], path) : g_str_equal (synced->pdata[i], path))
        at = (int) i;
    }
  g_mutex_unlock (&synced_lock);
  return at;
}

/* Serves CONTENT at /api/media/ok.jpg, a longer body at
 * /api/media/long.jpg and one that never ends at /api/media/endless.jpg,
 * and keeps what it was sent. */
static void
media_handler (SoupServer        *server,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  PwTestMarket *market = user_data;

  pw_test_market_record (market, msg);
  soup_server_message_set_status (msg, 200, NULL);
  if (g_str_equal (path, "/api/media/endless.jpg"))
    {
      /* Chunked, and never completed: a megabyte, then the stream stays
       * open as if more were coming. */
      char *endless = g_malloc0 (ENDLESS_BYTES);

      soup_message_headers_set_encoding (soup_server_message_get_response_headers (msg),
                                         SOUP_ENCODING_CHUNKED);
      soup_server_message_set_response (msg, "image/jpeg", SOUP_MEMORY_TAKE,
                                        endless, ENDLESS_BYTES);
    }
  else if (g_str_equal (path, "/api/media/long.jpg"))
    {
      /* Streamed without a length, so only counting the bytes catches it. */
      soup_message_headers_set_encoding (soup_server_message_get_response_headers (msg),
                                         SOUP_ENCODING_CHUNKED);
      soup_server_message_set_response (msg, "image/jpeg", SOUP_MEMORY_STATIC,
                                        CONTENT CONTENT, strlen (CONTENT CONTENT));
    }
  else if (g_str_equal (path, "/api/media/ok.jpg"))
    soup_server_message_set_response (msg, "image/jpeg", SOUP_MEMORY_STATIC,
                                      CONTENT, strlen (CONTENT));
  else
    pw_test_market_reply (msg, 404, NULL);
}

static char *
content_sha256 (void)
{
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, CONTENT, -1);
}

static void
on_progress (goffset  received,
             goffset  total,
             gpointer user_data)
{
  goffset *last = user_data;

  g_assert_cmpint (received, >, *last);
  g_assert_cmpint (total, ==, strlen (CONTENT));
  *last = received;
}

static GFile *
fetch (PwMarketClient *client,
       PwMedia        *media,
       const char     *dir,
       goffset        *progress,
       GError        **error)
{
  g_autoptr (GFile) cache = g_file_new_for_path (dir);
  g_autoptr (GAsyncResult) result = NULL;

  pw_market_client_fetch_media_async (client, media, cache,
                                      progress != NULL ? on_progress : NULL, progress,
                                      NULL, pw_test_on_done, &result);
  return pw_market_client_fetch_media_finish (client, pw_test_wait (&result), error);
}

static void
test_media_same_origin (void)
{
  g_autoptr (PwTestMarket) market = pw_test_market_new (media_handler, NULL);
  g_autofree char *dir = pw_test_make_dir ();
  g_autofree char *sha256 = content_sha256 ();
  g_autoptr (PwMedia) media = pw_media_new ("media/ok.jpg", sha256, strlen (CONTENT));
  g_autoptr (GError) error = NULL;
  g_autoptr (GFile) file = NULL;
  g_autoptr (GFile) again = NULL;
  g_autofree char *name = NULL;
  g_autofree char *contents = NULL;
  PwMarketClient *client = pw_test_client_new (market->base_url);
  goffset progress = 0;

  file = fetch (client, media, dir, &progress, &error);
  g_assert_no_error (error);
  name = g_file_get_basename (file);
  g_assert_cmpstr (name, ==, sha256);
  g_assert_true (g_file_load_contents (file, NULL, &contents, NULL, NULL, NULL));
  g_assert_cmpstr (contents, ==, CONTENT);
  g_assert_cmpint (progress, ==, strlen (CONTENT));
  g_assert_cmpuint (pw_test_count_files (dir), ==, 1);
  g_assert_cmpstr (market->last_path, ==, "/api/media/ok.jpg");
  g_assert_cmpstr (market->last_authorization, ==, "Bearer " PW_MARKET_TEST_TOKEN);

  /* Once in the cache, it is not fetched again. */
  again = fetch (client, media, dir, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_equal (file, again));
  g_assert_cmpuint (market->n_requests, ==, 1);

  pw_test_finalize (client);
  pw_test_remove_dir (dir);
}

static void
test_media_other_origin (void)
{
  g_autoptr (PwTestMarket) market = pw_test_market_new (media_handler, NULL);
  g_autoptr (PwTestMarket) cdn = pw_test_market_new (media_handler, NULL);
  g_autofree char *dir = pw_test_make_dir ();
  g_autofree char *url = g_strdup_printf ("%sapi/media/ok.jpg", cdn->base_url);
  g_autoptr (PwMedia) media = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GFile) file = NULL;
  g_autofree char *name = NULL;
  g_autofree char *sha256 = content_sha256 ();
  PwMarketClient *client = pw_test_client_new (market->base_url);

  /* http://127.0.0.1:PORT/api/api/media/ok.jpg is not what we want. */
  g_free (url);
  url = g_strdup_printf ("%s/api/media/ok.jpg", cdn->origin);
  media = pw_media_new (url, NULL, -1);

  file = fetch (client, media, dir, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cdn->n_requests, ==, 1);
  g_assert_null (cdn->last_authorization);
  g_assert_cmpuint (market->n_requests, ==, 0);
  /* Named by what it holds, even when nobody announced a checksum. */
  name = g_file_get_basename (file);
  g_assert_cmpstr (name, ==, sha256);

  pw_test_finalize (client);
  pw_test_remove_dir (dir);
}

static void
test_media_refused (void)
{
  g_autoptr (PwTestMarket) market = pw_test_market_new (media_handler, NULL);
  g_autofree char *dir = pw_test_make_dir ();
  g_autofree char *sha256 = content_sha256 ();
  const char *wrong = "0000000000000000000000000000000000000000000000000000000000000000";
  PwMarketClient *client = pw_test_client_new (market->base_url);
  const struct
  {
    const char *url;
    const char *sha256;
    gint64      bytes;
    int         code;
  } cases[] = {
    { "media/ok.jpg", wrong, -1, PW_ERROR_INTEGRITY },
    { "media/ok.jpg", wrong, strlen (CONTENT), PW_ERROR_INTEGRITY },
    { "media/ok.jpg", sha256, strlen (CONTENT) + 1, PW_ERROR_INTEGRITY },
    { "media/ok.jpg", NULL, 4, PW_ERROR_INTEGRITY },
    { "media/long.jpg", sha256, strlen (CONTENT), PW_ERROR_INTEGRITY },
    { "media/ok.jpg", NULL, PW_MARKET_MEDIA_MAX_BYTES + 1, PW_ERROR_TOO_LARGE },
    { "media/missing.jpg", NULL, -1, PW_ERROR_NOT_FOUND },
    { "http://media.example.com/t-1.jpg", NULL, -1, PW_ERROR_INSECURE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (PwMedia) media = pw_media_new (cases[i].url, cases[i].sha256, cases[i].bytes);
      g_autoptr (GError) error = NULL;
      g_autoptr (GFile) file = fetch (client, media, dir, NULL, &error);

      g_test_message ("%u: %s", i, error != NULL ? error->message : "no error");
      if (cases[i].code == PW_ERROR_INTEGRITY && cases[i].sha256 != NULL && cases[i].bytes >= 0
          && g_strcmp0 (cases[i].sha256, sha256) == 0)
        {
          g_autofree char *bytes = g_strdup_printf (" %" G_GINT64_FORMAT " ", cases[i].bytes);

          g_assert_nonnull (strstr (error->message, bytes));
        }
      g_assert_null (file);
      g_assert_error (error, PW_ERROR, cases[i].code);
      /* Nothing is left behind, not even a partial file. */
      g_assert_cmpuint (pw_test_count_files (dir), ==, 0);
    }

  pw_test_finalize (client);
  pw_test_remove_dir (dir);
}

static void
test_media_cancel (void)
{
  g_autoptr (PwTestMarket) market = pw_test_market_new (media_handler, NULL);
  g_autofree char *dir = pw_test_make_dir ();
  g_autoptr (GFile) cache = g_file_new_for_path (dir);
  g_autoptr (PwMedia) media = pw_media_new ("media/ok.jpg", NULL, -1);
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GFile) file = NULL;
  PwMarketClient *client = pw_test_client_new (market->base_url);

  pw_market_client_fetch_media_async (client, media, cache, NULL, NULL, cancellable,
                                      pw_test_on_done, &result);
  g_cancellable_cancel (cancellable);
  file = pw_market_client_fetch_media_finish (client, pw_test_wait (&result), &error);
  g_assert_null (file);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (pw_test_count_files (dir), ==, 0);

  g_clear_object (&result);
  pw_test_finalize (client);
  pw_test_remove_dir (dir);
}

/* Without an announced size, a download stops at the largest one
 * accepted, while it streams. */
static void
test_media_capped (void)
{
  g_autoptr (PwTestMarket) market = pw_test_market_new (media_handler, NULL);
  g_autofree char *dir = pw_test_make_dir ();
  g_autoptr (PwMedia) media = pw_media_new ("media/endless.jpg", NULL, -1);
  g_autoptr (GError) error = NULL;
  g_autoptr (GFile) file = NULL;
  PwMarketClient *client = pw_test_client_new (market->base_url);

  g_assert_cmpint (_pw_market_client_get_media_max_bytes (client), ==, PW_MARKET_MEDIA_MAX_BYTES);
  _pw_market_client_set_media_max_bytes (client, 64 * 1024);
  file = fetch (client, media, dir, NULL, &error);
  g_assert_null (file);
  g_assert_error (error, PW_ERROR, PW_ERROR_TOO_LARGE);
  g_assert_cmpstr (error->message, ==, "The media is larger than 64.0\u00a0KiB; it was not kept.");
  g_assert_cmpuint (pw_test_count_files (dir), ==, 0);

  pw_test_finalize (client);
  pw_test_remove_dir (dir);
}

/* A file in the cache is used only when it holds what its name says: one
 * of the announced size with other bytes, or one cut short where no size
 * was announced, is fetched again and replaced. */
static void
test_media_cache_checked (void)
{
  g_autoptr (PwTestMarket) market = pw_test_market_new (media_handler, NULL);
  g_autofree char *dir = pw_test_make_dir ();
  g_autofree char *sha256 = content_sha256 ();
  g_autofree char *cached = g_build_filename (dir, sha256, NULL);
  g_autofree char *same_size = g_strnfill (strlen (CONTENT), 'x');
  const struct
  {
    const char *stored;
    gint64      bytes;
  } cases[] = {
    { same_size, strlen (CONTENT) },
    { "not really", -1 },
    { "", -1 },
  };
  PwMarketClient *client = pw_test_client_new (market->base_url);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (PwMedia) media = pw_media_new ("media/ok.jpg", sha256, cases[i].bytes);
      g_autoptr (GError) error = NULL;
      g_autoptr (GFile) file = NULL;
      g_autofree char *contents = NULL;
      guint n_requests = market->n_requests;

      g_assert_true (g_file_set_contents (cached, cases[i].stored, -1, NULL));
      file = fetch (client, media, dir, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (market->n_requests, ==, n_requests + 1);
      g_assert_true (g_file_load_contents (file, NULL, &contents, NULL, NULL, NULL));
      g_assert_cmpstr (contents, ==, CONTENT);
      g_assert_cmpuint (pw_test_count_files (dir), ==, 1);

      /* Now that it holds the right bytes, it is used as it is. */
      g_clear_object (&file);
      file = fetch (client, media, dir, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (market->n_requests, ==, n_requests + 1);
    }

  pw_test_finalize (client);
  pw_test_remove_dir (dir);
}

/* The download reaches the disk before its name does, and the name
 * before the download is given back. */
static void
test_media_synced (void)
{
  g_autoptr (PwTestMarket) market = pw_test_market_new (media_handler, NULL);
  g_autofree char *dir = pw_test_make_dir ();
  g_autoptr (PwMedia) media = pw_media_new ("media/ok.jpg", NULL, strlen (CONTENT));
  g_autoptr (GError) error = NULL;
  g_autoptr (GFile) file = NULL;
  g_autofree char *partial = g_build_filename (dir, ".partial-", NULL);
  PwMarketClient *client = pw_test_client_new (market->base_url);
  int partial_at, folder_at;

  file = fetch (client, media, dir, NULL, &error);
  g_assert_no_error (error);
  partial_at = synced_at (partial, TRUE);
  folder_at = synced_at (dir, FALSE);
  g_assert_cmpint (partial_at, >=, 0);
  g_assert_cmpint (folder_at, >, partial_at);

  pw_test_finalize (client);
  pw_test_remove_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/market/media/same-origin", test_media_same_origin);
  g_test_add_func ("/market/media/other-origin", test_media_other_origin);
  g_test_add_func ("/market/media/refused", test_media_refused);
  g_test_add_func ("/market/media/cancel", test_media_cancel);
  g_test_add_func ("/market/media/capped", test_media_capped);
  g_test_add_func ("/market/media/cache-checked", test_media_cache_checked);
  g_test_add_func ("/market/media/synced", test_media_synced);

  return g_test_run ();
}
