/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n-lib.h>

#include "pw-connector.h"

G_DEFINE_INTERFACE (PwConnector, pw_connector, G_TYPE_OBJECT)

static void
pw_connector_default_init (PwConnectorInterface *iface)
{
}

static const struct
{
  PwAccountKind kind;
  const char   *name;
  const char   *title;
} kinds[] = {
  { PW_ACCOUNT_KIND_PIECEWORK, "piecework", N_("Piecework marketplace") },
  { PW_ACCOUNT_KIND_CVAT, "cvat", N_("CVAT") },
  { PW_ACCOUNT_KIND_LABEL_STUDIO, "label-studio", N_("Label Studio") },
};

/**
 * pw_account_kind_to_string:
 * @kind: a #PwAccountKind
 *
 * Returns: (transfer none): the name the store and the command line use
 */
const char *
pw_account_kind_to_string (PwAccountKind kind)
{
  for (gsize i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (kinds[i].kind == kind)
      return kinds[i].name;
  g_return_val_if_reached ("piecework");
}

/**
 * pw_account_kind_from_string:
 * @text: a name from pw_account_kind_to_string()
 * @kind: (out): where the kind goes
 *
 * Returns: %FALSE where @text names no kind
 */
gboolean
pw_account_kind_from_string (const char    *text,
                             PwAccountKind *kind)
{
  for (gsize i = 0; text != NULL && i < G_N_ELEMENTS (kinds); i++)
    if (g_str_equal (kinds[i].name, text))
      {
        *kind = kinds[i].kind;
        return TRUE;
      }
  return FALSE;
}

/**
 * pw_account_kind_get_title:
 * @kind: a #PwAccountKind
 *
 * Returns: (transfer none): the kind's name as the worker reads it,
 *   translated
 */
const char *
pw_account_kind_get_title (PwAccountKind kind)
{
  for (gsize i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (kinds[i].kind == kind)
      return _(kinds[i].title);
  g_return_val_if_reached ("");
}

PwAccountKind
pw_connector_get_kind (PwConnector *self)
{
  g_return_val_if_fail (PW_IS_CONNECTOR (self), PW_ACCOUNT_KIND_PIECEWORK);
  return PW_CONNECTOR_GET_IFACE (self)->get_kind (self);
}

const char         *
pw_connector_get_base_url (PwConnector *self)
{
  g_return_val_if_fail (PW_IS_CONNECTOR (self), NULL);
  return PW_CONNECTOR_GET_IFACE (self)->get_base_url (self);
}

void
pw_connector_set_token (PwConnector *self,
                        const char  *token)
{
  g_return_if_fail (PW_IS_CONNECTOR (self));
  PW_CONNECTOR_GET_IFACE (self)->set_token (self, token);
}

void
pw_connector_get_me_async (PwConnector         *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback callback,
                           gpointer            user_data)
{
  g_return_if_fail (PW_IS_CONNECTOR (self));
  PW_CONNECTOR_GET_IFACE (self)->get_me_async (self, cancellable, callback, user_data);
}

PwMarketMe *
pw_connector_get_me_finish (PwConnector  *self,
                            GAsyncResult *result,
                            GError       **error)
{
  g_return_val_if_fail (PW_IS_CONNECTOR (self), NULL);
  return PW_CONNECTOR_GET_IFACE (self)->get_me_finish (self, result, error);
}

void
pw_connector_list_projects_async (PwConnector         *self,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback callback,
                                  gpointer            user_data)
{
  g_return_if_fail (PW_IS_CONNECTOR (self));
  PW_CONNECTOR_GET_IFACE (self)->list_projects_async (self, cancellable, callback, user_data);
}

GPtrArray *
pw_connector_list_projects_finish (PwConnector  *self,
                                   GAsyncResult *result,
                                   GError       **error)
{
  g_return_val_if_fail (PW_IS_CONNECTOR (self), NULL);
  return PW_CONNECTOR_GET_IFACE (self)->list_projects_finish (self, result, error);
}

void
pw_connector_claim_async (PwConnector         *self,
                          const char          *project_id,
                          guint               count,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback callback,
                          gpointer            user_data)
{
  g_return_if_fail (PW_IS_CONNECTOR (self));
  PW_CONNECTOR_GET_IFACE (self)->claim_async (self, project_id, count, cancellable, callback, user_data);
}

PwClaim *
pw_connector_claim_finish (PwConnector  *self,
                           GAsyncResult *result,
                           GError       **error)
{
  g_return_val_if_fail (PW_IS_CONNECTOR (self), NULL);
  return PW_CONNECTOR_GET_IFACE (self)->claim_finish (self, result, error);
}

void
pw_connector_release_async (PwConnector         *self,
                            const char          *claim_id,
                            const char *const   *task_ids,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback callback,
                            gpointer            user_data)
{
  g_return_if_fail (PW_IS_CONNECTOR (self));
  PW_CONNECTOR_GET_IFACE (self)->release_async (self, claim_id, task_ids, cancellable, callback, user_data);
}

gboolean
pw_connector_release_finish (PwConnector  *self,
                             GAsyncResult *result,
                             guint        *n_released,
                             GError       **error)
{
  g_return_val_if_fail (PW_IS_CONNECTOR (self), FALSE);
  return PW_CONNECTOR_GET_IFACE (self)->release_finish (self, result, n_released, error);
}

void
pw_connector_submit_async (PwConnector         *self,
                           const char          *task_id,
                           const char          *idempotency_key,
                           const char          *body,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback callback,
                           gpointer            user_data)
{
  g_return_if_fail (PW_IS_CONNECTOR (self));
  PW_CONNECTOR_GET_IFACE (self)->submit_async (self, task_id, idempotency_key, body, cancellable, callback, user_data);
}

PwSubmissionResult *
pw_connector_submit_finish (PwConnector  *self,
                            GAsyncResult *result,
                            GError       **error)
{
  g_return_val_if_fail (PW_IS_CONNECTOR (self), NULL);
  return PW_CONNECTOR_GET_IFACE (self)->submit_finish (self, result, error);
}

void
pw_connector_statement_async (PwConnector         *self,
                              const char          *after,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback callback,
                              gpointer            user_data)
{
  g_return_if_fail (PW_IS_CONNECTOR (self));
  PW_CONNECTOR_GET_IFACE (self)->statement_async (self, after, cancellable, callback, user_data);
}

PwStatementPage *
pw_connector_statement_finish (PwConnector  *self,
                               GAsyncResult *result,
                               GError       **error)
{
  g_return_val_if_fail (PW_IS_CONNECTOR (self), NULL);
  return PW_CONNECTOR_GET_IFACE (self)->statement_finish (self, result, error);
}

void
pw_connector_fetch_media_async (PwConnector          *self,
                                PwMedia              *media,
                                GFile                *cache_dir,
                                PwMarketProgressFunc progress,
                                gpointer             progress_data,
                                GCancellable         *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_return_if_fail (PW_IS_CONNECTOR (self));
  PW_CONNECTOR_GET_IFACE (self)->fetch_media_async (self, media, cache_dir, progress, progress_data, cancellable, callback, user_data);
}

GFile *
pw_connector_fetch_media_finish (PwConnector  *self,
                                 GAsyncResult *result,
                                 GError       **error)
{
  g_return_val_if_fail (PW_IS_CONNECTOR (self), NULL);
  return PW_CONNECTOR_GET_IFACE (self)->fetch_media_finish (self, result, error);
}
