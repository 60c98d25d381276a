/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "market/pw-market-client-private.h"
#include "pw-cvat-private.h"
#include "pw-error.h"
#include "pw-json.h"

/* An account on a CVAT server. Its projects are the jobs assigned to the
 * worker, its tasks the frames of a job; a claim takes a whole job. The
 * requests go through the marketplace client's machinery (turns,
 * deadlines, size limits, redirects on the same origin, errors), with
 * CVAT's own Authorization scheme and answers (pw-cvat-requests.c). What
 * a submission needs later (the job's labels, frames, what it held at
 * download, what was sent, its updated_date) is kept in a small JSON file
 * per job in the account's state folder (pw-cvat-job-file.c). The jobs
 * are listed in pw-cvat-listing.c, claimed in pw-cvat-claim.c and
 * released in pw-cvat-release.c; the submission is in pw-cvat-submit.c,
 * the conversions in pw-cvat-shapes.c. This file holds the connector
 * itself: signing in, who the account is, and the rest of the
 * interface. */

struct _PwCvatConnector
{
  GObject         parent_instance;

  PwMarketClient *client;
  GFile          *state_dir;
  char           *username;

  /* Submissions, one at a time: each writes the whole job. */
  GQueue          submits;
};

static void pw_cvat_connector_iface_init (PwConnectorInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PwCvatConnector, pw_cvat_connector, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (PW_TYPE_CONNECTOR, pw_cvat_connector_iface_init))

static void
pw_cvat_connector_finalize (GObject *object)
{
  PwCvatConnector *self = PW_CVAT_CONNECTOR (object);

  /* Every submission holds the connector until it ends. */
  g_assert (g_queue_is_empty (&self->submits));
  g_clear_object (&self->client);
  g_clear_object (&self->state_dir);
  g_clear_pointer (&self->username, g_free);
  G_OBJECT_CLASS (pw_cvat_connector_parent_class)->finalize (object);
}

static void
pw_cvat_connector_class_init (PwCvatConnectorClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pw_cvat_connector_finalize;
}

static void
pw_cvat_connector_init (PwCvatConnector *self)
{
  g_queue_init (&self->submits);
}

/* A personal access token goes as "Bearer TOKEN"; a key from
 * POST /api/auth/login is given as "Token KEY" and goes as it is. */
static void
apply_token (PwMarketClient *client,
             const char     *token)
{
  if (g_str_has_prefix (token, "Token "))
    {
      pw_market_client_set_token (client, token + strlen ("Token "));
      _pw_market_client_set_token_scheme (client, "Token");
    }
  else
    {
      pw_market_client_set_token (client, token);
      _pw_market_client_set_token_scheme (client, "Bearer");
    }
}

static char *
server_root (const char *base_url)
{
  char *root = g_strdup (base_url);

  /* The server's root; "…/api/" is where the worker may have copied it
   * from, and the paths below start with "api/". */
  if (g_str_has_suffix (root, "/api/"))
    root[strlen (root) - strlen ("api/")] = '\0';
  else if (g_str_has_suffix (root, "/api"))
    root[strlen (root) - strlen ("api")] = '\0';
  return root;
}

/**
 * pw_cvat_connector_new:
 * @base_url: the CVAT server, such as `https://cvat.example.com/`
 * @token: a personal access token, or "Token KEY" for a key from
 *   `POST /api/auth/login`
 * @state_dir: where the account keeps what it knows of its jobs
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the connector, or %NULL
 */
PwConnector *
pw_cvat_connector_new (const char  *base_url,
                       const char  *token,
                       GFile       *state_dir,
                       GError     **error)
{
  g_autoptr (PwCvatConnector) self = NULL;
  g_autoptr (PwMarketClient) client = NULL;
  g_autofree char *root = NULL;

  g_return_val_if_fail (base_url != NULL, NULL);
  g_return_val_if_fail (token != NULL, NULL);
  g_return_val_if_fail (G_IS_FILE (state_dir), NULL);

  root = server_root (base_url);

  client = pw_market_client_new (root, g_str_has_prefix (token, "Token ") ? token + 6 : token, error);
  if (client == NULL)
    return NULL;
  apply_token (client, token);
  _pw_market_client_set_accept (client, "application/vnd.cvat+json, application/json");

  self = g_object_new (PW_TYPE_CVAT_CONNECTOR, NULL);
  self->client = g_steal_pointer (&client);
  self->state_dir = g_object_ref (state_dir);
  return PW_CONNECTOR (g_steal_pointer (&self));
}

/* Signing in with a name and password, for a key of the older kind */

static gpointer
read_key (JsonNode  *root,
          guint      status,
          GError   **error)
{
  JsonObject *object = root != NULL ? pw_json_get_object (root, "auth/login", error) : NULL;
  const char *key;

  if (root == NULL)
    g_set_error_literal (error, PW_ERROR, PW_ERROR_INVALID_DATA, _("the answer is empty"));
  if (object == NULL || !pw_json_member_string (object, "key", "auth/login", FALSE, &key, error))
    return NULL;
  return g_strconcat ("Token ", key, NULL);
}

static void
on_logged_in (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  GError *error = NULL;
  char *token = _pw_market_call_finish (PW_MARKET_CLIENT (source), result, &error);

  if (token == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, token, g_free);
}

/**
 * pw_cvat_log_in_async:
 * @base_url: the CVAT server
 * @username: the worker's user name on it
 * @password: their password
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Signs in with `POST /api/auth/login` for a key, for servers where the
 * worker has no personal access token.
 */
void
pw_cvat_log_in_async (const char          *base_url,
                      const char          *username,
                      const char          *password,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr (GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  g_autoptr (PwMarketClient) client = NULL;
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) body = NULL;
  g_autofree char *root = server_root (base_url);
  g_autofree char *text = NULL;
  g_autoptr (GBytes) bytes = NULL;
  GError *error = NULL;

  g_task_set_source_tag (task, pw_cvat_log_in_async);
  /* No token yet: the request goes without an Authorization header. */
  client = pw_market_client_new (root, "none", &error);
  if (client == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  _pw_market_client_set_token_scheme (client, "");
  _pw_market_client_set_accept (client, "application/vnd.cvat+json, application/json");

  json_builder_begin_object (builder);
  pw_json_builder_add_string (builder, "username", username);
  pw_json_builder_add_string (builder, "password", password);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);
  text = pw_json_to_string (body, FALSE);
  bytes = g_bytes_new (text, strlen (text));
  _pw_market_call_async (client, "POST", "api/auth/login", bytes, PW_MARKET_SMALL_ANSWER_MAX_BYTES,
                         read_key, g_free, cancellable, on_logged_in, g_steal_pointer (&task));
}

/**
 * pw_cvat_log_in_finish:
 *
 * Returns: (transfer full): the token to keep, "Token KEY", or %NULL
 */
char *
pw_cvat_log_in_finish (GAsyncResult  *result,
                       GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

PwMarketClient *
_pw_cvat_connector_get_client (PwCvatConnector *self)
{
  return self->client;
}

GQueue *
_pw_cvat_connector_get_submits (PwCvatConnector *self)
{
  return &self->submits;
}

const char *
_pw_cvat_connector_get_username (PwCvatConnector *self)
{
  return self->username;
}

GFile *
_pw_cvat_connector_get_job_file (PwCvatConnector *self,
                                 gint64           job_id)
{
  g_autofree char *name = g_strdup_printf ("job-%" G_GINT64_FORMAT ".json", job_id);

  return g_file_get_child (self->state_dir, name);
}

/* GET /api/users/self */

static PwMarketMe *
me_from_user (PwCvatConnector  *self,
              JsonNode         *root,
              GError          **error)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) me = NULL;
  g_autofree char *name = NULL;
  JsonObject *user = JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
  const char *username = NULL, *first = NULL, *last = NULL;

  if (user == NULL
      || !pw_json_member_string (user, "username", "users/self", FALSE, &username, error))
    {
      if (error != NULL && *error == NULL)
        g_propagate_error (error, _pw_cvat_broken_answer ("GET api/users/self",
                                                          _("it is not a user")));
      return NULL;
    }
  if (json_object_has_member (user, "first_name"))
    pw_json_member_string (user, "first_name", "users/self", TRUE, &first, NULL);
  if (json_object_has_member (user, "last_name"))
    pw_json_member_string (user, "last_name", "users/self", TRUE, &last, NULL);
  name = g_strstrip (g_strdup_printf ("%s %s", first != NULL ? first : "", last != NULL ? last : ""));
  if (*name == '\0')
    {
      g_free (name);
      name = g_strdup (username);
    }

  g_free (self->username);
  self->username = g_strdup (username);

  json_builder_begin_object (builder);
  pw_json_builder_add_string (builder, "worker_id", username);
  pw_json_builder_add_string (builder, "name", name);
  pw_json_builder_add_string (builder, "currency", PW_CVAT_CURRENCY);
  json_builder_end_object (builder);
  me = json_builder_get_root (builder);
  return pw_market_me_new_from_json (me, error);
}

static void
on_me (GObject      *source,
       GAsyncResult *result,
       gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  PwCvatConnector *self = g_task_get_source_object (task);
  GError *error = NULL;
  g_autoptr (JsonNode) root = _pw_cvat_get_finish (self, result, &error);
  PwMarketMe *me;

  if (root == NULL || (me = me_from_user (self, root, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, me, (GDestroyNotify) pw_market_me_unref);
}

static void
cvat_get_me_async (PwConnector         *connector,
                   GCancellable        *cancellable,
                   GAsyncReadyCallback  callback,
                   gpointer             user_data)
{
  PwCvatConnector *self = PW_CVAT_CONNECTOR (connector);
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, cvat_get_me_async);
  _pw_cvat_get_async (self, "GET", "api/users/self", NULL, PW_MARKET_SMALL_ANSWER_MAX_BYTES,
                      cancellable, on_me, task);
}

static PwMarketMe *
cvat_get_me_finish (PwConnector   *connector,
                    GAsyncResult  *result,
                    GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* What CVAT has no room for: statements */

static void
cvat_statement_async (PwConnector         *connector,
                      const char          *after,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr (GTask) task = g_task_new (connector, cancellable, callback, user_data);
  g_autoptr (JsonNode) root = json_from_string ("{\"entries\": [], \"next\": null}", NULL);
  GError *error = NULL;
  PwStatementPage *page;

  g_task_set_source_tag (task, cvat_statement_async);
  page = pw_statement_page_new_from_json (root, &error);
  if (page == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, page, (GDestroyNotify) pw_statement_page_unref);
}

static PwStatementPage *
cvat_statement_finish (PwConnector   *connector,
                       GAsyncResult  *result,
                       GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Frames, with the token, into the media cache */

static void
on_media_fetched (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  GError *error = NULL;
  GFile *file = pw_market_client_fetch_media_finish (PW_MARKET_CLIENT (source), result, &error);

  if (file == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, file, g_object_unref);
}

static void
cvat_fetch_media_async (PwConnector          *connector,
                        PwMedia              *media,
                        GFile                *cache_dir,
                        PwMarketProgressFunc  progress,
                        gpointer              progress_data,
                        GCancellable         *cancellable,
                        GAsyncReadyCallback   callback,
                        gpointer              user_data)
{
  PwCvatConnector *self = PW_CVAT_CONNECTOR (connector);
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, cvat_fetch_media_async);
  pw_market_client_fetch_media_async (self->client, media, cache_dir, progress, progress_data,
                                      cancellable, on_media_fetched, task);
}

static GFile *
cvat_fetch_media_finish (PwConnector   *connector,
                         GAsyncResult  *result,
                         GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* The rest of the interface */

static PwAccountKind
cvat_get_kind (PwConnector *connector)
{
  return PW_ACCOUNT_KIND_CVAT;
}

static const char *
cvat_get_base_url (PwConnector *connector)
{
  return pw_market_client_get_base_url (PW_CVAT_CONNECTOR (connector)->client);
}

static void
cvat_set_token (PwConnector *connector,
                const char  *token)
{
  apply_token (PW_CVAT_CONNECTOR (connector)->client, token);
}

static void
cvat_submit_async (PwConnector         *connector,
                   const char          *task_id,
                   const char          *idempotency_key,
                   const char          *body,
                   GCancellable        *cancellable,
                   GAsyncReadyCallback  callback,
                   gpointer             user_data)
{
  /* The key is not needed: the whole job is written with PUT, which is
   * safe to repeat, after a check of what CVAT holds. */
  _pw_cvat_submit_async (PW_CVAT_CONNECTOR (connector), task_id, body, cancellable, callback, user_data);
}

static PwSubmissionResult *
cvat_submit_finish (PwConnector   *connector,
                    GAsyncResult  *result,
                    GError       **error)
{
  return _pw_cvat_submit_finish (PW_CVAT_CONNECTOR (connector), result, error);
}

static void
pw_cvat_connector_iface_init (PwConnectorInterface *iface)
{
  iface->get_kind = cvat_get_kind;
  iface->get_base_url = cvat_get_base_url;
  iface->set_token = cvat_set_token;
  iface->get_me_async = cvat_get_me_async;
  iface->get_me_finish = cvat_get_me_finish;
  iface->list_projects_async = _pw_cvat_list_projects_async;
  iface->list_projects_finish = _pw_cvat_list_projects_finish;
  iface->claim_async = _pw_cvat_claim_async;
  iface->claim_finish = _pw_cvat_claim_finish;
  iface->release_async = _pw_cvat_release_async;
  iface->release_finish = _pw_cvat_release_finish;
  iface->submit_async = cvat_submit_async;
  iface->submit_finish = cvat_submit_finish;
  iface->statement_async = cvat_statement_async;
  iface->statement_finish = cvat_statement_finish;
  iface->fetch_media_async = cvat_fetch_media_async;
  iface->fetch_media_finish = cvat_fetch_media_finish;
}
