/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "market/pw-market-client-private.h"
#include "pw-error.h"
#include "pw-json.h"
#include "pw-label-studio-connector.h"
#include "pw-label-studio-private.h"

/* Submitting work to Label Studio: the annotation created with the
 * outbox's Idempotency-Key as its unique_id, and on a server that ignores
 * it, the worker's own copy looked for first. */

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
  id = JSON_NODE_HOLDS_OBJECT (answer) ? _pw_ls_id_string (json_node_get_object (answer),
                                                           "id") : NULL;
  return_receipt (flow, id != NULL ? id : submit->key, FALSE);
}

static gboolean
is_own_copy (SubmitFlow *submit,
             gint64      user_id,
             JsonObject *annotation)
{
  g_autofree char *author = _pw_ls_id_string (annotation, "completed_by");
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

      _pw_ls_return_protocol_error (flow, "GET /api/tasks/{id}/annotations/", local_error);
      return;
    }

  /* A server that ignores unique_id would take a second copy of work
   * whose first answer was lost: the worker's own is looked for first. */
  for (guint i = 0; i < json_array_get_length (json_node_get_array (answer)); i++)
    {
      JsonObject *annotation = json_array_get_object_element (json_node_get_array (answer), i);

      if (annotation != NULL && is_own_copy (submit, self->user_id, annotation))
        {
          g_autofree char *id = _pw_ls_id_string (annotation, "id");

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
  _pw_ls_request (self, flow, "POST", path, body, PW_MARKET_SMALL_ANSWER_MAX_BYTES,
                  on_annotation_created);
}

static void
look_for_own_copy (GTask *flow)
{
  SubmitFlow *submit = g_task_get_task_data (flow);
  g_autofree char *path = g_strdup_printf ("api/tasks/%s/annotations/", submit->task_id);

  _pw_ls_request (g_task_get_source_object (flow), flow, "GET", path, NULL,
                  PW_MARKET_CLAIM_MAX_BYTES, on_task_annotations);
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
  me = _pw_ls_read_me (self, answer, &local_error);
  if (me == NULL)
    {
      _pw_ls_return_protocol_error (flow, "GET /api/current-user/whoami", local_error);
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
      _pw_ls_return_protocol_error (flow, "GET /api/projects/{id}/", local_error);
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
      _pw_ls_request (self, flow, "GET", "api/current-user/whoami", NULL,
                      PW_MARKET_SMALL_ANSWER_MAX_BYTES, on_submit_me);
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
  submit->project_id = object != NULL ? _pw_ls_id_string (object, "project") : NULL;
  if (submit->project_id == NULL)
    {
      if (local_error == NULL)
        local_error = g_error_new (PW_ERROR, PW_ERROR_INVALID_DATA,
                                   _("%s: the member “%s” must be a number"), "task", "project");
      _pw_ls_return_protocol_error (flow, "GET /api/tasks/{id}/", local_error);
      return;
    }
  data_node = json_object_get_member (object, "data");
  if (data_node != NULL && JSON_NODE_HOLDS_OBJECT (data_node))
    submit->data = json_node_copy (data_node);
  path = g_strdup_printf ("api/projects/%s/", submit->project_id);
  _pw_ls_request (g_task_get_source_object (flow), flow, "GET", path, NULL,
                  PW_MARKET_PROJECTS_MAX_BYTES, on_submit_project);
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

void
_pw_ls_submit_async (PwConnector         *connector,
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
  if (!_pw_ls_check_id (task_id, &error) || !read_submission (submit, body, &error))
    {
      g_task_return_error (flow, g_steal_pointer (&error));
      return;
    }
  path = g_strdup_printf ("api/tasks/%s/", task_id);
  _pw_ls_request (PW_LABEL_STUDIO_CONNECTOR (connector), flow, "GET", path, NULL,
                  PW_MARKET_CLAIM_MAX_BYTES, on_submit_task);
}

PwSubmissionResult *
_pw_ls_submit_finish (PwConnector   *connector,
                      GAsyncResult  *result,
                      GError       **error)
{
  return _pw_ls_finish (connector, result, error);
}
