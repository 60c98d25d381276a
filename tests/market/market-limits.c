/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "pw-market-client-private.h"
#include "pw-market-test.h"

/* What one account may cost: a deadline for every request, however slowly
 * the marketplace trickles its answer; at most four requests in flight;
 * and answers no larger than their call needs. */

#define ME "{\"worker_id\": \"w-17\", \"name\": \"Ana\", \"currency\": \"USD\"}"
#define MEDIA "bytes of an image"

/* A marketplace on a bare socket that sends its answer in drips: @chunk
 * bytes every @interval_ms, the headers too unless @headers_at_once. */

typedef struct
{
  GSocketService *service;
  char           *base_url;
  GString        *answer;
  gsize           header_length;
  gboolean        headers_at_once;
  gsize           chunk;
  guint           interval_ms;
  GPtrArray      *drips;
  GCancellable   *cancellable;
} DripServer;

typedef struct
{
  DripServer        *server;
  GSocketConnection *connection;
  gsize              sent;
  gboolean           writing;
  gboolean           closed;
  guint              timer;
} Drip;

static void
drip_free (gpointer data)
{
  Drip *drip = data;

  g_clear_handle_id (&drip->timer, g_source_remove);
  g_io_stream_close (G_IO_STREAM (drip->connection), NULL, NULL);
  g_object_unref (drip->connection);
  g_free (drip);
}

static void
on_drip_written (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Drip *drip = user_data;
  gsize written = 0;

  drip->writing = FALSE;
  /* A client that gave up closes the connection: the drip stops. */
  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, &written, NULL))
    drip->closed = TRUE;
  drip->sent += written;
}

static void
drip_write (Drip  *drip,
            gsize  length)
{
  GOutputStream *output = g_io_stream_get_output_stream (G_IO_STREAM (drip->connection));

  length = MIN (length, drip->server->answer->len - drip->sent);
  if (length == 0 || drip->writing || drip->closed)
    return;
  drip->writing = TRUE;
  g_output_stream_write_all_async (output, drip->server->answer->str + drip->sent, length,
                                   G_PRIORITY_DEFAULT, drip->server->cancellable,
                                   on_drip_written, drip);
}

static gboolean
on_drip_tick (gpointer user_data)
{
  Drip *drip = user_data;

  drip_write (drip, drip->server->chunk);
  return G_SOURCE_CONTINUE;
}

static gboolean
on_incoming (GSocketService    *service,
             GSocketConnection *connection,
             GObject           *source_object,
             gpointer           user_data)
{
  DripServer *server = user_data;
  Drip *drip = g_new0 (Drip, 1);

  drip->server = server;
  drip->connection = g_object_ref (connection);
  g_ptr_array_add (server->drips, drip);
  if (server->headers_at_once)
    drip_write (drip, server->header_length);
  drip->timer = g_timeout_add (server->interval_ms, on_drip_tick, drip);
  return TRUE;
}

static DripServer *
drip_server_new (gsize       body_length,
                 gboolean    headers_at_once,
                 gsize       chunk,
                 guint       interval_ms)
{
  DripServer *server = g_new0 (DripServer, 1);
  g_autoptr (GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr (GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr (GSocketAddress) bound = NULL;
  g_autoptr (GError) error = NULL;

  server->service = g_socket_service_new ();
  g_socket_listener_add_address (G_SOCKET_LISTENER (server->service), address,
                                 G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL, &bound, &error);
  g_assert_no_error (error);
  server->base_url = g_strdup_printf ("http://127.0.0.1:%u/api/",
                                      g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  server->answer = g_string_new (NULL);
  g_string_append_printf (server->answer,
                          "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                          "Content-Length: %" G_GSIZE_FORMAT "\r\n\r\n", body_length);
  server->header_length = server->answer->len;
  for (gsize i = 0; i < body_length; i++)
    g_string_append_c (server->answer, ' ');
  server->headers_at_once = headers_at_once;
  server->chunk = chunk;
  server->interval_ms = interval_ms;
  server->drips = g_ptr_array_new_with_free_func (drip_free);
  server->cancellable = g_cancellable_new ();
  g_signal_connect (server->service, "incoming", G_CALLBACK (on_incoming), server);
  g_socket_service_start (server->service);
  return server;
}

static void
drip_server_free (DripServer *server)
{
  g_socket_service_stop (server->service);
  g_socket_listener_close (G_SOCKET_LISTENER (server->service));
  g_object_unref (server->service);
  /* Writes under way end before their connection goes. */
  g_cancellable_cancel (server->cancellable);
  for (guint i = 0; i < server->drips->len; i++)
    {
      Drip *drip = server->drips->pdata[i];

      g_clear_handle_id (&drip->timer, g_source_remove);
      while (drip->writing)
        g_main_context_iteration (NULL, TRUE);
    }
  g_ptr_array_unref (server->drips);
  g_object_unref (server->cancellable);
  g_string_free (server->answer, TRUE);
  g_free (server->base_url);
  g_free (server);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DripServer, drip_server_free)

static void
iterate (void)
{
  if (!g_main_context_iteration (NULL, FALSE))
    g_usleep (1000);
}

/* Runs the main loop until the call is done, for at most @seconds. */
static GAsyncResult *
wait_at_most (GAsyncResult **result,
              guint          seconds)
{
  gint64 deadline = g_get_monotonic_time () + seconds * G_TIME_SPAN_SECOND;

  while (*result == NULL && g_get_monotonic_time () < deadline)
    iterate ();
  g_assert_nonnull (*result);
  return *result;
}

static void
assert_cut_off (GError     *error,
                gint64      started,
                guint       deadline_s,
                const char *message)
{
  double elapsed = (double) (g_get_monotonic_time () - started) / G_TIME_SPAN_SECOND;

  g_test_message ("cut off after %.1f s: %s", elapsed, error != NULL ? error->message : "no error");
  g_assert_error (error, PW_ERROR, PW_ERROR_NETWORK);
  g_assert_cmpstr (error->message, ==, message);
  /* Not before the deadline, and not long after it. */
  g_assert_cmpfloat (elapsed, >=, deadline_s - 0.1);
  g_assert_cmpfloat (elapsed, <, deadline_s + 10);
}

static void
test_deadline_call (gconstpointer data)
{
  gboolean headers_at_once = GPOINTER_TO_INT (data);
  g_autoptr (DripServer) server = drip_server_new (1000, headers_at_once, 1, 1000);
  PwMarketClient *client = pw_test_client_new (server->base_url);
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (PwMarketMe) me = NULL;
  g_autoptr (GError) error = NULL;
  gint64 started = g_get_monotonic_time ();

  g_assert_cmpuint (pw_market_client_get_deadline (client), ==, 120);
  g_object_set (client, "deadline", 1, NULL);
  pw_market_client_get_me_async (client, NULL, pw_test_on_done, &result);
  me = pw_market_client_get_me_finish (client, wait_at_most (&result, 20), &error);
  g_assert_null (me);
  assert_cut_off (error, started, 1,
                  "The marketplace took too long to answer, so the request was given up.");
  g_assert_cmpuint (server->drips->len, ==, 1);

  g_clear_object (&result);
  pw_test_finalize (client);
}

static void
test_deadline_media (void)
{
  g_autoptr (DripServer) server = drip_server_new (100000, TRUE, 1, 1000);
  g_autofree char *dir = pw_test_make_dir ();
  g_autoptr (GFile) cache = g_file_new_for_path (dir);
  g_autoptr (PwMedia) media = pw_media_new ("media/drip.jpg", NULL, -1);
  PwMarketClient *client = pw_test_client_new (server->base_url);
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GFile) file = NULL;
  gint64 started = g_get_monotonic_time ();

  pw_market_client_set_deadline (client, 1);
  pw_market_client_fetch_media_async (client, media, cache, NULL, NULL, NULL,
                                      pw_test_on_done, &result);
  file = pw_market_client_fetch_media_finish (client, wait_at_most (&result, 20), &error);
  g_assert_null (file);
  assert_cut_off (error, started, 1,
                  "The marketplace took too long to send the media; it was not kept.");
  g_assert_cmpuint (pw_test_count_files (dir), ==, 0);

  g_clear_object (&result);
  pw_test_finalize (client);
  pw_test_remove_dir (dir);
}

/* A download slower than its first deadline finishes as long as it keeps
 * to the rate: each byte received moves the deadline on. */
static void
test_deadline_steady_media (void)
{
  gsize size = 16 * PW_MARKET_MEDIA_MIN_RATE;
  g_autoptr (DripServer) server = drip_server_new (size, TRUE, 4 * PW_MARKET_MEDIA_MIN_RATE, 250);
  g_autofree char *dir = pw_test_make_dir ();
  g_autoptr (GFile) cache = g_file_new_for_path (dir);
  g_autoptr (PwMedia) media = pw_media_new ("media/steady.jpg", NULL, size);
  PwMarketClient *client = pw_test_client_new (server->base_url);
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GFile) file = NULL;
  gint64 started = g_get_monotonic_time ();

  pw_market_client_set_deadline (client, 1);
  pw_market_client_fetch_media_async (client, media, cache, NULL, NULL, NULL,
                                      pw_test_on_done, &result);
  file = pw_market_client_fetch_media_finish (client, wait_at_most (&result, 30), &error);
  g_assert_no_error (error);
  g_assert_nonnull (file);
  g_assert_cmpint (g_get_monotonic_time () - started, >, G_TIME_SPAN_SECOND);

  g_clear_object (&result);
  pw_test_finalize (client);
  pw_test_remove_dir (dir);
}

/* A marketplace and a media host that hold every request until the test
 * lets it go, and count how many they hold at once. */

typedef struct
{
  PwTestMarket *market;
  GPtrArray    *held;
  guint         max_held;
} Holder;

static void
hold_handler (SoupServer        *server,
              SoupServerMessage *msg,
              const char        *path,
              GHashTable        *query,
              gpointer           user_data)
{
  Holder *holder = user_data;

  pw_test_market_record (holder->market, msg);
  soup_server_message_pause (msg);
  g_ptr_array_add (holder->held, g_object_ref (msg));
}

static Holder *
holder_new (void)
{
  Holder *holder = g_new0 (Holder, 1);

  holder->held = g_ptr_array_new_with_free_func (g_object_unref);
  holder->market = pw_test_market_new (hold_handler, holder);
  return holder;
}

static void
holder_free (Holder *holder)
{
  g_assert_cmpuint (holder->held->len, ==, 0);
  pw_test_market_free (holder->market);
  g_ptr_array_unref (holder->held);
  g_free (holder);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Holder, holder_free)

static void
holder_release_one (Holder *holder)
{
  SoupServerMessage *msg = g_ptr_array_steal_index (holder->held, 0);
  const char *path = g_uri_get_path (soup_server_message_get_uri (msg));

  if (g_str_has_suffix (path, ".jpg"))
    soup_server_message_set_response (msg, "image/jpeg", SOUP_MEMORY_STATIC, MEDIA, strlen (MEDIA));
  else
    pw_test_market_reply (msg, 200, ME);
  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_unpause (msg);
  g_object_unref (msg);
}

static guint
n_held (Holder *market,
        Holder *cdn)
{
  return market->held->len + cdn->held->len;
}

/* Waits for @n requests to be held, then gives a fifth a fair chance to
 * arrive, which it must not. */
static void
wait_for_held (Holder *market,
               Holder *cdn,
               guint   n)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_TIME_SPAN_SECOND;
  gint64 settle;

  while (n_held (market, cdn) < n && g_get_monotonic_time () < deadline)
    iterate ();
  g_assert_cmpuint (n_held (market, cdn), >=, n);

  settle = g_get_monotonic_time () + 200 * G_TIME_SPAN_MILLISECOND;
  while (g_get_monotonic_time () < settle)
    iterate ();
  g_assert_cmpuint (n_held (market, cdn), ==, n);
}

#define N_CALLS 6
#define N_DOWNLOADS 4

static void
test_in_flight (void)
{
  g_autoptr (Holder) market = holder_new ();
  g_autoptr (Holder) cdn = holder_new ();
  g_autofree char *dir = pw_test_make_dir ();
  g_autoptr (GFile) cache = g_file_new_for_path (dir);
  PwMarketClient *client = pw_test_client_new (market->market->base_url);
  GAsyncResult *calls[N_CALLS] = { NULL, };
  GAsyncResult *downloads[N_DOWNLOADS] = { NULL, };
  guint n_done = 0;

  /* Downloads from another host, which libsoup would count apart. */
  for (guint i = 0; i < N_DOWNLOADS; i++)
    {
      g_autofree char *url = g_strdup_printf ("%s/media/%u.jpg", cdn->market->origin, i);
      g_autoptr (PwMedia) media = pw_media_new (url, NULL, strlen (MEDIA));

      pw_market_client_fetch_media_async (client, media, cache, NULL, NULL, NULL,
                                          pw_test_on_done, &downloads[i]);
    }
  for (guint i = 0; i < N_CALLS; i++)
    pw_market_client_get_me_async (client, NULL, pw_test_on_done, &calls[i]);

  while (n_done < N_CALLS + N_DOWNLOADS)
    {
      wait_for_held (market, cdn, MIN (PW_MARKET_MAX_IN_FLIGHT, N_CALLS + N_DOWNLOADS - n_done));
      holder_release_one (cdn->held->len > 0 ? cdn : market);
      n_done++;
    }

  for (guint i = 0; i < N_CALLS; i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (PwMarketMe) me = pw_market_client_get_me_finish (client, wait_at_most (&calls[i], 20),
                                                                  &error);

      g_assert_no_error (error);
      g_assert_cmpstr (pw_market_me_get_worker_id (me), ==, "w-17");
      g_clear_object (&calls[i]);
    }
  for (guint i = 0; i < N_DOWNLOADS; i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (GFile) file = pw_market_client_fetch_media_finish (client, wait_at_most (&downloads[i], 20),
                                                                    &error);

      g_assert_no_error (error);
      g_assert_nonnull (file);
      g_clear_object (&downloads[i]);
    }
  g_assert_cmpuint (_pw_market_client_get_max_in_flight (client), ==, PW_MARKET_MAX_IN_FLIGHT);

  pw_test_finalize (client);
  pw_test_remove_dir (dir);
}

/* A request cancelled while it waits for a place ends at once. */
static void
test_cancel_waiting (void)
{
  g_autoptr (Holder) market = holder_new ();
  g_autoptr (Holder) cdn = holder_new ();
  PwMarketClient *client = pw_test_client_new (market->market->base_url);
  GAsyncResult *calls[PW_MARKET_MAX_IN_FLIGHT] = { NULL, };
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (GAsyncResult) waiting = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (PwMarketMe) me = NULL;

  for (guint i = 0; i < PW_MARKET_MAX_IN_FLIGHT; i++)
    pw_market_client_get_me_async (client, NULL, pw_test_on_done, &calls[i]);
  pw_market_client_get_me_async (client, cancellable, pw_test_on_done, &waiting);
  wait_for_held (market, cdn, PW_MARKET_MAX_IN_FLIGHT);

  g_cancellable_cancel (cancellable);
  me = pw_market_client_get_me_finish (client, wait_at_most (&waiting, 20), &error);
  g_assert_null (me);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (market->market->n_requests, ==, PW_MARKET_MAX_IN_FLIGHT);
  g_clear_object (&waiting);

  while (market->held->len > 0)
    holder_release_one (market);
  for (guint i = 0; i < PW_MARKET_MAX_IN_FLIGHT; i++)
    {
      g_autoptr (PwMarketMe) held_me = NULL;
      g_autoptr (GError) held_error = NULL;

      held_me = pw_market_client_get_me_finish (client, wait_at_most (&calls[i], 20), &held_error);
      g_assert_no_error (held_error);
      g_clear_object (&calls[i]);
    }

  pw_test_finalize (client);
}

/* Answers of a given size, to each call. */

static gsize answer_padding;

static void
padded_handler (SoupServer        *server,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  GString *body = g_string_new (NULL);
  gsize length;

  if (g_str_has_suffix (path, "/statement"))
    g_string_append (body, "{\"entries\": [], \"next\": null}");
  else if (g_str_has_suffix (path, "/claims"))
    g_string_append (body, "{\"claim_id\": \"c-1\", \"lease_expires_at\": \"2026-11-28T14:00:00Z\", "
                           "\"tasks\": []}");
  else
    g_string_append (body, "{\"projects\": []}");
  length = body->len;
  g_string_set_size (body, length + answer_padding);
  memset (body->str + length, ' ', answer_padding);
  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE,
                                    body->str, body->len);
  g_string_free (body, FALSE);
}

static void
test_answer_sizes (void)
{
  const struct
  {
    const char *what;
    gsize       allowed;
  } calls[] = {
    { "GET v1/statement", 4 * 1024 * 1024 },
    { "POST v1/projects/p-1/claims", 16 * 1024 * 1024 },
    { "GET v1/projects", 8 * 1024 * 1024 },
  };
  g_autoptr (PwTestMarket) market = pw_test_market_new (padded_handler, NULL);
  PwMarketClient *client = pw_test_client_new (market->base_url);

  for (guint i = 0; i < G_N_ELEMENTS (calls); i++)
    {
      for (guint over = 0; over <= 1; over++)
        {
          g_autoptr (GAsyncResult) result = NULL;
          g_autoptr (GError) error = NULL;
          gpointer answer = NULL;

          /* Just below the limit, and just above it. */
          answer_padding = calls[i].allowed - 100 + over * 200;
          if (i == 0)
            {
              pw_market_client_statement_async (client, NULL, NULL, pw_test_on_done, &result);
              answer = pw_market_client_statement_finish (client, pw_test_wait (&result), &error);
              g_clear_pointer ((PwStatementPage **) &answer, pw_statement_page_unref);
            }
          else if (i == 1)
            {
              pw_market_client_claim_async (client, "p-1", 3, NULL, pw_test_on_done, &result);
              answer = pw_market_client_claim_finish (client, pw_test_wait (&result), &error);
              g_clear_pointer ((PwClaim **) &answer, pw_claim_unref);
            }
          else
            {
              pw_market_client_list_projects_async (client, NULL, pw_test_on_done, &result);
              answer = pw_market_client_list_projects_finish (client, pw_test_wait (&result), &error);
              g_clear_pointer ((GPtrArray **) &answer, g_ptr_array_unref);
            }

          g_test_message ("%s, %" G_GSIZE_FORMAT " bytes: %s", calls[i].what, answer_padding,
                          error != NULL ? error->message : "read");
          if (over)
            {
              g_autofree char *size = g_format_size_full (calls[i].allowed, G_FORMAT_SIZE_IEC_UNITS);
              g_autofree char *message =
                g_strdup_printf ("The marketplace’s answer to %s is larger than %s and was not read.",
                                 calls[i].what, size);

              g_assert_error (error, PW_ERROR, PW_ERROR_PROTOCOL);
              g_assert_cmpstr (error->message, ==, message);
            }
          else
            g_assert_no_error (error);
        }
    }

  pw_test_finalize (client);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_data_func ("/market/limits/deadline/headers", GINT_TO_POINTER (FALSE),
                        test_deadline_call);
  g_test_add_data_func ("/market/limits/deadline/body", GINT_TO_POINTER (TRUE),
                        test_deadline_call);
  g_test_add_func ("/market/limits/deadline/media", test_deadline_media);
  g_test_add_func ("/market/limits/deadline/steady-media", test_deadline_steady_media);
  g_test_add_func ("/market/limits/in-flight", test_in_flight);
  g_test_add_func ("/market/limits/cancel-waiting", test_cancel_waiting);
  g_test_add_func ("/market/limits/answer-sizes", test_answer_sizes);

  return g_test_run ();
}
