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
 * CVAT's own Authorization scheme and answers. What a submission needs
 * later (the job's labels, frames, what it held at download, what was
 * sent, its updated_date) is kept in a small JSON file per job in the
 * account's state folder (pw-cvat-job-file.c); the submission is in
 * pw-cvat-submit.c, the conversions in pw-cvat-shapes.c. */

#define MAX_PAGES 200

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

GFile *
_pw_cvat_connector_get_job_file (PwCvatConnector *self,
                                 gint64           job_id)
{
  g_autofree char *name = g_strdup_printf ("job-%" G_GINT64_FORMAT ".json", job_id);

  return g_file_get_child (self->state_dir, name);
}

/* Requests */

static gpointer
read_any (JsonNode  *root,
          guint      status,
          GError   **error)
{
  return root != NULL ? json_node_ref (root) : json_node_new (JSON_NODE_NULL);
}

void
_pw_cvat_get_async (PwCvatConnector     *self,
                    const char          *method,
                    const char          *path,
                    JsonNode            *body,
                    gsize                max_bytes,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  g_autoptr (GBytes) bytes = NULL;

  if (body != NULL)
    {
      char *text = pw_json_to_string (body, FALSE);

      bytes = g_bytes_new_take (text, strlen (text));
    }
  _pw_market_call_async (self->client, method, path, bytes, max_bytes, read_any,
                         (GDestroyNotify) json_node_unref, cancellable, callback, user_data);
}

/* An answer that is not JSON, or too large, is the server's or a page in
 * front of it: the worker is told so and what to do. */
JsonNode *
_pw_cvat_get_finish (PwCvatConnector  *self,
                     GAsyncResult     *result,
                     GError          **error)
{
  GError *local_error = NULL;
  JsonNode *root = _pw_market_call_finish (self->client, result, &local_error);

  if (g_error_matches (local_error, PW_ERROR, PW_ERROR_PROTOCOL))
    {
      char *message = g_strdup_printf (_("CVAT’s answer cannot be read (%s). Check that the account’s address leads to the CVAT server itself; nothing is lost, and Piecework tries again later."),
                                       local_error->message);

      g_free (local_error->message);
      local_error->message = message;
    }
  if (local_error != NULL)
    g_propagate_error (error, local_error);
  return root;
}

static GError *
broken_answer (const char *what,
               const char *why)
{
  return g_error_new (PW_ERROR, PW_ERROR_PROTOCOL,
                      _("CVAT’s answer to %s cannot be read: %s. Check that the account’s address leads to the CVAT server itself, and try again later."),
                      what, why);
}

/* Paged lists: {count, next, previous, results} */

typedef struct
{
  char      *what;
  JsonArray *results;
  guint      pages;
} Pages;

static void
pages_free (gpointer data)
{
  Pages *pages = data;

  g_free (pages->what);
  json_array_unref (pages->results);
  g_free (pages);
}

static void
on_page (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  PwCvatConnector *self = g_task_get_source_object (task);
  Pages *pages = g_task_get_task_data (task);
  GError *error = NULL;
  g_autoptr (JsonNode) root = _pw_cvat_get_finish (self, result, &error);
  JsonObject *object;
  JsonNode *results, *next;

  if (root == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  object = JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
  results = object != NULL ? json_object_get_member (object, "results") : NULL;
  if (results == NULL || !JSON_NODE_HOLDS_ARRAY (results))
    {
      g_task_return_error (task, broken_answer (pages->what, _("it has no list of results")));
      return;
    }
  for (guint i = 0; i < json_array_get_length (json_node_get_array (results)); i++)
    {
      JsonNode *element = json_array_get_element (json_node_get_array (results), i);

      if (!JSON_NODE_HOLDS_OBJECT (element))
        {
          g_task_return_error (task, broken_answer (pages->what, _("a result is not an object")));
          return;
        }
      json_array_add_element (pages->results, json_node_copy (element));
    }

  next = json_object_get_member (object, "next");
  if (next != NULL && JSON_NODE_HOLDS_VALUE (next) && json_node_get_value_type (next) == G_TYPE_STRING)
    {
      g_autoptr (GUri) uri = g_uri_parse (json_node_get_string (next), SOUP_HTTP_URI_FLAGS, NULL);
      GCancellable *cancellable = g_task_get_cancellable (task);
      g_autofree char *path = NULL;

      /* Only the next page's path and query are taken, on the server's
       * own origin: behind a proxy that does not say it forwards HTTPS,
       * CVAT writes its links with http:// or another host. */
      if (uri == NULL)
        {
          g_task_return_error (task, broken_answer (pages->what,
                                                    _("its next page is not a web address")));
          return;
        }
      if (++pages->pages >= MAX_PAGES)
        {
          g_task_return_error (task, broken_answer (pages->what, _("it has too many pages")));
          return;
        }
      path = g_strconcat (g_uri_get_path (uri), g_uri_get_query (uri) != NULL ? "?" : "",
                          g_uri_get_query (uri) != NULL ? g_uri_get_query (uri) : "", NULL);
      _pw_cvat_get_async (self, "GET", path, NULL, PW_CVAT_PAGE_MAX_BYTES,
                          cancellable, on_page, g_steal_pointer (&task));
      return;
    }
  g_task_return_pointer (task, json_array_ref (pages->results), (GDestroyNotify) json_array_unref);
}

static void
get_pages_async (PwCvatConnector     *self,
                 const char          *path,
                 GCancellable        *cancellable,
                 GAsyncReadyCallback  callback,
                 gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  Pages *pages = g_new0 (Pages, 1);

  g_task_set_source_tag (task, get_pages_async);
  pages->what = g_strdup_printf ("GET %s", path);
  pages->results = json_array_new ();
  g_task_set_task_data (task, pages, pages_free);
  _pw_cvat_get_async (self, "GET", path, NULL, PW_CVAT_PAGE_MAX_BYTES, cancellable, on_page, task);
}

static JsonArray *
get_pages_finish (PwCvatConnector  *self,
                  GAsyncResult     *result,
                  GError          **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
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
        g_propagate_error (error, broken_answer ("GET api/users/self", _("it is not a user")));
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

/* The projects: the jobs assigned to the worker */

typedef struct
{
  JsonArray *jobs;
  guint      next;
  GPtrArray *projects;
  /* The project of the job listed, until its file is read */
  JsonNode  *project;
} Listing;

static void
listing_free (gpointer data)
{
  Listing *listing = data;

  g_clear_pointer (&listing->jobs, json_array_unref);
  g_clear_pointer (&listing->project, json_node_unref);
  g_ptr_array_unref (listing->projects);
  g_free (listing);
}

static char *
job_web_url (PwCvatConnector *self,
             JsonObject      *job)
{
  return g_strdup_printf ("%stasks/%" G_GINT64_FORMAT "/jobs/%" G_GINT64_FORMAT,
                          pw_market_client_get_base_url (self->client),
                          json_object_get_int_member_with_default (job, "task_id", 0),
                          json_object_get_int_member_with_default (job, "id", 0));
}

static char *
labels_path (gint64 job_id)
{
  return g_strdup_printf ("api/labels?job_id=%" G_GINT64_FORMAT "&page_size=500", job_id);
}

static void list_next_job (GTask *task);

static gboolean
job_is_assigned_to (JsonObject *job,
                    const char *username)
{
  JsonNode *assignee = json_object_get_member (job, "assignee");

  return assignee != NULL && JSON_NODE_HOLDS_OBJECT (assignee)
         && g_strcmp0 (json_object_get_string_member_with_default (json_node_get_object (assignee),
                                                                   "username", NULL), username) == 0;
}

/* Adds the job listed to the projects, with what its file says: a job
 * claimed here and not completed has its frames in the worker's queue,
 * so none is left to claim, now or after a restart, apart from those
 * released since (pw-cvat-job-file.c). */
static void
add_listed_job (GTask    *task,
                JsonNode *state)
{
  Listing *listing = g_task_get_task_data (task);
  JsonObject *job = json_array_get_object_element (listing->jobs, listing->next);
  g_autoptr (JsonNode) json = g_steal_pointer (&listing->project);
  g_autofree char *what = NULL;
  GError *error = NULL;
  PwProject *project;

  if (_pw_cvat_job_state_is_open (state) && !_pw_cvat_job_state_starts_over (json_node_get_object (state)))
    {
      g_autoptr (GHashTable) released = _pw_cvat_job_state_get_released (json_node_get_object (state));

      json_object_set_int_member (json_node_get_object (json), "available_tasks",
                                  g_hash_table_size (released));
    }
  what = g_strdup_printf ("job %" G_GINT64_FORMAT, json_object_get_int_member_with_default (job, "id", 0));
  project = pw_project_new_from_json (json, what, &error);
  if (project == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  g_ptr_array_add (listing->projects, project);
  listing->next++;
  list_next_job (task);
}

static void
on_job_file (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  GTask *task = user_data;
  GError *error = NULL;
  g_autoptr (JsonNode) state = _pw_cvat_job_file_load_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  /* A damaged file is said when the job is claimed; the list goes on
   * with what CVAT says. */
  if (state == NULL)
    {
      g_debug ("The file of a CVAT job could not be read: %s", error->message);
      g_clear_error (&error);
    }
  add_listed_job (task, state);
}

static void
on_job_labels (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  PwCvatConnector *self = g_task_get_source_object (task);
  Listing *listing = g_task_get_task_data (task);
  JsonObject *job = json_array_get_object_element (listing->jobs, listing->next);
  GError *error = NULL;
  g_autoptr (JsonArray) labels = get_pages_finish (self, result, &error);
  g_autofree char *reason = NULL;
  g_autofree char *url = NULL;
  g_autoptr (GFile) file = NULL;
  GCancellable *cancellable;

  if (labels == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  reason = _pw_cvat_web_only_reason (job);
  if (reason != NULL)
    url = job_web_url (self, job);
  listing->project = _pw_cvat_project_json (job, labels, url);
  if (g_strcmp0 (json_object_get_string_member_with_default (job, "state", ""), "completed") == 0)
    json_object_set_int_member (json_node_get_object (listing->project), "available_tasks", 0);
  /* A job that opens only in CVAT's page is never claimed here. */
  if (reason != NULL)
    {
      add_listed_job (g_steal_pointer (&task), NULL);
      return;
    }
  file = _pw_cvat_connector_get_job_file (self, json_object_get_int_member_with_default (job, "id", 0));
  cancellable = g_task_get_cancellable (task);
  _pw_cvat_job_file_load_async (file, cancellable, on_job_file, g_steal_pointer (&task));
}

static void
list_next_job (GTask *task)
{
  PwCvatConnector *self = g_task_get_source_object (task);
  Listing *listing = g_task_get_task_data (task);
  JsonObject *job;
  JsonNode *id, *assignee, *username = NULL;
  g_autofree char *path = NULL;

  if (listing->next >= json_array_get_length (listing->jobs))
    {
      g_task_return_pointer (task, g_ptr_array_ref (listing->projects), (GDestroyNotify) g_ptr_array_unref);
      g_object_unref (task);
      return;
    }
  job = json_array_get_object_element (listing->jobs, listing->next);
  assignee = json_object_get_member (job, "assignee");
  if (assignee != NULL && !JSON_NODE_HOLDS_NULL (assignee)
      && (!JSON_NODE_HOLDS_OBJECT (assignee)
          || (username = json_object_get_member (json_node_get_object (assignee), "username")) == NULL
          || !JSON_NODE_HOLDS_VALUE (username) || json_node_get_value_type (username) != G_TYPE_STRING))
    {
      g_task_return_error (task, broken_answer ("GET api/jobs", _("a job’s assignee has no username")));
      g_object_unref (task);
      return;
    }

  /* CVAT's assignee filter matches part of a name: "ana" finds the jobs
   * of "banana" too. */
  if (!job_is_assigned_to (job, self->username))
    {
      listing->next++;
      list_next_job (task);
      return;
    }
  id = json_object_get_member (job, "id");
  if (id == NULL || !JSON_NODE_HOLDS_VALUE (id) || json_node_get_value_type (id) != G_TYPE_INT64)
    {
      g_task_return_error (task, broken_answer ("GET api/jobs", _("a job has no id")));
      g_object_unref (task);
      return;
    }
  path = labels_path (json_node_get_int (id));
  get_pages_async (self, path, g_task_get_cancellable (task), on_job_labels, task);
}

static void
on_jobs (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  GTask *task = user_data;
  PwCvatConnector *self = g_task_get_source_object (task);
  Listing *listing = g_task_get_task_data (task);
  GError *error = NULL;

  listing->jobs = get_pages_finish (self, result, &error);
  if (listing->jobs == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  list_next_job (task);
}

static void
list_jobs (GTask *task)
{
  PwCvatConnector *self = g_task_get_source_object (task);
  g_autofree char *assignee = g_uri_escape_string (self->username, NULL, FALSE);
  g_autofree char *path = g_strdup_printf ("api/jobs?assignee=%s&page_size=100", assignee);

  get_pages_async (self, path, g_task_get_cancellable (task), on_jobs, task);
}

static void
on_me_for_jobs (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  GTask *task = user_data;
  GError *error = NULL;
  g_autoptr (PwMarketMe) me = pw_connector_get_me_finish (PW_CONNECTOR (source), result, &error);

  if (me == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  list_jobs (task);
}

static void
cvat_list_projects_async (PwConnector         *connector,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  PwCvatConnector *self = PW_CVAT_CONNECTOR (connector);
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  Listing *listing = g_new0 (Listing, 1);

  g_task_set_source_tag (task, cvat_list_projects_async);
  listing->projects = g_ptr_array_new_with_free_func ((GDestroyNotify) pw_project_unref);
  g_task_set_task_data (task, listing, listing_free);
  if (self->username == NULL)
    pw_connector_get_me_async (connector, cancellable, on_me_for_jobs, task);
  else
    list_jobs (task);
}

static GPtrArray *
cvat_list_projects_finish (PwConnector   *connector,
                           GAsyncResult  *result,
                           GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Claiming a job: its frames, their sizes and what it holds */

typedef enum
{
  CLAIM_ME,
  CLAIM_STATE,
  CLAIM_JOB,
  CLAIM_LABELS,
  CLAIM_META,
  CLAIM_ANNOTATIONS,
  CLAIM_LOCK,
  CLAIM_RELOAD,
  CLAIM_SAVE,
  CLAIM_DONE,
} ClaimStep;

typedef struct
{
  gint64      job_id;
  ClaimStep   step;
  int         lock_fd;
  /* The job's file, made by another process since it was first read */
  gboolean    made_meanwhile;
  /* Going on from the job's file to hand out the frames released */
  gboolean    reopen;
  /* The frames handed out, by number, or NULL for all not submitted */
  GHashTable *handed;
  JsonNode   *state;
  JsonObject *job;
  JsonArray  *labels;
  JsonObject *meta;
  JsonObject *annotations;
} Claim;

static void
claim_free (gpointer data)
{
  Claim *claim = data;

  _pw_cvat_job_unlock (claim->lock_fd);
  g_clear_pointer (&claim->state, json_node_unref);
  g_clear_pointer (&claim->job, json_object_unref);
  g_clear_pointer (&claim->labels, json_array_unref);
  g_clear_pointer (&claim->meta, json_object_unref);
  g_clear_pointer (&claim->annotations, json_object_unref);
  g_clear_pointer (&claim->handed, g_hash_table_unref);
  g_free (claim);
}

static void claim_advance (GTask *task);

static JsonObject *
take_object (JsonNode   *root,
             const char *what,
             GError    **error)
{
  if (root == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_propagate_error (error, broken_answer (what, _("it is not an object")));
      return NULL;
    }
  return json_object_ref (json_node_get_object (root));
}

static void
on_claim_step (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  GTask *task = user_data;
  PwCvatConnector *self = g_task_get_source_object (task);
  Claim *claim = g_task_get_task_data (task);
  GError *error = NULL;
  gboolean ok = TRUE;

  switch (claim->step)
    {
    case CLAIM_ME:
      {
        g_autoptr (PwMarketMe) me = pw_connector_get_me_finish (PW_CONNECTOR (self), result, &error);

        ok = me != NULL;
      }
      break;
    case CLAIM_STATE:
      claim->state = _pw_cvat_job_file_load_finish (result, &error);
      ok = claim->state != NULL;
      break;
    case CLAIM_JOB:
      {
        g_autoptr (JsonNode) root = _pw_cvat_get_finish (self, result, &error);

        ok = (claim->job = take_object (root, "GET api/jobs/ID", &error)) != NULL;
      }
      break;
    case CLAIM_LABELS:
      ok = (claim->labels = get_pages_finish (self, result, &error)) != NULL;
      break;
    case CLAIM_META:
      {
        g_autoptr (JsonNode) root = _pw_cvat_get_finish (self, result, &error);

        ok = (claim->meta = take_object (root, "GET api/jobs/ID/data/meta", &error)) != NULL;
      }
      break;
    case CLAIM_ANNOTATIONS:
      {
        g_autoptr (JsonNode) root = _pw_cvat_get_finish (self, result, &error);

        ok = (claim->annotations = take_object (root, "GET api/jobs/ID/annotations/", &error)) != NULL;
      }
      break;
    case CLAIM_LOCK:
      claim->lock_fd = _pw_cvat_job_lock_finish (result, &error);
      ok = claim->lock_fd >= 0;
      break;
    case CLAIM_RELOAD:
      {
        g_autoptr (JsonNode) state = _pw_cvat_job_file_load_finish (result, &error);

        ok = state != NULL;
        /* Another process claimed the job meanwhile and may have sent
         * frames of it: its file is the one to go on from. */
        if (ok && _pw_cvat_job_state_is_open (state)
            && !_pw_cvat_job_state_starts_over (json_node_get_object (state)))
          {
            g_clear_pointer (&claim->state, json_node_unref);
            claim->state = g_steal_pointer (&state);
            claim->made_meanwhile = TRUE;
          }
        else if (ok && claim->reopen)
          {
            ok = FALSE;
            error = g_error_new (PW_ERROR, PW_ERROR_FAILED,
                                 _("CVAT job %d changed here meanwhile; claim it again."),
                                 (int) claim->job_id);
          }
      }
      break;
    case CLAIM_SAVE:
      ok = _pw_cvat_job_file_save_finish (result, &error);
      break;
    case CLAIM_DONE:
    default:
      g_assert_not_reached ();
    }

  if (!ok)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  claim->step++;
  claim_advance (task);
}

static GError *
web_only_error (PwCvatConnector *self,
                JsonObject      *job,
                const char      *reason)
{
  g_autofree char *url = job_web_url (self, job);

  return g_error_new (PW_ERROR, PW_ERROR_UNSUPPORTED,
                      _("This CVAT job opens only in CVAT’s web page, %s. %s"), url, reason);
}

/* The frames of the job Piecework shows, in order: its range, without
 * the frames deleted from the task. */
static GArray *
job_frames (JsonObject *job,
            JsonObject *meta)
{
  GArray *frames = g_array_new (FALSE, FALSE, sizeof (gint64));
  gint64 start = json_object_get_int_member_with_default (job, "start_frame", 0);
  gint64 stop = json_object_get_int_member_with_default (job, "stop_frame", -1);
  JsonNode *deleted = json_object_get_member (meta, "deleted_frames");
  JsonNode *included = json_object_get_member (meta, "included_frames");
  g_autoptr (GHashTable) skip = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr (GHashTable) only = NULL;

  if (deleted != NULL && JSON_NODE_HOLDS_ARRAY (deleted))
    for (guint i = 0; i < json_array_get_length (json_node_get_array (deleted)); i++)
      {
        JsonNode *node = json_array_get_element (json_node_get_array (deleted), i);

        if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64)
          g_hash_table_add (skip, g_memdup2 (&(gint64) { json_node_get_int (node) }, sizeof (gint64)));
      }
  if (included != NULL && JSON_NODE_HOLDS_ARRAY (included))
    {
      only = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
      for (guint i = 0; i < json_array_get_length (json_node_get_array (included)); i++)
        {
          JsonNode *node = json_array_get_element (json_node_get_array (included), i);

          if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64)
            g_hash_table_add (only, g_memdup2 (&(gint64) { json_node_get_int (node) }, sizeof (gint64)));
        }
    }
  for (gint64 frame = start; frame <= stop && frames->len < 100000; frame++)
    if (!g_hash_table_contains (skip, &frame) && (only == NULL || g_hash_table_contains (only, &frame)))
      g_array_append_val (frames, frame);
  return frames;
}

/* The job's state file as a claim makes it, from what CVAT holds now. */
static gboolean
claim_make_state (PwCvatConnector  *self,
                  Claim            *claim,
                  GError          **error)
{
  g_autoptr (GArray) frames = job_frames (claim->job, claim->meta);
  JsonNode *sizes = json_object_get_member (claim->meta, "frames");
  JsonArray *sizes_array = sizes != NULL && JSON_NODE_HOLDS_ARRAY (sizes) ? json_node_get_array (sizes) : NULL;
  gint64 meta_start = json_object_get_int_member_with_default (claim->meta, "start_frame",
                                                               json_object_get_int_member_with_default (claim->job, "start_frame", 0));
  JsonObject *state = json_object_new ();
  JsonArray *frame_list = json_array_new ();
  JsonObject *kept;
  const char *updated;

  if (sizes_array == NULL || json_array_get_length (sizes_array) == 0)
    {
      json_object_unref (state);
      json_array_unref (frame_list);
      g_propagate_error (error, broken_answer ("GET api/jobs/ID/data/meta", _("it gives no frame sizes")));
      return FALSE;
    }
  for (guint i = 0; i < frames->len; i++)
    {
      gint64 frame = g_array_index (frames, gint64, i);
      gint64 index = json_array_get_length (sizes_array) == 1 ? 0 : frame - meta_start;
      JsonObject *size, *entry;

      if (index < 0 || index >= json_array_get_length (sizes_array)
          || (size = json_array_get_object_element (sizes_array, (guint) index)) == NULL
          || json_object_get_int_member_with_default (size, "width", 0) <= 0
          || json_object_get_int_member_with_default (size, "height", 0) <= 0)
        {
          json_object_unref (state);
          json_array_unref (frame_list);
          g_propagate_error (error, broken_answer ("GET api/jobs/ID/data/meta",
                                                   _("a frame of the job has no size")));
          return FALSE;
        }
      entry = json_object_new ();
      json_object_set_int_member (entry, "number", frame);
      json_object_set_int_member (entry, "width", json_object_get_int_member (size, "width"));
      json_object_set_int_member (entry, "height", json_object_get_int_member (size, "height"));
      json_array_add_object_element (frame_list, entry);
    }

  /* What the contract has no room for, by the shapes' ids in the
   * prefills, is in the file before any frame is handed out. */
  kept = json_object_new ();
  for (guint i = 0; i < frames->len; i++)
    {
      g_autoptr (JsonNode) prefill = _pw_cvat_prefill (claim->labels, claim->annotations,
                                                       g_array_index (frames, gint64, i), 1, 1, kept);
    }

  updated = json_object_get_string_member_with_default (claim->job, "updated_date", "");
  json_object_set_int_member (state, "job_id", claim->job_id);
  json_object_set_string_member (state, "assignee", self->username);
  json_object_set_string_member (state, "updated_date", updated);
  json_object_set_array_member (state, "frames", frame_list);
  json_object_set_array_member (state, "labels", json_array_ref (claim->labels));
  json_object_set_object_member (state, "held", json_object_ref (claim->annotations));
  json_object_set_object_member (state, "kept", kept);
  json_object_set_object_member (state, "submitted", json_object_new ());
  json_object_set_null_member (state, "sent");
  json_object_set_boolean_member (state, "completed", FALSE);

  g_clear_pointer (&claim->state, json_node_unref);
  claim->state = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (claim->state, state);
  return TRUE;
}

/* The contract's claim for the job, from its state: a task per frame, in
 * frame order, with the frame's media and what the job holds on it. */
static PwClaim *
claim_from_state (PwCvatConnector  *self,
                  Claim            *claim,
                  GError          **error)
{
  JsonObject *state = json_node_get_object (claim->state);
  JsonArray *frames = json_object_get_array_member (state, "frames");
  JsonArray *labels = json_object_get_array_member (state, "labels");
  JsonObject *held = json_object_get_object_member (state, "held");
  JsonObject *kept = json_object_get_object_member (state, "kept");
  JsonObject *submitted = json_object_get_object_member (state, "submitted");
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) root = NULL;
  g_autofree char *claim_id = g_strdup_printf ("cvat-job-%" G_GINT64_FORMAT, claim->job_id);
  g_autofree char *project_id = g_strdup_printf ("%" G_GINT64_FORMAT, claim->job_id);

  json_builder_begin_object (builder);
  pw_json_builder_add_string (builder, "claim_id", claim_id);
  /* A job stays assigned until staff change it: no lease, no time limit. */
  json_builder_set_member_name (builder, "lease_expires_at");
  json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "tasks");
  json_builder_begin_array (builder);
  for (guint i = 0; i < json_array_get_length (frames); i++)
    {
      JsonObject *frame = json_array_get_object_element (frames, i);
      gint64 number = json_object_get_int_member (frame, "number");
      g_autofree char *id = _pw_cvat_task_id (claim->job_id, number);
      g_autofree char *key = g_strdup_printf ("%" G_GINT64_FORMAT, number);
      g_autofree char *url = g_strdup_printf ("api/jobs/%" G_GINT64_FORMAT "/data?type=frame&number=%"
                                              G_GINT64_FORMAT "&quality=original", claim->job_id, number);
      g_autoptr (JsonNode) prefill = NULL;
      JsonObject *prefill_object;

      /* A frame already sent is done; the claim hands out the others,
       * or those released when it goes on after a release. */
      if (json_object_has_member (submitted, key)
          || (claim->handed != NULL && !g_hash_table_contains (claim->handed, key)))
        continue;
      prefill = _pw_cvat_prefill (labels, held, number, json_object_get_int_member (frame, "width"),
                                  json_object_get_int_member (frame, "height"), kept);
      prefill_object = json_node_get_object (prefill);

      json_builder_begin_object (builder);
      pw_json_builder_add_string (builder, "id", id);
      pw_json_builder_add_string (builder, "project_id", project_id);
      pw_json_builder_add_string (builder, "kind", "image");
      json_builder_set_member_name (builder, "pay");
      json_builder_begin_object (builder);
      pw_json_builder_add_string (builder, "amount", "0.00");
      pw_json_builder_add_string (builder, "currency", PW_CVAT_CURRENCY);
      json_builder_end_object (builder);
      json_builder_set_member_name (builder, "media");
      json_builder_begin_object (builder);
      pw_json_builder_add_string (builder, "url", url);
      json_builder_end_object (builder);
      json_builder_set_member_name (builder, "prefill");
      if (json_array_get_length (json_object_get_array_member (prefill_object, "shapes")) > 0
          || (json_object_has_member (prefill_object, "choices")
              && json_array_get_length (json_object_get_array_member (prefill_object, "choices")) > 0))
        json_builder_add_value (builder, json_node_ref (prefill));
      else
        json_builder_add_null_value (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return pw_claim_new_from_json (root, error);
}

static void
claim_advance (GTask *task)
{
  PwCvatConnector *self = g_task_get_source_object (task);
  Claim *claim = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  g_autofree char *path = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *busy = NULL;
  g_autoptr (GFile) file = NULL;
  GError *error = NULL;
  PwClaim *result;

  switch (claim->step)
    {
    case CLAIM_ME:
      if (self->username != NULL)
        {
          claim->step++;
          claim_advance (task);
          return;
        }
      pw_connector_get_me_async (PW_CONNECTOR (self), cancellable, on_claim_step, task);
      return;
    case CLAIM_STATE:
      file = _pw_cvat_connector_get_job_file (self, claim->job_id);
      _pw_cvat_job_file_load_async (file, cancellable, on_claim_step, task);
      return;
    case CLAIM_JOB:
      /* A job claimed before and not yet completed goes on from its
       * file: what was sent stays sent, and the comparison with CVAT's
       * updated_date stays the one of the first download. Frames
       * released since are handed out and their marks cleared, under
       * the job's lock. A job wholly released before anything was sent
       * is read again (pw-cvat-job-file.c). */
      if (_pw_cvat_job_state_is_open (claim->state)
          && !_pw_cvat_job_state_starts_over (json_node_get_object (claim->state)))
        {
          g_autoptr (GHashTable) released =
            _pw_cvat_job_state_get_released (json_node_get_object (claim->state));

          claim->reopen = g_hash_table_size (released) > 0;
          claim->step = claim->reopen ? CLAIM_LOCK : CLAIM_DONE;
          claim_advance (task);
          return;
        }
      path = g_strdup_printf ("api/jobs/%" G_GINT64_FORMAT, claim->job_id);
      _pw_cvat_get_async (self, "GET", path, NULL, PW_MARKET_SMALL_ANSWER_MAX_BYTES, cancellable,
                          on_claim_step, task);
      return;
    case CLAIM_LABELS:
      reason = _pw_cvat_web_only_reason (claim->job);
      if (reason != NULL)
        {
          g_task_return_error (task, web_only_error (self, claim->job, reason));
          g_object_unref (task);
          return;
        }
      path = labels_path (claim->job_id);
      get_pages_async (self, path, cancellable, on_claim_step, task);
      return;
    case CLAIM_META:
      path = g_strdup_printf ("api/jobs/%" G_GINT64_FORMAT "/data/meta", claim->job_id);
      _pw_cvat_get_async (self, "GET", path, NULL, PW_CVAT_PAGE_MAX_BYTES, cancellable,
                          on_claim_step, task);
      return;
    case CLAIM_ANNOTATIONS:
      path = g_strdup_printf ("api/jobs/%" G_GINT64_FORMAT "/annotations/", claim->job_id);
      _pw_cvat_get_async (self, "GET", path, NULL, PW_CVAT_ANNOTATIONS_MAX_BYTES, cancellable,
                          on_claim_step, task);
      return;
    case CLAIM_LOCK:
      if (claim->reopen)
        {
          file = _pw_cvat_connector_get_job_file (self, claim->job_id);
          busy = g_strdup_printf (_("Piecework is sending work of CVAT job %d at the same time"
                                    "; claim it again in a moment."), (int) claim->job_id);
          _pw_cvat_job_lock_async (file, busy, cancellable, on_claim_step, task);
          return;
        }
      {
        JsonNode *tracks = json_object_get_member (claim->annotations, "tracks");

        if (tracks != NULL && JSON_NODE_HOLDS_ARRAY (tracks)
            && json_array_get_length (json_node_get_array (tracks)) > 0)
          {
            g_task_return_error (task, web_only_error (self, claim->job,
                                                       _("It is annotated with tracks, which Piecework cannot edit yet.")));
            g_object_unref (task);
            return;
          }
      }
      if (!claim_make_state (self, claim, &error))
        {
          g_task_return_error (task, error);
          g_object_unref (task);
          return;
        }
      /* The file is made under the job's lock, and only where no other
       * process made it since it was first read. */
      file = _pw_cvat_connector_get_job_file (self, claim->job_id);
      busy = g_strdup_printf (_("Piecework is sending work of CVAT job %d at the same time"
                                "; claim it again in a moment."), (int) claim->job_id);
      _pw_cvat_job_lock_async (file, busy, cancellable, on_claim_step, task);
      return;
    case CLAIM_RELOAD:
      file = _pw_cvat_connector_get_job_file (self, claim->job_id);
      _pw_cvat_job_file_load_async (file, cancellable, on_claim_step, task);
      return;
    case CLAIM_SAVE:
      if (claim->made_meanwhile)
        {
          JsonObject *state = json_node_get_object (claim->state);

          claim->handed = _pw_cvat_job_state_get_released (state);
          if (g_hash_table_size (claim->handed) == 0)
            {
              g_clear_pointer (&claim->handed, g_hash_table_unref);
              claim->step = CLAIM_DONE;
              claim_advance (task);
              return;
            }
          _pw_cvat_job_state_forget_released (state, -1);
        }
      file = _pw_cvat_connector_get_job_file (self, claim->job_id);
      _pw_cvat_job_file_save_async (file, claim->state, cancellable, on_claim_step, task);
      return;
    case CLAIM_DONE:
      _pw_cvat_job_unlock (claim->lock_fd);
      claim->lock_fd = -1;
      result = claim_from_state (self, claim, &error);
      if (result == NULL)
        g_task_return_error (task, error);
      else
        g_task_return_pointer (task, result, (GDestroyNotify) pw_claim_unref);
      g_object_unref (task);
      return;
    default:
      g_assert_not_reached ();
    }
}

static void
cvat_claim_async (PwConnector         *connector,
                  const char          *project_id,
                  guint                count,
                  GCancellable        *cancellable,
                  GAsyncReadyCallback  callback,
                  gpointer             user_data)
{
  PwCvatConnector *self = PW_CVAT_CONNECTOR (connector);
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  Claim *claim = g_new0 (Claim, 1);
  guint64 job_id;

  g_task_set_source_tag (task, cvat_claim_async);
  claim->lock_fd = -1;
  g_task_set_task_data (task, claim, claim_free);
  if (!g_ascii_string_to_unsigned (project_id, 10, 1, G_MAXINT32, &job_id, NULL))
    {
      g_task_return_new_error (task, PW_ERROR, PW_ERROR_NOT_FOUND,
                               _("“%s” is not the number of a CVAT job."), project_id);
      g_object_unref (task);
      return;
    }
  claim->job_id = (gint64) job_id;
  claim_advance (task);
}

static PwClaim *
cvat_claim_finish (PwConnector   *connector,
                   GAsyncResult  *result,
                   GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Releasing, and what CVAT has no room for: statements */

static void
on_job_released (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  GError *error = NULL;
  gint64 n = _pw_cvat_job_file_release_finish (result, &error);

  if (n < 0)
    g_task_return_error (task, error);
  else
    g_task_return_int (task, n);
}

/* CVAT keeps the job assigned whatever happens here: the frames are
 * marked released in the job's file, for the listing and the next claim
 * (pw-cvat-job-file.c). */
static void
cvat_release_async (PwConnector         *connector,
                    const char          *claim_id,
                    const char *const   *task_ids,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  PwCvatConnector *self = PW_CVAT_CONNECTOR (connector);
  g_autoptr (GTask) task = g_task_new (connector, cancellable, callback, user_data);
  g_autoptr (GArray) frames = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr (GFile) file = NULL;
  g_autofree char *busy = NULL;
  guint64 claim_job = 0;
  gint64 job_id, frame;

  g_task_set_source_tag (task, cvat_release_async);
  if (!g_str_has_prefix (claim_id, "cvat-job-")
      || !g_ascii_string_to_unsigned (claim_id + strlen ("cvat-job-"), 10, 1, G_MAXINT32, &claim_job, NULL))
    {
      g_task_return_int (task, 0);
      return;
    }
  for (guint i = 0; task_ids[i] != NULL; i++)
    if (_pw_cvat_parse_task_id (task_ids[i], &job_id, &frame) && job_id == (gint64) claim_job)
      g_array_append_val (frames, frame);
  file = _pw_cvat_connector_get_job_file (self, (gint64) claim_job);
  busy = g_strdup_printf (_("Piecework is sending work of CVAT job %d at the same time"
                            "; release the tasks again in a moment."), (int) claim_job);
  _pw_cvat_job_file_release_async (file, frames, busy, cancellable, on_job_released,
                                   g_steal_pointer (&task));
}

static gboolean
cvat_release_finish (PwConnector   *connector,
                     GAsyncResult  *result,
                     guint         *n_released,
                     GError       **error)
{
  GError *local_error = NULL;
  gssize n = g_task_propagate_int (G_TASK (result), &local_error);

  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  if (n_released != NULL)
    *n_released = (guint) n;
  return TRUE;
}

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
  iface->list_projects_async = cvat_list_projects_async;
  iface->list_projects_finish = cvat_list_projects_finish;
  iface->claim_async = cvat_claim_async;
  iface->claim_finish = cvat_claim_finish;
  iface->release_async = cvat_release_async;
  iface->release_finish = cvat_release_finish;
  iface->submit_async = cvat_submit_async;
  iface->submit_finish = cvat_submit_finish;
  iface->statement_async = cvat_statement_async;
  iface->statement_finish = cvat_statement_finish;
  iface->fetch_media_async = cvat_fetch_media_async;
  iface->fetch_media_finish = cvat_fetch_media_finish;
}
