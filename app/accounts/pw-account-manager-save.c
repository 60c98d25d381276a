/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n-lib.h>

#include "pw-account-manager-private.h"
#include "pw-error.h"
#include "store/pw-store-ledger.h"
#include "store/pw-store-outbox.h"

/* Adding and changing accounts. Nothing is kept before the marketplace has
 * answered GET v1/me with the token; then the token goes to the keyring (or
 * memory) and the account to the store. */

typedef struct
{
  char           *id;
  char           *name;
  char           *base_url;
  PwAccountKind   kind;
  char           *token;
  gboolean        adding;
  PwConnector    *client;
} SaveState;

static void
save_state_free (gpointer data)
{
  SaveState *state = data;

  g_free (state->id);
  g_free (state->name);
  g_free (state->base_url);
  g_free (state->token);
  g_clear_object (&state->client);
  g_free (state);
}

static gboolean
name_taken (PwAccountManager *self,
            const char       *name,
            const char       *except_id)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->accounts));
  g_autofree char *folded = g_utf8_casefold (name, -1);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr (PwAccount) account = g_list_model_get_item (G_LIST_MODEL (self->accounts), i);
      g_autofree char *other = g_utf8_casefold (pw_account_get_name (account), -1);

      if (g_strcmp0 (pw_account_get_id (account), except_id) != 0
          && g_str_equal (other, folded))
        return TRUE;
    }
  return FALSE;
}

static void
finish_save (GTask *task)
{
  PwAccountManager *self = g_task_get_source_object (task);
  SaveState *state = g_task_get_task_data (task);
  PwAccount *account;

  if (state->adding)
    {
      g_autoptr (PwAccount) added = _pw_account_new (state->id, state->name, state->base_url,
                                                     state->kind);

      pw_store_add_account (self->store, state->id, state->name, state->base_url,
                            pw_account_kind_to_string (state->kind));
      g_list_store_append (self->accounts, added);
    }
  else
    {
      pw_store_update_account (self->store, state->id, state->name, state->base_url,
                               pw_account_kind_to_string (state->kind));
      account = pw_account_manager_lookup (self, state->id);
      if (account != NULL)
        {
          _pw_account_set_details (account, state->name, state->base_url, state->kind);
          _pw_account_set_unknown_kind (account, NULL);
        }
    }

  _pw_account_manager_set_token (self, state->id, state->token);
  g_hash_table_replace (self->clients, g_strdup (state->id), g_steal_pointer (&state->client));

  if (state->adding)
    g_task_return_pointer (task, g_object_ref (pw_account_manager_lookup (self, state->id)),
                           g_object_unref);
  else
    g_task_return_boolean (task, TRUE);
  g_object_unref (task);
}

static void
on_token_stored (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GTask *task = user_data;
  GError *error = NULL;

  /* Without a keyring the keeper holds the token in memory and says so;
   * only a real failure stops the save. */
  if (!pw_token_keeper_store_finish (PW_TOKEN_KEEPER (source), result, &error))
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  finish_save (task);
}

static void
on_me (GObject      *source,
       GAsyncResult *result,
       gpointer      user_data)
{
  GTask *task = user_data;
  PwAccountManager *self = g_task_get_source_object (task);
  SaveState *state = g_task_get_task_data (task);
  g_autoptr (PwMarketMe) me = NULL;
  GError *error = NULL;

  me = pw_connector_get_me_finish (PW_CONNECTOR (source), result, &error);
  if (me == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  pw_token_keeper_store_async (self->keeper, state->id, state->name, state->token,
                               g_task_get_cancellable (task), on_token_stored, task);
}

static void
save_async (PwAccountManager   *self,
            const char         *account_id,
            const char         *name,
            const char         *base_url,
            PwAccountKind       kind,
            const char         *token,
            gpointer            source_tag,
            GCancellable       *cancellable,
            GAsyncReadyCallback callback,
            gpointer            user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  SaveState *state = g_new0 (SaveState, 1);
  g_autofree char *trimmed_name = g_strstrip (g_strdup (name != NULL ? name : ""));
  g_autofree char *trimmed_url = g_strstrip (g_strdup (base_url != NULL ? base_url : ""));
  PwAccount *account = NULL;
  gboolean moved = FALSE;
  GError *error = NULL;

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, state, save_state_free);
  state->adding = account_id == NULL;
  state->name = g_steal_pointer (&trimmed_name);
  state->base_url = g_steal_pointer (&trimmed_url);
  state->kind = kind;
  if (state->adding)
    {
      g_autofree char *uuid = g_uuid_string_random ();

      state->id = g_strconcat ("a-", uuid, NULL);
    }
  else
    state->id = g_strdup (account_id);

  if (!state->adding)
    account = pw_account_manager_lookup (self, state->id);
  if (token != NULL && *token != '\0')
    state->token = g_strstrip (g_strdup (token));
  else if (account != NULL && pw_account_can_keep_token (account, state->base_url))
    state->token = g_strdup (g_hash_table_lookup (self->tokens, state->id));
  else if (account != NULL && g_hash_table_contains (self->tokens, state->id))
    /* The token the account holds was given by another marketplace and
     * must never reach this one. */
    moved = TRUE;

  if (*state->name == '\0')
    error = g_error_new_literal (PW_ERROR, PW_ERROR_INVALID_DATA,
                                 _("Give the account a name"));
  else if (name_taken (self, state->name, state->id))
    error = g_error_new (PW_ERROR, PW_ERROR_INVALID_DATA,
                         _("An account named “%s” exists already; choose another name"),
                         state->name);
  else if (moved)
    error = g_error_new_literal (PW_ERROR, PW_ERROR_INVALID_DATA,
                                 _("The new address leads to another marketplace: enter the "
                                   "token that marketplace gave you"));
  else if (state->token == NULL || *state->token == '\0')
    error = g_error_new_literal (PW_ERROR, PW_ERROR_INVALID_DATA,
                                 _("Enter the token the marketplace gave you"));
  else if (!state->adding && account == NULL)
    error = g_error_new (PW_ERROR, PW_ERROR_NOT_FOUND,
                         _("The account “%s” no longer exists"), state->name);
  else if (g_str_equal (state->id, PW_DEMO_ACCOUNT_ID))
    error = g_error_new_literal (PW_ERROR, PW_ERROR_INVALID_DATA,
                                 _("The demo marketplace cannot be changed"));

  if (error == NULL)
    {
      g_autoptr (GFile) state_dir = pw_connector_state_dir_new (state->id);

      state->client = pw_connector_new (state->kind, state->base_url, state->token, state_dir,
                                        &error);
    }
  if (error != NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  pw_connector_get_me_async (state->client, cancellable, on_me, task);
}

/**
 * pw_account_manager_add_async:
 * @self: a #PwAccountManager
 * @name: what the worker calls the account
 * @base_url: the server's base URL
 * @kind: what the server speaks
 * @token: the token the server gave
 * @cancellable: (nullable): a #GCancellable
 * @callback: called once the account is checked and kept, or refused
 * @user_data: data for @callback
 *
 * Checks the token with the server (the connector's get_me: GET v1/me of
 * the contract, or what the kind answers for the worker), keeps it in the
 * keyring, or in memory where there is none, and adds the account.
 */
void
pw_account_manager_add_async (PwAccountManager   *self,
                              const char         *name,
                              const char         *base_url,
                              PwAccountKind       kind,
                              const char         *token,
                              GCancellable       *cancellable,
                              GAsyncReadyCallback callback,
                              gpointer            user_data)
{
  g_return_if_fail (PW_IS_ACCOUNT_MANAGER (self));

  save_async (self, NULL, name, base_url, kind, token, pw_account_manager_add_async,
              cancellable, callback, user_data);
}

/**
 * pw_account_manager_add_finish:
 *
 * Returns: (transfer full): the new account, or %NULL with an error fit to
 *   show as it is
 */
PwAccount *
pw_account_manager_add_finish (PwAccountManager *self,
                               GAsyncResult     *result,
                               GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * pw_account_manager_update_async:
 * @self: a #PwAccountManager
 * @account_id: the account
 * @name: its new name
 * @base_url: its new base URL
 * @kind: what its server speaks now
 * @token: (nullable): a new token, or %NULL or "" to keep the current one,
 *   which only an address of the same origin (scheme, host and port) may
 *   keep: pw_account_can_keep_token()
 * @cancellable: (nullable): a #GCancellable
 * @callback: called once the change is checked and kept, or refused
 * @user_data: data for @callback
 *
 * Checks the changed account with the marketplace, then keeps the change.
 * A change of origin without a new token is refused before anything is
 * sent, with %PW_ERROR_INVALID_DATA.
 */
void
pw_account_manager_update_async (PwAccountManager   *self,
                                 const char         *account_id,
                                 const char         *name,
                                 const char         *base_url,
                                 PwAccountKind       kind,
                                 const char         *token,
                                 GCancellable       *cancellable,
                                 GAsyncReadyCallback callback,
                                 gpointer            user_data)
{
  g_return_if_fail (PW_IS_ACCOUNT_MANAGER (self));
  g_return_if_fail (account_id != NULL);

  save_async (self, account_id, name, base_url, kind, token, pw_account_manager_update_async,
              cancellable, callback, user_data);
}

gboolean
pw_account_manager_update_finish (PwAccountManager *self,
                                  GAsyncResult     *result,
                                  GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

