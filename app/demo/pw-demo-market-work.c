/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "pw-demo-market-private.h"
#include "pw-error.h"
#include "pw-json.h"

/* Claims with leases, their release, and submissions with the
 * Idempotency-Key semantics of the contract. A task leaves the pool while a
 * claim holds it; a lease that ran out puts it back, lazily, when the pool
 * is next looked at. */

void
_pw_demo_market_claim_free (gpointer data)
{
  PwDemoClaim *claim = data;

  g_free (claim->id);
  g_ptr_array_unref (claim->tasks);
  g_free (claim);
}

void
_pw_demo_market_submission_free (gpointer data)
{
  PwDemoSubmission *submission = data;

  g_free (submission->id);
  g_free (submission->key);
  json_node_unref (submission->body);
  g_free (submission->response);
  g_free (submission);
}

/* Parses the request body within the engine's limits. On failure the error
 * reply is set and NULL returned. */
static JsonNode *
read_body (SoupServerMessage *msg)
{
  g_autoptr (GBytes) bytes = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  g_autoptr (GError) error = NULL;
  JsonNode *root;

  root = pw_json_parse (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), "body", &error);
  if (root == NULL)
    {
      if (g_error_matches (error, PW_ERROR, PW_ERROR_TOO_LARGE))
        _pw_demo_market_reply_error (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "too_large",
                                     "The body is over 32 MiB or nested deeper than %d levels",
                                     PW_JSON_MAX_DEPTH);
      else
        _pw_demo_market_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "bad_request",
                                     "The body is not valid JSON");
      return NULL;
    }
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      _pw_demo_market_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "bad_request",
                                   "The body must be a JSON object");
      json_node_unref (root);
      return NULL;
    }
  return root;
}

static JsonNode *
require (SoupServerMessage *msg,
         JsonObject        *object,
         const char        *member,
         JsonNodeType       type,
         GType              value_type)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL)
    {
      _pw_demo_market_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "bad_request",
                                   "The member “%s” is missing", member);
      return NULL;
    }
  if (JSON_NODE_TYPE (node) != type
      || (type == JSON_NODE_VALUE && value_type == G_TYPE_DOUBLE
          && json_node_get_value_type (node) != G_TYPE_DOUBLE
          && json_node_get_value_type (node) != G_TYPE_INT64)
      || (type == JSON_NODE_VALUE && value_type != G_TYPE_DOUBLE
          && json_node_get_value_type (node) != value_type))
    {
      const char *what = type == JSON_NODE_OBJECT ? "an object"
                         : type == JSON_NODE_ARRAY ? "an array"
                         : value_type == G_TYPE_STRING ? "a string"
                         : value_type == G_TYPE_INT64 ? "a whole number" : "a number";

      _pw_demo_market_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "bad_request",
                                   "The member “%s” must be %s", member, what);
      return NULL;
    }
  return node;
}

/* The label of @project named @name, or NULL. */
static JsonObject *
find_label (PwDemoProject *project,
            const char    *name)
{
  JsonNode *labels = json_object_get_member (project->definition, "labels");

  for (guint i = 0; labels != NULL && JSON_NODE_HOLDS_ARRAY (labels)
                    && i < json_array_get_length (json_node_get_array (labels)); i++)
    {
      JsonObject *label = json_array_get_object_element (json_node_get_array (labels), i);

      if (g_strcmp0 (json_object_get_string_member_with_default (label, "name", NULL), name) == 0)
        return label;
    }
  return NULL;
}

/* Whether @label may be chosen: a label without tools is for every tool. */
static gboolean
label_is_choice (JsonObject *label)
{
  JsonNode *tools = json_object_get_member (label, "tools");

  if (tools == NULL || !JSON_NODE_HOLDS_ARRAY (tools))
    return TRUE;
  for (guint i = 0; i < json_array_get_length (json_node_get_array (tools)); i++)
    if (g_strcmp0 (json_array_get_string_element (json_node_get_array (tools), i), "choice") == 0)
      return TRUE;
  return FALSE;
}

/* A project with groups of choices takes only its own choices, one answer
 * in a group of one and an answer in a required group
 * (docs/MARKETPLACE-API.md, “Groups of choices”); otherwise 400, naming
 * the group, or the choice that is in none. */
static gboolean
choices_fit_groups (SoupServerMessage *msg,
                    PwDemoProject     *project,
                    JsonObject        *annotation)
{
  JsonNode *groups = json_object_get_member (project->definition, "choice_groups");
  JsonNode *choices = json_object_get_member (annotation, "choices");
  JsonArray *sent = NULL;

  if (groups == NULL || !JSON_NODE_HOLDS_ARRAY (groups))
    return TRUE;
  if (choices != NULL && !JSON_NODE_HOLDS_NULL (choices) && !JSON_NODE_HOLDS_ARRAY (choices))
    {
      _pw_demo_market_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "bad_request",
                                   "The member “choices” must be a list of labels");
      return FALSE;
    }
  if (choices != NULL && JSON_NODE_HOLDS_ARRAY (choices))
    sent = json_node_get_array (choices);

  for (guint i = 0; sent != NULL && i < json_array_get_length (sent); i++)
    {
      JsonNode *choice = json_array_get_element (sent, i);
      JsonObject *label;

      if (!JSON_NODE_HOLDS_VALUE (choice) || json_node_get_value_type (choice) != G_TYPE_STRING)
        {
          _pw_demo_market_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "bad_request",
                                       "The member “choices” must be a list of labels");
          return FALSE;
        }
      label = find_label (project, json_node_get_string (choice));
      if (label == NULL || !label_is_choice (label))
        {
          _pw_demo_market_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "bad_request",
                                       "The choice “%s” is in no group of choices of this project",
                                       json_node_get_string (choice));
          return FALSE;
        }
    }

  for (guint g = 0; g < json_array_get_length (json_node_get_array (groups)); g++)
    {
      JsonObject *group = json_array_get_object_element (json_node_get_array (groups), g);
      const char *id = json_object_get_string_member (group, "id");
      gboolean single = g_strcmp0 (json_object_get_string_member_with_default (group, "mode", NULL),
                                   "single") == 0;
      gboolean required = json_object_get_boolean_member_with_default (group, "required", FALSE);
      guint n = 0;

      for (guint i = 0; sent != NULL && i < json_array_get_length (sent); i++)
        {
          JsonObject *label = find_label (project, json_array_get_string_element (sent, i));

          n += g_strcmp0 (json_object_get_string_member_with_default (label, "group", NULL), id) == 0;
        }
      if (single && n > 1)
        {
          _pw_demo_market_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "bad_request",
                                       "The group “%s” takes one choice, and %u were sent", id, n);
          return FALSE;
        }
      if (required && n == 0)
        {
          _pw_demo_market_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "bad_request",
                                       "The group “%s” needs a choice, and none was sent", id);
          return FALSE;
        }
    }
  return TRUE;
}

static JsonNode *
object_node (JsonObject *object)
{
  JsonNode *node = json_node_init_object (json_node_alloc (), object);

  json_object_unref (object);
  return node;
}

void
_pw_demo_market_claim_locked (PwDemoMarket      *self,
                              const char        *project_id,
                              SoupServerMessage *msg,
                              PwDemoReply       *reply)
{
  PwDemoProject *project = g_hash_table_lookup (self->projects_by_id, project_id);
  g_autoptr (JsonNode) body = NULL;
  g_autoptr (JsonArray) tasks = NULL;
  g_autofree char *expires = NULL;
  JsonObject *result;
  JsonNode *count_node;
  PwDemoClaim *claim;
  gint64 count, now;

  if (project == NULL)
    {
      _pw_demo_market_reply_error (msg, SOUP_STATUS_NOT_FOUND, "not_found",
                                   "There is no project %s", project_id);
      return;
    }
  if ((body = read_body (msg)) == NULL
      || (count_node = require (msg, json_node_get_object (body), "count",
                                JSON_NODE_VALUE, G_TYPE_INT64)) == NULL)
    return;
  count = json_node_get_int (count_node);
  if (count < 1 || count > 100)
    {
      _pw_demo_market_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "bad_request",
                                   "The member “count” must be from 1 to 100, not %" G_GINT64_FORMAT,
                                   count);
      return;
    }
  if (project->qualification_id != NULL
      && !g_hash_table_contains (self->qualified, project->qualification_id))
    {
      _pw_demo_market_reply_error (msg, SOUP_STATUS_FORBIDDEN, "not_qualified",
                                   "Pass the qualification project %s first",
                                   project->qualification_id);
      return;
    }
  if (project->media_kind != PW_DEMO_MEDIA_NONE && project->tasks->len > 0
      && _pw_demo_market_task_media_locked (self, project->tasks->pdata[0]) == NULL)
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "Retry-After", "1");
      _pw_demo_market_reply_error (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, "unavailable",
                                   "The media are being made; try again in a second");
      return;
    }

  now = g_get_real_time ();
  claim = g_new0 (PwDemoClaim, 1);
  claim->id = _pw_demo_market_next_id_locked (self, "c");
  claim->expires_at = _pw_demo_market_take_fault_locked (self, PW_DEMO_FAULT_EXPIRED_LEASE)
                        ? now : now + (gint64) self->lease_seconds * G_USEC_PER_SEC;
  claim->tasks = g_ptr_array_new ();
  g_hash_table_insert (self->claims, claim->id, claim);

  tasks = json_array_new ();
  for (guint i = 0; i < project->tasks->len && claim->tasks->len < count; i++)
    {
      PwDemoTask *task = project->tasks->pdata[i];

      if (!_pw_demo_market_task_is_available (task, now))
        continue;
      task->claim = claim;
      g_ptr_array_add (claim->tasks, task);
      json_array_add_element (tasks, _pw_demo_market_task_to_json_locked (self, task));
    }

  result = json_object_new ();
  expires = _pw_demo_market_format_time (claim->expires_at);
  json_object_set_string_member (result, "claim_id", claim->id);
  json_object_set_string_member (result, "lease_expires_at", expires);
  json_object_set_array_member (result, "tasks", g_steal_pointer (&tasks));
  reply->status = SOUP_STATUS_CREATED;
  reply->body = object_node (result);
}

void
_pw_demo_market_release_locked (PwDemoMarket      *self,
                                const char        *claim_id,
                                SoupServerMessage *msg,
                                PwDemoReply       *reply)
{
  PwDemoClaim *claim = g_hash_table_lookup (self->claims, claim_id);
  g_autoptr (JsonNode) body = NULL;
  JsonNode *ids_node;
  JsonArray *ids;
  JsonObject *result;
  gint64 released = 0;
  gint64 now = g_get_real_time ();

  if (claim == NULL)
    {
      _pw_demo_market_reply_error (msg, SOUP_STATUS_NOT_FOUND, "not_found",
                                   "There is no claim %s", claim_id);
      return;
    }
  if ((body = read_body (msg)) == NULL
      || (ids_node = require (msg, json_node_get_object (body), "task_ids",
                              JSON_NODE_ARRAY, G_TYPE_INVALID)) == NULL)
    return;

  ids = json_node_get_array (ids_node);
  for (guint i = 0; i < json_array_get_length (ids); i++)
    {
      JsonNode *id = json_array_get_element (ids, i);

      if (!JSON_NODE_HOLDS_VALUE (id) || json_node_get_value_type (id) != G_TYPE_STRING)
        {
          _pw_demo_market_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "bad_request",
                                       "The member “task_ids” must hold strings");
          return;
        }
    }
  for (guint i = 0; i < json_array_get_length (ids); i++)
    {
      PwDemoTask *task = g_hash_table_lookup (self->tasks_by_id,
                                              json_array_get_string_element (ids, i));

      /* Only what this claim still holds goes back to the pool. */
      if (task != NULL && task->claim == claim && task->submission == NULL
          && claim->expires_at > now)
        {
          task->claim = NULL;
          released++;
        }
    }

  result = json_object_new ();
  json_object_set_int_member (result, "released", released);
  reply->status = SOUP_STATUS_OK;
  reply->body = object_node (result);
}

static void
pass_qualification_locked (PwDemoMarket  *self,
                           PwDemoProject *project)
{
  guint submitted = 0;

  if (project->pass_after == 0 || g_hash_table_contains (self->qualified, project->id))
    return;
  for (guint i = 0; i < project->tasks->len; i++)
    submitted += ((PwDemoTask *) project->tasks->pdata[i])->submission != NULL;
  if (submitted >= project->pass_after)
    g_hash_table_add (self->qualified, g_strdup (project->id));
}

/* One line of JSON per submission taken, for whoever runs the marketplace
 * to see what it received. */
static void
log_submission_locked (PwDemoMarket     *self,
                       PwDemoSubmission *submission)
{
  g_autoptr (JsonBuilder) builder = NULL;
  g_autoptr (JsonNode) line = NULL;
  g_autofree char *text = NULL;
  FILE *file;

  if (self->submission_log == NULL)
    return;

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "task_id");
  json_builder_add_string_value (builder, submission->task->id);
  json_builder_set_member_name (builder, "idempotency_key");
  json_builder_add_string_value (builder, submission->key);
  json_builder_set_member_name (builder, "body");
  json_builder_add_value (builder, json_node_copy (submission->body));
  json_builder_end_object (builder);
  line = json_builder_get_root (builder);
  text = pw_json_to_string (line, FALSE);

  file = fopen (self->submission_log, "a");
  if (file == NULL || fprintf (file, "%s\n", text) < 0 || fclose (file) != 0)
    g_warning ("Could not add submission %s to %s: %s", submission->id, self->submission_log,
               g_strerror (errno));
}

static void
commit_locked (PwDemoMarket      *self,
               PwDemoTask        *task,
               const char        *key,
               JsonNode          *body,
               PwDemoReply       *reply)
{
  PwDemoSubmission *submission = g_new0 (PwDemoSubmission, 1);
  JsonObject *result = json_object_new ();

  submission->id = _pw_demo_market_next_id_locked (self, "s");
  submission->key = g_strdup (key);
  submission->task = task;
  submission->body = json_node_ref (body);
  g_ptr_array_add (self->submissions, submission);
  g_hash_table_insert (self->keys, submission->key, submission);
  task->submission = submission;

  json_object_set_string_member (result, "submission_id", submission->id);
  json_object_set_string_member (result, "task_id", task->id);
  json_object_set_string_member (result, "status",
                                 task->project->auto_approve ? "approved" : "pending_review");
  reply->status = SOUP_STATUS_CREATED;
  reply->body = object_node (result);
  reply->committed = TRUE;
  submission->response = pw_json_to_string (reply->body, FALSE);

  pass_qualification_locked (self, task->project);
  _pw_demo_market_add_task_entry_locked (self, submission);
  log_submission_locked (self, submission);
}

void
_pw_demo_market_submit_locked (PwDemoMarket      *self,
                               const char        *task_id,
                               SoupServerMessage *msg,
                               PwDemoReply       *reply)
{
  PwDemoTask *task = g_hash_table_lookup (self->tasks_by_id, task_id);
  const char *key = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                  "Idempotency-Key");
  g_autoptr (JsonNode) body = NULL;
  g_autoptr (GDateTime) submitted_at = NULL;
  PwDemoSubmission *earlier;
  PwDemoClaim *claim;
  JsonObject *object;
  JsonNode *claim_node, *seconds_node, *at_node;

  if (task == NULL)
    {
      _pw_demo_market_reply_error (msg, SOUP_STATUS_NOT_FOUND, "not_found",
                                   "There is no task %s", task_id);
      return;
    }
  g_ptr_array_add (task->received_keys, g_strdup (key != NULL ? key : ""));
  if (key == NULL)
    {
      _pw_demo_market_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "bad_request",
                                   "The header Idempotency-Key is missing");
      return;
    }
  if (!g_uuid_string_is_valid (key))
    {
      _pw_demo_market_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "bad_request",
                                   "The header Idempotency-Key must be a UUID");
      return;
    }

  if ((body = read_body (msg)) == NULL)
    return;
  object = json_node_get_object (body);
  if ((claim_node = require (msg, object, "claim_id", JSON_NODE_VALUE, G_TYPE_STRING)) == NULL
      || require (msg, object, "annotation", JSON_NODE_OBJECT, G_TYPE_INVALID) == NULL
      || (seconds_node = require (msg, object, "active_seconds", JSON_NODE_VALUE,
                                  G_TYPE_DOUBLE)) == NULL
      || (at_node = require (msg, object, "submitted_at", JSON_NODE_VALUE, G_TYPE_STRING)) == NULL)
    return;
  if (json_node_get_double (seconds_node) < 0)
    {
      _pw_demo_market_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "bad_request",
                                   "The member “active_seconds” must not be negative");
      return;
    }
  if (!choices_fit_groups (msg, task->project, json_object_get_object_member (object, "annotation")))
    return;
  submitted_at = g_date_time_new_from_iso8601 (json_node_get_string (at_node), NULL);
  if (submitted_at == NULL)
    {
      _pw_demo_market_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "bad_request",
                                   "The member “submitted_at” must be an RFC 3339 time");
      return;
    }

  /* The key decides first: a retry gets the first answer, whatever
   * happened to the lease since. */
  earlier = g_hash_table_lookup (self->keys, key);
  if (earlier != NULL)
    {
      if (earlier->task != task || !json_node_equal (earlier->body, body))
        {
          _pw_demo_market_reply_error (msg, SOUP_STATUS_UNPROCESSABLE_ENTITY,
                                       "idempotency_mismatch",
                                       "This Idempotency-Key came with another body before");
          return;
        }
      reply->status = SOUP_STATUS_OK;
      reply->body = json_from_string (earlier->response, NULL);
      return;
    }

  if (task->submission != NULL)
    {
      _pw_demo_market_reply_error (msg, SOUP_STATUS_CONFLICT, "already_submitted",
                                   "Task %s was submitted before, with another key", task->id);
      return;
    }
  if (task->reassigned)
    {
      _pw_demo_market_reply_error (msg, SOUP_STATUS_CONFLICT, "reassigned",
                                   "Task %s went to another worker", task->id);
      return;
    }

  claim = g_hash_table_lookup (self->claims, json_node_get_string (claim_node));
  if (claim == NULL)
    {
      _pw_demo_market_reply_error (msg, SOUP_STATUS_NOT_FOUND, "not_found",
                                   "There is no claim %s", json_node_get_string (claim_node));
      return;
    }
  if (!g_ptr_array_find (claim->tasks, task, NULL))
    {
      _pw_demo_market_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "bad_request",
                                   "Claim %s does not hold task %s", claim->id, task->id);
      return;
    }
  if (task->claim != NULL && task->claim != claim)
    {
      _pw_demo_market_reply_error (msg, SOUP_STATUS_CONFLICT, "reassigned",
                                   "Task %s went to another worker after the lease ran out",
                                   task->id);
      return;
    }
  if (task->claim == NULL || claim->expires_at <= g_get_real_time ())
    {
      _pw_demo_market_reply_error (msg, SOUP_STATUS_GONE, "lease_expired",
                                   "The lease on task %s ran out or was released", task->id);
      return;
    }
  if (_pw_demo_market_take_fault_locked (self, PW_DEMO_FAULT_REASSIGNED))
    {
      task->reassigned = TRUE;
      _pw_demo_market_reply_error (msg, SOUP_STATUS_CONFLICT, "reassigned",
                                   "Task %s went to another worker", task->id);
      return;
    }

  commit_locked (self, task, key, body, reply);
}

/**
 * pw_demo_market_count_submissions:
 * @self: a #PwDemoMarket
 * @task_id: a task
 *
 * Returns: how many submissions of @task_id were stored: 0 or 1, whatever
 *   the client sent
 */
guint
pw_demo_market_count_submissions (PwDemoMarket *self,
                                  const char   *task_id)
{
  guint count = 0;

  g_return_val_if_fail (PW_IS_DEMO_MARKET (self), 0);
  g_return_val_if_fail (task_id != NULL, 0);

  g_mutex_lock (&self->mutex);
  for (guint i = 0; i < self->submissions->len; i++)
    count += g_str_equal (((PwDemoSubmission *) self->submissions->pdata[i])->task->id, task_id);
  g_mutex_unlock (&self->mutex);
  return count;
}

static PwDemoTask *
lookup_task_locked (PwDemoMarket *self,
                    const char   *task_id)
{
  return self->tasks_by_id != NULL ? g_hash_table_lookup (self->tasks_by_id, task_id) : NULL;
}

/**
 * pw_demo_market_count_submission_requests:
 * @self: a #PwDemoMarket
 * @task_id: a task
 *
 * Returns: how many submission requests for @task_id arrived, retries included
 */
guint
pw_demo_market_count_submission_requests (PwDemoMarket *self,
                                          const char   *task_id)
{
  PwDemoTask *task;
  guint count;

  g_return_val_if_fail (PW_IS_DEMO_MARKET (self), 0);
  g_return_val_if_fail (task_id != NULL, 0);

  g_mutex_lock (&self->mutex);
  task = lookup_task_locked (self, task_id);
  count = task != NULL ? task->received_keys->len : 0;
  g_mutex_unlock (&self->mutex);
  return count;
}

/**
 * pw_demo_market_dup_submission_keys:
 * @self: a #PwDemoMarket
 * @task_id: a task
 *
 * Returns: (transfer full): the Idempotency-Key of each submission request
 *   for @task_id, in order, with "" for a request without one
 */
char **
pw_demo_market_dup_submission_keys (PwDemoMarket *self,
                                    const char   *task_id)
{
  GStrvBuilder *builder = g_strv_builder_new ();
  PwDemoTask *task;
  char **keys;

  g_return_val_if_fail (PW_IS_DEMO_MARKET (self), NULL);
  g_return_val_if_fail (task_id != NULL, NULL);

  g_mutex_lock (&self->mutex);
  task = lookup_task_locked (self, task_id);
  for (guint i = 0; task != NULL && i < task->received_keys->len; i++)
    g_strv_builder_add (builder, task->received_keys->pdata[i]);
  g_mutex_unlock (&self->mutex);

  keys = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);
  return keys;
}

/**
 * pw_demo_market_dup_submission_body:
 * @self: a #PwDemoMarket
 * @task_id: a task
 *
 * Returns: (transfer full) (nullable): the stored submission of @task_id as
 *   JSON text, or %NULL when none was stored
 */
char *
pw_demo_market_dup_submission_body (PwDemoMarket *self,
                                    const char   *task_id)
{
  PwDemoTask *task;
  char *text = NULL;

  g_return_val_if_fail (PW_IS_DEMO_MARKET (self), NULL);
  g_return_val_if_fail (task_id != NULL, NULL);

  g_mutex_lock (&self->mutex);
  task = lookup_task_locked (self, task_id);
  if (task != NULL && task->submission != NULL)
    text = pw_json_to_string (task->submission->body, FALSE);
  g_mutex_unlock (&self->mutex);
  return text;
}

/**
 * pw_demo_market_is_qualified:
 * @self: a #PwDemoMarket
 * @project_id: a qualification project
 *
 * Returns: whether the worker passed @project_id
 */
gboolean
pw_demo_market_is_qualified (PwDemoMarket *self,
                             const char   *project_id)
{
  gboolean qualified;

  g_return_val_if_fail (PW_IS_DEMO_MARKET (self), FALSE);
  g_return_val_if_fail (project_id != NULL, FALSE);

  g_mutex_lock (&self->mutex);
  qualified = g_hash_table_contains (self->qualified, project_id);
  g_mutex_unlock (&self->mutex);
  return qualified;
}
