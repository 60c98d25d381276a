/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "accounts/pw-token-keeper.h"
#include "pw-cli-private.h"
#include "pw-cli.h"
#include "pw-error.h"
#include "pw-paths.h"

/* The commands for scripts and timers. Each runs in the calling process,
 * without a window: the async calls of the engine are waited for by
 * iterating the default main context, which nothing else runs. */

/* Keeps the result of an async call in the GAsyncResult * at @user_data. */
void
_pw_cli_ready (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  *slot = g_object_ref (result);
}

/* Returns: (transfer none): the result, once _pw_cli_ready() has kept it */
GAsyncResult *
_pw_cli_wait (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *result;
}

PwStore *
_pw_cli_open_store (GError **error)
{
  g_autofree char *dir = pw_paths_data_dir ();
  g_autofree char *path = pw_paths_store_file ();

  if (!pw_paths_ensure_dir (dir, error))
    return NULL;
  return pw_store_new_for_path (path, error);
}

/* Returns: (transfer none) (nullable): the account named or with the id
 *   @name_or_id */
PwStoreAccount *
_pw_cli_find_account (GPtrArray  *accounts,
                      const char *name_or_id)
{
  for (guint i = 0; i < accounts->len; i++)
    {
      PwStoreAccount *account = accounts->pdata[i];

      if (g_str_equal (account->id, name_or_id) || g_str_equal (account->name, name_or_id))
        return account;
    }
  return NULL;
}

/* Returns: (transfer full): a connector with the account's token from the
 *   keyring, or %NULL with @error when the keyring holds none */
PwConnector *
_pw_cli_account_client (PwStoreAccount  *account,
                        GError         **error)
{
  g_autoptr (PwTokenKeeper) keeper = pw_token_keeper_new ();
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GFile) state_dir = NULL;
  g_autofree char *token = NULL;
  PwAccountKind kind;

  if (!pw_account_kind_from_string (account->kind, &kind))
    {
      g_set_error (error, PW_ERROR, PW_ERROR_UNSUPPORTED,
                   _("The account “%s” is of a kind this version of Piecework does not know "
                     "(“%s”); update Piecework to work on it"), account->name, account->kind);
      return NULL;
    }

  pw_token_keeper_lookup_async (keeper, account->id, NULL, _pw_cli_ready, &result);
  token = pw_token_keeper_lookup_finish (keeper, _pw_cli_wait (&result), error);
  if (token == NULL)
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, PW_ERROR, PW_ERROR_NOT_FOUND,
                     _("The keyring holds no token for the account “%s”; start or unlock "
                       "the keyring, or add the account again with --add-account"),
                     account->name);
      return NULL;
    }
  state_dir = pw_connector_state_dir_new (account->id);
  return pw_connector_new (kind, account->base_url, token, state_dir, error);
}

void
_pw_cli_print_json (JsonBuilder *builder)
{
  g_autoptr (JsonNode) root = json_builder_get_root (builder);
  g_autofree char *text = json_to_string (root, TRUE);

  g_print ("%s\n", text);
}

int
_pw_cli_fail (const GError *error)
{
  g_printerr ("piecework: %s\n", error->message);
  return EXIT_FAILURE;
}

static char *
read_token (GError **error)
{
  g_autoptr (GString) token = g_string_new (NULL);
  char buffer[256];
  size_t n;

  while ((n = fread (buffer, 1, sizeof buffer, stdin)) > 0)
    {
      g_string_append_len (token, buffer, (gssize) n);
      if (token->len > 64 * 1024)
        break;
    }
  while (token->len > 0 && (token->str[token->len - 1] == '\n'
                            || token->str[token->len - 1] == '\r'))
    g_string_truncate (token, token->len - 1);

  if (token->len == 0 || token->len > 64 * 1024 || strchr (token->str, '\n') != NULL)
    {
      g_set_error_literal (error, PW_ERROR, PW_ERROR_INVALID_DATA,
                           _("Give the account’s token on standard input, on one line"));
      return NULL;
    }
  return g_string_free (g_steal_pointer (&token), FALSE);
}

/**
 * pw_cli_run_add_account:
 * @name: the name the worker gives the account
 * @url: the server's base URL
 * @kind: (nullable): what the server speaks, as pw_account_kind_to_string()
 *   names it, or %NULL to ask the server
 * @json: print JSON instead of a sentence
 *
 * Reads the token from standard input, tells the server's kind unless
 * given, checks the token with the server, and keeps the account in the
 * store and its token in the keyring.
 *
 * Returns: the exit status
 */
int
pw_cli_run_add_account (const char *name,
                        const char *url,
                        const char *kind_name,
                        gboolean    json)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PwConnector) client = NULL;
  g_autoptr (PwMarketMe) me = NULL;
  g_autoptr (PwTokenKeeper) keeper = NULL;
  g_autoptr (PwStore) store = NULL;
  g_autoptr (GPtrArray) accounts = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GAsyncResult) stored = NULL;
  g_autoptr (GAsyncResult) detected = NULL;
  g_autoptr (GFile) state_dir = NULL;
  g_autofree char *token = NULL;
  g_autofree char *id = NULL;
  PwStoreAccount *existing;
  PwAccountKind kind = PW_ACCOUNT_KIND_PIECEWORK;

  g_return_val_if_fail (name != NULL, EXIT_FAILURE);

  if (url == NULL || *name == '\0')
    {
      g_printerr (_("piecework: --add-account needs a name and a URL: "
                    "piecework --add-account=NAME --url=URL, with the token on standard input\n"));
      return EXIT_FAILURE;
    }

  if (kind_name != NULL && !pw_account_kind_from_string (kind_name, &kind))
    {
      /* Translators: --kind=… are options, not to be translated */
      g_printerr (_("piecework: “%s” is no kind of account; give --kind=piecework (a "
                    "marketplace), --kind=cvat or --kind=label-studio, or leave --kind out to "
                    "ask the server\n"), kind_name);
      return EXIT_FAILURE;
    }

  if ((token = read_token (&error)) == NULL)
    return _pw_cli_fail (error);

  if (kind_name == NULL)
    {
      pw_connector_detect_kind_async (url, NULL, _pw_cli_ready, &detected);
      if (!pw_connector_detect_kind_finish (_pw_cli_wait (&detected), &kind, &error))
        return _pw_cli_fail (error);
    }

  if ((store = _pw_cli_open_store (&error)) == NULL
      || (accounts = pw_store_list_accounts (store, &error)) == NULL)
    return _pw_cli_fail (error);

  /* Adding an account again under its name replaces its URL and token. */
  existing = _pw_cli_find_account (accounts, name);
  if (existing != NULL && g_str_equal (existing->name, name))
    id = g_strdup (existing->id);
  else
    {
      g_autofree char *uuid = g_uuid_string_random ();

      id = g_strconcat ("a-", uuid, NULL);
    }

  state_dir = pw_connector_state_dir_new (id);
  if ((client = pw_connector_new (kind, url, token, state_dir, &error)) == NULL)
    return _pw_cli_fail (error);

  pw_connector_get_me_async (client, NULL, _pw_cli_ready, &result);
  me = pw_connector_get_me_finish (client, _pw_cli_wait (&result), &error);
  if (me == NULL)
    return _pw_cli_fail (error);

  keeper = pw_token_keeper_new ();
  pw_token_keeper_store_async (keeper, id, name, token, NULL, _pw_cli_ready, &stored);
  if (!pw_token_keeper_store_finish (keeper, _pw_cli_wait (&stored), &error))
    return _pw_cli_fail (error);
  /* A token kept only in memory is gone when this command exits. */
  if (!pw_token_keeper_get_persistent (keeper))
    {
      g_printerr (_("piecework: There is no keyring to keep the token in (%s); "
                    "start or unlock the keyring, then add the account again\n"),
                  pw_token_keeper_get_fallback_reason (keeper));
      return EXIT_FAILURE;
    }

  pw_store_add_account (store, id, name, pw_connector_get_base_url (client),
                        pw_account_kind_to_string (pw_connector_get_kind (client)));
  if (!pw_store_flush (store, &error))
    return _pw_cli_fail (error);

  if (json)
    {
      g_autoptr (JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, id);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, name);
      json_builder_set_member_name (builder, "url");
      json_builder_add_string_value (builder, pw_connector_get_base_url (client));
      json_builder_set_member_name (builder, "kind");
      json_builder_add_string_value (builder, pw_account_kind_to_string (kind));
      json_builder_set_member_name (builder, "kind_detected");
      json_builder_add_boolean_value (builder, kind_name == NULL);
      json_builder_set_member_name (builder, "worker_id");
      json_builder_add_string_value (builder, pw_market_me_get_worker_id (me));
      json_builder_end_object (builder);
      _pw_cli_print_json (builder);
    }
  else
    {
      /* Translators: the account's name, the worker's name, the URL, the
       * kind of account (“CVAT”) */
      g_print (_("Added account %s (%s on %s, %s)\n"), name, pw_market_me_get_name (me),
               pw_connector_get_base_url (client), pw_account_kind_get_title (kind));
      if (kind_name == NULL)
        /* Translators: the kind of account (“CVAT”); --kind is an option */
        g_print (_("The server answered as %s; give --kind to choose another kind.\n"),
                 pw_account_kind_get_title (kind));
    }
  return EXIT_SUCCESS;
}

/**
 * pw_cli_run_accounts:
 * @json: print a JSON array instead of lines
 *
 * Prints the accounts: "ID\tNAME\tURL\tKIND" lines, KIND as
 * pw_account_kind_to_string() names it.
 *
 * Returns: the exit status
 */
int
pw_cli_run_accounts (gboolean json)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PwStore) store = NULL;
  g_autoptr (GPtrArray) accounts = NULL;
  g_autoptr (JsonBuilder) builder = json_builder_new ();

  if ((store = _pw_cli_open_store (&error)) == NULL
      || (accounts = pw_store_list_accounts (store, &error)) == NULL)
    return _pw_cli_fail (error);

  json_builder_begin_array (builder);
  for (guint i = 0; i < accounts->len; i++)
    {
      PwStoreAccount *account = accounts->pdata[i];

      if (!json)
        {
          g_print ("%s\t%s\t%s\t%s\n", account->id, account->name, account->base_url,
                   account->kind);
          continue;
        }
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, account->id);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, account->name);
      json_builder_set_member_name (builder, "url");
      json_builder_add_string_value (builder, account->base_url);
      json_builder_set_member_name (builder, "kind");
      json_builder_add_string_value (builder, account->kind);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  if (json)
    _pw_cli_print_json (builder);
  return EXIT_SUCCESS;
}
