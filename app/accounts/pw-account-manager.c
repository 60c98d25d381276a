/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n-lib.h>

#include "pw-account-manager-private.h"
#include "pw-error.h"
#include "store/pw-store-ledger.h"
#include "store/pw-store-outbox.h"

/* The accounts of the app: the store keeps their names and URLs, the
 * keyring their tokens (or memory, where there is no keyring), and this
 * object the clients that speak to each marketplace. Every change is
 * checked with the marketplace (GET v1/me) before it is kept. */


G_DEFINE_FINAL_TYPE (PwAccountManager, pw_account_manager, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_KEYRING_AVAILABLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
on_keeper_persistent (PwAccountManager *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KEYRING_AVAILABLE]);
}

static void
pw_account_manager_dispose (GObject *object)
{
  PwAccountManager *self = PW_ACCOUNT_MANAGER (object);

  if (self->keeper != NULL)
    g_signal_handlers_disconnect_by_data (self->keeper, self);
  g_clear_object (&self->keeper);
  g_clear_object (&self->store);
  g_clear_object (&self->accounts);
  g_clear_pointer (&self->tokens, g_hash_table_unref);
  g_clear_pointer (&self->clients, g_hash_table_unref);

  G_OBJECT_CLASS (pw_account_manager_parent_class)->dispose (object);
}

static void
pw_account_manager_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  PwAccountManager *self = PW_ACCOUNT_MANAGER (object);

  switch (prop_id)
    {
    case PROP_KEYRING_AVAILABLE:
      g_value_set_boolean (value, pw_account_manager_get_keyring_available (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pw_account_manager_class_init (PwAccountManagerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = pw_account_manager_dispose;
  object_class->get_property = pw_account_manager_get_property;

  properties[PROP_KEYRING_AVAILABLE] =
    g_param_spec_boolean ("keyring-available", NULL, NULL, TRUE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pw_account_manager_init (PwAccountManager *self)
{
  self->accounts = g_list_store_new (PW_TYPE_ACCOUNT);
  self->tokens = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->clients = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
}

/**
 * pw_account_manager_new:
 * @store: the store that keeps the accounts
 * @keeper: where tokens are kept
 *
 * Returns: (transfer full): a manager with no account yet; see
 *   pw_account_manager_load_async()
 */
PwAccountManager *
pw_account_manager_new (PwStore       *store,
                        PwTokenKeeper *keeper)
{
  PwAccountManager *self;

  g_return_val_if_fail (PW_IS_STORE (store), NULL);
  g_return_val_if_fail (PW_IS_TOKEN_KEEPER (keeper), NULL);

  self = g_object_new (PW_TYPE_ACCOUNT_MANAGER, NULL);
  self->store = g_object_ref (store);
  self->keeper = g_object_ref (keeper);
  g_signal_connect_swapped (keeper, "notify::persistent",
                            G_CALLBACK (on_keeper_persistent), self);
  return self;
}

/**
 * pw_account_manager_get_accounts:
 *
 * Returns: (transfer none): the accounts, a #GListModel of #PwAccount kept
 *   current
 */
GListModel *
pw_account_manager_get_accounts (PwAccountManager *self)
{
  g_return_val_if_fail (PW_IS_ACCOUNT_MANAGER (self), NULL);
  return G_LIST_MODEL (self->accounts);
}

static gboolean
find_account (PwAccountManager *self,
              const char       *account_id,
              guint            *position)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->accounts));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr (PwAccount) account = g_list_model_get_item (G_LIST_MODEL (self->accounts), i);

      if (g_strcmp0 (pw_account_get_id (account), account_id) == 0)
        {
          if (position != NULL)
            *position = i;
          return TRUE;
        }
    }
  return FALSE;
}

/**
 * pw_account_manager_lookup:
 *
 * Returns: (transfer none) (nullable): the account with @account_id
 */
PwAccount *
pw_account_manager_lookup (PwAccountManager *self,
                           const char       *account_id)
{
  guint position;
  PwAccount *account;

  g_return_val_if_fail (PW_IS_ACCOUNT_MANAGER (self), NULL);

  if (!find_account (self, account_id, &position))
    return NULL;
  account = g_list_model_get_item (G_LIST_MODEL (self->accounts), position);
  g_object_unref (account);
  return account;
}

/**
 * pw_account_manager_get_keyring_available:
 *
 * Returns: %FALSE once a token had to be kept in memory only
 */
gboolean
pw_account_manager_get_keyring_available (PwAccountManager *self)
{
  g_return_val_if_fail (PW_IS_ACCOUNT_MANAGER (self), FALSE);
  return pw_token_keeper_get_persistent (self->keeper);
}

/**
 * pw_account_manager_get_keyring_problem:
 *
 * Returns: (nullable): why tokens are kept in memory only, for the worker
 */
const char *
pw_account_manager_get_keyring_problem (PwAccountManager *self)
{
  g_return_val_if_fail (PW_IS_ACCOUNT_MANAGER (self), NULL);
  return pw_token_keeper_get_fallback_reason (self->keeper);
}

void
_pw_account_manager_set_token (PwAccountManager *self,
                               const char       *account_id,
                               const char       *token)
{
  PwAccount *account = pw_account_manager_lookup (self, account_id);

  g_hash_table_remove (self->clients, account_id);
  if (token != NULL)
    g_hash_table_replace (self->tokens, g_strdup (account_id), g_strdup (token));
  else
    g_hash_table_remove (self->tokens, account_id);
  if (account != NULL)
    {
      _pw_account_set_has_token (account, token != NULL);
      _pw_account_set_problem (account, NULL);
    }
}

/* Loading */

typedef struct
{
  GPtrArray *accounts;  /* PwStoreAccount */
  guint      next;
} LoadState;

static void
load_state_free (gpointer data)
{
  LoadState *state = data;

  g_clear_pointer (&state->accounts, g_ptr_array_unref);
  g_free (state);
}

static void lookup_next (GTask *task);

static void
on_token_looked_up (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  GTask *task = user_data;
  PwAccountManager *self = g_task_get_source_object (task);
  LoadState *state = g_task_get_task_data (task);
  PwStoreAccount *stored = state->accounts->pdata[state->next];
  g_autoptr (GError) error = NULL;
  g_autofree char *token = pw_token_keeper_lookup_finish (PW_TOKEN_KEEPER (source), result, &error);

  /* Without a keyring an account is still listed: the worker enters the
   * token again, and the work it holds stays. */
  if (error != NULL)
    g_debug ("No token for %s: %s", stored->name, error->message);
  if (token != NULL)
    _pw_account_manager_set_token (self, stored->id, token);

  state->next++;
  lookup_next (task);
}

static void
lookup_next (GTask *task)
{
  PwAccountManager *self = g_task_get_source_object (task);
  LoadState *state = g_task_get_task_data (task);

  while (state->next < state->accounts->len)
    {
      PwStoreAccount *stored = state->accounts->pdata[state->next];

      /* The demo's token is given by the app each time it starts. */
      if (!g_str_equal (stored->id, PW_DEMO_ACCOUNT_ID)
          && !g_hash_table_contains (self->tokens, stored->id))
        {
          pw_token_keeper_lookup_async (self->keeper, stored->id, g_task_get_cancellable (task),
                                        on_token_looked_up, task);
          return;
        }
      state->next++;
    }

  g_task_return_boolean (task, TRUE);
  g_object_unref (task);
}

static void
on_accounts_listed (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  GTask *task = user_data;
  PwAccountManager *self = g_task_get_source_object (task);
  LoadState *state = g_task_get_task_data (task);
  GError *error = NULL;

  state->accounts = g_task_propagate_pointer (G_TASK (result), &error);
  if (state->accounts == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  for (guint i = 0; i < state->accounts->len; i++)
    {
      PwStoreAccount *stored = state->accounts->pdata[i];
      PwAccount *account = pw_account_manager_lookup (self, stored->id);
      PwAccountKind kind = PW_ACCOUNT_KIND_PIECEWORK;
      gboolean known = pw_account_kind_from_string (stored->kind, &kind);

      if (account != NULL)
        _pw_account_set_details (account, stored->name, stored->base_url, kind);
      else
        {
          g_autoptr (PwAccount) added = _pw_account_new (stored->id, stored->name,
                                                         stored->base_url, kind);

          _pw_account_set_has_token (added, g_hash_table_contains (self->tokens, stored->id));
          g_list_store_append (self->accounts, added);
          account = added;
        }
      _pw_account_set_unknown_kind (account, known ? NULL : stored->kind);
    }
  lookup_next (task);
}

static void
list_accounts_thread (GTask        *task,
                      gpointer      source_object,
                      gpointer      task_data,
                      GCancellable *cancellable)
{
  GError *error = NULL;
  GPtrArray *accounts = pw_store_list_accounts (task_data, &error);

  if (accounts != NULL)
    g_task_return_pointer (task, accounts, (GDestroyNotify) g_ptr_array_unref);
  else
    g_task_return_error (task, error);
}

/**
 * pw_account_manager_load_async:
 * @self: a #PwAccountManager
 * @cancellable: (nullable): a #GCancellable
 * @callback: called once the accounts are listed and their tokens looked up
 * @user_data: data for @callback
 *
 * Lists the store's accounts and looks up their tokens.
 */
void
pw_account_manager_load_async (PwAccountManager   *self,
                               GCancellable       *cancellable,
                               GAsyncReadyCallback callback,
                               gpointer            user_data)
{
  GTask *task;
  g_autoptr (GTask) list = NULL;

  g_return_if_fail (PW_IS_ACCOUNT_MANAGER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pw_account_manager_load_async);
  g_task_set_task_data (task, g_new0 (LoadState, 1), load_state_free);

  list = g_task_new (NULL, cancellable, on_accounts_listed, task);
  g_task_set_task_data (list, g_object_ref (self->store), g_object_unref);
  g_task_run_in_thread (list, list_accounts_thread);
}

gboolean
pw_account_manager_load_finish (PwAccountManager *self,
                                GAsyncResult     *result,
                                GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Removing */

static void
on_token_cleared (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  GTask *task = user_data;
  PwAccountManager *self = g_task_get_source_object (task);
  const char *account_id = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  guint position;

  /* A token the keyring could not forget is reported, but the account goes
   * anyway: the worker asked for it. */
  if (!pw_token_keeper_clear_finish (PW_TOKEN_KEEPER (source), result, &error))
    g_warning ("Could not remove the token of %s from the keyring: %s",
               account_id, error->message);

  pw_store_remove_account (self->store, account_id);
  _pw_account_manager_set_token (self, account_id, NULL);
  if (find_account (self, account_id, &position))
    g_list_store_remove (self->accounts, position);

  g_task_return_boolean (task, TRUE);
  g_object_unref (task);
}

/**
 * pw_account_manager_remove_async:
 * @self: a #PwAccountManager
 * @account_id: the account
 * @cancellable: (nullable): a #GCancellable
 * @callback: called once the account is removed
 * @user_data: data for @callback
 *
 * Forgets the account and its token. Work it submitted, its earnings and
 * the time spent on it stay in the store.
 */
void
pw_account_manager_remove_async (PwAccountManager   *self,
                                 const char         *account_id,
                                 GCancellable       *cancellable,
                                 GAsyncReadyCallback callback,
                                 gpointer            user_data)
{
  GTask *task;

  g_return_if_fail (PW_IS_ACCOUNT_MANAGER (self));
  g_return_if_fail (account_id != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pw_account_manager_remove_async);
  g_task_set_task_data (task, g_strdup (account_id), g_free);

  if (g_str_equal (account_id, PW_DEMO_ACCOUNT_ID) || !find_account (self, account_id, NULL))
    {
      g_task_return_new_error (task, PW_ERROR, PW_ERROR_NOT_FOUND,
                               _("This account cannot be removed"));
      g_object_unref (task);
      return;
    }
  pw_token_keeper_clear_async (self->keeper, account_id, cancellable, on_token_cleared, task);
}

gboolean
pw_account_manager_remove_finish (PwAccountManager *self,
                                  GAsyncResult     *result,
                                  GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * pw_account_manager_set_demo:
 * @self: a #PwAccountManager
 * @base_url: where the demo marketplace answers this time
 * @token: its token
 *
 * Offers the demo marketplace that runs inside the app as the account
 * “Demo marketplace”. Its URL changes with each start; its token is kept in
 * memory only.
 */
void
pw_account_manager_set_demo (PwAccountManager *self,
                             const char       *base_url,
                             const char       *token)
{
  PwAccount *account;

  g_return_if_fail (PW_IS_ACCOUNT_MANAGER (self));
  g_return_if_fail (base_url != NULL && token != NULL);

  /* The new address and token come before anyone hears of the change, so
   * a client asked for then is the new one. */
  g_hash_table_remove (self->clients, PW_DEMO_ACCOUNT_ID);
  g_hash_table_replace (self->tokens, g_strdup (PW_DEMO_ACCOUNT_ID), g_strdup (token));
  pw_store_add_account (self->store, PW_DEMO_ACCOUNT_ID, _("Demo marketplace"), base_url,
                        pw_account_kind_to_string (PW_ACCOUNT_KIND_PIECEWORK));
  account = pw_account_manager_lookup (self, PW_DEMO_ACCOUNT_ID);
  if (account != NULL)
    _pw_account_set_details (account, _("Demo marketplace"), base_url,
                             PW_ACCOUNT_KIND_PIECEWORK);
  else
    {
      g_autoptr (PwAccount) added = _pw_account_new (PW_DEMO_ACCOUNT_ID, _("Demo marketplace"),
                                                     base_url, PW_ACCOUNT_KIND_PIECEWORK);

      g_list_store_insert (self->accounts, 0, added);
    }
  _pw_account_manager_set_token (self, PW_DEMO_ACCOUNT_ID, token);
}

/**
 * pw_account_manager_get_connector:
 *
 * Returns: (transfer full) (nullable): the connector of @account_id, or
 *   %NULL while it has no token or its URL is refused
 */
PwConnector *
pw_account_manager_get_connector (PwAccountManager *self,
                                  const char       *account_id)
{
  PwConnector *client;
  PwAccount *account;
  const char *token;
  g_autoptr (GFile) state_dir = NULL;
  g_autoptr (GError) error = NULL;

  g_return_val_if_fail (PW_IS_ACCOUNT_MANAGER (self), NULL);

  client = g_hash_table_lookup (self->clients, account_id);
  if (client != NULL)
    return g_object_ref (client);

  account = pw_account_manager_lookup (self, account_id);
  token = g_hash_table_lookup (self->tokens, account_id);
  if (account == NULL || token == NULL || _pw_account_get_unknown_kind (account) != NULL)
    return NULL;

  state_dir = pw_connector_state_dir_new (account_id);
  client = pw_connector_new (pw_account_get_kind (account), pw_account_get_base_url (account),
                             token, state_dir, &error);
  if (client == NULL)
    {
      _pw_account_set_problem (account, error->message);
      return NULL;
    }
  g_hash_table_replace (self->clients, g_strdup (account_id), client);
  return g_object_ref (client);
}

/**
 * pw_account_manager_report_unauthorized:
 * @self: a #PwAccountManager
 * @account_id: the account whose token the marketplace refused
 *
 * Marks the account as needing a new token.
 */
void
pw_account_manager_report_unauthorized (PwAccountManager *self,
                                        const char       *account_id)
{
  PwAccount *account;

  g_return_if_fail (PW_IS_ACCOUNT_MANAGER (self));

  account = pw_account_manager_lookup (self, account_id);
  if (account != NULL)
    _pw_account_set_problem (account, _("The marketplace refused the token; enter a new one "
                                        "in Preferences"));
}
