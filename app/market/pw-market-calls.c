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
 * is read. Whatever breaks the contract becomes %PW_ERROR_PROTOCOL.
 *
 * This file holds how a call is made, for the contract and for other JSON
 * APIs. The contract's calls of the account (who it is, its projects, its
 * statement) are in pw-market-calls-account.c; those of the work (claim,
 * release, submit) in pw-market-calls-work.c. */

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

/* A call of the contract: its answer is never empty. */
void
_pw_market_contract_call_async (PwMarketClient      *self,
                                const char          *method,
                                const char          *path,
                                GBytes              *body,
                                const char          *idempotency_key,
                                gsize                max_bytes,
                                PwMarketReader       reader,
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

gpointer
_pw_market_contract_call_finish (PwMarketClient  *self,
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
  return _pw_market_contract_call_finish (self, result, _pw_market_call_json_async, error);
}

/* A server id in a path: every byte but the unreserved ones escaped, and
 * "." and ".." too, so that an id never climbs out of its place. */
char *
_pw_market_escape_segment (const char *id)
{
  g_autoptr (GString) segment = NULL;

  if (strspn (id, ".") != strlen (id))
    return g_uri_escape_string (id, NULL, FALSE);

  segment = g_string_new (NULL);
  for (const char *p = id; *p != '\0'; p++)
    g_string_append (segment, "%2E");
  return g_string_free (g_steal_pointer (&segment), FALSE);
}
