/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "pw-error.h"
#include "pw-json.h"
#include "pw-market-client-private.h"

/* Every request to a marketplace goes through here. libsoup follows
 * redirects with the Authorization header on some versions, so redirects
 * are followed here instead, only on the origin the request started on.
 * Every answer that is not 2xx becomes a %PW_ERROR that keeps the status,
 * the marketplace's code and its Retry-After (see pw_error_set_remote()). */

#define READ_CHUNK (64 * 1024)

PwMarketRequest *
_pw_market_request_new (const char *method,
                        GUri       *uri,
                        GBytes     *body)
{
  PwMarketRequest *request = g_new0 (PwMarketRequest, 1);
  g_autofree char *path = g_uri_to_string_partial (uri, G_URI_HIDE_PASSWORD);

  request->method = g_strdup (method);
  request->uri = g_uri_ref (uri);
  request->body = body != NULL ? g_bytes_ref (body) : NULL;
  request->what = g_strdup_printf ("%s %s", method, path);
  return request;
}

void
_pw_market_request_free (PwMarketRequest *request)
{
  g_clear_pointer (&request->uri, g_uri_unref);
  g_clear_pointer (&request->body, g_bytes_unref);
  g_free (request->method);
  g_free (request->idempotency_key);
  g_free (request->what);
  g_free (request);
}

static gboolean
host_is_loopback (const char *host)
{
  g_autoptr (GInetAddress) address = NULL;

  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;
  address = g_inet_address_new_from_string (host);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

/**
 * _pw_market_check_uri:
 * @uri: where a request would go
 * @error: return location for a #GError
 *
 * Refuses anything but https, and http to this computer (127.0.0.0/8, ::1,
 * localhost), before anything is sent.
 *
 * Returns: %TRUE when a request may go to @uri
 */
gboolean
_pw_market_check_uri (GUri    *uri,
                      GError **error)
{
  const char *scheme = g_uri_get_scheme (uri);
  const char *host = g_uri_get_host (uri);
  g_autofree char *text = g_uri_to_string_partial (uri, G_URI_HIDE_PASSWORD);

  if (host == NULL || *host == '\0'
      || (g_ascii_strcasecmp (scheme, "https") != 0 && g_ascii_strcasecmp (scheme, "http") != 0))
    {
      g_set_error (error, PW_ERROR, PW_ERROR_INVALID_DATA,
                   _("“%s” is not a web address that starts with https://"), text);
      return FALSE;
    }
  if (g_ascii_strcasecmp (scheme, "http") == 0 && !host_is_loopback (host))
    {
      g_set_error (error, PW_ERROR, PW_ERROR_INSECURE,
                   _("Piecework talks to %s only over HTTPS; plain HTTP is only for this computer."),
                   host);
      return FALSE;
    }
  return TRUE;
}

static int
port_of (GUri *uri)
{
  int port = g_uri_get_port (uri);

  if (port > 0)
    return port;
  return g_ascii_strcasecmp (g_uri_get_scheme (uri), "https") == 0 ? 443 : 80;
}

/**
 * _pw_market_same_origin:
 *
 * Returns: %TRUE when @a and @b have the same scheme, host and port
 */
gboolean
_pw_market_same_origin (GUri *a,
                        GUri *b)
{
  const char *host_a = g_uri_get_host (a);
  const char *host_b = g_uri_get_host (b);

  return g_ascii_strcasecmp (g_uri_get_scheme (a), g_uri_get_scheme (b)) == 0
         && host_a != NULL && host_b != NULL
         && g_ascii_strcasecmp (host_a, host_b) == 0
         && port_of (a) == port_of (b);
}

/* A failure to talk to the marketplace at all. Cancellation stays
 * G_IO_ERROR_CANCELLED, as everywhere in GIO. */
void
_pw_market_set_network_error (GError **error,
                              GError  *cause)
{
  if (g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_propagate_error (error, g_error_copy (cause));
  else if (cause->domain == G_TLS_ERROR)
    g_set_error (error, PW_ERROR, PW_ERROR_INSECURE,
                 _("The marketplace’s certificate is not trusted: %s"), cause->message);
  else
    g_set_error (error, PW_ERROR, PW_ERROR_NETWORK,
                 _("Could not reach the marketplace: %s"), cause->message);
}

/* Reading a body with a cap */

typedef struct
{
  GByteArray *buffer;
  gsize       max_bytes;
} ReadData;

static void
read_data_free (gpointer data)
{
  ReadData *read = data;

  g_byte_array_unref (read->buffer);
  g_free (read);
}

static void read_next (GTask *task);

static void
on_chunk_read (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) chunk = NULL;
  ReadData *read = g_task_get_task_data (task);

  chunk = g_input_stream_read_bytes_finish (G_INPUT_STREAM (source), result, &error);
  if (chunk == NULL)
    {
      GError *mapped = NULL;

      _pw_market_set_network_error (&mapped, error);
      g_task_return_error (task, mapped);
      return;
    }

  if (g_bytes_get_size (chunk) == 0)
    {
      g_task_return_pointer (task, g_byte_array_free_to_bytes (g_byte_array_ref (read->buffer)),
                             (GDestroyNotify) g_bytes_unref);
      return;
    }

  if (g_bytes_get_size (chunk) > read->max_bytes - read->buffer->len)
    {
      g_task_return_new_error (task, PW_ERROR, PW_ERROR_TOO_LARGE,
                               "the body is larger than %" G_GSIZE_FORMAT " bytes",
                               read->max_bytes);
      return;
    }
  g_byte_array_append (read->buffer, g_bytes_get_data (chunk, NULL), g_bytes_get_size (chunk));
  read_next (g_steal_pointer (&task));
}

static void
read_next (GTask *task)
{
  g_input_stream_read_bytes_async (g_task_get_source_object (task), READ_CHUNK,
                                   G_PRIORITY_DEFAULT, g_task_get_cancellable (task),
                                   on_chunk_read, task);
}

/* Reads all of @stream, refusing more than @max_bytes with
 * %PW_ERROR_TOO_LARGE, and a broken connection with %PW_ERROR_NETWORK. */
void
_pw_market_read_body_async (GInputStream        *stream,
                            gsize                max_bytes,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  GTask *task = g_task_new (stream, cancellable, callback, user_data);
  ReadData *read = g_new0 (ReadData, 1);

  g_task_set_source_tag (task, _pw_market_read_body_async);
  read->buffer = g_byte_array_new ();
  read->max_bytes = max_bytes;
  g_task_set_task_data (task, read, read_data_free);
  read_next (task);
}

GBytes *
_pw_market_read_body_finish (GAsyncResult  *result,
                             gboolean      *too_large,
                             GError       **error)
{
  g_autoptr (GError) local_error = NULL;
  GBytes *bytes = g_task_propagate_pointer (G_TASK (result), &local_error);

  if (too_large != NULL)
    *too_large = g_error_matches (local_error, PW_ERROR, PW_ERROR_TOO_LARGE);
  if (local_error != NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));
  return bytes;
}

/* Answers that are not 2xx */

/* The longest wait a marketplace may ask for: a Retry-After of years, by
 * mistake or not, must not hold the worker's submissions for ever. */
#define RETRY_AFTER_MAX_S (60 * 60)

static gint64
parse_retry_after (SoupMessage *message)
{
  const char *value = soup_message_headers_get_one (soup_message_get_response_headers (message),
                                                    "Retry-After");
  g_autoptr (GDateTime) when = NULL;
  g_autoptr (GDateTime) now = NULL;
  g_autoptr (GError) number_error = NULL;
  guint64 seconds;

  if (value == NULL)
    return -1;
  value += strspn (value, " \t");
  if (g_ascii_string_to_unsigned (value, 10, 0, RETRY_AFTER_MAX_S, &seconds, &number_error))
    return (gint64) seconds;
  if (g_error_matches (number_error, G_NUMBER_PARSER_ERROR, G_NUMBER_PARSER_ERROR_OUT_OF_BOUNDS))
    return RETRY_AFTER_MAX_S;

  when = soup_date_time_new_from_http_string (value);
  if (when == NULL)
    return -1;
  now = g_date_time_new_now_utc ();
  return CLAMP (g_date_time_difference (when, now) / G_TIME_SPAN_SECOND, 0, RETRY_AFTER_MAX_S);
}

/* The marketplace's own {"error": {"code", "message"}}, when it is there
 * and readable; an answer without it still gets its status's meaning. */
static void
parse_error_body (GBytes  *body,
                  char   **code,
                  char   **message)
{
  g_autoptr (JsonNode) root = NULL;
  JsonObject *object;
  JsonNode *member;
  gsize length = 0;
  const char *data = body != NULL ? g_bytes_get_data (body, &length) : NULL;

  if (length == 0)
    return;
  root = pw_json_parse (data, length, "error", NULL);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return;
  member = json_object_get_member (json_node_get_object (root), "error");
  if (member == NULL || !JSON_NODE_HOLDS_OBJECT (member))
    return;
  object = json_node_get_object (member);

  member = json_object_get_member (object, "code");
  if (member != NULL && JSON_NODE_HOLDS_VALUE (member)
      && json_node_get_value_type (member) == G_TYPE_STRING)
    *code = g_strdup (json_node_get_string (member));
  member = json_object_get_member (object, "message");
  if (member != NULL && JSON_NODE_HOLDS_VALUE (member)
      && json_node_get_value_type (member) == G_TYPE_STRING)
    {
      const char *text = json_node_get_string (member);

      /* g_utf8_substring() reads past the end of a shorter string. */
      *message = g_utf8_strlen (text, -1) > 300 ? g_utf8_substring (text, 0, 300) : g_strdup (text);
    }
}

static GError *
status_error (SoupMessage *message,
              GBytes      *body)
{
  guint status = soup_message_get_status (message);
  g_autofree char *code = NULL;
  g_autofree char *remote_message = NULL;
  g_autofree char *text = NULL;
  PwError pw_code;
  GError *error;

  parse_error_body (body, &code, &remote_message);

  switch (status)
    {
    case SOUP_STATUS_BAD_REQUEST:
      pw_code = PW_ERROR_BAD_REQUEST;
      text = g_strdup (_("The marketplace refused the request as malformed."));
      break;
    case SOUP_STATUS_UNAUTHORIZED:
      pw_code = PW_ERROR_UNAUTHORIZED;
      text = g_strdup (_("The marketplace refused the token; sign in again."));
      break;
    case SOUP_STATUS_FORBIDDEN:
      pw_code = PW_ERROR_FORBIDDEN;
      if (g_strcmp0 (code, "not_qualified") == 0)
        text = g_strdup (_("Pass the project’s qualification first."));
      else
        text = g_strdup (_("The marketplace does not allow this."));
      break;
    case SOUP_STATUS_NOT_FOUND:
      pw_code = PW_ERROR_NOT_FOUND;
      text = g_strdup (_("The marketplace does not know this project, claim or task."));
      break;
    case SOUP_STATUS_CONFLICT:
      if (g_strcmp0 (code, "reassigned") == 0)
        {
          pw_code = PW_ERROR_REASSIGNED;
          text = g_strdup (_("The marketplace gave this task to someone else. The work is kept here."));
        }
      else
        {
          pw_code = PW_ERROR_CONFLICT;
          text = g_strdup (_("The marketplace already has a submission for this task. The work is kept here."));
        }
      break;
    case SOUP_STATUS_GONE:
      pw_code = PW_ERROR_LEASE_EXPIRED;
      text = g_strdup (_("The lease on this task ran out. The work is kept here."));
      break;
    case SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE:
      pw_code = PW_ERROR_TOO_LARGE;
      text = g_strdup (_("The marketplace refused the request as too large."));
      break;
    case SOUP_STATUS_UNPROCESSABLE_ENTITY:
      pw_code = PW_ERROR_IDEMPOTENCY_MISMATCH;
      text = g_strdup (_("The marketplace holds a different submission under the same key. The work is kept here."));
      break;
    case 429: /* Too Many Requests, which libsoup 3.2 has no name for */
      pw_code = PW_ERROR_RATE_LIMITED;
      text = g_strdup (_("The marketplace asked to slow down; try again later."));
      break;
    default:
      if (status >= 500 && status <= 599)
        {
          pw_code = PW_ERROR_SERVER;
          text = g_strdup_printf (_("The marketplace had a problem (HTTP %u); try again later."), status);
        }
      else
        {
          pw_code = PW_ERROR_PROTOCOL;
          text = g_strdup_printf (_("The marketplace answered HTTP %u, which the contract does not allow."),
                                  status);
        }
      break;
    }

  if (remote_message != NULL && *remote_message != '\0')
    error = g_error_new (PW_ERROR, pw_code, _("%s The marketplace says: “%s”"), text, remote_message);
  else
    error = g_error_new_literal (PW_ERROR, pw_code, text);
  pw_error_set_remote (error, status, code, parse_retry_after (message));
  return error;
}

/* Sending, with redirects */

typedef struct
{
  PwMarketRequest *request;
  GUri            *origin;
  guint            redirects;
  SoupMessage     *message;
} SendData;

static void
send_data_free (gpointer data)
{
  SendData *send = data;

  _pw_market_request_free (send->request);
  g_uri_unref (send->origin);
  g_clear_object (&send->message);
  g_free (send);
}

static void send_start (GTask *task);

static void
on_error_body (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  g_autoptr (GBytes) body = NULL;
  SendData *send = g_task_get_task_data (task);

  /* An error body that is too large or breaks off is only left unread. */
  body = _pw_market_read_body_finish (result, NULL, NULL);
  if (g_task_return_error_if_cancelled (task))
    return;
  g_task_return_error (task, status_error (send->message, body));
}

static gboolean
follow_redirect (SendData  *send,
                 GError   **error)
{
  guint status = soup_message_get_status (send->message);
  const char *location;
  g_autoptr (GUri) target = NULL;

  location = soup_message_headers_get_one (soup_message_get_response_headers (send->message),
                                           "Location");
  if (location == NULL)
    {
      g_set_error_literal (error, PW_ERROR, PW_ERROR_PROTOCOL,
                           _("The marketplace redirected without saying where to."));
      return FALSE;
    }
  target = g_uri_parse_relative (send->request->uri, location, SOUP_HTTP_URI_FLAGS, NULL);
  if (target == NULL)
    {
      g_set_error (error, PW_ERROR, PW_ERROR_PROTOCOL,
                   _("The marketplace redirected to “%s”, which is not a web address."), location);
      return FALSE;
    }
  if (!_pw_market_same_origin (send->origin, target)
      && !(send->request->follow_other_origins && g_strcmp0 (send->request->method, "GET") == 0))
    {
      g_set_error (error, PW_ERROR, PW_ERROR_PROTOCOL,
                   _("The marketplace sent the request on to another site, %s; it was not followed, so the token stays private."),
                   g_uri_get_host (target) != NULL ? g_uri_get_host (target) : location);
      return FALSE;
    }
  if (++send->redirects > PW_MARKET_MAX_REDIRECTS)
    {
      g_set_error (error, PW_ERROR, PW_ERROR_PROTOCOL,
                   _("The marketplace redirected more than %d times."), PW_MARKET_MAX_REDIRECTS);
      return FALSE;
    }

  /* 307 and 308 repeat the request as it was. The others turn it into a
   * GET, which would lose a claim or a submission without a word. */
  if (status != SOUP_STATUS_TEMPORARY_REDIRECT && status != SOUP_STATUS_PERMANENT_REDIRECT
      && g_strcmp0 (send->request->method, "GET") != 0)
    {
      g_set_error (error, PW_ERROR, PW_ERROR_PROTOCOL,
                   _("The marketplace redirected a %s request with HTTP %u, which the contract does not allow."),
                   send->request->method, status);
      return FALSE;
    }

  g_uri_unref (send->request->uri);
  send->request->uri = g_steal_pointer (&target);
  return TRUE;
}

static void
on_sent (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GInputStream) stream = NULL;
  SendData *send = g_task_get_task_data (task);
  GCancellable *cancellable;
  guint status;

  stream = soup_session_send_finish (SOUP_SESSION (source), result, &error);
  if (stream == NULL)
    {
      GError *mapped = NULL;

      _pw_market_set_network_error (&mapped, error);
      g_task_return_error (task, mapped);
      return;
    }

  status = soup_message_get_status (send->message);
  if (SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      g_task_return_pointer (task, g_steal_pointer (&stream), g_object_unref);
      return;
    }

  if (status == SOUP_STATUS_MOVED_PERMANENTLY || status == SOUP_STATUS_FOUND
      || status == SOUP_STATUS_SEE_OTHER || status == SOUP_STATUS_TEMPORARY_REDIRECT
      || status == SOUP_STATUS_PERMANENT_REDIRECT)
    {
      if (!follow_redirect (send, &error))
        {
          pw_error_set_remote (error, status, NULL, -1);
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      send_start (g_steal_pointer (&task));
      return;
    }

  cancellable = g_task_get_cancellable (task);
  _pw_market_read_body_async (stream, PW_MARKET_ERROR_BODY_MAX_BYTES, cancellable,
                              on_error_body, g_steal_pointer (&task));
}

/* libsoup 3.2 sends an idempotent request (PUT) again by itself when a
 * kept-alive connection closes before any answer, such as when the
 * marketplace committed a submission and the answer was lost, and it drops
 * the body it already read: the second try went out empty under the same
 * Idempotency-Key. Each try gets the whole body again, byte for byte. */
static void
on_restarted (SoupMessage *message,
              gpointer     user_data)
{
  GBytes *body = g_object_get_data (G_OBJECT (message), "pw-request-body");

  if (body != NULL)
    soup_message_set_request_body_from_bytes (message, "application/json", body);
}

static void
send_start (GTask *task)
{
  PwMarketClient *self = g_task_get_source_object (task);
  SendData *send = g_task_get_task_data (task);
  SoupMessageHeaders *headers;
  g_autoptr (GError) error = NULL;

  if (!_pw_market_check_uri (send->request->uri, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }

  g_clear_object (&send->message);
  send->message = soup_message_new_from_uri (send->request->method, send->request->uri);
  soup_message_add_flags (send->message, SOUP_MESSAGE_NO_REDIRECT);
  headers = soup_message_get_request_headers (send->message);
  soup_message_headers_replace (headers, "Accept", _pw_market_client_get_accept (self));

  /* The token goes only to the marketplace's own origin. */
  if (!send->request->without_token
      && _pw_market_client_may_send_token (self, send->request->uri)
      && *_pw_market_client_get_token_scheme (self) != '\0')
    {
      g_autofree char *authorization = g_strconcat (_pw_market_client_get_token_scheme (self), " ",
                                                  _pw_market_client_get_token (self), NULL);

      soup_message_headers_replace (headers, "Authorization", authorization);
    }
  if (send->request->idempotency_key != NULL)
    soup_message_headers_replace (headers, "Idempotency-Key", send->request->idempotency_key);
  if (send->request->body != NULL)
    {
      soup_message_set_request_body_from_bytes (send->message, "application/json",
                                                send->request->body);
      g_object_set_data_full (G_OBJECT (send->message), "pw-request-body",
                              g_bytes_ref (send->request->body),
                              (GDestroyNotify) g_bytes_unref);
      g_signal_connect (send->message, "restarted", G_CALLBACK (on_restarted), NULL);
    }

  soup_session_send_async (_pw_market_client_get_session (self), send->message,
                           G_PRIORITY_DEFAULT, g_task_get_cancellable (task), on_sent, task);
}

/**
 * _pw_market_send_async:
 * @self: a #PwMarketClient
 * @request: (transfer full): the request
 *
 * Sends @request, following redirects on the same origin. Completes with
 * the body stream of a 2xx answer, or a %PW_ERROR.
 */
void
_pw_market_send_async (PwMarketClient      *self,
                       PwMarketRequest     *request,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  SendData *send = g_new0 (SendData, 1);

  g_task_set_source_tag (task, _pw_market_send_async);
  send->request = request;
  send->origin = g_uri_ref (request->uri);
  g_task_set_task_data (task, send, send_data_free);
  send_start (task);
}

/**
 * _pw_market_send_finish:
 * @message: (out) (transfer full): the message that was answered
 *
 * Returns: (transfer full): the body stream, or %NULL
 */
GInputStream *
_pw_market_send_finish (PwMarketClient  *self,
                        GAsyncResult    *result,
                        SoupMessage    **message,
                        GError         **error)
{
  SendData *send = g_task_get_task_data (G_TASK (result));
  GInputStream *stream = g_task_propagate_pointer (G_TASK (result), error);

  if (stream != NULL && message != NULL)
    *message = g_object_ref (send->message);
  return stream;
}
