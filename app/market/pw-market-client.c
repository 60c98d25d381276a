/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n-lib.h>

#include "pw-connector.h"
#include "pw-error.h"
#include "pw-market-client-private.h"

/* One client per account: its base URL, its token and a libsoup session of
 * its own, so that one account's connections, timeouts and failures never
 * touch another's. The calls themselves are in pw-market-calls.c and the
 * files beside it, the sending in pw-market-send.c, the downloads in
 * pw-market-media.c. */

#define DEFAULT_TIMEOUT 15
#define DEFAULT_IDLE_TIMEOUT 60
#define DEFAULT_DEADLINE 120

struct _PwMarketClient
{
  GObject      parent_instance;

  GUri        *base_uri;
  char        *base_url;
  char        *token;
  char        *token_scheme;
  char        *accept;
  gboolean     media_follows_other_origins;
  SoupSession *session;
  guint        deadline;
  goffset      media_max_bytes;

  /* The requests in flight, and those waiting for a place (PwMarketTurn) */
  guint        n_in_flight;
  guint        max_in_flight;
  GQueue       waiting;
};

static void pw_market_client_connector_init (PwConnectorInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PwMarketClient, pw_market_client, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (PW_TYPE_CONNECTOR,
                                                      pw_market_client_connector_init))

enum {
  PROP_0,
  PROP_BASE_URL,
  PROP_TIMEOUT,
  PROP_IDLE_TIMEOUT,
  PROP_DEADLINE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
pw_market_client_finalize (GObject *object)
{
  PwMarketClient *self = PW_MARKET_CLIENT (object);

  g_clear_pointer (&self->base_uri, g_uri_unref);
  g_clear_pointer (&self->base_url, g_free);
  g_clear_pointer (&self->token, g_free);
  g_clear_pointer (&self->token_scheme, g_free);
  g_clear_pointer (&self->accept, g_free);

  G_OBJECT_CLASS (pw_market_client_parent_class)->finalize (object);
}

static void
pw_market_client_dispose (GObject *object)
{
  PwMarketClient *self = PW_MARKET_CLIENT (object);

  /* Every request holds the client, so none is waiting any more. */
  g_assert (g_queue_is_empty (&self->waiting));
  if (self->session != NULL)
    soup_session_abort (self->session);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (pw_market_client_parent_class)->dispose (object);
}

static void
pw_market_client_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  PwMarketClient *self = PW_MARKET_CLIENT (object);

  switch (prop_id)
    {
    case PROP_BASE_URL:
      g_value_set_string (value, self->base_url);
      break;
    case PROP_TIMEOUT:
      g_value_set_uint (value, pw_market_client_get_timeout (self));
      break;
    case PROP_IDLE_TIMEOUT:
      g_value_set_uint (value, pw_market_client_get_idle_timeout (self));
      break;
    case PROP_DEADLINE:
      g_value_set_uint (value, pw_market_client_get_deadline (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pw_market_client_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  PwMarketClient *self = PW_MARKET_CLIENT (object);

  switch (prop_id)
    {
    case PROP_TIMEOUT:
      pw_market_client_set_timeout (self, g_value_get_uint (value));
      break;
    case PROP_IDLE_TIMEOUT:
      pw_market_client_set_idle_timeout (self, g_value_get_uint (value));
      break;
    case PROP_DEADLINE:
      pw_market_client_set_deadline (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pw_market_client_class_init (PwMarketClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = pw_market_client_dispose;
  object_class->finalize = pw_market_client_finalize;
  object_class->get_property = pw_market_client_get_property;
  object_class->set_property = pw_market_client_set_property;

  /**
   * PwMarketClient:base-url:
   *
   * The marketplace's base URL, ending in a slash.
   */
  properties[PROP_BASE_URL] =
    g_param_spec_string ("base-url", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * PwMarketClient:timeout:
   *
   * Seconds to wait to connect, and for each read or write, before the
   * request fails with %PW_ERROR_NETWORK; 0 waits for ever.
   */
  properties[PROP_TIMEOUT] =
    g_param_spec_uint ("timeout", NULL, NULL, 0, G_MAXUINT, DEFAULT_TIMEOUT,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * PwMarketClient:idle-timeout:
   *
   * Seconds an unused connection stays open for the next request.
   */
  properties[PROP_IDLE_TIMEOUT] =
    g_param_spec_uint ("idle-timeout", NULL, NULL, 0, G_MAXUINT, DEFAULT_IDLE_TIMEOUT,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * PwMarketClient:deadline:
   *
   * Seconds a request may take in all, from sending it to the end of its
   * answer, however the marketplace trickles it; a download may take this
   * plus one second for every %PW_MARKET_MEDIA_MIN_RATE bytes it received.
   * A request past its deadline fails with %PW_ERROR_NETWORK, like a
   * timeout. 0 waits for ever.
   */
  properties[PROP_DEADLINE] =
    g_param_spec_uint ("deadline", NULL, NULL, 0, G_MAXUINT, DEFAULT_DEADLINE,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

/* The contract is the connectors' own language: each call goes to the
 * client's function of the same name, unchanged. */

static PwAccountKind
connector_get_kind (PwConnector *connector)
{
  return PW_ACCOUNT_KIND_PIECEWORK;
}

static const char *
connector_get_base_url (PwConnector *connector)
{
  return pw_market_client_get_base_url (PW_MARKET_CLIENT (connector));
}

static void
connector_set_token (PwConnector *connector,
                     const char  *token)
{
  pw_market_client_set_token (PW_MARKET_CLIENT (connector), token);
}

static void
connector_get_me_async (PwConnector         *connector,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  pw_market_client_get_me_async (PW_MARKET_CLIENT (connector), cancellable, callback, user_data);
}

static PwMarketMe *
connector_get_me_finish (PwConnector   *connector,
                         GAsyncResult  *result,
                         GError       **error)
{
  return pw_market_client_get_me_finish (PW_MARKET_CLIENT (connector), result, error);
}

static void
connector_list_projects_async (PwConnector         *connector,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  pw_market_client_list_projects_async (PW_MARKET_CLIENT (connector), cancellable,
                                        callback, user_data);
}

static GPtrArray *
connector_list_projects_finish (PwConnector   *connector,
                                GAsyncResult  *result,
                                GError       **error)
{
  return pw_market_client_list_projects_finish (PW_MARKET_CLIENT (connector), result, error);
}

static void
connector_claim_async (PwConnector         *connector,
                       const char          *project_id,
                       guint                count,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  pw_market_client_claim_async (PW_MARKET_CLIENT (connector), project_id, count, cancellable,
                                callback, user_data);
}

static PwClaim *
connector_claim_finish (PwConnector   *connector,
                        GAsyncResult  *result,
                        GError       **error)
{
  return pw_market_client_claim_finish (PW_MARKET_CLIENT (connector), result, error);
}

static void
connector_release_async (PwConnector         *connector,
                         const char          *claim_id,
                         const char *const   *task_ids,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  pw_market_client_release_async (PW_MARKET_CLIENT (connector), claim_id, task_ids,
                                  cancellable, callback, user_data);
}

static gboolean
connector_release_finish (PwConnector   *connector,
                          GAsyncResult  *result,
                          guint         *n_released,
                          GError       **error)
{
  return pw_market_client_release_finish (PW_MARKET_CLIENT (connector), result, n_released,
                                          error);
}

static void
connector_submit_async (PwConnector         *connector,
                        const char          *task_id,
                        const char          *idempotency_key,
                        const char          *body,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  pw_market_client_submit_async (PW_MARKET_CLIENT (connector), task_id, idempotency_key, body,
                                 cancellable, callback, user_data);
}

static PwSubmissionResult *
connector_submit_finish (PwConnector   *connector,
                         GAsyncResult  *result,
                         GError       **error)
{
  return pw_market_client_submit_finish (PW_MARKET_CLIENT (connector), result, error);
}

static void
connector_statement_async (PwConnector         *connector,
                           const char          *after,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  pw_market_client_statement_async (PW_MARKET_CLIENT (connector), after, cancellable,
                                    callback, user_data);
}

static PwStatementPage *
connector_statement_finish (PwConnector   *connector,
                            GAsyncResult  *result,
                            GError       **error)
{
  return pw_market_client_statement_finish (PW_MARKET_CLIENT (connector), result, error);
}

static void
connector_fetch_media_async (PwConnector          *connector,
                             PwMedia              *media,
                             GFile                *cache_dir,
                             PwMarketProgressFunc  progress,
                             gpointer              progress_data,
                             GCancellable         *cancellable,
                             GAsyncReadyCallback   callback,
                             gpointer              user_data)
{
  pw_market_client_fetch_media_async (PW_MARKET_CLIENT (connector), media, cache_dir,
                                      progress, progress_data, cancellable,
                                      callback, user_data);
}

static GFile *
connector_fetch_media_finish (PwConnector   *connector,
                              GAsyncResult  *result,
                              GError       **error)
{
  return pw_market_client_fetch_media_finish (PW_MARKET_CLIENT (connector), result, error);
}

static void
pw_market_client_connector_init (PwConnectorInterface *iface)
{
  iface->get_kind = connector_get_kind;
  iface->get_base_url = connector_get_base_url;
  iface->set_token = connector_set_token;
  iface->get_me_async = connector_get_me_async;
  iface->get_me_finish = connector_get_me_finish;
  iface->list_projects_async = connector_list_projects_async;
  iface->list_projects_finish = connector_list_projects_finish;
  iface->claim_async = connector_claim_async;
  iface->claim_finish = connector_claim_finish;
  iface->release_async = connector_release_async;
  iface->release_finish = connector_release_finish;
  iface->submit_async = connector_submit_async;
  iface->submit_finish = connector_submit_finish;
  iface->statement_async = connector_statement_async;
  iface->statement_finish = connector_statement_finish;
  iface->fetch_media_async = connector_fetch_media_async;
  iface->fetch_media_finish = connector_fetch_media_finish;
}

static void
pw_market_client_init (PwMarketClient *self)
{
  g_autofree char *user_agent = g_strdup_printf ("Piecework/%s", PW_VERSION);

  self->session = soup_session_new_with_options ("timeout", DEFAULT_TIMEOUT,
                                                 "idle-timeout", DEFAULT_IDLE_TIMEOUT,
                                                 "max-conns-per-host", PW_MARKET_MAX_IN_FLIGHT,
                                                 "user-agent", user_agent,
                                                 NULL);
  self->deadline = DEFAULT_DEADLINE;
  self->media_max_bytes = PW_MARKET_MEDIA_MAX_BYTES;
  g_queue_init (&self->waiting);
}

static gboolean
token_is_valid (const char *token)
{
  if (token == NULL || *token == '\0')
    return FALSE;
  for (const char *p = token; *p != '\0'; p++)
    {
      if (*p <= ' ' || *p > '~')
        return FALSE;
    }
  return TRUE;
}

/**
 * pw_market_client_new:
 * @base_url: the marketplace's base URL, such as
 *   `https://market.example.com/api/`
 * @token: the worker's token
 * @error: return location for a #GError
 *
 * Makes a client for one account. Nothing is sent yet. Plain `http://` is
 * refused with %PW_ERROR_INSECURE unless the host is this computer.
 *
 * Returns: (transfer full): the client, or %NULL
 */
PwMarketClient *
pw_market_client_new (const char  *base_url,
                      const char  *token,
                      GError     **error)
{
  g_autoptr (PwMarketClient) self = NULL;
  g_autoptr (GUri) parsed = NULL;
  g_autofree char *path = NULL;

  g_return_val_if_fail (base_url != NULL, NULL);
  g_return_val_if_fail (token != NULL, NULL);

  parsed = g_uri_parse (base_url, SOUP_HTTP_URI_FLAGS, NULL);
  if (parsed == NULL)
    {
      g_set_error (error, PW_ERROR, PW_ERROR_INVALID_DATA,
                   _("“%s” is not a web address that starts with https://"), base_url);
      return NULL;
    }
  if (!_pw_market_check_uri (parsed, error))
    return NULL;
  if (!token_is_valid (token))
    {
      g_set_error_literal (error, PW_ERROR, PW_ERROR_INVALID_DATA,
                           _("The token is empty or holds spaces or characters other than letters, digits and punctuation."));
      return NULL;
    }

  /* Paths of the contract are relative to the base, which must end in a
   * slash for "v1/me" to land below it rather than beside it. */
  path = g_str_has_suffix (g_uri_get_path (parsed), "/")
         ? g_strdup (g_uri_get_path (parsed))
         : g_strconcat (g_uri_get_path (parsed), "/", NULL);

  self = g_object_new (PW_TYPE_MARKET_CLIENT, NULL);
  self->base_uri = g_uri_build (SOUP_HTTP_URI_FLAGS, g_uri_get_scheme (parsed), NULL,
                                g_uri_get_host (parsed), g_uri_get_port (parsed), path,
                                NULL, NULL);
  self->base_url = g_uri_to_string (self->base_uri);
  self->token = g_strdup (token);
  return g_steal_pointer (&self);
}

/**
 * pw_market_client_get_base_url:
 *
 * Returns: the base URL, ending in a slash
 */
const char *
pw_market_client_get_base_url (PwMarketClient *self)
{
  g_return_val_if_fail (PW_IS_MARKET_CLIENT (self), NULL);
  return self->base_url;
}

/**
 * pw_market_client_set_token:
 * @token: the worker's new token
 *
 * Replaces the token, once the worker signed in again after
 * %PW_ERROR_UNAUTHORIZED. Requests already sent keep the old one.
 */
void
pw_market_client_set_token (PwMarketClient *self,
                            const char     *token)
{
  g_return_if_fail (PW_IS_MARKET_CLIENT (self));
  g_return_if_fail (token_is_valid (token));

  g_free (self->token);
  self->token = g_strdup (token);
}

guint
pw_market_client_get_timeout (PwMarketClient *self)
{
  g_return_val_if_fail (PW_IS_MARKET_CLIENT (self), 0);
  return soup_session_get_timeout (self->session);
}

void
pw_market_client_set_timeout (PwMarketClient *self,
                              guint           seconds)
{
  g_return_if_fail (PW_IS_MARKET_CLIENT (self));

  if (soup_session_get_timeout (self->session) == seconds)
    return;
  soup_session_set_timeout (self->session, seconds);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIMEOUT]);
}

guint
pw_market_client_get_idle_timeout (PwMarketClient *self)
{
  g_return_val_if_fail (PW_IS_MARKET_CLIENT (self), 0);
  return soup_session_get_idle_timeout (self->session);
}

void
pw_market_client_set_idle_timeout (PwMarketClient *self,
                                   guint           seconds)
{
  g_return_if_fail (PW_IS_MARKET_CLIENT (self));

  if (soup_session_get_idle_timeout (self->session) == seconds)
    return;
  soup_session_set_idle_timeout (self->session, seconds);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IDLE_TIMEOUT]);
}

guint
pw_market_client_get_deadline (PwMarketClient *self)
{
  g_return_val_if_fail (PW_IS_MARKET_CLIENT (self), 0);
  return self->deadline;
}

void
pw_market_client_set_deadline (PwMarketClient *self,
                               guint           seconds)
{
  g_return_if_fail (PW_IS_MARKET_CLIENT (self));

  if (self->deadline == seconds)
    return;
  self->deadline = seconds;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DEADLINE]);
}

/* The account's places for requests in flight (see pw-market-turn.c) */

/* Takes a place for @turn and returns %TRUE when one is free; otherwise
 * @turn waits for _pw_market_turn_wake(). */
gboolean
_pw_market_client_enter_turn (PwMarketClient *self,
                              PwMarketTurn   *turn)
{
  if (self->n_in_flight >= PW_MARKET_MAX_IN_FLIGHT)
    {
      g_queue_push_tail (&self->waiting, turn);
      return FALSE;
    }
  self->n_in_flight++;
  self->max_in_flight = MAX (self->max_in_flight, self->n_in_flight);
  return TRUE;
}

/* Gives a place back, to the request that waited longest. */
void
_pw_market_client_leave_turn (PwMarketClient *self)
{
  PwMarketTurn *next = g_queue_pop_head (&self->waiting);

  g_assert (self->n_in_flight > 0);
  if (next != NULL)
    _pw_market_turn_wake (next);
  else
    self->n_in_flight--;
}

void
_pw_market_client_forget_turn (PwMarketClient *self,
                               PwMarketTurn   *turn)
{
  g_queue_remove (&self->waiting, turn);
}

/* The most requests that were in flight at once, for tests. */
guint
_pw_market_client_get_max_in_flight (PwMarketClient *self)
{
  return self->max_in_flight;
}

goffset
_pw_market_client_get_media_max_bytes (PwMarketClient *self)
{
  return self->media_max_bytes;
}

/* Lowers the largest download, so tests need not send 512 MiB. */
void
_pw_market_client_set_media_max_bytes (PwMarketClient *self,
                                       goffset         max_bytes)
{
  g_return_if_fail (max_bytes > 0 && max_bytes <= PW_MARKET_MEDIA_MAX_BYTES);
  self->media_max_bytes = max_bytes;
}

/* Resolves a path of the contract, or a media URL the marketplace gave,
 * against the base URL, and checks where it leads. */
GUri *
_pw_market_client_resolve (PwMarketClient  *self,
                           const char      *reference,
                           GError         **error)
{
  g_autoptr (GUri) uri = g_uri_parse_relative (self->base_uri, reference, SOUP_HTTP_URI_FLAGS, NULL);

  if (uri == NULL)
    {
      g_set_error (error, PW_ERROR, PW_ERROR_PROTOCOL,
                   _("“%s” is not a web address."), reference);
      return NULL;
    }
  if (!_pw_market_check_uri (uri, error))
    return NULL;
  return g_steal_pointer (&uri);
}

gboolean
_pw_market_client_may_send_token (PwMarketClient *self,
                                  GUri           *uri)
{
  return _pw_market_same_origin (self->base_uri, uri);
}

const char *
_pw_market_client_get_token (PwMarketClient *self)
{
  return self->token;
}

/* How the token goes in the Authorization header: "Bearer" unless a
 * server of another kind wants its own scheme, such as "Token"; "" sends
 * none, as to sign in. */
void
_pw_market_client_set_token_scheme (PwMarketClient *self,
                                    const char     *scheme)
{
  g_free (self->token_scheme);
  self->token_scheme = g_strdup (scheme);
}

const char *
_pw_market_client_get_token_scheme (PwMarketClient *self)
{
  return self->token_scheme != NULL ? self->token_scheme : "Bearer";
}

/* The Accept header of every request: "application/json" unless a server
 * names its answers otherwise. */
void
_pw_market_client_set_accept (PwMarketClient *self,
                              const char     *accept)
{
  g_free (self->accept);
  self->accept = g_strdup (accept);
}

const char *
_pw_market_client_get_accept (PwMarketClient *self)
{
  return self->accept != NULL ? self->accept : "application/json";
}

/* Media whose server hands a download on to another host (presigned
 * storage URLs) are followed there, without the token. */
gboolean
_pw_market_client_get_media_follows_other_origins (PwMarketClient *self)
{
  return self->media_follows_other_origins;
}

void
_pw_market_client_set_media_follows_other_origins (PwMarketClient *self,
                                                   gboolean        follow)
{
  self->media_follows_other_origins = follow;
}

SoupSession *
_pw_market_client_get_session (PwMarketClient *self)
{
  return self->session;
}

/**
 * pw_market_new_idempotency_key:
 *
 * Makes the key a submission keeps on every retry, so the marketplace
 * counts it once.
 *
 * Returns: (transfer full): a random UUID (version 4)
 */
char *
pw_market_new_idempotency_key (void)
{
  return g_uuid_string_random ();
}
