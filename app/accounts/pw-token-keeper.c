/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n-lib.h>
#include <libsecret/secret.h>
#include <string.h>

#include "pw-error.h"
#include "pw-token-keeper.h"

/* The marketplaces' access tokens. They live in the keyring through the
 * Secret Service; where there is none (no keyring daemon, a locked one
 * that cannot be opened), a token is kept in memory for this run only and
 * the keeper says why, so the worker can be told. A token is never written
 * to disk in plain text. */

struct _PwTokenKeeper
{
  GObject     parent_instance;

  GHashTable *in_memory;   /* account id → token, when there is no keyring */
  char       *fallback_reason;
};

G_DEFINE_FINAL_TYPE (PwTokenKeeper, pw_token_keeper, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PERSISTENT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const SecretSchema *
token_schema (void)
{
  static const SecretSchema schema = {
    "org.piecework.Piecework.Token", SECRET_SCHEMA_NONE,
    {
      { "account", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    }
  };

  return &schema;
}

PwTokenKeeper *
pw_token_keeper_new (void)
{
  return g_object_new (PW_TYPE_TOKEN_KEEPER, NULL);
}

/**
 * pw_token_keeper_get_persistent:
 *
 * Returns: %FALSE once a token had to be kept in memory because there is no
 *   keyring: it is then forgotten when Piecework quits
 */
gboolean
pw_token_keeper_get_persistent (PwTokenKeeper *self)
{
  g_return_val_if_fail (PW_IS_TOKEN_KEEPER (self), FALSE);

  return self->fallback_reason == NULL;
}

/**
 * pw_token_keeper_get_fallback_reason:
 *
 * Returns: (nullable): why tokens are kept in memory only, for the worker
 */
const char *
pw_token_keeper_get_fallback_reason (PwTokenKeeper *self)
{
  g_return_val_if_fail (PW_IS_TOKEN_KEEPER (self), NULL);

  return self->fallback_reason;
}

static void
fall_back (PwTokenKeeper *self,
           const GError  *error)
{
  gboolean was_persistent = self->fallback_reason == NULL;

  g_free (self->fallback_reason);
  self->fallback_reason =
    g_strdup_printf (_("No keyring could keep the token (%s). It is kept only until Piecework "
                       "quits; start or unlock your keyring, such as GNOME Keyring, to keep it."),
                     error->message);
  if (was_persistent)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PERSISTENT]);
}

typedef struct
{
  char *account_id;
  char *token;
} StoreData;

static void
store_data_free (StoreData *data)
{
  g_free (data->account_id);
  if (data->token != NULL)
    memset (data->token, 0, strlen (data->token));
  g_free (data->token);
  g_free (data);
}

static void
on_stored (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  PwTokenKeeper *self = g_task_get_source_object (task);
  StoreData *data = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;

  if (secret_password_store_finish (result, &error))
    {
      /* The keyring has it: no copy stays in memory. */
      g_hash_table_remove (self->in_memory, data->account_id);
      g_task_return_boolean (task, TRUE);
      return;
    }

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  fall_back (self, error);
  g_hash_table_replace (self->in_memory, g_strdup (data->account_id), g_strdup (data->token));
  g_task_return_boolean (task, TRUE);
}

/**
 * pw_token_keeper_store_async:
 * @account_id: the account's id
 * @account_name: its name, for the keyring's label
 * @token: the access token
 *
 * Keeps @token in the keyring, or in memory when there is no keyring (see
 * pw_token_keeper_get_persistent()).
 */
void
pw_token_keeper_store_async (PwTokenKeeper       *self,
                             const char          *account_id,
                             const char          *account_name,
                             const char          *token,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autofree char *label = NULL;
  StoreData *data;
  GTask *task;

  g_return_if_fail (PW_IS_TOKEN_KEEPER (self));
  g_return_if_fail (account_id != NULL && account_name != NULL && token != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pw_token_keeper_store_async);
  data = g_new0 (StoreData, 1);
  data->account_id = g_strdup (account_id);
  data->token = g_strdup (token);
  g_task_set_task_data (task, data, (GDestroyNotify) store_data_free);

  /* Translators: the keyring's name for a token; %s is the account's name */
  label = g_strdup_printf (_("Piecework token for %s"), account_name);
  secret_password_store (token_schema (), SECRET_COLLECTION_DEFAULT, label, token, cancellable,
                         on_stored, task, "account", account_id, NULL);
}

gboolean
pw_token_keeper_store_finish (PwTokenKeeper  *self,
                              GAsyncResult   *result,
                              GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
on_looked_up (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  g_autoptr (GError) error = NULL;
  char *token = secret_password_lookup_finish (result, &error);

  if (error != NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_task_return_error (task, g_steal_pointer (&error));
  else if (error != NULL)
    {
      /* No keyring: nothing could have been kept there. */
      g_debug ("No token in the keyring: %s", error->message);
      g_task_return_pointer (task, NULL, NULL);
    }
  else
    g_task_return_pointer (task, token, (GDestroyNotify) secret_password_free);
}

/**
 * pw_token_keeper_lookup_async:
 * @account_id: the account's id
 *
 * Finds the account's token, in memory or in the keyring.
 */
void
pw_token_keeper_lookup_async (PwTokenKeeper       *self,
                              const char          *account_id,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  GTask *task;
  const char *in_memory;

  g_return_if_fail (PW_IS_TOKEN_KEEPER (self));
  g_return_if_fail (account_id != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pw_token_keeper_lookup_async);

  in_memory = g_hash_table_lookup (self->in_memory, account_id);
  if (in_memory != NULL)
    {
      g_task_return_pointer (task, g_strdup (in_memory), g_free);
      g_object_unref (task);
      return;
    }

  secret_password_lookup (token_schema (), cancellable, on_looked_up, task,
                          "account", account_id, NULL);
}

/**
 * pw_token_keeper_lookup_finish:
 *
 * Returns: (transfer full) (nullable): the token, or %NULL when there is
 *   none (with no error)
 */
char *
pw_token_keeper_lookup_finish (PwTokenKeeper  *self,
                               GAsyncResult   *result,
                               GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
on_cleared (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  g_autoptr (GError) error = NULL;

  secret_password_clear_finish (result, &error);
  if (error != NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * pw_token_keeper_clear_async:
 * @account_id: the account's id
 *
 * Forgets the account's token, as when the account is removed.
 */
void
pw_token_keeper_clear_async (PwTokenKeeper       *self,
                             const char          *account_id,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (PW_IS_TOKEN_KEEPER (self));
  g_return_if_fail (account_id != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pw_token_keeper_clear_async);
  g_hash_table_remove (self->in_memory, account_id);
  secret_password_clear (token_schema (), cancellable, on_cleared, task,
                         "account", account_id, NULL);
}

gboolean
pw_token_keeper_clear_finish (PwTokenKeeper  *self,
                              GAsyncResult   *result,
                              GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
pw_token_keeper_finalize (GObject *object)
{
  PwTokenKeeper *self = PW_TOKEN_KEEPER (object);

  g_hash_table_unref (self->in_memory);
  g_free (self->fallback_reason);

  G_OBJECT_CLASS (pw_token_keeper_parent_class)->finalize (object);
}

static void
pw_token_keeper_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  PwTokenKeeper *self = PW_TOKEN_KEEPER (object);

  switch (prop_id)
    {
    case PROP_PERSISTENT:
      g_value_set_boolean (value, pw_token_keeper_get_persistent (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pw_token_keeper_class_init (PwTokenKeeperClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = pw_token_keeper_finalize;
  object_class->get_property = pw_token_keeper_get_property;

  properties[PROP_PERSISTENT] =
    g_param_spec_boolean ("persistent", NULL, NULL, TRUE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pw_token_keeper_init (PwTokenKeeper *self)
{
  self->in_memory = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}
