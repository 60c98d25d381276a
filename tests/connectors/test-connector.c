/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <string.h>

#include "../market/pw-market-test.h"

/* The connectors' factory, their state folders, and telling a server's
 * kind from what it answers without a token, against three small servers
 * of the test's own: one answering as CVAT, one as Label Studio, one as
 * the contract. */

typedef enum
{
  SERVER_CVAT,
  SERVER_LABEL_STUDIO,
  SERVER_CONTRACT,
  SERVER_NONE,
} ServerKind;

typedef struct
{
  ServerKind    kind;
  PwTestMarket *market;
  guint         n_with_token;
  gboolean      hold;          /* keep every answer back */
  GPtrArray    *held;          /* SoupServerMessage * */
} Server;

static void
handle (SoupServer        *soup_server,
        SoupServerMessage *msg,
        const char        *path,
        GHashTable        *query,
        gpointer           user_data)
{
  Server *server = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);

  pw_test_market_record (server->market, msg);
  if (soup_message_headers_get_one (headers, "Authorization") != NULL)
    server->n_with_token++;

  if (server->hold)
    {
      soup_server_message_pause (msg);
      g_ptr_array_add (server->held, g_object_ref (msg));
      return;
    }

  switch (server->kind)
    {
    case SERVER_CVAT:
      if (g_str_equal (path, "/api/server/about"))
        pw_test_market_reply (msg, 200, "{\"name\": \"Computer Vision Annotation Tool\", "
                                        "\"description\": \"CVAT\", \"version\": \"2.22.0\"}");
      else if (g_str_has_prefix (path, "/api/"))
        pw_test_market_reply (msg, 401, "{\"detail\": \"Authentication credentials were "
                                        "not provided.\"}");
      else
        pw_test_market_reply (msg, 404, "{\"detail\": \"Not found.\"}");
      return;

    case SERVER_LABEL_STUDIO:
      if (g_str_equal (path, "/api/version"))
        pw_test_market_reply (msg, 200, "{\"release\": \"1.13.1\", \"label-studio-os-package\": "
                                        "{\"version\": \"1.13.1\"}}");
      else
        pw_test_market_reply (msg, 401, "{\"detail\": \"Authentication credentials were "
                                        "not provided.\", \"status_code\": 401}");
      return;

    case SERVER_CONTRACT:
      if (g_str_has_prefix (path, "/api/v1/"))
        pw_test_market_reply (msg, 401, "{\"error\": {\"code\": \"unauthorized\", "
                                        "\"message\": \"Give a token\"}}");
      else
        pw_test_market_reply (msg, 404, "{\"error\": {\"code\": \"not_found\", "
                                        "\"message\": \"No such path\"}}");
      return;

    case SERVER_NONE:
    default:
      /* A web site: a page for everything, and 401 without JSON. */
      soup_server_message_set_status (msg, g_str_has_suffix (path, "/me") ? 401 : 200, NULL);
      soup_server_message_set_response (msg, "text/html", SOUP_MEMORY_STATIC,
                                        "<html></html>", strlen ("<html></html>"));
      return;
    }
}

static Server *
server_new (ServerKind kind)
{
  Server *server = g_new0 (Server, 1);

  server->kind = kind;
  server->held = g_ptr_array_new_with_free_func (g_object_unref);
  server->market = pw_test_market_new (handle, server);
  return server;
}

static void
server_free (Server *server)
{
  for (guint i = 0; i < server->held->len; i++)
    {
      pw_test_market_reply (server->held->pdata[i], 503, NULL);
      soup_server_message_unpause (server->held->pdata[i]);
    }
  g_ptr_array_unref (server->held);
  pw_test_market_free (server->market);
  g_free (server);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Server, server_free)

static gboolean
detect (const char     *url,
        GCancellable   *cancellable,
        PwAccountKind  *kind,
        GError        **error)
{
  g_autoptr (GAsyncResult) result = NULL;

  pw_connector_detect_kind_async (url, cancellable, pw_test_on_done, &result);
  return pw_connector_detect_kind_finish (pw_test_wait (&result), kind, error);
}

static void
test_detect_each_kind (void)
{
  static const struct
  {
    ServerKind    server;
    PwAccountKind kind;
  } cases[] = {
    { SERVER_CVAT, PW_ACCOUNT_KIND_CVAT },
    { SERVER_LABEL_STUDIO, PW_ACCOUNT_KIND_LABEL_STUDIO },
    { SERVER_CONTRACT, PW_ACCOUNT_KIND_PIECEWORK },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (Server) server = server_new (cases[i].server);
      g_autoptr (GError) error = NULL;
      PwAccountKind kind = -1;

      /* The contract's base URL, as the worker copies it... */
      g_assert_true (detect (server->market->base_url, NULL, &kind, &error));
      g_assert_no_error (error);
      g_assert_cmpint (kind, ==, cases[i].kind);

      /* ...and the platforms' address as the browser shows it. */
      if (cases[i].server != SERVER_CONTRACT)
        {
          kind = -1;
          g_assert_true (detect (server->market->origin, NULL, &kind, &error));
          g_assert_no_error (error);
          g_assert_cmpint (kind, ==, cases[i].kind);
        }

      /* Nothing was asked with a token. */
      g_assert_cmpuint (server->market->n_requests, >, 0);
      g_assert_cmpuint (server->n_with_token, ==, 0);
    }
}

static void
test_detect_none (void)
{
  g_autoptr (Server) server = server_new (SERVER_NONE);
  g_autoptr (GError) error = NULL;
  PwAccountKind kind = PW_ACCOUNT_KIND_CVAT;

  g_assert_false (detect (server->market->base_url, NULL, &kind, &error));
  g_assert_error (error, PW_ERROR, PW_ERROR_UNSUPPORTED);
  g_assert_cmpint (kind, ==, PW_ACCOUNT_KIND_CVAT);
}

static void
test_detect_refuses (void)
{
  g_autoptr (GError) error = NULL;
  PwAccountKind kind;

  /* Nothing is sent to a plain-HTTP host elsewhere, or to no address. */
  g_assert_false (detect ("http://cvat.example.com/", NULL, &kind, &error));
  g_assert_error (error, PW_ERROR, PW_ERROR_INSECURE);
  g_clear_error (&error);
  g_assert_false (detect ("not an address", NULL, &kind, &error));
  g_assert_error (error, PW_ERROR, PW_ERROR_INVALID_DATA);
  g_clear_error (&error);

  /* Nothing listens on port 1 of loopback. */
  g_assert_false (detect ("http://127.0.0.1:1/", NULL, &kind, &error));
  g_assert_error (error, PW_ERROR, PW_ERROR_NETWORK);
}

static gboolean
cancel_when_asked (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_REMOVE;
}

/* A server that does not answer holds nothing up once the worker moves
 * on: the detection ends as cancelled, at once. */
static void
test_detect_cancelled (void)
{
  g_autoptr (Server) server = server_new (SERVER_CVAT);
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  gint64 deadline = g_get_monotonic_time () + 30 * G_TIME_SPAN_SECOND;
  PwAccountKind kind;

  server->hold = TRUE;
  pw_connector_detect_kind_async (server->market->base_url, cancellable, pw_test_on_done,
                                  &result);
  while (server->held->len < 3 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (server->held->len, ==, 3);
  g_idle_add (cancel_when_asked, cancellable);
  g_assert_false (pw_connector_detect_kind_finish (pw_test_wait (&result), &kind, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* Each kind has its connector, or says plainly that this build has none. */
static void
test_factory_per_kind (void)
{
  static const PwAccountKind kinds[] = {
    PW_ACCOUNT_KIND_PIECEWORK, PW_ACCOUNT_KIND_CVAT, PW_ACCOUNT_KIND_LABEL_STUDIO,
  };
  g_autoptr (GFile) state_dir = pw_connector_state_dir_new ("a-1");

  for (gsize i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (PwConnector) connector = pw_connector_new (kinds[i], "https://example.com/api/",
                                                            "token", state_dir, &error);

      if (connector == NULL)
        {
          g_assert_true (kinds[i] != PW_ACCOUNT_KIND_PIECEWORK);
          g_assert_error (error, PW_ERROR, PW_ERROR_UNSUPPORTED);
          g_assert_nonnull (strstr (error->message, pw_account_kind_get_title (kinds[i])));
          continue;
        }
      g_assert_no_error (error);
      g_assert_true (PW_IS_CONNECTOR (connector));
      g_assert_cmpint (pw_connector_get_kind (connector), ==, kinds[i]);
      g_assert_nonnull (pw_connector_get_base_url (connector));
      if (kinds[i] == PW_ACCOUNT_KIND_PIECEWORK)
        {
          g_assert_true (PW_IS_MARKET_CLIENT (connector));
          g_assert_cmpstr (pw_connector_get_base_url (connector), ==,
                           "https://example.com/api/");
        }
      pw_test_finalize (g_steal_pointer (&connector));
    }

  /* The contract's own checks hold through the factory. */
  {
    g_autoptr (GError) error = NULL;

    g_assert_null (pw_connector_new (PW_ACCOUNT_KIND_PIECEWORK, "http://market.example.com/",
                                     "token", state_dir, &error));
    g_assert_error (error, PW_ERROR, PW_ERROR_INSECURE);
  }

  /* Nothing is made before a connector needs it. */
  g_assert_false (g_file_query_exists (state_dir, NULL));
}

static void
test_state_dir (void)
{
  g_autoptr (GFile) dir = pw_connector_state_dir_new ("a-1");
  g_autoptr (GFile) odd = pw_connector_state_dir_new ("../a/b");
  g_autofree char *expected = g_build_filename (g_get_user_data_dir (), "piecework",
                                                "connectors", "a-1", NULL);
  g_autoptr (GFile) connectors = g_file_get_parent (dir);
  g_autoptr (GFile) odd_parent = g_file_get_parent (odd);
  g_autofree char *path = g_file_get_path (dir);

  g_assert_cmpstr (path, ==, expected);
  /* Every id is one folder in the same place, whatever it holds. */
  g_assert_true (g_file_equal (odd_parent, connectors));
}

static void
test_kind_names (void)
{
  PwAccountKind kind;

  g_assert_true (pw_account_kind_from_string ("label-studio", &kind));
  g_assert_cmpint (kind, ==, PW_ACCOUNT_KIND_LABEL_STUDIO);
  g_assert_cmpstr (pw_account_kind_to_string (PW_ACCOUNT_KIND_CVAT), ==, "cvat");
  g_assert_false (pw_account_kind_from_string ("labelstudio", &kind));
  g_assert_false (pw_account_kind_from_string (NULL, &kind));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/connectors/factory-per-kind", test_factory_per_kind);
  g_test_add_func ("/connectors/state-dir", test_state_dir);
  g_test_add_func ("/connectors/kind-names", test_kind_names);
  g_test_add_func ("/connectors/detect/each-kind", test_detect_each_kind);
  g_test_add_func ("/connectors/detect/none", test_detect_none);
  g_test_add_func ("/connectors/detect/refuses", test_detect_refuses);
  g_test_add_func ("/connectors/detect/cancelled", test_detect_cancelled);

  return g_test_run ();
}
