/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <string.h>

#include "pw-demo-market-private.h"
#include "pw-json.h"

/* The demo marketplace's answer to a request: it records the request,
 * injects the faults asked for, checks the token, then routes it to the
 * endpoint. Error messages are for API clients and stay in English. */

static void
reply_json (SoupServerMessage *msg,
            guint              status,
            char              *text)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE,
                                    text, strlen (text));
}

/* The error body of the contract: {"error": {"code", "message"}}. */
void
_pw_demo_market_reply_error (SoupServerMessage *msg,
                             guint              status,
                             const char        *code,
                             const char        *format,
                             ...)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) root = NULL;
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "error");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "code");
  json_builder_add_string_value (builder, code);
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, message);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  reply_json (msg, status, pw_json_to_string (root, FALSE));
}

/* Every request is recorded before anything can refuse it, so tests see
 * what reached the server, whatever it answered. */
static void
record_request_locked (PwDemoMarket      *self,
                       SoupServerMessage *msg,
                       PwDemoEndpoint     endpoint)
{
  GUri *uri = soup_server_message_get_uri (msg);
  const char *authorization;
  g_autofree char *origin = NULL;
  GPtrArray *seen;

  self->requests[endpoint]++;

  origin = g_strdup_printf ("%s://%s:%d", g_uri_get_scheme (uri), g_uri_get_host (uri),
                            g_uri_get_port (uri));
  seen = g_hash_table_lookup (self->authorizations, origin);
  if (seen == NULL)
    {
      seen = g_ptr_array_new_with_free_func (g_free);
      g_hash_table_insert (self->authorizations, g_strdup (origin), seen);
    }
  authorization = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                "Authorization");
  g_ptr_array_add (seen, g_strdup (authorization != NULL ? authorization : ""));
}

static gboolean
is_authorized_locked (PwDemoMarket      *self,
                      SoupServerMessage *msg)
{
  const char *header = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                     "Authorization");
  gsize length;
  guint difference = 0;

  if (header == NULL || g_ascii_strncasecmp (header, "Bearer ", 7) != 0)
    return FALSE;
  header += 7;
  length = strlen (header);
  if (length != strlen (self->token))
    return FALSE;
  /* The same time for every wrong token of the right length. */
  for (gsize i = 0; i < length; i++)
    difference |= (guchar) header[i] ^ (guchar) self->token[i];
  return difference == 0;
}

static PwDemoEndpoint
endpoint_of (char **parts,
             guint  n_parts)
{
  if (n_parts == 2 && g_str_equal (parts[0], "v1") && g_str_equal (parts[1], "me"))
    return PW_DEMO_ENDPOINT_ME;
  if (n_parts == 2 && g_str_equal (parts[0], "v1") && g_str_equal (parts[1], "projects"))
    return PW_DEMO_ENDPOINT_PROJECTS;
  if (n_parts == 2 && g_str_equal (parts[0], "v1") && g_str_equal (parts[1], "statement"))
    return PW_DEMO_ENDPOINT_STATEMENT;
  if (n_parts == 4 && g_str_equal (parts[0], "v1") && g_str_equal (parts[1], "projects")
      && g_str_equal (parts[3], "claims") && *parts[2] != '\0')
    return PW_DEMO_ENDPOINT_CLAIMS;
  if (n_parts == 4 && g_str_equal (parts[0], "v1") && g_str_equal (parts[1], "claims")
      && g_str_equal (parts[3], "release") && *parts[2] != '\0')
    return PW_DEMO_ENDPOINT_RELEASE;
  if (n_parts == 4 && g_str_equal (parts[0], "v1") && g_str_equal (parts[1], "tasks")
      && g_str_equal (parts[3], "submission") && *parts[2] != '\0')
    return PW_DEMO_ENDPOINT_SUBMISSION;
  if (n_parts == 2 && g_str_equal (parts[0], "media") && *parts[1] != '\0')
    return PW_DEMO_ENDPOINT_MEDIA;
  return PW_DEMO_ENDPOINT_OTHER;
}

static const char *
method_of (PwDemoEndpoint endpoint)
{
  switch (endpoint)
    {
    case PW_DEMO_ENDPOINT_CLAIMS:
    case PW_DEMO_ENDPOINT_RELEASE:
      return "POST";
    case PW_DEMO_ENDPOINT_SUBMISSION:
      return "PUT";
    case PW_DEMO_ENDPOINT_ME:
    case PW_DEMO_ENDPOINT_PROJECTS:
    case PW_DEMO_ENDPOINT_STATEMENT:
    case PW_DEMO_ENDPOINT_MEDIA:
    case PW_DEMO_ENDPOINT_OTHER:
    case PW_DEMO_N_ENDPOINTS:
    default:
      return "GET";
    }
}

static void
redirect_locked (PwDemoMarket      *self,
                 SoupServerMessage *msg,
                 const char        *relative)
{
  GUri *uri = soup_server_message_get_uri (msg);
  g_autofree char *target = NULL;
  g_autoptr (GString) location = NULL;

  target = g_uri_resolve_relative (self->redirect_target, relative, G_URI_FLAGS_ENCODED, NULL);
  location = g_string_new (target != NULL ? target : self->redirect_target);
  if (g_uri_get_query (uri) != NULL)
    g_string_append_printf (location, "?%s", g_uri_get_query (uri));
  soup_server_message_set_redirect (msg, SOUP_STATUS_FOUND, location->str);
}

static void
serve_media_locked (PwDemoMarket      *self,
                    SoupServerMessage *msg,
                    const char        *name)
{
  g_autofree char *task_id = g_strdup (name);
  char *dot = strrchr (task_id, '.');
  PwDemoTask *task;
  PwDemoMedia *media;

  if (dot != NULL)
    *dot = '\0';
  task = g_hash_table_lookup (self->tasks_by_id, task_id);
  if (task == NULL || task->project->media_kind == PW_DEMO_MEDIA_NONE)
    {
      _pw_demo_market_reply_error (msg, SOUP_STATUS_NOT_FOUND, "not_found",
                                   "There is no media named %s", name);
      return;
    }
  media = _pw_demo_market_task_media_locked (self, task);
  if (media == NULL)
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "Retry-After", "1");
      _pw_demo_market_reply_error (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, "unavailable",
                                   "The media are being made; try again in a second");
      return;
    }
  if (dot == NULL || !g_str_equal (dot + 1, media->extension))
    {
      _pw_demo_market_reply_error (msg, SOUP_STATUS_NOT_FOUND, "not_found",
                                   "There is no media named %s", name);
      return;
    }
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, media->content_type, SOUP_MEMORY_COPY, NULL, 0);
  soup_message_body_append_bytes (soup_server_message_get_response_body (msg), media->bytes);
  soup_message_headers_set_content_length (soup_server_message_get_response_headers (msg),
                                           g_bytes_get_size (media->bytes));
}

static void
reply_with_body (PwDemoMarket      *self,
                 SoupServerMessage *msg,
                 PwDemoReply       *reply)
{
  char *text = pw_json_to_string (reply->body, FALSE);

  if (_pw_demo_market_take_fault_locked (self, PW_DEMO_FAULT_MALFORMED_JSON))
    text[strlen (text) / 2] = '\0';
  reply_json (msg, reply->status, text);
}

static gboolean
answer_slow (gpointer user_data)
{
  PwDemoMarket *self = user_data;
  GSource *source = g_main_current_source ();
  SoupServerMessage *msg;

  g_mutex_lock (&self->mutex);
  msg = g_hash_table_lookup (self->slow_sources, source);
  soup_server_message_unpause (msg);
  g_hash_table_remove (self->slow_sources, source);
  g_mutex_unlock (&self->mutex);
  return G_SOURCE_REMOVE;
}

static void
hold_back_locked (PwDemoMarket      *self,
                  SoupServerMessage *msg)
{
  GSource *source = g_timeout_source_new (self->slow_delay_ms);

  g_source_set_callback (source, answer_slow, self, NULL);
  g_hash_table_insert (self->slow_sources, source, g_object_ref (msg));
  soup_server_message_pause (msg);
  g_source_attach (source, self->context);
}

/* Closes the connection once the submission is stored, as a crash or a
 * lost network would: the client sees no answer and must retry. */
static void
drop_connection (SoupServerMessage *msg)
{
  GSocket *socket = soup_server_message_get_socket (msg);

  if (socket != NULL)
    g_socket_shutdown (socket, TRUE, TRUE, NULL);
}

void
_pw_demo_market_handle_request (SoupServer        *server,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  PwDemoMarket *self = user_data;
  g_autoptr (GMutexLocker) locker = g_mutex_locker_new (&self->mutex);
  g_auto (GStrv) parts = NULL;
  PwDemoReply reply = { 0 };
  PwDemoEndpoint endpoint = PW_DEMO_ENDPOINT_OTHER;
  const char *relative = NULL;
  g_autofree char *retry_after = NULL;

  if (g_str_has_prefix (path, "/api/"))
    {
      relative = path + strlen ("/api/");
      parts = g_strsplit (relative, "/", -1);
      endpoint = endpoint_of (parts, g_strv_length (parts));
    }
  record_request_locked (self, msg, endpoint);

  if (self->redirect_target != NULL && relative != NULL
      && _pw_demo_market_take_fault_locked (self, PW_DEMO_FAULT_REDIRECT))
    {
      redirect_locked (self, msg, relative);
      goto out;
    }

  retry_after = g_strdup_printf ("%u", self->retry_after);
  if (_pw_demo_market_take_fault_locked (self, PW_DEMO_FAULT_UNAVAILABLE))
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "Retry-After", retry_after);
      _pw_demo_market_reply_error (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, "unavailable",
                                   "The marketplace is busy; try again later");
      goto out;
    }
  if (_pw_demo_market_take_fault_locked (self, PW_DEMO_FAULT_RATE_LIMITED))
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "Retry-After", retry_after);
      _pw_demo_market_reply_error (msg, 429, "rate_limited",
                                   "Too many requests; wait %s seconds", retry_after);
      goto out;
    }

  if (!is_authorized_locked (self, msg))
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "WWW-Authenticate", "Bearer realm=\"piecework-demo\"");
      _pw_demo_market_reply_error (msg, SOUP_STATUS_UNAUTHORIZED, "unauthorized",
                                   "The token is missing, wrong or expired");
      goto out;
    }

  if (endpoint == PW_DEMO_ENDPOINT_OTHER)
    {
      _pw_demo_market_reply_error (msg, SOUP_STATUS_NOT_FOUND, "not_found",
                                   "There is nothing at %s", path);
      goto out;
    }
  if (!g_str_equal (soup_server_message_get_method (msg), method_of (endpoint))
      && !(endpoint == PW_DEMO_ENDPOINT_MEDIA
           && g_str_equal (soup_server_message_get_method (msg), "HEAD")))
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "Allow", method_of (endpoint));
      _pw_demo_market_reply_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "method_not_allowed",
                                   "%s takes %s", path, method_of (endpoint));
      goto out;
    }

  switch (endpoint)
    {
    case PW_DEMO_ENDPOINT_ME:
      reply.status = SOUP_STATUS_OK;
      reply.body = json_node_init_object (json_node_alloc (), self->worker);
      break;
    case PW_DEMO_ENDPOINT_PROJECTS:
      {
        g_autoptr (JsonArray) projects = json_array_new ();
        JsonObject *root = json_object_new ();

        for (guint i = 0; i < self->projects->len; i++)
          json_array_add_element (projects,
                                  _pw_demo_market_project_to_json_locked (self, self->projects->pdata[i]));
        json_object_set_array_member (root, "projects", g_steal_pointer (&projects));
        reply.status = SOUP_STATUS_OK;
        reply.body = json_node_init_object (json_node_alloc (), root);
        json_object_unref (root);
      }
      break;
    case PW_DEMO_ENDPOINT_CLAIMS:
      _pw_demo_market_claim_locked (self, parts[2], msg, &reply);
      break;
    case PW_DEMO_ENDPOINT_RELEASE:
      _pw_demo_market_release_locked (self, parts[2], msg, &reply);
      break;
    case PW_DEMO_ENDPOINT_SUBMISSION:
      _pw_demo_market_submit_locked (self, parts[2], msg, &reply);
      break;
    case PW_DEMO_ENDPOINT_STATEMENT:
      _pw_demo_market_statement_locked (self, msg, &reply);
      break;
    case PW_DEMO_ENDPOINT_MEDIA:
      serve_media_locked (self, msg, parts[1]);
      break;
    case PW_DEMO_ENDPOINT_OTHER:
    case PW_DEMO_N_ENDPOINTS:
    default:
      g_assert_not_reached ();
    }

  if (reply.body != NULL)
    {
      reply_with_body (self, msg, &reply);
      g_clear_pointer (&reply.body, json_node_unref);
    }
  if (reply.committed && _pw_demo_market_take_fault_locked (self, PW_DEMO_FAULT_DROP_AFTER_COMMIT))
    {
      drop_connection (msg);
      return;
    }

out:
  if (self->slow_delay_ms > 0 && _pw_demo_market_take_fault_locked (self, PW_DEMO_FAULT_SLOW))
    hold_back_locked (self, msg);
}
