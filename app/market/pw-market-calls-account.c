/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include "pw-json.h"
#include "pw-market-client-private.h"

/* The contract's calls about the account (see pw-market-calls.c for how a
 * call is made): who it is, the projects it may work on, and its
 * statement of what it earned. */

/* GET v1/me */

static gpointer
read_me (JsonNode  *root,
         guint      status,
         GError   **error)
{
  return pw_market_me_new_from_json (root, error);
}

/**
 * pw_market_client_get_me_async:
 * @self: a #PwMarketClient
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Asks who the token belongs to: the check of an account's token.
 */
void
pw_market_client_get_me_async (PwMarketClient      *self,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_return_if_fail (PW_IS_MARKET_CLIENT (self));

  _pw_market_contract_call_async (self, "GET", "v1/me", NULL, NULL,
                                  PW_MARKET_SMALL_ANSWER_MAX_BYTES, read_me,
                                  (GDestroyNotify) pw_market_me_unref,
                                  pw_market_client_get_me_async, cancellable, callback, user_data);
}

/**
 * pw_market_client_get_me_finish:
 *
 * Returns: (transfer full): the worker, or %NULL with a %PW_ERROR, or
 *   %G_IO_ERROR_CANCELLED
 */
PwMarketMe *
pw_market_client_get_me_finish (PwMarketClient  *self,
                                GAsyncResult    *result,
                                GError         **error)
{
  return _pw_market_contract_call_finish (self, result, pw_market_client_get_me_async, error);
}

/* GET v1/projects */

static gpointer
read_projects (JsonNode  *root,
               guint      status,
               GError   **error)
{
  g_autoptr (GPtrArray) projects = g_ptr_array_new_with_free_func ((GDestroyNotify) pw_project_unref);
  JsonObject *object = pw_json_get_object (root, "projects", error);
  JsonArray *array;

  if (object == NULL || (array = pw_json_member_array (object, "projects", "projects", error)) == NULL)
    return NULL;

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *what = g_strdup_printf ("projects[%u]", i);
      PwProject *project = pw_project_new_from_json (json_array_get_element (array, i), what, error);

      if (project == NULL)
        return NULL;
      g_ptr_array_add (projects, project);
    }
  return g_steal_pointer (&projects);
}

/**
 * pw_market_client_list_projects_async:
 * @self: a #PwMarketClient
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Lists the projects the marketplace offers.
 */
void
pw_market_client_list_projects_async (PwMarketClient      *self,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_return_if_fail (PW_IS_MARKET_CLIENT (self));

  _pw_market_contract_call_async (self, "GET", "v1/projects", NULL, NULL,
                                  PW_MARKET_PROJECTS_MAX_BYTES, read_projects,
                                  (GDestroyNotify) g_ptr_array_unref,
                                  pw_market_client_list_projects_async, cancellable, callback,
                                  user_data);
}

/**
 * pw_market_client_list_projects_finish:
 *
 * Returns: (transfer full) (element-type PwProject): the projects, or %NULL
 */
GPtrArray *
pw_market_client_list_projects_finish (PwMarketClient  *self,
                                       GAsyncResult    *result,
                                       GError         **error)
{
  return _pw_market_contract_call_finish (self, result, pw_market_client_list_projects_async,
                                          error);
}

/* GET v1/statement?after=CURSOR */

static gpointer
read_statement (JsonNode  *root,
                guint      status,
                GError   **error)
{
  return pw_statement_page_new_from_json (root, error);
}

/**
 * pw_market_client_statement_async:
 * @self: a #PwMarketClient
 * @after: (nullable): the cursor of the page before, or %NULL to start
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Fetches one page of the statement.
 */
void
pw_market_client_statement_async (PwMarketClient      *self,
                                  const char          *after,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autofree char *cursor = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (PW_IS_MARKET_CLIENT (self));

  if (after != NULL)
    {
      cursor = g_uri_escape_string (after, NULL, FALSE);
      path = g_strconcat ("v1/statement?after=", cursor, NULL);
    }
  else
    path = g_strdup ("v1/statement");

  _pw_market_contract_call_async (self, "GET", path, NULL, NULL, PW_MARKET_STATEMENT_MAX_BYTES,
                                  read_statement, (GDestroyNotify) pw_statement_page_unref,
                                  pw_market_client_statement_async, cancellable, callback,
                                  user_data);
}

/**
 * pw_market_client_statement_finish:
 *
 * Returns: (transfer full): the page, or %NULL
 */
PwStatementPage *
pw_market_client_statement_finish (PwMarketClient  *self,
                                   GAsyncResult    *result,
                                   GError         **error)
{
  return _pw_market_contract_call_finish (self, result, pw_market_client_statement_async, error);
}
