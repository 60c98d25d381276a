/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "pw-error.h"
#include "pw-json.h"
#include "pw-market-client-private.h"

/* The calls of the contract that answer with JSON. Each waits for its
 * turn on the account (pw-market-turn.c), sends through
 * _pw_market_send_async(), reads the body up to the call's own limit, and
 * parses and reads it in a thread, so that a large answer never holds up
 * the main loop. The turn, with its place among the account's requests in
 * flight, lasts until the answer is parsed; its deadline, until the answer
 * is read. Whatever breaks the contract becomes %PW_ERROR_PROTOCOL. */

typedef PwMarketReader Reader;

typedef struct
{
  Reader           reader;
  GDestroyNotify   free_result;
  char            *what;
  gsize            max_bytes;
  PwMarketRequest *request;
  PwMarketTurn    *turn;
  guint            status;
  GBytes          *body;
  gboolean         may_be_empty;
} Call;

static void
call_free (gpointer data)
{
  Call *call = data;

  g_free (call->what);
  g_clear_pointer (&call->request, _pw_market_request_free);
  g_clear_pointer (&call->turn, _pw_market_turn_free);
  g_clear_pointer (&call->body, g_bytes_unref);
  g_free (call);
}

/* Ends the call with @error, which the deadline may explain. */
static void
call_fail (GTask  *task,
           GError *error)
{
  Call *call = g_task_get_task_data (task);

  error = _pw_market_turn_explain (call->turn, error, NULL);
  g_clear_pointer (&call->turn, _pw_market_turn_free);
  g_task_return_error (task, error);
}

static void
parse_in_thread (GTask        *parse,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  Call *call = task_data;
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (GError) error = NULL;
  gpointer result;
  gsize length;
  const char *data = g_bytes_get_data (call->body, &length);

  /* An empty body has no data at all, which json-glib refuses to look at;
   * a call that may be answered with nothing reads it as %NULL. */
  if (length > 0 || !call->may_be_empty)
    {
      root = pw_json_parse (data != NULL ? data : "", length, call->what, &error);
      if (root == NULL)
        {
          g_task_return_new_error (parse, PW_ERROR, PW_ERROR_PROTOCOL,
                                   _("The marketplace broke the contract: %s"), error->message);
          return;
        }
    }

  result = call->reader (root, call->status, &error);
  if (result == NULL)
    {
      g_task_return_new_error (parse, PW_ERROR, PW_ERROR_PROTOCOL,
                               _("The marketplace broke the contract in its answer to %s: %s"),
                               call->what, error->message);
      return;
    }
  g_task_return_pointer (parse, result, call->free_result);
}

static void
on_parsed (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  Call *call = g_task_get_task_data (task);
  GError *error = NULL;
  gpointer parsed = g_task_propagate_pointer (G_TASK (result), &error);

  /* The answer is read and parsed: the next request may go. */
  g_clear_pointer (&call->turn, _pw_market_turn_free);
  g_clear_pointer (&call->body, g_bytes_unref);
  if (parsed == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, parsed, call->free_result);
}

static void
answer_too_large (GTask *task)
{
  Call *call = g_task_get_task_data (task);
  g_autofree char *size = g_format_size_full (call->max_bytes, G_FORMAT_SIZE_IEC_UNITS);

  g_clear_pointer (&call->turn, _pw_market_turn_free);
  g_task_return_new_error (task, PW_ERROR, PW_ERROR_PROTOCOL,
                           _("The marketplace’s answer to %s is larger than %s and was not read."),
                           call->what, size);
}

static void
on_body_read (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  g_autoptr (GTask) parse = NULL;
  GError *error = NULL;
  Call *call = g_task_get_task_data (task);
  gboolean too_large = FALSE;

  call->body = _pw_market_read_body_finish (result, &too_large, &error);
  if (too_large)
    {
      g_clear_error (&error);
      answer_too_large (task);
      return;
    }
  if (call->body == NULL)
    {
      call_fail (task, error);
      return;
    }

  /* Parsing is bounded by the size and left to finish; the deadline was
   * for the marketplace. */
  _pw_market_turn_stop_clock (call->turn);
  parse = g_task_new (NULL, NULL, on_parsed, g_object_ref (task));
  g_task_set_source_tag (parse, parse_in_thread);
  g_task_set_task_data (parse, call, NULL);
  g_task_run_in_thread (parse, parse_in_thread);
}

static void
on_call_sent (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  g_autoptr (SoupMessage) message = NULL;
  g_autoptr (GInputStream) stream = NULL;
  GError *error = NULL;
  Call *call = g_task_get_task_data (task);
  SoupMessageHeaders *headers;

  stream = _pw_market_send_finish (PW_MARKET_CLIENT (source), result, &message, &error);
  if (stream == NULL)
    {
      call_fail (task, error);
      return;
    }

  call->status = soup_message_get_status (message);
  headers = soup_message_get_response_headers (message);
  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH
      && soup_message_headers_get_content_length (headers) > (goffset) call->max_bytes)
    {
      answer_too_large (task);
      return;
    }

  _pw_market_read_body_async (stream, call->max_bytes, _pw_market_turn_get_cancellable (call->turn),
                              on_body_read, g_steal_pointer (&task));
}

static void
send_call (PwMarketTurn *turn,
           gpointer      user_data)
{
  GTask *task = user_data;
  Call *call = g_task_get_task_data (task);
  PwMarketClient *self = g_task_get_source_object (task);
  GError *error = NULL;

  /* libsoup would keep a cancelled request waiting for a connection. */
  if (g_cancellable_set_error_if_cancelled (_pw_market_turn_get_cancellable (turn), &error))
    {
      call_fail (task, error);
      g_object_unref (task);
      return;
    }
  _pw_market_send_async (self, g_steal_pointer (&call->request),
                         _pw_market_turn_get_cancellable (turn), on_call_sent, task);
}

/* A request body as the bytes that are sent, on every try the same. */
static GBytes *
node_bytes (JsonNode *node)
{
  char *text = pw_json_to_string (node, FALSE);

  return g_bytes_new_take (text, strlen (text));
}

static void
call_start (PwMarketClient      *self,
            const char          *method,
            const char          *path,
            GBytes              *body,
            const char          *idempotency_key,
            gsize                max_bytes,
            gboolean             may_be_empty,
            Reader               reader,
            GDestroyNotify       free_result,
            gpointer             source_tag,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data)
{
  g_autoptr (GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr (GError) error = NULL;
  g_autoptr (GUri) uri = NULL;
  Call *call = g_new0 (Call, 1);

  g_task_set_source_tag (task, source_tag);
  call->reader = reader;
  call->free_result = free_result;
  call->what = g_strdup_printf ("%s %s", method, path);
  call->max_bytes = max_bytes;
  call->may_be_empty = may_be_empty;
  g_task_set_task_data (task, call, call_free);

  uri = _pw_market_client_resolve (self, path, &error);
  if (uri == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  call->request = _pw_market_request_new (method, uri, body);
  call->request->idempotency_key = g_strdup (idempotency_key);
  call->turn = _pw_market_turn_new (self, cancellable, pw_market_client_get_deadline (self), 0);
  _pw_market_turn_start (call->turn, send_call, g_steal_pointer (&task));
}

static void
call_async (PwMarketClient      *self,
            const char          *method,
            const char          *path,
            GBytes              *body,
            const char          *idempotency_key,
            gsize                max_bytes,
            Reader               reader,
            GDestroyNotify       free_result,
            gpointer             source_tag,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data)
{
  call_start (self, method, path, body, idempotency_key, max_bytes, FALSE, reader, free_result,
              source_tag, cancellable, callback, user_data);
}

/**
 * _pw_market_call_async:
 * @path: relative to the base URL, or absolute on its origin
 * @body: (nullable): a JSON body, sent byte for byte on every try
 *
 * Sends a request of another API than the contract's through the
 * account's turns, deadline, redirects and error mapping, and hands the
 * parsed answer to @reader in a thread.
 */
void
_pw_market_call_async (PwMarketClient      *self,
                       const char          *method,
                       const char          *path,
                       GBytes              *body,
                       gsize                max_bytes,
                       PwMarketReader       reader,
                       GDestroyNotify       free_result,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  call_start (self, method, path, body, NULL, max_bytes, TRUE, reader, free_result,
              _pw_market_call_async, cancellable, callback, user_data);
}

gpointer
_pw_market_call_finish (PwMarketClient  *self,
                        GAsyncResult    *result,
                        GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == _pw_market_call_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static gpointer
call_finish (PwMarketClient  *self,
             GAsyncResult    *result,
             gpointer         source_tag,
             GError         **error)
{
  g_return_val_if_fail (PW_IS_MARKET_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Any JSON answer, for the connectors of servers that speak their own
 * API through this client's turns, limits and errors. */

static gpointer
read_node (JsonNode  *root,
           guint      status,
           GError   **error)
{
  return json_node_ref (root);
}

/**
 * _pw_market_call_json_async:
 * @path: a path relative to the base URL, with its query
 * @body: (nullable): a JSON body, sent byte for byte on every try
 * @without_token: %TRUE to send no Authorization header
 * @max_bytes: the largest answer read
 *
 * Sends one request and reads its JSON answer as the contract's calls do.
 */
void
_pw_market_call_json_async (PwMarketClient      *self,
                            const char          *method,
                            const char          *path,
                            GBytes              *body,
                            gboolean             without_token,
                            gsize                max_bytes,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr (GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr (GError) error = NULL;
  g_autoptr (GUri) uri = NULL;
  Call *call = g_new0 (Call, 1);

  g_task_set_source_tag (task, _pw_market_call_json_async);
  call->reader = read_node;
  call->free_result = (GDestroyNotify) json_node_unref;
  call->what = g_strdup_printf ("%s %s", method, path);
  call->max_bytes = max_bytes;
  g_task_set_task_data (task, call, call_free);

  uri = _pw_market_client_resolve (self, path, &error);
  if (uri == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  call->request = _pw_market_request_new (method, uri, body);
  call->request->without_token = without_token;
  call->turn = _pw_market_turn_new (self, cancellable, pw_market_client_get_deadline (self), 0);
  _pw_market_turn_start (call->turn, send_call, g_steal_pointer (&task));
}

/**
 * _pw_market_call_json_finish:
 *
 * Returns: (transfer full): the answer, or %NULL with a %PW_ERROR
 */
JsonNode *
_pw_market_call_json_finish (PwMarketClient  *self,
                             GAsyncResult    *result,
                             GError         **error)
{
  return call_finish (self, result, _pw_market_call_json_async, error);
}

/* A server id in a path: every byte but the unreserved ones escaped, and
 * "." and ".." too, so that an id never climbs out of its place. */
static char *
escape_segment (const char *id)
{
  g_autoptr (GString) segment = NULL;

  if (strspn (id, ".") != strlen (id))
    return g_uri_escape_string (id, NULL, FALSE);

  segment = g_string_new (NULL);
  for (const char *p = id; *p != '\0'; p++)
    g_string_append (segment, "%2E");
  return g_string_free (g_steal_pointer (&segment), FALSE);
}

/* GET v1/me */

static gpointer
read_me (JsonNode  *root,
         guint      status,
         GError   **error)
{
  return pw_market_me_new_from_json (root, error);
}

/**
 * pw_market_client_get_me_async:
 * @self: a #PwMarketClient
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Asks who the token belongs to: the check of an account's token.
 */
void
pw_market_client_get_me_async (PwMarketClient      *self,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_return_if_fail (PW_IS_MARKET_CLIENT (self));

  call_async (self, "GET", "v1/me", NULL, NULL, PW_MARKET_SMALL_ANSWER_MAX_BYTES, read_me,
              (GDestroyNotify) pw_market_me_unref, pw_market_client_get_me_async,
              cancellable, callback, user_data);
}

/**
 * pw_market_client_get_me_finish:
 *
 * Returns: (transfer full): the worker, or %NULL with a %PW_ERROR, or
 *   %G_IO_ERROR_CANCELLED
 */
PwMarketMe *
pw_market_client_get_me_finish (PwMarketClient  *self,
                                GAsyncResult    *result,
                                GError         **error)
{
  return call_finish (self, result, pw_market_client_get_me_async, error);
}

/* GET v1/projects */

static gpointer
read_projects (JsonNode  *root,
               guint      status,
               GError   **error)
{
  g_autoptr (GPtrArray) projects = g_ptr_array_new_with_free_func ((GDestroyNotify) pw_project_unref);
  JsonObject *object = pw_json_get_object (root, "projects", error);
  JsonArray *array;

  if (object == NULL || (array = pw_json_member_array (object, "projects", "projects", error)) == NULL)
    return NULL;

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *what = g_strdup_printf ("projects[%u]", i);
      PwProject *project = pw_project_new_from_json (json_array_get_element (array, i), what, error);

      if (project == NULL)
        return NULL;
      g_ptr_array_add (projects, project);
    }
  return g_steal_pointer (&projects);
}

/**
 * pw_market_client_list_projects_async:
 * @self: a #PwMarketClient
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Lists the projects the marketplace offers.
 */
void
pw_market_client_list_projects_async (PwMarketClient      *self,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_return_if_fail (PW_IS_MARKET_CLIENT (self));

  call_async (self, "GET", "v1/projects", NULL, NULL, PW_MARKET_PROJECTS_MAX_BYTES,
              read_projects,
              (GDestroyNotify) g_ptr_array_unref, pw_market_client_list_projects_async,
              cancellable, callback, user_data);
}

/**
 * pw_market_client_list_projects_finish:
 *
 * Returns: (transfer full) (element-type PwProject): the projects, or %NULL
 */
GPtrArray *
pw_market_client_list_projects_finish (PwMarketClient  *self,
                                       GAsyncResult    *result,
                                       GError         **error)
{
  return call_finish (self, result, pw_market_client_list_projects_async, error);
}

/* POST v1/projects/{project_id}/claims */

static gpointer
read_claim (JsonNode  *root,
            guint      status,
            GError   **error)
{
  return pw_claim_new_from_json (root, error);
}

/**
 * pw_market_client_claim_async:
 * @self: a #PwMarketClient
 * @project_id: the project
 * @count: how many tasks, 1 to 100
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Claims a batch of tasks. The claim may hold fewer tasks than asked, or
 * none when nothing is available now. %PW_ERROR_FORBIDDEN with the remote
 * code `not_qualified` (pw_error_get_remote_code()) means the worker must
 * pass the project's qualification first.
 */
void
pw_market_client_claim_async (PwMarketClient      *self,
                              const char          *project_id,
                              guint                count,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) body = NULL;
  g_autoptr (GBytes) bytes = NULL;
  g_autofree char *segment = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (PW_IS_MARKET_CLIENT (self));
  g_return_if_fail (project_id != NULL && *project_id != '\0');
  g_return_if_fail (count >= 1 && count <= 100);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "count");
  json_builder_add_int_value (builder, count);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  segment = escape_segment (project_id);
  path = g_strdup_printf ("v1/projects/%s/claims", segment);
  bytes = node_bytes (body);
  call_async (self, "POST", path, bytes, NULL, PW_MARKET_CLAIM_MAX_BYTES, read_claim,
              (GDestroyNotify) pw_claim_unref, pw_market_client_claim_async,
              cancellable, callback, user_data);
}

/**
 * pw_market_client_claim_finish:
 *
 * Returns: (transfer full): the claim, or %NULL
 */
PwClaim *
pw_market_client_claim_finish (PwMarketClient  *self,
                               GAsyncResult    *result,
                               GError         **error)
{
  return call_finish (self, result, pw_market_client_claim_async, error);
}

/* POST v1/claims/{claim_id}/release */

static gpointer
read_release (JsonNode  *root,
              guint      status,
              GError   **error)
{
  JsonObject *object = pw_json_get_object (root, "release", error);
  gint64 released;
  guint *result;

  if (object == NULL || !pw_json_member_int (object, "released", "release", &released, error))
    return NULL;
  if (released < 0 || released > G_MAXUINT)
    {
      g_set_error (error, PW_ERROR, PW_ERROR_INVALID_DATA,
                   _("%s: the member “%s” must not be negative"), "release", "released");
      return NULL;
    }
  result = g_new (guint, 1);
  *result = (guint) released;
  return result;
}

/**
 * pw_market_client_release_async:
 * @self: a #PwMarketClient
 * @claim_id: the claim
 * @task_ids: the tasks of the claim the worker will not do
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Hands tasks back before the lease runs out.
 */
void
pw_market_client_release_async (PwMarketClient      *self,
                                const char          *claim_id,
                                const char *const   *task_ids,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) body = NULL;
  g_autoptr (GBytes) bytes = NULL;
  g_autofree char *segment = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (PW_IS_MARKET_CLIENT (self));
  g_return_if_fail (claim_id != NULL && *claim_id != '\0');
  g_return_if_fail (task_ids != NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "task_ids");
  json_builder_begin_array (builder);
  for (guint i = 0; task_ids[i] != NULL; i++)
    json_builder_add_string_value (builder, task_ids[i]);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  segment = escape_segment (claim_id);
  path = g_strdup_printf ("v1/claims/%s/release", segment);
  bytes = node_bytes (body);
  call_async (self, "POST", path, bytes, NULL, PW_MARKET_SMALL_ANSWER_MAX_BYTES,
              read_release, g_free,
              pw_market_client_release_async, cancellable, callback, user_data);
}

/**
 * pw_market_client_release_finish:
 * @n_released: (out) (optional): how many tasks the marketplace took back
 *
 * Returns: %TRUE on success
 */
gboolean
pw_market_client_release_finish (PwMarketClient  *self,
                                 GAsyncResult    *result,
                                 guint           *n_released,
                                 GError         **error)
{
  g_autofree guint *released = call_finish (self, result, pw_market_client_release_async, error);

  if (released == NULL)
    return FALSE;
  if (n_released != NULL)
    *n_released = *released;
  return TRUE;
}

/* PUT v1/tasks/{task_id}/submission */

static gpointer
read_submission (JsonNode  *root,
                 guint      status,
                 GError   **error)
{
  if (status != SOUP_STATUS_CREATED && status != SOUP_STATUS_OK)
    {
      g_set_error (error, PW_ERROR, PW_ERROR_INVALID_DATA,
                   _("a submission is answered with HTTP 201 or 200, not %u"), status);
      return NULL;
    }
  return pw_submission_result_new_from_json (root, status == SOUP_STATUS_OK, error);
}

/**
 * pw_market_submission_body_new:
 * @claim_id: the claim that holds the task
 * @annotation: the Annotation of the contract
 * @active_seconds: the time the worker spent on the task
 * @submitted_at: when the worker submitted
 *
 * Makes the body of a submission, the one text that is queued with its
 * Idempotency-Key and sent, byte for byte, on every try.
 *
 * Returns: (transfer full): the JSON text
 */
char *
pw_market_submission_body_new (const char *claim_id,
                               JsonNode   *annotation,
                               double      active_seconds,
                               GDateTime  *submitted_at)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (GDateTime) utc = NULL;
  g_autofree char *at = NULL;

  g_return_val_if_fail (claim_id != NULL, NULL);
  g_return_val_if_fail (annotation != NULL && JSON_NODE_HOLDS_OBJECT (annotation), NULL);
  g_return_val_if_fail (active_seconds >= 0, NULL);
  g_return_val_if_fail (submitted_at != NULL, NULL);

  utc = g_date_time_to_utc (submitted_at);
  at = g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "claim_id");
  json_builder_add_string_value (builder, claim_id);
  json_builder_set_member_name (builder, "annotation");
  json_builder_add_value (builder, json_node_copy (annotation));
  json_builder_set_member_name (builder, "active_seconds");
  json_builder_add_double_value (builder, active_seconds);
  json_builder_set_member_name (builder, "submitted_at");
  json_builder_add_string_value (builder, at);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);

  return pw_json_to_string (root, FALSE);
}

/**
 * pw_market_client_submit_async:
 * @self: a #PwMarketClient
 * @task_id: the task
 * @idempotency_key: the key made with pw_market_new_idempotency_key() when
 *   the worker submitted, the same on every retry
 * @body: the body made with pw_market_submission_body_new() when the
 *   worker submitted, kept with the key
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Submits the work on a task, sending @body as it is, so a retry after a
 * lost answer is a replay the marketplace recognizes.
 * %PW_ERROR_CONFLICT (already submitted), %PW_ERROR_REASSIGNED,
 * %PW_ERROR_LEASE_EXPIRED and %PW_ERROR_IDEMPOTENCY_MISMATCH are final;
 * %PW_ERROR_RATE_LIMITED, %PW_ERROR_SERVER and %PW_ERROR_NETWORK are worth
 * another try after pw_error_get_retry_after() seconds, or a backoff.
 */
void
pw_market_client_submit_async (PwMarketClient      *self,
                               const char          *task_id,
                               const char          *idempotency_key,
                               const char          *body,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr (GBytes) bytes = NULL;
  g_autofree char *segment = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (PW_IS_MARKET_CLIENT (self));
  g_return_if_fail (task_id != NULL && *task_id != '\0');
  g_return_if_fail (idempotency_key != NULL && *idempotency_key != '\0');
  g_return_if_fail (body != NULL && *body != '\0');

  bytes = g_bytes_new (body, strlen (body));
  segment = escape_segment (task_id);
  path = g_strdup_printf ("v1/tasks/%s/submission", segment);
  call_async (self, "PUT", path, bytes, idempotency_key, PW_MARKET_SMALL_ANSWER_MAX_BYTES,
              read_submission,
              (GDestroyNotify) pw_submission_result_unref, pw_market_client_submit_async,
              cancellable, callback, user_data);
}

/**
 * pw_market_client_submit_finish:
 *
 * Returns: (transfer full): the receipt, or %NULL
 */
PwSubmissionResult *
pw_market_client_submit_finish (PwMarketClient  *self,
                                GAsyncResult    *result,
                                GError         **error)
{
  return call_finish (self, result, pw_market_client_submit_async, error);
}

/* GET v1/statement?after=CURSOR */

static gpointer
read_statement (JsonNode  *root,
                guint      status,
                GError   **error)
{
  return pw_statement_page_new_from_json (root, error);
}

/**
 * pw_market_client_statement_async:
 * @self: a #PwMarketClient
 * @after: (nullable): the cursor of the page before, or %NULL to start
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Fetches one page of the statement.
 */
void
pw_market_client_statement_async (PwMarketClient      *self,
                                  const char          *after,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autofree char *cursor = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (PW_IS_MARKET_CLIENT (self));

  if (after != NULL)
    {
      cursor = g_uri_escape_string (after, NULL, FALSE);
      path = g_strconcat ("v1/statement?after=", cursor, NULL);
    }
  else
    path = g_strdup ("v1/statement");

  call_async (self, "GET", path, NULL, NULL, PW_MARKET_STATEMENT_MAX_BYTES, read_statement,
              (GDestroyNotify) pw_statement_page_unref, pw_market_client_statement_async,
              cancellable, callback, user_data);
}

/**
 * pw_market_client_statement_finish:
 *
 * Returns: (transfer full): the page, or %NULL
 */
PwStatementPage *
pw_market_client_statement_finish (PwMarketClient  *self,
                                   GAsyncResult    *result,
                                   GError         **error)
{
  return call_finish (self, result, pw_market_client_statement_async, error);
}
