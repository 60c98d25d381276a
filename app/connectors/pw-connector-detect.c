/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "model/pw-json.h"
#include "pw-connector.h"
#include "pw-error.h"
#include "market/pw-market-client-private.h"

/* Telling what a server speaks from what it answers without a token. The
 * three questions go out at once, each to what only its kind answers:
 *
 * - CVAT:         GET api/server/about → 200 {"name": …, "version": …}
 * - Label Studio: GET api/version      → 200 {"release": …}
 * - the contract: GET v1/me            → 401 {"error": {"code": "unauthorized"}}
 *
 * No token is sent, no redirect followed, and no more than a small answer
 * read, so a server that is none of them learns nothing and costs little.
 * CVAT wins over Label Studio, and both over the contract, since a
 * marketplace could serve either beside it. */

#define DETECT_TIMEOUT 15
#define DETECT_IDLE_TIMEOUT 60
#define DETECT_DEADLINE 120
#define DETECT_ANSWER_MAX_BYTES (64 * 1024)

typedef enum
{
  PROBE_CVAT,
  PROBE_LABEL_STUDIO,
  PROBE_CONTRACT,
  N_PROBES
} Probe;

typedef struct
{
  SoupSession  *session;
  GCancellable *cancellable;    /* cancels the probes still out */
  gulong        cancelled_id;
  guint         deadline_id;
  guint         n_out;
  gboolean      answered[N_PROBES];
  GError       *network_error;  /* the first probe that could not reach it */
} DetectState;

typedef struct
{
  GTask       *task;
  Probe        probe;
  SoupMessage *message;
  GInputStream *stream;
} ProbeCall;

static void
detect_state_free (gpointer data)
{
  DetectState *state = data;

  g_clear_handle_id (&state->deadline_id, g_source_remove);
  g_clear_object (&state->session);
  g_clear_object (&state->cancellable);
  g_clear_error (&state->network_error);
  g_free (state);
}

static void
probe_call_free (ProbeCall *call)
{
  g_clear_object (&call->message);
  g_clear_object (&call->stream);
  g_object_unref (call->task);
  g_free (call);
}

/* Whether @body is what @probe's kind answers. */
static gboolean
answer_matches (Probe   probe,
                guint   status,
                GBytes *body)
{
  g_autoptr (JsonNode) root = NULL;
  JsonObject *object;
  gsize length = 0;
  const char *data = g_bytes_get_data (body, &length);

  if (length == 0 || length > DETECT_ANSWER_MAX_BYTES)
    return FALSE;
  root = pw_json_parse (data, length, "answer", NULL);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return FALSE;
  object = json_node_get_object (root);

  switch (probe)
    {
    case PROBE_CVAT:
      return status == SOUP_STATUS_OK
             && json_object_has_member (object, "name")
             && json_object_has_member (object, "version")
             && JSON_NODE_HOLDS_VALUE (json_object_get_member (object, "name"))
             && JSON_NODE_HOLDS_VALUE (json_object_get_member (object, "version"));

    case PROBE_LABEL_STUDIO:
      return status == SOUP_STATUS_OK
             && json_object_has_member (object, "release")
             && JSON_NODE_HOLDS_VALUE (json_object_get_member (object, "release"));

    case PROBE_CONTRACT:
      {
        JsonNode *error_node = json_object_get_member (object, "error");
        JsonNode *code;

        if (status != SOUP_STATUS_UNAUTHORIZED || error_node == NULL
            || !JSON_NODE_HOLDS_OBJECT (error_node))
          return FALSE;
        code = json_object_get_member (json_node_get_object (error_node), "code");
        return code != NULL && JSON_NODE_HOLDS_VALUE (code)
               && json_node_get_value_type (code) == G_TYPE_STRING
               && g_strcmp0 (json_node_get_string (code), "unauthorized") == 0;
      }

    case N_PROBES:
    default:
      break;
    }
  g_return_val_if_reached (FALSE);
}

static void
probe_done (GTask  *task,
            Probe   probe,
            gboolean matches)
{
  DetectState *state = g_task_get_task_data (task);
  static const PwAccountKind kinds[N_PROBES] = {
    PW_ACCOUNT_KIND_CVAT, PW_ACCOUNT_KIND_LABEL_STUDIO, PW_ACCOUNT_KIND_PIECEWORK,
  };

  state->answered[probe] = matches;
  if (--state->n_out > 0)
    return;

  g_cancellable_disconnect (g_task_get_cancellable (task), state->cancelled_id);
  state->cancelled_id = 0;
  g_clear_handle_id (&state->deadline_id, g_source_remove);

  if (g_task_return_error_if_cancelled (task))
    return;
  for (guint i = 0; i < N_PROBES; i++)
    if (state->answered[i])
      {
        g_task_return_int (task, kinds[i]);
        return;
      }
  if (state->network_error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&state->network_error));
      return;
    }
  g_task_return_new_error (task, PW_ERROR, PW_ERROR_UNSUPPORTED,
                           _("The server at this address answers neither as a Piecework "
                             "marketplace, nor as CVAT, nor as Label Studio; check the address, "
                             "or choose the kind of account yourself"));
}

static void
on_body_read (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  ProbeCall *call = user_data;
  g_autoptr (GBytes) body = NULL;
  g_autoptr (GError) error = NULL;
  gboolean matches;

  body = g_input_stream_read_bytes_finish (G_INPUT_STREAM (source), result, &error);
  matches = body != NULL
            && answer_matches (call->probe, soup_message_get_status (call->message), body);
  g_input_stream_close_async (call->stream, G_PRIORITY_DEFAULT, NULL, NULL, NULL);
  probe_done (call->task, call->probe, matches);
  probe_call_free (call);
}

static void
on_sent (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  ProbeCall *call = user_data;
  DetectState *state = g_task_get_task_data (call->task);
  g_autoptr (GError) error = NULL;

  call->stream = soup_session_send_finish (SOUP_SESSION (source), result, &error);
  if (call->stream == NULL)
    {
      if (state->network_error == NULL
          && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        state->network_error =
          g_error_new (PW_ERROR, PW_ERROR_NETWORK,
                       _("The server could not be reached (%s); check the address and the "
                         "network"), error->message);
      probe_done (call->task, call->probe, FALSE);
      probe_call_free (call);
      return;
    }

  /* One byte past the limit tells a larger answer from one that fits. */
  g_input_stream_read_bytes_async (call->stream, DETECT_ANSWER_MAX_BYTES + 1,
                                   G_PRIORITY_DEFAULT, state->cancellable, on_body_read, call);
}

static void
on_cancelled (GCancellable *cancellable,
              gpointer      user_data)
{
  g_cancellable_cancel (user_data);
}

static gboolean
on_deadline (gpointer user_data)
{
  GTask *task = user_data;
  DetectState *state = g_task_get_task_data (task);

  state->deadline_id = 0;
  if (state->network_error == NULL)
    state->network_error = g_error_new_literal (PW_ERROR, PW_ERROR_NETWORK,
                                                _("The server took too long to answer; check "
                                                  "the address and the network"));
  g_cancellable_cancel (state->cancellable);
  return G_SOURCE_REMOVE;
}

/* The base every path is relative to: @uri's path ending in a slash, less
 * a last "api/" that a worker may have copied from the browser, for the
 * platforms whose paths start with "api/". */
static GUri *
probe_uri (GUri       *base,
           const char *path,
           gboolean    below_api)
{
  const char *base_path = g_uri_get_path (base);
  g_autofree char *dir = g_str_has_suffix (base_path, "/") ? g_strdup (base_path)
                                                           : g_strconcat (base_path, "/", NULL);
  g_autofree char *full = NULL;

  if (below_api && g_str_has_suffix (dir, "/api/"))
    dir[strlen (dir) - strlen ("api/")] = '\0';
  full = g_strconcat (dir, path, NULL);
  return g_uri_build (SOUP_HTTP_URI_FLAGS, g_uri_get_scheme (base), NULL, g_uri_get_host (base),
                      g_uri_get_port (base), full, NULL, NULL);
}

/**
 * pw_connector_detect_kind_async:
 * @url: the address the worker gave for a server
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with what the server speaks
 * @user_data: data for @callback
 *
 * Asks the server at @url, without a token, what it speaks: CVAT (GET
 * api/server/about), Label Studio (GET api/version) or the contract of
 * docs/MARKETPLACE-API.md (GET v1/me refused with `unauthorized`). Plain
 * `http://` is refused unless the host is this computer.
 */
void
pw_connector_detect_kind_async (const char          *url,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  static const struct
  {
    const char *path;
    gboolean    below_api;
  } probes[N_PROBES] = {
    [PROBE_CVAT] = { "api/server/about", TRUE },
    [PROBE_LABEL_STUDIO] = { "api/version", TRUE },
    [PROBE_CONTRACT] = { "v1/me", FALSE },
  };
  g_autoptr (GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  g_autofree char *trimmed = g_strstrip (g_strdup (url != NULL ? url : ""));
  g_autofree char *user_agent = g_strdup_printf ("Piecework/%s", PW_VERSION);
  g_autoptr (GUri) base = NULL;
  g_autoptr (GError) error = NULL;
  DetectState *state;

  g_task_set_source_tag (task, pw_connector_detect_kind_async);

  base = g_uri_parse (trimmed, SOUP_HTTP_URI_FLAGS, NULL);
  if (base == NULL)
    {
      g_task_return_new_error (task, PW_ERROR, PW_ERROR_INVALID_DATA,
                               _("“%s” is not a web address that starts with https://"),
                               trimmed);
      return;
    }
  if (!_pw_market_check_uri (base, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  state = g_new0 (DetectState, 1);
  g_task_set_task_data (task, state, detect_state_free);
  state->session = soup_session_new_with_options ("timeout", DETECT_TIMEOUT,
                                                  "idle-timeout", DETECT_IDLE_TIMEOUT,
                                                  "max-conns-per-host", N_PROBES,
                                                  "user-agent", user_agent,
                                                  NULL);
  state->cancellable = g_cancellable_new ();
  if (cancellable != NULL)
    state->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (on_cancelled),
                                                 g_object_ref (state->cancellable),
                                                 g_object_unref);
  state->deadline_id = g_timeout_add_seconds (DETECT_DEADLINE, on_deadline, task);

  for (guint i = 0; i < N_PROBES; i++)
    {
      ProbeCall *call = g_new0 (ProbeCall, 1);
      g_autoptr (GUri) uri = probe_uri (base, probes[i].path, probes[i].below_api);

      call->task = g_object_ref (task);
      call->probe = i;
      call->message = soup_message_new_from_uri (SOUP_METHOD_GET, uri);
      soup_message_add_flags (call->message, SOUP_MESSAGE_NO_REDIRECT);
      soup_message_headers_replace (soup_message_get_request_headers (call->message),
                                    "Accept", "application/json");
      state->n_out++;
      soup_session_send_async (state->session, call->message, G_PRIORITY_DEFAULT,
                               state->cancellable, on_sent, call);
    }
}

/**
 * pw_connector_detect_kind_finish:
 * @result: the result given to the callback
 * @kind: (out): what the server speaks
 * @error: return location for a #GError
 *
 * Returns: %FALSE with %PW_ERROR_UNSUPPORTED where the server answers as
 *   none of the kinds, %PW_ERROR_NETWORK where it cannot be reached, or
 *   %G_IO_ERROR_CANCELLED
 */
gboolean
pw_connector_detect_kind_finish (GAsyncResult   *result,
                                 PwAccountKind  *kind,
                                 GError        **error)
{
  gssize value;

  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result))
                        == pw_connector_detect_kind_async, FALSE);

  value = g_task_propagate_int (G_TASK (result), error);
  if (value < 0)
    return FALSE;
  if (kind != NULL)
    *kind = (PwAccountKind) value;
  return TRUE;
}
