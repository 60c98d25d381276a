/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <string.h>

#include "pw-demo-market-private.h"
#include "pw-error.h"
#include "pw-json.h"
#include "pw-paths.h"

/* The demo marketplace: a real HTTP server that speaks the whole contract of
 * docs/MARKETPLACE-API.md from sample data, for a first look at the app and
 * as the test bed of sync. This file holds the object, its settings,
 * listening and the record of what it received; requests are routed in
 * -server.c, the endpoints live in -work.c and -ledger.c, the sample data
 * in -catalog.c and the media in -media.c. */

G_DEFINE_FINAL_TYPE (PwDemoMarket, pw_demo_market, G_TYPE_OBJECT)

static const char * const fault_names[PW_DEMO_N_FAULTS] = {
  [PW_DEMO_FAULT_DROP_AFTER_COMMIT] = "drop-after-commit",
  [PW_DEMO_FAULT_UNAVAILABLE] = "unavailable",
  [PW_DEMO_FAULT_RATE_LIMITED] = "rate-limited",
  [PW_DEMO_FAULT_SLOW] = "slow",
  [PW_DEMO_FAULT_EXPIRED_LEASE] = "expired-lease",
  [PW_DEMO_FAULT_REASSIGNED] = "reassigned",
  [PW_DEMO_FAULT_MALFORMED_JSON] = "malformed-json",
  [PW_DEMO_FAULT_WRONG_SHA256] = "wrong-sha256",
  [PW_DEMO_FAULT_REDIRECT] = "redirect",
};

static void
pw_demo_market_dispose (GObject *object)
{
  PwDemoMarket *self = PW_DEMO_MARKET (object);
  GHashTableIter iter;
  gpointer source;

  g_cancellable_cancel (self->cancellable);
  if (self->review_source != NULL)
    {
      g_source_destroy (self->review_source);
      g_clear_pointer (&self->review_source, g_source_unref);
    }
  g_hash_table_iter_init (&iter, self->slow_sources);
  while (g_hash_table_iter_next (&iter, &source, NULL))
    g_source_destroy (source);
  g_hash_table_remove_all (self->slow_sources);
  if (self->server != NULL)
    soup_server_disconnect (self->server);
  g_clear_object (&self->server);

  G_OBJECT_CLASS (pw_demo_market_parent_class)->dispose (object);
}

static void
pw_demo_market_finalize (GObject *object)
{
  PwDemoMarket *self = PW_DEMO_MARKET (object);

  g_queue_clear (&self->pending_reviews);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_pointer (&self->slow_sources, g_hash_table_unref);
  g_clear_pointer (&self->authorizations, g_hash_table_unref);
  g_clear_pointer (&self->statement, g_ptr_array_unref);
  g_clear_pointer (&self->keys, g_hash_table_unref);
  g_clear_pointer (&self->submissions, g_ptr_array_unref);
  g_clear_pointer (&self->entries, g_ptr_array_unref);
  g_clear_pointer (&self->claims, g_hash_table_unref);
  g_clear_pointer (&self->qualified, g_hash_table_unref);
  g_clear_pointer (&self->scenes, g_ptr_array_unref);
  g_clear_pointer (&self->speech, g_ptr_array_unref);
  g_clear_pointer (&self->tasks_by_id, g_hash_table_unref);
  g_clear_pointer (&self->projects_by_id, g_hash_table_unref);
  g_clear_pointer (&self->projects, g_ptr_array_unref);
  g_clear_pointer (&self->sentences, g_ptr_array_unref);
  g_clear_pointer (&self->review_comments[0], g_ptr_array_unref);
  g_clear_pointer (&self->review_comments[1], g_ptr_array_unref);
  g_clear_pointer (&self->worker, json_object_unref);
  g_clear_pointer (&self->rand, g_rand_free);
  g_free (self->fee_amount);
  g_free (self->redirect_target);
  g_free (self->token);
  g_free (self->samples_dir);
  g_free (self->data_dir);
  g_free (self->submission_log);
  g_free (self->instance);
  g_mutex_clear (&self->mutex);

  G_OBJECT_CLASS (pw_demo_market_parent_class)->finalize (object);
}

static void
pw_demo_market_class_init (PwDemoMarketClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = pw_demo_market_dispose;
  object_class->finalize = pw_demo_market_finalize;
}

static void
pw_demo_market_init (PwDemoMarket *self)
{
  g_mutex_init (&self->mutex);
  self->review_delay_ms = 2000;
  self->lease_seconds = 3600;
  self->media_scale = 1.0;
  self->use_espeak = TRUE;
  self->slow_delay_ms = 1500;
  self->retry_after = 1;
  self->cancellable = g_cancellable_new ();
  self->claims = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                        _pw_demo_market_claim_free);
  self->keys = g_hash_table_new (g_str_hash, g_str_equal);
  self->submissions = g_ptr_array_new_with_free_func (_pw_demo_market_submission_free);
  self->qualified = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->entries = g_ptr_array_new_with_free_func (_pw_demo_market_entry_free);
  self->statement = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  self->authorizations = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                (GDestroyNotify) g_ptr_array_unref);
  self->slow_sources = g_hash_table_new_full (NULL, NULL, (GDestroyNotify) g_source_unref,
                                              g_object_unref);
  self->next_id = 1;
  g_queue_init (&self->pending_reviews);
}

/**
 * pw_demo_market_new:
 * @data_dir: (nullable): where made media are kept between starts, or %NULL
 *   for `$XDG_CACHE_HOME/piecework/demo-market`
 * @token: (nullable): the bearer token to accept, or %NULL for
 *   %PW_DEMO_MARKET_TOKEN
 * @seed: the seed of every choice it makes: media, reviews, bonuses
 *
 * Returns: (transfer full): a demo marketplace, not listening yet
 */
PwDemoMarket *
pw_demo_market_new (const char *data_dir,
                    const char *token,
                    guint64     seed)
{
  PwDemoMarket *self = g_object_new (PW_TYPE_DEMO_MARKET, NULL);
  guint32 seeds[2] = { (guint32) seed, (guint32) (seed >> 32) };

  if (data_dir != NULL)
    self->data_dir = g_strdup (data_dir);
  else
    {
      g_autofree char *cache = pw_paths_cache_dir ();

      self->data_dir = g_build_filename (cache, "demo-market", NULL);
    }
  self->token = g_strdup (token != NULL ? token : PW_DEMO_MARKET_TOKEN);
  self->seed = seed;
  self->rand = g_rand_new_with_seed_array (seeds, G_N_ELEMENTS (seeds));

  return self;
}

/**
 * pw_demo_market_set_samples_dir:
 * @self: a #PwDemoMarket
 * @dir: (nullable): a folder with `projects.json` and `sentences.txt`, or
 *   %NULL for those built in
 *
 * Takes the sample data from @dir. Call before preparing or listening.
 */
void
pw_demo_market_set_samples_dir (PwDemoMarket *self,
                                const char   *dir)
{
  g_return_if_fail (PW_IS_DEMO_MARKET (self));
  g_return_if_fail (self->projects == NULL);

  g_free (self->samples_dir);
  self->samples_dir = g_strdup (dir);
}

/**
 * pw_demo_market_set_review_delay:
 * @self: a #PwDemoMarket
 * @ms: how long a submission waits for its review; 0 reviews it at once
 */
void
pw_demo_market_set_review_delay (PwDemoMarket *self,
                                 guint         ms)
{
  g_return_if_fail (PW_IS_DEMO_MARKET (self));

  g_mutex_lock (&self->mutex);
  self->review_delay_ms = ms;
  g_mutex_unlock (&self->mutex);
}

/**
 * pw_demo_market_set_submission_log:
 * @self: a #PwDemoMarket
 * @path: (nullable): a file each submission the marketplace takes is
 *   added to, as one line of JSON, or %NULL for none
 *
 * What the marketplace received, as a worker's client sent it: a line
 * `{"task_id", "idempotency_key", "body"}` per submission taken (not per
 * request: a retry answered from the first answer adds nothing).
 */
void
pw_demo_market_set_submission_log (PwDemoMarket *self,
                                   const char   *path)
{
  g_return_if_fail (PW_IS_DEMO_MARKET (self));

  g_mutex_lock (&self->mutex);
  g_free (self->submission_log);
  self->submission_log = g_strdup (path);
  g_mutex_unlock (&self->mutex);
}

/**
 * pw_demo_market_set_lease_seconds:
 * @self: a #PwDemoMarket
 * @seconds: how long a claim holds its tasks (3600 unless set)
 */
void
pw_demo_market_set_lease_seconds (PwDemoMarket *self,
                                  guint         seconds)
{
  g_return_if_fail (PW_IS_DEMO_MARKET (self));

  g_mutex_lock (&self->mutex);
  self->lease_seconds = seconds;
  g_mutex_unlock (&self->mutex);
}

/**
 * pw_demo_market_set_media_scale:
 * @self: a #PwDemoMarket
 * @scale: a factor on the sides of the images it makes, in (0, 1]
 *
 * Tests make small images quickly; the app makes them at full size.
 * Call before preparing or listening.
 */
void
pw_demo_market_set_media_scale (PwDemoMarket *self,
                                double        scale)
{
  g_return_if_fail (PW_IS_DEMO_MARKET (self));
  g_return_if_fail (scale > 0 && scale <= 1);
  g_return_if_fail (self->scenes == NULL);

  self->media_scale = scale;
}

/**
 * pw_demo_market_set_speech:
 * @self: a #PwDemoMarket
 * @use_espeak: whether to record speech with espeak-ng where it is installed
 *
 * Without espeak-ng, audio tasks get a synthetic voice-like signal.
 * Call before preparing or listening.
 */
void
pw_demo_market_set_speech (PwDemoMarket *self,
                           gboolean      use_espeak)
{
  g_return_if_fail (PW_IS_DEMO_MARKET (self));
  g_return_if_fail (self->speech == NULL);

  self->use_espeak = use_espeak;
}

/**
 * pw_demo_market_set_instance:
 * @self: a #PwDemoMarket
 * @instance: (nullable): a word that makes this run's ids its own
 *
 * The marketplace keeps its claims and statement in memory only; a run
 * that names itself gives ids (`e-INSTANCE-1`) that no earlier run gave,
 * so a client that kept an earlier run's statement never mixes the two.
 */
void
pw_demo_market_set_instance (PwDemoMarket *self,
                             const char   *instance)
{
  g_return_if_fail (PW_IS_DEMO_MARKET (self));

  g_mutex_lock (&self->mutex);
  g_free (self->instance);
  self->instance = g_strdup (instance);
  g_mutex_unlock (&self->mutex);
}

/**
 * pw_demo_market_set_slow_delay:
 * @self: a #PwDemoMarket
 * @ms: how long %PW_DEMO_FAULT_SLOW holds an answer back
 */
void
pw_demo_market_set_slow_delay (PwDemoMarket *self,
                               guint         ms)
{
  g_return_if_fail (PW_IS_DEMO_MARKET (self));

  g_mutex_lock (&self->mutex);
  self->slow_delay_ms = ms;
  g_mutex_unlock (&self->mutex);
}

/**
 * pw_demo_market_set_retry_after:
 * @self: a #PwDemoMarket
 * @seconds: the `Retry-After` of a 503 or 429 fault
 */
void
pw_demo_market_set_retry_after (PwDemoMarket *self,
                                guint         seconds)
{
  g_return_if_fail (PW_IS_DEMO_MARKET (self));

  g_mutex_lock (&self->mutex);
  self->retry_after = seconds;
  g_mutex_unlock (&self->mutex);
}

/**
 * pw_demo_market_set_redirect_target:
 * @self: a #PwDemoMarket
 * @base_url: (nullable): the base URL, on another origin, that
 *   %PW_DEMO_FAULT_REDIRECT sends requests to
 */
void
pw_demo_market_set_redirect_target (PwDemoMarket *self,
                                    const char   *base_url)
{
  g_return_if_fail (PW_IS_DEMO_MARKET (self));

  g_mutex_lock (&self->mutex);
  g_free (self->redirect_target);
  self->redirect_target = g_strdup (base_url);
  g_mutex_unlock (&self->mutex);
}

/**
 * pw_demo_market_set_fault:
 * @self: a #PwDemoMarket
 * @fault: what to do wrong
 * @count: for how many of the next requests it concerns; 0 stops it
 */
void
pw_demo_market_set_fault (PwDemoMarket *self,
                          PwDemoFault   fault,
                          guint         count)
{
  g_return_if_fail (PW_IS_DEMO_MARKET (self));
  g_return_if_fail (fault < PW_DEMO_N_FAULTS);

  g_mutex_lock (&self->mutex);
  self->faults[fault] = count;
  g_mutex_unlock (&self->mutex);
}

/**
 * pw_demo_market_get_fault:
 * @self: a #PwDemoMarket
 * @fault: a fault
 *
 * Returns: how many more requests @fault will concern
 */
guint
pw_demo_market_get_fault (PwDemoMarket *self,
                          PwDemoFault   fault)
{
  guint count;

  g_return_val_if_fail (PW_IS_DEMO_MARKET (self), 0);
  g_return_val_if_fail (fault < PW_DEMO_N_FAULTS, 0);

  g_mutex_lock (&self->mutex);
  count = self->faults[fault];
  g_mutex_unlock (&self->mutex);
  return count;
}

/**
 * pw_demo_market_set_faults_from_string:
 * @self: a #PwDemoMarket
 * @faults: a comma-separated list of `NAME` or `NAME:COUNT`, such as
 *   `unavailable:3,slow`; names as in #PwDemoFault, lower case with dashes
 * @error: return location for a #GError
 *
 * Returns: %TRUE when every fault was understood and set
 */
gboolean
pw_demo_market_set_faults_from_string (PwDemoMarket *self,
                                       const char   *faults,
                                       GError      **error)
{
  g_auto (GStrv) items = NULL;
  guint counts[PW_DEMO_N_FAULTS] = { 0 };
  gboolean given[PW_DEMO_N_FAULTS] = { FALSE };

  g_return_val_if_fail (PW_IS_DEMO_MARKET (self), FALSE);
  g_return_val_if_fail (faults != NULL, FALSE);

  items = g_strsplit (faults, ",", -1);
  for (guint i = 0; items[i] != NULL; i++)
    {
      g_auto (GStrv) parts = g_strsplit (g_strstrip (items[i]), ":", 2);
      guint64 count = 1;
      guint fault;

      if (parts[0] == NULL || *parts[0] == '\0')
        continue;
      for (fault = 0; fault < PW_DEMO_N_FAULTS; fault++)
        if (g_str_equal (parts[0], fault_names[fault]))
          break;
      if (fault == PW_DEMO_N_FAULTS)
        {
          g_set_error (error, PW_ERROR, PW_ERROR_INVALID_DATA,
                       "Unknown fault “%s”", parts[0]);
          return FALSE;
        }
      if (parts[1] != NULL
          && !g_ascii_string_to_unsigned (parts[1], 10, 0, G_MAXUINT, &count, NULL))
        {
          g_set_error (error, PW_ERROR, PW_ERROR_INVALID_DATA,
                       "The count of “%s” is not a number: “%s”", parts[0], parts[1]);
          return FALSE;
        }
      counts[fault] = count;
      given[fault] = TRUE;
    }

  for (guint fault = 0; fault < PW_DEMO_N_FAULTS; fault++)
    if (given[fault])
      pw_demo_market_set_fault (self, fault, counts[fault]);
  return TRUE;
}

gboolean
_pw_demo_market_take_fault_locked (PwDemoMarket *self,
                                   PwDemoFault   fault)
{
  if (self->faults[fault] == 0)
    return FALSE;
  self->faults[fault]--;
  return TRUE;
}

char *
_pw_demo_market_next_id_locked (PwDemoMarket *self,
                                const char   *prefix)
{
  if (self->instance != NULL)
    return g_strdup_printf ("%s-%s-%" G_GUINT64_FORMAT, prefix, self->instance, self->next_id++);
  return g_strdup_printf ("%s-%" G_GUINT64_FORMAT, prefix, self->next_id++);
}

char *
_pw_demo_market_format_time (gint64 real_time)
{
  g_autoptr (GDateTime) time = g_date_time_new_from_unix_utc (real_time / G_USEC_PER_SEC);

  return g_date_time_format (time, "%Y-%m-%dT%H:%M:%SZ");
}

/**
 * pw_demo_market_listen:
 * @self: a #PwDemoMarket
 * @port: a port on the loopback interface, or 0 for any free one
 * @error: return location for a #GError
 *
 * Loads the sample data and starts answering on 127.0.0.1, on the
 * thread-default main context of the calling thread. Media not made yet by
 * pw_demo_market_prepare() are made on a thread meanwhile: until they are,
 * claims of image and audio tasks answer 503 with `Retry-After`.
 *
 * Returns: %TRUE when it listens
 */
gboolean
pw_demo_market_listen (PwDemoMarket *self,
                       guint16       port,
                       GError      **error)
{
  g_autoptr (GInetAddress) loopback = NULL;
  g_autoptr (GSocketAddress) address = NULL;
  g_autoptr (GError) local_error = NULL;
  gboolean loaded;
  GSList *uris;

  g_return_val_if_fail (PW_IS_DEMO_MARKET (self), FALSE);
  g_return_val_if_fail (self->server == NULL, FALSE);

  g_mutex_lock (&self->mutex);
  loaded = _pw_demo_market_load_catalog (self, error);
  g_mutex_unlock (&self->mutex);
  if (!loaded)
    return FALSE;

  self->context = g_main_context_ref_thread_default ();
  self->server = soup_server_new ("server-header", "piecework-demo-market ", NULL);
  soup_server_add_handler (self->server, NULL, _pw_demo_market_handle_request, self, NULL);

  loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  address = g_inet_socket_address_new (loopback, port);
  if (!soup_server_listen (self->server, address, 0, &local_error))
    {
      g_set_error (error, PW_ERROR, PW_ERROR_NETWORK,
                   "The demo marketplace could not listen on port %u: %s", port,
                   local_error->message);
      soup_server_disconnect (self->server);
      g_clear_object (&self->server);
      return FALSE;
    }
  uris = soup_server_get_uris (self->server);
  self->port = g_uri_get_port (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  _pw_demo_market_prepare_async (self);
  return TRUE;
}

/**
 * pw_demo_market_get_port:
 * @self: a #PwDemoMarket
 *
 * Returns: the port it listens on, or 0 before it listens
 */
guint16
pw_demo_market_get_port (PwDemoMarket *self)
{
  g_return_val_if_fail (PW_IS_DEMO_MARKET (self), 0);

  return self->port;
}

/**
 * pw_demo_market_get_origin:
 * @self: a listening #PwDemoMarket
 *
 * Returns: (transfer full): its origin, `http://127.0.0.1:PORT`
 */
char *
pw_demo_market_get_origin (PwDemoMarket *self)
{
  g_return_val_if_fail (PW_IS_DEMO_MARKET (self), NULL);
  g_return_val_if_fail (self->port != 0, NULL);

  return g_strdup_printf ("http://127.0.0.1:%u", self->port);
}

/**
 * pw_demo_market_get_base_url:
 * @self: a listening #PwDemoMarket
 *
 * Returns: (transfer full): the base URL of its API, `http://127.0.0.1:PORT/api/`
 */
char *
pw_demo_market_get_base_url (PwDemoMarket *self)
{
  g_return_val_if_fail (PW_IS_DEMO_MARKET (self), NULL);
  g_return_val_if_fail (self->port != 0, NULL);

  return g_strdup_printf ("http://127.0.0.1:%u/api/", self->port);
}

/**
 * pw_demo_market_count_requests:
 * @self: a #PwDemoMarket
 * @endpoint: an endpoint
 *
 * Returns: how many requests reached @endpoint, answered or refused
 */
guint
pw_demo_market_count_requests (PwDemoMarket   *self,
                               PwDemoEndpoint  endpoint)
{
  guint count;

  g_return_val_if_fail (PW_IS_DEMO_MARKET (self), 0);
  g_return_val_if_fail (endpoint < PW_DEMO_N_ENDPOINTS, 0);

  g_mutex_lock (&self->mutex);
  count = self->requests[endpoint];
  g_mutex_unlock (&self->mutex);
  return count;
}

/**
 * pw_demo_market_dup_authorizations:
 * @self: a #PwDemoMarket
 * @origin: an origin it answered on, such as `http://127.0.0.1:8080`
 *
 * Returns: (transfer full): the `Authorization` header of each request that
 *   reached @origin, in order, with "" for a request without one
 */
char **
pw_demo_market_dup_authorizations (PwDemoMarket *self,
                                   const char   *origin)
{
  GStrvBuilder *builder = g_strv_builder_new ();
  GPtrArray *seen;
  char **values;

  g_return_val_if_fail (PW_IS_DEMO_MARKET (self), NULL);
  g_return_val_if_fail (origin != NULL, NULL);

  g_mutex_lock (&self->mutex);
  seen = g_hash_table_lookup (self->authorizations, origin);
  for (guint i = 0; seen != NULL && i < seen->len; i++)
    g_strv_builder_add (builder, seen->pdata[i]);
  g_mutex_unlock (&self->mutex);

  values = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);
  return values;
}
