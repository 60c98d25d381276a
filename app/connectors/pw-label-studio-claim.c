/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "market/pw-market-client-private.h"
#include "pw-error.h"
#include "pw-json.h"
#include "pw-label-studio-connector.h"
#include "pw-label-studio-private.h"

/* Claiming tasks of a Label Studio project: one locked for the worker by
 * GET /api/projects/{id}/next/, more read by list, unannotated first,
 * each as the contract's task with its prefill and media. */

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
  g_autofree char *id = _pw_ls_id_string (task, "id");
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
          _pw_ls_return_protocol_error (flow, "GET /api/tasks/", error);
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

          _pw_ls_return_protocol_error (flow, "GET next/", local_error);
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
      _pw_ls_return_protocol_error (flow, "GET /api/tasks/", local_error);
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
      && n_unannotated < claim->count && claim->page < PW_LS_MAX_PAGES)
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
                                           claim->project_id, claim->page, PW_LS_PAGE_SIZE);

  _pw_ls_request (g_task_get_source_object (flow), flow, "GET", path, NULL,
                  PW_MARKET_CLAIM_MAX_BYTES, on_task_page);
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
      _pw_ls_return_protocol_error (flow, "GET /api/projects/{id}/", local_error);
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

      _pw_ls_request (g_task_get_source_object (flow), flow, "GET", path, NULL,
                      PW_MARKET_CLAIM_MAX_BYTES, on_next_task);
      return;
    }
  claim->page = 1;
  read_task_page (flow);
}

void
_pw_ls_claim_async (PwConnector         *connector,
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

  if (!_pw_ls_check_id (project_id, &error))
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
  _pw_ls_request (PW_LABEL_STUDIO_CONNECTOR (connector), flow, "GET", path, NULL,
                  PW_MARKET_PROJECTS_MAX_BYTES, on_claim_project);
}

PwClaim *
_pw_ls_claim_finish (PwConnector   *connector,
                     GAsyncResult  *result,
                     GError       **error)
{
  return _pw_ls_finish (connector, result, error);
}
