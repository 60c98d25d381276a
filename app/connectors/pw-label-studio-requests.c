/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "market/pw-market-client-private.h"
#include "pw-error.h"
#include "pw-json.h"
#include "pw-label-studio-connector.h"
#include "pw-label-studio-private.h"

/* Requests to a Label Studio server: the access token traded for the
 * worker's refresh token, each request sent with it and sent again once
 * on 401, and what the connector's files share in reading the answers. */

#define REFRESH_MARGIN_S 60

/**
 * _pw_ls_token_is_jwt:
 * @token: a token the worker gave
 * @expires_at: (out) (optional): its "exp", in seconds since 1970, or 0
 *
 * Returns: %TRUE when @token is a JSON Web Token
 */
gboolean
_pw_ls_token_is_jwt (const char *token,
                     gint64     *expires_at)
{
  g_auto (GStrv) parts = g_strsplit (token, ".", -1);
  g_autoptr (JsonNode) root = NULL;
  g_autofree guchar *payload = NULL;
  g_autofree char *padded = NULL;
  JsonNode *exp;
  gsize length = 0;

  if (expires_at != NULL)
    *expires_at = 0;
  if (g_strv_length (parts) != 3 || *parts[1] == '\0')
    return FALSE;

  /* base64url without padding, as JWTs write it */
  padded = g_strnfill (strlen (parts[1]) + 3, '=');
  memcpy (padded, parts[1], strlen (parts[1]));
  padded[strlen (parts[1]) + (4 - strlen (parts[1]) % 4) % 4] = '\0';
  for (char *p = padded; *p != '\0'; p++)
    {
      if (*p == '-')
        *p = '+';
      else if (*p == '_')
        *p = '/';
      else if (!g_ascii_isalnum (*p) && *p != '=')
        return FALSE;
    }
  payload = g_base64_decode (padded, &length);
  if (length == 0 || (root = pw_json_parse ((const char *) payload, length, "token", NULL)) == NULL
      || !JSON_NODE_HOLDS_OBJECT (root))
    return FALSE;
  exp = json_object_get_member (json_node_get_object (root), "exp");
  if (expires_at != NULL && exp != NULL && JSON_NODE_HOLDS_VALUE (exp)
      && json_node_get_value_type (exp) == G_TYPE_INT64)
    *expires_at = json_node_get_int (exp);
  return TRUE;
}

/* The access token */

typedef struct
{
  PwLsAccessFunc func;
  gpointer       data;
} Waiter;

static void
on_refreshed (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr (PwLabelStudioConnector) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) root = _pw_market_call_json_finish (PW_MARKET_CLIENT (source), result, &error);
  g_autoptr (GPtrArray) waiters = NULL;
  const char *access = NULL;

  if (root != NULL)
    {
      JsonObject *object = pw_json_get_object (root, "token refresh", &error);

      if (object != NULL && pw_json_member_string (object, "access", "token refresh", FALSE, &access, &error))
        {
          gint64 expires_at = 0;

          if (*access == '\0' || strpbrk (access, " \t\r\n") != NULL)
            g_set_error_literal (&error, PW_ERROR, PW_ERROR_PROTOCOL,
                                 _("Label Studio answered the token refresh with an empty or malformed access token."));
          else
            {
              _pw_ls_token_is_jwt (access, &expires_at);
              pw_market_client_set_token (self->client, access);
              self->has_access = TRUE;
              /* An access token without "exp" is taken for Label Studio's
               * five minutes. */
              self->access_expires_at = expires_at > 0 ? expires_at : g_get_real_time () / G_USEC_PER_SEC + 300;
            }
        }
    }

  self->refreshing = FALSE;
  waiters = g_steal_pointer (&self->refresh_waiters);
  self->refresh_waiters = g_ptr_array_new ();
  for (guint i = 0; i < waiters->len; i++)
    {
      Waiter *waiter = waiters->pdata[i];

      waiter->func (error, waiter->data);
      g_free (waiter);
    }
}

/* Calls @func once the account has an access token that runs for another
 * minute at least, refreshing it first where needed or @force. */
void
_pw_ls_with_access (PwLabelStudioConnector *self,
                    gboolean                force,
                    PwLsAccessFunc          func,
                    gpointer                user_data)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  Waiter *waiter;
  g_autoptr (JsonBuilder) builder = NULL;
  g_autoptr (JsonNode) body = NULL;
  g_autofree char *text = NULL;
  g_autoptr (GBytes) bytes = NULL;

  if (!self->jwt
      || (!force && !self->refreshing && self->has_access && self->access_expires_at - now > REFRESH_MARGIN_S))
    {
      func (NULL, user_data);
      return;
    }

  waiter = g_new0 (Waiter, 1);
  waiter->func = func;
  waiter->data = user_data;
  g_ptr_array_add (self->refresh_waiters, waiter);
  if (self->refreshing)
    return;

  self->refreshing = TRUE;
  self->has_access = FALSE;
  builder = json_builder_new ();
  json_builder_begin_object (builder);
  pw_json_builder_add_string (builder, "refresh", self->token);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);
  text = pw_json_to_string (body, FALSE);
  bytes = g_bytes_new (text, strlen (text));
  /* The refresh carries no Authorization: an expired access token would
   * have it refused. */
  _pw_market_call_json_async (self->client, "POST", "api/token/refresh/", bytes, TRUE,
                              PW_MARKET_SMALL_ANSWER_MAX_BYTES, NULL, on_refreshed, g_object_ref (self));
}

/* One request with the token, refreshed and sent again once on 401 */

typedef struct
{
  PwLabelStudioConnector *self;
  GTask                  *flow;
  char                   *method;
  char                   *path;
  GBytes                 *body;
  gsize                   max_bytes;
  PwLsStepFunc            step;
  gboolean                retried;
} Request;

static void
request_free (Request *request)
{
  g_object_unref (request->self);
  g_object_unref (request->flow);
  g_free (request->method);
  g_free (request->path);
  g_clear_pointer (&request->body, g_bytes_unref);
  g_free (request);
}

static void request_send (GError   *error,
                          gpointer  user_data);

static void
on_request_answered (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  Request *request = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) answer = _pw_market_call_json_finish (PW_MARKET_CLIENT (source), result, &error);

  if (answer == NULL && request->self->jwt && !request->retried
      && g_error_matches (error, PW_ERROR, PW_ERROR_UNAUTHORIZED))
    {
      request->retried = TRUE;
      _pw_ls_with_access (request->self, TRUE, request_send, request);
      return;
    }
  /* An answer that is not JSON, or too large, is the server's or a page
   * in front of it: the worker is told so and what to do. */
  if (g_error_matches (error, PW_ERROR, PW_ERROR_PROTOCOL))
    {
      char *message = g_strdup_printf (_("Label Studio’s answer cannot be read (%s). Check that the account’s address leads to the Label Studio server itself; nothing is lost, and Piecework tries again later."),
                                       error->message);

      g_free (error->message);
      error->message = message;
    }
  request->step (request->flow, answer, error);
  request_free (request);
}

static void
request_send (GError   *error,
              gpointer  user_data)
{
  Request *request = user_data;

  if (error != NULL)
    {
      request->step (request->flow, NULL, error);
      request_free (request);
      return;
    }
  _pw_market_call_json_async (request->self->client, request->method, request->path, request->body,
                              FALSE, request->max_bytes, g_task_get_cancellable (request->flow),
                              on_request_answered, request);
}

/* Sends @method @path with @body (a JSON value, or NULL) and calls @step
 * with the answer or the error, on behalf of @flow. */
void
_pw_ls_request (PwLabelStudioConnector *self,
                GTask                  *flow,
                const char             *method,
                const char             *path,
                JsonNode               *body,
                gsize                   max_bytes,
                PwLsStepFunc            step)
{
  Request *request = g_new0 (Request, 1);

  request->self = g_object_ref (self);
  request->flow = g_object_ref (flow);
  request->method = g_strdup (method);
  request->path = g_strdup (path);
  if (body != NULL)
    {
      char *text = pw_json_to_string (body, FALSE);

      request->body = g_bytes_new_take (text, strlen (text));
    }
  request->max_bytes = max_bytes;
  request->step = step;
  _pw_ls_with_access (self, FALSE, request_send, request);
}

char *
_pw_ls_id_string (JsonObject *object,
                  const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    node = json_object_get_member (json_node_get_object (node), "id");
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return NULL;
  return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
}

/* A server id in a path: Label Studio's ids are numbers. */
gboolean
_pw_ls_check_id (const char  *id,
                 GError     **error)
{
  if (id != NULL && *id != '\0' && strspn (id, "0123456789") == strlen (id) && strlen (id) < 19)
    return TRUE;
  g_set_error (error, PW_ERROR, PW_ERROR_NOT_FOUND,
               _("“%s” is not a Label Studio project or task."), id != NULL ? id : "");
  return FALSE;
}

void
_pw_ls_return_protocol_error (GTask      *flow,
                              const char *what,
                              GError     *error)
{
  g_task_return_new_error (flow, PW_ERROR, PW_ERROR_PROTOCOL,
                           _("Label Studio answered %s with something Piecework cannot read: %s. Check that the account’s address leads to the Label Studio server itself; nothing is lost, and Piecework tries again later."),
                           what, error->message);
}
