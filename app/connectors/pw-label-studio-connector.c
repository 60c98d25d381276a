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
 * with the same result. */

#define REFRESH_MARGIN_S 60
#define PAGE_SIZE 100
#define MAX_PAGES 100

struct _PwLabelStudioConnector
{
  GObject         parent_instance;

  PwMarketClient *client;
  GFile          *state_dir;
  char           *token;
  gboolean        jwt;
  gboolean        has_access;
  gint64          access_expires_at;
  gboolean        refreshing;
  GPtrArray      *refresh_waiters;
  gint64          user_id;
};

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

/* The access token */

typedef void (*AccessFunc) (GError   *error,
                            gpointer  user_data);

typedef struct
{
  AccessFunc func;
  gpointer   data;
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
static void
with_access (PwLabelStudioConnector *self,
             gboolean                force,
             AccessFunc              func,
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

typedef void (*StepFunc) (GTask    *flow,
                          JsonNode *answer,
                          GError   *error);

typedef struct
{
  PwLabelStudioConnector *self;
  GTask                  *flow;
  char                   *method;
  char                   *path;
  GBytes                 *body;
  gsize                   max_bytes;
  StepFunc                step;
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
      with_access (request->self, TRUE, request_send, request);
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
static void
ls_request (PwLabelStudioConnector *self,
            GTask                  *flow,
            const char             *method,
            const char             *path,
            JsonNode               *body,
            gsize                   max_bytes,
            StepFunc                step)
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
  with_access (self, FALSE, request_send, request);
}

static char *
id_string (JsonObject *object,
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
static gboolean
check_id (const char  *id,
          GError     **error)
{
  if (id != NULL && *id != '\0' && strspn (id, "0123456789") == strlen (id) && strlen (id) < 19)
    return TRUE;
  g_set_error (error, PW_ERROR, PW_ERROR_NOT_FOUND,
               _("“%s” is not a Label Studio project or task."), id != NULL ? id : "");
  return FALSE;
}

static void
return_protocol_error (GTask      *flow,
                       const char *what,
                       GError     *error)
{
  g_task_return_new_error (flow, PW_ERROR, PW_ERROR_PROTOCOL,
                           _("Label Studio answered %s with something Piecework cannot read: %s. Check that the account’s address leads to the Label Studio server itself; nothing is lost, and Piecework tries again later."),
                           what, error->message);
}

/* GET /api/current-user/whoami */

static PwMarketMe *
read_me (PwLabelStudioConnector  *self,
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
  id = id_string (object, "id");
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
  me = read_me (self, answer, &local_error);
  if (me == NULL)
    return_protocol_error (flow, "GET /api/current-user/whoami", local_error);
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

  ls_request (self, flow, "GET", "api/current-user/whoami", NULL, PW_MARKET_SMALL_ANSWER_MAX_BYTES, on_me);
}

static gpointer
ls_finish (PwConnector   *connector,
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
  return ls_finish (connector, result, error);
}

/* GET /api/projects/ (paged) */

typedef struct
{
  GPtrArray *projects;
  guint      page;
} ListFlow;

static void
list_flow_free (gpointer data)
{
  ListFlow *list = data;

  g_ptr_array_unref (list->projects);
  g_free (list);
}

static void list_next_page (GTask *flow);

static void
on_projects_page (GTask    *flow,
                  JsonNode *answer,
                  GError   *error)
{
  ListFlow *list = g_task_get_task_data (flow);
  g_autoptr (GError) local_error = NULL;
  JsonObject *object;
  JsonArray *results;
  JsonNode *next;

  if (error != NULL)
    {
      g_task_return_error (flow, g_error_copy (error));
      return;
    }
  object = pw_json_get_object (answer, "projects", &local_error);
  results = object != NULL ? pw_json_member_array (object, "results", "projects", &local_error) : NULL;
  if (results == NULL)
    {
      return_protocol_error (flow, "GET /api/projects/", local_error);
      return;
    }
  for (guint i = 0; i < json_array_get_length (results); i++)
    {
      g_autofree char *what = g_strdup_printf ("results[%u]", list->projects->len);
      JsonNode *element = json_array_get_element (results, i);
      g_autoptr (JsonNode) contract = NULL;
      PwProject *project;

      contract = JSON_NODE_HOLDS_OBJECT (element)
                 ? _pw_ls_project_to_contract (json_node_get_object (element), &local_error) : NULL;
      project = contract != NULL ? pw_project_new_from_json (contract, what, &local_error) : NULL;
      if (project == NULL)
        {
          if (local_error == NULL)
            g_set_error (&local_error, PW_ERROR, PW_ERROR_INVALID_DATA, _("%s must be an object"), what);
          return_protocol_error (flow, "GET /api/projects/", local_error);
          return;
        }
      g_ptr_array_add (list->projects, project);
    }

  next = json_object_get_member (object, "next");
  if (next != NULL && !JSON_NODE_HOLDS_NULL (next) && json_array_get_length (results) > 0
      && list->page < MAX_PAGES)
    {
      list->page++;
      list_next_page (flow);
      return;
    }
  g_task_return_pointer (flow, g_ptr_array_ref (list->projects), (GDestroyNotify) g_ptr_array_unref);
}

static void
list_next_page (GTask *flow)
{
  ListFlow *list = g_task_get_task_data (flow);
  g_autofree char *path = g_strdup_printf ("api/projects/?page=%u&page_size=%d", list->page, PAGE_SIZE);

  ls_request (g_task_get_source_object (flow), flow, "GET", path, NULL,
              PW_MARKET_PROJECTS_MAX_BYTES, on_projects_page);
}

static void
ls_list_projects_async (PwConnector         *connector,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr (GTask) flow = g_task_new (connector, cancellable, callback, user_data);
  ListFlow *list = g_new0 (ListFlow, 1);

  list->projects = g_ptr_array_new_with_free_func ((GDestroyNotify) pw_project_unref);
  list->page = 1;
  g_task_set_task_data (flow, list, list_flow_free);
  list_next_page (flow);
}

static GPtrArray *
ls_list_projects_finish (PwConnector   *connector,
                         GAsyncResult  *result,
                         GError       **error)
{
  return ls_finish (connector, result, error);
}

/* Claims */

typedef struct
{
  char       *project_id;
  guint       count;
  PwLsConfig *config;
  JsonArray  *tasks;  /* Label Studio's tasks */
  guint       page;
  gint64      total;
} ClaimFlow;

static void
claim_flow_free (gpointer data)
{
  ClaimFlow *claim = data;

  g_free (claim->project_id);
  g_clear_pointer (&claim->config, _pw_ls_config_free);
  json_array_unref (claim->tasks);
  g_free (claim);
}

/* The annotation to correct: the newest of the task's annotations that
 * was not skipped, else its newest prediction. */
static JsonNode *
task_prefill (PwLsConfig *config,
              JsonObject *task,
              const char *text)
{
  static const char *const members[] = { "annotations", "predictions" };

  for (guint m = 0; m < G_N_ELEMENTS (members); m++)
    {
      JsonNode *list = json_object_get_member (task, members[m]);
      JsonArray *array;

      if (list == NULL || !JSON_NODE_HOLDS_ARRAY (list))
        continue;
      array = json_node_get_array (list);
      for (guint i = json_array_get_length (array); i > 0; i--)
        {
          JsonNode *element = json_array_get_element (array, i - 1);
          JsonObject *item = JSON_NODE_HOLDS_OBJECT (element) ? json_node_get_object (element) : NULL;
          JsonNode *result = item != NULL ? json_object_get_member (item, "result") : NULL;
          JsonNode *cancelled = item != NULL ? json_object_get_member (item, "was_cancelled") : NULL;
          JsonNode *prefill;

          if (result == NULL || !JSON_NODE_HOLDS_ARRAY (result)
              || (cancelled != NULL && JSON_NODE_HOLDS_VALUE (cancelled) && json_node_get_boolean (cancelled)))
            continue;
          prefill = _pw_ls_results_to_annotation (config, json_node_get_array (result), text, NULL);
          if (prefill != NULL && json_object_get_size (json_node_get_object (prefill)) > 0)
            return prefill;
          g_clear_pointer (&prefill, json_node_unref);
        }
    }
  return NULL;
}

/* Where a task's image or recording is downloaded from: a path on the
 * server (with the token), an address elsewhere, or a cloud storage's own
 * URI through the server's resolver, which hands it on to a presigned
 * address (without the token). */
static char *
media_url (const char *task_id,
           const char *value)
{
  g_autofree char *encoded = NULL;
  g_autofree char *escaped = NULL;

  if (g_str_has_prefix (value, "http://") || g_str_has_prefix (value, "https://") || value[0] == '/')
    return g_strdup (value);
  if (strstr (value, "://") == NULL)
    return g_strconcat ("/", value, NULL);
  encoded = g_base64_encode ((const guchar *) value, strlen (value));
  escaped = g_uri_escape_string (encoded, NULL, FALSE);
  return g_strdup_printf ("/tasks/%s/resolve/?fileuri=%s", task_id, escaped);
}

static JsonNode *
task_to_contract (ClaimFlow   *claim,
                  JsonObject  *task,
                  GError     **error)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autofree char *id = id_string (task, "id");
  JsonNode *data_node = json_object_get_member (task, "data");
  JsonObject *data = data_node != NULL && JSON_NODE_HOLDS_OBJECT (data_node) ? json_node_get_object (data_node) : NULL;
  const char *value = NULL;
  JsonNode *prefill;

  if (id == NULL || data == NULL || claim->config->value_key == NULL
      || !pw_json_member_string (data, claim->config->value_key, "task.data", FALSE, &value, NULL))
    {
      g_set_error (error, PW_ERROR, PW_ERROR_INVALID_DATA,
                   _("A task has no id, or no “%s” in its data."),
                   claim->config->value_key != NULL ? claim->config->value_key : "");
      return NULL;
    }

  json_builder_begin_object (builder);
  pw_json_builder_add_string (builder, "id", id);
  pw_json_builder_add_string (builder, "project_id", claim->project_id);
  pw_json_builder_add_string (builder, "kind", pw_task_kind_to_string (claim->config->kind));
  json_builder_set_member_name (builder, "pay");
  json_builder_begin_object (builder);
  pw_json_builder_add_string (builder, "amount", "0.00");
  pw_json_builder_add_string (builder, "currency", PW_MONEY_NO_CURRENCY);
  json_builder_end_object (builder);
  if (claim->config->kind == PW_TASK_KIND_TEXT)
    pw_json_builder_add_string (builder, "text", value);
  else
    {
      g_autofree char *url = media_url (id, value);

      json_builder_set_member_name (builder, "media");
      json_builder_begin_object (builder);
      pw_json_builder_add_string (builder, "url", url);
      json_builder_end_object (builder);
    }
  prefill = task_prefill (claim->config, task, claim->config->kind == PW_TASK_KIND_TEXT ? value : NULL);
  json_builder_set_member_name (builder, "prefill");
  if (prefill != NULL)
    json_builder_add_value (builder, prefill);
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static gboolean
has_annotations (JsonObject *task)
{
  JsonNode *node = json_object_get_member (task, "total_annotations");

  if (node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64)
    return json_node_get_int (node) > 0;
  node = json_object_get_member (task, "is_labeled");
  if (node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_BOOLEAN)
    return json_node_get_boolean (node);
  node = json_object_get_member (task, "annotations");
  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) && json_array_get_length (json_node_get_array (node)) > 0;
}

static void
finish_claim (GTask *flow)
{
  ClaimFlow *claim = g_task_get_task_data (flow);
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) order = g_ptr_array_new ();
  g_autofree char *claim_id = g_uuid_string_random ();
  PwClaim *result;

  /* Unannotated tasks first, each group in the server's order. */
  for (guint pass = 0; pass < 2; pass++)
    for (guint i = 0; i < json_array_get_length (claim->tasks); i++)
      {
        JsonObject *task = json_array_get_object_element (claim->tasks, i);

        if (task != NULL && has_annotations (task) == (pass == 1) && order->len < claim->count)
          g_ptr_array_add (order, task);
      }

  json_builder_begin_object (builder);
  pw_json_builder_add_string (builder, "claim_id", claim_id);
  json_builder_set_member_name (builder, "lease_expires_at");
  json_builder_add_null_value (builder);
  if (claim->count > 1 && order->len > 0)
    pw_json_builder_add_string (builder, "note",
                                _("These tasks are not locked for you: others on the project may label them too."));
  json_builder_set_member_name (builder, "tasks");
  json_builder_begin_array (builder);
  for (guint i = 0; i < order->len; i++)
    {
      JsonNode *task = task_to_contract (claim, order->pdata[i], &error);

      if (task == NULL)
        {
          return_protocol_error (flow, "GET /api/tasks/", error);
          return;
        }
      json_builder_add_value (builder, task);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);

  result = pw_claim_new_from_json (root, &error);
  if (result == NULL)
    g_task_return_error (flow, g_steal_pointer (&error));
  else
    g_task_return_pointer (flow, result, (GDestroyNotify) pw_claim_unref);
}

static void
on_next_task (GTask    *flow,
              JsonNode *answer,
              GError   *error)
{
  ClaimFlow *claim = g_task_get_task_data (flow);

  /* 404: nothing left to label */
  if (error != NULL && !g_error_matches (error, PW_ERROR, PW_ERROR_NOT_FOUND))
    {
      g_task_return_error (flow, g_error_copy (error));
      return;
    }
  if (answer != NULL)
    {
      if (!JSON_NODE_HOLDS_OBJECT (answer))
        {
          g_autoptr (GError) local_error = g_error_new_literal (PW_ERROR, PW_ERROR_INVALID_DATA,
                                                                _("The task is not an object."));

          return_protocol_error (flow, "GET next/", local_error);
          return;
        }
      json_array_add_element (claim->tasks, json_node_copy (answer));
    }
  finish_claim (flow);
}

static void read_task_page (GTask *flow);

static void
on_task_page (GTask    *flow,
              JsonNode *answer,
              GError   *error)
{
  ClaimFlow *claim = g_task_get_task_data (flow);
  g_autoptr (GError) local_error = NULL;
  JsonObject *object;
  JsonArray *tasks;
  guint n_unannotated = 0;

  /* Past the last page, Label Studio answers 404. */
  if (error != NULL && claim->page > 1 && g_error_matches (error, PW_ERROR, PW_ERROR_NOT_FOUND))
    {
      finish_claim (flow);
      return;
    }
  if (error != NULL)
    {
      g_task_return_error (flow, g_error_copy (error));
      return;
    }
  object = pw_json_get_object (answer, "tasks", &local_error);
  tasks = object != NULL ? pw_json_member_array (object, "tasks", "tasks", &local_error) : NULL;
  if (tasks == NULL || !pw_json_member_int (object, "total", "tasks", &claim->total, &local_error))
    {
      return_protocol_error (flow, "GET /api/tasks/", local_error);
      return;
    }
  for (guint i = 0; i < json_array_get_length (tasks); i++)
    json_array_add_element (claim->tasks, json_node_copy (json_array_get_element (tasks, i)));
  for (guint i = 0; i < json_array_get_length (claim->tasks); i++)
    {
      JsonObject *task = json_array_get_object_element (claim->tasks, i);

      if (task != NULL && !has_annotations (task))
        n_unannotated++;
    }

  if (json_array_get_length (tasks) > 0 && json_array_get_length (claim->tasks) < claim->total
      && n_unannotated < claim->count && claim->page < MAX_PAGES)
    {
      claim->page++;
      read_task_page (flow);
      return;
    }
  finish_claim (flow);
}

static void
read_task_page (GTask *flow)
{
  ClaimFlow *claim = g_task_get_task_data (flow);
  g_autofree char *path = g_strdup_printf ("api/tasks/?project=%s&page=%u&page_size=%d&fields=all",
                                           claim->project_id, claim->page, PAGE_SIZE);

  ls_request (g_task_get_source_object (flow), flow, "GET", path, NULL, PW_MARKET_CLAIM_MAX_BYTES,
              on_task_page);
}

static void
on_claim_project (GTask    *flow,
                  JsonNode *answer,
                  GError   *error)
{
  ClaimFlow *claim = g_task_get_task_data (flow);
  g_autoptr (GError) local_error = NULL;
  JsonObject *object;
  const char *xml = NULL;

  if (error != NULL)
    {
      g_task_return_error (flow, g_error_copy (error));
      return;
    }
  object = pw_json_get_object (answer, "project", &local_error);
  if (object == NULL
      || !pw_json_member_string (object, "label_config", "project", FALSE, &xml, &local_error))
    {
      return_protocol_error (flow, "GET /api/projects/{id}/", local_error);
      return;
    }
  claim->config = _pw_ls_config_parse (xml, NULL);
  if (claim->config->unsupported != NULL)
    {
      g_task_return_new_error (flow, PW_ERROR, PW_ERROR_UNSUPPORTED, "%s", claim->config->unsupported);
      return;
    }

  if (claim->count == 1)
    {
      g_autofree char *path = g_strdup_printf ("api/projects/%s/next/", claim->project_id);

      ls_request (g_task_get_source_object (flow), flow, "GET", path, NULL,
                  PW_MARKET_CLAIM_MAX_BYTES, on_next_task);
      return;
    }
  claim->page = 1;
  read_task_page (flow);
}

static void
ls_claim_async (PwConnector         *connector,
                const char          *project_id,
                guint                count,
                GCancellable        *cancellable,
                GAsyncReadyCallback  callback,
                gpointer             user_data)
{
  g_autoptr (GTask) flow = g_task_new (connector, cancellable, callback, user_data);
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;
  ClaimFlow *claim;

  if (!check_id (project_id, &error))
    {
      g_task_return_error (flow, g_steal_pointer (&error));
      return;
    }
  claim = g_new0 (ClaimFlow, 1);
  claim->project_id = g_strdup (project_id);
  claim->count = CLAMP (count, 1, 100);
  claim->tasks = json_array_new ();
  g_task_set_task_data (flow, claim, claim_flow_free);
  path = g_strdup_printf ("api/projects/%s/", project_id);
  ls_request (PW_LABEL_STUDIO_CONNECTOR (connector), flow, "GET", path, NULL,
              PW_MARKET_PROJECTS_MAX_BYTES, on_claim_project);
}

static PwClaim *
ls_claim_finish (PwConnector   *connector,
                 GAsyncResult  *result,
                 GError       **error)
{
  return ls_finish (connector, result, error);
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

/* Submissions */

typedef struct
{
  char       *task_id;
  char       *key;
  JsonNode   *annotation;
  double      active_seconds;
  char       *project_id;
  JsonNode   *data;
  PwLsConfig *config;
  JsonNode   *results;
} SubmitFlow;

static void
submit_flow_free (gpointer data)
{
  SubmitFlow *submit = data;

  g_free (submit->task_id);
  g_free (submit->key);
  g_clear_pointer (&submit->annotation, json_node_unref);
  g_free (submit->project_id);
  g_clear_pointer (&submit->data, json_node_unref);
  g_clear_pointer (&submit->config, _pw_ls_config_free);
  g_clear_pointer (&submit->results, json_node_unref);
  g_free (submit);
}

static void
return_receipt (GTask      *flow,
                const char *annotation_id,
                gboolean    replayed)
{
  SubmitFlow *submit = g_task_get_task_data (flow);
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (GError) error = NULL;
  PwSubmissionResult *result;

  json_builder_begin_object (builder);
  pw_json_builder_add_string (builder, "submission_id", annotation_id);
  pw_json_builder_add_string (builder, "task_id", submit->task_id);
  pw_json_builder_add_string (builder, "status", "pending_review");
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  result = pw_submission_result_new_from_json (root, replayed, &error);
  if (result == NULL)
    g_task_return_error (flow, g_steal_pointer (&error));
  else
    g_task_return_pointer (flow, result, (GDestroyNotify) pw_submission_result_unref);
}

/* The task is gone or out of the worker's reach: the outbox keeps the
 * work, as after a reassignment. */
static void
return_task_error (GTask  *flow,
                   GError *error)
{
  if (g_error_matches (error, PW_ERROR, PW_ERROR_NOT_FOUND)
      || g_error_matches (error, PW_ERROR, PW_ERROR_FORBIDDEN))
    {
      GError *reassigned = g_error_new_literal (PW_ERROR, PW_ERROR_REASSIGNED,
                                                _("Label Studio no longer offers this task to you; it was deleted or given to someone else. The work is kept here."));

      pw_error_set_remote (reassigned, pw_error_get_http_status (error), NULL, -1);
      g_task_return_error (flow, reassigned);
      return;
    }
  g_task_return_error (flow, g_error_copy (error));
}

static void
on_annotation_created (GTask    *flow,
                       JsonNode *answer,
                       GError   *error)
{
  SubmitFlow *submit = g_task_get_task_data (flow);
  g_autofree char *id = NULL;

  /* 409: an annotation with this unique_id is there already. */
  if (g_error_matches (error, PW_ERROR, PW_ERROR_CONFLICT))
    {
      return_receipt (flow, submit->key, TRUE);
      return;
    }
  if (error != NULL)
    {
      return_task_error (flow, error);
      return;
    }
  id = JSON_NODE_HOLDS_OBJECT (answer) ? id_string (json_node_get_object (answer), "id") : NULL;
  return_receipt (flow, id != NULL ? id : submit->key, FALSE);
}

static gboolean
is_own_copy (SubmitFlow *submit,
             gint64      user_id,
             JsonObject *annotation)
{
  g_autofree char *author = id_string (annotation, "completed_by");
  JsonNode *result = json_object_get_member (annotation, "result");
  JsonNode *unique_id = json_object_get_member (annotation, "unique_id");

  if (unique_id != NULL && JSON_NODE_HOLDS_VALUE (unique_id)
      && json_node_get_value_type (unique_id) == G_TYPE_STRING
      && g_ascii_strcasecmp (json_node_get_string (unique_id), submit->key) == 0)
    return TRUE;
  return author != NULL && g_ascii_strtoll (author, NULL, 10) == user_id
         && result != NULL && json_node_equal (result, submit->results);
}

static void
on_task_annotations (GTask    *flow,
                     JsonNode *answer,
                     GError   *error)
{
  PwLabelStudioConnector *self = g_task_get_source_object (flow);
  SubmitFlow *submit = g_task_get_task_data (flow);
  g_autoptr (JsonBuilder) builder = NULL;
  g_autoptr (JsonNode) body = NULL;
  g_autofree char *path = NULL;

  if (error != NULL)
    {
      return_task_error (flow, error);
      return;
    }
  if (!JSON_NODE_HOLDS_ARRAY (answer))
    {
      g_autoptr (GError) local_error = g_error_new_literal (PW_ERROR, PW_ERROR_INVALID_DATA,
                                                            _("The annotations are not a list."));

      return_protocol_error (flow, "GET /api/tasks/{id}/annotations/", local_error);
      return;
    }

  /* A server that ignores unique_id would take a second copy of work
   * whose first answer was lost: the worker's own is looked for first. */
  for (guint i = 0; i < json_array_get_length (json_node_get_array (answer)); i++)
    {
      JsonObject *annotation = json_array_get_object_element (json_node_get_array (answer), i);

      if (annotation != NULL && is_own_copy (submit, self->user_id, annotation))
        {
          g_autofree char *id = id_string (annotation, "id");

          return_receipt (flow, id != NULL ? id : submit->key, TRUE);
          return;
        }
    }

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "result");
  json_builder_add_value (builder, json_node_copy (submit->results));
  json_builder_set_member_name (builder, "lead_time");
  json_builder_add_double_value (builder, submit->active_seconds);
  pw_json_builder_add_string (builder, "unique_id", submit->key);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);
  path = g_strdup_printf ("api/tasks/%s/annotations/", submit->task_id);
  ls_request (self, flow, "POST", path, body, PW_MARKET_SMALL_ANSWER_MAX_BYTES, on_annotation_created);
}

static void
look_for_own_copy (GTask *flow)
{
  SubmitFlow *submit = g_task_get_task_data (flow);
  g_autofree char *path = g_strdup_printf ("api/tasks/%s/annotations/", submit->task_id);

  ls_request (g_task_get_source_object (flow), flow, "GET", path, NULL, PW_MARKET_CLAIM_MAX_BYTES,
              on_task_annotations);
}

static void
on_submit_me (GTask    *flow,
              JsonNode *answer,
              GError   *error)
{
  PwLabelStudioConnector *self = g_task_get_source_object (flow);
  g_autoptr (GError) local_error = NULL;
  g_autoptr (PwMarketMe) me = NULL;

  if (error != NULL)
    {
      g_task_return_error (flow, g_error_copy (error));
      return;
    }
  me = read_me (self, answer, &local_error);
  if (me == NULL)
    {
      return_protocol_error (flow, "GET /api/current-user/whoami", local_error);
      return;
    }
  look_for_own_copy (flow);
}

static void
on_submit_project (GTask    *flow,
                   JsonNode *answer,
                   GError   *error)
{
  PwLabelStudioConnector *self = g_task_get_source_object (flow);
  SubmitFlow *submit = g_task_get_task_data (flow);
  g_autoptr (GError) local_error = NULL;
  JsonObject *object;
  const char *xml = NULL, *text = NULL;

  if (error != NULL)
    {
      return_task_error (flow, error);
      return;
    }
  object = pw_json_get_object (answer, "project", &local_error);
  if (object == NULL
      || !pw_json_member_string (object, "label_config", "project", FALSE, &xml, &local_error))
    {
      return_protocol_error (flow, "GET /api/projects/{id}/", local_error);
      return;
    }
  submit->config = _pw_ls_config_parse (xml, NULL);
  /* A configuration that cannot be read now says nothing of how the
   * work goes: it waits and goes again later. */
  if (submit->config->unsupported != NULL)
    {
      g_task_return_new_error (flow, PW_ERROR, PW_ERROR_PROTOCOL,
                               _("Label Studio’s labeling configuration of project %s cannot be used now (%s). The work is kept here and sent again later."),
                               submit->project_id, submit->config->unsupported);
      return;
    }
  /* The text of a text task, for the spans' own "text". */
  if (submit->data != NULL && submit->config->value_key != NULL)
    pw_json_member_string (json_node_get_object (submit->data), submit->config->value_key,
                           "task.data", TRUE, &text, NULL);
  submit->results = _pw_ls_annotation_to_results (submit->config, json_node_get_object (submit->annotation),
                                                  text, &local_error);
  if (submit->results == NULL)
    {
      g_task_return_error (flow, g_steal_pointer (&local_error));
      return;
    }
  if (self->user_id < 0)
    {
      ls_request (self, flow, "GET", "api/current-user/whoami", NULL, PW_MARKET_SMALL_ANSWER_MAX_BYTES,
                  on_submit_me);
      return;
    }
  look_for_own_copy (flow);
}

static void
on_submit_task (GTask    *flow,
                JsonNode *answer,
                GError   *error)
{
  SubmitFlow *submit = g_task_get_task_data (flow);
  g_autoptr (GError) local_error = NULL;
  g_autofree char *path = NULL;
  JsonObject *object;
  JsonNode *data_node;

  if (error != NULL)
    {
      return_task_error (flow, error);
      return;
    }
  object = pw_json_get_object (answer, "task", &local_error);
  submit->project_id = object != NULL ? id_string (object, "project") : NULL;
  if (submit->project_id == NULL)
    {
      if (local_error == NULL)
        local_error = g_error_new (PW_ERROR, PW_ERROR_INVALID_DATA,
                                   _("%s: the member “%s” must be a number"), "task", "project");
      return_protocol_error (flow, "GET /api/tasks/{id}/", local_error);
      return;
    }
  data_node = json_object_get_member (object, "data");
  if (data_node != NULL && JSON_NODE_HOLDS_OBJECT (data_node))
    submit->data = json_node_copy (data_node);
  path = g_strdup_printf ("api/projects/%s/", submit->project_id);
  ls_request (g_task_get_source_object (flow), flow, "GET", path, NULL, PW_MARKET_PROJECTS_MAX_BYTES,
              on_submit_project);
}

static gboolean
read_submission (SubmitFlow  *submit,
                 const char  *body,
                 GError     **error)
{
  g_autoptr (JsonNode) root = pw_json_parse (body, strlen (body), "submission", error);
  JsonObject *object = root != NULL ? pw_json_get_object (root, "submission", error) : NULL;
  JsonObject *annotation;

  if (object == NULL
      || (annotation = pw_json_member_object (object, "annotation", "submission", error)) == NULL
      || !pw_json_member_number (object, "active_seconds", "submission", &submit->active_seconds, error))
    return FALSE;
  submit->annotation = json_node_copy (json_object_get_member (object, "annotation"));
  return TRUE;
}

static void
ls_submit_async (PwConnector         *connector,
                 const char          *task_id,
                 const char          *idempotency_key,
                 const char          *body,
                 GCancellable        *cancellable,
                 GAsyncReadyCallback  callback,
                 gpointer             user_data)
{
  g_autoptr (GTask) flow = g_task_new (connector, cancellable, callback, user_data);
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;
  SubmitFlow *submit = g_new0 (SubmitFlow, 1);

  g_task_set_task_data (flow, submit, submit_flow_free);
  submit->task_id = g_strdup (task_id);
  submit->key = g_strdup (idempotency_key);
  if (!check_id (task_id, &error) || !read_submission (submit, body, &error))
    {
      g_task_return_error (flow, g_steal_pointer (&error));
      return;
    }
  path = g_strdup_printf ("api/tasks/%s/", task_id);
  ls_request (PW_LABEL_STUDIO_CONNECTOR (connector), flow, "GET", path, NULL, PW_MARKET_CLAIM_MAX_BYTES,
              on_submit_task);
}

static PwSubmissionResult *
ls_submit_finish (PwConnector   *connector,
                  GAsyncResult  *result,
                  GError       **error)
{
  return ls_finish (connector, result, error);
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
  return ls_finish (connector, result, error);
}

/* Media */

typedef struct
{
  PwMedia              *media;
  GFile                *cache_dir;
  PwMarketProgressFunc  progress;
  gpointer              progress_data;
  gboolean              retried;
} MediaFlow;

static void
media_flow_free (gpointer data)
{
  MediaFlow *media = data;

  pw_media_unref (media->media);
  g_object_unref (media->cache_dir);
  g_free (media);
}

static void fetch_with_access (GError   *error,
                               gpointer  user_data);

static void
on_media_fetched (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  GTask *flow = user_data;
  PwLabelStudioConnector *self = g_task_get_source_object (flow);
  MediaFlow *media = g_task_get_task_data (flow);
  g_autoptr (GError) error = NULL;
  GFile *file = pw_market_client_fetch_media_finish (PW_MARKET_CLIENT (source), result, &error);

  if (file == NULL && self->jwt && !media->retried
      && g_error_matches (error, PW_ERROR, PW_ERROR_UNAUTHORIZED))
    {
      media->retried = TRUE;
      with_access (self, TRUE, fetch_with_access, flow);
      return;
    }
  if (file == NULL)
    g_task_return_error (flow, g_steal_pointer (&error));
  else
    g_task_return_pointer (flow, file, g_object_unref);
  g_object_unref (flow);
}

static void
fetch_with_access (GError   *error,
                   gpointer  user_data)
{
  GTask *flow = user_data;
  PwLabelStudioConnector *self = g_task_get_source_object (flow);
  MediaFlow *media = g_task_get_task_data (flow);

  if (error != NULL)
    {
      g_task_return_error (flow, g_error_copy (error));
      g_object_unref (flow);
      return;
    }
  pw_market_client_fetch_media_async (self->client, media->media, media->cache_dir, media->progress,
                                      media->progress_data, g_task_get_cancellable (flow),
                                      on_media_fetched, flow);
}

static void
ls_fetch_media_async (PwConnector          *connector,
                      PwMedia              *media,
                      GFile                *cache_dir,
                      PwMarketProgressFunc  progress,
                      gpointer              progress_data,
                      GCancellable         *cancellable,
                      GAsyncReadyCallback   callback,
                      gpointer              user_data)
{
  GTask *flow = g_task_new (connector, cancellable, callback, user_data);
  MediaFlow *data = g_new0 (MediaFlow, 1);

  data->media = pw_media_ref (media);
  data->cache_dir = g_object_ref (cache_dir);
  data->progress = progress;
  data->progress_data = progress_data;
  g_task_set_task_data (flow, data, media_flow_free);
  with_access (PW_LABEL_STUDIO_CONNECTOR (connector), FALSE, fetch_with_access, flow);
}

static GFile *
ls_fetch_media_finish (PwConnector   *connector,
                       GAsyncResult  *result,
                       GError       **error)
{
  return ls_finish (connector, result, error);
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
  iface->list_projects_async = ls_list_projects_async;
  iface->list_projects_finish = ls_list_projects_finish;
  iface->claim_async = ls_claim_async;
  iface->claim_finish = ls_claim_finish;
  iface->release_async = ls_release_async;
  iface->release_finish = ls_release_finish;
  iface->submit_async = ls_submit_async;
  iface->submit_finish = ls_submit_finish;
  iface->statement_async = ls_statement_async;
  iface->statement_finish = ls_statement_finish;
  iface->fetch_media_async = ls_fetch_media_async;
  iface->fetch_media_finish = ls_fetch_media_finish;
}
