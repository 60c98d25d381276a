/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "market/pw-market-client-private.h"
#include "pw-error.h"
#include "pw-json.h"
#include "pw-label-studio-connector.h"
#include "pw-label-studio-private.h"

/* An account on a Label Studio server, spoken to through the market
 * client's machinery (turns, deadlines, size limits, redirects, errors).
 *
 * Tokens: a personal access token is a JWT refresh token, traded at
 * POST /api/token/refresh/ for an access token of a few minutes, sent as
 * Bearer and traded again a minute before its "exp", and once more when
 * the server answers 401. Any other token is a legacy key, sent as
 * "Token KEY".
 *
 * Claims: one task is GET /api/projects/{id}/next/, which locks it for the
 * worker; more are read by list, unannotated first, and not locked, which
 * the claim's note says. Label Studio takes annotations at any time, so a
 * claim has no lease. Submissions: POST /api/tasks/{id}/annotations/ with
 * the outbox's Idempotency-Key as unique_id (409: taken before); a server
 * that ignores unique_id is asked first for the worker's own annotation
 * with the same result.
 *
 * This file holds the connector itself: its token, who the account is,
 * what Label Studio has no room for (releases, statements) and the rest
 * of the interface. The access token and the requests that carry it are
 * in pw-label-studio-requests.c; the projects are listed in
 * pw-label-studio-listing.c, tasks claimed in pw-label-studio-claim.c,
 * work submitted in pw-label-studio-submit.c and media fetched in
 * pw-label-studio-media.c. */

static void connector_iface_init (PwConnectorInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PwLabelStudioConnector, pw_label_studio_connector, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (PW_TYPE_CONNECTOR, connector_iface_init))

static void
pw_label_studio_connector_finalize (GObject *object)
{
  PwLabelStudioConnector *self = PW_LABEL_STUDIO_CONNECTOR (object);

  g_assert (self->refresh_waiters->len == 0);
  g_ptr_array_unref (self->refresh_waiters);
  g_clear_object (&self->client);
  g_clear_object (&self->state_dir);
  g_free (self->token);

  G_OBJECT_CLASS (pw_label_studio_connector_parent_class)->finalize (object);
}

static void
pw_label_studio_connector_class_init (PwLabelStudioConnectorClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pw_label_studio_connector_finalize;
}

static void
pw_label_studio_connector_init (PwLabelStudioConnector *self)
{
  self->refresh_waiters = g_ptr_array_new ();
  self->user_id = -1;
}

static void
set_token (PwLabelStudioConnector *self,
           const char             *token)
{
  g_free (self->token);
  self->token = g_strdup (token);
  self->jwt = _pw_ls_token_is_jwt (token, NULL);
  self->has_access = FALSE;
  if (!self->jwt)
    {
      _pw_market_client_set_token_scheme (self->client, "Token");
      pw_market_client_set_token (self->client, token);
    }
  else
    _pw_market_client_set_token_scheme (self->client, "Bearer");
}

/**
 * pw_label_studio_connector_new:
 * @base_url: the server, such as `https://label.example.com/`
 * @token: a personal access token or a legacy token
 * @state_dir: (nullable): a folder the connector may keep state in
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the connector, or %NULL
 */
PwConnector *
pw_label_studio_connector_new (const char  *base_url,
                               const char  *token,
                               GFile       *state_dir,
                               GError     **error)
{
  g_autoptr (PwLabelStudioConnector) self = NULL;
  g_autoptr (PwMarketClient) client = NULL;

  g_return_val_if_fail (base_url != NULL, NULL);
  g_return_val_if_fail (token != NULL, NULL);

  client = pw_market_client_new (base_url, token, error);
  if (client == NULL)
    return NULL;
  self = g_object_new (PW_TYPE_LABEL_STUDIO_CONNECTOR, NULL);
  self->client = g_steal_pointer (&client);
  self->state_dir = state_dir != NULL ? g_object_ref (state_dir) : NULL;
  _pw_market_client_set_media_follows_other_origins (self->client, TRUE);
  set_token (self, token);
  return PW_CONNECTOR (g_steal_pointer (&self));
}

/**
 * pw_label_studio_connector_get_client:
 *
 * Returns: (transfer none): the client that carries the requests
 */
PwMarketClient *
pw_label_studio_connector_get_client (PwLabelStudioConnector *self)
{
  g_return_val_if_fail (PW_IS_LABEL_STUDIO_CONNECTOR (self), NULL);
  return self->client;
}

/* GET /api/current-user/whoami */

PwMarketMe *
_pw_ls_read_me (PwLabelStudioConnector  *self,
                JsonNode                *answer,
                GError                 **error)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) me = NULL;
  g_autofree char *id = NULL;
  g_autofree char *full = NULL;
  JsonObject *object = pw_json_get_object (answer, "whoami", error);
  const char *first = NULL, *last = NULL, *username = NULL, *email = NULL;

  if (object == NULL)
    return NULL;
  id = _pw_ls_id_string (object, "id");
  if (id == NULL)
    {
      g_set_error (error, PW_ERROR, PW_ERROR_INVALID_DATA,
                   _("%s: the member “%s” must be a number"), "whoami", "id");
      return NULL;
    }
  pw_json_member_string (object, "first_name", "whoami", TRUE, &first, NULL);
  pw_json_member_string (object, "last_name", "whoami", TRUE, &last, NULL);
  pw_json_member_string (object, "username", "whoami", TRUE, &username, NULL);
  pw_json_member_string (object, "email", "whoami", TRUE, &email, NULL);
  full = g_strstrip (g_strdup_printf ("%s %s", first != NULL ? first : "", last != NULL ? last : ""));
  self->user_id = g_ascii_strtoll (id, NULL, 10);

  json_builder_begin_object (builder);
  pw_json_builder_add_string (builder, "worker_id", id);
  pw_json_builder_add_string (builder, "name", *full != '\0' ? full
                                               : username != NULL && *username != '\0' ? username
                                               : email != NULL ? email : id);
  pw_json_builder_add_string (builder, "currency", PW_MONEY_NO_CURRENCY);
  json_builder_end_object (builder);
  me = json_builder_get_root (builder);
  return pw_market_me_new_from_json (me, error);
}

static void
on_me (GTask    *flow,
       JsonNode *answer,
       GError   *error)
{
  PwLabelStudioConnector *self = g_task_get_source_object (flow);
  g_autoptr (GError) local_error = NULL;
  PwMarketMe *me;

  if (error != NULL)
    {
      g_task_return_error (flow, g_error_copy (error));
      return;
    }
  me = _pw_ls_read_me (self, answer, &local_error);
  if (me == NULL)
    _pw_ls_return_protocol_error (flow, "GET /api/current-user/whoami", local_error);
  else
    g_task_return_pointer (flow, me, (GDestroyNotify) pw_market_me_unref);
}

static void
ls_get_me_async (PwConnector         *connector,
                 GCancellable        *cancellable,
                 GAsyncReadyCallback  callback,
                 gpointer             user_data)
{
  PwLabelStudioConnector *self = PW_LABEL_STUDIO_CONNECTOR (connector);
  g_autoptr (GTask) flow = g_task_new (self, cancellable, callback, user_data);

  _pw_ls_request (self, flow, "GET", "api/current-user/whoami", NULL,
                  PW_MARKET_SMALL_ANSWER_MAX_BYTES, on_me);
}

gpointer
_pw_ls_finish (PwConnector   *connector,
               GAsyncResult  *result,
               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, connector), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static PwMarketMe *
ls_get_me_finish (PwConnector   *connector,
                  GAsyncResult  *result,
                  GError       **error)
{
  return _pw_ls_finish (connector, result, error);
}

/* Release: Label Studio's locks run out by themselves. */

static void
ls_release_async (PwConnector         *connector,
                  const char          *claim_id,
                  const char *const   *task_ids,
                  GCancellable        *cancellable,
                  GAsyncReadyCallback  callback,
                  gpointer             user_data)
{
  g_autoptr (GTask) task = g_task_new (connector, cancellable, callback, user_data);

  g_task_return_boolean (task, TRUE);
}

static gboolean
ls_release_finish (PwConnector   *connector,
                   GAsyncResult  *result,
                   guint         *n_released,
                   GError       **error)
{
  if (n_released != NULL)
    *n_released = 0;
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Statement: Label Studio keeps no record of pay. */

static void
ls_statement_async (PwConnector         *connector,
                    const char          *after,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  g_autoptr (GTask) task = g_task_new (connector, cancellable, callback, user_data);
  static const char empty[] = "{\"entries\": [], \"next\": null}";
  g_autoptr (JsonNode) root = pw_json_parse (empty, strlen (empty), "statement", NULL);
  g_autoptr (GError) error = NULL;
  PwStatementPage *page = pw_statement_page_new_from_json (root, &error);

  if (page == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, page, (GDestroyNotify) pw_statement_page_unref);
}

static PwStatementPage *
ls_statement_finish (PwConnector   *connector,
                     GAsyncResult  *result,
                     GError       **error)
{
  return _pw_ls_finish (connector, result, error);
}

/* The rest of the interface */

static PwAccountKind
ls_get_kind (PwConnector *connector)
{
  return PW_ACCOUNT_KIND_LABEL_STUDIO;
}

static const char *
ls_get_base_url (PwConnector *connector)
{
  return pw_market_client_get_base_url (PW_LABEL_STUDIO_CONNECTOR (connector)->client);
}

static void
ls_set_token (PwConnector *connector,
              const char  *token)
{
  set_token (PW_LABEL_STUDIO_CONNECTOR (connector), token);
}

static void
connector_iface_init (PwConnectorInterface *iface)
{
  iface->get_kind = ls_get_kind;
  iface->get_base_url = ls_get_base_url;
  iface->set_token = ls_set_token;
  iface->get_me_async = ls_get_me_async;
  iface->get_me_finish = ls_get_me_finish;
  iface->list_projects_async = _pw_ls_list_projects_async;
  iface->list_projects_finish = _pw_ls_list_projects_finish;
  iface->claim_async = _pw_ls_claim_async;
  iface->claim_finish = _pw_ls_claim_finish;
  iface->release_async = ls_release_async;
  iface->release_finish = ls_release_finish;
  iface->submit_async = _pw_ls_submit_async;
  iface->submit_finish = _pw_ls_submit_finish;
  iface->statement_async = ls_statement_async;
  iface->statement_finish = ls_statement_finish;
  iface->fetch_media_async = _pw_ls_fetch_media_async;
  iface->fetch_media_finish = _pw_ls_fetch_media_finish;
}
