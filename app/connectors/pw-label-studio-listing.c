/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n-lib.h>

#include "market/pw-market-client-private.h"
#include "pw-error.h"
#include "pw-json.h"
#include "pw-label-studio-connector.h"
#include "pw-label-studio-private.h"

/* The projects of a Label Studio account, read page by page. */

/* GET /api/projects/ (paged) */

typedef struct
{
  GPtrArray *projects;
  guint      page;
} ListFlow;

static void
list_flow_free (gpointer data)
{
  ListFlow *list = data;

  g_ptr_array_unref (list->projects);
  g_free (list);
}

static void list_next_page (GTask *flow);

static void
on_projects_page (GTask    *flow,
                  JsonNode *answer,
                  GError   *error)
{
  ListFlow *list = g_task_get_task_data (flow);
  g_autoptr (GError) local_error = NULL;
  JsonObject *object;
  JsonArray *results;
  JsonNode *next;

  if (error != NULL)
    {
      g_task_return_error (flow, g_error_copy (error));
      return;
    }
  object = pw_json_get_object (answer, "projects", &local_error);
  results = object != NULL ? pw_json_member_array (object, "results", "projects", &local_error) : NULL;
  if (results == NULL)
    {
      _pw_ls_return_protocol_error (flow, "GET /api/projects/", local_error);
      return;
    }
  for (guint i = 0; i < json_array_get_length (results); i++)
    {
      g_autofree char *what = g_strdup_printf ("results[%u]", list->projects->len);
      JsonNode *element = json_array_get_element (results, i);
      g_autoptr (JsonNode) contract = NULL;
      PwProject *project;

      contract = JSON_NODE_HOLDS_OBJECT (element)
                 ? _pw_ls_project_to_contract (json_node_get_object (element), &local_error) : NULL;
      project = contract != NULL ? pw_project_new_from_json (contract, what, &local_error) : NULL;
      if (project == NULL)
        {
          if (local_error == NULL)
            g_set_error (&local_error, PW_ERROR, PW_ERROR_INVALID_DATA, _("%s must be an object"), what);
          _pw_ls_return_protocol_error (flow, "GET /api/projects/", local_error);
          return;
        }
      g_ptr_array_add (list->projects, project);
    }

  next = json_object_get_member (object, "next");
  if (next != NULL && !JSON_NODE_HOLDS_NULL (next) && json_array_get_length (results) > 0
      && list->page < PW_LS_MAX_PAGES)
    {
      list->page++;
      list_next_page (flow);
      return;
    }
  g_task_return_pointer (flow, g_ptr_array_ref (list->projects), (GDestroyNotify) g_ptr_array_unref);
}

static void
list_next_page (GTask *flow)
{
  ListFlow *list = g_task_get_task_data (flow);
  g_autofree char *path = g_strdup_printf ("api/projects/?page=%u&page_size=%d", list->page, PW_LS_PAGE_SIZE);

  _pw_ls_request (g_task_get_source_object (flow), flow, "GET", path, NULL,
                  PW_MARKET_PROJECTS_MAX_BYTES, on_projects_page);
}

void
_pw_ls_list_projects_async (PwConnector         *connector,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr (GTask) flow = g_task_new (connector, cancellable, callback, user_data);
  ListFlow *list = g_new0 (ListFlow, 1);

  list->projects = g_ptr_array_new_with_free_func ((GDestroyNotify) pw_project_unref);
  list->page = 1;
  g_task_set_task_data (flow, list, list_flow_free);
  list_next_page (flow);
}

GPtrArray *
_pw_ls_list_projects_finish (PwConnector   *connector,
                             GAsyncResult  *result,
                             GError       **error)
{
  return _pw_ls_finish (connector, result, error);
}
