/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "market/pw-market-client-private.h"
#include "pw-cvat-private.h"
#include "pw-error.h"
#include "pw-json.h"

/* Requests to a CVAT server, through the marketplace client's machinery
 * with CVAT's own answers: one request and its JSON answer, and a paged
 * list read to its end. */

#define MAX_PAGES 200

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
  _pw_market_call_async (_pw_cvat_connector_get_client (self), method, path, bytes, max_bytes,
                         read_any, (GDestroyNotify) json_node_unref, cancellable, callback,
                         user_data);
}

/* An answer that is not JSON, or too large, is the server's or a page in
 * front of it: the worker is told so and what to do. */
JsonNode *
_pw_cvat_get_finish (PwCvatConnector  *self,
                     GAsyncResult     *result,
                     GError          **error)
{
  GError *local_error = NULL;
  JsonNode *root = _pw_market_call_finish (_pw_cvat_connector_get_client (self), result,
                                           &local_error);

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

GError *
_pw_cvat_broken_answer (const char *what,
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
      g_task_return_error (task, _pw_cvat_broken_answer (pages->what,
                                                         _("it has no list of results")));
      return;
    }
  for (guint i = 0; i < json_array_get_length (json_node_get_array (results)); i++)
    {
      JsonNode *element = json_array_get_element (json_node_get_array (results), i);

      if (!JSON_NODE_HOLDS_OBJECT (element))
        {
          g_task_return_error (task, _pw_cvat_broken_answer (pages->what,
                                                             _("a result is not an object")));
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
          g_task_return_error (task,
                               _pw_cvat_broken_answer (pages->what,
                                                       _("its next page is not a web address")));
          return;
        }
      if (++pages->pages >= MAX_PAGES)
        {
          g_task_return_error (task, _pw_cvat_broken_answer (pages->what,
                                                             _("it has too many pages")));
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

void
_pw_cvat_get_pages_async (PwCvatConnector     *self,
                          const char          *path,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  Pages *pages = g_new0 (Pages, 1);

  g_task_set_source_tag (task, _pw_cvat_get_pages_async);
  pages->what = g_strdup_printf ("GET %s", path);
  pages->results = json_array_new ();
  g_task_set_task_data (task, pages, pages_free);
  _pw_cvat_get_async (self, "GET", path, NULL, PW_CVAT_PAGE_MAX_BYTES, cancellable, on_page, task);
}

JsonArray *
_pw_cvat_get_pages_finish (PwCvatConnector  *self,
                           GAsyncResult     *result,
                           GError          **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}
